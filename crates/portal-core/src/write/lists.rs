//! Lists of articles and their pager, as markup (see [`crate::write::markup`] for why).

use std::sync::Arc;

use crate::model::paths::Paths;
use crate::model::{Item, Paged};
use crate::write::markup::Markup;

/// Characters of text under a title in a list.
pub const TEASER_CHARS: usize = 80;
/// Characters of text under the home page's headline.
pub const HEADLINE_TEASER_CHARS: usize = 90;

/// The date as lists show it, or nothing for an undated item.
pub fn date(m: &mut Markup, item: &Item) {
    if let Some(d) = item.date {
        m.element("time", &[("datetime", &d.iso_shanghai())], &d.date_string());
    }
}

/// The 示例内容 label of sample items.
pub fn sample_badge(m: &mut Markup, item: &Item) {
    if item.sample {
        m.element("span", &[("class", "badge-sample")], "示例内容");
    }
}

/// A list of articles with title, date, teaser and a thumbnail where there is a picture, or
/// `empty` when there are none.
pub fn article_list(m: &mut Markup, items: &[Arc<Item>], empty: &str, paths: &Paths) {
    if items.is_empty() {
        m.element("p", &[("class", "empty")], empty);
        return;
    }
    m.el("ul", &[("class", "article-list")], |m| {
        for item in items {
            m.el("li", &[("class", "article-item")], |m| {
                article_item(m, item, paths)
            });
        }
    });
}

fn article_item(m: &mut Markup, item: &Item, paths: &Paths) {
    if let Some(src) = &item.image {
        m.void(
            "img",
            &[
                ("class", "thumb"),
                ("src", src),
                ("alt", ""),
                ("width", "160"),
                ("height", "90"),
                ("loading", "lazy"),
                ("decoding", "async"),
            ],
        );
    }
    m.el("div", &[("class", "article-item-text")], |m| {
        m.el("h3", &[], |m| {
            m.link(&paths.article(&item.id), &item.title);
            sample_badge(m, item);
        });
        m.element("p", &[("class", "teaser")], &item.teaser(TEASER_CHARS));
        m.el("p", &[("class", "meta")], |m| {
            date(m, item);
            if let Some(source) = &item.source {
                m.element("span", &[("class", "source")], source);
            }
        });
    });
}

/// Titles with dates, for compact blocks; a numbered list for rankings.
pub fn title_list(m: &mut Markup, items: &[Arc<Item>], numbered: bool, paths: &Paths) {
    let (tag, class) = if numbered {
        ("ol", "title-list ranked")
    } else {
        ("ul", "title-list")
    };
    m.el(tag, &[("class", class)], |m| {
        for item in items {
            m.el("li", &[], |m| {
                m.link(&paths.article(&item.id), &item.title);
                date(m, item);
            });
        }
    });
}

/// 上一页 / page numbers / 下一页 for a list at `route` (a route path; `?page=N` is added).
/// When more pages may exist than are known (`paged.more`), a last page 更多… leads on.
pub fn pager(m: &mut Markup, paged: &Paged, route: &str, paths: &Paths) {
    let more_exist = paged.more;
    let total = paged.total_pages + usize::from(more_exist);
    if total <= 1 {
        return;
    }
    let link = |page: usize| {
        if page == 1 {
            paths.route(route)
        } else {
            let separator = if route.contains('?') { '&' } else { '?' };
            paths.route(&format!("{route}{separator}page={page}"))
        }
    };
    let current = paged.page;
    m.el(
        "nav",
        &[("class", "pager"), ("aria-label", "分页")],
        |m| {
            m.el("ul", &[], |m| {
                if current > 1 {
                    m.el("li", &[], |m| {
                        m.element(
                            "a",
                            &[("rel", "prev"), ("href", &link(current - 1))],
                            "上一页",
                        );
                    });
                }
                for page in
                    (1..=total).filter(|p| *p == 1 || *p == total || p.abs_diff(current) <= 2)
                {
                    let label = if more_exist && page == total {
                        "更多…".to_string()
                    } else {
                        page.to_string()
                    };
                    m.el("li", &[], |m| {
                        if page == current {
                            m.element(
                                "span",
                                &[("class", "current"), ("aria-current", "page")],
                                &label,
                            );
                        } else {
                            m.link(&link(page), &label);
                        }
                    });
                }
                if current < total {
                    m.el("li", &[], |m| {
                        m.element(
                            "a",
                            &[("rel", "next"), ("href", &link(current + 1))],
                            "下一页",
                        );
                    });
                }
            });
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalog::{paginate_list, Extent};
    use crate::model::Catalog;
    use crate::test_support::{attributes, catalog_of, well_formed};
    use crate::write::markup::render;

    fn catalog() -> Catalog {
        let feed = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [
            {"id": "a/1", "title": "<b>甲</b>", "content_text": "正文", "image": "https://x.test/a.png",
             "date_published": "2021-09-02T10:00:00+08:00", "_portal": {"source": "来源 & 社", "sample": true}},
            {"id": "b", "title": "乙", "content_text": "正文"},
            {"id": "c", "title": "丙", "content_text": "正文"}
        ]}"#;
        catalog_of(feed)
    }

    #[test]
    fn article_list_escapes_titles_and_links_encoded_ids() {
        let html = render(|m| article_list(m, catalog().latest(), "暂无", &Paths::new("/p")));
        well_formed(&html);
        assert!(html.contains("&lt;b&gt;甲&lt;/b&gt;"), "{html}");
        assert!(html.contains("来源 &amp; 社"), "{html}");
        assert!(html.contains("<time datetime=\"2021-09-02T10:00+08:00\">2021-09-02</time>"));
        assert_eq!(attributes(&html, "img", "src"), ["https://x.test/a.png"]);
        assert_eq!(
            attributes(&html, "a", "href"),
            ["/p/article/a~2F1", "/p/article/b", "/p/article/c"]
        );
        assert_eq!(html.matches("badge-sample").count(), 1);
    }

    #[test]
    fn an_empty_list_says_so() {
        assert_eq!(
            render(|m| article_list(m, &[], "这个栏目暂时没有资讯。", &Paths::default())),
            "<p class=\"empty\">这个栏目暂时没有资讯。</p>"
        );
    }

    #[test]
    fn ranking_is_numbered() {
        let html = render(|m| title_list(m, catalog().latest(), true, &Paths::default()));
        well_formed(&html);
        assert!(
            html.starts_with("<ol class=\"title-list ranked\">"),
            "{html}"
        );
        assert_eq!(html.matches("<li>").count(), 3);
    }

    /// The pager of `catalog()`'s items at `page`, `size` a page, for the list at `route`.
    fn pager_of(page: usize, size: usize, route: &str, more_exist: bool) -> String {
        let items = catalog().latest().to_vec();
        let extent = if more_exist {
            Extent::More
        } else {
            Extent::Complete
        };
        let paged = paginate_list(&items, page, size, extent);
        render(|m| pager(m, &paged, route, &Paths::default()))
    }

    #[test]
    fn pager_marks_the_current_page_and_links_its_neighbours() {
        let html = pager_of(2, 1, "/channel/x", false);
        well_formed(&html);
        assert!(html.contains("<span class=\"current\" aria-current=\"page\">2</span>"));
        assert_eq!(
            attributes(&html, "a", "href"),
            [
                "/channel/x",
                "/channel/x",
                "/channel/x?page=3",
                "/channel/x?page=3"
            ]
        );
        assert_eq!(attributes(&html, "a", "rel"), ["prev", "next"]);
    }

    #[test]
    fn pager_offers_more_when_older_pages_exist_and_keeps_a_query() {
        let html = pager_of(3, 1, "/search?q=x", true);
        assert!(html.contains(">更多…</a>"), "{html}");
        assert!(html.contains("href=\"/search?q=x&amp;page=4\""), "{html}");
    }

    #[test]
    fn a_single_page_has_no_pager() {
        assert_eq!(pager_of(1, 10, "/", false), "");
    }
}
