//! `/sitemap`: every channel, page and tag of the site, and the newest articles.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::components::lists::TitleList;
use crate::links::{channel_href, href, set_page_meta, tag_href};
use crate::pages::with_catalog;

const RECENT: usize = 20;

#[component]
pub fn SitemapPage() -> impl IntoView {
    with_catalog(|catalog| {
        let site = &catalog.site;
        set_page_meta("网站地图", &site.name, "网站的全部栏目、页面和标签");
        let mut tags: BTreeMap<&str, usize> = BTreeMap::new();
        for item in catalog.latest() {
            for tag in &item.tags {
                *tags.entry(tag.as_str()).or_default() += 1;
            }
        }
        let tags: Vec<(String, usize)> =
            tags.into_iter().map(|(t, n)| (t.to_string(), n)).collect();
        let recent: Vec<_> = catalog.latest().iter().take(RECENT).cloned().collect();
        view! {
            <div class="wrap sitemap">
                <h1 class="page-title">"网站地图"</h1>
                <section>
                    <h2>"栏目"</h2>
                    <ul>
                        <li><a href=href("/")>"网站首页"</a></li>
                        {site.channels.iter().map(|c| view! { <li><a href=channel_href(&c.slug)>{c.name.clone()}</a></li> }).collect_view()}
                    </ul>
                </section>
                {(!site.pages.is_empty()).then(|| view! {
                    <section>
                        <h2>"网站信息"</h2>
                        <ul>
                            {site.pages.iter().map(|p| view! {
                                <li><a href=href(&format!("/page/{}", crate::model::url::encode_segment(&p.slug)))>{p.title.clone()}</a></li>
                            }).collect_view()}
                        </ul>
                    </section>
                })}
                {(!tags.is_empty()).then(|| view! {
                    <section>
                        <h2>"标签"</h2>
                        <ul class="tag-cloud">
                            {tags.into_iter().map(|(t, n)| view! { <li><a href=tag_href(&t)>{t.clone()}<span class="count">{format!("（{n}）")}</span></a></li> }).collect_view()}
                        </ul>
                    </section>
                })}
                <section>
                    <h2>"最新资讯"</h2>
                    <TitleList items=recent />
                </section>
            </div>
        }
    })
}
