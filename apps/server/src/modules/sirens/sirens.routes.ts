/**
 * HTTP routes of the sirens module: schema → service → presenter, nothing else. Each route declares its
 * access (`config.access`, a permission of the domain package); the auth plugin enforces it before the
 * handler runs and the OpenAPI document publishes it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError, fileBody } from '../../lib/errors.ts';
import { eventStreams } from '../../lib/event-stream.ts';
import { requireActor } from '../../plugins/auth.ts';
import { commandReportWorkbook } from './control.export.ts';
import { createLiveFeed } from './control.live.ts';
import type { ControlService } from './control.service.ts';
import { SirensErrors as E } from './sirens.errors.ts';
import {
  presentCommand, presentCommandSummary, presentLiveFrame, presentFault, presentGroup, presentGroupDetail, presentSirenDetail, presentSirenListItem, presentSirenMap, type KindDefaults,
} from './sirens.presenter.ts';
import {
  CommandEventsSchema, CommandReportSchema, CreateFaultSchema, GetCommandSchema, IssueCommandSchema, ListCommandsSchema, CreateGroupSchema, CreateSirenSchema, DeleteGroupSchema, ExportSirensSchema, ImportSirensSchema, SirenTemplateSchema, DeleteSirenSchema, GetFaultSchema, GetGroupSchema, GetSirenSchema,
  ListFaultsSchema, ListGroupsSchema, ListSirensSchema, MapSirensSchema, PatchGroupSchema, PatchSirenSchema, RotateKeySchema, SetStatusSchema,
  TransitionFaultSchema,
} from './sirens.schemas.ts';
import type { SirensService } from './sirens.service.ts';
import { shanghaiDateTime, shanghaiStamp } from '../../lib/time.ts';

/** A Last-Event-ID this stream gave (a cursor); anything else is ignored and the client gets a snapshot. */
const lastEventId = (header: string | string[] | undefined): number | undefined => {
  const v = Array.isArray(header) ? header[0] : header;
  return v !== undefined && /^\d{1,15}$/.test(v) ? Number(v) : undefined;
};

const FILE_TYPES = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', csv: 'text/csv' } as const;
/** `attachment; filename=…` with an ASCII fallback and the UTF-8 name (RFC 6266). */
const attachment = (name: string) => `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export const sirensRoutes: FastifyPluginAsyncTypebox<{ sirens: SirensService; control: ControlService; kindDefaults: KindDefaults; liveMaxStreams: number }> = async (
  app, { sirens, control, kindDefaults, liveMaxStreams },
) => {
  // Encapsulated in this plugin: only the registry import takes a file as the request body.
  app.addContentTypeParser([FILE_TYPES.xlsx, FILE_TYPES.csv], { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  const detail = (data: Awaited<ReturnType<SirensService['get']>>, viewer: Parameters<typeof presentSirenDetail>[3]) =>
    presentSirenDetail(data, kindDefaults, sirens.openPhone, viewer);

  app.get('/api/map/sirens', { config: { access: 'sirens:read' }, schema: MapSirensSchema }, async (request) =>
    presentSirenMap(await sirens.mapOf(requireActor(request))),
  );

  app.get('/api/sirens', { config: { access: 'sirens:read' }, schema: ListSirensSchema }, async (request) => {
    const result = await sirens.list(requireActor(request), request.query);
    return { ...result, items: result.items.map((row) => presentSirenListItem(row, kindDefaults, sirens.openPhone)) };
  });

  // Registry files. Export and import carry contact phones in full, so they are for who may edit sirens.
  app.get('/api/sirens/export', { config: { access: 'sirens:write' }, schema: ExportSirensSchema }, async (request, reply) => {
    const format = request.query.format ?? 'xlsx';
    const file = await sirens.exportFile(requireActor(request), request.ip, format);
    const stamp = shanghaiStamp();
    return reply.type(FILE_TYPES[format]).header('content-disposition', attachment(`警报器-${stamp}.${format}`)).send(file);
  });
  app.get('/api/sirens/import-template', { config: { access: 'sirens:write' }, schema: SirenTemplateSchema }, async (request, reply) => {
    const format = request.query.format ?? 'xlsx';
    return reply.type(FILE_TYPES[format]).header('content-disposition', attachment(`警报器导入模板.${format}`)).send(await sirens.templateFile(format));
  });
  app.post('/api/sirens/import', { config: { access: 'sirens:write' }, schema: ImportSirensSchema }, async (request, reply) => {
    const format = String(request.headers['content-type'] ?? '').startsWith('text/csv') ? 'csv' : 'xlsx';
    return reply.status(201).send(await sirens.importFile(requireActor(request), request.ip, fileBody(request.body), format));
  });

  app.get('/api/sirens/:id', { config: { access: 'sirens:read' }, schema: GetSirenSchema }, async (request) => {
    const actor = requireActor(request);
    return detail(await sirens.get(actor, request.params.id), actor);
  });

  app.post('/api/sirens', { config: { access: 'sirens:write' }, schema: CreateSirenSchema }, async (request, reply) => {
    const actor = requireActor(request);
    return reply.status(201).send(detail(await sirens.create(actor, request.ip, request.body), actor));
  });

  app.patch('/api/sirens/:id', { config: { access: 'sirens:write' }, schema: PatchSirenSchema }, async (request) => {
    const actor = requireActor(request);
    return detail(await sirens.update(actor, request.ip, request.params.id, request.body), actor);
  });

  app.delete('/api/sirens/:id', { config: { access: 'sirens:write' }, schema: DeleteSirenSchema }, async (request, reply) => {
    await sirens.remove(requireActor(request), request.ip, request.params.id);
    return reply.status(204).send(null);
  });

  app.post('/api/sirens/:id/status', { config: { access: 'sirens:write' }, schema: SetStatusSchema }, async (request) => {
    const actor = requireActor(request);
    return detail(await sirens.setStatus(actor, request.ip, request.params.id, request.body), actor);
  });

  app.post('/api/sirens/:id/terminal-key', { config: { access: 'sirens:write' }, schema: RotateKeySchema }, async (request) => {
    const { terminalId, key } = await sirens.rotateTerminalKey(requireActor(request), request.ip, request.params.id);
    return { terminalId, key, algorithm: 'HMAC-SM3' as const };
  });

  app.get('/api/siren-groups', { config: { access: 'sirens:read' }, schema: ListGroupsSchema }, async (request) => {
    const { custom, regions } = await sirens.groups(requireActor(request));
    return { custom: custom.map(presentGroup), regions: regions.map((r) => ({ code: r.code, name: r.name, level: r.level, sirens: r.sirens })) };
  });

  app.get('/api/siren-groups/:id', { config: { access: 'sirens:read' }, schema: GetGroupSchema }, async (request) =>
    presentGroupDetail(await sirens.group(requireActor(request), request.params.id)),
  );

  app.post('/api/siren-groups', { config: { access: 'sirens:write' }, schema: CreateGroupSchema }, async (request, reply) =>
    reply.status(201).send(presentGroupDetail(await sirens.createGroup(requireActor(request), request.ip, request.body))),
  );

  app.patch('/api/siren-groups/:id', { config: { access: 'sirens:write' }, schema: PatchGroupSchema }, async (request) =>
    presentGroupDetail(await sirens.updateGroup(requireActor(request), request.ip, request.params.id, request.body)),
  );

  app.delete('/api/siren-groups/:id', { config: { access: 'sirens:write' }, schema: DeleteGroupSchema }, async (request, reply) => {
    await sirens.removeGroup(requireActor(request), request.ip, request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/api/siren-faults', { config: { access: 'sirens:read' }, schema: ListFaultsSchema }, async (request) => {
    const result = await sirens.faults(requireActor(request), request.query);
    return { ...result, items: result.items.map(presentFault) };
  });

  app.get('/api/siren-faults/:id', { config: { access: 'sirens:read' }, schema: GetFaultSchema }, async (request) =>
    presentFault(await sirens.fault(requireActor(request), request.params.id)),
  );

  // Reporting a fault is for whoever operates sirens (duty officers, who see a siren fail, and maintainers); moving
  // the ticket on is the maintainers' (sirens:write). Read-only roles stay read-only.
  app.post('/api/siren-faults', { config: { access: 'sirens:control' }, schema: CreateFaultSchema }, async (request, reply) =>
    reply.status(201).send(presentFault(await sirens.reportFault(requireActor(request), request.ip, request.body))),
  );

  app.post('/api/siren-faults/:id/transitions', { config: { access: 'sirens:write' }, schema: TransitionFaultSchema }, async (request) =>
    presentFault(await sirens.transitionFault(requireActor(request), request.ip, request.params.id, request.body)),
  );

  // A repeated id answers 200 with the command as it stands (nothing sent again); a new command answers 201.
  app.post('/api/siren-commands', { config: { access: 'sirens:control' }, schema: IssueCommandSchema }, async (request, reply) => {
    const { data, created } = await control.issue(requireActor(request), request.ip, request.body);
    return reply.status(created ? 201 : 200).send(presentCommand(data));
  });

  app.get('/api/siren-commands', { config: { access: 'sirens:read' }, schema: ListCommandsSchema }, async (request) => {
    const result = await control.list(requireActor(request), request.query.page, request.query.pageSize);
    return { ...result, items: result.items.map((i) => presentCommandSummary(i.command, i.counts)) };
  });

  app.get('/api/siren-commands/:id', { config: { access: 'sirens:read' }, schema: GetCommandSchema }, async (request) =>
    presentCommand(await control.get(requireActor(request), request.params.id, request.query.since)),
  );

  app.get('/api/siren-commands/:id/report.xlsx', { config: { access: 'sirens:read' }, schema: CommandReportSchema }, async (request, reply) => {
    const data = await control.report(requireActor(request), request.params.id);
    // Named by when it was issued (China time, to the minute): an office files one per alert or drill.
    const stamp = shanghaiDateTime(data.command.issuedAt).replace(/[-:]/g, '').replace(' ', '-');
    return reply
      .type(FILE_TYPES.xlsx)
      .header('content-disposition', `attachment; filename="siren-command-${stamp}.xlsx"; filename*=UTF-8''${encodeURIComponent(`警报器指令执行报告-${stamp}.xlsx`)}`)
      .send(await commandReportWorkbook(data));
  });

  // The live view, pushed (control.live.ts): one watcher per command, whatever the number of browsers on it.
  const live = createLiveFeed({ read: control.changesOf, log: app.log });
  const stopListening = control.onDeliveriesChanged(live.changed);
  app.addHook('onClose', async () => {
    stopListening();
    live.close();
  });
  const streams = eventStreams(app, {
    max: liveMaxStreams,
    pingMs: 15_000,
    notAccepted: () => new AppError(E.SIRENS_STREAM_NOT_ACCEPTED, 406),
    full: (max) => new AppError(E.SIRENS_STREAM_FULL, 503, { max }),
  });
  app.get('/api/siren-commands/:id/events', { config: { access: 'sirens:read' }, schema: CommandEventsSchema }, async (request, reply) => {
    const command = await control.find(requireActor(request), request.params.id);
    if (!command) throw new AppError(E.SIRENS_COMMAND_NOT_FOUND, 404);
    // A reconnecting EventSource names the last event it got; a page falling back and forth names its cursor.
    const since = lastEventId(request.headers['last-event-id']) ?? request.query.since ?? null;
    const stream = streams.open(request, reply);
    // Each event names its command (what it plays), so a page needs no other read to show it.
    const about = { id: command.id, action: command.action, program: command.program, issuedAt: command.issuedAt };
    await live.serve(command.id, since, stream, (frame) => presentLiveFrame(frame, about));
  });
};
