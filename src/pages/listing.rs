//! The shape channel and tag pages share (`portal_core::write::routes::listing` writes it), as
//! the app shows it: with the library's loading status under the list.

use leptos::prelude::*;
use portal_core::model::Catalog;
use portal_core::write::markup::render;
use portal_core::write::routes::listing::{listing_page, Listing};

use crate::api::paths;
use crate::library::Library;
use crate::pages::markup_view;

/// The listing's page of the route, with the library's loading status under the list.
pub fn listing_view(catalog: &Catalog, listing: &Listing) -> AnyView {
    let status = expect_context::<Library>().list_status();
    markup_view(render(|m| {
        listing_page(m, catalog, listing, &status, &paths())
    }))
}
