// c. Scale: feeds of 1k/10k/100k generated items served as /content/ to the app alone, desktop.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { CHANNELS, generate, itemId } from '../generate.mjs';
import { coldLoad, isContentJson } from '../lib/browser.mjs';
import { fmtCls, fmtInt, fmtKB, fmtMB, fmtMs, fmtN, log, median, sleep } from '../lib/format.mjs';
import { DESKTOP_TIMEOUT, ROUTE_CLICKS, SCALE_RUNS, SCALE_SIZES } from '../lib/settings.mjs';

export const title = `d. scale, desktop (no throttling, cache off): medians of ${SCALE_RUNS} cold loads, ${ROUTE_CLICKS} route changes`;
export const usesBrowser = true;

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

export async function run({ table, browser: getBrowser, servers, work, problems }) {
  const browser = await getBrowser();
  const server = servers.client;
  const cols = SCALE_SIZES.map(fmtN);
  const t = table.section(title, ['measure', ...cols]);
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
