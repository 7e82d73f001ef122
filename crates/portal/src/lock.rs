//! One writer at a time. `portal build --out SITE` and `portal rollback` hold `SITE/.lock`
//! (SITE outlives its releases); `portal import` and `portal build` hold a lock file *beside*
//! the content folder (`content.lock` next to `content/`), since import replaces the folder by
//! rename and a lock inside it would leave with it. `portal build` into a `--dist` folder holds
//! `dist.lock` beside it the same way.
//!
//! The locks are `flock(2)` locks, taken without waiting: a second run exits at once with
//! [`LOCKED_EXIT`] and one line naming the holder's PID and start time, which the holder wrote
//! into the lock file. The kernel drops a lock when its holder exits, `kill -9` included, so a
//! lock left by a dead run is simply free: the file stays, naming the last holder, and the next
//! run takes it.
//!
//! Without them, two builds at once into one SITE shared a building folder and one exited 0
//! serving 622 pages of one build and 17 of the other; an import that swapped `content/` in
//! during a build gave a release with no `content/images/` (issue 20, row 4).

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};

use portal_core::model::date::Timestamp;

use crate::Error;

/// The exit status of a run that found its lock held: `EX_TEMPFAIL` of sysexits.h, "try again
/// later", which timers and CI scripts can tell from a failed run.
pub const LOCKED_EXIT: u8 = 75;

/// The lock file of a site folder.
pub const SITE_LOCK: &str = ".lock";

/// A held lock: released when dropped (the file is closed), or when the process ends.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// `SITE/.lock`.
pub fn site_lock(site_dir: &Path) -> Result<Lock, Error> {
    std::fs::create_dir_all(site_dir).map_err(Error::io(site_dir))?;
    acquire(&site_dir.join(SITE_LOCK))
}

/// The lock file beside `folder`: `content.lock` for `…/content` (the folder need not exist).
pub fn beside(folder: &Path) -> Result<PathBuf, Error> {
    // One folder, one lock file, however it is named: `content`, `./content/`, `../x/content`.
    // The parent is resolved, the folder itself not: it may not exist yet, and import renames
    // a new one into its place.
    let absolute = std::path::absolute(folder).map_err(Error::io(folder))?;
    let whole = match (absolute.parent(), absolute.file_name()) {
        (Some(_), Some(_)) => absolute,
        // `/`, or a path ending in `..`: only the folder it names can tell.
        _ => std::fs::canonicalize(folder).map_err(Error::io(folder))?,
    };
    let (Some(parent), Some(name)) = (whole.parent(), whole.file_name()) else {
        return Err(Error::Usage(format!(
            "{}: a folder with a name is needed, to lock it by a file beside it",
            folder.display()
        )));
    };
    let parent = std::fs::canonicalize(parent).unwrap_or_else(|_| parent.to_path_buf());
    let mut lock = name.to_os_string();
    lock.push(".lock");
    Ok(parent.join(lock))
}

/// The lock beside `folder` (see [`beside`]).
pub fn folder_lock(folder: &Path) -> Result<Lock, Error> {
    let path = beside(folder)?;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(Error::io(parent))?;
    }
    acquire(&path)
}

/// Takes the lock of `path` without waiting, and writes this process's PID and start time into
/// it; [`Error::Locked`] names the holder when another process has it.
pub fn acquire(path: &Path) -> Result<Lock, Error> {
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(Error::io(path))?;
    // SAFETY: flock on a descriptor this function owns; it touches no memory.
    let taken = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if taken != 0 {
        let error = std::io::Error::last_os_error();
        if error.raw_os_error() != Some(libc::EWOULDBLOCK) {
            return Err(Error::Io {
                path: path.to_path_buf(),
                error,
            });
        }
        let mut holder = String::new();
        let _ = file.read_to_string(&mut holder);
        return Err(Error::Locked {
            path: path.to_path_buf(),
            holder: holder.trim().to_string(),
        });
    }
    let now = crate::unix_now();
    let line = format!(
        "PID {} since {}\n",
        std::process::id(),
        Timestamp(now).rfc3339_shanghai()
    );
    file.set_len(0)
        .and_then(|()| file.seek(SeekFrom::Start(0)))
        .and_then(|_| file.write_all(line.as_bytes()))
        .map_err(Error::io(path))?;
    Ok(Lock { _file: file })
}
