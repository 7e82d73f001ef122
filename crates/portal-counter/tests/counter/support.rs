//! A counter served on a loopback port with its own runtime, a clock the test moves, a
//! published site written to a temporary folder, and a plain HTTP/1.1 client.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use portal_counter::counter::{Counter, Settings};
use portal_counter::dedupe::Salter;
use portal_counter::published::Published;

/// 2026-03-01 12:00 in Beijing.
pub const NOON: i64 = 1_772_294_400 + 12 * 3600;
pub const READER_UA: &str =
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

/// A folder under the system's temporary one, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let path =
            std::env::temp_dir().join(format!("portal-counter-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("temp dir");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Writes a packed main feed of `items` (id, title, channel, views) into `dir/content`, in two
/// files chained by `next_url` when there are more than two items.
pub fn write_site(dir: &Path, items: &[(&str, &str, &str, u64)]) {
    let content = dir.join("content");
    std::fs::create_dir_all(&content).expect("content dir");
    let item = |(id, title, channel, views): &(&str, &str, &str, u64)| {
        serde_json::json!({"id": id, "title": title, "content_text": "正文",
            "_portal": {"channel": channel, "views": views, "excerpt": true}})
    };
    let (first, rest) = items.split_at(items.len().min(2));
    let mut feed = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "测试",
        "_portal": {"timezone": "Asia/Shanghai"},
        "items": first.iter().map(item).collect::<Vec<_>>(),
    });
    if !rest.is_empty() {
        feed["next_url"] = "feed-1.json".into();
        let older = serde_json::json!({
            "version": "https://jsonfeed.org/version/1.1",
            "items": rest.iter().map(item).collect::<Vec<_>>(),
        });
        std::fs::write(content.join("feed-1.json"), older.to_string()).expect("feed-1");
    }
    std::fs::write(content.join("feed.json"), feed.to_string()).expect("feed");
}

/// The sample's articles: a (频道 c1, 5 views), b (c1), c (c2, 100 views).
pub const ITEMS: &[(&str, &str, &str, u64)] = &[
    ("a", "文章甲", "c1", 5),
    ("b", "文章乙", "c1", 0),
    ("c,d", "文章丙", "c2", 100),
];

/// A counter over a store, serving on a loopback port.
pub struct Served {
    pub addr: SocketAddr,
    pub counter: Arc<Counter>,
    pub clock: Arc<AtomicI64>,
    runtime: tokio::runtime::Runtime,
}

impl Served {
    /// Serves the site at `site` with the store `database` names (a file or a URL), trusting
    /// the address 127.0.0.1 forwards.
    pub fn start(site: &Path, database: &str, rate_limit: u32) -> Served {
        Served::start_trusting(
            site,
            database,
            rate_limit,
            vec!["127.0.0.1".parse().expect("addr")],
        )
    }

    /// [`Served::start`], trusting the forwarded address from `trusted` only.
    pub fn start_trusting(
        site: &Path,
        database: &str,
        rate_limit: u32,
        trusted: Vec<std::net::IpAddr>,
    ) -> Served {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let clock = Arc::new(AtomicI64::new(NOON));
        let now = clock.clone();
        let published = Published::read(site).expect("published");
        let store = runtime
            .block_on(portal_counter::store::open(database))
            .expect("store");
        let settings = Settings {
            site: Some(site.to_path_buf()),
            trusted_proxies: trusted,
            address_header: "x-forwarded-for".into(),
            rate_limit,
            salter: Salter::random().expect("salt"),
        };
        let counter = Arc::new(Counter::new(
            settings,
            store,
            published,
            Box::new(move || now.load(Ordering::SeqCst)),
        ));
        runtime.block_on(counter.refresh()).expect("refresh");
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("listen");
        let addr = listener.local_addr().expect("addr");
        let app = portal_counter::server::router(counter.clone())
            .into_make_service_with_connect_info::<SocketAddr>();
        runtime.spawn(async move { axum::serve(listener, app).await });
        Served {
            addr,
            counter,
            clock,
            runtime,
        }
    }

    /// Writes the batch and reads the counts again, as the writer does each second.
    pub fn settle(&self) -> usize {
        let n = self.runtime.block_on(self.counter.flush()).expect("flush");
        self.runtime
            .block_on(self.counter.refresh())
            .expect("refresh");
        n
    }

    pub fn advance(&self, secs: i64) {
        self.clock.fetch_add(secs, Ordering::SeqCst);
    }

    /// A reader's hit on `id` from `address`.
    pub fn hit(&self, id: &str, address: &str) -> (u16, String) {
        request(
            self.addr,
            "POST",
            "/api/hit",
            &[("X-Forwarded-For", address), ("User-Agent", READER_UA)],
            id.as_bytes(),
        )
    }

    pub fn get(&self, path: &str) -> (u16, String) {
        request(
            self.addr,
            "GET",
            path,
            &[("X-Forwarded-For", "192.0.2.250")],
            b"",
        )
    }

    /// All-time views of `id`, as api/views answers.
    pub fn views(&self, id: &str) -> Option<u64> {
        let query = portal_core::model::counter::ids_query([id]);
        let (status, body) = self.get(&format!("/api/views?ids={query}"));
        assert_eq!(status, 200, "{body}");
        portal_core::model::counter::views_of(&body, id)
    }
}

/// One HTTP/1.1 request; the answer's status and body.
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String) {
    // No server (killed under load by the crash test): no answer, status 0.
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return (0, String::new());
    };
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: counter\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = answer
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}
