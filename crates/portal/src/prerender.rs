//! The pages `portal build` writes: one HTML file per route, made of the app's shell (Trunk's
//! `index.html`, kept as `shell.html`), a head that says what the page is (title, description,
//! canonical URL, Open Graph, JSON-LD, the government-site meta tags, the feeds) and the body
//! the app renders for that route ([`portal_core::write::page::page_body`]).
//!
//! Files go where a static server finds them for the route: `article/<segment>/index.html`,
//! `channel/<slug>/index.html`, … and the home page as `index.html`. `404.html` is for hosts that
//! serve such a file for unknown paths; deploy/nginx answers those with the shell instead, since
//! a new article must open before the next publish.

use std::path::PathBuf;

use serde_json::{json, Value};

pub use portal_core::names::SHELL_FILE;

use crate::site_url::SiteUrl;
use crate::Error;
use portal_core::model::Catalog;
use portal_core::write::markup::{render, Markup};
use portal_core::write::page::{page_body, Frame, PageOf};
use portal_core::write::sidebar::Counts;

/// Marks a page written here, so that a re-run tells it from Trunk's `index.html`.
pub const PRERENDERED_MARK: &str = "<meta name=\"portal-prerendered\" content=\"1\">";
/// A file name's limit on common file systems is 255 bytes; routes past this stay client-rendered.
const MAX_SEGMENT_BYTES: usize = 200;

/// Trunk's `index.html`, taken apart where a page's own head and body go. Hashed into what a
/// page is made from (src/build.rs).
#[derive(Hash)]
pub struct Shell {
    /// Up to `</head>`, without the shell's `<title>` and description.
    head: String,
    /// From `</head>` to `<body>` inclusive.
    between: String,
    /// From `</body>` on.
    tail: String,
}

impl Shell {
    /// Reads the shell out of Trunk's `index.html`; `file` names it in errors.
    pub fn parse(html: &str, file: &str) -> Result<Shell, Error> {
        let missing = |what: &str| Error::Shell {
            file: file.to_string(),
            problem: format!("has no {what}: is it the index.html of trunk build --release?"),
        };
        if html.contains(PRERENDERED_MARK) {
            return Err(Error::Shell {
                file: file.to_string(),
                problem: "is a page written by portal build, not the app's shell".into(),
            });
        }
        let head_end = html.find("</head>").ok_or_else(|| missing("</head>"))?;
        let body_start = html[head_end..]
            .find("<body>")
            .map(|i| head_end + i + "<body>".len())
            .ok_or_else(|| missing("<body>"))?;
        let body_end = html.rfind("</body>").ok_or_else(|| missing("</body>"))?;
        if body_end < body_start {
            return Err(missing("body"));
        }
        let mut head = html[..head_end].to_string();
        for (start, end) in [("<title>", "</title>"), ("<meta name=\"description\"", ">")] {
            let Some(from) = head.find(start) else {
                continue;
            };
            let to = head[from..]
                .find(end)
                .map(|i| from + i + end.len())
                .ok_or_else(|| missing(end))?;
            head.replace_range(from..to, "");
        }
        Ok(Shell {
            head: without_preloads(&head),
            between: html[head_end..body_start].to_string(),
            tail: html[body_end..].to_string(),
        })
    }

    /// The page: the shell with `head` added to its head and `body` as its body, inside the
    /// `#prerendered` box the app takes over (src/takeover.rs).
    pub fn page(&self, head: &str, body: &str) -> String {
        let mut out = String::with_capacity(self.head.len() + head.len() + body.len() + 256);
        out.push_str(&self.head);
        out.push_str(PRERENDERED_MARK);
        out.push_str(head);
        out.push_str(&self.between);
        out.push_str("<div id=\"prerendered\">");
        out.push_str(body);
        out.push_str("</div>");
        out.push_str(&self.tail);
        out
    }
}

/// `head` without its `<link rel="preload">` and `<link rel="modulepreload">`: the shell asks
/// early for the wasm, its glue and the feed, since it shows nothing until the app runs; a
/// written page shows itself, and those 150 KB (brotli) would only compete with it. Lighthouse
/// counts every request started before the page's LCP: with them its mobile LCP of the seed
/// article was 2.1 s (score 99) for 178 ms observed. The app still starts from `boot.js`.
fn without_preloads(head: &str) -> String {
    let mut out = String::with_capacity(head.len());
    let mut rest = head;
    while let Some(at) = rest.find("<link ") {
        let end = rest[at..].find('>').map_or(rest.len(), |i| at + i + 1);
        let link = &rest[at..end];
        out.push_str(&rest[..at]);
        if !link.contains("rel=\"preload\"") && !link.contains("rel=\"modulepreload\"") {
            out.push_str(link);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The file a route's page goes in, relative to the build: `index.html` for the home page,
/// `article/<segment>/index.html` for an article; `None` when a segment would be too long for
/// a file name (the route stays client-rendered).
pub fn page_file(page: &PageOf<'_>) -> Option<PathBuf> {
    let path = page.path(&portal_core::model::paths::Paths::default())?;
    let route = path.trim_matches('/');
    if route.is_empty() {
        return Some(PathBuf::from("index.html"));
    }
    if route
        .split('/')
        .any(|s| s.is_empty() || s.len() > MAX_SEGMENT_BYTES)
    {
        return None;
    }
    Some(PathBuf::from(route).join("index.html"))
}

/// One whole page for `page` of `catalog`, on the site at `site`.
pub fn page_html(shell: &Shell, catalog: &Catalog, page: PageOf<'_>, site: &SiteUrl) -> String {
    let paths = site.paths();
    let root = site.root();
    let feed_url = site.content_url("feed.json");
    let frame = Frame {
        paths: &paths,
        site_url: &root,
        feed_url: &feed_url,
        feed_name: "content/feed.json",
        counts: Counts::Published,
    };
    let body = render(|m| page_body(m, catalog, page, &frame));
    shell.page(&page_head(catalog, page, site), &body)
}

/// Whether the picture at `url` is an SVG, by its name (`.svg`, `.svgz`, any case).
fn is_svg(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".svg") || lower.ends_with(".svgz")
}

/// `<title>`, description, canonical URL, Open Graph, JSON-LD (articles), the government-site
/// meta tags and the feeds. Every value goes through the attribute escaper, and the JSON-LD
/// through serde_json with `<` written as `\u003c`, so no title can end the script block.
pub fn page_head(catalog: &Catalog, page: PageOf<'_>, site: &SiteUrl) -> String {
    let meta = page.meta(catalog);
    let info = &catalog.site;
    let title = meta.document_title(&info.name);
    let canonical = page.path(&site.paths()).map(|p| site.absolute(&p));
    let mut m = Markup::new();
    m.element("title", &[], &title);
    let name = |m: &mut Markup, name: &'static str, content: &str| {
        m.void("meta", &[("name", name), ("content", content)]);
    };
    let property = |m: &mut Markup, property: &'static str, content: &str| {
        m.void("meta", &[("property", property), ("content", content)]);
    };
    name(&mut m, "description", &meta.description);
    if meta.noindex {
        name(&mut m, "robots", "noindex");
    }
    if let Some(url) = &canonical {
        m.void("link", &[("rel", "canonical"), ("href", url)]);
    }
    let article = match page {
        PageOf::Article(item) => Some(item),
        _ => None,
    };
    property(
        &mut m,
        "og:type",
        if article.is_some() {
            "article"
        } else {
            "website"
        },
    );
    property(&mut m, "og:site_name", &info.name);
    let og_title = if meta.title.is_empty() {
        &info.name
    } else {
        &meta.title
    };
    property(&mut m, "og:title", og_title);
    property(&mut m, "og:description", &meta.description);
    if let Some(url) = &canonical {
        property(&mut m, "og:url", url);
    }
    // The link preview's picture: the article's own when it is a raster one, else the site's
    // share picture. WeChat's share card (and others') ignores SVG, the sample's pictures.
    let absolute = |src: &&str| src.starts_with("https://") || src.starts_with("http://");
    let image = article
        .and_then(|item| item.image.as_deref())
        .filter(absolute)
        .filter(|src| !is_svg(src))
        .or(info.share_image.as_deref().filter(absolute));
    if let Some(image) = image {
        property(&mut m, "og:image", image);
        name(&mut m, "twitter:card", "summary_large_image");
        name(&mut m, "twitter:image", image);
    }
    if let Some(date) = article.and_then(|item| item.date) {
        property(&mut m, "article:published_time", &date.rfc3339_shanghai());
    }
    // 政府网站发展指引's page tags, read by site inspections.
    name(&mut m, "SiteName", &info.name);
    name(&mut m, "SiteDomain", site.host());
    if let Some(code) = &info.site_id_code {
        name(&mut m, "SiteIDCode", code);
    }
    let channel = match page {
        PageOf::Channel(channel) => Some(channel),
        PageOf::Article(item) => item.channel.as_deref().and_then(|c| info.channel(c)),
        _ => None,
    };
    if let Some(channel) = channel {
        name(&mut m, "ColumnName", &channel.name);
        name(&mut m, "ColumnType", &channel.name);
    }
    if let Some(item) = article {
        name(&mut m, "ArticleTitle", &item.title);
        if let Some(date) = item.date {
            name(&mut m, "PubDate", &date.date_time_string());
        }
        // 信息公开's 发布机构 is the source where the feed names none; its 主题词 are keywords.
        let disclosure = item.disclosure.as_deref();
        let issuer = disclosure.and_then(|d| d.issuer.as_ref());
        if let Some(source) = item.source.as_ref().or(issuer) {
            name(&mut m, "ContentSource", source);
        }
        let mut keywords = item.tags.clone();
        for subject in disclosure
            .map(|d| d.subjects.as_slice())
            .unwrap_or_default()
        {
            if !keywords.contains(subject) {
                keywords.push(subject.clone());
            }
        }
        if !keywords.is_empty() {
            name(&mut m, "Keywords", &keywords.join(","));
        }
    }
    for (kind, file) in [
        ("application/rss+xml", "feed.xml"),
        ("application/feed+json", "feed.json"),
    ] {
        m.void(
            "link",
            &[
                ("rel", "alternate"),
                ("type", kind),
                ("title", &info.name),
                ("href", &format!("{}{file}", site.root())),
            ],
        );
    }
    let mut head = m.finish();
    if let (Some(item), Some(url)) = (article, &canonical) {
        let authors: Vec<Value> = if item.authors.is_empty() {
            vec![json!({ "@type": "Organization", "name": info.name })]
        } else {
            item.authors
                .iter()
                .map(|a| json!({ "@type": "Person", "name": a }))
                .collect()
        };
        let mut ld = json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": item.title,
            "description": meta.description,
            "author": authors,
            "publisher": { "@type": "Organization", "name": info.name, "url": site.root() },
            "mainEntityOfPage": { "@type": "WebPage", "@id": url },
            "url": url,
        });
        if let Some(date) = item.date {
            ld["datePublished"] = Value::String(date.rfc3339_shanghai());
            let modified = item.modified.unwrap_or(date);
            ld["dateModified"] = Value::String(modified.rfc3339_shanghai());
        }
        if let Some(image) = image {
            ld["image"] = json!([image]);
        }
        if !item.tags.is_empty() {
            ld["keywords"] = json!(item.tags);
        }
        head.push_str("<script type=\"application/ld+json\">");
        head.push_str(&json_in_html(&ld));
        head.push_str("</script>");
    }
    head
}

/// JSON for a `<script>` block: `<`, `>` and `&` written as `\u003c` … so that no string in it
/// can close the block or open a comment; it parses as the same JSON.
fn json_in_html(value: &Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
