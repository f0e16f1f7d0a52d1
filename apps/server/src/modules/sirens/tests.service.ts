/**
 * Test days (试鸣): a campaign of signals at set times (9·18: 10:00 预先警报, 10:08 空袭警报, 10:16 解除警报) sent to a
 * set of sirens through the signed control path — each step one command, its id chosen when the step is scheduled,
 * so a step is one command however often it is issued. A runner in the server issues steps as they fall due. While
 * the campaign runs, each siren's acknowledgement and sound reports arrive as for any command, and field observers
 * report what they heard. Closing the campaign fixes each siren's result (`judgeSirenTest` of the domain package),
 * opens a fault ticket for each failure that has none open, and gives the share working — compared with the
 * campaign closed before it in the same jurisdiction, on the sirens both tested (`compareCampaigns`): the two
 * campaigns' own figures may cover different sirens, a one-town test after a city-wide 9·18.
 */
import {
  SIREN_FAULT_DEFAULT_DAYS, SIREN_TEST_STATES, compareCampaigns, judgeSirenTest, scopePrefix, verifiedWorkingPercent, workingPercent, type CampaignComparison, type SirenTestOutcome,
} from '@civdef/domain';
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../../db/index.ts';
import { auditContextOf, type Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { appendAudit } from '../audit/index.ts';
import type { ControlService } from './control.service.ts';
import { SirensErrors as E } from './sirens.errors.ts';
import * as sirensRepo from './sirens.repository.ts';
import * as repo from './tests.repository.ts';
import type { ObservationCreate, TestCreate } from './tests.schemas.ts';

export interface TestsDeps {
  db: Database;
  control: Pick<ControlService, 'issueWithin' | 'send' | 'countTarget'>;
  log?: { warn(obj: object, msg: string): void };
  /** Longest wait between two looks for due steps (another process may have scheduled one). */
  pollMs?: number;
}

export interface TestSummary {
  total: number;
  working: number;
  weak: number;
  failed: number;
  unverified: number;
  workingPercent: number | null;
  /** Of the sirens whose result is known (the unverified left out). */
  verifiedWorkingPercent: number | null;
  faultTickets: number;
  /** The campaign closed before it in the same jurisdiction, and how the two compare on the sirens both tested. */
  previous: ({ id: number; name: string; finishedAt: Date; total: number; workingPercent: number | null } & CampaignComparison) | null;
}
export interface TestDetailData {
  test: repo.TestRow;
  steps: Array<repo.StepRow & { counts: Record<string, number> }>;
  observations: repo.ObservationRow[];
  summary: TestSummary | null;
  results: repo.ResultRow[];
}

export interface TestsService {
  list(actor: Actor, page: number, pageSize: number): Promise<{ items: Array<{ test: repo.TestRow; firstStepAt: Date | null; workingPercent: number | null }>; total: number; page: number; pageSize: number }>;
  get(actor: Actor, id: number): Promise<TestDetailData>;
  schedule(actor: Actor, ip: string | null, input: TestCreate): Promise<TestDetailData>;
  runNow(actor: Actor, ip: string | null, id: number, version: number): Promise<TestDetailData>;
  cancel(actor: Actor, ip: string | null, id: number, version: number): Promise<TestDetailData>;
  observe(actor: Actor, ip: string | null, id: number, input: ObservationCreate): Promise<TestDetailData>;
  finish(actor: Actor, ip: string | null, id: number, version: number): Promise<TestDetailData>;
  /** Issues the steps due now and arms the timer for the next; `start` begins it, `stop` ends it. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** For tests: issue what is due now and wait for it. */
  tick(): Promise<void>;
}

/** A campaign's sirens per outcome, every outcome present (`outcomeCounts` leaves out those with none). */
const byOutcome = (c: Record<string, number>): Record<SirenTestOutcome, number> =>
  ({ working: c.working ?? 0, weak: c.weak ?? 0, failed: c.failed ?? 0, unverified: c.unverified ?? 0 });
const totalOf = (k: Record<SirenTestOutcome, number>) => k.working + k.weak + k.failed + k.unverified;

const STATE_ZH = Object.fromEntries(SIREN_TEST_STATES.map((s) => [s.code, s.zh]));

export function createTestsService({ db, control, log, pollMs = 30_000 }: TestsDeps): TestsService {
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let ticking: Promise<void> = Promise.resolve();

  async function summaryOf(q: Queryable, test: repo.TestRow): Promise<TestSummary | null> {
    if (test.state !== 'finished') return null;
    const c = await repo.outcomeCounts(q, test.id);
    const counts = byOutcome(c);
    const prev = await repo.previousFinished(q, test);
    let previous: TestSummary['previous'] = null;
    if (prev) {
      const before = byOutcome(await repo.outcomeCounts(q, prev.id));
      previous = {
        ...prev, total: totalOf(before), workingPercent: workingPercent(before),
        ...compareCampaigns(await repo.commonOutcomes(q, test.id, prev.id)),
      };
    }
    return {
      total: totalOf(counts), ...counts, workingPercent: workingPercent(counts),
      verifiedWorkingPercent: verifiedWorkingPercent(counts),
      faultTickets: c.tickets ?? 0, previous,
    };
  }

  async function detail(q: Queryable, actor: Actor, id: number): Promise<TestDetailData> {
    const test = await repo.findTest(q, id, actor.scope);
    if (!test) throw new AppError(E.SIRENS_TEST_NOT_FOUND, 404);
    const counts = await repo.stepCounts(q, id);
    const summary = await summaryOf(q, test);
    return {
      test,
      steps: (await repo.stepsOf(q, id)).map((s) => ({ ...s, counts: counts.get(s.seq) ?? {} })),
      observations: await repo.observationsOf(q, id),
      summary,
      results: test.state === 'finished' ? await repo.resultsOf(q, id, summary?.previous?.id ?? null) : [],
    };
  }

  async function locked(tx: Queryable, actor: Actor, id: number, version: number, expected: ReadonlyArray<repo.TestRow['state']>, action: string, actionZh: string) {
    const test = await repo.findTest(tx, id, actor.scope, true);
    if (!test) throw new AppError(E.SIRENS_TEST_NOT_FOUND, 404);
    if (!expected.includes(test.state)) throw new AppError(E.SIRENS_TEST_WRONG_STATE, 409, { state: test.state, stateZh: STATE_ZH[test.state], action, actionZh });
    if (test.version !== version) throw new AppError(E.SIRENS_VERSION_CONFLICT, 409, { current: test.version, sent: version });
    return test;
  }

  /**
   * The campaign's runner acts with its creator's jurisdiction (no wider), under a name that says it was the schedule:
   * the command log and the audit trail show "who" as the creator's schedule, not as a person pressing a button.
   */
  function runnerOf(test: repo.TestRow): Actor {
    return {
      userId: test.createdById ?? 0, username: `${test.createdBy ?? 'system'}（试鸣计划 #${test.id}）`, displayName: test.name, roles: [], permissions: new Set(),
      regionCode: test.regionCode, scope: scopePrefix(test.regionCode), mustChangePassword: false, sessionTokenHash: '', csrfToken: '',
    };
  }

  /** Issues one due step: its command (with the id chosen at scheduling) in the same transaction as the bookkeeping. */
  async function issueStep(step: repo.StepRow): Promise<void> {
    const sent = await db.transaction(async (tx) => {
      const test = await repo.findTest(tx, step.testId, '', true);
      if (!test || (test.state !== 'scheduled' && test.state !== 'running')) return null;
      const runner = runnerOf(test);
      try {
        // A savepoint: a refused command (its sirens all removed, no control network) must not undo the bookkeeping.
        await tx.query('SAVEPOINT step');
        await control.issueWithin(tx, runner, null, { id: step.commandId, action: 'sound', program: step.program as 'air_raid', target: test.target });
        await tx.query('RELEASE SAVEPOINT step');
      } catch (err) {
        await tx.query('ROLLBACK TO SAVEPOINT step');
        const error = err instanceof AppError ? err.code : (err as Error).message.slice(0, 200);
        if (!(await repo.markStepIssued(tx, test.id, step.seq, error))) return null;
        await appendAudit(tx, { actorId: null, actor: 'system', ip: null }, {
          action: 'siren_test.step_failed', entityType: 'siren_test', entityId: test.id, regionCode: test.regionCode, after: { seq: step.seq, program: step.program, error },
        });
        return null;
      }
      if (!(await repo.markStepIssued(tx, test.id, step.seq, null))) return null;
      if (test.state === 'scheduled') await repo.setTestState(tx, test.id, 'running');
      return step.commandId;
    });
    if (sent) await control.send(sent);
  }

  async function runDue(): Promise<void> {
    for (const step of await repo.dueSteps(db)) {
      await issueStep(step).catch((err: Error) => log?.warn({ test: step.testId, seq: step.seq, err: err.message }, 'siren test: step not issued'));
    }
  }

  function arm(): void {
    if (!running) return;
    ticking = ticking.then(async () => {
      await runDue();
      const next = await repo.nextDue(db);
      if (!running) return;
      if (timer) clearTimeout(timer);
      const wait = next ? Math.max(0, new Date(next).getTime() - Date.now()) : pollMs;
      timer = setTimeout(arm, Math.min(wait, pollMs));
      timer.unref?.();
    }).catch((err: Error) => log?.warn({ err: err.message }, 'siren test runner'));
  }

  return {
    async list(actor, page, pageSize) {
      const { items, total } = await repo.listTests(db, actor.scope, pageSize, (page - 1) * pageSize);
      const out = [];
      for (const test of items) {
        const steps = await repo.stepsOf(db, test.id);
        out.push({ test, firstStepAt: steps[0]?.at ?? null, workingPercent: (await summaryOf(db, test))?.workingPercent ?? null });
      }
      return { items: out, total, page, pageSize };
    },

    get: (actor, id) => detail(db, actor, id),

    async schedule(actor, ip, input) {
      const times = input.steps.map((s) => Date.parse(s.at));
      const late = times.findIndex((t, i) => i > 0 && t <= times[i - 1]!);
      if (late > 0) throw new AppError(E.SIRENS_TEST_STEPS_ORDER, 400, { index: late });
      // A minute's grace: a form filled in for "now" takes a moment to send.
      if (times[0]! < Date.now() - 60_000) throw new AppError(E.SIRENS_TEST_STEP_PAST, 400);
      const id = await db.transaction(async (tx) => {
        const sirens = await control.countTarget(tx, actor, input.target);
        if (sirens === 0) throw new AppError(E.SIRENS_COMMAND_NO_TARGETS, 400);
        const newId = await repo.insertTest(tx, { name: input.name, regionCode: actor.regionCode, target: input.target, createdBy: actor.userId, createdByName: actor.username });
        const steps = input.steps.map((s) => ({ program: s.program, at: s.at, commandId: randomUUID() }));
        await repo.insertSteps(tx, newId, steps);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'siren_test.schedule', entityType: 'siren_test', entityId: newId, regionCode: actor.regionCode, after: { ...input, sirens, steps },
        });
        return newId;
      });
      arm();
      return detail(db, actor, id);
    },

    async runNow(actor, ip, id, version) {
      await db.transaction(async (tx) => {
        const test = await locked(tx, actor, id, version, ['scheduled'], 'run', '立即试鸣');
        await repo.shiftStepsToNow(tx, id);
        await repo.bumpTest(tx, id);
        await appendAudit(tx, auditContextOf(actor, ip), { action: 'siren_test.run_now', entityType: 'siren_test', entityId: id, regionCode: test.regionCode, after: { runNow: true } });
      });
      arm();
      await ticking;
      return detail(db, actor, id);
    },

    async cancel(actor, ip, id, version) {
      await db.transaction(async (tx) => {
        const test = await locked(tx, actor, id, version, ['scheduled', 'running'], 'cancelled', '撤销');
        await repo.setTestState(tx, id, 'cancelled');
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'siren_test.cancel', entityType: 'siren_test', entityId: id, regionCode: test.regionCode, before: { state: test.state }, after: { state: 'cancelled' },
        });
      });
      return detail(db, actor, id);
    },

    async observe(actor, ip, id, input) {
      await db.transaction(async (tx) => {
        const test = await repo.findTest(tx, id, actor.scope, true);
        if (!test) throw new AppError(E.SIRENS_TEST_NOT_FOUND, 404);
        if (test.state !== 'running') throw new AppError(E.SIRENS_TEST_WRONG_STATE, 409, { state: test.state, stateZh: STATE_ZH[test.state], action: 'observed', actionZh: '报告' });
        let siren: { sirenId: number; regionCode: string; distanceM: number | null };
        if (input.sirenId !== undefined) {
          const inTest = await repo.sirenInTest(tx, id, input.sirenId);
          if (!inTest) throw new AppError(E.SIRENS_TEST_SIREN_NOT_IN_TEST, 400, { sirenId: input.sirenId });
          siren = { sirenId: input.sirenId, regionCode: inTest.regionCode, distanceM: input.location ? await repo.distanceTo(tx, input.sirenId, ...input.location) : null };
        } else {
          if (!input.location) throw new AppError(E.SIRENS_TEST_OBSERVATION_WHERE, 400);
          const nearest = await repo.nearestSirenOfTest(tx, id, ...input.location);
          if (!nearest) throw new AppError(E.SIRENS_COMMAND_NO_TARGETS, 400);
          siren = nearest;
        }
        const obsId = await repo.insertObservation(tx, {
          testId: id, sirenId: siren.sirenId, regionCode: siren.regionCode, result: input.result, location: input.location ?? null, distanceM: siren.distanceM,
          note: input.note ?? null, observerId: actor.userId, observer: actor.username,
        });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'siren_test.observe', entityType: 'siren_test', entityId: id, regionCode: siren.regionCode, after: { observation: obsId, ...input, sirenId: siren.sirenId },
        });
      });
      return detail(db, actor, id);
    },

    async finish(actor, ip, id, version) {
      await db.transaction(async (tx) => {
        const test = await locked(tx, actor, id, version, ['running'], 'closed', '结束');
        const steps = await repo.stepsOf(tx, id);
        const owed = steps.findIndex((s) => s.issuedAt === null);
        if (owed >= 0) throw new AppError(E.SIRENS_TEST_STEPS_OWED, 409, { index: owed, at: new Date(steps[owed]!.at).toISOString() });
        const programOf = new Map(steps.map((s) => [s.seq, s.program]));
        const seen = await repo.observationCounts(tx, id);
        const ctx = auditContextOf(actor, ip);
        const results: repo.ResultInsert[] = [];
        const opened: number[] = [];
        for (const s of await repo.sirensOfTest(tx, id)) {
          const o = seen.get(s.sirenId) ?? { heard: 0, notHeard: 0, weak: 0 };
          const verdict = judgeSirenTest(s.steps.map((st) => ({ program: programOf.get(st.seq) ?? '', state: st.state, reason: st.reason })), o);
          let faultId: number | null = null;
          if (verdict.outcome === 'failed') {
            // One ticket per fault: a siren already awaiting repair is linked to its open ticket, not given a second.
            faultId = s.hasOpenFault;
            if (faultId === null) {
              faultId = await sirensRepo.insertFault(tx, {
                sirenId: s.sirenId, regionCode: s.regionCode, category: verdict.category ?? 'other', description: `${test.name}：${verdict.cause?.zh ?? ''}`,
                deadline: new Date(Date.now() + SIREN_FAULT_DEFAULT_DAYS * 86_400_000).toISOString(), reportedBy: actor.username, assignee: null,
              });
              opened.push(faultId);
              await sirensRepo.setStatus(tx, s.sirenId, 'fault', `试鸣 #${id} 故障工单 #${faultId} fault ticket from the test`, ctx);
              await appendAudit(tx, ctx, {
                action: 'siren_fault.report', entityType: 'siren_fault', entityId: faultId, regionCode: s.regionCode,
                after: { sirenId: s.sirenId, category: verdict.category, description: verdict.cause, fromTest: id, sirenStatus: 'fault' },
              });
            }
          }
          results.push({
            sirenId: s.sirenId, regionCode: s.regionCode, outcome: verdict.outcome, cause: verdict.cause?.zh ?? null, causeEn: verdict.cause?.en ?? null, steps: s.steps, ...o, faultId,
          });
        }
        await repo.insertResults(tx, id, results);
        await repo.setTestState(tx, id, 'finished', actor.username);
        const count = (k: SirenTestOutcome) => results.filter((r) => r.outcome === k).length;
        await appendAudit(tx, ctx, {
          action: 'siren_test.finish', entityType: 'siren_test', entityId: id, regionCode: test.regionCode, before: { state: 'running' },
          after: { state: 'finished', sirens: results.length, working: count('working'), weak: count('weak'), failed: count('failed'), unverified: count('unverified'), faultsOpened: opened },
        });
      });
      return detail(db, actor, id);
    },

    async start() {
      running = true;
      arm();
      await ticking;
    },

    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await ticking;
    },

    async tick() {
      await ticking;
      await runDue();
    },
  };
}
