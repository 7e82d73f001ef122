//! The recommendation sidebar of article and list pages: 同类资讯, 推荐图文, 推荐资讯, 点击排行.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::lists::TitleList;
use crate::links::{article_href, channel_href, href};
use crate::model::{Catalog, Item};
use crate::store::Store;

const RELATED: usize = 6;
const PICTURES: usize = 4;
const FEATURED: usize = 6;
const RANKED: usize = 10;

/// What the sidebar is next to: an article, or a channel's list.
#[derive(Clone, Default, PartialEq)]
pub struct Context {
    pub article: Option<Arc<Item>>,
    pub channel: Option<String>,
}

#[component]
pub fn Sidebar(#[prop(into)] context: Signal<Context>) -> impl IntoView {
    let store = expect_context::<Store>();
    view! {
        <aside class="sidebar" aria-label="推荐">
            {move || store.with(|catalog| boxes(catalog, &context.get()))}
        </aside>
    }
}

fn boxes(catalog: &Catalog, context: &Context) -> impl IntoView {
    let current = context.article.as_ref().map(|a| a.id.as_str());
    let channel = context
        .channel
        .clone()
        .or_else(|| context.article.as_ref().and_then(|a| a.channel.clone()));
    let channel_name = channel
        .as_ref()
        .and_then(|slug| catalog.site.channel(slug))
        .map(|c| c.name.clone());
    let related = match (&context.article, &channel) {
        (Some(article), _) => catalog.related(article, RELATED),
        (None, Some(slug)) => catalog.in_channel(slug).into_iter().take(RELATED).collect(),
        (None, None) => catalog.latest().iter().take(RELATED).cloned().collect(),
    };
    let more = channel
        .as_ref()
        .map_or_else(|| href("/"), |slug| channel_href(slug));
    let related_title = channel_name.map_or("同类资讯".to_string(), |name| {
        format!("同类资讯 · {name}")
    });
    let pictures = catalog.with_pictures(PICTURES, current);
    let featured = catalog.featured(FEATURED, current);
    let ranked = catalog.most_viewed(RANKED);
    view! {
        <section class="side-box related">
            <h2>
                {related_title}
                <a class="more" href=more>"更多>"<span class="visually-hidden">"同类资讯"</span></a>
            </h2>
            <TitleList items=related />
        </section>
        {(!pictures.is_empty()).then(|| view! {
            <section class="side-box pictures">
                <h2>"推荐图文"</h2>
                <ul class="picture-grid">
                    {pictures.into_iter().map(|item| view! {
                        <li>
                            <a href=article_href(&item.id)>
                                <img src=item.image.clone().unwrap_or_default() alt="" width="160" height="90" loading="lazy" decoding="async" />
                                <span>{item.title.clone()}</span>
                            </a>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {(!featured.is_empty()).then(|| view! {
            <section class="side-box featured">
                <h2>"推荐资讯"</h2>
                <TitleList items=featured />
            </section>
        })}
        {(!ranked.is_empty()).then(|| view! {
            <section class="side-box ranking">
                <h2>"点击排行"</h2>
                <TitleList items=ranked numbered=true />
            </section>
        })}
    }
}
