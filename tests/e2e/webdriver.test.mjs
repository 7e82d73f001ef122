// The journeys again over WebDriver, in Firefox ESR or WebKit (webdriver.mjs, E2E_WEBDRIVER), on
// the app as Trunk built it (no written pages): home -> article -> reload -> back -> 404, a
// channel, a tag, search from the box, paging, a sub-path deep link, and a content failure.
// WebDriver has no request interception here, so the failure comes from a second copy of the
// site whose content/feed.json is missing, behind the same nginx configuration.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { By, Key, until } from 'selenium-webdriver';

import { NAME, WAIT, click, startBrowser, textOf, waitForText as waitForTextIn } from './webdriver.mjs';
import { siteCopy, startNginx } from './server.mjs';

let server;
let roots = [];
let driver;

before(async () => {
  const site = siteCopy('dist');
  const broken = siteCopy('dist');
  fs.rmSync(path.join(broken, 'content/feed.json'));
  for (const ext of ['.gz', '.br']) fs.rmSync(path.join(broken, `content/feed.json${ext}`), { force: true });
  const sub = siteCopy('dist-portal', 'portal');
  roots = [site, broken, sub];
  server = await startNginx({
    servers: [
      { conf: 'portal.conf', root: site },
      { conf: 'portal.conf', root: broken },
      { conf: 'portal-subpath.conf', root: sub },
    ],
  });
  driver = await startBrowser();
});

after(async () => {
  await driver?.quit();
  await server?.stop();
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

const text = (selector) => textOf(driver, selector);
const waitForText = (selector, want) => waitForTextIn(driver, selector, want);

/** The app started: no boot failure notice, no panic left on the page. */
async function assertAlive() {
  const failure = await driver.findElement(By.id('boot-failure'));
  assert.equal(await failure.isDisplayed(), false, 'the app failed to start');
  const body = await driver.findElement(By.css('body')).getText();
  assert.doesNotMatch(body, /panicked at|RuntimeError/);
}

const SEED_TITLE = '坚定走好科技创新“华山一条路” 浙江温州全面掀起科创高地建设热潮';

describe(NAME, () => {
  test('home -> article -> reload -> back -> 404', async () => {
    const [url] = server.urls;
    await driver.get(`${url}/`);
    await driver.wait(until.elementLocated(By.css('section.latest .article-list li')), WAIT);
    assert.equal((await driver.findElements(By.css('.banner .slogan'))).length, 2);
    assert.equal((await driver.findElements(By.css('aside.sidebar .side-box'))).length, 4);
    await assertAlive();

    await click(driver, By.xpath("//section[contains(@class,'latest')]//a[contains(., '华山一条路')]"));
    await waitForText('h1.article-title', SEED_TITLE);
    assert.equal(new URL(await driver.getCurrentUrl()).pathname, '/article/20210902-wenzhou-kechuang');
    assert.match(await text('.article-meta'), /2021-09-02.*浙江省科技厅.*37/s);
    assert.match(await text('section.summary'), /^核心提示：/);

    await driver.navigate().refresh();
    await waitForText('h1.article-title', SEED_TITLE);
    assert.equal(await driver.getTitle(), `${SEED_TITLE} - 科创资讯门户`);

    await driver.navigate().back();
    await driver.wait(until.elementLocated(By.css('section.latest')), WAIT);
    assert.equal(new URL(await driver.getCurrentUrl()).pathname, '/');

    await driver.get(`${url}/no/such/page`);
    await waitForText('.not-found h1', '页面不存在（404）');
    assert.ok((await driver.findElements(By.css('.not-found .title-list li'))).length >= 5);
    await assertAlive();
  });

  test('content failure: the file and the problem, and the links still work', async () => {
    const broken = server.urls[1];
    await driver.get(`${broken}/article/20210902-wenzhou-kechuang`);
    assert.equal(await text('section.load-error code.error-file'), 'content/feed.json');
    assert.equal(await text('section.load-error .error-problem'), 'HTTP 404: not found on the server');
    await click(driver, By.xpath("//footer//a[.='网站地图']"));
    await driver.wait(async () => new URL(await driver.getCurrentUrl()).pathname === '/sitemap', WAIT);
    assert.equal(await text('section.load-error code.error-file'), 'content/feed.json');
    await assertAlive();
  });

  test('channel, tag, search from the box, paging', async () => {
    const [url] = server.urls;
    await driver.get(`${url}/channel/difang`);
    await waitForText('h1.page-title', '地方科创');
    assert.ok((await driver.findElements(By.css('.article-list li'))).length >= 1);
    // A tag from the seed article's own tag links.
    await click(driver, By.xpath("//ul[contains(@class,'article-list')]//a[contains(., '华山一条路')]"));
    await waitForText('h1.article-title', SEED_TITLE);
    await driver.executeScript('window.__sameDocument = true;');
    const tagName = await textOf(driver, 'ul.tags a');
    await click(driver, 'ul.tags a');
    await waitForText('h1.page-title', `标签：${tagName}`);
    assert.match(decodeURIComponent(new URL(await driver.getCurrentUrl()).pathname), new RegExp(`^/tag/${tagName}$`));
    assert.ok((await driver.findElements(By.css('.article-list li'))).length >= 1);
    // Search from the header's box: typed, Enter.
    const box = await driver.findElement(By.id('search-q'));
    await box.sendKeys('氢能', Key.ENTER);
    await waitForText('h1.page-title', '搜索：氢能');
    const current = new URL(await driver.getCurrentUrl());
    assert.equal(`${current.pathname}${decodeURIComponent(current.search)}`, '/search?q=氢能');
    assert.ok((await driver.findElements(By.css('.article-list li'))).length >= 3);
    assert.equal(await driver.executeScript('return window.__sameDocument === true'), true, 'routed in the page');
    // Paging: the home page's pager, forward and back.
    await driver.get(`${url}/`);
    await waitForText('.pager .current', '1');
    await click(driver, '.pager a[rel="next"]');
    await waitForText('.pager .current', '2');
    assert.equal(new URL(await driver.getCurrentUrl()).search, '?page=2');
    await click(driver, '.pager a[rel="prev"]');
    await waitForText('.pager .current', '1');
    await assertAlive();
  });

  test('sub-path deploy: deep link, click through, reload', async () => {
    const sub = server.urls[2];
    await driver.get(`${sub}/portal/channel/difang`);
    await waitForText('h1.page-title', '地方科创');
    await click(driver, By.xpath("//ul[contains(@class,'article-list')]//a[contains(., '华山一条路')]"));
    await waitForText('h1.article-title', SEED_TITLE);
    assert.equal(new URL(await driver.getCurrentUrl()).pathname, '/portal/article/20210902-wenzhou-kechuang');
    await driver.navigate().refresh();
    await waitForText('h1.article-title', SEED_TITLE);
    await assertAlive();
  });
});
