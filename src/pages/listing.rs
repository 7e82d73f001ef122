//! The shape channel, tag and search pages share: a heading, a paged list and the sidebar.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::lists::{ArticleList, Pager};
use crate::components::sidebar::{Context, Sidebar};
use crate::components::status::MoreFailure;
use crate::links::href;
use crate::model::{paginate, Item};
use crate::store::Store;

pub struct Listing {
    pub heading: String,
    pub description: Option<String>,
    /// Route of page 1, without the base path (`/channel/x`).
    pub route: String,
    pub items: Vec<Arc<Item>>,
    pub page: usize,
    pub page_size: usize,
    pub more_exist: bool,
    pub sidebar: Context,
    pub empty: &'static str,
}

#[component]
pub fn ListingView(listing: Listing) -> impl IntoView {
    let paged = paginate(&listing.items, listing.page, listing.page_size);
    let store = expect_context::<Store>();
    let sidebar = listing.sidebar;
    view! {
        <div class="wrap layout">
            <div class="main-col">
                <nav class="breadcrumb" aria-label="当前位置">
                    <a href=href("/")>"首页"</a>
                    <span aria-hidden="true">" › "</span>
                    <span>{listing.heading.clone()}</span>
                </nav>
                <h1 class="page-title">{listing.heading}</h1>
                {listing.description.map(|d| view! { <p class="page-description">{d}</p> })}
                <ArticleList items=paged.items.clone() empty=listing.empty />
                {move || store.busy.get().then(|| view! { <p class="loading-more" role="status">"正在加载更多…"</p> })}
                <MoreFailure />
                <Pager paged=paged route=listing.route more_exist=listing.more_exist />
            </div>
            <Sidebar context=Signal::stored(sidebar) />
        </div>
    }
}
