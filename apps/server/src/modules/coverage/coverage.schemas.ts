/**
 * Request and response schemas of the coverage routes: validation, serialisation (fields not in a schema are dropped),
 * the handlers' types and the OpenAPI document from one definition.
 */
import { Type, type Static } from 'typebox';
import { featureCollectionSchema } from '../../lib/geojson.ts';
import { IdParams, LngLat, RegionCode, Timestamp, errorResponses } from '../../lib/schemas.ts';
import { runRouteSchemas } from '../../lib/run-schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Status = Type.String({ description: 'queued | running | succeeded | failed | cancelled' });

export const RunBody = Type.Object({
  label: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  thresholdDb: Type.Optional(Type.Number({ minimum: 30, maximum: 130, description: 'level a place must reach to count as covered (default: configuration)' })),
  cellM: Type.Optional(Type.Number({ minimum: 25, maximum: 2000, description: 'raster cell size, metres (default: configuration)' })),
  sirenIds: Type.Optional(Type.Array(Id, { maxItems: 20_000, description: 'the sirens to count; default: every siren of the jurisdiction in a counted state' })),
  removeSirenIds: Type.Optional(Type.Array(Id, { maxItems: 5_000, description: 'what-if: sirens left out' })),
  addSirens: Type.Optional(Type.Array(Type.Object({
    location: LngLat,
    levelDb: Type.Optional(Type.Number({ minimum: 60, maximum: 150, description: 'rated level at the reference distance; default: the candidate kind’s' })),
  }, { additionalProperties: false }), { maxItems: 500, description: 'what-if: sirens added' })),
  baseRunId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'the run a what-if is compared with' })),
  suggest: Type.Optional(Type.Boolean({ description: 'suggest new sites (fewest to reach the target, and the best k); default true' })),
  k: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'how many sites "best k" suggests (default 10)' })),
  candidates: Type.Optional(Type.Array(LngLat, { minItems: 1, maxItems: 5_000, description: 'candidate sites; default: a grid over uncovered areas' })),
}, { additionalProperties: false });
export type RunInput = Static<typeof RunBody>;

const Params = Type.Object({
  label: Nullable(Type.String()),
  thresholdDb: Type.Number(),
  cellM: Type.Number(),
  excessDbPerDoubling: Type.Number(),
  modelSource: Type.String({ description: 'where the threshold and the attenuation come from' }),
  targetPercent: Type.Number(),
  countedStates: Type.Array(Type.String()),
  sirenIds: Nullable(Type.Array(Type.Integer())),
  removeSirenIds: Type.Array(Type.Integer()),
  addSirens: Type.Array(Type.Object({ location: Type.Array(Type.Number()), levelDb: Type.Number(), regionCode: Type.String() })),
  baseRunId: Nullable(Type.Integer()),
  suggest: Type.Boolean(),
  k: Type.Integer(),
  candidates: Nullable(Type.Array(Type.Array(Type.Number()))),
  candidateKind: Type.String(),
  candidateLevelDb: Type.Number(),
});

export const RunSchemaObject = Type.Object({
  id: Type.Integer(),
  regionCode: Type.String(),
  status: Status,
  phase: Type.String({ description: 'queued | loading | rasterising | counting | tracing | placing | storing | done' }),
  percent: Type.Number(),
  params: Params,
  inputs: Nullable(Type.Object({
    sha256: Type.String({ description: 'SHA-256 of everything the engine was given: same hash, same result' }),
    sirens: Type.Integer(), populationCells: Type.Integer(), people: Type.Number(), districts: Type.Integer(), towns: Type.Integer(),
    grid: Type.Object({ cols: Type.Integer(), rows: Type.Integer(), cellM: Type.Number() }),
  })),
  summary: Nullable(Type.Object({
    areaPercent: Type.Number(), peoplePercent: Nullable(Type.Number()), areaKm2: Type.Number(), people: Type.Number(),
    uncoveredAreas: Type.Integer({ description: 'uncovered pieces found (the list keeps the largest by people)' }),
    candidates: Type.Integer(), targetSites: Type.Integer(), reachedTarget: Type.Boolean(), targetCoverage: Type.Number(),
    areasBelowTarget: Type.Integer(), totalMs: Type.Integer(),
  })),
  error: Nullable(Type.String()),
  createdAt: Timestamp,
  startedAt: Nullable(Timestamp),
  finishedAt: Nullable(Timestamp),
});
export type RunView = Static<typeof RunSchemaObject>;

export const StartRunSchema = {
  tags: ['coverage'],
  summary: '发起覆盖率计算 Start a siren coverage run (engine in a worker thread); answers 202 with the queued run',
  description: 'Progress: GET /api/coverage/runs/{id}/events (SSE); POST …/cancel stops it. removeSirenIds / addSirens make a what-if run, '
    + 'baseRunId names the run it is compared with.',
  body: RunBody,
  response: { 202: RunSchemaObject, ...errorResponses(400, 401, 403, 404, 422) },
};
export const { ListRunsSchema, GetRunSchema, RunEventsSchema, CancelRunSchema } = runRouteSchemas('coverage', RunSchemaObject, {
  list: '覆盖率计算记录 The latest 50 coverage runs visible in my jurisdiction',
  get: '覆盖率计算任务 One run: status, progress, parameters (with the sound model’s source), inputs and summary',
  events: '覆盖率计算进度 Progress of a run as Server-Sent Events',
  cancel: '取消覆盖率计算 Cancel a queued or running run',
});

export const AreaRow = Type.Object({
  code: Type.String(), name: Type.String(), level: Type.String({ description: 'city | county | town' }),
  areaKm2: Type.Number(), coveredAreaKm2: Type.Number(), areaPercent: Nullable(Type.Number()),
  people: Type.Number(), coveredPeople: Type.Number(), peoplePercent: Nullable(Type.Number()),
  targetPercent: Nullable(Type.Number({ description: 'the target, where it applies (city areas, key towns)' })),
  belowTarget: Type.Boolean(),
});
export type AreaRowView = Static<typeof AreaRow>;
export const RunAreasSchema = {
  tags: ['coverage'],
  summary: '覆盖率（按区县、乡镇）Area and people covered per district and town of my jurisdiction, against the target',
  params: IdParams,
  response: { 200: Type.Object({ items: Type.Array(AreaRow) }), ...errorResponses(400, 401, 403, 404, 409) },
};
export const RunUncoveredSchema = {
  tags: ['coverage'],
  summary: '未覆盖区域 Uncovered areas of a run in my jurisdiction (GeoJSON polygons, most people first)',
  params: IdParams,
  response: {
    200: featureCollectionSchema(Type.Object({ seq: Type.Integer(), regionCode: Type.String(), areaKm2: Type.Number(), people: Type.Number() })),
    ...errorResponses(400, 401, 403, 404, 409),
  },
};
export const RunSirensSchema = {
  tags: ['coverage'],
  summary: '参与计算的警报器 The sirens a run counted, with their audible radius at its threshold (GeoJSON points)',
  params: IdParams,
  response: {
    200: featureCollectionSchema(Type.Object({
      seq: Type.Integer(), sirenId: Nullable(Type.Integer()), code: Type.String(), name: Type.String(), regionCode: Type.String(),
      levelDb: Type.Number(), radiusM: Type.Number(), added: Type.Boolean(),
    })),
    ...errorResponses(400, 401, 403, 404, 409),
  },
};
export const RunSitesSchema = {
  tags: ['coverage'],
  summary: '建议新增点位 Suggested sites of a run: fewest to reach the target, and the best k, each with people newly covered',
  params: IdParams,
  response: {
    200: featureCollectionSchema(Type.Object({ goal: Type.String({ description: 'target | best_k' }), rank: Type.Integer(), regionCode: Type.String(), peopleNew: Type.Number() })),
    ...errorResponses(400, 401, 403, 404, 409),
  },
};

export const CompareQuery = Type.Object({ a: Id, b: Id }, { additionalProperties: false });
export const CompareRunsSchema = {
  tags: ['coverage'],
  summary: '覆盖率方案比较 Two succeeded runs side by side per district and town, with the difference (b − a)',
  querystring: CompareQuery,
  response: {
    200: Type.Object({
      a: RunSchemaObject,
      b: RunSchemaObject,
      areas: Type.Array(Type.Object({
        code: Type.String(), name: Type.String(), level: Type.String(), targetPercent: Nullable(Type.Number()),
        areaPercentA: Nullable(Type.Number()), areaPercentB: Nullable(Type.Number()), peoplePercentA: Nullable(Type.Number()), peoplePercentB: Nullable(Type.Number()),
        coveredPeopleA: Type.Number(), coveredPeopleB: Type.Number(),
        peopleDifference: Type.Number({ description: 'coveredPeopleB − coveredPeopleA' }),
      })),
    }),
    ...errorResponses(400, 401, 403, 404, 409),
  },
};

export const SettingsSchema = {
  tags: ['coverage'],
  summary: '覆盖率计算默认参数 The configured defaults of a run (sound model with its source, target and where it applies)',
  response: {
    200: Type.Object({
      thresholdDb: Type.Number(), excessDbPerDoubling: Type.Number(), modelSource: Type.String(), cellM: Type.Number(), targetPercent: Type.Number(),
      cityAreas: Type.Array(RegionCode), keyTowns: Type.Array(RegionCode), countedStates: Type.Array(Type.String()), candidateKind: Type.String(),
      candidateSpacingM: Type.Number(),
    }),
    ...errorResponses(401, 403),
  },
};
