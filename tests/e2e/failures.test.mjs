// Content failures: the feed request answered badly (intercepted with page.route). Each shows
// section.load-error naming content/feed.json and the problem, the site's links keep working,
// and 重试 loads the content once the server answers again. Console errors about the failed
// request are expected here; an uncaught error or a panic is not.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { usePortalAndBrowser, openPage, pathOf, REPO, textOf, waitForApp, waitForText } from './helpers.mjs';

const FEED = '**/content/feed.json';
const feedText = fs.readFileSync(path.join(REPO, 'dist/content/feed.json'), 'utf8');
const json = 'application/feed+json; charset=utf-8';

const CASES = [
  {
    name: 'HTTP 404',
    answer: (route) => route.fulfill({ status: 404, contentType: 'text/html', body: '<h1>404 Not Found</h1>' }),
    problem: /^HTTP 404: not found on the server$/,
  },
  {
    name: 'HTTP 500',
    answer: (route) => route.fulfill({ status: 500, contentType: 'text/html', body: '<h1>500 Internal Server Error</h1>' }),
    problem: /^HTTP 500: the server failed to send it$/,
  },
  {
    name: 'malformed JSON (an HTML error page with status 200)',
    answer: (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>维护中</title>' }),
    problem: /^line 1, column 1: not valid JSON \(.+\)$/,
  },
  {
    name: 'wrong shape (items is an object)',
    answer: (route) => route.fulfill({ status: 200, contentType: json, body: '{"version":"https://jsonfeed.org/version/1.1","items":{}}' }),
    problem: /^items: .*array/,
  },
  {
    name: 'truncated file',
    answer: (route) => route.fulfill({ status: 200, contentType: json, body: feedText.slice(0, Math.floor(feedText.length * 0.6)) }),
    problem: /^line \d+, column \d+: .*(ends too early|truncated)/,
  },
  {
    name: 'network failure',
    answer: (route) => route.abort('connectionrefused'),
    problem: /^the network request failed/,
  },
  {
    name: 'no answer (timeout after 8 s)',
    // Holds the request past the app's 8 s limit, then lets it go on to the server.
    answer: (route) => new Promise((r) => setTimeout(r, 9_500)).then(() => route.continue()).catch(() => {}),
    problem: /^no answer within 8 seconds \(timed out\)$/,
    timeout: 15_000,
  },
];

const shared = usePortalAndBrowser();

async function expectFailure(page, problem, timeout) {
  const box = page.locator('section.load-error[role="alert"]');
  await box.waitFor({ timeout });
  assert.equal(await textOf(page, 'section.load-error code.error-file'), 'content/feed.json');
  const said = await textOf(page, 'section.load-error .error-problem');
  assert.match(said, problem);
  assert.equal(await page.locator('section.load-error button.retry').count(), 1);
  assert.equal(await page.locator('.skeleton').count(), 0);
  return said;
}

describe('content failures', () => {
  for (const c of CASES) {
    test(`feed ${c.name}: message, links still navigate, retry recovers`, async (t) => {
      const p = await openPage(shared.browser, { baseURL: shared.server.url, serviceWorkers: 'block' });
      const { page } = p;
      try {
        await page.route(FEED, c.answer);
        await page.goto('/');
        const said = await expectFailure(page, c.problem, c.timeout);
        t.diagnostic(`shown: content/feed.json: ${said}`);
        assert.equal(await page.title(), '科创资讯门户');

        // The chrome still works without content: 网站地图 (footer) and 首页 (channel nav).
        await page.locator('footer.site-footer .footer-links a', { hasText: '网站地图' }).click();
        await page.waitForURL((u) => u.pathname === '/sitemap');
        await expectFailure(page, c.problem);
        await page.locator('nav.channel-nav a', { hasText: '首页' }).click();
        await page.waitForURL((u) => u.pathname === '/');
        assert.equal(await textOf(page, 'section.load-error .error-problem'), said);

        // The server is fine again: 重试 loads the content, without a page reload.
        await page.unroute(FEED);
        await page.evaluate(() => { window.__noReload = true; });
        await page.locator('section.load-error button.retry').click();
        await page.locator('section.latest .article-list').waitFor();
        await waitForApp(page);
        assert.equal(await page.evaluate(() => window.__noReload), true, 'retry did not reload the page');
        assert.equal(await page.locator('section.load-error').count(), 0);

        // And every link works again: a channel from the nav, a page from the footer.
        await page.locator('nav.channel-nav a', { hasText: '科技政策' }).click();
        await waitForText(page, 'h1.page-title', '科技政策');
        await page.locator('footer.site-footer .footer-links a', { hasText: '联系方式' }).click();
        await waitForText(page, 'h1.page-title', '联系方式');
        assert.equal(pathOf(page), '/page/contact');
        p.noCrash(c.name);
        // What the console said is about the feed request and nothing else.
        const unrelated = p.consoleMessages.filter((m) => !/feed\.json|status of 5\d\d|status of 404|net::ERR/.test(m));
        assert.deepEqual(unrelated, [], 'console messages unrelated to the failed feed');
        for (const m of p.consoleMessages) t.diagnostic(`console ${m}`);
      } finally {
        await p.close();
      }
    });
  }

  test('deep link to an article while the feed fails, then retry shows the article', async () => {
    const p = await openPage(shared.browser, { baseURL: shared.server.url, serviceWorkers: 'block' });
    const { page } = p;
    try {
      await page.route(FEED, (route) => route.fulfill({ status: 503, body: 'busy' }));
      await page.goto('/article/20210902-wenzhou-kechuang');
      await expectFailure(page, /^HTTP 503: the server failed to send it$/);
      await page.unroute(FEED);
      await page.locator('section.load-error button.retry').click();
      await page.locator('h1.article-title').waitFor();
      assert.match(await textOf(page, 'h1.article-title'), /浙江温州/);
      p.noCrash('503 then retry');
    } finally {
      await p.close();
    }
  });
});
