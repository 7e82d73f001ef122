// The reader's tools in Firefox ESR over WebDriver, on the published sample: 字号 kept across a
// reload and set before the first frame, 长者模式 and the dark theme toggled and kept, the QR
// code's SVG drawn, the print stylesheet present and WebDriver's print command making a PDF, and
// 大字号 by keyboard. (The keyboard part comes before printing: after WebDriver's print command,
// Firefox ESR no longer delivered key presses to the page.)

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { By, Key } from 'selenium-webdriver';
import getScriptManager from 'selenium-webdriver/bidi/scriptManager.js';

import { screenshotDir } from './helpers.mjs';
import { WAIT, startFirefox } from './firefox-driver.mjs';
import { startPublishedPortal } from './server.mjs';
import fs from 'node:fs';

const SEED = '20210902-wenzhou-kechuang';

let server;
let driver;

before(async () => {
  [server, driver] = await Promise.all([startPublishedPortal(), startFirefox({ bidi: true })]);
  // What the first animation frame of every page shows (before its first paint).
  const scripts = await getScriptManager([], driver);
  await scripts.addPreloadScript(`() => {
    requestAnimationFrame(() => {
      const first = document.querySelector('.article-body p');
      window.__firstFrame = {
        large: document.documentElement.classList.contains('text-large'),
        size: first ? parseFloat(getComputedStyle(first).fontSize) : null,
      };
    });
  }`);
});
after(async () => {
  await driver?.quit();
  await server?.stop();
});

async function open(route) {
  await driver.get(`${server.url}${route}`);
  await driver.wait(async () => driver.executeScript(
    "return !document.getElementById('prerendered') && !!document.querySelector('main#main .article-title')",
  ), WAIT);
}

const bodySize = () => driver.executeScript("return parseFloat(getComputedStyle(document.querySelector('.article-body p')).fontSize)");
const hasClass = (name) => driver.executeScript('return document.documentElement.classList.contains(arguments[0])', name);
const button = (label) => driver.findElement(By.css(`button[aria-label="${label}"]`));

describe('reader tools in Firefox', () => {
  test('字号 大: larger body text, kept on reload, there in the first frame', async () => {
    await open(`/article/${SEED}`);
    assert.equal(await bodySize(), 18);
    await button('大字号').click();
    assert.equal(await bodySize(), 22);
    await driver.navigate().refresh();
    await driver.wait(async () => driver.executeScript('return !!window.__firstFrame'), WAIT);
    assert.deepEqual(await driver.executeScript('return window.__firstFrame'), { large: true, size: 22 });
    await open(`/article/${SEED}`);
    await button('中字号').click();
    assert.equal(await bodySize(), 18);
  });

  test('长者模式 and 深色模式 toggle, are kept, and keep text large and dark', async () => {
    await open(`/article/${SEED}`);
    await button('长者模式').click();
    assert.ok(await hasClass('elder'));
    const smallest = await driver.executeScript(`return Math.min(...[...document.querySelectorAll('main p, main li, main a, footer p')]
      .filter((e) => e.offsetParent !== null && e.textContent.trim()).map((e) => parseFloat(getComputedStyle(e).fontSize)))`);
    assert.ok(smallest >= 20, `smallest ${smallest}`);
    await button('深色模式').click();
    assert.ok(await hasClass('theme-dark'));
    await driver.navigate().refresh();
    await open(`/article/${SEED}`);
    assert.ok(await hasClass('elder'), 'elder kept');
    assert.ok(await hasClass('theme-dark'), 'dark kept');
    assert.equal(await driver.executeScript('return getComputedStyle(document.body).backgroundColor'), 'rgb(22, 27, 34)');
    fs.writeFileSync(path.join(screenshotDir(), 'firefox-reader-elder-dark-1280.png'), await driver.takeScreenshot(), 'base64');
    await button('长者模式').click();
    await button('深色模式').click();
    assert.ok(!(await hasClass('elder')) && !(await hasClass('theme-dark')));
  });

  test('the QR code, print, and the tools by keyboard', async () => {
    await open(`/article/${SEED}`);
    // Keyboard: Tab to 大字号 and press Space.
    let reached = false;
    for (let i = 0; i < 80 && !reached; i++) {
      await driver.actions().sendKeys(Key.TAB).perform();
      reached = await driver.executeScript("return document.activeElement && document.activeElement.getAttribute('aria-label') === '大字号'");
    }
    assert.ok(reached, '大字号 reached by Tab');
    // Space presses a focused button (on its release) in every browser.
    await driver.actions().sendKeys(Key.SPACE).perform();
    await driver.wait(async () => (await bodySize()) === 22, WAIT);
    await button('中字号').click();
    await driver.findElement(By.css('details.qr summary')).click();
    const qr = await driver.executeScript(`const svg = document.querySelector('details.qr svg.qr-code');
      const box = svg.getBoundingClientRect();
      return { viewBox: svg.getAttribute('viewBox'), width: Math.round(box.width), modules: (svg.querySelector('path').getAttribute('d').match(/M/g) || []).length };`);
    assert.match(qr.viewBox, /^-4 -4 \d+ \d+$/);
    assert.equal(qr.width, 168, 'drawn at its size');
    assert.ok(qr.modules > 200, `${qr.modules} dark modules`);
    // The print stylesheet hides the page's chrome and shows the address.
    const printed = await driver.executeScript(`
      const rules = [...document.styleSheets].flatMap((s) => [...s.cssRules]).filter((r) => r.media && r.media.mediaText === 'print');
      return rules.length;`);
    assert.ok(printed >= 1, 'a print stylesheet');
    const pdf = await driver.printPage({ orientation: 'portrait' });
    assert.ok(Buffer.from(pdf, 'base64').length > 10_000, 'a PDF is printed');
  });
});
