/** HTTP routes of the population module: schema → service → presenter, nothing else. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../lib/errors.ts';
import { requireActor } from '../../plugins/auth.ts';
import { PopulationErrors as E } from './population.errors.ts';
import type { PopulationFile, PopulationFormat, PopulationImportsService } from './population.imports.ts';
import { presentDataset, presentPreview } from './population.presenter.ts';
import {
  CommitImportSchema, ExportPopulationSchema, ListDatasetsSchema, POPULATION_CONTENT_TYPES, PopulationTemplateSchema, PreviewImportSchema, type ImportQuery,
} from './population.schemas.ts';
import { shanghaiStamp } from '../../lib/time.ts';

/** A city's 100 m grid as CSV is some 10 MB; XLSX is smaller. */
const FILE_LIMIT_BYTES = 32 * 1024 * 1024;
/** `attachment; filename=…` with an ASCII fallback and the UTF-8 name (RFC 6266). */
const attachment = (name: string) => `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

function fileOf(request: FastifyRequest, query: ImportQuery): PopulationFile {
  const type = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const format = (Object.entries(POPULATION_CONTENT_TYPES).find(([, t]) => t === type)?.[0] ?? null) as PopulationFormat | null;
  if (!format || !Buffer.isBuffer(request.body)) throw new AppError(E.POPULATION_FORMAT_UNSUPPORTED, 415);
  return { format, data: request.body, fileName: query.fileName ?? `population.${format}` };
}

export const populationRoutes: FastifyPluginAsyncTypebox<{ imports: PopulationImportsService }> = async (app, { imports }) => {
  // Encapsulated in this plugin: only the population import takes a file as the request body.
  app.addContentTypeParser(Object.values(POPULATION_CONTENT_TYPES), { parseAs: 'buffer', bodyLimit: FILE_LIMIT_BYTES }, (_request, body, done) => done(null, body));

  app.post('/api/population/imports/preview', { config: { access: 'planning:write' }, bodyLimit: FILE_LIMIT_BYTES, schema: PreviewImportSchema }, async (request) =>
    presentPreview(await imports.preview(requireActor(request), fileOf(request, request.query), request.query.area)));

  app.post('/api/population/imports', { config: { access: 'planning:write' }, bodyLimit: FILE_LIMIT_BYTES, schema: CommitImportSchema }, async (request, reply) => {
    const { dataset, preview } = await imports.commit(requireActor(request), request.ip, fileOf(request, request.query), request.query.area);
    return reply.status(201).send({ dataset: presentDataset(dataset), preview: presentPreview(preview) });
  });

  app.get('/api/population/datasets', { config: { access: 'planning:read' }, schema: ListDatasetsSchema }, async (request) =>
    ({ items: (await imports.datasets(requireActor(request))).map(presentDataset) }));

  app.get('/api/population/export', { config: { access: 'planning:write' }, schema: ExportPopulationSchema }, async (request, reply) => {
    const format = request.query.format ?? 'xlsx';
    const data = await imports.exportFile(requireActor(request), request.ip, format, request.query.area);
    const stamp = shanghaiStamp();
    return reply.type(POPULATION_CONTENT_TYPES[format]).header('content-disposition', attachment(`人口-${stamp}.${format}`)).send(data);
  });

  app.get('/api/population/template', { config: { access: 'planning:write' }, schema: PopulationTemplateSchema }, async (request, reply) => {
    const format = request.query.format ?? 'xlsx';
    return reply.type(POPULATION_CONTENT_TYPES[format]).header('content-disposition', attachment(`人口导入模板.${format}`)).send(await imports.templateFile(format));
  });
};
