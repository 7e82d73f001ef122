//! One module per route.

pub mod article;
pub mod channel;
pub mod home;
pub mod info;
pub mod listing;
pub mod not_found;
pub mod search;
pub mod sitemap;
pub mod tag;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::status::{LoadFailure, Skeleton};
use crate::model::Catalog;
use crate::store::{Load, Store};

/// Renders `page` with the catalog once it is loaded; a skeleton before, the failure after.
pub fn with_catalog<V: IntoView + 'static>(
    page: impl Fn(&Catalog) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let store = expect_context::<Store>();
    move || {
        store.state.with(|state| match state {
            Load::Loading => view! { <div class="wrap"><Skeleton /></div> }.into_any(),
            Load::Failed(error) => {
                view! { <div class="wrap"><LoadFailure error=error.clone() /></div> }.into_any()
            }
            Load::Ready(catalog) => page(catalog).into_any(),
        })
    }
}

/// The `?page=N` of the current URL (1 when absent or not a number).
pub fn use_page_number() -> Memo<usize> {
    let query = use_query_map();
    Memo::new(move |_| {
        query
            .with(|q| q.get("page").and_then(|p| p.parse::<usize>().ok()))
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    })
}
