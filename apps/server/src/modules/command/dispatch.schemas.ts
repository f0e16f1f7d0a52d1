/**
 * Request and response schemas of emergency dispatch (应急调度): incidents, the nearest teams and works, tasks and
 * their timeline, and the warning drafted for an incident's area.
 */
import { DISPATCH_STATES, INCIDENT_KINDS } from '@civdef/domain';
import { Type, type Static } from 'typebox';
import { errorResponses, IdParams, RegionCode, Timestamp } from '../../lib/schemas.ts';
import { ChinaLngLat, codes, Nullable, Text } from './command.schemas.ts';
import { TeamSummary } from './teams.schemas.ts';

const tags = ['dispatch'];
const KindEnum = Type.Enum(codes(INCIDENT_KINDS), { description: 'flood 洪涝 / fire 火灾 / gas_leak 燃气泄漏 / collapse 建筑坍塌 / air_raid_damage 空袭毁伤' });
const StateEnum = Type.Enum(codes(DISPATCH_STATES));

export const IncidentCreate = Type.Object({
  kind: KindEnum,
  title: Text(100, 1),
  description: Type.Optional(Nullable(Text(2000))),
  regionCode: RegionCode,
  location: ChinaLngLat,
}, { additionalProperties: false });
export type IncidentCreate = Static<typeof IncidentCreate>;

export const IncidentListQuery = Type.Object({ state: Type.Optional(Type.Enum(['open', 'closed'])) }, { additionalProperties: false });
export const TaskCreate = Type.Object({
  teamId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
  instruction: Type.Optional(Nullable(Text(1000))),
}, { additionalProperties: false });
export type TaskCreate = Static<typeof TaskCreate>;
export const TaskTransition = Type.Object({
  to: StateEnum,
  version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
  note: Type.Optional(Nullable(Text(500))),
}, { additionalProperties: false });
export type TaskTransition = Static<typeof TaskTransition>;
export const WarningDraft = Type.Object({
  messageZh: Type.Optional(Text(2000, 1)),
}, { additionalProperties: false });
export type WarningDraft = Static<typeof WarningDraft>;

export const Incident = Type.Object({
  id: Type.Integer(), kind: Type.String(), title: Type.String(), description: Nullable(Type.String()), regionCode: Type.String(), regionName: Nullable(Type.String()),
  location: Type.Tuple([Type.Number(), Type.Number()]), state: Type.String(), alertId: Nullable(Type.Integer()), reportedBy: Nullable(Type.String()),
  reportedAt: Timestamp, openTasks: Type.Integer(), version: Type.Integer(),
});
const Task = Type.Object({
  id: Type.Integer(), teamId: Type.Integer(), teamCode: Type.String(), teamName: Type.String(), state: Type.String(), distanceM: Type.Number(),
  etaMin: Type.Number(), instruction: Nullable(Type.String()), createdAt: Timestamp, updatedAt: Timestamp, version: Type.Integer(),
});
const Event = Type.Object({
  id: Type.Integer(), at: Timestamp, kind: Type.String(), taskId: Nullable(Type.Integer()), state: Nullable(Type.String()), note: Nullable(Type.String()), actor: Nullable(Type.String()),
});
export const IncidentDetail = Type.Object({ ...Incident.properties, tasks: Type.Array(Task), timeline: Type.Array(Event) });
const Candidate = Type.Object({
  team: TeamSummary, distanceM: Type.Number(), etaMin: Type.Number({ description: 'straight line × detour factor at the average speed, minutes' }),
  busy: Type.Boolean({ description: 'already dispatched to this incident, task open' }),
});
const NearbyWork = Type.Object({
  id: Type.Integer(), code: Type.String(), name: Type.String(), workClass: Type.String(), lifecycleState: Type.String(), location: Type.Tuple([Type.Number(), Type.Number()]),
  distanceM: Type.Number(),
});

const detail = { 200: IncidentDetail, ...errorResponses(400, 401, 403, 404, 409) };
export const ListIncidentsSchema = {
  tags, summary: '事件 Incidents in the caller\'s jurisdiction, newest first', querystring: IncidentListQuery,
  response: { 200: Type.Object({ items: Type.Array(Incident) }), ...errorResponses(400, 401, 403) },
};
export const GetIncidentSchema = { tags, summary: '事件详情 One incident with its tasks and timeline', params: IdParams, response: detail };
export const CreateIncidentSchema = { tags, summary: '报告事件 Place an incident on the map', body: IncidentCreate, response: { 201: IncidentDetail, ...errorResponses(400, 401, 403) } };
export const CandidatesSchema = {
  tags, summary: '就近资源 Teams nearest the incident by travel time, and shelters and works nearby', params: IdParams,
  response: { 200: Type.Object({ teams: Type.Array(Candidate), works: Type.Array(NearbyWork), detourFactor: Type.Number(), speedKmh: Type.Number() }), ...errorResponses(400, 401, 403, 404) },
};
export const DispatchTeamSchema = { tags, summary: '派遣 Dispatch a team to the incident as a task', params: IdParams, body: TaskCreate, response: { 201: IncidentDetail, ...errorResponses(400, 401, 403, 404, 409) } };
export const TransitionTaskSchema = { tags, summary: '任务状态 Move a task on: en route, on site, done (or cancelled)', params: IdParams, body: TaskTransition, response: detail };
export const CloseIncidentSchema = { tags, summary: '结束事件 Close an incident (every open task is cancelled)', params: IdParams, body: Type.Object({ version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) }, { additionalProperties: false }), response: detail };
export const DraftWarningSchema = {
  tags, summary: '起草警报 Draft a warning for the incident\'s area through the alerts module (a draft only: a second officer confirms it there)',
  params: IdParams, body: WarningDraft, response: { 201: IncidentDetail, ...errorResponses(400, 401, 403, 404, 409) },
};
