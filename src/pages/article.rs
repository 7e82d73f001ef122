//! `/article/:id`: one article with its 核心提示, body, tags, disclaimer and neighbours.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use portal_core::model::catalog::Need;
use portal_core::model::url::article_key;
use portal_core::write::head::PageMeta;
use portal_core::write::markup::render;
use portal_core::write::routes::article::{article, article_meta};
use portal_core::write::sidebar::Volatile;

use crate::api::{base_url, paths};
use crate::components::status::Skeleton;
use crate::head::use_page_meta;
use crate::library::Library;
use crate::offline::{is_offline, OfflinePage};
use crate::pages::not_found::not_found_view;
use crate::pages::{markup_view, with_catalog};

#[component]
pub fn ArticlePage() -> impl IntoView {
    let params = use_params_map();
    let key = Memo::new(move |_| article_key(&params.with(|p| p.get("id").unwrap_or_default())));
    let library = expect_context::<Library>();
    // A deep link to an item older than the pages read, or known only by a list's excerpt:
    // its own file when the feed says where those are, else older pages until it turns up.
    let need = move || Need::Article(key.get());
    Effect::new(move |_| library.satisfy(&need()));
    use_page_meta(move |catalog| match catalog.article(&key.get()) {
        Some(item) if item.excerpt && library.still_reading(&need()) => None,
        Some(item) => Some(article_meta(item)),
        None if library.still_reading(&need()) => None,
        None => Some(PageMeta::not_found()),
    });
    with_catalog(move |catalog| {
        let reading = || library.still_reading(&need());
        match catalog.article(&key.get()) {
            // An excerpt until its own file is in; the excerpt when that cannot be had.
            Some(item) if item.excerpt && reading() => {
                view! { <div class="wrap"><Skeleton lines=12 /></div> }.into_any()
            }
            // Offline, its own file never kept: say so rather than show the excerpt as if whole.
            Some(item) if item.excerpt && is_offline(library.more_error().as_ref()) => {
                view! { <div class="wrap"><OfflinePage /></div> }.into_any()
            }
            Some(item) => {
                let html =
                    render(|m| article(m, catalog, item, &base_url(), Volatile::Live, &paths()));
                markup_view(html)
            }
            None if reading() => view! { <div class="wrap"><Skeleton lines=12 /></div> }.into_any(),
            None => not_found_view(catalog).into_any(),
        }
    })
}
