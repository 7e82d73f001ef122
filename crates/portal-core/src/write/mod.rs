//! The page writers: every piece of every page as HTML text, written by plain functions over
//! the catalog. The app puts what they write into its DOM (`inner_html`); the publisher writes
//! it into each route's file. One set of writers for both.
//!
//! Why not Leptos `view!` trees: every `view!` tree is compiled into its own build and rebuild
//! code. Writing the portal's lists, sidebar, article and footer as markup instead took the
//! release wasm from 226,496 to 183,604 bytes gzip (-43 KB). The app keeps `view!` for what
//! reacts on its own (the retry button, the masthead's site name, the blocks that follow the
//! catalog).

pub mod chrome;
pub mod head;
pub mod lists;
pub mod markup;
pub mod page;
pub mod qr;
pub mod reader;
pub mod routes;
pub mod sidebar;
pub mod status;
