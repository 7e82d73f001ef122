// h. Search: the index `portal build` writes, queried in the app, on the bundled sample and on
// generated feeds.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

import { CHANNELS, generate, itemId } from '../generate.mjs';
import { DESKTOP_CONTEXT, MOBILE_CONTEXT, MOBILE_NETWORK, trackNetwork } from '../lib/browser.mjs';
import { clip, fmtInt, fmtKB, fmtMB, fmtMs, fmtN, log, median } from '../lib/format.mjs';
import { publishSite, runPortal } from '../lib/portal.mjs';
import { DIST, envInt } from '../lib/settings.mjs';
import { startServer } from '../server.mjs';

export const title = 'g. search: the index portal build writes, queried in the app (cold cache, median of runs)';
export const usesBrowser = true;

const SEARCH_SIZES = (process.env.BENCH_SEARCH_SIZES || '10000,100000')
  .split(',').map((x) => Number(x.trim().replace(/k$/i, '000'))).filter((n) => n > 0);
const SEARCH_RUNS = envInt('BENCH_SEARCH_RUNS', 3);
/**
 * Pagefind's binary, for the side-by-side at 10k (never at 100k: it took 8 GB at 10k). Not in
 * CI: `pip install --target DIR pagefind-bin-extended`, then
 * BENCH_PAGEFIND=DIR/pagefind_bin_extended/pagefind_extended.
 */
const PAGEFIND = process.env.BENCH_PAGEFIND || '';
const PAGEFIND_TIMEOUT_S = envInt('BENCH_PAGEFIND_TIMEOUT_S', 900);
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

/**
 * What search reads of every generated item, as portal_core::search::Document::of does: the
 * title, then the summary with its tags, source and channel name, then the body as text. The
 * generated text is Chinese, full stops and digits: folding changes none of it.
 */
function itemTexts(content) {
  const channelName = Object.fromEntries(CHANNELS.map((c) => [c.slug, c.name]));
  const texts = [];
  for (const name of fs.readdirSync(path.join(content, 'articles'))) {
    const item = JSON.parse(fs.readFileSync(path.join(content, 'articles', name), 'utf8')).items[0];
    const p = item._portal || {};
    const summary = [item.summary || '', ...(item.tags || []), p.source, channelName[p.channel]].filter(Boolean).join(' ');
    const body = (item.content_html || '').replace(/<[^>]+>/g, '');
    texts.push({ head: `${item.title}\n${summary}`, all: `${item.title}\n${summary}\n${body}` });
  }
  return texts;
}

/**
 * The true count of `query` by substring: items holding each of its space-separated pieces. A
 * one-character piece is searched in the title and summary only, as the index does (a body's
 * characters are not indexed one by one: docs/search-index.md).
 */
function trueCount(texts, query) {
  const pieces = query.split(/\s+/).filter(Boolean);
  return texts.filter((t) => pieces.every((q) => ([...q].length === 1 ? t.head : t.all).includes(q))).length;
}

/** The count the page shows, and whether it is honest about `truth`. */
function judgeCount(shown, truth) {
  const n = Number((shown.match(/[\d,]+/) || [''])[0].replace(/,/g, ''));
  if (!Number.isFinite(n) || shown.trim() === '') return '–';
  if (shown.includes('约')) return Math.abs(n - truth) <= 0.1 * truth ? `${((n / truth - 1) * 100).toFixed(1)}%` : 'NO (±10%)';
  if (shown.includes('至少')) return n <= truth ? 'lower bound' : 'NO (above)';
  if (shown.includes('没有')) return truth === 0 ? 'exact' : 'NO';
  return n === truth ? 'exact' : 'NO';
}

/**
 * Pagefind over the same written article pages (their <main>, without the lists beside the
 * article), time-capped. Returns its seconds, peak RSS and index size, or why it did not run.
 */
function pagefindIndex(dist) {
  const timeFile = path.join(dist, '..', 'pagefind-time.txt');
  const r = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%e %M', PAGEFIND, '--site', dist, '--glob', 'article/*/index.html',
    '--root-selector', 'main', '--exclude-selectors', 'aside, nav', '--output-subdir', 'pagefind', '--quiet'],
  { encoding: 'utf8', timeout: PAGEFIND_TIMEOUT_S * 1000, maxBuffer: 64 << 20 });
  if (r.error || r.status !== 0) {
    return { problem: r.error ? `${r.error.code || r.error.message} (cap ${PAGEFIND_TIMEOUT_S} s)` : `exit ${r.status}: ${clip(r.stderr || '', 200)}` };
  }
  const [seconds, kb] = fs.readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number);
  let raw = 0;
  let files = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else { raw += fs.statSync(path.join(d, e.name)).size; files += 1; }
    }
  };
  walk(path.join(dist, 'pagefind'));
  return { seconds, rssMB: kb / 1024, raw, files };
}

/**
 * One Pagefind query, cold, as its default UI does it: load pagefind.js, search, and read the
 * first ten results' data (title and excerpt, what the portal's page shows). Returns ms, the
 * count it gives, and the bytes of /pagefind/ files.
 */
async function pagefindOnce(browser, url, query, { mobile, problems }) {
  const context = await browser.newContext({ ...(mobile ? MOBILE_CONTEXT : DESKTOP_CONTEXT), serviceWorkers: 'block', bypassCSP: true });
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.add(`pagefind ${query}: uncaught ${err.name}: ${clip(err.message, 160)}`));
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await page.goto(`${url}/404.html`, { waitUntil: 'load' });
    // Pagefind fetches its index in a Web Worker, which the page's CDP session does not see:
    // the context's events count every request.
    const sizes = [];
    context.on('requestfinished', (r) => {
      if (new URL(r.url()).pathname.startsWith('/pagefind/')) sizes.push(r.sizes().then((z) => z.responseBodySize + z.responseHeadersSize, () => 0));
    });
    const net = trackNetwork(cdp);
    if (mobile) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await cdp.send('Network.emulateNetworkConditions', MOBILE_NETWORK);
    }
    const answer = await page.evaluate(async (q) => {
      const started = performance.now();
      const pagefind = await import('/pagefind/pagefind.js');
      const found = await pagefind.search(q);
      await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
      return { ms: performance.now() - started, count: found.results.length };
    }, query);
    await net.idle(300, 10_000);
    const bytes = (await Promise.all(sizes)).reduce((sum, b) => sum + b, 0);
    return { ...answer, bytes };
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

export async function run({ table, browser: getBrowser, work, problems }) {
  const browser = await getBrowser();
  const t = table.section(
    title,
    ['feed', 'query', 'shown', 'true count', 'honest', 'desktop ms', 'mobile ms', 'index KB (br)', 'article files KB (br)', 'requests'],
  );
  const sizes = [];
  const precision = [];
  let pagefindTable = null;
  const runQuery = async (label, url, query, truth) => {
    const desktop = [];
    const mobile = [];
    let last = null;
    for (let i = 0; i < SEARCH_RUNS; i++) {
      last = await searchOnce(browser, url, query, { mobile: false, problems });
      desktop.push(last.ms);
      mobile.push((await searchOnce(browser, url, query, { mobile: true, problems })).ms);
    }
    const shown = last.count.trim().slice(0, 24);
    t.row(label, query, shown, fmtInt(truth), judgeCount(shown, truth), fmtMs(median(desktop)), fmtMs(median(mobile)),
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
    const texts = itemTexts(content);
    let pagefind = null;
    if (PAGEFIND && n === 10_000) {
      log(`search ${fmtN(n)}: pagefind indexing (cap ${PAGEFIND_TIMEOUT_S} s)`);
      pagefind = { index: pagefindIndex(dist), rows: [] };
    }
    const server = await startServer({ root: dist });
    try {
      for (const query of [...rare, ...GENERATED_QUERIES]) {
        log(`search ${fmtN(n)}: ${query}`);
        const truth = trueCount(texts, query);
        const ours = await runQuery(fmtN(n), `${server.url}/`, query, truth);
        if (pagefind && !pagefind.index.problem) {
          const desktop = [];
          const mobile = [];
          let last = null;
          for (let i = 0; i < SEARCH_RUNS; i++) {
            last = await pagefindOnce(browser, server.url, query, { mobile: false, problems });
            desktop.push(last.ms);
            mobile.push((await pagefindOnce(browser, server.url, query, { mobile: true, problems })).ms);
          }
          pagefind.rows.push([query, truth, ours, last, median(desktop), median(mobile)]);
        }
      }
      if (pagefind) pagefindTable = { n, ...pagefind };
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
  t.note('true count: items holding the query, by substring over the generated items (one character: in title and summary only, as indexed); honest: 共找到 equal to it, 约 within ±10% (its error shown), 至少 not above it.');
  t.note('shown: the count the page shows; KB: bytes on the wire (brotli) of content/search/ files and of the results\' article files.');
  t.note('desktop: 1350×940, no throttling; mobile: the profile of section b (CPU ÷4, 150 ms, 1.6 Mbit/s). Cold: a new context each run.');
  if (pagefindTable) {
    const f = table.section(`h. search beside Pagefind (${fmtN(pagefindTable.n)}, the same written article pages)`,
      ['query', 'true count', 'portal shown', 'Pagefind count', 'portal KB (br)', 'Pagefind KB', 'Pagefind desktop ms', 'Pagefind mobile ms']);
    for (const [query, truth, ours, theirs, desktop, mobile] of pagefindTable.rows) {
      f.row(query, fmtInt(truth), ours.count.trim().slice(0, 24), fmtInt(theirs.count), fmtKB(ours.indexBytes + ours.articleBytes),
        fmtKB(theirs.bytes), fmtMs(desktop), fmtMs(mobile));
    }
    const ix = pagefindTable.index;
    f.note(ix.problem ? `Pagefind did not index: ${ix.problem}` : `Pagefind ${path.basename(PAGEFIND)}: indexed in ${ix.seconds.toFixed(1)} s, peak RSS ${fmtInt(Math.round(ix.rssMB))} MB, ${fmtInt(ix.files)} files, ${fmtMB(ix.raw)} MB.`);
    f.note('Pagefind: pagefind.js loaded, search(q), the first ten results\' data read (title, excerpt), its files as it ships them (already compressed); its ms from import to data, the portal\'s from submit to paint.');
  }
  const s = table.section('h. search index size and build time', ['feed', 'files', 'MB', 'MB (br)', 'KB per 1k items (br)', 'index built in s', 'whole build s']);
  for (const z of sizes) {
    s.row(fmtN(z.n), fmtInt(z.files), fmtMB(z.raw), fmtMB(z.br), (z.br / 1024 / (z.n / 1000)).toFixed(0), Number.isFinite(z.seconds) ? z.seconds.toFixed(1) : '–', z.build.toFixed(1));
  }
  const p = table.section('h. search precision at 1 (the expected item first?)', ['feed', 'query', 'expected', 'first', 'ok'], ['l', 'l', 'l', 'l', 'l']);
  for (const [feed, query, expected, first, ok] of precision) p.row(feed, clip(query, 30), expected, first, ok ? 'yes' : 'NO');
  const hits = precision.filter((r) => r[4]).length;
  p.note(`precision at 1: ${hits} of ${precision.length}`);
}
