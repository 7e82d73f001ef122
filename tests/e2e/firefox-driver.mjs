// Firefox ESR (Debian's) over WebDriver, driven by geckodriver (installed by cargo; nothing is
// downloaded), and the waits the Firefox tests share.

import os from 'node:os';
import path from 'node:path';

import { Builder, By } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';

const GECKODRIVER = process.env.GECKODRIVER || path.join(os.homedir(), '.cargo/bin/geckodriver');
const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
export const WAIT = 30_000;

/**
 * A headless Firefox at 1280×900. `javascript: false` turns scripts off (the reader without
 * the app); `bidi: true` opens WebDriver BiDi, for scripts that run before a page's own.
 */
export async function startFirefox({ javascript = true, bidi = false } = {}) {
  const options = new firefox.Options().addArguments('-headless').setBinary(FIREFOX);
  options.setPreference('intl.accept_languages', 'zh-CN');
  if (!javascript) options.setPreference('javascript.enabled', false);
  if (bidi) options.enableBidi();
  const driver = await new Builder()
    .forBrowser('firefox')
    .setFirefoxOptions(options)
    .setFirefoxService(new firefox.ServiceBuilder(GECKODRIVER))
    .build();
  await driver.manage().window().setRect({ width: 1280, height: 900 });
  return driver;
}

/** The text of the first `selector`, once it has some (found again if the page re-rendered it). */
export async function textOf(driver, selector) {
  let seen = '';
  await driver.wait(async () => {
    const [el] = await driver.findElements(By.css(selector));
    try {
      seen = el ? (await el.getText()).trim() : '';
    } catch (e) {
      if (e.name !== 'StaleElementReferenceError') throw e;
      seen = '';
    }
    return seen !== '';
  }, WAIT, `${selector} never showed text`);
  return seen;
}

/** Waits until one `selector` holds exactly `want`. */
export async function waitForText(driver, selector, want) {
  await driver.wait(async () => {
    const found = await driver.findElements(By.css(selector));
    try {
      for (const el of found) if ((await el.getText()).trim() === want) return true;
    } catch (e) {
      // The page re-rendered (an older feed page arrived) between finding and reading: look again.
      if (e.name !== 'StaleElementReferenceError') throw e;
    }
    return false;
  }, WAIT, `${selector} never showed ${want}`);
}
