//! Writing files: the only code of the publisher that writes to the disk. A file is written only
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
