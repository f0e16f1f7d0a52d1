/**
 * The rules of evacuation (疏散): places (疏散基地, 疏散地域, 疏散集结点) and routes with capacity and state; the
 * evacuation plan of each area (share of residents, target groups, destination, timing); assignment runs — jobs
 * (queued → running → succeeded | failed | cancelled) solved by the engine in the shared allocation worker with
 * their certificate checked, progress reported per phase; and 人口数算 during a drill: counts submitted from phones
 * (idempotent by the client's id), totalled per place against the latest run's plan.
 */
import { clearanceHours, inScope, scopePrefix, usableThroughput, type EvacState, type EvacTargetGroup, type EvacTiming } from '@civdef/domain';
import type { Database, Queryable } from '../../db/index.ts';
import { auditContextOf, type Actor, type AuditContext } from '../../lib/actor.ts';
import { createJobTracker } from '../../lib/job-tracker.ts';
import { EngineRefused, RunCancelled, createAllocationRunner, type AllocationRunner, type WorkerResult } from '../../lib/allocation-runner.ts';
import { AppError } from '../../lib/errors.ts';
import { shapeRefusal } from '../../lib/shape-check.ts';
import { appendAudit } from '../audit/index.ts';
import type { DrillsService } from '../drills/index.ts';
import type { PopulationService } from '../population/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { EvacuationErrors as E } from './evacuation.errors.ts';
import { buildEvacuation, flowsByArea, type EvacModel, type Stage } from './evacuation.problem.ts';
import * as repo from './evacuation.repository.ts';
import type { AreaPlanRow, CountTotalRow, FlowRow, PlaceRow, RouteRow, RunRow } from './evacuation.repository.ts';

export type { AreaPlanRow, CountTotalRow, FlowRow, PlaceRow, RouteRow, RunRow };

export interface PlaceInput { kind: 'base' | 'area' | 'assembly'; code: string; name: string; regionCode: string; capacity: number; state?: EvacState; location: [number, number] }
export interface RouteInput { code: string; name: string; regionCode: string; peoplePerHour: number; state?: EvacState; path: [number, number][]; toPlaceId?: number | null }
export interface PlacePatch { version?: number; name?: string; capacity?: number; state?: EvacState; location?: [number, number]; outline?: object | null }
export interface RoutePatch { version: number; name?: string; peoplePerHour?: number; state?: EvacState; path?: [number, number][]; toPlaceId?: number | null }
export interface AreaPlanInput { share: number; targetGroups: EvacTargetGroup[]; destinationId?: number | null; timing: EvacTiming }
export interface RunParams { walkRadiusM?: number; roadRadiusM?: number; detourFactor?: number }
export interface RunProgress { id: number; status: repo.RunStatus; phase: string; percent: number }
export interface CountInput { clientId: string; drillId: number; placeId: number; people: number; device?: string | null }
export interface CountBoard {
  drillId: number; runId: number | null;
  places: Array<{ placeId: number; name: string; kind: string; planned: number | null; capacity: number; counted: number; submissions: number; devices: number; lastAt: Date | null }>;
  totals: { planned: number; counted: number };
}

export interface DestinationData {
  placeId: number; name: string; kind: string; capacity: number | null; people: number;
  routes: Array<Pick<RouteRow, 'id' | 'code' | 'name' | 'peoplePerHour' | 'state'> & { usablePerHour: number }>;
  perHour: number; hours: number | null;
}

export interface EvacuationDeps {
  db: Database;
  regions: Pick<RegionsService, 'unknownCodes' | 'listFor' | 'geometryInScope'>;
  population: Pick<PopulationService, 'cells'>;
  drills: Pick<DrillsService, 'runningDrill' | 'drill'>;
  runner?: AllocationRunner;
  log?: (err: unknown, msg: string) => void;
}

export interface EvacuationService {
  places(actor: Actor, kind?: string): Promise<PlaceRow[]>;
  createPlace(actor: Actor, ip: string | null, input: PlaceInput): Promise<PlaceRow>;
  updatePlace(actor: Actor, ip: string | null, id: number, patch: PlacePatch): Promise<PlaceRow>;
  /** Deletes a place nothing refers to (no run result, head count, area plan or route); 409 naming what does. */
  removePlace(actor: Actor, ip: string | null, id: number): Promise<void>;
  routes(actor: Actor): Promise<RouteRow[]>;
  createRoute(actor: Actor, ip: string | null, input: RouteInput): Promise<RouteRow>;
  updateRoute(actor: Actor, ip: string | null, id: number, patch: RoutePatch): Promise<RouteRow>;
  removeRoute(actor: Actor, ip: string | null, id: number): Promise<void>;
  areaPlans(actor: Actor): Promise<AreaPlanRow[]>;
  setAreaPlan(actor: Actor, ip: string | null, code: string, input: AreaPlanInput): Promise<AreaPlanRow[]>;
  startRun(actor: Actor, ip: string | null, params: RunParams): Promise<RunRow>;
  listRuns(actor: Actor): Promise<RunRow[]>;
  getRun(actor: Actor, id: number): Promise<RunRow>;
  watchRun(actor: Actor, id: number, onProgress: (p: RunProgress) => void): Promise<() => void>;
  runFlows(actor: Actor, id: number): Promise<FlowRow[]>;
  /** Stops a queued or running run: it ends cancelled (409 once it has ended). */
  cancelRun(actor: Actor, ip: string | null, id: number): Promise<RunRow>;
  /**
   * The bases and evacuation areas a succeeded run sends people to, each with the routes registered into it, their
   * usable throughput (people per hour) and the hours to bring its people in along them.
   */
  runDestinations(actor: Actor, id: number): Promise<DestinationData[]>;
  submitCount(actor: Actor, ip: string | null, input: CountInput): Promise<{ duplicate: boolean; board: CountBoard }>;
  countBoard(actor: Actor, drillId: number): Promise<CountBoard>;
  /** Demo data: places, routes and area plans in the caller's transaction. */
  loadDemo(tx: Queryable, input: { places: Array<PlaceInput & { outline?: object | null }>; routes: Array<Omit<RouteInput, 'toPlaceId'> & { toPlaceCode?: string }>; plans: Array<AreaPlanInput & { regionCode: string; destinationCode?: string }> }): Promise<void>;
  failInterrupted(): Promise<number[]>;
  idle(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_RUN = { walkRadiusM: 3000, roadRadiusM: 80_000, detourFactor: 1.3 } as const;
export const PHASE_PERCENT: Record<string, number> = { queued: 0, loading: 10, assembly: 30, base: 60, storing: 85, done: 100 };
export const progressOf = (r: Pick<RunRow, 'id' | 'status' | 'phase'>): RunProgress => ({ id: r.id, status: r.status, phase: r.phase, percent: PHASE_PERCENT[r.phase] ?? 0 });

export function createEvacuationService({ db, regions, population, drills, runner: givenRunner, log }: EvacuationDeps): EvacuationService {
  const runner = givenRunner ?? createAllocationRunner();
  const jobs = createJobTracker<RunProgress>();
  const notify = (id: number, status: repo.RunStatus, phase: string) => jobs.emit(id, progressOf({ id, status, phase }));
  const phaseOf = async (id: number, phase: string) => { await repo.setPhase(db, id, phase); notify(id, 'running', phase); };

  async function checkRegion(q: Queryable, actor: Actor, regionCode: string) {
    if (!inScope(actor.regionCode, regionCode)) throw new AppError(E.EVACUATION_REGION_OUT_OF_SCOPE, 403, { regionCode });
    if ((await regions.unknownCodes([regionCode], q)).length > 0) throw new AppError(E.EVACUATION_REGION_UNKNOWN, 400, { regionCode });
  }
  async function requireRun(actor: Actor, id: number): Promise<RunRow> {
    const r = await repo.runById(db, actor.scope, id);
    if (!r) throw new AppError(E.EVACUATION_RUN_NOT_FOUND, 404, { id });
    return r;
  }

  async function solveStage(runId: number, model: EvacModel, stage: Stage, signal: AbortSignal) {
    const r: WorkerResult = await runner.solve(stage.problem, signal, () => undefined);
    if (!r.certificate.optimal) throw new Error(`the ${stage.places[0]?.kind ?? ''} assignment's optimality certificate failed: ${r.certificate.errors.slice(0, 3).join('; ')}`);
    return { result: r, rows: flowsByArea(model, stage, r.flows, r.metres, r.unassignedPerDemand), runId };
  }

  async function execute(runId: number, scope: string, params: Required<RunParams>, ctx: AuditContext, regionCode: string, signal: AbortSignal): Promise<void> {
    const started = Date.now();
    try {
      if (!(await repo.markRunning(db, runId))) return;
      notify(runId, 'running', 'loading');
      const [cells, places, plans] = await Promise.all([population.cells(scope), repo.places(db, scope, null), repo.areaPlans(db, scope)]);
      if (signal.aborted) throw new RunCancelled();
      const model = buildEvacuation(
        cells.map((c) => ({ regionCode: c.regionCode, lng: c.lng, lat: c.lat, people: c.people })),
        places.map((p) => ({ id: p.id, kind: p.kind, name: p.name, lng: p.location[0], lat: p.location[1], capacity: p.capacity, state: p.state })),
        new Map(plans.map((p) => [p.regionCode, p.share])), params);
      await phaseOf(runId, 'assembly');
      const a = await solveStage(runId, model, model.assembly, signal);
      await phaseOf(runId, 'base');
      const b = await solveStage(runId, model, model.base, signal);
      await phaseOf(runId, 'storing');
      await db.transaction(async (tx) => {
        await repo.insertFlows(tx, runId, [...a.rows.map((r) => ({ ...r, stage: 'assembly' as const })), ...b.rows.map((r) => ({ ...r, stage: 'base' as const }))]);
        const summary = {
          residents: model.residents, evacuees: model.evacuees, demandPoints: model.demand.length,
          assembly: { places: model.assembly.places.length, assigned: a.result.assigned, unassigned: a.result.unassigned, optimal: a.result.certificate.optimal, solveMs: Math.round(a.result.solveMs) },
          base: { places: model.base.places.length, assigned: b.result.assigned, unassigned: b.result.unassigned, optimal: b.result.certificate.optimal, solveMs: Math.round(b.result.solveMs) },
          totalMs: Date.now() - started,
        };
        if (!(await repo.finishRun(tx, runId, { status: 'succeeded', summary }))) throw new RunCancelled();
        await appendAudit(tx, ctx, { action: 'evac_run.finish', entityType: 'evac_run', entityId: runId, regionCode, after: { status: 'succeeded', evacuees: model.evacuees, assembly: summary.assembly.assigned, base: summary.base.assigned } });
      });
      notify(runId, 'succeeded', 'done');
    } catch (err) {
      if (err instanceof RunCancelled) { notify(runId, 'cancelled', 'done'); return; }
      const message = err instanceof EngineRefused ? `engine: ${err.message}` : err instanceof Error ? err.message : String(err);
      if (!(err instanceof EngineRefused)) log?.(err, 'evacuation run failed');
      await db.transaction(async (tx) => {
        if (await repo.finishRun(tx, runId, { status: 'failed', error: message.slice(0, 500) })) {
          await appendAudit(tx, ctx, { action: 'evac_run.finish', entityType: 'evac_run', entityId: runId, regionCode, after: { status: 'failed', error: message.slice(0, 200) } });
        }
      }).catch((e: unknown) => log?.(e, 'could not record a failed evacuation run'));
      notify(runId, 'failed', 'done');
    }
  }

  async function board(actor: Actor, drillId: number): Promise<CountBoard> {
    const drill = await drills.drill(actor, drillId);
    // The drill's area: its places, counts and the latest assignment there.
    const area = scopePrefix(drill.regionCode);
    const scope = area.startsWith(actor.scope) ? area : actor.scope;
    const [places, totals, runId] = [await repo.places(db, scope, null), await repo.countTotals(db, actor.scope, drillId), await repo.latestSucceededRun(db, scope)];
    const planned = new Map(runId ? (await repo.plannedByPlace(db, runId)).map((p) => [p.placeId, p.planned]) : []);
    const byPlace = new Map(totals.map((t) => [t.placeId, t]));
    const rows = places.filter((p) => p.kind !== 'area').map((p) => {
      const t = byPlace.get(p.id);
      return { placeId: p.id, name: p.name, kind: p.kind, planned: runId ? (planned.get(p.id) ?? 0) : null, capacity: p.capacity, counted: t?.counted ?? 0, submissions: t?.submissions ?? 0, devices: t?.devices ?? 0, lastAt: t?.lastAt ?? null };
    });
    return {
      drillId, runId, places: rows,
      totals: { planned: rows.filter((r) => r.kind === 'assembly').reduce((s, r) => s + (r.planned ?? 0), 0), counted: rows.filter((r) => r.kind === 'assembly').reduce((s, r) => s + r.counted, 0) },
    };
  }

  /**
   * Each edited geometry valid and inside the outline of the record's region, or a 400 naming the field. Outside any
   * transaction. A route is filed under the region it leaves from and runs to a base elsewhere (崇川 to 如东), so
   * only its start must lie in the region.
   */
  async function checkShapes(regionCode: string, shapes: ReadonlyArray<[string, { type: string; coordinates: unknown }]>): Promise<void> {
    for (const [field, geometry] of shapes) {
      const refusal = await shapeRefusal(geometry, geometry.type === 'LineString'
        ? {
          db,
          inRegion: () => regions.geometryInScope(regionCode, JSON.stringify({ type: 'Point', coordinates: (geometry.coordinates as number[][])[0] })),
          outsideText: { zh: '路线起点超出所属区划的边界（路线从所属区划出发，终点可在区外）', en: "the route's start is outside the boundary of its region (a route leaves from its region; its end may lie outside)" },
        }
        : { db, inRegion: (g) => regions.geometryInScope(regionCode, g) });
      if (refusal) {
        throw new AppError(E.EVACUATION_GEOMETRY_INVALID, 400, { field, zh: refusal.zh, en: refusal.en }, [
          { field: `body.${field}`, rule: refusal.rule, zh: refusal.zh, en: refusal.en },
        ]);
      }
    }
  }

  return {
    places: (actor, kind) => repo.places(db, actor.scope, kind ?? null),

    async createPlace(actor, ip, input) {
      // The same outline check as an edit's, before the write's transaction (PostGIS refusing the input ends one);
      // the jurisdiction is checked first so a foreign region is refused as such, not as a shape outside it.
      if (!inScope(actor.regionCode, input.regionCode)) throw new AppError(E.EVACUATION_REGION_OUT_OF_SCOPE, 403, { regionCode: input.regionCode });
      await checkShapes(input.regionCode, [['location', { type: 'Point', coordinates: input.location }]]);
      const id = await db.transaction(async (tx) => {
        await checkRegion(tx, actor, input.regionCode);
        if (await repo.codeTaken(tx, 'evac_place', input.code)) throw new AppError(E.EVACUATION_CODE_TAKEN, 409, { code: input.code });
        const [placeId] = await repo.insertPlaces(tx, [{ ...input, state: input.state ?? 'ready', outline: null, synthetic: false }]);
        await appendAudit(tx, auditContextOf(actor, ip), { action: 'evac_place.create', entityType: 'evac_place', entityId: placeId!, regionCode: input.regionCode, after: { ...input } });
        return placeId!;
      });
      return (await repo.placeById(db, actor.scope, id))!;
    },

    async updatePlace(actor, ip, id, patch) {
      const current = await repo.placeById(db, actor.scope, id);
      if (!current) throw new AppError(E.EVACUATION_PLACE_NOT_FOUND, 404, { id });
      const outline = patch.outline === undefined ? (current.outline ? JSON.parse(current.outline) as object : null) : patch.outline;
      const shapes: Array<[string, { type: string; coordinates: unknown }]> = [];
      // A point sent back as it was is no move: a place registered before this check can still be renamed.
      if (patch.location !== undefined && (patch.location[0] !== current.location[0] || patch.location[1] !== current.location[1])) {
        shapes.push(['location', { type: 'Point', coordinates: patch.location }]);
      }
      if (patch.outline) shapes.push(['outline', patch.outline as { type: string; coordinates: unknown }]);
      await checkShapes(current.regionCode, shapes);
      await db.transaction(async (tx) => {
        const p = await repo.placeById(tx, actor.scope, id, true);
        if (!p) throw new AppError(E.EVACUATION_PLACE_NOT_FOUND, 404, { id });
        if (patch.version !== undefined && p.version !== patch.version) throw new AppError(E.EVACUATION_VERSION_CONFLICT, 409, { what: 'place', current: p.version, sent: patch.version });
        const after = {
          name: patch.name ?? p.name, capacity: patch.capacity ?? p.capacity, state: patch.state ?? p.state, location: patch.location ?? p.location,
          outline: outline ? JSON.stringify(outline) : null,
        };
        await repo.updatePlace(tx, id, after);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'evac_place.update', entityType: 'evac_place', entityId: id, regionCode: p.regionCode,
          before: { version: p.version, name: p.name, capacity: p.capacity, state: p.state, location: p.location, outline: p.outline ? JSON.parse(p.outline) as unknown : null },
          after: { version: p.version + 1, ...after, outline },
        });
      });
      return (await repo.placeById(db, actor.scope, id))!;
    },
    async removePlace(actor, ip, id) {
      await db.transaction(async (tx) => {
        const p = await repo.placeById(tx, actor.scope, id, true);
        if (!p) throw new AppError(E.EVACUATION_PLACE_NOT_FOUND, 404, { id });
        // Counted over every jurisdiction: a city run or plan that uses the place is a record the county must keep too.
        const refs = await repo.placeReferences(tx, id);
        if (refs.runs + refs.counts + refs.plans + refs.routes > 0) throw new AppError(E.EVACUATION_PLACE_IN_USE, 409, { ...refs });
        await repo.deletePlace(tx, id);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'evac_place.delete', entityType: 'evac_place', entityId: id, regionCode: p.regionCode,
          before: { version: p.version, kind: p.kind, code: p.code, name: p.name, capacity: p.capacity, state: p.state, location: p.location },
        });
      });
    },
    routes: (actor) => repo.routes(db, actor.scope),

    async createRoute(actor, ip, input) {
      if (!inScope(actor.regionCode, input.regionCode)) throw new AppError(E.EVACUATION_REGION_OUT_OF_SCOPE, 403, { regionCode: input.regionCode });
      await checkShapes(input.regionCode, [['path', { type: 'LineString', coordinates: input.path }]]);
      const id = await db.transaction(async (tx) => {
        await checkRegion(tx, actor, input.regionCode);
        if (await repo.codeTaken(tx, 'evac_route', input.code)) throw new AppError(E.EVACUATION_CODE_TAKEN, 409, { code: input.code });
        if (input.toPlaceId && !(await repo.placeById(tx, actor.scope, input.toPlaceId))) throw new AppError(E.EVACUATION_DESTINATION_UNKNOWN, 400, { id: input.toPlaceId });
        const routeId = await repo.insertRoute(tx, { ...input, state: input.state ?? 'ready', toPlaceId: input.toPlaceId ?? null, synthetic: false });
        await appendAudit(tx, auditContextOf(actor, ip), { action: 'evac_route.create', entityType: 'evac_route', entityId: routeId, regionCode: input.regionCode, after: { code: input.code, name: input.name, peoplePerHour: input.peoplePerHour, points: input.path.length } });
        return routeId;
      });
      return (await repo.routes(db, actor.scope)).find((r) => r.id === id)!;
    },

    async updateRoute(actor, ip, id, patch) {
      const current = await repo.routeById(db, actor.scope, id);
      if (!current) throw new AppError(E.EVACUATION_ROUTE_NOT_FOUND, 404, { id });
      // A line sent back as it was is no redraw: a route registered before this check can still be renamed.
      const currentPath = (JSON.parse(current.path) as { coordinates: [number, number][] }).coordinates;
      if (patch.path !== undefined && JSON.stringify(patch.path) !== JSON.stringify(currentPath)) {
        await checkShapes(current.regionCode, [['path', { type: 'LineString', coordinates: patch.path }]]);
      }
      await db.transaction(async (tx) => {
        const r = await repo.routeById(tx, actor.scope, id, true);
        if (!r) throw new AppError(E.EVACUATION_ROUTE_NOT_FOUND, 404, { id });
        if (r.version !== patch.version) throw new AppError(E.EVACUATION_VERSION_CONFLICT, 409, { what: 'route', current: r.version, sent: patch.version });
        if (patch.toPlaceId && patch.toPlaceId !== r.toPlaceId && !(await repo.placeById(tx, actor.scope, patch.toPlaceId))) {
          throw new AppError(E.EVACUATION_DESTINATION_UNKNOWN, 400, { id: patch.toPlaceId }, [
            { field: 'body.toPlaceId', rule: 'reference', zh: `疏散场所 #${patch.toPlaceId} 不存在或不在管辖范围内`, en: `place #${patch.toPlaceId} does not exist or is outside your jurisdiction` },
          ]);
        }
        const path = patch.path ?? (JSON.parse(r.path) as { coordinates: [number, number][] }).coordinates;
        const after = {
          name: patch.name ?? r.name, peoplePerHour: patch.peoplePerHour ?? r.peoplePerHour, state: patch.state ?? r.state, path,
          toPlaceId: patch.toPlaceId === undefined ? r.toPlaceId : patch.toPlaceId,
        };
        await repo.updateRoute(tx, id, after);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'evac_route.update', entityType: 'evac_route', entityId: id, regionCode: r.regionCode,
          before: { version: r.version, name: r.name, peoplePerHour: r.peoplePerHour, state: r.state, toPlaceId: r.toPlaceId, path: JSON.parse(r.path) as unknown },
          after: { version: r.version + 1, ...after, path: { type: 'LineString', coordinates: path } },
        });
      });
      return (await repo.routeById(db, actor.scope, id))!;
    },
    async removeRoute(actor, ip, id) {
      await db.transaction(async (tx) => {
        const r = await repo.routeById(tx, actor.scope, id, true);
        if (!r) throw new AppError(E.EVACUATION_ROUTE_NOT_FOUND, 404, { id });
        await repo.deleteRoute(tx, id);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'evac_route.delete', entityType: 'evac_route', entityId: id, regionCode: r.regionCode,
          before: { version: r.version, code: r.code, name: r.name, peoplePerHour: r.peoplePerHour, state: r.state, toPlaceId: r.toPlaceId, path: JSON.parse(r.path) as unknown },
        });
      });
    },
    areaPlans: (actor) => repo.areaPlans(db, actor.scope),

    async setAreaPlan(actor, ip, code, input) {
      const areas = await regions.listFor(actor);
      if (!areas.some((a) => a.code === code)) throw new AppError(E.EVACUATION_AREA_NOT_FOUND, 404, { code });
      await db.transaction(async (tx) => {
        if (input.destinationId) {
          const d = await repo.placeById(tx, actor.scope, input.destinationId);
          if (!d || d.kind === 'assembly') throw new AppError(E.EVACUATION_DESTINATION_UNKNOWN, 400, { id: input.destinationId });
        }
        const before = await repo.areaPlan(tx, code);
        await repo.upsertAreaPlan(tx, { regionCode: code, share: input.share, targetGroups: [...new Set(input.targetGroups)], destinationId: input.destinationId ?? null, timing: input.timing, synthetic: false, updatedBy: actor.userId });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'evac_area_plan.set', entityType: 'evac_area_plan', entityId: code, regionCode: code,
          before: before ? { share: before.share, timing: before.timing, destinationId: before.destinationId } : null, after: { ...input },
        });
      });
      return repo.areaPlans(db, actor.scope);
    },

    async startRun(actor, ip, input) {
      const params = { walkRadiusM: input.walkRadiusM ?? DEFAULT_RUN.walkRadiusM, roadRadiusM: input.roadRadiusM ?? DEFAULT_RUN.roadRadiusM, detourFactor: input.detourFactor ?? DEFAULT_RUN.detourFactor };
      const [plans, places] = [await repo.areaPlans(db, actor.scope), await repo.places(db, actor.scope, null)];
      if (!plans.some((p) => p.share > 0) || places.length === 0) throw new AppError(E.EVACUATION_NO_PLAN, 422);
      const ctx = auditContextOf(actor, ip);
      const id = await db.transaction(async (tx) => {
        const runId = await repo.insertRun(tx, { regionCode: actor.regionCode, params, createdBy: actor.userId });
        await appendAudit(tx, ctx, { action: 'evac_run.start', entityType: 'evac_run', entityId: runId, regionCode: actor.regionCode, after: params });
        return runId;
      });
      jobs.start(id, (signal) => execute(id, actor.scope, params, ctx, actor.regionCode, signal));
      return requireRun(actor, id);
    },

    listRuns: (actor) => repo.listRuns(db, actor.scope),
    getRun: (actor, id) => requireRun(actor, id),

    async watchRun(actor, id, onProgress) {
      const run = await requireRun(actor, id);
      onProgress(progressOf(run));
      if (run.phase === 'done') return () => undefined;
      return jobs.watch(id, onProgress);
    },

    async runFlows(actor, id) {
      const run = await requireRun(actor, id);
      if (run.status !== 'succeeded') throw new AppError(E.EVACUATION_RUN_NOT_SUCCEEDED, 409, { id, status: run.status });
      return repo.flows(db, actor.scope, id);
    },

    async cancelRun(actor, ip, id) {
      await db.transaction(async (tx) => {
        const run = await repo.runById(tx, actor.scope, id, true);
        if (!run) throw new AppError(E.EVACUATION_RUN_NOT_FOUND, 404, { id });
        if (run.status !== 'queued' && run.status !== 'running') throw new AppError(E.EVACUATION_RUN_ENDED, 409, { id, status: run.status });
        await repo.finishRun(tx, id, { status: 'cancelled' });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'evac_run.cancel', entityType: 'evac_run', entityId: id, regionCode: run.regionCode,
          before: { status: run.status, phase: run.phase }, after: { status: 'cancelled' },
        });
      });
      // The row says cancelled first, so a worker finishing meanwhile cannot store its result (finishRun refuses).
      jobs.abort(id);
      notify(id, 'cancelled', 'done');
      return requireRun(actor, id);
    },

    async runDestinations(actor, id) {
      const run = await requireRun(actor, id);
      if (run.status !== 'succeeded') throw new AppError(E.EVACUATION_RUN_NOT_SUCCEEDED, 409, { id, status: run.status });
      const [places, routes] = [await repo.baseFlowsByPlace(db, actor.scope, id), await repo.routes(db, actor.scope)];
      return places.map((p) => {
        const into = routes.filter((r) => r.toPlaceId === p.placeId)
          .map((r) => ({ id: r.id, code: r.code, name: r.name, peoplePerHour: r.peoplePerHour, state: r.state, usablePerHour: usableThroughput(r.peoplePerHour, r.state) }));
        return { ...p, routes: into, perHour: into.reduce((s, r) => s + r.usablePerHour, 0), hours: clearanceHours(p.people, into) };
      });
    },

    async submitCount(actor, ip, input) {
      const drill = await drills.runningDrill(actor, input.drillId);
      const duplicate = await db.transaction(async (tx) => {
        const seen = await repo.countByClientId(tx, input.clientId);
        if (seen) {
          // A retried submission (the phone never saw the answer) counts once; the same id with other numbers is refused.
          if (seen.drillId !== input.drillId || seen.placeId !== input.placeId || seen.people !== input.people) throw new AppError(E.EVACUATION_COUNT_REPLAYED, 409);
          return true;
        }
        const place = await repo.placeById(tx, actor.scope, input.placeId);
        if (!place || place.kind === 'area' || !inScope(drill.regionCode, place.regionCode)) {
          throw new AppError(E.EVACUATION_COUNT_PLACE, 400, { placeId: input.placeId });
        }
        const countId = await repo.insertCount(tx, { clientId: input.clientId, drillId: input.drillId, placeId: input.placeId, regionCode: place.regionCode, people: input.people, device: input.device ?? null, countedBy: actor.userId });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'evac_count.submit', entityType: 'evac_count', entityId: countId, regionCode: place.regionCode,
          after: { drillId: input.drillId, placeId: input.placeId, people: input.people, device: input.device ?? null },
        });
        return false;
      });
      return { duplicate, board: await board(actor, input.drillId) };
    },

    countBoard: (actor, drillId) => board(actor, drillId),

    async loadDemo(tx, input) {
      const ids = await repo.insertPlaces(tx, input.places.map((p) => ({
        kind: p.kind, code: p.code, name: p.name, regionCode: p.regionCode, capacity: p.capacity, state: p.state ?? 'ready', location: p.location,
        outline: p.outline ? JSON.stringify(p.outline) : null, synthetic: true,
      })));
      const byCode = new Map(input.places.map((p, k) => [p.code, ids[k]!]));
      for (const r of input.routes) {
        await repo.insertRoute(tx, { code: r.code, name: r.name, regionCode: r.regionCode, peoplePerHour: r.peoplePerHour, state: r.state ?? 'ready', path: r.path, toPlaceId: r.toPlaceCode ? byCode.get(r.toPlaceCode) ?? null : null, synthetic: true });
      }
      for (const p of input.plans) {
        await repo.upsertAreaPlan(tx, { regionCode: p.regionCode, share: p.share, targetGroups: p.targetGroups, destinationId: p.destinationCode ? byCode.get(p.destinationCode) ?? null : null, timing: p.timing, synthetic: true, updatedBy: null });
      }
    },

    async failInterrupted() {
      if (db.kind !== 'pglite') return [];
      return db.transaction(async (tx) => {
        const ids = await repo.failInterrupted(tx);
        if (ids.length > 0) await appendAudit(tx, { actorId: null, actor: 'system', ip: null }, { action: 'evac_run.interrupted', entityType: 'evac_run', after: { runs: ids, status: 'failed' } });
        return ids;
      });
    },
    idle: () => jobs.idle(),
    close: () => jobs.stop(() => runner.close()),
  };
}
