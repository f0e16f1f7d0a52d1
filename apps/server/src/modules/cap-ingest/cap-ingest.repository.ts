/** The only SQL of CAP ingest; reads of sources and incoming messages are filtered by the caller's scope here. */
import type { Queryable } from '../../db/index.ts';

export interface SourceRow {
  id: number;
  name: string;
  regionCode: string;
  hasKey: boolean;
  feedUrl: string | null;
  intervalS: number;
  active: boolean;
  lastPolledAt: Date | null;
  lastError: string | null;
  received: number;
  refused: number;
  createdAt: Date;
  version: number;
}
const SOURCE = `s.id, s.name, s.region_code AS "regionCode", s.key_hash IS NOT NULL AS "hasKey", s.feed_url AS "feedUrl", s.interval_s AS "intervalS",
  s.active, s.last_polled_at AS "lastPolledAt", s.last_error AS "lastError", s.received, s.refused, s.created_at AS "createdAt", s.version`;

export async function listSources(db: Queryable, scope: string): Promise<SourceRow[]> {
  return (await db.query<SourceRow>(`SELECT ${SOURCE} FROM cap_source s WHERE s.region_code LIKE $1 || '%' ORDER BY s.id`, [scope])).rows;
}
export async function findSource(db: Queryable, id: number, scope: string, lock = false): Promise<SourceRow | null> {
  return (await db.query<SourceRow>(`SELECT ${SOURCE} FROM cap_source s WHERE s.id = $1 AND s.region_code LIKE $2 || '%'${lock ? ' FOR UPDATE' : ''}`, [id, scope])).rows[0] ?? null;
}
/** The active source holding this key (a push authenticates with it); no scope: the key is the credential. */
export async function sourceByKey(db: Queryable, keyHash: string): Promise<SourceRow | null> {
  return (await db.query<SourceRow>(`SELECT ${SOURCE} FROM cap_source s WHERE s.key_hash = $1 AND s.active`, [keyHash])).rows[0] ?? null;
}
/** Active feeds whose interval has passed (the poller's work); no scope: the system polls every jurisdiction's. */
export async function dueFeeds(db: Queryable, now: Date): Promise<SourceRow[]> {
  return (await db.query<SourceRow>(
    `SELECT ${SOURCE} FROM cap_source s WHERE s.active AND s.feed_url IS NOT NULL
        AND (s.last_polled_at IS NULL OR s.last_polled_at + make_interval(secs => s.interval_s) <= $1) ORDER BY s.id`, [now])).rows;
}
export async function insertSource(db: Queryable, s: { name: string; regionCode: string; keyHash: string | null; feedUrl: string | null; intervalS: number }): Promise<number> {
  return (await db.query<{ id: number }>(
    'INSERT INTO cap_source (name, region_code, key_hash, feed_url, interval_s) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [s.name, s.regionCode, s.keyHash, s.feedUrl, s.intervalS])).rows[0]!.id;
}
export async function updateSource(db: Queryable, id: number, s: { name: string; feedUrl: string | null; intervalS: number; active: boolean }): Promise<void> {
  await db.query('UPDATE cap_source SET name = $2, feed_url = $3, interval_s = $4, active = $5, version = version + 1 WHERE id = $1', [id, s.name, s.feedUrl, s.intervalS, s.active]);
}
export async function recordPoll(db: Queryable, id: number, at: Date, error: string | null): Promise<void> {
  await db.query('UPDATE cap_source SET last_polled_at = $2, last_error = $3 WHERE id = $1', [id, at, error]);
}
export async function countReceived(db: Queryable, id: number, outcome: 'received' | 'refused', error: string | null): Promise<void> {
  await db.query(
    outcome === 'received' ? 'UPDATE cap_source SET received = received + 1 WHERE id = $1' : 'UPDATE cap_source SET refused = refused + 1, last_error = $2 WHERE id = $1',
    outcome === 'received' ? [id] : [id, error],
  );
}

export interface IncomingRow {
  id: number;
  sourceId: number;
  sourceName: string;
  regionCode: string;
  identifier: string;
  sender: string;
  sent: string;
  sentAt: Date;
  status: string;
  msgType: string;
  scope: string;
  event: string | null;
  headline: string | null;
  severity: string | null;
  urgency: string | null;
  areaDesc: string | null;
  expiresAt: Date | null;
  receivedAt: Date;
  relayedAlertId: number | null;
  relayedBy: string | null;
  relayedAt: Date | null;
}
const INCOMING = `i.id, i.source_id AS "sourceId", s.name AS "sourceName", i.region_code AS "regionCode", i.identifier, i.sender, i.sent, i.sent_at AS "sentAt",
  i.status, i.msg_type AS "msgType", i.scope, i.event, i.headline, i.severity, i.urgency, i.area_desc AS "areaDesc", i.expires_at AS "expiresAt",
  i.received_at AS "receivedAt", i.relayed_alert_id AS "relayedAlertId", i.relayed_by_name AS "relayedBy", i.relayed_at AS "relayedAt"`;

export async function listIncoming(db: Queryable, scope: string, limit: number, offset: number): Promise<{ items: IncomingRow[]; total: number }> {
  const total = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cap_incoming i WHERE i.region_code LIKE $1 || '%'`, [scope])).rows[0]!.n;
  const { rows } = await db.query<IncomingRow>(
    `SELECT ${INCOMING} FROM cap_incoming i JOIN cap_source s ON s.id = i.source_id WHERE i.region_code LIKE $1 || '%'
      ORDER BY i.received_at DESC, i.id DESC LIMIT $2 OFFSET $3`, [scope, limit, offset]);
  return { items: rows, total };
}
export async function findIncoming(db: Queryable, id: number, scope: string, lock = false): Promise<(IncomingRow & { xml: string; parsed: unknown }) | null> {
  return (await db.query<IncomingRow & { xml: string; parsed: unknown }>(
    `SELECT ${INCOMING}, i.xml, i.parsed FROM cap_incoming i JOIN cap_source s ON s.id = i.source_id WHERE i.id = $1 AND i.region_code LIKE $2 || '%'${lock ? ' FOR UPDATE OF i' : ''}`,
    [id, scope])).rows[0] ?? null;
}
/** Stores one checked document; answers null when CAP's identity (sender, identifier, sent) is already stored. */
export async function insertIncoming(db: Queryable, m: {
  sourceId: number; regionCode: string; identifier: string; sender: string; sent: string; sentAt: Date; status: string; msgType: string; scope: string;
  event: string | null; headline: string | null; severity: string | null; urgency: string | null; areaDesc: string | null; expiresAt: Date | null; parsed: unknown; xml: string;
}): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO cap_incoming (source_id, region_code, identifier, sender, sent, sent_at, status, msg_type, scope, event, headline, severity, urgency, area_desc,
                               expires_at, parsed, xml)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb, $17)
     ON CONFLICT (sender, identifier, sent) DO NOTHING RETURNING id`,
    [m.sourceId, m.regionCode, m.identifier, m.sender, m.sent, m.sentAt, m.status, m.msgType, m.scope, m.event, m.headline, m.severity, m.urgency, m.areaDesc,
      m.expiresAt, JSON.stringify(m.parsed), m.xml],
  );
  return rows[0]?.id ?? null;
}
export async function existingId(db: Queryable, sender: string, identifier: string, sent: string): Promise<number | null> {
  return (await db.query<{ id: number }>('SELECT id FROM cap_incoming WHERE sender = $1 AND identifier = $2 AND sent = $3', [sender, identifier, sent])).rows[0]?.id ?? null;
}
export async function markRelayed(db: Queryable, id: number, alertId: number, by: string): Promise<void> {
  await db.query('UPDATE cap_incoming SET relayed_alert_id = $2, relayed_by_name = $3, relayed_at = now() WHERE id = $1', [id, alertId, by]);
}
