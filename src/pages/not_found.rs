//! Unknown routes and unknown ids: a 404 page with the newest articles to go on with.

use leptos::prelude::*;

use crate::components::lists::title_list;
use crate::components::status::MoreFailure;
use crate::links::Paths;
use crate::markup::{render, Markup};
use crate::meta::{use_page_meta, PageMeta};
use crate::model::Catalog;
use crate::pages::with_catalog;

const RECENT: usize = 8;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    use_page_meta(|_| Some(PageMeta::not_found()));
    with_catalog(not_found_view)
}

/// The 404 content, for routes that find their parameter unknown.
pub fn not_found_view(catalog: &Catalog) -> AnyView {
    let paths = Paths::here();
    view! {
        <div class="wrap not-found">
            <h1>"页面不存在（404）"</h1>
            <p>"您访问的页面不存在，可能已被删除或地址有误。"</p>
            // When looking for it failed (an older page or the article's own file), say why.
            <MoreFailure />
            <div class="markup" inner_html=render(|m| ways_on(m, catalog, &paths))></div>
        </div>
    }
    .into_any()
}

/// A link home and the newest articles.
fn ways_on(m: &mut Markup, catalog: &Catalog, paths: &Paths) {
    m.el("p", &[], |m| {
        m.link(&paths.home(), "返回网站首页");
    });
    let recent: Vec<_> = catalog.latest().iter().take(RECENT).cloned().collect();
    if !recent.is_empty() {
        m.el("section", &[("aria-labelledby", "recent-heading")], |m| {
            m.element("h2", &[("id", "recent-heading")], "最新资讯");
            title_list(m, &recent, false, paths);
        });
    }
}
