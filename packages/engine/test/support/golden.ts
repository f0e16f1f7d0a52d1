// Golden files (Turf style): test/in/<suite>/NAME.json → test/out/<suite>/NAME.json. After an intended change,
// regenerate with `UPDATE_GOLDEN=1 npx vitest run --project engine golden` and review the diff like code. A missing
// output file is written on a developer machine and fails the run on CI (CI set), so a new case cannot pass unseen.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const testDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const update = process.env.UPDATE_GOLDEN === '1';

/** The input file names of a suite (`test/in/<suite>/*.json`), sorted. */
export function goldenCases(suite: string): string[] {
  return readdirSync(join(testDir, 'in', suite)).filter((f) => f.endsWith('.json')).sort();
}

export function goldenInputPath(suite: string, file: string): string {
  return join(testDir, 'in', suite, file);
}

export function readGoldenInput<T>(suite: string, file: string): T {
  return JSON.parse(readFileSync(goldenInputPath(suite, file), 'utf8')) as T;
}

/**
 * JSON with every array of numbers on one line (a flow `[i, j, people]`, a coordinate pair, a histogram), and
 * objects, strings (raster rows) and nested arrays one entry per line, so a diff shows which flow, row or ring changed.
 */
export function formatGolden(value: unknown, indent = ''): string {
  const inner = `${indent} `;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v === 'number' || typeof v === 'boolean')) return JSON.stringify(value);
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + formatGolden(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatGolden(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/**
 * Deep comparison where integers must match exactly (costs, people, indices) and other numbers within a relative
 * 1e-9 (means, utilisation, coordinates that went through floating-point arithmetic). Returns the first difference
 * as "path: actual vs expected", or null.
 */
export function goldenDifference(actual: unknown, expected: unknown, path = '$'): string | null {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isInteger(expected) && Number.isInteger(actual)) return actual === expected ? null : `${path}: ${actual} vs ${expected}`;
    return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)) ? null : `${path}: ${actual} vs ${expected}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: not an array`;
    if (actual.length !== expected.length) return `${path}: length ${actual.length} vs ${expected.length}`;
    for (let k = 0; k < expected.length; k++) {
      const d = goldenDifference(actual[k], expected[k], `${path}[${k}]`);
      if (d) return d;
    }
    return null;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${path}: not an object`;
    const ka = Object.keys(actual).sort(), ke = Object.keys(expected).sort();
    if (ka.join() !== ke.join()) return `${path}: keys ${ka.join(',')} vs ${ke.join(',')}`;
    for (const k of ke) {
      const d = goldenDifference((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return Object.is(actual, expected) ? null : `${path}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`;
}

/** Compares `actual` with `test/out/<suite>/<file>` (writing it first when regenerating or missing, see above). */
export function expectGolden(suite: string, file: string, actual: unknown): void {
  const outFile = join(testDir, 'out', suite, file);
  if (update || !existsSync(outFile)) {
    if (!update && process.env.CI) throw new Error(`missing golden file test/out/${suite}/${file} (run with UPDATE_GOLDEN=1 and commit it)`);
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, formatGolden(actual) + '\n');
  }
  const expected: unknown = JSON.parse(readFileSync(outFile, 'utf8'));
  const diff = goldenDifference(actual, expected);
  expect(diff, `${suite}/${file} differs from its golden file (UPDATE_GOLDEN=1 regenerates it)`).toBeNull();
}
