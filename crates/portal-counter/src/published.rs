//! The articles the published site has: its packed main feed (`SITE/current/content/feed.json`
//! and the files its `next_url` chain names, written by `portal build`), each item's id, title,
//! channel and `_portal.views`, and the site's time zone. A hit for an id not in it is refused;
//! [`Stamp`] tells when a release switch (or a rebuild in place) calls for reading it again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono_tz::Tz;
use portal_core::model::feed::parse_feed;

use crate::day::zone_named;
use crate::Error;

/// A made-up origin the files are read under, so that `next_url` resolves as the app resolves
/// it; only a file under the same `content/` folder is followed.
const ORIGIN: &str = "https://published.invalid/content/";
/// Files of the chain read at most (`portal build` writes one per `page_size` items).
const MAX_FILES: usize = 100_000;

/// One published article.
#[derive(Clone, Debug, PartialEq)]
pub struct Article {
    pub id: String,
    pub title: String,
    pub channel: Option<String>,
    /// `_portal.views`: the starting all-time count.
    pub views: u64,
}

/// The published articles, newest first.
#[derive(Debug)]
pub struct Published {
    pub articles: Vec<Article>,
    by_id: HashMap<String, usize>,
    pub zone: Tz,
    pub stamp: Stamp,
}

/// What changes when a new release is served: where `current` points, and the main feed's
/// modification time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stamp {
    release: Option<PathBuf>,
    modified: Option<SystemTime>,
}

impl Published {
    /// A list of articles (the tests', or none).
    pub fn of(articles: Vec<Article>, zone: Tz) -> Published {
        let by_id = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        Published {
            articles,
            by_id,
            zone,
            stamp: Stamp::default(),
        }
    }

    pub fn get(&self, id: &str) -> Option<&Article> {
        self.by_id.get(id).map(|&i| &self.articles[i])
    }

    /// The position of `id` in the list (newest first).
    pub fn index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Reads the site at `site`: `site/current` when it is there (a release folder, see
    /// `portal build --out`), else `site` itself (a built folder).
    pub fn read(site: &Path) -> Result<Published, Error> {
        let stamp = stamp(site);
        let content = content_dir(site);
        let mut articles = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut relative = "feed.json".to_string();
        let mut zone: Option<Tz> = None;
        for _ in 0..MAX_FILES {
            let path = content.join(&relative);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| Error::caused("cannot be read", e).at(path.display()))?;
            let page = parse_feed(&text, &format!("{ORIGIN}{relative}"))
                .map_err(|e| Error::caused("not a JSON Feed", e).at(path.display()))?;
            if zone.is_none() {
                zone = Some(
                    zone_named(page.site.timezone.as_deref()).map_err(|e| e.at(path.display()))?,
                );
            }
            for item in page.items {
                if seen.insert(item.id.clone()) {
                    articles.push(Article {
                        id: item.id,
                        title: item.title,
                        channel: item.channel,
                        views: item.views.unwrap_or(0),
                    });
                }
            }
            match page.next_url.as_deref().map(|url| url.strip_prefix(ORIGIN)) {
                None => {
                    let mut published =
                        Published::of(articles, zone.unwrap_or(crate::day::DEFAULT_ZONE));
                    published.stamp = stamp;
                    return Ok(published);
                }
                Some(Some(next)) if !next.contains("..") && !next.contains(['?', '#']) => {
                    relative = next.to_string();
                }
                Some(_) => {
                    return Err(
                        Error::new("next_url leads out of the content folder").at(path.display())
                    )
                }
            }
        }
        Err(
            Error::new(format!("more than {MAX_FILES} files in the feed's chain"))
                .at(content.display()),
        )
    }
}

fn content_dir(site: &Path) -> PathBuf {
    let current = site.join("current");
    if current.is_dir() {
        current.join("content")
    } else {
        site.join("content")
    }
}

/// The site's [`Stamp`] now.
pub fn stamp(site: &Path) -> Stamp {
    Stamp {
        release: std::fs::canonicalize(site.join("current")).ok(),
        modified: std::fs::metadata(content_dir(site).join("feed.json"))
            .and_then(|m| m.modified())
            .ok(),
    }
}
