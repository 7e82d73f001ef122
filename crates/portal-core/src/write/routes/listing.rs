//! The shape channel, tag and search pages share: a heading, a paged list and the sidebar.

use std::sync::Arc;

use crate::model::catalog::{paginate_list, Extent};
use crate::model::paths::Paths;
use crate::model::{Catalog, Item, Paged};
use crate::write::chrome::breadcrumb;
use crate::write::lists::{article_list, pager};
use crate::write::markup::Markup;
use crate::write::sidebar::{sidebar, SidebarFor};
use crate::write::status::{list_status, ListStatus};

pub struct Listing {
    pub heading: String,
    pub description: Option<String>,
    /// Route of page 1, without the base path (`/channel/x`).
    pub route: String,
    pub items: Vec<Arc<Item>>,
    pub page: usize,
    pub page_size: usize,
    /// What is known of the list beyond `items`.
    pub extent: Extent,
    pub sidebar: SidebarFor,
    pub empty: &'static str,
}

/// The whole listing: heading and the page of items asked for, loading status, pager, sidebar.
pub fn listing_page(
    m: &mut Markup,
    catalog: &Catalog,
    listing: &Listing,
    status: &ListStatus,
    paths: &Paths,
) {
    let paged = paginate_list(
        &listing.items,
        listing.page,
        listing.page_size,
        listing.extent,
    );
    m.el("div", &[("class", "wrap layout")], |m| {
        m.el("div", &[("class", "main-col")], |m| {
            listing_markup(m, listing, &paged, paths);
            list_status(m, status);
            if !paged.pending {
                pager(m, &paged, &listing.route, paths);
            }
        });
        sidebar(m, catalog, &listing.sidebar, paths);
    });
}

/// Breadcrumb, heading, description and `paged`, the page of items asked for (nothing while
/// its items are still being read: never another page in its place).
pub fn listing_markup(m: &mut Markup, listing: &Listing, paged: &Paged, paths: &Paths) {
    breadcrumb(m, paths, &[], &listing.heading);
    m.element("h1", &[("class", "page-title")], &listing.heading);
    if let Some(description) = &listing.description {
        m.element("p", &[("class", "page-description")], description);
    }
    if !paged.pending {
        article_list(m, &paged.items, listing.empty, paths);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{catalog_of, well_formed};
    use crate::write::markup::render;

    #[test]
    fn a_listing_pages_its_items_under_a_heading() {
        let feed = r#"{"version": "https://jsonfeed.org/version/1", "title": "t", "items": [
            {"id": "1", "content_text": "一"}, {"id": "2", "content_text": "二"}, {"id": "3", "content_text": "三"}
        ]}"#;
        let catalog = catalog_of(feed);
        let listing = Listing {
            heading: "标签：<x>".into(),
            description: Some("说明".into()),
            route: "/tag/x".into(),
            items: catalog.latest().to_vec(),
            page: 2,
            page_size: 2,
            extent: Extent::Complete,
            sidebar: SidebarFor::default(),
            empty: "没有",
        };
        let paged = paginate_list(
            &listing.items,
            listing.page,
            listing.page_size,
            listing.extent,
        );
        let html = render(|m| listing_markup(m, &listing, &paged, &Paths::default()));
        well_formed(&html);
        assert!(html.contains("<h1 class=\"page-title\">标签：&lt;x&gt;</h1>"));
        assert!(html.contains("<p class=\"page-description\">说明</p>"));
        assert_eq!(html.matches("class=\"article-item\"").count(), 1);
        assert!(html.contains("<a href=\"/article/3\">三</a>"), "{html}");
    }
}
