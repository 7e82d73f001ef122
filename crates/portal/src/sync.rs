//! `portal sync`: import every source of a site file, check, build and switch, in one command
//! for a systemd timer or cron (deploy/portal-sync.timer).
//!
//! Unlike `portal import`, which makes the content folder from what the sources hold now, sync
//! keeps each source's items between runs, beside the content folder (`content.sync/`):
//!
//! - a source in `mode = "window"` (the default: an RSS of the newest 20–50 items) adds to what
//!   it gave before, so an item that drops out of the window stays published; one in
//!   `mode = "archive"` (a CMS's whole export) is the whole truth, and what drops out of it is
//!   taken down;
//! - a source that fails (an HTTP error, a timeout, garbage, a feed that is suddenly empty)
//!   keeps the items of its last good run: the run says so and goes on with the others;
//! - a URL is asked with `If-None-Match` / `If-Modified-Since` from its last answer, and a 304
//!   costs no parsing; a local file whose bytes are unchanged is not parsed either;
//! - an item whose title, body, date or anything else changed at its source (same id) gets a
//!   `date_modified` (the time sync saw the change, unless the source gives one);
//! - an id in the site file's `takedown` list or in `content.sync/takedown.txt`
//!   (`portal takedown`) is left out of the content, so the next release has no trace of it.
//!
//! The items of every source then go through `portal import`'s own merge
//! ([`crate::import::stage`]) into a new content folder, which is built as a release of SITE
//! ([`crate::release`]), the build's check being the one an import makes, and then put in the
//! place of the content folder. Each run writes `SITE/sync.json`, which `portal status` reads.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::build::BuildOptions;
use crate::check::Severity;
use crate::import::net::{Conditional, Fetcher, Get, Validators};
use crate::import::site::{Mode, SiteFile};
use crate::import::source::{fetch, Location, MAX_SOURCE_BYTES};
use crate::import::{
    fill_disclosure, local_base, parse_source, stage, ImportReport, Options, Read, SourceRead,
    SourceReport, SourceSpec,
};
use crate::lock;
use crate::output::write_new;
use crate::release::{current_release, publish_locked, refuse_overlap, Release};
use crate::site_url::SiteUrl;
use crate::{unix_now, Error};
use portal_core::model::date::Timestamp;
use portal_core::model::feed::parse_feed;
use portal_core::model::feed::write::{write_item, FeedJson, ItemOut};
use portal_core::model::Item;
use portal_core::text::fnv1a;

/// The file in SITE that says how the last sync went, for `portal status`.
pub const STATUS_FILE: &str = "sync.json";
/// The ids `portal takedown` adds, one a line, in the state folder.
pub const TAKEDOWN_FILE: &str = "takedown.txt";
const STATE_FILE: &str = "state.json";
const SOURCES: &str = "sources";
/// What stands for a local source's own folder in the items kept of it: the source's place in
/// the site file may change between runs, and with it [`local_base`].
const LOCAL_PLACEHOLDER: &str = "https://import.invalid/source/";

/// How a sync goes.
#[derive(Clone, Debug, Default)]
pub struct SyncOptions {
    /// The site file: its sources, and what the flags below do not say.
    pub site_file: PathBuf,
    /// The site folder, whose `current` nginx serves.
    pub out: PathBuf,
    /// Override the site file's `content`, `dist` and `url`.
    pub content: Option<PathBuf>,
    pub dist: Option<PathBuf>,
    pub site_url: Option<String>,
    /// Timeouts, mirroring, caps and the address policy, as `portal import` has them.
    pub import: Options,
    /// The clock (Unix seconds) for the embargo and the times recorded; `None`: the system's.
    pub now: Option<i64>,
}

/// Where a sync reads and writes, once the site file and the flags are put together.
#[derive(Clone, Debug)]
pub struct Places {
    pub content: PathBuf,
    pub dist: PathBuf,
    pub site_url: SiteUrl,
    /// `content.sync/` beside the content folder.
    pub state: PathBuf,
}

/// How one source went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome", content = "problem")]
pub enum Outcome {
    /// Read and parsed.
    Read,
    /// 304, or a local file with the same bytes: last run's items, nothing parsed.
    NotModified,
    /// Could not be read, or not a feed, or suddenly empty: last good run's items kept.
    Failed(String),
}

/// One source's part in a sync.
#[derive(Clone, Debug)]
pub struct SourceSync {
    pub name: String,
    pub mode: Mode,
    pub outcome: Outcome,
    /// Items it holds now (kept from before included).
    pub items: usize,
    pub new: usize,
    pub updated: usize,
    /// Items an archive source no longer has.
    pub dropped: usize,
    /// When it last answered with a feed (or a 304), Unix seconds.
    pub last_success: Option<i64>,
    /// What its import said (encodings, dates without a zone, …).
    pub notes: Vec<String>,
}

/// What one sync did.
#[derive(Debug)]
pub struct SyncReport {
    pub sources: Vec<SourceSync>,
    /// Sources whose bytes were parsed this run (a 304 is not).
    pub parsed: usize,
    pub new: usize,
    pub updated: usize,
    /// Items in the last run's content that are not in this one's (taken down, dropped out of
    /// an archive source).
    pub taken_down: usize,
    /// What the import said; empty when nothing changed.
    pub import: ImportReport,
    /// The release built and served; `None` when nothing changed since the last one, which
    /// is still served.
    pub release: Option<Release>,
    pub seconds: f64,
    /// Seconds from the start to the new release being served, when one was built.
    pub served_after: Option<f64>,
    /// The run that held the site before and died mid-way, as its lock named it.
    pub taken_over: Option<String>,
}

impl SyncReport {
    pub fn failed(&self) -> usize {
        self.sources
            .iter()
            .filter(|s| matches!(s.outcome, Outcome::Failed(_)))
            .count()
    }

    /// The one line a timer's journal keeps.
    pub fn summary(&self) -> String {
        let failed = self.failed();
        format!(
            "portal sync: sources {} ok, {failed} failed; items {} new, {} updated, {} taken down; {} files written; {:.1} s{}",
            self.sources.len() - failed,
            self.new,
            self.updated,
            self.taken_down,
            self.release.as_ref().map_or(0, |r| r.report.written.len()),
            self.seconds,
            self.served_after
                .map(|s| format!(" (served after {s:.1} s)"))
                .unwrap_or_default()
        )
    }
}

/// What is kept of one source between runs.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct SourceState {
    name: String,
    #[serde(default)]
    validators: Validators,
    /// A digest of a local file's bytes (SipHash), to tell it unchanged without parsing it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    digest: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_success: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    portal: Option<Map<String, Value>>,
    /// Each item's fingerprint (FNV-1a of it as written), by id: a changed one is updated.
    #[serde(default)]
    fingerprints: BTreeMap<String, String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    #[serde(default)]
    sources: BTreeMap<String, SourceState>,
    /// The ids of the content folder the last run wrote.
    #[serde(default)]
    content_ids: Vec<String>,
    /// What the last release sync served was made from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_build: Option<LastBuild>,
}

#[derive(Debug, Serialize, Deserialize)]
struct LastBuild {
    /// [`inputs_digest`] of that run.
    inputs: String,
    /// Its name under SITE/releases.
    release: String,
    /// When the first item it held back comes out of embargo.
    next_embargo: Option<i64>,
}

/// FNV-1a of everything a release is made from: the site file, the ids taken down, the app
/// (its index.html names every hashed asset), the site URL, this program (a new publisher may
/// write other pages), and each source's items (their fingerprints), title and `_portal`.
fn inputs_digest(
    options: &SyncOptions,
    places: &Places,
    state: &State,
    takedown: &HashSet<String>,
) -> String {
    let mut taken: Vec<&String> = takedown.iter().collect();
    taken.sort();
    let program = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| (m.len(), m.modified().ok()))
        .ok();
    let sources: Vec<Value> = state
        .sources
        .values()
        .map(|s| serde_json::json!([s.name, s.title, s.portal, s.fingerprints]))
        .collect();
    let text = serde_json::to_vec(&serde_json::json!({
        "site": fnv1a(&std::fs::read(&options.site_file).unwrap_or_default()),
        "app": fnv1a(&std::fs::read(places.dist.join("index.html")).unwrap_or_default()),
        "url": places.site_url.root(),
        "program": format!("{program:?}"),
        "takedown": taken,
        "sources": sources,
        // What the content is assembled with: a cap raised, or pictures mirrored, changes it.
        "max_items": options.import.max_items,
        "mirror_images": options.import.mirror_images,
    }))
    .unwrap_or_default();
    format!("{:016x}", fnv1a(&text))
}

/// Puts the site file's `content`, `dist` and `url` together with the flags.
pub fn places(options: &SyncOptions, site: &SiteFile) -> Result<Places, Error> {
    let content = options
        .content
        .clone()
        .unwrap_or_else(|| site.path(site.file.content.as_deref().unwrap_or("content")));
    let dist = match (&options.dist, &site.file.dist) {
        (Some(dist), _) => dist.clone(),
        (None, Some(dist)) => site.path(dist),
        (None, None) => {
            return Err(Error::Usage(
                "no app to publish with: give --dist, or dist in the site file (a trunk build --release output)".into(),
            ))
        }
    };
    let url = options
        .site_url
        .clone()
        .or_else(|| site.file.url.clone())
        .ok_or_else(|| {
            Error::Usage(
                "where is the portal served? give --site-url, or url in the site file".into(),
            )
        })?;
    let site_url = SiteUrl::parse(&url)?;
    if !dist.join("index.html").is_file() {
        return Err(Error::Usage(format!(
            "{}: not a release build of the app (no index.html): run trunk build --release",
            dist.display()
        )));
    }
    // Checked here, not only by the build: the build reads the new content folder from where
    // it was written, beside the content folder, and a site inside the content folder would go
    // with the old folder when the new one takes its place.
    refuse_overlap(&options.out, &[("--content", &content), ("--dist", &dist)])?;
    let state = state_dir(&content);
    Ok(Places {
        content,
        dist,
        site_url,
        state,
    })
}

/// `content.sync/` beside the content folder `content`.
pub fn state_dir(content: &Path) -> PathBuf {
    let mut name = content
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "content".into());
    name.push(".sync");
    content.with_file_name(name)
}

/// One sync: every source read (or kept), the content folder written, a release built and
/// served. `Err` when nothing could be published: the site is as it was.
pub fn sync(options: &SyncOptions) -> Result<SyncReport, Error> {
    let started = Instant::now();
    let site = SiteFile::read(&options.site_file)?;
    let places = places(options, &site)?;
    let now = options.now.unwrap_or_else(unix_now);
    // Both locks from the first fetch to the switch, in publish_release's order (the site's,
    // then the content's): a second sync, a build into SITE or an import into the content
    // folder exits 75 meanwhile.
    let _site_lock = lock::site_lock(&options.out)?;
    let _content_lock = lock::folder_lock(&places.content)?;
    let before = read_status(&options.out);
    let taken_over = before.as_ref().and_then(|s| s.running.clone());
    mark_running(&options.out, before, now);
    let mut outcome = run(options, &site, &places, now, started);
    if let (Ok(report), Some(holder)) = (&mut outcome, taken_over) {
        report.taken_over = Some(holder);
    }
    write_status(&options.out, &outcome, now, started);
    outcome
}

/// Says in `SITE/sync.json` that a run holds the site: a run that finds this there when it
/// takes the lock knows the one before died mid-way (`kill -9`, a crash, the power), and says
/// so.
fn mark_running(site_dir: &Path, before: Option<Status>, now: i64) {
    let status = Status {
        running: Some(format!(
            "PID {} since {}",
            std::process::id(),
            Timestamp(now).rfc3339_shanghai()
        )),
        ..before.unwrap_or_default()
    };
    write_status_file(site_dir, &status);
}

fn run(
    options: &SyncOptions,
    site: &SiteFile,
    places: &Places,
    now: i64,
    started: Instant,
) -> Result<SyncReport, Error> {
    let sources = site.site_sources();
    if sources.is_empty() {
        return Err(Error::Site(format!(
            "{}: no sources: sync reads the sources the site file names",
            options.site_file.display()
        )));
    }
    let mut state = read_state(&places.state);
    let fetcher = Fetcher::new(&options.import.policy);
    let takedown = takedown_ids(site, &places.state);
    let keys: Vec<String> = sources
        .iter()
        .map(|source| format!("{:016x}", fnv1a(source.location.as_bytes())))
        .collect();
    // Sources no longer in the site file are forgotten.
    let mut before = std::mem::take(&mut state.sources);
    let priors: Vec<SourceState> = keys
        .iter()
        .map(|key| before.remove(key).unwrap_or_default())
        .collect();
    let store_of = |n: usize| places.state.join(SOURCES).join(format!("{}.json", keys[n]));
    let sync_one = |n: usize, store: Store, parsed: &mut usize| {
        let source = &sources[n];
        let spec = SourceSpec {
            location: Location::parse(&source.location),
            channel: source.channel.clone(),
        };
        sync_source(
            &spec,
            source.mode,
            n,
            site,
            &store_of(n),
            store,
            priors[n].clone(),
            options,
            &fetcher,
            now,
            parsed,
        )
    };
    let mut reads = Vec::with_capacity(sources.len());
    let mut synced = Vec::with_capacity(sources.len());
    let mut unread = Vec::with_capacity(sources.len());
    let mut parsed = 0;
    for (n, key) in keys.iter().enumerate() {
        let (read, sourced, kept, in_store) = sync_one(n, Store::ReadWhenNeeded, &mut parsed)?;
        state.sources.insert(key.clone(), kept);
        synced.push(sourced);
        reads.push(read);
        unread.push(in_store);
    }

    // Nothing that the release is made from has changed since the last one sync made, which is
    // still served, and no embargo has ended: the build would write the same bytes, so it is
    // not run (a 10,000-item archive took 11–27 s to find that out on the bench machine), and
    // the items kept of each source are not even read back.
    let inputs = inputs_digest(options, places, &state, &takedown);
    let served = current_release(&options.out)
        .and_then(|r| r.file_name().map(|n| n.to_string_lossy().into_owned()));
    let unchanged = state.last_build.as_ref().is_some_and(|last| {
        last.inputs == inputs
            && served.as_deref() == Some(last.release.as_str())
            && last.next_embargo.is_none_or(|at| at > now)
    });
    if unchanged {
        write_state(&places.state, &state)?;
        return Ok(SyncReport {
            new: synced.iter().map(|s| s.new).sum(),
            updated: synced.iter().map(|s| s.updated).sum(),
            sources: synced,
            parsed,
            taken_down: 0,
            import: ImportReport::default(),
            release: None,
            seconds: started.elapsed().as_secs_f64(),
            served_after: None,
            taken_over: None,
        });
    }

    // A build follows: the items kept of the sources that gave nothing new are read back. A
    // store that does not read back whole (damaged, or deleted meanwhile) has its source asked
    // in full, as on a first run, rather than its items left out. The stores are read on every
    // core: at 100,000 items in five archive sources (331 MB of JSON), reading them one after
    // the other took 1.3–2.2 s of a one-new-item sync, and 1.0–1.5 s on two cores.
    let mut stores: Vec<Option<Option<Vec<Item>>>> = (0..sources.len())
        .into_par_iter()
        .map(|n| unread[n].then(|| read_store(&store_of(n), n)))
        .collect();
    for n in (0..sources.len()).filter(|&n| unread[n]) {
        let stored = stores[n].take().flatten();
        let whole = stored
            .as_ref()
            .is_some_and(|items| holds_every(items, &priors[n].fingerprints));
        // It failed this run already: not asked again (one that timed out would be waited for
        // twice). What its store still gives goes on.
        let failed = matches!(synced[n].outcome, Outcome::Failed(_));
        match stored {
            Some(items) if whole => {
                synced[n].items = items.len();
                reads[n].read.items = items;
            }
            stored if failed => {
                if let Some(kept) = state.sources.get_mut(&keys[n]) {
                    forget_store(kept);
                }
                let items = stored.unwrap_or_default();
                synced[n].items = items.len();
                reads[n].read.items = items;
            }
            _ => {
                let (read, sourced, kept, _) = sync_one(n, Store::AskInFull, &mut parsed)?;
                state.sources.insert(keys[n].clone(), kept);
                synced[n] = sourced;
                reads[n] = read;
            }
        }
    }
    // A source asked in full again may have given other items than its fingerprints said.
    let inputs = inputs_digest(options, places, &state, &takedown);
    let new = synced.iter().map(|s| s.new).sum();
    let updated = synced.iter().map(|s| s.updated).sum();
    for read in &mut reads {
        read.read.items.retain(|item| !takedown.contains(&item.id));
    }
    // Cleared until a release is served: a run that fails from here builds again next time.
    state.last_build = None;
    write_state(&places.state, &state)?;
    // The new content folder, built from where it was written and put in place once the
    // build (whose check is the one an import makes) has published it: content with errors
    // leaves both the site and the content folder as they were.
    let staged = stage(
        reads,
        Some(site),
        &places.content,
        &options.import,
        &fetcher,
    )?;
    let built = publish_locked(
        &staged.folder,
        &places.dist,
        &options.out,
        &places.site_url,
        &BuildOptions {
            now: Some(now),
            ..BuildOptions::default()
        },
    );
    let release = match built {
        Ok(release) => release,
        Err(error) => {
            staged.discard();
            // Sync has no --force, which the build's own words offer.
            return Err(match error {
                Error::Refused { errors, .. } => Error::Refused {
                    errors,
                    what: "nothing was published, and the content folder is as it was",
                },
                other => other,
            });
        }
    };
    let import = staged.swap_in(&places.content)?;
    // What stage wrote, rather than the content folder read back: at 100k items that parsed
    // 1,000 files again (1.3% of a one-new-item sync's samples, perf).
    let ids: HashSet<&String> = import.ids.iter().collect();
    let taken_down = state
        .content_ids
        .iter()
        .filter(|id| !ids.contains(id))
        .count();
    state.content_ids = import.ids.clone();
    state.content_ids.sort();
    state.last_build = Some(LastBuild {
        inputs,
        release: release
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        next_embargo: release.report.next_embargo.as_ref().map(|(_, _, at)| *at),
    });
    write_state(&places.state, &state)?;
    Ok(SyncReport {
        new,
        updated,
        sources: synced,
        parsed,
        taken_down,
        import,
        served_after: release
            .served_at
            .map(|at| at.saturating_duration_since(started).as_secs_f64()),
        release: Some(release),
        seconds: started.elapsed().as_secs_f64(),
        taken_over: None,
    })
}

/// Where a source's items kept from the last run are to be had.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Store {
    /// In its store, read only when the source gave something new or a build needs them: at
    /// 100,000 items the stores are 331 MB of JSON, and reading them back took most of a sync
    /// that found nothing changed (3.0–3.4 s).
    ReadWhenNeeded,
    /// In a store that did not read back whole (damaged, or fewer items than the last run
    /// fingerprinted): the source is asked in full, and what the store still gives is kept.
    AskInFull,
}

/// Reads one source, or keeps what it gave before; returns what goes into the content, how
/// it went, what is kept of it for the next run, and whether its items are still to be read
/// from its store (the returned read then has none).
#[allow(clippy::too_many_arguments)]
fn sync_source(
    spec: &SourceSpec,
    mode: Mode,
    index: usize,
    site: &SiteFile,
    store: &Path,
    kept_items: Store,
    prior: SourceState,
    options: &SyncOptions,
    fetcher: &Fetcher,
    now: i64,
    parsed: &mut usize,
) -> Result<(SourceRead, SourceSync, SourceState, bool), Error> {
    let name = spec.location.name();
    let mut report = SourceReport {
        name: name.clone(),
        ..SourceReport::default()
    };
    // The last run kept its items in its store, unless this is a first run or the store was
    // deleted. The fingerprints are those of the store's items.
    let store_there = store.is_file();
    let mut kept = SourceState {
        name: name.clone(),
        ..prior.clone()
    };
    let mut sourced = SourceSync {
        name: name.clone(),
        mode,
        outcome: Outcome::NotModified,
        items: prior.fingerprints.len(),
        new: 0,
        updated: 0,
        dropped: 0,
        last_success: prior.last_success,
        notes: Vec::new(),
    };
    let ask = Ask {
        prior: &prior,
        kept: store_there && kept_items == Store::ReadWhenNeeded,
        parsed,
    };
    let attempt = read_fresh(spec, index, site, ask, options, fetcher, &mut report);
    // The items it gives now, unless they are still in its store.
    let mut items = match attempt {
        Ok(None) => {
            kept.last_success = Some(now);
            None
        }
        Ok(Some((read, validators, digest))) => {
            let stored = if store_there {
                read_store(store, index).unwrap_or_default()
            } else {
                Vec::new()
            };
            if read.items.is_empty() && !stored.is_empty() {
                sourced.outcome = Outcome::Failed(format!(
                    "the feed is now empty: its {} items from the last good run are kept",
                    stored.len()
                ));
                sourced.items = stored.len();
                Some(stored)
            } else {
                sourced.outcome = Outcome::Read;
                kept.validators = validators;
                kept.digest = digest;
                kept.last_success = Some(now);
                kept.title = read.title.clone();
                kept.portal = read.portal.clone();
                let merged = merge(
                    read.items,
                    stored,
                    mode,
                    &prior,
                    &mut kept,
                    &mut sourced,
                    now,
                );
                write_store(store, index, &merged)?;
                // What goes on is what the store gives back, as on a run that reads nothing:
                // the same bytes whether the source answered 200 or 304.
                let items = read_store(store, index).unwrap_or_default();
                sourced.items = items.len();
                Some(items)
            }
        }
        Err(error) => {
            let problem = match error {
                Error::Source { problem, .. } => problem,
                other => other.to_string(),
            };
            sourced.outcome = Outcome::Failed(problem);
            None
        }
    };
    if kept_items == Store::AskInFull && matches!(sourced.outcome, Outcome::Failed(_)) {
        // Its store did not read back whole, and the source could not be read again: what the
        // store still gives goes on.
        forget_store(&mut kept);
        let stored = items.unwrap_or_else(|| read_store(store, index).unwrap_or_default());
        sourced.items = stored.len();
        items = Some(stored);
    }
    let in_store = items.is_none() && store_there;
    sourced.last_success = kept.last_success;
    sourced.notes = report.notes.clone();
    let local = match &spec.location {
        Location::File(path) => Some(path.parent().unwrap_or(Path::new(".")).to_path_buf()),
        Location::Url(_) => None,
    };
    let read = Read {
        items: items.unwrap_or_default(),
        portal: kept.portal.clone(),
        title: kept.title.clone(),
        local,
        // The store keeps items as JSON, their 信息公开 fields filled when they were read.
        xml: None,
    };
    Ok((
        SourceRead {
            spec: spec.clone(),
            read,
            report,
        },
        sourced,
        kept,
        in_store,
    ))
}

/// What [`read_fresh`] knows of the last run, and the count of sources parsed it adds to.
struct Ask<'a> {
    prior: &'a SourceState,
    kept: bool,
    parsed: &'a mut usize,
}

/// What a source gives now: `None` when it is unchanged since the last run (a 304, or a local
/// file with the same bytes), else its items with what identifies this answer.
#[allow(clippy::type_complexity)]
fn read_fresh(
    spec: &SourceSpec,
    index: usize,
    site: &SiteFile,
    ask: Ask<'_>,
    options: &SyncOptions,
    fetcher: &Fetcher,
    report: &mut SourceReport,
) -> Result<Option<(Read, Validators, Option<String>)>, Error> {
    let Ask {
        prior,
        kept,
        parsed,
    } = ask;
    let timeout = options.import.timeout;
    let (fetched, digest) = match &spec.location {
        Location::Url(url) => {
            let get = Get {
                operator: Some(url),
                timeout,
                max_bytes: MAX_SOURCE_BYTES,
                picture: false,
            };
            let validators = if !kept {
                Validators::default()
            } else {
                prior.validators.clone()
            };
            match fetcher.get_if_changed(url, &get, &validators)? {
                Conditional::NotModified => return Ok(None),
                Conditional::Changed(fetched) => (fetched, None),
            }
        }
        Location::File(_) => {
            let fetched = fetch(&spec.location, fetcher, timeout)?;
            let digest = format!("{:016x}", crate::inputs::bytes_digest(&fetched.bytes));
            if kept && prior.digest.as_ref() == Some(&digest) {
                return Ok(None);
            }
            (fetched, Some(digest))
        }
    };
    *parsed += 1;
    let mut read = parse_source(
        spec,
        index,
        site.zone,
        &fetched,
        &options.import,
        fetcher,
        report,
    )?;
    fill_disclosure(
        &mut read.items,
        read.xml.take(),
        site.file.disclosure.as_ref(),
        &mut report.notes,
    )?;
    let validators = fetched.validators;
    Ok(Some((read, validators, digest)))
}

/// The source's items now: what it gave (each new or changed one counted, a changed one dated
/// modified), and, for a window source, what it gave before and no longer lists.
fn merge(
    fresh: Vec<Item>,
    stored: Vec<Item>,
    mode: Mode,
    prior: &SourceState,
    kept: &mut SourceState,
    sourced: &mut SourceSync,
    now: i64,
) -> Vec<Item> {
    let stored_by_id: HashMap<String, &Item> = stored.iter().map(|i| (i.id.clone(), i)).collect();
    let mut fingerprints = BTreeMap::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut items = Vec::with_capacity(fresh.len() + stored.len());
    for mut item in fresh {
        if !seen.insert(item.id.clone()) {
            continue;
        }
        let print = fingerprint(&item);
        match prior.fingerprints.get(&item.id) {
            None => sourced.new += 1,
            Some(before) if *before != print => {
                sourced.updated += 1;
                item.modified = item.modified.or(Some(Timestamp(now)));
            }
            Some(_) => {
                // Unchanged: the modification seen before stays.
                let before = stored_by_id.get(&item.id).and_then(|i| i.modified);
                item.modified = item.modified.or(before);
            }
        }
        fingerprints.insert(item.id.clone(), print);
        items.push(item);
    }
    for item in stored {
        if seen.contains(&item.id) {
            continue;
        }
        match mode {
            Mode::Window => {
                if let Some(print) = prior.fingerprints.get(&item.id) {
                    fingerprints.insert(item.id.clone(), print.clone());
                }
                items.push(item);
            }
            Mode::Archive => sourced.dropped += 1,
        }
    }
    kept.fingerprints = fingerprints;
    items
}

/// FNV-1a of an item as the source gave it, written as the portal writes items.
fn fingerprint(item: &Item) -> String {
    let keep = |s: &str| s.to_string();
    let keep_html = |s: String| s;
    let written = write_item(
        &Item {
            modified: None,
            ..item.clone()
        },
        &ItemOut {
            site_root: crate::import::LOCAL_ORIGIN,
            url: &keep,
            html: &keep_html,
            portal: true,
            derived_title: true,
        },
    );
    let bytes = serde_json::to_vec(&written).unwrap_or_default();
    format!("{:016x}", fnv1a(&bytes))
}

/// Writes a source's items as a JSON Feed, a local source's folder written as
/// [`LOCAL_PLACEHOLDER`].
fn write_store(path: &Path, index: usize, items: &[Item]) -> Result<(), Error> {
    let keep = |s: &str| s.to_string();
    let keep_html = |s: String| s;
    let out = ItemOut {
        site_root: crate::import::LOCAL_ORIGIN,
        url: &keep,
        html: &keep_html,
        portal: true,
        derived_title: false,
    };
    let feed = FeedJson::of(items.iter().map(|i| write_item(i, &out)).collect());
    let text =
        String::from_utf8_lossy(&feed.compact()).replace(&local_base(index), LOCAL_PLACEHOLDER);
    let temporary = path.with_extension("json.tmp");
    write_new(&temporary, text.as_bytes())?;
    std::fs::rename(&temporary, path).map_err(Error::io(path))
}

/// Forgets what a source's store held, when the store did not read back whole and the source
/// could not be read in its stead: the run that reads the source again asks it in full and
/// counts its items as a change, so it builds them back (with the fingerprints kept, it found
/// nothing changed, and they stayed out).
fn forget_store(kept: &mut SourceState) {
    kept.fingerprints.clear();
    kept.validators = Validators::default();
    kept.digest = None;
}

/// Whether `items` has every item `fingerprints` names: a store that lost some is not whole.
fn holds_every(items: &[Item], fingerprints: &BTreeMap<String, String>) -> bool {
    let ids: HashSet<&str> = items.iter().map(|item| item.id.as_str()).collect();
    fingerprints.keys().all(|id| ids.contains(id.as_str()))
}

/// The items kept of a source; `None` when its store cannot be read or is not a feed.
fn read_store(path: &Path, index: usize) -> Option<Vec<Item>> {
    let bytes = std::fs::read(path).ok()?;
    let base = local_base(index);
    let text = replace_all(crate::content::utf8(&bytes).ok()?, LOCAL_PLACEHOLDER, &base);
    parse_feed(&text, &format!("{base}feed.json"))
        .ok()
        .map(|page| page.items)
}

/// `text` with every `from` replaced by `to`, as `str::replace` does, found by memchr's SIMD
/// search: a store of 20,000 items is 68 MB holding some 6,000 placeholders, and `str::replace`
/// scanning the five stores of a 100,000-item sync was 1.4% of its samples (perf).
fn replace_all(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for at in memchr::memmem::find_iter(text.as_bytes(), from) {
        // Both ends are character boundaries: `from` is whole UTF-8, found in whole UTF-8.
        out.push_str(&text[last..at]);
        out.push_str(to);
        last = at + from.len();
    }
    out.push_str(&text[last..]);
    out
}

fn read_state(dir: &Path) -> State {
    std::fs::read(dir.join(STATE_FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

fn write_state(dir: &Path, state: &State) -> Result<(), Error> {
    let path = dir.join(STATE_FILE);
    let temporary = dir.join(format!("{STATE_FILE}.tmp"));
    let text = serde_json::to_vec_pretty(state).unwrap_or_default();
    write_new(&temporary, &text)?;
    std::fs::rename(&temporary, &path).map_err(Error::io(&path))
}

/// The ids taken down: the site file's `takedown`, and `portal takedown`'s.
pub fn takedown_ids(site: &SiteFile, state: &Path) -> HashSet<String> {
    let listed = std::fs::read_to_string(state.join(TAKEDOWN_FILE)).unwrap_or_default();
    site.file
        .takedown
        .iter()
        .cloned()
        .chain(
            listed
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string),
        )
        .collect()
}

/// Adds `ids` to the takedown list beside the content folder; returns those that were new.
pub fn add_takedowns(state: &Path, ids: &[String]) -> Result<Vec<String>, Error> {
    let path = state.join(TAKEDOWN_FILE);
    let mut text = std::fs::read_to_string(&path).unwrap_or_default();
    let known: HashSet<String> = text.lines().map(|l| l.trim().to_string()).collect();
    let mut added = Vec::new();
    for id in ids {
        let id = id.trim();
        if id.is_empty() || id.contains('\n') || known.contains(id) || added.iter().any(|a| a == id)
        {
            continue;
        }
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(id);
        text.push('\n');
        added.push(id.to_string());
    }
    let temporary = state.join(format!("{TAKEDOWN_FILE}.tmp"));
    write_new(&temporary, text.as_bytes())?;
    std::fs::rename(&temporary, &path).map_err(Error::io(&path))?;
    Ok(added)
}

/// `SITE/sync.json`: how this run went, per source, for `portal status`.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Status {
    /// When the run ended, Unix seconds, and what it exited with.
    pub finished: i64,
    pub exit: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default)]
    pub summary: String,
    /// The last run that published (exit 0 or 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_success: Option<i64>,
    #[serde(default)]
    pub sources: Vec<SourceStatus>,
    #[serde(default)]
    pub items: usize,
    #[serde(default)]
    pub held: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_embargo: Option<Embargo>,
    /// What `portal check` said of the content: errors and warnings, one line each.
    #[serde(default)]
    pub problems: Vec<String>,
    /// Set while a run holds the site: its PID and start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub running: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct SourceStatus {
    pub name: String,
    pub mode: String,
    /// `read`, `not_modified` or `failed`.
    pub outcome: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_success: Option<i64>,
    pub items: usize,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Embargo {
    pub id: String,
    pub title: String,
    pub at: i64,
}

/// The status file of `site_dir`, if a sync wrote one.
pub fn read_status(site_dir: &Path) -> Option<Status> {
    let bytes = std::fs::read(site_dir.join(STATUS_FILE)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// The exit status a sync's outcome gives: 0 published, 3 published with sources failing
/// (their last good items kept), 2 a usage error, 75 locked, 1 nothing published.
pub fn exit_code(outcome: &Result<SyncReport, Error>) -> u8 {
    match outcome {
        Ok(report) if report.failed() > 0 => 3,
        Ok(_) => 0,
        Err(Error::Usage(_) | Error::Site(_)) => 2,
        Err(Error::Locked { .. }) => lock::LOCKED_EXIT,
        Err(_) => 1,
    }
}

fn write_status(site_dir: &Path, outcome: &Result<SyncReport, Error>, now: i64, started: Instant) {
    // A run that could not start (a usage error) says nothing of the site.
    if matches!(outcome, Err(Error::Usage(_))) {
        return;
    }
    let before = read_status(site_dir).unwrap_or_default();
    let exit = exit_code(outcome);
    let status = match outcome {
        Ok(report) => {
            let Some(build) = report.release.as_ref().map(|r| &r.report) else {
                // Nothing built: the release and what was said of it are the last run's.
                return write_status_file(
                    site_dir,
                    &Status {
                        finished: now + started.elapsed().as_secs() as i64,
                        exit,
                        error: None,
                        summary: report.summary(),
                        last_success: Some(now),
                        sources: source_statuses(report),
                        running: None,
                        ..before
                    },
                );
            };
            Status {
                finished: now + started.elapsed().as_secs() as i64,
                exit,
                error: None,
                summary: report.summary(),
                last_success: Some(now),
                sources: source_statuses(report),
                items: build.items,
                held: build.held,
                next_embargo: build.next_embargo.clone().map(|(id, title, at)| Embargo {
                    id,
                    title,
                    at,
                }),
                problems: report
                    .sources
                    .iter()
                    .flat_map(|s| {
                        s.notes
                            .iter()
                            .filter(|n| n.starts_with("warning: "))
                            .map(move |n| format!("{}: {n}", s.name))
                    })
                    .chain(
                        build
                            .findings
                            .iter()
                            .filter(|f| f.severity != Severity::Note)
                            .map(|f| format!("{}: {f}", f.severity.label())),
                    )
                    .collect(),
                running: None,
            }
        }
        Err(error) => Status {
            finished: now + started.elapsed().as_secs() as i64,
            exit,
            error: Some(error.to_string()),
            summary: format!("portal sync: failed, the site is unchanged: {error}"),
            running: None,
            ..before
        },
    };
    write_status_file(site_dir, &status);
}

fn source_statuses(report: &SyncReport) -> Vec<SourceStatus> {
    report
        .sources
        .iter()
        .map(|s| SourceStatus {
            name: s.name.clone(),
            mode: s.mode.name().into(),
            outcome: match s.outcome {
                Outcome::Read => "read",
                Outcome::NotModified => "not_modified",
                Outcome::Failed(_) => "failed",
            }
            .into(),
            problem: match &s.outcome {
                Outcome::Failed(problem) => Some(problem.clone()),
                _ => None,
            },
            last_success: s.last_success,
            items: s.items,
        })
        .collect()
}

fn write_status_file(site_dir: &Path, status: &Status) {
    if std::fs::create_dir_all(site_dir).is_err() {
        return;
    }
    let path = site_dir.join(STATUS_FILE);
    let temporary = site_dir.join(format!("{STATUS_FILE}.tmp"));
    let text = serde_json::to_vec_pretty(status).unwrap_or_default();
    if std::fs::write(&temporary, text).is_ok() {
        let _ = std::fs::rename(&temporary, &path);
    }
}

#[cfg(test)]
mod tests {
    use super::replace_all;
    use proptest::prelude::*;

    proptest! {
        /// The same text as `str::replace`, for any text, placeholder and replacement,
        /// placeholders next to each other and in Chinese text included.
        #[test]
        fn replace_all_is_str_replace(
            text in "(ab|a|b|汉|字|x){0,40}",
            from in "(ab|a|汉)(b|字)?",
            to in "[a-c汉]{0,3}",
        ) {
            prop_assert_eq!(replace_all(&text, &from, &to), text.replace(&from, &to));
        }
    }
}
