//! The publisher (`portal build`, crates/portal/src/build.rs) over the bundled sample and over hostile
//! content: what it writes parses (XML, JSON), lists exactly the routes the app serves, with
//! ids encoded as the router expects, carries no markup a feed could smuggle in, and is
//! rewritten only when its bytes change.
use crate::support::{dist, published_sample};
use portal_core::test_support::{scratch, workspace_root as repo};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use portal::build::{build, BuildOptions};
use portal::content::read_content;
use portal::site_url::SiteUrl;
use portal_core::html::{decode_entities, tokenize, Token};
use portal_core::model::paths::Paths;
use portal_core::model::url::{article_key, percent_decode, ArticleKey};
use serde_json::{json, Value};

/// A folder standing in for a release build: the app's shell (the repository's index.html,
/// which has the head and body Trunk's output has).
fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `<loc>`s of a sitemap, which must parse as XML.
fn locs(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("not XML ({e}): {xml}"));
    doc.descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text().map(str::to_string))
        .collect()
}

/// What a published page says about itself and what scripts it carries, read with the
/// portal's own HTML tokenizer (a browser's tokenization: raw text in `<script>`, attribute
/// values decoded).
#[derive(Debug, Default)]
struct PageFacts {
    title: String,
    metas: Vec<(String, String)>,
    canonical: Option<String>,
    json_ld: Vec<Value>,
    /// `<script>`s other than JSON-LD, with their `src`.
    scripts: Vec<String>,
    /// Attributes whose name starts with `on` (event handlers).
    handlers: Vec<String>,
    h1: Vec<String>,
}

fn page_facts(html: &str) -> PageFacts {
    let mut facts = PageFacts::default();
    let mut open: Vec<String> = Vec::new();
    // The tokenizer is the sanitiser's and drops the raw text of <title> and <script>: those
    // are cut out as a browser's tokenizer reads them, up to the first end tag.
    let raw = |start: &str| -> Vec<&str> {
        html.split(start)
            .skip(1)
            .map(|rest| rest.split_once("</").map_or(rest, |(inside, _)| inside))
            .collect()
    };
    facts.title = raw("<title>")
        .first()
        .map(|t| decode_entities(t, false))
        .unwrap_or_default();
    facts.json_ld = raw("<script type=\"application/ld+json\">")
        .into_iter()
        .map(|text| {
            serde_json::from_str(text)
                .unwrap_or_else(|e| panic!("JSON-LD does not parse ({e}): {text}"))
        })
        .collect();
    for token in tokenize(html) {
        match token {
            Token::Start { name, attrs } => {
                let attr = |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
                facts.handlers.extend(
                    attrs
                        .iter()
                        .filter(|(k, _)| k.starts_with("on"))
                        .map(|(k, v)| format!("{k}={v}")),
                );
                match name.as_str() {
                    "meta" => {
                        if let (Some(key), Some(content)) =
                            (attr("name").or(attr("property")), attr("content"))
                        {
                            facts.metas.push((key, content));
                        }
                    }
                    "link" if attr("rel").as_deref() == Some("canonical") => {
                        facts.canonical = attr("href");
                    }
                    "script" if attr("type").as_deref() != Some("application/ld+json") => {
                        facts.scripts.push(attr("src").unwrap_or_default());
                    }
                    _ => {}
                }
                const VOID: &[&str] = &["meta", "link", "base", "img", "br", "hr", "input", "wbr"];
                if !VOID.contains(&name.as_str()) {
                    open.push(name);
                }
            }
            Token::Text(text) => {
                if open.last().is_some_and(|n| n == "h1") {
                    facts.h1.push(text);
                }
            }
            Token::End(name) => {
                if let Some(i) = open.iter().rposition(|n| *n == name) {
                    open.truncate(i);
                }
            }
        }
    }
    facts
}

impl PageFacts {
    fn meta(&self, key: &str) -> Option<&str> {
        self.metas
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// The file a published route's path is served from (`/portal/tag/x` → `tag/x.html`).
fn page_file(dist: &Path, path: &str, base: &str) -> PathBuf {
    let route = path.strip_prefix(base).unwrap_or(path).trim_matches('/');
    if route.is_empty() {
        dist.join("index.html")
    } else {
        dist.join(format!("{route}.html"))
    }
}

/// A URL path as the router reads it: percent-decoded once.
fn percent_decoded(path: &str) -> String {
    percent_decode(path).expect("UTF-8")
}

#[test]
fn the_sample_publishes_a_sitemap_of_every_route_and_feeds_of_the_newest() {
    let dist = dist("publish-sample");
    let site = SiteUrl::parse("https://example.com/portal/").expect("a site URL");
    let report = build(
        &repo().join("public/content"),
        &dist,
        &site,
        &BuildOptions::default(),
    )
    .expect("the sample builds");
    assert_eq!(report.files_read, 2, "feed.json and feed-2.json");
    assert!(report.findings.is_empty(), "{:?}", report.findings);

    let sample: Value =
        serde_json::from_str(&read(&repo().join("public/content/feed.json"))).expect("JSON");
    let older: Value =
        serde_json::from_str(&read(&repo().join("public/content/feed-2.json"))).expect("JSON");
    let items: Vec<&Value> = sample["items"]
        .as_array()
        .into_iter()
        .chain(older["items"].as_array())
        .flatten()
        .collect();
    assert_eq!(report.items, items.len());

    // Exactly the routes the app serves, each path as the router will read it.
    let paths: BTreeSet<String> = locs(&read(&dist.join("sitemap.xml")))
        .iter()
        .map(|loc| {
            let path = loc
                .strip_prefix("https://example.com")
                .unwrap_or_else(|| panic!("{loc} is not on the site"));
            percent_decoded(path)
        })
        .collect();
    // The app's own link builder says what each route is.
    let app = Paths::new("/portal");
    let text = |value: &Value| value.as_str().unwrap_or_default().to_string();
    let portal = &sample["_portal"];
    let mut expected: BTreeSet<String> = [app.home(), app.route("/sitemap")].into();
    for channel in portal["channels"].as_array().into_iter().flatten() {
        expected.insert(app.channel(&text(&channel["slug"])));
    }
    for page in portal["pages"].as_array().into_iter().flatten() {
        expected.insert(app.info_page(&text(&page["slug"])));
    }
    for item in &items {
        expected.insert(app.article(&text(&item["id"])));
        for tag in item["tags"].as_array().into_iter().flatten() {
            expected.insert(app.tag(&text(tag)));
        }
    }
    assert_eq!(paths, expected);

    // Every route has its page, which names itself the sitemap's URL and says what it is.
    for path in &paths {
        let file = page_file(&dist, path, "/portal");
        let facts = page_facts(&read(&file));
        let canonical = facts.canonical.clone().unwrap_or_default();
        assert_eq!(
            percent_decoded(
                canonical
                    .strip_prefix("https://example.com")
                    .unwrap_or_default()
            ),
            *path,
            "{}",
            file.display()
        );
        assert!(facts.title.ends_with("科创资讯门户"), "{}", facts.title);
        assert_eq!(facts.meta("og:url"), Some(canonical.as_str()));
        assert_eq!(facts.meta("SiteDomain"), Some("example.com"));
        assert_eq!(facts.h1.len(), 1, "{}: {:?}", file.display(), facts.h1);
        assert!(facts.handlers.is_empty(), "{:?}", facts.handlers);
    }
    let seed = page_facts(&read(&dist.join("article/20210902-wenzhou-kechuang.html")));
    assert_eq!(
        seed.title,
        "坚定走好科技创新“华山一条路” 浙江温州全面掀起科创高地建设热潮 - 科创资讯门户"
    );
    assert_eq!(seed.meta("og:type"), Some("article"));
    assert_eq!(seed.meta("PubDate"), Some("2021-09-02 10:00"));
    assert_eq!(seed.meta("ColumnName"), Some("地方科创"));
    assert_eq!(seed.meta("ContentSource"), Some("浙江省科技厅"));
    // The seed's own picture is an SVG, which WeChat's share card ignores: the site's share
    // picture stands in, on every page.
    let share = "https://example.com/portal/content/images/share.jpg";
    assert_eq!(seed.meta("og:image"), Some(share));
    assert_eq!(seed.meta("twitter:image"), Some(share));
    let home = page_facts(&read(&dist.join("index.html")));
    assert_eq!(home.meta("og:image"), Some(share));
    let [ld] = seed.json_ld.as_slice() else {
        panic!("one JSON-LD block: {:?}", seed.json_ld)
    };
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["datePublished"], "2021-09-02T10:00:00+08:00");
    assert_eq!(
        ld["mainEntityOfPage"]["@id"],
        "https://example.com/portal/article/20210902-wenzhou-kechuang"
    );
    // The app's shell is kept for the routes not written, with its early requests for the
    // app and the feed; a written page shows itself and leaves them to the app's boot module.
    let shell = read(&dist.join("shell.html"));
    assert_eq!(shell, read(&repo().join("index.html")));
    assert!(shell.contains("rel=\"preload\""));
    let seed_page = read(&dist.join("article/20210902-wenzhou-kechuang.html"));
    assert!(!seed_page.contains("rel=\"preload\"") && !seed_page.contains("modulepreload"));
    assert!(
        seed_page.contains("<link data-trunk rel=\"css\""),
        "other links stay"
    );
    let not_found = page_facts(&read(&dist.join("404.html")));
    assert_eq!(not_found.meta("robots"), Some("noindex"));

    // Crawlers read /robots.txt only: a sub-path deploy gets none.
    assert!(!dist.join("robots.txt").exists());

    let rss = read(&dist.join("feed.xml"));
    let doc = roxmltree::Document::parse(&rss).expect("feed.xml is XML");
    let rss_items: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("item"))
        .collect();
    assert_eq!(rss_items.len(), items.len().min(50));
    assert!(
        rss.contains("<link>https://example.com/portal/article/20210902-wenzhou-kechuang</link>")
    );
    assert!(rss.contains("<pubDate>Thu, 02 Sep 2021 10:00:00 +0800</pubDate>"));

    let feed: Value =
        serde_json::from_str(&read(&dist.join("feed.json"))).expect("feed.json is JSON");
    assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(feed["feed_url"], "https://example.com/portal/feed.json");
    assert_eq!(
        feed["items"].as_array().map(Vec::len),
        Some(items.len().min(50))
    );

    // Nothing changed: nothing is written again.
    let again = build(
        &repo().join("public/content"),
        &dist,
        &site,
        &BuildOptions::default(),
    )
    .expect("builds again");
    assert!(again.written.is_empty(), "{:?}", again.written);
    assert_eq!(again.unchanged, report.written.len());
}

#[test]
fn hostile_titles_ids_and_bodies_stay_text_in_every_output() {
    let payloads: Vec<String> = read(&repo().join("tests/fuzz-corpus/xss-payloads.txt"))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("{l}\u{0}\u{1b}]]></title>"))
        .collect();
    let mut ids: Vec<String> = (0..payloads.len())
        .map(|i| format!("{}/{i}?#%", payloads[i]))
        .collect();
    // A Chinese id of 100 characters: 300 bytes encoded, past a file name's 255.
    ids.push(
        "科技创新是引领发展的第一动力"
            .chars()
            .cycle()
            .take(100)
            .collect(),
    );
    let items: Vec<Value> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let p = &payloads[i.min(payloads.len() - 1)];
            json!({
                "id": id,
                "title": p,
                "summary": p,
                "content_html": format!("<p>正文 {i}</p>{p}"),
                "tags": [p],
                "date_published": "2021-09-02T10:00:00+08:00"
            })
        })
        .collect();
    let content = scratch("publish-hostile-content");
    let feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "<script>alert('site')</script>&",
        "_portal": { "page_size": 100 },
        "items": items
    });
    std::fs::write(content.join("feed.json"), feed.to_string()).expect("write the feed");
    let dist = dist("publish-hostile-dist");
    let site = SiteUrl::parse("https://x.test/").expect("a site URL");
    build(&content, &dist, &site, &BuildOptions::default()).expect("builds");
    assert_eq!(
        read(&dist.join("robots.txt")),
        "User-agent: *\nAllow: /\n\nSitemap: https://x.test/sitemap.xml\n"
    );

    // Every id's route, as the app's router reads it back: decoded, or for an id too long for
    // a file name, found again through the same shortened segment the app computes.
    let sitemap = read(&dist.join("sitemap.xml"));
    let catalog = read_content(&content, &site).expect("reads").catalog;
    let found: BTreeSet<String> = locs(&sitemap)
        .iter()
        .filter_map(|loc| loc.strip_prefix("https://x.test/article/"))
        .map(|segment| {
            let key = article_key(&percent_decoded(segment));
            let item = catalog
                .article(&key)
                .unwrap_or_else(|| panic!("{segment} finds no item"));
            if let ArticleKey::Id(id) = &key {
                assert_eq!(id, &item.id);
            }
            item.id.clone()
        })
        .collect();
    assert_eq!(found, ids.iter().cloned().collect::<BTreeSet<_>>());
    assert!(
        locs(&sitemap).iter().any(|l| l.contains("~~")),
        "the 100-character id has a shortened route"
    );

    // Each article's page: the title stays text in <title>, in every meta tag and in the
    // JSON-LD (which parses), and no script or handler gets in.
    for loc in locs(&sitemap) {
        let Some(segment) = loc.strip_prefix("https://x.test/article/") else {
            continue;
        };
        let segment = percent_decoded(segment);
        assert!(segment.len() <= 255, "{segment}");
        let Some(item) = catalog.article(&article_key(&segment)) else {
            panic!("{segment} finds no item");
        };
        let facts = page_facts(&read(&dist.join("article").join(format!("{segment}.html"))));
        // A browser reads a NUL in a document as U+FFFD.
        let title = item.title.replace('\0', "\u{FFFD}");
        let site_name = catalog.site.name.replace('\0', "\u{FFFD}");
        assert_eq!(facts.title, format!("{title} - {site_name}"));
        assert_eq!(facts.meta("og:title"), Some(title.as_str()));
        assert_eq!(facts.meta("ArticleTitle"), Some(title.as_str()));
        assert_eq!(facts.json_ld.len(), 1);
        assert_eq!(facts.json_ld[0]["headline"], item.title.as_str());
        assert_eq!(facts.h1, std::slice::from_ref(&title));
        assert!(facts.handlers.is_empty(), "{:?}", facts.handlers);
        assert_eq!(
            facts.scripts,
            ["", "public/boot.js"],
            "only the shell's scripts: the inline reader settings (no src) and the boot module"
        );
    }

    let rss = read(&dist.join("feed.xml"));
    let doc = roxmltree::Document::parse(&rss).expect("feed.xml is XML whatever the titles say");
    let titles: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        titles.contains(&"<script>alert('site')</script>&"),
        "{titles:?}"
    );
    assert!(doc.descendants().all(|n| !n.has_tag_name("script")));

    let json: Value = serde_json::from_str(&read(&dist.join("feed.json"))).expect("JSON");
    for item in json["items"].as_array().into_iter().flatten() {
        let html = item["content_html"].as_str().unwrap_or_default();
        for token in tokenize(html) {
            let Token::Start { name, attrs } = token else {
                continue;
            };
            assert!(
                !["script", "iframe", "svg", "style", "object", "embed"].contains(&name.as_str()),
                "<{name}> in {html}"
            );
            for (attr, value) in attrs {
                assert!(!attr.starts_with("on"), "{attr} in {html}");
                if attr == "href" || attr == "src" {
                    assert!(
                        value.starts_with("https://") || value.starts_with("http://"),
                        "{value} in {html}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_sitemap_lists_only_what_a_deep_link_finds_and_escaped_file_names_are_read() {
    let content = scratch("publish-reach-content");
    std::fs::create_dir_all(content.join("channels")).expect("a channels folder");
    let page = |id: &str, extra: Value| {
        let mut feed = json!({
            "version": "https://jsonfeed.org/version/1.1",
            "items": [{ "id": id, "title": id, "content_text": "正文" }]
        });
        if let (Some(feed), Some(extra)) = (feed.as_object_mut(), extra.as_object()) {
            feed.extend(extra.clone());
        }
        feed.to_string()
    };
    let first = page(
        "in-main",
        json!({
            "next_url": "feed%202.json",
            "_portal": { "channels": [{ "slug": "c", "name": "栏目", "feed_url": "channels/c.json" }] }
        }),
    );
    for (name, text) in [
        ("feed.json", first),
        ("feed 2.json", page("on-page-two", json!({}))),
        ("channels/c.json", page("only-in-channel", json!({}))),
    ] {
        std::fs::write(content.join(name), text).expect("write a content file");
    }
    let dist = dist("publish-reach-dist");
    let site = SiteUrl::parse("https://x.test/").expect("a site URL");
    let report = build(&content, &dist, &site, &BuildOptions::default()).expect("builds");
    assert_eq!(
        report.files_read, 3,
        "feed%202.json is the file “feed 2.json”"
    );
    assert_eq!(report.items, 3);
    // Each item has its own file in the packed folder, so a deep link finds even the one only
    // a channel feed lists: all three are in the sitemap and have pages.
    let listed = locs(&read(&dist.join("sitemap.xml")));
    for id in ["in-main", "on-page-two", "only-in-channel"] {
        assert!(
            listed.contains(&format!("https://x.test/article/{id}")),
            "{listed:?}"
        );
        assert!(dist.join(format!("article/{id}.html")).is_file());
        assert!(dist.join(format!("content/articles/{id}.json")).is_file());
    }
}

#[test]
fn the_packed_folder_reads_back_as_the_authored_content() {
    let dist = published_sample("publish-pack", "https://example.com/portal/");
    let site = SiteUrl::parse("https://example.com/portal/").expect("a site URL");
    let authored = read_content(&repo().join("public/content"), &site)
        .expect("reads")
        .catalog;
    let packed = read_content(&dist.join("content"), &site).expect("reads the packed folder");
    assert!(
        packed.catalog.problems.is_empty(),
        "{:?}",
        packed.catalog.problems
    );
    let facts = |c: &portal_core::model::Catalog| -> Vec<String> {
        c.latest()
            .iter()
            .map(|i| {
                format!(
                    "{} {} {:?} {:?} {:?} {:?} {:?} {} {:?}",
                    i.id,
                    i.title,
                    i.channel,
                    i.date.map(|d| d.rfc3339_shanghai()),
                    i.tags,
                    i.views,
                    i.source,
                    i.featured,
                    i.image
                )
            })
            .collect()
    };
    assert_eq!(facts(&packed.catalog), facts(&authored));
    // The site as authored, but for where articles and channel feeds now are, and the footer
    // pages' HTML, which is sanitised (same slugs and titles).
    let mut expected = (*authored.site).clone();
    expected.article_url = Some("articles/{segment}.json".into());
    expected.tag_feed_url = Some("tags/{segment}.json".into());
    let mut tag_counts: std::collections::BTreeMap<String, u64> = Default::default();
    for item in authored.all() {
        for tag in &item.tags {
            *tag_counts.entry(tag.clone()).or_default() += 1;
        }
    }
    expected.tag_counts = Some(tag_counts.into_iter().collect());
    for (channel, packed_channel) in expected
        .channels
        .iter_mut()
        .zip(&packed.catalog.site.channels)
    {
        assert!(packed_channel
            .feed_url
            .as_deref()
            .is_some_and(|u| u.ends_with(&format!("content/channels/{}.json", channel.slug))));
        channel.feed_url = packed_channel.feed_url.clone();
    }
    let titles = |site: &portal_core::model::Site| -> Vec<(String, String)> {
        site.pages
            .iter()
            .map(|p| (p.slug.clone(), p.title.clone()))
            .collect()
    };
    assert_eq!(titles(&packed.catalog.site), titles(&expected));
    expected.pages = packed.catalog.site.pages.clone();
    // What only the packed folder has: its search index, and the hash of its own first page.
    assert_eq!(
        packed.catalog.site.search_index.as_deref(),
        Some("search/index.json")
    );
    expected.search_index = packed.catalog.site.search_index.clone();
    assert_eq!(
        packed.catalog.site.packed_format,
        Some(portal_core::model::feed::PACKED_FORMAT)
    );
    expected.packed_format = packed.catalog.site.packed_format;
    expected.content_hash = packed.catalog.site.content_hash.clone();
    assert_eq!(*packed.catalog.site, expected);
    // The newest file holds page_size to twice as many less one; the older ones page_size
    // each, numbered from the oldest; the list's length is in the first. Each channel and each
    // tag has its own chain.
    let page_size = authored.site.page_size;
    let total = authored.latest().len();
    assert!(total >= 2 * page_size, "the sample has an older file");
    let first: Value = serde_json::from_str(&read(&dist.join("content/feed.json"))).expect("JSON");
    let older = total / page_size - 1;
    assert_eq!(
        first["items"].as_array().map(Vec::len),
        Some(total - older * page_size)
    );
    assert_eq!(first["next_url"], format!("feed@{older}.json"));
    let oldest: Value =
        serde_json::from_str(&read(&dist.join("content/feed@1.json"))).expect("JSON");
    assert_eq!(oldest["items"].as_array().map(Vec::len), Some(page_size));
    assert_eq!(
        oldest["items"][page_size - 1]["id"],
        authored.latest()[total - 1].id.as_str(),
        "feed@1.json ends with the oldest item"
    );
    assert_eq!(oldest.get("next_url"), None);
    assert_eq!(first["_portal"]["article_url"], "articles/{segment}.json");
    assert_eq!(first["_portal"]["total_items"], authored.latest().len());
    assert!(packed.catalog.latest().iter().all(|i| i.excerpt));
    let tag_page: Value =
        serde_json::from_str(&read(&dist.join("content/tags/氢能.json"))).expect("JSON");
    assert_eq!(
        tag_page["_portal"]["total_items"],
        authored.with_tag("氢能").len()
    );
    for channel in &authored.site.channels {
        let file = dist.join(format!("content/channels/{}.json", channel.slug));
        let page: Value = serde_json::from_str(&read(&file)).expect("JSON");
        for item in page["items"].as_array().into_iter().flatten() {
            assert_eq!(item["_portal"]["channel"], channel.slug.as_str());
        }
    }
    // Every item has its article file, named as the app asks for it, holding that item alone.
    for item in authored.all() {
        let file = portal_core::model::url::article_file(
            "articles/{segment}.json",
            &ArticleKey::Id(item.id.clone()),
        )
        .expect("a file name");
        let page: Value =
            serde_json::from_str(&read(&dist.join("content").join(&file))).expect("JSON");
        assert_eq!(page["items"][0]["id"], item.id.as_str());
        assert_eq!(page["items"].as_array().map(Vec::len), Some(1));
        assert_eq!(page["items"][0]["_portal"]["excerpt"], Value::Null, "whole");
    }
    // Pictures are copied; URLs into the site are written from its root.
    assert!(dist.join("content/images/wenzhou-kechuang.svg").is_file());
    let text = read(&dist.join("content/feed.json"));
    assert!(
        !text.contains("https://example.com/portal/content/"),
        "site-relative URLs"
    );
    assert!(text.contains("\"/portal/content/images/"));
}

#[test]
fn a_count_change_rewrites_no_page_and_a_removed_article_loses_its_page() {
    let content = scratch("publish-churn-content");
    let feed = |views: u64, ids: &[&str]| {
        let items: Vec<Value> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                json!({
                    "id": id, "title": format!("标题 {id}"), "content_text": "正文",
                    "date_published": format!("2021-09-0{}T10:00:00+08:00", 9 - i),
                    "tags": ["氢能"],
                    "_portal": { "channel": "c", "views": views + i as u64 }
                })
            })
            .collect();
        json!({
            "version": "https://jsonfeed.org/version/1.1",
            "title": "站",
            "_portal": { "channels": [{ "slug": "c", "name": "栏目" }], "site_id_code": "3300000001" },
            "items": items
        })
        .to_string()
    };
    let write = |text: String| std::fs::write(content.join("feed.json"), text).expect("write");
    write(feed(10, &["a", "b", "c"]));
    let dist = dist("publish-churn-dist");
    let site = SiteUrl::parse("https://x.test/").expect("a site URL");
    let first = build(&content, &dist, &site, &BuildOptions::default()).expect("builds");
    let seed = read(&dist.join("article/a.html"));
    assert!(
        seed.contains("网站标识码：3300000001"),
        "the footer shows it"
    );
    assert_eq!(page_facts(&seed).meta("SiteIDCode"), Some("3300000001"));
    assert!(
        seed.contains("<ol class=\"title-list ranked pending\">"),
        "点击排行 is left to the app"
    );

    write(feed(5000, &["a", "b", "c"]));
    let counted = build(&content, &dist, &site, &BuildOptions::default()).expect("builds");
    assert_eq!(counted.pages, first.pages);
    assert!(
        counted
            .written
            .iter()
            .all(|p| p.extension().is_none_or(|e| e != "html")),
        "{:?}",
        counted.written
    );

    write(feed(5000, &["a", "c"]));
    let removed = build(&content, &dist, &site, &BuildOptions::default()).expect("builds");
    assert_eq!(removed.pages_removed, 1);
    assert!(!dist.join("article/b.html").exists());
    assert!(!dist.join("content/articles/b.json").exists());
    // The search index's files whose terms or ids changed went too, replaced by new names.
    let removed_content: Vec<&PathBuf> = removed
        .content_removed
        .iter()
        .filter(|p| !p.starts_with(dist.join("content/search")))
        .collect();
    assert_eq!(
        removed_content,
        [&dist.join("content/articles/b.json")],
        "the report lists what went"
    );
    assert!(dist.join("article/c.html").is_file());
}
