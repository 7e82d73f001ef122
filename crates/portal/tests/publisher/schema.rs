//! docs/portal.schema.json, the JSON Schema of a content file with the `_portal` extension:
//! the bundled sample and the documented example validate against it, and the mistakes it is
//! there to catch are caught. Validated with the `jsonschema` crate (draft 2020-12).
use std::path::{Path, PathBuf};

use portal_core::test_support::workspace_root as repo;
use serde_json::{json, Value};

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn validator() -> jsonschema::Validator {
    let schema = read_json(&repo().join("docs/portal.schema.json"));
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("docs/portal.schema.json is not a valid schema: {e}"))
}

/// Every way `feed` breaks the schema, one line each.
fn errors(validator: &jsonschema::Validator, feed: &Value) -> Vec<String> {
    validator
        .iter_errors(feed)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// The JSON files under `dir`, recursively.
fn json_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            json_files(&path, found);
        } else if path.extension().is_some_and(|x| x == "json") {
            found.push(path);
        }
    }
}

#[test]
fn the_bundled_sample_content_is_valid() {
    let validator = validator();
    let mut files = Vec::new();
    json_files(&repo().join("public/content"), &mut files);
    assert!(files.len() >= 2, "{files:?}");
    for file in files {
        let problems = errors(&validator, &read_json(&file));
        assert!(problems.is_empty(), "{}: {problems:#?}", file.display());
    }
}

#[test]
fn every_file_portal_build_packs_is_valid() {
    let dist = crate::support::published_sample("schema-pack", "https://example.com/");
    let validator = validator();
    let mut files = Vec::new();
    json_files(&dist.join("content"), &mut files);
    // The search index's files are not feeds (docs/search-index.md has their format).
    files.retain(|f| !f.starts_with(dist.join("content/search")));
    assert!(files.len() > 20, "{files:?}");
    for file in &files {
        let problems = errors(&validator, &read_json(file));
        assert!(problems.is_empty(), "{}: {problems:#?}", file.display());
    }
    let _ = std::fs::remove_dir_all(&dist);
}

#[test]
fn the_documented_example_is_valid() {
    let doc = std::fs::read_to_string(repo().join("docs/content-format.md"))
        .expect("docs/content-format.md");
    let example = doc
        .split("## A complete example")
        .nth(1)
        .and_then(|s| s.split("```json").nth(1))
        .and_then(|s| s.split("```").next())
        .expect("a json block under 'A complete example'");
    let feed: Value = serde_json::from_str(example).expect("the example is JSON");
    let problems = errors(&validator(), &feed);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_mistakes_editors_make_are_caught() {
    let validator = validator();
    let feed = |portal: Value, item_portal: Value| {
        json!({
            "version": "https://jsonfeed.org/version/1.1",
            "_portal": portal,
            "items": [{ "id": "a", "title": "甲", "_portal": item_portal }]
        })
    };
    let cases = [
        (json!({ "site_nmae": "拼错的字段" }), json!({}), "/_portal"),
        (json!({ "page_size": 0 }), json!({}), "/_portal/page_size"),
        (
            json!({ "tiles": [{ "title": "t", "url": "javascript:alert(1)" }] }),
            json!({}),
            "/_portal/tiles/0/url",
        ),
        (
            json!({ "icp": { "url": "https://beian.miit.gov.cn/" } }),
            json!({}),
            "/_portal/icp",
        ),
        (
            json!({ "article_url": "articles/x.json" }),
            json!({}),
            "/_portal/article_url",
        ),
        (json!({}), json!({ "views": -1 }), "/items/0/_portal/views"),
        (
            json!({}),
            json!({ "featured": "yes" }),
            "/items/0/_portal/featured",
        ),
    ];
    for (portal, item_portal, path) in cases {
        let bad = feed(portal, item_portal);
        let problems = errors(&validator, &bad);
        assert!(
            problems.iter().any(|p| p.starts_with(&format!("{path}:"))),
            "{bad} should fail at {path}: {problems:#?}"
        );
    }
    let no_id =
        json!({ "version": "https://jsonfeed.org/version/1", "items": [{ "title": "无 id" }] });
    assert!(!errors(&validator, &no_id).is_empty());
    let bad_date = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "items": [{ "id": "d", "date_published": "上周三" }]
    });
    assert!(!errors(&validator, &bad_date).is_empty());
}
