import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDimacsSolution, parseDimacs, writeDimacs } from './dimacs.ts';
import { solveMinCostFlow } from './problem.ts';
import { EngineError } from '../errors.ts';

const problemArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    supply: fc.array(fc.integer({ min: -50, max: 50 }), { minLength: n, maxLength: n }),
    arcs: fc.array(
      fc.tuple(fc.integer({ min: 1, max: n }), fc.integer({ min: 1, max: n }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: -1000, max: 1000 })),
      { maxLength: 30 },
    ),
  }),
);

function toText(p: { n: number; supply: number[]; arcs: [number, number, number, number, number][] }): string {
  const lines = ['c generated', `p min ${p.n} ${p.arcs.length}`];
  p.supply.forEach((s, i) => lines.push(`n ${i + 1} ${s}`));
  for (const [u, v, lo, extra, c] of p.arcs) lines.push(`a ${u} ${v} ${lo} ${lo + extra} ${c}`);
  return lines.join('\n') + '\n';
}

function codeOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    if (e instanceof EngineError) return e.code;
    throw e;
  }
}

describe('DIMACS min-cost flow format', () => {
  it('parses a valid file and solves it', () => {
    const p = parseDimacs('c tiny\np min 2 1\nn 1 4\nn 2 -4\na 1 2 0 9 3\n');
    expect(p.nodeCount).toBe(2);
    const s = solveMinCostFlow(p);
    expect(s.cost).toBe(12);
    expect(formatDimacsSolution(p, s.cost, s.flow)).toBe('s 12\nf 1 2 4\n');
  });

  it('round-trips any valid problem through write → parse (property)', () => {
    fc.assert(
      fc.property(problemArb, (spec) => {
        const p = parseDimacs(toText(spec));
        const q = parseDimacs(writeDimacs(p, 'round trip'));
        expect(q).toEqual(p);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws anything but EngineError on arbitrary text (property)', () => {
    const lineArb = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('p min 3 2', 'p max 3 2', 'p min -1 0', 'n 1 5', 'n 4 1', 'n 1', 'a 1 2 0 5 3', 'a 1 9 0 5 3', 'a 1 2 6 5 3', 'a 1 2 0 5 x', 'c hi', 'x', ''),
    );
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 12 }), (lines) => {
        codeOf(() => parseDimacs(lines.join('\n')));
      }),
      { numRuns: 1000 },
    );
  });

  it('mutating one token of a valid file yields either a valid problem or a typed error naming the line (property)', () => {
    fc.assert(
      fc.property(problemArb, fc.nat(), fc.constantFrom('', 'x', '-1', '1.5', '99999999999999999999', '0'), (spec, pick, token) => {
        const lines = toText(spec).split('\n');
        const li = 1 + (pick % (lines.length - 1));
        const toks = (lines[li] ?? '').split(' ');
        toks[pick % Math.max(1, toks.length)] = token;
        lines[li] = toks.join(' ');
        try {
          parseDimacs(lines.join('\n'));
        } catch (e) {
          expect(e).toBeInstanceOf(EngineError);
          const err = e as EngineError;
          expect(['ENGINE_DIMACS_BAD_LINE', 'ENGINE_DIMACS_BAD_PROBLEM']).toContain(err.code);
          if (err.code === 'ENGINE_DIMACS_BAD_LINE') expect(err.field).toMatch(/^line \d+$/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['p max 2 0\n', 'ENGINE_DIMACS_BAD_PROBLEM', /"min"/],
    ['n 1 5\np min 2 0\n', 'ENGINE_DIMACS_BAD_LINE', /line 1: node line before/],
    ['p min 2 1\na 1 3 0 5 1\n', 'ENGINE_DIMACS_BAD_LINE', /line 2: arc target 3 outside 1..2/],
    ['p min 2 1\na 1 2 6 5 1\n', 'ENGINE_DIMACS_BAD_LINE', /0 ≤ low ≤ cap/],
    ['p min 2 2\na 1 2 0 5 1\n', 'ENGINE_DIMACS_BAD_PROBLEM', /declared 2 arcs but found 1/],
    ['p min 2 0\nn 1 2\nn 1 3\n', 'ENGINE_DIMACS_BAD_LINE', /line 3: node 1 already/],
    ['p min 2 0\nn 1 2.5\n', 'ENGINE_DIMACS_BAD_LINE', /supply must be an integer/],
    ['p min 2 0\nq 1\n', 'ENGINE_DIMACS_BAD_LINE', /unknown line type/],
    ['c only comments\n', 'ENGINE_DIMACS_BAD_PROBLEM', /no "p min"/],
  ])('rejects %j with %s', (text, code, msg) => {
    expect(codeOf(() => parseDimacs(text))).toBe(code);
    expect(() => parseDimacs(text)).toThrow(msg);
  });
});
