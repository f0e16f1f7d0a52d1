#!/usr/bin/env node
/**
 * `civdef` — the operator's command line: serve, migrate, seed, manage users, verify the audit chain,
 * and run the analysis engine. Output goes to the terminal, so console is the right channel here.
 */
import { Command, Option } from 'commander';
import os from 'node:os';
import fs from 'node:fs';
import { ROLES, USERNAME_PATTERN, USERNAME_RULE, isRegionCode, type Role } from '@civdef/domain';
import { ConfigError, ensureAuditKeys, ensureVehicleMasterKey, loadConfig, type Config } from '../config.ts';
import type { Database } from '../db/index.ts';
import type { VehicleCredentials } from '../modules/command/index.ts';
import type { ControlService } from '../modules/sirens/index.ts';
import type { UsersService } from '../modules/users/index.ts';
import type { Actor } from '../lib/actor.ts';

// Each command loads only what it uses (the server's whole module graph takes seconds to load): `civdef engine`
// does not pay for Fastify, and `civdef serve` opens the database while the application's modules load.

function config(): Config {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

async function withDb<T>(fn: (db: Database, cfg: Config) => Promise<T>): Promise<T> {
  const cfg = config();
  const { migrate, openDatabase } = await import('../db/index.ts');
  const [{ ensureReferenceData }, { createAuditService }] = await Promise.all([import('../modules/bootstrap/index.ts'), import('../modules/audit/index.ts')]);
  const db = await openDatabase(cfg);
  try {
    await migrate(db);
    // The audit chain's keys, as the server has them: this process's audit rows are keyed the same way.
    const audit = createAuditService({ db, chain: ensureAuditKeys(cfg) });
    await ensureReferenceData(db, cfg);
    const result = await fn(db, cfg);
    // Anchor what this command wrote: a signed checkpoint of the head, outside the database.
    await audit.checkpoint();
    return result;
  } finally {
    await db.close();
  }
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

// The same rule as the API's request schema for a user name.

const program = new Command().name('civdef').description('civdef — 智慧人防综合平台').showHelpAfterError();

program
  .command('serve')
  .description('start the platform (embedded database and broker unless DATABASE_URL / MQTT_URL are set)')
  .option('--sim-sirens <n>', 'also run N simulated siren terminals (the first N remote sirens, e.g. the demo\'s) in this process, playing programs 100× faster', positive('sim-sirens'))
  .option('--sim-vehicles', 'also drive every registered command vehicle (e.g. the demo\'s) around its home in this process, reporting signed positions every 5 s')
  .action(async (opts: { simSirens?: number; simVehicles?: boolean }) => {
    const cfg = config();
    const { startServer } = await import('../server.ts');
    const started = await startServer(cfg);
    const { app, url, initialAdmin, timings } = started;
    // The embedded database's worker thread died (a crash, out of memory): every request would fail from here on,
    // so the process ends with an error for its supervisor to restart it rather than answer 500s for ever.
    app.civdef.db.onFailure?.((err) => {
      app.log.fatal({ err }, 'the embedded database stopped');
      console.error(err.message);
      process.exit(1);
    });
    console.log(`\n  civdef 智慧人防综合平台 is running at ${url}`);
    console.log(`  database: ${app.civdef.db.kind}${cfg.databaseUrl ? '' : ` (${cfg.dataDir}/db)`}, broker: ${app.civdef.messaging.kind}, started in ${(timings.totalMs! / 1000).toFixed(1)} s`);
    // The demo fleet: simulated terminals on the same broker, with the keys of the server's own sirens (the embedded
    // database cannot be opened by a second process, so they run here rather than under `civdef sim sirens`).
    let fleet: { stop(): Promise<void> } | null = null;
    /** The broker the simulated devices connect to: the embedded one this process runs, else MQTT_URL. */
    const simBrokerUrl = (option: string): string => {
      const messaging = app.civdef.messaging;
      const url = messaging.embeddedPort !== null ? `mqtt://${cfg.mqttEmbeddedHost}:${messaging.embeddedPort}` : cfg.mqttUrl;
      return url ?? fail(`${option}: 未配置 MQTT 代理（MQTT_EMBEDDED_PORT=off 且无 MQTT_URL）\n${option}: no MQTT broker configured (MQTT_EMBEDDED_PORT=off and no MQTT_URL)`);
    };
    if (opts.simSirens) {
      const brokerUrl = simBrokerUrl('sim-sirens');
      const [{ createSirensServices }, { createRegionsService }, { fieldCipherFor }, { SirenFleet }] = await Promise.all([
        import('../modules/sirens/index.ts'), import('../modules/regions/index.ts'), import('../lib/field-crypto.ts'), import('../sim/siren-fleet.ts'),
      ]);
      const db = app.civdef.db;
      const { control } = createSirensServices({ db, regions: createRegionsService({ db }), cipher: fieldCipherFor(cfg.fieldEncryption), messaging: { kind: 'none', client: null }, settings: cfg.sirens });
      const terminals = await control.terminalKeysForSimulation(`cli:${os.userInfo().username}`, opts.simSirens);
      const running = await SirenFleet.start({ url: brokerUrl, terminals, timeScale: 0.01, heartbeatMs: 5000 });
      fleet = running;
      const s = running.stats();
      console.log(`  simulated sirens: ${s.connected} of ${s.terminals} terminals connected to ${brokerUrl} (programs play 100× faster)`);
    }
    let vehicles: Array<{ stop(): Promise<void> }> = [];
    if (opts.simVehicles) {
      const brokerUrl = simBrokerUrl('sim-vehicles');
      const { SimulatedVehicle } = await import('../sim/command-vehicle.ts');
      const keys = await (await vehicleCredentials(app.civdef.db, cfg)).simulationKeys(`cli:${os.userInfo().username}`);
      // A loop of about 1.5 km around the vehicle's home, so the console shows it moving near where it is based.
      const loop = ([x, y]: [number, number]): Array<[number, number]> => [[x, y], [x + 0.008, y + 0.002], [x + 0.01, y + 0.008], [x + 0.002, y + 0.01]];
      vehicles = await Promise.all(keys.map((v) => SimulatedVehicle.start({ url: brokerUrl, code: v.code, key: v.key, route: loop(v.home), intervalMs: 5000 })));
      console.log(`  simulated command vehicles: ${vehicles.length} reporting every 5 s to ${brokerUrl}`);
    }
    if (initialAdmin) {
      console.log('\n  First start: an administrator account was created.');
      console.log(`    user name: ${initialAdmin.username}`);
      console.log(`    password:  ${initialAdmin.generated ? initialAdmin.password : '(the value of CIVDEF_INITIAL_ADMIN_PASSWORD)'}`);
      console.log('  Sign in at the address above; you will be asked to choose a new password.');
      console.log('  首次启动：已创建管理员账户，请登录后立即修改密码。\n');
    }
    let closing = false;
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, 'shutting down');
      const timer = setTimeout(() => process.exit(1), 10_000).unref();
      await fleet?.stop();
      await Promise.all(vehicles.map((v) => v.stop()));
      await app.close();
      clearTimeout(timer);
      process.exit(0);
    };
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    const cfg = config();
    const { migrate, openDatabase } = await import('../db/index.ts');
    const db = await openDatabase(cfg);
    try {
      const { version, applied } = await migrate(db);
      console.log(applied.length ? `applied ${applied.join(', ')}; schema version ${version}` : `up to date at version ${version}`);
    } finally {
      await db.close();
    }
  });

program
  .command('seed')
  .description('load data sets')
  .command('demo')
  .description('load the synthetic Nantong demo dataset (once; --force loads it again)')
  .option('--seed <n>', 'generator seed', (v) => Number(v))
  .option('--force', 'load even if it was loaded before')
  .action(async (opts: { seed?: number; force?: boolean }) => {
    const { ensureInitialAdmin, loadDemoData } = await import('../modules/bootstrap/index.ts');
    await withDb(async (db, cfg) => {
      const admin = await ensureInitialAdmin(db, cfg);
      if (admin?.generated) console.log(`created administrator ${admin.username} with password ${admin.password} (must be changed at first sign-in)`);
      const r = await loadDemoData(db, cfg, opts.seed ?? cfg.demo.seed, opts.force ?? false);
      console.log(r.loaded ? `demo data loaded in ${r.ms} ms: ${r.works} works, ${r.sirens} sirens, ${r.populationCells} population cells (${r.people} people)` : 'demo data already loaded (use --force to load again)');
    });
  });

const user = program.command('user').description('manage user accounts (through the users service, audited like the console)');

/** The users service as the console uses it, acting as the operator at this machine. */
async function withUsers<T>(fn: (s: { users: UsersService; operator: Actor }) => Promise<T>): Promise<T> {
  const [{ createUsersService, operatorActor }, { createAuthService }, { createRegionsService }, { createEventBus }, { AppError }] = await Promise.all([
    import('../modules/users/index.ts'), import('../modules/auth/index.ts'), import('../modules/regions/index.ts'), import('../lib/events.ts'), import('../lib/errors.ts'),
  ]);
  return withDb(async (db, cfg) => {
    // The auth service on the same bus: a lock or a reset ends the account's sessions in its own transaction.
    const events = createEventBus();
    const users = createUsersService({ db, events, regions: createRegionsService({ db }), passwordPolicy: cfg.password });
    createAuthService({ db, config: cfg, users, events });
    const operator = operatorActor(`cli:${os.userInfo().username}`, cfg.city.code);
    try {
      return await fn({ users, operator });
    } catch (err) {
      // A rule of the service: the same zh-CN and English message the console shows, and a non-zero exit.
      if (err instanceof AppError) fail(`${err.messageIn('zh-CN')}\n${err.messageIn('en')} [${err.code}]`);
      throw err;
    }
  });
}

user
  .command('create')
  .description('create a user (a random temporary password is printed unless --password is given)')
  .requiredOption('--username <name>')
  .requiredOption('--region <code>', 'jurisdiction, GB/T 2260 code')
  .addOption(new Option('--role <role...>', 'one or more roles').choices([...ROLES]).makeOptionMandatory())
  .option('--display-name <name>')
  .option('--password <password>')
  .action(async (opts: { username: string; region: string; role: Role[]; displayName?: string; password?: string }) => {
    // The API checks these in its request schema; the command line has none, so it checks them here first.
    if (!USERNAME_PATTERN.test(opts.username)) fail(`username: 用户名须为${USERNAME_RULE.zh}\nusername: ${USERNAME_RULE.en}`);
    if (!isRegionCode(opts.region)) fail('region: 区划代码须为 6 位或 9 位 GB/T 2260 代码\nregion: must be a 6- or 9-digit GB/T 2260 code');
    const displayName = opts.displayName ?? opts.username;
    if (displayName.length < 1 || displayName.length > 64) fail('display-name: 显示名须为 1–64 个字符\ndisplay-name: 1–64 characters');
    const { generatePassword } = await import('../lib/password.ts');
    await withUsers(async ({ users, operator }) => {
      const password = opts.password ?? generatePassword();
      await users.create(operator, null, { username: opts.username, displayName, password, roles: [...new Set(opts.role)], regionCode: opts.region });
      console.log(`created ${opts.username}${opts.password ? '' : ` with temporary password ${password}`} (must be changed at first sign-in)`);
    });
  });

user
  .command('reset-password <username>')
  .description('set a temporary password (printed unless --password is given); the user must change it')
  .option('--password <password>')
  .action(async (username: string, opts: { password?: string }) => {
    const { generatePassword } = await import('../lib/password.ts');
    await withUsers(async ({ users, operator }) => {
      const u = await users.getByUsername(operator, username);
      const password = opts.password ?? generatePassword();
      await users.resetPassword(operator, null, u.id, password);
      console.log(`password of ${username} reset${opts.password ? '' : ` to ${password}`}; it must be changed at next sign-in`);
    });
  });

for (const [name, locked] of [['lock', true], ['unlock', false]] as const) {
  user
    .command(`${name} <username>`)
    .description(locked ? 'lock an account and end its sessions' : 'unlock an account an administrator locked')
    .action(async (username: string) => {
      await withUsers(async ({ users, operator }) => {
        const u = await users.getByUsername(operator, username);
        await users.setLocked(operator, null, u.id, locked);
        console.log(`${username} ${locked ? 'locked' : 'unlocked'}`);
      });
    });
}

program
  .command('import')
  .description('bring data in from files, through the same checks as the console\'s import')
  .command('towns <file>')
  .description('surveyed town outlines (GeoJSON FeatureCollection, one feature per town named by code or name): previews what would change and every problem; with --apply imports them (all or none, audited); exits 1 when any feature is refused')
  .option('--apply', 'import the outlines (without it nothing is written)')
  .action(async (file: string, opts: { apply?: boolean }) => {
    let data: Buffer;
    try {
      data = fs.readFileSync(file);
    } catch (err) {
      fail(`文件 file：无法读取 ${file}（${(err as NodeJS.ErrnoException).code ?? String(err)}）\nfile: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    const [{ createRegionsService }, { operatorActor }] = await Promise.all([import('../modules/regions/index.ts'), import('../modules/users/index.ts')]);
    await withDb(async (db, cfg) => {
      // The console's preview and apply, as the operator at this machine (audited under that name).
      const regions = createRegionsService({ db });
      const operator = operatorActor(`cli:${os.userInfo().username}`, cfg.city.code);
      const p = await regions.previewTownOutlines(operator, data);
      console.log(printTownPreview(file, p));
      if (p.errorCount > 0) {
        console.error(`拒绝：${p.errorCount} 处问题，未导入任何乡镇边界\nrefused: ${p.errorCount} problem${p.errorCount === 1 ? '' : 's'}, no town outline imported`);
        process.exitCode = 1;
        return;
      }
      if (!opts.apply) {
        console.log('仅预览，未写入；加 --apply 导入 / preview only, nothing written; run again with --apply to import');
        return;
      }
      const r = await orFail(regions.applyTownOutlines(operator, null, data, p.preview));
      console.log(`已导入：新增 ${r.added} 个，替换 ${r.replaced} 个 / imported: ${r.added} added, ${r.replaced} replaced`);
    });
  });

/** A town-outline preview as text: each town and what its outline replaces, then every problem in zh-CN and English. */
function printTownPreview(file: string, p: { sha256: string; features: number; towns: Array<{ code: string; name: string; countyCode: string; replaces: string; outsidePercent: number | null }>; unknown: unknown[]; errorCount: number; errors: Array<{ at: string; zh: string; en: string }> }): string {
  const REPLACES: Record<string, string> = { none: '新增 new', synthetic: '替换合成边界 replaces synthetic', surveyed: '替换实测边界 replaces surveyed' };
  const count = (k: string) => p.towns.filter((t) => t.replaces === k).length;
  const lines = [
    `${file} (sha256 ${p.sha256.slice(0, 12)}…): ${p.features} features`,
    `乡镇 towns matched: ${p.towns.length} (新增 new ${count('none')}, 替换合成 replacing synthetic ${count('synthetic')}, 替换实测 replacing surveyed ${count('surveyed')}); 未知 unknown: ${p.unknown.length}; 问题 problems: ${p.errorCount}`,
    ...p.towns.map((t) => `  ${t.code} ${t.name} (${t.countyCode}): ${REPLACES[t.replaces] ?? t.replaces}${t.outsidePercent ? `, ${t.outsidePercent} % outside its district` : ''}`),
    ...p.errors.map((e) => `  ✗ ${e.at}: ${e.zh}\n    ${e.en}`),
  ];
  if (p.errors.length < p.errorCount) lines.push(`  … ${p.errorCount - p.errors.length} more`);
  return lines.join('\n');
}

program
  .command('audit')
  .description('audit trail')
  .command('verify')
  .description('verify the audit log: its keyed SM3 hash chain and the signed checkpoints outside the database; lists every problem and exits 1 if there is any')
  .action(async () => {
    const cfg = config();
    const { openDatabase } = await import('../db/index.ts');
    const { verifyChain } = await import('../modules/audit/index.ts');
    const db = await openDatabase(cfg);
    try {
      // The keys as configured, never made here: a verifier that generated a new key would call every keyed row bad.
      const r = await verifyChain(db, cfg.audit);
      const keyed = r.keyedFrom === null ? 'plain SM3 only' : `HMAC-SM3 from row ${r.keyedFrom}`;
      if (r.ok) console.log(`audit chain intact: ${r.checked} rows verified (${keyed}), ${r.checkpoints} signed checkpoints hold`);
      else {
        console.error(`AUDIT CHAIN BROKEN at row ${r.firstBadId ?? '?'}: ${r.reason} (${r.checked} rows verified, ${r.problems.length} problems)`);
        console.error('审计链校验失败，问题如下 / every problem found:');
        for (const p of r.problems) console.error(`  ${p.seq === null ? '-' : `row ${p.seq}`}: ${p.reason}`);
        process.exitCode = 1;
      }
    } finally {
      await db.close();
    }
  });

program
  .command('export')
  .description('write data for outside use')
  .command('public-static <dir>')
  .description('write the public app\'s data (shelters, parking, cooling spots, EV charging) as static JSON per map tile, the alert files (active alert, recent history) and the district outlines, for a CDN or nginx')
  .action(async (dir: string) => {
    const [{ createWorksServices }, { createPublicService }, { createEventBus }, { fieldCipherFor }, { alertsFeedReader }, { createRegionsService }] = await Promise.all([
      import('../modules/works/index.ts'), import('../modules/public/index.ts'), import('../lib/events.ts'), import('../lib/field-crypto.ts'), import('../modules/alerts/index.ts'),
      import('../modules/regions/index.ts'),
    ]);
    await withDb(async (db, cfg) => {
      const works = createWorksServices({
        db, events: createEventBus(), areaPerPersonM2: cfg.areaPerPersonM2, usableShelterStates: cfg.usableShelterStates, dataDir: cfg.dataDir, cipher: fieldCipherFor(cfg.fieldEncryption),
      });
      const publicApp = createPublicService({
        db, works: works.gis, alerts: alertsFeedReader(db), regions: createRegionsService({ db }), cityCode: cfg.city.code, fullReloadMs: 0,
      });
      try {
        const r = await publicApp.exportStatic(dir);
        console.log(`public data written to ${r.dir}: ${r.works} public works in ${r.tiles} tiles (${(r.bytes / 1024).toFixed(0)} KB, ${(r.gzipBytes / 1024).toFixed(0)} KB as .gz beside them); serve the directory as /public-static/`);
      } finally {
        publicApp.close();
      }
    });
  });

program
  .command('backup')
  .description('write the database and the archive files to one file (embedded database: stop the server first)')
  .option('--out <file>', 'backup file (default: civdef-backup-<time>.tar.gz in the current directory)')
  .action(async (opts: { out?: string }) => {
    const cfg = config();
    const { createBackup } = await import('../db/backup.ts');
    const out = opts.out ?? `civdef-backup-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, 'Z')}.tar.gz`;
    const r = await refuseOnBackupError(() => createBackup(cfg, out));
    console.log(`backup written to ${r.file} (${(r.bytes / 1048576).toFixed(1)} MB): ${r.database} database at schema version ${r.schemaVersion}, ${r.files} archive files, in ${(r.ms / 1000).toFixed(1)} s`);
    console.log('the field-encryption and audit keys are not in the backup: keep FIELD_ENCRYPTION_KEY, AUDIT_HMAC_KEY and AUDIT_SIGNING_KEY (or the data dir\'s *.key files) safe separately');
  });

program
  .command('restore <file>')
  .description('restore a backup into an empty database and data dir (--force replaces what is there)')
  .option('--force', 'restore even if the target holds data (embedded: the old data is kept aside, not deleted)')
  .action(async (file: string, opts: { force?: boolean }) => {
    const cfg = config();
    const { restoreBackup } = await import('../db/backup.ts');
    const r = await refuseOnBackupError(() => restoreBackup(cfg, file, { force: opts.force ?? false }));
    console.log(`restored ${r.database} database at schema version ${r.schemaVersion} and ${r.files} archive files in ${(r.ms / 1000).toFixed(1)} s`);
    for (const p of r.keptAside) console.log(`replaced data kept at ${p}`);
  });

/** Operator mistakes (server running, target not empty, damaged file) end with their message and exit 1. */
async function refuseOnBackupError<T>(fn: () => Promise<T>): Promise<T> {
  const [{ BackupError }, { DatabaseInUseError }] = await Promise.all([import('../db/backup.ts'), import('../db/index.ts')]);
  try {
    return await fn();
  } catch (err) {
    if (err instanceof BackupError || err instanceof DatabaseInUseError) fail(err.message);
    throw err;
  }
}

/** Keys or accounts of remote terminals, read through the sirens module as the operator at this machine (audited). */
async function withControl<T>(fn: (control: ControlService, operator: string, db: Database, cfg: Config) => Promise<T>): Promise<T> {
  const [{ createSirensServices }, { createRegionsService }, { fieldCipherFor }] = await Promise.all([
    import('../modules/sirens/index.ts'), import('../modules/regions/index.ts'), import('../lib/field-crypto.ts'),
  ]);
  return withDb(async (db, cfg) => {
    const { control } = createSirensServices({
      db, regions: createRegionsService({ db }), cipher: fieldCipherFor(cfg.fieldEncryption), messaging: { kind: 'none', client: null }, settings: cfg.sirens,
    });
    return fn(control, `cli:${os.userInfo().username}`, db, cfg);
  });
}

/** `5s`, `2m`, `500ms`, `1h` or plain seconds → milliseconds; null when it is none of them. */
function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return null;
  return Math.round(Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h']);
}

function share(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0 || n > 1) fail(`${name}: 须为 0 到 1 之间的比例\n${name}: must be a share between 0 and 1`);
    return n;
  };
}
function positive(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) fail(`${name}: 须为正数\n${name}: must be a positive number`);
    return n;
  };
}

program
  .command('sim')
  .description('simulated devices')
  .command('sirens')
  .description('run a fleet of simulated siren terminals (the first N remote sirens of the database, with their keys) against the broker')
  .requiredOption('--count <n>', 'how many terminals', positive('count'))
  .option('--url <mqtt-url>', 'broker (default: MQTT_URL, else the embedded broker\'s address)')
  .option('--time-scale <x>', 'program time × x (1 real time; 0.01 plays 3 min in 1.8 s)', positive('time-scale'), 1)
  .option('--heartbeat <ms>', 'heartbeat interval', positive('heartbeat'), 5000)
  .option('--fail <share>', 'share of broken terminals (they reject commands and report a fault)', share('fail'), 0)
  .option('--drop <share>', 'share of terminals that drop every command', share('drop'), 0)
  .option('--reboot-every <s>', 'mean seconds between reboots of a terminal (forgets executed command ids)', positive('reboot-every'))
  .option('--clock-skew <s>', 'each terminal\'s clock is off by up to ± s seconds', positive('clock-skew'))
  .option('--for <duration>', 'stop after this long (e.g. 30s, 5m); default: until interrupted')
  .action(async (opts: { count: number; url?: string; timeScale: number; heartbeat: number; fail: number; drop: number; rebootEvery?: number; clockSkew?: number; for?: string }) => {
    const runFor = opts.for === undefined ? null : parseDuration(opts.for);
    if (opts.for !== undefined && runFor === null) fail(`for: 时长格式为 30s、5m、500ms\nfor: a duration like 30s, 5m or 500ms`);
    if (!Number.isInteger(opts.count)) fail('count: 须为正整数\ncount: must be a positive whole number');
    const cfg = config();
    const url = opts.url ?? cfg.mqttUrl ?? `mqtt://${cfg.mqttEmbeddedHost}:${cfg.mqttEmbeddedPort ?? 1883}`;
    // The keys are read, then the database is closed: the embedded database is free again for `civdef serve`.
    const terminals = await withControl((control, operator) => control.terminalKeysForSimulation(operator, opts.count));
    if (terminals.length === 0) fail('count: 数据库中没有带密钥的遥控警报器（先 civdef seed demo）\ncount: no remote siren with a key in the database (load the demo with civdef seed demo first)');
    const { SirenFleet } = await import('../sim/siren-fleet.ts');
    console.log(`connecting ${terminals.length} simulated terminals to ${url} …`);
    const fleet = await SirenFleet.start({
      url, terminals, timeScale: opts.timeScale, heartbeatMs: opts.heartbeat, failShare: opts.fail, dropShare: opts.drop,
      ...(opts.rebootEvery ? { rebootEveryS: opts.rebootEvery } : {}), ...(opts.clockSkew ? { clockSkewS: opts.clockSkew } : {}),
    });
    const line = () => {
      const s = fleet.stats();
      return `fleet: ${s.connected}/${s.terminals} connected, ${s.refusedLogin} could not connect or log in, ${s.faulty} faulty, ${s.dropping} dropping; `
        + `sounded ${s.sounded}, self-tests ${s.selfTests}, duplicates ${s.duplicates}, refused commands ${s.refusedCommands}, reboots ${s.reboots}`;
    };
    console.log(line());
    const ticker = setInterval(() => console.log(line()), 10_000);
    let stopping = false;
    const finish = async () => {
      if (stopping) return;
      stopping = true;
      clearInterval(ticker);
      console.log(line());
      await fleet.stop();
      process.exit(0);
    };
    process.on('SIGINT', () => void finish());
    process.on('SIGTERM', () => void finish());
    if (runFor !== null) setTimeout(() => void finish(), runFor);
  });

/** The command vehicles' telemetry credentials, read through the command module as the operator at this machine (audited). */
async function withVehicles<T>(fn: (vehicles: VehicleCredentials, operator: string) => Promise<T>): Promise<T> {
  return withDb(async (db, cfg) => fn(await vehicleCredentials(db, cfg), `cli:${os.userInfo().username}`));
}

async function vehicleCredentials(db: Database, cfg: Config): Promise<VehicleCredentials> {
  const { createVehicleCredentials } = await import('../modules/command/index.ts');
  return createVehicleCredentials({ db, masterKey: () => ensureVehicleMasterKey(cfg) });
}

/** A rule of a service, as the console shows it (zh-CN and English) with a non-zero exit; anything else is thrown on. */
async function orFail<T>(p: Promise<T>): Promise<T> {
  const { AppError } = await import('../lib/errors.ts');
  try {
    return await p;
  } catch (err) {
    if (err instanceof AppError) fail(`${err.messageIn('zh-CN')}\n${err.messageIn('en')} [${err.code}]`);
    throw err;
  }
}

program
  .command('broker')
  .description('the MQTT broker')
  .command('mosquitto-config <dir>')
  .description('write a Mosquitto password file, ACL and config lines for the platform, every remote terminal and every command vehicle (regenerate after adding or re-keying terminals or adding vehicles)')
  .action(async (dir: string) => {
    const [{ mosquittoFiles }, { SERVER_BROKER_USER }, { randomBytes }, fs, path] = await Promise.all([
      import('../lib/mosquitto-config.ts'), import('../lib/siren-protocol.ts'), import('node:crypto'), import('node:fs'), import('node:path'),
    ]);
    const cfg = config();
    // One opening of the database for both (each opening of the embedded one costs seconds).
    const { accounts, vehicles } = await withControl(async (control, operator, db, dbCfg) => ({
      accounts: await control.terminalAccounts(operator),
      vehicles: await (await vehicleCredentials(db, dbCfg)).brokerAccounts(operator),
    }));
    const target = path.resolve(dir);
    fs.mkdirSync(target, { recursive: true, mode: 0o700 });
    // The platform's account: the configured one (MQTT_USERNAME/MQTT_PASSWORD), else a new one written for the server.
    const server = cfg.mqttUsername && cfg.mqttPassword
      ? { username: cfg.mqttUsername, password: cfg.mqttPassword }
      : { username: SERVER_BROKER_USER, password: randomBytes(24).toString('hex') };
    const files = mosquittoFiles({ server, terminals: accounts, vehicles, dir: target });
    fs.writeFileSync(path.join(target, 'passwd'), files.passwd, { mode: 0o600 });
    fs.writeFileSync(path.join(target, 'acl'), files.acl, { mode: 0o644 });
    fs.writeFileSync(path.join(target, 'mosquitto.conf'), files.conf, { mode: 0o644 });
    if (!(cfg.mqttUsername && cfg.mqttPassword)) {
      fs.writeFileSync(path.join(target, 'server.env'), `MQTT_USERNAME=${server.username}\nMQTT_PASSWORD=${server.password}\n`, { mode: 0o600 });
    }
    console.log(`wrote ${path.join(target, 'passwd')} (${accounts.length} terminals, ${vehicles.length} vehicles and ${server.username}), acl and mosquitto.conf`);
    if (!(cfg.mqttUsername && cfg.mqttPassword)) console.log(`the platform's new broker login is in ${path.join(target, 'server.env')}: set MQTT_USERNAME and MQTT_PASSWORD from it`);
  });

program
  .command('vehicle')
  .description('command vehicles (机动指挥车)')
  .command('key <code>')
  .description('print a registered command vehicle\'s telemetry key and broker login, for fitting its unit (derived from the vehicle master key; audited)')
  .action(async (code: string) => {
    const issued = await orFail(withVehicles((v, operator) => v.issueKey(operator, code)));
    console.log(`vehicle ${issued.code}`);
    console.log(`  key:      ${issued.key}`);
    console.log(`  user:     ${issued.username}`);
    console.log(`  password: ${issued.password}`);
    console.log(`  topic:    civdef/v1/vehicle/${issued.code}/position (signed reports: docs/protocols/vehicle-telemetry.md)`);
  });

program
  .command('engine')
  .description('analysis engine: `civdef engine mcf FILE.min [--flows]`, `civdef engine allocate --in problem.json --out result.json`')
  .allowUnknownOption()
  .helpOption(false)
  .argument('[args...]')
  .action(async (args: string[]) => {
    // The engine's CLI is its own entry point (`@civdef/engine/cli`): the package's main entry stays free of I/O.
    const { runEngineCli } = await import('@civdef/engine/cli');
    process.exitCode = await runEngineCli(args);
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // Any command on the embedded database while a server holds it: say so instead of a stack trace.
  if (err instanceof Error && err.name === 'DatabaseInUseError') fail(err.message);
  // A field-encryption key that does not open the stored data: the message names the key and what to configure.
  if (err instanceof Error && err.name === 'FieldCryptoError') fail(err.message);
  throw err;
}
