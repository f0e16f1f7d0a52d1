import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assemblePricingWat, pricingWasmSource } from '../../scripts/assemble-wasm.ts';
import { allocatePricedArrays, KERNEL_MIN_ARC_SLOTS } from './pricing-kernel.ts';

/** The loop the kernel replaces, as the solver runs it for small instances. */
function priceInJs(a: ReturnType<typeof allocatePricedArrays>, from: number, to: number, min: number): { best: number; min: number } {
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

describe('pricing kernel', () => {
  it('is the assembled pricing.wat (run `npm run wasm -w @civdef/engine` after editing it)', async () => {
    const committed = readFileSync(new URL('./pricing-wasm.ts', import.meta.url), 'utf8');
    expect(committed).toBe(pricingWasmSource(await assemblePricingWat()));
  });

  it('prices in WebAssembly from its threshold up, in JavaScript below it', () => {
    expect(allocatePricedArrays(KERNEL_MIN_ARC_SLOTS - 1, 10).kernel).toBeNull();
    const big = allocatePricedArrays(KERNEL_MIN_ARC_SLOTS, 10);
    expect(big.kernel).not.toBeNull();
    // The views are zeroed and do not overlap: writing one leaves the others as they were.
    big.cost.fill(7);
    big.pi.fill(9);
    big.source.fill(3);
    big.target.fill(4);
    big.state.fill(-1);
    expect([big.cost.at(-1), big.pi[0], big.pi.at(-1), big.source[0], big.source.at(-1), big.target[0], big.target.at(-1), big.state[0]]).toEqual([7, 9, 9, 3, 3, 4, 4, -1]);
  });

  it('finds the same arc and reduced cost as the JavaScript loop on random arrays and runs', () => {
    const a = allocatePricedArrays(KERNEL_MIN_ARC_SLOTS, 64);
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
          expect(kernel.min).toBe(expected.min);
        },
      ),
    );
  });
});
