//! Unknown routes and unknown ids: a 404 page with the newest articles to go on with.

use leptos::prelude::*;
use portal_core::model::Catalog;
use portal_core::write::head::PageMeta;
use portal_core::write::markup::render;
use portal_core::write::routes::not_found::not_found_page;

use crate::api::paths;
use crate::head::use_page_meta;
use crate::library::Library;
use crate::offline::{is_offline, OfflinePage};
use crate::pages::{markup_view, with_catalog};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    use_page_meta(|_| Some(PageMeta::not_found()));
    with_catalog(not_found_view)
}

/// The 404 content, for routes that find their parameter unknown; when looking for it failed
/// (an older page or the article's own file), it says why; offline, it says so and lists what
/// can be read.
pub fn not_found_view(catalog: &Catalog) -> AnyView {
    let error = expect_context::<Library>().more_error();
    if is_offline(error.as_ref()) {
        return view! { <div class="wrap"><OfflinePage /></div> }.into_any();
    }
    markup_view(render(|m| {
        not_found_page(m, catalog, error.as_ref(), &paths())
    }))
}
