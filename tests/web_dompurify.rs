//! DOMPurify's corpus in a real browser (`cargo test -p kechuang-portal --target
//! wasm32-unknown-unknown --test web_dompurify`, in each browser scripts/test.sh runs): every
//! payload goes through the same Rust sanitiser as in portal-core's `tests/core/dompurify.rs`,
//! and its output is put into the live document with `innerHTML`.
//!
//! * **executions**: `alert`, `confirm`, `prompt` and `print` are replaced by counters before
//!   anything is inserted, and the test waits 500 ms after inserting, long enough for image
//!   `onerror`/`onload` and SVG `onload` to have fired. The live DOM is then searched for script
//!   and other active elements, `on*` and `srcdoc` attributes, and any attribute but `title`
//!   and `alt` whose value the browser's URL parser reads as a `javascript:`, `vbscript:` or
//!   `data:` URL. Each payload with a finding
//!   counts once, and the calls count on top. Must be 0.
//! * **text lost**: as in the native test, but both texts are read from the DOM the browser
//!   built: ours from the live element, DOMPurify's from an inert `<template>`. Text content is
//!   the text nodes outside HTML raw-text and RCDATA elements; `<template>` contents are not
//!   in the document, so not text here (the native count has them under "by design").
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use portal_core::test_support::dompurify::{
    self, closest, compare, report, Excuse, Excuses, ORIGIN,
};
// RAW_TEXT, the tokenizer's own list: content that is code (`style`, `script`) or form and
// document data (`textarea`, `title`), not text a reader sees.
use portal_core::html::sanitize::sanitize;
use portal_core::html::RAW_TEXT;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The corpus, brought in by build.rs from the shared fixtures; empty in a clone without them.
const CORPUS: &str = include_str!(concat!(env!("OUT_DIR"), "/dompurify-expect.mjs"));

/// "Other" text loss measured in Chromium 156, Firefox 153 and WebKitGTK 2.50 with the current
/// sanitiser (2 before the tokenizer followed SVG and MathML: #200); a change that loses more
/// fails.
const MAX_OTHER_LOST: usize = 0;

const HTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// Elements that run or load script or active content, navigate or submit.
const ACTIVE: &[&str] = &[
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link",
    "form", "style", "svg", "math", "template", "portal",
];

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

/// Replaces `alert`, `confirm`, `prompt` and `print` by one counter of calls.
fn count_dialogs() -> Rc<Cell<u32>> {
    let calls = Rc::new(Cell::new(0));
    let window = web_sys::window().expect("window");
    for name in ["alert", "confirm", "prompt", "print"] {
        let calls = calls.clone();
        let counter = Closure::<dyn FnMut()>::new(move || calls.set(calls.get() + 1));
        js_sys::Reflect::set(&window, &name.into(), counter.as_ref()).expect("replace dialog");
        counter.forget();
    }
    calls
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("setTimeout");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("timer");
}

/// What in the live subtree under `root` could run something.
fn live_findings(root: &web_sys::Element) -> Vec<String> {
    let mut found = Vec::new();
    let base = document().base_uri().ok().flatten().unwrap_or_default();
    let elements = root.query_selector_all("*").expect("selector");
    for element in (0..elements.length())
        .filter_map(|i| elements.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
    {
        let name = element.local_name().to_ascii_lowercase();
        if ACTIVE.contains(&name.as_str()) {
            found.push(format!("<{name}>"));
        }
        for attr in element.get_attribute_names().iter() {
            let attr = attr.as_string().unwrap_or_default().to_ascii_lowercase();
            let value = element.get_attribute(&attr).unwrap_or_default();
            // The scheme the browser's own URL parser reads, relative to the page.
            let bad_url = web_sys::Url::new_with_base(&value, &base).is_ok_and(|url| {
                matches!(
                    url.protocol().as_str(),
                    "javascript:" | "vbscript:" | "data:"
                )
            });
            if attr.starts_with("on")
                || attr == "srcdoc"
                || (bad_url && !matches!(attr.as_str(), "title" | "alt"))
            {
                found.push(format!("{attr}=\"{value}\" on <{name}>"));
            }
        }
    }
    found
}

/// The text of the DOM under `node`, outside HTML raw-text elements, each non-white-space
/// character with its excuse for being lost (with `excuses`, for DOMPurify's output).
fn dom_chars(
    node: &web_sys::Node,
    ancestors: &mut Vec<String>,
    excuses: Option<&Excuses>,
    out: &mut Vec<(char, Option<Excuse>)>,
) {
    let children = node.child_nodes();
    for child in (0..children.length()).filter_map(|i| children.item(i)) {
        if child.node_type() == web_sys::Node::TEXT_NODE {
            let run = dompurify::squeeze(&child.node_value().unwrap_or_default());
            match excuses {
                Some(excuses) => {
                    let dropped = Excuses::dropped(ancestors.iter().map(String::as_str));
                    out.extend(excuses.chars(&run, dropped));
                }
                None => out.extend(run.chars().map(|c| (c, None))),
            }
        } else if let Some(element) = child.dyn_ref::<web_sys::Element>() {
            let name = element.local_name().to_ascii_lowercase();
            let html = element.namespace_uri().as_deref() == Some(HTML_NS);
            if html && RAW_TEXT.contains(&name.as_str()) {
                continue;
            }
            ancestors.push(name);
            dom_chars(&child, ancestors, excuses, out);
            ancestors.pop();
        }
    }
}

/// DOMPurify's output parsed inertly: no script runs, nothing loads.
fn parse_inert(html: &str) -> web_sys::DocumentFragment {
    let template: web_sys::HtmlTemplateElement = document()
        .create_element("template")
        .expect("template")
        .unchecked_into();
    template.set_inner_html(html);
    template.content()
}

#[wasm_bindgen_test]
async fn dompurify_corpus_runs_nothing_in_the_browser_and_keeps_the_text() {
    if CORPUS.is_empty() {
        web_sys::console::log_1(
            &format!(
                "dompurify_corpus_runs_nothing_in_the_browser_and_keeps_the_text: SKIPPED: the shared fixtures are not at {}",
                env!("PORTAL_DOMPURIFY_AT")
            )
            .into(),
        );
        return;
    }
    let cases = dompurify::parse(CORPUS);
    assert_eq!(cases.len(), 223, "SOURCES.md describes 223 payloads");
    let calls = count_dialogs();
    let body = document().body().expect("body");
    let browser = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();

    // Controls: unsanitised markup that runs is seen by both checks, so a 0 below means
    // something.
    let control = document().create_element("div").expect("div");
    body.append_child(&control).expect("append");
    control.set_inner_html(
        "<img src=\"/no-such-image.png\" onerror=\"alert(1)\"><a href=\" jav&#x09;ascript:x\">x</a>",
    );
    sleep(500).await;
    assert_eq!(calls.get(), 1, "the image's onerror ran alert once");
    assert_eq!(
        live_findings(&control).len(),
        2,
        "handler and javascript: link found"
    );
    control.remove();
    calls.set(0);

    let hosts: Vec<web_sys::Element> = cases
        .iter()
        .map(|case| {
            let host = document().create_element("div").expect("div");
            body.append_child(&host).expect("append");
            host.set_inner_html(&sanitize(&case.payload, ORIGIN));
            host
        })
        .collect();
    sleep(500).await;

    let mut executing = Vec::new();
    let mut losses = Vec::new();
    for (index, (case, host)) in cases.iter().zip(&hosts).enumerate() {
        let found = live_findings(host);
        if !found.is_empty() {
            executing.push(format!("  #{index} {:?}: {found:?}", case.label()));
        }
        let mut ours = Vec::new();
        dom_chars(host, &mut Vec::new(), None, &mut ours);
        let ours: Vec<char> = ours.into_iter().map(|(c, _)| c).collect();
        let excuses = Excuses::new(&case.payload);
        losses.push(closest(case.expected.iter().map(|expected| {
            let mut theirs = Vec::new();
            dom_chars(
                &parse_inert(expected),
                &mut Vec::new(),
                Some(&excuses),
                &mut theirs,
            );
            compare(&theirs, &ours)
        })));
    }
    for host in &hosts {
        host.remove();
    }
    let executions = executing.len() + calls.get() as usize;
    console_log!("dompurify (browser) in {browser}");
    console_log!(
        "dompurify (browser) executions: {executions} ({} dialog calls, {} payloads with active markup in the live DOM)",
        calls.get(),
        executing.len()
    );
    for line in &executing {
        console_log!("{line}");
    }
    let (text, other) = report("browser", &cases, &losses);
    console_log!("{text}");

    assert_eq!(executions, 0, "payloads ran something");
    // The bound is 0 today; it stays a bound so that a measured figure can replace it.
    #[allow(clippy::absurd_extreme_comparisons)]
    let within = other <= MAX_OTHER_LOST;
    assert!(
        within,
        "{other} characters of text lost outside dropped elements (at most {MAX_OTHER_LOST})"
    );
}
