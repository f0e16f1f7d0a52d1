/**
 * Export → import is lossless in every format: generated works (as the database hands them to the export) are
 * written as XLSX, CSV and GeoJSON, read back by the importer, and must come back field for field — protection
 * units with their names, 抗爆单元数, 平时功能 and grades, every peacetime use, and empty staying empty (never 0).
 * The import of such a file is then an update that changes nothing: import-diff finds no changed field, so the
 * importer reports the work as unchanged and does not write it.
 */
import {
  CHEMICAL_GRADES, CONSTRUCTION_FORMS, LIFECYCLE_STATES, OPENING_HOURS_PATTERN, PROTECTION_GRADES, WORK_CLASSES, WORK_SUBTYPES, type WorkClass,
} from '@civdef/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UnitRow, WorkFullRow, WorkImport } from '../../registry/works.repository.ts';
import { changedFields, type StoredWork } from '../import-diff.ts';
import type { ParseResult } from './columns.ts';
import { parseCsv } from './parse-csv.ts';
import { parseGeoJson } from './parse-geojson.ts';
import { parseXlsx } from './parse-xlsx.ts';
import { toCsv, toGeoJson, toXlsx } from './writers.ts';

/** A text as a person types it: printable, no surrounding blanks (the importer trims cells). */
const text = (max: number) => fc.string({ minLength: 1, maxLength: max, unit: fc.oneof(fc.constantFrom('=', '+', '-', '@', "'", '"', ',', '\n', '说', '明', '防', '护', '单', '元', ' '), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })) })
  .map((s) => s.replace(/[\u0000-\u001f\u007f]/g, 'x').trim())
  .filter((s) => s.length > 0);
const optText = (max: number) => fc.option(text(max), { nil: null });
const codes = (items: readonly { code: string }[]) => fc.constantFrom(...items.map((i) => i.code));
const area = fc.double({ min: 0, max: 1_000_000, noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x));
const monthDay = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([m, d]) => `${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
/** 纳凉设施 are joined with 、 in a cell, so a facility cannot contain a separator. */
const facility = text(32).map((s) => s.replace(/[、,，;；]/g, '·'));

const unitArb = fc.record({
  name: text(64),
  areas: fc.tuple(area, area, area).map((a) => a.sort((x, y) => y - x)),
  wartimeFunction: optText(64),
  protectionGrade: fc.option(codes(PROTECTION_GRADES), { nil: null }),
  chemicalGrade: fc.option(codes(CHEMICAL_GRADES), { nil: null }),
  blastUnits: fc.integer({ min: 0, max: 1000 }),
  peacetimeFunction: optText(64),
  parkingSpaces: fc.integer({ min: 0, max: 100_000 }),
});

const workArb = fc.record({
  code: fc.stringMatching(/^[A-Z0-9-][A-Z0-9-]{0,15}$/),
  name: text(128),
  address: optText(256),
  regionCode: fc.stringMatching(/^\d{6}(\d{3})?$/),
  lng: fc.double({ min: 73, max: 136, noNaN: true }),
  lat: fc.double({ min: 3, max: 54, noNaN: true }),
  constructionForm: codes(CONSTRUCTION_FORMS),
  parentProject: optText(128),
  workClass: codes(WORK_CLASSES),
  subtypePick: fc.option(fc.nat(), { nil: null }),
  protectionGrade: fc.option(codes(PROTECTION_GRADES), { nil: null }),
  chemicalGrade: fc.option(codes(CHEMICAL_GRADES), { nil: null }),
  lifecycleState: codes(LIFECYCLE_STATES),
  yearBuilt: fc.option(fc.integer({ min: 1900, max: 2025 }), { nil: null }),
  owner: optText(128),
  managementUnit: optText(128),
  contactName: optText(64),
  contactPhone: fc.option(fc.stringMatching(/^[0-9+\-()][0-9+\-() ]{1,30}[0-9)]$/), { nil: null }),
  isPublic: fc.boolean(),
  parking: fc.option(fc.record({
    total: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
    publicSpaces: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
    feePerHourYuan: fc.option(fc.double({ min: 0, max: 1000, noNaN: true }).map((x) => (Object.is(x, -0) ? 0 : x)), { nil: undefined }),
    hours: fc.option(fc.stringMatching(new RegExp(OPENING_HOURS_PATTERN)), { nil: undefined }),
  }, { requiredKeys: [] }), { nil: undefined }),
  evChargers: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }),
  coolingSpot: fc.option(fc.record({
    seasonStart: monthDay, seasonEnd: monthDay, hours: text(64), capacity: fc.integer({ min: 0, max: 100_000 }),
    facilities: fc.array(facility, { maxLength: 5 }),
  }), { nil: undefined }),
  units: fc.array(unitArb, { maxLength: 4 }),
});

type Generated = typeof workArb extends fc.Arbitrary<infer T> ? T : never;

/** The generated work as the export reads it from the database (rules kept: an export holds only valid works). */
function stored(g: Generated, i: number): { work: WorkFullRow; units: UnitRow[] } {
  const subtypes = WORK_SUBTYPES[g.workClass as WorkClass];
  const parking = g.parking && Object.keys(g.parking).filter((k) => g.parking![k as keyof typeof g.parking] !== undefined).length
    ? Object.fromEntries(Object.entries(g.parking).filter(([, v]) => v !== undefined)) as { total?: number; publicSpaces?: number }
    : undefined;
  if (parking?.total !== undefined && parking.publicSpaces !== undefined && parking.publicSpaces > parking.total) parking.publicSpaces = parking.total;
  const peacetimeUse = {
    ...(parking ? { parking } : {}),
    ...(g.evChargers !== undefined ? { evChargers: g.evChargers } : {}),
    ...(g.coolingSpot ? { coolingSpot: g.coolingSpot } : {}),
  };
  const units: UnitRow[] = g.units.map((u, k) => ({
    id: i * 10 + k, workId: i + 1, position: k + 1, name: u.name, grossAreaM2: u.areas[0]!, protectedAreaM2: u.areas[1]!, shelterAreaM2: u.areas[2]!,
    wartimeFunction: u.wartimeFunction, protectionGrade: u.protectionGrade, chemicalGrade: u.chemicalGrade, blastUnits: u.blastUnits,
    peacetimeFunction: u.peacetimeFunction, parkingSpaces: u.parkingSpaces,
  }));
  const sum = (f: (u: UnitRow) => number) => units.reduce((a, u) => a + f(u), 0);
  const work = {
    id: i + 1, code: `${g.code}-${i}`, name: g.name, address: g.address, regionCode: g.regionCode, regionName: null, lng: g.lng, lat: g.lat,
    constructionForm: g.constructionForm, parentProject: g.constructionForm === 'attached' ? g.parentProject ?? '某建设项目' : g.parentProject,
    workClass: g.workClass, subtype: g.subtypePick === null ? null : subtypes[g.subtypePick % subtypes.length]!.code,
    protectionGrade: g.protectionGrade, chemicalGrade: g.chemicalGrade, yearBuilt: g.yearBuilt, isPublic: g.isPublic, lifecycleState: g.lifecycleState,
    signStatus: 'ok', unitCount: units.length, grossAreaM2: sum((u) => u.grossAreaM2), protectedAreaM2: sum((u) => u.protectedAreaM2),
    shelterAreaM2: sum((u) => u.shelterAreaM2), shelterPlaces: 0, parkingSpaces: sum((u) => u.parkingSpaces), overdue: false, version: 1,
    updatedAt: new Date(), footprint: null, owner: g.owner, managementUnit: g.managementUnit, contactName: g.contactName,
    contactPhone: g.contactPhone, peacetimeUse, signCheckedAt: null, signNote: null, createdAt: new Date(),
  } satisfies WorkFullRow;
  return { work, units };
}

/** What importing the work must hand to the registry: the stored work itself. */
function expected(s: { work: WorkFullRow; units: UnitRow[] }): WorkImport {
  const w = s.work;
  return {
    code: w.code, name: w.name, address: w.address, regionCode: w.regionCode, location: [w.lng, w.lat], constructionForm: w.constructionForm,
    parentProject: w.parentProject, workClass: w.workClass, subtype: w.subtype, protectionGrade: w.protectionGrade, chemicalGrade: w.chemicalGrade,
    yearBuilt: w.yearBuilt, owner: w.owner, managementUnit: w.managementUnit, contactName: w.contactName, contactPhone: w.contactPhone,
    isPublic: w.isPublic, lifecycleState: w.lifecycleState, peacetimeUse: w.peacetimeUse,
    units: s.units.map(({ id: _i, workId: _w, position: _p, ...u }) => u), entrances: [],
  };
}

/** The work as the importer reads it back from the database to compare (works.repository snapshotByIds). */
function snapshot(s: { work: WorkFullRow; units: UnitRow[] }): StoredWork {
  const { lng, lat, peacetimeUse, ...w } = s.work;
  return { ...w, location: [lng, lat], peacetimeUse, units: s.units.map(({ id: _i, workId: _w, position: _p, ...u }) => u) };
}

/** Every row of the file names its stored work and would change nothing in it. */
function unchanged(result: ParseResult, ws: Array<{ work: WorkFullRow; units: UnitRow[] }>): void {
  result.works.forEach((p, i) => expect(changedFields(p, snapshot(ws[i]!)), p.work.code).toEqual([]));
}

function imported(result: ParseResult): WorkImport[] {
  expect(result.errors, JSON.stringify(result.errors.slice(0, 3))).toEqual([]);
  expect(result.rejected).toEqual([]);
  return result.works.map((p) => {
    // A row with use columns replaces the stored uses with its own (an update), so an absent use is an empty one.
    expect(p.hasUse).toBe(true);
    // No units in the file for a work without units: the update keeps the (no) stored units.
    expect(p.hasUnits).toBe(p.work.units.length > 0);
    return { ...p.work, peacetimeUse: p.work.peacetimeUse ?? {} };
  });
}

const works = fc.array(workArb, { minLength: 1, maxLength: 6 }).map((gs) => gs.map(stored));

describe('export → import round trip, every field, in every format', () => {
  it('CSV', () => {
    fc.assert(fc.property(works, (ws) => {
      const file = toCsv(ws.map((w) => w.work), ws.flatMap((w) => w.units));
      const parsed = parseCsv(file, 'wgs84');
      expect(imported(parsed)).toEqual(ws.map(expected));
      unchanged(parsed, ws);
    }), { numRuns: 150 });
  });

  it('GeoJSON', () => {
    fc.assert(fc.property(works, (ws) => {
      const file = toGeoJson(ws.map((w) => w.work), ws.flatMap((w) => w.units));
      const parsed = parseGeoJson(file, 'wgs84');
      expect(imported(parsed)).toEqual(ws.map(expected));
      unchanged(parsed, ws);
    }), { numRuns: 150 });
  });

  it('XLSX', async () => {
    await fc.assert(fc.asyncProperty(works, async (ws) => {
      const file = await toXlsx(ws.map((w) => w.work), ws.flatMap((w) => w.units));
      const parsed = await parseXlsx(file, 'wgs84');
      expect(imported(parsed)).toEqual(ws.map(expected));
      unchanged(parsed, ws);
    }), { numRuns: 40 });
    // Forty real workbooks written and read back: a second or two on a quiet machine, well over the default 5 s when
    // the machine is shared.
  }, 60_000);
});

describe('a re-imported row that differs is an update, naming what it changes', () => {
  const one = fc.sample(workArb.map((g) => stored(g, 0)), { numRuns: 1, seed: 7 })[0]!;
  const reparsed = (s: { work: WorkFullRow; units: UnitRow[] }) => {
    const r = parseCsv(toCsv([s.work], s.units), 'wgs84');
    expect(r.errors).toEqual([]);
    return r.works[0]!;
  };

  it('finds a changed registry field, position, use or unit, and nothing else', () => {
    const base = snapshot(one);
    expect(changedFields(reparsed(one), base)).toEqual([]);
    expect(changedFields(reparsed({ ...one, work: { ...one.work, name: `${one.work.name}改` } }), base)).toEqual(['name']);
    expect(changedFields(reparsed({ ...one, work: { ...one.work, lng: one.work.lng + 1e-6 } }), base)).toEqual(['location']);
    expect(changedFields(reparsed({ ...one, work: { ...one.work, peacetimeUse: { ...one.work.peacetimeUse, evChargers: ((one.work.peacetimeUse.evChargers as number | undefined) ?? 0) + 1 } } }), base)).toEqual(['peacetimeUse']);
    const unit: UnitRow = { id: 1, workId: 1, position: 1, name: '新防护单元', grossAreaM2: 30, protectedAreaM2: 20, shelterAreaM2: 10, wartimeFunction: null,
      protectionGrade: null, chemicalGrade: null, blastUnits: 1, peacetimeFunction: null, parkingSpaces: 0 };
    // The works row's totals are written beside the units and must agree with them.
    const work = { ...one.work, grossAreaM2: one.work.grossAreaM2 + 30, protectedAreaM2: one.work.protectedAreaM2 + 20, shelterAreaM2: one.work.shelterAreaM2 + 10 };
    expect(changedFields(reparsed({ work, units: [...one.units, { ...unit, position: one.units.length + 1 }] }), base)).toEqual(['units']);
  });

  it('keeps the stored units and uses out of it when the row has no unit or use columns', () => {
    const p = reparsed(one);
    const withOtherUnits = { ...snapshot(one), units: [{ name: 'x', grossAreaM2: 1, protectedAreaM2: 1, shelterAreaM2: 1, blastUnits: 1, parkingSpaces: 0 }], peacetimeUse: { evChargers: 1 } };
    expect(changedFields({ ...p, hasUnits: false, hasUse: false }, withOtherUnits)).toEqual([]);
    expect(changedFields({ ...p, hasUnits: true, hasUse: false }, withOtherUnits)).toEqual(['units']);
  });
});
