/**
 * The public app (公众端): the module's only door — the plugin, the service (interface and factory), the errors.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Database } from '../../db/index.ts';
import type { EventBus } from '../../lib/events.ts';
import type { FastLane } from '../../plugins/fast-lane.ts';
import type { RegionsService } from '../regions/index.ts';
import { publicRoutes } from './public.routes.ts';
import type { PublicService } from './public.service.ts';
import { quizRoutes } from './quiz/quiz.routes.ts';
import { createQuizService } from './quiz/quiz.service.ts';

export { createPublicService, type PublicDeps, type PublicService } from './public.service.ts';
export { PublicErrors } from './public.errors.ts';
export { createQuizLoader, type QuizLoader } from './quiz/quiz.loader.ts';

export interface PublicModuleOptions {
  publicApp: PublicService;
  events: EventBus;
  /** The quiz (question bank, results) is built here: no other module calls it. */
  db: Database;
  regions: Pick<RegionsService, 'unknownCodes'>;
  cityCode: string;
  /** Open alert streams at most (PUBLIC_SSE_MAX_CONNECTIONS); beyond it clients are told to poll. */
  maxStreams?: number;
  /** Where plain nearest-shelter requests are answered past Fastify (the app's; see plugins/fast-lane.ts). */
  fastLane?: FastLane;
}

/** Registers the public routes and the quiz; the index follows the works events of this app and is loaded when the app is ready. */
export const publicModule: FastifyPluginAsync<PublicModuleOptions> = async (app, { publicApp, events, db, regions, cityCode, maxStreams = 5000, fastLane }) => {
  publicApp.subscribe(events);
  app.metrics.registerCounter('civdef_public_static_total', 'The static export this server keeps current (PUBLIC_STATIC_DIR): syncs, failed syncs, tile files written and removed', 'what', () => publicApp.staticCounts());
  await app.register(publicRoutes, { publicApp, maxStreams, fastLane });
  await app.register(quizRoutes, { quiz: createQuizService({ db, regions, cityCode }) });
  app.addHook('onReady', async () => {
    // Loaded in the background: a first request waits for it, start-up does not.
    publicApp.ready().catch((err: Error) => app.log.warn({ err: err.message }, 'public index: first load failed; retried on the next request'));
  });
  app.addHook('onClose', async () => publicApp.close());
};
