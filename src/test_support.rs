//! What the native unit tests share: catalogs to render, and markup checked as a reader's
//! browser would parse it.

use crate::model::feed::parse_feed;
use crate::model::html::{tokenize, Token};
use crate::model::Catalog;

/// Where test feeds are said to come from: relative URLs in them resolve under it.
pub const FEED_URL: &str = "https://x.test/content/feed.json";

/// The catalog of `feed`, a JSON Feed that must parse.
pub fn catalog_of(feed: &str) -> Catalog {
    Catalog::new(
        parse_feed(feed, FEED_URL).expect("the test feed parses"),
        FEED_URL,
    )
}

/// The catalog of the bundled sample content, `public/content/feed.json`.
pub fn sample_catalog() -> Catalog {
    catalog_of(include_str!("../public/content/feed.json"))
}

const VOID: &[&str] = &["img", "br", "hr", "input", "wbr"];

/// Panics unless every element that is opened is closed, in order.
pub fn well_formed(html: &str) {
    let mut open: Vec<String> = Vec::new();
    for token in tokenize(html) {
        match token {
            Token::Start { name, .. } if !VOID.contains(&name.as_str()) => open.push(name),
            Token::End(name) => {
                let top = open.pop();
                assert_eq!(top.as_deref(), Some(name.as_str()), "in {html}");
            }
            _ => {}
        }
    }
    assert!(open.is_empty(), "left open: {open:?} in {html}");
}

/// The `name` attribute of every element `tag`, in order.
pub fn attributes(html: &str, tag: &str, name: &str) -> Vec<String> {
    tokenize(html)
        .into_iter()
        .filter_map(|token| match token {
            Token::Start { name: t, attrs } if t == tag => {
                attrs.into_iter().find(|(n, _)| n == name).map(|(_, v)| v)
            }
            _ => None,
        })
        .collect()
}
