/** HTTP routes of the maintenance fund: reading needs `enforcement:read`, booking `enforcement:write` (as the fees ledger). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireActor } from '../../plugins/auth.ts';
import { presentFundEntry, presentFundTotals } from './fund.presenter.ts';
import { BookFundSchema, ExportFundSchema, ListFundSchema } from './fund.schemas.ts';
import type { FundService } from './fund.service.ts';
import { fundXlsx } from './fund.xlsx.ts';

export const fundRoutes: FastifyPluginAsyncTypebox<{ fund: FundService }> = async (app, { fund }) => {
  const read = { access: 'enforcement:read' } as const;
  const write = { access: 'enforcement:write' } as const;

  app.get('/api/regulation/fund', { config: read, schema: ListFundSchema }, async (request) => {
    const { entries, totals } = await fund.fundLedger(requireActor(request), request.query.year ?? null);
    return { items: entries.map(presentFundEntry), totals: totals.map(presentFundTotals) };
  });

  app.post('/api/regulation/fund', { config: write, schema: BookFundSchema }, async (request, reply) =>
    reply.status(201).send(presentFundEntry(await fund.bookFundEntry(requireActor(request), request.ip, request.body))));

  app.get('/api/regulation/fund/export.xlsx', { config: read, schema: ExportFundSchema }, async (request, reply) => {
    const year = request.query.year ?? null;
    const file = await fundXlsx(await fund.fundLedger(requireActor(request), year));
    const name = `人防工程维护管理基金${year ?? ''}.xlsx`;
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="fund${year ?? ''}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('cache-control', 'private, no-store')
      .send(file);
  });
};
