/**
 * HTTP routes of command and response: schema → service → presenter. Reads need `command:read`; the structure and
 * teams `command:write`; roll-calls `teams:rollcall`; dispatch `dispatch:write`; a warning draft `alerts:issue`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { fileBody } from '../../lib/errors.ts';
import { requireActor } from '../../plugins/auth.ts';
import { presentHqDetail, presentHqSummary, presentRef, presentVehicles } from './command.presenter.ts';
import {
  AddMemberUnitSchema, AddPersonSchema, AddPostSchema, CreateHqSchema, DeleteMemberUnitSchema, DeletePersonSchema, GetHqSchema, ListHqsSchema, ListRefsSchema, MapVehiclesSchema,
  PatchMemberUnitSchema, PatchPersonSchema, SetDutySchema,
} from './command.schemas.ts';
import type { CommandService } from './command.service.ts';
import { presentCandidates, presentIncident, presentIncidentDetail } from './dispatch.presenter.ts';
import {
  CandidatesSchema, CloseIncidentSchema, CreateIncidentSchema, DispatchTeamSchema, DraftWarningSchema, GetIncidentSchema, ListIncidentsSchema, TransitionTaskSchema,
} from './dispatch.schemas.ts';
import type { DispatchService } from './dispatch.service.ts';
import type { RefsService } from './refs.service.ts';
import { presentImportPreview, presentTeamDetail, presentTeamSummary } from './teams.presenter.ts';
import {
  AddEquipmentSchema, AddMembersSchema, ApplyImportSchema, CreateTeamSchema, DeleteEquipmentSchema, PatchTeamSchema, DeleteMemberSchema, ExportTeamsSchema, GetTeamSchema, ImportTeamsSchema, ListTeamsSchema, PatchEquipmentSchema, PatchMemberSchema, PreviewImportSchema, ReadinessSchema, RecordRollcallSchema, ScheduleRollcallSchema,
} from './teams.schemas.ts';
import type { TeamsService } from './teams.service.ts';
import { shanghaiStamp } from '../../lib/time.ts';

export interface CommandRoutesOptions {
  command: CommandService;
  teams: TeamsService;
  dispatch: DispatchService;
  refs: RefsService;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `attachment; filename=…` with an ASCII fallback and the UTF-8 name (RFC 6266). */
const attachment = (name: string) => `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export const commandRoutes: FastifyPluginAsyncTypebox<CommandRoutesOptions> = async (app, { command, teams, dispatch, refs }) => {
  // Encapsulated here: only the teams import takes a workbook as the request body.
  app.addContentTypeParser(XLSX_TYPE, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  // The command structure.
  app.get('/api/command/hqs', { config: { access: 'command:read' }, schema: ListHqsSchema }, async (request) =>
    ({ items: (await command.list(requireActor(request))).map(presentHqSummary) }));
  app.get('/api/command/refs', { config: { access: 'command:read' }, schema: ListRefsSchema }, async (request) =>
    ({ items: (await refs.options(requireActor(request))).map(presentRef) }));
  app.get('/api/command/hqs/:id', { config: { access: 'command:read' }, schema: GetHqSchema }, async (request) =>
    presentHqDetail(await command.get(requireActor(request), request.params.id)));
  app.post('/api/command/hqs', { config: { access: 'command:write' }, schema: CreateHqSchema }, async (request, reply) => {
    reply.status(201);
    return presentHqDetail(await command.create(requireActor(request), request.ip, request.body));
  });
  app.post('/api/command/hqs/:id/persons', { config: { access: 'command:write' }, schema: AddPersonSchema }, async (request, reply) => {
    reply.status(201);
    return presentHqDetail(await command.addPerson(requireActor(request), request.ip, request.params.id, request.body));
  });
  app.post('/api/command/hqs/:id/member-units', { config: { access: 'command:write' }, schema: AddMemberUnitSchema }, async (request, reply) => {
    reply.status(201);
    return presentHqDetail(await command.addMemberUnit(requireActor(request), request.ip, request.params.id, request.body));
  });
  app.put('/api/command/hqs/:id/duty', { config: { access: 'command:write' }, schema: SetDutySchema }, async (request) =>
    presentHqDetail(await command.setDuty(requireActor(request), request.ip, request.params.id, request.body)));
  app.post('/api/command/hqs/:id/posts', { config: { access: 'command:write' }, schema: AddPostSchema }, async (request, reply) => {
    reply.status(201);
    return presentHqDetail(await command.addPost(requireActor(request), request.ip, request.params.id, request.body));
  });
  app.patch('/api/command/persons/:id', { config: { access: 'command:write' }, schema: PatchPersonSchema }, async (request) =>
    presentHqDetail(await command.updatePerson(requireActor(request), request.ip, request.params.id, request.body)));
  app.delete('/api/command/persons/:id', { config: { access: 'command:write' }, schema: DeletePersonSchema }, async (request) =>
    presentHqDetail(await command.deletePerson(requireActor(request), request.ip, request.params.id, request.query.version)));
  app.patch('/api/command/member-units/:id', { config: { access: 'command:write' }, schema: PatchMemberUnitSchema }, async (request) =>
    presentHqDetail(await command.updateMemberUnit(requireActor(request), request.ip, request.params.id, request.body)));
  app.delete('/api/command/member-units/:id', { config: { access: 'command:write' }, schema: DeleteMemberUnitSchema }, async (request) =>
    presentHqDetail(await command.deleteMemberUnit(requireActor(request), request.ip, request.params.id, request.query.version)));
  app.get('/api/map/command-vehicles', { config: { access: 'command:read' }, schema: MapVehiclesSchema }, async (request) =>
    presentVehicles(await command.vehicles(requireActor(request)), new Date()));

  // Teams, equipment, roll-calls.
  app.get('/api/teams', { config: { access: 'command:read' }, schema: ListTeamsSchema }, async (request) =>
    ({ items: (await teams.list(requireActor(request), request.query)).map(presentTeamSummary) }));
  app.get('/api/teams/readiness', { config: { access: 'command:read' }, schema: ReadinessSchema }, async (request) => teams.readiness(requireActor(request)));
  app.get('/api/teams/export.xlsx', { config: { access: 'command:write' }, schema: ExportTeamsSchema }, async (request, reply) => {
    const file = await teams.exportXlsx(requireActor(request), request.ip);
    const stamp = shanghaiStamp();
    return reply.header('content-type', XLSX_TYPE).header('content-disposition', attachment(`队伍与装备-${stamp}.xlsx`)).send(file);
  });
  app.post('/api/teams/import', { config: { access: 'command:write' }, schema: ImportTeamsSchema }, async (request, reply) => {
    reply.status(201);
    return teams.importXlsx(requireActor(request), request.ip, fileBody(request.body));
  });
  app.post('/api/teams/import/preview', { config: { access: 'command:write' }, schema: PreviewImportSchema }, async (request) => {
    return presentImportPreview(await teams.previewImport(requireActor(request), fileBody(request.body)));
  });
  app.post('/api/teams/import/apply', { config: { access: 'command:write' }, schema: ApplyImportSchema }, async (request) => {
    return teams.applyImport(requireActor(request), request.ip, fileBody(request.body), { preview: request.query.preview, removeMissing: request.query.removeMissing ?? false });
  });
  app.get('/api/teams/:id', { config: { access: 'command:read' }, schema: GetTeamSchema }, async (request) =>
    presentTeamDetail(await teams.get(requireActor(request), request.params.id)));
  app.patch('/api/teams/:id', { config: { access: 'command:write' }, schema: PatchTeamSchema }, async (request) =>
    presentTeamDetail(await teams.update(requireActor(request), request.ip, request.params.id, request.body)));
  app.post('/api/teams', { config: { access: 'command:write' }, schema: CreateTeamSchema }, async (request, reply) => {
    reply.status(201);
    return presentTeamDetail(await teams.create(requireActor(request), request.ip, request.body));
  });
  app.post('/api/teams/:id/members', { config: { access: 'command:write' }, schema: AddMembersSchema }, async (request, reply) => {
    reply.status(201);
    return presentTeamDetail(await teams.addMembers(requireActor(request), request.ip, request.params.id, request.body));
  });
  app.post('/api/teams/:id/equipment', { config: { access: 'command:write' }, schema: AddEquipmentSchema }, async (request, reply) => {
    reply.status(201);
    return presentTeamDetail(await teams.addEquipment(requireActor(request), request.ip, request.params.id, request.body));
  });
  app.patch('/api/team-members/:id', { config: { access: 'command:write' }, schema: PatchMemberSchema }, async (request) =>
    presentTeamDetail(await teams.updateMember(requireActor(request), request.ip, request.params.id, request.body)));
  app.delete('/api/team-members/:id', { config: { access: 'command:write' }, schema: DeleteMemberSchema }, async (request) =>
    presentTeamDetail(await teams.deleteMember(requireActor(request), request.ip, request.params.id, request.query.version)));
  app.patch('/api/team-equipment/:id', { config: { access: 'command:write' }, schema: PatchEquipmentSchema }, async (request) =>
    presentTeamDetail(await teams.updateEquipment(requireActor(request), request.ip, request.params.id, request.body)));
  app.delete('/api/team-equipment/:id', { config: { access: 'command:write' }, schema: DeleteEquipmentSchema }, async (request) =>
    presentTeamDetail(await teams.deleteEquipment(requireActor(request), request.ip, request.params.id, request.query.version)));
  app.post('/api/teams/:id/rollcalls', { config: { access: 'teams:rollcall' }, schema: ScheduleRollcallSchema }, async (request, reply) => {
    reply.status(201);
    return presentTeamDetail(await teams.scheduleRollcall(requireActor(request), request.ip, request.params.id, request.body.scheduledFor));
  });
  app.post('/api/rollcalls/:id/record', { config: { access: 'teams:rollcall' }, schema: RecordRollcallSchema }, async (request) =>
    presentTeamDetail(await teams.recordRollcall(requireActor(request), request.ip, request.params.id, request.body)));

  // Emergency dispatch.
  app.get('/api/incidents', { config: { access: 'command:read' }, schema: ListIncidentsSchema }, async (request) =>
    ({ items: (await dispatch.list(requireActor(request), request.query.state ?? null)).map(presentIncident) }));
  app.get('/api/incidents/:id', { config: { access: 'command:read' }, schema: GetIncidentSchema }, async (request) =>
    presentIncidentDetail(await dispatch.get(requireActor(request), request.params.id)));
  app.get('/api/incidents/:id/candidates', { config: { access: 'command:read' }, schema: CandidatesSchema }, async (request) =>
    presentCandidates(await dispatch.candidates(requireActor(request), request.params.id)));
  app.post('/api/incidents', { config: { access: 'dispatch:write' }, schema: CreateIncidentSchema }, async (request, reply) => {
    reply.status(201);
    return presentIncidentDetail(await dispatch.report(requireActor(request), request.ip, request.body));
  });
  app.post('/api/incidents/:id/tasks', { config: { access: 'dispatch:write' }, schema: DispatchTeamSchema }, async (request, reply) => {
    reply.status(201);
    return presentIncidentDetail(await dispatch.dispatch(requireActor(request), request.ip, request.params.id, request.body));
  });
  app.post('/api/incidents/:id/close', { config: { access: 'dispatch:write' }, schema: CloseIncidentSchema }, async (request) =>
    presentIncidentDetail(await dispatch.close(requireActor(request), request.ip, request.params.id, request.body.version)));
  app.post('/api/incidents/:id/warning-draft', { config: { access: 'alerts:issue' }, schema: DraftWarningSchema }, async (request, reply) => {
    reply.status(201);
    return presentIncidentDetail(await dispatch.draftWarning(requireActor(request), request.ip, request.params.id, request.body));
  });
  app.post('/api/dispatch-tasks/:id/state', { config: { access: 'dispatch:write' }, schema: TransitionTaskSchema }, async (request) =>
    presentIncidentDetail(await dispatch.transition(requireActor(request), request.ip, request.params.id, request.body)));
};
