//! 科创资讯门户's visit counter, `portal-counter`: a small service beside nginx that readers'
//! browsers tell "I read this" (`POST api/hit`), and that the app asks "how many"
//! (`GET api/views`) and "what is most read" (`GET api/top`), for 浏览 and 点击排行.
//!
//! - [`published`]: the articles the published site has (`SITE/current`), read again when a
//!   release switches: only they are counted and ranked;
//! - [`client`]: the reader's address (behind trusted proxies only) and bots by User-Agent;
//! - [`dedupe`]: one reader counts once per article per 30 minutes, by a hash with a daily
//!   salt, no cookie;
//! - [`limit`]: the per-address rate limit, in a table of fixed size;
//! - [`day`]: day numbers, which end at midnight in the site's time zone;
//! - [`store`]: the database (SQLite by default, PostgreSQL) behind one trait;
//! - [`counter`]: the counts in memory, the batch written once a second, the ranking cache;
//! - [`server`]: the HTTP answers.
//!
//! What is stored: per article and day, a count; and, for 30 minutes, the dedupe keys (16
//! bytes of a SHA-256). Nothing else about readers.

pub mod client;
pub mod counter;
pub mod day;
pub mod dedupe;
pub mod error;
pub mod limit;
pub mod published;
pub mod server;
pub mod store;

pub use error::Error;
