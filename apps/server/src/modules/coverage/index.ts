/**
 * Coverage (警报覆盖率): the module's only door — the plugin, the service (interface + factory) and the errors. Siren
 * coverage runs computed by the engine in a worker thread, results per district and town against the target,
 * uncovered areas, suggested sites and what-if runs compared.
 */
import type { FastifyPluginAsync } from 'fastify';
import { coverageRoutes } from './coverage.routes.ts';
import type { CoverageService } from './coverage.service.ts';

export { createCoverageService, type CoverageDeps, type CoverageService } from './coverage.service.ts';
export { CoverageErrors } from './coverage.errors.ts';

export interface CoverageModuleOptions {
  coverage: CoverageService;
}

/**
 * Registers the coverage routes. Runs a stopped server left queued or running are marked failed when the server
 * listens (they can never finish), and runs in flight are cancelled when it closes.
 */
export const coverageModule: FastifyPluginAsync<CoverageModuleOptions> = async (app, { coverage }) => {
  await app.register(coverageRoutes, { coverage });
  app.addHook('onListen', async () => {
    const ids = await coverage.failInterrupted();
    if (ids.length > 0) app.log.warn({ runs: ids }, 'coverage runs interrupted by the last stop were marked failed');
  });
  app.addHook('onClose', () => coverage.close());
};
