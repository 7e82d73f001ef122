//! What every page has, as the app keeps it up to date: the header (banner, masthead with the
//! search box, tiles), the channel strip and the footer, written by `portal_core::write::chrome`.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use portal_core::write::chrome::{
    banner, channel_nav, footer, search_form, service_notices, tiles, DEFAULT_SITE_NAME,
};
use portal_core::write::markup::render;
use portal_core::write::reader::{accessibility_bar, reader_modes};
use wasm_bindgen::JsCast;

use crate::api::paths;
use crate::library::{Library, Load};

#[component]
pub fn SiteHeader() -> impl IntoView {
    let library = expect_context::<Library>();
    let site = move || library.site();
    let paths = paths();
    // Placeholders until the site's settings are in, which is a task before the catalog: the
    // state is not read (nor tracked) once they are, so the catalog's arrival leaves the
    // header as it is.
    let loading =
        move || library.site().is_none() && library.read_state(|s| matches!(s, Load::Loading));
    let top_paths = paths.clone();
    let navigate = use_navigate();
    // The search form is markup (see search_form); its submit event bubbles up to here, and is
    // routed in the app instead of loading /search as a new document.
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(input) = search_input(&ev) else {
            return;
        };
        ev.prevent_default();
        let encoded = String::from(js_sys::encode_uri_component(input.value().trim()));
        navigate(
            &paths.route(&format!("/search?q={encoded}")),
            NavigateOptions {
                resolve: false,
                ..Default::default()
            },
        );
    };
    let tile_paths = top_paths.clone();
    let home = top_paths.home();
    // The search form is written once and never rebuilt, so what a reader types while the feed
    // loads stays; the banner, the site's name and the tiles follow the feed.
    let form = render(|m| {
        search_form(m, &top_paths);
        reader_modes(m);
    });
    view! {
        <header class="site-header" on:submit=on_submit>
            <div class="markup" inner_html=render(accessibility_bar)></div>
            <div class="markup" inner_html=render(service_notices)></div>
            <div class="markup" inner_html=move || render(|m| banner(m, site().as_deref(), loading()))></div>
            <div class="masthead">
                <div class="wrap masthead-inner">
                    <a class="site-name" href=home>
                        {move || site().map_or(DEFAULT_SITE_NAME.to_string(), |s| s.name.clone())}
                    </a>
                    <div class="markup" inner_html=form></div>
                </div>
            </div>
            <div
                class="markup"
                inner_html=move || render(|m| tiles(m, site().as_deref(), loading(), &tile_paths))
            ></div>
            <ChannelNav library=library />
        </header>
    }
}

/// The query box of the search form an event was sent to, if it was the search form.
fn search_input(ev: &leptos::ev::SubmitEvent) -> Option<web_sys::HtmlInputElement> {
    let form = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    if !form.matches("form.search").unwrap_or(false) {
        return None;
    }
    form.query_selector("input[name=q]")
        .ok()??
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()
}

/// The 栏目 strip, with the link of the page at `current_path` marked `aria-current`. Written as
/// markup and rebuilt when the route changes: a `view!` list with a reactive attribute per link
/// compiles into more wasm than the whole strip's markup.
#[component]
fn ChannelNav(library: Library) -> impl IntoView {
    let location = use_location();
    let paths = paths();
    view! {
        <div
            class="markup"
            inner_html=move || {
                render(|m| channel_nav(m, library.site().as_deref(), &paths, &location.pathname.get()))
            }
        ></div>
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    let library = expect_context::<Library>();
    let paths = paths();
    view! { <div class="markup" inner_html=move || render(|m| footer(m, library.site().as_deref(), &paths))></div> }
}
