// The published portal (`portal build` over a copy of dist/, behind portal.conf) in Firefox ESR:
// without JavaScript the written pages are the whole site; with it, the app takes the written
// page over with no skeleton (a WebDriver BiDi preload script records from the first byte) and
// then routes 下一篇 itself; a query string gets the shell and the app's page 2.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { By } from 'selenium-webdriver';
import getScriptManager from 'selenium-webdriver/bidi/scriptManager.js';

import { encodeSegment } from '../support/route-segment.mjs';
import { WAIT, startFirefox, textOf, waitForText } from './firefox-driver.mjs';
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

before(async () => {
  content = sampleContentCopy({ pageSize: PAGE_SIZE });
  [server, driver, noScript] = await Promise.all([
    startPublishedPortal({ content }),
    startFirefox({ bidi: true }),
    startFirefox({ javascript: false }),
  ]);
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

describe('Firefox: the published portal', () => {
  test('without JavaScript: the seed article and the home page are all there', async () => {
    await noScript.get(`${server.url}/article/${encodeSegment(SEED_ID)}`);
    assert.equal(await textOf(noScript, 'h1.article-title'), SEED.title);
    assert.ok((await noScript.findElements(By.css('.article-body p'))).length >= 3, 'the body');
    assert.ok((await noScript.findElements(By.css('aside.sidebar .side-box.related a'))).length >= 1, 'the sidebar');
    assert.match(await textOf(noScript, 'footer.site-footer .icp'), /ICP/);
    await noScript.get(`${server.url}/`);
    const latest = await noScript.findElements(By.css('section.latest .article-list li'));
    assert.equal(latest.length, PAGE_SIZE);
  });

  test('the takeover shows no skeleton, then 下一篇 routes without a document load', async () => {
    await driver.get(`${server.url}/article/${encodeSegment(SEED_ID)}`);
    await driver.wait(() => driver.executeScript(
      "const app = document.getElementById('app'); return !document.getElementById('prerendered') && app && !app.hidden;",
    ), WAIT, 'the app never took the written page over');
    assert.deepEqual(await driver.executeScript('return window.__flashes'), []);
    await driver.executeScript('window.__sameDocument = true;');
    const next = await driver.findElement(By.css('.prev-next a[rel="next"]'));
    const nextTitle = (await next.getText()).trim();
    await next.click();
    await waitForText(driver, 'h1.article-title', nextTitle);
    assert.equal(await driver.executeScript('return window.__sameDocument === true'), true, 'no document load');
  });

  test('the service worker installs, controls the page once reloaded, and keeps the app', async () => {
    await driver.get(`${server.url}/`);
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
    assert.deepEqual(await driver.executeScript('return window.__listed'), [inChannel[size].title], 'page 2 is the first list shown');
  });
});
