// Real-world JSON Feeds written by others (../shared/fixtures/realworld, or $PORTAL_FIXTURES),
// served in place of content/feed.json by intercepting the request: the portal lists every item
// (duplicate ids once) and opens the first and the last by deep link.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { encodeSegment } from '../support/route-segment.mjs';
import {
  FIXTURES, launchBrowser, openPage, stubInternet, waitForApp, waitForText,
} from './helpers.mjs';
import { startPortal } from './server.mjs';

const FILES = [
  '01-ravelloh-blog-zh-v1.json',
  '02-seba-blog-en-v1.1.json',
  '03-alexkucera-microblog-text-v1.json',
  '04-nber-weekly-zh-v1.1.json',
  'hexo-zh-2022-04.json',
];
/** Items each fixture should list: hexo has one id twice (the first wins). */
const EXPECTED_COUNT = {
  '01-ravelloh-blog-zh-v1.json': 12,
  '02-seba-blog-en-v1.1.json': 18,
  '03-alexkucera-microblog-text-v1.json': 7,
  '04-nber-weekly-zh-v1.1.json': 20,
  'hexo-zh-2022-04.json': 19,
};
const DEFAULT_PAGE_SIZE = 10;

const fold = (s) => s.split(/\s+/u).filter(Boolean).join(' ');
/** The h1 the app shows for an item: its title, or one made of the start of its text. */
function expectedTitle(item) {
  const title = typeof item.title === 'string' ? fold(item.title) : '';
  if (title) return { exact: title };
  const text = fold(item.summary || item.content_text || '');
  if (!text) return { startsWith: '' };
  const chars = Array.from(text);
  return chars.length > 32 ? { exact: `${chars.slice(0, 32).join('').trimEnd()}…` } : { exact: text };
}
const idOf = (item) => (typeof item.id === 'number' ? String(item.id) : item.id);

let server;
let browser;
before(async () => {
  assert.ok(fs.existsSync(FIXTURES), `real-world fixtures not found at ${FIXTURES} (set PORTAL_FIXTURES)`);
  [server, browser] = await Promise.all([startPortal(), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('real-world feeds', () => {
  for (const file of FILES) {
    test(`${file}: home lists ${EXPECTED_COUNT[file]} items; first and last open by deep link`, async (t) => {
      const body = fs.readFileSync(path.join(FIXTURES, file));
      const feed = JSON.parse(body.toString('utf8'));
      const ids = feed.items.map(idOf).filter((id) => typeof id === 'string' && id.trim());
      assert.equal(new Set(ids).size, EXPECTED_COUNT[file], 'the fixture is the one this test knows');

      const p = await openPage(browser, { baseURL: server.url, serviceWorkers: 'block' });
      const { page, context } = p;
      try {
        await stubInternet(context);
        await page.route('**/content/feed.json', (route) =>
          route.fulfill({ status: 200, contentType: 'application/feed+json; charset=utf-8', body }));

        // Every page of the home list, following 下一页.
        await page.goto('/');
        await waitForApp(page);
        assert.equal(await page.locator('section.load-error').count(), 0);
        const listed = [];
        const hrefs = new Set();
        for (let n = 1; n < 10; n++) {
          await page.waitForFunction((want) => document.querySelector('.pager .current')?.textContent.trim() === String(want) ||
            (want === 1 && !document.querySelector('.pager')), n);
          const links = page.locator('section.latest .article-list li.article-item h3 a');
          listed.push(...(await links.allTextContents()));
          for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))) hrefs.add(href);
          const next = page.locator('section.latest .pager a[rel="next"]');
          if ((await next.count()) === 0) break;
          await next.click();
        }
        t.diagnostic(`listed ${listed.length} items over ${Math.ceil(listed.length / DEFAULT_PAGE_SIZE)} pages`);
        assert.equal(listed.length, EXPECTED_COUNT[file]);
        assert.equal(new Set(listed).size, listed.length, 'no item listed twice');
        const site = typeof feed.title === 'string' ? feed.title.trim() : '';
        if (site) assert.equal((await page.locator('header .site-name').textContent()).trim(), site);

        for (const [which, item] of [['first', feed.items[0]], ['last', feed.items.at(-1)]]) {
          const id = idOf(item);
          // A deep link typed for the id, which must be the address the list linked to.
          const route = `/article/${encodeSegment(id)}`;
          assert.ok(hrefs.has(route), `${route} is among the listed links`);
          await page.goto(route);
          const want = expectedTitle(item);
          await page.locator('h1.article-title').waitFor();
          const h1 = (await page.locator('h1.article-title').textContent()).trim();
          t.diagnostic(`${which}: ${route} → h1 “${h1}”`);
          if (want.exact !== undefined) assert.equal(h1, want.exact, `${which} item ${id}`);
          else assert.ok(h1.startsWith(want.startsWith), h1);
          assert.ok((await page.locator('.article-body').textContent()).trim().length > 0, `${which} has a body`);
          await page.reload();
          await waitForText(page, 'h1.article-title', h1);
        }
        p.clean(file);
      } finally {
        await p.close();
      }
    });
  }
});
