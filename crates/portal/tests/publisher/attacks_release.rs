//! Issue 20's attacks on releases, performed for real with the `portal` binary: two builds
//! into one site at once, an import during a build, builds killed part-way. Each asserts what
//! must now hold instead of what was seen happen.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use portal_core::test_support::scratch;
use serde_json::{json, Value};

use portal::build::BuildOptions;
use portal::output::{Disk, RealDisk};
use portal::release::{publish_release, KEPT_RELEASES};
use portal::site_url::SiteUrl;

use crate::support::{dist, said};

const PORTAL: &str = env!("CARGO_BIN_EXE_portal");

fn text(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// A feed of `n` items, each with some text and two tags: enough for a build to take a while.
fn feed(n: usize, page_size: usize) -> Value {
    let items: Vec<Value> = (0..n)
        .map(|i| {
            json!({
                "id": format!("item-{i}"),
                "title": format!("第 {i} 条科创资讯"),
                "content_html": format!("<p>{}</p>", "科技创新与产业动态。".repeat(40)),
                "date_published": format!("2024-01-01T{:02}:{:02}:{:02}+08:00", i / 3600 % 24, i / 60 % 60, i % 60),
                "tags": [format!("标签{}", i % 17), "科创"],
            })
        })
        .collect();
    json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "科创资讯",
        "_portal": { "page_size": page_size },
        "items": items,
    })
}

/// A scratch site: `content/feed.json` of `n` items, `dist/` with the app's shell, and the
/// path `site/` (not made).
fn setup(name: &str, n: usize) -> (PathBuf, PathBuf, PathBuf) {
    let root = scratch(name);
    let content = root.join("content");
    std::fs::create_dir_all(&content).expect("content");
    std::fs::write(content.join("feed.json"), feed(n, 20).to_string()).expect("feed");
    let app = dist(&format!("{name}-dist"));
    (content, app, root.join("site"))
}

fn build_args<'a>(content: &'a Path, app: &'a Path, site: &'a Path, url: &'a str) -> Vec<&'a str> {
    vec![
        "build",
        "--content",
        text(content),
        "--dist",
        text(app),
        "--site-url",
        url,
        "--out",
        text(site),
    ]
}

/// Starts `portal ARGS…` with its output thrown away.
fn spawn(args: &[&str]) -> Child {
    Command::new(PORTAL)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("portal starts")
}

/// `portal build` of `content` into the app folder `app` itself (no `--out`), for https://x.test/.
fn build_in_dist(content: &Path, app: &Path) -> Output {
    run(&[
        "build",
        "--content",
        text(content),
        "--dist",
        text(app),
        "--site-url",
        "https://x.test/",
    ])
}

fn run(args: &[&str]) -> Output {
    Command::new(PORTAL)
        .args(args)
        .output()
        .expect("portal runs")
}

/// Waits until `lock` names `child` as its holder; panics if it ends first.
fn wait_for_holder(child: &mut Child, lock: &Path) {
    let wanted = format!("PID {} since", child.id());
    let started = Instant::now();
    loop {
        if std::fs::read_to_string(lock).is_ok_and(|t| t.starts_with(&wanted)) {
            return;
        }
        if let Some(status) = child.try_wait().expect("a child") {
            panic!("the build ended ({status}) before it was seen holding {lock:?}");
        }
        assert!(started.elapsed() < Duration::from_secs(120), "never locked");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// What was refused for a held lock: exit 75, one line naming the holder's PID and start time.
fn assert_refused_for(output: &Output, holder: u32, lock: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(75), "{}", said(output));
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.contains(&format!("PID {holder} since 20")) && stderr.contains(lock),
        "names the lock and its holder: {stderr}"
    );
    assert!(output.stdout.is_empty(), "{}", said(output));
}

/// Every release folder of `site`, and anything else there.
fn release_entries(site: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.join("releases"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Row 4: two `portal build --out SITE` at once, with different site URLs. Before: one shared
/// building folder, and a release mixing the two builds served with exit 0. Now the second
/// exits 75 at once, and the first serves a whole release of its own.
#[test]
fn a_second_build_into_one_site_exits_75_and_the_first_serves_a_whole_release() {
    let (content, app, site) = setup("attack-two-builds", 3000);
    let mut first = spawn(&build_args(&content, &app, &site, "https://first.test/"));
    wait_for_holder(&mut first, &site.join(".lock"));
    let second = run(&build_args(&content, &app, &site, "https://second.test/"));
    let still_running = first.try_wait().expect("a child").is_none();
    assert!(
        still_running,
        "the first build ended before the second tried: the attack did not overlap"
    );
    assert_refused_for(&second, first.id(), ".lock");
    assert!(first.wait().expect("the first ends").success());

    let sitemap = std::fs::read_to_string(site.join("current/sitemap.xml")).expect("served");
    assert!(sitemap.contains("https://first.test/"), "{sitemap}");
    let served = portal_core::test_support::files_under(&site.join("current"));
    assert!(served.len() > 3000, "{} files", served.len());
    for (path, bytes) in &served {
        assert!(
            !String::from_utf8_lossy(bytes).contains("second.test"),
            "{} is of the second build",
            path.display()
        );
    }
    assert!(site.join("current/content/feed.json").is_file());
    let entries = release_entries(&site);
    assert_eq!(
        entries.len(),
        1,
        "one release, no building folder: {entries:?}"
    );
}

/// Row 4: an import that replaced `content/` during a build gave a release without
/// `content/images/`. Now the import exits 75 while the build reads the folder, and says who
/// holds `content.lock`.
#[test]
fn an_import_during_a_build_exits_75() {
    let (content, app, site) = setup("attack-import-during-build", 3000);
    let source = content.parent().expect("a root").join("other.json");
    std::fs::write(&source, feed(3, 20).to_string()).expect("a source");
    let mut build = spawn(&build_args(&content, &app, &site, "https://x.test/"));
    let lock = content.with_file_name("content.lock");
    wait_for_holder(&mut build, &lock);
    let import = run(&["import", text(&source), "--out", text(&content)]);
    assert!(
        build.try_wait().expect("a child").is_none(),
        "the build ended before the import tried"
    );
    assert_refused_for(&import, build.id(), "content.lock");
    assert!(build.wait().expect("the build ends").success());
    let feed: Value = serde_json::from_slice(
        &std::fs::read(content.join("feed.json")).expect("the content is still there"),
    )
    .expect("JSON");
    assert_eq!(feed["items"].as_array().map(Vec::len), Some(3000));
}

/// The release `site/current` points at: its folder name.
fn served(site: &Path) -> String {
    std::fs::read_link(site.join("current"))
        .expect("a release is served")
        .file_name()
        .expect("a name")
        .to_string_lossy()
        .into_owned()
}

/// Row 5: build v1, build v2 (bad), rollback, build v3, rollback. Before: the second rollback
/// served v2, the release rolled back. Now it serves v1, the one served before v3, and v2 is
/// served again only when named.
#[test]
fn a_rolled_back_release_is_not_served_again_unless_named() {
    let (content, app, site) = setup("attack-rollback", 5);
    let build = |title: &str| {
        let mut value = feed(5, 20);
        value["title"] = json!(title);
        std::fs::write(content.join("feed.json"), value.to_string()).expect("feed");
        let output = run(&build_args(&content, &app, &site, "https://x.test/"));
        assert!(output.status.success(), "{}", said(&output));
        served(&site)
    };
    let rollback = |to: Option<&str>| {
        let mut args = vec!["rollback", "--out", text(&site)];
        args.extend(to.map(|name| ["--to", name]).iter().flatten());
        run(&args)
    };
    let v1 = build("版本一");
    let v2 = build("版本二");
    assert!(rollback(None).status.success());
    assert_eq!(served(&site), v1);
    let v3 = build("版本三");
    assert_ne!(v3, v2);
    let back = rollback(None);
    assert!(back.status.success(), "{}", said(&back));
    assert_eq!(served(&site), v1, "the release served before v3, not v2");
    let home = std::fs::read_to_string(site.join("current/index.html")).expect("home");
    assert!(home.contains("版本一"));

    let none = rollback(None);
    assert_eq!(none.status.code(), Some(2), "{}", said(&none));
    assert!(said(&none).contains("--to"), "{}", said(&none));
    let named = rollback(Some(&v2));
    assert!(named.status.success(), "{}", said(&named));
    assert_eq!(served(&site), v2, "served when named");
    let again = rollback(Some(&v2));
    assert_eq!(
        again.status.code(),
        Some(2),
        "already served: {}",
        said(&again)
    );
    // And back from v2, named, goes to the release served before it: v1.
    assert!(rollback(None).status.success());
    assert_eq!(served(&site), v1);
    let unknown = rollback(Some("../../etc"));
    assert_eq!(unknown.status.code(), Some(2), "{}", said(&unknown));
    assert_eq!(served(&site), v1);
}

/// Row 6: symlinks planted in a `--dist` folder. Before: a page was written outside the
/// folder through `article/<id> -> elsewhere` (pages were then folders of their own), and a file outside was overwritten through a
/// temporary file's predictable name. Now a symlinked path is refused, temporaries have random
/// names created new, and a symlink among the packed files is removed, never followed.
#[test]
fn symlinks_planted_in_a_dist_folder_write_nothing_outside_it() {
    let (content, app, _) = setup("attack-dist-symlinks", 5);
    let outside = content.parent().expect("a root").join("outside");
    std::fs::create_dir_all(&outside).expect("outside");
    std::fs::write(outside.join("victim.txt"), "the operator's file").expect("victim");
    let build = || build_in_dist(&content, &app);
    // The temporaries' old names, and a packed folder pointing outside.
    std::os::unix::fs::symlink(outside.join("victim.txt"), app.join("feed.portal-tmp"))
        .expect("plant");
    std::os::unix::fs::symlink(outside.join("victim.txt"), app.join("sitemap.portal-tmp"))
        .expect("plant");
    std::fs::create_dir_all(app.join("content")).expect("content");
    std::os::unix::fs::symlink(&outside, app.join("content/planted")).expect("plant");
    let first = build();
    assert!(first.status.success(), "{}", said(&first));
    assert_eq!(
        std::fs::read_to_string(outside.join("victim.txt")).expect("still there"),
        "the operator's file"
    );
    assert!(!app.join("content/planted").exists(), "the link is removed");
    assert!(
        outside.join("victim.txt").is_file(),
        "not what it pointed at"
    );

    // A page pointing outside, then the pages' folder: refused, nothing written there.
    let names = || -> Vec<_> {
        std::fs::read_dir(&outside)
            .expect("outside")
            .flatten()
            .map(|e| e.file_name())
            .collect()
    };
    let page = app.join("article/item-0.html");
    std::fs::remove_file(&page).expect("the page");
    std::os::unix::fs::symlink(outside.join("page.html"), &page).expect("plant");
    let second = build();
    assert_eq!(second.status.code(), Some(2), "{}", said(&second));
    assert!(said(&second).contains("symlink"), "{}", said(&second));
    assert_eq!(names(), ["victim.txt"], "nothing written outside");
    std::fs::remove_dir_all(app.join("article")).expect("the pages' folder");
    std::os::unix::fs::symlink(&outside, app.join("article")).expect("plant");
    let third = build();
    assert_eq!(third.status.code(), Some(2), "{}", said(&third));
    assert!(said(&third).contains("symlink"), "{}", said(&third));
    assert_eq!(names(), ["victim.txt"], "nothing written outside");
}

/// Row 11: builds killed part-way each left a `.building-*` folder that nothing removed. Now
/// the next build removes them, under the lock, and the lock of a killed run is free.
#[test]
fn a_build_killed_part_way_leaves_nothing_the_next_build_does_not_remove() {
    let (content, app, site) = setup("attack-killed-builds", 3000);
    for _ in 0..2 {
        let mut build = spawn(&build_args(&content, &app, &site, "https://x.test/"));
        wait_for_holder(&mut build, &site.join(".lock"));
        // Killed once it has written pages of its own.
        let started = Instant::now();
        while !release_entries(&site)
            .iter()
            .any(|n| n.starts_with(".building-"))
            || started.elapsed() < Duration::from_millis(300)
        {
            assert!(started.elapsed() < Duration::from_secs(60), "never started");
            std::thread::sleep(Duration::from_millis(10));
        }
        build.kill().expect("kill -9");
        build.wait().expect("it ends");
    }
    let left = release_entries(&site);
    assert_eq!(
        left.iter().filter(|n| n.starts_with(".building-")).count(),
        1,
        "each run had its own folder, the second removed the first's: {left:?}"
    );
    let next = run(&build_args(&content, &app, &site, "https://x.test/"));
    assert!(
        next.status.success(),
        "a dead holder's lock is free: {}",
        said(&next)
    );
    let left = release_entries(&site);
    assert!(
        !left.iter().any(|n| n.starts_with('.')),
        "no building folder is left: {left:?}"
    );
    assert!(site.join("current/index.html").is_file());
}

/// Row 13: `--out` inside `--content` copied the release into the content, and the next
/// builds failed with "File name too long". Now refused in one line, before anything is made.
#[test]
fn an_out_folder_inside_the_content_or_the_app_is_refused() {
    let (content, app, _) = setup("attack-out-inside", 5);
    for (site, inside) in [
        (content.join("site"), "--out is inside --content"),
        (app.join("site"), "--out is inside --dist"),
        (
            content.parent().expect("a root").to_path_buf(),
            "--content is inside --out",
        ),
    ] {
        let output = run(&build_args(&content, &app, &site, "https://x.test/"));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{}", said(&output));
        assert!(stderr.contains(inside), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(!site.join("releases").exists(), "nothing made");
    }
}

/// Item 5 of issue 20: the written output has a cap (row 9's 10,000 tiny items made 21,062
/// files). Past it the build stops with a clear error, and the served release stays.
#[test]
fn a_build_past_its_cap_stops_and_the_served_release_stays() {
    let (content, app, site) = setup("attack-output-cap", 300);
    let first = run(&build_args(&content, &app, &site, "https://x.test/"));
    assert!(first.status.success(), "{}", said(&first));
    let before = served(&site);
    for (flag, value) in [("--max-files", "100"), ("--max-megabytes", "1")] {
        // The same inputs would not be built again (src/inputs.rs): without the manifest they are.
        std::fs::remove_file(site.join("inputs.json")).ok();
        let mut args = build_args(&content, &app, &site, "https://x.test/");
        args.extend([flag, value]);
        let output = run(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{}", said(&output));
        assert!(
            stderr.contains(flag) && stderr.contains("before the disk fills"),
            "{stderr}"
        );
        assert_eq!(served(&site), before);
        assert_eq!(
            release_entries(&site),
            std::slice::from_ref(&before),
            "nothing left"
        );
    }
    let help = run(&["build", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("--max-files") && help.contains("1000000"),
        "{help}"
    );
    assert!(
        help.contains("--max-megabytes") && help.contains("12000"),
        "{help}"
    );
}

/// `portal check … | head -1`: the reader goes away after one line. Before: a panic ("failed
/// printing to stdout: Broken pipe"), exit 101. Now it ends quietly, as other tools do.
#[test]
fn output_piped_into_a_reader_that_stops_early_ends_quietly() {
    use std::io::BufRead;
    use std::os::unix::process::ExitStatusExt;
    let root = scratch("attack-broken-pipe");
    // 3,000 items without an id: an error line each, far more than a pipe holds.
    let items: Vec<Value> = (0..3000)
        .map(|i| json!({ "title": format!("第 {i} 条") }))
        .collect();
    let file = root.join("feed.json");
    std::fs::write(
        &file,
        json!({ "version": "https://jsonfeed.org/version/1.1", "title": "站", "items": items })
            .to_string(),
    )
    .expect("feed");
    let mut check = Command::new(PORTAL)
        .args(["check", text(&file)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("portal starts");
    let stdout = check.stdout.take().expect("stdout");
    let mut first = String::new();
    std::io::BufReader::new(stdout)
        .read_line(&mut first)
        .expect("a line");
    assert!(first.starts_with("error"), "{first}");
    // The reader is gone: dropped with the BufReader.
    let output = check.wait_with_output().expect("it ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        output.status.signal(),
        Some(libc::SIGPIPE),
        "{:?}",
        output.status
    );
}

/// What a build asked of the disk, in order.
#[derive(Debug, Clone, PartialEq)]
enum Call {
    Write(PathBuf),
    Rename(PathBuf, PathBuf),
    SyncFs,
    SyncDir(PathBuf),
}

/// The disk, with a record of the calls that put a release on it.
#[derive(Debug, Default)]
struct Recording(std::sync::Mutex<Vec<Call>>);

impl Recording {
    fn note(&self, call: Call) {
        self.0.lock().expect("the record").push(call);
    }
}

impl Disk for Recording {
    fn create_new(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        self.note(Call::Write(path.to_path_buf()));
        RealDisk.create_new(path, bytes)
    }
    fn create_dir(&self, path: &Path) -> std::io::Result<()> {
        self.note(Call::Write(path.to_path_buf()));
        RealDisk.create_dir(path)
    }
    fn link_or_copy(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        self.note(Call::Write(to.to_path_buf()));
        RealDisk.link_or_copy(from, to)
    }
    fn link_in(
        &self,
        from: std::os::fd::BorrowedFd<'_>,
        to: std::os::fd::BorrowedFd<'_>,
        name: &std::ffi::CStr,
    ) -> std::io::Result<()> {
        use std::os::unix::ffi::OsStrExt;
        self.note(Call::Write(PathBuf::from(std::ffi::OsStr::from_bytes(
            name.to_bytes(),
        ))));
        RealDisk.link_in(from, to, name)
    }
    fn symlink(&self, target: &Path, link: &Path) -> std::io::Result<()> {
        self.note(Call::Write(link.to_path_buf()));
        RealDisk.symlink(target, link)
    }
    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        self.note(Call::Rename(from.to_path_buf(), to.to_path_buf()));
        RealDisk.rename(from, to)
    }
    fn sync_fs(&self, on: &Path) -> std::io::Result<()> {
        self.note(Call::SyncFs);
        RealDisk.sync_fs(on)
    }
    fn sync_dir(&self, dir: &Path) -> std::io::Result<()> {
        self.note(Call::SyncDir(dir.to_path_buf()));
        RealDisk.sync_dir(dir)
    }
}

/// Power loss, by simulation: a cut at any point keeps what was synced before it. Nothing may
/// be renamed into place (`current`) before everything the release is made of was synced,
/// and the folder holding `current` is synced after the switch. Before, there was no sync at
/// all: a cut after the switch could leave `current` pointing at empty files.
#[test]
fn nothing_is_renamed_into_place_before_it_is_synced() {
    let (content, app, site) = setup("attack-power-loss", 30);
    let url = SiteUrl::parse("https://x.test/").expect("a site URL");
    for round in 0..=KEPT_RELEASES {
        // Rounds 1 on build the same inputs again: without the manifest, they are not skipped.
        // The last is built in the oldest release's folder, taken back by a rename.
        std::fs::remove_file(site.join("inputs.json")).ok();
        let disk = Recording::default();
        let options = BuildOptions {
            disk: &disk,
            ..BuildOptions::default()
        };
        let release = publish_release(&content, &app, &site, &url, &options).expect("built");
        let calls = disk.0.into_inner().expect("the record");
        let current = site.join("current");
        let switch = calls
            .iter()
            .position(|c| matches!(c, Call::Rename(_, to) if *to == current))
            .expect("current is switched by a rename");
        let synced = calls[..switch]
            .iter()
            .rposition(|c| *c == Call::SyncFs)
            .expect("a sync before the switch");
        let written: Vec<&Call> = calls[synced..switch]
            .iter()
            .filter(|c| !matches!(c, Call::SyncFs))
            .collect();
        assert!(written.is_empty(), "written after the sync: {written:?}");
        if round < KEPT_RELEASES {
            assert!(
                calls[..synced]
                    .iter()
                    .filter(|c| matches!(c, Call::Write(_)))
                    .count()
                    > 100,
                "round {round}: the release's files go through the disk: {} calls",
                calls.len()
            );
        } else {
            // The taken-back folder holds the served release's files already.
            let building = site.join("releases/.building-");
            assert!(
                calls[..synced].iter().any(|c| matches!(c,
                    Call::Rename(_, to) if to.starts_with(site.join("releases"))
                        && to.to_string_lossy().starts_with(&*building.to_string_lossy()))),
                "round {round}: the oldest release is taken back before the sync: {calls:?}"
            );
        }
        assert!(
            calls[..synced]
                .iter()
                .any(|c| matches!(c, Call::Rename(_, to) if *to == release.path)),
            "the release's folder has its name before the sync"
        );
        assert_eq!(
            calls[switch + 1..],
            [Call::SyncDir(site.clone())],
            "the folder holding current is synced after the switch, and nothing else happens"
        );
    }
}

/// Row 10: tags `T` (6 items) and `T-1`, `page_size` 2. Before: `tags/T-1.json`, an older
/// file of `T`, was overwritten by tag `T-1`'s first file, and two of `T`'s items vanished
/// from its paging. Now older files are `T@k.json`, which no tag's first file can be named.
#[test]
fn a_tag_named_like_another_tags_older_file_takes_nothing_from_it() {
    let (content, app, _) = setup("attack-tag-paging", 0);
    let item = |id: &str, tag: &str, day: u32| {
        json!({
            "id": id, "title": format!("标题 {id}"), "content_text": "正文",
            "date_published": format!("2024-03-{day:02}T10:00:00+08:00"), "tags": [tag],
        })
    };
    let mut items: Vec<Value> = (1..=6).map(|d| item(&format!("t{d}"), "T", d)).collect();
    items.extend((7..=9).map(|d| item(&format!("u{d}"), "T-1", d)));
    let authored = json!({
        "version": "https://jsonfeed.org/version/1.1", "title": "站",
        "_portal": { "page_size": 2 }, "items": items,
    });
    std::fs::write(content.join("feed.json"), authored.to_string()).expect("feed");
    let output = build_in_dist(&content, &app);
    assert!(output.status.success(), "{}", said(&output));
    let tags = app.join("content/tags");
    // Each tag's list, read as the app reads it: the first file, then next_url to the oldest.
    let list = |first: &str| {
        let mut ids = Vec::new();
        let mut next = Some(first.to_string());
        while let Some(name) = next {
            let page: Value = serde_json::from_slice(
                &std::fs::read(tags.join(&name)).unwrap_or_else(|e| panic!("{name}: {e}")),
            )
            .expect("JSON");
            for i in page["items"].as_array().expect("items") {
                ids.push(i["id"].as_str().expect("an id").to_string());
            }
            next = page["next_url"].as_str().map(str::to_string);
        }
        ids
    };
    assert_eq!(list("T.json"), ["t6", "t5", "t4", "t3", "t2", "t1"]);
    assert_eq!(list("T-1.json"), ["u9", "u8", "u7"]);
    assert!(tags.join("T@1.json").is_file());
    let first: Value =
        serde_json::from_slice(&std::fs::read(app.join("content/feed.json")).expect("feed"))
            .expect("JSON");
    assert_eq!(
        first["_portal"]["packed_format"],
        json!(portal_core::model::feed::PACKED_FORMAT)
    );
}

/// A page list planted in the app's folder. The build removes the pages its last build listed
/// and did not write again; since pages became `<route>.html` files, a list naming any `.html`
/// file would have had the app's shell, its 404 page and an operator's verification page
/// removed. Now only names a page of this program can have are taken from it.
#[test]
fn a_planted_page_list_removes_nothing_but_pages() {
    let (content, app, _) = setup("attack-page-list", 5);
    let first = build_in_dist(&content, &app);
    assert!(first.status.success(), "{}", said(&first));
    std::fs::write(app.join("google0123456789.html"), "verification").expect("plant");
    let list = app.join("portal-pages.txt");
    let mut planted = std::fs::read_to_string(&list).expect("the page list");
    for line in [
        "shell.html",
        "404.html",
        "google0123456789.html",
        "article/item-9.html",
    ] {
        planted.push_str(line);
        planted.push('\n');
    }
    std::fs::write(app.join("article/item-9.html"), "a page gone from the feed").expect("plant");
    std::fs::write(&list, planted).expect("plant the list");
    let second = build_in_dist(&content, &app);
    assert!(second.status.success(), "{}", said(&second));
    for kept in ["shell.html", "404.html", "google0123456789.html"] {
        assert!(app.join(kept).is_file(), "{kept} was removed");
    }
    assert!(
        !app.join("article/item-9.html").exists(),
        "a page the list names is removed"
    );
}
