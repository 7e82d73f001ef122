// Response headers of the production config (deploy/nginx/portal.conf) over the precompressed
// release build: caching, types, compression, security headers, real 404s. Prints a table.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { REPO } from './helpers.mjs';
import { HAVE_BROTLI, startPortal } from './server.mjs';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const CSP_META = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/;

let server;
before(async () => { server = await startPortal(); });
after(async () => { await server?.stop(); });

/** GET with the given headers; resolves with status, headers and the body's size on the wire. */
function get(pathname, headers = {}) {
  return new Promise((resolve, reject) => {
    http.get(`${server.url}${pathname}`, { headers }, (res) => {
      let bytes = 0;
      res.on('data', (d) => { bytes += d.length; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, bytes }));
    }).on('error', reject);
  });
}

/** The hashed names of the build, as its index.html names them. */
function assets() {
  const html = fs.readFileSync(path.join(REPO, 'dist/index.html'), 'utf8');
  const meta = (name) => html.match(new RegExp(`<meta name="${name}" content="([^"]+)"`))[1];
  return {
    html,
    js: meta('portal-js'),
    wasm: meta('portal-wasm'),
    css: html.match(/<link rel="stylesheet" href="([^"]+)"/)[1],
    boot: html.match(/<script src="([^"]+)"[^>]*type="module"/)[1],
  };
}

describe('response headers (portal.conf)', () => {
  test('cache, type, encoding, security headers and 404s; headers table', async () => {
    const a = assets();
    const rows = [
      { what: 'index.html', path: '/', status: 200, type: /^text\/html; charset=utf-8$/, cache: 'no-cache' },
      { what: 'index.html (by name)', path: '/index.html', status: 200, type: /^text\/html/, cache: 'no-cache' },
      { what: 'deep link route', path: '/article/20210902-wenzhou-kechuang', status: 200, type: /^text\/html/, cache: 'no-cache' },
      { what: 'deep link, odd id', path: `/article/${encodeURI('sample-50~25-增长~20~2F~20测试')}`, status: 200, type: /^text\/html/, cache: 'no-cache' },
      { what: 'hashed .wasm', path: a.wasm, status: 200, type: /^application\/wasm$/, cache: IMMUTABLE },
      { what: 'hashed .js (glue)', path: a.js, status: 200, type: /^application\/javascript/, cache: IMMUTABLE },
      { what: 'hashed .js (boot)', path: a.boot, status: 200, type: /^application\/javascript/, cache: IMMUTABLE },
      { what: 'hashed .css', path: a.css, status: 200, type: /^text\/css/, cache: IMMUTABLE },
      { what: 'content/feed.json', path: '/content/feed.json', status: 200, type: /^application\/feed\+json; charset=utf-8$/, cache: 'no-cache' },
      { what: 'content/feed-2.json', path: '/content/feed-2.json', status: 200, type: /^application\/feed\+json/, cache: 'no-cache' },
      { what: 'content image .svg', path: '/content/images/tiles/hydrogen.svg', status: 200, type: /^image\/svg\+xml/, cache: 'no-cache' },
      { what: 'missing hashed asset', path: a.wasm.replace(/-[0-9a-f]{8,16}(?=_bg\.wasm$)/, '-0000000000000000'), status: 404, type: /^text\/html/, cache: undefined },
      { what: 'missing hashed .js', path: '/kechuang-portal-0123456789abcdef.js', status: 404, type: /^text\/html/, cache: undefined },
      // Trunk's hex hash has no leading zeros: 15 digits happen (about one build in sixteen).
      { what: 'missing 15-hex .js', path: '/kechuang-portal-123456789abcdef.js', status: 404, type: /^text\/html/, cache: undefined },
      { what: 'missing content file', path: '/content/nope.json', status: 404, type: /^text\/html/, cache: undefined },
    ];
    const table = [];
    const cspMeta = a.html.match(CSP_META)[1];
    // The one inline script (the reader's settings, before the first paint) is allowed by its
    // hash, in the meta and so in the header: an edit to it without a new hash would block it.
    const inline = [...a.html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    assert.equal(inline.length, 1, 'one inline script');
    const hash = `'sha256-${crypto.createHash('sha256').update(inline[0]).digest('base64')}'`;
    assert.ok(cspMeta.split(';').find((d) => d.trim().startsWith('script-src')).includes(hash), `${hash} in script-src`);
    assert.ok(!cspMeta.includes('unsafe-inline'));
    // The header is the shell's policy with inline styles allowed: a written page carries the
    // CSS of its first paint inline and narrows style-src to that block's hash in its own
    // <meta> (a browser enforces both; published.test.mjs and critical-css.test.mjs check the
    // pages). Scripts are never allowed inline by the header.
    const cspHeader = `${cspMeta.replace("style-src 'self';", "style-src 'self' 'unsafe-inline';")}; frame-ancestors 'none'`;
    assert.ok(cspHeader.includes("style-src 'self' 'unsafe-inline';"), 'the shell names style-src');
    assert.ok(!cspHeader.split(';').find((d) => d.trim().startsWith('script-src')).includes('unsafe-inline'));
    for (const row of rows) {
      const br = await get(row.path, { 'Accept-Encoding': 'br, gzip' });
      const gz = await get(row.path, { 'Accept-Encoding': 'gzip' });
      const plain = await get(row.path);
      const h = br.headers;
      const label = `${row.what} ${row.path}`;
      assert.equal(br.status, row.status, label);
      assert.equal(plain.status, row.status, label);
      assert.match(h['content-type'], row.type, label);
      assert.equal(h['cache-control'], row.cache, `${label}: Cache-Control`);
      // Security headers on every answer, 404s and the SPA fallback included.
      assert.equal(h['content-security-policy'], cspHeader, `${label}: CSP`);
      assert.equal(h['x-content-type-options'], 'nosniff', label);
      assert.equal(h['referrer-policy'], 'strict-origin-when-cross-origin', label);
      if (row.status === 200 && plain.bytes >= 256 && !/^image\/png/.test(h['content-type'])) {
        if (HAVE_BROTLI) assert.equal(h['content-encoding'], 'br', `${label}: brotli`);
        assert.equal(gz.headers['content-encoding'], 'gzip', `${label}: gzip`);
        assert.equal(plain.headers['content-encoding'], undefined, `${label}: identity`);
        assert.match(h.vary ?? '', /Accept-Encoding/, `${label}: Vary`);
      }
      if (row.status === 200 && row.cache === 'no-cache') {
        assert.ok(h.etag || h['last-modified'], `${label}: a validator for revalidation`);
      }
      table.push({
        what: row.what,
        path: row.path.length > 44 ? `${row.path.slice(0, 41)}...` : row.path,
        status: br.status,
        'content-type': h['content-type'],
        'cache-control': h['cache-control'] ?? '-',
        'enc (br req)': h['content-encoding'] ?? '-',
        'bytes br': br.bytes,
        'bytes gzip': gz.bytes,
        'bytes plain': plain.bytes,
        etag: h.etag ?? '-',
        'csp+nosniff+referrer': h['content-security-policy'] && h['x-content-type-options'] && h['referrer-policy'] ? 'yes' : 'NO',
      });
    }
    console.log(`\nresponse headers of ${server.url} (deploy/nginx/portal.conf, dist precompressed by deploy/precompress.sh; brotli modules: ${HAVE_BROTLI ? 'yes' : 'no'})`);
    console.table(table);
    console.log(`CSP header: ${rows.length && (await get('/')).headers['content-security-policy']}`);
  });

  test('precompressed files are served as they are (brotli_static / gzip_static)', async () => {
    const { wasm } = assets();
    const onDisk = (ext) => fs.statSync(path.join(server.root, `${wasm}${ext}`)).size;
    const br = await get(wasm, { 'Accept-Encoding': 'br' });
    const gz = await get(wasm, { 'Accept-Encoding': 'gzip' });
    if (HAVE_BROTLI) {
      assert.equal(br.bytes, onDisk('.br'), 'the .br beside the wasm, byte for byte');
      assert.equal(Number(br.headers['content-length']), onDisk('.br'));
    }
    assert.equal(gz.bytes, onDisk('.gz'));
    assert.equal(Number(gz.headers['content-length']), onDisk('.gz'), 'static: a Content-Length, not chunked');
    assert.equal(gz.headers.etag?.startsWith('W/'), false, 'a strong ETag: the file itself');
  });

  test('no-cache files revalidate: If-None-Match gives 304', async () => {
    for (const p of ['/', '/content/feed.json', '/article/x']) {
      const first = await get(p, { 'Accept-Encoding': 'br' });
      assert.ok(first.headers.etag, `${p} has an ETag`);
      const again = await get(p, { 'Accept-Encoding': 'br', 'If-None-Match': first.headers.etag });
      assert.equal(again.status, 304, p);
      assert.equal(again.headers['cache-control'], 'no-cache', `${p}: 304 keeps Cache-Control`);
    }
  });

  test('index.html is not served precompressed (it is edited at deploy time)', () => {
    assert.equal(fs.existsSync(path.join(server.root, 'index.html.br')), false);
    assert.equal(fs.existsSync(path.join(server.root, 'content/feed.json.br')), false);
    assert.equal(fs.existsSync(path.join(server.root, `${assets().wasm}.br`)), HAVE_BROTLI);
  });
});
