//! Searching the published index from the browser (the format: portal_core::search,
//! docs/search-index.md). Files are fetched as a query needs them and kept for the page's
//! life: the manifest, the shards of the query's terms, the files of the results' records
//! (what a result shows), and, only when a phrase must be checked in a text its record does
//! not hold, the result's own article file, which then gives its snippet too.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures::future::join_all;

use crate::api::{display_name, feed_url, fetch_bytes, fetch_feed};
use portal_core::model::url::{article_file, resolve, ArticleKey};
use portal_core::model::{Item, LoadProblem, Site};
use portal_core::search::{
    channel_term, match_terms, read_records, read_shard, snippet, Candidate, Checked, Document,
    Found, Hit, Manifest, Postings, Query, Record, Shard, Shown,
};

/// Characters of a result's snippet.
const SNIPPET_CHARS: usize = 90;
/// Article files read to fill one page of results whose index matches need their text
/// checked (a phrase, or a term whose list was cut), beyond the page itself: past this many
/// the page shows what it has, and says the query should be more precise.
const CHECKS_PER_PAGE: usize = 40;

thread_local! {
    static MANIFESTS: RefCell<HashMap<String, Rc<Manifest>>> = RefCell::new(HashMap::new());
    static SHARDS: RefCell<HashMap<String, Rc<Shard>>> = RefCell::new(HashMap::new());
    static RECORDS: RefCell<HashMap<String, Rc<Vec<Record>>>> = RefCell::new(HashMap::new());
    static ARTICLES: RefCell<HashMap<String, Rc<Item>>> = RefCell::new(HashMap::new());
}

fn cached<T>(
    cache: &'static std::thread::LocalKey<RefCell<HashMap<String, Rc<T>>>>,
    url: &str,
) -> Option<Rc<T>> {
    cache.with(|c| c.borrow().get(url).cloned())
}

fn keep<T>(
    cache: &'static std::thread::LocalKey<RefCell<HashMap<String, Rc<T>>>>,
    url: &str,
    value: T,
) -> Rc<T> {
    let value = Rc::new(value);
    cache.with(|c| c.borrow_mut().insert(url.to_string(), value.clone()));
    value
}

fn problem(url: &str, what: impl std::fmt::Display) -> String {
    format!("{}: {what}", display_name(url))
}

/// Why a search failed.
enum Failure {
    /// A file the manifest names answered 404: the manifest is from an older release (kept in
    /// this page, or by the service worker when the network was slow), whose files a release
    /// switch deleted.
    Gone(String),
    Other(String),
}

impl From<String> for Failure {
    fn from(problem: String) -> Failure {
        Failure::Other(problem)
    }
}

impl Failure {
    fn text(self) -> String {
        match self {
            Failure::Gone(p) | Failure::Other(p) => p,
        }
    }
}

/// A file the manifest names, fetched: 404 says the manifest is stale.
async fn named_file(url: &str) -> Result<Vec<u8>, Failure> {
    fetch_bytes(url).await.map_err(|p| match p {
        LoadProblem::NotFound => Failure::Gone(problem(url, p)),
        p => Failure::Other(problem(url, p)),
    })
}

async fn manifest(url: &str) -> Result<Rc<Manifest>, String> {
    if let Some(m) = cached(&MANIFESTS, url) {
        return Ok(m);
    }
    let bytes = fetch_bytes(url).await.map_err(|p| problem(url, p))?;
    let manifest = Manifest::read(&bytes).map_err(|e| problem(url, e))?;
    Ok(keep(&MANIFESTS, url, manifest))
}

async fn shard(url: &str) -> Result<Rc<Shard>, Failure> {
    if let Some(s) = cached(&SHARDS, url) {
        return Ok(s);
    }
    let bytes = named_file(url).await?;
    let shard = read_shard(&bytes).map_err(|e| problem(url, e))?;
    Ok(keep(&SHARDS, url, shard))
}

async fn records(url: &str) -> Result<Rc<Vec<Record>>, Failure> {
    if let Some(r) = cached(&RECORDS, url) {
        return Ok(r);
    }
    let bytes = named_file(url).await?;
    let records = read_records(&bytes).map_err(|e| problem(url, e))?;
    Ok(keep(&RECORDS, url, records))
}

/// An article, from its own file (what a deep link reads).
async fn article(site: &Site, id: &str) -> Result<Rc<Item>, String> {
    let feed = feed_url();
    let template = site.article_url.as_deref().unwrap_or_default();
    let Some(file) = article_file(template, &ArticleKey::Id(id.to_string())) else {
        return Err(format!(
            "the feed names no article files: “{id}” cannot be read"
        ));
    };
    let url = resolve(&feed, &file);
    if let Some(a) = cached(&ARTICLES, &url) {
        return Ok(a);
    }
    let page = fetch_feed(&url).await.map_err(|e| e.to_string())?;
    let item = page
        .items
        .into_iter()
        .find(|i| i.id == id)
        .ok_or_else(|| problem(&url, format!("does not hold “{id}”")))?;
    Ok(keep(&ARTICLES, &url, item))
}

fn hit(item: &Item, body: &str, query: &Query) -> Hit {
    let mut pieces = snippet(body, query, SNIPPET_CHARS);
    if !pieces.iter().any(|(_, marked)| *marked) {
        if let Some(summary) = &item.summary {
            pieces = snippet(summary, query, SNIPPET_CHARS);
        }
    }
    Hit {
        item: item.clone(),
        snippet: pieces,
    }
}

/// Searches the index the feed names for page `page` (from 1) of `page_size` results. When a
/// file the manifest names is gone, the manifest is read again and the search tried once more.
pub async fn search(
    site: &Site,
    index: &str,
    query: &Query,
    channel: Option<&str>,
    page: usize,
    page_size: usize,
) -> Result<Found, String> {
    let manifest_url = resolve(&feed_url(), index);
    match search_with(site, &manifest_url, query, channel, page, page_size).await {
        Err(Failure::Gone(_)) => {
            MANIFESTS.with(|m| m.borrow_mut().remove(&manifest_url));
            search_with(site, &manifest_url, query, channel, page, page_size)
                .await
                .map_err(Failure::text)
        }
        answer => answer.map_err(Failure::text),
    }
}

async fn search_with(
    site: &Site,
    manifest_url: &str,
    query: &Query,
    channel: Option<&str>,
    page: usize,
    page_size: usize,
) -> Result<Found, Failure> {
    let manifest = manifest(manifest_url).await?;
    let filter = channel.map(channel_term);
    let mut wanted: Vec<String> = query.terms.clone();
    wanted.extend(filter.clone());
    // The shards of all the terms at once, in the base and in the delta.
    let mut shard_urls: Vec<String> = Vec::new();
    for term in &wanted {
        for file in manifest.term_files(term) {
            let url = resolve(manifest_url, &file);
            if !shard_urls.contains(&url) {
                shard_urls.push(url);
            }
        }
    }
    let mut shards: HashMap<String, Rc<Shard>> = HashMap::new();
    for (url, read) in shard_urls
        .iter()
        .zip(join_all(shard_urls.iter().map(|u| shard(u))).await)
    {
        shards.insert(url.clone(), read?);
    }
    // Each term merged over the segments.
    let mut postings: HashMap<String, Postings> = HashMap::new();
    for term in &wanted {
        let in_file = |file: &str| {
            let shard = shards.get(&resolve(manifest_url, file))?;
            shard.get(term).cloned()
        };
        if let Some(p) = manifest.postings(term, &in_file) {
            postings.insert(term.clone(), p);
        }
    }
    let matches = match_terms(query, filter.as_deref(), &|t| postings.get(t).cloned());
    let page_size = page_size.max(1);
    let needs_check = !query.exact() || matches.candidates.iter().any(|c| c.unsure);
    let start = (page - 1) * page_size;
    let mut hits = Vec::new();
    // Results before this page: counted when each must be checked, skipped when not.
    let mut confirmed = if needs_check {
        0
    } else {
        start.min(matches.candidates.len())
    };
    let mut next = confirmed;
    let mut checked = 0usize;
    let mut tally = Checked {
        phrase: !query.exact(),
        ..Checked::default()
    };
    while hits.len() < page_size && next < matches.candidates.len() {
        if needs_check && checked >= start + page_size + CHECKS_PER_PAGE {
            break;
        }
        // A batch of as many candidates as the page still needs, read at once.
        let want = if confirmed < start {
            page_size
        } else {
            page_size - hits.len()
        };
        let batch: Vec<Candidate> = matches.candidates[next..]
            .iter()
            .take(want)
            .copied()
            .collect();
        next += batch.len();
        let docs: Vec<u32> = batch.iter().map(|c| c.doc).collect();
        let read = results_of(site, &manifest, manifest_url, &docs, |r| {
            !needs_check || r.holds(query)
        })
        .await?;
        for (candidate, result) in batch.iter().zip(read) {
            let (found, shown) = match result {
                Read::Record(record) => (true, hit(&record.item(), &record.excerpt, query)),
                Read::Article(item) => {
                    let document = Document::of(&item, site);
                    let found = query.found_in(&document.folded());
                    (found, hit(&item, &document.body, query))
                }
                Read::Missing => continue,
            };
            checked += 1;
            if needs_check && !candidate.unsure {
                tally.sure_checked += 1;
                tally.sure_confirmed += u64::from(found);
            }
            if !found {
                continue;
            }
            confirmed += 1;
            if confirmed > start && hits.len() < page_size {
                hits.push(shown);
            }
        }
    }
    let remaining = matches.candidates.len() > next;
    // Every candidate checked against its text: the count is the number confirmed.
    tally.all = needs_check && !remaining && matches.complete;
    tally.confirmed = confirmed as u64;
    let (total, shown) = matches.count(&tally);
    Ok(Found {
        total,
        exact: shown == Shown::Exact,
        at_least: shown == Shown::AtLeast,
        more: remaining || confirmed > start + hits.len(),
        unchecked: needs_check && remaining && hits.len() < page_size,
        stale: manifest.content_hash != site.content_hash,
        hits,
    })
}

/// What a result was read from.
enum Read {
    /// Its record: enough to show it, and it holds the query.
    Record(Record),
    /// Its article file: the record does not hold a phrase the text must be checked for.
    Article(Rc<Item>),
    /// The index names it, but no record (a damaged file) or no article file (taken down since
    /// the index was built): left out of the results, not the reason to give up the search.
    Missing,
}

/// The results of `docs`, in order, read at once: first their records' files (a file of
/// [`portal_core::search::RECORDS_PER_FILE`]: a page of the newest results is one or two), then
/// the article files of those whose record `enough` does not accept.
async fn results_of(
    site: &Site,
    manifest: &Manifest,
    manifest_url: &str,
    docs: &[u32],
    enough: impl Fn(&Record) -> bool,
) -> Result<Vec<Read>, Failure> {
    let places: Vec<Option<(String, usize)>> = docs
        .iter()
        .map(|d| {
            manifest
                .record_file(*d)
                .map(|(file, at)| (resolve(manifest_url, &file), at))
        })
        .collect();
    let mut urls: Vec<&str> = places.iter().flatten().map(|(u, _)| u.as_str()).collect();
    urls.sort_unstable();
    urls.dedup();
    for list in join_all(urls.iter().map(|u| records(u))).await {
        list?;
    }
    let found: Vec<Option<Record>> = places
        .iter()
        .map(|place| {
            let (url, at) = place.as_ref()?;
            cached(&RECORDS, url).and_then(|records| records.get(*at).cloned())
        })
        .collect();
    let read = join_all(found.into_iter().map(|record| async {
        match record {
            Some(r) if enough(&r) => Read::Record(r),
            Some(r) => match article(site, &r.id).await {
                Ok(item) => Read::Article(item),
                Err(_) => Read::Missing,
            },
            None => Read::Missing,
        }
    }))
    .await;
    Ok(read)
}
