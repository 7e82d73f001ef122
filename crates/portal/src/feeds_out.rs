//! What machines read beside the pages: `sitemap.xml` (a sitemap index past 50,000 URLs or
//! 10 MB), `robots.txt` naming it, the newest items as `feed.xml` (RSS 2.0) and `feed.json`
//! (JSON Feed 1.1, written by the core's writer) for subscribers, and the web app manifest
//! named after the site. Route paths come from [`Paths`], so every URL is the one the app
//! links to.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use portal_core::html::escape_attr;
use portal_core::model::feed::write::{write_item, FeedJson, ItemJson, ItemOut};
use portal_core::model::paths::Paths;
use portal_core::model::{Catalog, Item, Site};
use serde_json::{json, Value};

use crate::site_url::SiteUrl;

/// Items in `feed.xml` and `feed.json`.
pub const SUBSCRIPTION_ITEMS: usize = 50;
/// The sitemap protocol's limits for one file.
pub const SITEMAP_MAX_URLS: usize = 50_000;
pub const SITEMAP_MAX_BYTES: usize = 10 * 1024 * 1024;
/// Characters of text in an RSS item's description.
const DESCRIPTION_CHARS: usize = 200;

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
    let items: Vec<ItemJson> = newest(catalog)
        .map(|item| ItemJson {
            url: Some(site.absolute(&paths.article(&item.id))),
            ..item_json(item, site, Urls::Absolute)
        })
        .collect();
    FeedJson {
        title: Some(meta.name.clone()),
        home_page_url: Some(root.clone()),
        feed_url: Some(format!("{root}feed.json")),
        language: Some(meta.language.clone()),
        ..FeedJson::of(items)
    }
    .pretty()
}

/// How URLs into the site are written in a feed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Urls {
    /// Whole (`https://example.com/content/a.png`): for subscribers, who read the feed elsewhere.
    Absolute,
    /// From the site's root (`/content/a.png`): for the portal's own content files, which then
    /// work on whatever host serves them (a staging host, a test server). With `_portal`.
    SiteRelative,
}

/// One item as JSON Feed 1.1, its HTML through the portal's sanitiser, as the portal's parser
/// reads it back.
pub fn item_json(item: &Item, site: &SiteUrl, urls: Urls) -> ItemJson {
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

/// The build's web app manifest (public/manifest.webmanifest).
pub const MANIFEST: &str = "manifest.webmanifest";
/// The longest short name a home screen shows whole (Chrome's guidance: 12 characters).
const SHORT_NAME_CHARS: usize = 12;

/// The build's web app manifest, naming the site as its content does: `name`, `description`,
/// and `short_name` when the name is short enough. `None` when the build has none.
pub fn named_manifest(dist: &Path, site: &Site) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
