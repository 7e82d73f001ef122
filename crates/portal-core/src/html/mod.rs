//! A small HTML tokenizer, enough to read untrusted article bodies the way a browser splits
//! them into tags and text (WHATWG tokenizer rules for tags, attributes, comments and raw-text
//! elements), and character references. The sanitiser builds on it; nothing here decides what
//! is safe.

pub mod sanitize;

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
/// one run of raw text. `plaintext` has no end tag at all. Only HTML elements: `<svg><style>`
/// is an SVG element whose content is markup.
pub const RAW_TEXT: &[&str] = &[
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

/// Start tags that end SVG and MathML content: the tree builder pops the foreign elements and
/// reads the tag as HTML (WHATWG "parsing tokens in foreign content"); the headings too (see
/// [`is_heading`]). `font` only with `color`, `face` or `size`.
const BREAKOUT: &[&str] = &[
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
];

/// Start tags that end an open `p` (WHATWG "in body" rules), and the headings. Outside SVG and MathML this only
/// keeps the tokenizer's idea of the open elements right; the tokens stay as written.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "header",
    "hgroup",
    "hr",
    "li",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "plaintext",
    "pre",
    "search",
    "section",
    "summary",
    "table",
    "ul",
    "xmp",
];

/// Open elements followed at most this deep, as deep as the sanitiser keeps; deeper ones are
/// reported but not followed. The cap bounds the walk each end tag makes: 100 000 stray end
/// tags after 100 000 nested SVG elements (700 kB) tokenize in 0.2 s with 64, 0.8 s with 512
/// (0.12 s when the tokenizer followed nothing; native release build).
const MAX_OPEN: usize = 64;

/// `h1` to `h6`, which both lists above hold.
fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Namespace {
    Html,
    Svg,
    MathMl,
}

/// An open element, as much of it as the tokenizer needs to know how the next tag is read.
struct Open {
    name: String,
    namespace: Namespace,
    /// A MathML text integration point (`mi`, `mo`, `mn`, `ms`, `mtext`): start tags and text
    /// in it are HTML again, except `mglyph` and `malignmark`.
    text_point: bool,
    /// An HTML integration point (SVG `foreignObject`, `desc`, `title`; MathML `annotation-xml`
    /// with an HTML encoding): start tags and text in it are HTML again.
    html_point: bool,
    /// Bounds the scope of HTML end tags and of a `p` to close: the integration points, and
    /// `annotation-xml` whatever its encoding.
    boundary: bool,
    /// Bounds the scope of a `p` to close ("button scope").
    p_boundary: bool,
}

impl Open {
    fn new(name: &str, namespace: Namespace, attrs: &[(String, String)]) -> Self {
        let html_encoding = || {
            attrs.iter().any(|(n, v)| {
                n == "encoding"
                    && (v.eq_ignore_ascii_case("text/html")
                        || v.eq_ignore_ascii_case("application/xhtml+xml"))
            })
        };
        let text_point =
            namespace == Namespace::MathMl && matches!(name, "mi" | "mo" | "mn" | "ms" | "mtext");
        let annotation = namespace == Namespace::MathMl && name == "annotation-xml";
        let svg_point =
            namespace == Namespace::Svg && matches!(name, "foreignobject" | "desc" | "title");
        let boundary = text_point || svg_point || annotation;
        Open {
            name: name.to_string(),
            namespace,
            text_point,
            html_point: svg_point || (annotation && html_encoding()),
            boundary,
            p_boundary: boundary
                || (namespace == Namespace::Html
                    && matches!(
                        name,
                        "applet"
                            | "caption"
                            | "html"
                            | "table"
                            | "td"
                            | "th"
                            | "marquee"
                            | "object"
                            | "template"
                            | "button"
                    )),
        }
    }

    fn integration_point(&self) -> bool {
        self.text_point || self.html_point
    }

    fn is_html(&self, name: &str) -> bool {
        self.namespace == Namespace::Html && self.name == name
    }
}

/// The stack of open elements the browser's tree builder would have, kept only as far as it
/// decides how the tokenizer reads what follows: whether `<style>` starts raw text (it does in
/// HTML, not in SVG or MathML) and where SVG and MathML content ends. Inside SVG and MathML
/// every element opened is reported closed again, by its end tag or by an `End` made up where
/// the browser closes it, so a caller skipping `svg` or `math` sees where the browser's element
/// ends. Outside them the tokens are the tags as written.
#[derive(Default)]
struct Tree {
    open: Vec<Open>,
    /// How many of `open` are SVG or MathML.
    foreign: usize,
    /// How many of `open` are HTML `p`.
    paragraphs: usize,
}

impl Tree {
    fn current(&self) -> Option<&Open> {
        self.open.last()
    }

    /// The current node is SVG or MathML (an integration point included): `<![CDATA[` opens a
    /// CDATA section instead of a bogus comment.
    fn in_foreign(&self) -> bool {
        self.current()
            .is_some_and(|o| o.namespace != Namespace::Html)
    }

    fn push(&mut self, open: Open) {
        if self.open.len() < MAX_OPEN {
            self.foreign += usize::from(open.namespace != Namespace::Html);
            self.paragraphs += usize::from(open.is_html("p"));
            self.open.push(open);
        }
    }

    /// Pops the elements from `index` up, reporting each closed if `tokens` is given.
    fn pop_to(&mut self, index: usize, mut tokens: Option<&mut Vec<Token>>) {
        for open in self.open.drain(index..).rev() {
            self.foreign -= usize::from(open.namespace != Namespace::Html);
            self.paragraphs -= usize::from(open.is_html("p"));
            if let Some(tokens) = tokens.as_deref_mut() {
                tokens.push(Token::End(open.name));
            }
        }
    }

    /// Pops SVG and MathML elements down to an HTML element or an integration point.
    fn pop_foreign(&mut self, tokens: &mut Vec<Token>) {
        let keep = self
            .open
            .iter()
            .rposition(|o| o.namespace == Namespace::Html || o.integration_point())
            .map_or(0, |i| i + 1);
        self.pop_to(keep, Some(tokens));
    }

    /// Reports a start tag and reads past the raw text of the element it opens, if any.
    fn start<'a>(
        &mut self,
        name: String,
        attrs: Vec<(String, String)>,
        self_closing: bool,
        rest: &'a str,
        tokens: &mut Vec<Token>,
    ) -> &'a str {
        let foreign_rules = self.current().is_some_and(|o| {
            o.namespace != Namespace::Html
                && !(o.text_point && name != "mglyph" && name != "malignmark")
                && !o.html_point
                && !(o.namespace == Namespace::MathMl
                    && o.name == "annotation-xml"
                    && name == "svg")
        });
        if foreign_rules {
            let breakout = BREAKOUT.contains(&name.as_str())
                || is_heading(&name)
                || (name == "font"
                    && attrs
                        .iter()
                        .any(|(n, _)| matches!(n.as_str(), "color" | "face" | "size")));
            if !breakout {
                let namespace = self.current().map_or(Namespace::Html, |o| o.namespace);
                return self.foreign_element(name, attrs, namespace, self_closing, rest, tokens);
            }
            self.pop_foreign(tokens);
        }
        if CLOSES_P.contains(&name.as_str()) || is_heading(&name) {
            self.close_p(tokens);
        }
        match name.as_str() {
            "svg" => self.foreign_element(name, attrs, Namespace::Svg, self_closing, rest, tokens),
            "math" => {
                self.foreign_element(name, attrs, Namespace::MathMl, self_closing, rest, tokens)
            }
            raw if RAW_TEXT.contains(&raw) => {
                let rest = skip_raw_text(raw, rest);
                // The raw content never becomes markup; the element's end is still reported so
                // the caller sees a balanced pair.
                tokens.push(Token::Start {
                    name: name.clone(),
                    attrs,
                });
                tokens.push(Token::End(name));
                rest
            }
            void if VOID.contains(&void) => {
                tokens.push(Token::Start { name, attrs });
                rest
            }
            _ => {
                self.push(Open::new(&name, Namespace::Html, &[]));
                tokens.push(Token::Start { name, attrs });
                rest
            }
        }
    }

    /// An SVG or MathML element: its content is markup whatever its name; `/>` closes it.
    fn foreign_element<'a>(
        &mut self,
        name: String,
        attrs: Vec<(String, String)>,
        namespace: Namespace,
        self_closing: bool,
        rest: &'a str,
        tokens: &mut Vec<Token>,
    ) -> &'a str {
        if self_closing {
            tokens.push(Token::Start {
                name: name.clone(),
                attrs,
            });
            tokens.push(Token::End(name));
        } else {
            self.push(Open::new(&name, namespace, &attrs));
            tokens.push(Token::Start { name, attrs });
        }
        rest
    }

    /// Reports an end tag, or the ends of the elements the browser closes for it.
    fn end(&mut self, name: String, tokens: &mut Vec<Token>) {
        if !self.in_foreign() {
            return self.html_end(name, tokens);
        }
        if name == "p" || name == "br" {
            self.pop_foreign(tokens);
            return self.html_end(name, tokens);
        }
        // SVG and MathML elements close by name, case-insensitively; the search stops at the
        // first HTML element, which reads the tag as HTML.
        for i in (0..self.open.len()).rev() {
            if self.open[i].name == name {
                return self.pop_to(i, Some(tokens));
            }
            if i > 0 && self.open[i - 1].namespace == Namespace::Html {
                break;
            }
        }
        self.html_end(name, tokens)
    }

    /// An end tag read as HTML. With no SVG or MathML open it is reported as written. Otherwise
    /// it closes the nearest open HTML element of its name, with everything opened since (an
    /// `<svg>` inside that element included), unless an integration point comes first: HTML
    /// end tags do not reach out of one. Tags that close nothing are dropped there.
    fn html_end(&mut self, name: String, tokens: &mut Vec<Token>) {
        if self.foreign == 0 {
            if let Some(i) = self.open.iter().rposition(|o| o.name == name) {
                self.pop_to(i, None);
            }
            tokens.push(Token::End(name));
            return;
        }
        for i in (0..self.open.len()).rev() {
            let open = &self.open[i];
            if open.is_html(&name) {
                return self.pop_to(i, Some(tokens));
            }
            if open.boundary {
                return;
            }
        }
    }

    /// An open `p` ends where a block starts (WHATWG "close a p element"), unless a table cell,
    /// a button or an integration point lies between.
    fn close_p(&mut self, tokens: &mut Vec<Token>) {
        if self.paragraphs == 0 {
            return;
        }
        let Some(i) = self
            .open
            .iter()
            .rposition(|o| o.p_boundary || o.is_html("p"))
        else {
            return;
        };
        if self.open[i].is_html("p") {
            let report = self.foreign > 0;
            self.pop_to(i, report.then_some(tokens));
        }
    }
}

pub fn tokenize(input: &str) -> Vec<Token> {
    tokens(input, Attributes::All)
}

/// Which attributes a start tag's token carries.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Attributes {
    All,
    /// Only those the tree's rules read (`font`'s and `annotation-xml`'s): for the text of a
    /// page, which reads no attribute. Each other attribute is still read through, so the tag
    /// ends where it ends, but its name and value make no string: in a written page, where
    /// nearly every tag has a class and many an `aria-` or `data-` attribute, those strings were
    /// most of what reading its text allocated.
    ForTheTree,
}

fn tokens(input: &str, attributes: Attributes) -> Vec<Token> {
    let mut tree = Tree::default();
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
        } else if let Some(cdata) = after.strip_prefix("![CDATA[").filter(|_| tree.in_foreign()) {
            // In SVG and MathML a CDATA section is literal text up to `]]>`.
            flush_text(&mut text, &mut tokens);
            let end = cdata.find("]]>");
            let body = &cdata[..end.unwrap_or(cdata.len())];
            if !body.is_empty() {
                tokens.push(Token::Text(body.replace('\0', "\u{FFFD}")));
            }
            rest = end.map_or("", |i| &cdata[i + 3..]);
        } else if matches!(first, Some('!' | '?')) {
            // Bogus comment (`<!doctype>`, `<?xml?>`): the browser drops it up to `>`.
            rest = after.find('>').map_or("", |i| &after[i + 1..]);
        } else if let Some(end) = after.strip_prefix('/') {
            if starts_with_letter(end) {
                let Some((name, _, _, remaining)) = read_tag(end, Attributes::ForTheTree) else {
                    break; // A tag cut off by the end of input is dropped, as browsers do.
                };
                flush_text(&mut text, &mut tokens);
                tree.end(name, &mut tokens);
                rest = remaining;
            } else if end.is_empty() {
                text.push_str("</");
                rest = end;
            } else {
                // `</>` is dropped; `</` before anything else but a letter (`<// x>`, `</ x>`)
                // starts a bogus comment, dropped up to `>`.
                rest = end.find('>').map_or("", |i| &end[i + 1..]);
            }
        } else if starts_with_letter(after) {
            let Some((name, attrs, self_closing, remaining)) = read_tag(after, attributes) else {
                break;
            };
            flush_text(&mut text, &mut tokens);
            rest = tree.start(name, attrs, self_closing, remaining, &mut tokens);
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
    // One pass, from each `--`: a search for `--!>` on its own, which no written page has, read
    // the whole rest of the page at every comment (2.3% of a 10k build's samples, in
    // build.rs's 简/繁 count). No ending that starts later can end before the first one found.
    let mut from = 0;
    while let Some(i) = body[from..].find("--").map(|i| from + i) {
        let after = &body[i + 2..];
        if let Some(rest) = after.strip_prefix('>').or_else(|| after.strip_prefix("!>")) {
            return rest;
        }
        from = i + 1;
    }
    ""
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
fn read_tag(s: &str, attributes: Attributes) -> Option<Tag<'_>> {
    let name_end = s
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(s.len());
    let mut name = s[..name_end].to_ascii_lowercase();
    if name.contains('\0') {
        name = name.replace('\0', "\u{FFFD}");
    }
    let keep = attributes == Attributes::All || name == "font" || name == "annotation-xml";
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
        let raw_name = &rest[..name_len];
        rest = rest[name_len..].trim_start_matches(|c: char| c.is_ascii_whitespace());
        let mut raw_value = "";
        if let Some(after_eq) = rest.strip_prefix('=') {
            let after_eq = after_eq.trim_start_matches(|c: char| c.is_ascii_whitespace());
            match after_eq.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after_eq[1..];
                    let close = body.find(q)?;
                    raw_value = &body[..close];
                    rest = &body[close + 1..];
                }
                _ => {
                    let end = after_eq
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .unwrap_or(after_eq.len());
                    raw_value = &after_eq[..end];
                    rest = &after_eq[end..];
                }
            }
        }
        if !keep {
            continue;
        }
        let attr_name = raw_name.to_ascii_lowercase();
        // The first of duplicate attributes wins, as in the browser.
        if !attrs.iter().any(|(n, _)| *n == attr_name) {
            attrs.push((attr_name, decode_entities(raw_value, true)));
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
    escape(s, out, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        _ => None,
    });
}

/// Escapes text for use inside a double-quoted attribute value.
pub fn escape_attr(s: &str, out: &mut String) {
    escape(s, out, |b| match b {
        b'&' => Some("&amp;"),
        b'"' => Some("&quot;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        _ => None,
    });
}

/// Copies `s` to `out` a run at a time between the bytes `entity` replaces. Those are ASCII,
/// which no byte of a multi-byte UTF-8 character is, so a cut is always between characters.
/// Pushing each character on its own was 6% of a publisher build's instructions (callgrind):
/// most of a page's text is Han characters, three bytes each, decoded and encoded again.
fn escape(s: &str, out: &mut String, entity: impl Fn(u8) -> Option<&'static str>) {
    let mut from = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if let Some(replacement) = entity(b) {
            out.push_str(&s[from..i]);
            out.push_str(replacement);
            from = i + 1;
        }
    }
    out.push_str(&s[from..]);
}

/// The text of an HTML fragment, without tags, the content of raw-text elements or SVG and
/// MathML (which the sanitiser drops: their text would be CSS, script or formulas out of
/// context), with runs of white space folded to one space.
pub fn text_content(html: &str) -> String {
    fold_whitespace(&text_unfolded(html))
}

/// [`text_content`] before its white space is folded: a space where a block starts or ends, and
/// the text's own white space as written, ends included. The publisher's 简/繁 count reads a
/// page in parts with it and needs to see whether two parts' text touch where they meet.
pub fn text_unfolded(html: &str) -> String {
    let mut out = String::new();
    let mut foreign = 0usize;
    for token in tokens(html, Attributes::ForTheTree) {
        match token {
            Token::Start { name, .. } if name == "svg" || name == "math" => foreign += 1,
            Token::End(name) if name == "svg" || name == "math" => {
                foreign = foreign.saturating_sub(1)
            }
            _ if foreign > 0 => {}
            Token::Text(t) => out.push_str(&t),
            Token::Start { name, .. } | Token::End(name) if is_block(&name) => out.push(' '),
            _ => {}
        }
    }
    out
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

    /// Tokens in short: `name` for a start tag, `/name` for an end, `'text'` for text.
    fn shape(html: &str) -> String {
        tokenize(html)
            .into_iter()
            .map(|t| match t {
                Token::Start { name, .. } => name,
                Token::End(name) => format!("/{name}"),
                Token::Text(text) => format!("'{text}'"),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    // The expectations below are the trees headless Chromium 156 builds from the same markup
    // (`innerHTML` on a `div`), read as tokens.

    #[test]
    fn raw_text_names_in_svg_and_mathml_are_markup() {
        // `<style>` in SVG or MathML is a foreign element whose content is markup; `<img>` and
        // `<p>` end the SVG or MathML, so the text after them is body text.
        assert_eq!(
            shape("<svg><style><img src=x>a"),
            "svg style /style /svg img 'a'"
        );
        assert_eq!(
            shape("<math><style>a</style><p>b"),
            "math style 'a' /style /math p 'b'"
        );
        assert_eq!(
            shape("<svg><title><script>x</script></title><p>y"),
            "svg title script /script /title /svg p 'y'"
        );
        // DOMPurify's #200: `<p>` ends the SVG, so this `<style>` is HTML raw text again.
        assert_eq!(
            shape("<svg><p><style><g title=\"</style><img src=x>\">"),
            "svg /svg p style /style img '\">' ".trim_end()
        );
    }

    #[test]
    fn integration_points_read_html_again() {
        for point in [
            "<svg><desc>",
            "<svg><foreignObject>",
            "<svg><title>",
            "<math><mi>",
            "<math><mtext>",
            "<math><annotation-xml encoding=\"text/html\">",
        ] {
            let html = format!("{point}<style><p>hidden</style>shown");
            let tokens = shape(&html);
            assert!(tokens.contains("style /style 'shown'"), "{html}: {tokens}");
        }
        // Without an HTML encoding annotation-xml is not one: `<style>` is MathML and `<p>`
        // ends the MathML.
        assert_eq!(
            shape("<math><annotation-xml><style><p>x"),
            "math annotation-xml style /style /annotation-xml /math p 'x'"
        );
        // `mglyph` in a text integration point stays MathML, so its `<style>` is no raw text.
        assert_eq!(
            shape("<math><mtext><mglyph><style><p>x"),
            "math mtext mglyph style /style /mglyph p 'x'"
        );
        // Under an HTML `<table>` it is an HTML element, and `<style>` HTML raw text: the
        // shape of issue 14's payload, where the browser keeps the rest as unseen CSS.
        assert_eq!(
            shape("<math><mtext><table><mglyph><style><img src=x><p>正文结束</p>"),
            "math mtext table mglyph style /style"
        );
    }

    #[test]
    fn svg_and_mathml_end_where_the_browser_ends_them() {
        for (input, expected) in [
            ("<div><svg><g></div>after", "div svg g /g /svg /div 'after'"),
            ("<svg></p>x", "svg /svg /p 'x'"),
            ("<svg><g/><p>x", "svg g /g /svg p 'x'"),
            ("<svg/>x", "svg /svg 'x'"),
            ("<svg><font>x", "svg font 'x'"),
            ("<svg><font size=2>x", "svg /svg font 'x'"),
            // End tags that close nothing in the browser close nothing here.
            ("<svg></span>x", "svg 'x'"),
            // HTML end tags do not reach out of an integration point.
            ("<svg><desc><b>x</svg>y", "svg desc b 'x' 'y'"),
            // A `p` closes at the next block, so the `</svg>` below finds the SVG open.
            (
                "<svg><desc><p>a<p>b</p>c</svg>d",
                "svg desc p 'a' /p p 'b' /p 'c' /desc /svg 'd'",
            ),
            // CDATA sections exist in SVG and MathML only.
            ("<svg><![CDATA[<p>]]></svg>x", "svg '<p>' /svg 'x'"),
            ("a<![CDATA[b>c]]>", "'ac]]>'"),
        ] {
            assert_eq!(shape(input), expected, "{input}");
        }
    }

    /// Pieces of markup that the tree's rules and the attributes' reading turn on.
    const PIECES: &[&str] = &[
        "<p class=x>",
        "</p>",
        "<div data-a='1' data-a=2>",
        "</div>",
        "<svg>",
        "</svg>",
        "<math>",
        "<mtext>",
        "<annotation-xml encoding=\"text/html\">",
        "<annotation-xml encoding=TEXT/HTML>",
        "<annotation-xml>",
        "<desc>",
        "<font size=2>",
        "<font color=\"red\">",
        "<font>",
        "<style>",
        "</style>",
        "<b title=\"a>b\">",
        "<i title='x",
        "<a href=\"?a=1&amp;b=2\" >",
        "<img src=x/>",
        "<br/>",
        "<table>",
        "<!-- c -->",
        "<![CDATA[x]]>",
        "正文",
        "a &amp; b",
        " ",
        "<",
        ">",
        "\"",
        "=",
    ];

    proptest::proptest! {
        /// Text and attribute values escape as each character replaced on its own would.
        #[test]
        fn escaping_replaces_each_special_character(text in "[a&<>\"'中文 é😀]{0,40}") {
            let one_by_one = |special: &[(char, &str)]| -> String {
                text.chars()
                    .map(|c| {
                        special
                            .iter()
                            .find(|(s, _)| *s == c)
                            .map_or_else(|| c.to_string(), |(_, e)| e.to_string())
                    })
                    .collect()
            };
            let mut out = String::from("x");
            escape_text(&text, &mut out);
            proptest::prop_assert_eq!(
                &out[1..],
                one_by_one(&[('&', "&amp;"), ('<', "&lt;"), ('>', "&gt;")])
            );
            let mut out = String::new();
            escape_attr(&text, &mut out);
            proptest::prop_assert_eq!(
                out,
                one_by_one(&[('&', "&amp;"), ('"', "&quot;"), ('<', "&lt;"), ('>', "&gt;")])
            );
        }

        /// Reading a page for its text only, the tokens are the same, with the attributes the
        /// tree's rules read and no other.
        #[test]
        fn tokens_for_the_text_are_the_tokens_less_their_attributes(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..24)
        ) {
            let html: String = pieces.concat();
            let whole: Vec<Token> = tokenize(&html)
                .into_iter()
                .map(|token| match token {
                    Token::Start { name, attrs } => {
                        let attrs = if name == "font" || name == "annotation-xml" {
                            attrs
                        } else {
                            Vec::new()
                        };
                        Token::Start { name, attrs }
                    }
                    other => other,
                })
                .collect();
            proptest::prop_assert_eq!(tokens(&html, Attributes::ForTheTree), whole, "{}", html);
        }

        /// The one-pass search ends a comment where the two searches it replaced did.
        #[test]
        fn a_comment_ends_at_the_first_of_its_two_endings(body in "[-!>x]{0,24}") {
            // Not the empty comments `<!-->` and `<!--->`, which end at once.
            proptest::prop_assume!(!body.starts_with('>') && !body.starts_with("->"));
            let ends = [body.find("-->").map(|i| i + 3), body.find("--!>").map(|i| i + 4)];
            let two_searches = ends.into_iter().flatten().min().map_or("", |i| &body[i..]);
            proptest::prop_assert_eq!(skip_comment(&body), two_searches);
        }
    }

    #[test]
    fn comments_and_bogus_markup_vanish() {
        assert_eq!(
            text_content("a<!-- <script>x</script> -->b<!---->c<!-->d<?xml x?>e<!doctype html>f"),
            "abcdef"
        );
        assert_eq!(text_content("a<!-- never closed <b>"), "a");
        // A comment ends at the first `-->` or `--!>`, whichever comes first; dashes alone do not
        // end it.
        assert_eq!(text_content("a<!-- x --!> b -->c"), "a b -->c");
        assert_eq!(text_content("a<!-- - -- --- x --->b--!>c"), "ab--!>c");
        assert_eq!(text_content("a<!--x--!-->b"), "ab");
        // `</` before anything but a letter opens a bogus comment up to `>` (DOMPurify's #129
        // and #146).
        assert_eq!(
            text_content("a<// style=x:expression(1)>b</ x=\"><i>\">c</3>d"),
            "ab\">cd"
        );
        assert_eq!(text_content("a</>b</"), "ab</");
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
        // SVG and MathML are dropped by the sanitiser; their CSS and labels are no teaser.
        assert_eq!(
            text_content("<p>a</p><svg><style>p{}</style><text>b</text></svg><math><mi>c</mi></math><p>d</p>"),
            "a d"
        );
    }
}
