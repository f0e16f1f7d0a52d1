/** The only SQL of the alerts module; reads of alerts are filtered by the caller's scope here. */
import type { Queryable } from '../../db/index.ts';
import type { AlertArea } from './alerts.schemas.ts';

export interface AlertRow {
  id: number;
  kind: 'air_raid' | 'disaster' | 'exercise' | 'test';
  program: string;
  area: AlertArea;
  areaDesc: string;
  headline: string;
  messageZh: string;
  messageEn: string | null;
  instructionZh: string | null;
  state: string;
  regionCode: string;
  draftedById: number | null;
  draftedBy: string | null;
  draftedAt: Date;
  confirmedBy: string | null;
  issuedAt: Date | null;
  commandId: string | null;
  clearedBy: string | null;
  clearedAt: Date | null;
  clearCommandId: string | null;
  version: number;
}
const COLUMNS = `a.id, a.kind, a.program, a.area, a.area_desc AS "areaDesc", a.headline, a.message_zh AS "messageZh", a.message_en AS "messageEn",
  a.instruction_zh AS "instructionZh", a.state, a.region_code AS "regionCode", a.drafted_by AS "draftedById", a.drafted_by_name AS "draftedBy",
  a.drafted_at AS "draftedAt", a.confirmed_by_name AS "confirmedBy", a.issued_at AS "issuedAt", a.command_id::text AS "commandId",
  a.cleared_by_name AS "clearedBy", a.cleared_at AS "clearedAt", a.clear_command_id::text AS "clearCommandId", a.version`;

export async function listAlerts(db: Queryable, scope: string, state: string | undefined, limit: number, offset: number): Promise<{ items: AlertRow[]; total: number }> {
  const params: unknown[] = [scope, state ?? null];
  const w = `a.region_code LIKE $1 || '%' AND ($2::text IS NULL OR a.state = $2)`;
  const total = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM alert a WHERE ${w}`, params)).rows[0]!.n;
  const { rows } = await db.query<AlertRow>(`SELECT ${COLUMNS} FROM alert a WHERE ${w} ORDER BY a.drafted_at DESC, a.id DESC LIMIT $3 OFFSET $4`, [...params, limit, offset]);
  return { items: rows, total };
}
export async function findAlert(db: Queryable, id: number, scope: string, lock = false): Promise<AlertRow | null> {
  const { rows } = await db.query<AlertRow>(`SELECT ${COLUMNS} FROM alert a WHERE a.id = $1 AND a.region_code LIKE $2 || '%'${lock ? ' FOR UPDATE' : ''}`, [id, scope]);
  return rows[0] ?? null;
}
export async function insertAlert(db: Queryable, a: {
  kind: string; program: string; area: unknown; areaDesc: string; headline: string; messageZh: string; messageEn: string | null; instructionZh: string | null;
  regionCode: string; draftedBy: number; draftedByName: string;
}): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO alert (kind, program, area, area_desc, headline, message_zh, message_en, instruction_zh, region_code, drafted_by, drafted_by_name)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [a.kind, a.program, JSON.stringify(a.area), a.areaDesc, a.headline, a.messageZh, a.messageEn, a.instructionZh, a.regionCode, a.draftedBy, a.draftedByName],
  );
  return rows[0]!.id;
}
export async function markIssued(db: Queryable, id: number, by: string, commandId: string, at: Date): Promise<void> {
  await db.query(`UPDATE alert SET state = 'issued', confirmed_by_name = $2, command_id = $3, issued_at = $4, version = version + 1 WHERE id = $1`, [id, by, commandId, at]);
}
export async function setConfirmedBy(db: Queryable, id: number, userId: number): Promise<void> {
  await db.query('UPDATE alert SET confirmed_by = $2 WHERE id = $1', [id, userId]);
}
export async function markCleared(db: Queryable, id: number, by: string, commandId: string, at: Date): Promise<void> {
  await db.query(`UPDATE alert SET state = 'cleared', cleared_by_name = $2, clear_command_id = $3, cleared_at = $4, version = version + 1 WHERE id = $1`, [id, by, commandId, at]);
}
export async function markCancelled(db: Queryable, id: number): Promise<void> {
  await db.query(`UPDATE alert SET state = 'cancelled', version = version + 1 WHERE id = $1`, [id]);
}

export interface MessageRow {
  id: number;
  identifier: string;
  msgType: string;
  sent: Date;
}
export async function insertMessage(db: Queryable, m: {
  alertId: number; identifier: string; msgType: string; status: string; sent: Date; xml: string; summary: unknown; regionCode: string;
}): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO alert_message (alert_id, identifier, msg_type, status, sent, xml, summary, region_code) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8) RETURNING id`,
    [m.alertId, m.identifier, m.msgType, m.status, m.sent, m.xml, JSON.stringify(m.summary), m.regionCode],
  );
  return rows[0]!.id;
}
export async function messagesOf(db: Queryable, alertId: number): Promise<MessageRow[]> {
  const { rows } = await db.query<MessageRow>(`SELECT id, identifier, msg_type AS "msgType", sent FROM alert_message WHERE alert_id = $1 ORDER BY sent, id`, [alertId]);
  return rows;
}
/** The public feed: every published message's whitelisted summary, newest first. */
export async function publicSummaries(db: Queryable, limit: number): Promise<unknown[]> {
  const { rows } = await db.query<{ summary: unknown }>(`SELECT summary FROM alert_message ORDER BY sent DESC, id DESC LIMIT $1`, [limit]);
  return rows.map((r) => r.summary);
}
/** The Atom feed's entries: each published message's identifier, time, status and public summary, newest first. */
export async function publicMessages(db: Queryable, limit: number): Promise<Array<{ identifier: string; sent: Date; status: string; msgType: string; summary: Record<string, unknown> }>> {
  const { rows } = await db.query<{ identifier: string; sent: Date; status: string; msgType: string; summary: Record<string, unknown> }>(
    `SELECT identifier, sent, status, msg_type AS "msgType", summary FROM alert_message ORDER BY sent DESC, id DESC LIMIT $1`, [limit]);
  return rows;
}
/** A past alert as the demo carries it: already issued and cleared, with no siren command (nothing was sounded here). */
export async function insertPastAlert(db: Queryable, a: {
  kind: string; program: string; area: unknown; areaDesc: string; headline: string; messageZh: string; messageEn: string | null; instructionZh: string | null;
  regionCode: string; by: string; draftedAt: Date; issuedAt: Date; clearedAt: Date;
}): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO alert (kind, program, area, area_desc, headline, message_zh, message_en, instruction_zh, region_code, drafted_by_name, drafted_at,
                        state, confirmed_by_name, issued_at, cleared_by_name, cleared_at, version)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10, $11, 'cleared', $10, $12, $10, $13, 3) RETURNING id`,
    [a.kind, a.program, JSON.stringify(a.area), a.areaDesc, a.headline, a.messageZh, a.messageEn, a.instructionZh, a.regionCode, a.by, a.draftedAt, a.issuedAt, a.clearedAt],
  );
  return rows[0]!.id;
}
export async function hasPastExercise(db: Queryable): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM alert_message WHERE status = 'Exercise' LIMIT 1`)).rows.length > 0;
}
export async function capXml(db: Queryable, identifier: string): Promise<string | null> {
  return (await db.query<{ xml: string }>('SELECT xml FROM alert_message WHERE identifier = $1', [identifier])).rows[0]?.xml ?? null;
}

export interface DeliveryRow {
  id: number;
  identifier: string;
  channel: string;
  url: string;
  state: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  updatedAt: Date;
}
/** The older mechanism's pushes of an alert: history only (the channels module's subscriptions push now). */
export async function deliveriesOf(db: Queryable, alertId: number): Promise<DeliveryRow[]> {
  const { rows } = await db.query<DeliveryRow>(
    `SELECT d.id, m.identifier, d.channel, d.url, d.state, d.attempts, d.last_status AS "lastStatus", d.last_error AS "lastError", d.updated_at AS "updatedAt"
       FROM alert_delivery d JOIN alert_message m ON m.id = d.message_id WHERE m.alert_id = $1 ORDER BY d.id`,
    [alertId],
  );
  return rows;
}
/** A follow-up to an issued alert (all-clear, cancel, update): requested by one officer, carried out on another's word. */
export interface FollowUpRow {
  id: number;
  alertId: number;
  kind: 'all_clear' | 'cancel' | 'update';
  state: 'awaiting_confirmation' | 'done' | 'withdrawn';
  reason: string | null;
  headline: string | null;
  messageZh: string | null;
  messageEn: string | null;
  instructionZh: string | null;
  requestedById: number | null;
  requestedBy: string | null;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  commandId: string | null;
  identifier: string | null;
}
const FOLLOW_UP_COLUMNS = `f.id, f.alert_id AS "alertId", f.kind, f.state, f.reason, f.headline, f.message_zh AS "messageZh", f.message_en AS "messageEn",
  f.instruction_zh AS "instructionZh", f.requested_by AS "requestedById", f.requested_by_name AS "requestedBy", f.requested_at AS "requestedAt",
  f.decided_by_name AS "decidedBy", f.decided_at AS "decidedAt", f.command_id::text AS "commandId", f.identifier`;

export async function followUpsOf(db: Queryable, alertId: number): Promise<FollowUpRow[]> {
  const { rows } = await db.query<FollowUpRow>(`SELECT ${FOLLOW_UP_COLUMNS} FROM alert_follow_up f WHERE f.alert_id = $1 ORDER BY f.id`, [alertId]);
  return rows;
}
export async function openFollowUp(db: Queryable, alertId: number): Promise<FollowUpRow | null> {
  const { rows } = await db.query<FollowUpRow>(`SELECT ${FOLLOW_UP_COLUMNS} FROM alert_follow_up f WHERE f.alert_id = $1 AND f.state = 'awaiting_confirmation'`, [alertId]);
  return rows[0] ?? null;
}
export async function insertFollowUp(db: Queryable, f: {
  alertId: number; kind: FollowUpRow['kind']; reason: string | null; headline: string | null; messageZh: string | null; messageEn: string | null;
  instructionZh: string | null; regionCode: string; requestedBy: number; requestedByName: string;
}): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO alert_follow_up (alert_id, kind, reason, headline, message_zh, message_en, instruction_zh, region_code, requested_by, requested_by_name)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [f.alertId, f.kind, f.reason, f.headline, f.messageZh, f.messageEn, f.instructionZh, f.regionCode, f.requestedBy, f.requestedByName],
  );
  return rows[0]!.id;
}
export async function closeFollowUp(db: Queryable, id: number, d: {
  state: 'done' | 'withdrawn'; by: number; byName: string; at: Date; commandId: string | null; identifier: string | null;
}): Promise<void> {
  await db.query(
    `UPDATE alert_follow_up SET state = $2, decided_by = $3, decided_by_name = $4, decided_at = $5, command_id = $6, identifier = $7 WHERE id = $1`,
    [id, d.state, d.by, d.byName, d.at, d.commandId, d.identifier],
  );
}
/** Bumps the alert's version: a follow-up requested or withdrawn changes what a confirmation is about. */
export async function touchAlert(db: Queryable, id: number): Promise<void> {
  await db.query('UPDATE alert SET version = version + 1 WHERE id = $1', [id]);
}
/** The alert's text after a confirmed update (the fields the update named). */
export async function applyUpdate(db: Queryable, id: number, u: { headline: string; messageZh: string; messageEn: string | null; instructionZh: string | null }): Promise<void> {
  await db.query(
    'UPDATE alert SET headline = $2, message_zh = $3, message_en = $4, instruction_zh = $5, version = version + 1 WHERE id = $1',
    [id, u.headline, u.messageZh, u.messageEn, u.instructionZh],
  );
}
