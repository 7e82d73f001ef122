// The hostile feed (hostile-feed.mjs, as hostile.test.mjs serves it to Chromium) over WebDriver,
// in Firefox ESR or WebKit (webdriver.mjs): WebKit's HTML parser is the one every browser on an
// iPhone uses, and mutation XSS depends on the parser. WebDriver has no request interception
// here, so the feed is a copy of the site's content/feed.json, and the recorder hostile.test.mjs
// adds with an init script is a file of the copy (xss-probe.js, allowed by the policy's
// script-src 'self') loaded before boot.js by the copy's index.html, the shell of every route.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { By } from 'selenium-webdriver';

import { PAYLOADS, SWALLOWS_REST, hostileFeed, push } from './hostile-feed.mjs';
import { NAME, startBrowser, textOf, waitForApp, waitForText } from './webdriver.mjs';
import { siteCopy, startNginx } from './server.mjs';

/** Records what runs: any payload's push, alert(), and what the policy blocked. */
const PROBE = `window.__xss = [];
window.alert = function (m) { window.__xss.push('alert:' + m); };
document.addEventListener('securitypolicyviolation', function (e) { window.__xss.push('csp:' + e.violatedDirective + ':' + e.blockedURI); });
`;

let root;
let server;
let driver;

before(async () => {
  root = siteCopy('dist');
  const remove = (file) => ['', '.gz', '.br'].forEach((ext) => fs.rmSync(path.join(root, `${file}${ext}`), { force: true }));
  remove('content/feed.json');
  remove('content/feed-2.json');
  fs.writeFileSync(path.join(root, 'content/feed.json'), JSON.stringify(hostileFeed()));
  fs.writeFileSync(path.join(root, 'xss-probe.js'), PROBE);
  const index = fs.readFileSync(path.join(root, 'index.html'), 'utf8');
  const withProbe = index.replace('</title>', '</title><script src="xss-probe.js"></script>');
  assert.notEqual(withProbe, index);
  remove('index.html');
  fs.writeFileSync(path.join(root, 'index.html'), withProbe);
  [server, driver] = await Promise.all([
    startNginx({ servers: [{ conf: 'portal.conf', root }] }),
    startBrowser(),
  ]);
});

after(async () => {
  await driver?.quit();
  await server?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const executed = () => driver.executeScript('return window.__xss');

describe(`${NAME}: the hostile feed`, () => {
  test(`${PAYLOADS.length} payload articles and the site's fields: nothing runs, the safe parts show`, async (t) => {
    const [url] = server.urls;
    await driver.get(`${url}/`);
    await waitForApp(driver);
    assert.match(await textOf(driver, '.site-name'), /^门户<img src=x onerror=/);
    assert.equal((await driver.findElements(By.css('nav.tiles a'))).length, 1, 'only the tile with a safe link is a link');
    assert.equal((await driver.findElements(By.css('.icp a'))).length, 0, 'the ICP record is text when its link is unsafe');
    assert.deepEqual(await executed(), [], 'the home page ran something');
    for (let i = 0; i < PAYLOADS.length; i += 1) {
      await driver.get(`${url}/article/xss-${i}`);
      await waitForText(driver, 'h1.article-title', `标题${i} <img src=x onerror=${push(`title-${i}`)}>`);
      const body = await driver.executeScript("return document.querySelector('.article-body').innerHTML");
      assert.match(body, new RegExp(`SAFE-${i}`), `safe text of payload ${i}`);
      if (!SWALLOWS_REST.has(i)) assert.match(body, new RegExp(`END-${i}`), `text after payload ${i}`);
      assert.doesNotMatch(body, /<(script|style|iframe|object|embed|svg|math|base|meta|form|noscript)\b|\son\w+=|style=|javascript:|data:/i, `payload ${i} left ${body}`);
      // Click what a reader could click (not links out): nothing may run.
      for (const el of await driver.findElements(By.css('.article-body a:not([href^="http"]), .article-body button, .article-body details'))) {
        await el.click().catch(() => {});
      }
      // Handlers such as an image's onerror fire after the insertion: give them the time.
      await driver.sleep(100);
      assert.deepEqual(await executed(), [], `payload ${i} ran`);
    }
    await driver.get(`${url}/page/about`);
    await waitForText(driver, 'h1.page-title', '关于');
    assert.deepEqual(await executed(), []);
    assert.notEqual(await driver.getTitle(), 'pwned');
    t.diagnostic(`${NAME}: ${PAYLOADS.length} payloads in content_html, plus titles, summaries, tags, sources, image URLs, tiles, footer links, ICP link, pages, slogans, site name, disclaimer`);
  });

  test('the recorder records: a payload inserted raw is seen', async () => {
    // The control: without it, an empty record above could mean the recorder never loaded.
    await driver.get(`${server.urls[0]}/`);
    await waitForApp(driver);
    await driver.executeScript(`const d = document.createElement('div');
      d.innerHTML = '<img src="/no-such.png" onerror="${push('control').replace(/'/g, "\\'")}">';
      document.body.append(d);`);
    await driver.wait(async () => (await executed()).length > 0, 5000, 'the control was never recorded');
    // The policy blocks the inline handler, and the recorder sees the violation.
    assert.match((await executed()).join(' '), /^(control|csp:script-src)/);
  });
});
