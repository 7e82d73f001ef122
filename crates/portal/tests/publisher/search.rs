//! The search index as `portal build` publishes it, read back with the reader the app uses
//! (portal_core::search): every item findable, the content hash the app compares, the records
//! a result shows (id, title, date, channel, excerpt), and each article's own file.
use portal_core::test_support::workspace_root as repo;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::support::published_sample;
use portal_core::model::feed::parse_feed;
use portal_core::model::url::{article_file, ArticleKey};
use portal_core::search::{
    match_terms, read_records, read_shard, Manifest, Postings, Query, Record, EXCERPT_CHARS,
    MANIFEST_PATH,
};

fn published(name: &str) -> PathBuf {
    published_sample(name, "https://example.com/").join("content")
}

struct Published {
    content: PathBuf,
    manifest: Manifest,
}

impl Published {
    fn read(content: &Path) -> Published {
        let bytes = std::fs::read(content.join(MANIFEST_PATH)).expect("a manifest");
        Published {
            content: content.to_path_buf(),
            manifest: Manifest::read(&bytes).expect("the manifest reads"),
        }
    }

    /// A term's postings, merged over the base and the delta as the app merges them.
    fn postings(&self, term: &str) -> Option<Postings> {
        let in_file = |file: &str| {
            let bytes = std::fs::read(self.content.join("search").join(file)).expect("the shard");
            read_shard(&bytes).expect("the shard reads").remove(term)
        };
        self.manifest.postings(term, &in_file)
    }

    fn record(&self, doc: u32) -> Record {
        let (file, at) = self.manifest.record_file(doc).expect("a file of records");
        let bytes = std::fs::read(self.content.join("search").join(file)).expect("the records");
        read_records(&bytes).expect("records")[at].clone()
    }

    fn id_of(&self, doc: u32) -> String {
        self.record(doc).id
    }

    /// The ids a query finds, best first, before any text check.
    fn find(&self, query: &str, channel: Option<&str>) -> Vec<String> {
        let q = Query::parse(query);
        let filter = channel.map(portal_core::search::channel_term);
        let cache: HashMap<String, Option<Postings>> = q
            .terms
            .iter()
            .chain(filter.iter())
            .map(|t| (t.clone(), self.postings(t)))
            .collect();
        let matches = match_terms(&q, filter.as_deref(), &|t| cache.get(t).cloned().flatten());
        matches
            .candidates
            .iter()
            .map(|c| self.id_of(c.doc))
            .collect()
    }
}

#[test]
fn every_published_item_is_found_by_its_title_and_leads_to_its_article_file() {
    let content = published("search-sample");
    let index = Published::read(&content);
    let feed_text = std::fs::read_to_string(content.join("feed.json")).expect("feed.json");
    let first = parse_feed(&feed_text, "https://example.com/content/feed.json").expect("a feed");
    assert_eq!(first.site.search_index.as_deref(), Some(MANIFEST_PATH));
    assert_eq!(
        index.manifest.content_hash, first.site.content_hash,
        "the hash the app computes of the feed it loads is the one the index records"
    );
    let authored: Vec<_> = ["feed.json", "feed-2.json"]
        .iter()
        .flat_map(|f| {
            let text =
                std::fs::read_to_string(repo().join("public/content").join(f)).expect("read");
            parse_feed(&text, "https://example.com/content/feed.json")
                .expect("parse")
                .items
        })
        .collect();
    assert_eq!(index.manifest.documents as usize, authored.len());
    // Each document's record is what a result shows of its item.
    for doc in 0..index.manifest.documents {
        let record = index.record(doc);
        let item = authored
            .iter()
            .find(|i| i.id == record.id)
            .expect("a record of an authored item");
        assert_eq!(record.title, item.title);
        assert_eq!(record.channel, item.channel);
        assert_eq!(record.date, item.date.map(|d| d.0));
        let summary = item.summary.as_deref().unwrap_or_default().trim();
        assert!(record.excerpt.chars().count() <= EXCERPT_CHARS);
        assert!(
            !record.excerpt.is_empty() && summary.starts_with(&record.excerpt)
                || summary.is_empty(),
            "{}: the excerpt is the start of the summary",
            record.id
        );
    }
    let template = first.site.article_url.clone().expect("article files");
    for item in &authored {
        let found = index.find(&item.title, None);
        assert!(
            found.contains(&item.id),
            "{} not found by its title",
            item.title
        );
        let file = article_file(&template, &ArticleKey::Id(item.id.clone())).expect("a file");
        assert!(content.join(&file).is_file(), "{file}");
    }
    // 华山一条路 is in the seed article's text; the seed ranks first.
    assert_eq!(
        index.find("华山一条路", None).first().map(String::as_str),
        Some("20210902-wenzhou-kechuang")
    );
    // A body-only word of an item on the authored feed's second page.
    assert_eq!(index.find("挂牌了事", None), ["sample-rencai-03"]);
    // The channel filter keeps that channel's items only.
    let in_zhengce = index.find("技术", Some("zhengce"));
    assert!(!in_zhengce.is_empty());
    for id in &in_zhengce {
        let item = authored.iter().find(|i| &i.id == id).expect("an item");
        assert_eq!(item.channel.as_deref(), Some("zhengce"));
    }
    assert!(index.find("技术", None).len() > in_zhengce.len());
}

#[test]
fn publishing_again_writes_the_same_index_files() {
    let once = published("search-once");
    let again = published("search-again");
    let names = |dir: &Path| -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir.join("search"))
            .expect("the index folder")
            .map(|e| e.expect("an entry").path())
            .map(|p| {
                (
                    p.file_name()
                        .expect("a name")
                        .to_string_lossy()
                        .into_owned(),
                    std::fs::read(&p).expect("read"),
                )
            })
            .collect();
        files.sort();
        files
    };
    assert_eq!(names(&once), names(&again));
}
