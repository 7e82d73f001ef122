#!/usr/bin/env node
// Deterministic generator of large portal feeds (JSON Feed 1.1 + `_portal`, docs/content-format.md),
// laid out like a deployable content directory:
//
//   OUT/feed.json                 first page: the whole `_portal` (channels, page_size 10,
//                                 article_url "articles/{id}.json"), the newest items, next_url
//   OUT/feed-2.json … feed-K.json older pages, each with next_url to the next (the last has none)
//   OUT/articles/<id>.json        one JSON Feed per article, whose items hold that one article,
//                                 so a deep link to an old item costs one request
//   OUT/images/…                  the bundled pictures (copied from dist/content/images when
//                                 found), referred to relatively: images/x.svg from the pages,
//                                 ../images/x.svg from the article files
//   OUT/channels/<slug>.json …    only with --channel-feeds: a paged feed per channel, named by
//                                 `channels[].feed_url` (docs/content-format.md)
//
// The same seed gives byte-identical output (a seeded PRNG, no Math.random, fixed dates).
// Items are made and written one page at a time, with a bounded number of files in flight, so
// 100,000 items need little memory.
//
//   node bench/generate.mjs --items 10000 --out /tmp/feed-10k [--seed 42] [--page-items 100]
//                           [--channel-feeds] [--images DIR]

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_IMAGES = path.resolve(HERE, '../dist/content/images');

// ---------------------------------------------------------------------------------------------
// PRNG: sfc32 seeded through splitmix32, so any integer seed gives a well-mixed state.

function splitmix32(a) {
  return () => {
    a |= 0;
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return ((t ^ (t >>> 15)) >>> 0);
  };
}

export function makeRng(seed) {
  const init = splitmix32(seed >>> 0);
  let a = init(), b = init(), c = init(), d = init();
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), // inclusive
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

// ---------------------------------------------------------------------------------------------
// Vocabulary.

const PLACES = [
  '北京', '上海', '深圳', '杭州', '合肥', '武汉', '成都', '西安', '南京', '苏州', '广州', '重庆', '天津',
  '长沙', '青岛', '厦门', '宁波', '温州', '东莞', '佛山', '郑州', '济南', '沈阳', '大连', '哈尔滨', '昆明',
  '贵阳', '南昌', '福州', '无锡', '常州', '珠海', '中关村', '张江', '粤港澳大湾区', '长三角', '成渝地区',
  '京津冀', '雄安新区', '滨海新区', '光谷', '西部科学城',
];
const FIELDS = [
  '人工智能', '量子信息', '集成电路', '生物医药', '新能源汽车', '氢能', '储能', '光伏', '新材料', '工业互联网',
  '大数据', '云计算', '区块链', '5G通信', '卫星互联网', '商业航天', '低空经济', '智能制造', '机器人', '脑科学',
  '合成生物', '基因编辑', '高端装备', '数字孪生', '元宇宙', '智慧农业', '海洋科技', '碳中和', '先进计算',
  '第三代半导体', '柔性电子', '创新药', '医疗器械', '算力网络', '大模型', '自动驾驶', '固态电池', '核聚变',
];
const OBJECTS = [
  '产业集群', '创新平台', '重点实验室', '科技成果转化', '关键核心技术攻关', '孵化载体', '科创走廊', '高新区',
  '新型研发机构', '产业创新中心', '揭榜挂帅项目', '专精特新企业', '高新技术企业', '人才高地', '科技金融',
  '创新联合体', '中试基地', '产业链', '应用场景', '标准体系', '知识产权保护', '技术交易市场', '概念验证中心',
  '国家实验室', '大科学装置', '创新生态', '数字化转型', '产学研合作', '科技型中小企业', '示范应用',
];
const VERBS = [
  '加快布局', '全面推进', '持续深化', '积极探索', '着力打造', '大力发展', '加速建设', '系统谋划', '率先突破',
  '稳步推进', '全力攻坚', '深入实施', '优化提升', '协同推动', '聚力培育', '高质量建设', '创新发展', '提速扩容',
];
const TITLE_TAILS = [
  '取得新进展', '跑出加速度', '迈上新台阶', '按下快进键', '释放新动能', '打开新空间', '交出亮眼成绩单',
  '形成新格局', '再获突破', '成效显著', '引领产业升级', '赋能高质量发展', '助力科技自立自强', '开启新篇章',
];
const SUBJECTS = [
  '科技部', '省科技厅', '市科技局', '高新区管委会', '研究团队', '科研人员', '龙头企业', '专家学者', '园区企业',
  '创新联合体成员单位', '高校院所', '行业协会', '投资机构', '创业团队', '工程技术中心', '项目负责人',
];
const ACTIONS = [
  '围绕', '聚焦', '依托', '立足', '瞄准', '面向', '紧扣', '坚持',
];
const CLAUSES = [
  '不断完善从基础研究到产业化的全链条服务体系',
  '推动创新链产业链资金链人才链深度融合',
  '累计引进高层次人才团队数十个',
  '研发投入强度连续多年位居前列',
  '一批标志性成果实现从0到1的突破',
  '为区域经济高质量发展注入强劲动力',
  '形成了可复制可推广的经验做法',
  '重点项目签约总额创历史新高',
  '新增发明专利授权数量同比增长明显',
  '企业研发费用加计扣除政策惠及更多主体',
  '打通科技成果转化的最后一公里',
  '构建开放协同的创新生态',
  '加快培育发展新质生产力',
  '实现关键材料和核心部件的自主可控',
  '带动上下游配套企业集聚发展',
  '持续优化创新创业环境',
  '示范效应和辐射带动作用日益凸显',
  '相关技术指标达到国际先进水平',
  '首批试点项目已进入中试阶段',
  '计划在三年内建成国内领先的公共服务平台',
];
const COUNTS = ['12', '28', '35', '46', '57', '103', '150', '200', '326', '1200'];
const MEASURES = ['家企业', '个项目', '项成果', '名人才', '个平台', '支创新团队'];
const AMOUNTS = ['3.2亿元', '8.5亿元', '16亿元', '120亿元', '2.4万亿元'];
const PERCENTS = ['6.8%', '12%', '15.3%', '23.7%', '40%'];
const METRICS = ['研发投入', '技术合同成交额', '高新技术产业增加值', '发明专利授权量', '科技型企业营收'];
// Names (companies, people, projects) drawn from many characters, and numbers drawn at random,
// keep the text from repeating the way a small vocabulary would: real news compresses about
// 3–4× with brotli, a handful of phrases far better.
const NAME_CHARS =
  '华中国新天海金宏达泰盛博创联信安康宁远恒鑫瑞丰祥和嘉源昌隆兴旺明光辉智慧云数通网星辰航宇鼎晟睿思卓越优品' +
  '正德诚友邦融汇聚力凯腾飞长江黄河东方南山北斗西湖景致青松翠竹锦程万里同仁合众永利佳美启迪微纳芯晶磁能电' +
  '普惠广益立新维拓展耀领航先锋前沿精工匠心一二三四五六七八九百千亿元春夏秋冬江浙闽粤湘鄂川渝陕甘宁蒙吉辽' +
  '黑苏皖赣鲁豫冀晋桂琼贵云藏疆港澳台洲岛湾峰岭谷原林泉溪湖河川渊澜涛浩瀚清源远志鸿鹏程骏驰逸轩宇昊旭阳晨曦' +
  '曜灵犀睿智聪颖敏捷坚毅笃实弘毅致远明德至善格物致知厚积薄发';
/** Common characters, for a lexicon of made-up two-character words (see LEXICON). */
const COMMON_CHARS =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经' +
  '十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全' +
  '表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员' +
  '革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处' +
  '府研质界光务易造治律史议算量达精传技属护改院确布近联科策益信维持适领团调层价术效持观导收规划服源谈环保储检验构测推示范培育';
const LEXICON = (() => {
  const r = makeRng(7);
  const words = new Set();
  while (words.size < 4000) {
    words.add(COMMON_CHARS[Math.floor(r.next() * COMMON_CHARS.length)] + COMMON_CHARS[Math.floor(r.next() * COMMON_CHARS.length)]);
  }
  return [...words];
})();
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const INDUSTRY = ['科技', '智能', '生物', '新材料', '能源', '电子', '软件', '医疗', '半导体', '装备', '信息', '光电', '数据', '环保', '航天'];
const COMPANY_SUFFIX = ['有限公司', '股份有限公司', '集团', '研究院', '创新中心', '实验室'];
const ROLES = ['董事长', '总经理', '首席科学家', '研究员', '教授', '主任', '副局长', '项目负责人', '技术总监', '工程师'];
const EVENTS = ['创新大会', '成果发布会', '产业对接会', '技术交流会', '创新创业大赛', '高峰论坛', '项目签约仪式', '科技活动周'];
const ADVERBS = ['进一步', '持续', '加快', '全面', '积极', '着力', '深入', '稳步', '系统', '大力'];
const OUTCOMES = ['实现量产', '完成中试', '通过验收', '投入运营', '形成示范', '达到国际先进水平', '填补国内空白', '降低成本三成以上'];

const SOURCES = [
  '科技日报', '中国科技网', '新华社', '人民网', '省科技厅', '市科技局', '高新区管委会', '科创资讯门户编辑部',
  '经济日报', '光明日报',
];
const AUTHORS = ['张明', '李华', '王芳', '刘洋', '陈静', '杨帆', '赵磊', '黄婷', '周涛', '吴敏'];

export const CHANNELS = [
  { slug: 'difang', name: '地方科创', description: '各地科技创新动态与科创高地建设实践', weight: 30 },
  { slug: 'zhengce', name: '科技政策', description: '科技政策发布、解读与申报指南', weight: 25 },
  { slug: 'chanye', name: '产业动态', description: '新兴产业、重大项目与企业创新进展', weight: 20 },
  { slug: 'yuanqu', name: '科创园区', description: '高新区、科创走廊、孵化器与产业园区资讯', weight: 14 },
  { slug: 'rencai', name: '人才科研', description: '人才引进培养、科研平台与成果转化', weight: 10 },
  // A rare channel: ~1 item in 100, so its first list page needs several pages of the feed.
  { slug: 'kepu', name: '科普视窗', description: '前沿科学知识与科普活动', weight: 1 },
];
const CHANNEL_TOTAL = CHANNELS.reduce((s, c) => s + c.weight, 0);

const TAGS = [
  '氢能', '人工智能', '量子', '芯片', '新能源', '科创走廊', '自创区', '孵化器', '园区', '人才', '政策解读',
  '成果转化', '专精特新', '数字经济', '企业创新', '碳中和', '生物医药', '航天', '低空经济', '大模型',
  '智能制造', '新材料', '科技金融', '知识产权', '高新区', '实验室', '沙蓬', '创新', '科普', '储能',
];

const IMAGES = [
  'corridor.svg', 'desert-farming.svg', 'digital-factory.svg', 'figure-workspace.svg', 'growth-chart.svg',
  'hydrogen-lab.svg', 'hydrogen-station.svg', 'hydrogen-truck.svg', 'incubator.svg', 'industrial-park.svg',
  'policy.svg', 'wenzhou-kechuang.svg',
];

// ---------------------------------------------------------------------------------------------
// Text.

/** Cuts to at most `max` characters (all vocabulary is in the BMP: length counts characters). */
const cut = (s, max) => (s.length > max ? s.slice(0, max) : s);

function title(rng) {
  const target = rng.int(15, 30);
  let s = rng.pick(PLACES) + rng.pick(VERBS) + rng.pick(FIELDS) + rng.pick(OBJECTS);
  if (s.length > 30) s = rng.pick(PLACES) + rng.pick(FIELDS) + rng.pick(TITLE_TAILS);
  const extras = [
    () => ' ' + rng.pick(TITLE_TAILS),
    () => '，' + rng.pick(FIELDS) + rng.pick(OBJECTS) + rng.pick(TITLE_TAILS),
    () => '：' + rng.pick(SUBJECTS) + rng.pick(VERBS) + rng.pick(OBJECTS),
  ];
  // Whole phrases only: add one when it fits in 30 characters, until the target length.
  for (let tries = 0; s.length < target && tries < 6; tries++) {
    const more = s + rng.pick(extras)();
    if (more.length <= 30) s = more;
    if (/[ ，：]/.test(s)) break; // one extra phrase is enough for a headline
  }
  for (let tries = 0; s.length < 15 && tries < 50; tries++) {
    const more = s + rng.pick(TITLE_TAILS);
    if (more.length <= 30) s = more;
  }
  return s.length < 15 ? (s + '科技创新成果丰硕').slice(0, 15) : s;
}

const nameOf = (rng, lo, hi) => {
  let n = '';
  for (let i = rng.int(lo, hi); i > 0; i--) n += NAME_CHARS[Math.floor(rng.next() * NAME_CHARS.length)];
  return n;
};
const company = (rng) => `${nameOf(rng, 2, 3)}${rng.pick(INDUSTRY)}${rng.pick(COMPANY_SUFFIX)}`;
const person = (rng) => SURNAMES[Math.floor(rng.next() * SURNAMES.length)] + nameOf(rng, 1, 2);
const count = (rng) => String(rng.int(2, rng.chance(0.3) ? 9999 : 300));
const percent = (rng) => `${rng.int(1, 60)}.${rng.int(0, 9)}%`;
const amount = (rng) => (rng.chance(0.5) ? `${rng.int(1, 999)}.${rng.int(1, 9)}亿元` : `${rng.int(100, 9999)}万元`);
/** Made-up words, the common ones far more often (roughly as word frequencies fall off). */
const lex = (rng, n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += LEXICON[Math.floor(LEXICON.length * rng.next() * rng.next())];
  return s;
};
const clause = (rng) => {
  const r = rng.next();
  if (r < 0.15) return rng.pick(CLAUSES);
  if (r < 0.3) return `${rng.pick(ADVERBS)}${rng.pick(VERBS)}${rng.pick(FIELDS)}${rng.pick(OBJECTS)}`;
  return `${lex(rng, rng.int(1, 3))}${rng.pick(FIELDS)}${lex(rng, rng.int(2, 5))}`;
};

function sentence(rng) {
  switch (rng.int(0, 8)) {
    case 0:
      return `${rng.pick(SUBJECTS)}${rng.pick(ACTIONS)}${rng.pick(FIELDS)}${rng.pick(OBJECTS)}，${clause(rng)}。`;
    case 1:
      return `${rng.pick(PLACES)}${rng.pick(VERBS)}${rng.pick(FIELDS)}${rng.pick(OBJECTS)}，已集聚${count(rng)}${rng.pick(MEASURES)}，${clause(rng)}。`;
    case 2:
      return `据介绍，${company(rng)}在${rng.pick(FIELDS)}领域${rng.pick(VERBS)}，${clause(rng)}。`;
    case 3:
      return `“${rng.pick(ACTIONS)}${rng.pick(FIELDS)}，关键在于${rng.pick(OBJECTS)}。”${company(rng)}${rng.pick(ROLES)}${person(rng)}表示，下一步将${rng.pick(VERBS)}${rng.pick(OBJECTS)}。`;
    case 4:
      return `今年以来，${rng.pick(PLACES)}新增${count(rng)}${rng.pick(MEASURES)}，${rng.pick(METRICS)}同比增长${percent(rng)}，${clause(rng)}。`;
    case 5:
      return `${company(rng)}${rng.pick(FIELDS)}项目总投资${amount(rng)}，预计${rng.int(2025, 2030)}年${rng.pick(OUTCOMES)}。`;
    case 6:
      return `${rng.int(1, 12)}月${rng.int(1, 28)}日，${rng.pick(PLACES)}${rng.pick(FIELDS)}${rng.pick(EVENTS)}举行，${count(rng)}家单位参加，现场签约${amount(rng)}。`;
    case 7:
      return `${person(rng)}${rng.pick(ROLES)}带领团队${rng.pick(ADVERBS)}攻关${rng.pick(FIELDS)}，${rng.pick(OUTCOMES)}。`;
    default:
      return `${rng.pick(PLACES)}${rng.pick(METRICS)}达到${amount(rng)}，占比${percent(rng)}，${clause(rng)}。`;
  }
}

/** A paragraph of 60–160 characters, ending on a full stop. */
function paragraph(rng) {
  const target = rng.int(60, 160);
  let s = '';
  while (s.length < target) s += sentence(rng);
  if (s.length > 160) {
    const stop = s.lastIndexOf('。', 159);
    s = stop >= 59 ? s.slice(0, stop + 1) : s.slice(0, 159) + '。';
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Items and files.

const pad = (n) => String(n).padStart(2, '0');
/** RFC 3339 in Asia/Shanghai (+08:00) of epoch milliseconds. */
function shanghai(ms) {
  const d = new Date(ms + 8 * 3600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00+08:00`;
}

/** The id of the i-th newest item: g000000 is the newest. Plain ASCII: no route encoding. */
export const itemId = (i) => `g${String(i).padStart(6, '0')}`;

function channelOf(rng) {
  let r = rng.next() * CHANNEL_TOTAL;
  for (const c of CHANNELS) {
    r -= c.weight;
    if (r < 0) return c.slug;
  }
  return CHANNELS[0].slug;
}

/** One item; `imagePrefix` is how the file it goes in reaches OUT/images/. */
function makeItem(rng, i, dateMs) {
  const paragraphs = Array.from({ length: rng.int(5, 12) }, () => paragraph(rng));
  // 核心提示: the first sentence(s) of the body, up to about 80 characters.
  const sentences = paragraphs[0].match(/[^。]+。/g) || [paragraphs[0]];
  let summary = sentences[0];
  if (summary.length < 40 && sentences[1] && summary.length + sentences[1].length <= 90) summary += sentences[1];
  const tags = new Set();
  const tagCount = rng.int(1, 4);
  while (tags.size < tagCount) tags.add(rng.pick(TAGS));
  // Views: most items read a little, a few a lot (ranking has something to rank).
  const views = Math.floor(20 + 5000 * Math.pow(rng.next(), 6));
  const item = {
    id: itemId(i),
    title: title(rng),
    summary,
    content_html: paragraphs.map((p) => `<p>${p}</p>`).join(''),
    image: rng.chance(0.3) ? rng.pick(IMAGES) : undefined,
    date_published: shanghai(dateMs),
    tags: [...tags],
    authors: rng.chance(0.5) ? [{ name: rng.pick(AUTHORS) }] : undefined,
    _portal: {
      channel: channelOf(rng),
      source: rng.pick(SOURCES),
      views,
      featured: rng.chance(0.04),
    },
  };
  return item;
}

/**
 * One item as an editor adds it after `newest`: ten minutes later, in the same channel, not
 * featured (a featured item enters every page's sidebar), read once.
 */
export function itemAfter(newest, id, title) {
  return {
    ...newest,
    id,
    title,
    date_published: new Date(Date.parse(newest.date_published) + 600_000).toISOString(),
    _portal: { ...newest._portal, featured: false, views: 1 },
  };
}

/** The item as a file at `prefix` from OUT sees it (its image relative to that file). */
function itemFor(item, prefix) {
  if (!item.image) return item;
  return { ...item, image: `${prefix}images/${item.image}` };
}

function portalExtension(pageSize, channelFeeds) {
  return {
    site_name: '科创资讯门户',
    slogans: ['科技是第一生产力、人才是第一资源、创新是第一动力', '加快建设科技强国，实现高水平科技自立自强'],
    tiles: [
      { title: '氢能科技', url: '/tag/氢能', image: 'images/tiles/hydrogen.svg' },
      { title: '人工智能', url: '/tag/人工智能', image: 'images/tiles/chaolian.svg' },
      { title: '企业创新', url: '/tag/企业创新', image: 'images/tiles/lianyuan.svg' },
      { title: '园区 · 科创走廊', url: '/tag/科创走廊', image: 'images/tiles/park-corridor.svg' },
      { title: '园区 · 孵化载体', url: '/tag/孵化器', image: 'images/tiles/park-incubator.svg' },
      { title: '科普视窗', url: '/channel/kepu' },
    ],
    channels: CHANNELS.map(({ slug, name, description }) => ({
      slug,
      name,
      description,
      ...(channelFeeds ? { feed_url: `channels/${slug}.json` } : {}),
    })),
    pages: [
      { slug: 'about', title: '关于我们', content_html: '<p>本站内容由基准测试程序生成，仅用于衡量门户在大量资讯下的表现。</p>' },
    ],
    footer_links: [{ title: '关于我们', url: '/page/about' }],
    icp: { text: '京ICP备00000000号-1（示例）', url: 'https://beian.miit.gov.cn/' },
    disclaimer: '免责声明：本文为基准测试生成的示例内容，不是真实新闻。',
    page_size: pageSize,
    article_url: 'articles/{id}.json',
  };
}

/** Writes files with at most `limit` in flight. */
function writer(limit = 64) {
  const inFlight = new Set();
  let bytes = 0;
  let files = 0;
  return {
    async write(file, text) {
      while (inFlight.size >= limit) await Promise.race(inFlight);
      const p = fsp.writeFile(file, text).then(() => inFlight.delete(p));
      inFlight.add(p);
      bytes += Buffer.byteLength(text);
      files += 1;
    },
    async drain() {
      await Promise.all(inFlight);
    },
    get bytes() {
      return bytes;
    },
    get files() {
      return files;
    },
  };
}

/**
 * Generates `items` items into `out` (created; emptied first when it exists).
 * Returns { items, pages, files, bytes, firstPageBytes, ms, ids: {newest, oldest}, channels }.
 */
export async function generate({
  items,
  out,
  seed = 20210902,
  pageItems = 100,
  pageSize = 10,
  channelFeeds = false,
  images = DEFAULT_IMAGES,
}) {
  const started = performance.now();
  if (!Number.isInteger(items) || items < 1) throw new Error(`--items must be a positive integer, not ${items}`);
  if (items > 999_999) throw new Error('at most 999,999 items (ids have 6 digits)');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(path.join(out, 'articles'), { recursive: true });
  if (channelFeeds) fs.mkdirSync(path.join(out, 'channels'), { recursive: true });
  if (fs.existsSync(images)) fs.cpSync(images, path.join(out, 'images'), { recursive: true });

  const rng = makeRng(seed);
  const w = writer();
  const pages = Math.ceil(items / pageItems);
  const pageName = (p) => (p === 1 ? 'feed.json' : `feed-${p}.json`);
  const head = {
    version: 'https://jsonfeed.org/version/1.1',
    title: '科创资讯门户',
    description: '科创资讯门户基准测试内容：生成的科技创新资讯。',
    language: 'zh-CN',
  };
  // Newest item: a fixed date; each older one 5 minutes to 6 hours before the previous.
  let dateMs = Date.UTC(2025, 5, 30, 1, 0, 0);
  let firstPageBytes = 0;
  const perChannel = Object.fromEntries(CHANNELS.map((c) => [c.slug, []]));
  const channelPageCount = Object.fromEntries(CHANNELS.map((c) => [c.slug, 0]));
  const channelCounts = Object.fromEntries(CHANNELS.map((c) => [c.slug, 0]));

  // Channel feeds: a page is written once an item beyond it exists, so its next_url is known to
  // lead somewhere; what is left at the end is each channel's last page (empty for a channel
  // without items).
  const writeChannelPage = async (slug, list, last) => {
    channelPageCount[slug] += 1;
    const n = channelPageCount[slug];
    const name = n === 1 ? `${slug}.json` : `${slug}-${n}.json`;
    const feed = {
      ...head,
      title: `${head.title} · ${CHANNELS.find((c) => c.slug === slug).name}`,
      ...(last ? {} : { next_url: `${slug}-${n + 1}.json` }),
      items: list.map((it) => itemFor(it, '../')),
    };
    await w.write(path.join(out, 'channels', name), JSON.stringify(feed));
  };

  for (let p = 1; p <= pages; p++) {
    const from = (p - 1) * pageItems;
    const to = Math.min(items, from + pageItems);
    const pageList = [];
    for (let i = from; i < to; i++) {
      const item = makeItem(rng, i, dateMs);
      dateMs -= rng.int(5, 360) * 60_000;
      pageList.push(item);
      channelCounts[item._portal.channel] += 1;
      await w.write(
        path.join(out, 'articles', `${item.id}.json`),
        JSON.stringify({ ...head, title: item.title, items: [itemFor(item, '../')] }),
      );
      if (channelFeeds) {
        const list = perChannel[item._portal.channel];
        list.push(item);
        if (list.length > pageItems) await writeChannelPage(item._portal.channel, list.splice(0, pageItems), false);
      }
    }
    const feed = {
      ...head,
      ...(p === 1 ? { _portal: portalExtension(pageSize, channelFeeds) } : {}),
      ...(p < pages ? { next_url: pageName(p + 1) } : {}),
      items: pageList.map((it) => itemFor(it, '')),
    };
    const text = JSON.stringify(feed);
    if (p === 1) firstPageBytes = Buffer.byteLength(text);
    await w.write(path.join(out, pageName(p)), text);
  }
  if (channelFeeds) {
    for (const c of CHANNELS) await writeChannelPage(c.slug, perChannel[c.slug], true);
  }
  await w.drain();
  return {
    items,
    pages,
    files: w.files,
    bytes: w.bytes,
    firstPageBytes,
    ms: performance.now() - started,
    ids: { newest: itemId(0), oldest: itemId(items - 1) },
    channels: channelCounts,
  };
}

// ---------------------------------------------------------------------------------------------
// RSS 2.0, as a CMS writes it: the input of `portal import` (bench section f).

const xmlText = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** RFC 822 in +0800, as WordPress writes pubDate for a site set to Asia/Shanghai. */
function rfc822(ms) {
  const d = new Date(ms + 8 * 3600_000);
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00 +0800`;
}

/**
 * One RSS 2.0 file of `items` items in WordPress's shape (guid `?p=N`, `content:encoded` in
 * CDATA, `dc:creator`, `<category>` per tag, RFC 822 dates), newest first, the same items as
 * `generate` makes. With `targetBytes`, items are added until the file reaches that size (an
 * archive export). Streams to `file`. Returns { items, bytes, ms }.
 */
export async function generateRss({ file, items = Infinity, targetBytes = Infinity, seed = 20210902 }) {
  const started = performance.now();
  if (items === Infinity && targetBytes === Infinity) throw new Error('--rss needs --items or --mb');
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const out = fs.createWriteStream(file);
  const write = (text) => (out.write(text) ? null : new Promise((r) => out.once('drain', r)));
  let bytes = 0;
  const put = async (text) => {
    bytes += Buffer.byteLength(text);
    await write(text);
  };
  await put(
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" ' +
      'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n<title>科创资讯门户 示例归档</title>\n' +
      '<link>https://kechuang.example.cn/</link>\n<description>基准测试生成的示例内容，不是真实新闻。</description>\n' +
      '<language>zh-CN</language>\n',
  );
  const rng = makeRng(seed);
  let dateMs = Date.UTC(2025, 5, 30, 1, 0, 0);
  let i = 0;
  for (; i < items && bytes < targetBytes; i++) {
    const item = makeItem(rng, i, dateMs);
    const published = rfc822(dateMs);
    dateMs -= rng.int(5, 360) * 60_000;
    const link = `https://kechuang.example.cn/${item._portal.channel}/${item.id}.html`;
    const picture = item.image ? `<p><img src="https://kechuang.example.cn/uploads/${item.image}" alt=""></p>` : '';
    await put(
      `<item>\n<title>${xmlText(item.title)}</title>\n<link>${link}</link>\n` +
        `<guid isPermaLink="false">https://kechuang.example.cn/?p=${900000 - i}</guid>\n` +
        `<pubDate>${published}</pubDate>\n` +
        (item.authors ? `<dc:creator><![CDATA[${item.authors[0].name}]]></dc:creator>\n` : '') +
        item.tags.map((t) => `<category><![CDATA[${t}]]></category>\n`).join('') +
        `<description><![CDATA[${item.summary}]]></description>\n` +
        `<content:encoded><![CDATA[${picture}${item.content_html}]]></content:encoded>\n</item>\n`,
    );
  }
  await put('</channel>\n</rss>\n');
  await new Promise((resolve, reject) => out.end((e) => (e ? reject(e) : resolve())));
  return { items: i, bytes, ms: performance.now() - started };
}

// ---------------------------------------------------------------------------------------------
// Command line.

function parseArgs(argv) {
  const args = { seed: 20210902, pageItems: 100, channelFeeds: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--items' || a === '-n') args.items = Number(value().replace(/[_,]/g, ''));
    else if (a === '--out' || a === '-o') args.out = value();
    else if (a === '--seed') args.seed = Number(value());
    else if (a === '--page-items') args.pageItems = Number(value());
    else if (a === '--page-size') args.pageSize = Number(value());
    else if (a === '--images') args.images = value();
    else if (a === '--channel-feeds') args.channelFeeds = true;
    else if (a === '--rss') args.rss = value();
    else if (a === '--mb') args.mb = Number(value());
    else if (a === '--help' || a === '-h') args.help = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`generate: ${e.message}`);
    process.exit(2);
  }
  const usage =
    'usage: node bench/generate.mjs --items N --out DIR [--seed S] [--page-items 100] [--page-size 10] [--channel-feeds] [--images DIR]\n' +
    '       node bench/generate.mjs --rss FILE (--items N | --mb M) [--seed S]';
  if (args.rss && (args.items || args.mb)) {
    const r = await generateRss({ file: args.rss, items: args.items || Infinity, targetBytes: args.mb ? args.mb * 1e6 : Infinity, seed: args.seed });
    console.log(`generated an RSS 2.0 of ${r.items} items, ${(r.bytes / 1e6).toFixed(1)} MB in ${(r.ms / 1000).toFixed(1)} s → ${args.rss}`);
    process.exit(0);
  }
  if (args.help || !args.items || !args.out) {
    console.log(usage);
    process.exit(args.help ? 0 : 2);
  }
  const r = await generate(args);
  console.log(
    `generated ${r.items} items in ${r.pages} pages, ${r.files} files, ${(r.bytes / 1e6).toFixed(1)} MB ` +
      `(first page ${(r.firstPageBytes / 1024).toFixed(0)} KiB) in ${(r.ms / 1000).toFixed(1)} s → ${args.out}`,
  );
}
