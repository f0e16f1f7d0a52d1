import { defineErrors, t, type CodesOf } from '../../lib/errors.ts';

const s = (v: unknown) => String(v);

/** Error codes of the population module: each names the field and the rule, in zh-CN and English. */
export const PopulationErrors = defineErrors({
  POPULATION_IMPORT_UNREADABLE: t((p) => `文件 file：${s(p.zh)}`, (p) => `file: ${s(p.en)}`),
  POPULATION_IMPORT_INVALID: t(
    (p) => `文件 file：${s(p.count)} 处错误，未导入任何人口数据；第一处 ${s(p.at)}：${s(p.zh)}`,
    (p) => `file: ${s(p.count)} errors, no population imported; the first at ${s(p.at)}: ${s(p.en)}`,
  ),
  POPULATION_IMPORT_EMPTY: t('文件 file：没有任何人口记录，导入会清空该片区的人口', 'file: no population record; importing it would empty the area'),
  POPULATION_AREA_NOT_FOUND: t(
    (p) => `area：片区 ${s(p.code)} 不存在或不在您的管辖范围内`,
    (p) => `area: area ${s(p.code)} not found (or outside your jurisdiction)`,
  ),
  POPULATION_FORMAT_UNSUPPORTED: t(
    'Content-Type：请以 XLSX、text/csv 或 application/geo+json 上传文件',
    'Content-Type: upload the file as XLSX, text/csv or application/geo+json',
  ),
});

declare module '../../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the population codes to the closed union
  interface ErrorCatalogue extends CodesOf<typeof PopulationErrors> {}
}
