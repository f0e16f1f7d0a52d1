import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../../../db/index.ts';
import { auditContextOf } from '../../../lib/actor.ts';
import { AppError, languageOf } from '../../../lib/errors.ts';
import { errorResponses, iso } from '../../../lib/schemas.ts';
import { requireActor } from '../../../plugins/auth.ts';
import { appendAudit } from '../../audit/index.ts';
import { WorksErrors as E } from '../works.errors.ts';
import * as repo from '../registry/works.repository.ts';
import { WorkFilterProps } from '../registry/works.schemas.ts';
import { toCsv, toGeoJson, toXlsx } from './format/writers.ts';
import { CRS_VALUES } from './format/import.format.ts';
import type { ImportJobRow } from './exchange.repository.ts';
import type { ImportService, JobProgress } from './import.service.ts';

export const IMPORT_FILE_LIMIT_BYTES = 50 * 1024 * 1024;
export const EXPORT_MAX_WORKS = 100_000;

const JobId = Type.Object({ id: Type.String({ format: 'uuid' }) });
const RowErrorSchema = Type.Object({
  row: Type.Integer({ description: 'spreadsheet row (header = 1) or GeoJSON feature number (first = 1); 0 = the whole file' }),
  sheet: Type.String(),
  column: Type.String({ description: 'the column header of the template (or GeoJSON property)' }),
  value: Type.Optional(Type.String()),
  message: Type.String({ description: 'the rule broken, in the request language' }),
  zh: Type.String(),
  en: Type.String(),
});
const JobSchema = Type.Object({
  id: Type.String(),
  status: Type.String({ description: 'validating → valid | invalid; commit: committing → committed | invalid | failed' }),
  fileName: Type.String(),
  format: Type.String(),
  crs: Type.String(),
  actor: Type.Union([Type.String(), Type.Null()]),
  totalRows: Type.Integer(),
  errorCount: Type.Integer(),
  errors: Type.Array(RowErrorSchema),
  result: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  createdAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
});

function presentJob(j: ImportJobRow, lang: 'zh-CN' | 'en') {
  return {
    id: j.id, status: j.status, fileName: j.fileName, format: j.format, crs: j.crs, actor: j.actor, totalRows: j.totalRows, errorCount: j.errorCount,
    errors: j.errors.map((e) => ({ ...e, message: lang === 'en' ? e.en : e.zh })), result: j.result, createdAt: iso(j.createdAt)!, finishedAt: iso(j.finishedAt),
  };
}

const CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json',
} as const;

function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export const worksImportRoutes: FastifyPluginAsyncTypebox<{ db: Database; imports: ImportService; areaPerPersonM2: number }> = async (app, { db, imports, areaPerPersonM2 }) => {
  const log = (err: unknown) => app.log.error({ err }, 'works import job failed');

  app.get('/api/works/imports/template', {
    config: { access: 'works:import' },
    schema: {
      tags: ['works-import'],
      summary: '导入模板 Download the import template (Chinese headers; XLSX has a 防护单元 sheet for works with several units)',
      querystring: Type.Object({ format: Type.Enum(['xlsx', 'csv'] as const, { default: 'xlsx' }) }, { additionalProperties: false }),
      response: { 200: Type.Unknown({ description: 'the template file' }), ...errorResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    const format = request.query.format;
    const data = format === 'xlsx' ? await toXlsx([], [], { template: true }) : toCsv([], { template: true });
    return reply.header('content-type', CONTENT_TYPES[format]).header('content-disposition', attachment(`人防工程导入模板.${format}`)).send(data);
  });

  app.post('/api/works/imports', {
    config: { access: 'works:import' },
    schema: {
      tags: ['works-import'],
      summary: '上传并校验 Upload an XLSX, CSV or GeoJSON file (multipart field "file") and validate it; nothing is written',
      description: 'Starts a validation job and answers 202 with the job (or 200 with the finished job when `wait=true`). '
        + 'Follow progress with GET /api/works/imports/{id}/events (text/event-stream) or poll GET /api/works/imports/{id}. '
        + 'A job with status `invalid` lists every bad row (row, column, rule in zh/en). Coordinates in `crs` (wgs84 = cgcs2000, gcj02, bd09) '
        + `are converted to WGS84. Max ${IMPORT_FILE_LIMIT_BYTES / 1048576} MB.`,
      consumes: ['multipart/form-data'],
      querystring: Type.Object({
        crs: Type.Enum([...CRS_VALUES], { default: 'wgs84', description: 'coordinate system of the file' }),
        format: Type.Optional(Type.Enum(['xlsx', 'csv', 'geojson'] as const, { description: 'default: from the file extension' })),
        wait: Type.Boolean({ default: false, description: 'answer when validation is over' }),
      }, { additionalProperties: false }),
      response: { 200: JobSchema, 202: JobSchema, ...errorResponses(400, 401, 403, 413, 415) },
    },
  }, async (request, reply) => {
    const actor = requireActor(request);
    if (!request.isMultipart()) throw new AppError(E.WORKS_FILE_MISSING, 400);
    const file = await request.file({ limits: { fileSize: IMPORT_FILE_LIMIT_BYTES, files: 1 } });
    if (!file || file.fieldname !== 'file') throw new AppError(E.WORKS_FILE_MISSING, 400);
    const data = await file.toBuffer();
    const job = await imports.start(actor, { fileName: file.filename || 'upload', data }, { crs: request.query.crs, format: request.query.format, wait: request.query.wait, ip: request.ip }, log);
    return reply.status(request.query.wait ? 200 : 202).send(presentJob(job, languageOf(request.headers['accept-language'])));
  });

  app.get('/api/works/imports', {
    config: { access: 'works:import' },
    schema: {
      tags: ['works-import'],
      summary: '导入任务列表 Recent import jobs in my jurisdiction (without their error lists)',
      response: { 200: Type.Object({ items: Type.Array(JobSchema) }), ...errorResponses(401, 403) },
    },
  }, async (request) => ({ items: (await imports.list(requireActor(request))).map((j) => presentJob(j, languageOf(request.headers['accept-language']))) }));

  app.get('/api/works/imports/:id', {
    config: { access: 'works:import' },
    schema: {
      tags: ['works-import'],
      summary: '导入任务 An import job: status, counts, every bad row, stored result',
      params: JobId,
      response: { 200: JobSchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => presentJob(await imports.get(requireActor(request), request.params.id), languageOf(request.headers['accept-language'])));

  app.post('/api/works/imports/:id/commit', {
    config: { access: 'works:import' },
    schema: {
      tags: ['works-import'],
      summary: '提交导入 Write a validated import: all rows in one transaction or none; existing 工程编号 are updated',
      description: 'Re-checks the file against the database inside the transaction; if anything is wrong the job becomes `invalid` with the '
        + 'report and nothing is written. Answers 202 (or 200 with the finished job when `wait=true`).',
      params: JobId,
      querystring: Type.Object({ wait: Type.Boolean({ default: false }) }, { additionalProperties: false }),
      response: { 200: JobSchema, 202: JobSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    const job = await imports.commit(requireActor(request), request.ip, request.params.id, request.query.wait, log);
    return reply.status(request.query.wait ? 200 : 202).send(presentJob(job, languageOf(request.headers['accept-language'])));
  });

  app.get('/api/works/imports/:id/events', {
    config: { access: 'works:import' },
    schema: {
      tags: ['works-import'],
      summary: '导入进度 Progress of an import job as Server-Sent Events',
      description: 'text/event-stream: `event: progress` with `{id, status, phase (parse|check|write|done), done, total}` while running, '
        + 'then one `event: done`; the stream then closes. Reconnect-safe: the first event is always the current state.',
      params: JobId,
      response: { ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    const actor = requireActor(request);
    await imports.get(actor, request.params.id);
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no', connection: 'keep-alive' });
    let closed = false;
    let unsubscribe: () => void = () => undefined;
    const send = (p: JobProgress) => {
      if (closed) return;
      reply.raw.write(`event: ${p.phase === 'done' ? 'done' : 'progress'}\ndata: ${JSON.stringify(p)}\n\n`);
      if (p.phase === 'done') {
        closed = true;
        unsubscribe();
        reply.raw.end();
      }
    };
    unsubscribe = await imports.watch(actor, request.params.id, send);
    if (closed) unsubscribe();
    request.raw.on('close', () => {
      closed = true;
      unsubscribe();
    });
  });

  app.get('/api/works/export', {
    config: { access: 'works:read' },
    schema: {
      tags: ['works-import'],
      summary: '导出 Export the works matching the filters (same filters as GET /api/works) as XLSX, CSV or GeoJSON',
      description: 'The file is in the import format: editing it and importing it back updates the works by 工程编号. The export is audited.',
      querystring: Type.Object({ ...WorkFilterProps, format: Type.Enum(['xlsx', 'csv', 'geojson'] as const, { default: 'xlsx' }) }, { additionalProperties: false }),
      response: { 200: Type.Unknown({ description: 'the file' }), ...errorResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const { format, ...filter } = request.query;
    const rows = await repo.listFull(db, { ...filter, scope: actor.scope }, areaPerPersonM2, EXPORT_MAX_WORKS);
    const units = format === 'csv' ? [] : await repo.unitsOf(db, rows.map((r) => r.id));
    const data = format === 'xlsx' ? await toXlsx(rows, units) : format === 'csv' ? toCsv(rows) : toGeoJson(rows, units);
    // Coordinates and capacity are sensitive: who took which works out of the system is recorded.
    await db.transaction((tx) => appendAudit(tx, auditContextOf(actor, request.ip), {
      action: 'work.export', entityType: 'work', regionCode: actor.regionCode, after: { format, filter, works: rows.length },
    }));
    const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    return reply.header('content-type', CONTENT_TYPES[format]).header('content-disposition', attachment(`人防工程-${stamp}.${format}`)).send(data);
  });
};
