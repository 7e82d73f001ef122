//! The 简/繁 table `portal build` writes (src/hant.rs, read by public/boot.js): complete for
//! every character of the sample, and read backwards, a query in traditional characters comes
//! back to the simplified text the search index holds.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;
use portal::hant::{Converter, TABLE_FILE};
use portal_core::html::text_content;
use portal_core::test_support::{files_under, workspace_root};

use crate::support::published_sample;

/// Every character of the text files under `dir`.
fn characters(dir: &Path, into: &mut HashSet<char>) {
    for entry in std::fs::read_dir(dir).expect("a folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            characters(&path, into);
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            into.extend(text.chars());
        }
    }
}

/// The table's pairs (`s1t1s2t2…`) as a map, in their order, the first pair of a key winning.
fn pairs(text: &str, backwards: bool) -> HashMap<char, char> {
    let chars: Vec<char> = text.chars().collect();
    let mut map = HashMap::new();
    for pair in chars.chunks(2) {
        let (from, to) = if backwards {
            (pair[1], pair[0])
        } else {
            (pair[0], pair[1])
        };
        map.entry(from).or_insert(to);
    }
    map
}

/// The table of the sample published into a scratch folder of its own, `name`.
fn table(name: &str) -> serde_json::Value {
    let dist = published_sample(name, "https://example.com/");
    let text = std::fs::read_to_string(dist.join(TABLE_FILE)).expect("the table");
    serde_json::from_str(&text).expect("JSON")
}

#[test]
fn the_table_converts_every_character_of_the_sample_as_opencc_does() {
    let table = table("hant-complete");
    let chars = pairs(table["chars"].as_str().expect("chars"), false);
    let mut sample = HashSet::new();
    characters(&workspace_root().join("public/content"), &mut sample);
    let s2t = OpenCC::from_config(BuiltinConfig::S2t).expect("S2T");
    let mut converted = 0;
    let mut missing = Vec::new();
    for c in sample {
        let t = s2t.convert(&c.to_string());
        if t != c.to_string() {
            converted += 1;
            if chars.get(&c).map(char::to_string) != Some(t.clone()) {
                missing.push(format!("{c}→{t}"));
            }
        }
    }
    assert!(
        converted > 300,
        "the sample has {converted} characters to convert"
    );
    assert!(missing.is_empty(), "not in the table: {missing:?}");
    // Words converted otherwise than character by character, found in the sample's text.
    let phrases = table["phrases"].as_object().expect("phrases");
    assert_eq!(phrases.get("发布").and_then(|v| v.as_str()), Some("發佈"));
    assert!(
        phrases.keys().all(|k| k.chars().count() >= 2),
        "phrases are words"
    );
}

#[test]
fn a_query_in_traditional_characters_comes_back_to_the_simplified_text() {
    let table = table("hant-query");
    let back = pairs(table["back"].as_str().expect("back"), false);
    let backwards = pairs(table["chars"].as_str().expect("chars"), true);
    // As public/boot.js reads a query: `back` first, then `chars` backwards.
    let simplified = |query: &str| -> String {
        query
            .chars()
            .map(|c| back.get(&c).or(backwards.get(&c)).copied().unwrap_or(c))
            .collect()
    };
    assert_eq!(simplified("科技創新"), "科技创新");
    assert_eq!(simplified("數字經濟與產業發展"), "数字经济与产业发展");
    // What the published text has is what the index holds: a simplified query stays as it is.
    let mut sample = HashSet::new();
    characters(&workspace_root().join("public/content"), &mut sample);
    let text: String = sample.into_iter().collect();
    assert_eq!(simplified(&text), text);
}

#[test]
fn each_written_page_counts_the_same_read_in_parts_as_whole() {
    let dist = published_sample("hant-parts", "https://example.com/");
    let written: Vec<String> = files_under(&dist)
        .into_iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "html"))
        .map(|(_, bytes)| String::from_utf8(bytes).expect("a page is UTF-8"))
        .collect();
    let articles = written
        .iter()
        .filter(|html| html.contains("<article class=\"article"))
        .count();
    assert!(articles > 10, "{articles} article pages");
    let converter = Converter::new().expect("OpenCC");
    for html in &written {
        assert_eq!(
            converter.page_of_html(html),
            converter.page(&text_content(html)),
            "{}",
            &html[..html.len().min(300)]
        );
    }
    // Each article page after the first found its header and the sidebar's shared boxes
    // counted: the cuts match what the writers write.
    assert!(
        converter.parts_reused() >= articles,
        "{} parts reused over {articles} article pages",
        converter.parts_reused()
    );
}
