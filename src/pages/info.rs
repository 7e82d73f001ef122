//! `/page/:slug`: the footer's pages (关于我们, 联系方式, …), written in the feed's `_portal.pages`.

use leptos::prelude::*;
use portal_core::html::sanitize::Origin;
use portal_core::write::markup::render;
use portal_core::write::routes::info::{info_meta, info_page};

use crate::api::{base_url, feed_url, paths};
use crate::head::use_page_meta;
use crate::pages::not_found::not_found_view;
use crate::pages::{markup_view, use_route_param, with_catalog};

#[component]
pub fn InfoPage() -> impl IntoView {
    let slug = use_route_param("slug");
    use_page_meta(move |catalog| Some(info_meta(catalog, &slug.get())));
    with_catalog(move |catalog| {
        let Some(page) = catalog.site.page(&slug.get()) else {
            return not_found_view(catalog).into_any();
        };
        let origin = Origin {
            base: &feed_url(),
            site: &base_url(),
        };
        let html = render(|m| info_page(m, page, origin, &paths()));
        markup_view(html)
    })
}
