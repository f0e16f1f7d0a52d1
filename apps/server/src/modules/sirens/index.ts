/**
 * Sirens (警报器): the module's only door. Other code may import only what is exported here — the plugin,
 * the service interface with its factory, and the errors; the lint rule `module-doors` fails any import of
 * a file behind this one.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ControlService } from './control.service.ts';
import type { KindDefaults } from './sirens.presenter.ts';
import { sirensRoutes } from './sirens.routes.ts';
import type { SirensService } from './sirens.service.ts';
import { testsRoutes } from './tests.routes.ts';
import type { TestsService } from './tests.service.ts';

export { createSirensService, TERMINAL_KEY_CONTEXT, type SirensDeps, type SirensService, type SirenImport, type RatedSirenRow } from './sirens.service.ts';
export { SirensErrors } from './sirens.errors.ts';
export type { ControlService, ControlSettings } from './control.service.ts';
export type { TestsService } from './tests.service.ts';
export { createSirensServices, type SirensServicesDeps } from './sirens.module.ts';
export { createSirenTestsLoader, type SirenTestsLoader, type PastCampaignSiren } from './tests.loader.ts';

export interface SirensModuleOptions {
  sirens: SirensService;
  /** Remote control; its dispatcher starts with the app (subscribes to reports, resumes the outbox) and stops with it. */
  control: ControlService;
  /** Rated output per kind for sirens whose record gives none (configuration `SIREN_KIND_DEFAULTS`). */
  kindDefaults: KindDefaults;
  /** Test days (试鸣); their runner starts and stops with the app. */
  tests: TestsService;
  /** Open live streams of commands at most (SIREN_LIVE_MAX_STREAMS; default 500). */
  liveMaxStreams?: number;
}

/** Registers the sirens routes (registry, groups, faults, the map layer, commands, test days) on the services `app.ts` built. */
export const sirensModule: FastifyPluginAsync<SirensModuleOptions> = async (app, { sirens, control, kindDefaults, tests, liveMaxStreams = 500 }) => {
  await app.register(sirensRoutes, { sirens, control, kindDefaults, liveMaxStreams });
  await app.register(testsRoutes, { tests });
  // The activation-report queue (waiting, being written, dropped when full, lost with a failed batch) on /metrics.
  app.metrics?.registerJobQueue('siren_reports', () => control.reportQueue());
  app.addHook('onReady', async () => {
    await control.start();
    await tests.start();
  });
  app.addHook('onClose', async () => {
    await tests.stop();
    await control.stop();
  });
};
