//! Lists of articles and their pager.

use std::sync::Arc;

use leptos::prelude::*;

use crate::links::{article_href, href};
use crate::model::{Item, Paged};

/// Characters of teaser under a title in a list.
const TEASER_CHARS: usize = 80;

/// The date as lists show it, or nothing for an undated item.
pub fn date_view(item: &Item) -> impl IntoView {
    item.date
        .map(|d| view! { <time datetime=d.iso_shanghai()>{d.date_string()}</time> })
}

/// The 示例内容 label of sample items.
pub fn sample_badge(item: &Item) -> impl IntoView {
    item.sample
        .then(|| view! { <span class="badge-sample">"示例内容"</span> })
}

/// A list of articles with title, date, teaser and a thumbnail where there is a picture.
#[component]
pub fn ArticleList(items: Vec<Arc<Item>>, #[prop(optional)] empty: &'static str) -> impl IntoView {
    if items.is_empty() {
        let message = if empty.is_empty() {
            "暂无资讯。"
        } else {
            empty
        };
        return view! { <p class="empty">{message}</p> }.into_any();
    }
    view! {
        <ul class="article-list">
            {items
                .into_iter()
                .map(|item| {
                    let thumb = item.image.clone().map(|src| {
                        view! {
                            <img class="thumb" src=src alt="" width="160" height="90" loading="lazy" decoding="async" />
                        }
                    });
                    view! {
                        <li class="article-item">
                            {thumb}
                            <div class="article-item-text">
                                <h3>
                                    <a href=article_href(&item.id)>{item.title.clone()}</a>
                                    {sample_badge(&item)}
                                </h3>
                                <p class="teaser">{item.teaser(TEASER_CHARS)}</p>
                                <p class="meta">
                                    {date_view(&item)}
                                    {item.source.clone().map(|s| view! { <span class="source">{s}</span> })}
                                </p>
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// Titles only, for compact blocks.
#[component]
pub fn TitleList(items: Vec<Arc<Item>>, #[prop(optional)] numbered: bool) -> impl IntoView {
    let rows = items
        .into_iter()
        .map(|item| {
            view! {
                <li>
                    <a href=article_href(&item.id)>{item.title.clone()}</a>
                    {date_view(&item)}
                </li>
            }
        })
        .collect_view();
    if numbered {
        view! { <ol class="title-list ranked">{rows}</ol> }.into_any()
    } else {
        view! { <ul class="title-list">{rows}</ul> }.into_any()
    }
}

/// 上一页 / page numbers / 下一页 for a list at `route` (a route path, `?page=N` is added).
#[component]
pub fn Pager(paged: Paged, route: String, #[prop(optional)] more_exist: bool) -> impl IntoView {
    let total = paged.total_pages + usize::from(more_exist);
    if total <= 1 {
        return ().into_any();
    }
    let link = move |page: usize| {
        if page == 1 {
            href(&route)
        } else {
            let separator = if route.contains('?') { '&' } else { '?' };
            href(&format!("{route}{separator}page={page}"))
        }
    };
    let current = paged.page;
    let numbers = (1..=total)
        .filter(|p| *p == 1 || *p == total || p.abs_diff(current) <= 2)
        .map(|p| {
            let label = if more_exist && p == total {
                "更多…".to_string()
            } else {
                p.to_string()
            };
            if p == current {
                view! { <li><span class="current" aria-current="page">{label}</span></li> }
                    .into_any()
            } else {
                view! { <li><a href=link(p)>{label}</a></li> }.into_any()
            }
        })
        .collect_view();
    view! {
        <nav class="pager" aria-label="分页">
            <ul>
                {(current > 1).then(|| view! { <li><a rel="prev" href=link(current - 1)>"上一页"</a></li> })}
                {numbers}
                {(current < total).then(|| view! { <li><a rel="next" href=link(current + 1)>"下一页"</a></li> })}
            </ul>
        </nav>
    }
    .into_any()
}
