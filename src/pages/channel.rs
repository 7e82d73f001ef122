//! `/channel/:slug`: a 栏目's paged list.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::sidebar::Context;
use crate::library::Library;
use crate::links::set_page_meta;
use crate::model::url::{decode_segment, encode_segment};
use crate::pages::listing::{listing_view, Listing};
use crate::pages::not_found::NotFoundView;
use crate::pages::{use_page_number, with_catalog};

#[component]
pub fn ChannelPage() -> impl IntoView {
    let params = use_params_map();
    let slug =
        Memo::new(move |_| decode_segment(&params.with(|p| p.get("slug").unwrap_or_default())));
    let page = use_page_number();
    let library = expect_context::<Library>();
    Effect::new(move |_| {
        let (slug, wanted) = (slug.get(), page.get());
        library.load_channel_until(&slug, |c| {
            c.in_channel(&slug).len() >= wanted.saturating_mul(c.site.page_size)
        });
    });
    with_catalog(move |catalog| {
        let slug = slug.get();
        let Some(channel) = catalog.site.channel(&slug).cloned() else {
            return NotFoundView(catalog).into_any();
        };
        set_page_meta(
            &channel.name,
            &catalog.site.name,
            channel.description.as_deref().unwrap_or(&channel.name),
        );
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
                sidebar: Context {
                    article: None,
                    channel: Some(slug.clone()),
                },
                empty: "这个栏目暂时没有资讯。",
            },
        )
        .into_any()
    })
}
