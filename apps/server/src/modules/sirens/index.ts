/**
 * Sirens (警报器): the module's only door. Other code may import only what is exported here — the plugin,
 * the service interface with its factory, and the errors; the lint rule `module-doors` fails any import of
 * a file behind this one.
 */
import type { FastifyPluginAsync } from 'fastify';
import { sirensRoutes } from './sirens.routes.ts';
import type { SirensService } from './sirens.service.ts';

export { createSirensService, type SirensDeps, type SirensService, type SirenImport } from './sirens.service.ts';
export { SirensErrors } from './sirens.errors.ts';

export interface SirensModuleOptions {
  sirens: SirensService;
}

/** Registers the sirens routes (the map layer) on the service `app.ts` built for the whole app. */
export const sirensModule: FastifyPluginAsync<SirensModuleOptions> = async (app, { sirens }) => {
  await app.register(sirensRoutes, { sirens });
};
