// The 无障碍 toolbar (issue 24) on the published sample behind nginx, in Chromium: opened from
// the header on a written page before the wasm and after the app's takeover; 大鼠标 (under the
// site's base, /portal/ included), 十字线, 大字幕 and 纯文本, kept and applied before the first
// paint; 语音朗读 against a stubbed speechSynthesis that records what it was asked to say, in
// what order and at what rate (headless Chromium has no voices); a keyboard-only journey; axe
// with each tool on; screenshots of 纯文本 and 十字线 at 390 and 1280 px.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';

import { AxeBuilder } from '@axe-core/playwright';

import { ACCESSIBILITY_TOOLS as TOOLS, barTool, openBar, usePortalAndBrowser, openPage, screenshotDir, takenOver } from './helpers.mjs';
import { startPublishedPortal } from './server.mjs';

const SEED = '/article/20210902-wenzhou-kechuang';
const TITLE = '坚定走好科技创新“华山一条路” 浙江温州全面掀起科创高地建设热潮';

const shared = usePortalAndBrowser(startPublishedPortal);

const classes = (page) => page.evaluate(() => [...document.documentElement.classList].filter((c) => c.startsWith('a11y-')).sort());

async function axe(page, tags) {
  const results = await new AxeBuilder({ page }).withTags(tags).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.length} (${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join('; ')})`);
}

/** What the bar says of the voices (the stylesheet's words after .voice-note). */
const noVoiceNote = (page) => page.evaluate(() => getComputedStyle(document.querySelector('#a11y-bar .voice-note'), '::after').content);

/** The bar's button named `name` (there is one bar once the app has taken over). */

/**
 * A speechSynthesis that speaks nothing and records each utterance (its text, rate and voice)
 * in `window.__spoken`, and pause/resume/cancel in `window.__calls`. An utterance ends when the
 * test calls `window.__finish()`. `voices` is what getVoices() lists.
 */
function stubSpeech(voices) {
  window.__spoken = [];
  window.__calls = [];
  class Utterance extends EventTarget {
    constructor(text) {
      super();
      this.text = text;
      this.rate = 1;
      this.voice = null;
      this.lang = '';
    }
  }
  const synth = {
    queue: [],
    current: null,
    paused: false,
    get speaking() { return !!this.current; },
    getVoices: () => voices,
    addEventListener() {},
    speak(u) {
      this.queue.push(u);
      if (!this.current) this.next();
    },
    next() {
      const u = this.queue.shift();
      this.current = u || null;
      if (!u) return;
      window.__spoken.push({ text: u.text, rate: u.rate, voice: u.voice && u.voice.name });
      setTimeout(() => u.onstart && u.onstart(), 0);
    },
    finish() {
      const u = this.current;
      this.current = null;
      if (u && u.onend) u.onend();
      if (!this.current) this.next();
    },
    cancel() {
      window.__calls.push('cancel');
      this.queue = [];
      const u = this.current;
      this.current = null;
      if (u && u.onerror) u.onerror({ error: 'canceled' });
    },
    pause() { window.__calls.push('pause'); },
    resume() { window.__calls.push('resume'); },
  };
  window.SpeechSynthesisUtterance = Utterance;
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  window.__finish = () => synth.finish();
}

const LOCAL_ZH = [
  { name: 'Network 中文', lang: 'zh-CN', localService: false },
  { name: 'English', lang: 'en-US', localService: true },
  { name: 'Local 中文', lang: 'zh-CN', localService: true },
];

describe('无障碍 toolbar', () => {
  test('the written page\'s bar works while the wasm downloads, and is the same after the takeover', async () => {
    const p = await openPage(shared.browser, { baseURL: shared.server.url });
    try {
      // The wasm is held back: the written page, with boot.js's one listener, is all there is.
      let release;
      const held = new Promise((resolve) => { release = resolve; });
      await p.page.route('**/*.wasm', async (route) => { await held; await route.continue(); });
      await p.page.goto(SEED);
      await p.page.locator('#prerendered h1.article-title').waitFor();
      const opener = p.page.locator('.reader-modes').getByRole('button', { name: '无障碍' });
      assert.equal(await opener.getAttribute('aria-expanded'), 'false');
      assert.equal(await p.page.locator('#a11y-bar').isVisible(), false, 'closed at first');
      await openBar(p.page, '大鼠标');
      assert.equal(await opener.getAttribute('aria-expanded'), 'true');
      await barTool(p.page, '纯文本').click();
      assert.equal(await barTool(p.page, '纯文本').getAttribute('aria-pressed'), 'true');
      assert.deepEqual(await classes(p.page), ['a11y-bar', 'a11y-plain']);
      assert.ok(await p.page.evaluate(() => !!document.getElementById('prerendered')), 'still the written page');
      const written = await p.page.locator('#a11y-bar').evaluate((e) => e.outerHTML);
      release();
      await takenOver(p.page);
      assert.deepEqual(await classes(p.page), ['a11y-bar', 'a11y-plain'], 'kept through the takeover');
      assert.equal(await p.page.locator('#a11y-bar').count(), 1);
      assert.equal(await p.page.locator('#a11y-bar').evaluate((e) => e.outerHTML), written, 'the app writes the same bar');
      await p.page.reload();
      await takenOver(p.page);
      assert.deepEqual(await classes(p.page), ['a11y-bar', 'a11y-plain'], 'kept on reload');
      await barTool(p.page, '纯文本').click();
      await barTool(p.page, '关闭').click();
      assert.deepEqual(await classes(p.page), []);
      assert.equal(await p.page.evaluate(() => document.activeElement.textContent), '无障碍', '关闭 gives the focus back');
      p.clean();
    } finally {
      await p.close();
    }
  });

  test('every tool is kept and on in the first frame, with no layout shift', async () => {
    const p = await openPage(shared.browser, { baseURL: shared.server.url });
    try {
      await p.page.goto(SEED);
      await takenOver(p.page);
      await openBar(p.page, '大鼠标');
      for (const [, name] of TOOLS) await barTool(p.page, name).click();
      for (const [, name] of TOOLS) assert.equal(await barTool(p.page, name).getAttribute('aria-pressed'), 'true', name);
      // The first animation frame with the sidebar in it: a written page paints as it arrives.
      await p.page.addInitScript(() => {
        const look = () => {
          const sidebar = document.querySelector('.sidebar');
          if (!sidebar) {
            requestAnimationFrame(look);
            return;
          }
          window.__firstFrame = {
            classes: [...document.documentElement.classList].filter((c) => c.startsWith('a11y-')).sort(),
            sidebar: getComputedStyle(sidebar).display,
          };
        };
        requestAnimationFrame(look);
      });
      await p.page.reload();
      await p.page.waitForFunction(() => window.__firstFrame);
      const first = await p.page.evaluate(() => window.__firstFrame);
      assert.deepEqual(first.classes, ['a11y-bar', 'a11y-caption', 'a11y-cursor', 'a11y-guide', 'a11y-plain']);
      assert.equal(first.sidebar, 'none', '纯文本 before the first paint');
      await takenOver(p.page);
      const cls = await p.page.evaluate(() => new Promise((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => { for (const e of list.getEntries()) total += e.value; })
          .observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => resolve(total), 300);
      }));
      assert.equal(cls, 0, 'no layout shift');
      for (const [, name] of TOOLS) assert.equal(await barTool(p.page, name).getAttribute('aria-pressed'), 'true', `${name} after the takeover`);
      p.clean();
    } finally {
      await p.close();
    }
  });

  test('大鼠标: a large arrow and hand from the site, /portal/ included', async () => {
    const sub = await startPublishedPortal({ sub: true });
    try {
      for (const [base, route] of [[shared.server.url, SEED], [sub.url, `/portal${SEED}`]]) {
        const p = await openPage(shared.browser, { baseURL: base });
        try {
          await p.page.goto(route);
          await takenOver(p.page);
          await openBar(p.page, '大鼠标');
          await barTool(p.page, '大鼠标').click();
          const cursors = await p.page.evaluate(() => ({
            text: getComputedStyle(document.querySelector('.article-body p')).cursor,
            link: getComputedStyle(document.querySelector('.breadcrumb a')).cursor,
            button: getComputedStyle(document.querySelector('[data-reader="cursor"]')).cursor,
          }));
          const prefix = route.startsWith('/portal/') ? `${base}/portal/` : `${base}/`;
          assert.match(cursors.text, new RegExp(`^url\\("${prefix}icons/cursor-arrow\\.svg"\\) 5 3, auto$`), route);
          assert.match(cursors.link, new RegExp(`^url\\("${prefix}icons/cursor-hand\\.svg"\\) 20 3, pointer$`), route);
          assert.match(cursors.button, /cursor-hand\.svg/);
          for (const name of ['cursor-arrow.svg', 'cursor-hand.svg']) {
            const response = await p.page.request.get(`${prefix}icons/${name}`);
            assert.equal(response.status(), 200, name);
            assert.match(response.headers()['content-type'], /^image\/svg\+xml/);
            assert.match(await response.text(), /width="48" height="48"/, `${name} is 48 px`);
          }
          p.clean(route);
        } finally {
          await p.close();
        }
      }
    } finally {
      await sub.stop();
    }
  });

  test('十字线 follows the pointer and the focus; 大字幕 shows what is under them at 1.5× and more', async () => {
    const p = await openPage(shared.browser, { baseURL: shared.server.url });
    try {
      await p.page.goto(SEED);
      await takenOver(p.page);
      await openBar(p.page, '大鼠标');
      await barTool(p.page, '十字线').click();
      await barTool(p.page, '大字幕').click();
      await p.page.mouse.move(300, 400);
      const lines = () => p.page.evaluate(() => [...document.querySelectorAll('.guide-line')].map((e) => {
        const r = e.getBoundingClientRect();
        return { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2), w: r.width, h: r.height };
      }));
      let [x, y] = await lines();
      assert.equal(x.y, 400, 'the horizontal line is at the pointer');
      assert.ok(x.w >= 1280, 'across the window');
      assert.equal(y.x, 300, 'the vertical line is at the pointer');
      assert.ok(y.h >= 900, 'down the window');
      await p.page.locator('.breadcrumb a').first().focus();
      const box = await p.page.locator('.breadcrumb a').first().boundingBox();
      [x, y] = await lines();
      assert.ok(Math.abs(x.y - (box.y + box.height / 2)) <= 1, 'the focus moves the lines');
      assert.ok(Math.abs(y.x - (box.x + box.width / 2)) <= 1);
      assert.equal(await p.page.locator('.caption-bar').textContent(), await p.page.locator('.breadcrumb a').first().textContent());
      const paragraph = p.page.locator('.article-body p').nth(1);
      await paragraph.scrollIntoViewIfNeeded();
      await paragraph.hover();
      await p.page.waitForFunction(() => document.querySelector('.caption-bar').textContent.length > 50);
      const caption = await p.page.evaluate(() => {
        const c = document.querySelector('.caption-bar');
        const r = c.getBoundingClientRect();
        return { text: c.textContent, size: parseFloat(getComputedStyle(c).fontSize), body: parseFloat(getComputedStyle(document.body).fontSize), bottom: r.bottom, top: r.top };
      });
      assert.equal(caption.text, (await paragraph.textContent()).trim());
      assert.ok(caption.size >= 1.5 * caption.body, `caption ${caption.size} px, body ${caption.body} px`);
      assert.equal(caption.bottom, 900, 'fixed at the foot of the window');
      // The page ends above the bar: its last line can be scrolled into view.
      await p.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      const footerBottom = await p.page.evaluate(() => document.querySelector('.site-footer').getBoundingClientRect().bottom);
      assert.ok(footerBottom <= caption.top + 1, `the footer ends at ${footerBottom}, the bar starts at ${caption.top}`);
      p.clean();
    } finally {
      await p.close();
    }
  });

  test('纯文本: the text alone, pictures as their alt text', async () => {
    const p = await openPage(shared.browser, { baseURL: shared.server.url });
    try {
      await p.page.goto('/');
      await takenOver(p.page);
      const pictures = await p.page.evaluate(() => [...document.querySelectorAll('main img')].filter((i) => i.alt).map((i) => i.alt));
      await openBar(p.page, '大鼠标');
      await barTool(p.page, '纯文本').click();
      const shown = await p.page.evaluate(() => ({
        images: [...document.querySelectorAll('main img')].filter((i) => i.getClientRects().length).length,
        sidebar: getComputedStyle(document.querySelector('.sidebar')).display,
        alts: [...document.querySelectorAll('main .alt-text')].filter((s) => s.getClientRects().length).map((s) => s.textContent),
      }));
      assert.equal(shown.images, 0, 'no picture shows');
      assert.equal(shown.sidebar, 'none');
      assert.deepEqual(shown.alts, pictures.map((a) => `〔图片：${a}〕`));
      p.clean();
    } finally {
      await p.close();
    }
  });
});

describe('信息公开', () => {
  test('the sample policy\'s table above its body, its head tags, axe 0', async () => {
    const p = await openPage(shared.browser, { baseURL: shared.server.url });
    try {
      const written = await (await p.page.request.get('/article/sample-policy-01')).text();
      assert.match(written, /<meta name="ContentSource" content="[^"]+">/);
      assert.match(written, /<meta name="Keywords" content="政策解读,研发投入,企业创新,科技">/, '主题词 after the tags, each once');
      await p.page.goto('/article/sample-policy-01');
      await takenOver(p.page);
      const rows = await p.page.locator('table.disclosure tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th').textContent, tr.querySelector('td').textContent]));
      assert.deepEqual(rows, [
        ['索引号', '000000000/2021-00001（示例）'],
        ['发布机构', '示例科技局（示例单位）'],
        ['成文日期', '2021-09-06'],
        ['文号', '示科发〔2021〕1号（示例）'],
        ['主题词', '科技 研发投入 政策解读'],
        ['有效性', '有效（示例）'],
      ]);
      assert.ok(await p.page.evaluate(() => document.querySelector('table.disclosure').compareDocumentPosition(document.querySelector('.article-body')) & Node.DOCUMENT_POSITION_FOLLOWING), 'above the body');
      for (const width of [1280, 390]) {
        await p.page.setViewportSize({ width, height: 900 });
        assert.deepEqual(await axe(p.page, ['wcag2a', 'wcag2aa']), [], `${width} px`);
        const wide = await p.page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(wide <= width, `no horizontal scroll at ${width} px (${wide})`);
      }
      await p.page.screenshot({ path: path.join(screenshotDir(), 'disclosure-390.png') });
      p.clean();
    } finally {
      await p.close();
    }
  });
});

describe('语音朗读', () => {
  test('连读 reads from the title in order at the chosen rate, highlighting the sentence; pause and stop', async () => {
    const p = await openPage(shared.browser, { baseURL: shared.server.url });
    try {
      await p.page.addInitScript(stubSpeech, LOCAL_ZH);
      await p.page.goto(SEED);
      await takenOver(p.page);
      await openBar(p.page, '大鼠标');
      assert.equal(await noVoiceNote(p.page), 'none', 'a voice is there: no note');
      await barTool(p.page, '快速').click();
      await barTool(p.page, '连读').click();
      await p.page.waitForFunction(() => window.__spoken.length === 1);
      const sentences = await p.page.evaluate(() => {
        const split = /[^。！？!?；;\n]+[。！？!?；;]*[”’」』"]*/g;
        return [...document.querySelectorAll('.article-body p')].flatMap((b) => (b.textContent.match(split) || []).map((s) => s.trim()).filter(Boolean));
      });
      for (let i = 0; i < 4; i++) {
        await p.page.waitForFunction((n) => window.__spoken.length === n, i + 1);
        const said = await p.page.evaluate((n) => window.__spoken[n], i);
        assert.equal(said.text, i === 0 ? TITLE : sentences[i - 1], `utterance ${i}`);
        // Its start (the stub's next task) highlights it in the page.
        await p.page.waitForFunction((text) => {
          const lit = CSS.highlights.get('portal-reading');
          return lit && [...lit][0].toString().trim() === text;
        }, said.text);
        assert.equal(said.rate, i < 2 ? 1.5 : 0.7, '快速, then 慢速 from the sentence after the press');
        assert.equal(said.voice, 'Local 中文', 'the local Chinese voice, not the network one');
        if (i === 1) await barTool(p.page, '慢速').click();
        await p.page.evaluate(() => window.__finish());
      }
      await p.page.waitForFunction(() => window.__spoken.length === 5);
      await barTool(p.page, '暂停').click();
      assert.equal(await barTool(p.page, '暂停').getAttribute('aria-pressed'), 'true');
      await barTool(p.page, '暂停').click();
      assert.equal(await barTool(p.page, '暂停').getAttribute('aria-pressed'), 'false');
      await barTool(p.page, '停止').click();
      assert.deepEqual(await p.page.evaluate(() => window.__calls), ['cancel', 'pause', 'resume', 'cancel']);
      assert.equal(await p.page.evaluate(() => CSS.highlights.has('portal-reading')), false, 'stopped: nothing highlighted');
      await p.page.evaluate(() => window.__finish());
      assert.equal(await p.page.evaluate(() => window.__spoken.length), 5, 'nothing more after 停止');
      p.clean();
    } finally {
      await p.close();
    }
  });

  test('指读 reads what the pointer rests on and what the focus reaches', async () => {
    const p = await openPage(shared.browser, { baseURL: shared.server.url });
    try {
      await p.page.addInitScript(stubSpeech, LOCAL_ZH);
      await p.page.goto(SEED);
      await takenOver(p.page);
      await openBar(p.page, '大鼠标');
      await barTool(p.page, '指读').click();
      assert.equal(await barTool(p.page, '指读').getAttribute('aria-pressed'), 'true');
      const paragraph = p.page.locator('.article-body p').nth(3);
      await paragraph.scrollIntoViewIfNeeded();
      await paragraph.hover();
      await p.page.waitForFunction(() => window.__spoken.length > 0);
      const first = await p.page.evaluate(() => window.__spoken.at(-1).text);
      assert.ok((await paragraph.textContent()).startsWith(first), `read ${first}`);
      await p.page.locator('.breadcrumb a').first().focus();
      await p.page.waitForFunction(() => window.__spoken.at(-1).text === '首页');
      p.clean();
    } finally {
      await p.close();
    }
  });

  test('without a Chinese voice the bar says so; a network voice only when chosen knowingly', async () => {
    for (const [voices, note] of [
      [[{ name: 'English', lang: 'en-US', localService: true }], '没有中文语音'],
      [[{ name: 'Network 中文', lang: 'zh-CN', localService: false }], '只有在线语音'],
    ]) {
      const p = await openPage(shared.browser, { baseURL: shared.server.url });
      try {
        await p.page.addInitScript(stubSpeech, voices);
        await p.page.goto(SEED);
        await takenOver(p.page);
        await openBar(p.page, '大鼠标');
        await p.page.waitForFunction(() => document.documentElement.classList.contains('no-voice'));
        assert.equal(await noVoiceNote(p.page), '"（无中文语音）"');
        await barTool(p.page, '连读').click();
        await p.page.waitForFunction((n) => document.querySelector('#a11y-bar .a11y-status').textContent.includes(n), note);
        assert.equal(await p.page.evaluate(() => window.__spoken.length), 0, 'nothing read yet');
        await barTool(p.page, '连读').click();
        await p.page.waitForTimeout(100);
        const spoken = await p.page.evaluate(() => window.__spoken.map((s) => s.voice));
        if (voices[0].lang === 'en-US') assert.deepEqual(spoken, [], 'never in an English voice');
        else assert.deepEqual(spoken, ['Network 中文'], 'read by the network voice once chosen again');
        p.clean();
      } finally {
        await p.close();
      }
    }
  });
});

describe('keyboard and axe', () => {
  test('a keyboard-only journey: each tool, an article, search, and back', async () => {
    const p = await openPage(shared.browser, { baseURL: shared.server.url });
    try {
      await p.page.addInitScript(stubSpeech, LOCAL_ZH);
      await p.page.goto('/');
      await takenOver(p.page);
      const focused = () => p.page.evaluate(() => {
        const e = document.activeElement;
        const style = getComputedStyle(e);
        return { text: (e.getAttribute('aria-label') || e.placeholder || e.textContent || '').trim(), tag: e.tagName, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
      /** Tabs until the focus is on `text` (at most 60 presses), checking each stop is visible. */
      const tabTo = async (text, key = 'Tab') => {
        for (let i = 0; i < 60; i++) {
          await p.page.keyboard.press(key);
          const f = await focused();
          assert.ok(f.outline !== 'none' && f.width >= 2, `a visible focus on ${f.tag} ${f.text}`);
          if (f.text === text) return;
        }
        assert.fail(`Tab never reached ${text}`);
      };
      await tabTo('无障碍');
      await p.page.keyboard.press('Enter');
      assert.equal(await p.page.locator('#a11y-bar').isVisible(), true);
      assert.equal((await focused()).text, '连读', 'the opened bar has the focus');
      await p.page.keyboard.press('Enter');
      await p.page.waitForFunction(() => window.__spoken.length === 1);
      for (const [kind, name] of TOOLS) {
        await tabTo(name);
        await p.page.keyboard.press('Space');
        assert.ok((await classes(p.page)).includes(`a11y-${kind}`), `${name} on by keyboard`);
        await p.page.keyboard.press('Enter');
        assert.ok(!(await classes(p.page)).includes(`a11y-${kind}`), `${name} off again`);
      }
      await tabTo('停止', 'Shift+Tab');
      await p.page.keyboard.press('Enter');
      // Escape leaves the bar, closed, at its opener: no trap.
      await p.page.keyboard.press('Escape');
      assert.deepEqual(await classes(p.page), []);
      assert.equal((await focused()).text, '无障碍');
      // Search from the header, open a result, and come back.
      await tabTo('搜索资讯', 'Shift+Tab');
      await p.page.keyboard.type('温州');
      await p.page.keyboard.press('Enter');
      await p.page.waitForURL(/\/search\?q=/);
      await p.page.locator('.search-result h2 a').first().waitFor();
      const result = (await p.page.locator('.search-result h2 a').first().textContent()).trim();
      await tabTo(result);
      await p.page.keyboard.press('Enter');
      await p.page.waitForURL(/\/article\//);
      await p.page.locator('h1.article-title').waitFor();
      assert.equal((await p.page.locator('h1.article-title').textContent()).trim(), result);
      await p.page.goBack();
      await p.page.waitForURL(/\/search\?q=/);
      await p.page.locator('.search-result h2 a').first().waitFor();
      p.clean();
    } finally {
      await p.close();
    }
  });

  test('axe: no violation with each tool on, AA and in 长者模式 AAA, at 1280 and 390 px', async () => {
    const p = await openPage(shared.browser, { baseURL: shared.server.url });
    const counts = [];
    try {
      await p.page.goto(SEED);
      await takenOver(p.page);
      await openBar(p.page, '大鼠标');
      for (const elder of [false, true]) {
        if (elder) await p.page.getByRole('button', { name: '长者模式' }).click();
        const tags = elder ? ['wcag2a', 'wcag2aa', 'wcag2aaa'] : ['wcag2a', 'wcag2aa'];
        for (const [kind, name] of [['bar', '无障碍'], ...TOOLS]) {
          if (kind !== 'bar') await barTool(p.page, name).click();
          if (kind === 'caption') {
            await p.page.locator('.article-body p').first().hover();
            await p.page.waitForFunction(() => document.querySelector('.caption-bar').textContent);
          }
          for (const width of [1280, 390]) {
            await p.page.setViewportSize({ width, height: 900 });
            const found = await axe(p.page, tags);
            counts.push(`${name}${elder ? ' 长者' : ''} ${width}: ${found.length}`);
            assert.deepEqual(found, [], `${name}${elder ? ' in 长者模式' : ''} at ${width} px`);
          }
          await p.page.setViewportSize({ width: 1280, height: 900 });
          if (kind !== 'bar') await barTool(p.page, name).click();
        }
      }
      p.clean();
    } finally {
      console.log(`axe violations per tool: ${counts.join('; ')}`);
      await p.close();
    }
  });

  test('screenshots: 纯文本 and 十字线 at 390 and 1280 px', async () => {
    const p = await openPage(shared.browser, { baseURL: shared.server.url });
    try {
      await p.page.goto(SEED);
      await takenOver(p.page);
      await openBar(p.page, '大鼠标');
      for (const [name, label] of [['plain', '纯文本'], ['guide', '十字线']]) {
        await barTool(p.page, label).click();
        for (const width of [1280, 390]) {
          await p.page.setViewportSize({ width, height: 900 });
          await p.page.mouse.move(width / 2, 450);
          const wide = await p.page.evaluate(() => document.documentElement.scrollWidth);
          assert.ok(wide <= width, `${name} at ${width} px has no horizontal scroll (${wide} px)`);
          await p.page.screenshot({ path: path.join(screenshotDir(), `a11y-${name}-${width}.png`), fullPage: name === 'plain' });
        }
        await p.page.setViewportSize({ width: 1280, height: 900 });
        await barTool(p.page, label).click();
      }
      p.clean();
    } finally {
      await p.close();
    }
  });
});
