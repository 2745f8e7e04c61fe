// Service worker: a second visit works offline. Network first (so a new deploy is picked up at once),
// falling back to the cached copy; the whole site is cached on install, and anything fetched later
// (e.g. the lazily loaded YAMNet weights) is cached when it arrives. Same-origin GETs only.
const CACHE = 'heartsound-v1';
const SITE = [
  './', 'index.html', 'style.css', 'manifest.webmanifest', 'icon.svg',
  'app.js', 'engine.js', 'ui.js', 'draw.js', 'support.js', 'recorder.js', 'recorder-worklet.js',
  'worker.js', 'heartsound.js', 'heartsound-core.js', 'heartsound-core.wasm', 'models/cnn.hsm',
];

self.addEventListener('install', (ev) => {
  ev.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // One by one: a file this build lacks (e.g. no model yet) must not fail the whole install.
    await Promise.all(SITE.map((url) => cache.add(new Request(url, { cache: 'reload' })).catch(() => {})));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (ev) => {
  ev.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (err) {
    const hit = await cache.match(request, { ignoreSearch: true })
      || (request.mode === 'navigate' ? await cache.match('index.html') : undefined);
    if (hit) return hit;
    throw err;
  }
}

self.addEventListener('fetch', (ev) => {
  const { request } = ev;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  ev.respondWith(networkFirst(request));
});
