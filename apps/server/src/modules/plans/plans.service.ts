/**
 * The rules of plans (人民防空方案, 专项方案, 应急预案). A plan is a series of revisions, each kept: a revision is
 * written as a draft, submitted, then approved by someone other than its author (or returned to be reworked);
 * approving one supersedes the one in force. At most one revision is open at a time, so the numbering is the
 * history. Any two revisions can be compared part by part (the domain's `planDiff`).
 */
import { createHash } from 'node:crypto';
import { approvalRefusal, inScope, planDiff, revisionTransition, type PlanContent, type PlanDiff, type PlanKind, type RevisionAction } from '@civdef/domain';
import type { Database, Queryable } from '../../db/index.ts';
import { auditContextOf, type Actor } from '../../lib/actor.ts';
import { AppError, type ErrorDetail } from '../../lib/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { refKey, type RefsService, type UnitReference } from '../command/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { PlansErrors as E } from './plans.errors.ts';
import * as repo from './plans.repository.ts';
import type { PlanRow, RevisionRow } from './plans.repository.ts';

export type { PlanRow, RevisionRow };

/** The largest attached file (a scanned plan of a few dozen pages). */
export const PLAN_FILE_LIMIT_BYTES = 8 * 1024 * 1024;

export interface PlanInput { kind: PlanKind; title: string; regionCode: string; content: PlanContent; note?: string | null }
export interface PlanDetail { plan: PlanRow; revisions: RevisionRow[] }
export interface RevisionDiff { from: RevisionRow; to: RevisionRow; diff: PlanDiff }
export interface FileInput { fileName: string; mediaType: string; contentBase64: string }

export interface PlansDeps {
  db: Database;
  regions: Pick<RegionsService, 'unknownCodes'>;
  /** The command half: a task's member unit or team is checked there on every write. */
  refs: Pick<RefsService, 'resolve'>;
}

export interface PlansService {
  list(actor: Actor, kind?: PlanKind): Promise<PlanRow[]>;
  create(actor: Actor, ip: string | null, input: PlanInput): Promise<PlanDetail>;
  get(actor: Actor, id: number): Promise<PlanDetail>;
  /** Opens the next revision, starting from `content` or from the newest revision's content. */
  revise(actor: Actor, ip: string | null, id: number, input: { content?: PlanContent; note?: string | null }): Promise<PlanDetail>;
  edit(actor: Actor, ip: string | null, id: number, rev: number, input: { content: PlanContent; note?: string | null }): Promise<PlanDetail>;
  act(actor: Actor, ip: string | null, id: number, rev: number, action: RevisionAction, reason?: string): Promise<PlanDetail>;
  diff(actor: Actor, id: number, from: number, to: number): Promise<RevisionDiff>;
  attach(actor: Actor, ip: string | null, id: number, rev: number, file: FileInput): Promise<PlanDetail>;
  file(actor: Actor, id: number, rev: number): Promise<{ name: string; type: string; bytes: Buffer }>;
  /** Plans by id within the actor's jurisdiction (for the key targets' protection plans). */
  byIds(actor: Actor, ids: readonly number[]): Promise<PlanRow[]>;
  /**
   * Writes a plan whose first revision is already approved (demo data, or a plan approved before the platform: the
   * approver may be unknown) and, when
   * `submitted` is given, a second revision waiting for approval.
   */
  /** The plans whose current revisions assign a task to this member unit (the command module's delete asks, in `tx`). */
  unitReferences(tx: Queryable, unitId: number, scope: string): Promise<UnitReference>;
  loadApproved(tx: Queryable, input: PlanInput & { synthetic: boolean; authorId: number | null; approverId: number | null; submitted?: { content: PlanContent; note: string } }): Promise<number>;
}

const OPEN_STATES = new Set(['draft', 'submitted', 'returned']);

/** Every referenced unit or team must exist in the writer's jurisdiction; the stored name is the record's own. */
async function checkedContent(refs: PlansDeps['refs'], tx: Queryable, actor: Actor, content: PlanContent): Promise<PlanContent> {
  const wanted = content.tasks.flatMap((t) => (t.refId === null ? [] : [{ kind: t.assigneeKind, id: t.refId }]));
  if (wanted.length === 0) return content;
  const found = await refs.resolve(actor, wanted, tx);
  const refused: AppError[] = [];
  const details: ErrorDetail[] = [];
  const tasks = content.tasks.map((t, i) => {
    if (t.refId === null) return t;
    const r = found.get(refKey(t.assigneeKind, t.refId));
    if (r) return { ...t, assignee: r.name };
    const e = new AppError(E.PLANS_REF_UNKNOWN, 400, { field: `content.tasks[${i}].refId`, kind: t.assigneeKind, refId: t.refId });
    refused.push(e);
    details.push({ field: `body.content.tasks.${i}.refId`, rule: 'reference', zh: e.messageIn('zh-CN'), en: e.messageIn('en') });
    return t;
  });
  if (refused.length > 0) throw new AppError(E.PLANS_REF_UNKNOWN, 400, refused[0]!.params, details);
  return { ...content, tasks };
}

export function createPlansService({ db, regions, refs }: PlansDeps): PlansService {
  async function requirePlan(q: Queryable, actor: Actor, id: number, lock = false): Promise<PlanRow> {
    const plan = await repo.planById(q, actor.scope, id, lock);
    if (!plan) throw new AppError(E.PLANS_NOT_FOUND, 404, { id });
    return plan;
  }
  async function requireRevision(q: Queryable, actor: Actor, id: number, rev: number): Promise<RevisionRow> {
    const r = await repo.revision(q, actor.scope, id, rev);
    if (!r) throw new AppError(E.PLANS_REVISION_NOT_FOUND, 404, { revision: rev });
    return r;
  }
  async function detail(q: Queryable, actor: Actor, id: number): Promise<PlanDetail> {
    return { plan: await requirePlan(q, actor, id), revisions: await repo.revisions(q, actor.scope, id) };
  }
  const auditView = (r: Pick<RevisionRow, 'revision' | 'state' | 'note'>) => ({ revision: r.revision, state: r.state, note: r.note });

  return {
    unitReferences: async (tx, unitId, scope) => ({ what: 'plan', records: await repo.plansNamingUnit(tx, unitId, scope) }),
    list: (actor, kind) => repo.listPlans(db, actor.scope, kind ?? null),

    async create(actor, ip, input) {
      if (!inScope(actor.regionCode, input.regionCode)) throw new AppError(E.PLANS_REGION_OUT_OF_SCOPE, 403, { regionCode: input.regionCode });
      return db.transaction(async (tx) => {
        if ((await regions.unknownCodes([input.regionCode], tx)).length > 0) throw new AppError(E.PLANS_REGION_UNKNOWN, 400, { regionCode: input.regionCode });
        const content = await checkedContent(refs, tx, actor, input.content);
        const id = await repo.insertPlan(tx, { kind: input.kind, title: input.title, regionCode: input.regionCode, synthetic: false, createdBy: actor.userId });
        await repo.insertRevision(tx, { planId: id, revision: 1, content, note: input.note ?? null, authorId: actor.userId });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'plan.create', entityType: 'response_plan', entityId: id, regionCode: input.regionCode,
          after: { kind: input.kind, title: input.title, revision: 1, state: 'draft' },
        });
        return detail(tx, actor, id);
      });
    },

    get: (actor, id) => detail(db, actor, id),

    async revise(actor, ip, id, input) {
      return db.transaction(async (tx) => {
        const plan = await requirePlan(tx, actor, id, true);
        const all = await repo.revisions(tx, actor.scope, id);
        const open = all.find((r) => OPEN_STATES.has(r.state));
        if (open) throw new AppError(E.PLANS_OPEN_REVISION_EXISTS, 409, { revision: open.revision });
        const latest = all[all.length - 1]!;
        const revision = plan.latestRevision + 1;
        // Content carried over from the newest revision was checked when it was written (or linked by the migration).
        const content = input.content ? await checkedContent(refs, tx, actor, input.content) : latest.content;
        await repo.insertRevision(tx, { planId: id, revision, content, note: input.note ?? null, authorId: actor.userId });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'plan.revise', entityType: 'response_plan', entityId: id, regionCode: plan.regionCode,
          before: auditView(latest), after: { revision, state: 'draft', note: input.note ?? null },
        });
        return detail(tx, actor, id);
      });
    },

    async edit(actor, ip, id, rev, input) {
      return db.transaction(async (tx) => {
        const plan = await requirePlan(tx, actor, id, true);
        const r = await requireRevision(tx, actor, id, rev);
        if (r.state !== 'draft' && r.state !== 'returned') throw new AppError(E.PLANS_REVISION_STATE, 409, { revision: rev, state: r.state, action: 'edit' });
        const content = await checkedContent(refs, tx, actor, input.content);
        await repo.updateContent(tx, id, rev, content, input.note ?? r.note);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'plan.revision.edit', entityType: 'response_plan', entityId: id, regionCode: plan.regionCode,
          before: { revision: rev, content: r.content }, after: { revision: rev, content },
        });
        return detail(tx, actor, id);
      });
    },

    async act(actor, ip, id, rev, action, reason) {
      return db.transaction(async (tx) => {
        const plan = await requirePlan(tx, actor, id, true);
        const r = await requireRevision(tx, actor, id, rev);
        const next = revisionTransition(r.state, action);
        if (!next) throw new AppError(E.PLANS_REVISION_STATE, 409, { revision: rev, state: r.state, action });
        let superseded: number | null = null;
        if (action === 'approve') {
          if (approvalRefusal(r.authorId, actor.userId)) throw new AppError(E.PLANS_OWN_REVISION, 403, { revision: rev });
          superseded = await repo.supersedeApproved(tx, id);
        }
        await repo.setState(tx, id, rev, next, { approverId: actor.userId, returnReason: reason ?? null });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: `plan.revision.${action}`, entityType: 'response_plan', entityId: id, regionCode: plan.regionCode,
          before: { revision: rev, state: r.state }, after: { revision: rev, state: next, superseded, reason: reason ?? null },
        });
        return detail(tx, actor, id);
      });
    },

    async diff(actor, id, from, to) {
      if (from === to) throw new AppError(E.PLANS_DIFF_SAME, 400, { from, to });
      await requirePlan(db, actor, id);
      const [a, b] = [await requireRevision(db, actor, id, from), await requireRevision(db, actor, id, to)];
      return { from: a, to: b, diff: planDiff(a.content, b.content) };
    },

    async attach(actor, ip, id, rev, file) {
      const limitMb = PLAN_FILE_LIMIT_BYTES / 1048576;
      const clean = file.contentBase64.replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) throw new AppError(E.PLANS_FILE_INVALID, 400, { limitMb });
      const bytes = Buffer.from(clean, 'base64');
      if (bytes.length === 0 || bytes.length > PLAN_FILE_LIMIT_BYTES) throw new AppError(E.PLANS_FILE_INVALID, 400, { limitMb });
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      return db.transaction(async (tx) => {
        const plan = await requirePlan(tx, actor, id, true);
        const r = await requireRevision(tx, actor, id, rev);
        if (r.state !== 'draft' && r.state !== 'returned') throw new AppError(E.PLANS_REVISION_STATE, 409, { revision: rev, state: r.state, action: 'file' });
        await repo.setFile(tx, id, rev, { name: file.fileName, type: file.mediaType, bytes, sha256 });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'plan.revision.file', entityType: 'response_plan', entityId: id, regionCode: plan.regionCode,
          before: r.fileName ? { fileName: r.fileName, sha256: r.fileSha256 } : null, after: { revision: rev, fileName: file.fileName, size: bytes.length, sha256 },
        });
        return detail(tx, actor, id);
      });
    },

    async file(actor, id, rev) {
      await requireRevision(db, actor, id, rev);
      const f = await repo.fileOf(db, actor.scope, id, rev);
      if (!f) throw new AppError(E.PLANS_NO_FILE, 404, { revision: rev });
      return f;
    },

    byIds: (actor, ids) => repo.plansByIds(db, actor.scope, ids),

    async loadApproved(tx, input) {
      const id = await repo.insertPlan(tx, { kind: input.kind, title: input.title, regionCode: input.regionCode, synthetic: input.synthetic, createdBy: input.authorId });
      await repo.insertRevision(tx, { planId: id, revision: 1, content: input.content, note: input.note ?? null, authorId: input.authorId, state: 'approved', approverId: input.approverId });
      if (input.submitted) {
        await repo.insertRevision(tx, { planId: id, revision: 2, content: input.submitted.content, note: input.submitted.note, authorId: input.authorId, state: 'submitted' });
      }
      return id;
    },
  };
}
