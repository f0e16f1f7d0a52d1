import { defineErrors, t, type CodesOf } from '../../lib/errors.ts';

const s = String;

/** Error codes of the zoning module (building rules, parcels, the pooling ledger): each names the field and the rule. */
export const ZoningErrors = defineErrors({
  ZONING_REGION_OUT_OF_SCOPE: t(
    (p) => `${s(p.field)}：区划 ${s(p.regionCode)} 不在您的管辖范围内`,
    (p) => `${s(p.field)}: region ${s(p.regionCode)} is outside your jurisdiction`,
  ),
  ZONING_REGION_UNKNOWN: t((p) => `${s(p.field)}：区划代码 ${s(p.regionCode)} 不存在`, (p) => `${s(p.field)}: region code ${s(p.regionCode)} does not exist`),
  ZONING_RULE_OVERLAP: t(
    (p) => `validFrom：区划 ${s(p.regionCode)} 的结建规则版本 ${s(p.conflict)}（${s(p.from)} 至 ${s(p.to)}）与新版本的生效期 ${s(p.newFrom)} 至 ${s(p.newTo)} 重叠；同一辖区的版本生效期不得重叠`,
    (p) => `validFrom: version ${s(p.conflict)} of region ${s(p.regionCode)}'s building rule (${s(p.from)} to ${s(p.to)}) overlaps the new version's ${s(p.newFrom)} to ${s(p.newTo)}; versions of one jurisdiction may not overlap`,
  ),
  ZONING_RULE_DATES: t(
    (p) => `validTo：失效日期 ${s(p.to)} 早于生效日期 ${s(p.from)}`,
    (p) => `validTo: the last day ${s(p.to)} is before the first day ${s(p.from)}`,
  ),
  ZONING_RULE_REDUCTION_DUPLICATE: t(
    (p) => `reductions：减免代码 ${s(p.code)} 重复`,
    (p) => `reductions: reduction code ${s(p.code)} appears twice`,
  ),
  ZONING_NO_RULE_IN_FORCE: t(
    (p) => `date：${s(p.date)} 在区划 ${s(p.regionCode)} 没有生效的结建规则`,
    (p) => `date: no building rule is in force in region ${s(p.regionCode)} on ${s(p.date)}`,
  ),
  ZONING_PARCEL_UNKNOWN: t(
    (p) => `${s(p.field)}：地块 ${s(p.id)} 不存在或不在您的管辖范围内`,
    (p) => `${s(p.field)}: parcel ${s(p.id)} not found (or outside your jurisdiction)`,
  ),
  ZONING_PARCEL_CODE_TAKEN: t((p) => `code：地块编号 ${s(p.code)} 已被使用`, (p) => `code: parcel code ${s(p.code)} is already used`),
  ZONING_POOLING_NOT_ALLOWED: t(
    (p) => `parcelId：地块 ${s(p.code)} 的控规指标不允许易地统筹`,
    (p) => `parcelId: the 控规 indicators of parcel ${s(p.code)} do not allow pooling (易地统筹)`,
  ),
  ZONING_POOLING_EXCEEDS: t(
    (p) => `areaM2：地块 ${s(p.code)} 应建人防面积 ${s(p.required)} m²，已统筹 ${s(p.pooled)} m²，本次最多 ${s(p.max)} m²`,
    (p) => `areaM2: parcel ${s(p.code)} must provide ${s(p.required)} m², ${s(p.pooled)} m² already pooled: at most ${s(p.max)} m² more`,
  ),
  ZONING_WORK_UNKNOWN: t(
    (p) => `workId：工程 ${s(p.id)} 不存在或不在您的管辖范围内`,
    (p) => `workId: work ${s(p.id)} not found (or outside your jurisdiction)`,
  ),
  ZONING_IMPORT_UNREADABLE: t((p) => `文件 file：${s(p.zh)}`, (p) => `file: ${s(p.en)}`),
  ZONING_IMPORT_INVALID: t(
    (p) => `文件 file：${s(p.count)} 处错误，未导入任何地块；第一处 ${s(p.at)}：${s(p.zh)}`,
    (p) => `file: ${s(p.count)} errors, no parcel imported; the first at ${s(p.at)}: ${s(p.en)}`,
  ),
});

declare module '../../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the zoning codes to the closed union
  interface ErrorCatalogue extends CodesOf<typeof ZoningErrors> {}
}
