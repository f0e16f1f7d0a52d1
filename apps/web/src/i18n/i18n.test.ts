import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { storedLanguage } from './index.ts';
import { zhCN } from './zh-CN.ts';

function flatten(obj: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v as object, key)) out.set(kk, vv);
  }
  return out;
}

const vars = (s: string) => [...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

describe('i18n resources', () => {
  const zh = flatten(zhCN);
  const e = flatten(en);

  it('have the same keys in Chinese and English', () => {
    expect([...e.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it('use the same interpolation variables in both languages', () => {
    for (const [key, text] of zh) expect({ key, vars: vars(e.get(key) ?? '') }).toEqual({ key, vars: vars(text) });
  });

  it('have no empty strings', () => {
    for (const [key, text] of [...zh, ...e]) expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
  });

  it('default to Chinese and remember English', () => {
    expect(storedLanguage({ getItem: () => null })).toBe('zh-CN');
    expect(storedLanguage({ getItem: () => 'en' })).toBe('en');
    expect(storedLanguage({ getItem: () => 'fr' })).toBe('zh-CN');
  });
});
