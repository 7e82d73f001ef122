// i. The visit counter (crates/portal-counter), on loopback: hits a second and their latency
// with SQLite and with PostgreSQL, against nginx serving an empty file on the same machine (the
// ceiling), /api/top with 1,000,000 stored day-rows, and the service's peak RSS. wrk (Debian's)
// drives it, each run BENCH_COUNTER_SECONDS long; every hit comes from another address (wrk's
// Lua script varies X-Forwarded-For), or dedupe and the rate limit would be measured instead.

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { log } from '../lib/format.mjs';
import { REPO } from '../lib/settings.mjs';

export const title = 'i. the visit counter: portal-counter on loopback, wrk -t2 -c32 (2 cores shared)';

const SECONDS = Number(process.env.BENCH_COUNTER_SECONDS || 8);
const COUNTER = process.env.PORTAL_COUNTER_BIN || path.join(REPO, 'target/release/portal-counter');
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
const ARTICLES = 10_000;
const DAYS = 100;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(url) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ok = await fetch(url).then((r) => r.status < 500, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A published site of `ARTICLES` articles: the one packed feed file the counter reads. */
function site(dir) {
  const items = [];
  for (let i = 0; i < ARTICLES; i++) {
    items.push({ id: `a${i}`, title: `文章 ${i}`, content_text: '正文', _portal: { channel: `c${i % 8}`, views: i % 100 } });
  }
  fs.mkdirSync(path.join(dir, 'content'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'content/feed.json'), JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1', title: 'bench', _portal: { timezone: 'Asia/Shanghai' }, items,
  }));
}

/** Starts portal-counter; { url, peakRss(), stop() }. */
async function counter(siteDir, database) {
  const port = await freePort();
  const child = spawn(COUNTER, ['--site', siteDir, '--database', database, '--listen', `127.0.0.1:${port}`,
    '--trusted-proxy', '127.0.0.1', '--rate-limit', '1000000000'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/api/views?ids=a1`);
  const peakRss = () => {
    const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Number(status.match(/VmHWM:\s+(\d+) kB/)[1]) / 1024;
  };
  return {
    url,
    peakRss,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs wrk; { rps, p50, p99 } (ms), or throws with its output. */
function wrk(url, script, work) {
  const args = ['-t2', '-c32', `-d${SECONDS}s`, '--latency'];
  if (script) {
    const file = path.join(work, `wrk-${Math.random().toString(36).slice(2)}.lua`);
    fs.writeFileSync(file, script);
    args.push('-s', file);
  }
  const out = execFileSync('wrk', [...args, url], { encoding: 'utf8' });
  const ms = (label) => {
    const m = out.match(new RegExp(`${label}%\\s+([\\d.]+)(us|ms|s)`));
    if (!m) throw new Error(`wrk printed no ${label}% latency:\n${out}`);
    return Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]];
  };
  const rps = Number(out.match(/Requests\/sec:\s+([\d.]+)/)[1]);
  const total = Number(out.match(/(\d+) requests in/)[1]);
  const errors = out.match(/Non-2xx or 3xx responses: (\d+)/);
  return { rps, total, p50: ms(' 50'), p99: ms(' 99'), non2xx: errors ? Number(errors[1]) : 0 };
}

/** wrk's Lua: POST a hit, each from another address (each thread its own random sequence). */
const HITS = `
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end
init = function()
  math.randomseed(id * 104729)
end
local n = 0
request = function()
  n = n + 1
  local id = "a" .. (n % ${ARTICLES})
  local headers = { ["User-Agent"] = "${UA}", ["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254)), ["Content-Type"] = "text/plain" }
  return wrk.format("POST", "/api/hit", headers, id)
end
`;

/** nginx serving one empty file, as the ceiling. */
async function emptyFileNginx(work) {
  // Outside the benchmark's private folder (0700), which nginx's workers could not read.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-nginx-'));
  fs.mkdirSync(path.join(dir, 'root'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'root/empty'), '');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  fs.writeFileSync(path.join(dir, 'nginx.conf'), `daemon off; ${asRoot ? 'user nobody nogroup;' : ''}
worker_processes 2; pid ${dir}/nginx.pid; error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http { access_log off; client_body_temp_path ${dir}/tmp; proxy_temp_path ${dir}/tmp;
  fastcgi_temp_path ${dir}/tmp; uwsgi_temp_path ${dir}/tmp; scgi_temp_path ${dir}/tmp;
  server { listen 127.0.0.1:${port}; root ${dir}/root; } }
`);
  fs.chmodSync(dir, 0o755);
  const child = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/empty`;
  await waitFor(url);
  return {
    url,
    stop: () => {
      child.kill('SIGTERM');
      setTimeout(() => fs.rmSync(dir, { recursive: true, force: true }), 1000);
    },
  };
}

function row(t, name, r, extra = '') {
  t.row(name, Math.round(r.rps).toLocaleString('en'), r.p50.toFixed(2), r.p99.toFixed(2), extra || (r.non2xx ? `${r.non2xx} non-2xx` : ''));
}

export async function run({ table, work }) {
  if (!fs.existsSync(COUNTER)) throw new Error(`${COUNTER} is missing: cargo build --release -p portal-counter`);
  if (spawnSync('wrk', ['--version']).error) throw new Error('wrk is not installed (apt-get install wrk)');
  const t = table.section(title, ['measure', 'req/s', 'p50 ms', 'p99 ms', 'note']);
  const siteDir = path.join(work, 'counter-site');
  site(siteDir);

  const nginx = await emptyFileNginx(work);
  let ceiling;
  try {
    log('counter: nginx empty file');
    ceiling = wrk(nginx.url, null, work);
    row(t, 'nginx, an empty file (the ceiling)', ceiling);
  } finally {
    nginx.stop();
  }

  log('counter: hits, SQLite');
  const sqlite = path.join(work, 'counter.sqlite');
  let c = await counter(siteDir, sqlite);
  let peak = 0;
  try {
    const r = wrk(`${c.url}/api/hit`, HITS, work);
    peak = Math.max(peak, c.peakRss());
    await c.stop();
    const stored = Number(execFileSync('sqlite3', [sqlite, 'SELECT SUM(count) FROM counts'], { encoding: 'utf8' }));
    row(t, 'POST /api/hit, SQLite', r, `${(r.rps / ceiling.rps).toFixed(2)}× nginx, ${stored} stored of ${r.total}`);
  } finally {
    await c.stop();
  }

  const url = spawnSync(path.join(REPO, 'scripts/postgres.sh'), { encoding: 'utf8' });
  if (url.status === 0) {
    const pg = url.stdout.trim();
    execFileSync('psql', [pg, '-qc', 'DROP TABLE IF EXISTS counts, seen, portal_counter_schema'], { stdio: 'ignore' });
    log('counter: hits, PostgreSQL');
    c = await counter(siteDir, pg);
    try {
      const r = wrk(`${c.url}/api/hit`, HITS, work);
      peak = Math.max(peak, c.peakRss());
      await c.stop();
      const stored = Number(execFileSync('psql', [pg, '-qAtc', 'SELECT SUM(count) FROM counts'], { encoding: 'utf8' }));
      row(t, 'POST /api/hit, PostgreSQL', r, `${(r.rps / ceiling.rps).toFixed(2)}× nginx, ${stored} stored of ${r.total}`);
    } finally {
      await c.stop();
    }
  } else {
    t.note(`PostgreSQL not measured: scripts/postgres.sh failed (${url.stderr.trim()})`);
  }

  // 1,000,000 day-rows: every article on each of the last DAYS days, written straight into the
  // file the counter then opens (its schema made by a first start).
  log('counter: 1,000,000 day-rows');
  const big = path.join(work, 'counter-big.sqlite');
  c = await counter(siteDir, big);
  await c.stop();
  const today = Math.floor((Date.now() / 1000 + 8 * 3600) / 86400);
  execFileSync('sqlite3', [big, `WITH RECURSIVE a(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM a WHERE i < ${ARTICLES - 1}),
    d(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM d WHERE j < ${DAYS - 1})
    INSERT INTO counts (article, day, count) SELECT 'a' || i, ${today} - j, (i * 7 + j) % 50 + 1 FROM a, d;`]);
  const started = Date.now();
  c = await counter(siteDir, big);
  const startup = Date.now() - started;
  try {
    const r = wrk(`${c.url}/api/top?window=week&n=10`, null, work);
    row(t, 'GET /api/top?window=week, 1,000,000 day-rows', r, `start ${(startup / 1000).toFixed(1)} s`);
    const v = wrk(`${c.url}/api/views?ids=a1,a2,a3`, null, work);
    row(t, 'GET /api/views (3 ids), same', v);
    peak = Math.max(peak, c.peakRss());
  } finally {
    await c.stop();
  }
  t.note(`peak RSS of portal-counter over these runs: ${peak.toFixed(1)} MB`);
  t.note(`${ARTICLES.toLocaleString('en')} published articles; /api/top answers from the ranking made every 10 s; each run ${SECONDS} s`);
}
