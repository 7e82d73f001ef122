// `portal preview` in Chromium, as an editor uses it: a draft and an embargoed item open marked
// 预览 · 未发布, every page carries the 内容提示 report (what portal check says besides errors),
// and after an edit of the content file the open page reloads by itself (through
// /__preview/reload.js: the page's CSP allows no inline script), then a broken file shows its
// error on the page while the last good build stays.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { REPO, launchBrowser, openPage, takenOver } from './helpers.mjs';
import { PORTAL_BIN, requireBuild, tempDir } from './server.mjs';

let work;
let content;
let preview;
let root;
let browser;

const HOUR = 3600_000;
/** RFC 3339 in +08:00, as the portal writes dates. */
function beijing(ms) {
  return `${new Date(ms + 8 * HOUR).toISOString().slice(0, 19)}+08:00`;
}

function writeFeed(title) {
  const now = Date.now();
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: '预览测试',
    items: [
      { id: 'live-1', title, content_text: '正文。', date_published: beijing(now - HOUR) },
      { id: 'draft-1', title: '一篇草稿', content_text: '草稿正文。', date_published: beijing(now - 2 * HOUR), _portal: { draft: true } },
      { id: 'later-1', title: '定时发布的一篇', content_text: '两小时后发布。', date_published: beijing(now + 2 * HOUR) },
      // A picture the folder does not hold: a warning of portal check, which does not stop a build.
      { id: 'no-picture', title: '缺图的一篇', content_text: '正文。', image: 'pictures/missing.png', date_published: beijing(now - 3 * HOUR) },
    ],
  };
  fs.writeFileSync(path.join(content, 'feed.json'), JSON.stringify(feed, null, 2));
}

async function previewState() {
  return (await fetch(new URL('/__preview/state', root))).json();
}

before(async () => {
  requireBuild('dist');
  work = tempDir('portal-e2e-preview-');
  content = path.join(work, 'content');
  fs.mkdirSync(content);
  writeFeed('第一版标题');
  preview = spawn(path.resolve(REPO, PORTAL_BIN), ['preview', content, '--dist', path.join(REPO, 'dist'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  root = await new Promise((resolve, reject) => {
    let said = '';
    preview.stdout.on('data', (d) => {
      said += d;
      const found = said.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (found) resolve(found[0]);
    });
    preview.on('exit', (code) => reject(new Error(`portal preview exited ${code}: ${said}`)));
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  preview?.kill();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('portal preview', () => {
  test('a draft and an embargoed item open marked 预览 · 未发布, with the 内容提示 report on the page', async () => {
    const p = await openPage(browser, { baseURL: root });
    try {
      await p.page.goto('/article/draft-1');
      await takenOver(p.page);
      assert.equal((await p.page.locator('h1.article-title').textContent()).trim(), '【预览 · 未发布】一篇草稿');
      await p.page.goto('/article/later-1');
      await takenOver(p.page);
      assert.equal((await p.page.locator('h1.article-title').textContent()).trim(), '【预览 · 未发布】定时发布的一篇');

      await p.page.goto('/');
      await takenOver(p.page);
      const report = p.page.locator('details.preview-notices');
      await report.waitFor({ timeout: 10_000 });
      await report.locator('summary').click();
      const notices = (await report.locator('li').allTextContents()).join('\n');
      assert.equal((await report.locator('summary').textContent()).trim(), '预览 · 内容提示：3 条（portal check 的警告与说明，不阻止发布）', notices);
      assert.match(notices, /feed\.json item “no-picture”: image “pictures\/missing\.png” is not in the content folder/);
      assert.match(notices, /item “draft-1”: a draft: never published/);
      assert.match(notices, /item “later-1”: held until \d{4}-\d\d-\d\d \d\d:\d\d/);
      p.noCrash();
    } finally {
      await p.close();
    }
  });

  test('an edit reloads the open page; an error shows on it while the last good build stays', async () => {
    const p = await openPage(browser, { baseURL: root });
    try {

      await p.page.goto('/article/live-1');
      await takenOver(p.page);
      assert.equal((await p.page.locator('h1.article-title').textContent()).trim(), '第一版标题');
      // Let the script see the first build before the edit.
      await p.page.waitForTimeout(1500);
      writeFeed('第二版标题');
      await p.page.waitForFunction(() => document.querySelector('h1.article-title')?.textContent.trim() === '第二版标题', null, { timeout: 30_000 });

      fs.writeFileSync(path.join(content, 'feed.json'), '{\n  "version": "https://jsonfeed.org/version/1.1",\n  "items": [\n');
      const alert = p.page.locator('[role=alert]', { hasText: '预览 · 内容有错误' });
      await alert.waitFor({ timeout: 30_000 });
      const said = await alert.textContent();
      assert.match(said, /feed\.json/);
      assert.match(said, /line \d+/);
      assert.equal((await p.page.locator('h1.article-title').textContent()).trim(), '第二版标题', 'the last good build stays');
      assert.equal((await previewState()).generation, 2);
      p.noCrash();
    } finally {
      await p.close();
    }
  });
});
