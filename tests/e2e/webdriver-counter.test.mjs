// The visit counter over WebDriver, in Firefox ESR or WebKit (webdriver.mjs, E2E_WEBDRIVER): the
// sample published with `counter = "api/"`, portal-counter on SQLite behind the shipped nginx, as
// counter.test.mjs does in Chromium. Here the hit is sent by this engine's own sendBeacon (or
// fetch keepalive) from boot.js, and its answers are read by this engine's app. WebDriver sets
// no request header, so there is one reader (127.0.0.1, the browser's own User-Agent).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { By } from 'selenium-webdriver';

import { NAME, WAIT, click, startBrowser, waitForApp, waitForText } from './webdriver.mjs';
import { freePort, sampleContentCopy, startCounter, startPublishedPortal, tempDir } from './server.mjs';

const SEED = '20210902-wenzhou-kechuang';
const SEED_VIEWS = 37;

let server;
let driver;
let counter;
let counterPort;
let work;
let contentDir;

before(async () => {
  work = tempDir('portal-e2e-counter-');
  contentDir = sampleContentCopy({ counter: 'api/' });
  counterPort = await freePort();
  [server, driver] = await Promise.all([startPublishedPortal({ content: contentDir, counterPort }), startBrowser()]);
  counter = await startCounter({ site: server.root, port: counterPort, database: path.join(work, 'counts.sqlite') });
});
after(async () => {
  counter?.kill('SIGKILL');
  await driver?.quit();
  await server?.stop();
  for (const dir of [work, contentDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** What the counter says of the seed article, asked directly (not through the page). */
async function storedViews() {
  const answer = await fetch(`http://127.0.0.1:${counterPort}/api/views?ids=${SEED}`);
  assert.equal(answer.status, 200);
  return (await answer.json()).views[SEED];
}

describe(`the visit counter in ${NAME}`, () => {
  test('a visit is counted once, 浏览 shows it after a reload, and 点击排行 (日) puts it first', async () => {
    const before = await storedViews();
    await driver.get(`${server.url}/article/${SEED}`);
    await waitForApp(driver);
    // Hits are written once a second, in a batch. Asked every half second: the counter allows
    // 120 requests a minute from one address, and this one is the browser's too.
    const deadline = Date.now() + WAIT;
    while ((await storedViews()) === before) {
      assert.ok(Date.now() < deadline, 'the hit never reached the counter');
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.equal(await storedViews(), SEED_VIEWS + 1, 'the starting count plus this one visit');

    await driver.navigate().refresh();
    await waitForApp(driver);
    await waitForText(driver, 'main .article-meta .views', `浏览：${SEED_VIEWS + 1}`);
    // The same reader again within 30 minutes: not counted twice.
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(await storedViews(), SEED_VIEWS + 1, 'a reload by the same reader adds nothing');

    // The only article read today heads the day's ranking (made again every 10 s).
    const title = (await driver.findElement(By.css('h1.article-title')).getText()).trim();
    const rankedBy = Date.now() + WAIT;
    let seen = '';
    const firstIsTitle = async () => {
      // textContent, not WebDriver's visible text: WebKitWebDriver gave '' for the sidebar's
      // list items at this window size, where Firefox gave their text.
      seen = (await driver.executeScript("return document.querySelector('main .ranking ol li')?.textContent ?? ''")).trim();
      return seen === title;
    };
    for (;;) {
      await driver.get(`${server.url}/`);
      await waitForApp(driver);
      await click(driver, 'main .ranking [data-rank=day]');
      // The day's list arrives after the click: give it a few seconds before loading again.
      const shown = await driver.wait(firstIsTitle, 5000).catch((e) => {
        if (e.name !== 'TimeoutError') throw e;
        return false;
      });
      if (shown) break;
      assert.ok(Date.now() < rankedBy, `点击排行 (日) never put “${title}” first (it showed “${seen}”)`);
    }
  });
});
