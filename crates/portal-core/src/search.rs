//! Full-text search of the whole archive: the index `portal build` writes into
//! `content/search/` and the app reads, in one module for both (docs/search-index.md).
//!
//! - **Terms.** Text is folded as [`fold_case`] folds it (ＡＩ = ai). A run of Chinese characters
//!   gives its overlapping bigrams and its single characters (a one-character query is a
//!   term, with no dictionary); a run of letters and digits is one word. What is neither
//!   (punctuation, symbols, emoji, controls) separates terms and is never searched.
//! - **Documents** are numbered from the oldest (0) to the newest, so an item added later takes
//!   the next number and the files of the terms it does not have stay the same.
//! - **Postings.** A term lists the documents it is in, newest first, each with the fields it
//!   is in ([`TITLE`], [`SUMMARY`], [`BODY`]), for ranking. A term in more than
//!   [`POSTINGS_KEPT`] documents keeps the newest of them (and its true document count): 的 or
//!   科技 are in nearly every item, and a query is answered from its rarest term.
//! - **Shards.** Terms go to shards by the hash of the term, so a query fetches only the shards
//!   of its terms; the number of shards is chosen so that a shard is about
//!   [`SHARD_TARGET_BYTES`]. Each file is named by the hash of its bytes and never changes; the
//!   manifest, `search/index.json`, names them all and the content they were built from.
//! - **Segments.** The index is a base and a delta of the newest documents ([`DeltaLimit`]),
//!   each with its own shards and records, so an item added after the newest rewrites the
//!   delta's few files and the manifest, never the base's; the reader merges a term's postings
//!   from both at query time ([`Manifest::postings`]), and answers as one segment would.
//! - **Records.** What a result shows (id, title, date, channel, an excerpt) is in files of
//!   [`RECORDS_PER_FILE`] documents, so a page of results costs a few small files and no
//!   article file, unless a phrase must be checked in a text the record does not hold (bigrams
//!   only say its pieces are): then the result's own article file is read.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use crate::html::sanitize::{sanitize, Origin};
use crate::html::text_content;
use crate::model::date::Timestamp;
use crate::model::{Body, Item, LoadProblem, Site};
use crate::text::{fnv1a, fold_case};

/// The manifest's `format`: a reader refuses any other. 2: records instead of files of ids;
/// 3: a base segment and a delta segment of the newest documents ([`DeltaLimit`]).
pub const FORMAT: &str = "kechuang-search/3";
/// Where the manifest is, relative to the content folder (`_portal.search_index`).
pub const MANIFEST_PATH: &str = "search/index.json";
/// Field bits of a posting.
pub const TITLE: u8 = 1;
pub const SUMMARY: u8 = 2;
pub const BODY: u8 = 4;
/// Postings a term keeps, newest first. Measured on the 100k generated feed (bench section g):
/// 4,096 keeps a common term's list near 8 KB, while a term in up to 4% of 100,000 items (and
/// in every item of a 4,096-item archive) is listed whole.
pub const POSTINGS_KEPT: usize = 4096;
/// The size a shard is aimed at, before compression: a query of four Chinese characters reads
/// three shards and the manifest, which names every shard (8 hex digits each: 4,100 shards
/// at 100k items make a 48 KB manifest). At 24 KB, the 10k feed's four-character queries
/// fetched about 65 KB; at 12 KB, about 40 (bench section g).
pub const SHARD_TARGET_BYTES: usize = 12 * 1024;
/// Records per file. A page of results of a rare word is spread over the archive, one file a
/// result; of a common one, among the newest documents, in one or two files. 16 records are
/// about 3.5 KB raw (100k generated feed): a page of results read 19–70 KB of index files and
/// no article file at 10k, where it read 14–58 KB and ten article files (26–37 KB brotli) with
/// files of 256 ids (bench section g).
pub const RECORDS_PER_FILE: usize = 16;
/// Characters of a record's excerpt: the start of the summary, or of the body. At 40, the 100k
/// generated feed's records are 22.2 MB, and its index 73.1 MB: 1.41× its 51.7 MB with files
/// of ids (the budget is 1.5×).
pub const EXCERPT_CHARS: usize = 40;
/// Characters of a query that are searched; the rest is ignored, and the page says so.
pub const QUERY_MAX_CHARS: usize = 64;
/// The longest word indexed: longer ones are cut (a URL or a hash is not something to search).
const WORD_MAX_CHARS: usize = 32;
/// Channel terms: `#` never occurs in a text term, so `#c:difang` is no word of any text.
const CHANNEL_PREFIX: &str = "#c:";
const SHARD_MAGIC: &[u8; 4] = b"KCS1";

/// Chinese characters (the CJK Unified Ideographs and their extensions, compatibility ones)
/// and Japanese kana: scripts written without spaces, searched by bigram.
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

/// Letters and digits of words: ASCII after folding, and other alphabetic scripts.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (c.is_alphanumeric() && !is_han(c) && !c.is_ascii())
}

/// A piece of folded text that search treats as one: a run of Chinese characters, or a word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Run {
    Han(String),
    Word(String),
}

impl Run {
    pub fn text(&self) -> &str {
        match self {
            Run::Han(t) | Run::Word(t) => t,
        }
    }
}

/// The runs of `text`, folded.
pub fn runs(text: &str) -> Vec<Run> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut han = false;
    let flush = |current: &mut String, han: bool, out: &mut Vec<Run>| {
        if !current.is_empty() {
            let text = std::mem::take(current);
            out.push(if han { Run::Han(text) } else { Run::Word(text) });
        }
    };
    for c in fold_case(text).chars() {
        if is_han(c) {
            if !han {
                flush(&mut current, han, &mut out);
                han = true;
            }
            current.push(c);
        } else if is_word_char(c) {
            if han {
                flush(&mut current, han, &mut out);
                han = false;
            }
            current.push(c);
        } else {
            flush(&mut current, han, &mut out);
        }
    }
    flush(&mut current, han, &mut out);
    out
}

fn cut_word(word: &str) -> String {
    word.chars().take(WORD_MAX_CHARS).collect()
}

/// The term of a channel, for the channel filter.
pub fn channel_term(slug: &str) -> String {
    format!("{CHANNEL_PREFIX}{slug}")
}

/// A query, as search reads it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    /// What is searched: each run must be in a result, a Chinese run as a phrase.
    pub runs: Vec<Run>,
    /// The index terms of the runs, each once.
    pub terms: Vec<String>,
    /// Characters past [`QUERY_MAX_CHARS`] were ignored.
    pub cut: bool,
}

impl Query {
    pub fn parse(text: &str) -> Query {
        let mut cut = false;
        let mut runs_kept = Vec::new();
        let mut length = 0;
        for run in runs(text) {
            let chars = run.text().chars().count();
            if length + chars > QUERY_MAX_CHARS {
                cut = true;
                let room = QUERY_MAX_CHARS - length;
                if room > 0 {
                    let text: String = run.text().chars().take(room).collect();
                    runs_kept.push(match run {
                        Run::Han(_) => Run::Han(text),
                        Run::Word(_) => Run::Word(text),
                    });
                }
                break;
            }
            length += chars;
            if !runs_kept.contains(&run) {
                runs_kept.push(run);
            }
        }
        let mut terms: Vec<String> = Vec::new();
        for run in &runs_kept {
            let mut add = |t: String| {
                if !terms.contains(&t) {
                    terms.push(t);
                }
            };
            match run {
                Run::Han(han) => {
                    let chars: Vec<char> = han.chars().collect();
                    if chars.len() == 1 {
                        add(han.clone());
                    } else {
                        for pair in chars.windows(2) {
                            add(pair.iter().collect());
                        }
                    }
                }
                Run::Word(word) => add(cut_word(word)),
            }
        }
        Query {
            runs: runs_kept,
            terms,
            cut,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The terms alone say whether a document matches: no run of three Chinese characters or
    /// more, whose bigrams can be in a text without being next to each other.
    pub fn exact(&self) -> bool {
        self.runs.iter().all(|r| match r {
            Run::Han(t) => t.chars().count() <= 2,
            Run::Word(_) => true,
        })
    }

    /// Whether every run is in `text` (folded by the caller's [`fold_case`]): a Chinese run as
    /// a phrase, a word as it is.
    pub fn found_in(&self, folded: &str) -> bool {
        self.runs.iter().all(|r| folded.contains(r.text()))
    }
}

/// What a document is indexed from. Single characters are indexed from the title and the
/// summary (and from a body's one-character runs), not from the body: there nearly every
/// character is in thousands of items, and they made three quarters of the index (bench
/// section g), for one-character queries, which the title and summary answer well enough.
#[derive(Clone)]
pub struct Document<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// The summary, tags, source and channel name: ranked as the summary.
    pub summary: String,
    /// The body as text.
    pub body: String,
    pub channel: Option<&'a str>,
    /// Seconds since the epoch, for the record.
    pub date: Option<i64>,
    /// The start of the item's own summary, or of the body: what a record shows. Always a
    /// piece of [`Document::folded`]'s text, so a query found in it is found in the document.
    pub excerpt: String,
}

/// `base` up to its last `/`, without a query or fragment: what of an item's base can reach its
/// [`Document`]. The document keeps only the body's text, which the sanitiser never takes from
/// a URL, and of URLs the base resolves, only those of a fragment or query alone depend on the
/// file name. So an item that moves from one file of a paged content folder to the next (a new
/// item shifts every older one by a place, `portal sync` writing the folder anew) is the same
/// document; with the whole base hashed, such a move rewrote the whole index (100k items
/// through sync: 10 s of a 62 s run).
fn base_folder(base: &str) -> &str {
    let path = base.split(['?', '#']).next().unwrap_or(base);
    path.rfind('/').map_or(path, |slash| &path[..=slash])
}

impl<'a> Document<'a> {
    /// What search reads of `item`: the one definition for the index `portal build` writes and
    /// for the app's check of a result against its text, so the two cannot differ.
    pub fn of(item: &'a Item, site: &Site) -> Document<'a> {
        let mut summary = item.summary.clone().unwrap_or_default();
        let channel_name = item
            .channel
            .as_deref()
            .and_then(|c| site.channel(c))
            .map(|c| c.name.as_str());
        let extras = item.tags.iter().map(String::as_str);
        for extra in extras.chain(item.source.as_deref()).chain(channel_name) {
            summary.push(' ');
            summary.push_str(extra);
        }
        let body = match &item.body {
            Body::Html(html) => text_content(&sanitize(
                html,
                Origin {
                    base: &item.base,
                    site: &item.base,
                },
            )),
            Body::Text(text) => text.clone(),
            Body::Empty => String::new(),
        };
        let own = item.summary.as_deref().map(str::trim).unwrap_or_default();
        let from = if own.is_empty() { body.trim() } else { own };
        let excerpt = from.chars().take(EXCERPT_CHARS).collect();
        Document {
            id: &item.id,
            title: &item.title,
            summary,
            body,
            channel: item.channel.as_deref(),
            date: item.date.map(|d| d.0),
            excerpt,
        }
    }

    /// A digest of everything [`Document::of`] reads of `item` and `site`: two items with the
    /// same digest are the same document. Hashed from the item's fields, not from the document,
    /// which would sanitise every body to say that nothing changed. Not stable across builds of
    /// this program: a reader of an earlier digest checks that the program is the same.
    pub fn digest_of(item: &Item, site: &Site) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        (
            &item.id,
            &item.title,
            &item.summary,
            &item.tags,
            &item.source,
        )
            .hash(&mut h);
        let channel_name = item
            .channel
            .as_deref()
            .and_then(|c| site.channel(c))
            .map(|c| c.name.as_str());
        (&item.channel, channel_name, item.date.map(|d| d.0)).hash(&mut h);
        match &item.body {
            Body::Html(html) => (0u8, html, base_folder(&item.base)).hash(&mut h),
            Body::Text(text) => (1u8, text).hash(&mut h),
            Body::Empty => 2u8.hash(&mut h),
        }
        h.finish()
    }

    /// Every field, folded: where a query's runs must all be found ([`Query::found_in`]).
    pub fn folded(&self) -> String {
        fold_case(&format!("{}\n{}\n{}", self.title, self.summary, self.body))
    }
}

/// One part of the index: the **base**, documents 0 … n−1, or the **delta**, the newest
/// documents after them. Each has its own shards and files of records, so a new item changes
/// the delta's files and the base's stay byte for byte what they were (the publisher
/// hard-links them from the release before): one new item at 100k items renamed 6,862 index
/// files when the index was one segment (bench/README.md, "rebuilds that follow what
/// changed").
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Segment {
    /// Documents in the segment: the base's are numbered from 0, the delta's follow them.
    pub documents: u32,
    /// The hash of each shard's bytes, in shard order: shard `n` is `search/terms-<n>.<hash>.bin`
    /// (`delta-terms-…` in the delta). None when the segment has no documents.
    pub shards: Vec<String>,
    /// The hash of all the segment's files of records together: file `n` is
    /// `search/records-<n>.<hash>.json` (`delta-records-…` in the delta). One hash, not one a
    /// file: the manifest, read by every first search, stays the size of the shards' list (a
    /// hash a file of 16 records would add 6,250 to it at 100k items); a change to any record
    /// of the segment renames every file of it.
    pub records: String,
}

/// Which segment, for the names of its files.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Base,
    Delta,
}

impl Part {
    fn prefix(self) -> &'static str {
        match self {
            Part::Base => "",
            Part::Delta => "delta-",
        }
    }
}

impl Segment {
    /// The file of the segment's shard that would hold `term`, relative to the manifest.
    fn shard_file(&self, part: Part, term: &str) -> Option<String> {
        let n = shard_of(term, self.shards.len());
        let hash = self.shards.get(n)?;
        Some(format!("{}terms-{n}.{hash}.bin", part.prefix()))
    }
}

/// The manifest, `search/index.json`.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Manifest {
    pub format: String,
    /// [`content_hash`] of the packed `feed.json` the index was built with.
    pub content_hash: String,
    /// Documents in the whole index: the base's and the delta's.
    pub documents: u32,
    pub postings_kept: u32,
    pub records_per_file: u32,
    pub base: Segment,
    /// The newest documents, when there are any after the base ([`DeltaLimit`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delta: Option<Segment>,
}

impl Manifest {
    /// Reads a manifest; the problem says which field is wrong. Read over `serde_json::Value`,
    /// as the feed is, not by a `Deserialize` derive: the typed readers (this and the records')
    /// brought serde's typed deserialisers and its error messages, Rust's float printing among
    /// them, into the wasm (bench/README.md, the wasm's ledger). Fields it does not know are
    /// left alone, as the derive did. A manifest of another [`FORMAT`] is refused by name,
    /// before its fields are read.
    pub fn read(bytes: &[u8]) -> Result<Manifest, LoadProblem> {
        let problem = |what: String| LoadProblem::NotAnIndex(format!("manifest: {what}"));
        let value: Value = serde_json::from_slice(bytes).map_err(|e| problem(e.to_string()))?;
        let text = |value: &Value, name: &str| -> Result<String, LoadProblem> {
            value
                .get(name)
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| problem(format!("`{name}` is missing or not a string")))
        };
        let count = |value: &Value, name: &str| -> Result<u32, LoadProblem> {
            value
                .get(name)
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(|| problem(format!("`{name}` is missing or not a count")))
        };
        let format = text(&value, "format")?;
        if format != FORMAT {
            return Err(problem(format!(
                "of another format ({format}, where this app reads {FORMAT})"
            )));
        }
        let segment = |name: &str| -> Result<Segment, LoadProblem> {
            let wrong = |field: &str| problem(format!("`{name}.{field}` is missing or wrong"));
            let value = value.get(name).ok_or_else(|| wrong("documents"))?;
            let shards = value
                .get("shards")
                .and_then(Value::as_array)
                .and_then(|list| {
                    list.iter()
                        .map(|h| h.as_str().map(str::to_string))
                        .collect::<Option<Vec<String>>>()
                })
                .ok_or_else(|| wrong("shards"))?;
            Ok(Segment {
                documents: count(value, "documents").map_err(|_| wrong("documents"))?,
                shards,
                records: text(value, "records").map_err(|_| wrong("records"))?,
            })
        };
        let base = segment("base")?;
        let delta = match value.get("delta") {
            None | Some(Value::Null) => None,
            Some(_) => Some(segment("delta")?),
        };
        let documents = count(&value, "documents")?;
        let segments = u64::from(base.documents) + delta.as_ref().map_or(0, |d| d.documents.into());
        if u64::from(documents) != segments {
            return Err(problem(format!(
                "`documents` is {documents}, its segments hold {segments}"
            )));
        }
        Ok(Manifest {
            format,
            content_hash: text(&value, "content_hash")?,
            documents,
            postings_kept: count(&value, "postings_kept")?,
            records_per_file: count(&value, "records_per_file")?,
            base,
            delta,
        })
    }

    /// The segments with their parts: the base, then the delta.
    fn segments(&self) -> impl Iterator<Item = (Part, &Segment)> {
        std::iter::once((Part::Base, &self.base)).chain(self.delta.iter().map(|d| (Part::Delta, d)))
    }

    /// The files that may hold `term`, relative to the manifest: its shard in the base, then
    /// its shard in the delta. A query fetches these, then reads the term with
    /// [`Manifest::postings`].
    pub fn term_files(&self, term: &str) -> Vec<String> {
        self.segments()
            .filter_map(|(part, segment)| segment.shard_file(part, term))
            .collect()
    }

    /// A term's postings in the whole index, merged at query time from what `in_file` says each
    /// of its [`Manifest::term_files`] holds of it. The delta's documents are all newer than the
    /// base's, so its list goes first; a text term's merged list is cut to `postings_kept`, as a
    /// one-segment index of the same documents would have cut it (the base kept its newest
    /// `postings_kept`, the delta holds fewer than that), so both answer a query alike (the
    /// property test in tests/core/search.rs).
    pub fn postings(
        &self,
        term: &str,
        in_file: &dyn Fn(&str) -> Option<Postings>,
    ) -> Option<Postings> {
        let mut merged: Option<Postings> = None;
        for file in self.term_files(term) {
            let Some(newer) = in_file(&file) else {
                continue;
            };
            merged = Some(match merged {
                None => newer,
                Some(older) => {
                    let mut list = newer.list;
                    list.extend(older.list);
                    if !term.starts_with(CHANNEL_PREFIX) {
                        list.truncate(self.postings_kept as usize);
                    }
                    Postings {
                        documents: older.documents.saturating_add(newer.documents),
                        list,
                    }
                }
            });
        }
        merged
    }

    /// The file of records holding `doc`, relative to the manifest, and its place in it.
    pub fn record_file(&self, doc: u32) -> Option<(String, usize)> {
        if doc >= self.documents {
            return None;
        }
        let (part, segment, at) = match doc.checked_sub(self.base.documents) {
            None => (Part::Base, &self.base, doc),
            Some(at) => (Part::Delta, self.delta.as_ref()?, at),
        };
        let per = self.records_per_file.max(1);
        Some((
            format!(
                "{}records-{}.{}.json",
                part.prefix(),
                at / per,
                segment.records
            ),
            (at % per) as usize,
        ))
    }
}

fn shard_of(term: &str, shards: usize) -> usize {
    (fnv1a(term.as_bytes()) % shards.max(1) as u64) as usize
}

/// The name a file of the index gets from its bytes: 8 hex digits (the high half of FNV-1a).
/// The manifest names every shard (about 4,100 at 100k items), and it is read by every first
/// search: with 16 digits it was 85 KB raw at 100k; a changed shard keeping its old name by
/// chance is a one in four billion event.
fn file_hash(bytes: &[u8]) -> String {
    format!("{:08x}", fnv1a(bytes) >> 32)
}

/// What a result shows of a document, without its article file: `[id, date, channel, title,
/// excerpt]` in the records' files (an array, not an object: the names would repeat in every
/// record).
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub id: String,
    /// Seconds since the epoch.
    pub date: Option<i64>,
    pub channel: Option<String>,
    pub title: String,
    pub excerpt: String,
}

impl Serialize for Record {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (
            &self.id,
            self.date,
            &self.channel,
            &self.title,
            &self.excerpt,
        )
            .serialize(s)
    }
}

impl Record {
    /// Whether every run of `query` is in the record's title or excerpt, so surely in the
    /// document (the excerpt is a piece of its text).
    pub fn holds(&self, query: &Query) -> bool {
        query.found_in(&fold_case(&format!("{}\n{}", self.title, self.excerpt)))
    }

    /// The item a result shows: title, date, channel, and the excerpt as its summary.
    pub fn item(&self) -> Item {
        Item {
            id: self.id.clone(),
            title: self.title.clone(),
            title_derived: false,
            url: None,
            summary: Some(self.excerpt.clone()),
            body: Body::Empty,
            image: None,
            date: self.date.map(Timestamp),
            modified: None,
            tags: Vec::new(),
            authors: Vec::new(),
            channel: self.channel.clone(),
            source: None,
            views: None,
            featured: false,
            sample: false,
            draft: false,
            excerpt: true,
            editor: None,
            attachments: Vec::new(),
            related: Vec::new(),
            disclosure: None,
            base: String::new(),
        }
    }
}

/// Reads a file of records; the problem says what is wrong with it. Over `Value`, like
/// [`Manifest::read`] and for the same reason.
pub fn read_records(bytes: &[u8]) -> Result<Vec<Record>, LoadProblem> {
    let problem = |what: String| LoadProblem::NotAnIndex(format!("records: {what}"));
    let value: Value = serde_json::from_slice(bytes).map_err(|e| problem(e.to_string()))?;
    let rows = value
        .as_array()
        .ok_or_else(|| problem("not a list".to_string()))?;
    rows.iter()
        .enumerate()
        .map(|(n, row)| {
            record_of(row).ok_or_else(|| {
                problem(format!(
                    "record {n} is not [id, date or null, channel or null, title, excerpt]"
                ))
            })
        })
        .collect()
}

/// A record from its row, `[id, date, channel, title, excerpt]`: exactly five, a date an
/// integer (seconds) or null, a channel a string or null.
fn record_of(row: &Value) -> Option<Record> {
    let [id, date, channel, title, excerpt] = row.as_array()?.as_slice() else {
        return None;
    };
    Some(Record {
        id: id.as_str()?.to_string(),
        date: if date.is_null() {
            None
        } else {
            Some(date.as_i64()?)
        },
        channel: if channel.is_null() {
            None
        } else {
            Some(channel.as_str()?.to_string())
        },
        title: title.as_str()?.to_string(),
        excerpt: excerpt.as_str()?.to_string(),
    })
}

/// A term's postings in a shard.
#[derive(Clone, Debug, PartialEq)]
pub struct Postings {
    /// Documents the term is in: the true count, even when not all are listed.
    pub documents: u32,
    /// (document, fields), newest first.
    pub list: Vec<(u32, u8)>,
}

impl Postings {
    /// Not every document is listed: those older than the last listed may have the term.
    pub fn cut(&self) -> bool {
        (self.list.len() as u32) < self.documents
    }

    fn fields_of(&self, doc: u32) -> Option<u8> {
        // Newest first: search the reversed order.
        self.list
            .binary_search_by(|(d, _)| doc.cmp(d))
            .ok()
            .map(|i| self.list[i].1)
    }

    fn oldest_listed(&self) -> Option<u32> {
        self.list.last().map(|(d, _)| *d)
    }
}

/// One shard, read.
pub type Shard = HashMap<String, Postings>;

/// Where the base ends and the delta begins. Documents are taken oldest first in runs that
/// close at `documents` documents or at `postings` postings (a document's distinct terms),
/// whichever comes first; the base is every closed run, the delta the open one after it. The
/// runs depend only on the documents before them, so an item added after the newest goes into
/// the delta and leaves the base as it was, and the same content always makes the same index,
/// whatever was published before (a release built without `inputs.json`, or in an empty site
/// folder, has the same bytes). When the open run closes, the delta becomes part of the base:
/// that build rewrites every base file, as did any build before the delta (the compaction).
/// An item dated older than the base's newest, or a base item changed or taken down, renumbers
/// or changes the base: its files are rewritten too.
#[derive(Clone, Copy, Debug)]
pub struct DeltaLimit {
    pub documents: usize,
    pub postings: usize,
}

/// The limit `portal build` uses. Every build that adds an item rewrites all the delta's files
/// (its shards, about [`SHARD_TARGET_BYTES`] each, and its files of records) and the manifest,
/// so the delta's size is the cost of each new item, and the run's length how often the whole
/// index is rewritten. Measured on the 10k generated feed (bench/README.md, "rebuilds that
/// follow what changed"): a generated item is 3.2–3.6 KB of delta and over 512 postings, so
/// runs close at the postings (9,971 → 10,024: 53 items), at most ~170 KB of delta, 15 shards;
/// with a delta of 30 documents one new item rewrote 63 files, 11 of them the index's (the
/// manifest, 8 shards, 2 files of records), where the one-segment index rewrote 1,064. With
/// 64 Ki postings runs closed at 64 documents: a full delta of ~205 KB, 17 shards and 4 files
/// of records, 74 files with the 52 pages a new item rewrites, near the issue's 80; the
/// postings, not the count, bound the delta of an archive of longer items.
pub const DELTA_LIMIT: DeltaLimit = DeltaLimit {
    documents: 64,
    postings: 32 * 1024,
};

/// The files of an index: (path relative to the content folder, bytes), the manifest last,
/// with the delta of [`DELTA_LIMIT`].
pub fn write_index<'a>(
    documents: impl Iterator<Item = Document<'a>>,
    content_hash: &str,
) -> Vec<(String, Vec<u8>)> {
    write_index_with(documents, content_hash, DELTA_LIMIT)
}

/// [`write_index`] with the delta cut where `limit` says. Documents are read one at a time, so
/// a document's text is only held while it is indexed.
pub fn write_index_with<'a>(
    documents: impl Iterator<Item = Document<'a>>,
    content_hash: &str,
    limit: DeltaLimit,
) -> Vec<(String, Vec<u8>)> {
    let indexed = Indexed::of(documents, 0, limit);
    let mut files = Vec::new();
    let base = indexed.segment(Part::Base, 0..indexed.base_end, &mut files);
    indexed.finish(base, content_hash, files)
}

/// The base segment of an earlier index, and how many documents it holds: what
/// [`write_delta_after`] keeps.
#[derive(Clone, Debug, PartialEq)]
pub struct KeptBase {
    pub documents: usize,
    pub segment: Segment,
}

impl KeptBase {
    /// The base segment's files, relative to the content folder, as [`write_index`] names them.
    pub fn files(&self) -> Vec<String> {
        let shards = self
            .segment
            .shards
            .iter()
            .enumerate()
            .map(|(n, hash)| format!("search/terms-{n}.{hash}.bin"));
        let records = (0..self.documents.div_ceil(RECORDS_PER_FILE))
            .map(|n| format!("search/records-{n}.{}.json", self.segment.records));
        shards.chain(records).collect()
    }
}

/// The index [`write_index_with`] writes, given only the documents after an earlier index's base
/// (`kept`), when the first `kept.documents` documents are the ones that base was made from:
/// every file but the base's (which are `kept.files()`), the manifest last. The base is a
/// function of its documents alone and the runs that close it depend only on the documents
/// before each cut, so these are the same bytes. `None` when the documents after it close a run:
/// the base then grows (the compaction), and only [`write_index_with`] writes it.
pub fn write_delta_after<'a>(
    documents: impl Iterator<Item = Document<'a>>,
    kept: &KeptBase,
    content_hash: &str,
    limit: DeltaLimit,
) -> Option<Vec<(String, Vec<u8>)>> {
    let indexed = Indexed::of(documents, kept.documents, limit);
    if indexed.base_end != kept.documents || kept.segment.documents as usize != kept.documents {
        return None;
    }
    Some(indexed.finish(kept.segment.clone(), content_hash, Vec::new()))
}

/// Documents read into postings: those numbered from `first` on.
struct Indexed {
    first: usize,
    records: Vec<Record>,
    terms: Terms,
    /// Postings as `doc << 3 | fields`, in document order (oldest first), less the base's
    /// that its shard cannot keep ([`Indexed::forget_unkept`]).
    postings: Vec<Vec<u32>>,
    /// How many postings of the base each term has had left out, by term number.
    forgotten: HashMap<u32, u32>,
    /// Where the base ends: after the last closed run (see [`DeltaLimit`]).
    base_end: usize,
}

impl Indexed {
    /// Reads `documents`, numbered from `first`, runs of [`DeltaLimit`] counted from there.
    fn of<'a>(
        documents: impl Iterator<Item = Document<'a>>,
        first: usize,
        limit: DeltaLimit,
    ) -> Self {
        let mut records: Vec<Record> = Vec::new();
        let mut terms = Terms::default();
        let mut postings: Vec<Vec<u32>> = Vec::new();
        let mut forgotten: HashMap<u32, u32> = HashMap::new();
        let mut seen: Vec<(u32, u8)> = Vec::new();
        let mut base_end = first;
        let mut run_postings = 0usize;
        for (doc, mut document) in (first..).zip(documents) {
            records.push(Record {
                id: document.id.to_string(),
                date: document.date,
                channel: document.channel.map(str::to_string),
                title: document.title.to_string(),
                excerpt: std::mem::take(&mut document.excerpt),
            });
            seen.clear();
            terms.of(document.title, TITLE, true, &mut seen);
            terms.of(&document.summary, SUMMARY, true, &mut seen);
            terms.of(&document.body, BODY, false, &mut seen);
            if let Some(channel) = document.channel {
                let key = TermKey::Channel(fnv1a(channel.as_bytes()));
                seen.push((terms.id(key, || channel_term(channel)), SUMMARY));
            }
            seen.sort_unstable_by_key(|(id, _)| *id);
            let mut i = 0;
            while i < seen.len() {
                let (id, mut bits) = seen[i];
                i += 1;
                while i < seen.len() && seen[i].0 == id {
                    bits |= seen[i].1;
                    i += 1;
                }
                if postings.len() <= id as usize {
                    postings.resize_with(id as usize + 1, Vec::new);
                }
                let list = &mut postings[id as usize];
                if list.len() == list.capacity()
                    && list.len() >= 2 * POSTINGS_KEPT
                    && !terms.names[id as usize].starts_with(CHANNEL_PREFIX)
                {
                    let left_out = Self::forget_unkept(list, base_end);
                    if left_out > 0 {
                        *forgotten.entry(id).or_default() += left_out;
                    }
                }
                list.push((doc as u32) << 3 | u32::from(bits));
                run_postings += 1;
            }
            if doc + 1 - base_end >= limit.documents || run_postings >= limit.postings {
                base_end = doc + 1;
                run_postings = 0;
            }
        }
        Indexed {
            first,
            records,
            terms,
            postings,
            forgotten,
            base_end,
        }
    }

    /// Leaves out of a text term's `list` the postings of the base that its shard cannot keep,
    /// and says how many: the base keeps a term's newest [`POSTINGS_KEPT`] before its end, and
    /// the end only moves on, so those older than the newest [`POSTINGS_KEPT`] before
    /// `base_end` never reach a shard; only their count does. Called when the list is full,
    /// so that a common term holds a few thousand postings, not one a document. With every
    /// posting kept, reading the 100k generated items into the index took a build from 0.5 to
    /// 1.1 GB; now to 0.85 GB (RSS sampled each second).
    fn forget_unkept(list: &mut Vec<u32>, base_end: usize) -> u32 {
        let before_end = list.partition_point(|p| ((p >> 3) as usize) < base_end);
        let unkept = before_end.saturating_sub(POSTINGS_KEPT);
        list.drain(..unkept);
        unkept as u32
    }

    /// Documents in the whole index.
    fn end(&self) -> usize {
        self.first + self.records.len()
    }

    fn segment(
        &self,
        part: Part,
        documents: std::ops::Range<usize>,
        files: &mut Vec<(String, Vec<u8>)>,
    ) -> Segment {
        let records = self
            .records
            .get(documents.start - self.first..documents.end - self.first)
            .unwrap_or_default();
        write_segment(part, self, records, documents, files)
    }

    /// Adds the delta, if there are documents after the base, and the manifest to `files`.
    fn finish(
        &self,
        base: Segment,
        content_hash: &str,
        mut files: Vec<(String, Vec<u8>)>,
    ) -> Vec<(String, Vec<u8>)> {
        let delta = (self.base_end < self.end())
            .then(|| self.segment(Part::Delta, self.base_end..self.end(), &mut files));
        let manifest = Manifest {
            format: FORMAT.into(),
            content_hash: content_hash.into(),
            documents: self.end() as u32,
            postings_kept: POSTINGS_KEPT as u32,
            records_per_file: RECORDS_PER_FILE as u32,
            base,
            delta,
        };
        let mut bytes = serde_json::to_vec(&manifest).unwrap_or_default();
        bytes.push(b'\n');
        files.push((MANIFEST_PATH.into(), bytes));
        files
    }
}

/// Writes into `files` the shards and files of records of the `documents` of one segment, and
/// returns what the manifest says of it. The segment's postings are a slice of each term's in
/// `indexed`, numbered as in the whole index; `records` are the segment's own.
fn write_segment(
    part: Part,
    indexed: &Indexed,
    records: &[Record],
    documents: std::ops::Range<usize>,
    files: &mut Vec<(String, Vec<u8>)>,
) -> Segment {
    let (first, end) = (documents.start as u32, documents.end as u32);
    // The segment's terms, in name order, each with what its shard keeps. Each is encoded
    // straight into its shard, made to its size: encoded one `Vec` each, then copied into
    // shards and again behind the shard's head, they held up to three copies of the shards
    // at once, at the build's peak.
    let mut kept: Vec<KeptPostings<'_>> = (0u32..)
        .zip(indexed.terms.names.iter().zip(&indexed.postings))
        .filter_map(|(id, (term, list))| {
            let from = list.partition_point(|p| p >> 3 < first);
            let to = list.partition_point(|p| p >> 3 < end);
            let list = list.get(from..to).filter(|l| !l.is_empty())?;
            // Those left out were the base's, older than the newest it keeps.
            let forgotten = match part {
                Part::Base => indexed.forgotten.get(&id).copied().unwrap_or(0),
                Part::Delta => 0,
            };
            // A channel's list is the filter: kept whole.
            let keep = if term.starts_with(CHANNEL_PREFIX) {
                list.len()
            } else {
                POSTINGS_KEPT.min(list.len())
            };
            Some(KeptPostings::new(
                term,
                list.len() as u32 + forgotten,
                &list[list.len() - keep..],
            ))
        })
        .collect();
    kept.sort_by(|a, b| a.term.cmp(b.term));
    let total: usize = kept.iter().map(|term| term.encoded_len).sum();
    // No shard at all for a segment without terms (an empty base): nothing to fetch.
    let shard_count = total.div_ceil(SHARD_TARGET_BYTES);
    let mut counts = vec![0u64; shard_count];
    let mut sizes = vec![0usize; shard_count];
    for term in &kept {
        let n = shard_of(term.term, shard_count);
        counts[n] += 1;
        sizes[n] += term.encoded_len;
    }
    let mut shards: Vec<Vec<u8>> = counts
        .iter()
        .zip(&sizes)
        .map(|(&count, &size)| {
            let mut bytes = Vec::with_capacity(SHARD_MAGIC.len() + varint_len(count) + size);
            bytes.extend_from_slice(SHARD_MAGIC);
            put_varint(&mut bytes, count);
            bytes
        })
        .collect();
    let heads: Vec<usize> = shards.iter().map(Vec::len).collect();
    for term in &kept {
        term.encode(&mut shards[shard_of(term.term, shard_count)]);
    }
    // The count of bytes decides how many shards there are: a miscount would move terms to
    // other shards, which a reader still finds, so only this says so.
    debug_assert!(
        shards
            .iter()
            .zip(heads.iter().zip(&sizes))
            .all(|(shard, (head, size))| shard.len() == head + size),
        "a shard's bytes differ from their count"
    );
    let prefix = part.prefix();
    let mut shard_hashes = Vec::new();
    for (n, bytes) in shards.into_iter().enumerate() {
        let hash = file_hash(&bytes);
        files.push((format!("search/{prefix}terms-{n}.{hash}.bin"), bytes));
        shard_hashes.push(hash);
    }
    let record_files: Vec<Vec<u8>> = records
        .chunks(RECORDS_PER_FILE)
        .map(|chunk| {
            let mut bytes = serde_json::to_vec(chunk).unwrap_or_default();
            bytes.push(b'\n');
            bytes
        })
        .collect();
    let records_hash = file_hash(&record_files.concat());
    for (n, bytes) in record_files.into_iter().enumerate() {
        files.push((
            format!("search/{prefix}records-{n}.{records_hash}.json"),
            bytes,
        ));
    }
    Segment {
        documents: documents.len() as u32,
        shards: shard_hashes,
        records: records_hash,
    }
}

/// A term as the index builder keys it without making its text: Chinese characters by their
/// code points, a word by its hash.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum TermKey {
    Han(char, Option<char>),
    Word(u64),
    Channel(u64),
}

/// The terms met so far, each with a number. Building the 100k-item index made and hashed
/// about 300 million term strings when every occurrence was a `String` in a `HashMap`
/// (98.8 s, 1.68 GB for the whole build); keyed by code points it makes one per term.
#[derive(Default)]
struct Terms {
    ids: HashMap<TermKey, u32, std::hash::BuildHasherDefault<KeyHasher>>,
    names: Vec<String>,
}

/// The hasher of [`Terms::ids`]: one rotate, xor and multiply a word (FxHash's), where the
/// default SipHash-1-3 made the look-up 40% of the index's time (perf, 10k items: 9.8% of
/// the whole build's samples, of the index's 23.9%). The keys are the builder's own, never a
/// reader's, so there is no flooding to defend against; numbers are given by first
/// appearance, so the index's bytes do not depend on the hasher.
#[derive(Default)]
struct KeyHasher(u64);

impl KeyHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.add(u64::from(b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn write_isize(&mut self, n: isize) {
        self.add(n as u64);
    }
}

impl Terms {
    fn id(&mut self, key: TermKey, name: impl FnOnce() -> String) -> u32 {
        if let Some(id) = self.ids.get(&key) {
            return *id;
        }
        let id = self.names.len() as u32;
        self.names.push(name());
        self.ids.insert(key, id);
        id
    }

    /// The terms of `text` into `seen`, with the field `bit`. Single characters only when
    /// `characters`: see [`Document`]. The runs are those of [`runs`], walked in place: making
    /// each one a `String`, then its characters a `Vec`, was a fifth of the index's time.
    fn of(&mut self, text: &str, bit: u8, characters: bool, seen: &mut Vec<(u32, u8)>) {
        let mut han: Vec<char> = Vec::new();
        let mut word = String::new();
        for c in fold_case(text).chars() {
            if is_han(c) {
                self.word(&mut word, bit, seen);
                han.push(c);
            } else if is_word_char(c) {
                self.han(&mut han, bit, characters, seen);
                word.push(c);
            } else {
                self.word(&mut word, bit, seen);
                self.han(&mut han, bit, characters, seen);
            }
        }
        self.word(&mut word, bit, seen);
        self.han(&mut han, bit, characters, seen);
    }

    /// The terms of a run of Chinese characters, which it empties.
    fn han(&mut self, chars: &mut Vec<char>, bit: u8, characters: bool, seen: &mut Vec<(u32, u8)>) {
        for (i, &c) in chars.iter().enumerate() {
            if characters || chars.len() == 1 {
                seen.push((self.id(TermKey::Han(c, None), || c.to_string()), bit));
            }
            if let Some(&next) = chars.get(i + 1) {
                let id = self.id(TermKey::Han(c, Some(next)), || [c, next].iter().collect());
                seen.push((id, bit));
            }
        }
        chars.clear();
    }

    /// The term of a word, which it empties.
    fn word(&mut self, word: &mut String, bit: u8, seen: &mut Vec<(u32, u8)>) {
        if word.is_empty() {
            return;
        }
        let cut = cut_word(word);
        let id = self.id(TermKey::Word(fnv1a(cut.as_bytes())), || cut.clone());
        seen.push((id, bit));
        word.clear();
    }
}

/// `list`, newest first, as postings are written: each `delta << 3 | fields`, the first's
/// delta its document, the others' the difference from the one before.
fn put_postings(out: &mut Vec<u8>, list: impl Iterator<Item = (u32, u8)>) {
    let mut previous: Option<u32> = None;
    for (doc, fields) in list {
        put_varint(out, posting_value(previous, doc, fields));
        previous = Some(doc);
    }
}

/// A posting as written: its document, or its distance from the one before (newest first, so
/// positive), and its fields.
fn posting_value(previous: Option<u32>, doc: u32, fields: u8) -> u64 {
    let delta = previous.map_or(doc, |p| p.saturating_sub(doc));
    u64::from(delta) << 3 | u64::from(fields & 7)
}

/// A term's postings in one segment, as its shard keeps them, encoded without being copied.
struct KeptPostings<'a> {
    term: &'a str,
    /// The segment's documents the term is in.
    documents: u32,
    /// The newest of its postings, oldest first, as `doc << 3 | fields`.
    newest: &'a [u32],
    /// The bytes [`Self::encode`] writes, counted once: the shards' number and sizes need it.
    encoded_len: usize,
}

impl<'a> KeptPostings<'a> {
    fn new(term: &'a str, documents: u32, newest: &'a [u32]) -> Self {
        let mut previous = None;
        let postings: usize = Self::list_of(newest)
            .map(|(doc, fields)| {
                let value = posting_value(previous, doc, fields);
                previous = Some(doc);
                varint_len(value)
            })
            .sum();
        let encoded_len = varint_len(term.len() as u64)
            + term.len()
            + varint_len(u64::from(documents))
            + varint_len(newest.len() as u64)
            + postings;
        KeptPostings {
            term,
            documents,
            newest,
            encoded_len,
        }
    }

    /// `newest`, newest first, as (document, fields).
    fn list_of(newest: &[u32]) -> impl Iterator<Item = (u32, u8)> + '_ {
        newest.iter().rev().map(|p| (p >> 3, (p & 7) as u8))
    }

    /// Writes the term's record: its length and bytes, its document count, how many postings
    /// follow, and the postings.
    fn encode(&self, out: &mut Vec<u8>) {
        put_varint(out, self.term.len() as u64);
        out.extend_from_slice(self.term.as_bytes());
        put_varint(out, u64::from(self.documents));
        put_varint(out, self.newest.len() as u64);
        put_postings(out, Self::list_of(self.newest));
    }
}

/// The bytes [`put_varint`] writes for `value`.
fn varint_len(value: u64) -> usize {
    (64 - (value | 1).leading_zeros() as usize).div_ceil(7)
}

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn varint(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.bytes.get(self.at).ok_or("the file ends too early")?;
            self.at += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Ok(value);
            }
        }
        Err("a number is too long".into())
    }

    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or("the file ends too early")?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }
}

/// Reads a shard's bytes; the problem says what is wrong with them.
pub fn read_shard(bytes: &[u8]) -> Result<Shard, LoadProblem> {
    parse_shard(bytes).map_err(LoadProblem::NotAnIndex)
}

fn parse_shard(bytes: &[u8]) -> Result<Shard, String> {
    if bytes.get(..4) != Some(SHARD_MAGIC.as_slice()) {
        return Err("not a search index shard".into());
    }
    let mut r = Reader { bytes, at: 4 };
    let count = r.varint()?;
    let mut shard = Shard::new();
    for _ in 0..count {
        let length = usize::try_from(r.varint()?).map_err(|_| "a term is too long")?;
        let term = std::str::from_utf8(r.take(length)?)
            .map_err(|_| "a term is not UTF-8")?
            .to_string();
        let documents = u32::try_from(r.varint()?).map_err(|_| "too many documents")?;
        let n = r.varint()?;
        if n > u64::from(documents) {
            return Err(format!("“{term}” lists more documents than it has"));
        }
        // Each posting takes a byte at least: a count past what is left is a lie, and would
        // reserve that much memory before the first posting is read (an abort in the wasm).
        if n > (r.bytes.len().saturating_sub(r.at)) as u64 {
            return Err(format!("“{term}” lists more postings than the file holds"));
        }
        let mut list = Vec::with_capacity(n as usize);
        let mut previous: Option<u32> = None;
        for _ in 0..n {
            let value = r.varint()?;
            let delta = u32::try_from(value >> 3).map_err(|_| "a posting is out of range")?;
            let doc = match previous {
                None => delta,
                Some(p) => p
                    .checked_sub(delta)
                    .filter(|_| delta > 0)
                    .ok_or_else(|| format!("“{term}” lists its documents out of order"))?,
            };
            list.push((doc, (value & 7) as u8));
            previous = Some(doc);
        }
        shard.insert(term, Postings { documents, list });
    }
    Ok(shard)
}

/// How a match ranks: title hits first, then summary, then body (then newer first).
fn rank(fields: u8) -> u8 {
    if fields & TITLE != 0 {
        0
    } else if fields & SUMMARY != 0 {
        1
    } else {
        2
    }
}

/// A document that may match.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Candidate {
    pub doc: u32,
    /// 0 title, 1 summary, 2 body: where the terms all are, at best.
    pub rank: u8,
    /// The index cannot say: a term's list was cut before this document. Its text decides.
    pub unsure: bool,
}

/// What the index says of a query.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Matches {
    /// Best first: by rank, then newest.
    pub candidates: Vec<Candidate>,
    /// How many documents match, as far as the index can count.
    pub estimate: u64,
    /// `estimate` is exact: no cut list and no phrase to check.
    pub exact: bool,
    /// `candidates` holds every document that may match (the rarest term's list was not cut):
    /// once each is checked against its text, their number is exact.
    pub complete: bool,
    /// `estimate` is within ±10% of the true count at about 95% odds (two standard errors of
    /// the share it is drawn from), if newer documents are like older ones.
    pub close: bool,
    /// Documents the index says have every term: a lower bound when no phrase is checked.
    pub sure: u64,
}

impl Matches {
    /// Nothing matches, for sure.
    fn none() -> Matches {
        Matches {
            exact: true,
            complete: true,
            close: true,
            ..Matches::default()
        }
    }
}

/// What the app's check of candidates against their text found, for [`Matches::count`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Checked {
    /// The query has a phrase, checked in each candidate's text (bigrams only say its pieces
    /// are in a document).
    pub phrase: bool,
    /// Every candidate was checked and the candidates are every document that may match.
    pub all: bool,
    /// Candidates found in their text.
    pub confirmed: u64,
    /// Sure candidates (every term in the index) checked, and found: the phrase's share.
    pub sure_checked: u64,
    pub sure_confirmed: u64,
}

/// How the page states a count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// 共找到 N.
    Exact,
    /// 约 N: within ±10% at about 95% odds.
    About,
    /// 至少 N: a lower bound, when no estimate is that close.
    AtLeast,
}

impl Matches {
    /// The count to show, after `checked`. A phrase's estimate is the index's estimate of
    /// documents with all its bigrams times the share of checked sure candidates that hold it
    /// as a phrase.
    pub fn count(&self, checked: &Checked) -> (u64, Shown) {
        if self.exact {
            return (self.estimate, Shown::Exact);
        }
        if checked.all {
            return (checked.confirmed, Shown::Exact);
        }
        let lower = if checked.phrase {
            checked.confirmed
        } else {
            self.sure.max(checked.confirmed)
        };
        if !self.close {
            return (lower, Shown::AtLeast);
        }
        let share = if checked.phrase && checked.sure_checked > 0 {
            checked.sure_confirmed as f64 / checked.sure_checked as f64
        } else {
            1.0
        };
        let about = (self.estimate as f64 * share).round() as u64;
        (about.max(lower), Shown::About)
    }
}

/// Matches `query` (plus `filter`, a channel term) with the postings of its terms, taken from
/// `postings` (`None`: a term no document has). Starts from the rarest term.
pub fn match_terms(
    query: &Query,
    filter: Option<&str>,
    postings: &dyn Fn(&str) -> Option<Postings>,
) -> Matches {
    let mut terms: Vec<(bool, Postings)> = Vec::new();
    for term in &query.terms {
        match postings(term) {
            Some(p) => terms.push((false, p)),
            None => return Matches::none(),
        }
    }
    if let Some(channel) = filter {
        match postings(channel) {
            Some(p) => terms.push((true, p)),
            None => return Matches::none(),
        }
    }
    // Rarest first, ties in the order given: an insertion sort, for a query's few terms, and
    // not std's stable sort, which is its own ~3 KB of wasm for each element type.
    for i in 1..terms.len() {
        let mut j = i;
        while j > 0 && terms[j - 1].1.documents > terms[j].1.documents {
            terms.swap(j - 1, j);
            j -= 1;
        }
    }
    let Some(((rarest_is_filter, rarest), others)) = terms.split_first() else {
        return Matches::none();
    };
    // Documents at or after `decided` are in every cut list's range: the index alone says
    // whether each has every term. Older ones the rarer terms have are "unsure".
    let decided = others
        .iter()
        .filter(|(_, p)| p.cut())
        .filter_map(|(_, p)| p.oldest_listed())
        .max()
        .unwrap_or(0);
    let mut candidates = Vec::new();
    let (mut window, mut window_sure) = (0u64, 0u64);
    let (mut older, mut older_sure, mut unsure_count) = (0u64, 0u64, 0u64);
    for &(doc, fields) in &rarest.list {
        // Every field, narrowed by each term's: where all the terms are.
        let mut all_fields = if *rarest_is_filter {
            TITLE | SUMMARY | BODY
        } else {
            fields
        };
        let mut unsure = false;
        let mut keep = true;
        for (is_filter, p) in others {
            match p.fields_of(doc) {
                Some(f) => {
                    if !is_filter {
                        all_fields = combine(all_fields, f);
                    }
                }
                None if p.cut() && p.oldest_listed().is_some_and(|o| doc < o) => {
                    unsure = true;
                    all_fields = combine(all_fields, BODY);
                }
                None => {
                    keep = false;
                    break;
                }
            }
        }
        if doc >= decided {
            window += 1;
            window_sure += u64::from(keep);
        } else {
            older += 1;
            older_sure += u64::from(keep && !unsure);
        }
        if keep {
            unsure_count += u64::from(unsure);
            candidates.push(Candidate {
                doc,
                rank: rank(all_fields),
                unsure,
            });
        }
    }
    let count = estimate(Sample {
        window,
        window_sure,
        older,
        older_sure,
        unsure: unsure_count,
        beyond: u64::from(rarest.documents).saturating_sub(rarest.list.len() as u64),
    });
    // Unstable: candidates equal in rank and document are the same candidate (what is unsure
    // depends on the document only), so the order is the stable sort's; std's stable sort
    // would be another ~3 KB of wasm.
    candidates.sort_unstable_by(|a, b| a.rank.cmp(&b.rank).then(b.doc.cmp(&a.doc)));
    Matches {
        exact: unsure_count == 0 && !rarest.cut() && query.exact(),
        complete: !rarest.cut(),
        estimate: count.estimate,
        close: count.close,
        sure: count.sure,
        candidates,
    }
}

/// What the rarest term's listed documents said, for [`estimate`].
struct Sample {
    /// Listed documents in every cut list's range, and how many of them have every term.
    window: u64,
    window_sure: u64,
    /// Listed documents older than that, those the index says have every term, and those it
    /// cannot say of (older than a cut list, in every list that reaches them).
    older: u64,
    older_sure: u64,
    unsure: u64,
    /// Documents with the rarest term that its cut list does not name.
    beyond: u64,
}

/// A count from a sample: the estimate, whether it is within ±10% at about 95% odds, and how
/// many surely match.
struct Count {
    estimate: u64,
    close: bool,
    sure: u64,
}

/// Estimates how many documents have every term. The window's share of matches stands for the
/// documents the index cannot decide (the unsure, kept between the sure and all of them, and
/// the rarest term's unlisted documents): the newest documents are taken to be like the older
/// ones. The first version multiplied the other terms' shares of all documents, as if the
/// bigrams of a phrase were independent: 概念验证中心 (five bigrams, always together) was
/// shown as 约 1,890 of 3,917 in the 10k generated feed (bench section g).
fn estimate(s: Sample) -> Count {
    let sure = s.window_sure + s.older_sure;
    if s.older == 0 && s.beyond == 0 {
        return Count {
            estimate: s.window_sure,
            close: true,
            sure,
        };
    }
    if s.window == 0 {
        // Nothing decided to learn a share from: only the sure ones are known.
        return Count {
            estimate: sure,
            close: false,
            sure,
        };
    }
    let share = s.window_sure as f64 / s.window as f64;
    // Between the sure and all of them. `max` then `min`, not `f64::clamp`: clamp's panic
    // message (its bounds printed with `{:?}`) was the only thing that brought Rust's float
    // printing into the wasm, ~13 KB raw (bench/README.md, the wasm's ledger). Same result:
    // the share is finite (the window is not empty) and the bounds are in order.
    let older = (s.older as f64 * share)
        .max(s.older_sure as f64)
        .min((s.older_sure + s.unsure) as f64);
    let listed = s.window + s.older;
    let beyond = s.beyond as f64 * (s.window_sure as f64 + older) / listed as f64;
    let estimate = s.window_sure as f64 + older + beyond;
    // The share's standard error, pulled from 0 and 1 by half a document each way, so that a
    // share seen in every document of a small window is not taken as certain.
    let smoothed = (s.window_sure as f64 + 0.5) / (s.window as f64 + 1.0);
    let error = (smoothed * (1.0 - smoothed) / s.window as f64).sqrt();
    // Every document the share is applied to (the older ones too, though the clamp bounds
    // them): the error is counted as if each were a guess.
    let guessed = (s.older + s.beyond) as f64;
    Count {
        estimate: estimate.round() as u64,
        close: 2.0 * guessed * error <= 0.1 * estimate.max(1.0),
        sure,
    }
}

/// The fields in which every term seen so far is: a term in the title only and another in
/// the body only rank as body.
fn combine(a: u8, b: u8) -> u8 {
    let both = a & b;
    if both != 0 {
        return both;
    }
    // No field has both: the weaker of the two bests.
    let worst = rank(a).max(rank(b));
    [TITLE, SUMMARY, BODY][usize::from(worst)]
}

/// A snippet of `text` around the first place any run of `query` is: (piece, highlighted)
/// pairs, about `width` characters, with … where it was cut.
pub fn snippet(text: &str, query: &Query, width: usize) -> Vec<(String, bool)> {
    let chars: Vec<char> = text.chars().collect();
    let folded: Vec<char> = fold_case(text).chars().collect();
    let needles: Vec<Vec<char>> = query
        .runs
        .iter()
        .map(|r| r.text().chars().collect::<Vec<char>>())
        .filter(|n| !n.is_empty())
        .collect();
    let hit_at = |i: usize| -> Option<usize> {
        needles
            .iter()
            .filter(|n| folded.get(i..i + n.len()) == Some(n.as_slice()))
            .map(Vec::len)
            .max()
    };
    let first = (0..folded.len()).find(|&i| hit_at(i).is_some());
    let start = first.map_or(0, |f| f.saturating_sub(width / 4));
    let end = (start + width).min(chars.len());
    let mut pieces: Vec<(String, bool)> = Vec::new();
    if start > 0 {
        pieces.push(("…".into(), false));
    }
    let mut i = start;
    let mut plain = String::new();
    while i < end {
        if let Some(n) = hit_at(i) {
            if !plain.is_empty() {
                pieces.push((std::mem::take(&mut plain), false));
            }
            let stop = (i + n).min(chars.len());
            pieces.push((chars[i..stop].iter().collect(), true));
            i = stop;
        } else {
            plain.push(chars[i]);
            i += 1;
        }
    }
    if !plain.is_empty() {
        pieces.push((plain, false));
    }
    if end < chars.len() {
        pieces.push(("…".into(), false));
    }
    pieces
}

/// The items among `items` that match `query`, as the index would match them ([`Document::of`],
/// [`Query::found_in`]): the search of a site published without an index, over what was loaded.
/// Title matches first, then the others, each newest first as `items` are.
pub fn matching_items(items: &[Arc<Item>], site: &Site, query: &Query) -> Vec<Arc<Item>> {
    if query.is_empty() {
        return Vec::new();
    }
    let (mut in_title, mut elsewhere) = (Vec::new(), Vec::new());
    for item in items {
        let document = Document::of(item, site);
        if query.found_in(&fold_case(document.title)) {
            in_title.push(item.clone());
        } else if query.found_in(&document.folded()) {
            elsewhere.push(item.clone());
        }
    }
    in_title.extend(elsewhere);
    in_title
}

/// One result as the page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub item: Item,
    pub snippet: Vec<(String, bool)>,
}

/// What a search found.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub hits: Vec<Hit>,
    /// How many match, as far as the index can count; `exact` when it is the number,
    /// `at_least` when it is only a lower bound ([`Shown`]).
    pub total: u64,
    pub exact: bool,
    pub at_least: bool,
    /// There are results after this page.
    pub more: bool,
    /// Some candidates were not checked: the page may have missed some.
    pub unchecked: bool,
    /// The index was built from other content than the feed loaded (a hand edit after
    /// publishing): results may miss or misplace the edit.
    pub stale: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms_of(text: &str) -> Vec<String> {
        let mut terms = Terms::default();
        let mut seen = Vec::new();
        terms.of(text, TITLE, true, &mut seen);
        seen.iter()
            .map(|(id, _)| terms.names[*id as usize].clone())
            .collect()
    }

    #[test]
    fn chinese_gives_bigrams_and_characters_latin_gives_folded_words() {
        assert_eq!(terms_of("干热岩"), ["干", "干热", "热", "热岩", "岩"]);
        assert_eq!(terms_of("ＡＩ芯片, 5G"), ["ai", "芯", "芯片", "片", "5g"]);
        assert_eq!(terms_of("《科技》！🚀"), ["科", "科技", "技"]);
        assert!(terms_of("!!! ，。、 \u{0} 🚀🚀").is_empty());
        let long = "a".repeat(100);
        assert_eq!(terms_of(&long), ["a".repeat(32)]);
    }

    #[test]
    fn a_query_reads_as_runs_and_terms_and_is_cut_when_too_long() {
        let q = Query::parse("瓯江实验室  AI");
        assert_eq!(
            q.runs,
            [Run::Han("瓯江实验室".into()), Run::Word("ai".into())]
        );
        assert_eq!(q.terms, ["瓯江", "江实", "实验", "验室", "ai"]);
        assert!(!q.exact(), "a five-character phrase needs its text checked");
        assert!(Query::parse("科技 AI").exact());
        assert_eq!(Query::parse("的").terms, ["的"]);
        assert!(Query::parse("<>!?\u{0}").is_empty());
        assert_eq!(Query::parse("%00").terms, ["00"], "typed as it is");
        let hostile = Query::parse(&"氢能".repeat(5000));
        assert!(hostile.cut);
        assert_eq!(hostile.terms, ["氢能", "能氢"], "repeats are one term");
        assert_eq!(hostile.runs[0].text().chars().count(), QUERY_MAX_CHARS);
        assert_eq!(
            Query::parse("<script>alert(1)</script>").terms,
            ["script", "alert", "1"]
        );
    }

    /// An item read from one file of a paged content folder, then from the next: what a build
    /// keeps of the search index (its base) holds only while its documents' digests stay.
    #[test]
    fn an_item_moved_to_another_file_of_its_folder_is_the_same_document() {
        let body = "<p>正文<a href=\"#note\">注</a>、<a href=\"?p=2\">下页</a>、<a href=\"feed-7.json\">本页</a>、<a href=\"../up.html\">上级</a><img src=\"pic.png\" alt=\"图\"></p>";
        let feed = serde_json::json!({
            "version": "https://jsonfeed.org/version/1.1",
            "title": "站",
            "items": [{ "id": "a", "title": "标题", "content_html": body,
                        "date_published": "2026-01-01T08:00:00+08:00" }],
        })
        .to_string();
        let read = |url: &str| crate::model::feed::parse_feed(&feed, url).expect("a feed");
        let here = read("https://cms.example.cn/content/feed-7.json");
        let next = read("https://cms.example.cn/content/feed-8.json?v=2#top");
        let elsewhere = read("https://cms.example.cn/other/feed-7.json");
        let (a, b, c) = (&here.items[0], &next.items[0], &elsewhere.items[0]);
        assert_ne!(a.base, b.base, "the bases differ");
        let read_of = |item, site| {
            let d = Document::of(item, site);
            (d.title.to_string(), d.summary, d.body, d.excerpt)
        };
        assert_eq!(read_of(a, &here.site), read_of(b, &next.site));
        assert_eq!(
            Document::digest_of(a, &here.site),
            Document::digest_of(b, &next.site)
        );
        assert_ne!(
            Document::digest_of(a, &here.site),
            Document::digest_of(c, &elsewhere.site),
            "another folder may resolve the body's links otherwise: not taken as the same"
        );
    }

    fn doc<'a>(id: &'a str, title: &'a str, body: &str) -> Document<'a> {
        Document {
            id,
            title,
            summary: String::new(),
            body: body.to_string(),
            channel: Some("difang"),
            date: Some(1_600_000_000),
            excerpt: body.chars().take(EXCERPT_CHARS).collect(),
        }
    }

    /// The manifest, and every term's postings merged over the segments as the app merges
    /// them.
    fn read_back(files: &[(String, Vec<u8>)]) -> (Manifest, HashMap<String, Postings>) {
        let manifest = Manifest::read(&files.last().expect("a manifest").1).expect("a manifest");
        let mut shards: HashMap<String, Shard> = HashMap::new();
        for (name, bytes) in files {
            if let Some(file) = name.strip_suffix(".bin") {
                let file = format!("{}.bin", file.trim_start_matches("search/"));
                shards.insert(file, read_shard(bytes).expect("a shard"));
            }
        }
        let mut all = HashMap::new();
        for (file, shard) in &shards {
            for term in shard.keys() {
                assert!(
                    manifest.term_files(term).contains(file),
                    "{term} in its shard"
                );
                let in_file = |f: &str| shards.get(f).and_then(|s| s.get(term)).cloned();
                let merged = manifest.postings(term, &in_file).expect("postings");
                all.insert(term.clone(), merged);
            }
        }
        (manifest, all)
    }

    #[test]
    fn what_the_publisher_writes_the_reader_reads() {
        let docs = [
            doc("a", "温州科技创新大会召开", "会议提出加快科技创新。"),
            doc("b", "氢能产业", "科技部门发布通知，创新券开始申领。"),
            doc("c", "ＡＩ 芯片", "人工智能AI芯片的进展"),
        ];
        let files = write_index(docs.iter().cloned(), "00000000000000aa");
        let (manifest, all) = read_back(&files);
        assert_eq!(manifest.format, FORMAT);
        assert_eq!(manifest.documents, 3);
        assert_eq!(manifest.content_hash, "00000000000000aa");
        let kc = &all["科技"];
        assert_eq!(kc.documents, 2);
        assert_eq!(
            kc.list,
            [(1, BODY), (0, TITLE | BODY)],
            "newest first, with fields"
        );
        assert_eq!(all["ai"].list, [(2, TITLE | BODY)]);
        assert_eq!(all[&channel_term("difang")].documents, 3);
        let (file, at) = manifest.record_file(2).expect("a record file");
        assert_eq!(at, 2);
        let records = read_records(
            &files
                .iter()
                .find(|(p, _)| *p == format!("search/{file}"))
                .expect("records")
                .1,
        )
        .expect("records");
        let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert_eq!(records[2].title, "ＡＩ 芯片");
        assert_eq!(records[2].channel.as_deref(), Some("difang"));
        assert_eq!(records[2].date, Some(1_600_000_000));
        assert!(records[2].holds(&Query::parse("ai")), "found in the title");
        assert!(
            records[1].holds(&Query::parse("创新券")),
            "found in the excerpt"
        );
        assert!(!records[1].holds(&Query::parse("氢能 创新券 会议")));
        assert_eq!(manifest.record_file(3), None, "no fourth document");
        // Names are the hash of the bytes: the same content, the same files.
        assert_eq!(write_index(docs.iter().cloned(), "00000000000000aa"), files);
    }

    #[test]
    fn a_phrase_is_checked_as_a_phrase_not_as_co_occurring_bigrams() {
        let q = Query::parse("科技创新");
        assert!(q.found_in(&fold_case("加快科技创新步伐")));
        assert!(
            !q.found_in(&fold_case("科技部门发布通知，创新券开始申领")),
            "科技 and 创新 apart"
        );
        assert!(!q.exact());
        assert!(Query::parse("ＡＩ").found_in(&fold_case("AI芯片")));
    }

    #[test]
    fn a_document_is_what_the_index_and_the_check_both_read() {
        let feed = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "t",
            "_portal": {"channels": [{"slug": "chanye", "name": "产业动态"}]},
            "items": [{"id": "a", "title": "ＡＩ芯片", "summary": "核心提示", "tags": ["氢能"],
            "content_html": "<p>正文<script>科技创新()</script>段落</p>",
            "_portal": {"channel": "chanye", "source": "示例来源"}}]}"#;
        let catalog = crate::test_support::catalog_of(feed);
        let item = catalog.item("a").expect("an item");
        let document = Document::of(item, &catalog.site);
        assert_eq!(document.summary, "核心提示 氢能 示例来源 产业动态");
        assert_eq!(document.body, "正文段落", "sanitised text: no script");
        assert_eq!(
            document.excerpt, "核心提示",
            "the item's own summary, not its tags"
        );
        let folded = document.folded();
        for found in ["ai芯片", "氢能", "产业动态", "正文"] {
            assert!(Query::parse(found).found_in(&folded), "{found}");
        }
        assert!(!Query::parse("科技创新").found_in(&folded));
    }

    fn matches_of(docs: &[Document<'_>], query: &str, filter: Option<&str>) -> Matches {
        let files = write_index(docs.iter().cloned(), "0");
        let (_, all) = read_back(&files);
        let q = Query::parse(query);
        let filter = filter.map(channel_term);
        match_terms(&q, filter.as_deref(), &|t| all.get(t).cloned())
    }

    #[test]
    fn all_terms_must_match_title_hits_rank_first_then_newer() {
        let docs = [
            doc("old-title", "氢能汽车", "正文"),
            doc("body", "新闻", "关于氢能汽车的报道"),
            doc("new-title", "氢能汽车示范", "正文"),
            doc("one-term", "氢能", "只有一个词"),
        ];
        let m = matches_of(&docs, "氢能 汽车", None);
        let order: Vec<u32> = m.candidates.iter().map(|c| c.doc).collect();
        assert_eq!(
            order,
            [2, 0, 1],
            "titles newest first, then the body hit; 3 has no 汽车"
        );
        assert_eq!(m.estimate, 3);
        assert!(m.exact);
        assert!(matches_of(&docs, "氢能 火箭", None).candidates.is_empty());
        let mut other = doc("elsewhere", "氢能汽车", "");
        other.channel = Some("chanye");
        let docs2 = [doc("here", "氢能汽车", ""), other];
        let filtered = matches_of(&docs2, "氢能", Some("chanye"));
        assert_eq!(
            filtered
                .candidates
                .iter()
                .map(|c| c.doc)
                .collect::<Vec<_>>(),
            [1]
        );
    }

    #[test]
    fn a_term_only_in_the_last_of_ten_thousand_items_is_found() {
        let bodies: Vec<String> = (0..10_000)
            .map(|i| format!("第{i}条科技资讯正文，科技创新。"))
            .collect();
        let mut docs: Vec<Document<'_>> = bodies.iter().map(|b| doc("x", "科技资讯", b)).collect();
        docs[9_999].body.push_str("干热岩开发取得进展");
        let m = matches_of(&docs, "干热岩", None);
        assert_eq!(m.candidates.len(), 1);
        assert_eq!(m.candidates[0].doc, 9_999);
        // A term in every item is cut to the newest POSTINGS_KEPT, with its true count.
        let common = matches_of(&docs, "科技", None);
        assert_eq!(common.candidates.len(), POSTINGS_KEPT);
        assert_eq!(common.estimate, 10_000);
        assert_eq!(common.candidates[0].doc, 9_999, "newest first");
        assert!(!common.exact);
        // The rarest term leads; a cut common term does not drop older documents.
        docs[10].body.push_str("干热岩");
        let both = matches_of(&docs, "干热岩 科技", None);
        assert_eq!(
            both.candidates.iter().map(|c| c.doc).collect::<Vec<_>>(),
            [9_999, 10]
        );
        assert!(
            both.candidates[1].unsure,
            "document 10 is older than 科技's kept list"
        );
    }

    /// Each segment's postings of a term, read from its own shards: (base, delta).
    fn segment_postings(
        files: &[(String, Vec<u8>)],
        term: &str,
    ) -> (Option<Postings>, Option<Postings>) {
        let (mut base, mut delta) = (None, None);
        for (name, bytes) in files.iter().filter(|(name, _)| name.ends_with(".bin")) {
            if let Some(postings) = read_shard(bytes).expect("a shard").remove(term) {
                if name.starts_with("search/delta-") {
                    delta = Some(postings);
                } else {
                    base = Some(postings);
                }
            }
        }
        (base, delta)
    }

    #[test]
    fn common_terms_keep_in_each_segment_what_their_whole_lists_would() {
        // Runs of 5,000 documents: the base ends at 15,000. 科技's list is cut when it is
        // full: at 8,192 postings, the base then ending at 5,000, and at 16,384, in the
        // delta's documents, after the base's end, where a cut that followed the newest
        // document would lose the base's newest postings.
        const ITEMS: u32 = 19_000;
        let runs = DeltaLimit {
            documents: 5_000,
            postings: usize::MAX,
        };
        // 科技 in every item, 创新 in every other, each in more than twice the postings a
        // shard keeps (so that the builder leaves some out); the channel's list in every item,
        // kept whole.
        let bodies: Vec<String> = (0..ITEMS)
            .map(|i| {
                let other = if i % 2 == 0 { "创新" } else { "" };
                format!("第{i}条科技资讯{other}")
            })
            .collect();
        let docs: Vec<Document<'_>> = bodies.iter().map(|b| doc("x", "t", b)).collect();
        let files = write_index_with(docs.iter().cloned(), "0", runs);
        // What the builder held: no text term a posting a document.
        let indexed = Indexed::of(docs.iter().cloned(), 0, runs);
        let longest = (indexed.terms.names.iter().zip(&indexed.postings))
            .filter(|(name, _)| !name.starts_with(CHANNEL_PREFIX))
            .map(|(_, list)| list.len())
            .max();
        assert!(longest < Some(10_000), "{longest:?} postings held");
        let manifest = Manifest::read(&files.last().expect("a manifest").1).expect("a manifest");
        let base_end = manifest.base.documents;
        assert_eq!(base_end, 15_000, "a delta follows the base");
        for (term, step) in [("科技", 1), ("创新", 2)] {
            let holding = |range: std::ops::Range<u32>| -> Vec<u32> {
                range.filter(|d| d % step == 0).rev().collect()
            };
            let (Some(base), Some(delta)) = segment_postings(&files, term) else {
                panic!("{term} in both segments");
            };
            let in_base = holding(0..base_end);
            assert_eq!(base.documents as usize, in_base.len(), "{term}: base count");
            let listed: Vec<u32> = base.list.iter().map(|(doc, _)| *doc).collect();
            assert_eq!(
                listed,
                in_base[..POSTINGS_KEPT],
                "{term}: the base's newest"
            );
            let in_delta = holding(base_end..ITEMS);
            assert_eq!(
                delta.documents as usize,
                in_delta.len(),
                "{term}: delta count"
            );
            let listed: Vec<u32> = delta.list.iter().map(|(doc, _)| *doc).collect();
            assert_eq!(listed, in_delta, "{term}: the delta's, all");
        }
        let channel = channel_term("difang");
        let (Some(base), _) = segment_postings(&files, &channel) else {
            panic!("the channel's list in the base");
        };
        assert_eq!(
            base.list.len() as u32,
            base_end,
            "a channel's list is whole"
        );
    }

    #[test]
    fn terms_go_to_the_shard_the_manifest_names() {
        let bodies: Vec<String> = (0..3000)
            .map(|i| format!("资讯{i} 文本{}", i * 7919))
            .collect();
        let docs: Vec<Document<'_>> = bodies.iter().map(|b| doc("x", "t", b)).collect();
        let files = write_index(docs.iter().cloned(), "0");
        let (manifest, all) = read_back(&files);
        assert!(
            manifest.base.shards.len() > 1,
            "{} shards",
            manifest.base.shards.len()
        );
        assert!(all.contains_key("资讯"));
        for (name, bytes) in &files {
            if name.ends_with(".bin") {
                assert!(
                    name.contains(&file_hash(bytes)),
                    "{name} named by its bytes"
                );
            }
        }
    }

    #[test]
    fn bad_shards_are_errors_not_panics() {
        assert!(read_shard(b"").is_err());
        assert!(read_shard(b"KCS1").is_err());
        assert!(read_shard(b"KCS1\x01\x05ab").is_err());
        assert!(
            read_shard(b"KCS1\x01\x01a\x01\x05").is_err(),
            "more postings than documents"
        );
        assert!(
            read_shard(b"KCS1\x01\x01a\x01\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01")
                .is_err()
        );
        // u32::MAX documents and postings declared, none there: before, the reader reserved
        // room for all of them first (tens of GB; in the wasm an abort that kills the page).
        assert!(
            read_shard(b"KCS1\x01\x01a\xff\xff\xff\xff\x0f\xff\xff\xff\xff\x0f").is_err(),
            "more postings than bytes"
        );
    }

    #[test]
    fn the_snippet_is_cut_around_the_first_hit_and_marks_every_hit() {
        let q = Query::parse("瓯江 实验室");
        let text = format!(
            "{}瓯江实验室发布新型催化剂，瓯江两岸{}",
            "前".repeat(50),
            "后".repeat(50)
        );
        let pieces = snippet(&text, &q, 40);
        assert_eq!(pieces.first().map(|p| p.0.as_str()), Some("…"));
        let marked: Vec<&str> = pieces
            .iter()
            .filter(|p| p.1)
            .map(|p| p.0.as_str())
            .collect();
        assert_eq!(marked, ["瓯江", "实验室", "瓯江"]);
        assert_eq!(pieces.last().map(|p| p.0.as_str()), Some("…"));
        let ai = snippet("最新ＡＩ芯片", &Query::parse("ai"), 40);
        assert_eq!(
            ai,
            [
                ("最新".to_string(), false),
                ("ＡＩ".to_string(), true),
                ("芯片".to_string(), false)
            ]
        );
    }

    #[test]
    fn records_read_as_rows_of_five_and_anything_else_is_refused() {
        let good = br#"[["a",1600000000,"difang","T","E"],["b",null,null,"U","F"]]"#;
        let records = read_records(good).expect("two records");
        assert_eq!(records[0].date, Some(1_600_000_000));
        assert_eq!(records[0].channel.as_deref(), Some("difang"));
        assert_eq!(
            (records[1].date, records[1].channel.as_deref()),
            (None, None)
        );
        assert_eq!(records[1].excerpt, "F");
        for bad in [
            &br#"{"a":1}"#[..],
            br#"[["a",1,"c","t"]]"#,
            br#"[["a",1,"c","t","e","more"]]"#,
            br#"[["a",1.5,"c","t","e"]]"#,
            br#"[["a","2021","c","t","e"]]"#,
            br#"[[1,1,"c","t","e"]]"#,
            br#"[["a",1,2,"t","e"]]"#,
            b"[",
        ] {
            let problem = read_records(bad).expect_err("refused").to_string();
            assert!(problem.contains("records: "), "{problem}");
        }
    }

    #[test]
    fn a_manifest_reads_back_and_a_wrong_field_is_named() {
        let files = write_index([doc("a", "标题", "正文")].into_iter(), "hash");
        let bytes = &files.last().expect("a manifest").1;
        let manifest = Manifest::read(bytes).expect("a manifest");
        assert_eq!(manifest.format, FORMAT);
        assert_eq!(manifest.documents, 1);
        let refused = |value: &Value| {
            Manifest::read(value.to_string().as_bytes())
                .expect_err("refused")
                .to_string()
        };
        let mut value: Value = serde_json::from_slice(bytes).expect("json");
        value["documents"] = Value::from(-1);
        let problem = refused(&value);
        assert!(problem.contains("manifest: `documents`"), "{problem}");
        value["documents"] = Value::from(2);
        let problem = refused(&value);
        assert!(problem.contains("its segments hold 1"), "{problem}");
        value["documents"] = Value::from(1);
        value["delta"]["shards"] = serde_json::json!(["ab", 3]);
        let problem = refused(&value);
        assert!(problem.contains("`delta.shards`"), "{problem}");
        value["delta"] = Value::Null;
        value["base"]["documents"] = Value::from(1);
        value["base"]["records"] = Value::from(7);
        let problem = refused(&value);
        assert!(problem.contains("`base.records`"), "{problem}");
        value["format"] = Value::from("kechuang-search/2");
        let problem = refused(&value);
        assert!(
            problem.contains("another format (kechuang-search/2"),
            "{problem}"
        );
    }
}
