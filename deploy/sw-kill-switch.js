// The kill switch for a broken service worker: deploy this file as the site's sw.js (beside
// index.html; /portal/sw.js under a sub-path). Every reader's browser checks sw.js on its next
// visit (nginx serves it no-cache) and installs this one at once in place of the broken one. It
// deletes the portal's caches and takes over the open pages, and having no fetch handler, it
// lets every request go to the network as if there were no worker. It stays registered: a page
// registers sw.js as it loads, and an unregistered worker came straight back (tested). Deploy a
// fixed build when there is one; its sw.js replaces this one the same way.
// See deploy/README.md, "The service worker".

self.addEventListener('install', () => self.skipWaiting());

const sweep = async () => {
  for (const name of await caches.keys()) {
    if (name.startsWith('portal-')) await caches.delete(name);
  }
};

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      await sweep();
      await self.clients.claim();
      // The worker this one replaces may still be finishing a page it answered from its cache
      // and be about to store the fresh copy (stale-while-revalidate): one full E2E run of the
      // last four found the caches not empty 30 s after this worker took over, the likely
      // writer being that old worker. Sweep again once it has had time to finish.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await sweep();
    })(),
  );
});
