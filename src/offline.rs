//! Reading offline. The service worker (public/sw.js) keeps the content files the reader
//! fetched; a page it has never seen, opened without a network, says so and lists the articles
//! whose own file it kept, read from its cache with the app's own parser and written with the
//! app's own list.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::api::paths;
use portal_core::model::catalog::sort_items;
use portal_core::model::feed::parse_feed;
use portal_core::model::{Item, LoadError, LoadProblem};
use portal_core::names::CONTENT_CACHE;
use portal_core::write::lists::title_list;
use portal_core::write::markup::render;

/// Articles listed at most.
const LISTED: usize = 50;

/// Whether `error` is the reader's being offline: the network request failed, and the browser
/// says it is offline, or the service worker answered from its cache because the network did
/// not (public/boot.js then marks `<html class="offline">`). A failed request alone may be a
/// refusal or a block, which is not the reader's connection.
pub fn is_offline(error: Option<&LoadError>) -> bool {
    let network = error.is_some_and(|e| e.problem == LoadProblem::Network);
    let Some(window) = web_sys::window().filter(|_| network) else {
        return false;
    };
    let marked = window
        .document()
        .and_then(|d| d.document_element())
        .is_some_and(|html| html.class_list().contains("offline"));
    marked || !window.navigator().on_line()
}

/// 当前离线: this page was never kept, and the articles that were.
#[component]
pub fn OfflinePage() -> impl IntoView {
    view! {
        <section class="offline-page" role="alert">
            <h1>"当前离线"</h1>
            <p>"这个页面还没有缓存，联网后即可打开。下面的文章已经缓存，离线也能阅读。"</p>
            <CachedArticles />
        </section>
    }
}

/// 已缓存文章: the articles whose own file the service worker kept, newest first.
#[component]
pub fn CachedArticles() -> impl IntoView {
    // Markup, filled in once the cache has been read. (A LocalResource instead cost 23.7 KB
    // more of raw wasm, measured: its async machinery is used nowhere else.)
    let html = RwSignal::new(String::new());
    spawn_local(async move {
        let items = cached_articles().await;
        html.set(render(|m| {
            if items.is_empty() {
                m.element("p", &[], "还没有缓存的文章。");
            } else {
                title_list(m, &items, false, &paths());
            }
        }));
    });
    view! {
        <h2>"已缓存文章"</h2>
        <div class="markup" inner_html=move || html.get()></div>
    }
}

/// The articles of the content files kept under `content/articles/`, newest first. Nothing
/// when there is no such cache (no service worker, a browser without Cache Storage).
async fn cached_articles() -> Vec<Arc<Item>> {
    let mut items = Vec::new();
    let Some(caches) = web_sys::window().and_then(|w| w.caches().ok()) else {
        return items;
    };
    let Ok(cache) = JsFuture::from(caches.open(CONTENT_CACHE)).await else {
        return items;
    };
    let cache: web_sys::Cache = cache.unchecked_into();
    let Ok(keys) = JsFuture::from(cache.keys()).await else {
        return items;
    };
    for request in js_sys::Array::from(&keys).iter() {
        let request: web_sys::Request = request.unchecked_into();
        let url = request.url();
        if !url.contains("/content/articles/") {
            continue;
        }
        let Ok(response) = JsFuture::from(cache.match_with_request(&request)).await else {
            continue;
        };
        let Ok(response) = response.dyn_into::<web_sys::Response>() else {
            continue;
        };
        let Ok(text) = response.text() else {
            continue;
        };
        let text = JsFuture::from(text).await.ok().and_then(|t| t.as_string());
        let Some(page) = text.and_then(|t| parse_feed(&t, &url).ok()) else {
            continue;
        };
        items.extend(page.items.into_iter().filter(|i| !i.excerpt).map(Arc::new));
    }
    sort_items(&mut items, &|a, b| b.date.cmp(&a.date));
    items.truncate(LISTED);
    items
}
