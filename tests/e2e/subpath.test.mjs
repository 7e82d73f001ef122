// The sub-path deploy: the /portal/ build (trunk build --release --public-url /portal/
// --dist dist-portal) served by deploy/nginx/portal-subpath.conf. Every route, link and content
// request stays under /portal/.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, openPage, pathOf, sampleFeed, waitForApp, waitForText } from './helpers.mjs';
import { siteCopy, startNginx } from './server.mjs';

const feed = sampleFeed();
const SEED = feed.items.find((i) => i.id === '20210902-wenzhou-kechuang');

let server;
let browser;
let base;
let root;
before(async () => {
  root = siteCopy('dist-portal', 'portal');
  [server, browser] = await Promise.all([
    startNginx({ servers: [{ conf: 'portal-subpath.conf', root }] }),
    launchBrowser(),
  ]);
  base = server.urls[0];
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

async function withPage(body) {
  const p = await openPage(browser, { baseURL: base });
  try {
    await body(p.page);
    p.clean(`at ${p.page.url()}`);
  } finally {
    await p.close();
  }
}

function head(pathname) {
  return new Promise((resolve, reject) => {
    http.get(`${base}${pathname}`, (res) => { res.resume(); res.on('end', () => resolve(res)); }).on('error', reject);
  });
}

describe('sub-path deploy under /portal/', () => {
  test('home at /portal/: content from /portal/content/, every internal link under /portal/', () =>
    withPage(async (page) => {
      const requests = [];
      page.on('request', (r) => requests.push(new URL(r.url()).pathname));
      await page.goto('/portal/');
      await page.locator('section.latest .article-list').waitFor();
      await waitForApp(page);
      assert.equal(await page.evaluate(() => document.baseURI), `${base}/portal/`);
      assert.ok(requests.includes('/portal/content/feed.json'), requests.join(' '));
      assert.ok(!requests.some((r) => r.startsWith('/content/')), 'nothing fetched outside /portal/');
      const hrefs = await page.locator('a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.ok(hrefs.length > 50);
      const outside = hrefs.filter((h) => !h.startsWith('/portal/'));
      assert.deepEqual(outside, [], 'internal links outside /portal/');
      assert.equal(await page.locator('nav.channel-nav a[aria-current="page"]').textContent(), '首页');
      const imgs = await page.locator('nav.tiles img').evaluateAll((is) => is.map((i) => i.getAttribute('src')));
      assert.ok(imgs.every((s) => s.startsWith(`${base}/portal/content/`)), imgs.join(' '));
    }));

  test('click through to an article, reload, back; a channel from the nav', () =>
    withPage(async (page) => {
      await page.goto('/portal/');
      await waitForApp(page);
      await page.locator(`section.latest a[href="/portal/article/${SEED.id}"]`).click();
      await waitForText(page, 'h1.article-title', SEED.title);
      assert.equal(pathOf(page), `/portal/article/${SEED.id}`);
      await page.reload();
      await waitForText(page, 'h1.article-title', SEED.title);
      assert.equal(pathOf(page), `/portal/article/${SEED.id}`);
      await page.locator('nav.breadcrumb a', { hasText: '地方科创' }).click();
      await waitForText(page, 'h1.page-title', '地方科创');
      assert.equal(pathOf(page), '/portal/channel/difang');
      await page.goBack();
      await waitForText(page, 'h1.article-title', SEED.title);
      await page.locator('nav.channel-nav a', { hasText: '人才科研' }).click();
      await waitForText(page, 'h1.page-title', '人才科研');
      assert.equal(pathOf(page), '/portal/channel/rencai');
      await page.locator('footer .footer-links a', { hasText: '关于我们' }).click();
      await waitForText(page, 'h1.page-title', '关于我们');
      assert.equal(pathOf(page), '/portal/page/about');
    }));

  test('deep link to an older item (feed-2.json under /portal/content/)', () =>
    withPage(async (page) => {
      const old = sampleFeed('feed-2.json').items.find((i) => i.id === 'sample-chanye-04');
      await page.goto('/portal/article/sample-chanye-04');
      await waitForText(page, 'h1.article-title', old.title);
    }));

  test('404 under /portal/: unknown route and unknown article', () =>
    withPage(async (page) => {
      for (const route of ['/portal/no/such/page', '/portal/article/does-not-exist']) {
        const response = await page.goto(route);
        assert.equal(response.status(), 200);
        await waitForText(page, '.not-found h1', '页面不存在（404）');
        assert.equal(await page.locator('.not-found a[href="/portal/"]').count(), 1);
        assert.equal(await page.locator('.not-found .title-list a').count(), 8);
      }
      await page.locator('.not-found a[href="/portal/"]').click();
      await page.waitForURL((u) => u.pathname === '/portal/');
      await page.locator('section.latest').waitFor();
    }));

  test('server: /portal redirects, hashed assets are immutable, missing ones 404', async () => {
    const redirect = await head('/portal');
    assert.equal(redirect.statusCode, 301);
    assert.match(redirect.headers.location, /\/portal\/$/);
    const index = await head('/portal/');
    assert.equal(index.statusCode, 200);
    assert.equal(index.headers['cache-control'], 'no-cache');
    const missing = await head('/portal/kechuang-portal-0000000000000000_bg.wasm');
    assert.equal(missing.statusCode, 404);
    const content = await head('/portal/content/feed.json');
    assert.match(content.headers['content-type'], /^application\/feed\+json/);
    assert.equal((await head('/portal/content/nope.json')).statusCode, 404);
    assert.ok(index.headers['content-security-policy'].includes("frame-ancestors 'none'"));
  });
});
