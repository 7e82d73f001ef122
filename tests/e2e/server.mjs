// Serves the release build with the shipped production nginx configuration (deploy/nginx/*.conf),
// on loopback, for the end-to-end tests.
//
// Each shipped server block is copied as it is, except for the lines a test machine must change:
// `listen` (127.0.0.1:<free port>), `root` (a temporary copy of dist/ precompressed by
// deploy/precompress.sh), the include path of security-headers.conf, and for cors-content.conf the
// portal origin in its map. They go into a minimal main configuration in a temporary directory
// (pid, logs and temp paths there, `daemon off`), and nginx runs as a child process.
//
//   const server = await startNginx({ servers: [{ conf: 'portal.conf', root: await siteCopy('dist') }] });
//   server.urls[0]  // http://127.0.0.1:<port>
//   await server.stop();

import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DEPLOY = path.join(REPO, 'deploy');
const MODULES_DIR = '/usr/lib/nginx/modules';
const BROTLI_MODULES = ['ngx_http_brotli_filter_module.so', 'ngx_http_brotli_static_module.so'];
const SNIPPET_PATH = '/etc/nginx/snippets/portal-security-headers.conf';

/** Whether this nginx can load the brotli modules (else the brotli lines are left out). */
export const HAVE_BROTLI = BROTLI_MODULES.every((m) => fs.existsSync(path.join(MODULES_DIR, m)));

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function waitForPort(port, child, deadlineMs, describeFailure) {
  const deadline = Date.now() + deadlineMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        reject(new Error(`nginx exited (${child.exitCode ?? child.signalCode}) before listening on ${port}\n${describeFailure()}`));
        return;
      }
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nginx did not listen on ${port} within ${deadlineMs} ms\n${describeFailure()}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** Checks that a build exists; throws a message saying how to make it. */
export function requireBuild(distName) {
  const index = path.join(REPO, distName, 'index.html');
  if (!fs.existsSync(index)) {
    const how = distName === 'dist'
      ? 'trunk build --release'
      : `trunk build --release --public-url /portal/ --dist ${distName}`;
    throw new Error(`${distName}/index.html is missing: build it first (cd ${REPO} && ${how})`);
  }
}

function treeKey(dir) {
  const hash = createHash('sha256');
  const walk = (d) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = fs.statSync(p);
      if (st.isDirectory()) walk(p);
      else hash.update(`${path.relative(dir, p)}\0${st.size}\0${st.mtimeMs}\n`);
    }
  };
  walk(dir);
  hash.update(fs.readFileSync(path.join(DEPLOY, 'precompress.sh')));
  return hash.digest('hex').slice(0, 16);
}

/**
 * A precompressed copy of a build (dist/ or dist-portal/), made once per build and reused by
 * every test file: deploy/precompress.sh over a copy, in the system's temp directory. Read-only
 * for the caller: use siteCopy() to change files.
 */
export function precompressedBuild(distName = 'dist') {
  requireBuild(distName);
  const src = path.join(REPO, distName);
  const cacheRoot = path.join(os.tmpdir(), 'portal-e2e-builds');
  fs.mkdirSync(cacheRoot, { recursive: true, mode: 0o755 });
  fs.chmodSync(cacheRoot, 0o755);
  const target = path.join(cacheRoot, `${distName}-${treeKey(src)}`);
  if (fs.existsSync(path.join(target, '.complete'))) {
    const now = new Date();
    fs.utimesSync(target, now, now);
    return target;
  }
  // Copies of earlier builds, unused for an hour, go.
  for (const name of fs.readdirSync(cacheRoot)) {
    const old = path.join(cacheRoot, name);
    if (name.replace(/-[0-9a-f]{16}$/, '') === distName && Date.now() - fs.statSync(old).mtimeMs > 3_600_000) {
      fs.rmSync(old, { recursive: true, force: true });
    }
  }
  const work = fs.mkdtempSync(path.join(cacheRoot, `.${distName}-`));
  fs.cpSync(src, work, { recursive: true });
  execFileSync('bash', [path.join(DEPLOY, 'precompress.sh'), work], { stdio: ['ignore', 'ignore', 'inherit'] });
  fs.writeFileSync(path.join(work, '.complete'), '');
  fs.chmodSync(work, 0o755);
  try {
    fs.renameSync(work, target);
  } catch {
    // Another test process got there first.
    fs.rmSync(work, { recursive: true, force: true });
  }
  return target;
}

// `portal build --dist D` and `portal import --out D` lock D by a file beside it, `D.lock`,
// which outlives D by design (crates/portal/src/lock.rs): the ones beside this process's
// temporary directories go when it ends, wherever the directories themselves were removed.
const locksBeside = new Set();
process.on('exit', () => {
  for (const lock of locksBeside) fs.rmSync(lock, { force: true });
});

/** A fresh writable directory (mode 755: nginx's workers may run as another user). */
export function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  locksBeside.add(`${dir}.lock`);
  return dir;
}

/**
 * A writable copy of a precompressed build, placed at `<returned dir>/<under>`
 * (under: '' for dist/, 'portal' for the sub-path build served at /portal/).
 */
export function siteCopy(distName = 'dist', under = '') {
  const root = tempDir('portal-e2e-site-');
  const dest = under ? path.join(root, under) : root;
  fs.cpSync(precompressedBuild(distName), dest, { recursive: true });
  fs.rmSync(path.join(dest, '.complete'), { force: true });
  return root;
}

function rewriteServerConf(text, { site, port, root, snippet, portalOrigin, counterPort }) {
  let out = text;
  // An upstream's name is global to nginx: two copies of portal.conf in one test server (a
  // site and a broken one) would define it twice, so each copy's upstreams get its number.
  for (const [, name] of text.matchAll(/^upstream\s+(\w+)\s*\{/gm)) {
    out = out.replace(new RegExp(`\\b${name}\\b`, 'g'), `${name}_site${site}`);
  }
  const replaceOne = (re, replacement, what) => {
    if (!re.test(out)) throw new Error(`deploy config has no ${what} line to rewrite`);
    out = out.replace(re, replacement);
  };
  replaceOne(/^(\s*)listen\s+80;/m, `$1listen 127.0.0.1:${port};`, 'listen');
  replaceOne(/^(\s*)root\s+\S+;/m, `$1root ${root};`, 'root');
  out = out.split(SNIPPET_PATH).join(snippet);
  if (counterPort) replaceOne(/^(\s*)server\s+127\.0\.0\.1:8091;/m, `$1server 127.0.0.1:${counterPort};`, 'counter upstream');
  if (portalOrigin) {
    replaceOne(/^(\s*)"https:\/\/www\.example\.com"(\s+\$http_origin;)/m, `$1"${portalOrigin}"$2`, 'portal origin (map)');
  }
  if (!HAVE_BROTLI) out = out.replace(/^\s*brotli\w*\s[^;]*;.*$/gm, '');
  return out;
}

/**
 * Starts one nginx with the given shipped server blocks, each on its own free port.
 * servers: [{ conf: 'portal.conf' | 'portal-subpath.conf' | 'cors-content.conf', root,
 *             portalOrigin? (cors-content.conf), port?, counterPort? (portal-counter's) }]
 * extraOrigins: origins added to connect-src and img-src of the security headers' policy (a
 * content origin over plain http; see security-headers.conf).
 * Returns { urls, ports, dir, stop() }.
 */
export async function startNginx({ servers, extraOrigins = [] }) {
  const dir = tempDir('portal-e2e-nginx-');
  const ports = [];
  for (const s of servers) ports.push(s.port ?? (await freePort()));

  let snippet = fs.readFileSync(path.join(DEPLOY, 'nginx/security-headers.conf'), 'utf8');
  if (extraOrigins.length) {
    const extra = extraOrigins.join(' ');
    snippet = snippet
      .replace(/connect-src 'self' https:/, `connect-src 'self' https: ${extra}`)
      .replace(/img-src 'self' https:/, `img-src 'self' https: ${extra}`);
  }
  const snippetPath = path.join(dir, 'security-headers.conf');
  fs.writeFileSync(snippetPath, snippet);

  fs.mkdirSync(path.join(dir, 'sites'));
  servers.forEach((s, i) => {
    const text = fs.readFileSync(path.join(DEPLOY, 'nginx', s.conf), 'utf8');
    fs.writeFileSync(
      path.join(dir, 'sites', `${i}-${s.conf}`),
      rewriteServerConf(text, { site: i, port: ports[i], root: s.root, snippet: snippetPath, portalOrigin: s.portalOrigin, counterPort: s.counterPort }),
    );
  });

  const modules = HAVE_BROTLI ? BROTLI_MODULES.map((m) => `load_module ${path.join(MODULES_DIR, m)};`).join('\n') : '';
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    `${modules}
daemon off;
${asRoot ? 'user nobody nogroup;' : ''}
worker_processes 2;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log ${dir}/access.log;
    client_body_temp_path ${dir}/tmp-body;
    proxy_temp_path ${dir}/tmp-proxy;
    fastcgi_temp_path ${dir}/tmp-fastcgi;
    uwsgi_temp_path ${dir}/tmp-uwsgi;
    scgi_temp_path ${dir}/tmp-scgi;
    include ${dir}/sites/*.conf;
}
`,
  );

  const stderr = [];
  const child = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.on('data', (d) => stderr.push(String(d)));
  const spawnError = new Promise((_, reject) => child.once('error', (e) => reject(new Error(`cannot run nginx: ${e.message}`))));
  const killAtExit = () => { if (child.exitCode === null) child.kill('SIGKILL'); };
  process.on('exit', killAtExit);
  const describe = () => {
    let log = '';
    try { log = fs.readFileSync(path.join(dir, 'error.log'), 'utf8'); } catch { /* none */ }
    return `stderr: ${stderr.join('')}\nerror.log: ${log}\nconfig dir: ${dir}`;
  };
  await Promise.race([Promise.all(ports.map((p) => waitForPort(p, child, 15000, describe))), spawnError]);

  let stopped = false;
  return {
    urls: ports.map((p) => `http://127.0.0.1:${p}`),
    ports,
    dir,
    errorLog: () => { try { return fs.readFileSync(path.join(dir, 'error.log'), 'utf8'); } catch { return ''; } },
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', killAtExit);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The production portal: dist/ copy served by portal.conf. */
export async function startPortal() {
  const root = siteCopy('dist');
  const server = await startNginx({ servers: [{ conf: 'portal.conf', root }] });
  return {
    ...server,
    url: server.urls[0],
    root,
    async stop() {
      await server.stop();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The publisher the test script builds (`cargo build --release -p portal`), or $PORTAL_BIN. */
export const PORTAL_BIN = process.env.PORTAL_BIN || path.join(REPO, 'target/release/portal');

/** The counter the test script builds (`cargo build --release -p portal-counter`), or $PORTAL_COUNTER_BIN. */
export const COUNTER_BIN = process.env.PORTAL_COUNTER_BIN || path.join(REPO, 'target/release/portal-counter');

/**
 * Runs `portal build` over `dir` (a copy of a release build) for the site at `siteUrl`, from the
 * authored content in `content`; returns what it printed. Throws with its output when it fails.
 */
export function publish(dir, siteUrl, content = path.join(REPO, 'public/content'), extra = []) {
  if (!fs.existsSync(PORTAL_BIN)) {
    throw new Error(`${PORTAL_BIN} is missing: build it first (cargo build --release -p portal)`);
  }
  try {
    return execFileSync(PORTAL_BIN, ['build', '--content', content, '--dist', dir, '--site-url', siteUrl, ...extra], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    throw new Error(`portal build failed (${e.status}): ${e.stdout}${e.stderr}`);
  }
}

/**
 * Starts portal-counter on `port` over the published site at `site` (a folder whose `current`
 * or own feed names the articles), storing in the SQLite file `database`, believing
 * X-Forwarded-For from nginx on loopback; resolves once it answers. The caller kills it.
 */
export async function startCounter({ site, port, database }) {
  if (!fs.existsSync(COUNTER_BIN)) {
    throw new Error(`${COUNTER_BIN} is missing: cargo build --release -p portal-counter`);
  }
  const child = spawn(COUNTER_BIN, [
    '--site', site, '--database', database, '--listen', `127.0.0.1:${port}`, '--trusted-proxy', '127.0.0.1',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  const deadline = Date.now() + 15_000;
  for (;;) {
    const answer = await fetch(`http://127.0.0.1:${port}/api/top?window=all`).catch(() => null);
    if (answer?.ok) return child;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('portal-counter did not answer');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A copy of the bundled sample content (public/content) to publish, changed for a test: a
 * smaller `page_size`, extra items, the visit counter's path (`counter`, as a site file's
 * `counter = "api/"` writes it). Removed by the caller.
 */
export function sampleContentCopy({ pageSize, items = [], counter } = {}) {
  const dir = tempDir('portal-e2e-content-');
  fs.cpSync(path.join(REPO, 'public/content'), dir, { recursive: true });
  const feedPath = path.join(dir, 'feed.json');
  const feed = JSON.parse(fs.readFileSync(feedPath, 'utf8'));
  feed.items.push(...items);
  if (pageSize) feed._portal.page_size = pageSize;
  if (counter) feed._portal.counter = counter;
  fs.writeFileSync(feedPath, JSON.stringify(feed));
  return dir;
}

/**
 * A published portal: a copy of the release build (dist/, or dist-portal/ under /portal/ when
 * `sub`), a page written for every route by `portal build` from `content`, served by the shipped
 * config on a port chosen first, so the site URL the pages name is the one they are served at.
 */
export async function startPublishedPortal({ sub = false, content, counterPort } = {}) {
  const port = await freePort();
  const under = sub ? 'portal' : '';
  const root = siteCopy(sub ? 'dist-portal' : 'dist', under);
  const url = `http://127.0.0.1:${port}`;
  const siteUrl = `${url}/${sub ? 'portal/' : ''}`;
  const report = publish(path.join(root, under), siteUrl, content);
  const server = await startNginx({ servers: [{ conf: sub ? 'portal-subpath.conf' : 'portal.conf', root, port, counterPort }] });
  return {
    ...server,
    url,
    siteUrl,
    root,
    dist: path.join(root, under),
    report,
    async stop() {
      await server.stop();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

// `node tests/e2e/server.mjs [dist|dist-portal]`: serve by hand, until Ctrl-C.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const which = process.argv[2] || 'dist';
  const sub = which !== 'dist';
  const root = siteCopy(which, sub ? 'portal' : '');
  const server = await startNginx({ servers: [{ conf: sub ? 'portal-subpath.conf' : 'portal.conf', root }] });
  console.log(`serving ${which} at ${server.urls[0]}${sub ? '/portal/' : '/'} (config in ${server.dir}); Ctrl-C stops`);
  const stop = async () => { await server.stop(); fs.rmSync(root, { recursive: true, force: true }); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
