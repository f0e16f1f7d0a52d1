import { defineErrors, t, type CodesOf } from '../../lib/errors.ts';

const s = (v: unknown) => String(v);

/** Error codes of the channels module (zh-CN and English, each naming the field or the rule). */
export const ChannelsErrors = defineErrors({
  CHANNELS_NOT_FOUND: t('订阅或短信名单不存在，或不在您的管辖范围内', 'Subscription or SMS list not found, or outside your jurisdiction'),
  CHANNELS_REGION_OUTSIDE: t(
    (p) => `区划 regionCode：${s(p.regionCode)} 不存在或不在您的管辖范围内`,
    (p) => `regionCode: ${s(p.regionCode)} does not exist or is outside your jurisdiction`,
  ),
  CHANNELS_VERSION_CONFLICT: t(
    (p) => `版本 version：记录已被他人修改（当前 ${s(p.current)}，提交 ${s(p.sent)}），请刷新`,
    (p) => `version: the record was changed meanwhile (now ${s(p.current)}, you sent ${s(p.sent)}); reload`,
  ),
  CHANNELS_KEY_REUSED: t(
    '密钥 key：与该订阅仍在使用的密钥相同；轮换须使用新密钥（留空则由系统生成）',
    'key: equals a key this subscription still signs with; a rotation needs a new key (leave it out to have one generated)',
  ),
  CHANNELS_SMS_GATEWAY_CITY_ONLY: t(
    '短信网关密钥：网关为全市共用，只有市级用户可查看或轮换其密钥',
    'SMS gateway key: the gateway serves the whole city; only a city-level user may see or rotate its keys',
  ),
  CHANNELS_SMS_GATEWAY_NOT_CONFIGURED: t(
    '短信网关 SMS_GATEWAY_URL：未配置短信网关，没有可轮换的密钥',
    'SMS_GATEWAY_URL: no SMS gateway is configured, so there is no key to rotate',
  ),
  CHANNELS_SMS_KEY_STALE: t(
    (p) => `当前密钥编号 currentKeyId：当前签名密钥已是 ${s(p.current)}（提交 ${s(p.sent)}），密钥已被他人轮换，请刷新`,
    (p) => `currentKeyId: the current signing key is ${s(p.current)} (you sent ${s(p.sent)}); someone rotated it meanwhile, reload`,
  ),
  CHANNELS_SMS_KEY_REUSED: t(
    '密钥 key：与短信网关仍在使用的密钥相同；轮换须使用新密钥（留空则由系统生成）',
    'key: equals a key the SMS gateway is still signed with; a rotation needs a new key (leave it out to have one generated)',
  ),
  CHANNELS_SMS_KEY_NOT_SIGNING: t(
    (p) => `密钥编号 id：短信网关没有仍在签名的密钥 ${s(p.id)}（可能已停用）`,
    (p) => `id: the SMS gateway has no key ${s(p.id)} that still signs (it may be retired already)`,
  ),
  CHANNELS_SMS_KEY_CURRENT: t(
    (p) => `密钥编号 id：${s(p.id)} 是当前密钥，不能立即停用；请先轮换出新密钥`,
    (p) => `id: ${s(p.id)} is the current key and cannot be retired; rotate in a new key first`,
  ),
  CHANNELS_PHONE_INVALID: t(
    (p) => `手机号 phones[${s(p.index)}]：「${s(p.value)}」不是 11 位中国大陆手机号`,
    (p) => `phones[${s(p.index)}]: "${s(p.value)}" is not an 11-digit mainland China mobile number`,
  ),
});

declare module '../../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the channels codes to the closed union
  interface ErrorCatalogue extends CodesOf<typeof ChannelsErrors> {}
}
