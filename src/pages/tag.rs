//! `/tag/:tag`: the items carrying a tag, paged.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::sidebar::Context;
use crate::library::Library;
use crate::links::set_page_meta;
use crate::model::url::{decode_segment, encode_segment};
use crate::pages::listing::{listing_view, Listing};
use crate::pages::{use_page_number, with_catalog};

#[component]
pub fn TagPage() -> impl IntoView {
    let params = use_params_map();
    let tag =
        Memo::new(move |_| decode_segment(&params.with(|p| p.get("tag").unwrap_or_default())));
    let page = use_page_number();
    let library = expect_context::<Library>();
    Effect::new(move |_| {
        let (tag, wanted) = (tag.get(), page.get());
        library.load_until(|c| c.with_tag(&tag).len() >= wanted.saturating_mul(c.site.page_size));
    });
    with_catalog(move |catalog| {
        let tag = tag.get();
        let heading = format!("标签：{tag}");
        set_page_meta(
            &heading,
            &catalog.site.name,
            &format!("带有“{tag}”标签的资讯"),
        );
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
                sidebar: Context::default(),
                empty: "没有带这个标签的资讯。",
            },
        )
    })
}
