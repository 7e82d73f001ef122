//! A whole page of the portal for one route, as markup: the frame every page has (skip link,
//! header, main, footer) around the route's own writer. The publisher writes it into the page's
//! file (crates/portal/src/build.rs); the app renders the same writers through its route components, and a
//! browser test (tests/web.rs) compares the app's DOM with this markup route by route.

use std::sync::Arc;

use crate::html::sanitize::Origin;
use crate::model::catalog::Positions;
use crate::model::feed::{Channel, InfoPage};
use crate::model::paths::Paths;
use crate::model::{Catalog, Item};
use crate::write::chrome::{footer, site_header};
use crate::write::head::PageMeta;
use crate::write::markup::Markup;
use crate::write::routes::article::{article, article_meta};
use crate::write::routes::channel::{channel_listing, channel_meta};
use crate::write::routes::home::{self, home_meta, home_page};
use crate::write::routes::info::{info_meta, info_page};
use crate::write::routes::listing::listing_page;
use crate::write::routes::not_found::{self, not_found_page};
use crate::write::routes::sitemap::{self, sitemap, sitemap_meta};
use crate::write::routes::tag::{tag_listing, tag_meta};
use crate::write::sidebar::{self, Volatile};
use crate::write::status::{content_notices, ListStatus};

/// What a route shows, found in the content: the first page of a list, an article, a footer
/// page, the sitemap, or the 404 page.
#[derive(Clone, Copy)]
pub enum PageOf<'a> {
    Home,
    Channel(&'a Channel),
    Tag(&'a str),
    Article(&'a Arc<Item>),
    Info(&'a InfoPage),
    Sitemap,
    NotFound,
}

impl<'a> PageOf<'a> {
    /// The route's path under `paths`' base (the 404 page has none of its own: `None`).
    pub fn path(&self, paths: &Paths) -> Option<String> {
        Some(match self {
            PageOf::Home => paths.home(),
            PageOf::Channel(channel) => paths.channel(&channel.slug),
            PageOf::Tag(tag) => paths.tag(tag),
            PageOf::Article(item) => paths.article(&item.id),
            PageOf::Info(page) => paths.info_page(&page.slug),
            PageOf::Sitemap => paths.route("/sitemap"),
            PageOf::NotFound => return None,
        })
    }

    /// The same page in `catalog`, whose items and settings it then shows; `None` when
    /// `catalog` does not hold it.
    pub fn in_catalog<'b>(&self, catalog: &'b Catalog) -> Option<PageOf<'b>>
    where
        'a: 'b,
    {
        Some(match self {
            PageOf::Home => PageOf::Home,
            PageOf::Channel(channel) => PageOf::Channel(catalog.site.channel(&channel.slug)?),
            PageOf::Tag(tag) => PageOf::Tag(tag),
            PageOf::Article(item) => PageOf::Article(catalog.item(&item.id)?),
            PageOf::Info(page) => PageOf::Info(catalog.site.page(&page.slug)?),
            PageOf::Sitemap => PageOf::Sitemap,
            PageOf::NotFound => PageOf::NotFound,
        })
    }

    /// The page's title and description, as the app sets them.
    pub fn meta(&self, catalog: &Catalog) -> PageMeta {
        match self {
            PageOf::Home => home_meta(catalog),
            PageOf::Channel(channel) => channel_meta(catalog, &channel.slug),
            PageOf::Tag(tag) => tag_meta(tag),
            PageOf::Article(item) => article_meta(item),
            PageOf::Info(page) => info_meta(catalog, &page.slug),
            PageOf::Sitemap => sitemap_meta(),
            PageOf::NotFound => PageMeta::not_found(),
        }
    }
}

/// The items of the whole archive that pages show besides their own list, each once, newest
/// first: the sidebar's boxes, the home page's headline and channel blocks, the newest items of
/// the sitemap and 404 pages. The published feed's first page carries them as its context,
/// so that the app, having read that page, draws every such list from the same items.
pub fn site_context(catalog: &Catalog) -> Vec<Arc<Item>> {
    let mut items = sidebar::drawn_from(catalog);
    items.extend(home::drawn_from(catalog));
    items.extend(sitemap::drawn_from(catalog));
    items.extend(not_found::drawn_from(catalog));
    newest_once(items)
}

/// The items an article's page shows that [`site_context`] does not hold: its 上一篇 and
/// 下一篇, its 同类资讯, found through `positions` (the catalog's), and `reading`, its 相关阅读
/// (which its own file names too). Its own file carries them.
pub fn article_context(
    catalog: &Catalog,
    positions: &Positions,
    item: &Item,
    reading: &[Arc<Item>],
) -> Vec<Arc<Item>> {
    let (newer, older) = catalog.neighbours_in(item, Some(positions));
    let mut items: Vec<Arc<Item>> = newer.into_iter().chain(older).collect();
    items.extend(sidebar::drawn_for(catalog, positions, item));
    items.extend(reading.iter().cloned());
    newest_once(items)
}

/// `items` without repeats, newest first (undated last), as the catalog orders them.
fn newest_once(mut items: Vec<Arc<Item>>) -> Vec<Arc<Item>> {
    let mut seen = std::collections::HashSet::new();
    items.retain(|item| seen.insert(item.id.clone()));
    crate::model::catalog::sort_items(&mut items, &|a, b| b.date.cmp(&a.date));
    items
}

/// Where the page is and what it is written for.
pub struct Frame<'a> {
    pub paths: &'a Paths,
    /// The site's own address (`https://example.com/portal/`): links in bodies that point to it
    /// are the site's own.
    pub site_url: &'a str,
    /// The feed's URL: relative links in footer pages are read against it.
    pub feed_url: &'a str,
    /// The feed as 内容提示 names it (`content/feed.json`).
    pub feed_name: &'a str,
    pub volatile: Volatile,
}

/// The body of the page: skip link, header, the route's content in `<main>`, footer. Written as
/// the app's DOM is once its feed is loaded: the same elements, down to the `markup` boxes.
pub fn page_body(m: &mut Markup, catalog: &Catalog, page: PageOf<'_>, frame: &Frame<'_>) {
    let paths = frame.paths;
    let here = page.path(paths).unwrap_or_default();
    m.element(
        "a",
        &[("class", "skip-link"), ("href", "#main")],
        "跳到正文",
    );
    site_header(m, &catalog.site, paths, &here);
    m.el("main", &[("id", "main"), ("tabindex", "-1")], |m| {
        m.el("div", &[("class", "markup")], |m| {
            main_content(m, catalog, page, frame)
        });
        if let PageOf::Home = page {
            m.el("div", &[("class", "wrap")], |m| {
                m.el("div", &[("class", "markup")], |m| {
                    content_notices(m, &catalog.problems, frame.feed_name)
                });
            });
        }
    });
    m.el("div", &[("class", "markup")], |m| {
        footer(m, Some(&catalog.site), paths)
    });
}

/// What the route's component renders in `<main>`, page 1, with nothing left loading.
fn main_content(m: &mut Markup, catalog: &Catalog, page: PageOf<'_>, frame: &Frame<'_>) {
    let (paths, status) = (frame.paths, ListStatus::default());
    match page {
        PageOf::Home => home_page(m, catalog, 1, &status, frame.volatile, paths),
        PageOf::Channel(channel) => {
            let mut listing = channel_listing(catalog, channel, 1);
            listing.sidebar.volatile = frame.volatile;
            listing_page(m, catalog, &listing, &status, paths);
        }
        PageOf::Tag(tag) => {
            let mut listing = tag_listing(catalog, tag, 1);
            listing.sidebar.volatile = frame.volatile;
            listing_page(m, catalog, &listing, &status, paths);
        }
        PageOf::Article(item) => article(m, catalog, item, frame.site_url, frame.volatile, paths),
        PageOf::Info(info) => {
            let origin = Origin {
                base: frame.feed_url,
                site: frame.site_url,
            };
            info_page(m, info, origin, paths);
        }
        PageOf::Sitemap => sitemap(m, catalog, paths),
        PageOf::NotFound => not_found_page(m, catalog, None, paths),
    }
}
