/**
 * Deterministic JSON: object keys sorted at every depth. PostgreSQL's jsonb reorders keys, so a hash
 * over stored JSON must be computed over a form that does not depend on key order.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** A plain-JSON copy (Dates become ISO strings, undefined fields vanish), as jsonb will store it. */
export function toPlainJson<T>(value: T): T | null {
  if (value === undefined || value === null) return null;
  return JSON.parse(JSON.stringify(value)) as T;
}
