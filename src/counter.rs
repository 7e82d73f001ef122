//! The visit counter (crates/portal-counter), when the site file names one (`_portal.counter`,
//! a path under the site's base): the hit of each article view, 浏览 and 点击排行 from its
//! answers. Without one, nothing here runs and the pages show the feed's numbers.
//!
//! - A written page's hit is sent by public/boot.js before the app arrives; the takeover
//!   remembers it ([`remember_boot_hit`]) and sends nothing more for that page. Every other
//!   article the reader opens in the app sends one hit (`navigator.sendBeacon`).
//! - The pages are written with the feed's numbers; once the counter answers, the 浏览 number
//!   and the ranking's lines are replaced where they stand (same boxes, nothing moves). An
//!   answer that does not come within [`COUNTER_TIMEOUT_MS`], or is not one (nginx answers an
//!   empty 204 while the counter is down), changes nothing and says nothing.
//!
//! What was answered is kept in one thread-local state, and one `RwSignal<bool>` (a type the
//! app has already) says it changed: signals of its own types cost the wasm more than the rest.

use std::cell::RefCell;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_location;
use portal_core::model::counter::{parse_top, views_of, Window};
use portal_core::model::url::{percent_encode_component, resolve};
use portal_core::write::markup::render;
use portal_core::write::sidebar::ranked_entries;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::api::{base_url, fetch_within, paths};
use crate::library::Library;

/// An answer slower than this is not waited for: the page keeps the feed's numbers.
pub const COUNTER_TIMEOUT_MS: i32 = 1_000;

/// What the counter said on this page load, and what the page shows of it.
#[derive(Default)]
struct State {
    /// The article whose hit public/boot.js sent for the written page.
    boot_hit: Option<String>,
    /// The pathname of the last article view whose hit was sent (or left to boot.js).
    counted_path: String,
    /// Questions asked: each once a page load, answered or not.
    asked: Vec<String>,
    /// The answers that came, by question, read when shown.
    answers: Vec<(String, String)>,
    /// The window whose tab is pressed.
    window: Window,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::default();
}

/// Notes the hit public/boot.js sent for the written page `prerendered`, if it did (its
/// `<article data-counter data-id>`, as portal_core's writer marks it).
pub fn remember_boot_hit(prerendered: &web_sys::Element) {
    let id = prerendered
        .query_selector("article[data-counter][data-id]")
        .ok()
        .flatten()
        .and_then(|a| a.get_attribute("data-id"));
    STATE.with(|s| s.borrow_mut().boot_hit = id);
}

/// Keeps the page's 浏览 and 点击排行 on the counter's numbers, and sends each article view's
/// hit. Called once, inside the router.
pub fn use_counter() {
    let library = expect_context::<Library>();
    let location = use_location();
    let changed = RwSignal::new(false);
    listen_to_tabs(changed);
    Effect::new(move |_| {
        let Some(counter) = library.site().and_then(|s| s.counter.clone()) else {
            return;
        };
        let url = resolve(&base_url(), &counter);
        let path = location.pathname.get();
        library.read_state(|_| ());
        changed.track();
        // By the next frame the route's markup is in the page.
        request_animation_frame(move || show(&url, path, changed));
    });
}

/// Sends the hit of a new article view, and shows what the counter said (asking it first).
fn show(url: &str, path: String, changed: RwSignal<bool>) {
    let Some(main) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("#app > main, body > main").ok().flatten())
    else {
        return;
    };
    if let Some(id) = main
        .query_selector("article[data-id]")
        .ok()
        .flatten()
        .and_then(|a| a.get_attribute("data-id"))
    {
        let send = STATE.with(|s| {
            let mut s = s.borrow_mut();
            let new_view = s.counted_path != path;
            s.counted_path = path;
            // The page boot.js counted is counted once.
            new_view && s.boot_hit.take_if(|boot| *boot == id).is_none()
        });
        if send {
            if let Some(window) = web_sys::window() {
                let _ = window
                    .navigator()
                    .send_beacon_with_opt_str(&format!("{url}hit"), Some(&id));
            }
        }
        let query = format!("{url}views?ids={}", percent_encode_component(&id));
        match answer(&query) {
            Some(text) => {
                if let Some(n) = views_of(&text, &id) {
                    show_views(&main, n);
                }
            }
            None => ask(query, changed),
        }
    }
    if let Ok(Some(ranking)) = main.query_selector(".side-box.ranking") {
        let window = STATE.with(|s| s.borrow().window);
        let channel = ranking
            .get_attribute("data-channel")
            .map_or(String::new(), |c| {
                format!("&channel={}", percent_encode_component(&c))
            });
        let query = format!("{url}top?window={}&n=10{channel}", window.name());
        match answer(&query) {
            Some(text) => {
                if let Some(lines) = parse_top(&text, window) {
                    let html = render(|m| ranked_entries(m, &lines, &paths()));
                    show_ranking(&ranking, window, &html);
                }
            }
            None => ask(query, changed),
        }
    }
}

/// The counter's answer to `query`, if it came.
fn answer(query: &str) -> Option<String> {
    STATE.with(|s| {
        let s = s.borrow();
        s.answers
            .iter()
            .find(|(q, _)| q == query)
            .map(|(_, a)| a.clone())
    })
}

/// Asks the counter `query`, once a page load, and keeps what it answers.
fn ask(query: String, changed: RwSignal<bool>) {
    let first = STATE.with(|s| {
        let mut s = s.borrow_mut();
        let first = !s.asked.contains(&query);
        if first {
            s.asked.push(query.clone());
        }
        first
    });
    if !first {
        return;
    }
    spawn_local(async move {
        let text = fetch_within(&query, COUNTER_TIMEOUT_MS)
            .await
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok());
        if let Some(text) = text {
            STATE.with(|s| s.borrow_mut().answers.push((query, text)));
            changed.update(|c| *c = !*c);
        }
    });
}

fn show_views(main: &web_sys::Element, n: u64) {
    // With a counter, every article is written with a 浏览 (0 when the feed has no count).
    if let Ok(Some(span)) = main.query_selector(".article-meta .views") {
        span.set_text_content(Some(&format!("浏览：{n}")));
    }
}

/// Presses the tab of `window` and puts its lines (`html`) in the ranking.
fn show_ranking(ranking: &web_sys::Element, window: Window, html: &str) {
    for (selector, pressed) in [
        ("[aria-pressed=true]".to_string(), "false"),
        (format!("[data-rank={}]", window.name()), "true"),
    ] {
        if let Ok(Some(tab)) = ranking.query_selector(&selector) {
            let _ = tab.set_attribute("aria-pressed", pressed);
        }
    }
    if let Ok(Some(list)) = ranking.query_selector("ol") {
        list.set_inner_html(html);
    }
}

/// 总/日/周/月: a press shows that window's ranking once the counter has answered it (until
/// then, and if it never does, the ranking stays as it is).
fn listen_to_tabs(changed: RwSignal<bool>) {
    let on_click = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        let window = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("[data-rank]").ok().flatten())
            .and_then(|t| t.get_attribute("data-rank"))
            .and_then(|name| Window::parse(&name));
        if let Some(window) = window {
            STATE.with(|s| s.borrow_mut().window = window);
            changed.update(|c| *c = !*c);
        }
    });
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let _ =
            document.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    }
    on_click.forget();
}
