//! The recommendation sidebar of article and list pages: 同类资讯, 推荐图文, 推荐资讯, 点击排行.

use std::sync::Arc;

use crate::model::catalog::Positions;
use crate::model::counter::{Ranked, Window};
use crate::model::paths::Paths;
use crate::model::{Catalog, Item};
use crate::write::lists::title_list;
use crate::write::markup::Markup;

const RELATED: usize = 6;
/// Lines of 推荐图文 and 推荐资讯.
pub const PICTURES: usize = 4;
pub const FEATURED: usize = 6;
/// Lines of 点击排行.
pub const RANKED: usize = 10;

/// What the sidebar is next to: an article, or a channel's list.
#[derive(Clone, Default, PartialEq)]
pub struct SidebarFor {
    pub article: Option<Arc<Item>>,
    pub channel: Option<String>,
    pub volatile: Volatile,
}

/// Whether what changes while a page's own items stay the same is written: view counts
/// (点击排行, an article's 浏览) and the archive's picks (推荐图文, 推荐资讯).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Volatile {
    /// As the app shows them.
    #[default]
    Live,
    /// Left for the app to fill in, in boxes as tall as it fills: a page the publisher writes
    /// stays the same bytes when only a view count changes, or an item is picked (推荐) or
    /// newer pictures come in. Written, the boxes are in every sidebar, so each of these
    /// changes rewrote every page: 100,147 files and 36 s for one featured item at 100k items
    /// (bench/README.md), and 2.2 KB of each article page.
    Published,
}

/// The items the sidebar may show on any page, from the whole archive: 推荐图文, 推荐资讯 and
/// 点击排行, one more than they show (the article next to them is left out of its own
/// sidebar), and each channel's newest for a channel list's 同类资讯. A published first page
/// carries them.
pub fn drawn_from(catalog: &Catalog) -> Vec<Arc<Item>> {
    let mut items = catalog.featured(FEATURED + 1, None);
    items.extend(catalog.with_pictures(PICTURES + 1, None));
    items.extend(catalog.most_viewed(RANKED));
    for channel in &catalog.site.channels {
        items.extend(catalog.in_channel(&channel.slug).into_iter().take(RELATED));
    }
    items
}

/// The items next to `article` that only its page shows: its 同类资讯 (the nearest in time,
/// see [`Catalog::related`]), found through `positions`. Its own file carries them.
pub fn drawn_for(catalog: &Catalog, positions: &Positions, article: &Item) -> Vec<Arc<Item>> {
    catalog.related_in(article, RELATED, Some(positions))
}

/// `<aside>` with the four boxes; those with nothing to show are left out, except 同类资讯.
pub fn sidebar(m: &mut Markup, catalog: &Catalog, next_to: &SidebarFor, paths: &Paths) {
    let current = next_to.article.as_ref().map(|a| a.id.as_str());
    let channel = next_to
        .channel
        .clone()
        .or_else(|| next_to.article.as_ref().and_then(|a| a.channel.clone()));
    let related = match (&next_to.article, &channel) {
        (Some(article), _) => catalog.related(article, RELATED),
        (None, Some(slug)) => catalog.in_channel(slug).into_iter().take(RELATED).collect(),
        (None, None) => catalog.latest().iter().take(RELATED).cloned().collect(),
    };
    let related_title = channel
        .as_ref()
        .and_then(|slug| catalog.site.channel(slug))
        .map_or("同类资讯".to_string(), |c| {
            format!("同类资讯 · {}", c.name)
        });
    let more = channel
        .as_ref()
        .map_or_else(|| paths.home(), |slug| paths.channel(slug));

    m.el(
        "aside",
        &[("class", "sidebar"), ("aria-label", "推荐")],
        |m| {
            m.el("section", &[("class", "side-box related")], |m| {
                m.el("h2", &[], |m| {
                    m.text(&related_title)
                        .el("a", &[("class", "more"), ("href", &more)], |m| {
                            m.text("更多>").element(
                                "span",
                                &[("class", "visually-hidden")],
                                "同类资讯",
                            );
                        });
                });
                title_list(m, &related, false, paths);
            });
            let pictures = catalog.with_pictures(PICTURES, current);
            if !pictures.is_empty() {
                m.el("section", &[("class", "side-box pictures")], |m| {
                    m.element("h2", &[], "推荐图文");
                    match next_to.volatile {
                        Volatile::Live => picture_grid(m, &pictures, paths),
                        Volatile::Published => pending_pictures(m, pictures.len()),
                    }
                });
            }
            let featured = catalog.featured(FEATURED, current);
            if !featured.is_empty() {
                m.el("section", &[("class", "side-box featured")], |m| {
                    m.element("h2", &[], "推荐资讯");
                    match next_to.volatile {
                        Volatile::Live => title_list(m, &featured, false, paths),
                        Volatile::Published => pending_titles(m, featured.len(), false),
                    }
                });
            }
            let ranked = catalog.most_viewed(RANKED);
            let counter = catalog.site.counter.is_some();
            if !ranked.is_empty() || counter {
                // With a counter, the app fills the box from it (src/counter.rs): within the
                // channel on a channel's list, for the window of the tab pressed.
                let ranks_in = next_to.channel.as_deref().filter(|_| counter);
                let mut attributes = vec![("class", "side-box ranking")];
                attributes.extend(ranks_in.map(|slug| ("data-channel", slug)));
                m.el("section", &attributes, |m| {
                    m.element("h2", &[], "点击排行");
                    if counter {
                        rank_tabs(m);
                    }
                    match next_to.volatile {
                        Volatile::Live => title_list(m, &ranked, true, paths),
                        Volatile::Published => pending_titles(m, ranked.len(), true),
                    }
                });
            }
        },
    );
}

/// 推荐图文: a picture and its title for each of `items`, two to a row.
fn picture_grid(m: &mut Markup, items: &[Arc<Item>], paths: &Paths) {
    m.el("ul", &[("class", "picture-grid")], |m| {
        for item in items {
            m.el("li", &[], |m| {
                m.el("a", &[("href", &paths.article(&item.id))], |m| {
                    m.void(
                        "img",
                        &[
                            ("src", item.image.as_deref().unwrap_or_default()),
                            ("alt", ""),
                            ("width", "160"),
                            ("height", "90"),
                            ("loading", "lazy"),
                            ("decoding", "async"),
                        ],
                    )
                    .element("span", &[], &item.title);
                });
            });
        }
    });
}

/// The place of a [`picture_grid`] of `rows` pictures the app fills in: each row is a frame
/// of the picture's size and a title's two lines, unseen (`.pending`), so the boxes below stay
/// where they are when the pictures come.
fn pending_pictures(m: &mut Markup, rows: usize) {
    m.el("ul", &[("class", "picture-grid pending")], |m| {
        for _ in 0..rows {
            m.el("li", &[], |m| {
                m.el("a", &[], |m| {
                    m.element("div", &[("class", "frame")], "")
                        .element("span", &[], "\u{a0}");
                });
            });
        }
    });
}

/// The place of a [`title_list`] of `rows` lines the app fills in: a line each, as tall as a
/// title's, unseen.
fn pending_titles(m: &mut Markup, rows: usize, numbered: bool) {
    let (tag, class) = if numbered {
        ("ol", "title-list ranked pending")
    } else {
        ("ul", "title-list pending")
    };
    m.el(tag, &[("class", class)], |m| {
        for _ in 0..rows {
            m.el("li", &[], |m| {
                m.element("a", &[], "\u{a0}");
            });
        }
    });
}

/// 总/日/周/月: which time 点击排行 covers, the first pressed. The app answers them.
fn rank_tabs(m: &mut Markup) {
    m.el(
        "div",
        &[
            ("class", "rank-tabs"),
            ("role", "group"),
            ("aria-label", "排行时段"),
        ],
        |m| {
            for window in Window::EVERY {
                let pressed = if window == Window::default() {
                    "true"
                } else {
                    "false"
                };
                m.element(
                    "button",
                    &[
                        ("type", "button"),
                        ("data-rank", window.name()),
                        ("aria-pressed", pressed),
                    ],
                    window.label(),
                );
            }
        },
    );
}

/// The lines of a 点击排行 the counter answered, for the app to put in the box's `<ol>`: the
/// same links [`title_list`] writes (its dates are not shown in a ranking).
pub fn ranked_entries(m: &mut Markup, ranked: &[Ranked], paths: &Paths) {
    for entry in ranked.iter().take(RANKED) {
        m.el("li", &[], |m| {
            m.link(&paths.article(&entry.id), &entry.title);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{sample_catalog, well_formed};
    use crate::write::markup::render;

    fn headings(html: &str) -> Vec<&str> {
        html.split("<h2>")
            .skip(1)
            .map(|rest| rest.split(['<']).next().unwrap_or_default())
            .collect()
    }

    #[test]
    fn next_to_an_article_it_has_four_boxes_without_the_article() {
        let catalog = sample_catalog();
        let article = catalog.item("20210902-wenzhou-kechuang").cloned();
        let next_to = SidebarFor {
            article,
            ..SidebarFor::default()
        };
        let html = render(|m| sidebar(m, &catalog, &next_to, &Paths::default()));
        well_formed(&html);
        assert_eq!(
            headings(&html),
            ["同类资讯 · 地方科创", "推荐图文", "推荐资讯", "点击排行"]
        );
        let related = html.split("side-box pictures").next().unwrap_or_default();
        assert!(!related.contains("华山一条路"), "not related to itself");
        let ranking = html.split("点击排行").nth(1).unwrap_or_default();
        assert_eq!(ranking.matches("<li>").count(), 10);
        assert!(html.contains("<a class=\"more\" href=\"/channel/difang\">"));
    }

    #[test]
    fn next_to_a_list_without_a_channel_it_points_home() {
        let catalog = sample_catalog();
        let html = render(|m| sidebar(m, &catalog, &SidebarFor::default(), &Paths::new("/p")));
        assert!(
            html.contains("<h2>同类资讯<a class=\"more\" href=\"/p/\">"),
            "{html}"
        );
    }

    #[test]
    fn with_a_counter_the_ranking_has_tabs_and_a_channel_ranks_within_itself() {
        let mut catalog = sample_catalog();
        let plain = render(|m| sidebar(m, &catalog, &SidebarFor::default(), &Paths::default()));
        assert!(
            !plain.contains("rank-tabs"),
            "no counter, no tabs: as before"
        );
        let mut site = (*catalog.site).clone();
        site.counter = Some("api/".into());
        catalog.site = Arc::new(site);
        let next_to = SidebarFor {
            channel: Some("difang".into()),
            volatile: Volatile::Published,
            ..SidebarFor::default()
        };
        let html = render(|m| sidebar(m, &catalog, &next_to, &Paths::default()));
        well_formed(&html);
        assert!(html.contains("<section class=\"side-box ranking\" data-channel=\"difang\">"));
        let tabs: Vec<&str> = html
            .split("data-rank=\"")
            .skip(1)
            .map(|t| &t[..t.find('"').unwrap_or(0)])
            .collect();
        assert_eq!(tabs, ["all", "day", "week", "month"]);
        assert!(html.contains("data-rank=\"all\" aria-pressed=\"true\">总</button>"));
        let live = render(|m| {
            ranked_entries(
                m,
                &[Ranked {
                    id: "a/b".into(),
                    title: "<标题>".into(),
                    views: 3,
                }],
                &Paths::new("/p"),
            )
        });
        assert_eq!(
            live,
            "<li><a href=\"/p/article/a~2Fb\">&lt;标题&gt;</a></li>"
        );
    }

    #[test]
    fn published_it_holds_a_row_for_each_pick_the_app_fills_in_and_names_none() {
        let catalog = sample_catalog();
        for id in ["20210902-wenzhou-kechuang", "sample-talent-01"] {
            let article = catalog.item(id).cloned();
            let live = SidebarFor {
                article,
                ..SidebarFor::default()
            };
            let published = SidebarFor {
                volatile: Volatile::Published,
                ..live.clone()
            };
            let live = render(|m| sidebar(m, &catalog, &live, &Paths::default()));
            let published = render(|m| sidebar(m, &catalog, &published, &Paths::default()));
            well_formed(&published);
            assert_eq!(headings(&live), headings(&published), "the same boxes");
            let boxes = |html: &str, class: &str| -> String {
                let start = html.find(class).unwrap_or_default();
                let end = html[start..].find("</section>").unwrap_or_default();
                html[start..start + end].to_string()
            };
            for class in ["side-box pictures", "side-box featured", "side-box ranking"] {
                let (live, published) = (boxes(&live, class), boxes(&published, class));
                assert!(live.matches("<li>").count() > 0, "{live}");
                assert_eq!(
                    live.matches("<li>").count(),
                    published.matches("<li>").count(),
                    "{class}: a row for each the app shows"
                );
                assert!(published.contains("pending"), "{published}");
                assert!(!published.contains("href"), "no item named: {published}");
                assert!(!published.contains("<img"), "{published}");
            }
            let related = boxes(&published, "side-box related");
            assert!(
                related.contains("href=\"/article/"),
                "同类资讯 stays written"
            );
        }
    }
}
