//! `/channel/:slug`: a 栏目's paged list.

use leptos::prelude::*;

use crate::components::sidebar::SidebarFor;
use crate::meta::{use_page_meta, PageMeta};
use crate::model::url::encode_segment;
use crate::pages::listing::{listing_view, Listing};
use crate::pages::not_found::not_found_view;
use crate::pages::{fill_list_page, use_page_number, use_route_param, with_catalog, List};

#[component]
pub fn ChannelPage() -> impl IntoView {
    let slug = use_route_param("slug");
    let page = use_page_number();
    fill_list_page(List::Channel, slug, page);
    use_page_meta(move |catalog| {
        Some(
            catalog
                .site
                .channel(&slug.get())
                .map_or_else(PageMeta::not_found, |channel| {
                    let description = channel.description.as_ref().unwrap_or(&channel.name);
                    PageMeta::new(channel.name.clone(), description.clone())
                }),
        )
    });
    with_catalog(move |catalog| {
        let slug = slug.get();
        let Some(channel) = catalog.site.channel(&slug).cloned() else {
            return not_found_view(catalog).into_any();
        };
        listing_view(
            catalog,
            &Listing {
                heading: channel.name.clone(),
                description: channel.description.clone(),
                route: format!("/channel/{}", encode_segment(&slug)),
                items: catalog.in_channel(&slug),
                page: page.get(),
                page_size: catalog.site.page_size,
                more_exist: catalog.can_load_more_in_channel(&slug),
                sidebar: SidebarFor {
                    article: None,
                    channel: Some(slug.clone()),
                },
                empty: "这个栏目暂时没有资讯。",
            },
        )
        .into_any()
    })
}
