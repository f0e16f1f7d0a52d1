/**
 * Request and response schemas of the planning routes: validation, serialisation (fields not in a schema are
 * dropped), the handlers' types and the OpenAPI document from one definition.
 */
import { Type, type Static } from 'typebox';
import { featureCollectionSchema } from '../../lib/geojson.ts';
import { IdParams, LngLat, RegionCode, Timestamp, errorResponses } from '../../lib/schemas.ts';
import { runRouteSchemas } from '../../lib/run-schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const AreaBalance = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.String({ description: 'city | county | town' }),
  hasChildren: Type.Boolean({ description: 'the area has sub-areas to drill down to' }),
  people: Type.Number({ description: '常住人口 residents' }),
  stayRatio: Type.Number({ description: '留城比例 applied (own setting, or the people-weighted ratio of its sub-areas)' }),
  stayRatioSource: Type.String({ description: 'own | inherited | default' }),
  peopleStaying: Type.Number({ description: '留城人口 people staying in wartime' }),
  places: Type.Number({ description: '掩蔽位 shelter places (掩蔽面积 of personnel-shelter units ÷ m² per place)' }),
  placesPerPerson: Nullable(Type.Number()),
  civilDefenceAreaM2: Type.Number({ description: '人防工程建筑面积 of the counted works of every class' }),
  m2PerPerson: Nullable(Type.Number({ description: '人均人防工程面积 against the 1.8–2.0 m² target' })),
  placesSurplus: Type.Number({ description: 'places − people staying (< 0: deficit)' }),
  areaSurplusM2: Type.Number({ description: 'area − people staying × target minimum (< 0: area to build)' }),
  status: Type.String({ description: 'no_population | places_short | below_target | meets_target | above_target' }),
  works: Type.Integer(),
});

export const BalanceQuery = Type.Object({ parent: Type.Optional(RegionCode) }, { additionalProperties: false });

export const BalanceResponse = Type.Object({
  parent: AreaBalance,
  children: Type.Array(AreaBalance),
  target: Type.Object({ min: Type.Number(), max: Type.Number() }),
  defaults: Type.Object({ stayRatio: Type.Number(), countedStates: Type.Array(Type.String()), areaPerPersonM2: Type.Number() }),
});

export const BalanceSchema = {
  tags: ['planning'],
  summary: '人防掩蔽平衡 The shelter balance of an area and of each of its sub-areas (drill-down city → county → town)',
  querystring: BalanceQuery,
  response: { 200: BalanceResponse, ...errorResponses(400, 401, 403, 404) },
};

export const BalanceMapResponse = Type.Object({ parent: AreaBalance, map: featureCollectionSchema(AreaBalance) });

export const BalanceMapSchema = {
  tags: ['planning'],
  summary: '平衡分布图 The sub-areas as GeoJSON (county outlines, town centre points) with their balance, for the choropleth',
  querystring: BalanceQuery,
  response: { 200: BalanceMapResponse, ...errorResponses(400, 401, 403, 404) },
};

export const AreaParams = Type.Object({ code: RegionCode }, { additionalProperties: false });
export const StayRatioBody = Type.Object({
  stayRatio: Type.Number({ minimum: 0, maximum: 1, description: '留城比例 in [0, 1]' }),
  source: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'where the figure comes from' })),
}, { additionalProperties: false });
export const StayRatioResponse = Type.Object({ regionCode: Type.String(), stayRatio: Type.Number(), source: Nullable(Type.String()), updatedAt: Timestamp });

export const SetStayRatioSchema = {
  tags: ['planning'],
  summary: '设置留城比例 Set the share of residents staying in wartime for an area (town, county or city)',
  params: AreaParams,
  body: StayRatioBody,
  response: { 200: StayRatioResponse, ...errorResponses(400, 401, 403, 404) },
};

export const ClearStayRatioSchema = {
  tags: ['planning'],
  summary: '清除留城比例 Remove an area\'s own ratio: it inherits its parent\'s or the default again',
  params: AreaParams,
  response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
};

// ---- allocation runs --------------------------------------------------------------------------------------

export const RunBody = Type.Object({
  radiusM: Type.Optional(Type.Number({ minimum: 10, maximum: 5000, description: 'service radius, walking metres (default from configuration, 200)' })),
  detourFactor: Type.Optional(Type.Number({ minimum: 1, maximum: 10, description: 'walking = straight line × factor (default from configuration)' })),
  label: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  removeWorkIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), { maxItems: 1000, description: 'what-if: works left out' })),
  addShelters: Type.Optional(Type.Array(Type.Object({
    name: Type.String({ minLength: 1, maxLength: 200 }),
    location: LngLat,
    places: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  }, { additionalProperties: false }), { maxItems: 1000, description: 'what-if: shelters added' })),
}, { additionalProperties: false });
export type RunBody = Static<typeof RunBody>;

const Certificate = Type.Object({
  optimal: Type.Boolean({ description: 'the flows are feasible, the potentials prove them optimal, primal cost = dual objective' }),
  primalFeasible: Type.Boolean(),
  dualFeasible: Type.Boolean(),
  primalCost: Type.Number(),
  dualObjective: Type.Number(),
  arcs: Type.Integer({ description: 'arcs of the fully materialised model the check ran on' }),
  errors: Type.Array(Type.String()),
});

export const RunSchemaObject = Type.Object({
  id: Type.Integer(),
  regionCode: Type.String(),
  status: Type.String({ description: 'queued | running | succeeded | failed | cancelled' }),
  phase: Type.String({ description: 'queued | loading | solving | checking | storing | done' }),
  percent: Type.Integer({ minimum: 0, maximum: 100 }),
  params: Type.Object({
    radiusM: Type.Number(), detourFactor: Type.Number(), label: Nullable(Type.String()),
    removeWorkIds: Type.Array(Type.Integer()),
    addShelters: Type.Array(Type.Object({ name: Type.String(), location: Type.Array(Type.Number()), places: Type.Integer(), regionCode: Type.String() })),
  }),
  inputs: Nullable(Type.Object({
    sha256: Type.String(), populationCells: Type.Integer(), residents: Type.Number(), demandPoints: Type.Integer(), shelters: Type.Integer(),
    places: Type.Number(), countedStates: Type.Array(Type.String()), areaPerPersonM2: Type.Number(), demandCellM: Type.Number(),
    removedWorks: Type.Array(Type.Integer()), addedShelters: Type.Integer(),
    populationDataset: Nullable(Type.Object({ id: Type.Integer(), sha256: Type.String(), importedAt: Type.String() }, { description: 'the imported population version the run solved; null: the demo grid' })),
  })),
  summary: Nullable(Type.Object({
    people: Type.Number(), assigned: Type.Number(), unassigned: Type.Number(), coverage: Type.Number(), cost: Type.Number(), optimalCost: Type.Number(),
    proof: Type.Object({ pricingRounds: Type.Integer(), arcsMaterialised: Type.Integer(), pivots: Type.Integer(), optimalOverAllPairs: Type.Boolean() }),
    solveMs: Type.Number(), checkMs: Type.Number(), totalMs: Type.Number(),
  })),
  certificate: Nullable(Certificate),
  distance: Nullable(Type.Object({
    binMetres: Type.Number(), histogram: Type.Array(Type.Number()), mean: Type.Number(), p50: Type.Number(), p90: Type.Number(), p95: Type.Number(), max: Type.Number(),
  })),
  error: Nullable(Type.String()),
  createdByName: Nullable(Type.String()),
  createdAt: Timestamp,
  startedAt: Nullable(Timestamp),
  finishedAt: Nullable(Timestamp),
});
export type RunView = Static<typeof RunSchemaObject>;

export const StartRunSchema = {
  tags: ['planning'],
  summary: '发起分配计算 Start an allocation run (residents → shelter places, exact, in a worker thread); answers 202 with the queued run',
  description: 'Poll GET /api/planning/runs/{id} for status, phase and percent; POST /api/planning/runs/{id}/cancel stops it. '
    + 'removeWorkIds / addShelters make a what-if run beside the stored works.',
  body: RunBody,
  response: { 202: RunSchemaObject, ...errorResponses(400, 401, 403) },
};
export const { ListRunsSchema, GetRunSchema, RunEventsSchema, CancelRunSchema } = runRouteSchemas('planning', RunSchemaObject, {
  list: '分配计算记录 The latest 50 allocation runs of my jurisdiction',
  get: '分配计算任务 One run: status, progress, parameters, inputs, summary, certificate, walking-distance distribution',
  events: '分配计算进度 Progress of a run as Server-Sent Events',
  cancel: '取消分配计算 Cancel a queued or running run',
});

export const RunShelterProperties = Type.Object({
  seq: Type.Integer(), workId: Nullable(Type.Integer()), code: Type.String(), name: Type.String(), regionCode: Type.String(),
  capacity: Type.Integer(), assigned: Type.Integer(), utilisation: Nullable(Type.Number({ description: 'assigned / capacity; null for 0 places' })),
});
export const RunSheltersSchema = {
  tags: ['planning'],
  summary: '掩蔽工程利用率 Shelters of a run with places, people assigned and utilisation (GeoJSON points)',
  params: IdParams,
  response: { 200: featureCollectionSchema(RunShelterProperties), ...errorResponses(400, 401, 403, 404, 409) },
};

export const RunUnassignedProperties = Type.Object({ regionCode: Type.String(), people: Type.Integer(), unassigned: Type.Integer() });
export const RunUnassignedSchema = {
  tags: ['planning'],
  summary: '无掩蔽位人口 Demand points with people left without a place in reach (GeoJSON points, for the heat map)',
  params: IdParams,
  response: { 200: featureCollectionSchema(RunUnassignedProperties), ...errorResponses(400, 401, 403, 404, 409) },
};

export const FlowsQuery = Type.Object({
  bbox: Type.String({ pattern: '^-?[0-9]+(\\.[0-9]+)?(,-?[0-9]+(\\.[0-9]+)?){3}$', description: 'minLng,minLat,maxLng,maxLat' }),
  limit: Type.Integer({ minimum: 1, maximum: 20_000, default: 5_000 }),
}, { additionalProperties: false });
export const RunFlowProperties = Type.Object({ people: Type.Integer(), metres: Type.Number(), shelterSeq: Type.Integer() });
export const RunFlowsSchema = {
  tags: ['planning'],
  summary: '分配连线 Demand → shelter lines of a run whose demand point lies in the box (drawn at high zoom)',
  params: IdParams,
  querystring: FlowsQuery,
  response: { 200: featureCollectionSchema(RunFlowProperties), ...errorResponses(400, 401, 403, 404, 409) },
};

export const CompareQuery = Type.Object({
  a: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'the base run' }),
  b: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'the run compared with it' }),
}, { additionalProperties: false });
export const CompareRunsSchema = {
  tags: ['planning'],
  summary: '方案比较 Two succeeded runs side by side: people staying and without a place per sub-area, and the difference',
  querystring: CompareQuery,
  response: {
    200: Type.Object({
      a: RunSchemaObject,
      b: RunSchemaObject,
      areas: Type.Array(Type.Object({
        code: Type.String(), name: Type.String(), peopleA: Type.Number(), unassignedA: Type.Number(), peopleB: Type.Number(), unassignedB: Type.Number(),
        difference: Type.Number({ description: 'unassignedB − unassignedA (> 0: b leaves more people without a place)' }),
      })),
    }),
    ...errorResponses(400, 401, 403, 404, 409),
  },
};

const Use = Type.Union(['residential', 'commercial', 'office', 'industrial', 'public', 'other'].map((u) => Type.Literal(u)));
export const BuildingCheckQuery = Type.Object({
  regionCode: Type.Optional(RegionCode),
  date: Type.Optional(Type.String({ format: 'date', description: 'application date (default: today in Asia/Shanghai)' })),
  uses: Type.Array(Use, { minItems: 1, maxItems: 6, description: 'uses of the building (repeat the parameter)' }),
  storeys: Type.Integer({ minimum: 1, maximum: 200 }),
  aboveGroundAreaM2: Type.Number({ minimum: 0, maximum: 10_000_000 }),
  groundFloorAreaM2: Type.Number({ minimum: 0, maximum: 1_000_000 }),
  foundationDepthM: Type.Number({ minimum: 0, maximum: 200 }),
  plannedM2: Type.Number({ minimum: 0, maximum: 10_000_000, default: 0, description: '人防 area the project plans to build' }),
  reductions: Type.Array(Type.String({ pattern: '^[a-z_]{1,40}$' }), { maxItems: 10, default: [], description: 'reduction codes granted (下浮/减免)' }),
}, { additionalProperties: false });
export type BuildingCheckQuery = Static<typeof BuildingCheckQuery>;

const Step = Type.Object({ zh: Type.String(), en: Type.String(), valueM2: Type.Number() });
const Reduction = Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String(), share: Type.Number(), basis: Type.String() });
export const BuildingCheckSchema = {
  tags: ['planning'],
  summary: '结建核算 The 人防 area a building project must build, its shortfall and the 易地建设费, with the rule and date applied',
  querystring: BuildingCheckQuery,
  response: {
    200: Type.Object({
      rule: Type.Object({
        id: Type.String(), regionCode: Type.String(), from: Type.String(), to: Nullable(Type.String()), basis: Type.String(), grade: Type.String(),
        feeYuanPerM2: Nullable(Type.Number()), feeBasis: Nullable(Type.String()), reductions: Type.Array(Reduction),
      }),
      date: Type.String(),
      regionCode: Type.String(),
      requiredM2: Type.Number(),
      plannedM2: Type.Number(),
      shortfallM2: Type.Number(),
      steps: Type.Array(Step),
      fee: Type.Object({ rateYuanPerM2: Nullable(Type.Number()), grossYuan: Type.Number(), reductions: Type.Array(Reduction), feeYuan: Type.Number(), basis: Nullable(Type.String()) }),
    }),
    ...errorResponses(400, 401, 403, 404, 422),
  },
};

export type AreaBalanceView = Static<typeof AreaBalance>;
