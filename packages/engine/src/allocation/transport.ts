/**
 * STATUS: exact and tested against the simplex, but off by default (`solver: 'transport'` opts in): phases with a
 * zero distance dominate (the blocking flow stops short on zero-cost cycles and dead-end marking), so S needs ~2,000
 * phases and is ~50× slower than the lazy simplex. Next steps: a proper blocking flow (or push–relabel inside a
 * level) so that one phase per distinct distance suffices.
 *
 * Exact primal–dual (successive shortest paths with blocking flows) solver specialised to the allocation's
 * transportation structure: demand points → shelters (uncapacitated, cost = walking metres), demand point → sink
 * (the "unassigned" option, cost U), shelter → sink (capacity). The graph is never materialised: a point's arcs are
 * its cost-sorted pair list, a shelter's residual backward arcs are the pairs carrying flow into it (kept in a linked
 * list per shelter), and the sink's backward arcs are the capacity and unassigned arcs carrying flow.
 *
 * Invariant (exact, integers): node potentials π with reduced cost `c + π_u − π_v ≥ 0` on every residual arc, i.e.
 * complementary slackness holds for the current pseudoflow at all times. Each phase runs one multi-source Dijkstra
 * from the nodes with excess, stops at the first node with a deficit (distance D), lowers the potential of every node
 * settled at distance d < D by D − d (which keeps all reduced costs ≥ 0 and makes the shortest paths tight), then
 * pushes a blocking flow along zero-reduced-cost paths. When no excess is left the pseudoflow is a feasible flow and
 * the potentials prove it optimal over every in-reach pair; the caller re-checks that independently.
 *
 * Cost scaling: the problem is solved exactly with costs ⌊c / 2^k⌋ for k = K … 0; doubling the potentials between
 * levels keeps every reduced cost ≥ 0 except on flow-carrying arcs whose dropped bit is 1, whose flow is returned as
 * excess (or the point's potential is lowered by 1 when that keeps all its arcs ≥ 0).
 * Warm start (no scaling then): shelter prices (π_sink − π_shelter) set the initial potentials; a shelter with a
 * positive price starts with its capacity arc saturated (a deficit it must attract people to fill), so prices that
 * are off cost extra phases, never correctness. Deterministic: every scan goes in index order.
 */

/** Reachable pairs as CSR lists per demand point (see allocate.ts `ReachablePairs`). */
export interface TransportPairs {
  start: Int32Array;
  shelter: Int32Array;
  cost: Int32Array;
  demand: Int32Array;
}

export interface TransportResult {
  /** Flow per pair position. */
  flow: Float64Array;
  /** People left unassigned per demand point. */
  unassigned: Float64Array;
  /** Node potentials in the allocation's MCF node order: points, shelters, sink (sink = 0). */
  potential: Float64Array;
  /** Total cost Σ flow × cost + U × unassigned. */
  cost: number;
  phases: number;
  /** Shelter prices π_sink − π_j clamped to [0, U] (0 for shelters without room), to steer a finer level. */
  price: Int32Array;
}

/** Thrown when the phase budget runs out; the caller falls back to the network simplex. */
export class TransportGiveUp extends Error {}

/**
 * Solves the transportation problem exactly. `people[i]` for demand points, `cap[j]` for shelters (≤ 0 = closed),
 * `U` cost per unassigned person, `price` optional warm-start shelter prices.
 */
export function solveTransport(nD: number, nS: number, people: Float64Array, cap: Float64Array, pairs: TransportPairs, Ufull: number, price: Int32Array | null, maxPhases = 1_000_000): TransportResult {
  const { start, shelter: pS, cost: pFull, demand: pD } = pairs;
  // Cost scaling: solve exactly with costs ⌊c / 2^k⌋ for k = K … 0; going one level down doubles the potentials,
  // which leaves every reduced cost ≥ 0 except flow-carrying arcs whose dropped bit is 1 (reduced cost 1).
  let maxC = Ufull;
  for (let q = 0; q < pFull.length; q++) if (pFull[q]! > maxC) maxC = pFull[q]!;
  let K = 0;
  while (maxC >> K > 0) K++;
  if (price) K = 0;
  const pC = pFull.map((c) => c >> K);
  let U = Ufull >> K;
  const P = pS.length;
  const N = nD + nS + 1;
  const T = nD + nS;
  const pi = new Float64Array(N);
  const excess = new Float64Array(N);
  const flow = new Float64Array(P);
  const xU = new Float64Array(nD);
  const xT = new Float64Array(nS);
  // Per-shelter doubly linked list of pair positions carrying flow.
  const head = new Int32Array(nS).fill(-1);
  const nxt = new Int32Array(P).fill(-1);
  const prv = new Int32Array(P).fill(-1);
  const link = (q: number): void => {
    const j = pS[q]!;
    const h = head[j]!;
    nxt[q] = h;
    prv[q] = -1;
    if (h >= 0) prv[h] = q;
    head[j] = q;
  };
  const unlink = (q: number): void => {
    const j = pS[q]!;
    const a = prv[q]!, b = nxt[q]!;
    if (a >= 0) nxt[a] = b;
    else head[j] = b;
    if (b >= 0) prv[b] = a;
  };

  // Initial potentials from the prices; the pseudoflow is zero except saturated capacity arcs of priced shelters.
  let totalPeople = 0;
  for (let j = 0; j < nS; j++) {
    const p = cap[j]! > 0 && price ? price[j]! : 0;
    pi[nD + j] = -p;
    if (p > 0) {
      xT[j] = cap[j]!;
      excess[nD + j] = -cap[j]!;
      excess[T] = excess[T]! + cap[j]!;
    }
  }
  for (let i = 0; i < nD; i++) {
    const a = people[i]!;
    if (a <= 0) continue;
    totalPeople += a;
    excess[i] = a;
    let u = U;
    for (let q = start[i]!, b = start[i + 1]!; q < b; q++) {
      const j = pS[q]!;
      if (cap[j]! <= 0) continue;
      const v = pC[q]! - pi[nD + j]!;
      if (v < u) u = v;
    }
    pi[i] = -u;
  }
  excess[T] = excess[T]! - totalPeople;

  // Dijkstra scratch: binary heap of (dist, node) with lazy deletion.
  let hKey = new Float64Array(1024), hVal = new Int32Array(1024);
  let hN = 0;
  const push = (k: number, v: number): void => {
    if (hN === hKey.length) {
      const a = new Float64Array(hN * 2), b = new Int32Array(hN * 2);
      a.set(hKey);
      b.set(hVal);
      hKey = a;
      hVal = b;
    }
    let c = hN++;
    while (c > 0) {
      const p = (c - 1) >> 1;
      const pk = hKey[p]!;
      if (pk < k || (pk === k && hVal[p]! < v)) break;
      hKey[c] = pk;
      hVal[c] = hVal[p]!;
      c = p;
    }
    hKey[c] = k;
    hVal[c] = v;
  };
  const popTo = (): void => {
    // Removes the root; caller has read hKey[0], hVal[0].
    const k = hKey[--hN]!, v = hVal[hN]!;
    let c = 0;
    for (;;) {
      let l = 2 * c + 1;
      if (l >= hN) break;
      const r = l + 1;
      if (r < hN && (hKey[r]! < hKey[l]! || (hKey[r]! === hKey[l]! && hVal[r]! < hVal[l]!))) l = r;
      if (hKey[l]! > k || (hKey[l]! === k && hVal[l]! > v)) break;
      hKey[c] = hKey[l]!;
      hVal[c] = hVal[l]!;
      c = l;
    }
    hKey[c] = k;
    hVal[c] = v;
  };
  const dist = new Float64Array(N);
  const seen = new Int32Array(N); // phase stamp: dist valid
  const done = new Int32Array(N); // phase stamp: settled
  const dead = new Int32Array(N);
  const onStack = new Int32Array(N);
  const settled = new Int32Array(N);
  const cur = new Int32Array(nD); // current-arc pointer of points
  const stackNode = new Int32Array(N + 1);
  const stackArc = new Int32Array(N + 1); // arc used to enter the node (encoded, see below)
  const sources: number[] = [];

  const relax = (v: number, d: number, stamp: number): void => {
    if (done[v] === stamp) return;
    if (seen[v] !== stamp || d < dist[v]!) {
      seen[v] = stamp;
      dist[v] = d;
      push(d, v);
    }
  };

  let phases = 0;
  for (let level = K; level >= 0; level--) {
  if (level < K) {
    for (let v = 0; v < N; v++) pi[v] = pi[v]! * 2;
    for (let q = 0; q < pC.length; q++) pC[q] = pFull[q]! >> level;
    U = Ufull >> level;
    const piT = pi[T]!;
    for (let i = 0; i < nD; i++) {
      if (people[i]! <= 0) continue;
      // Lower π_i by 1 when that keeps every arc of i at reduced cost ≥ 0 (then its flow arcs stay tight); else clear
      // the flow on arcs that became non-tight, leaving excess at i and a deficit at the shelter.
      const pv = pi[i]!;
      let minRc = U + pv - piT;
      for (let q = start[i]!, b = start[i + 1]!; q < b; q++) {
        const j = pS[q]!;
        if (cap[j]! <= 0) continue;
        const rc = pC[q]! + pv - pi[nD + j]!;
        if (rc < minRc) minRc = rc;
      }
      if (minRc > 0) {
        pi[i] = pv - minRc;
        continue;
      }
      for (let q = start[i]!, b = start[i + 1]!; q < b; q++) {
        const f = flow[q]!;
        if (f === 0) continue;
        const j = pS[q]!;
        if (pC[q]! + pv - pi[nD + j]! !== 0) {
          flow[q] = 0;
          unlink(q);
          excess[i] = excess[i]! + f;
          excess[nD + j] = excess[nD + j]! - f;
        }
      }
      if (xU[i]! > 0 && U + pv - piT !== 0) {
        excess[i] = excess[i]! + xU[i]!;
        excess[T] = excess[T]! - xU[i]!;
        xU[i] = 0;
      }
    }
  }
  for (;;) {
    sources.length = 0;
    for (let v = 0; v < N; v++) if (excess[v]! > 0) sources.push(v);
    if (sources.length === 0) break;
    if (++phases > maxPhases) throw new TransportGiveUp(`no optimum after ${maxPhases} phases`);
    const stamp = phases;
    // 1. Dijkstra from all excess nodes to the nearest deficit.
    hN = 0;
    for (const s of sources) {
      if (s < nD) cur[s] = start[s]!;
      seen[s] = stamp;
      dist[s] = 0;
      push(0, s);
    }
    let D = -1;
    let nSettled = 0;
    while (hN > 0) {
      const d = hKey[0]!, v = hVal[0]!;
      popTo();
      if (done[v] === stamp || d > dist[v]!) continue;
      // Settle everything up to the distance D of the nearest deficit, so the blocking flow sees every tight path.
      if (D >= 0 && d > D) break;
      if (excess[v]! < 0) {
        if (D < 0) D = d;
        continue;
      }
      done[v] = stamp;
      settled[nSettled++] = v;
      const pv = pi[v]!;
      if (v < nD) {
        for (let q = start[v]!, b = start[v + 1]!; q < b; q++) {
          const j = pS[q]!;
          if (cap[j]! <= 0) continue;
          relax(nD + j, d + pC[q]! + pv - pi[nD + j]!, stamp);
        }
        relax(T, d + U + pv - pi[T]!, stamp);
      } else if (v < T) {
        const j = v - nD;
        for (let q = head[j]!; q >= 0; q = nxt[q]!) {
          const i = pD[q]!;
          relax(i, d - pC[q]! + pv - pi[i]!, stamp);
        }
        if (xT[j]! < cap[j]!) relax(T, d + pv - pi[T]!, stamp);
      } else {
        for (let j = 0; j < nS; j++) if (xT[j]! > 0) relax(nD + j, d + pv - pi[nD + j]!, stamp);
        for (let i = 0; i < nD; i++) if (xU[i]! > 0) relax(i, d - U + pv - pi[i]!, stamp);
      }
    }
    if (D < 0) throw new TransportGiveUp('no deficit reachable from the excess (infeasible pseudoflow)');
    // 2. Potentials: settled nodes move by d − D (≤ 0); all reduced costs stay ≥ 0, shortest paths become tight.
    for (let k = 0; k < nSettled; k++) {
      const v = settled[k]!;
      pi[v] = pi[v]! + dist[v]! - D;
      if (v < nD) cur[v] = start[v]!;
    }
    // 3. Blocking flow on zero-reduced-cost arcs, inside the settled set, ending at deficits.
    // Arc codes on the stack: q ≥ 0 pair forward (point → shelter); −1 − q pair backward (shelter → point);
    // ARC_U unassigned (point → sink); ARC_T capacity (shelter → sink); ARC_TS sink → shelter; ARC_TU sink → point.
    const ok = (v: number): boolean => dead[v] !== stamp && onStack[v] !== stamp && (done[v] === stamp || excess[v]! < 0);
    let pushed = false;
    for (const s of sources) {
      while (excess[s]! > 0 && dead[s] !== stamp) {
        let top = 0;
        stackNode[0] = s;
        onStack[s] = stamp;
        let found = false;
        while (top >= 0) {
          const v = stackNode[top]!;
          if (excess[v]! < 0) {
            found = true;
            break;
          }
          let next = -1, arc = 0;
          const pv = pi[v]!;
          if (v < nD) {
            const b = start[v + 1]!;
            let q = cur[v]!;
            for (; q < b; q++) {
              const j = pS[q]!;
              if (cap[j]! <= 0) continue;
              const w = nD + j;
              if (pC[q]! + pv - pi[w]! === 0 && ok(w)) {
                next = w;
                arc = q;
                break;
              }
            }
            cur[v] = q;
            if (next < 0 && q === b && U + pv - pi[T]! === 0 && ok(T)) {
              next = T;
              arc = ARC_U;
            }
          } else if (v < T) {
            const j = v - nD;
            for (let q = head[j]!; q >= 0; q = nxt[q]!) {
              const i = pD[q]!;
              if (ok(i)) {
                next = i;
                arc = -1 - q;
                break;
              }
            }
            if (next < 0 && xT[j]! < cap[j]! && pv - pi[T]! === 0 && ok(T)) {
              next = T;
              arc = ARC_T;
            }
          } else {
            for (let j = 0; j < nS && next < 0; j++) if (xT[j]! > 0 && pv - pi[nD + j]! === 0 && ok(nD + j)) {
              next = nD + j;
              arc = ARC_TS;
            }
            for (let i = 0; i < nD && next < 0; i++) if (xU[i]! > 0 && pv - U - pi[i]! === 0 && ok(i)) {
              next = i;
              arc = ARC_TU;
            }
          }
          if (next >= 0) {
            stackNode[++top] = next;
            stackArc[top] = arc;
            onStack[next] = stamp;
          } else {
            dead[v] = stamp;
            onStack[v] = 0;
            top--;
          }
        }
        if (!found) break;
        // Bottleneck: source excess, target deficit, backward residual capacities.
        const t = stackNode[top]!;
        let amt = Math.min(excess[s]!, -excess[t]!);
        for (let k = 1; k <= top; k++) {
          const a = stackArc[k]!;
          if (a >= 0 || a === ARC_U) continue;
          if (a === ARC_T) amt = Math.min(amt, cap[stackNode[k - 1]! - nD]! - xT[stackNode[k - 1]! - nD]!);
          else if (a === ARC_TS) amt = Math.min(amt, xT[stackNode[k]! - nD]!);
          else if (a === ARC_TU) amt = Math.min(amt, xU[stackNode[k]!]!);
          else amt = Math.min(amt, flow[-1 - a]!);
        }
        for (let k = 1; k <= top; k++) {
          const a = stackArc[k]!;
          if (a >= 0) {
            if (flow[a] === 0) link(a);
            flow[a] = flow[a]! + amt;
          } else if (a === ARC_U) xU[stackNode[k - 1]!] = xU[stackNode[k - 1]!]! + amt;
          else if (a === ARC_T) xT[stackNode[k - 1]! - nD] = xT[stackNode[k - 1]! - nD]! + amt;
          else if (a === ARC_TS) xT[stackNode[k]! - nD] = xT[stackNode[k]! - nD]! - amt;
          else if (a === ARC_TU) xU[stackNode[k]!] = xU[stackNode[k]!]! - amt;
          else {
            const q = -1 - a;
            flow[q] = flow[q]! - amt;
            if (flow[q] === 0) unlink(q);
          }
        }
        excess[s] = excess[s]! - amt;
        excess[t] = excess[t]! + amt;
        pushed = true;
        for (let k = 0; k <= top; k++) onStack[stackNode[k]!] = 0;
      }
    }
    if (!pushed) throw new TransportGiveUp('a phase pushed no flow');
  }
  }

  // Normalise so the sink has potential 0, and report.
  const piT = pi[T]!;
  for (let v = 0; v < N; v++) pi[v] = pi[v]! - piT;
  let total = 0;
  for (let q = 0; q < P; q++) if (flow[q]! > 0) total += flow[q]! * pFull[q]!;
  for (let i = 0; i < nD; i++) total += xU[i]! * Ufull;
  const pr = new Int32Array(nS);
  for (let j = 0; j < nS; j++) if (cap[j]! > 0) pr[j] = Math.max(0, Math.min(Ufull, -pi[nD + j]!));
  return { flow, unassigned: xU, potential: pi, cost: total, phases, price: pr };
}

const ARC_U = -2_000_000_001;
const ARC_T = -2_000_000_002;
const ARC_TS = -2_000_000_003;
const ARC_TU = -2_000_000_004;

/**
 * Independent check of a transportation solution over every pair: conservation, capacities, and complementary
 * slackness of the potentials on every in-reach pair, unassigned arc and capacity arc. Returns null when it holds,
 * else the first violation in words.
 */
export function checkTransport(nD: number, nS: number, people: Float64Array, cap: Float64Array, pairs: TransportPairs, U: number, r: TransportResult): string | null {
  const { start, shelter: pS, cost: pC } = pairs;
  const pi = r.potential;
  const T = nD + nS;
  const load = new Float64Array(nS);
  for (let i = 0; i < nD; i++) {
    if (people[i]! <= 0) continue;
    let out = r.unassigned[i]!;
    const pv = pi[i]!;
    const rcU = U + pv - pi[T]!;
    if (rcU < 0 || (rcU > 0 && r.unassigned[i]! > 0)) return `point ${i}: unassigned arc violates complementary slackness`;
    for (let q = start[i]!, b = start[i + 1]!; q < b; q++) {
      const j = pS[q]!;
      const f = r.flow[q]!;
      if (cap[j]! <= 0) {
        if (f !== 0) return `pair ${q}: flow into a closed shelter`;
        continue;
      }
      if (f < 0 || !Number.isInteger(f)) return `pair ${q}: flow ${f}`;
      const rc = pC[q]! + pv - pi[nD + j]!;
      if (rc < 0 || (rc > 0 && f > 0)) return `pair ${q} (point ${i}, shelter ${j}): reduced cost ${rc} with flow ${f}`;
      out += f;
      load[j] = load[j]! + f;
    }
    if (out !== people[i]) return `point ${i}: ${out} people routed of ${people[i]}`;
  }
  for (let j = 0; j < nS; j++) {
    if (cap[j]! <= 0) continue;
    if (load[j]! > cap[j]!) return `shelter ${j}: load ${load[j]} above capacity ${cap[j]}`;
    const rc = pi[nD + j]! - pi[T]!;
    if ((rc > 0 && load[j]! > 0) || (rc < 0 && load[j]! < cap[j]!)) return `shelter ${j}: capacity arc violates complementary slackness`;
  }
  return null;
}
