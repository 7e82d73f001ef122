// e. Publishing at scale: generated feeds through `portal build`, first build, again with
// nothing changed, and after one new item.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { generate } from '../generate.mjs';
import { fmtInt, fmtN, log } from '../lib/format.mjs';
import { runPortal } from '../lib/portal.mjs';
import { DIST, SCALE_SIZES } from '../lib/settings.mjs';

export const title = 'e. publishing generated content with portal build (target/release/portal, 2 cores)';
/**
 * The page sections' browser is closed before this section, whether it runs or not: where the
 * benchmark has closed it since its first version (then just before Lighthouse, which starts a
 * Chromium of its own). h launches a new one.
 */
export const closesBrowserBefore = true;

/** Every file under `dir` with its inode: a file `portal build` rewrote gets a new one. */
function inodes(dir) {
  const out = new Map();
  const walkDir = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walkDir(full);
      else out.set(path.relative(dir, full), fs.statSync(full).ino);
    }
  };
  walkDir(dir);
  return out;
}

/** What a build rewrote, by kind of file: `article/*` pages, `content/articles/*`, … */
function changedKinds(before, after) {
  const kinds = new Map();
  let count = 0;
  for (const [file, ino] of after) {
    if (before.get(file) === ino) continue;
    count += 1;
    const parts = file.split(path.sep);
    const kind = parts.length === 1 ? file : parts[0] === 'content' && parts.length > 2 ? `content/${parts[1]}/*` : `${parts[0]}/*`;
    kinds.set(kind, (kinds.get(kind) || 0) + 1);
  }
  const gone = [...before.keys()].filter((f) => !after.has(f)).length;
  return { count, gone, kinds: [...kinds].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ') };
}

export async function run({ table, work }) {
  const cols = SCALE_SIZES.map(fmtN);
  const t = table.section(title, ['measure', ...cols]);
  const data = [];
  for (const n of SCALE_SIZES) {
    const content = path.join(work, `publish-${fmtN(n)}`);
    const dist = path.join(work, `publish-${fmtN(n)}-dist`);
    log(`publish ${fmtN(n)}: generating`);
    await generate({ items: n, out: content });
    fs.cpSync(DIST, dist, { recursive: true });
    spawnSync('sync', { stdio: 'ignore' });
    const args = ['build', '--content', content, '--dist', dist, '--site-url', 'https://bench.example/'];
    log(`publish ${fmtN(n)}: first build`);
    const first = runPortal(args);
    const files = inodes(dist);
    log(`publish ${fmtN(n)}: again, nothing changed`);
    const again = runPortal(args);
    const afterAgain = inodes(dist);
    // One new item, as an editor adds it: first in the feed, in the busiest channel.
    const feedPath = path.join(content, 'feed.json');
    const feed = JSON.parse(fs.readFileSync(feedPath, 'utf8'));
    const newest = feed.items[0];
    const added = {
      ...newest,
      id: 'bench-new-item',
      title: '新发布的一条资讯：基准测试的增量发布',
      date_published: new Date(Date.parse(newest.date_published) + 600_000).toISOString(),
      _portal: { ...newest._portal, featured: false, views: 1 },
    };
    feed.items.unshift(added);
    fs.writeFileSync(feedPath, JSON.stringify(feed));
    // The generated folder names an article file for every item (_portal.article_url).
    const { items: _, next_url: __, _portal: ___, ...head } = feed;
    fs.writeFileSync(path.join(content, 'articles', `${added.id}.json`), JSON.stringify({ ...head, items: [added] }));
    log(`publish ${fmtN(n)}: one new item`);
    const oneMore = runPortal(args);
    const afterAdded = inodes(dist);
    data.push({
      n,
      first,
      again,
      added: oneMore,
      files: files.size,
      unchanged: changedKinds(files, afterAgain),
      oneItem: changedKinds(afterAgain, afterAdded),
    });
    if (process.env.BENCH_KEEP_FEEDS !== '1') {
      fs.rmSync(content, { recursive: true, force: true });
      fs.rmSync(dist, { recursive: true, force: true });
    }
  }
  const row = (name, f) => t.row(name, ...data.map(f));
  const secs = (r) => r.seconds.toFixed(1);
  const mb = (r) => (r.peakBytes / 1048576).toFixed(0);
  row('first build: seconds', (d) => secs(d.first));
  row('first build: peak RSS, MB', (d) => mb(d.first));
  row('files in the published folder', (d) => fmtInt(d.files));
  row('again, nothing changed: seconds', (d) => secs(d.again));
  row('again: files rewritten', (d) => String(d.unchanged.count));
  row('one new item: seconds', (d) => secs(d.added));
  row('one new item: peak RSS, MB', (d) => mb(d.added));
  row('one new item: files rewritten', (d) => String(d.oneItem.count));
  for (const d of data) t.note(`${fmtN(d.n)}, one new item rewrote: ${d.oneItem.kinds || 'nothing'}`);
  t.note('a file is rewritten only when its bytes change (new inode); unchanged files keep theirs.');
}
