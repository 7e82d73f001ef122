//! What each route shows in `<main>`, one module per route, as the app's `pages` are.

pub mod article;
pub mod channel;
pub mod home;
pub mod info;
pub mod listing;
pub mod not_found;
pub mod search;
pub mod sitemap;
pub mod tag;
