// Search of the whole archive through the index `portal build` writes (content/search/),
// behind the shipped nginx config: what is only on the feed's second page is found, phrases,
// full-width letters, no hits, hostile queries, the channel filter, history, an index that no
// longer matches the feed, and a manifest kept from an older release.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, openPage, pathOf, REPO, screenshotDir, takenOver, waitForApp, waitForText } from './helpers.mjs';
import { sampleContentCopy, startPublishedPortal } from './server.mjs';

const authored = JSON.parse(fs.readFileSync(path.join(REPO, 'public/content/feed.json'), 'utf8'));
const authored2 = JSON.parse(fs.readFileSync(path.join(REPO, 'public/content/feed-2.json'), 'utf8'));
const SEED = authored.items.find((i) => i.id === '20210902-wenzhou-kechuang');
const SECOND_PAGE = authored2.items.find((i) => i.id === 'sample-rencai-03');
/** Full-width ＡＩ, which a search for AI must find. */
const FULL_WIDTH = {
  id: 'sample-fullwidth-ai',
  title: 'ＡＩ辅助审查提速专利授权',
  content_html: '<p>示例内容：某知识产权服务中心引入ＡＩ检索工具，专利审查周期缩短。</p>',
  date_published: '2021-07-01T09:00:00+08:00',
  _portal: { channel: 'chanye', sample: true },
};

let server;
let browser;
let contentDir;

before(async () => {
  contentDir = sampleContentCopy({ items: [FULL_WIDTH] });
  [server, browser] = await Promise.all([startPublishedPortal({ content: contentDir }), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (contentDir) fs.rmSync(contentDir, { recursive: true, force: true });
});

/** A page on the published portal; the service worker is not needed here. */
async function searchPage() {
  return openPage(browser, { baseURL: server.url, serviceWorkers: 'block' });
}

/** Waits until the search at the current URL has answered (a count, or a message). */
async function answered(page) {
  await waitForApp(page);
  await page.waitForFunction(() => {
    const main = document.querySelector('main#main');
    return main && !document.getElementById('prerendered') && !main.querySelector('.search-status[role=status]') &&
      (main.querySelector('.search-count, .search-status, .search-empty, .empty'));
  });
}

const titles = (page) => page.locator('.search-results .search-result h2 a').allTextContents();

describe('search through the published index', () => {
  test('the index is published with its own cache rules', async () => {
    const manifest = await fetch(`${server.url}/content/search/index.json`);
    assert.equal(manifest.status, 200);
    assert.equal(manifest.headers.get('cache-control'), 'no-cache');
    const m = await manifest.json();
    assert.equal(m.format, 'kechuang-search/3');
    assert.equal(m.documents, authored.items.length + authored2.items.length + 1);
    assert.equal(m.base.documents + (m.delta ? m.delta.documents : 0), m.documents);
    // The base's shards, then the delta's (a site of fewer than 64 items is all delta).
    const shards = [
      ...m.base.shards.map((hash, n) => `terms-${n}.${hash}.bin`),
      ...(m.delta ? m.delta.shards : []).map((hash, n) => `delta-terms-${n}.${hash}.bin`),
    ];
    assert.ok(shards.length > 0);
    const shard = await fetch(`${server.url}/content/search/${shards[0]}`, { headers: { 'Accept-Encoding': 'br' } });
    assert.equal(shard.status, 200);
    assert.match(shard.headers.get('cache-control'), /immutable/);
    const feed = await (await fetch(`${server.url}/content/feed.json`)).json();
    assert.equal(feed._portal.search_index, 'search/index.json');
  });

  test('a word only in an item of the feed\'s second page is found from the home page\'s box', async () => {
    const p = await searchPage();
    try {
      await p.page.goto('/');
      await takenOver(p.page);
      await p.page.locator('#search-q').fill('挂牌了事');
      await p.page.locator('#search-q').press('Enter');
      await p.page.waitForURL((u) => u.pathname === '/search');
      await answered(p.page);
      assert.deepEqual(await titles(p.page), [SECOND_PAGE.title]);
      assert.equal((await p.page.locator('.search-count').textContent()).trim(), '共找到 1 条结果');
      assert.equal(await p.page.locator('.search-result mark').first().textContent(), '挂牌了事');
      await p.page.screenshot({ path: path.join(screenshotDir(), 'search-second-page-1280.png'), fullPage: true });
      p.clean();
    } finally {
      await p.close();
    }
  });

  test('华山一条路 finds the seed article first; AI finds ＡＩ; no hits says so and offers the latest', async () => {
    const p = await searchPage();
    try {
      await p.page.goto(`/search?q=${encodeURIComponent('华山一条路')}`);
      await answered(p.page);
      assert.equal((await titles(p.page))[0], SEED.title);

      await p.page.goto('/search?q=AI');
      await answered(p.page);
      assert.ok((await titles(p.page)).includes(FULL_WIDTH.title), 'ＡＩ in the title');
      assert.ok((await p.page.locator('.search-result mark', { hasText: 'ＡＩ' }).count()) >= 1, 'ＡＩ highlighted');

      await p.page.goto(`/search?q=${encodeURIComponent('量子纠缠态')}`);
      await answered(p.page);
      assert.match(await p.page.locator('.search-empty').textContent(), /没有找到与“量子纠缠态”相关的资讯/);
      assert.ok((await p.page.locator('main .title-list a').count()) >= 5, 'the latest items offered');
      p.clean();
    } finally {
      await p.close();
    }
  });

  test('a phrase is a phrase: 科技创新 does not match 科技 and 创新 apart', async () => {
    const p = await searchPage();
    try {
      await p.page.goto(`/search?q=${encodeURIComponent('科技创新')}`);
      await answered(p.page);
      const found = await p.page.locator('.search-result').allTextContents();
      assert.ok(found.length >= 1);
      for (const text of found) assert.match(text, /科技创新/, 'every result holds the phrase');
      p.clean();
    } finally {
      await p.close();
    }
  });

  test('hostile queries get an answer or a clear message, and nothing runs', async () => {
    const p = await searchPage();
    try {
      let dialogs = 0;
      p.page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
      const cases = [
        ['氢能'.repeat(5000), /搜索词过长，只按前 64 个字搜索/],
        ['！！！，。、……', /标点、符号和表情不参与搜索/],
        ['<script>alert(1)</script>', /没有找到|找到/],
        ['%00', /没有找到|找到/],
        ['🚀🔥😀', /标点、符号和表情不参与搜索/],
        ['的', /找到/],
      ];
      await p.page.goto('/');
      await takenOver(p.page);
      for (const [query, expected] of cases) {
        // Typed into the box, as a reader would: a 10,000-character query never reaches the
        // server (the app routes the search itself), where it would pass nginx's URL limit.
        const started = Date.now();
        await p.page.locator('#search-q').fill(query);
        await p.page.locator('#search-q').press('Enter');
        await p.page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, query);
        await answered(p.page);
        const elapsed = Date.now() - started;
        assert.match(await p.page.locator('main#main').textContent(), expected, query.slice(0, 20));
        assert.ok(elapsed < 10_000, `${query.slice(0, 20)} answered in ${elapsed} ms`);
        assert.equal(await p.page.locator('main script').count(), 0);
      }
      assert.equal(dialogs, 0, 'no script ran');
      p.clean();
    } finally {
      await p.close();
    }
  });

  test('the channel filter, and back and forward restore each result list', async () => {
    const p = await searchPage();
    try {
      await p.page.goto(`/search?q=${encodeURIComponent('技术')}`);
      await answered(p.page);
      const all = await titles(p.page);
      assert.ok(all.length >= 4);
      await p.page.locator('.search-channels a', { hasText: '科技政策' }).click();
      await p.page.waitForURL((u) => u.search.includes('c=zhengce'));
      await answered(p.page);
      const inChannel = await titles(p.page);
      assert.ok(inChannel.length >= 1 && inChannel.length < all.length, `${inChannel.length} of ${all.length}`);
      for (const meta of await p.page.locator('.search-result .meta').allTextContents()) assert.match(meta, /科技政策/);

      await p.page.locator('#search-q').fill('挂牌了事');
      await p.page.locator('#search-q').press('Enter');
      await p.page.waitForURL((u) => u.search.includes(encodeURIComponent('挂牌了事')));
      await answered(p.page);
      assert.deepEqual(await titles(p.page), [SECOND_PAGE.title]);

      await p.page.goBack();
      await answered(p.page);
      assert.deepEqual(await titles(p.page), inChannel);
      await p.page.goBack();
      await answered(p.page);
      assert.deepEqual(await titles(p.page), all);
      await p.page.goForward();
      await answered(p.page);
      assert.deepEqual(await titles(p.page), inChannel);
      assert.match(pathOf(p.page), /c=zhengce/);
      p.clean();
    } finally {
      await p.close();
    }
  });

  test('a manifest from an older release (its shards deleted) is read again and the search tried once more', async () => {
    const p = await searchPage();
    const real = fs.readFileSync(path.join(server.dist, 'content/search/index.json'), 'utf8');
    // What a reader kept from before a release switch: the same shape, shards that are gone.
    const stale = JSON.parse(real);
    for (const segment of [stale.base, stale.delta].filter(Boolean)) {
      segment.shards = segment.shards.map(() => '0badf00d');
      segment.records = '0badf00d';
    }
    let manifests = 0;
    let gone = 0;
    try {
      await p.page.route('**/content/search/index.json', (route) => {
        manifests += 1;
        return manifests === 1
          ? route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(stale) })
          : route.continue();
      });
      p.page.on('response', (r) => { if (r.url().includes('0badf00d') && r.status() === 404) gone += 1; });
      await p.page.goto(`/search?q=${encodeURIComponent('挂牌了事')}`);
      await answered(p.page);
      assert.ok(gone >= 1, 'the stale manifest\'s shard was asked for and answered 404');
      assert.equal(manifests, 2, 'the manifest read once more, once');
      assert.deepEqual(await titles(p.page), [SECOND_PAGE.title]);
      assert.equal((await p.page.locator('.search-count').textContent()).trim(), '共找到 1 条结果');

      // Still gone after the second reading: the page says so, with no third try.
      await p.page.unroute('**/content/search/index.json');
      manifests = 0;
      await p.page.route('**/content/search/index.json', (route) => {
        manifests += 1;
        return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(stale) });
      });
      await p.page.goto(`/search?q=${encodeURIComponent('氢能')}`);
      await answered(p.page);
      assert.equal(manifests, 2, 'one retry, not a loop');
      assert.match(await p.page.locator('main#main').textContent(), /0badf00d\.bin: HTTP 404/);
      p.noCrash();
    } finally {
      await p.close();
    }
  });

  test('an index older than the feed is said to be, and a missing index falls back to the loaded items', async () => {
    const p = await searchPage();
    const feedPath = path.join(server.dist, 'content/feed.json');
    const manifestPath = path.join(server.dist, 'content/search/index.json');
    const feed = fs.readFileSync(feedPath, 'utf8');
    try {
      // A hand edit after publishing.
      fs.writeFileSync(feedPath, feed.replace(SEED.title, `${SEED.title}（更正）`));
      await p.page.goto(`/search?q=${encodeURIComponent('华山一条路')}`);
      await answered(p.page);
      assert.match(await p.page.locator('.search-note').first().textContent(), /搜索索引与当前内容不一致/);
      assert.ok((await titles(p.page)).length >= 1, 'still searches');

      fs.renameSync(manifestPath, `${manifestPath}.gone`);
      await p.page.goto(`/search?q=${encodeURIComponent('氢能')}`);
      await answered(p.page);
      assert.match(await p.page.locator('.search-note').first().textContent(), /全文索引暂时无法读取（content\/search\/index\.json: HTTP 404.*）：下面只是已加载的/);
      assert.ok((await p.page.locator('main .article-list li').count()) >= 1, 'results from the loaded items');
      p.noCrash();
    } finally {
      fs.writeFileSync(feedPath, feed);
      if (fs.existsSync(`${manifestPath}.gone`)) fs.renameSync(`${manifestPath}.gone`, manifestPath);
      await p.close();
    }
  });
});
