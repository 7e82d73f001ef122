//! `/`: the headline, the latest items with paging, and a block per channel.

use std::sync::Arc;

use crate::model::catalog::paginate_list;
use crate::model::paths::Paths;
use crate::model::{Catalog, Item, Paged};
use crate::write::head::PageMeta;
use crate::write::lists::{article_list, pager, sample_badge, title_list, HEADLINE_TEASER_CHARS};
use crate::write::markup::Markup;
use crate::write::sidebar::{sidebar, SidebarFor, Volatile};
use crate::write::status::{list_status, ListStatus};

/// Titles in each channel's block on the home page.
const CHANNEL_BLOCK_ITEMS: usize = 5;

/// The items the home page shows from the whole archive besides its page of the main feed:
/// the headline, and each channel's newest for its block.
pub fn drawn_from(catalog: &Catalog) -> Vec<Arc<Item>> {
    let mut items = catalog.featured(1, None);
    for channel in &catalog.site.channels {
        items.extend(
            catalog
                .in_channel(&channel.slug)
                .into_iter()
                .take(CHANNEL_BLOCK_ITEMS),
        );
    }
    items
}

/// The home page's head: the site's name as its title, and its description.
pub fn home_meta(catalog: &Catalog) -> PageMeta {
    let site = &catalog.site;
    PageMeta::new("", site.description.as_ref().unwrap_or(&site.name).clone())
}

/// Page `page` of the home page: the headline (on page 1), the latest items with their paging
/// and loading status, a block per channel, and the sidebar.
pub fn home_page(
    m: &mut Markup,
    catalog: &Catalog,
    page: usize,
    status: &ListStatus,
    volatile: Volatile,
    paths: &Paths,
) {
    let paged = paginate_list(
        catalog.latest(),
        page,
        catalog.site.page_size,
        catalog.timeline_extent(),
    );
    m.el("div", &[("class", "wrap layout")], |m| {
        m.el("div", &[("class", "main-col")], |m| {
            top(m, catalog, &paged, paths);
            m.el(
                "section",
                &[("class", "latest"), ("aria-labelledby", "latest-heading")],
                |m| {
                    latest(m, &paged, paths);
                    list_status(m, status);
                    if !paged.pending {
                        pager(m, &paged, "/", paths);
                    }
                },
            );
            channel_blocks(m, catalog, paths);
        });
        let next_to = SidebarFor {
            volatile,
            ..SidebarFor::default()
        };
        sidebar(m, catalog, &next_to, paths);
    });
}

/// The site's name as the page heading, and the headline on page 1.
fn top(m: &mut Markup, catalog: &Catalog, paged: &Paged, paths: &Paths) {
    m.element("h1", &[("class", "visually-hidden")], &catalog.site.name);
    if paged.page == 1 {
        headline(m, catalog, paths);
    }
}

/// 最新资讯: a page of the main feed's items (nothing while they are still being read).
fn latest(m: &mut Markup, paged: &Paged, paths: &Paths) {
    m.element(
        "h2",
        &[("id", "latest-heading"), ("class", "section-title")],
        "最新资讯",
    );
    if !paged.pending {
        article_list(m, &paged.items, "暂无资讯。", paths);
    }
}

/// The headline: the newest featured item, or the newest item.
fn headline(m: &mut Markup, catalog: &Catalog, paths: &Paths) {
    let Some(item) = catalog
        .featured(1, None)
        .into_iter()
        .next()
        .or_else(|| catalog.latest().first().cloned())
    else {
        return;
    };
    let href = paths.article(&item.id);
    m.el(
        "section",
        &[("class", "headline"), ("aria-label", "头条")],
        |m| {
            m.el("a", &[("class", "headline-link"), ("href", &href)], |m| {
                if let Some(src) = &item.image {
                    m.void(
                        "img",
                        &[
                            ("src", src),
                            ("alt", ""),
                            ("width", "640"),
                            ("height", "360"),
                            ("decoding", "async"),
                            ("fetchpriority", "high"),
                        ],
                    );
                }
                m.el("span", &[("class", "headline-text")], |m| {
                    m.element("span", &[("class", "headline-title")], &item.title);
                    sample_badge(m, &item);
                    m.element(
                        "span",
                        &[("class", "teaser")],
                        &item.teaser(HEADLINE_TEASER_CHARS),
                    );
                });
            });
        },
    );
}

/// A block of the newest titles of each channel that has any.
fn channel_blocks(m: &mut Markup, catalog: &Catalog, paths: &Paths) {
    m.el("div", &[("class", "channel-blocks")], |m| {
        for channel in &catalog.site.channels {
            let items: Vec<_> = catalog
                .in_channel(&channel.slug)
                .into_iter()
                .take(CHANNEL_BLOCK_ITEMS)
                .collect();
            if items.is_empty() {
                continue;
            }
            let href = paths.channel(&channel.slug);
            m.el("section", &[("class", "channel-block")], |m| {
                m.el("h2", &[("class", "section-title")], |m| {
                    m.link(&href, &channel.name).el(
                        "a",
                        &[("class", "more"), ("href", &href)],
                        |m| {
                            m.text("更多>").element(
                                "span",
                                &[("class", "visually-hidden")],
                                &channel.name,
                            );
                        },
                    );
                });
                title_list(m, &items, false, paths);
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::paginate;
    use crate::test_support::{sample_catalog, well_formed};
    use crate::write::markup::render;

    #[test]
    fn page_one_has_the_headline_and_a_page_of_items_page_two_does_not() {
        let catalog = sample_catalog();
        let size = catalog.site.page_size;
        for (page, headline) in [(1, true), (2, false)] {
            let paged = paginate(catalog.latest(), page, size);
            let html = render(|m| {
                top(m, &catalog, &paged, &Paths::default());
                latest(m, &paged, &Paths::default());
            });
            well_formed(&html);
            assert_eq!(html.contains("class=\"headline\""), headline, "page {page}");
            assert_eq!(
                html.matches("class=\"article-item\"").count(),
                paged.items.len()
            );
        }
    }

    #[test]
    fn the_loading_status_sits_under_the_list_before_the_pager() {
        let catalog = sample_catalog();
        let status = ListStatus {
            busy: true,
            error: None,
        };
        let html =
            render(|m| home_page(m, &catalog, 1, &status, Volatile::Live, &Paths::default()));
        well_formed(&html);
        let latest = html
            .split("<section class=\"latest\"")
            .nth(1)
            .unwrap_or_default();
        let list = latest.find("class=\"article-list\"");
        let loading = latest.find("正在加载更多…");
        let pager = latest.find("class=\"pager\"");
        assert!(list < loading && loading < pager, "{latest}");
        assert!(html.contains("<aside class=\"sidebar\""));
    }

    #[test]
    fn every_channel_with_items_gets_a_block_of_five() {
        let catalog = sample_catalog();
        let html = render(|m| channel_blocks(m, &catalog, &Paths::default()));
        well_formed(&html);
        let blocks = html.matches("class=\"channel-block\"").count();
        assert_eq!(blocks, catalog.site.channels.len());
        for block in html.split("class=\"channel-block\"").skip(1) {
            assert!(block.matches("<li>").count() <= CHANNEL_BLOCK_ITEMS);
        }
    }
}
