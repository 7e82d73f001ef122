// Reader journeys through the release build, served by deploy/nginx/portal.conf, in headless
// Chromium: what a reader sees and where each click and reload takes them.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  usePortalAndBrowser, openPage, pathOf, sampleFeed, textOf, waitForApp, waitForText,
} from './helpers.mjs';

const feed = sampleFeed('feed.json');
const feed2 = sampleFeed('feed-2.json');
const portal = feed._portal;
const SITE = portal.site_name;
const SEED_ID = '20210902-wenzhou-kechuang';
const byId = (id) => [...feed.items, ...feed2.items].find((i) => String(i.id) === id);
const SEED = byId(SEED_ID);
const URL_ID = 'https://example.com/news/2021/08/园区?id=7#top';
const PERCENT_ID = 'sample-50%-增长 / 测试';
const OLD_ID = 'sample-chanye-04';
/** Items newest first, as the app lists them (stable sort: undated last). */
const latest = [...feed.items, ...feed2.items]
  .map((item, order) => ({ item, order, t: item.date_published ? Date.parse(item.date_published) : null }))
  .sort((a, b) => (a.t === null) - (b.t === null) || (b.t ?? 0) - (a.t ?? 0) || a.order - b.order)
  .map((x) => x.item);

const shared = usePortalAndBrowser();

/** Runs `body` with a fresh page; the page must end without console errors. */
async function withPage(body, options = {}) {
  const p = await openPage(shared.browser, { baseURL: shared.server.url, ...options });
  try {
    await body(p.page, p);
    p.clean(`at ${p.page.url()}`);
  } finally {
    await p.close();
  }
}

async function articleTitleIs(page, title) {
  await waitForText(page, 'h1.article-title', title);
}

describe('journeys', () => {
  test('home renders the banner, tiles, channels, latest list, channel blocks, sidebar and footer', () =>
    withPage(async (page) => {
      await page.goto('/');
      await waitForApp(page);

      assert.deepEqual(await page.locator('.banner .slogan').allTextContents(), portal.slogans);
      const tiles = await page.locator('nav.tiles li').allTextContents();
      assert.deepEqual(tiles.map((t) => t.trim()), portal.tiles.map((t) => t.title));
      assert.equal(await page.locator('nav.tiles img').count(), portal.tiles.filter((t) => t.image).length);

      const nav = (await page.locator('nav.channel-nav a').allTextContents()).map((t) => t.trim());
      assert.deepEqual(nav, ['首页', ...portal.channels.map((c) => c.name)]);
      assert.equal(await page.locator('nav.channel-nav a[aria-current="page"]').textContent(), '首页');

      assert.equal(await page.locator('section.headline a.headline-link').count(), 1);
      const latestTitles = await page.locator('section.latest .article-list h3 a').allTextContents();
      assert.equal(latestTitles.length, portal.page_size);
      assert.equal(latestTitles[0], latest[0].title);
      assert.equal(await page.locator('section.latest .pager').count(), 1);

      const blocks = await page.locator('.channel-blocks section.channel-block h2 > a:not(.more)').allTextContents();
      assert.deepEqual(blocks, portal.channels.map((c) => c.name));
      for (const block of await page.locator('.channel-blocks section.channel-block').all()) {
        const n = await block.locator('.title-list li').count();
        assert.ok(n >= 1 && n <= 5, `channel block with ${n} titles`);
      }

      for (const box of ['related', 'pictures', 'featured', 'ranking']) {
        const section = page.locator(`aside.sidebar section.side-box.${box}`);
        assert.equal(await section.count(), 1, `sidebar box ${box}`);
        assert.ok((await section.locator('a[href*="/article/"]').count()) >= 1, `links in sidebar box ${box}`);
      }
      assert.equal(await page.locator('aside.sidebar section.side-box').count(), 4);
      assert.equal(await page.locator('aside.sidebar .ranking ol.ranked li').count(), 10);

      const footer = page.locator('footer.site-footer');
      const links = (await footer.locator('.footer-links a').allTextContents()).map((t) => t.trim());
      assert.deepEqual(links, ['网站首页', '关于我们', '联系方式', '使用说明', '隐私政策', '免责声明', '网站地图']);
      const icp = footer.locator('.icp a');
      assert.equal((await icp.textContent()).trim(), '京ICP备00000000号-1（示例）', 'visibly a sample');
      assert.match(await icp.getAttribute('href'), /^https:\/\/beian\.miit\.gov\.cn\/?/);
      assert.equal(await icp.getAttribute('target'), '_blank');
      assert.match(await icp.getAttribute('rel'), /noopener/);
      const police = (await footer.locator('.police-record').textContent()).trim();
      assert.match(police, /^京公网安备0+号（示例）$/);
      assert.match(await footer.locator('.police-record a').getAttribute('href'), /^https:\/\/beian\.mps\.gov\.cn\//);
      assert.equal(await page.title(), SITE);
    }));

  test('home → tile → tag page → article → sidebar link → back → back', () =>
    withPage(async (page) => {
      await page.goto('/');
      await waitForApp(page);

      await page.locator('nav.tiles a', { hasText: '氢能科技' }).click();
      await waitForText(page, 'h1.page-title', '标签：氢能');
      assert.equal(pathOf(page), '/tag/氢能');
      // The tag page reads older pages (feed-2.json) until it has a page full or there are none.
      const expected = latest.filter((i) => (i.tags || []).includes('氢能')).slice(0, portal.page_size).map((i) => i.title);
      await page.waitForFunction((n) => !document.querySelector('.loading-more') &&
        document.querySelectorAll('.article-list h3 a').length === n, expected.length);
      const tagged = await page.locator('.article-list h3 a').allTextContents();
      assert.deepEqual(tagged, expected, 'the 氢能 items, newest first');

      const first = page.locator('.article-list h3 a').first();
      const firstTitle = (await first.textContent()).trim();
      const firstHref = await first.getAttribute('href');
      await first.click();
      await articleTitleIs(page, firstTitle);
      assert.equal(new URL(page.url()).pathname, encodeURI(firstHref));

      const side = page.locator('aside.sidebar section.side-box.related ul.title-list a').first();
      const sideTitle = (await side.textContent()).trim();
      const sideHref = await side.getAttribute('href');
      assert.notEqual(sideTitle, firstTitle);
      await side.click();
      await articleTitleIs(page, sideTitle);
      assert.equal(new URL(page.url()).pathname, encodeURI(sideHref));

      await page.goBack();
      await articleTitleIs(page, firstTitle);
      assert.equal(new URL(page.url()).pathname, encodeURI(firstHref));

      await page.goBack();
      await waitForText(page, 'h1.page-title', '标签：氢能');
      assert.equal(pathOf(page), '/tag/氢能');
      assert.equal(await page.locator('h1.article-title').count(), 0);
    }));

  test('channel nav → channel page → article', () =>
    withPage(async (page) => {
      await page.goto('/');
      await waitForApp(page);
      const channel = portal.channels.find((c) => c.slug === 'chanye');
      await page.locator('nav.channel-nav a', { hasText: channel.name }).click();
      await waitForText(page, 'h1.page-title', channel.name);
      assert.equal(pathOf(page), '/channel/chanye');
      assert.equal((await page.locator('nav.channel-nav a[aria-current="page"]').textContent()).trim(), channel.name);
      assert.equal((await page.locator('p.page-description').textContent()).trim(), channel.description);
      const titles = await page.locator('.article-list h3 a').allTextContents();
      const inChannel = latest.filter((i) => i._portal?.channel === 'chanye').map((i) => i.title);
      assert.deepEqual(titles, inChannel.slice(0, titles.length));
      assert.ok(titles.length >= 3);
      assert.equal(await page.title(), `${channel.name} - ${SITE}`);

      await page.locator('.article-list h3 a').first().click();
      await articleTitleIs(page, titles[0]);
      assert.match(pathOf(page), /^\/article\//);
      assert.equal((await page.locator('nav.breadcrumb a').nth(1).textContent()).trim(), channel.name);
    }));

  test('article page: title, date, source, views, 核心提示, body, disclaimer, prev/next', () =>
    withPage(async (page) => {
      await page.goto(`/article/${SEED_ID}`);
      await articleTitleIs(page, SEED.title);
      const meta = page.locator('.article-meta');
      assert.equal((await meta.locator('time').textContent()).trim(), '2021-09-02');
      assert.match(await meta.locator('time').getAttribute('datetime'), /^2021-09-02T10:00(:00)?\+08:00$/);
      assert.equal((await meta.locator('.source').textContent()).trim(), '来源：浙江省科技厅');
      assert.equal((await meta.locator('.views').textContent()).trim(), '浏览：37');
      assert.equal(await meta.locator('.badge-sample').count(), 0, 'the seed article is not sample text');

      const summary = (await textOf(page, 'section.summary')).replace(/\s+/g, '');
      assert.ok(summary.startsWith('核心提示：'), summary);
      assert.ok(summary.includes(SEED.summary.replace(/\s+/g, '').slice(0, 20)));

      const paragraphs = await page.locator('.article-body p').allTextContents();
      assert.ok(paragraphs.length >= 10, `${paragraphs.length} paragraphs`);
      assert.ok(paragraphs[0].startsWith('今年以来'), paragraphs[0]);
      assert.equal(await page.locator('.article-body script, .article-body style, .article-body iframe').count(), 0);
      assert.equal(await page.locator('h1').count(), 1, 'the title is the only h1');

      assert.equal((await textOf(page, '.disclaimer')), portal.disclaimer);
      const tags = await page.locator('ul.tags a').allTextContents();
      assert.deepEqual(tags, SEED.tags);

      // Neighbours within the channel (地方科创), newest first: the seed is the newest.
      const sameChannel = latest.filter((i) => i._portal?.channel === SEED._portal.channel);
      const at = sameChannel.findIndex((i) => i.id === SEED_ID);
      const prevNext = page.locator('nav.prev-next');
      const labels = (await prevNext.locator('p').allTextContents()).map((t) => t.replace(/\s+/g, ''));
      assert.equal(labels.length, 2);
      assert.ok(labels[0].startsWith('上一篇：'));
      assert.ok(labels[1].startsWith('下一篇：'));
      if (at === 0) assert.equal(labels[0], '上一篇：没有了');
      const next = sameChannel[at + 1];
      const nextLink = prevNext.locator('a[rel="next"]');
      const nextHref = await nextLink.getAttribute('href');
      const nextTitle = (await nextLink.textContent()).trim();
      assert.ok(nextHref.startsWith('/article/'), nextHref);

      assert.equal(await page.title(), `${SEED.title} - ${SITE}`);
      assert.equal((await page.locator('aside.sidebar section.side-box').count()), 4);
      assert.ok((await page.locator('aside.sidebar .related h2').textContent()).includes('地方科创'));

      // The neighbour link leads to that neighbour (its body; it may have no title of its own),
      // at the address the link shows.
      await nextLink.click();
      await articleTitleIs(page, nextTitle);
      assert.equal(pathOf(page), nextHref);
      const nextBody = (next.content_text ?? next.content_html.replace(/<[^>]*>/g, '')).trim().slice(0, 20);
      assert.ok((await page.locator('.article-body').textContent()).includes(nextBody), nextBody);
    }));

  test('deep link to the seed article: full load and reload', () =>
    withPage(async (page) => {
      const response = await page.goto(`/article/${SEED_ID}`);
      assert.equal(response.status(), 200);
      await articleTitleIs(page, SEED.title);
      await page.reload();
      await articleTitleIs(page, SEED.title);
      assert.equal(pathOf(page), `/article/${SEED_ID}`);
      assert.equal(await page.title(), `${SEED.title} - ${SITE}`);
    }));

  for (const [label, id] of [['URL-shaped id', URL_ID], ['id with % and /', PERCENT_ID]]) {
    test(`deep link with the ${label}: click, then reload`, () =>
      withPage(async (page) => {
        const item = byId(id);
        await page.goto('/');
        await waitForApp(page);
        // The address is the one the app writes (hostile.test.mjs checks it against the JS copy
        // of encode_segment); here: it holds, over a click, a reload and a full load.
        const link = page.locator('section.latest .article-list h3 a').filter({ hasText: item.title });
        assert.equal(await link.count(), 1, `home links ${item.title}`);
        const href = await link.getAttribute('href');
        assert.ok(href.startsWith('/article/') && !/[/?#%]/.test(href.slice('/article/'.length)), href);
        await link.click();
        await articleTitleIs(page, item.title);
        assert.equal(pathOf(page), href);
        await page.reload();
        await articleTitleIs(page, item.title);
        assert.equal(pathOf(page), href);
        // And typed into the address bar (a full load of the same URL).
        await page.goto(href);
        await articleTitleIs(page, item.title);
      }));
  }

  test('deep link to an item only in feed-2.json (next_url is followed)', () =>
    withPage(async (page) => {
      assert.ok(!feed.items.some((i) => i.id === OLD_ID) && feed2.items.some((i) => i.id === OLD_ID));
      const requests = [];
      page.on('request', (r) => requests.push(new URL(r.url()).pathname));
      await page.goto(`/article/${OLD_ID}`);
      await articleTitleIs(page, byId(OLD_ID).title);
      assert.ok(requests.includes('/content/feed-2.json'), `requests: ${requests.join(' ')}`);
      await page.reload();
      await articleTitleIs(page, byId(OLD_ID).title);
    }));

  test('unknown route and unknown article show the 404 page with recent articles', () =>
    withPage(async (page) => {
      for (const route of ['/no/such/page', '/article/does-not-exist']) {
        const response = await page.goto(route);
        assert.equal(response.status(), 200, 'the SPA fallback answers; the page says 404');
        await waitForText(page, '.not-found h1', '页面不存在（404）');
        const recent = page.locator('.not-found .title-list a');
        assert.equal(await recent.count(), 8, route);
        assert.equal((await recent.first().textContent()).trim(), latest[0].title);
        assert.equal(await page.title(), `页面不存在 - ${SITE}`);
        assert.equal(await page.locator('.not-found a[href="/"]').count(), 1);
      }
      // A recent link takes the reader on.
      await page.locator('.not-found .title-list a').first().click();
      await articleTitleIs(page, latest[0].title);
    }));

  test('footer pages: /page/about has content; every footer link navigates', () =>
    withPage(async (page) => {
      await page.goto('/page/about');
      await waitForText(page, 'h1.page-title', '关于我们');
      const paragraphs = await page.locator('.info-page .article-body p').allTextContents();
      assert.ok(paragraphs.length >= 2 && paragraphs[0].includes('科创资讯门户'), JSON.stringify(paragraphs));
      assert.equal(await page.title(), `关于我们 - ${SITE}`);

      for (const link of portal.footer_links) {
        await page.locator('footer.site-footer .footer-links a', { hasText: link.title }).click();
        await waitForText(page, 'h1.page-title', link.title);
        assert.equal(pathOf(page), link.url);
        assert.ok((await page.locator('.info-page .article-body').textContent()).trim().length > 40);
      }
      await page.locator('footer.site-footer .footer-links a', { hasText: '网站地图' }).click();
      await waitForText(page, 'h1.page-title', '网站地图');
      await page.locator('footer.site-footer .footer-links a', { hasText: '网站首页' }).click();
      await page.waitForURL((u) => u.pathname === '/');
      await page.locator('section.latest').waitFor();
    }));

  test('/sitemap lists channels, pages, tags and recent articles', () =>
    withPage(async (page) => {
      await page.goto('/sitemap');
      await waitForText(page, 'h1.page-title', '网站地图');
      const text = await page.locator('.sitemap').textContent();
      for (const c of portal.channels) assert.ok(text.includes(c.name), c.name);
      for (const p of portal.pages) {
        assert.equal(await page.locator(`.sitemap a[href="/page/${p.slug}"]`).count(), 1, p.slug);
      }
      assert.ok((await page.locator('.sitemap .tag-cloud a').count()) >= 10);
      assert.equal(await page.locator('.sitemap a[href="/tag/氢能"]').count(), 1);
      assert.ok((await page.locator('.sitemap .title-list a').count()) >= 10);
      await page.locator('.sitemap .tag-cloud a[href="/tag/氢能"]').click();
      await waitForText(page, 'h1.page-title', '标签：氢能');
    }));

  test('search: type 氢能, submit, results', () =>
    withPage(async (page) => {
      await page.goto('/');
      await waitForApp(page);
      await page.locator('#search-q').fill('氢能');
      await page.locator('#search-q').press('Enter');
      await waitForText(page, 'h1.page-title', '搜索：氢能');
      assert.equal(pathOf(page), '/search?q=氢能');
      const results = await page.locator('.article-list h3 a').allTextContents();
      const hydrogen = feed.items.filter((i) => (i.tags || []).includes('氢能')).map((i) => i.title);
      assert.ok(hydrogen.length >= 2);
      for (const t of hydrogen) assert.ok(results.includes(t), `${t} in ${JSON.stringify(results)}`);
      assert.equal(await page.title(), `搜索：氢能 - ${SITE}`);

      // Reload keeps the query; a search for nothing known says so.
      await page.reload();
      await waitForText(page, 'h1.page-title', '搜索：氢能');
      await page.locator('#search-q').fill('不存在的词语xyz');
      await page.locator('form.search button[type="submit"]').click();
      await waitForText(page, 'h1.page-title', '搜索：不存在的词语xyz');
      assert.equal((await textOf(page, 'main p.empty')), '没有找到相关资讯。');
    }));

  test('paging: ?page=2 on home, and the pager links', () =>
    withPage(async (page) => {
      const size = portal.page_size;
      await page.goto('/?page=2');
      await waitForApp(page);
      await page.waitForFunction((n) => document.querySelectorAll('section.latest .article-list h3 a').length === n, size);
      const titles = await page.locator('section.latest .article-list h3 a').allTextContents();
      assert.deepEqual(titles, latest.slice(size, 2 * size).map((i) => i.title));
      assert.equal((await textOf(page, '.pager .current')), '2');
      assert.equal(await page.locator('section.headline').count(), 0, 'the headline is on page 1 only');

      await page.locator('.pager a[rel="prev"]').click();
      await page.waitForURL((u) => u.pathname === '/' && u.search === '');
      await waitForText(page, '.pager .current', '1');
      assert.equal((await page.locator('section.latest .article-list h3 a').first().textContent()), latest[0].title);
      await page.locator('.pager a[rel="next"]').click();
      await page.waitForURL((u) => u.search === '?page=2');
      await waitForText(page, '.pager .current', '2');
    }));

  test('document.title differs per page: home vs article', () =>
    withPage(async (page) => {
      await page.goto('/');
      await waitForApp(page);
      const home = await page.title();
      await page.locator(`a[href="/article/${SEED_ID}"]`).first().click();
      await articleTitleIs(page, SEED.title);
      const article = await page.title();
      assert.equal(home, SITE);
      assert.equal(article, `${SEED.title} - ${SITE}`);
      assert.notEqual(home, article);
      const description = await page.locator('meta[name="description"]').getAttribute('content');
      assert.ok(description.startsWith(SEED.summary.slice(0, 10)), description);
      await page.goBack();
      await page.locator('section.latest').waitFor();
      assert.equal(await page.title(), SITE);
    }));
  test('a channel with its own feed: its list reads channels/<slug>.json pages, never the main feed\'s older pages', () =>
    withPage(async (page) => {
      // The sample feed with one more channel, 科普, whose items are only in its own feed
      // (they name no channel: the channel's feed says where they belong), paged in two.
      const rare = (n, from) => Array.from({ length: n }, (_, i) => ({
        id: `rare-${from + i}`,
        title: `科普专稿 ${from + i}`,
        content_text: '正文',
        date_published: new Date(Date.UTC(2019, 0, 28 - from - i)).toISOString(),
      }));
      const main = structuredClone(feed);
      const kepu = { slug: 'kepu', name: '科普', feed_url: 'channels/kepu.json' };
      main._portal.channels.push(kepu);
      const size = main._portal.page_size;
      const first = { version: feed.version, title: 't', items: rare(size, 0), next_url: `${kepu.slug}-2.json` };
      const second = { version: feed.version, title: 't', items: rare(3, size) };
      const asked = [];
      page.on('request', (r) => { if (/\/content\/.*\.json$/.test(new URL(r.url()).pathname)) asked.push(new URL(r.url()).pathname); });
      const json = (body) => (route) => route.fulfill({ status: 200, contentType: 'application/feed+json', body: JSON.stringify(body) });
      await page.route('**/content/feed.json', json(main));
      await page.route(`**/content/channels/${kepu.slug}.json`, json(first));
      await page.route(`**/content/channels/${kepu.slug}-2.json`, json(second));

      await page.goto(`/channel/${kepu.slug}`);
      await waitForText(page, 'h1.page-title', kepu.name);
      await waitForText(page, '.article-list h3 a', '科普专稿 0');
      assert.deepEqual(asked, ['/content/feed.json', `/content/channels/${kepu.slug}.json`]);
      await page.locator('.pager a[rel="next"]').click();
      await waitForText(page, '.article-list h3 a', `科普专稿 ${size + 2}`);
      assert.ok(asked.includes(`/content/channels/${kepu.slug}-2.json`), asked.join(' '));
      assert.ok(!asked.some((a) => a.endsWith('/feed-2.json')), `the main feed is not walked: ${asked.join(' ')}`);
      assert.equal(await page.locator('.pager a[rel="next"]').count(), 0, 'no page after the last');

      await page.locator('.article-list h3 a', { hasText: `科普专稿 ${size + 1}` }).click();
      await articleTitleIs(page, `科普专稿 ${size + 1}`);
      await page.goto('/');
      await waitForApp(page);
      const homeTitles = await page.locator('section.latest .article-list h3 a').allTextContents();
      assert.ok(!homeTitles.some((t) => t.startsWith('科普专稿')), 'the home list is the main feed\'s');
    }, { serviceWorkers: 'block' }));
  test('content packed in another format than the app reads: the page reloads once, then goes on', () =>
    withPage(async (page) => {
      // A first page of `packed_format` 1 (portal-core's PACKED_FORMAT is 2): its files are named
      // as another app expects, so this one reloads to fetch that app, once per tab.
      const json = (body) => (route) => route.fulfill({ status: 200, contentType: 'application/feed+json', body: JSON.stringify(body) });
      let loads = 0;
      page.on('load', () => { loads += 1; });
      await page.route('**/content/feed.json', json({ ...feed, _portal: { ...portal, packed_format: 2 } }));
      await page.goto('/');
      await page.locator('section.latest').waitFor();
      assert.equal(loads, 1, 'the format it reads: no reload');

      await page.unroute('**/content/feed.json');
      await page.route('**/content/feed.json', json({ ...feed, _portal: { ...portal, packed_format: 1 } }));
      await page.goto('/');
      await page.locator('section.latest').waitFor();
      await page.waitForTimeout(1500);
      assert.equal(loads, 3, 'one reload, not a loop');
      assert.equal(await page.evaluate(() => sessionStorage.getItem('portal-packed-format-reload')), '1');
      assert.equal(await page.locator('section.latest .article-list h3 a').count() > 0, true);
    }, { serviceWorkers: 'block' }));
});
