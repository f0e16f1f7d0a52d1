/**
 * Import of works as a job: upload → validate (every bad row reported, nothing written) → commit (all or
 * nothing, in one transaction; re-import by 工程编号 updates). Progress is published to listeners (SSE)
 * and the job's outcome is stored in work_import_job.
 *
 * Progress lives in this process's memory; with several server processes the events endpoint must reach
 * the process running the job (sticky sessions), while the job's stored status is readable anywhere.
 */
import { LIFECYCLE_STATES, inScope } from '@civdef/domain';
import { createHash, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Database, Queryable } from '../../../db/index.ts';
import { auditContextOf, type Actor } from '../../../lib/actor.ts';
import { AppError } from '../../../lib/errors.ts';
import type { EventBus } from '../../../lib/events.ts';
import type { FieldCipher } from '../../../lib/field-crypto.ts';
import { appendAudit } from '../../audit/index.ts';
import { WorksErrors as E } from '../works.errors.ts';
import { contactPhones } from '../registry/contact-phone.ts';
import * as repo from '../registry/works.repository.ts';
import * as jobs from './exchange.repository.ts';
import type { WorkCreatedEvent } from '../works.events.ts';
import type { Crs, ParseResult, RowError } from './format/columns.ts';
import { formatOf } from './format/columns.ts';
import { ImportFormatError } from './format/tables.ts';
import { changedFields, type StoredWork } from './import-diff.ts';
import { UnpackedTooLarge, checkDeclaredSize } from '../../../lib/xlsx/zip-guard.ts';
import { parseInWorker } from './parse-runner.ts';

/** At most this many error lines are stored and returned; errorCount always has the full number. */
export const MAX_REPORTED_ERRORS = 10_000;
const BATCH = 1000;

export interface JobProgress {
  id: string;
  status: string;
  phase: 'parse' | 'check' | 'write' | 'done';
  done: number;
  total: number;
}

const stateZh = (code: string) => LIFECYCLE_STATES.find((s) => s.code === code)?.zh ?? code;

class InvalidImport extends Error {
  constructor(readonly errors: RowError[]) {
    super('invalid import');
  }
}

export function createImportService(deps: { db: Database; events: EventBus; cipher: FieldCipher; parse?: typeof parseInWorker }) {
  const { db, events: domainEvents } = deps;
  const parse = deps.parse ?? parseInWorker;
  // The file carries phones in plain text (an export decrypts them; the phone rule refuses a ciphertext), so each is sealed exactly once here.
  const phones = contactPhones(deps.cipher);
  const progress = new Map<string, JobProgress>();
  const running = new Map<string, Promise<void>>();
  const events = new EventEmitter();
  events.setMaxListeners(0);

  function publish(p: JobProgress): void {
    progress.set(p.id, p);
    events.emit(p.id, p);
    if (p.phase === 'done') setTimeout(() => progress.delete(p.id), 10 * 60_000).unref();
  }

  /** Checks that need the database: jurisdiction, known regions, existing codes and their state. */
  async function checkAgainstDb(q: Queryable, actor: Actor, parsed: ParseResult): Promise<{ errors: RowError[]; existing: Map<string, { id: number; regionCode: string }> }> {
    const errors: RowError[] = [];
    const sheet = parsed.sheet;
    // Rejected rows too, as far as they were read: one upload reports every problem of every row.
    const all = [...parsed.works, ...parsed.rejected];
    const regions = await repo.existingRegions(q, [...new Set(all.map((p) => p.work.regionCode).filter((c) => typeof c === 'string'))]);
    const found = new Map<string, { id: number; regionCode: string; lifecycleState: string }>();
    const codes = [...new Set(all.map((p) => p.work.code).filter((c) => typeof c === 'string'))];
    for (let i = 0; i < codes.length; i += 5000) {
      for (const r of await repo.findByCodes(q, codes.slice(i, i + 5000))) found.set(r.code, r);
    }
    const counted = new Set<string>();
    for (const p of all) {
      const w = p.work;
      const row = p.row;
      if (typeof w.regionCode !== 'string') {
        // Its cell error is reported already.
      } else if (!inScope(actor.regionCode, w.regionCode)) {
        errors.push({ row, sheet, column: '行政区划代码', value: w.regionCode, zh: '超出您的管辖范围', en: 'outside your jurisdiction' });
      } else if (!regions.has(w.regionCode)) {
        errors.push({ row, sheet, column: '行政区划代码', value: w.regionCode, zh: '区划代码不存在', en: 'unknown region code' });
      }
      // A duplicate row is reported as such; the database checks speak once per code.
      if (typeof w.code !== 'string' || counted.has(w.code)) continue;
      counted.add(w.code);
      const old = found.get(w.code);
      if (old) {
        if (!inScope(actor.regionCode, old.regionCode)) {
          errors.push({ row, sheet, column: '工程编号', value: w.code, zh: '该编号的工程属于其他辖区，无权更新', en: 'this code belongs to a work of another jurisdiction' });
        } else if (p.hasState && w.lifecycleState !== old.lifecycleState) {
          errors.push({
            row, sheet, column: '生命周期状态', value: stateZh(w.lifecycleState),
            zh: `与现状「${stateZh(old.lifecycleState)}」不一致；状态变更请走生命周期流程`, en: `differs from the current state ${old.lifecycleState}; change states through the life cycle`,
          });
        }
      } else if (!p.hasUnits) {
        errors.push({ row, sheet, column: '掩蔽面积(m²)', zh: '新工程须填写建筑、防护、掩蔽面积', en: 'a new work needs its gross, protected and sheltering areas' });
      }
    }
    return { errors, existing: found };
  }

  /**
   * The rows naming existing works, split into those that change something and those equal to the stored work
   * (reported as unchanged, never written); `stored` holds the works as they are, phones opened for the comparison.
   */
  async function splitUpdates(q: Queryable, parsed: ParseResult, existing: Map<string, { id: number }>) {
    const named = parsed.works.filter((p) => existing.has(p.work.code));
    const stored = new Map<string, StoredWork>();
    for (let i = 0; i < named.length; i += 5000) {
      const ids = named.slice(i, i + 5000).map((p) => existing.get(p.work.code)!.id);
      for (const w of await repo.snapshotByIds(q, ids)) stored.set(w.code as string, w as StoredWork);
    }
    const updates: typeof named = [];
    const unchanged: typeof named = [];
    for (const p of named) {
      const w = stored.get(p.work.code)!;
      (changedFields(p, { ...w, contactPhone: phones.open(w.contactPhone as string | null) }).length ? updates : unchanged).push(p);
    }
    return { updates, unchanged, stored };
  }

  /** Merges parse errors and database errors: the main sheet first, by row. */
  function allErrors(parsed: ParseResult, dbErrors: RowError[]): RowError[] {
    return [...parsed.errors, ...dbErrors].sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : a.sheet === parsed.sheet ? -1 : 1));
  }

  async function parseJobFile(job: jobs.ImportJobRow): Promise<ParseResult> {
    const data = await jobs.jobFile(db, job.id);
    if (!data) throw new AppError(E.WORKS_IMPORT_NOT_READY, 409, { status: job.status });
    // Off the event loop: a large workbook takes seconds and gigabytes to read (see parse-runner.ts).
    return parse(data, job.format as 'xlsx' | 'csv' | 'geojson', job.crs as Crs);
  }

  async function runValidate(actor: Actor, job: jobs.ImportJobRow): Promise<void> {
    const started = Date.now();
    publish({ id: job.id, status: 'validating', phase: 'parse', done: 0, total: 0 });
    try {
      const parsed = await parseJobFile(job);
      publish({ id: job.id, status: 'validating', phase: 'check', done: 0, total: parsed.totalRows });
      const { errors: dbErrors, existing } = await checkAgainstDb(db, actor, parsed);
      const errors = allErrors(parsed, dbErrors);
      const { updates, unchanged } = errors.length ? { updates: [], unchanged: [] } : await splitUpdates(db, parsed, existing);
      await jobs.finishJob(db, job.id, {
        status: errors.length ? 'invalid' : 'valid', totalRows: parsed.totalRows, errors: errors.slice(0, MAX_REPORTED_ERRORS), errorCount: errors.length,
        result: {
          validateMs: Date.now() - started, willCreate: parsed.works.length - updates.length - unchanged.length, willUpdate: updates.length, willKeep: unchanged.length,
        },
        dropFile: errors.length > 0,
      });
      publish({ id: job.id, status: errors.length ? 'invalid' : 'valid', phase: 'done', done: parsed.totalRows, total: parsed.totalRows });
    } catch (err) {
      const [zh, en] = err instanceof ImportFormatError ? [err.zh, err.en] : ['意外错误', 'unexpected error'];
      await jobs.finishJob(db, job.id, {
        status: 'invalid', totalRows: 0, errorCount: 1, dropFile: true, result: null,
        errors: [{ row: 0, sheet: '', column: 'file', zh: `无法读取文件：${zh}`, en: `cannot read the file: ${en}` }],
      });
      publish({ id: job.id, status: 'invalid', phase: 'done', done: 0, total: 0 });
      if (!(err instanceof ImportFormatError)) throw err;
    }
  }

  async function runCommit(actor: Actor, ip: string | null, job: jobs.ImportJobRow): Promise<void> {
    const started = Date.now();
    publish({ id: job.id, status: 'committing', phase: 'parse', done: 0, total: job.totalRows });
    let parsed: ParseResult = { works: [], rejected: [], errors: [], totalRows: job.totalRows, sheet: '' };
    try {
      // Inside the try: the parse worker can fail (out of memory, over time) and the job must then say 'failed', not stay 'committing'.
      parsed = await parseJobFile(job);
      const data = await jobs.jobFile(db, job.id);
      const outcome = await db.transaction(async (tx) => {
        publish({ id: job.id, status: 'committing', phase: 'check', done: 0, total: parsed.totalRows });
        const { errors: dbErrors, existing } = await checkAgainstDb(tx, actor, parsed);
        const errors = allErrors(parsed, dbErrors);
        if (errors.length) throw new InvalidImport(errors);
        const creates = parsed.works.filter((p) => !existing.has(p.work.code));
        const { updates, unchanged, stored } = await splitUpdates(tx, parsed, existing);
        const before = updates.map((p) => stored.get(p.work.code)!).map((w) => ({ ...w, contactPhone: phones.audit(w.contactPhone as string | null) }));
        let done = 0;
        const total = parsed.works.length;
        let plansCreated = 0;
        let plansStartOn: string | null = null;
        for (let i = 0; i < creates.length; i += BATCH) {
          const batch = creates.slice(i, i + BATCH).map((p) => p.work);
          const ids = await repo.insertWorks(tx, batch.map((w) => ({ ...w, contactPhone: phones.seal(w.contactPhone) })));
          await repo.insertLifecycleEvents(tx, batch.map((w) => ({
            workId: ids.get(w.code)!, fromState: null, toState: w.lifecycleState, reason: job.fileName, reasonCode: 'imported', actorId: actor.userId, actor: actor.username,
          })));
          // New works get their maintenance plans (upkeep reacts in this transaction), as when created one by one.
          const created: WorkCreatedEvent = {
            works: batch.map((w) => ({ id: ids.get(w.code)!, regionCode: w.regionCode, lifecycleState: w.lifecycleState })), effects: {},
          };
          await domainEvents.emit('work.created', created, { tx, audit: auditContextOf(actor, ip) });
          plansCreated += created.effects.maintenancePlans?.created ?? 0;
          plansStartOn = created.effects.maintenancePlans?.startOn ?? plansStartOn;
          done += batch.length;
          publish({ id: job.id, status: 'committing', phase: 'write', done, total });
        }
        for (let i = 0; i < updates.length; i += BATCH) {
          const batch = updates.slice(i, i + BATCH);
          await repo.updateWorksByCode(tx, batch.map((p) => ({ ...p.work, contactPhone: phones.seal(p.work.contactPhone), replaceUse: p.hasUse })));
          const withUnits = batch.filter((p) => p.hasUnits);
          const ids = withUnits.map((p) => existing.get(p.work.code)!.id);
          await repo.deleteUnits(tx, ids);
          await repo.insertUnits(tx, withUnits.map((p) => ({ workId: existing.get(p.work.code)!.id, units: p.work.units })));
          await domainEvents.emit('work.changed', { workIds: batch.map((p) => existing.get(p.work.code)!.id) }, { tx, audit: auditContextOf(actor, ip) });
          done += batch.length;
          publish({ id: job.id, status: 'committing', phase: 'write', done, total });
        }
        const result = { created: creates.length, updated: updates.length, unchanged: unchanged.length, commitMs: Date.now() - started };
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'work.import', entityType: 'work_import_job', entityId: job.id, regionCode: actor.regionCode,
          before: { updated: before },
          after: {
            job: job.id, fileName: job.fileName, sha256: data ? createHash('sha256').update(data).digest('hex') : null, crs: job.crs,
            created: creates.map((p) => p.work.code), updated: updates.map((p) => p.work.code), unchanged: unchanged.map((p) => p.work.code),
            maintenancePlans: { startOn: plansStartOn, created: plansCreated },
          },
        });
        return result;
      });
      await jobs.finishJob(db, job.id, { status: 'committed', totalRows: parsed.totalRows, errors: [], errorCount: 0, result: { ...job.result, ...outcome }, dropFile: true });
      publish({ id: job.id, status: 'committed', phase: 'done', done: parsed.totalRows, total: parsed.totalRows });
    } catch (err) {
      if (!(err instanceof InvalidImport)) {
        const unreadable = err instanceof ImportFormatError;
        await jobs.finishJob(db, job.id, {
          status: 'failed', totalRows: parsed.totalRows, errorCount: 1, result: null, dropFile: false,
          errors: [unreadable
            ? { row: 0, sheet: '', column: 'file', zh: `无法读取文件，未写入任何数据：${err.zh}`, en: `cannot read the file; nothing was written: ${err.en}` }
            : { row: 0, sheet: '', column: '', zh: '写入失败，未写入任何数据', en: 'writing failed; nothing was written' }],
        });
        publish({ id: job.id, status: 'failed', phase: 'done', done: 0, total: parsed.totalRows });
        if (!unreadable) throw err;
        return;
      }
      await jobs.finishJob(db, job.id, {
        status: 'invalid', totalRows: parsed.totalRows, errors: err.errors.slice(0, MAX_REPORTED_ERRORS), errorCount: err.errors.length, result: null, dropFile: true,
      });
      publish({ id: job.id, status: 'invalid', phase: 'done', done: 0, total: parsed.totalRows });
    }
  }

  function track(id: string, work: Promise<void>, log: (err: unknown) => void): Promise<void> {
    const p = work.catch(log).finally(() => running.delete(id));
    running.set(id, p);
    return p;
  }

  async function visibleJob(actor: Actor, id: string): Promise<jobs.ImportJobRow> {
    const job = await jobs.findJob(db, id, actor.scope);
    if (!job) throw new AppError(E.WORKS_IMPORT_NOT_FOUND, 404);
    return job;
  }

  return {
    /** Stores the upload and starts validating it; `wait` resolves once validation is over. */
    async start(actor: Actor, file: { fileName: string; data: Buffer }, opts: { crs: Crs; format?: string; wait: boolean; ip?: string | null }, log: (err: unknown) => void) {
      const format = formatOf(file.fileName, opts.format);
      if (!format) throw new AppError(E.WORKS_IMPORT_FORMAT, 400, { detail: file.fileName });
      if (format === 'xlsx') {
        // The zip's own declaration is read in milliseconds: a file that says it unpacks past the limit is refused
        // before anything is stored. Other zip faults (and a zip that lies) are the validation job's to report.
        try {
          checkDeclaredSize(file.data);
        } catch (err) {
          if (err instanceof UnpackedTooLarge) throw new AppError(E.WORKS_IMPORT_UNPACKED_TOO_LARGE, 413, { sizeMb: err.sizeMb, limitMb: err.limitMb });
        }
      }
      const id = randomUUID();
      const fileName = file.fileName.slice(0, 200);
      // Storing the upload is a write: audited with the job, in the same transaction.
      await db.transaction(async (tx) => {
        await jobs.insertJob(tx, { id, createdBy: actor.userId, actor: actor.username, scope: actor.scope, fileName, format, crs: opts.crs, data: file.data });
        await appendAudit(tx, auditContextOf(actor, opts.ip ?? null), {
          action: 'work_import.upload', entityType: 'work_import_job', entityId: id, regionCode: actor.regionCode,
          after: { fileName, format, crs: opts.crs, sizeBytes: file.data.length, sha256: createHash('sha256').update(file.data).digest('hex') },
        });
      });
      const job = (await jobs.findJob(db, id, actor.scope))!;
      const p = track(id, runValidate(actor, job), log);
      if (opts.wait) await p;
      return visibleJob(actor, id);
    },

    async commit(actor: Actor, ip: string | null, id: string, wait: boolean, log: (err: unknown) => void) {
      const job = await visibleJob(actor, id);
      if (job.status !== 'valid' || running.has(id)) throw new AppError(E.WORKS_IMPORT_NOT_READY, 409, { status: running.has(id) ? 'committing' : job.status });
      await jobs.setStatus(db, id, 'committing');
      const p = track(id, runCommit(actor, ip, { ...job, status: 'committing' }), log);
      if (wait) await p;
      return visibleJob(actor, id);
    },

    get: visibleJob,

    list: (actor: Actor) => jobs.listJobs(db, actor.scope, 50),

    /** Current progress, and a subscription until the job is over. */
    async watch(actor: Actor, id: string, onProgress: (p: JobProgress) => void): Promise<() => void> {
      const job = await visibleJob(actor, id);
      const current = progress.get(id) ?? {
        id, status: job.status, phase: ['validating', 'committing'].includes(job.status) ? 'check' : 'done', done: job.totalRows, total: job.totalRows,
      } as JobProgress;
      onProgress(current);
      if (current.phase === 'done') return () => undefined;
      const listener = (p: JobProgress) => onProgress(p);
      events.on(id, listener);
      return () => events.off(id, listener);
    },

    /** Resolves when no job is running (tests, shutdown). */
    idle: () => Promise.all([...running.values()]).then(() => undefined),
  };
}

export type ImportService = ReturnType<typeof createImportService>;
