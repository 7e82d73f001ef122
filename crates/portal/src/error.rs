//! The publisher's one error type: why an import, a check, a build or a release could not be
//! done, worded for the operator who reads it in a terminal or a journal.

use std::fmt;
use std::path::PathBuf;

use portal_core::model::LoadError;

use crate::check::Finding;

#[derive(Debug)]
pub enum Error {
    /// A command-line value is wrong: `--site-url` not an absolute http(s) URL, folders that
    /// overlap.
    Usage(String),
    /// The site file (`site.toml`) cannot be read or is wrong.
    Site(String),
    /// A source could not be read, or is not a feed: its name and the problem.
    Source { name: String, problem: String },
    /// A content file could not be read or is not a feed.
    Content(LoadError),
    /// The app's shell (Trunk's index.html, or shell.html beside a published index.html) is
    /// missing or not what it should be.
    Shell { file: String, problem: String },
    /// The content has errors (`portal check`'s): nothing is published or imported.
    Refused {
        errors: Vec<Finding>,
        /// What was refused and how to get past it.
        what: &'static str,
    },
    /// Content named a URL on an address that is not public (loopback, private, link-local,
    /// …): it is not fetched. `portal import --allow-host` lets a host through.
    NotPublic {
        host: String,
        address: std::net::IpAddr,
        /// What the address is: `loopback`, `private, RFC 1918`, …
        kind: &'static str,
    },
    /// Content named a local file it may not have copied: outside the folder of the feed or
    /// site file that names it, or hidden (a segment starting with `.`).
    NotCopied { path: PathBuf, why: &'static str },
    /// A build would pass its cap of files or bytes (`--max-files`, `--max-megabytes`):
    /// it stops before writing `path`.
    OverCap {
        path: PathBuf,
        what: &'static str,
        limit: u64,
        flag: &'static str,
    },
    /// Another run holds the lock of a folder this one would write (src/lock.rs): the lock
    /// file, and what its holder wrote into it (`PID 1234 since 2026-…+08:00`).
    Locked { path: PathBuf, holder: String },
    /// OpenCC's converter, which the 简/繁 table is made with (src/hant.rs), would not start.
    Converter(String),
    /// A file or folder could not be read or written.
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |error| Error::Io { path, error }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(problem) | Error::Site(problem) => f.write_str(problem),
            Error::Source { name, problem } => write!(f, "{name}: {problem}"),
            Error::Content(error) => error.fmt(f),
            Error::Shell { file, problem } => write!(f, "{file}: {problem}"),
            Error::Refused { errors, what } => {
                write!(f, "{} errors in the content; {what}:", errors.len())?;
                for error in errors {
                    write!(f, "\n  {error}")?;
                }
                Ok(())
            }
            Error::NotPublic {
                host,
                address,
                kind,
            } => {
                if *host == address.to_string() {
                    write!(f, "not fetched: {address} is not a public address ({kind})")?;
                } else {
                    write!(
                        f,
                        "not fetched: {host} is at {address}, not a public address ({kind})"
                    )?;
                }
                write!(f, "; --allow-host {host} would let it through")
            }
            Error::NotCopied { path, why } => {
                write!(f, "{}: not copied: {why}", path.display())
            }
            Error::OverCap {
                path,
                what,
                limit,
                flag,
            } => write!(
                f,
                "{}: not written: this build would pass {limit} {what} of output ({flag}); it stopped before the disk fills, and nothing was switched (a site served from --out SITE still serves the release before). Look for a feed of very many items, or raise {flag}",
                path.display()
            ),
            Error::Locked { path, holder } => {
                let holder = if holder.is_empty() {
                    "another run, which has not written its PID yet"
                } else {
                    holder
                };
                write!(
                    f,
                    "{} is held by {holder}: another portal build, import or rollback is writing here; nothing was done, try again when it ends",
                    path.display()
                )
            }
            Error::Converter(problem) => {
                write!(f, "the 简/繁 table cannot be made: OpenCC: {problem}")
            }
            Error::Io { path, error } => write!(f, "{}: {error}", path.display()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Content(error) => Some(error),
            Error::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}
