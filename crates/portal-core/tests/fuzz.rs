//! Property-based fuzzing of everything that reads untrusted input: the feed parser, the HTML
//! sanitiser, the date parser and the route-segment codec. Inputs are random strings and random
//! mutations of the committed corpus in `tests/fuzz-corpus/`.
//!
//! `FUZZ_CASES` sets the cases per property (default 256; CI runs a longer bounded pass, see
//! the README). Each property prints how many inputs it ran.

use std::sync::atomic::{AtomicUsize, Ordering};

use portal_core::html::sanitize::{sanitize, Origin};
use portal_core::html::{tokenize, Token};
use portal_core::model::date::Timestamp;
use portal_core::model::feed::parse_feed;
use portal_core::model::url::{decode_segment, encode_segment, scheme_of};
use portal_core::model::Catalog;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const ORIGIN: Origin<'static> = Origin {
    base: "https://feed.test/posts/a.html",
    site: "http://portal.test/",
};
const ALLOWED_ATTRS: &[&str] = &[
    "href", "src", "alt", "title", "width", "height", "colspan", "rowspan", "start", "datetime",
    "rel", "target", "loading", "decoding",
];

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256)
}

fn corpus(ext: &str) -> Vec<String> {
    let dir = portal_core::test_support::workspace_root().join("tests/fuzz-corpus");
    let mut entries: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/fuzz-corpus")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .flat_map(|p| {
            let text = std::fs::read_to_string(&p).expect("corpus file is UTF-8");
            if ext == "txt" {
                text.lines().map(str::to_string).collect::<Vec<_>>()
            } else {
                vec![text]
            }
        })
        .collect();
    entries.sort();
    assert!(!entries.is_empty(), "empty corpus for .{ext}");
    entries
}

/// A corpus entry with a random slice replaced by random text: keeps most of the structure,
/// breaks it somewhere.
fn mutated(corpus: Vec<String>) -> impl Strategy<Value = String> {
    (
        prop::sample::select(corpus),
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        ".{0,12}",
    )
        .prop_map(|(base, at, len, insert)| {
            let chars: Vec<char> = base.chars().collect();
            let start = at.index(chars.len() + 1);
            let end = (start + len.index(8)).min(chars.len());
            let mut out: String = chars[..start].iter().collect();
            out.push_str(&insert);
            out.extend(&chars[end..]);
            out
        })
}

fn run<S: Strategy>(
    name: &str,
    strategy: S,
    check: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let ran = AtomicUsize::new(0);
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&strategy, |input| {
        ran.fetch_add(1, Ordering::Relaxed);
        check(input)
    });
    println!("fuzz {name}: {} inputs", ran.load(Ordering::Relaxed));
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

/// The sanitiser's promises, checked on its output.
fn check_sanitised(input: &str) -> Result<(), TestCaseError> {
    let out = sanitize(input, ORIGIN);
    for token in tokenize(&out) {
        if let Token::Start { name, attrs } = token {
            prop_assert!(
                !matches!(
                    name.as_str(),
                    "script"
                        | "style"
                        | "iframe"
                        | "svg"
                        | "math"
                        | "object"
                        | "base"
                        | "meta"
                        | "form"
                ),
                "{name} in {out}"
            );
            for (attr, value) in attrs {
                prop_assert!(
                    ALLOWED_ATTRS.contains(&attr.as_str()),
                    "attribute {attr} in {out}"
                );
                if attr == "href" || attr == "src" {
                    let scheme = scheme_of(&value).unwrap_or_default();
                    prop_assert!(
                        ["http", "https", "mailto", "tel"].contains(&scheme.as_str()),
                        "{value} in {out}"
                    );
                }
            }
        }
    }
    // Canonical: sanitising the output again changes nothing, so the browser parsing it sees what
    // the sanitiser wrote.
    prop_assert_eq!(sanitize(&out, ORIGIN), out);
    Ok(())
}

#[test]
fn sanitiser_random_html() {
    run(
        "sanitiser/random",
        "(<[a-zA-Z/!?]{0,3}|[ =\"'<>/&#;a-z0-9]|.){0,80}",
        |s| check_sanitised(&s),
    );
}

#[test]
fn sanitiser_mutated_payloads() {
    run("sanitiser/mutated corpus", mutated(corpus("txt")), |s| {
        check_sanitised(&s)
    });
}

#[test]
fn sanitiser_whole_corpus() {
    for payload in corpus("txt") {
        check_sanitised(&payload).unwrap_or_else(|e| panic!("{payload}: {e}"));
    }
}

#[test]
fn feed_parser_never_panics_on_mutated_feeds() {
    run("feed/mutated corpus", mutated(corpus("json")), |text| {
        if let Ok(page) = parse_feed(&text, "http://portal.test/content/feed.json") {
            let catalog = Catalog::new(page, "http://portal.test/content/feed.json");
            for item in catalog.latest() {
                prop_assert!(!item.id.trim().is_empty());
                prop_assert!(!item.title.is_empty());
                let _ = item.teaser(80);
            }
        }
        Ok(())
    });
}

#[test]
fn feed_parser_never_panics_on_random_text() {
    run("feed/random", ".{0,200}", |text| {
        let _ = parse_feed(&text, "http://portal.test/content/feed.json");
        Ok(())
    });
}

#[test]
fn dates_never_panic_and_format_zero_padded() {
    run("date/random", "[0-9T:.+zZ -]{0,40}|.{0,30}", |text| {
        if let Ok(t) = Timestamp::parse_rfc3339(&text) {
            let s = t.date_string();
            prop_assert_eq!(s.len(), 10, "{}", s);
        }
        Ok(())
    });
}

#[test]
fn route_segments_round_trip() {
    run("segment/random", ".{0,40}", |id| {
        let segment = encode_segment(&id);
        prop_assert!(!segment.contains(['%', '/', '?', '#']));
        prop_assert_eq!(decode_segment(&segment), id);
        Ok(())
    });
}
