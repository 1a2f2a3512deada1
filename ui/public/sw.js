/* global self, caches, fetch, URL */
// Service worker of the web UI (a grid worker's phone loses the network on patrol): the app shell opens
// without a connection, and what the report form needs to open offline — the process list, the units, the
// forms and the API description — is answered from the last copy when the network is gone. Everything else of the API goes to
// the network only (tasks, cases and sign-in are never served stale). Unsent reports are kept by the page
// itself (ui/src/lib/drafts.ts), not here.
const SHELL = 'grid-shell-v1';
const API = 'grid-api-v1';
/** GET API answers the report form needs offline (network first, the last copy without a network) */
const OFFLINE_API = [
  /^\/api\/definitions(\/[^/]+)?$/,
  /^\/api\/forms(\/[^/]+)?$/,
  /^\/api\/grid\/units$/,
  // the UI asks it which optional routes the server offers (the forms route among them)
  /^\/api\/openapi\.json$/,
];

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      const res = await fetch('/', { cache: 'no-cache' });
      if (!res.ok) return;
      const html = await res.clone().text();
      await cache.put('/', res);
      // the entry's scripts and styles (hashed names, so a copy never goes stale)
      const assets = [...new Set(html.match(/\/assets\/[^"'\s>]+/g) ?? [])];
      await cache.addAll(assets);
      for (const icon of ['/manifest.webmanifest', '/icon.svg']) await cache.add(icon).catch(() => undefined);
    })().then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== SHELL && key !== API) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

async function networkFirst(request, cacheName, fallbackKey) {
  const cache = await caches.open(cacheName);
  try {
    const res = await fetch(request);
    if (res.ok) await cache.put(fallbackKey ?? request, res.clone());
    return res;
  } catch (err) {
    const hit = await cache.match(fallbackKey ?? request);
    if (hit) return hit;
    throw err;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) await cache.put(request, res.clone());
  return res;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === 'navigate') {
    // every page of the app is the same shell: fresh when online, the last copy offline
    event.respondWith(networkFirst(req, SHELL, '/'));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(req));
    return;
  }
  if (OFFLINE_API.some((re) => re.test(url.pathname))) {
    // keyed by path and query (not by who asked: these lists are the same kind for everyone)
    event.respondWith(networkFirst(req, API, url.pathname + url.search));
  }
});
