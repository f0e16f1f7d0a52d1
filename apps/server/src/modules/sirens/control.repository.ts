/**
 * SQL of remote control: commands, their per-siren deliveries (the outbox the dispatcher sends from), and the
 * sirens a target names. Reads of commands are filtered by the caller's scope here.
 */
import { scopePrefix } from '@civdef/domain';
import type { Queryable } from '../../db/index.ts';
import { commandMessage, type CommandBody, type ProgramSpec } from '../../lib/siren-protocol.ts';
import type { DeliveryNow, ReportPlan } from './control.reports.ts';
import type { CommandTarget } from './sirens.schemas.ts';

/** A siren a command may reach, with its sealed terminal key. */
export interface TargetSirenRow {
  id: number;
  code: string;
  name: string;
  regionCode: string;
  controlChannel: string;
  terminalId: string | null;
  terminalKey: string | null;
  lon: number;
  lat: number;
}
const TARGET_COLUMNS = `s.id, s.code, s.name, s.region_code AS "regionCode", s.control_channel AS "controlChannel", s.terminal_id AS "terminalId", s.terminal_key AS "terminalKey",
  ST_X(s.location)::float8 AS lon, ST_Y(s.location)::float8 AS lat`;

export async function sirensByIds(db: Queryable, ids: readonly number[], scope: string): Promise<TargetSirenRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<TargetSirenRow>(`SELECT ${TARGET_COLUMNS} FROM siren s WHERE s.id = ANY($1::int[]) AND s.region_code LIKE $2 || '%'`, [ids, scope]);
  return rows;
}
export async function sirensOfGroups(db: Queryable, groupIds: readonly number[], scope: string): Promise<{ found: Set<number>; sirens: TargetSirenRow[] }> {
  if (groupIds.length === 0) return { found: new Set(), sirens: [] };
  const found = new Set((await db.query<{ id: number }>(`SELECT id FROM siren_group WHERE id = ANY($1::int[]) AND region_code LIKE $2 || '%'`, [groupIds, scope])).rows.map((r) => r.id));
  const { rows } = await db.query<TargetSirenRow>(
    `SELECT DISTINCT ${TARGET_COLUMNS} FROM siren s JOIN siren_group_member m ON m.siren_id = s.id
      WHERE m.group_id = ANY($1::int[]) AND s.region_code LIKE $2 || '%'`,
    [[...found], scope],
  );
  return { found, sirens: rows };
}
/** Sirens of any of `regionCodes` (a city's holds its districts' and towns') within `scope`. */
export async function sirensOfRegions(db: Queryable, regionCodes: readonly string[], scope: string): Promise<TargetSirenRow[]> {
  if (regionCodes.length === 0) return [];
  const { rows } = await db.query<TargetSirenRow>(
    `SELECT ${TARGET_COLUMNS} FROM siren s WHERE s.region_code LIKE $2 || '%' AND EXISTS (SELECT 1 FROM unnest($1::text[]) AS p(code) WHERE s.region_code LIKE p.code || '%')`,
    [regionCodes.map(scopePrefix), scope],
  );
  return rows;
}
/** Sirens inside (or on the edge of) a drawn polygon, within `scope`: the polygon's part beyond it commands nothing. */
export async function sirensInPolygon(db: Queryable, geojson: string, scope: string): Promise<TargetSirenRow[]> {
  const { rows } = await db.query<TargetSirenRow>(
    `SELECT ${TARGET_COLUMNS} FROM siren s WHERE s.region_code LIKE $2 || '%' AND ST_Covers(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), s.location)`,
    [geojson, scope],
  );
  return rows;
}
export async function existingRegionCodes(db: Queryable, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  return new Set((await db.query<{ code: string }>('SELECT code FROM region WHERE code = ANY($1::text[])', [codes])).rows.map((r) => r.code));
}
/** The siren of a terminal with its sealed key (to verify a report). */
/** Every siren reachable over MQTT with a key (what the broker's accounts are made from), in id order; `limit` null for all. */
export async function remoteTerminals(db: Queryable, limit: number | null): Promise<Array<{ terminalId: string; terminalKey: string }>> {
  const { rows } = await db.query<{ terminalId: string; terminalKey: string }>(
    `SELECT terminal_id AS "terminalId", terminal_key AS "terminalKey" FROM siren
      WHERE control_channel = 'mqtt' AND terminal_id IS NOT NULL AND terminal_key IS NOT NULL ORDER BY id LIMIT $1`, [limit]);
  return rows;
}

/** Every siren reachable over MQTT with its sealed key (to open the keys ahead of the first command or report). */
export async function remoteTerminalKeys(db: Queryable): Promise<Array<{ sirenId: number; terminalId: string; terminalKey: string }>> {
  const { rows } = await db.query<{ sirenId: number; terminalId: string; terminalKey: string }>(
    `SELECT id AS "sirenId", terminal_id AS "terminalId", terminal_key AS "terminalKey" FROM siren
      WHERE control_channel = 'mqtt' AND terminal_id IS NOT NULL AND terminal_key IS NOT NULL ORDER BY id`);
  return rows;
}

export async function sirenOfTerminal(db: Queryable, terminalId: string): Promise<TargetSirenRow | null> {
  const { rows } = await db.query<TargetSirenRow>(`SELECT ${TARGET_COLUMNS} FROM siren s WHERE s.terminal_id = $1`, [terminalId]);
  return rows[0] ?? null;
}

export interface CommandRow {
  id: string;
  action: string;
  program: string | null;
  target: CommandTarget;
  regionCode: string;
  issuedBy: string | null;
  issuedAt: Date;
  expiresAt: Date;
}
const COMMAND_COLUMNS = `c.id::text AS id, c.action, c.program, c.target, c.region_code AS "regionCode", c.issued_by_name AS "issuedBy",
  c.issued_at AS "issuedAt", c.expires_at AS "expiresAt"`;

/** Any command with this id, whatever its jurisdiction (the id is a global idempotency key). */
export async function commandById(db: Queryable, id: string): Promise<CommandRow | null> {
  const { rows } = await db.query<CommandRow>(`SELECT ${COMMAND_COLUMNS} FROM siren_command c WHERE c.id = $1`, [id]);
  return rows[0] ?? null;
}
export async function findCommand(db: Queryable, id: string, scope: string): Promise<CommandRow | null> {
  const { rows } = await db.query<CommandRow>(`SELECT ${COMMAND_COLUMNS} FROM siren_command c WHERE c.id = $1 AND c.region_code LIKE $2 || '%'`, [id, scope]);
  return rows[0] ?? null;
}
export async function listCommands(db: Queryable, scope: string, limit: number, offset: number): Promise<{ items: CommandRow[]; total: number }> {
  const total = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM siren_command c WHERE c.region_code LIKE $1 || '%'`, [scope])).rows[0]!.n;
  const { rows } = await db.query<CommandRow>(
    `SELECT ${COMMAND_COLUMNS} FROM siren_command c WHERE c.region_code LIKE $1 || '%' ORDER BY c.issued_at DESC, c.id LIMIT $2 OFFSET $3`, [scope, limit, offset],
  );
  return { items: rows, total };
}
/**
 * Writes a command. `protocolVersion` and `programSpec` are what its deliveries' signed messages say besides the
 * command's id, action and times: with them and a delivery's nonce and MAC, `openDeliveries` rebuilds each message.
 */
export async function insertCommand(db: Queryable, c: {
  id: string; action: string; program: string | null; target: unknown; regionCode: string; issuedBy: number | null; issuedByName: string | null; issuedAt: string; expiresAt: string;
  protocolVersion: number; programSpec: ProgramSpec | null;
}): Promise<void> {
  await db.query(
    `INSERT INTO siren_command (id, action, program, target, region_code, issued_by, issued_by_name, issued_at, expires_at, protocol_version, program_spec)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11::jsonb)`,
    [c.id, c.action, c.program, JSON.stringify(c.target), c.regionCode, c.issuedBy, c.issuedByName, c.issuedAt, c.expiresAt, c.protocolVersion,
      c.programSpec ? JSON.stringify(c.programSpec) : null],
  );
}

/**
 * Every transaction that writes delivery rows calls this first: one transaction-level advisory lock, so the rows'
 * `seq` numbers (migration 0029) are drawn in commit order and a cursor never skips a row committed late. With the
 * embedded database (one connection) it costs nothing; on PostgreSQL it serialises these writers, which were nearly
 * serial already (the report batches are written one at a time). Taken before any delivery row is locked, by every
 * writer, so it cannot be part of a deadlock among them.
 */
export async function orderDeliveryWrites(db: Queryable): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(${DELIVERY_WRITES_LOCK})`);
}
/** The advisory lock key of delivery writes (an arbitrary constant: "siren" as digits). */
const DELIVERY_WRITES_LOCK = 7_414_253;
/** The next cursor number, for every UPDATE of a delivery row (INSERTs take it from the column's default). */
const NEXT_SEQ = `seq = nextval('siren_command_target_seq')`;

export interface DeliveryInsert {
  sirenId: number;
  regionCode: string;
  terminalId: string | null;
  nonce: string;
  /** The MAC of the signed command (null: skipped, nothing to send); the message is rebuilt from it (`commandMessage`). */
  mac: string | null;
  /** `sent` (first attempt, stamped now) only when the caller publishes right after its commit: see `insertDeliveries`. */
  state: 'pending' | 'sent' | 'skipped';
  reason: string | null;
}
/**
 * Writes a command's delivery rows. A row written `sent` counts as its first attempt at once, stamped `sentAt`: the
 * caller that publishes right after its own commit saves the UPDATE of every row it would otherwise make just after,
 * and knows the stamp without reading it back.
 */
export async function insertDeliveries(db: Queryable, commandId: string, rows: readonly DeliveryInsert[], sentAt: Date): Promise<void> {
  await orderDeliveryWrites(db);
  await db.query(
    `INSERT INTO siren_command_target (command_id, siren_id, region_code, terminal_id, nonce, mac, state, reason, attempts, sent_at)
     SELECT $1, d."sirenId", d."regionCode", d."terminalId", d.nonce, d.mac, d.state, d.reason,
            CASE WHEN d.state = 'sent' THEN 1 ELSE 0 END, CASE WHEN d.state = 'sent' THEN $3::timestamptz END
       FROM jsonb_to_recordset($2::jsonb) AS d("sirenId" int, "regionCode" text, "terminalId" text, nonce text, mac text, state text, reason text)`,
    // Only the columns: a caller's rows may carry more (the message itself), which need not cross to the database.
    [commandId, JSON.stringify(rows.map((d) => ({ sirenId: d.sirenId, regionCode: d.regionCode, terminalId: d.terminalId, nonce: d.nonce, mac: d.mac, state: d.state, reason: d.reason }))), sentAt],
  );
}

export interface DeliveryRow {
  sirenId: number;
  sirenCode: string;
  sirenName: string;
  regionCode: string;
  terminalId: string | null;
  state: string;
  attempts: number;
  reason: string | null;
  sentAt: Date | null;
  acceptedAt: Date | null;
  finishedAt: Date | null;
  /** When it was flagged unreachable (no report in time after its first send); kept after a late answer. */
  unreachableAt: Date | null;
  /** Where the siren stands (the live view's map). */
  lon: number;
  lat: number;
  /** The row's cursor number: it changes with every write of the row (see `orderDeliveryWrites`). */
  seq: number;
}
const DELIVERY_COLUMNS = `d.siren_id AS "sirenId", s.code AS "sirenCode", s.name AS "sirenName", d.region_code AS "regionCode", d.terminal_id AS "terminalId",
            d.state, d.attempts, d.reason, d.sent_at AS "sentAt", d.accepted_at AS "acceptedAt", d.finished_at AS "finishedAt",
            d.unreachable_at AS "unreachableAt", ST_X(s.location)::float8 AS lon, ST_Y(s.location)::float8 AS lat, d.seq::float8 AS seq`;
export async function deliveriesOf(db: Queryable, commandId: string): Promise<DeliveryRow[]> {
  const { rows } = await db.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS}
       FROM siren_command_target d JOIN siren s ON s.id = d.siren_id WHERE d.command_id = $1 ORDER BY s.code COLLATE "C"`,
    [commandId],
  );
  return rows;
}
/** A delivery as the command's report lists it: with its region's name. */
export type ReportRow = DeliveryRow & { regionName: string | null };
/**
 * A command's deliveries for its report: the ones that need someone's attention first (no answer, refused, no remote
 * terminal, never answered in time), then the rest, each group by region and siren code.
 */
export async function reportRowsOf(db: Queryable, commandId: string): Promise<ReportRow[]> {
  const { rows } = await db.query<ReportRow>(
    `SELECT ${DELIVERY_COLUMNS}, g.name AS "regionName"
       FROM siren_command_target d JOIN siren s ON s.id = d.siren_id LEFT JOIN region g ON g.code = d.region_code
      WHERE d.command_id = $1
      ORDER BY array_position(ARRAY['failed', 'rejected', 'skipped', 'pending', 'sent', 'accepted', 'finished'], d.state),
               d.unreachable_at IS NULL, d.region_code COLLATE "C", s.code COLLATE "C"`,
    [commandId],
  );
  return rows;
}
/** The deliveries of a command written after cursor `since` (the index on command and seq), in siren code order. */
export async function deliveriesSince(db: Queryable, commandId: string, since: number): Promise<DeliveryRow[]> {
  const { rows } = await db.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS}
       FROM siren_command_target d JOIN siren s ON s.id = d.siren_id WHERE d.command_id = $1 AND d.seq > $2 ORDER BY s.code COLLATE "C"`,
    [commandId, since],
  );
  return rows;
}
/** Counts per state of one command and its cursor (the highest `seq` of its rows). */
export async function countsAndCursor(db: Queryable, commandId: string): Promise<{ counts: Record<string, number>; cursor: number }> {
  const { rows } = await db.query<{ state: string; n: number; top: number }>(
    `SELECT state, count(*)::int AS n, max(seq)::float8 AS top FROM siren_command_target WHERE command_id = $1 GROUP BY state`, [commandId]);
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.state] = r.n;
  return { counts, cursor: Math.max(0, ...rows.map((r) => Number(r.top))) };
}
export async function countsOf(db: Queryable, commandIds: readonly string[]): Promise<Map<string, Record<string, number>>> {
  const out = new Map<string, Record<string, number>>();
  if (commandIds.length === 0) return out;
  const { rows } = await db.query<{ id: string; state: string; n: number }>(
    `SELECT command_id::text AS id, state, count(*)::int AS n FROM siren_command_target WHERE command_id = ANY($1::uuid[]) GROUP BY 1, 2`, [commandIds],
  );
  for (const r of rows) out.set(r.id, { ...out.get(r.id), [r.state]: r.n });
  return out;
}

/** Deliveries the dispatcher still owes: not yet answered, of commands not expired (all of them, or one command's). */
export interface OpenDelivery {
  commandId: string;
  sirenId: number;
  terminalId: string;
  payload: string;
  attempts: number;
  expiresAt: Date;
}
export async function openDeliveries(db: Queryable, commandId: string | null): Promise<OpenDelivery[]> {
  const { rows } = await db.query<Omit<OpenDelivery, 'payload'> & StoredMessage>(
    `SELECT d.command_id::text AS "commandId", d.siren_id AS "sirenId", d.terminal_id AS "terminalId", d.attempts, c.expires_at AS "expiresAt", ${STORED_MESSAGE}
       FROM siren_command_target d JOIN siren_command c ON c.id = d.command_id
      WHERE d.state IN ('pending', 'sent') AND c.expires_at > now() AND ($1::uuid IS NULL OR d.command_id = $1::uuid)`,
    [commandId],
  );
  return rows.map((r) => ({ commandId: r.commandId, sirenId: r.sirenId, terminalId: r.terminalId, attempts: r.attempts, expiresAt: r.expiresAt, payload: messageOf(r) }));
}

/** What a delivery's signed message is rebuilt from (or, for a row written before migration 0032, the message itself). */
interface StoredMessage {
  commandId: string;
  terminalId: string;
  payload: string | null;
  mac: string | null;
  v: number | null;
  action: CommandBody['action'];
  programSpec: ProgramSpec | null;
  issuedAt: Date;
  expiresAt: Date;
  nonce: string;
}
const STORED_MESSAGE = `d.payload, d.mac, c.protocol_version AS v, c.action, c.program_spec AS "programSpec", c.issued_at AS "issuedAt", d.nonce`;
function messageOf(m: StoredMessage): string {
  if (m.payload !== null) return m.payload;
  const body: CommandBody = {
    v: m.v!, id: m.commandId, terminal: m.terminalId, action: m.action, program: m.programSpec,
    issuedAt: new Date(m.issuedAt).toISOString(), expiresAt: new Date(m.expiresAt).toISOString(), nonce: m.nonce,
  };
  return commandMessage(body, m.mac!);
}

/** The signed messages of a command's deliveries, as sent (for the tests that publish them again, as a broker might). */
export async function sentMessages(db: Queryable, commandId: string): Promise<Array<{ sirenId: number; terminalId: string; message: string }>> {
  const { rows } = await db.query<StoredMessage & { sirenId: number }>(
    `SELECT d.command_id::text AS "commandId", d.siren_id AS "sirenId", d.terminal_id AS "terminalId", c.expires_at AS "expiresAt", ${STORED_MESSAGE}
       FROM siren_command_target d JOIN siren_command c ON c.id = d.command_id
      WHERE d.command_id = $1 AND (d.payload IS NOT NULL OR d.mac IS NOT NULL) ORDER BY d.siren_id`,
    [commandId],
  );
  return rows.map((r) => ({ sirenId: r.sirenId, terminalId: r.terminalId, message: messageOf(r) }));
}
/** Commands past their expiry that still owe deliveries (a process stopped before it could call them failed). */
export async function expiredOwedCommands(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT DISTINCT d.command_id::text AS id FROM siren_command_target d JOIN siren_command c ON c.id = d.command_id
      WHERE d.state IN ('pending', 'sent') AND c.expires_at <= now()`,
  );
  return rows.map((r) => r.id);
}
/** Marks deliveries as sent once more (attempts + 1). Call it in a transaction (see `orderDeliveryWrites`). */
export async function markSent(db: Queryable, commandId: string, sirenIds: readonly number[]): Promise<void> {
  if (sirenIds.length === 0) return;
  await orderDeliveryWrites(db);
  await db.query(
    `UPDATE siren_command_target SET state = 'sent', attempts = attempts + 1, sent_at = COALESCE(sent_at, now()), updated_at = now(), ${NEXT_SEQ}
      WHERE command_id = $1 AND siren_id = ANY($2::int[]) AND state IN ('pending', 'sent')`,
    [commandId, sirenIds],
  );
}
/** Fails deliveries still in one of `from` (by default those never answered). */
export async function markFailed(db: Queryable, commandId: string, sirenIds: readonly number[], reason: string, from: readonly string[] = ['pending', 'sent']): Promise<number[]> {
  if (sirenIds.length === 0) return [];
  await orderDeliveryWrites(db);
  const { rows } = await db.query<{ id: number }>(
    `UPDATE siren_command_target SET state = 'failed', reason = $3, updated_at = now(), ${NEXT_SEQ}
      WHERE command_id = $1 AND siren_id = ANY($2::int[]) AND state = ANY($4::text[]) RETURNING siren_id AS id`,
    [commandId, sirenIds, reason, from],
  );
  return rows.map((r) => r.id);
}

/**
 * Sound deliveries still `accepted` although the same siren has since acknowledged a later sound or stop command:
 * the terminal ended the first when the later one came (it reports `finished`, `stopped` or `superseded`, before it
 * acknowledges the later one, on the same ordered session) — so that `finished` was lost. They are finished here,
 * the reason saying so and naming the siren's latest acknowledged command. The siren's state is left alone: the
 * later command's reports drive it.
 * Only commands of the last day are looked at (a program plays for minutes).
 */
export async function finishSuperseded(db: Queryable): Promise<Array<{ commandId: string; sirenId: number }>> {
  await orderDeliveryWrites(db);
  // Every step is a look-up by key, so the plan cannot depend on statistics: for each open delivery, the day's later
  // sound or stop commands (a handful) newest first, each probed by primary key for that siren's acknowledgement.
  // (It was one set-based join of "each siren's latest acknowledged command": with no statistics — the embedded
  // database never analyses — the planner joined it by nested loop, and for an alert's 10,000 sirens and one earlier
  // command that was 10⁸ comparisons, about 100 s with the database held; issue 11's closing note has the plan.)
  const { rows } = await db.query<{ commandId: string; sirenId: number }>(
    `WITH recent AS MATERIALIZED (
       SELECT id, action, issued_at FROM siren_command WHERE issued_at > now() - interval '1 day' AND action IN ('sound', 'stop')),
     open AS MATERIALIZED (
       SELECT a.command_id, a.siren_id, c.issued_at FROM recent c JOIN siren_command_target a ON a.command_id = c.id
        WHERE c.action = 'sound' AND a.state = 'accepted'),
     superseded AS (
       SELECT o.command_id, o.siren_id, l.id, l.action FROM open o CROSS JOIN LATERAL (
         SELECT c.id, c.action FROM recent c
          WHERE c.issued_at > o.issued_at
            AND EXISTS (SELECT 1 FROM siren_command_target y WHERE y.command_id = c.id AND y.siren_id = o.siren_id AND y.state IN ('accepted', 'finished'))
          ORDER BY c.issued_at DESC, c.id DESC LIMIT 1) l)
     UPDATE siren_command_target x SET state = 'finished', finished_at = now(), updated_at = now(), ${NEXT_SEQ},
            reason = CASE WHEN s.action = 'stop' THEN 'stopped' ELSE 'superseded' END
                     || ': 完成报告未收到，由后续指令 ' || s.id || ' 的应答推定 finished report lost, inferred from the later command ' || s.id
       FROM superseded s
      WHERE x.command_id = s.command_id AND x.siren_id = s.siren_id AND x.state = 'accepted'
      RETURNING x.command_id::text AS "commandId", x.siren_id AS "sirenId"`,
  );
  return rows;
}

/**
 * Deliveries still `accepted` (no `finished` recorded) whose program should have ended `marginMs` ago: `programS`
 * gives each sound program's length in seconds; other actions end at once. Commands of the last day only.
 */
export async function overdueUnfinished(db: Queryable, programS: Record<string, number>, marginMs: number): Promise<Array<{ commandId: string; sirenId: number; terminalId: string | null; overdueMs: number }>> {
  const { rows } = await db.query<{ commandId: string; sirenId: number; terminalId: string | null; overdueMs: number }>(
    `SELECT d.command_id::text AS "commandId", d.siren_id AS "sirenId", d.terminal_id AS "terminalId",
            (extract(epoch FROM now() - d.accepted_at) * 1000 - COALESCE(($1::jsonb ->> c.program)::float8, 0) * 1000 - $2::float8)::float8 AS "overdueMs"
       FROM siren_command c JOIN siren_command_target d ON d.command_id = c.id
      WHERE d.state = 'accepted' AND c.issued_at > now() - interval '1 day'
        AND d.accepted_at + make_interval(secs => (COALESCE(($1::jsonb ->> c.program)::float8, 0) * 1000 + $2::float8) / 1000) < now()`,
    [JSON.stringify(programS), marginMs],
  );
  return rows.map((r) => ({ ...r, overdueMs: Number(r.overdueMs) }));
}
/**
 * Reads the delivery rows a batch of reports names (with their command's action) and locks their sirens, in siren
 * order. The delivery rows need no row lock of their own: every writer of them holds `orderDeliveryWrites` first, so
 * after it nothing else writes them until this transaction ends, and this statement (taken after the lock) sees every
 * write committed before. Locking 10,000 of them anyway (FOR UPDATE stamps each tuple, which the UPDATE that follows
 * stamps again) was about a fifth of the database's time for a city-wide alert's reports. The sirens are locked: their
 * state is written by other paths too (the registry, faults), which do not take the advisory lock.
 */
export async function lockReportTargets(db: Queryable, keys: ReadonlyArray<{ commandId: string; sirenId: number }>): Promise<{ deliveries: DeliveryNow[]; statuses: Map<number, string> }> {
  if (keys.length === 0) return { deliveries: [], statuses: new Map() };
  await orderDeliveryWrites(db);
  const { rows } = await db.query<DeliveryNow>(
    `SELECT d.command_id::text AS "commandId", d.siren_id AS "sirenId", d.state, c.action, d.accepted_at IS NOT NULL AS accepted
       FROM siren_command_target d JOIN siren_command c ON c.id = d.command_id
       JOIN jsonb_to_recordset($1::jsonb) AS k("commandId" uuid, "sirenId" int) ON k."commandId" = d.command_id AND k."sirenId" = d.siren_id
      ORDER BY d.siren_id, d.command_id`,
    [JSON.stringify(keys)],
  );
  const ids = [...new Set(rows.map((r) => r.sirenId))];
  const statuses = new Map((await db.query<{ id: number; status: string }>(
    'SELECT id, status FROM siren WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE', [ids])).rows.map((r) => [r.id, r.status]));
  return { deliveries: rows, statuses };
}
/**
 * Writes what a batch of reports did (`planReports`) in one statement: every changed delivery row, every siren whose
 * state changed and their history lines in the order they happened. One statement, not three: on the embedded
 * database each statement is parsed and planned afresh and a batch of 10,000 reports comes in a hundred batches or
 * so. (The history's JOIN reads the sirens as they were before the statement — only their region is taken, which
 * the UPDATE does not change.)
 */
export async function writeReportBatch(db: Queryable, plan: ReportPlan, actor: { actorId: number | null; actor: string | null }): Promise<void> {
  if (plan.deliveries.length === 0 && plan.events.length === 0) return;
  await db.query(
    `WITH d AS (
       UPDATE siren_command_target d SET state = v.state, reason = v.reason, updated_at = now(), ${NEXT_SEQ},
              accepted_at = CASE WHEN v.accepted THEN COALESCE(d.accepted_at, now()) ELSE d.accepted_at END,
              finished_at = CASE WHEN v.finished THEN now() ELSE d.finished_at END
         FROM jsonb_to_recordset($1::jsonb) AS v("commandId" uuid, "sirenId" int, state text, reason text, accepted boolean, finished boolean)
        WHERE d.command_id = v."commandId" AND d.siren_id = v."sirenId"
     ), s AS (
       UPDATE siren s SET status = v.status, status_changed_at = now(), updated_at = now()
         FROM jsonb_to_recordset($2::jsonb) AS v(id int, status text) WHERE s.id = v.id
     )
     INSERT INTO siren_status_event (siren_id, region_code, from_status, to_status, reason, actor_id, actor)
     SELECT e."sirenId", s.region_code, e."from", e."to", e.reason, $4, $5
       FROM jsonb_to_recordset($3::jsonb) AS e(n int, "sirenId" int, "from" text, "to" text, reason text) JOIN siren s ON s.id = e."sirenId"
      ORDER BY e.n`,
    [JSON.stringify(plan.deliveries), JSON.stringify(plan.sirens), JSON.stringify(plan.events.map((e, n) => ({ n, ...e }))), actor.actorId, actor.actor],
  );
}
export async function sirenStatus(db: Queryable, sirenId: number): Promise<string | null> {
  return (await db.query<{ status: string }>('SELECT status FROM siren WHERE id = $1', [sirenId])).rows[0]?.status ?? null;
}

/**
 * Flags unreachable the deliveries still unanswered `ms` after their first send (or the command's issue, if never
 * sent), of commands of the last day; each is flagged once. Answers the commands whose rows changed, and in how many
 * milliseconds the first delivery still unanswered (and not flagged) will be due, by the database's clock (null: none
 * is open), so that the caller need not look again before then.
 */
export async function flagUnreachable(db: Queryable, ms: number): Promise<{ commandIds: string[]; nextDueInMs: number | null }> {
  await orderDeliveryWrites(db);
  const { rows } = await db.query<{ id: string }>(
    `UPDATE siren_command_target d SET unreachable_at = now(), ${NEXT_SEQ}
       FROM siren_command c
      WHERE c.id = d.command_id AND d.state IN ('pending', 'sent') AND d.unreachable_at IS NULL AND c.issued_at > now() - interval '1 day'
        AND COALESCE(d.sent_at, c.issued_at) < now() - make_interval(secs => $1::float8 / 1000)
      RETURNING d.command_id::text AS id`,
    [ms]);
  const next = await db.query<{ dueInMs: number | null }>(
    `SELECT (extract(epoch FROM min(COALESCE(d.sent_at, c.issued_at)) + make_interval(secs => $1::float8 / 1000) - now()) * 1000)::float8 AS "dueInMs"
       FROM siren_command_target d JOIN siren_command c ON c.id = d.command_id
      WHERE d.state IN ('pending', 'sent') AND d.unreachable_at IS NULL AND c.issued_at > now() - interval '1 day'`,
    [ms]);
  const dueInMs = next.rows[0]?.dueInMs;
  return { commandIds: [...new Set(rows.map((r) => r.id))], nextDueInMs: dueInMs === null || dueInMs === undefined ? null : Number(dueInMs) };
}

/** Stores when terminals were last heard (a batch from the presence sweep). */
export async function recordSeen(db: Queryable, rows: ReadonlyArray<{ id: number; at: string; state: string }>): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `UPDATE siren s SET last_seen_at = v.at::timestamptz, terminal_state = v.state FROM jsonb_to_recordset($1::jsonb) AS v(id int, at text, state text) WHERE s.id = v.id`,
    [JSON.stringify(rows)]);
}
/** Sirens with a terminal heard before but not for `ms`, still shown as reachable. */
export async function silentSirens(db: Queryable, ms: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT id FROM siren WHERE terminal_id IS NOT NULL AND last_seen_at < now() - make_interval(secs => $1::float8 / 1000) AND status IN ('online', 'sounding')`,
    [ms]);
  return rows.map((r) => r.id);
}
