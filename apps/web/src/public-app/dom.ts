/** The little DOM and language help the public app needs: elements built from data (never HTML strings), and t(). */
import { publicEn } from '../i18n/public.en.ts';
import { publicZhCN } from '../i18n/public.zh-CN.ts';

export type Lang = 'zh-CN' | 'en';
export type TextKey = keyof typeof publicZhCN;
const TEXTS: Record<Lang, typeof publicZhCN> = { 'zh-CN': publicZhCN, en: publicEn };
const LANG_KEY = 'civdef.public.lang';

let lang: Lang = (() => {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
})();

export const getLang = (): Lang => lang;
export function setLang(next: Lang): void {
  lang = next;
  try {
    localStorage.setItem(LANG_KEY, next);
  } catch {
    // Storage disabled: the choice lasts for this page.
  }
}

/** The text of `key` in the current language, `{{name}}` replaced from `vars`. */
export function t(key: TextKey, vars: Record<string, string | number> = {}): string {
  return TEXTS[lang][key].replace(/{{\s*(\w+)\s*}}/g, (_, k: string) => String(vars[k] ?? ''));
}

type Attr = string | number | boolean | null | undefined | ((e: Event) => void);
type Child = Node | string | null | undefined | false;

/** An element with attributes (`on…` are listeners; `false`/null attributes are left out) and children. */
export function h(tag: string, attrs: Record<string, Attr> = {}, ...children: Array<Child | Child[]>): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value' && el instanceof HTMLInputElement) el.value = String(v ?? '');
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false && v !== null && v !== undefined) el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}
