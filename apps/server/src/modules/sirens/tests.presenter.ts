/** Test campaign → API shape: fields copied by name (the observers' ids and the creator's id stay on the server). */
import type { ObservationRow, ResultRow, TestRow } from './tests.repository.ts';
import type { TestDetailData } from './tests.service.ts';

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

export function presentTestItem(t: TestRow, firstStepAt: Date | null, workingPercent: number | null) {
  return {
    id: t.id, name: t.name, regionCode: t.regionCode, target: t.target, state: t.state, createdBy: t.createdBy, createdAt: iso(t.createdAt),
    finishedBy: t.finishedBy, finishedAt: isoOrNull(t.finishedAt), version: t.version, firstStepAt: isoOrNull(firstStepAt), workingPercent,
  };
}

const presentObservation = (o: ObservationRow) => ({
  id: o.id, sirenId: o.sirenId, sirenCode: o.sirenCode, result: o.result, location: o.location?.map(Number) ?? null,
  distanceM: o.distanceM === null ? null : Math.round(o.distanceM), note: o.note, observer: o.observer, at: iso(o.at),
});
export const presentResult = (r: ResultRow) => ({
  sirenId: r.sirenId, sirenCode: r.sirenCode, sirenName: r.sirenName, regionCode: r.regionCode, regionName: r.regionName, outcome: r.outcome as 'working',
  cause: r.cause, causeEn: r.causeEn, steps: r.steps.map((s) => ({ seq: s.seq, state: s.state, reason: s.reason })), heard: r.heard, notHeard: r.notHeard, weak: r.weak, faultId: r.faultId,
  previousOutcome: r.previousOutcome as 'working' | null,
});

export function presentTestDetail(d: TestDetailData) {
  const s = d.summary;
  return {
    ...presentTestItem(d.test, d.steps[0]?.at ?? null, s?.workingPercent ?? null),
    steps: d.steps.map((st) => ({
      seq: st.seq, program: st.program, at: iso(st.at), commandId: st.commandId, issuedAt: isoOrNull(st.issuedAt), error: st.error, counts: st.counts,
    })),
    observations: d.observations.map(presentObservation),
    summary: s && {
      total: s.total, working: s.working, weak: s.weak, failed: s.failed, unverified: s.unverified, workingPercent: s.workingPercent, verifiedWorkingPercent: s.verifiedWorkingPercent, faultTickets: s.faultTickets,
      previous: s.previous && {
        id: s.previous.id, name: s.previous.name, finishedAt: iso(s.previous.finishedAt), total: s.previous.total, workingPercent: s.previous.workingPercent,
        common: s.previous.common, commonBeforePercent: s.previous.commonBeforePercent, commonNowPercent: s.previous.commonNowPercent,
        failedBoth: s.previous.failedBoth, newlyFailed: s.previous.newlyFailed, recovered: s.previous.recovered,
      },
    },
    results: d.results.map(presentResult),
  };
}
