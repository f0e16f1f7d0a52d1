/** The only SQL of the channels module; reads of subscriptions, lists and deliveries are filtered by the caller's scope here. */
import type { Queryable } from '../../db/index.ts';

/** A key that still signs: the current one (no `retiresAt`) and those rotated out whose grace period runs. */
export interface KeyInfo {
  id: number;
  createdAt: Date | string;
  retiresAt: Date | string | null;
}
export interface SubscriptionRow {
  id: number;
  name: string;
  url: string;
  regionCode: string;
  active: boolean;
  createdAt: Date;
  version: number;
  importedFrom: string | null;
  /** Newest first; never the keys themselves. */
  keys: KeyInfo[];
}
const SIGNING = `(k.retires_at IS NULL OR k.retires_at > now())`;
const SUB = `s.id, s.name, s.url, s.region_code AS "regionCode", s.active, s.created_at AS "createdAt", s.version, s.imported_from AS "importedFrom",
  (SELECT coalesce(json_agg(json_build_object('id', k.id, 'createdAt', k.created_at, 'retiresAt', k.retires_at) ORDER BY k.id DESC), '[]'::json)
     FROM channel_subscription_key k WHERE k.subscription_id = s.id AND ${SIGNING}) AS keys`;

export async function listSubscriptions(db: Queryable, scope: string): Promise<SubscriptionRow[]> {
  return (await db.query<SubscriptionRow>(`SELECT ${SUB} FROM channel_subscription s WHERE s.region_code LIKE $1 || '%' ORDER BY s.id`, [scope])).rows;
}
export async function findSubscription(db: Queryable, id: number, scope: string, lock = false): Promise<SubscriptionRow | null> {
  return (await db.query<SubscriptionRow>(`SELECT ${SUB} FROM channel_subscription s WHERE s.id = $1 AND s.region_code LIKE $2 || '%'${lock ? ' FOR UPDATE' : ''}`, [id, scope])).rows[0] ?? null;
}
export async function activeSubscriptions(db: Queryable): Promise<SubscriptionRow[]> {
  return (await db.query<SubscriptionRow>(`SELECT ${SUB} FROM channel_subscription s WHERE s.active ORDER BY s.id`)).rows;
}
export async function insertSubscription(db: Queryable, s: { name: string; url: string; keySealed: string; regionCode: string; importedFrom?: string }): Promise<number> {
  const id = (await db.query<{ id: number }>('INSERT INTO channel_subscription (name, url, region_code, imported_from) VALUES ($1, $2, $3, $4) RETURNING id',
    [s.name, s.url, s.regionCode, s.importedFrom ?? null])).rows[0]!.id;
  await insertKey(db, id, s.keySealed);
  return id;
}
/** Whether a subscription was already imported from this configuration entry (any jurisdiction: the import is the system's). */
export async function importedExists(db: Queryable, importedFrom: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM channel_subscription WHERE imported_from = $1', [importedFrom])).rows.length > 0;
}
export async function insertKey(db: Queryable, subscriptionId: number, keySealed: string): Promise<number> {
  return (await db.query<{ id: number }>('INSERT INTO channel_subscription_key (subscription_id, key_sealed) VALUES ($1, $2) RETURNING id', [subscriptionId, keySealed])).rows[0]!.id;
}
/**
 * Ends the signing of a subscription's keys at `retiresAt` (a key already ending sooner keeps its earlier end);
 * answers the ids it touched.
 */
export async function retireKeys(db: Queryable, subscriptionId: number, retiresAt: Date): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `UPDATE channel_subscription_key k SET retires_at = LEAST(coalesce(k.retires_at, 'infinity'::timestamptz), $2)
      WHERE k.subscription_id = $1 AND ${SIGNING} RETURNING k.id`,
    [subscriptionId, retiresAt],
  );
  return rows.map((r) => r.id).sort((a, b) => a - b);
}
/** The sealed keys that sign a push now, newest first (the first is the current key). */
export async function signingKeys(db: Queryable, subscriptionId: number): Promise<Array<{ id: number; keySealed: string }>> {
  return (await db.query<{ id: number; keySealed: string }>(
    `SELECT k.id, k.key_sealed AS "keySealed" FROM channel_subscription_key k WHERE k.subscription_id = $1 AND ${SIGNING} ORDER BY k.id DESC`, [subscriptionId],
  )).rows;
}
export async function touchSubscription(db: Queryable, id: number): Promise<void> {
  await db.query('UPDATE channel_subscription SET version = version + 1 WHERE id = $1', [id]);
}
export async function updateSubscription(db: Queryable, id: number, s: { name: string; url: string; active: boolean }): Promise<void> {
  await db.query('UPDATE channel_subscription SET name = $2, url = $3, active = $4, version = version + 1 WHERE id = $1', [id, s.name, s.url, s.active]);
}

export interface SmsListRow {
  id: number;
  name: string;
  regionCode: string;
  phonesSealed: string;
  phoneCount: number;
  active: boolean;
  createdAt: Date;
  version: number;
}
const LIST = `l.id, l.name, l.region_code AS "regionCode", l.phones_sealed AS "phonesSealed", l.phone_count AS "phoneCount", l.active, l.created_at AS "createdAt", l.version`;

export async function listSmsLists(db: Queryable, scope: string): Promise<SmsListRow[]> {
  return (await db.query<SmsListRow>(`SELECT ${LIST} FROM sms_recipient_list l WHERE l.region_code LIKE $1 || '%' ORDER BY l.id`, [scope])).rows;
}
export async function findSmsList(db: Queryable, id: number, scope: string, lock = false): Promise<SmsListRow | null> {
  return (await db.query<SmsListRow>(`SELECT ${LIST} FROM sms_recipient_list l WHERE l.id = $1 AND l.region_code LIKE $2 || '%'${lock ? ' FOR UPDATE' : ''}`, [id, scope])).rows[0] ?? null;
}
export async function activeSmsLists(db: Queryable): Promise<SmsListRow[]> {
  return (await db.query<SmsListRow>(`SELECT ${LIST} FROM sms_recipient_list l WHERE l.active ORDER BY l.id`)).rows;
}
export async function insertSmsList(db: Queryable, l: { name: string; regionCode: string; phonesSealed: string; phoneCount: number }): Promise<number> {
  return (await db.query<{ id: number }>('INSERT INTO sms_recipient_list (name, region_code, phones_sealed, phone_count) VALUES ($1, $2, $3, $4) RETURNING id',
    [l.name, l.regionCode, l.phonesSealed, l.phoneCount])).rows[0]!.id;
}
export async function updateSmsList(db: Queryable, id: number, l: { name: string; phonesSealed: string; phoneCount: number; active: boolean }): Promise<void> {
  await db.query('UPDATE sms_recipient_list SET name = $2, phones_sealed = $3, phone_count = $4, active = $5, version = version + 1 WHERE id = $1',
    [id, l.name, l.phonesSealed, l.phoneCount, l.active]);
}

export interface DeliveryRow {
  id: number;
  alertId: number;
  identifier: string;
  channel: 'agency' | 'sms';
  targetId: number;
  targetName: string;
  regionCode: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAt: Date;
  createdAt: Date;
  deliveredAt: Date | null;
  updatedAt: Date;
}
const DELIVERY = `d.id, d.alert_id AS "alertId", d.identifier, d.channel, d.target_id AS "targetId", d.target_name AS "targetName", d.region_code AS "regionCode",
  d.state, d.attempts, d.last_status AS "lastStatus", d.last_error AS "lastError", d.next_at AS "nextAt", d.created_at AS "createdAt",
  d.delivered_at AS "deliveredAt", d.updated_at AS "updatedAt"`;

export async function insertDelivery(db: Queryable, d: {
  alertId: number; identifier: string; channel: 'agency' | 'sms'; targetId: number; targetName: string; regionCode: string; payload: string;
}): Promise<void> {
  await db.query(
    'INSERT INTO channel_delivery (alert_id, identifier, channel, target_id, target_name, region_code, payload) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [d.alertId, d.identifier, d.channel, d.targetId, d.targetName, d.regionCode, d.payload],
  );
}
export async function deliveriesOf(db: Queryable, alertId: number, scope: string): Promise<DeliveryRow[]> {
  return (await db.query<DeliveryRow>(`SELECT ${DELIVERY} FROM channel_delivery d WHERE d.alert_id = $1 AND d.region_code LIKE $2 || '%' ORDER BY d.id`, [alertId, scope])).rows;
}
/**
 * Claims deliveries that are due: each is leased for `leaseS` seconds (its next_at moved on) so that another
 * process, or a slow send, does not send it twice at once; an outcome recorded before the lease ends replaces it.
 */
export async function claimDue(db: Queryable, limit: number, leaseS: number): Promise<Array<DeliveryRow & { payload: string }>> {
  const { rows } = await db.query<DeliveryRow & { payload: string }>(
    `UPDATE channel_delivery d SET next_at = now() + make_interval(secs => $2)
      WHERE d.id IN (SELECT id FROM channel_delivery WHERE state = 'pending' AND next_at <= now() ORDER BY next_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING ${DELIVERY}, d.payload`,
    [limit, leaseS],
  );
  return rows;
}
export async function recordOutcome(db: Queryable, id: number, o: { state: 'pending' | 'delivered' | 'failed'; status: number | null; error: string | null; nextInMs: number }): Promise<void> {
  await db.query(
    `UPDATE channel_delivery SET state = $2, attempts = attempts + 1, last_status = $3, last_error = $4, updated_at = now(),
            next_at = now() + make_interval(secs => $5::double precision / 1000), delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END
      WHERE id = $1`,
    [id, o.state, o.status, o.error, o.nextInMs],
  );
}

// ── The SMS gateway's keys (one gateway, city-wide: no jurisdiction column to filter on; the service lets only
// city-level users rotate them) ──
const SMS_SIGNING = `(g.retires_at IS NULL OR g.retires_at > now())`;
/** Serialises the configured key's import and the rotations (two starting processes, two officers at once). */
export async function lockSmsKeys(db: Queryable): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('sms_gateway_key'))`);
}
/** The keys that sign now, newest (current) first; never the keys themselves. */
export type SmsKeyInfo = KeyInfo & { source: string; lastSignedAt: Date | string | null };
export async function smsKeyInfo(db: Queryable): Promise<SmsKeyInfo[]> {
  return (await db.query<SmsKeyInfo>(
    `SELECT g.id, g.created_at AS "createdAt", g.retires_at AS "retiresAt", g.source, g.last_signed_at AS "lastSignedAt"
       FROM sms_gateway_key g WHERE ${SMS_SIGNING} ORDER BY g.id DESC`,
  )).rows;
}
/** The sealed keys that sign now, newest first, stamped as having signed (the caller signs a request with them). */
export async function takeSmsSigningKeys(db: Queryable): Promise<Array<{ id: number; keySealed: string }>> {
  const { rows } = await db.query<{ id: number; keySealed: string }>(
    `UPDATE sms_gateway_key g SET last_signed_at = now() WHERE ${SMS_SIGNING} RETURNING g.id, g.key_sealed AS "keySealed"`,
  );
  return rows.sort((a, b) => b.id - a.id);
}
/** The sealed keys that sign now, newest first; with `all`, retired ones too (to tell whether a key was ever stored). */
export async function smsSealedKeys(db: Queryable, all = false): Promise<Array<{ id: number; keySealed: string }>> {
  return (await db.query<{ id: number; keySealed: string }>(
    `SELECT g.id, g.key_sealed AS "keySealed" FROM sms_gateway_key g${all ? '' : ` WHERE ${SMS_SIGNING}`} ORDER BY g.id DESC`,
  )).rows;
}
/** Ends the signing of the keys that still sign at `retiresAt` (one ending sooner keeps its end); answers their ids. */
export async function retireSmsKeys(db: Queryable, retiresAt: Date): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `UPDATE sms_gateway_key g SET retires_at = LEAST(coalesce(g.retires_at, 'infinity'::timestamptz), $1) WHERE ${SMS_SIGNING} RETURNING g.id`, [retiresAt],
  );
  return rows.map((r) => r.id).sort((a, b) => a - b);
}
/** Ends one key's signing now (its grace period cut short). */
export async function retireSmsKeyNow(db: Queryable, id: number): Promise<void> {
  await db.query(`UPDATE sms_gateway_key g SET retires_at = now() WHERE g.id = $1 AND ${SMS_SIGNING}`, [id]);
}
export async function insertSmsKey(db: Queryable, keySealed: string, source: 'configuration' | 'rotation'): Promise<number> {
  return (await db.query<{ id: number }>('INSERT INTO sms_gateway_key (key_sealed, source) VALUES ($1, $2) RETURNING id', [keySealed, source])).rows[0]!.id;
}
