//! Starting the app on a page the publisher wrote (src/prerender.rs): the reader already sees
//! the page, so the app renders the same route off-screen and replaces the written page in one
//! animation frame once its content is in, with no skeleton shown in between.
//!
//! Why not Leptos's hydration: its `HydrationScripts` are an inline module script, which the
//! page's policy (`script-src 'self'`) blocks, and the content library starts in `Loading`,
//! so the first client render could not match the HTML anyway.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::Portal;
use crate::library::{Library, Load};

/// Mounts the app in a hidden box after `prerendered` and swaps the two when the app has
/// settled on the route. If the feed cannot be loaded, the written page stays: it is the
/// content, and its links are ordinary links.
pub fn take_over(prerendered: web_sys::Element) {
    crate::counter::remember_boot_hit(&prerendered);
    let Some(document) = prerendered.owner_document() else {
        return;
    };
    let Ok(host) = document.create_element("div") else {
        return;
    };
    let _ = host.set_attribute("id", "app");
    let _ = host.set_attribute("hidden", "");
    if prerendered.after_with_node_1(&host).is_err() {
        return;
    }
    let host: web_sys::HtmlElement = host.unchecked_into();
    leptos::mount::mount_to(host.clone(), move || {
        let library = Library::start();
        provide_context(library);
        swap_when_settled(library, prerendered, host);
        view! { <Portal /> }
    })
    .forget();
}

/// Once the feed is in and nothing more is being read for the route (an older page, an
/// article's own file), the next frame shows the app's page instead of the written one.
fn swap_when_settled(library: Library, prerendered: web_sys::Element, host: web_sys::HtmlElement) {
    let swapped = Rc::new(Cell::new(false));
    Effect::new(move |_| {
        let ready = library.read_state(|s| matches!(s, Load::Ready(_)));
        if swapped.get() || !ready || library.is_busy() {
            return;
        }
        let (prerendered, host, swapped) = (prerendered.clone(), host.clone(), swapped.clone());
        // By the next frame the route's view has rendered and its effects have run (they are
        // microtasks). One that started reading (an article's own file) has put up a skeleton
        // or a loading line: then this effect runs again once that read is done.
        request_animation_frame(move || {
            let waiting = host
                .query_selector(".skeleton, .loading-more")
                .ok()
                .flatten()
                .is_some();
            if swapped.get() || waiting {
                return;
            }
            swapped.set(true);
            prerendered.remove();
            host.remove_attribute("hidden").ok();
        });
    });
}
