import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DRAW_ALGORITHM, canonicalPool, commitOf, drawProblem, drawSeedOf, poolDigest, runDraw, type DrawInput } from './draw.ts';
import { sm3Hex } from './sm3.ts';

const SEED = 'a'.repeat(64);
const input = (over: Partial<DrawInput> = {}): DrawInput => ({
  targets: ['T05', 'T01', 'T03', 'T02', 'T04'], inspectors: ['I3', 'I1', 'I2'], conflicts: [['I1', 'T03']], targetCount: 3, inspectorsPerTarget: 2, ...over,
});

describe('SM3', () => {
  it('gives the GB/T 32905 test vectors', () => {
    expect(sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(sm3Hex('abcd'.repeat(16))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });
});

describe(`the draw (${DRAW_ALGORITHM})`, () => {
  it('is a pure function of the seed and the pool: the order keys are given in does not matter', () => {
    const a = runDraw(SEED, input());
    const b = runDraw(SEED, input({ targets: ['T01', 'T02', 'T03', 'T04', 'T05'], inspectors: ['I1', 'I2', 'I3'] }));
    expect(a).toEqual(b);
    expect(a.targets).toHaveLength(3);
    expect(new Set(a.targets).size).toBe(3);
    // Pinned: a change to the algorithm must be a new algorithm name, since published draws are re-run with it.
    expect(a).toMatchSnapshot();
    expect(poolDigest(input())).toBe(poolDigest(input({ targets: ['T01', 'T02', 'T03', 'T04', 'T05'] })));
    expect(commitOf(SEED)).toBe(sm3Hex(SEED));
  });

  it('never assigns an inspector to a target they are in conflict with, and picks distinct members (property)', () => {
    const arb = fc.record({
      nt: fc.integer({ min: 1, max: 30 }), ni: fc.integer({ min: 2, max: 8 }), k: fc.integer({ min: 1, max: 30 }),
      conflicts: fc.array(fc.tuple(fc.nat(7), fc.nat(29)), { maxLength: 10 }), seed: fc.stringMatching(/^[0-9a-f]{64}$/),
    });
    fc.assert(fc.property(arb, ({ nt, ni, k, conflicts, seed }) => {
      const d = input({
        targets: Array.from({ length: nt }, (_, i) => `T${i}`), inspectors: Array.from({ length: ni }, (_, i) => `I${i}`),
        conflicts: conflicts.filter(([i, t]) => i < ni && t < nt).map(([i, t]) => [`I${i}`, `T${t}`] as const),
        targetCount: Math.min(k, nt), inspectorsPerTarget: 1,
      });
      if (drawProblem(d)) return true;
      const r = runDraw(seed, d);
      const bad = new Set(d.conflicts.map(([i, t]) => `${i}|${t}`));
      return new Set(r.targets).size === r.targets.length
        && r.teams.every((team) => team.inspectors.every((i) => !bad.has(`${i}|${team.target}`)));
    }));
  });

  it('is roughly uniform: each of 5 targets is drawn first about a fifth of the time', () => {
    const firsts = new Map<string, number>();
    for (let s = 0; s < 2000; s += 1) {
      const seed = sm3Hex(String(s));
      const t = runDraw(seed, input({ targetCount: 1, conflicts: [] })).targets[0]!;
      firsts.set(t, (firsts.get(t) ?? 0) + 1);
    }
    for (const n of firsts.values()) expect(Math.abs(n - 400)).toBeLessThan(80);
  });

  it('refuses a pool it cannot draw from, naming why', () => {
    expect(drawProblem(input({ targetCount: 6 }))).toEqual({ problem: 'count', field: 'targetCount', value: 6, max: 5 });
    expect(drawProblem(input({ targets: ['T1', 'T1'] }))).toEqual({ problem: 'duplicate', pool: 'targets', key: 'T1' });
    expect(drawProblem(input({ conflicts: [['I1', 'T03'], ['I2', 'T03']] }))).toEqual({ problem: 'candidates', target: 'T03', available: 1, needed: 2 });
    expect(() => runDraw('A'.repeat(64), input())).toThrow(/seed/);
  });

  it('with a beacon: the digest covers its announced source, and the stream runs on SM3(seed:beacon:value)', () => {
    // Without a source the pool text is the one of draws made before beacons existed (their digests still verify).
    expect(canonicalPool(input())).not.toContain('beaconSource');
    expect(canonicalPool(input({ beaconSource: null }))).toBe(canonicalPool(input()));
    const announced = input({ beaconSource: '福彩3D 2026339期开奖号码' });
    expect(poolDigest(announced)).not.toBe(poolDigest(input()));
    expect(JSON.parse(canonicalPool(announced))).toMatchObject({ beaconSource: '福彩3D 2026339期开奖号码' });

    expect(drawSeedOf(SEED, null)).toBe(SEED);
    const mixed = drawSeedOf(SEED, '472');
    expect(mixed).toBe(sm3Hex(`${SEED}:beacon:472`));
    expect(mixed).toMatch(/^[0-9a-f]{64}$/);
    // Another published value gives another seed, so the office cannot know the result before the beacon.
    expect(drawSeedOf(SEED, '473')).not.toBe(mixed);
    const seeds = Array.from({ length: 40 }, (_, i) => drawSeedOf(SEED, String(i)));
    expect(new Set(seeds.map((s) => JSON.stringify(runDraw(s, announced).targets))).size).toBeGreaterThan(5);
  });
});
