//! `/article/:id`: one article with its 核心提示, body, tags, disclaimer and neighbours.

use std::sync::Arc;

use crate::html::sanitize::Origin;
use crate::model::paths::Paths;
use crate::model::url::resolve;
use crate::model::{Body, Catalog, Item};
use crate::write::chrome::breadcrumb;
use crate::write::head::PageMeta;
use crate::write::lists::sample_badge;
use crate::write::markup::Markup;
use crate::write::reader;
use crate::write::sidebar::{sidebar, SidebarFor, Volatile};

/// An article's head: its title and the start of its text.
pub fn article_meta(item: &Item) -> PageMeta {
    PageMeta::new(item.title.clone(), item.teaser(120))
}

/// The article and the sidebar next to it. `site_url` is the page's own address, which links in
/// the body are told apart from other sites by.
pub fn article(
    m: &mut Markup,
    catalog: &Catalog,
    item: &Arc<Item>,
    site_url: &str,
    volatile: Volatile,
    paths: &Paths,
) {
    let site = &catalog.site;
    m.el("div", &[("class", "wrap layout")], |m| {
        // With a counter, public/boot.js sends this page's hit from these at once, before the
        // app arrives (src/counter.rs sends the others).
        let mut attributes = vec![("class", "article main-col")];
        if let Some(counter) = &site.counter {
            attributes.extend([("data-id", item.id.as_str()), ("data-counter", counter)]);
        }
        m.el("article", &attributes, |m| {
            let channel = item.channel.as_ref().and_then(|slug| site.channel(slug));
            let via: Vec<_> = channel
                .map(|c| (c.name.as_str(), paths.channel(&c.slug)))
                .into_iter()
                .collect();
            breadcrumb(m, paths, &via, "正文");
            m.element("h1", &[("class", "article-title")], &item.title);
            meta(m, item, volatile, site.counter.is_some());
            let page_url = resolve(site_url, &paths.article(&item.id));
            // Printed under the title: where the article is (the stylesheet shows it on paper only).
            m.element("p", &[("class", "print-url")], &page_url);
            reader::article_facts(m, item);
            reader::article_tools(m, site, item, &page_url);
            if let Some(summary) = &item.summary {
                m.el(
                    "section",
                    &[("class", "summary"), ("aria-label", "核心提示")],
                    |m| {
                        m.element("strong", &[], "核心提示：")
                            .element("span", &[], summary);
                    },
                );
            }
            reader::disclosure(m, item);
            m.el("div", &[("class", "article-body")], |m| {
                body(m, item, site_url)
            });
            reader::attachments(m, item);
            if !item.tags.is_empty() {
                m.el("ul", &[("class", "tags"), ("aria-label", "标签")], |m| {
                    for tag in &item.tags {
                        m.el("li", &[], |m| {
                            m.link(&paths.tag(tag), tag);
                        });
                    }
                });
            }
            if let Some(url) = &item.url {
                m.el("p", &[("class", "original")], |m| {
                    m.element(
                        "a",
                        &[
                            ("href", url),
                            ("rel", "noopener noreferrer"),
                            ("target", "_blank"),
                        ],
                        "阅读原文",
                    );
                });
            }
            if let Some(disclaimer) = &site.disclaimer {
                m.element("p", &[("class", "disclaimer")], disclaimer);
            }
            prev_next(m, catalog, item, paths);
            reader::reading_list(m, catalog, item, paths);
        });
        let sidebar_for = SidebarFor {
            article: Some(item.clone()),
            channel: None,
            volatile,
        };
        sidebar(m, catalog, &sidebar_for, paths);
    });
}

/// The body: sanitised HTML, or paragraphs of plain text.
fn body(m: &mut Markup, item: &Item, site_url: &str) {
    match &item.body {
        Body::Html(html) => {
            m.sanitized(
                html,
                Origin {
                    base: &item.base,
                    site: site_url,
                },
            );
        }
        Body::Text(text) => {
            for paragraph in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
                m.element("p", &[], paragraph);
            }
        }
        Body::Empty => {}
    }
}

/// 上一篇 (newer) and 下一篇 (older), or 没有了 at either end.
fn prev_next(m: &mut Markup, catalog: &Catalog, item: &Item, paths: &Paths) {
    let (newer, older) = catalog.neighbours(item);
    m.el(
        "nav",
        &[("class", "prev-next"), ("aria-label", "上一篇和下一篇")],
        |m| {
            for (label, rel, other) in [("上一篇：", "prev", newer), ("下一篇：", "next", older)]
            {
                m.el("p", &[], |m| {
                    m.element("span", &[("class", "label")], label);
                    match other {
                        Some(o) => m.element(
                            "a",
                            &[("rel", rel), ("href", &paths.article(&o.id))],
                            &o.title,
                        ),
                        None => m.element("span", &[], "没有了"),
                    };
                });
            }
        },
    );
}

/// Sample label, date, 来源, 作者 and 浏览 under the title. With a counter, 浏览 is always
/// there (0 when the feed has no count) for the app to put the counter's number in. A
/// published page holds 浏览's place, unseen: the line wraps as it will with the count in
/// (`.views` has a width of its own), where a count added later moved everything below it
/// down a line on a phone in 长者模式.
fn meta(m: &mut Markup, item: &Item, volatile: Volatile, counter: bool) {
    m.el("p", &[("class", "article-meta")], |m| {
        sample_badge(m, item);
        if let Some(d) = item.date {
            m.element("time", &[("datetime", &d.iso_shanghai())], &d.date_string());
        }
        let authors = item.authors.join("、");
        let (views_class, views) = match (item.views.or(counter.then_some(0)), volatile) {
            (Some(views), Volatile::Live) => ("views", Some(views.to_string())),
            (Some(_), Volatile::Published) => ("views pending", Some(String::new())),
            (None, _) => ("views", None),
        };
        for (class, label, value) in [
            ("source", "来源：", item.source.as_deref()),
            (
                "authors",
                "作者：",
                Some(authors.as_str()).filter(|a| !a.is_empty()),
            ),
            (views_class, "浏览：", views.as_deref()),
        ] {
            if let Some(value) = value {
                m.el("span", &[("class", class)], |m| {
                    m.text(label).text(value);
                });
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::{tokenize, Token};
    use crate::test_support::{attributes, catalog_of, sample_catalog, well_formed};
    use crate::write::markup::render;

    fn page(catalog: &Catalog, id: &str) -> String {
        let item = catalog.item(id).expect("item");
        render(|m| {
            article(
                m,
                catalog,
                item,
                "https://x.test/",
                Volatile::Live,
                &Paths::default(),
            )
        })
    }

    #[test]
    fn the_seed_article_has_everything_the_seed_page_shows() {
        let catalog = sample_catalog();
        let html = page(&catalog, "20210902-wenzhou-kechuang");
        well_formed(&html);
        for part in [
            "<h1 class=\"article-title\">坚定走好科技创新“华山一条路” 浙江温州全面掀起科创高地建设热潮</h1>",
            "<time datetime=\"2021-09-02",
            "<span class=\"source\">来源：浙江省科技厅</span>",
            "<span class=\"views\">浏览：37</span>",
            "<strong>核心提示：</strong>",
            "<p class=\"disclaimer\">免责声明",
            "<a href=\"/channel/difang\">地方科创</a>",
        ] {
            assert!(html.contains(part), "missing {part}");
        }
        let body = html.split("article-body").nth(1).unwrap_or_default();
        assert!(body.matches("<p>").count() >= 15);
        assert_eq!(attributes(&html, "aside", "class"), ["sidebar"]);
    }

    #[test]
    fn hostile_titles_and_bodies_stay_inert() {
        let feed = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [{
            "id": "x", "title": "<img src=x onerror=alert(1)>", "tags": ["\"><script>"],
            "content_html": "<p>安全段落</p><script>alert(1)</script><a href=\"javascript:alert(1)\" onclick=\"x()\">链接</a>"
        }]}"#;
        let catalog = catalog_of(feed);
        let html = page(&catalog, "x");
        well_formed(&html);
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(html.contains("<p>安全段落</p>"));
        for token in tokenize(&html) {
            if let Token::Start { name, attrs } = token {
                assert_ne!(name, "script");
                for (attr, value) in attrs {
                    assert!(!attr.starts_with("on"), "{attr} survived");
                    assert!(!value.contains("javascript:"), "{value} survived");
                }
            }
        }
    }

    #[test]
    fn a_text_body_becomes_paragraphs_and_lone_articles_have_no_neighbours() {
        let feed = r#"{"version": "https://jsonfeed.org/version/1", "title": "t", "items": [{
            "id": "t", "title": "纯文本", "content_text": "第一段\n\n  第二段 <b>  \n"
        }]}"#;
        let catalog = catalog_of(feed);
        let html = page(&catalog, "t");
        assert!(
            html.contains("<div class=\"article-body\"><p>第一段</p><p>第二段 &lt;b&gt;</p></div>")
        );
        assert_eq!(html.matches("没有了").count(), 2);
    }
}
