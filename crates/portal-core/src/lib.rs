//! 科创资讯门户's core: what the app (in the browser, as wasm) and the `portal` publisher
//! (natively) share, so that a page the publisher writes is the page the app renders.
//!
//! - [`model`]: the JSON Feed and its `_portal` extension read and written, the catalog of
//!   items and its lists, dates, URLs and the routes' paths;
//! - [`text`]: the one fold, hash and cut of text;
//! - [`html`]: the tokenizer, entities and the allow-list sanitiser for untrusted HTML;
//! - [`search`]: the search index format, written by the publisher and read by the app;
//! - [`write`]: the [`write::markup::Markup`] builder and every page writer;
//! - [`names`]: the names shared with the JavaScript, nginx and the scripts, checked by a test.
//!
//! Nothing here depends on a browser (no leptos, web-sys, js-sys, wasm-bindgen or gloo): every
//! line runs under native `cargo test -p portal-core`.

pub mod html;
pub mod model;
pub mod names;
pub mod search;
pub mod text;
pub mod write;

#[cfg(any(test, feature = "test-support"))]
pub mod test_support;
