/**
 * The rules of the planning module: the shelter balance per assessment area (jurisdictions), the 留城比例 per area,
 * and allocation runs (jobs: queued → running → succeeded | failed | cancelled) solved by the engine in a worker
 * thread and stored with their parameters, inputs and results. Other modules are reached only through the service
 * interfaces in the dependencies; the arithmetic of the balance is the domain package's.
 */
import {
  BUILDING_RULES, offsiteFee, requiredArea, ruleInForce, type BuildingProject, type BuildingRule, type FeeResult, type RequirementResult,
  PERSONNEL_SHELTER_FUNCTIONS, PER_CAPITA_TARGET_M2, balanceOf, effectiveStayRatio, parentRegion, peopleStaying, scopePrefix, shelterPlaces,
  type Balance, type RegionLevel,
} from '@civdef/domain';
import type { Database, Queryable } from '../../db/index.ts';
import { auditContextOf, type Actor, type AuditContext } from '../../lib/actor.ts';
import { createJobTracker } from '../../lib/job-tracker.ts';
import { AppError } from '../../lib/errors.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { appendAudit } from '../audit/index.ts';
import type { PopulationService } from '../population/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { buildProblem, type ShelterInput } from './allocation.problem.ts';
import { EngineRefused, RunCancelled, createAllocationRunner, type AllocationRunner, type WorkerResult } from '../../lib/allocation-runner.ts';
import { PlanningErrors as E } from './planning.errors.ts';
import * as repo from './planning.repository.ts';
import type { RunDemandRow, RunFlowRow, RunRow, RunShelterRow, StayRatioRow } from './planning.repository.ts';

export type { RunDemandRow, RunFlowRow, RunRow, RunShelterRow, StayRatioRow };

export interface PlanningSettings {
  areaPerPersonM2: number;
  stayRatio: number;
  countedStates: string[];
  radiusM: number;
  detourFactor: number;
  demandCellM: number;
}

export interface PlanningDeps {
  db: Database;
  regions: Pick<RegionsService, 'listFor' | 'boundariesFor'>;
  population: Pick<PopulationService, 'peopleByRegion' | 'cells' | 'latestDataset'>;
  settings: PlanningSettings;
  /** Where background runs report unexpected failures (the app's logger). */
  log?: (err: unknown, msg: string) => void;
  runner?: AllocationRunner;
  /** The stored 结建 rule versions (the zoning module); absent: the domain's built-in national baseline. */
  buildingRules?: { ruleAt(q: Queryable, regionCode: string, date: string): Promise<BuildingRule | null> };
}

export type StayRatioSource = 'own' | 'inherited' | 'default';

export interface AreaBalance extends Balance {
  code: string;
  name: string;
  level: RegionLevel;
  /** The area has sub-areas to drill down to. */
  hasChildren: boolean;
  works: number;
  stayRatioSource: StayRatioSource;
}

export interface BalanceView {
  parent: AreaBalance;
  children: AreaBalance[];
  target: { min: number; max: number };
  defaults: { stayRatio: number; countedStates: string[]; areaPerPersonM2: number };
}

export interface AreaMapFeature { area: AreaBalance; geometry: string | object }

export interface RunParams {
  radiusM?: number;
  detourFactor?: number;
  label?: string;
  /** What-if: works left out of the run (demolished, say). */
  removeWorkIds?: number[];
  /** What-if: shelters added to the run (a planned work). */
  addShelters?: Array<{ name: string; location: [number, number]; places: number }>;
}

export interface BuildingCheckInput extends Omit<BuildingProject, 'regionCode' | 'date'> {
  regionCode?: string;
  date?: string;
  reductions: string[];
}

export interface BuildingCheck { project: BuildingProject; requirement: RequirementResult; fee: FeeResult }

export interface RunComparison {
  a: RunRow;
  b: RunRow;
  areas: Array<{ code: string; name: string; peopleA: number; unassignedA: number; peopleB: number; unassignedB: number }>;
}

export interface RunProgress { id: number; status: repo.RunStatus; phase: string; percent: number }

export interface PlanningService {
  /** The balance of `parent` (default: the actor's jurisdiction) and of each of its sub-areas. */
  balance(actor: Actor, parent?: string): Promise<BalanceView>;
  /** The same sub-areas with their outline (counties) or centre point (towns), for the choropleth. */
  balanceMap(actor: Actor, parent?: string): Promise<{ parent: AreaBalance; features: AreaMapFeature[] }>;
  setStayRatio(actor: Actor, ip: string | null, code: string, stayRatio: number, source: string | null): Promise<StayRatioRow>;
  clearStayRatio(actor: Actor, ip: string | null, code: string): Promise<void>;
  startRun(actor: Actor, ip: string | null, params: RunParams): Promise<RunRow>;
  listRuns(actor: Actor): Promise<RunRow[]>;
  getRun(actor: Actor, id: number): Promise<RunRow>;
  /** Sends the run's progress now and at every change until it ends; answers the unsubscribe function. */
  watchRun(actor: Actor, id: number, onProgress: (p: RunProgress) => void): Promise<() => void>;
  cancelRun(actor: Actor, ip: string | null, id: number): Promise<RunRow>;
  runShelters(actor: Actor, id: number): Promise<RunShelterRow[]>;
  /** Two succeeded runs side by side: people without a place per sub-area of the actor's jurisdiction. */
  compareRuns(actor: Actor, a: number, b: number): Promise<RunComparison>;
  /** The 结建 requirement and 易地建设费 of a building project under the rule in force for its region and date. */
  buildingCheck(actor: Actor, input: BuildingCheckInput): Promise<BuildingCheck>;
  runUnassigned(actor: Actor, id: number): Promise<RunDemandRow[]>;
  runFlows(actor: Actor, id: number, bbox: [number, number, number, number], limit: number): Promise<RunFlowRow[]>;
  /** Marks runs a stopped process left queued or running as failed (start-up). */
  failInterrupted(): Promise<number[]>;
  /** Resolves when no run is in flight (tests, shutdown). */
  idle(): Promise<void>;
  /** Cancels what is in flight and stops the worker (shutdown). */
  close(): Promise<void>;
}

/** How far along a phase is, for the progress bar: the engine's solve is one step without finer progress. */
export const PHASE_PERCENT: Record<string, number> = { queued: 0, loading: 10, solving: 30, checking: 70, storing: 85, done: 100 };

export function progressOf(run: Pick<RunRow, 'id' | 'status' | 'phase'>): RunProgress {
  return { id: run.id, status: run.status, phase: run.phase, percent: PHASE_PERCENT[run.phase] ?? 0 };
}

function ancestorsOf(code: string): string[] {
  const out: string[] = [];
  for (let p = parentRegion(code); p !== null; p = parentRegion(p)) out.push(p);
  return out;
}

export function createPlanningService({ db, regions, population, settings, log, runner: givenRunner, buildingRules }: PlanningDeps): PlanningService {
  const runner = givenRunner ?? createAllocationRunner();
  const jobs = createJobTracker<RunProgress>();
  const notify = (id: number, status: repo.RunStatus, phase: string) => jobs.emit(id, progressOf({ id, status, phase }));
  const phaseOf = async (id: number, phase: string) => {
    await repo.setPhase(db, id, phase);
    notify(id, 'running', phase);
  };
  const target = PER_CAPITA_TARGET_M2;

  async function areasOf(actor: Actor, parentCode: string | undefined) {
    const all = await regions.listFor(actor);
    const code = parentCode ?? actor.regionCode;
    const parent = all.find((r) => r.code === code);
    if (!parent) throw new AppError(E.PLANNING_AREA_NOT_FOUND, 404, { code });
    const children = all.filter((r) => r.parentCode === code);
    const withChildren = new Set(all.map((r) => r.parentCode).filter((c): c is string => c !== null));
    return { parent, children, withChildren };
  }

  async function computeBalance(actor: Actor, parentCode: string | undefined): Promise<BalanceView> {
    const { parent, children, withChildren } = await areasOf(actor, parentCode);
    const prefix = scopePrefix(parent.code);
    const states = settings.countedStates;
    const [people, units, works, ratios] = await Promise.all([
      population.peopleByRegion(prefix),
      repo.personnelUnits(db, prefix, states, PERSONNEL_SHELTER_FUNCTIONS),
      repo.worksAreaByRegion(db, prefix, states),
      repo.stayRatios(db, prefix, ancestorsOf(parent.code)),
    ]);
    const ratioMap = new Map(ratios.map((r) => [r.regionCode, r.stayRatio]));
    const areas = [parent, ...children];
    const acc = areas.map(() => ({ people: 0, staying: 0, places: 0, area: 0, works: 0 }));
    // A record counts in the parent and in the one child whose prefix it carries.
    const targets = (regionCode: string): number[] => {
      const out = [0];
      const k = children.findIndex((c) => regionCode.startsWith(scopePrefix(c.code)));
      if (k >= 0) out.push(k + 1);
      return out;
    };
    for (const p of people) {
      const staying = peopleStaying(p.people, effectiveStayRatio(p.regionCode, ratioMap, settings.stayRatio));
      for (const k of targets(p.regionCode)) { acc[k]!.people += p.people; acc[k]!.staying += staying; }
    }
    for (const u of units) {
      const places = shelterPlaces(u.shelterAreaM2, settings.areaPerPersonM2);
      for (const k of targets(u.regionCode)) acc[k]!.places += places;
    }
    for (const w of works) for (const k of targets(w.regionCode)) { acc[k]!.area += w.grossAreaM2; acc[k]!.works += w.works; }
    const view = areas.map((r, k): AreaBalance => {
      const a = acc[k]!;
      const own = ratioMap.get(r.code);
      // The area's ratio: its own setting, or the people-weighted one its sub-areas' (inherited or own) settings give.
      const stayRatio = own ?? (a.people > 0 ? Math.min(1, a.staying / a.people) : effectiveStayRatio(r.code, ratioMap, settings.stayRatio));
      const inherited = ancestorsOf(r.code).some((c) => ratioMap.has(c)) || ratios.some((s) => s.regionCode.startsWith(scopePrefix(r.code)) && s.regionCode !== r.code);
      // People staying are summed over sub-areas first (each with its own ratio), then the domain's balance is taken on them.
      const b = balanceOf({ people: a.staying, stayRatio: 1, places: a.places, civilDefenceAreaM2: a.area }, target);
      return {
        ...b, people: a.people, stayRatio,
        code: r.code, name: r.name, level: r.level, hasChildren: withChildren.has(r.code), works: a.works,
        stayRatioSource: own !== undefined ? 'own' : inherited ? 'inherited' : 'default',
      };
    });
    return {
      parent: view[0]!, children: view.slice(1), target: { min: target.min, max: target.max },
      defaults: { stayRatio: settings.stayRatio, countedStates: [...settings.countedStates], areaPerPersonM2: settings.areaPerPersonM2 },
    };
  }

  async function requireRun(actor: Actor, id: number): Promise<RunRow> {
    const run = await repo.runById(db, actor.scope, id);
    if (!run) throw new AppError(E.PLANNING_RUN_NOT_FOUND, 404, { id });
    return run;
  }

  async function requireSucceeded(actor: Actor, id: number): Promise<RunRow> {
    const run = await requireRun(actor, id);
    if (run.status !== 'succeeded') throw new AppError(E.PLANNING_RUN_NOT_SUCCEEDED, 409, { id, status: run.status });
    return run;
  }

  /** Loads the inputs, solves in the worker, stores the results: everything a run does after it was queued. */
  async function execute(runId: number, scope: string, params: Required<Pick<RunParams, 'radiusM' | 'detourFactor'>> & RunParams, ctx: AuditContext, regionCode: string, signal: AbortSignal): Promise<void> {
    const started = Date.now();
    try {
      if (!(await repo.markRunning(db, runId))) return;
      notify(runId, 'running', 'loading');
      const [cells, works, ratios, dataset] = await Promise.all([
        population.cells(scope),
        repo.shelterWorks(db, scope, settings.countedStates, PERSONNEL_SHELTER_FUNCTIONS),
        repo.stayRatios(db, scope, ancestorsOf(regionCode)),
        population.latestDataset(scope),
      ]);
      if (signal.aborted) throw new RunCancelled();
      const ratioMap = new Map(ratios.map((r) => [r.regionCode, r.stayRatio]));
      const removed = new Set(params.removeWorkIds ?? []);
      const shelters: ShelterInput[] = works.filter((w) => !removed.has(w.workId));
      for (const [k, s] of (params.addShelters ?? []).entries()) {
        // Region resolved when the run was started (stored in params); places as a sheltering area at the configured m² per place.
        const rc = (s as { regionCode?: string }).regionCode ?? regionCode;
        shelters.push({ workId: null, code: `NEW-${k + 1}`, name: s.name, regionCode: rc, lng: s.location[0], lat: s.location[1], unitAreasM2: [s.places * settings.areaPerPersonM2] });
      }
      const built = buildProblem(cells, shelters, {
        maxDistanceM: params.radiusM, detourFactor: params.detourFactor, demandCellM: settings.demandCellM,
        areaPerPersonM2: settings.areaPerPersonM2, stayRatioOf: (rc) => effectiveStayRatio(rc, ratioMap, settings.stayRatio),
      });
      const inputs = {
        sha256: built.sha256, populationCells: built.cells, residents: built.residents, demandPoints: built.demand.length,
        shelters: built.shelters.length, places: built.shelters.reduce((a, s) => a + s.capacity, 0),
        countedStates: settings.countedStates, areaPerPersonM2: settings.areaPerPersonM2, demandCellM: settings.demandCellM,
        removedWorks: [...removed], addedShelters: (params.addShelters ?? []).length,
        // Which population version the run solved (null: the demo's synthetic grid only).
        populationDataset: dataset ? { id: dataset.id, sha256: dataset.sha256, importedAt: dataset.createdAt.toISOString() } : null,
      };
      await phaseOf(runId, 'solving');
      const result: WorkerResult = await runner.solve(built.problem, signal, (phase) => void phaseOf(runId, phase).catch(() => undefined));
      await phaseOf(runId, 'storing');
      await db.transaction(async (tx) => {
        await repo.insertRunResults(tx, runId,
          built.shelters.map((s, j) => ({ seq: j, workId: s.workId, code: s.code, name: s.name, regionCode: s.regionCode, lng: s.lng, lat: s.lat, capacity: s.capacity, assigned: result.assignedPerShelter[j] ?? 0 })),
          built.demand.map((d, i) => ({ seq: i, regionCode: d.regionCode, lng: d.lng, lat: d.lat, people: d.people, unassigned: result.unassignedPerDemand[i] ?? 0 })),
          result.flows.map(([i, j, f], k) => ({ demandSeq: i, shelterSeq: j, regionCode: built.demand[i]!.regionCode, people: f, metres: Math.round(result.metres[k]! * 10) / 10 })));
        const summary = {
          people: result.people, assigned: result.assigned, unassigned: result.unassigned, coverage: result.people > 0 ? result.assigned / result.people : 1,
          cost: result.cost, optimalCost: result.optimalCost, proof: result.proof,
          solveMs: Math.round(result.solveMs), checkMs: Math.round(result.checkMs), totalMs: Date.now() - started,
        };
        const ended = await repo.finishRun(tx, runId, { status: 'succeeded', inputs, summary, certificate: result.certificate, distance: result.distance });
        // Cancelled while storing: roll the results back with the run's end.
        if (!ended) throw new RunCancelled();
        await appendAudit(tx, ctx, {
          action: 'allocation_run.finish', entityType: 'allocation_run', entityId: runId, regionCode,
          after: { status: 'succeeded', inputsSha256: inputs.sha256, assigned: result.assigned, unassigned: result.unassigned, optimal: result.certificate.optimal },
        });
      });
      notify(runId, 'succeeded', 'done');
    } catch (err) {
      if (err instanceof RunCancelled) return;
      const message = err instanceof EngineRefused ? `${err.engineCode}: ${err.message}` : err instanceof Error ? err.message : String(err);
      if (!(err instanceof EngineRefused)) log?.(err, 'allocation run failed');
      await db.transaction(async (tx) => {
        if (await repo.finishRun(tx, runId, { status: 'failed', error: message })) {
          await appendAudit(tx, ctx, { action: 'allocation_run.finish', entityType: 'allocation_run', entityId: runId, regionCode, outcome: 'failure', after: { status: 'failed', error: message } });
        }
      }).then(() => notify(runId, 'failed', 'done')).catch((e: unknown) => log?.(e, 'could not record the failure of an allocation run'));
    }
  }

  return {
    balance: (actor, parent) => computeBalance(actor, parent),

    async balanceMap(actor, parent) {
      const [view, outlines] = await Promise.all([computeBalance(actor, parent), regions.boundariesFor(actor)]);
      const all = await regions.listFor(actor);
      const byCode = new Map(outlines.map((o) => [o.code, o.geometry]));
      const centre = new Map(all.map((r) => [r.code, r.centroid]));
      const features: AreaMapFeature[] = [];
      for (const area of view.children) {
        const outline = byCode.get(area.code);
        const c = centre.get(area.code);
        if (outline) features.push({ area, geometry: outline });
        else if (c) features.push({ area, geometry: { type: 'Point', coordinates: c } });
      }
      return { parent: view.parent, features };
    },

    async setStayRatio(actor, ip, code, stayRatio, source) {
      await areasOf(actor, code);
      return db.transaction(async (tx) => {
        const before = await repo.stayRatioOf(tx, code);
        const after = await repo.upsertStayRatio(tx, code, stayRatio, source, actor.userId);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'planning.stay_ratio.set', entityType: 'planning_area_setting', entityId: code, regionCode: code,
          before: before ? { stayRatio: before.stayRatio, source: before.source } : null, after: { stayRatio: after.stayRatio, source: after.source },
        });
        return after;
      });
    },

    async clearStayRatio(actor, ip, code) {
      await areasOf(actor, code);
      await db.transaction(async (tx) => {
        const before = await repo.stayRatioOf(tx, code);
        await repo.deleteStayRatio(tx, code);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'planning.stay_ratio.clear', entityType: 'planning_area_setting', entityId: code, regionCode: code,
          before: before ? { stayRatio: before.stayRatio, source: before.source } : null, after: null,
        });
      });
    },

    async startRun(actor, ip, input) {
      const removeWorkIds = [...new Set(input.removeWorkIds ?? [])];
      const known = new Set(await repo.worksInScope(db, actor.scope, removeWorkIds));
      const missing = removeWorkIds.findIndex((id) => !known.has(id));
      if (missing >= 0) throw new AppError(E.PLANNING_WORK_UNKNOWN, 400, { index: missing, id: removeWorkIds[missing] });
      const addShelters: Array<{ name: string; location: [number, number]; places: number; regionCode: string }> = [];
      for (const [index, s] of (input.addShelters ?? []).entries()) {
        const regionCode = await repo.regionAt(db, actor.scope, s.location[0], s.location[1]);
        if (!regionCode) throw new AppError(E.PLANNING_SHELTER_OUTSIDE, 400, { index });
        addShelters.push({ name: s.name, location: s.location, places: s.places, regionCode });
      }
      const params = {
        radiusM: input.radiusM ?? settings.radiusM, detourFactor: input.detourFactor ?? settings.detourFactor,
        label: input.label ?? null, removeWorkIds, addShelters,
      };
      const ctx = auditContextOf(actor, ip);
      const id = await db.transaction(async (tx) => {
        const runId = await repo.insertRun(tx, { regionCode: actor.regionCode, params, createdBy: actor.userId });
        await appendAudit(tx, ctx, { action: 'allocation_run.start', entityType: 'allocation_run', entityId: runId, regionCode: actor.regionCode, after: params });
        return runId;
      });
      jobs.start(id, (signal) => execute(id, actor.scope, { ...params, label: params.label ?? undefined }, ctx, actor.regionCode, signal));
      return requireRun(actor, id);
    },

    listRuns: (actor) => repo.listRuns(db, actor.scope, 50),

    async watchRun(actor, id, onProgress) {
      const run = await requireRun(actor, id);
      onProgress(progressOf(run));
      if (run.phase === 'done') return () => undefined;
      return jobs.watch(id, onProgress);
    },
    getRun: (actor, id) => requireRun(actor, id),

    async cancelRun(actor, ip, id) {
      await db.transaction(async (tx) => {
        const run = await repo.runById(tx, actor.scope, id, true);
        if (!run) throw new AppError(E.PLANNING_RUN_NOT_FOUND, 404, { id });
        if (run.status !== 'queued' && run.status !== 'running') throw new AppError(E.PLANNING_RUN_ENDED, 409, { status: run.status });
        await repo.finishRun(tx, id, { status: 'cancelled' });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'allocation_run.cancel', entityType: 'allocation_run', entityId: id, regionCode: run.regionCode,
          before: { status: run.status, phase: run.phase }, after: { status: 'cancelled' },
        });
      });
      jobs.abort(id);
      notify(id, 'cancelled', 'done');
      return requireRun(actor, id);
    },

    async runShelters(actor, id) {
      await requireSucceeded(actor, id);
      return repo.runShelters(db, actor.scope, id);
    },
    async compareRuns(actor, a, b) {
      if (a === b) throw new AppError(E.PLANNING_COMPARE_SAME_RUN, 400, { a, b });
      const [runA, runB] = [await requireSucceeded(actor, a), await requireSucceeded(actor, b)];
      const [rowsA, rowsB, all] = await Promise.all([repo.runDemandByRegion(db, actor.scope, a), repo.runDemandByRegion(db, actor.scope, b), regions.listFor(actor)]);
      let groups = all.filter((r) => r.parentCode === actor.regionCode);
      if (groups.length === 0) groups = all.filter((r) => r.code === actor.regionCode);
      const areas = groups.map((g) => ({ code: g.code, name: g.name, peopleA: 0, unassignedA: 0, peopleB: 0, unassignedB: 0 }));
      const slot = (rc: string) => areas.find((x) => rc.startsWith(scopePrefix(x.code)));
      for (const r of rowsA) { const s = slot(r.regionCode); if (s) { s.peopleA += r.people; s.unassignedA += r.unassigned; } }
      for (const r of rowsB) { const s = slot(r.regionCode); if (s) { s.peopleB += r.people; s.unassignedB += r.unassigned; } }
      return { a: runA, b: runB, areas };
    },

    async buildingCheck(actor, input) {
      const regionCode = input.regionCode ?? actor.regionCode;
      await areasOf(actor, regionCode);
      const date = input.date ?? shanghaiDate(new Date());
      // The same versions the zoning calculator and the fees ledger use, so one project gets one answer everywhere.
      const rule = buildingRules ? await buildingRules.ruleAt(db, regionCode, date) : ruleInForce(regionCode, date, BUILDING_RULES);
      if (!rule) throw new AppError(E.PLANNING_NO_RULE_IN_FORCE, 422, { date, regionCode });
      const project: BuildingProject = {
        regionCode, date, uses: input.uses, storeys: input.storeys, aboveGroundAreaM2: input.aboveGroundAreaM2,
        groundFloorAreaM2: input.groundFloorAreaM2, foundationDepthM: input.foundationDepthM, plannedM2: input.plannedM2,
      };
      const requirement = requiredArea(project, rule);
      return { project, requirement, fee: offsiteFee(requirement.shortfallM2, rule, input.reductions) };
    },

    async runUnassigned(actor, id) {
      await requireSucceeded(actor, id);
      return repo.runUnassigned(db, actor.scope, id);
    },
    async runFlows(actor, id, bbox, limit) {
      await requireSucceeded(actor, id);
      return repo.runFlowsIn(db, actor.scope, id, bbox, limit);
    },

    async failInterrupted() {
      // Only the embedded database is known to have one process (it locks its data dir): on a shared PostgreSQL
      // another server may be running the run, so its rows are left alone.
      if (db.kind !== 'pglite') return [];
      return db.transaction(async (tx) => {
        const ids = await repo.failInterrupted(tx);
        if (ids.length > 0) {
          await appendAudit(tx, { actorId: null, actor: 'system', ip: null }, {
            action: 'allocation_run.interrupted', entityType: 'allocation_run', after: { runs: ids, status: 'failed' },
          });
        }
        return ids;
      });
    },

    idle: () => jobs.idle(),

    close: () => jobs.stop(() => runner.close()),
  };
}
