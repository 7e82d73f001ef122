//! `/tag/:tag`: the items carrying a tag, paged.

use crate::model::catalog::ListKey;
use crate::model::url::encode_segment;
use crate::model::Catalog;
use crate::write::head::PageMeta;
use crate::write::routes::listing::Listing;
use crate::write::sidebar::SidebarFor;

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
