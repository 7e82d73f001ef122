// Starts the portal: imports the wasm-bindgen glue and instantiates the wasm whose hashed names
// Trunk wrote into meta tags (see Trunk.toml, pattern_script), at the end of this file, once the
// reader's tools answer. An external module instead of Trunk's inline loader keeps the page
// working under a policy without 'unsafe-inline'.
//
// Before it, the service worker of a release build (public/sw.js; <meta name="portal-sw"> names it),
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
  // A new build's worker is installed and waits behind the one that runs this page. Asked
  // again at each of the installing worker's state changes, and the mark taken off when no such
  // worker waits: on a first visit the one worker passes through `waiting` on its way to
  // `active`. A fresh WebKitGTK 2.50 profile showed 点击刷新 with nothing new to load (1 of 8
  // sessions, tests/e2e/webdriver-published.test.mjs; 0 of 32 with this rule), most likely
  // because that `installed` change arrived after sw.js's clients.claim() had made the worker
  // this page's controller (not traced event by event).
  const offer = () => {
    const { waiting, active } = registration;
    const newer = !!waiting && !!active && waiting !== active && !!workers.controller;
    root.classList.toggle('update-ready', newer);
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

// The reader's tools and the 无障碍 toolbar (portal_core::write::reader writes their buttons,
// data-reader="…"): one listener on the document answers them, on a page the publisher wrote
// (before the wasm has arrived: it is started last, below) as on every page the app renders.
// The settings they change were applied before the first paint by the inline script in
// index.html's head, which reads the same localStorage entry.
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

  /** The 无障碍 toolbar's tools that stay on, each kept as `true` and shown as `html.a11y-…`. */
  var TOOLS = ['bar', 'cursor', 'guide', 'caption', 'plain'];

  function apply(prefs) {
    root.classList.toggle('text-large', prefs.size === 'large');
    root.classList.toggle('text-small', prefs.size === 'small');
    root.classList.toggle('elder', prefs.elder === true);
    root.classList.toggle('theme-dark', prefs.theme === 'dark');
    root.classList.toggle('theme-light', prefs.theme === 'light');
    for (var i = 0; i < TOOLS.length; i++) root.classList.toggle('a11y-' + TOOLS[i], prefs[TOOLS[i]] === true);
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
      var state = 'aria-pressed';
      if (kind === 'size') pressed = b.value === size;
      else if (kind === 'rate') pressed = b.value === (prefs.rate || 'medium');
      else if (kind === 'theme') pressed = darkNow(prefs);
      else if (kind === 'pause') pressed = paused;
      else if (kind === 'bar') {
        // The header's 无障碍 says whether the bar is open; the bar's 关闭 has no state.
        if (b.hasAttribute('aria-expanded')) state = 'aria-expanded';
        pressed = b.hasAttribute(state) ? prefs.bar === true : null;
      } else if (b.hasAttribute('aria-pressed')) pressed = prefs[kind] === true;
      if (pressed !== null && b.getAttribute(state) !== String(pressed)) {
        b.setAttribute(state, String(pressed));
      }
    }
    if (prefs.plain === true) altTexts();
  }

  /** 纯文本 hides pictures: their alt text is shown in their place (once per picture). */
  function altTexts() {
    var pictures = document.querySelectorAll('main img[alt]:not([alt=""])');
    for (var i = 0; i < pictures.length; i++) {
      var img = pictures[i];
      var next = img.nextElementSibling;
      if (next && next.className === 'alt-text') continue;
      var text = document.createElement('span');
      text.className = 'alt-text';
      text.textContent = '〔图片：' + img.alt + '〕';
      img.after(text);
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
    var tools = button.closest('.reader-tools, .a11y-toolbar') || document.querySelector('.a11y-toolbar');
    var status = tools && tools.querySelector('.tool-status, .a11y-status');
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
      case 'bar':
      case 'cursor':
      case 'guide':
      case 'caption':
      case 'plain':
      case 'point': {
        var kind = button.getAttribute('data-reader');
        var change = {};
        change[kind] = read()[kind] !== true;
        save(change);
        if (kind === 'point' && !change.point) stop();
        // Opened, the bar takes the focus (it is above the header in the tab order); its 关闭
        // hands it back to the header's 无障碍.
        if (kind === 'bar') {
          var to = document.querySelector(change.bar ? '.a11y-toolbar button' : '[data-reader="bar"][aria-expanded]');
          if (to) to.focus();
        }
        break;
      }
      case 'hant': {
        var on = read().hant !== true;
        save({ hant: on });
        script(on, true);
        break;
      }
      case 'rate':
        save({ rate: button.value });
        break;
      case 'read':
        readAloud(button);
        break;
      case 'pause':
        if (synth && paused) synth.resume();
        else if (synth && synth.speaking) synth.pause();
        else break;
        paused = !paused;
        sync();
        break;
      case 'stop':
        stop();
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

  // 语音朗读 (issue 24), with the browser's own speechSynthesis: 连读 reads the article from its
  // title, a sentence an utterance, the sentence being read highlighted; 指读 reads what the
  // pointer rests on or the focus reaches. Only a voice on this machine (localService) is used
  // unless the reader chose a network one, which sends the text to its service.
  var synth = window.speechSynthesis;
  var RATES = { slow: 0.7, medium: 1, fast: 1.5 };
  var paused = false;
  /** Each reading's number: a stopped reading's late events start nothing. */
  var reading = 0;
  var lit = null;

  function chineseVoices() {
    var all = synth ? synth.getVoices() : [];
    return all.filter(function (v) { return /^(zh|cmn|yue)([-_]|$)/i.test(v.lang); });
  }

  /** The voice to read with: a local mainland one first; `null` when there is none to use. */
  function voice() {
    var zh = chineseVoices();
    var local = zh.filter(function (v) { return v.localService; });
    var mainland = function (v) { return /CN|Hans/i.test(v.lang); };
    return local.find(mainland) || local[0] || (read().online === true && (zh.find(mainland) || zh[0])) || null;
  }

  /** Why there is no voice, said on the bar and when a 声音 button is pressed. */
  function voiceProblem() {
    if (!synth || !window.SpeechSynthesisUtterance) return '本浏览器不能朗读：请换用支持语音朗读的浏览器';
    if (voice()) return '';
    if (chineseVoices().length) return '本机没有中文语音，只有在线语音（会把文字发给语音服务商）：再按一次“连读”即使用';
    return '本浏览器没有中文语音：请在系统设置中安装中文语音后再试';
  }

  /** The sentences of `block`, each with the range of the page it covers. */
  function sentences(block) {
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    var nodes = [];
    var text = '';
    for (var n = walker.nextNode(); n; n = walker.nextNode()) {
      nodes.push({ node: n, at: text.length });
      text += n.data;
    }
    var place = function (pos, end) {
      for (var i = 0; i < nodes.length; i++) {
        var after = pos - nodes[i].at;
        if (after < nodes[i].node.data.length || (end && after === nodes[i].node.data.length)) return [nodes[i].node, after];
      }
      return null;
    };
    var out = [];
    var split = /[^。！？!?；;\n]+[。！？!?；;]*[”’」』"]*/g;
    for (var m = split.exec(text); m; m = split.exec(text)) {
      var said = m[0].trim();
      if (!said) continue;
      var from = place(m.index, false);
      var to = place(m.index + m[0].length, true);
      var range = null;
      if (from && to) {
        range = document.createRange();
        range.setStart(from[0], from[1]);
        range.setEnd(to[0], to[1]);
      }
      out.push({ text: said, range: range, block: block });
    }
    return out;
  }

  /** Shows what is being read: the sentence (CSS highlights, where there are) and its block. */
  function light(sentence) {
    if (lit) lit.classList.remove('speaking');
    lit = sentence && sentence.block;
    if (lit) lit.classList.add('speaking');
    if (window.CSS && CSS.highlights && window.Highlight) {
      if (sentence && sentence.range) CSS.highlights.set('portal-reading', new Highlight(sentence.range));
      else CSS.highlights.delete('portal-reading');
    }
  }

  function stop() {
    reading++;
    paused = false;
    if (synth) synth.cancel();
    light(null);
    sync();
  }

  /** Reads `list` from its `i`th sentence, one utterance each, at the rate set when it starts. */
  function say(list, i, id, chosen) {
    if (id !== reading) return;
    if (i >= list.length) { stop(); return; }
    var u = new SpeechSynthesisUtterance(list[i].text);
    u.voice = chosen;
    u.lang = chosen.lang;
    u.rate = RATES[read().rate] || 1;
    u.onstart = function () { if (id === reading) light(list[i]); };
    u.onend = function () { say(list, i + 1, id, chosen); };
    u.onerror = function () { if (id === reading) stop(); };
    synth.speak(u);
  }

  function start(list, button) {
    var problem = voiceProblem();
    if (problem) {
      // A network voice is used once the reader has been told and pressed 连读 again.
      if (button && button.getAttribute('data-reader') === 'read' && chineseVoices().length && !voice()) {
        if (button.getAttribute('data-warned') === 'true') save({ online: true });
        else button.setAttribute('data-warned', 'true');
      }
      problem = voiceProblem();
      if (problem) {
        if (button) announce(button, problem);
        return;
      }
    }
    stop();
    if (list.length) say(list, 0, reading, voice());
  }

  var BLOCKS = 'h1,h2,h3,h4,h5,h6,p,li,dt,dd,th,td,figcaption,blockquote,pre';

  /** 连读: the article's title, then its body's blocks (the page's main content elsewhere). */
  function readAloud(button) {
    var main = document.querySelector('main');
    if (!main) return;
    var body = main.querySelector('.article-body') || main;
    var title = main.querySelector('h1');
    var blocks = [].slice.call(body.querySelectorAll(BLOCKS)).filter(function (b) {
      return !b.querySelector(BLOCKS) && b !== title && b.getClientRects().length && !b.closest('nav, .reader-tools');
    });
    if (title) blocks.unshift(title);
    if (!blocks.length) blocks = [body];
    start([].concat.apply([], blocks.map(sentences)), button);
  }

  /** What 指读 and 大字幕 take from `el`: the block or control it is in, and its words. */
  function pointed(el) {
    var target = el && el.closest && el.closest('a, button, summary, label, input, ' + BLOCKS);
    if (!target || target.closest('.caption-bar')) return null;
    var words = target.getAttribute('aria-label') || (target.labels && target.labels[0] && target.labels[0].textContent) || target.placeholder || target.textContent;
    words = (words || '').replace(/\s+/g, ' ').trim();
    return words ? { el: target, words: words } : null;
  }

  var last = null;
  var resting = 0;
  function shown(el) {
    if (!root.classList.contains('a11y-caption') && read().point !== true) return;
    var found = pointed(el);
    if (!found || found.el === last) return;
    last = found.el;
    var caption = document.querySelector('.caption-bar');
    if (caption && root.classList.contains('a11y-caption')) caption.textContent = found.words;
    if (read().point === true) {
      var list = sentences(found.el);
      start(list.length ? list : [{ text: found.words, range: null, block: found.el }], null);
    }
  }
  // The pointer reads once it rests (300 ms), so passing over the page says nothing.
  document.addEventListener('mouseover', function (event) {
    clearTimeout(resting);
    resting = setTimeout(function () { shown(event.target); }, 300);
  });
  document.addEventListener('focusin', function (event) {
    shown(event.target);
    guide(event.target.getBoundingClientRect());
  });

  // 十字线: two lines crossing at the pointer, or at the middle of what has the focus.
  function guide(at) {
    if (!root.classList.contains('a11y-guide')) return;
    var x = 'clientX' in at ? at.clientX : at.left + at.width / 2;
    var y = 'clientY' in at ? at.clientY : at.top + at.height / 2;
    var lines = document.querySelectorAll('.guide-line');
    for (var i = 0; i < lines.length; i++) {
      lines[i].style.transform = lines[i].classList.contains('guide-x') ? 'translateY(' + y + 'px)' : 'translateX(' + x + 'px)';
    }
  }
  document.addEventListener('pointermove', guide, { passive: true });

  // Escape closes the toolbar from inside it, the focus going back to 无障碍.
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape' || !event.target.closest || !event.target.closest('.a11y-toolbar')) return;
    var opener = document.querySelector('[data-reader="bar"][aria-expanded]');
    save({ bar: false });
    if (opener) opener.focus();
  });

  /** The bar's note on the voices (Chromium lists them only after `voiceschanged`): a class,
   *  which the stylesheet words, so the page's markup stays as the writers wrote it. */
  function voiceNote() {
    root.classList.toggle('no-voice', !!voiceProblem());
  }
  if (synth && synth.addEventListener) synth.addEventListener('voiceschanged', voiceNote);

  // 简/繁 (issue 24): the page's text in traditional characters, converted with the table
  // `portal build` writes from OpenCC's (hant.json; crates/portal/src/hant.rs says what is in
  // it): fetched when a reader first switches, kept by the service worker, so that on a later
  // page it is at hand while index.html's head script hides the page (html.hant-wait) until it
  // is converted. This is the one converter: the app's renders are converted as they come (the
  // observer below), and a query typed in traditional characters is read back to the simplified
  // ones of the search index here, before the form goes or the app routes it; the wasm holds
  // neither table nor converter.
  var HAN = /[\u3400-\u9fff\ud840-\ud8bf]/;
  /** Converted text nodes' and attributes' words: kept to put them back. */
  var ATTRIBUTES = ['aria-label', 'title', 'alt', 'placeholder'];
  var SKIPPED = { SCRIPT: 1, STYLE: 1, TEXTAREA: 1, NOSCRIPT: 1 };
  var hant = null;
  var loading = null;
  var traditional = false;
  var was = new WeakMap();

  /** The pairs of `text` (`简簡体體…`) into the map `into`, the first pair of a key winning. */
  function pairs(text, backwards, into) {
    var c = Array.from(text);
    for (var i = 0; i + 1 < c.length; i += 2) {
      var from = c[backwards ? i + 1 : i];
      if (!into.has(from)) into.set(from, c[backwards ? i : i + 1]);
    }
    return into;
  }

  function table() {
    if (!loading) {
      loading = fetch(new URL('hant.json', document.baseURI)).then(function (response) {
        if (!response.ok) throw new Error('hant.json: ' + response.status);
        return response.json();
      }).then(function (t) {
        var phrases = new Map();
        var starts = new Set();
        var longest = 0;
        for (var k in t.phrases) {
          var word = Array.from(k);
          phrases.set(k, t.phrases[k]);
          starts.add(word[0]);
          longest = Math.max(longest, word.length);
        }
        hant = { chars: pairs(t.chars, false, new Map()), back: pairs(t.chars, true, pairs(t.back, false, new Map())), phrases: phrases, starts: starts, longest: longest };
      });
      // Asked again at the next press.
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  /** `text` in traditional characters: the longest word of the table at each place, else the character's. */
  function toTraditional(text) {
    var c = Array.from(text);
    var out = '';
    for (var i = 0; i < c.length; i++) {
      var word = null;
      var n = hant.starts.has(c[i]) ? Math.min(hant.longest, c.length - i) : 0;
      for (; n > 1; n--) {
        word = hant.phrases.get(c.slice(i, i + n).join(''));
        if (word) break;
      }
      if (word) {
        out += word;
        i += n - 1;
      } else {
        out += hant.chars.get(c[i]) || c[i];
      }
    }
    return out;
  }

  /** Converts `node`'s text (`key` '') or attribute `key` (`on`), or puts back what it said. */
  function convert(node, key, on) {
    var now = key ? node.getAttribute(key) : node.data;
    var kept = was.get(node) || {};
    var seen = kept[key];
    var to = null;
    if (on && HAN.test(now || '') && !(seen && seen[1] === now)) {
      to = toTraditional(now);
      kept[key] = [now, to];
      was.set(node, kept);
    } else if (!on && seen) {
      delete kept[key];
      if (seen[1] === now) to = seen[0];
    }
    if (to === null || to === now) return;
    if (key) node.setAttribute(key, to);
    else node.data = to;
  }

  function convertAll(under, on) {
    if (under.nodeType === 3) {
      if (!SKIPPED[under.parentNode && under.parentNode.nodeName]) convert(under, '', on);
      return;
    }
    if (under.nodeType !== 1 || SKIPPED[under.nodeName]) return;
    var walker = document.createTreeWalker(under, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) { return SKIPPED[n.nodeName] ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT; },
    });
    for (var n = under; n; n = walker.nextNode()) {
      if (n.nodeType === 3) convert(n, '', on);
      else for (var i = 0; i < ATTRIBUTES.length; i++) if (n.hasAttribute(ATTRIBUTES[i])) convert(n, ATTRIBUTES[i], on);
    }
  }

  /** The page in traditional characters (`on`) or back in simplified ones; `<html lang>` follows. */
  function script(on, pressed) {
    traditional = on;
    if (!on) {
      convertAll(root, false);
      root.lang = 'zh-Hans';
      root.classList.remove('hant-wait');
      return;
    }
    table().then(function () {
      if (!traditional) return;
      convertAll(root, true);
      root.lang = 'zh-Hant';
    }, function () {
      var button = document.querySelector('.a11y-toolbar [data-reader="hant"]');
      if (pressed && button) {
        save({ hant: false });
        traditional = false;
        announce(button, '繁体字表未能载入，请稍后再试');
      }
    }).then(function () { root.classList.remove('hant-wait'); });
  }

  var watcher = new MutationObserver(function (records) {
    if (!traditional || !hant) return;
    for (var i = 0; i < records.length; i++) {
      var r = records[i];
      if (r.type === 'childList') for (var j = 0; j < r.addedNodes.length; j++) convertAll(r.addedNodes[j], true);
      else if (r.type === 'characterData') convertAll(r.target, true);
      else convert(r.target, r.attributeName, true);
    }
    // What this did is not to be converted again.
    watcher.takeRecords();
  });
  watcher.observe(root, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES });

  // A query in traditional characters (科技創新) is read back to the index's simplified ones
  // before the written page's form goes or the app routes it (its listener is on the header:
  // this one, in the capture phase, comes first). Character by character: `back` in the table
  // keeps what the published text has, so a simplified query stays as it is.
  /** `text` read back to simplified characters (the table must be loaded). */
  function readBack(text) {
    return Array.from(text).map(function (c) { return hant.back.get(c) || c; }).join('');
  }
  var passing = false;
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var box = form.matches && form.matches('form.search') && form.querySelector('input[name="q"]');
    if (!box || !HAN.test(box.value) || passing) {
      passing = false;
      return;
    }
    var back = function () {
      box.value = readBack(box.value);
    };
    if (hant) {
      back();
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    var again = function () {
      if (form.requestSubmit) form.requestSubmit();
      else form.submit();
    };
    table().then(function () { back(); again(); }, function () { passing = true; again(); });
  }, true);

  // A link to a search in traditional characters (/search?q=科技創新, shared by a reader of 繁):
  // the query read back the same way, and the address replaced, before the app reads it (the
  // start below waits for this, the wasm downloading meanwhile). Any Han query asks for the
  // table, as it cannot be known without it whether the query has a traditional character.
  var searchLinkReadBack = (function () {
    var url = new URL(location.href);
    var query = url.searchParams.get('q');
    if (url.pathname !== new URL('search', document.baseURI).pathname || !query || !HAN.test(query)) return null;
    return table().then(function () {
      var back = readBack(query);
      if (back === query) return;
      url.searchParams.set('q', back);
      history.replaceState(history.state, '', url);
    }, function () { /* no table: the query as it came */ });
  })();

  // The app renders pages after this ran: keep the buttons' states right as they appear.
  new MutationObserver(sync).observe(root, { childList: true, subtree: true });
  sync();
  voiceNote();
  if (read().hant === true) script(true, false);
}

// Last, so that the tools above answer on the written page while the wasm downloads (before,
// this awaited the wasm first, and the buttons did nothing until it had started).
//
// In an async function, not awaited at the module's top level. With a top-level await, WebKitGTK
// 2.50 sometimes never finished a reload followed at once by a load of the same page: its web
// process spun at 100% CPU in JSC's `asyncModuleEvaluation`, over and over into WebCore making a
// URL and a new identifier, and answered nothing more (2 of 59 runs of
// tests/e2e/webdriver-reader.test.mjs; seen with perf and JSC's JIT dump). A module without a
// top-level await is never evaluated that way. JSC's module loader has known races around
// top-level await (WebKit bug 242740; rewritten in WebKit/WebKit#57827, after 2.50).
(async () => {
  try {
    const [{ default: init }] = await Promise.all([import(named('portal-js')), searchLinkReadBack]);
    await init({ module_or_path: named('portal-wasm') });
  } catch (error) {
    // Without the app there is nothing else to show: say so instead of leaving a blank page.
    const notice = document.getElementById('boot-failure');
    if (notice) notice.hidden = false;
    console.error('portal failed to start', error);
  }
})();

