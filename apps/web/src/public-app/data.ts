/**
 * Reads of the public API that survive a bad network: every answer is kept on the phone (localStorage) and served
 * from there, marked offline, when the network fails — as is the copy the service worker returns when offline.
 */
import type { NearestAnswer } from './types.ts';

export interface Fetched<T> {
  data: T;
  /** True when this is a kept copy, not a fresh answer. */
  offline: boolean;
  /** When it was fetched (ms since the epoch). */
  at: number;
}

/** Versioned with the answers' shape, so a copy kept by an older app is not read as the new shape. */
const PREFIX = 'civdef.public.v2:';

function read<T>(key: string): { at: number; data: T } | null {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    return raw ? (JSON.parse(raw) as { at: number; data: T }) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Full or disabled storage: the app still works online.
  }
}

export async function getJson<T>(url: string): Promise<Fetched<T>> {
  try {
    // Revalidated every time (a 304 costs the server nothing): a copy the browser's cache answers by itself could not
    // be told from a fresh one, and the page must say when it shows old answers.
    const res = await fetch(url, { cache: 'no-cache', headers: { accept: 'application/json', 'accept-language': document.documentElement.lang } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const data = (await res.json()) as T;
    // A copy the service worker kept, or one the browser's cache still holds while the phone has no network.
    if (res.headers.get('x-civdef-offline') === '1' || !navigator.onLine) return { data, offline: true, at: read<T>(url)?.at ?? Date.now() };
    const at = Date.now();
    write(url, { at, data });
    return { data, offline: false, at };
  } catch (err) {
    const kept = read<T>(url);
    if (kept) return { data: kept.data, offline: true, at: kept.at };
    throw err;
  }
}

/** The last nearest answer with the point it was for: what the page shows first when it opens, online or not. */
export function lastNearest(): { origin: [number, number]; answer: Fetched<NearestAnswer> } | null {
  return read<{ origin: [number, number]; answer: Fetched<NearestAnswer> }>('lastNearest')?.data ?? null;
}

export function saveLastNearest(origin: [number, number], answer: Fetched<NearestAnswer>): void {
  write('lastNearest', { at: answer.at, data: { origin, answer } });
}
