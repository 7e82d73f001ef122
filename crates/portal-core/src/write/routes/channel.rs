//! `/channel/:slug`: a 栏目's paged list.

use crate::model::catalog::ListKey;
use crate::model::feed::Channel;
use crate::model::url::encode_segment;
use crate::model::Catalog;
use crate::write::head::PageMeta;
use crate::write::routes::listing::Listing;
use crate::write::sidebar::SidebarFor;

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
