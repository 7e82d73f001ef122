// j. Publishing on a timer: `portal sync` of a site whose archive comes from five local archive
// sources and whose news comes from a 50-item window source, as issue 21 sets its targets: a
// sync with nothing changed, and one new item in the window source (read, import, build,
// switch), next to a fresh `portal build` of the same content folder, measured in the same run.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { generate, itemAfter } from '../generate.mjs';
import { fmtInt, fmtN, log, median } from '../lib/format.mjs';
import { runPortal } from '../lib/portal.mjs';
import { DIST, envInt, sizesOf } from '../lib/settings.mjs';

/** Archive sizes (`BENCH_SYNC_SIZES`, items in all). */
const SYNC_SIZES = sizesOf('BENCH_SYNC_SIZES', '10000,100000');
/** One-new-item syncs per size (`BENCH_SYNC_RUNS`). */
const SYNC_RUNS = envInt('BENCH_SYNC_RUNS', 5);
/** Archive sources the older items are split into: at 100k each is ~68 MB, under a source's 256 MiB. */
const ARCHIVES = 5;
/** Items in the window source, as a CMS's RSS keeps its newest. */
const WINDOW = 50;

export const title = 'j. publishing on a timer with portal sync: five archive sources and a 50-item window (target/release/portal, 2 cores)';

const SUMMARY = /items (\d+) new, (\d+) updated, (\d+) taken down; (\d+) files written; ([\d.]+) s(?: \(served after ([\d.]+) s\))?/;

/** The numbers of sync's one summary line; throws when it is missing (the program changed). */
function summaryOf(run) {
  const m = SUMMARY.exec(run.stdout);
  if (!m) throw new Error(`no summary line in portal sync's output: ${run.stdout.slice(-400)}`);
  return { new: Number(m[1]), written: Number(m[4]), servedAfter: m[6] === undefined ? NaN : Number(m[6]) };
}

const feedOf = (items) => JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: '科创资讯门户 · 基准', items });

/**
 * Lays `n` generated items out as sync reads them in `dir`: `archive-1.json` … (the older items,
 * newest first), `window.json` (the newest 50) and the pictures they name, with `site.toml`.
 * Returns the window's items and the sources' bytes.
 */
async function layOut(n, dir) {
  const generated = path.join(dir, 'generated');
  await generate({ items: n, out: generated });
  const items = [];
  let channels = [];
  for (let page = 1, name = 'feed.json'; name; page += 1) {
    const feed = JSON.parse(fs.readFileSync(path.join(generated, name), 'utf8'));
    if (page === 1) channels = feed._portal.channels;
    items.push(...feed.items);
    name = feed.next_url;
  }
  fs.renameSync(path.join(generated, 'images'), path.join(dir, 'images'));
  fs.rmSync(generated, { recursive: true, force: true });
  const window = items.slice(0, WINDOW);
  const older = items.slice(WINDOW);
  const per = Math.ceil(older.length / ARCHIVES);
  let bytes = 0;
  const sources = [];
  for (let a = 0; a < ARCHIVES; a++) {
    const text = feedOf(older.slice(a * per, (a + 1) * per));
    fs.writeFileSync(path.join(dir, `archive-${a + 1}.json`), text);
    bytes += Buffer.byteLength(text);
    sources.push(`{ feed = "archive-${a + 1}.json", mode = "archive" }`);
  }
  const windowText = feedOf(window);
  fs.writeFileSync(path.join(dir, 'window.json'), windowText);
  bytes += Buffer.byteLength(windowText);
  sources.push('{ feed = "window.json", mode = "window" }');
  const toml = [
    'name = "科创资讯门户"',
    'url = "https://bench.example/"',
    'timezone = "Asia/Shanghai"',
    `dist = ${JSON.stringify(DIST)}`,
    `sources = [${sources.join(', ')}]`,
    ...channels.map((c) => `\n[[channels]]\nslug = ${JSON.stringify(c.slug)}\nname = ${JSON.stringify(c.name)}`),
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'site.toml'), `${toml}\n`);
  return { window, bytes };
}

/** The window source with one new item first, dated ten minutes after the newest; the last drops out. */
function addToWindow(dir, window, k) {
  const item = itemAfter(window[0], `bench-sync-new-${k}`, `新发布的一条资讯：定时同步的增量发布（第${k}条）`);
  window.unshift(item);
  window.pop();
  fs.writeFileSync(path.join(dir, 'window.json'), feedOf(window));
}

export async function run({ table, work }) {
  const t = table.section(title, ['measure', ...SYNC_SIZES.map(fmtN)]);
  const data = [];
  for (const n of SYNC_SIZES) {
    const dir = path.join(work, `sync-${fmtN(n)}`);
    fs.mkdirSync(dir, { recursive: true });
    log(`sync ${fmtN(n)}: laying out the sources`);
    const { window, bytes } = await layOut(n, dir);
    const site = path.join(dir, 'site');
    const sync = () => {
      spawnSync('sync', { stdio: 'ignore' });
      const r = runPortal(['sync', '--site', path.join(dir, 'site.toml'), '--out', site, '--max-items', String(2 * n)]);
      return { ...r, ...summaryOf(r) };
    };
    log(`sync ${fmtN(n)}: first sync`);
    const first = sync();
    log(`sync ${fmtN(n)}: nothing changed`);
    const unchanged = [sync(), sync()];
    const added = [];
    for (let k = 1; k <= SYNC_RUNS; k++) {
      addToWindow(dir, window, k);
      log(`sync ${fmtN(n)}: one new item (${k}/${SYNC_RUNS})`);
      added.push(sync());
    }
    // The baseline: the same content folder built fresh into an empty site folder, then again
    // with nothing changed (`portal build`'s own check that its inputs are the same).
    const fresh = path.join(dir, 'fresh');
    const build = ['build', '--content', path.join(dir, 'content'), '--dist', DIST, '--out', fresh, '--site-url', 'https://bench.example/'];
    spawnSync('sync', { stdio: 'ignore' });
    log(`sync ${fmtN(n)}: a fresh build of the same content (the baseline)`);
    const freshBuild = runPortal(build);
    spawnSync('sync', { stdio: 'ignore' });
    const buildAgain = runPortal(build);
    data.push({ n, bytes, first, unchanged, added, freshBuild, buildAgain });
    if (process.env.BENCH_KEEP_FEEDS !== '1') fs.rmSync(dir, { recursive: true, force: true });
  }
  const row = (name, f) => t.row(name, ...data.map(f));
  const s1 = (x) => x.toFixed(1);
  const s2 = (x) => x.toFixed(2);
  const mb = (r) => (r.peakBytes / 1048576).toFixed(0);
  // The first two one-new-item syncs build into an empty folder (the first sync made the only
  // release); from the third on, three releases are kept and each is built in the oldest one's
  // folder, as a site on a timer always is: the medians are of those.
  const steady = (runs) => (runs.length > 2 ? runs.slice(2) : runs);
  const each = (runs, f, fmt) => `${fmt(median(steady(runs).map(f)))} (${runs.map((r) => fmt(f(r))).join(', ')})`;
  row('sources: MB (5 archives + window)', (d) => (d.bytes / 1e6).toFixed(0));
  row('first sync, every item new: s', (d) => s1(d.first.seconds));
  row('first sync: peak RSS, MB', (d) => mb(d.first));
  row('first sync: files written', (d) => fmtInt(d.first.written));
  row('sync, nothing changed: s', (d) => d.unchanged.map((r) => s2(r.seconds)).join(', '));
  row('sync, nothing changed: peak RSS, MB', (d) => mb(d.unchanged[1]));
  row('one new item: served after, s (median from run 3; runs)', (d) => each(d.added, (r) => r.servedAfter, s1));
  row('one new item: wall s (median from run 3; runs)', (d) => each(d.added, (r) => r.seconds, s1));
  row('one new item: user + system s (medians from run 3)', (d) => `${s1(median(steady(d.added).map((r) => r.user)))} + ${s1(median(steady(d.added).map((r) => r.system)))}`);
  row('one new item: peak RSS, MB (largest)', (d) => (Math.max(...d.added.map((r) => r.peakBytes)) / 1048576).toFixed(0));
  row('one new item: files written (runs)', (d) => d.added.map((r) => fmtInt(r.written)).join(', '));
  row('baseline: fresh build of the content, s', (d) => s1(d.freshBuild.seconds));
  row('baseline: peak RSS, MB', (d) => mb(d.freshBuild));
  row('build again, nothing changed: s', (d) => s2(d.buildAgain.seconds));
  row('one new item served after ÷ fresh build', (d) => `${(median(steady(d.added).map((r) => r.servedAfter)) / d.freshBuild.seconds).toFixed(2)}×`);
  t.note(`items from bench/generate.mjs; the newest ${WINDOW} in window.json (mode "window"), the rest split into ${ARCHIVES} local`);
  t.note('archive sources (mode "archive"); each one-new-item run puts a new item first in the window and drops its last,');
  t.note('which stays published. "served after": the summary line\'s time to the switch; the wall time adds what follows it.');
  t.note('Runs 1-2 build into an empty folder; from run 3 each is built in the oldest of the three releases kept (steady state).');
  t.note('Targets at 100k (issue 21): nothing changed ≤ 2 s; one new item ≤ 5 s, ≤ 80 files.');
  t.note('A run that writes ~10,000 files is the search index\'s delta joining its base, once in ~64 new items (docs/search-index.md).');
}
