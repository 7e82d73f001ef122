//! `/search?q=…&c=…&page=N`: the whole archive through the published search index
//! (the app's src/search_client.rs), or, for a feed published without one, the items loaded.

use std::sync::Arc;

use crate::model::catalog::{paginate_list, Extent};
use crate::model::paths::Paths;
use crate::model::url::percent_encode_component;
use crate::model::{Catalog, Item, Paged};
use crate::search::{matching_items, Found, Query, QUERY_MAX_CHARS};
use crate::write::chrome::breadcrumb;
use crate::write::lists::{article_list, date, pager, title_list};
use crate::write::markup::Markup;
use crate::write::sidebar::{sidebar, SidebarFor};

/// Items listed when a search finds nothing.
const LATEST_OFFERED: usize = 8;

/// 搜索, or 搜索：query.
pub fn heading(query: &str) -> String {
    if query.trim().is_empty() {
        "搜索".to_string()
    } else {
        format!("搜索：{query}")
    }
}

/// Where a search is.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The feed names no index: the loaded items were searched.
    LoadedOnly,
    Searching,
    Found(Found),
    /// The index could not be read (the message says which file and why): the loaded items
    /// were searched instead.
    Failed(String),
}

/// The route of a search, page 1, with its filter.
fn search_route(query: &str, channel: Option<&str>) -> String {
    let mut route = format!("/search?q={}", percent_encode_component(query));
    if let Some(c) = channel {
        route.push_str("&c=");
        route.push_str(&percent_encode_component(c));
    }
    route
}

/// The whole search page.
pub fn search_page(
    m: &mut Markup,
    catalog: &Catalog,
    text: &str,
    channel: Option<&str>,
    page: usize,
    outcome: &Outcome,
    paths: &Paths,
) {
    let query = Query::parse(text);
    let heading = heading(text);
    m.el("div", &[("class", "wrap layout")], |m| {
        m.el("div", &[("class", "main-col search-page")], |m| {
            breadcrumb(m, paths, &[], &heading);
            m.element("h1", &[("class", "page-title")], &heading);
            if query.is_empty() {
                let message = if text.trim().is_empty() {
                    "请输入要搜索的字词。".to_string()
                } else {
                    "搜索词中没有可以搜索的文字：标点、符号和表情不参与搜索。".to_string()
                };
                m.element("p", &[("class", "search-status")], &message);
                return;
            }
            if query.cut {
                m.element(
                    "p",
                    &[("class", "search-note")],
                    &format!("搜索词过长，只按前 {QUERY_MAX_CHARS} 个字搜索。"),
                );
            }
            match outcome {
                Outcome::LoadedOnly => {
                    let note = format!(
                        "此站点未发布全文索引：只在已加载的 {} 篇资讯中搜索标题、摘要、标签和来源。",
                        catalog.len()
                    );
                    loaded_results(m, catalog, text, channel, page, &note, paths);
                }
                Outcome::Failed(problem) => {
                    let note = format!(
                        "全文索引暂时无法读取（{problem}）：下面只是已加载的 {} 篇资讯中的结果。",
                        catalog.len()
                    );
                    loaded_results(m, catalog, text, channel, page, &note, paths);
                }
                Outcome::Searching => {
                    m.element(
                        "p",
                        &[("class", "search-status"), ("role", "status")],
                        "正在搜索…",
                    );
                }
                Outcome::Found(found) => {
                    found_results(m, catalog, text, channel, page, found, paths)
                }
            }
        });
        sidebar(m, catalog, &SidebarFor::default(), paths);
    });
}

/// Searches the loaded items, as the portal did before it had an index.
fn loaded_results(
    m: &mut Markup,
    catalog: &Catalog,
    text: &str,
    channel: Option<&str>,
    page: usize,
    note: &str,
    paths: &Paths,
) {
    m.element("p", &[("class", "search-note")], note);
    let items: Vec<Arc<Item>> = matching_items(catalog.all(), &catalog.site, &Query::parse(text))
        .into_iter()
        .filter(|i| channel.is_none() || i.channel.as_deref() == channel)
        .collect();
    let paged = paginate_list(&items, page, catalog.site.page_size, Extent::Complete);
    if !items.is_empty() {
        m.element(
            "p",
            &[("class", "search-count"), ("role", "status")],
            &format!("在已加载的资讯中找到 {} 条结果", items.len()),
        );
    }
    article_list(m, &paged.items, "没有找到相关资讯。", paths);
    pager(m, &paged, &search_route(text, channel), paths);
}

fn found_results(
    m: &mut Markup,
    catalog: &Catalog,
    text: &str,
    channel: Option<&str>,
    page: usize,
    found: &Found,
    paths: &Paths,
) {
    if found.stale {
        m.element(
            "p",
            &[("class", "search-note")],
            "搜索索引与当前内容不一致（内容在发布后改动过）：结果可能不全，重新发布后即可更新。",
        );
    }
    channel_filter(m, catalog, text, channel, paths);
    let count = if found.exact {
        format!("共找到 {} 条结果", found.total)
    } else if found.at_least {
        format!("至少找到 {} 条结果", found.total)
    } else {
        format!("找到约 {} 条结果", found.total)
    };
    m.element(
        "p",
        &[("class", "search-count"), ("role", "status")],
        &count,
    );
    if found.hits.is_empty() {
        m.element(
            "p",
            &[("class", "search-empty")],
            &format!("没有找到与“{text}”相关的资讯。看看最新资讯："),
        );
        let latest: Vec<Arc<Item>> = catalog
            .latest()
            .iter()
            .take(LATEST_OFFERED)
            .cloned()
            .collect();
        title_list(m, &latest, false, paths);
        return;
    }
    m.el("ol", &[("class", "search-results")], |m| {
        for hit in &found.hits {
            m.el("li", &[("class", "search-result")], |m| {
                m.el("h2", &[], |m| {
                    m.link(&paths.article(&hit.item.id), &hit.item.title);
                });
                m.el("p", &[("class", "snippet")], |m| {
                    for (piece, marked) in &hit.snippet {
                        if *marked {
                            m.element("mark", &[], piece);
                        } else {
                            m.text(piece);
                        }
                    }
                });
                m.el("p", &[("class", "meta")], |m| {
                    if let Some(c) = hit
                        .item
                        .channel
                        .as_deref()
                        .and_then(|c| catalog.site.channel(c))
                    {
                        m.link(&paths.channel(&c.slug), &c.name);
                        m.text(" · ");
                    }
                    date(m, &hit.item);
                });
            });
        }
    });
    if found.unchecked {
        m.element(
            "p",
            &[("class", "search-note")],
            "还有可能相关的结果未逐条核对：换用更具体的搜索词可以找得更准。",
        );
    }
    let page_size = catalog.site.page_size.max(1);
    let known_pages = if found.exact {
        (found.total as usize).div_ceil(page_size)
    } else {
        page
    };
    let paged = Paged {
        items: Vec::new(),
        page,
        total_pages: known_pages.max(page),
        total_items: found.total as usize,
        pending: false,
        more: !found.exact && found.more,
    };
    pager(m, &paged, &search_route(text, channel), paths);
}

/// 全部 and each channel: the same search in one channel.
fn channel_filter(
    m: &mut Markup,
    catalog: &Catalog,
    text: &str,
    channel: Option<&str>,
    paths: &Paths,
) {
    if catalog.site.channels.is_empty() {
        return;
    }
    m.el(
        "nav",
        &[("class", "search-channels"), ("aria-label", "按栏目筛选")],
        |m| {
            m.el("ul", &[], |m| {
                let mut option = |label: &str, slug: Option<&str>| {
                    m.el("li", &[], |m| {
                        let href = paths.route(&search_route(text, slug));
                        if slug == channel {
                            m.element("a", &[("href", &href), ("aria-current", "page")], label);
                        } else {
                            m.element("a", &[("href", &href)], label);
                        }
                    });
                };
                option("全部栏目", None);
                for c in &catalog.site.channels {
                    option(&c.name, Some(&c.slug));
                }
            });
        },
    );
}
