//! `portal import`: the feeds a newsroom's CMS already writes (RSS 2.0, RSS 1.0, Atom 1.0,
//! JSON Feed with or without `_portal`), from files or URLs, into a content folder the portal
//! reads: one JSON Feed 1.1 with `_portal`, from the site file when there is one.
//!
//! RSS and Atom are read by feed-rs ([`syndication`]); JSON Feed by the portal's own parser,
//! which keeps `_portal`. Several sources make one feed, each into a channel when it names one;
//! an item read twice (the same id, or the same link) is kept once, from the first source; the
//! feed is newest first. The folder is checked as `portal check` checks one, and written only
//! when the import has succeeded: it is built beside the target and put in its place in one
//! rename, so a failed import leaves it as it was.
//!
//! What a source may make the import do is bounded: what it fetches ([`net`]: public addresses
//! only, a deadline and a cap for pictures), which local files it copies ([`local`]), which of
//! its `_portal` keys count ([`site::source_portal`]), and how many of its items are kept
//! ([`Options::max_items_per_source`], [`Options::max_items`]).

pub mod dates;
pub mod disclosure;
pub mod local;
pub mod net;
pub mod site;
pub mod source;
pub mod syndication;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono_tz::Tz;
use rayon::prelude::*;
use serde_json::{json, Map, Value};

use crate::check::{check_path, Finding};
use crate::output::{staging_dir, swap_in, write_new};
use portal_core::html::{tokenize, Token};
use portal_core::model::feed::parse_feed;
use portal_core::model::feed::write::{write_item_with, CleanBody, FeedJson, ItemJson, ItemOut};
use portal_core::model::Item;
use portal_core::text::fnv1a;

use crate::{unix_now, Error};
use dates::DEFAULT_TIME_ZONE;
use net::{Fetcher, Get, Policy};
use site::{source_portal, DisclosureSources, SiteFile};
use source::{declared_utf8, decode, fetch, kind_of, Fetched, Kind, Location, MAX_SOURCE_BYTES};

/// A source and the channel its items go in.
#[derive(Clone, Debug)]
pub struct SourceSpec {
    pub location: Location,
    pub channel: Option<String>,
}

impl SourceSpec {
    /// `feed.xml` or `https://…/rss.xml=channel-slug` (the last `=` that is followed by a slug).
    pub fn parse(text: &str) -> SourceSpec {
        let split = text.rsplit_once('=').filter(|(_, slug)| {
            !slug.is_empty()
                && slug
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        });
        match split {
            Some((location, slug)) => SourceSpec {
                location: Location::parse(location),
                channel: Some(slug.to_string()),
            },
            None => SourceSpec {
                location: Location::parse(text),
                channel: None,
            },
        }
    }
}

/// How an import goes.
#[derive(Clone, Debug)]
pub struct Options {
    /// A URL without an answer after this long is given up on.
    pub timeout: Duration,
    /// Download pictures on other sites into the folder (`images/mirrored/`).
    pub mirror_images: bool,
    /// The whole mirroring pass ends this long after it starts: pictures not fetched by then
    /// stay remote.
    pub mirror_deadline: Duration,
    /// The most pictures one import fetches; the others stay remote.
    pub max_pictures: usize,
    /// The most items kept of one source (the first, in the source's order).
    pub max_items_per_source: usize,
    /// The most items one import keeps (the newest).
    pub max_items: usize,
    /// Where what content names may be fetched from.
    pub policy: Policy,
}

/// Seconds to wait for one URL's answer, body included.
pub const DEFAULT_TIMEOUT_SECS: u64 = 20;

/// Seconds the whole mirroring pass may take. A timer that imports every few minutes (README)
/// must not start the next import before this one ends: 120 s leaves time for the build
/// after it. A news picture of 100–300 KB arrives in well under a second from a CDN, so the
/// pass fits [`DEFAULT_MAX_PICTURES`] in it unless the pictures are slow, which this deadline
/// is for (one picture sending a byte a second held an import for the whole --timeout).
pub const DEFAULT_MIRROR_DEADLINE_SECS: u64 = 120;

/// Pictures one import fetches at most: 100 items a feed file, with several pictures each,
/// fit; 500 pictures at [`MIRROR_MAX_BYTES`] bound the mirrored folder to 2.5 GB.
pub const DEFAULT_MAX_PICTURES: usize = 500;

/// Items kept of one source, and of one import. The largest real archive seen has 13,841
/// items (bench section f), and a 50,000-item archive must come through; 100,000 keeps twice
/// that. A 1 MB JSON Feed of 10,000 tiny items built a 119 MB release of 21,062 files, so a
/// cap keeps a feed of millions of tiny items (which fit in [`MAX_SOURCE_BYTES`]) from
/// becoming a release of tens of gigabytes.
pub const DEFAULT_MAX_ITEMS: usize = 100_000;

impl Default for Options {
    fn default() -> Self {
        Options {
            timeout: Duration::from_secs(DEFAULT_TIMEOUT_SECS),
            mirror_images: false,
            mirror_deadline: Duration::from_secs(DEFAULT_MIRROR_DEADLINE_SECS),
            max_pictures: DEFAULT_MAX_PICTURES,
            max_items_per_source: DEFAULT_MAX_ITEMS,
            max_items: DEFAULT_MAX_ITEMS,
            policy: Policy::default(),
        }
    }
}

/// A picture larger than this is not mirrored (listed instead).
pub const MIRROR_MAX_BYTES: u64 = 5 * 1024 * 1024;

/// What one source gave.
#[derive(Debug, Default)]
pub struct SourceReport {
    pub name: String,
    pub format: String,
    pub items: usize,
    /// Items of it kept (the others repeat an item read before, by id or link: in this source
    /// or an earlier one).
    pub kept: usize,
    /// Kept without readable text: a title and a link to the original.
    pub unreadable: usize,
    /// Left out: neither a title nor readable text.
    pub empty: usize,
    pub undated: usize,
    /// Dates that named no zone or offset, read in the site file's `timezone`.
    pub zone_less: usize,
    /// What is worth telling (an encoding that lied, `_portal` keys ignored, the item cap, …).
    pub notes: Vec<String>,
}

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub sources: Vec<SourceReport>,
    pub items: usize,
    /// The ids of the items written, newest first.
    pub ids: Vec<String>,
    pub duplicates: usize,
    /// The oldest items left out past [`Options::max_items`].
    pub items_over_cap: usize,
    pub files: Vec<PathBuf>,
    pub pictures_mirrored: usize,
    /// Pictures that could not be mirrored, and why.
    pub mirror_failures: Vec<String>,
    /// Pictures not tried: past [`Options::max_pictures`], or after the pass's deadline.
    pub pictures_over_cap: usize,
    pub pictures_after_deadline: usize,
    /// Local files content named that were not copied, and why.
    pub not_copied: Vec<String>,
    /// `portal check`'s warnings on the imported folder.
    pub warnings: Vec<Finding>,
}

/// Where the items of a source that is a local file say their relative URLs are: under a
/// name of our own, so that they are told apart from the web's and their files copied.
pub(crate) const LOCAL_ORIGIN: &str = "https://import.invalid/";

/// One source read: its items, its raw `_portal` (JSON Feed) and the local folder its
/// relative URLs point into.
pub(crate) struct Read {
    pub items: Vec<Item>,
    pub portal: Option<Map<String, Value>>,
    pub title: Option<String>,
    /// The folder of the source when it is a local file: its items' relative URLs are
    /// `{LOCAL_ORIGIN}s{index}/…` ([`local_base`]).
    pub local: Option<PathBuf>,
    /// An RSS or Atom source's text (UTF-8, its declaration saying so), kept for the site
    /// file's `[disclosure]` ([`disclosure::collect`]), read only when there is one.
    pub xml: Option<String>,
}

/// Fills the 信息公开 fields of an RSS or Atom source's items (`xml`, its text) as the site file's
/// `[disclosure]` maps them, and notes how many got any: `portal import` and `portal sync` both
/// call it on a source they have just parsed (sync then keeps the fields in its store).
pub(crate) fn fill_disclosure(
    items: &mut [Item],
    xml: Option<String>,
    sources: Option<&DisclosureSources>,
    notes: &mut Vec<String>,
) -> Result<(), Error> {
    let (Some(sources), Some(xml)) = (sources, xml) else {
        return Ok(());
    };
    match disclosure::collect(&xml) {
        Ok(tagged) => {
            let filled = disclosure::apply(items, &tagged, sources)?;
            notes.push(format!(
                "信息公开 fields read for {filled} items ([disclosure])"
            ));
        }
        Err(problem) => notes.push(format!("warning: {problem}")),
    }
    Ok(())
}

/// The base URL of the items of local source `index`: theirs alone to copy files from.
pub(crate) fn local_base(index: usize) -> String {
    format!("{LOCAL_ORIGIN}s{index}/")
}

/// Items per written feed file when the site file does not say. A generated news item with its
/// body is about 3.5 KB of JSON (bench section f: 10,000 items made 35 MB), so 100 items keep a
/// file near 350 KB, under `portal check`'s 1 MB warning, while an archive of 10,000 is 100 files.
pub const DEFAULT_ITEMS_PER_FILE: usize = 100;

/// Imports `sources` (and those the site file names) into `out`.
pub fn import(
    sources: &[SourceSpec],
    site: Option<&SiteFile>,
    out: &Path,
    options: &Options,
) -> Result<ImportReport, Error> {
    // Held until the new folder is swapped in: a build reading the folder meanwhile would
    // publish half of each (src/lock.rs).
    let _content_lock = crate::lock::folder_lock(out)?;
    let zone = site.map_or(DEFAULT_TIME_ZONE, |s| s.zone);
    let mut all: Vec<SourceSpec> = sources.to_vec();
    if let Some(site) = site {
        all.extend(
            site.sources()
                .into_iter()
                .map(|(location, channel)| SourceSpec {
                    location: Location::parse(&location),
                    channel,
                }),
        );
    }
    if all.is_empty() {
        return Err(Error::Site(
            "no sources: name feeds on the command line or in the site file".into(),
        ));
    }
    let fetcher = Fetcher::new(&options.policy);
    let mut reads = Vec::with_capacity(all.len());
    for (n, spec) in all.into_iter().enumerate() {
        let mut report = SourceReport {
            name: spec.location.name(),
            ..SourceReport::default()
        };
        let read = read_source(&spec, n, zone, options, &fetcher, &mut report)?;
        reads.push(SourceRead { spec, read, report });
    }
    assemble(reads, site, out, options, &fetcher)
}

/// One source read, before it is merged with the others; the `n`th of an import reads its
/// local files under [`local_base`]`(n)`.
pub(crate) struct SourceRead {
    pub spec: SourceSpec,
    pub read: Read,
    pub report: SourceReport,
}

/// Merges the sources read (each item kept once, from the first source that has it; newest
/// first; capped), marks drafts as the site file says, and writes the folder `out` in one
/// swap once it checks without errors.
pub(crate) fn assemble(
    reads: Vec<SourceRead>,
    site: Option<&SiteFile>,
    out: &Path,
    options: &Options,
    fetcher: &Fetcher,
) -> Result<ImportReport, Error> {
    let mut staged = stage(reads, site, out, options, fetcher)?;
    // The same checks as publishing: the page's 内容提示 and the publisher's own.
    let checked = check_path(&staged.folder, unix_now())
        .map_err(|e| Error::Source {
            name: "the imported folder".into(),
            problem: e.to_string(),
        })
        .and_then(|findings| {
            let (errors, warnings): (Vec<Finding>, Vec<Finding>) = findings
                .into_iter()
                .partition(|f| f.severity == crate::check::Severity::Error);
            if errors.is_empty() {
                Ok(warnings)
            } else {
                Err(Error::Refused {
                    errors,
                    what: "nothing was imported",
                })
            }
        });
    match checked {
        Ok(warnings) => {
            staged.report.warnings = warnings;
            staged.swap_in(out)
        }
        Err(error) => {
            staged.discard();
            Err(error)
        }
    }
}

/// A content folder written beside the one it is to replace, not yet in its place.
pub(crate) struct Staged {
    pub report: ImportReport,
    pub folder: PathBuf,
}

impl Staged {
    /// Puts the folder in the place of `out` (the old one deleted); returns the report.
    pub(crate) fn swap_in(self, out: &Path) -> Result<ImportReport, Error> {
        if let Err(error) = swap_in(&self.folder, out) {
            let _ = std::fs::remove_dir_all(&self.folder);
            return Err(error);
        }
        Ok(self.report)
    }

    /// Deletes the folder: `out` stays as it was.
    pub(crate) fn discard(self) {
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

/// [`assemble`] without its check and swap: the folder written beside `out`. `portal sync`
/// builds from it, and the build's own check (the same checks, with the site's URL) decides
/// whether it goes in: a sync that checked it here read the whole folder back once more, 6.8%
/// of a one-new-item sync's samples at 100k (perf).
pub(crate) fn stage(
    reads: Vec<SourceRead>,
    site: Option<&SiteFile>,
    out: &Path,
    options: &Options,
    fetcher: &Fetcher,
) -> Result<Staged, Error> {
    let mut report = ImportReport::default();
    // Each item with the index of its source, whose folder alone it may copy files from.
    let mut items: Vec<(Item, usize)> = Vec::new();
    let mut seen_ids: HashSet<String> = HashSet::new();
    let mut seen_urls: HashSet<String> = HashSet::new();
    let mut portal_base: Option<Map<String, Value>> = None;
    let mut folders: Vec<Option<PathBuf>> = Vec::new();
    let mut channel_names: BTreeMap<String, String> = BTreeMap::new();
    let mut first_title: Option<String> = None;
    let draft_ids: HashSet<&str> = site.map_or_else(HashSet::new, |s| {
        s.file.drafts.iter().map(String::as_str).collect()
    });
    let draft_category = site.and_then(|s| s.file.draft_category.as_deref());
    for (n, source) in reads.into_iter().enumerate() {
        let SourceRead {
            spec,
            mut read,
            report: mut source_report,
        } = source;
        if read.items.len() > options.max_items_per_source {
            read.items.truncate(options.max_items_per_source);
            source_report.notes.push(format!(
                "more than {} items: the first {0} kept (--max-items-per-source)",
                options.max_items_per_source
            ));
        }
        if portal_base.is_none() {
            let remote = matches!(spec.location, Location::Url(_));
            portal_base = read
                .portal
                .map(|portal| source_portal(portal, remote, &mut source_report.notes));
        }
        folders.push(read.local);
        if first_title.is_none() {
            first_title = read.title.clone();
        }
        if let Some(slug) = &spec.channel {
            channel_names
                .entry(slug.clone())
                .or_insert_with(|| read.title.clone().unwrap_or_else(|| slug.clone()));
        }
        fill_disclosure(
            &mut read.items,
            read.xml.take(),
            site.and_then(|s| s.file.disclosure.as_ref()),
            &mut source_report.notes,
        )?;
        source_report.items = read.items.len();
        for mut item in read.items {
            let twice = !seen_ids.insert(item.id.clone())
                || item
                    .url
                    .as_ref()
                    .is_some_and(|u| !seen_urls.insert(u.clone()));
            if twice {
                report.duplicates += 1;
                continue;
            }
            if spec.channel.is_some() && item.channel.is_none() {
                item.channel = spec.channel.clone();
            }
            if let Some(category) = draft_category {
                let tagged = item.tags.len();
                item.tags.retain(|t| t != category);
                item.draft |= item.tags.len() < tagged;
            }
            item.draft |= draft_ids.contains(item.id.as_str());
            source_report.kept += 1;
            items.push((item, n));
        }
        report.sources.push(source_report);
    }
    // Newest first; undated last (a stable sort: in the order read).
    items.sort_by_key(|(item, _)| std::cmp::Reverse(item.date));
    if items.len() > options.max_items {
        report.items_over_cap = items.len() - options.max_items;
        items.truncate(options.max_items);
    }
    report.items = items.len();
    report.ids = items.iter().map(|(item, _)| item.id.clone()).collect();

    let mut portal = portal_base.unwrap_or_default();
    if let Some(site) = site {
        portal = site.portal(portal)?;
    }
    declare_channels(&mut portal, &channel_names);

    // Each body sanitised, and the URLs it names found, on every core, before the mirroring
    // pass's deadline starts; the URLs are then mapped in the items' order, since copying and
    // mirroring count against caps and go into the report; then the items are written on
    // every core. At 100,000 items, a one-new-item sync spent 1.7 s on this on one thread,
    // and 0.9–1.2 s on two.
    let prepared: Vec<(CleanBody, Vec<(String, bool)>)> = items
        .par_iter()
        .map(|(item, _)| {
            let clean = CleanBody::of(item, LOCAL_ORIGIN);
            let wanted = wanted_urls(item, &clean);
            (clean, wanted)
        })
        .collect();
    let staging = staging_dir(out)?;
    let written = (|| {
        let mut assets = Assets::new(
            &staging,
            &folders,
            site.map(|s| s.dir.as_path()),
            fetcher,
            options,
        );
        if let Some(Value::Array(tiles)) = portal.get_mut("tiles") {
            for tile in tiles.iter_mut() {
                if let Some(Value::String(image)) = tile.get("image") {
                    let local = assets.site_file(image)?;
                    tile["image"] = json!(local);
                }
            }
        }
        if let Some(Value::String(image)) = portal.get("share_image") {
            let local = assets.site_file(image)?;
            portal.insert("share_image".into(), json!(local));
        }
        if let Some(Value::Object(mark)) = portal.get_mut("site_mark") {
            if let Some(Value::String(image)) = mark.get("image") {
                let local = assets.site_file(image)?;
                mark.insert("image".into(), json!(local));
            }
        }
        let feed_title = site.and_then(|s| s.file.name.clone()).or(first_title);
        let mut mapped = Vec::with_capacity(items.len());
        for ((_, source), (_, wanted)) in items.iter().zip(&prepared) {
            mapped.push(assets.map_urls(wanted, *source, options, &mut report)?);
        }
        let item_values: Vec<ItemJson> = items
            .par_iter()
            .zip(prepared)
            .zip(&mapped)
            .map(|(((item, _), (clean, _)), mapped)| item_json(item, mapped, clean))
            .collect();
        drop(mapped);
        let per_file = site
            .and_then(|s| s.file.items_per_file)
            .filter(|n| *n > 0)
            .unwrap_or(DEFAULT_ITEMS_PER_FILE);
        let language = site.and_then(|s| s.file.language.clone());
        let description = site.and_then(|s| s.file.description.clone());
        let chunks: Vec<&[ItemJson]> = if item_values.is_empty() {
            vec![&[]]
        } else {
            item_values.chunks(per_file).collect()
        };
        let count = chunks.len();
        let name = |i: usize| {
            if i == 0 {
                "feed.json".to_string()
            } else {
                format!("feed-{}.json", i + 1)
            }
        };
        // Each file its own, so they are put together and written on every core.
        chunks
            .into_par_iter()
            .enumerate()
            .try_for_each(|(i, chunk)| {
                let mut feed = FeedJson::of(chunk.to_vec());
                if i == 0 {
                    feed.title = Some(feed_title.clone().unwrap_or_else(|| "资讯门户".into()));
                    feed.description = description.clone();
                    feed.language = language.clone();
                    feed.portal = portal.clone();
                }
                if i + 1 < count {
                    feed.next_url = Some(name(i + 1));
                }
                write_new(&staging.join(name(i)), feed.pretty().as_bytes())
            })?;
        report.files.extend((0..count).map(|i| out.join(name(i))));
        drop_elsewhere(item_values);
        Ok(())
    })();
    drop_elsewhere(items);
    match written {
        Ok(()) => Ok(Staged {
            report,
            folder: staging,
        }),
        Err(error) => {
            let _ = std::fs::remove_dir_all(&staging);
            Err(error)
        }
    }
}

/// Frees `value` on a thread of its own, while the caller goes on: the items of a
/// 100,000-item sync, and their JSON, took 0.12 s to free after the staged folder was written,
/// with nothing else to do meanwhile. Where no thread can be made, `spawn` returns the error
/// and drops the closure, and with it `value`, here and now (`thread::spawn` would panic).
fn drop_elsewhere<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// Reads one source: its bytes, their text, then RSS/Atom or JSON Feed.
fn read_source(
    spec: &SourceSpec,
    index: usize,
    zone: Tz,
    options: &Options,
    fetcher: &Fetcher,
    report: &mut SourceReport,
) -> Result<Read, Error> {
    let fetched = fetch(&spec.location, fetcher, options.timeout)?;
    parse_source(spec, index, zone, &fetched, options, fetcher, report)
}

/// A source's bytes read as RSS/Atom or JSON Feed (a JSON Feed's `next_url` pages fetched).
pub(crate) fn parse_source(
    spec: &SourceSpec,
    index: usize,
    zone: Tz,
    fetched: &Fetched,
    options: &Options,
    fetcher: &Fetcher,
    report: &mut SourceReport,
) -> Result<Read, Error> {
    let name = spec.location.name();
    let fail = |problem: String| Error::Source {
        name: name.clone(),
        problem,
    };
    let decoded = decode(fetched);
    report.notes.extend(decoded.note);
    let (base, local) = match &spec.location {
        Location::Url(url) => (url.clone(), None),
        Location::File(path) => {
            let file = path
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
            (format!("{}{file}", local_base(index)), Some(dir))
        }
    };
    match kind_of(&decoded.text) {
        Kind::Html => Err(fail(
            "a web page (HTML), not a feed: is it the site's address instead of its feed's?".into(),
        )),
        Kind::Unknown => Err(fail(
            "not a feed: neither XML (RSS, Atom) nor JSON (JSON Feed)".into(),
        )),
        Kind::Json => {
            report.format = "JSON Feed".into();
            read_json_feed(
                &decoded.text,
                &base,
                spec,
                local.as_deref(),
                options,
                fetcher,
                report,
            )
            .map(|mut read| {
                read.local = local;
                read
            })
        }
        Kind::Xml => {
            let xml = declared_utf8(&decoded.text);
            let read = syndication::read(&xml, &base, zone).map_err(&fail)?;
            report.format = read.format.into();
            report.unreadable = read.unreadable;
            report.empty = read.empty;
            report.undated = read.undated;
            report.zone_less = read.zone_less;
            if read.zone_less > 0 {
                report.notes.push(format!(
                    "warning: {} dates name no time zone or offset: read in {} (the site file's timezone); if the CMS writes another zone's times, set timezone",
                    read.zone_less,
                    zone.name()
                ));
            }
            Ok(Read {
                items: read.items,
                portal: None,
                title: read.title,
                local,
                xml: Some(xml),
            })
        }
    }
}

/// A JSON Feed with the portal's own parser, following its `next_url` chain: in the feed's
/// folder for a local feed, on the operator's origin for a URL, elsewhere only on a public
/// address (see [`net`]). A `next_url` refused stops the chain, with a note.
fn read_json_feed(
    text: &str,
    base: &str,
    spec: &SourceSpec,
    folder: Option<&Path>,
    options: &Options,
    fetcher: &Fetcher,
    report: &mut SourceReport,
) -> Result<Read, Error> {
    let name = spec.location.name();
    let page = parse_feed(text, base).map_err(|e| Error::Source {
        name: name.clone(),
        problem: e.to_string(),
    })?;
    let raw: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let portal = match raw.get("_portal") {
        Some(Value::Object(portal)) => Some(portal.clone()),
        _ => None,
    };
    let title = raw.get("title").and_then(Value::as_str).map(str::to_string);
    for problem in &page.problems {
        report.notes.push(problem.to_string());
    }
    let mut items = page.items;
    let mut next = page.next_url;
    let mut pages = vec![base.to_string()];
    // A local feed's folder as its URLs have it: `{LOCAL_ORIGIN}s{index}/`.
    let own_base = &base[..base.rfind('/').map_or(0, |i| i + 1)];
    while let Some(url) = next.take() {
        // Past the per-source cap, further pages would only be read to be dropped.
        if pages.contains(&url) || pages.len() >= 1000 || items.len() > options.max_items_per_source
        {
            break;
        }
        let read = match (folder, url.strip_prefix(own_base)) {
            (Some(folder), Some(relative)) => local::under(
                folder,
                relative.split(['?', '#']).next().unwrap_or_default(),
            )
            .and_then(|path| {
                std::fs::read_to_string(&path).map_err(|e| Error::Source {
                    name: path.display().to_string(),
                    problem: format!("cannot be read ({e}), though {name} names it in next_url"),
                })
            }),
            (Some(_), None) if url.starts_with(LOCAL_ORIGIN) => Err(Error::NotCopied {
                path: url.clone().into(),
                why: "not in the folder of the feed that names it in next_url",
            }),
            _ => fetcher
                .get(
                    &url,
                    &Get {
                        operator: match &spec.location {
                            Location::Url(source) => Some(source),
                            Location::File(_) => None,
                        },
                        timeout: options.timeout,
                        max_bytes: MAX_SOURCE_BYTES,
                        picture: false,
                    },
                )
                .map(|fetched| decode(&fetched).text),
        };
        let text = match read {
            Ok(text) => text,
            Err(refused @ (Error::NotPublic { .. } | Error::NotCopied { .. })) => {
                report
                    .notes
                    .push(format!("next_url {url} not followed: {refused}"));
                break;
            }
            Err(error) => return Err(error),
        };
        let page = parse_feed(&text, &url).map_err(|e| Error::Source {
            name: url.clone(),
            problem: e.to_string(),
        })?;
        items.extend(page.items);
        next = page.next_url;
        pages.push(url);
    }
    Ok(Read {
        items,
        portal,
        title,
        local: None,
        xml: None,
    })
}

/// Adds to `_portal.channels` the channels sources were put in that it does not declare,
/// named after their feed.
fn declare_channels(portal: &mut Map<String, Value>, names: &BTreeMap<String, String>) {
    let channels = portal
        .entry("channels")
        .or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(channels) = channels else {
        return;
    };
    for (slug, name) in names {
        let declared = channels
            .iter()
            .any(|c| c.get("slug").and_then(Value::as_str) == Some(slug));
        if !declared {
            channels.push(json!({ "slug": slug, "name": name }));
        }
    }
    if channels.is_empty() {
        portal.remove("channels");
    }
}

/// The files of the folder being written: local pictures copied beside the feed, remote ones
/// mirrored when asked.
struct Assets<'a> {
    dir: &'a Path,
    /// The folder of each source that is a local file, by the source's index.
    folders: &'a [Option<PathBuf>],
    site_dir: Option<&'a Path>,
    copied: HashSet<String>,
    /// What [`local::under`] allowed, by source and path: the items of a 100,000-item archive
    /// name the same few pictures 30,000 times, and each check resolves the path twice
    /// (`realpath`: a `readlink` and a `stat` a segment).
    allowed: HashMap<(usize, String), PathBuf>,
    fetcher: &'a Fetcher,
    /// When the mirroring pass ends, and the pictures it has tried.
    deadline: Instant,
    pictures_tried: usize,
}

impl<'a> Assets<'a> {
    fn new(
        dir: &'a Path,
        folders: &'a [Option<PathBuf>],
        site_dir: Option<&'a Path>,
        fetcher: &'a Fetcher,
        options: &Options,
    ) -> Self {
        Assets {
            dir,
            folders,
            site_dir,
            copied: HashSet::new(),
            allowed: HashMap::new(),
            fetcher,
            deadline: Instant::now() + options.mirror_deadline,
            pictures_tried: 0,
        }
    }

    fn write(&self, relative: &str, bytes: &[u8]) -> Result<(), Error> {
        write_new(&self.dir.join(relative), bytes)
    }

    /// A file the site file names (a tile's picture, the site mark): copied from under the
    /// site file's folder, its path kept; a URL is kept as it is.
    fn site_file(&mut self, relative: &str) -> Result<String, Error> {
        if relative.contains("://") || relative.starts_with('/') {
            return Ok(relative.to_string());
        }
        if let Some(dir) = self.site_dir {
            let from = local::under(dir, relative)?;
            self.copy(&from, relative)?;
        }
        Ok(relative.to_string())
    }

    /// [`local::under`] for a file of source `source`, checked once.
    fn allowed_under(
        &mut self,
        source: usize,
        folder: &Path,
        relative: &str,
    ) -> Result<PathBuf, Error> {
        let key = (source, relative.to_string());
        if let Some(file) = self.allowed.get(&key) {
            return Ok(file.clone());
        }
        let file = local::under(folder, relative)?;
        self.allowed.insert(key, file.clone());
        Ok(file)
    }

    /// Copies `from` (a file [`local::under`] allowed) to `relative` in the folder, once.
    fn copy(&mut self, from: &Path, relative: &str) -> Result<(), Error> {
        if !self.copied.insert(relative.to_string()) {
            return Ok(());
        }
        let bytes = std::fs::read(from).map_err(|e| Error::Source {
            name: from.display().to_string(),
            problem: format!("cannot be read ({e}), though the content names it"),
        })?;
        self.write(relative, &bytes)
    }

    /// A URL of an item of source `source` as the folder has it: a file beside a local source
    /// copied and named by its path beside the feed, when the item is that source's and
    /// [`local::under`] allows it; a picture on another site mirrored when asked; others as
    /// they are.
    fn url(
        &mut self,
        url: &str,
        source: usize,
        picture: bool,
        options: &Options,
        report: &mut ImportReport,
    ) -> Result<String, Error> {
        if url.starts_with(LOCAL_ORIGIN) {
            let own = local_base(source);
            let found = self
                .folders
                .get(source)
                .and_then(Option::as_ref)
                .zip(url.strip_prefix(own.as_str()));
            let Some((folder, relative)) = found else {
                // Left as it is: a `.invalid` URL, which resolves nowhere.
                report.not_copied.push(format!(
                    "{url}: not copied: only a local feed's own items name files beside it"
                ));
                return Ok(url.to_string());
            };
            let relative = relative.split(['?', '#']).next().unwrap_or_default();
            return match self.allowed_under(source, folder, relative) {
                Ok(from) => {
                    self.copy(&from, relative)?;
                    Ok(relative.to_string())
                }
                Err(refused @ Error::NotCopied { .. }) => {
                    report.not_copied.push(refused.to_string());
                    Ok(url.to_string())
                }
                Err(error) => Err(error),
            };
        }
        if picture
            && options.mirror_images
            && (url.starts_with("https://") || url.starts_with("http://"))
        {
            return Ok(self.mirror(url, options, report));
        }
        Ok(url.to_string())
    }

    /// Downloads a picture into `images/mirrored/`, from a public address only, within the
    /// pass's deadline and picture cap; otherwise it stays remote, and is listed or counted.
    fn mirror(&mut self, url: &str, options: &Options, report: &mut ImportReport) -> String {
        let extension = url
            .split(['?', '#'])
            .next()
            .and_then(|p| p.rsplit_once('.'))
            .map(|(_, e)| e.to_ascii_lowercase())
            .filter(|e| ["jpg", "jpeg", "png", "gif", "webp", "svg", "avif"].contains(&e.as_str()))
            .unwrap_or_else(|| "img".into());
        let relative = format!("images/mirrored/{:016x}.{extension}", fnv1a(url.as_bytes()));
        if self.copied.contains(&relative) {
            return relative;
        }
        if self.pictures_tried >= options.max_pictures {
            report.pictures_over_cap += 1;
            return url.to_string();
        }
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            report.pictures_after_deadline += 1;
            return url.to_string();
        }
        self.pictures_tried += 1;
        let outcome = self
            .fetcher
            .get(
                url,
                &Get {
                    operator: None,
                    timeout: options.timeout.min(left),
                    max_bytes: MIRROR_MAX_BYTES,
                    picture: true,
                },
            )
            .and_then(|fetched| self.write(&relative, &fetched.bytes));
        match outcome {
            Ok(()) => {
                self.copied.insert(relative.clone());
                report.pictures_mirrored += 1;
                relative
            }
            Err(problem) => {
                let problem = match problem {
                    Error::Source { problem, .. } if Instant::now() >= self.deadline => {
                        format!("{problem}, at the mirroring pass's deadline (--mirror-deadline)")
                    }
                    Error::Source { problem, .. } => problem,
                    other => other.to_string(),
                };
                report.mirror_failures.push(format!("{url}: {problem}"));
                url.to_string()
            }
        }
    }

    /// Where the URLs an item names (from [`wanted_urls`]) are in the folder: copied or
    /// mirrored here, in the order they come, so the caps and the deadline fall the same way.
    fn map_urls(
        &mut self,
        wanted: &[(String, bool)],
        source: usize,
        options: &Options,
        report: &mut ImportReport,
    ) -> Result<BTreeMap<String, String>, Error> {
        let mut mapped: BTreeMap<String, String> = BTreeMap::new();
        for (url, picture) in wanted {
            if let std::collections::btree_map::Entry::Vacant(slot) = mapped.entry(url.clone()) {
                let to = self.url(slot.key(), source, *picture, options, report)?;
                slot.insert(to);
            }
        }
        Ok(mapped)
    }
}

/// The URLs an item names, and whether each is a picture: its image, its link, its
/// attachments, and the `src` and `href` of its sanitised body. Worked out before the item is
/// written, since the writer's closures cannot fail.
fn wanted_urls(item: &Item, clean: &CleanBody) -> Vec<(String, bool)> {
    let mut wanted: Vec<(String, bool)> = Vec::new();
    if let Some(image) = &item.image {
        wanted.push((image.clone(), true));
    }
    if let Some(url) = &item.url {
        wanted.push((url.clone(), false));
    }
    for attachment in &item.attachments {
        wanted.push((attachment.url.clone(), false));
    }
    if let Some(clean) = clean.html() {
        for token in tokenize(clean) {
            if let Token::Start { name, attrs } = token {
                for (attribute, value) in attrs {
                    if attribute == "src" || attribute == "href" {
                        wanted.push((value, name == "img" && attribute == "src"));
                    }
                }
            }
        }
    }
    wanted
}

/// One item as the imported feed has it (the portal's own writer of items), its URLs as
/// [`Assets::map_urls`] put them in the folder.
fn item_json(item: &Item, mapped: &BTreeMap<String, String>, clean: CleanBody) -> ItemJson {
    let url = |value: &str| {
        mapped
            .get(value)
            .cloned()
            .unwrap_or_else(|| value.to_string())
    };
    let html = |mut html: String| {
        for (from, to) in mapped {
            if from != to {
                html = html.replace(
                    &format!("=\"{}\"", escape_quoted(from)),
                    &format!("=\"{}\"", escape_quoted(to)),
                );
            }
        }
        html
    };
    write_item_with(
        item,
        &ItemOut {
            site_root: LOCAL_ORIGIN,
            url: &url,
            html: &html,
            portal: true,
            derived_title: false,
        },
        clean,
    )
}

/// A URL as the sanitiser writes it in a double-quoted attribute.
fn escape_quoted(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    portal_core::html::escape_attr(url, &mut out);
    out
}
