#!/usr/bin/env node
// The portal's benchmark: sizes of what it ships, a cold mobile load of the seed article rendered
// by the app alone, published by `portal build` and taken over by the app, and as the published
// page without its scripts (the static floor); how it behaves with 1k/10k/100k generated items,
// what publishing them costs, and Lighthouse scores. Prints one plain-text table; asserts nothing
// about timings. Exits non-zero only when something could not run (and says what). See
// bench/README.md.
//
//   trunk build --release && cargo build --release -p portal && npm run bench
//
// One section a file, bench/sections/NN-name.mjs: NN is the order they run in, name what
// BENCH_SECTIONS selects. Their letters in the table, in bench/README.md and where docs and
// sources cite them follow the same order (a sizes, b load, c repeat, d scale, e publish,
// f import, g search, h lighthouse, i counter, j sync). Each exports `title` (its table's
// heading) and `async run(ctx)`, and may declare `usesBrowser` (ctx.browser() gives the shared
// Chromium), `needsPublished` (it cannot run without the published copy) and
// `closesBrowserBefore`.
// Shared helpers are in bench/lib/.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { chromiumLauncher } from './lib/browser.mjs';
import { clip, log } from './lib/format.mjs';
import { findAssets, publishSite, staticFloor, trueFloor } from './lib/portal.mjs';
import { Problems, Table } from './lib/report.mjs';
import { CHROMIUM, DIST, REPO, ROUTE_CLICKS, RUNS, SCALE_RUNS, badSetting } from './lib/settings.mjs';
import { startServer } from './server.mjs';

const SECTIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sections');
const FILES = fs.readdirSync(SECTIONS_DIR).filter((f) => /^\d\d-[a-z]+\.mjs$/.test(f)).sort();
const ALL_SECTIONS = FILES.map((f) => f.slice(3, -4));
let SECTIONS = (process.env.BENCH_SECTIONS || ALL_SECTIONS.join(','))
  .split(',')
  .map((s) => s.trim().toLowerCase())
  .filter(Boolean);
for (const s of SECTIONS) {
  if (!ALL_SECTIONS.includes(s)) badSetting(`unknown section ${s} in BENCH_SECTIONS (known: ${ALL_SECTIONS.join(', ')})`);
}
if (process.env.BENCH_SKIP_LIGHTHOUSE === '1') SECTIONS = SECTIONS.filter((s) => s !== 'lighthouse');
// Every section is loaded, run or not: its own settings (BENCH_IMPORT_*, BENCH_SEARCH_*) are
// checked as it loads, after the selection, as they were in one file.
const ALL = [];
for (const f of FILES) ALL.push({ name: f.slice(3, -4), ...(await import(pathToFileURL(path.join(SECTIONS_DIR, f)))) });

async function main() {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    console.error(
      `bench: ${path.relative(process.cwd(), DIST) || DIST}/index.html is missing: build the portal first\n` +
        `  cd ${REPO} && trunk build --release`,
    );
    process.exit(1);
  }
  const started = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kechuang-bench-'));
  // The build as Trunk made it (the app alone), and a copy published by `portal build`.
  const site = path.join(work, 'site');
  fs.cpSync(DIST, site, { recursive: true });
  const published = path.join(work, 'published');
  fs.cpSync(DIST, published, { recursive: true });
  const assets = findAssets(site);
  const table = new Table();
  const problems = new Problems();
  const failures = [];
  const durations = [];
  const server = await startServer({ root: site });
  const publishedServer = await startServer({ root: published });
  const servers = { client: server, published: publishedServer };
  log(`serving ${path.relative(REPO, DIST)} (copy in ${site}) at ${server.url}, published (${published}) at ${publishedServer.url}; sections: ${SECTIONS.join(', ')}`);
  let publishError = null;
  try {
    publishSite(published, `${publishedServer.url}/`);
    fs.writeFileSync(path.join(published, 'static-article.html'), staticFloor(published));
    fs.writeFileSync(path.join(published, 'floor-article.html'), trueFloor(published, assets.css));
  } catch (e) {
    publishError = `the published copy could not be made: ${e.message}`;
  }
  const browser = ALL.some((s) => s.usesBrowser && SECTIONS.includes(s.name)) ? await chromiumLauncher() : null;
  const stopping = () => {
    fs.rmSync(work, { recursive: true, force: true });
  };
  process.on('SIGINT', () => {
    stopping();
    process.exit(130);
  });

  const ctx = { table, problems, work, site, published, assets, servers, browser: () => browser.get() };
  try {
    for (const section of ALL) {
      if (section.closesBrowserBefore) await browser?.close();
      if (!SECTIONS.includes(section.name)) continue;
      const { name } = section;
      const t0 = Date.now();
      const load0 = os.loadavg()[0];
      const loads = () => `${load0.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}`;
      log(`section ${name}`);
      try {
        if (section.needsPublished && publishError) throw new Error(publishError);
        await section.run(ctx);
        durations.push([name, (Date.now() - t0) / 1000, loads(), 'ok']);
      } catch (e) {
        failures.push(`${name}: ${e.message}`);
        durations.push([name, (Date.now() - t0) / 1000, loads(), `FAILED: ${clip(e.message, 120)}`]);
        log(`section ${name} failed: ${e.stack || e.message}`);
        browser?.forgetIfGone();
      }
    }
  } finally {
    await browser?.close();
    await server.close();
    await publishedServer.close();
    stopping();
  }

  const p = table.section('problems seen (console errors and warnings, pages that never showed, failed requests)', ['problems'], ['l']);
  const lines = problems.lines();
  p.row(lines.length === 0 ? 'none' : String(lines.length));
  lines.forEach((l, i) => p.note(`${i + 1}. ${clip(l, 300)}`));
  const d = table.section('time taken', ['section', 'seconds', 'load avg', 'status'], ['l', 'r', 'r', 'l']);
  for (const [name, s, load, status] of durations) d.row(name, s.toFixed(1), load, status);
  d.row('total', ((Date.now() - started) / 1000).toFixed(1), '', '');
  d.note(`load avg: the machine's 1-minute load average at the section's start → end (the benchmark's own browser`);
  d.note(`and generator count: up to ~4 is its own on ${os.cpus().length} cores; much more means other work competed).`);
  d.note(`chromium: ${CHROMIUM}; ${os.cpus().length} cores; node ${process.version}; runs: BENCH_RUNS=${RUNS}, BENCH_SCALE_RUNS=${SCALE_RUNS}, BENCH_ROUTE_CLICKS=${ROUTE_CLICKS}`);
  process.stdout.write(`${table.render()}\n`);
  if (failures.length) {
    console.error(`\nbench: ${failures.length} section(s) could not run:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(`bench: ${e.stack || e.message}`);
  process.exit(1);
});
