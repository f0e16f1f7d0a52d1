import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { migrate, openDatabase } from './db/index.ts';
import { startMessaging } from './plugins/messaging.ts';
import { ensureInitialAdmin, ensureReferenceData, loadDemoData, type InitialAdmin } from './modules/bootstrap/index.ts';

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
  const timings: Record<string, number> = {};
  const lap = (name: string, since: number) => (timings[name] = Math.round(performance.now() - since));

  let t = performance.now();
  const db = await openDatabase(config);
  lap('openDatabaseMs', t);
  t = performance.now();
  await migrate(db);
  lap('migrateMs', t);
  t = performance.now();
  await ensureReferenceData(db, config);
  const initialAdmin = await ensureInitialAdmin(db, config);
  if (config.demo.enabled) await loadDemoData(db, config.demo.seed);
  lap('seedMs', t);

  const app = await buildApp(config, { db, messaging: await startMessaging(config, silentLogger()) });
  app.addHook('onClose', async () => {
    await app.civdef.messaging.close();
    await db.close();
  });
  await app.listen({ host: config.host, port: config.port });
  lap('totalMs', t0);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  app.log.info({ url, timings }, 'civdef is listening');
  return { app, url, initialAdmin, timings };
}

// The broker is started before the app (and its logger) exists; its few start-up lines go to stderr as JSON.
function silentLogger() {
  const write = (level: string) => (obj: unknown, msg?: string) => process.stderr.write(`${JSON.stringify({ level, msg, ...(typeof obj === 'object' ? obj : { obj }) })}\n`);
  const noop = () => undefined;
  return { info: noop, warn: write('warn'), error: write('error'), debug: noop, trace: noop, fatal: write('fatal'), child: () => silentLogger(), level: 'warn', silent: noop } as never;
}
