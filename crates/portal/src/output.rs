//! Writing files: the only code of the publisher that writes to the disk, from a release's
//! pages to the folder `portal import` builds and swaps in. A file is written only
//! when its bytes change, so a re-run after one new item rewrites only what that item changes,
//! and a web server's ETags stay put for the rest.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::Error;

/// Where a build writes, and the release before it.
pub struct Output<'a> {
    pub root: &'a Path,
    pub previous: Option<&'a Path>,
}

impl Output<'_> {
    /// Writes `bytes` to `path` (under the root) unless it already holds them; true when it
    /// wrote. The same bytes in the previous release are hard-linked (copied where links cannot
    /// be made). New bytes go to a temporary file first, renamed over the old one, so a reader
    /// never sees half a file.
    pub fn write(&self, path: &Path, bytes: &[u8]) -> Result<bool, Error> {
        if std::fs::read(path).is_ok_and(|old| old == bytes) {
            return Ok(false);
        }
        let fail = |error| Error::Io {
            path: path.to_path_buf(),
            error,
        };
        let earlier = self
            .previous
            .zip(path.strip_prefix(self.root).ok())
            .map(|(previous, relative)| previous.join(relative))
            .filter(|old| std::fs::read(old).is_ok_and(|old| old == bytes));
        if let Some(old) = earlier {
            let _ = std::fs::remove_file(path);
            if std::fs::hard_link(&old, path).is_err() {
                std::fs::copy(&old, path).map_err(fail)?;
            }
            return Ok(false);
        }
        let temporary = path.with_extension("portal-tmp");
        std::fs::write(&temporary, bytes).map_err(fail)?;
        std::fs::rename(&temporary, path).map_err(fail)?;
        Ok(true)
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
        if path.is_dir() {
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

/// A new folder beside `out` to build the import in.
pub fn staging_dir(out: &Path) -> Result<PathBuf, Error> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "content".into());
    let staging = parent.join(format!(".{name}.importing-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
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
