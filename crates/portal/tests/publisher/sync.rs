//! `portal sync` against loopback HTTP sources that answer 200, 304, 500, garbage, an empty
//! feed, or nothing in time: what is kept, published, updated and taken down, what a 304
//! costs, the lock, a run killed mid-build, the embargo on an injected clock, drafts, and what
//! `portal status` says of it all.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portal::import::Options;
use portal::release::current_release;
use portal::sync::{sync, Outcome, SyncOptions, SyncReport};
use portal_core::model::date::Timestamp;
use portal_core::test_support::{files_under, scratch};
use serde_json::Value;

use super::support::{dist, portal, said};

/// The injected clock: 2027-01-15 08:00 UTC. Items are dated before it unless a test says.
const NOW: i64 = 1_800_000_000;

/// What a loopback source answers for one path.
#[derive(Clone)]
enum Route {
    /// 200 with this body and ETag; 304 when asked with that ETag.
    Feed {
        body: String,
        etag: String,
    },
    Status(u16),
    /// Sleeps this long before answering anything.
    Hang(Duration),
}

#[derive(Default)]
struct Log {
    /// Requests per path, and those that came with `If-None-Match`.
    asked: HashMap<String, usize>,
    conditional: HashMap<String, usize>,
    not_modified: usize,
}

struct Server {
    address: SocketAddr,
    routes: Arc<Mutex<HashMap<String, Route>>>,
    log: Arc<Mutex<Log>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
        let address = listener.local_addr().expect("an address");
        let routes: Arc<Mutex<HashMap<String, Route>>> = Arc::default();
        let log: Arc<Mutex<Log>> = Arc::default();
        let (r, l) = (routes.clone(), log.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (r, l) = (r.clone(), l.clone());
                std::thread::spawn(move || answer(stream, &r, &l));
            }
        });
        Server {
            address,
            routes,
            log,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    fn set(&self, path: &str, route: Route) {
        self.routes
            .lock()
            .expect("routes")
            .insert(path.into(), route);
    }

    fn feed(&self, path: &str, items: &[Entry]) {
        let body = rss(items);
        let etag = format!("\"{:x}\"", portal_core::text::fnv1a(body.as_bytes()));
        self.set(path, Route::Feed { body, etag });
    }

    fn asked(&self, path: &str) -> (usize, usize) {
        let log = self.log.lock().expect("log");
        (
            log.asked.get(path).copied().unwrap_or(0),
            log.conditional.get(path).copied().unwrap_or(0),
        )
    }
}

fn answer(stream: TcpStream, routes: &Mutex<HashMap<String, Route>>, log: &Mutex<Log>) {
    let mut reader = BufReader::new(stream.try_clone().expect("a stream"));
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    let path = first
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_string();
    let mut if_none_match = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("if-none-match") {
                if_none_match = Some(value.trim().to_string());
            }
        }
    }
    let route = routes.lock().expect("routes").get(&path).cloned();
    {
        let mut log = log.lock().expect("log");
        *log.asked.entry(path.clone()).or_default() += 1;
        if if_none_match.is_some() {
            *log.conditional.entry(path.clone()).or_default() += 1;
        }
    }
    let (status, etag, body) = match route {
        None => (404, None, String::new()),
        Some(Route::Status(status)) => (status, None, "<html>error</html>".into()),
        Some(Route::Hang(time)) => {
            std::thread::sleep(time);
            (500, None, String::new())
        }
        Some(Route::Feed { body, etag }) => {
            if if_none_match.as_deref() == Some(etag.as_str()) {
                log.lock().expect("log").not_modified += 1;
                (304, Some(etag), String::new())
            } else {
                (200, Some(etag), body)
            }
        }
    };
    let mut head = format!(
        "HTTP/1.1 {status} X\r\nConnection: close\r\nContent-Type: application/rss+xml; charset=utf-8\r\nContent-Length: {}\r\n",
        body.len()
    );
    if let Some(etag) = etag {
        head.push_str(&format!("ETag: {etag}\r\n"));
    }
    head.push_str("\r\n");
    let mut stream = stream;
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body.as_bytes());
}

/// One RSS item: id, title, body, date (Unix seconds), categories.
#[derive(Clone)]
struct Entry {
    id: String,
    title: String,
    body: String,
    date: i64,
    categories: Vec<String>,
}

fn entry(id: &str, title: &str, date: i64) -> Entry {
    Entry {
        id: id.into(),
        title: title.into(),
        body: format!("{title}的正文。"),
        date,
        categories: Vec::new(),
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn rss(items: &[Entry]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>来源</title><link>https://cms.example.cn/</link><description>d</description>",
    );
    for item in items {
        xml.push_str(&format!(
            "<item><guid isPermaLink=\"false\">{id}</guid><title>{title}</title><link>https://cms.example.cn/{id}</link><description>{body}</description><pubDate>{date}</pubDate>",
            id = item.id,
            title = escape(&item.title),
            body = escape(&format!("<p>{}</p>", item.body)),
            date = Timestamp(item.date).rfc822_shanghai(),
        ));
        for category in &item.categories {
            xml.push_str(&format!("<category>{}</category>", escape(category)));
        }
        xml.push_str("</item>");
    }
    xml.push_str("</channel></rss>");
    xml
}

/// A scratch folder with the app's shell in `dist/` and `site.toml` naming `sources`
/// (`(feed, channel, mode)`) plus `extra` lines at its top.
fn site(name: &str, sources: &[(&str, &str, &str)], extra: &str) -> PathBuf {
    let dir = scratch(name);
    let app = dist(&format!("{name}-dist"));
    let mut toml = format!(
        "name = \"同步测试\"\nurl = \"https://portal.example.cn/\"\ndist = \"{}\"\n{extra}\n",
        app.display()
    );
    let mut channels: Vec<&str> = Vec::new();
    for (_, channel, _) in sources {
        if !channels.contains(channel) {
            channels.push(channel);
        }
    }
    for channel in channels {
        toml.push_str(&format!(
            "[[channels]]\nslug = \"{channel}\"\nname = \"栏目{channel}\"\nsources = ["
        ));
        for (feed, _, mode) in sources.iter().filter(|s| s.1 == channel) {
            toml.push_str(&format!("{{ feed = \"{feed}\", mode = \"{mode}\" }}, "));
        }
        toml.push_str("]\n");
    }
    std::fs::write(dir.join("site.toml"), toml).expect("site.toml");
    dir
}

fn options(dir: &Path, now: i64) -> SyncOptions {
    SyncOptions {
        site_file: dir.join("site.toml"),
        out: dir.join("www"),
        import: Options {
            timeout: Duration::from_secs(2),
            ..Options::default()
        },
        now: Some(now),
        ..SyncOptions::default()
    }
}

fn run(dir: &Path, now: i64) -> SyncReport {
    match sync(&options(dir, now)) {
        Ok(report) => report,
        Err(error) => panic!("sync failed: {error}"),
    }
}

/// What the run's build did; it must have built.
fn built(report: &SyncReport) -> &portal::build::BuildReport {
    &report.release.as_ref().expect("a release was built").report
}

fn served(dir: &Path) -> PathBuf {
    current_release(&dir.join("www")).expect("a release is served")
}

/// Whether the served release has a page for item `id`.
fn has_page(dir: &Path, id: &str) -> bool {
    served(dir)
        .join("article")
        .join(format!("{id}.html"))
        .is_file()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Panics unless no file of the served release holds `needle`, and says where it is.
fn nowhere_served(dir: &Path, needle: &str) {
    for (file, bytes) in files_under(&served(dir)) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(needle),
            "{} holds {needle}",
            file.display()
        );
    }
}

#[test]
fn a_failing_source_keeps_its_items_and_the_others_publish() {
    // Through the binary, on the system's clock.
    let now = portal::unix_now();
    let server = Server::start();
    server.feed("/a.xml", &[entry("a-1", "甲一", now - 3600)]);
    server.feed("/b.xml", &[entry("b-1", "乙一", now - 3600)]);
    server.feed("/c.xml", &[entry("c-1", "丙一", now - 3600)]);
    let (a, b, c) = (
        server.url("/a.xml"),
        server.url("/b.xml"),
        server.url("/c.xml"),
    );
    let dir = site(
        "sync-failing",
        &[
            (&a, "a", "window"),
            (&b, "b", "window"),
            (&c, "c", "window"),
        ],
        "",
    );
    let args = |dir: &Path| -> Vec<String> {
        [
            "sync",
            "--site",
            "site.toml",
            "--out",
            "www",
            "--timeout",
            "1",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain(std::iter::once(String::new()))
        .filter(|s| !s.is_empty())
        .map(|s| match s.as_str() {
            "site.toml" => dir.join("site.toml").display().to_string(),
            "www" => dir.join("www").display().to_string(),
            _ => s,
        })
        .collect()
    };
    let sync_cli = |dir: &Path| {
        let args = args(dir);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        portal(&args)
    };
    let first = sync_cli(&dir);
    assert_eq!(first.status.code(), Some(0), "{}", said(&first));
    assert!(has_page(&dir, "b-1") && has_page(&dir, "c-1"));

    // b answers 500, c garbage; a has a new item.
    server.set("/b.xml", Route::Status(500));
    server.set(
        "/c.xml",
        Route::Feed {
            body: "<<<not a feed at all".into(),
            etag: "\"garbage\"".into(),
        },
    );
    server.feed(
        "/a.xml",
        &[
            entry("a-2", "甲二", now - 60),
            entry("a-1", "甲一", now - 3600),
        ],
    );
    let second = sync_cli(&dir);
    let text = said(&second);
    assert_eq!(second.status.code(), Some(3), "{text}");
    assert!(text.contains("HTTP 500"), "{text}");
    assert!(
        text.contains("sources 1 ok, 2 failed; items 1 new, 0 updated, 0 taken down;"),
        "{text}"
    );
    for id in ["a-1", "a-2", "b-1", "c-1"] {
        assert!(has_page(&dir, id), "{id} published\n{text}");
    }

    // b times out, c's feed is now empty: both keep their items still.
    server.set("/b.xml", Route::Hang(Duration::from_secs(4)));
    server.feed("/c.xml", &[]);
    let third = sync_cli(&dir);
    let text = said(&third);
    assert_eq!(third.status.code(), Some(3), "{text}");
    assert!(text.contains("timed out"), "{text}");
    assert!(text.contains("the feed is now empty"), "{text}");
    assert!(has_page(&dir, "b-1") && has_page(&dir, "c-1"), "{text}");

    // Monitoring sees the failing sources as a warning.
    let status = portal(&["status", dir.join("www").to_str().expect("a path")]);
    let text = said(&status);
    assert_eq!(status.status.code(), Some(1), "{text}");
    assert!(
        text.starts_with("PORTAL WARNING - 2 of 3 sources failing"),
        "{text}"
    );
    assert!(text.contains("last success"), "{text}");
    let json = portal(&[
        "status",
        "--json",
        dir.join("www").to_str().expect("a path"),
    ]);
    let value: Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(value["status"], "WARNING");
    assert_eq!(value["sync"]["items"], 4);

    // Past --max-age without a sync that published: critical.
    std::thread::sleep(Duration::from_millis(2100));
    let stale = portal(&[
        "status",
        dir.join("www").to_str().expect("a path"),
        "--max-age",
        "1s",
    ]);
    assert_eq!(stale.status.code(), Some(2), "{}", said(&stale));
    assert!(said(&stale).contains("PORTAL CRITICAL"), "{}", said(&stale));
    let unknown = portal(&["status", scratch("sync-nothing").to_str().expect("a path")]);
    assert_eq!(unknown.status.code(), Some(3), "{}", said(&unknown));
}

#[test]
fn a_304_costs_no_parse_and_nothing_is_rebuilt() {
    let server = Server::start();
    server.feed(
        "/feed.xml",
        &[
            entry("n-1", "一", NOW - 7200),
            entry("n-2", "二", NOW - 3600),
        ],
    );
    let url = server.url("/feed.xml");
    let dir = site("sync-304", &[(&url, "n", "window")], "");
    let first = run(&dir, NOW);
    assert_eq!(first.parsed, 1);
    assert_eq!(first.sources[0].outcome, Outcome::Read);
    assert_eq!(
        server.asked("/feed.xml"),
        (1, 0),
        "the first is asked in full"
    );

    let started = Instant::now();
    let second = run(&dir, NOW + 60);
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(
        server.asked("/feed.xml"),
        (2, 1),
        "asked with If-None-Match"
    );
    assert_eq!(server.log.lock().expect("log").not_modified, 1);
    assert_eq!(second.sources[0].outcome, Outcome::NotModified);
    assert_eq!(second.parsed, 0, "a 304 costs no parse");
    assert_eq!(second.sources[0].items, 2);
    assert_eq!((second.new, second.updated, second.taken_down), (0, 0, 0));
    assert!(second.release.is_none(), "nothing changed: nothing built");
    assert_eq!(second.served_after, None, "{}", second.summary());
    assert!(!second.summary().contains("served after"));

    // A new build of the app is a change: the next run builds with it.
    let site_toml = read(&dir.join("site.toml"));
    let app = site_toml
        .lines()
        .find_map(|l| l.strip_prefix("dist = \"")?.strip_suffix('"'))
        .expect("dist in site.toml");
    let index = Path::new(app).join("index.html");
    std::fs::write(
        &index,
        read(&index).replace("</head>", "<!-- a new build --></head>"),
    )
    .expect("a new app");
    let third = run(&dir, NOW + 120);
    assert_eq!(third.parsed, 0);
    assert!(third.release.is_some(), "a new app: built");
    // The summary says when readers got the new release, before the oldest one is deleted.
    let served_after = third.served_after.expect("a release served");
    assert!(served_after > 0.0 && served_after <= third.seconds);
    assert!(
        third
            .summary()
            .contains(&format!("s (served after {served_after:.1} s)")),
        "{}",
        third.summary()
    );
    eprintln!("a 304 round: {seconds:.2} s (debug build)");
    assert!(has_page(&dir, "n-1") && has_page(&dir, "n-2"));
}

#[test]
fn a_changed_item_updates_its_page_and_date_modified() {
    let server = Server::start();
    server.feed("/feed.xml", &[entry("x-1", "原来的标题", NOW - 7200)]);
    let url = server.url("/feed.xml");
    let dir = site("sync-changed", &[(&url, "x", "window")], "");
    run(&dir, NOW);
    let page = served(&dir).join("article/x-1.html");
    assert!(read(&page).contains("原来的标题"));
    let published = Timestamp(NOW - 7200).rfc3339_shanghai();
    assert!(read(&page).contains(&format!("\"dateModified\":\"{published}\"")));

    let mut changed = entry("x-1", "更正后的标题", NOW - 7200);
    changed.body = "更正后的正文。".into();
    server.feed("/feed.xml", &[changed]);
    let report = run(&dir, NOW + 600);
    assert_eq!((report.new, report.updated), (0, 1));
    let page = read(&served(&dir).join("article/x-1.html"));
    assert!(
        page.contains("更正后的标题") && page.contains("更正后的正文"),
        "{page}"
    );
    assert!(!page.contains("原来的标题"));
    let modified = Timestamp(NOW + 600).rfc3339_shanghai();
    assert!(
        page.contains(&format!("\"dateModified\":\"{modified}\"")),
        "JSON-LD dateModified {modified}"
    );
    let article = read(&served(&dir).join("content/articles/x-1.json"));
    assert!(
        article.contains(&format!("\"date_modified\":\"{modified}\"")),
        "{article}"
    );

    // Unchanged since: the modification seen stays, and nothing is rewritten.
    let again = run(&dir, NOW + 1200);
    assert_eq!((again.new, again.updated), (0, 0));
    assert!(read(&served(&dir).join("article/x-1.html")).contains(&modified));
    assert!(again.release.is_none(), "nothing changed: nothing built");
}

#[test]
fn a_window_source_keeps_what_drops_out_and_an_archive_source_takes_it_down() {
    let server = Server::start();
    server.feed(
        "/window.xml",
        &[
            entry("w-new", "窗口新", NOW - 60),
            entry("w-old", "窗口旧", NOW - 7200),
        ],
    );
    server.feed(
        "/archive.xml",
        &[
            entry("r-new", "档案新", NOW - 60),
            entry("r-old", "档案旧", NOW - 7200),
        ],
    );
    let (window, archive) = (server.url("/window.xml"), server.url("/archive.xml"));
    let dir = site(
        "sync-modes",
        &[(&window, "w", "window"), (&archive, "r", "archive")],
        "",
    );
    run(&dir, NOW);
    for id in ["w-new", "w-old", "r-new", "r-old"] {
        assert!(has_page(&dir, id), "{id}");
    }
    server.feed("/window.xml", &[entry("w-new", "窗口新", NOW - 60)]);
    server.feed("/archive.xml", &[entry("r-new", "档案新", NOW - 60)]);
    let report = run(&dir, NOW + 60);
    assert_eq!(report.taken_down, 1);
    assert_eq!(report.sources[1].dropped, 1);
    assert!(has_page(&dir, "w-old"), "a window source's old item stays");
    assert!(
        !has_page(&dir, "r-old"),
        "an archive source's dropped item goes"
    );
    nowhere_served(&dir, "档案旧");
    assert!(read(&served(&dir).join("sitemap.xml")).contains("article/w-old"));
}

#[test]
fn portal_takedown_removes_an_item_from_every_output() {
    let server = Server::start();
    server.feed(
        "/feed.xml",
        &[
            entry("keep-1", "留下的稿件", NOW - 60),
            entry("victim-7731", "撤下的稿件九七七三", NOW - 120),
        ],
    );
    let url = server.url("/feed.xml");
    let dir = site(
        "sync-takedown",
        &[(&url, "t", "window")],
        "takedown = [\"listed-1\"]",
    );
    run(&dir, NOW);
    assert!(has_page(&dir, "victim-7731"));
    let before = served(&dir);
    assert!(read(&before.join("feed.xml")).contains("撤下的稿件九七七三"));

    let site_file = dir.join("site.toml");
    let out = portal(&[
        "takedown",
        "--site",
        site_file.to_str().expect("a path"),
        "victim-7731",
    ]);
    assert!(out.status.success(), "{}", said(&out));
    let report = run(&dir, NOW + 60);
    assert_eq!(report.taken_down, 1);
    assert!(!has_page(&dir, "victim-7731"));
    assert!(has_page(&dir, "keep-1"));
    // Its page, its article file, the lists, the search index, the sitemap, the feeds.
    nowhere_served(&dir, "victim-7731");
    nowhere_served(&dir, "撤下的稿件九七七三");
    nowhere_served(&dir, "九七七");
    // Whatever the source says, and a source item named by the site file's list never shows.
    server.feed(
        "/feed.xml",
        &[
            entry("listed-1", "名单上的稿件", NOW - 30),
            entry("keep-1", "留下的稿件", NOW - 60),
            entry("victim-7731", "撤下的稿件九七七三", NOW - 120),
        ],
    );
    run(&dir, NOW + 120);
    nowhere_served(&dir, "victim-7731");
    nowhere_served(&dir, "名单上的稿件");
}

#[test]
fn an_embargoed_item_appears_after_its_time_and_drafts_never() {
    let server = Server::start();
    let mut draft = entry("d-1", "草稿一", NOW - 600);
    draft.categories = vec!["草稿".into()];
    server.feed(
        "/feed.xml",
        &[
            entry("later-1", "定时发布的稿件", NOW + 3600),
            entry("now-1", "已发布的稿件", NOW - 60),
            draft,
            entry("d-2", "名单草稿", NOW - 900),
        ],
    );
    let url = server.url("/feed.xml");
    let dir = site(
        "sync-embargo",
        &[(&url, "e", "window")],
        "draft_category = \"草稿\"\ndrafts = [\"d-2\"]",
    );
    let report = run(&dir, NOW);
    assert!(has_page(&dir, "now-1"));
    for held in ["later-1", "d-1", "d-2"] {
        assert!(!has_page(&dir, held), "{held} held");
        assert!(!served(&dir)
            .join(format!("content/articles/{held}.json"))
            .exists());
    }
    for title in ["定时发布的稿件", "草稿一", "名单草稿"] {
        nowhere_served(&dir, title);
    }
    let build = &built(&report);
    assert_eq!((build.items, build.held), (1, 3));
    assert_eq!(
        build
            .next_embargo
            .as_ref()
            .map(|(id, _, at)| (id.as_str(), *at)),
        Some(("later-1", NOW + 3600))
    );
    let notes: Vec<String> = build.findings.iter().map(|f| f.to_string()).collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("later-1") && n.contains("held until")),
        "{notes:#?}"
    );
    // portal check on the content folder lists them with their times.
    let check = portal(&["check", dir.join("content").to_str().expect("a path")]);
    let text = said(&check);
    assert!(check.status.success(), "{text}");
    assert!(
        text.contains("item “d-1”: a draft: never published"),
        "{text}"
    );
    assert!(text.contains("item “later-1”: held until"), "{text}");

    // The feed's dates all carry +0800: no warning about zones.
    let status = portal::sync::read_status(&dir.join("www")).expect("sync.json");
    assert!(
        !status.problems.iter().any(|p| p.contains("time zone")),
        "{:?}",
        status.problems
    );
    assert_eq!(
        status.next_embargo.as_ref().map(|e| (e.id.as_str(), e.at)),
        Some(("later-1", NOW + 3600))
    );

    // An hour later the next sync publishes it; drafts stay out.
    let later = run(&dir, NOW + 3601);
    assert!(has_page(&dir, "later-1"));
    assert!(!has_page(&dir, "d-1") && !has_page(&dir, "d-2"));
    assert_eq!(built(&later).held, 2);
    assert!(read(&served(&dir).join("sitemap.xml")).contains("article/later-1"));
    assert!(read(&served(&dir).join("feed.xml")).contains("定时发布的稿件"));
}

#[test]
fn two_syncs_at_once_one_runs_and_the_other_exits_75() {
    let now = portal::unix_now();
    let server = Server::start();
    server.feed("/feed.xml", &[entry("l-1", "一", now - 60)]);
    let url = server.url("/feed.xml");
    let dir = site("sync-lock", &[(&url, "l", "window")], "");
    // The first run's source takes 2 s to answer: it holds the lock meanwhile.
    server.set("/feed.xml", Route::Hang(Duration::from_secs(2)));
    let site_file = dir.join("site.toml");
    let www = dir.join("www");
    let args = [
        "sync",
        "--site",
        site_file.to_str().expect("a path"),
        "--out",
        www.to_str().expect("a path"),
        "--timeout",
        "5",
    ];
    let first = Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("portal runs");
    let started = Instant::now();
    while !read_lock(&www).contains(&format!("PID {}", first.id())) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the first run took the lock"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let second = portal(&args);
    let text = said(&second);
    assert_eq!(second.status.code(), Some(75), "{text}");
    assert!(text.contains(&format!("PID {}", first.id())), "{text}");
    assert_eq!(text.trim().lines().count(), 1, "one line: {text}");
    let first = first.wait_with_output().expect("the first run ends");
    // Its source failed (HTTP 500 after the wait) with nothing kept yet: published, exit 3.
    assert_eq!(first.status.code(), Some(3), "{}", said(&first));
}

fn read_lock(site: &Path) -> String {
    std::fs::read_to_string(site.join(".lock")).unwrap_or_default()
}

/// A scratch site folder whose site file has one local source, `items.json` (the test writes
/// it), and an app of its own.
fn local_site(name: &str) -> PathBuf {
    let dir = scratch(name);
    let app = dist(&format!("{name}-dist"));
    std::fs::write(
        dir.join("site.toml"),
        format!(
            "url = \"https://portal.example.cn/\"\ndist = \"{}\"\nsources = [\"items.json\"]\n",
            app.display()
        ),
    )
    .expect("site.toml");
    dir
}

#[test]
fn a_sync_killed_mid_build_leaves_the_release_before_and_the_next_takes_over() {
    // A local JSON Feed large enough that its build takes a while, on the system's clock.
    let now = portal::unix_now();
    let dir = local_site("sync-kill");
    let feed = |count: usize| {
        let items: Vec<Value> = (0..count)
            .map(|i| {
                serde_json::json!({
                    "id": format!("k-{i}"),
                    "title": format!("稿件{i}"),
                    "content_html": format!("<p>{}</p>", "科技创新正文。".repeat(40)),
                    "date_published": Timestamp(now - 60 * i as i64).rfc3339_shanghai(),
                    "tags": [format!("标签{}", i % 50)],
                })
            })
            .collect();
        serde_json::json!({ "version": "https://jsonfeed.org/version/1.1", "title": "本地", "items": items })
            .to_string()
    };
    std::fs::write(dir.join("items.json"), feed(5)).expect("a feed");
    let site_file = dir.join("site.toml");
    let www = dir.join("www");
    let args = [
        "sync",
        "--site",
        site_file.to_str().expect("a path"),
        "--out",
        www.to_str().expect("a path"),
    ];
    let first = portal(&args);
    assert_eq!(first.status.code(), Some(0), "{}", said(&first));
    let before = current_release(&www).expect("served");

    std::fs::write(dir.join("items.json"), feed(3000)).expect("a larger feed");
    let mut victim = Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("portal runs");
    let releases = www.join("releases");
    let started = Instant::now();
    let building = loop {
        let found = std::fs::read_dir(&releases)
            .expect("releases")
            .flatten()
            .find(|e| e.file_name().to_string_lossy().starts_with(".building-"));
        if let Some(found) = found {
            // Some article pages in: mid-build (counted without reading files being written).
            let pages = std::fs::read_dir(found.path().join("article")).map_or(0, |d| d.count());
            if pages > 50 {
                break found.path();
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the build never started"
        );
        assert!(
            victim.try_wait().expect("waits").is_none(),
            "it ended before being killed"
        );
        std::thread::sleep(Duration::from_millis(5));
    };
    victim.kill().expect("SIGKILL");
    victim.wait().expect("reaped");
    assert!(building.exists(), "killed mid-build");
    assert_eq!(
        current_release(&www),
        Some(before.clone()),
        "still the release before"
    );
    assert!(has_release_page(&before, "k-4"));
    // The new content folder it was building from, a full copy, is left beside the old one.
    let staging = || -> Vec<String> {
        std::fs::read_dir(&dir)
            .expect("the site's folder")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".content.importing-"))
            .collect()
    };
    assert_eq!(staging().len(), 1, "{:?}", staging());

    let next = portal(&args);
    let text = said(&next);
    assert_eq!(next.status.code(), Some(0), "{text}");
    assert!(text.contains("died mid-way"), "{text}");
    assert!(!building.exists(), "the dead run's folder is cleared");
    assert_eq!(staging(), Vec::<String>::new(), "and its content folder");
    let now = current_release(&www).expect("served");
    assert_ne!(now, before);
    assert!(has_release_page(&now, "k-2999"));
}

fn has_release_page(release: &Path, id: &str) -> bool {
    release.join("article").join(format!("{id}.html")).is_file()
}

#[test]
fn dates_without_a_zone_are_read_in_the_site_files_and_warned_about() {
    let server = Server::start();
    // A CMS writing Beijing wall-clock time with no offset.
    let body = rss(&[entry("z-1", "无时区", NOW - 7200)]).replace(
        &Timestamp(NOW - 7200).rfc822_shanghai(),
        &Timestamp(NOW - 7200).date_time_string(),
    );
    server.set(
        "/feed.xml",
        Route::Feed {
            body,
            etag: "\"z\"".into(),
        },
    );
    let url = server.url("/feed.xml");
    let dir = site(
        "sync-zone",
        &[(&url, "z", "window")],
        "timezone = \"Asia/Shanghai\"",
    );
    let report = run(&dir, NOW);
    let notes = &report.sources[0].notes;
    assert!(
        notes.iter().any(|n| n
            == "warning: 1 dates name no time zone or offset: read in Asia/Shanghai (the site file's timezone); if the CMS writes another zone's times, set timezone"),
        "{notes:?}"
    );
    let status = portal::sync::read_status(&dir.join("www")).expect("sync.json");
    assert!(
        status
            .problems
            .iter()
            .any(|p| p.contains("name no time zone")),
        "{:?}",
        status.problems
    );
    // Read in the site's zone, it is the moment it was: published, not held.
    assert!(has_page(&dir, "z-1"));
}

/// `[disclosure]` applies to what `portal sync` reads, as to `portal import`: the 信息公开
/// table is on the page, and stays when a later run re-reads the source.
#[test]
fn sync_reads_the_disclosure_fields_the_site_file_maps() {
    let server = Server::start();
    let feed = |items: &str| {
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>科技厅</title><link>https://kjt.example.cn/</link><description>d</description>{items}</channel></rss>"
        );
        let etag = format!("\"{:x}\"", portal_core::text::fnv1a(body.as_bytes()));
        server.set("/feed.xml", Route::Feed { body, etag });
    };
    let policy = format!(
        "<item><guid isPermaLink=\"false\">p-1</guid><title>关于印发政策的通知</title><link>https://kjt.example.cn/p-1</link><description>&lt;p&gt;正文&lt;/p&gt;</description><pubDate>{}</pubDate><dc:identifier>11330000002482870C/2021-00012</dc:identifier><category domain=\"文号\">浙科发〔2021〕12号</category></item>",
        Timestamp(NOW - 7200).rfc822_shanghai()
    );
    feed(&policy);
    let url = server.url("/feed.xml");
    let dir = site(
        "sync-disclosure",
        &[(&url, "x", "window")],
        "[disclosure]\nindex_number = \"dc:identifier\"\ndocument_number = \"category:文号\"",
    );
    let first = run(&dir, NOW);
    assert_eq!(first.new, 1);
    let page = read(&served(&dir).join("article/p-1.html"));
    for needle in [
        "索引号",
        "11330000002482870C/2021-00012",
        "浙科发〔2021〕12号",
    ] {
        assert!(page.contains(needle), "{needle} on the page");
    }

    let later = format!(
        "<item><guid isPermaLink=\"false\">p-2</guid><title>新的动态</title><link>https://kjt.example.cn/p-2</link><description>&lt;p&gt;正文&lt;/p&gt;</description><pubDate>{}</pubDate></item>",
        Timestamp(NOW - 600).rfc822_shanghai()
    );
    feed(&format!("{later}{policy}"));
    let second = run(&dir, NOW + 600);
    assert_eq!(
        (second.new, second.updated),
        (1, 0),
        "the fields read again are no change"
    );
    let page = read(&served(&dir).join("article/p-1.html"));
    assert!(page.contains("11330000002482870C/2021-00012"));
    assert!(!read(&served(&dir).join("article/p-2.html")).contains("索引号"));
}

/// An archive past `--max-items` loses its oldest items at each sync, as `portal import` does;
/// the run says so. Before, a 100,050-item sync published 100,000 with no word of the 50. A
/// cap raised brings them back at the next run.
#[test]
fn a_sync_past_max_items_publishes_the_newest_and_says_how_many_it_left_out() {
    let now = portal::unix_now();
    let dir = local_site("sync-max-items");
    let items: Vec<Value> = (0..5)
        .map(|i| {
            serde_json::json!({
                "id": format!("m-{i}"),
                "title": format!("稿件{i}"),
                "content_html": "<p>科技创新正文。</p>",
                "date_published": Timestamp(now - 3600 * i).rfc3339_shanghai(),
            })
        })
        .collect();
    let feed = serde_json::json!({ "version": "https://jsonfeed.org/version/1.1", "title": "本地", "items": items });
    std::fs::write(dir.join("items.json"), feed.to_string()).expect("a feed");
    let site_file = dir.join("site.toml");
    let www = dir.join("www");
    let sync_capped = |cap: &str| {
        portal(&[
            "sync",
            "--site",
            site_file.to_str().expect("a path"),
            "--out",
            www.to_str().expect("a path"),
            "--max-items",
            cap,
        ])
    };
    let run = sync_capped("3");
    let text = said(&run);
    assert_eq!(run.status.code(), Some(0), "{text}");
    assert!(
        text.contains("items left out, the oldest past --max-items 3: 2"),
        "{text}"
    );
    assert!(text.contains("3 items published"), "{text}");
    let served = current_release(&www).expect("served");
    assert!(served.join("article/m-2.html").is_file());
    assert!(
        !served.join("article/m-3.html").exists(),
        "the oldest are left out"
    );

    // The cap raised, nothing else changed: a new release with every item, not "nothing
    // changed" (the cap is among what sync compares with the last run's inputs).
    let raised = sync_capped("5");
    let text = said(&raised);
    assert_eq!(raised.status.code(), Some(0), "{text}");
    assert!(text.contains("5 items published"), "{text}");
    let served = current_release(&www).expect("served");
    assert!(served.join("article/m-4.html").is_file());
}

/// Writes `dir/file`, a JSON Feed of `items`: each an id, and how many hours before [`NOW`]
/// it is dated.
fn local_feed(dir: &Path, file: &str, items: &[(&str, i64)]) {
    let items: Vec<Value> = items
        .iter()
        .map(|(id, hours)| {
            serde_json::json!({
                "id": id,
                "title": format!("稿件{id}"),
                "content_html": "<p>科技创新正文。</p>",
                "date_published": Timestamp(NOW - 3600 * hours).rfc3339_shanghai(),
            })
        })
        .collect();
    let feed = serde_json::json!({ "version": "https://jsonfeed.org/version/1.1", "title": "本地", "items": items });
    std::fs::write(dir.join(file), feed.to_string()).expect("a feed");
}

/// The items kept of each source are read back only when a build needs them (a sync that
/// finds nothing changed reads none of them). A store damaged meanwhile then has its source
/// asked in full, rather than its items left out of the release.
#[test]
fn a_damaged_store_has_its_source_read_again_and_its_items_stay_published() {
    let dir = site(
        "sync-damaged-store",
        &[("a.json", "keji", "window"), ("b.json", "keji", "window")],
        "",
    );
    local_feed(&dir, "a.json", &[("a-1", 1), ("a-2", 2)]);
    local_feed(&dir, "b.json", &[("b-1", 3)]);
    assert_eq!(built(&run(&dir, NOW)).items, 3);

    let stores = dir.join("content.sync/sources");
    let mut damaged = 0;
    for entry in std::fs::read_dir(&stores).expect("the stores") {
        std::fs::write(entry.expect("a store").path(), "{ not a feed").expect("damaged");
        damaged += 1;
    }
    assert_eq!(damaged, 2);
    let idle = run(&dir, NOW);
    assert!(idle.release.is_none(), "nothing changed: no build");

    local_feed(&dir, "b.json", &[("b-2", 0), ("b-1", 3)]);
    let report = run(&dir, NOW);
    assert_eq!(built(&report).items, 4);
    for id in ["a-1", "a-2", "b-1", "b-2"] {
        assert!(has_page(&dir, id), "{id} is published");
    }
    assert_eq!(report.sources[0].outcome, Outcome::Read, "asked in full");
    assert_eq!(report.sources[0].items, 2);
    assert_eq!(report.new, 1, "only b-2 is new");
}

/// Sync writes the content folder anew at each run, so a new item moves every older one a
/// place, from one file of the folder to the next. The search index keeps its base all the
/// same (in a debug build the whole index is made too and compared: src/pack.rs). Before, an
/// item's place was part of its document's digest, and at 100k items through sync the whole
/// index was made again for one new item: 10 s of a 62 s run.
#[test]
fn a_new_item_through_sync_keeps_the_search_indexs_base() {
    let dir = site(
        "sync-index-base",
        &[("a.json", "keji", "window")],
        "items_per_file = 10",
    );
    // 66 items: the index's runs close at 64 documents, so its base holds the oldest 64.
    let ids: Vec<String> = (0..67).rev().map(|n| format!("s-{n}")).collect();
    let items: Vec<(&str, i64)> = ids.iter().map(|id| id.as_str()).zip(1..).collect();
    local_feed(&dir, "a.json", &items[1..]);
    let first = run(&dir, NOW);
    assert_eq!(
        built(&first).search_index.base_kept,
        None,
        "nothing to keep"
    );
    local_feed(&dir, "a.json", &items);
    let second = run(&dir, NOW);
    assert_eq!(second.new, 1);
    assert_eq!(built(&second).items, 67);
    assert_eq!(built(&second).search_index.base_kept, Some(64));
}

/// The store of the source whose items include `id`.
fn store_holding(dir: &Path, id: &str) -> PathBuf {
    for entry in std::fs::read_dir(dir.join("content.sync/sources")).expect("the stores") {
        let path = entry.expect("a store").path();
        if read(&path).contains(id) {
            return path;
        }
    }
    panic!("no store holds {id}");
}

/// A state file lost (or unreadable, which reads as lost) leaves the stores: a window
/// source's items that dropped out of its window, a source that fails, and one suddenly empty
/// all keep their items. A second reader found each of them left out when "kept items" also
/// required the state's fingerprints.
#[test]
fn a_lost_state_file_leaves_no_source_without_its_kept_items() {
    let dir = site(
        "sync-state-lost",
        &[
            ("w.json", "keji", "window"),
            ("f.json", "keji", "window"),
            ("e.json", "keji", "window"),
        ],
        "",
    );
    local_feed(&dir, "w.json", &[("w-1", 5), ("w-2", 6)]);
    local_feed(&dir, "f.json", &[("f-1", 7)]);
    local_feed(&dir, "e.json", &[("e-1", 8)]);
    run(&dir, NOW);
    local_feed(&dir, "w.json", &[("w-3", 4)]);
    assert_eq!(built(&run(&dir, NOW)).items, 5);

    std::fs::remove_file(dir.join("content.sync/state.json")).expect("state.json");
    std::fs::write(dir.join("f.json"), "garbage").expect("f.json");
    local_feed(&dir, "e.json", &[]);
    let report = run(&dir, NOW);
    for id in ["w-1", "w-2", "w-3", "f-1", "e-1"] {
        assert!(has_page(&dir, id), "{id} is published");
    }
    assert!(matches!(report.sources[1].outcome, Outcome::Failed(_)));
    assert!(matches!(report.sources[2].outcome, Outcome::Failed(_)));
    assert_eq!(built(&report).items, 5);
}

/// A window source listed twice (in two channels) shares one store; the second listing must
/// not write over it with the window alone.
#[test]
fn a_window_source_listed_twice_keeps_what_dropped_out() {
    let dir = site(
        "sync-listed-twice",
        &[("d.json", "keji", "window"), ("d.json", "wenhua", "window")],
        "",
    );
    local_feed(&dir, "d.json", &[("d-1", 3), ("d-2", 4)]);
    run(&dir, NOW);
    local_feed(&dir, "d.json", &[("d-3", 2)]);
    run(&dir, NOW);
    local_feed(&dir, "d.json", &[("d-4", 1), ("d-3", 2)]);
    run(&dir, NOW);
    for id in ["d-1", "d-2", "d-3", "d-4"] {
        assert!(has_page(&dir, id), "{id} is published");
    }
}

/// A store that reads back as a feed but lacks items its fingerprints name is not whole: its
/// source is asked in full. And when that source cannot be read either, its items are out of
/// this release, but the run that reads it again builds them back (before, its fingerprints
/// said nothing had changed, and they stayed out).
#[test]
fn a_store_that_lost_items_has_its_source_asked_again_and_built_when_it_answers() {
    let dir = site(
        "sync-store-short",
        &[("a.json", "keji", "window"), ("b.json", "keji", "window")],
        "",
    );
    local_feed(&dir, "a.json", &[("a-1", 2)]);
    local_feed(&dir, "b.json", &[("b-1", 3)]);
    run(&dir, NOW);
    let empty = r#"{"version":"https://jsonfeed.org/version/1.1","title":"x","items":[]}"#;
    std::fs::write(store_holding(&dir, "a-1"), empty).expect("a store");
    local_feed(&dir, "b.json", &[("b-2", 1), ("b-1", 3)]);
    let report = run(&dir, NOW);
    assert!(has_page(&dir, "a-1"), "asked in full, a-1 is published");
    assert_eq!(report.sources[0].outcome, Outcome::Read);

    // Its store damaged and the source broken at once: out of this release, back with the
    // source.
    let a_feed = read(&dir.join("a.json"));
    std::fs::write(store_holding(&dir, "a-1"), "{ not a feed").expect("a store");
    std::fs::write(dir.join("a.json"), "garbage").expect("a.json");
    local_feed(&dir, "b.json", &[("b-3", 0), ("b-2", 1), ("b-1", 3)]);
    let broken = run(&dir, NOW);
    assert!(matches!(broken.sources[0].outcome, Outcome::Failed(_)));
    assert_eq!(
        broken.parsed, 2,
        "a, which failed, is not asked a second time; and b"
    );
    assert!(!has_page(&dir, "a-1"), "nothing left to publish it from");
    std::fs::write(dir.join("a.json"), a_feed).expect("a.json");
    let back = run(&dir, NOW);
    assert!(back.release.is_some(), "a source back is a change");
    assert!(has_page(&dir, "a-1"));
}

/// Sync builds the release from the new content folder before it takes the old one's place. A
/// site file whose share picture is too small is content the build refuses: the run fails with
/// the error named, and the site, the content folder and the items kept are as they were, until
/// the picture is fixed.
#[test]
fn content_with_errors_leaves_the_site_and_the_content_folder_as_they_were() {
    let dir = site("sync-refused", &[("a.json", "keji", "window")], "");
    local_feed(&dir, "a.json", &[("a-1", 2)]);
    run(&dir, NOW);
    let release = served(&dir);
    let content = read(&dir.join("content/feed.json"));

    // A PNG of 10×10 pixels: its header is all a size check reads.
    let mut tiny = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    tiny.extend(10u32.to_be_bytes());
    tiny.extend(10u32.to_be_bytes());
    tiny.extend([8, 2, 0, 0, 0]);
    std::fs::write(dir.join("share.png"), tiny).expect("share.png");
    let plain = read(&dir.join("site.toml"));
    let with_picture = plain.replacen('\n', "\nshare_image = \"share.png\"\n", 1);
    std::fs::write(dir.join("site.toml"), &with_picture).expect("site.toml");
    local_feed(&dir, "a.json", &[("a-2", 1), ("a-1", 2)]);
    let refused = sync(&options(&dir, NOW)).expect_err("refused");
    let said = refused.to_string();
    assert!(
        said.contains("share.png") && said.contains("10×10"),
        "{said}"
    );
    assert!(said.contains("content folder is as it was"), "{said}");
    assert_eq!(served(&dir), release, "the release before is served");
    assert!(!has_page(&dir, "a-2"));
    assert_eq!(read(&dir.join("content/feed.json")), content);
    let left: Vec<String> = std::fs::read_dir(&dir)
        .expect("the site's folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "a staging folder is left: {left:?}");

    std::fs::write(dir.join("site.toml"), plain).expect("site.toml");
    let report = run(&dir, NOW);
    assert_eq!(built(&report).items, 2);
    assert!(has_page(&dir, "a-2"), "published once the picture is gone");
}

/// A site folder inside the content folder (or holding it) is refused before anything is read.
/// Sync builds from a new content folder beside the old one and then puts it in the old one's
/// place, so a site inside the old folder would go with it: every release, the lock, `current`.
#[test]
fn a_site_folder_inside_the_content_folder_is_refused() {
    let dir = local_site("sync-overlap");
    local_feed(&dir, "items.json", &[("o-1", 1)]);
    for (content, out) in [("c", "c/site"), ("www/c", "www")] {
        let mut options = options(&dir, NOW);
        options.content = Some(dir.join(content));
        options.out = dir.join(out);
        let refused = sync(&options).expect_err("refused");
        assert!(refused.to_string().contains("is inside"), "{refused}");
        assert!(!dir.join(out).join("current").exists(), "nothing published");
    }
}
