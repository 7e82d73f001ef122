// The benchmark's own static server: node http on 127.0.0.1, serving a copy of the release build.
//
// It behaves like the shipped nginx configuration (deploy/nginx/portal.conf) where that matters
// for the numbers:
// - hashed assets (wasm, JS, CSS, SVG) are compressed once, at the best level (gzip -9, brotli
//   q11, like deploy/precompress.sh), when the server starts;
// - index.html, other pages and everything under /content/ are compressed on every request at
//   level 6 (nginx's gzip_comp_level / brotli_comp_level), since editors change them after the build;
// - Content-Encoding is chosen from Accept-Encoding (br, then gzip, then none), with Vary;
// - a route `portal build` wrote a page for gets `<path>.html` (`/`: index.html), but only without a query
//   string; every other path that is not a file (a route of the SPA, any route with a query
//   string) gets the shell: shell.html, or index.html in a build that was never published; under
//   /content/ and for a hashed asset's name, a missing file is a 404;
// - the security headers of deploy/nginx/security-headers.conf go on every response.
//
// `/content/` can be pointed at another directory while the server runs (setContentDir), so one
// server serves the bundled content and then each generated feed.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.svg', '.txt', '.xml', '.webmanifest', '.bin']);
/** Smaller files are sent as they are (nginx's gzip_min_length). */
const MIN_COMPRESS = 256;
// Trunk writes the hash without leading zeros: usually 16 hex digits, sometimes fewer (as
// deploy/nginx/portal.conf says). With {16} a 15-digit build was compressed per request at
// level 6 instead of once at the best level: 161 KB of brotli for the wasm instead of 145 KB.
const HASHED = /-[0-9a-f]{8,16}(?:_bg)?\.(?:js|wasm|css|svg)$|\/content\/search\/[^/]+\.[0-9a-f]{8}\.(?:bin|json)$/;

// The policy nginx sends, read from its configuration so the two cannot drift apart (the inline
// script's hash in script-src changes whenever that script does).
const NGINX_HEADERS = fs.readFileSync(new URL('../deploy/nginx/security-headers.conf', import.meta.url), 'utf8');
const SECURITY_HEADERS = {
  'Content-Security-Policy': NGINX_HEADERS.match(/add_header Content-Security-Policy "([^"]+)"/)[1],
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

/** gzip -9 and brotli q11 of a buffer (what precompress.sh ships). */
export function compressBest(buf) {
  return {
    gzip: zlib.gzipSync(buf, { level: 9 }),
    br: zlib.brotliCompressSync(buf, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      },
    }),
  };
}

/** Level-6 compression done per request, as nginx does for index.html and content. */
function compressOnTheFly(buf, encoding) {
  if (encoding === 'br') {
    return zlib.brotliCompressSync(buf, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 6,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      },
    });
  }
  return zlib.gzipSync(buf, { level: 6 });
}

/** The encoding to send: br, then gzip, when the request accepts it (q=0 refuses). */
export function pickEncoding(acceptEncoding = '') {
  const accepted = new Map();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) : 1);
  }
  const ok = (name) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
}

function walk(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/**
 * Starts the server on 127.0.0.1 (a free port) for `root`. Returns
 * { url, port, setContentDir(dir|null), stats(), resetStats(), close() }.
 * `stats()` counts responses by encoding, to tell which one the browser was given.
 */
export async function startServer({ root, contentDir = null }) {
  root = path.resolve(root);
  let content = contentDir && path.resolve(contentDir);
  // Hashed assets, compressed once at the best level.
  const precompressed = new Map();
  for (const file of walk(root)) {
    const rel = path.relative(root, file);
    if (rel.startsWith(`content${path.sep}`)) continue;
    const ext = path.extname(file).toLowerCase();
    if (!COMPRESSIBLE.has(ext) || !HASHED.test(file)) continue;
    const buf = fs.readFileSync(file);
    if (buf.length < MIN_COMPRESS) continue;
    precompressed.set(file, { mtimeMs: fs.statSync(file).mtimeMs, ...compressBest(buf) });
  }
  let counts = {};

  const KEYED_ROUTE = /^\/(?:article|channel|tag|page)\//;
  // A file of the folder, never outside it.
  const fileAt = (base, rel) => {
    const full = path.resolve(base, `.${rel}`);
    if (full !== base && !full.startsWith(base + path.sep)) return null; // outside the root
    try {
      const st = fs.statSync(full);
      return st.isFile() ? { full, st } : null;
    } catch {
      return null; // not there
    }
  };
  // As nginx's map: a route's written page first (`/` → index.html, `/article/x` and
  // `/article/x/` → article/x.html), then the file the path names.
  const resolveFile = (pathname, { page = true } = {}) => {
    let base = root;
    let rel = pathname;
    if (content && (pathname === '/content' || pathname.startsWith('/content/'))) {
      base = content;
      rel = pathname.slice('/content'.length);
    }
    if (page) {
      const route = rel.replace(/\/+$/, '');
      const written = fileAt(base, route === '' ? '/index.html' : `${route}.html`);
      if (written) return written;
    }
    // A keyed route gets only its page (deploy/nginx/portal.conf): /article/a.html is the
    // article whose id is "a.html", not article a's page file.
    if (base === root && KEYED_ROUTE.test(rel)) return null;
    return fileAt(base, rel);
  };
  const shell = () => resolveFile('/shell.html') || resolveFile('/index.html');

  const server = http.createServer((req, res) => {
    let pathname;
    let query;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      query = req.url.includes('?');
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    // As nginx's `try_files $portal_page $uri /shell.html /index.html` (deploy/nginx/portal.conf):
    // without a query, a file or a route's written page; with one, only a file; anything else
    // gets the shell, but under /content/ and a hashed asset's name, which are real 404s.
    let found = resolveFile(pathname, { page: !query });
    if (!found && !pathname.startsWith('/content/') && !HASHED.test(pathname)) found = shell();
    if (!found) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end('not found');
      return;
    }
    const { full, st } = found;
    const ext = path.extname(full).toLowerCase();
    const headers = {
      'Content-Type': TYPES[ext] || 'application/octet-stream',
      'Cache-Control': HASHED.test(full) ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...SECURITY_HEADERS,
    };
    let body = null;
    let encoding = null;
    if (COMPRESSIBLE.has(ext)) {
      headers.Vary = 'Accept-Encoding';
      encoding = st.size >= MIN_COMPRESS ? pickEncoding(req.headers['accept-encoding']) : null;
    }
    const pre = precompressed.get(full);
    if (encoding && pre && pre.mtimeMs === st.mtimeMs) {
      body = pre[encoding];
    } else {
      body = fs.readFileSync(full);
      if (encoding) body = compressOnTheFly(body, encoding);
    }
    if (encoding) headers['Content-Encoding'] = encoding;
    headers['Content-Length'] = body.length;
    const key = encoding || 'identity';
    counts[key] = (counts[key] || 0) + 1;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  server.keepAliveTimeout = 5000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setContentDir(dir) {
      content = dir && path.resolve(dir);
    },
    stats: () => ({ ...counts }),
    resetStats() {
      counts = {};
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
