/**
 * Row → API shape: the only field whitelists of the planning module. Fields are copied by name, never spread, so a
 * column added to a row stays on the server until it is added here and to the schema.
 */
import { featureCollection } from '../../lib/geojson.ts';
import { iso } from '../../lib/schemas.ts';
import type { AreaBalanceView, RunView } from './planning.schemas.ts';
import { progressOf, type AreaBalance, type AreaMapFeature, type RunDemandRow, type RunFlowRow, type RunRow, type RunShelterRow, type StayRatioRow } from './planning.service.ts';

export function presentAreaBalance(a: AreaBalance): AreaBalanceView {
  return {
    code: a.code, name: a.name, level: a.level, hasChildren: a.hasChildren, people: a.people, stayRatio: a.stayRatio, stayRatioSource: a.stayRatioSource,
    peopleStaying: a.peopleStaying, places: a.places, placesPerPerson: a.placesPerPerson, civilDefenceAreaM2: a.civilDefenceAreaM2,
    m2PerPerson: a.m2PerPerson, placesSurplus: a.placesSurplus, areaSurplusM2: a.areaSurplusM2, status: a.status, works: a.works,
  };
}

export function presentBalanceMap(parent: AreaBalance, features: readonly AreaMapFeature[]) {
  return {
    parent: presentAreaBalance(parent),
    map: featureCollection(features.map((f) => ({ id: f.area.code, geometry: f.geometry, properties: presentAreaBalance(f.area) }))),
  };
}

export function presentStayRatio(r: StayRatioRow) {
  return { regionCode: r.regionCode, stayRatio: r.stayRatio, source: r.source, updatedAt: iso(r.updatedAt)! };
}

const num = (o: Record<string, unknown> | null | undefined, k: string): number => Number(o?.[k] ?? 0);

export function presentRun(r: RunRow): RunView {
  const p = r.params as { radiusM: number; detourFactor: number; label?: string | null; removeWorkIds?: number[]; addShelters?: Array<{ name: string; location: number[]; places: number; regionCode: string }> };
  const i = r.inputs as Record<string, unknown> | null;
  const s = r.summary as Record<string, unknown> | null;
  const c = r.certificate as Record<string, unknown> | null;
  const d = r.distance as Record<string, unknown> | null;
  const proof = (s?.proof ?? {}) as Record<string, unknown>;
  return {
    id: r.id, regionCode: r.regionCode, status: r.status, phase: r.phase, percent: progressOf(r).percent,
    params: {
      radiusM: p.radiusM, detourFactor: p.detourFactor, label: p.label ?? null, removeWorkIds: p.removeWorkIds ?? [],
      addShelters: (p.addShelters ?? []).map((a) => ({ name: a.name, location: a.location, places: a.places, regionCode: a.regionCode })),
    },
    inputs: i ? {
      sha256: String(i.sha256), populationCells: num(i, 'populationCells'), residents: num(i, 'residents'), demandPoints: num(i, 'demandPoints'),
      shelters: num(i, 'shelters'), places: num(i, 'places'), countedStates: (i.countedStates as string[]) ?? [], areaPerPersonM2: num(i, 'areaPerPersonM2'),
      demandCellM: num(i, 'demandCellM'), removedWorks: (i.removedWorks as number[]) ?? [], addedShelters: num(i, 'addedShelters'),
    } : null,
    summary: s ? {
      people: num(s, 'people'), assigned: num(s, 'assigned'), unassigned: num(s, 'unassigned'), coverage: num(s, 'coverage'), cost: num(s, 'cost'),
      optimalCost: num(s, 'optimalCost'),
      proof: { pricingRounds: num(proof, 'pricingRounds'), arcsMaterialised: num(proof, 'arcsMaterialised'), pivots: num(proof, 'pivots'), optimalOverAllPairs: proof.optimalOverAllPairs === true },
      solveMs: num(s, 'solveMs'), checkMs: num(s, 'checkMs'), totalMs: num(s, 'totalMs'),
    } : null,
    certificate: c ? {
      optimal: c.optimal === true, primalFeasible: c.primalFeasible === true, dualFeasible: c.dualFeasible === true,
      primalCost: num(c, 'primalCost'), dualObjective: num(c, 'dualObjective'), arcs: num(c, 'arcs'), errors: ((c.errors as string[]) ?? []).map(String),
    } : null,
    distance: d ? {
      binMetres: num(d, 'binMetres'), histogram: ((d.histogram as number[]) ?? []).map(Number), mean: num(d, 'mean'), p50: num(d, 'p50'),
      p90: num(d, 'p90'), p95: num(d, 'p95'), max: num(d, 'max'),
    } : null,
    error: r.error, createdByName: r.createdByName, createdAt: iso(r.createdAt)!, startedAt: iso(r.startedAt), finishedAt: iso(r.finishedAt),
  };
}

export function presentRunShelters(rows: readonly RunShelterRow[]) {
  return featureCollection(rows.map((r) => ({
    id: r.seq,
    geometry: { type: 'Point', coordinates: [r.lng, r.lat] },
    properties: {
      seq: r.seq, workId: r.workId, code: r.code, name: r.name, regionCode: r.regionCode, capacity: r.capacity, assigned: r.assigned,
      utilisation: r.capacity > 0 ? r.assigned / r.capacity : null,
    },
  })));
}

export function presentRunUnassigned(rows: readonly RunDemandRow[]) {
  return featureCollection(rows.map((r) => ({
    id: r.seq,
    geometry: { type: 'Point', coordinates: [r.lng, r.lat] },
    properties: { regionCode: r.regionCode, people: r.people, unassigned: r.unassigned },
  })));
}

export function presentRunFlows(rows: readonly RunFlowRow[]) {
  return featureCollection(rows.map((r) => ({
    geometry: { type: 'LineString', coordinates: [[r.fromLng, r.fromLat], [r.toLng, r.toLat]] },
    properties: { people: r.people, metres: r.metres, shelterSeq: r.shelterSeq },
  })));
}
