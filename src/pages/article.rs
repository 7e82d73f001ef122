//! `/article/:id`: one article with its 核心提示, body, tags, disclaimer and neighbours.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::base_url;
use crate::components::lists::sample_badge;
use crate::components::sidebar::{Context, Sidebar};
use crate::components::status::Skeleton;
use crate::links::{article_href, channel_href, href, set_page_meta, tag_href};
use crate::model::sanitize::{sanitize, Origin};
use crate::model::url::decode_segment;
use crate::model::{Body, Catalog, Item};
use crate::pages::not_found::NotFoundView;
use crate::pages::with_catalog;
use crate::store::Store;

#[component]
pub fn ArticlePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| decode_segment(&params.with(|p| p.get("id").unwrap_or_default())));
    let store = expect_context::<Store>();
    // A deep link to an item older than the pages read: ask for its own file when the feed
    // says where those are, else read older pages until it turns up or they run out.
    Effect::new(move |_| {
        let id = id.get();
        let missing = store.with(|c| c.item(&id).is_none()).unwrap_or(false);
        if missing && !store.busy.get() && !store.fetch_article(&id) {
            store.load_more();
        }
    });
    with_catalog(move |catalog| {
        let id = id.get();
        match catalog.item(&id) {
            Some(item) => article_view(catalog, item.clone()).into_any(),
            None if store.still_looking(&id) => {
                view! { <div class="wrap"><Skeleton lines=12 /></div> }.into_any()
            }
            None => NotFoundView(catalog).into_any(),
        }
    })
}

fn article_view(catalog: &Catalog, item: Arc<Item>) -> impl IntoView {
    let site = &catalog.site;
    set_page_meta(&item.title, &site.name, &item.teaser(120));
    let channel = item
        .channel
        .as_ref()
        .and_then(|slug| site.channel(slug))
        .cloned();
    let (newer, older) = catalog.neighbours(&item);
    let body = match &item.body {
        Body::Html(html) => {
            let site_url = base_url();
            let clean = sanitize(
                html,
                Origin {
                    base: &item.base,
                    site: &site_url,
                },
            );
            view! { <div class="article-body" inner_html=clean></div> }.into_any()
        }
        Body::Text(text) => view! {
            <div class="article-body">
                {text
                    .split('\n')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(|p| view! { <p>{p.to_string()}</p> })
                    .collect_view()}
            </div>
        }
        .into_any(),
        Body::Empty => view! { <div class="article-body"></div> }.into_any(),
    };
    let neighbour = |label: &'static str, rel: &'static str, other: Option<Arc<Item>>| {
        view! {
            <p>
                <span class="label">{label}</span>
                {match other {
                    Some(o) => view! { <a rel=rel href=article_href(&o.id)>{o.title.clone()}</a> }.into_any(),
                    None => view! { <span>"没有了"</span> }.into_any(),
                }}
            </p>
        }
    };
    let authors = (!item.authors.is_empty()).then(|| item.authors.join("、"));
    view! {
        <div class="wrap layout">
            <article class="article main-col">
                <nav class="breadcrumb" aria-label="当前位置">
                    <a href=href("/")>"首页"</a>
                    {channel.clone().map(|c| view! {
                        <span aria-hidden="true">" › "</span>
                        <a href=channel_href(&c.slug)>{c.name}</a>
                    })}
                    <span aria-hidden="true">" › "</span>
                    <span>"正文"</span>
                </nav>
                <h1 class="article-title">{item.title.clone()}</h1>
                <p class="article-meta">
                    {sample_badge(&item)}
                    {item.date.map(|d| view! { <time datetime=d.iso_shanghai()>{d.date_string()}</time> })}
                    {item.source.clone().map(|s| view! { <span class="source">"来源："{s}</span> })}
                    {authors.map(|a| view! { <span class="authors">"作者："{a}</span> })}
                    {item.views.map(|v| view! { <span class="views">"浏览："{v.to_string()}</span> })}
                </p>
                {item.summary.clone().map(|s| view! {
                    <section class="summary" aria-label="核心提示">
                        <strong>"核心提示："</strong>
                        <span>{s}</span>
                    </section>
                })}
                {body}
                {(!item.tags.is_empty()).then(|| view! {
                    <ul class="tags" aria-label="标签">
                        {item.tags.iter().map(|t| view! { <li><a href=tag_href(t)>{t.clone()}</a></li> }).collect_view()}
                    </ul>
                })}
                {item.url.clone().map(|u| view! {
                    <p class="original">
                        <a href=u rel="noopener noreferrer" target="_blank">"阅读原文"</a>
                    </p>
                })}
                {site.disclaimer.clone().map(|d| view! { <p class="disclaimer">{d}</p> })}
                <nav class="prev-next" aria-label="上一篇和下一篇">
                    {neighbour("上一篇：", "prev", newer)}
                    {neighbour("下一篇：", "next", older)}
                </nav>
            </article>
            <Sidebar context=Signal::stored(Context { article: Some(item.clone()), channel: None }) />
        </div>
    }
}
