// The long tasks of a published page's load, and what is in each: a Chromium trace (CDP
// `Tracing`) under section b's mobile profile (4× CPU, 150 ms RTT, 1.6 Mbit/s), the service
// worker blocked, a cold context each run. For each main-thread task over 30 ms: when it started,
// how long it took, whether it came after the first contentful paint (TBT counts only those), and
// the trace events that filled it (Layout, UpdateLayoutTree, RunMicrotasks for the wasm, ...).
// Lighthouse's TBT simulates its own throttling, so these are for finding the tasks, not for
// reporting TBT (bench/README.md, "The takeover's long tasks, traced").
//
//   trunk build --release && cargo build --release -p portal
//   node bench/trace-tasks.mjs [route] [runs]        # default: / and 3 runs
//
// It publishes a copy of dist/ with the bundled sample into a temporary folder, serves it with
// bench/server.mjs and deletes it at the end. `TRACE_JS_FLAGS` passes V8 flags to Chromium (for
// example `--no-wasm-lazy-compilation`, to see what the wasm's lazy compilation costs).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { CHROMIUM_FLAGS } from '../tests/support/chromium.mjs';
import { MOBILE_CONTEXT, MOBILE_NETWORK } from './lib/browser.mjs';
import { publishSite } from './lib/portal.mjs';
import { CHROMIUM, DIST } from './lib/settings.mjs';
import { startServer } from './server.mjs';

const [route = '/', runs = '3'] = process.argv.slice(2);
const { chromium } = await import('playwright-core');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-tasks-'));
const site = path.join(work, 'site');
fs.cpSync(DIST, site, { recursive: true });
const server = await startServer({ root: site });
const base = `http://127.0.0.1:${server.port}`;
publishSite(site, `${base}/`);

const flags = process.env.TRACE_JS_FLAGS ? [`--js-flags=${process.env.TRACE_JS_FLAGS}`] : [];
const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_FLAGS, ...flags] });
try {
  for (let run = 0; run < Number(runs); run += 1) {
    const context = await browser.newContext({ ...MOBILE_CONTEXT, serviceWorkers: 'block' });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', MOBILE_NETWORK);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const events = [];
    cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', {
      categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,loading,blink.user_timing',
      transferMode: 'ReportEvents',
    });
    await page.goto(base + route, { waitUntil: 'load' });
    await page.waitForTimeout(6000);
    await cdp.send('Tracing.end');
    await complete;
    // A page the app never took over says nothing about the takeover: a panic, or no app.
    const takenOver = await page.evaluate(() => !document.getElementById('prerendered'));
    const mains = new Set(events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`));
    const onMain = events.filter((e) => mains.has(`${e.pid}:${e.tid}`) && e.ph === 'X');
    const fcp = events.find((e) => e.name === 'firstContentfulPaint');
    // The page's own navigation: the last to start before its first paint (not about:blank's).
    const starts = events.filter((e) => e.name === 'navigationStart' && (!fcp || e.ts <= fcp.ts));
    const start = starts.length ? Math.max(...starts.map((e) => e.ts)) : 0;
    const ms = (us) => (us / 1000).toFixed(0);
    console.log(`run ${run + 1}: taken over: ${takenOver}; FCP at ${fcp ? ms(fcp.ts - start) : '?'} ms`);
    for (const task of onMain.filter((e) => e.name === 'RunTask' && e.dur > 30_000)) {
      const inside = {};
      for (const e of onMain) {
        if (e !== task && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur && e.dur > 2000) {
          inside[e.name] = (inside[e.name] ?? 0) + e.dur;
        }
      }
      const top = Object.entries(inside).sort((a, b) => b[1] - a[1]).slice(0, 6).map(([name, us]) => `${name} ${ms(us)}`);
      const after = fcp && task.ts > fcp.ts ? ' after FCP' : '';
      console.log(`  at ${ms(task.ts - start)} ms: ${ms(task.dur)} ms${after}: ${top.join(', ')}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  fs.rmSync(work, { recursive: true, force: true });
}
