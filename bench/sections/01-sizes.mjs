// a. Sizes: raw, gzip -9 and brotli q11 bytes of what the build ships and of the published pages.

import fs from 'node:fs';
import path from 'node:path';

import { fmtInt } from '../lib/format.mjs';
import { SEED_ID } from '../lib/settings.mjs';
import { compressBest } from '../server.mjs';

export const title = 'a. shipped bytes (gzip -9, brotli q11)';

export async function run({ table, site, published, assets }) {
  const t = table.section(
    title,
    ['asset', 'file', 'raw B', 'gzip B', 'brotli B', 'br/raw'],
    ['l', 'l', 'r', 'r', 'r', 'r'],
  );
  const rows = [
    ['wasm', assets.wasm],
    ['JS glue', assets.glue],
    ['boot JS', assets.boot],
    ['CSS', assets.css],
    ['index.html (shell)', 'index.html'],
    ['content feed', 'content/feed.json'],
  ];
  const totals = { raw: 0, gzip: 0, br: 0 };
  const appTotals = { raw: 0, gzip: 0, br: 0 };
  for (const [label, file] of rows) {
    const buf = fs.readFileSync(path.join(site, file));
    const c = compressBest(buf);
    t.row(label, file, fmtInt(buf.length), fmtInt(c.gzip.length), fmtInt(c.br.length), `${((100 * c.br.length) / buf.length).toFixed(1)}%`);
    totals.raw += buf.length;
    totals.gzip += c.gzip.length;
    totals.br += c.br.length;
    if (label !== 'content feed') {
      appTotals.raw += buf.length;
      appTotals.gzip += c.gzip.length;
      appTotals.br += c.br.length;
    }
  }
  t.rule();
  t.row('app total', '(all but the feed)', fmtInt(appTotals.raw), fmtInt(appTotals.gzip), fmtInt(appTotals.br), `${((100 * appTotals.br) / appTotals.raw).toFixed(1)}%`);
  t.row('total', '', fmtInt(totals.raw), fmtInt(totals.gzip), fmtInt(totals.br), `${((100 * totals.br) / totals.raw).toFixed(1)}%`);
  t.rule();
  const seedPage = path.join('article', SEED_ID, 'index.html');
  for (const [label, file] of [['published article', seedPage], ['static floor', 'static-article.html'], ['true floor', 'floor-article.html'], ['published home', 'index.html']]) {
    const full = path.join(published, file);
    if (!fs.existsSync(full)) continue;
    const buf = fs.readFileSync(full);
    const c = compressBest(buf);
    t.row(label, file, fmtInt(buf.length), fmtInt(c.gzip.length), fmtInt(c.br.length), `${((100 * c.br.length) / buf.length).toFixed(1)}%`);
  }
  t.note('served by the bench server like deploy/nginx: hashed assets precompressed at these levels;');
  t.note('index.html and content/ compressed per request at level 6 (so the wire bytes below differ a little).');
}
