//! `portal check`: what is wrong with a content folder, before it is published.
//!
//! The content is read as the publisher reads it ([`read_feed`]: the `next_url` chain and the
//! channel feeds, each file with the app's parser), so every problem the page's 内容提示 would
//! list is reported here in the very same words: they are the catalog's problems, printed as
//! the page prints them. Then what only a publisher can see: files the content points at that
//! are not in the folder, items in a channel that is not declared, files too large for readers
//! on a phone, and dates in the future.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use serde_json::json;

use crate::content::{local_file, read_feed, Content};
use crate::site_url::SiteUrl;
use crate::Error;
use portal_core::html::{tokenize, Token};
use portal_core::model::url::{article_file, resolve, ArticleKey};
use portal_core::model::{Body, Item};

/// A content file past this many bytes is reported: on the mobile profile of bench/ (1.6
/// Mbit/s), 1 MiB is over 5 s of download before the page can show it. Split it with
/// `next_url` (the packer writes `page_size` items a file).
pub const LARGE_FILE_BYTES: u64 = 1024 * 1024;
/// A date this far ahead of the clock is reported (time zones and clock skew stay under it).
const FUTURE_SLACK_SECONDS: i64 = 24 * 3600;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// Content the page leaves out or cannot open: publishing refuses it.
    Error,
    /// Worth fixing; the content is published as it is.
    Warning,
    /// Worth knowing, nothing to fix: an item held back (a draft, an embargo) and until when.
    Note,
}

impl Severity {
    /// How a line of `portal check` starts.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// One problem: the file, the place in it, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub file: String,
    pub place: String,
    pub message: String,
}

impl fmt::Display for Finding {
    /// `feed-2.json items[3].title: …`, as 内容提示 words it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.file.is_empty(), self.place.is_empty()) {
            (false, false) => write!(f, "{} {}: {}", self.file, self.place, self.message),
            (false, true) => write!(f, "{}: {}", self.file, self.message),
            (true, false) => write!(f, "{}: {}", self.place, self.message),
            (true, true) => f.write_str(&self.message),
        }
    }
}

impl Finding {
    /// One line of `--format json`.
    pub fn to_json(&self) -> String {
        json!({
            "severity": self.severity.label(),
            "file": self.file,
            "place": self.place,
            "message": self.message,
            "text": self.to_string(),
        })
        .to_string()
    }
}

/// A site URL for checking a folder on its own: where it is served does not change what is
/// wrong with it.
fn checking_site() -> SiteUrl {
    // A literal that parses: the error arm cannot happen.
    SiteUrl::parse("https://portal.invalid/").unwrap_or_else(|_| unreachable!())
}

/// Checks a content folder (its `feed.json`) or one feed file; `Err` when it cannot be read at
/// all (not a feed, missing).
pub fn check_path(path: &Path, now: i64) -> Result<Vec<Finding>, Error> {
    let (dir, feed) = if path.is_dir() {
        (path, "feed.json".to_string())
    } else {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        (path.parent().unwrap_or(Path::new(".")), name)
    };
    let site = checking_site();
    let content = read_feed(dir, &feed, &site, None)?;
    Ok(check_content(dir, &content, &site, now))
}

/// What is wrong with `content`, read from `dir` for the site at `site`; `now` in Unix seconds.
pub fn check_content(dir: &Path, content: &Content, site: &SiteUrl, now: i64) -> Vec<Finding> {
    let catalog = &content.catalog;
    // The page's own list, word for word.
    let mut findings: Vec<Finding> = catalog
        .problems
        .iter()
        .map(|problem| {
            let (file, place) = problem
                .place
                .split_once(' ')
                .map_or((problem.place.as_str(), ""), |(f, p)| (f, p));
            Finding {
                severity: Severity::Error,
                file: file.to_string(),
                place: place.to_string(),
                message: problem.message.clone(),
            }
        })
        .collect();
    // Each file looked at once: the items of a 100,000-item archive name the same few
    // pictures 30,000 times. Shared by the threads the items are checked on.
    let looked_at: Mutex<HashMap<String, bool>> = Mutex::default();
    let missing = |url: &str| -> Option<String> {
        let relative = local_file(url, site).ok()?;
        let known = looked_at
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&relative)
            .copied();
        let there = known.unwrap_or_else(|| {
            let there = dir.join(&relative).is_file();
            looked_at
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(relative.clone(), there);
            there
        });
        (!there).then_some(relative)
    };
    let site_info = &catalog.site;
    for (i, tile) in site_info.tiles.iter().enumerate() {
        if let Some(relative) = tile.image.as_deref().and_then(missing) {
            findings.push(warning(
                "feed.json",
                &format!("_portal.tiles[{i}].image"),
                format!("“{relative}” is not in the content folder"),
            ));
        }
    }
    // The share picture is checked here, so by import and by build alike: a link preview
    // without it is a silent loss (WeChat draws a card with no picture, or the page's first).
    // One on another site is not fetched to be checked.
    if let Some(relative) = site_info
        .share_image
        .as_deref()
        .and_then(|url| local_file(url, site).ok())
    {
        let problem = match std::fs::read(dir.join(&relative)) {
            Ok(bytes) => crate::raster::share_image_problem(&bytes),
            Err(_) => Some("is not in the content folder".to_string()),
        };
        if let Some(problem) = problem {
            findings.push(Finding {
                severity: Severity::Error,
                file: "feed.json".into(),
                place: "_portal.share_image".into(),
                message: format!("“{relative}” {problem}"),
            });
        }
    }
    let declared: BTreeSet<&str> = site_info.channels.iter().map(|c| c.slug.as_str()).collect();
    // Each item on every core, its findings in the catalog's order: tokenizing every body for
    // the files it names was 0.25 s of a one-new-item sync at 100,000 items, on one core.
    let per_item = |item: &Arc<Item>| -> Vec<Finding> {
        let mut findings = Vec::new();
        let file = file_of(item, site);
        let place = format!("item “{}”", item.id);
        for (what, url) in local_references(item) {
            if let Some(relative) = missing(&url) {
                findings.push(warning(
                    &file,
                    &place,
                    format!("{what} “{relative}” is not in the content folder"),
                ));
            }
        }
        if let Some(channel) = item.channel.as_deref().filter(|c| !declared.contains(c)) {
            findings.push(warning(
                &file,
                &place,
                format!(
                    "channel “{channel}” is not declared in _portal.channels; the item is in no channel's list"
                ),
            ));
        }
        if let Some(note) = held_note(item, now) {
            findings.push(Finding {
                severity: Severity::Note,
                file: file.clone(),
                place: place.clone(),
                message: note,
            });
        }
        if let Some(date) = item.date.filter(|d| d.0 > now + FUTURE_SLACK_SECONDS) {
            findings.push(warning(
                &file,
                &place,
                format!(
                    "date {} is more than a day ahead: if it is not meant as an embargo, is the source's time zone right?",
                    date.date_time_string()
                ),
            ));
        }
        let article = site_info
            .article_url
            .as_deref()
            .and_then(|t| article_file(t, &ArticleKey::Id(item.id.clone())));
        if let Some(relative) = article
            .map(|a| resolve(&site.content_url("feed.json"), &a))
            .as_deref()
            .and_then(missing)
        {
            findings.push(Finding {
                severity: Severity::Error,
                file: file.clone(),
                place: place.clone(),
                message: format!(
                    "its article file “{relative}” (_portal.article_url) is missing: a deep link to it finds nothing"
                ),
            });
        }
        findings
    };
    let items: Vec<Vec<Finding>> = catalog.all().par_iter().map(per_item).collect();
    findings.extend(items.into_iter().flatten());
    // What a build held back never reached the catalog: listed here, with when it goes out.
    // A preview's catalog holds them too (shown, marked), and they were noted above.
    let in_catalog: BTreeSet<&str> = catalog.all().iter().map(|item| item.id.as_str()).collect();
    for item in content
        .held
        .iter()
        .filter(|item| !in_catalog.contains(item.id.as_str()))
    {
        if let Some(note) = held_note(item, now) {
            findings.push(Finding {
                severity: Severity::Note,
                file: file_of(item, site),
                place: format!("item “{}”", item.id),
                message: note,
            });
        }
    }
    for relative in &content.files {
        let size = std::fs::metadata(dir.join(relative)).map_or(0, |m| m.len());
        if size > LARGE_FILE_BYTES {
            findings.push(warning(
                relative,
                "",
                format!(
                    "{} KB: over {} KB makes readers on a phone wait; split it with next_url",
                    size / 1024,
                    LARGE_FILE_BYTES / 1024
                ),
            ));
        }
    }
    findings
}

/// Why `item` is not published at `now`, if it is not: a draft, or an embargo until its date.
fn held_note(item: &Item, now: i64) -> Option<String> {
    if item.draft {
        return Some("a draft: never published (preview shows it)".into());
    }
    let date = item.date.filter(|d| d.0 > now)?;
    Some(format!(
        "held until {} (Beijing time, {}): dated in the future, it is published by the first build or sync after then",
        date.date_time_string(),
        date.rfc3339_shanghai()
    ))
}

fn warning(file: &str, place: &str, message: String) -> Finding {
    Finding {
        severity: Severity::Warning,
        file: file.to_string(),
        place: place.to_string(),
        message,
    }
}

/// The content file an item was read from, relative to the folder.
fn file_of(item: &Item, site: &SiteUrl) -> String {
    local_file(&item.base, site).unwrap_or_else(|_| item.base.clone())
}

/// The picture and the `src`/`href` values of an item's HTML, resolved against where it was read.
fn local_references(item: &Item) -> Vec<(&'static str, String)> {
    let mut found = Vec::new();
    if let Some(image) = &item.image {
        found.push(("image", image.clone()));
    }
    if let Body::Html(html) = &item.body {
        for token in tokenize(html) {
            let Token::Start { attrs, .. } = token else {
                continue;
            };
            for (name, value) in attrs {
                let what = match name.as_str() {
                    "src" => "picture",
                    "href" => "link",
                    _ => continue,
                };
                found.push((what, resolve(&item.base, &value)));
            }
        }
    }
    found
}
