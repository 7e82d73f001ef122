//! `portal import`: each format's fields mapped, encodings, duplicates across sources, the
//! site file, bad input (one line naming the source, an exit status, the output untouched),
//! the real Hexo Atom feed, and the bundled sample, which is its site file and sources.
use portal_core::test_support::{files_under, scratch, shared_fixtures, workspace_root as repo};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use portal_core::model::feed::parse_feed;
use portal_core::model::{Body, Catalog, Item};
use serde_json::Value;

use super::support::{portal, said};

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/import").join(name)
}

/// Imports `sources` into a fresh `out`; panics unless it succeeds. Returns the output and
/// the catalog the portal reads from the folder.
fn import(name: &str, sources: &[&str]) -> (String, Catalog) {
    let out = scratch(name).join("content");
    let mut args = vec!["import", "--out", out.to_str().expect("a path")];
    args.extend_from_slice(sources);
    let output = portal(&args);
    assert!(output.status.success(), "{}", said(&output));
    (said(&output), read_folder(&out))
}

/// The content folder as the portal reads it (the whole next_url chain).
fn read_folder(dir: &Path) -> Catalog {
    let url = "https://portal.test/content/feed.json";
    let first = std::fs::read_to_string(dir.join("feed.json")).expect("feed.json");
    let page = parse_feed(&first, url).expect("the imported feed parses");
    assert!(page.problems.is_empty(), "{:?}", page.problems);
    let mut catalog = Catalog::new(page, url);
    while let Some(next) = catalog.next_url.clone() {
        let file = next.rsplit('/').next().expect("a file name");
        let text = std::fs::read_to_string(dir.join(file)).expect("a next page");
        catalog.add_page(parse_feed(&text, &next).expect("parses"), &next);
    }
    catalog
}

fn item<'a>(catalog: &'a Catalog, id: &str) -> &'a Item {
    catalog.item(id).unwrap_or_else(|| panic!("no item {id}"))
}

fn html(item: &Item) -> &str {
    match &item.body {
        Body::Html(html) => html,
        other => panic!("{}: not HTML: {other:?}", item.id),
    }
}

#[test]
fn wordpress_rss_maps_field_by_field() {
    let source = fixture("wordpress-rss2.xml");
    let (said, catalog) = import("wordpress", &[source.to_str().expect("a path")]);
    assert!(said.contains("RSS 2.0, 4 items, 4 kept"), "{said}");
    assert_eq!(catalog.site.name, "示例科技局 – 新闻动态");
    let ids: Vec<&str> = catalog.latest().iter().map(|i| i.id.as_str()).collect();
    // Newest first; the item without a guid has its link as id.
    assert_eq!(
        ids,
        [
            "https://kjj.example.cn/?p=123",
            "https://kjj.example.cn/?p=118",
            "https://kjj.example.cn/2021/08/30/zhongchuang-kongjian/",
            "https://kjj.example.cn/?p=105",
        ]
    );
    let first = item(&catalog, "https://kjj.example.cn/?p=123");
    assert_eq!(
        first.title,
        "科技局召开2021年科技创新大会 “揭榜挂帅”项目签约"
    );
    assert_eq!(
        first.url.as_deref(),
        Some("https://kjj.example.cn/2021/09/03/kejichuangxin-dahui/")
    );
    assert_eq!(
        first.date.map(|d| d.rfc3339_shanghai()).as_deref(),
        Some("2021-09-03T09:30:00+08:00")
    );
    assert_eq!(first.tags, ["工作动态", "揭榜挂帅"]);
    assert_eq!(first.authors, ["科技局办公室"]);
    // content:encoded is the body (its script gone, ‘’ decoded); description the summary.
    assert!(html(first).contains("坚持‘四个面向’"), "{}", html(first));
    assert!(!html(first).contains("script"));
    assert!(first
        .summary
        .as_deref()
        .is_some_and(|s| s.starts_with("9月3日上午") && !s.contains('<')));
    // The body's first picture, when there is no enclosure.
    assert_eq!(
        first.image.as_deref(),
        Some("https://kjj.example.cn/wp-content/uploads/2021/09/dahui-1024x576.jpg")
    );
    let second = item(&catalog, "https://kjj.example.cn/?p=118");
    assert_eq!(
        second.image.as_deref(),
        Some("https://kjj.example.cn/wp-content/uploads/2021/09/tongzhi-cover.png"),
        "the enclosure"
    );
    // Dates: GMT without seconds, CST as China's.
    let gmt = item(
        &catalog,
        "https://kjj.example.cn/2021/08/30/zhongchuang-kongjian/",
    );
    assert_eq!(
        gmt.date.map(|d| d.rfc3339_shanghai()).as_deref(),
        Some("2021-08-30T18:00:00+08:00")
    );
    // Without content:encoded, the description is the body and there is no summary.
    assert!(html(gmt).contains("省级众创空间名单"));
    assert_eq!(gmt.summary, None);
    let cst = item(&catalog, "https://kjj.example.cn/?p=105");
    assert_eq!(
        cst.date.map(|d| d.rfc3339_shanghai()).as_deref(),
        Some("2021-08-28T15:20:00+08:00")
    );
}

#[test]
fn rss_1_and_atom_map_too() {
    let (said, rdf) = import("rss1", &[fixture("rss1-rdf.xml").to_str().expect("a path")]);
    assert!(said.contains("RSS 1.0, 2 items"), "{said}");
    let ganreyan = item(&rdf, "https://zhishi.example.org/entry/ganreyan");
    assert_eq!(ganreyan.authors, ["李研究员"]);
    // feed-rs 3 reads no dc:subject (its RSS 1.0 parser maps title, link, description,
    // content:encoded, dc:creator, dc:date, dc:description and dc:rights), so RSS 1.0 items
    // arrive without tags; docs/content-format.md says so.
    assert!(ganreyan.tags.is_empty());
    let chinese_date = item(&rdf, "https://zhishi.example.org/entry/qingneng");
    assert_eq!(
        chinese_date.date.map(|d| d.rfc3339_shanghai()).as_deref(),
        Some("2021-09-01T00:00:00+08:00"),
        "2021年09月01日, in the site's zone"
    );

    let (said, atom) = import(
        "atom",
        &[fixture("hugo-atom.xml").to_str().expect("a path")],
    );
    assert!(said.contains("Atom 1.0, 2 items"), "{said}");
    assert!(
        said.contains(
            "1 entries have no readable text: kept with their title and a link to the original"
        ),
        "{said}"
    );
    let catalyst = item(&atom, "tag:lab.example.com,2021:catalyst");
    assert_eq!(
        catalyst.title, "瓯江实验室发布新型催化剂",
        "an HTML title as text"
    );
    assert_eq!(
        catalyst.date.map(|d| d.rfc3339_shanghai()).as_deref(),
        Some("2021-09-02T10:00:00+08:00"),
        "published, not updated"
    );
    assert_eq!(catalyst.tags, ["材料", "催化剂"]);
    assert_eq!(
        catalyst.image.as_deref(),
        Some("https://lab.example.com/images/catalyst.png"),
        "a relative <img> resolved against the entry's link"
    );
    assert_eq!(
        catalyst.summary.as_deref(),
        Some("实验室团队研制出一种高效低成本的催化剂。")
    );
    let empty = item(&atom, "tag:lab.example.com,2021:empty");
    assert_eq!(empty.body, Body::Empty);
    assert_eq!(
        empty.url.as_deref(),
        Some("https://lab.example.com/posts/empty/")
    );
}

/// A distinct link per title, so the four feeds below are not duplicates of each other.
fn fnv_of(title: &str) -> u64 {
    portal_core::text::fnv1a(title.as_bytes())
}

#[test]
fn gbk_feeds_import_and_lying_declarations_are_read_as_what_they_are() {
    let dir = scratch("import-gbk-sources");
    let rss = |encoding: &str, title: &str| {
        let page = fnv_of(title);
        format!(
            r#"<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>省科技厅</title>
            <item><title>{title}</title><link>https://kjt.example.cn/a/{page}</link>
            <description>各地科技部门认真贯彻落实创新驱动发展战略，推动科技成果转化。</description>
            <pubDate>2021-09-02 10:00:00</pubDate></item></channel></rss>"#
        )
    };
    let gbk = |text: String| encoding_rs::GBK.encode(&text).0.into_owned();
    std::fs::write(
        dir.join("gbk.xml"),
        gbk(rss("GBK", "关于组织申报科技计划项目的通知")),
    )
    .expect("write");
    std::fs::write(
        dir.join("gb2312.xml"),
        gbk(rss("gb2312", "科技成果转化年度报告发布")),
    )
    .expect("write");
    // GBK declared, UTF-8 sent; UTF-8 declared, GBK sent.
    std::fs::write(
        dir.join("says-gbk.xml"),
        rss("GBK", "高新技术企业认定工作启动"),
    )
    .expect("write");
    std::fs::write(
        dir.join("says-utf8.xml"),
        gbk(rss("UTF-8", "科技特派员服务乡村振兴")),
    )
    .expect("write");
    let path = |name: &str| dir.join(name).display().to_string();
    let (said, catalog) = import(
        "gbk",
        &[
            &path("gbk.xml"),
            &path("gb2312.xml"),
            &path("says-gbk.xml"),
            &path("says-utf8.xml"),
        ],
    );
    let mut titles: Vec<&str> = catalog.latest().iter().map(|i| i.title.as_str()).collect();
    titles.sort();
    assert_eq!(
        titles,
        [
            "关于组织申报科技计划项目的通知",
            "科技成果转化年度报告发布",
            "科技特派员服务乡村振兴",
            "高新技术企业认定工作启动"
        ]
    );
    assert!(
        said.contains("declares “GBK” but its bytes are UTF-8"),
        "{said}"
    );
    assert!(
        said.contains("declares “UTF-8” but its bytes are not that: read as GB"),
        "{said}"
    );
}

#[test]
fn several_sources_into_channels_each_item_once() {
    let dir = scratch("import-dup-sources");
    // A second feed repeating one item by id and another by link, plus one of its own.
    let second = r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>示例通知公告</title>
        <item><title>重复：同一 guid</title><link>https://other.example.cn/x</link><guid>https://kjj.example.cn/?p=118</guid><description>重复</description></item>
        <item><title>重复：同一链接</title><link>https://kjj.example.cn/2021/08/30/zhongchuang-kongjian/</link><guid>other-1</guid><description>重复</description></item>
        <item><title>只在第二个源里</title><link>https://other.example.cn/only</link><guid>other-2</guid><description>第二个源</description><pubDate>Thu, 02 Sep 2021 08:00:00 +0800</pubDate></item>
        </channel></rss>"#;
    std::fs::write(dir.join("second.xml"), second).expect("write");
    let first = format!("{}=dongtai", fixture("wordpress-rss2.xml").display());
    let second = format!("{}=tonggao", dir.join("second.xml").display());
    let (said, catalog) = import("dups", &[&first, &second]);
    assert!(
        said.contains("3 items, 1 kept (2 repeating an item read before: same id or link)"),
        "{said}"
    );
    assert!(said.contains("2 duplicates kept once"), "{said}");
    assert_eq!(catalog.latest().len(), 5);
    assert_eq!(
        item(&catalog, "https://kjj.example.cn/?p=118")
            .channel
            .as_deref(),
        Some("dongtai"),
        "the first source's copy"
    );
    assert_eq!(
        item(&catalog, "other-2").channel.as_deref(),
        Some("tonggao")
    );
    // The channels are declared, named after their feeds.
    let names: Vec<(&str, &str)> = catalog
        .site
        .channels
        .iter()
        .map(|c| (c.slug.as_str(), c.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("dongtai", "示例科技局 – 新闻动态"),
            ("tonggao", "示例通知公告")
        ]
    );
    // Newest first across sources.
    let dates: Vec<_> = catalog.latest().iter().map(|i| i.date).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
}

#[test]
fn a_site_file_makes_a_plain_rss_a_whole_portal() {
    let dir = scratch("import-site-file");
    std::fs::create_dir_all(dir.join("pages")).expect("pages");
    std::fs::write(dir.join("pages/about.md"), "# 关于\n\n本站是**示例**。\n").expect("write");
    std::fs::write(
        dir.join("tile.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg'/>",
    )
    .expect("write");
    let site = format!(
        r#"name = "示例科创网"
description = "示例"
timezone = "Asia/Shanghai"
page_size = 5
site_id_code = "0000000000"
slogans = ["创新驱动发展"]
[[tiles]]
title = "工作动态"
url = "/channel/dongtai"
image = "tile.svg"
[[channels]]
slug = "dongtai"
name = "工作动态"
sources = ["{}"]
[[pages]]
slug = "about"
title = "关于我们"
file = "pages/about.md"
[[footer_links]]
title = "关于我们"
url = "/page/about"
[icp]
text = "京ICP备00000000号（示例）"
"#,
        fixture("wordpress-rss2.xml").display()
    );
    std::fs::write(dir.join("site.toml"), site).expect("write");
    let out = dir.join("content");
    let output = portal(&[
        "import",
        "--site",
        dir.join("site.toml").to_str().expect("a path"),
        "--out",
        out.to_str().expect("a path"),
    ]);
    assert!(output.status.success(), "{}", said(&output));
    let catalog = read_folder(&out);
    let site = &catalog.site;
    assert_eq!(site.name, "示例科创网");
    assert_eq!(site.page_size, 5);
    assert_eq!(site.site_id_code.as_deref(), Some("0000000000"));
    assert_eq!(site.slogans, ["创新驱动发展"]);
    assert_eq!(site.channels[0].slug, "dongtai");
    assert!(
        site.pages[0].content_html.contains("<strong>示例</strong>"),
        "Markdown"
    );
    assert!(
        out.join("tile.svg").is_file(),
        "the tile's picture is copied"
    );
    assert!(catalog
        .latest()
        .iter()
        .all(|i| i.channel.as_deref() == Some("dongtai")));
    // The folder passes `portal check`.
    let check = portal(&["check", out.to_str().expect("a path")]);
    assert!(check.status.success(), "{}", said(&check));

    // A wrong site file: one line naming the file and the line, status 2.
    std::fs::write(dir.join("bad.toml"), "name = \"x\"\npage_sise = 5\n").expect("write");
    let bad = portal(&[
        "import",
        "--site",
        dir.join("bad.toml").to_str().expect("a path"),
        "--out",
        out.to_str().expect("a path"),
    ]);
    assert_eq!(bad.status.code(), Some(2), "{}", said(&bad));
    assert!(
        said(&bad).contains("bad.toml: line 2: unknown field `page_sise`"),
        "{}",
        said(&bad)
    );
}

#[test]
fn bad_input_names_the_source_exits_non_zero_and_leaves_the_output_as_it_was() {
    let dir = scratch("import-bad-input");
    let out = dir.join("content");
    std::fs::create_dir_all(&out).expect("out");
    std::fs::write(out.join("feed.json"), "before").expect("write");
    let wordpress = std::fs::read_to_string(fixture("wordpress-rss2.xml")).expect("read");
    std::fs::write(dir.join("truncated.xml"), &wordpress[..wordpress.len() / 2]).expect("write");
    std::fs::write(dir.join("plain.txt"), "科技新闻").expect("write");
    std::fs::write(
        dir.join("broken.json"),
        "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [",
    )
    .expect("write");
    // A server that accepts and never answers.
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let silent = format!(
        "http://{}/feed.xml",
        listener.local_addr().expect("an address")
    );
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    let cases: Vec<(String, &str)> = vec![
        (
            fixture("not-a-feed.html").display().to_string(),
            "a web page (HTML), not a feed",
        ),
        (
            dir.join("truncated.xml").display().to_string(),
            "the file ends too early (truncated XML)",
        ),
        (
            dir.join("plain.txt").display().to_string(),
            "not a feed: neither XML (RSS, Atom) nor JSON",
        ),
        (
            dir.join("broken.json").display().to_string(),
            "the file ends too early (truncated JSON)",
        ),
        (
            dir.join("missing.xml").display().to_string(),
            "cannot be read",
        ),
        (silent.clone(), "no answer within 1 seconds (timed out)"),
    ];
    for (source, problem) in cases {
        let output = portal(&[
            "import",
            &source,
            "--out",
            out.to_str().expect("a path"),
            "--timeout",
            "1",
        ]);
        let said = String::from_utf8_lossy(&output.stderr).to_string();
        assert_eq!(output.status.code(), Some(1), "{source}: {said}");
        assert_eq!(said.lines().count(), 1, "one line: {said}");
        assert!(
            said.starts_with(&format!("portal import: {source}: ")),
            "{said}"
        );
        assert!(said.contains(problem), "{source}: {said}");
        assert_eq!(
            std::fs::read_to_string(out.join("feed.json")).expect("read"),
            "before"
        );
        assert_eq!(
            std::fs::read_dir(&out).expect("out").count(),
            1,
            "nothing added"
        );
    }
    // Nothing is left beside it either.
    let left: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.contains("importing"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // Usage errors: status 2.
    assert_eq!(
        portal(&["import", "x.xml"]).status.code(),
        Some(2),
        "no --out"
    );
}

/// The real Hexo Atom feed (../shared/fixtures/realworld/hexo-atom-zh-2023.xml): its summaries
/// are escaped HTML cut off inside a <script>, so no entry has readable text. The importer says
/// so and keeps titles and links, not the broken markup.
#[test]
fn the_real_hexo_atom_feed_says_what_it_could_not_use() {
    let Some(fixtures) = shared_fixtures(
        "realworld",
        "the_real_hexo_atom_feed_says_what_it_could_not_use",
    ) else {
        return;
    };
    let source = fixtures.join("hexo-atom-zh-2023.xml");
    let (said, catalog) = import("hexo", &[source.to_str().expect("a path")]);
    assert!(said.contains("Atom 1.0, 15 items, 15 kept"), "{said}");
    assert!(
        said.contains(
            "15 entries have no readable text: kept with their title and a link to the original"
        ),
        "{said}"
    );
    assert_eq!(catalog.latest().len(), 15);
    for entry in catalog.latest() {
        assert_eq!(entry.body, Body::Empty, "{}", entry.id);
        assert!(entry.url.is_some() && !entry.title.is_empty() && entry.date.is_some());
    }
    assert_eq!(catalog.site.name, "邓先生的博客");
}

/// public/content is what `portal import --site content-src/site.toml` writes, byte for byte.
#[test]
fn the_bundled_sample_is_its_site_file_and_sources() {
    let out = scratch("import-sample").join("content");
    let output = portal(&[
        "import",
        "--site",
        repo()
            .join("content-src/site.toml")
            .to_str()
            .expect("a path"),
        "--out",
        out.to_str().expect("a path"),
    ]);
    assert!(output.status.success(), "{}", said(&output));
    let published = repo().join("public/content");
    let written = files_under(&out);
    let bundled = files_under(&published);
    let names = |files: &[(PathBuf, Vec<u8>)]| -> Vec<PathBuf> {
        files.iter().map(|(name, _)| name.clone()).collect()
    };
    assert_eq!(names(&written), names(&bundled));
    for ((file, bytes), (_, expected)) in written.iter().zip(&bundled) {
        assert!(
            bytes == expected,
            "{} differs: run portal import --site content-src/site.toml --out public/content",
            file.display()
        );
    }
    let catalog = read_folder(&published);
    assert_eq!(catalog.latest().len(), 22);
    let first: Value =
        serde_json::from_str(&std::fs::read_to_string(published.join("feed.json")).expect("read"))
            .expect("JSON");
    assert_eq!(first["next_url"], "feed-2.json");
}

/// The header of a PNG of `width`×`height` (all the publisher reads of it).
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.extend([8, 2, 0, 0, 0]);
    bytes
}

/// `share_image`, the link preview's picture (WeChat's card ignores SVG): a PNG or JPEG of at
/// least 300×300 from the site file, copied into the folder; an SVG, a small picture or a
/// missing one stops the import naming the file, and `portal check` (which `build` runs) says
/// the same of a folder edited by hand; a source's own `_portal` cannot set it.
#[test]
fn the_share_picture_is_a_large_png_or_jpeg_from_the_site_file_only() {
    let dir = scratch("import-share-image");
    std::fs::write(
        dir.join("share.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg' width='600' height='600'/>",
    )
    .expect("write");
    std::fs::write(dir.join("small.png"), png_header(200, 630)).expect("write");
    std::fs::write(dir.join("share.png"), png_header(600, 600)).expect("write");
    std::fs::write(dir.join("other.png"), png_header(900, 900)).expect("write");
    // A local source that tries to set it.
    std::fs::write(
        dir.join("items.json"),
        r#"{"version": "https://jsonfeed.org/version/1.1", "title": "t",
            "_portal": {"share_image": "other.png"},
            "items": [{"id": "a", "title": "一", "content_text": "正文", "date_published": "2024-01-02T03:04:05+08:00"}]}"#,
    )
    .expect("write");
    let out = dir.join("content");
    let import_with = |image: &str| {
        let site =
            format!("name = \"示例\"\nsources = [\"items.json\"]\nshare_image = \"{image}\"\n");
        std::fs::write(dir.join("site.toml"), site).expect("write");
        portal(&[
            "import",
            "--site",
            dir.join("site.toml").to_str().expect("a path"),
            "--out",
            out.to_str().expect("a path"),
        ])
    };
    for (image, message) in [
        (
            "share.svg",
            "“share.svg” is an SVG, which WeChat's share card does not show",
        ),
        (
            "small.png",
            "“small.png” is a PNG of 200×630 pixels: a share picture needs at least 300×300",
        ),
    ] {
        let refused = import_with(image);
        assert!(!refused.status.success(), "{image}: {}", said(&refused));
        assert!(
            said(&refused).contains(&format!("feed.json _portal.share_image: {message}")),
            "{}",
            said(&refused)
        );
        assert!(!out.exists(), "nothing imported");
    }

    let output = import_with("share.png");
    assert!(output.status.success(), "{}", said(&output));
    assert!(
        said(&output).contains("share_image") && said(&output).contains("site file only"),
        "the source's own share_image is named as ignored: {}",
        said(&output)
    );
    let catalog = read_folder(&out);
    assert_eq!(
        catalog.site.share_image.as_deref(),
        Some("https://portal.test/content/share.png")
    );
    assert_eq!(
        std::fs::read(out.join("share.png")).expect("copied"),
        png_header(600, 600)
    );
    assert!(
        !out.join("other.png").exists(),
        "the source's picture is not copied"
    );

    // A folder edited by hand afterwards: `portal check` refuses a picture gone or replaced.
    std::fs::write(out.join("share.png"), b"<svg/>").expect("write");
    let check = portal(&["check", out.to_str().expect("a path")]);
    assert!(!check.status.success(), "{}", said(&check));
    assert!(
        said(&check).contains("“share.png” is an SVG"),
        "{}",
        said(&check)
    );
    std::fs::remove_file(out.join("share.png")).expect("remove");
    let check = portal(&["check", out.to_str().expect("a path")]);
    assert!(
        said(&check).contains("“share.png” is not in the content folder"),
        "{}",
        said(&check)
    );
}

/// 信息公开 from an RSS feed's Dublin Core elements and domain categories, as `[disclosure]`
/// in the site file maps them; a mapping that names neither is refused before anything is read.
#[test]
fn disclosure_fields_come_from_the_elements_the_site_file_names() {
    let dir = scratch("import-disclosure");
    let rss = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>科技厅</title><link>https://kjt.example.cn/</link><description>d</description>
<item>
  <title>关于印发《科技创新政策》的通知</title>
  <link>https://kjt.example.cn/art/2021/9/2/1.html</link>
  <guid>https://kjt.example.cn/art/2021/9/2/1.html</guid>
  <pubDate>Thu, 02 Sep 2021 10:00:00 +0800</pubDate>
  <description>&lt;p&gt;正文&lt;/p&gt;</description>
  <dc:identifier>11330000002482870C/2021-00012</dc:identifier>
  <dc:publisher>浙江省科学技术厅 &lt;b&gt;</dc:publisher>
  <dc:subject>科技</dc:subject>
  <dc:subject>创新</dc:subject>
  <category domain="文号">浙科发〔2021〕12号</category>
  <category domain="有效性">有效</category>
  <category>政策文件</category>
</item>
<item>
  <title>没有信息公开字段</title>
  <link>https://kjt.example.cn/art/2021/9/1/2.html</link>
  <pubDate>Wed, 01 Sep 2021 10:00:00 +0800</pubDate>
  <description>&lt;p&gt;正文&lt;/p&gt;</description>
</item>
</channel></rss>"#;
    std::fs::write(dir.join("feed.xml"), rss).expect("write");
    let site = |mapping: &str| {
        format!(
            "name = \"示例\"\nsources = [\"{}\"]\n[disclosure]\n{mapping}\n",
            dir.join("feed.xml").display()
        )
    };
    std::fs::write(
        dir.join("site.toml"),
        site("index_number = \"dc:identifier\"\nissuer = \"dc:publisher\"\nsubjects = \"dc:subject\"\ndocument_number = \"category:文号\"\nvalidity = \"category:有效性\"\nwritten = \"dc:date\""),
    )
    .expect("write");
    let out = dir.join("content");
    let import = |site: &str| {
        portal(&[
            "import",
            "--site",
            dir.join(site).to_str().expect("a path"),
            "--out",
            out.to_str().expect("a path"),
        ])
    };
    let output = import("site.toml");
    assert!(output.status.success(), "{}", said(&output));
    assert!(
        said(&output).contains("信息公开 fields read for 1 items"),
        "{}",
        said(&output)
    );
    let catalog = read_folder(&out);
    let policy = item(&catalog, "https://kjt.example.cn/art/2021/9/2/1.html");
    let d = policy.disclosure.as_deref().expect("信息公开 fields");
    assert_eq!(
        d.index_number.as_deref(),
        Some("11330000002482870C/2021-00012")
    );
    assert_eq!(d.issuer.as_deref(), Some("浙江省科学技术厅 <b>"));
    assert_eq!(d.document_number.as_deref(), Some("浙科发〔2021〕12号"));
    assert_eq!(d.validity.as_deref(), Some("有效"));
    assert_eq!(d.subjects, ["科技", "创新"]);
    assert_eq!(d.written, None, "no dc:date in this item");
    assert_eq!(
        policy.tags,
        ["政策文件"],
        "the categories that gave fields are not tags"
    );
    let plain = item(&catalog, "https://kjt.example.cn/art/2021/9/1/2.html");
    assert_eq!(plain.disclosure, None);
    let check = portal(&["check", out.to_str().expect("a path")]);
    assert!(check.status.success(), "{}", said(&check));

    std::fs::write(dir.join("bad.toml"), site("issuer = \"publisher\"")).expect("write");
    let bad = import("bad.toml");
    assert_eq!(bad.status.code(), Some(2), "{}", said(&bad));
    assert!(
        said(&bad).contains("disclosure.issuer = “publisher”: say dc:NAME"),
        "{}",
        said(&bad)
    );
}
