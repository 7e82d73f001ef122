//! `kill -9` under load, then a restart: the stored count is at least what was sent less one
//! second's worth (the batch not yet written), and the database opens cleanly.

use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::support::{request, write_site, TempDir, ITEMS, READER_UA};

fn start(site: &std::path::Path, database: &std::path::Path, addr: SocketAddr) -> Child {
    let child = Command::new(env!("CARGO_BIN_EXE_portal-counter"))
        .args(["--site", &site.display().to_string()])
        .args(["--database", &database.display().to_string()])
        .args(["--listen", &addr.to_string()])
        .args(["--trusted-proxy", "127.0.0.1", "--rate-limit", "1000000"])
        .spawn()
        .expect("portal-counter starts");
    let deadline = Instant::now() + Duration::from_secs(20);
    while request_ok(addr).is_none() {
        assert!(Instant::now() < deadline, "portal-counter did not answer");
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}

fn request_ok(addr: SocketAddr) -> Option<u64> {
    std::net::TcpStream::connect(addr).ok()?;
    let (status, body) = request(addr, "GET", "/api/views?ids=a", &[], b"");
    (status == 200).then_some(())?;
    portal_core::model::counter::views_of(&body, "a")
}

#[test]
fn kill_9_under_load_loses_at_most_a_second() {
    let dir = TempDir::new("crash");
    write_site(&dir.0, ITEMS);
    let database = dir.0.join("counts.sqlite");
    let addr = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port");
    let mut child = start(&dir.0, &database, addr);

    let sent = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let senders: Vec<_> = (0..4u32)
        .map(|thread| {
            let (sent, stop) = (sent.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut i = 0u32;
                while !stop.load(Ordering::SeqCst) {
                    i += 1;
                    // Each hit from another reader, so that each counts.
                    let reader = format!("10.{thread}.{}.{}", i / 256 % 256, i % 256);
                    let (status, _) = request(
                        addr,
                        "POST",
                        "/api/hit",
                        &[("X-Forwarded-For", &reader), ("User-Agent", READER_UA)],
                        b"a",
                    );
                    if status == 202 {
                        sent.fetch_add(1, Ordering::SeqCst);
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(3500));
    child.kill().expect("kill -9");
    let elapsed = started.elapsed().as_secs_f64();
    let _ = child.wait();
    stop.store(true, Ordering::SeqCst);
    for sender in senders {
        let _ = sender.join();
    }
    let sent = sent.load(Ordering::SeqCst);
    let per_second = (sent as f64 / elapsed).ceil() as u64;

    let sound = portal_counter::store::sqlite::Sqlite::open(&database).expect("reopens");
    assert_eq!(sound.integrity().expect("check"), "ok");
    drop(sound);
    let mut child = start(&dir.0, &database, addr);
    let stored = request_ok(addr).expect("views") - 5;
    let _ = child.kill();
    let _ = child.wait();
    eprintln!("crash: {sent} hits accepted in {elapsed:.1} s ({per_second}/s), {stored} stored after kill -9");
    assert!(sent > 100, "the load ran: {sent}");
    assert!(stored <= sent, "{stored} stored of {sent} sent");
    assert!(
        stored + per_second >= sent,
        "{stored} stored of {sent} sent: more than a second's worth ({per_second}) lost"
    );
}
