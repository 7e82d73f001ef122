// d. Lighthouse 12 on the home page and the seed article, published and client, mobile and desktop.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { CHROMIUM_FLAGS } from '../../tests/support/chromium.mjs';
import { clip, fmtMs, log } from '../lib/format.mjs';
import { CHROMIUM, REPO, SEED_ID } from '../lib/settings.mjs';

export const title = 'h. Lighthouse 12 (mobile: default simulated throttling; desktop: --preset=desktop)';
export const needsPublished = true;

function runLighthouse(url, preset, work) {
  const cli = path.join(REPO, 'node_modules/lighthouse/cli/index.js');
  if (!fs.existsSync(cli)) throw new Error(`lighthouse is not installed (${cli}): npm ci`);
  const out = path.join(work, `lh-${preset}-${Date.now()}.json`);
  const profile = fs.mkdtempSync(path.join(work, 'lh-profile-'));
  const args = [
    cli,
    url,
    '--output=json',
    `--output-path=${out}`,
    '--quiet',
    '--only-categories=performance,accessibility,best-practices,seo',
    `--chrome-flags=${[...CHROMIUM_FLAGS, `--user-data-dir=${profile}`].join(' ')}`,
    '--max-wait-for-load=60000',
  ];
  if (preset === 'desktop') args.push('--preset=desktop');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, CHROME_PATH: CHROMIUM },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const kill = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('exit', (code, signal) => {
      clearTimeout(kill);
      fs.rmSync(profile, { recursive: true, force: true });
      if (code !== 0 || !fs.existsSync(out)) {
        reject(new Error(`lighthouse ${preset} ${url} exited ${code ?? signal}: ${clip(stderr.trim().split('\n').slice(-3).join(' | '), 300)}`));
        return;
      }
      const lhr = JSON.parse(fs.readFileSync(out, 'utf8'));
      fs.rmSync(out, { force: true });
      resolve(lhr);
    });
  });
}

export async function run({ table, servers, work, problems }) {
  const t = table.section(
    title,
    ['page', 'form', 'perf', 'a11y', 'best-pr', 'seo', 'FCP ms', 'LCP ms', 'TBT ms', 'CLS', 'SI ms'],
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
  const pages = ['published', 'client'].flatMap((kind) => [
    [`home (${kind})`, `${servers[kind].url}/`],
    [`seed article (${kind})`, `${servers[kind].url}/article/${SEED_ID}`],
  ]);
  const lost = new Map();
  for (const preset of ['mobile', 'desktop']) {
    for (const [name, url] of pages) {
      log(`lighthouse ${preset} ${name}`);
      let lhr;
      try {
        lhr = await runLighthouse(url, preset, work);
      } catch (e) {
        t.row(name, preset, 'failed', '', '', '', '', '', '', '', '');
        problems.add(`lighthouse: ${e.message}`);
        continue;
      }
      const score = (id) => {
        const s = lhr.categories[id]?.score;
        return s === null || s === undefined ? '–' : String(Math.round(s * 100));
      };
      const num = (id) => lhr.audits[id]?.numericValue;
      t.row(
        name,
        preset,
        score('performance'),
        score('accessibility'),
        score('best-practices'),
        score('seo'),
        fmtMs(num('first-contentful-paint')),
        fmtMs(num('largest-contentful-paint')),
        fmtMs(num('total-blocking-time')),
        Number.isFinite(num('cumulative-layout-shift')) ? num('cumulative-layout-shift').toFixed(3) : '–',
        fmtMs(num('speed-index')),
      );
      if (lhr.runtimeError) problems.add(`lighthouse ${preset} ${name}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      for (const w of lhr.runWarnings || []) problems.add(`lighthouse ${preset} ${name}: warning: ${clip(w, 200)}`);
      // Audits that cost points outside performance: what to fix.
      for (const cat of ['accessibility', 'best-practices', 'seo']) {
        for (const ref of lhr.categories[cat]?.auditRefs || []) {
          const a = lhr.audits[ref.id];
          if (!a || ref.weight === 0 || a.score === null || a.score >= 1) continue;
          const key = `${cat}: ${ref.id}`;
          if (!lost.has(key)) lost.set(key, new Set());
          lost.get(key).add(`${preset} ${name}`);
        }
      }
    }
  }
  if (lost.size === 0) t.note('no weighted audit failed in accessibility, best-practices or seo.');
  for (const [key, where] of lost) t.note(`failed ${key} (${[...where].join(', ')})`);
}
