//! A whole page of the portal for one route, as markup: the frame every page has (skip link,
//! header, main, footer) around the route's own writer. The publisher writes it into the page's
//! file (src/publish.rs); the app renders the same writers through its route components, and a
//! browser test (tests/web.rs) compares the app's DOM with this markup route by route.

use std::sync::Arc;

use crate::components::chrome::{footer, site_header};
use crate::components::sidebar::Counts;
use crate::components::status::{content_notices, ListStatus};
use crate::links::Paths;
use crate::markup::Markup;
use crate::meta::PageMeta;
use crate::model::feed::{Channel, InfoPage};
use crate::model::sanitize::Origin;
use crate::model::{Catalog, Item};
use crate::pages::article::{article, article_meta};
use crate::pages::channel::{channel_listing, channel_meta};
use crate::pages::home::{home_meta, home_page};
use crate::pages::info::{info_meta, info_page};
use crate::pages::listing::listing_page;
use crate::pages::not_found::not_found_page;
use crate::pages::sitemap::{sitemap, sitemap_meta};
use crate::pages::tag::{tag_listing, tag_meta};

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

impl PageOf<'_> {
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
    pub counts: Counts,
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
        PageOf::Home => home_page(m, catalog, 1, &status, frame.counts, paths),
        PageOf::Channel(channel) => {
            let mut listing = channel_listing(catalog, channel, 1);
            listing.sidebar.counts = frame.counts;
            listing_page(m, catalog, &listing, &status, paths);
        }
        PageOf::Tag(tag) => {
            let mut listing = tag_listing(catalog, tag, 1);
            listing.sidebar.counts = frame.counts;
            listing_page(m, catalog, &listing, &status, paths);
        }
        PageOf::Article(item) => article(m, catalog, item, frame.site_url, frame.counts, paths),
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
