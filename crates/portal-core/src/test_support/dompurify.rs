//! DOMPurify's corpus and the text comparison, shared by the native run (`tests/dompurify.rs`,
//! text read with the portal's tokenizer) and the browser run (`tests/web_dompurify.rs`, text
//! read from a real DOM), so both count "text lost" the same way.

use std::collections::BTreeMap;

use crate::html::decode_entities;
use crate::html::sanitize::{Origin, DROPPED_WITH_CONTENT};

pub const ORIGIN: Origin<'static> = Origin {
    base: "https://portal.test/content/feed.json",
    site: "https://portal.test/",
};

pub struct Case {
    pub title: String,
    pub payload: String,
    /// DOMPurify's output; several where browsers give different ones.
    pub expected: Vec<String>,
}

impl Case {
    /// The title, or the start of the payload for the entries that have none.
    pub fn label(&self) -> String {
        if self.title.is_empty() {
            self.payload.chars().take(60).collect()
        } else {
            self.title.clone()
        }
    }
}

/// The cases of `expect.mjs`, an ES module exporting an array of `{title?, payload, expected}`.
pub fn parse(module: &str) -> Vec<Case> {
    let json = module_to_json(module);
    let value: serde_json::Value = serde_json::from_str(&json)
        .unwrap_or_else(|e| panic!("expect.mjs is not the JSON-like module expected: {e}"));
    let entries = value.as_array().expect("the module exports an array");
    entries
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let field = |name: &str| entry.get(name).unwrap_or_else(|| panic!("#{i}: no {name}"));
            let string = |v: &serde_json::Value| {
                v.as_str()
                    .unwrap_or_else(|| panic!("#{i}: {v} is not a string"))
                    .to_string()
            };
            let expected = match field("expected") {
                serde_json::Value::Array(outputs) => outputs.iter().map(string).collect(),
                single => vec![string(single)],
            };
            Case {
                title: entry
                    .get("title")
                    .and_then(|t| t.as_str())
                    .unwrap_or("")
                    .to_string(),
                payload: string(field("payload")),
                expected,
            }
        })
        .collect()
}

/// `export default [ ... ];` with JavaScript's trailing commas (the file has one before its
/// closing `]`) to plain JSON. Commas are only dropped outside string literals.
fn module_to_json(module: &str) -> String {
    let body = module
        .trim()
        .strip_prefix("export default")
        .expect("expect.mjs starts with `export default`")
        .trim()
        .trim_end_matches(';');
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                '\\' => out.extend(chars.next()),
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            ',' => {
                let rest: String = chars.clone().collect();
                if rest.trim_start().starts_with([']', '}']) {
                    continue;
                }
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// Why a character of DOMPurify's text may be missing from ours without the sanitiser losing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Excuse {
    /// Inside this element of `DROPPED_WITH_CONTENT`: the allow-list drops it by design.
    Dropped(&'static str),
    /// Not in the payload at all: text the parser DOMPurify ran in made up (pre-2016 parsers
    /// expanded `<isindex>` into a form with a prompt).
    NotInPayload,
}

/// The non-white-space characters of `s`.
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Classifies the text runs of DOMPurify's output for one payload.
pub struct Excuses {
    payload: [String; 2],
}

impl Excuses {
    pub fn new(payload: &str) -> Self {
        Excuses {
            payload: [squeeze(payload), squeeze(&decode_entities(payload, false))],
        }
    }

    /// The outermost element of `DROPPED_WITH_CONTENT` among `ancestors`, as the sanitiser's
    /// own list spells it.
    pub fn dropped<'a>(ancestors: impl IntoIterator<Item = &'a str>) -> Option<&'static str> {
        ancestors
            .into_iter()
            .find_map(|n| DROPPED_WITH_CONTENT.iter().copied().find(|d| *d == n))
    }

    /// The characters of one text run (already squeezed) inside `dropped`, with their excuse.
    pub fn chars(&self, run: &str, dropped: Option<&'static str>) -> Vec<(char, Option<Excuse>)> {
        let excuse = match dropped {
            Some(element) => Some(Excuse::Dropped(element)),
            None if !self.payload.iter().any(|p| p.contains(run)) => Some(Excuse::NotInPayload),
            None => None,
        };
        run.chars().map(|c| (c, excuse)).collect()
    }
}

/// How our text compares with one of DOMPurify's outputs.
#[derive(Default)]
pub struct Loss {
    /// Lost characters without an excuse.
    pub other: String,
    /// Lost characters with an excuse, per excuse.
    pub excused: BTreeMap<Excuse, usize>,
    /// Characters of ours that DOMPurify's output lacks.
    pub added: usize,
    /// Characters of DOMPurify's text.
    pub expected: usize,
}

impl Loss {
    pub fn other_count(&self) -> usize {
        self.other.chars().count()
    }

    fn total(&self) -> usize {
        self.other_count() + self.excused.values().sum::<usize>()
    }
}

/// Longest-common-subsequence alignment of DOMPurify's text with ours: the characters of
/// `expected` left unmatched are lost. Where alignments of the same length differ in which
/// characters they leave out (ours `Movie` against DOMPurify's `Movie` + `<button>Search`), the
/// excused ones are taken as the lost ones.
pub fn compare(expected: &[(char, Option<Excuse>)], ours: &[char]) -> Loss {
    let (n, m) = (expected.len(), ours.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in 1..=n {
        for j in 1..=m {
            lcs[i][j] = if expected[i - 1].0 == ours[j - 1] {
                lcs[i - 1][j - 1] + 1
            } else {
                lcs[i - 1][j].max(lcs[i][j - 1])
            };
        }
    }
    let mut loss = Loss {
        expected: n,
        ..Loss::default()
    };
    let mut lost = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let excused_loss = i > 0 && expected[i - 1].1.is_some() && lcs[i - 1][j] == lcs[i][j];
        if !excused_loss && i > 0 && j > 0 && expected[i - 1].0 == ours[j - 1] {
            i -= 1;
            j -= 1;
        } else if i > 0 && (j == 0 || lcs[i - 1][j] >= lcs[i][j - 1]) {
            lost.push(expected[i - 1]);
            i -= 1;
        } else {
            loss.added += 1;
            j -= 1;
        }
    }
    for (c, excuse) in lost.into_iter().rev() {
        match excuse {
            Some(excuse) => *loss.excused.entry(excuse).or_default() += 1,
            None => loss.other.push(c),
        }
    }
    loss
}

/// Of the comparisons with each of DOMPurify's outputs for one payload, the closest.
pub fn closest(losses: impl IntoIterator<Item = Loss>) -> Loss {
    losses
        .into_iter()
        .min_by_key(|l| (l.other_count(), l.total(), l.added))
        .expect("at least one expected output")
}

/// The text-loss lines of the report, with the worst payloads; and the "other" total.
pub fn report(where_: &str, cases: &[Case], losses: &[Loss]) -> (String, usize) {
    let mut by_design: BTreeMap<&str, usize> = BTreeMap::new();
    let mut not_in_payload = 0;
    for loss in losses {
        for (excuse, n) in &loss.excused {
            match excuse {
                Excuse::Dropped(element) => *by_design.entry(element).or_default() += n,
                Excuse::NotInPayload => not_in_payload += n,
            }
        }
    }
    let other: usize = losses.iter().map(Loss::other_count).sum();
    let by_design_total: usize = by_design.values().sum();
    let expected: usize = losses.iter().map(|l| l.expected).sum();
    let added: usize = losses.iter().map(|l| l.added).sum();
    let mut lines = vec![
        format!(
            "dompurify ({where_}) text lost: {} of {expected} characters: {other} other, {by_design_total} by design {by_design:?}, {not_in_payload} not in the payload",
            other + by_design_total + not_in_payload
        ),
        format!("dompurify ({where_}) text added: {added} characters DOMPurify's output lacks"),
    ];
    let mut order: Vec<usize> = (0..losses.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(losses[i].other_count()), i));
    lines.push(format!("dompurify ({where_}) worst \"other\" losses:"));
    for &i in order
        .iter()
        .take_while(|&&i| losses[i].other_count() > 0)
        .take(15)
    {
        lines.push(format!(
            "  #{i} {:?}: {} lost: {:?}",
            cases[i].label(),
            losses[i].other_count(),
            losses[i].other.chars().take(80).collect::<String>()
        ));
    }
    order.sort_by_key(|&i| (std::cmp::Reverse(losses[i].added), i));
    lines.push(format!("dompurify ({where_}) most text added:"));
    for &i in order.iter().take_while(|&&i| losses[i].added > 0).take(8) {
        lines.push(format!(
            "  #{i} {:?}: {} added",
            cases[i].label(),
            losses[i].added
        ));
    }
    (lines.join("\n"), other)
}
