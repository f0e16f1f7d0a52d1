/**
 * What one update of a command's live view costs the database with 10,000 sirens: the whole read the console polled
 * every second before (every delivery, joined to its siren), against the cursor read the stream and the `?since=`
 * fallback make (the deliveries written after a cursor, and the counts). Embedded database (PGlite in memory, its
 * worker thread as in a default install), or the PostgreSQL server at DATABASE_URL (an empty database).
 *
 * Run: node --import tsx apps/server/bench/sirens.live.bench.ts [--sirens 10000] [--changed 100] [--rounds 20]
 */
import { loadConfig } from '../src/config.ts';
import { migrate, openDatabase } from '../src/db/index.ts';
import { fieldCipherFor } from '../src/lib/field-crypto.ts';
import { ensureReferenceData } from '../src/modules/bootstrap/index.ts';
import { createRegionsService } from '../src/modules/regions/index.ts';
import { createSirensServices } from '../src/modules/sirens/index.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const SIRENS = arg('--sirens', 10_000);
const CHANGED = arg('--changed', 100);
const ROUNDS = arg('--rounds', 20);

const config = loadConfig({
  NODE_ENV: 'test', LOG_LEVEL: 'silent', CIVDEF_DB_IN_MEMORY: 'true', MQTT_EMBEDDED_PORT: 'off', FIELD_ENCRYPTION_KEY: 'be0cbe0cbe0cbe0cbe0cbe0cbe0cbe0c',
  ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
});
const db = await openDatabase(config);
await migrate(db);
await ensureReferenceData(db, config);
// The read the live stream and `?since=` make, through the control service (no broker: nothing is sent here).
const { control } = createSirensServices({
  db, regions: createRegionsService({ db }), cipher: fieldCipherFor(config.fieldEncryption), messaging: { kind: 'none', client: null }, settings: config.sirens,
});
const region = (await db.query<{ code: string }>(`SELECT code FROM region WHERE code LIKE '3206%' ORDER BY length(code) DESC, code LIMIT 1`)).rows[0]!.code;
await db.query(
  `INSERT INTO siren (code, name, region_code, location, kind, status, control_channel)
   SELECT 'LV-' || lpad(g::text, 6, '0'), 'LV ' || g, $2, ST_SetSRID(ST_MakePoint(120.8 + (g % 100) * 0.002, 32.0 + (g / 100) * 0.002), 4326), 'electronic', 'online', 'mqtt'
     FROM generate_series(1, $1::int) AS g`, [SIRENS, region]);
const id = '00000000-0000-4000-8000-000000000001';
await db.query(`INSERT INTO siren_command (id, action, program, target, region_code, issued_at, expires_at)
  VALUES ($1, 'sound', 'air_raid', '{}'::jsonb, $2, now(), now() + interval '2 minutes')`, [id, region]);
// One writer at a time here, so the rows' numbers are in commit order without the writers' lock.
await db.query(`INSERT INTO siren_command_target (command_id, siren_id, region_code, nonce, state, attempts, sent_at)
  SELECT $1, s.id, s.region_code, 'n', 'sent', 1, now() FROM siren s WHERE s.code LIKE 'LV-%'`, [id]);
const { cursor } = await control.changesOf(id, null);
// A burst's worth of reports written after the cursor: what one coalesced event carries.
await db.query(`UPDATE siren_command_target SET state = 'accepted', accepted_at = now(), seq = nextval('siren_command_target_seq')
  WHERE command_id = $1 AND siren_id IN (SELECT siren_id FROM siren_command_target WHERE command_id = $1 ORDER BY siren_id LIMIT $2)`, [id, CHANGED]);

async function time(label: string, work: () => Promise<number>): Promise<void> {
  await work();
  const ms: number[] = [];
  let rows = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    rows = await work();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label.padEnd(44)} rows ${String(rows).padStart(6)}  p50 ${ms[Math.floor(ms.length / 2)]!.toFixed(1).padStart(7)} ms  max ${ms.at(-1)!.toFixed(1).padStart(7)} ms`);
}

console.log(`sirens.live: ${SIRENS} deliveries, ${CHANGED} written after the cursor, ${ROUNDS} rounds, ${config.databaseUrl ? 'PostgreSQL' : 'PGlite (in memory)'}`);
await time('whole read (the 1 s poll before)', async () => (await control.changesOf(id, null)).deliveries.length);
await time('cursor read: changed rows + counts', async () => (await control.changesOf(id, cursor)).deliveries.length);
await time('cursor read, nothing changed', async () => (await control.changesOf(id, Number.MAX_SAFE_INTEGER)).deliveries.length);
await db.close();
