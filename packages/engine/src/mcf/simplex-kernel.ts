/**
 * The network simplex's hot loops in WebAssembly (simplex.wat), with the arrays they read. In V8 a loop over typed
 * arrays reached through `this` reloads each array's data pointer and length on every access; on the 10k random
 * instance that made pricing alone 7–8 ns per arc, about half of a solve. The same loops in WebAssembly read the
 * arrays at fixed offsets of one linear memory. The solver keeps using the arrays as typed arrays — views into that
 * memory — for everything else.
 */
import { SIMPLEX_WASM } from './simplex-wasm.ts';

/**
 * Below this many arc slots the arrays are plain typed arrays and the solver runs its JavaScript loops: a solve that
 * small gains little, and each WebAssembly memory reserves gigabytes of address space until it is collected
 * (allocation builds many small solvers).
 */
export const KERNEL_MIN_ARC_SLOTS = 1 << 15;

// The part of the WebAssembly JavaScript API used here, typed locally: TypeScript declares the API only in its DOM
// libraries, which the engine does not load (it runs in Node and its worker threads, never in a page).
interface WasmGlobal {
  value: unknown;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> };
}
const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object | null | undefined;

function simplexModule(): object | null {
  if (compiled === undefined) {
    try {
      compiled = wasm ? new wasm.Module(Buffer.from(SIMPLEX_WASM, 'base64')) : null;
    } catch {
      compiled = null; // the JavaScript loop then
    }
  }
  return compiled;
}

interface KernelExports {
  run(start: number, end: number, block: number, next: number, nodeCount: number): number;
  price(from: number, to: number, min: number): number;
  min: WasmGlobal;
  pivots: WasmGlobal;
  nextArc: WasmGlobal;
}

/** The solve loop in WebAssembly, on the arrays it was made with. */
export class SimplexKernel {
  private readonly out: KernelExports;

  constructor(out: KernelExports) {
    this.out = out;
  }

  /**
   * Pivots until no arc in `[start, end)` has a negative reduced cost (false) or a cycle has unbounded room (true),
   * pricing in blocks of `block` arcs from arc `next`, as NetworkSimplex's own loop does; then {@link pivotsMade} and
   * {@link nextArc}.
   */
  run(start: number, end: number, block: number, next: number, nodeCount: number): boolean {
    return this.out.run(start, end, block, next, nodeCount) !== 0;
  }

  get pivotsMade(): number {
    return this.out.pivots.value as number;
  }

  get nextArc(): number {
    return this.out.nextArc.value as number;
  }

  /** One run of the block search: the arc in `[from, to)` with the lowest reduced cost below `min`, or -1; that cost is then {@link lowest}. */
  price(from: number, to: number, min: number): number {
    return this.out.price(from, to, min);
  }

  get lowest(): number {
    return this.out.min.value as number;
  }
}

/** The solver's arrays, and the kernel that solves on them (null: the JavaScript loop). */
export interface SimplexArrays {
  cost: Float64Array;
  flow: Float64Array;
  cap: Float64Array;
  source: Int32Array;
  target: Int32Array;
  state: Int8Array;
  pi: Float64Array;
  parent: Int32Array;
  pred: Int32Array;
  thread: Int32Array;
  succNum: Int32Array;
  revThread: Int32Array;
  lastSucc: Int32Array;
  predDir: Int8Array;
  /** Scratch of `nodeSlots + 1` entries for the tree update. */
  dirtyRevs: Int32Array;
  kernel: SimplexKernel | null;
}

type ArrayName = Exclude<keyof SimplexArrays, 'kernel'>;
type Layout = Record<ArrayName, number>;

/** Every array of {@link SimplexArrays}, for copying them all when the solver grows. */
export const SIMPLEX_ARRAYS: readonly ArrayName[] = ['cost', 'flow', 'cap', 'source', 'target', 'state', 'pi', 'parent', 'pred', 'thread', 'succNum', 'revThread', 'lastSucc', 'predDir', 'dirtyRevs'];

/** Zeroed arrays for `arcSlots` arcs and `nodeSlots` nodes, in WebAssembly memory when large enough. */
export function allocateSimplexArrays(arcSlots: number, nodeSlots: number): SimplexArrays {
  const module = arcSlots >= KERNEL_MIN_ARC_SLOTS ? simplexModule() : null;
  if (module !== null) {
    // Widest elements first, so every array is aligned to its element size.
    let at = 0;
    const take = (bytes: number): number => {
      const start = at;
      at += bytes;
      return start;
    };
    const layout: Layout = {
      cost: take(8 * arcSlots),
      flow: take(8 * arcSlots),
      cap: take(8 * arcSlots),
      pi: take(8 * nodeSlots),
      source: take(4 * arcSlots),
      target: take(4 * arcSlots),
      parent: take(4 * nodeSlots),
      pred: take(4 * nodeSlots),
      thread: take(4 * nodeSlots),
      succNum: take(4 * nodeSlots),
      revThread: take(4 * nodeSlots),
      lastSucc: take(4 * nodeSlots),
      dirtyRevs: take(4 * (nodeSlots + 1)),
      state: take(arcSlots),
      predDir: take(nodeSlots),
    };
    try {
      const memory = new wasm!.Memory({ initial: Math.ceil(at / 65_536) });
      const instance = new wasm!.Instance(module, { env: { memory }, layout });
      const b = memory.buffer;
      return {
        cost: new Float64Array(b, layout.cost, arcSlots),
        flow: new Float64Array(b, layout.flow, arcSlots),
        cap: new Float64Array(b, layout.cap, arcSlots),
        pi: new Float64Array(b, layout.pi, nodeSlots),
        source: new Int32Array(b, layout.source, arcSlots),
        target: new Int32Array(b, layout.target, arcSlots),
        parent: new Int32Array(b, layout.parent, nodeSlots),
        pred: new Int32Array(b, layout.pred, nodeSlots),
        thread: new Int32Array(b, layout.thread, nodeSlots),
        succNum: new Int32Array(b, layout.succNum, nodeSlots),
        revThread: new Int32Array(b, layout.revThread, nodeSlots),
        lastSucc: new Int32Array(b, layout.lastSucc, nodeSlots),
        dirtyRevs: new Int32Array(b, layout.dirtyRevs, nodeSlots + 1),
        state: new Int8Array(b, layout.state, arcSlots),
        predDir: new Int8Array(b, layout.predDir, nodeSlots),
        kernel: new SimplexKernel(instance.exports as unknown as KernelExports),
      };
    } catch (e) {
      // Out of address space or beyond 4 GiB: the plain arrays below work at any size the heap allows.
      if (!(e instanceof RangeError)) throw e;
    }
  }
  return {
    cost: new Float64Array(arcSlots),
    flow: new Float64Array(arcSlots),
    cap: new Float64Array(arcSlots),
    source: new Int32Array(arcSlots),
    target: new Int32Array(arcSlots),
    state: new Int8Array(arcSlots),
    pi: new Float64Array(nodeSlots),
    parent: new Int32Array(nodeSlots),
    pred: new Int32Array(nodeSlots),
    thread: new Int32Array(nodeSlots),
    succNum: new Int32Array(nodeSlots),
    revThread: new Int32Array(nodeSlots),
    lastSucc: new Int32Array(nodeSlots),
    dirtyRevs: new Int32Array(nodeSlots + 1),
    predDir: new Int8Array(nodeSlots),
    kernel: null,
  };
}
