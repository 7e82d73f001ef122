// Draws the sample's share picture, content-src/images/share.jpg (site.toml's share_image):
// what a link preview, WeChat's share card included, shows for a page without a raster
// picture of its own. WeChat ignores SVG, and every other picture of the sample is one.
//
//   node scripts/share-image.mjs        (then: portal import --site content-src/site.toml --out public/content)
//
// A 600×600 square (WeChat crops its card's picture to a square; at least 300×300 is asked),
// drawn by Debian's headless Chromium (CHROMIUM) from the HTML below, in the portal's colours
// and system CJK font. Square, so that no crop loses the name. A JPEG: the gradient made a
// 134 KB PNG, and a preview's fetcher gives up on large pictures.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { CHROMIUM_FLAGS } from '../tests/support/chromium.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(REPO, 'content-src/images/share.jpg');
const SIDE = 600;

const html = `<!doctype html><meta charset="utf-8"><style>
  html, body { margin: 0; width: ${SIDE}px; height: ${SIDE}px; }
  body { display: flex; flex-direction: column; justify-content: center; align-items: center; gap: 28px;
    background: linear-gradient(160deg, #083f78, #0b5cad); color: #fff;
    font-family: "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", sans-serif; }
  .name { font-size: 76px; font-weight: 700; letter-spacing: 4px; }
  .rule { width: 120px; height: 6px; background: #fff1a8; border-radius: 3px; }
  .line { font-size: 30px; opacity: 0.92; }
  .sample { position: absolute; bottom: 28px; font-size: 22px; opacity: 0.75; }
</style><div class="name">科创资讯门户</div><div class="rule"></div>
<div class="line">科技创新 · 政策 · 产业</div><div class="sample">示例内容</div>`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_FLAGS });
try {
  const page = await browser.newPage({ viewport: { width: SIDE, height: SIDE }, deviceScaleFactor: 1 });
  await page.setContent(html);
  await page.screenshot({ path: OUT, type: 'jpeg', quality: 85 });
  console.log(`wrote ${path.relative(REPO, OUT)} (${SIDE}×${SIDE})`);
} finally {
  await browser.close();
}
