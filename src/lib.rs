//! 科创资讯门户's app: the Leptos single-page app Trunk builds into wasm. Everything it shows is
//! written by `portal_core`'s writers from `portal_core`'s model; this crate holds only what runs
//! in the browser: `api` fetches content files, `library` holds what was loaded, `app` routes to
//! `pages` (one module per route), `components` are the parts that react on their own, `head`
//! keeps the document's head on the page, `search_client` reads the published search index,
//! `offline` speaks for the service worker's cache, `counter` speaks with the visit counter, and
//! `takeover` swaps a written page for the app.

pub mod api;
pub mod app;
pub mod components;
pub mod counter;
pub mod head;
pub mod library;
pub mod offline;
pub mod pages;
pub mod search_client;
pub mod takeover;
