/**
 * Row → API shape: the only field whitelists of the planning module. Fields are copied by name, never spread, so a
 * column added to a row stays on the server until it is added here and to the schema.
 */
import { featureCollection } from '../../lib/geojson.ts';
import { iso } from '../../lib/schemas.ts';
import type { AreaBalanceView, RunView } from './planning.schemas.ts';
import type { FeeReduction } from '@civdef/domain';
import { progressOf, type AreaBalance, type BuildingCheck, type RunComparison, type AreaMapFeature, type RunDemandRow, type RunFlowRow, type RunRow, type RunShelterRow, type StayRatioRow } from './planning.service.ts';

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

/** The population version a run cites (older runs have none). */
function datasetOf(v: unknown): { id: number; sha256: string; importedAt: string } | null {
  const d = v as { id?: unknown; sha256?: unknown; importedAt?: unknown } | null | undefined;
  return d && typeof d.id === 'number' ? { id: d.id, sha256: String(d.sha256), importedAt: String(d.importedAt) } : null;
}

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
      populationDataset: datasetOf(i.populationDataset),
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

const presentReduction = (r: FeeReduction) => ({ code: r.code, zh: r.zh, en: r.en, share: r.share, basis: r.basis });

export function presentBuildingCheck(c: BuildingCheck) {
  const r = c.requirement.rule;
  return {
    rule: {
      id: r.id, regionCode: r.regionCode, from: r.from, to: r.to, basis: r.basis, grade: r.grade, feeYuanPerM2: r.feeYuanPerM2, feeBasis: r.feeBasis,
      reductions: r.reductions.map(presentReduction),
    },
    date: c.project.date, regionCode: c.project.regionCode,
    requiredM2: c.requirement.requiredM2, plannedM2: c.requirement.plannedM2, shortfallM2: c.requirement.shortfallM2,
    steps: c.requirement.steps.map((s) => ({ zh: s.zh, en: s.en, valueM2: s.valueM2 })),
    fee: { rateYuanPerM2: c.fee.rateYuanPerM2, grossYuan: c.fee.grossYuan, reductions: c.fee.reductions.map(presentReduction), feeYuan: c.fee.feeYuan, basis: c.fee.basis },
  };
}

export function presentComparison(c: RunComparison) {
  return {
    a: presentRun(c.a), b: presentRun(c.b),
    areas: c.areas.map((x) => ({ code: x.code, name: x.name, peopleA: x.peopleA, unassignedA: x.unassignedA, peopleB: x.peopleB, unassignedB: x.unassignedB, difference: x.unassignedB - x.unassignedA })),
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
