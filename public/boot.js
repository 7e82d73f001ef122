// Starts the portal: imports the wasm-bindgen glue and instantiates the wasm whose hashed names
// Trunk wrote into meta tags (see Trunk.toml, pattern_script). An external module instead of
// Trunk's inline loader keeps the page working under a policy without 'unsafe-inline'.
//
// Then the service worker of a release build (public/sw.js; <meta name="portal-sw"> names it),
// registered once the page has loaded and the browser is idle, so a first visit loads as it
// would without it. What the page shows of it is in the app's markup (the header's notices,
// portal_core::write::chrome), shown by classes on <html>: `offline` while the network is gone or
// the worker answered from its cache, `update-ready` when a new build's worker waits; its
// 点击刷新 button hands over to that worker and reloads.
const named = (name) => document.querySelector(`meta[name="${name}"]`)?.getAttribute('content');

const root = document.documentElement;
const showOffline = (offline) => root.classList.toggle('offline', offline);
showOffline(!navigator.onLine);
addEventListener('online', () => showOffline(false));
addEventListener('offline', () => showOffline(true));

async function serviceWorker(script) {
  const workers = navigator.serviceWorker;
  const registration = await workers.register(new URL(script, document.baseURI), { scope: document.baseURI });
  // A browser may decline without an error (Playwright's serviceWorkers: 'block' does).
  if (!registration) return;
  // Ask for sw.js again at each load (nginx answers 304 when it has not changed): a new build,
  // or the kill switch (deploy/sw-kill-switch.js), is then seen at the next visit. Chromium
  // did not check it on a reload by itself (the nginx log showed no request).
  registration.update().catch(() => {});
  workers.addEventListener('message', (event) => {
    if (event.data === 'offline') showOffline(true);
  });
  // A new build's worker is installed and waits while this page's worker still runs it.
  const offer = () => {
    if (registration.waiting && workers.controller) root.classList.add('update-ready');
  };
  offer();
  registration.addEventListener('updatefound', () => {
    registration.installing?.addEventListener('statechange', offer);
  });
  let accepted = false;
  document.addEventListener('click', (event) => {
    if (!event.target.closest?.('.update-reload') || !registration.waiting) return;
    accepted = true;
    registration.waiting.postMessage('skip-waiting');
  });
  workers.addEventListener('controllerchange', () => {
    if (accepted) location.reload();
  });
}

// The visit counter (src/counter.rs): a written article's hit, sent at once, so that a reader
// who leaves before the app arrives is counted. The app sends nothing more for this page.
const counted = document.querySelector('#prerendered article[data-counter]');
if (counted && navigator.sendBeacon) {
  navigator.sendBeacon(new URL(`${counted.dataset.counter}hit`, document.baseURI), counted.dataset.id);
}

const script = named('portal-sw');
if (script && 'serviceWorker' in navigator) {
  const whenIdle = () => {
    const start = () => serviceWorker(script).catch((error) => console.warn('service worker not registered', error));
    if ('requestIdleCallback' in window) requestIdleCallback(start, { timeout: 5000 });
    else setTimeout(start, 0);
  };
  if (document.readyState === 'complete') whenIdle();
  else addEventListener('load', whenIdle);
}

try {
  const { default: init } = await import(named('portal-js'));
  await init({ module_or_path: named('portal-wasm') });
} catch (error) {
  // Without the app there is nothing else to show: say so instead of leaving a blank page.
  const notice = document.getElementById('boot-failure');
  if (notice) notice.hidden = false;
  console.error('portal failed to start', error);
}

// The reader's tools (portal_core::write::reader writes their buttons, data-reader="…"): one
// listener on the document answers them, on a page the publisher wrote as on every page the
// app renders. The settings they change were applied before the first paint by the inline
// script in index.html's head, which reads the same localStorage entry.
{
  var KEY = 'portal-reader';

  function read() {
    try {
      var saved = JSON.parse(localStorage.getItem(KEY) || '{}');
      return saved && typeof saved === 'object' ? saved : {};
    } catch (e) {
      return {};
    }
  }

  function darkNow(prefs) {
    if (prefs.theme === 'dark') return true;
    if (prefs.theme === 'light') return false;
    return !!(window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches);
  }

  function apply(prefs) {
    root.classList.toggle('text-large', prefs.size === 'large');
    root.classList.toggle('text-small', prefs.size === 'small');
    root.classList.toggle('elder', prefs.elder === true);
    root.classList.toggle('theme-dark', prefs.theme === 'dark');
    root.classList.toggle('theme-light', prefs.theme === 'light');
  }

  /** The buttons' pressed states, as the settings are (the markup cannot know them). */
  function sync() {
    var prefs = read();
    var size = prefs.size || 'medium';
    var buttons = document.querySelectorAll('[data-reader]');
    for (var i = 0; i < buttons.length; i++) {
      var b = buttons[i];
      var kind = b.getAttribute('data-reader');
      var pressed = null;
      if (kind === 'size') pressed = b.value === size;
      else if (kind === 'elder') pressed = prefs.elder === true;
      else if (kind === 'theme') pressed = darkNow(prefs);
      if (pressed !== null && b.getAttribute('aria-pressed') !== String(pressed)) {
        b.setAttribute('aria-pressed', String(pressed));
      }
    }
  }

  function save(change) {
    var prefs = read();
    for (var k in change) prefs[k] = change[k];
    try {
      localStorage.setItem(KEY, JSON.stringify(prefs));
    } catch (e) {
      // Storage refused (a private window's quota): the setting holds for this page only.
    }
    apply(prefs);
    sync();
  }

  /** Says `text` in the tools' live region, for screen readers and the eye. */
  function announce(button, text) {
    var tools = button.closest('.reader-tools');
    var status = tools && tools.querySelector('.tool-status');
    if (status) {
      status.textContent = '';
      setTimeout(function () { status.textContent = text; }, 50);
    }
  }

  function copy(button) {
    var url = button.getAttribute('data-url') || location.href;
    var done = function () { announce(button, '链接已复制'); };
    var failed = function () { announce(button, '复制失败，请手动复制地址栏中的链接'); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(done, failed);
    } else {
      failed();
    }
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-reader]');
    if (!button) return;
    switch (button.getAttribute('data-reader')) {
      case 'size':
        save({ size: button.value });
        break;
      case 'elder':
        save({ elder: read().elder !== true });
        break;
      case 'theme':
        save({ theme: darkNow(read()) ? 'light' : 'dark' });
        break;
      case 'print':
        window.print();
        break;
      case 'copy':
        copy(button);
        break;
      case 'share':
        // The button shows only where navigator.share is (.can-share, set in index.html's head);
        // WebKitGTK and Firefox on a desktop have none, and a press that still comes copies the
        // link, as does a share the browser refused (not one the reader closed: AbortError).
        if (navigator.share) {
          navigator.share({ title: button.getAttribute('data-title') || document.title, url: button.getAttribute('data-url') || location.href })
            .catch(function (e) { if (!e || e.name !== 'AbortError') copy(button); });
        } else {
          copy(button);
        }
        break;
      case 'top': {
        var still = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
        window.scrollTo({ top: 0, behavior: still || root.classList.contains('elder') ? 'auto' : 'smooth' });
        var skip = document.querySelector('.skip-link') || document.querySelector('main');
        if (skip && skip.focus) skip.focus({ preventScroll: true });
        break;
      }
    }
  });

  // 返回顶部 shows after one screen of scrolling.
  var scrolled = false;
  window.addEventListener('scroll', function () {
    var now = window.scrollY > window.innerHeight;
    if (now !== scrolled) {
      scrolled = now;
      root.classList.toggle('scrolled', now);
    }
  }, { passive: true });

  // The app renders pages after this ran: keep the buttons' states right as they appear.
  new MutationObserver(sync).observe(root, { childList: true, subtree: true });
  document.addEventListener('DOMContentLoaded', sync);
}
