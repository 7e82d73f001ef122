// f. Repeat visits of the seed article on the mobile profile, with the service worker.

import { coldLoad } from '../lib/browser.mjs';
import { fmtCls, fmtKB, fmtMs, log, median, sleep } from '../lib/format.mjs';
import { MOBILE_TIMEOUT, RUNS, SEED_ID } from '../lib/settings.mjs';

export const title = `c. repeat visit of the seed article, mobile (as b), the service worker installed by a first visit; ${RUNS} runs`;
export const usesBrowser = true;
export const needsPublished = true;

/** Polls `check` in the page until it gives true, for up to `ms`. */
async function pageUntil(page, check, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await page.evaluate(check).catch(() => false))) {
    if (Date.now() > deadline) return false;
    await sleep(200);
  }
  return true;
}

/** A first visit that leaves the service worker in control and the page kept by it. */
function firstVisit(url) {
  return async (page) => {
    await page.goto(url, { waitUntil: 'load' });
    await pageUntil(page, () => !!navigator.serviceWorker?.controller);
    // The first page was loaded before the worker ran: load it once through it.
    await page.goto(url, { waitUntil: 'load' });
    await pageUntil(page, () => !document.getElementById('prerendered') && !document.querySelector('.skeleton'));
    await sleep(500);
  };
}

export async function run({ table, browser: getBrowser, servers, problems }) {
  const browser = await getBrowser();
  const t = table.section(
    title,
    ['visit', 'FCP ms', 'LCP ms', 'CLS', 'KB on wire', 'req on wire', 'wasm/JS/CSS on wire', 'routes ms'],
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
  const forms = [
    ['published, repeat', 'published', (url) => ({ prime: firstVisit(url) })],
    ['client, repeat', 'client', (url) => ({ prime: firstVisit(url) })],
    ['published, first visit', 'published', () => ({})],
    ['published, first visit, no worker', 'published', () => ({ serviceWorkers: 'block' })],
  ];
  let kept = null;
  for (const [label, kind, options] of forms) {
    const url = `${servers[kind].url}/article/${SEED_ID}`;
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      log(`repeat: ${label} ${i + 1}/${RUNS}`);
      const run = await coldLoad(browser, url, {
        selector: 'h1.article-title',
        mobile: true,
        timeoutMs: MOBILE_TIMEOUT,
        problems,
        label: `repeat ${label}`,
        keepOpen: true,
        ...options(url),
      });
      runs.push(run.result);
      if (!kept && label === 'published, repeat') {
        kept = await run.page.evaluate(async () => {
          const caches_ = {};
          for (const name of await caches.keys()) caches_[name] = (await (await caches.open(name)).keys()).length;
          const estimate = await navigator.storage.estimate();
          return { caches: caches_, usage: estimate.usage };
        }).catch(() => null);
      }
      await run.context.close();
    }
    const med = (k) => median(runs.map((r) => r[k]));
    t.row(label, fmtMs(med('fcp')), fmtMs(med('lcp')), fmtCls(med('cls')), fmtKB(med('wireBytes')), fmtMs(med('onWire')), fmtMs(med('appOnWire')), fmtMs(med('routable')));
  }
  t.note('medians; "on wire": requests the network answered for the page, not the service worker (CDP fromServiceWorker).');
  t.note('The worker\'s own downloads (its precache, on a first visit) are not counted: it runs in a target of its own.');
  t.note('first visit, no worker: the same build with service workers blocked (the registration happens after load, when idle).');
  if (kept) {
    const entries = Object.entries(kept.caches).map(([n, c]) => `${n} ${c}`).join(', ');
    t.note(`kept after a repeat visit: ${entries}; storage used ${fmtKB(kept.usage)} KB (navigator.storage.estimate)`);
  }
}
