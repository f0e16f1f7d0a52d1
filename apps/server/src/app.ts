import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { migrate, openDatabase, type Database } from './db/index.ts';
import { registerAuth } from './plugins/auth.ts';
import { registerErrorHandler } from './plugins/error-handler.ts';
import type { Messaging } from './plugins/messaging.ts';
import { registerMetrics } from './plugins/metrics.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { registerSecurity } from './plugins/security.ts';
import { registerWeb } from './plugins/web.ts';
import { auditRoutes } from './modules/audit/index.ts';
import { authRoutes, createAuthService } from './modules/auth/index.ts';
import { regionsRepository, regionsRoutes } from './modules/regions/index.ts';
import { sirensRoutes } from './modules/sirens/index.ts';
import { systemRoutes } from './modules/system/index.ts';
import { createUsersService, usersRoutes } from './modules/users/index.ts';
import { worksModule } from './modules/works/index.ts';
import { VERSION } from './version.ts';

declare module 'fastify' {
  interface FastifyInstance {
    civdef: { db: Database; config: Config; messaging: Messaging };
  }
}

export interface AppDeps {
  /** An open, migrated database; opened from the configuration when absent. */
  db?: Database;
  messaging?: Messaging;
}

const NO_MESSAGING: Messaging = { kind: 'none', client: null, embeddedPort: null, connected: () => false, close: async () => undefined };

/**
 * Builds the platform: infrastructure plugins, then security, then modules, then the web console.
 * Never listens; `server.ts` does, and tests call `app.inject()`.
 */
export async function buildApp(config: Config, deps: AppDeps = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'] },
    bodyLimit: config.bodyLimitBytes,
    // One line per request (below), not Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  let db = deps.db;
  if (!db) {
    db = await openDatabase(config);
    await migrate(db);
    app.addHook('onClose', async () => db!.close());
  }
  const messaging = deps.messaging ?? NO_MESSAGING;
  app.decorate('civdef', { db, config, messaging });

  // Infrastructure
  registerErrorHandler(app);
  app.addHook('onResponse', async (request, reply) => {
    const line = { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime), user: request.actor?.username };
    if (reply.statusCode >= 500) request.log.error(line, 'request failed');
    else request.log.debug(line, 'request');
  });
  await app.register(cookie);
  await registerSecurity(app, config);
  await registerOpenApi(app, VERSION);

  // Identity and access
  const auth = createAuthService({ db, config });
  registerAuth(app, auth);
  registerMetrics(app, { db, messaging, token: config.metricsToken });
  const users = createUsersService({ db, passwordPolicy: config.password });
  const regionName = (code: string) => regionsRepository.nameOf(db!, code);

  // Modules
  await app.register(systemRoutes, { db, config, messaging, version: VERSION });
  await app.register(authRoutes, { auth, config, regionName });
  await app.register(usersRoutes, { users, revokeSessions: (id) => auth.revokeAllSessions(id) });
  await app.register(auditRoutes, { db });
  await app.register(regionsRoutes, { db });
  await app.register(worksModule, { db, areaPerPersonM2: config.areaPerPersonM2, dataDir: config.dataDir });
  await app.register(sirensRoutes, { db });

  // The console, last: it owns the not-found fallback.
  await registerWeb(app, config.webDistDir);
  return app;
}
