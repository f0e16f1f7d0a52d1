import { defineErrors, t, type CodesOf } from '../../lib/errors.ts';

/** Error codes of the coverage module: each names the field and the rule, in zh-CN and English. */
export const CoverageErrors = defineErrors({
  COVERAGE_RUN_NOT_FOUND: t(
    (p) => `覆盖率计算任务 ${String(p.id)} 不存在或不在您的管辖范围内`,
    (p) => `Coverage run ${String(p.id)} not found (or outside your jurisdiction)`,
  ),
  COVERAGE_RUN_ENDED: t(
    (p) => `覆盖率计算任务已结束（状态 ${String(p.status)}），无法取消`,
    (p) => `The coverage run has already ended (status ${String(p.status)}) and cannot be cancelled`,
  ),
  COVERAGE_RUN_NOT_SUCCEEDED: t(
    (p) => `${String(p.field)}：覆盖率计算任务 ${String(p.id)} 尚未成功完成（状态 ${String(p.status)}），没有结果`,
    (p) => `${String(p.field)}: coverage run ${String(p.id)} has not succeeded (status ${String(p.status)}): it has no results`,
  ),
  COVERAGE_SIREN_UNKNOWN: t(
    (p) => `${String(p.field)}[${String(p.index)}]：警报器 ${String(p.id)} 不存在或不在您的管辖范围内`,
    (p) => `${String(p.field)}[${String(p.index)}]: siren ${String(p.id)} not found (or outside your jurisdiction)`,
  ),
  COVERAGE_POINT_OUTSIDE: t(
    (p) => `${String(p.field)}[${String(p.index)}]：位置不在您管辖范围内的任何区县边界内`,
    (p) => `${String(p.field)}[${String(p.index)}]: the point lies inside no district boundary of your jurisdiction`,
  ),
  COVERAGE_NO_BOUNDARY: t(
    '您的管辖范围内没有区县边界，无法计算覆盖率（请先加载区划边界）',
    'Your jurisdiction has no district boundary to compute coverage over (load the reference boundaries first)',
  ),
  COVERAGE_GRID_TOO_LARGE: t(
    (p) => `cellM：${String(p.cellM)} 米的网格在您的管辖范围内有 ${String(p.cells)} 个单元，超过上限 ${String(p.max)}，请加大网格`,
    (p) => `cellM: a ${String(p.cellM)} m grid has ${String(p.cells)} cells over your jurisdiction, more than ${String(p.max)}: choose larger cells`,
  ),
  COVERAGE_COMPARE_SAME_RUN: t('b：请选择两个不同的计算任务进行比较', 'b: choose two different runs to compare'),
});

declare module '../../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the coverage codes to the closed union
  interface ErrorCatalogue extends CodesOf<typeof CoverageErrors> {}
}
