/**
 * The pricing loop: the simplex starts from the greedy basis with few arcs, and after each solve every reachable pair
 * is priced with the duals; pairs with a negative reduced cost are added and the simplex resumes from its basis, until
 * a full scan finds none. That last scan is the proof of optimality over all pairs (LP duality).
 */

import { ArcModel, type SimplexSolve } from './arc-model.ts';
import { pairsByShelter, type ReachablePairs } from './reachable-pairs.ts';
import { greedyBasis } from './warm-start.ts';

const INITIAL_NEAREST = 4;
const MAX_ADDED_PER_POINT = 4;

/**
 * Exact solve over every reachable pair of the demand points with `people > 0` and shelters with `cap > 0`: warm start
 * from the greedy basis (ordered by cost + `price` when given), simplex over the greedy's arcs and each point's
 * INITIAL_NEAREST cheapest (by cost + `price` when given), then pricing rounds over the sorted pair lists until no pair
 * has a negative reduced cost. `resumable` (a what-if session's solve): `resume` then prices only what a change moved.
 *
 * @example
 * const { model, optimalOverAllPairs } = solveLazy(nD, nS, residualPeople, residualCap, pairs, unassignedCost, price);
 */
export function solveLazy(nD: number, nS: number, people: Float64Array, capIn: Float64Array, pairs: ReachablePairs, U: number, price: Int32Array | null, resumable = false): SimplexSolve {
  const sink = nD + nS;
  // Own copy: a what-if (resume) changes it.
  const cap = capIn.slice();
  const capArc = new Int32Array(nS).fill(-1);
  let totalPeople = 0;
  for (let i = 0; i < nD; i++) totalPeople += people[i]!;
  const bigCap = totalPeople + 1;
  const model = new ArcModel(nD, nS, people, nD * (INITIAL_NEAREST + 1) + nS, pairs.pointOrder);
  const { ns } = model;
  const { start: cStart, shelter: cShelter, cost: cCost, demand: cDemand } = pairs;
  const g = greedyBasis(nD, nS, people, cap, pairs, U, price);
  const treeArcOfNode = new Int32Array(nD + nS + 1).fill(-1);
  const flowOf: number[] = [];
  for (let j = 0; j < nS; j++) {
    if (cap[j]! <= 0) continue;
    const k = model.push(nD + j, sink, cap[j]!, 0, -1, -1);
    capArc[j] = k;
    flowOf[k] = cap[j]! - g.remCap[j]!;
    if (g.owner[nD + j] === -1) treeArcOfNode[nD + j] = k; // root of its tree: hangs from the sink
  }
  for (let i = 0; i < nD; i++) {
    if (people[i]! <= 0) continue;
    const k = model.push(i, sink, bigCap, U, -1, -1);
    flowOf[k] = g.remPeople[i]!;
    if (g.owner[i] === -1) treeArcOfNode[i] = k;
  }
  let materialised = 0;
  const { pointOrder } = pairs;
  const candC = new Float64Array(Math.max(INITIAL_NEAREST, MAX_ADDED_PER_POINT) + 1);
  // The pairs the simplex starts with, chosen point by point, then pushed grouped by shelter (see pushByShelter).
  const first: number[] = [];
  for (let t = 0; t < nD; t++) {
    const i = pointOrder[t]!;
    if (people[i]! <= 0) continue;
    const a = cStart[i]!, b = cStart[i + 1]!;
    let taken = 0;
    // With prices, a point's first arcs are its cheapest by cost + shelter price (the reduced cost the prices predict).
    let thr = Infinity;
    if (price) {
      let nC = 0;
      for (let q = a; q < b; q++) {
        const j = cShelter[q]!;
        if (cap[j]! <= 0) continue;
        const v = cCost[q]! + price[j]!;
        let pos = nC;
        while (pos > 0 && candC[pos - 1]! > v) pos--;
        if (pos >= INITIAL_NEAREST) continue;
        for (let t = Math.min(nC, INITIAL_NEAREST - 1); t > pos; t--) candC[t] = candC[t - 1]!;
        candC[pos] = v;
        if (nC < INITIAL_NEAREST) nC++;
      }
      thr = nC > 0 ? candC[nC - 1]! : Infinity;
    }
    for (let q = a; q < b; q++) {
      const e = g.edgeOf[q]!;
      const j = cShelter[q]!;
      if (cap[j]! <= 0) continue;
      if (thr !== Infinity) {
        if (e < 0 && cCost[q]! + price![j]! > thr) continue;
      } else if (taken >= INITIAL_NEAREST && e < 0) continue;
      taken++;
      first.push(q);
    }
  }
  // Pair arcs enter the simplex grouped by shelter, points in Z-order within a group: a pricing block then holds
  // the arcs into a few shelters from one neighbourhood, and block search needs fewer pivots (L: about a fifth fewer
  // than point by point in input order). Order changes the path to the optimum, never the optimum or its proof.
  const bucket = new Int32Array(nS + 1);
  const pushByShelter = (qs: number[], onPush: (q: number, k: number) => void): void => {
    bucket.fill(0);
    for (const q of qs) bucket[cShelter[q]! + 1]!++;
    for (let j = 0; j < nS; j++) bucket[j + 1] = bucket[j + 1]! + bucket[j]!;
    const sorted = new Int32Array(qs.length);
    for (const q of qs) sorted[bucket[cShelter[q]!]!++] = q;
    for (const q of sorted) {
      const i = cDemand[q]!, j = cShelter[q]!;
      onPush(q, model.push(i, nD + j, bigCap, cCost[q]!, i, j, q));
      materialised++;
    }
  };
  pushByShelter(first, (q, k) => {
    const e = g.edgeOf[q]!;
    flowOf[k] = e >= 0 ? g.edgeFlow[e]! : 0;
    if (e >= 0) {
      // The edge belongs to the endpoint it exhausted (see greedyBasis).
      if (g.owner[cDemand[q]!] === q) treeArcOfNode[cDemand[q]!] = k;
      else treeArcOfNode[nD + cShelter[q]!] = k;
    }
  });
  const added: number[] = [];
  // A plain loop: Float64Array.from with a map function takes the generic path (a tenth of a second per million arcs).
  const arcFlow = new Float64Array(ns.realArcCount);
  for (let k = 0; k < arcFlow.length; k++) arcFlow[k] = flowOf[k] ?? 0;
  model.warmStart(arcFlow, treeArcOfNode);
  const potential = new Float64Array(nD + nS + 1);
  const candQ = new Int32Array(MAX_ADDED_PER_POINT + 1);
  // The big-M arcs that what-if changes added (see resume).
  const art: number[] = [];
  const out: SimplexSolve = { model, pricingRounds: 0, materialised: 0, optimalOverAllPairs: true, price: new Int32Array(nS), capArc, resume };
  // A resumable solve (a what-if session's) keeps what a resumed solve's pricing needs to scan only part of the pairs:
  // which pairs are in the model, and from the last full scan (the reference) the potentials and, per shelter and per
  // point, a lower bound on the reduced cost of its pairs outside the model.
  const inModel = resumable ? new Uint8Array(cShelter.length) : null;
  if (inModel) for (const q of first) inModel[q] = 1;
  let refPot: Float64Array | null = null;
  const refSlack = resumable ? new Float64Array(nS) : null;
  const refSlackP = resumable ? new Float64Array(nD) : null;
  const dirtyP = resumable ? new Uint8Array(nD) : null;
  // Where a partial scan's point walk writes the slack it does not keep (the full scan's code, see scanPoints).
  const scratch = resumable ? new Float64Array(nS) : null;
  // Every point selected in a full scan: one code path for full and partial scans, so that the first partial scan (a
  // what-if's) runs the loop the full scans of the first solve have already had compiled, instead of a cold one
  // (measured on L: a cold partial scan took over ten times its warm time).
  const allPoints = new Uint8Array(nD).fill(1);
  /**
   * Prices the pairs of the points with `select[i]` (each list walked until no later pair can price out) and adds each
   * point's 4 most negative (`added`); with `slack`, lowers slack[j] to the reduced cost of every priced pair outside
   * the model, and with `slackP` sets slackP[i] to the least of the point's (its early stop's margin, cost − bound,
   * for the pairs past it). Returns the least margin by which a point's early stop held: every pair past a stop has a
   * reduced cost of at least that plus maxPiS − π_j.
   */
  function scanPoints(maxPiS: number, select: Uint8Array, slack: Float64Array | null, slackP: Float64Array | null): number {
    let tailMin = Infinity;
    for (let t = 0; t < nD; t++) {
      const i = pointOrder[t]!;
      if (people[i]! <= 0 || select[i] === 0) continue;
      const piI = potential[i]!;
      // Each point's reachable shelters are sorted by cost: once cost + π_i − max π_j ≥ 0 no later one can price out.
      const bound = maxPiS - piI;
      let nCand = 0;
      let least = Infinity;
      for (let q = cStart[i]!, b = cStart[i + 1]!; q < b; q++) {
        const c = cCost[q]!;
        if (c >= bound) {
          if (c - bound < tailMin) tailMin = c - bound;
          if (c - bound < least) least = c - bound;
          break;
        }
        const j = cShelter[q]!;
        if (cap[j]! <= 0) continue;
        const rc = c + piI - potential[nD + j]!;
        // Negative ones too: not every one is added (4 per point), and the bound must hold for all outside the model.
        if (slack && !inModel![q]) {
          if (rc < slack[j]!) slack[j] = rc;
          if (rc < least) least = rc;
        }
        if (rc >= 0) continue;
        nCand = keepCandidate(q, rc, nCand);
      }
      if (slackP) slackP[i] = least;
      for (let t = 0; t < nCand; t++) added.push(candQ[t]!);
    }
    return tailMin;
  }
  /**
   * Every pair priced with the current potentials: each point's 4 most negative pairs are added (`added`). In a
   * resumable solve the scan becomes the reference for {@link partialScan}: the potentials, and per shelter and per
   * point the least reduced cost of a pair outside the model (pairs past a point's early stop bounded through it).
   */
  function fullScan(maxPiS: number): void {
    const slack = refSlack;
    if (slack) slack.fill(Infinity);
    const tailMin = scanPoints(maxPiS, allPoints, slack, refSlackP);
    if (!slack) return;
    for (let j = 0; j < nS; j++) {
      if (cap[j]! <= 0) slack[j] = -Infinity;
      else if (tailMin !== Infinity) slack[j] = Math.min(slack[j]!, tailMin + maxPiS - potential[nD + j]!);
    }
    refPot ??= new Float64Array(nD + nS + 1);
    refPot.set(potential);
  }
  /**
   * Keeps pair q (reduced cost rc < 0) among the point's MAX_ADDED_PER_POINT most negative so far (ties: earlier in the
   * sorted list); returns the new count.
   */
  function keepCandidate(q: number, rc: number, nCand: number): number {
    let pos = nCand;
    while (pos > 0 && candC[pos - 1]! > rc) pos--;
    if (pos >= MAX_ADDED_PER_POINT) return nCand;
    for (let t = Math.min(nCand, MAX_ADDED_PER_POINT - 1); t > pos; t--) {
      candQ[t] = candQ[t - 1]!;
      candC[t] = candC[t - 1]!;
    }
    candQ[pos] = q;
    candC[pos] = rc;
    return nCand < MAX_ADDED_PER_POINT ? nCand + 1 : nCand;
  }
  /**
   * Prices only the pairs whose reduced cost can have fallen below 0 since the reference scan, or returns false when
   * that is more than half the pairs (the caller then scans them all). Reduced costs are unchanged by a common shift
   * of the potentials, so each node's change is read relative to the sink: r_u = π_u − π_t against the reference's.
   * A pair (i, j) outside the model at the reference had a reduced cost rc ≥ max(slack_j, slackP_i) then (the least
   * of its shelter's and of its point's), so now it has rc + Δr_i − Δr_j. Shelters with Δr_j > slack_j have all their
   * pairs read through the transpose; θ = the largest Δr_j of the others (0 at least). A point is walked as in the
   * full scan unless Δr_i ≥ 0 (then rc_now ≥ slack_j + Δr_i − Δr_j ≥ 0) or slackP_i + Δr_i ≥ θ (then rc_now ≥
   * θ − Δr_j ≥ 0). Pairs in the model (added at or since the reference) are the simplex's: never negative at its
   * optimum. A shelter closed at the reference has slack −∞ (its pairs were not priced). So when nothing is added, no
   * pair in reach has a negative reduced cost: the same proof as a full scan. On L, closing shelter 100 moves the
   * prices of some 30 000 points, but only a few thousand by more than their slack: 70 000 pairs priced, not 1.9 M.
   */
  function partialScan(maxPiS: number): boolean {
    const ref = refPot!, slack = refSlack!, slackP = refSlackP!, dirty = dirtyP!, scratchSlack = scratch!;
    const { start: sStart, pair: sPair } = pairsByShelter(pairs, nS);
    const pt = potential[sink]!, rt = ref[sink]!;
    let work = 0;
    const hot: number[] = [];
    // The largest rise of a shelter left out (0 at least): a point whose pairs keep that much slack is safe too.
    let theta = 0;
    for (let j = 0; j < nS; j++) {
      if (cap[j]! <= 0) continue;
      const dj = potential[nD + j]! - pt - (ref[nD + j]! - rt);
      if (dj <= slack[j]!) {
        if (dj > theta) theta = dj;
        continue;
      }
      hot.push(j);
      work += sStart[j + 1]! - sStart[j]!;
    }
    for (let i = 0; i < nD; i++) {
      const di = potential[i]! - pt - (ref[i]! - rt);
      const walk = people[i]! > 0 && di < 0 && slackP[i]! + di < theta;
      dirty[i] = walk ? 1 : 0;
      if (walk) work += cStart[i + 1]! - cStart[i]!;
    }
    if (2 * work > cShelter.length) return false;
    scanPoints(maxPiS, dirty, scratchSlack, null);
    for (const j of hot) {
      const piJ = potential[nD + j]!;
      for (let t = sStart[j]!, e = sStart[j + 1]!; t < e; t++) {
        const q = sPair[t]!;
        const i = cDemand[q]!;
        // Points walked above are done; points without people have no arcs.
        if (dirty[i] || people[i]! <= 0) continue;
        if (cCost[q]! + potential[i]! - piJ < 0) added.push(q);
      }
    }
    return true;
  }
  // The scan of a round. Its own function, so that the round loop's call site is the same in the first solve as in a
  // what-if's: a call first made there (partialScan) would throw the compiled loop back to the interpreter.
  function scan(maxPiS: number, partial: boolean): void {
    if (!(partial && refPot && partialScan(maxPiS))) fullScan(maxPiS);
  }
  // Simplex until optimal, then a pricing scan; repeated until the scan adds nothing (the proof over all pairs). After
  // a what-if change (`partial`), scans price only what changed since the reference when that is less than half.
  function rounds(partial = false): void {
    let pricingRounds = 0;
    let optimalOverAllPairs = true;
    for (;;) {
      if (ns.solve() !== 'optimal') throw new Error('allocation model must always be feasible (unassigned arcs)');
      pricingRounds++;
      model.rawPotentialsInto(potential);
      let maxPiS = -Infinity;
      for (let j = 0; j < nS; j++) if (cap[j]! > 0 && potential[nD + j]! > maxPiS) maxPiS = potential[nD + j]!;
      scan(maxPiS, partial);
      if (added.length === 0) break;
      if (inModel) for (const q of added) inModel[q] = 1;
      pushByShelter(added, () => {});
      added.length = 0;
      if (pricingRounds > 10_000) {
        optimalOverAllPairs = false;
        break;
      }
    }
    const pr = out.price;
    for (let j = 0; j < nS; j++) pr[j] = cap[j]! > 0 ? Math.max(0, Math.min(U, potential[sink]! - potential[nD + j]!)) : 0;
    out.pricingRounds = pricingRounds;
    out.optimalOverAllPairs = optimalOverAllPairs;
    out.materialised = materialised;
  }
  // A what-if: new capacities set on the solved model (the basis kept feasible by big-M arcs), then the same rounds.
  function resume(newCap: Float64Array): boolean {
    for (let j = 0; j < nS; j++) {
      const c = newCap[j]!;
      if (c === cap[j]) continue;
      if (capArc[j]! < 0) {
        if (c <= 0) continue;
        capArc[j] = model.push(nD + j, sink, c, 0, -1, -1);
      } else {
        const a = ns.setArcUpper(capArc[j]!, c);
        if (a >= 0) {
          art.push(a);
          model.note(a);
        }
      }
    }
    cap.set(newCap);
    rounds(true);
    // Every big-M arc so far must end empty: otherwise the changed problem is not the one solved (cannot happen while
    // every point keeps its unassigned arc, but checked rather than assumed).
    for (const a of art) if (ns.arcFlow(a) !== 0) return false;
    return true;
  }
  rounds();
  return out;
}
