import { describe, expect, it } from 'vitest';
import { fieldChanges, showValue } from './auditDiff.ts';

describe('fieldChanges', () => {
  it('lists only the fields that changed, before → after, leaving out version and update time', () => {
    const before = { name: '旧名', address: null, version: 3, units: [{ name: 'A' }], isPublic: false };
    const after = { name: '新名', address: null, version: 4, units: [{ name: 'A' }], isPublic: true, updatedAt: '2026-01-01' };
    expect(fieldChanges(before, after)).toEqual([
      { field: 'name', before: '旧名', after: '新名' },
      { field: 'isPublic', before: false, after: true },
    ]);
  });

  it('treats a missing field and null alike, and shows every field of a creation', () => {
    expect(fieldChanges({ a: null }, {})).toEqual([]);
    expect(fieldChanges(null, { code: 'X', name: 'Y' })).toEqual([
      { field: 'code', before: undefined, after: 'X' },
      { field: 'name', before: undefined, after: 'Y' },
    ]);
  });

  it('compares nested values as a whole', () => {
    expect(fieldChanges({ units: [{ name: 'A' }] }, { units: [{ name: 'B' }] })).toHaveLength(1);
  });
});

describe('showValue', () => {
  it('shows empty as —, texts as they are and long structures shortened', () => {
    expect(showValue(null)).toBe('—');
    expect(showValue('')).toBe('—');
    expect(showValue('在用')).toBe('在用');
    expect(showValue(false)).toBe('false');
    expect(showValue({ a: 'x'.repeat(300) }).endsWith('…')).toBe(true);
  });
});
