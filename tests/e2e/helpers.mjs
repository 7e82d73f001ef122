// Shared pieces of the end-to-end tests: the browser, pages that record their console errors,
// waiting for the app, the sample content and the real-world fixtures.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';

import { chromium } from 'playwright-core';

import { CHROMIUM_FLAGS } from '../support/chromium.mjs';
import { REPO, startPortal } from './server.mjs';

export { REPO };

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** How long a page may take to show its content (the wasm is compiled on 2 slow cores). */
export const APP_TIMEOUT = 20_000;

/** One headless Chromium (Debian's); playwright-core gives it a fresh profile. */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, timeout: 60_000 });
}

/**
 * A portal and one browser, started before the calling file's tests and stopped after them:
 * `shared.server.url`, `shared.browser`. `start` is the portal: the production one (dist/ behind
 * portal.conf) unless a file names another, e.g. server.mjs's startPublishedPortal.
 */
export function usePortalAndBrowser(start = startPortal) {
  const shared = { server: undefined, browser: undefined };
  before(async () => {
    [shared.server, shared.browser] = await Promise.all([start(), launchBrowser()]);
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.stop();
  });
  return shared;
}

/**
 * The console messages every page is allowed: Chromium's note on `integrity` in a preload, and
 * Playwright's own note when a test blocks service workers (see openPage).
 */
const HARMLESS = [/integrity/i, /^Service Worker registration blocked by Playwright$/];
/** What a panic of the app or a crash of its wasm looks like. */
export const PANIC = /panicked at|RuntimeError|unreachable|portal failed to start/i;

/**
 * A new page in its own context, recording console errors and warnings and uncaught errors.
 * `clean()` asserts there were none (but the harmless one); `noCrash()` only that nothing
 * panicked or threw, for tests that provoke a failure on purpose.
 *
 * `serviceWorkers: 'block'` for a test that serves other content with `route`: a request the
 * portal's service worker makes for the page never reaches the page's routes (Playwright), so
 * the worker would fetch the real content instead. The worker has tests of its own
 * (offline.test.mjs).
 */
export async function openPage(browser, { width = 1280, height = 900, baseURL, serviceWorkers = 'allow' } = {}) {
  const context = await browser.newContext({
    viewport: { width, height },
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    serviceWorkers,
  });
  context.setDefaultTimeout(APP_TIMEOUT);
  const page = await context.newPage();
  const consoleMessages = [];
  const pageErrors = [];
  page.on('console', (msg) => {
    const type = msg.type();
    if (type !== 'error' && type !== 'warning') return;
    const text = msg.text();
    if (type === 'warning' && HARMLESS.some((re) => re.test(text))) return;
    const where = msg.location()?.url ? ` (${msg.location().url})` : '';
    consoleMessages.push(`${type}: ${text}${where}`);
  });
  page.on('pageerror', (err) => pageErrors.push(`${err.name}: ${err.message}`));
  return {
    page,
    context,
    consoleMessages,
    pageErrors,
    clean(label = '') {
      assert.deepEqual(pageErrors, [], `uncaught errors ${label}`);
      assert.deepEqual(consoleMessages, [], `console errors/warnings ${label}`);
    },
    noCrash(label = '') {
      assert.deepEqual(pageErrors, [], `uncaught errors ${label}`);
      const panics = consoleMessages.filter((m) => PANIC.test(m));
      assert.deepEqual(panics, [], `panic in the console ${label}`);
    },
    close: () => context.close(),
  };
}

/** Waits until a service worker controls `page`; the first visit is not controlled until the worker claims it, so it reloads once. */
export async function untilControlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller, null, { timeout: 30_000 }).catch(async () => {
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker?.controller, null, { timeout: 30_000 });
  });
}

/** Waits until the app has mounted and the content is loaded (or failed): no skeleton left. */
export async function waitForApp(page) {
  await page.waitForFunction(
    () => document.querySelector('main#main') && !document.querySelector('.skeleton') &&
      document.querySelector('main#main').children.length > 0,
    null,
    { timeout: APP_TIMEOUT },
  );
}

/** Waits until the app has replaced the written page (so each control is there once) and shows its own. */
export async function takenOver(page) {
  await page.waitForFunction(() => !document.getElementById('prerendered'));
  await waitForApp(page);
}

/** The text of the single element matching `selector`, trimmed, once it is there. */
export async function textOf(page, selector) {
  const loc = page.locator(selector);
  await loc.first().waitFor();
  assert.equal(await loc.count(), 1, `exactly one ${selector}`);
  return (await loc.textContent()).trim();
}

/** Waits for `selector` to hold exactly `text` (trimmed). */
export async function waitForText(page, selector, text) {
  await page.waitForFunction(
    ([sel, want]) => [...document.querySelectorAll(sel)].some((e) => e.textContent.trim() === want),
    [selector, text],
    { timeout: APP_TIMEOUT },
  ).catch(async (e) => {
    const seen = await page.locator(selector).allTextContents().catch(() => []);
    throw new Error(`${selector} never showed ${JSON.stringify(text)}; seen ${JSON.stringify(seen)} at ${page.url()}: ${e.message}`);
  });
}

/** The decoded path of the page's URL (/tag/氢能 rather than /tag/%E6%B0%A2%E8%83%BD). */
export function pathOf(page) {
  const u = new URL(page.url());
  return decodeURIComponent(u.pathname) + decodeURIComponent(u.search);
}

/** The sample content the build ships (dist/content). */
export function sampleFeed(name = 'feed.json') {
  return JSON.parse(fs.readFileSync(path.join(REPO, 'dist/content', name), 'utf8'));
}

/** Every item of an imported folder, following next_url. */
export function importedItems(dir) {
  const items = [];
  for (let name = 'feed.json'; name;) {
    const feed = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
    items.push(...feed.items);
    name = feed.next_url;
  }
  return items;
}

/** Where the real-world JSON Feeds are: ../shared/fixtures/realworld, or $PORTAL_FIXTURES. */
export const FIXTURES = process.env.PORTAL_FIXTURES
  ? path.resolve(process.env.PORTAL_FIXTURES)
  : path.resolve(REPO, '../shared/fixtures/realworld');

/** Where screenshots go: $E2E_SCREENSHOTS or test-results/screenshots. */
export function screenshotDir() {
  const dir = process.env.E2E_SCREENSHOTS
    ? path.resolve(process.env.E2E_SCREENSHOTS)
    : path.join(REPO, 'test-results/screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Answers every request that would leave the test machine (pictures and links of real-world
 * feeds point at the internet, which is not reachable here) with a tiny transparent PNG, so a
 * page is judged on what the app does, not on the network.
 */
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
export async function stubInternet(context) {
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) =>
    route.fulfill({ status: 200, contentType: 'image/png', body: PIXEL }));
}

/** The 无障碍 bar's on/off tools: the `a11y-<kind>` class each sets on <html>, and its button's label. */
export const ACCESSIBILITY_TOOLS = [
  ['cursor', '大鼠标'],
  ['guide', '十字线'],
  ['caption', '大字幕'],
  ['plain', '纯文本'],
];

/** The 无障碍 bar's button named `name` (exactly). */
export const barTool = (page, name) => page.locator('#a11y-bar').getByRole('button', { name, exact: true });

/** Opens the 无障碍 bar from the header and waits until its tool `shown` is there. */
export async function openBar(page, shown) {
  await page.locator('.reader-modes').getByRole('button', { name: '无障碍' }).click();
  await barTool(page, shown).waitFor();
}
