//! The reader's tools (issue: 字号, 长者模式, dark, print, share, 纠错, attachments): the markup
//! the app and the publisher both write. What the buttons do is public/boot.js, one listener on
//! the document, so they work on a page the publisher wrote before the app has arrived; the
//! settings they keep are applied before the first paint by the inline script in index.html's
//! head. Buttons carry `data-reader`.

use std::sync::Arc;

use crate::html::text_content;
use crate::model::paths::Paths;
use crate::model::url::percent_encode_component;
use crate::model::{Body, Catalog, Item, Site};
use crate::write::markup::Markup;

/// Chinese is read at about 400 characters a minute.
const CHARACTERS_A_MINUTE: usize = 400;
/// 相关阅读 under an article.
pub const READING_LIST_LENGTH: usize = 5;

/// 长者模式 and 深色, in every page's header.
pub fn reader_modes(m: &mut Markup) {
    m.el(
        "div",
        &[
            ("class", "reader-modes"),
            ("role", "group"),
            ("aria-label", "显示方式"),
        ],
        |m| {
            // On a phone the header keeps one row: the buttons say 长者 and 深色 there.
            // 无障碍 opens the toolbar [`accessibility_bar`] writes at the top of the header.
            m.element(
                "button",
                &[
                    ("type", "button"),
                    ("data-reader", "bar"),
                    ("aria-expanded", "false"),
                    ("aria-controls", ACCESSIBILITY_BAR_ID),
                ],
                "无障碍",
            );
            for (action, short, name) in
                [("elder", "长者", "长者模式"), ("theme", "深色", "深色模式")]
            {
                m.el(
                    "button",
                    &[
                        ("type", "button"),
                        ("data-reader", action),
                        ("aria-pressed", "false"),
                        ("aria-label", name),
                    ],
                    |m| {
                        m.text(short)
                            .element("span", &[("class", "mode-word")], "模式");
                    },
                );
            }
        },
    );
}

/// The id of the 无障碍 toolbar, which the header's 无障碍 button controls.
pub const ACCESSIBILITY_BAR_ID: &str = "a11y-bar";

/// The 无障碍 toolbar (issue 24), at the top of every page's header, shown while the reader has
/// it open (`html.a11y-bar`): 声音 (连读, 指读, 暂停, 停止, 语速), 大鼠标, 十字线, 大字幕,
/// 纯文本, 简/繁 (繁體) and 关闭. public/boot.js answers its buttons and keeps the choices with 字号's; the
/// inline script in index.html's head applies them before the first paint. After it, the
/// caption bar and the two guide lines, which only show while their tool is on: they repeat
/// what is on the page, so screen readers skip them.
pub fn accessibility_bar(m: &mut Markup) {
    m.el(
        "div",
        &[
            ("id", ACCESSIBILITY_BAR_ID),
            ("class", "a11y-toolbar"),
            ("role", "group"),
            ("aria-label", "无障碍工具"),
        ],
        |m| {
            m.el(
                "span",
                &[
                    ("class", "speech"),
                    ("role", "group"),
                    ("aria-label", "声音"),
                ],
                |m| {
                    m.element("span", &[("class", "tool-label")], "声音：");
                    toggle(m, "read", "连读", None);
                    toggle(m, "point", "指读", Some("false"));
                    toggle(m, "pause", "暂停", Some("false"));
                    toggle(m, "stop", "停止", None);
                    // （无中文语音） when boot.js finds no Chinese voice (html.no-voice, the CSS).
                    m.element("span", &[("class", "voice-note")], "");
                },
            );
            m.el(
                "span",
                &[
                    ("class", "rates"),
                    ("role", "group"),
                    ("aria-label", "语速"),
                ],
                |m| {
                    steps(
                        m,
                        "语速：",
                        "rate",
                        [
                            ("slow", "慢", "慢速"),
                            ("medium", "中", "中速"),
                            ("fast", "快", "快速"),
                        ],
                    );
                },
            );
            for (action, label) in [
                ("cursor", "大鼠标"),
                ("guide", "十字线"),
                ("caption", "大字幕"),
                ("plain", "纯文本"),
            ] {
                toggle(m, action, label, Some("false"));
            }
            // 简/繁: pressed, the page is in traditional characters (public/boot.js converts it
            // with the table `portal build` writes, crate::names::HANT_TABLE). Its word is
            // written in them, as such switches are, and said so.
            m.element(
                "button",
                &[
                    ("type", "button"),
                    ("data-reader", "hant"),
                    ("aria-pressed", "false"),
                    ("lang", "zh-Hant"),
                ],
                "繁體",
            );
            toggle(m, "bar", "关闭", None);
            m.element(
                "span",
                &[
                    ("class", "a11y-status"),
                    ("role", "status"),
                    ("aria-live", "polite"),
                ],
                "",
            );
        },
    );
    m.el(
        "div",
        &[("class", "caption-bar"), ("aria-hidden", "true")],
        |_| {},
    );
    for class in ["guide-line guide-x", "guide-line guide-y"] {
        m.el("div", &[("class", class), ("aria-hidden", "true")], |_| {});
    }
}

/// A button of the toolbar; `pressed` for one that stays on.
fn toggle(m: &mut Markup, action: &str, label: &str, pressed: Option<&str>) {
    let mut attributes = vec![("type", "button"), ("data-reader", action)];
    if let Some(pressed) = pressed {
        attributes.push(("aria-pressed", pressed));
    }
    m.element("button", &attributes, label);
}

/// 返回顶部, shown by the stylesheet once the reader has scrolled a screen (public/boot.js).
pub fn back_to_top(m: &mut Markup) {
    m.element(
        "button",
        &[
            ("type", "button"),
            ("class", "back-to-top"),
            ("data-reader", "top"),
        ],
        "返回顶部",
    );
}

/// Minutes to read `item`'s body (at least one).
pub fn reading_minutes(item: &Item) -> usize {
    let text = match &item.body {
        Body::Html(html) => text_content(html),
        Body::Text(text) => text.clone(),
        Body::Empty => String::new(),
    };
    let characters = text.chars().filter(|c| !c.is_whitespace()).count();
    characters.div_ceil(CHARACTERS_A_MINUTE).max(1)
}

/// A file size as a reader reads it: `980 B`, `12.5 KB`, `1.2 MB`. In whole tenths, not
/// floats: formatting an `f64` brought Rust's float printing into the wasm.
pub fn format_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut unit = 0;
    let mut scale = 1u64;
    while bytes >= scale * 1024 && unit + 1 < UNITS.len() {
        scale *= 1024;
        unit += 1;
    }
    if unit == 0 {
        return format!("{bytes} B");
    }
    let tenths = (bytes * 10 + scale / 2) / scale;
    format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
}

/// What kind of file a MIME type is, in the words of a download list.
pub fn file_kind(mime_type: &str) -> &str {
    let mime = mime_type.to_ascii_lowercase();
    match mime.as_str() {
        "application/pdf" => "PDF",
        m if m.contains("wordprocessing") || m == "application/msword" => "Word",
        m if m.contains("spreadsheet") || m == "application/vnd.ms-excel" => "Excel",
        m if m.contains("presentation") || m == "application/vnd.ms-powerpoint" => "PPT",
        "application/zip" | "application/x-zip-compressed" => "ZIP",
        m if m.starts_with("image/") => "图片",
        m if m.starts_with("audio/") => "音频",
        m if m.starts_with("video/") => "视频",
        _ => mime_type,
    }
}

/// The article's tools under its title: 字号, 打印本页, 复制链接, 分享, the QR code, 我要纠错.
/// `page_url` is the article's address, absolute.
pub fn article_tools(m: &mut Markup, site: &Site, item: &Item, page_url: &str) {
    m.el(
        "div",
        &[
            ("class", "reader-tools"),
            ("role", "group"),
            ("aria-label", "阅读工具"),
        ],
        |m| {
            m.el("span", &[("class", "font-sizes")], |m| {
                steps(
                    m,
                    "字号：",
                    "size",
                    [
                        ("large", "大", "大字号"),
                        ("medium", "中", "中字号"),
                        ("small", "小", "小字号"),
                    ],
                );
            });
            m.element(
                "button",
                &[("type", "button"), ("data-reader", "print")],
                "打印本页",
            );
            m.element(
                "button",
                &[
                    ("type", "button"),
                    ("data-reader", "copy"),
                    ("data-url", page_url),
                ],
                "复制链接",
            );
            m.element(
                "button",
                &[
                    ("type", "button"),
                    ("class", "share-native"),
                    ("data-reader", "share"),
                    ("data-url", page_url),
                    ("data-title", &item.title),
                ],
                "分享",
            );
            // The code itself is drawn when the reader opens this ([`draw_qr_codes_when_opened`]):
            // drawn into every written page it cost the 100k build 45 s and each page 7.6 KB.
            m.el("details", &[("class", "qr"), ("data-url", page_url)], |m| {
                m.element("summary", &[], "二维码");
                m.el("figure", &[], |m| {
                    m.el("div", &[("class", "qr-slot")], |_| {});
                    m.element("figcaption", &[], "扫一扫在手机打开当前页");
                });
            });
            if let Some(link) = correction_link(site, item, page_url) {
                m.element(
                    "a",
                    &[("class", "correction"), ("href", &link)],
                    "【我要纠错】",
                );
            }
            // What copying said, read out by screen readers (public/boot.js writes it).
            m.element(
                "span",
                &[
                    ("class", "tool-status"),
                    ("role", "status"),
                    ("aria-live", "polite"),
                ],
                "",
            );
        },
    );
}

/// 【我要纠错】's link: the site's address, prefilled with the article's title and URL.
fn correction_link(site: &Site, item: &Item, page_url: &str) -> Option<String> {
    let to = site.corrections.as_deref()?;
    let subject = percent_encode_component(&format!("【纠错】{}", item.title));
    let about =
        percent_encode_component(&format!("文章：{}\n地址：{page_url}\n问题：", item.title));
    let separator = if to.contains('?') { '&' } else { '?' };
    Some(if to.starts_with("mailto:") {
        format!("{to}{separator}subject={subject}&body={about}")
    } else {
        format!(
            "{to}{separator}title={}&url={}",
            percent_encode_component(&item.title),
            percent_encode_component(page_url)
        )
    })
}

/// 作者, 责任编辑 and reading time.
pub fn article_facts(m: &mut Markup, item: &Item) {
    m.el("p", &[("class", "article-facts")], |m| {
        m.element(
            "span",
            &[("class", "reading-time")],
            &format!("阅读约 {} 分钟", reading_minutes(item)),
        );
        if let Some(editor) = &item.editor {
            m.element(
                "span",
                &[("class", "editor")],
                &format!("责任编辑：{editor}"),
            );
        }
    });
}

/// 信息公开: the document's 索引号, 发布机构, 成文日期, 文号, 主题词 and 有效性 (those it has), in
/// the table government sites show above the body, a label and its value a row.
pub fn disclosure(m: &mut Markup, item: &Item) {
    let Some(disclosure) = &item.disclosure else {
        return;
    };
    m.el("table", &[("class", "disclosure")], |m| {
        m.element("caption", &[], "信息公开");
        m.el("tbody", &[], |m| {
            for (_, label, value) in disclosure.rows() {
                m.el("tr", &[], |m| {
                    m.element("th", &[("scope", "row")], label)
                        .element("td", &[], &value);
                });
            }
        });
    });
}

/// 相关附件: each file with its title, kind and size, to download.
pub fn attachments(m: &mut Markup, item: &Item) {
    if item.attachments.is_empty() {
        return;
    }
    list_section(m, "attachments", "相关附件", |m| {
        for file in &item.attachments {
            let name = file
                .title
                .clone()
                .unwrap_or_else(|| file.url.rsplit('/').next().unwrap_or("附件").to_string());
            m.el("li", &[], |m| {
                m.element("a", &[("href", &file.url), ("download", "")], &name);
                let mut facts = file_kind(&file.mime_type).to_string();
                if let Some(size) = file.size_in_bytes {
                    facts.push_str(" · ");
                    facts.push_str(&format_size(size));
                }
                m.element("span", &[("class", "file-facts")], &facts);
            });
        }
    });
}

/// A section under the article: its heading (`<class>-title`, which labels it) and a list of
/// what `items` writes.
fn list_section(
    m: &mut Markup,
    class: &'static str,
    heading: &str,
    items: impl FnOnce(&mut Markup),
) {
    let heading_id = format!("{class}-title");
    m.el(
        "section",
        &[("class", class), ("aria-labelledby", &heading_id)],
        |m| {
            m.element("h2", &[("id", &heading_id)], heading);
            m.el("ul", &[], items);
        },
    );
}

/// 相关阅读 under the article.
pub fn reading_list(m: &mut Markup, catalog: &Catalog, item: &Item, paths: &Paths) {
    let items: Vec<Arc<Item>> = catalog.reading_list(item, READING_LIST_LENGTH);
    if items.is_empty() {
        return;
    }
    list_section(m, "reading-list", "相关阅读", |m| {
        for other in &items {
            m.el("li", &[], |m| {
                m.link(&paths.article(&other.id), &other.title);
                crate::write::lists::date(m, other);
            });
        }
    });
}

/// A tool of three steps (字号, 语速): its label, then a button per step `(value, label, name)`
/// with `data-reader="{action}"`, the middle one ("medium") pressed as the page is written.
fn steps(m: &mut Markup, label: &str, action: &str, steps: [(&str, &str, &str); 3]) {
    m.element("span", &[("class", "tool-label")], label);
    for (value, label, name) in steps {
        m.element(
            "button",
            &[
                ("type", "button"),
                ("data-reader", action),
                ("value", value),
                ("aria-label", name),
                (
                    "aria-pressed",
                    if value == "medium" { "true" } else { "false" },
                ),
            ],
            label,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::catalog_of;
    use crate::write::markup::render;

    #[test]
    fn reading_time_is_about_400_characters_a_minute() {
        let feed = |chars: usize| {
            format!(
                r#"{{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [{{"id": "a", "content_html": "<p>{}</p>"}}]}}"#,
                "字".repeat(chars)
            )
        };
        for (chars, minutes) in [(1, 1), (400, 1), (401, 2), (2000, 5)] {
            let catalog = catalog_of(&feed(chars));
            let item = catalog.item("a").expect("an item");
            assert_eq!(reading_minutes(item), minutes, "{chars} characters");
        }
    }

    #[test]
    fn disclosure_fields_parse_render_escaped_and_write_back() {
        let feed = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [
            {"id": "a", "title": "甲", "content_text": "x", "_portal": {
                "index_number": "11330000002482870C/2021-00012", "issuer": "浙江省科学技术厅 <script>",
                "written": "2021-09-02", "document_number": "浙科发〔2021〕12号",
                "subjects": ["科技", " 创新\n政策 ", ""], "validity": "有效"}},
            {"id": "b", "title": "乙", "content_text": "x", "_portal": {"issuer": "  ", "subjects": []}},
            {"id": "c", "title": "丙", "content_text": "x", "_portal": {"index_number": 12, "subjects": "科技", "validity": "\"><img src=x onerror=alert(1)>"}}
        ]}"#;
        let catalog = catalog_of(feed);
        let a = catalog.item("a").expect("a");
        let d = a.disclosure.as_deref().expect("a has 信息公开 fields");
        assert_eq!(d.written.as_deref(), Some("2021-09-02"));
        assert_eq!(d.subjects, ["科技", "创新 政策"]);
        let labels: Vec<&str> = d.rows().iter().map(|(_, label, _)| *label).collect();
        assert_eq!(
            labels,
            ["索引号", "发布机构", "成文日期", "文号", "主题词", "有效性"]
        );
        let html = render(|m| disclosure(m, a));
        assert!(
            html.starts_with("<table class=\"disclosure\"><caption>信息公开</caption>"),
            "{html}"
        );
        assert!(
            html.contains(
                "<tr><th scope=\"row\">发布机构</th><td>浙江省科学技术厅 &lt;script&gt;</td></tr>"
            ),
            "{html}"
        );
        assert!(html.contains("<td>科技 创新 政策</td>"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        // Blank fields are none at all: no table.
        let b = catalog.item("b").expect("b");
        assert_eq!(b.disclosure, None);
        assert_eq!(render(|m| disclosure(m, b)), "");
        // Wrong types are reported and left out; what is left still renders, escaped.
        let c = catalog.item("c").expect("c");
        let html = render(|m| disclosure(m, c));
        assert!(
            html.contains("<td>\"&gt;&lt;img src=x onerror=alert(1)&gt;</td>"),
            "{html}"
        );
        assert!(!html.contains("<img"), "{html}");
        for place in ["items[2]._portal.index_number", "items[2]._portal.subjects"] {
            assert!(
                catalog.problems.iter().any(|p| p.place.ends_with(place)),
                "{place}: {:?}",
                catalog.problems
            );
        }
        // The article page shows the table above the body.
        let page = render(|m| {
            crate::write::routes::article::article(
                m,
                &catalog,
                catalog.item("a").expect("a"),
                "https://x.test/",
                crate::write::sidebar::Volatile::Published,
                &Paths::new("/"),
            )
        });
        let table = page.find("class=\"disclosure\"").expect("the table");
        let body = page.find("class=\"article-body\"").expect("the body");
        assert!(table < body, "the table comes before the body");
        // Written back as the feed said them.
        let written = serde_json::to_string(&crate::model::feed::write::write_item(
            a,
            &crate::model::feed::write::ItemOut {
                site_root: "https://x.test/",
                url: &|s: &str| s.to_string(),
                html: &|s: String| s,
                portal: true,
                derived_title: false,
            },
        ))
        .expect("json");
        for field in [
            r#""document_number":"浙科发〔2021〕12号""#,
            r#""subjects":["科技","创新 政策"]"#,
            r#""written":"2021-09-02""#,
        ] {
            assert!(written.contains(field), "{field} in {written}");
        }
    }

    #[test]
    fn sizes_and_kinds_read_as_a_download_list_says_them() {
        assert_eq!(format_size(980), "980 B");
        assert_eq!(format_size(12_800), "12.5 KB");
        assert_eq!(format_size(1_258_291), "1.2 MB");
        assert_eq!(file_kind("application/pdf"), "PDF");
        assert_eq!(
            file_kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            "Word"
        );
        assert_eq!(file_kind("text/csv"), "text/csv");
    }

    #[test]
    fn the_correction_link_is_prefilled_and_absent_when_not_configured() {
        let feed = |corrections: &str| {
            format!(
                r#"{{"version": "https://jsonfeed.org/version/1.1", "title": "t", "_portal": {{{corrections}}},
                "items": [{{"id": "a", "title": "标题 & 更多", "content_text": "x"}}]}}"#
            )
        };
        let with = catalog_of(&feed(r#""corrections": "mailto:jiucuo@example.cn""#));
        let item = with.item("a").expect("an item");
        let html = render(|m| article_tools(m, &with.site, item, "https://x.test/article/a"));
        assert!(
            html.contains("href=\"mailto:jiucuo@example.cn?subject=%E3%80%90"),
            "{html}"
        );
        assert!(
            html.contains("https%3A%2F%2Fx.test%2Farticle%2Fa"),
            "{html}"
        );
        let without = catalog_of(&feed(""));
        let html = render(|m| {
            article_tools(
                m,
                &without.site,
                without.item("a").expect("a"),
                "https://x.test/",
            )
        });
        assert!(!html.contains("我要纠错"));
        let bad = catalog_of(&feed(r#""corrections": "javascript:alert(1)""#));
        assert!(bad.site.corrections.is_none());
        assert!(
            bad.problems
                .iter()
                .any(|p| p.place.ends_with("corrections")),
            "{:?}",
            bad.problems
        );
    }

    fn reading_ids(catalog: &Catalog, item: &Item) -> Vec<String> {
        catalog
            .reading_list(item, 5)
            .iter()
            .map(|i| i.id.clone())
            .collect()
    }

    #[test]
    fn reading_list_ranks_shared_tags_then_channel_then_newest_and_only_older_items() {
        let feed = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [
            {"id": "newer", "title": "更新的", "date_published": "2021-09-10T00:00:00+08:00", "tags": ["氢能", "储能"], "content_text": "x"},
            {"id": "a", "title": "本文", "date_published": "2021-09-09T00:00:00+08:00", "tags": ["氢能", "储能"], "_portal": {"channel": "chanye"}, "content_text": "x"},
            {"id": "one-tag-other-channel", "title": "一", "date_published": "2021-09-08T00:00:00+08:00", "tags": ["氢能"], "content_text": "x"},
            {"id": "one-tag-same-channel", "title": "二", "date_published": "2021-09-07T00:00:00+08:00", "tags": ["储能", "光伏"], "_portal": {"channel": "chanye"}, "content_text": "x"},
            {"id": "both-tags", "title": "三", "date_published": "2021-09-01T00:00:00+08:00", "tags": ["储能", "氢能"], "content_text": "x"},
            {"id": "no-tags", "title": "四", "date_published": "2021-08-01T00:00:00+08:00", "_portal": {"channel": "chanye"}, "content_text": "x"}
        ]}"#;
        let catalog = catalog_of(feed);
        let item = catalog.item("a").expect("the article");
        let ids = reading_ids(&catalog, item);
        assert_eq!(
            ids,
            ["both-tags", "one-tag-same-channel", "one-tag-other-channel"]
        );
        let positions = catalog.positions();
        let indexed: Vec<String> = catalog
            .reading_list_in(item, 5, Some(&positions))
            .iter()
            .map(|i| i.id.clone())
            .collect();
        assert_eq!(indexed, ids, "the publisher's way and the app's agree");
        // What the publisher chose comes first, when it is loaded.
        let chosen = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [
            {"id": "a", "title": "本文", "_portal": {"related": ["c", "gone", "b"]}, "content_text": "x"},
            {"id": "b", "title": "乙", "content_text": "x"}, {"id": "c", "title": "丙", "content_text": "x"}
        ]}"#;
        let catalog = catalog_of(chosen);
        let item = catalog.item("a").expect("the article");
        let ids = reading_ids(&catalog, item);
        assert_eq!(ids, ["c", "b"]);
    }

    #[test]
    fn the_new_fields_are_read_and_wrong_ones_reported_like_any_other() {
        let feed = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "t",
            "_portal": {"organizer": "示例单位", "contact": 12, "site_mark": {"image": "m.svg"}},
            "items": [
            {"id": "a", "title": "甲", "content_text": "x", "_portal": {"editor": "王编辑", "related": "b"},
             "attachments": [
                {"url": "files/a.pdf", "mime_type": "application/pdf", "title": "附件", "size_in_bytes": 1258291},
                {"url": "javascript:alert(1)", "mime_type": "text/plain"},
                {"url": "b.zip"},
                "not an object"
             ]},
            {"id": "b", "title": "乙", "content_text": "x", "_portal": {"editor": ["x"]}, "attachments": {}}
        ]}"#;
        let catalog = catalog_of(feed);
        let a = catalog.item("a").expect("a");
        assert_eq!(a.editor.as_deref(), Some("王编辑"));
        assert_eq!(a.attachments.len(), 1);
        assert!(
            a.attachments[0].url.ends_with("/files/a.pdf"),
            "{}",
            a.attachments[0].url
        );
        assert_eq!(catalog.site.organizer.as_deref(), Some("示例单位"));
        assert_eq!(catalog.site.contact, None);
        assert_eq!(
            catalog.site.site_mark, None,
            "a mark needs its verification URL"
        );
        let places: Vec<&str> = catalog.problems.iter().map(|p| p.place.as_str()).collect();
        for place in [
            "_portal.contact",
            "_portal.site_mark",
            "items[0]._portal.related",
            "items[0].attachments[1].url",
            "items[0].attachments[2]",
            "items[0].attachments[3]",
            "items[1]._portal.editor",
            "items[1].attachments",
        ] {
            let place = format!("feed.json {place}");
            assert!(
                places.iter().any(|p| p.starts_with(&place)),
                "{place} not reported: {places:?}"
            );
        }
        let html = render(|m| attachments(m, a));
        assert!(html.contains("download=\"\""), "{html}");
        assert!(
            html.contains("附件</a><span class=\"file-facts\">PDF · 1.2 MB</span>"),
            "{html}"
        );
    }
}
