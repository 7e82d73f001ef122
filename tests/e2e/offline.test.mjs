// The service worker (public/sw.js, written into release builds by scripts/service-worker.sh):
// a published portal behind portal.conf, read again without a network; a second deploy offered
// as 有新版本 and taken only when the reader says so; the sub-path's scope; installability;
// the kill switch an operator deploys to take a broken worker away.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { CHROMIUM_FLAGS } from '../support/chromium.mjs';
import { encodeSegment } from '../support/route-segment.mjs';
import { CHROMIUM, REPO, launchBrowser, openPage, screenshotDir, untilControlled, waitForText } from './helpers.mjs';
import { startPublishedPortal } from './server.mjs';

const SEED_ID = '20210902-wenzhou-kechuang';
const authored = JSON.parse(fs.readFileSync(path.join(REPO, 'public/content/feed.json'), 'utf8'));
const authored2 = JSON.parse(fs.readFileSync(path.join(REPO, 'public/content/feed-2.json'), 'utf8'));
const ALL = [...authored.items, ...authored2.items];
const SEED = ALL.find((i) => i.id === SEED_ID);
/** An article never opened in these tests: its page and file are not cached. */
const UNSEEN = ALL.find((i) => i.id !== SEED_ID && i.title && typeof i.id === 'string' && /^[a-z0-9-]+$/.test(i.id));

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Waits until a service worker controls the page, then loads each of `paths` through it. */
async function controlledVisits(page, paths) {
  await untilControlled(page);
  for (const p of paths) {
    await page.goto(p);
    await page.waitForFunction(() => !document.getElementById('prerendered') && !document.querySelector('.skeleton'));
    // The worker keeps its copies behind its answers (public/sw.js, `keepCopy`): wait until the
    // page and every content file it loaded are kept, as a reader's next visit would find them.
    await until(() => page.evaluate(async () => {
      const loaded = performance.getEntriesByType('resource')
        .filter((r) => (r.responseStatus ?? 200) === 200 && /\/content\/.*\.(json|bin)$/.test(r.name));
      const wanted = [location.href, ...loaded.map((r) => r.name)];
      for (const url of wanted) if (!(await caches.match(url, { ignoreSearch: true }))) return false;
      return true;
    }), `${p} and its content kept`);
  }
}

/**
 * Polls `check` (which may be async) until it gives true, for up to 30 s; else fails, saying
 * what `explain` (async) finds.
 */
async function until(check, what = 'the condition', explain = async () => '') {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} never came true ${await explain()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Whether `selector` is displayed (not display: none). */
const shown = (page, selector) => page.evaluate((s) => {
  const el = document.querySelector(s);
  return !!el && getComputedStyle(el).display !== 'none';
}, selector);

describe('offline and repeat visits (the service worker)', () => {
  let server;
  before(async () => {
    server = await startPublishedPortal();
  });
  after(async () => {
    await server?.stop();
  });

  test('the worker registers after load, controls its scope, and the page is installable', async () => {
    const p = await openPage(browser, { baseURL: server.url });
    // Installability is judged in a profile of its own: an incognito context never is.
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-e2e-profile-'));
    const persistent = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    try {
      await p.page.goto('/');
      const scope = await p.page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
      assert.equal(scope, `${server.url}/`);
      const installable = persistent.pages()[0] || (await persistent.newPage());
      await installable.goto(`${server.url}/`);
      await installable.evaluate(() => navigator.serviceWorker.ready);
      const cdp = await persistent.newCDPSession(installable);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      assert.deepEqual(installabilityErrors, [], 'Chrome finds the portal installable');
      const manifest = await (await fetch(`${server.url}/manifest.webmanifest`)).json();
      assert.equal(manifest.name, authored._portal.site_name, 'portal build named the site');
      assert.equal(manifest.start_url, './');
      const head = await fetch(`${server.url}/sw.js`);
      assert.equal(head.headers.get('cache-control'), 'no-cache');
      const csp = head.headers.get('content-security-policy');
      assert.match(csp, /worker-src 'self'/);
      // Inline styles are allowed by the header (each written page narrows them to its own
      // block's hash, docs/serving.md); inline scripts never.
      assert.doesNotMatch(csp.split(';').find((d) => d.trim().startsWith('script-src')), /unsafe-inline/);
      p.clean();
    } finally {
      await p.close();
      await persistent.close();
      fs.rmSync(profile, { recursive: true, force: true });
    }
  });

  test('offline, pages seen before reload from the cache with the banner; an unseen one lists what is kept', async () => {
    const p = await openPage(browser, { baseURL: server.url, width: 390, height: 844 });
    try {
      await p.page.goto('/');
      await controlledVisits(p.page, ['/', `/article/${encodeSegment(SEED_ID)}`]);
      assert.equal(await shown(p.page, '.offline-notice'), false, 'no banner online');
      await p.context.setOffline(true);

      await p.page.reload();
      await waitForText(p.page, 'h1.article-title', SEED.title);
      await p.page.waitForFunction(() => !document.getElementById('prerendered'));
      await p.page.waitForFunction(() => document.documentElement.classList.contains('offline'));
      assert.ok(await shown(p.page, '.offline-notice'), 'the offline banner');
      assert.equal((await p.page.locator('.offline-notice').textContent()).trim(), '当前离线，显示的是已缓存的内容。');
      await p.page.screenshot({ path: path.join(screenshotDir(), 'offline-article-390.png') });

      await p.page.goto('/');
      await p.page.waitForFunction(() => document.querySelectorAll('section.latest .article-list li').length > 0);
      assert.ok(await shown(p.page, '.offline-notice'));

      await p.page.goto(`/article/${encodeSegment(UNSEEN.id)}`);
      await waitForText(p.page, '.offline-page h1', '当前离线');
      await waitForText(p.page, '.offline-page .title-list a', SEED.title);
      await p.page.screenshot({ path: path.join(screenshotDir(), 'offline-unseen-390.png') });
      await p.context.setOffline(false);
      p.noCrash();
    } finally {
      await p.close();
    }
  });

  test('a repeat visit asks the network for no wasm, JS or CSS', async () => {
    const p = await openPage(browser, { baseURL: server.url });
    try {
      await p.page.goto(`/article/${encodeSegment(SEED_ID)}`);
      await controlledVisits(p.page, [`/article/${encodeSegment(SEED_ID)}`]);
      const fromNetwork = [];
      p.page.on('response', (r) => {
        if (!r.fromServiceWorker() && /\.(wasm|js|css)$/.test(new URL(r.url()).pathname)) fromNetwork.push(r.url());
      });
      await p.page.reload();
      await p.page.waitForFunction(() => !document.getElementById('prerendered'));
      assert.deepEqual(fromNetwork, []);
      p.clean();
    } finally {
      await p.close();
    }
  });

  test('a new deploy is offered as 有新版本; taken on 点击刷新, its CSS in use and the old cache gone', async () => {
    const p = await openPage(browser, { baseURL: server.url });
    try {
      await p.page.goto('/');
      await controlledVisits(p.page, ['/']);
      const cachesBefore = await p.page.evaluate(() => caches.keys());
      const oldShell = cachesBefore.find((n) => n.startsWith('portal-shell-'));
      assert.ok(oldShell, JSON.stringify(cachesBefore));

      // The second build: the same app with one rule more in its stylesheet, deployed as
      // Trunk and the hook would deploy it (a new hashed name, pages naming it, a new worker).
      redeployWithCss(server.dist, 'body { --portal-build: 2; }');

      await p.page.reload();
      await p.page.waitForFunction(() => document.documentElement.classList.contains('update-ready'), null, { timeout: 30_000 });
      assert.ok(await shown(p.page, '.update-notice'), 'the notice shows');
      assert.equal(await p.page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--portal-build')), '',
        'nothing reloaded under the reader');
      await p.page.screenshot({ path: path.join(screenshotDir(), 'update-notice-1280.png') });
      await Promise.all([p.page.waitForEvent('load'), p.page.locator('.update-reload').click()]);
      await p.page.waitForFunction(() => getComputedStyle(document.body).getPropertyValue('--portal-build').trim() === '2');
      const cachesAfter = await p.page.evaluate(() => caches.keys());
      assert.ok(!cachesAfter.includes(oldShell), `the old build's cache is gone: ${cachesAfter}`);
      assert.ok(cachesAfter.some((n) => n.startsWith('portal-shell-') && n !== oldShell), `${cachesAfter}`);
      p.noCrash();
    } finally {
      await p.close();
    }
  });

  test('the kill switch (deploy/sw-kill-switch.js as sw.js) takes the worker out of the way', async () => {
    const p = await openPage(browser, { baseURL: server.url });
    try {
      await p.page.goto('/');
      await controlledVisits(p.page, ['/']);
      fs.copyFileSync(path.join(REPO, 'deploy/sw-kill-switch.js'), path.join(server.dist, 'sw.js'));
      // The next visit installs it; it clears the caches and answers nothing from then on.
      await p.page.reload();
      await until(() => p.page.evaluate(async () => (await caches.keys()).length === 0), 'no cache left', async () => {
        // What a failure needs to be understood (one CI run of many saw caches left after 30 s):
        // the worker's state as the page sees it, and what the server was asked for sw.js.
        const state = await p.page.evaluate(async () => {
          const registration = await navigator.serviceWorker.getRegistration();
          return {
            caches: await caches.keys(),
            controlled: !!navigator.serviceWorker.controller,
            active: registration?.active?.state,
            waiting: registration?.waiting?.state,
            installing: registration?.installing?.state,
          };
        });
        const asked = fs.readFileSync(path.join(server.dir, 'access.log'), 'utf8').split('\n').filter((l) => l.includes('sw.js'));
        return `${JSON.stringify(state)}; sw.js requests: ${asked.join(' | ')}`;
      });
      for (const visit of [1, 2]) {
        const fromWorker = [];
        const seen = (r) => { if (r.fromServiceWorker()) fromWorker.push(r.url()); };
        p.page.on('response', seen);
        await p.page.reload();
        await p.page.waitForFunction(() => !document.getElementById('prerendered'));
        p.page.off('response', seen);
        assert.deepEqual(fromWorker, [], `visit ${visit} after the kill switch: all from the network`);
        assert.deepEqual(await p.page.evaluate(() => caches.keys()), [], `visit ${visit}: nothing cached`);
      }
      p.noCrash();
    } finally {
      await p.close();
    }
  });
});

describe('the service worker under a sub-path', () => {
  let sub;
  before(async () => {
    sub = await startPublishedPortal({ sub: true });
  });
  after(async () => {
    await sub?.stop();
  });

  test('its scope is /portal/, and pages seen reload offline', async () => {
    const p = await openPage(browser, { baseURL: sub.url });
    try {
      await p.page.goto('/portal/');
      const scope = await p.page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
      assert.equal(scope, `${sub.url}/portal/`);
      await controlledVisits(p.page, [`/portal/article/${encodeSegment(SEED_ID)}`]);
      await p.context.setOffline(true);
      await p.page.reload();
      await waitForText(p.page, 'h1.article-title', SEED.title);
      await p.context.setOffline(false);
      p.noCrash();
    } finally {
      await p.close();
    }
  });
});

/**
 * Deploys a second build of the app into `dist`: the stylesheet with `rule` added under a new
 * hashed name, every page and the shell naming it, the old one gone, and the worker written
 * again by the same hook Trunk runs (scripts/service-worker.sh).
 */
function redeployWithCss(dist, rule) {
  const old = fs.readdirSync(dist).find((n) => /^main-[0-9a-f]+\.css$/.test(n));
  const next = old.replace(/-[0-9a-f]+\.css$/, '-00000000deadbeef.css');
  fs.writeFileSync(path.join(dist, next), `${fs.readFileSync(path.join(dist, old), 'utf8')}\n${rule}\n`);
  for (const ext of ['', '.gz', '.br']) fs.rmSync(path.join(dist, old + ext), { force: true });
  const pages = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory() && e.name !== 'content') walk(full);
      else if (e.name.endsWith('.html')) pages.push(full);
    }
  };
  walk(dist);
  for (const file of pages) {
    // The integrity hash Trunk wrote was the old file's.
    const html = fs.readFileSync(file, 'utf8').split(old).join(next).replace(/(<link rel="stylesheet" href="[^"]+") integrity="[^"]+"/, '$1');
    fs.writeFileSync(file, html);
  }
  execFileSync('bash', [path.join(REPO, 'scripts/service-worker.sh')], {
    env: { ...process.env, TRUNK_STAGING_DIR: dist, TRUNK_SOURCE_DIR: REPO, TRUNK_PROFILE: 'release' },
    stdio: 'ignore',
  });
}
