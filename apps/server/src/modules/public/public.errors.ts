import { defineErrors, t, type CodesOf } from '../../lib/errors.ts';

const s = (v: unknown) => String(v);

/** Error codes of the public app (zh-CN and English, each naming the field or the rule). */
export const PublicErrors = defineErrors({
  PUBLIC_SHELTER_NOT_FOUND: t(
    (p) => `id：${s(p.id)} 不是对公众开放的在用人防工程`,
    (p) => `id: ${s(p.id)} is not a civil air defence work open to the public`,
  ),
  PUBLIC_STREAM_NOT_ACCEPTED: t(
    '请求头 Accept 须包含 text/event-stream：此地址是服务器推送事件流（EventSource），一般请求请用 /api/public/alerts',
    'Header Accept must include text/event-stream: this is a server-sent event stream (EventSource); plain requests use /api/public/alerts',
  ),
});

declare module '../../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges the codes into the catalogue
  interface ErrorCatalogue extends CodesOf<typeof PublicErrors> {}
}
