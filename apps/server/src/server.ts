import type { FastifyInstance } from 'fastify';
import { ensureAuditKeys, type Config } from './config.ts';
import { migrate, openDatabase } from './db/index.ts';
import type { Messaging } from './plugins/messaging.ts';
import type { InitialAdmin } from './modules/bootstrap/index.ts';

export interface StartedServer {
  app: FastifyInstance;
  url: string;
  initialAdmin: InitialAdmin | null;
  timings: Record<string, number>;
}

/**
 * Opens and migrates the database, loads reference (and on first start demo) data, creates the
 * first administrator when there is none, starts the broker link and listens.
 */
export async function startServer(config: Config): Promise<StartedServer> {
  const t0 = performance.now();
  // bootMs: from the process's start to here (Node, the TypeScript loader, the CLI's own modules).
  const timings: Record<string, number> = { bootMs: Math.round(t0) };
  const timed = <T>(name: string, work: Promise<T>): Promise<T> => {
    const since = performance.now();
    return work.then((value) => ((timings[name] = Math.round(performance.now() - since)), value));
  };

  // Independent start-up work runs side by side: while PGlite compiles its WebAssembly (much of it off the main
  // thread), the application's modules load and the broker starts. The laps below therefore overlap; totalMs is
  // the wall time.
  const opening = timed('openDatabaseMs', openDatabase(config));
  const loading = timed('loadModulesMs', Promise.all([import('./app.ts'), import('./modules/bootstrap/index.ts'), import('./modules/audit/index.ts')]));
  const linking = timed('brokerMs', import('./plugins/messaging.ts').then((m) => m.startMessaging(config, silentLogger())));
  let db: Awaited<typeof opening> | null = null;
  let messaging: Messaging | null = null;
  try {
    db = await opening;
    await timed('migrateMs', migrate(db));
    const [{ buildApp }, { bootstrapFor, ensureInitialAdmin, ensureReferenceData, loadDemoData }, { createAuditService }] = await loading;
    // The audit chain's HMAC and checkpoint-signing keys (configured, or key files made on first start); from here on
    // this process writes keyed rows.
    const audit = createAuditService({ db, chain: ensureAuditKeys(config) });
    let t = performance.now();
    // Before anything is served or written: a wrong field-encryption key stops the start here, and phones an older
    // version stored in plain text are encrypted. The key: FIELD_ENCRYPTION_KEY, else the data dir's key file,
    // made on first start (`fieldCipherFor`, the one way the app, bootstrap and the CLI resolve it).
    await bootstrapFor(db, config).ensureFieldEncryption();
    await ensureReferenceData(db, config);
    const initialAdmin = await ensureInitialAdmin(db, config);
    if (config.demo.enabled) await loadDemoData(db, config, config.demo.seed);
    timings.seedMs = Math.round(performance.now() - t);

    messaging = await linking;
    t = performance.now();
    const app = await buildApp(config, { db, messaging });
    timings.buildAppMs = Math.round(performance.now() - t);
    const opened = { db, messaging };
    // Signed checkpoints of the audit chain's head, outside the database: now, at an interval, and at shutdown.
    const stopCheckpoints = audit.startCheckpoints(app.log);
    app.addHook('onClose', async () => {
      await stopCheckpoints();
      await opened.messaging.close();
      await opened.db.close();
    });
    await app.listen({ host: config.host, port: config.port });
    timings.totalMs = Math.round(performance.now() - t0);
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    app.log.info({ url, timings }, 'civdef is listening');
    return { app, url, initialAdmin, timings };
  } catch (err) {
    // Whatever did start must not keep the process alive behind the error.
    await (messaging ?? (await linking.catch(() => null)))?.close().catch(() => undefined);
    await (db ?? (await opening.catch(() => null)))?.close().catch(() => undefined);
    throw err;
  }
}

// The broker is started before the app (and its logger) exists; its few start-up lines go to stderr as JSON.
function silentLogger() {
  const write = (level: string) => (obj: unknown, msg?: string) => process.stderr.write(`${JSON.stringify({ level, msg, ...(typeof obj === 'object' ? obj : { obj }) })}\n`);
  const noop = () => undefined;
  return { info: noop, warn: write('warn'), error: write('error'), debug: noop, trace: noop, fatal: write('fatal'), child: () => silentLogger(), level: 'warn', silent: noop } as never;
}
