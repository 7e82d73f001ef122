// The benchmark's settings, read once from the environment (bench/README.md lists them). A bad
// value stops the run before anything starts (exit 2). Settings of one section only are read in
// its module.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '../..');
export const DIST = path.resolve(REPO, process.env.BENCH_DIST || 'dist');
export const CHROMIUM = process.env.CHROMIUM || process.env.CHROME_PATH || '/usr/bin/chromium';
export const SEED_ID = process.env.BENCH_SEED_ARTICLE || '20210902-wenzhou-kechuang';
export const PORTAL_BIN = path.resolve(REPO, process.env.PORTAL_BIN || 'target/release/portal');

export const badSetting = (message) => {
  console.error(`bench: ${message}`);
  process.exit(2);
};
export const envInt = (name, dflt) => {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) badSetting(`${name} must be a positive integer, not ${JSON.stringify(v)}`);
  return n;
};
export const RUNS = envInt('BENCH_RUNS', 5);
export const SCALE_RUNS = envInt('BENCH_SCALE_RUNS', 5);
export const ROUTE_CLICKS = envInt('BENCH_ROUTE_CLICKS', 10);
export const SCALE_SIZES = (process.env.BENCH_SCALE_SIZES || '1000,10000,100000')
  .split(',')
  .map((s) => s.trim().replace(/_/g, ''))
  .filter(Boolean)
  .map((s) => {
    const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s);
    if (!m) badSetting(`BENCH_SCALE_SIZES: bad size ${JSON.stringify(s)} (use e.g. 1000,10k,100k)`);
    return Math.round(Number(m[1]) * ({ '': 1, k: 1e3, m: 1e6 }[m[2].toLowerCase()]));
  });
export const MOBILE_TIMEOUT = envInt('BENCH_MOBILE_TIMEOUT_MS', 60_000);
export const DESKTOP_TIMEOUT = envInt('BENCH_DESKTOP_TIMEOUT_MS', 30_000);
export const VERBOSE = process.env.BENCH_VERBOSE === '1';
/** Feed sizes from the variable `name` (or `dflt`): comma-separated, `10k` and `1m` allowed. */
export const sizesOf = (name, dflt) =>
  (process.env[name] || dflt)
    .split(',')
    .map((s) => s.trim().replace(/_/g, ''))
    .filter(Boolean)
    .map((s) => {
      const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s);
      if (!m) badSetting(`${name}: bad size ${JSON.stringify(s)} (use e.g. 1000,10k,100k)`);
      return Math.round(Number(m[1]) * ({ '': 1, k: 1e3, m: 1e6 }[m[2].toLowerCase()]));
    });
