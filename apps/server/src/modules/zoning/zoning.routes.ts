/** HTTP routes of zoning: reading needs `planning:read`, changing rules, parcels and the ledger `planning:write`. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { fileBody } from '../../lib/errors.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { requireActor } from '../../plugins/auth.ts';
import { presentCalculation, presentLedger, presentParcel, presentParcelMap, presentPooling, presentRule } from './zoning.presenter.ts';
import {
  AddPoolingSchema, CalculateSchema, CreateRuleSchema, ExportLedgerSchema, ImportParcelsSchema, ListParcelsSchema, ListPoolingsSchema, ListRulesSchema,
  ParcelMapSchema, SaveParcelSchema,
} from './zoning.schemas.ts';
import type { ZoningService } from './zoning.service.ts';

const FILE_TYPES = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/geo+json'];

export const zoningRoutes: FastifyPluginAsyncTypebox<{ zoning: ZoningService }> = async (app, { zoning }) => {
  const read = { access: 'planning:read' } as const;
  const write = { access: 'planning:write' } as const;
  // Encapsulated in this plugin: only the parcel import takes a file as the request body.
  app.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.get('/api/zoning/rules', { config: read, schema: ListRulesSchema }, async (request) =>
    ({ items: (await zoning.listRules(requireActor(request))).map(presentRule) }));

  app.post('/api/zoning/rules', { config: write, schema: CreateRuleSchema }, async (request, reply) => {
    const { rule, closed } = await zoning.createRule(requireActor(request), request.ip, { ...request.body, validTo: request.body.validTo, feeBasis: request.body.feeBasis ?? null });
    return reply.status(201).send({ rule: presentRule(rule), closed: closed && presentRule(closed) });
  });

  app.get('/api/zoning/calculate', { config: read, schema: CalculateSchema }, async (request) =>
    presentCalculation(await zoning.calculate(requireActor(request), request.query, shanghaiDate(new Date()))));

  app.get('/api/zoning/parcels', { config: read, schema: ListParcelsSchema }, async (request) =>
    ({ items: (await zoning.listParcels(requireActor(request))).map(presentParcel) }));

  app.get('/api/zoning/parcels/map', { config: read, schema: ParcelMapSchema }, async (request) =>
    presentParcelMap(await zoning.parcelMap(requireActor(request))));

  app.post('/api/zoning/parcels', { config: write, schema: SaveParcelSchema }, async (request) =>
    presentParcel(await zoning.saveParcel(requireActor(request), request.ip, request.body)));

  app.post('/api/zoning/parcels/import', { config: write, schema: ImportParcelsSchema }, async (request, reply) => {
    const format = String(request.headers['content-type'] ?? '').startsWith('application/geo+json') ? 'geojson' : 'xlsx';
    return reply.status(201).send(await zoning.importParcels(requireActor(request), request.ip, fileBody(request.body), format));
  });

  app.get('/api/zoning/pooling', { config: read, schema: ListPoolingsSchema }, async (request) => {
    const actor = requireActor(request);
    const [rows, totals] = await Promise.all([zoning.listPoolings(actor), zoning.poolingTotals(actor)]);
    return presentLedger(rows, totals);
  });

  app.post('/api/zoning/pooling', { config: write, schema: AddPoolingSchema }, async (request, reply) =>
    reply.status(201).send(presentPooling(await zoning.addPooling(requireActor(request), request.ip, request.body))));

  // The export is a write to the audit trail (who took the figures out), so it is for who may change the ledger.
  app.get('/api/zoning/pooling/export.xlsx', { config: write, schema: ExportLedgerSchema }, async (request, reply) => {
    const file = await zoning.ledgerFile(requireActor(request), request.ip);
    const name = '易地统筹台账.xlsx';
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="pooling-ledger.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('cache-control', 'private, no-store')
      .send(file);
  });
};
