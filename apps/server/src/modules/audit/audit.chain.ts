import { canonicalJson } from '../../lib/canonical-json.ts';
import { hmacSm3Hex, keyIdOf, sm3Hex } from '../../lib/crypto.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields a row's hash covers: everything but the hash itself. */
export interface ChainedFields {
  seq: number;
  at: string;
  actorId: number | null;
  actor: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  regionCode: string | null;
  outcome: 'success' | 'failure';
  ip: string | null;
  before: unknown;
  after: unknown;
}

/**
 * How rows are hashed from now on, and how the log is anchored outside the database. One per process, installed
 * by `createAuditService({ chain })` in the server and the CLI; a process without it (a bare test database) keeps
 * writing the plain SM3 chain, and refuses to extend a chain that is already keyed.
 */
export interface ChainSettings {
  /** HMAC-SM3 key, 64 hex digits; null: this process cannot write or check keyed rows. */
  hmacKey: string | null;
  /** Keys of earlier segments of the chain, oldest first (a rotation); absent or empty: none. */
  previousHmacKeys?: string[];
  /** SM2 private key that signs checkpoints; null: none written, signatures not checkable. */
  signingKey: string | null;
  checkpointFile: string;
  checkpointSeconds: number;
  syslogUrl: string | null;
}

let installed: ChainSettings | null = null;

export function installChainSettings(settings: ChainSettings): void {
  installed = settings;
}

export function chainSettings(): ChainSettings | null {
  return installed;
}

/**
 * Two generations of rows share one chain:
 *  - plain (the rows written before keys existed): hash = SM3(prev_hash | canonical JSON of the row), 64 hex;
 *  - keyed: hash = `hmac-sm3:<keyId>:` + HMAC-SM3(key, prev_hash | canonical JSON of the row).
 * Anyone with database access can recompute a plain hash, but not a keyed one. The first keyed row is the switch
 * point; the signed checkpoints outside the database (`audit.anchor.ts`) pin it, so rows after the first checkpoint
 * rewritten as plain ones (a downgrade) are detected.
 */
export const KEYED_PREFIX = 'hmac-sm3:';

export function isKeyedHash(hash: string): boolean {
  return hash.startsWith(KEYED_PREFIX);
}

/** The key id a keyed hash names, or null for a plain one. */
export function keyIdOfHash(hash: string): string | null {
  if (!isKeyedHash(hash)) return null;
  return hash.slice(KEYED_PREFIX.length).split(':')[0] ?? null;
}

/** hash(n) = SM3(hash(n-1) ‖ canonical JSON of row n): changing or removing any row breaks every later link. */
export function chainHash(prevHash: string, row: ChainedFields): string {
  return sm3Hex(`${prevHash}|${canonicalJson(row)}`);
}

/** The keyed hash of a row: as `chainHash`, with HMAC-SM3 under `hmacKey`, prefixed with the key's id. */
export function keyedChainHash(hmacKey: string, prevHash: string, row: ChainedFields): string {
  return `${KEYED_PREFIX}${keyIdOf(hmacKey)}:${hmacSm3Hex(hmacKey, `${prevHash}|${canonicalJson(row)}`)}`;
}
