//! `/tag/:tag`: the items carrying a tag, paged.

use leptos::prelude::*;

use crate::components::sidebar::SidebarFor;
use crate::meta::{use_page_meta, PageMeta};
use crate::model::catalog::ListKey;
use crate::model::url::encode_segment;
use crate::model::Catalog;
use crate::pages::listing::{listing_view, Listing};
use crate::pages::{use_listing_route, with_catalog, List};

#[component]
pub fn TagPage() -> impl IntoView {
    let (tag, page) = use_listing_route(List::Tag, "tag");
    use_page_meta(move |_| Some(tag_meta(&tag.get())));
    with_catalog(move |catalog| {
        listing_view(catalog, &tag_listing(catalog, &tag.get(), page.get()))
    })
}

pub fn tag_meta(tag: &str) -> PageMeta {
    PageMeta::new(format!("标签：{tag}"), format!("带有“{tag}”标签的资讯"))
}

/// Page `page` of the items carrying `tag`.
pub fn tag_listing(catalog: &Catalog, tag: &str, page: usize) -> Listing {
    Listing {
        heading: format!("标签：{tag}"),
        description: None,
        route: format!("/tag/{}", encode_segment(tag)),
        items: catalog.with_tag(tag),
        page,
        page_size: catalog.site.page_size,
        extent: catalog.extent_of(&ListKey::Tag(tag.to_string())),
        sidebar: SidebarFor::default(),
        empty: "没有带这个标签的资讯。",
    }
}
