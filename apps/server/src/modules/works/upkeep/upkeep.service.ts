/**
 * Upkeep of works: maintenance plans generated from the configurable schedules, maintenance records that
 * move a plan's due date on, field inspections (idempotent batch submit for offline phones), rectification
 * tasks from findings, sign status, and archive documents. Every write is audited in its transaction.
 */
import fs from 'node:fs/promises';
import { DEFAULT_RECTIFICATION_DAYS, STATES_WITHOUT_UPKEEP, addMonths, needsUpkeep } from '@civdef/domain';
import type { Database, Queryable } from '../../../db/index.ts';
import { auditContextOf, type Actor } from '../../../lib/actor.ts';
import { AppError, languageOf } from '../../../lib/errors.ts';
import type { EventBus } from '../../../lib/events.ts';
import { appendAudit } from '../../audit/index.ts';
import { WorksErrors as E } from '../works.errors.ts';
import * as works from '../registry/works.repository.ts';
import * as repo from './upkeep.repository.ts';
import { DUE_EXPORT_MAX, type DueFilterT } from './upkeep.schemas.ts';
import { PHOTO_LIMIT_BYTES, discardFile, filePath, looksLike, mediaTypeOf, storeFile, type StoredFile } from './upkeep.files.ts';
import { addDays, shanghaiDate } from '../../../lib/time.ts';

/** Today in Asia/Shanghai as YYYY-MM-DD. */
export function todayShanghai(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * The plan generator: one plan per active schedule the works lack, first due one interval after `startOn`.
 * Used by the per-work "generate plans" action and, inside their transactions, by create and import commit
 * (works in a terminal state — demolished, scrapped — get none). Returns how many plans were created.
 */
export async function generatePlansFor(q: Queryable, workIds: number[], startOn: string): Promise<number> {
  if (workIds.length === 0) return 0;
  const active = (await repo.schedules(q)).filter((s) => s.active);
  return repo.generatePlansForWorks(q, workIds, active.map((s) => ({
    scheduleCode: s.code, discipline: s.discipline, title: s.name, intervalMonths: s.intervalMonths, nextDueOn: addMonths(startOn, s.intervalMonths),
  })));
}

/** Plans for newly created works (skipping those whose state needs no upkeep), starting today; audited by the caller. */
async function generateInitialPlans(q: Queryable, works: Array<{ id: number; lifecycleState: string }>): Promise<{ startOn: string; created: number }> {
  const startOn = todayShanghai();
  const created = await generatePlansFor(q, works.filter((w) => needsUpkeep(w.lifecycleState)).map((w) => w.id), startOn);
  return { startOn, created };
}

const subscribed = new WeakSet<EventBus>();

/**
 * Upkeep's reactions to the registry, in the registry's transaction: a new work (created or imported) gets one
 * plan per active schedule, first due one interval on; a work that leaves service has its plans switched off so
 * they stop counting as due. What was done goes back in the event's `effects` for the emitter's audit row.
 */
export function subscribeUpkeep(events: EventBus): void {
  // Once per bus: a second subscription would run the plan generator twice and overwrite the first one's effects.
  if (subscribed.has(events)) return;
  subscribed.add(events);
  events.on('work.created', async (e, { tx }) => {
    e.effects.maintenancePlans = await generateInitialPlans(tx, e.works);
  });
  events.on('work.retired', async (e, { tx }) => {
    e.effects.plansRetired = await repo.deactivatePlans(tx, e.work.id);
  });
}

export interface InspectionInput {
  clientId: string;
  workId: number;
  inspectedAt: string;
  location?: [number, number];
  accuracyM?: number;
  checklist: Array<{ item: string; result: 'ok' | 'problem' | 'na'; note?: string }>;
  findings: Array<{ category: string; description: string; deadline?: string }>;
  notes?: string;
  signStatus?: string;
  photos: Array<{ fileName: string; mediaType: string; dataBase64: string }>;
}

export interface InspectionOutcome {
  clientId: string;
  status: 'created' | 'duplicate' | 'rejected';
  inspectionId: number | null;
  code: string | null;
  message: string | null;
}

export function createUpkeepService(deps: { db: Database; dataDir: string }) {
  const { db, dataDir } = deps;

  async function visibleWork(q: Queryable, actor: Actor, id: number) {
    const w = await works.lockWorkRead(q, id, actor.scope);
    if (!w) throw new AppError(E.WORKS_NOT_FOUND, 404);
    return w;
  }

  async function submitOne(actor: Actor, ip: string | null, item: InspectionInput): Promise<{ status: 'created' | 'duplicate'; inspectionId: number }> {
    // Validated here as well as at the edge: Date.parse refuses what the schema's format may let through (a leap
    // second 23:59:60), and one item's bad time must be its own refusal, never an error for the whole batch.
    const at = Date.parse(item.inspectedAt);
    // A day of slack for a phone whose clock runs ahead; before 2000 is a phone that lost its clock (or year 0000, which PostgreSQL refuses).
    if (!Number.isFinite(at) || at < Date.UTC(2000, 0, 1) || at > Date.now() + 86_400_000) {
      throw new AppError(E.WORKS_INSPECTION_TIME_INVALID, 400, { inspectedAt: item.inspectedAt });
    }
    item.findings.forEach((f, i) => {
      if (f.deadline === undefined) return;
      const d = Date.parse(`${f.deadline}T00:00:00Z`);
      // Date.parse rolls 02-30 over to March: a real date prints back as itself.
      if (!Number.isFinite(d) || new Date(d).toISOString().slice(0, 10) !== f.deadline || f.deadline < '2000-01-01' || f.deadline > '2100-12-31') {
        throw new AppError(E.WORKS_INSPECTION_DEADLINE_INVALID, 400, { field: `findings[${i}].deadline`, deadline: f.deadline });
      }
    });
    // The work first: a work outside the caller's jurisdiction answers as unknown, whatever the clientId.
    await visibleWork(db, actor, item.workId);
    const seen = await repo.inspectionByClientId(db, item.clientId);
    if (seen) {
      if (seen.workId === item.workId) return { status: 'duplicate', inspectionId: seen.id };
      // A phone reusing a clientId for another work is a bug on the phone: refuse rather than report a duplicate of
      // something else. Name the other work only when the caller may see it, so a clientId reveals nothing across counties.
      const other = await works.lockWorkRead(db, seen.workId, actor.scope);
      if (other) throw new AppError(E.WORKS_INSPECTION_CLIENT_ID_REUSED, 409, { clientId: item.clientId, workId: seen.workId });
      throw new AppError(E.WORKS_INSPECTION_CLIENT_ID_TAKEN, 409, { clientId: item.clientId });
    }
    const photos: Array<{ fileName: string; mediaType: string; data: Buffer }> = [];
    for (const p of item.photos) {
      const data = Buffer.from(p.dataBase64, 'base64');
      if (data.length > PHOTO_LIMIT_BYTES) throw new AppError(E.WORKS_FILE_TOO_LARGE, 413, { limitMb: PHOTO_LIMIT_BYTES / 1048576 });
      if (data.length === 0 || !looksLike(p.mediaType, data)) throw new AppError(E.WORKS_FILE_TYPE, 415, { mediaType: p.mediaType });
      photos.push({ fileName: p.fileName, mediaType: p.mediaType, data });
    }
    const stored: StoredFile[] = [];
    try {
      for (const p of photos) stored.push(await storeFile(dataDir, p.data));
      const id = await db.transaction(async (tx) => {
        const w = await visibleWork(tx, actor, item.workId);
        // A resubmission racing its first copy: the unique client_id decides, the loser reports a duplicate.
        const again = await repo.inspectionByClientId(tx, item.clientId);
        if (again) {
          if (again.workId !== item.workId) throw new AppError(E.WORKS_INSPECTION_CLIENT_ID_TAKEN, 409, { clientId: item.clientId });
          return -again.id;
        }
        const inspectionId = await repo.insertInspection(tx, {
          clientId: item.clientId, workId: item.workId, inspectedAt: item.inspectedAt, inspectorId: actor.userId, inspector: actor.username,
          location: item.location ?? null, accuracyM: item.accuracyM ?? null, checklist: item.checklist, notes: item.notes ?? null,
        });
        // Deadlines count in local (Asia/Shanghai) days from the day of the inspection.
        const day = shanghaiDate(item.inspectedAt);
        await repo.insertRectifications(tx, item.findings.map((f) => ({
          workId: item.workId, inspectionId, category: f.category, description: f.description,
          deadline: f.deadline ?? addDays(day, DEFAULT_RECTIFICATION_DAYS),
        })));
        for (const [i, p] of photos.entries()) {
          const s = stored[i]!;
          await repo.insertDocument(tx, {
            workId: item.workId, inspectionId, docType: 'inspection_photo', title: null, fileName: p.fileName.slice(0, 200), mediaType: p.mediaType,
            sizeBytes: s.sizeBytes, sm3: s.sm3, sha256: s.sha256, storageKey: s.storageKey, uploadedBy: actor.userId, uploader: actor.username,
          });
        }
        const signItem = item.checklist.find((c) => c.item === 'signs');
        const signStatus = item.signStatus ?? (signItem?.result === 'ok' ? 'complete' : signItem?.result === 'problem' ? 'incomplete' : null);
        if (signStatus) await works.setSign(tx, item.workId, signStatus, signItem?.note ?? null);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'work.inspect', entityType: 'inspection', entityId: inspectionId, regionCode: w.regionCode,
          after: { workId: item.workId, clientId: item.clientId, inspectedAt: item.inspectedAt, findings: item.findings.length, photos: photos.length, signStatus },
        });
        return inspectionId;
      });
      if (id < 0) {
        for (const s of stored) await discardFile(dataDir, s.storageKey);
        return { status: 'duplicate', inspectionId: -id };
      }
      return { status: 'created', inspectionId: id };
    } catch (err) {
      for (const s of stored) await discardFile(dataDir, s.storageKey);
      throw err;
    }
  }

  return {
    schedules: () => repo.schedules(db),

    async updateSchedule(actor: Actor, ip: string | null, code: string, patch: { name?: string; nameEn?: string; intervalMonths?: number; active?: boolean }) {
      return db.transaction(async (tx) => {
        const before = (await repo.schedules(tx)).find((s) => s.code === code);
        if (!before) throw new AppError(E.WORKS_SCHEDULE_NOT_FOUND, 404);
        const after = (await repo.updateSchedule(tx, code, patch))!;
        await appendAudit(tx, auditContextOf(actor, ip), { action: 'maintenance_schedule.update', entityType: 'maintenance_schedule', entityId: code, before, after });
        return after;
      });
    },

    async plans(actor: Actor, workId: number) {
      await visibleWork(db, actor, workId);
      return repo.plansOf(db, workId);
    },

    /** Plans for every active schedule the work lacks, first due one interval after `startOn` (default today). */
    async generatePlans(actor: Actor, ip: string | null, workId: number, startOn?: string) {
      const start = startOn ?? todayShanghai();
      await db.transaction(async (tx) => {
        const w = await visibleWork(tx, actor, workId);
        const created = await generatePlansFor(tx, [workId], start);
        await appendAudit(tx, auditContextOf(actor, ip), { action: 'maintenance_plan.generate', entityType: 'work', entityId: workId, regionCode: w.regionCode, after: { startOn: start, created } });
      });
      return repo.plansOf(db, workId);
    },

    async duePlans(actor: Actor, filter: DueFilterT, limit: number, offset: number) {
      const f = { ...filter, days: filter.withinDays, scope: actor.scope };
      const [items, counts] = await Promise.all([repo.duePlans(db, f, limit, offset), repo.countDuePlans(db, f)]);
      return { items, ...counts };
    },

    /** Every plan of the due list (same filter) for a spreadsheet; audited, as the works export is. */
    async exportDue(actor: Actor, ip: string | null, filter: DueFilterT) {
      const items = await repo.duePlans(db, { ...filter, days: filter.withinDays, scope: actor.scope }, DUE_EXPORT_MAX, 0);
      await db.transaction((tx) => appendAudit(tx, auditContextOf(actor, ip), {
        action: 'maintenance_plan.export', entityType: 'maintenance_plan', regionCode: actor.regionCode, after: { filter, plans: items.length },
      }));
      return items;
    },

    /**
     * A new maintenance item (schedule), active at once: every work of the caller's jurisdiction that needs upkeep
     * gets its plan, first due one interval from today, as a new work gets the plans of every active schedule.
     */
    async createSchedule(actor: Actor, ip: string | null, s: { code: string; discipline: string; name: string; nameEn: string; intervalMonths: number }) {
      return db.transaction(async (tx) => {
        const schedule = await repo.insertSchedule(tx, { ...s, name: s.name.trim(), nameEn: s.nameEn.trim() });
        if (!schedule) throw new AppError(E.WORKS_SCHEDULE_EXISTS, 409, { code: s.code });
        const workIds = await repo.worksNeedingUpkeep(tx, actor.scope, STATES_WITHOUT_UPKEEP);
        const startOn = todayShanghai();
        const plansCreated = await repo.generatePlansForWorks(tx, workIds, [{
          scheduleCode: schedule.code, discipline: schedule.discipline, title: schedule.name, intervalMonths: schedule.intervalMonths,
          nextDueOn: addMonths(startOn, schedule.intervalMonths),
        }]);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'maintenance_schedule.create', entityType: 'maintenance_schedule', entityId: schedule.code, after: { ...schedule, plansCreated, startOn },
        });
        return { schedule, plansCreated };
      });
    },

    async addRecord(actor: Actor, ip: string | null, workId: number, r: { planId?: number; discipline: string; doneOn: string; performedBy?: string; description: string; costYuan?: number }) {
      return db.transaction(async (tx) => {
        const w = await visibleWork(tx, actor, workId);
        // Maintenance is recorded once done: a date after today (Asia/Shanghai) would also move the plan's due date on unearned.
        const today = todayShanghai();
        if (r.doneOn > today) throw new AppError(E.WORKS_RECORD_DATE_FUTURE, 400, { doneOn: r.doneOn, today });
        let plan: repo.PlanRow | null = null;
        if (r.planId !== undefined) {
          plan = await repo.findPlan(tx, r.planId, workId);
          if (!plan) throw new AppError(E.WORKS_PLAN_NOT_FOUND, 404);
        }
        const id = await repo.insertRecord(tx, {
          workId, planId: plan?.id ?? null, discipline: plan?.discipline ?? r.discipline, doneOn: r.doneOn, performedBy: r.performedBy ?? null,
          description: r.description, costYuan: r.costYuan ?? null, createdBy: actor.userId,
        });
        if (plan) await repo.advancePlan(tx, plan.id, r.doneOn, addMonths(r.doneOn, plan.intervalMonths));
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'maintenance_record.create', entityType: 'maintenance_record', entityId: id, regionCode: w.regionCode,
          before: plan ? { planId: plan.id, nextDueOn: plan.nextDueOn } : null, after: { ...r, workId },
        });
        return { id, plan: plan ? (await repo.plansOf(tx, workId)).find((p) => p.id === plan.id) ?? null : null };
      });
    },

    async records(actor: Actor, workId: number) {
      await visibleWork(db, actor, workId);
      return repo.recordsOf(db, workId);
    },

    /**
     * Submits inspections one by one, each in its own transaction, so a phone's queue is never blocked by
     * one bad item: every item answers created, duplicate (same clientId seen before) or rejected with the reason.
     * An unexpected failure of one item (a bug, a database error) rolls back that item only and answers it rejected
     * (WORKS_INSPECTION_FAILED, logged): the batch never answers 500 after earlier items were stored, which would
     * make the phone resend the whole batch forever.
     */
    async submitBatch(actor: Actor, ip: string | null, items: InspectionInput[], acceptLanguage: string | undefined, log: (err: unknown) => void = () => undefined): Promise<InspectionOutcome[]> {
      const lang = languageOf(acceptLanguage);
      const out: InspectionOutcome[] = [];
      for (const item of items) {
        try {
          const r = await submitOne(actor, ip, item);
          out.push({ clientId: item.clientId, status: r.status, inspectionId: r.inspectionId, code: null, message: null });
        } catch (err) {
          if (err instanceof AppError && err.status < 500) {
            out.push({ clientId: item.clientId, status: 'rejected', inspectionId: null, code: err.code, message: err.messageIn(lang) });
            continue;
          }
          log(err);
          const failed = new AppError(E.WORKS_INSPECTION_FAILED, 500);
          out.push({ clientId: item.clientId, status: 'rejected', inspectionId: null, code: failed.code, message: failed.messageIn(lang) });
        }
      }
      return out;
    },

    async inspections(actor: Actor, workId: number) {
      await visibleWork(db, actor, workId);
      return repo.inspectionsOf(db, workId);
    },

    rectifications: (actor: Actor, f: { status?: 'open' | 'closed' | 'overdue'; workId?: number; limit: number; offset: number }) =>
      repo.searchRectifications(db, { ...f, scope: actor.scope }),

    async closeRectification(actor: Actor, ip: string | null, id: number, note: string) {
      return db.transaction(async (tx) => {
        const r = await repo.findRectification(tx, id, actor.scope);
        if (!r) throw new AppError(E.WORKS_RECTIFICATION_NOT_FOUND, 404);
        if (r.status === 'closed') throw new AppError(E.WORKS_RECTIFICATION_CLOSED, 409);
        await repo.closeRectification(tx, id, actor.username, note);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'rectification.close', entityType: 'rectification', entityId: id, regionCode: r.regionCode, before: { status: 'open' }, after: { status: 'closed', note },
        });
        return (await repo.findRectification(tx, id, actor.scope))!;
      });
    },

    async setSign(actor: Actor, ip: string | null, workId: number, status: string, note: string | null) {
      await db.transaction(async (tx) => {
        const w = await visibleWork(tx, actor, workId);
        const before = await works.signOf(tx, workId);
        await works.setSign(tx, workId, status, note);
        await appendAudit(tx, auditContextOf(actor, ip), { action: 'work.sign', entityType: 'work', entityId: workId, regionCode: w.regionCode, before, after: { signStatus: status, signNote: note } });
      });
    },

    /** Checks the work before the upload is read, so nothing is stored for a work the caller cannot see. */
    assertWork: (actor: Actor, workId: number) => visibleWork(db, actor, workId),

    /** The stored media type of an upload, from its extension (the client's declared type is never trusted); 415 when not allowed. */
    documentMediaType(fileName: string, declared: string): string {
      const mediaType = mediaTypeOf(fileName);
      if (!mediaType) throw new AppError(E.WORKS_FILE_TYPE, 415, { mediaType: fileName.split('.').pop() ?? declared });
      return mediaType;
    },

    async addDocument(actor: Actor, ip: string | null, workId: number, d: { docType: string; title: string | null; fileName: string; mediaType: string; data: Buffer }) {
      // A renamed file (an executable called report.pdf) fails the magic-number check and is never stored.
      if (!looksLike(d.mediaType, d.data)) throw new AppError(E.WORKS_FILE_TYPE, 415, { mediaType: d.mediaType });
      const stored = await storeFile(dataDir, d.data);
      try {
        const id = await db.transaction(async (tx) => {
          const w = await visibleWork(tx, actor, workId);
          const docId = await repo.insertDocument(tx, {
            workId, inspectionId: null, docType: d.docType, title: d.title, fileName: d.fileName.slice(0, 200), mediaType: d.mediaType,
            sizeBytes: stored.sizeBytes, sm3: stored.sm3, sha256: stored.sha256, storageKey: stored.storageKey, uploadedBy: actor.userId, uploader: actor.username,
          });
          await appendAudit(tx, auditContextOf(actor, ip), {
            action: 'work_document.create', entityType: 'work_document', entityId: docId, regionCode: w.regionCode,
            after: { workId, docType: d.docType, fileName: d.fileName, sizeBytes: stored.sizeBytes, sm3: stored.sm3 },
          });
          return docId;
        });
        return (await repo.findDocument(db, id, actor.scope))!;
      } catch (err) {
        await discardFile(dataDir, stored.storageKey);
        throw err;
      }
    },

    async documents(actor: Actor, workId: number) {
      await visibleWork(db, actor, workId);
      return repo.documentsOf(db, workId);
    },

    /**
     * A document of the caller's jurisdiction with its file opened for reading. The file is opened before the
     * answer starts, so a file missing from the data directory is a 404 (reported through `onMissing` for the
     * log), not a stream that fails after the headers.
     */
    async openDocument(actor: Actor, id: number, onMissing: (m: { documentId: number; storageKey: string }) => void) {
      const doc = await repo.findDocument(db, id, actor.scope);
      if (!doc) throw new AppError(E.WORKS_DOCUMENT_NOT_FOUND, 404);
      let file: fs.FileHandle;
      try {
        file = await fs.open(filePath(dataDir, doc.storageKey), 'r');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        onMissing({ documentId: doc.id, storageKey: doc.storageKey });
        throw new AppError(E.WORKS_DOCUMENT_FILE_MISSING, 404, { id: doc.id });
      }
      const { size } = await file.stat();
      return { doc, file, size };
    },
  };
}

export type UpkeepService = ReturnType<typeof createUpkeepService>;
