/** Upkeep, field inspections and archives of works. HTTP only: schema, access, the service, the presenter. */
import { INSPECTION_CHECKLIST } from '@civdef/domain';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, errorResponses } from '../../../lib/schemas.ts';
import { requireActor } from '../../../plugins/auth.ts';
import { bytesOf, uploadedFile } from '../uploads.ts';
import { ALLOWED_TYPES, DOCUMENT_LIMIT_BYTES } from './upkeep.files.ts';
import { dueCsv, presentDoc, presentInspection, presentRecord, presentRect } from './upkeep.presenter.ts';
import {
  BatchOutcomeSchema, BatchSchema, ChecklistSchema, CloseRectificationSchema, DocumentQuery, DocumentSchema, DueExportQuery, DuePageSchema, DueQuery,
  GeneratePlansSchema, InspectionSchema, MAX_BATCH, PlanSchema, RecordCreatedSchema, RecordInputSchema, RecordSchema, RectificationQuery,
  RectificationSchema, ScheduleCodeParams, ScheduleCreatedSchema, ScheduleCreateSchema, SchedulePatchSchema, ScheduleSchema, SignSchema, items,
} from './upkeep.schemas.ts';
import type { UpkeepService } from './upkeep.service.ts';
import { shanghaiStamp } from '../../../lib/time.ts';

export const upkeepRoutes: FastifyPluginAsyncTypebox<{ upkeep: UpkeepService }> = async (app, { upkeep }) => {
  const tags = ['works-upkeep'];

  app.get('/api/works/maintenance-schedules', {
    config: { access: 'works:read' },
    schema: { tags, summary: '维护周期 Maintenance schedules (configurable; plans are generated from them)', response: { 200: items(ScheduleSchema), ...errorResponses(401, 403) } },
  }, async () => ({ items: await upkeep.schedules() }));

  app.patch('/api/works/maintenance-schedules/:code', {
    config: { access: 'system:config' },
    schema: {
      tags,
      summary: '修改维护周期 Change a schedule (city-wide configuration)',
      params: ScheduleCodeParams,
      body: SchedulePatchSchema,
      response: { 200: ScheduleSchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => upkeep.updateSchedule(requireActor(request), request.ip, request.params.code, request.body));

  app.get('/api/works/upkeep/due', {
    config: { access: 'works:read' },
    schema: {
      tags,
      summary: '到期维护 Maintenance plans overdue or due within N days in my jurisdiction',
      querystring: DueQuery,
      response: { 200: DuePageSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => {
    const { limit, offset, ...filter } = request.query;
    return upkeep.duePlans(requireActor(request), filter, limit, offset);
  });

  app.get('/api/works/upkeep/due/export', {
    config: { access: 'works:read' },
    schema: {
      tags,
      summary: '导出到期维护 The due list (same filters) as CSV, days overdue included; audited',
      querystring: DueExportQuery,
      response: { 200: Type.Unknown({ description: 'CSV, UTF-8 with BOM' }), ...errorResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    const items = await upkeep.exportDue(requireActor(request), request.ip, request.query);
    const stamp = shanghaiStamp();
    return reply.header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="upkeep-due-${stamp}.csv"; filename*=UTF-8''${encodeURIComponent(`到期维护-${stamp}.csv`)}`)
      .send(dueCsv(items));
  });

  app.post('/api/works/maintenance-schedules', {
    config: { access: 'system:config' },
    schema: {
      tags,
      summary: '新增维护项目 Add a maintenance item (schedule); every work of the jurisdiction that needs upkeep gets its plan',
      body: ScheduleCreateSchema,
      response: { 201: ScheduleCreatedSchema, ...errorResponses(400, 401, 403, 409) },
    },
  }, async (request, reply) => reply.status(201).send(await upkeep.createSchedule(requireActor(request), request.ip, request.body)));

  app.get('/api/works/:id/maintenance-plans', {
    config: { access: 'works:read' },
    schema: { tags, summary: '维护计划 Maintenance plans of a work with next due dates and overdue flags', params: IdParams, response: { 200: items(PlanSchema), ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => ({ items: await upkeep.plans(requireActor(request), request.params.id) }));

  app.post('/api/works/:id/maintenance-plans/generate', {
    config: { access: 'works:write' },
    schema: {
      tags,
      summary: '生成维护计划 Create a plan for every active schedule the work lacks; first due one interval after startOn (default today)',
      params: IdParams,
      body: GeneratePlansSchema,
      response: { 200: items(PlanSchema), ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => ({ items: await upkeep.generatePlans(requireActor(request), request.ip, request.params.id, request.body.startOn) }));

  app.get('/api/works/:id/maintenance-records', {
    config: { access: 'works:read' },
    schema: { tags, summary: '维护记录 Maintenance records of a work, newest first', params: IdParams, response: { 200: items(RecordSchema), ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => ({ items: (await upkeep.records(requireActor(request), request.params.id)).map(presentRecord) }));

  app.post('/api/works/:id/maintenance-records', {
    config: { access: 'works:inspect' },
    schema: {
      tags,
      summary: '登记维护 Record maintenance done; against a plan it moves the plan\'s next due date to doneOn + interval',
      params: IdParams,
      body: RecordInputSchema,
      response: { 201: RecordCreatedSchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => reply.status(201).send(await upkeep.addRecord(requireActor(request), request.ip, request.params.id, request.body)));

  app.get('/api/works/inspections/checklist', {
    config: { access: 'works:inspect' },
    schema: {
      tags,
      summary: '巡检清单 The default inspection checklist (codes with zh/en labels) for the field page',
      response: { 200: ChecklistSchema, ...errorResponses(401, 403) },
    },
  }, async () => ({ items: [...INSPECTION_CHECKLIST] }));

  app.post('/api/works/inspections/batch', {
    config: { access: 'works:inspect' },
    bodyLimit: MAX_BATCH * 2 * 1024 * 1024 + 1024 * 1024,
    schema: {
      tags,
      summary: '提交巡检（批量，可离线） Submit queued inspections from a phone; resubmitting is safe',
      description: 'Each item is written in its own transaction and answers `created`, `duplicate` (its clientId was seen before: nothing new is '
        + 'stored) or `rejected` with code and message (e.g. work outside the jurisdiction, photo not a JPEG/PNG/WebP). A client drops items that '
        + 'are created or duplicate and keeps rejected ones for the user. Findings become rectification tasks; the `signs` checklist item or '
        + '`signStatus` updates the work\'s sign status. Photos are base64 (≤ 10 MB each, ≤ 10 per inspection).',
      body: BatchSchema,
      response: { 200: BatchOutcomeSchema, ...errorResponses(400, 401, 403, 413) },
    },
  }, async (request) => ({ items: await upkeep.submitBatch(requireActor(request), request.ip, request.body.items as never, request.headers['accept-language'],
    (err) => request.log.error({ err }, 'an inspection of a batch failed'),
  ) }));

  app.get('/api/works/:id/inspections', {
    config: { access: 'works:read' },
    schema: { tags, summary: '巡检记录 Inspections of a work with checklist, GPS distance and photo ids', params: IdParams, response: { 200: items(InspectionSchema), ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => ({ items: (await upkeep.inspections(requireActor(request), request.params.id)).map(presentInspection) }));

  app.get('/api/works/rectifications', {
    config: { access: 'works:read' },
    schema: {
      tags,
      summary: '整改任务 Rectification tasks in my jurisdiction (status open / closed / overdue = open past its deadline)',
      querystring: RectificationQuery,
      response: { 200: Type.Object({ items: Type.Array(RectificationSchema), total: Type.Integer() }), ...errorResponses(400, 401, 403) },
    },
  }, async (request) => {
    const { page, pageSize, ...f } = request.query;
    const r = await upkeep.rectifications(requireActor(request), { ...f, limit: pageSize, offset: (page - 1) * pageSize });
    return { items: r.items.map(presentRect), total: r.total };
  });

  app.post('/api/works/rectifications/:id/close', {
    config: { access: 'works:inspect' },
    schema: {
      tags,
      summary: '关闭整改 Close a rectification task with a note',
      params: IdParams,
      body: CloseRectificationSchema,
      response: { 200: RectificationSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => presentRect(await upkeep.closeRectification(requireActor(request), request.ip, request.params.id, request.body.note)));

  app.put('/api/works/:id/sign', {
    config: { access: 'works:inspect' },
    schema: {
      tags,
      summary: '标识标牌 Set the sign status of a work',
      params: IdParams,
      body: SignSchema,
      response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await upkeep.setSign(requireActor(request), request.ip, request.params.id, request.body.status, request.body.note ?? null);
    return reply.status(204).send(null);
  });

  app.post('/api/works/:id/documents', {
    config: { access: 'works:write' },
    schema: {
      tags,
      summary: '上传档案 Attach a document (multipart field "file") — drawings, acceptance reports, permits…',
      description: `Types by extension: ${Object.keys(ALLOWED_TYPES).join(', ')}; at most ${DOCUMENT_LIMIT_BYTES / 1048576} MB. `
        + 'Stored under the data directory with SM3 and SHA-256 checksums.',
      consumes: ['multipart/form-data'],
      params: IdParams,
      querystring: DocumentQuery,
      response: { 201: DocumentSchema, ...errorResponses(400, 401, 403, 404, 413, 415) },
    },
  }, async (request, reply) => {
    const actor = requireActor(request);
    // The work and the file type are checked before the upload is read, so nothing is buffered for a refused file.
    await upkeep.assertWork(actor, request.params.id);
    const file = await uploadedFile(request, DOCUMENT_LIMIT_BYTES);
    const mediaType = upkeep.documentMediaType(file.filename, file.mimetype);
    const doc = await upkeep.addDocument(actor, request.ip, request.params.id, {
      docType: request.query.docType, title: request.query.title ?? null, fileName: file.filename, mediaType, data: await bytesOf(file, DOCUMENT_LIMIT_BYTES),
    });
    return reply.status(201).send(presentDoc(doc));
  });

  app.get('/api/works/:id/documents', {
    config: { access: 'works:read' },
    schema: { tags, summary: '档案列表 Documents and inspection photos of a work', params: IdParams, response: { 200: items(DocumentSchema), ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => ({ items: (await upkeep.documents(requireActor(request), request.params.id)).map(presentDoc) }));

  app.get('/api/works/documents/:id/content', {
    config: { access: 'works:read' },
    schema: {
      tags,
      summary: '下载档案 Download a document (only of works in my jurisdiction)',
      params: IdParams,
      response: { 200: Type.Unknown({ description: 'the file' }), ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    const { doc, file, size } = await upkeep.openDocument(requireActor(request), request.params.id, (missing) => {
      request.log.warn(missing, 'document file missing from the data directory');
    });
    const name = doc.fileName;
    return reply
      .header('content-type', doc.mediaType)
      .header('content-length', String(size))
      .header('content-disposition', `attachment; filename="${name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('x-content-sha256', doc.sha256)
      .header('cache-control', 'private, no-store')
      .send(file.createReadStream());
  });
};
