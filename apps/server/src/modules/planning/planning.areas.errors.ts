import { defineErrors, t, type CodesOf } from '../../lib/errors.ts';

const s = (v: unknown) => String(v);

/** Error codes of the assessment areas (防护片区): each names the field and the rule, in zh-CN and English. */
export const PlanningAreasErrors = defineErrors({
  PLANNING_AREAS_INVALID: t(
    (p) => `文件 file：${s(p.count)} 处错误，未导入任何片区；第一处 ${s(p.at)}：${s(p.zh)}`,
    (p) => `file: ${s(p.count)} errors, no area imported; the first at ${s(p.at)}: ${s(p.en)}`,
  ),
  PLANNING_AREA_SET_NOT_FOUND: t(
    (p) => `set：片区集「${s(p.set)}」不存在或不在您的管辖范围内`,
    (p) => `set: area set "${s(p.set)}" not found (or outside your jurisdiction)`,
  ),
});

declare module '../../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the assessment-area codes to the closed union
  interface ErrorCatalogue extends CodesOf<typeof PlanningAreasErrors> {}
}
