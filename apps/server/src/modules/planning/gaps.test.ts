/** Gap closing: the greedy sites cover the largest uncovered clusters first, never more than a work holds, and never count a person twice. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gapSites, type GapDemand } from './gaps.ts';

const OPTS = { radiusM: 200, detourFactor: 1.3, cellM: 50, sizeM2: 1000, areaPerPersonM2: 1, count: 5 };
// About 111 m per 0.001° of latitude.
const at = (dLat: number, people: number, regionCode = '320612001'): GapDemand => ({ regionCode, lng: 120.9, lat: 32 + dLat, unassigned: people });

describe('gapSites', () => {
  it('picks the largest uncovered cluster first, caps a site at its places and moves on to the next cluster', () => {
    const sites = gapSites([at(0, 800), at(0.0005, 700), at(0.05, 300, '320613001')], OPTS);
    expect(sites[0]).toMatchObject({ rank: 1, newlyCovered: 1000, peopleInReach: 1500, perM2: 1 });
    // The second pick takes the 500 left near the first cluster, the third the far cluster's 300.
    expect(sites[1]).toMatchObject({ rank: 2, newlyCovered: 500 });
    expect(sites[2]).toMatchObject({ rank: 3, newlyCovered: 300, regionCode: '320613001' });
    expect(sites).toHaveLength(3);
  });

  it('answers nothing when everyone has a place', () => {
    expect(gapSites([at(0, 0)], OPTS)).toEqual([]);
    expect(gapSites([], OPTS)).toEqual([]);
  });

  it('never covers more people than are uncovered, in total or per site, and ranks in order', () => {
    const demand = fc.array(fc.record({
      regionCode: fc.constant('320612001'), lng: fc.double({ min: 120.9, max: 120.93, noNaN: true }), lat: fc.double({ min: 32, max: 32.03, noNaN: true }),
      unassigned: fc.integer({ min: 0, max: 3000 }),
    }), { maxLength: 40 });
    fc.assert(fc.property(demand, fc.integer({ min: 100, max: 5000 }), (d, sizeM2) => {
      const sites = gapSites(d, { ...OPTS, sizeM2 });
      const total = d.reduce((a, x) => a + x.unassigned, 0);
      expect(sites.reduce((a, s) => a + s.newlyCovered, 0)).toBeLessThanOrEqual(total);
      for (const [k, s] of sites.entries()) {
        expect(s.rank).toBe(k + 1);
        expect(s.newlyCovered).toBeLessThanOrEqual(Math.min(sizeM2, s.peopleInReach));
        expect(s.newlyCovered).toBeGreaterThan(0);
        if (k > 0) expect(s.newlyCovered).toBeLessThanOrEqual(sites[k - 1]!.newlyCovered);
      }
    }), { numRuns: 100 });
  });
});
