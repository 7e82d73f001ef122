// The visit counter (crates/portal-counter) behind the shipped nginx: the sample published with
// `counter = "api/"` in its _portal (as the site file writes it), portal-counter on SQLite
// beside it. Each reader is a browser context of its own, with its own address in
// X-Forwarded-For (nginx believes it from loopback, the counter from nginx) and a desktop
// Chrome User-Agent (headless Chromium's says HeadlessChrome, which the counter takes for a bot).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { APP_TIMEOUT, launchBrowser, waitForText } from './helpers.mjs';
import { freePort, sampleContentCopy, startCounter, startPublishedPortal } from './server.mjs';

const SEED = '20210902-wenzhou-kechuang';
const SEED_VIEWS = 37;
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const LOW = { id: 'sample-rencai-03', title: null };

let server;
let browser;
let counter;
let counterPort;
let work;
let contentDir;

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-e2e-counter-'));
  contentDir = sampleContentCopy({ counter: 'api/' });
  const items = (file) => JSON.parse(fs.readFileSync(path.join(contentDir, file), 'utf8')).items;
  LOW.title = [...items('feed.json'), ...items('feed-2.json')].find((i) => i.id === LOW.id).title;
  counterPort = await freePort();
  [server, browser] = await Promise.all([startPublishedPortal({ content: contentDir, counterPort }), launchBrowser()]);
  counter = await startCounter({ site: server.root, port: counterPort, database: path.join(work, 'counts.sqlite') });
});
after(async () => {
  counter?.kill('SIGKILL');
  await browser?.close();
  await server?.stop();
  for (const dir of [work, contentDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A reader at `address`: a context of its own; its page, the hits it sent, its console. */
async function reader(address) {
  const context = await browser.newContext({
    userAgent: UA, extraHTTPHeaders: { 'X-Forwarded-For': address },
    locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(APP_TIMEOUT);
  const page = await context.newPage();
  const hits = [];
  const problems = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/hit')) hits.push(r.postData()); });
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`${e.name}: ${e.message}`));
  return { context, page, hits, problems };
}

/** Opens the written page of `route` and waits until the app has taken it over. */
async function open(page, route) {
  await page.goto(`${server.url}${route}`);
  await page.waitForFunction(() => !document.getElementById('prerendered') && document.querySelector('#app main'), null, { timeout: APP_TIMEOUT });
}

const settle = (ms = 2500) => new Promise((r) => setTimeout(r, ms));
const views = (page) => page.locator('main .article-meta .views').textContent();

describe('the visit counter behind nginx', () => {
  test('three readers add three to 浏览; a reload by the same reader adds nothing', async () => {
    const readers = await Promise.all(['198.51.100.1', '198.51.100.2', '198.51.100.3'].map(reader));
    for (const r of readers) await open(r.page, `/article/${SEED}`);
    await settle();
    const [first] = readers;
    await first.page.reload();
    await waitForText(first.page, 'main .article-meta .views', `浏览：${SEED_VIEWS + 3}`);
    await settle();
    await first.page.reload();
    await waitForText(first.page, 'main .article-meta .views', `浏览：${SEED_VIEWS + 3}`);
    for (const r of readers) {
      assert.deepEqual(r.problems, [], 'console');
      await r.context.close();
    }
  });

  test('the takeover of a written page sends exactly one hit; a click to another article one more', async () => {
    const r = await reader('198.51.100.10');
    await open(r.page, `/article/${SEED}`);
    await settle(1500);
    assert.deepEqual(r.hits, [SEED], 'boot.js sent it, the app did not again');
    const next = r.page.locator('main .prev-next a[rel=next]');
    const href = decodeURIComponent(await next.getAttribute('href'));
    await next.click();
    await r.page.waitForURL((u) => decodeURIComponent(u.pathname) === href);
    await settle(1500);
    assert.equal(r.hits.length, 2, `hits: ${JSON.stringify(r.hits)}`);
    assert.notEqual(r.hits[1], SEED);
    assert.deepEqual(r.problems, [], 'console');
    await r.context.close();
  });

  test('点击排行 reorders when an article is read more (日)', async () => {
    const firstOfDay = async () => {
      const r = await reader('198.51.100.99');
      await open(r.page, '/');
      await r.page.locator('main .ranking [data-rank=day]').click();
      await r.page.waitForFunction(() => document.querySelector('main .ranking [data-rank=day]').getAttribute('aria-pressed') === 'true');
      const first = (await r.page.locator('main .ranking ol li').first().textContent()).trim();
      await r.context.close();
      return first;
    };
    const before = await firstOfDay();
    assert.notEqual(before, LOW.title, 'not first before');
    for (let i = 0; i < 6; i++) {
      const r = await reader(`203.0.113.${i + 1}`);
      await open(r.page, `/article/${encodeURIComponent(LOW.id)}`);
      await r.context.close();
    }
    // The ranking is made again every 10 s.
    const deadline = Date.now() + 30_000;
    let now = before;
    while (now !== LOW.title && Date.now() < deadline) {
      await settle(3000);
      now = await firstOfDay();
    }
    assert.equal(now, LOW.title, 'read most today');
  });

  test('with the counter stopped, pages show the publish-time numbers, with no console error', async () => {
    counter.kill('SIGKILL');
    await new Promise((r) => counter.once('exit', r));
    const r = await reader('198.51.100.20');
    await open(r.page, `/article/${SEED}`);
    await settle(1500);
    assert.equal((await views(r.page)).trim(), `浏览：${SEED_VIEWS}`);
    assert.equal(await r.page.locator('main .ranking ol li').count(), 10);
    for (const route of ['/', '/channel/difang']) {
      await open(r.page, route);
      assert.equal(await r.page.locator('main .ranking ol li').count(), 10, route);
    }
    assert.deepEqual(r.problems, [], 'console');
    await r.context.close();
  });
});
