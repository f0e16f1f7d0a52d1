import { describe, expect, it } from 'vitest';
import { FINDING_CATEGORIES, INSPECTION_CHECKLIST } from './works.ts';

describe('inspection findings', () => {
  it('names a problem for every checklist item, in both languages', () => {
    expect(FINDING_CATEGORIES.map((c) => c.code)).toEqual(INSPECTION_CHECKLIST.map((c) => c.code));
    for (const c of FINDING_CATEGORIES) {
      const item = INSPECTION_CHECKLIST.find((i) => i.code === c.code)!;
      // The finding is not the checklist's "should hold" wording.
      expect(c.zh).not.toBe(item.zh);
      expect(c.en).not.toBe(item.en);
    }
  });
});
