//! Which local files content may have copied into the folder `portal import` writes: a file
//! under the folder of the feed or site file that names it, once its path is canonicalised
//! (symlinks resolved), with no segment starting with `.`. A feed then cannot publish what sits
//! beside it but was never meant for the web: `.env`, `.ssh/id_rsa`, `.git/`, or a symlink to
//! a file elsewhere.

use std::path::{Path, PathBuf};

use crate::Error;

/// The file that `relative` (`/`-separated, as a URL's path writes it) names under `folder`:
/// [`Error::NotCopied`] when it may not be copied, [`Error::Source`] when it cannot be read.
pub fn under(folder: &Path, relative: &str) -> Result<PathBuf, Error> {
    let named = folder.join(relative);
    let refuse = |why| Error::NotCopied {
        path: named.clone(),
        why,
    };
    if relative
        .split('/')
        .any(|segment| segment.is_empty() || segment.starts_with('.'))
    {
        return Err(refuse(
            "a path with an empty segment or one starting with “.” (hidden files, `..`)",
        ));
    }
    let unreadable = |e: std::io::Error| Error::Source {
        name: named.display().to_string(),
        problem: format!("cannot be read ({e}), though the content names it"),
    };
    // `Path::new("")`, the folder of a file named without one, is the working folder.
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let root = folder.canonicalize().map_err(unreadable)?;
    let file = named.canonicalize().map_err(unreadable)?;
    let Ok(inside) = file.strip_prefix(&root) else {
        return Err(refuse(
            "outside the folder of the feed or site file that names it (a symlink out)",
        ));
    };
    if inside
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    {
        return Err(refuse("a symlink to a hidden file"));
    }
    if !file.is_file() {
        return Err(unreadable(std::io::Error::other("not a file")));
    }
    Ok(file)
}
