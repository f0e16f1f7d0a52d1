/** Row → API shape for evacuation: the only field whitelists (fields copied by name, never spread). */
import { iso } from '../../lib/schemas.ts';
import type { AreaPlanView, AreaResultView, CountBoardView, DestinationView, PlaceView, RouteView, RunView } from './evacuation.schemas.ts';
import { progressOf, type AreaPlanRow, type CountBoard, type DestinationData, type FlowRow, type PlaceRow, type RouteRow, type RunRow } from './evacuation.service.ts';

export const presentPlace = (p: PlaceRow): PlaceView => ({
  id: p.id, kind: p.kind, code: p.code, name: p.name, regionCode: p.regionCode, capacity: p.capacity, state: p.state, location: p.location,
  outline: p.outline ? (JSON.parse(p.outline) as unknown) : null, synthetic: p.synthetic, version: p.version,
});

export const presentRoute = (r: RouteRow): RouteView => ({
  id: r.id, code: r.code, name: r.name, regionCode: r.regionCode, peoplePerHour: r.peoplePerHour, state: r.state,
  path: (JSON.parse(r.path) as { coordinates: [number, number][] }).coordinates, toPlaceId: r.toPlaceId, synthetic: r.synthetic, version: r.version,
});

export const presentAreaPlan = (a: AreaPlanRow): AreaPlanView => ({
  regionCode: a.regionCode, regionName: a.regionName, share: a.share, targetGroups: a.targetGroups, destinationId: a.destinationId,
  destinationName: a.destinationName, timing: a.timing, synthetic: a.synthetic,
});

export const presentRun = (r: RunRow): RunView => ({
  id: r.id, regionCode: r.regionCode, status: r.status, phase: r.phase, percent: progressOf(r).percent, params: r.params, summary: r.summary,
  error: r.error, createdAt: iso(r.createdAt)!, finishedAt: iso(r.finishedAt),
});

/** Places and routes as one GeoJSON collection: `layer` tells them apart. */
export function presentEvacuationMap(places: PlaceRow[], routes: RouteRow[]) {
  return {
    type: 'FeatureCollection' as const,
    features: [
      ...places.map((p) => ({ type: 'Feature' as const, geometry: { type: 'Point', coordinates: p.location }, properties: { layer: 'place', id: p.id, kind: p.kind, name: p.name, capacity: p.capacity, state: p.state } })),
      ...routes.map((r) => ({ type: 'Feature' as const, geometry: JSON.parse(r.path) as unknown, properties: { layer: 'route', id: r.id, name: r.name, peoplePerHour: r.peoplePerHour, state: r.state } })),
    ],
  };
}

/** The run's result per area: people sent to assembly points and to bases, and those without a place. */
export function presentRunAreas(flows: FlowRow[]): AreaResultView[] {
  const by = new Map<string, AreaResultView>();
  for (const f of flows) {
    const a = by.get(f.regionCode) ?? { regionCode: f.regionCode, regionName: f.regionName, toAssembly: 0, withoutAssembly: 0, toBase: 0, withoutBase: 0, places: [] };
    if (f.placeId === null) {
      if (f.stage === 'assembly') a.withoutAssembly += f.people; else a.withoutBase += f.people;
    } else {
      if (f.stage === 'assembly') a.toAssembly += f.people; else a.toBase += f.people;
      a.places.push({ stage: f.stage, placeId: f.placeId, placeName: f.placeName ?? '', people: f.people, metres: f.metres });
    }
    by.set(f.regionCode, a);
  }
  return [...by.values()];
}

export function presentRunMap(flows: FlowRow[]) {
  return {
    type: 'FeatureCollection' as const,
    features: flows.filter((f) => f.from && f.to).map((f) => ({
      type: 'Feature' as const, geometry: { type: 'LineString', coordinates: [f.from, f.to] },
      properties: { stage: f.stage, regionCode: f.regionCode, regionName: f.regionName, placeId: f.placeId, placeName: f.placeName, people: f.people },
    })),
  };
}

export const presentCountBoard = (b: CountBoard): CountBoardView => ({
  drillId: b.drillId, runId: b.runId,
  places: b.places.map((p) => ({ placeId: p.placeId, name: p.name, kind: p.kind, planned: p.planned, capacity: p.capacity, counted: p.counted, submissions: p.submissions, devices: p.devices, lastAt: iso(p.lastAt) })),
  totals: { planned: b.totals.planned, counted: b.totals.counted },
});

/** A destination of a run with its routes (whitelist). */
export function presentDestination(d: DestinationData): DestinationView {
  return {
    placeId: d.placeId, name: d.name, kind: d.kind, capacity: d.capacity, people: d.people, perHour: d.perHour, hours: d.hours,
    routes: d.routes.map((r) => ({ id: r.id, code: r.code, name: r.name, peoplePerHour: r.peoplePerHour, state: r.state, usablePerHour: r.usablePerHour })),
  };
}
