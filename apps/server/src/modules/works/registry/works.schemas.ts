/**
 * TypeBox schemas of the works API: validation, serialisation and OpenAPI from one definition.
 * Enums come from @civdef/domain so the server, the console and the importers agree.
 */
import {
  CHEMICAL_GRADES, CONSTRUCTION_FORMS, CONVERSION_KINDS, ENTRANCE_KINDS, LIFECYCLE_STATES, OPENING_HOURS_PATTERN, PEACETIME_USES, PROTECTION_GRADES,
  SIGN_STATUSES, WORK_CLASSES,
} from '@civdef/domain';
import { Type, type Static, type TSchema } from 'typebox';
import { RegionCode } from '../../../lib/schemas.ts';

const codes = <T extends { code: string }>(items: readonly T[]) => items.map((i) => i.code) as T['code'][];
const Nullable = <S extends ReturnType<typeof Type.String>>(s: S) => Type.Union([s, Type.Null()]);
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });

export const ConstructionFormEnum = Type.Enum(codes(CONSTRUCTION_FORMS), { description: '构筑形式 attached (结建) / tunnel / gallery / cut_and_cover (单建)' });
export const WorkClassEnum = Type.Enum(codes(WORK_CLASSES), { description: '战时功能 command / medical / team / personnel / support' });
export const ProtectionGradeEnum = Type.Enum(codes(PROTECTION_GRADES), { description: '抗力等级 N1…N6B (核), C5/C6 (常)' });
export const ChemicalGradeEnum = Type.Enum(codes(CHEMICAL_GRADES), { description: '防化等级 A/B/C/D (甲乙丙丁)' });
export const LifecycleStateEnum = Type.Enum(codes(LIFECYCLE_STATES), { description: '生命周期状态' });
export const EntranceKindEnum = Type.Enum(codes(ENTRANCE_KINDS));
export const SignStatusEnum = Type.Enum(codes(SIGN_STATUSES), { description: '标识标牌 complete / incomplete / damaged / missing / unknown' });
export const ConversionKindEnum = Type.Enum(codes(CONVERSION_KINDS));
export const PeacetimeUseEnum = Type.Enum(codes(PEACETIME_USES));

/** Coordinates in EPSG:4326 (= CGCS2000), limited to China so swapped lng/lat is caught. */
export const ChinaLngLat = Type.Tuple([
  Type.Number({ minimum: 73, maximum: 136, description: 'longitude (WGS84/CGCS2000)' }),
  Type.Number({ minimum: 3, maximum: 54, description: 'latitude' }),
]);

const Ring = Type.Array(ChinaLngLat, { minItems: 4, maxItems: 5000 });
export const FootprintSchema = Type.Union([
  Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(Ring, { minItems: 1, maxItems: 100 }) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('MultiPolygon'), coordinates: Type.Array(Type.Array(Ring, { minItems: 1, maxItems: 100 }), { minItems: 1, maxItems: 100 }) }, { additionalProperties: false }),
], { description: 'GeoJSON Polygon or MultiPolygon (外轮廓)' });

const Area = Type.Number({ minimum: 0, maximum: 10_000_000 });
export const UnitSchema = Type.Object({
  name: Text(64, 1),
  grossAreaM2: { ...Area, description: '建筑面积 m²' },
  protectedAreaM2: { ...Area, description: '防护面积 m²' },
  shelterAreaM2: { ...Area, description: '掩蔽面积 m² (shelter places derive from it)' },
  wartimeFunction: Type.Optional(Nullable(Text(64))),
  protectionGrade: Type.Optional(Type.Union([ProtectionGradeEnum, Type.Null()])),
  chemicalGrade: Type.Optional(Type.Union([ChemicalGradeEnum, Type.Null()])),
  blastUnits: Type.Integer({ minimum: 0, maximum: 1000, default: 1, description: '抗爆单元数' }),
  peacetimeFunction: Type.Optional(Nullable(Text(64))),
  parkingSpaces: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
}, { additionalProperties: false });
export type UnitInput = Static<typeof UnitSchema>;

export const EntranceSchema = Type.Object({
  location: ChinaLngLat,
  kind: EntranceKindEnum,
  widthM: Type.Number({ exclusiveMinimum: 0, maximum: 100, description: '宽度 m (evacuation)' }),
}, { additionalProperties: false });
export type EntranceInput = Static<typeof EntranceSchema>;

const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const MonthDay = Type.String({ pattern: '^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$', description: 'MM-DD' });

export const PeacetimeUseSchema = Type.Object({
  // Each figure may be unknown (absent): an empty cell of an import stays empty rather than becoming 0.
  parking: Type.Optional(Type.Object({
    total: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
    publicSpaces: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, description: 'open to the public' })),
    feePerHourYuan: Type.Optional(Type.Number({ minimum: 0, maximum: 1000 })),
    hours: Type.Optional(Type.String({ pattern: OPENING_HOURS_PATTERN, description: '开放时间 HH:MM-HH:MM (China time); 00:00-24:00 all day; an end before the start runs past midnight' })),
  }, { additionalProperties: false })),
  coolingSpot: Type.Optional(Type.Object({
    seasonStart: MonthDay,
    seasonEnd: MonthDay,
    hours: Text(64, 1),
    capacity: Type.Integer({ minimum: 0, maximum: 100_000 }),
    facilities: Type.Array(Text(32, 1), { maxItems: 20 }),
  }, { additionalProperties: false })),
  evChargers: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  other: Type.Optional(Type.Array(Type.Object({
    use: Text(64, 1),
    party: Text(128, 1),
    contractStart: IsoDate,
    contractEnd: IsoDate,
  }, { additionalProperties: false }), { maxItems: 50 })),
}, { additionalProperties: false, description: '平时使用：停车、纳凉点、充电桩、其他使用' });
export type PeacetimeUse = Static<typeof PeacetimeUseSchema>;

export const WorkCode = Type.String({ pattern: '^\\S{1,64}$', description: '工程编号, unique in the city, no spaces' });

const workFields = {
  code: WorkCode,
  name: Text(128, 1),
  address: Type.Optional(Nullable(Text(256))),
  regionCode: RegionCode,
  location: ChinaLngLat,
  footprint: Type.Optional(Type.Union([FootprintSchema, Type.Null()])),
  constructionForm: ConstructionFormEnum,
  parentProject: Type.Optional(Nullable(Text(128))),
  workClass: WorkClassEnum,
  subtype: Type.Optional(Nullable(Text(64))),
  protectionGrade: Type.Optional(Type.Union([ProtectionGradeEnum, Type.Null()])),
  chemicalGrade: Type.Optional(Type.Union([ChemicalGradeEnum, Type.Null()])),
  yearBuilt: Type.Optional(Type.Union([Type.Integer({ minimum: 1900, maximum: 2200 }), Type.Null()])),
  owner: Type.Optional(Nullable(Text(128))),
  managementUnit: Type.Optional(Nullable(Text(128))),
  contactName: Type.Optional(Nullable(Text(64))),
  contactPhone: Type.Optional(Nullable(Type.String({ pattern: '^[0-9+\\-() ]{3,32}$' }))),
  isPublic: Type.Boolean({ default: false, description: 'may appear on public maps (OGC works-public)' }),
  peacetimeUse: Type.Optional(PeacetimeUseSchema),
};

export const WorkCreateSchema = Type.Object({
  ...workFields,
  lifecycleState: Type.Optional(LifecycleStateEnum),
  units: Type.Array(UnitSchema, { minItems: 1, maxItems: 100 }),
  entrances: Type.Array(EntranceSchema, { maxItems: 100, default: [] }),
}, { additionalProperties: false });
export type WorkCreate = Static<typeof WorkCreateSchema>;

export const WorkPatchSchema = Type.Object({
  version: Type.Integer({ minimum: 1, description: 'the version you read; a stale one answers 409 WORKS_VERSION_CONFLICT' }),
  code: Type.Optional(workFields.code),
  name: Type.Optional(workFields.name),
  address: workFields.address,
  regionCode: Type.Optional(workFields.regionCode),
  location: Type.Optional(workFields.location),
  footprint: workFields.footprint,
  constructionForm: Type.Optional(workFields.constructionForm),
  parentProject: workFields.parentProject,
  workClass: Type.Optional(workFields.workClass),
  subtype: workFields.subtype,
  protectionGrade: workFields.protectionGrade,
  chemicalGrade: workFields.chemicalGrade,
  yearBuilt: workFields.yearBuilt,
  owner: workFields.owner,
  managementUnit: workFields.managementUnit,
  contactName: workFields.contactName,
  contactPhone: workFields.contactPhone,
  isPublic: Type.Optional(Type.Boolean()),
  peacetimeUse: workFields.peacetimeUse,
  units: Type.Optional(Type.Array(UnitSchema, { minItems: 1, maxItems: 100 })),
  entrances: Type.Optional(Type.Array(EntranceSchema, { maxItems: 100 })),
}, { additionalProperties: false, minProperties: 2 });
export type WorkPatch = Static<typeof WorkPatchSchema>;

export const TransitionSchema = Type.Object({
  to: LifecycleStateEnum,
  version: Type.Integer({ minimum: 1 }),
  reason: Text(500, 1),
  approvalRef: Type.Optional(Text(128, 1)),
  conversionKind: Type.Optional(ConversionKindEnum),
}, { additionalProperties: false });
export type TransitionInput = Static<typeof TransitionSchema>;

const SortField = Type.Enum(['code', 'name', 'regionCode', 'yearBuilt', 'updatedAt', 'shelterPlaces', 'grossAreaM2', 'lifecycleState'] as const);

/** A decimal number as a bbox corner: digits with at most one point between digits ("." alone or "1.2.3" would become NaN). */
const BBOX_NUMBER = '-?[0-9]{1,3}(\\.[0-9]{1,17})?';

/** Filters shared by the list, the export and the statistics. */
export const WorkFilterProps = {
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'matches 工程编号, name or address (case-insensitive substring)' })),
  regionCode: Type.Optional(RegionCode),
  workClass: Type.Optional(Type.Array(WorkClassEnum, { maxItems: 10 })),
  protectionGrade: Type.Optional(Type.Array(ProtectionGradeEnum, { maxItems: 20 })),
  lifecycleState: Type.Optional(Type.Array(LifecycleStateEnum, { maxItems: 20 })),
  constructionForm: Type.Optional(Type.Array(ConstructionFormEnum, { maxItems: 10 })),
  use: Type.Optional(Type.Array(PeacetimeUseEnum, { maxItems: 4, description: 'has this peacetime use (any of)' })),
  signStatus: Type.Optional(Type.Array(SignStatusEnum, { maxItems: 5 })),
  overdue: Type.Optional(Type.Boolean({ description: 'has an overdue maintenance plan or rectification' })),
  isPublic: Type.Optional(Type.Boolean()),
  early: Type.Optional(Type.Boolean({ description: '早期人防工程 (built ≤ 1980)' })),
  bbox: Type.Optional(Type.String({ pattern: `^${BBOX_NUMBER},${BBOX_NUMBER},${BBOX_NUMBER},${BBOX_NUMBER}$`, maxLength: 100, description: 'minLng,minLat,maxLng,maxLat (decimal degrees)' })),
};
export const WorkListQuery = Type.Object({
  ...WorkFilterProps,
  sort: Type.Optional(SortField),
  order: Type.Optional(Type.Enum(['asc', 'desc'] as const)),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 500, default: 20 }),
}, { additionalProperties: false });
export type WorkListQueryT = Static<typeof WorkListQuery>;
export type WorkFilter = Omit<WorkListQueryT, 'sort' | 'order' | 'page' | 'pageSize'>;
/** The list filters without paging: the map and the statistics take them. */
export const WorkFilterQuery = Type.Object(WorkFilterProps, { additionalProperties: false });

export const NearestQuery = Type.Object({
  lng: ChinaLngLat.items![0]!,
  lat: ChinaLngLat.items![1]!,
  limit: Type.Integer({ minimum: 1, maximum: 50, default: 5 }),
}, { additionalProperties: false });

const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

/**
 * A response field the document states as its enum (the console's types are generated from the document),
 * while the presenters, which read database rows, keep it a string: the answer on the wire is unchanged.
 */
const Answered = (s: TSchema) => Type.Unsafe<string>(s);

export const WorkSummarySchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  address: NullableString,
  regionCode: Type.String(),
  regionName: NullableString,
  location: Type.Tuple([Type.Number(), Type.Number()]),
  constructionForm: Answered(ConstructionFormEnum),
  workClass: Answered(WorkClassEnum),
  subtype: NullableString,
  protectionGrade: Type.Union([Answered(ProtectionGradeEnum), Type.Null()]),
  chemicalGrade: Type.Union([Answered(ChemicalGradeEnum), Type.Null()]),
  yearBuilt: Type.Union([Type.Integer(), Type.Null()]),
  early: Type.Boolean(),
  isPublic: Type.Boolean(),
  lifecycleState: Answered(LifecycleStateEnum),
  signStatus: Answered(SignStatusEnum),
  unitCount: Type.Integer(),
  grossAreaM2: Type.Number(),
  protectedAreaM2: Type.Number(),
  shelterAreaM2: Type.Number(),
  shelterPlaces: Type.Integer(),
  parkingSpaces: Type.Integer(),
  overdue: Type.Boolean(),
  version: Type.Integer(),
  updatedAt: Type.String(),
});

export const UnitOutSchema = Type.Object({
  id: Type.Integer(),
  position: Type.Integer(),
  name: Type.String(),
  grossAreaM2: Type.Number(),
  protectedAreaM2: Type.Number(),
  shelterAreaM2: Type.Number(),
  shelterPlaces: Type.Integer(),
  wartimeFunction: NullableString,
  protectionGrade: Type.Union([Answered(ProtectionGradeEnum), Type.Null()]),
  chemicalGrade: Type.Union([Answered(ChemicalGradeEnum), Type.Null()]),
  blastUnits: Type.Integer(),
  peacetimeFunction: NullableString,
  parkingSpaces: Type.Integer(),
});

export const WorkDetailSchema = Type.Object({
  ...WorkSummarySchema.properties,
  footprint: Type.Union([Type.Object({ type: Type.String(), coordinates: Type.Unknown() }), Type.Null()]),
  parentProject: NullableString,
  owner: NullableString,
  managementUnit: NullableString,
  contactName: NullableString,
  contactPhone: Type.Union([Type.String(), Type.Null()], {
    description: '联系电话: in full to a caller with works:write, masked (138****5678) to one who may only read works. Stored SM4-encrypted.',
  }),
  peacetimeUse: Type.Unknown({ description: 'PeacetimeUse (parking, coolingSpot, evChargers, other)' }),
  signCheckedAt: NullableString,
  signNote: NullableString,
  createdAt: Type.String(),
  units: Type.Array(UnitOutSchema),
  entrances: Type.Array(Type.Object({ id: Type.Integer(), location: Type.Tuple([Type.Number(), Type.Number()]), kind: Answered(EntranceKindEnum), widthM: NullableNumber })),
  upkeep: Type.Object({
    overduePlans: Type.Integer(),
    nextDueOn: NullableString,
    openRectifications: Type.Integer(),
    overdueRectifications: Type.Integer(),
    lastInspectedAt: NullableString,
  }),
  allowedTransitions: Type.Array(Answered(LifecycleStateEnum)),
});

export const LifecycleEventSchema = Type.Object({
  id: Type.Integer(),
  fromState: Type.Union([Answered(LifecycleStateEnum), Type.Null()]),
  toState: Answered(LifecycleStateEnum),
  reason: { ...NullableString, description: 'what a person typed; for an import, the file name' },
  reasonCode: Type.Union([Type.Enum(['registered', 'imported'] as const), Type.Null()], { description: 'a reason the system wrote, for the client to word in its language: registered (the form), imported (an import file)' }),
  approvalRef: NullableString,
  conversionKind: NullableString,
  actor: NullableString,
  at: Type.String(),
});

/** Properties of a point on the console map (GET /api/map/works). */
export const WorkMapProps = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  workClass: Type.String(),
  lifecycleState: Type.String(),
  regionCode: Type.String(),
  regionName: Type.Union([Type.String(), Type.Null()]),
  shelterPlaces: Type.Integer(),
  isPublic: Type.Boolean(),
  usable: Type.Boolean({ description: 'in a usable life-cycle state: its places count as usable shelter (see stats.usableStates)' }),
});

const StatsGroup = Type.Object({
  key: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  works: Type.Integer(),
  grossAreaM2: Type.Number(),
  shelterAreaM2: Type.Number(),
  shelterPlaces: Type.Integer(),
  parkingSpaces: Type.Integer(),
  usableWorks: Type.Integer(),
});
export const StatsSchema = Type.Object({
  usableStates: Type.Array(Type.String(), { description: 'the life-cycle states whose works count as usable shelter: areas, places, parking and peacetime-use totals count only those works' }),
  totals: Type.Object({
    works: Type.Integer({ description: 'every matching work' }), usableWorks: Type.Integer(), grossAreaM2: Type.Number(), shelterAreaM2: Type.Number(), shelterPlaces: Type.Integer(), parkingSpaces: Type.Integer(),
    publicParkingSpaces: Type.Integer(), coolingSpots: Type.Integer(), evChargers: Type.Integer(), overdueWorks: Type.Integer(),
  }),
  upkeep: Type.Object({ overduePlans: Type.Integer(), openRectifications: Type.Integer(), overdueRectifications: Type.Integer() }),
  byRegion: Type.Array(StatsGroup, { description: 'per county (first 6 digits of the region code)' }),
  byClass: Type.Array(StatsGroup),
  byState: Type.Array(StatsGroup),
});

export const NearestSchema = Type.Object({
  id: Type.Integer(), code: Type.String(), name: Type.String(), address: Type.Union([Type.String(), Type.Null()]), workClass: Type.String(),
  lifecycleState: Type.String(), location: Type.Tuple([Type.Number(), Type.Number()]), distanceM: Type.Number(),
});
