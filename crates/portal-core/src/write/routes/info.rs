//! `/page/:slug`: the footer's pages (关于我们, 联系方式, …), written in the feed's `_portal.pages`.

use crate::html::sanitize::Origin;
use crate::html::text_content;
use crate::model::feed::InfoPage as Page;
use crate::model::paths::Paths;
use crate::model::Catalog;
use crate::text::truncate_chars;
use crate::write::chrome::breadcrumb;
use crate::write::head::PageMeta;
use crate::write::markup::Markup;

/// The page's title and the start of its text, or not found.
pub fn info_meta(catalog: &Catalog, slug: &str) -> PageMeta {
    match catalog.site.page(slug) {
        Some(page) => PageMeta::new(
            page.title.clone(),
            truncate_chars(&text_content(&page.content_html), 120),
        ),
        None => PageMeta::not_found(),
    }
}

/// The page's title and its sanitised HTML; relative links in it are read against `origin.base`.
pub fn info_page(m: &mut Markup, page: &Page, origin: Origin<'_>, paths: &Paths) {
    m.el("div", &[("class", "wrap info-page")], |m| {
        breadcrumb(m, paths, &[], &page.title);
        m.element("h1", &[("class", "page-title")], &page.title).el(
            "div",
            &[("class", "article-body")],
            |m| {
                m.sanitized(&page.content_html, origin);
            },
        );
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::well_formed;
    use crate::write::markup::render;

    #[test]
    fn relative_links_resolve_against_the_feed_and_scripts_go() {
        let page = Page {
            slug: "about".into(),
            title: "关于我们".into(),
            content_html: "<p>见<a href=\"contact.html\">联系</a></p><script>x()</script>".into(),
        };
        let origin = Origin {
            base: "https://cdn.test/content/feed.json",
            site: "https://x.test/",
        };
        let html = render(|m| info_page(m, &page, origin, &Paths::default()));
        well_formed(&html);
        assert!(html.contains("<h1 class=\"page-title\">关于我们</h1>"));
        assert!(
            html.contains("https://cdn.test/content/contact.html"),
            "{html}"
        );
        assert!(!html.contains("script"));
    }
}
