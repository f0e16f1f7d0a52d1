/**
 * Row → API shape for the command structure: the only field whitelists. Personal phones are masked in the list, in
 * duty entries and for callers who may not edit the structure; nothing else of a person leaves the server.
 */
import { mask } from '../../lib/field-crypto.ts';
import { featureCollection } from '../../lib/geojson.ts';
import { iso } from '../../lib/schemas.ts';
import type { PersonRow, VehicleRow } from './command.repository.ts';
import type { DutyData, HqDetailData, HqSummaryData } from './command.service.ts';
import type { RefRow } from './refs.repository.ts';

const masked = (p: string | null) => (p === null ? null : mask(p, 'phone'));

/** A report older than this is shown as the last known position, not as live. */
export const LIVE_WINDOW_MS = 5 * 60_000;

function presentDuty(d: DutyData) {
  return { date: d.dutyDate, shift: d.shift, personId: d.personId, name: d.name, mobilePhone: masked(d.mobilePhone), onDutyNow: d.onDutyNow };
}

export function presentHqSummary(data: HqSummaryData) {
  const { hq } = data;
  return {
    id: hq.id, level: hq.level, name: hq.name, regionCode: hq.regionCode, regionName: hq.regionName, parentId: hq.parentId,
    officePhone: hq.officePhone, synthetic: hq.synthetic, commander: data.commander, today: data.today.map(presentDuty),
  };
}

function presentPerson(p: PersonRow, full: boolean) {
  return { id: p.id, name: p.name, role: p.role, title: p.title, unit: p.unit, mobilePhone: full ? p.mobilePhone : masked(p.mobilePhone), version: p.version };
}

export function presentHqDetail(data: HqDetailData) {
  const full = data.fullPhones;
  return {
    ...presentHqSummary(data), address: data.hq.address, version: data.hq.version,
    persons: data.persons.map((p) => presentPerson(p, full)),
    memberUnits: data.memberUnits.map((u) => ({
      id: u.id, name: u.name, peacetimeDuty: u.peacetimeDuty, wartimeDuty: u.wartimeDuty, contactName: u.contactName, contactPhone: full ? u.contactPhone : masked(u.contactPhone), version: u.version,
    })),
    posts: data.posts.map((p) => ({
      id: p.id, kind: p.kind, name: p.name, workId: p.workId, workCode: p.workCode, workName: p.workName,
      location: p.lng === null || p.lat === null ? null : [p.lng, p.lat] as [number, number],
    })),
    roster: data.roster.map(presentDuty),
  };
}

/** Vehicles as points: where they last reported, else their home base; `live` when the report is recent. */
export function presentVehicles(rows: readonly VehicleRow[], now: Date) {
  return featureCollection(rows.map((v) => {
    const live = v.position !== null && v.positionAt !== null && now.getTime() - v.positionAt.getTime() <= LIVE_WINDOW_MS;
    return {
      id: v.id,
      geometry: { type: 'Point' as const, coordinates: v.position ?? v.home },
      properties: {
        id: v.id, code: v.code, name: v.name, hqId: v.hqId, regionCode: v.regionCode, generation: v.generation, equipment: v.equipment, crew: v.crew,
        state: v.state, live, positionAt: iso(v.positionAt), speedKmh: v.speedKmh, synthetic: v.synthetic,
      },
    };
  }));
}

/** A member unit or team as a picker offers it (whitelist). */
export function presentRef(r: RefRow) {
  return { kind: r.kind, id: r.id, name: r.name, regionCode: r.regionCode, detail: r.detail };
}
