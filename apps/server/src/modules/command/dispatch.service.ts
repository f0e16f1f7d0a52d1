/**
 * The rules of emergency dispatch (应急调度): an incident placed on the map; the teams nearest it by estimated travel
 * time; tasks that move dispatched → en route → on site → done (or are cancelled), each step on the incident's
 * timeline; shelters and works nearby (the works module's answer); and a warning for the incident's area drafted
 * through the alerts module — a draft only, which a second officer confirms there.
 */
import { DISPATCH_OPEN, DISPATCH_STATES, DISPATCH_TRANSITIONS, INCIDENT_KINDS, inScope, labelOf, travelMinutes, type DispatchState } from '@civdef/domain';
import type { Database, Queryable } from '../../db/index.ts';
import { auditContextOf, type Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { appendAudit } from '../audit/index.ts';
import type { AlertsService } from '../alerts/index.ts';
import type { RegionsService } from '../regions/index.ts';
import type { WorksService } from '../works/index.ts';
import { CommandErrors as E } from './command.errors.ts';
import * as repo from './dispatch.repository.ts';
import type { IncidentCreate, TaskCreate, TaskTransition, WarningDraft } from './dispatch.schemas.ts';
import type { TeamCandidate, TeamsService } from './teams.service.ts';

export interface TravelSettings {
  /** Road distance ÷ straight-line distance (config DISPATCH_DETOUR_FACTOR). */
  detourFactor: number;
  /** Average emergency driving speed in km/h (config DISPATCH_SPEED_KMH). */
  speedKmh: number;
}

export interface DispatchDeps {
  db: Database;
  regions: Pick<RegionsService, 'unknownCodes' | 'pointInScope'>;
  teams: Pick<TeamsService, 'nearest' | 'find'>;
  works: Pick<WorksService, 'nearest'>;
  alerts: Pick<AlertsService, 'draft'>;
  travel: TravelSettings;
}

export interface IncidentDetailData {
  incident: repo.IncidentRow;
  tasks: repo.TaskRow[];
  timeline: repo.EventRow[];
}

export interface CandidatesData {
  teams: Array<TeamCandidate & { busy: boolean }>;
  works: Awaited<ReturnType<WorksService['nearest']>>;
  travel: TravelSettings;
}

export interface DispatchService {
  list(actor: Actor, state: string | null): Promise<repo.IncidentRow[]>;
  get(actor: Actor, id: number): Promise<IncidentDetailData>;
  report(actor: Actor, ip: string | null, input: IncidentCreate): Promise<IncidentDetailData>;
  candidates(actor: Actor, id: number): Promise<CandidatesData>;
  dispatch(actor: Actor, ip: string | null, id: number, input: TaskCreate): Promise<IncidentDetailData>;
  transition(actor: Actor, ip: string | null, taskId: number, input: TaskTransition): Promise<IncidentDetailData>;
  close(actor: Actor, ip: string | null, id: number, version: number): Promise<IncidentDetailData>;
  draftWarning(actor: Actor, ip: string | null, id: number, input: WarningDraft): Promise<IncidentDetailData>;
}

/** How many teams and works the candidates answer lists. */
export const CANDIDATE_TEAMS = 8;
export const NEARBY_WORKS = 8;

const who = (actor: Actor) => actor.displayName || actor.username;

export function createDispatchService({ db, regions, teams, works, alerts, travel }: DispatchDeps): DispatchService {
  async function detail(q: Queryable, actor: Actor, id: number): Promise<IncidentDetailData> {
    const incident = await repo.findIncident(q, id, actor.scope);
    if (!incident) throw new AppError(E.DISPATCH_INCIDENT_NOT_FOUND, 404);
    return { incident, tasks: await repo.tasksOf(q, id), timeline: await repo.timelineOf(q, id) };
  }

  async function openIncident(q: Queryable, actor: Actor, id: number): Promise<repo.IncidentRow> {
    const incident = await repo.findIncident(q, id, actor.scope);
    if (!incident) throw new AppError(E.DISPATCH_INCIDENT_NOT_FOUND, 404);
    if (incident.state !== 'open') throw new AppError(E.DISPATCH_INCIDENT_CLOSED, 409);
    return incident;
  }

  return {
    list: (actor, state) => repo.listIncidents(db, actor.scope, state),
    get: (actor, id) => detail(db, actor, id),

    async report(actor, ip, input) {
      return db.transaction(async (tx) => {
        if (!inScope(actor.regionCode, input.regionCode)) throw new AppError(E.COMMAND_REGION_OUT_OF_SCOPE, 403, { field: 'regionCode', regionCode: input.regionCode });
        if ((await regions.unknownCodes([input.regionCode], tx)).length > 0) throw new AppError(E.COMMAND_REGION_UNKNOWN, 400, { field: 'regionCode', regionCode: input.regionCode });
        // The point must lie in the region it is filed under (by the loaded outlines; none loaded, nothing to check):
        // an incident filed under one county but placed in another would be dispatched by the wrong command.
        const [lng, lat] = input.location;
        if ((await regions.pointInScope(input.regionCode, lng, lat, tx)) === false) {
          throw new AppError(E.DISPATCH_POINT_OUTSIDE_REGION, 400, { field: 'location', lng, lat, regionCode: input.regionCode });
        }
        const id = await repo.insertIncident(tx, { ...input, description: input.description ?? null, reportedBy: who(actor) });
        await repo.addEvent(tx, { incidentId: id, regionCode: input.regionCode, kind: 'reported', note: `${labelOf(INCIDENT_KINDS, input.kind).zh}：${input.title}`, actor: who(actor) });
        await appendAudit(tx, auditContextOf(actor, ip), { action: 'incident.report', entityType: 'incident', entityId: id, regionCode: input.regionCode, after: { ...input } });
        return detail(tx, actor, id);
      });
    },

    async candidates(actor, id) {
      const { incident, tasks } = await detail(db, actor, id);
      const busy = new Set(tasks.filter((t) => DISPATCH_OPEN.includes(t.state as DispatchState)).map((t) => t.teamId));
      const near = await teams.nearest(actor, incident.lng, incident.lat, CANDIDATE_TEAMS);
      const nearbyWorks = await works.nearest(actor, incident.lng, incident.lat, NEARBY_WORKS);
      return { teams: near.map((c) => ({ ...c, busy: busy.has(c.team.id) })), works: nearbyWorks, travel };
    },

    async dispatch(actor, ip, id, input) {
      return db.transaction(async (tx) => {
        const incident = await openIncident(tx, actor, id);
        // Dispatching sends people to the point, so the point itself must be in the dispatcher's jurisdiction, not
        // only the region the incident was filed under (incidents filed before the report checked it, or a town
        // user's incident placed across the town's edge).
        if ((await regions.pointInScope(actor.regionCode, incident.lng, incident.lat, tx)) === false) {
          throw new AppError(E.DISPATCH_POINT_OUTSIDE_JURISDICTION, 403, { field: 'location', lng: incident.lng, lat: incident.lat, scope: actor.regionCode });
        }
        const team = await teams.find(actor, input.teamId, tx);
        if (!team) throw new AppError(E.DISPATCH_TEAM_UNKNOWN, 400, { teamId: input.teamId });
        if ((await repo.tasksOf(tx, id)).some((t) => t.teamId === team.id && DISPATCH_OPEN.includes(t.state as DispatchState))) {
          throw new AppError(E.DISPATCH_TEAM_BUSY, 409, { team: team.name });
        }
        const distanceM = await repo.teamDistance(tx, team.id, id);
        const etaMin = travelMinutes(distanceM, travel);
        const taskId = await repo.insertTask(tx, { incidentId: id, regionCode: incident.regionCode, teamId: team.id, distanceM, etaMin, instruction: input.instruction ?? null });
        await repo.addEvent(tx, { incidentId: id, regionCode: incident.regionCode, kind: 'dispatched', taskId, state: 'dispatched', note: `${team.name}（预计 ${etaMin} 分钟）`, actor: who(actor) });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'dispatch_task.create', entityType: 'dispatch_task', entityId: taskId, regionCode: incident.regionCode,
          after: { incidentId: id, teamId: team.id, distanceM, etaMin, instruction: input.instruction ?? null },
        });
        return detail(tx, actor, id);
      });
    },

    async transition(actor, ip, taskId, input) {
      return db.transaction(async (tx) => {
        const task = await repo.findTask(tx, taskId, actor.scope);
        if (!task) throw new AppError(E.DISPATCH_TASK_NOT_FOUND, 404);
        const from = task.state as DispatchState;
        const allowed = DISPATCH_TRANSITIONS[from] ?? [];
        if (!allowed.includes(input.to)) {
          throw new AppError(E.DISPATCH_ILLEGAL_TRANSITION, 409, {
            from, to: input.to, fromZh: labelOf(DISPATCH_STATES, from).zh, toZh: labelOf(DISPATCH_STATES, input.to).zh,
            allowed: allowed.join(', '), allowedZh: allowed.map((s) => labelOf(DISPATCH_STATES, s).zh).join('、'),
          });
        }
        if (task.version !== input.version) throw new AppError(E.DISPATCH_VERSION_CONFLICT, 409, { current: task.version, sent: input.version });
        await repo.setTaskState(tx, taskId, input.to);
        await repo.addEvent(tx, { incidentId: task.incidentId, regionCode: task.regionCode, kind: 'state', taskId, state: input.to, note: input.note ?? task.teamName, actor: who(actor) });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'dispatch_task.transition', entityType: 'dispatch_task', entityId: taskId, regionCode: task.regionCode,
          before: { state: from }, after: { state: input.to, note: input.note ?? null },
        });
        return detail(tx, actor, task.incidentId);
      });
    },

    async close(actor, ip, id, version) {
      return db.transaction(async (tx) => {
        const incident = await openIncident(tx, actor, id);
        if (incident.version !== version) throw new AppError(E.DISPATCH_VERSION_CONFLICT, 409, { current: incident.version, sent: version });
        const cancelled = await repo.cancelOpenTasks(tx, id);
        await repo.setIncident(tx, id, { state: 'closed' });
        await repo.addEvent(tx, { incidentId: id, regionCode: incident.regionCode, kind: 'closed', state: 'closed', note: cancelled.length ? `取消未完成任务 ${cancelled.length} 个` : null, actor: who(actor) });
        await appendAudit(tx, auditContextOf(actor, ip), { action: 'incident.close', entityType: 'incident', entityId: id, regionCode: incident.regionCode, after: { cancelledTasks: cancelled } });
        return detail(tx, actor, id);
      });
    },

    async draftWarning(actor, ip, id, input) {
      const incident = await openIncident(db, actor, id);
      const kind = labelOf(INCIDENT_KINDS, incident.kind);
      // The alerts module drafts (and audits) in its own transaction; the incident then records which draft is its
      // own. Should that second step fail, the draft stands in the alerts list and can be cancelled there.
      const drafted = await alerts.draft(actor, ip, {
        kind: incident.kind === 'air_raid_damage' ? 'air_raid' : 'disaster',
        program: incident.kind === 'air_raid_damage' ? 'air_raid' : 'preliminary',
        area: { regionCodes: [incident.regionCode] },
        headline: `${kind.zh}：${incident.title}`.slice(0, 120),
        messageZh: input.messageZh ?? `${incident.regionName ?? incident.regionCode}发生${kind.zh}（${incident.title}），请附近群众听从指挥、远离现场。`,
      });
      return db.transaction(async (tx) => {
        const alertId = drafted.alert.id;
        await repo.setIncident(tx, id, { alertId });
        await repo.addEvent(tx, { incidentId: id, regionCode: incident.regionCode, kind: 'warning_drafted', note: `警报草稿 #${alertId}（待第二人确认）`, actor: who(actor) });
        await appendAudit(tx, auditContextOf(actor, ip), { action: 'incident.warning_drafted', entityType: 'incident', entityId: id, regionCode: incident.regionCode, after: { alertId } });
        return detail(tx, actor, id);
      });
    },
  };
}
