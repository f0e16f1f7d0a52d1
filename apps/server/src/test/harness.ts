/**
 * Test harness: a real database (embedded PGlite, or a fresh database on the PostgreSQL server named
 * by TEST_DATABASE_URL), migrated, with a small fixture of two counties; and helpers to sign in and
 * call the API through `app.inject()`.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { expect, inject } from 'vitest';
import { buildApp } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import { migrate, openDatabase, openPgliteFromDump, openPgliteWorker, type Database } from '../db/index.ts';
import { hashPassword } from '../lib/password.ts';
import { createEventBus } from '../lib/events.ts';
import { fieldCipherFor } from '../lib/field-crypto.ts';
import { startMessaging } from '../plugins/messaging.ts';
import { createAuditService } from '../modules/audit/index.ts';
import { createCommandServices } from '../modules/command/index.ts';
import { createRegionsService } from '../modules/regions/index.ts';
import { createSirensService } from '../modules/sirens/index.ts';
import { createUsersService } from '../modules/users/index.ts';
import { createWorksLoader, type WorkImport } from '../modules/works/index.ts';
import type { Role } from '@civdef/domain';

export const PASSWORD = 'Civdef-Test-2026!';

export interface TestContext {
  app: FastifyInstance;
  db: Database;
  config: Config;
  close(): Promise<void>;
}

/** A fresh, empty, migrated database for one test file. */
export async function openTestDatabase(): Promise<{ db: Database; drop: () => Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const template = inject('pgliteTemplate');
    // The in-thread driver by default (quicker to open); TEST_PGLITE_THREAD=worker runs a suite over the worker
    // thread driver that `civdef serve` uses.
    const onWorker = process.env.TEST_PGLITE_THREAD === 'worker';
    const db = template
      ? await (onWorker ? openPgliteWorker(null, { loadDataDir: new Blob([fs.readFileSync(template)]) }) : openPgliteFromDump(new Blob([fs.readFileSync(template)])))
      : await openDatabase({ databaseUrl: null, databaseInMemory: true, dataDir: '', pgliteThread: onWorker ? 'worker' : 'main' });
    await migrate(db);
    return { db, drop: () => db.close() };
  }
  const { url, drop: dropEmpty } = await createEmptyPgDatabase(serverUrl);
  const db = await openDatabase({ databaseUrl: url, databaseInMemory: false, dataDir: '' });
  await migrate(db);
  // Where the database lives, for tests that start another process on it.
  Object.assign(db, { url });
  return {
    db,
    drop: async () => {
      await db.close();
      await dropEmpty();
    },
  };
}

/** A new, empty database on the PostgreSQL server at `serverUrl` (no extension, no migration), and how to drop it. */
export async function createEmptyPgDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `civdef_test_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => c.query(`DROP DATABASE IF EXISTS ${name}`));
      await c.end();
    },
  };
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test', LOG_LEVEL: 'silent', CIVDEF_DEMO_DATA: 'false', MQTT_EMBEDDED_PORT: 'off', CIVDEF_WEB_DIST: '/nonexistent',
    // A fixed field-encryption key, so no test writes a key file (into the data dir, which may be the checkout).
    FIELD_ENCRYPTION_KEY: TEST_FIELD_KEY,
    // The audit chain keyed as in production (fixed keys, for the same reason), and a checkpoint file of this
    // test process's own: never the checkout's, whose checkpoints belong to another chain.
    AUDIT_HMAC_KEY: TEST_AUDIT_HMAC_KEY, AUDIT_SIGNING_KEY: TEST_AUDIT_SIGNING_KEY, AUDIT_CHECKPOINT_FILE: TEST_CHECKPOINT_FILE,
    // The vehicles' master key, fixed for the same reason: tests derive a vehicle's key from it as the server does.
    VEHICLE_MASTER_KEY: TEST_VEHICLE_MASTER_KEY,
    ...overrides,
  });
}

/** The tests' audit keys (AUDIT_HMAC_KEY, AUDIT_SIGNING_KEY of `testConfig`): an HMAC-SM3 key and an SM2 private key. */
export const TEST_AUDIT_HMAC_KEY = '5e'.repeat(32);
export const TEST_AUDIT_SIGNING_KEY = '3c7a5e1f0b9d2c4e6a8f1b3d5c7e9a0b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c';
const TEST_CHECKPOINT_FILE = path.join(os.tmpdir(), `civdef-test-audit-checkpoints-${process.pid}-${randomUUID()}.jsonl`);

/** The tests' vehicle master key (VEHICLE_MASTER_KEY of `testConfig`). */
export const TEST_VEHICLE_MASTER_KEY = '7d'.repeat(32);

/**
 * The command module's services on `db` alone, as a CLI process builds them (the vehicles' keys, accounts and
 * telemetry): no broker client, the test vehicle master key, and the works and alerts they never call here.
 */
export function givenCommandServices(db: Database) {
  const unused = async (): Promise<never> => { throw new Error('unused'); };
  return createCommandServices({
    db, regions: createRegionsService({ db }), cipher: testFieldCipher(), travel: { detourFactor: 1.4, speedKmh: 40 },
    works: { get: unused, nearest: async () => [] }, alerts: { draft: unused },
    messaging: { client: null }, events: createEventBus(), vehicleMasterKey: () => TEST_VEHICLE_MASTER_KEY,
  });
}

/** The tests' SM4 key (FIELD_ENCRYPTION_KEY of `testConfig`). */
export const TEST_FIELD_KEY = '0123456789abcdef0123456789abcdef';

/** The cipher an app built from `testConfig()` uses: for fixtures that load works and tests that read the column. */
export const testFieldCipher = () => fieldCipherFor(testConfig().fieldEncryption);

/**
 * An app on a fresh copy of the fixture. `broker`: with the embedded MQTT broker on a free port, for tests whose
 * writes command sirens (confirming an alert does); it closes with the app.
 */
export async function createTestApp(overrides: Record<string, string> = {}, { broker = false } = {}): Promise<TestContext> {
  const { db, drop } = await openTestDatabase();
  const config = testConfig(broker ? { MQTT_EMBEDDED_PORT: '0', ...overrides } : overrides);
  // As `civdef serve` does before anything is written: this process's rows are keyed (HMAC-SM3) from the first
  // one on, so every test that verifies the chain checks the keyed rows production writes.
  createAuditService({ db, chain: config.audit });
  await seedFixture(db);
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;
  const messaging = broker ? await startMessaging(config, quiet) : undefined;
  const app = await buildApp(config, { db, messaging });
  await app.ready();
  return {
    app,
    db,
    config,
    close: async () => {
      await app.close();
      await messaging?.close();
      await drop();
    },
  };
}

/** Two counties of Nantong (崇川 320602, 通州 320612) with a town each, works and sirens in both. */
export const FIXTURE = {
  city: '320600',
  countyA: '320613',
  countyB: '320612',
  townA: '320613001',
  townB: '320612001',
} as const;

const square = (lng: number, lat: number, d = 0.05) => ({
  type: 'Polygon',
  coordinates: [[[lng - d, lat - d], [lng + d, lat - d], [lng + d, lat + d], [lng - d, lat + d], [lng - d, lat - d]]],
});

function fixtureWork(code: string, regionCode: string, lng: number, lat: number): WorkImport {
  return {
    code, name: `${code} 防空地下室`, address: `南通市 ${code} 号`, regionCode, location: [lng, lat], constructionForm: 'attached', parentProject: `${code} 住宅项目`,
    workClass: 'personnel', subtype: 'class2', protectionGrade: 'N6', chemicalGrade: 'C', yearBuilt: 2010, isPublic: true,
    lifecycleState: 'in_use', peacetimeUse: { parking: { total: 50, publicSpaces: 20, feePerHourYuan: 3 } },
    units: [{ name: '防护单元1', grossAreaM2: 2500, protectedAreaM2: 2000, shelterAreaM2: 1500, blastUnits: 4, parkingSpaces: 50 }],
    entrances: [{ location: [lng + 0.0003, lat], kind: 'main', widthM: 2.5 }, { location: [lng - 0.0003, lat], kind: 'secondary', widthM: 1.5 }],
  };
}

/**
 * The services a fixture writes through: the modules' doors, as any other caller. Fixture rows are written
 * like real ones (a user is created and audited by the users service), so tests see what production makes.
 */
function fixtureServices(db: Database) {
  const regions = createRegionsService({ db });
  return {
    regions,
    sirens: createSirensService({ db, regions, cipher: testFieldCipher() }),
    users: createUsersService({ db, events: createEventBus(), regions, passwordPolicy: { minLength: 12, classes: 3 } }),
  };
}

export async function seedFixture(db: Database): Promise<void> {
  const { regions, sirens } = fixtureServices(db);
  await regions.loadReference(db, [
    { code: '320000', name: '江苏省', parentCode: null, level: 'province', centroid: null },
    { code: FIXTURE.city, name: '南通市', parentCode: '320000', level: 'city', centroid: [120.89, 31.98] },
    { code: FIXTURE.countyA, name: '崇川区', parentCode: FIXTURE.city, level: 'county', centroid: [120.86, 32.01] },
    { code: FIXTURE.countyB, name: '通州区', parentCode: FIXTURE.city, level: 'county', centroid: [121.07, 32.06] },
    { code: FIXTURE.townA, name: '和平桥街道', parentCode: FIXTURE.countyA, level: 'town', centroid: [120.87, 32.0] },
    { code: FIXTURE.townB, name: '金沙街道', parentCode: FIXTURE.countyB, level: 'town', centroid: [121.07, 32.07] },
  ], [
    { code: FIXTURE.countyA, geometry: square(120.86, 32.01) },
    { code: FIXTURE.countyB, geometry: square(121.07, 32.06) },
  ]);
  await createWorksLoader({ cipher: testFieldCipher() }).insertWorks(db, [
    fixtureWork('RF-A-001', FIXTURE.townA, 120.87, 32.0),
    fixtureWork('RF-A-002', FIXTURE.townA, 120.88, 32.01),
    fixtureWork('RF-B-001', FIXTURE.townB, 121.07, 32.07),
  ]);
  await sirens.loadBulk(db, [
    { code: 'JB-A-01', name: '崇川 1 号', regionCode: FIXTURE.townA, location: [120.871, 32.001], kind: 'motor', status: 'online', controlChannel: 'mqtt' },
    { code: 'JB-B-01', name: '通州 1 号', regionCode: FIXTURE.townB, location: [121.071, 32.071], kind: 'electronic', status: 'online', controlChannel: 'mqtt' },
  ]);
}

let cachedHash: Promise<string> | null = null;

const FIXTURE_CTX = { actorId: null, actor: 'test-fixture', ip: null };

/** Creates a user who may work straight away (no forced password change), with the password `PASSWORD`. */
export async function createUser(db: Database, username: string, roles: Role[], regionCode: string, opts: { mustChangePassword?: boolean } = {}): Promise<number> {
  cachedHash ??= hashPassword(PASSWORD);
  return fixtureServices(db).users.createAccount(FIXTURE_CTX, {
    username, displayName: username, passwordHash: await cachedHash, roles, regionCode, mustChangePassword: opts.mustChangePassword ?? false,
  });
}

let userSeq = 0;

export interface GivenUser {
  id: number;
  username: string;
}

/**
 * A new user of its own for one test case, so that no case depends on what an earlier one did to a shared
 * account (a lock, a changed password, a failure count). The name is unique in the file: `prefix-N`.
 */
export async function givenUser(
  t: Pick<TestContext, 'db'>,
  opts: { roles?: Role[]; regionCode?: string; mustChangePassword?: boolean; prefix?: string } = {},
): Promise<GivenUser> {
  userSeq += 1;
  const username = `${opts.prefix ?? 'user'}-${userSeq}`;
  const id = await createUser(t.db, username, opts.roles ?? ['viewer'], opts.regionCode ?? FIXTURE.city, { mustChangePassword: opts.mustChangePassword });
  return { id, username };
}

/** `givenUser`, signed in. */
export async function givenSession(
  t: Pick<TestContext, 'db' | 'app'>,
  opts: Parameters<typeof givenUser>[1] = {},
): Promise<GivenUser & { session: Session }> {
  const user = await givenUser(t, opts);
  return { ...user, session: await signIn(t.app, user.username) };
}

export interface Session {
  cookie: string;
  csrf: string;
}

export async function signIn(app: FastifyInstance, username: string, password = PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'civdef_sid');
  if (!cookie) throw new Error('no session cookie');
  return { cookie: `civdef_sid=${cookie.value}`, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

/**
 * Successful writes that append no audit row, with the reason. Everything else that answers 2xx to a
 * non-GET request through `call()` must have appended at least one row — so every module test that
 * writes also proves that the write was audited.
 */
const WRITES_WITHOUT_AUDIT: { pattern: RegExp; why: string; when?: (res: LightMyRequestResponse) => boolean }[] = [
  { pattern: /^POST \/api\/audit\/verify$/, why: 'reads the chain, changes nothing' },
  { pattern: /^POST \/api\/population\/imports\/preview$/, why: 'checks a file and writes nothing (the commit is audited)' },
  { pattern: /^POST \/api\/quiz\/orgs\/import\/preview$/, why: 'checks a list file and writes nothing (the import is audited)' },
  { pattern: /^POST \/api\/teams\/import\/preview$/, why: 'compares a file with the teams and writes nothing (the apply step is audited)' },
  { pattern: /^POST \/api\/regions\/town-outlines\/import\/preview$/, why: 'checks a file of town outlines and writes nothing (the apply step is audited)' },
  {
    pattern: /^POST \/api\/works\/inspections\/batch$/,
    why: 'a batch whose items were all duplicates or rejected stores nothing',
    when: (res) => (res.json() as { items: { status: string }[] }).items.every((i) => i.status !== 'created'),
  },
  {
    pattern: /^POST \/api\/siren-commands$/,
    why: 'a repeated command id answers 200 with the stored command and writes (and sends) nothing',
    when: (res) => res.statusCode === 200,
  },
  {
    pattern: /^POST \/api\/evacuation\/counts$/,
    why: 'a retried head count (same clientId) answers 200 and counts nothing twice',
    when: (res) => res.statusCode === 200,
  },
];

async function auditSeq(app: FastifyInstance): Promise<number> {
  const { db } = (app as unknown as { civdef: { db: Database } }).civdef;
  return Number((await db.query<{ seq: number }>('SELECT seq FROM audit_head WHERE id = 1')).rows[0]!.seq);
}

/** A request as a signed-in user; writes carry the CSRF token, and a successful write must be audited. */
export async function call(app: FastifyInstance, session: Session | null, opts: InjectOptions & { method: string; url: string }): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...(opts.headers as Record<string, string> | undefined) };
  const method = opts.method.toUpperCase();
  const isWrite = !['GET', 'HEAD', 'OPTIONS'].includes(method);
  if (session) {
    headers.cookie = session.cookie;
    if (isWrite) headers['x-csrf-token'] ??= session.csrf;
  }
  const seqBefore = isWrite ? await auditSeq(app) : 0;
  const res = (await app.inject({ ...opts, headers } as InjectOptions)) as LightMyRequestResponse;
  // 202: the work continues in a job after the answer; the job audits what it writes when it writes it.
  if (isWrite && res.statusCode >= 200 && res.statusCode < 300 && res.statusCode !== 202) {
    const route = `${method} ${opts.url.split('?')[0]}`;
    if (!WRITES_WITHOUT_AUDIT.some((w) => w.pattern.test(route) && (w.when?.(res) ?? true)) && (await auditSeq(app)) <= seqBefore) {
      throw new Error(`${route} answered ${res.statusCode} but appended no audit row: every write must be audited in its transaction`);
    }
  }
  return res;
}

/** The answer's JSON body, after checking its status (the body is in the failure message, so a refusal explains itself). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever shape the route answers
export function ok(res: { statusCode: number; body: string }, status = 200): any {
  expect(res.statusCode, res.body).toBe(status);
  return JSON.parse(res.body);
}
