//! Publishing as releases: `portal build --out SITE` builds into a new folder beside the one
//! being served and switches to it at once, so readers never see a mix of old and new files,
//! and a failed build leaves the previous site serving.
//!
//! ```text
//! SITE/current -> releases/20261125T144012      (nginx's root: SITE/current)
//! SITE/releases/20261125T144012/                (this build, named in Beijing time)
//! SITE/releases/20261124T180000/                (the one before: `portal rollback` goes back)
//! ```
//!
//! A file whose bytes are the same as in the release before is a hard link to it (it keeps its
//! inode, mtime and so its ETag), so a new item costs only what it changes. The switch is one
//! `rename(2)` of a symlink over `current`, which is atomic. The newest [`KEPT_RELEASES`] are
//! kept.

use std::path::{Path, PathBuf};

use crate::build::{build, BuildOptions, BuildReport};
use crate::lock;
use crate::output::{random_name, Output};
use crate::site_url::SiteUrl;
use crate::Error;
use portal_core::model::date::Timestamp;

/// Releases kept (the current one and those before it); older ones are deleted.
pub const KEPT_RELEASES: usize = 3;
const RELEASES: &str = "releases";
const CURRENT: &str = "current";
/// The start of a folder being built: `.building-<name>-<random>`.
const BUILDING: &str = ".building-";

/// What one release build did.
#[derive(Debug)]
pub struct Release {
    pub report: BuildReport,
    /// The folder now served, and the one served before.
    pub path: PathBuf,
    pub previous: Option<PathBuf>,
    /// Files the previous release had and this one has not (relative paths).
    pub removed: Vec<PathBuf>,
    /// Old releases deleted.
    pub pruned: Vec<PathBuf>,
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |error| Error::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// The release `SITE/current` points at, if any.
pub fn current_release(site_dir: &Path) -> Option<PathBuf> {
    let target = std::fs::read_link(site_dir.join(CURRENT)).ok()?;
    let path = if target.is_absolute() {
        target
    } else {
        site_dir.join(target)
    };
    path.is_dir().then_some(path)
}

/// Builds `content` with the app of `app_dist` (a `trunk build --release` output) into a new
/// release of `site_dir`, then serves it.
pub fn publish_release(
    content: &Path,
    app_dist: &Path,
    site_dir: &Path,
    site: &SiteUrl,
    force: bool,
) -> Result<Release, Error> {
    let _site_lock = lock::site_lock(site_dir)?;
    let _content_lock = lock::folder_lock(content)?;
    let releases = site_dir.join(RELEASES);
    std::fs::create_dir_all(&releases).map_err(io_error(&releases))?;
    remove_stale_builds(&releases);
    let previous = current_release(site_dir);
    let name = release_name(&releases);
    // Never reused: create_dir fails on a folder that is there, and the name is unguessable.
    let building = releases.join(format!("{BUILDING}{name}-{}", random_name()));
    std::fs::create_dir(&building).map_err(io_error(&building))?;
    let outcome = (|| {
        let out = Output {
            root: &building,
            previous: previous.as_deref(),
        };
        copy_app(app_dist, Path::new(""), &out)?;
        let options = BuildOptions {
            force,
            previous: previous.clone(),
        };
        build(content, &building, site, &options)
    })();
    let mut report = match outcome {
        Ok(report) => report,
        Err(error) => {
            let _ = std::fs::remove_dir_all(&building);
            return Err(error);
        }
    };
    let path = releases.join(&name);
    std::fs::rename(&building, &path).map_err(io_error(&path))?;
    // The report names files where they now are.
    let moved = |p: &mut PathBuf| {
        if let Ok(relative) = p.strip_prefix(&building) {
            *p = path.join(relative);
        }
    };
    report.written.iter_mut().for_each(moved);
    report.content_removed.iter_mut().for_each(moved);
    switch(site_dir, &name)?;
    let removed = match &previous {
        Some(previous) => {
            let now = files_under(&path);
            let mut gone: Vec<PathBuf> = files_under(previous)
                .into_iter()
                .filter(|f| now.binary_search(f).is_err())
                .collect();
            gone.sort();
            gone
        }
        None => Vec::new(),
    };
    let pruned = prune(&releases, &path, previous.as_deref());
    Ok(Release {
        report,
        path,
        previous,
        removed,
        pruned,
    })
}

/// Serves the release before the current one again; returns (from, to).
pub fn rollback(site_dir: &Path) -> Result<(PathBuf, PathBuf), Error> {
    let _site_lock = lock::site_lock(site_dir)?;
    let no_earlier = |why: &str| Error::Io {
        path: site_dir.join(CURRENT),
        error: std::io::Error::new(std::io::ErrorKind::NotFound, why.to_string()),
    };
    let current = current_release(site_dir).ok_or_else(|| no_earlier("no release is served"))?;
    let all = releases(&site_dir.join(RELEASES));
    let at = all
        .iter()
        .position(|r| *r == current)
        .ok_or_else(|| no_earlier("the served release is not under releases/"))?;
    let earlier = at
        .checked_sub(1)
        .and_then(|i| all.get(i))
        .ok_or_else(|| no_earlier("there is no earlier release to go back to"))?;
    let name = earlier
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    switch(site_dir, &name)?;
    Ok((current, earlier.clone()))
}

/// Removes the folders of builds that were killed part-way (each run's is unique, so nothing
/// else removes them: 32 killed builds left 2.7 GB beside a 386 MB release). Called under the
/// site's lock, when no build can be running.
fn remove_stale_builds(releases: &Path) {
    let Ok(entries) = std::fs::read_dir(releases) else {
        return;
    };
    for entry in entries.flatten() {
        let stale = entry.file_name().to_string_lossy().starts_with(BUILDING)
            && entry.file_type().is_ok_and(|t| t.is_dir());
        if stale {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The release folders, oldest first (their names sort by time).
fn releases(dir: &Path) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .filter(|p| {
                    p.file_name()
                        .is_some_and(|n| !n.to_string_lossy().starts_with('.'))
                })
                .collect()
        })
        .unwrap_or_default();
    all.sort();
    all
}

/// `20261125T144012`, Beijing time: after every existing release in name order, so that name
/// order is build order (`…-002`, `…-003` within one second, or when the clock went back).
fn release_name(dir: &Path) -> String {
    let now = crate::unix_now();
    let t = Timestamp(now).in_shanghai();
    let base = format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}",
        t.year,
        t.month,
        t.day,
        t.hour,
        t.minute,
        now.rem_euclid(60)
    );
    let last = releases(dir)
        .last()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()));
    match last {
        Some(last) if last >= base => {
            let (stem, n) = match last.rsplit_once('-') {
                Some((stem, n)) if n.len() == 3 => (stem.to_string(), n.parse().unwrap_or(1)),
                _ => (last.clone(), 1),
            };
            format!("{stem}-{:03}", n + 1)
        }
        _ => base,
    }
}

/// Points `SITE/current` at `releases/<name>` in one step: a new symlink renamed over it.
fn switch(site_dir: &Path, name: &str) -> Result<(), Error> {
    let link = site_dir.join(CURRENT);
    let temporary = site_dir.join(".current-switch");
    let _ = std::fs::remove_file(&temporary);
    std::os::unix::fs::symlink(Path::new(RELEASES).join(name), &temporary)
        .map_err(io_error(&temporary))?;
    std::fs::rename(&temporary, &link).map_err(io_error(&link))
}

/// Deletes all but the newest [`KEPT_RELEASES`], never the served one or the one before it.
fn prune(dir: &Path, current: &Path, previous: Option<&Path>) -> Vec<PathBuf> {
    let all = releases(dir);
    let surplus = all.len().saturating_sub(KEPT_RELEASES);
    let mut pruned = Vec::new();
    for old in all.into_iter().take(surplus) {
        if old != current
            && Some(old.as_path()) != previous
            && std::fs::remove_dir_all(&old).is_ok()
        {
            pruned.push(old);
        }
    }
    pruned
}

/// Copies the app's files (all of `app_dist` but `content/`, which the packer writes) into the
/// release being built, hard-linking those the previous release has the same.
fn copy_app(app_dist: &Path, under: &Path, out: &Output<'_>) -> Result<(), Error> {
    let here = app_dist.join(under);
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&here)
        .map_err(io_error(&here))?
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let Some(name) = path.file_name() else {
            continue;
        };
        let relative = under.join(name);
        if under.as_os_str().is_empty() && name == "content" {
            continue;
        }
        let target = out.root.join(&relative);
        if path.is_dir() {
            std::fs::create_dir_all(&target).map_err(io_error(&target))?;
            copy_app(app_dist, &relative, out)?;
        } else {
            let bytes = std::fs::read(&path).map_err(io_error(&path))?;
            out.write(&target, &bytes)?;
        }
    }
    Ok(())
}

/// Every file under `dir`, relative to it, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(relative) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(dir.join(&relative)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = relative.join(entry.file_name());
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}
