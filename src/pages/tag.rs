//! `/tag/:tag`: the items carrying a tag, paged.

use leptos::prelude::*;
use portal_core::write::routes::tag::{tag_listing, tag_meta};

use crate::head::use_page_meta;
use crate::pages::listing::listing_view;
use crate::pages::{use_listing_route, with_catalog, List};

#[component]
pub fn TagPage() -> impl IntoView {
    let (tag, page) = use_listing_route(List::Tag, "tag");
    use_page_meta(move |_| Some(tag_meta(&tag.get())));
    with_catalog(move |catalog| {
        listing_view(catalog, &tag_listing(catalog, &tag.get(), page.get()))
    })
}
