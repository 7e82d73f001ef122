//! The core's integration tests, in one test binary: the catalog's lists, real-world feeds,
//! and the sanitiser against DOMPurify's corpus.

mod catalog;
mod dompurify;
mod feeds;
mod names;
