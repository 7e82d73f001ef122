// The command-line flags of every headless Chromium the project starts: the end-to-end tests
// (tests/e2e/helpers.mjs, through playwright-core) and the benchmark (bench/run.mjs, through
// playwright-core and Lighthouse's --chrome-flags). One list, so that tests and benchmark run
// the same browser the same way. playwright-core adds a fresh profile of its own; Lighthouse is
// given one with --user-data-dir by bench/run.mjs.

export const CHROMIUM_FLAGS = [
  // These machines run everything as root, and Chromium refuses to start its sandbox as root.
  '--no-sandbox',
  // No display here. playwright-core adds it by itself; Lighthouse's launcher does not.
  '--headless',
  // No GPU either: draw in software from the start instead of probing for one.
  '--disable-gpu',
  // No requests of Chromium's own (safe-browsing lists, variations, component updates, sync):
  // the internet is not reachable here, and the only traffic should be the page's, which the
  // benchmark counts byte by byte.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // No first-run work (welcome page, default-browser checks) in each fresh profile.
  '--no-first-run',
  // Plain HTTP over TCP, which is all the local servers (nginx, bench/server.mjs) speak: no
  // QUIC attempts.
  '--disable-quic',
  // Shared memory goes to /tmp instead of /dev/shm, which containers often keep small (64 MB
  // is Docker's default), too small for renderers of big pages (the 5 MB feed, 100k items).
  '--disable-dev-shm-usage',
];
