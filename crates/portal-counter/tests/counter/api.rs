//! The counting rules and the answers, against a real SQLite file. [`counting_rules`] runs
//! against PostgreSQL too (see `postgres.rs`).

use portal_core::model::counter::{parse_top, Window};

use crate::support::{request, write_site, Served, TempDir, ITEMS, READER_UA};

/// Everything a store must get right, on a fresh database.
pub fn counting_rules(served: &Served) {
    // The feed's starting count, before anything is counted.
    assert_eq!(served.views("a"), Some(5));
    // Three readers, one of them three times: three counted.
    for address in [
        "203.0.113.1",
        "203.0.113.2",
        "203.0.113.3",
        "203.0.113.1",
        "203.0.113.1",
    ] {
        assert_eq!(served.hit("a", address).0, 202);
    }
    assert_eq!(served.settle(), 3);
    assert_eq!(served.views("a"), Some(8), "starting count 5 + 3 readers");
    // The same reader within 30 minutes, in a later batch: not again.
    served.advance(29 * 60);
    served.hit("a", "203.0.113.1");
    assert_eq!(served.settle(), 0, "a reload within 30 minutes");
    // After 30 minutes: counted again.
    served.advance(2 * 60);
    served.hit("a", "203.0.113.1");
    assert_eq!(served.settle(), 1);
    assert_eq!(served.views("a"), Some(9));
    // Another User-Agent at the same address is another reader.
    request(
        served.addr,
        "POST",
        "/api/hit",
        &[
            ("X-Forwarded-For", "203.0.113.1"),
            ("User-Agent", "Mozilla/5.0 Chrome/120.0"),
        ],
        b"a",
    );
    assert_eq!(served.settle(), 1);

    // An id with a comma is one id.
    assert_eq!(served.hit("c,d", "203.0.113.9").0, 202);
    served.settle();
    assert_eq!(served.views("c,d"), Some(101));

    // Bots are answered, not counted.
    let (status, _) = request(
        served.addr,
        "POST",
        "/api/hit",
        &[
            ("X-Forwarded-For", "203.0.113.50"),
            ("User-Agent", "Mozilla/5.0 (compatible; Baiduspider/2.0)"),
        ],
        b"b",
    );
    assert_eq!(status, 202);
    assert_eq!(served.settle(), 0, "a bot's hit");

    // 点击排行: all time (with starting counts), today, in a channel.
    let top = |query: &str, window| {
        let (status, body) = served.get(&format!("/api/top?{query}"));
        assert_eq!(status, 200, "{body}");
        let ids: Vec<String> = parse_top(&body, window)
            .expect("top")
            .into_iter()
            .map(|r| r.id)
            .collect();
        ids
    };
    assert_eq!(top("window=all", Window::All), ["c,d", "a"]);
    assert_eq!(top("window=day", Window::Day), ["a", "c,d"]);
    assert_eq!(top("window=day&channel=c1", Window::Day), ["a"]);
    assert_eq!(top("window=week&n=1", Window::Week), ["a"]);
    // b overtakes a today: two readers more than a had.
    for i in 0..7 {
        served.hit("b", &format!("198.51.100.{i}"));
    }
    served.settle();
    assert_eq!(top("window=day", Window::Day), ["b", "a", "c,d"]);
    // Tomorrow (midnight in Beijing), today's ranking starts empty, the week's stays.
    served.advance(12 * 3600);
    served.settle();
    assert!(top("window=day", Window::Day).is_empty());
    assert_eq!(top("window=week", Window::Week), ["b", "a", "c,d"]);
}

fn served(name: &str, rate_limit: u32) -> (TempDir, Served) {
    let dir = TempDir::new(name);
    write_site(&dir.0, ITEMS);
    let database = dir.0.join("counts.sqlite");
    let served = Served::start(&dir.0, &database.display().to_string(), rate_limit);
    (dir, served)
}

#[test]
fn sqlite_counts_by_the_rules() {
    let (_dir, served) = served("rules", 1000);
    counting_rules(&served);
}

#[test]
fn unknown_ids_are_refused_and_not_stored() {
    let (_dir, served) = served("unknown", 1000);
    let (status, body) = served.hit("not-published", "203.0.113.1");
    assert_eq!(status, 404);
    assert!(body.contains("no published article"), "{body}");
    assert_eq!(served.counter.pending(), 0);
    let (status, body) = served.get("/api/views?ids=a,not-published");
    assert_eq!(status, 200);
    assert_eq!(body, r#"{"views":{"a":5}}"#, "an unknown id is left out");
    let (status, _) = served.hit("  ", "203.0.113.1");
    assert_eq!(status, 400);
}

#[test]
fn a_body_over_one_kilobyte_is_refused() {
    let (_dir, served) = served("body", 1000);
    let big = "a".repeat(1025);
    let (status, body) = served.hit(&big, "203.0.113.1");
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("1 KB"));
    // Without a Content-Length (chunked), the body is cut at 1 KB all the same.
    let mut stream = std::net::TcpStream::connect(served.addr).expect("connect");
    use std::io::{Read, Write};
    let chunk = "x".repeat(2000);
    write!(
        stream,
        "POST /api/hit HTTP/1.1\r\nHost: c\r\nConnection: close\r\nTransfer-Encoding: chunked\r\nUser-Agent: {READER_UA}\r\n\r\n{:x}\r\n{chunk}\r\n0\r\n\r\n",
        chunk.len()
    )
    .expect("write");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert_eq!(served.counter.pending(), 0);
}

#[test]
fn past_the_rate_limit_an_address_gets_429() {
    let (_dir, served) = served("limit", 5);
    let statuses: Vec<u16> = (0..7).map(|_| served.hit("a", "203.0.113.1").0).collect();
    assert_eq!(statuses, [202, 202, 202, 202, 202, 429, 429]);
    assert_eq!(served.hit("a", "203.0.113.2").0, 202, "another address");
    served.advance(60);
    assert_eq!(served.hit("a", "203.0.113.1").0, 202, "the next minute");
}

#[test]
fn malformed_queries_get_a_reason() {
    let (_dir, served) = served("queries", 1000);
    let too_many: Vec<String> = (0..51).map(|i| format!("x{i}")).collect();
    for (path, status, reason) in [
        (
            "/api/top?window=year",
            400,
            "window is day, week, month or all",
        ),
        ("/api/top?n=51", 400, "n is a number from 1 to 50"),
        ("/api/top?n=0", 400, "n is a number"),
        (
            "/api/top?channel=nowhere",
            404,
            "no published article is in this channel",
        ),
        ("/api/views", 400, "ids="),
        (
            &format!("/api/views?ids={}", too_many.join(",")),
            400,
            "at most 50 ids",
        ),
        ("/api/views?ids=a,,b", 400, "empty"),
        ("/api/else", 404, "no such endpoint"),
    ] {
        let (got, body) = served.get(path);
        assert_eq!(got, status, "{path}: {body}");
        assert!(body.contains(reason), "{path}: {body}");
        assert!(body.starts_with("{\"error\":"), "JSON: {body}");
    }
    let (status, _) = request(served.addr, "GET", "/api/hit", &[], b"");
    assert_eq!(status, 405);
}

#[test]
fn an_address_forwarded_by_an_untrusted_peer_is_ignored() {
    let dir = TempDir::new("untrusted");
    write_site(&dir.0, ITEMS);
    let database = dir.0.join("counts.sqlite");
    // The test's peer is 127.0.0.1: a counter that trusts no proxy sees every hit from there,
    // whatever the header says.
    let served = Served::start_trusting(&dir.0, &database.display().to_string(), 1000, Vec::new());
    for forged in ["203.0.113.1", "203.0.113.2", "203.0.113.3"] {
        assert_eq!(served.hit("a", forged).0, 202);
    }
    assert_eq!(served.settle(), 1, "one reader, 127.0.0.1");
}
