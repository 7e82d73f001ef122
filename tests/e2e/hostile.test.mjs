// Hostile and odd content (issue 4): XSS payloads in every field the feed controls, and feeds
// that are huge, long, sloppy or self-referencing. Each case checks what the reader sees and
// that nothing ran: every payload would push to window.__xss, alert() is recorded, and any
// Content-Security-Policy violation (something the sanitiser let through and the policy then
// blocked) counts as a failure too.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { encodeSegment } from '../support/route-segment.mjs';
import { usePortalAndBrowser, openPage, textOf, waitForApp, waitForText } from './helpers.mjs';
import { PAYLOADS, SWALLOWS_REST, hostileFeed, push } from './hostile-feed.mjs';

const FEED = '**/content/feed.json';
const V11 = 'https://jsonfeed.org/version/1.1';

const shared = usePortalAndBrowser();

/** A page whose feed is `feed` (an object or a string), recording any script execution. */
async function pageWithFeed(feed, { width } = {}) {
  const p = await openPage(shared.browser, { baseURL: shared.server.url, width, serviceWorkers: 'block' });
  await p.context.addInitScript(() => {
    window.__xss = [];
    window.alert = (m) => window.__xss.push(`alert:${m}`);
    document.addEventListener('securitypolicyviolation', (e) => window.__xss.push(`csp:${e.violatedDirective}:${e.blockedURI}`));
  });
  p.page.on('dialog', (d) => { p.pageErrors.push(`dialog: ${d.message()}`); d.dismiss(); });
  const body = typeof feed === 'string' ? feed : JSON.stringify(feed);
  await p.page.route(FEED, (route) => route.fulfill({ status: 200, contentType: 'application/feed+json', body }));
  return p;
}

async function executed(page) {
  return page.evaluate(() => window.__xss);
}

describe('untrusted HTML and text', () => {
  test(`${PAYLOADS.length} payload articles: nothing runs, the safe parts show`, async (t) => {
    const p = await pageWithFeed(hostileFeed());
    const { page } = p;
    try {
      await page.goto('/');
      await waitForApp(page);
      // Hostile fields show as text: the markup is visible, not interpreted.
      assert.match(await textOf(page, '.site-name'), /^门户<img src=x onerror=/);
      assert.equal(await page.locator('.banner .slogan').first().textContent(), `<script>${push('slogan')}</script>标语`);
      assert.equal(await page.locator('nav.tiles a').count(), 1, 'only the tile with a safe link is a link');
      assert.equal(await page.locator('nav.tiles img').count(), 0, 'no tile picture from a script or data URL');
      assert.deepEqual(await page.locator('.footer-links a').allTextContents(), ['网站首页', '外部', '网站地图']);
      assert.equal(await page.locator('.footer-links a', { hasText: '外部' }).getAttribute('rel'), 'noopener noreferrer');
      assert.equal(await page.locator('.icp a').count(), 0, 'the ICP record is text when its link is unsafe');
      for (let i = 0; i < PAYLOADS.length; i += 1) {
        await page.goto(`/article/xss-${i}`);
        await page.locator('h1.article-title').waitFor();
        const body = await page.locator('.article-body').innerHTML();
        assert.match(body, new RegExp(`SAFE-${i}`), `safe text of payload ${i}`);
        if (!SWALLOWS_REST.has(i)) assert.match(body, new RegExp(`END-${i}`), `text after payload ${i}`);
        assert.doesNotMatch(body, /<(script|style|iframe|object|embed|svg|math|base|meta|form|noscript)\b|\son\w+=|style=|javascript:|data:/i, `payload ${i} left ${body}`);
        assert.equal(await textOf(page, 'h1.article-title'), `标题${i} <img src=x onerror=${push(`title-${i}`)}>`);
        for (const link of await page.locator('.article-body a[href]').all()) {
          const href = await link.getAttribute('href');
          assert.match(href, /^https?:/);
          if (!href.startsWith(shared.server.url)) assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
        }
        // Click what a reader could click: nothing may run.
        for (const el of await page.locator('.article-body a:not([href^="http"]), .article-body button, .article-body details').all()) {
          await el.click({ timeout: 2000 }).catch(() => {});
        }
        assert.deepEqual(await executed(page), [], `payload ${i} ran`);
        assert.equal(await page.locator('body').isVisible(), true);
      }
      await page.goto('/page/about');
      await waitForText(page, 'h1.page-title', '关于');
      assert.equal((await page.locator('.article-body').innerHTML()).includes('<script'), false);
      assert.deepEqual(await executed(page), []);
      assert.notEqual(await page.title(), 'pwned');
      p.noCrash('xss');
      t.diagnostic(`payloads: ${PAYLOADS.length} in content_html, plus titles, summaries, tags, sources, image URLs, tiles, footer links, ICP link, pages, slogans, site name, disclaimer`);
    } finally {
      await p.close();
    }
  });
});

function feedOf(items, extra = {}) {
  return { version: V11, title: '测试', items, ...extra };
}

function bigItems(count, bodyChars) {
  const paragraph = '科技创新是引领发展的第一动力，'.repeat(Math.ceil(bodyChars / 15)).slice(0, bodyChars);
  return Array.from({ length: count }, (_, i) => ({
    id: `big-${i}`,
    title: `第 ${i} 篇资讯`,
    content_html: `<p>${paragraph}</p>`,
    date_published: new Date(Date.UTC(2021, 0, 1) + (count - i) * 60_000).toISOString(),
  }));
}

describe('odd and oversized feeds', () => {
  test('a 5 MB feed renders and its articles open', async () => {
    const feed = feedOf(bigItems(1800, 1000));
    const text = JSON.stringify(feed);
    assert.ok(Buffer.byteLength(text) > 5_000_000, `${Buffer.byteLength(text)} bytes`);
    const p = await pageWithFeed(text);
    try {
      await p.page.goto('/');
      await p.page.locator('section.latest .article-list li').first().waitFor({ timeout: 30_000 });
      await p.page.goto('/article/big-1699');
      await waitForText(p.page, 'h1.article-title', '第 1699 篇资讯');
      p.clean('5 MB');
    } finally {
      await p.close();
    }
  });

  test('10,000 items: home, paging and the last article', async () => {
    const p = await pageWithFeed(feedOf(bigItems(10_000, 60)));
    const { page } = p;
    try {
      await page.goto('/?page=1000');
      await page.locator('.pager .current').waitFor({ timeout: 30_000 });
      assert.equal(await textOf(page, '.pager .current'), '1000');
      assert.equal(await page.locator('section.latest .article-list li').count(), 10);
      await page.goto(`/article/big-9999`);
      await waitForText(page, 'h1.article-title', '第 9999 篇资讯');
      p.clean('10k');
    } finally {
      await p.close();
    }
  });

  test('items lacking ids, titles or dates; odd RFC 3339 dates; duplicate ids', async () => {
    const p = await pageWithFeed(feedOf([
      { title: '没有 id 的条目', content_text: '应被跳过' },
      { id: 'no-title', content_text: '没有标题的条目，标题取自正文的开头。' },
      { id: 'no-date', title: '没有日期的条目', content_text: '正文' },
      { id: 'lower', title: '小写 t 和 z', date_published: '2021-09-01t18:30:00z' },
      { id: 'space', title: '空格分隔', date_published: '2021-09-01 18:30:00-00:00' },
      { id: 'frac', title: '小数秒', date_published: '2021-09-02T02:30:00.123456789+08:00' },
      { id: 'bad-date', title: '坏日期', date_published: '上周三' },
      { id: 'dup', title: '第一个 dup' },
      { id: 'dup', title: '第二个 dup' },
      { id: 42, title: '数字 id' },
    ]));
    const { page } = p;
    try {
      await page.goto('/');
      await waitForApp(page);
      const titles = await page.locator('section.latest .article-item h3 a').allTextContents();
      assert.ok(!titles.includes('没有 id 的条目'));
      assert.ok(titles.includes('没有标题的条目，标题取自正文的开头。'), JSON.stringify(titles));
      assert.equal(titles.filter((x) => x.includes('dup')).length, 1);
      const notices = await page.locator('details.content-notices li').allTextContents();
      for (const want of [/items\[0\]: no id/, /“上周三” is not an RFC 3339 date/, /id “dup” appears more than once/]) {
        assert.ok(notices.some((n) => want.test(n)), `${want} in ${JSON.stringify(notices)}`);
      }
      for (const [id, date] of [['lower', '2021-09-02'], ['space', '2021-09-02'], ['frac', '2021-09-02']]) {
        await page.goto(`/article/${id}`);
        await page.locator('h1.article-title').waitFor();
        assert.equal(await textOf(page, '.article-meta time'), date, id);
      }
      await page.goto('/article/no-date');
      await page.locator('h1.article-title').waitFor();
      assert.equal(await page.locator('.article-meta time').count(), 0);
      await page.goto('/article/dup');
      await waitForText(page, 'h1.article-title', '第一个 dup');
      await page.goto('/article/42');
      await waitForText(page, 'h1.article-title', '数字 id');
      p.clean('sloppy items');
    } finally {
      await p.close();
    }
  });

  test('ids that are URLs or hold / ? # % and non-ASCII: click, reload, back', async () => {
    const ids = ['https://example.com/a/b?c=d&e=f#frag', '50% 增长/测试?#', '%2F%25~7E', '中文 id'];
    const p = await pageWithFeed(feedOf(ids.map((id, i) => ({ id, title: `特殊 id ${i}`, content_text: `正文 ${i}` }))));
    const { page } = p;
    try {
      for (let i = 0; i < ids.length; i += 1) {
        await page.goto('/');
        const link = page.locator('section.latest .article-item h3 a', { hasText: `特殊 id ${i}` });
        const href = await link.getAttribute('href');
        await link.click();
        await waitForText(page, 'h1.article-title', `特殊 id ${i}`);
        assert.equal(new URL(page.url()).pathname, encodeURI(href));
        await page.reload();
        await waitForText(page, 'h1.article-title', `特殊 id ${i}`);
        await page.goBack();
        await page.locator('section.latest').waitFor();
      }
      p.clean('special ids');
    } finally {
      await p.close();
    }
  });

  test('an opened 内容提示 stays open while an older page arrives', async () => {
    const p = await pageWithFeed(feedOf([{ title: '没有 id 的条目' }, ...bigItems(12, 20)], { next_url: 'feed-2.json' }));
    const older = feedOf(Array.from({ length: 18 }, (_, i) => ({
      id: `old-${i}`, title: `更早的第 ${i} 篇`, content_text: '正文', date_published: `2020-12-${String(30 - i).padStart(2, '0')}T08:00:00Z`,
    })));
    let olderAsked = 0;
    await p.page.route('**/content/feed-2.json', (route) => {
      olderAsked += 1;
      return route.fulfill({ status: 200, contentType: 'application/feed+json', body: JSON.stringify(older) });
    });
    const { page } = p;
    try {
      await page.goto('/');
      await waitForApp(page);
      await page.locator('details.content-notices summary').click();
      assert.equal(await page.locator('details.content-notices[open]').count(), 1);
      await page.locator('nav.pager a', { hasText: '2' }).first().click();
      await page.locator('section.latest a[href="/article/old-0"]').waitFor();
      assert.equal(olderAsked, 1, 'page 2 needed the older feed page');
      assert.equal(await page.locator('details.content-notices[open]').count(), 1, 'still open');
      p.clean('notices stay open');
    } finally {
      await p.close();
    }
  });

  test('the JS encodeSegment writes what the app writes, for every awkward id and tag', async () => {
    // tests/support/route-segment.mjs copies encode_segment (src/model/url.rs) for deep links
    // and the benchmark's static page; here it must agree with the hrefs the app renders.
    const ids = [
      'plain-ASCII_09.x', '.leading-dot', '.', '..', 'later.dots.', 'tilde~7E', '%2F%25~7E',
      '50% 增长/测试?#', 'https://example.com/a/b?c=d&e=f#frag', ` quotes"'<>\`&=+;,@!$()*[]{}|\\^ `,
      'tab\there', 'line\nfeed', 'nul\u0000byte', 'del\u007f', 'c1\u0085control',
      'nbsp\u00a0', 'ideographic\u3000space', 'line\u2028separator', 'bom\ufeff', 'zwsp\u200b',
      'mongolian\u180evowel', '中文 id', 'é-ñ-Ω', '😀-emoji', 'ｆｕｌｌ', 42,
    ];
    const tags = ['科创 高地', 'a/b', '.dot', 'C++', '50%', 'tag?#', '~', 'é', '😀', 'bom\ufeff', 'nb\u00a0sp', '<&>'];
    const items = ids.map((id, i) => ({ id, title: `怪 id ${i}`, content_text: `正文 ${i}`, tags: i === 0 ? tags : [] }));
    const p = await pageWithFeed(feedOf(items, { _portal: { page_size: 100 } }));
    const { page } = p;
    const linksIn = (selector) =>
      page.locator(selector).evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    try {
      await page.goto('/');
      await waitForApp(page);
      const listed = new Map(await linksIn('section.latest .article-item h3 a'));
      ids.forEach((id, i) => {
        assert.equal(listed.get(`怪 id ${i}`), `/article/${encodeSegment(String(id))}`, `id ${JSON.stringify(id)}`);
      });

      await page.goto(listed.get('怪 id 0'));
      await waitForText(page, 'h1.article-title', '怪 id 0');
      const tagLinks = await linksIn('ul.tags a');
      assert.equal(tagLinks.length, tags.length, JSON.stringify(tagLinks));
      // The app folds white space in a tag (nb\u00a0sp shows as “nb sp”): compare with what it
      // shows, untrimmed (JS trim() would take the U+FEFF that Rust keeps).
      for (const [text, href] of tagLinks) assert.equal(href, `/tag/${encodeSegment(text)}`, `tag ${JSON.stringify(text)}`);

      // And every href, loaded as it is, opens its article.
      for (let i = 0; i < ids.length; i += 1) {
        await page.goto(listed.get(`怪 id ${i}`));
        await waitForText(page, 'h1.article-title', `怪 id ${i}`);
      }
      p.clean('encodeSegment');
    } finally {
      await p.close();
    }
  });

  test('a 100-character Chinese id gets a short route that opens and survives a reload', async () => {
    // 300 bytes encoded, past a file name's 255: article_segment shortens it (src/model/url.rs).
    const id = '科技创新是引领发展的第一动力'.repeat(8).slice(0, 100);
    const p = await pageWithFeed(feedOf([{ id, title: '长 id 的文章', content_text: '正文' }, ...bigItems(2, 20)]));
    const { page } = p;
    try {
      await page.goto('/');
      await waitForApp(page);
      const link = page.locator('section.latest .article-item h3 a', { hasText: '长 id 的文章' });
      const href = await link.getAttribute('href');
      const segment = href.split('/').pop();
      assert.ok(segment.includes('~~'), href);
      assert.ok(Buffer.byteLength(segment) <= 200, `${Buffer.byteLength(segment)} bytes: ${href}`);
      await link.click();
      await waitForText(page, 'h1.article-title', '长 id 的文章');
      await page.reload();
      await waitForText(page, 'h1.article-title', '长 id 的文章');
      p.clean('long id');
    } finally {
      await p.close();
    }
  });

  test('from page 3 of one channel, another channel opens on its page 1', async () => {
    // FlatRoutes keeps the route's query map when only the path changes: the page number is
    // read from the location instead (use_page_number).
    const items = ['a', 'b'].flatMap((ch) => bigItems(25, 20).map((item, i) => ({
      ...item, id: `${ch}-${i}`, title: `${ch} 栏目第 ${i} 篇`, _portal: { channel: ch },
    })));
    const channels = [{ slug: 'a', name: '甲栏目' }, { slug: 'b', name: '乙栏目' }];
    const p = await pageWithFeed(feedOf(items, { _portal: { channels, page_size: 10 } }));
    const { page } = p;
    try {
      await page.goto('/channel/a?page=3');
      await waitForText(page, 'nav.pager [aria-current="page"]', '3');
      await page.locator('nav.channel-nav a', { hasText: '乙栏目' }).click();
      await page.waitForURL((u) => u.pathname === '/channel/b' && u.search === '');
      await waitForText(page, 'h1.page-title', '乙栏目');
      assert.equal(await textOf(page, 'nav.pager [aria-current="page"]'), '1');
      assert.equal(await page.locator('.article-item h3 a').first().textContent(), 'b 栏目第 0 篇');
      p.clean('channel switch');
    } finally {
      await p.close();
    }
  });

  test('a next_url that points back at itself stops, with a notice', async () => {
    const p = await pageWithFeed(feedOf(bigItems(3, 20), { next_url: 'feed.json' }));
    const { page } = p;
    try {
      await page.goto('/?page=4');
      await waitForApp(page);
      await page.goto('/');
      await waitForApp(page);
      assert.equal(await page.locator('section.latest .article-item').count(), 3);
      const notices = await page.locator('details.content-notices li').allTextContents();
      assert.ok(notices.some((n) => /next_url: leads back to feed\.json/.test(n)), JSON.stringify(notices));
      await page.goto('/article/missing');
      await page.locator('.not-found h1').waitFor();
      p.clean('next_url loop');
    } finally {
      await p.close();
    }
  });

  test('an article file (article_url) that fails is named on the page', async () => {
    const p = await pageWithFeed(feedOf(bigItems(2, 20), { _portal: { article_url: 'articles/{id}.json' } }));
    const { page } = p;
    try {
      await page.route('**/content/articles/**', (route) => route.fulfill({ status: 500, body: 'oops' }));
      await page.goto('/article/old-one');
      await page.locator('.not-found .more-error').waitFor();
      assert.match(await textOf(page, '.not-found .more-error'), /content\/articles\/old-one\.json.*HTTP 500/);
      p.noCrash('article file 500');
    } finally {
      await p.close();
    }
  });
});
