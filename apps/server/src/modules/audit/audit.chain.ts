import { canonicalJson } from '../../lib/canonical-json.ts';
import { sm3Hex } from '../../lib/crypto.ts';

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

/** hash(n) = SM3(hash(n-1) ‖ canonical JSON of row n): changing or removing any row breaks every later link. */
export function chainHash(prevHash: string, row: ChainedFields): string {
  return sm3Hex(`${prevHash}|${canonicalJson(row)}`);
}
