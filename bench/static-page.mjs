// The reference page of the load benchmark: the seed article as plain static HTML, written from
// the same content JSON the portal reads, with the same stylesheet and the same page shape
// (banner, masthead with search, tiles, channel navigation, breadcrumb, h1.article-title, meta,
// 核心提示, body, tags, disclaimer, previous/next, sidebar boxes, footer), and no script at all.
// What it costs is what the same article costs without the app: the floor to compare with.

import { encodeSegment } from '../tests/support/route-segment.mjs';

const esc = (s) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const articleHref = (id) => `/article/${encodeSegment(id)}`;

/** 2021-09-02 in Asia/Shanghai time, as the portal shows dates. */
function shanghaiDate(iso) {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const d = new Date(ms + 8 * 3600_000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function resolveAgainst(base, url) {
  try {
    return new URL(url, base).pathname;
  } catch {
    return url;
  }
}

function titleList(items, numbered = false) {
  const rows = items
    .map((i) => {
      const date = shanghaiDate(i.date_published);
      return `<li><a href="${esc(articleHref(String(i.id)))}">${esc(i.title)}</a>${date ? `<time datetime="${esc(i.date_published)}">${date}</time>` : ''}</li>`;
    })
    .join('');
  return numbered ? `<ol class="title-list ranked">${rows}</ol>` : `<ul class="title-list">${rows}</ul>`;
}

/**
 * The page for item `id` of `feed` (the parsed first page, served at `feedPath`), linking the
 * stylesheet `cssHref` (and `iconHref`, when given).
 */
export function staticArticlePage({ feed, id, cssHref, iconHref, feedPath = '/content/feed.json' }) {
  const portal = feed._portal || {};
  const siteName = portal.site_name || feed.title || '科创资讯门户';
  const base = `http://x${feedPath}`;
  const items = [...feed.items].sort((a, b) => Date.parse(b.date_published || 0) - Date.parse(a.date_published || 0));
  const item = items.find((i) => String(i.id) === id);
  if (!item) throw new Error(`no item ${id} in the feed`);
  const meta = item._portal || {};
  const channels = portal.channels || [];
  const channel = channels.find((c) => c.slug === meta.channel);
  const others = items.filter((i) => String(i.id) !== id);
  const sameChannel = items.filter((i) => (i._portal || {}).channel === meta.channel);
  const pos = sameChannel.indexOf(item);
  const newer = pos > 0 ? sameChannel[pos - 1] : null;
  const older = sameChannel[pos + 1] || null;
  const related = others.filter((i) => (i._portal || {}).channel === meta.channel).slice(0, 6);
  const pictures = others
    .filter((i) => i.image)
    .sort((a, b) => Number(!!(b._portal || {}).featured) - Number(!!(a._portal || {}).featured))
    .slice(0, 4);
  const featured = others.filter((i) => (i._portal || {}).featured).slice(0, 6);
  const ranked = items.filter((i) => Number.isFinite((i._portal || {}).views))
    .sort((a, b) => b._portal.views - a._portal.views)
    .slice(0, 10);
  const date = shanghaiDate(item.date_published);
  const neighbour = (label, rel, other) =>
    `<p><span class="label">${label}</span>${other ? `<a rel="${rel}" href="${esc(articleHref(String(other.id)))}">${esc(other.title)}</a>` : '<span>没有了</span>'}</p>`;
  const body = item.content_html
    ? item.content_html.replace(/<(\/?)h1\b/gi, '<$1h2') // the title is the page's only h1, as in the app
    : String(item.content_text || '').split('\n').filter((p) => p.trim()).map((p) => `<p>${esc(p.trim())}</p>`).join('');
  const authors = (item.authors || []).map((a) => a.name).filter(Boolean);
  const record = (r, cls) =>
    r ? `<span class="${cls}"><a href="${esc(r.url || 'https://beian.miit.gov.cn/')}" rel="noopener noreferrer" target="_blank">${esc(r.text)}</a></span>` : '';

  return `<!doctype html>
<html lang="${esc(feed.language || 'zh-CN')}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${esc(item.title)} - ${esc(siteName)}</title>
    <meta name="description" content="${esc(item.summary || '')}" />
    <link rel="stylesheet" href="${esc(cssHref)}" />
    ${iconHref ? `<link rel="icon" href="${esc(iconHref)}" />` : ''}
  </head>
  <body>
<a class="skip-link" href="#main">跳到正文</a><header class="site-header">${
    (portal.slogans || []).length
      ? `<div class="banner"><div class="wrap banner-inner">${portal.slogans.map((s) => `<p class="slogan">${esc(s)}</p>`).join('')}</div></div>`
      : ''
  }<div class="masthead"><div class="wrap masthead-inner"><a class="site-name" href="/">${esc(siteName)}</a><form class="search" role="search" action="/search" method="get"><label class="visually-hidden" for="search-q">搜索资讯</label><input id="search-q" type="search" name="q" placeholder="搜索资讯"><button type="submit">搜索</button></form></div></div>${
    (portal.tiles || []).length
      ? `<nav class="tiles" aria-label="专题"><ul class="wrap tiles-list">${portal.tiles
          .map((t) => `<li><a href="${esc(t.url)}">${t.image ? `<img src="${esc(resolveAgainst(base, t.image))}" alt="" width="120" height="60" loading="lazy" decoding="async">` : ''}<span>${esc(t.title)}</span></a></li>`)
          .join('')}</ul></nav>`
      : ''
  }<nav class="channel-nav" aria-label="栏目"><ul class="wrap channel-list"><li><a href="/">首页</a></li>${channels
    .map((c) => `<li><a href="/channel/${esc(encodeSegment(c.slug))}">${esc(c.name)}</a></li>`)
    .join('')}</ul></nav></header><main id="main" tabindex="-1"><div class="wrap layout"><article class="article main-col"><nav class="breadcrumb" aria-label="当前位置"><a href="/">首页</a>${
    channel ? `<span aria-hidden="true"> › </span><a href="/channel/${esc(encodeSegment(channel.slug))}">${esc(channel.name)}</a>` : ''
  }<span aria-hidden="true"> › </span><span>正文</span></nav><h1 class="article-title">${esc(item.title)}</h1><p class="article-meta">${
    date ? `<time datetime="${esc(item.date_published)}">${date}</time>` : ''
  }${meta.source ? `<span class="source">来源：${esc(meta.source)}</span>` : ''}${
    authors.length ? `<span class="authors">作者：${esc(authors.join('、'))}</span>` : ''
  }${Number.isFinite(meta.views) ? `<span class="views">浏览：${meta.views}</span>` : ''}</p>${
    item.summary ? `<section class="summary" aria-label="核心提示"><strong>核心提示：</strong><span>${esc(item.summary)}</span></section>` : ''
  }<div class="article-body">${body}</div>${
    (item.tags || []).length
      ? `<ul class="tags" aria-label="标签">${item.tags.map((t) => `<li><a href="/tag/${esc(encodeSegment(t))}">${esc(t)}</a></li>`).join('')}</ul>`
      : ''
  }${portal.disclaimer ? `<p class="disclaimer">${esc(portal.disclaimer)}</p>` : ''}<nav class="prev-next" aria-label="上一篇和下一篇">${neighbour('上一篇：', 'prev', newer)}${neighbour('下一篇：', 'next', older)}</nav></article><aside class="sidebar" aria-label="推荐"><section class="side-box related"><h2>${
    channel ? `同类资讯 · ${esc(channel.name)}` : '同类资讯'
  }<a class="more" href="${channel ? `/channel/${esc(encodeSegment(channel.slug))}` : '/'}">更多&gt;<span class="visually-hidden">同类资讯</span></a></h2>${titleList(related)}</section>${
    pictures.length
      ? `<section class="side-box pictures"><h2>推荐图文</h2><ul class="picture-grid">${pictures
          .map((i) => `<li><a href="${esc(articleHref(String(i.id)))}"><img src="${esc(resolveAgainst(base, i.image))}" alt="" width="160" height="90" loading="lazy" decoding="async"><span>${esc(i.title)}</span></a></li>`)
          .join('')}</ul></section>`
      : ''
  }${featured.length ? `<section class="side-box featured"><h2>推荐资讯</h2>${titleList(featured)}</section>` : ''}${
    ranked.length ? `<section class="side-box ranking"><h2>点击排行</h2>${titleList(ranked, true)}</section>` : ''
  }</aside></div></main><footer class="site-footer"><div class="wrap"><nav aria-label="网站信息"><ul class="footer-links"><li><a href="/">网站首页</a></li>${(portal.footer_links || [])
    .map((l) => `<li><a href="${esc(l.url)}">${esc(l.title)}</a></li>`)
    .join('')}<li><a href="/sitemap">网站地图</a></li></ul></nav><p class="records">${record(portal.icp, 'icp')}${record(portal.police_record, 'police-record')}</p><p class="copyright">${esc(siteName)}</p></div></footer>
  </body>
</html>
`;
}
