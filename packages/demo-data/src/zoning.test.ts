import { describe, expect, it } from 'vitest';
import { generateDemoDataset } from './dataset.ts';
import { DEMO_SAVING_FEN_PER_M2, generateZoningDemo, POOLED_AREA_M2, POOLED_PARCELS } from './zoning.ts';

describe('the synthetic pooling ledger', () => {
  const { works } = generateDemoDataset({ seed: 1, works: 400, sirens: 0 });
  const demo = generateZoningDemo(works);

  it('comes to Nantong\'s figures: 59 parcels, 312 000 m², about 230 million 元', () => {
    expect(new Set(demo.poolings.map((p) => p.parcelCode)).size).toBe(POOLED_PARCELS);
    expect(demo.poolings.reduce((a, p) => a + p.areaM2, 0)).toBe(POOLED_AREA_M2);
    const savedFen = demo.poolings.reduce((a, p) => a + Math.round(p.areaM2 * p.savingFenPerM2), 0);
    expect(savedFen).toBe(POOLED_AREA_M2 * DEMO_SAVING_FEN_PER_M2);
    expect(Math.round(savedFen / 100 / 1e6)).toBe(230);
  });

  it('pools only parcels that allow it, each its whole requirement, into a public shelter of the demo; is deterministic', () => {
    const codes = new Set(works.filter((w) => w.isPublic).map((w) => w.code));
    for (const p of demo.poolings) {
      const parcel = demo.parcels.find((x) => x.code === p.parcelCode)!;
      expect(parcel.poolingAllowed).toBe(true);
      expect(p.areaM2).toBe(parcel.requiredM2);
      expect(codes.has(p.workCode)).toBe(true);
    }
    expect(demo.parcels.filter((p) => !p.poolingAllowed).length).toBeGreaterThan(0);
    expect(generateZoningDemo(works)).toEqual(demo);
  });
});
