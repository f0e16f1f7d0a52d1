/** Import jobs (upload → validate → commit, progress over SSE), the template and the export. HTTP only. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { languageOf } from '../../../lib/errors.ts';
import { errorResponses } from '../../../lib/schemas.ts';
import { requireActor } from '../../../plugins/auth.ts';
import { bytesOf, uploadedFile } from '../uploads.ts';
import { CONTENT_TYPES, attachment, presentJob } from './exchange.presenter.ts';
import { CommitQuery, ExportQuery, IMPORT_FILE_LIMIT_BYTES, JobId, JobSchema, TemplateQuery, UploadQuery } from './exchange.schemas.ts';
import type { ExportService } from './export.service.ts';
import type { ImportService, JobProgress } from './import.service.ts';
import { streamProgress } from '../../../lib/progress-stream.ts';
import { shanghaiStamp } from '../../../lib/time.ts';

export const worksImportRoutes: FastifyPluginAsyncTypebox<{ imports: ImportService; exports: ExportService }> = async (app, { imports, exports }) => {
  const log = (err: unknown) => app.log.error({ err }, 'works import job failed');

  app.get('/api/works/imports/template', {
    config: { access: 'works:import' },
    schema: {
      tags: ['works-import'],
      summary: '导入模板 Download the import template (Chinese headers; XLSX has a 防护单元 sheet for works with several units)',
      querystring: TemplateQuery,
      response: { 200: Type.Unknown({ description: 'the template file' }), ...errorResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    const format = request.query.format;
    const data = await exports.template(format);
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
      querystring: UploadQuery,
      response: { 200: JobSchema, 202: JobSchema, ...errorResponses(400, 401, 403, 413, 415) },
    },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const file = await uploadedFile(request, IMPORT_FILE_LIMIT_BYTES);
    const data = await bytesOf(file, IMPORT_FILE_LIMIT_BYTES);
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
      querystring: CommitQuery,
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
    await streamProgress<JobProgress>(request, reply, (send) => imports.watch(actor, request.params.id, send));
  });

  app.get('/api/works/export', {
    config: { access: 'works:read' },
    schema: {
      tags: ['works-import'],
      summary: '导出 Export the works matching the filters (same filters as GET /api/works) as XLSX, CSV or GeoJSON',
      description: 'The file is in the import format: editing it and importing it back updates the works by 工程编号. The export is audited.',
      querystring: ExportQuery,
      response: { 200: Type.Unknown({ description: 'the file' }), ...errorResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const { format, ...filter } = request.query;
    const data = await exports.export(actor, request.ip, format, filter);
    const stamp = shanghaiStamp();
    return reply.header('content-type', CONTENT_TYPES[format]).header('content-disposition', attachment(`人防工程-${stamp}.${format}`)).send(data);
  });
};
