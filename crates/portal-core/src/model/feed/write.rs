//! Writing JSON Feed 1.1, next to its reader ([`super::parse_feed`]): the one writer of items
//! for the packed content folder, the subscribers' `feed.json` and `portal import`'s folder.
//! What it writes, the reader reads back as the same item.
//!
//! The files are typed structs rather than `serde_json::Value`s: their fields keep the order
//! JSON Feed lists them in (`version` first) for the editors who open them, without
//! serde_json's `preserve_order`, which would change the key order of every map the app reads
//! too and cost the wasm its smaller sorted map.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::html::sanitize::{sanitize, Origin};
use crate::model::{Body, Item};

/// The `version` of every feed the portal writes.
pub const JSON_FEED_VERSION: &str = "https://jsonfeed.org/version/1.1";

/// One JSON Feed file.
#[derive(Clone, Debug, Default, Serialize)]
pub struct FeedJson {
    pub version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub home_page_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feed_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_url: Option<String>,
    #[serde(rename = "_portal", skip_serializing_if = "Map::is_empty")]
    pub portal: Map<String, Value>,
    pub items: Vec<ItemJson>,
}

impl FeedJson {
    /// A feed of `items`, with nothing else set.
    pub fn of(items: Vec<ItemJson>) -> Self {
        FeedJson {
            version: JSON_FEED_VERSION,
            items,
            ..FeedJson::default()
        }
    }

    /// The file's text, indented for the people who read it, with a final newline.
    pub fn pretty(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The file's bytes, compact, for files only programs read, with a final newline.
    pub fn compact(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }
}

/// One item of a JSON Feed file.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ItemJson {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_html: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<AuthorJson>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<AttachmentJson>,
    #[serde(rename = "_portal", skip_serializing_if = "Map::is_empty")]
    pub portal: Map<String, Value>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AuthorJson {
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AttachmentJson {
    pub url: String,
    pub mime_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size_in_bytes: Option<u64>,
}

/// How [`write_item`] writes an item out.
pub struct ItemOut<'a> {
    /// The site's own address: links in bodies that point to it are the site's (the sanitiser
    /// marks the others as leaving it).
    pub site_root: &'a str,
    /// Writes a URL of the item (its link, its picture).
    pub url: &'a dyn Fn(&str) -> String,
    /// Writes the URLs of its sanitised HTML.
    pub html: &'a dyn Fn(String) -> String,
    /// With `_portal` (the portal's own files), or without (subscribers' feeds).
    pub portal: bool,
    /// A title the portal made from the text is written too (else it is made again on reading).
    pub derived_title: bool,
}

/// An item's HTML body through the portal's sanitiser, for [`write_item_with`]. Only
/// [`CleanBody::of`] makes one, so what it holds has been sanitised.
pub struct CleanBody(Option<String>);

impl CleanBody {
    /// The body of `item` (`None` unless it is HTML) sanitised for the site at `site_root`.
    pub fn of(item: &Item, site_root: &str) -> CleanBody {
        CleanBody(match &item.body {
            Body::Html(html) => Some(sanitize(
                html,
                Origin {
                    base: &item.base,
                    site: site_root,
                },
            )),
            Body::Text(_) | Body::Empty => None,
        })
    }

    /// The sanitised HTML, if the body is HTML.
    pub fn html(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

/// One item as JSON Feed 1.1, its HTML through the portal's sanitiser.
pub fn write_item(item: &Item, out: &ItemOut<'_>) -> ItemJson {
    write_item_with(item, out, CleanBody::of(item, out.site_root))
}

/// [`write_item`] with its body already sanitised, for a caller that reads the clean HTML
/// first (`portal import` looks for the pictures it links): sanitising every body twice was
/// 10.5% of a one-new-item sync's samples at 100k (perf).
pub fn write_item_with(item: &Item, out: &ItemOut<'_>, clean: CleanBody) -> ItemJson {
    let url = out.url;
    let mut entry = ItemJson {
        id: item.id.clone(),
        title: (!item.title_derived || out.derived_title).then(|| item.title.clone()),
        url: item.url.as_deref().map(url),
        summary: item.summary.clone(),
        date_published: item.date.map(|d| d.rfc3339_shanghai()),
        date_modified: item.modified.map(|d| d.rfc3339_shanghai()),
        image: item.image.as_deref().map(url),
        tags: item.tags.clone(),
        authors: item
            .authors
            .iter()
            .map(|name| AuthorJson { name: name.clone() })
            .collect(),
        attachments: item
            .attachments
            .iter()
            .map(|a| AttachmentJson {
                url: url(&a.url),
                mime_type: a.mime_type.clone(),
                title: a.title.clone(),
                size_in_bytes: a.size_in_bytes,
            })
            .collect(),
        ..ItemJson::default()
    };
    match (&item.body, clean.0) {
        (Body::Html(_), Some(clean)) => entry.content_html = Some((out.html)(clean)),
        (Body::Html(_), None) | (Body::Empty, _) => entry.content_text = Some(String::new()),
        (Body::Text(text), _) => entry.content_text = Some(text.clone()),
    }
    if out.portal {
        entry.portal = portal_fields(item);
    }
    entry
}

/// The item's `_portal` fields that are set.
fn portal_fields(item: &Item) -> Map<String, Value> {
    let mut portal = Map::new();
    let mut set = |key: &str, value: Value| {
        portal.insert(key.into(), value);
    };
    if let Some(channel) = &item.channel {
        set("channel", channel.clone().into());
    }
    if let Some(source) = &item.source {
        set("source", source.clone().into());
    }
    if let Some(views) = item.views {
        set("views", views.into());
    }
    if item.featured {
        set("featured", true.into());
    }
    if item.sample {
        set("sample", true.into());
    }
    if item.draft {
        set("draft", true.into());
    }
    if let Some(editor) = &item.editor {
        set("editor", editor.clone().into());
    }
    if !item.related.is_empty() {
        set("related", item.related.clone().into());
    }
    if let Some(disclosure) = &item.disclosure {
        for (key, _, value) in disclosure.rows() {
            let value = if key == "subjects" {
                disclosure.subjects.clone().into()
            } else {
                value.into()
            };
            set(key, value);
        }
    }
    portal
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_feed;

    const FEED_URL: &str = "https://x.test/content/feed.json";

    #[test]
    fn what_is_written_reads_back_as_the_same_item() {
        let text = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [{
            "id": "a", "title": "标题", "url": "https://x.test/a", "summary": "摘要",
            "content_html": "<p>正文<script>x()</script></p>", "date_published": "2021-09-02T10:00:00+08:00",
            "image": "https://x.test/a.png", "tags": ["氢能"], "authors": [{"name": "作者"}],
            "attachments": [{"url": "https://x.test/a.pdf", "mime_type": "application/pdf", "title": "附件", "size_in_bytes": 12}],
            "_portal": {"channel": "c", "source": "来源", "views": 3, "featured": true, "editor": "编辑"}
        }]}"#;
        let page = parse_feed(text, FEED_URL).expect("a feed");
        let same = |s: &str| s.to_string();
        let out = ItemOut {
            site_root: "https://x.test/",
            url: &same,
            html: &|h| h,
            portal: true,
            derived_title: false,
        };
        let written = FeedJson::of(vec![write_item(&page.items[0], &out)]).pretty();
        assert!(written.starts_with("{\n  \"version\": \"https://jsonfeed.org/version/1.1\""));
        assert!(!written.contains("script"));
        let again = parse_feed(&written, FEED_URL).expect("what was written is a feed");
        let (mut before, mut after) = (page.items[0].clone(), again.items[0].clone());
        // The sanitised body differs from the authored one by the script alone.
        before.body = Body::Empty;
        after.body = Body::Empty;
        assert_eq!(before, after);
        assert!(again.problems.is_empty(), "{:?}", again.problems);
    }
}
