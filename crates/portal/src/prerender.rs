//! The pages `portal build` writes: one HTML file per route, made of the app's shell (Trunk's
//! `index.html`, kept as `shell.html`), a head that says what the page is (title, description,
//! canonical URL, Open Graph, JSON-LD, the government-site meta tags, the feeds) and the body
//! the app renders for that route ([`portal_core::write::page::page_body`]). The CSS of the
//! first paint goes inline, allowed by its hash in the page's own policy
//! ([`Shell::with_critical_css`]).
//!
//! Files go where a static server finds them for the route: the route with `.html` added
//! (`article/<segment>.html`, `channel/<slug>.html`, …), the home page as `index.html`
//! ([`page_file`]). `404.html` is for hosts that serve such a file for unknown paths;
//! deploy/nginx answers those with the shell instead, since a new article must open before the
//! next publish.

use std::path::PathBuf;

use serde_json::{json, Value};

pub use portal_core::names::SHELL_FILE;

use crate::critical_css;
use crate::site_url::SiteUrl;
use crate::Error;
use portal_core::model::Catalog;
use portal_core::write::markup::{render, Markup};
use portal_core::write::page::{page_body, Frame, PageOf};
use portal_core::write::sidebar::Volatile;

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

    /// The shell with the CSS of a written page's first paint inline: Trunk's stylesheet link
    /// becomes a `<style>` of its critical rules ([`critical_css`]), the shell's own
    /// Content-Security-Policy `<meta>` (before it) names that block's hash in `style-src`, and
    /// the link moves to the end of the body, where it blocks no paint of what comes before it
    /// and still brings the rest for the app's later routes. `read_stylesheet` reads a file of
    /// the build by name. A shell with no stylesheet link (a test's `index.html`) is kept as is.
    pub fn with_critical_css(
        mut self,
        read_stylesheet: impl FnOnce(&str) -> Result<String, Error>,
    ) -> Result<Shell, Error> {
        let Some((link_start, link_end)) = stylesheet_link(&self.head) else {
            return Ok(self);
        };
        let link = self.head[link_start..link_end].to_string();
        let problem = |problem: String| Error::Shell {
            file: SHELL_FILE.to_string(),
            problem,
        };
        let file = attribute(&link, "href")
            .and_then(|href| href.split(['?', '#']).next())
            .and_then(|path| path.rsplit('/').next())
            .filter(|name| !name.is_empty())
            .ok_or_else(|| problem(format!("names no file in its stylesheet link {link}")))?
            .to_string();
        let critical = critical_css::select(&read_stylesheet(&file)?, &file)?;
        let meta_start = self.head[..link_start].find(CSP_META).ok_or_else(|| {
            problem(
                "has no Content-Security-Policy <meta> before its stylesheet: the page's inline \
                     CSS would run under the server's 'unsafe-inline' alone (docs/serving.md)"
                    .into(),
            )
        })?;
        let policy_start = meta_start + CSP_META.len();
        let policy_end = self.head[policy_start..]
            .find('"')
            .map(|i| policy_start + i)
            .ok_or_else(|| problem("has an unterminated Content-Security-Policy <meta>".into()))?;
        let policy = self.head[policy_start..policy_end].to_string();
        let narrowed = with_style_source(&policy, &critical_css::hash_source(&critical))
            .ok_or_else(|| {
                problem(format!(
                    "has no style-src in its Content-Security-Policy <meta> ({policy})"
                ))
            })?;
        // Replaced from the end, so the earlier offsets still hold.
        self.head
            .replace_range(link_start..link_end, &format!("<style>{critical}</style>"));
        self.head.replace_range(policy_start..policy_end, &narrowed);
        self.tail.insert_str(0, &link);
        Ok(self)
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

/// How the shell's policy `<meta>` starts, up to its content.
const CSP_META: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"";

/// Where the first `<link rel="stylesheet" …>` of `head` starts and ends.
fn stylesheet_link(head: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(at) = head[from..].find("<link ").map(|i| from + i) {
        let end = head[at..].find('>').map_or(head.len(), |i| at + i + 1);
        if head[at..end].contains("rel=\"stylesheet\"") {
            return Some((at, end));
        }
        from = end;
    }
    None
}

/// The value of the double-quoted attribute `name` of `tag`.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// `policy` with `source` added to its `style-src`; `None` when it has none.
fn with_style_source(policy: &str, source: &str) -> Option<String> {
    let mut found = false;
    let directives: Vec<String> = policy
        .split(';')
        .map(|directive| {
            if directive.trim_start().starts_with("style-src ") {
                found = true;
                format!("{} {source}", directive.trim_end())
            } else {
                directive.to_string()
            }
        })
        .collect();
    found.then(|| directives.join(";"))
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
/// `article/<segment>.html` for an article; `None` when a segment would be too long for a file
/// name (the route stays client-rendered).
///
/// A file beside the others, not a folder of its own (`article/<segment>/index.html` until
/// 2026-12-07): at 100k articles, making a folder and linking a file into each took 4.2 s on
/// the bench machine and linking the files alone 0.84 s; deleting such a release, 7.8 s
/// against 0.49 s. Every build into a release does both.
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
    Some(PathBuf::from(format!("{route}.html")))
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
        volatile: Volatile::Published,
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

#[cfg(test)]
mod tests {
    use super::*;

    const SHELL: &str = "<!doctype html><html><head>\
        <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; style-src 'self'; img-src 'self'\" />\
        <title>t</title><link rel=\"stylesheet\" href=\"/portal/main-0a1b.css\" integrity=\"sha384-x\"/>\
        </head><body><div id=\"boot-shell\"></div></body></html>";

    fn inlined(css: &str) -> Result<String, Error> {
        let shell = Shell::parse(SHELL, "index.html")?.with_critical_css(|name| {
            assert_eq!(name, "main-0a1b.css");
            Ok(css.to_string())
        })?;
        Ok(shell.page("<title>p</title>", "<p>body</p>"))
    }

    #[test]
    fn a_written_page_carries_its_critical_css_allowed_by_its_hash_and_links_the_rest_last() {
        let page =
            inlined("/* critical */ body { margin: 0 } /* /critical */ .late { color: red }")
                .unwrap();
        let hash = critical_css::hash_source("body{margin:0}");
        let policy = format!("style-src 'self' {hash}; img-src");
        let meta = page
            .find(&policy)
            .expect("the hash in the page's own policy");
        let style = page.find("<style>body{margin:0}</style>").expect("inline");
        let body = page.find("<p>body</p>").unwrap();
        let link = page.find("<link rel=\"stylesheet\" href=\"/portal/main-0a1b.css\" integrity=\"sha384-x\"/></body>");
        assert!(meta < style && style < body && body < link.expect("the link at the body's end"));
        assert_eq!(page.matches("rel=\"stylesheet\"").count(), 1);
    }

    #[test]
    fn a_stylesheet_with_no_critical_rules_or_a_policy_without_style_src_is_refused() {
        assert!(inlined(".late { color: red }").is_err());
        let no_style_src = SHELL.replace("style-src 'self'; ", "");
        let refused = Shell::parse(&no_style_src, "index.html")
            .unwrap()
            .with_critical_css(|_| Ok("/* critical */a{}/* /critical */".into()));
        assert!(refused.is_err_and(|e| e.to_string().contains("no style-src")));
    }

    #[test]
    fn a_shell_without_a_stylesheet_link_is_kept_as_it_is() {
        let plain = SHELL.replace("rel=\"stylesheet\"", "rel=\"icon\"");
        let shell = Shell::parse(&plain, "index.html")
            .unwrap()
            .with_critical_css(|_| panic!("nothing to read"))
            .unwrap();
        assert!(!shell.page("", "").contains("<style>"));
    }
}
