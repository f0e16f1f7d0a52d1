import { describe, expect, it } from 'vitest';
import { generateQuizOrgDemo } from './quiz-orgs.ts';
import { nantongRegions } from './regions.ts';

describe('the demo list of schools and communities', () => {
  const orgs = generateQuizOrgDemo();
  const regions = new Map(nantongRegions().map((r) => [r.code, r]));

  it('lists both kinds in every district, each in a district or town of Nantong', () => {
    for (const o of orgs) {
      const r = regions.get(o.regionCode);
      expect(r?.level === 'county' || r?.level === 'town', o.regionCode).toBe(true);
      expect(o.name.length).toBeGreaterThan(1);
      expect(o.name.length).toBeLessThanOrEqual(64);
    }
    for (const county of [...regions.values()].filter((r) => r.level === 'county')) {
      const mine = orgs.filter((o) => o.regionCode.startsWith(county.code));
      expect(mine.some((o) => o.kind === 'school'), county.name).toBe(true);
      expect(mine.some((o) => o.kind === 'community'), county.name).toBe(true);
    }
  });

  it('never lists one organisation twice in a region (the table keeps them unique)', () => {
    const keys = orgs.map((o) => `${o.regionCode}/${o.kind}/${o.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
