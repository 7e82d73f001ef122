// e. Publishing at scale: generated feeds through `portal build`, first build, again with
// nothing changed, and after one new item; in place, then the same as releases (`--out`).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { generate, itemAfter } from '../generate.mjs';
import { fmtInt, fmtN, log, median } from '../lib/format.mjs';
import { hugoVersion, HUGO_BIN, timed, weigh, writeHugoSite } from '../lib/hugo.mjs';
import { runPortal } from '../lib/portal.mjs';
import { DIST, envInt, PORTAL_BIN, SCALE_SIZES, sizesOf } from '../lib/settings.mjs';

/** Feed sizes of the side-by-side with Hugo (`BENCH_HUGO_SIZES`; `none` leaves it out). */
const HUGO_SIZES = process.env.BENCH_HUGO_SIZES === 'none' ? [] : sizesOf('BENCH_HUGO_SIZES', '10000');
/** Alternated runs of each program per size. */
const HUGO_RUNS = envInt('BENCH_HUGO_RUNS', 3);

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
    // The same as releases (`--out`, as a deployment publishes), from the app as Trunk made
    // it: a release whose inputs are unchanged is not built at all (SITE/inputs.json).
    const site = path.join(work, `publish-${fmtN(n)}-site`);
    const release = ['build', '--content', content, '--dist', DIST, '--site-url', 'https://bench.example/', '--out', site];
    log(`publish ${fmtN(n)}: a release (--out)`);
    runPortal(release);
    log(`publish ${fmtN(n)}: a release, nothing changed`);
    const releaseAgain = runPortal(release);
    fs.rmSync(path.join(site, 'inputs.json'));
    log(`publish ${fmtN(n)}: a release, nothing changed, its inputs.json deleted`);
    const releaseFull = runPortal(release);
    const servedBefore = inodes(fs.realpathSync(path.join(site, 'current')));
    // One new item, as an editor adds it: first in the feed, in the busiest channel.
    const feedPath = path.join(content, 'feed.json');
    const feed = JSON.parse(fs.readFileSync(feedPath, 'utf8'));
    const newest = feed.items[0];
    const added = itemAfter(newest, 'bench-new-item', '新发布的一条资讯：基准测试的增量发布');
    feed.items.unshift(added);
    fs.writeFileSync(feedPath, JSON.stringify(feed));
    // The generated folder names an article file for every item (_portal.article_url).
    const { items: _, next_url: __, _portal: ___, ...head } = feed;
    fs.writeFileSync(path.join(content, 'articles', `${added.id}.json`), JSON.stringify({ ...head, items: [added] }));
    log(`publish ${fmtN(n)}: one new item`);
    const oneMore = runPortal(args);
    const afterAdded = inodes(dist);
    log(`publish ${fmtN(n)}: a release, one new item`);
    const releaseAdded = runPortal(release);
    const releaseItem = changedKinds(servedBefore, inodes(fs.realpathSync(path.join(site, 'current'))));
    data.push({
      n,
      first,
      again,
      added: oneMore,
      files: files.size,
      unchanged: changedKinds(files, afterAgain),
      oneItem: changedKinds(afterAgain, afterAdded),
      releaseAgain,
      releaseFull,
      releaseAdded,
      releaseItem,
    });
    if (process.env.BENCH_KEEP_FEEDS !== '1') {
      fs.rmSync(site, { recursive: true, force: true });
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
  row('release, nothing changed: seconds', (d) => d.releaseAgain.seconds.toFixed(2));
  row('release, inputs.json deleted: seconds', (d) => secs(d.releaseFull));
  row('release, one new item: seconds', (d) => secs(d.releaseAdded));
  row('release, one new item: files rewritten', (d) => String(d.releaseItem.count));
  for (const d of data) t.note(`${fmtN(d.n)}, one new item rewrote: ${d.oneItem.kinds || 'nothing'}`);
  for (const d of data) t.note(`${fmtN(d.n)}, one new item's release rewrote: ${d.releaseItem.kinds || 'nothing'}`);
  t.note('a file is rewritten only when its bytes change (new inode); unchanged files keep theirs.');
  if (HUGO_SIZES.length) await sideBySide(table, work);
}

/**
 * The portal against Hugo on the same generated items: a fresh release (`--out`, as a
 * deployment publishes) against a fresh `hugo` into an empty folder, runs alternated (the
 * first program changes each run), `sync` before each so that neither pays for the other's
 * writes. Ratios are of the runs' pairs.
 */
async function sideBySide(table, work) {
  const version = hugoVersion();
  const t = table.section('e2. publishing side by side with Hugo (same items, runs alternated)', [
    'measure',
    ...HUGO_SIZES.flatMap((n) => [`${fmtN(n)} portal`, `${fmtN(n)} Hugo`]),
  ]);
  if (!version) {
    t.note(`Hugo not found at ${HUGO_BIN} (apt-get install hugo, or HUGO=path): left out.`);
    return;
  }
  const data = [];
  const putAside = [];
  for (const n of HUGO_SIZES) {
    const content = path.join(work, `hugo-${fmtN(n)}-feed`);
    const hugoSite = path.join(work, `hugo-${fmtN(n)}-site`);
    const portalOut = path.join(work, `hugo-${fmtN(n)}-portal`);
    const hugoOut = path.join(work, `hugo-${fmtN(n)}-public`);
    log(`hugo ${fmtN(n)}: generating`);
    await generate({ items: n, out: content });
    writeHugoSite(content, hugoSite, 'https://bench.example/');
    const runs = { portal: [], hugo: [] };
    // The last run's output is moved aside, not deleted, and deleted at the section's end: ext4
    // makes new files slowly for about 30 s after many were deleted (its inode allocator skips
    // inodes deleted recently, reading their table blocks). A fresh 10k portal build right after
    // the last one's 26k files were deleted took 11.5 s, 8.3 s of it in the kernel; with the old
    // output moved aside, 7.1-7.4 s, 1.0 s in the kernel. Neither tool meets that on a real site.
    const fresh = (dir) => {
      if (fs.existsSync(dir)) {
        const aside = `${dir}-old-${putAside.length}`;
        fs.renameSync(dir, aside);
        putAside.push(aside);
      }
      spawnSync('sync', { stdio: 'ignore' });
    };
    const run = {
      portal: () => {
        fresh(portalOut);
        const r = timed(PORTAL_BIN, ['build', '--content', content, '--dist', DIST, '--site-url', 'https://bench.example/', '--out', portalOut]);
        return { ...r, ...weigh(path.join(portalOut, 'current/')) };
      },
      hugo: () => {
        fresh(hugoOut);
        const r = timed(HUGO_BIN, ['--source', hugoSite, '--destination', hugoOut, '--quiet']);
        // The portal's time includes putting its release on the disk (syncfs); Hugo's does not.
        const synced = timed('/usr/bin/sync', []);
        return { ...r, withSync: r.seconds + synced.seconds, ...weigh(hugoOut) };
      },
    };
    for (let i = 0; i < HUGO_RUNS; i += 1) {
      for (const who of i % 2 === 0 ? ['portal', 'hugo'] : ['hugo', 'portal']) {
        log(`hugo ${fmtN(n)}: run ${i + 1}/${HUGO_RUNS}, ${who}`);
        runs[who].push(run[who]());
      }
    }
    data.push({ n, runs });
    for (const dir of [content, hugoSite, portalOut, hugoOut]) fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const dir of putAside) fs.rmSync(dir, { recursive: true, force: true });
  const range = (xs, f) => {
    const v = xs.map(f).sort((a, b) => a - b);
    return v.length > 1 ? `${median(v).toFixed(1)} (${v[0].toFixed(1)}–${v[v.length - 1].toFixed(1)})` : v[0].toFixed(1);
  };
  const both = (f) => data.flatMap((d) => [f(d.runs.portal), f(d.runs.hugo)]);
  t.row('wall seconds, median (range)', ...both((rs) => range(rs, (r) => r.seconds)));
  t.row('Hugo, then sync: wall seconds', ...data.flatMap((d) => ['', range(d.runs.hugo, (r) => r.withSync)]));
  t.row('CPU seconds (user + system)', ...both((rs) => range(rs, (r) => r.cpu)));
  t.row('CPU / wall (cores kept busy)', ...both((rs) => median(rs.map((r) => r.cpu / r.seconds)).toFixed(2)));
  t.row('peak RSS, MB', ...both((rs) => median(rs.map((r) => r.peakBytes / 1048576)).toFixed(0)));
  t.row('files written', ...both((rs) => fmtInt(rs[0].files)));
  t.row('MB written', ...both((rs) => (rs[0].bytes / 1e6).toFixed(0)));
  t.row(
    'portal / Hugo, wall (median of pairs)',
    ...data.flatMap((d) => [median(d.runs.portal.map((p, i) => p.seconds / d.runs.hugo[i].seconds)).toFixed(2), '']),
  );
  t.row(
    'portal / (Hugo, then sync)',
    ...data.flatMap((d) => [median(d.runs.portal.map((p, i) => p.seconds / d.runs.hugo[i].withSync)).toFixed(2), '']),
  );
  t.note(`${version}; ${HUGO_RUNS} runs each, alternated. Hugo's templates: bench/lib/hugo.mjs.`);
  t.note('Not like for like: the portal syncs its release to the disk before switching (syncfs, which also waits for');
  t.note("other programs' writes to the same file system) and Hugo does not: the sync row adds a sync(1) after Hugo;");
  t.note('the portal writes the whole chrome, JSON-LD, a JSON file per article, every list as JSON and the search');
  t.note('index, but HTML for the first page of each list only; Hugo writes every page of every list as HTML.');
}
