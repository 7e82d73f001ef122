//! The content library every page reads: the feed's first page at start, older pages and single
//! articles when a page asks for them. Provided as context by the app.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use portal_core::model::LoadError;

use crate::api::{display_name, feed_url, fetch_feed, yield_to_browser};
use portal_core::model::catalog::{Need, Read};
use portal_core::model::feed::PACKED_FORMAT;
use portal_core::model::{Catalog, FeedPage, LoadProblem, Site};
use portal_core::write::status::ListStatus;

/// Where the format a reload was made for is kept in `sessionStorage` (see [`reload_once_for`]).
const FORMAT_RELOAD_KEY: &str = "portal-packed-format-reload";

/// Reloads the page because the content is packed in `format`, not the [`PACKED_FORMAT`] this
/// app reads: a release renamed files this app would ask for (older list files), so the app
/// that goes with them must be fetched, rather than read another tag's list as this one's.
/// Once per format and tab: if the reload brings the same app again (a cache, a server still
/// sending it), it goes on with what it has instead of reloading for ever. False when it did
/// not reload.
fn reload_once_for(format: u64) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let Some(storage) = window.session_storage().ok().flatten() else {
        // Without storage, no guard: no reload rather than perhaps a loop.
        return false;
    };
    let mark = format.to_string();
    if storage
        .get_item(FORMAT_RELOAD_KEY)
        .ok()
        .flatten()
        .as_deref()
        == Some(mark.as_str())
    {
        return false;
    }
    storage.set_item(FORMAT_RELOAD_KEY, &mark).is_ok() && window.location().reload().is_ok()
}

#[derive(Clone, Debug)]
pub enum Load {
    Loading,
    Failed(LoadError),
    /// Boxed: the catalog is much larger than the other states.
    Ready(Box<Catalog>),
}

/// The content every page reads. Pages read it through the getters and change it only through
/// the methods below (read what a page needs, reload), so the states stay consistent: a page
/// cannot mark the library busy, or clear an error it did not cause.
#[derive(Clone, Copy)]
pub struct Library {
    state: RwSignal<Load>,
    /// An older page or a single article is on its way.
    busy: RwSignal<bool>,
    /// Why the last older page or single article could not be had.
    more_error: RwSignal<Option<LoadError>>,
    /// Article files already asked for (`_portal.article_url`), so a missing one is asked once.
    asked: RwSignal<Vec<String>>,
    /// The site's settings, once loaded: set when a new feed is loaded, not when a page of
    /// items arrives, so the header and footer are not rebuilt for every page; and set a task
    /// before `state` is ready (see [`Library::reload`]).
    site: RwSignal<Option<Arc<Site>>>,
}

impl Library {
    /// Creates the library and starts loading the feed.
    pub fn start() -> Self {
        let library = Library::with_state(Load::Loading);
        library.reload();
        library
    }

    /// A library holding content already at hand (a page rendered from a known feed, a test).
    pub fn ready(catalog: Catalog) -> Self {
        Library::with_state(Load::Ready(Box::new(catalog)))
    }

    fn with_state(state: Load) -> Self {
        let site = match &state {
            Load::Ready(catalog) => Some(catalog.site.clone()),
            _ => None,
        };
        Library {
            state: RwSignal::new(state),
            busy: RwSignal::new(false),
            more_error: RwSignal::new(None),
            asked: RwSignal::new(Vec::new()),
            site: RwSignal::new(site),
        }
    }

    /// (Re)loads the feed from its first page: the retry after a failure.
    ///
    /// The feed arrives in four tasks, each given back to the browser before the next: the
    /// file read; parsed into the catalog ([`fetch_feed`]); the site's settings, which the
    /// header and footer draw; the catalog, which the route's page draws. All in one task, as
    /// they once were, they made one long task of a written page's takeover, which on
    /// Lighthouse's mobile profile (4x CPU) blocks input for what it lasts past 50 ms
    /// (bench/README.md, "the takeover's long tasks", has what was measured).
    pub fn reload(self) {
        self.state.set(Load::Loading);
        self.site.set(None);
        self.more_error.set(None);
        self.asked.set(Vec::new());
        spawn_local(async move {
            let url = feed_url();
            let loaded = fetch_feed(&url).await;
            let other_format = loaded
                .as_ref()
                .ok()
                .and_then(|page| page.site.packed_format)
                .filter(|&format| format != PACKED_FORMAT);
            if other_format.is_some_and(reload_once_for) {
                return;
            }
            match loaded.map(|page| Catalog::new(page, &url)) {
                Ok(catalog) => {
                    yield_to_browser().await;
                    self.site.set(Some(catalog.site.clone()));
                    yield_to_browser().await;
                    self.state.set(Load::Ready(Box::new(catalog)));
                }
                Err(error) => self.state.set(Load::Failed(error)),
            }
        });
    }

    // The getters below read the private signals, tracked, instead of handing out ReadSignals:
    // each ReadSignal<T> type compiles its own trait impls, 2 KB of wasm for these three.

    /// Reads the state (loading, failed or ready); tracked.
    pub fn read_state<T>(self, read: impl FnOnce(&Load) -> T) -> T {
        self.state.with(read)
    }

    /// Whether an older page or a single article is on its way; tracked.
    pub fn is_busy(self) -> bool {
        self.busy.get()
    }

    /// Why the last older page or single article could not be had; tracked.
    pub fn more_error(self) -> Option<LoadError> {
        self.more_error.get()
    }

    /// Whether an older page is on its way and why the last one failed; tracked.
    pub fn list_status(self) -> ListStatus {
        ListStatus {
            busy: self.is_busy(),
            error: self.more_error(),
        }
    }

    /// The site's settings once the feed is loaded; tracked, and changes only with a new feed.
    /// Set a task before the catalog (see [`Library::reload`]): the state may still be
    /// [`Load::Loading`] when this is already the site's.
    pub fn site(self) -> Option<Arc<Site>> {
        self.site.get()
    }

    /// Reads the catalog, when it is loaded; tracked.
    pub fn with<T>(self, f: impl FnOnce(&Catalog) -> T) -> Option<T> {
        self.state.with(|state| match state {
            Load::Ready(catalog) => Some(f(catalog)),
            _ => None,
        })
    }

    /// Reads the next file `need` asks for (see [`Catalog::next_read`]), unless one is already
    /// on its way. Call from an effect: it re-runs as files arrive, until the page has what it
    /// needs or nothing more can be read.
    pub fn satisfy(self, need: &Need) {
        if self.busy.get() {
            return;
        }
        let read = self
            .with(|c| self.asked.with(|asked| c.next_read(need, asked)))
            .flatten();
        match read {
            None => {}
            Some(Read::Main(url)) => self.follow(
                url,
                |c, page, url| c.add_page(page, url),
                |c| c.next_url = None,
            ),
            Some(Read::List(key, url)) => {
                let stop = key.clone();
                self.follow(
                    url,
                    move |c, page, url| c.add_list_page(&key, page, url),
                    move |c| c.stop_list(&stop),
                )
            }
            Some(Read::ArticleFile(url)) => self.fetch_article_file(url),
        }
    }

    /// Whether `need` may still be met: a file is on its way, or one is left to read.
    pub fn still_reading(self, need: &Need) -> bool {
        self.busy.get()
            || self
                .with(|c| self.asked.with(|asked| c.next_read(need, asked).is_some()))
                .unwrap_or(false)
    }

    /// Fetches `url` and gives the page to `add`; when it fails, `stop` ends that walk: the
    /// pages read so far stay usable, the message says why.
    fn follow(
        self,
        url: String,
        add: impl FnOnce(&mut Catalog, FeedPage, &str) + 'static,
        stop: impl FnOnce(&mut Catalog) + 'static,
    ) {
        self.busy.set(true);
        spawn_local(async move {
            match fetch_feed(&url).await {
                Ok(page) => self.update(|c| add(c, page, &url)),
                Err(error) => {
                    self.update(stop);
                    self.more_error.set(Some(error));
                }
            }
            self.busy.set(false);
        });
    }

    /// Fetches one article's own file (`_portal.article_url`), once: a missing one is not an
    /// error (the article is then not found, or shown as its excerpt).
    fn fetch_article_file(self, url: String) {
        self.asked.update(|a| a.push(url.clone()));
        self.busy.set(true);
        spawn_local(async move {
            match fetch_feed(&url).await {
                Ok(page) => self.update(|c| c.add_file(page, &url)),
                Err(error) if error.problem == LoadProblem::NotFound => {}
                Err(error) => self.more_error.set(Some(error)),
            }
            self.busy.set(false);
        });
    }

    fn update(self, f: impl FnOnce(&mut Catalog)) {
        self.state.update(|state| {
            if let Load::Ready(catalog) = state {
                f(catalog);
            }
        });
    }

    /// The feed's file name as messages show it.
    pub fn feed_name() -> String {
        display_name(&feed_url())
    }
}
