//! Releases (src/release.rs): `portal build --out SITE` builds beside the served folder and
//! switches `SITE/current` in one step; unchanged files are hard links to the release before;
//! a failed build changes nothing; `portal rollback` goes back.
use portal_core::test_support::{scratch, workspace_root as repo};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use portal::build::BuildOptions;
use portal::release::{current_release, publish_release, rollback, KEPT_RELEASES};
use portal::site_url::SiteUrl;
use serde_json::{json, Value};

/// A stand-in for `trunk build --release`: the shell, a "wasm" and a copy of authored content
/// (which the packer replaces).
fn app(dir: &Path) {
    std::fs::copy(repo().join("index.html"), dir.join("index.html")).expect("a shell");
    std::fs::write(dir.join("portal-0123456789abcdef_bg.wasm"), b"\0asm").expect("wasm");
    std::fs::create_dir_all(dir.join("content")).expect("content");
    std::fs::write(dir.join("content/feed.json"), "{}").expect("authored copy");
}

fn feed(ids: &[&str], broken: bool) -> Value {
    let mut items: Vec<Value> = ids
        .iter()
        .map(|id| {
            // a is the oldest: the 1st; f the 6th.
            let day = u32::from(id.as_bytes()[0] - b'a') + 1;
            json!({
                "id": id, "title": format!("标题 {id}"), "content_text": "正文",
                "date_published": format!("2021-09-{day:02}T10:00:00+08:00"),
                "tags": [format!("标签{id}")]
            })
        })
        .collect();
    if broken {
        items.push(json!({ "title": "没有 id" }));
    }
    json!({ "version": "https://jsonfeed.org/version/1.1", "title": "站", "_portal": { "page_size": 2 }, "items": items })
}

fn inode(path: &Path) -> u64 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .ino()
}

#[test]
fn releases_switch_at_once_share_unchanged_files_and_roll_back() {
    let root = scratch("release-release");
    let (content, dist, site_dir) = (root.join("src"), root.join("dist"), root.join("site"));
    std::fs::create_dir_all(&content).expect("src");
    std::fs::create_dir_all(&dist).expect("dist");
    app(&dist);
    let site = SiteUrl::parse("https://x.test/").expect("a site URL");
    let write = |value: Value| {
        std::fs::write(content.join("feed.json"), value.to_string()).expect("write the feed")
    };
    let ids = ["e", "d", "c", "b", "a"];

    write(feed(&ids, false));
    let first = publish_release(&content, &dist, &site_dir, &site, &BuildOptions::default())
        .expect("first");
    assert_eq!(current_release(&site_dir).as_ref(), Some(&first.path));
    assert!(first.previous.is_none());
    assert!(site_dir.join("current/article/a/index.html").is_file());
    assert!(site_dir.join("current/content/articles/a.json").is_file());
    assert!(site_dir
        .join("current/portal-0123456789abcdef_bg.wasm")
        .is_file());

    // One new item: what it does not touch is the same file as before. (Every page's sidebar
    // lists the newest items, so pages change, and so does the file of the item before it,
    // whose 上一篇 it now is; the app, the pictures and the other articles' files do not.)
    let mut more = vec!["f"];
    more.extend(ids);
    write(feed(&more, false));
    let second = publish_release(&content, &dist, &site_dir, &site, &BuildOptions::default())
        .expect("second");
    assert_eq!(second.previous.as_ref(), Some(&first.path));
    assert_eq!(current_release(&site_dir).as_ref(), Some(&second.path));
    for unchanged in [
        "portal-0123456789abcdef_bg.wasm",
        "shell.html",
        "content/articles/a.json",
        "content/articles/c.json",
    ] {
        assert_eq!(
            inode(&first.path.join(unchanged)),
            inode(&second.path.join(unchanged)),
            "{unchanged} is a hard link to the release before"
        );
    }
    assert!(second.path.join("article/f/index.html").is_file());
    let written: Vec<String> = second
        .report
        .written
        .iter()
        .filter_map(|p| p.strip_prefix(&second.path).ok())
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        !written.iter().any(|w| w.starts_with("content/articles/a")),
        "{written:?}"
    );
    assert!(
        written.iter().any(|w| w == "article/f/index.html"),
        "{written:?}"
    );

    // Content with errors: refused, the served release stays, nothing is left behind.
    write(feed(&more, true));
    assert!(publish_release(&content, &dist, &site_dir, &site, &BuildOptions::default()).is_err());
    assert_eq!(current_release(&site_dir).as_ref(), Some(&second.path));
    let entries = std::fs::read_dir(site_dir.join("releases"))
        .expect("releases")
        .count();
    assert_eq!(entries, 2, "no half-built release is left");

    // An item taken out: gone from the new release, and listed.
    write(feed(&more[1..], false));
    let third = publish_release(&content, &dist, &site_dir, &site, &BuildOptions::default())
        .expect("third");
    assert!(!third.path.join("article/f").exists());
    assert!(
        third
            .removed
            .contains(&PathBuf::from("article/f/index.html")),
        "{:?}",
        third.removed
    );
    assert!(third
        .removed
        .contains(&PathBuf::from("content/articles/f.json")));

    // Rollback goes back one release at a time, then says there is none earlier.
    let (from, to) = rollback(&site_dir, None).expect("rolls back");
    assert_eq!(
        (from, to.clone()),
        (third.path.clone(), second.path.clone())
    );
    assert_eq!(current_release(&site_dir), Some(to));
    rollback(&site_dir, None).expect("rolls back again");
    assert_eq!(current_release(&site_dir).as_ref(), Some(&first.path));
    assert!(rollback(&site_dir, None).is_err());

    // Only the newest releases are kept.
    for _ in 0..KEPT_RELEASES {
        publish_release(&content, &dist, &site_dir, &site, &BuildOptions::default())
            .expect("again");
    }
    let kept = std::fs::read_dir(site_dir.join("releases"))
        .expect("releases")
        .count();
    assert_eq!(kept, KEPT_RELEASES);
}
