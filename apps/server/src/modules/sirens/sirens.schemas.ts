/**
 * Request and response schemas of the sirens routes. One TypeBox definition gives validation, fast
 * serialisation (fields not in the schema are dropped on the way out), the handler's types and the
 * OpenAPI document. Enums come from @civdef/domain so server and console agree.
 */
import {
  SIGNAL_PROGRAMS, SIREN_COMMAND_ACTIONS, SIREN_CONTROL_CHANNELS, SIREN_FAULT_CATEGORIES, SIREN_FAULT_STATES,
  SIREN_KINDS, SIREN_STATUSES,
} from '@civdef/domain';
import { Type, type Static, type TSchema } from 'typebox';
import { featureCollectionSchema } from '../../lib/geojson.ts';
import { DrawnPolygon, errorResponses, IdParams, Paging, RegionCode, Timestamp } from '../../lib/schemas.ts';

const codes = <T extends { code: string }>(items: readonly T[]) => items.map((i) => i.code) as T['code'][];
const Nullable = <S extends TSchema>(s: S) => Type.Union([s, Type.Null()]);
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });

export const SirenKindEnum = Type.Enum(codes(SIREN_KINDS), { description: '类型 motor 电动 / electronic 电声 / multimedia 多媒体 / vehicle 车载 / portable 便携 / manual 手摇' });
export const SirenStatusEnum = Type.Enum(codes(SIREN_STATUSES), { description: '状态 online / offline / sounding / fault / maintenance' });
/** What a person may set by hand: `sounding` comes only from commands. */
export const ManualStatusEnum = Type.Enum(codes(SIREN_STATUSES).filter((c) => c !== 'sounding'), { description: '状态 online / offline / fault / maintenance' });
export const ControlChannelEnum = Type.Enum(codes(SIREN_CONTROL_CHANNELS), { description: '控制方式 mqtt (网络遥控) / manual (现场手动)' });
export const FaultStateEnum = Type.Enum(codes(SIREN_FAULT_STATES));
export const FaultCategoryEnum = Type.Enum(codes(SIREN_FAULT_CATEGORIES));
export const ProgramEnum = Type.Enum(codes(SIGNAL_PROGRAMS), { description: '警报信号 preliminary 预先警报 / air_raid 空袭警报 / all_clear 解除警报' });
export const ActionEnum = Type.Enum(codes(SIREN_COMMAND_ACTIONS), { description: 'sound 鸣放 / stop 停止 / self_test 自检' });

const ChinaLngLat = Type.Tuple([
  Type.Number({ minimum: 73, maximum: 136, description: 'longitude (WGS84/CGCS2000)' }),
  Type.Number({ minimum: 3, maximum: 54, description: 'latitude' }),
]);
const Phone = Type.String({ pattern: '^[0-9+\\-() ]{3,32}$', description: '联系电话; stored SM4-encrypted' });
const TerminalId = Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$', description: '终端编号: its MQTT topic level, so no / + # or spaces' });

// ---------------------------------------------------------------- map (unchanged)

/** What a siren shows on the map: the public whitelist of `sirens.presenter.ts`, as a schema. */
export const SirenMapProperties = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  status: Type.String(),
  regionCode: Type.String(),
});
export type SirenMapProperties = Static<typeof SirenMapProperties>;

export const SirenMapResponse = featureCollectionSchema(SirenMapProperties);

export const MapSirensSchema = {
  tags: ['sirens'],
  summary: '警报器分布 Sirens in my jurisdiction as GeoJSON points',
  response: { 200: SirenMapResponse, ...errorResponses(401, 403) },
};

// ---------------------------------------------------------------- registry

const sirenFields = {
  code: Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}$', description: '编号' }),
  name: Text(100, 1),
  regionCode: RegionCode,
  location: ChinaLngLat,
  kind: SirenKindEnum,
  ratedPowerW: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 100_000, description: '额定功率 W (empty: the kind\'s default)' }))),
  ratedLevelDb: Type.Optional(Nullable(Type.Number({ minimum: 40, maximum: 160, description: '额定声级 dB at referenceDistanceM' }))),
  referenceDistanceM: Type.Optional(Nullable(Type.Number({ exclusiveMinimum: 0, maximum: 1000, description: '声级参考距离 m' }))),
  mountHeightM: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 500, description: '安装高度 m' }))),
  hostUnit: Type.Optional(Nullable(Text(100))),
  contactName: Type.Optional(Nullable(Text(50))),
  contactPhone: Type.Optional(Nullable(Phone)),
  terminalId: Type.Optional(Nullable(TerminalId)),
  installedYear: Type.Optional(Nullable(Type.Integer({ minimum: 1950, maximum: 2100, description: '安装年份' }))),
  controlChannel: ControlChannelEnum,
};

export const SirenCreate = Type.Object({ ...sirenFields, status: Type.Optional(ManualStatusEnum) }, { additionalProperties: false });
export type SirenCreate = Static<typeof SirenCreate>;

export const SirenPatch = Type.Object({
  version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
  ...Object.fromEntries(Object.entries(sirenFields).map(([k, v]) => [k, Type.Optional(v)])) as { [K in keyof typeof sirenFields]: ReturnType<typeof Type.Optional<(typeof sirenFields)[K]>> },
}, { additionalProperties: false, minProperties: 2 });
export type SirenPatch = Static<typeof SirenPatch>;

const Rating = Type.Object({
  powerW: Nullable(Type.Number()),
  levelDb: Nullable(Type.Number()),
  referenceDistanceM: Nullable(Type.Number()),
  fromDefaults: Type.Boolean({ description: 'true when a value came from the kind\'s configured default' }),
  source: Nullable(Type.String({ description: 'where a default came from (configuration SIREN_KIND_DEFAULTS)' })),
});

export const SirenListItem = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  location: Type.Array(Type.Number()),
  kind: Type.String(),
  rating: Rating,
  mountHeightM: Nullable(Type.Number()),
  hostUnit: Nullable(Type.String()),
  contactName: Nullable(Type.String()),
  contactPhone: Nullable(Type.String({ description: '联系电话, always masked (138****5678) in lists' })),
  terminalId: Nullable(Type.String()),
  installedYear: Nullable(Type.Integer()),
  status: Type.String(),
  statusChangedAt: Timestamp,
  lastSeenAt: Nullable({ ...Timestamp, description: '最后心跳 when the terminal was last heard (a verified heartbeat); null: never' }),
  terminalState: Nullable(Type.String({ description: 'idle / sounding / fault, as the terminal last said' })),
  controlChannel: Type.String(),
  openFaults: Type.Integer(),
  overdueFaults: Type.Integer(),
  version: Type.Integer(),
});

export const SirenDetail = Type.Object({
  ...SirenListItem.properties,
  contactPhone: Nullable(Type.String({ description: '联系电话: in full to a caller with sirens:write, masked otherwise' })),
  ratedPowerW: Nullable(Type.Number()),
  ratedLevelDb: Nullable(Type.Number()),
  referenceDistanceM: Nullable(Type.Number()),
  hasTerminalKey: Type.Boolean(),
  groups: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
  history: Type.Array(Type.Object({
    id: Type.Integer(), fromStatus: Nullable(Type.String()), toStatus: Type.String(), reason: Nullable(Type.String()), actor: Nullable(Type.String()), at: Timestamp,
  })),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const SirenListQuery = Type.Object({
  q: Type.Optional(Text(64, 1)),
  kind: Type.Optional(SirenKindEnum),
  status: Type.Optional(SirenStatusEnum),
  regionCode: Type.Optional(RegionCode),
  controlChannel: Type.Optional(ControlChannelEnum),
  groupId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
  ...Paging,
}, { additionalProperties: false });
export type SirenListQuery = Static<typeof SirenListQuery>;

const page = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });

const tags = ['sirens'];
export const ListSirensSchema = { tags, summary: '警报器列表 Sirens of my jurisdiction', querystring: SirenListQuery, response: { 200: page(SirenListItem), ...errorResponses(400, 401, 403) } };
export const GetSirenSchema = { tags, summary: '警报器详情 One siren with its state history', params: IdParams, response: { 200: SirenDetail, ...errorResponses(400, 401, 403, 404) } };
export const CreateSirenSchema = { tags, summary: '登记警报器 Register a siren', body: SirenCreate, response: { 201: SirenDetail, ...errorResponses(400, 401, 403, 409) } };
export const PatchSirenSchema = { tags, summary: '修改警报器 Change a siren (optimistic lock on version)', params: IdParams, body: SirenPatch, response: { 200: SirenDetail, ...errorResponses(400, 401, 403, 404, 409) } };
export const DeleteSirenSchema = { tags, summary: '删除警报器 Delete a siren that has never been commanded', params: IdParams, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) } };

const FormatQuery = Type.Object({
  format: Type.Optional(Type.Enum(['xlsx', 'csv'], { default: 'xlsx', description: 'xlsx (default) or csv (UTF-8 with BOM)' })),
}, { additionalProperties: false });
const ExchangeFile = Type.Unknown({ description: 'the file: one sheet 警报器 with Chinese headers (编号*, 名称*, 区划代码*, 经度*, 纬度*, 类型*, 控制方式*, 终端编号, …)' });
export const ExportSirensSchema = {
  tags, summary: '导出警报器 Every siren of my jurisdiction with all registry fields, as XLSX or CSV (phones in full, audited)',
  querystring: FormatQuery, response: { 200: ExchangeFile, ...errorResponses(400, 401, 403) },
};
export const SirenTemplateSchema = {
  tags, summary: '警报器导入模板 The empty import file (header and a 说明 row naming each column\'s rule)',
  querystring: FormatQuery, response: { 200: ExchangeFile, ...errorResponses(400, 401, 403) },
};
export const ImportSirensSchema = {
  tags, summary: '导入警报器 Create (new code) or update (existing code) sirens from an XLSX or CSV in the export\'s format: all or none, every problem of every row listed',
  consumes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
  body: Type.Unknown({ description: 'the file as the request body (content type of XLSX, or text/csv)' }),
  response: { 201: Type.Object({ created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer() }), ...errorResponses(400, 401, 403, 409, 413, 415) },
};

export const StatusChange = Type.Object({ status: ManualStatusEnum, reason: Text(200, 1) }, { additionalProperties: false });
export type StatusChange = Static<typeof StatusChange>;
export const SetStatusSchema = { tags, summary: '变更警报器状态 Set a siren\'s state by hand (recorded in its history)', params: IdParams, body: StatusChange, response: { 200: SirenDetail, ...errorResponses(400, 401, 403, 404, 409) } };

export const TerminalKeyResponse = Type.Object({
  terminalId: Type.String(),
  key: Type.String({ description: 'the terminal\'s new HMAC-SM3 key, 64 hex digits: shown this once, load it into the terminal' }),
  algorithm: Type.Literal('HMAC-SM3'),
});
export const RotateKeySchema = { tags, summary: '生成终端密钥 Make a new command key for the siren\'s terminal (shown once)', params: IdParams, response: { 200: TerminalKeyResponse, ...errorResponses(400, 401, 403, 404) } };

// ---------------------------------------------------------------- groups

export const GroupItem = Type.Object({
  id: Type.Integer(), name: Type.String(), regionCode: Type.String(), regionName: Nullable(Type.String()), description: Nullable(Type.String()),
  members: Type.Integer(), createdAt: Timestamp, updatedAt: Timestamp,
});
export const GroupDetail = Type.Object({ ...GroupItem.properties, sirenIds: Type.Array(Type.Integer()) });
export const RegionGroup = Type.Object({ code: Type.String(), name: Nullable(Type.String()), level: Type.String(), sirens: Type.Integer() });
export const GroupsResponse = Type.Object({
  custom: Type.Array(GroupItem, { description: '自定义分组' }),
  regions: Type.Array(RegionGroup, { description: '按区划自动分组: every county and town with sirens' }),
});
const SirenIds = Type.Array(Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), { maxItems: 10_000 });
export const GroupCreate = Type.Object({ name: Text(64, 1), regionCode: RegionCode, description: Type.Optional(Nullable(Text(500))), sirenIds: SirenIds }, { additionalProperties: false });
export type GroupCreate = Static<typeof GroupCreate>;
export const GroupPatch = Type.Object({ name: Type.Optional(Text(64, 1)), description: Type.Optional(Nullable(Text(500))), sirenIds: Type.Optional(SirenIds) }, { additionalProperties: false, minProperties: 1 });
export type GroupPatch = Static<typeof GroupPatch>;

const gtags = ['sirens'];
export const ListGroupsSchema = { tags: gtags, summary: '警报器分组 Custom groups and groups by region', response: { 200: GroupsResponse, ...errorResponses(401, 403) } };
export const GetGroupSchema = { tags: gtags, summary: '分组详情 One custom group with its sirens', params: IdParams, response: { 200: GroupDetail, ...errorResponses(400, 401, 403, 404) } };
export const CreateGroupSchema = { tags: gtags, summary: '新建分组 Create a custom group', body: GroupCreate, response: { 201: GroupDetail, ...errorResponses(400, 401, 403, 409) } };
export const PatchGroupSchema = { tags: gtags, summary: '修改分组 Rename a group or replace its sirens', params: IdParams, body: GroupPatch, response: { 200: GroupDetail, ...errorResponses(400, 401, 403, 404, 409) } };
export const DeleteGroupSchema = { tags: gtags, summary: '删除分组 Delete a custom group', params: IdParams, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) } };

// ---------------------------------------------------------------- faults

export const FaultItem = Type.Object({
  id: Type.Integer(), sirenId: Type.Integer(), sirenCode: Type.String(), sirenName: Type.String(), regionCode: Type.String(),
  category: Type.String(), description: Type.String(), state: Type.String(), deadline: Timestamp, overdue: Type.Boolean(),
  reportedBy: Nullable(Type.String()), reportedAt: Timestamp, assignee: Nullable(Type.String()), resolution: Nullable(Type.String()),
  resolvedAt: Nullable(Timestamp), version: Type.Integer(),
});
export const FaultListQuery = Type.Object({
  state: Type.Optional(FaultStateEnum),
  open: Type.Optional(Type.Boolean({ description: 'only reported or being repaired' })),
  overdue: Type.Optional(Type.Boolean({ description: 'only open past their deadline' })),
  sirenId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
  ...Paging,
}, { additionalProperties: false });
export type FaultListQuery = Static<typeof FaultListQuery>;
export const FaultCreate = Type.Object({
  sirenId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
  category: FaultCategoryEnum,
  description: Text(1000, 1),
  deadline: Type.Optional({ ...Timestamp, description: '修复期限; default: 7 days after the report' }),
  assignee: Type.Optional(Nullable(Text(50))),
}, { additionalProperties: false });
export type FaultCreate = Static<typeof FaultCreate>;
export const FaultTransition = Type.Object({
  to: FaultStateEnum,
  version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
  assignee: Type.Optional(Nullable(Text(50))),
  resolution: Type.Optional(Text(1000, 1)),
}, { additionalProperties: false });
export type FaultTransition = Static<typeof FaultTransition>;

const ftags = ['sirens'];
export const ListFaultsSchema = { tags: ftags, summary: '故障工单 Fault tickets of my jurisdiction (open first, by deadline)', querystring: FaultListQuery, response: { 200: page(FaultItem), ...errorResponses(400, 401, 403) } };
export const GetFaultSchema = { tags: ftags, summary: '工单详情 One fault ticket', params: IdParams, response: { 200: FaultItem, ...errorResponses(400, 401, 403, 404) } };
export const CreateFaultSchema = { tags: ftags, summary: '报修 Report a siren fault (the siren goes to fault)', body: FaultCreate, response: { 201: FaultItem, ...errorResponses(400, 401, 403, 404) } };
export const TransitionFaultSchema = { tags: ftags, summary: '工单流转 Move a ticket on: repairing, repaired, cancelled', params: IdParams, body: FaultTransition, response: { 200: FaultItem, ...errorResponses(400, 401, 403, 404, 409, 422) } };

// ---------------------------------------------------------------- commands

export const CommandTarget = Type.Object({
  sirenIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), { maxItems: 10_000 })),
  groupIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), { maxItems: 100 })),
  regionCodes: Type.Optional(Type.Array(RegionCode, { maxItems: 100, description: 'every siren of these regions (按区划群控)' })),
  polygon: Type.Optional(DrawnPolygon),
}, { additionalProperties: false });
export type CommandTarget = Static<typeof CommandTarget>;
export const CommandCreate = Type.Object({
  id: Type.Optional(Type.String({ format: 'uuid', description: 'idempotency key: the same id again answers the same command' })),
  action: ActionEnum,
  program: Type.Optional(ProgramEnum),
  target: CommandTarget,
}, { additionalProperties: false });
export type CommandCreate = Static<typeof CommandCreate>;

export const DeliveryItem = Type.Object({
  sirenId: Type.Integer(), sirenCode: Type.String(), sirenName: Type.String(), regionCode: Type.String(), terminalId: Nullable(Type.String()),
  state: Type.String({ description: `pending / sent / accepted / finished / rejected / failed / skipped` }), attempts: Type.Integer(), reason: Nullable(Type.String()),
  sentAt: Nullable(Timestamp), acceptedAt: Nullable(Timestamp), finishedAt: Nullable(Timestamp),
  /** When it was flagged unreachable: no report within the set time (10 s) of its first send; kept after a late answer. */
  unreachableAt: Nullable(Timestamp),
  lon: Type.Number(), lat: Type.Number(),
  seq: Type.Integer({ description: 'cursor number of the row\'s last write' }),
});
export const CommandDetail = Type.Object({
  id: Type.String(), action: Type.String(), program: Nullable(Type.String()), target: CommandTarget, regionCode: Type.String(),
  issuedBy: Nullable(Type.String()), issuedAt: Timestamp, expiresAt: Timestamp,
  counts: Type.Record(Type.String(), Type.Integer()),
  deliveries: Type.Array(DeliveryItem),
  cursor: Type.Integer({ minimum: 0, description: 'ask again with ?since=cursor for only the deliveries written after this answer' }),
});
/** One event of the live stream: `snapshot` (every delivery), `delta` (those written since the last event), the last with `complete`. */
export const CommandLiveFrame = Type.Object({
  command: Type.Object({ id: Type.String(), action: Type.String(), program: Nullable(Type.String()), issuedAt: Timestamp }),
  counts: Type.Record(Type.String(), Type.Integer()),
  deliveries: Type.Array(DeliveryItem),
  cursor: Type.Integer({ minimum: 0 }),
  complete: Type.Boolean(),
});
export const CommandSummary = Type.Object({
  id: Type.String(), action: Type.String(), program: Nullable(Type.String()), regionCode: Type.String(), issuedBy: Nullable(Type.String()),
  issuedAt: Timestamp, expiresAt: Timestamp, counts: Type.Record(Type.String(), Type.Integer()),
});
export const CommandIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const CommandListQuery = Type.Object({ ...Paging }, { additionalProperties: false });
const Cursor = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'a cursor from an earlier answer or event: only the deliveries written after it' });
export const CommandGetQuery = Type.Object({ since: Type.Optional(Cursor) }, { additionalProperties: false });

const ctags = ['sirens'];
export const IssueCommandSchema = {
  tags: ctags, summary: '遥控指令 Send a signed command (sound, stop, self-test) to sirens, groups or regions',
  body: CommandCreate, response: { 201: CommandDetail, 200: CommandDetail, ...errorResponses(400, 401, 403, 409) },
};
export const GetCommandSchema = {
  tags: ctags, summary: '指令执行情况 A command with each siren\'s delivery state (?since=cursor: counts and only the deliveries changed after it)',
  params: CommandIdParams, querystring: CommandGetQuery, response: { 200: CommandDetail, ...errorResponses(400, 401, 403, 404) },
};
export const CommandReportSchema = {
  tags: ctags, summary: '指令执行报告 XLSX A command\'s report as a workbook: summary, per district, one row per siren (problems first)',
  params: CommandIdParams, response: { 200: Type.Unknown({ description: 'the workbook (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)' }), ...errorResponses(400, 401, 403, 404) },
};
export const CommandEventsSchema = {
  tags: ctags,
  summary: '指令实时推送 A command\'s deliveries as server-sent events: snapshot, then deltas (each event\'s id is its cursor; Last-Event-ID or ?since resumes); ends when complete',
  params: CommandIdParams, querystring: CommandGetQuery,
  response: { 200: Type.String({ description: 'text/event-stream; each event\'s data is a CommandLiveFrame' }), ...errorResponses(400, 401, 403, 404, 406, 503) },
};
export const ListCommandsSchema = { tags: ctags, summary: '遥控指令记录 Commands of my jurisdiction, newest first', querystring: CommandListQuery, response: { 200: page(CommandSummary), ...errorResponses(400, 401, 403) } };
