import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COVERAGE_CITY_AREAS, loadConfig, parseCodeList } from '../../config.ts';

const code6 = fc.stringMatching(/^\d{6}$/);

describe('parseCodeList (COVERAGE_CITY_AREAS, COVERAGE_KEY_TOWNS)', () => {
  it('reads any comma-separated list of codes, whatever the spaces and empty items, without duplicates', () => {
    fc.assert(fc.property(fc.array(code6, { maxLength: 10 }), fc.array(fc.constantFrom('', ' ', '  ', '\t'), { minLength: 1, maxLength: 3 }), (codes, pads) => {
      const raw = codes.map((c, i) => `${pads[i % pads.length]}${c}${pads[(i + 1) % pads.length]}`).join(',') + (codes.length ? ',' : '');
      const problems: string[] = [];
      const out = parseCodeList('X', raw, 6, ['fallback'], problems);
      expect(problems).toEqual([]);
      expect(out).toEqual([...new Set(codes)]);
    }));
  });

  it('refuses an item that is not a code of the right length, naming the variable and the item, and keeps the fallback', () => {
    fc.assert(fc.property(fc.array(code6, { maxLength: 5 }), fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/^\s*\d{6}\s*$/.test(s) && !s.includes(',') && s.trim() !== ''), (codes, bad) => {
      const problems: string[] = [];
      const out = parseCodeList('COVERAGE_CITY_AREAS', [...codes, bad].join(','), 6, ['320613'], problems);
      expect(out).toEqual(['320613']);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain('COVERAGE_CITY_AREAS');
      expect(problems[0]).toContain(bad.trim());
    }));
  });

  it('defaults to Nantong’s city districts and fails start-up on a bad target', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).coverage.cityAreas).toEqual(DEFAULT_COVERAGE_CITY_AREAS);
    expect(() => loadConfig({ NODE_ENV: 'test', COVERAGE_TARGET_PERCENT: '120', COVERAGE_KEY_TOWNS: '320612' })).toThrow(/COVERAGE_TARGET_PERCENT[\s\S]*COVERAGE_KEY_TOWNS/);
  });
});
