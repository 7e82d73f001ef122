//! `/channel/:slug`: a 栏目's paged list.

use leptos::prelude::*;

use crate::components::sidebar::SidebarFor;
use crate::meta::{use_page_meta, PageMeta};
use crate::model::catalog::ListKey;
use crate::model::feed::Channel;
use crate::model::url::encode_segment;
use crate::model::Catalog;
use crate::pages::listing::{listing_view, Listing};
use crate::pages::not_found::not_found_view;
use crate::pages::{use_listing_route, with_catalog, List};

/// The channel's name and description, or not found.
pub fn channel_meta(catalog: &Catalog, slug: &str) -> PageMeta {
    match catalog.site.channel(slug) {
        Some(channel) => PageMeta::new(
            channel.name.clone(),
            channel
                .description
                .as_ref()
                .unwrap_or(&channel.name)
                .clone(),
        ),
        None => PageMeta::not_found(),
    }
}

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

/// Page `page` of a channel's list.
pub fn channel_listing(catalog: &Catalog, channel: &Channel, page: usize) -> Listing {
    Listing {
        heading: channel.name.clone(),
        description: channel.description.clone(),
        route: format!("/channel/{}", encode_segment(&channel.slug)),
        items: catalog.in_channel(&channel.slug),
        page,
        page_size: catalog.site.page_size,
        extent: catalog.extent_of(&ListKey::Channel(channel.slug.clone())),
        sidebar: SidebarFor {
            article: None,
            channel: Some(channel.slug.clone()),
            ..SidebarFor::default()
        },
        empty: "这个栏目暂时没有资讯。",
    }
}
