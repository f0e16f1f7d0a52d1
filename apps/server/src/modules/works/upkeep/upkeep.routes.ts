import { DOCUMENT_TYPES, INSPECTION_CHECKLIST, INSPECTION_RESULTS, MAINTENANCE_DISCIPLINES } from '@civdef/domain';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fs from 'node:fs/promises';
import { Type } from 'typebox';
import { AppError } from '../../../lib/errors.ts';
import { IdParams, errorResponses, iso } from '../../../lib/schemas.ts';
import { requireActor } from '../../../plugins/auth.ts';
import { WorksErrors as E } from '../works.errors.ts';
import { ChinaLngLat, SignStatusEnum } from '../registry/works.schemas.ts';
import type { DocumentRow, InspectionRow, RecordRow, RectificationRow } from './upkeep.repository.ts';
import type { UpkeepService } from './upkeep.service.ts';
import { ALLOWED_TYPES, DOCUMENT_LIMIT_BYTES, PHOTO_LIMIT_BYTES, PHOTO_TYPES, filePath, looksLike, mediaTypeOf } from './upkeep.files.ts';

const codes = <T extends { code: string }>(items: readonly T[]) => items.map((i) => i.code) as T['code'][];
const Discipline = Type.Enum(codes(MAINTENANCE_DISCIPLINES), { description: 'civil / protective_equipment / ventilation / water / electrical / information' });
const DocType = Type.Enum(codes(DOCUMENT_TYPES).filter((c) => c !== 'inspection_photo'));
const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const NullableString = Type.Union([Type.String(), Type.Null()]);
const MAX_BATCH = 50;

const ScheduleSchema = Type.Object({ code: Type.String(), discipline: Type.String(), name: Type.String(), nameEn: Type.String(), intervalMonths: Type.Integer(), active: Type.Boolean() });
const PlanSchema = Type.Object({
  id: Type.Integer(), workId: Type.Integer(), workCode: Type.String(), workName: Type.String(), regionCode: Type.String(), scheduleCode: NullableString,
  discipline: Type.String(), title: Type.String(), intervalMonths: Type.Integer(), nextDueOn: Type.String(), lastDoneOn: NullableString,
  active: Type.Boolean(), overdue: Type.Boolean(),
});
const RecordSchema = Type.Object({
  id: Type.Integer(), workId: Type.Integer(), planId: Type.Union([Type.Integer(), Type.Null()]), discipline: Type.String(), doneOn: Type.String(),
  performedBy: NullableString, description: Type.String(), costYuan: Type.Union([Type.Number(), Type.Null()]), createdAt: Type.String(),
});
const RectificationSchema = Type.Object({
  id: Type.Integer(), workId: Type.Integer(), workCode: Type.String(), workName: Type.String(), regionCode: Type.String(),
  inspectionId: Type.Union([Type.Integer(), Type.Null()]), category: Type.String(), description: Type.String(), deadline: Type.String(),
  status: Type.String(), overdue: Type.Boolean(), closedAt: NullableString, closedBy: NullableString, closingNote: NullableString, createdAt: Type.String(),
});
const InspectionSchema = Type.Object({
  id: Type.Integer(), clientId: Type.String(), workId: Type.Integer(), inspectedAt: Type.String(), inspector: NullableString,
  location: Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()]), accuracyM: Type.Union([Type.Number(), Type.Null()]),
  distanceM: Type.Union([Type.Number(), Type.Null()], { description: 'GPS position to the work, metres' }),
  checklist: Type.Unknown(), notes: NullableString, photoIds: Type.Array(Type.Integer({ description: 'document ids: GET /api/works/documents/{id}/content' })),
});
const DocumentSchema = Type.Object({
  id: Type.Integer(), workId: Type.Integer(), inspectionId: Type.Union([Type.Integer(), Type.Null()]), docType: Type.String(), title: NullableString,
  fileName: Type.String(), mediaType: Type.String(), sizeBytes: Type.Integer(), sm3: Type.String(), sha256: Type.String(), uploader: NullableString,
  uploadedAt: Type.String(),
});

const InspectionInputSchema = Type.Object({
  clientId: Type.String({ format: 'uuid', description: 'generated on the phone; a resubmission with the same id is recognised, never duplicated' }),
  workId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
  inspectedAt: Type.String({ format: 'date-time' }),
  location: Type.Optional(ChinaLngLat),
  accuracyM: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
  checklist: Type.Array(Type.Object({
    item: Type.String({ minLength: 1, maxLength: 32, description: `an INSPECTION_CHECKLIST code (${codes(INSPECTION_CHECKLIST).join(', ')}) or a local item` }),
    result: Type.Enum([...INSPECTION_RESULTS]),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  }, { additionalProperties: false }), { maxItems: 50 }),
  findings: Type.Array(Type.Object({
    category: Type.String({ minLength: 1, maxLength: 32 }),
    description: Type.String({ minLength: 1, maxLength: 1000 }),
    deadline: Type.Optional(IsoDate),
  }, { additionalProperties: false }), { maxItems: 50, default: [], description: 'each finding becomes a rectification task (default deadline +30 days)' }),
  notes: Type.Optional(Type.String({ maxLength: 2000 })),
  signStatus: Type.Optional(SignStatusEnum),
  photos: Type.Array(Type.Object({
    fileName: Type.String({ minLength: 1, maxLength: 128 }),
    mediaType: Type.Enum([...PHOTO_TYPES]),
    dataBase64: Type.String({ maxLength: Math.ceil((PHOTO_LIMIT_BYTES * 4) / 3) + 4, description: 'the photo, base64' }),
  }, { additionalProperties: false }), { maxItems: 10, default: [] }),
}, { additionalProperties: false });

const presentRecord = (r: RecordRow) => ({ ...r, createdAt: iso(r.createdAt)! });
const presentRect = (r: RectificationRow) => ({ ...r, closedAt: iso(r.closedAt), createdAt: iso(r.createdAt)! });
const presentInspection = (i: InspectionRow) => {
  const { lng, lat, ...rest } = i;
  return { ...rest, inspectedAt: iso(i.inspectedAt)!, location: lng === null || lat === null ? null : [lng, lat] as [number, number], distanceM: i.distanceM === null ? null : Math.round(i.distanceM) };
};
const presentDoc = (d: DocumentRow) => {
  const { storageKey: _k, ...rest } = d;
  return { ...rest, uploadedAt: iso(d.uploadedAt)! };
};

export const upkeepRoutes: FastifyPluginAsyncTypebox<{ upkeep: UpkeepService; dataDir: string }> = async (app, { upkeep, dataDir }) => {
  const tags = ['works-upkeep'];

  app.get('/api/works/maintenance-schedules', {
    config: { access: 'works:read' },
    schema: { tags, summary: '维护周期 Maintenance schedules (configurable; plans are generated from them)', response: { 200: Type.Object({ items: Type.Array(ScheduleSchema) }), ...errorResponses(401, 403) } },
  }, async () => ({ items: await upkeep.schedules() }));

  app.patch('/api/works/maintenance-schedules/:code', {
    config: { access: 'system:config' },
    schema: {
      tags,
      summary: '修改维护周期 Change a schedule (city-wide configuration)',
      params: Type.Object({ code: Type.String({ pattern: '^[a-z0-9_]{1,64}$' }) }),
      body: Type.Object({
        name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        nameEn: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        intervalMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 120 })),
        active: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: ScheduleSchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => upkeep.updateSchedule(requireActor(request), request.ip, request.params.code, request.body));

  app.get('/api/works/upkeep/due', {
    config: { access: 'works:read' },
    schema: {
      tags,
      summary: '到期维护 Maintenance plans overdue or due within N days in my jurisdiction',
      querystring: Type.Object({
        withinDays: Type.Integer({ minimum: 0, maximum: 366, default: 30 }),
        limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
        offset: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 }),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          items: Type.Array(PlanSchema),
          total: Type.Integer({ description: 'plans due in the window, all pages' }),
          overdue: Type.Integer({ description: 'of which already overdue' }),
        }),
        ...errorResponses(400, 401, 403),
      },
    },
  }, async (request) => upkeep.duePlans(requireActor(request), request.query.withinDays, request.query.limit, request.query.offset));

  app.get('/api/works/:id/maintenance-plans', {
    config: { access: 'works:read' },
    schema: { tags, summary: '维护计划 Maintenance plans of a work with next due dates and overdue flags', params: IdParams, response: { 200: Type.Object({ items: Type.Array(PlanSchema) }), ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => ({ items: await upkeep.plans(requireActor(request), request.params.id) }));

  app.post('/api/works/:id/maintenance-plans/generate', {
    config: { access: 'works:write' },
    schema: {
      tags,
      summary: '生成维护计划 Create a plan for every active schedule the work lacks; first due one interval after startOn (default today)',
      params: IdParams,
      body: Type.Object({ startOn: Type.Optional(IsoDate) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(PlanSchema) }), ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => ({ items: await upkeep.generatePlans(requireActor(request), request.ip, request.params.id, request.body.startOn) }));

  app.get('/api/works/:id/maintenance-records', {
    config: { access: 'works:read' },
    schema: { tags, summary: '维护记录 Maintenance records of a work, newest first', params: IdParams, response: { 200: Type.Object({ items: Type.Array(RecordSchema) }), ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => ({ items: (await upkeep.records(requireActor(request), request.params.id)).map(presentRecord) }));

  app.post('/api/works/:id/maintenance-records', {
    config: { access: 'works:inspect' },
    schema: {
      tags,
      summary: '登记维护 Record maintenance done; against a plan it moves the plan\'s next due date to doneOn + interval',
      params: IdParams,
      body: Type.Object({
        planId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
        discipline: Discipline,
        doneOn: IsoDate,
        performedBy: Type.Optional(Type.String({ maxLength: 128 })),
        description: Type.String({ minLength: 1, maxLength: 2000 }),
        costYuan: Type.Optional(Type.Number({ minimum: 0, maximum: 1e10 })),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Type.Integer(), plan: Type.Union([PlanSchema, Type.Null()]) }), ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => reply.status(201).send(await upkeep.addRecord(requireActor(request), request.ip, request.params.id, request.body)));

  app.get('/api/works/inspections/checklist', {
    config: { access: 'works:inspect' },
    schema: {
      tags,
      summary: '巡检清单 The default inspection checklist (codes with zh/en labels) for the field page',
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() })) }), ...errorResponses(401, 403) },
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
      body: Type.Object({ items: Type.Array(InspectionInputSchema, { minItems: 1, maxItems: MAX_BATCH }) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          items: Type.Array(Type.Object({
            clientId: Type.String(), status: Type.Enum(['created', 'duplicate', 'rejected'] as const), inspectionId: Type.Union([Type.Integer(), Type.Null()]),
            code: NullableString, message: NullableString,
          })),
        }),
        ...errorResponses(400, 401, 403, 413),
      },
    },
  }, async (request) => ({ items: await upkeep.submitBatch(requireActor(request), request.ip, request.body.items as never, request.headers['accept-language']) }));

  app.get('/api/works/:id/inspections', {
    config: { access: 'works:read' },
    schema: { tags, summary: '巡检记录 Inspections of a work with checklist, GPS distance and photo ids', params: IdParams, response: { 200: Type.Object({ items: Type.Array(InspectionSchema) }), ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => ({ items: (await upkeep.inspections(requireActor(request), request.params.id)).map(presentInspection) }));

  app.get('/api/works/rectifications', {
    config: { access: 'works:read' },
    schema: {
      tags,
      summary: '整改任务 Rectification tasks in my jurisdiction (status open / closed / overdue = open past its deadline)',
      querystring: Type.Object({
        status: Type.Optional(Type.Enum(['open', 'closed', 'overdue'] as const)),
        workId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
        page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
        pageSize: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
      }, { additionalProperties: false }),
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
      body: Type.Object({ note: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }),
      response: { 200: RectificationSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => presentRect(await upkeep.closeRectification(requireActor(request), request.ip, request.params.id, request.body.note)));

  app.put('/api/works/:id/sign', {
    config: { access: 'works:inspect' },
    schema: {
      tags,
      summary: '标识标牌 Set the sign status of a work',
      params: IdParams,
      body: Type.Object({ status: SignStatusEnum, note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
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
      querystring: Type.Object({ docType: DocType, title: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })) }, { additionalProperties: false }),
      response: { 201: DocumentSchema, ...errorResponses(400, 401, 403, 404, 413, 415) },
    },
  }, async (request, reply) => {
    const actor = requireActor(request);
    await upkeep.assertWork(actor, request.params.id);
    if (!request.isMultipart()) throw new AppError(E.WORKS_FILE_MISSING, 400);
    const file = await request.file({ limits: { fileSize: DOCUMENT_LIMIT_BYTES, files: 1 } });
    if (!file || file.fieldname !== 'file') throw new AppError(E.WORKS_FILE_MISSING, 400);
    const mediaType = mediaTypeOf(file.filename);
    if (!mediaType) throw new AppError(E.WORKS_FILE_TYPE, 415, { mediaType: file.filename.split('.').pop() ?? file.mimetype });
    const data = await file.toBuffer();
    if (!looksLike(mediaType, data)) throw new AppError(E.WORKS_FILE_TYPE, 415, { mediaType });
    const doc = await upkeep.addDocument(actor, request.ip, request.params.id, {
      docType: request.query.docType, title: request.query.title ?? null, fileName: file.filename, mediaType, data,
    });
    return reply.status(201).send(presentDoc(doc));
  });

  app.get('/api/works/:id/documents', {
    config: { access: 'works:read' },
    schema: { tags, summary: '档案列表 Documents and inspection photos of a work', params: IdParams, response: { 200: Type.Object({ items: Type.Array(DocumentSchema) }), ...errorResponses(400, 401, 403, 404) } },
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
    const d = await upkeep.document(requireActor(request), request.params.id);
    const name = d.fileName;
    // Open before answering: a file missing from the data directory is a 404, not a stream that fails after the headers.
    let file: fs.FileHandle;
    try {
      file = await fs.open(filePath(dataDir, d.storageKey), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      request.log.warn({ documentId: d.id, storageKey: d.storageKey }, 'document file missing from the data directory');
      throw new AppError(E.WORKS_DOCUMENT_FILE_MISSING, 404, { id: d.id });
    }
    const { size } = await file.stat();
    return reply
      .header('content-type', d.mediaType)
      .header('content-length', String(size))
      .header('content-disposition', `attachment; filename="${name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('x-content-sha256', d.sha256)
      .header('cache-control', 'private, no-store')
      .send(file.createReadStream());
  });
};
