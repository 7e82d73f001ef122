//! `/page/:slug`: the footer's pages (关于我们, 联系方式, …), written in the feed's `_portal.pages`.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{base_url, feed_url};
use crate::links::{href, set_page_meta};
use crate::model::feed::truncate_chars;
use crate::model::html::text_content;
use crate::model::sanitize::{sanitize, Origin};
use crate::model::url::decode_segment;
use crate::pages::not_found::NotFoundView;
use crate::pages::with_catalog;

#[component]
pub fn InfoPage() -> impl IntoView {
    let params = use_params_map();
    let slug =
        Memo::new(move |_| decode_segment(&params.with(|p| p.get("slug").unwrap_or_default())));
    with_catalog(move |catalog| {
        let Some(page) = catalog.site.page(&slug.get()).cloned() else {
            return NotFoundView(catalog).into_any();
        };
        set_page_meta(
            &page.title,
            &catalog.site.name,
            &truncate_chars(&text_content(&page.content_html), 120),
        );
        let clean = sanitize(
            &page.content_html,
            Origin {
                base: &feed_url(),
                site: &base_url(),
            },
        );
        view! {
            <div class="wrap info-page">
                <nav class="breadcrumb" aria-label="当前位置">
                    <a href=href("/")>"首页"</a>
                    <span aria-hidden="true">" › "</span>
                    <span>{page.title.clone()}</span>
                </nav>
                <h1 class="page-title">{page.title}</h1>
                <div class="article-body" inner_html=clean></div>
            </div>
        }
        .into_any()
    })
}
