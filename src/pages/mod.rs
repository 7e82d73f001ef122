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
use leptos_router::hooks::{use_location, use_params_map};

use crate::components::status::{LoadFailure, Skeleton};
use crate::library::{Library, Load};
use portal_core::model::catalog::{ListKey, Need};
use portal_core::model::url::decode_segment;
use portal_core::model::Catalog;

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
        library.read_state(|state| match state {
            Load::Loading => view! { <div class="wrap"><Skeleton /></div> }.into_any(),
            Load::Failed(error) => {
                view! { <div class="wrap"><LoadFailure error=error.clone() /></div> }.into_any()
            }
            Load::Ready(catalog) => page(catalog),
        })
    }
}

/// Markup written by the page's writers, as a view.
pub fn markup_view(html: String) -> AnyView {
    view! { <div class="markup" inner_html=html></div> }.into_any()
}

/// The value of `name` in a query string (`?q=…&page=2`), read from the raw string: the
/// router's own query map decodes values twice (a search for `100%25` would change), and under
/// `FlatRoutes` (leptos_router 0.8.10) it is not updated when only the path changes within one
/// route, so `/channel/a?page=3` → `/channel/b` kept page 3.
pub fn query_param(search: &str, name: &str) -> Option<String> {
    web_sys::UrlSearchParams::new_with_str(search)
        .ok()
        .and_then(|p| p.get(name))
}

/// The `?page=N` of the current URL (1 when absent or not a number).
pub fn use_page_number() -> Memo<usize> {
    let location = use_location();
    Memo::new(move |_| {
        location
            .search
            .with(|s| query_param(s, "page"))
            .and_then(|p| p.parse::<usize>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    })
}

/// The route parameter `name` (`/article/:id` → `"id"`), decoded from its path segment (see
/// [`portal_core::model::url::encode_segment`]); empty when absent.
pub fn use_route_param(name: &'static str) -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| decode_segment(&params.with(|p| p.get(name).unwrap_or_default())))
}

/// The list a listing page shows, of the key its route names.
#[derive(Clone, Copy)]
pub enum List {
    Channel,
    Tag,
}

impl List {
    /// The list of `key` (a slug, a tag).
    pub fn key(self, key: String) -> ListKey {
        match self {
            List::Channel => ListKey::Channel(key),
            List::Tag => ListKey::Tag(key),
        }
    }
}

/// The key and page number of a listing route (`/channel/:slug?page=N`), reading older pages
/// until `list` of that key fills the page asked for, or there are none left; a list with its
/// own feed (a channel's, a tag's) reads that feed. Re-runs as pages arrive.
pub fn use_listing_route(list: List, param: &'static str) -> (Memo<String>, Memo<usize>) {
    let name = use_route_param(param);
    let page = use_page_number();
    let library = expect_context::<Library>();
    Effect::new(move |_| {
        let (key, wanted) = (list.key(name.get()), page.get());
        if let Some(size) = library.with(|c| c.site.page_size) {
            library.satisfy(&Need::List(key, wanted.saturating_mul(size)));
        }
    });
    (name, page)
}
