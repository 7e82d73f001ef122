// The published portal (`portal build` over a copy of dist/, behind portal.conf) over WebDriver,
// in Firefox ESR or WebKit (webdriver.mjs): without JavaScript the written pages are the whole
// site; with it, the app takes the written page over with no skeleton (in Firefox a WebDriver
// BiDi preload script records from the first byte; WebKit has no BiDi, and the page's state
// after the takeover is checked instead) and then routes 下一篇 itself; a query string gets the
// shell and the app's page 2; the service worker installs (registered through boot.js's
// fallback where there is no requestIdleCallback: WebKit) and a second visit works with the
// server stopped; WeChat's user agent changes nothing; 分享 without navigator.share copies the
// link.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { By } from 'selenium-webdriver';
import getScriptManager from 'selenium-webdriver/bidi/scriptManager.js';

import { encodeSegment } from '../support/route-segment.mjs';
import { NAME, WAIT, WEBKIT, WECHAT_UA, click, startBrowser, textOf, waitForApp, waitForText } from './webdriver.mjs';
import { REPO, sampleContentCopy, startPublishedPortal } from './server.mjs';

const SEED_ID = '20210902-wenzhou-kechuang';
const authored = JSON.parse(fs.readFileSync(path.join(REPO, 'public/content/feed.json'), 'utf8'));
const authored2 = JSON.parse(fs.readFileSync(path.join(REPO, 'public/content/feed-2.json'), 'utf8'));
const ALL = [...authored.items, ...authored2.items];
const SEED = ALL.find((i) => i.id === SEED_ID);
/** Lists of 4 in the published copy, so that a channel of the sample has a second page. */
const PAGE_SIZE = 4;

let content;
let server;
let driver;
let noScript;
let stoppedUrl;

before(async () => {
  content = sampleContentCopy({ pageSize: PAGE_SIZE });
  [server, driver, noScript] = await Promise.all([
    startPublishedPortal({ content }).then((s) => { stoppedUrl = s.url; return s; }),
    startBrowser({ bidi: !WEBKIT }),
    startBrowser({ javascript: false }),
  ]);
  if (WEBKIT) return;
  // Before any script of every page: what a reader would see flash by.
  const scripts = await getScriptManager([], driver);
  await scripts.addPreloadScript(`() => {
    // Skeletons and loading boxes added where they show (not in the app's hidden box).
    window.__flashes = [];
    const seen = (el) => {
      if (!(el instanceof Element)) return;
      for (const e of [el, ...el.querySelectorAll('*')]) {
        if (e.matches('.skeleton, .loading-more, #boot-shell') && !e.closest('[hidden]')) window.__flashes.push(e.className || e.id);
      }
    };
    // The first title of every list shown, in order: page 1 must not flash before page 2.
    window.__listed = [];
    new MutationObserver((records) => {
      records.forEach((r) => r.addedNodes.forEach(seen));
      const first = document.querySelector('.article-list h3 a');
      const title = first && first.textContent.trim();
      if (title && window.__listed.at(-1) !== title) window.__listed.push(title);
    }).observe(document, { childList: true, subtree: true, characterData: true });
  }`);
});

after(async () => {
  await Promise.all([driver?.quit(), noScript?.quit()]);
  await server?.stop();
  if (content) fs.rmSync(content, { recursive: true, force: true });
});

describe(`${NAME}: the published portal`, () => {
  test('without JavaScript: the seed article and the home page are all there', async () => {
    await noScript.get(`${server.url}/article/${encodeSegment(SEED_ID)}`);
    assert.equal(await textOf(noScript, 'h1.article-title'), SEED.title);
    assert.ok((await noScript.findElements(By.css('.article-body p'))).length >= 3, 'the body');
    assert.ok((await noScript.findElements(By.css('aside.sidebar .side-box.related a'))).length >= 1, 'the sidebar');
    assert.match(await textOf(noScript, 'footer.site-footer .icp'), /ICP/);
    await noScript.get(`${server.url}/`);
    const latest = await noScript.findElements(By.css('section.latest .article-list li'));
    assert.equal(latest.length, PAGE_SIZE);
    // Scripts are off indeed: the app, which takes the written page over within a second with
    // them, has not.
    await noScript.sleep(2000);
    assert.equal(await noScript.executeScript("return !!document.getElementById('prerendered') && !document.getElementById('app')"), true);
  });

  test('the takeover shows no skeleton, then 下一篇 routes without a document load', async () => {
    await driver.get(`${server.url}/article/${encodeSegment(SEED_ID)}`);
    // The written page, before the app: its title is there at once.
    assert.equal(await textOf(driver, 'h1.article-title'), SEED.title);
    await waitForApp(driver);
    if (WEBKIT) {
      // No preload script: what is left once the app has it (no skeleton, no loading box shown).
      assert.equal(await driver.executeScript(
        "return [...document.querySelectorAll('.skeleton, .loading-more, #boot-shell')].filter((e) => !e.closest('[hidden]')).length",
      ), 0);
    } else {
      assert.deepEqual(await driver.executeScript('return window.__flashes'), []);
    }
    assert.equal(await textOf(driver, 'main#main h1.article-title'), SEED.title);
    await driver.executeScript('window.__sameDocument = true;');
    const nextTitle = await textOf(driver, '.prev-next a[rel="next"]');
    await click(driver, '.prev-next a[rel="next"]');
    await waitForText(driver, 'h1.article-title', nextTitle);
    assert.equal(await driver.executeScript('return window.__sameDocument === true'), true, 'no document load');
  });

  test('the service worker installs, controls the page once reloaded, and keeps the app', async () => {
    await driver.get(`${server.url}/`);
    // boot.js registers the worker when the browser is idle: with requestIdleCallback, or after
    // a zero timeout where there is none (WebKit 2.50, which then pins that fallback).
    const idle = await driver.executeScript("return 'requestIdleCallback' in window");
    if (WEBKIT) assert.equal(idle, false, 'WebKitGTK has requestIdleCallback now: the fallback is no longer tested here');
    await driver.wait(() => driver.executeScript('return !!navigator.serviceWorker && navigator.serviceWorker.controller !== undefined'), WAIT);
    const scope = await driver.executeAsyncScript('const done = arguments[0]; navigator.serviceWorker.ready.then((r) => done(r.scope));');
    assert.equal(scope, `${server.url}/`);
    // A new navigation (WebDriver's refresh in Firefox bypasses the worker, as a forced reload does).
    await driver.get(`${server.url}/article/${encodeSegment(SEED_ID)}`);
    await driver.wait(() => driver.executeScript('return !!navigator.serviceWorker.controller'), WAIT, 'no worker controls the page');
    const kept = await driver.executeAsyncScript(`const done = arguments[0];
      caches.keys().then(async (names) => {
        const shell = names.find((n) => n.startsWith('portal-shell-'));
        done({ names, files: shell ? (await (await caches.open(shell)).keys()).map((r) => new URL(r.url).pathname) : [] });
      });`);
    assert.ok(kept.files.some((f) => f.endsWith('_bg.wasm')), JSON.stringify(kept));
    assert.ok(kept.files.includes('/shell.html'), JSON.stringify(kept));
  });

  test('/channel/<slug>?page=2 gets the shell and the app shows page 2', async () => {
    const slug = 'chanye';
    const inChannel = ALL.filter((i) => i._portal?.channel === slug)
      .sort((a, b) => Date.parse(b.date_published) - Date.parse(a.date_published));
    const size = PAGE_SIZE;
    await driver.get(`${server.url}/channel/${slug}?page=2`);
    await waitForText(driver, '.article-list h3 a', inChannel[size].title);
    if (!WEBKIT) assert.deepEqual(await driver.executeScript('return window.__listed'), [inChannel[size].title], 'page 2 is the first list shown');
    assert.equal(await textOf(driver, '.pager .current'), '2');
  });

  test('分享 without navigator.share: hidden, and a press copies the link', async () => {
    await driver.get(`${server.url}/article/${encodeSegment(SEED_ID)}`);
    await waitForApp(driver);
    const state = await driver.executeScript(`const b = document.querySelector('[data-reader="share"]');
      return { share: 'share' in navigator, shown: getComputedStyle(b).display !== 'none', canShare: document.documentElement.classList.contains('can-share') };`);
    assert.deepEqual(state, { share: false, shown: false, canShare: false });
    // A press that still comes (a stale page, an extension): boot.js copies the link instead.
    await driver.executeScript(`document.querySelector('[data-reader="share"]').click()`);
    const said = await textOf(driver, '.reader-tools .tool-status');
    assert.match(said, /^(链接已复制|复制失败，请手动复制地址栏中的链接)$/);
  });

  test("WeChat's user agent changes nothing on the seed article", async () => {
    const wechat = await startBrowser({ userAgent: WECHAT_UA });
    try {
      const seen = async (d) => {
        await d.get(`${server.url}/article/${encodeSegment(SEED_ID)}`);
        await waitForApp(d);
        await textOf(d, 'main#main h1.article-title');
        return d.executeScript(`const meta = (k) => document.querySelector('meta[property="' + k + '"], meta[name="' + k + '"]')?.content;
          return { title: document.title, description: meta('description'), image: meta('og:image'), ogTitle: meta('og:title'),
            viewport: meta('viewport'), classes: [...document.documentElement.classList].filter((c) => c !== 'offline').sort().join(' '),
            main: document.querySelector('main#main').innerText, failed: document.getElementById('boot-failure')?.hidden === false };`);
      };
      const asWeChat = await seen(wechat);
      assert.match(await wechat.executeScript('return navigator.userAgent'), /MicroMessenger/);
      const plain = await seen(driver);
      assert.deepEqual(asWeChat, plain);
      // What WeChat's card draws from, without its JS-SDK: title, description, a raster picture.
      assert.equal(plain.ogTitle, SEED.title);
      assert.ok(plain.description.length > 20, plain.description);
      assert.match(plain.image, /^http:\/\/127\.0\.0\.1:\d+\/content\/images\/share\.jpg$/);
      assert.match(plain.viewport, /viewport-fit=cover/);
      const picture = await wechat.executeAsyncScript(`const [src, done] = arguments; const img = new Image();
        img.onload = () => done([img.naturalWidth, img.naturalHeight]); img.onerror = () => done(null); img.src = src;`, plain.image);
      assert.ok(picture && picture[0] >= 300 && picture[1] >= 300, JSON.stringify(picture));
    } finally {
      await wechat.quit();
    }
  });

  // Last: it stops the server.
  test('offline: a second visit with the server stopped', async () => {
    const route = `/article/${encodeSegment(SEED_ID)}`;
    await driver.get(`${server.url}${route}`);
    await waitForApp(driver);
    await driver.wait(() => driver.executeScript('return !!navigator.serviceWorker.controller'), WAIT, 'no worker controls the page');
    // The worker keeps what this visit loaded: wait until the page itself is in its cache.
    await driver.wait(() => driver.executeAsyncScript(`const [url, done] = arguments;
      caches.open('portal-pages').then((c) => c.match(url)).then((r) => done(!!r), () => done(false));`,
    `${server.url}${route}`), WAIT, 'the page is never kept');
    await server.stop();
    server = undefined;
    await driver.get(`${server?.url ?? stoppedUrl}${route}`);
    await waitForText(driver, 'h1.article-title', SEED.title);
    await driver.wait(() => driver.executeScript("return document.documentElement.classList.contains('offline')"), WAIT, 'the offline notice');
    assert.ok((await driver.findElements(By.css('.article-body p'))).length >= 3, 'the body, from the cache');
  });
});
