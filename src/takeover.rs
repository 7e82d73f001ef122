//! Starting the app on a page the publisher wrote (src/prerender.rs): the reader already sees
//! the page, so the app renders the same route off-screen and replaces the written page in one
//! animation frame once its content is in, with no skeleton shown in between. The keyboard
//! focus stays where it was, on the app's copy of the element.
//!
//! Why not Leptos's hydration: its `HydrationScripts` are an inline module script, which the
//! page's policy (`script-src 'self'`) blocks, and the content library starts in `Loading`,
//! so the first client render could not match the HTML anyway.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::yield_to_browser;
use crate::app::Portal;
use crate::library::{Library, Load};

/// Mounts the app in a hidden box after `prerendered` and swaps the two when the app has
/// settled on the route. If the feed cannot be loaded, the written page stays: it is the
/// content, and its links are ordinary links.
///
/// The mount waits for a task of its own: the wasm's start (the glue's instantiation, `main`)
/// and the mount were one task, and the mount builds in stages ([`Portal`]'s `staged`), so
/// that none of the takeover's tasks blocks input for long (bench/README.md, "the takeover's
/// long tasks").
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
    wasm_bindgen_futures::spawn_local(async move {
        yield_to_browser().await;
        leptos::mount::mount_to(host.clone(), move || {
            let library = Library::start();
            provide_context(library);
            swap_when_settled(library, prerendered, host);
            view! { <Portal staged=true /> }
        })
        .forget();
    });
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
            let focused = focused_in(&prerendered);
            prerendered.remove();
            host.remove_attribute("hidden").ok();
            if let Some((element, path)) = focused {
                refocus(&host, &path, &element);
            }
        });
    });
}

/// The element with the keyboard focus in `root`, and where it is: the element index at each
/// level down from `root`; `None` when the focus is not in `root`.
fn focused_in(root: &web_sys::Element) -> Option<(web_sys::Element, Vec<u32>)> {
    let focused = root.owner_document()?.active_element()?;
    let mut at = focused.clone();
    let mut path = Vec::new();
    while at != *root {
        let mut index = 0;
        let mut before = at.previous_element_sibling();
        while let Some(sibling) = before {
            index += 1;
            before = sibling.previous_element_sibling();
        }
        path.push(index);
        at = at.parent_element()?;
    }
    path.reverse();
    Some((focused, path))
}

/// Gives the focus to the element at `path` in `root` (see [`focused_in`]), with what was typed
/// into `was` if both are text boxes: the app's page has the written page's elements in the
/// same places, so a reader who had tabbed to a link or was typing a search while the app
/// loaded goes on from there instead of from the top of the document.
fn refocus(root: &web_sys::Element, path: &[u32], was: &web_sys::Element) {
    let mut at = root.clone();
    for &index in path {
        let mut child = at.first_element_child();
        for _ in 0..index {
            child = child.and_then(|c| c.next_element_sibling());
        }
        match child {
            Some(child) => at = child,
            None => return,
        }
    }
    // The same element, not whatever is there: a written page older than the feed (an item
    // taken down since, a list that moved) has other elements in those places.
    let same = |name: &str| at.get_attribute(name) == was.get_attribute(name);
    if at.tag_name() != was.tag_name() || !same("href") || !same("name") {
        return;
    }
    if let (Some(typed), Some(input)) = (
        was.dyn_ref::<web_sys::HtmlInputElement>(),
        at.dyn_ref::<web_sys::HtmlInputElement>(),
    ) {
        input.set_value(&typed.value());
    }
    if let Some(element) = at.dyn_ref::<web_sys::HtmlElement>() {
        let _ = element.focus();
    }
}
