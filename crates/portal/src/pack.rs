//! The published content folder, `DIST/content/`, written by `portal build` from the authored
//! content (any folder the portal reads: one feed, a `next_url` chain, channel feeds). Lists
//! hold excerpts; every item is whole in its own file:
//!
//! - `feed.json`, then `feed@N.json` … `feed@1.json`: the main feed, newest first, as excerpts,
//!   chained by `next_url`: `feed.json` holds the newest `page_size` to twice as many (the
//!   home page's first screen costs one file), the older files `page_size` each, numbered from
//!   the oldest so that they never change ([`write_chain`]). `feed.json` holds the whole `_portal`, with `article_url`, `tag_feed_url`, each
//!   channel's `feed_url`, every tag with its count (`tags`), the main feed's length
//!   (`total_items`) and, as `context`, the excerpts of the items other pages show from the
//!   whole archive (the sidebar's boxes, the channel blocks, the newest; see
//!   [`portal_core::write::page::site_context`]);
//! - `channels/<slug>.json`, `tags/<tag>.json` (and their older files): each channel's and
//!   each tag's list, in files the same way, its length in its first, so a list never walks the
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

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{json, Value};

use crate::content::Content;
use crate::feeds_out::{item_json, Urls};
use crate::site_url::SiteUrl;
use crate::Error;
use portal_core::html::sanitize::{sanitize, Origin};
use portal_core::model::feed::write::JSON_FEED_VERSION;
use portal_core::model::feed::{PACKED_FORMAT, PACKED_FORMAT_KEY};
use portal_core::model::url::{article_file, list_segment, older_list_file, ArticleKey};
use portal_core::model::Item;
use portal_core::search;
use portal_core::write::lists::{HEADLINE_TEASER_CHARS, TEASER_CHARS};
use portal_core::write::page::{article_context, site_context};
use portal_core::write::reader::READING_LIST_LENGTH;

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
/// Called from several threads at once: the tag lists and the article files are made and
/// written in parallel.
pub type Sink<'a> = dyn Fn(&str, &[u8]) -> Result<(), Error> + Sync + 'a;

/// What the search index came to, for the build report.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IndexStats {
    pub documents: usize,
    pub files: usize,
    pub bytes: usize,
    /// Time taken to build it, in seconds.
    pub seconds: f64,
    /// Documents of the base segment kept from the release before, when it was
    /// ([`pack_search_index`]).
    pub base_kept: Option<usize>,
}

/// What [`pack`] says of what it wrote.
pub struct Packed {
    /// The [`content_hash`](portal_core::text::content_hash) of the first page as written,
    /// which the index records.
    pub first_page_hash: String,
    /// The articles on the first page, or whose file holds an item with the date of another
    /// item of the first page: their page, read from the first page and their file
    /// (src/content.rs, `Published`), may show what the first page holds. Every other
    /// article's page is made from its own file and what src/build.rs's `frame_digest` takes
    /// from the first page.
    pub dependent: HashSet<String>,
    /// Each packed file's [`PackedDigests`] entry, for the next build.
    pub digests: PackedDigests,
    /// Packed files linked from the release before by their digest, not made again.
    pub kept: usize,
}

/// What the article files (`articles/<segment>.json`) and the older files of the lists
/// (`feed@N.json`, `channels/<slug>@N.json`, `tags/<tag>@N.json`) were made from, by path
/// under `content/`: a digest of this program, the site, and the items the file holds or
/// shows ([`article_digest`], [`list_file_digest`]). Kept in `SITE/pages.json` (src/inputs.rs,
/// `Rendered`). Not stable across builds of this program, which is part of it.
pub type PackedDigests = HashMap<String, u64>;

/// What [`pack`] may keep of the release before's packed files.
pub struct KeptFiles<'a> {
    /// The digests the build of the release before recorded (from the salt [`pack`] is given,
    /// which that build drew).
    pub digests: &'a PackedDigests,
    /// Links the release before's file at this path under `content/` in its place, and says
    /// its size; `None` when there is none to link (src/output.rs, `Output::link_previous`).
    pub link: &'a (dyn Fn(&str) -> Result<Option<u64>, Error> + Sync),
    /// The folder they are written in (`DIST/content`), where a debug build reads a linked
    /// file back to check it against the bytes it is made of.
    pub packed_dir: &'a Path,
}

/// Writes the packed files whose digest is new, and links the release before's for the rest.
struct Packer<'a> {
    write: &'a Sink<'a>,
    kept: Option<&'a KeptFiles<'a>>,
    /// What every packed file is made from besides its items ([`packed_seed`]).
    seed: u64,
    /// Each item's [`item_digest`], by id.
    items: HashMap<&'a str, u64>,
    digests: std::sync::Mutex<PackedDigests>,
    /// Paths put more than once (two long tags whose shortened segments are the same): which
    /// list's bytes end up there depends on the threads, so no digest is recorded for them.
    shared: std::sync::Mutex<HashSet<String>>,
    linked: std::sync::atomic::AtomicUsize,
}

impl Packer<'_> {
    /// The file `file` (under `content/`): linked from the release before when `digest` is the
    /// one its build recorded for it, and otherwise made by `bytes` and written.
    fn put(&self, file: &str, digest: u64, bytes: impl FnOnce() -> Vec<u8>) -> Result<(), Error> {
        let again = self
            .digests
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(file.to_string(), digest)
            .is_some();
        if again {
            self.shared
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(file.to_string());
        }
        let recorded = self
            .kept
            .filter(|k| k.digests.get(file) == Some(&digest) && !again);
        if let Some(kept) = recorded {
            if (kept.link)(file)?.is_some() {
                debug_assert!(
                    std::fs::read(kept.packed_dir.join(file)).is_ok_and(|old| old == bytes()),
                    "content/{file} was linked from the release before, but packs otherwise"
                );
                self.linked
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                return Ok(());
            }
        }
        (self.write)(file, &bytes())
    }

    /// An item's [`item_digest`] (`None` for an item not in the catalog, which no file holds).
    fn item(&self, id: &str) -> Option<u64> {
        self.items.get(id).copied()
    }

    /// The digests for the next build: those of the paths put once.
    fn into_digests(self) -> PackedDigests {
        let mut digests = self
            .digests
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let shared = self
            .shared
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        digests.retain(|file, _| !shared.contains(file));
        digests
    }
}

/// Packs `content`, read from the folder `authored`, into `write`, all but the search index
/// ([`pack_search_index`]).
pub fn pack(
    authored: &Path,
    content: &Content,
    site: &SiteUrl,
    write: &Sink<'_>,
    kept: Option<&KeptFiles<'_>>,
    salt: &str,
) -> Result<Packed, Error> {
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
    portal.insert("search_index".into(), json!(search::MANIFEST_PATH));
    let tags: serde_json::Map<String, Value> = by_tag
        .iter()
        .map(|(tag, items)| (tag.to_string(), json!(items.len())))
        .collect();
    portal.insert("tags".into(), Value::Object(tags));
    let site_items = site_context(catalog);
    let context: Vec<Value> = excerpts_not_in(&site_items, &latest, page_size, site);
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
    // A file whose inputs are those of the release before's is linked from it. At 100k items,
    // making every article and list file (each body sanitised again) and reading the release
    // before's to compare was 22.5% and 10.7% of a one-new-item sync's perf samples; linking
    // instead took that sync's user time from 20.4 to 18.1 s (medians of 5 and 6 runs).
    let packer = Packer {
        write,
        kept,
        seed: packed_seed(catalog, site, salt),
        items: catalog
            .all()
            .par_iter()
            .map(|item| (item.id.as_str(), item_digest(salt, item)))
            .collect(),
        digests: std::sync::Mutex::new(PackedDigests::with_capacity(catalog.len() * 2)),
        shared: std::sync::Mutex::new(HashSet::new()),
        linked: std::sync::atomic::AtomicUsize::new(0),
    };
    // The index records the hash of the first page as written, which the app compares with
    // the one it loaded.
    let excerpts = Excerpts::new(catalog, site);
    let first_page = write_chain(&latest, page_size, "feed", head, &excerpts, &packer)?;
    let first_page_hash = portal_core::text::content_hash(&first_page);
    // Each list, and below each article file, is made from the catalog alone and written to
    // its own path: in parallel, on every core (src/build.rs says what it saves).
    let lists: Vec<(String, &Vec<&Item>)> = by_channel
        .iter()
        .map(|(slug, items)| (channel_chain(slug), items))
        .chain(
            by_tag
                .iter()
                .map(|(tag, items)| (format!("tags/{}", list_segment(tag)), items)),
        )
        .collect();
    lists.par_iter().try_for_each(|(name, items)| {
        write_chain(items, page_size, name, json!({}), &excerpts, &packer).map(drop)
    })?;
    // The items of the first page (its list and its context) and how many of them have each
    // date. An article's page reads the first page and its own file: it shows what the first
    // page says when the article is on it, or when an item on it has the date of the article
    // or of an item of its file, which a sort may then put either side. Otherwise the items of
    // the first page an article's neighbours and 同类资讯 are drawn from are in its file too,
    // the nearest ones, and the rest of the first page is farther.
    let mut first_ids: HashSet<&str> = HashSet::new();
    let mut first_dates: HashMap<Option<i64>, usize> = HashMap::new();
    for item in latest[..first_file_len(latest.len(), page_size)]
        .iter()
        .copied()
        .chain(site_items.iter().map(AsRef::as_ref))
    {
        if first_ids.insert(item.id.as_str()) {
            *first_dates.entry(item.date.map(|d| d.0)).or_default() += 1;
        }
    }
    let date_shared = |i: &Item| {
        let others = first_dates.get(&i.date.map(|d| d.0)).copied().unwrap_or(0);
        others > usize::from(first_ids.contains(i.id.as_str()))
    };
    let dependent = std::sync::Mutex::new(HashSet::new());
    let positions = catalog.positions();
    catalog.all().par_iter().try_for_each(|item| {
        let key = ArticleKey::Id(item.id.clone());
        let Some(file) = article_file(ARTICLE_URL, &key) else {
            return Ok(());
        };
        // 相关阅读 chosen over the whole archive, so the written page and the app agree.
        let reading = catalog.reading_list_in(item, READING_LIST_LENGTH, Some(&positions));
        let context_items = article_context(catalog, &positions, item, &reading);
        if first_ids.contains(item.id.as_str())
            || date_shared(item)
            || context_items.iter().any(|i| date_shared(i))
        {
            dependent
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(item.id.clone());
        }
        let bytes = || {
            let mut whole = (**item).clone();
            whole.related = reading.iter().map(|i| i.id.clone()).collect();
            let context = |out: &mut Vec<u8>| {
                out.extend_from_slice(br#"{"context":"#);
                excerpts.write_array(&context_items, out);
                out.push(b'}');
            };
            // Through a `Value`, whose keys are sorted, as the file's were.
            let items = |out: &mut Vec<u8>| {
                write_json(&json!([item_json(&whole, site, Urls::SiteRelative)]), out)
            };
            let title = |out: &mut Vec<u8>| write_json(&catalog.site.name, out);
            let version = |out: &mut Vec<u8>| write_json(&JSON_FEED_VERSION, out);
            let mut fields: Vec<Field<'_>> = Vec::with_capacity(4);
            if !context_items.is_empty() {
                fields.push(("_portal", &context));
            }
            fields.extend([
                ("items", &items as &dyn Fn(&mut Vec<u8>)),
                ("title", &title),
                ("version", &version),
            ]);
            object_bytes(&fields)
        };
        let digest = article_digest(&packer, item, &reading, &context_items);
        packer.put(&file, digest, bytes)
    })?;
    copy_assets(authored, Path::new(""), write)?;
    Ok(Packed {
        first_page_hash,
        dependent: dependent
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
        kept: packer.linked.load(std::sync::atomic::Ordering::Relaxed),
        digests: packer.into_digests(),
    })
}

/// What every packed file is made from besides its items: this program, the site's address
/// and name, and the packed format; and the salt.
fn packed_seed(catalog: &portal_core::model::Catalog, site: &SiteUrl, salt: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    (
        salt,
        crate::inputs::program(),
        site.root(),
        &catalog.site.name,
        PACKED_FORMAT,
    )
        .hash(&mut h);
    h.finish()
}

/// Every field of an item, its body's bytes included, after the salt: by XXH3, the bodies being
/// most of the bytes a build hashes (see [`crate::inputs::bytes_digest`]).
fn item_digest(salt: &str, item: &Item) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    (salt, item).hash(&mut h);
    h.finish()
}

/// An article file's [`PackedDigests`] entry: the seed, the item, the ids of its 相关阅读 and
/// every item of its `context`, each by its whole [`item_digest`] (a context item's excerpt
/// shows less, so this is the safe side: a change it does not show writes the file again).
fn article_digest(
    packer: &Packer<'_>,
    item: &Item,
    reading: &[Arc<Item>],
    context: &[Arc<Item>],
) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    (packer.seed, packer.item(&item.id)).hash(&mut h);
    reading.len().hash(&mut h);
    for i in reading {
        i.id.hash(&mut h);
    }
    context.len().hash(&mut h);
    for i in context {
        (&i.id, packer.item(&i.id)).hash(&mut h);
    }
    h.finish()
}

/// An older list file's [`PackedDigests`] entry: the seed, the file it names next, and each
/// item it holds by its whole [`item_digest`] (its excerpt shows less: the safe side again).
fn list_file_digest(packer: &Packer<'_>, next: Option<&str>, items: &[&Item]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    (packer.seed, next, items.len()).hash(&mut h);
    for i in items {
        (&i.id, packer.item(&i.id)).hash(&mut h);
    }
    h.finish()
}

/// What the next build keeps of this build's search index: its base segment, and a digest of
/// the documents it was made from (`SITE/pages.json`, [`crate::inputs::Rendered`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SearchBase {
    /// Documents in the base: the oldest ones.
    pub documents: usize,
    /// [`documents_digest`] of them.
    pub digest: String,
    /// The base segment's shards and records, as the index's manifest names them.
    pub shards: Vec<String>,
    pub records: String,
}

impl SearchBase {
    /// Whether the names it gives its files are hashes as the index writes them: it is read
    /// from `SITE/pages.json`, and a name is a path in the release before ("../" in a name
    /// would be a path out of it).
    fn names_are_hashes(&self) -> bool {
        self.shards
            .iter()
            .chain([&self.records])
            .all(|name| !name.is_empty() && name.bytes().all(|b| b.is_ascii_hexdigit()))
    }
}

/// Writes the search index of `catalog` into `write`: the part of the packed folder that
/// needs only the catalog and the first page's hash, so a build makes it on a thread of its
/// own while the pages are written.
///
/// With the base of the release before (`kept`), whose files `link` links into this release:
/// when its documents are this index's oldest, unchanged, only the documents after them are
/// read, and its files are linked. Reading every document took 28 s of a one-new-item build at
/// 100k items (perf: tokenising, and sanitising the bodies); the digests that say the base is
/// the same, under a second. Anything else (an older item changed, inserted or taken down, a
/// run closed, a file of the base not linked) writes the whole index, as without `kept`. In a
/// debug build the whole index is made too and compared, so the tests check the rule.
pub fn pack_search_index(
    catalog: &portal_core::model::Catalog,
    first_page_hash: &str,
    kept: Option<&SearchBase>,
    link: &(dyn Fn(&str) -> Result<Option<u64>, Error> + Sync),
    write: &Sink<'_>,
) -> Result<(IndexStats, SearchBase), Error> {
    let started = std::time::Instant::now();
    let mut items: Vec<&Item> = catalog.all().iter().map(AsRef::as_ref).collect();
    items.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    let site = &catalog.site;
    let digests: Vec<u64> = items
        .par_iter()
        .map(|item| search::Document::digest_of(item, site))
        .collect();
    let documents = |from: usize| {
        items[from..]
            .iter()
            .map(|item| search::Document::of(item, site))
    };
    let whole = || search::write_index(documents(0), first_page_hash);
    let base_of = |kept: &SearchBase| search::KeptBase {
        documents: kept.documents,
        segment: search::Segment {
            documents: u32::try_from(kept.documents).unwrap_or(u32::MAX),
            shards: kept.shards.clone(),
            records: kept.records.clone(),
        },
    };
    let delta = kept
        .filter(|kept| {
            kept.documents <= items.len()
                && kept.names_are_hashes()
                && documents_digest(&digests[..kept.documents]) == kept.digest
        })
        .and_then(|kept| {
            let base = base_of(kept);
            let files = search::write_delta_after(
                documents(kept.documents),
                &base,
                first_page_hash,
                search::DELTA_LIMIT,
            )?;
            Some((base, files))
        });
    // Files and bytes of the base linked from the release before.
    let (mut linked, mut linked_bytes) = (0, 0);
    let mut index = None;
    if let Some((base, files)) = delta {
        let base_files = base.files();
        let mut all_linked = true;
        for file in &base_files {
            let Some(bytes) = link(file)? else {
                all_linked = false;
                break;
            };
            linked += 1;
            linked_bytes += bytes;
        }
        if all_linked {
            debug_assert!(
                {
                    let (base_part, rest): (Vec<_>, Vec<_>) = whole()
                        .into_iter()
                        .partition(|(name, _)| base_files.contains(name));
                    base_part.len() == base_files.len() && rest == files
                },
                "the search index written after a kept base differs from the whole index"
            );
            index = Some(files);
        }
    }
    let reused = index.is_some();
    let index = match index {
        Some(files) => files,
        None => {
            (linked, linked_bytes) = (0, 0);
            whole()
        }
    };
    let manifest = index
        .last()
        .and_then(|(_, bytes)| search::Manifest::read(bytes).ok());
    let base = manifest.map(|m| m.base).unwrap_or(search::Segment {
        documents: 0,
        shards: Vec::new(),
        records: String::new(),
    });
    let base_documents = base.documents as usize;
    let next = SearchBase {
        documents: base_documents,
        digest: documents_digest(&digests[..base_documents.min(digests.len())]),
        shards: base.shards,
        records: base.records,
    };
    let stats = IndexStats {
        documents: items.len(),
        files: index.len() + linked,
        bytes: index.iter().map(|(_, b)| b.len()).sum::<usize>()
            + usize::try_from(linked_bytes).unwrap_or(usize::MAX),
        seconds: started.elapsed().as_secs_f64(),
        base_kept: reused.then_some(base_documents),
    };
    for (name, bytes) in index {
        write(&name, &bytes)?;
    }
    Ok((stats, next))
}

/// The digest of a run of documents, from each one's [`search::Document::digest_of`], and of
/// this program, whose tokenising and whose hashes of a document may differ from another's.
pub fn documents_digest(digests: &[u64]) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    crate::inputs::program().hash(&mut h);
    digests.hash(&mut h);
    format!("{:016x}", h.finish())
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

/// Each item's [`excerpt_json`] as JSON text, made the first time a file needs it and then
/// copied: an item is in about twenty packed files (the article files of its neighbours and of
/// those it is 相关阅读 to, the main list, its channel's, its tags'), and making its `Value`
/// and writing it out again for each was ~7% of a build's instructions (callgrind, 2k items).
/// Made on demand, so a build that links most files from the release before makes few.
struct Excerpts<'a> {
    site: &'a SiteUrl,
    /// Each item's place in `made`, by id.
    places: HashMap<&'a str, usize>,
    made: Vec<std::sync::OnceLock<String>>,
}

impl<'a> Excerpts<'a> {
    fn new(catalog: &'a portal_core::model::Catalog, site: &'a SiteUrl) -> Self {
        Excerpts {
            site,
            places: catalog
                .all()
                .iter()
                .enumerate()
                .map(|(place, item)| (item.id.as_str(), place))
                .collect(),
            made: (0..catalog.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
        }
    }

    /// `items`' excerpts as a JSON array, appended to `out`: the bytes `serde_json` writes for
    /// an array of their `Value`s.
    fn write_array<I: std::borrow::Borrow<Item>>(&self, items: &[I], out: &mut Vec<u8>) {
        out.push(b'[');
        for (n, item) in items.iter().enumerate() {
            let item: &Item = item.borrow();
            if n > 0 {
                out.push(b',');
            }
            let text = |item: &Item| excerpt_json(item, self.site).to_string();
            match self
                .places
                .get(item.id.as_str())
                .and_then(|&p| self.made.get(p))
            {
                Some(made) => out.extend_from_slice(made.get_or_init(|| text(item)).as_bytes()),
                None => out.extend_from_slice(text(item).as_bytes()),
            }
        }
        out.push(b']');
    }
}

/// A field of a packed file: its key, and what writes its value.
type Field<'a> = (&'a str, &'a dyn Fn(&mut Vec<u8>));

/// The bytes [`to_bytes`] writes for a JSON Feed object whose keys are `fields` (in the order a
/// `serde_json::Map` keeps them: sorted), each value written by its function.
fn object_bytes(fields: &[Field<'_>]) -> Vec<u8> {
    let mut out = vec![b'{'];
    for (n, (key, value)) in fields.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        write_json(key, &mut out);
        out.push(b':');
        value(&mut out);
    }
    out.extend_from_slice(b"}\n");
    out
}

/// Writes `value` as `serde_json` does.
fn write_json(value: &impl serde::Serialize, out: &mut Vec<u8>) {
    // Writing into a `Vec` fails only where a map key is not a string, which no packed value has.
    let _ = serde_json::to_writer(&mut *out, value);
}

/// The files of a list of `items` (newest first), as excerpts: `name.json` holds the newest,
/// between `page_size` and twice as many less one (all of them when there are fewer), and
/// `_portal.total_items` with `head`'s fields; the older ones are in files of `page_size`
/// counted from the oldest, `name@1.json` being the oldest, chained by `next_url` from the
/// newest. A new item then changes `name.json` only, and once in `page_size` items one new
/// older file: the older files never move, so they are never rewritten. (Counted from the
/// newest, every file would shift by one item each time: at 10,000 items one new item
/// rewrote all 1,001 files of the main feed, measured with bench/run.mjs.) An older file whose
/// items are those of the release before's is linked from it, not made ([`Packer::put`]);
/// the first is always made, and its bytes are returned.
fn write_chain(
    items: &[&Item],
    page_size: usize,
    name: &str,
    head: Value,
    excerpts: &Excerpts<'_>,
    packer: &Packer<'_>,
) -> Result<Vec<u8>, Error> {
    let site = excerpts.site;
    let newest = first_file_len(items.len(), page_size);
    let older_files = (items.len() - newest) / page_size;
    let file = |k: usize| older_list_file(name, k);
    // Relative to the file that names it: the older file is beside it.
    let beside = |k: usize| {
        let path = file(k);
        path.rsplit('/').next().unwrap_or(&path).to_string()
    };
    let mut first = page_json(&items[..newest], site);
    if let (Value::Object(head), Some(feed)) = (&head, first.as_object_mut()) {
        feed.extend(
            head.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), v.clone())),
        );
    }
    first["_portal"]["total_items"] = json!(items.len());
    if older_files > 0 {
        first["next_url"] = json!(beside(older_files));
    }
    let first = to_bytes(&first);
    (packer.write)(&format!("{name}.json"), &first)?;
    for k in 1..=older_files {
        let end = items.len() - (k - 1) * page_size;
        let held = &items[end - page_size..end];
        let next = (k > 1).then(|| beside(k - 1));
        let digest = list_file_digest(packer, next.as_deref(), held);
        packer.put(&file(k), digest, || {
            let items = |out: &mut Vec<u8>| excerpts.write_array(held, out);
            let version = |out: &mut Vec<u8>| write_json(&JSON_FEED_VERSION, out);
            match &next {
                Some(next) => object_bytes(&[
                    ("items", &items),
                    ("next_url", &|out: &mut Vec<u8>| write_json(next, out)),
                    ("version", &version),
                ]),
                None => object_bytes(&[("items", &items), ("version", &version)]),
            }
        })?;
    }
    Ok(first)
}

/// How many of a list's `len` items its first file holds ([`write_chain`]).
fn first_file_len(len: usize, page_size: usize) -> usize {
    let older_files = if len >= 2 * page_size {
        len / page_size - 1
    } else {
        0
    };
    len - older_files * page_size
}

/// One file of a list: JSON Feed 1.1 of the excerpts of `items`.
fn page_json(items: &[&Item], site: &SiteUrl) -> Value {
    json!({
        "version": JSON_FEED_VERSION,
        "items": items.iter().map(|item| excerpt_json(item, site)).collect::<Vec<_>>(),
    })
}

/// The authored first page's `_portal`, with `article_url`, `tag_feed_url` and the channels'
/// `feed_url` set to the packed files and the footer pages' HTML sanitised.
fn packed_portal(
    authored: &Path,
    content: &Content,
    site: &SiteUrl,
) -> Result<serde_json::Map<String, Value>, Error> {
    let text = std::fs::read_to_string(authored.join("feed.json")).map_err(|e| Error::Io {
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
    portal.insert(PACKED_FORMAT_KEY.into(), json!(PACKED_FORMAT));
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
fn copy_assets(dir: &Path, under: &Path, write: &Sink<'_>) -> Result<(), Error> {
    let here = dir.join(under);
    let unreadable = |error| Error::Io {
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
            let bytes = std::fs::read(&path).map_err(|error| Error::Io {
                path: path.clone(),
                error,
            })?;
            write(&relative.to_string_lossy(), &bytes)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_core::model::feed::parse_feed;

    /// Excerpts copied as text, and files put together from their fields, are the bytes the
    /// `Value`s they replace wrote.
    #[test]
    fn files_put_together_from_text_are_the_bytes_of_their_values() {
        let feed = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "站", "items": [
            {"id": "a", "title": "甲 \"引号\" <b>", "content_text": "正文", "tags": ["科技", "人才"],
             "date_published": "2025-06-30T09:00:00+08:00", "image": "https://example.com/a.png",
             "_portal": {"channel": "kepu", "views": 12, "featured": true}},
            {"id": "b", "title": "乙", "content_html": "<p>段落</p>"}]}"#;
        let page = parse_feed(feed, "https://example.com/content/feed.json").expect("a feed");
        let items: Vec<&Item> = page.items.iter().collect();
        let site = SiteUrl::parse("https://example.com/").expect("a site URL");
        let excerpts = Excerpts {
            site: &site,
            places: [("a", 0)].into_iter().collect(),
            made: vec![std::sync::OnceLock::new()],
        };
        for _ in 0..2 {
            let mut array = Vec::new();
            excerpts.write_array(&items, &mut array);
            let values: Vec<Value> = items.iter().map(|i| excerpt_json(i, &site)).collect();
            assert_eq!(array, serde_json::to_vec(&values).expect("JSON"));
        }
        let items_field = |out: &mut Vec<u8>| excerpts.write_array(&items, out);
        let next = |out: &mut Vec<u8>| write_json(&"feed@1.json", out);
        let version = |out: &mut Vec<u8>| write_json(&JSON_FEED_VERSION, out);
        let mut expected = page_json(&items, &site);
        expected["next_url"] = json!("feed@1.json");
        assert_eq!(
            object_bytes(&[
                ("items", &items_field),
                ("next_url", &next),
                ("version", &version)
            ]),
            to_bytes(&expected)
        );
    }

    /// Two lists whose shortened segments are the same put one path twice, from two threads:
    /// which bytes stay there is not known, so the next build must make the file again, not
    /// link it by either digest.
    #[test]
    fn a_path_put_twice_keeps_no_digest_and_is_never_linked() {
        let written = std::sync::Mutex::new(Vec::new());
        let write = |file: &str, _: &[u8]| -> Result<(), Error> {
            written.lock().expect("written").push(file.to_string());
            Ok(())
        };
        let recorded: PackedDigests = [("tags/t@1.json".to_string(), 7)].into_iter().collect();
        let link = |_: &str| -> Result<Option<u64>, Error> { Ok(Some(0)) };
        let kept = KeptFiles {
            digests: &recorded,
            link: &link,
            packed_dir: Path::new("/nonexistent"),
        };
        let packer = Packer {
            write: &write,
            kept: Some(&kept),
            seed: 0,
            items: HashMap::new(),
            digests: std::sync::Mutex::new(PackedDigests::new()),
            shared: std::sync::Mutex::new(HashSet::new()),
            linked: std::sync::atomic::AtomicUsize::new(0),
        };
        packer.put("tags/t@1.json", 5, Vec::new).expect("first");
        packer.put("tags/t@1.json", 7, Vec::new).expect("second");
        assert_eq!(
            written.lock().expect("written").as_slice(),
            ["tags/t@1.json", "tags/t@1.json"],
            "both made, the second not linked though its digest is the recorded one"
        );
        packer.put("b.json", 3, Vec::new).expect("once");
        let digests = packer.into_digests();
        assert_eq!(digests.get("tags/t@1.json"), None);
        assert_eq!(digests.get("b.json"), Some(&3));
    }
}
