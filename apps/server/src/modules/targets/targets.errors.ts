import { defineErrors, t, type CodesOf } from '../../lib/errors.ts';

/** Error codes of the key targets module, each naming the field and the rule, in zh-CN and English. */
export const TargetsErrors = defineErrors({
  TARGETS_NOT_FOUND: t(() => '重要经济目标不存在', () => 'Key target not found'),
  TARGETS_CODE_TAKEN: t((p) => `目标编号 code ${String(p.code)} 已登记`, (p) => `code ${String(p.code)} is already registered`),
  TARGETS_REGION_OUT_OF_SCOPE: t(
    (p) => `区划代码 regionCode ${String(p.regionCode)} 不在您的管辖范围内`,
    (p) => `regionCode ${String(p.regionCode)} is outside your jurisdiction`,
  ),
  TARGETS_REGION_UNKNOWN: t((p) => `区划代码 regionCode ${String(p.regionCode)} 不存在`, (p) => `regionCode ${String(p.regionCode)} is not a known region`),
  TARGETS_PLAN_UNKNOWN: t(
    (p) => `防护预案 planIds[${String(p.index)}]（${String(p.planId)}）不存在或不在管辖范围内`,
    (p) => `planIds[${String(p.index)}] (${String(p.planId)}) does not exist or is outside your jurisdiction`,
  ),
  TARGETS_FOOTPRINT_INVALID: t(
    (p) => `占地范围 footprint 不是有效的面：${String(p.reason)}`,
    (p) => `footprint is not a valid polygon: ${String(p.reason)}`,
  ),
  TARGETS_TEAM_UNKNOWN: t(
    (p) => `抢修队伍 repairTeam.id：队伍 #${String(p.teamId)} 不存在或不在您的管辖范围内`,
    (p) => `repairTeam.id: team #${String(p.teamId)} does not exist or is outside your jurisdiction`,
  ),
  TARGETS_VERSION_CONFLICT: t(
    (p) => `版本 version ${String(p.sent)} 已过期：该目标已被他人修改（当前版本 ${String(p.current)}），请刷新后再改`,
    (p) => `version ${String(p.sent)} is stale: someone else changed this target (now version ${String(p.current)}); reload and edit again`,
  ),
  TARGETS_GEOMETRY_INVALID: t(
    (p) => `${p.field === 'location' ? '位置 location' : '占地范围 footprint'}：${String(p.zh)}`,
    (p) => `${String(p.field)}: ${String(p.en)}`,
  ),
  TARGETS_IN_USE: t(
    (p) => `该目标有 ${String(p.drills)} 次演练记录引用（drills），不能删除；演练记录须保留`,
    (p) => `${String(p.drills)} drill record(s) refer to this target (drills): it cannot be deleted while they are kept`,
  ),
});

declare module '../../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the targets codes to the closed union
  interface ErrorCatalogue extends CodesOf<typeof TargetsErrors> {}
}
