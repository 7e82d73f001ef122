//! The release being built, in the oldest release's folder taken back (src/release.rs), made to
//! hold the served release's files on a thread of its own while the build reads and checks the
//! content.
//!
//! A release holds every file of the site (255,357 at 100,000 items), nearly all of them the
//! served release's, hard-linked. Linked one at a time into an empty folder where the build found
//! a file unchanged, two threads waiting on each other's folder locks, and the oldest release
//! deleted after the switch, `linkat` and `unlinkat` were 18% and 10% of a one-new-item sync's
//! samples at 100,000 items (perf). In the taken-back folder nearly every file is the served
//! release's already: one `statat` each says so, and only the files changed in the last two
//! releases are linked again. The build then claims each file it would have linked
//! ([`Prelinked::claim`]), and replaces those it writes anew.
//!
//! Only plain files reached through plain folders are linked: each folder of the served
//! release is opened relative to its parent with `O_NOFOLLOW | O_DIRECTORY`, each file linked by
//! name between two folder handles, and what was linked is looked at where it now is, in the
//! folder being built: anything but a plain file (a file swapped for a symlink after the
//! folder was listed) is unlinked again, and a build whose unlink fails stops. In a release
//! taken back (src/release.rs), a file stays only if it is the served release's file (the same
//! inode), a folder only if it is the served release's owner's; the rest goes. What the build
//! did not claim when it ends is removed ([`Prelinked::sweep`]): the release holds what a
//! build into an empty folder would, file for file (tests/publisher/release.rs).

use std::collections::HashMap;
use std::ffi::{CStr, CString, OsStr};
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::thread::Scope;

use rustix::fs::{AtFlags, Dir, FileType, Mode, OFlags, Stat};

use crate::output::Disk;
use crate::Error;

/// The served release being linked into a release being built, on a thread of the caller's
/// scope; its outcome is waited for by the first write of the build ([`Prelink::ready`]).
pub struct Prelink {
    running: Mutex<Option<Receiver<Prelinked>>>,
    /// Set when the build is over before it waited (it failed): the thread stops linking.
    over: Arc<AtomicBool>,
    done: OnceLock<Option<Prelinked>>,
    building: PathBuf,
}

/// Files by path under the release, with their sizes. Hashed with foldhash: 255,357 paths are
/// put in and taken out at 100,000 items, where std's SipHash showed in the profile.
type Files = foldhash::HashMap<PathBuf, u64>;

/// What was linked.
#[derive(Debug, Default)]
pub struct Prelinked {
    /// The files linked and not claimed yet, by path under the release, with their sizes.
    unclaimed: Mutex<Files>,
    /// The folders made, by path under the release, parents first.
    folders: Vec<PathBuf>,
    /// A link that was not a plain file where it was made, and could not be removed: the
    /// build stops rather than publish it.
    stuck: Option<(PathBuf, std::io::Error)>,
}

impl Prelink {
    /// Starts making the folder `building` (the oldest release, taken back by this build) hold
    /// the files of `served`, on a thread of `scope`.
    pub fn start<'scope, 'env>(
        scope: &'scope Scope<'scope, 'env>,
        disk: &'env dyn Disk,
        served: &'env Path,
        building: &'env Path,
    ) -> Self {
        let (send, receive) = std::sync::mpsc::sync_channel(1);
        let over = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&over);
        scope.spawn(move || {
            let _ = send.send(link_release(disk, served, building, &stop));
        });
        Prelink {
            running: Mutex::new(Some(receive)),
            over,
            done: OnceLock::new(),
            building: building.to_path_buf(),
        }
    }

    /// What was linked, once the thread is done (waited for the first time). A thread that
    /// ended without saying what it linked (a panic, which the scope passes on) fails the
    /// build: files it linked would otherwise be neither claimed nor swept.
    pub fn ready(&self) -> Result<&Prelinked, Error> {
        let prelinked = self.done.get_or_init(|| {
            let running = self
                .running
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            running.and_then(|thread| thread.recv().ok())
        });
        let fail = |path: &Path, kind, why: String| Error::Io {
            path: path.to_path_buf(),
            error: std::io::Error::new(kind, why),
        };
        match prelinked {
            None => Err(fail(
                &self.building,
                std::io::ErrorKind::Other,
                "linking the served release's files into it stopped half-way".into(),
            )),
            Some(Prelinked {
                stuck: Some((path, error)),
                ..
            }) => Err(fail(path, error.kind(), error.to_string())),
            Some(prelinked) => Ok(prelinked),
        }
    }
}

impl Drop for Prelink {
    /// A build that failed before its first write does not wait for 255,000 links it will
    /// not use (the scope joins the thread): the thread stops at its next file.
    fn drop(&mut self) {
        self.over.store(true, Ordering::Relaxed);
    }
}

impl Prelinked {
    /// Takes the file at `relative` (under the release) as the build's: its size when it was
    /// linked from the served release, and is a plain file with its bytes; `None` otherwise.
    pub fn claim(&self, relative: &Path) -> Option<u64> {
        self.unclaimed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(relative)
    }

    /// Removes from `building` the files linked that the build did not claim (an article
    /// taken down, the app's files of an older build), then the folders this left empty.
    pub fn sweep(&self, building: &Path) -> Result<(), Error> {
        let unclaimed = std::mem::take(
            &mut *self
                .unclaimed
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        );
        for relative in unclaimed.keys() {
            let path = building.join(relative);
            std::fs::remove_file(&path).map_err(Error::io(path))?;
        }
        // Children before their parents; a folder with anything in it stays.
        for relative in self.folders.iter().rev() {
            let _ = std::fs::remove_dir(building.join(relative));
        }
        Ok(())
    }
}

/// Makes `building` hold every plain file of `served`, the same inodes, folder by folder, and
/// nothing else. A folder of the served release that cannot be read, or a file that cannot be
/// linked, is left out: the build writes or links what it needs of it itself.
fn link_release(disk: &dyn Disk, served: &Path, building: &Path, over: &AtomicBool) -> Prelinked {
    let mut prelinked = Prelinked::default();
    let from = rustix::fs::open(
        served,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    );
    // Taken back by this build, under a name nobody could guess: not through a symlink all the
    // same.
    let to = rustix::fs::open(building, FOLDER, Mode::empty());
    let (Ok(from), Ok(to)) = (from, to) else {
        return prelinked;
    };
    let Ok((device, owner)) = rustix::fs::fstat(&from).map(|stat| (stat.st_dev, stat.st_uid))
    else {
        return prelinked;
    };
    let mut found = Files::default();
    let mut folders = vec![(from, to, PathBuf::new(), true)];
    while let Some((from, to, relative, taken_back)) = folders.pop() {
        let mut folder = Folder {
            disk,
            from: &from,
            to: &to,
            relative: &relative,
            device,
            owner,
            found: &mut found,
            over,
        };
        match folder.mirror(taken_back) {
            Ok(below) => {
                for (from, to, name, taken_back) in below {
                    let relative = relative.join(name);
                    prelinked.folders.push(relative.clone());
                    // Made but not opened: left empty, and swept.
                    if let Some(to) = to {
                        folders.push((from, to, relative, taken_back));
                    }
                }
            }
            Err(Stop::Over) => break,
            Err(Stop::Stuck(path, error)) => {
                prelinked.stuck = Some((building.join(path), error));
                break;
            }
        }
    }
    prelinked.unclaimed = Mutex::new(found);
    prelinked
}

/// A folder opened without following a symlink at its own name.
const FOLDER: OFlags = OFlags::RDONLY
    .union(OFlags::DIRECTORY)
    .union(OFlags::NOFOLLOW)
    .union(OFlags::CLOEXEC);

/// Why linking stops.
enum Stop {
    /// The build is over (it failed): what was linked is removed with its folder.
    Over,
    /// Something at this path that is not the served release's could not be removed: the
    /// build stops rather than publish it.
    Stuck(PathBuf, std::io::Error),
}

/// A folder of the served release (`from`) and the same folder of the release being built
/// (`to`), both at `relative`.
struct Folder<'a> {
    disk: &'a dyn Disk,
    from: &'a OwnedFd,
    to: &'a OwnedFd,
    relative: &'a Path,
    /// The served release's file system.
    device: u64,
    /// The served release's owner: a folder taken back that is someone else's is not kept
    /// (they could write in the release served).
    owner: u32,
    /// The files that are the served release's, with their sizes.
    found: &'a mut Files,
    over: &'a AtomicBool,
}

/// A folder below, opened in the served release and (when it could be) in the release being
/// built, its name, and whether it was there already (taken back) rather than made.
type Below = (OwnedFd, Option<OwnedFd>, PathBuf, bool);

impl Folder<'_> {
    /// Makes `to` hold the plain files of `from` (the same inodes) and its plain folders, and
    /// nothing else; returns the folders below. `taken_back`: `to` was there before this build
    /// (a release taken back, src/release.rs), and what it holds is looked at; a folder made
    /// by this build is empty.
    fn mirror(&mut self, taken_back: bool) -> Result<Vec<Below>, Stop> {
        // What the taken-back folder holds, by name; what is left of it at the end is not the
        // served release's, and goes. One whose entries cannot all be listed could keep what is
        // not listed: the build stops.
        let mut there: HashMap<CString, FileType> = HashMap::new();
        if taken_back {
            let stuck = |error: rustix::io::Errno| Stop::Stuck(self.relative.into(), error.into());
            for entry in Dir::read_from(self.to).map_err(stuck)? {
                let entry = entry.map_err(stuck)?;
                let name = entry.file_name();
                if !is_dot(name) {
                    there.insert(name.to_owned(), entry.file_type());
                }
            }
        }
        // A folder of the served release that cannot be read is left for the build to write
        // (what the taken-back one holds of it is removed below).
        let mut below = Vec::new();
        for entry in Dir::read_from(self.from).into_iter().flatten() {
            let Ok(entry) = entry else {
                break;
            };
            if self.over.load(Ordering::Relaxed) {
                return Err(Stop::Over);
            }
            let name = entry.file_name();
            if is_dot(name) {
                continue;
            }
            let kind = match entry.file_type() {
                FileType::Unknown => rustix::fs::statat(self.from, name, AtFlags::SYMLINK_NOFOLLOW)
                    .map_or(FileType::Unknown, |stat| {
                        FileType::from_raw_mode(stat.st_mode)
                    }),
                kind => kind,
            };
            match kind {
                FileType::RegularFile => {
                    let was = there.remove(name);
                    self.file(name, entry.ino(), was.is_some())?;
                }
                FileType::Directory => {
                    let Ok(source) = rustix::fs::openat(self.from, name, FOLDER, Mode::empty())
                    else {
                        continue;
                    };
                    let name_owned = PathBuf::from(OsStr::from_bytes(name.to_bytes()));
                    match there.remove(name) {
                        Some(FileType::Directory) => {
                            // Opened without following: a symlink put there since is not
                            // entered, but removed.
                            let opened = rustix::fs::openat(self.to, name, FOLDER, Mode::empty())
                                .ok()
                                .filter(|made| {
                                    rustix::fs::fstat(made).is_ok_and(|s| s.st_uid == self.owner)
                                });
                            if let Some(made) = opened {
                                below.push((source, Some(made), name_owned, true));
                                continue;
                            }
                            self.remove(name)?;
                        }
                        Some(_) => self.remove(name)?,
                        None => {}
                    }
                    if rustix::fs::mkdirat(self.to, name, Mode::from_raw_mode(0o777)).is_err() {
                        continue;
                    }
                    let made = rustix::fs::openat(self.to, name, FOLDER, Mode::empty()).ok();
                    below.push((source, made, name_owned, false));
                }
                // A symlink, a pipe, a device: nothing a build makes, and never published.
                _ => {}
            }
        }
        for name in there.keys() {
            self.remove(name)?;
        }
        Ok(below)
    }

    /// Makes `name` in `to` the served release's file of inode `inode`: kept when it is that
    /// file already, linked otherwise (what is there removed first).
    fn file(&mut self, name: &CStr, inode: u64, there: bool) -> Result<(), Stop> {
        let path = self.relative.join(OsStr::from_bytes(name.to_bytes()));
        if there {
            // The served release's file already: looked at once, not again.
            let same = self
                .plain_file(name)
                .filter(|stat| stat.st_ino == inode && stat.st_dev == self.device);
            if let Some(stat) = same {
                self.found.insert(path, size(&stat));
                return Ok(());
            }
            self.remove(name)?;
        }
        match self.disk.link_in(self.from.as_fd(), self.to.as_fd(), name) {
            Ok(()) => self.record(name, path),
            // Something put there since it was removed: not this build's, and not known to be
            // the served release's file.
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(Stop::Stuck(path, error))
            }
            // Not linked (no room, a file the build's user may not link, no hard links on this
            // file system): nothing is there, and the build writes or links it itself.
            Err(_) => Ok(()),
        }
    }

    /// Records `name` of `to` as the served release's file, once it is seen to be a plain
    /// file where it is; anything else (a file swapped for a symlink after `from` was listed)
    /// is removed again.
    fn record(&mut self, name: &CStr, path: PathBuf) -> Result<(), Stop> {
        match self.plain_file(name) {
            Some(stat) => {
                self.found.insert(path, size(&stat));
                Ok(())
            }
            None => self.remove(name),
        }
    }

    /// What `name` of `to` is, when it is a plain file (not followed if it is a symlink).
    fn plain_file(&self, name: &CStr) -> Option<Stat> {
        rustix::fs::statat(self.to, name, AtFlags::SYMLINK_NOFOLLOW)
            .ok()
            .filter(|stat| FileType::from_raw_mode(stat.st_mode) == FileType::RegularFile)
    }

    /// Removes `name` from `to`, a folder with all it holds (by folder handles, never through
    /// a symlink).
    fn remove(&self, name: &CStr) -> Result<(), Stop> {
        let path = self.relative.join(OsStr::from_bytes(name.to_bytes()));
        remove_at(self.to, name).map_err(|error| Stop::Stuck(path, error))
    }
}

/// A file's size in bytes.
fn size(stat: &Stat) -> u64 {
    u64::try_from(stat.st_size).unwrap_or(0)
}

/// `.` and `..`, which a folder lists besides what it holds.
fn is_dot(name: &CStr) -> bool {
    matches!(name.to_bytes(), b"." | b"..")
}

/// Removes `name` from the folder `parent`: unlinked, or, when it is a folder, emptied by
/// its handle and then removed.
fn remove_at(parent: &OwnedFd, name: &CStr) -> std::io::Result<()> {
    match rustix::fs::unlinkat(parent, name, AtFlags::empty()) {
        Ok(()) => return Ok(()),
        Err(rustix::io::Errno::ISDIR | rustix::io::Errno::PERM) => {}
        Err(rustix::io::Errno::NOENT) => return Ok(()),
        Err(error) => return Err(error.into()),
    }
    let folder = rustix::fs::openat(parent, name, FOLDER, Mode::empty())?;
    let mut names = Vec::new();
    for entry in Dir::read_from(&folder)? {
        let entry = entry?;
        if !is_dot(entry.file_name()) {
            names.push(entry.file_name().to_owned());
        }
    }
    for child in &names {
        remove_at(&folder, child)?;
    }
    rustix::fs::unlinkat(parent, name, AtFlags::REMOVEDIR)?;
    Ok(())
}
