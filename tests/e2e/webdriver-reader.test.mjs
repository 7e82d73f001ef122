// The reader's tools over WebDriver, in Firefox ESR or WebKit (webdriver.mjs), on the published
// sample: 字号 kept across a reload (and, in Firefox, set before the first frame: a BiDi preload
// script sees it; WebKit has no BiDi), 长者模式 and the dark theme toggled and kept, the QR
// code's SVG drawn, the print stylesheet present (and, in Firefox, WebDriver's print command
// making a PDF: WebKitWebDriver answers it with "Unknown command"), 大字号 by keyboard, 复制链接;
// what the page asks of a phone (viewport-fit=cover and safe areas, the font stack,
// -webkit-text-size-adjust); and screenshots at the narrowest viewport (390 px in WebKit, 500 in
// Firefox: NARROWEST) and at 1280 px. (The keyboard part comes before printing: after
// WebDriver's print command, Firefox ESR no longer delivered key presses to the page.)

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import vm from 'node:vm';

import { Key } from 'selenium-webdriver';
import getScriptManager from 'selenium-webdriver/bidi/scriptManager.js';

import { screenshotDir } from './helpers.mjs';
import { BROWSER, NAME, NARROWEST, WAIT, WEBKIT, click, startBrowser, textOf, waitForApp, openArticle } from './webdriver.mjs';
import { REPO, startPublishedPortal } from './server.mjs';
import fs from 'node:fs';

const SEED = '20210902-wenzhou-kechuang';

let server;
let driver;

before(async () => {
  [server, driver] = await Promise.all([startPublishedPortal(), startBrowser({ bidi: !WEBKIT })]);
  if (WEBKIT) return;
  // What the first animation frame with the article's body in it shows (before its first
  // paint): a written page paints as it arrives, so the first frames may hold only the header.
  const scripts = await getScriptManager([], driver);
  await scripts.addPreloadScript(`() => {
    let frames = 0;
    const look = () => {
      const first = document.querySelector('.article-body p');
      if (!first) {
        // Pages without an article stop looking after about ten seconds of frames.
        if (++frames < 600) requestAnimationFrame(look);
        return;
      }
      window.__firstFrame = {
        large: document.documentElement.classList.contains('text-large'),
        size: parseFloat(getComputedStyle(first).fontSize),
      };
    };
    requestAnimationFrame(look);
  }`);
});
after(async () => {
  await driver?.quit();
  await server?.stop();
});

const open = (route) => openArticle(driver, `${server.url}${route}`);

const bodySize = () => driver.executeScript("return parseFloat(getComputedStyle(document.querySelector('.article-body p')).fontSize)");
const hasClass = (name) => driver.executeScript('return document.documentElement.classList.contains(arguments[0])', name);
const press = (label) => click(driver, `button[aria-label="${label}"]`);

describe(`reader tools in ${NAME}`, () => {
  // The reloads below are where WebKitGTK 2.50 hung (2 of 59 runs): its web process spun in JSC's
  // asynchronous module evaluation of boot.js, which then ended on a top-level await. Two runs in
  // a hundred cannot guard that; this does. A classic script cannot hold a top-level await, so
  // boot.js compiles as one only without it (its dynamic import() is allowed in both).
  test('boot.js has no top-level await', () => {
    const boot = path.join(REPO, 'public/boot.js');
    assert.doesNotThrow(() => new vm.Script(fs.readFileSync(boot, 'utf8'), { filename: boot }));
  });

  test('字号 大: larger body text, kept on reload, there in the first frame', async () => {
    await open(`/article/${SEED}`);
    assert.equal(await bodySize(), 18);
    await press('大字号');
    assert.equal(await bodySize(), 22);
    await driver.navigate().refresh();
    if (WEBKIT) {
      await open(`/article/${SEED}`);
      assert.ok(await hasClass('text-large'), 'kept');
      assert.equal(await bodySize(), 22);
    } else {
      await driver.wait(async () => driver.executeScript('return !!window.__firstFrame'), WAIT);
      assert.deepEqual(await driver.executeScript('return window.__firstFrame'), { large: true, size: 22 });
    }
    await open(`/article/${SEED}`);
    await press('中字号');
    assert.equal(await bodySize(), 18);
  });

  test('长者模式 and 深色模式 toggle, are kept, and keep text large and dark', async () => {
    await open(`/article/${SEED}`);
    await press('长者模式');
    assert.ok(await hasClass('elder'));
    const smallest = await driver.executeScript(`return Math.min(...[...document.querySelectorAll('main p, main li, main a, footer p')]
      .filter((e) => e.offsetParent !== null && e.textContent.trim()).map((e) => parseFloat(getComputedStyle(e).fontSize)))`);
    assert.ok(smallest >= 20, `smallest ${smallest}`);
    await press('深色模式');
    assert.ok(await hasClass('theme-dark'));
    await driver.navigate().refresh();
    await open(`/article/${SEED}`);
    assert.ok(await hasClass('elder'), 'elder kept');
    assert.ok(await hasClass('theme-dark'), 'dark kept');
    assert.equal(await driver.executeScript('return getComputedStyle(document.body).backgroundColor'), 'rgb(22, 27, 34)');
    fs.writeFileSync(path.join(screenshotDir(), `${BROWSER}-reader-elder-dark-1280.png`), await driver.takeScreenshot(), 'base64');
    await press('长者模式');
    await press('深色模式');
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
    await press('中字号');
    await click(driver, 'details.qr summary');
    // The code is drawn on the details' toggle event, which is queued as a task after the click:
    // WebKit's WebDriver can return from the click before it has run.
    await driver.wait(async () => driver.executeScript("return !!document.querySelector('details.qr svg.qr-code')"), WAIT);
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
    if (!WEBKIT) {
      const pdf = await driver.printPage({ orientation: 'portrait' });
      assert.ok(Buffer.from(pdf, 'base64').length > 10_000, 'a PDF is printed');
    }
  });

  test('复制链接 says what happened', async () => {
    await open(`/article/${SEED}`);
    await click(driver, 'button[data-reader="copy"]');
    const said = await textOf(driver, '.reader-tools .tool-status');
    // Both have navigator.clipboard here (127.0.0.1 is a secure context) and let a click write
    // to it; a page over plain http elsewhere has none, and the reader is told to copy by hand.
    const clipboard = await driver.executeScript('return !!(navigator.clipboard && navigator.clipboard.writeText)');
    assert.equal(said, clipboard ? '链接已复制' : '复制失败，请手动复制地址栏中的链接');
  });

  test('for phones: viewport-fit=cover, safe areas, the CJK font stack, text-size-adjust', async () => {
    await open(`/article/${SEED}`);
    const page = await driver.executeScript(`
      const rules = [...document.styleSheets].flatMap((s) => [...s.cssRules]);
      const css = rules.map((r) => r.cssText).join(' ');
      const top = document.querySelector('.back-to-top');
      return {
        viewport: document.querySelector('meta[name="viewport"]').content,
        font: getComputedStyle(document.body).fontFamily,
        textSizeAdjust: CSS.supports('-webkit-text-size-adjust', '100%') ? /-webkit-text-size-adjust: 100%/.test(css) : null,
        safeAreas: (css.match(/env\\(safe-area-inset-(left|right|bottom)/g) || []).length,
        backToTop: top ? [getComputedStyle(top).right, getComputedStyle(top).bottom] : null,
        wrapPadding: getComputedStyle(document.querySelector('.wrap')).paddingLeft,
      };`);
    assert.match(page.viewport, /^width=device-width, initial-scale=1, viewport-fit=cover$/);
    const fonts = page.font.split(',').map((f) => f.trim().replace(/^"|"$/g, ''));
    const at = (name) => fonts.indexOf(name);
    assert.ok(at('PingFang SC') === 0 && at('Hiragino Sans GB') === 1, page.font);
    assert.ok(at('Noto Sans CJK SC') > at('Hiragino Sans GB'), `PingFang and Hiragino before Noto: ${page.font}`);
    // Only iOS's WebKit reads -webkit-text-size-adjust (it stops the text growing when the phone
    // is turned); WebKitGTK and Firefox drop it as unknown, so the stylesheet as served is read.
    if (page.textSizeAdjust !== null) assert.ok(page.textSizeAdjust, 'kept by a browser that reads it');
    const served = await driver.executeAsyncScript(`const done = arguments[arguments.length - 1];
      fetch(document.querySelector('link[rel="stylesheet"]').href).then((r) => r.text()).then(done, (e) => done(String(e)));`);
    assert.match(served, /html\s*\{[^}]*-webkit-text-size-adjust:\s*100%/);
    assert.ok(page.safeAreas >= 5, `safe-area insets in the stylesheet as parsed: ${page.safeAreas}`);
    // env() is 0 on a screen without notches: the calc() around it must still parse.
    assert.deepEqual(page.backToTop, ['16px', '16px']);
    assert.equal(page.wrapPadding, '16px');
  });

  test(`screenshots at ${NARROWEST} and 1280 px: nothing wider than the screen`, async () => {
    for (const width of [NARROWEST, 1280]) {
      const session = await startBrowser({ phone: [width, 844] });
      try {
        for (const [route, name] of [['/', 'home'], [`/article/${SEED}`, 'article']]) {
          await session.get(`${server.url}${route}`);
          await waitForApp(session);
          await textOf(session, 'main#main');
          const sizes = await session.executeScript('return [window.innerWidth, document.documentElement.scrollWidth]');
          assert.equal(sizes[0], width, 'the viewport');
          assert.ok(sizes[1] <= width, `${name} at ${width}: ${sizes[1]} px wide`);
          fs.writeFileSync(path.join(screenshotDir(), `${BROWSER}-${name}-${width}.png`), await session.takeScreenshot(), 'base64');
        }
      } finally {
        await session.quit();
      }
    }
  });
});
