// Small helpers: progress on stderr, medians and the formats of the table's cells.

export const log = (...a) => process.stderr.write(`[bench] ${a.join(' ')}\n`);
export const median = (xs) => {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
export const fmtMs = (x) => (Number.isFinite(x) ? `${Math.round(x)}` : '–');
export const fmtKB = (b) => (Number.isFinite(b) ? (b / 1024).toFixed(1) : '–');
export const fmtMB = (b) => (Number.isFinite(b) ? (b / 1048576).toFixed(1) : '–');
export const fmtCls = (x) => (Number.isFinite(x) ? x.toFixed(3) : '–');
export const fmtX = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : '–');
export const fmtInt = (n) => (Number.isFinite(n) ? n.toLocaleString('en-US') : '–');
export const fmtN = (n) => (n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n));
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const clip = (s, n = 110) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
