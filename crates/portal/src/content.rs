//! Reading a content folder as the app reads it: the authored folder (the whole `next_url`
//! chain and every channel's own feed) and a published one (the first page, then what each
//! route asks for), each file through the core's parser.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use portal_core::model::catalog::{ListKey, Need, Read};
use portal_core::model::feed::parse_feed;
use portal_core::model::url::percent_decode;
use portal_core::model::{Catalog, FeedPage, Item, LoadError, LoadProblem};

use crate::site_url::SiteUrl;
use crate::Error;

/// The content of a folder, read as the deployed app would read it: the feed's whole
/// `next_url` chain and every channel's own feed, each file parsed with the app's parser.
pub struct Content {
    pub catalog: Catalog,
    /// Files read, relative to the folder, in the order read.
    pub files: Vec<String>,
    /// Items held back ([`Hold`]): drafts, and items dated after the build's clock.
    pub held: Vec<Item>,
}

/// Which items a build holds back: drafts always, and items dated after `now` (an embargo:
/// the first build after their time publishes them). `None` holds nothing (`portal check`,
/// preview).
#[derive(Clone, Copy, Debug)]
pub struct Hold {
    pub now: i64,
    /// `portal preview`: what would be held is shown instead, its title marked
    /// [`PREVIEW_MARK`], so an editor sees drafts and embargoed items as readers will.
    pub preview: bool,
}

/// What a preview puts before the title of an item readers would not see yet.
pub const PREVIEW_MARK: &str = "【预览 · 未发布】";

impl Hold {
    /// Whether `item` waits: a draft, or dated after the clock.
    pub fn holds(&self, item: &Item) -> bool {
        item.draft || item.date.is_some_and(|d| d.0 > self.now)
    }
}

/// Reads `dir` (a folder with `feed.json`, as `public/content/`) for a site at `site`.
pub fn read_content(dir: &Path, site: &SiteUrl) -> Result<Content, Error> {
    read_feed(dir, "feed.json", site, None)
}

/// [`read_content`] less what `hold` holds back, which [`Content::held`] lists.
pub fn read_content_held(dir: &Path, site: &SiteUrl, hold: Hold) -> Result<Content, Error> {
    read_feed(dir, "feed.json", site, Some(hold))
}

/// [`read_content`] from the feed `feed` (a path relative to `dir`).
pub fn read_feed(
    dir: &Path,
    feed: &str,
    site: &SiteUrl,
    hold: Option<Hold>,
) -> Result<Content, Error> {
    let mut files = Vec::new();
    let mut held: Vec<Item> = Vec::new();
    let mut held_ids: HashSet<String> = HashSet::new();
    let mut ahead = read_ahead(dir, feed, site);
    let mut read = |url: &str| -> Result<FeedPage, Error> {
        let relative = local_file(url, site).map_err(Error::Content)?;
        let page = match ahead.remove(&relative) {
            Some(page) if url == site.content_url(&relative) => page,
            _ => read_page(dir, &relative, url),
        };
        let mut page = page.map_err(Error::Content)?;
        files.push(relative);
        if let Some(hold) = hold {
            // Held here, before the catalog sees them: no list, page, article file, search
            // entry, sitemap URL or feed entry can name what is not in it.
            if hold.preview {
                for item in page.items.iter_mut().chain(page.context.iter_mut()) {
                    if hold.holds(item) && !item.title.starts_with(PREVIEW_MARK) {
                        item.title = format!("{PREVIEW_MARK}{}", item.title);
                        if held_ids.insert(item.id.clone()) {
                            held.push(item.clone());
                        }
                    }
                }
                return Ok(page);
            }
            page.context.retain(|item| !hold.holds(item));
            let (waiting, published): (Vec<Item>, Vec<Item>) =
                page.items.drain(..).partition(|item| hold.holds(item));
            page.items = published;
            for item in waiting {
                if held_ids.insert(item.id.clone()) {
                    held.push(item);
                }
            }
        }
        Ok(page)
    };
    let feed_url = site.content_url(feed);
    let first = read(&feed_url)?;
    let mut catalog = Catalog::new(first, &feed_url);
    // The main chain, however long: the packed folder gives every item its own file, so a
    // deep link finds it wherever it was. A loop ends the walk (Catalog::add_page clears
    // next_url). Channel feeds below stop at 50 pages each, as in the app.
    while let Some(next) = catalog.next_url.clone() {
        let page = read(&next)?;
        catalog.add_page(page, &next);
    }
    let channels: Vec<ListKey> = catalog
        .site
        .channels
        .iter()
        .filter(|c| c.feed_url.is_some())
        .map(|c| ListKey::Channel(c.slug.clone()))
        .collect();
    for key in channels {
        while let Some(next) = catalog.next_url_for(&key) {
            let page = read(&next)?;
            catalog.add_list_page(&key, page, &next);
        }
    }
    held.sort_by_key(|item| item.date.map(|d| d.0));
    Ok(Content {
        catalog,
        files,
        held,
    })
}

/// A published content folder (`DIST/content/`), read as the app reads it: the feed's first
/// page, then for each route the files its page asks for ([`Catalog::next_read`]), so that
/// the page written for a route is the page the app renders from the same files.
pub struct Published<'a> {
    dir: &'a Path,
    site: &'a SiteUrl,
    /// The feed's first page: what every page starts from.
    first: Catalog,
}

impl<'a> Published<'a> {
    pub fn read(dir: &'a Path, site: &'a SiteUrl) -> Result<Self, Error> {
        let url = site.content_url("feed.json");
        let page = read_page(dir, "feed.json", &url).map_err(Error::Content)?;
        Ok(Published {
            dir,
            site,
            first: Catalog::new(page, &url),
        })
    }

    /// The feed's first page, as read.
    pub fn first(&self) -> &Catalog {
        &self.first
    }

    /// The catalog the app has once it has read what `need` asks for. A file that cannot be
    /// read ends the reading there, as it does in the app.
    pub fn catalog_for(&self, need: Option<&Need>) -> Catalog {
        let mut catalog = self.first.clone();
        let Some(need) = need else {
            return catalog;
        };
        let mut asked = Vec::new();
        while let Some(read) = catalog.next_read(need, &asked) {
            let url = match &read {
                Read::Main(url) | Read::List(_, url) | Read::ArticleFile(url) => url.clone(),
            };
            let page = local_file(&url, self.site)
                .and_then(|relative| read_page(self.dir, &relative, &url));
            match (read, page) {
                (Read::Main(_), Ok(page)) => catalog.add_page(page, &url),
                (Read::Main(_), Err(_)) => catalog.next_url = None,
                (Read::List(key, _), Ok(page)) => catalog.add_list_page(&key, page, &url),
                (Read::List(key, _), Err(_)) => catalog.stop_list(&key),
                (Read::ArticleFile(_), page) => {
                    asked.push(url.clone());
                    if let Ok(page) = page {
                        catalog.add_file(page, &url);
                    }
                }
            }
        }
        catalog
    }
}

/// The path under the content folder of a URL in it, or why it is not a local file.
pub(crate) fn local_file(url: &str, site: &SiteUrl) -> Result<String, LoadError> {
    let outside = |message: &str| LoadError {
        file: url.to_string(),
        problem: LoadProblem::Unreadable(message.to_string()),
    };
    let relative = url.strip_prefix(&site.content_url("")).ok_or_else(|| {
        outside("not under the content folder of --site-url; a publisher reads local files only")
    })?;
    let relative = percent_decode(relative.split(['?', '#']).next().unwrap_or_default())
        .ok_or_else(|| outside("not a UTF-8 path once its %XX escapes are decoded"))?;
    let relative = relative.as_str();
    if relative.is_empty()
        || relative
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
    {
        return Err(outside("not a plain path inside the content folder"));
    }
    Ok(relative.to_string())
}

/// The pages of the chain that starts at `feed`, as `portal import` and sync cut it (`feed.json`,
/// `feed-2.json`, `feed-3.json`, …, plain files at the top of `dir`), read and parsed on every
/// core, by name, each as [`read_feed`] would read it from its URL under `site`.
///
/// The chain names its files one by one, each in the file before, so walked alone it reads them
/// one after the other: at 100,000 items (1,000 files, 340 MB) that was 0.71–0.77 s of a
/// one-new-item sync on one core, the other idle. A file the walk never names was parsed for
/// nothing, and what it held is dropped unread, its errors included. Only names of the chain's
/// own pattern are read, so a folder that keeps other files at its top (`article_url:
/// "{id}.json"`, or `portal check` given one file of a shared folder) costs nothing more. What
/// is read ahead is held at once, so it stops at [`READ_AHEAD_BYTES`]: the pages past it, or
/// one larger than that, a symlink, a FIFO or anything but a plain file when it is opened, are
/// left to the walk, which reads them as it always did.
fn read_ahead(
    dir: &Path,
    feed: &str,
    site: &SiteUrl,
) -> HashMap<String, Result<FeedPage, LoadError>> {
    let Some(stem) = feed.strip_suffix(".json").filter(|s| !s.contains('/')) else {
        return HashMap::new();
    };
    let page_number = |name: &str| -> Option<u64> {
        let rest = name.strip_prefix(stem)?.strip_suffix(".json")?;
        if rest.is_empty() {
            return Some(1);
        }
        let digits = rest.strip_prefix('-')?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
    };
    let mut pages: Vec<(u64, String, u64)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let number = page_number(&name)?;
            // The entry's own type: a symlink is not followed here.
            let meta = entry.metadata().ok().filter(|m| m.file_type().is_file())?;
            Some((number, name, meta.len()))
        })
        .collect();
    pages.sort_unstable();
    let mut budget = READ_AHEAD_BYTES;
    let names: Vec<String> = pages
        .into_iter()
        .map_while(|(_, name, len)| {
            budget = budget.checked_sub(len)?;
            Some(name)
        })
        .collect();
    names
        .into_par_iter()
        .filter_map(|name| {
            let page = read_ahead_page(dir, &name, &site.content_url(&name))?;
            Some((name, page))
        })
        .collect()
}

/// The bytes of the pages read ahead at most, in all: 512 MiB, above the 340 MB of a
/// 100,000-item content folder. Past it the walk reads on one core, as before.
const READ_AHEAD_BYTES: u64 = 512 * 1024 * 1024;

/// [`read_page`] for a file read ahead, or `None` when it is not a plain file once opened (the
/// entry may have been swapped for a symlink or a FIFO since the folder was listed: the file is
/// opened without following a symlink and without waiting on a pipe) or grew past
/// [`READ_AHEAD_BYTES`]. `None` leaves the file to the walk.
fn read_ahead_page(dir: &Path, relative: &str, url: &str) -> Option<Result<FeedPage, LoadError>> {
    use std::io::Read as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(dir.join(relative))
        .ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > READ_AHEAD_BYTES {
        return None;
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).ok()?);
    file.take(READ_AHEAD_BYTES + 1)
        .read_to_end(&mut bytes)
        .ok()?;
    if bytes.len() as u64 > READ_AHEAD_BYTES {
        return None;
    }
    Some(parse_page(&bytes, relative, url))
}

/// Reads and parses `dir/relative`, fetched by the app from `url`.
fn read_page(dir: &Path, relative: &str, url: &str) -> Result<FeedPage, LoadError> {
    let bytes = std::fs::read(dir.join(relative)).map_err(|e| LoadError {
        file: relative.to_string(),
        problem: LoadProblem::Unreadable(e.to_string()),
    })?;
    parse_page(&bytes, relative, url)
}

/// The bytes of `relative`, fetched by the app from `url`, as text, then as a feed.
fn parse_page(bytes: &[u8], relative: &str, url: &str) -> Result<FeedPage, LoadError> {
    let fail = |problem| LoadError {
        file: relative.to_string(),
        problem,
    };
    let text = utf8(bytes).map_err(|e| fail(LoadProblem::Unreadable(e.to_string())))?;
    parse_feed(text, url).map_err(|e| fail(LoadProblem::NotAFeed(e)))
}

/// `bytes` as text, or the error `std::fs::read_to_string` gives. Checked with SIMD
/// (simdutf8): std's check of the 340 MB a 100,000-item sync reads twice, mostly Chinese, was
/// 5.0% of its samples (perf).
pub(crate) fn utf8(bytes: &[u8]) -> std::io::Result<&str> {
    simdutf8::basic::from_utf8(bytes).map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_core::test_support::{named_pipe, scratch};

    #[test]
    fn only_plain_paths_inside_the_content_folder_are_read() {
        let site = SiteUrl::parse("https://x.test/").expect("a site URL");
        assert_eq!(
            local_file("https://x.test/content/channels/a.json", &site).ok(),
            Some("channels/a.json".to_string())
        );
        for outside in [
            "https://other.test/content/feed-2.json",
            "https://x.test/content/../secret.json",
            "https://x.test/feed-2.json",
        ] {
            assert!(local_file(outside, &site).is_err(), "{outside}");
        }
    }

    const PAGE: &str = r#"{"version":"https://jsonfeed.org/version/1.1","title":"站","items":[]}"#;

    #[test]
    fn only_the_chains_own_pages_are_read_ahead_within_the_budget() {
        let dir = scratch("content-read-ahead-names");
        for name in [
            "feed.json",
            "feed-2.json",
            "feed-3.json",
            "notes.json",
            "feed-x.json",
        ] {
            std::fs::write(dir.join(name), PAGE).expect("write");
        }
        // Larger than what may be read ahead in all; sparse, so it costs no disk. Past it the
        // walk reads alone, so the page after it is not read ahead either.
        let large = std::fs::File::create(dir.join("feed-4.json")).expect("create");
        large.set_len(READ_AHEAD_BYTES + 1).expect("set_len");
        std::fs::write(dir.join("feed-5.json"), PAGE).expect("write");
        let site = SiteUrl::parse("https://x.test/").expect("a site URL");
        let mut read: Vec<String> = read_ahead(&dir, "feed.json", &site).into_keys().collect();
        read.sort();
        assert_eq!(read, ["feed-2.json", "feed-3.json", "feed.json"]);
        assert!(read_ahead(&dir, "channels/a.json", &site).is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_page_read_ahead_is_opened_only_as_a_plain_file() {
        let dir = scratch("content-read-ahead-open");
        std::fs::write(dir.join("feed-2.json"), PAGE).expect("write");
        std::os::unix::fs::symlink(dir.join("feed-2.json"), dir.join("feed-3.json"))
            .expect("a symlink");
        named_pipe(&dir.join("feed-4.json"));
        let url = "https://x.test/content/feed-2.json";
        assert!(matches!(
            read_ahead_page(&dir, "feed-2.json", url),
            Some(Ok(_))
        ));
        // As if swapped in after the folder was listed: neither is followed nor waited on.
        assert!(read_ahead_page(&dir, "feed-3.json", url).is_none());
        assert!(read_ahead_page(&dir, "feed-4.json", url).is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
