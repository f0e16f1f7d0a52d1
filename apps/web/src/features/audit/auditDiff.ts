/**
 * The audit log's before/after as a list of changed fields, so a reader sees "工程名称: 旧 → 新" instead of
 * two JSON documents to compare by eye. Only the top level is compared (a unit list or a use is one field);
 * fields every write moves on by itself (version, update time) are left out.
 */
const MOVED_BY_EVERY_WRITE = new Set(['version', 'updatedAt', 'updated_at']);

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fields that differ between `before` and `after`, in the order they first appear; all of `after` when there is no `before`. */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !MOVED_BY_EVERY_WRITE.has(k));
  return keys.filter((k) => !same(b[k], a[k])).map((k) => ({ field: k, before: b[k], after: a[k] }));
}

/** A value as one short line: texts as they are, empty as —, lists and objects as compact JSON. */
export function showValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
}
