//! What every page has: the slogan banner, the masthead with search, the topic tiles, the
//! channel navigation and the footer.

use crate::model::paths::Paths;
use crate::model::Site;
use crate::write::markup::Markup;
use crate::write::reader::{accessibility_bar, back_to_top, reader_modes};

/// The name shown before the feed has said what the site is called.
pub const DEFAULT_SITE_NAME: &str = "科创资讯门户";

/// The header as [`SiteHeader`] renders it once the feed is loaded, written whole: the page the
/// publisher writes for a route (write::page). A browser test compares the two.
pub fn site_header(m: &mut Markup, site: &Site, paths: &Paths, current_path: &str) {
    let markup = [("class", "markup")];
    m.el("header", &[("class", "site-header")], |m| {
        m.el("div", &markup, accessibility_bar);
        m.el("div", &markup, service_notices);
        m.el("div", &markup, |m| banner(m, Some(site), false));
        m.el("div", &[("class", "masthead")], |m| {
            m.el("div", &[("class", "wrap masthead-inner")], |m| {
                m.element(
                    "a",
                    &[("class", "site-name"), ("href", &paths.home())],
                    &site.name,
                )
                .el("div", &markup, |m| {
                    search_form(m, paths);
                    reader_modes(m);
                });
            });
        });
        m.el("div", &markup, |m| tiles(m, Some(site), false, paths));
        m.el("div", &markup, |m| {
            channel_nav(m, Some(site), paths, current_path)
        });
    });
}

/// What the service worker has to say (public/boot.js shows them by classes on `<html>`, so
/// they survive the app's re-rendering): 当前离线 while pages come from its cache, and 有新版本
/// with a button when a new build's worker waits. Hidden by the stylesheet otherwise; fixed at
/// the foot of the window, so showing one moves nothing.
pub fn service_notices(m: &mut Markup) {
    m.element(
        "p",
        &[
            ("class", "service-notice offline-notice"),
            ("role", "status"),
        ],
        "当前离线，显示的是已缓存的内容。",
    );
    m.el(
        "p",
        &[
            ("class", "service-notice update-notice"),
            ("role", "status"),
        ],
        |m| {
            m.text("有新版本，").element(
                "button",
                &[("type", "button"), ("class", "update-reload")],
                "点击刷新",
            );
        },
    );
}

/// A plain GET form to `/search`: it works as a link would before the app has started, and the
/// app routes its submit itself once it has.
pub fn search_form(m: &mut Markup, paths: &Paths) {
    let action = paths.route("/search");
    m.el(
        "form",
        &[
            ("class", "search"),
            ("role", "search"),
            ("action", &action),
            ("method", "get"),
        ],
        |m| {
            m.element(
                "label",
                &[("class", "visually-hidden"), ("for", "search-q")],
                "搜索资讯",
            )
            .void(
                "input",
                &[
                    ("id", "search-q"),
                    ("type", "search"),
                    ("name", "q"),
                    ("placeholder", "搜索资讯"),
                ],
            )
            .element("button", &[("type", "submit")], "搜索");
        },
    );
}

/// The slogans; while the feed loads, a block of the banner's height so nothing below jumps.
pub fn banner(m: &mut Markup, site: Option<&Site>, loading: bool) {
    let slogans = site.map(|s| s.slogans.as_slice()).unwrap_or_default();
    if loading {
        m.el(
            "div",
            &[
                ("class", "banner banner-placeholder"),
                ("aria-hidden", "true"),
            ],
            |_| {},
        );
    } else if !slogans.is_empty() {
        m.el("div", &[("class", "banner")], |m| {
            m.el("div", &[("class", "wrap banner-inner")], |m| {
                for slogan in slogans {
                    m.element("p", &[("class", "slogan")], slogan);
                }
            });
        });
    }
}

/// A link that leaves the site: opened in a new tab, without telling the other site who sent
/// the reader or giving it a handle on this page.
const EXTERNAL: [(&str, &str); 2] = [("rel", "noopener noreferrer"), ("target", "_blank")];

/// The strip of topic tiles, each a picture (or a blank) and a title, linked where it says so.
pub fn tiles(m: &mut Markup, site: Option<&Site>, loading: bool, paths: &Paths) {
    let tiles = site.map(|s| s.tiles.as_slice()).unwrap_or_default();
    if loading {
        m.el(
            "div",
            &[("class", "tiles-placeholder"), ("aria-hidden", "true")],
            |_| {},
        );
        return;
    }
    if tiles.is_empty() {
        return;
    }
    m.el(
        "nav",
        &[("class", "tiles"), ("aria-label", "专题")],
        |m| {
            m.el("ul", &[("class", "wrap tiles-list")], |m| {
                for tile in tiles {
                    let picture_and_title = |m: &mut Markup| {
                        match &tile.image {
                            Some(src) => m.void(
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
                            None => m.el(
                                "span",
                                &[("class", "tile-blank"), ("aria-hidden", "true")],
                                |_| {},
                            ),
                        };
                        m.element("span", &[], &tile.title);
                    };
                    m.el("li", &[], |m| {
                        match tile.link.as_ref().map(|l| paths.link(l)) {
                            Some((target, true)) => m.el(
                                "a",
                                &[("href", &target), EXTERNAL[0], EXTERNAL[1]],
                                picture_and_title,
                            ),
                            Some((target, false)) => {
                                m.el("a", &[("href", &target)], picture_and_title)
                            }
                            None => m.el("span", &[("class", "tile-static")], picture_and_title),
                        };
                    });
                }
            });
        },
    );
}

/// 首页 and each channel, the one at `current_path` (a path with the base) marked as the page.
pub fn channel_nav(m: &mut Markup, site: Option<&Site>, paths: &Paths, current_path: &str) {
    let entry = |m: &mut Markup, target: &str, name: &str| {
        // `/portal` is the home page of `/portal/`; an empty path (the 404 page) is no page.
        let here = current_path == target
            || (target.ends_with('/')
                && !current_path.is_empty()
                && current_path == target.trim_end_matches('/'));
        m.el("li", &[], |m| {
            if here {
                m.element("a", &[("href", target), ("aria-current", "page")], name);
            } else {
                m.link(target, name);
            }
        });
    };
    m.el(
        "nav",
        &[("class", "channel-nav"), ("aria-label", "栏目")],
        |m| {
            m.el("ul", &[("class", "wrap channel-list")], |m| {
                entry(m, &paths.home(), "首页");
                for channel in site.map(|s| s.channels.as_slice()).unwrap_or_default() {
                    entry(m, &paths.channel(&channel.slug), &channel.name);
                }
            });
        },
    );
}

/// Site links, the ICP and 公安 records and the site's name.
pub fn footer(m: &mut Markup, site: Option<&Site>, paths: &Paths) {
    m.el("footer", &[("class", "site-footer")], |m| {
        m.el("div", &[("class", "wrap")], |m| {
            m.el("nav", &[("aria-label", "网站信息")], |m| {
                m.el("ul", &[("class", "footer-links")], |m| {
                    m.el("li", &[], |m| {
                        m.link(&paths.home(), "网站首页");
                    });
                    for link in site.map(|s| s.footer_links.as_slice()).unwrap_or_default() {
                        m.el("li", &[], |m| {
                            match paths.link(&link.link) {
                                (target, true) => m.element(
                                    "a",
                                    &[("href", &target), EXTERNAL[0], EXTERNAL[1]],
                                    &link.title,
                                ),
                                (target, false) => m.link(&target, &link.title),
                            };
                        });
                    }
                    m.el("li", &[], |m| {
                        m.link(&paths.route("/sitemap"), "网站地图");
                    });
                });
            });
            m.el("p", &[("class", "records")], |m| {
                for (class, record) in [
                    ("icp", site.and_then(|s| s.icp.as_ref())),
                    ("police-record", site.and_then(|s| s.police_record.as_ref())),
                ] {
                    let Some(record) = record else { continue };
                    m.el("span", &[("class", class)], |m| {
                        match &record.url {
                            Some(url) => m.element(
                                "a",
                                &[("href", url), EXTERNAL[0], EXTERNAL[1]],
                                &record.text,
                            ),
                            None => m.element("span", &[], &record.text),
                        };
                    });
                }
            });
            m.el("p", &[("class", "site-facts")], |m| {
                for (class, label, value) in [
                    (
                        "organizer",
                        "主办单位：",
                        site.and_then(|s| s.organizer.as_ref()),
                    ),
                    (
                        "site-id-code",
                        "网站标识码：",
                        site.and_then(|s| s.site_id_code.as_ref()),
                    ),
                    (
                        "contact",
                        "联系方式：",
                        site.and_then(|s| s.contact.as_ref()),
                    ),
                ] {
                    if let Some(value) = value {
                        m.el("span", &[("class", class)], |m| {
                            m.text(label).text(value);
                        });
                    }
                }
            });
            if let Some(mark) = site.and_then(|s| s.site_mark.as_ref()) {
                m.el("p", &[("class", "site-mark")], |m| {
                    m.el("a", &[("href", &mark.url), EXTERNAL[0], EXTERNAL[1]], |m| {
                        m.void(
                            "img",
                            &[
                                ("src", &mark.image),
                                ("alt", &mark.title),
                                ("width", "110"),
                                ("height", "55"),
                            ],
                        );
                    });
                });
            }
            m.element(
                "p",
                &[("class", "copyright")],
                site.map_or(DEFAULT_SITE_NAME, |s| s.name.as_str()),
            );
        });
        back_to_top(m);
    });
}

/// 当前位置: 首页 › each of `via` (text, href) › `here`, the page itself, unlinked.
pub fn breadcrumb(m: &mut Markup, paths: &Paths, via: &[(&str, String)], here: &str) {
    m.el(
        "nav",
        &[("class", "breadcrumb"), ("aria-label", "当前位置")],
        |m| {
            m.link(&paths.home(), "首页");
            for (text, href) in via {
                m.element("span", &[("aria-hidden", "true")], " › ")
                    .link(href, text);
            }
            m.element("span", &[("aria-hidden", "true")], " › ")
                .element("span", &[], here);
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{attributes, sample_catalog, well_formed};
    use crate::write::markup::render;

    #[test]
    fn the_search_form_is_a_plain_get_form_under_the_base_path() {
        let html = render(|m| search_form(m, &Paths::new("/portal")));
        well_formed(&html);
        assert_eq!(attributes(&html, "form", "action"), ["/portal/search"]);
        assert_eq!(attributes(&html, "form", "method"), ["get"]);
        assert_eq!(attributes(&html, "input", "name"), ["q"]);
        assert_eq!(attributes(&html, "label", "for"), ["search-q"]);
    }

    #[test]
    fn channel_nav_marks_the_current_page_under_the_base_path() {
        let catalog = sample_catalog();
        let paths = Paths::new("/portal");
        for (path, current) in [
            ("/portal/", "/portal/"),
            ("/portal", "/portal/"),
            ("/portal/channel/difang", "/portal/channel/difang"),
        ] {
            let html = render(|m| channel_nav(m, Some(&catalog.site), &paths, path));
            well_formed(&html);
            let hrefs = attributes(&html, "a", "href");
            assert_eq!(hrefs.len(), catalog.site.channels.len() + 1);
            let marked: Vec<_> = html.match_indices("aria-current").collect();
            assert_eq!(marked.len(), 1, "{path}: {html}");
            assert!(
                html.contains(&format!("<a href=\"{current}\" aria-current=\"page\">")),
                "{path}: {html}"
            );
        }
        let html = render(|m| channel_nav(m, None, &paths, "/portal/article/x"));
        assert_eq!(attributes(&html, "a", "href"), ["/portal/"]);
        assert!(!html.contains("aria-current"));
    }
}
