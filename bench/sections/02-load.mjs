// b. Cold load of the seed article on the mobile profile: rendered by the app alone (client),
// published by `portal build` and taken over by the app, the static floor (that page without its
// scripts) and the true floor (one HTML file with the whole stylesheet inline, nothing else).

import { coldLoad } from '../lib/browser.mjs';
import { clip, fmtCls, fmtKB, fmtMs, fmtX, log, median } from '../lib/format.mjs';
import { MOBILE_TIMEOUT, RUNS, SEED_ID } from '../lib/settings.mjs';

export const title = `b. cold load of the seed article, mobile (CPU 4×, 150 ms RTT, 1.6 Mbit/s down, cache off), ${RUNS} runs in rotation`;
export const usesBrowser = true;
export const needsPublished = true;

/** The three ways the seed article can reach a reader, each on its own server. */
const LOAD_KINDS = ['client', 'published', 'static', 'floor'];
const KIND_NOTES = {
  client: 'the app alone: the shell, then the wasm renders the page (a build never published)',
  published: 'the page portal build wrote, taken over by the app once it has loaded',
  static: 'the static floor: that written page with its scripts and their preloads removed',
  floor: 'the true floor: that written page as one HTML file, the whole stylesheet inline, no script, no other request',
};

/** After a load, a click on 下一篇: whether the app routed it (no document load), and how long. */
async function clickNext(page) {
  const next = page.locator('.prev-next a[rel="next"]');
  if ((await next.count()) === 0) return { routed: false, why: 'no 下一篇 link' };
  const nextTitle = (await next.textContent()).trim();
  await page.evaluate(() => { window.__benchSameDocument = true; });
  const t0 = Date.now();
  await next.click();
  await page.waitForFunction((want) => document.querySelector('h1.article-title')?.textContent.trim() === want, nextTitle, { timeout: 20_000 });
  const ms = Date.now() - t0;
  const routed = await page.evaluate(() => window.__benchSameDocument === true);
  return { routed, ms };
}

export async function run({ table, browser: getBrowser, servers, problems }) {
  const browser = await getBrowser();
  const t = table.section(
    title,
    ['run', 'page', 'FCP ms', 'LCP ms', 'h1 ms', 'CLS', 'KB', 'KB≤LCP', 'req', 'routes ms', 'LCP element'],
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
  );
  const pages = {
    client: `${servers.client.url}/article/${SEED_ID}`,
    published: `${servers.published.url}/article/${SEED_ID}`,
    static: `${servers.published.url}/static-article.html`,
    floor: `${servers.published.url}/floor-article.html`,
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
        keepOpen: kind === 'client' || kind === 'published',
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
        kind === 'client' || kind === 'published' ? fmtMs(r.routable) : 'never',
        `${r.lcpEl || '?'}${r.lcpSize ? ` (${r.lcpSize} px²)` : ''}`,
      );
    }
  }
  t.rule();
  const keys = ['fcp', 'lcp', 'visible', 'cls', 'bytes', 'bytesBeforeLcp'];
  const med = {};
  for (const kind of LOAD_KINDS) {
    med[kind] = Object.fromEntries([...keys, 'requests', 'routable'].map((k) => [k, median(results[kind].map((r) => r[k]))]));
    t.row('median', kind, fmtMs(med[kind].fcp), fmtMs(med[kind].lcp), fmtMs(med[kind].visible), fmtCls(med[kind].cls), fmtKB(med[kind].bytes), fmtKB(med[kind].bytesBeforeLcp), fmtMs(med[kind].requests), kind === 'client' || kind === 'published' ? fmtMs(med[kind].routable) : 'never', '');
  }
  t.rule();
  // Against each floor: the static one (today's), and the true one (issue 25's target: the written
  // article's LCP ≤ 1.1× and FCP ≤ 1.05× of it).
  for (const [kind, floor] of [['client', 'static'], ['published', 'static'], ['client', 'floor'], ['published', 'floor'], ['static', 'floor']]) {
    const ratios = results[kind].map((p, i) => Object.fromEntries(keys.map((k) => [k, p[k] / results[floor][i][k]])));
    t.row('median of pairs', `${kind}/${floor}`, ...keys.map((k) => (k === 'cls' ? '' : fmtX(median(ratios.map((r) => r[k]))))), '', '', '');
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
}
