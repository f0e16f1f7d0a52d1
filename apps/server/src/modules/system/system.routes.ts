import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { presentPublicConfig } from './system.presenter.ts';
import { HealthSchema, PublicConfigSchema } from './system.schemas.ts';
import type { SystemService } from './system.service.ts';

/** Both routes are public: a load balancer probes health, and the console reads its configuration before sign-in. */
export const systemRoutes: FastifyPluginAsyncTypebox<{ system: SystemService }> = async (app, { system }) => {
  app.get('/api/health', { config: { access: 'public' }, schema: HealthSchema }, () => system.health());
  app.get('/api/config/public', { config: { access: 'public' }, schema: PublicConfigSchema }, async () => presentPublicConfig(await system.publicConfig()));
};
