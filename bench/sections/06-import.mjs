// g. Importing: a CMS's RSS through portal import, check and build.

import fs from 'node:fs';
import path from 'node:path';

import { generateRss } from '../generate.mjs';
import { fmtInt, fmtN, log } from '../lib/format.mjs';
import { runPortal } from '../lib/portal.mjs';
import { DIST, envInt } from '../lib/settings.mjs';

export const title = 'f. importing an RSS 2.0 with portal import, then check and build (target/release/portal, 2 cores)';

const IMPORT_ITEMS = envInt('BENCH_IMPORT_ITEMS', 10_000);
const IMPORT_ARCHIVE_MB = envInt('BENCH_IMPORT_ARCHIVE_MB', 50);

export async function run({ table, work }) {
  const t = table.section(
    title,
    ['input', 'items', 'MB', 'import s', 'import peak RSS MB', 'check s', 'check peak RSS MB', 'build s', 'build peak RSS MB'],
  );
  const inputs = [
    { label: `${fmtN(IMPORT_ITEMS)}-item RSS`, items: IMPORT_ITEMS },
    { label: `${IMPORT_ARCHIVE_MB} MB archive export`, targetBytes: IMPORT_ARCHIVE_MB * 1e6 },
  ];
  for (const input of inputs) {
    const rss = path.join(work, 'import.xml');
    const out = path.join(work, 'imported');
    const dist = path.join(work, 'imported-dist');
    log(`import: generating the ${input.label}`);
    const made = await generateRss({ file: rss, ...input });
    log(`import: ${input.label}`);
    const imported = runPortal(['import', rss, '--out', out]);
    const checked = runPortal(['check', out]);
    fs.cpSync(DIST, dist, { recursive: true });
    const built = runPortal(['build', '--content', out, '--dist', dist, '--site-url', 'https://bench.example/']);
    const mb = (r) => (r.peakBytes / 1048576).toFixed(0);
    t.row(
      input.label,
      fmtInt(made.items),
      (made.bytes / 1e6).toFixed(1),
      imported.seconds.toFixed(2),
      mb(imported),
      checked.seconds.toFixed(2),
      mb(checked),
      built.seconds.toFixed(1),
      mb(built),
    );
    for (const f of [rss, out, dist]) fs.rmSync(f, { recursive: true, force: true });
  }
  t.note('the RSS is bench/generate.mjs --rss: WordPress-shaped (content:encoded, dc:creator, categories, +0800 dates),');
  t.note('the same generated items as sections d and e; import writes 100 items per feed file; build publishes into a copy of dist/.');
}
