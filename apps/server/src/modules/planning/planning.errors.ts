import { defineErrors, t, type CodesOf } from '../../lib/errors.ts';

/** Error codes of the planning module: each names the field and the rule, in zh-CN and English. */
export const PlanningErrors = defineErrors({
  PLANNING_AREA_NOT_FOUND: t(
    (p) => `评估片区 ${String(p.code)} 不存在或不在您的管辖范围内`,
    (p) => `Assessment area ${String(p.code)} not found (or outside your jurisdiction)`,
  ),
  PLANNING_RUN_NOT_FOUND: t('分配计算任务不存在或不在您的管辖范围内', 'Allocation run not found (or outside your jurisdiction)'),
  PLANNING_RUN_ENDED: t(
    (p) => `分配计算任务已结束（状态 ${String(p.status)}），无法取消`,
    (p) => `The allocation run has already ended (status ${String(p.status)}) and cannot be cancelled`,
  ),
  PLANNING_RUN_NOT_SUCCEEDED: t(
    (p) => `分配计算任务 ${String(p.id)} 尚未成功完成（状态 ${String(p.status)}），没有结果`,
    (p) => `Allocation run ${String(p.id)} has not succeeded (status ${String(p.status)}): it has no results`,
  ),
  PLANNING_WORK_UNKNOWN: t(
    (p) => `removeWorkIds[${String(p.index)}]：工程 ${String(p.id)} 不存在或不在您的管辖范围内`,
    (p) => `removeWorkIds[${String(p.index)}]: work ${String(p.id)} not found (or outside your jurisdiction)`,
  ),
  PLANNING_SHELTER_OUTSIDE: t(
    (p) => `addShelters[${String(p.index)}].location：位置不在您管辖范围内的任何区县边界内`,
    (p) => `addShelters[${String(p.index)}].location: the point lies inside no district boundary of your jurisdiction`,
  ),
  PLANNING_NO_RULE_IN_FORCE: t(
    (p) => `date：${String(p.date)} 在区划 ${String(p.regionCode)} 没有生效的结建规则`,
    (p) => `date: no building rule is in force in region ${String(p.regionCode)} on ${String(p.date)}`,
  ),
  PLANNING_COMPARE_SAME_RUN: t('b：请选择两个不同的计算任务进行比较', 'b: choose two different runs to compare'),
  PLANNING_AREAS_INVALID: t(
    (p) => `文件 file：${String(p.count)} 处错误，未导入任何片区；第一处 ${String(p.at)}：${String(p.zh)}`,
    (p) => `file: ${String(p.count)} errors, no area imported; the first at ${String(p.at)}: ${String(p.en)}`,
  ),
  PLANNING_AREA_SET_NOT_FOUND: t(
    (p) => `set：片区集「${String(p.set)}」不存在或不在您的管辖范围内`,
    (p) => `set: area set "${String(p.set)}" not found (or outside your jurisdiction)`,
  ),
});

declare module '../../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the planning codes to the closed union
  interface ErrorCatalogue extends CodesOf<typeof PlanningErrors> {}
}
