//! Releases (src/release.rs): `portal build --out SITE` builds beside the served folder and
//! switches `SITE/current` in one step; unchanged files are hard links to the release before;
//! a failed build changes nothing; `portal rollback` goes back.
use portal_core::test_support::{scratch, workspace_root as repo};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use portal::build::BuildOptions;
use portal::output::RealDisk;
use portal::release::{current_release, publish_release, rollback, Release, KEPT_RELEASES};
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
    assert!(site_dir.join("current/article/a.html").is_file());
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
    assert!(second.path.join("article/f.html").is_file());
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
    assert!(written.iter().any(|w| w == "article/f.html"), "{written:?}");

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
    assert!(!third.path.join("article/f.html").exists());
    assert!(
        third.removed.contains(&PathBuf::from("article/f.html")),
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

    // Only the newest releases are kept (each build a full one, its manifest deleted).
    for _ in 0..KEPT_RELEASES {
        std::fs::remove_file(site_dir.join("inputs.json")).ok();
        publish_release(&content, &dist, &site_dir, &site, &BuildOptions::default())
            .expect("again");
    }
    let kept = std::fs::read_dir(site_dir.join("releases"))
        .expect("releases")
        .count();
    assert_eq!(kept, KEPT_RELEASES);
}

/// Every file under `dir`, relative, with its bytes.
fn tree(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(relative) = stack.pop() {
        for entry in std::fs::read_dir(dir.join(&relative)).expect("a folder") {
            let entry = entry.expect("an entry");
            let path = relative.join(entry.file_name());
            if entry.file_type().expect("a type").is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(dir.join(&path)).expect("a file");
                files.insert(path, bytes);
            }
        }
    }
    files
}

fn releases_in(site_dir: &Path) -> usize {
    std::fs::read_dir(site_dir.join("releases"))
        .expect("releases")
        .count()
}

#[test]
fn a_build_with_nothing_changed_is_skipped_and_without_its_manifest_makes_the_same_bytes() {
    let root = scratch("release-inputs");
    let (content, dist, site_dir) = (root.join("src"), root.join("dist"), root.join("site"));
    std::fs::create_dir_all(&content).expect("src");
    std::fs::create_dir_all(&dist).expect("dist");
    app(&dist);
    let site = SiteUrl::parse("https://x.test/").expect("a site URL");
    // 2021-09-10T00:00Z; "g" is dated 2021-09-20T10:00+08:00, held until then.
    let (before, embargo_ends) = (1_631_232_000, 1_632_103_200);
    let at = |now: i64| BuildOptions {
        now: Some(now),
        ..BuildOptions::default()
    };
    let write = |ids: &[&str]| {
        let mut value = feed(ids, false);
        value["items"].as_array_mut().expect("items").push(
            json!({ "id": "g", "title": "禁发至二十日", "content_text": "正文",
                "date_published": "2021-09-20T10:00:00+08:00" }),
        );
        std::fs::write(content.join("feed.json"), value.to_string()).expect("write the feed")
    };
    let ids = ["d", "c", "b", "a"];
    write(&ids);

    let first = publish_release(&content, &dist, &site_dir, &site, &at(before)).expect("first");
    assert!(!first.unchanged);
    assert_eq!(first.report.held, 1);
    assert!(site_dir.join("inputs.json").is_file());

    // Nothing changed: nothing built, the same release served, and the counts kept.
    let again =
        publish_release(&content, &dist, &site_dir, &site, &at(before + 60)).expect("again");
    assert!(again.unchanged);
    assert_eq!(again.path, first.path);
    assert_eq!((again.report.items, again.report.held), (4, 1));
    assert_eq!(
        again.report.next_embargo.as_ref().map(|e| e.2),
        Some(embargo_ends)
    );
    assert_eq!(releases_in(&site_dir), 1);

    // One new item: built, beside the release before.
    let mut more = vec!["e"];
    more.extend(ids);
    write(&more);
    let second =
        publish_release(&content, &dist, &site_dir, &site, &at(before + 120)).expect("new");
    assert!(!second.unchanged);
    assert!(second.path.join("article/e.html").is_file());
    assert_eq!(current_release(&site_dir).as_ref(), Some(&second.path));

    // The manifest deleted: a full build, the same bytes as the incremental one; and the same
    // again from nothing, in a site folder of its own.
    std::fs::remove_file(site_dir.join("inputs.json")).expect("delete the manifest");
    let third =
        publish_release(&content, &dist, &site_dir, &site, &at(before + 180)).expect("full");
    assert!(!third.unchanged);
    assert_ne!(third.path, second.path);
    assert_eq!(tree(&third.path), tree(&second.path));
    let elsewhere = root.join("site-2");
    let fresh =
        publish_release(&content, &dist, &elsewhere, &site, &at(before + 180)).expect("fresh");
    assert_eq!(tree(&fresh.path), tree(&second.path));

    // Each input counts: the app, a file of the content that is not a feed, the site URL.
    let rebuilt = |what: &str, site: &SiteUrl| {
        let release =
            publish_release(&content, &dist, &site_dir, site, &at(before + 240)).expect(what);
        assert!(!release.unchanged, "{what} changed: built again");
        let again =
            publish_release(&content, &dist, &site_dir, site, &at(before + 240)).expect(what);
        assert!(again.unchanged, "{what} unchanged since: skipped");
    };
    std::fs::write(dist.join("portal-0123456789abcdef_bg.wasm"), b"\0asm\x01").expect("wasm");
    rebuilt("the app", &site);
    std::fs::create_dir_all(content.join("images")).expect("images");
    std::fs::write(content.join("images/x.svg"), "<svg/>").expect("a picture");
    rebuilt("a picture", &site);
    let moved = SiteUrl::parse("https://x.test/portal/").expect("a site URL");
    rebuilt("the site URL", &moved);
    rebuilt("the site URL back", &site);

    // A rollback: the release served is not the one the manifest names.
    let served = current_release(&site_dir).expect("served");
    rollback(&site_dir, None).expect("rolls back");
    let after = publish_release(&content, &dist, &site_dir, &site, &at(before + 300)).expect("b");
    assert!(!after.unchanged);
    assert_eq!(tree(&after.path), tree(&served));

    // The embargo ends: the same inputs publish "g".
    assert!(!after.path.join("article/g.html").exists());
    let out = publish_release(&content, &dist, &site_dir, &site, &at(embargo_ends)).expect("g");
    assert!(!out.unchanged);
    assert!(out.path.join("article/g.html").is_file());
    assert_eq!((out.report.held, out.report.next_embargo), (0, None));
    let after =
        publish_release(&content, &dist, &site_dir, &site, &at(embargo_ends + 1)).expect("g");
    assert!(after.unchanged);
    // A symlink is not followed by the digest, so never trusted: each build is a full one.
    std::os::unix::fs::symlink("x.svg", content.join("images/y.svg")).expect("a symlink");
    for _ in 0..2 {
        let release = publish_release(&content, &dist, &site_dir, &site, &at(embargo_ends + 2))
            .expect("link");
        assert!(!release.unchanged, "a symlink in the content: built");
    }
}

/// An archive of `ids` (`0` the oldest, an hour apart), in two channels and three tags, some
/// featured, some with a picture, some viewed (below 60), so that articles' files and sidebars
/// draw on each other; `named` is the site's name, `retitled` an id whose title is changed.
fn archive(ids: &[usize], named: &str, retitled: Option<usize>) -> Value {
    let items: Vec<Value> = ids
        .iter()
        .rev()
        .map(|&n| {
            let title = if Some(n) == retitled {
                format!("改过的标题 {n}")
            } else {
                format!("第{n}篇 科技新闻")
            };
            let mut item = json!({
                "id": format!("i{n:02}"), "title": title,
                "content_text": format!("正文第{n}段，讲发展与乾坤。"),
                "date_published": format!("2021-09-{:02}T{:02}:00:00+08:00", 1 + n / 24, n % 24),
                "tags": [format!("标签{}", n % 3)],
                "_portal": { "channel": if n % 2 == 0 { "a" } else { "b" } }
            });
            // The newest, from 60 on, are none of these: they would be in every article's
            // sidebar, and so change every article's page.
            if n < 60 {
                item["_portal"]["views"] = json!(n % 7);
            }
            if n % 5 == 0 && n < 60 {
                item["_portal"]["featured"] = json!(true);
            }
            if n % 4 == 0 && n < 60 {
                item["image"] = json!("https://x.test/p.png");
            }
            item
        })
        .collect();
    json!({
        "version": "https://jsonfeed.org/version/1.1", "title": named,
        "_portal": { "page_size": 3, "channels": [
            { "slug": "a", "name": "甲频道" }, { "slug": "b", "name": "乙频道" }
        ] },
        "items": items
    })
}

/// A scratch site for the tests of pages linked from the release before: the app in `dist`,
/// the feed written into `content` (`src`), releases under `site_dir`, a fixed clock.
struct PagesSite {
    root: PathBuf,
    content: PathBuf,
    dist: PathBuf,
    site_dir: PathBuf,
    site: SiteUrl,
    options: BuildOptions<'static>,
}

impl PagesSite {
    fn new(name: &str) -> Self {
        let root = scratch(name);
        let (content, dist, site_dir) = (root.join("src"), root.join("dist"), root.join("site"));
        std::fs::create_dir_all(&content).expect("src");
        std::fs::create_dir_all(&dist).expect("dist");
        app(&dist);
        PagesSite {
            root,
            content,
            dist,
            site_dir,
            site: SiteUrl::parse("https://x.test/").expect("a site URL"),
            options: BuildOptions {
                now: Some(1_700_000_000),
                ..BuildOptions::default()
            },
        }
    }

    /// `value` as the content's `feed.json`.
    fn write(&self, value: Value) {
        std::fs::write(self.content.join("feed.json"), value.to_string()).expect("write the feed")
    }

    /// A release of the content into `site_dir`.
    fn publish(&self, site_dir: &Path) -> Result<Release, portal::Error> {
        publish_release(
            &self.content,
            &self.dist,
            site_dir,
            &self.site,
            &self.options,
        )
    }
}

#[test]
fn pages_whose_inputs_are_the_same_are_linked_and_each_build_is_the_full_builds_bytes() {
    let pages_site = PagesSite::new("release-pages");
    let PagesSite { root, site_dir, .. } = &pages_site;
    // 66 items: the search index's runs close at 64 documents, so its base holds the oldest
    // 64 and its delta the rest.
    let mut ids: Vec<usize> = (0..66).collect();
    pages_site.write(archive(&ids, "站", None));
    let first = pages_site.publish(site_dir).expect("first");
    assert_eq!(first.report.pages_reused, 0, "nothing to link from");
    assert_eq!(first.report.packed_kept, 0, "nothing to link from");
    assert_eq!(first.report.search_index.base_kept, None);
    assert!(site_dir.join("pages.json").is_file());

    ids.push(66);
    let without = |gone: usize| {
        ids.iter()
            .copied()
            .filter(|&n| n != gone)
            .collect::<Vec<_>>()
    };
    // (step, the content, whether pages and article files are linked, the search index's base
    // documents kept):
    // item 31 is in the base, and a change to it or its going rewrites the whole index.
    let steps = [
        ("one new item", archive(&ids, "站", None), true, Some(64)),
        ("an item changed", archive(&ids, "站", Some(31)), true, None),
        (
            "an item taken down",
            archive(&without(31), "站", None),
            true,
            None,
        ),
        (
            "the site's name",
            archive(&without(31), "新站", None),
            false,
            Some(64),
        ),
    ];
    for (step, value, links, base_kept) in steps {
        pages_site.write(value);
        let built = pages_site.publish(site_dir).expect(step);
        assert!(!built.unchanged, "{step}");
        // In a debug build every page linked was rendered too and compared (src/build.rs).
        eprintln!("{step}: {} pages linked", built.report.pages_reused);
        // And every packed file linked by its digest was made too and compared (src/pack.rs).
        let kept = built.report.packed_kept;
        eprintln!(
            "{step}: {kept} of {} packed files linked",
            built.report.content_files
        );
        if links {
            assert!(
                built.report.pages_reused > 0,
                "{step}: {} pages linked",
                built.report.pages_reused
            );
            // The files of the item that changed, of those whose file shows it (its
            // neighbours, 相关阅读, the sidebar's boxes) and of the lists it is in are made
            // again; the first file of each list always is.
            assert!(
                kept > 0 && kept < built.report.content_files,
                "{step}: {kept} packed files linked"
            );
        } else {
            assert_eq!(built.report.pages_reused, 0, "{step}");
            assert_eq!(kept, 0, "{step}");
        }
        // In a debug build the whole index is made too and compared (src/pack.rs).
        assert_eq!(built.report.search_index.base_kept, base_kept, "{step}");
        let full = pages_site
            .publish(&root.join(format!("full {step}")))
            .expect(step);
        assert_eq!(full.report.pages_reused, 0, "{step}");
        assert_eq!(full.report.packed_kept, 0, "{step}");
        assert_eq!(full.report.search_index.base_kept, None, "{step}");
        assert_eq!(tree(&built.path), tree(&full.path), "{step}");
        // And what the next build starts from: the 简/繁 table's counts of every page's
        // characters and phrases, the articles that read the first page, and the packed files
        // that have a digest. The digests themselves start from each site's own random salt.
        let pages = |site_dir: &Path| {
            let text = std::fs::read(site_dir.join("pages.json")).expect("pages.json");
            let mut value: Value = serde_json::from_slice(&text).expect("JSON");
            assert_eq!(value["salt"].as_str().map(str::len), Some(32), "{step}");
            value["release"] = Value::Null;
            value["salt"] = Value::Null;
            let mut files: Vec<String> = value["packed"]
                .as_object()
                .expect("packed")
                .keys()
                .cloned()
                .collect();
            files.sort();
            value["packed"] = json!(files);
            value
        };
        assert_eq!(
            pages(site_dir),
            pages(&root.join(format!("full {step}"))),
            "{step}"
        );
    }

    // The pages manifest deleted: every page rendered, the same bytes.
    std::fs::remove_file(site_dir.join("pages.json")).expect("delete the pages manifest");
    std::fs::remove_file(site_dir.join("inputs.json")).expect("delete the manifest");
    let served = current_release(site_dir).expect("served");
    let again = pages_site.publish(site_dir).expect("again");
    assert_eq!(again.report.pages_reused, 0);
    assert_eq!(again.report.packed_kept, 0);
    assert_eq!(again.report.search_index.base_kept, None);
    assert_eq!(tree(&again.path), tree(&served));
}

/// An attack on what the next build reads of the release before. Someone who can write in SITE
/// replaces an old article's page in the served release with a symlink to a file of their own,
/// and adds a phrase of their own words to `pages.json`'s counts. Before: the next build linked
/// what the symlink named as the article's page (read through it, never compared; only a debug
/// build's check would catch it), and their words went into `hant.json`, by which every 繁
/// reader's page is converted. Now a page is linked only when it is a plain file reached
/// through plain folders, and the table keeps only phrases whose value is their conversion.
/// (Until pages were files of their own, the symlink replaced the article's folder.)
#[test]
fn a_symlink_or_a_forged_pages_json_in_the_release_before_publishes_nothing_of_theirs() {
    let pages_site = PagesSite::new("release-pages-attack");
    let PagesSite { root, site_dir, .. } = &pages_site;
    let mut ids: Vec<usize> = (0..60).collect();
    pages_site.write(archive(&ids, "站", None));
    let before = pages_site.publish(site_dir).expect("first");
    let planted = root.join("planted");
    std::fs::create_dir_all(&planted).expect("planted");
    std::fs::write(planted.join("i05.html"), "<p>PLANTED-SECRET</p>").expect("secret");
    let article = before.path.join("article/i05.html");
    assert!(article.is_file(), "an old article's page");
    std::fs::remove_file(&article).expect("remove");
    std::os::unix::fs::symlink(planted.join("i05.html"), &article).expect("symlink");
    let pages = site_dir.join("pages.json");
    let mut rendered: Value =
        serde_json::from_slice(&std::fs::read(&pages).expect("pages.json")).expect("JSON");
    rendered["han"]["phrases"]["科技"] = json!(["伪造的文字", u32::MAX]);
    std::fs::write(&pages, rendered.to_string()).expect("forge pages.json");

    ids.push(60);
    pages_site.write(archive(&ids, "站", None));
    let after = pages_site.publish(site_dir).expect("after");
    assert!(
        after.report.pages_reused > 0,
        "the other old pages are still linked"
    );
    let page = std::fs::read_to_string(after.path.join("article/i05.html")).expect("page");
    assert!(
        !page.contains("PLANTED-SECRET"),
        "the planted file was published"
    );
    assert!(page.contains("第5篇 科技新闻"), "the article's own page");
    let table = std::fs::read_to_string(after.path.join("hant.json")).expect("hant.json");
    assert!(
        !table.contains("伪造的文字"),
        "the forged phrase is in the table"
    );
}

/// An attack on the search index's base that the next build keeps (`pages.json`'s `search`):
/// its shards named by paths out of the release before, to a file planted beside it. The next
/// build links a base's files only by names that are hashes, through plain folders: this one
/// writes the whole index, the bytes of a build that kept nothing.
#[test]
fn a_forged_search_base_in_pages_json_links_nothing_of_theirs() {
    let pages_site = PagesSite::new("release-search-attack");
    let PagesSite { root, site_dir, .. } = &pages_site;
    let mut ids: Vec<usize> = (0..66).collect();
    pages_site.write(archive(&ids, "站", None));
    let before = pages_site.publish(site_dir).expect("first");
    // release/content/search/terms-0.0/../../../../../planted.bin is SITE/planted.bin.
    std::fs::create_dir_all(before.path.join("content/search/terms-0.0")).expect("folder");
    std::fs::write(site_dir.join("planted.bin"), "PLANTED-SECRET").expect("plant");
    let pages = site_dir.join("pages.json");
    let mut rendered: Value =
        serde_json::from_slice(&std::fs::read(&pages).expect("pages.json")).expect("JSON");
    assert_eq!(rendered["search"]["documents"], json!(64), "{rendered}");
    rendered["search"]["shards"] = json!(["0/../../../../../planted"]);
    std::fs::write(&pages, rendered.to_string()).expect("forge pages.json");

    ids.push(66);
    pages_site.write(archive(&ids, "站", None));
    let after = pages_site.publish(site_dir).expect("after");
    assert_eq!(
        after.report.search_index.base_kept, None,
        "the forged base kept"
    );
    let full = pages_site.publish(&root.join("full")).expect("full");
    assert_eq!(tree(&after.path), tree(&full.path));
}

/// The rule that renders again an article's page which reads items of the first page, even
/// when its own file is the same bytes (`Packed::dependent`, src/pack.rs). Items that share a
/// date (three to an hour from item 30 on, here) may be sorted either side of each other, and
/// a page then takes their order from the first page it reads. With the rule removed, the
/// first new item linked `article/i36.html` unchanged where it renders otherwise (the
/// debug build's check of linked pages panicked). Without the rule, the test above (one date
/// an item) passed, and so did ties in pairs or in threes from item 56 on.
#[test]
fn a_page_that_reads_the_first_page_is_rendered_again_when_it_changes() {
    let tied = |ids: &[usize]| {
        let mut feed = archive(ids, "站", None);
        for item in feed["items"].as_array_mut().into_iter().flatten() {
            let n: usize = item["id"].as_str().expect("id")[1..]
                .parse()
                .expect("number");
            let hour = if n < 30 { n } else { 30 + (n - 30) / 3 };
            item["date_published"] = json!(format!(
                "2021-09-{:02}T{:02}:00:00+08:00",
                1 + hour / 24,
                hour % 24
            ));
        }
        feed
    };
    let pages_site = PagesSite::new("release-pages-first-page");
    let PagesSite { root, site_dir, .. } = &pages_site;
    let mut ids: Vec<usize> = (0..66).collect();
    pages_site.write(tied(&ids));
    pages_site.publish(site_dir).expect("first");
    for new in 66..70 {
        ids.push(new);
        pages_site.write(tied(&ids));
        let built = pages_site.publish(site_dir).expect("one new item");
        assert!(built.report.pages_reused > 0, "item {new}: nothing linked");
        let full = pages_site
            .publish(&root.join(format!("full {new}")))
            .expect("full");
        assert_eq!(tree(&built.path), tree(&full.path), "item {new}");
    }
}

/// Once [`KEPT_RELEASES`] are kept, the next release is built in the oldest one's folder,
/// which the prune after it would delete (src/release.rs, `take_back`), made to hold the served
/// release's files first (src/prelink.rs). A change undone is where that could go wrong: the
/// taken-back release holds the bytes the build wants for the changed item's files, but they
/// are not the served release's. The release built must be what a full build makes, and each
/// file it has unchanged from the served release must be that release's file (its inode, so
/// its mtime and ETag), not the taken-back one's.
#[test]
fn a_release_built_in_the_oldest_ones_folder_is_a_full_builds_bytes_and_the_served_files() {
    let pages_site = PagesSite::new("release-taken-back");
    let PagesSite { root, site_dir, .. } = &pages_site;
    let ids: Vec<usize> = (0..40).collect();
    let more: Vec<usize> = (0..41).collect();
    pages_site.write(archive(&ids, "站", None));
    let oldest = pages_site.publish(site_dir).expect("first").path;
    pages_site.write(archive(&more, "站", None));
    pages_site.publish(site_dir).expect("second");
    // Item 31 retitled, then back as it was.
    pages_site.write(archive(&more, "站", Some(31)));
    let served = pages_site.publish(site_dir).expect("third").path;
    pages_site.write(archive(&more, "站", None));
    let undone = pages_site.publish(site_dir).expect("undone");
    assert!(!oldest.exists(), "the oldest release was taken back");
    assert_eq!(releases_in(site_dir), KEPT_RELEASES);
    let full = pages_site.publish(&root.join("full")).expect("full");
    assert_eq!(tree(&undone.path), tree(&full.path));
    let page = std::fs::read_to_string(undone.path.join("article/i31.html")).expect("page");
    assert!(page.contains("第31篇 科技新闻") && !page.contains("改过的标题"));
    let before = tree(&served);
    let mut same = 0;
    for (file, bytes) in tree(&undone.path) {
        if before.get(&file) == Some(&bytes) {
            assert_eq!(
                inode(&undone.path.join(&file)),
                inode(&served.join(&file)),
                "{}",
                file.display()
            );
            same += 1;
        }
    }
    assert!(same > 100, "{same} files the same as the served release's");
}

/// An attack on the release the next build is made in. Someone who can write in
/// `SITE/releases` plants a symlink to a folder of theirs, named to sort before every
/// release, where the oldest release would be looked for; then, in the oldest release itself:
/// a page of their own, an article's page replaced by a symlink to a file of theirs, and the
/// article files' folder replaced by a symlink to a folder of theirs. Taken back by path and
/// pruned, the symlinked folder would have been built in and emptied; kept as "already there",
/// their files would have been published. Now only a plain folder is taken back, everything in
/// it that is not the served release's file is removed by folder handles (a symlink itself,
/// never what it points at), and the release is what a full build makes.
#[test]
fn what_is_planted_in_or_beside_the_oldest_release_is_neither_published_nor_followed() {
    let pages_site = PagesSite::new("release-taken-back-attack");
    let PagesSite { root, site_dir, .. } = &pages_site;
    let outside = root.join("theirs");
    std::fs::create_dir_all(outside.join("articles")).expect("their folder");
    let theirs = [
        ("keep.txt", "THEIR-FILE"),
        ("i05.html", "<p>PLANTED-PAGE</p>"),
        ("articles/i06.json", "{\"PLANTED\":1}"),
    ];
    for (name, text) in theirs {
        std::fs::write(outside.join(name), text).expect("their file");
    }
    let untouched = || {
        for (name, text) in theirs {
            assert_eq!(
                std::fs::read_to_string(outside.join(name)).ok().as_deref(),
                Some(text),
                "{name} outside the site"
            );
        }
    };
    let mut n = 40;
    let publish = |n: usize| {
        pages_site.write(archive(&(0..n).collect::<Vec<_>>(), "站", None));
        pages_site.publish(site_dir).expect("published")
    };
    for _ in 0..KEPT_RELEASES {
        publish(n);
        n += 1;
    }
    let releases = site_dir.join("releases");
    let first_name = releases.join("00000000T000000");
    std::os::unix::fs::symlink(&outside, &first_name).expect("a symlink among the releases");
    publish(n);
    n += 1;
    untouched();
    assert!(outside.is_dir());

    let mut all: Vec<PathBuf> = std::fs::read_dir(&releases)
        .expect("releases")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.symlink_metadata().is_ok_and(|m| m.is_dir()))
        .collect();
    all.sort();
    let oldest = &all[0];
    std::fs::write(oldest.join("planted.html"), "<p>PLANTED-EXTRA</p>").expect("plant");
    let page = oldest.join("article/i05.html");
    std::fs::remove_file(&page).expect("remove a page");
    std::os::unix::fs::symlink(outside.join("i05.html"), &page).expect("symlink a page");
    let articles = oldest.join("content/articles");
    std::fs::remove_dir_all(&articles).expect("remove the article files");
    std::os::unix::fs::symlink(outside.join("articles"), &articles).expect("symlink them");
    let built = publish(n);
    assert!(!oldest.exists(), "the oldest release was taken back");
    untouched();
    let full = pages_site.publish(&root.join("full")).expect("full");
    assert_eq!(tree(&built.path), tree(&full.path));
    let mut stack = vec![built.path.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("a folder") {
            let entry = entry.expect("an entry");
            let kind = entry.file_type().expect("a type");
            assert!(!kind.is_symlink(), "{}", entry.path().display());
            if kind.is_dir() {
                stack.push(entry.path());
            }
        }
    }
}

/// The disk, on which the served release's files named `refused` (or all, for `"*"`) cannot be
/// hard-linked into the release being built: files the build's user may not link (another
/// user's, with `fs.protected_hardlinks`), an immutable file, a full disk.
#[derive(Debug)]
struct LinksRefused(&'static str);

impl portal::output::Disk for LinksRefused {
    fn create_new(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        RealDisk.create_new(path, bytes)
    }
    fn create_dir(&self, path: &Path) -> std::io::Result<()> {
        RealDisk.create_dir(path)
    }
    fn link_or_copy(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        RealDisk.link_or_copy(from, to)
    }
    fn link_in(
        &self,
        from: std::os::fd::BorrowedFd<'_>,
        to: std::os::fd::BorrowedFd<'_>,
        name: &std::ffi::CStr,
    ) -> std::io::Result<()> {
        if self.0 == "*" || name.to_bytes() == self.0.as_bytes() {
            return Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied));
        }
        RealDisk.link_in(from, to, name)
    }
    fn symlink(&self, target: &Path, link: &Path) -> std::io::Result<()> {
        RealDisk.symlink(target, link)
    }
    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        RealDisk.rename(from, to)
    }
    fn sync_fs(&self, on: &Path) -> std::io::Result<()> {
        RealDisk.sync_fs(on)
    }
    fn sync_dir(&self, dir: &Path) -> std::io::Result<()> {
        RealDisk.sync_dir(dir)
    }
}

static NO_LINK_FOR_THE_SHELL: LinksRefused = LinksRefused("index.html");
static NO_LINKS: LinksRefused = LinksRefused("*");

/// A release taken back whose files the served release's could not all replace (found by a
/// second reader). The oldest release still has an article taken down since, and the file of
/// an item changed in the served release as it is again now; the prelink then fails to link one
/// file, or every file. Before, it stopped at the first failure: what it had not yet looked at
/// stayed, the article taken down was published again, and an old file holding the bytes of
/// the change undone was counted unchanged, so pages rendered from the change were linked. Now
/// a file not linked is left for the build, and the release is a full build's, file by file.
#[test]
fn a_release_taken_back_where_links_fail_is_still_a_full_builds_bytes() {
    for disk in [&NO_LINK_FOR_THE_SHELL, &NO_LINKS] {
        let mut pages_site = PagesSite::new(&format!("release-taken-back-no-link-{}", disk.0));
        let ids: Vec<usize> = (0..41).collect();
        let fewer: Vec<usize> = (0..40).collect();
        pages_site.write(archive(&ids, "站", None));
        pages_site
            .publish(&pages_site.site_dir)
            .expect("first, with i40");
        pages_site.write(archive(&fewer, "站", Some(3)));
        pages_site
            .publish(&pages_site.site_dir)
            .expect("second: i40 taken down, i03 changed");
        pages_site.write(archive(&fewer, "站", Some(3)));
        std::fs::remove_file(pages_site.site_dir.join("inputs.json")).expect("no manifest");
        pages_site.publish(&pages_site.site_dir).expect("third");
        pages_site.write(archive(&fewer, "站", None));
        pages_site.options.disk = disk;
        let built = pages_site.publish(&pages_site.site_dir).expect("fourth");
        pages_site.options.disk = &RealDisk;
        assert_eq!(releases_in(&pages_site.site_dir), KEPT_RELEASES, "{disk:?}");
        assert!(!built.path.join("article/i40.html").exists(), "{disk:?}");
        let page = std::fs::read_to_string(built.path.join("article/i03.html")).expect("page");
        assert!(!page.contains("改过的标题"), "{disk:?}: the change undone");
        let full = pages_site
            .publish(&pages_site.root.join("full"))
            .expect("full");
        assert_eq!(tree(&built.path), tree(&full.path), "{disk:?}");
    }
}

/// An attack by another user who may make folders in `SITE/releases` (a shared deploy group):
/// a folder of theirs, open to them, named to sort first, and a folder of theirs inside the
/// oldest release. Taken back, either would have been served and still theirs to write in
/// (found by a second reader). Now only the served release's owner's folders are kept. It
/// needs to hand a folder to another user (root's chown): without that, it says so and stops.
#[test]
fn a_folder_of_another_users_in_the_releases_is_never_served() {
    let pages_site = PagesSite::new("release-taken-back-owner");
    let PagesSite { site_dir, .. } = &pages_site;
    let nobody = 65534;
    let publish = |n: usize| {
        pages_site.write(archive(&(0..n).collect::<Vec<_>>(), "站", None));
        pages_site.publish(site_dir).expect("published")
    };
    let give = |path: &Path| {
        std::os::unix::fs::chown(path, Some(nobody), Some(nobody))
            .map(|()| {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o777))
                    .expect("chmod");
            })
            .is_ok()
    };
    let mut n = 40;
    for _ in 0..KEPT_RELEASES {
        publish(n);
        n += 1;
    }
    let theirs = site_dir.join("releases/00000000T000000");
    std::fs::create_dir(&theirs).expect("their folder");
    std::fs::write(theirs.join("x.html"), "theirs").expect("their file");
    if !give(&theirs) {
        eprintln!("SKIPPED: a folder cannot be given to another user here (needs root's chown)");
        return;
    }
    let built = publish(n);
    n += 1;
    let owner = |path: &Path| std::fs::metadata(path).expect("a folder").uid();
    assert_ne!(owner(&built.path), nobody, "their folder is served");
    assert!(!built.path.join("x.html").exists());

    let mut all: Vec<PathBuf> = std::fs::read_dir(site_dir.join("releases"))
        .expect("releases")
        .map(|e| e.expect("an entry").path())
        .collect();
    all.sort();
    assert!(give(&all[0].join("article")));
    let built = publish(n);
    assert!(!all[0].exists(), "the oldest release was taken back");
    assert_ne!(owner(&built.path.join("article")), nobody);
    let full = pages_site
        .publish(&pages_site.root.join("full"))
        .expect("full");
    assert_eq!(tree(&built.path), tree(&full.path));
}
