/**
 * Primal network simplex for min-cost flow on typed arrays, a port of the algorithm in LEMON 1.3
 * (`lemon/network_simplex.h`, Kovács 2015: "Minimum-cost flow algorithms: an experimental evaluation"): spanning-tree
 * basis stored as parent / thread / reverse-thread / subtree-size / last-successor arrays, block-search pivoting, and
 * a big-M artificial root so that any balanced instance starts from a feasible basis.
 *
 * Differences from LEMON, each for a reason:
 * - Artificial arcs are stored *first* (arc `u` is the artificial arc of node `u`) and real arcs follow, so that arcs
 *   can be appended after a solve and the solve resumed from the optimal basis. Allocation uses this to price out
 *   the quadratic number of demand–shelter pairs lazily.
 * - Numbers are float64. Every value stays an integer below 2^53 (checked on input), so arithmetic is exact.
 * - Only balanced supplies (Σ supply = 0, the DIMACS convention) are accepted; anything else is reported infeasible.
 * - On large instances the solve loop runs in WebAssembly (`simplex.wat`, see simplex-kernel.ts) over the same arrays,
 *   which then live in its memory: V8 reloads a typed array's data pointer and length at every access in a loop over
 *   arrays reached through `this`, and these loops are nearly all array accesses. The JavaScript loop below stays,
 *   for small solvers, and is the reference: both take the same pivots (tested).
 */

import { EngineError } from '../errors.ts';
import { allocateSimplexArrays, KERNEL_MIN_ARC_SLOTS, SIMPLEX_ARRAYS, type SimplexArrays, type SimplexKernel } from './simplex-kernel.ts';

const STATE_UPPER = -1;
const STATE_TREE = 0;
const STATE_LOWER = 1;
const DIR_UP = 1;
const DIR_DOWN = -1;

/** Outcome of a min-cost flow solve. `infeasible` is reported, never a number that would look like an optimum. */
export type McfStatus = 'optimal' | 'infeasible' | 'unbounded';

/**
 * An incremental network-simplex solver. Build it with node supplies, add arcs, call {@link NetworkSimplex.solve};
 * more arcs may be added afterwards and `solve()` resumes from the current optimal basis (new arcs enter at flow 0,
 * which keeps the basis primal feasible).
 *
 * @example
 * const ns = new NetworkSimplex(Float64Array.from([5, 0, -5]));
 * ns.addArc(0, 1, 10, 2); ns.addArc(1, 2, 10, 3); ns.addArc(0, 2, 3, 7);
 * ns.solve();        // 'optimal'
 * ns.totalCost();    // 5 * 5 = 25
 */
export class NetworkSimplex {
  readonly nodeCount: number;
  private readonly root: number;
  private arcCount: number; // including the nodeCount artificial arcs
  private source!: Int32Array;
  private target!: Int32Array;
  private cap!: Float64Array;
  private cost!: Float64Array;
  private flow!: Float64Array;
  private state!: Int8Array;
  private readonly supply: Float64Array;
  private readonly lowerShift: Float64Array; // per real arc lower bound (flows are stored shifted by it)
  private lower: Float64Array;
  private pi!: Float64Array;
  private parent!: Int32Array;
  private pred!: Int32Array;
  private thread!: Int32Array;
  private revThread!: Int32Array;
  private succNum!: Int32Array;
  private lastSucc!: Int32Array;
  private predDir!: Int8Array;
  private dirtyRevs!: Int32Array;
  // The solve loop in WebAssembly, when the arrays above live in its memory (large instances); null: the loop below.
  // Both do the same arithmetic in the same order: the same pivots.
  private kernel!: SimplexKernel | null;
  private initialised = false;
  private balanced: boolean;
  private artCost = 0;
  private maxAbsCost = 0;
  private nextArc = 0;
  /** Number of basis changes performed so far (for benchmarks and diagnostics). */
  pivots = 0;

  // pivot scratch
  private inArc = 0;
  private join = 0;
  private uIn = 0;
  private vIn = 0;
  private uOut = 0;
  private delta = 0;

  constructor(supply: ArrayLike<number>, arcCapacityHint = 16) {
    const n = supply.length;
    this.nodeCount = n;
    this.root = n;
    this.supply = new Float64Array(n + 1);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const s = supply[i] as number;
      if (!Number.isSafeInteger(s)) throw new EngineError('ENGINE_MCF_BAD_INPUT', `supply[${i}]`, 'must be a safe integer');
      this.supply[i] = s;
      sum += s;
    }
    this.balanced = sum === 0;
    const cap = Math.max(16, n + arcCapacityHint);
    this.adopt(allocateSimplexArrays(cap, n + 1));
    this.lower = new Float64Array(cap);
    this.lowerShift = this.supply.slice();
    this.arcCount = n;
  }

  /** Number of real (user) arcs added so far. */
  get realArcCount(): number {
    return this.arcCount - this.nodeCount;
  }

  private grow(min: number): void {
    let size = this.source.length;
    while (size < min) size *= 2;
    const g = <T extends Int32Array | Float64Array | Int8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    // The kernel's arrays move together (into WebAssembly memory once large enough); the tree comes along, since arcs
    // may be added after a solve.
    const a = allocateSimplexArrays(size, this.pi.length);
    for (const name of SIMPLEX_ARRAYS) a[name].set(this[name]);
    this.adopt(a);
    this.lower = g(this.lower, (k) => new Float64Array(k));
  }

  private adopt(a: SimplexArrays): void {
    ({ source: this.source, target: this.target, cap: this.cap, cost: this.cost, flow: this.flow, state: this.state } = a);
    ({ pi: this.pi, parent: this.parent, pred: this.pred, thread: this.thread, revThread: this.revThread } = a);
    ({ succNum: this.succNum, lastSucc: this.lastSucc, predDir: this.predDir, dirtyRevs: this.dirtyRevs } = a);
    this.kernel = a.kernel;
  }

  /**
   * Adds arc `from → to` with bounds `[lower, upper]` and unit cost; returns its real-arc index (0-based, in insertion
   * order). Allowed before the first solve and, with `lower = 0`, after it.
   */
  addArc(from: number, to: number, upper: number, cost: number, lower = 0): number {
    const n = this.nodeCount;
    if (!(from >= 0 && from < n && to >= 0 && to < n && Number.isInteger(from) && Number.isInteger(to))) {
      throw new EngineError('ENGINE_MCF_BAD_INPUT', `arc ${this.realArcCount}`, `endpoints must be node indices in [0, ${n})`);
    }
    if (!Number.isSafeInteger(cost)) throw new EngineError('ENGINE_MCF_BAD_INPUT', `arc ${this.realArcCount}`, 'cost must be a safe integer');
    if (!Number.isSafeInteger(upper) || !Number.isSafeInteger(lower) || lower > upper) {
      throw new EngineError('ENGINE_MCF_BAD_INPUT', `arc ${this.realArcCount}`, 'bounds must be safe integers with lower ≤ upper');
    }
    if (this.initialised && lower !== 0) {
      throw new EngineError('ENGINE_MCF_BAD_INPUT', `arc ${this.realArcCount}`, 'arcs added after a solve must have lower bound 0');
    }
    const e = this.arcCount;
    if (e >= this.source.length) this.grow(e + 1);
    this.source[e] = from;
    this.target[e] = to;
    this.cap[e] = upper - lower;
    this.lower[e] = lower;
    this.cost[e] = cost;
    this.flow[e] = 0;
    this.state[e] = STATE_LOWER;
    if (lower !== 0) {
      this.lowerShift[from] = (this.lowerShift[from] as number) - lower;
      this.lowerShift[to] = (this.lowerShift[to] as number) + lower;
    }
    const a = Math.abs(cost);
    if (a > this.maxAbsCost) this.maxAbsCost = a;
    this.arcCount = e + 1;
    return e - n;
  }

  /**
   * Adds every arc of the given arrays, grouped by source node (a stable counting sort), before the first solve: the
   * checks of {@link NetworkSimplex.addArc} for a whole instance, in two passes over typed arrays instead of a call
   * per arc (a solve's set-up runs once per process, mostly before the optimising compiler has seen it). Grouped, the
   * block search prices each block over a few sources, their potentials read almost in order, and needs about half
   * the pivots of the caller's order on random instances (10k nodes: 55,784 → 34,952; 50k: 359,830 → 173,510).
   * Checks every arc before adding any; an error names the first bad arc by its index in the arrays (`arc i`).
   * Returns the order taken: the k-th arc added is arc `order[k]` of the arrays.
   */
  addArcsBySource(source: Int32Array, target: Int32Array, upper: Float64Array, cost: Float64Array, lower: Float64Array): Int32Array {
    const n = this.nodeCount;
    if (this.initialised) throw new EngineError('ENGINE_MCF_BAD_INPUT', 'arcs', 'arcs are added in bulk only before the first solve');
    const m = source.length;
    const bad = (i: number, rule: string): never => {
      throw new EngineError('ENGINE_MCF_BAD_INPUT', `arc ${i}`, rule);
    };
    if (target.length !== m || upper.length !== m || cost.length !== m || lower.length !== m) {
      throw new EngineError('ENGINE_MCF_BAD_INPUT', 'arcs', 'every arc needs a source, a target, bounds and a cost');
    }
    // Pass 1: check each arc and count the arcs of each source.
    const slot = new Int32Array(n + 1);
    let maxAbsCost = this.maxAbsCost;
    for (let i = 0; i < m; i++) {
      const u = source[i]!, v = target[i]!;
      // Int32Array entries are integers already: only the range is checked.
      if (!(u >= 0 && u < n && v >= 0 && v < n)) bad(i, `endpoints must be node indices in [0, ${n})`);
      const c = cost[i]!, hi = upper[i]!, lo = lower[i]!;
      if (!Number.isSafeInteger(c)) bad(i, 'cost must be a safe integer');
      if (!Number.isSafeInteger(hi) || !Number.isSafeInteger(lo) || lo > hi) bad(i, 'bounds must be safe integers with lower ≤ upper');
      const a = c < 0 ? -c : c;
      if (a > maxAbsCost) maxAbsCost = a;
      slot[u + 1]!++;
    }
    for (let u = 0; u < n; u++) slot[u + 1] = slot[u + 1]! + slot[u]!;
    // Pass 2: each arc into the next slot of its source.
    const first = this.arcCount;
    if (first + m > this.source.length) this.grow(first + m);
    const { source: src, target: dst, cap, cost: cst, lower: low, state, flow, lowerShift } = this;
    const order = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      const u = source[i]!, v = target[i]!, lo = lower[i]!;
      const k = slot[u]!++;
      const e = first + k;
      order[k] = i;
      src[e] = u;
      dst[e] = v;
      cap[e] = upper[i]! - lo;
      low[e] = lo;
      cst[e] = cost[i]!;
      flow[e] = 0;
      state[e] = STATE_LOWER;
      if (lo !== 0) {
        lowerShift[u] = lowerShift[u]! - lo;
        lowerShift[v] = lowerShift[v]! + lo;
      }
    }
    this.maxAbsCost = maxAbsCost;
    this.arcCount = first + m;
    return order;
  }

  private setArtCost(): void {
    // Big-M must exceed the cost of any simple path so that flow leaves the artificial arcs whenever it can.
    this.artCost = (this.maxAbsCost + 1) * Math.max(1, this.nodeCount);
    if (this.artCost * 4 > Number.MAX_SAFE_INTEGER) {
      throw new EngineError('ENGINE_MCF_BAD_INPUT', 'cost', 'max |cost| × node count is too large for exact arithmetic');
    }
  }

  /**
   * Warm start: instead of the all-artificial basis, start the simplex from a given primal feasible flow and spanning
   * forest. Call once, after adding the arcs and before the first {@link NetworkSimplex.solve}.
   *
   * - `arcFlow[i]`: flow on real arc `i` (insertion order), within its bounds.
   * - `treeArc[u]`: the real arc joining node `u` to its parent in the forest, or −1 when `u` hangs from the
   *   artificial root (whose arc then carries `u`'s imbalance, so a partial flow is acceptable too).
   *
   * Every real arc outside the forest must be at a bound, and flow must be conserved at every node that is not
   * attached to the artificial root. For the anti-cycling guarantee of the pivot rule the forest should be *strongly
   * feasible*: a tree arc pointing from a node to its parent below its upper bound, one pointing from the parent down
   * to the node above its lower bound. Throws `ENGINE_MCF_BAD_INPUT` when the basis is not valid (discard the solver
   * then: it is left half-initialised).
   *
   * @example
   * const ns = new NetworkSimplex(Float64Array.from([5, 0, -5]));
   * ns.addArc(0, 1, 10, 2); ns.addArc(1, 2, 10, 3); ns.addArc(0, 2, 3, 7);
   * ns.warmStart([5, 5, 0], [0, 1, -1]);   // path 0 → 1 → 2 carrying 5, node 2 on the root
   * ns.solve();                             // 'optimal', cost 25, no pivot needed
   */
  warmStart(arcFlow: ArrayLike<number>, treeArc: ArrayLike<number>): void {
    const n = this.nodeCount;
    const root = this.root;
    const bad = (field: string, rule: string): never => {
      throw new EngineError('ENGINE_MCF_BAD_INPUT', field, rule);
    };
    if (this.initialised) bad('warmStart', 'must be called before the first solve');
    if (arcFlow.length !== this.arcCount - n || treeArc.length !== n) bad('warmStart', 'needs one flow per real arc and one tree arc per node');
    this.setArtCost();
    const imb = this.lowerShift.slice(0, n);
    const m = this.arcCount;
    for (let e = n; e < m; e++) {
      const f = (arcFlow[e - n] as number) - this.lower[e]!;
      if (!Number.isSafeInteger(f) || f < 0 || f > this.cap[e]!) bad(`arcFlow[${e - n}]`, 'must be an integer within the arc bounds');
      this.flow[e] = f;
      this.state[e] = f === 0 ? STATE_LOWER : f === this.cap[e] ? STATE_UPPER : 2;
      imb[this.source[e]!] = imb[this.source[e]!]! - f;
      imb[this.target[e]!] = imb[this.target[e]!]! + f;
    }
    const { parent, pred, predDir, state, source, target } = this;
    for (let u = 0; u < n; u++) {
      const a = treeArc[u] as number;
      if (a >= 0) {
        const e = a + n;
        if (!Number.isInteger(a) || e >= m || (source[e] !== u && target[e] !== u)) bad(`treeArc[${u}]`, 'must be a real arc incident to the node');
        if (state[e] === STATE_TREE) bad(`treeArc[${u}]`, 'arc is already the tree arc of another node');
        state[e] = STATE_TREE;
        pred[u] = e;
        predDir[u] = source[e] === u ? DIR_UP : DIR_DOWN;
        parent[u] = source[e] === u ? target[e]! : source[e]!;
      } else {
        parent[u] = root;
        pred[u] = u;
      }
    }
    for (let e = n; e < m; e++) if (state[e] === 2) bad(`arcFlow[${e - n}]`, 'an arc strictly between its bounds must be a tree arc');
    // Not on the root: the node's own artificial arc stays out of the basis, so the node must balance by itself.
    for (let u = 0; u < n; u++) {
      if ((treeArc[u] as number) >= 0 && imb[u] !== 0) bad(`node ${u}`, 'flow is not conserved at a node that is not attached to the root');
    }
    // Artificial arcs: a tree arc for root-attached nodes (carrying the imbalance), otherwise out of the basis at 0.
    for (let u = 0; u < n; u++) {
      const s = imb[u]!;
      this.cap[u] = Infinity;
      if (parent[u] !== root || s >= 0) {
        this.source[u] = u;
        this.target[u] = root;
        this.cost[u] = 0;
        this.flow[u] = parent[u] === root ? s : 0;
        if (parent[u] === root) predDir[u] = DIR_UP;
      } else {
        this.source[u] = root;
        this.target[u] = u;
        this.cost[u] = this.artCost;
        this.flow[u] = -s;
        predDir[u] = DIR_DOWN;
      }
      state[u] = parent[u] === root ? STATE_TREE : STATE_LOWER;
    }
    // Thread (preorder), subtree sizes, last successors and potentials by an iterative DFS from the root.
    const childStart = new Int32Array(n + 2);
    for (let u = 0; u < n; u++) childStart[parent[u]! + 1]!++;
    for (let v = 0; v <= n; v++) childStart[v + 1] = childStart[v + 1]! + childStart[v]!;
    const fill = childStart.slice(0, n + 1);
    const children = new Int32Array(n);
    for (let u = 0; u < n; u++) children[fill[parent[u]!]!++] = u;
    const order = new Int32Array(n + 1);
    const stack = new Int32Array(n + 1);
    let top = 0, cnt = 0;
    stack[top++] = root;
    const { pi, cost } = this;
    pi[root] = 0;
    while (top > 0) {
      const v = stack[--top]!;
      order[cnt++] = v;
      if (v !== root) {
        const e = pred[v]!;
        pi[v] = predDir[v] === DIR_UP ? pi[parent[v]!]! - cost[e]! : pi[parent[v]!]! + cost[e]!;
      }
      for (let k = childStart[v + 1]! - 1; k >= childStart[v]!; k--) stack[top++] = children[k]!;
    }
    if (cnt !== n + 1) bad('treeArc', 'the tree arcs contain a cycle (not a spanning forest)');
    parent[root] = -1;
    pred[root] = -1;
    const { thread, revThread, succNum, lastSucc } = this;
    for (let k = 0; k <= n; k++) {
      const v = order[k]!;
      const w = order[k === n ? 0 : k + 1]!;
      thread[v] = w;
      revThread[w] = v;
      succNum[v] = 1;
    }
    for (let k = n; k > 0; k--) {
      const v = order[k]!;
      succNum[parent[v]!] = succNum[parent[v]!]! + succNum[v]!;
    }
    const pos = new Int32Array(n + 1);
    for (let k = 0; k <= n; k++) pos[order[k]!] = k;
    for (let v = 0; v <= n; v++) lastSucc[v] = order[pos[v]! + succNum[v]! - 1]!;
    this.nextArc = n;
    this.initialised = true;
  }

  private init(): void {
    const n = this.nodeCount;
    const root = this.root;
    this.setArtCost();
    this.parent[root] = -1;
    this.pred[root] = -1;
    this.thread[root] = 0;
    this.revThread[0] = root;
    this.succNum[root] = n + 1;
    this.lastSucc[root] = root - 1;
    this.pi[root] = 0;
    if (n === 0) {
      this.thread[root] = root;
      this.revThread[root] = root;
      this.lastSucc[root] = root;
    }
    for (let u = 0; u < n; u++) {
      const e = u;
      this.parent[u] = root;
      this.pred[u] = e;
      this.thread[u] = u + 1;
      this.revThread[u + 1] = u;
      this.succNum[u] = 1;
      this.lastSucc[u] = u;
      this.cap[e] = Infinity;
      this.state[e] = STATE_TREE;
      const s = this.lowerShift[u] as number;
      if (s >= 0) {
        this.predDir[u] = DIR_UP;
        this.pi[u] = 0;
        this.source[e] = u;
        this.target[e] = root;
        this.flow[e] = s;
        this.cost[e] = 0;
      } else {
        this.predDir[u] = DIR_DOWN;
        this.pi[u] = this.artCost;
        this.source[e] = root;
        this.target[e] = u;
        this.flow[e] = -s;
        this.cost[e] = this.artCost;
      }
    }
    if (n > 0) this.thread[n - 1] = root;
    if (n > 0) this.revThread[root] = n - 1;
    this.nextArc = n;
    this.initialised = true;
  }

  // LEMON's block-search rule: scan arcs cyclically in blocks of √m and pivot on the most negative reduced cost of the
  // first block that has one. Cheap per pivot and, on transportation problems, far fewer pivots than first-eligible.
  private findEnteringArc(): boolean {
    const start = this.nodeCount;
    const end = this.arcCount;
    const m = end - start;
    if (m <= 0) return false;
    const block = blockSize(m);
    const { state, cost, pi, source, target } = this;
    // Each run of arcs — to the end of the block or of the arc list, whichever comes first — is priced by the same
    // inner loop, with no per-arc block counter or wrap-around test (LEMON writes the wrap as a second loop, which the
    // optimising compiler met only late and deoptimised on). The block's bookkeeping runs once per run.
    let e = this.nextArc < start || this.nextArc >= end ? start : this.nextArc;
    let min = 0;
    let best = -1;
    let left = m;
    let inBlock = 0;
    let last = e;
    while (left > 0) {
      let stop = e + Math.min(block - inBlock, left);
      if (stop > end) stop = end;
      const run = stop - e;
      for (; e < stop; e++) {
        const c = state[e]! * (cost[e]! + pi[source[e]!]! - pi[target[e]!]!);
        if (c < min) {
          min = c;
          best = e;
        }
      }
      left -= run;
      inBlock += run;
      // As in LEMON, the next search starts at the last arc this one priced.
      last = e - 1;
      if (e === end) e = start;
      if (inBlock === block) {
        if (min < 0) break;
        inBlock = 0;
      }
    }
    if (min >= 0) return false;
    this.inArc = best;
    this.nextArc = last;
    return true;
  }

  private findJoinNode(): void {
    let u = this.source[this.inArc]!;
    let v = this.target[this.inArc]!;
    const { succNum, parent } = this;
    while (u !== v) {
      if (succNum[u]! < succNum[v]!) u = parent[u]!;
      else v = parent[v]!;
    }
    this.join = u;
  }

  private findLeavingArc(): boolean {
    const inArc = this.inArc;
    let first: number, second: number;
    if (this.state[inArc] === STATE_LOWER) {
      first = this.source[inArc]!;
      second = this.target[inArc]!;
    } else {
      first = this.target[inArc]!;
      second = this.source[inArc]!;
    }
    const { parent, pred, flow, cap, predDir } = this;
    const join = this.join;
    let delta = cap[inArc]!;
    let result = 0;
    for (let u = first; u !== join; u = parent[u]!) {
      const e = pred[u]!;
      let d = flow[e]!;
      if (predDir[u] === DIR_DOWN) d = cap[e]! - d;
      if (d < delta) {
        delta = d;
        this.uOut = u;
        result = 1;
      }
    }
    for (let u = second; u !== join; u = parent[u]!) {
      const e = pred[u]!;
      let d = flow[e]!;
      if (predDir[u] === DIR_UP) d = cap[e]! - d;
      if (d <= delta) {
        delta = d;
        this.uOut = u;
        result = 2;
      }
    }
    this.delta = delta;
    if (result === 1) {
      this.uIn = first;
      this.vIn = second;
    } else {
      this.uIn = second;
      this.vIn = first;
    }
    return result !== 0;
  }

  private changeFlow(change: boolean): void {
    const inArc = this.inArc;
    const { flow, pred, parent, predDir, state } = this;
    const join = this.join;
    if (this.delta > 0) {
      const val = state[inArc]! * this.delta;
      flow[inArc] = flow[inArc]! + val;
      for (let u = this.source[inArc]!; u !== join; u = parent[u]!) {
        const e = pred[u]!;
        flow[e] = flow[e]! - predDir[u]! * val;
      }
      for (let u = this.target[inArc]!; u !== join; u = parent[u]!) {
        const e = pred[u]!;
        flow[e] = flow[e]! + predDir[u]! * val;
      }
    }
    // One store for both outcomes: a bound flip without a basis change (the entering arc saturates first) happens only
    // on capacitated arcs, e.g. in a what-if's resumed solve and never in the solve before it, and a branch of its own
    // had no type feedback there, so the first flip threw the whole compiled solve loop back to the interpreter.
    const flipped = -state[inArc]!;
    state[inArc] = change ? STATE_TREE : flipped;
    if (change) {
      const out = pred[this.uOut]!;
      state[out] = flow[out] === 0 ? STATE_LOWER : STATE_UPPER;
    }
  }

  // Verbatim structure of LEMON's updateTreeStructure(); see the file header for the source.
  private updateTreeStructure(): void {
    const { parent, pred, thread, revThread, succNum, lastSucc, predDir, source, dirtyRevs } = this;
    const uIn = this.uIn;
    const vIn = this.vIn;
    const uOut = this.uOut;
    const join = this.join;
    const inArc = this.inArc;
    const oldRevThread = revThread[uOut]!;
    const oldSuccNum = succNum[uOut]!;
    const oldLastSucc = lastSucc[uOut]!;
    const vOut = parent[uOut]!;

    if (uIn === uOut) {
      parent[uIn] = vIn;
      pred[uIn] = inArc;
      predDir[uIn] = uIn === source[inArc] ? DIR_UP : DIR_DOWN;
      if (thread[vIn] !== uOut) {
        let after = thread[oldLastSucc]!;
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
        after = thread[vIn]!;
        thread[vIn] = uOut;
        revThread[uOut] = vIn;
        thread[oldLastSucc] = after;
        revThread[after] = oldLastSucc;
      }
    } else {
      const threadContinue = oldRevThread === vIn ? thread[oldLastSucc]! : thread[vIn]!;
      let stem = uIn;
      let parStem = vIn;
      let nextStem: number;
      let last = lastSucc[uIn]!;
      let before: number;
      let after = thread[last]!;
      thread[vIn] = uIn;
      let nDirty = 0;
      dirtyRevs[nDirty++] = vIn;
      while (stem !== uOut) {
        nextStem = parent[stem]!;
        thread[last] = nextStem;
        dirtyRevs[nDirty++] = last;
        before = revThread[stem]!;
        thread[before] = after;
        revThread[after] = before;
        parent[stem] = parStem;
        parStem = stem;
        stem = nextStem;
        last = lastSucc[stem] === lastSucc[parStem] ? revThread[parStem]! : lastSucc[stem]!;
        after = thread[last]!;
      }
      parent[uOut] = parStem;
      thread[last] = threadContinue;
      revThread[threadContinue] = last;
      lastSucc[uOut] = last;
      if (oldRevThread !== vIn) {
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
      }
      for (let i = 0; i < nDirty; i++) {
        const u = dirtyRevs[i]!;
        revThread[thread[u]!] = u;
      }
      let tmpSc = 0;
      const tmpLs = lastSucc[uOut]!;
      for (let u = uOut, p = parent[u]!; u !== uIn; u = p, p = parent[u]!) {
        pred[u] = pred[p]!;
        predDir[u] = -predDir[p]!;
        tmpSc += succNum[u]! - succNum[p]!;
        succNum[u] = tmpSc;
        lastSucc[p] = tmpLs;
      }
      pred[uIn] = inArc;
      predDir[uIn] = uIn === source[inArc] ? DIR_UP : DIR_DOWN;
      succNum[uIn] = oldSuccNum;
    }

    const upLimitOut = lastSucc[join] === vIn ? join : -1;
    const lastSuccOut = lastSucc[uOut]!;
    for (let u = vIn; u !== -1 && lastSucc[u] === vIn; u = parent[u]!) lastSucc[u] = lastSuccOut;
    if (join !== oldRevThread && vIn !== oldRevThread) {
      for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]!) lastSucc[u] = oldRevThread;
    } else if (lastSuccOut !== oldLastSucc) {
      for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]!) lastSucc[u] = lastSuccOut;
    }
    for (let u = vIn; u !== join; u = parent[u]!) succNum[u] = succNum[u]! + oldSuccNum;
    for (let u = vOut; u !== join; u = parent[u]!) succNum[u] = succNum[u]! - oldSuccNum;
  }

  private updatePotential(): void {
    const { pi, thread } = this;
    const uIn = this.uIn;
    const sigma = pi[this.vIn]! - pi[uIn]! - this.predDir[uIn]! * this.cost[this.inArc]!;
    const end = thread[this.lastSucc[uIn]!]!;
    // Potentials matter only up to a common constant, so shifting the complement by −σ is as good as shifting the
    // moved subtree by +σ; take the smaller side (transportation trees hang large subtrees off the sink).
    if (2 * this.succNum[uIn]! <= this.nodeCount + 1) {
      for (let u = uIn; u !== end; u = thread[u]!) pi[u] = pi[u]! + sigma;
    } else {
      for (let u = end; u !== uIn; u = thread[u]!) pi[u] = pi[u]! - sigma;
    }
  }

  /**
   * Changes the upper bound of real arc `i` (lower bound 0) after a solve, keeping the current basis primal feasible
   * so that the next {@link NetworkSimplex.solve} resumes from it instead of starting over (a what-if re-solve).
   * Flow the new bound no longer allows, or flow a nonbasic arc at its old upper bound can no longer sit at, is moved
   * onto a new big-M arc parallel to the changed one (a tree arc hands its place in the tree to it, potentials below
   * it shifted by the cost difference): the basis stays a valid spanning tree and the new arc is priced out like the
   * artificial root's. Returns that new arc's real index, or −1 when none was needed; its flow is 0 at the optimum
   * whenever the changed problem is feasible — the caller checks it, never assumes it.
   *
   * @example
   * ns.solve();
   * const art = ns.setArcUpper(k, 0);          // close arc k
   * ns.solve();                                 // resumes from the old tree
   * if (art >= 0 && ns.arcFlow(art) !== 0) …    // infeasible without the removed room
   */
  setArcUpper(i: number, upper: number): number {
    const n = this.nodeCount;
    const e = i + n;
    if (!(Number.isInteger(i) && i >= 0 && e < this.arcCount)) throw new EngineError('ENGINE_MCF_BAD_INPUT', 'arc', `must be a real arc index below ${this.realArcCount}`);
    if (!Number.isSafeInteger(upper) || upper < 0 || this.lower[e] !== 0) {
      throw new EngineError('ENGINE_MCF_BAD_INPUT', `arc ${i}`, 'new upper bound must be a non-negative safe integer on an arc with lower bound 0');
    }
    if (!this.initialised) {
      this.cap[e] = upper;
      return -1;
    }
    const f = this.flow[e]!;
    const st = this.state[e]!;
    if (st === STATE_LOWER || (st === STATE_TREE && f < upper) || (st === STATE_UPPER && f === upper)) {
      this.cap[e] = upper;
      return -1;
    }
    const M = this.artCost;
    const from = this.source[e]!, to = this.target[e]!;
    // The big-M arc first: adding it may reallocate the arc arrays, so they are read after it.
    const a = (st === STATE_UPPER && upper > f ? this.addArc(to, from, upper - f, M) : this.addArc(from, to, st === STATE_UPPER ? f - upper : Number.MAX_SAFE_INTEGER, M)) + n;
    const { state, flow, cap } = this;
    if (st === STATE_UPPER && upper > f) {
      // Raised bound of a saturated arc: it stays at its (new) upper bound; a reversed big-M arc at its upper bound
      // takes the extra flow back, so every node stays balanced.
      cap[e] = upper;
      flow[e] = upper;
      flow[a] = upper - f;
      state[a] = STATE_UPPER;
      return a - n;
    }
    if (st === STATE_UPPER) {
      // Lowered bound of a saturated arc: the flow above it moves to a parallel big-M arc at its upper bound.
      cap[e] = upper;
      flow[e] = upper;
      if (upper === 0) state[e] = STATE_LOWER;
      flow[a] = f - upper;
      state[a] = STATE_UPPER;
      return a - n;
    }
    // A tree arc whose flow reaches the new bound: a parallel big-M arc (uncapacitated, so the tree stays strongly
    // feasible) replaces it in the tree, carrying the flow above the bound; the arc itself leaves the tree saturated.
    const { pred, predDir, pi, thread, lastSucc } = this;
    const u = pred[from] === e ? from : to;
    pred[u] = a;
    state[a] = STATE_TREE;
    flow[a] = f - upper;
    cap[e] = upper;
    flow[e] = upper;
    state[e] = upper === 0 ? STATE_LOWER : STATE_UPPER;
    const shift = -predDir[u]! * (M - this.cost[e]!);
    const end = thread[lastSucc[u]!]!;
    for (let v = u; v !== end; v = thread[v]!) pi[v] = pi[v]! + shift;
    return a - n;
  }

  /**
   * Runs (or resumes) the simplex until no arc has a negative reduced cost. Returns `infeasible` when flow is left on
   * an artificial arc (supplies cannot be routed) or when supplies are unbalanced.
   */
  solve(): McfStatus {
    if (!this.balanced) return 'infeasible';
    if (!primed) primeOnce();
    if (!this.initialised) this.init();
    const kernel = this.kernel;
    if (kernel !== null) {
      const unbounded = kernel.run(this.nodeCount, this.arcCount, blockSize(this.arcCount - this.nodeCount), this.nextArc, this.nodeCount);
      this.pivots += kernel.pivotsMade;
      this.nextArc = kernel.nextArc;
      if (unbounded) return 'unbounded';
    } else {
      while (this.findEnteringArc()) {
        this.findJoinNode();
        const change = this.findLeavingArc();
        if (this.delta === Infinity) return 'unbounded';
        this.changeFlow(change);
        if (change) {
          this.updateTreeStructure();
          this.updatePotential();
        }
        this.pivots++;
      }
    }
    for (let e = 0; e < this.nodeCount; e++) if (this.flow[e] !== 0) return 'infeasible';
    return 'optimal';
  }

  /** Flow on real arc `i` (in insertion order), including its lower bound. */
  arcFlow(i: number): number {
    const e = i + this.nodeCount;
    return this.flow[e]! + this.lower[e]!;
  }

  /** Flows of all real arcs as a new array, in insertion order. */
  flows(): Float64Array {
    const n = this.nodeCount;
    const out = new Float64Array(this.arcCount - n);
    for (let e = n; e < this.arcCount; e++) out[e - n] = this.flow[e]! + this.lower[e]!;
    return out;
  }

  /**
   * Node potentials π (LEMON's sign convention): the reduced cost of arc uv is `cost + π[u] − π[v]`; at an optimum it
   * is ≥ 0 on arcs at their lower bound, ≤ 0 at their upper bound and 0 strictly between. Shifted so that min π = 0.
   */
  potentials(): Float64Array {
    const n = this.nodeCount;
    const out = this.pi.slice(0, n);
    let min = Infinity;
    for (let i = 0; i < n; i++) if (out[i]! < min) min = out[i]!;
    if (n > 0 && min !== 0) for (let i = 0; i < n; i++) out[i] = out[i]! - min;
    return out;
  }

  /** Raw potential of node `u` (no shift); reduced costs computed from these are what the simplex sees. */
  potential(u: number): number {
    return this.pi[u]!;
  }

  /** The raw potentials of every node (no shift), copied into `out` (length ≥ nodeCount). */
  rawPotentialsInto(out: Float64Array): void {
    out.set(this.pi.subarray(0, this.nodeCount));
  }

  /** Σ cost × flow over real arcs. */
  totalCost(): number {
    let c = 0;
    for (let e = this.nodeCount; e < this.arcCount; e++) c += this.cost[e]! * (this.flow[e]! + this.lower[e]!);
    return c;
  }
}

/** The block search's block: √m arcs, at least 10 (LEMON's rule). */
const blockSize = (m: number): number => Math.max(10, Math.floor(Math.sqrt(m)));

let primed = false;

/**
 * Once per process, before the first real solve: a few tiny random instances through every step of the simplex. V8
 * compiles a hot loop as soon as it is hot, with the type feedback it has by then; the first large solve used to
 * reach, after compilation, branches it had not taken yet (a bound flip, the other side of a tree update), and each
 * threw the compiled code back to the interpreter to be compiled again (`node --trace-deopt`: several times per
 * solve; none now). Measured alone, 12 alternating fresh processes each (10,000 nodes / 100,000 arcs, the ~5 ms of
 * priming included): median 230 → 220 ms. The answers are discarded; only the code's type feedback stays.
 */
function primeOnce(): void {
  primed = true;
  let seed = 0x2545f491;
  const next = (k: number) => {
    // xorshift32: any cheap deterministic sequence does; the instances only have to take every branch.
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % k;
  };
  for (let round = 0; round < 4; round++) {
    const n = 40;
    const m = 300;
    const supply = new Float64Array(n);
    for (let i = 0; i < 5; i++) {
      supply[i] = 40;
      supply[n - 1 - i] = -40;
    }
    const source = new Int32Array(m), target = new Int32Array(m);
    const upper = new Float64Array(m), cost = new Float64Array(m), lower = new Float64Array(m);
    for (let e = 0; e < m; e++) {
      // A backbone path keeps the instance feasible; the other arcs are random, capacitated and some with a lower bound.
      const path = e < n - 1;
      source[e] = path ? e : next(n);
      target[e] = path ? e + 1 : next(n);
      if (source[e] === target[e]) target[e] = (target[e]! + 1) % n;
      upper[e] = path ? 200 : 1 + next(50);
      cost[e] = path ? 1000 : next(1000);
      lower[e] = !path && next(10) === 0 ? 1 : 0;
    }
    // Three rounds through the JavaScript loop (small instances), the last with room for enough arcs to solve in
    // WebAssembly as large instances do (solve's other branch, and the module compiled before a timed solve).
    const ns = new NetworkSimplex(supply, round < 3 ? m : KERNEL_MIN_ARC_SLOTS);
    ns.addArcsBySource(source, target, upper, cost, lower);
    ns.solve();
    ns.flows();
    ns.potentials();
    ns.totalCost();
  }
}
