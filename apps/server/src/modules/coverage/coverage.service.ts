/**
 * The rules of the coverage module: siren coverage runs (jobs: queued → running → succeeded | failed | cancelled)
 * computed by the engine in a worker thread, stored with their parameters (the sound model and its source, threshold,
 * cell size, which sirens, what-if changes) and the SHA-256 of their inputs; results per district and town against
 * the target, uncovered areas, suggested sites, and two runs compared. Sirens, regions and the population grid are
 * reached only through their services.
 */
import { createHash } from 'node:crypto';
import { inScope, scopePrefix, type SirenKind } from '@civdef/domain';
import type { CoverageSettings } from '../../config.ts';
import type { Database } from '../../db/index.ts';
import { auditContextOf, type Actor, type AuditContext } from '../../lib/actor.ts';
import { createJobTracker } from '../../lib/job-tracker.ts';
import { AppError } from '../../lib/errors.ts';
import { appendAudit } from '../audit/index.ts';
import type { PopulationService } from '../population/index.ts';
import type { RegionsService } from '../regions/index.ts';
import type { SirensService } from '../sirens/index.ts';
import { CoverageErrors as E } from './coverage.errors.ts';
import { gridAround, insideRings, projectionAt, ringsOf, toMetric, type Ring } from './coverage.geo.ts';
import type { CoverageJobInput, CoverageJobResult } from './coverage.job.ts';
import { EngineRefused, RunCancelled, createCoverageRunner, type CoverageRunner } from './coverage.runner.ts';
import * as repo from './coverage.repository.ts';
import type { AreaRow, RunRow, RunSirenRow, SiteRow, UncoveredRow } from './coverage.repository.ts';
import type { RunInput } from './coverage.schemas.ts';

export type { AreaRow, RunRow, RunSirenRow, SiteRow, UncoveredRow };

export interface CoverageDeps {
  db: Database;
  regions: Pick<RegionsService, 'listFor' | 'boundariesFor' | 'townBoundariesFor'>;
  population: Pick<PopulationService, 'cells'>;
  sirens: Pick<SirensService, 'ratedIn'>;
  settings: CoverageSettings;
  /** Rated output per siren kind for records without their own (configuration SIREN_KIND_DEFAULTS). */
  kindDefaults: Record<SirenKind, { ratedLevelDb: number; referenceDistanceM: number }>;
  log?: (err: unknown, msg: string) => void;
  runner?: CoverageRunner;
}

export interface RunProgress { id: number; status: repo.RunStatus; phase: string; percent: number }

export interface RunComparison {
  a: RunRow;
  b: RunRow;
  areas: Array<{ code: string; name: string; level: string; targetPercent: number | null; a: AreaRow | null; b: AreaRow | null }>;
}

export interface CoverageService {
  settings(): CoverageSettings;
  startRun(actor: Actor, ip: string | null, input: RunInput): Promise<RunRow>;
  listRuns(actor: Actor): Promise<RunRow[]>;
  getRun(actor: Actor, id: number): Promise<RunRow>;
  /** Sends the run's progress now and at every change until it ends; answers the unsubscribe function. */
  watchRun(actor: Actor, id: number, onProgress: (p: RunProgress) => void): Promise<() => void>;
  cancelRun(actor: Actor, ip: string | null, id: number): Promise<RunRow>;
  areas(actor: Actor, id: number): Promise<AreaRow[]>;
  uncovered(actor: Actor, id: number): Promise<UncoveredRow[]>;
  runSirens(actor: Actor, id: number): Promise<RunSirenRow[]>;
  sites(actor: Actor, id: number): Promise<SiteRow[]>;
  compare(actor: Actor, a: number, b: number): Promise<RunComparison>;
  /** Marks runs a stopped process left queued or running as failed (start-up, embedded database only). */
  failInterrupted(): Promise<number[]>;
  /** Resolves when no run is in flight (tests, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** How far along a phase is, for the progress bar. */
export const PHASE_PERCENT: Record<string, number> = { queued: 0, loading: 5, rasterising: 15, counting: 35, tracing: 55, placing: 70, storing: 90, done: 100 };

export function progressOf(run: Pick<RunRow, 'id' | 'status' | 'phase'>): RunProgress {
  return { id: run.id, status: run.status, phase: run.phase, percent: PHASE_PERCENT[run.phase] ?? 0 };
}

/** Above this many cells a run is refused (memory and time of the worker). */
export const MAX_CELLS = 6_000_000;
/** Uncovered pieces kept per run (most people first). */
const MAX_POLYGONS = 400;
const MAX_CANDIDATES = 1_500;
const MAX_TARGET_SITES = 300;

/** The parameters a run is stored with: everything its result depends on besides the data. */
export interface StoredParams {
  label: string | null;
  thresholdDb: number; cellM: number; excessDbPerDoubling: number; modelSource: string; targetPercent: number;
  countedStates: string[]; sirenIds: number[] | null; removeSirenIds: number[];
  addSirens: Array<{ location: [number, number]; levelDb: number; regionCode: string }>;
  baseRunId: number | null; suggest: boolean; k: number; candidates: Array<[number, number]> | null;
  candidateKind: string; candidateLevelDb: number; candidateReferenceDistanceM: number; candidateSpacingM: number;
  cityAreas: string[]; keyTowns: string[];
}

interface District { code: string; name: string; rings: Ring[] }

/** A SHA-256 over the job's input, typed arrays as plain numbers, keys in a fixed order: same hash, same result. */
export function inputDigest(input: CoverageJobInput): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(input, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v)));
  return hash.digest('hex');
}

export function createCoverageService({ db, regions, population, sirens, settings, kindDefaults, log, runner: givenRunner }: CoverageDeps): CoverageService {
  const runner = givenRunner ?? createCoverageRunner();
  const jobs = createJobTracker<RunProgress>();
  const notify = (id: number, status: repo.RunStatus, phase: string) => jobs.emit(id, progressOf({ id, status, phase }));
  const phaseOf = async (id: number, phase: string) => {
    await repo.setPhase(db, id, phase);
    notify(id, 'running', phase);
  };

  const levelOf = (kind: string, own: number | null) => own ?? kindDefaults[kind as SirenKind]?.ratedLevelDb ?? kindDefaults.electronic.ratedLevelDb;
  const refOf = (kind: string, own: number | null) => own ?? kindDefaults[kind as SirenKind]?.referenceDistanceM ?? 30;

  async function districtsOf(actor: Actor): Promise<District[]> {
    const [all, outlines] = await Promise.all([regions.listFor(actor), regions.boundariesFor(actor)]);
    const counties = new Set(all.filter((r) => r.level === 'county').map((r) => r.code));
    return outlines.filter((o) => counties.has(o.code))
      .map((o) => ({ code: o.code, name: o.name, rings: ringsOf(JSON.parse(o.geometry) as { type: string; coordinates: unknown }) }))
      .sort((a, b) => a.code.localeCompare(b.code));
  }

  async function requireRun(actor: Actor, id: number): Promise<RunRow> {
    const run = await repo.runById(db, actor.scope, id);
    if (!run) throw new AppError(E.COVERAGE_RUN_NOT_FOUND, 404, { id });
    return run;
  }

  async function requireSucceeded(actor: Actor, id: number, field: string): Promise<RunRow> {
    const run = await requireRun(actor, id);
    if (run.status !== 'succeeded') throw new AppError(E.COVERAGE_RUN_NOT_SUCCEEDED, 409, { id, status: run.status, field });
    return run;
  }

  /** Loads the inputs, computes in the worker, stores the results: everything a run does after it was queued. */
  async function execute(runId: number, actor: Actor, params: StoredParams, ctx: AuditContext, signal: AbortSignal): Promise<void> {
    const started = Date.now();
    try {
      if (!(await repo.markRunning(db, runId))) return;
      notify(runId, 'running', 'loading');
      const [districts, all, rated, cells, townOutlines] = await Promise.all([
        districtsOf(actor), regions.listFor(actor), sirens.ratedIn(actor.scope), population.cells(actor.scope), regions.townBoundariesFor(actor),
      ]);
      if (signal.aborted) throw new RunCancelled('coverage');
      if (districts.length === 0) throw new AppError(E.COVERAGE_NO_BOUNDARY, 422);
      const allRings = districts.flatMap((d) => d.rings);
      let minLng = Infinity, maxLng = -Infinity, minLat = Infinity, maxLat = -Infinity;
      for (const ring of allRings) for (const [lng, lat] of ring) {
        minLng = Math.min(minLng, lng); maxLng = Math.max(maxLng, lng); minLat = Math.min(minLat, lat); maxLat = Math.max(maxLat, lat);
      }
      // The projection's centre is rounded so a boundary edit far away does not move every cell of an unchanged district.
      const projection = projectionAt(Math.round(((minLng + maxLng) / 2) * 100) / 100, Math.round(((minLat + maxLat) / 2) * 100) / 100);
      const metric = (rings: Ring[]) => rings.map((ring) => ring.map(([lng, lat]) => toMetric(projection, lng, lat)));
      const counties = districts.map((d) => ({ rings: metric(d.rings), target: params.cityAreas.includes(d.code) }));
      const grid = gridAround(counties.flatMap((c) => c.rings), params.cellM);
      const countyIndex = new Map(districts.map((d, k) => [d.code, k]));
      const townRows = all.filter((r) => r.level === 'town' && r.centroid !== null && r.parentCode !== null && countyIndex.has(r.parentCode));
      // A town's outline, where one is loaded, decides which cells are the town's; else its nearest town point does.
      const outlineOf = new Map(townOutlines.map((o) => [o.code, ringsOf(JSON.parse(o.geometry) as { type: string; coordinates: unknown })]));
      const towns = townRows.map((t) => {
        const [x, y] = toMetric(projection, t.centroid![0], t.centroid![1]);
        const county = countyIndex.get(t.parentCode!)!;
        const outline = outlineOf.get(t.code);
        return { county, x, y, target: params.keyTowns.includes(t.code) || params.cityAreas.includes(t.parentCode!), ...(outline ? { rings: metric(outline) } : {}) };
      });
      const townIndex = new Map(townRows.map((t, k) => [t.code, k]));

      // The sirens counted: named ones, or every one in a counted state; minus the removed; plus the added.
      const removed = new Set(params.removeSirenIds);
      const named = params.sirenIds ? new Set(params.sirenIds) : null;
      const chosen = rated.filter((s) => (named ? named.has(s.id) : params.countedStates.includes(s.status)) && !removed.has(s.id));
      const runSirens = [
        ...chosen.map((s) => ({ sirenId: s.id as number | null, code: s.code, name: s.name, regionCode: s.regionCode, lng: s.lng, lat: s.lat, levelDb: levelOf(s.kind, s.ratedLevelDb), referenceDistanceM: refOf(s.kind, s.referenceDistanceM) })),
        ...params.addSirens.map((a, k) => ({ sirenId: null, code: `NEW-${k + 1}`, name: `新增 ${k + 1}`, regionCode: a.regionCode, lng: a.location[0], lat: a.location[1], levelDb: a.levelDb, referenceDistanceM: params.candidateReferenceDistanceM })),
      ];
      const xy = runSirens.map((s) => toMetric(projection, s.lng, s.lat));
      const popXy = cells.map((c) => toMetric(projection, c.lng, c.lat));
      const input: CoverageJobInput = {
        grid, projection,
        sirens: {
          x: Float64Array.from(xy, (p) => p[0]), y: Float64Array.from(xy, (p) => p[1]),
          levelDb: Float64Array.from(runSirens, (s) => s.levelDb), referenceDistance: Float64Array.from(runSirens, (s) => s.referenceDistanceM),
        },
        thresholdDb: params.thresholdDb, excessDbPerDoubling: params.excessDbPerDoubling, targetPercent: params.targetPercent,
        counties, towns,
        pop: {
          x: Float64Array.from(popXy, (p) => p[0]), y: Float64Array.from(popXy, (p) => p[1]),
          size: Float64Array.from(cells, (c) => c.cellSizeM), people: Float64Array.from(cells, (c) => c.people),
          county: Int32Array.from(cells, (c) => {
            const t = townIndex.get(c.regionCode);
            return t !== undefined ? towns[t]!.county : countyIndex.get(c.regionCode.slice(0, 6)) ?? -1;
          }),
          town: Int32Array.from(cells, (c) => townIndex.get(c.regionCode) ?? -1),
        },
        placement: params.suggest ? {
          k: params.k,
          candidates: params.candidates ? (() => {
            const pts = params.candidates.map(([lng, lat]) => toMetric(projection, lng, lat));
            return { x: Float64Array.from(pts, (p) => p[0]), y: Float64Array.from(pts, (p) => p[1]) };
          })() : null,
          spacingM: params.candidateSpacingM, levelDb: params.candidateLevelDb, referenceDistance: params.candidateReferenceDistanceM,
          maxCandidates: MAX_CANDIDATES, maxTargetSites: MAX_TARGET_SITES,
        } : null,
        maxPolygons: MAX_POLYGONS,
      };
      const sha256 = inputDigest(input);
      const inputs = {
        sha256, sirens: runSirens.length, populationCells: cells.length, people: cells.reduce((a, c) => a + c.people, 0),
        districts: districts.length, towns: towns.length, grid: { cols: grid.cols, rows: grid.rows, cellM: grid.cellSize },
      };
      await phaseOf(runId, 'rasterising');
      const result: CoverageJobResult = await runner.run(input, signal, (phase) => void phaseOf(runId, phase).catch(() => undefined));
      await phaseOf(runId, 'storing');

      const km2 = result.cellAreaM2;
      const root = all.find((r) => r.code === actor.regionCode);
      const areas: repo.AreaInsert[] = [];
      if (root && !countyIndex.has(root.code)) {
        areas.push({ regionCode: root.code, name: root.name, level: root.level, areaM2: result.total.cells * km2, coveredAreaM2: result.total.coveredCells * km2, people: result.total.people, coveredPeople: result.total.coveredPeople, targetPercent: null });
      }
      districts.forEach((d, k) => {
        const f = result.counties[k]!;
        areas.push({ regionCode: d.code, name: d.name, level: 'county', areaM2: f.cells * km2, coveredAreaM2: f.coveredCells * km2, people: f.people, coveredPeople: f.coveredPeople, targetPercent: counties[k]!.target ? params.targetPercent : null });
      });
      townRows.forEach((t, k) => {
        const f = result.towns[k]!;
        areas.push({ regionCode: t.code, name: t.name, level: 'town', areaM2: f.cells * km2, coveredAreaM2: f.coveredCells * km2, people: f.people, coveredPeople: f.coveredPeople, targetPercent: towns[k]!.target ? params.targetPercent : null });
      });
      const regionOfSite = (county: number, town: number) => (town >= 0 ? townRows[town]!.code : county >= 0 ? districts[county]!.code : actor.regionCode);
      const sites: repo.SiteInsert[] = [
        ...(result.placement?.target ?? []).map((s, k) => ({ goal: 'target' as const, rank: k + 1, regionCode: regionOfSite(s.county, s.town), lng: s.lng, lat: s.lat, peopleNew: s.peopleNew })),
        ...(result.placement?.bestK ?? []).map((s, k) => ({ goal: 'best_k' as const, rank: k + 1, regionCode: regionOfSite(s.county, s.town), lng: s.lng, lat: s.lat, peopleNew: s.peopleNew })),
      ];
      const below = areas.filter((a) => a.targetPercent !== null && (percent(a.coveredAreaM2, a.areaM2) ?? 100) < a.targetPercent - 1e-9).length;
      const summary = {
        areaPercent: percent(result.total.coveredCells, result.total.cells) ?? 0, peoplePercent: percent(result.total.coveredPeople, result.total.people),
        areaKm2: (result.total.cells * km2) / 1e6, people: result.total.people, uncoveredAreas: result.uncoveredCount,
        candidates: result.placement?.candidates ?? 0, targetSites: result.placement?.target.length ?? 0,
        reachedTarget: result.placement?.reachedTarget ?? false, targetCoverage: result.placement?.targetCoverage ?? 0,
        areasBelowTarget: below, totalMs: Date.now() - started,
      };
      await db.transaction(async (tx) => {
        await repo.insertResults(tx, runId, {
          areas,
          uncovered: result.uncovered.map((u, k) => ({ seq: k + 1, regionCode: districts[u.county]!.code, areaM2: u.areaM2, people: u.people, geometry: { type: 'Polygon', coordinates: u.rings } })),
          sirens: runSirens.map((s, k) => ({ seq: k + 1, ...s, radiusM: Math.round((result.radius[k] ?? 0) * 10) / 10 })),
          sites,
        });
        const ended = await repo.finishRun(tx, runId, { status: 'succeeded', inputs, summary });
        if (!ended) throw new RunCancelled('coverage');
        await appendAudit(tx, ctx, {
          action: 'coverage_run.finish', entityType: 'coverage_run', entityId: runId, regionCode: actor.regionCode,
          after: { status: 'succeeded', inputsSha256: sha256, areaPercent: summary.areaPercent, peoplePercent: summary.peoplePercent },
        });
      });
      notify(runId, 'succeeded', 'done');
    } catch (err) {
      if (err instanceof RunCancelled) return;
      const message = err instanceof EngineRefused ? `${err.engineCode}: ${err.message}` : err instanceof AppError ? err.code : err instanceof Error ? err.message : String(err);
      if (!(err instanceof EngineRefused) && !(err instanceof AppError)) log?.(err, 'coverage run failed');
      await db.transaction(async (tx) => {
        if (await repo.finishRun(tx, runId, { status: 'failed', error: message })) {
          await appendAudit(tx, ctx, { action: 'coverage_run.finish', entityType: 'coverage_run', entityId: runId, regionCode: actor.regionCode, outcome: 'failure', after: { status: 'failed', error: message } });
        }
      }).then(() => notify(runId, 'failed', 'done')).catch((e: unknown) => log?.(e, 'could not record the failure of a coverage run'));
    }
  }

  return {
    settings: () => settings,

    async startRun(actor, ip, body) {
      if (body.baseRunId !== undefined) await requireRun(actor, body.baseRunId);
      const rated = await sirens.ratedIn(actor.scope);
      const known = new Set(rated.map((s) => s.id));
      for (const field of ['sirenIds', 'removeSirenIds'] as const) {
        const ids = body[field] ?? [];
        const index = ids.findIndex((id) => !known.has(id));
        if (index >= 0) throw new AppError(E.COVERAGE_SIREN_UNKNOWN, 400, { field, index, id: ids[index] });
      }
      const districts = await districtsOf(actor);
      if (districts.length === 0) throw new AppError(E.COVERAGE_NO_BOUNDARY, 422);
      const districtAt = (field: string, index: number, [lng, lat]: [number, number]) => {
        const d = districts.find((x) => insideRings(x.rings, lng, lat));
        if (!d) throw new AppError(E.COVERAGE_POINT_OUTSIDE, 400, { field, index });
        return d.code;
      };
      const cellM = body.cellM ?? settings.cellM;
      // The grid's size is known before anything is queued: a run that could never fit is refused now.
      const centre = districts[0]!.rings[0]?.[0] ?? [0, 0];
      const projection = projectionAt(centre[0], centre[1]);
      const grid = gridAround(districts.flatMap((d) => d.rings).map((ring) => ring.map(([lng, lat]) => toMetric(projection, lng, lat))), cellM);
      if (grid.cols * grid.rows > MAX_CELLS) throw new AppError(E.COVERAGE_GRID_TOO_LARGE, 422, { cellM, cells: grid.cols * grid.rows, max: MAX_CELLS });
      const candidateKind = settings.candidateKind;
      const candidateLevelDb = kindDefaults[candidateKind].ratedLevelDb;
      const params: StoredParams = {
        label: body.label ?? null,
        thresholdDb: body.thresholdDb ?? settings.thresholdDb, cellM, excessDbPerDoubling: settings.excessDbPerDoubling, modelSource: settings.modelSource,
        targetPercent: settings.targetPercent, countedStates: [...settings.countedStates],
        sirenIds: body.sirenIds ? [...new Set(body.sirenIds)] : null, removeSirenIds: [...new Set(body.removeSirenIds ?? [])],
        addSirens: (body.addSirens ?? []).map((a, index) => ({ location: a.location as [number, number], levelDb: a.levelDb ?? candidateLevelDb, regionCode: districtAt('addSirens', index, a.location as [number, number]) })),
        baseRunId: body.baseRunId ?? null, suggest: body.suggest ?? true, k: body.k ?? 10,
        candidates: body.candidates ? body.candidates.map((c, index) => { districtAt('candidates', index, c as [number, number]); return c as [number, number]; }) : null,
        candidateKind, candidateLevelDb, candidateReferenceDistanceM: kindDefaults[candidateKind].referenceDistanceM, candidateSpacingM: settings.candidateSpacingM,
        cityAreas: [...settings.cityAreas], keyTowns: [...settings.keyTowns],
      };
      const ctx = auditContextOf(actor, ip);
      const id = await db.transaction(async (tx) => {
        const runId = await repo.insertRun(tx, { regionCode: actor.regionCode, scope: scopePrefix(actor.regionCode), baseRunId: params.baseRunId, params, createdBy: actor.userId });
        await appendAudit(tx, ctx, { action: 'coverage_run.start', entityType: 'coverage_run', entityId: runId, regionCode: actor.regionCode, after: params });
        return runId;
      });
      jobs.start(id, (signal) => execute(id, actor, params, ctx, signal));
      return requireRun(actor, id);
    },

    listRuns: (actor) => repo.listRuns(db, actor.scope, 50),
    getRun: (actor, id) => requireRun(actor, id),

    async watchRun(actor, id, onProgress) {
      const run = await requireRun(actor, id);
      onProgress(progressOf(run));
      if (run.phase === 'done') return () => undefined;
      return jobs.watch(id, onProgress);
    },

    async cancelRun(actor, ip, id) {
      await db.transaction(async (tx) => {
        const run = await repo.runById(tx, actor.scope, id, true);
        // A run of a wider jurisdiction is readable here, but only those who could start it may stop it.
        if (!run || !inScope(actor.regionCode, run.regionCode)) throw new AppError(E.COVERAGE_RUN_NOT_FOUND, 404, { id });
        if (run.status !== 'queued' && run.status !== 'running') throw new AppError(E.COVERAGE_RUN_ENDED, 409, { status: run.status });
        await repo.finishRun(tx, id, { status: 'cancelled' });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'coverage_run.cancel', entityType: 'coverage_run', entityId: id, regionCode: run.regionCode,
          before: { status: run.status, phase: run.phase }, after: { status: 'cancelled' },
        });
      });
      jobs.abort(id);
      notify(id, 'cancelled', 'done');
      return requireRun(actor, id);
    },

    async areas(actor, id) {
      await requireSucceeded(actor, id, 'id');
      return repo.runAreas(db, actor.scope, id);
    },
    async uncovered(actor, id) {
      await requireSucceeded(actor, id, 'id');
      return repo.runUncovered(db, actor.scope, id);
    },
    async runSirens(actor, id) {
      await requireSucceeded(actor, id, 'id');
      return repo.runSirens(db, actor.scope, id);
    },
    async sites(actor, id) {
      await requireSucceeded(actor, id, 'id');
      return repo.runSites(db, actor.scope, id);
    },

    async compare(actor, a, b) {
      if (a === b) throw new AppError(E.COVERAGE_COMPARE_SAME_RUN, 400, { a, b });
      const runA = await requireSucceeded(actor, a, 'a');
      const runB = await requireSucceeded(actor, b, 'b');
      const [rowsA, rowsB] = await Promise.all([repo.runAreas(db, actor.scope, a), repo.runAreas(db, actor.scope, b)]);
      const byCode = new Map<string, RunComparison['areas'][number]>();
      for (const r of rowsA) byCode.set(r.regionCode, { code: r.regionCode, name: r.name, level: r.level, targetPercent: r.targetPercent, a: r, b: null });
      for (const r of rowsB) {
        const row = byCode.get(r.regionCode);
        if (row) row.b = r;
        else byCode.set(r.regionCode, { code: r.regionCode, name: r.name, level: r.level, targetPercent: r.targetPercent, a: null, b: r });
      }
      return { a: runA, b: runB, areas: [...byCode.values()].sort((x, y) => x.code.localeCompare(y.code)) };
    },

    async failInterrupted() {
      // Only the embedded database is known to have one process (it locks its data dir).
      if (db.kind !== 'pglite') return [];
      return db.transaction(async (tx) => {
        const ids = await repo.failInterrupted(tx);
        if (ids.length > 0) {
          await appendAudit(tx, { actorId: null, actor: 'system', ip: null }, { action: 'coverage_run.interrupted', entityType: 'coverage_run', after: { runs: ids, status: 'failed' } });
        }
        return ids;
      });
    },

    idle: () => jobs.idle(),

    close: () => jobs.stop(() => runner.close()),
  };
}

/** part / whole as a percentage, null when there is nothing to cover. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.min(100, (100 * part) / whole) : null;
}
