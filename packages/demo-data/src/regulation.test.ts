import { isValidUscc } from '@civdef/domain';
import { describe, expect, it } from 'vitest';
import { generateDemoDataset } from './dataset.ts';
import { generateRegulationDemo } from './regulation.ts';

describe('regulation demo', () => {
  const works = generateDemoDataset({ seed: 20260101, works: 400, sirens: 10 }).works;
  const demo = generateRegulationDemo(works, '2026-12-05');

  it('registers every kind of enterprise with unique, checksum-valid USCCs, the user units named as the works name them', () => {
    expect(new Set(demo.enterprises.map((e) => e.kind))).toEqual(new Set(['builder', 'supervisor', 'designer', 'equipment_maker', 'user_unit']));
    expect(demo.enterprises.every((e) => isValidUscc(e.uscc))).toBe(true);
    expect(new Set(demo.enterprises.map((e) => e.uscc)).size).toBe(demo.enterprises.length);
    const units = new Set(works.map((w) => w.managementUnit));
    expect(demo.enterprises.filter((e) => e.kind === 'user_unit').every((e) => units.has(e.name))).toBe(true);
  });

  it('gives each county officers with certificates, one expiring this month and one of 崇川 already expired', () => {
    expect(new Set(demo.officers.map((o) => o.certNo)).size).toBe(demo.officers.length);
    expect(demo.officers.filter((o) => o.certExpiresOn.startsWith('2026-12')).length).toBeGreaterThan(0);
    expect(demo.officers.filter((o) => o.regionCode === '320613' && o.certExpiresOn >= '2026-12-05').length).toBeGreaterThanOrEqual(2);
    expect(demo.officers.some((o) => o.certExpiresOn < '2026-12-05')).toBe(true);
    expect(generateRegulationDemo(works, '2026-12-05')).toEqual(demo);
  });

  it('keeps the certificate expiring this month in force on any day of the month, the last included', () => {
    for (const today of ['2026-12-01', '2026-12-29', '2026-12-31', '2027-02-28', '2028-02-29']) {
      const expiring = generateRegulationDemo(works, today).officers.filter((o) => o.certExpiresOn.startsWith(today.slice(0, 7)));
      expect(expiring.map((o) => o.regionCode).sort(), today).toEqual([...new Set(demo.officers.map((o) => o.regionCode))].sort());
      expect(expiring.every((o) => o.certExpiresOn >= today), today).toBe(true);
    }
  });
});
