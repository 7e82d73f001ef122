//! `/`: the headline, the latest items with paging, and a block per channel.

use leptos::prelude::*;

use crate::components::lists::{sample_badge, ArticleList, Pager, TitleList};
use crate::components::sidebar::{Context, Sidebar};
use crate::components::status::{ContentNotices, MoreFailure};
use crate::links::{article_href, channel_href, set_page_meta};
use crate::model::{paginate, Catalog};
use crate::pages::{use_page_number, with_catalog};
use crate::store::Store;

/// Titles in each channel's block on the home page.
const CHANNEL_BLOCK_ITEMS: usize = 5;

#[component]
pub fn HomePage() -> impl IntoView {
    let page = use_page_number();
    let store = expect_context::<Store>();
    Effect::new(move |_| {
        let wanted = page.get();
        store.load_until(|c| c.len() >= wanted * c.site.page_size);
    });
    with_catalog(move |catalog| {
        let site = &catalog.site;
        set_page_meta(
            "",
            &site.name,
            site.description.as_deref().unwrap_or(&site.name),
        );
        let paged = paginate(catalog.latest(), page.get(), site.page_size);
        view! {
            <div class="wrap layout">
                <div class="main-col">
                    <h1 class="visually-hidden">{site.name.clone()}</h1>
                    {(paged.page == 1).then(|| headline(catalog))}
                    <section class="latest" aria-labelledby="latest-heading">
                        <h2 id="latest-heading" class="section-title">"最新资讯"</h2>
                        <ArticleList items=paged.items.clone() />
                        {move || store.busy.get().then(|| view! { <p class="loading-more" role="status">"正在加载更多…"</p> })}
                        <MoreFailure />
                        <Pager paged=paged route="/".to_string() more_exist=catalog.can_load_more() />
                    </section>
                    {channel_blocks(catalog)}
                    <ContentNotices />
                </div>
                <Sidebar context=Signal::stored(Context::default()) />
            </div>
        }
    })
}

/// The headline: the newest featured item, or the newest item.
fn headline(catalog: &Catalog) -> Option<impl IntoView> {
    let item = catalog
        .featured(1, None)
        .into_iter()
        .next()
        .or_else(|| catalog.latest().first().cloned())?;
    let picture = item.image.clone().map(|src| {
        view! { <img src=src alt="" width="640" height="360" decoding="async" fetchpriority="high" /> }
    });
    Some(view! {
        <section class="headline" aria-label="头条">
            <a class="headline-link" href=article_href(&item.id)>
                {picture}
                <span class="headline-text">
                    <span class="headline-title">{item.title.clone()}</span>
                    {sample_badge(&item)}
                    <span class="teaser">{item.teaser(90)}</span>
                </span>
            </a>
        </section>
    })
}

fn channel_blocks(catalog: &Catalog) -> impl IntoView {
    let blocks = catalog
        .site
        .channels
        .iter()
        .filter_map(|channel| {
            let items: Vec<_> = catalog
                .in_channel(&channel.slug)
                .into_iter()
                .take(CHANNEL_BLOCK_ITEMS)
                .collect();
            (!items.is_empty()).then(|| {
                view! {
                    <section class="channel-block">
                        <h2 class="section-title">
                            <a href=channel_href(&channel.slug)>{channel.name.clone()}</a>
                            <a class="more" href=channel_href(&channel.slug)>
                                "更多>"<span class="visually-hidden">{channel.name.clone()}</span>
                            </a>
                        </h2>
                        <TitleList items=items />
                    </section>
                }
            })
        })
        .collect_view();
    view! { <div class="channel-blocks">{blocks}</div> }
}
