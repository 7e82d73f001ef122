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
use crate::library::{Library, Load};
use crate::model::Catalog;

/// Renders `page` with the catalog once it is loaded; a skeleton before, the failure after.
pub fn with_catalog(page: impl Fn(&Catalog) -> AnyView + Send + Sync + 'static) -> impl IntoView {
    catalog_view(Box::new(page))
}

/// The reactive part of [`with_catalog`], behind one non-generic signature: a closure view is
/// compiled into its own build and rebuild code for every type it is made with, which for
/// seven routes came to about 20 KB of wasm.
fn catalog_view(page: Box<dyn Fn(&Catalog) -> AnyView + Send + Sync>) -> impl IntoView {
    let library = expect_context::<Library>();
    move || {
        library.state().with(|state| match state {
            Load::Loading => view! { <div class="wrap"><Skeleton /></div> }.into_any(),
            Load::Failed(error) => {
                view! { <div class="wrap"><LoadFailure error=error.clone() /></div> }.into_any()
            }
            Load::Ready(catalog) => page(catalog),
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
