//! `/channel/:slug`: a 栏目's paged list.

use leptos::prelude::*;
use portal_core::write::routes::channel::{channel_listing, channel_meta};

use crate::head::use_page_meta;
use crate::pages::listing::listing_view;
use crate::pages::not_found::not_found_view;
use crate::pages::{use_listing_route, with_catalog, List};

#[component]
pub fn ChannelPage() -> impl IntoView {
    let (slug, page) = use_listing_route(List::Channel, "slug");
    use_page_meta(move |catalog| Some(channel_meta(catalog, &slug.get())));
    with_catalog(move |catalog| {
        let Some(channel) = catalog.site.channel(&slug.get()) else {
            return not_found_view(catalog).into_any();
        };
        listing_view(catalog, &channel_listing(catalog, channel, page.get()))
    })
}
