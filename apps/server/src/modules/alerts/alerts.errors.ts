import { defineErrors, t, type CodesOf } from '../../lib/errors.ts';

const s = (v: unknown) => String(v);

/** Error codes of the alerts module (zh-CN and English, each naming the field or the rule). */
export const AlertsErrors = defineErrors({
  ALERTS_NOT_FOUND: t('警报不存在或不在您的管辖范围内', 'Alert not found, or outside your jurisdiction'),
  ALERTS_AREA_EMPTY: t('区域 area：须至少指定一个区划、警报器分组或自绘区域', 'area: name at least one region, siren group or drawn area'),
  ALERTS_AREA_POLYGON: t(
    (p) => `自绘区域 area.polygon：${s(p.zh)}`,
    (p) => `area.polygon: ${s(p.en)}`,
  ),
  ALERTS_AREA_UNKNOWN: t(
    (p) => `区域 ${s(p.field)}：${s(p.value)} 不存在或不在您的管辖范围内`,
    (p) => `${s(p.field)}: ${s(p.value)} does not exist or is outside your jurisdiction`,
  ),
  ALERTS_SAME_PERSON: t(
    '双人确认：确认人不能是起草人，须由另一位有发布权限的值班员确认',
    'Two-person rule: the officer who drafted the alert cannot confirm it; another officer with alerts:issue must',
  ),
  ALERTS_WRONG_STATE: t(
    (p) => `状态 state：警报当前为「${s(p.stateZh)}」，不能${s(p.actionZh)}`,
    (p) => `state: the alert is ${s(p.state)}, so it cannot be ${s(p.action)}`,
  ),
  ALERTS_VERSION_CONFLICT: t(
    (p) => `版本 version：警报已被他人处理（当前版本 ${s(p.current)}，提交版本 ${s(p.sent)}），请刷新`,
    (p) => `version: someone else acted on the alert (now ${s(p.current)}, you sent ${s(p.sent)}); reload`,
  ),
  ALERTS_MESSAGE_NOT_FOUND: t('CAP 消息不存在', 'CAP message not found'),
  ALERTS_FOLLOW_UP_PENDING: t(
    (p) => `后续操作：${s(p.requestedBy)} 申请的「${s(p.kindZh)}」尚待确认，请先确认或撤回`,
    (p) => `follow-up: ${s(p.requestedBy)}'s ${s(p.kind)} is still awaiting confirmation; confirm or withdraw it first`,
  ),
  ALERTS_NO_FOLLOW_UP: t('后续操作：该警报没有待确认的解除、撤销或更新申请', 'follow-up: nothing (all-clear, cancel or update) is awaiting confirmation for this alert'),
  ALERTS_SAME_PERSON_FOLLOW_UP: t(
    (p) => `双人确认：「${s(p.kindZh)}」由您申请，须由另一位有发布权限的值班员确认`,
    (p) => `Two-person rule: you requested this ${s(p.kind)}, so another officer with alerts:issue must confirm it`,
  ),
  ALERTS_REASON_REQUIRED: t('撤销原因 reason：撤销已发布的警报须说明原因（将公开发布）', 'reason: cancelling an issued alert needs a reason (it is published)'),
  ALERTS_UPDATE_EMPTY: t(
    '更新内容：headline、messageZh、messageEn、instructionZh 须至少有一项与现在不同',
    'update: at least one of headline, messageZh, messageEn, instructionZh must differ from the alert as it stands',
  ),
});

declare module '../../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the alerts codes to the closed union
  interface ErrorCatalogue extends CodesOf<typeof AlertsErrors> {}
}
