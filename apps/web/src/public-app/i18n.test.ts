import { describe, expect, it } from 'vitest';
import { publicEn } from '../i18n/public.en.ts';
import { publicZhCN } from '../i18n/public.zh-CN.ts';

const vars = (s: string) => [...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

describe('public app texts', () => {
  it('have the same keys and variables in Chinese and English, none empty', () => {
    expect(Object.keys(publicEn).sort()).toEqual(Object.keys(publicZhCN).sort());
    for (const [key, zh] of Object.entries(publicZhCN)) {
      const en = publicEn[key as keyof typeof publicEn];
      expect({ key, vars: vars(en) }).toEqual({ key, vars: vars(zh) });
      expect(zh.trim() && en.trim(), key).toBeTruthy();
    }
  });
});
