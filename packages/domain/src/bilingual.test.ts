import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inLanguage } from './bilingual.ts';

describe('a stored "zh en" reason, in the reader\'s language', () => {
  it('splits the platform\'s own reasons', () => {
    expect(inLanguage('3 次发送均无应答 no answer after 3 sends', 'zh-CN')).toBe('3 次发送均无应答');
    expect(inLanguage('3 次发送均无应答 no answer after 3 sends', 'en')).toBe('no answer after 3 sends');
    expect(inLanguage('无遥控终端，须现场操作 no remote terminal: operate on site', 'en')).toBe('no remote terminal: operate on site');
    expect(inLanguage('预先警报：终端无应答 no answer from the terminal', 'zh-CN')).toBe('预先警报：终端无应答');
  });

  it('shows text with one language whole', () => {
    expect(inLanguage('not_yet_valid', 'zh-CN')).toBe('not_yet_valid');
    expect(inLanguage('终端无应答', 'en')).toBe('终端无应答');
    expect(inLanguage('', 'en')).toBe('');
  });

  it('gives back each half of any Chinese-then-English pair', () => {
    const zh = fc.string({ unit: fc.constantFrom('警', '报', '器', '无', '应', '答', '，', '3', ' ', 'A'), minLength: 1 }).filter((s) => /[\u4e00-\u9fff，]$/u.test(s.trim()));
    const en = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '3', ':', '(', ')'), minLength: 1 }).filter((s) => /[a-z]/.test(s));
    fc.assert(fc.property(zh, en, (z, e) => {
      const stored = `${z.trim()} ${e.trim()}`;
      expect(inLanguage(stored, 'zh-CN')).toBe(z.trim());
      expect(inLanguage(stored, 'en')).toBe(e.trim());
    }));
  });
});
