//! What the tests of every crate in the workspace share (the `test-support` feature, on in
//! their dev-dependencies only): catalogs to render, markup checked as a reader's browser would
//! parse it, the repository's folders, scratch folders, and the shared fixtures beside the
//! repository, which a clone alone does not have.

pub mod dompurify;

use std::path::{Path, PathBuf};

use crate::html::{tokenize, Token, VOID};
use crate::model::feed::parse_feed;
use crate::model::Catalog;

/// Where test feeds are said to come from: relative URLs in them resolve under it.
pub const FEED_URL: &str = "https://x.test/content/feed.json";

/// The catalog of `feed`, a JSON Feed that must parse.
pub fn catalog_of(feed: &str) -> Catalog {
    Catalog::new(
        parse_feed(feed, FEED_URL).expect("the test feed parses"),
        FEED_URL,
    )
}

/// The catalog of the bundled sample content, `public/content/feed.json`.
pub fn sample_catalog() -> Catalog {
    catalog_of(include_str!("../../../../public/content/feed.json"))
}

/// Panics unless every element that is opened is closed, in order.
pub fn well_formed(html: &str) {
    let mut open: Vec<String> = Vec::new();
    for token in tokenize(html) {
        match token {
            Token::Start { name, .. } if !VOID.contains(&name.as_str()) => open.push(name),
            Token::End(name) => {
                let top = open.pop();
                assert_eq!(top.as_deref(), Some(name.as_str()), "in {html}");
            }
            _ => {}
        }
    }
    assert!(open.is_empty(), "left open: {open:?} in {html}");
}

/// The `name` attribute of every element `tag`, in order.
pub fn attributes(html: &str, tag: &str, name: &str) -> Vec<String> {
    tokenize(html)
        .into_iter()
        .filter_map(|token| match token {
            Token::Start { name: t, attrs } if t == tag => {
                attrs.into_iter().find(|(n, _)| n == name).map(|(_, v)| v)
            }
            _ => None,
        })
        .collect()
}

/// The workspace's root folder: the repository.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A fresh empty folder for one test, under the target folder.
pub fn scratch(name: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    let dir = target.join("test-scratch").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

/// Makes a named pipe at `path` (mkfifo(1)): a reader that opens it waits for a writer forever,
/// so a test that plants one sees whether the code under test opens what it should not.
#[cfg(unix)]
pub fn named_pipe(path: &Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}

/// Every file under `dir`, by its path relative to `dir`, with its bytes, sorted by path:
/// a folder's whole contents, to compare with another folder's or with itself later.
pub fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("a folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read");
                let relative = path.strip_prefix(dir).expect("inside").to_path_buf();
                files.push((relative, bytes));
            }
        }
    }
    files.sort();
    files
}

/// Set (to anything) by `scripts/test.sh`: a test that needs the shared fixtures fails without
/// them instead of being skipped.
pub const REQUIRE_FIXTURES: &str = "PORTAL_REQUIRE_FIXTURES";

/// The shared fixtures of `kind` (`realworld`, `dompurify`): `../shared/fixtures/<kind>` beside
/// the repository, or where `PORTAL_FIXTURES_<KIND>` says. `None`, with a line saying the test
/// is skipped and why, when they are not there: a clone of the repository alone has none. With
/// [`REQUIRE_FIXTURES`] set, their absence is a failure.
pub fn shared_fixtures(kind: &str, test: &str) -> Option<PathBuf> {
    let variable = format!("PORTAL_FIXTURES_{}", kind.to_ascii_uppercase());
    let dir = std::env::var_os(&variable)
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("../shared/fixtures").join(kind));
    if dir.is_dir() {
        return Some(dir);
    }
    let why = format!(
        "{test}: SKIPPED: the shared fixtures are not at {} (set {variable} to where they are)",
        dir.display()
    );
    assert!(
        std::env::var_os(REQUIRE_FIXTURES).is_none(),
        "{why}, and {REQUIRE_FIXTURES} asks for them"
    );
    eprintln!("{why}");
    None
}
