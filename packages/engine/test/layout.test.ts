// The package layout the README promises: benches may use test support, tests never use benches (a bench is free to
// change what it measures without breaking a test).
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => join(e.parentPath, e.name));
}

describe('engine package layout', () => {
  const tests = [...filesUnder(join(root, 'src'), '.test.ts'), ...filesUnder(join(root, 'test'), '.ts')];

  it('finds the tests and the support files', () => expect(tests.length).toBeGreaterThan(10));

  it('no test or test-support file imports from bench/ or a *.bench.ts file', () => {
    const offenders = tests.filter((f) => {
      const specifiers = [...readFileSync(f, 'utf8').matchAll(/(?:from\s+|import\s*\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
      return specifiers.some((s) => /(^|\/)bench\/|\.bench(\.ts)?$/.test(s));
    });
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });

  it('every area has its bench beside its source', () => {
    for (const area of ['allocation', 'mcf', 'coverage', 'placement']) expect(filesUnder(join(root, 'src', area), `${area}.bench.ts`)).toHaveLength(1);
  });
});
