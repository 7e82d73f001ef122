//! `/sitemap`: every channel, page and tag of the site, and the newest articles.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::model::paths::Paths;
use crate::model::{Catalog, Item};
use crate::write::head::PageMeta;
use crate::write::lists::title_list;
use crate::write::markup::Markup;

/// The newest items of the whole archive, which the sitemap page lists: a published first
/// page carries them.
pub fn drawn_from(catalog: &Catalog) -> Vec<Arc<Item>> {
    catalog.newest(RECENT)
}

const RECENT: usize = 20;

pub fn sitemap_meta() -> PageMeta {
    PageMeta::new("网站地图", "网站的全部栏目、页面和标签")
}

pub fn sitemap(m: &mut Markup, catalog: &Catalog, paths: &Paths) {
    let site = &catalog.site;
    // The whole archive's tags when the feed declares them, else those of the items read.
    let mut tags: BTreeMap<&str, u64> = BTreeMap::new();
    match &site.tag_counts {
        Some(declared) => tags.extend(declared.iter().map(|(tag, n)| (tag.as_str(), *n))),
        None => {
            for item in catalog.all() {
                for tag in &item.tags {
                    *tags.entry(tag.as_str()).or_default() += 1;
                }
            }
        }
    }
    m.el("div", &[("class", "wrap sitemap")], |m| {
        m.element("h1", &[("class", "page-title")], "网站地图");
        m.el("section", &[], |m| {
            m.element("h2", &[], "栏目").el("ul", &[], |m| {
                m.el("li", &[], |m| {
                    m.link(&paths.home(), "网站首页");
                });
                for channel in &site.channels {
                    m.el("li", &[], |m| {
                        m.link(&paths.channel(&channel.slug), &channel.name);
                    });
                }
            });
        });
        if !site.pages.is_empty() {
            m.el("section", &[], |m| {
                m.element("h2", &[], "网站信息").el("ul", &[], |m| {
                    for page in &site.pages {
                        m.el("li", &[], |m| {
                            m.link(&paths.info_page(&page.slug), &page.title);
                        });
                    }
                });
            });
        }
        if !tags.is_empty() {
            m.el("section", &[], |m| {
                m.element("h2", &[], "标签")
                    .el("ul", &[("class", "tag-cloud")], |m| {
                        for (tag, count) in &tags {
                            m.el("li", &[], |m| {
                                m.el("a", &[("href", &paths.tag(tag))], |m| {
                                    m.text(tag).element(
                                        "span",
                                        &[("class", "count")],
                                        &format!("（{count}）"),
                                    );
                                });
                            });
                        }
                    });
            });
        }
        let recent = catalog.newest(RECENT);
        m.el("section", &[], |m| {
            m.element("h2", &[], "最新资讯");
            title_list(m, &recent, false, paths);
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{catalog_of, well_formed};
    use crate::write::markup::render;

    #[test]
    fn tags_are_counted_once_per_item_in_order() {
        let feed = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [
            {"id": "1", "content_text": "一", "tags": ["乙", "甲"]},
            {"id": "2", "content_text": "二", "tags": ["甲"]}
        ]}"#;
        let catalog = catalog_of(feed);
        let html = render(|m| sitemap(m, &catalog, &Paths::default()));
        well_formed(&html);
        let cloud = html.split("tag-cloud").nth(1).unwrap_or_default();
        let jia = cloud.find("甲<span class=\"count\">（2）</span>");
        let yi = cloud.find("乙<span class=\"count\">（1）</span>");
        assert!(jia.is_some() && yi.is_some(), "{cloud}");
        assert!(yi < jia, "in code point order, U+4E59 乙 before U+7532 甲");
    }
}
