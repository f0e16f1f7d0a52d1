import { useCallback, useState } from 'react';

const STORAGE_KEY = 'civdef.works.hiddenColumns';

/** The hidden column keys as stored, keeping only keys that still exist and are not `fixed` (always shown). */
export function parseHidden(raw: string | null, known: readonly string[], fixed: readonly string[]): string[] {
  try {
    const v: unknown = JSON.parse(raw ?? '[]');
    return Array.isArray(v) ? [...new Set(v.filter((k): k is string => typeof k === 'string' && known.includes(k) && !fixed.includes(k)))] : [];
  } catch {
    return [];
  }
}

/** The scroll width of a table showing `widths` (px): the columns' sum, or no scroll when it fits `available`. */
export function scrollWidth(widths: readonly number[], available = 1100): number | undefined {
  const total = widths.reduce((a, w) => a + w, 0);
  return total > available ? total : undefined;
}

/**
 * Which columns of the works table are shown: a user's choice, kept in this browser. The code and the name are
 * always shown (they identify the row).
 */
export function useColumnSettings(known: readonly string[], fixed: readonly string[]) {
  const [hidden, setHidden] = useState<string[]>(() => parseHidden(localStorage.getItem(STORAGE_KEY), known, fixed));
  const setShown = useCallback(
    (key: string, shown: boolean) =>
      setHidden((h) => {
        const next = shown ? h.filter((k) => k !== key) : [...new Set([...h, key])];
        localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
        return next;
      }),
    [],
  );
  const reset = useCallback(() => {
    localStorage.removeItem(STORAGE_KEY);
    setHidden([]);
  }, []);
  return { hidden, setShown, reset };
}
