//! `/search?q=`: search over the titles, summaries, tags and sources of the loaded items.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::components::sidebar::SidebarFor;
use crate::meta::{use_page_meta, PageMeta};
use crate::model::catalog::Extent;
use crate::pages::listing::{listing_view, Listing};
use crate::pages::{query_param, use_page_number, with_catalog};

/// 搜索, or 搜索：query.
fn heading(query: &str) -> String {
    if query.trim().is_empty() {
        "搜索".to_string()
    } else {
        format!("搜索：{query}")
    }
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let location = use_location();
    let query = Memo::new(move |_| query_param(&location.search.get(), "q").unwrap_or_default());
    let page = use_page_number();
    use_page_meta(move |_| Some(PageMeta::new(heading(&query.get()), "站内资讯搜索")));
    with_catalog(move |catalog| {
        let q = query.get();
        let heading = heading(&q);
        let encoded = String::from(js_sys::encode_uri_component(&q));
        listing_view(
            catalog,
            &Listing {
                heading,
                description: Some(format!(
                    "在已加载的 {} 篇资讯中搜索标题、摘要、标签和来源。",
                    catalog.len()
                )),
                route: format!("/search?q={encoded}"),
                items: catalog.search(&q),
                page: page.get(),
                page_size: catalog.site.page_size,
                extent: Extent::Complete,
                sidebar: SidebarFor::default(),
                empty: "没有找到相关资讯。",
            },
        )
    })
}
