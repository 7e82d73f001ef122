//! The names Rust shares with the JavaScript, nginx and the scripts (`portal_core::names`), read
//! out of each file that repeats them: a rename on one side alone fails here, not in a reader's
//! browser.

use std::collections::BTreeSet;

use portal_core::html::{tokenize, Token};
use portal_core::names::{
    ACCESSIBILITY_TOOLS, CONTENT_CACHE, HANT_TABLE, HANT_WAIT_CLASS, HASHED_ASSET,
    HASHED_INDEX_FILE, READER_ACTIONS, READER_CLASSES, READER_SETTINGS_KEY, SHELL_FILE,
};
use portal_core::test_support::{catalog_of, sample_catalog, workspace_root};
use portal_core::write::markup::render;
use portal_core::write::reader::{accessibility_bar, article_tools, back_to_top, reader_modes};

fn read(relative: &str) -> String {
    let path = workspace_root().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn says(relative: &str, text: &str) {
    assert!(
        read(relative).contains(text),
        "{relative} does not say {text:?}, as portal_core::names does"
    );
}

#[test]
fn the_hashed_file_patterns_are_the_same_everywhere() {
    for file in [
        "deploy/nginx/portal.conf",
        "deploy/nginx/portal-subpath.conf",
        "scripts/service-worker.sh",
        "bench/server.mjs",
    ] {
        says(file, HASHED_ASSET);
    }
    for file in [
        "deploy/nginx/portal.conf",
        "deploy/nginx/portal-subpath.conf",
        "public/sw.js",
        "bench/server.mjs",
    ] {
        says(file, HASHED_INDEX_FILE);
    }
}

#[test]
fn the_shell_and_the_content_cache_are_named_alike() {
    for file in [
        "public/sw.js",
        "deploy/nginx/portal.conf",
        "deploy/nginx/portal-subpath.conf",
        "bench/server.mjs",
    ] {
        says(file, SHELL_FILE);
    }
    says("public/sw.js", &format!("const SHELL = '{SHELL_FILE}';"));
    says(
        "public/sw.js",
        &format!("const CONTENT_CACHE = '{CONTENT_CACHE}';"),
    );
}

#[test]
fn the_hant_table_and_its_class_are_named_alike() {
    says("public/boot.js", &format!("new URL('{HANT_TABLE}'"));
    says(
        "public/sw.js",
        &format!("const HANT_TABLE = '{HANT_TABLE}';"),
    );
    says("index.html", &format!("c.add('{HANT_WAIT_CLASS}')"));
    says("public/boot.js", &format!("remove('{HANT_WAIT_CLASS}')"));
    says("style/main.css", &format!("html.{HANT_WAIT_CLASS} body"));
}

#[test]
fn the_reader_settings_use_one_key_and_one_set_of_classes() {
    let head_script = read("index.html");
    let boot = read("public/boot.js");
    let css = read("style/main.css");
    assert!(head_script.contains(&format!("localStorage.getItem('{READER_SETTINGS_KEY}')")));
    assert!(boot.contains(&format!("var KEY = '{READER_SETTINGS_KEY}';")));
    for class in READER_CLASSES {
        let toggled = format!("toggle('{class}',");
        assert!(head_script.contains(&toggled), "index.html: {class}");
        assert!(boot.contains(&toggled), "public/boot.js: {class}");
        assert!(
            css.contains(&format!("html.{class}")) || css.contains(&format!(".{class}")),
            "style/main.css has no rule for {class}"
        );
    }
    let tools = format!(
        "[{}]",
        ACCESSIBILITY_TOOLS
            .iter()
            .map(|t| format!("'{t}'"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    assert!(
        head_script.contains(&format!(
            "{}.forEach(function(k){{c.toggle('a11y-'+k,p[k]===true)}})",
            tools.replace(", ", ",")
        )),
        "index.html toggles a11y-<tool> for {tools}"
    );
    assert!(
        boot.contains(&format!("var TOOLS = {tools};")),
        "public/boot.js lists {tools}"
    );
    for tool in ACCESSIBILITY_TOOLS {
        assert!(
            css.contains(&format!("html.a11y-{tool} ")),
            "style/main.css has no rule for a11y-{tool}"
        );
    }
}

/// The `data-reader` values in markup.
fn actions(html: &str) -> BTreeSet<String> {
    tokenize(html)
        .into_iter()
        .filter_map(|token| match token {
            Token::Start { attrs, .. } => attrs
                .into_iter()
                .find(|(name, _)| name == "data-reader")
                .map(|(_, value)| value),
            _ => None,
        })
        .collect()
}

#[test]
fn every_tool_the_writers_write_is_a_case_of_the_one_listener() {
    let catalog = sample_catalog();
    let item = catalog
        .item("20210902-wenzhou-kechuang")
        .expect("the seed article");
    let written = actions(&render(|m| {
        reader_modes(m);
        accessibility_bar(m);
        back_to_top(m);
        article_tools(m, &catalog.site, item, "https://x.test/article/a");
    }));
    let named: BTreeSet<String> = READER_ACTIONS.iter().map(|a| a.to_string()).collect();
    assert_eq!(written, named, "the writers and portal_core::names");
    let boot = read("public/boot.js");
    let handled: BTreeSet<String> = boot
        .split("case '")
        .skip(1)
        .filter_map(|rest| rest.split_once("':").map(|(value, _)| value.to_string()))
        .collect();
    assert_eq!(
        handled, named,
        "public/boot.js's cases and portal_core::names"
    );
    // A feed without a corrections address still gets every tool but 纠错 (not a data-reader).
    let bare = catalog_of(
        r#"{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [{"id": "a", "content_text": "x"}]}"#,
    );
    let item = bare.item("a").expect("an item");
    assert!(actions(&render(|m| article_tools(
        m,
        &bare.site,
        item,
        "https://x.test/a"
    )))
    .is_subset(&named));
}
