//! The portal's content model: pure Rust with no browser in it, so all of it is tested natively.

pub mod catalog;
pub mod date;
pub mod feed;
pub mod html;
pub mod load;
pub mod sanitize;
pub mod search;
pub mod url;

pub use catalog::{paginate, Catalog, Paged};
pub use feed::{parse_feed, Body, FeedError, FeedPage, Item, Site};
pub use load::{LoadError, LoadProblem};
