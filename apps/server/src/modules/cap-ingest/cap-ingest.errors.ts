import { defineErrors, t, type CodesOf } from '../../lib/errors.ts';

const s = (v: unknown) => String(v);

/** Error codes of CAP ingest (zh-CN and English, each naming the field or the rule). */
export const CapIngestErrors = defineErrors({
  CAP_INGEST_KEY_INVALID: t(
    '接入密钥 x-cap-key：缺少、错误或来源已停用',
    'x-cap-key: missing, wrong, or the source is no longer active',
  ),
  CAP_INGEST_INVALID: t(
    (p) => `CAP 文档 ${s(p.field)}：${s(p.ruleZh)}；文档未保存`,
    (p) => `CAP document ${s(p.field)}: ${s(p.ruleEn)}; nothing was stored`,
  ),
  CAP_INGEST_SOURCE_NOT_FOUND: t('CAP 来源不存在或不在您的管辖范围内', 'CAP source not found, or outside your jurisdiction'),
  CAP_INGEST_SOURCE_EMPTY: t(
    '来源：须至少启用推送密钥 push 或填写订阅地址 feedUrl 之一',
    'source: enable push (an API key) or give a feedUrl, or both',
  ),
  CAP_INGEST_NO_FEED: t('订阅地址 feedUrl：该来源没有可轮询的订阅地址', 'feedUrl: this source has no feed to poll'),
  CAP_INGEST_REGION_OUTSIDE: t(
    (p) => `区划 regionCode：${s(p.regionCode)} 不存在或不在您的管辖范围内`,
    (p) => `regionCode: ${s(p.regionCode)} does not exist or is outside your jurisdiction`,
  ),
  CAP_INGEST_VERSION_CONFLICT: t(
    (p) => `版本 version：来源已被他人修改（当前 ${s(p.current)}，提交 ${s(p.sent)}），请刷新`,
    (p) => `version: the source was changed meanwhile (now ${s(p.current)}, you sent ${s(p.sent)}); reload`,
  ),
  CAP_INGEST_INCOMING_NOT_FOUND: t('收到的 CAP 消息不存在或不在您的管辖范围内', 'Incoming CAP message not found, or outside your jurisdiction'),
  CAP_INGEST_ALREADY_RELAYED: t(
    (p) => `转发：该消息已由 ${s(p.by)} 转发为警报 #${s(p.alertId)}`,
    (p) => `relay: this message was already relayed by ${s(p.by)} as alert #${s(p.alertId)}`,
  ),
  CAP_INGEST_NOT_RELAYABLE: t(
    (p) => `转发：状态 ${s(p.status)}、类型 ${s(p.msgType)} 的消息不能转发给警报器（只转发 Actual/Exercise/Test 的 Alert 或 Update）`,
    (p) => `relay: a ${s(p.status)} ${s(p.msgType)} cannot go to the sirens (only Actual, Exercise or Test Alerts and Updates)`,
  ),
  CAP_INGEST_AREA_REQUIRED: t(
    '区域 area：消息中没有本辖区的行政区划代码（GB/T 2260），也没有完全在辖区内的多边形，请指定转发区域',
    'area: the message carries no GB/T 2260 code and no polygon inside your jurisdiction; name the area to relay to',
  ),
});

declare module '../../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the CAP ingest codes to the closed union
  interface ErrorCatalogue extends CodesOf<typeof CapIngestErrors> {}
}
