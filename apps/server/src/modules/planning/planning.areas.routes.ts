/** HTTP routes of the assessment areas (防护片区): schema → service → presenter, nothing else. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { featureCollection } from '../../lib/geojson.ts';
import { iso } from '../../lib/schemas.ts';
import { requireActor } from '../../plugins/auth.ts';
import type { AreaSetRow, PlanningAreasService, PolygonAreaBalance } from './planning.areas.service.ts';
import { AreaSetBalanceSchema, DeleteAreaSetSchema, ImportAreaSetSchema, ListAreaSetsSchema } from './planning.areas.schemas.ts';

const presentSet = (s: AreaSetRow) => ({ setName: s.setName, areas: s.areas, createdAt: iso(s.createdAt)! });
const presentArea = (a: PolygonAreaBalance) => ({
  id: a.id, name: a.name, works: a.works, people: a.people, stayRatio: a.stayRatio, peopleStaying: a.peopleStaying, places: a.places,
  placesPerPerson: a.placesPerPerson, civilDefenceAreaM2: a.civilDefenceAreaM2, m2PerPerson: a.m2PerPerson, placesSurplus: a.placesSurplus,
  areaSurplusM2: a.areaSurplusM2, status: a.status,
});

export const planningAreasRoutes: FastifyPluginAsyncTypebox<{ areas: PlanningAreasService }> = async (app, { areas }) => {
  app.get('/api/planning/area-sets', { config: { access: 'planning:read' }, schema: ListAreaSetsSchema }, async (request) =>
    ({ items: (await areas.sets(requireActor(request))).map(presentSet) }));

  app.put('/api/planning/area-sets/:set', { config: { access: 'planning:write' }, bodyLimit: 16 * 1024 * 1024, schema: ImportAreaSetSchema }, async (request, reply) =>
    reply.status(201).send(presentSet(await areas.importSet(requireActor(request), request.ip, request.params.set, request.body))));

  app.delete('/api/planning/area-sets/:set', { config: { access: 'planning:write' }, schema: DeleteAreaSetSchema }, async (request, reply) => {
    await areas.deleteSet(requireActor(request), request.ip, request.params.set);
    return reply.status(204).send(null);
  });

  app.get('/api/planning/area-sets/:set/balance', { config: { access: 'planning:read' }, schema: AreaSetBalanceSchema }, async (request) => {
    const b = await areas.balance(requireActor(request), request.params.set);
    return featureCollection(b.areas.map((a) => ({ id: a.id, geometry: a.geometry, properties: presentArea(a) })));
  });
};
