//! Reading feeds: the real-world JSON Feeds others wrote, the bundled sample content, and the
//! shapes of broken content the portal must report instead of dying on.
use portal_core::test_support::{shared_fixtures, workspace_root};

use portal_core::model::feed::parse_feed;
use portal_core::model::url::{encode_segment, Link};
use portal_core::model::{Body, Catalog};

const FEED_URL: &str = "http://portal.test/content/feed.json";

/// A real-world feed of the shared fixtures beside the repository; `None` (the test skipped,
/// loudly) in a clone without them.
fn fixture(name: &str, test: &str) -> Option<String> {
    let path = shared_fixtures("realworld", test)?.join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()));
    Some(text)
}

fn parse(text: &str) -> Catalog {
    let page = parse_feed(text, FEED_URL).unwrap_or_else(|e| panic!("feed rejected: {e}"));
    Catalog::new(page, FEED_URL)
}

#[test]
fn every_real_world_feed_renders_all_its_items() {
    let expected = [
        ("01-ravelloh-blog-zh-v1.json", 12),
        ("02-seba-blog-en-v1.1.json", 18),
        ("03-alexkucera-microblog-text-v1.json", 7),
        ("04-nber-weekly-zh-v1.1.json", 20),
        // 20 items, one of them twice with the same id: the first is kept, the editor told.
        ("hexo-zh-2022-04.json", 19),
    ];
    for (name, count) in expected {
        let Some(text) = fixture(name, "every_real_world_feed_renders_all_its_items") else {
            return;
        };
        let catalog = parse(&text);
        assert_eq!(catalog.len(), count, "{name}");
        let duplicates = usize::from(name.starts_with("hexo"));
        assert_eq!(
            catalog.problems.len(),
            duplicates,
            "{name}: {:?}",
            catalog.problems
        );
        assert!(catalog
            .problems
            .iter()
            .all(|p| p.message.contains("appears more than once")));
        for item in catalog.latest() {
            assert!(!item.title.is_empty(), "{name}: {}", item.id);
            assert!(item.date.is_some(), "{name}: {} has no date", item.id);
            assert!(
                !matches!(item.body, Body::Empty),
                "{name}: {} has no body",
                item.id
            );
            // Every id, URL-shaped ones included, survives the trip through a route segment.
            let segment = encode_segment(&item.id);
            assert!(!segment.contains(['/', '?', '#', '%']));
            assert_eq!(
                catalog
                    .item(&portal_core::model::url::decode_segment(&segment))
                    .map(|i| &i.id),
                Some(&item.id)
            );
        }
    }
}

#[test]
fn v1_feed_with_only_modified_dates_and_v1_author() {
    let Some(text) = fixture(
        "01-ravelloh-blog-zh-v1.json",
        "v1_feed_with_only_modified_dates_and_v1_author",
    ) else {
        return;
    };
    let catalog = parse(&text);
    let first = &catalog.latest()[0];
    assert_eq!(first.id, "/articles/20230815/");
    assert_eq!(
        first.date.map(|d| d.date_string()).as_deref(),
        Some("2023-08-15")
    );
    assert_eq!(first.authors, ["RavelloH"]);
    assert_eq!(catalog.site.name, "RavelloH's Blog / RavelloH的博客");
    assert!(
        catalog.site.slogans.is_empty()
            && catalog.site.tiles.is_empty()
            && catalog.site.channels.is_empty()
    );
}

#[test]
fn relative_images_resolve_against_home_page_url() {
    let Some(text) = fixture(
        "02-seba-blog-en-v1.1.json",
        "relative_images_resolve_against_home_page_url",
    ) else {
        return;
    };
    let catalog = parse(&text);
    let item = catalog.item("why-exec-is-useless").expect("item present");
    assert_eq!(
        item.image.as_deref(),
        Some("https://blog.racca.me/why-exec-is-useless/cover.jpg")
    );
    assert_eq!(
        item.date.map(|d| d.date_time_string()).as_deref(),
        Some("2024-12-06 00:59")
    );
    assert_eq!(catalog.site.language, "en");
}

#[test]
fn untitled_micro_posts_get_a_title_from_their_text() {
    let Some(text) = fixture(
        "03-alexkucera-microblog-text-v1.json",
        "untitled_micro_posts_get_a_title_from_their_text",
    ) else {
        return;
    };
    let catalog = parse(&text);
    for item in catalog.latest() {
        assert!(item.title_derived);
        assert!(item.title.chars().count() <= 33, "{}", item.title);
    }
    let first = catalog
        .item("http://AlexKucera.micro.blog/2018/07/31/ok-lets-see.html")
        .expect("present");
    assert!(first.title.starts_with("Ok. Let’s see."), "{}", first.title);
}

#[test]
fn text_only_feed_keeps_its_lines() {
    let Some(text) = fixture(
        "04-nber-weekly-zh-v1.1.json",
        "text_only_feed_keeps_its_lines",
    ) else {
        return;
    };
    let catalog = parse(&text);
    let item = &catalog.latest()[0];
    assert!(matches!(&item.body, Body::Text(t) if t.contains('\n')));
    assert_eq!(
        item.summary.as_deref(),
        Some("2026-06-29 NBER Working Papers 官方全量周报，共 22 篇。")
    );
}

#[test]
fn bundled_sample_content_fills_every_widget() {
    let dir = workspace_root().join("public/content");
    let first = std::fs::read_to_string(dir.join("feed.json")).expect("public/content/feed.json");
    let mut catalog = parse(&first);
    let next = catalog.next_url.clone().expect("the sample feed is paged");
    let older = std::fs::read_to_string(dir.join("feed-2.json")).expect("feed-2.json");
    catalog.add_page(parse_feed(&older, &next).expect("older page parses"), &next);
    assert!(catalog.problems.is_empty(), "{:?}", catalog.problems);
    assert_eq!(catalog.next_url, None);

    let site = catalog.site.clone();
    assert_eq!(site.slogans.len(), 2);
    assert!(site.tiles.len() >= 9 && site.tiles.iter().all(|t| t.link.is_some()));
    assert!(site.channels.len() >= 4);
    for channel in &site.channels {
        assert!(
            catalog.in_channel(&channel.slug).len() >= 3,
            "{}",
            channel.slug
        );
    }
    for slug in ["about", "contact", "help", "privacy", "disclaimer"] {
        assert!(site.page(slug).is_some(), "page {slug}");
    }
    assert!(site
        .footer_links
        .iter()
        .all(|l| matches!(l.link, Link::Internal(_))));
    assert_eq!(
        site.icp.as_ref().map(|r| r.text.as_str()),
        Some("京ICP备00000000号-1（示例）")
    );
    assert_eq!(
        site.icp.as_ref().and_then(|r| r.url.as_deref()),
        Some("https://beian.miit.gov.cn/")
    );
    assert!(site
        .police_record
        .as_ref()
        .is_some_and(|r| r.text.ends_with("（示例）")));
    assert!(site
        .disclaimer
        .as_deref()
        .is_some_and(|d| d.starts_with("免责声明")));

    let seed = catalog
        .item("20210902-wenzhou-kechuang")
        .expect("the seed article");
    assert_eq!(
        seed.title,
        "坚定走好科技创新“华山一条路” 浙江温州全面掀起科创高地建设热潮"
    );
    assert_eq!(
        seed.date.map(|d| d.date_string()).as_deref(),
        Some("2021-09-02")
    );
    assert_eq!(seed.source.as_deref(), Some("浙江省科技厅"));
    assert_eq!(seed.views, Some(37));
    assert!(seed
        .summary
        .as_deref()
        .is_some_and(|s| s.starts_with("今年以来,瓯江实验室")));
    assert!(!seed.sample);
    assert!(
        catalog
            .latest()
            .iter()
            .filter(|i| i.id != seed.id)
            .all(|i| i.sample),
        "every other item is marked sample"
    );

    assert!(catalog.featured(10, None).len() >= 4);
    assert!(catalog.with_pictures(10, None).len() >= 4);
    assert_eq!(catalog.most_viewed(10).len(), 10);
}

#[test]
fn broken_files_are_reported_with_their_place() {
    let cases = [
        ("", "line 1, column 0: the file ends too early (truncated JSON)"),
        ("<html>", "line 1, column 1: not valid JSON (expected value)"),
        ("[1, 2]", "expected a JSON Feed object at the top level"),
        ("{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"x\"}", "items: missing: a JSON Feed lists its items"),
        ("{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": {}}", "items: wrong type: found an object, expected an array"),
        ("{\"version\": 2, \"items\": []}", "version: wrong type: found a number, expected a string"),
        ("{\"version\": \"https://example.com/rss\", \"items\": []}", "version: “https://example.com/rss” is not a JSON Feed version this portal reads (1 or 1.1)"),
        ("{\"items\": []}", "version: missing: this is not a JSON Feed"),
        ("{\"version\": \"https://jsonfeed.org/version/1\", \"items\": [{\"id\": \"a\", \"ti", "line 1, column 71: the file ends too early (truncated JSON)"),
    ];
    for (text, expected) in cases {
        let error = parse_feed(text, FEED_URL).map(|_| ()).expect_err(text);
        assert_eq!(error.to_string(), expected, "{text}");
    }
}

#[test]
fn bad_items_are_left_out_and_named() {
    let text = r#"{
      "version": "https://jsonfeed.org/version/1.1",
      "title": "t",
      "items": [
        {"id": "ok", "title": "好", "date_published": "2021-09-02T10:00:00+08:00"},
        {"title": "没有 id"},
        {"id": "", "title": "空 id"},
        {"id": 42, "content_text": "数字 id"},
        {"id": "t", "title": 5},
        {"id": ["x"]},
        {"id": "d", "title": "坏日期", "date_published": "yesterday"},
        {"id": "ok", "title": "重复"},
        {"id": "v", "_portal": {"views": -3}}
      ],
      "_portal": {"tiles": "oops"}
    }"#;
    let catalog = parse(text);
    let ids: Vec<&str> = catalog.latest().iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["ok", "42", "t", "d", "v"]);
    assert_eq!(
        catalog.item("t").map(|i| i.title.as_str()),
        Some("（无标题）")
    );
    assert_eq!(catalog.item("v").and_then(|i| i.views), None);
    assert_eq!(
        catalog.item("42").map(|i| i.title.as_str()),
        Some("数字 id")
    );
    assert_eq!(catalog.item("ok").map(|i| i.title.as_str()), Some("好"));
    let problems: Vec<String> = catalog.problems.iter().map(|p| p.to_string()).collect();
    for expected in [
        "feed.json _portal.tiles: wrong type: found a string, expected an array",
        "feed.json items[1]: no id: the item is left out",
        "feed.json items[2]: no id: the item is left out",
        "feed.json items[4].title: wrong type: found a number, expected a string",
        "feed.json items[5].id: wrong type: found an array, expected a string; the item is left out",
        "feed.json items[6].date_published: “yesterday” is not an RFC 3339 date (too short for an RFC 3339 date-time); the date is not shown",
        "feed.json: id “ok” appears more than once; the first is shown",
        "feed.json items[8]._portal.views: wrong value: found -3, expected a whole number of at least 0",
    ] {
        assert!(problems.iter().any(|p| p == expected), "missing {expected:?} in {problems:#?}");
    }
}

#[test]
fn next_url_loops_are_stopped() {
    let page = |next: &str| {
        format!(
            r#"{{"version": "https://jsonfeed.org/version/1.1", "items": [], "next_url": "{next}"}}"#
        )
    };
    let mut catalog = parse(&page("feed-2.json"));
    assert_eq!(
        catalog.next_url.as_deref(),
        Some("http://portal.test/content/feed-2.json")
    );
    let second = "http://portal.test/content/feed-2.json";
    catalog.add_page(
        parse_feed(&page("feed.json"), second).expect("parses"),
        second,
    );
    assert_eq!(catalog.next_url, None);
    assert!(catalog
        .problems
        .iter()
        .any(|p| p.message.contains("leads back to feed.json")));
    // A first page whose next_url is itself is caught before any second request.
    let selfish = parse(&page("feed.json"));
    assert_eq!(selfish.next_url, None);
    assert!(selfish
        .problems
        .iter()
        .any(|p| p.message.contains("leads back to feed.json")));
}

#[test]
fn hostile_links_in_the_extension_are_dropped() {
    let text = r#"{
      "version": "https://jsonfeed.org/version/1.1",
      "items": [],
      "_portal": {
        "tiles": [
          {"title": "a", "url": "javascript:alert(1)", "image": "javascript:alert(2)"},
          {"title": "b", "url": "/tag/x", "image": "data:image/svg+xml,<svg onload=alert(1)>"},
          {"title": "c", "url": "https://example.com/", "image": "img/c.svg"}
        ],
        "footer_links": [{"title": "x", "url": "JaVaScRiPt:alert(1)"}, {"title": "y", "url": "/page/about"}],
        "icp": {"text": "备案", "url": "javascript:alert(1)"},
        "page_size": 100000
      }
    }"#;
    let site = parse(text).site.clone();
    assert_eq!(site.tiles[0].link, None);
    assert_eq!(site.tiles[0].image, None);
    assert_eq!(site.tiles[1].link, Some(Link::Internal("/tag/x".into())));
    assert_eq!(site.tiles[1].image, None);
    assert_eq!(
        site.tiles[2].image.as_deref(),
        Some("http://portal.test/content/img/c.svg")
    );
    assert_eq!(site.footer_links.len(), 1);
    assert_eq!(site.icp.as_ref().and_then(|r| r.url.as_deref()), None);
    assert_eq!(site.page_size, 100);
}

#[test]
fn the_documented_example_is_a_valid_feed() {
    let doc = std::fs::read_to_string(workspace_root().join("docs/content-format.md"))
        .expect("docs/content-format.md");
    let example = doc
        .split("## A complete example")
        .nth(1)
        .expect("the example section");
    let json = example
        .split("```json")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("a json block");
    let catalog = parse(json);
    assert!(catalog.problems.is_empty(), "{:?}", catalog.problems);
    assert_eq!(catalog.len(), 2);
    assert_eq!(catalog.site.channels.len(), 2);
    assert!(catalog.site.channels[1]
        .feed_url
        .as_deref()
        .is_some_and(|u| u.ends_with("/channels/yuanqu.json")));
    assert_eq!(
        catalog.site.article_url.as_deref(),
        Some("articles/{id}.json")
    );
    assert_eq!(
        catalog.site.icp.as_ref().and_then(|r| r.url.as_deref()),
        Some("https://beian.miit.gov.cn/")
    );
}

/// A first page declares the site (`_portal`) and carries its file's hash, which the search
/// index's manifest records and the app compares; an older page declares none and is not hashed.
#[test]
fn only_a_page_that_declares_the_site_carries_its_hash() {
    let first = r#"{"version": "https://jsonfeed.org/version/1.1", "_portal": {}, "items": []}"#;
    let older = r#"{"version": "https://jsonfeed.org/version/1.1", "items": []}"#;
    let hashed = parse_feed(first, FEED_URL).expect("parses");
    assert_eq!(
        hashed.site.content_hash,
        portal_core::text::content_hash(first.as_bytes())
    );
    let unhashed = parse_feed(older, FEED_URL).expect("parses");
    assert_eq!(unhashed.site.content_hash, "");
}
