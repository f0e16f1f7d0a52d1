import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { ensureVehicleMasterKey, type Config } from './config.ts';
import { migrate, openDatabase, type Database } from './db/index.ts';
import { createAllocationRunner } from './lib/allocation-runner.ts';
import { createEventBus } from './lib/events.ts';
import { fieldCipherFor } from './lib/field-crypto.ts';
import { hardenAjv, type AjvLike } from './lib/validation.ts';
import { registerAuth } from './plugins/auth.ts';
import { createFastLane } from './plugins/fast-lane.ts';
import { clientErrorHandler, registerErrorHandler } from './plugins/error-handler.ts';
import type { Messaging } from './plugins/messaging.ts';
import { registerMetrics } from './plugins/metrics.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { registerPublicCache } from './plugins/public-cache.ts';
import { registerSecurity } from './plugins/security.ts';
import { registerWeb } from './plugins/web.ts';
import { alertsModule, createAlertsService } from './modules/alerts/index.ts';
import { capIngestModule, createCapIngestService } from './modules/cap-ingest/index.ts';
import { channelsModule, createChannelsService, createHttpSmsGateway } from './modules/channels/index.ts';
import { auditModule, createAuditService } from './modules/audit/index.ts';
import { authModule, createAuthService } from './modules/auth/index.ts';
import { createPlanningServices, planningModule } from './modules/planning/index.ts';
import { coverageModule, createCoverageService } from './modules/coverage/index.ts';
import { createPlansService, plansModule } from './modules/plans/index.ts';
import { createDrillsService, drillsModule } from './modules/drills/index.ts';
import { createEvacuationService, evacuationModule } from './modules/evacuation/index.ts';
import { createTargetsService, targetsModule } from './modules/targets/index.ts';
import { createPopulationServices, populationModule } from './modules/population/index.ts';
import { createPublicService, publicModule } from './modules/public/index.ts';
import { createRegionsService, regionsModule } from './modules/regions/index.ts';
import { createRegulationService, regulationModule } from './modules/regulation/index.ts';
import { createSirensServices, sirensModule } from './modules/sirens/index.ts';
import { createSystemService, systemModule } from './modules/system/index.ts';
import { createUsersService, usersModule } from './modules/users/index.ts';
import { createZoningService, zoningModule } from './modules/zoning/index.ts';
import { createWorksServices, worksModule } from './modules/works/index.ts';
import { commandModule, createCommandServices } from './modules/command/index.ts';
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
  // Plain nearest-shelter requests are answered before Fastify sees them (plugins/fast-lane.ts).
  const fastLane = createFastLane();
  const app = Fastify({
    serverFactory: fastLane.serverFactory,
    logger: { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'] },
    bodyLimit: config.bodyLimitBytes,
    // One line per request (below), not Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    // Node's own 400/408/431 answers in the `{code,message}` shape of every other error.
    clientErrorHandler,
    ajv: {
      // strictNumbers: a JSON number that overflows to Infinity (1e400) is not a number. `hardenAjv` adds what every
      // schema means beyond JSON Schema: finite numbers, plain numerals, real instants (see lib/validation.ts).
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true, strictNumbers: true },
      onCreate: (ajv) => hardenAjv(ajv as unknown as AjvLike),
    },
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
  // Failures always; the rest only at debug, and then the line is built only when it will be written (a city asking
  // for its nearest shelter sends tens of thousands of requests a second, each would pay for an object nobody reads).
  const debugLog = app.log.level === 'debug' || app.log.level === 'trace';
  app.addHook('onResponse', (request, reply, done) => {
    const failed = reply.statusCode >= 500;
    if (failed || debugLog) {
      const line = { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime), user: request.actor?.username };
      if (failed) request.log.error(line, 'request failed');
      else request.log.debug(line, 'request');
    }
    done();
  });
  await app.register(cookie);
  const securityHeaders = await registerSecurity(app, config);
  await registerOpenApi(app, VERSION);
  const publicCache = registerPublicCache(app, config.publicApp);

  // Services, once each, in dependency order: a module reaches another only through the service interface
  // passed here (its door's factory), and cross-module side effects travel on `events` inside the transaction.
  const events = createEventBus();
  const audit = createAuditService({ db });
  const regions = createRegionsService({ db });
  const users = createUsersService({ db, events, regions, passwordPolicy: config.password });
  const auth = createAuthService({ db, config, users, events });
  const system = createSystemService({ db, config, messaging, version: VERSION });
  const cipher = fieldCipherFor(config.fieldEncryption);
  const { sirens, control, tests: sirenTests } = createSirensServices({ db, regions, cipher, messaging, settings: config.sirens, log: app.log });
  const alerts = createAlertsService({ db, regions, sirens, control, settings: config.alerts, events, log: app.log });
  // The adapter signs with the keys the channels service keeps (SMS_GATEWAY_KEY stored at start, then rotations).
  const smsGateway = config.channels.sms
    ? createHttpSmsGateway({ url: config.channels.sms.url, sender: config.channels.sms.sender, keys: () => channels.smsSigningKeys() })
    : null;
  const channels = createChannelsService({ db, regions, cipher, sms: smsGateway, settings: config.channels, cityCode: config.city.code, log: app.log });
  // A published CAP message is pushed at once, not at the dispatcher's next tick (its outbox rows are committed by then).
  if (config.channels.tickMs > 0) alerts.onPublished(() => void channels.dispatchDue().catch((err: Error) => app.log.warn({ err: err.message }, 'channels: dispatch failed')));
  const capIngest = createCapIngestService({ db, regions, alerts, log: app.log });
  const worksOptions = { db, events, areaPerPersonM2: config.areaPerPersonM2, usableShelterStates: config.usableShelterStates, dataDir: config.dataDir, cipher };
  const worksServices = createWorksServices(worksOptions);
  const command = createCommandServices({
    db, regions, works: worksServices.works, alerts, cipher, events, messaging, vehicleMasterKey: () => ensureVehicleMasterKey(config), travel: config.dispatch, log: app.log,
  });
  const zoning = createZoningService({ db, regions, works: worksServices.works });
  const regulation = createRegulationService({
    db, regions, cipher, events, approvalClock: config.regulation, dataDir: config.dataDir, works: worksServices.works, sirens, buildingRules: zoning,
  });
  const publicApp = createPublicService({
    db, works: worksServices.gis, alerts, regions, cityCode: config.city.code, log: app.log, staticDir: config.publicApp.staticDir,
  });
  const { population, imports: populationImports } = createPopulationServices({ db, regions });
  // One allocation worker queue for the whole process: planning's runs and evacuation's take turns on it.
  const runner = createAllocationRunner();
  const { planning, reports: planningReports, areas: planningAreas } = createPlanningServices({
    db, regions, population, settings: { areaPerPersonM2: config.areaPerPersonM2, ...config.planning }, log: (err, msg) => app.log.error({ err }, msg), runner, buildingRules: zoning,
  });
  const coverage = createCoverageService({
    db, regions, population, sirens, settings: config.coverage, kindDefaults: config.sirens.kindDefaults, log: (err, msg) => app.log.error({ err }, msg),
  });
  const plans = createPlansService({ db, regions, refs: command.refs });
  const drills = createDrillsService({ db, regions, plans, refs: command.refs });
  const targets = createTargetsService({ db, regions, plans, drills, refs: command.refs });
  const evacuation = createEvacuationService({ db, regions, population, drills, runner, log: (err, msg) => app.log.error({ err }, msg) });

  // Identity and access: every route registered after this declares its access and is checked.
  registerAuth(app, auth);
  const meter = registerMetrics(app, { db, messaging, token: config.metricsToken });
  // The lane replays these hooks; with every request logged it would skip the log line, so it stays closed.
  if (!debugLog) fastLane.open({ trustProxy: config.trustProxy, securityHeaders, publicCache, meter });
  app.metrics.registerCounter('civdef_fast_lane_answers_total', 'Answers given past Fastify (plugins/fast-lane.ts), by route', 'route', () => fastLane.answered());

  // Modules: one plugin each, with its service and what only its routes need.
  await app.register(systemModule, { system });
  await app.register(authModule, { auth, regions, config });
  await app.register(usersModule, { users });
  await app.register(auditModule, { audit });
  await app.register(regionsModule, { regions });
  await app.register(worksModule, { ...worksOptions, services: worksServices });
  await app.register(sirensModule, { sirens, control, kindDefaults: config.sirens.kindDefaults, tests: sirenTests, liveMaxStreams: config.sirens.liveMaxStreams });
  await app.register(alertsModule, { alerts });
  await app.register(channelsModule, { channels, events, dispatch: config.channels.tickMs > 0 });
  await app.register(capIngestModule, { capIngest, pollTickMs: config.capIngest.pollTickMs });
  await app.register(regulationModule, { regulation });
  await app.register(planningModule, { planning, reports: planningReports, areas: planningAreas });
  await app.register(zoningModule, { zoning });
  await app.register(coverageModule, { coverage });
  await app.register(populationModule, { imports: populationImports });
  await app.register(commandModule, { services: command });
  await app.register(plansModule, { plans, events });
  await app.register(drillsModule, { drills, events });
  await app.register(evacuationModule, { evacuation });
  await app.register(targetsModule, { targets });
  await app.register(publicModule, { publicApp, events, db, regions, cityCode: config.city.code, maxStreams: config.publicApp.maxStreams, fastLane });

  // The console, last: it owns the not-found fallback.
  await registerWeb(app, config.webDistDir);
  return app;
}
