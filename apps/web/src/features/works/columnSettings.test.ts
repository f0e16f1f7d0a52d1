import { describe, expect, it } from 'vitest';
import { parseHidden, scrollWidth } from './columnSettings.ts';

describe('works table column settings', () => {
  const known = ['code', 'name', 'region', 'workClass', 'updatedAt'];
  const fixed = ['code', 'name'];

  it('keeps only known, hideable keys from what the browser stored', () => {
    expect(parseHidden('["region","gone","code","region"]', known, fixed)).toEqual(['region']);
    expect(parseHidden('not json', known, fixed)).toEqual([]);
    expect(parseHidden('{"region":true}', known, fixed)).toEqual([]);
    expect(parseHidden(null, known, fixed)).toEqual([]);
  });

  it('scrolls sideways only when the shown columns are wider than the space', () => {
    expect(scrollWidth([150, 220, 150], 1100)).toBeUndefined();
    expect(scrollWidth([150, 220, 150, 130, 100, 120, 120, 110], 1000)).toBe(1100);
  });
});
