/**
 * The network simplex's solve loop in WebAssembly (simplex.wat), with the arrays it works on. In V8 a loop over typed
 * arrays reached through `this` reloads each array's data pointer and length on every access; on the 10k random
 * instance that made pricing alone 7–8 ns per arc, about half of a solve. WebAssembly reads the arrays at fixed
 * offsets of one linear memory. The solver keeps using the arrays as typed arrays — views into that memory — for
 * everything else (adding arcs, warm starts, reading the answer).
 */
import { SIMPLEX_WASM } from './simplex-wasm.ts';

/**
 * Below this many arc slots the arrays are plain typed arrays and the solver runs its JavaScript loop: a solve that
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
type ArrayKind = Float64ArrayConstructor | Int32ArrayConstructor | Int8ArrayConstructor;

/**
 * Each array of {@link SimplexArrays}: its element type and whether it has an entry per arc slot, per node slot, or
 * one more (the scratch). Widest elements first, so that laid out in this order every array is aligned to its
 * element size.
 */
const ARRAYS: ReadonlyArray<readonly [ArrayName, ArrayKind, 'arc' | 'node' | 'node+1']> = [
  ['cost', Float64Array, 'arc'],
  ['flow', Float64Array, 'arc'],
  ['cap', Float64Array, 'arc'],
  ['pi', Float64Array, 'node'],
  ['source', Int32Array, 'arc'],
  ['target', Int32Array, 'arc'],
  ['parent', Int32Array, 'node'],
  ['pred', Int32Array, 'node'],
  ['thread', Int32Array, 'node'],
  ['succNum', Int32Array, 'node'],
  ['revThread', Int32Array, 'node'],
  ['lastSucc', Int32Array, 'node'],
  ['dirtyRevs', Int32Array, 'node+1'],
  ['state', Int8Array, 'arc'],
  ['predDir', Int8Array, 'node'],
];

/** Every array of {@link SimplexArrays}, for copying them all when the solver grows. */
export const SIMPLEX_ARRAYS: readonly ArrayName[] = ARRAYS.map(([name]) => name);

/** Zeroed arrays for `arcSlots` arcs and `nodeSlots` nodes, in WebAssembly memory when large enough. */
export function allocateSimplexArrays(arcSlots: number, nodeSlots: number): SimplexArrays {
  const length = (per: 'arc' | 'node' | 'node+1'): number => (per === 'arc' ? arcSlots : per === 'node' ? nodeSlots : nodeSlots + 1);
  const module = arcSlots >= KERNEL_MIN_ARC_SLOTS ? simplexModule() : null;
  if (module !== null) {
    // Byte offsets in the kernel's memory, which the kernel imports as its layout.
    const layout = {} as Record<ArrayName, number>;
    let bytes = 0;
    for (const [name, Kind, per] of ARRAYS) {
      layout[name] = bytes;
      bytes += Kind.BYTES_PER_ELEMENT * length(per);
    }
    try {
      const memory = new wasm!.Memory({ initial: Math.ceil(bytes / 65_536) });
      const instance = new wasm!.Instance(module, { env: { memory }, layout });
      const arrays = { kernel: new SimplexKernel(instance.exports as unknown as KernelExports) } as Record<string, unknown>;
      for (const [name, Kind, per] of ARRAYS) arrays[name] = new Kind(memory.buffer, layout[name], length(per));
      return arrays as unknown as SimplexArrays;
    } catch (e) {
      // Out of address space or beyond 4 GiB: the plain arrays below work at any size the heap allows.
      if (!(e instanceof RangeError)) throw e;
    }
  }
  const arrays = { kernel: null } as Record<string, unknown>;
  for (const [name, Kind, per] of ARRAYS) arrays[name] = new Kind(length(per));
  return arrays as unknown as SimplexArrays;
}
