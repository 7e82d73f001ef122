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
use std::time::Instant;

use crate::build::{build_beside, BuildOptions, BuildReport, InRelease};
use crate::inputs::{self, Manifest, Rendered};
use crate::lock;
use crate::output::{random_name, Disk, Output, RealDisk};
use crate::prelink::Prelink;
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
    /// Files the previous release had and this one has not (relative paths): listed by
    /// [`publish_release`], whose report names them, and not by `portal sync`, which says
    /// nothing of them. Listing walks both releases: at 100k items, 510,000 files and 6.8% of
    /// a one-new-item sync's perf samples.
    pub removed: Vec<PathBuf>,
    /// Old releases deleted.
    pub pruned: Vec<PathBuf>,
    /// When `path` began to be served; `None` when nothing was built. What follows the switch
    /// (deleting the oldest release: 255k files at 100k items) does not delay readers.
    pub served_at: Option<Instant>,
    /// Nothing was built: the inputs are those the release served was made from, and no
    /// embargo has ended since (src/inputs.rs). `path` is that release, `previous` is `None`,
    /// and the report holds only the manifest's counts.
    pub unchanged: bool,
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
/// release of `site_dir`, then serves it: under the site's lock and the content's
/// (src/lock.rs), in a building folder of its own, made durable before the switch.
pub fn publish_release(
    content: &Path,
    app_dist: &Path,
    site_dir: &Path,
    site: &SiteUrl,
    options: &BuildOptions,
) -> Result<Release, Error> {
    refuse_overlap(site_dir, &[("--content", content), ("--dist", app_dist)])?;
    let _site_lock = lock::site_lock(site_dir)?;
    let _content_lock = lock::folder_lock(content)?;
    let mut release = publish_locked(content, app_dist, site_dir, site, options)?;
    // Under the site's lock still: no other run prunes the release before meanwhile.
    if let Some(previous) = &release.previous {
        release.removed = files_gone(previous, &release.path);
    }
    Ok(release)
}

/// [`publish_release`] for a caller that holds the site's lock and the content's already
/// (`portal sync`, which holds them from its first fetch to the switch).
pub(crate) fn publish_locked(
    content: &Path,
    app_dist: &Path,
    site_dir: &Path,
    site: &SiteUrl,
    options: &BuildOptions,
) -> Result<Release, Error> {
    refuse_overlap(site_dir, &[("--content", content), ("--dist", app_dist)])?;
    let disk = options.disk;
    let releases = site_dir.join(RELEASES);
    std::fs::create_dir_all(&releases).map_err(io_error(&releases))?;
    remove_stale_builds(&releases);
    let previous = current_release(site_dir);
    let now = options.now.unwrap_or_else(crate::unix_now);
    // Taken before the build reads anything: a file changed while it runs makes the next
    // build's digest differ, so that change is built then.
    let digest = inputs::digest(
        content,
        app_dist,
        site,
        inputs::Options {
            force: options.force,
        },
    );
    if let (Some(digest), Some(current), Some(manifest)) =
        (&digest, &previous, Manifest::read(site_dir))
    {
        if manifest.still_holds(digest, &file_name(current), now) {
            return Ok(Release {
                report: BuildReport {
                    items: manifest.items,
                    held: manifest.held,
                    next_embargo: manifest.next_embargo,
                    ..BuildReport::default()
                },
                path: current.clone(),
                previous: None,
                removed: Vec::new(),
                pruned: Vec::new(),
                served_at: None,
                unchanged: true,
            });
        }
    }
    let name = release_name(&releases);
    // A new name, unguessable: the folder is made there (create_dir fails on a folder that is
    // there), or the oldest release renamed to it.
    let building = releases.join(format!("{BUILDING}{name}-{}", random_name()));
    // The release the prune after this build would delete, taken back to be built in: it holds
    // nearly all of the served release's files already, the same inodes (src/prelink.rs).
    let taken_back = previous
        .as_deref()
        .is_some_and(|served| take_back(disk, &releases, served, &building));
    if !taken_back {
        disk.create_dir(&building).map_err(io_error(&building))?;
    }
    let outcome = std::thread::scope(|scope| {
        // The taken-back folder is made the served release's on a thread of its own while the
        // content is read and checked (src/prelink.rs). Into an empty folder that thread was
        // slower than the build's own links (it made all 255,357 at 100k items, ~3 s, and the
        // build waited: served after 6.5–6.9 s, against 5.6–6.0 s): there the build links
        // each file it finds unchanged.
        let prelink = previous
            .as_deref()
            .filter(|_| taken_back)
            .map(|served| Prelink::start(scope, disk, served, &building));
        // What the served release's pages were made from, if its manifest says so. Kept while
        // this build runs: it names that release, so it is never read for another one, and a
        // build that fails does not cost the next one its links.
        let rendered = previous
            .as_deref()
            .and_then(|current| Rendered::read(site_dir, &file_name(current)));
        // From here the manifest may name a release that is no longer the one built from it.
        Manifest::remove(site_dir);
        let report = build_beside(
            content,
            &building,
            site,
            options,
            Some(InRelease {
                previous: previous.as_deref(),
                rendered: rendered.as_ref(),
                app: app_dist,
                prelink: prelink.as_ref(),
            }),
        )?;
        if let Some(prelink) = &prelink {
            prelink.ready()?.sweep(&building)?;
        }
        Ok(report)
    });
    let mut report = match outcome {
        Ok(report) => report,
        Err(error) => {
            let _ = std::fs::remove_dir_all(&building);
            return Err(error);
        }
    };
    let path = releases.join(&name);
    disk.rename(&building, &path).map_err(io_error(&path))?;
    // The report names files where they now are.
    let moved = |p: &mut PathBuf| {
        if let Ok(relative) = p.strip_prefix(&building) {
            *p = path.join(relative);
        }
    };
    report.written.iter_mut().for_each(moved);
    report.content_removed.iter_mut().for_each(moved);
    switch(disk, site_dir, &name)?;
    let served_at = Instant::now();
    // The release is served whether or not its line is written: a history that missed it is
    // made to agree with `current` when read (see [`served`]).
    let _ = record(site_dir, "served", &name);
    if let Some(digest) = digest {
        let manifest = Manifest::new(
            digest,
            name.clone(),
            report.items,
            report.held,
            report.next_embargo.clone(),
        );
        // Not written: the next build is a full one, which is all a manifest saves.
        let _ = manifest.write(site_dir);
    }
    // Not written: the next build renders every page, which is all it saves.
    let mut rendered = std::mem::take(&mut report.rendered);
    rendered.release.clone_from(&name);
    let _ = rendered.write(site_dir);
    let pruned = prune(&releases, &path, previous.as_deref());
    Ok(Release {
        report,
        path,
        previous,
        removed: Vec::new(),
        pruned,
        served_at: Some(served_at),
        unchanged: false,
    })
}

/// Serves again the release served before the current one (by the site's history, so a
/// release rolled back is never served again unless named), or, with `to`, the release of that
/// name; returns (from, to).
pub fn rollback(site_dir: &Path, to: Option<&str>) -> Result<(PathBuf, PathBuf), Error> {
    let _site_lock = lock::site_lock(site_dir)?;
    let no_earlier = |why: String| Error::Io {
        path: site_dir.join(CURRENT),
        error: std::io::Error::new(std::io::ErrorKind::NotFound, why),
    };
    let current =
        current_release(site_dir).ok_or_else(|| no_earlier("no release is served".into()))?;
    let releases = site_dir.join(RELEASES);
    let current_name = file_name(&current);
    let (target, verb) = match to {
        Some(name) => {
            let named = releases.join(name);
            let plain = Path::new(name)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)))
                && !name.starts_with('.')
                && !name.contains('/');
            if !plain || !named.is_dir() {
                return Err(no_earlier(format!(
                    "no release named {name} under releases/ (there are: {})",
                    releases_of(&releases).join(", ")
                )));
            }
            (name.to_string(), "served")
        }
        None => {
            let stack = served(site_dir, &current_name);
            let earlier = stack
                .iter()
                .rev()
                .skip(1)
                .find(|name| releases.join(name).is_dir())
                .ok_or_else(|| {
                    no_earlier(format!(
                        "no release was served before {current_name} that is still there (portal rollback --to NAME serves one by name: {})",
                        releases_of(&releases).join(", ")
                    ))
                })?;
            (earlier.clone(), "rolled-back")
        }
    };
    if target == current_name {
        return Err(no_earlier(format!(
            "{target} is the release served already"
        )));
    }
    switch(&RealDisk, site_dir, &target)?;
    // As in publish_release: a line missed is mended when the history is read.
    let _ = match verb {
        "served" => record(site_dir, "served", &target),
        _ => record(site_dir, "rolled-back", &current_name),
    };
    Ok((current, releases.join(target)))
}

/// The history of a site folder: one line an event, `served NAME TIME` or
/// `rolled-back NAME TIME`, appended under the site's lock. Replayed, it is the stack of
/// releases served, the current one last: a build or `rollback --to` pushes, a rollback pops.
const HISTORY: &str = "history";

/// The stack of served releases, made to agree with what `current` points at (a run killed
/// between the switch and its line in the history left them apart).
fn served(site_dir: &Path, current: &str) -> Vec<String> {
    let text = std::fs::read_to_string(site_dir.join(HISTORY)).unwrap_or_default();
    let mut stack: Vec<String> = Vec::new();
    for line in text.lines() {
        let mut words = line.split(' ');
        match (words.next(), words.next()) {
            (Some("served"), Some(name)) if stack.last().is_none_or(|top| top != name) => {
                stack.push(name.to_string())
            }
            (Some("rolled-back"), Some(name)) if stack.last().is_some_and(|top| top == name) => {
                stack.pop();
            }
            _ => {}
        }
    }
    match stack.iter().rposition(|name| name == current) {
        Some(at) => stack.truncate(at + 1),
        None => stack.push(current.to_string()),
    }
    stack
}

/// Appends `verb NAME TIME` to the history, and makes it durable.
fn record(site_dir: &Path, verb: &str, name: &str) -> Result<(), Error> {
    use std::io::Write;
    let path = site_dir.join(HISTORY);
    let line = format!(
        "{verb} {name} {}\n",
        Timestamp(crate::unix_now()).rfc3339_shanghai()
    );
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .and_then(|mut file| {
            file.write_all(line.as_bytes())?;
            file.sync_data()
        })
        .map_err(io_error(&path))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The names of the release folders, oldest first.
fn releases_of(dir: &Path) -> Vec<String> {
    releases(dir).iter().map(|p| file_name(p)).collect()
}

/// Refuses a site folder inside one of `others` or holding one: a release copied itself into
/// the content, and the next builds failed with "File name too long".
pub(crate) fn refuse_overlap(site_dir: &Path, others: &[(&str, &Path)]) -> Result<(), Error> {
    let site = resolved(site_dir);
    for (flag, other) in others {
        let other_path = resolved(other);
        let (inner, outer) = if site.starts_with(&other_path) {
            ("--out", *flag)
        } else if other_path.starts_with(&site) {
            (*flag, "--out")
        } else {
            continue;
        };
        return Err(Error::Usage(format!(
            "{inner} is inside {outer} (--out {}, {flag} {}): a release would copy itself into what it is built from; use folders apart",
            site_dir.display(),
            other.display()
        )));
    }
    Ok(())
}

/// `path` made absolute with symlinks resolved as far as it exists.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            return rest.iter().rev().fold(real, |p, c| p.join(c));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
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

/// Points `SITE/current` at `releases/<name>` in one step, durably: a new symlink (under a
/// random name, created new) is made, the file system is synced (one syncfs(2): the release's
/// files and folders, and the symlink, are on the disk), the symlink is renamed over `current`,
/// and the site folder is synced so that the rename is on the disk too. Without the sync, a
/// power cut at the wrong moment could leave `current` switched to a release of empty files.
fn switch(disk: &dyn Disk, site_dir: &Path, name: &str) -> Result<(), Error> {
    let link = site_dir.join(CURRENT);
    let temporary = site_dir.join(format!(".current-{}", random_name()));
    disk.symlink(&Path::new(RELEASES).join(name), &temporary)
        .map_err(io_error(&temporary))?;
    let switched = disk
        .sync_fs(site_dir)
        .and_then(|()| disk.rename(&temporary, &link));
    if let Err(error) = switched {
        let _ = std::fs::remove_file(&temporary);
        return Err(io_error(&link)(error));
    }
    disk.sync_dir(site_dir).map_err(io_error(site_dir))
}

/// Renames the oldest release to `building` when the prune after this build would delete it
/// ([`prune`]: there are [`KEPT_RELEASES`] or more, and it is not the one `served`); true when
/// `building` is then that release's folder. Only a plain folder on the served release's file
/// system, with its owner, is taken (`releases` may hold a symlink, which [`releases`] lists),
/// and it is looked at again under its new name: anything else found there is removed, and the
/// build makes a folder of its own. A build that fails after this has cost that release early,
/// which its success would have pruned.
fn take_back(disk: &dyn Disk, releases_dir: &Path, served: &Path, building: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let all = releases(releases_dir);
    let Some(oldest) = all.first().filter(|_| all.len() >= KEPT_RELEASES) else {
        return false;
    };
    let (Ok(before), Ok(served)) = (std::fs::symlink_metadata(oldest), std::fs::metadata(served))
    else {
        return false;
    };
    let id = |m: &std::fs::Metadata| (m.dev(), m.ino());
    // Someone else's folder (made in `releases/` by another user who may write there) would
    // be theirs still once served.
    if !before.is_dir()
        || before.dev() != served.dev()
        || before.uid() != served.uid()
        || id(&before) == id(&served)
    {
        return false;
    }
    if disk.rename(oldest, building).is_err() {
        return false;
    }
    match std::fs::symlink_metadata(building) {
        Ok(now) if now.is_dir() && id(&now) == id(&before) => true,
        Ok(now) => {
            let _ = if now.is_dir() {
                std::fs::remove_dir_all(building)
            } else {
                std::fs::remove_file(building)
            };
            false
        }
        Err(_) => false,
    }
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
pub(crate) fn copy_app(app_dist: &Path, under: &Path, out: &Output<'_>) -> Result<(), Error> {
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
        let kind = std::fs::symlink_metadata(&path).map_err(io_error(&path))?;
        if kind.file_type().is_symlink() {
            // Followed, it would publish whatever it points at.
            return Err(Error::Io {
                path,
                error: std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "a symlink in the app's folder, which trunk never makes: refused",
                ),
            });
        }
        if kind.is_dir() {
            copy_app(app_dist, &relative, out)?;
        } else {
            let bytes = std::fs::read(&path).map_err(io_error(&path))?;
            out.write(&target, &bytes)?;
        }
    }
    Ok(())
}

/// The files of the release `before` that the release `now` has not, in order.
fn files_gone(before: &Path, now: &Path) -> Vec<PathBuf> {
    let now = files_under(now);
    files_under(before)
        .into_iter()
        .filter(|f| now.binary_search(f).is_err())
        .collect()
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
