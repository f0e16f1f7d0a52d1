/** HTTP routes of the fees ledger: reading needs `enforcement:read`, booking `enforcement:write`. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireActor } from '../../plugins/auth.ts';
import { presentAssessment, presentAssessmentDetail, presentTotals } from './fees.presenter.ts';
import { AssessFeeSchema, BookEntrySchema, ExportFeesSchema, GetFeeSchema, ListFeesSchema } from './fees.schemas.ts';
import type { FeesService } from './fees.service.ts';
import { feesXlsx } from './fees.xlsx.ts';

export const feesRoutes: FastifyPluginAsyncTypebox<{ fees: FeesService }> = async (app, { fees }) => {
  const read = { access: 'enforcement:read' } as const;
  const write = { access: 'enforcement:write' } as const;

  app.get('/api/regulation/fees', { config: read, schema: ListFeesSchema }, async (request) => {
    const { assessments, totals } = await fees.feeLedger(requireActor(request), request.query.year ?? null).then((l) => ({ assessments: l.assessments, totals: l.totals }));
    return { items: assessments.map(presentAssessment), totals: totals.map(presentTotals) };
  });

  app.post('/api/regulation/fees', { config: write, schema: AssessFeeSchema }, async (request, reply) =>
    reply.status(201).send(presentAssessmentDetail(await fees.assessFee(requireActor(request), request.ip, request.body))));

  app.get('/api/regulation/fees/:id', { config: read, schema: GetFeeSchema }, async (request) =>
    presentAssessmentDetail(await fees.getFee(requireActor(request), request.params.id)));

  app.post('/api/regulation/fees/:id/entries', { config: write, schema: BookEntrySchema }, async (request) =>
    presentAssessmentDetail(await fees.bookFeeEntry(requireActor(request), request.ip, request.params.id, request.body)));

  app.get('/api/regulation/fees/export.xlsx', { config: read, schema: ExportFeesSchema }, async (request, reply) => {
    const year = request.query.year ?? null;
    const file = await feesXlsx(await fees.feeLedger(requireActor(request), year));
    const name = `人防收费台账${year ?? ''}.xlsx`;
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="fees${year ?? ''}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('cache-control', 'private, no-store')
      .send(file);
  });
};
