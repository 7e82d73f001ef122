// The printed report: one plain-text table made of sections, and the problems seen on the way.

/** One table made of sections; each section aligns its own columns. */
export class Table {
  constructor() {
    this.sections = [];
  }
  section(title, header, align) {
    const s = { title, header, align: align || header.map((_, i) => (i === 0 ? 'l' : 'r')), rows: [], notes: [] };
    this.sections.push(s);
    return {
      row: (...cells) => s.rows.push(cells.map((c) => (c === undefined || c === null ? '–' : String(c)))),
      rule: () => s.rows.push(null),
      note: (text) => s.notes.push(text),
    };
  }
  render() {
    const width = (str) => {
      // East Asian wide characters take two columns in a terminal.
      let w = 0;
      for (const ch of str) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
      return w;
    };
    const padTo = (str, w, a) => {
      const gap = ' '.repeat(Math.max(0, w - width(str)));
      return a === 'r' ? gap + str : str + gap;
    };
    const blocks = [];
    let total = 0;
    const rendered = this.sections.map((s) => {
      const rows = [s.header, ...s.rows.filter(Boolean)];
      const widths = s.header.map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? ''))));
      const line = (r) => r.map((c, i) => padTo(c ?? '', widths[i], s.align[i])).join('  ').trimEnd();
      const lines = [line(s.header), widths.map((w) => '-'.repeat(w)).join('  ')];
      for (const r of s.rows) lines.push(r ? line(r) : widths.map((w) => '·'.repeat(w)).join('  '));
      total = Math.max(total, ...lines.map(width), width(s.title) + 8);
      for (const n of s.notes) lines.push(`  ${n}`);
      return { title: s.title, lines };
    });
    for (const r of rendered) {
      blocks.push(`${'='.repeat(2)} ${r.title} ${'='.repeat(Math.max(2, total - width(r.title) - 4))}`);
      blocks.push(...r.lines, '');
    }
    return blocks.join('\n');
  }
}

/** Deduplicated problem lines, in order of first appearance. */
export class Problems {
  constructor() {
    this.set = new Map();
  }
  add(line) {
    this.set.set(line, (this.set.get(line) || 0) + 1);
  }
  lines() {
    return [...this.set].map(([l, n]) => (n > 1 ? `${l} (×${n})` : l));
  }
}
