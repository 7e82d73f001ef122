//! What every page has: the slogan banner, the masthead with search, the topic tiles, the
//! channel navigation and the footer.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::library::{Library, Load};
use crate::links::Paths;
use crate::markup::{render, Markup};
use crate::model::Site;

/// The name shown before the feed has said what the site is called.
pub const DEFAULT_SITE_NAME: &str = "科创资讯门户";

#[component]
pub fn SiteHeader() -> impl IntoView {
    let library = expect_context::<Library>();
    let site = library.site();
    let paths = Paths::here();
    let loading = move || library.state().with(|s| matches!(s, Load::Loading));
    let tile_paths = paths.clone();
    view! {
        <header class="site-header">
            <div class="markup" inner_html=move || render(|m| banner(m, site.get().as_deref(), loading()))></div>
            <div class="masthead">
                <div class="wrap masthead-inner">
                    <a class="site-name" href=paths.home()>
                        {move || site.get().map_or(DEFAULT_SITE_NAME.to_string(), |s| s.name.clone())}
                    </a>
                    <SearchForm />
                </div>
            </div>
            <div
                class="markup"
                inner_html=move || render(|m| tiles(m, site.get().as_deref(), loading(), &tile_paths))
            ></div>
            <ChannelNav site=site />
        </header>
    }
}

/// The slogans; while the feed loads, a block of the banner's height so nothing below jumps.
pub fn banner(m: &mut Markup, site: Option<&Site>, loading: bool) {
    let slogans = site.map(|s| s.slogans.as_slice()).unwrap_or_default();
    if loading {
        m.open(
            "div",
            &[
                ("class", "banner banner-placeholder"),
                ("aria-hidden", "true"),
            ],
        )
        .close("div");
    } else if !slogans.is_empty() {
        m.open("div", &[("class", "banner")])
            .open("div", &[("class", "wrap banner-inner")]);
        for slogan in slogans {
            m.element("p", &[("class", "slogan")], slogan);
        }
        m.close("div").close("div");
    }
}

/// The strip of topic tiles, each a picture (or a blank) and a title, linked where it says so.
pub fn tiles(m: &mut Markup, site: Option<&Site>, loading: bool, paths: &Paths) {
    let tiles = site.map(|s| s.tiles.as_slice()).unwrap_or_default();
    if loading {
        m.open(
            "div",
            &[("class", "tiles-placeholder"), ("aria-hidden", "true")],
        )
        .close("div");
        return;
    }
    if tiles.is_empty() {
        return;
    }
    m.open("nav", &[("class", "tiles"), ("aria-label", "专题")])
        .open("ul", &[("class", "wrap tiles-list")]);
    for tile in tiles {
        m.open("li", &[]);
        let link = tile.link.as_ref().map(|l| paths.link(l));
        match &link {
            Some((target, true)) => m.open(
                "a",
                &[
                    ("href", target),
                    ("rel", "noopener noreferrer"),
                    ("target", "_blank"),
                ],
            ),
            Some((target, false)) => m.open("a", &[("href", target)]),
            None => m.open("span", &[("class", "tile-static")]),
        };
        match &tile.image {
            Some(src) => m.open(
                "img",
                &[
                    ("src", src),
                    ("alt", ""),
                    ("width", "120"),
                    ("height", "60"),
                    ("loading", "lazy"),
                    ("decoding", "async"),
                ],
            ),
            None => m
                .open("span", &[("class", "tile-blank"), ("aria-hidden", "true")])
                .close("span"),
        };
        m.element("span", &[], &tile.title);
        m.close(if link.is_some() { "a" } else { "span" })
            .close("li");
    }
    m.close("ul").close("nav");
}

#[component]
fn ChannelNav(site: Memo<Option<std::sync::Arc<Site>>>) -> impl IntoView {
    let location = use_location();
    let current = move |target: &str| {
        let path = location.pathname.get();
        let here =
            path == target || (target.ends_with('/') && path == target.trim_end_matches('/'));
        here.then_some("page")
    };
    let paths = Paths::here();
    let home = paths.home();
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
                            let target = paths.channel(&channel.slug);
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
    let paths = Paths::here();
    let action = paths.route("/search");
    let query = NodeRef::<leptos::html::Input>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = query.get().map(|input| input.value()).unwrap_or_default();
        let encoded = String::from(js_sys::encode_uri_component(text.trim()));
        navigate(
            &paths.route(&format!("/search?q={encoded}")),
            NavigateOptions {
                resolve: false,
                ..Default::default()
            },
        );
    };
    view! {
        <form class="search" role="search" action=action method="get" on:submit=on_submit>
            <label class="visually-hidden" for="search-q">"搜索资讯"</label>
            <input id="search-q" type="search" name="q" node_ref=query placeholder="搜索资讯" />
            <button type="submit">"搜索"</button>
        </form>
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    let site = expect_context::<Library>().site();
    let paths = Paths::here();
    view! { <div class="markup" inner_html=move || render(|m| footer(m, site.get().as_deref(), &paths))></div> }
}

/// Site links, the ICP and 公安 records and the site's name.
pub fn footer(m: &mut Markup, site: Option<&Site>, paths: &Paths) {
    m.open("footer", &[("class", "site-footer")])
        .open("div", &[("class", "wrap")])
        .open("nav", &[("aria-label", "网站信息")])
        .open("ul", &[("class", "footer-links")])
        .open("li", &[])
        .link(&paths.home(), "网站首页")
        .close("li");
    for link in site.map(|s| s.footer_links.as_slice()).unwrap_or_default() {
        m.open("li", &[]);
        match paths.link(&link.link) {
            (target, true) => m.element(
                "a",
                &[
                    ("href", &target),
                    ("rel", "noopener noreferrer"),
                    ("target", "_blank"),
                ],
                &link.title,
            ),
            (target, false) => m.link(&target, &link.title),
        };
        m.close("li");
    }
    m.open("li", &[])
        .link(&paths.route("/sitemap"), "网站地图")
        .close("li")
        .close("ul")
        .close("nav");
    m.open("p", &[("class", "records")]);
    for (class, record) in [
        ("icp", site.and_then(|s| s.icp.as_ref())),
        ("police-record", site.and_then(|s| s.police_record.as_ref())),
    ] {
        let Some(record) = record else { continue };
        m.open("span", &[("class", class)]);
        match &record.url {
            Some(url) => m.element(
                "a",
                &[
                    ("href", url),
                    ("rel", "noopener noreferrer"),
                    ("target", "_blank"),
                ],
                &record.text,
            ),
            None => m.element("span", &[], &record.text),
        };
        m.close("span");
    }
    m.close("p");
    m.element(
        "p",
        &[("class", "copyright")],
        site.map_or(DEFAULT_SITE_NAME, |s| s.name.as_str()),
    );
    m.close("div").close("footer");
}

/// 当前位置: 首页 › each of `via` (text, href) › `here`, the page itself, unlinked.
pub fn breadcrumb(m: &mut Markup, paths: &Paths, via: &[(&str, String)], here: &str) {
    m.open(
        "nav",
        &[("class", "breadcrumb"), ("aria-label", "当前位置")],
    )
    .link(&paths.home(), "首页");
    for (text, href) in via {
        m.element("span", &[("aria-hidden", "true")], " › ")
            .link(href, text);
    }
    m.element("span", &[("aria-hidden", "true")], " › ")
        .element("span", &[], here)
        .close("nav");
}
