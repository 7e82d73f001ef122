//! What every page has: the slogan banner, the masthead with search, the topic tiles, the
//! channel navigation and the footer.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::links::{channel_href, href, link_target};
use crate::model::Site;
use crate::store::{Load, Store};

/// The name shown before the feed has said what the site is called.
pub const DEFAULT_SITE_NAME: &str = "科创资讯门户";

fn site() -> Signal<Option<std::sync::Arc<Site>>> {
    let store = expect_context::<Store>();
    Signal::derive(move || store.with(|c| c.site.clone()))
}

#[component]
pub fn SiteHeader() -> impl IntoView {
    let site = site();
    let loading = move || {
        expect_context::<Store>()
            .state
            .with(|s| matches!(s, Load::Loading))
    };
    view! {
        <header class="site-header">
            <Show when=loading>
                <div class="banner banner-placeholder" aria-hidden="true"></div>
            </Show>
            <Banner site=site />
            <div class="masthead">
                <div class="wrap masthead-inner">
                    <a class="site-name" href=href("/")>
                        {move || site.get().map_or(DEFAULT_SITE_NAME.to_string(), |s| s.name.clone())}
                    </a>
                    <SearchForm />
                </div>
            </div>
            <Show when=loading>
                <div class="tiles-placeholder" aria-hidden="true"></div>
            </Show>
            <Tiles site=site />
            <ChannelNav site=site />
        </header>
    }
}

#[component]
fn Banner(site: Signal<Option<std::sync::Arc<Site>>>) -> impl IntoView {
    move || {
        let slogans = site.get().map(|s| s.slogans.clone()).unwrap_or_default();
        (!slogans.is_empty()).then(|| {
            view! {
                <div class="banner">
                    <div class="wrap banner-inner">
                        {slogans.into_iter().map(|s| view! { <p class="slogan">{s}</p> }).collect_view()}
                    </div>
                </div>
            }
        })
    }
}

#[component]
fn Tiles(site: Signal<Option<std::sync::Arc<Site>>>) -> impl IntoView {
    move || {
        let tiles = site.get().map(|s| s.tiles.clone()).unwrap_or_default();
        (!tiles.is_empty()).then(|| {
            let items = tiles
                .into_iter()
                .map(|tile| {
                    let picture = match tile.image.clone() {
                        Some(src) => view! { <img src=src alt="" width="120" height="60" loading="lazy" decoding="async" /> }.into_any(),
                        None => view! { <span class="tile-blank" aria-hidden="true"></span> }.into_any(),
                    };
                    let label = view! { <span>{tile.title.clone()}</span> };
                    match tile.link.as_ref().map(link_target) {
                        Some((target, external)) => view! {
                            <li>
                                <a
                                    href=target
                                    rel=external.then_some("noopener noreferrer")
                                    target=external.then_some("_blank")
                                >
                                    {picture}
                                    {label}
                                </a>
                            </li>
                        }
                        .into_any(),
                        None => view! { <li><span class="tile-static">{picture}{label}</span></li> }.into_any(),
                    }
                })
                .collect_view();
            view! {
                <nav class="tiles" aria-label="专题">
                    <ul class="wrap tiles-list">{items}</ul>
                </nav>
            }
        })
    }
}

#[component]
fn ChannelNav(site: Signal<Option<std::sync::Arc<Site>>>) -> impl IntoView {
    let location = use_location();
    let current = move |target: &str| {
        let path = location.pathname.get();
        let here =
            path == target || (target.ends_with('/') && path == target.trim_end_matches('/'));
        here.then_some("page")
    };
    let home = href("/");
    view! {
        <nav class="channel-nav" aria-label="栏目">
            <ul class="wrap channel-list">
                <li>
                    <a href=home.clone() aria-current=move || current(&home)>"首页"</a>
                </li>
                {move || {
                    site.get()
                        .map(|s| s.channels.clone())
                        .unwrap_or_default()
                        .into_iter()
                        .map(|channel| {
                            let target = channel_href(&channel.slug);
                            let here = target.clone();
                            view! {
                                <li>
                                    <a href=target aria-current=move || current(&here)>{channel.name}</a>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </nav>
    }
}

#[component]
fn SearchForm() -> impl IntoView {
    let navigate = use_navigate();
    let query = NodeRef::<leptos::html::Input>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = query.get().map(|input| input.value()).unwrap_or_default();
        let encoded = String::from(js_sys::encode_uri_component(text.trim()));
        navigate(
            &href(&format!("/search?q={encoded}")),
            NavigateOptions {
                resolve: false,
                ..Default::default()
            },
        );
    };
    view! {
        <form class="search" role="search" action=href("/search") method="get" on:submit=on_submit>
            <label class="visually-hidden" for="search-q">"搜索资讯"</label>
            <input id="search-q" type="search" name="q" node_ref=query placeholder="搜索资讯" />
            <button type="submit">"搜索"</button>
        </form>
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    let site = site();
    move || {
        let site = site.get();
        let links = site
            .as_ref()
            .map(|s| s.footer_links.clone())
            .unwrap_or_default();
        let record = |r: Option<crate::model::feed::Record>| {
            r.map(|r| match r.url {
                Some(url) => view! {
                    <a href=url rel="noopener noreferrer" target="_blank">{r.text}</a>
                }
                .into_any(),
                None => view! { <span>{r.text}</span> }.into_any(),
            })
        };
        let icp = record(site.as_ref().and_then(|s| s.icp.clone()));
        let police = record(site.as_ref().and_then(|s| s.police_record.clone()));
        view! {
            <footer class="site-footer">
                <div class="wrap">
                    <nav aria-label="网站信息">
                        <ul class="footer-links">
                            <li><a href=href("/")>"网站首页"</a></li>
                            {links
                                .into_iter()
                                .map(|l| {
                                    let (target, external) = link_target(&l.link);
                                    view! {
                                        <li>
                                            <a
                                                href=target
                                                rel=external.then_some("noopener noreferrer")
                                                target=external.then_some("_blank")
                                            >
                                                {l.title}
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                            <li><a href=href("/sitemap")>"网站地图"</a></li>
                        </ul>
                    </nav>
                    <p class="records">
                        {icp.map(|v| view! { <span class="icp">{v}</span> })}
                        {police.map(|v| view! { <span class="police-record">{v}</span> })}
                    </p>
                    <p class="copyright">
                        {site.map_or(DEFAULT_SITE_NAME.to_string(), |s| s.name.clone())}
                    </p>
                </div>
            </footer>
        }
    }
}
