/**
 * The channels of an alert beyond the sirens and the public feeds: agencies subscribed to our CAP documents (HTTP
 * POST of the document, signed HMAC-SM3 over timestamp and body under each signing key, named by its key id, keys
 * rotated with a grace period: docs/protocols/cap-push.md) and SMS recipient lists
 * per region (through the SMS gateway adapter: docs/protocols/sms-gateway.md). When the alerts module publishes a
 * CAP message it emits `alert.message_published` inside its transaction; this module writes one delivery per target
 * in that same transaction (the outbox), and a dispatcher sends them, retrying with doubling waits, each delivery's
 * attempts, status, last error and times recorded for the alert's live view. The older configuration-only pushes
 * (ALERT_AGENCY_WEBHOOKS) are imported here at start as city-wide subscriptions: one mechanism. The SMS gateway's
 * key is kept and rotated the way the subscriptions' keys are (stored here from SMS_GATEWAY_KEY at start, rotated by
 * a city-level user, both keys signing through the grace period): the HTTP adapter asks `smsSigningKeys` per request.
 */
import { inScope } from '@civdef/domain';
import type { Database, Queryable } from '../../db/index.ts';
import { auditContextOf, type Actor } from '../../lib/actor.ts';
import { randomToken } from '../../lib/crypto.ts';
import { AppError } from '../../lib/errors.ts';
import type { DomainEvents, EventBus } from '../../lib/events.ts';
import type { FieldCipher } from '../../lib/field-crypto.ts';
import { appendAudit } from '../audit/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { ChannelsErrors as E } from './channels.errors.ts';
import * as repo from './channels.repository.ts';
import type { KeyRotation, SmsKeyRotation, SmsListCreate, SmsListUpdate, SubscriptionCreate, SubscriptionUpdate } from './channels.schemas.ts';
import { pushSignature } from './channels.signature.ts';
import type { SmsGateway } from './channels.sms.ts';

export interface ChannelsSettings {
  /** Attempts per delivery before it is failed. */
  attempts: number;
  /** The first wait before a retry; doubled after each failure. */
  retryBaseMs: number;
  /** How often the dispatcher looks for due deliveries. */
  tickMs: number;
  /** ALERT_AGENCY_WEBHOOKS entries, made city-wide subscriptions at start (each once). */
  importAgencies?: ReadonlyArray<{ name: string; url: string; key: string }>;
  /** The configured SMS gateway (SMS_GATEWAY_URL, SMS_GATEWAY_KEY): its key is stored at start when it is new. */
  sms?: { url: string; key: string } | null;
}

/** What the console shows of the SMS gateway: never a key, only ids and times. */
export interface SmsGatewayInfo {
  configured: boolean;
  url: string | null;
  keys: repo.SmsKeyInfo[];
}

export interface ChannelsDeps {
  db: Database;
  regions: Pick<RegionsService, 'unknownCodes'>;
  cipher: FieldCipher;
  /** Null when no gateway is configured: SMS deliveries then fail at once, saying so. */
  sms: SmsGateway | null;
  settings: ChannelsSettings;
  /** The city's region code: the jurisdiction of an imported subscription (the old pushes carried every alert). */
  cityCode: string;
  fetch?: typeof fetch;
  log?: { warn(obj: object, msg: string): void; info?(obj: object, msg: string): void };
}

type Published = DomainEvents['alert.message_published'];

export interface ChannelsService {
  listSubscriptions(actor: Actor): Promise<repo.SubscriptionRow[]>;
  /** Adds an agency; the shared key is generated when not given and returned this once. */
  createSubscription(actor: Actor, ip: string | null, input: SubscriptionCreate): Promise<{ subscription: repo.SubscriptionRow; key: string }>;
  updateSubscription(actor: Actor, ip: string | null, id: number, input: SubscriptionUpdate): Promise<repo.SubscriptionRow>;
  /**
   * Adds a new current key to a subscription (returned this once, with its id); the keys it replaces keep signing
   * beside it for `graceHours`, so the agency can install the new key without missing a push.
   */
  rotateKey(actor: Actor, ip: string | null, id: number, input: KeyRotation): Promise<{ subscription: repo.SubscriptionRow; key: string; keyId: number }>;
  /** Makes each ALERT_AGENCY_WEBHOOKS entry not yet imported a city-wide subscription; answers how many it made. */
  importConfigured(): Promise<number>;
  /** The SMS gateway and its signing key ids (city-level users only: the gateway is the whole city's). */
  smsGateway(actor: Actor): Promise<SmsGatewayInfo>;
  /**
   * Adds a new current SMS gateway key (returned this once, with its id); the keys it replaces keep signing beside it
   * for `graceHours`, so the gateway's operator can install the new key without a refused message.
   */
  rotateSmsKey(actor: Actor, ip: string | null, input: SmsKeyRotation): Promise<{ gateway: SmsGatewayInfo; key: string; keyId: number }>;
  /**
   * Ends a replaced SMS gateway key's grace period now (the gateway's operator confirmed the new key is installed, or
   * the old one leaked); the current key cannot be retired this way, only replaced by a rotation.
   */
  retireSmsKey(actor: Actor, ip: string | null, id: number): Promise<SmsGatewayInfo>;
  /**
   * Stores SMS_GATEWAY_KEY when no stored key equals it (the first start, or the operator changed the setting): it
   * becomes the current key, the ones it replaces signing on for 72 h. Answers whether it stored it.
   */
  importSmsKey(): Promise<boolean>;
  /** The keys an SMS request is signed with now, newest (current) first: what the HTTP adapter signs with. */
  smsSigningKeys(): Promise<Array<{ id: number; keyHex: string }>>;
  listSmsLists(actor: Actor): Promise<repo.SmsListRow[]>;
  createSmsList(actor: Actor, ip: string | null, input: SmsListCreate): Promise<repo.SmsListRow>;
  updateSmsList(actor: Actor, ip: string | null, id: number, input: SmsListUpdate): Promise<repo.SmsListRow>;
  /** Every channel delivery of an alert (the live view), within the actor's jurisdiction. */
  deliveries(actor: Actor, alertId: number): Promise<repo.DeliveryRow[]>;
  /** Writes the deliveries of a published message inside the publisher's transaction. */
  enqueueWithin(tx: Queryable, message: Published): Promise<number>;
  /** Sends what is due now; answers how many deliveries it tried. */
  dispatchDue(): Promise<number>;
  /** Subscribes to the alerts' event on this app's bus. */
  subscribe(events: EventBus): void;
  /** Starts the dispatcher; returns its stop. */
  start(): () => void;
}

const PHONE = /^1[3-9]\d{9}$/;
const KEY_CONTEXT = 'channel_subscription.key';
const SMS_KEY_CONTEXT = 'sms_gateway_key.key';
/** Grace period of keys replaced by a new configured SMS_GATEWAY_KEY (as a rotation's default). */
const SMS_IMPORT_GRACE_HOURS = 72;
const PHONES_CONTEXT = 'sms_recipient_list.phones';

/** The SMS text: who sends, exercise/test marked first, the headline and the message, within one long SMS. */
export function smsText(m: Pick<Published, 'senderName' | 'status' | 'msgType' | 'headline' | 'messageZh'>): string {
  const mark = m.status === 'Exercise' ? '【演习】' : m.status === 'Test' ? '【测试】' : '';
  const kind = m.msgType === 'Cancel' ? '【撤销】' : '';
  const text = `【${m.senderName}】${mark}${kind}${m.headline.replace(/^【(演习|测试|撤销)】/, '')}：${m.messageZh}`;
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

/** The marker of a subscription imported from the configuration entry of that name. */
export const importedFrom = (name: string) => `ALERT_AGENCY_WEBHOOKS:${name}`;
const newKey = () => Buffer.from(randomToken(32), 'base64url').toString('hex');

export function createChannelsService({ db, regions, cipher, sms, settings, cityCode, fetch: fetchImpl = fetch, log }: ChannelsDeps): ChannelsService {
  async function checkRegion(actor: Actor, regionCode: string): Promise<void> {
    if ((await regions.unknownCodes([regionCode])).length > 0 || !inScope(actor.regionCode, regionCode)) throw new AppError(E.CHANNELS_REGION_OUTSIDE, 400, { regionCode });
  }
  function checkPhones(phones: readonly string[]): string[] {
    const i = phones.findIndex((p) => !PHONE.test(p));
    if (i >= 0) throw new AppError(E.CHANNELS_PHONE_INVALID, 400, { index: i, value: phones[i] });
    return [...new Set(phones)];
  }
  // The gateway is the whole city's: a district user neither sees its keys nor rotates them.
  const cityLevel = (actor: Actor) => {
    if (!inScope(actor.regionCode, cityCode)) throw new AppError(E.CHANNELS_SMS_GATEWAY_CITY_ONLY, 403);
  };
  const smsInfo = async (q: Queryable): Promise<SmsGatewayInfo> =>
    ({ configured: settings.sms != null, url: settings.sms?.url ?? null, keys: await repo.smsKeyInfo(q) });
  const found = <T>(row: T | null): T => {
    if (!row) throw new AppError(E.CHANNELS_NOT_FOUND, 404);
    return row;
  };
  const checkVersion = (current: number, sent: number) => {
    if (current !== sent) throw new AppError(E.CHANNELS_VERSION_CONFLICT, 409, { current, sent });
  };

  async function send(d: repo.DeliveryRow & { payload: string }): Promise<{ ok: boolean; status: number | null; error: string | null; permanent?: boolean }> {
    if (d.channel === 'agency') {
      const sub = (await repo.activeSubscriptions(db)).find((s) => s.id === d.targetId);
      if (!sub) return { ok: false, status: null, error: 'subscription removed or paused', permanent: true };
      // Signed under every key that signs at the moment of this attempt (a retry after a rotation carries the new key).
      const keys = (await repo.signingKeys(db, sub.id)).map((k) => ({ id: k.id, keyHex: cipher.decrypt(k.keySealed, KEY_CONTEXT) }));
      if (keys.length === 0) return { ok: false, status: null, error: 'subscription has no signing key', permanent: true };
      const timestamp = String(Math.floor(Date.now() / 1000));
      const res = await fetchImpl(sub.url, {
        method: 'POST', body: d.payload, signal: AbortSignal.timeout(10_000),
        headers: {
          'content-type': 'application/cap+xml; charset=utf-8', 'x-civdef-identifier': d.identifier, 'x-civdef-timestamp': timestamp,
          'x-civdef-key-id': String(keys[0]!.id), 'x-civdef-signature': pushSignature(keys, timestamp, d.payload),
        },
      });
      return res.ok ? { ok: true, status: res.status, error: null } : { ok: false, status: res.status, error: `HTTP ${res.status}` };
    }
    if (!sms) return { ok: false, status: null, error: 'no SMS gateway configured (SMS_GATEWAY_URL)', permanent: true };
    const list = (await repo.activeSmsLists(db)).find((l) => l.id === d.targetId);
    if (!list) return { ok: false, status: null, error: 'SMS list removed or paused', permanent: true };
    const to = JSON.parse(cipher.decrypt(list.phonesSealed, PHONES_CONTEXT)) as string[];
    const r = await sms.send({ reference: `civdef-delivery-${d.id}`, to, text: d.payload });
    return { ok: true, status: 200, error: r.rejected.length ? `${r.rejected.length} of ${to.length} numbers rejected` : null };
  }

  let dispatching: Promise<number> | null = null;
  async function dispatchOnce(): Promise<number> {
    const due = await repo.claimDue(db, 50, 120);
    await Promise.all(due.map(async (d) => {
      let outcome: Awaited<ReturnType<typeof send>>;
      try {
        outcome = await send(d);
      } catch (err) {
        outcome = { ok: false, status: null, error: (err as Error).message.slice(0, 300) };
      }
      const last = outcome.permanent || d.attempts + 1 >= settings.attempts;
      await repo.recordOutcome(db, d.id, {
        state: outcome.ok ? 'delivered' : last ? 'failed' : 'pending', status: outcome.status, error: outcome.error,
        nextInMs: outcome.ok || last ? 0 : settings.retryBaseMs * 2 ** d.attempts,
      }).catch((err: Error) => log?.warn({ delivery: d.id, err: err.message }, 'channel delivery: outcome not recorded'));
    }));
    return due.length;
  }

  const service: ChannelsService = {
    listSubscriptions: (actor) => repo.listSubscriptions(db, actor.scope),

    async createSubscription(actor, ip, input) {
      await checkRegion(actor, input.regionCode);
      const key = input.key ?? newKey();
      const id = await db.transaction(async (tx) => {
        const newId = await repo.insertSubscription(tx, { name: input.name, url: input.url, keySealed: cipher.encrypt(key, KEY_CONTEXT), regionCode: input.regionCode });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'channels.subscription.create', entityType: 'channel_subscription', entityId: newId, regionCode: input.regionCode, after: { name: input.name, url: input.url },
        });
        return newId;
      });
      return { subscription: found(await repo.findSubscription(db, id, actor.scope)), key };
    },

    async updateSubscription(actor, ip, id, input) {
      await db.transaction(async (tx) => {
        const s = found(await repo.findSubscription(tx, id, actor.scope, true));
        checkVersion(s.version, input.version);
        const next = { name: input.name ?? s.name, url: input.url ?? s.url, active: input.active ?? s.active };
        await repo.updateSubscription(tx, id, next);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'channels.subscription.update', entityType: 'channel_subscription', entityId: id, regionCode: s.regionCode,
          before: { name: s.name, url: s.url, active: s.active }, after: next,
        });
      });
      return found(await repo.findSubscription(db, id, actor.scope));
    },

    async rotateKey(actor, ip, id, input) {
      const key = input.key ?? newKey();
      const graceHours = input.graceHours ?? 72;
      const keyId = await db.transaction(async (tx) => {
        const s = found(await repo.findSubscription(tx, id, actor.scope, true));
        checkVersion(s.version, input.version);
        // The agency's own key given back as "new" would leave it thinking the key changed when it did not.
        const current = await repo.signingKeys(tx, id);
        if (current.some((k) => cipher.decrypt(k.keySealed, KEY_CONTEXT) === key)) throw new AppError(E.CHANNELS_KEY_REUSED, 400);
        const retiresAt = new Date(Date.now() + graceHours * 3_600_000);
        const retired = await repo.retireKeys(tx, id, retiresAt);
        const newId = await repo.insertKey(tx, id, cipher.encrypt(key, KEY_CONTEXT));
        await repo.touchSubscription(tx, id);
        // Key ids and times only: the audit trail never holds a key.
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'channels.subscription.rotate_key', entityType: 'channel_subscription', entityId: id, regionCode: s.regionCode,
          before: { keyIds: s.keys.map((k) => k.id) }, after: { keyId: newId, retired, retiresAt: retiresAt.toISOString(), graceHours },
        });
        return newId;
      });
      return { subscription: found(await repo.findSubscription(db, id, actor.scope)), key, keyId };
    },

    async importConfigured() {
      let made = 0;
      for (const a of settings.importAgencies ?? []) {
        const marker = importedFrom(a.name);
        const ok = await db.transaction(async (tx) => {
          if (await repo.importedExists(tx, marker)) return false;
          const newId = await repo.insertSubscription(tx, { name: a.name, url: a.url, keySealed: cipher.encrypt(a.key, KEY_CONTEXT), regionCode: cityCode, importedFrom: marker });
          await appendAudit(tx, { actorId: null, actor: null, ip: null }, {
            action: 'channels.subscription.import', entityType: 'channel_subscription', entityId: newId, regionCode: cityCode,
            after: { name: a.name, url: a.url, from: 'ALERT_AGENCY_WEBHOOKS' },
          });
          return true;
        });
        if (ok) made++;
      }
      if ((settings.importAgencies ?? []).length > 0) {
        log?.warn({ entries: settings.importAgencies!.length, imported: made },
          'ALERT_AGENCY_WEBHOOKS is deprecated: its entries are channel subscriptions now (预警发布 → 渠道订阅); manage them there and remove the setting');
      }
      return made;
    },

    async smsGateway(actor) {
      cityLevel(actor);
      return smsInfo(db);
    },

    async rotateSmsKey(actor, ip, input) {
      cityLevel(actor);
      if (!settings.sms) throw new AppError(E.CHANNELS_SMS_GATEWAY_NOT_CONFIGURED, 409);
      const key = input.key ?? newKey();
      const graceHours = input.graceHours ?? 72;
      const keyId = await db.transaction(async (tx) => {
        await repo.lockSmsKeys(tx);
        const current = await repo.smsSealedKeys(tx);
        const currentId = current[0]?.id ?? null;
        if (currentId !== input.currentKeyId) throw new AppError(E.CHANNELS_SMS_KEY_STALE, 409, { current: currentId ?? '—', sent: input.currentKeyId });
        // The gateway's own key given back as "new" would leave its operator thinking the key changed when it did not.
        if (current.some((k) => cipher.decrypt(k.keySealed, SMS_KEY_CONTEXT) === key)) throw new AppError(E.CHANNELS_SMS_KEY_REUSED, 400);
        const retiresAt = new Date(Date.now() + graceHours * 3_600_000);
        const retired = await repo.retireSmsKeys(tx, retiresAt);
        const newId = await repo.insertSmsKey(tx, cipher.encrypt(key, SMS_KEY_CONTEXT), 'rotation');
        // Key ids and times only: the audit trail never holds a key.
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'channels.sms_gateway.rotate_key', entityType: 'sms_gateway_key', entityId: newId, regionCode: cityCode,
          before: { keyIds: current.map((k) => k.id) }, after: { keyId: newId, retired, retiresAt: retiresAt.toISOString(), graceHours },
        });
        return newId;
      });
      return { gateway: await smsInfo(db), key, keyId };
    },

    async retireSmsKey(actor, ip, id) {
      cityLevel(actor);
      await db.transaction(async (tx) => {
        await repo.lockSmsKeys(tx);
        const signing = await repo.smsKeyInfo(tx);
        const key = signing.find((k) => k.id === id);
        if (!key) throw new AppError(E.CHANNELS_SMS_KEY_NOT_SIGNING, 404, { id });
        // The newest key is the one the gateway is told to use: retiring it would leave messages signed by a replaced key.
        if (key.id === signing[0]!.id) throw new AppError(E.CHANNELS_SMS_KEY_CURRENT, 409, { id });
        await repo.retireSmsKeyNow(tx, id);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'channels.sms_gateway.retire_key', entityType: 'sms_gateway_key', entityId: id, regionCode: cityCode,
          before: { retiresAt: key.retiresAt === null ? null : new Date(key.retiresAt).toISOString() }, after: { retiredNow: true },
        });
      });
      return smsInfo(db);
    },

    async importSmsKey() {
      const configured = settings.sms?.key;
      if (!configured) return false;
      return db.transaction(async (tx) => {
        await repo.lockSmsKeys(tx);
        // Retired keys count too: a setting still holding a key rotated out in the console must not bring it back.
        const stored = await repo.smsSealedKeys(tx, true);
        if (stored.some((k) => cipher.decrypt(k.keySealed, SMS_KEY_CONTEXT) === configured)) return false;
        const retiresAt = new Date(Date.now() + SMS_IMPORT_GRACE_HOURS * 3_600_000);
        const retired = await repo.retireSmsKeys(tx, retiresAt);
        const newId = await repo.insertSmsKey(tx, cipher.encrypt(configured, SMS_KEY_CONTEXT), 'configuration');
        await appendAudit(tx, { actorId: null, actor: null, ip: null }, {
          action: 'channels.sms_gateway.import_key', entityType: 'sms_gateway_key', entityId: newId, regionCode: cityCode,
          after: { keyId: newId, from: 'SMS_GATEWAY_KEY', retired, ...(retired.length > 0 ? { retiresAt: retiresAt.toISOString(), graceHours: SMS_IMPORT_GRACE_HOURS } : {}) },
        });
        return true;
      });
    },

    async smsSigningKeys() {
      // Read and stamped in one statement: the console shows when each key last signed, before anyone retires one.
      return (await repo.takeSmsSigningKeys(db)).map((k) => ({ id: k.id, keyHex: cipher.decrypt(k.keySealed, SMS_KEY_CONTEXT) }));
    },

    listSmsLists: (actor) => repo.listSmsLists(db, actor.scope),

    async createSmsList(actor, ip, input) {
      await checkRegion(actor, input.regionCode);
      const phones = checkPhones(input.phones);
      const id = await db.transaction(async (tx) => {
        const newId = await repo.insertSmsList(tx, { name: input.name, regionCode: input.regionCode, phonesSealed: cipher.encrypt(JSON.stringify(phones), PHONES_CONTEXT), phoneCount: phones.length });
        // The numbers are personal data: the audit row keeps their count, not the numbers.
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'channels.sms_list.create', entityType: 'sms_recipient_list', entityId: newId, regionCode: input.regionCode, after: { name: input.name, phones: phones.length },
        });
        return newId;
      });
      return found(await repo.findSmsList(db, id, actor.scope));
    },

    async updateSmsList(actor, ip, id, input) {
      await db.transaction(async (tx) => {
        const l = found(await repo.findSmsList(tx, id, actor.scope, true));
        checkVersion(l.version, input.version);
        const phones = input.phones ? checkPhones(input.phones) : null;
        const next = {
          name: input.name ?? l.name, active: input.active ?? l.active,
          phonesSealed: phones ? cipher.encrypt(JSON.stringify(phones), PHONES_CONTEXT) : l.phonesSealed, phoneCount: phones?.length ?? l.phoneCount,
        };
        await repo.updateSmsList(tx, id, next);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'channels.sms_list.update', entityType: 'sms_recipient_list', entityId: id, regionCode: l.regionCode,
          before: { name: l.name, active: l.active, phones: l.phoneCount }, after: { name: next.name, active: next.active, phones: next.phoneCount },
        });
      });
      return found(await repo.findSmsList(db, id, actor.scope));
    },

    deliveries: (actor, alertId) => repo.deliveriesOf(db, alertId, actor.scope),

    async enqueueWithin(tx, m) {
      let n = 0;
      // An agency subscribed for a jurisdiction receives the alerts of that jurisdiction (the city's: all of them).
      for (const s of await repo.activeSubscriptions(tx)) {
        if (!inScope(s.regionCode, m.regionCode)) continue;
        await repo.insertDelivery(tx, { alertId: m.alertId, identifier: m.identifier, channel: 'agency', targetId: s.id, targetName: s.name, regionCode: m.regionCode, payload: m.xml });
        n++;
      }
      // A list receives the SMS when its region and the alert's area overlap (one holds the other). An area that names
      // no region at all (none is issued today: its command would reach no siren) falls back to the whole jurisdiction.
      const area = m.areaRegionCodes.length > 0 ? m.areaRegionCodes : [m.regionCode];
      const text = smsText(m);
      for (const l of await repo.activeSmsLists(tx)) {
        if (!area.some((c) => inScope(l.regionCode, c) || inScope(c, l.regionCode))) continue;
        await repo.insertDelivery(tx, { alertId: m.alertId, identifier: m.identifier, channel: 'sms', targetId: l.id, targetName: l.name, regionCode: m.regionCode, payload: text });
        n++;
      }
      return n;
    },

    dispatchDue() {
      // One pass at a time per process: a slow agency must not have its delivery claimed again by the next tick.
      dispatching ??= dispatchOnce().finally(() => (dispatching = null));
      return dispatching;
    },

    subscribe(events) {
      events.on('alert.message_published', async (m, { tx }) => void (await service.enqueueWithin(tx, m)));
    },

    start() {
      const timer = setInterval(() => {
        service.dispatchDue().catch((err: Error) => log?.warn({ err: err.message }, 'channels: dispatch failed'));
      }, settings.tickMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
  return service;
}
