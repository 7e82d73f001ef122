//! Unknown routes and unknown ids: a 404 page with the newest articles to go on with.

use std::sync::Arc;

use crate::model::paths::Paths;
use crate::model::{Catalog, Item, LoadError};
use crate::write::lists::title_list;
use crate::write::markup::Markup;
use crate::write::status::more_failure;

/// The newest items of the whole archive, which the 404 page lists: a published first page
/// carries them.
pub fn drawn_from(catalog: &Catalog) -> Vec<Arc<Item>> {
    catalog.newest(RECENT)
}

const RECENT: usize = 8;

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
