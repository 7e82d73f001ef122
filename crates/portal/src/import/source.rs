//! A source's bytes, from a file or an http(s) URL, and their text: decoded from the encoding
//! the source declares (a byte-order mark, the XML declaration, the HTTP charset), unless its
//! bytes are not that encoding (GBK declared and UTF-8 sent, or the reverse: both happen with
//! Chinese CMSs), when Firefox's detector (chardetng) names the one they are.

use std::time::Duration;

use encoding_rs::{Encoding, UTF_8};

use super::net::{Fetcher, Get};
use crate::Error;

/// The largest source read (a 50 MB archive export fits; a stream that never ends does not).
pub const MAX_SOURCE_BYTES: u64 = 256 * 1024 * 1024;

/// A source as given on the command line or in the site file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    File(std::path::PathBuf),
    Url(String),
}

impl Location {
    pub fn parse(text: &str) -> Location {
        if text.starts_with("https://") || text.starts_with("http://") {
            Location::Url(text.to_string())
        } else {
            Location::File(text.into())
        }
    }

    /// How messages name it.
    pub fn name(&self) -> String {
        match self {
            Location::File(path) => path.display().to_string(),
            Location::Url(url) => url.clone(),
        }
    }
}

/// The bytes of a source, with the charset its server declared.
pub struct Fetched {
    pub bytes: Vec<u8>,
    pub declared_charset: Option<String>,
    /// Its `ETag` and `Last-Modified`, for the next conditional request.
    pub validators: super::net::Validators,
}

/// Reads `location`: a file, or a URL the operator named (see [`super::net`]), given up on
/// after `timeout`. The error names the source.
pub fn fetch(location: &Location, fetcher: &Fetcher, timeout: Duration) -> Result<Fetched, Error> {
    match location {
        Location::File(path) => {
            let bytes = std::fs::read(path).map_err(|e| Error::Source {
                name: location.name(),
                problem: format!("cannot be read ({e})"),
            })?;
            Ok(Fetched {
                bytes,
                declared_charset: None,
                validators: Default::default(),
            })
        }
        Location::Url(url) => fetcher
            .get(
                url,
                &Get {
                    operator: Some(url),
                    timeout,
                    max_bytes: MAX_SOURCE_BYTES,
                    picture: false,
                },
            )
            // A redirect of the operator's URL to a refused address: named by the URL.
            .map_err(|error| match error {
                refused @ Error::NotPublic { .. } => Error::Source {
                    name: url.clone(),
                    problem: refused.to_string(),
                },
                other => other,
            }),
    }
}

/// A source's text, and what is worth telling about its encoding.
pub struct Decoded {
    pub text: String,
    /// Set when the declared encoding was not the bytes': what it said and what was used.
    pub note: Option<String>,
}

/// Decodes `fetched`: by its byte-order mark, else its declaration (the XML prolog's
/// `encoding`, else the server's charset, else UTF-8); when the bytes do not decode cleanly as
/// that, as the encoding chardetng finds.
pub fn decode(fetched: &Fetched) -> Decoded {
    let bytes = fetched.bytes.as_slice();
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return Decoded {
            text: text.into_owned(),
            note: None,
        };
    }
    let declared = xml_declared_encoding(bytes)
        .or_else(|| fetched.declared_charset.clone())
        .and_then(|label| Encoding::for_label(label.as_bytes()).map(|e| (label, e)));
    let encoding = declared.as_ref().map_or(UTF_8, |(_, e)| *e);
    // Bytes that are valid UTF-8 beyond ASCII are UTF-8 whatever the declaration says: the
    // UTF-8 of Chinese text also decodes as GBK, into nonsense (科技创新 into 绉戞妧鍒涙柊),
    // while real GBK text is almost never valid UTF-8.
    if encoding != UTF_8 && !bytes.is_ascii() {
        if let Ok(text) = std::str::from_utf8(bytes) {
            let (label, _) = declared
                .as_ref()
                .map_or(("", UTF_8), |(l, e)| (l.as_str(), *e));
            return Decoded {
                text: text.to_string(),
                note: Some(format!(
                    "declares “{label}” but its bytes are UTF-8: read as UTF-8"
                )),
            };
        }
    }
    if let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes) {
        return Decoded {
            text: text.into_owned(),
            note: None,
        };
    }
    if encoding == UTF_8 {
        if let Some(decoded) = mostly_utf8(bytes) {
            return decoded;
        }
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guessed = detector.guess(None, chardetng::Utf8Detection::Allow);
    let (text, _, _) = guessed.decode(bytes);
    let said = declared.map_or("no encoding (so UTF-8)".to_string(), |(label, _)| {
        format!("“{label}”")
    });
    Decoded {
        text: text.into_owned(),
        note: Some(format!(
            "declares {said} but its bytes are not that: read as {}",
            guessed.name()
        )),
    }
}

/// The share of a source's bytes that may be invalid UTF-8 for it to be read as UTF-8 still: at
/// most one in a thousand. A stray byte in a UTF-8 feed is that rare, while text in another
/// encoding read as UTF-8 is invalid almost everywhere it is not ASCII (GBK Chinese text: about
/// half its bytes).
const STRAY_BYTES_PER_THOUSAND: usize = 1;

/// Lines with bad bytes the note names; the others are counted.
const STRAY_LINES_LISTED: usize = 20;

/// `bytes` read as UTF-8 with each invalid sequence replaced by U+FFFD and named by its line,
/// when they are UTF-8 but for a few stray bytes; `None` when there are too many for that.
fn mostly_utf8(bytes: &[u8]) -> Option<Decoded> {
    let mut text = String::with_capacity(bytes.len());
    let mut stray = 0;
    let mut lines: Vec<usize> = Vec::new();
    let mut line = 1;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        line += chunk.valid().matches('\n').count();
        if !chunk.invalid().is_empty() {
            stray += chunk.invalid().len();
            if stray * 1000 > bytes.len() * STRAY_BYTES_PER_THOUSAND {
                return None;
            }
            text.push('\u{fffd}');
            // Spots on one line are named once.
            if lines.last() != Some(&line) {
                lines.push(line);
            }
        }
    }
    let mut listed: Vec<String> = lines
        .iter()
        .take(STRAY_LINES_LISTED)
        .map(usize::to_string)
        .collect();
    if lines.len() > STRAY_LINES_LISTED {
        listed.push(format!("and {} more", lines.len() - STRAY_LINES_LISTED));
    }
    let bytes_are = match stray {
        1 => "1 byte is".to_string(),
        _ => format!("{stray} bytes are"),
    };
    let line = if lines.len() == 1 { "line" } else { "lines" };
    Some(Decoded {
        text,
        note: Some(format!(
            "{bytes_are} not UTF-8 ({line} {}): replaced by “\u{fffd}”, the rest read as UTF-8",
            listed.join(", ")
        )),
    })
}

/// The `encoding` of an XML declaration at the start of `bytes`.
fn xml_declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(256)];
    let head = std::str::from_utf8(head)
        .unwrap_or_else(|e| std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default());
    let declaration = head.trim_start().strip_prefix("<?xml")?;
    let declaration = &declaration[..declaration.find("?>")?];
    let at = declaration.find("encoding")?;
    let value = declaration[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let value = &value[1..];
    Some(value[..value.find(quote)?].to_string())
}

/// `text` (already decoded) with an XML declaration's `encoding` saying UTF-8: the XML parser
/// decodes by the declaration, and the text is UTF-8 now whatever the bytes were.
pub fn declared_utf8(text: &str) -> String {
    let trimmed = text.trim_start_matches('\u{feff}');
    let Some(rest) = trimmed.trim_start().strip_prefix("<?xml") else {
        return trimmed.to_string();
    };
    let Some(end) = rest.find("?>") else {
        return trimmed.to_string();
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>{}",
        &rest[end + 2..]
    )
}

/// What a source is, by its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Json,
    Xml,
    /// A web page: the address of a site instead of its feed's, or an error page.
    Html,
    Unknown,
}

/// Tells a feed from a web page before parsing.
pub fn kind_of(text: &str) -> Kind {
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let head: String = start
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    if start.starts_with('{') {
        Kind::Json
    } else if head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (head.contains("<html")
            && !head.contains("<rss")
            && !head.contains("<feed")
            && !head.contains("<rdf"))
    {
        Kind::Html
    } else if start.starts_with('<') {
        Kind::Xml
    } else {
        Kind::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fetched(bytes: Vec<u8>) -> Fetched {
        Fetched {
            bytes,
            declared_charset: None,
            validators: Default::default(),
        }
    }

    #[test]
    fn gbk_feeds_decode_and_lying_declarations_are_seen_through() {
        let xml = "<?xml version=\"1.0\" encoding=\"GBK\"?><rss><title>科技创新</title></rss>";
        let (gbk, _, _) = encoding_rs::GBK.encode(xml);
        let decoded = decode(&fetched(gbk.into_owned()));
        assert!(decoded.text.contains("科技创新"));
        assert_eq!(decoded.note, None);

        // GBK declared, UTF-8 sent.
        let decoded = decode(&fetched(xml.as_bytes().to_vec()));
        assert!(decoded.text.contains("科技创新"), "{}", decoded.text);
        assert!(decoded.note.is_some_and(|n| n.contains("GBK")));

        // UTF-8 declared, GB18030 sent (a longer text: the detector needs some).
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss><title>浙江温州全面掀起科创高地建设热潮，坚定走好科技创新华山一条路</title></rss>";
        let (gb, _, _) = encoding_rs::GB18030.encode(xml);
        let decoded = decode(&fetched(gb.into_owned()));
        assert!(decoded.text.contains("科创高地"), "{}", decoded.text);
        assert!(decoded.note.is_some());
    }

    #[test]
    fn utf8_with_a_stray_byte_in_a_thousand_stays_utf8() {
        // 999 bytes of text and one stray byte: UTF-8, the spot replaced and named.
        let mut bytes = "科".repeat(333).into_bytes();
        bytes.splice(3..3, [b'\n', 0xff]);
        assert_eq!(bytes.len(), 1001);
        let decoded = decode(&fetched(bytes.clone()));
        assert!(
            decoded.text.starts_with("科\n\u{fffd}科"),
            "{}",
            decoded.text
        );
        assert_eq!(
            decoded.note.as_deref(),
            Some("1 byte is not UTF-8 (line 2): replaced by “\u{fffd}”, the rest read as UTF-8")
        );
        // Two in 999: more than a stray byte, so the detector decides.
        bytes.splice(10..10, [0xfe]);
        bytes.truncate(bytes.len() - "科".len());
        assert_eq!(bytes.len(), 999);
        let decoded = decode(&fetched(bytes));
        assert!(
            decoded
                .note
                .is_some_and(|n| n.contains("its bytes are not that")),
            "detected"
        );
    }

    #[test]
    fn the_declaration_is_rewritten_and_pages_are_told_from_feeds() {
        assert_eq!(
            declared_utf8("<?xml version='1.0' encoding='gb2312'?><rss/>"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss/>"
        );
        assert_eq!(kind_of("<!DOCTYPE html><html><head>"), Kind::Html);
        assert_eq!(kind_of("\u{feff}<?xml version=\"1.0\"?><rss>"), Kind::Xml);
        assert_eq!(kind_of("  {\"version\": 1}"), Kind::Json);
        assert_eq!(kind_of("hello"), Kind::Unknown);
    }
}
