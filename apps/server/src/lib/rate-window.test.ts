import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRateWindow } from './rate-window.ts';

describe('rate window', () => {
  it('allows max requests per key per window from its first request, then refuses until the window ends', () => {
    const w = createRateWindow(2, 60_000);
    expect(w.take('a', 0)).toEqual({ allowed: true, limit: 2, remaining: 1, resetSeconds: 60 });
    expect(w.take('a', 10_000)).toEqual({ allowed: true, limit: 2, remaining: 0, resetSeconds: 50 });
    expect(w.take('a', 59_999)).toEqual({ allowed: false, limit: 2, remaining: 0, resetSeconds: 1 });
    // Another client has its own window.
    expect(w.take('b', 59_999).allowed).toBe(true);
    expect(w.take('a', 60_000)).toEqual({ allowed: true, limit: 2, remaining: 1, resetSeconds: 60 });
  });

  it('counts as a per-key log of windows would, across the generations it rotates', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 50_000 })), { maxLength: 200 }), (max, steps) => {
        const w = createRateWindow(max, 10_000);
        const model = new Map<string, { start: number; count: number }>();
        let now = 0;
        for (const [key, gap] of steps) {
          now += gap;
          let m = model.get(key);
          if (!m || now >= m.start + 10_000) model.set(key, (m = { start: now, count: 0 }));
          m.count++;
          const got = w.take(key, now);
          expect(got.allowed).toBe(m.count <= max);
          expect(got.remaining).toBe(Math.max(0, max - m.count));
          expect(got.resetSeconds).toBe(Math.max(1, Math.ceil((m.start + 10_000 - now) / 1000)));
        }
      }),
    );
  });
});
