import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.ts';
import { WorksErrors } from './works.errors.ts';

// Whether each code is used is checked for the whole catalogue by lib/errors.catalogue.test.ts.
describe('works error codes', () => {
  const codes = Object.keys(WorksErrors);

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
