// The hostile feed (issue 4): XSS payloads in every field the feed controls, shared by the
// Playwright test (hostile.test.mjs, which serves it with `route`) and the WebDriver tests
// (webdriver-hostile.test.mjs, which serve it from a copy of the site). Every payload would push
// to window.__xss.

const V11 = 'https://jsonfeed.org/version/1.1';

export const push = (tag) => `window.__xss.push('${tag}')`;
/**
 * Payloads, each between two markers the page must still show. Unclosed foreign content
 * (`<math>` never closed) and an unfinished tag swallow the rest of the body, in the browser as in
 * the sanitiser, so only the marker before them is expected.
 */
export const SWALLOWS_REST = new Set([16, 22]);
export const PAYLOADS = [
  `<script>${push('script')}</script>`,
  `<img src=x onerror="${push('onerror')}">`,
  `<svg onload="${push('svg')}"><script>${push('svg-script')}</script></svg>`,
  `<iframe src="javascript:parent.${push('iframe')}"></iframe>`,
  `<iframe srcdoc="<script>parent.${push('srcdoc')}</script>"></iframe>`,
  `<object data="javascript:${push('object')}"></object><embed src="javascript:${push('embed')}">`,
  `<a class="x" href="javascript:${push('href')}">javascript 链接</a>`,
  `<a class="x" href="&#106;avascript:${push('entity-href')}">实体链接</a>`,
  `<a class="x" href="jav&#x09;ascript:${push('tab-href')}">制表符链接</a>`,
  `<a class="x" href="data:text/html,<script>alert(1)</script>">data 链接</a>`,
  '<style>body { display: none }</style>',
  '<p style="position:fixed;inset:0;background:red">样式覆盖</p>',
  '<base href="https://evil.test/">',
  `<meta http-equiv="refresh" content="0;url=javascript:${push('meta')}">`,
  `<form action="javascript:${push('form')}"><button class="x">提交</button></form>`,
  `<noscript><p title="</noscript><img src=x onerror=${push('mxss-noscript')}>">`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${push('mxss-math')}>`,
  `<details open ontoggle="${push('ontoggle')}">详情</details>`,
  `<svg><a xlink:href="javascript:${push('svg-href')}"><text x="20" y="20">svg</text></a></svg>`,
  `<img src="https://example.com/a.png" data-src="javascript:${push('lazy')}">`,
  `&lt;script&gt;${push('escaped')}&lt;/script&gt;`,
  `<a class="x" href="https://example.com/out">外部链接</a>`,
  `<p>未闭合 <b>粗体 <img src=x onerror=${push('unclosed')}`,
];

export function hostileFeed() {
  const items = PAYLOADS.map((payload, i) => ({
    id: `xss-${i}`,
    title: `标题${i} <img src=x onerror=${push(`title-${i}`)}>`,
    summary: `摘要${i} <script>${push(`summary-${i}`)}</script>`,
    content_html: `<p>SAFE-${i}</p>${payload}<p>END-${i}</p>`,
    image: `javascript:${push(`image-${i}`)}`,
    tags: [`<b onmouseover=${push(`tag-${i}`)}>标签</b>`],
    date_published: `2021-09-${String((i % 28) + 1).padStart(2, '0')}T08:00:00+08:00`,
    _portal: { channel: 'c', views: i, featured: i % 3 === 0, source: `<i onclick=${push('source')}>来源</i>` },
  }));
  return {
    version: V11,
    title: '<script>document.title = "pwned"</script>',
    items,
    _portal: {
      site_name: `门户<img src=x onerror=${push('site-name')}>`,
      slogans: [`<script>${push('slogan')}</script>标语`],
      channels: [{ slug: 'c', name: `栏目<svg onload=${push('channel')}>` }],
      tiles: [
        { title: 'js 专题', url: `javascript:${push('tile-url')}`, image: `javascript:${push('tile-img')}` },
        { title: 'data 专题', url: 'data:text/html,<script>alert(1)</script>', image: 'data:image/svg+xml,<svg onload=alert(1)>' },
        { title: '正常专题', url: '/channel/c' },
      ],
      footer_links: [
        { title: 'js 页脚', url: `JaVaScRiPt:${push('footer')}` },
        { title: '外部', url: 'https://example.com/' },
      ],
      pages: [{ slug: 'about', title: '关于', content_html: `<p>关于正文</p><script>${push('page')}</script><img src=x onerror=${push('page-img')}>` }],
      icp: { text: 'ICP备', url: `javascript:${push('icp')}` },
      disclaimer: `<script>${push('disclaimer')}</script>免责`,
    },
  };
}
