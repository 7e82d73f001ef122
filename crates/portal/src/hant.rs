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
use std::sync::{Mutex, PoisonError};

use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;
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
    runs: Mutex<RecentRuns>,
}

/// The phrases of each run lately seen, in two generations: a run is looked up in both and
/// kept in the young one, and when the young one is full the old one is dropped. A run that
/// pages share is seen again long before that and stays; a run of one article's body, seen on
/// its page only, goes. Keeping every run ever seen held the text of every page: 39 MB of a
/// 10k build's heap by its last page (massif), growing with the archive; 7 MB so.
///
/// Hashed with foldhash, not std's SipHash: in a 10k build's profile, SipHash in this count's
/// sets and maps took 2.2% of the samples, and their lookups and inserts 3.5% with it.
struct RecentRuns {
    young: foldhash::HashMap<String, Vec<(String, String)>>,
    old: foldhash::HashMap<String, Vec<(String, String)>>,
    /// How many runs a generation holds.
    generation: usize,
}

impl RecentRuns {
    /// 32,768 runs: a page has a few hundred, so a generation spans a hundred pages or more.
    const GENERATION: usize = 1 << 15;

    fn new(generation: usize) -> Self {
        RecentRuns {
            young: foldhash::HashMap::default(),
            old: foldhash::HashMap::default(),
            generation: generation.max(1),
        }
    }

    fn get(&mut self, run: &str) -> Option<Vec<(String, String)>> {
        if let Some(found) = self.young.get(run) {
            return Some(found.clone());
        }
        let (run, found) = self.old.remove_entry(run)?;
        self.insert(run, found.clone());
        Some(found)
    }

    fn insert(&mut self, run: String, found: Vec<(String, String)>) {
        if self.young.len() >= self.generation {
            self.old = std::mem::take(&mut self.young);
        }
        self.young.insert(run, found);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.young.len() + self.old.len()
    }
}

/// What one page's text gives the table: its Han characters and its phrases, each once.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PageHan {
    /// Sorted, each once: a page has a few thousand, which a sort puts in order faster than a
    /// hash set takes them in.
    chars: Vec<char>,
    phrases: BTreeMap<String, String>,
}

/// How many pages have each Han character and each phrase: the table is made from those with
/// a count, so a build that renders some pages again takes the old pages' text out and the
/// new pages' in, and makes the table a full build makes (src/build.rs).
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HanCounts {
    chars: BTreeMap<char, u32>,
    /// Each phrase: what S2T converts it to, and its count.
    phrases: BTreeMap<String, (String, u32)>,
}

impl HanCounts {
    /// Counts `page` once more.
    pub fn add(&mut self, page: &PageHan) {
        for &c in &page.chars {
            let count = self.chars.entry(c).or_default();
            *count = count.saturating_add(1);
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
        for c in &page.chars {
            if let Some(count) = self.chars.get_mut(c) {
                *count = count.saturating_sub(1);
                if *count == 0 {
                    self.chars.remove(c);
                }
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
        Self::remembering(RecentRuns::GENERATION)
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
            runs: Mutex::new(RecentRuns::new(generation)),
        })
    }

    /// `counts` as read back from the `pages.json` of the release before, a file this build
    /// did not write: only Han characters, and phrases of Han characters whose value is their
    /// S2T conversion, are kept, so that a `pages.json` tampered with cannot put words of its
    /// own into the table every 繁 reader's page is converted by.
    pub fn verified(&self, mut counts: HanCounts) -> HanCounts {
        counts.chars.retain(|&c, _| is_han(c));
        counts.phrases.retain(|phrase, (converted, _)| {
            phrase.chars().nth(1).is_some()
                && phrase.chars().all(is_han)
                && self.s2t.convert(phrase) == *converted
        });
        counts
    }

    /// What the published `text` (a page's text) gives the table.
    pub fn page(&self, text: &str) -> PageHan {
        let mut page = PageHan::default();
        let mut seen: foldhash::HashSet<&str> = foldhash::HashSet::default();
        for run in text.split(|c: char| !is_han(c)) {
            if run.is_empty() || !seen.insert(run) {
                continue;
            }
            page.chars.extend(run.chars());
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
        page.chars.sort_unstable();
        page.chars.dedup();
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
            let s = if counts.chars.contains_key(&c) {
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
