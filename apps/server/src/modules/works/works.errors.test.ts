import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.ts';
import { WorksErrors } from './works.errors.ts';

/** Codes defined but not thrown by this module yet, each with the reason; the list should only shrink. */
const NOT_YET_THROWN: Record<string, string> = {
  WORKS_SUBTYPE_INVALID: 'cross-field rule: the rules still answer VALIDATION_FAILED naming the field until each rule has its own code',
  WORKS_UNIT_AREAS_INVALID: 'cross-field rule: as above',
};

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'testdata' ? [] : sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && e.name !== 'works.errors.ts' ? [p] : [];
  });
}

describe('works error codes', () => {
  const codes = Object.keys(WorksErrors);
  const code = sources(import.meta.dirname).map((f) => fs.readFileSync(f, 'utf8')).join('\n');

  it('every code is thrown somewhere in the module (dead codes are removed, not kept)', () => {
    const unused = codes.filter((c) => !new RegExp(`\\b${c}\\b`).test(code) && !(c in NOT_YET_THROWN));
    expect(unused).toEqual([]);
    for (const c of Object.keys(NOT_YET_THROWN)) expect(codes, `${c} is gone: drop it from NOT_YET_THROWN`).toContain(c);
  });

  it('every code carries the module prefix and a Chinese and an English message', () => {
    for (const c of codes) {
      expect(c).toMatch(/^WORKS_[A-Z0-9_]+$/);
      const e = new AppError(c as keyof typeof WorksErrors, 400, { id: 1, code: 'X', regionCode: '320600', status: 's', limitMb: 1, mediaType: 'm', clientId: 'c', workId: 2 });
      expect(e.messageIn('zh-CN'), c).toMatch(/[\u4e00-\u9fff]/);
      expect(e.messageIn('en'), c).toMatch(/[a-z]{3,}/);
      expect(e.messageIn('en')).not.toBe(e.messageIn('zh-CN'));
    }
  });
});
