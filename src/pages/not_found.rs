//! Unknown routes and unknown ids: a 404 page with the newest articles to go on with.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::lists::title_list;
use crate::components::status::more_failure;
use crate::library::Library;
use crate::links::Paths;
use crate::markup::{render, Markup};
use crate::meta::{use_page_meta, PageMeta};
use crate::model::{Catalog, Item, LoadError};
use crate::offline::{is_offline, OfflinePage};
use crate::pages::{markup_view, with_catalog};

/// The newest items of the whole archive, which the 404 page lists: a published first page
/// carries them.
pub fn drawn_from(catalog: &Catalog) -> Vec<Arc<Item>> {
    catalog.newest(RECENT)
}

const RECENT: usize = 8;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    use_page_meta(|_| Some(PageMeta::not_found()));
    with_catalog(not_found_view)
}

/// The 404 content, for routes that find their parameter unknown; when looking for it failed
/// (an older page or the article's own file), it says why; offline, it says so and lists what
/// can be read.
pub fn not_found_view(catalog: &Catalog) -> AnyView {
    let error = expect_context::<Library>().more_error();
    if is_offline(error.as_ref()) {
        return view! { <div class="wrap"><OfflinePage /></div> }.into_any();
    }
    markup_view(render(|m| {
        not_found_page(m, catalog, error.as_ref(), &Paths::here())
    }))
}

/// 页面不存在, why if it is known, and ways on.
pub fn not_found_page(m: &mut Markup, catalog: &Catalog, error: Option<&LoadError>, paths: &Paths) {
    m.el("div", &[("class", "wrap not-found")], |m| {
        m.element("h1", &[], "页面不存在（404）").element(
            "p",
            &[],
            "您访问的页面不存在，可能已被删除或地址有误。",
        );
        more_failure(m, error);
        ways_on(m, catalog, paths);
    });
}

/// A link home and the newest articles.
fn ways_on(m: &mut Markup, catalog: &Catalog, paths: &Paths) {
    m.el("p", &[], |m| {
        m.link(&paths.home(), "返回网站首页");
    });
    let recent = catalog.newest(RECENT);
    if !recent.is_empty() {
        m.el("section", &[("aria-labelledby", "recent-heading")], |m| {
            m.element("h2", &[("id", "recent-heading")], "最新资讯");
            title_list(m, &recent, false, paths);
        });
    }
}
