/**
 * The block search's inner loop in WebAssembly, with the arrays it reads. In V8 a loop over typed arrays reached
 * through `this` reloads each array's data pointer and length on every access; on the 10k random instance that made
 * pricing 7–8 ns per arc, about half of a solve. The same loop in WebAssembly reads the arrays at fixed offsets of
 * one linear memory: 2–4 ns per arc. The solver keeps using the arrays as typed arrays — views into that memory.
 */
import { PRICING_WASM } from './pricing-wasm.ts';

/**
 * Below this many arc slots the arrays are plain typed arrays and the solver prices in JavaScript: a solve that small
 * gains little, and each WebAssembly memory reserves gigabytes of address space until it is collected (allocation
 * builds many small solvers).
 */
export const KERNEL_MIN_ARC_SLOTS = 1 << 15;

let compiled: WebAssembly.Module | null | undefined;

function pricingModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Buffer.from(PRICING_WASM, 'base64'));
    } catch {
      compiled = null; // no WebAssembly here: price in JavaScript
    }
  }
  return compiled;
}

type PriceFn = (from: number, to: number, min: number, st: number, co: number, pi: number, so: number, ta: number) => number;

/** Prices a run of arcs of the arrays it was made with. */
export class PricingKernel {
  constructor(
    private readonly fn: PriceFn,
    private readonly lowest: WebAssembly.Global,
    private readonly st: number,
    private readonly co: number,
    private readonly pi: number,
    private readonly so: number,
    private readonly ta: number,
  ) {}

  /**
   * The arc in `[from, to)` with the lowest reduced cost `state·(cost + π[source] − π[target])` below `min`, or -1;
   * that cost is then {@link PricingKernel.min}.
   */
  price(from: number, to: number, min: number): number {
    return this.fn(from, to, min, this.st, this.co, this.pi, this.so, this.ta);
  }

  /** The lowest reduced cost the last {@link PricingKernel.price} saw (its `min` when no arc was lower). */
  get min(): number {
    return this.lowest.value as number;
  }
}

/** The arrays the block search reads, and the kernel that prices them (null: price in JavaScript). */
export interface PricedArrays {
  source: Int32Array;
  target: Int32Array;
  cost: Float64Array;
  state: Int8Array;
  pi: Float64Array;
  kernel: PricingKernel | null;
}

/** Zeroed arrays for `arcSlots` arcs and `nodeSlots` potentials, in WebAssembly memory when large enough. */
export function allocatePricedArrays(arcSlots: number, nodeSlots: number): PricedArrays {
  const module = arcSlots >= KERNEL_MIN_ARC_SLOTS ? pricingModule() : null;
  if (module !== null) {
    // f64 arrays first, so every array is aligned to its element size.
    const co = 0;
    const pi = co + 8 * arcSlots;
    const so = pi + 8 * nodeSlots;
    const ta = so + 4 * arcSlots;
    const st = ta + 4 * arcSlots;
    const bytes = st + arcSlots;
    try {
      const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65_536) });
      const instance = new WebAssembly.Instance(module, { env: { memory } });
      const { price, min } = instance.exports as { price: PriceFn; min: WebAssembly.Global };
      const b = memory.buffer;
      return {
        cost: new Float64Array(b, co, arcSlots),
        pi: new Float64Array(b, pi, nodeSlots),
        source: new Int32Array(b, so, arcSlots),
        target: new Int32Array(b, ta, arcSlots),
        state: new Int8Array(b, st, arcSlots),
        kernel: new PricingKernel(price, min, st, co, pi, so, ta),
      };
    } catch (e) {
      // Out of address space or beyond 4 GiB: the plain arrays below work at any size the heap allows.
      if (!(e instanceof RangeError)) throw e;
    }
  }
  return {
    source: new Int32Array(arcSlots),
    target: new Int32Array(arcSlots),
    cost: new Float64Array(arcSlots),
    state: new Int8Array(arcSlots),
    pi: new Float64Array(nodeSlots),
    kernel: null,
  };
}
