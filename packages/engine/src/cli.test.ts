import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEngineCli } from './cli.ts';

function capture() {
  const out: string[] = [], err: string[] = [];
  return { io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s) }, out, err };
}
const dir = mkdtempSync(join(tmpdir(), 'engine-cli-'));

describe('runEngineCli', () => {
  it('mcf prints the optimal cost and, with --flows, the flows', async () => {
    const f = join(dir, 'a.min');
    writeFileSync(f, 'p min 3 3\nn 1 5\nn 3 -5\na 1 2 0 10 2\na 2 3 0 10 3\na 1 3 0 3 7\n');
    const c = capture();
    expect(await runEngineCli(['mcf', f, '--flows'], c.io)).toBe(0);
    expect(c.out.join('')).toBe('s 25\nf 1 2 5\nf 2 3 5\n');
  });
  it('mcf reports infeasible problems with exit code 1, never a number', async () => {
    const f = join(dir, 'b.min');
    writeFileSync(f, 'p min 2 1\nn 1 5\nn 2 -5\na 1 2 0 3 1\n');
    const c = capture();
    expect(await runEngineCli(['mcf', f], c.io)).toBe(1);
    expect(c.out.join('')).toBe('s infeasible\n');
    expect(c.err.join('')).toMatch(/infeasible/);
  });
  it('mcf names the bad line', async () => {
    const f = join(dir, 'c.min');
    writeFileSync(f, 'p min 2 1\na 1 7 0 3 1\n');
    const c = capture();
    expect(await runEngineCli(['mcf', f], c.io)).toBe(1);
    expect(c.err.join('')).toMatch(/ENGINE_DIMACS_BAD_LINE: line 2: arc target 7/);
  });
  it('allocate writes the result JSON', async () => {
    const i = join(dir, 'p.json'), o = join(dir, 'r.json');
    writeFileSync(i, JSON.stringify({ demand: [[0, 0, 30], [100, 0, 20]], shelters: [[50, 0, 40]], maxDistance: 500, unassignedCost: 10000 }));
    const c = capture();
    expect(await runEngineCli(['allocate', '--in', i, '--out', o], c.io)).toBe(0);
    const r = JSON.parse(readFileSync(o, 'utf8'));
    expect(r.cost).toBe(102000);
    expect(r.assigned).toBe(40);
    expect(r.unassigned).toBe(10);
    // Both points are 50 m away, so every split of the 40 places is optimal; the least-cost greedy start fills the
    // shelter in demand order and the simplex has nothing to improve.
    expect(r.flows).toEqual([[0, 0, 30], [1, 0, 10]]);
  });
  it('allocate rejects invalid JSON and bad fields with exit code 1', async () => {
    const i = join(dir, 'bad.json');
    writeFileSync(i, '{"demand": [');
    const c = capture();
    expect(await runEngineCli(['allocate', '--in', i, '--out', join(dir, 'x.json')], c.io)).toBe(1);
    expect(c.err.join('')).toMatch(/ENGINE_ALLOCATION_BAD_INPUT/);
    writeFileSync(i, '{"demand": [[0,0,-3]], "shelters": [], "maxDistance": 5, "unassignedCost": 1}');
    const d = capture();
    expect(await runEngineCli(['allocate', '--in', i, '--out', join(dir, 'x.json')], d.io)).toBe(1);
    expect(d.err.join('')).toMatch(/demand\[0\]\[2\]: must be a non-negative integer/);
  });
  it('usage errors exit with 2', async () => {
    for (const argv of [[], ['frobnicate'], ['mcf'], ['mcf', 'a', 'b'], ['allocate', '--in', 'x']]) expect(await runEngineCli(argv, capture().io)).toBe(2);
  });
});
