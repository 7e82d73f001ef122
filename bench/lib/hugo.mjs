// Hugo over the same generated items as `portal build`, for section e's side-by-side: the
// generated content folder (bench/generate.mjs) turned into a Hugo site with minimal templates
// that write the comparable work (an article page, paged channel and tag lists, a sitemap and
// RSS), and a timed run of either program under GNU time.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { clip } from './format.mjs';

export const HUGO_BIN = process.env.HUGO || '/usr/bin/hugo';

/** Whether Hugo can be run, and its version line. */
export function hugoVersion() {
  const r = spawnSync(HUGO_BIN, ['version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

const head = (title) =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
  `<title>${title}</title><link rel="canonical" href="{{ .Permalink }}">` +
  `{{ with .OutputFormats.Get "RSS" }}<link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}">{{ end }}</head><body>` +
  `<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a><nav>{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav></header>`;

// The article page: what the portal's written page shows of an article, without its chrome
// (sidebar, channel blocks, footer pages) or its JSON-LD.
const SINGLE =
  head('{{ .Title }} - {{ site.Title }}') +
  `<main><article><h1>{{ .Title }}</h1><p><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2006-01-02 15:04" }}</time>` +
  `{{ with .Params.authors }} {{ delimit . "、" }}{{ end }} <a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></p>` +
  `{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}{{ .Content }}` +
  `<p>{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p></article>` +
  `<nav>{{ with .NextInSection }}<a href="{{ .RelPermalink }}">上一篇：{{ .Title }}</a>{{ end }}` +
  `{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">下一篇：{{ .Title }}</a>{{ end }}</nav></main></body></html>\n`;

// Every list (home, a channel, a tag, the tag index): paged, ten a page as the portal's lists,
// each entry with its title, date and summary.
const LIST =
  head('{{ .Title }} - {{ site.Title }}') +
  `<main><h1>{{ .Title }}</h1>{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = site.RegularPages }}{{ end }}` +
  `<ul>{{ range (.Paginate $pages).Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time>` +
  `{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}</li>{{ end }}</ul>{{ template "_internal/pagination.html" . }}</main></body></html>\n`;

/**
 * Writes a Hugo site for the generated content folder `content` into `dir`: `config.toml`, the
 * two templates, and one `content/<channel>/<id>.html` per item (JSON front matter, the item's
 * HTML as its body). Returns the number of items.
 */
export function writeHugoSite(content, dir, baseURL) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'layouts', '_default'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'layouts', '_default', 'single.html'), SINGLE);
  fs.writeFileSync(path.join(dir, 'layouts', '_default', 'list.html'), LIST);
  let url = 'feed.json';
  let items = 0;
  let site = null;
  while (url) {
    const page = JSON.parse(fs.readFileSync(path.join(content, url), 'utf8'));
    if (!site) {
      site = page;
      for (const c of page._portal?.channels || []) {
        fs.mkdirSync(path.join(dir, 'content', c.slug), { recursive: true });
        fs.writeFileSync(path.join(dir, 'content', c.slug, '_index.html'), `${JSON.stringify({ title: c.name })}\n`);
      }
    }
    for (const item of page.items) {
      const channel = item._portal?.channel || 'other';
      const front = {
        title: item.title,
        date: item.date_published,
        slug: item.id,
        summary: item.summary,
        tags: item.tags || [],
        authors: (item.authors || []).map((a) => a.name).filter(Boolean),
      };
      const folder = path.join(dir, 'content', channel);
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, `${item.id}.html`), `${JSON.stringify(front)}\n${item.content_html || ''}\n`);
      items += 1;
    }
    url = page.next_url || null;
  }
  const config = [
    `baseURL = ${JSON.stringify(baseURL)}`,
    `languageCode = "zh-CN"`,
    `title = ${JSON.stringify(site?.title || '科创资讯')}`,
    // Ten a page, as the portal's lists; RSS of the newest 50, as the portal's feed.xml.
    'paginate = 10',
    'rssLimit = 50',
    'disableKinds = ["404", "robotsTXT"]',
    // One RSS for the whole site, as the portal writes; Hugo's default adds one per list.
    // Tags only: Hugo's default adds categories, which the generated items do not have.
    '[taxonomies]',
    'tag = "tags"',
    '[outputs]',
    'home = ["HTML", "RSS"]',
    'section = ["HTML"]',
    'taxonomy = ["HTML"]',
    'term = ["HTML"]',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'config.toml'), config);
  return items;
}

/**
 * Runs `bin args` under GNU time: wall seconds, user and system CPU seconds, peak RSS in bytes.
 * Throws with its output when it fails.
 */
export function timed(bin, args) {
  const timeFile = path.join(os.tmpdir(), `bench-time-${process.pid}-${Date.now()}`);
  const r = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%e %U %S %M', bin, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`cannot run ${bin}: ${r.error.message} (is GNU time at /usr/bin/time?)`);
  if (r.status !== 0) throw new Error(`${path.basename(bin)} ${args[0]} exited ${r.status}: ${clip(`${r.stdout}${r.stderr}`, 400)}`);
  const [seconds, user, system, peakKb] = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  fs.rmSync(timeFile, { force: true });
  return { seconds, cpu: user + system, peakBytes: peakKb * 1024, stdout: r.stdout };
}

/** Files and bytes under `dir` (symlinks not followed; a hard-linked file counted each time). */
export function weigh(dir) {
  let files = 0;
  let bytes = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) {
        files += 1;
        bytes += fs.statSync(full).size;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}
