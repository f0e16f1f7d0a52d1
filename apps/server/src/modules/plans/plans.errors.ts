import { defineErrors, t, type CodesOf } from '../../lib/errors.ts';

/** Error codes of the plans module, each naming the field and the rule, in zh-CN and English. */
export const PlansErrors = defineErrors({
  PLANS_NOT_FOUND: t(() => '预案不存在', () => 'Plan not found'),
  PLANS_REVISION_NOT_FOUND: t((p) => `预案第 ${String(p.revision)} 版不存在`, (p) => `Revision ${String(p.revision)} of the plan does not exist`),
  PLANS_REGION_OUT_OF_SCOPE: t(
    (p) => `区划代码 regionCode ${String(p.regionCode)} 不在您的管辖范围内`,
    (p) => `regionCode ${String(p.regionCode)} is outside your jurisdiction`,
  ),
  PLANS_REGION_UNKNOWN: t((p) => `区划代码 regionCode ${String(p.regionCode)} 不存在`, (p) => `regionCode ${String(p.regionCode)} is not a known region`),
  PLANS_REVISION_STATE: t(
    (p) => `第 ${String(p.revision)} 版处于「${String(p.state)}」状态，不能${{ submit: '提交审批', approve: '批准', return: '退回', edit: '修改', file: '更换附件' }[String(p.action)] ?? String(p.action)}`,
    (p) => `Revision ${String(p.revision)} is ${String(p.state)}: it cannot be ${{ submit: 'submitted', approve: 'approved', return: 'returned', edit: 'edited', file: 'given a new file' }[String(p.action)] ?? String(p.action)}`,
  ),
  PLANS_OPEN_REVISION_EXISTS: t(
    (p) => `预案已有未批准的第 ${String(p.revision)} 版：请先完成它的审批，再起草新版`,
    (p) => `The plan already has an unapproved revision ${String(p.revision)}: finish its approval before drafting another`,
  ),
  PLANS_OWN_REVISION: t(
    (p) => `第 ${String(p.revision)} 版由您起草，审批人不能是起草人（approver ≠ author）`,
    (p) => `You wrote revision ${String(p.revision)}: the approver must be someone other than the author`,
  ),
  PLANS_FILE_INVALID: t(
    (p) => `附件 contentBase64 不是有效的 Base64，或解码后为空或超过 ${String(p.limitMb)} MB`,
    (p) => `contentBase64 is not valid Base64, or it decodes to nothing or to more than ${String(p.limitMb)} MB`,
  ),
  PLANS_NO_FILE: t((p) => `第 ${String(p.revision)} 版没有附件`, (p) => `Revision ${String(p.revision)} has no attached file`),
  PLANS_REF_UNKNOWN: t(
    (p) => `${String(p.field)}：${p.kind === 'unit' ? '成员单位' : '队伍'} #${String(p.refId)} 不存在或不在您的管辖范围内`,
    (p) => `${String(p.field)}: ${p.kind === 'unit' ? 'member unit' : 'team'} #${String(p.refId)} does not exist or is outside your jurisdiction`,
  ),
  PLANS_DIFF_SAME: t(() => '比较的两个版本 from 与 to 相同', () => 'from and to name the same revision'),
});

declare module '../../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the plans codes to the closed union
  interface ErrorCatalogue extends CodesOf<typeof PlansErrors> {}
}
