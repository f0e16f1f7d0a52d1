/**
 * The only reader of the environment. Every variable is documented in `.env.example`; a bad value
 * fails start-up with every problem listed at once, so an operator fixes them in one go.
 */
import {
  APPROVAL_CLOCK_DEFAULTS,
  DEFAULT_DETOUR_FACTOR, DEFAULT_TRAVEL, DEFAULT_SERVICE_RADIUS_M, DEFAULT_STAY_RATIO, DEFAULT_USABLE_SHELTER_STATES, LIFECYCLE_STATES,
  SIREN_KIND_CODES, SIREN_KIND_DEFAULTS, SIREN_STATUS_CODES, type SirenKind, type SirenKindDefault,
} from '@civdef/domain';
import { DEFAULT_EXCESS_DB_PER_DOUBLING } from '@civdef/engine';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadOrCreateSecretFile } from './lib/key-files.ts';

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  dataDir: string;
  /** postgres://… when set; otherwise the embedded PGlite database under `dataDir/db`. */
  databaseUrl: string | null;
  /** In-memory embedded database (tests only). */
  databaseInMemory: boolean;
  /** Where the embedded database runs: its own worker thread (default), or the main thread (escape hatch). */
  pgliteThread: 'worker' | 'main';
  /** mqtt://… when set; otherwise the embedded broker. */
  mqttUrl: string | null;
  /** Port of the embedded broker; 0 picks a free one; null disables it (no broker). */
  mqttEmbeddedPort: number | null;
  mqttEmbeddedHost: string;
  /** The platform's own login at an external broker (`civdef broker mosquitto-config` writes a matching account). */
  mqttUsername: string | null;
  mqttPassword: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimitBytes: number;
  trustProxy: boolean;
  cookieSecure: boolean;
  session: { idleMinutes: number; absoluteHours: number };
  /**
   * Sign-in throttling (see `modules/auth/auth.throttle.ts`). No setting locks an account: failures slow down
   * the address that makes them and, past `challengeAfter`, every address must solve a proof-of-work challenge.
   */
  login: {
    /** Failures of one name from one address before each further attempt must wait. */
    throttleAfter: number;
    /** The first wait, doubled with every further failure… */
    delayBaseSeconds: number;
    /** …up to this. */
    delayMaxSeconds: number;
    /** Failures of one name from any address before sign-in to it needs a solved challenge. */
    challengeAfter: number;
    /** Leading zero bits the challenge's SHA-256 must have: each bit doubles the work. */
    challengeBits: number;
    /** Failures older than this are forgotten. */
    failureWindowMinutes: number;
    rateLimitPerMinute: number;
  };
  password: { minLength: number; classes: number };
  initialAdminPassword: string | null;
  demo: { enabled: boolean; seed: number };
  city: { code: string; name: string };
  basemap: { type: 'xyz' | 'wmts'; url: string; attribution: string | null } | null;
  areaPerPersonM2: number;
  /** Life-cycle states whose works count as usable shelter (USABLE_SHELTER_STATES, comma-separated; domain default). */
  usableShelterStates: string[];
  /** Statutory clocks of approval cases in working days (法定时限, 承诺时限): APPROVAL_LEGAL_DAYS, APPROVAL_PROMISED_DAYS. */
  regulation: { legalDays: number; promisedDays: number };
  /** Shelter planning defaults (see packages/domain/src/planning.ts for the rules and their sources). */
  planning: {
    /** 留城比例 of an area without its own setting. */
    stayRatio: number;
    /** Life-cycle states whose works count as shelters. */
    countedStates: string[];
    /** Default service radius, walking metres. */
    radiusM: number;
    /** Default walking detour factor. */
    detourFactor: number;
    /** Demand resolution: coarser population cells near shelters are split into cells of this size (m). */
    demandCellM: number;
  };
  /** Emergency dispatch: travel time = straight line × detourFactor at speedKmh (DISPATCH_DETOUR_FACTOR, DISPATCH_SPEED_KMH). */
  dispatch: { detourFactor: number; speedKmh: number };
  /** The public app's API (/api/public/…): requests per client address per minute, and its caching. */
  publicApp: {
    rateLimitPerMinute: number; maxAgeSeconds: number; staleWhileRevalidateSeconds: number; maxStreams: number;
    /** The directory whose static export the server keeps current (PUBLIC_STATIC_DIR), or null. */
    staticDir: string | null;
  };
  webDistDir: string;
  /**
   * SM4 key for personal fields at rest (see `lib/field-crypto.ts`), 32 hex digits: FIELD_ENCRYPTION_KEY, else the
   * key file in the data dir. `key` is null only before the first start has made that file (`server.ts` makes it).
   */
  fieldEncryption: { key: string | null; previousKeys: string[]; keyFile: string };
  /** Bearer token for /metrics; null = answer loopback addresses only. */
  metricsToken: string | null;
  /**
   * The audit chain's keys and anchor (see `modules/audit/audit.anchor.ts`). Keys come from the environment, else
   * from key files in the data dir; null only before a first start has made those files (`ensureAuditKeys`).
   */
  audit: {
    /** HMAC-SM3 key of the chain, 64 hex digits: AUDIT_HMAC_KEY, else `hmacKeyFile`. Never stored in the database. */
    hmacKey: string | null;
    /**
     * Keys that wrote earlier segments of the chain, oldest first (AUDIT_HMAC_PREVIOUS_KEYS): after a rotation the
     * chain goes on with `hmacKey` from the head written with the newest of these, and verify checks each segment
     * with its own key.
     */
    previousHmacKeys: string[];
    hmacKeyFile: string;
    /** SM2 private key (64 hex digits) that signs checkpoints of the chain's head: AUDIT_SIGNING_KEY, else `signingKeyFile`. */
    signingKey: string | null;
    signingKeyFile: string;
    /** Append-only file of signed checkpoints, outside the database. */
    checkpointFile: string;
    /** How often the server writes a checkpoint when the head has moved (and always at shutdown). */
    checkpointSeconds: number;
    /** udp://host:port or tcp://host:port: a syslog receiver that gets a copy of every checkpoint; null = none. */
    syslogUrl: string | null;
  };
  /**
   * The master key of the command vehicles' telemetry keys (docs/protocols/vehicle-telemetry.md), 64 lower-case hex
   * digits: VEHICLE_MASTER_KEY, else `masterKeyFile`; null until first needed (`ensureVehicleMasterKey` makes the file).
   */
  vehicles: { masterKey: string | null; masterKeyFile: string };
  /** Subscribed agencies and SMS lists: attempts and the first retry wait of a delivery, the dispatcher's tick (0: off), the SMS gateway. */
  channels: {
    attempts: number; retryBaseMs: number; tickMs: number; sms: { url: string; key: string; sender: string } | null;
    /**
     * The older configuration-only agency pushes (ALERT_AGENCY_WEBHOOKS): each entry becomes a city-wide channel
     * subscription at start (once; the console manages it from then on), so there is one push mechanism.
     */
    importAgencies: Array<{ name: string; url: string; key: string }>;
  };
  /** CAP from other agencies: how often the poller looks for feeds that are due (0: never, e.g. in tests). */
  capIngest: { pollTickMs: number };
  /** Alerts: who they are from in CAP (the agencies it is pushed to are channel subscriptions). */
  alerts: {
    /** CAP `sender`: this office's unique id. */
    sender: string;
    /** CAP `senderName`. */
    senderName: string;
  };
  /** The siren network: rated-output defaults per kind and the command link's timing (see `modules/sirens`). */
  sirens: {
    /** Per kind, used when a siren record gives no rating of its own; each names its source. */
    kindDefaults: Record<SirenKind, SirenKindDefault>;
    /** How long a terminal has to acknowledge a command before it is sent again. */
    ackTimeoutMs: number;
    /** Re-sends after the first before a siren is marked as not answering. */
    retries: number;
    /** A command's validity: terminals refuse it after this, so a captured command cannot be replayed later. */
    commandTtlSeconds: number;
    /** A terminal heard once and silent for longer than this is shown offline (unreachable). */
    heartbeatTimeoutMs: number;
    /** A delivery unanswered this long after its first send is flagged unreachable on the live view (issue: 10 s). */
    unreachableAfterMs: number;
    /** Open live streams of commands (the console's live view) this process holds at most; beyond it the console polls. */
    liveMaxStreams: number;
  };
  /** Siren coverage runs (modules/coverage): the sound model and its source, the grid, the target and where it applies. */
  coverage: CoverageSettings;
}

/** Defaults of a coverage run; a run may override the threshold, the cell size and the sirens. */
export interface CoverageSettings {
  /** Level a cell must reach to count as covered (dB). */
  thresholdDb: number;
  /** Excess attenuation per doubling of distance beyond spherical spreading (dB). */
  excessDbPerDoubling: number;
  /** Where the threshold and the attenuation come from (shown with every run). */
  modelSource: string;
  /** Raster cell size (m). */
  cellM: number;
  /** Target share of area and population covered (%), for the city areas and the key towns. */
  targetPercent: number;
  /** County-level codes of the city areas (市区) the target applies to. */
  cityAreas: string[];
  /** Town codes of the key towns (重点镇) the target applies to. */
  keyTowns: string[];
  /** Siren states counted as in service when a run does not name its sirens. */
  countedStates: string[];
  /** Kind of a suggested or added siren (its rated output comes from the kind defaults). */
  candidateKind: SirenKind;
  /** Spacing of the candidate sites laid over uncovered areas (m). */
  candidateSpacingM: number;
}

/** Nantong's 市辖区 (GB/T 2260, 2020 codes): 通州, 崇川, 海门. */
export const DEFAULT_COVERAGE_CITY_AREAS = ['320612', '320613', '320614'];
/** The towns that seat each county-level government of Nantong (县城驻地), the usual 重点镇 of a warning plan. */
export const DEFAULT_COVERAGE_KEY_TOWNS = ['320612001', '320613002', '320614400', '320623001', '320681100', '320682001', '320685100'];
export const DEFAULT_COVERAGE_MODEL_SOURCE = 'FEMA CPG 1-17 Outdoor Warning Systems Guide (1980): 10 dB per doubling of distance, 70 dB(C) where people must hear the signal outdoors';

/**
 * A comma-separated list of region codes of `digits` digits (6 for counties, 9 for towns); an empty value is the
 * fallback, a malformed one a problem naming the variable and the rule.
 */
export function parseCodeList(name: string, raw: string | null, digits: number, fallback: string[], problems: string[]): string[] {
  if (raw === null) return fallback;
  const codes = raw.split(',').map((c) => c.trim()).filter((c) => c !== '');
  const bad = codes.find((c) => !new RegExp(`^\\d{${digits}}$`).test(c));
  if (bad !== undefined) {
    problems.push(`${name}: ${bad} is not a ${digits}-digit region code (comma-separated list)`);
    return fallback;
  }
  return [...new Set(codes)];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  str(name: string, fallback: string): string {
    const v = this.env[name];
    return v === undefined || v === '' ? fallback : v;
  }

  optional(name: string): string | null {
    const v = this.env[name];
    return v === undefined || v === '' ? null : v;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^-?\d+$/.test(raw.trim())) {
      this.problems.push(`${name}=${raw}: must be an integer between ${min} and ${max}`);
      return fallback;
    }
    const n = Number(raw);
    if (n < min || n > max) this.problems.push(`${name}=${raw}: must be between ${min} and ${max}`);
    return n;
  }

  num(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      this.problems.push(`${name}=${raw}: must be a number between ${min} and ${max}`);
      return fallback;
    }
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const v = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    this.problems.push(`${name}=${raw}: must be true or false`);
    return fallback;
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problems.push(`${name}=${raw}: must be one of ${allowed.join(', ')}`);
      return fallback;
    }
    return raw as T;
  }

  /**
   * A secret key: the variable `name`, else the content of `file` (the embedded default, made on first start by
   * `loadOrCreateSecretFile`), else null. Either must match `pattern`; `rule` says what it must be.
   */
  secret(name: string, file: string, pattern: RegExp, rule: string): string | null {
    const v = this.optional(name);
    if (v !== null) {
      if (!pattern.test(v)) this.problems.push(`${name}: must be ${rule}`);
      return v;
    }
    if (!fs.existsSync(file)) return null;
    const stored = fs.readFileSync(file, 'utf8').trim();
    if (!pattern.test(stored)) this.problems.push(`${file}: must hold ${rule}`);
    return stored;
  }

  url(name: string, protocols: string[]): string | null {
    const raw = this.optional(name);
    if (raw === null) return null;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) this.problems.push(`${name}: protocol must be one of ${protocols.join(', ')}`);
    } catch {
      this.problems.push(`${name}: not a valid URL`);
    }
    return raw;
  }
}

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const r = new Reader(env);
  const nodeEnv = r.oneOf('NODE_ENV', 'development', ['development', 'production', 'test'] as const);
  const dataDir = path.resolve(cwd, r.str('CIVDEF_DATA_DIR', './data'));
  const databaseUrl = r.url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const mqttUrl = r.url('MQTT_URL', ['mqtt:', 'mqtts:', 'ws:', 'wss:']);
  const embeddedPortRaw = r.str('MQTT_EMBEDDED_PORT', '1883');
  let mqttEmbeddedPort: number | null = null;
  if (embeddedPortRaw !== 'off') mqttEmbeddedPort = r.int('MQTT_EMBEDDED_PORT', 1883, 0, 65535);

  const basemapUrl = r.optional('BASEMAP_URL');
  const basemapType = r.oneOf('BASEMAP_TYPE', 'xyz', ['xyz', 'wmts'] as const);
  const usableShelterStates = r.str('USABLE_SHELTER_STATES', DEFAULT_USABLE_SHELTER_STATES.join(',')).split(',').map((x) => x.trim()).filter(Boolean);
  const unknownStates = usableShelterStates.filter((x) => !LIFECYCLE_STATES.some((st) => st.code === x));
  if (unknownStates.length || !usableShelterStates.length) {
    r.problems.push(`USABLE_SHELTER_STATES: comma-separated life-cycle states (${LIFECYCLE_STATES.map((st) => st.code).join(', ')}); unknown: ${unknownStates.join(', ') || '(empty)'}`);
  }
  const approvalClock = {
    legalDays: r.int('APPROVAL_LEGAL_DAYS', APPROVAL_CLOCK_DEFAULTS.legalDays, 1, 365),
    promisedDays: r.int('APPROVAL_PROMISED_DAYS', APPROVAL_CLOCK_DEFAULTS.promisedDays, 0, 365),
  };
  if (approvalClock.promisedDays > approvalClock.legalDays) {
    r.problems.push('APPROVAL_PROMISED_DAYS: the promised clock must not be longer than APPROVAL_LEGAL_DAYS');
  }
  if (basemapUrl && !/^https?:\/\//.test(basemapUrl)) r.problems.push('BASEMAP_URL: must start with http:// or https://');
  if (basemapUrl && basemapType === 'xyz' && !(basemapUrl.includes('{z}') && basemapUrl.includes('{x}') && basemapUrl.includes('{y}'))) {
    r.problems.push('BASEMAP_URL: an XYZ template must contain {z}, {x} and {y}');
  }

  const initialAdminPassword = r.optional('CIVDEF_INITIAL_ADMIN_PASSWORD');
  const passwordMin = r.int('PASSWORD_MIN_LENGTH', 12, 8, 128);
  const passwordClasses = r.int('PASSWORD_MIN_CLASSES', 3, 1, 4);
  const cityCode = r.str('CIVDEF_CITY_CODE', '320600');
  if (!/^\d{4}00$/.test(cityCode) || cityCode.endsWith('0000')) r.problems.push(`CIVDEF_CITY_CODE=${cityCode}: must be a 6-digit city code such as 320600`);

  const HEX128 = /^[0-9a-fA-F]{32}$/;
  const HEX256 = /^[0-9a-fA-F]{64}$/;
  const keyFile = path.join(dataDir, 'field-encryption.key');
  const fieldKey = r.secret('FIELD_ENCRYPTION_KEY', keyFile, HEX128, '32 hex digits (a 128-bit SM4 key)');
  const previousKeys = (r.optional('FIELD_ENCRYPTION_PREVIOUS_KEYS') ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  if (previousKeys.some((k) => !HEX128.test(k))) r.problems.push('FIELD_ENCRYPTION_PREVIOUS_KEYS: comma-separated keys of 32 hex digits each');
  const metricsToken = r.optional('METRICS_TOKEN');
  if (metricsToken !== null && metricsToken.length < 16) r.problems.push('METRICS_TOKEN: at least 16 characters');
  const auditHmacKeyFile = path.join(dataDir, 'audit-hmac.key');
  const auditSigningKeyFile = path.join(dataDir, 'audit-signing.key');
  const previousHmacKeys = (r.optional('AUDIT_HMAC_PREVIOUS_KEYS') ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  if (previousHmacKeys.some((k) => !HEX256.test(k))) r.problems.push('AUDIT_HMAC_PREVIOUS_KEYS: comma-separated keys of 64 hex digits each, oldest first');
  const audit: Config['audit'] = {
    hmacKey: r.secret('AUDIT_HMAC_KEY', auditHmacKeyFile, HEX256, '64 hex digits (a 256-bit HMAC-SM3 key)'),
    previousHmacKeys,
    hmacKeyFile: auditHmacKeyFile,
    signingKey: r.secret('AUDIT_SIGNING_KEY', auditSigningKeyFile, HEX256, '64 hex digits (an SM2 private key)'),
    signingKeyFile: auditSigningKeyFile,
    checkpointFile: path.resolve(dataDir, r.str('AUDIT_CHECKPOINT_FILE', 'audit-checkpoints.jsonl')),
    checkpointSeconds: r.int('AUDIT_CHECKPOINT_SECONDS', 60, 1, 86_400),
    syslogUrl: r.url('AUDIT_SYSLOG_URL', ['udp:', 'tcp:']),
  };
  if (audit.syslogUrl && !/^[a-z]+:\/\/[^/:]+:\d+\/?$/.test(audit.syslogUrl)) r.problems.push('AUDIT_SYSLOG_URL: must be udp://host:port or tcp://host:port');

  const vehicleMasterKeyFile = path.join(dataDir, 'vehicle-master.key');
  const vehicleMasterKey = r.secret('VEHICLE_MASTER_KEY', vehicleMasterKeyFile, HEX256, '64 hex digits (the 256-bit master of the command vehicles\' keys)');

  const kindDefaults = { ...SIREN_KIND_DEFAULTS };
  const kindRaw = r.optional('SIREN_KIND_DEFAULTS');
  if (kindRaw !== null) {
    // An installation's own ratings per kind, each with the source it was taken from (a datasheet, a survey).
    const rule = 'SIREN_KIND_DEFAULTS: must be a JSON object {kind: {ratedPowerW, ratedLevelDb, referenceDistanceM, source}} with kinds '
      + `${SIREN_KIND_CODES.join(', ')}, finite non-negative numbers, a reference distance > 0 and a non-empty source`;
    try {
      const parsed = JSON.parse(kindRaw) as Record<string, Partial<SirenKindDefault>>;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      for (const [kind, d] of Object.entries(parsed)) {
        const ok = (SIREN_KIND_CODES as string[]).includes(kind) && typeof d === 'object' && d !== null
          && [d.ratedPowerW, d.ratedLevelDb, d.referenceDistanceM].every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0)
          && (d.referenceDistanceM as number) > 0 && typeof d.source === 'string' && d.source.trim() !== '';
        if (!ok) throw new Error(kind);
        kindDefaults[kind as SirenKind] = d as SirenKindDefault;
      }
    } catch {
      r.problems.push(rule);
    }
  }

  // The SMS gateway (docs/protocols/sms-gateway.md): both or neither of its URL and shared key.
  const smsUrl = r.optional('SMS_GATEWAY_URL');
  const smsKey = r.optional('SMS_GATEWAY_KEY');
  let smsGateway: Config['channels']['sms'] = null;
  if (smsUrl || smsKey) {
    if (!smsUrl || !/^https?:\/\/\S+$/.test(smsUrl)) r.problems.push('SMS_GATEWAY_URL: must be an http or https URL when SMS_GATEWAY_KEY is set');
    else if (!smsKey || !/^[0-9a-f]{64}$/.test(smsKey)) r.problems.push('SMS_GATEWAY_KEY: must be 64 hex digits (the shared HMAC-SM3 key) when SMS_GATEWAY_URL is set');
    else smsGateway = { url: smsUrl, key: smsKey, sender: r.str('ALERT_SENDER_NAME', `${r.str('CIVDEF_CITY_NAME', '南通市')}国防动员办公室`) };
  }
  let agencies: Config['channels']['importAgencies'] = [];
  const agenciesRaw = r.optional('ALERT_AGENCY_WEBHOOKS');
  if (agenciesRaw !== null) {
    try {
      const parsed = JSON.parse(agenciesRaw) as Array<{ name?: unknown; url?: unknown; key?: unknown }>;
      if (!Array.isArray(parsed)) throw new Error('not an array');
      agencies = parsed.map((a) => {
        const u = new URL(String(a.url));
        if (typeof a.name !== 'string' || !a.name.trim() || a.name.length > 100 || !['http:', 'https:'].includes(u.protocol) || typeof a.key !== 'string' || !HEX256.test(a.key)) throw new Error('bad entry');
        return { name: a.name, url: u.toString(), key: a.key };
      });
      // The name is what marks an imported subscription: two entries of one name would be one subscription.
      if (new Set(agencies.map((a) => a.name)).size !== agencies.length) throw new Error('duplicate name');
    } catch {
      r.problems.push('ALERT_AGENCY_WEBHOOKS: must be a JSON array of {name, url (http or https), key (64 hex digits)} with distinct names'
        + ' (each entry becomes a channel subscription at start; better: add the agency in the console, 预警发布 → 渠道订阅, and remove this setting)');
    }
  }

  const config: Config = {
    env: nodeEnv,
    host: r.str('HOST', '127.0.0.1'),
    port: r.int('PORT', 3000, 0, 65535),
    dataDir,
    databaseUrl,
    databaseInMemory: r.bool('CIVDEF_DB_IN_MEMORY', false),
    pgliteThread: r.oneOf('CIVDEF_PGLITE_THREAD', 'worker', ['worker', 'main'] as const),
    mqttUrl,
    mqttEmbeddedPort: mqttUrl ? null : mqttEmbeddedPort,
    mqttEmbeddedHost: r.str('MQTT_EMBEDDED_HOST', '127.0.0.1'),
    mqttUsername: r.optional('MQTT_USERNAME'),
    mqttPassword: r.optional('MQTT_PASSWORD'),
    logLevel: r.oneOf('LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    bodyLimitBytes: r.int('BODY_LIMIT_BYTES', 1_048_576, 1024, 1_073_741_824),
    trustProxy: r.bool('TRUST_PROXY', false),
    cookieSecure: r.bool('COOKIE_SECURE', nodeEnv === 'production'),
    session: {
      idleMinutes: r.int('SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
      absoluteHours: r.int('SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30),
    },
    login: {
      throttleAfter: r.int('LOGIN_THROTTLE_AFTER', 3, 1, 100),
      delayBaseSeconds: r.int('LOGIN_THROTTLE_BASE_SECONDS', 2, 1, 3600),
      // LOGIN_LOCK_MINUTES (how long the old automatic lock lasted) still bounds the longest wait when the new
      // setting is not given, so an installation that tuned it keeps its meaning of "at most this long".
      delayMaxSeconds: r.int('LOGIN_THROTTLE_MAX_SECONDS', r.int('LOGIN_LOCK_MINUTES', 15, 1, 24 * 60) * 60, 1, 24 * 3600),
      // LOGIN_MAX_FAILURES keeps its name: the failures that used to lock the account now ask for the challenge.
      challengeAfter: r.int('LOGIN_MAX_FAILURES', 5, 1, 100),
      challengeBits: r.int('LOGIN_CHALLENGE_BITS', 18, 1, 28),
      failureWindowMinutes: r.int('LOGIN_FAILURE_WINDOW_MINUTES', 60, 1, 7 * 24 * 60),
      rateLimitPerMinute: r.int('LOGIN_RATE_LIMIT_PER_MINUTE', 20, 1, 10_000),
    },
    password: { minLength: passwordMin, classes: passwordClasses },
    initialAdminPassword,
    demo: { enabled: r.bool('CIVDEF_DEMO_DATA', true), seed: r.int('CIVDEF_DEMO_SEED', 20260918, 0, 2 ** 31 - 1) },
    city: { code: cityCode, name: r.str('CIVDEF_CITY_NAME', '南通市') },
    basemap: basemapUrl ? { type: basemapType, url: basemapUrl, attribution: r.optional('BASEMAP_ATTRIBUTION') } : null,
    areaPerPersonM2: r.num('SHELTER_AREA_PER_PERSON_M2', 1.0, 0.1, 100),
    usableShelterStates,
    regulation: approvalClock,
    planning: {
      stayRatio: r.num('PLANNING_STAY_RATIO', DEFAULT_STAY_RATIO, 0, 1),
      // One definition of a usable shelter for the whole platform: the dashboard, the map and planning count the same works.
      countedStates: usableShelterStates,
      radiusM: r.num('PLANNING_RADIUS_M', DEFAULT_SERVICE_RADIUS_M, 10, 5000),
      detourFactor: r.num('PLANNING_DETOUR_FACTOR', DEFAULT_DETOUR_FACTOR, 1, 10),
      demandCellM: r.num('PLANNING_DEMAND_CELL_M', 200, 25, 5000),
    },
    dispatch: {
      detourFactor: r.num('DISPATCH_DETOUR_FACTOR', DEFAULT_TRAVEL.detourFactor, 1, 5),
      speedKmh: r.num('DISPATCH_SPEED_KMH', DEFAULT_TRAVEL.speedKmh, 5, 200),
    },
    publicApp: {
      rateLimitPerMinute: r.int('PUBLIC_RATE_LIMIT_PER_MINUTE', 600, 1, 100_000_000),
      maxAgeSeconds: r.int('PUBLIC_MAX_AGE_SECONDS', 10, 0, 86_400),
      staleWhileRevalidateSeconds: r.int('PUBLIC_STALE_WHILE_REVALIDATE_SECONDS', 60, 0, 604_800),
      maxStreams: r.int('PUBLIC_SSE_MAX_CONNECTIONS', 5000, 0, 1_000_000),
      staticDir: r.str('PUBLIC_STATIC_DIR', '') === '' ? null : path.resolve(cwd, r.str('PUBLIC_STATIC_DIR', '')),
    },
    webDistDir: path.resolve(cwd, r.str('CIVDEF_WEB_DIST', path.join(import.meta.dirname, '../../web/dist'))),
    fieldEncryption: { key: fieldKey, previousKeys, keyFile },
    metricsToken,
    audit,
    vehicles: { masterKey: vehicleMasterKey?.toLowerCase() ?? null, masterKeyFile: vehicleMasterKeyFile },
    channels: {
      attempts: r.int('CHANNEL_ATTEMPTS', 6, 1, 50),
      retryBaseMs: r.int('CHANNEL_RETRY_MS', 2000, 10, 3_600_000),
      tickMs: r.int('CHANNEL_TICK_MS', 1000, 0, 600_000),
      sms: smsGateway,
      importAgencies: agencies,
    },
    capIngest: { pollTickMs: r.int('CAP_POLL_TICK_MS', 15_000, 0, 3_600_000) },
    alerts: {
      sender: r.str('ALERT_SENDER', `civdef-${cityCode}`),
      senderName: r.str('ALERT_SENDER_NAME', `${r.str('CIVDEF_CITY_NAME', '南通市')}国防动员办公室`),
    },
    sirens: {
      kindDefaults,
      ackTimeoutMs: r.int('SIREN_ACK_TIMEOUT_MS', 3000, 50, 600_000),
      retries: r.int('SIREN_COMMAND_RETRIES', 2, 0, 20),
      commandTtlSeconds: r.int('SIREN_COMMAND_TTL_SECONDS', 120, 5, 3600),
      heartbeatTimeoutMs: r.int('SIREN_HEARTBEAT_TIMEOUT_MS', 10_000, 200, 3_600_000),
      unreachableAfterMs: r.int('SIREN_UNREACHABLE_AFTER_MS', 10_000, 100, 600_000),
      liveMaxStreams: r.int('SIREN_LIVE_MAX_STREAMS', 500, 0, 100_000),
    },
    coverage: {
      thresholdDb: r.num('COVERAGE_THRESHOLD_DB', 70, 30, 130),
      excessDbPerDoubling: r.num('COVERAGE_EXCESS_DB_PER_DOUBLING', DEFAULT_EXCESS_DB_PER_DOUBLING, 0, 30),
      modelSource: r.str('COVERAGE_MODEL_SOURCE', DEFAULT_COVERAGE_MODEL_SOURCE),
      cellM: r.num('COVERAGE_CELL_M', 200, 25, 2000),
      targetPercent: r.num('COVERAGE_TARGET_PERCENT', 100, 1, 100),
      cityAreas: parseCodeList('COVERAGE_CITY_AREAS', r.optional('COVERAGE_CITY_AREAS'), 6, DEFAULT_COVERAGE_CITY_AREAS, r.problems),
      keyTowns: parseCodeList('COVERAGE_KEY_TOWNS', r.optional('COVERAGE_KEY_TOWNS'), 9, DEFAULT_COVERAGE_KEY_TOWNS, r.problems),
      countedStates: (() => {
        const raw = r.optional('COVERAGE_COUNTED_STATES');
        if (raw === null) return ['online', 'offline', 'sounding'];
        const states = raw.split(',').map((x) => x.trim()).filter((x) => x !== '');
        const bad = states.find((x) => !(SIREN_STATUS_CODES as string[]).includes(x));
        if (bad !== undefined || states.length === 0) r.problems.push(`COVERAGE_COUNTED_STATES: comma-separated siren states among ${SIREN_STATUS_CODES.join(', ')}`);
        return bad !== undefined || states.length === 0 ? ['online', 'offline', 'sounding'] : states;
      })(),
      candidateKind: r.oneOf('COVERAGE_CANDIDATE_KIND', 'electronic', SIREN_KIND_CODES),
      candidateSpacingM: r.num('COVERAGE_CANDIDATE_SPACING_M', 500, 50, 10_000),
    },
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}

/**
 * The embedded default of a secret the configuration did not give: a key file in the data dir, made with `make()`
 * on first use with mode 0600 (readable by the service account only) and read back from then on. Two processes
 * starting at once agree: the file is created exclusively, and the loser reads the winner's key.
 */
// The order n of the SM2 curve (GB/T 32918.5): a private key is an integer in [1, n − 2].
const SM2_ORDER = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;

/** A random SM2 private key (64 hex digits), drawn without the SM2 library so loading the configuration stays light. */
export function randomSm2PrivateKey(): string {
  for (;;) {
    const hex = randomBytes(32).toString('hex');
    const d = BigInt(`0x${hex}`);
    if (d >= 1n && d <= SM2_ORDER - 2n) return hex;
  }
}

/**
 * Fills the audit chain's keys the configuration did not give from their key files in the data dir, making them on
 * first start (mode 0600): the embedded default, as for the field-encryption key. With DATABASE_URL, every process
 * that writes to the database (servers and the CLI) must share the keys: set AUDIT_HMAC_KEY and AUDIT_SIGNING_KEY.
 */
export function ensureAuditKeys(config: Config): Config['audit'] & { hmacKey: string; signingKey: string } {
  const audit = config.audit;
  audit.hmacKey ??= loadOrCreateSecretFile(audit.hmacKeyFile);
  audit.signingKey ??= loadOrCreateSecretFile(audit.signingKeyFile, randomSm2PrivateKey);
  const problems: string[] = [];
  if (!/^[0-9a-fA-F]{64}$/.test(audit.hmacKey)) problems.push(`${audit.hmacKeyFile}: must hold 64 hex digits (a 256-bit HMAC-SM3 key)`);
  if (!/^[0-9a-fA-F]{64}$/.test(audit.signingKey)) problems.push(`${audit.signingKeyFile}: must hold 64 hex digits (an SM2 private key)`);
  if (problems.length > 0) throw new ConfigError(problems);
  return audit as Config['audit'] & { hmacKey: string; signingKey: string };
}

/**
 * The command vehicles' master key (VEHICLE_MASTER_KEY, else its key file in the data dir, made on first use with
 * mode 0600), lower-case. Every vehicle's telemetry key is derived from it: the server checks reports and broker
 * logins with it, `civdef vehicle key` hands a unit its key. With DATABASE_URL, every server and the CLI must share
 * it: set VEHICLE_MASTER_KEY.
 */
export function ensureVehicleMasterKey(config: Pick<Config, 'vehicles'>): string {
  const v = config.vehicles;
  v.masterKey ??= loadOrCreateSecretFile(v.masterKeyFile).toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(v.masterKey)) throw new ConfigError([`${v.masterKeyFile}: must hold 64 hex digits (the 256-bit master of the command vehicles' keys)`]);
  return v.masterKey;
}
