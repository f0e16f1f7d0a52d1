/**
 * The rules of regulation: the enterprise and officer registers, and the 双随机一公开 inspection task whose draw
 * anyone can re-run. A task moves draft → committed → drawn → published, each step once, in one transaction with
 * its audit row:
 * - commit freezes the pool (targets, inspectors with a valid certificate, conflicts) and publishes SM3(seed)
 *   and the pool's digest; the seed is made here, at random, and kept secret;
 * - draw reveals the seed and runs `civdef-draw-v1` (packages/domain) on the frozen pool, the public beacon mixed into
 *   the seed when one was announced; a drawn task cannot be drawn again: a re-draw is a new task citing this one with
 *   a reason (`redrawTask`), so the first draw, its result and the reason stay on the record;
 * - publish opens the task, the pool, the seed and the result to the public endpoint.
 */
import { randomBytes } from 'node:crypto';
import {
  APPROVAL_CASE_NO, APPROVAL_CLOCK_DEFAULTS, APPROVAL_DEFAULT_PARTIES, APPROVAL_KIND_FOR_STATE, approvalDecisionProblem, INSPECTION_ITEMS, approvalClockState, commitOf, drawSeedOf, workingClock, drawProblem, inScope, poolDigest, runDraw, usccProblem,
  type ApprovalClockState, type WorkingCalendar, type ApprovalDocumentType, type CreditKind, type ApprovalKind, type PartyVerdict, type DrawInput, type EnterpriseKind, type InspectionItem, type InspectionOutcome,
} from '@civdef/domain';
import type { Database, Queryable } from '../../db/index.ts';
import { auditContextOf, type Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { mask, type FieldCipher } from '../../lib/field-crypto.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { appendAudit } from '../audit/index.ts';
import type { RegionsService } from '../regions/index.ts';
import type { SirensService } from '../sirens/index.ts';
import type { WorksService } from '../works/index.ts';
import { createCalendarService, type CalendarService } from './calendar.service.ts';
import * as creditRepo from './credit.repository.ts';
import type { CreditRow, QualificationRow } from './credit.repository.ts';
import { casesOfEnterprise } from './enforcement.repository.ts';
import { createEnforcementService, type CaseRow, type EnforcementService } from './enforcement.service.ts';
import { createFeesService, type FeesDeps, type FeesService } from './fees.service.ts';
import { createFundService, type FundService } from './fund.service.ts';
import { RegulationErrors as E } from './regulation.errors.ts';
import * as repo from './regulation.repository.ts';
import type { EventBus } from '../../lib/events.ts';
import { discardEvidence, openEvidence, storeEvidence, evidenceMediaType, photoMediaType } from './enforcement.files.ts';
import type { ApprovalDocumentRow, ApprovalRow, EnterpriseRow, PartyRow, OfficerRow, PhotoRow, PoolFilter, PoolSnapshot, ResultRow, TaskRow } from './regulation.repository.ts';

export type { ApprovalDocumentRow, ApprovalRow, EnterpriseRow, OfficerRow, PartyRow, PhotoRow, PoolFilter, PoolSnapshot, ResultRow, TaskRow };

/** The most targets one pool may hold (a city has a few thousand works; more is a filter that forgot the region). */
export const POOL_MAX_TARGETS = 20_000;
export type { FileCaseInput, CaseStepInput, EvidenceInput } from './enforcement.service.ts';
export type { AssessInput, EntryInput } from './fees.service.ts';
export type { FundEntryInput } from './fund.service.ts';
export type { CalendarYear, CalendarYearInput, CalendarLoadResult, MovedClock } from './calendar.service.ts';

/** Authenticated with each sealed phone, so a ciphertext copied into another column does not decrypt there. */
const CONTACT_PHONE_CONTEXT = 'reg_enterprise.contact_phone';

export interface EnterpriseInput {
  uscc: string; name: string; kind: EnterpriseKind; regionCode: string; contactName?: string | null; contactPhone?: string | null;
}
export interface OfficerInput { name: string; certNo: string; certExpiresOn: string; regionCode: string }
export interface TaskInput {
  title: string; item: InspectionItem; regionCode: string; targetCount: number; inspectorsPerTarget: number;
  conflicts?: Array<{ officerId: number; enterpriseId: number; reason: string }>;
  /** Narrows the pool within the region: works by class/state/public, sirens by kind/status, any source by name. */
  poolFilter?: PoolFilter;
  /** Announces the public value that will be mixed into the seed at the draw (e.g. a named lottery draw's numbers). */
  beaconSource?: string | null;
}
export interface DrawInputBody { beacon?: string | null }
export interface RedrawInput { reason: string }
export interface ApprovalInput {
  kind: ApprovalKind; title: string; regionCode: string; enterpriseId?: number | null; workId?: number | null; receivedOn: string; promisedDays?: number; legalDays?: number;
  /** 联审 parties asked for an opinion; `required` ones hold the decision until they answer. */
  parties?: Array<{ name: string; required?: boolean }>;
}
export interface PartyInput { name: string; required?: boolean }
export interface QualificationInput { name: string; level?: string | null; certNo: string; issuer: string; issuedOn: string; expiresOn?: string | null }
export interface CreditInput { kind: CreditKind; reason: string; recordedOn: string; publicUntil?: string | null }
export interface EnterpriseDetail { enterprise: Enterprise; qualifications: QualificationRow[]; credit: CreditRow[]; cases: CaseRow[] }
export interface OpinionInput { verdict: PartyVerdict; opinion: string; answeredOn: string }
export interface ApprovalDocumentInput { docType: ApprovalDocumentType; title: string; fileName: string; data: Buffer }
export interface ApprovalDetail { approval: Approval; parties: PartyRow[]; documents: ApprovalDocumentRow[] }
export interface DecisionInput { decision: 'approved' | 'rejected'; decidedOn: string; opinion: string }
/** A case with where its clock stands today (null once decided). */
export type Approval = ApprovalRow & { clock: ApprovalClockState | null; legalDaysLeft: number | null };
export type ApprovalView = 'open' | 'due_soon' | 'overdue' | 'all';

/** A photo of one target's result, as uploaded. */
export interface PhotoInput { targetKey: string; fileName: string; data: Buffer }

/** A result for one drawn target, named by its key (USCC, work code or siren code) or, for enterprises, by id. */
export interface ResultInput { targetKey?: string; enterpriseId?: number; outcome: InspectionOutcome; findings: string; rectification?: string | null }

/** An enterprise as the service hands it out: the phone opened, then masked (no route shows it in full yet). */
export type Enterprise = Omit<EnterpriseRow, 'contactPhone'> & { contactPhoneMasked: string | null };

export interface TaskDetail {
  task: TaskRow;
  conflicts: Array<{ officerId: number; enterpriseId: number; reason: string }>;
  results: ResultRow[];
}

export interface RegulationDeps {
  db: Database;
  regions: Pick<RegionsService, 'unknownCodes'>;
  cipher: FieldCipher;
  /**
   * The application's event bus: a works life-cycle step to demolished or scrapped that cites an approval case
   * number (RFSP-…) is checked against the case here, in the step's transaction. Absent in tools that move no works.
   */
  events?: EventBus;
  /** Statutory clock defaults in working days (config APPROVAL_LEGAL_DAYS / APPROVAL_PROMISED_DAYS). */
  approvalClock?: { legalDays: number; promisedDays: number };
  /** The data directory: enforcement evidence is kept under `<dataDir>/files`. */
  dataDir: string;
  /**
   * The stored building-rule table (the zoning module's), which a 易地建设费 assessment computes from; absent, the
   * domain's seeded table (tools and tests that build regulation alone).
   */
  buildingRules?: FeesDeps['buildingRules'];
  /** Today in Asia/Shanghai (certificates expire by the calendar day); a test may fix it. */
  today?: () => string;
  /** 32 random bytes as hex; a test may fix it. */
  newSeed?: () => string;
  /** The works a maintenance inspection draws from (through the works module's door). */
  works?: Pick<WorksService, 'inspectionPool'>;
  /** The sirens a siren-facilities inspection draws from (through the sirens module's door). */
  sirens?: Pick<SirensService, 'list'>;
}

export interface RegulationService extends EnforcementService, FeesService, FundService, CalendarService {
  listEnterprises(actor: Actor, f: { kind?: string; q?: string; page: number; pageSize: number }): Promise<{ items: Enterprise[]; total: number }>;
  createEnterprise(actor: Actor, ip: string | null, input: EnterpriseInput): Promise<Enterprise>;
  listOfficers(actor: Actor): Promise<OfficerRow[]>;
  createOfficer(actor: Actor, ip: string | null, input: OfficerInput): Promise<OfficerRow>;
  listTasks(actor: Actor): Promise<TaskRow[]>;
  createTask(actor: Actor, ip: string | null, input: TaskInput): Promise<TaskDetail>;
  getTask(actor: Actor, id: number): Promise<TaskDetail>;
  commitTask(actor: Actor, ip: string | null, id: number): Promise<TaskDetail>;
  drawTask(actor: Actor, ip: string | null, id: number, input?: DrawInputBody): Promise<TaskDetail>;
  /** A new draft task with this one's settings and conflicts, citing it and the reason; this one stays as it was. */
  redrawTask(actor: Actor, ip: string | null, id: number, input: RedrawInput): Promise<TaskDetail>;
  publishTask(actor: Actor, ip: string | null, id: number): Promise<TaskDetail>;
  recordResult(actor: Actor, ip: string | null, id: number, input: ResultInput): Promise<TaskDetail>;
  /** Refuses early (before an upload is read) a photo for a task out of scope or a target without a recorded result. */
  assertResult(actor: Actor, id: number, targetKey: string): Promise<void>;
  /** Adds a photo (JPEG, PNG or WebP by its bytes) to one target's result; answers that target's photos. */
  addResultPhoto(actor: Actor, ip: string | null, id: number, input: PhotoInput): Promise<PhotoRow[]>;
  /** The photos of a task in scope, of one target when `targetKey` is given. */
  listResultPhotos(actor: Actor, id: number, targetKey: string | null): Promise<PhotoRow[]>;
  openResultPhoto(actor: Actor, photoId: number): Promise<{ photo: PhotoRow; size: number; stream: () => NodeJS.ReadableStream }>;
  /** Approval cases: all, open, due soon (promise within 2 working days) or overdue (past the promise or the legal limit). */
  listApprovals(actor: Actor, view: ApprovalView): Promise<Approval[]>;
  /** Registers a case received on `receivedOn`; its due dates are computed in working days (20 legal, 7 promised by default). */
  createApproval(actor: Actor, ip: string | null, input: ApprovalInput): Promise<Approval>;
  /** Decides a case once every required 联审 party has answered, never approving over a required party's disagreement. */
  decideApproval(actor: Actor, ip: string | null, id: number, input: DecisionInput): Promise<Approval>;
  getApproval(actor: Actor, id: number): Promise<ApprovalDetail>;
  /** An enterprise with its qualifications, credit records and the enforcement cases it is party to. */
  getEnterprise(actor: Actor, id: number): Promise<EnterpriseDetail>;
  addQualification(actor: Actor, ip: string | null, id: number, input: QualificationInput): Promise<EnterpriseDetail>;
  addCredit(actor: Actor, ip: string | null, id: number, input: CreditInput): Promise<EnterpriseDetail>;
  addParty(actor: Actor, ip: string | null, id: number, input: PartyInput): Promise<ApprovalDetail>;
  /** Records a party's opinion, once. */
  answerParty(actor: Actor, ip: string | null, id: number, partyId: number, input: OpinionInput): Promise<ApprovalDetail>;
  /** Refuses early (before an upload is read) a case that does not exist in scope. */
  assertApproval(actor: Actor, id: number): Promise<void>;
  addApprovalDocument(actor: Actor, ip: string | null, id: number, input: ApprovalDocumentInput): Promise<ApprovalDetail>;
  openApprovalDocument(actor: Actor, documentId: number): Promise<{ document: ApprovalDocumentRow; size: number; stream: () => NodeJS.ReadableStream }>;
  /** A published task for the public site, or null (not found and not yet published look the same). */
  publicTask(id: number): Promise<TaskDetail | null>;
  /** The published tasks with their results, newest first, for the public site. */
  publicTasks(limit: number): Promise<TaskDetail[]>;
}

/** The draw's input from a frozen pool: targets by key (USCC, work or siren code), officers by certificate number. */
export function drawInputOf(pool: PoolSnapshot, targetCount: number, inspectorsPerTarget: number, beaconSource: string | null = null): DrawInput {
  return {
    targets: pool.targets.map((t) => t.key),
    inspectors: pool.inspectors.map((i) => i.certNo),
    conflicts: pool.conflicts.map((c) => [c.certNo, c.targetKey] as const),
    targetCount,
    inspectorsPerTarget,
    beaconSource,
  };
}

export function createRegulationService(deps: RegulationDeps): RegulationService {
  const { db, regions, cipher } = deps;
  const today = deps.today ?? (() => shanghaiDate(new Date()));
  const newSeed = deps.newSeed ?? (() => randomBytes(32).toString('hex'));
  const calendars = createCalendarService(db);
  const enforcement = createEnforcementService({ db, regions, dataDir: deps.dataDir, today, calendarForNewClock: calendars.calendarForNewClock });
  const fees = createFeesService({ db, regions, today, ...(deps.buildingRules ? { buildingRules: deps.buildingRules } : {}) });
  const fund = createFundService({ db, regions });
  const clockDefaults = deps.approvalClock ?? APPROVAL_CLOCK_DEFAULTS;

  /**
   * A demolition or scrapping step of the works life cycle that cites a case number (RFSP-…) needs that case:
   * approved, of the matching kind, for this work (or for no work in particular), in the work's region, and not
   * used by another work. A reference that is not a case number (a paper approval's 文号) is left to the works
   * module, which records it as given. The case is marked used in the step's transaction.
   */
  deps.events?.on('work.retired', async ({ work, approvalRef }, { tx, audit }) => {
    if (!approvalRef || !approvalRef.startsWith('RFSP-')) return;
    const refuse = (problem: string, more: object = {}) => new AppError(E.REGULATION_APPROVAL_REF_INVALID, 400, { approvalRef, problem, field: 'body.approvalRef', ...more });
    const c = APPROVAL_CASE_NO.test(approvalRef) ? await repo.approvalByCaseNo(tx, approvalRef) : null;
    if (!c) throw refuse('unknown');
    // The case's region holds the work's: a city's case (320600) covers its districts' works (3206…).
    if (!inScope(c.regionCode, work.regionCode)) throw refuse('region');
    const needed = APPROVAL_KIND_FOR_STATE[work.lifecycleState];
    const kindZh = (k: string) => ({ demolition: '拆除人防工程审批', scrapping: '人防工程报废审批' }[k] ?? k);
    if (needed && c.kind !== needed) throw refuse('kind', { kind: c.kind, kindZh: kindZh(c.kind), needed, neededZh: kindZh(needed) });
    if (c.status !== 'approved') throw refuse('status');
    if (c.workId !== null && c.workId !== work.id) throw refuse('work', { workCode: c.workCode });
    if (c.usedByWorkId !== null && c.usedByWorkId !== work.id) throw refuse('used');
    await repo.markApprovalUsed(tx, c.id, work.id);
    await appendAudit(tx, audit, {
      action: 'approval_case.used', entityType: 'reg_approval_case', entityId: c.id, regionCode: c.regionCode,
      before: { usedByWorkId: c.usedByWorkId }, after: { usedByWorkId: work.id, lifecycleState: work.lifecycleState },
    });
  });

  async function enterpriseDetail(actor: Actor, id: number): Promise<EnterpriseDetail> {
    const row = await repo.enterpriseById(db, actor.scope, id);
    if (!row) throw new AppError(E.REGULATION_ENTERPRISE_NOT_FOUND, 404);
    return {
      enterprise: present(row), qualifications: await creditRepo.qualificationsOf(db, id), credit: await creditRepo.creditOf(db, id),
      cases: await casesOfEnterprise(db, actor.scope, id),
    };
  }

  async function approvalDetail(q: Queryable, actor: Actor, id: number): Promise<ApprovalDetail> {
    const row = await repo.approvalById(q, actor.scope, id);
    if (!row) throw new AppError(E.REGULATION_CASE_NOT_FOUND, 404);
    return { approval: withClock(await calendars.calendarOf(q))(row), parties: await repo.partiesOf(q, id), documents: await repo.documentsOf(q, id) };
  }

  async function lockOpenApproval(tx: Queryable, actor: Actor, id: number, action: 'party' | 'opinion'): Promise<ApprovalRow> {
    const c = await repo.approvalById(tx, actor.scope, id, true);
    if (!c) throw new AppError(E.REGULATION_CASE_NOT_FOUND, 404);
    if (c.status !== 'open') throw new AppError(E.REGULATION_APPROVAL_CLOSED, 409, { status: c.status, action });
    return c;
  }

  /** The case's clock today, on the calendar as loaded (a year without holiday data counts Monday–Friday). */
  const withClock = (calendar: WorkingCalendar) => (row: ApprovalRow): Approval => {
    if (row.status !== 'open') return { ...row, clock: null, legalDaysLeft: null };
    const day = today();
    return { ...row, clock: approvalClockState(calendar, row, day), legalDaysLeft: calendar.workingDaysBetween(day, row.legalDueOn) };
  };

  const present = (row: EnterpriseRow): Enterprise => {
    const { contactPhone, ...rest } = row;
    const plain = contactPhone === null ? null : cipher.isEncrypted(contactPhone) ? cipher.decrypt(contactPhone, CONTACT_PHONE_CONTEXT) : contactPhone;
    return { ...rest, contactPhoneMasked: plain === null ? null : mask(plain, 'phone') };
  };

  async function assertRegion(q: Queryable, actor: Actor, regionCode: string) {
    if (!inScope(actor.regionCode, regionCode)) throw new AppError(E.REGULATION_REGION_OUT_OF_SCOPE, 403, { regionCode });
    if ((await regions.unknownCodes([regionCode], q)).length > 0) throw new AppError(E.REGULATION_REGION_UNKNOWN, 400, { regionCode });
  }

  async function detail(q: Queryable, actor: Actor, id: number): Promise<TaskDetail> {
    const task = await repo.taskById(q, actor.scope, id);
    if (!task) throw new AppError(E.REGULATION_TASK_NOT_FOUND, 404);
    return { task, conflicts: await repo.conflictsOf(q, id), results: await repo.resultsOf(q, id) };
  }

  /** Locks the task in scope and checks it is in `status` for `action`. */
  async function lockFor(tx: Queryable, actor: Actor, id: number, status: string, action: string): Promise<TaskRow> {
    const task = await repo.taskById(tx, actor.scope, id, true);
    if (!task) throw new AppError(E.REGULATION_TASK_NOT_FOUND, 404);
    if (task.status !== status) throw new AppError(E.REGULATION_TASK_STATE, 409, { status: task.status, action });
    return task;
  }

  /**
   * The pool as it stands now: the item's targets in the task's region (registered enterprises of the item's kind, or
   * the works / sirens matching the task's filter, read through their modules' doors), the officers whose
   * certificate is valid today, and the conflicts — an enterprise in conflict excludes the officer from every target
   * it answers for (itself, or the works and sirens whose unit bears its name).
   */
  async function targetsFor(actor: Actor, task: TaskRow): Promise<PoolSnapshot['targets']> {
    const item = INSPECTION_ITEMS[task.item as InspectionItem];
    const f = task.poolFilter ?? {};
    let targets: PoolSnapshot['targets'];
    if (item.source === 'works') {
      if (!deps.works) throw new Error('the regulation service was built without the works pool');
      const rows = await deps.works.inspectionPool(actor, {
        regionCode: task.regionCode, q: f.q, workClass: f.workClass as never, lifecycleState: f.lifecycleState as never, isPublic: f.isPublic,
      }, POOL_MAX_TARGETS + 1);
      targets = rows.map((w) => ({ id: w.id, key: w.code, name: w.name, party: w.unit }));
    } else if (item.source === 'sirens') {
      if (!deps.sirens) throw new Error('the regulation service was built without the sirens pool');
      targets = [];
      // The sirens' own list, page by page (its pages hold at most 500), filtered per kind and status it offers.
      const kinds = f.sirenKind?.length ? f.sirenKind : [undefined];
      const statuses = f.sirenStatus?.length ? f.sirenStatus : [undefined];
      for (const kind of kinds) {
        for (const status of statuses) {
          for (let page = 1; ; page += 1) {
            const got = await deps.sirens.list(actor, { regionCode: task.regionCode, q: f.q, kind: kind as never, status: status as never, page, pageSize: 500 });
            targets.push(...got.items.map((x) => ({ id: x.id, key: x.code, name: x.name, party: x.hostUnit })));
            if (page * 500 >= got.total || targets.length > POOL_MAX_TARGETS) break;
          }
        }
      }
      targets.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    } else {
      targets = await repo.enterprisePool(db, task.regionCode, item.target, f.q ?? null);
    }
    if (targets.length > POOL_MAX_TARGETS) throw new AppError(E.REGULATION_POOL_TOO_LARGE, 400, { max: POOL_MAX_TARGETS, field: 'body.poolFilter' });
    return targets;
  }

  async function poolFor(tx: Queryable, task: TaskRow, targets: PoolSnapshot['targets']): Promise<PoolSnapshot> {
    const item = INSPECTION_ITEMS[task.item as InspectionItem];
    const { inspectors, conflicts: named } = await repo.currentInspectors(tx, task.id, task.regionCode, today());
    const conflicts: PoolSnapshot['conflicts'] = [];
    for (const c of named) {
      const { enterpriseName, ...rest } = c;
      if (item.source === 'enterprises') conflicts.push({ ...rest, targetKey: c.uscc });
      else for (const t of targets) if (t.party !== null && t.party === enterpriseName) conflicts.push({ ...rest, targetKey: t.key });
    }
    return { source: item.source, targets, inspectors, conflicts };
  }

  function assertDrawable(input: DrawInput) {
    const p = drawProblem(input);
    if (!p) return;
    if (p.problem === 'count') throw new AppError(E.REGULATION_POOL_TOO_SMALL, 400, { field: `body.${p.field}`, value: p.value, max: p.max });
    if (p.problem === 'candidates') throw new AppError(E.REGULATION_CANDIDATES_SHORT, 400, { target: p.target, available: p.available, needed: p.needed });
    // Keys are unique columns, so a duplicate is a broken database, not a user's error.
    throw new Error(`draw input refused: ${JSON.stringify(p)}`);
  }

  const taskAudit = (task: TaskRow) => ({
    status: task.status, title: task.title, item: task.item, targetCount: task.targetCount, inspectorsPerTarget: task.inspectorsPerTarget,
  });

  return {
    ...calendars,
    ...enforcement,
    ...fees,
    ...fund,

    async listEnterprises(actor, f) {
      const { items, total } = await repo.listEnterprises(db, actor.scope, f);
      return { items: items.map(present), total };
    },

    async createEnterprise(actor, ip, input) {
      const id = await db.transaction(async (tx) => {
        await assertRegion(tx, actor, input.regionCode);
        const problem = usccProblem(input.uscc);
        if (problem) throw new AppError(E.REGULATION_USCC_INVALID, 400, { uscc: input.uscc, problem, field: 'body.uscc' });
        if (await repo.usccExists(tx, input.uscc)) throw new AppError(E.REGULATION_USCC_TAKEN, 409, { uscc: input.uscc });
        const phone = input.contactPhone ?? null;
        const [newId] = await repo.insertEnterprises(tx, [{
          uscc: input.uscc, name: input.name, kind: input.kind, regionCode: input.regionCode, contactName: input.contactName ?? null,
          contactPhone: phone === null ? null : cipher.encrypt(phone, CONTACT_PHONE_CONTEXT), synthetic: false,
        }]);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'enterprise.create', entityType: 'reg_enterprise', entityId: newId!, regionCode: input.regionCode,
          // The audit chain is append-only: the phone goes in masked, never as plain text or ciphertext.
          after: { ...input, contactPhone: phone === null ? null : mask(phone, 'phone') },
        });
        return newId!;
      });
      return present((await repo.enterpriseById(db, actor.scope, id))!);
    },

    listOfficers: (actor) => repo.listOfficers(db, actor.scope),

    async createOfficer(actor, ip, input) {
      await db.transaction(async (tx) => {
        await assertRegion(tx, actor, input.regionCode);
        if (await repo.certExists(tx, input.certNo)) throw new AppError(E.REGULATION_CERT_TAKEN, 409, { certNo: input.certNo });
        const [newId] = await repo.insertOfficers(tx, [{ ...input, synthetic: false }]);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'officer.create', entityType: 'reg_officer', entityId: newId!, regionCode: input.regionCode, after: input,
        });
      });
      return (await repo.listOfficers(db, actor.scope)).find((o) => o.certNo === input.certNo)!;
    },

    listTasks: (actor) => repo.listTasks(db, actor.scope),

    async createTask(actor, ip, input) {
      const id = await db.transaction(async (tx) => {
        await assertRegion(tx, actor, input.regionCode);
        const conflicts = input.conflicts ?? [];
        const officers = await repo.existingIds(tx, 'reg_officer', actor.scope, conflicts.map((c) => c.officerId));
        const firms = await repo.existingIds(tx, 'reg_enterprise', actor.scope, conflicts.map((c) => c.enterpriseId));
        conflicts.forEach((c, index) => {
          if (!officers.has(c.officerId)) throw new AppError(E.REGULATION_CONFLICT_UNKNOWN, 400, { index, what: 'officer', id: c.officerId });
          if (!firms.has(c.enterpriseId)) throw new AppError(E.REGULATION_CONFLICT_UNKNOWN, 400, { index, what: 'enterprise', id: c.enterpriseId });
        });
        const poolFilter = input.poolFilter ?? {};
        const beaconSource = input.beaconSource?.trim() || null;
        const newId = await repo.insertTask(tx, { ...input, poolFilter, beaconSource, createdBy: actor.userId });
        await repo.insertConflicts(tx, newId, conflicts);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'inspection_task.create', entityType: 'reg_inspection_task', entityId: newId, regionCode: input.regionCode, after: input,
        });
        return newId;
      });
      return detail(db, actor, id);
    },

    getTask: (actor, id) => detail(db, actor, id),

    async commitTask(actor, ip, id) {
      // The targets are read first, outside the transaction: works and sirens come through their own services, which
      // use the database on their own (the embedded database has one connection; a read inside would wait for it).
      // What is read then is what gets frozen: the task's item, region and filter cannot change.
      const draft = await repo.taskById(db, actor.scope, id);
      if (!draft) throw new AppError(E.REGULATION_TASK_NOT_FOUND, 404);
      if (draft.status !== 'draft') throw new AppError(E.REGULATION_TASK_STATE, 409, { status: draft.status, action: 'commit' });
      const targets = await targetsFor(actor, draft);
      await db.transaction(async (tx) => {
        const task = await lockFor(tx, actor, id, 'draft', 'commit');
        const pool = await poolFor(tx, task, targets);
        const input = drawInputOf(pool, task.targetCount, task.inspectorsPerTarget, task.beaconSource);
        // Checked for every target now, so that no seed can make the draw fail later.
        assertDrawable(input);
        const seed = newSeed();
        const committed = { pool, poolDigest: poolDigest(input), commitHash: commitOf(seed), seed };
        await repo.markCommitted(tx, id, committed);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'inspection_task.commit', entityType: 'reg_inspection_task', entityId: id, regionCode: task.regionCode,
          before: taskAudit(task),
          // The seed stays out of the trail until the draw reveals it: the trail is readable by auditors before then.
          after: {
            status: 'committed', commit: committed.commitHash, poolDigest: committed.poolDigest, source: pool.source, targets: pool.targets.length,
            inspectors: pool.inspectors.length, beaconSource: task.beaconSource,
          },
        });
      });
      return detail(db, actor, id);
    },

    async drawTask(actor, ip, id, input = {}) {
      await db.transaction(async (tx) => {
        const task = await lockFor(tx, actor, id, 'committed', 'draw');
        const beacon = input.beacon?.trim() || null;
        if (task.beaconSource && beacon === null) throw new AppError(E.REGULATION_BEACON_REQUIRED, 400, { beaconSource: task.beaconSource, field: 'body.beacon' });
        if (!task.beaconSource && beacon !== null) throw new AppError(E.REGULATION_BEACON_UNANNOUNCED, 400, { field: 'body.beacon' });
        const result = runDraw(drawSeedOf(task.seed!, beacon), drawInputOf(task.pool!, task.targetCount, task.inspectorsPerTarget, task.beaconSource));
        await repo.markDrawn(tx, id, result, beacon);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'inspection_task.draw', entityType: 'reg_inspection_task', entityId: id, regionCode: task.regionCode,
          before: { status: task.status, commit: task.commitHash }, after: { status: 'drawn', seed: task.seed, beacon, result },
        });
      });
      return detail(db, actor, id);
    },

    async redrawTask(actor, ip, id, input) {
      const newId = await db.transaction(async (tx) => {
        const task = await repo.taskById(tx, actor.scope, id, true);
        if (!task) throw new AppError(E.REGULATION_TASK_NOT_FOUND, 404);
        if (task.status !== 'drawn' && task.status !== 'published') throw new AppError(E.REGULATION_TASK_STATE, 409, { status: task.status, action: 'redraw' });
        if (task.redrawnBy !== null) throw new AppError(E.REGULATION_TASK_REDRAWN, 409, { redrawnBy: task.redrawnBy });
        const conflicts = await repo.conflictsOf(tx, id);
        const copy = {
          title: task.title, item: task.item, regionCode: task.regionCode, targetCount: task.targetCount, inspectorsPerTarget: task.inspectorsPerTarget,
          poolFilter: task.poolFilter, beaconSource: task.beaconSource, redrawOf: id, redrawReason: input.reason.trim(),
        };
        const created = await repo.insertTask(tx, { ...copy, createdBy: actor.userId });
        await repo.insertConflicts(tx, created, conflicts);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'inspection_task.redraw', entityType: 'reg_inspection_task', entityId: created, regionCode: task.regionCode,
          before: { redrawOf: id, status: task.status, result: task.result }, after: { ...copy, conflicts },
        });
        return created;
      });
      return detail(db, actor, newId);
    },

    async publishTask(actor, ip, id) {
      await db.transaction(async (tx) => {
        const task = await lockFor(tx, actor, id, 'drawn', 'publish');
        await repo.markPublished(tx, id);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'inspection_task.publish', entityType: 'reg_inspection_task', entityId: id, regionCode: task.regionCode,
          before: { status: task.status }, after: { status: 'published' },
        });
      });
      return detail(db, actor, id);
    },

    async recordResult(actor, ip, id, input) {
      await db.transaction(async (tx) => {
        const task = await repo.taskById(tx, actor.scope, id, true);
        if (!task) throw new AppError(E.REGULATION_TASK_NOT_FOUND, 404);
        if (task.status !== 'drawn' && task.status !== 'published') throw new AppError(E.REGULATION_TASK_STATE, 409, { status: task.status, action: 'result' });
        const bySource = task.pool!.source ?? 'enterprises';
        const target = input.targetKey !== undefined
          ? task.pool!.targets.find((t) => t.key === input.targetKey)
          : bySource === 'enterprises' ? task.pool!.targets.find((t) => t.id === input.enterpriseId) : undefined;
        if (!target || !task.result!.targets.includes(target.key)) {
          const field = input.targetKey !== undefined ? 'body.targetKey' : 'body.enterpriseId';
          throw new AppError(E.REGULATION_TARGET_NOT_DRAWN, 400, { field, value: input.targetKey ?? input.enterpriseId ?? '', enterpriseId: input.enterpriseId ?? '' });
        }
        const before = await repo.upsertResult(tx, id, {
          targetKey: target.key, enterpriseId: bySource === 'enterprises' ? target.id : null, outcome: input.outcome, findings: input.findings,
          rectification: input.rectification ?? null, recordedBy: actor.userId,
        });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'inspection_result.record', entityType: 'reg_inspection_task', entityId: id, regionCode: task.regionCode,
          before: before && { targetKey: before.targetKey, outcome: before.outcome, findings: before.findings, rectification: before.rectification },
          after: { ...input, targetKey: target.key },
        });
      });
      return detail(db, actor, id);
    },

    async assertResult(actor, id, targetKey) {
      if (!(await repo.taskById(db, actor.scope, id))) throw new AppError(E.REGULATION_TASK_NOT_FOUND, 404);
      if (!(await repo.resultExists(db, id, targetKey))) throw new AppError(E.REGULATION_RESULT_MISSING, 404, { field: 'query.targetKey', targetKey });
    },

    async addResultPhoto(actor, ip, id, input) {
      const mediaType = photoMediaType(input.data);
      if (!mediaType) throw new AppError(E.REGULATION_PHOTO_TYPE, 415, { fileName: input.fileName });
      // Same order as evidence: the file is written under a fresh key first and removed again if the row is not committed.
      const stored = await storeEvidence(deps.dataDir, input.data);
      try {
        await db.transaction(async (tx) => {
          const task = await repo.taskById(tx, actor.scope, id);
          if (!task) throw new AppError(E.REGULATION_TASK_NOT_FOUND, 404);
          if (!(await repo.resultExists(tx, id, input.targetKey, true))) {
            throw new AppError(E.REGULATION_RESULT_MISSING, 404, { field: 'query.targetKey', targetKey: input.targetKey });
          }
          const photoId = await repo.insertPhoto(tx, {
            taskId: id, targetKey: input.targetKey, fileName: input.fileName, mediaType, sizeBytes: stored.sizeBytes, sm3: stored.sm3, sha256: stored.sha256,
            storageKey: stored.storageKey, uploadedBy: actor.userId,
          });
          await appendAudit(tx, auditContextOf(actor, ip), {
            action: 'inspection_result.photo', entityType: 'reg_inspection_task', entityId: id, regionCode: task.regionCode,
            after: { photoId, targetKey: input.targetKey, fileName: input.fileName, mediaType, sizeBytes: stored.sizeBytes, sm3: stored.sm3, sha256: stored.sha256 },
          });
        });
      } catch (err) {
        await discardEvidence(deps.dataDir, stored.storageKey);
        throw err;
      }
      return repo.photosOf(db, actor.scope, id, input.targetKey);
    },

    async listResultPhotos(actor, id, targetKey) {
      if (!(await repo.taskById(db, actor.scope, id))) throw new AppError(E.REGULATION_TASK_NOT_FOUND, 404);
      return repo.photosOf(db, actor.scope, id, targetKey);
    },

    async openResultPhoto(actor, photoId) {
      const photo = await repo.photoById(db, actor.scope, photoId);
      if (!photo) throw new AppError(E.REGULATION_PHOTO_NOT_FOUND, 404);
      const file = await openEvidence(deps.dataDir, photo.storageKey);
      if (!file) throw new AppError(E.REGULATION_PHOTO_NOT_FOUND, 404);
      return { photo, ...file };
    },

    async listApprovals(actor, view) {
      const all = (await repo.listApprovals(db, actor.scope, view !== 'all')).map(withClock(await calendars.calendarOf(db)));
      if (view === 'due_soon') return all.filter((a) => a.clock === 'due_soon');
      if (view === 'overdue') return all.filter((a) => a.clock === 'past_promise' || a.clock === 'past_legal_limit');
      return all;
    },

    async createApproval(actor, ip, input) {
      const id = await db.transaction(async (tx) => {
        await assertRegion(tx, actor, input.regionCode);
        if (input.enterpriseId != null && !(await repo.existingIds(tx, 'reg_enterprise', actor.scope, [input.enterpriseId])).has(input.enterpriseId)) {
          throw new AppError(E.REGULATION_ENTERPRISE_UNKNOWN, 400, { enterpriseId: input.enterpriseId, field: 'body.enterpriseId' });
        }
        if (input.workId != null && !(await repo.workInScope(tx, actor.scope, input.workId))) {
          throw new AppError(E.REGULATION_WORK_UNKNOWN, 400, { workId: input.workId, field: 'body.workId' });
        }
        const promisedDays = input.promisedDays ?? clockDefaults.promisedDays;
        const legalDays = input.legalDays ?? clockDefaults.legalDays;
        if (promisedDays > legalDays) throw new AppError(E.REGULATION_PROMISE_BEYOND_LIMIT, 400, { promisedDays, legalDays });
        // A clock running into a year without holiday data is counted Monday–Friday and marked provisional, never
        // refused: the office must register December's work before next year's notice is loaded.
        const calendar = await calendars.calendarForNewClock(tx);
        const legal = workingClock(calendar, input.receivedOn, legalDays);
        const due = { promisedDueOn: calendar.addWorkingDays(input.receivedOn, promisedDays), legalDueOn: legal.dueOn, calendarProvisionalYears: legal.provisionalYears };
        // No parties named: the kind's default 联审 parties (data in packages/domain); an empty list means none.
        const parties = (input.parties ?? APPROVAL_DEFAULT_PARTIES[input.kind]).map((p) => ({ name: p.name.trim(), required: p.required ?? true }));
        const record = {
          kind: input.kind, title: input.title, regionCode: input.regionCode, receivedOn: input.receivedOn, enterpriseId: input.enterpriseId ?? null,
          workId: input.workId ?? null, promisedDays, legalDays, ...due,
        };
        const { id: newId, caseNo } = await repo.insertApproval(tx, { ...record, createdBy: actor.userId });
        const repeated = await repo.insertParties(tx, newId, parties);
        if (repeated.length > 0) throw new AppError(E.REGULATION_PARTY_TAKEN, 409, { name: repeated[0], field: 'body.parties' });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'approval_case.create', entityType: 'reg_approval_case', entityId: newId, regionCode: input.regionCode, after: { caseNo, ...record, parties },
        });
        return newId;
      });
      return withClock(await calendars.calendarOf(db))((await repo.approvalById(db, actor.scope, id))!);
    },

    async decideApproval(actor, ip, id, input) {
      await db.transaction(async (tx) => {
        const c = await repo.approvalById(tx, actor.scope, id, true);
        if (!c) throw new AppError(E.REGULATION_CASE_NOT_FOUND, 404);
        if (c.status !== 'open') throw new AppError(E.REGULATION_CASE_DECIDED, 409, { decidedOn: c.decidedOn, status: c.status });
        if (input.decidedOn < c.receivedOn) throw new AppError(E.REGULATION_DECIDED_BEFORE_RECEIPT, 400, { decidedOn: input.decidedOn, receivedOn: c.receivedOn });
        const held = approvalDecisionProblem(await repo.partiesOf(tx, id), input.decision);
        if (held?.problem === 'pending') throw new AppError(E.REGULATION_PARTIES_PENDING, 409, { parties: held.parties.join('、') });
        if (held?.problem === 'objection') throw new AppError(E.REGULATION_PARTY_OBJECTS, 409, { parties: held.parties.join('、'), field: 'body.decision' });
        await repo.decideApproval(tx, id, { status: input.decision, decidedOn: input.decidedOn, opinion: input.opinion });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'approval_case.decide', entityType: 'reg_approval_case', entityId: id, regionCode: c.regionCode,
          before: { status: c.status }, after: { status: input.decision, decidedOn: input.decidedOn, opinion: input.opinion, onTime: input.decidedOn <= c.legalDueOn },
        });
      });
      return withClock(await calendars.calendarOf(db))((await repo.approvalById(db, actor.scope, id))!);
    },

    getApproval: (actor, id) => approvalDetail(db, actor, id),

    getEnterprise: (actor, id) => enterpriseDetail(actor, id),

    async addQualification(actor, ip, id, input) {
      await db.transaction(async (tx) => {
        const e = await repo.enterpriseById(tx, actor.scope, id);
        if (!e) throw new AppError(E.REGULATION_ENTERPRISE_NOT_FOUND, 404);
        if (input.expiresOn && input.expiresOn < input.issuedOn) {
          throw new AppError(E.REGULATION_QUALIFICATION_DATES, 400, { expiresOn: input.expiresOn, issuedOn: input.issuedOn, field: 'body.expiresOn' });
        }
        const q = { name: input.name, level: input.level ?? null, certNo: input.certNo, issuer: input.issuer, issuedOn: input.issuedOn, expiresOn: input.expiresOn ?? null };
        const qid = await creditRepo.insertQualification(tx, id, { ...q, createdBy: actor.userId });
        if (qid === null) throw new AppError(E.REGULATION_QUALIFICATION_TAKEN, 409, { certNo: input.certNo, field: 'body.certNo' });
        await appendAudit(tx, auditContextOf(actor, ip), { action: 'enterprise.qualification_add', entityType: 'reg_enterprise', entityId: id, regionCode: e.regionCode, after: { id: qid, ...q } });
      });
      return enterpriseDetail(actor, id);
    },

    async addCredit(actor, ip, id, input) {
      await db.transaction(async (tx) => {
        const e = await repo.enterpriseById(tx, actor.scope, id);
        if (!e) throw new AppError(E.REGULATION_ENTERPRISE_NOT_FOUND, 404);
        if (input.publicUntil && input.publicUntil < input.recordedOn) {
          throw new AppError(E.REGULATION_QUALIFICATION_DATES, 400, { expiresOn: input.publicUntil, issuedOn: input.recordedOn, field: 'body.publicUntil' });
        }
        const r = { kind: input.kind, reason: input.reason, source: 'manual', caseId: null, recordedOn: input.recordedOn, publicUntil: input.publicUntil ?? null };
        const rid = await creditRepo.insertCredit(tx, id, { ...r, createdBy: actor.userId });
        await appendAudit(tx, auditContextOf(actor, ip), { action: 'enterprise.credit_add', entityType: 'reg_enterprise', entityId: id, regionCode: e.regionCode, after: { id: rid, ...r } });
      });
      return enterpriseDetail(actor, id);
    },

    async addParty(actor, ip, id, input) {
      await db.transaction(async (tx) => {
        const c = await lockOpenApproval(tx, actor, id, 'party');
        const party = { name: input.name.trim(), required: input.required ?? true };
        if ((await repo.insertParties(tx, id, [party])).length > 0) throw new AppError(E.REGULATION_PARTY_TAKEN, 409, { name: party.name, field: 'body.name' });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'approval_case.party_add', entityType: 'reg_approval_case', entityId: id, regionCode: c.regionCode, after: party,
        });
      });
      return approvalDetail(db, actor, id);
    },

    async answerParty(actor, ip, id, partyId, input) {
      await db.transaction(async (tx) => {
        const c = await lockOpenApproval(tx, actor, id, 'opinion');
        const party = (await repo.partiesOf(tx, id)).find((p) => p.id === partyId);
        if (!party) throw new AppError(E.REGULATION_PARTY_NOT_FOUND, 404);
        if (party.verdict !== null) throw new AppError(E.REGULATION_PARTY_ANSWERED, 409, { name: party.name, answeredOn: party.answeredOn });
        if (input.answeredOn < c.receivedOn) throw new AppError(E.REGULATION_ANSWERED_BEFORE_RECEIPT, 400, { answeredOn: input.answeredOn, receivedOn: c.receivedOn, field: 'body.answeredOn' });
        await repo.answerParty(tx, id, partyId, { ...input, answeredBy: actor.userId });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'approval_case.opinion', entityType: 'reg_approval_case', entityId: id, regionCode: c.regionCode,
          after: { partyId, party: party.name, required: party.required, ...input },
        });
      });
      return approvalDetail(db, actor, id);
    },

    async assertApproval(actor, id) {
      if (!(await repo.approvalById(db, actor.scope, id))) throw new AppError(E.REGULATION_CASE_NOT_FOUND, 404);
    },

    async addApprovalDocument(actor, ip, id, input) {
      const mediaType = evidenceMediaType(input.fileName);
      const stored = await storeEvidence(deps.dataDir, input.data);
      try {
        await db.transaction(async (tx) => {
          const c = await repo.approvalById(tx, actor.scope, id, true);
          if (!c) throw new AppError(E.REGULATION_CASE_NOT_FOUND, 404);
          const docId = await repo.insertDocument(tx, {
            approvalId: id, docType: input.docType, title: input.title, fileName: input.fileName, mediaType, sizeBytes: stored.sizeBytes, sm3: stored.sm3,
            sha256: stored.sha256, storageKey: stored.storageKey, uploadedBy: actor.userId,
          });
          await appendAudit(tx, auditContextOf(actor, ip), {
            action: 'approval_case.document', entityType: 'reg_approval_case', entityId: id, regionCode: c.regionCode,
            after: { documentId: docId, docType: input.docType, title: input.title, fileName: input.fileName, sm3: stored.sm3 },
          });
        });
      } catch (err) {
        await discardEvidence(deps.dataDir, stored.storageKey);
        throw err;
      }
      return approvalDetail(db, actor, id);
    },

    async openApprovalDocument(actor, documentId) {
      const document = await repo.documentById(db, actor.scope, documentId);
      if (!document) throw new AppError(E.REGULATION_CASE_NOT_FOUND, 404);
      const file = await openEvidence(deps.dataDir, document.storageKey);
      if (!file) throw new AppError(E.REGULATION_CASE_NOT_FOUND, 404);
      return { document, ...file };
    },

    async publicTask(id) {
      const task = await repo.publishedTask(db, id);
      if (!task) return null;
      return { task, conflicts: [], results: await repo.resultsOf(db, id) };
    },

    async publicTasks(limit) {
      const tasks = await repo.publishedTasks(db, limit);
      const results = await repo.resultsOfTasks(db, tasks.map((t) => t.id));
      return tasks.map((task) => ({ task, conflicts: [], results: results.filter((r) => r.taskId === task.id) }));
    },

  };
}
