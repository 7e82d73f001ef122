// 科创资讯门户's service worker. scripts/service-worker.sh (a Trunk post_build hook) writes it
// into release builds from this file, filling in the build's id and the files it precaches
// (BUILD and PRECACHE below): a new build is a new worker, which the browser installs beside
// the old one; the page then offers 有新版本，点击刷新 (public/boot.js), and nothing reloads
// before the reader says so.
//
// What is kept, and how it is asked for:
// - the app of this build (the shell, the wasm and its glue, the stylesheet, the boot module,
//   the icons): precached, served from the cache; each build has its own cache, and the old
//   one goes when the new worker takes over, so an old wasm is never paired with new glue;
// - pages (navigations): stale-while-revalidate, the cached page at once and a fresh copy for
//   next time; the app then takes the page over with live content. A URL with a query gets the
//   shell, as the server answers it. Pages go when a new build's worker takes over;
// - content files (`content/**/*.json`, the search index's `.bin` shards): network first, the cached copy when no answer comes
//   within NETWORK_WAIT_MS (or none at all); search index files named by their content's hash:
//   cache first;
// - the 简/繁 table (hant.json, fetched once a reader switches): the cached copy at once,
//   refreshed behind it;
// - pictures: cache first, the newest PICTURES_KEPT kept (counted, since the size of a picture
//   from another site cannot be read);
// - nothing else, and nothing that is not a GET: the visit counter's answers (api/) always
//   come from the network.

const BUILD = '__BUILD__';
const PRECACHE = __PRECACHE__;
const SHELL = 'shell.html';

const SHELL_CACHE = `portal-shell-${BUILD}`;
const PAGES_CACHE = 'portal-pages';
// The app lists the articles kept here when a page it has never seen is opened offline
// (src/offline.rs reads this cache by name).
const CONTENT_CACHE = 'portal-content';
const PICTURES_CACHE = 'portal-pictures';
// The 简/繁 table (public/boot.js), once a reader has switched: at hand for the next page,
// which is hidden until it is converted.
const HANT_TABLE = 'hant.json';
const TABLE_CACHE = 'portal-hant';

const PAGES_KEPT = 200;
const CONTENT_KEPT = 1000;
const PICTURES_KEPT = 300;
const NETWORK_WAIT_MS = 3000;

const scope = new URL(self.registration.scope);
const inScope = (path) => new URL(path, scope).href;
const precached = new Set([SHELL, ...PRECACHE].map(inScope));

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll([...precached])));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        // The old build's app, and the pages served with it: they name its hashed files,
        // which the server may no longer have.
        if ((name.startsWith('portal-shell-') && name !== SHELL_CACHE) || name === PAGES_CACHE) {
          await caches.delete(name);
        }
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  const ours = url.origin === scope.origin && url.pathname.startsWith(scope.pathname);
  if (request.mode === 'navigate' && ours) {
    event.respondWith(page(event));
  } else if (ours && precached.has(url.href)) {
    event.respondWith(cacheFirst(event, SHELL_CACHE));
  } else if (ours && url.pathname.startsWith(`${scope.pathname}content/`) && /\.(?:json|bin)$/.test(url.pathname)) {
    const hashed = /\/search\/[^/]+\.[0-9a-f]{8}\.(?:bin|json)$/.test(url.pathname);
    event.respondWith(hashed ? cacheFirst(event, CONTENT_CACHE, CONTENT_KEPT) : networkFirst(event, CONTENT_CACHE, CONTENT_KEPT));
  } else if (ours && url.pathname === `${scope.pathname}${HANT_TABLE}`) {
    event.respondWith(kept(event, TABLE_CACHE));
  } else if (request.destination === 'image') {
    event.respondWith(cacheFirst(event, PICTURES_CACHE, PICTURES_KEPT));
  }
});

/** A page: the cached copy at once, refreshed behind it; the network when there is none. */
async function page(event) {
  const request = event.request;
  const url = new URL(request.url);
  if (url.search) return (await caches.match(inScope(SHELL))) || fetch(request);
  const cache = await caches.open(PAGES_CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  const fresh = fetch(request).then((response) => {
    if (response.ok && (response.headers.get('content-type') || '').startsWith('text/html')) {
      keepCopy(event, cache, response, PAGES_KEPT);
    }
    return response;
  });
  if (cached) {
    event.waitUntil(fresh.catch(() => saidOffline(event)));
    return cached;
  }
  try {
    return await fresh;
  } catch {
    await saidOffline(event);
    // Never seen: the app, which says so and lists what it has kept.
    return (await caches.match(inScope(SHELL))) || Response.error();
  }
}

/** The network's answer, or the cached copy when the network has none within the wait. */
async function networkFirst(event, name, kept) {
  const request = event.request;
  const cache = await caches.open(name);
  const fresh = fetch(request).then((response) => {
    if (response.ok) keepCopy(event, cache, response, kept);
    return response;
  });
  const cached = () => cache.match(request);
  const late = new Promise((resolve) => setTimeout(resolve, NETWORK_WAIT_MS, 'late'));
  const first = await Promise.race([fresh.catch(() => 'failed'), late]);
  if (first instanceof Response) return first;
  const keptCopy = await cached();
  if (keptCopy) {
    await saidOffline(event);
    if (first === 'late') event.waitUntil(fresh.catch(() => {}));
    return keptCopy;
  }
  // Nothing kept: wait for the network after all (the app gives up after its own timeout).
  return fresh.catch(() => Response.error());
}

/** The cached copy at once, refreshed behind it for next time; the network's when there is none. */
async function kept(event, name) {
  const cache = await caches.open(name);
  const fresh = fetch(event.request).then((response) => {
    if (response.ok) keepCopy(event, cache, response);
    return response;
  });
  const cached = await cache.match(event.request);
  if (!cached) return fresh;
  event.waitUntil(fresh.catch(() => {}));
  return cached;
}

/** The cached copy, else the network's, kept. */
async function cacheFirst(event, name, kept) {
  const cache = await caches.open(name);
  const cached = await cache.match(event.request);
  if (cached) return cached;
  const response = await fetch(event.request);
  // Pictures from other sites are opaque (status 0): kept all the same, counted.
  if (response.ok || response.type === 'opaque') keepCopy(event, cache, response, kept);
  return response;
}

/**
 * Puts a copy of `response` in `cache` (then trims it to `kept` entries) behind the answer, the
 * way Workbox does: the reader's page gets the response at once, not after the cache has
 * written it. Called before the answer settles, while `respondWith` still extends the event.
 * A failed write (a full quota) costs only the copy.
 */
function keepCopy(event, cache, response, kept) {
  const copy = response.clone();
  event.waitUntil(
    cache
      .put(event.request, copy)
      .then(() => kept && trim(cache, kept))
      .catch(() => {}),
  );
}

/** Deletes the oldest entries of `cache` past `kept` (keys come in the order they were put). */
async function trim(cache, kept) {
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - kept))) await cache.delete(key);
}

/** Tells the page that asked that it is shown from the cache: the network did not answer. */
async function saidOffline(event) {
  const client = event.clientId && (await self.clients.get(event.clientId));
  const target = client || (event.resultingClientId && (await self.clients.get(event.resultingClientId)));
  if (target) target.postMessage('offline');
}
