// The publishing walk-through of docs/publishing.md, run as it is written: the shell block after
// the `walkthrough` marker goes from a CMS's RSS to a release behind nginx. Three things change,
// and nothing else: the example feed URL becomes a server on 127.0.0.1 answering with
// tests/fixtures/import/wordpress-rss2.xml, /var/www/portal a temporary folder, and the example
// site URL the address nginx serves the release at. `cargo run --release -p portal -- …` and
// `trunk build --release` are shell functions standing in for them: the first runs the publisher
// already built (target/release/portal, or $PORTAL_BIN), the second reuses a copy of dist/.
// Then the release is served by deploy/nginx/portal.conf, its root SITE/current as step 5 says,
// and an imported article is opened in Chromium.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { encodeSegment } from '../support/route-segment.mjs';
import {
  REPO, importedItems, launchBrowser, openPage, stubInternet, takenOver, untilControlled, waitForApp, waitForText,
} from './helpers.mjs';
import { PORTAL_BIN, freePort, requireBuild, startNginx, tempDir } from './server.mjs';

const DOC = path.join(REPO, 'docs/publishing.md');
const MARKER = '<!-- walkthrough: tests/e2e/walkthrough.test.mjs runs the next block -->';
const SYNC_MARKER = '<!-- walkthrough-sync: tests/e2e/walkthrough.test.mjs runs the next block, after the one above -->';
/** The id of the item the sync block takes down (an item of the fixture). */
const TAKEN_DOWN = 'https://kjj.example.cn/?p=118';
const FEED = path.join(REPO, 'tests/fixtures/import/wordpress-rss2.xml');
/** What the block names, and what the test puts in their place. */
const EXAMPLE_FEED_URL = 'https://cms.example.gov.cn/feed/';
const EXAMPLE_SITE_URL = 'https://www.example.gov.cn/';
const EXAMPLE_SITE_DIR = '/var/www/portal';

/** The shell block that follows `marker` in docs/publishing.md. */
function walkthroughBlock(marker = MARKER, doc = fs.readFileSync(DOC, 'utf8')) {
  const at = doc.indexOf(marker);
  assert.notEqual(at, -1, `docs/publishing.md has no marker ${marker}`);
  const block = doc.slice(at + marker.length).match(/^\s*```sh\n([\s\S]*?)^```$/m);
  assert.ok(block, 'no ```sh block right after the walkthrough marker');
  return block[1];
}

/** `text` with `from` replaced by `to`, which must occur in it (else the test would test less). */
function substitute(text, from, to) {
  assert.ok(text.includes(from), `the walk-through no longer names ${from}: update this test`);
  return text.split(from).join(to);
}

/**
 * Stand-ins for the two build tools, defined before the block runs. Each says what it was asked
 * and refuses anything but the invocation this test knows, so a changed command fails here.
 */
const PRELUDE = String.raw`set -euo pipefail
cargo() {
  if [ "$#" -lt 5 ] || [ "$1 $2 $3 $4 $5" != "run --release -p portal --" ]; then
    echo "walkthrough: unexpected: cargo $*" >&2; return 2
  fi
  shift 5
  echo "portal $1" >> "$WALKTHROUGH_LOG"
  "$PORTAL_BIN" "$@"
}
trunk() {
  [ "$*" = "build --release" ] || { echo "walkthrough: unexpected: trunk $*" >&2; return 2; }
  [ -f dist/index.html ] || { echo "walkthrough: no dist/index.html to reuse" >&2; return 2; }
  echo "trunk build" >> "$WALKTHROUGH_LOG"
}
`;

/** Runs `bash script` in `cwd`; resolves to its exit status and what it printed (both streams). */
function runBash(script, cwd, env, timeoutMs = 120_000) {
  return new Promise((resolve) => {
    const child = spawn('bash', [script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const timer = setTimeout(() => {
      output += `\nwalkthrough: killed after ${timeoutMs} ms`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => { output += `\n${e.message}`; });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}


let work;
let repo;
let feedServer;
/** Each request for the feed: its path, and whether it came with the ETag the last answer gave. */
const feedRequests = [];
const conditional = [];
const ETAG = '"walkthrough-feed-1"';
let nginx;
let browser;
let run;
let siteDir;
let siteUrl;
let items;
let siteName;

before(async () => {
  requireBuild('dist');
  assert.ok(fs.existsSync(PORTAL_BIN), `${PORTAL_BIN} is missing: build it first (cargo build --release -p portal)`);

  // The CMS: the synthetic WordPress RSS at /feed/, as WordPress serves it.
  const rss = fs.readFileSync(FEED);
  feedServer = http.createServer((req, res) => {
    feedRequests.push(req.url);
    conditional.push(req.headers['if-none-match'] === ETAG);
    if (req.url !== '/feed/') {
      res.writeHead(404).end();
      return;
    }
    // As WordPress behind nginx answers: an ETag, and 304 when it is sent back.
    if (req.headers['if-none-match'] === ETAG) {
      res.writeHead(304, { ETag: ETAG }).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=UTF-8', ETag: ETAG }).end(rss);
  });
  await new Promise((resolve) => feedServer.listen(0, '127.0.0.1', resolve));
  const feedUrl = `http://127.0.0.1:${feedServer.address().port}/feed/`;

  // The repository's folder as the block expects it: dist/ (a copy: precompress.sh writes beside
  // its files) and deploy/; what the block writes (site.toml, content/) stays in here.
  work = tempDir('portal-e2e-walkthrough-');
  repo = path.join(work, 'repo');
  fs.mkdirSync(repo);
  fs.cpSync(path.join(REPO, 'dist'), path.join(repo, 'dist'), { recursive: true });
  fs.symlinkSync(path.join(REPO, 'deploy'), path.join(repo, 'deploy'));
  siteDir = path.join(work, 'www-portal');
  const port = await freePort();
  siteUrl = `http://127.0.0.1:${port}/`;

  const scriptPath = writeScript('walkthrough.sh', MARKER, feedUrl);
  const log = path.join(work, 'steps.log');
  fs.writeFileSync(log, '');

  const started = Date.now();
  // Asynchronously: the feed server answers from this very process.
  const result = await runBash(scriptPath, repo, { ...process.env, PORTAL_BIN: path.resolve(REPO, PORTAL_BIN), WALKTHROUGH_LOG: log });
  run = {
    status: result.status,
    output: result.output,
    steps: fs.readFileSync(log, 'utf8').trim().split('\n'),
    ms: Date.now() - started,
    feedRequests: [...feedRequests],
  };
  if (run.status === 0) {
    items = importedItems(path.join(repo, 'content'));
    siteName = JSON.parse(fs.readFileSync(path.join(repo, 'content/feed.json'), 'utf8'))._portal.site_name;
    [nginx, browser] = await Promise.all([
      startNginx({ servers: [{ conf: 'portal.conf', root: path.join(siteDir, 'current'), port }] }),
      launchBrowser(),
    ]);
  }
});

/** The block after `marker`, its example names replaced, written as a script in the work folder. */
function writeScript(name, marker, feedUrl) {
  let script = walkthroughBlock(marker);
  script = substitute(script, EXAMPLE_FEED_URL, feedUrl);
  script = substitute(script, EXAMPLE_SITE_URL, siteUrl);
  script = substitute(script, EXAMPLE_SITE_DIR, siteDir);
  const scriptPath = path.join(work, name);
  fs.writeFileSync(scriptPath, PRELUDE + script);
  return scriptPath;
}

after(async () => {
  await browser?.close();
  await nginx?.stop();
  await new Promise((resolve) => (feedServer ? feedServer.close(resolve) : resolve()));
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('the publishing walk-through of docs/publishing.md', () => {
  test('runs to the end: import from the feed URL, check, build, a release', () => {
    assert.equal(run.status, 0, `the walk-through failed (exit ${run.status}):\n${run.output}`);
    assert.deepEqual(run.steps, ['portal import', 'portal check', 'trunk build', 'portal build'], run.output);
    assert.deepEqual(run.feedRequests, ['/feed/'], 'the feed was fetched from its URL, once');
    assert.match(run.output, /\/feed\/: RSS 2\.0, 4 items, 4 kept/);
    assert.match(run.output, /release .* now served/);
    console.log(`walk-through ran in ${run.ms} ms`);
  });

  test('the release is written: current/, a page per imported item, the sitemap', () => {
    assert.equal(run.status, 0, 'the walk-through failed (see the first test)');
    const current = path.join(siteDir, 'current');
    assert.ok(fs.lstatSync(current).isSymbolicLink(), 'current is a symlink');
    assert.match(fs.readlinkSync(current), /^releases\/\d{8}T\d{6}$/);
    for (const file of ['index.html', 'shell.html', 'sitemap.xml', 'robots.txt', 'feed.xml', 'channel/dongtai.html', 'page/about.html']) {
      assert.ok(fs.existsSync(path.join(current, file)), `current/${file}`);
    }
    assert.equal(items.length, 4);
    const sitemap = fs.readFileSync(path.join(current, 'sitemap.xml'), 'utf8');
    for (const item of items) {
      assert.equal(item._portal.channel, 'dongtai', item.id);
      const segment = encodeSegment(item.id);
      const page = fs.readFileSync(path.join(current, 'article', `${segment}.html`), 'utf8');
      assert.match(page, /<div id="prerendered">/, item.id);
      assert.ok(sitemap.includes(`<loc>${siteUrl}article/${segment}</loc>`), `sitemap lists ${item.id}`);
    }
    // Step 4 precompressed the app's assets, and the release carries them.
    const wasm = fs.readdirSync(current).find((f) => f.endsWith('_bg.wasm'));
    assert.ok(fs.existsSync(path.join(current, `${wasm}.gz`)), `${wasm}.gz in the release`);
  });

  test('behind deploy/nginx/portal.conf, an imported article opens: written, then in the app', async () => {
    assert.equal(run.status, 0, 'the walk-through failed (see the first test)');
    const newest = items[0];
    const route = `/article/${encodeSegment(newest.id)}`;
    const answer = await fetch(new URL(route, siteUrl));
    assert.equal(answer.status, 200);
    const written = await answer.text();
    assert.match(written, /<div id="prerendered">/);
    const p = await openPage(browser, { baseURL: siteUrl, serviceWorkers: 'block' });
    try {
      await stubInternet(p.context); // the feed's pictures are on kjj.example.cn
      await p.page.goto(route);
      await p.page.waitForFunction(() => !document.getElementById('prerendered'));
      await waitForApp(p.page);
      assert.equal((await p.page.locator('h1.article-title').textContent()).trim(), newest.title);
      assert.equal(await p.page.title(), `${newest.title} - ${siteName}`);
      p.clean();
    } finally {
      await p.close();
    }
  });

  test('then portal sync: a release, a 304 that costs nothing, status OK, a takedown, and what readers then see', async () => {
    assert.equal(run.status, 0, 'the walk-through failed (see the first test)');
    const feedUrl = `http://127.0.0.1:${feedServer.address().port}/feed/`;
    const scriptPath = writeScript('walkthrough-sync.sh', SYNC_MARKER, feedUrl);
    const log = path.join(work, 'steps-sync.log');
    fs.writeFileSync(log, '');
    const asked = feedRequests.length;
    // A reader opens the article to be taken down before the sync, so that their service worker
    // keeps its page and article file: what docs/publishing.md says they see afterwards is
    // checked at the end of this test.
    const route = `/article/${encodeSegment(TAKEN_DOWN)}`;
    const title = items.find((i) => i.id === TAKEN_DOWN)?.title;
    assert.ok(title, `${TAKEN_DOWN} is an item of the fixture`);
    const reader = await openPage(browser, { baseURL: siteUrl });
    const fresh = await openPage(browser, { baseURL: siteUrl, serviceWorkers: 'block' });
    try {
      await stubInternet(reader.context);
      await stubInternet(fresh.context);
      await reader.page.goto(route);
      await untilControlled(reader.page);
      await reader.page.reload();
      await takenOver(reader.page);
      await waitForText(reader.page, 'h1.article-title', title);
      const kept = await reader.page.evaluate(async (path) => {
        for (const name of await caches.keys()) {
          if (await (await caches.open(name)).match(path)) return true;
        }
        return false;
      }, route);
      assert.ok(kept, 'the worker kept the article page before the takedown');

      await runSync(scriptPath, log, asked);

      // A reader who never opened it: the shell, and the app says the page does not exist.
      await fresh.page.goto(route);
      await waitForApp(fresh.page);
      await waitForText(fresh.page, 'main h1', '页面不存在（404）');
      assert.equal(await fresh.page.locator('h1.article-title').count(), 0);
      // The reader whose worker kept it: the kept copy may show first, then the app takes the
      // page over with the live content, in which the article is gone.
      await reader.page.goto(route);
      await takenOver(reader.page);
      await waitForText(reader.page, 'main h1', '页面不存在（404）');
      assert.equal(await reader.page.locator('h1.article-title').count(), 0, 'the taken-down article is not shown');
      // The browser logs the article file's 404, the answer that tells the app the item is gone.
      fresh.noCrash('(a reader new to the page)');
      assert.deepEqual(fresh.consoleMessages.filter((m) => !/status of 404 .*\/content\/articles\//.test(m)), []);
      reader.noCrash('(a reader whose worker kept the page)');
    } finally {
      await reader.close();
      await fresh.close();
    }
  });
});

/** Runs the sync block of the walk-through and checks what it did (the feed asked `asked` times before). */
async function runSync(scriptPath, log, asked) {
  const result = await runBash(scriptPath, repo, { ...process.env, PORTAL_BIN: path.resolve(REPO, PORTAL_BIN), WALKTHROUGH_LOG: log });
  assert.equal(result.status, 0, `the sync walk-through failed (exit ${result.status}):\n${result.output}`);
  const steps = fs.readFileSync(log, 'utf8').trim().split('\n');
  assert.deepEqual(steps, ['portal sync', 'portal sync', 'portal status', 'portal takedown', 'portal sync'], result.output);
  // Three syncs: the first asked in full, the next two with the ETag, answered 304.
  assert.deepEqual(feedRequests.slice(asked), ['/feed/', '/feed/', '/feed/']);
  assert.deepEqual(conditional.slice(asked), [false, true, true]);
  assert.match(result.output, /\/feed\/ \[window\]: not modified; 4 items/);
  assert.match(result.output, /portal sync: sources 1 ok, 0 failed; items 0 new, 0 updated, 1 taken down;/);
  assert.match(result.output, /^PORTAL OK - 1 sources ok, 4 items published/m);
  const current = path.join(siteDir, 'current');
  const sitemap = fs.readFileSync(path.join(current, 'sitemap.xml'), 'utf8');
  for (const item of items) {
    const page = path.join(current, 'article', `${encodeSegment(item.id)}.html`);
    const gone = item.id === TAKEN_DOWN;
    assert.equal(fs.existsSync(page), !gone, `${item.id}: ${gone ? 'taken down' : 'published'}`);
    assert.equal(sitemap.includes(`article/${encodeSegment(item.id)}<`), !gone, `sitemap and ${item.id}`);
  }
  // Served: its address now gets the app's shell, not the article.
  const answer = await fetch(new URL(`/article/${encodeSegment(TAKEN_DOWN)}`, siteUrl));
  assert.doesNotMatch(await answer.text(), /<div id="prerendered">/);
}
