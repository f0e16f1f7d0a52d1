/** HTTP routes of the planning reports (gap closing, XLSX tables): schema → service → presenter, nothing else. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireActor } from '../../plugins/auth.ts';
import type { GapQuery, PlanningReportsService } from './planning.reports.service.ts';
import { BalanceExportSchema, CompareExportSchema, GapsExportSchema, RunGapsSchema } from './planning.reports.schemas.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** `attachment; filename=…` with an ASCII fallback and the UTF-8 name (RFC 6266). */
const attachment = (name: string) => `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
const gapQuery = (q: Partial<GapQuery>): GapQuery => ({ sizeM2: q.sizeM2 ?? 1000, cellM: q.cellM ?? 100, count: q.count ?? 10 });
const presentSite = (s: { rank: number; lng: number; lat: number; regionCode: string; peopleInReach: number; newlyCovered: number; perM2: number }) =>
  ({ rank: s.rank, lng: s.lng, lat: s.lat, regionCode: s.regionCode, peopleInReach: s.peopleInReach, newlyCovered: s.newlyCovered, perM2: s.perM2 });

export const planningReportsRoutes: FastifyPluginAsyncTypebox<{ reports: PlanningReportsService }> = async (app, { reports }) => {
  app.get('/api/planning/runs/:id/gaps', { config: { access: 'planning:read' }, schema: RunGapsSchema }, async (request) => {
    const g = await reports.gaps(requireActor(request), request.params.id, gapQuery(request.query));
    return { runId: g.runId, radiusM: g.radiusM, detourFactor: g.detourFactor, places: g.places, uncovered: g.uncovered, sites: g.sites.map(presentSite) };
  });

  app.get('/api/planning/runs/:id/gaps/export', { config: { access: 'planning:read' }, schema: GapsExportSchema }, async (request, reply) =>
    reply.type(XLSX).header('content-disposition', attachment(`补缺选址-${request.params.id}.xlsx`))
      .send(await reports.gapsWorkbook(requireActor(request), request.params.id, gapQuery(request.query))));

  app.get('/api/planning/balance/export', { config: { access: 'planning:read' }, schema: BalanceExportSchema }, async (request, reply) =>
    reply.type(XLSX).header('content-disposition', attachment(`人防平衡表-${request.query.parent ?? 'all'}.xlsx`))
      .send(await reports.balanceWorkbook(requireActor(request), request.query.parent)));

  app.get('/api/planning/compare/export', { config: { access: 'planning:read' }, schema: CompareExportSchema }, async (request, reply) =>
    reply.type(XLSX).header('content-disposition', attachment(`方案比较-${request.query.a}-${request.query.b}.xlsx`))
      .send(await reports.comparisonWorkbook(requireActor(request), request.query.a, request.query.b)));
};
