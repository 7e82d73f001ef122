//! What a page says about itself in the document's head: its title and description. Each page
//! works it out with a plain function of the catalog and sets it from an effect of its own
//! ([`use_page_meta`]), apart from the code that renders its body.

use leptos::prelude::*;

use crate::library::Library;
use crate::model::Catalog;

/// The head of one page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageMeta {
    /// The page's own title; empty for the home page, whose title is the site's name.
    pub title: String,
    pub description: String,
    /// Asks search engines not to index the page: a route or id the content does not have (it
    /// answers 200 with the app, since a new article must open before the next publish).
    pub noindex: bool,
}

impl PageMeta {
    pub fn new(title: impl Into<String>, description: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            description: description.into(),
            noindex: false,
        }
    }

    /// The head of a route or id the content does not have.
    pub fn not_found() -> Self {
        Self {
            noindex: true,
            ..Self::new("页面不存在", "您访问的页面不存在。")
        }
    }

    /// `<title>`: `page - site`, or the site's name alone for the home page.
    pub fn document_title(&self, site_name: &str) -> String {
        if self.title.is_empty() || self.title == site_name {
            site_name.to_string()
        } else {
            format!("{} - {site_name}", self.title)
        }
    }
}

/// Keeps the document's `<title>` and meta description on what `meta` says for the loaded
/// catalog; `None` leaves them as they are (while an article is still being looked for).
pub fn use_page_meta(meta: impl Fn(&Catalog) -> Option<PageMeta> + 'static) {
    page_meta_effect(Box::new(meta));
}

/// What a page says about itself, given the catalog.
type MetaOf = Box<dyn Fn(&Catalog) -> Option<PageMeta>>;

/// The effect of [`use_page_meta`], behind one non-generic signature: an effect made with each
/// page's own closure type would be compiled once per page.
fn page_meta_effect(meta: MetaOf) {
    let library = expect_context::<Library>();
    Effect::new(move |_| {
        let head = library
            .with(|catalog| meta(catalog).map(|m| (m.document_title(&catalog.site.name), m)))
            .flatten();
        if let Some((title, meta)) = head {
            write_head(&title, &meta);
        }
    });
}

fn write_head(title: &str, meta: &PageMeta) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    forget_published_head(&document);
    document.set_title(title);
    if let Ok(Some(description)) = document.query_selector("meta[name=description]") {
        let _ = description.set_attribute("content", &meta.description);
    }
    let robots = document.query_selector("meta[name=robots]").ok().flatten();
    match (robots, meta.noindex) {
        (None, true) => {
            let head = document.head();
            if let (Some(head), Ok(tag)) = (head, document.create_element("meta")) {
                let _ = tag.set_attribute("name", "robots");
                let _ = tag.set_attribute("content", "noindex");
                let _ = head.append_child(&tag);
            }
        }
        (Some(tag), false) => tag.remove(),
        _ => {}
    }
}

/// On a page the publisher wrote (src/prerender.rs), the head describes that route: its
/// canonical URL, Open Graph card and JSON-LD. Once the app has routed elsewhere they would
/// describe the wrong page (a browser's share menu sends the canonical URL), so everything the
/// publisher added after its marker goes, but the title, description and robots tags this
/// module keeps up to date.
fn forget_published_head(document: &web_sys::Document) {
    let Ok(Some(mark)) = document.query_selector("meta[name=portal-prerendered]") else {
        return;
    };
    let canonical = document
        .query_selector("link[rel=canonical]")
        .ok()
        .flatten()
        .and_then(|link| link.get_attribute("href"))
        .unwrap_or_default();
    let here = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    if url_path(&canonical) == here {
        return;
    }
    let mut next = mark.next_element_sibling();
    while let Some(element) = next {
        next = element.next_element_sibling();
        let kept = element
            .matches("title, meta[name=description], meta[name=robots]")
            .unwrap_or(false);
        if !kept {
            element.remove();
        }
    }
    mark.remove();
}

/// The path of an absolute URL (`https://x.test/a/b?c` → `/a/b`).
fn url_path(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    path.split(['?', '#']).next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_canonical_urls_path_is_what_location_pathname_says() {
        assert_eq!(
            url_path("https://x.test/portal/article/%E6%B0%A2?x#y"),
            "/portal/article/%E6%B0%A2"
        );
        assert_eq!(url_path("https://x.test"), "");
        assert_eq!(url_path(""), "");
    }

    #[test]
    fn the_title_names_the_page_then_the_site() {
        let site = "科创资讯门户";
        assert_eq!(PageMeta::new("", "d").document_title(site), site);
        assert_eq!(PageMeta::new(site, "d").document_title(site), site);
        assert_eq!(
            PageMeta::not_found().document_title(site),
            "页面不存在 - 科创资讯门户"
        );
    }
}
