//! Writing files: the only code of the publisher that writes to the disk, from a release's
//! pages to the folder `portal import` builds and swaps in. A file is written only
//! when its bytes change, so a re-run after one new item rewrites only what that item changes,
//! and a web server's ETags stay put for the rest.

use std::collections::HashSet;
use std::ffi::CStr;
use std::fmt;
use std::io::Write;
use std::os::fd::{AsRawFd, BorrowedFd};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::prelink::Prelink;
use crate::Error;

/// The file-system calls that put a release on the disk, behind a trait so that a test can
/// record their order and check that nothing is renamed into place before it is synced
/// (tests/publisher/attacks_release.rs). [`RealDisk`] makes them.
pub trait Disk: fmt::Debug + Sync {
    /// Creates `path` holding `bytes`; fails if anything, a symlink included, is there.
    fn create_new(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()>;
    /// Creates the folder `path`; fails if anything is there.
    fn create_dir(&self, path: &Path) -> std::io::Result<()>;
    /// Makes `to` the same file as `from` (a hard link, a copy where links cannot be made).
    fn link_or_copy(&self, from: &Path, to: &Path) -> std::io::Result<()>;
    /// Makes `name` in the folder `to` the same file as `name` in the folder `from`, a hard
    /// link made by folder handles (src/prelink.rs); fails if anything is there.
    fn link_in(&self, from: BorrowedFd<'_>, to: BorrowedFd<'_>, name: &CStr)
        -> std::io::Result<()>;
    /// Creates the symlink `link` pointing at `target`; fails if anything is there.
    fn symlink(&self, target: &Path, link: &Path) -> std::io::Result<()>;
    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()>;
    /// Writes everything the file system holding `on` has in memory to the disk.
    fn sync_fs(&self, on: &Path) -> std::io::Result<()>;
    /// Writes the folder `dir` itself (its entries) to the disk.
    fn sync_dir(&self, dir: &Path) -> std::io::Result<()>;
}

/// The disk itself.
#[derive(Debug)]
pub struct RealDisk;

impl Disk for RealDisk {
    fn create_new(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)?
            .write_all(bytes)
    }

    fn create_dir(&self, path: &Path) -> std::io::Result<()> {
        std::fs::create_dir(path)
    }

    fn link_or_copy(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        if std::fs::hard_link(from, to).is_err() {
            let bytes = std::fs::read(from)?;
            self.create_new(to, &bytes)?;
        }
        Ok(())
    }

    fn link_in(
        &self,
        from: BorrowedFd<'_>,
        to: BorrowedFd<'_>,
        name: &CStr,
    ) -> std::io::Result<()> {
        rustix::fs::linkat(from, name, to, name, rustix::fs::AtFlags::empty())?;
        Ok(())
    }

    fn symlink(&self, target: &Path, link: &Path) -> std::io::Result<()> {
        std::os::unix::fs::symlink(target, link)
    }

    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        std::fs::rename(from, to)
    }

    /// One syncfs(2) for the whole release instead of an fsync per file: a 10,000-item build
    /// writes 25,347 files, a 100,000-item one 249,479 (bench/generate.mjs). Measured with
    /// `strace -T` on a loaded shared machine: 0.80 s for the 10,000-item build (51 s in all),
    /// 0.18 s for its rebuild, 0.20 s for the 100,000-item one (367 s in all: the kernel had
    /// written most of it back already).
    fn sync_fs(&self, on: &Path) -> std::io::Result<()> {
        let folder = std::fs::File::open(on)?;
        // SAFETY: syncfs on a descriptor owned by `folder`, open for the call.
        if unsafe { libc::syncfs(folder.as_raw_fd()) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(())
    }

    fn sync_dir(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::File::open(dir)?.sync_all()
    }
}

/// The most a build may write: files and bytes of the output, unchanged and hard-linked files
/// included. A 1 MB JSON Feed of 10,000 tiny items made a 119 MB release of 21,062 files, and
/// the 256 MB a source may be extrapolates to about 30 GB: a build stops at its cap with a clear
/// error instead of filling the disk, and the served release stays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caps {
    pub max_files: u64,
    pub max_bytes: u64,
}

/// `--max-files`: a 100,000-item build writes 249,479 files.
pub const DEFAULT_MAX_FILES: u64 = 1_000_000;
/// `--max-megabytes`: a 100,000-item build writes 3,397 MB.
pub const DEFAULT_MAX_MEGABYTES: u64 = 12_000;

impl Default for Caps {
    fn default() -> Self {
        Caps {
            max_files: DEFAULT_MAX_FILES,
            max_bytes: DEFAULT_MAX_MEGABYTES * 1_000_000,
        }
    }
}

/// What one build has written so far, against its [`Caps`]. Counted atomically: pages and
/// article files are written from several threads at once (src/build.rs).
#[derive(Debug, Default)]
pub struct Tally {
    pub caps: Caps,
    files: AtomicU64,
    bytes: AtomicU64,
}

impl Tally {
    pub fn new(caps: Caps) -> Self {
        Tally {
            caps,
            ..Tally::default()
        }
    }

    /// Counts one more file of `len` bytes, or says which cap it passes. A build that passes
    /// a cap stops, so what is counted past it does not matter.
    fn count(&self, path: &Path, len: u64) -> Result<(), Error> {
        let files = self.files.fetch_add(1, Ordering::Relaxed) + 1;
        let bytes = self
            .bytes
            .fetch_add(len, Ordering::Relaxed)
            .saturating_add(len);
        let over = if files > self.caps.max_files {
            Some(("files", self.caps.max_files, "--max-files"))
        } else if bytes > self.caps.max_bytes {
            Some(("MB", self.caps.max_bytes / 1_000_000, "--max-megabytes"))
        } else {
            None
        };
        if let Some((what, limit, flag)) = over {
            return Err(Error::OverCap {
                path: path.to_path_buf(),
                what,
                limit,
                flag,
            });
        }
        Ok(())
    }
}

/// Where a build writes, and the release before it.
pub struct Output<'a> {
    pub root: &'a Path,
    /// The root is a release being built (src/release.rs): a folder this build made or took
    /// back, under a name nobody can guess, that nobody serves before it is complete, and that
    /// holds nothing but what this build put there: the served release's files, each a plain
    /// file, linked by [`prelink`](Output::prelink), and what it writes. A file not claimed from
    /// the prelink is created in place, without a temporary name and a rename.
    pub fresh: bool,
    pub previous: Option<&'a Path>,
    /// The files of the served release being linked into a [`fresh`](Output::fresh) root on
    /// a thread of their own (src/prelink.rs): the first write waits for it, and each file
    /// written or linked is claimed from it.
    pub prelink: Option<&'a Prelink>,
    pub disk: &'a dyn Disk,
    pub tally: &'a Tally,
    /// The folders of this build's paths, under the root or the release before, already found
    /// (or made) plain.
    pub plain_folders: PlainFolders,
}

/// Folders a build has found to be plain folders (not symlinks), or made: each is looked at
/// once, not once for every path through it. Every step of every path looked at took about
/// three `statx` calls a page, 7% of the samples of a one-new-item build at 100k items (perf).
/// A folder is only ever added after it was checked or made by this build, and the release
/// being built is under a name nobody could guess beforehand (src/release.rs).
#[derive(Debug, Default)]
pub struct PlainFolders(Mutex<HashSet<PathBuf>>);

impl PlainFolders {
    fn contains(&self, folder: &Path) -> bool {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(folder)
    }

    fn insert(&self, folder: PathBuf) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(folder);
    }
}

impl Output<'_> {
    /// Writes `bytes` to `path` (under the root, its folders made) unless it already holds
    /// them; true when it wrote. The same bytes in the previous release are hard-linked (copied
    /// where links cannot be made). New bytes go to a temporary file first, created new under a
    /// random name, then renamed over the old one, so a reader never sees half a file. A path
    /// with a symlink in it under the root is refused: planted in a `--dist` folder, one wrote a
    /// page outside it, and a temporary file's name pointing outside overwrote a file there.
    ///
    /// In a [`fresh`](Output::fresh) root nothing is replaced under a reader: a path that is not
    /// the served release's file linked there beforehand is created new in place, which saves
    /// a failed open, a getrandom and a rename (a second change of the folder) for each file
    /// written. A path written before in the same build (`index.html`, copied from the app,
    /// then the home page), or the served release's file with other bytes, is replaced the
    /// usual way.
    pub fn write(&self, path: &Path, bytes: &[u8]) -> Result<bool, Error> {
        self.tally.count(path, bytes.len() as u64)?;
        // The served release's file, linked here already: kept if it holds these bytes,
        // replaced otherwise (never written through: the served release has the same inode).
        // Claimed first: the folders are made once the linking is done.
        let linked = self.claim(path)?.is_some();
        self.make_parents(path)?;
        let fail = |error| Error::Io {
            path: path.to_path_buf(),
            error,
        };
        if (linked || !self.fresh) && std::fs::read(path).is_ok_and(|old| old == bytes) {
            return Ok(false);
        }
        let earlier = self
            .previous
            .filter(|_| !linked)
            .zip(path.strip_prefix(self.root).ok())
            .map(|(previous, relative)| previous.join(relative))
            .filter(|old| std::fs::read(old).is_ok_and(|old| old == bytes));
        if let Some(old) = earlier {
            self.link_over(&old, path).map_err(fail)?;
            return Ok(false);
        }
        if self.fresh && !linked {
            match self.disk.create_new(path, bytes) {
                Ok(()) => return Ok(true),
                // Written before in this build: replaced below, after a comparison.
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                    if std::fs::read(path).is_ok_and(|old| old == bytes) {
                        return Ok(false);
                    }
                }
                Err(error) => {
                    // Half a file in a folder that is never served: the build fails and the
                    // folder is removed, but not a file that is left for the next run to find.
                    let _ = std::fs::remove_file(path);
                    return Err(fail(error));
                }
            }
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temporary = path.with_file_name(format!(".{name}.{}.portal-tmp", random_name()));
        if let Err(error) = self.disk.create_new(&temporary, bytes) {
            let _ = std::fs::remove_file(&temporary);
            return Err(fail(error));
        }
        self.disk.rename(&temporary, path).map_err(fail)?;
        Ok(true)
    }

    /// Makes `path` the file at the same place in the previous release, a hard link to it, when
    /// there is one: a plain file reached through plain folders; its size, `None` when there is
    /// none.
    pub fn link_previous(&self, path: &Path) -> Result<Option<u64>, Error> {
        if let Some(len) = self.claim(path)? {
            self.tally.count(path, len)?;
            return Ok(Some(len));
        }
        let Some((previous, relative)) = self.previous.zip(path.strip_prefix(self.root).ok())
        else {
            return Ok(None);
        };
        // Not through a symlink anywhere below the release before: a folder of it replaced by
        // a link elsewhere would publish whatever file is there, unread and uncompared
        // (release.rs, a_symlink_or_a_forged_pages_json_in_the_release_before_publishes_nothing_of_theirs).
        let Some(meta) = self.plain_file_under(previous, relative) else {
            return Ok(None);
        };
        let old = previous.join(relative);
        self.tally.count(path, meta.len())?;
        self.make_parents(path)?;
        self.link_over(&old, path).map_err(|error| Error::Io {
            path: path.to_path_buf(),
            error,
        })?;
        Ok(Some(meta.len()))
    }

    /// Claims `path` from the files of the served release linked into the root beforehand
    /// (waiting for them the first time): its size when it is one of them.
    fn claim(&self, path: &Path) -> Result<Option<u64>, Error> {
        let Some(prelink) = self.prelink else {
            return Ok(None);
        };
        let prelinked = prelink.ready()?;
        Ok(path
            .strip_prefix(self.root)
            .ok()
            .and_then(|relative| prelinked.claim(relative)))
    }

    /// Links `old` at `path`, replacing what is there. In a [`fresh`](Output::fresh) root
    /// nothing is there but a file written before in the same build, so the link is tried
    /// first: clearing the path first failed for 25,973 of the 25,976 files a 10k-item build
    /// linked (strace).
    fn link_over(&self, old: &Path, path: &Path) -> std::io::Result<()> {
        if self.fresh {
            match self.disk.link_or_copy(old, path) {
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
                done => return done,
            }
        }
        let _ = std::fs::remove_file(path);
        self.disk.link_or_copy(old, path)
    }

    /// Whether `path` has a symlink in it below the root (itself included).
    pub fn has_symlink(&self, path: &Path) -> bool {
        let Ok(relative) = path.strip_prefix(self.root) else {
            return true;
        };
        let mut here = self.root.to_path_buf();
        relative.components().any(|c| {
            here.push(c);
            std::fs::symlink_metadata(&here).is_ok_and(|m| m.file_type().is_symlink())
        })
    }

    /// Makes the folders of `path` under the root, one at a time, refusing a symlink among
    /// them or at `path` itself, and anything that is not a plain path under the root.
    fn make_parents(&self, path: &Path) -> Result<(), Error> {
        let refuse = |why: &str| Error::Io {
            path: path.to_path_buf(),
            error: std::io::Error::new(std::io::ErrorKind::InvalidInput, why.to_string()),
        };
        let relative = path
            .strip_prefix(self.root)
            .map_err(|_| refuse("not written: outside the folder being built"))?;
        let mut here = self.root.to_path_buf();
        let mut components = relative.components().peekable();
        while let Some(component) = components.next() {
            let Component::Normal(name) = component else {
                return Err(refuse("not written: not a plain path"));
            };
            here.push(name);
            if components.peek().is_none() {
                // The file itself: written through, a symlink there would write elsewhere. A
                // fresh root holds only what this build put there, plain files, so nothing is
                // looked for there (that look failed for 25,975 of a 10k build's files, strace).
                if self.fresh {
                    return Ok(());
                }
                return match std::fs::symlink_metadata(&here) {
                    Ok(meta) if meta.file_type().is_symlink() => Err(symlink_refused(here)),
                    _ => Ok(()),
                };
            }
            if self.plain_folders.contains(&here) {
                continue;
            }
            // Made first, looked at only when something is there: in a release being built
            // nearly every folder is new.
            match self.disk.create_dir(&here) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    match std::fs::symlink_metadata(&here) {
                        Ok(meta) if meta.file_type().is_symlink() => {
                            return Err(symlink_refused(here))
                        }
                        // A file where a folder should be: the write under it fails.
                        Ok(meta) if !meta.is_dir() => return Ok(()),
                        _ => {}
                    }
                }
                Err(e) => return Err(Error::io(here)(e)),
            }
            self.plain_folders.insert(here.clone());
        }
        Ok(())
    }

    /// The metadata of `base/relative` when it is a plain file reached through plain folders:
    /// no symlink at any step below `base`, and `relative` only names (no `..`, no root). Each
    /// folder on the way is looked at once a build ([`PlainFolders`]).
    pub fn plain_file_under(&self, base: &Path, relative: &Path) -> Option<std::fs::Metadata> {
        let mut here = base.to_path_buf();
        let mut components = relative.components().peekable();
        while let Some(component) = components.next() {
            let Component::Normal(name) = component else {
                return None;
            };
            here.push(name);
            if components.peek().is_none() {
                // symlink_metadata: a symlink is not a file here.
                return std::fs::symlink_metadata(&here)
                    .ok()
                    .filter(std::fs::Metadata::is_file);
            }
            if self.plain_folders.contains(&here) {
                continue;
            }
            if !std::fs::symlink_metadata(&here).is_ok_and(|m| m.is_dir()) {
                return None;
            }
            self.plain_folders.insert(here.clone());
        }
        None
    }
}

/// What a symlink met in the output folder makes a write fail with.
fn symlink_refused(at: PathBuf) -> Error {
    const WHY: &str = "a symlink in the output folder, which no build makes: refused, nothing written through it; remove it";
    Error::Io {
        path: at,
        error: std::io::Error::new(std::io::ErrorKind::InvalidInput, WHY),
    }
}

/// 16 hex digits from the kernel's random source, for names nobody can guess and plant a file
/// or a symlink at beforehand.
pub fn random_name() -> String {
    let mut bytes = [0u8; 8];
    // SAFETY: getrandom writes at most `bytes.len()` bytes into the buffer it is given.
    let got = unsafe { libc::getrandom(bytes.as_mut_ptr().cast(), bytes.len(), 0) };
    if usize::try_from(got).ok() != Some(bytes.len()) {
        // Without it (a kernel before 3.17): the clock and the PID, still never reused, as every
        // user creates the name with create_new or create_dir.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        bytes = ((nanos as u64) ^ (u64::from(std::process::id()) << 32)).to_le_bytes();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn create_parent(path: &Path) -> Result<(), Error> {
    match path.parent() {
        Some(parent) => std::fs::create_dir_all(parent).map_err(|error| Error::Io {
            path: parent.to_path_buf(),
            error,
        }),
        None => Ok(()),
    }
}

/// Removes every file under `dir` that is not in `keep` (and folders left empty); returns
/// what went. The packed folder is the packer's alone: what it did not write this time is
/// content that is gone (an article taken out) or left from the authored copy Trunk made.
pub fn remove_unlisted(dir: &Path, keep: &HashSet<PathBuf>) -> Result<Vec<PathBuf>, Error> {
    let mut removed = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(removed);
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // A symlink is removed as a file, never followed: planted to a folder outside, it
        // would have had that folder's files deleted.
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            removed.extend(remove_unlisted(&path, keep)?);
            let _ = std::fs::remove_dir(&path);
        } else if !keep.contains(&path) {
            std::fs::remove_file(&path).map_err(|error| Error::Io {
                path: path.clone(),
                error,
            })?;
            removed.push(path);
        }
    }
    removed.sort();
    Ok(removed)
}

/// Writes `bytes` to `path` in a folder being made (nothing to compare with), with its parents.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    create_parent(path)?;
    std::fs::write(path, bytes).map_err(Error::io(path))
}

/// A new folder beside `out` to build the import in. The caller holds `out`'s lock, so a
/// folder of another run found there is one a killed run left (sync's lasts a whole build, a
/// full copy of the content), and is removed.
pub fn staging_dir(out: &Path) -> Result<PathBuf, Error> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "content".into());
    let prefix = format!(".{name}.importing-");
    for entry in std::fs::read_dir(parent).into_iter().flatten().flatten() {
        let left = entry.file_name().to_string_lossy().starts_with(&prefix);
        // Not through a symlink of that name: only a real folder is removed.
        if left && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let staging = parent.join(format!("{prefix}{}", std::process::id()));
    std::fs::create_dir_all(&staging).map_err(|error| Error::Io {
        path: staging.clone(),
        error,
    })?;
    Ok(staging)
}

/// Puts `staging` in the place of `out`: the old folder is moved aside, the new one renamed in,
/// the old one deleted. If the rename fails, the old folder is put back.
pub fn swap_in(staging: &Path, out: &Path) -> Result<(), Error> {
    let fail = |path: &Path| {
        let path = path.to_path_buf();
        move |error| Error::Io { path, error }
    };
    if !out.exists() {
        return std::fs::rename(staging, out).map_err(fail(out));
    }
    let aside = staging.with_extension("previous");
    let _ = std::fs::remove_dir_all(&aside);
    std::fs::rename(out, &aside).map_err(fail(out))?;
    if let Err(error) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(&aside, out);
        return Err(Error::Io {
            path: out.to_path_buf(),
            error,
        });
    }
    let _ = std::fs::remove_dir_all(&aside);
    Ok(())
}
