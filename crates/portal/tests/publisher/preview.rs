//! `portal preview` as an editor runs it: drafts and embargoed items shown and marked, the
//! reload script in every page, a rebuild after an edit, and a broken file shown with its file
//! and line while the last good build stays served.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use portal_core::model::date::Timestamp;
use portal_core::test_support::scratch;
use serde_json::{json, Value};

use super::support::dist;

/// The preview process, killed when dropped.
struct Preview(Child);

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// GET `path` from `root` (`http://127.0.0.1:N/`): status and body.
fn get(root: &str, path: &str) -> (u16, String) {
    let address = root
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let mut stream = TcpStream::connect(&address).expect("the preview listens");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .expect("a request");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("an answer");
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn state(root: &str) -> Value {
    serde_json::from_str(&get(root, "/__preview/state").1).expect("JSON state")
}

/// Waits until the preview's state satisfies `done`.
fn wait_for(root: &str, what: &str, done: impl Fn(&Value) -> bool) -> Value {
    let started = Instant::now();
    loop {
        let now = state(root);
        if done(&now) {
            return now;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "{what}: {now}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Starts `portal preview CONTENT --dist APP` with `temp` as its temporary folder; returns it
/// and the address it serves.
fn start(content: &Path, app: &Path, temp: &Path) -> (Preview, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(["preview", content.to_str().expect("a path"), "--port", "0"])
        .arg("--dist")
        .arg(app)
        .env("TMPDIR", temp)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("portal preview runs");
    let stdout = child.stdout.take().expect("its output");
    let preview = Preview(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("it says where it listens");
    let root = line
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    (preview, root)
}

/// The preview folders in `temp`.
fn work_folders(temp: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(temp)
        .expect("the temporary folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("portal-preview-"))
        .collect();
    names.sort();
    names
}

/// Stops the preview with `signal` and waits for it to exit.
fn stop(mut preview: Preview, signal: &str) -> std::process::ExitStatus {
    let pid = preview.0.id().to_string();
    let sent = Command::new("kill")
        .args([signal, &pid])
        .status()
        .expect("kill runs");
    assert!(sent.success(), "kill {signal} {pid}");
    let started = Instant::now();
    loop {
        if let Some(status) = preview.0.try_wait().expect("its status") {
            return status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "still running 30 s after kill {signal}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Ctrl-C and SIGTERM leave nothing in the temporary folder; a preview killed with `kill -9`
/// leaves its folder, and the next preview removes it. A planted folder named for a live
/// process, and a symlink, stay.
#[test]
fn preview_removes_its_temporary_folder_and_those_killed_previews_left() {
    let content = scratch("preview-clean-content");
    feed(&content, "标题");
    let app = dist("preview-clean-dist");
    let temp = scratch("preview-clean-temp");

    let (preview, root) = start(&content, &app, &temp);
    wait_for(&root, "the first build", |s| s["generation"] == 1);
    assert_eq!(work_folders(&temp).len(), 1, "{:?}", work_folders(&temp));
    let status = stop(preview, "-INT");
    assert!(status.success(), "Ctrl-C is a normal end: {status}");
    assert_eq!(
        work_folders(&temp),
        Vec::<String>::new(),
        "removed on Ctrl-C"
    );

    let (killed, root) = start(&content, &app, &temp);
    wait_for(&root, "the first build", |s| s["generation"] == 1);
    let left = work_folders(&temp);
    assert_eq!(left.len(), 1);
    stop(killed, "-KILL");
    assert_eq!(work_folders(&temp), left, "kill -9 leaves the folder");
    // Planted: a folder named for this test's own (live) process, and a symlink to a folder
    // that must survive, named for a process that is gone.
    let live = format!("portal-preview-{}-planted", std::process::id());
    std::fs::create_dir(temp.join(&live)).expect("planted folder");
    let target = scratch("preview-clean-target");
    std::fs::write(target.join("keep"), "keep").expect("a file to keep");
    std::os::unix::fs::symlink(&target, temp.join("portal-preview-999999999-link"))
        .expect("planted symlink");

    let (next, root) = start(&content, &app, &temp);
    wait_for(&root, "the first build", |s| s["generation"] == 1);
    let now = work_folders(&temp);
    assert!(
        !now.contains(&left[0]),
        "the killed preview's folder is removed: {now:?}"
    );
    assert!(
        now.contains(&live),
        "a live process's folder stays: {now:?}"
    );
    assert!(target.join("keep").is_file(), "a symlink is not followed");
    assert_eq!(now.len(), 3, "{now:?}");
    let status = stop(next, "-TERM");
    assert!(status.success(), "SIGTERM is a normal end: {status}");
    let mut after = vec![live, "portal-preview-999999999-link".to_string()];
    after.sort();
    assert_eq!(work_folders(&temp), after);
}

fn feed(dir: &Path, title: &str) {
    let now = portal::unix_now();
    let text = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "预览",
        "items": [
            { "id": "live-1", "title": title, "content_text": "正文。",
              "date_published": Timestamp(now - 3600).rfc3339_shanghai() },
            { "id": "draft-1", "title": "一篇草稿", "content_text": "草稿正文。",
              "date_published": Timestamp(now - 7200).rfc3339_shanghai(),
              "_portal": { "draft": true } },
            { "id": "later-1", "title": "明天发布", "content_text": "定时。",
              "date_published": Timestamp(now + 86_400).rfc3339_shanghai() }
        ]
    });
    std::fs::write(
        dir.join("feed.json"),
        serde_json::to_string_pretty(&text).expect("JSON"),
    )
    .expect("feed.json");
}

#[test]
fn preview_shows_drafts_marked_rebuilds_after_an_edit_and_keeps_the_last_good_build() {
    let content = scratch("preview-content");
    feed(&content, "第一版标题");
    let app = dist("preview-dist");
    let (preview, root) = start(&content, &app, &std::env::temp_dir());

    let first = state(&root);
    assert_eq!(first["generation"], 1, "{first}");
    let (status, draft) = get(&root, "/article/draft-1");
    assert_eq!(status, 200);
    assert!(draft.contains("【预览 · 未发布】一篇草稿"), "{draft}");
    assert!(draft.contains("<script src=\"/__preview/reload.js\" defer></script></body>"));
    let (_, later) = get(&root, "/article/later-1");
    assert!(later.contains("【预览 · 未发布】明天发布"));
    // The page's file name as a route is another article's (an id ending in .html): the
    // shell, as deploy/nginx answers it, not draft-1's page.
    let (status, named) = get(&root, "/article/draft-1.html");
    assert_eq!(status, 200);
    assert!(!named.contains("一篇草稿"), "{named}");
    let (_, home) = get(&root, "/");
    assert!(home.contains("第一版标题") && home.contains("【预览 · 未发布】一篇草稿"));
    assert!(
        !home.contains("【预览 · 未发布】第一版标题"),
        "a live item is not marked"
    );
    assert_eq!(get(&root, "/__preview/reload.js").0, 200);
    assert_eq!(
        get(&root, "/sw.js").0,
        404,
        "no worker to cache the preview"
    );
    assert_eq!(get(&root, "/content/nothing.json").0, 404);
    assert_eq!(get(&root, "/../../etc/passwd").0, 404);

    // An edit: rebuilt, the new title served.
    feed(&content, "第二版标题");
    wait_for(&root, "a rebuild", |s| s["generation"] == 2);
    assert!(get(&root, "/article/live-1").1.contains("第二版标题"));

    // A broken file: its file and line shown, the last good build still served.
    std::fs::write(
        content.join("feed.json"),
        "{\n  \"version\": \"https://jsonfeed.org/version/1.1\",\n  \"items\": [\n",
    )
    .expect("broken");
    let broken = wait_for(&root, "the error", |s| !s["error"].is_null());
    let error = broken["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("feed.json") && error.contains("line"),
        "{error}"
    );
    assert_eq!(broken["generation"], 2);
    assert!(get(&root, "/article/live-1").1.contains("第二版标题"));

    feed(&content, "第三版标题");
    let fixed = wait_for(&root, "the fix", |s| s["generation"] == 3);
    assert!(fixed["error"].is_null(), "{fixed}");
    drop(preview);
}
