import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { fileBody } from '../../lib/errors.ts';
import { requireActor } from '../../plugins/auth.ts';
import { presentBoundaries, presentRegion, presentTownOutlinePreview } from './regions.presenter.ts';
import { ApplyTownOutlinesSchema, BoundariesSchema, GEOJSON_TYPE, ListRegionsSchema, PreviewTownOutlinesSchema, RegionsAtSchema } from './regions.schemas.ts';
import type { RegionsService } from './regions.service.ts';

export const regionsRoutes: FastifyPluginAsyncTypebox<{ regions: RegionsService }> = async (app, { regions }) => {
  app.get('/api/regions', { config: { access: 'regions:read' }, schema: ListRegionsSchema }, async (request) => ({
    items: (await regions.listFor(requireActor(request))).map(presentRegion),
  }));

  app.get('/api/regions/at', { config: { access: 'regions:read' }, schema: RegionsAtSchema }, async (request) => ({
    items: (await regions.regionsAt(requireActor(request), request.query.lng, request.query.lat)).map((r) => ({
      code: r.code, name: r.name, level: r.level as 'province' | 'city' | 'county' | 'town', synthetic: r.synthetic,
    })),
  }));

  app.get('/api/regions/boundaries', { config: { access: 'regions:read' }, schema: BoundariesSchema }, async (request) =>
    presentBoundaries(await regions.boundariesFor(requireActor(request))),
  );

  // Town outlines feed the coverage figures per town: imported by those who keep the siren network's inputs.
  app.addContentTypeParser(GEOJSON_TYPE, { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 }, (_request, body, done) => done(null, body));
  app.post('/api/regions/town-outlines/import/preview', { config: { access: 'sirens:write' }, bodyLimit: 20 * 1024 * 1024, schema: PreviewTownOutlinesSchema }, async (request) =>
    presentTownOutlinePreview(await regions.previewTownOutlines(requireActor(request), fileBody(request.body))));
  app.post('/api/regions/town-outlines/import/apply', { config: { access: 'sirens:write' }, bodyLimit: 20 * 1024 * 1024, schema: ApplyTownOutlinesSchema }, async (request) =>
    regions.applyTownOutlines(requireActor(request), request.ip, fileBody(request.body), request.query.preview));
};
