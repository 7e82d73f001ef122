//! Issue 20's attacks on what `portal import` fetches and copies, each performed as the attacker
//! did it: a feed that names an internal service (a picture, a `media:content` that redirects,
//! a `next_url`), a name that rebinds to loopback, secrets planted beside local feeds and site
//! files, a remote `_portal` posing as the site, a byte that is not UTF-8, pictures that are
//! slow or huge, and a flood of tiny items. Loopback servers only: where a test needs a public
//! address, it injects the address check (`Policy`) so that 127.0.0.2 counts as public, or a
//! lookup that answers what a rebinding DNS server would.

use std::io::{BufRead, BufReader, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portal::import::net::{not_public, Policy};
use portal::import::{import, ImportReport, Options, SourceSpec, MIRROR_MAX_BYTES};
use portal_core::test_support::{files_under, scratch};

use super::support::{portal, said};
use serde_json::{json, Value};

/// What a loopback server sends after its head.
enum Body {
    Bytes(Vec<u8>),
    /// One byte a second, for as long as the client listens (two minutes at most).
    Slow,
    /// Bytes as fast as the client takes them, counted (3 GB at most).
    Endless(Arc<AtomicU64>),
}

struct Answer {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Body,
}

impl Answer {
    fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Answer {
        let body = body.into();
        Answer {
            status: 200,
            headers: vec![
                ("Content-Type", content_type.to_string()),
                ("Content-Length", body.len().to_string()),
            ],
            body: Body::Bytes(body),
        }
    }

    fn redirect(to: &str) -> Answer {
        Answer {
            status: 302,
            headers: vec![("Location", to.to_string()), ("Content-Length", "0".into())],
            body: Body::Bytes(Vec::new()),
        }
    }
}

/// One request a server received: its path and its `Host`.
#[derive(Clone, Debug)]
struct Asked {
    path: String,
    host: String,
}

/// A loopback HTTP/1.1 server, a thread per connection, recording what it is asked.
struct Server {
    address: SocketAddr,
    asked: Arc<Mutex<Vec<Asked>>>,
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    fn asked(&self) -> Vec<Asked> {
        self.asked.lock().expect("the log").clone()
    }

    fn paths(&self) -> Vec<String> {
        self.asked().into_iter().map(|a| a.path).collect()
    }
}

fn serve_on(
    listener: TcpListener,
    answer: impl Fn(&str) -> Answer + Send + Sync + 'static,
) -> Server {
    let address = listener.local_addr().expect("an address");
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = asked.clone();
    let answer = Arc::new(answer);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (answer, log) = (answer.clone(), log.clone());
            std::thread::spawn(move || respond(stream, &*answer, &log));
        }
    });
    Server { address, asked }
}

/// A server on 127.0.0.1, a free port.
fn serve(answer: impl Fn(&str) -> Answer + Send + Sync + 'static) -> Server {
    serve_on(TcpListener::bind("127.0.0.1:0").expect("a port"), answer)
}

fn respond(stream: TcpStream, answer: &dyn Fn(&str) -> Answer, log: &Mutex<Vec<Asked>>) {
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
    let mut host = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("host") {
                host = value.trim().to_string();
            }
        }
    }
    log.lock().expect("the log").push(Asked {
        path: path.clone(),
        host,
    });
    let answer = answer(&path);
    let mut stream = stream;
    let mut head = format!("HTTP/1.1 {} Answer\r\nConnection: close\r\n", answer.status);
    for (name, value) in &answer.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    match answer.body {
        Body::Bytes(bytes) => {
            let _ = stream.write_all(&bytes);
        }
        Body::Slow => {
            for _ in 0..120 {
                std::thread::sleep(Duration::from_secs(1));
                if stream.write_all(b"x").is_err() {
                    break;
                }
            }
        }
        Body::Endless(sent) => {
            let chunk = vec![0u8; 64 * 1024];
            while sent.load(Ordering::SeqCst) < 3 << 30 {
                match stream.write(&chunk) {
                    Ok(n) => sent.fetch_add(n as u64, Ordering::SeqCst),
                    Err(_) => break,
                };
            }
        }
    }
}

/// What an internal service answers: a secret, dressed as a picture to get past a type check.
const SECRET: &str = "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

fn internal_service() -> Server {
    serve(|_| Answer::ok("image/png", SECRET))
}

/// The first bytes of a PNG: what a real picture server sends.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR a picture";

/// `portal import ARGS… --out OUT`, which must succeed; what it said.
fn import_ok(out: &Path, args: &[&str]) -> String {
    let mut all = vec!["import", "--out", out.to_str().expect("a path")];
    all.extend_from_slice(args);
    let output = portal(&all);
    assert!(output.status.success(), "{}", said(&output));
    said(&output)
}

/// Panics if any file under `dir` holds `needle`.
fn nowhere_in(dir: &Path, needle: &str) {
    for (file, bytes) in files_under(dir) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(needle),
            "{} holds {needle}",
            file.display()
        );
    }
}

fn names_under(dir: &Path) -> Vec<String> {
    files_under(dir)
        .into_iter()
        .map(|(file, _)| file.display().to_string())
        .collect()
}

/// The first file of an imported folder, as JSON.
fn feed_json(out: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("feed.json")).expect("feed.json"))
        .expect("JSON")
}

/// An RSS 2.0 feed of `items` (each an `<item>`'s inner XML).
fn rss(items: &[String]) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>科技局</title>{}</channel></rss>"#,
        items
            .iter()
            .map(|item| format!("<item>{item}</item>"))
            .collect::<String>()
    )
}

/// An item of [`rss`], dated day `day` of September 2021 (a later day is listed first).
fn rss_item(id: &str, day: u32, body: &str) -> String {
    format!(
        "<title>通知 {id}</title><guid>{id}</guid><pubDate>2021-09-{day:02} 10:00:00</pubDate><description><![CDATA[<p>科技创新 {id}</p>{body}]]></description>"
    )
}

/// A policy under which 127.0.0.2 counts as a public address, as a CDN's would.
fn with_127_0_0_2_public(policy: Policy) -> Policy {
    Policy {
        classify: Arc::new(|ip| {
            if ip == IpAddr::from([127, 0, 0, 2]) {
                None
            } else {
                not_public(ip)
            }
        }),
        ..policy
    }
}

fn mirroring(policy: Policy) -> Options {
    Options {
        timeout: Duration::from_secs(5),
        mirror_images: true,
        policy,
        ..Options::default()
    }
}

/// `import` through the library (to inject the policy), which must succeed.
fn import_lib(sources: &[&Path], out: &Path, options: &Options) -> ImportReport {
    let specs: Vec<SourceSpec> = sources
        .iter()
        .map(|s| SourceSpec::parse(s.to_str().expect("a path")))
        .collect();
    import(&specs, None, out, options).expect("the import succeeds")
}

// #1: an item's picture on an internal service, and a media:content that redirects there.
#[test]
fn pictures_on_internal_addresses_are_never_requested() {
    let internal = internal_service();
    let secret_url = internal.url("/latest/meta-data/iam");
    let redirect_to = internal.url("/secret2");
    let feeds = serve(move |path| match path {
        "/redirect.jpg" => Answer::redirect(&redirect_to),
        _ => Answer::ok("image/png", PNG),
    });
    let feed = rss(&[
        rss_item("a", 2, &format!(r#"<img src="{secret_url}">"#)),
        format!(
            r#"{}<media:content url="{}" medium="image" type="image/jpeg"/>"#,
            rss_item("b", 1, ""),
            feeds.url("/redirect.jpg")
        ),
    ]);
    let served = serve(move |_| Answer::ok("application/rss+xml", feed.clone()));
    let out = scratch("attack-ssrf-pictures").join("content");
    let said = import_ok(&out, &[&served.url("/feed.xml"), "--mirror-images"]);

    assert_eq!(internal.paths(), Vec::<String>::new(), "{said}");
    // Even the redirecting picture, though on a loopback server like the feed: a picture is
    // content's, not the operator's.
    assert_eq!(feeds.paths(), Vec::<String>::new(), "{said}");
    assert!(
        said.contains(&format!(
            "{secret_url}: not fetched: 127.0.0.1 is not a public address (loopback)"
        )),
        "{said}"
    );
    nowhere_in(&out, "aws_secret_access_key");
    assert!(!out.join("images/mirrored").exists());
    let items = &feed_json(&out)["items"];
    assert_eq!(items[1]["image"], feeds.url("/redirect.jpg"), "left remote");
}

// #1: a picture on a public address that redirects to an internal one: the hop is checked.
#[test]
fn a_redirect_from_a_public_picture_to_an_internal_address_is_refused_at_the_hop() {
    let internal = internal_service();
    let to_internal = internal.url("/secret");
    let public = serve_on(
        TcpListener::bind("127.0.0.2:0").expect("127.0.0.2"),
        move |path| match path {
            "/moved.png" => Answer::redirect(&to_internal),
            "/hop.png" => Answer::redirect("/pic.png"),
            "/loop.png" => Answer::redirect("/loop.png"),
            _ => Answer::ok("image/png", PNG),
        },
    );
    let dir = scratch("attack-ssrf-redirect");
    let feed = rss(&[
        rss_item(
            "a",
            2,
            &format!(r#"<img src="{}">"#, public.url("/hop.png")),
        ),
        rss_item(
            "b",
            1,
            &format!(
                r#"<img src="{}"><img src="{}">"#,
                public.url("/moved.png"),
                public.url("/loop.png")
            ),
        ),
    ]);
    std::fs::write(dir.join("feed.xml"), feed).expect("write");
    let out = dir.join("content");
    let report = import_lib(
        &[&dir.join("feed.xml")],
        &out,
        &mirroring(with_127_0_0_2_public(Policy::default())),
    );

    // A public redirect to a public picture is followed (the check lets public through).
    assert_eq!(report.pictures_mirrored, 1, "{report:?}");
    assert_eq!(
        public.paths(),
        ["/hop.png", "/pic.png", "/moved.png"]
            .into_iter()
            .chain(["/loop.png"; 6])
            .collect::<Vec<_>>()
    );
    assert_eq!(internal.paths(), Vec::<String>::new());
    assert_eq!(
        report.mirror_failures,
        [
            format!(
                "{}: not fetched: 127.0.0.1 is not a public address (loopback); --allow-host 127.0.0.1 would let it through",
                public.url("/moved.png")
            ),
            format!("{}: more than 5 redirects", public.url("/loop.png"))
        ]
    );
    nowhere_in(&out, "aws_secret_access_key");
}

// #1: a JSON Feed's next_url pointing at an internal address (blind SSRF).
#[test]
fn a_next_url_to_an_internal_address_is_never_requested() {
    let internal = internal_service();
    let internal_page = internal.url("/feed-3.json");
    let page = |id: &str, next: Option<&str>| {
        let mut feed = json!({
            "version": "https://jsonfeed.org/version/1.1",
            "title": "远程",
            "items": [{ "id": id, "title": format!("条目 {id}"), "content_text": "科技创新",
                        "date_published": "2021-09-02T10:00:00+08:00" }],
        });
        if let Some(next) = next {
            feed["next_url"] = json!(next);
        }
        feed.to_string()
    };
    let (first, second) = (
        page("one", Some("feed-2.json")),
        page("two", Some(&internal_page)),
    );
    let feeds = serve(move |path| match path {
        "/feed.json" => Answer::ok("application/feed+json", first.clone()),
        _ => Answer::ok("application/feed+json", second.clone()),
    });
    let out = scratch("attack-ssrf-next-url").join("content");
    let said = import_ok(&out, &[&feeds.url("/feed.json")]);

    assert_eq!(internal.paths(), Vec::<String>::new(), "{said}");
    // The operator's own origin is followed; the internal address is not.
    assert_eq!(feeds.paths(), ["/feed.json", "/feed-2.json"]);
    assert!(
        said.contains(&format!(
            "next_url {internal_page} not followed: not fetched: 127.0.0.1 is not a public address (loopback)"
        )),
        "{said}"
    );
    assert!(
        said.contains("JSON Feed, 2 items, 2 kept"),
        "the pages read are kept: {said}"
    );
}

// #1: DNS rebinding: a name that resolves to a public address for the check, then to loopback.
#[test]
fn dns_rebinding_cannot_turn_a_checked_name_into_an_internal_address() {
    // The same port on 127.0.0.2 (public here) and 127.0.0.1 (the internal service).
    let (public, internal) = (0..50)
        .find_map(|_| {
            let public = TcpListener::bind("127.0.0.2:0").ok()?;
            let port = public.local_addr().ok()?.port();
            let internal = TcpListener::bind(("127.0.0.1", port)).ok()?;
            Some((public, internal))
        })
        .expect("a port free on both addresses");
    let port = public.local_addr().expect("an address").port();
    let public = serve_on(public, |_| Answer::ok("image/png", PNG));
    let internal = serve_on(internal, |_| Answer::ok("image/png", SECRET));
    let lookups = Arc::new(AtomicUsize::new(0));
    let counted = lookups.clone();
    let policy = with_127_0_0_2_public(Policy {
        // The attacker's DNS server: public the first time it is asked, loopback afterwards.
        lookup: Arc::new(move |host, port| {
            assert_eq!(host, "pics.rebind.test");
            let ip = match counted.fetch_add(1, Ordering::SeqCst) {
                0 => [127, 0, 0, 2],
                _ => [127, 0, 0, 1],
            };
            Ok(vec![SocketAddr::from((ip, port))])
        }),
        ..Policy::default()
    });
    let dir = scratch("attack-ssrf-rebinding");
    let picture = |name: &str| format!(r#"<img src="http://pics.rebind.test:{port}/{name}">"#);
    std::fs::write(
        dir.join("feed.xml"),
        rss(&[
            rss_item("a", 2, &picture("a.png")),
            rss_item("b", 1, &picture("b.png")),
        ]),
    )
    .expect("write");
    let out = dir.join("content");
    let report = import_lib(&[&dir.join("feed.xml")], &out, &mirroring(policy));

    // One lookup a fetch: the connection goes to the address that was checked.
    assert_eq!(lookups.load(Ordering::SeqCst), 2);
    assert_eq!(internal.paths(), Vec::<String>::new(), "{report:?}");
    assert_eq!(report.pictures_mirrored, 1);
    let mirrored: Vec<(PathBuf, Vec<u8>)> = files_under(&out.join("images/mirrored"));
    assert_eq!(mirrored.len(), 1);
    assert_eq!(mirrored[0].1, PNG, "the public server's picture");
    // TLS and Host keep the name: only the address is pinned.
    let asked = public.asked();
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].host, format!("pics.rebind.test:{port}"));
    assert_eq!(
        report.mirror_failures,
        [format!(
            "http://pics.rebind.test:{port}/b.png: not fetched: pics.rebind.test is at 127.0.0.1, not a public address (loopback); --allow-host pics.rebind.test would let it through"
        )]
    );
}

// #1, the operator's opt-in: --allow-host lets pictures come from an intranet host.
#[test]
fn allow_host_lets_the_operator_mirror_from_an_intranet_host() {
    let intranet = serve(|_| Answer::ok("image/png", PNG));
    let dir = scratch("attack-allow-host");
    std::fs::write(
        dir.join("feed.xml"),
        rss(&[rss_item(
            "a",
            1,
            &format!(r#"<img src="{}">"#, intranet.url("/a.png")),
        )]),
    )
    .expect("write");
    // A proxy in the environment is not used: it would resolve the name where the check
    // cannot see the address.
    let proxy = serve(|_| Answer::ok("image/png", SECRET));
    let out = dir.join("content");
    let output = Command::new(env!("CARGO_BIN_EXE_portal"))
        .args([
            "import",
            dir.join("feed.xml").to_str().expect("a path"),
            "--out",
            out.to_str().expect("a path"),
            "--mirror-images",
            "--allow-host",
            "127.0.0.1",
        ])
        .env("HTTP_PROXY", proxy.url(""))
        .env("http_proxy", proxy.url(""))
        .env("ALL_PROXY", proxy.url(""))
        .output()
        .expect("portal runs");
    let said = said(&output);
    assert!(output.status.success(), "{said}");
    assert!(
        said.contains("pictures mirrored: 1; not mirrored: 0"),
        "{said}"
    );
    assert_eq!(intranet.paths(), ["/a.png"]);
    assert_eq!(proxy.paths(), Vec::<String>::new());
}

// #12 and #1's type check: a 2 GB picture, one without a length, and a secret as text/plain.
#[test]
fn a_huge_picture_is_refused_before_its_body_is_read() {
    let (big, endless) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let (big_sent, endless_sent) = (big.clone(), endless.clone());
    let server = serve(move |path| match path {
        "/big.png" => Answer {
            status: 200,
            headers: vec![
                ("Content-Type", "image/png".into()),
                ("Content-Length", (2u64 << 30).to_string()),
            ],
            body: Body::Endless(big_sent.clone()),
        },
        "/endless.png" => Answer {
            status: 200,
            headers: vec![("Content-Type", "image/png".into())],
            body: Body::Endless(endless_sent.clone()),
        },
        _ => Answer::ok("text/plain", SECRET),
    });
    let dir = scratch("attack-huge-picture");
    let img = |path: &str| format!(r#"<img src="{}">"#, server.url(path));
    std::fs::write(
        dir.join("feed.xml"),
        rss(&[
            rss_item("a", 3, &img("/big.png")),
            rss_item("b", 2, &img("/endless.png")),
            rss_item("c", 1, &img("/secret.png")),
        ]),
    )
    .expect("write");
    let out = dir.join("content");
    let feed = dir.join("feed.xml");
    let said = import_ok(
        &out,
        &[
            feed.to_str().expect("a path"),
            "--mirror-images",
            "--allow-host",
            "127.0.0.1",
        ],
    );
    assert!(
        said.contains(&format!(
            "{}: over 5 MB (2147483648 bytes, its Content-Length says): not read",
            server.url("/big.png")
        )),
        "{said}"
    );
    assert!(
        said.contains(&format!(
            "{}: over 5 MB: not read further",
            server.url("/endless.png")
        )),
        "{said}"
    );
    assert!(
        said.contains(&format!(
            "{}: not a picture (Content-Type “text/plain”, not image/…)",
            server.url("/secret.png")
        )),
        "{said}"
    );
    assert!(!out.join("images/mirrored").exists());
    // What the servers managed to send is what the client read plus what the kernel's socket
    // buffers took (Linux's default tcp_wmem allows 4 MB), not gigabytes. Measured here: 3.1 to
    // 3.9 MB for the 2 GB picture, none of it read; 8.7 to 10.2 MB for the endless one, 5 MB
    // and a byte of it read. Before, 256 MB was read.
    let (big, endless) = (big.load(Ordering::SeqCst), endless.load(Ordering::SeqCst));
    assert!(big < MIRROR_MAX_BYTES, "{big} bytes sent");
    assert!(endless < 4 * MIRROR_MAX_BYTES, "{endless} bytes sent");
}

// #8: pictures that send one byte a second, and a cap on their number.
#[test]
fn slow_pictures_share_one_deadline_and_pictures_have_a_cap() {
    let slow = serve(|_| Answer {
        status: 200,
        headers: vec![
            ("Content-Type", "image/png".into()),
            ("Content-Length", "100000".into()),
        ],
        body: Body::Slow,
    });
    let dir = scratch("attack-slow-pictures");
    let items: Vec<String> = (0..6)
        .map(|n| {
            rss_item(
                &format!("p{n}"),
                10 - n,
                &format!(r#"<img src="{}">"#, slow.url(&format!("/{n}.png"))),
            )
        })
        .collect();
    std::fs::write(dir.join("feed.xml"), rss(&items)).expect("write");
    let out = dir.join("content");
    let feed = dir.join("feed.xml");
    let started = Instant::now();
    // Per picture, 6 × 5 s = 30 s; the pass has 2 s.
    let said = import_ok(
        &out,
        &[
            feed.to_str().expect("a path"),
            "--mirror-images",
            "--allow-host",
            "127.0.0.1",
            "--timeout",
            "5",
            "--mirror-deadline",
            "2",
        ],
    );
    let took = started.elapsed();
    assert!(took < Duration::from_secs(8), "{took:?}: {said}");
    assert!(
        said.contains(
            "pictures left remote, after the mirroring pass's deadline (--mirror-deadline 2 s): 5"
        ),
        "{said}"
    );
    assert!(
        said.contains("at the mirroring pass's deadline (--mirror-deadline)"),
        "{said}"
    );

    let fast = serve(|_| Answer::ok("image/png", PNG));
    let items: Vec<String> = (0..5)
        .map(|n| {
            rss_item(
                &format!("f{n}"),
                10 - n,
                &format!(r#"<img src="{}">"#, fast.url(&format!("/{n}.png"))),
            )
        })
        .collect();
    std::fs::write(dir.join("fast.xml"), rss(&items)).expect("write");
    let fast_feed = dir.join("fast.xml");
    let said = import_ok(
        &out,
        &[
            fast_feed.to_str().expect("a path"),
            "--mirror-images",
            "--allow-host",
            "127.0.0.1",
            "--max-pictures",
            "2",
        ],
    );
    assert!(
        said.contains("pictures mirrored: 2; not mirrored: 0"),
        "{said}"
    );
    assert!(
        said.contains("pictures left remote, past --max-pictures 2: 3"),
        "{said}"
    );
    assert_eq!(fast.paths().len(), 2);
}

/// A folder with the secrets an operator keeps beside a feed or a site file.
fn plant_secrets(dir: &Path) {
    std::fs::create_dir_all(dir.join(".ssh")).expect("mkdir");
    std::fs::write(dir.join(".env"), "DB_PASSWORD=hunter2-planted\n").expect("write");
    std::fs::write(
        dir.join(".ssh/id_rsa"),
        "-----BEGIN OPENSSH PRIVATE KEY----- planted\n",
    )
    .expect("write");
}

// #2: a local feed whose items name .env, .ssh/id_rsa and symlinks out of its folder.
#[test]
fn secrets_beside_a_local_feed_are_not_copied() {
    let dir = scratch("attack-local-files");
    let feeds = dir.join("feeds");
    std::fs::create_dir_all(feeds.join("pics")).expect("mkdir");
    plant_secrets(&feeds);
    std::fs::create_dir_all(dir.join("elsewhere")).expect("mkdir");
    std::fs::write(dir.join("elsewhere/secret.txt"), "OUTSIDE-SECRET-planted").expect("write");
    std::fs::write(feeds.join("pics/ok.png"), PNG).expect("write");
    std::os::unix::fs::symlink("../.env", feeds.join("pics/link.png")).expect("symlink");
    std::os::unix::fs::symlink(dir.join("elsewhere/secret.txt"), feeds.join("pics/out.png"))
        .expect("symlink");
    let body = r#"<img src="pics/ok.png"><img src=".env"><a href=".ssh/id_rsa">key</a>
        <img src="pics/link.png"><img src="pics/out.png"><a href="pics/../.ssh/id_rsa">again</a>
        <a href="../elsewhere/secret.txt">up</a>"#;
    std::fs::write(feeds.join("feed.xml"), rss(&[rss_item("a", 1, body)])).expect("write");
    // A local JSON Feed whose next_url is a hidden file that is a feed too.
    std::fs::write(
        feeds.join(".hidden.json"),
        json!({ "version": "https://jsonfeed.org/version/1.1",
                "items": [{ "id": "h", "title": "HIDDEN-FEED-planted", "content_text": "x" }] })
        .to_string(),
    )
    .expect("write");
    std::fs::write(
        feeds.join("feed.json"),
        json!({ "version": "https://jsonfeed.org/version/1.1", "next_url": ".hidden.json",
                "items": [{ "id": "j", "title": "本地", "content_text": "科技创新" }] })
        .to_string(),
    )
    .expect("write");
    let out = dir.join("content");
    let said = import_ok(
        &out,
        &[
            feeds.join("feed.xml").to_str().expect("a path"),
            feeds.join("feed.json").to_str().expect("a path"),
        ],
    );

    for planted in [
        "DB_PASSWORD",
        "PRIVATE KEY",
        "OUTSIDE-SECRET",
        "HIDDEN-FEED",
    ] {
        nowhere_in(&out, planted);
    }
    let names = names_under(&out);
    assert_eq!(names, ["feed.json", "pics/ok.png"], "{said}");
    assert!(said.contains("local files not copied: 5"), "{said}");
    for why in [
        ".env: not copied: a path with an empty segment or one starting with “.”",
        ".ssh/id_rsa: not copied: a path with an empty segment or one starting with “.”",
        "pics/link.png: not copied: a symlink to a hidden file",
        "pics/out.png: not copied: outside the folder of the feed or site file that names it",
        // `..` is resolved away before the path is looked at: the URL is above the folder.
        "https://import.invalid/elsewhere/secret.txt: not copied: only a local feed's own items name files beside it",
        "next_url https://import.invalid/s1/.hidden.json not followed:",
    ] {
        assert!(said.contains(why), "{why}: {said}");
    }
}

// #2: a remote feed imported with a local one names files beside the local one.
#[test]
fn a_remote_feed_cannot_reach_files_beside_a_local_one() {
    let dir = scratch("attack-remote-local-files");
    plant_secrets(&dir);
    std::fs::write(dir.join("public.png"), PNG).expect("write");
    std::fs::write(dir.join("local.xml"), rss(&[rss_item("local", 1, "")])).expect("write");
    let remote = rss(&[rss_item(
        "remote",
        2,
        r#"<img src="https://import.invalid/s1/.env"><img src="https://import.invalid/s1/public.png">"#,
    )]);
    let server = serve(move |_| Answer::ok("application/rss+xml", remote.clone()));
    let out = dir.join("content");
    let said = import_ok(
        &out,
        &[
            &server.url("/feed.xml"),
            dir.join("local.xml").to_str().expect("a path"),
        ],
    );
    nowhere_in(&out, "DB_PASSWORD");
    assert_eq!(names_under(&out), ["feed.json"], "{said}");
    assert!(
        said.contains("https://import.invalid/s1/public.png: not copied: only a local feed's own items name files beside it"),
        "{said}"
    );
}

// #2: the site file's own assets come from under its folder, never hidden.
#[test]
fn a_site_file_copies_only_from_under_its_folder() {
    let dir = scratch("attack-site-file-assets");
    plant_secrets(&dir);
    std::fs::write(dir.join("feed.xml"), rss(&[rss_item("a", 1, "")])).expect("write");
    std::os::unix::fs::symlink(dir.join(".env"), dir.join("tile.svg")).expect("symlink");
    let out = dir.join("content");
    for (image, why) in [
        (
            ".env",
            "not copied: a path with an empty segment or one starting with “.”",
        ),
        ("tile.svg", "not copied: a symlink to a hidden file"),
        (
            "../.env",
            "not copied: a path with an empty segment or one starting with “.”",
        ),
    ] {
        std::fs::write(
            dir.join("site.toml"),
            format!(
                "name = \"本站\"\nsources = [\"feed.xml\"]\n[[tiles]]\ntitle = \"t\"\nurl = \"/\"\nimage = \"{image}\"\n"
            ),
        )
        .expect("write");
        let output = portal(&[
            "import",
            "--site",
            dir.join("site.toml").to_str().expect("a path"),
            "--out",
            out.to_str().expect("a path"),
        ]);
        assert_eq!(output.status.code(), Some(2), "{image}: {}", said(&output));
        assert!(said(&output).contains(why), "{image}: {}", said(&output));
        assert!(!out.exists(), "nothing written");
    }
}

// #3: a remote JSON Feed's _portal poses as the site: fake 备案, phishing 纠错, files to copy.
#[test]
fn a_remote_portal_cannot_set_the_sites_identity_or_copy_files() {
    let dir = scratch("attack-remote-portal");
    plant_secrets(&dir);
    let remote = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "远程",
        "_portal": {
            "site_name": "远程站",
            "icp": { "text": "京ICP备99999999号-FAKE" },
            "police_record": { "text": "京公网安备99999999999999号-FAKE" },
            "site_id_code": "9999999999-FAKE",
            "corrections": "https://phish.example/jiucuo",
            "organizer": "FAKE 主办单位",
            "contact": "FAKE 电话",
            "tiles": [{ "title": "t", "url": "/", "image": ".env" }],
            "site_mark": { "image": "site.toml", "url": "https://phish.example/mark" },
            "counter": "https://phish.example/counter.js",
            "pages": [{ "slug": "about", "title": "关于", "content_html": "<p>FAKE</p>" }],
            "footer_links": [{ "title": "举报", "url": "https://phish.example/" }],
            "disclaimer": "FAKE",
            "channels": [{ "slug": "x", "name": "频道", "feed_url": "https://phish.example/x.json" }]
        },
        "items": [{ "id": "r", "title": "远程条目", "content_text": "科技创新", "_portal": { "channel": "x" } }]
    })
    .to_string();
    // As a local file, without the channel's feed_url (`portal check` refuses one elsewhere).
    let remote_copy = remote.replace(r#""feed_url":"https://phish.example/x.json","#, "");
    assert_ne!(remote_copy, remote);
    let server = serve(move |_| Answer::ok("application/feed+json", remote.clone()));
    std::fs::write(
        dir.join("site.toml"),
        format!(
            "name = \"本站\"\nsources = [\"{}\"]\n[icp]\ntext = \"京ICP备12345678号\"\n",
            server.url("/feed.json")
        ),
    )
    .expect("write");
    let out = dir.join("content");
    let site = dir.join("site.toml");
    let said = import_ok(&out, &["--site", site.to_str().expect("a path")]);
    let portal = &feed_json(&out)["_portal"];
    assert_eq!(portal["icp"]["text"], "京ICP备12345678号");
    assert_eq!(portal["site_name"], "本站");
    for refused in [
        "police_record",
        "site_id_code",
        "corrections",
        "organizer",
        "contact",
        "tiles",
        "site_mark",
        "counter",
        "pages",
        "footer_links",
        "disclaimer",
    ] {
        assert!(portal.get(refused).is_none(), "{refused}: {portal}");
    }
    assert_eq!(portal["channels"], json!([{ "slug": "x", "name": "频道" }]));
    assert_eq!(names_under(&out), ["feed.json"]);
    nowhere_in(&out, "FAKE");
    nowhere_in(&out, "phish.example");
    assert!(
        said.contains("its _portal sets contact, corrections, counter, disclaimer, footer_links, icp, organizer, pages, police_record, site_id_code, site_mark, tiles: ignored, since a remote source may set only site_name, slogans, channels, page_size"),
        "{said}"
    );

    // Without a site file, the remote sets what presents its items, and nothing else.
    let out = dir.join("content-alone");
    import_ok(&out, &[&server.url("/feed.json")]);
    let portal = &feed_json(&out)["_portal"];
    assert_eq!(portal["site_name"], "远程站");
    assert!(portal.get("icp").is_none() && portal.get("corrections").is_none());
    nowhere_in(&out, "FAKE");

    // The same feed as a local file: its pages and links count, the identity still does not.
    std::fs::write(dir.join("local.json"), &remote_copy).expect("write");
    let out = dir.join("content-local");
    let said = import_ok(&out, &[dir.join("local.json").to_str().expect("a path")]);
    let portal = &feed_json(&out)["_portal"];
    assert_eq!(portal["footer_links"][0]["title"], "举报");
    for refused in [
        "icp",
        "police_record",
        "site_id_code",
        "corrections",
        "organizer",
        "contact",
        "tiles",
        "site_mark",
        "counter",
    ] {
        assert!(portal.get(refused).is_none(), "{refused}: {portal}");
    }
    assert_eq!(names_under(&out), ["feed.json"]);
    assert!(
        said.contains("its _portal sets contact, corrections, counter, icp, organizer, police_record, site_id_code, site_mark, tiles: ignored, since they come from the site file only"),
        "{said}"
    );
}

// #7: a 50-item UTF-8 RSS with one invalid byte.
#[test]
fn one_bad_byte_in_a_utf8_feed_is_replaced_and_named_by_its_line() {
    let dir = scratch("attack-one-bad-byte");
    let items: Vec<String> = (1..=50)
        .map(|n| {
            format!(
                "<title>科技创新第{n}期：成果转化</title><guid>i{n}</guid><pubDate>2021-09-02 10:{n:02}:00</pubDate><description>各地科技部门推动科技成果转化。</description>"
            )
        })
        .collect();
    let text = rss(&items).replace("</item><item>", "</item>\n<item>");
    let mut bytes = text.into_bytes();
    // One byte that is not UTF-8, before the 17th title's 成.
    let at = String::from_utf8_lossy(&bytes)
        .find("科技创新第17期：成")
        .expect("the 17th title")
        + "科技创新第17期：".len();
    bytes.insert(at, 0xff);
    let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
    std::fs::write(dir.join("feed.xml"), &bytes).expect("write");
    let out = dir.join("content");
    let said = import_ok(&out, &[dir.join("feed.xml").to_str().expect("a path")]);

    assert!(
        said.contains(&format!(
            "1 byte is not UTF-8 (line {line}): replaced by “\u{fffd}”, the rest read as UTF-8"
        )),
        "{said}"
    );
    assert!(!said.contains("windows-1252"), "{said}");
    let feed = feed_json(&out);
    let titles: Vec<&str> = feed["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|item| item["title"].as_str())
        .collect();
    assert_eq!(titles.len(), 50);
    for n in 1..=50 {
        let expected = if n == 17 {
            "科技创新第17期：\u{fffd}成果转化".to_string()
        } else {
            format!("科技创新第{n}期：成果转化")
        };
        assert!(
            titles.contains(&expected.as_str()),
            "{expected}: {titles:?}"
        );
    }
}

// #9: a 1 MB JSON Feed of 10,000 tiny items, and several sources under a per-source cap.
#[test]
fn item_caps_cut_a_flood_of_tiny_items_and_say_so() {
    let dir = scratch("attack-item-flood");
    let items: Vec<Value> = (0..10_000)
        .map(|n| {
            json!({ "id": format!("{n}"), "title": format!("t{n}"), "content_text": "x",
                         "date_published": format!("2021-09-02T10:00:{:02}+08:00", n % 60) })
        })
        .collect();
    let flood =
        json!({ "version": "https://jsonfeed.org/version/1.1", "items": items }).to_string();
    assert!(flood.len() < 1 << 20, "{} bytes", flood.len());
    std::fs::write(dir.join("flood.json"), &flood).expect("write");
    std::fs::write(
        dir.join("other.xml"),
        rss(&[rss_item("o1", 3, ""), rss_item("o2", 2, "")]),
    )
    .expect("write");
    let out = dir.join("content");
    let flood_path = dir.join("flood.json");
    let said = import_ok(
        &out,
        &[
            flood_path.to_str().expect("a path"),
            dir.join("other.xml").to_str().expect("a path"),
            "--max-items-per-source",
            "1000",
            "--max-items",
            "600",
        ],
    );
    assert!(
        said.contains("more than 1000 items: the first 1000 kept (--max-items-per-source)"),
        "{said}"
    );
    assert!(
        said.contains("items left out, the oldest past --max-items 600: 402"),
        "{said}"
    );
    assert!(said.contains("imported 600 items"), "{said}");
    // The other source's items are newer: the cap keeps them.
    let feed = feed_json(&out);
    assert_eq!(feed["items"][0]["id"], "o1");
}

// #9: the default caps let a 50,000-item archive through (a real archive had 13,841).
#[test]
fn the_default_item_caps_let_a_50000_item_archive_through() {
    let dir = scratch("attack-item-default-cap");
    let items: Vec<Value> = (0..50_000)
        .map(|n| json!({ "id": format!("{n}"), "title": format!("t{n}"), "content_text": "x" }))
        .collect();
    std::fs::write(
        dir.join("archive.json"),
        json!({ "version": "https://jsonfeed.org/version/1.1", "items": items }).to_string(),
    )
    .expect("write");
    let report = import_lib(
        &[&dir.join("archive.json")],
        &dir.join("content"),
        &Options::default(),
    );
    assert_eq!(report.items, 50_000);
    assert_eq!(report.items_over_cap, 0);
    assert!(report.sources[0].notes.is_empty(), "{:?}", report.sources);
}
