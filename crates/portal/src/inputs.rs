//! What the release served was made from: `SITE/inputs.json`, written after each release a
//! build switches to, so that a build whose inputs have not changed since is not run.
//!
//! A release is a function of the content folder's files, the app's files (all of the
//! `trunk build` output but its `content/`), the site URL, the build's options that change
//! bytes, this program, and the clock, which only decides which items are held back until
//! their embargo ends. The first five are hashed into one digest ([`digest`]); the clock is
//! kept as the time the first held item comes out ([`Manifest::next_embargo`]). When the digest
//! equals the manifest's, the manifest names the release `SITE/current` points at and no
//! embargo has ended, a build would write the same bytes: it is skipped. Anything else (the
//! manifest deleted or unreadable, a rollback, a file of the content or the app changed, a
//! symlink in either, which this does not follow) is a full build.
//!
//! A build that does run renders again only the pages whose inputs changed: `SITE/pages.json`
//! ([`Rendered`]) says what the served release's pages were made from, beside this manifest
//! and kept the same way (src/build.rs says what a page's inputs are).

use std::hash::Hasher;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::site_url::SiteUrl;

/// The manifest's file, beside `current` and `releases/` (never inside a release, which nginx
/// serves).
pub const MANIFEST_FILE: &str = "inputs.json";
/// Bumped when what the digest covers changes, so an older manifest never matches.
const FORMAT: u32 = 1;

/// `SITE/inputs.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// [`digest`] of the inputs the release was built from.
    pub digest: String,
    /// Its name under `SITE/releases`.
    pub release: String,
    /// Items it published and held back (drafts, embargoed).
    pub items: usize,
    pub held: usize,
    /// The first embargoed item to go out: id, title and time (Unix seconds). At that time the
    /// same inputs make another release.
    pub next_embargo: Option<(String, String, i64)>,
}

impl Manifest {
    pub fn new(
        digest: String,
        release: String,
        items: usize,
        held: usize,
        next_embargo: Option<(String, String, i64)>,
    ) -> Self {
        Manifest {
            format: FORMAT,
            digest,
            release,
            items,
            held,
            next_embargo,
        }
    }

    /// The manifest of `site_dir`, if it is there and readable.
    pub fn read(site_dir: &Path) -> Option<Manifest> {
        let text = std::fs::read(site_dir.join(MANIFEST_FILE)).ok()?;
        serde_json::from_slice::<Manifest>(&text)
            .ok()
            .filter(|m| m.format == FORMAT)
    }

    /// Whether a build at `now` of inputs with `digest` would make the release `current` (its
    /// folder's name) again.
    pub fn still_holds(&self, digest: &str, current: &str, now: i64) -> bool {
        self.digest == digest
            && self.release == current
            && self
                .next_embargo
                .as_ref()
                .is_none_or(|(_, _, at)| *at > now)
    }

    /// Writes it under a temporary name and renames it over the old one: a reader sees the old
    /// manifest or the new, never half of one. Failing to write it costs the next build its
    /// skip, nothing else, so the caller may ignore the error.
    pub fn write(&self, site_dir: &Path) -> std::io::Result<()> {
        let text = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        replace_whole(site_dir, MANIFEST_FILE, &text)
    }

    /// Removes the manifest: the next build is a full one.
    pub fn remove(site_dir: &Path) {
        let _ = std::fs::remove_file(site_dir.join(MANIFEST_FILE));
    }
}

/// What of the build's options changes a release's bytes.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub force: bool,
}

/// A digest of everything a release is made from but the clock, or `None` when it cannot be
/// told (a folder that cannot be read, a symlink in the content or the app): then the build
/// runs. Every file's bytes are read and hashed, not its size and time: a file copied with its
/// times kept (`cp -p`, `rsync -t`) and edited within a timestamp's tick look the same to
/// `stat`.
pub fn digest(content: &Path, app: &Path, site: &SiteUrl, options: Options) -> Option<String> {
    let mut files: Vec<(u8, PathBuf)> = Vec::new();
    walk(
        content,
        Path::new(""),
        &mut |p| files.push((b'c', p)),
        false,
    )?;
    walk(app, Path::new(""), &mut |p| files.push((b'a', p)), true)?;
    // Each file hashed on its own, on every core; then the list in order.
    let hashes: Vec<u64> = files
        .par_iter()
        .map(|(side, relative)| {
            let root = if *side == b'c' { content } else { app };
            std::fs::read(root.join(relative))
                .ok()
                .map(|bytes| bytes_digest(&bytes))
        })
        .collect::<Option<_>>()?;
    let mut h = std::hash::DefaultHasher::new();
    h.write_u32(FORMAT);
    h.write(program().as_bytes());
    h.write(site.root().as_bytes());
    h.write_u8(u8::from(options.force));
    for ((side, relative), hash) in files.iter().zip(hashes) {
        h.write_u8(*side);
        h.write(relative.as_os_str().as_encoded_bytes());
        h.write_u8(0);
        h.write_u64(hash);
    }
    Some(format!("{:016x}", h.finish()))
}

/// A digest of `bytes` to tell a file unchanged: XXH3, the same at every run. Sync asking five
/// unchanged 68 MB sources took 0.46–0.76 s with FNV-1a a byte at a time, 0.34–0.35 s with
/// std's SipHash, and SipHash over those sources, the content folder and the items was still
/// 5.4% of a one-new-item sync's samples (bench/README.md).
pub(crate) fn bytes_digest(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// This program: its version and a digest of its file's bytes, read once. A publisher rebuilt
/// from changed sources may write other bytes under the same version, and a deploy may keep a
/// file's size and time (`cp -p`, `rsync -t`, a store that sets every mtime to 1): only the
/// bytes tell. Unreadable, it is a value no build recorded before, so everything is made again.
/// Reading and hashing the 11 MB release binary took 9.5–14.4 ms.
pub(crate) fn program() -> &'static str {
    static PROGRAM: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PROGRAM.get_or_init(|| {
        let file = std::env::current_exe()
            .and_then(std::fs::read)
            .map(|bytes| format!("{:016x}", bytes_digest(&bytes)))
            .unwrap_or_else(|_| {
                let random = crate::output::random_name;
                format!("unread {}{}", random(), random())
            });
        format!("{} {file}", env!("CARGO_PKG_VERSION"))
    })
}

/// Every file under `root/under`, sorted, relative to `root`; `None` at a symlink or a folder
/// that cannot be read. `app`: the app's folder, whose top-level `content/` the build does not
/// copy (the packer writes it).
fn walk(root: &Path, under: &Path, found: &mut dyn FnMut(PathBuf), app: bool) -> Option<()> {
    let mut entries: Vec<std::fs::DirEntry> = std::fs::read_dir(root.join(under))
        .ok()?
        .collect::<Result<_, _>>()
        .ok()?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let relative = under.join(entry.file_name());
        if app && under.as_os_str().is_empty() && entry.file_name() == "content" {
            continue;
        }
        let kind = entry.file_type().ok()?;
        if kind.is_symlink() {
            return None;
        } else if kind.is_dir() {
            walk(root, &relative, found, app)?;
        } else {
            found(relative);
        }
    }
    Some(())
}

/// `SITE/pages.json`: what the pages of the served release were rendered from, so that the
/// next build links the pages whose inputs are the same instead of rendering them (src/build.rs,
/// `write_pages`). Deleted, unreadable or naming another release: every page is rendered, and
/// the bytes are the same.
pub const RENDERED_FILE: &str = "pages.json";
/// Bumped when what [`Rendered`] holds or means changes.
const RENDERED_FORMAT: u32 = 1;

/// [`RENDERED_FILE`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rendered {
    pub format: u32,
    /// The release under `SITE/releases` whose pages these are.
    pub release: String,
    /// What every article page was rendered from besides its own article file: the program,
    /// the site URL, the app's shell and what an article page reads of the first page
    /// (src/build.rs, `frame_digest`).
    pub frame: String,
    /// The articles whose page read items of the first page too (the newest, and those next
    /// to an item the first page holds): rendered again by the next build whatever changed.
    pub dependent: Vec<String>,
    /// How many pages have each Han character and phrase of the 简/繁 table.
    pub han: crate::hant::HanCounts,
    /// The search index's base segment and what it was made from, which the next build keeps
    /// when its oldest documents are the same (src/pack.rs, `pack_search_index`).
    #[serde(default)]
    pub search: Option<crate::pack::SearchBase>,
    /// What each article file and older list file was made from, which the next build links
    /// when its inputs are the same (src/pack.rs, `PackedDigests`).
    #[serde(default)]
    pub packed: crate::pack::PackedDigests,
    /// A random value those digests start from, kept from build to build with them: a
    /// source's author cannot search offline for two versions of an item with one digest.
    #[serde(default)]
    pub salt: String,
}

impl Rendered {
    pub fn new(frame: String, dependent: Vec<String>, han: crate::hant::HanCounts) -> Self {
        Rendered {
            format: RENDERED_FORMAT,
            release: String::new(),
            frame,
            dependent,
            han,
            search: None,
            packed: crate::pack::PackedDigests::default(),
            salt: String::new(),
        }
    }

    /// The pages manifest of `site_dir` if it describes the release `current` (its folder's
    /// name).
    pub fn read(site_dir: &Path, current: &str) -> Option<Rendered> {
        let text = std::fs::read(site_dir.join(RENDERED_FILE)).ok()?;
        serde_json::from_slice::<Rendered>(&text)
            .ok()
            .filter(|r| r.format == RENDERED_FORMAT && r.release == current)
    }

    /// Written as [`Manifest::write`] writes: whole or not at all. Not written, the next build
    /// renders every page.
    pub fn write(&self, site_dir: &Path) -> std::io::Result<()> {
        let text = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        replace_whole(site_dir, RENDERED_FILE, &text)
    }
}

/// Writes `bytes` as `site_dir/name` under a temporary name first, then renames it over the
/// old file: a reader sees the old file or the new, never half of one.
fn replace_whole(site_dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let temporary = site_dir.join(format!(".{name}.{}", crate::output::random_name()));
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, site_dir.join(name)).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}
