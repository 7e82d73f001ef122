//! `/`: the headline, the latest items with paging, and a block per channel.

use leptos::prelude::*;
use portal_core::model::catalog::Need;
use portal_core::write::markup::render;
use portal_core::write::routes::home::{home_meta, home_page};
use portal_core::write::sidebar::Volatile;

use crate::api::paths;
use crate::components::status::ContentNotices;
use crate::head::use_page_meta;
use crate::library::Library;
use crate::pages::{markup_view, use_page_number, with_catalog};

#[component]
pub fn HomePage() -> impl IntoView {
    let page = use_page_number();
    let library = expect_context::<Library>();
    Effect::new(move |_| {
        let wanted = page.get();
        if let Some(size) = library.with(|c| c.site.page_size) {
            library.satisfy(&Need::Latest(wanted.saturating_mul(size)));
        }
    });
    use_page_meta(|catalog| Some(home_meta(catalog)));
    let page_view = with_catalog(move |catalog| {
        let status = library.list_status();
        markup_view(render(|m| {
            home_page(m, catalog, page.get(), &status, Volatile::Live, &paths())
        }))
    });
    // Outside the page's view: that is rebuilt whenever the catalog changes.
    view! {
        {page_view}
        <div class="wrap">
            <ContentNotices />
        </div>
    }
}
