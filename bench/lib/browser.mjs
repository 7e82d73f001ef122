// Chromium through playwright-core: the mobile and desktop profiles, the network as CDP sees it,
// and one cold load of a page with its numbers.

import { CHROMIUM_FLAGS } from '../../tests/support/chromium.mjs';
import { clip, log, sleep } from './format.mjs';
import { observerScript } from './observer.mjs';
import { CHROMIUM, VERBOSE } from './settings.mjs';

export const MOBILE_NETWORK = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };
export const MOBILE_CONTEXT = {
  viewport: { width: 412, height: 823 },
  deviceScaleFactor: 1.75,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
};
export const DESKTOP_CONTEXT = { viewport: { width: 1350, height: 940 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
/** The console messages every page is allowed (see tests/e2e/helpers.mjs). */
const HARMLESS = [/integrity.*preload|preload.*integrity/i, /^Service Worker registration blocked by Playwright$/];

/**
 * The browser of the page sections, launched when the first of them asks for it. Made only when a
 * selected section uses a browser; playwright-core is imported here, before any section runs.
 */
export async function chromiumLauncher() {
  const { chromium } = await import('playwright-core');
  let browser = null;
  return {
    get: async () => {
      if (!browser) browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, timeout: 60_000 });
      return browser;
    },
    close: async () => {
      if (browser) await browser.close().catch(() => {});
      browser = null;
    },
    // A browser that went away takes the next sections with it: start a new one for them.
    forgetIfGone: () => {
      if (browser && !browser.isConnected()) browser = null;
    },
  };
}

/** Records the network through CDP: bytes on the wire per request, with finish times. */
export function trackNetwork(cdp) {
  const reqs = new Map();
  let inflight = 0;
  let lastChange = Date.now();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!reqs.has(e.requestId)) {
      inflight += 1;
      lastChange = Date.now();
    }
    const prev = reqs.get(e.requestId);
    reqs.set(e.requestId, { url: e.request.url, type: e.type, start: e.timestamp, wallTime: e.wallTime, ...(prev ? { redirects: (prev.redirects || 0) + 1 } : {}) });
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = reqs.get(e.requestId);
    if (!r) return;
    const h = Object.fromEntries(Object.entries(e.response.headers || {}).map(([k, v]) => [k.toLowerCase(), v]));
    r.status = e.response.status;
    r.fromServiceWorker = e.response.fromServiceWorker === true;
    r.encoding = h['content-encoding'] || 'identity';
    r.fromCache = e.response.fromDiskCache || e.response.fromPrefetchCache;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = reqs.get(e.requestId);
    if (!r || r.end !== undefined) return;
    r.end = e.timestamp;
    r.bytes = e.encodedDataLength;
    inflight -= 1;
    lastChange = Date.now();
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = reqs.get(e.requestId);
    if (!r || r.end !== undefined) return;
    r.end = e.timestamp;
    r.bytes = 0;
    r.failed = e.errorText || 'failed';
    inflight -= 1;
    lastChange = Date.now();
  });
  return {
    reqs,
    /** Waits until nothing has been in flight for `quietMs`, at most `maxMs`. */
    async idle(quietMs = 500, maxMs = 15_000) {
      const deadline = Date.now() + maxMs;
      while (Date.now() < deadline) {
        if (inflight <= 0 && Date.now() - lastChange >= quietMs) return true;
        await sleep(50);
      }
      return false;
    },
    list: () => [...reqs.values()],
  };
}

export const isContentJson = (u) => {
  try {
    const p = new URL(u).pathname;
    return p.startsWith('/content/') && p.endsWith('.json');
  } catch {
    return false;
  }
};

/**
 * One cold load of `url` in a fresh context: until `selector` is visible, then until the
 * network is quiet. Returns the numbers; never throws for a page that does not show (timeout
 * is then set).
 */
export async function coldLoad(browser, url, { selector, mobile, timeoutMs, problems, label, keepOpen = false, prime = null, serviceWorkers = 'allow' }) {
  const context = await browser.newContext({ ...(mobile ? MOBILE_CONTEXT : DESKTOP_CONTEXT), serviceWorkers });
  await context.addInitScript({ content: observerScript(selector) });
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (msg) => {
    const type = msg.type();
    if (type !== 'error' && type !== 'warning') return;
    const text = msg.text();
    if (HARMLESS.some((re) => re.test(text))) return;
    consoleLines.push(`${type}: ${clip(text.replace(/\s+/g, ' '), 160)}`);
  });
  page.on('pageerror', (err) => consoleLines.push(`uncaught ${err.name}: ${clip(err.message, 160)}`));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  // A visit before the measured one (a repeat visit's first), unthrottled and not counted.
  if (prime) await prime(page);
  const net = trackNetwork(cdp);
  if (mobile) {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await cdp.send('Network.emulateNetworkConditions', MOBILE_NETWORK);
  }
  await cdp.send('Performance.enable').catch(() => {});
  let timeout = null;
  const wallStart = Date.now();
  try {
    await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
    await page.waitForFunction(() => window.__bench && window.__bench.frame !== null, null, {
      timeout: Math.max(1000, timeoutMs - (Date.now() - wallStart)),
      polling: 100,
    });
  } catch (e) {
    timeout = `${selector} not visible within ${timeoutMs} ms (${clip(e.message.split('\n')[0], 100)})`;
  }
  await net.idle(500, mobile ? 20_000 : 10_000);
  await sleep(300); // let the last paint entries arrive
  const m = await page
    .evaluate(() => {
      const b = window.__bench || {};
      const nav = performance.getEntriesByType('navigation')[0];
      const found = document.querySelector('main#main');
      return {
        fcp: b.fcp,
        lcp: b.lcp,
        lcpEl: b.lcpEl,
        lcpSize: b.lcpSize,
        cls: b.cls,
        shift: b.shift,
        seen: b.seen,
        frame: b.frame,
        painted: b.painted,
        routable: b.routable,
        wasmMemory: b.memory ? b.memory.buffer.byteLength : null,
        fetchStart: nav ? nav.fetchStart : 0,
        loadEnd: nav ? nav.loadEventEnd : null,
        url: location.href,
        mainText: found ? found.innerText.slice(0, 200) : document.body ? document.body.innerText.slice(0, 200) : '',
      };
    })
    .catch((e) => ({ error: e.message }));
  const list = net.list();
  const doc = list.find((r) => r.type === 'Document');
  // CDP times are monotonic seconds; the page's are ms since its time origin. The document's
  // request is sent at the navigation's fetchStart.
  const originMono = doc ? doc.start - (m.fetchStart || 0) / 1000 : null;
  const lcpMono = originMono !== null && Number.isFinite(m.lcp) ? originMono + m.lcp / 1000 : null;
  const finished = list.filter((r) => r.end !== undefined);
  const sum = (rs) => rs.reduce((s, r) => s + (r.bytes || 0), 0);
  const content = finished.filter((r) => isContentJson(r.url));
  const result = {
    ...m,
    visible: Number.isFinite(m.painted) && m.painted > 0 ? m.painted : m.frame,
    timeout,
    requests: finished.length,
    bytes: sum(finished),
    bytesBeforeLcp: lcpMono !== null ? sum(finished.filter((r) => r.end <= lcpMono)) : NaN,
    contentBytes: sum(content),
    contentRequests: content.length,
    contentFiles: content.map((r) => new URL(r.url).pathname.replace('/content/', '')),
    encodings: [...new Set(finished.filter((r) => /\.(wasm|js|css)$/.test(new URL(r.url).pathname)).map((r) => r.encoding))],
    // Requests the network answered (not the service worker), and of them the app's files.
    onWire: finished.filter((r) => !r.fromServiceWorker).length,
    wireBytes: sum(finished.filter((r) => !r.fromServiceWorker)),
    appOnWire: finished.filter((r) => !r.fromServiceWorker && /\.(wasm|js|css)$/.test(new URL(r.url).pathname)).length,
    failed: list.filter((r) => r.failed || (r.status && r.status >= 400)).map((r) => `${new URL(r.url).pathname} ${r.failed || r.status}`),
  };
  if (VERBOSE) log(label, JSON.stringify({ ...result, contentFiles: result.contentFiles.slice(0, 5) }));
  for (const line of consoleLines) problems.add(`${label}: ${line}`);
  if (timeout) problems.add(`${label}: ${timeout}; at ${m.url || url}; main shows: ${clip((m.mainText || '').replace(/\s+/g, ' '), 120)}`);
  for (const f of result.failed) problems.add(`${label}: request failed: ${f}`);
  if (keepOpen) return { result, context, page, cdp, net };
  await context.close();
  return { result };
}
