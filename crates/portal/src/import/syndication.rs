//! RSS 2.0, RSS 1.0 and Atom 1.0, read with feed-rs, mapped to the portal's [`Item`]:
//!
//! | feed | item |
//! | --- | --- |
//! | `guid` / `id` | `id`; without one, its link; without a link, `t` and the FNV-1a hash of its title and date |
//! | `link` | `url` (the first http(s) link that is not `self`, `enclosure`, …) |
//! | `content:encoded` / `content`, else `description` / `summary` | the body (HTML) |
//! | `description` / `summary`, when there is a body besides | `summary`, as text |
//! | `pubDate` / `published`, else `updated` / `dc:date` | `date_published` ([`super::dates`]) |
//! | `category` / `term` | `tags` |
//! | `dc:creator` / `author` | `authors` |
//! | `enclosure` / `media:content` of a picture, `media:thumbnail`, else the body's first `<img>` | `image` |
//! | `dc:*`, `category domain=…`, as the site file's `[disclosure]` says | 信息公开 ([`super::disclosure`]) |

use chrono_tz::Tz;
use feed_rs::model::{Entry, Feed, FeedType};

use super::dates::{names_zone, read_date};
use portal_core::html::sanitize::{sanitize, Origin};
use portal_core::html::{text_content, tokenize, Token};
use portal_core::model::date::Timestamp;
use portal_core::model::url::{resolve, safe_url, IMAGE_SCHEMES};
use portal_core::model::{Body, Item};
use portal_core::text::fnv1a;

/// What a syndication feed gave.
pub struct Syndicated {
    pub format: &'static str,
    pub title: Option<String>,
    pub description: Option<String>,
    pub items: Vec<Item>,
    /// Entries that had neither a title nor readable text, left out.
    pub empty: usize,
    /// Entries kept with no readable text (a title and a link to the original).
    pub unreadable: usize,
    /// Entries whose date could not be read.
    pub undated: usize,
    /// Dates that named no zone or offset, read in the site's time zone.
    pub zone_less: usize,
}

/// Parses `text` (UTF-8, its declaration saying so) read from `base`, dates without a zone in
/// `zone`; the error in words an editor can act on.
pub(crate) fn read(text: &str, base: &str, zone: Tz) -> Result<Syndicated, String> {
    let zone_less = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = zone_less.clone();
    let parser = feed_rs::parser::Builder::new()
        .base_uri(Some(base))
        // An entry without an id gets one of ours (see the table above), not feed-rs's.
        .id_generator(|_, _, _| String::new())
        .timestamp_parser(move |date| {
            if !names_zone(date) {
                counted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            read_date(date, zone).and_then(|t| chrono::DateTime::from_timestamp(t.0, 0))
        })
        .build();
    let feed = parser.parse(text.as_bytes()).map_err(describe_error)?;
    let mut read = map_feed(feed, base);
    read.zone_less = zone_less.load(std::sync::atomic::Ordering::Relaxed);
    Ok(read)
}

fn describe_error(error: feed_rs::parser::ParseFeedError) -> String {
    let said = error.to_string();
    let lower = said.to_ascii_lowercase();
    // quick-xml words a cut-off file several ways: "unexpected EOF", "… not closed …
    // before end of input" (an open CDATA or comment), "end of file".
    let truncated = [
        "eof",
        "end of file",
        "unexpected end",
        "end of input",
        "not closed",
    ];
    if truncated.iter().any(|sign| lower.contains(sign)) {
        "the file ends too early (truncated XML)".to_string()
    } else if lower.contains("no feed root") || lower.contains("nofeedroot") {
        "XML, but neither RSS nor Atom (no <rss>, <feed> or <rdf:RDF> at its root)".to_string()
    } else {
        format!("not a feed this portal reads ({said})")
    }
}

fn map_feed(feed: Feed, base: &str) -> Syndicated {
    let format = match feed.feed_type {
        FeedType::Atom => "Atom 1.0",
        FeedType::RSS1 => "RSS 1.0",
        FeedType::RSS2 => "RSS 2.0",
        FeedType::RSS0 => "RSS 0.9x",
        FeedType::JSON => "JSON Feed",
    };
    let mut out = Syndicated {
        format,
        title: feed
            .title
            .map(|t| plain(&t.content))
            .filter(|t| !t.is_empty()),
        description: feed
            .description
            .map(|t| plain(&t.content))
            .filter(|t| !t.is_empty()),
        items: Vec::new(),
        empty: 0,
        unreadable: 0,
        undated: 0,
        zone_less: 0,
    };
    for entry in feed.entries {
        match map_entry(entry, base) {
            Mapped::Item(item, readable) => {
                if item.date.is_none() {
                    out.undated += 1;
                }
                if !readable {
                    out.unreadable += 1;
                }
                out.items.push(*item);
            }
            Mapped::Empty => out.empty += 1,
        }
    }
    out
}

enum Mapped {
    /// The item, and whether it has readable text.
    Item(Box<Item>, bool),
    /// Neither a title nor readable text: nothing to show.
    Empty,
}

fn map_entry(entry: Entry, base: &str) -> Mapped {
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .and_then(|l| safe_url(&l.href, base, &["http", "https"]));
    let item_base = link.clone().unwrap_or_else(|| base.to_string());
    let content = entry.content.as_ref().and_then(|c| c.body.clone());
    let summary_html = entry.summary.as_ref().map(|s| s.content.clone());
    // The body, and the summary besides it when both are given.
    let (body_html, summary_html) = match (content, summary_html) {
        (Some(content), summary) if has_text(&content, &item_base) => (Some(content), summary),
        (_, Some(summary)) => (Some(summary), None),
        (content, None) => (content, None),
    };
    let readable = body_html
        .as_deref()
        .is_some_and(|html| has_text(html, &item_base));
    let summary = summary_html
        .map(|html| readable_text(&html, &item_base))
        .filter(|s| !s.is_empty());
    let title = entry
        .title
        .as_ref()
        .map(|t| plain(&t.content))
        .filter(|t| !t.is_empty());
    if title.is_none() && !readable {
        return Mapped::Empty;
    }
    let date = entry
        .published
        .or(entry.updated)
        .map(|d| Timestamp(d.timestamp()));
    // Atom's `updated` after `published`: when it last changed.
    let modified = entry
        .updated
        .map(|d| Timestamp(d.timestamp()))
        .filter(|m| date.is_some_and(|d| m.0 > d.0));
    let id = if !entry.id.trim().is_empty() {
        entry.id.trim().to_string()
    } else if let Some(link) = &link {
        link.clone()
    } else {
        let key = format!(
            "{}\u{0}{}",
            title.as_deref().unwrap_or_default(),
            date.map(|d| d.0).unwrap_or_default()
        );
        format!("t{:016x}", fnv1a(key.as_bytes()))
    };
    let image = picture(&entry, body_html.as_deref(), &item_base);
    let mut tags: Vec<String> = Vec::new();
    for category in &entry.categories {
        let tag = plain(category.label.as_deref().unwrap_or(&category.term));
        if !tag.is_empty() && !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    let mut authors: Vec<String> = entry
        .authors
        .iter()
        .filter_map(|a| a.name.as_deref().map(plain))
        .filter(|a| !a.is_empty())
        .collect();
    authors.dedup();
    let body = match body_html {
        Some(html) if readable => Body::Html(html),
        _ => Body::Empty,
    };
    let mut item = Item {
        id,
        title: title.clone().unwrap_or_default(),
        title_derived: title.is_none(),
        url: link,
        summary,
        body,
        image,
        date,
        modified,
        tags,
        authors,
        channel: None,
        source: None,
        views: None,
        featured: false,
        sample: false,
        draft: false,
        excerpt: false,
        editor: None,
        disclosure: None,
        attachments: Vec::new(),
        related: Vec::new(),
        base: item_base,
    };
    if item.title_derived {
        item.title = item.teaser(32);
    }
    Mapped::Item(Box::new(item), readable)
}

/// The entry's picture: a picture enclosure or media object, its thumbnail, else the first
/// `<img>` of its body the portal's sanitiser keeps.
fn picture(entry: &Entry, body: Option<&str>, base: &str) -> Option<String> {
    let media = entry.media.iter().find_map(|m| {
        m.content
            .iter()
            .filter(|c| c.content_type.as_ref().is_none_or(|t| t.ty() == "image"))
            .find_map(|c| c.url.as_ref().map(|u| u.to_string()))
            .or_else(|| m.thumbnails.first().map(|t| t.image.uri.clone()))
    });
    media
        .and_then(|u| safe_url(&u, base, IMAGE_SCHEMES))
        .or_else(|| {
            let clean = sanitize(body?, Origin { base, site: base });
            tokenize(&clean).into_iter().find_map(|token| match token {
                Token::Start { name, attrs } if name == "img" => attrs
                    .into_iter()
                    .find(|(n, _)| n == "src")
                    .map(|(_, v)| resolve(base, &v)),
                _ => None,
            })
        })
}

/// Whether `html`, once sanitised as the portal shows it, has any text to read.
fn has_text(html: &str, base: &str) -> bool {
    !readable_text(html, base).is_empty()
}

/// The text of `html` as the portal would show it: sanitised, tags stripped, spaces folded.
fn readable_text(html: &str, base: &str) -> String {
    text_content(&sanitize(html, Origin { base, site: base }))
}

/// A title or name: its HTML (Atom's `type="html"`) read as text.
fn plain(text: &str) -> String {
    text_content(text)
}
