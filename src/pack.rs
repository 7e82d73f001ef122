//! The published content folder, `DIST/content/`, written by `portal build` from the authored
//! content (any folder the portal reads: one feed, a `next_url` chain, channel feeds):
//!
//! - `feed.json`, `feed-2.json`, …: every item of the main feed, newest first, `page_size` a
//!   file (the size of a list page: the home page's first screen costs one file), chained by
//!   `next_url`; the first holds the whole `_portal`, with `article_url` set and each channel's
//!   `feed_url`;
//! - `channels/<slug>.json`, `channels/<slug>-2.json`, …: each channel's items, paged the same
//!   way, so a channel's list never walks the main feed;
//! - `articles/<segment>.json`: every item on its own, named by the route segment the app
//!   links to (`_portal.article_url` is `articles/{segment}.json`: `~XX` escapes, no `%`,
//!   which nginx would decode before looking the file up), so any deep link costs one request;
//! - every file of the authored folder that is not JSON (pictures), copied.
//!
//! Every item's HTML goes through the portal's sanitiser, and URLs into the site are written
//! from the site's root, so the files work on any host that serves the site.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::model::sanitize::{sanitize, Origin};
use crate::model::url::{article_file, encode_segment, ArticleKey};
use crate::model::Item;
use crate::publish::{item_json, Content, PublishError, SiteUrl, Urls};

/// `_portal.article_url` of a packed folder.
pub const ARTICLE_URL: &str = "articles/{segment}.json";

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
    let portal = packed_portal(authored, content, site)?;
    let latest: Vec<&Item> = catalog.latest().iter().map(AsRef::as_ref).collect();
    let head = json!({
        "title": catalog.site.name,
        "home_page_url": site.root(),
        "language": catalog.site.language,
        "description": catalog.site.description,
        "_portal": portal,
    });
    write_chain(&latest, page_size, "feed", Some(head), site, write)?;
    for channel in &catalog.site.channels {
        let items = catalog.in_channel(&channel.slug);
        let items: Vec<&Item> = items.iter().map(AsRef::as_ref).collect();
        let name = format!("channels/{}", encode_segment(&channel.slug));
        write_chain(&items, page_size, &name, None, site, write)?;
    }
    for item in catalog.all() {
        let key = ArticleKey::Id(item.id.clone());
        let Some(file) = article_file(ARTICLE_URL, &key) else {
            continue;
        };
        let feed = json!({
            "version": "https://jsonfeed.org/version/1.1",
            "title": catalog.site.name,
            "items": [item_json(item, site, Urls::SiteRelative)],
        });
        write(&file, &to_bytes(&feed))?;
    }
    copy_assets(authored, Path::new(""), write)
}

/// `name.json`, `name-2.json`, … of `items`, `page_size` each (one empty file when there are
/// none); `head`'s fields go into the first.
fn write_chain(
    items: &[&Item],
    page_size: usize,
    name: &str,
    head: Option<Value>,
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
            "items": page.iter().map(|item| item_json(item, site, Urls::SiteRelative)).collect::<Vec<_>>(),
        });
        if n == 1 {
            if let (Some(Value::Object(head)), Some(feed)) = (&head, feed.as_object_mut()) {
                feed.extend(
                    head.iter()
                        .filter(|(_, v)| !v.is_null())
                        .map(|(k, v)| (k.clone(), v.clone())),
                );
            }
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

/// The authored first page's `_portal`, with `article_url` and the channels' `feed_url` set to
/// the packed files and the footer pages' HTML sanitised.
fn packed_portal(
    authored: &Path,
    content: &Content,
    site: &SiteUrl,
) -> Result<Value, PublishError> {
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
    portal.insert("article_url".into(), json!(ARTICLE_URL));
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
                "feed_url": format!("channels/{}.json", encode_segment(&c.slug)),
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
    Ok(Value::Object(portal))
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
