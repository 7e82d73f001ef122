// 简/繁 (issue 24's 无障碍 toolbar) on the published sample behind nginx, in Chromium: the seed
// article switched to traditional characters and back (科技创新 → 科技創新 → 科技创新) on the
// written page before the wasm and kept through the takeover, <html lang> following; a later
// page hidden until it is converted (no frame shows it in simplified characters) with the
// table from the service worker's cache; a query typed in traditional characters searching the
// simplified index; axe with the tool on.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { AxeBuilder } from '@axe-core/playwright';

import { barTool, openBar, openPage, takenOver, usePortalAndBrowser } from './helpers.mjs';
import { startPublishedPortal } from './server.mjs';

const SEED = '/article/20210902-wenzhou-kechuang';

const shared = usePortalAndBrowser(startPublishedPortal);

const title = (page) => page.locator('h1.article-title').first().textContent();
const lang = (page) => page.evaluate(() => document.documentElement.lang);


describe('简/繁', () => {
  test('the seed article in traditional characters and back, before the wasm and after the takeover', async () => {
    const p = await openPage(shared.browser, { baseURL: shared.server.url });
    try {
      let release;
      const held = new Promise((resolve) => { release = resolve; });
      await p.page.route('**/*.wasm', async (route) => { await held; await route.continue(); });
      const asked = [];
      p.page.on('request', (r) => { if (r.url().endsWith('/hant.json')) asked.push(r.url()); });
      await p.page.goto(SEED);
      await p.page.locator('#prerendered h1.article-title').waitFor();
      assert.match(await title(p.page), /科技创新/);
      assert.equal(await lang(p.page), 'zh-CN');
      assert.deepEqual(asked, [], 'the table is not fetched before a reader switches');
      await openBar(p.page, '繁體');
      await barTool(p.page, '繁體').click();
      await p.page.waitForFunction(() => /科技創新/.test(document.querySelector('h1.article-title').textContent));
      assert.equal(await lang(p.page), 'zh-Hant');
      assert.equal(await barTool(p.page, '繁體').getAttribute('aria-pressed'), 'true');
      assert.equal(await p.page.getByRole('button', { name: '無障礙' }).count() > 0, true, 'the page\'s own words too');
      assert.equal(asked.length, 1);
      release();
      await takenOver(p.page);
      assert.match(await title(p.page), /科技創新/, 'the app\'s page is converted as it comes');
      await barTool(p.page, '繁體').click();
      await p.page.waitForFunction(() => /科技创新/.test(document.querySelector('h1.article-title').textContent));
      assert.equal(await lang(p.page), 'zh-Hans');
      assert.match(await p.page.locator('.reader-modes').textContent(), /无障碍/);
      assert.equal(await barTool(p.page, '繁體').getAttribute('aria-pressed'), 'false');
      p.clean();
    } finally {
      await p.close();
    }
  });

  test('a later page: the table from the service worker, no frame in simplified characters; axe 0', async () => {
    const p = await openPage(shared.browser, { baseURL: shared.server.url });
    try {
      await p.page.goto(SEED);
      await takenOver(p.page);
      await p.page.waitForFunction(() => navigator.serviceWorker.controller, null, { timeout: 20_000 });
      await openBar(p.page, '繁體');
      await barTool(p.page, '繁體').click();
      await p.page.waitForFunction(() => document.documentElement.lang === 'zh-Hant');
      await p.page.addInitScript(() => {
        window.__frames = [];
        const look = () => {
          const h1 = document.querySelector('h1.article-title');
          if (h1) window.__frames.push({ shown: getComputedStyle(document.body).visibility === 'visible', text: h1.textContent });
          if (window.__frames.length < 120) requestAnimationFrame(look);
        };
        requestAnimationFrame(look);
      });
      await p.page.reload();
      await takenOver(p.page);
      await p.page.waitForFunction(() => window.__frames.length >= 120);
      const frames = await p.page.evaluate(() => window.__frames);
      const shown = frames.filter((f) => f.shown);
      assert.ok(shown.length > 0, 'the page shows');
      assert.deepEqual(shown.filter((f) => /科技创新/.test(f.text)), [], 'never in simplified characters');
      assert.equal(await lang(p.page), 'zh-Hant');
      const kept = await p.page.evaluate(async () => !!(await (await caches.open('portal-hant')).match('hant.json')));
      assert.ok(kept, 'the service worker keeps the table');
      const results = await new AxeBuilder({ page: p.page }).withTags(['wcag2a', 'wcag2aa']).analyze();
      assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes.length}`), [], 'axe with 繁體 on');
      await barTool(p.page, '繁體').click();
      p.clean();
    } finally {
      await p.close();
    }
  });

  for (const before of [true, false]) {
    test(`a query in traditional characters searches the simplified index (${before ? 'written page' : 'the app'})`, async () => {
      const p = await openPage(shared.browser, { baseURL: shared.server.url });
      try {
        if (before) await p.page.route('**/*.wasm', (route) => route.abort());
        await p.page.goto(SEED);
        if (!before) await takenOver(p.page);
        const box = p.page.locator('#search-q').first();
        await box.fill('科技創新');
        await box.press('Enter');
        await p.page.waitForURL(/\/search\?/);
        assert.equal(new URL(p.page.url()).searchParams.get('q'), '科技创新');
        if (!before) {
          await p.page.locator('main .search-results li, main .result').first().waitFor();
          p.clean();
        }
      } finally {
        await p.close();
      }
    });
  }

  test('a link to a search in traditional characters: the query read back before the app reads it', async () => {
    const p = await openPage(shared.browser, { baseURL: shared.server.url });
    try {
      await p.page.goto(`/search?q=${encodeURIComponent('科技創新')}`);
      await p.page.locator('main .search-results li, main .result').first().waitFor();
      assert.equal(new URL(p.page.url()).searchParams.get('q'), '科技创新');
      assert.match(await p.page.locator('h1.page-title').textContent(), /科技创新/);
      // A simplified query is left as it is.
      await p.page.goto(`/search?q=${encodeURIComponent('华山一条路')}`);
      await p.page.locator('main .search-results li, main .result').first().waitFor();
      assert.equal(new URL(p.page.url()).searchParams.get('q'), '华山一条路');
      p.clean();
    } finally {
      await p.close();
    }
  });
});
