// Content on another origin: the portal (dist/ copy, portal.conf) with index.html pointing its
// `portal-feed` meta and preload at http://127.0.0.1:<port2>/feed.json, served by
// deploy/nginx/cors-content.conf. The page's policy is extended with that origin (connect-src for
// the feed, img-src for its pictures), in the meta and in the header, as an operator would
// (see security-headers.conf: a plain-http origin is not covered by `https:`).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, openPage, REPO, sampleFeed, waitForApp, waitForText } from './helpers.mjs';
import { freePort, siteCopy, startNginx, tempDir } from './server.mjs';

const feed = sampleFeed();
let server;
let browser;
let portalOrigin;
let contentOrigin;
const dirs = [];

before(async () => {
  const [portalPort, contentPort] = [await freePort(), await freePort()];
  portalOrigin = `http://127.0.0.1:${portalPort}`;
  contentOrigin = `http://127.0.0.1:${contentPort}`;

  const contentRoot = tempDir('portal-e2e-content-');
  fs.cpSync(path.join(REPO, 'dist/content'), contentRoot, { recursive: true });
  const portalRoot = siteCopy('dist');
  dirs.push(contentRoot, portalRoot);

  const indexPath = path.join(portalRoot, 'index.html');
  let html = fs.readFileSync(indexPath, 'utf8');
  const feedUrl = `${contentOrigin}/feed.json`;
  const edits = [
    [/(<meta name="portal-feed" content=")[^"]*(")/, `$1${feedUrl}$2`],
    [/(<link rel="preload" href=")content\/feed\.json(")/, `$1${feedUrl}$2`],
    [/(connect-src 'self' https:)/, `$1 ${contentOrigin}`],
    [/(img-src 'self' https:)/, `$1 ${contentOrigin}`],
  ];
  for (const [re, to] of edits) {
    assert.match(html, re, `index.html has ${re}`);
    html = html.replace(re, to);
  }
  fs.writeFileSync(indexPath, html);

  [server, browser] = await Promise.all([
    startNginx({
      servers: [
        { conf: 'portal.conf', root: portalRoot, port: portalPort },
        { conf: 'cors-content.conf', root: contentRoot, port: contentPort, portalOrigin },
      ],
      extraOrigins: [contentOrigin],
    }),
    launchBrowser(),
  ]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => { res.resume(); res.on('end', () => resolve(res)); }).on('error', reject);
  });
}

describe('content from another origin (CORS)', () => {
  test('home renders the feed fetched from the content origin', async () => {
    const p = await openPage(browser, { baseURL: portalOrigin });
    const { page } = p;
    try {
      const feedResponses = [];
      page.on('response', (r) => { if (r.url().endsWith('/feed.json')) feedResponses.push(r); });
      await page.goto('/');
      await page.locator('section.latest .article-list').waitFor();
      await waitForApp(page);
      assert.equal(await page.locator('section.load-error').count(), 0);
      const titles = await page.locator('section.latest .article-list h3 a').allTextContents();
      assert.equal(titles.length, feed._portal.page_size);
      assert.ok(feedResponses.length >= 1);
      for (const r of feedResponses) {
        assert.equal(new URL(r.url()).origin, contentOrigin, 'the feed comes from the content origin only');
        assert.equal((await r.allHeaders())['access-control-allow-origin'], portalOrigin);
      }
      // Pictures resolve against the feed's URL: the content origin.
      const tile = page.locator('nav.tiles img').first();
      assert.ok((await tile.getAttribute('src')).startsWith(`${contentOrigin}/images/`));
      await page.waitForFunction(() => [...document.querySelectorAll('nav.tiles img')].every((i) => i.complete && i.naturalWidth > 0));
      p.clean('cross-origin home');
    } finally {
      await p.close();
    }
  });

  test('deep links: the seed article, and an item of feed-2.json on the content origin', async () => {
    const p = await openPage(browser, { baseURL: portalOrigin });
    const { page } = p;
    try {
      const seed = feed.items.find((i) => i.id === '20210902-wenzhou-kechuang');
      await page.goto(`/article/${seed.id}`);
      await waitForText(page, 'h1.article-title', seed.title);
      const urls = [];
      page.on('request', (r) => urls.push(r.url()));
      const old = sampleFeed('feed-2.json').items.find((i) => i.id === 'sample-chanye-04');
      await page.goto(`/article/${old.id}`);
      await waitForText(page, 'h1.article-title', old.title);
      assert.ok(urls.includes(`${contentOrigin}/feed-2.json`), urls.join(' '));
      p.clean('cross-origin deep links');
    } finally {
      await p.close();
    }
  });

  test('content server: Access-Control-Allow-Origin only for the portal origin, Vary: Origin', async () => {
    const ok = await get(`${contentOrigin}/feed.json`, { Origin: portalOrigin });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.headers['access-control-allow-origin'], portalOrigin);
    assert.match(ok.headers.vary, /Origin/);
    assert.match(ok.headers['content-type'], /^application\/feed\+json/);
    assert.equal(ok.headers['cache-control'], 'no-cache');

    const other = await get(`${contentOrigin}/feed.json`, { Origin: 'https://evil.example' });
    assert.equal(other.statusCode, 200);
    assert.equal(other.headers['access-control-allow-origin'], undefined);

    const preflight = await new Promise((resolve, reject) => {
      const req = http.request(`${contentOrigin}/feed.json`, {
        method: 'OPTIONS',
        headers: { Origin: portalOrigin, 'Access-Control-Request-Method': 'GET' },
      }, (res) => { res.resume(); res.on('end', () => resolve(res)); });
      req.on('error', reject);
      req.end();
    });
    assert.equal(preflight.statusCode, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], portalOrigin);
    assert.equal((await get(`${contentOrigin}/missing.json`, { Origin: portalOrigin })).statusCode, 404);
  });

  test('a portal origin the content host does not list is refused, and the page says so', async () => {
    // The same portal opened as http://localhost:<port>: a different origin, not in the content
    // host's map, so the feed comes without Access-Control-Allow-Origin and the browser refuses it.
    const otherOrigin = portalOrigin.replace('127.0.0.1', 'localhost');
    const p = await openPage(browser, { baseURL: otherOrigin });
    const { page } = p;
    try {
      await page.goto('/');
      await page.locator('section.load-error').waitFor();
      assert.equal((await page.locator('code.error-file').textContent()).trim(), `${contentOrigin}/feed.json`);
      assert.match(await page.locator('.error-problem').textContent(), /network request failed/);
      p.noCrash('no CORS');
      assert.ok(p.consoleMessages.some((m) => /CORS|Access-Control-Allow-Origin/.test(m)), p.consoleMessages.join('\n'));
    } finally {
      await p.close();
    }
  });
});
