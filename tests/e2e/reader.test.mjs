// The reader's tools on the published sample behind nginx: 字号 (kept, and applied before the
// first paint), 长者模式 with AAA contrast, the dark theme, print, the QR code (decoded back to
// the URL), copying the link, 纠错, attachments, 相关阅读, 返回顶部, the footer marks, the
// keyboard alone; screenshots of each mode at 390 and 1280 px.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { AxeBuilder } from '@axe-core/playwright';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

import { usePortalAndBrowser, openPage, REPO, screenshotDir, takenOver } from './helpers.mjs';
import { startPublishedPortal } from './server.mjs';

const SEED = '20210902-wenzhou-kechuang';
const POLICY = 'sample-policy-01';
const feed = JSON.parse(fs.readFileSync(path.join(REPO, 'public/content/feed.json'), 'utf8'));
const policy = feed.items.find((i) => i.id === POLICY);

const shared = usePortalAndBrowser(startPublishedPortal);

async function article(p, id = SEED) {
  await p.page.goto(`/article/${id}`);
  await takenOver(p.page);
}

const bodySize = (page) => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.article-body p')).fontSize));

async function axe(page, tags) {
  const results = await new AxeBuilder({ page }).withTags(tags).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.length} (${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join('; ')})`);
}

async function shots(p, name) {
  for (const width of [1280, 390]) {
    await p.page.setViewportSize({ width, height: 900 });
    await p.page.screenshot({ path: path.join(screenshotDir(), `reader-${name}-${width}.png`), fullPage: true });
  }
  await p.page.setViewportSize({ width: 1280, height: 900 });
}

describe('reader tools', () => {
  test('字号 大 enlarges the body, survives a reload and is there in the first frame', async () => {
    const p = await openPage(shared.browser, { baseURL: shared.server.url });
    try {
      await article(p);
      assert.equal(await bodySize(p.page), 18, '中 by default');
      await p.page.getByRole('button', { name: '大字号' }).click();
      assert.equal(await bodySize(p.page), 22);
      assert.equal(await p.page.getByRole('button', { name: '大字号' }).getAttribute('aria-pressed'), 'true');
      // The next visit: what the first animation frame with the body in it (before its first
      // paint) shows. A written page paints as it arrives (its CSS is inline, no stylesheet
      // holds the paint back), so the first frames may hold only the header.
      await p.page.addInitScript(() => {
        const look = () => {
          const first = document.querySelector('.article-body p');
          if (!first) {
            requestAnimationFrame(look);
            return;
          }
          window.__firstFrame = {
            large: document.documentElement.classList.contains('text-large'),
            size: parseFloat(getComputedStyle(first).fontSize),
          };
        };
        requestAnimationFrame(look);
      });
      await p.page.reload();
      await p.page.waitForFunction(() => window.__firstFrame);
      assert.deepEqual(await p.page.evaluate(() => window.__firstFrame), { large: true, size: 22 });
      await p.page.screenshot({ path: path.join(screenshotDir(), 'reader-first-frame-large-1280.png') });
      await takenOver(p.page);
      assert.equal(await bodySize(p.page), 22, 'after the takeover too');
      const cls = await p.page.evaluate(() => new Promise((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => { for (const e of list.getEntries()) total += e.value; })
          .observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => resolve(total), 300);
      }));
      assert.equal(cls, 0, 'no layout shift');
      await p.page.getByRole('button', { name: '小字号' }).click();
      assert.equal(await bodySize(p.page), 16);
      p.clean();
    } finally {
      await p.close();
    }
  });

  test('长者模式: 20 px and more, targets of 44 px, and axe finds no AAA contrast problem', async () => {
    const p = await openPage(shared.browser, { baseURL: shared.server.url });
    try {
      await article(p);
      await p.page.getByRole('button', { name: '长者模式' }).click();
      assert.ok(await p.page.evaluate(() => document.documentElement.classList.contains('elder')));
      const smallest = await p.page.evaluate(() => Math.min(...[...document.querySelectorAll('main p, main li, main a, main span, main time, footer p, footer a')]
        .filter((e) => e.offsetParent !== null && e.textContent.trim())
        .map((e) => parseFloat(getComputedStyle(e).fontSize))));
      assert.ok(smallest >= 20, `smallest text ${smallest} px`);
      const lineHeight = await p.page.evaluate(() => {
        const s = getComputedStyle(document.querySelector('.article-body p'));
        return parseFloat(s.lineHeight) / parseFloat(s.fontSize);
      });
      assert.ok(lineHeight >= 1.8, `line height ${lineHeight}`);
      const small = await p.page.evaluate(() => [...document.querySelectorAll('main button, header button, .channel-list a')]
        .filter((e) => e.offsetParent !== null)
        .map((e) => e.getBoundingClientRect())
        .filter((r) => r.height < 44).length);
      assert.equal(small, 0, 'every button and channel link at least 44 px high');
      assert.deepEqual(await axe(p.page, ['wcag2a', 'wcag2aa', 'wcag2aaa']), []);
      await shots(p, 'elder');
      await p.page.reload();
      await takenOver(p.page);
      assert.ok(await p.page.evaluate(() => document.documentElement.classList.contains('elder')), 'kept');
      for (const route of ['/', '/channel/difang']) {
        await p.page.goto(route);
        await takenOver(p.page);
        assert.deepEqual(await axe(p.page, ['wcag2a', 'wcag2aa', 'wcag2aaa']), [], route);
      }
      p.clean();
    } finally {
      await p.close();
    }
  });

  test('dark theme: the system\'s, and the toggle; axe finds nothing; pictures are not inverted', async () => {
    const p = await openPage(shared.browser, { baseURL: shared.server.url });
    try {
      await p.page.emulateMedia({ colorScheme: 'dark' });
      await article(p);
      const background = () => p.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(await background(), 'rgb(22, 27, 34)');
      assert.equal(await p.page.getByRole('button', { name: '深色模式' }).getAttribute('aria-pressed'), 'true');
      assert.deepEqual(await axe(p.page, ['wcag2a', 'wcag2aa']), []);
      assert.equal(await p.page.evaluate(() => getComputedStyle(document.querySelector('.article-body img') || document.body).filter), 'none');
      await shots(p, 'dark');
      // The toggle, from the light system setting.
      await p.page.emulateMedia({ colorScheme: 'light' });
      assert.equal(await background(), 'rgb(243, 246, 250)');
      await p.page.getByRole('button', { name: '深色模式' }).click();
      assert.equal(await background(), 'rgb(22, 27, 34)');
      assert.deepEqual(await axe(p.page, ['wcag2a', 'wcag2aa']), []);
      await p.page.reload();
      await takenOver(p.page);
      assert.equal(await background(), 'rgb(22, 27, 34)', 'kept');
      // The other kinds of page, dark.
      for (const route of ['/', '/channel/difang', `/search?q=${encodeURIComponent('氢能')}`]) {
        await p.page.goto(route);
        await takenOver(p.page);
        assert.deepEqual(await axe(p.page, ['wcag2a', 'wcag2aa']), [], route);
      }
      p.clean();
    } finally {
      await p.close();
    }
  });

  test('print: the article alone, with its address', async () => {
    const p = await openPage(shared.browser, { baseURL: shared.server.url });
    try {
      await article(p);
      await p.page.emulateMedia({ media: 'print' });
      const shown = (selector) => p.page.evaluate((s) => [...document.querySelectorAll(s)].some((e) => getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0), selector);
      for (const gone of ['aside.sidebar', '.channel-nav', '.banner', '.tiles', '.site-footer', '.reader-tools']) {
        assert.equal(await shown(gone), false, `${gone} is not printed`);
      }
      for (const kept of ['h1.article-title', '.article-body', 'section.summary', '.print-url', '.disclaimer']) {
        assert.equal(await shown(kept), true, `${kept} is printed`);
      }
      assert.equal((await p.page.locator('.print-url').textContent()).trim(), `${shared.server.siteUrl}article/${SEED}`);
      await shots(p, 'print');
      const pdf = await p.page.pdf({ format: 'A4' });
      assert.ok(pdf.length > 10_000, 'a PDF is made');
      p.clean();
    } finally {
      await p.close();
    }
  });

  test('share: the QR code decodes to the article\'s URL, and the link is copied', async () => {
    const p = await openPage(shared.browser, { baseURL: shared.server.url });
    try {
      await p.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: shared.server.url });
      await article(p);
      const url = `${shared.server.siteUrl}article/${SEED}`;
      await p.page.locator('details.qr summary').click();
      const svg = p.page.locator('details.qr svg.qr-code');
      await svg.waitFor();
      const png = PNG.sync.read(await svg.screenshot());
      const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      assert.ok(code, 'a QR code is found');
      assert.equal(code.data, url);
      await p.page.getByRole('button', { name: '复制链接' }).click();
      await p.page.waitForFunction(() => document.querySelector('.tool-status').textContent === '链接已复制');
      assert.equal(await p.page.evaluate(() => navigator.clipboard.readText()), url);
      p.clean();
    } finally {
      await p.close();
    }
  });

  test('纠错, 责任编辑, reading time, attachments to download, 相关阅读, footer marks', async () => {
    const p = await openPage(shared.browser, { baseURL: shared.server.url });
    try {
      await article(p, POLICY);
      const correction = await p.page.locator('a.correction').getAttribute('href');
      assert.match(correction, /^mailto:jiucuo@example\.com\?subject=/);
      assert.ok(decodeURIComponent(correction).includes(policy.title));
      assert.ok(decodeURIComponent(correction).includes(`${shared.server.siteUrl}article/${POLICY}`));
      assert.match(await p.page.locator('.article-facts').textContent(), /阅读约 \d+ 分钟.*责任编辑：示例编辑/);
      const file = p.page.locator('section.attachments li a');
      assert.equal((await file.textContent()).trim(), policy.attachments[0].title);
      assert.match(await p.page.locator('section.attachments .file-facts').textContent(), /^PDF · \d+ B$/);
      const download = await fetch(new URL(await file.getAttribute('href'), `${shared.server.url}/`));
      assert.equal(download.status, 200);
      assert.equal((await download.arrayBuffer()).byteLength, policy.attachments[0].size_in_bytes);
      const related = await p.page.locator('section.reading-list li a').allTextContents();
      assert.ok(related.length >= 1, '相关阅读');
      const all = [...feed.items, ...JSON.parse(fs.readFileSync(path.join(REPO, 'public/content/feed-2.json'), 'utf8')).items];
      for (const title of related) {
        const other = all.find((i) => i.title === title);
        assert.ok(other && other.tags.some((t) => policy.tags.includes(t)), `${title} shares a tag`);
      }
      for (const [selector, text] of [['.organizer', '主办单位：科创资讯门户编辑部（示例单位）'], ['.site-id-code', '网站标识码：0000000000（示例）'], ['.contact', '联系方式：示例电话 000-00000000']]) {
        assert.equal((await p.page.locator(`footer ${selector}`).textContent()).trim(), text);
      }
      assert.equal(await p.page.locator('footer .site-mark img').getAttribute('alt'), '党政机关标识（示例）');
      assert.match(await p.page.locator('footer .icp').textContent(), /（示例）/);
      // The seed, a real reprint, has no editor and no attachments.
      await article(p);
      assert.equal(await p.page.locator('.editor').count(), 0);
      assert.equal(await p.page.locator('section.attachments').count(), 0);
      await shots(p, 'normal');
      p.clean();
    } finally {
      await p.close();
    }
  });

  test('by keyboard alone: 字号, 长者模式, the QR code and 返回顶部', async () => {
    const p = await openPage(shared.browser, { baseURL: shared.server.url });
    try {
      await article(p);
      const focusOn = async (name, max = 80) => {
        for (let i = 0; i < max; i++) {
          await p.page.keyboard.press('Tab');
          const here = await p.page.evaluate(() => document.activeElement && (document.activeElement.getAttribute('aria-label') || document.activeElement.textContent.trim()));
          if (here === name) return;
        }
        assert.fail(`${name} is not reached by Tab`);
      };
      await focusOn('长者模式');
      await p.page.keyboard.press('Enter');
      assert.ok(await p.page.evaluate(() => document.documentElement.classList.contains('elder')));
      await p.page.keyboard.press('Space');
      assert.ok(!(await p.page.evaluate(() => document.documentElement.classList.contains('elder'))));
      await focusOn('大字号');
      await p.page.keyboard.press('Enter');
      assert.equal(await bodySize(p.page), 22);
      await focusOn('二维码');
      await p.page.keyboard.press('Enter');
      assert.ok(await p.page.locator('details.qr').evaluate((d) => d.open));
      await p.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      const top = p.page.getByRole('button', { name: '返回顶部' });
      await top.waitFor({ state: 'visible' });
      await top.focus();
      await p.page.keyboard.press('Enter');
      await p.page.waitForFunction(() => window.scrollY === 0);
      p.clean();
    } finally {
      await p.close();
    }
  });
});
