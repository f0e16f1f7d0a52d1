/** Row → API shape for key targets: the only field whitelists (fields copied by name, never spread). */
import { iso } from '../../lib/schemas.ts';
import type { TargetDetailView, TargetView } from './targets.schemas.ts';
import type { ScoredTarget, TargetDetail } from './targets.service.ts';

export function presentTarget({ target: t, readiness, lastDrillOn, approvedPlans }: ScoredTarget): TargetView {
  return {
    id: t.id, code: t.code, name: t.name, category: t.category, grade: t.grade, unitName: t.unitName, regionCode: t.regionCode, location: t.location,
    checklist: Object.fromEntries(Object.entries(t.checklist).map(([k, v]) => [k, v === true])),
    oneLibrary: Object.fromEntries(Object.entries(t.oneLibrary).map(([k, v]) => [k, String(v)])),
    repairTeam: t.repairTeamName !== null ? { id: t.repairTeamId, name: t.repairTeamName } : null, planIds: t.planIds,
    fundsThisYear: t.fundsThisYear, lastDrillOn, approvedPlans,
    readiness: { score: readiness.score, max: readiness.max, shortfalls: readiness.shortfalls.map((s) => ({ code: s.code, points: s.points })) },
    synthetic: t.synthetic, version: t.version, updatedAt: iso(t.updatedAt)!,
  };
}

export function presentTargetDetail(d: TargetDetail): TargetDetailView {
  return {
    ...presentTarget(d),
    footprint: d.target.footprint ? (JSON.parse(d.target.footprint) as unknown) : null,
    plans: d.plans.map((p) => ({ id: p.id, title: p.title, kind: p.kind, approvedRevision: p.approvedRevision })),
    funds: d.funds.map((f) => ({ id: f.id, year: f.year, amountWan: f.amountWan, purpose: f.purpose })),
  };
}

/** The map shows the footprint where there is one, else the point; properties are the map's whitelist. */
export function presentTargetsMap(items: ScoredTarget[], footprints: Map<number, string | null>) {
  return {
    type: 'FeatureCollection' as const,
    features: items.map(({ target: t, readiness }) => ({
      type: 'Feature' as const,
      geometry: footprints.get(t.id) ? (JSON.parse(footprints.get(t.id)!) as unknown) : { type: 'Point', coordinates: t.location },
      properties: { id: t.id, name: t.name, category: t.category, grade: t.grade, score: readiness.score },
    })),
  };
}
