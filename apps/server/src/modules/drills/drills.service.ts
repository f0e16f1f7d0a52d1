/**
 * The rules of drills and exercises (演练): planned → running → ended → assessed. While running, injects and actions
 * are appended to the timeline with the server's time (never edited: the table refuses it). Once ended, the drill is
 * scored against its criteria (the domain's `drillScore`); findings become follow-up actions with an owner and a
 * deadline, flagged when overdue; a year's drills, scores and follow-ups are summarised per year.
 */
import {
  drillFieldEditable, drillScore, drillTransition, DRILL_EDITABLE_FIELDS, drillYears, inScope, isOverdue, type DrillKind, type DrillYearSummary, type ScoredCriterion, type TimelineKind,
} from '@civdef/domain';
import type { Database, Queryable } from '../../db/index.ts';
import { auditContextOf, type Actor } from '../../lib/actor.ts';
import { AppError, type ErrorDetail } from '../../lib/errors.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { appendAudit } from '../audit/index.ts';
import { refKey, type RefsService, type UnitReference } from '../command/index.ts';
import type { PlansService } from '../plans/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { DrillsErrors as E } from './drills.errors.ts';
import * as repo from './drills.repository.ts';
import type { DrillRow, EventRow, FindingRow, Participant } from './drills.repository.ts';

export type { DrillRow, EventRow, FindingRow, Participant };

export interface DrillInput {
  kind: DrillKind; title: string; regionCode: string; scenario: string; plannedOn: string; participants: Participant[];
  planId?: number | null; keyTargetId?: number | null; criteria: Array<{ name: string; weight: number; maxScore: number }>;
}
export type DrillPatch = Partial<DrillInput> & { version: number };
export interface DrillDetail { drill: DrillRow; timeline: EventRow[]; findings: Array<FindingRow & { overdue: boolean }> }
export interface AssessmentInput { scores: number[]; assessment: string }
export interface FindingInput { finding: string; action: string; owner: string; deadline: string }

export interface DrillsDeps {
  db: Database;
  regions: Pick<RegionsService, 'unknownCodes'>;
  plans: Pick<PlansService, 'byIds'>;
  /** The command half: a participant's member unit or team is checked there on write. */
  refs: Pick<RefsService, 'resolve'>;
  today?: () => string;
}

export interface DrillsService {
  list(actor: Actor, year?: number): Promise<DrillRow[]>;
  create(actor: Actor, ip: string | null, input: DrillInput): Promise<DrillDetail>;
  get(actor: Actor, id: number): Promise<DrillDetail>;
  /** Edits a drill: any field while planned, only title and participants once started (409 DRILLS_FIELD_LOCKED naming the field). */
  update(actor: Actor, ip: string | null, id: number, patch: DrillPatch): Promise<DrillDetail>;
  /** Deletes a planned drill with no findings; 409 once started (its timeline is kept) or with findings. */
  remove(actor: Actor, ip: string | null, id: number): Promise<void>;
  /** How many drills of any jurisdiction name the key target (read through `q`, the caller's transaction). */
  drillsOfTarget(targetId: number, q?: Queryable): Promise<number>;
  step(actor: Actor, ip: string | null, id: number, action: 'start' | 'end'): Promise<DrillDetail>;
  log(actor: Actor, ip: string | null, id: number, entry: { kind: TimelineKind; text: string; actorName?: string | null }): Promise<DrillDetail>;
  assess(actor: Actor, ip: string | null, id: number, input: AssessmentInput): Promise<DrillDetail>;
  addFinding(actor: Actor, ip: string | null, id: number, input: FindingInput): Promise<DrillDetail>;
  closeFinding(actor: Actor, ip: string | null, id: number, findingId: number): Promise<DrillDetail>;
  years(actor: Actor): Promise<DrillYearSummary[]>;
  /** A drill of the actor's jurisdiction that is running (people are counted only then); 404/409 otherwise. */
  runningDrill(actor: Actor, id: number): Promise<DrillRow>;
  /** A drill of the actor's jurisdiction, whatever its state (404 otherwise). */
  drill(actor: Actor, id: number): Promise<DrillRow>;
  lastDrillByTarget(actor: Actor, targetIds: readonly number[]): Promise<Map<number, string>>;
  /** Writes a drill as the demo has it: its timeline, assessment and findings (demo data). */
  /** The drills that name this member unit among their participants (the command module's delete asks, in `tx`). */
  unitReferences(tx: Queryable, unitId: number, scope: string): Promise<UnitReference>;
  loadDemo(tx: Queryable, input: DrillInput & { state: 'planned' | 'running' | 'assessed'; timeline?: Array<{ kind: TimelineKind; text: string; actorName: string }>;
    scores?: number[]; assessment?: string; findings?: FindingInput[] }): Promise<number>;
}

export function createDrillsService({ db, regions, plans, refs, today = () => shanghaiDate(new Date()) }: DrillsDeps): DrillsService {
  async function requireDrill(q: Queryable, actor: Actor, id: number, lock = false): Promise<DrillRow> {
    const d = await repo.drillById(q, actor.scope, id, lock);
    if (!d) throw new AppError(E.DRILLS_NOT_FOUND, 404, { id });
    return d;
  }
  async function detail(q: Queryable, actor: Actor, id: number): Promise<DrillDetail> {
    const drill = await requireDrill(q, actor, id);
    const day = today();
    const findings = (await repo.findings(q, id)).map((f) => ({ ...f, overdue: isOverdue(f.deadline, f.status, day) }));
    return { drill, timeline: await repo.events(q, id), findings };
  }
  /** Every referenced unit or team must exist in the writer's jurisdiction; the stored name is the record's own. */
  async function checkedParticipants(tx: Queryable, actor: Actor, participants: Participant[]): Promise<Participant[]> {
    const wanted = participants.flatMap((p) => (p.refId === null ? [] : [{ kind: p.kind, id: p.refId }]));
    if (wanted.length === 0) return participants;
    const found = await refs.resolve(actor, wanted, tx);
    const refused: AppError[] = [];
    const details: ErrorDetail[] = [];
    const out = participants.map((p, i) => {
      if (p.refId === null) return p;
      const r = found.get(refKey(p.kind, p.refId));
      if (r) return { ...p, name: r.name };
      const e = new AppError(E.DRILLS_REF_UNKNOWN, 400, { field: `participants[${i}].refId`, kind: p.kind, refId: p.refId });
      refused.push(e);
      details.push({ field: `body.participants.${i}.refId`, rule: 'reference', zh: e.messageIn('zh-CN'), en: e.messageIn('en') });
      return p;
    });
    if (refused.length > 0) throw new AppError(E.DRILLS_REF_UNKNOWN, 400, refused[0]!.params, details);
    return out;
  }
  const toCriteria = (cs: DrillInput['criteria']): ScoredCriterion[] => cs.map((c) => ({ name: c.name, weight: c.weight, maxScore: c.maxScore, score: 0 }));

  return {
    unitReferences: async (tx, unitId, scope) => ({ what: 'drill', records: await repo.drillsNamingUnit(tx, unitId, scope) }),
    list: (actor, year) => repo.listDrills(db, actor.scope, year ?? null),

    async create(actor, ip, input) {
      if (!inScope(actor.regionCode, input.regionCode)) throw new AppError(E.DRILLS_REGION_OUT_OF_SCOPE, 403, { regionCode: input.regionCode });
      if (input.planId && (await plans.byIds(actor, [input.planId])).length === 0) throw new AppError(E.DRILLS_PLAN_UNKNOWN, 400, { planId: input.planId });
      return db.transaction(async (tx) => {
        if ((await regions.unknownCodes([input.regionCode], tx)).length > 0) throw new AppError(E.DRILLS_REGION_UNKNOWN, 400, { regionCode: input.regionCode });
        if (input.keyTargetId && !(await repo.targetExists(tx, actor.scope, input.keyTargetId))) throw new AppError(E.DRILLS_TARGET_UNKNOWN, 400, { keyTargetId: input.keyTargetId });
        const participants = await checkedParticipants(tx, actor, input.participants);
        const id = await repo.insertDrill(tx, {
          kind: input.kind, title: input.title, regionCode: input.regionCode, scenario: input.scenario, plannedOn: input.plannedOn,
          participants, planId: input.planId ?? null, keyTargetId: input.keyTargetId ?? null, criteria: toCriteria(input.criteria),
          synthetic: false, createdBy: actor.userId,
        });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'drill.create', entityType: 'response_drill', entityId: id, regionCode: input.regionCode,
          after: { kind: input.kind, title: input.title, plannedOn: input.plannedOn, participants: input.participants.length, criteria: input.criteria.length },
        });
        return detail(tx, actor, id);
      });
    },

    get: (actor, id) => detail(db, actor, id),

    async update(actor, ip, id, patch) {
      if (patch.regionCode !== undefined && !inScope(actor.regionCode, patch.regionCode)) {
        throw new AppError(E.DRILLS_REGION_OUT_OF_SCOPE, 403, { regionCode: patch.regionCode });
      }
      if (patch.planId && (await plans.byIds(actor, [patch.planId])).length === 0) throw new AppError(E.DRILLS_PLAN_UNKNOWN, 400, { planId: patch.planId });
      return db.transaction(async (tx) => {
        const d = await requireDrill(tx, actor, id, true);
        if (d.version !== patch.version) throw new AppError(E.DRILLS_VERSION_CONFLICT, 409, { current: d.version, sent: patch.version });
        const criteriaKey = (cs: ReadonlyArray<{ name: string; weight: number; maxScore: number }>) => JSON.stringify(cs.map((c) => [c.name, c.weight, c.maxScore]));
        const participantsKey = (ps: readonly Participant[]) => JSON.stringify(ps.map((p) => [p.kind, p.refId, p.name, p.people]));
        // A field sent with the value it has is no change: the console sends the whole form back.
        const changed = (field: (typeof DRILL_EDITABLE_FIELDS)[number]): boolean => {
          const v = patch[field];
          if (v === undefined) return false;
          if (field === 'criteria') return criteriaKey(v as DrillInput['criteria']) !== criteriaKey(d.criteria);
          if (field === 'participants') return participantsKey(v as Participant[]) !== participantsKey(d.participants);
          return (v ?? null) !== (d[field] ?? null);
        };
        const changes = DRILL_EDITABLE_FIELDS.filter(changed);
        const locked = changes.find((f) => !drillFieldEditable(d.state, f));
        if (locked) {
          const e = new AppError(E.DRILLS_FIELD_LOCKED, 409, { field: locked, state: d.state });
          throw new AppError(E.DRILLS_FIELD_LOCKED, 409, { field: locked, state: d.state }, [
            { field: `body.${locked}`, rule: 'locked_after_start', zh: e.messageIn('zh-CN'), en: e.messageIn('en') },
          ]);
        }
        if (changes.includes('regionCode') && (await regions.unknownCodes([patch.regionCode!], tx)).length > 0) {
          throw new AppError(E.DRILLS_REGION_UNKNOWN, 400, { regionCode: patch.regionCode });
        }
        if (changes.includes('keyTargetId') && patch.keyTargetId && !(await repo.targetExists(tx, actor.scope, patch.keyTargetId))) {
          throw new AppError(E.DRILLS_TARGET_UNKNOWN, 400, { keyTargetId: patch.keyTargetId });
        }
        const participants = changes.includes('participants') ? await checkedParticipants(tx, actor, patch.participants!) : d.participants;
        const after = {
          kind: patch.kind ?? d.kind, title: patch.title ?? d.title, regionCode: patch.regionCode ?? d.regionCode, scenario: patch.scenario ?? d.scenario,
          plannedOn: patch.plannedOn ?? d.plannedOn, participants, planId: patch.planId === undefined ? d.planId : patch.planId,
          keyTargetId: patch.keyTargetId === undefined ? d.keyTargetId : patch.keyTargetId,
          criteria: changes.includes('criteria') ? toCriteria(patch.criteria!) : d.criteria,
        };
        await repo.updateDrill(tx, id, after);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'drill.update', entityType: 'response_drill', entityId: id, regionCode: after.regionCode,
          before: { version: d.version, state: d.state, ...Object.fromEntries(changes.map((f) => [f, d[f]])) },
          after: { version: d.version + 1, ...Object.fromEntries(changes.map((f) => [f, after[f]])) },
        });
        return detail(tx, actor, id);
      });
    },
    async remove(actor, ip, id) {
      await db.transaction(async (tx) => {
        const d = await requireDrill(tx, actor, id, true);
        const kept = await repo.findings(tx, id);
        // Started, it has a timeline (append-only) and may have head counts; with findings, follow-ups hang on it.
        if (d.state !== 'planned' || kept.length > 0) throw new AppError(E.DRILLS_IN_USE, 409, { state: d.state, findings: kept.length });
        await repo.deleteDrill(tx, id);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'drill.delete', entityType: 'response_drill', entityId: id, regionCode: d.regionCode,
          before: { version: d.version, kind: d.kind, title: d.title, plannedOn: d.plannedOn, planId: d.planId, keyTargetId: d.keyTargetId, participants: d.participants.length },
        });
      });
    },
    drillsOfTarget: (targetId, q = db) => repo.drillsOfTarget(q, targetId),
    async step(actor, ip, id, action) {
      return db.transaction(async (tx) => {
        const d = await requireDrill(tx, actor, id, true);
        const next = drillTransition(d.state, action);
        if (!next) throw new AppError(E.DRILLS_STATE, 409, { state: d.state, action });
        await repo.setState(tx, id, next);
        // The start and the end are moments of the timeline too.
        await repo.appendEvent(tx, { drillId: id, kind: 'note', text: action === 'start' ? '演练开始 Drill started' : '演练结束 Drill ended', actorName: null, loggedBy: actor.userId });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: `drill.${action}`, entityType: 'response_drill', entityId: id, regionCode: d.regionCode, before: { state: d.state }, after: { state: next },
        });
        return detail(tx, actor, id);
      });
    },

    async log(actor, ip, id, entry) {
      return db.transaction(async (tx) => {
        const d = await requireDrill(tx, actor, id, true);
        if (d.state !== 'running') throw new AppError(E.DRILLS_STATE, 409, { state: d.state, action: 'log' });
        const eventId = await repo.appendEvent(tx, { drillId: id, kind: entry.kind, text: entry.text, actorName: entry.actorName ?? null, loggedBy: actor.userId });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'drill.log', entityType: 'response_drill', entityId: id, regionCode: d.regionCode, after: { eventId, kind: entry.kind, text: entry.text },
        });
        return detail(tx, actor, id);
      });
    },

    async assess(actor, ip, id, input) {
      return db.transaction(async (tx) => {
        const d = await requireDrill(tx, actor, id, true);
        if (!drillTransition(d.state, 'assess')) throw new AppError(E.DRILLS_STATE, 409, { state: d.state, action: 'assess' });
        if (input.scores.length !== d.criteria.length) throw new AppError(E.DRILLS_CRITERIA_MISMATCH, 400, { expected: d.criteria.length, got: input.scores.length });
        const criteria = d.criteria.map((c, i) => {
          const score = input.scores[i]!;
          if (score < 0 || score > c.maxScore) throw new AppError(E.DRILLS_SCORE_RANGE, 400, { index: i, maxScore: c.maxScore });
          return { name: c.name, weight: c.weight, maxScore: c.maxScore, score };
        });
        const score = drillScore(criteria);
        await repo.setAssessment(tx, id, criteria, score, input.assessment);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'drill.assess', entityType: 'response_drill', entityId: id, regionCode: d.regionCode,
          before: { state: d.state, score: d.score }, after: { state: 'assessed', score, scores: input.scores },
        });
        return detail(tx, actor, id);
      });
    },

    async addFinding(actor, ip, id, input) {
      return db.transaction(async (tx) => {
        const d = await requireDrill(tx, actor, id, true);
        const findingId = await repo.insertFinding(tx, { drillId: id, ...input });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'drill.finding.create', entityType: 'response_drill', entityId: id, regionCode: d.regionCode, after: { findingId, ...input },
        });
        return detail(tx, actor, id);
      });
    },

    async closeFinding(actor, ip, id, findingId) {
      return db.transaction(async (tx) => {
        const d = await requireDrill(tx, actor, id, true);
        const f = (await repo.findings(tx, id)).find((x) => x.id === findingId);
        if (!f) throw new AppError(E.DRILLS_FINDING_NOT_FOUND, 404, { findingId });
        if (f.status === 'done') throw new AppError(E.DRILLS_FINDING_DONE, 409);
        await repo.markFindingDone(tx, id, findingId);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'drill.finding.done', entityType: 'response_drill', entityId: id, regionCode: d.regionCode,
          before: { findingId, status: 'open', deadline: f.deadline }, after: { findingId, status: 'done' },
        });
        return detail(tx, actor, id);
      });
    },

    async years(actor) {
      const [drills, findings] = [await repo.listDrills(db, actor.scope, null), await repo.findingsIn(db, actor.scope)];
      const byDrill = new Map<number, FindingRow[]>();
      for (const f of findings) byDrill.set(f.drillId, [...(byDrill.get(f.drillId) ?? []), f]);
      return drillYears(drills.map((d) => {
        const fs = byDrill.get(d.id) ?? [];
        return { year: Number(d.plannedOn.slice(0, 4)), state: d.state, score: d.score, findings: fs.length, actions: fs.map((f) => ({ status: f.status, deadline: f.deadline })) };
      }), today());
    },

    async runningDrill(actor, id) {
      const d = await requireDrill(db, actor, id);
      if (d.state !== 'running') throw new AppError(E.DRILLS_STATE, 409, { state: d.state, action: 'count' });
      return d;
    },
    drill: (actor, id) => requireDrill(db, actor, id),

    async lastDrillByTarget(actor, targetIds) {
      return new Map((await repo.lastDrillByTarget(db, actor.scope, targetIds)).map((r) => [r.targetId, r.lastOn]));
    },

    async loadDemo(tx, input) {
      const id = await repo.insertDrill(tx, {
        kind: input.kind, title: input.title, regionCode: input.regionCode, scenario: input.scenario, plannedOn: input.plannedOn,
        participants: input.participants, planId: input.planId ?? null, keyTargetId: input.keyTargetId ?? null, criteria: toCriteria(input.criteria),
        synthetic: true, createdBy: null,
      });
      if (input.state === 'planned') return id;
      await repo.setState(tx, id, 'running');
      for (const e of input.timeline ?? []) await repo.appendEvent(tx, { drillId: id, kind: e.kind, text: e.text, actorName: e.actorName, loggedBy: null });
      if (input.state === 'assessed') {
        await repo.setState(tx, id, 'ended');
        const criteria = toCriteria(input.criteria).map((c, i) => ({ ...c, score: input.scores?.[i] ?? 0 }));
        await repo.setAssessment(tx, id, criteria, drillScore(criteria), input.assessment ?? '');
        for (const f of input.findings ?? []) await repo.insertFinding(tx, { drillId: id, ...f });
      }
      return id;
    },
  };
}
