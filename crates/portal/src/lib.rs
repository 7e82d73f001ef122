//! `portal`, 科创资讯门户's publisher, as a library: the `portal` binary (src/main.rs) is its
//! command line. It runs natively, never in the browser.
//!
//! - [`import`]: RSS 2.0, RSS 1.0, Atom and JSON Feed into a content folder, with a site file;
//! - [`check`]: what the page's 内容提示 says of the content, and the publisher's own checks;
//! - [`build`]: the content packed into `content/` ([`pack`]), a page for every route
//!   ([`prerender`], with the CSS of the first paint inline: [`critical_css`]), the sitemap, robots.txt and subscription feeds ([`feeds_out`]), the
//!   简/繁 table ([`hant`]);
//! - [`release`]: builds beside the served folder and switches in one rename; rollback;
//!   [`prelink`]: the served release's files linked into the one being built meanwhile;
//!   [`inputs`]: what the release served was made from, so an unchanged build is skipped;
//! - [`sync`]: import, check, build and switch in one run for a timer, sources kept between
//!   runs; [`status`]: how the last runs went, for monitoring; [`preview`]: the content as
//!   readers will see it, drafts included, on the editor's machine;
//! - [`lock`]: one writer at a time for a site folder and a content folder;
//! - [`content`] reads content folders as the app does, [`site_url`] says where the site is
//!   served, [`output`] writes every file, [`error`] says what went wrong.
//!
//! The model, the HTML writers and the search index are `portal_core`'s, the same code the app
//! runs in the browser.

pub mod build;
pub mod check;
pub mod content;
pub mod critical_css;
pub mod error;
pub mod feeds_out;
pub mod hant;
pub mod import;
pub mod inputs;
pub mod lock;
pub mod output;
pub mod pack;
pub mod prelink;
pub mod prerender;
pub mod preview;
pub mod raster;
pub mod release;
pub mod site_url;
pub mod status;
pub mod sync;

pub use error::Error;

/// The clock, in Unix seconds.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
