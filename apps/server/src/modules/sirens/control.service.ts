/**
 * Remote control of sirens, safe by design (docs/protocols/siren-control.md):
 *
 * - **Authenticated.** Each command is signed per terminal with HMAC-SM3 under that terminal's own key (sealed at
 *   rest); terminals refuse anything that does not verify, has expired, or was already executed. Reports back are
 *   signed the same way, so nobody on the broker can fake an acknowledgement either.
 * - **Idempotent.** The command id is the client's key: the same id again answers the same command and sends
 *   nothing; the same signed bytes are re-sent on retries, so a terminal that already executed them only re-reports.
 * - **Acknowledged.** Every siren has a delivery row (pending → sent → accepted → finished, or rejected / failed /
 *   skipped), re-sent after `ackTimeoutMs` up to `retries` times, then `failed`.
 * - **Audited.** Issuing writes the command, its deliveries (the outbox) and the audit row in one transaction; the
 *   dispatcher sends after the commit and, after a restart, resumes every unexpired delivery still owed.
 */
import { DELIVERY_REASONS, SIGNAL_PROGRAMS, inScope, programDurationS } from '@civdef/domain';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { Database, Queryable } from '../../db/index.ts';
import { auditContextOf, type Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import type { FieldCipher } from '../../lib/field-crypto.ts';
import { shapeRefusal } from '../../lib/shape-check.ts';
import {
  PRESENCE_TOPIC_FILTERS, PROTOCOL_VERSION, REPORT_TOPIC_FILTER, brokerPassword, commandMac, commandMessage, commandTopic, parseBeat, parseReport, randomNonce, verifyBeat, verifyReport,
  type CommandBody, type SignedBeat, type TerminalState,
} from '../../lib/siren-protocol.ts';
import type { BrokerAuthority, Messaging } from '../../plugins/messaging.ts';
import { appendAudit } from '../audit/index.ts';
import type { RegionsService } from '../regions/index.ts';
import * as repo from './control.repository.ts';
import { deliveryKey, planReports, type QueuedReport } from './control.reports.ts';
import { SirensErrors as E } from './sirens.errors.ts';
import * as sirensRepo from './sirens.repository.ts';
import type { CommandCreate, CommandTarget } from './sirens.schemas.ts';
import { TERMINAL_KEY_CONTEXT } from './sirens.service.ts';

export interface ControlSettings {
  ackTimeoutMs: number;
  retries: number;
  commandTtlSeconds: number;
  /** A terminal heard once and silent for longer is shown offline (default 10 s). */
  heartbeatTimeoutMs?: number;
  /**
   * Verified reports written in one transaction at most (default 2,000). A batch holds the database's one connection
   * (PGlite) for as long as it writes — about 0.2 s for 2,000 on the reference machine, with the server's thread free
   * meanwhile — and each batch pays a commit: at 500, the 10,000 reports of a city-wide alert took about 0.2 s longer
   * to be recorded than at 2,000.
   */
  reportBatchMax?: number;
  /** How long the first waiting report waits for others before its batch is written (default 5 ms). */
  reportFlushMs?: number;
  /** Reports waiting or being written at most; more are dropped and counted (default 50,000). */
  reportQueueLimit?: number;
  /**
   * How long after a program's end a delivery may still lack its `finished` before it is reconciled from the
   * terminal's last beat, or failed (default 10 s; the check runs at most every 5 s).
   */
  finishMarginMs?: number;
  /** A delivery still unanswered this long after its first send is flagged unreachable on the live view (default 10 s). */
  unreachableAfterMs?: number;
}

export interface ControlDeps {
  db: Database;
  /** The jurisdiction outlines a drawn target must lie in. */
  regions: Pick<RegionsService, 'geometryInScope'>;
  cipher: FieldCipher;
  messaging: Pick<Messaging, 'kind' | 'client'>;
  settings: ControlSettings;
  log?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
}

export interface CommandData {
  command: repo.CommandRow;
  counts: Record<string, number>;
  deliveries: repo.DeliveryRow[];
  /** The highest cursor number among the command's rows read: ask again `since` it for what changed after. */
  cursor: number;
}

export interface CommandReportData {
  command: repo.CommandRow;
  counts: Record<string, number>;
  rows: repo.ReportRow[];
}

export interface ControlService {
  /** Issues a command (or answers the existing one for a repeated id: `created` false). */
  issue(actor: Actor, ip: string | null, input: CommandCreate): Promise<{ data: CommandData; created: boolean }>;
  /** A command with all its deliveries, or (`since` a cursor) with only those written after it; counts are always whole. */
  get(actor: Actor, id: string, since?: number): Promise<CommandData>;
  /** A command, its counts and every delivery with its region's name, problems first: its report (control.export.ts). */
  report(actor: Actor, id: string): Promise<CommandReportData>;
  /**
   * A command's deliveries (all, or `since` a cursor those written after it), its counts and the cursor — with no
   * jurisdiction check: for the live stream, which checked with `find` before it opened.
   */
  changesOf(commandId: string, since: number | null): Promise<Omit<CommandData, 'command'>>;
  /** The command if it is in the actor's jurisdiction (the live stream checks before it opens). */
  find(actor: Actor, id: string): Promise<repo.CommandRow | null>;
  /**
   * Calls `listener` after each commit that changed delivery rows, with the commands they belong to (this process's
   * writes: reports, retries, failures, unreachable flags). Returns how to stop listening.
   */
  onDeliveriesChanged(listener: (commandIds: ReadonlySet<string>) => void): () => void;
  list(actor: Actor, page: number, pageSize: number): Promise<{ items: Array<{ command: repo.CommandRow; counts: Record<string, number> }>; total: number; page: number; pageSize: number }>;
  /**
   * `issue` inside the caller's transaction (an alert writes its commands with itself: the outbox). Call `send`
   * with the id after the commit; a crash before that is covered by `start` resuming owed deliveries.
   */
  issueWithin(tx: Queryable, actor: Actor, ip: string | null, input: CommandCreate): Promise<{ id: string; created: boolean }>;
  /** How many sirens a target names, each part checked against the actor's jurisdiction (as issuing would). */
  countTarget(q: Queryable, actor: Actor, target: CommandTarget): Promise<number>;
  /** Sends what a committed command still owes (after `issueWithin`'s transaction committed). */
  send(commandId: string): Promise<void>;
  /** Answers the embedded broker's login checks: a terminal logs in with its id and the password derived from its key. */
  readonly brokerAuthority: BrokerAuthority;
  /**
   * Broker accounts of every remote terminal (id and derived password), for an external broker's password file;
   * `operator` (who at the machine asked) is audited with the count, never a password.
   */
  terminalAccounts(operator: string): Promise<Array<{ terminalId: string; password: string }>>;
  /**
   * The plain keys of the first `count` remote terminals, for the terminal simulator run by the operator on the
   * server's machine (`civdef sim sirens`). Never reachable over HTTP; audited with the count, never a key.
   */
  terminalKeysForSimulation(operator: string, count: number): Promise<Array<{ terminalId: string; key: string }>>;
  /** Subscribes to terminal reports and resumes the deliveries still owed (after a restart). */
  start(): Promise<void>;
  /** Stops sending and listening; writes every report already received before it resolves. */
  stop(): Promise<void>;
  /**
   * The activation-report queue for /metrics: reports waiting, being written, written (each applied, or found to
   * change nothing), dropped because the queue was full and lost with a batch whose transaction failed (the last
   * three since the start; the deliveries of the last two are sent again).
   */
  reportQueue(): { queued: number; writing: number; written: number; dropped: number; failed: number };
}

const SYSTEM = { actorId: null, actor: 'system' };
/** How many deliveries of a command are signed and written at a time (see `issueWithin`). */
const SIGN_SLICE = 2_000;
const maxSeq = (rows: ReadonlyArray<{ seq: number }>, floor: number) => rows.reduce((m, r) => (r.seq > m ? r.seq : m), floor);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const passwordMatches = (expected: string, given: string) => given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
const sameTarget = (a: CommandTarget, b: CommandTarget) => {
  const norm = (t: CommandTarget) => JSON.stringify([[...(t.sirenIds ?? [])].sort(), [...(t.groupIds ?? [])].sort(), [...(t.regionCodes ?? [])].sort(), t.polygon?.coordinates ?? null]);
  return norm(a) === norm(b);
};

export function createControlService({ db, regions, cipher, messaging, settings, log }: ControlDeps): ControlService {
  const timers = new Map<string, NodeJS.Timeout>();
  /**
   * Deliveries an outbox caller (`issueWithin`: an alert, a test-day step) wrote in its own transaction, kept until
   * its `send` after the commit, so 10,000 signed payloads are not read back from the database they were just written
   * to. Only a hint: `send` checks the command was committed before using them, and an entry whose `send` never
   * comes (the caller's transaction rolled back) is dropped after a minute. A process killed in between loses nothing:
   * the rows are in the database, and `start` sends them again.
   */
  const committedOwed = new Map<string, { owed: repo.OpenDelivery[]; timer: NodeJS.Timeout }>();
  let stopped = false;
  // Presence: verified heartbeats per siren (this process), written to the database by the sweep in batches.
  const heartbeatTimeoutMs = settings.heartbeatTimeoutMs ?? 10_000;
  const seen = new Map<number, { at: number; state: TerminalState; last: SignedBeat['last'] }>();
  const lastBeatAt = new Map<string, number>();
  const dirty = new Set<number>();
  /** Sirens whose status this process has looked at since it started, and those of them it knows to be offline. */
  const checked = new Set<number>();
  const offline = new Set<number>();
  let sweepTimer: NodeJS.Timeout | null = null;
  let startedAt = 0;
  let sweeping: Promise<void> = Promise.resolve();
  // Lost `finished` reports (see `reconcile`).
  const finishMarginMs = settings.finishMarginMs ?? 10_000;
  const unreachableAfterMs = settings.unreachableAfterMs ?? 10_000;
  const reconcileEveryMs = Math.min(5_000, finishMarginMs);
  /** No delivery can be due to be flagged unreachable before this (see `sweep`); 0: look at the next sweep. */
  let nextUnreachableCheckAt = 0;
  /** When the deliveries of the earliest command issued here and not looked at since fall due (Infinity: none). */
  let issuedDueAt = Infinity;
  let nextReconcileAt = 0;
  /** When the last report was queued: reconciling waits for a quiet second (see `sweep`). */
  let lastReportAt = 0;
  const programSeconds = Object.fromEntries(SIGNAL_PROGRAMS.map((p) => [p.code, programDurationS(p)]));
  // Verified reports waiting to be written (see `enqueue`).
  const batchMax = settings.reportBatchMax ?? 2000;
  const flushMs = settings.reportFlushMs ?? 5;
  const reportQueueLimit = settings.reportQueueLimit ?? 50_000;
  const queue: QueuedReport[] = [];
  let inFlight = 0;
  let dropped = 0;
  let failedReports = 0;
  let written = 0;
  let flushTimer: NodeJS.Timeout | null = null;
  let flushNow = false;
  let flushing: Promise<void> = Promise.resolve();
  /** Reports being verified (a key may be read from the database first): awaited on stop, before the last flush. */
  const verifying = new Set<Promise<void>>();
  /** terminal id → siren id and plain key, filled when sending and on the first report of a terminal. */
  const keys = new Map<string, { sirenId: number; key: string; sealed: string }>();

  const openKey = (stored: string) => cipher.decrypt(stored, TERMINAL_KEY_CONTEXT);
  let warming: Promise<void> = Promise.resolve();

  /**
   * Opens every remote terminal's key once after the start, a few hundred at a time between other work, so that the
   * first alert does not open them all on its way out: one SM4-GCM decryption per siren was 0.2–0.3 s of the thread
   * for 10,000 sirens (a loaded machine's profile), spent before the first command left. (Behind the embedded broker the logins open
   * them too; behind an external one nothing else would.) A key changed meanwhile is seen as before: the cache holds
   * the sealed value next to the plain key, and a siren's key is always compared with the stored one before use.
   */
  async function warmKeys(): Promise<void> {
    const rows = await repo.remoteTerminalKeys(db);
    for (let i = 0; i < rows.length && !stopped; i += 250) {
      for (const r of rows.slice(i, i + 250)) {
        const cached = keys.get(r.terminalId);
        if (cached && cached.sealed === r.terminalKey && cached.sirenId === r.sirenId) continue;
        try {
          keys.set(r.terminalId, { sirenId: r.sirenId, key: openKey(r.terminalKey), sealed: r.terminalKey });
        } catch {
          // A key that does not open (another installation's, damaged) is refused where it is used, with its error.
        }
      }
      await new Promise((r) => setImmediate(r));
    }
  }

  async function data(command: repo.CommandRow): Promise<CommandData> {
    return { command, ...(await whole(command.id)) };
  }

  /** Every delivery of a command, its counts and cursor. */
  async function whole(commandId: string): Promise<Omit<CommandData, 'command'>> {
    const deliveries = await repo.deliveriesOf(db, commandId);
    const counts: Record<string, number> = {};
    for (const d of deliveries) counts[d.state] = (counts[d.state] ?? 0) + 1;
    return { counts, deliveries, cursor: maxSeq(deliveries, 0) };
  }

  /**
   * The counts, then the rows written after `since`: a row written in between comes with these counts, which are
   * behind it until the next read. Never the other way round: counts read after the rows would include a report
   * batch committed in between whose rows were not read, and if that batch finished the command the frame would say
   * complete — the live view ends its stream on that — without the rows that completed it (a city-wide alert's live
   * map kept hundreds of sirens 鸣响中 after it had ended).
   */
  async function changesOf(commandId: string, since: number): Promise<Omit<CommandData, 'command'>> {
    const { counts } = await repo.countsAndCursor(db, commandId);
    const deliveries = await repo.deliveriesSince(db, commandId, since);
    return { counts, deliveries, cursor: maxSeq(deliveries, since) };
  }

  const changeListeners = new Set<(commandIds: ReadonlySet<string>) => void>();
  /** Tells the listeners (the live streams) which commands' rows a committed write changed. */
  function changed(commandIds: Iterable<string>): void {
    const ids = new Set([...commandIds].map((id) => id.toLowerCase()));
    if (ids.size === 0) return;
    for (const listener of changeListeners) {
      try {
        listener(ids);
      } catch (err) {
        log?.warn({ err: (err as Error).message }, 'siren commands: a change listener failed');
      }
    }
  }

  /**
   * The sirens inside a drawn area, once it is known to be a valid polygon inside the actor's jurisdiction. The schema
   * has made it readable GeoJSON with closed rings, so PostGIS cannot fail on it here, inside the issuing transaction.
   */
  async function sirensInDrawnArea(q: Queryable, actor: Actor, polygon: NonNullable<CommandTarget['polygon']>): Promise<repo.TargetSirenRow[]> {
    const refusal = await shapeRefusal(polygon, {
      db: q,
      inRegion: (g) => regions.geometryInScope(actor.scope, g, q),
      outsideText: { zh: '超出您的管辖范围', en: 'reaches outside your jurisdiction' },
    });
    if (refusal) throw new AppError(E.SIRENS_COMMAND_AREA_INVALID, 400, { zh: refusal.zh, en: refusal.en }, [{ field: 'body.target.polygon', rule: refusal.rule, zh: refusal.zh, en: refusal.en }]);
    return repo.sirensInPolygon(q, JSON.stringify(polygon), actor.scope);
  }

  /** The sirens a target names, each named part checked against the actor's jurisdiction. */
  async function resolve(q: Queryable, actor: Actor, target: CommandTarget): Promise<repo.TargetSirenRow[]> {
    const ids = target.sirenIds ?? [];
    const byId = await repo.sirensByIds(q, ids, actor.scope);
    const seen = new Set(byId.map((s) => s.id));
    const missing = ids.findIndex((id) => !seen.has(id));
    if (missing >= 0) throw new AppError(E.SIRENS_COMMAND_TARGET_UNKNOWN, 400, { field: `target.sirenIds[${missing}]`, value: ids[missing] });
    const groupIds = target.groupIds ?? [];
    const groups = await repo.sirensOfGroups(q, groupIds, actor.scope);
    const g = groupIds.findIndex((id) => !groups.found.has(id));
    if (g >= 0) throw new AppError(E.SIRENS_COMMAND_TARGET_UNKNOWN, 400, { field: `target.groupIds[${g}]`, value: groupIds[g] });
    const codes = target.regionCodes ?? [];
    const known = await repo.existingRegionCodes(q, codes);
    const r = codes.findIndex((c) => !known.has(c) || !inScope(actor.regionCode, c));
    if (r >= 0) throw new AppError(E.SIRENS_COMMAND_TARGET_UNKNOWN, 400, { field: `target.regionCodes[${r}]`, value: codes[r] });
    const inPolygon = target.polygon ? await sirensInDrawnArea(q, actor, target.polygon) : [];
    const all = new Map<number, repo.TargetSirenRow>();
    for (const s of [...byId, ...groups.sirens, ...(await repo.sirensOfRegions(q, codes, actor.scope)), ...inPolygon]) all.set(s.id, s);
    return [...all.values()].sort((a, b) => a.id - b.id);
  }

  async function publish(d: repo.OpenDelivery): Promise<void> {
    await messaging.client!.publishAsync(commandTopic(d.terminalId), d.payload, { qos: 1 });
  }

  /**
   * Sends what a command still owes, and arms its acknowledgement timer. `committed`: the deliveries the caller has
   * just committed, already written `sent` (their first attempt) and not yet published (issuing), so they need not be
   * read back — 10,000 signed payloads read again were about a third of a second of the one thread before the first
   * command left — nor marked sent by an UPDATE of every row (another half second of the database).
   */
  async function dispatch(commandId: string, committed?: repo.OpenDelivery[]): Promise<void> {
    if (stopped || !messaging.client) return;
    const open = committed ?? await repo.openDeliveries(db, commandId);
    if (open.length === 0) return;
    const due = open.filter((d) => d.attempts <= settings.retries);
    const exhausted = open.filter((d) => d.attempts > settings.retries);
    if (exhausted.length > 0) await noAnswer(commandId, exhausted.map((d) => d.sirenId), DELIVERY_REASONS.noAnswer(exhausted[0]!.attempts));
    if (due.length === 0) return;
    // With an external broker the commands leave first and the rows say `sent` after: the UPDATE of 10,000 rows holds
    // the database for about half a second (and this thread too when PGlite runs in it, CIVDEF_PGLITE_THREAD=main),
    // which Mosquitto and the terminals spend answering instead of waiting; one turn of the event loop lets the MQTT
    // client write the packets first. A process killed in between leaves the rows `pending`, so the next one sends them
    // again — the terminals deduplicate by command id, as for any resend — and a report written before the UPDATE is
    // safe, it only moves `pending`/`sent` rows. With the embedded broker (in this thread) the rows are marked first, as
    // before (its message queue then never holds a whole alert's commands and answers at once). Deliveries just
    // committed by `issue` or `issueWithin` were written `sent` already (`marked`): no UPDATE at all.
    const marked = committed !== undefined;
    const sendFirst = messaging.kind === 'external';
    if (!sendFirst && !marked) await markSent(commandId, due.map((d) => d.sirenId));
    // Publishing is not awaited one by one: QoS 1 needs the broker's PUBACK per message, and 10,000 round trips in a
    // row would take longer than the whole alert may. Settled handlers are attached at once: a failed publish is
    // never an unhandled rejection, even if the UPDATE below throws.
    const sends = Promise.allSettled(due.map(publish));
    if (sendFirst && !marked) {
      await new Promise((r) => setImmediate(r));
      await markSent(commandId, due.map((d) => d.sirenId));
    }
    const results = await sends;
    const lost = results.filter((r) => r.status === 'rejected').length;
    if (lost > 0) log?.warn({ commandId, lost }, 'siren command: publish failed, will retry');
    const expiresIn = Math.min(...due.map((d) => new Date(d.expiresAt).getTime())) - Date.now();
    arm(commandId, Math.max(1, Math.min(settings.ackTimeoutMs, expiresIn)));
  }

  async function markSent(commandId: string, sirenIds: number[]): Promise<void> {
    await db.transaction((tx) => repo.markSent(tx, commandId, sirenIds));
    changed([commandId]);
  }

  function arm(commandId: string, ms: number): void {
    clearTimeout(timers.get(commandId));
    const timer = setTimeout(() => {
      timers.delete(commandId);
      void dispatch(commandId).then(() => expireOwed(commandId)).catch((err: Error) => log?.warn({ commandId, err: err.message }, 'siren command: retry failed'));
    }, ms);
    timer.unref?.();
    timers.set(commandId, timer);
  }

  /** Deliveries of an expired command that never answered: failed (open deliveries only lists unexpired ones). */
  async function expireOwed(commandId: string): Promise<void> {
    const command = await repo.commandById(db, commandId);
    if (!command || new Date(command.expiresAt).getTime() > Date.now()) return;
    const owed = (await repo.deliveriesOf(db, commandId)).filter((d) => d.state === 'pending' || d.state === 'sent').map((d) => d.sirenId);
    await noAnswer(commandId, owed, '指令过期前无应答 no answer before the command expired');
  }

  async function noAnswer(commandId: string, sirenIds: number[], reason: string, from?: string[], sirenReason = `遥控指令 ${commandId} 无应答 no answer`): Promise<void> {
    if (sirenIds.length === 0) return;
    const anyFailed = await db.transaction(async (tx) => {
      const failed = await repo.markFailed(tx, commandId, sirenIds, reason, from);
      // A terminal that does not answer is not known to be online any more.
      for (const id of failed) {
        const status = await repo.sirenStatus(tx, id);
        if (status === 'online' || status === 'sounding') await sirensRepo.setStatus(tx, id, 'offline', sirenReason, SYSTEM);
        if (status === 'online' || status === 'sounding' || status === 'offline') offline.add(id);
      }
      return failed.length > 0;
    });
    if (anyFailed) changed([commandId]);
  }

  async function keyOf(terminalId: string): Promise<{ sirenId: number; key: string } | null> {
    const cached = keys.get(terminalId);
    if (cached) return cached;
    return freshKeyOf(terminalId);
  }

  /** The terminal's key as stored now (re-keyed since it was cached: the new one), decrypted only when it changed. */
  async function freshKeyOf(terminalId: string): Promise<{ sirenId: number; key: string } | null> {
    const siren = await repo.sirenOfTerminal(db, terminalId);
    if (!siren?.terminalKey || siren.controlChannel !== 'mqtt') {
      keys.delete(terminalId);
      return null;
    }
    const cached = keys.get(terminalId);
    if (cached && cached.sealed === siren.terminalKey && cached.sirenId === siren.id) return cached;
    const entry = { sirenId: siren.id, key: openKey(siren.terminalKey), sealed: siren.terminalKey };
    keys.set(terminalId, entry);
    return entry;
  }

  async function onReport(topic: string, payload: Buffer): Promise<void> {
    const terminal = topic.split('/')[3] ?? '';
    const report = parseReport(payload);
    if (!report || report.terminal !== terminal) return void log?.warn({ topic }, 'siren report: malformed or for another terminal, ignored');
    let k = await keyOf(terminal);
    // The terminal may have been re-keyed since its key was cached: one more look at the stored key before refusing.
    if (k && !verifyReport(k.key, report)) k = await freshKeyOf(terminal);
    // A report that does not verify under the terminal's key was not sent by that terminal: ignored (and logged).
    if (!k || !verifyReport(k.key, report)) return void log?.warn({ topic, id: report.id }, 'siren report: bad signature, ignored');
    // Only a well-formed UUID goes into the batch: one id the database cannot read would fail the whole batch.
    if (!UUID.test(report.id)) return;
    // Any verified answer is a sign of life.
    if (report.status !== 'rejected') offline.delete(k.sirenId);
    enqueue({ commandId: report.id, sirenId: k.sirenId, status: report.status, reason: report.reason });
  }

  /**
   * Verified reports wait here and are written in batches (one transaction of a few set-based statements each, see
   * control.reports.ts): written one transaction each, 10,000 reports took 16–20 s to record. A batch is written
   * `flushMs` after its first report, or at once when `batchMax` are waiting; reports that arrive meanwhile make the
   * next batch, so the batches grow with the load. Nothing is acknowledged to a terminal by this (the broker's PUBACK
   * does not wait for it and the protocol promises nothing more): a report lost before its batch is written — the
   * process killed, the queue full, the batch's transaction failed — leaves its delivery `sent`, it is sent again,
   * and the terminal answers the repeated id with its last report.
   */
  function enqueue(r: QueuedReport): void {
    if (queue.length + inFlight >= reportQueueLimit) {
      // Bounded: a flood (or a database that stalls) must not grow the process without limit. Counted on /metrics.
      dropped++;
      if (dropped === 1 || dropped % 1000 === 0) log?.warn({ dropped, limit: reportQueueLimit }, 'siren reports: queue full, report dropped (the delivery will be sent again)');
      return;
    }
    queue.push(r);
    lastReportAt = Date.now();
    if (queue.length >= batchMax) kick(0);
    else kick(flushMs);
  }

  /** Arms the flush timer (`ms` 0: as soon as possible); an armed timer that fires at least as soon is kept. */
  function kick(ms: number): void {
    if (flushTimer && (ms > 0 || flushNow)) return;
    clearTimeout(flushTimer ?? undefined);
    flushNow = ms === 0;
    flushTimer = setTimeout(() => {
      flushTimer = null;
      void flush();
    }, ms);
    flushTimer.unref?.();
  }

  /** Writes every waiting report, a batch at a time; one writer at a time, so batches land in arrival order. */
  function flush(): Promise<void> {
    flushing = flushing.then(async () => {
      while (queue.length > 0) {
        // Between two batches the event loop reads the sockets: when PGlite runs in this thread (CIVDEF_PGLITE_THREAD=main)
        // a drain of many batches would otherwise keep the MQTT link unread, and a broker whose queue for the
        // platform fills up (Mosquitto: max_queued_messages) drops the reports past it.
        await new Promise((r) => setImmediate(r));
        const batch = queue.splice(0, batchMax);
        inFlight = batch.length;
        try {
          await writeBatch(batch);
          written += batch.length;
        } catch (err) {
          failedReports += batch.length;
          log?.warn({ reports: batch.length, err: (err as Error).message }, 'siren reports: batch not written (the deliveries will be sent again)');
        } finally {
          inFlight = 0;
        }
      }
    });
    return flushing;
  }

  async function writeBatch(batch: QueuedReport[]): Promise<void> {
    const keys = new Map(batch.map((r) => [deliveryKey(r.commandId, r.sirenId), { commandId: r.commandId, sirenId: r.sirenId }]));
    const plan = await db.transaction(async (tx) => {
      const locked = await repo.lockReportTargets(tx, [...keys.values()]);
      const plan = planReports(batch, new Map(locked.deliveries.map((d) => [deliveryKey(d.commandId, d.sirenId), d])), locked.statuses);
      await repo.writeReportBatch(tx, plan, SYSTEM);
      return plan;
    });
    changed(plan.deliveries.map((d) => d.commandId));
  }

  /**
   * A heartbeat or retained state from a terminal: verified (its key, fresh, newer than the last — a replayed beat
   * keeps nothing alive), remembered, and a siren shown offline comes back online with the change in its history.
   */
  async function onBeat(topic: string, payload: Buffer): Promise<void> {
    const terminal = topic.split('/')[3] ?? '';
    const beat = parseBeat(payload);
    if (!beat || beat.terminal !== terminal) return;
    const k = await keyOf(terminal);
    const now = Date.now();
    // Stale retained states (a terminal gone for a while) are simply not evidence of life: no warning for them.
    if (!k || !verifyBeat(k.key, beat, { now, maxAgeMs: heartbeatTimeoutMs, lastAt: lastBeatAt.get(terminal) ?? 0 })) return;
    lastBeatAt.set(terminal, Date.parse(beat.at));
    seen.set(k.sirenId, { at: now, state: beat.state, last: beat.last ?? null });
    dirty.add(k.sirenId);
    if (checked.has(k.sirenId) && !offline.has(k.sirenId)) return;
    checked.add(k.sirenId);
    offline.delete(k.sirenId);
    await db.transaction(async (tx) => {
      if ((await repo.sirenStatus(tx, k.sirenId)) === 'offline') await sirensRepo.setStatus(tx, k.sirenId, 'online', '心跳恢复 heard from the terminal again', SYSTEM);
    });
  }

  /**
   * A `finished` report lost on the way (a broker's queue for the platform overflowing in a burst; the queue here
   * full) would leave its delivery `accepted` and the siren `sounding` for ever: nothing sends an accepted command
   * again, and an expired one could not be re-asked. So, every few seconds:
   * - a sound delivery still `accepted` although the siren acknowledged a later sound or stop command is finished
   *   (`stopped` / `superseded`; the terminal ended it before it acknowledged the later one);
   * - one whose program ended `finishMarginMs` ago is reconciled from the terminal's last verified beat, which names
   *   its last report (docs/protocols/siren-control.md): that report is applied as if it had just come;
   * - one whose terminal has not said so within a heartbeat timeout more is failed with the reason, and a siren
   *   still shown sounding is shown offline — never stuck.
   */
  async function reconcile(): Promise<void> {
    const superseded = await db.transaction((tx) => repo.finishSuperseded(tx));
    changed(superseded.map((r) => r.commandId));
    if (superseded.length > 0) log?.info({ deliveries: superseded.length }, 'siren commands: finished reports lost, inferred from later commands');
    const overdue = await repo.overdueUnfinished(db, programSeconds, finishMarginMs);
    const unanswered = new Map<string, number[]>();
    for (const o of overdue) {
      const last = seen.get(o.sirenId)?.last;
      if (last && last.id.toLowerCase() === o.commandId.toLowerCase() && last.status !== 'accepted') {
        enqueue({ commandId: o.commandId, sirenId: o.sirenId, status: last.status, reason: last.reason });
      } else if (o.overdueMs > heartbeatTimeoutMs) {
        unanswered.set(o.commandId, [...(unanswered.get(o.commandId) ?? []), o.sirenId]);
      }
    }
    for (const [commandId, ids] of unanswered) {
      await noAnswer(commandId, ids, '节目结束后未收到完成报告，终端状态亦未说明 no finished report after the program\'s end, and the terminal\'s state does not tell',
        ['accepted'], `遥控指令 ${commandId} 未报告完成 no finished report`);
    }
  }

  /** Stores what was heard, then shows offline every siren heard before and silent for longer than the timeout. */
  async function sweep(): Promise<void> {
    // Reconciling reads every open delivery of the day's commands: it waits until reports have been quiet for a
    // second (the reports of an alert's burst come first), but not longer than a minute.
    const quiet = Date.now() - lastReportAt >= 1_000 && queue.length === 0 && inFlight === 0;
    if (Date.now() >= nextReconcileAt && (quiet || Date.now() >= nextReconcileAt + 60_000)) {
      nextReconcileAt = Date.now() + reconcileEveryMs;
      // Its own failure must not keep the presence below from being stored.
      await reconcile().catch((err: Error) => log?.warn({ err: err.message }, 'siren commands: reconciling lost finished reports failed'));
    }
    // Unanswered deliveries past the time a terminal has to report are flagged (and pushed to the live views) — looked
    // for only when one can be due. The look reads every open delivery: 10,000 of them for each sweep of a city-wide
    // alert's burst, about 0.1 s of the database each time (holding back the reports' batches), to find none due.
    if (Date.now() >= Math.min(nextUnreachableCheckAt, issuedDueAt)) {
      if (Date.now() >= issuedDueAt) issuedDueAt = Infinity;
      const flagged = await db.transaction((tx) => repo.flagUnreachable(tx, unreachableAfterMs))
        .catch((err: Error) => (log?.warn({ err: err.message }, 'siren commands: flagging unreachable deliveries failed'), null));
      // The next look: when the first open delivery falls due, and never later than one timeout from now — a delivery
      // written after this look (by this process or another sharing the database) is due no sooner than that.
      // (A failed look is tried again at the next sweep.) A command this process issues is looked at when its first
      // rows fall due whatever a look said (`issuedDueAt`): they are stamped before their transaction commits, so a
      // look in between does not see them.
      const waitMs = flagged ? flagged.nextDueInMs ?? unreachableAfterMs : 0;
      nextUnreachableCheckAt = Date.now() + Math.max(0, Math.min(unreachableAfterMs, waitMs));
      changed(flagged?.commandIds ?? []);
    }
    const rows = [...dirty].map((id) => ({ id, at: new Date(seen.get(id)!.at).toISOString(), state: seen.get(id)!.state }));
    dirty.clear();
    await repo.recordSeen(db, rows);
    // After a start, give every live terminal one timeout to be heard before calling any of them silent.
    if (Date.now() - startedAt < heartbeatTimeoutMs) return;
    const silent = await repo.silentSirens(db, heartbeatTimeoutMs);
    if (silent.length === 0) return;
    const seconds = Math.round(heartbeatTimeoutMs / 100) / 10;
    await db.transaction(async (tx) => {
      for (const id of silent) await sirensRepo.setStatus(tx, id, 'offline', `心跳超时 no heartbeat for ${seconds} s`, SYSTEM);
    });
    for (const id of silent) {
      checked.add(id);
      offline.add(id);
    }
  }

  /**
   * Writes a command, its deliveries and its audit row in the caller's transaction; nothing is sent until `dispatch`.
   * Every caller publishes the returned `owed` deliveries as soon as its transaction commits (`issue` at once, an
   * alert or a test-day step through `send`), so their rows are written `sent` (first attempt) here, with no UPDATE
   * of every row afterwards. A process killed in between leaves them `sent` and unanswered: the next one sends them
   * again, as it would `pending` ones (the terminals deduplicate by id).
   */
  async function issueWithin(tx: Queryable, actor: Actor, ip: string | null, input: CommandCreate): Promise<{ command: repo.CommandRow; created: boolean; owed?: repo.OpenDelivery[]; written?: () => CommandData }> {
    if (input.action === 'sound' && !input.program) throw new AppError(E.SIRENS_COMMAND_PROGRAM_REQUIRED, 400);
    if (input.action !== 'sound' && input.program) throw new AppError(E.SIRENS_COMMAND_PROGRAM_NOT_ALLOWED, 400, { action: input.action });
    // No control link configured at all (MQTT_EMBEDDED_PORT=off, no MQTT_URL): refused, as the installation's state
    // conflicts with the request. A configured broker that is down is different: the command is queued (the outbox)
    // and each siren shows as failed when it does not answer, which is what the duty officer must see.
    if (messaging.kind === 'none' || !messaging.client) throw new AppError(E.SIRENS_CONTROL_UNAVAILABLE, 409);
    const id = input.id ?? randomUUID();
    const existing = await repo.commandById(tx, id);
    if (existing) {
      if (existing.action !== input.action || existing.program !== (input.program ?? null) || !sameTarget(existing.target, input.target)
        || !inScope(actor.regionCode, existing.regionCode)) {
        throw new AppError(E.SIRENS_COMMAND_ID_REUSED, 409, { id });
      }
      return { command: existing, created: false };
    }
    const sirens = await resolve(tx, actor, input.target);
    if (sirens.length === 0) throw new AppError(E.SIRENS_COMMAND_NO_TARGETS, 400);
    const issuedAt = new Date();
    const expiresAt = new Date(issuedAt.getTime() + settings.commandTtlSeconds * 1000);
    const spec = SIGNAL_PROGRAMS.find((p) => p.code === input.program);
    const program = spec ? { code: spec.code, onS: spec.onS, offS: spec.offS, repeat: spec.repeat } : null;
    const [issuedIso, expiresIso] = [issuedAt.toISOString(), expiresAt.toISOString()];
    issuedDueAt = Math.min(issuedDueAt, issuedAt.getTime() + unreachableAfterMs);
    const command = { id, action: input.action, program: program?.code ?? null, target: input.target, regionCode: actor.regionCode,
      issuedBy: actor.userId, issuedByName: actor.username, issuedAt: issuedAt.toISOString(), expiresAt: expiresAt.toISOString(),
      protocolVersion: PROTOCOL_VERSION, programSpec: program };
    await repo.insertCommand(tx, command);
    const sign = (s: repo.TargetSirenRow): repo.DeliveryInsert & { payload: string | null } => {
      const nonce = randomNonce();
      if (s.controlChannel !== 'mqtt' || !s.terminalId || !s.terminalKey) {
        return { sirenId: s.id, regionCode: s.regionCode, terminalId: s.terminalId, nonce, mac: null, payload: null, state: 'skipped', reason: DELIVERY_REASONS.noTerminal };
      }
      const body: CommandBody = {
        v: PROTOCOL_VERSION, id, terminal: s.terminalId, action: input.action, program, issuedAt: issuedIso, expiresAt: expiresIso, nonce,
      };
      // The key opened for an earlier command or report is reused while the stored (sealed) key is the same: one SM4
      // decryption per siren per command was ~0.1 s of the server's one thread for 1,000 sirens. A re-keyed terminal's
      // sealed key differs, so it is opened afresh.
      const cached = keys.get(s.terminalId);
      const key = cached && cached.sealed === s.terminalKey ? cached.key : openKey(s.terminalKey);
      keys.set(s.terminalId, { sirenId: s.id, key, sealed: s.terminalKey });
      const mac = commandMac(key, body);
      return { sirenId: s.id, regionCode: s.regionCode, terminalId: s.terminalId, nonce, mac, payload: commandMessage(body, mac), state: 'sent', reason: null };
    };
    // Signed a slice at a time, each slice written while the next is signed: the database works on its own thread (or
    // server), so for a city-wide command the signing (~0.1 s for 10,000 sirens) no longer comes before the first row.
    const deliveries: Array<repo.DeliveryInsert & { payload: string | null }> = [];
    let writing: Promise<void> = Promise.resolve();
    for (let i = 0; i < sirens.length; i += SIGN_SLICE) {
      const slice = sirens.slice(i, i + SIGN_SLICE).map(sign);
      deliveries.push(...slice);
      await writing;
      writing = repo.insertDeliveries(tx, id, slice, issuedAt);
    }
    await writing;
    const remote = deliveries.filter((d) => d.state !== 'skipped').length;
    await appendAudit(tx, auditContextOf(actor, ip), {
      action: 'siren_command.issue', entityType: 'siren_command', entityId: id, regionCode: actor.regionCode,
      after: { id, action: input.action, program: command.program, target: input.target, sirens: sirens.length, remote, skipped: sirens.length - remote, expiresAt: command.expiresAt },
    });
    const owed = deliveries.filter((d) => d.state !== 'skipped')
      .map((d) => ({ commandId: id, sirenId: d.sirenId, terminalId: d.terminalId!, payload: d.payload!, attempts: 0, expiresAt }));
    const stored = (await repo.commandById(tx, id))!;
    // What was just written, as `data` would read it back (same order: the code, byte-wise): for 10,000 sirens that
    // read held the database for about half a second, with the terminals' first reports waiting behind it. Built only
    // when asked for (`issue` answers with it; an alert's outbox does not).
    const written = (): CommandData => {
      const bySiren = new Map(sirens.map((s) => [s.id, s]));
      const rows: repo.DeliveryRow[] = deliveries.map((d) => ({
        sirenId: d.sirenId, sirenCode: bySiren.get(d.sirenId)!.code, sirenName: bySiren.get(d.sirenId)!.name, regionCode: d.regionCode, terminalId: d.terminalId,
        state: d.state, attempts: d.state === 'sent' ? 1 : 0, reason: d.reason, sentAt: d.state === 'sent' ? issuedAt : null, acceptedAt: null, finishedAt: null,
        unreachableAt: null, lon: bySiren.get(d.sirenId)!.lon, lat: bySiren.get(d.sirenId)!.lat, seq: 0,
      })).sort((a, b) => (a.sirenCode < b.sirenCode ? -1 : a.sirenCode > b.sirenCode ? 1 : 0));
      const counts: Record<string, number> = {};
      for (const d of rows) counts[d.state] = (counts[d.state] ?? 0) + 1;
      // Its cursor is 0: the numbers were drawn by the database, and a reader asking since 0 gets every row again.
      return { command: stored, counts, deliveries: rows, cursor: 0 };
    };
    return { command: stored, created: true, owed, written };
  }

  /** Terminal keys opened for a tool at the server's machine, with an audit row saying who read how many (no key). */
  async function readTerminalKeys(operator: string, limit: number | null, action: string): Promise<Array<{ terminalId: string; key: string }>> {
    return db.transaction(async (tx) => {
      const rows = await repo.remoteTerminals(tx, limit);
      await appendAudit(tx, { actorId: null, actor: operator, ip: null }, { action, entityType: 'siren', after: { terminals: rows.length } });
      return rows.map((t) => ({ terminalId: t.terminalId, key: openKey(t.terminalKey) }));
    });
  }

  const handler = (topic: string, payload: Buffer) => {
    if (!topic.startsWith('civdef/v1/t/')) return;
    if (topic.endsWith('/report')) {
      const p = onReport(topic, payload).catch((err: Error) => log?.warn({ topic, err: err.message }, 'siren report: not applied'));
      verifying.add(p);
      void p.finally(() => verifying.delete(p));
    }
    else if (topic.endsWith('/heartbeat') || topic.endsWith('/state')) onBeat(topic, payload).catch((err: Error) => log?.warn({ topic, err: err.message }, 'siren heartbeat: not applied'));
  };

  return {
    async issue(actor, ip, input) {
      const result = await db.transaction((tx) => issueWithin(tx, actor, ip, input));
      if (result.created) await dispatch(result.command.id, result.owed);
      return { data: result.written?.() ?? await data(result.command), created: result.created };
    },

    async issueWithin(tx, actor, ip, input) {
      const { command, created, owed } = await issueWithin(tx, actor, ip, input);
      if (owed) {
        clearTimeout(committedOwed.get(command.id)?.timer);
        const timer = setTimeout(() => committedOwed.delete(command.id), 60_000);
        timer.unref?.();
        committedOwed.set(command.id, { owed, timer });
      }
      return { id: command.id, created };
    },

    countTarget: async (q, actor, target) => (await resolve(q, actor, target)).length,

    brokerAuthority: {
      // Every login reads the stored key (one indexed row): a re-keyed terminal's old password stops working at once.
      async verifyTerminal(terminalId, password) {
        const k = await freshKeyOf(terminalId);
        return k !== null && passwordMatches(brokerPassword(k.key, terminalId), password);
      },
    },

    async terminalAccounts(operator) {
      const rows = await readTerminalKeys(operator, null, 'siren_terminal.broker_accounts');
      return rows.map((t) => ({ terminalId: t.terminalId, password: brokerPassword(t.key, t.terminalId) }));
    },

    terminalKeysForSimulation: (operator, count) => readTerminalKeys(operator, count, 'siren_terminal.keys_for_simulation'),

    async send(commandId) {
      const kept = committedOwed.get(commandId);
      if (!kept) return dispatch(commandId);
      committedOwed.delete(commandId);
      clearTimeout(kept.timer);
      // A caller that sends a command its rolled-back transaction wrote gets nothing sent, as reading back would give.
      if (!(await repo.commandById(db, commandId))) return;
      return dispatch(commandId, kept.owed);
    },

    async get(actor, id, since) {
      const command = await repo.findCommand(db, id, actor.scope);
      if (!command) throw new AppError(E.SIRENS_COMMAND_NOT_FOUND, 404);
      if (since === undefined) return data(command);
      return { command, ...(await changesOf(command.id, since)) };
    },

    async report(actor, id) {
      const command = await repo.findCommand(db, id, actor.scope);
      if (!command) throw new AppError(E.SIRENS_COMMAND_NOT_FOUND, 404);
      // Counted from the rows listed (one statement's snapshot), so the summary and the list agree.
      const rows = await repo.reportRowsOf(db, command.id);
      const counts: Record<string, number> = {};
      for (const r of rows) counts[r.state] = (counts[r.state] ?? 0) + 1;
      return { command, counts, rows };
    },

    changesOf: (commandId, since) => (since === null ? whole(commandId) : changesOf(commandId, since)),

    find: (actor, id) => repo.findCommand(db, id, actor.scope),

    onDeliveriesChanged(listener) {
      changeListeners.add(listener);
      return () => void changeListeners.delete(listener);
    },

    async list(actor, page, pageSize) {
      const { items, total } = await repo.listCommands(db, actor.scope, pageSize, (page - 1) * pageSize);
      const counts = await repo.countsOf(db, items.map((c) => c.id));
      return { items: items.map((command) => ({ command, counts: counts.get(command.id) ?? {} })), total, page, pageSize };
    },

    async start() {
      const client = messaging.client;
      if (!client) return;
      stopped = false;
      client.on('message', handler);
      await client.subscribeAsync(REPORT_TOPIC_FILTER, { qos: 1 });
      startedAt = Date.now();
      await client.subscribeAsync(PRESENCE_TOPIC_FILTERS, { qos: 0 });
      sweepTimer = setInterval(() => {
        sweeping = sweeping.then(sweep).catch((err: Error) => log?.warn({ err: err.message }, 'siren presence sweep'));
      }, Math.max(50, Math.min(1000, heartbeatTimeoutMs / 4)));
      sweepTimer.unref?.();
      warming = warmKeys().catch((err: Error) => log?.warn({ err: err.message }, 'siren terminal keys: not opened ahead'));
      // Resume what a previous process committed but did not finish sending (the outbox).
      const owed = new Set((await repo.openDeliveries(db, null)).map((d) => d.commandId));
      for (const id of owed) await dispatch(id);
      if (owed.size > 0) log?.info({ commands: owed.size }, 'siren commands resumed after restart');
      // Commands that expired while no process ran (or before the last one's timer fired) are never sent again:
      // their unanswered deliveries are failed, so the live view does not wait on them forever.
      for (const id of await repo.expiredOwedCommands(db)) await expireOwed(id);
    },

    async stop() {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      for (const w of committedOwed.values()) clearTimeout(w.timer);
      committedOwed.clear();
      if (sweepTimer) clearInterval(sweepTimer);
      sweepTimer = null;
      await sweeping;
      await warming;
      messaging.client?.removeListener('message', handler);
      // Nothing verified is lost on a clean shutdown: the reports still being verified, then every waiting one, written.
      await Promise.allSettled([...verifying]);
      if (flushTimer) clearTimeout(flushTimer);
      flushTimer = null;
      await flush();
    },

    reportQueue: () => ({ queued: queue.length, writing: inFlight, written, dropped, failed: failedReports }),
  };
}
