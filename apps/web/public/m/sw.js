/*
 * The public app's service worker: the page opens with no network and shows the last answers it had.
 * - the app shell (/m/ and the assets it names) is cached at install; assets are immutable (hashed names);
 * - public API answers and static tiles: network first, the cached copy when offline (and the page says so);
 * - the alert stream is never cached.
 * The cache name carries a version: a new worker drops the old caches when it takes over.
 */
// v2: the nearest answer's shape changed (entranceCount and the nearest entrance, not every entrance).
const CACHE = 'civdef-public-v2';
const SHELL = '/m/';

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const res = await fetch(SHELL, { cache: 'no-cache' });
    await cache.put(SHELL, res.clone());
    const html = await res.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/(?:assets|m)\/[^"]+)"/g)].map((m) => m[1]);
    await cache.addAll([...new Set(assets)]);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(request);
    if (res.ok) await cache.put(request, res.clone());
    return res;
  } catch (err) {
    const hit = await cache.match(request, { ignoreVary: true });
    if (hit) {
      const headers = new Headers(hit.headers);
      headers.set('x-civdef-offline', '1');
      return new Response(await hit.blob(), { status: hit.status, headers });
    }
    throw err;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) await cache.put(request, res.clone());
  return res;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === '/api/public/alerts/stream') return;
  if (request.mode === 'navigate' && url.pathname.startsWith('/m')) {
    event.respondWith(networkFirst(new Request(SHELL)));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
    return;
  }
  if (url.pathname.startsWith('/api/public/') || url.pathname.startsWith('/public-static/') || url.pathname === '/api/config/public') {
    event.respondWith(networkFirst(request));
  }
});
