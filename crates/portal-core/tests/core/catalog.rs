//! The lists the portal shows: order, paging, sidebar selections, ranking, neighbours, search.
use portal_core::model::catalog::ListKey;
use portal_core::model::feed::parse_feed;
use portal_core::model::{paginate, Catalog};
use portal_core::search::{matching_items, Query};
use portal_core::text::fold_case;

const URL: &str = "http://portal.test/content/feed.json";

/// A feed of `n` items, newest first, spread over three channels, every fourth featured, every
/// third with a picture, views rising with the index.
fn sample(n: usize) -> Catalog {
    let items: Vec<String> = (0..n)
        .map(|i| {
            let channel = ["a", "b", "c"][i % 3];
            let image = if i % 3 == 0 { format!(r#", "image": "img/{i}.png""#) } else { String::new() };
            format!(
                r#"{{"id": "n{i}", "title": "标题 {i} Rust", "summary": "摘要{i}", "tags": ["t{}"], "date_published": "2021-08-{:02}T08:00:00+08:00"{image},
                   "_portal": {{"channel": "{channel}", "views": {}, "featured": {}, "source": "来源{i}"}}}}"#,
                i % 2,
                28 - i % 28,
                i * 10,
                i % 4 == 0
            )
        })
        .collect();
    let text = format!(
        r#"{{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [{}],
            "_portal": {{"channels": [{{"slug": "a", "name": "甲"}}, {{"slug": "b", "name": "乙"}}, {{"slug": "c", "name": "丙"}}]}}}}"#,
        items.join(",")
    );
    Catalog::new(parse_feed(&text, URL).expect("sample parses"), URL)
}

fn ids(items: &[std::sync::Arc<portal_core::model::Item>]) -> Vec<&str> {
    items.iter().map(|i| i.id.as_str()).collect()
}

#[test]
fn latest_is_newest_first_and_stable_for_equal_dates() {
    let text = r#"{"version": "https://jsonfeed.org/version/1.1", "items": [
        {"id": "old", "title": "a", "date_published": "2020-01-01T00:00:00Z"},
        {"id": "undated", "title": "b"},
        {"id": "new", "title": "c", "date_published": "2022-01-01T00:00:00Z"},
        {"id": "new2", "title": "d", "date_published": "2022-01-01T00:00:00Z"}
    ]}"#;
    let catalog = Catalog::new(parse_feed(text, URL).expect("parses"), URL);
    assert_eq!(ids(catalog.latest()), ["new", "new2", "old", "undated"]);
}

#[test]
fn paging_clamps_and_counts() {
    let catalog = sample(23);
    let page = paginate(catalog.latest(), 3, 10);
    assert_eq!(
        (
            page.page,
            page.total_pages,
            page.items.len(),
            page.total_items
        ),
        (3, 3, 3, 23)
    );
    assert_eq!(paginate(catalog.latest(), 0, 10).page, 1);
    assert_eq!(paginate(catalog.latest(), 99, 10).page, 3);
    assert_eq!(paginate(&[], 1, 10).total_pages, 1);
}

#[test]
fn sidebar_selections() {
    let catalog = sample(12);
    let item = catalog.item("n3").expect("n3").clone();
    let related = catalog.related(&item, 6);
    assert!(related
        .iter()
        .all(|i| i.channel.as_deref() == Some("a") && i.id != "n3"));
    assert_eq!(related.len(), 3);
    let featured = catalog.featured(10, Some("n0"));
    assert!(featured.iter().all(|i| i.featured && i.id != "n0"));
    assert_eq!(featured.len(), 2);
    let pictures = catalog.with_pictures(3, None);
    assert!(pictures.iter().all(|i| i.image.is_some()));
    assert!(pictures[0].featured, "featured pictures come first");
}

#[test]
fn related_are_the_nearest_in_time_of_the_channel_or_of_the_tags() {
    let items: Vec<String> = (0..10)
        .map(|i| {
            format!(
                r#"{{"id": "i{i}", "title": "t{i}", "content_text": "x", "tags": ["{tag}"],
                    "date_published": "2021-09-{day:02}T10:00:00+08:00",
                    "_portal": {{"channel": "{channel}"}}}}"#,
                tag = if i % 2 == 0 { "even" } else { "odd" },
                day = 20 - i,
                channel = if i < 8 { "a" } else { "b" },
            )
        })
        .collect();
    let feed = format!(
        r#"{{"version": "https://jsonfeed.org/version/1.1", "items": [{}, {{"id": "free", "content_text": "y", "tags": ["odd"], "date_published": "2021-09-14T12:00:00+08:00"}}]}}"#,
        items.join(",")
    );
    let catalog = Catalog::new(parsed(&feed, URL), URL);
    let related = |id: &str, limit: usize| {
        let item = catalog.item(id).expect("an item").clone();
        catalog
            .related(&item, limit)
            .iter()
            .map(|i| i.id.clone())
            .collect::<Vec<_>>()
    };
    // Half newer, half older, newest first; at either end, more from the other side.
    assert_eq!(related("i4", 4), ["i2", "i3", "i5", "i6"]);
    assert_eq!(related("i4", 5), ["i2", "i3", "i5", "i6", "i7"]);
    assert_eq!(related("i0", 4), ["i1", "i2", "i3", "i4"]);
    assert_eq!(related("i7", 4), ["i3", "i4", "i5", "i6"]);
    assert_eq!(related("i8", 6), ["i9"], "channel b has two items");
    // No channel: the items sharing a tag.
    assert_eq!(related("free", 4), ["i3", "i5", "i7", "i9"]);
    // Through the publisher's index, the same.
    let positions = catalog.positions();
    for item in catalog.all() {
        for limit in [1, 4, 6] {
            assert_eq!(
                catalog.related_in(item, limit, Some(&positions)),
                catalog.related(item, limit),
                "{} {limit}",
                item.id
            );
        }
        assert_eq!(
            catalog.neighbours_in(item, Some(&positions)),
            catalog.neighbours(item)
        );
    }
}

#[test]
fn ranking_is_by_views_descending() {
    let catalog = sample(15);
    let ranked = catalog.most_viewed(10);
    assert_eq!(ranked.len(), 10);
    assert_eq!(ranked[0].id, "n14");
    assert!(ranked.windows(2).all(|w| w[0].views >= w[1].views));
}

#[test]
fn neighbours_stay_in_the_channel() {
    let catalog = sample(9);
    let in_a: Vec<_> = catalog.in_channel("a");
    let middle = in_a[1].clone();
    let (newer, older) = catalog.neighbours(&middle);
    assert_eq!(newer.map(|i| i.id.clone()), Some(in_a[0].id.clone()));
    assert_eq!(older.map(|i| i.id.clone()), Some(in_a[2].id.clone()));
    let (none, _) = catalog.neighbours(&in_a[0]);
    assert!(none.is_none());
}

/// The search of a site without an index: the index's own match over the loaded items.
fn search(catalog: &Catalog, text: &str) -> Vec<std::sync::Arc<portal_core::model::Item>> {
    matching_items(catalog.all(), &catalog.site, &Query::parse(text))
}

#[test]
fn search_matches_all_words_titles_first() {
    let catalog = sample(12);
    assert_eq!(search(&catalog, "标题 11").len(), 1);
    assert_eq!(search(&catalog, "rust").len(), 12, "case-insensitive");
    assert_eq!(ids(&search(&catalog, "摘要3")), ["n3"]);
    assert_eq!(ids(&search(&catalog, "来源5")), ["n5"]);
    assert!(search(&catalog, "   ").is_empty());
    assert!(search(&catalog, "不存在的词").is_empty());
    let text = r#"{"version": "https://jsonfeed.org/version/1.1", "items": [
        {"id": "s", "title": "其他", "summary": "氢能"},
        {"id": "t", "title": "氢能科技"}
    ]}"#;
    let c = Catalog::new(parse_feed(text, URL).expect("parses"), URL);
    assert_eq!(ids(&search(&c, "氢能")), ["t", "s"]);
}

#[test]
fn search_reads_full_width_latin_as_ascii() {
    let text = r#"{"version": "https://jsonfeed.org/version/1.1", "items": [
        {"id": "w", "title": "ＡＩ芯片与５Ｇ"},
        {"id": "a", "title": "AI 芯片"}
    ]}"#;
    let c = Catalog::new(parse_feed(text, URL).expect("parses"), URL);
    assert_eq!(ids(&search(&c, "ai")), ["w", "a"]);
    assert_eq!(ids(&search(&c, "５g")), ["w"]);
    assert_eq!(
        fold_case("ＡＢｃ Déjà"),
        "abc déjà",
        "other letters are left as they are"
    );
}

#[test]
fn tags_and_channels_filter() {
    let catalog = sample(10);
    assert_eq!(catalog.with_tag("t0").len(), 5);
    assert_eq!(catalog.in_channel("b").len(), 3);
    assert!(catalog.in_channel("zz").is_empty());
}

/// A feed page with `items` (id, date) in channel `channel` (none when empty) and a `next_url`.
fn page_of(items: &[(&str, &str)], channel: &str, next: Option<&str>, portal: &str) -> String {
    let items: Vec<String> = items
        .iter()
        .map(|(id, day)| {
            let channel = if channel.is_empty() {
                String::new()
            } else {
                format!(r#", "_portal": {{"channel": "{channel}"}}"#)
            };
            format!(
                r#"{{"id": "{id}", "title": "{id}", "date_published": "2021-08-{day}T08:00:00+08:00"{channel}}}"#
            )
        })
        .collect();
    let next = next.map_or(String::new(), |n| format!(r#", "next_url": "{n}""#));
    format!(
        r#"{{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [{}]{next}{portal}}}"#,
        items.join(",")
    )
}

const CHANNELS: &str = r#", "_portal": {"channels": [
    {"slug": "rare", "name": "稀有", "feed_url": "channels/rare.json"},
    {"slug": "common", "name": "常见"}
]}"#;

fn channel(slug: &str) -> ListKey {
    ListKey::Channel(slug.to_string())
}

fn parsed(text: &str, url: &str) -> portal_core::model::FeedPage {
    parse_feed(text, url).expect("parses")
}

#[test]
fn a_channel_with_its_own_feed_reads_it_instead_of_the_main_feed() {
    let main = page_of(
        &[("m1", "28"), ("r1", "27"), ("m2", "26")],
        "common",
        Some("feed-2.json"),
        CHANNELS,
    );
    let mut catalog = Catalog::new(parsed(&main, URL), URL);
    let rare_url = "http://portal.test/content/channels/rare.json";
    assert_eq!(
        catalog.next_url_for(&channel("rare")).as_deref(),
        Some(rare_url)
    );
    assert_eq!(
        catalog.next_url_for(&channel("common")).as_deref(),
        Some("http://portal.test/content/feed-2.json"),
        "a channel without a feed walks the main feed"
    );

    // The channel's feed repeats r1 (already read, under another channel in the main feed) and
    // has older items, one without a channel of its own.
    let rare_page = page_of(
        &[("r1", "27"), ("r2", "05"), ("r3", "01")],
        "",
        Some("rare-2.json"),
        "",
    );
    let mut page = parsed(&rare_page, rare_url);
    page.items[1].channel = Some("rare".into());
    catalog.add_list_page(&channel("rare"), page, rare_url);

    assert_eq!(
        ids(&catalog.in_channel("rare")),
        ["r2", "r3"],
        "r1 keeps the main feed's channel"
    );
    assert_eq!(
        ids(catalog.latest()),
        ["m1", "r1", "m2"],
        "the home list has no gaps"
    );
    assert_eq!(catalog.len(), 5);
    assert!(catalog.problems.is_empty(), "{:?}", catalog.problems);
    assert_eq!(
        catalog.next_url_for(&channel("rare")).as_deref(),
        Some("http://portal.test/content/channels/rare-2.json")
    );
    assert!(catalog.item("r3").is_some(), "its articles open");

    catalog.stop_list(&channel("rare"));
    assert!(!catalog.can_load_more_in(&channel("rare")));
    assert!(catalog.can_load_more_in(&channel("common")));
}

#[test]
fn a_channel_feed_leading_back_to_itself_ends_with_a_notice() {
    let main = page_of(&[("m1", "28")], "common", None, CHANNELS);
    let mut catalog = Catalog::new(parsed(&main, URL), URL);
    let rare_url = "http://portal.test/content/channels/rare.json";
    let looped = page_of(&[("r1", "20")], "rare", Some("rare.json"), "");
    catalog.add_list_page(&channel("rare"), parsed(&looped, rare_url), rare_url);
    assert_eq!(catalog.next_url_for(&channel("rare")), None);
    assert_eq!(catalog.problems.len(), 1);
    assert!(catalog.problems[0].message.contains("already read"));
}

#[test]
fn an_article_read_on_its_own_joins_the_home_list_only_when_its_page_comes() {
    let main = page_of(&[("m1", "28")], "", Some("feed-2.json"), "");
    let mut catalog = Catalog::new(parsed(&main, URL), URL);
    let single = page_of(&[("old", "02")], "", None, "");
    catalog.add_file(parsed(&single, URL), URL);
    assert_eq!(ids(catalog.latest()), ["m1"]);
    assert!(catalog.item("old").is_some());

    let second = page_of(&[("m2", "20"), ("old", "02")], "", None, "");
    let url = "http://portal.test/content/feed-2.json";
    catalog.add_page(parsed(&second, url), url);
    assert_eq!(ids(catalog.latest()), ["m1", "m2", "old"]);
    assert!(
        catalog.problems.is_empty(),
        "not a duplicate: {:?}",
        catalog.problems
    );
}

#[test]
fn channel_feed_urls_resolve_against_the_feed_and_unsafe_ones_are_dropped() {
    let text = r#"{"version": "https://jsonfeed.org/version/1.1", "items": [], "_portal": {"channels": [
        {"slug": "a", "name": "甲", "feed_url": "channels/a.json"},
        {"slug": "b", "name": "乙", "feed_url": "javascript:alert(1)"}
    ]}}"#;
    let site = parsed(text, URL).site;
    assert_eq!(
        site.channels[0].feed_url.as_deref(),
        Some("http://portal.test/content/channels/a.json")
    );
    assert_eq!(site.channels[1].feed_url, None);
}

#[test]
fn an_item_named_by_no_channel_belongs_to_the_channel_feed_that_lists_it_whatever_comes_first() {
    let rare_url = "http://portal.test/content/channels/rare.json";
    let unnamed = page_of(&[("x", "20")], "", None, "");

    // The main feed first, naming no channel for x; then the channel feed lists it.
    let main = page_of(&[("m1", "28"), ("x", "20")], "", None, CHANNELS);
    let mut catalog = Catalog::new(parsed(&main, URL), URL);
    catalog.add_list_page(&channel("rare"), parsed(&unnamed, rare_url), rare_url);
    assert_eq!(ids(&catalog.in_channel("rare")), ["x"]);
    assert_eq!(
        ids(catalog.latest()),
        ["m1", "x"],
        "the home list has the new copy"
    );
    assert_eq!(catalog.latest()[1].channel.as_deref(), Some("rare"));

    // The channel feed first (a deep link into the channel); then the main feed names x's
    // channel: the item's own word wins over the feed that listed it.
    let main = page_of(&[("m1", "28")], "", Some("feed-2.json"), CHANNELS);
    let mut catalog = Catalog::new(parsed(&main, URL), URL);
    catalog.add_list_page(&channel("rare"), parsed(&unnamed, rare_url), rare_url);
    assert_eq!(ids(&catalog.in_channel("rare")), ["x"]);
    let second = page_of(&[("x", "20")], "common", None, "");
    let url = "http://portal.test/content/feed-2.json";
    catalog.add_page(parsed(&second, url), url);
    assert!(catalog.in_channel("rare").is_empty());
    assert_eq!(ids(&catalog.in_channel("common")), ["x"]);
    assert_eq!(catalog.all().len(), 2);
}

#[test]
fn each_feed_is_walked_on_its_own_budget_and_loop_check() {
    let main = page_of(
        &[("m1", "28")],
        "common",
        Some("channels/rare-2.json"),
        CHANNELS,
    );
    let mut catalog = Catalog::new(parsed(&main, URL), URL);
    let rare_url = "http://portal.test/content/channels/rare.json";
    let rare_2 = "http://portal.test/content/channels/rare-2.json";
    let page = page_of(&[("r1", "10")], "rare", Some("rare-2.json"), "");
    catalog.add_list_page(&channel("rare"), parsed(&page, rare_url), rare_url);
    let page = page_of(&[("r2", "09")], "rare", None, "");
    catalog.add_list_page(&channel("rare"), parsed(&page, rare_2), rare_2);
    assert_eq!(
        catalog.pages_read(),
        1,
        "channel pages are not the main feed's"
    );
    assert_eq!(
        catalog.next_url.as_deref(),
        Some(rare_2),
        "a file the channel walk read is not a loop of the main feed"
    );
    assert!(catalog.can_load_more());
    assert!(catalog.problems.is_empty(), "{:?}", catalog.problems);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]

    /// 相关阅读 is what its rule says, and through the publisher's index (tags compared as
    /// numbers) it is the one found by reading the catalog (tags compared as strings), for every
    /// item, whatever the tags: shared or not, repeated within an item, over more items than a
    /// tag's reach.
    #[test]
    fn reading_lists_through_the_index_are_those_of_the_catalog(
        tags in proptest::collection::vec(proptest::collection::vec(0..6u8, 0..4), 1..80),
        channels in proptest::collection::vec(0..3u8, 80),
    ) {
        let items: Vec<String> = tags
            .iter()
            .enumerate()
            .map(|(i, own)| {
                let own: Vec<String> = own.iter().map(|t| format!(r#""标签{t}""#)).collect();
                format!(
                    r#"{{"id": "n{i}", "content_text": "x", "tags": [{}], "date_published": "2021-08-01T08:00:{:02}+08:00", "_portal": {{"channel": "c{}"}}}}"#,
                    own.join(","),
                    59 - i % 60,
                    channels[i],
                )
            })
            .collect();
        let feed = format!(
            r#"{{"version": "https://jsonfeed.org/version/1.1", "items": [{}]}}"#,
            items.join(",")
        );
        let catalog = Catalog::new(parse_feed(&feed, URL).expect("parses"), URL);
        let positions = catalog.positions();
        let ids = |list: Vec<std::sync::Arc<portal_core::model::Item>>| {
            list.iter().map(|i| i.id.clone()).collect::<Vec<_>>()
        };
        // What the rule says, written plainly: of the older items within a tag's reach, the
        // most tags shared, then the same channel, then the newest.
        let all = catalog.all();
        let plainly = |own: usize| -> Vec<String> {
            let item = &all[own];
            let mut candidates: Vec<usize> = item
                .tags
                .iter()
                .flat_map(|tag| {
                    (own + 1..all.len())
                        .filter(|&p| all[p].tags.contains(tag))
                        .take(portal_core::model::catalog::READING_REACH)
                })
                .collect();
            candidates.sort_unstable();
            candidates.dedup();
            candidates.sort_by_key(|&p| {
                let shared = all[p].tags.iter().filter(|t| item.tags.contains(t)).count();
                let same = all[p].channel == item.channel && item.channel.is_some();
                (std::cmp::Reverse(shared), std::cmp::Reverse(same), p)
            });
            candidates.iter().take(6).map(|&p| all[p].id.clone()).collect()
        };
        for (own, item) in catalog.all().iter().enumerate() {
            let read = ids(catalog.reading_list_in(item, 6, None));
            proptest::prop_assert_eq!(&read, &plainly(own));
            proptest::prop_assert_eq!(&ids(catalog.reading_list_in(item, 6, Some(&positions))), &read);
            // A copy of the item, not the catalog's own: its tags are read as strings.
            let copy = (**item).clone();
            proptest::prop_assert_eq!(&ids(catalog.reading_list_in(&copy, 6, Some(&positions))), &read);
        }
    }
}
