//! Reading a JSON Feed (1.0 and 1.1) and its `_portal` extension into the portal's model.
//! Errors that make the whole file unusable (not JSON, not a JSON Feed, `items` not an array)
//! are returned as a [`FeedError`] naming the place in the file; an item or an extension field
//! that is wrong is left out and reported as a [`Problem`], so one bad entry never hides the rest.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use super::date::Timestamp;
use super::html::{fold_whitespace, text_content};
use super::url::{portal_link, safe_url, Link, IMAGE_SCHEMES};

/// Items per list page when the feed does not say.
pub const DEFAULT_PAGE_SIZE: usize = 10;
const MAX_PAGE_SIZE: usize = 100;
/// Characters of text a derived title keeps.
const DERIVED_TITLE_CHARS: usize = 32;

/// Why a content file could not be used at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedError {
    /// Where in the file, e.g. `items` or `line 3, column 7`.
    pub place: String,
    pub message: String,
}

impl fmt::Display for FeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.place, self.message)
        }
    }
}

/// Something in a file that was left out; the rest of the file is used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub place: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tile {
    pub title: String,
    pub link: Option<Link>,
    pub image: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Channel {
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InfoPage {
    pub slug: String,
    pub title: String,
    /// Untrusted HTML, sanitised when shown.
    pub content_html: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FooterLink {
    pub title: String,
    pub link: Link,
}

/// A 备案 record line in the footer.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub text: String,
    pub url: Option<String>,
}

/// Everything about the site that is not an item.
#[derive(Clone, Debug, PartialEq)]
pub struct Site {
    pub name: String,
    pub description: Option<String>,
    pub language: String,
    pub slogans: Vec<String>,
    pub tiles: Vec<Tile>,
    pub channels: Vec<Channel>,
    pub pages: Vec<InfoPage>,
    pub footer_links: Vec<FooterLink>,
    pub icp: Option<Record>,
    pub police_record: Option<Record>,
    pub disclaimer: Option<String>,
    pub page_size: usize,
    /// Template with `{id}` for fetching one article on its own.
    pub article_url: Option<String>,
}

impl Site {
    pub fn channel(&self, slug: &str) -> Option<&Channel> {
        self.channels.iter().find(|c| c.slug == slug)
    }

    pub fn page(&self, slug: &str) -> Option<&InfoPage> {
        self.pages.iter().find(|p| p.slug == slug)
    }
}

/// The body of an article, as the feed gives it.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    /// Untrusted HTML, sanitised when shown.
    Html(String),
    Text(String),
    Empty,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub id: String,
    pub title: String,
    /// The feed gave no title; `title` was made from the text.
    pub title_derived: bool,
    /// Link to the original, when it is a safe absolute URL.
    pub url: Option<String>,
    pub summary: Option<String>,
    pub body: Body,
    pub image: Option<String>,
    pub date: Option<Timestamp>,
    pub tags: Vec<String>,
    pub authors: Vec<String>,
    pub channel: Option<String>,
    pub source: Option<String>,
    pub views: Option<u64>,
    pub featured: bool,
    pub sample: bool,
    /// What relative links in the body are resolved against.
    pub base: String,
}

impl Item {
    /// A plain-text teaser: the summary, or the start of the body.
    pub fn teaser(&self, chars: usize) -> String {
        let text = match (&self.summary, &self.body) {
            (Some(s), _) => fold_whitespace(s),
            (None, Body::Html(h)) => text_content(h),
            (None, Body::Text(t)) => fold_whitespace(t),
            (None, Body::Empty) => String::new(),
        };
        truncate_chars(&text, chars)
    }
}

/// One parsed file: a feed's first page, an older page, or a single-article file.
#[derive(Clone, Debug)]
pub struct FeedPage {
    pub site: Site,
    pub items: Vec<Item>,
    pub next_url: Option<String>,
    pub problems: Vec<Problem>,
}

#[derive(Deserialize)]
struct RawFeed {
    version: Option<String>,
    title: Option<String>,
    description: Option<String>,
    home_page_url: Option<String>,
    language: Option<String>,
    next_url: Option<String>,
    items: Vec<Value>,
    #[serde(rename = "_portal")]
    portal: Option<Value>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawPortal {
    site_name: Option<String>,
    slogans: Vec<String>,
    tiles: Vec<RawTile>,
    channels: Vec<RawChannel>,
    pages: Vec<RawPage>,
    footer_links: Vec<RawLink>,
    icp: Option<RawRecord>,
    police_record: Option<RawRecord>,
    disclaimer: Option<String>,
    page_size: Option<u64>,
    article_url: Option<String>,
}

#[derive(Deserialize)]
struct RawTile {
    title: String,
    url: Option<String>,
    image: Option<String>,
}

#[derive(Deserialize)]
struct RawChannel {
    slug: String,
    name: String,
    description: Option<String>,
}

#[derive(Deserialize)]
struct RawPage {
    slug: String,
    title: String,
    #[serde(default)]
    content_html: String,
}

#[derive(Deserialize)]
struct RawLink {
    title: String,
    url: String,
}

#[derive(Deserialize)]
struct RawRecord {
    text: String,
    url: Option<String>,
}

#[derive(Deserialize)]
struct RawItem {
    id: Option<Value>,
    url: Option<String>,
    external_url: Option<String>,
    title: Option<String>,
    content_html: Option<String>,
    content_text: Option<String>,
    summary: Option<String>,
    image: Option<String>,
    banner_image: Option<String>,
    date_published: Option<String>,
    date_modified: Option<String>,
    tags: Option<Vec<String>>,
    authors: Option<Vec<RawAuthor>>,
    author: Option<RawAuthor>,
    #[serde(rename = "_portal")]
    portal: Option<RawItemPortal>,
}

#[derive(Deserialize)]
struct RawAuthor {
    name: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawItemPortal {
    channel: Option<String>,
    source: Option<String>,
    views: Option<u64>,
    featured: bool,
    sample: bool,
}

/// Deserialises `value`, naming the path of the first wrong field in the error.
fn typed<T: DeserializeOwned>(value: Value, prefix: &str) -> Result<T, Problem> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let place = match (prefix.is_empty(), path.as_str()) {
            (_, ".") => prefix.to_string(),
            (true, p) => p.to_string(),
            (false, p) if p.starts_with('[') => format!("{prefix}{p}"),
            (false, p) => format!("{prefix}.{p}"),
        };
        Problem {
            place,
            message: explain(&e.into_inner().to_string()),
        }
    })
}

/// serde's messages, in the words an editor reads them.
fn explain(message: &str) -> String {
    message
        .replace("invalid type: ", "wrong type: found ")
        .replace("invalid value: ", "wrong value: found ")
        .replace(", expected a sequence", ", expected an array")
        .replace(", expected a map", ", expected an object")
}

/// Parses one content file. `feed_url` is the absolute URL it was fetched from: relative URLs
/// in it are resolved against it (or against `home_page_url` for items, when the feed has one).
pub fn parse_feed(text: &str, feed_url: &str) -> Result<FeedPage, FeedError> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let message = if e.is_eof() {
            "the file ends too early (truncated JSON)".to_string()
        } else {
            format!("not valid JSON ({})", strip_position(&e.to_string()))
        };
        FeedError {
            place: format!("line {}, column {}", e.line(), e.column()),
            message,
        }
    })?;
    if !value.is_object() {
        return Err(FeedError {
            place: String::new(),
            message: "expected a JSON Feed object at the top level".into(),
        });
    }
    let raw: RawFeed = typed(value, "").map_err(|p| FeedError {
        place: p.place,
        message: p.message,
    })?;
    match raw.version.as_deref() {
        Some(v)
            if v.starts_with("https://jsonfeed.org/version/1")
                || v.starts_with("http://jsonfeed.org/version/1") => {}
        Some(v) => {
            return Err(FeedError {
                place: "version".into(),
                message: format!("“{v}” is not a JSON Feed version this portal reads (1 or 1.1)"),
            })
        }
        None => {
            return Err(FeedError {
                place: "version".into(),
                message: "missing: this is not a JSON Feed".into(),
            })
        }
    }
    let mut problems = Vec::new();
    let portal = match raw.portal.map(|v| typed::<RawPortal>(v, "_portal")) {
        Some(Ok(p)) => p,
        Some(Err(problem)) => {
            problems.push(Problem {
                place: problem.place,
                message: format!("{}; the _portal extension is ignored", problem.message),
            });
            RawPortal::default()
        }
        None => RawPortal::default(),
    };
    let item_base = raw
        .home_page_url
        .as_deref()
        .and_then(|h| safe_url(h, feed_url, &["http", "https"]))
        .unwrap_or_else(|| feed_url.to_string());
    let site = build_site(portal, raw.title, raw.description, raw.language, feed_url);
    let items = raw
        .items
        .into_iter()
        .enumerate()
        .filter_map(
            |(index, value)| match read_item(value, index, &item_base, &mut problems) {
                Ok(item) => item,
                Err(problem) => {
                    problems.push(problem);
                    None
                }
            },
        )
        .collect();
    let next_url = raw
        .next_url
        .and_then(|n| safe_url(&n, feed_url, &["http", "https"]));
    Ok(FeedPage {
        site,
        items,
        next_url,
        problems,
    })
}

/// serde_json appends "at line X column Y"; the place is reported separately.
fn strip_position(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}

fn build_site(
    portal: RawPortal,
    title: Option<String>,
    description: Option<String>,
    language: Option<String>,
    feed_url: &str,
) -> Site {
    let nonempty = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let record = |r: RawRecord, default_url: Option<&str>| Record {
        text: r.text,
        url: r
            .url
            .as_deref()
            .or(default_url)
            .and_then(|u| safe_url(u, feed_url, &["http", "https"])),
    };
    Site {
        name: nonempty(portal.site_name)
            .or_else(|| nonempty(title))
            .unwrap_or_else(|| "资讯门户".to_string()),
        description: nonempty(description),
        language: nonempty(language).unwrap_or_else(|| "zh-CN".to_string()),
        slogans: portal
            .slogans
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .collect(),
        tiles: portal
            .tiles
            .into_iter()
            .map(|t| Tile {
                link: t.url.as_deref().and_then(portal_link),
                image: t.image.and_then(|i| safe_url(&i, feed_url, IMAGE_SCHEMES)),
                title: t.title,
            })
            .collect(),
        channels: portal
            .channels
            .into_iter()
            .filter(|c| !c.slug.is_empty())
            .map(|c| Channel {
                slug: c.slug,
                name: c.name,
                description: c.description,
            })
            .collect(),
        pages: portal
            .pages
            .into_iter()
            .map(|p| InfoPage {
                slug: p.slug,
                title: p.title,
                content_html: p.content_html,
            })
            .collect(),
        footer_links: portal
            .footer_links
            .into_iter()
            .filter_map(|l| {
                Some(FooterLink {
                    link: portal_link(&l.url)?,
                    title: l.title,
                })
            })
            .collect(),
        icp: portal
            .icp
            .map(|r| record(r, Some("https://beian.miit.gov.cn/"))),
        police_record: portal.police_record.map(|r| record(r, None)),
        disclaimer: nonempty(portal.disclaimer),
        page_size: portal
            .page_size
            .map_or(DEFAULT_PAGE_SIZE, |n| (n as usize).clamp(1, MAX_PAGE_SIZE)),
        article_url: nonempty(portal.article_url).filter(|t| t.contains("{id}")),
    }
}

/// Reads one item; `Ok(None)` for an item the spec says to drop (no id).
fn read_item(
    value: Value,
    index: usize,
    base: &str,
    problems: &mut Vec<Problem>,
) -> Result<Option<Item>, Problem> {
    let place = format!("items[{index}]");
    let raw: RawItem = typed(value, &place)?;
    let id = match raw.id {
        Some(Value::String(s)) if !s.trim().is_empty() => s,
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(_)) | None | Some(Value::Null) => {
            problems.push(Problem {
                place,
                message: "no id: the item is left out".into(),
            });
            return Ok(None);
        }
        Some(other) => {
            return Err(Problem {
                place: format!("{place}.id"),
                message: format!("wrong type: found {}, expected a string", json_kind(&other)),
            })
        }
    };
    let mut date = None;
    for (field, text) in [
        ("date_published", &raw.date_published),
        ("date_modified", &raw.date_modified),
    ] {
        let Some(text) = text else { continue };
        match Timestamp::parse_rfc3339(text) {
            Ok(t) => {
                date = date.or(Some(t));
            }
            Err(e) => problems.push(Problem {
                place: format!("{place}.{field}"),
                message: format!("“{text}” is not an RFC 3339 date ({e}); the date is not shown"),
            }),
        }
    }
    let url = raw
        .url
        .or(raw.external_url)
        .and_then(|u| safe_url(&u, base, &["http", "https"]));
    let body = match (raw.content_html, raw.content_text) {
        (Some(h), _) if !h.trim().is_empty() => Body::Html(h),
        (_, Some(t)) if !t.trim().is_empty() => Body::Text(t),
        _ => Body::Empty,
    };
    let summary = raw
        .summary
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let given_title = raw
        .title
        .map(|t| fold_whitespace(&t))
        .filter(|t| !t.is_empty());
    let title_derived = given_title.is_none();
    let portal = raw.portal.unwrap_or_default();
    let mut authors: Vec<String> = raw
        .authors
        .unwrap_or_default()
        .into_iter()
        .chain(raw.author)
        .filter_map(|a| a.name)
        .collect();
    authors.dedup();
    let mut tags: Vec<String> = Vec::new();
    for tag in raw.tags.unwrap_or_default() {
        let tag = fold_whitespace(&tag);
        if !tag.is_empty() && !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    let mut item = Item {
        title: given_title.unwrap_or_default(),
        title_derived,
        image: raw
            .image
            .or(raw.banner_image)
            .and_then(|i| safe_url(&i, base, IMAGE_SCHEMES)),
        base: url.clone().unwrap_or_else(|| base.to_string()),
        id,
        url,
        summary,
        body,
        date,
        tags,
        authors,
        channel: portal.channel.filter(|c| !c.is_empty()),
        source: portal.source.filter(|s| !s.trim().is_empty()),
        views: portal.views,
        featured: portal.featured,
        sample: portal.sample,
    };
    if item.title_derived {
        let text = item.teaser(DERIVED_TITLE_CHARS);
        item.title = if text.is_empty() {
            "（无标题）".to_string()
        } else {
            text
        };
    }
    Ok(Some(item))
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Cuts `text` to at most `chars` characters, ending with `…` when it was cut.
pub fn truncate_chars(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((end, _)) => format!("{}…", text[..end].trim_end()),
        None => text.to_string(),
    }
}
