// A written page's first paint from its inline CSS (the stylesheet's critical rules,
// crates/portal/src/critical_css.rs), with the whole stylesheet linked at the body's end:
// - the first screen laid out by the inline rules alone is the one the whole stylesheet lays
//   out: with the stylesheet's request held, every element then visible keeps its place and
//   the part of its box on the screen when it comes, and no layout shift is recorded (phone and desktop; an article, the home page, a
//   channel); and a page whose stylesheet never comes is shown after 10 s all the same;
// - the policy: two releases whose stylesheets differ (so do their inline blocks and hashes),
//   served behind portal.conf, switched by `portal rollback` and back under the running nginx:
//   each page's own block applies before the stylesheet comes, and no policy violation is
//   reported.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, openPage, usePortalAndBrowser } from './helpers.mjs';
import { PORTAL_BIN, REPO, freePort, requireBuild, siteCopy, startNginx, startPublishedPortal, tempDir } from './server.mjs';

const SEED = '/article/20210902-wenzhou-kechuang';
const STYLESHEET = /\/main-[0-9a-f]+\.css$/;

/** Records `securitypolicyviolation` events from the first byte, in `window.__violations`. */
function recordViolations() {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
  });
}

/**
 * Opens `route` with the stylesheet's request held; returns `release()`, which lets it go and
 * waits until the page uses it.
 */
async function openWithStylesheetHeld(p, route) {
  let held;
  const arrived = new Promise((resolve) => { held = resolve; });
  await p.page.route(STYLESHEET, async (r) => { await arrived; await r.continue(); });
  await p.page.addInitScript(recordViolations);
  await p.page.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push(e.value);
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await p.page.goto(route, { waitUntil: 'commit' });
  await p.page.waitForFunction(() => document.querySelector('.site-footer') && document.querySelector('style'));
  await afterPaint(p.page);
  return async () => {
    held();
    await p.page.waitForFunction(() => [...document.styleSheets].some((s) => /\/main-[0-9a-f]+\.css$/.test(s.href ?? '')));
    await afterPaint(p.page);
  };
}

/** Two animation frames: what was laid out has been painted. */
function afterPaint(page) {
  return page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/**
 * Every element the reader can see on the first screen, by its place in the document: where it
 * starts, and the part of its box on the screen.
 */
function firstScreen(page) {
  return page.evaluate(() => {
    const seen = {};
    [...document.body.querySelectorAll('*')].forEach((el, i) => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) return;
      const style = getComputedStyle(el);
      if (style.visibility !== 'visible' || style.display === 'none') return;
      const name = `${i} ${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
      // Where it starts (what a layout shift is) and the part of it on the screen: a box that
      // runs below the screen may grow or shrink there, out of sight.
      const visible = [Math.max(r.left, 0), Math.max(r.top, 0), Math.min(r.right, innerWidth), Math.min(r.bottom, innerHeight)];
      seen[name] = [r.x, r.y, ...visible].map((v) => Math.round(v * 2) / 2).join(',');
    });
    return seen;
  });
}

describe('the first paint from the inline CSS', () => {
  const shared = usePortalAndBrowser(startPublishedPortal);

  for (const [width, height] of [[412, 823], [1350, 940]]) {
    for (const route of [SEED, '/', '/channel/difang']) {
      test(`${route} at ${width}×${height}: nothing seen moves when the stylesheet comes`, async () => {
        const p = await openPage(shared.browser, { width, height, baseURL: shared.server.url, serviceWorkers: 'block' });
        try {
          const release = await openWithStylesheetHeld(p, route);
          const before = await firstScreen(p.page);
          assert.ok(Object.keys(before).some((k) => / a\.site-name$/.test(k)), 'the header is painted before the stylesheet comes');
          if (route === SEED) {
            assert.ok(Object.keys(before).some((k) => / h1\.article-title$/.test(k)), 'the article\'s title too');
          }
          await release();
          const now = await firstScreen(p.page);
          const moved = Object.entries(before).filter(([k, box]) => now[k] !== box).map(([k, box]) => `${k}: ${box} → ${now[k] ?? 'hidden'}`);
          assert.deepEqual(moved, [], 'boxes that changed');
          assert.deepEqual(await p.page.evaluate(() => window.__shifts), [], 'layout shifts');
          assert.deepEqual(await p.page.evaluate(() => window.__violations), [], 'policy violations');
          p.clean();
        } finally {
          await p.close();
        }
      });
    }
  }

  test('a page whose stylesheet never comes is shown all the same after 10 s, not blank for good', async () => {
    const p = await openPage(shared.browser, { width: 412, height: 823, baseURL: shared.server.url, serviceWorkers: 'block' });
    try {
      // A release pruned under a page kept elsewhere: its stylesheet is a 404.
      await p.page.route(STYLESHEET, (r) => r.fulfill({ status: 404, body: 'not found' }));
      const started = Date.now();
      await p.page.goto('/', { waitUntil: 'commit' });
      await p.page.waitForFunction(() => document.querySelector('.site-footer') && document.querySelector('main'));
      const hidden = () => p.page.evaluate(() => getComputedStyle(document.querySelector('main')).visibility);
      assert.equal(await hidden(), 'hidden', 'the home page waits for the stylesheet at first');
      await p.page.waitForFunction(() => getComputedStyle(document.querySelector('main')).visibility === 'visible', null, { timeout: 30_000 });
      const waited = Date.now() - started;
      assert.ok(waited >= 9_000, `shown after ${waited} ms, not before the 10 s`);
      p.noCrash();
    } finally {
      await p.close();
    }
  });
});

describe('a rollback across a stylesheet change', () => {
  let work;
  let site;
  let nginx;
  let browser;
  let siteUrl;
  const releases = [];

  before(async () => {
    requireBuild('dist');
    work = tempDir('portal-e2e-critical-');
    site = path.join(work, 'site');
    const port = await freePort();
    siteUrl = `http://127.0.0.1:${port}/`;
    const first = siteCopy('dist');
    const second = siteCopy('dist');
    // The second release's app: one critical rule changed, so its inline block and hash differ.
    restyle(second, (css) => {
      const rule = '.article-title { margin: 12px 0 8px;';
      assert.ok(css.includes(rule), `the stylesheet still has ${rule}`);
      return css.replace(rule, '.article-title { color: rgb(1, 2, 3); margin: 12px 0 8px;');
    });
    for (const dist of [first, second]) {
      execFileSync(PORTAL_BIN, ['build', '--content', path.join(REPO, 'public/content'), '--dist', dist, '--site-url', siteUrl, '--out', site], { stdio: 'pipe' });
      releases.push(path.basename(fs.readlinkSync(path.join(site, 'current'))));
      fs.rmSync(dist, { recursive: true, force: true });
    }
    assert.notEqual(releases[0], releases[1]);
    [nginx, browser] = await Promise.all([
      startNginx({ servers: [{ conf: 'portal.conf', root: path.join(site, 'current'), port }] }),
      launchBrowser(),
    ]);
  });
  after(async () => {
    await browser?.close();
    await nginx?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  /** The seed article as served now: its title's colour from the inline block alone, then with the stylesheet. */
  async function titleColour() {
    const p = await openPage(browser, { baseURL: siteUrl, serviceWorkers: 'block' });
    try {
      const release = await openWithStylesheetHeld(p, SEED);
      const page = await p.page.evaluate(() => ({
        style: document.querySelector('head style').textContent,
        policy: document.querySelector('meta[http-equiv="Content-Security-Policy"]').content,
      }));
      const hash = `'sha256-${crypto.createHash('sha256').update(page.style).digest('base64')}'`;
      assert.match(page.policy, new RegExp(`style-src 'self' ${hash.replace(/[+/]/g, '\\$&')};`), 'the page\'s policy names its block');
      const colour = () => p.page.evaluate(() => getComputedStyle(document.querySelector('h1.article-title')).color);
      const inline = await colour();
      await release();
      assert.equal(await colour(), inline, 'the same with the stylesheet');
      assert.deepEqual(await p.page.evaluate(() => window.__violations), [], 'policy violations');
      p.clean();
      return inline;
    } finally {
      await p.close();
    }
  }

  test('each release\'s pages run their own inline CSS, before and after portal rollback', async () => {
    assert.equal(await titleColour(), 'rgb(1, 2, 3)', 'the second release, served');
    execFileSync(PORTAL_BIN, ['rollback', '--out', site], { stdio: 'pipe' });
    assert.equal(path.basename(fs.readlinkSync(path.join(site, 'current'))), releases[0]);
    assert.equal(await titleColour(), 'rgb(31, 35, 40)', 'the first release, after the rollback');
    execFileSync(PORTAL_BIN, ['rollback', '--out', site, '--to', releases[1]], { stdio: 'pipe' });
    assert.equal(await titleColour(), 'rgb(1, 2, 3)', 'the second release again');
  });
});

/**
 * Gives the app build in `dist` the stylesheet `change` makes, under a new hashed name named by
 * its index.html (without the integrity Trunk wrote for the old file), the old one gone.
 */
function restyle(dist, change) {
  const old = fs.readdirSync(dist).find((n) => STYLESHEET.test(`/${n}`));
  const next = old.replace(/-[0-9a-f]+\.css$/, '-00000000c0ffee00.css');
  fs.writeFileSync(path.join(dist, next), change(fs.readFileSync(path.join(dist, old), 'utf8')));
  for (const ext of ['', '.gz', '.br']) fs.rmSync(path.join(dist, old + ext), { force: true });
  const index = path.join(dist, 'index.html');
  const html = fs.readFileSync(index, 'utf8').split(old).join(next)
    .replace(/(<link rel="stylesheet" href="[^"]+") integrity="[^"]+"/, '$1');
  fs.writeFileSync(index, html);
}
