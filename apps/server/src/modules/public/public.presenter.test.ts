/**
 * The public whitelist, field by field: every field of every public answer is named here with its value, and a row
 * carrying everything the registry knows (protection grade, wartime function, contacts, owner) gives none of it away.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PublicDirectoryRow } from '../works/index.ts';
import { presentPublicAlert } from '../alerts/index.ts';
import { inSeason, presentNearest, presentNearestShelter, presentPlace, presentShelter, serializeNearest } from './public.presenter.ts';

/** A directory row with the internal fields a careless query might add: none may leave. */
const row = {
  id: 7, name: '人民公园人防工程', address: '南通市崇川区人民路 1 号', district: '崇川区', regionCode: '320602001', workClass: 'personnel', lifecycleState: 'in_use',
  lng: 120.8712345, lat: 32.0054321, shelterPlaces: 1200, parkingSpaces: 80,
  peacetimeUse: {
    parking: { total: 80, publicSpaces: 30, feePerHourYuan: 2.5, hours: '07:00-22:00' }, evChargers: 4,
    coolingSpot: { seasonStart: '06-15', seasonEnd: '09-15', hours: '9:00-21:00', capacity: 100, facilities: ['座椅', '饮水'] },
    other: [{ use: '仓储', party: '某公司', contractStart: '2024-01-01', contractEnd: '2026-01-01' }],
  },
  entrances: [{ kind: 'main', lng: 120.8714567, lat: 32.0056789 }, { kind: 'emergency', lng: 120.87, lat: 32.0051 }],
  protectionGrade: 'N6', chemicalGrade: 'C', subtype: 'class2', wartimeFunction: '二等人员掩蔽所', contactName: '王五', contactPhone: '13800000000',
  owner: '某业主', managementUnit: '某物业', code: 'RF-7',
} as unknown as PublicDirectoryRow;

const FORBIDDEN = ['N6', 'class2', '二等人员掩蔽所', '王五', '13800000000', '某业主', '某物业', 'RF-7', '某公司', '仓储', '320602001', 'personnel'];
const leaks = (v: unknown) => FORBIDDEN.filter((f) => JSON.stringify(v).includes(f));

describe('public presenter', () => {
  it('a shelter near a person: every field, nothing else — its nearest entrance and how many it has, not the list', () => {
    const out = presentNearestShelter(row, { origin: [120.8714567, 32.0006789], hit: { distanceM: 555.4, entrance: row.entrances[0]! }, warningMinutes: 10 });
    expect(out).toStrictEqual({
      id: 7, name: '人民公园人防工程', address: '南通市崇川区人民路 1 号', district: '崇川区', location: [120.871, 32.005],
      distanceM: 555, walkM: 722, walkMinutes: 11, fitsWarning: false,
      hint: { zh: '向北步行约 700 米，到主要出入口', en: 'Walk north about 700 m to the main entrance' },
      entrance: { kind: 'main', nameZh: '主要出入口', nameEn: 'main entrance', location: [120.8715, 32.0057] },
      entranceCount: 2,
      capacity: 1200, openState: 'open', shelterOpen: true,
    });
    expect(leaks(out)).toEqual([]);
  });

  it('a shelter with no entrance on record, in normal mode: measured to its point, no warning to fit', () => {
    const out = presentNearestShelter({ ...row, entrances: [] }, { origin: [120.8712345, 32.0004321], hit: { distanceM: 555.6, entrance: null }, warningMinutes: null });
    expect(out).toMatchObject({ distanceM: 556, fitsWarning: null, entrance: null, entranceCount: 0, hint: { zh: '向北步行约 700 米，到人民公园人防工程' } });
  });

  it('a shelter on its own (detail): every entrance, no walk, and a registered work opens on alert', () => {
    const out = presentShelter({ ...row, lifecycleState: 'registered', workClass: 'medical' });
    expect(out).toStrictEqual({
      id: 7, name: '人民公园人防工程', address: '南通市崇川区人民路 1 号', district: '崇川区', location: [120.871, 32.005],
      entrances: [
        { kind: 'main', nameZh: '主要出入口', nameEn: 'main entrance', location: [120.8715, 32.0057] },
        { kind: 'emergency', nameZh: '安全出口', nameEn: 'emergency exit', location: [120.87, 32.0051] },
      ],
      capacity: 1200, openState: 'opens_on_alert', shelterOpen: false,
    });
    expect(leaks(out)).toEqual([]);
  });

  it('a peacetime place: every field, nothing else', () => {
    const out = presentPlace(row, 1000, '07-01');
    expect(out).toStrictEqual({
      id: 7, name: '人民公园人防工程', address: '南通市崇川区人民路 1 号', district: '崇川区', location: [120.871, 32.005], distanceM: 1000, walkMinutes: 19,
      parking: { totalSpaces: 80, publicSpaces: 30, feePerHourYuan: 2.5, hours: '07:00-22:00' },
      cooling: { seasonStart: '06-15', seasonEnd: '09-15', hours: '9:00-21:00', capacity: 100, facilities: ['座椅', '饮水'], inSeason: true },
      evChargers: 4,
    });
    expect(leaks(out)).toEqual([]);
    expect(presentPlace({ ...row, peacetimeUse: {} }, null, '07-01')).toMatchObject({ distanceM: null, walkMinutes: null, parking: null, cooling: null, evChargers: null });
  });

  it('an alert on the stream: the public feed fields only (the drawn area\'s ring copied point by point)', () => {
    const out = presentPublicAlert({
      identifier: 'civdef-320600-1', sent: '2026-12-05T01:00:00.000Z', status: 'Exercise', msgType: 'Alert', references: null, event: '空袭警报',
      headline: '演习', description: '这是一次演习。', descriptionEn: null, instruction: null, areaDesc: '崇川区', regionCodes: ['320602'], capUrl: '/x.xml',
      polygon: [[120.8, 32], [120.9, 32, 7], [120.9, 32.1], [120.8, 32]], draftedBy: 'officer1', confirmedBy: 'officer2', commandId: 'abc',
    });
    expect(out).toStrictEqual({
      identifier: 'civdef-320600-1', sent: '2026-12-05T01:00:00.000Z', status: 'Exercise', msgType: 'Alert', references: null, event: '空袭警报',
      headline: '演习', description: '这是一次演习。', descriptionEn: null, instruction: null, areaDesc: '崇川区', regionCodes: ['320602'], capUrl: '/x.xml',
      polygon: [[120.8, 32], [120.9, 32], [120.9, 32.1], [120.8, 32]],
    });
    // What is not a closed ring of positions in range is no area at all.
    for (const polygon of [[[120.8, 32], [120.9, 32]], [[0, 0], [1, 0], [1, 1], [0, 1]], 'x', [[200, 0], [1, 0], [1, 1], [200, 0]]]) {
      expect(presentPublicAlert({ polygon }).polygon).toBeNull();
    }
  });

  it('knows a season that runs over the new year', () => {
    expect(inSeason('01-10', '12-01', '02-28')).toBe(true);
    expect(inSeason('06-10', '12-01', '02-28')).toBe(false);
    expect(inSeason('06-15', '06-15', '09-15')).toBe(true);
    expect(inSeason('09-16', '06-15', '09-15')).toBe(false);
  });

  it('sends the nearest answer as exactly the UTF-8 bytes of the presented answer\'s JSON, whatever the works and the point', () => {
    const lng = fc.double({ min: 120.5, max: 121.2, noNaN: true });
    const lat = fc.double({ min: 31.7, max: 32.4, noNaN: true });
    const entrance = fc.record({ kind: fc.constantFrom('main', 'secondary', 'emergency', 'vehicle', 'unknown', ''), lng, lat });
    const work = fc.record({
      id: fc.integer({ min: 1, max: 1e6 }), name: fc.string({ unit: 'binary' }), address: fc.option(fc.string({ unit: 'grapheme' })), district: fc.option(fc.string(), { nil: undefined }),
      workClass: fc.constantFrom('personnel', 'medical', 'command'), lifecycleState: fc.constantFrom('in_use', 'registered', 'built'),
      lng, lat, shelterPlaces: fc.integer({ min: 0, max: 5000 }), entrances: fc.array(entrance, { maxLength: 4 }),
    });
    // Which entrance the hit names: one of the work's own (as the index finds it), none, or a copy (as the database reads it).
    const hit = fc.tuple(work, fc.double({ min: 0, max: 60_000, noNaN: true }), fc.nat(5), fc.constantFrom('own', 'none', 'copy'));
    fc.assert(fc.property(
      fc.array(hit, { maxLength: 6 }), lng, lat, fc.constantFrom('normal', 'alert'), fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }), fc.nat(),
      (hits, oLng, oLat, mode, warningMinutes, dataVersion) => {
        const answer = {
          mode: mode as 'normal' | 'alert', warningMinutes: mode === 'alert' ? warningMinutes ?? 10 : null, dataVersion, origin: [oLng, oLat] as [number, number],
          hits: hits.map(([w, distanceM, i, which]) => {
            const own = w.entrances.length ? w.entrances[i % w.entrances.length]! : null;
            const e = which === 'none' || !own ? null : which === 'copy' ? { ...own } : own;
            return { work: w as unknown as PublicDirectoryRow, hit: { distanceM, entrance: e } };
          }),
        };
        // Twice: the second time from the cached fragments. The bytes, decoded and parsed, are the object answer too.
        const expected = JSON.stringify(presentNearest(answer));
        for (let i = 0; i < 2; i++) {
          const bytes = serializeNearest(answer);
          expect(bytes.toString('utf8')).toBe(expected);
          expect(bytes.length).toBe(Buffer.byteLength(expected));
          expect(JSON.parse(bytes.toString('utf8'))).toStrictEqual(JSON.parse(expected));
        }
      },
    ), { numRuns: 300 });
  });
});
