import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createAnswerBytes } from '../../../plugins/answer-bytes.ts';
import { requireActor } from '../../../plugins/auth.ts';
import { IdParams, errorResponses } from '../../../lib/schemas.ts';
import { featureCollection, featureCollectionSchema } from '../../../lib/geojson.ts';
import {
  LifecycleEventSchema, NearestQuery, NearestSchema, StatsSchema, TransitionSchema, WorkCreateSchema, WorkDetailSchema, WorkFilterQuery, WorkListQuery,
  WorkMapProps, WorkPatchSchema, WorkSummarySchema,
} from './works.schemas.ts';
import { presentDetail, presentLifecycleEvent, presentMapFeature, presentNearest, presentSummary } from './works.presenter.ts';
import type { WorksService } from './works.service.ts';

export const worksRoutes: FastifyPluginAsyncTypebox<{ works: WorksService }> = async (app, { works }) => {
  /** A list page's answer, serialised once per cached page (the page is per data version, jurisdiction and query). */
  const listBytes = createAnswerBytes<readonly object[]>();
  app.get('/api/map/works', {
    config: { access: 'works:read' },
    schema: {
      tags: ['works'],
      summary: '工程分布 Works in my jurisdiction as GeoJSON points',
      description: 'Takes the same filters as GET /api/works (without paging): the map shows what the list shows.',
      querystring: WorkFilterQuery,
      response: { 200: featureCollectionSchema(WorkMapProps), ...errorResponses(400, 401, 403) },
    },
  }, async (request) => {
    const rows = await works.map(requireActor(request), request.query);
    return featureCollection(rows.map(presentMapFeature));
  });

  app.get('/api/works', {
    config: { access: 'works:read' },
    schema: {
      tags: ['works'],
      summary: '工程列表 Search works in my jurisdiction',
      description: 'Filters combine with AND; array filters (workClass, protectionGrade, lifecycleState, constructionForm, use, signStatus) match any '
        + 'of their values and repeat the parameter (`workClass=personnel&workClass=medical`). `q` is a case-insensitive substring of 工程编号, '
        + 'name or address. `overdue=true` keeps works with an overdue maintenance plan or rectification. Sorted by `sort` (default code) and paged.',
      querystring: WorkListQuery,
      response: {
        200: Type.Object({ items: Type.Array(WorkSummarySchema), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }),
        ...errorResponses(400, 401, 403),
      },
    },
  }, async (request, reply) => {
    const page = await works.list(requireActor(request), request.query);
    return listBytes(reply, page.items, `${page.total} ${page.page} ${page.pageSize}`, () => ({ ...page, items: page.items.map(presentSummary) }));
  });

  app.get('/api/works/stats', {
    config: { access: 'works:read' },
    schema: {
      tags: ['works'],
      summary: '工程统计 Counts, areas, shelter places and parking by county, class and state; overdue upkeep',
      description: 'Accepts the same filters as GET /api/works. Shelter places = Σ floor(掩蔽面积 / SHELTER_AREA_PER_PERSON_M2) per unit.',
      querystring: WorkFilterQuery,
      response: { 200: StatsSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => works.stats(requireActor(request), request.query));

  app.get('/api/works/nearest', {
    config: { access: 'works:read' },
    schema: {
      tags: ['works'],
      summary: '附近工程 Works nearest to a point (for the field inspection page), with the distance in metres',
      querystring: NearestQuery,
      response: { 200: Type.Object({ items: Type.Array(NearestSchema) }), ...errorResponses(400, 401, 403) },
    },
  }, async (request) => ({ items: (await works.nearest(requireActor(request), request.query.lng, request.query.lat, request.query.limit)).map(presentNearest) }));

  app.get('/api/works/:id', {
    config: { access: 'works:read' },
    schema: {
      tags: ['works'],
      summary: '工程详情 A work with its protection units, entrances, peacetime use, upkeep summary and allowed life-cycle steps',
      params: IdParams,
      response: { 200: WorkDetailSchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const actor = requireActor(request);
    return presentDetail(await works.get(actor, request.params.id), actor);
  });

  app.post('/api/works', {
    config: { access: 'works:write' },
    schema: {
      tags: ['works'],
      summary: '新建工程 Register a work (state defaults to approved; an existing work may be registered in its current state)',
      body: WorkCreateSchema,
      response: { 201: WorkDetailSchema, ...errorResponses(400, 401, 403, 409) },
    },
  }, async (request, reply) => {
    const actor = requireActor(request);
    return reply.status(201).send(presentDetail(await works.create(actor, request.ip, request.body), actor));
  });

  app.patch('/api/works/:id', {
    config: { access: 'works:write' },
    schema: {
      tags: ['works'],
      summary: '修改工程 Edit a work (send the version you read: a stale version answers 409 WORKS_VERSION_CONFLICT)',
      description: 'Only the fields sent change; `units` and `entrances`, when sent, replace the lists. Drag-to-correct sends `{version, location}`. '
        + 'The life-cycle state changes only through POST /api/works/{id}/transitions.',
      params: IdParams,
      body: WorkPatchSchema,
      response: { 200: WorkDetailSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const actor = requireActor(request);
    return presentDetail(await works.update(actor, request.ip, request.params.id, request.body), actor);
  });

  app.post('/api/works/:id/transitions', {
    config: { access: 'works:lifecycle' },
    schema: {
      tags: ['works'],
      summary: '生命周期变更 Move a work along its life cycle (illegal steps answer 422; demolition/scrapping need approvalRef; conversion needs conversionKind)',
      params: IdParams,
      body: TransitionSchema,
      response: { 200: WorkDetailSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (request) => {
    const actor = requireActor(request);
    return presentDetail(await works.transition(actor, request.ip, request.params.id, request.body), actor);
  });

  app.get('/api/works/:id/lifecycle', {
    config: { access: 'works:read' },
    schema: {
      tags: ['works'],
      summary: '生命周期记录 Life-cycle history: who, when, why, approval reference',
      params: IdParams,
      response: { 200: Type.Object({ items: Type.Array(LifecycleEventSchema) }), ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => ({ items: (await works.lifecycle(requireActor(request), request.params.id)).map(presentLifecycleEvent) }));
};
