import { defineErrors, t, type CodesOf } from '../../lib/errors.ts';

/** Error codes of the drills module, each naming the field and the rule, in zh-CN and English. */
export const DrillsErrors = defineErrors({
  DRILLS_NOT_FOUND: t(() => '演练不存在', () => 'Drill not found'),
  DRILLS_FINDING_NOT_FOUND: t(() => '问题记录不存在', () => 'Finding not found'),
  DRILLS_REGION_OUT_OF_SCOPE: t(
    (p) => `区划代码 regionCode ${String(p.regionCode)} 不在您的管辖范围内`,
    (p) => `regionCode ${String(p.regionCode)} is outside your jurisdiction`,
  ),
  DRILLS_REGION_UNKNOWN: t((p) => `区划代码 regionCode ${String(p.regionCode)} 不存在`, (p) => `regionCode ${String(p.regionCode)} is not a known region`),
  DRILLS_STATE: t(
    (p) => `演练处于「${String(p.state)}」状态，不能${{ start: '开始', end: '结束', assess: '评估', log: '记录时间线', count: '报数' }[String(p.action)] ?? String(p.action)}`,
    (p) => `The drill is ${String(p.state)}: it cannot ${{ start: 'start', end: 'end', assess: 'be assessed', log: 'take timeline entries', count: 'take counts' }[String(p.action)] ?? String(p.action)}`,
  ),
  DRILLS_PLAN_UNKNOWN: t((p) => `预案 planId ${String(p.planId)} 不存在或不在管辖范围内`, (p) => `planId ${String(p.planId)} does not exist or is outside your jurisdiction`),
  DRILLS_TARGET_UNKNOWN: t(
    (p) => `重要经济目标 keyTargetId ${String(p.keyTargetId)} 不存在或不在管辖范围内`,
    (p) => `keyTargetId ${String(p.keyTargetId)} does not exist or is outside your jurisdiction`,
  ),
  DRILLS_CRITERIA_MISMATCH: t(
    (p) => `评分 scores 须与演练的 ${String(p.expected)} 项评估标准一一对应（收到 ${String(p.got)} 项）`,
    (p) => `scores must give one score for each of the drill's ${String(p.expected)} criteria (got ${String(p.got)})`,
  ),
  DRILLS_SCORE_RANGE: t(
    (p) => `scores[${String(p.index)}] 须在 0 到该标准满分 ${String(p.maxScore)} 之间`,
    (p) => `scores[${String(p.index)}] must be between 0 and the criterion's maximum ${String(p.maxScore)}`,
  ),
  DRILLS_FINDING_DONE: t(() => '整改事项已完成', () => 'The follow-up action is already done'),
  DRILLS_REF_UNKNOWN: t(
    (p) => `${String(p.field)}：${p.kind === 'unit' ? '成员单位' : '队伍'} #${String(p.refId)} 不存在或不在您的管辖范围内`,
    (p) => `${String(p.field)}: ${p.kind === 'unit' ? 'member unit' : 'team'} #${String(p.refId)} does not exist or is outside your jurisdiction`,
  ),
  DRILLS_VERSION_CONFLICT: t(
    (p) => `版本 version ${String(p.sent)} 已过期：该演练已被修改或已开始（当前版本 ${String(p.current)}），请刷新后再改`,
    (p) => `version ${String(p.sent)} is stale: the drill was changed or moved on (now version ${String(p.current)}); reload and edit again`,
  ),
  DRILLS_FIELD_LOCKED: t(
    (p) => `演练已开始（状态「${String(p.state)}」），${String(p.field)} 不能再修改：时间线与评估按开始时的内容记录；开始后只能修改标题 title 和参演力量 participants`,
    (p) => `The drill has started (${String(p.state)}): ${String(p.field)} can no longer change, as the timeline and the assessment were kept against it; after the start only title and participants may change`,
  ),
  DRILLS_IN_USE: t(
    (p) => p.state !== 'planned'
      ? `演练已开始（状态「${String(p.state)}」），时间线等记录须保留，不能删除`
      : `演练已有 ${String(p.findings)} 条问题整改记录（findings），不能删除`,
    (p) => p.state !== 'planned'
      ? `The drill has started (${String(p.state)}): its timeline and other records are kept, so it cannot be deleted`
      : `The drill has ${String(p.findings)} finding(s) recorded (findings): it cannot be deleted`,
  ),
});

declare module '../../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the drills codes to the closed union
  interface ErrorCatalogue extends CodesOf<typeof DrillsErrors> {}
}
