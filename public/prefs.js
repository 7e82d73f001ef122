// 科创资讯门户: the reader's settings and tools. A classic script in <head>, not a module: it
// runs before the body is parsed, so 字号, 长者模式 and the theme chosen on an earlier visit are
// classes on <html> before the first paint (the boot module runs after parsing: too late, and
// the page would reflow). It also answers the tools' buttons (data-reader="…", written by
// src/components/reader.rs) by one listener on the document, so they work on a page the
// publisher wrote before the app has arrived, and on every page the app renders after.
(function () {
  'use strict';
  var KEY = 'portal-reader';
  var root = document.documentElement;

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

  apply(read());
  if (navigator.share) root.classList.add('can-share');

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
        if (navigator.share) {
          navigator.share({ title: button.getAttribute('data-title') || document.title, url: button.getAttribute('data-url') || location.href })
            .catch(function () { /* the reader closed the sheet */ });
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
})();
