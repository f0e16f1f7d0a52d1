/**
 * Deterministic JSON: object keys sorted at every depth. PostgreSQL's jsonb reorders keys, so a hash
 * over stored JSON must be computed over a form that does not depend on key order.
 *
 * It is also the *stored* form of every string: a lone UTF-16 surrogate (half of a pair, e.g. "\ud800") cannot be
 * written as UTF-8, so the database driver stores U+FFFD in its place. A hash over the raw string would then never
 * match the row read back (a failed sign-in with such a user name broke audit verification for good), so strings
 * are made well-formed here, before hashing and before storing, whatever path they arrived by.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `String.prototype.toWellFormed` (ES2024): every lone surrogate becomes U+FFFD, exactly what a UTF-8 encoder
 * (Buffer, TextEncoder, the database drivers) writes for it. Implemented here so it does not depend on the runtime.
 */
export function toWellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

function sortKeys(value: unknown): unknown {
  if (typeof value === 'string') return toWellFormed(value);
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    // Keys are normalised too; two keys that become equal keep the later one, as JSON.parse would.
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[toWellFormed(key)] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/**
 * A plain-JSON copy as jsonb will store it: Dates become ISO strings, undefined fields and non-finite numbers
 * follow JSON.stringify, and every string (keys included) is well-formed.
 */
export function toPlainJson<T>(value: T): T | null {
  if (value === undefined || value === null) return null;
  return wellFormedStrings(JSON.parse(JSON.stringify(value)) as T);
}

/** A copy with every string (object keys included) well-formed, key order kept: what the database will hold. */
export function wellFormedStrings<T>(value: T): T {
  if (typeof value === 'string') return toWellFormed(value) as T;
  if (Array.isArray(value)) return value.map(wellFormedStrings) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[toWellFormed(key)] = wellFormedStrings(v);
    return out as T;
  }
  return value;
}
