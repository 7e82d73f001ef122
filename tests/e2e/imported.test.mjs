// From the feeds a CMS already writes to a portal behind nginx: the real Hexo Atom feed
// (../shared/fixtures/realworld/hexo-atom-zh-2023.xml) and the synthetic WordPress RSS
// (tests/fixtures/import/wordpress-rss2.xml) go through `portal import` (each into a channel),
// `portal check` and `portal build`, and are read in Chromium: the lists hold every item, and
// the newest and the oldest open by deep link, written by the publisher and then in the app.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { encodeSegment } from '../support/route-segment.mjs';
import { importedItems, launchBrowser, openPage, REPO, screenshotDir, stubInternet, takenOver } from './helpers.mjs';
import { PORTAL_BIN, startPublishedPortal, tempDir } from './server.mjs';

const FIXTURES = process.env.PORTAL_FIXTURES || path.resolve(REPO, '../shared/fixtures/realworld');
const HEXO = path.join(FIXTURES, 'hexo-atom-zh-2023.xml');
const WORDPRESS = path.join(REPO, 'tests/fixtures/import/wordpress-rss2.xml');

let server;
let browser;
let work;
let imported;
let said;

/**
 * A page whose requests to the internet (the WordPress pictures are on kjj.example.cn, not
 * reachable here) get a stand-in picture; route interception needs the service worker blocked.
 */
async function offlinePage() {
  const p = await openPage(browser, { baseURL: server.url, serviceWorkers: 'block' });
  await stubInternet(p.context);
  return p;
}

/**
 * Waits until the app shows the page: it has replaced the written page (`#prerendered` gone)
 * or, on the shell (`?page=2`), mounted and loaded.
 */

before(async () => {
  work = tempDir('portal-e2e-import-');
  const out = path.join(work, 'content');
  said = execFileSync(PORTAL_BIN, ['import', `${HEXO}=boke`, `${WORDPRESS}=dongtai`, '--out', out], { encoding: 'utf8' });
  execFileSync(PORTAL_BIN, ['check', out], { encoding: 'utf8' });
  imported = importedItems(out);
  [server, browser] = await Promise.all([startPublishedPortal({ content: out }), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('imported feeds (portal import → check → build → nginx)', () => {
  test('the importer says what it took and what it could not use', () => {
    assert.match(said, /hexo-atom-zh-2023\.xml: Atom 1\.0, 15 items, 15 kept/);
    assert.match(said, /15 entries have no readable text: kept with their title and a link to the original/);
    assert.match(said, /wordpress-rss2\.xml: RSS 2\.0, 4 items, 4 kept/);
    assert.equal(imported.length, 19);
    const dates = imported.map((i) => Date.parse(i.date_published));
    assert.deepEqual(dates, [...dates].sort((a, b) => b - a), 'newest first');
  });

  test('each channel lists its items, newest first', async () => {
    const p = await offlinePage();
    try {
      for (const slug of ['boke', 'dongtai']) {
        const mine = imported.filter((i) => i._portal.channel === slug);
        // Lists are paged by page_size (10 when the site file does not say): read them all.
        const titles = [];
        for (let n = 1; titles.length < mine.length && n <= 3; n++) {
          await p.page.goto(`/channel/${slug}${n > 1 ? `?page=${n}` : ''}`);
          await takenOver(p.page);
          const list = p.page.locator('main .article-list li a');
          await list.first().waitFor();
          titles.push(...(await list.allTextContents()).map((t) => t.trim()));
        }
        assert.deepEqual(titles, mine.map((i) => i.title), slug);
      }
      await p.page.goto('/');
      await takenOver(p.page);
      await p.page.locator('section.latest .article-list li').first().waitFor();
      assert.equal(
        (await p.page.locator('section.latest .article-list li a').first().textContent()).trim(),
        imported[0].title,
      );
      p.clean();
    } finally {
      await p.close();
    }
  });

  test('the newest and the oldest open by deep link: written by the publisher, then in the app', async () => {
    const p = await offlinePage();
    try {
      for (const [which, item] of [['newest', imported[0]], ['oldest', imported[imported.length - 1]]]) {
        const route = `/article/${encodeSegment(item.id)}`;
        const written = await (await fetch(`${server.url}${route}`)).text();
        assert.match(written, /<div id="prerendered">/, `${which}: a written page`);
        const h1 = written.match(/<h1 class="article-title">([^<]*)<\/h1>/);
        assert.ok(h1, `${which}: an h1 in the written page`);
        await p.page.goto(route);
        await takenOver(p.page);
        assert.equal((await p.page.locator('h1.article-title').textContent()).trim(), item.title, which);
        assert.equal(h1[1].replace(/&amp;/g, '&').replace(/&quot;/g, '"'), item.title.replace(/</g, '&lt;'), which);
        await p.page.screenshot({ path: path.join(screenshotDir(), `imported-${which}-1280.png`), fullPage: true });
      }
      // A Hexo entry with no readable text links to the original instead of showing its broken summary.
      const hexo = imported.find((i) => i._portal.channel === 'boke');
      await p.page.goto(`/article/${encodeSegment(hexo.id)}`);
      await takenOver(p.page);
      const body = p.page.locator('.article-body');
      assert.equal(await body.locator('script').count(), 0);
      assert.doesNotMatch(await body.textContent(), /<script|<\/?p>|&lt;/, 'no escaped markup shown as text');
      assert.equal(await p.page.locator(`p.original a[href="${hexo.url}"]`).textContent(), '阅读原文');
      p.clean();
    } finally {
      await p.close();
    }
  });
});
