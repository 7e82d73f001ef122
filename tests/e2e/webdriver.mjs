// The browsers driven over WebDriver, and the waits their tests share. Nothing is downloaded:
//
// - Firefox ESR (Debian's), driven by geckodriver (installed by cargo), headless;
// - WebKit: WebKitGTK's MiniBrowser (Debian's webkit2gtk-driver), driven by WebKitWebDriver. It
//   has no headless mode: it draws into an X display, which run.sh gives it with `xvfb-run`.
//
// The webdriver*.test.mjs files run in the one E2E_WEBDRIVER names (`firefox`, the default, or
// `webkit`); run.sh runs them once in each.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Builder, By, Capabilities } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import remote from 'selenium-webdriver/remote/index.js';

import { freePort } from './server.mjs';

const GECKODRIVER = process.env.GECKODRIVER || path.join(os.homedir(), '.cargo/bin/geckodriver');
const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
const WEBKITDRIVER = process.env.SAFARIDRIVER || '/usr/bin/WebKitWebDriver';
/** Debian's MiniBrowser, found where webkit2gtk's package puts it for this machine's triple. */
const MINIBROWSER = process.env.MINIBROWSER
  || ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib']
    .map((dir) => path.join(dir, 'webkit2gtk-4.1/MiniBrowser'))
    .find((file) => fs.existsSync(file))
  || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** `firefox` or `webkit`. */
export const BROWSER = process.env.E2E_WEBDRIVER || 'firefox';
if (!['firefox', 'webkit'].includes(BROWSER)) throw new Error(`E2E_WEBDRIVER=${BROWSER}: firefox or webkit`);
/** As the tests' names say it. */
export const NAME = BROWSER === 'webkit' ? 'WebKit' : 'Firefox';
export const WEBKIT = BROWSER === 'webkit';
export const WAIT = 30_000;
/**
 * The narrowest viewport each browser gives here: a phone's 390 px in WebKit (see startWebKit);
 * headless Firefox ESR keeps its window 500 px wide or more (seen: asked for 390, it was 500;
 * `layout.css.devPixelsPerPx` did not change that), and Playwright's Chromium covers 390 px.
 */
export const NARROWEST = WEBKIT ? 390 : 500;

/**
 * WeChat's in-app browser on an iPhone (WKWebView): WebKit's user agent with `MicroMessenger`.
 * Taken from WeChat 8.0.50 on iOS 17.5.
 */
export const WECHAT_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323a) NetType/WIFI Language/zh_CN';

/**
 * A browser session at 1280×900. `javascript: false` turns scripts off (the reader without
 * the app); `bidi: true` opens WebDriver BiDi in Firefox, for scripts that run before a page's
 * own (WebKit has no BiDi: callers check `WEBKIT`); `userAgent` replaces the browser's;
 * `phone: [width, height]` a viewport of that size instead (see startWebKit).
 */
export async function startBrowser({ javascript = true, bidi = false, userAgent, phone } = {}) {
  const driver = WEBKIT ? await startWebKit({ javascript, userAgent, phone }) : await startFirefox({ javascript, bidi, userAgent });
  // A load that never ends fails its command within a minute, naming the test's line, instead
  // of the file's 180 s timeout naming nothing (a CI run saw WebKit stop answering in one test
  // of webdriver-reader: which command was never known). The default is 300 s.
  await driver.manage().setTimeouts({ pageLoad: 60_000, script: WAIT });
  const [width, height] = phone || [1280, 900];
  // Full screen, MiniBrowser first draws 1024×768 whatever the screen; a size asked for then
  // fills the screen (nothing around the page).
  if (WEBKIT && phone) await driver.manage().window().setRect({ width, height });
  else await setViewport(driver, width, height);
  return driver;
}

async function startFirefox({ javascript, bidi, userAgent }) {
  const options = new firefox.Options().addArguments('-headless').setBinary(FIREFOX);
  options.setPreference('intl.accept_languages', 'zh-CN');
  if (!javascript) options.setPreference('javascript.enabled', false);
  if (userAgent) options.setPreference('general.useragent.override', userAgent);
  if (bidi) options.enableBidi();
  return new Builder()
    .forBrowser('firefox')
    .setFirefoxOptions(options)
    .setFirefoxService(new firefox.ServiceBuilder(GECKODRIVER))
    .build();
}

/**
 * MiniBrowser in automation mode, driven by a WebKitWebDriver of its own on a free port (the
 * driver quits with the session). MiniBrowser takes WebKitSettings as arguments: scripts off
 * and the user agent are set there. Its window does not narrow below 447 px (its toolbar), so a
 * phone's viewport is a full-screen MiniBrowser on an Xvfb screen of that size, of its own.
 */
async function startWebKit({ javascript, userAgent, phone }) {
  const screen = phone ? await startXvfb(phone) : undefined;
  const display = screen?.display || process.env.DISPLAY;
  if (!display) throw new Error('WebKit needs an X display: run under xvfb-run -a (run.sh does)');
  const port = await freePort();
  const service = new remote.DriverService(WEBKITDRIVER, {
    port,
    hostname: '127.0.0.1',
    args: [`--port=${port}`],
    env: { ...process.env, DISPLAY: display },
  });
  const url = await service.start(60_000);
  const args = ['--automation'];
  if (phone) args.push('--full-screen');
  if (!javascript) args.push('--enable-javascript=false');
  if (userAgent) args.push(`--user-agent=${userAgent}`);
  const caps = new Capabilities()
    .setBrowserName('MiniBrowser')
    .set('webkitgtk:browserOptions', { binary: MINIBROWSER, args });
  const driver = await new Builder().usingServer(url).withCapabilities(caps).build();
  const quit = driver.quit.bind(driver);
  driver.quit = async () => {
    try {
      await quit();
    } finally {
      await service.kill();
      screen?.stop();
    }
  };
  return driver;
}

/** An Xvfb of `width`×`height` on a display number it chooses (-displayfd). */
function startXvfb([width, height]) {
  const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let said = '';
  child.stderr.on('data', (d) => { said += d; });
  // Not left behind by a test that fails before quitting its session.
  process.on('exit', () => child.kill());
  return new Promise((resolve, reject) => {
    let number = '';
    child.stdio[3].on('data', (d) => {
      number += d;
      if (number.includes('\n')) resolve({ display: `:${number.trim()}`, stop: () => child.kill() });
    });
    child.on('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${said}`)));
  });
}

/**
 * Runs `look` as one try of a wait: a page that re-rendered what it was reading (an older feed
 * page arrived, a route changed) makes it look again. WebKitWebDriver raises that from
 * `findElements` itself ("Stale element found when trying to create the node handle": one CI
 * run), Firefox from reading an element found a moment before.
 */
async function again(look) {
  try {
    return await look();
  } catch (e) {
    if (e.name !== 'StaleElementReferenceError') throw e;
    return false;
  }
}

/** The text of the first `selector`, once it has some (found again if the page re-rendered it). */
export async function textOf(driver, selector) {
  let seen = '';
  await driver.wait(() => again(async () => {
    const [el] = await driver.findElements(By.css(selector));
    seen = el ? (await el.getText()).trim() : '';
    return seen !== '';
  }), WAIT, `${selector} never showed text`);
  return seen;
}

/** Waits until one `selector` holds exactly `want`. */
export async function waitForText(driver, selector, want) {
  await driver.wait(() => again(async () => {
    for (const el of await driver.findElements(By.css(selector))) if ((await el.getText()).trim() === want) return true;
    return false;
  }), WAIT, `${selector} never showed ${want}`);
}

/**
 * Waits until the app shows the page: it has taken a written page over (`#prerendered` gone), or
 * rendered the shell's, with its content in (no skeleton left).
 */
export async function waitForApp(driver) {
  await driver.wait(() => driver.executeScript(`const main = document.querySelector('main#main');
    return !document.getElementById('prerendered') && !!main && main.children.length > 0 && !document.querySelector('.skeleton');`),
  WAIT, 'the app never showed the page');
}

/** Opens `url` and waits until the app has taken the written article over (its title in `main`). */
export async function openArticle(driver, url) {
  await driver.get(url);
  await driver.wait(async () => driver.executeScript(
    "return !document.getElementById('prerendered') && !!document.querySelector('main#main .article-title')",
  ), WAIT);
}

/** Sets the viewport (not the window) to `width` × `height` CSS pixels. */
export async function setViewport(driver, width, height) {
  await driver.manage().window().setRect({ width, height });
  const inner = await driver.executeScript('return [window.innerWidth, window.innerHeight]');
  // The window's frame (a toolbar, borders) is outside the viewport: grow by what it takes.
  const rect = await driver.manage().window().getRect();
  await driver.manage().window().setRect({ width: rect.width + width - inner[0], height: rect.height + height - inner[1] });
}

/**
 * Clicks the first element `target` finds (a CSS selector or a `By`), found again if the page
 * re-rendered it in between.
 */
export async function click(driver, target) {
  const locator = typeof target === 'string' ? By.css(target) : target;
  await driver.wait(() => again(async () => {
    const [el] = await driver.findElements(locator);
    if (!el) return false;
    await el.click();
    return true;
  }), WAIT, `${locator} never clicked`);
}
