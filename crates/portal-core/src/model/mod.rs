//! The portal's content model: the feed read and written, the catalog of what was read, dates,
//! URLs, the paths of the routes, and the visit counter's answers.

pub mod catalog;
pub mod counter;
pub mod date;
pub mod feed;
pub mod load;
pub mod paths;
pub mod url;

pub use catalog::{paginate, Catalog, Paged};
pub use feed::{parse_feed, Body, FeedError, FeedPage, Item, Site};
pub use load::{LoadError, LoadProblem};
