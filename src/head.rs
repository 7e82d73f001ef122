//! What a page says about itself in the document's head: its title and description. Each page
//! works it out with a plain function of the catalog and sets it from an effect of its own
//! ([`use_page_meta`]), apart from the code that renders its body.

use leptos::prelude::*;

use portal_core::model::url::url_path;
use portal_core::model::Catalog;
use portal_core::write::head::PageMeta;

use crate::library::Library;

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
