//! The site file, `site.toml`: what a portal is (its name, slogans, tiles, channels and where
//! their items come from, footer pages, 备案 records, …) in a form an editor writes by hand,
//! turned by `portal import` into the feed's `_portal` (docs/content-format.md, "The site
//! file"). Paths in it are relative to the file, and name only files under its folder (see
//! [`super::local`]). What a source's own `_portal` may set beside it is [`source_portal`]'s.

use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::dates::DEFAULT_TIME_ZONE;
use super::local::under;
use crate::Error;

/// `_portal` keys that say who runs the site, or name files to copy into it: they come from the
/// site file only, never from a source, local or remote. 备案 records, 网站标识码, the 纠错
/// address, 主办单位 and 联系方式 are the site's identity (a feed's fake 备案 record or phishing
/// 纠错 address must not replace the site's); `tiles` and `site_mark` name pictures, which a
/// feed could point at `.env`, as could `share_image`, the link preview's picture; `counter`
/// would point readers' browsers at someone else's tracker; `timezone` says when the
/// counter's days end.
pub const SITE_FILE_ONLY: &[&str] = &[
    "icp",
    "police_record",
    "site_id_code",
    "corrections",
    "organizer",
    "contact",
    "tiles",
    "site_mark",
    "share_image",
    "counter",
    "timezone",
];

/// The only `_portal` keys a remote source (a URL) may set: how its items are presented.
/// Nothing that says who runs the site, names a file, adds pages or links readers elsewhere
/// (`pages`, `footer_links`, `disclaimer` are the site's too); a key added to the format later
/// is left out until it is added here.
pub const REMOTE_MAY_SET: &[&str] = &["site_name", "slogans", "channels", "page_size"];

/// What a published folder says of its own layout, which is not the imported folder's.
const LAYOUT: &[&str] = &[
    "article_url",
    "tag_feed_url",
    "context",
    "total_items",
    "tags",
];

/// A source's own `_portal`, less what a source may not set (see [`SITE_FILE_ONLY`] and
/// [`REMOTE_MAY_SET`]); each key left out is named in `notes`.
pub fn source_portal(
    mut portal: Map<String, Value>,
    remote: bool,
    notes: &mut Vec<String>,
) -> Map<String, Value> {
    for key in LAYOUT {
        portal.remove(*key);
    }
    let refused: Vec<String> = portal
        .keys()
        .filter(|key| {
            if remote {
                !REMOTE_MAY_SET.contains(&key.as_str())
            } else {
                SITE_FILE_ONLY.contains(&key.as_str())
            }
        })
        .cloned()
        .collect();
    for key in &refused {
        portal.remove(key);
    }
    if remote {
        // A channel's `feed_url` names a file of the remote folder that the import does not
        // write, or a URL elsewhere that the app would read.
        if let Some(Value::Array(channels)) = portal.get_mut("channels") {
            for channel in channels.iter_mut() {
                if let Value::Object(channel) = channel {
                    channel
                        .retain(|key, _| ["slug", "name", "description"].contains(&key.as_str()));
                }
            }
        }
    }
    if !refused.is_empty() {
        let why = if remote {
            format!("a remote source may set only {}", REMOTE_MAY_SET.join(", "))
        } else {
            "they come from the site file only".to_string()
        };
        notes.push(format!(
            "its _portal sets {}: ignored, since {why}",
            refused.join(", ")
        ));
    }
    portal
}

/// `site.toml`, as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteSettings {
    pub name: Option<String>,
    /// Where the portal is served: `portal sync`'s site URL (`portal build` takes
    /// `--site-url`).
    pub url: Option<String>,
    /// The content folder `portal sync` keeps, relative to this file (default `content`
    /// beside it).
    pub content: Option<String>,
    /// The app's `trunk build --release` output `portal sync` publishes with, relative to
    /// this file.
    pub dist: Option<String>,
    /// Ids `portal sync` takes down from every output, whatever their source says.
    #[serde(default)]
    pub takedown: Vec<String>,
    /// Ids that are drafts: never published (`_portal.draft` on the item does the same).
    #[serde(default)]
    pub drafts: Vec<String>,
    /// An RSS or Atom category that marks an item as a draft.
    pub draft_category: Option<String>,
    pub language: Option<String>,
    pub description: Option<String>,
    /// IANA name of the zone dates without one are read in (default Asia/Shanghai).
    pub timezone: Option<String>,
    pub page_size: Option<u64>,
    /// Items a file of the imported folder holds (default [`super::DEFAULT_ITEMS_PER_FILE`]).
    pub items_per_file: Option<usize>,
    pub site_id_code: Option<String>,
    pub disclaimer: Option<String>,
    #[serde(default)]
    pub slogans: Vec<String>,
    /// Sources of items in no channel.
    #[serde(default)]
    pub sources: Vec<SourceEntry>,
    #[serde(default)]
    pub tiles: Vec<TileEntry>,
    #[serde(default)]
    pub channels: Vec<ChannelEntry>,
    #[serde(default)]
    pub pages: Vec<PageEntry>,
    #[serde(default)]
    pub footer_links: Vec<LinkEntry>,
    pub icp: Option<RecordEntry>,
    pub police_record: Option<RecordEntry>,
    /// 【我要纠错】: a `mailto:` or an http(s) URL.
    pub corrections: Option<String>,
    /// 主办单位 and 联系方式, in the footer.
    pub organizer: Option<String>,
    pub contact: Option<String>,
    /// The 党政机关 / 事业单位 mark: a picture (relative to the site file) and its verification URL.
    pub site_mark: Option<MarkEntry>,
    /// The link preview's picture (relative to the site file): a PNG or JPEG of at least
    /// 300×300, for pages without a raster picture of their own.
    pub share_image: Option<String>,
    /// Where the visit counter (portal-counter) answers: a path under the site's base (`api/`).
    pub counter: Option<String>,
    /// Which RSS element or category gives each 信息公开 field ([`super::disclosure`]).
    pub disclosure: Option<DisclosureSources>,
}

/// `[disclosure]` in the site file: for each 信息公开 field, `dc:NAME` (a Dublin Core element
/// of the item, such as `dc:identifier`) or `category:DOMAIN` (its `<category domain="DOMAIN">`,
/// an Atom `<category scheme="DOMAIN">`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisclosureSources {
    pub index_number: Option<String>,
    pub issuer: Option<String>,
    pub written: Option<String>,
    pub document_number: Option<String>,
    pub subjects: Option<String>,
    pub validity: Option<String>,
}

/// A source in the site file: its feed (a URL, or a path relative to the file), alone or with
/// how `portal sync` keeps its items.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum SourceEntry {
    Feed(String),
    Table(SourceTable),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceTable {
    pub feed: String,
    #[serde(default)]
    pub mode: Mode,
}

/// How `portal sync` keeps a source's items.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// The newest items only (an RSS window of 20–50): items accumulate, and one that drops
    /// out of the feed stays published.
    #[default]
    Window,
    /// The whole truth (a CMS's full export): an item that drops out is taken down.
    Archive,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Window => "window",
            Mode::Archive => "archive",
        }
    }
}

impl SourceEntry {
    fn parts(&self) -> (&str, Mode) {
        match self {
            SourceEntry::Feed(feed) => (feed, Mode::Window),
            SourceEntry::Table(table) => (&table.feed, table.mode),
        }
    }
}

/// A source the site file names, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteSource {
    /// A URL, or a path (relative ones joined to the site file's folder).
    pub location: String,
    pub channel: Option<String>,
    pub mode: Mode,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkEntry {
    pub image: String,
    pub url: String,
    pub title: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TileEntry {
    pub title: String,
    pub url: Option<String>,
    pub image: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelEntry {
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
    /// Feeds whose items belong to this channel.
    #[serde(default)]
    pub sources: Vec<SourceEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageEntry {
    pub slug: String,
    pub title: String,
    /// A Markdown file (`.md`) or an HTML file, relative to the site file.
    pub file: Option<String>,
    /// The body written here, as Markdown.
    pub markdown: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkEntry {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordEntry {
    pub text: String,
    pub url: Option<String>,
}

/// A site file read, with the folder its paths are relative to.
#[derive(Debug)]
pub struct SiteFile {
    pub file: SiteSettings,
    pub dir: PathBuf,
    pub zone: Tz,
}

impl SiteFile {
    /// Reads `path`; the message names the file and what is wrong.
    pub fn read(path: &Path) -> Result<SiteFile, Error> {
        let name = path.display();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::Site(format!("{name}: cannot be read ({e})")))?;
        let file: SiteSettings = toml::from_str(&text).map_err(|e| {
            let message = e.message().to_string();
            match e.span() {
                Some(span) => {
                    let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                    Error::Site(format!("{name}: line {line}: {message}"))
                }
                None => Error::Site(format!("{name}: {message}")),
            }
        })?;
        let zone = match &file.timezone {
            None => DEFAULT_TIME_ZONE,
            Some(zone) => zone.parse().map_err(|_| {
                Error::Site(format!(
                    "{name}: timezone “{zone}” is not an IANA time zone (e.g. Asia/Shanghai)"
                ))
            })?,
        };
        if let Some(sources) = &file.disclosure {
            super::disclosure::check(sources).map_err(|e| Error::Site(format!("{name}: {e}")))?;
        }
        Ok(SiteFile {
            file,
            dir: path.parent().unwrap_or(Path::new(".")).to_path_buf(),
            zone,
        })
    }

    /// The sources the file names: (source, channel slug) pairs.
    pub fn sources(&self) -> Vec<(String, Option<String>)> {
        self.site_sources()
            .into_iter()
            .map(|s| (s.location, s.channel))
            .collect()
    }

    /// The sources the file names, each with its channel and mode, in the file's order.
    pub fn site_sources(&self) -> Vec<SiteSource> {
        let entry = |entry: &SourceEntry, channel: Option<&String>| {
            let (feed, mode) = entry.parts();
            SiteSource {
                location: self.resolve(feed),
                channel: channel.cloned(),
                mode,
            }
        };
        let mut sources: Vec<SiteSource> =
            self.file.sources.iter().map(|s| entry(s, None)).collect();
        for channel in &self.file.channels {
            sources.extend(
                channel
                    .sources
                    .iter()
                    .map(|s| entry(s, Some(&channel.slug))),
            );
        }
        sources
    }

    /// A path the file names, relative to its folder.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.join(relative)
    }

    /// A source or file named in the site file: a URL as it is, a path relative to the file.
    fn resolve(&self, source: &str) -> String {
        if source.starts_with("https://") || source.starts_with("http://") {
            source.to_string()
        } else {
            self.dir.join(source).display().to_string()
        }
    }

    /// The feed's `_portal`, from the file (footer pages read from their files), merged over
    /// `base` (a JSON Feed source's own `_portal`): what the file says wins.
    pub fn portal(&self, base: Map<String, Value>) -> Result<Map<String, Value>, Error> {
        let f = &self.file;
        let mut portal = base;
        let mut set = |key: &str, value: Value| {
            portal.insert(key.to_string(), value);
        };
        if let Some(name) = &f.name {
            set("site_name", json!(name));
        }
        if !f.slogans.is_empty() {
            set("slogans", json!(f.slogans));
        }
        if !f.tiles.is_empty() {
            let tiles: Vec<Value> = f
                .tiles
                .iter()
                .map(|t| drop_nulls(json!({ "title": t.title, "url": t.url, "image": t.image })))
                .collect();
            set("tiles", Value::Array(tiles));
        }
        if !f.channels.is_empty() {
            let channels: Vec<Value> = f
                .channels
                .iter()
                .map(|c| {
                    drop_nulls(
                        json!({ "slug": c.slug, "name": c.name, "description": c.description }),
                    )
                })
                .collect();
            set("channels", Value::Array(channels));
        }
        if !f.pages.is_empty() {
            let mut pages = Vec::new();
            for page in &f.pages {
                pages.push(json!({
                    "slug": page.slug,
                    "title": page.title,
                    "content_html": self.page_html(page)?,
                }));
            }
            set("pages", Value::Array(pages));
        }
        if !f.footer_links.is_empty() {
            let links: Vec<Value> = f
                .footer_links
                .iter()
                .map(|l| json!({ "title": l.title, "url": l.url }))
                .collect();
            set("footer_links", Value::Array(links));
        }
        for (key, record) in [("icp", &f.icp), ("police_record", &f.police_record)] {
            if let Some(r) = record {
                set(key, drop_nulls(json!({ "text": r.text, "url": r.url })));
            }
        }
        if let Some(disclaimer) = &f.disclaimer {
            set("disclaimer", json!(disclaimer));
        }
        if let Some(code) = &f.site_id_code {
            set("site_id_code", json!(code));
        }
        if let Some(size) = f.page_size {
            set("page_size", json!(size));
        }
        for (key, value) in [
            ("corrections", &f.corrections),
            ("organizer", &f.organizer),
            ("contact", &f.contact),
        ] {
            if let Some(value) = value {
                set(key, json!(value));
            }
        }
        if let Some(image) = &f.share_image {
            set("share_image", json!(image));
        }
        if let Some(counter) = &f.counter {
            let path = portal_core::model::feed::counter_path(counter).ok_or_else(|| {
                Error::Site(format!(
                    "counter “{counter}” is not a path under the site (such as \"api/\")"
                ))
            })?;
            set("counter", json!(path));
        }
        if let Some(zone) = &f.timezone {
            set("timezone", json!(zone));
        }
        if let Some(mark) = &f.site_mark {
            set(
                "site_mark",
                drop_nulls(json!({ "image": mark.image, "url": mark.url, "title": mark.title })),
            );
        }
        Ok(portal)
    }

    /// A footer page's HTML: its Markdown (inline or a `.md` file) or its HTML file.
    fn page_html(&self, page: &PageEntry) -> Result<String, Error> {
        match (&page.markdown, &page.file) {
            (Some(markdown), _) => Ok(markdown_html(markdown)),
            (None, Some(file)) => {
                let in_page = |e: Error| Error::Site(format!("page “{}”: {e}", page.slug));
                let path = under(&self.dir, file).map_err(in_page)?;
                let text = std::fs::read_to_string(&path)
                    .map_err(Error::io(&path))
                    .map_err(in_page)?;
                let markdown = path.extension().is_some_and(|e| {
                    e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown")
                });
                Ok(if markdown { markdown_html(&text) } else { text })
            }
            (None, None) => Err(Error::Site(format!(
                "page “{}” has neither file nor markdown",
                page.slug
            ))),
        }
    }
}

/// Markdown as HTML (CommonMark with tables); the portal sanitises it like any body.
fn markdown_html(markdown: &str) -> String {
    let options = pulldown_cmark::Options::ENABLE_TABLES;
    let parser = pulldown_cmark::Parser::new_ext(markdown, options);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    html.trim_end().to_string()
}

fn drop_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.into_iter().filter(|(_, v)| !v.is_null()).collect())
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_feeds_or_tables_with_a_mode() {
        let settings: SiteSettings = toml::from_str(
            r#"
            sources = ["https://a.example.cn/rss", { feed = "b.xml", mode = "archive" }]
            takedown = ["x"]
            [[channels]]
            slug = "c"
            name = "栏目"
            sources = [{ feed = "https://c.example.cn/rss" }]
            "#,
        )
        .expect("a site file");
        let site = SiteFile {
            file: settings,
            dir: PathBuf::from("/srv/portal"),
            zone: DEFAULT_TIME_ZONE,
        };
        let modes: Vec<(String, Option<String>, Mode)> = site
            .site_sources()
            .into_iter()
            .map(|s| (s.location, s.channel, s.mode))
            .collect();
        assert_eq!(
            modes,
            [
                ("https://a.example.cn/rss".into(), None, Mode::Window),
                ("/srv/portal/b.xml".into(), None, Mode::Archive),
                (
                    "https://c.example.cn/rss".into(),
                    Some("c".into()),
                    Mode::Window
                ),
            ]
        );
        assert_eq!(site.file.takedown, ["x"]);
        // A misspelt mode is an error, not a window.
        assert!(toml::from_str::<SiteSettings>(
            r#"sources = [{ feed = "b.xml", mode = "archiv" }]"#
        )
        .is_err());
    }
}
