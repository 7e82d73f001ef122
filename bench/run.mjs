#!/usr/bin/env node
// The portal's benchmark: sizes of what it ships, a cold mobile load of the seed article rendered
// by the app alone, published by `portal build` and taken over by the app, and as the published
// page without its scripts (the static floor); how it behaves with 1k/10k/100k generated items,
// what publishing them costs, and Lighthouse scores. Prints one plain-text table; asserts nothing
// about timings. Exits non-zero only when something could not run (and says what). See
// bench/README.md.
//
//   PATH=$PWD/node_modules/.bin:$PATH trunk build --release && cargo build --release --bin portal && npm run bench

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

import { generate, generateRss, CHANNELS, itemId } from './generate.mjs';
import { compressBest, startServer } from './server.mjs';
import { CHROMIUM_FLAGS } from '../tests/support/chromium.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
const DIST = path.resolve(REPO, process.env.BENCH_DIST || 'dist');
const CHROMIUM = process.env.CHROMIUM || process.env.CHROME_PATH || '/usr/bin/chromium';
const SEED_ID = process.env.BENCH_SEED_ARTICLE || '20210902-wenzhou-kechuang';
const PORTAL_BIN = path.resolve(REPO, process.env.PORTAL_BIN || 'target/release/portal');

const badSetting = (message) => {
  console.error(`bench: ${message}`);
  process.exit(2);
};
const envInt = (name, dflt) => {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) badSetting(`${name} must be a positive integer, not ${JSON.stringify(v)}`);
  return n;
};
const RUNS = envInt('BENCH_RUNS', 5);
const SCALE_RUNS = envInt('BENCH_SCALE_RUNS', 5);
const ROUTE_CLICKS = envInt('BENCH_ROUTE_CLICKS', 10);
const SCALE_SIZES = (process.env.BENCH_SCALE_SIZES || '1000,10000,100000')
  .split(',')
  .map((s) => s.trim().replace(/_/g, ''))
  .filter(Boolean)
  .map((s) => {
    const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s);
    if (!m) badSetting(`BENCH_SCALE_SIZES: bad size ${JSON.stringify(s)} (use e.g. 1000,10k,100k)`);
    return Math.round(Number(m[1]) * ({ '': 1, k: 1e3, m: 1e6 }[m[2].toLowerCase()]));
  });
const MOBILE_TIMEOUT = envInt('BENCH_MOBILE_TIMEOUT_MS', 60_000);
const DESKTOP_TIMEOUT = envInt('BENCH_DESKTOP_TIMEOUT_MS', 30_000);
const ALL_SECTIONS = ['sizes', 'load', 'repeat', 'scale', 'publish', 'import', 'search', 'lighthouse'];
let SECTIONS = (process.env.BENCH_SECTIONS || ALL_SECTIONS.join(','))
  .split(',')
  .map((s) => s.trim().toLowerCase())
  .filter(Boolean);
for (const s of SECTIONS) {
  if (!ALL_SECTIONS.includes(s)) badSetting(`unknown section ${s} in BENCH_SECTIONS (known: ${ALL_SECTIONS.join(', ')})`);
}
if (process.env.BENCH_SKIP_LIGHTHOUSE === '1') SECTIONS = SECTIONS.filter((s) => s !== 'lighthouse');
const VERBOSE = process.env.BENCH_VERBOSE === '1';

const MOBILE_NETWORK = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };
const MOBILE_CONTEXT = {
  viewport: { width: 412, height: 823 },
  deviceScaleFactor: 1.75,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
};
const DESKTOP_CONTEXT = { viewport: { width: 1350, height: 940 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
/** The console messages every page is allowed (see tests/e2e/helpers.mjs). */
const HARMLESS = [/integrity.*preload|preload.*integrity/i, /^Service Worker registration blocked by Playwright$/];

// ---------------------------------------------------------------------------------------------
// Small helpers.

const log = (...a) => process.stderr.write(`[bench] ${a.join(' ')}\n`);
const median = (xs) => {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const fmtMs = (x) => (Number.isFinite(x) ? `${Math.round(x)}` : '–');
const fmtKB = (b) => (Number.isFinite(b) ? (b / 1024).toFixed(1) : '–');
const fmtMB = (b) => (Number.isFinite(b) ? (b / 1048576).toFixed(1) : '–');
const fmtCls = (x) => (Number.isFinite(x) ? x.toFixed(3) : '–');
const fmtX = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : '–');
const fmtInt = (n) => (Number.isFinite(n) ? n.toLocaleString('en-US') : '–');
const fmtN = (n) => (n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const clip = (s, n = 110) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** One table made of sections; each section aligns its own columns. */
class Table {
  constructor() {
    this.sections = [];
  }
  section(title, header, align) {
    const s = { title, header, align: align || header.map((_, i) => (i === 0 ? 'l' : 'r')), rows: [], notes: [] };
    this.sections.push(s);
    return {
      row: (...cells) => s.rows.push(cells.map((c) => (c === undefined || c === null ? '–' : String(c)))),
      rule: () => s.rows.push(null),
      note: (text) => s.notes.push(text),
    };
  }
  render() {
    const width = (str) => {
      // East Asian wide characters take two columns in a terminal.
      let w = 0;
      for (const ch of str) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
      return w;
    };
    const padTo = (str, w, a) => {
      const gap = ' '.repeat(Math.max(0, w - width(str)));
      return a === 'r' ? gap + str : str + gap;
    };
    const blocks = [];
    let total = 0;
    const rendered = this.sections.map((s) => {
      const rows = [s.header, ...s.rows.filter(Boolean)];
      const widths = s.header.map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? ''))));
      const line = (r) => r.map((c, i) => padTo(c ?? '', widths[i], s.align[i])).join('  ').trimEnd();
      const lines = [line(s.header), widths.map((w) => '-'.repeat(w)).join('  ')];
      for (const r of s.rows) lines.push(r ? line(r) : widths.map((w) => '·'.repeat(w)).join('  '));
      total = Math.max(total, ...lines.map(width), width(s.title) + 8);
      for (const n of s.notes) lines.push(`  ${n}`);
      return { title: s.title, lines };
    });
    for (const r of rendered) {
      blocks.push(`${'='.repeat(2)} ${r.title} ${'='.repeat(Math.max(2, total - width(r.title) - 4))}`);
      blocks.push(...r.lines, '');
    }
    return blocks.join('\n');
  }
}

function findAssets(dir) {
  const names = fs.readdirSync(dir);
  const one = (re, what) => {
    const hits = names.filter((n) => re.test(n));
    if (hits.length !== 1) throw new Error(`expected one ${what} in ${dir}, found ${hits.length ? hits.join(', ') : 'none'}`);
    return hits[0];
  };
  return {
    wasm: one(/_bg\.wasm$/, 'wasm (*_bg.wasm)'),
    glue: one(/^kechuang-portal-[0-9a-f]+\.js$/, 'JS glue (kechuang-portal-*.js)'),
    boot: one(/^boot-[0-9a-f]+\.js$/, 'boot module (boot-*.js)'),
    css: one(/^main-[0-9a-f]+\.css$/, 'stylesheet (main-*.css)'),
    icon: names.find((n) => /^favicon-.*\.svg$/.test(n)),
  };
}

// ---------------------------------------------------------------------------------------------
// In-page instrumentation, installed before any script of the page runs.

function observerScript(selector) {
  return `(() => {
  const SELECTOR = ${JSON.stringify(selector)};
  const m = { fcp: null, lcp: null, lcpSize: null, lcpEl: null, seen: null, frame: null, painted: null, memory: null, cls: 0, shift: null };
  Object.defineProperty(window, '__bench', { value: m, configurable: true });
  const describe = (el) => {
    if (!el) return '?';
    const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    const parent = el.parentElement;
    const pcls = parent && typeof parent.className === 'string' && parent.className.trim() ? parent.className.trim().split(/\\s+/)[0] : '';
    return el.tagName.toLowerCase() + cls + (cls || !pcls ? '' : ' in .' + pcls);
  };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') m.fcp = e.startTime;
    }).observe({ type: 'paint', buffered: true });
  } catch {}
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) { m.lcp = e.startTime; m.lcpSize = e.size; m.lcpEl = describe(e.element); }
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  } catch {}
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.identifier === 'bench-target' && m.painted === null) m.painted = e.renderTime || e.loadTime || e.startTime;
      }
    }).observe({ type: 'element', buffered: true });
  } catch {}
  // CLS as Chrome counts it (largest session window: gaps < 1 s, windows < 5 s), and the
  // largest single shift with what moved, to tell where a shift comes from.
  try {
    let win = 0, winStart = -1e9, last = -1e9;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.hadRecentInput) continue;
        if (e.startTime - last < 1000 && e.startTime - winStart < 5000) win += e.value;
        else { win = e.value; winStart = e.startTime; }
        last = e.startTime;
        if (win > m.cls) m.cls = win;
        if (!m.shift || e.value > m.shift.value) {
          m.shift = {
            value: e.value,
            at: e.startTime,
            sources: (e.sources || []).map((s) => {
              const n = s.node && s.node.nodeType === 1 ? s.node : s.node && s.node.parentElement;
              const id = n && n.id ? '#' + n.id : '';
              return (n ? describe(n) + id : '?') + ' y ' + Math.round(s.previousRect.y) + '→' + Math.round(s.currentRect.y) +
                ' h ' + Math.round(s.previousRect.height) + '→' + Math.round(s.currentRect.height);
            }),
          };
        }
      }
    }).observe({ type: 'layout-shift', buffered: true });
  } catch {}
  // Keep the app's wasm memory in sight (its size is what the catalog costs inside wasm).
  const keep = (r) => {
    try {
      const inst = r && (r.instance || r);
      for (const v of Object.values((inst && inst.exports) || {})) if (v instanceof WebAssembly.Memory) m.memory = v;
    } catch {}
    return r;
  };
  for (const name of ['instantiateStreaming', 'instantiate']) {
    const orig = WebAssembly[name];
    if (typeof orig === 'function') WebAssembly[name] = function (...args) { return orig.apply(this, args).then(keep); };
  }
  // The element the first text inside the target is painted for: Element Timing (like LCP)
  // reports text for its nearest block-level ancestor, so mark that one.
  const textHolder = (el) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (!t.data.trim()) continue;
      let holder = t.parentElement;
      while (holder && holder !== el && getComputedStyle(holder).display.startsWith('inline')) holder = holder.parentElement;
      return holder || el;
    }
    return el;
  };
  let done = false;
  const check = () => {
    if (done) return;
    const el = document.querySelector(SELECTOR);
    if (!el || !el.isConnected) return;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return;
    done = true;
    m.seen = performance.now();
    textHolder(el).setAttribute('elementtiming', 'bench-target');
    requestAnimationFrame(() => { m.frame = performance.now(); });
    obs.disconnect();
    clearInterval(timer);
  };
  const obs = new MutationObserver(check);
  obs.observe(document, { childList: true, subtree: true, characterData: true });
  const timer = setInterval(check, 100);
  // When the app routes a click itself: it has mounted its own page (main#main), and a page the
  // publisher wrote (#prerendered) has given way to it. A page without the app never gets there.
  m.routable = null;
  const routable = () => {
    if (m.routable !== null) return;
    const app = document.getElementById('app');
    const mounted = app ? !app.hidden && app.querySelector('main#main') : document.querySelector('main#main') && !document.getElementById('prerendered');
    if (mounted && document.querySelector(SELECTOR)) {
      m.routable = performance.now();
      routeObs.disconnect();
    }
  };
  const routeObs = new MutationObserver(routable);
  routeObs.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['hidden'] });
})();`;
}

/** Records the network through CDP: bytes on the wire per request, with finish times. */
function trackNetwork(cdp) {
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

const isContentJson = (u) => {
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
async function coldLoad(browser, url, { selector, mobile, timeoutMs, problems, label, keepOpen = false, prime = null, serviceWorkers = 'allow' }) {
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

/** Deduplicated problem lines, in order of first appearance. */
class Problems {
  constructor() {
    this.set = new Map();
  }
  add(line) {
    this.set.set(line, (this.set.get(line) || 0) + 1);
  }
  lines() {
    return [...this.set].map(([l, n]) => (n > 1 ? `${l} (×${n})` : l));
  }
}

// ---------------------------------------------------------------------------------------------
// Publishing: the `portal` program of this crate.

/**
 * Runs the publisher with `args` under GNU time; returns its output, wall seconds and peak RSS.
 * Throws with its output when it fails.
 */
function runPortal(args) {
  if (!fs.existsSync(PORTAL_BIN)) {
    throw new Error(`${PORTAL_BIN} is missing: build it first (cargo build --release --bin portal)`);
  }
  const timeFile = path.join(os.tmpdir(), `portal-time-${process.pid}-${Date.now()}`);
  const r = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%e %M', PORTAL_BIN, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  let seconds = NaN;
  let peakKb = NaN;
  try {
    [seconds, peakKb] = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    fs.rmSync(timeFile, { force: true });
  } catch {
    // GNU time missing: the numbers stay unknown.
  }
  if (r.error) throw new Error(`cannot run ${PORTAL_BIN}: ${r.error.message} (is GNU time at /usr/bin/time?)`);
  if (r.status !== 0) throw new Error(`portal ${args[0]} exited ${r.status}: ${clip(`${r.stdout}${r.stderr}`, 400)}`);
  return { stdout: r.stdout, seconds, peakBytes: peakKb * 1024 };
}

/** Publishes the bundled sample content into `dir` (a copy of dist/) for the site at `siteUrl`. */
function publishSite(dir, siteUrl) {
  return runPortal(['build', '--content', path.join(REPO, 'public/content'), '--dist', dir, '--site-url', siteUrl]);
}

/** The published seed article with its scripts and what they preload removed: the static floor. */
function staticFloor(published) {
  const html = fs.readFileSync(path.join(published, 'article', SEED_ID, 'index.html'), 'utf8');
  return html
    .replace(/<script\b(?![^>]*application\/ld\+json)[^>]*>[\s\S]*?<\/script>/g, '')
    .replace(/<link\b[^>]*\brel="(?:modulepreload|preload)"[^>]*>/g, '');
}

// ---------------------------------------------------------------------------------------------
// a. Sizes.

function sectionSizes(table, site, published, assets) {
  const t = table.section(
    'a. shipped bytes (gzip -9, brotli q11)',
    ['asset', 'file', 'raw B', 'gzip B', 'brotli B', 'br/raw'],
    ['l', 'l', 'r', 'r', 'r', 'r'],
  );
  const rows = [
    ['wasm', assets.wasm],
    ['JS glue', assets.glue],
    ['boot JS', assets.boot],
    ['CSS', assets.css],
    ['index.html (shell)', 'index.html'],
    ['content feed', 'content/feed.json'],
  ];
  const totals = { raw: 0, gzip: 0, br: 0 };
  const appTotals = { raw: 0, gzip: 0, br: 0 };
  for (const [label, file] of rows) {
    const buf = fs.readFileSync(path.join(site, file));
    const c = compressBest(buf);
    t.row(label, file, fmtInt(buf.length), fmtInt(c.gzip.length), fmtInt(c.br.length), `${((100 * c.br.length) / buf.length).toFixed(1)}%`);
    totals.raw += buf.length;
    totals.gzip += c.gzip.length;
    totals.br += c.br.length;
    if (label !== 'content feed') {
      appTotals.raw += buf.length;
      appTotals.gzip += c.gzip.length;
      appTotals.br += c.br.length;
    }
  }
  t.rule();
  t.row('app total', '(all but the feed)', fmtInt(appTotals.raw), fmtInt(appTotals.gzip), fmtInt(appTotals.br), `${((100 * appTotals.br) / appTotals.raw).toFixed(1)}%`);
  t.row('total', '', fmtInt(totals.raw), fmtInt(totals.gzip), fmtInt(totals.br), `${((100 * totals.br) / totals.raw).toFixed(1)}%`);
  t.rule();
  const seedPage = path.join('article', SEED_ID, 'index.html');
  for (const [label, file] of [['published article', seedPage], ['static floor', 'static-article.html'], ['published home', 'index.html']]) {
    const full = path.join(published, file);
    if (!fs.existsSync(full)) continue;
    const buf = fs.readFileSync(full);
    const c = compressBest(buf);
    t.row(label, file, fmtInt(buf.length), fmtInt(c.gzip.length), fmtInt(c.br.length), `${((100 * c.br.length) / buf.length).toFixed(1)}%`);
  }
  t.note('served by the bench server like deploy/nginx: hashed assets precompressed at these levels;');
  t.note('index.html and content/ compressed per request at level 6 (so the wire bytes below differ a little).');
}

// ---------------------------------------------------------------------------------------------
// b. Cold load, mobile.

/** The three ways the seed article can reach a reader, each on its own server. */
const LOAD_KINDS = ['client', 'published', 'static'];
const KIND_NOTES = {
  client: 'the app alone: the shell, then the wasm renders the page (a build never published)',
  published: 'the page portal build wrote, taken over by the app once it has loaded',
  static: 'the static floor: that written page with its scripts and their preloads removed',
};

/** After a load, a click on 下一篇: whether the app routed it (no document load), and how long. */
async function clickNext(page) {
  const next = page.locator('.prev-next a[rel="next"]');
  if ((await next.count()) === 0) return { routed: false, why: 'no 下一篇 link' };
  const title = (await next.textContent()).trim();
  await page.evaluate(() => { window.__benchSameDocument = true; });
  const t0 = Date.now();
  await next.click();
  await page.waitForFunction((want) => document.querySelector('h1.article-title')?.textContent.trim() === want, title, { timeout: 20_000 });
  const ms = Date.now() - t0;
  const routed = await page.evaluate(() => window.__benchSameDocument === true);
  return { routed, ms };
}

async function sectionLoad(table, browser, servers, problems) {
  const t = table.section(
    `b. cold load of the seed article, mobile (CPU 4×, 150 ms RTT, 1.6 Mbit/s down, cache off), ${RUNS} runs in rotation`,
    ['run', 'page', 'FCP ms', 'LCP ms', 'h1 ms', 'CLS', 'KB', 'KB≤LCP', 'req', 'routes ms', 'LCP element'],
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
  );
  const pages = {
    client: `${servers.client.url}/article/${SEED_ID}`,
    published: `${servers.published.url}/article/${SEED_ID}`,
    static: `${servers.published.url}/static-article.html`,
  };
  const results = Object.fromEntries(LOAD_KINDS.map((k) => [k, []]));
  const routed = Object.fromEntries(LOAD_KINDS.map((k) => [k, []]));
  // A warm-up load of each (not counted): the server's and the browser's first-time costs.
  for (const kind of LOAD_KINDS) {
    await coldLoad(browser, pages[kind], { selector: 'h1.article-title', mobile: true, timeoutMs: MOBILE_TIMEOUT, problems, label: `load warm-up ${kind}` });
  }
  for (let i = 0; i < RUNS; i++) {
    // Rotate which goes first, so a drift of the machine weighs on all alike.
    const order = LOAD_KINDS.map((_, j) => LOAD_KINDS[(i + j) % LOAD_KINDS.length]);
    for (const kind of order) {
      log(`load run ${i + 1}/${RUNS} ${kind}`);
      const label = `load ${kind} ${new URL(pages[kind]).pathname}`;
      const run = await coldLoad(browser, pages[kind], {
        selector: 'h1.article-title',
        mobile: true,
        timeoutMs: MOBILE_TIMEOUT,
        problems,
        label,
        keepOpen: kind !== 'static',
      });
      results[kind][i] = run.result;
      if (run.page) {
        // The reader's next click: the app must route it without loading a document.
        try {
          const click = await clickNext(run.page);
          routed[kind][i] = click;
          if (!click.routed) problems.add(`${label}: 下一篇 ${click.why || 'loaded a new document instead of routing in the app'}`);
        } catch (e) {
          problems.add(`${label}: 下一篇 did not open: ${clip(e.message.split('\n')[0], 120)}`);
        } finally {
          await run.context.close();
        }
      }
    }
    for (const kind of LOAD_KINDS) {
      const r = results[kind][i];
      t.row(
        String(i + 1),
        kind,
        fmtMs(r.fcp),
        fmtMs(r.lcp),
        r.timeout ? 'timeout' : fmtMs(r.visible),
        fmtCls(r.cls),
        fmtKB(r.bytes),
        fmtKB(r.bytesBeforeLcp),
        String(r.requests),
        kind === 'static' ? 'never' : fmtMs(r.routable),
        `${r.lcpEl || '?'}${r.lcpSize ? ` (${r.lcpSize} px²)` : ''}`,
      );
    }
  }
  t.rule();
  const keys = ['fcp', 'lcp', 'visible', 'cls', 'bytes', 'bytesBeforeLcp'];
  const med = {};
  for (const kind of LOAD_KINDS) {
    med[kind] = Object.fromEntries([...keys, 'requests', 'routable'].map((k) => [k, median(results[kind].map((r) => r[k]))]));
    t.row('median', kind, fmtMs(med[kind].fcp), fmtMs(med[kind].lcp), fmtMs(med[kind].visible), fmtCls(med[kind].cls), fmtKB(med[kind].bytes), fmtKB(med[kind].bytesBeforeLcp), fmtMs(med[kind].requests), kind === 'static' ? 'never' : fmtMs(med[kind].routable), '');
  }
  t.rule();
  for (const kind of ['client', 'published']) {
    const ratios = results[kind].map((p, i) => Object.fromEntries(keys.map((k) => [k, p[k] / results.static[i][k]])));
    t.row('median of pairs', `${kind}/static`, ...keys.map((k) => (k === 'cls' ? '' : fmtX(median(ratios.map((r) => r[k]))))), '', '', '');
  }
  const enc = [...new Set(results.published.flatMap((r) => r.encodings))].join(', ');
  for (const kind of LOAD_KINDS) t.note(`${kind}: ${KIND_NOTES[kind]}.`);
  t.note('h1 ms: paint of h1.article-title (Element Timing), from navigation start; KB: encodedDataLength summed over');
  t.note(`all requests (KB≤LCP: those finished before LCP); assets were served with Content-Encoding: ${enc || '?'}.`);
  t.note('CLS: largest session window of layout shifts, as Chrome counts it. routes ms: from navigation start until the');
  t.note('app routes a click itself (its page is mounted and shown); after each load a click on 下一篇 is checked to open');
  const clicks = ['client', 'published'].map((k) => {
    const ok = routed[k].filter((c) => c && c.routed);
    return `${k} ${ok.length}/${RUNS} (median ${fmtMs(median(ok.map((c) => c.ms)))} ms to the new h1)`;
  });
  t.note(`the next article without a document load: ${clicks.join(', ')}.`);
  for (const kind of LOAD_KINDS) {
    const worst = results[kind].filter((r) => r.shift).sort((a, b) => b.shift.value - a.shift.value)[0];
    if (worst && worst.cls >= 0.01) {
      t.note(`largest shift (${kind}): ${worst.shift.value.toFixed(3)} at ${fmtMs(worst.shift.at)} ms: ${worst.shift.sources.join('; ')}`);
    }
  }
  return { med };
}

// ---------------------------------------------------------------------------------------------
// c. Scale.

async function routeChanges(browser, server, fromId, count, problems, label) {
  const { context, page, cdp, net } = await coldLoad(browser, `${server.url}/article/${fromId}`, {
    selector: 'h1.article-title',
    mobile: false,
    timeoutMs: DESKTOP_TIMEOUT,
    problems,
    label: `${label} first article`,
    keepOpen: true,
  });
  const out = [];
  try {
    await net.idle(300, 5000);
    const metric = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const get = (n) => (metrics.find((x) => x.name === n) || {}).value ?? NaN;
      return { script: get('ScriptDuration'), task: get('TaskDuration'), layout: get('LayoutDuration') };
    };
    for (let i = 0; i < count; i++) {
      const before = await metric();
      const bytesBefore = net.list().filter((r) => isContentJson(r.url)).length;
      const r = await page.evaluate(async () => {
        const h1 = document.querySelector('h1.article-title');
        if (!h1) return { error: 'no h1.article-title on the first article' };
        const old = h1.textContent;
        const here = location.pathname;
        const link =
          document.querySelector('nav.prev-next a[rel=next]') ||
          document.querySelector('nav.prev-next a[rel=prev]') ||
          [...document.querySelectorAll('aside a[href*="/article/"]')].find((a) => new URL(a.href).pathname !== here);
        if (!link) return { error: 'no link to another article' };
        const target = new URL(link.href).pathname;
        return await new Promise((resolve) => {
          const give = setTimeout(() => resolve({ error: `h1 did not change within 10 s after clicking ${target}` }), 10_000);
          let t0 = 0;
          const check = () => {
            const h = document.querySelector('h1.article-title');
            if (h && h.textContent !== old) {
              obs.disconnect();
              const seen = performance.now();
              requestAnimationFrame(() => {
                const frame = performance.now();
                clearTimeout(give);
                resolve({ ms: frame - t0, dom: seen - t0, target, path: location.pathname });
              });
              return true;
            }
            return false;
          };
          const obs = new MutationObserver(check);
          obs.observe(document.body, { childList: true, subtree: true, characterData: true });
          t0 = performance.now();
          link.click();
        });
      });
      await sleep(250); // effects after the frame
      const after = await metric();
      const fetched = net.list().filter((x) => isContentJson(x.url)).length - bytesBefore;
      if (r.error) {
        problems.add(`${label}: route change ${i + 1}: ${r.error}`);
        out.push({ error: r.error });
        break;
      }
      out.push({ ms: r.ms, script: (after.script - before.script) * 1000, task: (after.task - before.task) * 1000, fetched, target: r.target });
    }
  } finally {
    await context.close();
  }
  return out;
}

async function sectionScale(table, browser, server, work, problems) {
  const cols = SCALE_SIZES.map(fmtN);
  const t = table.section(
    `c. scale, desktop (no throttling, cache off): medians of ${SCALE_RUNS} cold loads, ${ROUTE_CLICKS} route changes`,
    ['measure', ...cols],
  );
  const data = [];
  for (const n of SCALE_SIZES) {
    const dir = path.join(work, `feed-${fmtN(n)}`);
    log(`scale ${fmtN(n)}: generating`);
    const gen = await generate({ items: n, out: dir, channelFeeds: process.env.BENCH_CHANNEL_FEEDS === '1' });
    // Let the kernel write the new files out before measuring, so the disk is quiet.
    const syncStart = Date.now();
    spawnSync('sync', { stdio: 'ignore' });
    gen.syncMs = Date.now() - syncStart;
    server.setContentDir(dir);
    const d = { gen };
    const label = (what) => `scale ${fmtN(n)} ${what}`;
    const many = async (url, selector, what) => {
      const rs = [];
      for (let i = 0; i < SCALE_RUNS; i++) {
        log(`scale ${fmtN(n)}: ${what} ${i + 1}/${SCALE_RUNS}`);
        const { result } = await coldLoad(browser, url, { selector, mobile: false, timeoutMs: DESKTOP_TIMEOUT, problems, label: label(what) });
        rs.push(result);
      }
      return rs;
    };
    // Home: the list, what it fetched, and memory once loaded.
    d.home = await many(`${server.url}/`, 'section.latest ul.article-list li', 'home');
    {
      const { context, page, cdp } = await coldLoad(browser, `${server.url}/`, {
        selector: 'section.latest ul.article-list li',
        mobile: false,
        timeoutMs: DESKTOP_TIMEOUT,
        problems,
        label: label('home (memory)'),
        keepOpen: true,
      });
      try {
        const heap = await cdp.send('Runtime.getHeapUsage');
        await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
        const heapGc = await cdp.send('Runtime.getHeapUsage');
        const wasm = await page.evaluate(() => (window.__bench && window.__bench.memory ? window.__bench.memory.buffer.byteLength : null));
        d.memory = { used: heap.usedSize, usedGc: heapGc.usedSize, wasm };
      } finally {
        await context.close();
      }
    }
    const common = CHANNELS[0];
    const rare = CHANNELS.reduce((a, b) => (b.weight < a.weight ? b : a));
    d.channel = await many(`${server.url}/channel/${common.slug}`, 'ul.article-list li', `channel ${common.slug}`);
    d.rare = await many(`${server.url}/channel/${rare.slug}`, 'ul.article-list li', `channel ${rare.slug}`);
    d.deep = await many(`${server.url}/article/${itemId(n - 1)}`, 'h1.article-title', 'deep link to the oldest item');
    // Article to article: start at the newest item of the common channel.
    log(`scale ${fmtN(n)}: route changes`);
    d.route = await routeChanges(browser, server, itemId(0), ROUTE_CLICKS, problems, label('route change'));
    d.common = common;
    d.rareChannel = rare;
    data.push(d);
    server.setContentDir(null);
    if (process.env.BENCH_KEEP_FEEDS !== '1') fs.rmSync(dir, { recursive: true, force: true });
  }
  const row = (name, f) => t.row(name, ...data.map(f));
  const medOf = (rs, k) => median(rs.map((r) => (r.timeout ? NaN : r[k])));
  const timeouts = (rs) => rs.filter((r) => r.timeout).length;
  const msCell = (rs, k = 'visible') => {
    const to = timeouts(rs);
    const v = fmtMs(medOf(rs, k));
    return to ? `${v} (${to} timeout${to > 1 ? 's' : ''})` : v;
  };
  const contentCell = (rs) => {
    const r = rs.find((x) => !x.timeout) || rs[0];
    return `${fmtKB(r.contentBytes)} KB / ${r.contentRequests} req`;
  };
  row('generate: seconds (+ sync)', (d) => `${(d.gen.ms / 1000).toFixed(1)} (+${(d.gen.syncMs / 1000).toFixed(1)})`);
  row('generate: files / MB on disk', (d) => `${fmtInt(d.gen.files)} / ${(d.gen.bytes / 1e6).toFixed(0)}`);
  t.rule();
  row('home: list visible, ms', (d) => msCell(d.home));
  row('home: FCP / LCP, ms', (d) => `${fmtMs(medOf(d.home, 'fcp'))} / ${fmtMs(medOf(d.home, 'lcp'))}`);
  row('home: CLS', (d) => fmtCls(medOf(d.home, 'cls')));
  row('home: content JSON fetched', (d) => contentCell(d.home));
  row('home: all bytes, KB', (d) => fmtKB(medOf(d.home, 'bytes')));
  row('home: JS heap used, MB', (d) => fmtMB(d.memory?.used));
  row('home: JS heap after GC, MB', (d) => fmtMB(d.memory?.usedGc));
  row('home: wasm memory, MB', (d) => fmtMB(d.memory?.wasm));
  t.rule();
  row(`channel ${data[0]?.common.slug} (${data[0]?.common.weight}%): list visible, ms`, (d) => msCell(d.channel));
  row(`channel ${data[0]?.common.slug}: content JSON fetched`, (d) => contentCell(d.channel));
  row(`channel ${data[0]?.rareChannel.slug} (${data[0]?.rareChannel.weight}%): list visible, ms`, (d) => msCell(d.rare));
  row(`channel ${data[0]?.rareChannel.slug}: content JSON fetched`, (d) => contentCell(d.rare));
  t.rule();
  row('deep link to oldest item: h1 visible, ms', (d) => msCell(d.deep));
  row('deep link to oldest item: content JSON', (d) => contentCell(d.deep));
  t.rule();
  const routeOk = (d) => d.route.filter((r) => !r.error);
  row('article→article: ScriptDuration Δ, ms', (d) => (routeOk(d).length ? median(routeOk(d).map((r) => r.script)).toFixed(1) : 'failed'));
  row('article→article: TaskDuration Δ, ms', (d) => (routeOk(d).length ? median(routeOk(d).map((r) => r.task)).toFixed(1) : 'failed'));
  row('article→article: new h1 shown, ms', (d) => (routeOk(d).length ? median(routeOk(d).map((r) => r.ms)).toFixed(1) : 'failed'));
  row('article→article: content fetched', (d) => (routeOk(d).length ? `${routeOk(d).reduce((s, r) => s + r.fetched, 0)} req in ${routeOk(d).length} clicks` : '–'));
  t.note('list visible: paint of the first list entry (Element Timing on its first text) from navigation start;');
  t.note(`the feed pages hold 100 items, page_size 10; channel ${data[0]?.rareChannel.slug} gets ~1 item in 100, so its first`);
  t.note(process.env.BENCH_CHANNEL_FEEDS === '1'
    ? 'page of 10 would need ~10 feed pages: with BENCH_CHANNEL_FEEDS=1 it reads its own channels/<slug>.json instead;'
    : 'page of 10 needs ~10 feed pages (BENCH_CHANNEL_FEEDS=1: its own channels/<slug>.json instead);');
  t.note('the deep link asks articles/<id>.json (_portal.article_url).');
  t.note('article→article: click on 下一篇 (in-page click → frame after the new h1), CDP Performance.getMetrics deltas.');
  if (data.length) {
    const contentFiles = data.map((d) => `${fmtN(d.gen.items)}: ${d.deep.find((r) => !r.timeout)?.contentFiles.join(' ') || '–'}`);
    t.note(`deep link fetched: ${contentFiles.join('; ')}`);
  }
}

// ---------------------------------------------------------------------------------------------
// f. Repeat visits (the service worker).

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

async function sectionRepeat(table, browser, servers, problems) {
  const t = table.section(
    `f. repeat visit of the seed article, mobile (as b), the service worker installed by a first visit; ${RUNS} runs`,
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

// ---------------------------------------------------------------------------------------------
// e. Publishing at scale.

/** Every file under `dir` with its inode: a file `portal build` rewrote gets a new one. */
function inodes(dir) {
  const out = new Map();
  const walkDir = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walkDir(full);
      else out.set(path.relative(dir, full), fs.statSync(full).ino);
    }
  };
  walkDir(dir);
  return out;
}

/** What a build rewrote, by kind of file: `article/*` pages, `content/articles/*`, … */
function changedKinds(before, after) {
  const kinds = new Map();
  let count = 0;
  for (const [file, ino] of after) {
    if (before.get(file) === ino) continue;
    count += 1;
    const parts = file.split(path.sep);
    const kind = parts.length === 1 ? file : parts[0] === 'content' && parts.length > 2 ? `content/${parts[1]}/*` : `${parts[0]}/*`;
    kinds.set(kind, (kinds.get(kind) || 0) + 1);
  }
  const gone = [...before.keys()].filter((f) => !after.has(f)).length;
  return { count, gone, kinds: [...kinds].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ') };
}

async function sectionPublish(table, work) {
  const cols = SCALE_SIZES.map(fmtN);
  const t = table.section('e. publishing generated content with portal build (target/release/portal, 2 cores)', ['measure', ...cols]);
  const data = [];
  for (const n of SCALE_SIZES) {
    const content = path.join(work, `publish-${fmtN(n)}`);
    const dist = path.join(work, `publish-${fmtN(n)}-dist`);
    log(`publish ${fmtN(n)}: generating`);
    await generate({ items: n, out: content });
    fs.cpSync(DIST, dist, { recursive: true });
    spawnSync('sync', { stdio: 'ignore' });
    const args = ['build', '--content', content, '--dist', dist, '--site-url', 'https://bench.example/'];
    log(`publish ${fmtN(n)}: first build`);
    const first = runPortal(args);
    const files = inodes(dist);
    log(`publish ${fmtN(n)}: again, nothing changed`);
    const again = runPortal(args);
    const afterAgain = inodes(dist);
    // One new item, as an editor adds it: first in the feed, in the busiest channel.
    const feedPath = path.join(content, 'feed.json');
    const feed = JSON.parse(fs.readFileSync(feedPath, 'utf8'));
    const newest = feed.items[0];
    const added = {
      ...newest,
      id: 'bench-new-item',
      title: '新发布的一条资讯：基准测试的增量发布',
      date_published: new Date(Date.parse(newest.date_published) + 600_000).toISOString(),
      _portal: { ...newest._portal, featured: false, views: 1 },
    };
    feed.items.unshift(added);
    fs.writeFileSync(feedPath, JSON.stringify(feed));
    // The generated folder names an article file for every item (_portal.article_url).
    const { items: _, next_url: __, _portal: ___, ...head } = feed;
    fs.writeFileSync(path.join(content, 'articles', `${added.id}.json`), JSON.stringify({ ...head, items: [added] }));
    log(`publish ${fmtN(n)}: one new item`);
    const oneMore = runPortal(args);
    const afterAdded = inodes(dist);
    data.push({
      n,
      first,
      again,
      added: oneMore,
      files: files.size,
      unchanged: changedKinds(files, afterAgain),
      oneItem: changedKinds(afterAgain, afterAdded),
    });
    if (process.env.BENCH_KEEP_FEEDS !== '1') {
      fs.rmSync(content, { recursive: true, force: true });
      fs.rmSync(dist, { recursive: true, force: true });
    }
  }
  const row = (name, f) => t.row(name, ...data.map(f));
  const secs = (r) => r.seconds.toFixed(1);
  const mb = (r) => (r.peakBytes / 1048576).toFixed(0);
  row('first build: seconds', (d) => secs(d.first));
  row('first build: peak RSS, MB', (d) => mb(d.first));
  row('files in the published folder', (d) => fmtInt(d.files));
  row('again, nothing changed: seconds', (d) => secs(d.again));
  row('again: files rewritten', (d) => String(d.unchanged.count));
  row('one new item: seconds', (d) => secs(d.added));
  row('one new item: peak RSS, MB', (d) => mb(d.added));
  row('one new item: files rewritten', (d) => String(d.oneItem.count));
  for (const d of data) t.note(`${fmtN(d.n)}, one new item rewrote: ${d.oneItem.kinds || 'nothing'}`);
  t.note('a file is rewritten only when its bytes change (new inode); unchanged files keep theirs.');
}

// ---------------------------------------------------------------------------------------------
// g. Importing: a CMS's RSS through portal import, check and build.

const IMPORT_ITEMS = envInt('BENCH_IMPORT_ITEMS', 10_000);
const IMPORT_ARCHIVE_MB = envInt('BENCH_IMPORT_ARCHIVE_MB', 50);

async function sectionImport(table, work) {
  const t = table.section(
    'g. importing an RSS 2.0 with portal import, then check and build (target/release/portal, 2 cores)',
    ['input', 'items', 'MB', 'import s', 'import peak RSS MB', 'check s', 'check peak RSS MB', 'build s', 'build peak RSS MB'],
  );
  const inputs = [
    { label: `${fmtN(IMPORT_ITEMS)}-item RSS`, items: IMPORT_ITEMS },
    { label: `${IMPORT_ARCHIVE_MB} MB archive export`, targetBytes: IMPORT_ARCHIVE_MB * 1e6 },
  ];
  for (const input of inputs) {
    const rss = path.join(work, 'import.xml');
    const out = path.join(work, 'imported');
    const dist = path.join(work, 'imported-dist');
    log(`import: generating the ${input.label}`);
    const made = await generateRss({ file: rss, ...input });
    log(`import: ${input.label}`);
    const imported = runPortal(['import', rss, '--out', out]);
    const checked = runPortal(['check', out]);
    fs.cpSync(DIST, dist, { recursive: true });
    const built = runPortal(['build', '--content', out, '--dist', dist, '--site-url', 'https://bench.example/']);
    const mb = (r) => (r.peakBytes / 1048576).toFixed(0);
    t.row(
      input.label,
      fmtInt(made.items),
      (made.bytes / 1e6).toFixed(1),
      imported.seconds.toFixed(2),
      mb(imported),
      checked.seconds.toFixed(2),
      mb(checked),
      built.seconds.toFixed(1),
      mb(built),
    );
    for (const f of [rss, out, dist]) fs.rmSync(f, { recursive: true, force: true });
  }
  t.note('the RSS is bench/generate.mjs --rss: WordPress-shaped (content:encoded, dc:creator, categories, +0800 dates),');
  t.note('the same generated items as sections c and e; import writes 100 items per feed file; build publishes into a copy of dist/.');
}

// ---------------------------------------------------------------------------------------------
// h. Search: the published index, queried in the app.

const SEARCH_SIZES = (process.env.BENCH_SEARCH_SIZES || '10000,100000')
  .split(',').map((x) => Number(x.trim().replace(/k$/i, '000'))).filter((n) => n > 0);
const SEARCH_RUNS = envInt('BENCH_SEARCH_RUNS', 3);
/**
 * Queries of the generated feeds: words of its vocabulary (bench/generate.mjs) from rare to
 * everywhere, and one character.
 */
const GENERATED_QUERIES = ['核聚变', '固态电池', '概念验证中心', '量子信息', '温州', '人才高地', '科技', '的'];
/** The bundled sample: a query and the item a reader means by it. */
const SAMPLE_PRECISION = [
  ['华山一条路', '20210902-wenzhou-kechuang'],
  ['挂牌了事', 'sample-rencai-03'],
  ['标准地', 'sample-yuanqu-03'],
  ['加计扣除', 'sample-policy-01'],
  ['氢燃料电池重卡', 'sample-hydrogen-03'],
  ['院士工作站', 'sample-rencai-03'],
  ['赋权改革', 'sample-policy-03'],
  ['沙蓬', 'sample-shapeng-01'],
  ['工业互联网平台', 'sample-chanye-04'],
  ['创新券', 'sample-policy-04'],
];

/** In the page: when the search form is submitted, and when its answer is painted. */
const SEARCH_TIMER = () => {
  window.__search = { submitted: null, painted: null };
  document.addEventListener('submit', () => {
    window.__search = { submitted: performance.now(), painted: null };
    const seen = () => document.querySelector('main#main .search-count, main#main .search-empty');
    const watch = () => {
      if (seen()) {
        requestAnimationFrame(() => { window.__search.painted = performance.now(); });
      } else {
        requestAnimationFrame(watch);
      }
    };
    requestAnimationFrame(watch);
  }, true);
};

const isIndexFile = (u) => new URL(u).pathname.includes('/content/search/');
const isArticleFile = (u) => new URL(u).pathname.includes('/content/articles/');

/**
 * One query, cold: a fresh context opens the home page, waits for the app, then types the
 * query and submits it. Returns ms from submit to the answer painted, the bytes of index and
 * article files fetched for it, the count shown, and the ids of the results.
 */
async function searchOnce(browser, url, query, { mobile, problems }) {
  const context = await browser.newContext({ ...(mobile ? MOBILE_CONTEXT : DESKTOP_CONTEXT), serviceWorkers: 'block' });
  await context.addInitScript(SEARCH_TIMER);
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.add(`search ${query}: uncaught ${err.name}: ${clip(err.message, 160)}`));
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => !document.getElementById('prerendered') && document.querySelector('#search-q'), null, { timeout: 60_000 });
    const net = trackNetwork(cdp);
    if (mobile) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await cdp.send('Network.emulateNetworkConditions', MOBILE_NETWORK);
    }
    await page.locator('#search-q').fill(query);
    await page.locator('#search-q').press('Enter');
    await page.waitForFunction(() => window.__search && window.__search.painted !== null, null, { timeout: 60_000, polling: 50 });
    await net.idle(300, 10_000);
    const answer = await page.evaluate(() => ({
      ms: window.__search.painted - window.__search.submitted,
      count: (document.querySelector('main#main .search-count') || document.querySelector('main#main .search-empty') || {}).textContent || '',
      ids: [...document.querySelectorAll('main#main .search-result h2 a')].map((a) => decodeURIComponent(a.getAttribute('href').split('/article/')[1] || '')),
    }));
    const finished = net.list().filter((r) => r.end !== undefined);
    const sum = (f) => finished.filter((r) => f(r.url)).reduce((s, r) => s + (r.bytes || 0), 0);
    return { ...answer, indexBytes: sum(isIndexFile), articleBytes: sum(isArticleFile), requests: finished.length };
  } finally {
    await context.close();
  }
}

/** Size of the index on disk, raw and compressed as nginx does it on the fly (level 6). */
function indexSize(dir) {
  let raw = 0;
  let br = 0;
  let files = 0;
  for (const name of fs.readdirSync(dir)) {
    const buf = fs.readFileSync(path.join(dir, name));
    raw += buf.length;
    br += zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 6 } }).length;
    files += 1;
  }
  return { raw, br, files };
}

async function sectionSearch(table, browser, work, problems) {
  const t = table.section(
    'h. search: the index portal build writes, queried in the app (cold cache, median of runs)',
    ['feed', 'query', 'shown', 'desktop ms', 'mobile ms', 'index KB (br)', 'article files KB (br)', 'requests'],
  );
  const sizes = [];
  const precision = [];
  const runQuery = async (label, url, query) => {
    const desktop = [];
    const mobile = [];
    let last = null;
    for (let i = 0; i < SEARCH_RUNS; i++) {
      last = await searchOnce(browser, url, query, { mobile: false, problems });
      desktop.push(last.ms);
      mobile.push((await searchOnce(browser, url, query, { mobile: true, problems })).ms);
    }
    t.row(label, query, last.count.trim().slice(0, 24), fmtMs(median(desktop)), fmtMs(median(mobile)),
      fmtKB(last.indexBytes), fmtKB(last.articleBytes), String(last.requests));
    return last;
  };
  // The bundled sample, published: precision at 1.
  {
    const dist = path.join(work, 'search-sample');
    fs.cpSync(DIST, dist, { recursive: true });
    publishSite(dist, 'https://bench.example/');
    const server = await startServer({ root: dist });
    try {
      for (const [query, expected] of SAMPLE_PRECISION) {
        const r = await searchOnce(browser, `${server.url}/`, query, { mobile: false, problems });
        precision.push(['sample', query, expected, r.ids[0] || '–', r.ids[0] === expected]);
      }
    } finally {
      await server.close();
      fs.rmSync(dist, { recursive: true, force: true });
    }
  }
  for (const n of SEARCH_SIZES) {
    const content = path.join(work, `search-${fmtN(n)}`);
    const dist = path.join(work, `search-${fmtN(n)}-dist`);
    log(`search ${fmtN(n)}: generating and publishing`);
    await generate({ items: n, out: content });
    fs.cpSync(DIST, dist, { recursive: true });
    const built = runPortal(['build', '--content', content, '--dist', dist, '--site-url', 'https://bench.example/']);
    const line = (built.stdout.match(/search index: .*/) || [''])[0];
    const seconds = Number((line.match(/built in ([\d.]+) s/) || [])[1]);
    sizes.push({ n, seconds, build: built.seconds, ...indexSize(path.join(dist, 'content/search')) });
    // Rare queries too: a person's name and a company's from one item's body (names are
    // drawn from many characters: each is in a few items at most).
    const sample = JSON.parse(fs.readFileSync(path.join(content, 'articles', `${itemId(123)}.json`), 'utf8')).items[0];
    const body = sample.content_html.replace(/<[^>]+>/g, '');
    const rare = [
      (body.match(/(?:董事长|总经理|首席科学家|研究员|教授|主任|副局长|技术总监|工程师)([\u4e00-\u9fff]{2,3})表示/) || [])[1],
      (body.match(/”([\u4e00-\u9fff]{2,3})(?:科技|智能|生物|新材料|能源|电子|软件|医疗|半导体|装备|信息|光电|数据|环保|航天)(?:有限公司|股份有限公司|集团|研究院|创新中心|实验室)/) || [])[1],
    ].filter(Boolean);
    const server = await startServer({ root: dist });
    try {
      for (const query of [...rare, ...GENERATED_QUERIES]) {
        log(`search ${fmtN(n)}: ${query}`);
        await runQuery(fmtN(n), `${server.url}/`, query);
      }
      if (n === 10_000) {
        // Precision at 1: an item's whole title finds that item first.
        for (const i of [0, 7, 150, 999, 2500, 4321, 6000, 7777, 9000, 9999]) {
          const id = itemId(i);
          const article = JSON.parse(fs.readFileSync(path.join(content, 'articles', `${id}.json`), 'utf8'));
          const r = await searchOnce(browser, `${server.url}/`, article.items[0].title, { mobile: false, problems });
          precision.push([fmtN(n), article.items[0].title, id, r.ids[0] || '–', r.ids[0] === id]);
        }
      }
    } finally {
      await server.close();
      fs.rmSync(content, { recursive: true, force: true });
      fs.rmSync(dist, { recursive: true, force: true });
    }
  }
  t.note('shown: the count the page shows; KB: bytes on the wire (brotli) of content/search/ files and of the results\' article files.');
  t.note('desktop: 1350×940, no throttling; mobile: the profile of section b (CPU ÷4, 150 ms, 1.6 Mbit/s). Cold: a new context each run.');
  const s = table.section('h. search index size and build time', ['feed', 'files', 'MB', 'MB (br)', 'KB per 1k items (br)', 'index built in s', 'whole build s']);
  for (const z of sizes) {
    s.row(fmtN(z.n), fmtInt(z.files), fmtMB(z.raw), fmtMB(z.br), (z.br / 1024 / (z.n / 1000)).toFixed(0), Number.isFinite(z.seconds) ? z.seconds.toFixed(1) : '–', z.build.toFixed(1));
  }
  const p = table.section('h. search precision at 1 (the expected item first?)', ['feed', 'query', 'expected', 'first', 'ok'], ['l', 'l', 'l', 'l', 'l']);
  for (const [feed, query, expected, first, ok] of precision) p.row(feed, clip(query, 30), expected, first, ok ? 'yes' : 'NO');
  const hits = precision.filter((r) => r[4]).length;
  p.note(`precision at 1: ${hits} of ${precision.length}`);
}

// ---------------------------------------------------------------------------------------------
// d. Lighthouse.

function runLighthouse(url, preset, work) {
  const cli = path.join(REPO, 'node_modules/lighthouse/cli/index.js');
  if (!fs.existsSync(cli)) throw new Error(`lighthouse is not installed (${cli}): npm ci`);
  const out = path.join(work, `lh-${preset}-${Date.now()}.json`);
  const profile = fs.mkdtempSync(path.join(work, 'lh-profile-'));
  const args = [
    cli,
    url,
    '--output=json',
    `--output-path=${out}`,
    '--quiet',
    '--only-categories=performance,accessibility,best-practices,seo',
    `--chrome-flags=${[...CHROMIUM_FLAGS, `--user-data-dir=${profile}`].join(' ')}`,
    '--max-wait-for-load=60000',
  ];
  if (preset === 'desktop') args.push('--preset=desktop');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, CHROME_PATH: CHROMIUM },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const kill = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('exit', (code, signal) => {
      clearTimeout(kill);
      fs.rmSync(profile, { recursive: true, force: true });
      if (code !== 0 || !fs.existsSync(out)) {
        reject(new Error(`lighthouse ${preset} ${url} exited ${code ?? signal}: ${clip(stderr.trim().split('\n').slice(-3).join(' | '), 300)}`));
        return;
      }
      const lhr = JSON.parse(fs.readFileSync(out, 'utf8'));
      fs.rmSync(out, { force: true });
      resolve(lhr);
    });
  });
}

async function sectionLighthouse(table, servers, work, problems) {
  const t = table.section(
    'd. Lighthouse 12 (mobile: default simulated throttling; desktop: --preset=desktop)',
    ['page', 'form', 'perf', 'a11y', 'best-pr', 'seo', 'FCP ms', 'LCP ms', 'TBT ms', 'CLS', 'SI ms'],
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
  const pages = ['published', 'client'].flatMap((kind) => [
    [`home (${kind})`, `${servers[kind].url}/`],
    [`seed article (${kind})`, `${servers[kind].url}/article/${SEED_ID}`],
  ]);
  const lost = new Map();
  for (const preset of ['mobile', 'desktop']) {
    for (const [name, url] of pages) {
      log(`lighthouse ${preset} ${name}`);
      let lhr;
      try {
        lhr = await runLighthouse(url, preset, work);
      } catch (e) {
        t.row(name, preset, 'failed', '', '', '', '', '', '', '', '');
        problems.add(`lighthouse: ${e.message}`);
        continue;
      }
      const score = (id) => {
        const s = lhr.categories[id]?.score;
        return s === null || s === undefined ? '–' : String(Math.round(s * 100));
      };
      const num = (id) => lhr.audits[id]?.numericValue;
      t.row(
        name,
        preset,
        score('performance'),
        score('accessibility'),
        score('best-practices'),
        score('seo'),
        fmtMs(num('first-contentful-paint')),
        fmtMs(num('largest-contentful-paint')),
        fmtMs(num('total-blocking-time')),
        Number.isFinite(num('cumulative-layout-shift')) ? num('cumulative-layout-shift').toFixed(3) : '–',
        fmtMs(num('speed-index')),
      );
      if (lhr.runtimeError) problems.add(`lighthouse ${preset} ${name}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      for (const w of lhr.runWarnings || []) problems.add(`lighthouse ${preset} ${name}: warning: ${clip(w, 200)}`);
      // Audits that cost points outside performance: what to fix.
      for (const cat of ['accessibility', 'best-practices', 'seo']) {
        for (const ref of lhr.categories[cat]?.auditRefs || []) {
          const a = lhr.audits[ref.id];
          if (!a || ref.weight === 0 || a.score === null || a.score >= 1) continue;
          const key = `${cat}: ${ref.id}`;
          if (!lost.has(key)) lost.set(key, new Set());
          lost.get(key).add(`${preset} ${name}`);
        }
      }
    }
  }
  if (lost.size === 0) t.note('no weighted audit failed in accessibility, best-practices or seo.');
  for (const [key, where] of lost) t.note(`failed ${key} (${[...where].join(', ')})`);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    console.error(
      `bench: ${path.relative(process.cwd(), DIST) || DIST}/index.html is missing: build the portal first\n` +
        `  cd ${REPO} && PATH=$PWD/node_modules/.bin:$PATH trunk build --release`,
    );
    process.exit(1);
  }
  const started = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kechuang-bench-'));
  // The build as Trunk made it (the app alone), and a copy published by `portal build`.
  const site = path.join(work, 'site');
  fs.cpSync(DIST, site, { recursive: true });
  const published = path.join(work, 'published');
  fs.cpSync(DIST, published, { recursive: true });
  const assets = findAssets(site);
  const table = new Table();
  const problems = new Problems();
  const failures = [];
  const durations = [];
  const server = await startServer({ root: site });
  const publishedServer = await startServer({ root: published });
  const servers = { client: server, published: publishedServer };
  log(`serving ${path.relative(REPO, DIST)} (copy in ${site}) at ${server.url}, published (${published}) at ${publishedServer.url}; sections: ${SECTIONS.join(', ')}`);
  let publishError = null;
  try {
    publishSite(published, `${publishedServer.url}/`);
    fs.writeFileSync(path.join(published, 'static-article.html'), staticFloor(published));
  } catch (e) {
    publishError = `the published copy could not be made: ${e.message}`;
  }
  let browser = null;
  const needBrowser = ['load', 'repeat', 'scale', 'search'].some((s) => SECTIONS.includes(s));
  let chromium = null;
  if (needBrowser) ({ chromium } = await import('playwright-core'));
  const getBrowser = async () => {
    if (!browser) browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, timeout: 60_000 });
    return browser;
  };
  const stopping = () => {
    fs.rmSync(work, { recursive: true, force: true });
  };
  process.on('SIGINT', () => {
    stopping();
    process.exit(130);
  });

  const run = async (name, fn) => {
    if (!SECTIONS.includes(name)) return;
    const t0 = Date.now();
    const load0 = os.loadavg()[0];
    const loads = () => `${load0.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}`;
    log(`section ${name}`);
    try {
      await fn();
      durations.push([name, (Date.now() - t0) / 1000, loads(), 'ok']);
    } catch (e) {
      failures.push(`${name}: ${e.message}`);
      durations.push([name, (Date.now() - t0) / 1000, loads(), `FAILED: ${clip(e.message, 120)}`]);
      log(`section ${name} failed: ${e.stack || e.message}`);
      // A browser that went away takes the next sections with it: start a new one for them.
      if (browser && !browser.isConnected()) browser = null;
    }
  };
  try {
    await run('sizes', async () => sectionSizes(table, site, published, assets));
    await run('load', async () => {
      if (publishError) throw new Error(publishError);
      await sectionLoad(table, await getBrowser(), servers, problems);
    });
    await run('repeat', async () => {
      if (publishError) throw new Error(publishError);
      await sectionRepeat(table, await getBrowser(), servers, problems);
    });
    await run('scale', async () => sectionScale(table, await getBrowser(), server, work, problems));
    if (browser) {
      await browser.close().catch(() => {});
      browser = null;
    }
    await run('publish', async () => sectionPublish(table, work));
    await run('import', async () => sectionImport(table, work));
    await run('search', async () => sectionSearch(table, await getBrowser(), work, problems));
    await run('lighthouse', async () => {
      if (publishError) throw new Error(publishError);
      await sectionLighthouse(table, servers, work, problems);
    });
  } finally {
    if (browser) await browser.close().catch(() => {});
    await server.close();
    await publishedServer.close();
    stopping();
  }

  const p = table.section('problems seen (console errors and warnings, pages that never showed, failed requests)', ['problems'], ['l']);
  const lines = problems.lines();
  p.row(lines.length === 0 ? 'none' : String(lines.length));
  lines.forEach((l, i) => p.note(`${i + 1}. ${clip(l, 300)}`));
  const d = table.section('time taken', ['section', 'seconds', 'load avg', 'status'], ['l', 'r', 'r', 'l']);
  for (const [name, s, load, status] of durations) d.row(name, s.toFixed(1), load, status);
  d.row('total', ((Date.now() - started) / 1000).toFixed(1), '', '');
  d.note(`load avg: the machine's 1-minute load average at the section's start → end (the benchmark's own browser`);
  d.note(`and generator count: up to ~4 is its own on ${os.cpus().length} cores; much more means other work competed).`);
  d.note(`chromium: ${CHROMIUM}; ${os.cpus().length} cores; node ${process.version}; runs: BENCH_RUNS=${RUNS}, BENCH_SCALE_RUNS=${SCALE_RUNS}, BENCH_ROUTE_CLICKS=${ROUTE_CLICKS}`);
  process.stdout.write(`${table.render()}\n`);
  if (failures.length) {
    console.error(`\nbench: ${failures.length} section(s) could not run:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(`bench: ${e.stack || e.message}`);
  process.exit(1);
});
