import { CHEMICAL_GRADES, CONSTRUCTION_FORMS, LIFECYCLE_STATES, PROTECTION_GRADES, SIREN_KINDS, SIREN_STATUSES, WORK_CLASSES, WORK_SUBTYPES } from '@civdef/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { CENSUS_2020_POPULATION, RETIRED_CODES } from './counties.ts';
import { generateDemoDataset } from './dataset.ts';
import { distanceM, METRES_PER_DEGREE_LAT, METRES_PER_DEGREE_LNG, pointInGeometry } from './geo.ts';
import { isCityDistrict } from './sirens.ts';
import type { DemoDataset } from './types.ts';

let data: DemoDataset;
let coldMs = 0;

beforeAll(() => {
  const t = performance.now();
  data = generateDemoDataset();
  coldMs = performance.now() - t;
});

function countyOf(code: string): string {
  return code.slice(0, 6);
}

describe('generateDemoDataset', () => {
  it('generates the default dataset fast enough for first start', () => {
    // Budget is 3 s; the cold run includes decoding boundaries. Allow slack for a loaded CI machine.
    expect(coldMs).toBeLessThan(6_000);
    const t = performance.now();
    generateDemoDataset({ seed: 5 });
    expect(performance.now() - t).toBeLessThan(3_000);
  });

  it('is labelled synthetic and has the requested shape and counts', () => {
    expect(data.synthetic).toBe(true);
    expect(data.generatedFor).toBe('320600');
    expect(data.seed).toBe(20260918);
    expect(data.works).toHaveLength(3_000);
    expect(data.sirens).toHaveLength(3_600);
    expect(data.boundaries.features).toHaveLength(7);
    expect(data.notice).toMatch(/SYNTHETIC/);
    const small = generateDemoDataset({ seed: 3, works: 40, sirens: 120 });
    expect(small.works).toHaveLength(40);
    expect(small.sirens).toHaveLength(120);
  });

  it('is deterministic: same seed → deep-equal and identical JSON; another seed differs', () => {
    const again = generateDemoDataset();
    expect(again).toEqual(data);
    expect(JSON.stringify(again)).toBe(JSON.stringify(data));
    const other = generateDemoDataset({ seed: 1 });
    expect(other.works[10]).not.toEqual(data.works[10]);
    expect(other.population.cells.map((c) => c.people)).not.toEqual(data.population.cells.map((c) => c.people));
    // Real parts do not depend on the seed.
    expect(other.regions).toEqual(data.regions);
    expect(other.boundaries).toEqual(data.boundaries);
  });

  it('uses only current region codes, and every regionCode is a known town', () => {
    const towns = new Set(data.regions.filter((r) => r.level === 'town').map((r) => r.code));
    const refs = [...data.works.map((w) => w.regionCode), ...data.sirens.map((s) => s.regionCode), ...data.population.cells.map((c) => c.code)];
    for (const code of refs) {
      expect(towns.has(code), code).toBe(true);
      expect(RETIRED_CODES.includes(countyOf(code)), code).toBe(false);
    }
  });

  it('puts every work, siren and population cell inside the county of its regionCode', () => {
    const geoms = new Map(data.boundaries.features.map((f) => [f.properties.code, f.geometry]));
    const check = (label: string, regionCode: string, countyCode: string, p: readonly number[]) => {
      expect(countyCode, label).toBe(countyOf(regionCode));
      expect(pointInGeometry(p, geoms.get(countyCode)!), `${label} at ${p.join(',')}`).toBe(true);
    };
    for (const w of data.works) check(w.code, w.regionCode, w.countyCode, w.location);
    for (const s of data.sirens) check(s.code, s.regionCode, s.countyCode, s.location);
    for (const c of data.population.cells) check(`cell ${c.lng},${c.lat}`, c.code, c.countyCode, [c.lng, c.lat]);
  });

  it('totals the 2020 census population (±1 %) and concentrates it in urban centres', () => {
    const total = data.population.cells.reduce((a, c) => a + c.people, 0);
    expect(Math.abs(total - CENSUS_2020_POPULATION) / CENSUS_2020_POPULATION).toBeLessThan(0.01);
    expect(data.population.crs).toBe('EPSG:4326');
    for (const c of data.population.cells) expect(Number.isInteger(c.people) && c.people >= 0).toBe(true);
    const sorted = data.population.cells.map((c) => c.people).sort((a, b) => b - a);
    const top5pct = sorted.slice(0, Math.ceil(sorted.length * 0.05)).reduce((a, b) => a + b, 0);
    expect(top5pct / total).toBeGreaterThan(0.25);
    // The densest cell is within 15 km of the 崇川 core or a county seat.
    const densest = data.population.cells.reduce((a, c) => (c.people > a.people ? c : a));
    const seats = data.regions.filter((r) => r.level === 'county').map((r) => r.seat!);
    expect(Math.min(...seats.map((s) => distanceM(s, [densest.lng, densest.lat])))).toBeLessThan(15_000);
  });

  it('gives works unique codes in the RF-<county>-NNNN form and values from the domain enums', () => {
    const codes = new Set(data.works.map((w) => w.code));
    expect(codes.size).toBe(data.works.length);
    const subtypes = new Set(Object.values(WORK_SUBTYPES).flatMap((l) => l.map((s) => s.code)));
    for (const w of data.works) {
      expect(w.code).toMatch(new RegExp(`^RF-${w.countyCode}-\\d{4}$`));
      expect(WORK_CLASSES.map((c) => c.code)).toContain(w.workClass);
      expect(WORK_SUBTYPES[w.workClass].map((s) => s.code)).toContain(w.subtype);
      expect(CONSTRUCTION_FORMS.map((c) => c.code)).toContain(w.constructionForm);
      expect(PROTECTION_GRADES.map((c) => c.code)).toContain(w.protectionGrade);
      expect(CHEMICAL_GRADES.map((c) => c.code)).toContain(w.chemicalGrade);
      expect(LIFECYCLE_STATES.map((c) => c.code)).toContain(w.lifecycleState);
      expect(w.yearBuilt).toBeGreaterThanOrEqual(1965);
      expect(w.yearBuilt).toBeLessThanOrEqual(2025);
      expect(w.early).toBe(w.yearBuilt <= 1980);
      expect(w.contactPhone).toMatch(/^0513-8\d{7}$/);
      expect(w.address.startsWith('南通市')).toBe(true);
      if (w.constructionForm === 'attached') expect(w.parentProject).toBeTruthy();
      for (const u of w.units) expect(subtypes.has(u.wartimeFunction)).toBe(true);
    }
    const early = data.works.filter((w) => w.early).length / data.works.length;
    expect(early).toBeGreaterThan(0.01);
    expect(early).toBeLessThan(0.08);
    const inUse = data.works.filter((w) => w.lifecycleState === 'in_use').length / data.works.length;
    expect(inUse).toBeGreaterThan(0.75);
  });

  it('keeps unit areas consistent: shelter ≤ protected ≤ gross, protected ≤ 2000 m², blast units ≤ 500 m²', () => {
    for (const w of data.works) {
      expect(w.units.length).toBeGreaterThanOrEqual(1);
      for (const u of w.units) {
        expect(u.shelterAreaM2).toBeGreaterThanOrEqual(0);
        expect(u.shelterAreaM2).toBeLessThanOrEqual(u.protectedAreaM2);
        expect(u.protectedAreaM2).toBeLessThanOrEqual(u.grossAreaM2);
        expect(u.protectedAreaM2).toBeLessThanOrEqual(2_000);
        expect(u.protectedAreaM2 / u.blastUnits).toBeLessThanOrEqual(500);
        expect(u.parkingSpaces).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('gives in-use shelters at least two entrances per unit, near the work', () => {
    for (const w of data.works) {
      if (w.lifecycleState !== 'in_use') continue;
      w.units.forEach((_, i) => expect(w.entrances.filter((e) => e.unitIndex === i).length).toBeGreaterThanOrEqual(2));
      for (const e of w.entrances) expect(distanceM(e.location, w.location)).toBeLessThan(150);
    }
  });

  it('has a plausible city-wide sheltering area and parking supply', () => {
    const shelter = data.works
      .filter((w) => w.workClass === 'personnel' && w.lifecycleState === 'in_use')
      .flatMap((w) => w.units)
      .filter((u) => u.wartimeFunction === 'class1' || u.wartimeFunction === 'class2')
      .reduce((a, u) => a + u.shelterAreaM2, 0);
    const perPerson = shelter / CENSUS_2020_POPULATION;
    expect(perPerson).toBeGreaterThan(0.9);
    expect(perPerson).toBeLessThan(1.6);
    const parking = data.works.flatMap((w) => w.units).reduce((a, u) => a + u.parkingSpaces, 0);
    expect(parking).toBeGreaterThan(200_000);
    expect(parking).toBeLessThan(350_000);
    expect(data.works.filter((w) => w.peacetimeUse.coolingSpot).length).toBeGreaterThanOrEqual(8);
  });

  it('gives sirens unique codes, domain kinds and statuses, and covers every populated town', () => {
    expect(new Set(data.sirens.map((s) => s.code)).size).toBe(data.sirens.length);
    for (const s of data.sirens) {
      expect(SIREN_KINDS.map((k) => k.code)).toContain(s.kind);
      expect(SIREN_STATUSES.map((k) => k.code)).toContain(s.status);
      expect(s.ratedLevelDb).toBeGreaterThan(90);
    }
    const withSiren = new Set(data.sirens.map((s) => s.regionCode));
    for (const t of data.regions.filter((r) => r.level === 'town' && (r.communities ?? 0) + (r.villages ?? 0) >= 3)) {
      expect(withSiren.has(t.code), t.name).toBe(true);
    }
  });

  it('covers every corner of the 街道 and seat towns, and the city districts\' busy cells, at the 70 dB planning model', () => {
    // Audible radius at 70 dB with 10 dB per doubling of distance from the rated level at 30 m (FEMA CPG 1-17).
    const audible = (db: number) => 30 * 2 ** ((db - 70) / 10);
    const urban = new Set(data.regions.filter((r) => r.urban).map((r) => r.code));
    const near = (lng: number, lat: number) => data.sirens.filter((s) => Math.abs(s.location[0] - lng) < 0.02 && Math.abs(s.location[1] - lat) < 0.02);
    const h = data.population.cellSizeM / 2;
    const covered = (lng: number, lat: number) => {
      const around = near(lng, lat);
      return [[0, 0], [-h, -h], [-h, h], [h, -h], [h, h]].every(([dx, dy]) => {
        const p = [lng + dx! / METRES_PER_DEGREE_LNG, lat + dy! / METRES_PER_DEGREE_LAT];
        return around.some((s) => distanceM(p, s.location) <= audible(s.ratedLevelDb));
      });
    };
    const urbanCells = data.population.cells.filter((c) => urban.has(c.code));
    expect(urbanCells.length).toBeGreaterThan(1_000);
    for (const c of urbanCells) expect(covered(c.lng, c.lat), `${c.code} ${c.lng},${c.lat}`).toBe(true);
    // The city districts (市辖区): at least 95 % of their people live in cells covered edge to edge.
    const city = data.population.cells.filter((c) => isCityDistrict(c.countyCode));
    const people = city.reduce((a, c) => a + c.people, 0);
    const inCovered = city.filter((c) => covered(c.lng, c.lat)).reduce((a, c) => a + c.people, 0);
    expect(inCovered / people).toBeGreaterThan(0.95);
  });
});
