//! A small HTML tokenizer, enough to read untrusted article bodies the way a browser splits
//! them into tags and text (WHATWG tokenizer rules for tags, attributes, comments and raw-text
//! elements), and character references. The sanitiser builds on it; nothing here decides what
//! is safe.

/// One piece of an HTML document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Token {
    /// Text with character references already decoded.
    Text(String),
    /// `<name attr=value>`; names lower-cased, attribute values decoded.
    Start {
        name: String,
        attrs: Vec<(String, String)>,
    },
    End(String),
}

/// Elements whose content the browser does not parse as HTML: everything up to their end tag is
/// one run of raw text. `plaintext` has no end tag at all.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "textarea",
    "title",
    "plaintext",
];

/// Elements that have no content and no end tag.
pub const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "frame", "keygen",
];

pub fn tokenize(input: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut text = String::new();
    let mut rest = input;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            text.push_str(rest);
            break;
        };
        text.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let after = &rest[1..];
        let first = after.chars().next();
        if let Some(comment) = after.strip_prefix("!--") {
            rest = skip_comment(comment);
        } else if matches!(first, Some('!' | '?'))
            || (after.starts_with('/') && after[1..].starts_with('>'))
        {
            // Bogus comment (`<!doctype>`, `<?xml?>`) or `</>`: the browser drops it up to `>`.
            rest = after.find('>').map_or("", |i| &after[i + 1..]);
        } else if let Some(end) = after.strip_prefix('/').filter(|s| starts_with_letter(s)) {
            let Some((name, _, _, remaining)) = read_tag(end) else {
                break; // A tag cut off by the end of input is dropped, as browsers do.
            };
            flush_text(&mut text, &mut tokens);
            tokens.push(Token::End(name));
            rest = remaining;
        } else if starts_with_letter(after) {
            let Some((name, attrs, _, remaining)) = read_tag(after) else {
                break;
            };
            flush_text(&mut text, &mut tokens);
            rest = remaining;
            if RAW_TEXT.contains(&name.as_str()) {
                rest = skip_raw_text(&name, rest);
                // The raw content never becomes markup; the element's end is still reported so
                // the caller sees a balanced pair.
                tokens.push(Token::Start {
                    name: name.clone(),
                    attrs,
                });
                tokens.push(Token::End(name));
            } else {
                tokens.push(Token::Start { name, attrs });
            }
        } else {
            text.push('<');
            rest = after;
        }
    }
    flush_text(&mut text, &mut tokens);
    tokens
}

fn flush_text(text: &mut String, tokens: &mut Vec<Token>) {
    if !text.is_empty() {
        tokens.push(Token::Text(decode_entities(text, false)));
        text.clear();
    }
}

fn starts_with_letter(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}

fn skip_comment(body: &str) -> &str {
    // `<!-->` and `<!--->` are complete (empty) comments; otherwise the comment ends at `-->`
    // (or `--!>`), or runs to the end of the input.
    if let Some(rest) = body.strip_prefix('>').or_else(|| body.strip_prefix("->")) {
        return rest;
    }
    let ends = [
        body.find("-->").map(|i| i + 3),
        body.find("--!>").map(|i| i + 4),
    ];
    ends.into_iter().flatten().min().map_or("", |i| &body[i..])
}

fn skip_raw_text<'a>(name: &str, rest: &'a str) -> &'a str {
    if name == "plaintext" {
        return "";
    }
    let mut search_from = 0;
    while let Some(i) = rest[search_from..].find("</") {
        let at = search_from + i;
        let candidate = &rest[at + 2..];
        let matches = candidate.len() >= name.len()
            && candidate.is_char_boundary(name.len())
            && candidate[..name.len()].eq_ignore_ascii_case(name)
            && candidate[name.len()..]
                .chars()
                .next()
                .is_none_or(|c| c.is_ascii_whitespace() || c == '/' || c == '>');
        if matches {
            return candidate.find('>').map_or("", |gt| &candidate[gt + 1..]);
        }
        search_from = at + 2;
    }
    ""
}

type Tag<'a> = (String, Vec<(String, String)>, bool, &'a str);

/// Reads a tag name and attributes up to `>`; `None` when the input ends first.
fn read_tag(s: &str) -> Option<Tag<'_>> {
    let name_end = s
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(s.len());
    let name = s[..name_end].to_ascii_lowercase().replace('\0', "\u{FFFD}");
    let mut rest = &s[name_end..];
    let mut attrs: Vec<(String, String)> = Vec::new();
    let mut self_closing = false;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace());
        let mut chars = rest.chars();
        match chars.next() {
            None => return None,
            Some('>') => return Some((name, attrs, self_closing, &rest[1..])),
            Some('/') => {
                self_closing = rest[1..].starts_with('>');
                rest = &rest[1..];
                continue;
            }
            Some(_) => {}
        }
        self_closing = false;
        // An attribute name runs to white space, `/`, `>` or `=` (a leading `=` is part of it).
        let name_len = rest
            .char_indices()
            .skip(1)
            .find(|(_, c)| c.is_ascii_whitespace() || matches!(c, '/' | '>' | '='))
            .map_or(rest.len(), |(i, _)| i);
        let attr_name = rest[..name_len].to_ascii_lowercase();
        rest = rest[name_len..].trim_start_matches(|c: char| c.is_ascii_whitespace());
        let mut value = String::new();
        if let Some(after_eq) = rest.strip_prefix('=') {
            let after_eq = after_eq.trim_start_matches(|c: char| c.is_ascii_whitespace());
            match after_eq.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after_eq[1..];
                    let close = body.find(q)?;
                    value = decode_entities(&body[..close], true);
                    rest = &body[close + 1..];
                }
                _ => {
                    let end = after_eq
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .unwrap_or(after_eq.len());
                    value = decode_entities(&after_eq[..end], true);
                    rest = &after_eq[end..];
                }
            }
        }
        // The first of duplicate attributes wins, as in the browser.
        if !attrs.iter().any(|(n, _)| *n == attr_name) {
            attrs.push((attr_name, value));
        }
    }
}

/// Named character references common in feeds. An unknown one stays as written (and is later
/// escaped, so it shows as text rather than being decoded differently by the browser).
const NAMED: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", "\u{A0}"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("hellip", "…"),
    ("mdash", "—"),
    ("ndash", "–"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("sbquo", "‚"),
    ("bdquo", "„"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("middot", "·"),
    ("bull", "•"),
    ("times", "×"),
    ("divide", "÷"),
    ("deg", "°"),
    ("plusmn", "±"),
    ("para", "¶"),
    ("sect", "§"),
    ("euro", "€"),
    ("pound", "£"),
    ("yen", "¥"),
    ("cent", "¢"),
    ("larr", "←"),
    ("rarr", "→"),
    ("uarr", "↑"),
    ("darr", "↓"),
    ("harr", "↔"),
    ("le", "≤"),
    ("ge", "≥"),
    ("ne", "≠"),
    ("asymp", "≈"),
    ("infin", "∞"),
    ("micro", "µ"),
    ("frac12", "½"),
    ("frac14", "¼"),
    ("frac34", "¾"),
    ("sup2", "²"),
    ("sup3", "³"),
    ("ensp", "\u{2002}"),
    ("emsp", "\u{2003}"),
    ("thinsp", "\u{2009}"),
    ("zwj", "\u{200D}"),
    ("zwnj", "\u{200C}"),
    ("shy", "\u{AD}"),
    ("colon", ":"),
    ("lpar", "("),
    ("rpar", ")"),
    ("sol", "/"),
    ("Tab", "\t"),
    ("NewLine", "\n"),
    ("excl", "!"),
    ("num", "#"),
    ("percnt", "%"),
    ("period", "."),
    ("comma", ","),
    ("semi", ";"),
    ("equals", "="),
    ("quest", "?"),
    ("commat", "@"),
    ("lsqb", "["),
    ("rsqb", "]"),
    ("lowbar", "_"),
    ("grave", "`"),
    ("lcub", "{"),
    ("rcub", "}"),
    ("verbar", "|"),
    ("check", "✓"),
];

/// Named references a browser also decodes without the `;` (the legacy ones feeds still use).
const LEGACY_NO_SEMICOLON: &[&str] = &["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"];

/// Decodes character references. In attribute values a legacy reference without `;` followed
/// by a letter, digit or `=` is left alone, as the HTML standard says.
pub fn decode_entities(s: &str, in_attribute: bool) -> String {
    if !s.contains('&') && !s.contains('\0') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find(['&', '\0']) {
        out.push_str(&rest[..amp]);
        if rest[amp..].starts_with('\0') {
            out.push('\u{FFFD}');
            rest = &rest[amp + 1..];
            continue;
        }
        let after = &rest[amp + 1..];
        match decode_one(after, in_attribute) {
            Some((decoded, used)) => {
                out.push_str(&decoded);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes the reference at the start of `s` (just after `&`): the text and the bytes used.
fn decode_one(s: &str, in_attribute: bool) -> Option<(String, usize)> {
    if let Some(num) = s.strip_prefix('#') {
        let (radix, digits_start) = match num.chars().next() {
            Some('x' | 'X') => (16, 2),
            _ => (10, 1),
        };
        let body = &s[digits_start..];
        let len = body
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(body.len());
        if len == 0 {
            return None;
        }
        let value = u32::from_str_radix(&body[..len.min(8)], radix).unwrap_or(u32::MAX);
        let value = if len > 8 { u32::MAX } else { value };
        let ch = match value {
            0 => '\u{FFFD}',
            0x80..=0x9F => windows_1252(value),
            v => char::from_u32(v).unwrap_or('\u{FFFD}'),
        };
        let semicolon = usize::from(body[len..].starts_with(';'));
        return Some((ch.to_string(), digits_start + len + semicolon));
    }
    let name_len = s
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(s.len());
    let name = &s[..name_len];
    let value = NAMED.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)?;
    if s[name_len..].starts_with(';') {
        return Some((value.to_string(), name_len + 1));
    }
    let next = s[name_len..].chars().next();
    let blocked = in_attribute && next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '=');
    (LEGACY_NO_SEMICOLON.contains(&name) && !blocked).then(|| (value.to_string(), name_len))
}

/// Numeric references in 0x80–0x9F mean Windows-1252 characters (HTML standard's table).
fn windows_1252(value: u32) -> char {
    const TABLE: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    TABLE[(value - 0x80) as usize]
}

/// Escapes text for use between tags.
pub fn escape_text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Escapes text for use inside a double-quoted attribute value.
pub fn escape_attr(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// The text of an HTML fragment, without tags or the content of raw-text elements, with runs of
/// white space folded to one space.
pub fn text_content(html: &str) -> String {
    let mut out = String::new();
    for token in tokenize(html) {
        match token {
            Token::Text(t) => out.push_str(&t),
            Token::Start { name, .. } | Token::End(name) if is_block(&name) => out.push(' '),
            _ => {}
        }
    }
    fold_whitespace(&out)
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "br"
            | "div"
            | "li"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "tr"
            | "td"
            | "th"
            | "blockquote"
            | "pre"
            | "figcaption"
            | "hr"
    )
}

pub fn fold_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(name: &str, attrs: &[(&str, &str)]) -> Token {
        Token::Start {
            name: name.into(),
            attrs: attrs
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
        }
    }

    #[test]
    fn reads_tags_attributes_and_text() {
        let tokens = tokenize(r#"<P Class=x id='y' data-src="a&amp;b" hidden>Hi &lt;b&gt;</p>"#);
        assert_eq!(
            tokens,
            vec![
                start(
                    "p",
                    &[
                        ("class", "x"),
                        ("id", "y"),
                        ("data-src", "a&b"),
                        ("hidden", "")
                    ]
                ),
                Token::Text("Hi <b>".into()),
                Token::End("p".into()),
            ]
        );
    }

    #[test]
    fn raw_text_elements_swallow_their_content() {
        let tokens = tokenize("a<script>document.write('<p>x</p>')</SCRIPT >b<style>p{}</style>");
        assert_eq!(
            tokens,
            vec![
                Token::Text("a".into()),
                start("script", &[]),
                Token::End("script".into()),
                Token::Text("b".into()),
                start("style", &[]),
                Token::End("style".into()),
            ]
        );
        assert_eq!(
            tokenize("<plaintext><b>x"),
            vec![start("plaintext", &[]), Token::End("plaintext".into())]
        );
    }

    #[test]
    fn comments_and_bogus_markup_vanish() {
        assert_eq!(
            text_content("a<!-- <script>x</script> -->b<!---->c<!-->d<?xml x?>e<!doctype html>f"),
            "abcdef"
        );
        assert_eq!(text_content("a<!-- never closed <b>"), "a");
    }

    #[test]
    fn unfinished_tags_are_dropped_and_stray_lt_is_text() {
        assert_eq!(
            tokenize("x <img src=a onerror=alert(1)"),
            vec![Token::Text("x ".into())]
        );
        assert_eq!(text_content("1 < 2 and 3<4 <"), "1 < 2 and 3<4 <");
        assert_eq!(tokenize("<a title=\"never closed>x"), vec![]);
    }

    #[test]
    fn decodes_references() {
        assert_eq!(
            decode_entities("&#60;&#x3C;&#X3c;&lt;&lt&hellip;&bogus;&", false),
            "<<<<<…&bogus;&"
        );
        assert_eq!(
            decode_entities("&#0;&#x110000;&#xD800;&#128;", false),
            "\u{FFFD}\u{FFFD}\u{FFFD}€"
        );
        assert_eq!(
            decode_entities("javascript&colon;x&#58;", true),
            "javascript:x:"
        );
        assert_eq!(decode_entities("?a=1&copy=2&amp", true), "?a=1&copy=2&");
        assert_eq!(decode_entities("&#99999999999999;", false), "\u{FFFD}");
    }

    #[test]
    fn text_content_folds_blocks() {
        assert_eq!(
            text_content("<h2>标题</h2><p>第一段</p><p>第二&nbsp;段</p>"),
            "标题 第一段 第二 段"
        );
    }
}
