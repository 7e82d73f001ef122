//! The publish step, run natively by `portal build` (src/bin/portal.rs): it reads the authored
//! content folder with the parser and catalog the app uses, and writes what machines read
//! beside the app: `sitemap.xml` (a sitemap index past 50,000 URLs or 10 MB), `robots.txt`
//! naming it, and the newest items as `feed.xml` (RSS 2.0) and `feed.json` (JSON Feed 1.1) for
//! subscribers. Route paths come from [`Paths`], so every URL is the one the app links to.
//!
//! A file is written only when its bytes change, so a re-run after one new item rewrites only
//! what that item changes, and a web server's ETags stay put for the rest.

use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{json, Value};

use crate::check::{check_content, Finding, Severity};
use crate::document::PageOf;
use crate::links::Paths;
use crate::model::catalog::{ListKey, Need, Read};
use crate::model::feed::parse_feed;
use crate::model::html::escape_attr;
use crate::model::sanitize::{sanitize, Origin};
use crate::model::url::percent_decode;
use crate::model::url::ArticleKey;
use crate::model::{Body, Catalog, FeedPage, Item, LoadError, LoadProblem};
use crate::pack::pack;
use crate::prerender::{page_file, page_html, Shell, PRERENDERED_MARK, SHELL_FILE};

/// Items in `feed.xml` and `feed.json`.
pub const SUBSCRIPTION_ITEMS: usize = 50;
/// The sitemap protocol's limits for one file.
pub const SITEMAP_MAX_URLS: usize = 50_000;
pub const SITEMAP_MAX_BYTES: usize = 10 * 1024 * 1024;
/// Characters of text in an RSS item's description.
const DESCRIPTION_CHARS: usize = 200;

/// Why a build could not be done. Nothing is written when the content cannot be read.
#[derive(Debug)]
pub enum PublishError {
    /// `--site-url` is not an absolute http(s) URL.
    SiteUrl(String),
    /// A content file could not be read or is not a feed.
    Content(LoadError),
    /// The app's shell (Trunk's index.html, or shell.html beside a published index.html) is
    /// missing or not what it should be.
    Shell { file: String, problem: String },
    /// The content has errors (`portal check`'s): nothing is published without `--force`.
    Refused(Vec<Finding>),
    /// An output file could not be written.
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl fmt::Display for PublishError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PublishError::SiteUrl(url) => write!(
                f,
                "--site-url “{url}” is not an absolute http(s) URL (e.g. https://example.com/ or https://example.com/portal/)"
            ),
            PublishError::Content(error) => error.fmt(f),
            PublishError::Shell { file, problem } => write!(f, "{file}: {problem}"),
            PublishError::Refused(errors) => {
                write!(
                    f,
                    "{} errors in the content; nothing was published (--force publishes anyway):",
                    errors.len()
                )?;
                for error in errors {
                    write!(f, "\n  {error}")?;
                }
                Ok(())
            }
            PublishError::Write { path, error } => write!(f, "{}: {error}", path.display()),
        }
    }
}

impl std::error::Error for PublishError {}

/// Where the portal is served: `https://example.com/` or, under a sub-path,
/// `https://example.com/portal/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteUrl {
    /// `https://example.com`, no trailing slash.
    origin: String,
    /// `""` at the root, `/portal` under a sub-path: the app's router base.
    base: String,
}

impl SiteUrl {
    pub fn parse(raw: &str) -> Result<Self, PublishError> {
        let bad = || PublishError::SiteUrl(raw.to_string());
        let trimmed = raw.trim();
        let rest = trimmed
            .strip_prefix("https://")
            .or_else(|| trimmed.strip_prefix("http://"))
            .ok_or_else(bad)?;
        let scheme = &trimmed[..trimmed.len() - rest.len()];
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if host.is_empty() || path.contains(['?', '#']) || host.contains(['@', ' ']) {
            return Err(bad());
        }
        Ok(SiteUrl {
            origin: format!("{scheme}{host}"),
            base: path.trim_end_matches('/').to_string(),
        })
    }

    /// The route paths of the app under this site's base path.
    pub fn paths(&self) -> Paths {
        Paths::new(self.base.clone())
    }

    /// The site's own URL, with its trailing slash.
    pub fn root(&self) -> String {
        format!("{}{}/", self.origin, self.base)
    }

    /// The absolute URL of a path the app links to (`/portal/tag/氢能`), with every byte that a
    /// URL may not carry as it is (non-ASCII, space) percent-encoded, as a browser sends it.
    pub fn absolute(&self, path: &str) -> String {
        let mut url = self.origin.clone();
        for byte in path.bytes() {
            if byte.is_ascii_graphic() && byte != b'%' {
                url.push(byte as char);
            } else {
                url.push_str(&format!("%{byte:02X}"));
            }
        }
        url
    }

    /// A URL into the site written from the site's root (`https://x.test/portal/a` →
    /// `/portal/a`); others as they are.
    pub fn site_relative(&self, url: &str) -> String {
        match url.strip_prefix(&self.origin) {
            Some(path) if path.starts_with(&format!("{}/", self.base)) => path.to_string(),
            _ => url.to_string(),
        }
    }

    /// [`SiteUrl::site_relative`] for every `href`/`src` value in sanitised HTML (whose
    /// attribute values are always double-quoted).
    pub fn site_relative_html(&self, html: &str) -> String {
        html.replace(
            &format!("=\"{}", self.root()),
            &format!("=\"{}/", self.base),
        )
    }

    /// `example.com`: the host (and port) alone.
    pub fn host(&self) -> &str {
        self.origin
            .split_once("://")
            .map_or(self.origin.as_str(), |(_, host)| host)
    }

    /// The URL a content file is served at: `content/<relative>` under the site.
    pub fn content_url(&self, relative: &str) -> String {
        format!("{}content/{relative}", self.root())
    }
}

/// The content of a folder, read as the deployed app would read it: the feed's whole
/// `next_url` chain and every channel's own feed, each file parsed with the app's parser.
pub struct Content {
    pub catalog: Catalog,
    /// Files read, relative to the folder, in the order read.
    pub files: Vec<String>,
}

/// Reads `dir` (a folder with `feed.json`, as `public/content/`) for a site at `site`.
pub fn read_content(dir: &Path, site: &SiteUrl) -> Result<Content, PublishError> {
    read_feed(dir, "feed.json", site)
}

/// [`read_content`] from the feed `feed` (a path relative to `dir`).
pub fn read_feed(dir: &Path, feed: &str, site: &SiteUrl) -> Result<Content, PublishError> {
    let mut files = Vec::new();
    let mut read = |url: &str| -> Result<FeedPage, PublishError> {
        let relative = local_file(url, site).map_err(PublishError::Content)?;
        let page = read_page(dir, &relative, url).map_err(PublishError::Content)?;
        files.push(relative);
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
    Ok(Content { catalog, files })
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
    pub fn read(dir: &'a Path, site: &'a SiteUrl) -> Result<Self, PublishError> {
        let url = site.content_url("feed.json");
        let page = read_page(dir, "feed.json", &url).map_err(PublishError::Content)?;
        Ok(Published {
            dir,
            site,
            first: Catalog::new(page, &url),
        })
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

/// Reads and parses `dir/relative`, fetched by the app from `url`.
fn read_page(dir: &Path, relative: &str, url: &str) -> Result<FeedPage, LoadError> {
    let fail = |problem| LoadError {
        file: relative.to_string(),
        problem,
    };
    let text = std::fs::read_to_string(dir.join(relative))
        .map_err(|e| fail(LoadProblem::Unreadable(e.to_string())))?;
    parse_feed(&text, url).map_err(|e| fail(LoadProblem::NotAFeed(e)))
}

/// Every route a reader can open from the content, each once: home, channels, footer pages,
/// the sitemap page, and the tags and articles of `items` (newest first; listed oldest first).
/// Each with the date its content last changed, if known.
pub fn published_routes(
    catalog: &Catalog,
    items: &[&Arc<Item>],
    paths: &Paths,
) -> Vec<(String, Option<String>)> {
    let site = &catalog.site;
    let newest = items
        .iter()
        .filter_map(|i| i.date)
        .max()
        .map(|d| d.date_string());
    let mut routes = vec![(paths.home(), newest)];
    for channel in &site.channels {
        routes.push((paths.channel(&channel.slug), None));
    }
    for page in &site.pages {
        routes.push((paths.info_page(&page.slug), None));
    }
    routes.push((paths.route("/sitemap"), None));
    let tags: BTreeSet<&str> = items
        .iter()
        .flat_map(|i| i.tags.iter().map(String::as_str))
        .collect();
    routes.extend(tags.into_iter().map(|t| (paths.tag(t), None)));
    // Oldest first: a new item is then added at the end of the last sitemap file, and the
    // files before it stay as they were (newest first, each new item shifted every file).
    routes.extend(
        items
            .iter()
            .rev()
            .map(|i| (paths.article(&i.id), i.date.map(|d| d.date_string()))),
    );
    routes
}

/// Text for XML: escaped, with the characters XML 1.0 cannot carry at all (C0 controls other
/// than tab and newlines, U+FFFE, U+FFFF) left out.
fn xml_text(text: &str) -> String {
    let allowed: String = text
        .chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect();
    let mut out = String::with_capacity(allowed.len());
    escape_attr(&allowed, &mut out);
    out
}

/// `sitemap.xml`, and `sitemap-N.xml` files behind it when one file would pass the protocol's
/// limits: (file name, XML) pairs. `limits` is (URLs, bytes) a file.
pub fn sitemaps(
    routes: &[(String, Option<String>)],
    site: &SiteUrl,
    limits: (usize, usize),
) -> Vec<(String, String)> {
    const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    const TAIL: &str = "</urlset>\n";
    let (max_urls, max_bytes) = limits;
    let mut files: Vec<String> = Vec::new();
    let mut current = String::from(HEAD);
    let mut count = 0;
    for (path, lastmod) in routes {
        let mut entry = format!("<url><loc>{}</loc>", xml_text(&site.absolute(path)));
        if let Some(date) = lastmod {
            entry.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        entry.push_str("</url>\n");
        if count > 0 && (count == max_urls || current.len() + entry.len() + TAIL.len() > max_bytes)
        {
            current.push_str(TAIL);
            files.push(std::mem::replace(&mut current, String::from(HEAD)));
            count = 0;
        }
        current.push_str(&entry);
        count += 1;
    }
    current.push_str(TAIL);
    files.push(current);
    if files.len() == 1 {
        return vec![("sitemap.xml".to_string(), files.remove(0))];
    }
    let mut index = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut out = Vec::new();
    for (n, xml) in files.into_iter().enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        index.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>\n",
            xml_text(&format!("{}{name}", site.root()))
        ));
        out.push((name, xml));
    }
    index.push_str("</sitemapindex>\n");
    out.insert(0, ("sitemap.xml".to_string(), index));
    out
}

/// `robots.txt`: everything may be crawled, and where the sitemap is.
pub fn robots_txt(site: &SiteUrl) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        site.root()
    )
}

/// The newest items for subscribers, newest first.
fn newest(catalog: &Catalog) -> impl Iterator<Item = &std::sync::Arc<Item>> {
    catalog.latest().iter().take(SUBSCRIPTION_ITEMS)
}

/// `feed.xml`: RSS 2.0 of the newest items, each linking to its page in the portal.
pub fn rss(catalog: &Catalog, site: &SiteUrl) -> String {
    let paths = site.paths();
    let meta = &catalog.site;
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n");
    xml.push_str(&format!(
        "<title>{}</title>\n<link>{}</link>\n<description>{}</description>\n<language>{}</language>\n<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        xml_text(&meta.name),
        xml_text(&site.root()),
        xml_text(meta.description.as_deref().unwrap_or(&meta.name)),
        xml_text(&meta.language),
        xml_text(&format!("{}feed.xml", site.root())),
    ));
    for item in newest(catalog) {
        let link = site.absolute(&paths.article(&item.id));
        xml.push_str(&format!(
            "<item>\n<title>{}</title>\n<link>{}</link>\n<guid isPermaLink=\"false\">{}</guid>\n",
            xml_text(&item.title),
            xml_text(&link),
            xml_text(&item.id)
        ));
        if let Some(date) = item.date {
            xml.push_str(&format!("<pubDate>{}</pubDate>\n", date.rfc822_shanghai()));
        }
        xml.push_str(&format!(
            "<description>{}</description>\n",
            xml_text(&item.teaser(DESCRIPTION_CHARS))
        ));
        for tag in &item.tags {
            xml.push_str(&format!("<category>{}</category>\n", xml_text(tag)));
        }
        xml.push_str("</item>\n");
    }
    xml.push_str("</channel>\n</rss>\n");
    xml
}

/// `feed.json`: JSON Feed 1.1 of the newest items, their HTML through the portal's sanitiser.
pub fn json_feed(catalog: &Catalog, site: &SiteUrl) -> String {
    let paths = site.paths();
    let meta = &catalog.site;
    let root = site.root();
    let items: Vec<Value> = newest(catalog)
        .map(|item| {
            let mut entry = item_json(item, site, Urls::Absolute);
            entry["url"] = Value::String(site.absolute(&paths.article(&item.id)));
            entry
        })
        .collect();
    let feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": meta.name,
        "home_page_url": root,
        "feed_url": format!("{root}feed.json"),
        "language": meta.language,
        "items": items,
    });
    let mut text = serde_json::to_string_pretty(&feed).unwrap_or_default();
    text.push('\n');
    text
}

/// How URLs into the site are written in a feed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Urls {
    /// Whole (`https://example.com/content/a.png`): for subscribers, who read the feed elsewhere.
    Absolute,
    /// From the site's root (`/content/a.png`): for the portal's own content files, which then
    /// work on whatever host serves them (a staging host, a test server). With `_portal`.
    SiteRelative,
}

/// One item as JSON Feed 1.1, its HTML through the portal's sanitiser, as the portal's parser
/// reads it back.
pub(crate) fn item_json(item: &Item, site: &SiteUrl, urls: Urls) -> Value {
    let root = site.root();
    match urls {
        Urls::Absolute => write_item(
            item,
            &ItemOut {
                site_root: &root,
                url: &|value| value.to_string(),
                html: &|html| html,
                portal: false,
                derived_title: true,
            },
        ),
        Urls::SiteRelative => write_item(
            item,
            &ItemOut {
                site_root: &root,
                url: &|value| site.site_relative(value),
                html: &|html| site.site_relative_html(&html),
                portal: true,
                derived_title: false,
            },
        ),
    }
}

/// How [`write_item`] writes an item out.
pub(crate) struct ItemOut<'a> {
    /// The site's own address: links in bodies that point to it are the site's (the sanitiser
    /// marks the others as leaving it).
    pub site_root: &'a str,
    /// Writes a URL of the item (its link, its picture).
    pub url: &'a dyn Fn(&str) -> String,
    /// Writes the URLs of its sanitised HTML.
    pub html: &'a dyn Fn(String) -> String,
    /// With `_portal` (the portal's own files), or without (subscribers' feeds).
    pub portal: bool,
    /// A title the portal made from the text is written too (else it is made again on reading).
    pub derived_title: bool,
}

/// One item as JSON Feed 1.1, its HTML through the portal's sanitiser: the one writer of items
/// for the packed folder, the subscribers' feed and `portal import`'s folder.
pub(crate) fn write_item(item: &Item, out: &ItemOut<'_>) -> Value {
    let url = out.url;
    let mut entry = json!({ "id": item.id });
    let mut set = |key: &str, value: Value| {
        entry[key] = value;
    };
    if !item.title_derived || out.derived_title {
        set("title", Value::String(item.title.clone()));
    }
    if let Some(link) = &item.url {
        set("url", Value::String(url(link)));
    }
    match &item.body {
        Body::Html(html) => {
            let clean = sanitize(
                html,
                Origin {
                    base: &item.base,
                    site: out.site_root,
                },
            );
            set("content_html", Value::String((out.html)(clean)));
        }
        Body::Text(text) => set("content_text", Value::String(text.clone())),
        Body::Empty => set("content_text", Value::String(String::new())),
    }
    if let Some(summary) = &item.summary {
        set("summary", Value::String(summary.clone()));
    }
    if let Some(date) = item.date {
        set("date_published", Value::String(date.rfc3339_shanghai()));
    }
    if let Some(image) = &item.image {
        set("image", Value::String(url(image)));
    }
    if !item.tags.is_empty() {
        set("tags", json!(item.tags));
    }
    if !item.authors.is_empty() {
        let authors: Vec<Value> = item.authors.iter().map(|a| json!({ "name": a })).collect();
        set("authors", Value::Array(authors));
    }
    if !item.attachments.is_empty() {
        let attachments: Vec<Value> = item
            .attachments
            .iter()
            .map(|a| {
                let mut value = json!({ "url": url(&a.url), "mime_type": a.mime_type });
                if let Some(title) = &a.title {
                    value["title"] = json!(title);
                }
                if let Some(size) = a.size_in_bytes {
                    value["size_in_bytes"] = json!(size);
                }
                value
            })
            .collect();
        set("attachments", Value::Array(attachments));
    }
    if out.portal {
        let mut portal = serde_json::Map::new();
        if let Some(channel) = &item.channel {
            portal.insert("channel".into(), json!(channel));
        }
        if let Some(source) = &item.source {
            portal.insert("source".into(), json!(source));
        }
        if let Some(views) = item.views {
            portal.insert("views".into(), json!(views));
        }
        if item.featured {
            portal.insert("featured".into(), json!(true));
        }
        if item.sample {
            portal.insert("sample".into(), json!(true));
        }
        if let Some(editor) = &item.editor {
            portal.insert("editor".into(), json!(editor));
        }
        if !item.related.is_empty() {
            portal.insert("related".into(), json!(item.related));
        }
        if !portal.is_empty() {
            set("_portal", Value::Object(portal));
        }
    }
    entry
}

/// What one build did.
#[derive(Debug, Default)]
pub struct Report {
    pub items: usize,
    pub files_read: usize,
    pub sitemap_urls: usize,
    /// Files of the packed content folder, and those of an earlier build that are gone from it.
    pub content_files: usize,
    pub content_removed: Vec<PathBuf>,
    /// Pages written for routes (and `404.html`).
    pub pages: usize,
    /// Routes left to the app because a segment is too long for a file name.
    pub pages_skipped: usize,
    /// Pages of an earlier build whose route is gone, removed.
    pub pages_removed: usize,
    /// Output files whose bytes changed, and those left as they were.
    pub written: Vec<PathBuf>,
    pub unchanged: usize,
    /// What `portal check` finds in the content: the page's 内容提示 and the publisher's own.
    pub findings: Vec<Finding>,
    pub search_index: crate::pack::IndexStats,
}

impl Report {
    fn record(&mut self, path: PathBuf, wrote: bool) {
        if wrote {
            self.written.push(path);
        } else {
            self.unchanged += 1;
        }
    }
}

/// How a build goes.
#[derive(Debug, Default)]
pub struct BuildOptions {
    /// Publishes even when the content has errors.
    pub force: bool,
    /// The previous release, when building a new one beside it (see src/release.rs): a file
    /// with the same bytes there is hard-linked instead of written, so it keeps its inode,
    /// mtime and ETag.
    pub previous: Option<PathBuf>,
}

/// Where a build writes, and the release before it.
pub(crate) struct Output<'a> {
    pub root: &'a Path,
    pub previous: Option<&'a Path>,
}

impl Output<'_> {
    /// Writes `bytes` to `path` (under the root) unless it already holds them; true when it
    /// wrote. The same bytes in the previous release are hard-linked (copied where links cannot
    /// be made). New bytes go to a temporary file first, renamed over the old one, so a reader
    /// never sees half a file.
    pub fn write(&self, path: &Path, bytes: &[u8]) -> Result<bool, PublishError> {
        if std::fs::read(path).is_ok_and(|old| old == bytes) {
            return Ok(false);
        }
        let fail = |error| PublishError::Write {
            path: path.to_path_buf(),
            error,
        };
        let earlier = self
            .previous
            .zip(path.strip_prefix(self.root).ok())
            .map(|(previous, relative)| previous.join(relative))
            .filter(|old| std::fs::read(old).is_ok_and(|old| old == bytes));
        if let Some(old) = earlier {
            let _ = std::fs::remove_file(path);
            if std::fs::hard_link(&old, path).is_err() {
                std::fs::copy(&old, path).map_err(fail)?;
            }
            return Ok(false);
        }
        let temporary = path.with_extension("portal-tmp");
        std::fs::write(&temporary, bytes).map_err(fail)?;
        std::fs::rename(&temporary, path).map_err(fail)?;
        Ok(true)
    }
}

/// Lists the pages one build wrote, one relative path a line, so that the next build removes
/// those whose route is gone (an article taken out of the feed).
const PAGE_LIST: &str = "portal-pages.txt";

/// Reads `content` and writes into `dist` (a `trunk build --release` output): one page per
/// route, `shell.html`, the sitemap, `robots.txt` and the subscription feeds. Content that
/// cannot be read writes nothing.
pub fn build(
    content: &Path,
    dist: &Path,
    site: &SiteUrl,
    options: &BuildOptions,
) -> Result<Report, PublishError> {
    let out = Output {
        root: dist,
        previous: options.previous.as_deref(),
    };
    let force = options.force;
    let authored = content;
    let content = read_content(authored, site)?;
    let findings = check_content(authored, &content, site, unix_now());
    let errors: Vec<Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .cloned()
        .collect();
    if !errors.is_empty() && !force {
        return Err(PublishError::Refused(errors));
    }
    let shell = read_shell(&out)?;
    let Content { catalog, files } = &content;
    let mut report = Report {
        items: catalog.len(),
        files_read: files.len(),
        findings,
        ..Report::default()
    };

    let packed_dir = dist.join("content");
    let mut packed: HashSet<PathBuf> = HashSet::new();
    report.search_index = pack(authored, &content, site, &mut |relative, bytes| {
        let path = packed_dir.join(relative);
        create_parent(&path)?;
        let wrote = out.write(&path, bytes)?;
        report.record(path.clone(), wrote);
        packed.insert(path);
        Ok(())
    })?;
    report.content_files = packed.len();
    report.content_removed = remove_unlisted(&packed_dir, &packed)?;

    // Every item has its own article file in the packed folder, so every article opens by deep
    // link: all are in the sitemap and get a page.
    let listed: Vec<&Arc<Item>> = catalog.all().iter().collect();
    let routes = published_routes(catalog, &listed, &site.paths());
    let mut outputs = sitemaps(&routes, site, (SITEMAP_MAX_URLS, SITEMAP_MAX_BYTES));
    // Crawlers read /robots.txt only: under a sub-path it would be a file nobody asks for.
    if site.base.is_empty() {
        outputs.push(("robots.txt".into(), robots_txt(site)));
    }
    outputs.push(("feed.xml".into(), rss(catalog, site)));
    outputs.push(("feed.json".into(), json_feed(catalog, site)));
    report.sitemap_urls = routes.len();
    for (name, text) in outputs {
        let path = dist.join(name);
        let wrote = out.write(&path, text.as_bytes())?;
        report.record(path, wrote);
    }
    if let Some(manifest) = named_manifest(dist, &catalog.site) {
        let path = dist.join(MANIFEST);
        let wrote = out.write(&path, manifest.as_bytes())?;
        report.record(path, wrote);
    }

    // Each page is what the app renders from the packed files, read as it reads them.
    let published = Published::read(&packed_dir, site)?;
    let mut pages_written: Vec<PathBuf> = Vec::new();
    let mut skipped = 0;
    for page in published_pages(catalog, &listed) {
        let Some(file) = page_file(&page) else {
            skipped += 1;
            continue;
        };
        let seen = published.catalog_for(page_need(&page, catalog.site.page_size).as_ref());
        let Some(shown) = page.in_catalog(&seen) else {
            return Err(PublishError::Content(LoadError {
                file: format!("content/{}", file.display()),
                problem: LoadProblem::Unreadable(
                    "the packed files do not hold what this page shows".into(),
                ),
            }));
        };
        let path = dist.join(&file);
        create_parent(&path)?;
        let wrote = out.write(&path, page_html(&shell, &seen, shown, site).as_bytes())?;
        report.record(path, wrote);
        pages_written.push(file);
    }
    let first = published.catalog_for(None);
    let not_found = page_html(&shell, &first, PageOf::NotFound, site);
    let path = dist.join("404.html");
    let wrote = out.write(&path, not_found.as_bytes())?;
    report.record(path, wrote);
    let removed = remove_gone_pages(&out, &pages_written)?;
    report.pages = pages_written.len() + 1;
    report.pages_skipped = skipped;
    report.pages_removed = removed;
    Ok(report)
}

/// The build's web app manifest (public/manifest.webmanifest).
const MANIFEST: &str = "manifest.webmanifest";
/// The longest short name a home screen shows whole (Chrome's guidance: 12 characters).
const SHORT_NAME_CHARS: usize = 12;

/// The build's web app manifest, naming the site as its content does: `name`, `description`,
/// and `short_name` when the name is short enough. `None` when the build has none.
fn named_manifest(dist: &Path, site: &crate::model::Site) -> Option<String> {
    let text = std::fs::read_to_string(dist.join(MANIFEST)).ok()?;
    let Value::Object(mut manifest) = serde_json::from_str(&text).ok()? else {
        return None;
    };
    manifest.insert("name".into(), json!(site.name));
    if site.name.chars().count() <= SHORT_NAME_CHARS {
        manifest.insert("short_name".into(), json!(site.name));
    }
    if let Some(description) = &site.description {
        manifest.insert("description".into(), json!(description));
    }
    let mut text = serde_json::to_string_pretty(&manifest).ok()?;
    text.push('\n');
    Some(text)
}

/// What the app's page for `page` reads before it shows (page 1 of a list).
fn page_need(page: &PageOf<'_>, page_size: usize) -> Option<Need> {
    match page {
        PageOf::Home => Some(Need::Latest(page_size)),
        PageOf::Channel(channel) => Some(Need::List(
            ListKey::Channel(channel.slug.clone()),
            page_size,
        )),
        PageOf::Tag(tag) => Some(Need::List(ListKey::Tag(tag.to_string()), page_size)),
        PageOf::Article(item) => Some(Need::Article(ArticleKey::Id(item.id.clone()))),
        PageOf::Info(_) | PageOf::Sitemap | PageOf::NotFound => None,
    }
}

/// The clock, in Unix seconds.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn create_parent(path: &Path) -> Result<(), PublishError> {
    match path.parent() {
        Some(parent) => std::fs::create_dir_all(parent).map_err(|error| PublishError::Write {
            path: parent.to_path_buf(),
            error,
        }),
        None => Ok(()),
    }
}

/// Removes every file under `dir` that is not in `keep` (and folders left empty); returns
/// what went. The packed folder is the packer's alone: what it did not write this time is
/// content that is gone (an article taken out) or left from the authored copy Trunk made.
fn remove_unlisted(dir: &Path, keep: &HashSet<PathBuf>) -> Result<Vec<PathBuf>, PublishError> {
    let mut removed = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(removed);
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            removed.extend(remove_unlisted(&path, keep)?);
            let _ = std::fs::remove_dir(&path);
        } else if !keep.contains(&path) {
            std::fs::remove_file(&path).map_err(|error| PublishError::Write {
                path: path.clone(),
                error,
            })?;
            removed.push(path);
        }
    }
    removed.sort();
    Ok(removed)
}

/// Every route that gets a page: home, channels, footer pages, the sitemap page, and the tags
/// and articles of `items`, in the order of [`published_routes`].
fn published_pages<'a>(catalog: &'a Catalog, items: &[&'a Arc<Item>]) -> Vec<PageOf<'a>> {
    let site = &catalog.site;
    let mut pages = vec![PageOf::Home];
    pages.extend(site.channels.iter().map(PageOf::Channel));
    pages.extend(site.pages.iter().map(PageOf::Info));
    pages.push(PageOf::Sitemap);
    let tags: BTreeSet<&str> = items
        .iter()
        .flat_map(|i| i.tags.iter().map(String::as_str))
        .collect();
    pages.extend(tags.into_iter().map(PageOf::Tag));
    pages.extend(items.iter().map(|item| PageOf::Article(item)));
    pages
}

/// The app's shell: Trunk's `index.html`, saved as `shell.html` the first time; once
/// `index.html` is the published home page, `shell.html`.
fn read_shell(out: &Output<'_>) -> Result<Shell, PublishError> {
    let dist = out.root;
    let read = |name: &str| {
        std::fs::read_to_string(dist.join(name)).map_err(|e| PublishError::Shell {
            file: dist.join(name).display().to_string(),
            problem: format!("cannot be read ({e}): run trunk build --release first"),
        })
    };
    let index = read("index.html")?;
    if !index.contains(PRERENDERED_MARK) {
        let shell = Shell::parse(&index, "index.html")?;
        out.write(&dist.join(SHELL_FILE), index.as_bytes())?;
        return Ok(shell);
    }
    Shell::parse(&read(SHELL_FILE)?, SHELL_FILE)
}

/// Removes the pages the last build listed that this one did not write, then lists this
/// build's pages; returns how many went.
fn remove_gone_pages(out: &Output<'_>, written: &[PathBuf]) -> Result<usize, PublishError> {
    let dist = out.root;
    let list = dist.join(PAGE_LIST);
    let now: HashSet<&Path> = written.iter().map(PathBuf::as_path).collect();
    let before = std::fs::read_to_string(&list).unwrap_or_default();
    let mut removed = 0;
    for line in before.lines().filter(|l| !l.is_empty()) {
        let file = Path::new(line);
        // Only what this program wrote: a relative `…/index.html` inside dist.
        let ours = file.is_relative()
            && file.file_name().is_some_and(|n| n == "index.html")
            && file
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !ours || now.contains(file) {
            continue;
        }
        let path = dist.join(file);
        if std::fs::remove_file(&path).is_ok() {
            removed += 1;
            if let Some(dir) = path.parent() {
                // Left if something else is in it.
                let _ = std::fs::remove_dir(dir);
            }
        }
    }
    let mut text = String::new();
    for file in written {
        text.push_str(&file.to_string_lossy());
        text.push('\n');
    }
    out.write(&list, text.as_bytes())?;
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_urls_give_the_router_base_and_absolute_urls() {
        let root = SiteUrl::parse("https://news.example.com").expect("a site URL");
        assert_eq!(root.root(), "https://news.example.com/");
        assert_eq!(root.paths().home(), "/");
        let sub = SiteUrl::parse("https://example.com/portal/").expect("a site URL");
        assert_eq!(sub.root(), "https://example.com/portal/");
        assert_eq!(
            sub.absolute(&sub.paths().tag("氢能 科技")),
            "https://example.com/portal/tag/%E6%B0%A2%E8%83%BD~20%E7%A7%91%E6%8A%80"
        );
        for bad in [
            "example.com",
            "ftp://x.test/",
            "https://",
            "https://x.test/?a=1",
        ] {
            assert!(SiteUrl::parse(bad).is_err(), "{bad}");
        }
    }

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

    #[test]
    fn a_sitemap_past_its_limits_becomes_an_index() {
        let site = SiteUrl::parse("https://x.test/").expect("a site URL");
        let routes: Vec<_> = (0..5).map(|i| (format!("/article/{i}"), None)).collect();
        let one = sitemaps(&routes, &site, (10, 10_000));
        assert_eq!(one.len(), 1);
        let split = sitemaps(&routes, &site, (2, 10_000));
        let names: Vec<_> = split.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        assert!(split[0].1.contains("<sitemapindex"));
        assert!(split[0]
            .1
            .contains("<loc>https://x.test/sitemap-3.xml</loc>"));
        let by_bytes = sitemaps(&routes, &site, (100, 250));
        assert!(by_bytes.len() > 2, "{by_bytes:?}");
        for (_, xml) in &by_bytes[1..] {
            assert!(xml.len() <= 250, "{xml}");
        }
    }

    #[test]
    fn xml_text_escapes_and_drops_what_xml_cannot_carry() {
        assert_eq!(
            xml_text("a<b>&\"c\u{0}\u{1b}\td\u{FFFF}"),
            "a&lt;b&gt;&amp;&quot;c\td"
        );
    }
}
