//! 科创资讯门户: a news portal rendered in the browser from a JSON Feed.
//!
//! `model` is the content model (parsing, sanitising, dates, lists) and has no browser in it;
//! `api` fetches content files; `library` holds what was loaded; `app` routes to `pages`, which are
//! made of `components`.

pub mod api;
pub mod app;
#[cfg(not(target_arch = "wasm32"))]
pub mod check;
pub mod components;
pub mod document;
#[cfg(not(target_arch = "wasm32"))]
pub mod import;
pub mod library;
pub mod links;
pub mod markup;
pub mod meta;
pub mod model;
pub mod offline;
#[cfg(not(target_arch = "wasm32"))]
pub mod pack;
pub mod pages;
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
#[cfg(not(target_arch = "wasm32"))]
pub mod publish;
#[cfg(not(target_arch = "wasm32"))]
pub mod release;
pub mod search;
pub mod takeover;
#[cfg(test)]
mod test_support;
