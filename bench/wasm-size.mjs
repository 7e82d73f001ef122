// The wasm's size budget (issue 25): bench/wasm-size.txt records the brotli q11 bytes of the
// release wasm, and a build that differs from it by more than 1 KiB fails scripts/test.sh, so
// every change of size is an edit of that file, reviewed with the change that made it.
//
//   node bench/wasm-size.mjs [DIST]           check DIST (default dist) against the record
//   node bench/wasm-size.mjs --write [DIST]   record DIST's size (commit it with the change)
//
// Compressed as the benchmark and deploy/precompress.sh do (compressBest: brotli q11, gzip -9).

import fs from 'node:fs';
import path from 'node:path';

import { compressBest } from './server.mjs';

const RECORD = new URL('./wasm-size.txt', import.meta.url);
const TOLERANCE = 1024;

const args = process.argv.slice(2);
const write = args[0] === '--write';
const dist = (write ? args[1] : args[0]) || 'dist';

function fail(message) {
  console.error(`wasm-size: ${message}`);
  process.exit(1);
}

let names;
try {
  names = fs.readdirSync(dist).filter((name) => name.endsWith('_bg.wasm'));
} catch (e) {
  fail(`cannot read ${dist}: ${e.message} (build it first: trunk build --release)`);
}
if (names.length !== 1) fail(`expected one *_bg.wasm in ${dist}, found ${names.length}`);
const file = path.join(dist, names[0]);
const buf = fs.readFileSync(file);
const { gzip, br } = compressBest(buf);
const sizes = `raw ${buf.length} B, gzip -9 ${gzip.length} B, brotli q11 ${br.length} B`;

const text = fs.readFileSync(RECORD, 'utf8');
const lines = text.split('\n');
const at = lines.findIndex((line) => /^\d+$/.test(line.trim()));
if (at < 0) fail(`${RECORD.pathname} holds no line with the brotli bytes alone`);
const recorded = Number(lines[at].trim());

if (write) {
  lines[at] = String(br.length);
  fs.writeFileSync(RECORD, lines.join('\n'));
  console.log(`wasm-size: ${file}: ${sizes}; recorded (was ${recorded} B)`);
  process.exit(0);
}
const diff = br.length - recorded;
console.log(`wasm-size: ${file}: ${sizes}; recorded ${recorded} B (${diff >= 0 ? '+' : ''}${diff} B)`);
if (Math.abs(diff) > TOLERANCE) {
  fail(
    `the wasm's brotli size differs from bench/wasm-size.txt by ${diff} B (more than ${TOLERANCE} B): ` +
      'if the change is meant, record it with `node bench/wasm-size.mjs --write` and commit the file with it',
  );
}
