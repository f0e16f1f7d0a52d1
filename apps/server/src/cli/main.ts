#!/usr/bin/env node
/**
 * `civdef` — the operator's command line: serve, migrate, seed, manage users, verify the audit chain,
 * and run the analysis engine. Output goes to the terminal, so console is the right channel here.
 */
import { Command, Option } from 'commander';
import os from 'node:os';
import { ROLES, USERNAME_PATTERN, USERNAME_RULE, isRegionCode, type Role } from '@civdef/domain';
import { ConfigError, ensureAuditKeys, loadConfig, type Config } from '../config.ts';
import type { Database } from '../db/index.ts';
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
  .action(async () => {
    const cfg = config();
    const { startServer } = await import('../server.ts');
    const started = await startServer(cfg);
    const { app, url, initialAdmin, timings } = started;
    console.log(`\n  civdef 智慧人防综合平台 is running at ${url}`);
    console.log(`  database: ${app.civdef.db.kind}${cfg.databaseUrl ? '' : ` (${cfg.dataDir}/db)`}, broker: ${app.civdef.messaging.kind}, started in ${(timings.totalMs! / 1000).toFixed(1)} s`);
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
  .description('write the public app\'s data (shelters, parking, cooling spots, EV charging) as static JSON per map tile, and the alert files (active alert, recent history), for a CDN or nginx')
  .action(async (dir: string) => {
    const [{ createWorksServices }, { createPublicService }, { createEventBus }, { fieldCipherFor }, { alertsFeedReader }] = await Promise.all([
      import('../modules/works/index.ts'), import('../modules/public/index.ts'), import('../lib/events.ts'), import('../lib/field-crypto.ts'), import('../modules/alerts/index.ts'),
    ]);
    await withDb(async (db, cfg) => {
      const works = createWorksServices({
        db, events: createEventBus(), areaPerPersonM2: cfg.areaPerPersonM2, usableShelterStates: cfg.usableShelterStates, dataDir: cfg.dataDir, cipher: fieldCipherFor(cfg.fieldEncryption),
      });
      const publicApp = createPublicService({ db, works: works.gis, alerts: alertsFeedReader(db), fullReloadMs: 0 });
      try {
        const r = await publicApp.exportStatic(dir);
        console.log(`public data written to ${r.dir}: ${r.works} public works in ${r.tiles} tiles (${(r.bytes / 1024).toFixed(0)} KB); serve the directory as /public-static/`);
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
