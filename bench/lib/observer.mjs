// In-page instrumentation, installed before any script of the page runs.

export function observerScript(selector) {
  return `(() => {
  const SELECTOR = ${JSON.stringify(selector)};
  const m = { fcp: null, lcp: null, lcpSize: null, lcpEl: null, seen: null, frame: null, painted: null, memory: null, cls: 0, shift: null };
  Object.defineProperty(window, '__bench', { value: m, configurable: true });
  const describe = (el) => {
    if (!el) return '?';
    const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    const parent = el.parentElement;
    const pcls = parent && typeof parent.className === 'string' && parent.className.trim() ? parent.className.trim().split(/\\s+/)[0] : '';
    return el.tagName.toLowerCase() + cls + (cls || !pcls ? '' : ' in .' + pcls);
  };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') m.fcp = e.startTime;
    }).observe({ type: 'paint', buffered: true });
  } catch {}
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) { m.lcp = e.startTime; m.lcpSize = e.size; m.lcpEl = describe(e.element); }
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  } catch {}
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.identifier === 'bench-target' && m.painted === null) m.painted = e.renderTime || e.loadTime || e.startTime;
      }
    }).observe({ type: 'element', buffered: true });
  } catch {}
  // CLS as Chrome counts it (largest session window: gaps < 1 s, windows < 5 s), and the
  // largest single shift with what moved, to tell where a shift comes from.
  try {
    let win = 0, winStart = -1e9, last = -1e9;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.hadRecentInput) continue;
        if (e.startTime - last < 1000 && e.startTime - winStart < 5000) win += e.value;
        else { win = e.value; winStart = e.startTime; }
        last = e.startTime;
        if (win > m.cls) m.cls = win;
        if (!m.shift || e.value > m.shift.value) {
          m.shift = {
            value: e.value,
            at: e.startTime,
            sources: (e.sources || []).map((s) => {
              const n = s.node && s.node.nodeType === 1 ? s.node : s.node && s.node.parentElement;
              const id = n && n.id ? '#' + n.id : '';
              return (n ? describe(n) + id : '?') + ' y ' + Math.round(s.previousRect.y) + '→' + Math.round(s.currentRect.y) +
                ' h ' + Math.round(s.previousRect.height) + '→' + Math.round(s.currentRect.height);
            }),
          };
        }
      }
    }).observe({ type: 'layout-shift', buffered: true });
  } catch {}
  // Keep the app's wasm memory in sight (its size is what the catalog costs inside wasm).
  const keep = (r) => {
    try {
      const inst = r && (r.instance || r);
      for (const v of Object.values((inst && inst.exports) || {})) if (v instanceof WebAssembly.Memory) m.memory = v;
    } catch {}
    return r;
  };
  for (const name of ['instantiateStreaming', 'instantiate']) {
    const orig = WebAssembly[name];
    if (typeof orig === 'function') WebAssembly[name] = function (...args) { return orig.apply(this, args).then(keep); };
  }
  // The element the first text inside the target is painted for: Element Timing (like LCP)
  // reports text for its nearest block-level ancestor, so mark that one.
  const textHolder = (el) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (!t.data.trim()) continue;
      let holder = t.parentElement;
      while (holder && holder !== el && getComputedStyle(holder).display.startsWith('inline')) holder = holder.parentElement;
      return holder || el;
    }
    return el;
  };
  let done = false;
  const check = () => {
    if (done) return;
    const el = document.querySelector(SELECTOR);
    if (!el || !el.isConnected) return;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return;
    done = true;
    m.seen = performance.now();
    textHolder(el).setAttribute('elementtiming', 'bench-target');
    requestAnimationFrame(() => { m.frame = performance.now(); });
    obs.disconnect();
    clearInterval(timer);
  };
  const obs = new MutationObserver(check);
  obs.observe(document, { childList: true, subtree: true, characterData: true });
  const timer = setInterval(check, 100);
  // When the app routes a click itself: it has mounted its own page (main#main), and a page the
  // publisher wrote (#prerendered) has given way to it. A page without the app never gets there.
  m.routable = null;
  const routable = () => {
    if (m.routable !== null) return;
    const app = document.getElementById('app');
    const mounted = app ? !app.hidden && app.querySelector('main#main') : document.querySelector('main#main') && !document.getElementById('prerendered');
    if (mounted && document.querySelector(SELECTOR)) {
      m.routable = performance.now();
      routeObs.disconnect();
    }
  };
  const routeObs = new MutationObserver(routable);
  routeObs.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['hidden'] });
})();`;
}
