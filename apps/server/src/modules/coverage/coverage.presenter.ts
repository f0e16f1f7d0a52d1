/**
 * Row → API shape: the only field whitelists of the coverage module. Fields are copied by name, never spread, so a
 * column added to a row stays on the server until it is added here and to the schema.
 */
import { featureCollection } from '../../lib/geojson.ts';
import { iso } from '../../lib/schemas.ts';
import type { AreaRowView, RunView } from './coverage.schemas.ts';
import { percent, progressOf, type AreaRow, type RunComparison, type RunRow, type RunSirenRow, type SiteRow, type StoredParams, type UncoveredRow } from './coverage.service.ts';

const num = (o: Record<string, unknown> | null | undefined, k: string): number => Number(o?.[k] ?? 0);
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
const roundOrNull = (v: number | null, digits: number) => (v === null ? null : round(v, digits));

export function presentRun(r: RunRow): RunView {
  const p = r.params as unknown as StoredParams;
  const i = r.inputs;
  const s = r.summary;
  const g = (i?.grid ?? {}) as Record<string, unknown>;
  return {
    id: r.id, regionCode: r.regionCode, status: r.status, phase: r.phase, percent: progressOf(r).percent,
    params: {
      label: p.label ?? null, thresholdDb: p.thresholdDb, cellM: p.cellM, excessDbPerDoubling: p.excessDbPerDoubling, modelSource: p.modelSource,
      targetPercent: p.targetPercent, countedStates: p.countedStates ?? [], sirenIds: p.sirenIds ?? null, removeSirenIds: p.removeSirenIds ?? [],
      addSirens: (p.addSirens ?? []).map((a) => ({ location: a.location, levelDb: a.levelDb, regionCode: a.regionCode })),
      baseRunId: p.baseRunId ?? null, suggest: p.suggest, k: p.k, candidates: p.candidates ?? null, candidateKind: p.candidateKind, candidateLevelDb: p.candidateLevelDb,
    },
    inputs: i ? {
      sha256: String(i.sha256), sirens: num(i, 'sirens'), populationCells: num(i, 'populationCells'), people: num(i, 'people'),
      districts: num(i, 'districts'), towns: num(i, 'towns'), grid: { cols: num(g, 'cols'), rows: num(g, 'rows'), cellM: num(g, 'cellM') },
    } : null,
    summary: s ? {
      areaPercent: round(num(s, 'areaPercent'), 2), peoplePercent: s.peoplePercent === null ? null : round(num(s, 'peoplePercent'), 2),
      areaKm2: round(num(s, 'areaKm2'), 2), people: Math.round(num(s, 'people')), uncoveredAreas: num(s, 'uncoveredAreas'), candidates: num(s, 'candidates'),
      targetSites: num(s, 'targetSites'), reachedTarget: s.reachedTarget === true, targetCoverage: round(num(s, 'targetCoverage'), 4),
      areasBelowTarget: num(s, 'areasBelowTarget'), totalMs: num(s, 'totalMs'),
    } : null,
    error: r.error, createdAt: iso(r.createdAt)!, startedAt: iso(r.startedAt), finishedAt: iso(r.finishedAt),
  };
}

export function presentArea(a: AreaRow): AreaRowView {
  const areaPercent = percent(a.coveredAreaM2, a.areaM2);
  const peoplePercent = percent(a.coveredPeople, a.people);
  // Below the target when either figure is: the target is for area and for people alike.
  const belowTarget = a.targetPercent !== null && [areaPercent, peoplePercent].some((v) => v !== null && v < a.targetPercent! - 1e-9);
  return {
    code: a.regionCode, name: a.name, level: a.level,
    areaKm2: round(a.areaM2 / 1e6, 3), coveredAreaKm2: round(a.coveredAreaM2 / 1e6, 3), areaPercent: roundOrNull(areaPercent, 2),
    people: Math.round(a.people), coveredPeople: Math.round(a.coveredPeople), peoplePercent: roundOrNull(peoplePercent, 2),
    targetPercent: a.targetPercent, belowTarget,
  };
}

export const presentUncovered = (rows: readonly UncoveredRow[]) => featureCollection(rows.map((u) => ({
  id: u.seq, geometry: u.geometry, properties: { seq: u.seq, regionCode: u.regionCode, areaKm2: round(u.areaM2 / 1e6, 3), people: Math.round(u.people) },
})));

export const presentRunSirens = (rows: readonly RunSirenRow[]) => featureCollection(rows.map((s) => ({
  id: s.seq, geometry: s.geometry,
  properties: { seq: s.seq, sirenId: s.sirenId, code: s.code, name: s.name, regionCode: s.regionCode, levelDb: s.levelDb, radiusM: s.radiusM, added: s.sirenId === null },
})));

export const presentSites = (rows: readonly SiteRow[]) => featureCollection(rows.map((s) => ({
  id: `${s.goal}-${s.rank}`, geometry: s.geometry, properties: { goal: s.goal, rank: s.rank, regionCode: s.regionCode, peopleNew: Math.round(s.peopleNew) },
})));

export function presentComparison(c: RunComparison) {
  return {
    a: presentRun(c.a), b: presentRun(c.b),
    areas: c.areas.map((x) => {
      const a = x.a ? presentArea(x.a) : null, b = x.b ? presentArea(x.b) : null;
      return {
        code: x.code, name: x.name, level: x.level, targetPercent: x.targetPercent,
        areaPercentA: a?.areaPercent ?? null, areaPercentB: b?.areaPercent ?? null, peoplePercentA: a?.peoplePercent ?? null, peoplePercentB: b?.peoplePercent ?? null,
        coveredPeopleA: a?.coveredPeople ?? 0, coveredPeopleB: b?.coveredPeople ?? 0, peopleDifference: (b?.coveredPeople ?? 0) - (a?.coveredPeople ?? 0),
      };
    }),
  };
}
