//! `/search?q=…&c=…&page=N`: the whole archive through the published search index
//! (the app's src/search_client.rs), or, for a feed published without one, the items loaded.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_location;
use portal_core::search::{Found, Query};
use portal_core::write::head::PageMeta;
use portal_core::write::markup::render;
use portal_core::write::routes::search::{heading, search_page, Outcome};

use crate::api::paths;
use crate::head::use_page_meta;
use crate::library::{Library, Load};
use crate::pages::{markup_view, query_param, use_page_number, with_catalog};
use crate::search_client::search;

/// What the search asked for: the query's text, the channel filter, the page.
type SearchKey = (String, Option<String>, usize);

#[component]
pub fn SearchPage() -> impl IntoView {
    let location = use_location();
    let query = Memo::new(move |_| query_param(&location.search.get(), "q").unwrap_or_default());
    let channel = Memo::new(move |_| {
        query_param(&location.search.get(), "c").filter(|c| !c.trim().is_empty())
    });
    let page = use_page_number();
    use_page_meta(move |_| Some(PageMeta::new(heading(&query.get()), "站内资讯搜索")));
    let library = expect_context::<Library>();
    let answer: RwSignal<Option<(SearchKey, Result<Found, String>)>> = RwSignal::new(None);
    Effect::new(move |_| {
        let key: SearchKey = (query.get(), channel.get(), page.get());
        let site = library.read_state(|state| match state {
            Load::Ready(catalog) => Some(catalog.site.clone()),
            _ => None,
        });
        let Some(site) = site else { return };
        let Some(index) = site.search_index.clone() else {
            return;
        };
        let parsed = Query::parse(&key.0);
        if parsed.is_empty()
            || answer.with_untracked(|a| a.as_ref().is_some_and(|(k, _)| *k == key))
        {
            return;
        }
        spawn_local(async move {
            let found = search(
                &site,
                &index,
                &parsed,
                key.1.as_deref(),
                key.2,
                site.page_size,
            )
            .await;
            // A newer search may have started meanwhile: its answer is the one shown.
            let current = (
                query.get_untracked(),
                channel.get_untracked(),
                page.get_untracked(),
            );
            if current == key {
                answer.set(Some((key, found)));
            }
        });
    });
    with_catalog(move |catalog| {
        let key: SearchKey = (query.get(), channel.get(), page.get());
        let outcome = if catalog.site.search_index.is_none() {
            Outcome::LoadedOnly
        } else {
            answer.with(|a| match a {
                Some((k, Ok(found))) if *k == key => Outcome::Found(found.clone()),
                Some((k, Err(problem))) if *k == key => Outcome::Failed(problem.clone()),
                _ => Outcome::Searching,
            })
        };
        let (q, channel, page) = key;
        markup_view(render(|m| {
            search_page(m, catalog, &q, channel.as_deref(), page, &outcome, &paths())
        }))
    })
}
