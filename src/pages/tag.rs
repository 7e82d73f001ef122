//! `/tag/:tag`: the items carrying a tag, paged.

use leptos::prelude::*;

use crate::components::sidebar::SidebarFor;
use crate::meta::{use_page_meta, PageMeta};
use crate::model::url::encode_segment;
use crate::pages::listing::{listing_view, Listing};
use crate::pages::{use_listing_route, with_catalog, List};

#[component]
pub fn TagPage() -> impl IntoView {
    let (tag, page) = use_listing_route(List::Tag, "tag");
    use_page_meta(move |_| {
        let tag = tag.get();
        Some(PageMeta::new(
            format!("标签：{tag}"),
            format!("带有“{tag}”标签的资讯"),
        ))
    });
    with_catalog(move |catalog| {
        let tag = tag.get();
        let heading = format!("标签：{tag}");
        listing_view(
            catalog,
            &Listing {
                heading,
                description: None,
                route: format!("/tag/{}", encode_segment(&tag)),
                items: catalog.with_tag(&tag),
                page: page.get(),
                page_size: catalog.site.page_size,
                more_exist: catalog.can_load_more(),
                sidebar: SidebarFor::default(),
                empty: "没有带这个标签的资讯。",
            },
        )
    })
}
