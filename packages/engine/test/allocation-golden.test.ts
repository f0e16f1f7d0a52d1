// Golden allocation results: test/in/allocation/NAME.json (the CLI's input JSON) → test/out/allocation/NAME.json (the
// result JSON `civdef engine allocate` writes). Regenerate after an intended change: see test/support/golden.ts.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEngineCli } from '../src/cli.ts';
import { expectGolden, goldenCases, goldenInputPath } from './support/golden.ts';

const dir = mkdtempSync(join(tmpdir(), 'engine-golden-'));

async function allocateViaCli(input: string, output: string): Promise<string> {
  const err: string[] = [];
  const code = await runEngineCli(['allocate', '--in', input, '--out', output], { stdout: () => undefined, stderr: (s) => void err.push(s) });
  expect(code, err.join('')).toBe(0);
  return readFileSync(output, 'utf8');
}

describe('allocation golden files', () => {
  const cases = goldenCases('allocation');
  it('has cases', () => expect(cases.length).toBeGreaterThanOrEqual(5));
  it.each(cases)('%s', async (file) => {
    const first = await allocateViaCli(goldenInputPath('allocation', file), join(dir, `a-${file}`));
    // The contract is byte-identical output for the same input, so a second run must match the first exactly.
    expect(await allocateViaCli(goldenInputPath('allocation', file), join(dir, `b-${file}`))).toBe(first);
    expectGolden('allocation', file, JSON.parse(first));
  });
});
