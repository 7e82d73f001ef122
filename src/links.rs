//! Paths of the portal's routes, prefixed with the deploy's base path (a sub-path deploy serves
//! the portal under `/portal/`; the router strips the prefix, links must carry it).

use crate::api::base_path;
use crate::model::url::{encode_segment, Link};

pub fn href(route: &str) -> String {
    format!("{}{route}", base_path())
}

pub fn article_href(id: &str) -> String {
    href(&format!("/article/{}", encode_segment(id)))
}

pub fn channel_href(slug: &str) -> String {
    href(&format!("/channel/{}", encode_segment(slug)))
}

pub fn tag_href(tag: &str) -> String {
    href(&format!("/tag/{}", encode_segment(tag)))
}

/// `href` of a link from the `_portal` extension, and whether it leaves the site.
pub fn link_target(link: &Link) -> (String, bool) {
    match link {
        Link::Internal(path) => (href(path), false),
        Link::External(url) => (url.clone(), true),
    }
}

/// Sets the document's `<title>` and meta description for the page being shown.
pub fn set_page_meta(title: &str, site_name: &str, description: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if title.is_empty() || title == site_name {
        document.set_title(site_name);
    } else {
        document.set_title(&format!("{title} - {site_name}"));
    }
    if let Ok(Some(meta)) = document.query_selector("meta[name=description]") {
        let _ = meta.set_attribute("content", description);
    }
}
