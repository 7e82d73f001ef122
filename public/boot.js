// Starts the portal: imports the wasm-bindgen glue and instantiates the wasm whose hashed names
// Trunk wrote into meta tags (see Trunk.toml, pattern_script). An external module instead of
// Trunk's inline loader keeps the page working under a policy without 'unsafe-inline'.
//
// Then the service worker of a release build (public/sw.js; <meta name="portal-sw"> names it),
// registered once the page has loaded and the browser is idle, so a first visit loads as it
// would without it. What the page shows of it is in the app's markup (the header's notices,
// src/components/chrome.rs), shown by classes on <html>: `offline` while the network is gone or
// the worker answered from its cache, `update-ready` when a new build's worker waits; its
// 点击刷新 button hands over to that worker and reloads.
const named = (name) => document.querySelector(`meta[name="${name}"]`)?.getAttribute('content');

const root = document.documentElement;
const showOffline = (offline) => root.classList.toggle('offline', offline);
showOffline(!navigator.onLine);
addEventListener('online', () => showOffline(false));
addEventListener('offline', () => showOffline(true));

async function serviceWorker(script) {
  const workers = navigator.serviceWorker;
  const registration = await workers.register(new URL(script, document.baseURI), { scope: document.baseURI });
  // A browser may decline without an error (Playwright's serviceWorkers: 'block' does).
  if (!registration) return;
  // Ask for sw.js again at each load (nginx answers 304 when it has not changed): a new build,
  // or the kill switch (deploy/sw-kill-switch.js), is then seen at the next visit. Chromium
  // did not check it on a reload by itself (the nginx log showed no request).
  registration.update().catch(() => {});
  workers.addEventListener('message', (event) => {
    if (event.data === 'offline') showOffline(true);
  });
  // A new build's worker is installed and waits while this page's worker still runs it.
  const offer = () => {
    if (registration.waiting && workers.controller) root.classList.add('update-ready');
  };
  offer();
  registration.addEventListener('updatefound', () => {
    registration.installing?.addEventListener('statechange', offer);
  });
  let accepted = false;
  document.addEventListener('click', (event) => {
    if (!event.target.closest?.('.update-reload') || !registration.waiting) return;
    accepted = true;
    registration.waiting.postMessage('skip-waiting');
  });
  workers.addEventListener('controllerchange', () => {
    if (accepted) location.reload();
  });
}

const script = named('portal-sw');
if (script && 'serviceWorker' in navigator) {
  const whenIdle = () => {
    const start = () => serviceWorker(script).catch((error) => console.warn('service worker not registered', error));
    if ('requestIdleCallback' in window) requestIdleCallback(start, { timeout: 5000 });
    else setTimeout(start, 0);
  };
  if (document.readyState === 'complete') whenIdle();
  else addEventListener('load', whenIdle);
}

try {
  const { default: init } = await import(named('portal-js'));
  await init({ module_or_path: named('portal-wasm') });
} catch (error) {
  // Without the app there is nothing else to show: say so instead of leaving a blank page.
  const notice = document.getElementById('boot-failure');
  if (notice) notice.hidden = false;
  console.error('portal failed to start', error);
}
