// Service worker: a second visit works offline, examples included. Network first (so a new deploy is picked
// up at once), falling back to the cached copy; same-origin GETs only.
// precache.js, written by scripts/build.sh, lists the site: `shell` (cached when the worker installs, which
// the page triggers once its engine and model are loaded) and `extra` (the examples, cached when the page asks
// after its first result, so a first visit does not download them up front). Anything fetched later (a chosen
// example, the YAMNet weights) is cached when it arrives. A new build changes precache.js, so the browser
// installs the new worker and the old cache is dropped.
importScripts('precache.js');
const BUILD = self.HS_PRECACHE ?? { version: 'dev', shell: ['./', 'index.html'], extra: [] };
const CACHE = `heartsound-${BUILD.version}`;

// 'no-cache': revalidate with the server, so files the page has just loaded are not downloaded twice.
async function addAll(cache, urls) {
  // One by one: a file this build lacks must not fail the whole install.
  await Promise.all(urls.map(async (url) => {
    try {
      if (!(await cache.match(url))) await cache.add(new Request(url, { cache: 'no-cache' }));
    } catch { /* missing or offline: fetched again on use */ }
  }));
}

self.addEventListener('install', (ev) => {
  ev.waitUntil((async () => {
    await addAll(await caches.open(CACHE), BUILD.shell);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (ev) => {
  ev.waitUntil((async () => {
    for (const key of await caches.keys()) if (key.startsWith('heartsound-') && key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('message', (ev) => {
  if (ev.data?.type === 'precache-extra') ev.waitUntil((async () => addAll(await caches.open(CACHE), BUILD.extra))());
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
