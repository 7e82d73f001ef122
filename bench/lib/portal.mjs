// The build under test and the `portal` program of this crate that publishes it.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { clip } from './format.mjs';
import { PORTAL_BIN, REPO, SEED_ID } from './settings.mjs';

/** The hashed files of a Trunk build in `dir`. */
export function findAssets(dir) {
  const names = fs.readdirSync(dir);
  const one = (re, what) => {
    const hits = names.filter((n) => re.test(n));
    if (hits.length !== 1) throw new Error(`expected one ${what} in ${dir}, found ${hits.length ? hits.join(', ') : 'none'}`);
    return hits[0];
  };
  return {
    wasm: one(/_bg\.wasm$/, 'wasm (*_bg.wasm)'),
    glue: one(/^kechuang-portal-[0-9a-f]+\.js$/, 'JS glue (kechuang-portal-*.js)'),
    boot: one(/^boot-[0-9a-f]+\.js$/, 'boot module (boot-*.js)'),
    css: one(/^main-[0-9a-f]+\.css$/, 'stylesheet (main-*.css)'),
  };
}

/**
 * Runs the publisher with `args` under GNU time; returns its output, wall, user and system
 * seconds and peak RSS. Throws with its output when it fails.
 */
export function runPortal(args) {
  if (!fs.existsSync(PORTAL_BIN)) {
    throw new Error(`${PORTAL_BIN} is missing: build it first (cargo build --release -p portal)`);
  }
  const timeFile = path.join(os.tmpdir(), `portal-time-${process.pid}-${Date.now()}`);
  const r = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%e %M %U %S', PORTAL_BIN, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  let seconds = NaN;
  let peakKb = NaN;
  let user = NaN;
  let system = NaN;
  try {
    [seconds, peakKb, user, system] = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    fs.rmSync(timeFile, { force: true });
  } catch {
    // GNU time missing: the numbers stay unknown.
  }
  if (r.error) throw new Error(`cannot run ${PORTAL_BIN}: ${r.error.message} (is GNU time at /usr/bin/time?)`);
  if (r.status !== 0) throw new Error(`portal ${args[0]} exited ${r.status}: ${clip(`${r.stdout}${r.stderr}`, 400)}`);
  return { stdout: r.stdout, seconds, user, system, peakBytes: peakKb * 1024 };
}

/** Publishes the bundled sample content into `dir` (a copy of dist/) for the site at `siteUrl`. */
export function publishSite(dir, siteUrl) {
  return runPortal(['build', '--content', path.join(REPO, 'public/content'), '--dist', dir, '--site-url', siteUrl]);
}

/**
 * The true floor: the published seed article as one HTML file with the whole stylesheet (`css`,
 * a file of `published`) inline at the end of its head, in place of its critical block if it
 * has one, and no script, preload, stylesheet link, icon or manifest: nothing but the page
 * itself (and its pictures) before the first paint. Its own policy <meta> goes too, since it
 * names the critical block's hash; the server's header allows inline styles.
 */
export function trueFloor(published, css) {
  const stylesheet = fs.readFileSync(path.join(published, css), 'utf8');
  const html = staticFloor(published)
    .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<link\b[^>]*\brel="(?:stylesheet|icon|manifest)"[^>]*>/g, '');
  // A function, so that no `$` of the stylesheet is read as a replacement pattern.
  return html.replace('</head>', () => `<style>${stylesheet}</style></head>`);
}

/** The published seed article with its scripts and what they preload removed: the static floor. */
export function staticFloor(published) {
  const html = fs.readFileSync(path.join(published, 'article', SEED_ID, 'index.html'), 'utf8');
  return html
    .replace(/<script\b(?![^>]*application\/ld\+json)[^>]*>[\s\S]*?<\/script>/g, '')
    .replace(/<link\b[^>]*\brel="(?:modulepreload|preload)"[^>]*>/g, '');
}
