//! The app: the content library, the page chrome and the router, which reads like the site map.

use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::path;

use crate::api::{base_path, yield_to_browser};
use crate::components::chrome::{SiteFooter, SiteHeader};
use crate::library::Library;
use crate::pages::article::ArticlePage;
use crate::pages::channel::ChannelPage;
use crate::pages::home::HomePage;
use crate::pages::info::InfoPage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::search::SearchPage;
use crate::pages::sitemap::SitemapPage;
use crate::pages::tag::TagPage;

/// The portal, loading its content from the feed the page names.
#[component]
pub fn App() -> impl IntoView {
    provide_context(Library::start());
    view! { <Portal /> }
}

/// Chrome and routes, over the [`Library`] in context.
///
/// `staged`: the route is built in a task of its own after the mount's, for a written page's
/// takeover, which mounts the app hidden. A wasm function's first run compiles it (V8 compiles
/// a wasm lazily), so the mount's first build of every view was one long task: 81–203 ms on
/// Lighthouse's mobile profile, 61–120 ms with the route apart (bench/README.md, "the
/// takeover's long tasks").
#[component]
pub fn Portal(#[prop(optional)] staged: bool) -> impl IntoView {
    let route_built = RwSignal::new(!staged);
    if staged {
        leptos::task::spawn_local(async move {
            yield_to_browser().await;
            route_built.set(true);
        });
    }
    view! {
        <Router base=base_path()>
            <CounterLink />
            <SkipLink />
            <SiteHeader />
            <main id="main" tabindex="-1">
                {move || {
                    route_built
                        .get()
                        .then(|| {
                            view! {
                                <FlatRoutes fallback=NotFoundPage>
                                    <Route path=path!("/") view=HomePage />
                                    <Route path=path!("/channel/:slug") view=ChannelPage />
                                    <Route path=path!("/tag/:tag") view=TagPage />
                                    <Route path=path!("/article/:id") view=ArticlePage />
                                    <Route path=path!("/page/:slug") view=InfoPage />
                                    <Route path=path!("/search") view=SearchPage />
                                    <Route path=path!("/sitemap") view=SitemapPage />
                                </FlatRoutes>
                            }
                                .into_any()
                        })
                }}
            </main>
            <SiteFooter />
        </Router>
    }
}

/// The visit counter, when the site has one (see [`crate::counter`]): renders nothing.
#[component]
fn CounterLink() -> impl IntoView {
    crate::counter::use_counter();
}

/// 跳到正文: moves focus to the main content, which a plain `#main` link would not do under
/// the router (it only scrolls).
#[component]
fn SkipLink() -> impl IntoView {
    let to_main = |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        let main = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("main"))
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
        if let Some(main) = main {
            let _ = main.focus();
        }
    };
    view! { <a class="skip-link" href="#main" on:click=to_main>"跳到正文"</a> }
}
