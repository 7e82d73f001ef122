//! `portal check` (src/check.rs): the page's 内容提示 in the same words, what only a publisher
//! sees, its exit statuses, and `portal build` refusing content with errors.
use portal_core::test_support::{files_under, named_pipe, scratch, workspace_root as repo};
use std::path::{Path, PathBuf};

use portal::build::{build, BuildOptions};
use portal::check::{check_path, Severity};
use portal::content::read_content;
use portal::site_url::SiteUrl;
use portal::{unix_now, Error};
use portal_core::html::{tokenize, Token};
use portal_core::write::markup::render;
use portal_core::write::status::content_notices;
use serde_json::{json, Value};

fn write(dir: &Path, name: &str, value: &Value) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("a folder");
    }
    std::fs::write(path, value.to_string()).expect("write");
}

/// A folder whose feed the page would show with 内容提示: an item without an id, a title of the
/// wrong type, an id repeated on the older page, a next_url that loops back.
fn odd_folder(name: &str) -> PathBuf {
    let dir = scratch(name);
    write(
        &dir,
        "feed.json",
        &json!({
            "version": "https://jsonfeed.org/version/1.1",
            "title": "站",
            "next_url": "feed-2.json",
            "items": [
                { "title": "没有 id", "content_text": "正文" },
                { "id": "a", "title": 42, "content_text": "正文" },
                { "id": "b", "title": "b", "content_text": "正文" }
            ]
        }),
    );
    write(
        &dir,
        "feed-2.json",
        &json!({
            "version": "https://jsonfeed.org/version/1.1",
            "next_url": "feed.json",
            "items": [{ "id": "b", "title": "又一个 b", "content_text": "正文" }]
        }),
    );
    dir
}

/// The `<li>` texts of the 内容提示 block the page shows for `dir`'s content.
fn notices_on_the_page(dir: &Path) -> Vec<String> {
    let site = SiteUrl::parse("https://portal.invalid/").expect("a site URL");
    let catalog = read_content(dir, &site).expect("reads").catalog;
    let html = render(|m| content_notices(m, &catalog.problems, "content/feed.json"));
    let mut items = Vec::new();
    let mut in_li = false;
    for token in tokenize(&html) {
        match token {
            Token::Start { name, .. } if name == "li" => {
                in_li = true;
                items.push(String::new());
            }
            Token::End(name) if name == "li" => in_li = false,
            Token::Text(text) if in_li => {
                if let Some(last) = items.last_mut() {
                    last.push_str(&text);
                }
            }
            _ => {}
        }
    }
    items
}

#[test]
fn check_says_what_the_page_says_in_the_same_words() {
    let dir = odd_folder("check-odd");
    let findings = check_path(&dir, unix_now()).expect("readable");
    let errors: Vec<String> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(ToString::to_string)
        .collect();
    let page = notices_on_the_page(&dir);
    assert!(page.len() >= 3, "{page:?}");
    assert_eq!(errors, page);
    // The file and the place come first, as in `file: items[3].title: problem`.
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("feed.json items[1].title: ")),
        "{errors:?}"
    );
}

#[test]
fn check_adds_what_only_a_publisher_sees() {
    let dir = scratch("check-publisher");
    let long_body = "长".repeat(400_000);
    write(
        &dir,
        "feed.json",
        &json!({
            "version": "https://jsonfeed.org/version/1.1",
            "_portal": {
                "channels": [{ "slug": "c", "name": "栏目" }],
                "article_url": "articles/{segment}.json",
                "tiles": [{ "title": "图", "url": "/tag/x", "image": "images/tile.png" }]
            },
            "items": [
                { "id": "a", "title": "a", "image": "images/missing.png",
                  "content_html": "<p><img src=\"images/also-missing.png\" alt=\"\"><a href=\"https://elsewhere.test/x\">x</a></p>",
                  "_portal": { "channel": "nowhere" } },
                { "id": "b", "title": "b", "content_text": long_body,
                  "date_published": "2999-01-01T00:00:00+08:00", "_portal": { "channel": "c" } }
            ]
        }),
    );
    write(
        &dir,
        "articles/a.json",
        &json!({ "version": "https://jsonfeed.org/version/1.1", "items": [{ "id": "a", "title": "a" }] }),
    );
    let lines: Vec<String> = check_path(&dir, unix_now())
        .expect("readable")
        .iter()
        .map(|f| format!("{:?} {f}", f.severity))
        .collect();
    let expected = [
        "Warning feed.json _portal.tiles[0].image: “images/tile.png” is not in the content folder",
        "Warning feed.json item “a”: image “images/missing.png” is not in the content folder",
        "Warning feed.json item “a”: picture “images/also-missing.png” is not in the content folder",
        "Warning feed.json item “a”: channel “nowhere” is not declared in _portal.channels; the item is in no channel's list",
        "Note feed.json item “b”: held until 2999-01-01 00:00 (Beijing time, 2999-01-01T00:00:00+08:00): dated in the future, it is published by the first build or sync after then",
        "Warning feed.json item “b”: date 2999-01-01 00:00 is more than a day ahead: if it is not meant as an embargo, is the source's time zone right?",
        "Error feed.json item “b”: its article file “articles/b.json” (_portal.article_url) is missing: a deep link to it finds nothing",
    ];
    for line in expected {
        assert!(lines.iter().any(|l| l == line), "{line}\nnot in {lines:#?}");
    }
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Warning feed.json: 1") && l.contains("KB: over 1024 KB")),
        "{lines:#?}"
    );
    assert_eq!(lines.len(), expected.len() + 1, "{lines:#?}");
}

fn portal_status(args: &[&str]) -> (i32, String, String) {
    let out = super::support::portal(args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_exits_0_when_clean_1_on_errors_2_when_unreadable() {
    let sample = repo().join("public/content");
    let (status, stdout, _) = portal_status(&["check", &sample.to_string_lossy()]);
    assert_eq!((status, stdout.as_str()), (0, ""));

    let odd = odd_folder("check-exit-odd");
    let (status, stdout, stderr) = portal_status(&["check", &odd.to_string_lossy()]);
    assert_eq!(status, 1, "{stdout}{stderr}");
    assert!(stdout
        .lines()
        .all(|l| l.starts_with("error: ") || l.starts_with("warning: ")));
    let (status, json, _) = portal_status(&["check", "--format", "json", &odd.to_string_lossy()]);
    assert_eq!(status, 1);
    for line in json.lines() {
        let finding: Value = serde_json::from_str(line).expect("one JSON object a line");
        assert!(finding["severity"] == "error" || finding["severity"] == "warning");
        assert!(finding["text"]
            .as_str()
            .is_some_and(|t| t.contains(finding["message"].as_str().unwrap_or("?"))));
    }
    // One feed file of the folder can be checked on its own.
    let (status, _, _) = portal_status(&["check", &odd.join("feed-2.json").to_string_lossy()]);
    assert_eq!(
        status, 1,
        "its next_url loops back to itself… through feed.json"
    );

    let broken = scratch("check-exit-broken");
    std::fs::write(
        broken.join("feed.json"),
        "<html><body>not a feed</body></html>",
    )
    .expect("write");
    let (status, _, stderr) = portal_status(&["check", &broken.to_string_lossy()]);
    assert_eq!(status, 2);
    assert!(stderr.contains("feed.json"), "{stderr}");
    let (status, _, _) = portal_status(&["check", "/no/such/folder"]);
    assert_eq!(status, 2);
}

#[test]
fn build_refuses_content_with_errors_and_leaves_the_site_as_it_was() {
    let dist = crate::support::published_sample("check-refuse-dist", "https://x.test/");
    let site = SiteUrl::parse("https://x.test/").expect("a site URL");
    let before = files_under(&dist);

    let odd = odd_folder("check-refuse-odd");
    match build(&odd, &dist, &site, &BuildOptions::default()) {
        Err(Error::Refused { errors, .. }) => assert!(errors.len() >= 3, "{errors:?}"),
        other => panic!("not refused: {other:?}"),
    }
    assert!(before == files_under(&dist), "nothing changed");
    let (status, _, stderr) = portal_status(&[
        "build",
        "--content",
        &odd.to_string_lossy(),
        "--dist",
        &dist.to_string_lossy(),
        "--site-url",
        "https://x.test/",
    ]);
    assert_eq!(status, 1);
    assert!(stderr.contains("--force"), "{stderr}");
    assert!(before == files_under(&dist), "nothing changed");

    let forced = build(
        &odd,
        &dist,
        &site,
        &BuildOptions {
            force: true,
            ..BuildOptions::default()
        },
    )
    .expect("--force publishes");
    assert!(forced
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error));
    assert!(dist.join("article/b.html").is_file());
}

/// The build reads the pages a chain is cut into (`feed-N.json` at the folder's top) ahead, on
/// every core (src/content.rs, `read_ahead`); only the `next_url` chain counts. A broken or
/// unrelated page beside it says nothing and adds nothing; a named pipe is never opened (the
/// read would wait forever); a symlink is not read ahead, so a file outside the folder it points
/// at is read only if the chain names it, as before.
#[test]
fn only_the_chain_counts_of_what_is_read_ahead() {
    let dir = scratch("read-ahead");
    let outside = scratch("read-ahead-outside");
    let feed = |items: Value, next: Option<&str>| {
        let mut feed =
            json!({ "version": "https://jsonfeed.org/version/1.1", "title": "站", "items": items });
        if let Some(next) = next {
            feed["next_url"] = json!(next);
        }
        feed
    };
    let item = |id: &str| json!({ "id": id, "title": id, "content_text": "正文", "date_published": "2026-01-01T00:00:00+08:00" });
    write(
        &dir,
        "feed.json",
        &feed(json!([item("a")]), Some("feed-2.json")),
    );
    write(&dir, "feed-2.json", &feed(json!([item("b")]), None));
    // Pages of the chain's own names (what is read ahead) that the chain never names, and one
    // of another name.
    write(&dir, "feed-7.json", &feed(json!([item("orphan")]), None));
    write(&dir, "notes.json", &feed(json!([item("notes")]), None));
    std::fs::write(dir.join("feed-8.json"), "{ not json").expect("write");
    write(
        &outside,
        "secret.json",
        &feed(json!([item("secret")]), None),
    );
    std::os::unix::fs::symlink(outside.join("secret.json"), dir.join("feed-9.json"))
        .expect("a symlink");
    named_pipe(&dir.join("feed-10.json"));

    // On a thread of its own: a read that opened the pipe would wait for a writer forever, and
    // the test says so after a minute instead of hanging.
    let (done, reading) = std::sync::mpsc::channel();
    let folder = dir.clone();
    std::thread::spawn(move || {
        let site = SiteUrl::parse("https://portal.invalid/").expect("a site URL");
        let _ = done.send(read_content(&folder, &site));
    });
    let content = reading
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("read without waiting on the named pipe")
        .expect("reads");
    let ids: Vec<&str> = content
        .catalog
        .all()
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(content.files, ["feed.json", "feed-2.json"]);
    assert!(
        content.catalog.problems.is_empty(),
        "{:?}",
        content.catalog.problems
    );
    let findings = check_path(&dir, unix_now()).expect("checks");
    assert!(
        findings.iter().all(|f| f.severity != Severity::Error),
        "{findings:?}"
    );
}
