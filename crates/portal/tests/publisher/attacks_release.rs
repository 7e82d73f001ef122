//! Issue 20's attacks on releases, performed for real with the `portal` binary: two builds
//! into one site at once, an import during a build, builds killed part-way. Each asserts what
//! must now hold instead of what was seen happen.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use portal_core::test_support::scratch;
use serde_json::{json, Value};

use crate::support::dist;

const PORTAL: &str = env!("CARGO_BIN_EXE_portal");

fn said(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

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
