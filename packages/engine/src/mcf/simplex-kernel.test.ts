import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleSimplexWat, simplexWasmSource } from '../../scripts/assemble-wasm.ts';
import { allocateSimplexArrays, KERNEL_MIN_ARC_SLOTS } from './simplex-kernel.ts';

/** The loop the kernel replaces, as the solver runs it for small instances. */
function priceInJs(a: ReturnType<typeof allocateSimplexArrays>, from: number, to: number, min: number): { best: number; min: number } {
  let best = -1;
  for (let e = from; e < to; e++) {
    const c = a.state[e]! * (a.cost[e]! + a.pi[a.source[e]!]! - a.pi[a.target[e]!]!);
    if (c < min) {
      min = c;
      best = e;
    }
  }
  return { best, min };
}

describe('simplex kernel', () => {
  it('is the assembled simplex.wat (run `npm run wasm -w @civdef/engine` after editing it)', async () => {
    const committed = readFileSync(new URL('./simplex-wasm.ts', import.meta.url), 'utf8');
    expect(committed).toBe(simplexWasmSource(await assembleSimplexWat()));
  });

  it('lives in WebAssembly memory from its threshold up, in plain arrays below it', () => {
    expect(allocateSimplexArrays(KERNEL_MIN_ARC_SLOTS - 1, 10).kernel).toBeNull();
    const big = allocateSimplexArrays(KERNEL_MIN_ARC_SLOTS, 10);
    expect(big.kernel).not.toBeNull();
    // The views are zeroed and do not overlap: each filled with its own value keeps it at both ends.
    const views = Object.entries(big).filter(([name]) => name !== 'kernel') as [string, Float64Array | Int32Array | Int8Array][];
    expect(views).toHaveLength(15);
    for (const [, view] of views) expect(view.every((x) => x === 0)).toBe(true);
    views.forEach(([, view], i) => view.fill(i + 1));
    for (const [i, [name, view]] of views.entries()) expect([name, view[0], view.at(-1)]).toEqual([name, i + 1, i + 1]);
  });

  it('finds the same arc and reduced cost as the JavaScript loop on random arrays and runs', () => {
    const a = allocateSimplexArrays(KERNEL_MIN_ARC_SLOTS, 64);
    const kernel = a.kernel!;
    const arc = fc.record({
      state: fc.constantFrom(-1, 0, 1),
      cost: fc.integer({ min: -1e9, max: 1e9 }),
      source: fc.nat(63),
      target: fc.nat(63),
    });
    fc.assert(
      fc.property(
        fc.array(arc, { minLength: 1, maxLength: 300 }),
        fc.array(fc.integer({ min: -1e12, max: 1e12 }), { minLength: 64, maxLength: 64 }),
        fc.nat(),
        fc.nat(),
        fc.oneof(fc.constant(0), fc.integer({ min: -1e12, max: 0 })),
        (arcs, pi, i, j, min) => {
          arcs.forEach((x, e) => {
            a.state[e] = x.state;
            a.cost[e] = x.cost;
            a.source[e] = x.source;
            a.target[e] = x.target;
          });
          a.pi.set(pi);
          const from = i % arcs.length;
          const to = from + (j % (arcs.length - from + 1));
          const expected = priceInJs(a, from, to, min);
          const best = kernel.price(from, to, min);
          expect(best).toBe(expected.best);
          expect(kernel.lowest).toBe(expected.min);
        },
      ),
    );
  });
});
