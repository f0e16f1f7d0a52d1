import { defineErrors, t, type CodesOf } from '../../lib/errors.ts';

const s = (v: unknown) => String(v);

/** Error codes of the regions module (zh-CN and English, each naming the field or the rule). */
export const RegionsErrors = defineErrors({
  REGIONS_TOWN_OUTLINES_INVALID: t(
    (p) => `文件 file：${s(p.count)} 处问题，未导入任何乡镇边界；第一处 ${s(p.at)}：${s(p.zh)}`,
    (p) => `file: ${s(p.count)} problems, no town outline imported; the first at ${s(p.at)}: ${s(p.en)}`,
  ),
  REGIONS_TOWN_OUTLINES_STALE: t(
    '预览 preview：预览之后边界已有变化或文件不同，请重新预览后再导入',
    'preview: the outlines changed since the preview, or this is another file; preview again before importing',
  ),
});

declare module '../../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the regions codes to the closed union
  interface ErrorCatalogue extends CodesOf<typeof RegionsErrors> {}
}
