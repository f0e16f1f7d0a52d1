/**
 * Every command the README documents, run through the real `civdef` binary (what `npx civdef …` runs) and checked
 * for its effect. The README's command table is parsed: a command documented without a case here fails the test,
 * and so does a case for a command the README no longer documents.
 */
import { Aedes } from 'aedes';
import { execFile } from 'node:child_process';
import { pbkdf2Sync } from 'node:crypto';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { listMigrations, openDatabase } from '../db/index.ts';
import { fieldCipherFor } from '../lib/field-crypto.ts';
import { brokerPassword } from '../lib/siren-protocol.ts';
import { vehicleBrokerPassword, vehicleKey } from '../lib/vehicle-protocol.ts';
import { verifyPassword } from '../lib/password.ts';
import { createEmptyPgDatabase } from '../test/harness.ts';
import { seedDataDirFromTemplate, startServe } from '../test/process.ts';

const execFileAsync = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../../..');
const SERVER_PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'apps/server/package.json'), 'utf8')) as { bin: Record<string, string> };
const BIN = path.join(ROOT, 'apps/server', SERVER_PKG.bin.civdef!);
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/**
 * The commands of the README's "Command line" table, by their command words: `civdef user reset-password U` /
 * `lock U` → `civdef user reset-password`, `civdef user lock`.
 */
function documentedCommands(readme: string): string[] {
  const section = /^## Command line\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? '';
  const commands: string[] = [];
  for (const row of section.split('\n').filter((l) => l.startsWith('| `'))) {
    const firstCell = row.split(/(?<!\\)\|/)[1] ?? '';
    let parent: string[] = [];
    for (const [, span] of firstCell.matchAll(/`([^`]+)`/g)) {
      const words = span!.trim().split(/\s+/);
      // A word starting lower-case and not an option or placeholder is part of the command's name.
      const firstArgument = words.findIndex((w) => !/^[a-z][a-z-]*$/.test(w));
      const name = firstArgument === -1 ? words : words.slice(0, firstArgument);
      const full = name[0] === 'civdef' ? name : [...parent, ...name];
      commands.push(full.join(' '));
      parent = full.slice(0, -1);
    }
  }
  return commands;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let dataDir: string;
let work: string;
let env: Record<string, string>;
let cleanup: () => Promise<void> = async () => undefined;

async function civdef(args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BIN, ...args], { env: { ...env, ...extraEnv }, cwd: work, timeout: 240_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Reads the database the commands write to, between commands (never while one runs). */
async function query<R>(sql: string, params: unknown[] = []): Promise<R[]> {
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL ?? null, databaseInMemory: false, dataDir });
  try {
    return (await db.query<R>(sql, params)).rows;
  } finally {
    await db.close();
  }
}

interface UserState {
  user: { locked: boolean; mustChangePassword: boolean; passwordHash: string; roles: string[]; regionCode: string } | undefined;
  audit: { action: string; actor: string; actorId: number | null };
}

/** A user's row and the newest audit row, read in one opening of the database (each opening costs seconds). */
async function stateOf(username: string): Promise<UserState> {
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL ?? null, databaseInMemory: false, dataDir });
  try {
    const user = (await db.query<NonNullable<UserState['user']>>(
      `SELECT locked, must_change_password AS "mustChangePassword", password_hash AS "passwordHash", roles, region_code AS "regionCode" FROM app_user WHERE username = $1`,
      [username],
    )).rows[0];
    const audit = (await db.query<UserState['audit']>(`SELECT action, actor, actor_id AS "actorId" FROM audit_log ORDER BY seq DESC LIMIT 1`)).rows[0]!;
    return { user, audit };
  } finally {
    await db.close();
  }
}

async function createUser(username: string): Promise<void> {
  const r = await civdef(['user', 'create', '--username', username, '--role', 'viewer', '--region', '320612']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-readme-'));
  dataDir = path.join(work, 'data');
  env = { ...process.env, LOG_LEVEL: 'silent', CIVDEF_DEMO_DATA: 'false', MQTT_EMBEDDED_PORT: 'off', CIVDEF_DATA_DIR: dataDir } as Record<string, string>;
  if (process.env.TEST_DATABASE_URL) {
    const created = await createEmptyPgDatabase(process.env.TEST_DATABASE_URL);
    env.DATABASE_URL = created.url;
    cleanup = created.drop;
  } else {
    await seedDataDirFromTemplate(dataDir);
  }
});
afterAll(async () => {
  await cleanup();
  fs.rmSync(work, { recursive: true, force: true });
});

/** The env of the demo dataset's database (its own data dir when embedded), seeded when no case did it yet. */
async function demo(): Promise<Record<string, string>> {
  const demoDir = path.join(work, 'demo');
  const demoEnv: Record<string, string> = env.DATABASE_URL ? {} : { CIVDEF_DATA_DIR: demoDir };
  if (!fs.existsSync(demoDir)) {
    if (!env.DATABASE_URL) await seedDataDirFromTemplate(demoDir);
    else fs.mkdirSync(demoDir);
    expect((await civdef(['seed', 'demo', '--seed', '7'], demoEnv)).code).toBe(0);
  }
  return demoEnv;
}

/** Every remote siren's broker login as the platform derives it, from the demo database's sealed keys. */
async function demoTerminalAccounts(demoEnv: Record<string, string>): Promise<Map<string, string>> {
  const cfg = loadConfig({ ...env, ...demoEnv });
  const cipher = fieldCipherFor(cfg.fieldEncryption);
  const db = await openDatabase(cfg);
  try {
    const rows = (await db.query<{ id: string; key: string }>(
      `SELECT terminal_id AS id, terminal_key AS key FROM siren WHERE control_channel = 'mqtt' AND terminal_key IS NOT NULL`)).rows;
    // 'siren.terminal_key': the sealing context of terminal keys (modules/sirens), as in docs/decisions/0004.
    return new Map(rows.map((r) => [r.id, brokerPassword(cipher.decrypt(r.key, 'siren.terminal_key'), r.id)]));
  } finally {
    await db.close();
  }
}

/** Every command vehicle's broker login (user → password), from the master key the CLI made in the demo's data dir. */
async function demoVehicleAccounts(demoEnv: Record<string, string>): Promise<Map<string, string>> {
  const cfg = loadConfig({ ...env, ...demoEnv });
  const db = await openDatabase(cfg);
  try {
    const codes = (await db.query<{ code: string }>('SELECT code FROM command_vehicle')).rows.map((r) => r.code);
    return new Map(codes.map((c) => [`vehicle@${c}`, vehicleBrokerPassword(vehicleKey(cfg.vehicles.masterKey!, c), c)]));
  } finally {
    await db.close();
  }
}

const cases: Record<string, () => Promise<void>> = {
  'civdef serve': async () => {
    const server = await startServe({ CIVDEF_DATA_DIR: dataDir, DATABASE_URL: env.DATABASE_URL, MQTT_EMBEDDED_PORT: 'off' });
    try {
      expect(server.output()).toMatch(/civdef 智慧人防综合平台 is running at http:\/\/127\.0\.0\.1:\d+/);
      const health = (await (await fetch(`${server.base}/api/health`)).json()) as { database: { migration: number } };
      expect(health.database.migration).toBe(listMigrations().length);
    } finally {
      await server.stop();
    }
  },

  'civdef migrate': async () => {
    const r = await civdef(['migrate']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`(up to date at version|schema version) ${listMigrations().length}`));
    const [{ n }] = (await query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migration')) as [{ n: number }];
    expect(n).toBe(listMigrations().length);
  },

  'civdef seed demo': async () => {
    // Its own data dir: the demo dataset would make every later command here slower.
    const demoDir = path.join(work, 'demo');
    await seedDataDirFromTemplate(demoDir);
    const demoEnv: Record<string, string> = env.DATABASE_URL ? {} : { CIVDEF_DATA_DIR: demoDir };
    const r = await civdef(['seed', 'demo', '--seed', '7'], demoEnv);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const m = /demo data loaded in \d+ ms: (\d+) works, (\d+) sirens/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const db = await openDatabase({ databaseUrl: env.DATABASE_URL ?? null, databaseInMemory: false, dataDir: demoDir });
    try {
      expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM work')).rows[0]!.n).toBeGreaterThanOrEqual(Number(m![1]));
    } finally {
      await db.close();
    }
    expect((await civdef(['seed', 'demo'], demoEnv)).stdout).toContain('demo data already loaded');
  },

  'civdef export public-static': async () => {
    // On the demo dataset (public works in many tiles); seeded here when this case runs alone.
    const demoEnv = await demo();
    const out = path.join(work, 'public-static');
    const r = await civdef(['export', 'public-static', out], demoEnv);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const m = /(\d+) public works in (\d+) tiles/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { tiles: number; zoom: number };
    expect(manifest).toMatchObject({ tiles: Number(m![2]), zoom: 13, districts: 'districts.json' });
    // The city's district outlines, for the map drawn without a basemap: the demo city's seven.
    const districts = JSON.parse(fs.readFileSync(path.join(out, 'districts.json'), 'utf8')) as { features: Array<{ properties: { name: string } }> };
    expect(districts.features.map((f) => f.properties.name)).toContain('崇川区');
    const x = fs.readdirSync(path.join(out, 'tiles', '13'))[0]!;
    // Each tile's .json.gz lies beside it.
    const y = fs.readdirSync(path.join(out, 'tiles', '13', x)).find((f) => f.endsWith('.json'))!;
    const text = fs.readFileSync(path.join(out, 'tiles', '13', x, y), 'utf8');
    const tile = JSON.parse(text) as { shelters: Array<Record<string, unknown>> };
    expect(tile.shelters.length).toBeGreaterThan(0);
    // A tile holds shelters as the detail shows them (every entrance); the walk is worked out on the phone.
    expect(Object.keys(tile.shelters[0]!).sort()).toEqual(['address', 'capacity', 'district', 'entrances', 'id', 'location', 'name', 'openState', 'shelterOpen']);
    expect(text).not.toMatch(/protectionGrade|contactPhone|wartime|subtype/);
  },

  'civdef sim sirens': async () => {
    const demoEnv = await demo();
    // A broker of the test's own that records each login: the fleet must log in as the terminals, with their passwords.
    const logins: Array<{ username: string; password: string }> = [];
    const subscriptions: string[] = [];
    const broker = await Aedes.createBroker({
      authenticate: (_c, username, password, done) => {
        logins.push({ username: username ?? '', password: password?.toString() ?? '' });
        done(null, true);
      },
      authorizeSubscribe: (_c, sub, done) => {
        subscriptions.push(sub.topic);
        done(null, sub);
      },
    });
    const server = net.createServer(broker.handle);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `mqtt://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
      const r = await civdef(['sim', 'sirens', '--count', '5', '--url', url, '--fail', '0.2', '--for', '2s'], demoEnv);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/fleet: 5\/5 connected, 0 could not connect or log in/);
      expect(logins).toHaveLength(5);
      const accounts = await demoTerminalAccounts(demoEnv);
      for (const l of logins) expect(l.password, l.username).toBe(accounts.get(l.username));
      expect(subscriptions.sort()).toEqual(logins.map((l) => `civdef/v1/t/${l.username}/cmd`).sort());
      // Reading the keys is audited (how many, never a key).
      const cfg = loadConfig({ ...env, ...demoEnv });
      const db = await openDatabase(cfg);
      try {
        const last = (await db.query<{ action: string; after: unknown }>(`SELECT action, after FROM audit_log ORDER BY seq DESC LIMIT 1`)).rows[0];
        expect(last).toEqual({ action: 'siren_terminal.keys_for_simulation', after: { terminals: 5 } });
      } finally {
        await db.close();
      }
      const bad = await civdef(['sim', 'sirens', '--count', '5', '--fail', '2'], demoEnv);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('fail: must be a share between 0 and 1');
    } finally {
      await new Promise<void>((r) => broker.close(() => r()));
      await new Promise((r) => server.close(r));
    }
  },

  'civdef broker mosquitto-config': async () => {
    const demoEnv = await demo();
    const out = path.join(work, 'mosquitto');
    const r = await civdef(['broker', 'mosquitto-config', out], demoEnv);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const accounts = await demoTerminalAccounts(demoEnv);
    const vehicles = await demoVehicleAccounts(demoEnv);
    expect(vehicles.size).toBeGreaterThan(0);
    expect(r.stdout).toContain(`(${accounts.size} terminals, ${vehicles.size} vehicles and civdef-server)`);
    const passwd = fs.readFileSync(path.join(out, 'passwd'), 'utf8').trim().split('\n');
    expect(passwd).toHaveLength(accounts.size + vehicles.size + 1);
    // Each vehicle's line (vehicle@<code>) checks out against the password derived from the master key the command made.
    for (const line of passwd.filter((l) => l.startsWith('vehicle@'))) {
      const [user, hashed] = line.split(':') as [string, string];
      const [, , , vSalt, vHash] = hashed.split('$');
      expect(pbkdf2Sync(vehicles.get(user)!, Buffer.from(vSalt!, 'base64'), 101, 64, 'sha512').toString('base64'), user).toBe(vHash);
    }
    // Mosquitto 2's format: PBKDF2-HMAC-SHA512, 101 rounds; the hash checks out against the derived password.
    const [user, hashed] = passwd[1]!.split(':') as [string, string];
    const [, , rounds, salt, hash] = hashed.split('$');
    expect(rounds).toBe('101');
    expect(pbkdf2Sync(accounts.get(user)!, Buffer.from(salt!, 'base64'), 101, 64, 'sha512').toString('base64')).toBe(hash);
    const acl = fs.readFileSync(path.join(out, 'acl'), 'utf8');
    expect(acl).toContain('pattern read civdef/v1/t/%u/cmd');
    expect(acl).toContain('user vehicle@JDZHC-01\ntopic deny civdef/v1/t/#\ntopic write civdef/v1/vehicle/JDZHC-01/position\n');
    expect(fs.readFileSync(path.join(out, 'mosquitto.conf'), 'utf8')).toContain('allow_anonymous false');
    const serverEnv = fs.readFileSync(path.join(out, 'server.env'), 'utf8');
    expect(serverEnv).toMatch(/^MQTT_USERNAME=civdef-server\nMQTT_PASSWORD=[0-9a-f]{48}\n$/);
    expect(fs.statSync(path.join(out, 'passwd')).mode & 0o077).toBe(0);
  },

  'civdef vehicle key': async () => {
    const demoEnv = await demo();
    const r = await civdef(['vehicle', 'key', 'JDZHC-01'], demoEnv);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const master = loadConfig({ ...env, ...demoEnv }).vehicles.masterKey!;
    const key = vehicleKey(master, 'JDZHC-01');
    expect(r.stdout).toContain(`key:      ${key}`);
    expect(r.stdout).toContain('user:     vehicle@JDZHC-01');
    expect(r.stdout).toContain(`password: ${vehicleBrokerPassword(key, 'JDZHC-01')}`);
    // Handing out a key is audited: which vehicle, never the key.
    const db = await openDatabase(loadConfig({ ...env, ...demoEnv }));
    try {
      const last = (await db.query<{ action: string; after: unknown }>(`SELECT action, after FROM audit_log ORDER BY seq DESC LIMIT 1`)).rows[0]!;
      expect(last).toEqual({ action: 'command_vehicle.key_issued', after: { code: 'JDZHC-01' } });
    } finally {
      await db.close();
    }
    const unknown = await civdef(['vehicle', 'key', 'NOPE-9'], demoEnv);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('车辆编号 code：没有编号为 NOPE-9 的机动指挥车');
    expect(unknown.stderr).toContain('code: no command vehicle has the code NOPE-9');
  },

  'civdef user create': async () => {
    const r = await civdef(['user', 'create', '--username', 'rd-create', '--role', 'duty_officer', '--region', '320612', '--display-name', '值班员']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/created rd-create with temporary password \S{12,}/);
    const created = await stateOf('rd-create');
    expect(created.user).toMatchObject({ roles: ['duty_officer'], regionCode: '320612', mustChangePassword: true, locked: false });
    expect(created.audit).toEqual({ action: 'user.create', actor: `cli:${os.userInfo().username}`, actorId: null });

    // Refusals: exit 1 with the rule, in both languages where the service answers.
    const badName = await civdef(['user', 'create', '--username', 'X', '--role', 'viewer', '--region', '320612']);
    expect(badName.code).toBe(1);
    expect(badName.stderr).toContain('username: 3–32 lower-case letters');
    const unknownRegion = await civdef(['user', 'create', '--username', 'rd-nowhere', '--role', 'viewer', '--region', '320699']);
    expect(unknownRegion.code).toBe(1);
    expect(unknownRegion.stderr).toMatch(/区划代码 .*320699 不存在/);
    expect(unknownRegion.stderr).toMatch(/Unknown region code .*320699/);
    expect(unknownRegion.stderr).toContain('[USERS_REGION_UNKNOWN]');
    const taken = await civdef(['user', 'create', '--username', 'rd-create', '--role', 'viewer', '--region', '320612']);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('[USERS_USERNAME_TAKEN]');
    expect(taken.stderr).toMatch(/User name .*rd-create is taken/);
    const weak = await civdef(['user', 'create', '--username', 'rd-weak', '--role', 'viewer', '--region', '320612', '--password', 'short']);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('Password does not meet the policy');
    expect((await stateOf('rd-weak')).user).toBeUndefined();
  },

  'civdef user reset-password': async () => {
    const created = await civdef(['user', 'create', '--username', 'rd-reset', '--role', 'viewer', '--region', '320612', '--password', 'First-Passw0rd-2026']);
    expect(created.code).toBe(0);
    const r = await civdef(['user', 'reset-password', 'rd-reset']);
    expect(r.code).toBe(0);
    const temporary = /password of rd-reset reset to (\S+); it must be changed at next sign-in/.exec(r.stdout)?.[1];
    expect(temporary).toBeDefined();
    const after = await stateOf('rd-reset');
    // The stored hash is of the printed temporary password, not of the first one.
    expect(await verifyPassword(after.user!.passwordHash, temporary!)).toBe(true);
    expect(await verifyPassword(after.user!.passwordHash, 'First-Passw0rd-2026')).toBe(false);
    expect(after.user!.mustChangePassword).toBe(true);
    expect(after.audit).toMatchObject({ action: 'user.reset_password', actor: `cli:${os.userInfo().username}` });
    const missing = await civdef(['user', 'reset-password', 'rd-nobody']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('User not found');
  },

  'civdef user lock': async () => {
    await createUser('rd-lock');
    const r = await civdef(['user', 'lock', 'rd-lock']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('rd-lock locked');
    const after = await stateOf('rd-lock');
    expect(after.user!.locked).toBe(true);
    expect(after.audit).toMatchObject({ action: 'user.lock', actor: `cli:${os.userInfo().username}` });
  },

  'civdef user unlock': async () => {
    await createUser('rd-unlock');
    expect((await civdef(['user', 'lock', 'rd-unlock'])).code).toBe(0);
    const r = await civdef(['user', 'unlock', 'rd-unlock']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('rd-unlock unlocked');
    const after = await stateOf('rd-unlock');
    expect(after.user!.locked).toBe(false);
    expect(after.audit).toMatchObject({ action: 'user.unlock', actor: `cli:${os.userInfo().username}` });
  },

  'civdef audit verify': async () => {
    await createUser('rd-audit');
    const r = await civdef(['audit', 'verify']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/audit chain intact: [1-9]\d* rows verified/);
  },

  'civdef import towns': async () => {
    // The sample the README names, as committed: two towns, one by code, one by name (名称).
    const sample = path.join(ROOT, 'docs/samples/town-outlines.geojson');
    const outlines = () => query<{ code: string; synthetic: boolean }>(`SELECT code, synthetic FROM region_town_boundary WHERE code IN ('320612001', '320613002') ORDER BY code`);
    const preview = await civdef(['import', 'towns', sample]);
    expect(preview.stderr).toBe('');
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain('320613002 和平桥街道 (320613): 替换合成边界 replaces synthetic');
    expect(preview.stdout).toContain('320612001 金沙街道 (320612): 替换合成边界 replaces synthetic');
    expect(preview.stdout).toContain('preview only, nothing written');
    expect(await outlines()).toEqual([{ code: '320612001', synthetic: true }, { code: '320613002', synthetic: true }]);

    const applied = await civdef(['import', 'towns', sample, '--apply']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('imported: 0 added, 2 replaced');
    expect(await outlines()).toEqual([{ code: '320612001', synthetic: false }, { code: '320613002', synthetic: false }]);
    const [audit] = await query<{ action: string; actor: string; actorId: number | null; after: { towns: string[] } }>(
      `SELECT action, actor, actor_id AS "actorId", after FROM audit_log WHERE action = 'regions.town_outlines.import' ORDER BY seq DESC LIMIT 1`);
    expect(audit).toMatchObject({ actor: `cli:${os.userInfo().username}`, actorId: null, after: { towns: ['320613002', '320612001'] } });

    // Refused input: every problem in zh-CN and English, nothing written, a non-zero exit even with --apply.
    const bad = path.join(work, 'bad-towns.geojson');
    fs.writeFileSync(bad, JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { code: '320613999' }, geometry: { type: 'Polygon', coordinates: [[[120.86, 32.0], [120.87, 32.0], [120.87, 32.01], [120.86, 32.0]]] } },
    ] }));
    const refused = await civdef(['import', 'towns', bad, '--apply']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('代码 code / 名称 name：320613999 不是您管辖范围内已知的乡镇');
    expect(refused.stdout).toContain('code / name: 320613999 is not a known town of your jurisdiction');
    expect(refused.stderr).toContain('refused: 1 problem, no town outline imported');
    const missing = await civdef(['import', 'towns', path.join(work, 'no-such.geojson')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('file: cannot read');
  },

  'civdef engine mcf': async () => {
    // 4 units from 1 to 4: 2 over 1-3-4 (cost 3 each) and 2 over 1-2-3-4 (cost 4 each) = 14.
    const file = path.join(work, 'tiny.min');
    fs.writeFileSync(file, 'c tiny\np min 4 5\nn 1 4\nn 4 -4\na 1 2 0 4 2\na 1 3 0 2 2\na 2 3 0 2 1\na 2 4 0 3 3\na 3 4 0 5 1\n');
    const r = await civdef(['engine', 'mcf', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('s 14');
    const flows = await civdef(['engine', 'mcf', file, '--flows']);
    expect(flows.stdout).toMatch(/^s 14\n(f \d+ \d+ \d+\n)+$/);
    const usage = await civdef(['engine', 'mcf']);
    expect(usage.code).toBe(2);
    expect(usage.stderr + usage.stdout).toContain('usage');
  },

  'civdef engine allocate': async () => {
    const problem = path.join(work, 'problem.json');
    const result = path.join(work, 'result.json');
    // The README's minimal example: 50 people, one shelter for 40.
    fs.writeFileSync(problem, JSON.stringify({ demand: [[0, 0, 30], [100, 0, 20]], shelters: [[50, 0, 40]], maxDistance: 500, unassignedCost: 10000 }));
    const r = await civdef(['engine', 'allocate', '--in', problem, '--out', result]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(fs.readFileSync(result, 'utf8')) as { people: number; assigned: number; unassigned: number };
    expect(out).toMatchObject({ people: 50, assigned: 40, unassigned: 10 });
  },

  'civdef backup': async () => {
    await createUser('rd-backup');
    const file = path.join(work, 'readme-backup.tar.gz');
    const r = await civdef(['backup', '--out', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/backup written to .*readme-backup\.tar\.gz/);
    expect(fs.statSync(file).size).toBeGreaterThan(1000);
  },

  'civdef restore': async () => {
    await createUser('rd-restore');
    const file = path.join(work, 'readme-restore.tar.gz');
    expect((await civdef(['backup', '--out', file])).code).toBe(0);
    const target = path.join(work, 'restored');
    let targetEnv: Record<string, string> = { CIVDEF_DATA_DIR: target };
    let drop: () => Promise<void> = async () => undefined;
    if (env.DATABASE_URL) {
      const created = await createEmptyPgDatabase(process.env.TEST_DATABASE_URL!);
      targetEnv = { ...targetEnv, DATABASE_URL: created.url };
      drop = created.drop;
    }
    try {
      const r = await civdef(['restore', file], targetEnv);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      // The audit chain's keys are not in a backup (see .env.example): the operator brings them along.
      // (None to bring when no command of this run has keyed the chain yet: the order of cases is the README's.)
      fs.mkdirSync(target, { recursive: true }); // on PostgreSQL a backup without archive files leaves no data dir
      for (const key of ['audit-hmac.key', 'audit-signing.key']) {
        if (fs.existsSync(path.join(dataDir, key))) fs.copyFileSync(path.join(dataDir, key), path.join(target, key));
      }
      const verify = await civdef(['audit', 'verify'], targetEnv);
      expect(verify.stdout).toMatch(/audit chain intact/);
      const db = await openDatabase({ databaseUrl: targetEnv.DATABASE_URL ?? null, databaseInMemory: false, dataDir: target });
      try {
        expect((await db.query(`SELECT 1 FROM app_user WHERE username = 'rd-restore'`)).rows).toHaveLength(1);
      } finally {
        await db.close();
      }
      expect((await civdef(['restore', file], targetEnv)).code).toBe(1);
    } finally {
      await drop();
    }
  },
};

describe('the README', () => {
  it('documents its commands in a table this test can read', () => {
    expect(documentedCommands(README)).toEqual(expect.arrayContaining(['civdef serve', 'civdef user lock', 'civdef engine allocate']));
    expect(documentedCommands('## Command line\n| `civdef a b X` / `c Y` |\n## Next')).toEqual(['civdef a b', 'civdef a c']);
  });

  it('has a case here for every command it documents, and documents every command cased here', () => {
    const documented = documentedCommands(README);
    expect(documented.filter((c) => !(c in cases)), 'documented in the README without a test case').toEqual([]);
    expect(Object.keys(cases).filter((c) => !documented.includes(c)), 'tested here but not in the README').toEqual([]);
  });

  it('names scripts that exist for its two commands (npm start, npm test) and for `npx civdef`', () => {
    const root = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(README).toMatch(/npm install && npm start/);
    expect(README).toMatch(/^npm test\b/m);
    expect(root.scripts.start).toBe('node scripts/start.mjs');
    expect(fs.existsSync(path.join(ROOT, 'scripts/start.mjs'))).toBe(true);
    expect(root.scripts.test).toMatch(/^vitest run\b/);
    expect(root.scripts.civdef).toBeDefined();
    expect(fs.existsSync(BIN)).toBe(true);
  });
});

describe('every README command through the civdef binary', () => {
  for (const [command, check] of Object.entries(cases)) it(command, check, 300_000);
});
