//! `/sitemap`: every channel, page and tag of the site, and the newest articles.

use leptos::prelude::*;
use portal_core::write::markup::render;
use portal_core::write::routes::sitemap::{sitemap, sitemap_meta};

use crate::api::paths;
use crate::head::use_page_meta;
use crate::pages::{markup_view, with_catalog};

#[component]
pub fn SitemapPage() -> impl IntoView {
    use_page_meta(|_| Some(sitemap_meta()));
    with_catalog(|catalog| {
        let html = render(|m| sitemap(m, catalog, &paths()));
        markup_view(html)
    })
}
