// Accessibility (axe-core, WCAG 2 A and AA) of the main page types at desktop and phone widths,
// keyboard access to the content, and full-page screenshots for a human look.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';

import { AxeBuilder } from '@axe-core/playwright';

import { usePortalAndBrowser, openPage, screenshotDir, waitForApp } from './helpers.mjs';

const SEED = '/article/20210902-wenzhou-kechuang';
const WIDTHS = [1280, 390];
const PAGES = [
  { name: 'home', route: '/', ready: 'section.latest .article-list' },
  { name: 'article', route: SEED, ready: 'h1.article-title' },
  { name: 'channel', route: '/channel/difang', ready: 'h1.page-title' },
  { name: '404', route: '/no/such/page', ready: '.not-found h1' },
  {
    name: 'failure',
    route: '/',
    ready: 'section.load-error',
    failing: (page) => page.route('**/content/feed.json', (r) => r.fulfill({ status: 500, body: 'down' })),
  },
];

const shared = usePortalAndBrowser();

/** Scrolls through the page so lazy pictures load, then waits for every picture. */
async function settle(page) {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight / 2) {
      window.scrollTo(0, y);
      await new Promise((r) => requestAnimationFrame(r));
    }
    window.scrollTo(0, 0);
  });
  await page.waitForFunction(() => [...document.images].every((i) => i.complete));
  await page.evaluate(() => document.fonts.ready);
}

function describeViolations(violations) {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5).map((n) =>
    `    ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1, 3).join(' ').trim()}`).join('\n')}`).join('\n');
}

describe('accessibility', () => {
  for (const width of WIDTHS) {
    for (const spec of PAGES) {
      test(`axe wcag2a+wcag2aa: ${spec.name} at ${width} px`, async () => {
        const p = await openPage(shared.browser, { baseURL: shared.server.url, width, height: 900, serviceWorkers: 'block' });
        const { page } = p;
        try {
          if (spec.failing) await spec.failing(page);
          await page.goto(spec.route);
          await page.locator(spec.ready).first().waitFor();
          await waitForApp(page);
          const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
          assert.equal(result.violations.length, 0,
            `axe violations on ${spec.name} at ${width} px:\n${describeViolations(result.violations)}`);
          assert.ok(result.passes.length > 10, 'axe ran its rules');
          if (spec.failing) p.noCrash(spec.name);
          else p.clean(spec.name);
        } finally {
          await p.close();
        }
      });
    }
  }

  test('keyboard: Tab first focuses the skip link, Enter moves focus to main', async () => {
    const p = await openPage(shared.browser, { baseURL: shared.server.url });
    const { page } = p;
    try {
      await page.goto(SEED);
      await page.locator('h1.article-title').waitFor();
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => ({
        cls: document.activeElement?.className,
        text: document.activeElement?.textContent.trim(),
        top: document.activeElement?.getBoundingClientRect().top,
      }));
      assert.equal(first.cls, 'skip-link');
      assert.equal(first.text, '跳到正文');
      assert.ok(first.top >= 0, `the focused skip link is on screen (top ${first.top})`);
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'main');
      assert.equal(await page.evaluate(() => document.activeElement.tagName), 'MAIN');
      // The next Tab goes on inside the content, not back to the header.
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => !!document.activeElement.closest('main')), true);
      assert.equal(new URL(page.url()).pathname, SEED, 'the skip link does not navigate');
      p.clean('keyboard');
    } finally {
      await p.close();
    }
  });

  test('screenshots of home and article at 390 and 1280 px (full page)', async (t) => {
    const dir = screenshotDir();
    const written = [];
    for (const width of [390, 1280]) {
      for (const [name, route, ready] of [['home', '/', 'section.latest .article-list'], ['article', SEED, 'h1.article-title']]) {
        const p = await openPage(shared.browser, { baseURL: shared.server.url, width, height: width < 600 ? 844 : 900 });
        const { page } = p;
        try {
          await page.goto(route);
          await page.locator(ready).waitFor();
          await waitForApp(page);
          await settle(page);
          const file = path.join(dir, `${name}-${width}.png`);
          await page.screenshot({ path: file, fullPage: true });
          const size = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight }));
          assert.ok(size.w <= width, `${name} at ${width} px has no horizontal scroll (page is ${size.w} px wide)`);
          written.push(`${file} (${size.w}×${size.h})`);
          p.clean(`${name} ${width}`);
        } finally {
          await p.close();
        }
      }
    }
    console.log(`screenshots in ${dir}:\n  ${written.join('\n  ')}`);
    t.diagnostic(`screenshots in ${dir}`);
  });
});
