import { defineErrors, t, type CodesOf } from '../../lib/errors.ts';

/** Error codes of the regulation module, each naming the field and the rule, in zh-CN and English. */
export const RegulationErrors = defineErrors({
  REGULATION_USCC_INVALID: t(
    (p) => `统一社会信用代码 uscc ${String(p.uscc)} 无效：${{ length: '须为 18 位', character: '含 GB 32100 不允许的字符（仅数字和除 I、O、Z、S、V 外的大写字母）', region: '第 3–8 位须为行政区划代码', checksum: '校验码（第 18 位）不符' }[String(p.problem)] ?? String(p.problem)}`,
    (p) => `uscc ${String(p.uscc)} is not a valid unified social credit code: ${{ length: 'it must be 18 characters', character: 'it holds a character GB 32100 does not allow (digits and capitals except I, O, Z, S, V)', region: 'positions 3–8 must be a region code', checksum: 'the check character (position 18) does not match' }[String(p.problem)] ?? String(p.problem)}`,
  ),
  REGULATION_USCC_TAKEN: t(
    (p) => `统一社会信用代码 uscc ${String(p.uscc)} 已登记`,
    (p) => `uscc ${String(p.uscc)} is already registered`,
  ),
  REGULATION_CERT_TAKEN: t(
    (p) => `执法证号 certNo ${String(p.certNo)} 已登记`,
    (p) => `certNo ${String(p.certNo)} is already registered`,
  ),
  REGULATION_REGION_OUT_OF_SCOPE: t(
    (p) => `区划代码 regionCode ${String(p.regionCode)} 不在您的管辖范围内`,
    (p) => `regionCode ${String(p.regionCode)} is outside your jurisdiction`,
  ),
  REGULATION_REGION_UNKNOWN: t(
    (p) => `区划代码 regionCode ${String(p.regionCode)} 不存在`,
    (p) => `regionCode ${String(p.regionCode)} is not a known region`,
  ),
  REGULATION_TASK_NOT_FOUND: t(() => '抽查任务不存在', () => 'Inspection task not found'),
  REGULATION_CONFLICT_UNKNOWN: t(
    (p) => `回避关系 conflicts[${String(p.index)}]：${p.what === 'officer' ? '执法人员' : '企业'} ${String(p.id)} 不存在或不在管辖范围内`,
    (p) => `conflicts[${String(p.index)}]: ${p.what === 'officer' ? 'officer' : 'enterprise'} ${String(p.id)} does not exist or is outside your jurisdiction`,
  ),
  REGULATION_TASK_STATE: t(
    (p) => `抽查任务处于「${String(p.status)}」状态，不能${{ commit: '提交承诺', draw: '抽取（每个任务只能抽取一次，重新抽取须另建任务并留痕）', publish: '公示', result: '登记检查结果' }[String(p.action)] ?? String(p.action)}`,
    (p) => `The inspection task is ${String(p.status)}: it cannot be ${{ commit: 'committed', draw: 'drawn (a task is drawn once; a new draw needs a new, recorded task)', publish: 'published', result: 'given results' }[String(p.action)] ?? String(p.action)}`,
  ),
  REGULATION_POOL_TOO_SMALL: t(
    (p) => `${String(p.field)} 为 ${String(p.value)}，但抽取池只有 ${String(p.max)} 个（须为 1 至池的大小）`,
    (p) => `${String(p.field)} is ${String(p.value)} but the pool holds only ${String(p.max)} (it must be between 1 and the pool's size)`,
  ),
  REGULATION_CANDIDATES_SHORT: t(
    (p) => `企业 ${String(p.target)} 排除回避人员后只有 ${String(p.available)} 名执法人员，少于 inspectorsPerTarget ${String(p.needed)}`,
    (p) => `Enterprise ${String(p.target)} has only ${String(p.available)} officers left after conflicts, fewer than inspectorsPerTarget ${String(p.needed)}`,
  ),
  REGULATION_TARGET_NOT_DRAWN: t(
    (p) => `enterpriseId ${String(p.enterpriseId)} 不是本任务抽中的检查对象`,
    (p) => `enterpriseId ${String(p.enterpriseId)} is not a target drawn in this task`,
  ),
  REGULATION_CALENDAR_MISSING: t(
    (p) => `receivedOn ${String(p.receivedOn)}：工作日历缺少 ${String(p.year)} 年的节假日安排，无法计算审批时限`,
    (p) => `receivedOn ${String(p.receivedOn)}: the working-day calendar has no holidays for ${String(p.year)}, so the clock cannot be computed`,
  ),
  REGULATION_ENTERPRISE_UNKNOWN: t(
    (p) => `申请企业 enterpriseId ${String(p.enterpriseId)} 不存在或不在管辖范围内`,
    (p) => `enterpriseId ${String(p.enterpriseId)} does not exist or is outside your jurisdiction`,
  ),
  REGULATION_PROMISE_BEYOND_LIMIT: t(
    (p) => `承诺时限 promisedDays ${String(p.promisedDays)} 个工作日超过法定时限 legalDays ${String(p.legalDays)} 个工作日`,
    (p) => `promisedDays ${String(p.promisedDays)} working days exceeds the legal limit legalDays ${String(p.legalDays)}`,
  ),
  REGULATION_DECIDED_BEFORE_RECEIPT: t(
    (p) => `决定日期 decidedOn ${String(p.decidedOn)} 早于受理日期 ${String(p.receivedOn)}`,
    (p) => `decidedOn ${String(p.decidedOn)} is before the case was received (${String(p.receivedOn)})`,
  ),
  REGULATION_CASE_NOT_FOUND: t(() => '审批案件不存在', () => 'Approval case not found'),
  REGULATION_CASE_DECIDED: t(
    (p) => `审批案件已于 ${String(p.decidedOn)} 作出决定（${String(p.status)}），不能再次决定`,
    (p) => `The approval case was decided on ${String(p.decidedOn)} (${String(p.status)}) and cannot be decided again`,
  ),
});

declare module '../../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the regulation codes to the closed union
  interface ErrorCatalogue extends CodesOf<typeof RegulationErrors> {}
}
