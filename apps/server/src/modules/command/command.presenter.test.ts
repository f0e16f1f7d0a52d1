/** The whitelists: phones masked in lists and duty entries, in full only for a caller who may edit. */
import { describe, expect, it } from 'vitest';
import { presentHqDetail, presentHqSummary, presentVehicles } from './command.presenter.ts';
import { presentTeamSummary } from './teams.presenter.ts';

const hq = { id: 1, level: 'city', name: '指挥部', regionCode: '320600', regionName: '南通市', parentId: null, address: null, officePhone: null, synthetic: true, version: 1 };
const duty = { hqId: 1, dutyDate: '2026-09-18', shift: 'day', personId: 2, name: '甲', mobilePhone: '13800001234', onDutyNow: true };
const person = { id: 2, hqId: 1, name: '甲', role: 'duty', title: null, unit: null, mobilePhone: '13800001234', position: 1, version: 1 };

describe('command presenters', () => {
  it('masks the duty officer\'s phone in the list', () => {
    const out = presentHqSummary({ hq, commander: null, today: [duty] });
    expect(out.today[0]!.mobilePhone).toBe('138****1234');
    expect(Object.keys(out).sort()).toEqual(['commander', 'id', 'level', 'name', 'officePhone', 'parentId', 'regionCode', 'regionName', 'synthetic', 'today']);
  });
  it('shows a person\'s phone in full only with fullPhones', () => {
    const base = { hq, commander: null, today: [], persons: [person], memberUnits: [], posts: [], roster: [duty] };
    expect(presentHqDetail({ ...base, fullPhones: false }).persons[0]!.mobilePhone).toBe('138****1234');
    expect(presentHqDetail({ ...base, fullPhones: true }).persons[0]!.mobilePhone).toBe('13800001234');
    expect(presentHqDetail({ ...base, fullPhones: true }).roster[0]!.mobilePhone).toBe('138****1234');
  });
  it('places a vehicle at its last report when recent, else marks it not live', () => {
    const v = { id: 1, code: 'JD', name: 'x', hqId: null, regionCode: '320612', generation: null, equipment: null, crew: 3, state: 'ready', home: [120, 32] as [number, number],
      position: [121, 31] as [number, number], positionAt: new Date('2026-09-18T00:00:00Z'), speedKmh: 10, synthetic: true };
    expect(presentVehicles([v], new Date('2026-09-18T00:01:00Z')).features[0]!.properties.live).toBe(true);
    expect(presentVehicles([v], new Date('2026-09-18T01:00:00Z')).features[0]!.properties.live).toBe(false);
    expect(presentVehicles([{ ...v, position: null, positionAt: null }], new Date()).features[0]!.geometry.coordinates).toEqual([120, 32]);
  });
  it('masks a team leader\'s phone in the team list', () => {
    const row = { id: 1, code: 'T', name: 'x', category: 'professional', kind: 'repair', baseUnit: 'x', regionCode: '320612', regionName: null, lng: 120, lat: 32,
      leaderName: '甲', leaderPhone: '13800001234', synthetic: false, version: 1, members: 2, equipmentCount: 1, lastRollcallAt: null, peopleTotal: null,
      peoplePresent: null, equipmentTotal: null, equipmentWorking: null, qualificationsFlagged: 0, upkeepFlagged: 0 };
    expect(presentTeamSummary(row).leaderPhone).toBe('138****1234');
  });
});
