//! Reading a JSON Feed (1.0 and 1.1) and its `_portal` extension into the portal's model.
//! Errors that make the whole file unusable (not JSON, not a JSON Feed, `items` not an array)
//! are returned as a [`FeedError`] naming the place in the file; a field of the wrong type is
//! left out and reported as a [`Problem`] with its path (`items[3].title`), so one bad entry
//! never hides the rest.
//!
//! The fields are read from a `serde_json::Value` by hand rather than through derived
//! `Deserialize` types: that reports every wrong field instead of the first, keeps an item whose
//! only fault is one field, and costs a fraction of the wasm that derived visitors cost.

pub mod write;

use std::fmt;

use serde_json::{Map, Value};

use crate::html::{fold_whitespace, text_content};
use crate::model::date::Timestamp;
use crate::model::url::{portal_link, safe_url, Link, IMAGE_SCHEMES};
use crate::text::truncate_chars;

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

impl std::error::Error for FeedError {}

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
    /// The channel's own feed (absolute), newest first and paged by `next_url`: its list reads
    /// that instead of walking the main feed for the channel's items.
    pub feed_url: Option<String>,
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

/// A file an article offers for download (JSON Feed `attachments`).
#[derive(Clone, Debug, PartialEq, Hash)]
pub struct Attachment {
    pub url: String,
    pub mime_type: String,
    pub title: Option<String>,
    pub size_in_bytes: Option<u64>,
}

/// The 党政机关 / 事业单位 mark of a government site: a picture linking to its verification page.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteMark {
    pub image: String,
    pub url: String,
    pub title: String,
}

/// A 备案 record line in the footer.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub text: String,
    pub url: Option<String>,
}

/// The format of the folder `portal build` packs, written as `_portal.packed_format` in its
/// first page. It changes when files are renamed, so that an app still running in a reader's
/// service worker, which would ask for the old names, sees the difference and reloads instead
/// of reading the wrong list. 2: a list's older files are `<name>@<k>.json`
/// ([`super::url::older_list_file`]); before, `<name>-<k>.json` could be another tag's first
/// page (tags `T` and `T-1`).
pub const PACKED_FORMAT: u64 = 2;

/// The key of [`PACKED_FORMAT`] in `_portal`.
pub const PACKED_FORMAT_KEY: &str = "packed_format";

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
    /// 网站标识码: the government-site identification code (e.g. `3300000001`), in the footer and
    /// in each published page's `SiteIDCode` meta tag.
    pub site_id_code: Option<String>,
    pub page_size: usize,
    /// Template with `{id}` for fetching one article on its own.
    pub article_url: Option<String>,
    /// Template with `{segment}` (the tag as [`super::url::encode_segment`] writes it) for a
    /// tag's own paged feed, as `portal build` writes them: a tag's list reads that instead of
    /// walking the main feed.
    pub tag_feed_url: Option<String>,
    /// Every tag of the whole archive with its number of items, when the feed declares them
    /// (`_portal.tags`, written by `portal build`); else the sitemap counts the items loaded.
    pub tag_counts: Option<Vec<(String, u64)>>,
    /// The search index's manifest (`_portal.search_index`, written by `portal build`),
    /// relative to the feed; `None`: search covers the items loaded.
    pub search_index: Option<String>,
    /// The format of a folder packed by `portal build` (`_portal.packed_format`): see
    /// [`PACKED_FORMAT`]. `None` for authored content.
    pub packed_format: Option<u64>,
    /// [`crate::text::content_hash`] of the file this was read from, which the search index
    /// records of the feed it was built with: when they differ the index is out of date. Empty
    /// for a page without `_portal`, which declares no site (an older page of the feed).
    pub content_hash: String,
    /// Where readers report a mistake (【我要纠错】): a `mailto:` or an http(s) URL.
    pub corrections: Option<String>,
    /// 主办单位 and 联系方式, in the footer.
    pub organizer: Option<String>,
    pub contact: Option<String>,
    /// The 党政机关 / 事业单位 mark, in the footer.
    pub site_mark: Option<SiteMark>,
    /// The picture a link preview shows (`og:image`) for a page without a raster picture of its
    /// own: WeChat's share card ignores SVG. A PNG or JPEG, checked by the publisher.
    pub share_image: Option<String>,
    /// Where the visit counter answers (`_portal.counter`, from the site file only): a path
    /// under the site's base ending in `/` (`api/`); `None`: no counter, the feed's numbers.
    pub counter: Option<String>,
    /// The site's IANA time zone (`_portal.timezone`, from the site file), in which the
    /// counter's days end.
    pub timezone: Option<String>,
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
#[derive(Clone, Debug, PartialEq, Hash)]
pub enum Body {
    /// Untrusted HTML, sanitised when shown.
    Html(String),
    Text(String),
    Empty,
}

/// `Hash` lets the publisher tell that an item is the same as at its last build (its article
/// file is then linked, not written again: crates/portal/src/pack.rs).
#[derive(Clone, Debug, PartialEq, Hash)]
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
    /// When it last changed (`date_modified`), when that is known and not its `date`.
    pub modified: Option<Timestamp>,
    pub tags: Vec<String>,
    pub authors: Vec<String>,
    pub channel: Option<String>,
    pub source: Option<String>,
    pub views: Option<u64>,
    pub featured: bool,
    pub sample: bool,
    /// Never published (`_portal.draft`): `portal build` leaves it out, preview shows it.
    pub draft: bool,
    /// The body is only an excerpt (`_portal.excerpt`): the item as a list shows it. The whole
    /// item is in its own file (`_portal.article_url`), which the article page reads.
    pub excerpt: bool,
    /// 责任编辑 (`_portal.editor`).
    pub editor: Option<String>,
    /// 信息公开 metadata (索引号, 发布机构, …), when the feed gives any.
    pub disclosure: Option<Box<Disclosure>>,
    /// 相关附件: JSON Feed `attachments` with a safe URL.
    pub attachments: Vec<Attachment>,
    /// 相关阅读 as the publisher chose them over the whole archive (`_portal.related`, ids);
    /// empty: the app chooses among the items loaded.
    pub related: Vec<String>,
    /// What relative links in the body are resolved against.
    pub base: String,
}

/// 信息公开 metadata of a government document, optional `_portal` item fields: the standard
/// table above the article's body shows them, and the head's government meta tags those they
/// have a field for. Each is plain text as the feed gives it (escaped where it is written).
#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct Disclosure {
    /// 索引号 (`index_number`).
    pub index_number: Option<String>,
    /// 发布机构 (`issuer`).
    pub issuer: Option<String>,
    /// 成文日期 (`written`), as the feed writes it (`2021-09-02`, `2021年9月2日`).
    pub written: Option<String>,
    /// 文号 (`document_number`: 浙科发〔2021〕12号).
    pub document_number: Option<String>,
    /// 主题词 (`subjects`).
    pub subjects: Vec<String>,
    /// 有效性 (`validity`: 有效, 失效, 废止).
    pub validity: Option<String>,
}

impl Disclosure {
    /// The `_portal` keys, in the order the standard table shows them, with their labels.
    pub const FIELDS: [(&'static str, &'static str); 6] = [
        ("index_number", "索引号"),
        ("issuer", "发布机构"),
        ("written", "成文日期"),
        ("document_number", "文号"),
        ("subjects", "主题词"),
        ("validity", "有效性"),
    ];

    /// Reads the fields from an item's `_portal`; `None` when it has none of them.
    fn read(portal: &Fields<'_>, problems: &mut Vec<Problem>) -> Option<Box<Self>> {
        let mut text = |key| nonempty(portal.string(key, problems));
        let disclosure = Disclosure {
            index_number: text("index_number"),
            issuer: text("issuer"),
            written: text("written"),
            document_number: text("document_number"),
            validity: text("validity"),
            subjects: portal
                .strings("subjects", problems)
                .iter()
                .map(|s| fold_whitespace(s))
                .filter(|s| !s.is_empty())
                .collect(),
        };
        (disclosure != Disclosure::default()).then(|| Box::new(disclosure))
    }

    /// The fields that are set, as (`_portal` key, label, text) in the table's order; 主题词
    /// joined by spaces.
    pub fn rows(&self) -> Vec<(&'static str, &'static str, String)> {
        let subjects = (!self.subjects.is_empty()).then(|| self.subjects.join(" "));
        let values = [
            self.index_number.clone(),
            self.issuer.clone(),
            self.written.clone(),
            self.document_number.clone(),
            subjects,
            self.validity.clone(),
        ];
        Self::FIELDS
            .iter()
            .zip(values)
            .filter_map(|((key, label), value)| Some((*key, *label, value?)))
            .collect()
    }
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
    /// Items the pages of this file show besides its own (`_portal.context`): the lists of the
    /// whole archive (推荐, 点击排行, each channel's newest) on a feed's first page, an article's
    /// neighbours in its own file. Not part of the file's list.
    pub context: Vec<Item>,
    /// How many items the whole list has (`_portal.total_items` on a list's first page), so
    /// its pager is right before the later pages are read.
    pub total_items: Option<usize>,
    pub next_url: Option<String>,
    pub problems: Vec<Problem>,
}

/// Reads typed fields of one JSON object, reporting each wrong one as a [`Problem`] and
/// going on without it: a wrong field never costs more than itself.
struct Fields<'a> {
    object: &'a Map<String, Value>,
    place: String,
}

impl<'a> Fields<'a> {
    fn new(value: &'a Value, place: String, problems: &mut Vec<Problem>) -> Option<Self> {
        match value {
            Value::Object(object) => Some(Fields { object, place }),
            other => {
                problems.push(wrong_type(&place, other, "an object"));
                None
            }
        }
    }

    fn place(&self, key: &str) -> String {
        if self.place.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.place)
        }
    }

    /// The field, or `None` when it is absent or `null`.
    fn get(&self, key: &str) -> Option<&'a Value> {
        self.object.get(key).filter(|v| !v.is_null())
    }

    fn string(&self, key: &str, problems: &mut Vec<Problem>) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s.clone()),
            other => {
                problems.push(wrong_type(&self.place(key), other, "a string"));
                None
            }
        }
    }

    fn array(&self, key: &str, problems: &mut Vec<Problem>) -> &'a [Value] {
        match self.get(key) {
            None => &[],
            Some(Value::Array(items)) => items,
            Some(other) => {
                problems.push(wrong_type(&self.place(key), other, "an array"));
                &[]
            }
        }
    }

    fn strings(&self, key: &str, problems: &mut Vec<Problem>) -> Vec<String> {
        let mut out = Vec::new();
        for (i, value) in self.array(key, problems).iter().enumerate() {
            match value {
                Value::String(s) => out.push(s.clone()),
                other => problems.push(wrong_type(
                    &format!("{}[{i}]", self.place(key)),
                    other,
                    "a string",
                )),
            }
        }
        out
    }

    /// The objects of an array field, each with its place for messages.
    fn objects(&self, key: &str, problems: &mut Vec<Problem>) -> Vec<Fields<'a>> {
        let place = self.place(key);
        self.array(key, problems)
            .iter()
            .enumerate()
            .filter_map(|(i, v)| Fields::new(v, format!("{place}[{i}]"), problems))
            .collect()
    }

    fn object(&self, key: &str, problems: &mut Vec<Problem>) -> Option<Fields<'a>> {
        Fields::new(self.get(key)?, self.place(key), problems)
    }

    fn count(&self, key: &str, problems: &mut Vec<Problem>) -> Option<u64> {
        let value = self.get(key)?;
        let count = value.as_u64();
        if count.is_none() {
            let message = match value {
                Value::Number(n) => {
                    format!("wrong value: found {n}, expected a whole number of at least 0")
                }
                other => format!("wrong type: found {}, expected a number", json_kind(other)),
            };
            problems.push(Problem {
                place: self.place(key),
                message,
            });
        }
        count
    }

    fn flag(&self, key: &str, problems: &mut Vec<Problem>) -> bool {
        match self.get(key) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                problems.push(wrong_type(&self.place(key), other, "true or false"));
                false
            }
        }
    }

    /// A required text field of an extension entry: missing or empty leaves the entry out.
    fn required(&self, key: &str, problems: &mut Vec<Problem>) -> Option<String> {
        let value = self.string(key, problems).filter(|s| !s.trim().is_empty());
        if value.is_none() && self.get(key).is_none_or(|v| v.is_string()) {
            problems.push(Problem {
                place: self.place(key),
                message: "missing: the entry is left out".into(),
            });
        }
        value
    }
}

fn wrong_type(place: &str, found: &Value, expected: &str) -> Problem {
    Problem {
        place: place.to_string(),
        message: format!(
            "wrong type: found {}, expected {expected}",
            json_kind(found)
        ),
    }
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
    let fatal = |p: Problem| FeedError {
        place: p.place,
        message: p.message,
    };
    let mut problems = Vec::new();
    let Some(feed) = Fields::new(&value, String::new(), &mut problems) else {
        return Err(FeedError {
            place: String::new(),
            message: "expected a JSON Feed object at the top level".into(),
        });
    };
    match feed.get("version") {
        Some(Value::String(v))
            if v.starts_with("https://jsonfeed.org/version/1")
                || v.starts_with("http://jsonfeed.org/version/1") => {}
        Some(Value::String(v)) => {
            return Err(FeedError {
                place: "version".into(),
                message: format!("“{v}” is not a JSON Feed version this portal reads (1 or 1.1)"),
            })
        }
        Some(other) => return Err(fatal(wrong_type("version", other, "a string"))),
        None => {
            return Err(FeedError {
                place: "version".into(),
                message: "missing: this is not a JSON Feed".into(),
            })
        }
    }
    let items = match feed.get("items") {
        Some(Value::Array(items)) => items,
        Some(other) => return Err(fatal(wrong_type("items", other, "an array"))),
        None => {
            return Err(FeedError {
                place: "items".into(),
                message: "missing: a JSON Feed lists its items".into(),
            })
        }
    };
    let item_base = feed
        .string("home_page_url", &mut problems)
        .and_then(|h| safe_url(&h, feed_url, &["http", "https"]))
        .unwrap_or_else(|| feed_url.to_string());
    let mut site = read_site(&feed, feed_url, &mut problems);
    // Only a page that declares the site (a first page: the site's settings are in its
    // `_portal`) has its hash compared, by the search index's manifest. At 100k items a sync
    // read the 1,000 pages three times, and hashing them all was 3.9% of its samples (perf).
    if feed.get("_portal").is_some() {
        site.content_hash = crate::text::content_hash(text.as_bytes());
    }
    let items = items
        .iter()
        .enumerate()
        .filter_map(|(index, value)| {
            read_item(value, format!("items[{index}]"), &item_base, &mut problems)
        })
        .collect();
    let portal = feed.object("_portal", &mut Vec::new());
    let context = portal
        .as_ref()
        .map(|p| {
            p.array("context", &mut problems)
                .iter()
                .enumerate()
                .filter_map(|(index, value)| {
                    let place = format!("_portal.context[{index}]");
                    read_item(value, place, &item_base, &mut problems)
                })
                .collect()
        })
        .unwrap_or_default();
    let total_items = portal
        .as_ref()
        .and_then(|p| p.count("total_items", &mut problems))
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    let next_url = feed
        .string("next_url", &mut problems)
        .and_then(|n| safe_url(&n, feed_url, &["http", "https"]));
    Ok(FeedPage {
        site,
        items,
        context,
        total_items,
        next_url,
        problems,
    })
}

/// serde_json appends "at line X column Y"; the place is reported separately.
fn strip_position(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn read_site(feed: &Fields<'_>, feed_url: &str, problems: &mut Vec<Problem>) -> Site {
    let title = nonempty(feed.string("title", problems));
    let description = nonempty(feed.string("description", problems));
    let language = nonempty(feed.string("language", problems));
    let portal = feed.object("_portal", problems);
    let Some(portal) = portal else {
        return Site {
            name: title.unwrap_or_else(|| "资讯门户".to_string()),
            description,
            language: language.unwrap_or_else(|| "zh-CN".to_string()),
            slogans: Vec::new(),
            tiles: Vec::new(),
            channels: Vec::new(),
            pages: Vec::new(),
            footer_links: Vec::new(),
            icp: None,
            police_record: None,
            disclaimer: None,
            site_id_code: None,
            page_size: DEFAULT_PAGE_SIZE,
            article_url: None,
            tag_feed_url: None,
            tag_counts: None,
            search_index: None,
            packed_format: None,
            content_hash: String::new(),
            corrections: None,
            organizer: None,
            contact: None,
            site_mark: None,
            share_image: None,
            counter: None,
            timezone: None,
        };
    };
    let record = |key: &str, default_url: Option<&str>, problems: &mut Vec<Problem>| {
        let entry = portal.object(key, problems)?;
        let text = entry.required("text", problems)?;
        let url = entry.string("url", problems);
        Some(Record {
            text,
            url: url
                .as_deref()
                .or(default_url)
                .and_then(|u| safe_url(u, feed_url, &["http", "https"])),
        })
    };
    let tiles = portal
        .objects("tiles", problems)
        .iter()
        .filter_map(|t| {
            Some(Tile {
                title: t.required("title", problems)?,
                link: t.string("url", problems).as_deref().and_then(portal_link),
                image: t
                    .string("image", problems)
                    .and_then(|i| safe_url(&i, feed_url, IMAGE_SCHEMES)),
            })
        })
        .collect();
    let channels = portal
        .objects("channels", problems)
        .iter()
        .filter_map(|c| {
            Some(Channel {
                slug: c.required("slug", problems)?,
                name: c.required("name", problems)?,
                description: nonempty(c.string("description", problems)),
                feed_url: c
                    .string("feed_url", problems)
                    .and_then(|u| safe_url(&u, feed_url, &["http", "https"])),
            })
        })
        .collect();
    let pages = portal
        .objects("pages", problems)
        .iter()
        .filter_map(|p| {
            Some(InfoPage {
                slug: p.required("slug", problems)?,
                title: p.required("title", problems)?,
                content_html: p.string("content_html", problems).unwrap_or_default(),
            })
        })
        .collect();
    let footer_links = portal
        .objects("footer_links", problems)
        .iter()
        .filter_map(|l| {
            let title = l.required("title", problems)?;
            let url = l.required("url", problems)?;
            let link = portal_link(&url);
            if link.is_none() {
                problems.push(Problem {
                    place: l.place("url"),
                    message: format!("“{url}” is neither a portal path nor an http(s) or mailto URL; the link is left out"),
                });
            }
            Some(FooterLink { title, link: link? })
        })
        .collect();
    Site {
        name: nonempty(portal.string("site_name", problems))
            .or(title)
            .unwrap_or_else(|| "资讯门户".to_string()),
        description,
        language: language.unwrap_or_else(|| "zh-CN".to_string()),
        slogans: portal
            .strings("slogans", problems)
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .collect(),
        tiles,
        channels,
        pages,
        footer_links,
        icp: record("icp", Some("https://beian.miit.gov.cn/"), problems),
        police_record: record("police_record", None, problems),
        disclaimer: nonempty(portal.string("disclaimer", problems)),
        site_id_code: nonempty(portal.string("site_id_code", problems)),
        page_size: portal
            .count("page_size", problems)
            .map_or(DEFAULT_PAGE_SIZE, |n| {
                n.clamp(1, MAX_PAGE_SIZE as u64) as usize
            }),
        article_url: nonempty(portal.string("article_url", problems))
            .filter(|t| t.contains("{id}") || t.contains("{segment}")),
        tag_feed_url: nonempty(portal.string("tag_feed_url", problems))
            .filter(|t| t.contains("{segment}")),
        tag_counts: portal.object("tags", problems).map(|tags| {
            tags.object
                .keys()
                .filter_map(|tag| Some((tag.clone(), tags.count(tag, problems)?)))
                .collect()
        }),
        search_index: nonempty(portal.string("search_index", problems)),
        packed_format: portal.count(PACKED_FORMAT_KEY, problems),
        content_hash: String::new(),
        corrections: nonempty(portal.string("corrections", problems)).and_then(|c| {
            let safe = safe_url(&c, feed_url, &["http", "https", "mailto"]);
            if safe.is_none() {
                problems.push(Problem {
                    place: portal.place("corrections"),
                    message: format!(
                        "“{c}” is neither a mailto: nor an http(s) URL; 我要纠错 is not shown"
                    ),
                });
            }
            safe
        }),
        organizer: nonempty(portal.string("organizer", problems)),
        contact: nonempty(portal.string("contact", problems)),
        site_mark: portal.object("site_mark", problems).and_then(|mark| {
            let image = mark.required("image", problems)?;
            let url = mark.required("url", problems)?;
            Some(SiteMark {
                image: safe_url(&image, feed_url, IMAGE_SCHEMES)?,
                url: safe_url(&url, feed_url, &["http", "https"])?,
                title: nonempty(mark.string("title", problems))
                    .unwrap_or_else(|| "党政机关".into()),
            })
        }),
        share_image: nonempty(portal.string("share_image", problems))
            .and_then(|image| safe_url(&image, feed_url, IMAGE_SCHEMES)),
        counter: nonempty(portal.string("counter", problems)).and_then(|path| {
            let path = counter_path(&path);
            if path.is_none() {
                problems.push(Problem {
                    place: portal.place("counter"),
                    message: "not a path under the site (letters, digits, “-_.~/”, no “..”, \
                              not starting with “/”); the counter is not used"
                        .into(),
                });
            }
            path
        }),
        timezone: nonempty(portal.string("timezone", problems)),
    }
}

/// `_portal.counter` as a relative path under the site's base ending in `/`, or `None` when it
/// could lead elsewhere (a scheme, `//host`, `..`): readers' browsers send hits there.
pub fn counter_path(path: &str) -> Option<String> {
    let plain = path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_.~/".contains(&b));
    let leaves = path.starts_with('/') || path.split('/').any(|s| s == "." || s == "..");
    if !plain || leaves || path.is_empty() {
        return None;
    }
    Some(if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    })
}

/// Reads one item, at `place` in the file (`items[3]`); `None` for an item that is left out
/// (no id, as the spec says, or not an object), with the reason in `problems`.
fn read_item(
    value: &Value,
    place: String,
    base: &str,
    problems: &mut Vec<Problem>,
) -> Option<Item> {
    let fields = Fields::new(value, place, problems)?;
    let id = match fields.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        None | Some(Value::String(_)) => {
            problems.push(Problem {
                place: fields.place.clone(),
                message: "no id: the item is left out".into(),
            });
            return None;
        }
        Some(other) => {
            problems.push(Problem {
                place: fields.place("id"),
                message: format!(
                    "wrong type: found {}, expected a string; the item is left out",
                    json_kind(other)
                ),
            });
            return None;
        }
    };
    let mut dates = [None, None];
    for (slot, field) in dates.iter_mut().zip(["date_published", "date_modified"]) {
        let Some(text) = fields.string(field, problems) else {
            continue;
        };
        match Timestamp::parse_rfc3339(&text) {
            Ok(t) => *slot = Some(t),
            Err(e) => problems.push(Problem {
                place: fields.place(field),
                message: format!("“{text}” is not an RFC 3339 date ({e}); the date is not shown"),
            }),
        }
    }
    let [published, modified] = dates;
    let date = published.or(modified);
    // Only a change after the date it shows is a modification worth saying.
    let modified = modified.filter(|m| Some(*m) != date);
    let url = fields
        .string("url", problems)
        .or_else(|| fields.string("external_url", problems))
        .and_then(|u| safe_url(&u, base, &["http", "https"]));
    let content_html = fields.string("content_html", problems);
    let content_text = fields.string("content_text", problems);
    let body = match (content_html, content_text) {
        (Some(h), _) if !h.trim().is_empty() => Body::Html(h),
        (_, Some(t)) if !t.trim().is_empty() => Body::Text(t),
        _ => Body::Empty,
    };
    let given_title = fields
        .string("title", problems)
        .map(|t| fold_whitespace(&t))
        .filter(|t| !t.is_empty());
    let mut authors: Vec<String> = fields
        .objects("authors", problems)
        .into_iter()
        .chain(fields.object("author", problems))
        .filter_map(|a| nonempty(a.string("name", problems)))
        .collect();
    authors.dedup();
    let mut tags: Vec<String> = Vec::new();
    for tag in fields.strings("tags", problems) {
        let tag = fold_whitespace(&tag);
        if !tag.is_empty() && !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    let portal = fields.object("_portal", problems);
    let portal = portal.as_ref();
    let image = fields
        .string("image", problems)
        .or_else(|| fields.string("banner_image", problems));
    let mut item = Item {
        title_derived: given_title.is_none(),
        title: given_title.unwrap_or_default(),
        image: image.and_then(|i| safe_url(&i, base, IMAGE_SCHEMES)),
        base: url.clone().unwrap_or_else(|| base.to_string()),
        id,
        url,
        summary: nonempty(fields.string("summary", problems)),
        body,
        date,
        modified,
        tags,
        authors,
        channel: portal.and_then(|p| nonempty(p.string("channel", problems))),
        source: portal.and_then(|p| nonempty(p.string("source", problems))),
        views: portal.and_then(|p| p.count("views", problems)),
        featured: portal.is_some_and(|p| p.flag("featured", problems)),
        sample: portal.is_some_and(|p| p.flag("sample", problems)),
        draft: portal.is_some_and(|p| p.flag("draft", problems)),
        excerpt: portal.is_some_and(|p| p.flag("excerpt", problems)),
        editor: portal.and_then(|p| nonempty(p.string("editor", problems))),
        disclosure: portal.and_then(|p| Disclosure::read(p, problems)),
        attachments: read_attachments(&fields, base, problems),
        related: portal.map_or_else(Vec::new, |p| p.strings("related", problems)),
    };
    if item.title_derived {
        let text = item.teaser(DERIVED_TITLE_CHARS);
        item.title = if text.is_empty() {
            "（无标题）".to_string()
        } else {
            text
        };
    }
    Some(item)
}

/// JSON Feed `attachments` with a safe URL and a MIME type; others are reported and left out.
fn read_attachments(
    fields: &Fields<'_>,
    base: &str,
    problems: &mut Vec<Problem>,
) -> Vec<Attachment> {
    fields
        .objects("attachments", problems)
        .iter()
        .filter_map(|a| {
            let url = a.required("url", problems)?;
            let mime_type = a.required("mime_type", problems)?;
            let Some(safe) = safe_url(&url, base, &["http", "https"]) else {
                problems.push(Problem {
                    place: a.place("url"),
                    message: format!("“{url}” is not an http(s) URL; the attachment is left out"),
                });
                return None;
            };
            Some(Attachment {
                url: safe,
                mime_type,
                title: nonempty(a.string("title", problems)),
                size_in_bytes: a.count("size_in_bytes", problems),
            })
        })
        .collect()
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
