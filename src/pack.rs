//! The published content folder, `DIST/content/`, written by `portal build` from the authored
//! content (any folder the portal reads: one feed, a `next_url` chain, channel feeds). Lists
//! hold excerpts; every item is whole in its own file:
//!
//! - `feed.json`, `feed-2.json`, …: the main feed, newest first, `page_size` excerpts a file
//!   (the size of a list page: the home page's first screen costs one file), chained by
//!   `next_url`. The first holds the whole `_portal`, with `article_url`, `tag_feed_url`, each
//!   channel's `feed_url`, every tag with its count (`tags`), the main feed's length
//!   (`total_items`) and, as `context`, the excerpts of the items other pages show from the
//!   whole archive (the sidebar's boxes, the channel blocks, the newest; see
//!   [`crate::document::site_context`]);
//! - `channels/<slug>.json`, `tags/<tag>.json` (and `-2.json`, …): each channel's and each
//!   tag's list, paged the same way, its length on its first page, so a list never walks the
//!   main feed;
//! - `articles/<segment>.json`: every item whole, on its own, named by the route segment the
//!   app links to (`_portal.article_url` is `articles/{segment}.json`: `~XX` escapes, no `%`,
//!   which nginx would decode before looking the file up), so any deep link costs one request;
//!   its `context` holds its neighbours (上一篇, 下一篇);
//! - every file of the authored folder that is not JSON (pictures), copied.
//!
//! An excerpt (`_portal.excerpt`) is what a list shows of an item: title, date, picture, tags,
//! channel and the start of its text. Every item's HTML goes through the portal's sanitiser,
//! and URLs into the site are written from the site's root, so the files work on any host that
//! serves the site.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{json, Value};

use crate::components::lists::{HEADLINE_TEASER_CHARS, TEASER_CHARS};
use crate::document::{article_context, site_context};
use crate::model::sanitize::{sanitize, Origin};
use crate::model::url::{article_file, list_segment, ArticleKey};
use crate::model::Item;
use crate::publish::{item_json, Content, PublishError, SiteUrl, Urls};

/// `_portal.article_url` of a packed folder.
pub const ARTICLE_URL: &str = "articles/{segment}.json";
/// `_portal.tag_feed_url` of a packed folder.
pub const TAG_FEED_URL: &str = "tags/{segment}.json";
/// Characters of text an excerpt keeps: the longest any list shows of it, so a list shows the
/// same words from the excerpt as from the whole item.
const EXCERPT_CHARS: usize = if HEADLINE_TEASER_CHARS > TEASER_CHARS {
    HEADLINE_TEASER_CHARS
} else {
    TEASER_CHARS
};

/// Writes one file of the packed folder: its path relative to `content/`, and its bytes.
pub type Sink<'a> = dyn FnMut(&str, &[u8]) -> Result<(), PublishError> + 'a;

/// Packs `content`, read from the folder `authored`, into `write`.
pub fn pack(
    authored: &Path,
    content: &Content,
    site: &SiteUrl,
    write: &mut Sink<'_>,
) -> Result<(), PublishError> {
    let catalog = &content.catalog;
    let page_size = catalog.site.page_size.max(1);
    let latest: Vec<&Item> = catalog.latest().iter().map(AsRef::as_ref).collect();
    let mut by_channel: BTreeMap<&str, Vec<&Item>> = catalog
        .site
        .channels
        .iter()
        .map(|c| (c.slug.as_str(), Vec::new()))
        .collect();
    let mut by_tag: BTreeMap<&str, Vec<&Item>> = BTreeMap::new();
    for item in catalog.all() {
        if let Some(list) = item.channel.as_deref().and_then(|c| by_channel.get_mut(c)) {
            list.push(item);
        }
        for tag in &item.tags {
            by_tag.entry(tag).or_default().push(item);
        }
    }
    let mut portal = packed_portal(authored, content, site)?;
    let tags: serde_json::Map<String, Value> = by_tag
        .iter()
        .map(|(tag, items)| (tag.to_string(), json!(items.len())))
        .collect();
    portal.insert("tags".into(), Value::Object(tags));
    let context: Vec<Value> = excerpts_not_in(&site_context(catalog), &latest, page_size, site);
    if !context.is_empty() {
        portal.insert("context".into(), Value::Array(context));
    }
    let head = json!({
        "title": catalog.site.name,
        "home_page_url": site.root(),
        "language": catalog.site.language,
        "description": catalog.site.description,
        "_portal": portal,
    });
    write_chain(&latest, page_size, "feed", head, site, write)?;
    for (slug, items) in &by_channel {
        write_chain(
            items,
            page_size,
            &channel_chain(slug),
            json!({}),
            site,
            write,
        )?;
    }
    for (tag, items) in &by_tag {
        let name = format!("tags/{}", list_segment(tag));
        write_chain(items, page_size, &name, json!({}), site, write)?;
    }
    for item in catalog.all() {
        let key = ArticleKey::Id(item.id.clone());
        let Some(file) = article_file(ARTICLE_URL, &key) else {
            continue;
        };
        let context: Vec<Value> = article_context(catalog, item)
            .iter()
            .map(|i| excerpt_json(i, site))
            .collect();
        let mut feed = json!({
            "version": "https://jsonfeed.org/version/1.1",
            "title": catalog.site.name,
            "items": [item_json(item, site, Urls::SiteRelative)],
        });
        if !context.is_empty() {
            feed["_portal"] = json!({ "context": context });
        }
        write(&file, &to_bytes(&feed))?;
    }
    copy_assets(authored, Path::new(""), write)
}

/// A channel's chain of files, without `.json`: `channels/<slug>`.
fn channel_chain(slug: &str) -> String {
    format!("channels/{}", list_segment(slug))
}

/// Excerpts of `items` that are not on the first page of `list` (`page_size` a page).
fn excerpts_not_in(
    items: &[Arc<Item>],
    list: &[&Item],
    page_size: usize,
    site: &SiteUrl,
) -> Vec<Value> {
    let first_page: Vec<&str> = list.iter().take(page_size).map(|i| i.id.as_str()).collect();
    items
        .iter()
        .filter(|i| !first_page.contains(&i.id.as_str()))
        .map(|i| excerpt_json(i, site))
        .collect()
}

/// What a list shows of an item: its title, date, picture, tags, channel, source, counts and
/// the start of its text as `content_text`, marked `_portal.excerpt`.
fn excerpt_json(item: &Item, site: &SiteUrl) -> Value {
    let mut entry = json!({
        "id": item.id,
        "title": item.title,
        "content_text": item.teaser(EXCERPT_CHARS),
    });
    if let Some(date) = item.date {
        entry["date_published"] = json!(date.rfc3339_shanghai());
    }
    if let Some(image) = &item.image {
        entry["image"] = json!(site.site_relative(image));
    }
    if !item.tags.is_empty() {
        entry["tags"] = json!(item.tags);
    }
    let mut portal = json!({ "excerpt": true });
    if let Some(channel) = &item.channel {
        portal["channel"] = json!(channel);
    }
    if let Some(source) = &item.source {
        portal["source"] = json!(source);
    }
    if let Some(views) = item.views {
        portal["views"] = json!(views);
    }
    if item.featured {
        portal["featured"] = json!(true);
    }
    if item.sample {
        portal["sample"] = json!(true);
    }
    entry["_portal"] = portal;
    entry
}

/// `name.json`, `name-2.json`, … of excerpts of `items`, `page_size` each (one empty file when
/// there are none); `head`'s fields go into the first, with the list's length in
/// `_portal.total_items`.
fn write_chain(
    items: &[&Item],
    page_size: usize,
    name: &str,
    head: Value,
    site: &SiteUrl,
    write: &mut Sink<'_>,
) -> Result<(), PublishError> {
    let file = |n: usize| {
        if n == 1 {
            format!("{name}.json")
        } else {
            format!("{name}-{n}.json")
        }
    };
    let pages: Vec<&[&Item]> = if items.is_empty() {
        vec![&[]]
    } else {
        items.chunks(page_size).collect()
    };
    let count = pages.len();
    for (i, page) in pages.into_iter().enumerate() {
        let n = i + 1;
        let mut feed = json!({
            "version": "https://jsonfeed.org/version/1.1",
            "items": page.iter().map(|item| excerpt_json(item, site)).collect::<Vec<_>>(),
        });
        if n == 1 {
            if let (Value::Object(head), Some(feed)) = (&head, feed.as_object_mut()) {
                feed.extend(
                    head.iter()
                        .filter(|(_, v)| !v.is_null())
                        .map(|(k, v)| (k.clone(), v.clone())),
                );
            }
            feed["_portal"]["total_items"] = json!(items.len());
        }
        if n < count {
            // Relative to this file: the next page is beside it.
            let next = file(n + 1);
            let next = next.rsplit('/').next().unwrap_or(&next).to_string();
            feed["next_url"] = Value::String(next);
        }
        write(&file(n), &to_bytes(&feed))?;
    }
    Ok(())
}

/// The authored first page's `_portal`, with `article_url`, `tag_feed_url` and the channels'
/// `feed_url` set to the packed files and the footer pages' HTML sanitised.
fn packed_portal(
    authored: &Path,
    content: &Content,
    site: &SiteUrl,
) -> Result<serde_json::Map<String, Value>, PublishError> {
    let text =
        std::fs::read_to_string(authored.join("feed.json")).map_err(|e| PublishError::Write {
            path: authored.join("feed.json"),
            error: e,
        })?;
    let first: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    let mut portal = match first.get("_portal") {
        Some(Value::Object(portal)) => portal.clone(),
        _ => serde_json::Map::new(),
    };
    // What a first page says of its own list: this folder's are written below.
    for own in ["context", "total_items", "tags"] {
        portal.remove(own);
    }
    portal.insert("article_url".into(), json!(ARTICLE_URL));
    portal.insert("tag_feed_url".into(), json!(TAG_FEED_URL));
    let channels: Vec<Value> = content
        .catalog
        .site
        .channels
        .iter()
        .map(|c| {
            json!({
                "slug": c.slug,
                "name": c.name,
                "description": c.description,
                "feed_url": format!("{}.json", channel_chain(&c.slug)),
            })
        })
        .map(drop_nulls)
        .collect();
    portal.insert("channels".into(), Value::Array(channels));
    let root = site.root();
    let feed_url = site.content_url("feed.json");
    let pages: Vec<Value> = content
        .catalog
        .site
        .pages
        .iter()
        .map(|p| {
            let html = sanitize(
                &p.content_html,
                Origin {
                    base: &feed_url,
                    site: &root,
                },
            );
            json!({
                "slug": p.slug,
                "title": p.title,
                "content_html": site.site_relative_html(&html),
            })
        })
        .collect();
    portal.insert("pages".into(), Value::Array(pages));
    Ok(portal)
}

fn drop_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.into_iter().filter(|(_, v)| !v.is_null()).collect())
        }
        other => other,
    }
}

fn to_bytes(feed: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(feed).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Copies every file under `dir/under` that is not JSON (JSON is written by the packer only).
fn copy_assets(dir: &Path, under: &Path, write: &mut Sink<'_>) -> Result<(), PublishError> {
    let here = dir.join(under);
    let unreadable = |error| PublishError::Write {
        path: here.clone(),
        error,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&here)
        .map_err(unreadable)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let Some(name) = path.file_name() else {
            continue;
        };
        let relative = under.join(name);
        if path.is_dir() {
            copy_assets(dir, &relative, write)?;
        } else if path.extension().is_none_or(|e| e != "json") {
            let bytes = std::fs::read(&path).map_err(|error| PublishError::Write {
                path: path.clone(),
                error,
            })?;
            write(&relative.to_string_lossy(), &bytes)?;
        }
    }
    Ok(())
}
