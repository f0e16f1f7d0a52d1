/**
 * The error catalogue as a whole: every code the platform can answer with has a zh-CN and an English text,
 * every module's codes are registered once its door is loaded, and no code is dead (defined but never
 * thrown anywhere in `src` or named by a rule of the domain package). Runs on the source tree; no database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { definedErrorCodes } from './errors.ts';

const SRC = path.resolve(import.meta.dirname, '..');
const MODULES = path.join(SRC, 'modules');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? walk(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

const sources = walk(SRC);
const errorFiles = sources.filter((f) => f.endsWith('.errors.ts'));
/** Where a code may be used: source that is neither a test nor where codes are defined. */
const usingFiles = sources.filter((f) => !f.endsWith('.test.ts') && !f.endsWith('.errors.ts') && f !== path.join(SRC, 'lib/errors.ts'));
/** The domain package's rules name the codes of the breaches they find (e.g. the works cross-field rules). */
const domainRules = walk(path.resolve(SRC, '../../../packages/domain/src')).filter((f) => !f.endsWith('.test.ts'));
const usingText = [...usingFiles, ...domainRules].map((f) => fs.readFileSync(f, 'utf8')).join('\n');

/** The codes an errors file defines: the keys of its `defineErrors({ … })`. */
const codesIn = (file: string) => [...fs.readFileSync(file, 'utf8').matchAll(/^\s+([A-Z][A-Z0-9_]+): t\(/gm)].map((m) => m[1]!);

let catalogue: ReturnType<typeof definedErrorCodes>;
beforeAll(async () => {
  // Through the doors only, as the app loads them: a module whose door does not load its errors fails below.
  for (const m of fs.readdirSync(MODULES)) {
    const door = path.join(MODULES, m, 'index.ts');
    if (fs.existsSync(door)) await import(pathToFileURL(door).href);
  }
  catalogue = definedErrorCodes();
}, 60_000);

describe('error catalogue', () => {
  it('finds the codes of every errors file (guards the checks below against an empty scan)', () => {
    expect(errorFiles.length).toBeGreaterThanOrEqual(3);
    expect(catalogue.length).toBeGreaterThan(20);
  });

  it('gives every code a zh-CN and an English text that differ', () => {
    const bad = catalogue.filter((c) => !c.zh.trim() || !c.en.trim() || c.zh === c.en || !/[\u4e00-\u9fff]/.test(c.zh));
    expect(bad.map((c) => c.code)).toEqual([]);
  });

  it('names codes in SCREAMING_SNAKE case', () => {
    expect(catalogue.map((c) => c.code).filter((c) => !/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(c))).toEqual([]);
  });

  it("registers each module's codes once its door is loaded", () => {
    const registered = new Set(catalogue.map((c) => c.code));
    const missing = errorFiles.flatMap((f) => codesIn(f).filter((c) => !registered.has(c)).map((c) => `${path.relative(SRC, f)}: ${c}`));
    expect(missing).toEqual([]);
  });

  it('keeps VALIDATION_FAILED out of the modules: a rule breach a service finds has its own code naming the field', () => {
    const offenders = usingFiles
      .filter((f) => f.startsWith(MODULES + path.sep))
      .filter((f) => /\bVALIDATION_FAILED\b/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(SRC, f));
    expect(offenders).toEqual([]);
  });

  it('has no dead code: each one is used somewhere in src outside the catalogue and the tests', () => {
    const dead = catalogue.map((c) => c.code).filter((code) => !new RegExp(`\\b${code}\\b`).test(usingText));
    expect(dead).toEqual([]);
  });
});
