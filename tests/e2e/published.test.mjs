// The published portal: `portal build` has written a page for every route into a copy of the
// release build, and the shipped nginx config serves it. What machines and readers without the
// wasm get, the takeover by the app, and what is left to the app (query strings, new articles).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { encodeSegment } from '../support/route-segment.mjs';
import {
  REPO, launchBrowser, openPage, screenshotDir, waitForText,
} from './helpers.mjs';
import { sampleContentCopy, startPublishedPortal } from './server.mjs';

const SEED_ID = '20210902-wenzhou-kechuang';
const authored = JSON.parse(fs.readFileSync(path.join(REPO, 'public/content/feed.json'), 'utf8'));
const authored2 = JSON.parse(fs.readFileSync(path.join(REPO, 'public/content/feed-2.json'), 'utf8'));
const SEED = [...authored.items, ...authored2.items].find((i) => i.id === SEED_ID);
const SITE = authored._portal.site_name;
/** A Chinese id of 100 characters: 300 bytes encoded, past a file name's 255. */
const LONG_ID = '温州市科技创新券与科技成果转化'.repeat(7).slice(0, 100);
const LONG_TITLE = '一百个汉字长的编号也能发布、打开和刷新';
const LONG_ITEM = {
  id: LONG_ID,
  title: LONG_TITLE,
  content_html: '<p>编号很长的文章。</p>',
  date_published: '2021-08-01T09:00:00+08:00',
  _portal: { channel: 'chanye', sample: true },
};
/** Lists of 4 in the published copy, so that a channel of the sample has a second page. */
const PAGE_SIZE = 4;
const ALL = [...authored.items, ...authored2.items, LONG_ITEM];

let server;
let browser;
let contentDir;

before(async () => {
  // The sample content plus one item whose id is 100 Chinese characters, in lists of 4.
  contentDir = sampleContentCopy({ pageSize: PAGE_SIZE, items: [LONG_ITEM] });
  [server, browser] = await Promise.all([startPublishedPortal({ content: contentDir }), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (contentDir) fs.rmSync(contentDir, { recursive: true, force: true });
});

const get = (p) => fetch(`${server.url}${p}`, { redirect: 'manual' });

/** The value of the first `<meta name|property=key content=…>` of an HTML text. */
function metaOf(html, key) {
  const re = new RegExp(`<meta (?:name|property)="${key}" content="([^"]*)"`);
  const found = html.match(re);
  return found && found[1].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Records, from the first byte of every document, what a reader would see flash by: a skeleton,
 * a loading box or the boot frame added where it shows (the app renders its copy of the page
 * in a hidden box first), or still in the app's box when that box is shown.
 */
const RECORD_FLASHES = () => {
  window.__flashes = [];
  const FLASHES = '.skeleton, .loading-more, #boot-shell';
  const seen = (el) => {
    if (!(el instanceof Element)) return;
    for (const e of [el, ...el.querySelectorAll('*')]) {
      if (e.matches(FLASHES) && !e.closest('[hidden]')) window.__flashes.push(e.className || e.id);
    }
  };
  new MutationObserver((records) => {
    for (const r of records) {
      r.addedNodes.forEach(seen);
      if (r.type === 'attributes' && !r.target.hidden && r.target.querySelector(FLASHES)) {
        window.__flashes.push(`shown with ${r.target.querySelector(FLASHES).className}`);
      }
    }
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['hidden'] });
};

/** Waits until the app has replaced the written page (`#prerendered` gone, its own box shown). */
async function takenOver(page) {
  await page.waitForFunction(() => !document.getElementById('prerendered') &&
    document.getElementById('app') && !document.getElementById('app').hidden);
}

describe('published pages (portal build, behind portal.conf)', () => {
  test('every route answers with its own page; query strings and unknown routes get the shell', async () => {
    const home = await (await get('/')).text();
    assert.match(home, /<div id="prerendered">/);
    assert.match(home, new RegExp(`<title>${SITE}</title>`));

    const seedPath = `/article/${encodeSegment(SEED_ID)}`;
    const seed = await get(seedPath);
    assert.equal(seed.status, 200);
    assert.equal(seed.headers.get('cache-control'), 'no-cache');
    const html = await seed.text();
    assert.match(html, /<div id="prerendered">/);
    assert.ok(html.includes(`<h1 class="article-title">${SEED.title}</h1>`), 'the seed title in h1');

    const shell = fs.readFileSync(path.join(server.dist, 'shell.html'), 'utf8');
    assert.ok(!shell.includes('id="prerendered"'), 'shell.html is the app, not a page');
    // The seed's page is the file article/<segment>.html; that name as a route is the article
    // whose id ends in .html, which has no page: the shell, never the seed's page.
    for (const p of ['/channel/chanye?page=2', '/?page=2', '/search?q=%E6%B0%A2', '/search', '/article/not-published-yet', `${seedPath}?from=share`, `${seedPath}.html`, `${seedPath}.html?from=share`]) {
      const r = await get(p);
      assert.equal(r.status, 200, p);
      assert.equal(await r.text(), shell, `${p} gets the shell`);
    }
    for (const [p, type] of [['/sitemap.xml', /xml/], ['/robots.txt', /text\/plain/], ['/feed.xml', /xml/], ['/feed.json', /json/]]) {
      const r = await get(p);
      assert.equal(r.status, 200, p);
      assert.match(r.headers.get('content-type'), type, p);
    }
  });

  test('a link-preview fetch of the article (no JS) gets the right card', async () => {
    const seedUrl = `${server.siteUrl}article/${encodeSegment(SEED_ID)}`;
    // What QQ, Weibo and the chat apps do: one GET, read <title> and the og: tags.
    const html = await (await fetch(seedUrl, { headers: { 'User-Agent': 'Mozilla/5.0 (compatible; link-preview)' } })).text();
    assert.equal(html.match(/<title>([^<]*)<\/title>/)[1], `${SEED.title} - ${SITE}`);
    assert.equal(metaOf(html, 'og:title'), SEED.title);
    assert.equal(metaOf(html, 'og:type'), 'article');
    assert.equal(metaOf(html, 'og:url'), seedUrl);
    assert.ok(metaOf(html, 'og:description').length > 20, 'a description');
    assert.ok(SEED.summary.startsWith(metaOf(html, 'og:description').replace(/…$/, '')), 'the description is the summary');
    const image = metaOf(html, 'og:image');
    assert.match(image, /^http:\/\/127\.0\.0\.1:\d+\/content\//, 'og:image is absolute, on the site');
    assert.equal((await fetch(image)).status, 200, 'og:image can be fetched');
    assert.equal(metaOf(html, 'ArticleTitle'), SEED.title);
    assert.equal(metaOf(html, 'ContentSource'), SEED._portal.source);
    assert.match(metaOf(html, 'PubDate'), /^2021-09-02 \d\d:\d\d$/);
    const ld = JSON.parse(html.match(/<script type="application\/ld\+json">([^<]*)<\/script>/)[1]);
    assert.equal(ld['@type'], 'NewsArticle');
    assert.equal(ld.headline, SEED.title);
  });

  test('with JavaScript off: the seed article and the home page are all there', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/article/${encodeSegment(SEED_ID)}`);
      assert.equal((await page.locator('h1.article-title').textContent()).trim(), SEED.title);
      assert.ok((await page.locator('.article-body p').count()) >= 3, 'the body');
      assert.match(await page.locator('section.summary').textContent(), /^核心提示：/);
      assert.ok((await page.locator('aside.sidebar section.side-box.related a[href]').count()) >= 1, 'sidebar 同类资讯');
      // 推荐图文 and 推荐资讯 are the app's to fill in (crates/portal-core/src/write/sidebar.rs,
      // `Volatile::Published`): without it their boxes hold rows that name nothing and show nothing.
      for (const box of ['pictures', 'featured']) {
        const rows = page.locator(`aside.sidebar section.side-box.${box} li`);
        assert.ok((await rows.count()) >= 1, `sidebar ${box}: its rows are held`);
        assert.equal(await page.locator(`aside.sidebar section.side-box.${box} :is(a[href], img)`).count(), 0, `sidebar ${box}`);
        assert.equal(await rows.first().isVisible(), false, `sidebar ${box}: nothing shows`);
      }
      assert.ok((await page.locator('footer.site-footer .icp a').count()) === 1, 'footer with ICP');
      await page.screenshot({ path: path.join(screenshotDir(), 'published-article-nojs-1280.png'), fullPage: true });

      await page.goto(`${server.url}/`);
      assert.equal(await page.locator('section.latest .article-list li').count(), PAGE_SIZE);
      assert.ok((await page.locator('.channel-blocks section.channel-block').count()) >= 3);
      // A link is an ordinary link: it opens the next written page.
      await page.locator('nav.channel-nav a', { hasText: authored._portal.channels[0].name }).click();
      await page.waitForURL(`**/channel/${authored._portal.channels[0].slug}`);
      assert.equal((await page.locator('h1.page-title').textContent()).trim(), authored._portal.channels[0].name);
    } finally {
      await context.close();
    }
  });

  test('the takeover: no skeleton from the first byte, then 下一篇 routes in the app', async () => {
    const p = await openPage(browser, { baseURL: server.url, width: 412, height: 823 });
    try {
      await p.page.addInitScript(RECORD_FLASHES);
      await p.page.goto(`/article/${encodeSegment(SEED_ID)}`);
      await takenOver(p.page);
      assert.deepEqual(await p.page.evaluate(() => window.__flashes), [], 'no skeleton or loading box');
      assert.equal((await p.page.locator('h1.article-title').textContent()).trim(), SEED.title);
      const marker = await p.page.evaluate(() => { window.__sameDocument = Math.random(); return window.__sameDocument; });
      const next = p.page.locator('.prev-next a[rel="next"]');
      const nextTitle = (await next.textContent()).trim();
      await next.click();
      await waitForText(p.page, 'h1.article-title', nextTitle);
      assert.equal(await p.page.evaluate(() => window.__sameDocument), marker, 'no document load');
      // The written page's canonical URL and card went with the route change.
      assert.equal(await p.page.locator('link[rel=canonical]').count(), 0);
      p.clean();
    } finally {
      await p.close();
    }
  });

  test('the takeover moves nothing: the places held for 浏览, 推荐图文, 推荐资讯 and 点击排行 are the app\'s, at every text size', async () => {
    // Each box's top and height on the written page (the wasm's request refused, so the page
    // stays as written, with the reader's settings applied by boot.js) and after the takeover.
    const boxes = (page) => page.evaluate(() => [...document.querySelectorAll('.article-meta, .article-body, aside.sidebar section.side-box')]
      .map((b) => { const r = b.getBoundingClientRect(); return `${b.className}: top ${r.top.toFixed(1)}, height ${r.height.toFixed(1)}`; }));
    const route = `/article/${encodeSegment(SEED_ID)}`;
    for (const prefs of [{}, { size: 'large' }, { elder: true }]) {
      for (const width of [1280, 412]) {
        const p = await openPage(browser, { baseURL: server.url, width });
        try {
          await p.page.addInitScript((saved) => localStorage.setItem('portal-reader', JSON.stringify(saved)), prefs);
          await p.page.route(/\.wasm$/, (r) => r.abort());
          await p.page.goto(route);
          await p.page.waitForFunction(() => document.fonts.status === 'loaded');
          const written = await boxes(p.page);
          assert.ok(written.some((b) => b.startsWith('side-box featured')), `${written}`);
          assert.ok(written.some((b) => b.startsWith('side-box pictures')), `${written}`);
          await p.page.unroute(/\.wasm$/);
          await p.page.reload();
          await takenOver(p.page);
          assert.deepEqual(await boxes(p.page), written, `${JSON.stringify(prefs)} at ${width}`);
        } finally {
          await p.close();
        }
      }
    }
  });

  test('after the takeover the page is the written page, on every kind of route (lists longer than a page)', async () => {
    // What differs by design: 推荐图文, 推荐资讯, 点击排行 and an article's 浏览 are left for the
    // app to fill in. How many rows the three boxes hold is compared.
    const rows = (list) => `${(list.match(/<li>/g) ?? []).length} rows`;
    const comparable = (html) => html
      .replace(/<!---->/g, '')
      .replace(/<ul class="picture-grid[^"]*">.*?<\/ul>/s, (list) => `<ul>推荐图文 ${rows(list)}</ul>`)
      .replace(/(<h2>推荐资讯<\/h2>)(<ul class="title-list[^"]*">.*?<\/ul>)/s, (_, h2, list) => `${h2}<ul>${rows(list)}</ul>`)
      .replace(/<ol class="title-list ranked[^"]*">.*?<\/ol>/s, (list) => `<ol>点击排行 ${rows(list)}</ol>`)
      .replace(/<span class="views[^"]*">[^<]*<\/span>/, '');
    const routes = ['/', '/channel/chanye', `/tag/${encodeSegment('氢能')}`, `/article/${encodeSegment(SEED_ID)}`,
      `/article/${encodeSegment(ALL.find((i) => i._portal?.channel === 'rencai').id)}`, '/page/about', '/sitemap'];
    const p = await openPage(browser, { baseURL: server.url });
    try {
      for (const route of routes) {
        const written = await (await get(route)).text();
        await p.page.goto(route);
        await takenOver(p.page);
        const [published, app] = await p.page.evaluate((html) => {
          const doc = new DOMParser().parseFromString(html, 'text/html');
          return [doc.getElementById('prerendered').innerHTML, document.getElementById('app').innerHTML];
        }, written);
        assert.ok(app.includes('<main id="main"') && app.includes('class="site-footer"'), `${route}: the app's page is all there`);
        if (comparable(app) !== comparable(published)) {
          const [a, b] = [comparable(app), comparable(published)];
          let at = 0;
          while (at < a.length && a[at] === b[at]) at += 1;
          assert.fail(`${route}: the app's page differs from the written one at ${at}:\napp:     …${a.slice(Math.max(0, at - 150), at + 150)}…\nwritten: …${b.slice(Math.max(0, at - 150), at + 150)}…`);
        }
      }
      p.clean();
    } finally {
      await p.close();
    }
  });

  test('/channel/<slug>?page=2 gets the shell, and the app shows page 2 without page 1 first', async () => {
    const slug = 'chanye';
    const inChannel = ALL.filter((i) => i._portal?.channel === slug)
      .sort((a, b) => Date.parse(b.date_published) - Date.parse(a.date_published));
    const size = PAGE_SIZE;
    assert.ok(inChannel.length > size, `channel ${slug} has a second page`);
    const p = await openPage(browser, { baseURL: server.url });
    try {
      await p.page.addInitScript(() => {
        window.__listed = [];
        new MutationObserver(() => {
          const first = document.querySelector('.article-list h3 a');
          const title = first && first.textContent.trim();
          if (title && window.__listed.at(-1) !== title) window.__listed.push(title);
        }).observe(document, { childList: true, subtree: true, characterData: true });
      });
      await p.page.goto(`/channel/${slug}?page=2`);
      await waitForText(p.page, '.article-list h3 a', inChannel[size].title);
      assert.deepEqual(await p.page.evaluate(() => window.__listed), [inChannel[size].title], 'page 2 is the first list shown');
      p.clean();
    } finally {
      await p.close();
    }
  });

  test('an article added to the feed after publishing still opens', async () => {
    const feedPath = path.join(server.dist, 'content/feed.json');
    const before = fs.readFileSync(feedPath, 'utf8');
    const feed = JSON.parse(before);
    const id = 'added-after-publishing';
    feed.items.unshift({
      id,
      title: '发布之后才加入的文章',
      content_html: '<p>它没有写好的页面，由应用显示。</p>',
      date_published: '2026-12-01T08:00:00+08:00',
    });
    fs.writeFileSync(feedPath, JSON.stringify(feed));
    const p = await openPage(browser, { baseURL: server.url });
    try {
      assert.equal(fs.existsSync(path.join(server.dist, 'article', `${id}.html`)), false, 'no page was written for it');
      await p.page.goto(`/article/${id}`);
      await waitForText(p.page, 'h1.article-title', '发布之后才加入的文章');
      await p.page.reload();
      await waitForText(p.page, 'h1.article-title', '发布之后才加入的文章');
      // The home page's written list is taken over by the live one, which has it first.
      await p.page.goto('/');
      await waitForText(p.page, 'section.latest .article-list li:first-child h3 a', '发布之后才加入的文章');
      p.clean();
    } finally {
      fs.writeFileSync(feedPath, before);
      await p.close();
    }
  });

  test('a 100-character Chinese id is published under a short route that opens and reloads', async () => {
    const sitemap = await (await get('/sitemap.xml')).text();
    const locs = [...sitemap.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]);
    const route = locs.map((l) => new URL(l).pathname).find((l) => l.startsWith('/article/') &&
      decodeURIComponent(l).startsWith(`/article/${LONG_ID.slice(0, 20)}`));
    assert.ok(route, 'the long id is in the sitemap');
    const segment = decodeURIComponent(route.slice('/article/'.length));
    assert.ok(Buffer.byteLength(segment) <= 200, `segment of ${Buffer.byteLength(segment)} bytes`);
    assert.ok(fs.existsSync(path.join(server.dist, 'article', `${segment}.html`)), 'its page was written');
    const html = await (await get(route)).text();
    assert.ok(html.includes(`<h1 class="article-title">${LONG_TITLE}</h1>`), 'the written page is the article');
    const p = await openPage(browser, { baseURL: server.url });
    try {
      await p.page.goto(route);
      await takenOver(p.page);
      assert.equal((await p.page.locator('h1.article-title').textContent()).trim(), LONG_TITLE);
      await p.page.reload();
      await takenOver(p.page);
      assert.equal((await p.page.locator('h1.article-title').textContent()).trim(), LONG_TITLE);
      p.clean();
    } finally {
      await p.close();
    }
  });
});

describe('published under a sub-path (portal-subpath.conf)', () => {
  let sub;
  before(async () => {
    sub = await startPublishedPortal({ sub: true });
  });
  after(async () => {
    await sub?.stop();
  });

  test('pages under /portal/, the shell for queries, and the takeover routes under /portal/', async () => {
    const seedPath = `/portal/article/${encodeSegment(SEED_ID)}`;
    const html = await (await fetch(`${sub.url}${seedPath}`)).text();
    assert.ok(html.includes(`<h1 class="article-title">${SEED.title}</h1>`), 'the written page');
    assert.match(html, new RegExp(`<link rel="canonical" href="${sub.siteUrl}article/${encodeSegment(SEED_ID)}">`));
    assert.ok(html.includes('href="/portal/channel/'), 'links carry the sub-path');
    const shell = fs.readFileSync(path.join(sub.dist, 'shell.html'), 'utf8');
    for (const p of ['/portal/?page=2', '/portal/channel/chanye?page=2', '/portal/search?q=x', '/portal/article/not-published-yet', `${seedPath}.html`, `${seedPath}.html?x=1`]) {
      assert.equal(await (await fetch(`${sub.url}${p}`)).text(), shell, `${p} gets the shell`);
    }
    const p = await openPage(browser, { baseURL: sub.url });
    try {
      await p.page.addInitScript(RECORD_FLASHES);
      await p.page.goto(seedPath);
      await takenOver(p.page);
      assert.deepEqual(await p.page.evaluate(() => window.__flashes), []);
      const marker = await p.page.evaluate(() => { window.__sameDocument = 1; return 1; });
      const next = p.page.locator('.prev-next a[rel="next"]');
      const nextTitle = (await next.textContent()).trim();
      await next.click();
      await waitForText(p.page, 'h1.article-title', nextTitle);
      assert.match(new URL(p.page.url()).pathname, /^\/portal\/article\//);
      assert.equal(await p.page.evaluate(() => window.__sameDocument), marker, 'no document load');
      p.clean();
    } finally {
      await p.close();
    }
  });
});
