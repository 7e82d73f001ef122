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

use std::collections::{BTreeMap, HashMap, HashSet};

use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;
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

/// The table, as JSON, for the published `texts` (the pages' text, or their Han runs: each
/// is split into runs anyway).
pub fn table<'a>(texts: impl IntoIterator<Item = &'a str>) -> Result<String, Error> {
    let s2t = converter(BuiltinConfig::S2t)?;
    let t2s = converter(BuiltinConfig::T2s)?;
    let mut chars = String::new();
    let mut forward: HashMap<char, char> = HashMap::new();
    // boot.js reads the pairs backwards in the same order, the first pair of a traditional
    // character winning: so does this.
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
    let texts: Vec<&str> = texts.into_iter().collect();
    let published: HashSet<char> = texts.iter().flat_map(|t| t.chars()).collect();
    let mut back = String::new();
    for c in han() {
        // A character the published text has is in the search index as it is: a query keeps
        // it. Else `著名` typed by a reader of simplified characters would look for `着名`
        // (T2S turns 著 into 着, and 著名 back only as a phrase).
        let s = if published.contains(&c) {
            c
        } else {
            match single(t2s.convert(c.encode_utf8(&mut buffer))) {
                Some(s) => s,
                None => continue,
            }
        };
        if backward.get(&c).copied().unwrap_or(c) != s {
            back.push(c);
            back.push(s);
        }
    }
    let phrases = phrases(&s2t, &forward, texts);
    Ok(json!({ "chars": chars, "phrases": phrases, "back": back }).to_string())
}

/// The phrases of `texts` that S2T converts otherwise than `forward`, character by character.
fn phrases<'a>(
    s2t: &OpenCC,
    forward: &HashMap<char, char>,
    texts: impl IntoIterator<Item = &'a str>,
) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for text in texts {
        for run in text.split(|c: char| !is_han(c)) {
            if run.chars().nth(1).is_none() || !seen.insert(run) {
                continue;
            }
            let run: Vec<char> = run.chars().collect();
            let whole: Vec<char> = s2t
                .convert(&run.iter().collect::<String>())
                .chars()
                .collect();
            if whole.len() != run.len() {
                continue;
            }
            for (i, (&c, &t)) in run.iter().zip(&whole).enumerate() {
                if forward.get(&c).copied().unwrap_or(c) != t {
                    if let Some((phrase, converted)) = around(s2t, &run, i, t) {
                        found.insert(phrase, converted);
                    }
                }
            }
        }
    }
    found
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
