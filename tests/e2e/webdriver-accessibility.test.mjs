// The 无障碍 toolbar over WebDriver, in Firefox ESR or WebKit (webdriver.mjs), on the published
// sample: reached and used by the keyboard alone (Tab to 无障碍, each tool pressed by Space,
// Escape back out), kept across a reload; the journey going on by the keyboard (search, a
// result, back); 大鼠标's arrow and hand named under the site's base and served as SVG.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { Key } from 'selenium-webdriver';

import { ACCESSIBILITY_TOOLS as TOOLS, screenshotDir } from './helpers.mjs';
import { BROWSER, NAME, WAIT, startBrowser, openArticle, waitForApp } from './webdriver.mjs';
import { startPublishedPortal } from './server.mjs';

const SEED = '/article/20210902-wenzhou-kechuang';

let server;
let driver;

before(async () => {
  [server, driver] = await Promise.all([startPublishedPortal(), startBrowser()]);
});
after(async () => {
  await driver?.quit();
  await server?.stop();
});

const open = (route) => openArticle(driver, `${server.url}${route}`);

const focused = () => driver.executeScript(`const e = document.activeElement;
  const s = getComputedStyle(e);
  return { tag: e.tagName, text: (e.getAttribute('aria-label') || e.placeholder || e.textContent || '').trim(), outline: s.outlineStyle, width: parseFloat(s.outlineWidth) };`);
const classes = () => driver.executeScript("return [...document.documentElement.classList].filter((c) => c.startsWith('a11y-')).sort()");

/** Presses `key` until the focus is on `text` (at most 60 times), each stop with a visible focus. */
async function keyTo(text, key = Key.TAB) {
  for (let i = 0; i < 60; i++) {
    await driver.actions().sendKeys(key).perform();
    const f = await focused();
    assert.ok(f.outline !== 'none' && f.width >= 2, `a visible focus on ${f.tag} ${f.text}`);
    if (f.text === text) return;
  }
  assert.fail(`the keyboard never reached ${text}`);
}

describe(`无障碍 toolbar in ${NAME}`, () => {
  test('by the keyboard alone: open, each tool on and off, out again; kept on reload', async () => {
    await open(SEED);
    await keyTo('无障碍');
    await driver.actions().sendKeys(Key.ENTER).perform();
    await driver.wait(async () => (await focused()).text === '连读', WAIT, 'the opened bar takes the focus');
    for (const [kind, name] of TOOLS) {
      await keyTo(name);
      await driver.actions().sendKeys(Key.SPACE).perform();
      await driver.wait(async () => (await classes()).includes(`a11y-${kind}`), WAIT, `${name} on`);
      await driver.actions().sendKeys(Key.SPACE).perform();
      await driver.wait(async () => !(await classes()).includes(`a11y-${kind}`), WAIT, `${name} off`);
    }
    await driver.actions().sendKeys(Key.SPACE).perform();
    await driver.navigate().refresh();
    await open(SEED);
    assert.deepEqual(await classes(), ['a11y-bar', 'a11y-plain'], 'the bar and 纯文本 kept');
    fs.writeFileSync(path.join(screenshotDir(), `${BROWSER}-a11y-plain-1280.png`), await driver.takeScreenshot(), 'base64');
    await driver.executeScript("document.querySelector('#a11y-bar [data-reader=\"plain\"]').focus()");
    await driver.actions().sendKeys(Key.SPACE).perform();
    await driver.actions().sendKeys(Key.ESCAPE).perform();
    await driver.wait(async () => (await classes()).length === 0, WAIT, 'Escape closes the bar');
    assert.equal((await focused()).text, '无障碍', 'and leaves the focus at its opener');
  });

  test('the keyboard journey goes on: search from the header, a result opened, and back', async () => {
    await driver.get(`${server.url}/`);
    await waitForApp(driver);
    await keyTo('搜索资讯');
    await driver.switchTo().activeElement().sendKeys('温州', Key.ENTER);
    await driver.wait(async () => (await driver.getCurrentUrl()).includes('/search?q='), WAIT, 'the search page');
    const result = await driver.wait(async () => driver.executeScript(
      "const a = document.querySelector('.search-result h2 a'); return a && a.textContent.trim();"), WAIT, 'a result');
    await keyTo(result);
    await driver.actions().sendKeys(Key.ENTER).perform();
    await driver.wait(async () => (await driver.getCurrentUrl()).includes('/article/'), WAIT, 'the result opened');
    await driver.wait(async () => (await driver.executeScript(
      "const h = document.querySelector('h1.article-title'); return h && h.textContent.trim();")) === result, WAIT, 'its title');
    await driver.navigate().back();
    await driver.wait(async () => (await driver.getCurrentUrl()).includes('/search?q='), WAIT, 'back at the search');
    await driver.wait(async () => driver.executeScript("return !!document.querySelector('.search-result h2 a')"), WAIT, 'the results again');
  });

  test('大鼠标: the large arrow and hand, from under the site\'s base', async () => {
    await open(SEED);
    await driver.executeScript("document.querySelector('[data-reader=\"bar\"][aria-expanded]').click()");
    await driver.executeScript("document.querySelector('#a11y-bar [data-reader=\"cursor\"]').click()");
    const cursors = await driver.executeScript(`return {
      text: getComputedStyle(document.querySelector('.article-body p')).cursor,
      link: getComputedStyle(document.querySelector('.breadcrumb a')).cursor,
    }`);
    assert.match(cursors.text, new RegExp(`url\\("${server.url}/icons/cursor-arrow\\.svg"\\) 5 3, auto`));
    assert.match(cursors.link, new RegExp(`url\\("${server.url}/icons/cursor-hand\\.svg"\\) 20 3, pointer`));
    const served = await driver.executeAsyncScript(`const done = arguments[arguments.length - 1];
      fetch('icons/cursor-hand.svg').then((r) => done([r.status, r.headers.get('content-type')]), (e) => done(String(e)));`);
    assert.equal(served[0], 200);
    assert.match(served[1], /^image\/svg\+xml/);
    await driver.executeScript("document.querySelector('#a11y-bar [data-reader=\"cursor\"]').click()");
    await driver.executeScript("document.querySelector('#a11y-bar [data-reader=\"bar\"]').click()");
    assert.deepEqual(await classes(), []);
  });

  test('简/繁: the seed article in traditional characters and back, the lang following; a traditional query', async () => {
    await open(SEED);
    const state = () => driver.executeScript(`return { title: document.querySelector('h1.article-title').textContent,
      lang: document.documentElement.lang, pressed: document.querySelector('#a11y-bar [data-reader="hant"]').getAttribute('aria-pressed') }`);
    assert.match((await state()).title, /科技创新/);
    await driver.executeScript("document.querySelector('[data-reader=\"bar\"][aria-expanded]').click()");
    await driver.executeScript("document.querySelector('#a11y-bar [data-reader=\"hant\"]').click()");
    await driver.wait(async () => /科技創新/.test((await state()).title), WAIT, '科技創新');
    assert.deepEqual([(await state()).lang, (await state()).pressed], ['zh-Hant', 'true']);
    await driver.navigate().refresh();
    await open(SEED);
    await driver.wait(async () => /科技創新/.test((await state()).title), WAIT, 'kept on reload');
    await driver.executeScript("document.querySelector('#a11y-bar [data-reader=\"hant\"]').click()");
    await driver.wait(async () => /科技创新/.test((await state()).title), WAIT, 'back to 科技创新');
    assert.deepEqual([(await state()).lang, (await state()).pressed], ['zh-Hans', 'false']);
    await driver.executeScript("document.querySelector('#a11y-bar [data-reader=\"bar\"]').click()");
    await driver.executeScript(`const q = document.querySelector('#search-q'); q.value = '科技創新';
      q.form.requestSubmit();`);
    await driver.wait(async () => (await driver.getCurrentUrl()).includes('/search?'), WAIT);
    assert.equal(new URL(await driver.getCurrentUrl()).searchParams.get('q'), '科技创新');
  });
});
