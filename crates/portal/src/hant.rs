//! The 简/繁 table (issue 24's 无障碍 toolbar): what public/boot.js converts the page's text
//! with when a reader switches to traditional characters, and a query typed in traditional
//! characters back to the simplified ones the search index holds. `portal build` writes it beside
//! the pages as `hant.json` ([`TABLE_FILE`]); the page fetches it only when a reader first switches
//! (or searches), so it is never in the wasm nor in boot.js.
//!
//! It comes from OpenCC's dictionaries through the `ferrous-opencc` crate's own converter, asked
//! one character at a time and on the published text, so nothing of OpenCC is copied here:
//! - `chars`: every Han character (BMP, extension A, and the supplementary planes' blocks)
//!   that OpenCC's S2T turns into another, as pairs: simplified, then traditional;
//! - `phrases`: the words of the published text that S2T converts otherwise than character by
//!   character (`干部` → `幹部`, not `乾部`): only those, since all of OpenCC's 49,000 phrases
//!   would be read by no page; found by converting each run of Han characters whole and
//!   character by character, and taking the shortest run around each difference that S2T
//!   converts the same way on its own;
//! - `back`: for a query, the characters that OpenCC's T2S does not turn back into the
//!   simplified one `chars` read backwards gives them (`乾` → `干`), and those the published
//!   text has, which stay as they are; as pairs. boot.js reads `chars` backwards for the rest.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;
use portal_core::html::{text_content, text_unfolded};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::Error;

/// The table's name, at the root of the release beside the pages: revalidated like them
/// (deploy/nginx), kept by the service worker (public/sw.js).
pub const TABLE_FILE: &str = portal_core::names::HANT_TABLE;

/// The longest phrase looked for around a difference: OpenCC's longest S2T phrase has 14
/// characters.
const LONGEST_PHRASE: usize = 16;

/// The Han blocks OpenCC's STCharacters draws from: extension A, the unified block, and the
/// extensions B to H.
const HAN: [(u32, u32); 3] = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0x20000, 0x323AF)];

/// Whether `c` is in one of the Han blocks the table covers.
pub fn is_han(c: char) -> bool {
    HAN.iter()
        .any(|&(from, to)| (from..=to).contains(&(c as u32)))
}

fn han() -> impl Iterator<Item = char> {
    HAN.iter()
        .flat_map(|&(from, to)| (from..=to).filter_map(char::from_u32))
}

fn converter(config: BuiltinConfig) -> Result<OpenCC, Error> {
    OpenCC::from_config(config).map_err(|e| Error::Converter(e.to_string()))
}

/// The one character `text` converts to, if it converts to one.
fn single(text: String) -> Option<char> {
    let mut chars = text.chars();
    let first = chars.next()?;
    chars.next().is_none().then_some(first)
}

/// OpenCC's converters and what the table needs of them for any text: `chars`, and the
/// character-by-character conversion that phrases are told apart from. Made once a build; the
/// converters are `Sync`, so the pages' text is read on every core.
pub struct Converter {
    s2t: OpenCC,
    t2s: OpenCC,
    /// The table's `chars`.
    chars: String,
    forward: HashMap<char, char>,
    /// boot.js reads the pairs backwards in the same order, the first pair of a traditional
    /// character winning: so does this.
    backward: HashMap<char, char>,
    /// The phrases found in the runs of Han characters seen lately, so that a run that many
    /// pages share (the header, the sidebar's titles) is converted once.
    runs: Mutex<Recent<Vec<(String, String)>>>,
    /// The parts of pages that many pages share ([`CUTS`]), as counted lately.
    parts: Mutex<Recent<Arc<Part>>>,
    /// How many parts were found in `parts` instead of being read.
    parts_reused: AtomicUsize,
}

/// What was found for each key lately seen, in two generations: a key is looked up in both and
/// kept in the young one, and when the young one is full the old one is dropped. A key that
/// pages share is seen again long before that and stays; a key of one page only goes.
///
/// For runs of Han characters: keeping every run ever seen held the text of every page, 39 MB
/// of a 10k build's heap by its last page (massif), growing with the archive; 7 MB so.
///
/// Hashed with foldhash, not std's SipHash: in a 10k build's profile, SipHash in this count's
/// sets and maps took 2.2% of the samples, and their lookups and inserts 3.5% with it.
struct Recent<V> {
    young: foldhash::HashMap<String, V>,
    old: foldhash::HashMap<String, V>,
    /// How many keys a generation holds.
    generation: usize,
}

impl<V: Clone> Recent<V> {
    fn new(generation: usize) -> Self {
        Recent {
            young: foldhash::HashMap::default(),
            old: foldhash::HashMap::default(),
            generation: generation.max(1),
        }
    }

    fn get(&mut self, key: &str) -> Option<V> {
        if let Some(found) = self.young.get(key) {
            return Some(found.clone());
        }
        let (key, found) = self.old.remove_entry(key)?;
        self.insert(key, found.clone());
        Some(found)
    }

    fn insert(&mut self, key: String, found: V) {
        if self.young.len() >= self.generation {
            self.old = std::mem::take(&mut self.young);
        }
        self.young.insert(key, found);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.young.len() + self.old.len()
    }
}

/// 32,768 runs a generation: a page has a few hundred, so a generation spans a hundred pages
/// or more.
const RUNS_A_GENERATION: usize = 1 << 15;

/// 64 parts a generation: a page has two parts that other pages share (see [`CUTS`]), and one
/// or two of its own, so a shared part is seen again long before it could be dropped.
const PARTS_A_GENERATION: usize = 64;

/// Where a written page is cut to be counted, in the order the writers write them, and whether
/// the part that starts there is one that many pages share, looked up by its bytes instead of
/// being read again: the header (from `<body`: the 无障碍 bar, the banner, the masthead, the
/// tiles and the channels) and, from 推荐图文 on, the sidebar's site-wide boxes and the footer.
/// Of the time `text_content` took over 2,000 written article pages of a 10k build (450 ms),
/// those two parts took 38% and ~20%; an article's own part, between them, is read each time.
///
/// A cut is only where the writers start an element outside any `p`, SVG or MathML, so that the
/// tokenizer reads what follows as it would reading the page whole ([`Converter::page_of_html`]
/// checks that its parts' text does not run across a cut). A marker that a page does not have
/// (a list, the sitemap) is passed over: that part runs on to the next.
const CUTS: [(&str, bool); 3] = [
    ("<body", true),
    ("<main id=\"main\"", false),
    ("<section class=\"side-box pictures\"", true),
];

/// What one part of a page gives the count, and the first and last character of its text, to
/// tell whether a run of Han characters could go on across a cut.
#[derive(Debug)]
struct Part {
    han: PageHan,
    first: Option<char>,
    last: Option<char>,
}

/// What one page's text gives the table: its Han characters and its phrases, each once.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PageHan {
    /// Sorted, each once.
    chars: Vec<char>,
    phrases: BTreeMap<String, String>,
}

/// A set of Han characters, a bit each over the blocks of [`HAN`] laid end to end (102,256
/// bits, 12.8 KB). A page's few thousand characters go in and come out in order: sorting them
/// instead, in a vector, was 3% of a build's instructions (callgrind, 2k items).
struct HanSet {
    words: Vec<u64>,
}

impl HanSet {
    const BITS: usize = {
        let mut bits = 0;
        let mut i = 0;
        while i < HAN.len() {
            bits += (HAN[i].1 - HAN[i].0 + 1) as usize;
            i += 1;
        }
        bits
    };

    fn new() -> Self {
        HanSet {
            words: vec![0; Self::BITS.div_ceil(64)],
        }
    }

    /// Puts in `c`, if it is a Han character.
    fn insert(&mut self, c: char) {
        if let Some(bit) = Self::index(c) {
            self.words[bit / 64] |= 1 << (bit % 64);
        }
    }

    /// `c`'s place among the Han characters, if it is one.
    fn index(c: char) -> Option<usize> {
        let mut base = 0;
        for (from, to) in HAN {
            let code = c as u32;
            if (from..=to).contains(&code) {
                return Some(base + (code - from) as usize);
            }
            base += (to - from + 1) as usize;
        }
        None
    }

    /// The characters in it, in order: the blocks of [`HAN`] go up.
    fn chars(&self) -> Vec<char> {
        let mut chars = Vec::new();
        for (w, &word) in self.words.iter().enumerate() {
            let mut rest = word;
            while rest != 0 {
                chars.extend(Self::char_at(w * 64 + rest.trailing_zeros() as usize));
                rest &= rest - 1;
            }
        }
        chars
    }

    fn char_at(mut bit: usize) -> Option<char> {
        for (from, to) in HAN {
            let len = (to - from + 1) as usize;
            if bit < len {
                return char::from_u32(from + bit as u32);
            }
            bit -= len;
        }
        None
    }
}

/// How many pages have each Han character and each phrase: the table is made from those with
/// a count, so a build that renders some pages again takes the old pages' text out and the
/// new pages' in, and makes the table a full build makes (src/build.rs).
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HanCounts {
    chars: CharCounts,
    /// Each phrase: what S2T converts it to, and its count.
    phrases: BTreeMap<String, (String, u32)>,
}

/// Each Han character's count, at its place in a [`HanSet`]: a page's few thousand characters
/// are counted by their index, where a tree's search for each was 1.6% of a build's
/// instructions (callgrind, 2k items). Written and read as the map it was, the characters with
/// a count in order, so `pages.json` keeps its bytes; a character that is not Han is left out
/// as it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CharCounts(Vec<u32>);

impl Default for CharCounts {
    fn default() -> Self {
        CharCounts(vec![0; HanSet::BITS])
    }
}

impl CharCounts {
    fn count(&mut self, c: char) -> Option<&mut u32> {
        HanSet::index(c).and_then(|i| self.0.get_mut(i))
    }

    fn has(&self, c: char) -> bool {
        HanSet::index(c)
            .and_then(|i| self.0.get(i))
            .is_some_and(|&n| n > 0)
    }

    fn counted(&self) -> impl Iterator<Item = (char, u32)> + '_ {
        self.0
            .iter()
            .enumerate()
            .filter(|&(_, &n)| n > 0)
            .filter_map(|(i, &n)| HanSet::char_at(i).map(|c| (c, n)))
    }
}

impl Serialize for CharCounts {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.counted())
    }
}

impl<'de> Deserialize<'de> for CharCounts {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut counts = CharCounts::default();
        for (c, n) in BTreeMap::<char, u32>::deserialize(deserializer)? {
            if let Some(count) = counts.count(c) {
                *count = n;
            }
        }
        Ok(counts)
    }
}

impl HanCounts {
    /// Counts `page` once more.
    pub fn add(&mut self, page: &PageHan) {
        for &c in &page.chars {
            if let Some(count) = self.chars.count(c) {
                *count = count.saturating_add(1);
            }
        }
        for (phrase, converted) in &page.phrases {
            let (_, count) = self
                .phrases
                .entry(phrase.clone())
                .or_insert_with(|| (converted.clone(), 0));
            *count = count.saturating_add(1);
        }
    }

    /// Counts `page` once less: a page of the release before that is rendered again or gone.
    pub fn remove(&mut self, page: &PageHan) {
        for &c in &page.chars {
            if let Some(count) = self.chars.count(c) {
                *count = count.saturating_sub(1);
            }
        }
        for phrase in page.phrases.keys() {
            if let Some((_, count)) = self.phrases.get_mut(phrase) {
                *count = count.saturating_sub(1);
                if *count == 0 {
                    self.phrases.remove(phrase);
                }
            }
        }
    }
}

impl Converter {
    pub fn new() -> Result<Self, Error> {
        Self::remembering(RUNS_A_GENERATION)
    }

    /// A converter whose cache of runs holds `generation` runs a generation.
    fn remembering(generation: usize) -> Result<Self, Error> {
        let s2t = converter(BuiltinConfig::S2t)?;
        let t2s = converter(BuiltinConfig::T2s)?;
        let mut chars = String::new();
        let mut forward: HashMap<char, char> = HashMap::new();
        let mut backward: HashMap<char, char> = HashMap::new();
        let mut buffer = [0u8; 4];
        for c in han() {
            let Some(t) = single(s2t.convert(c.encode_utf8(&mut buffer))) else {
                continue;
            };
            if t != c {
                chars.push(c);
                chars.push(t);
                forward.insert(c, t);
                backward.entry(t).or_insert(c);
            }
        }
        Ok(Converter {
            s2t,
            t2s,
            chars,
            forward,
            backward,
            runs: Mutex::new(Recent::new(generation)),
            parts: Mutex::new(Recent::new(PARTS_A_GENERATION)),
            parts_reused: AtomicUsize::new(0),
        })
    }

    /// `counts` as read back from the `pages.json` of the release before, a file this build
    /// did not write: only Han characters (what else it names was left out as it was read,
    /// [`CharCounts`]), and phrases of Han characters whose value is their S2T conversion, are
    /// kept, so that a `pages.json` tampered with cannot put words of its
    /// own into the table every 繁 reader's page is converted by.
    pub fn verified(&self, mut counts: HanCounts) -> HanCounts {
        counts.phrases.retain(|phrase, (converted, _)| {
            phrase.chars().nth(1).is_some()
                && phrase.chars().all(is_han)
                && self.s2t.convert(phrase) == *converted
        });
        counts
    }

    /// What a written page gives the table: the same as [`Converter::page`] of its
    /// `text_content`, read in parts ([`CUTS`]) so that the parts many pages share are read
    /// once. Where a part's text and the next one's touch with Han characters on both sides, a
    /// run could go on across the cut, and the page is read whole.
    pub fn page_of_html(&self, html: &str) -> PageHan {
        let mut page = PageHan::default();
        let mut chars = HanSet::new();
        let mut last: Option<char> = None;
        for (part, shared) in parts(html) {
            let part = if shared {
                self.shared_part(part)
            } else {
                Arc::new(self.part(part))
            };
            if last.is_some_and(is_han) && part.first.is_some_and(is_han) {
                return self.page(&text_content(html));
            }
            for &c in &part.han.chars {
                chars.insert(c);
            }
            page.phrases.extend(
                part.han
                    .phrases
                    .iter()
                    .map(|(phrase, converted)| (phrase.clone(), converted.clone())),
            );
            last = part.last.or(last);
        }
        page.chars = chars.chars();
        debug_assert_eq!(
            page,
            self.page(&text_content(html)),
            "a page counted in parts counts otherwise whole"
        );
        page
    }

    /// How many parts of pages [`Converter::page_of_html`] found counted already.
    pub fn parts_reused(&self) -> usize {
        self.parts_reused.load(Ordering::Relaxed)
    }

    fn part(&self, html: &str) -> Part {
        let text = text_unfolded(html);
        Part {
            han: self.page(&text),
            first: text.chars().next(),
            last: text.chars().next_back(),
        }
    }

    fn shared_part(&self, html: &str) -> Arc<Part> {
        let known = self
            .parts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(html);
        if let Some(part) = known {
            self.parts_reused.fetch_add(1, Ordering::Relaxed);
            return part;
        }
        let part = Arc::new(self.part(html));
        self.parts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(html.to_string(), Arc::clone(&part));
        part
    }

    /// What the published `text` (a page's text) gives the table.
    pub fn page(&self, text: &str) -> PageHan {
        let mut page = PageHan::default();
        let mut chars = HanSet::new();
        let mut seen: foldhash::HashSet<&str> = foldhash::HashSet::default();
        for run in text.split(|c: char| !is_han(c)) {
            if run.is_empty() || !seen.insert(run) {
                continue;
            }
            for c in run.chars() {
                chars.insert(c);
            }
            if run.chars().nth(1).is_none() {
                continue;
            }
            let known = self
                .runs
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get(run);
            let found = known.unwrap_or_else(|| {
                let found = self.phrases(run);
                self.runs
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(run.to_string(), found.clone());
                found
            });
            page.phrases.extend(found);
        }
        page.chars = chars.chars();
        page
    }

    /// The table, as JSON, for the pages `counts` counts.
    pub fn table(&self, counts: &HanCounts) -> String {
        let mut back = String::new();
        let mut buffer = [0u8; 4];
        for c in han() {
            // A character the published text has is in the search index as it is: a query
            // keeps it. Else `著名` typed by a reader of simplified characters would look for
            // `着名` (T2S turns 著 into 着, and 著名 back only as a phrase).
            let s = if counts.chars.has(c) {
                c
            } else {
                match single(self.t2s.convert(c.encode_utf8(&mut buffer))) {
                    Some(s) => s,
                    None => continue,
                }
            };
            if self.backward.get(&c).copied().unwrap_or(c) != s {
                back.push(c);
                back.push(s);
            }
        }
        let phrases: BTreeMap<&str, &str> = counts
            .phrases
            .iter()
            .map(|(phrase, (converted, _))| (phrase.as_str(), converted.as_str()))
            .collect();
        json!({ "chars": self.chars, "phrases": phrases, "back": back }).to_string()
    }

    /// The phrases of one run of two or more Han characters that S2T converts otherwise than
    /// character by character.
    fn phrases(&self, run: &str) -> Vec<(String, String)> {
        let run: Vec<char> = run.chars().collect();
        let whole: Vec<char> = self
            .s2t
            .convert(&run.iter().collect::<String>())
            .chars()
            .collect();
        if whole.len() != run.len() {
            return Vec::new();
        }
        let mut found = Vec::new();
        for (i, (&c, &t)) in run.iter().zip(&whole).enumerate() {
            if self.forward.get(&c).copied().unwrap_or(c) != t {
                found.extend(around(&self.s2t, &run, i, t));
            }
        }
        found
    }
}

/// `html` cut where [`CUTS`] says, each part with whether pages share it.
fn parts(html: &str) -> Vec<(&str, bool)> {
    let mut parts = Vec::with_capacity(CUTS.len() + 1);
    let mut from = 0;
    let mut shared = false;
    for (marker, next_shared) in CUTS {
        if let Some(at) = html[from..].find(marker).map(|i| from + i) {
            parts.push((&html[from..at], shared));
            from = at;
            shared = next_shared;
        }
    }
    parts.push((&html[from..], shared));
    parts
}

/// The shortest part of `run` around `run[i]` that S2T converts, on its own, with `run[i]` as
/// `wanted`: the phrase, and what it converts to.
fn around(s2t: &OpenCC, run: &[char], i: usize, wanted: char) -> Option<(String, String)> {
    for length in 2..=LONGEST_PHRASE.min(run.len()) {
        let first = i.saturating_sub(length - 1);
        for start in first..=i.min(run.len() - length) {
            let phrase: String = run[start..start + length].iter().collect();
            let converted = s2t.convert(&phrase);
            if converted.chars().count() == length
                && converted.chars().nth(i - start) == Some(wanted)
            {
                return Some((phrase, converted));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages that share runs (the header) and have runs of their own, phrases among both.
    const PAGES: [&str; 5] = [
        "科创资讯门户 干部头发 第一篇：皇后的干部在发展。",
        "科创资讯门户 干部头发 第二篇：头发与发现，面条和干燥。",
        "科创资讯门户 干部头发 第三篇：只有一只钟表，几个系统。",
        "科创资讯门户 干部头发 第四篇：台风后的云彩，里程碑。",
        "科创资讯门户 干部头发 第五篇：干部们理发，后来出发。",
    ];

    /// A page of the writers' shape: a header that pages share, an article's own part, and the
    /// sidebar's shared boxes.
    fn written(header: &str, article: &str) -> String {
        format!(
            "<!doctype html><html><head><title>标题</title></head><body><header>{header}</header>\
             <main id=\"main\"><article>{article}</article><aside>\
             <section class=\"side-box pictures\"><a>里程碑</a></section></aside></main></body></html>"
        )
    }

    #[test]
    fn a_page_read_in_parts_counts_as_read_whole() -> Result<(), Error> {
        let converter = Converter::new()?;
        let pages = [
            written("<a>科创资讯门户</a><p>台风</p>", "<p>一只钟表</p>"),
            written("<a>科创资讯门户</a><p>台风</p>", "<p>面条和理发</p>"),
            // A run of Han characters across a cut: 头 ends the header, 发 starts the article,
            // and only the page whole has the phrase 头发 (頭髮, not 頭發).
            written("<a>科创资讯门户</a> <span>头</span>", "<span>发</span>。"),
        ];
        for html in &pages {
            assert_eq!(
                converter.page_of_html(html),
                converter.page(&text_content(html)),
                "{html}"
            );
        }
        let across = converter.page_of_html(&pages[2]);
        assert!(across.phrases.contains_key("头发"), "{across:?}");
        // The second page's header and sidebar, and the third's sidebar, came from the first.
        assert!(
            converter.parts_reused() >= 3,
            "{} parts reused",
            converter.parts_reused()
        );
        Ok(())
    }

    proptest::proptest! {
        /// The set gives back its Han characters sorted, each once, and nothing else.
        #[test]
        fn a_set_of_han_characters_gives_them_back_in_order(
            codes in proptest::collection::vec(
                proptest::prop_oneof![0x3000u32..0xA100, 0x1F000u32..0x33000],
                0..200,
            )
        ) {
            let mut set = HanSet::new();
            let mut expected: Vec<char> = Vec::new();
            for c in codes.iter().filter_map(|&code| char::from_u32(code)) {
                set.insert(c);
                if is_han(c) {
                    expected.push(c);
                }
            }
            expected.sort_unstable();
            expected.dedup();
            proptest::prop_assert_eq!(set.chars(), expected);
        }
    }

    #[test]
    fn counts_are_written_and_read_as_the_map_they_were() -> Result<(), serde_json::Error> {
        // As a pages.json of a build before them had it, a non-Han character planted in it.
        let written = r#"{"chars":{"x":3,"一":2,"龥":1,"𠀀":4},"phrases":{}}"#;
        let counts: HanCounts = serde_json::from_str(written)?;
        assert!(counts.chars.has('一') && counts.chars.has('𠀀') && !counts.chars.has('x'));
        assert_eq!(
            serde_json::to_string(&counts)?,
            r#"{"chars":{"一":2,"龥":1,"𠀀":4},"phrases":{}}"#
        );
        let mut counted = counts.clone();
        let page = PageHan {
            chars: vec!['一', '二'],
            phrases: BTreeMap::new(),
        };
        counted.add(&page);
        counted.remove(&page);
        assert_eq!(counted, counts);
        Ok(())
    }

    #[test]
    fn the_cache_of_runs_stays_small_and_changes_no_page() -> Result<(), Error> {
        // What each page gives with nothing cached: a converter of its own, new for it.
        let mut uncached = Vec::new();
        for text in PAGES {
            uncached.push(Converter::remembering(1)?.page(text));
        }
        let mut runs = std::collections::HashSet::new();
        for text in PAGES {
            runs.extend(
                text.split(|c: char| !is_han(c))
                    .filter(|r| r.chars().count() > 1),
            );
        }
        // Two generations of 5 cannot hold them all: the smaller ones have to forget.
        assert!(
            runs.len() > 10,
            "the pages have {} runs: too few",
            runs.len()
        );
        // Never forgetting, and small generations, so that runs are found in the young one,
        // found in the old one and moved, and forgotten, all within these pages.
        for generation in [usize::MAX, 1, 2, 3, 5, 8] {
            let converter = Converter::remembering(generation)?;
            for round in 0..3 {
                for (text, expected) in PAGES.iter().zip(&uncached) {
                    let page = converter.page(text);
                    assert_eq!(
                        &page, expected,
                        "generations of {generation}, round {round}: {text}"
                    );
                    assert!(!page.phrases.is_empty(), "{text}: no phrase found");
                    let held = converter
                        .runs
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .len();
                    assert!(
                        held <= generation.saturating_mul(2),
                        "{held} runs held, over two generations of {generation}"
                    );
                }
            }
        }
        Ok(())
    }
}
