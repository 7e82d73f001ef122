//! The core's integration tests, in one test binary: the catalog's lists, real-world feeds,
//! the sanitiser against DOMPurify's corpus, and search counts against the truth.

mod catalog;
mod dompurify;
mod feeds;
mod names;
mod search;
