//! The sanitiser for untrusted `content_html`. It re-builds the fragment from the tokenizer's
//! output on an allow-list and serialises it canonically: every element it emits is one it
//! knows, every attribute value is checked and escaped, every text run is escaped, and every
//! element is closed. Whatever the input looked like, the browser parses the output into exactly
//! the elements and attributes written here, so there is no parser disagreement to exploit.

use crate::html::{escape_attr, escape_text, tokenize, Token, VOID};
use crate::model::url::{safe_url, IMAGE_SCHEMES, LINK_SCHEMES};

/// Where the fragment comes from and where it will be shown.
#[derive(Clone, Copy, Debug)]
pub struct Origin<'a> {
    /// Absolute URL that relative `href` and `src` values are resolved against.
    pub base: &'a str,
    /// Absolute URL prefix of the portal itself: links under it stay in the portal's tab.
    pub site: &'a str,
}

/// Elements kept, with their attributes checked.
const ALLOWED: &[&str] = &[
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "code",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "figure",
    "figcaption",
    "img",
    "a",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "del",
    "ins",
    "sub",
    "sup",
    "small",
    "mark",
    "span",
    "div",
    "abbr",
    "cite",
    "q",
    "time",
    "kbd",
    "samp",
    "var",
];

/// Elements dropped together with everything inside them. Not `frameset` or `head`: in a
/// fragment the browser ignores those tags and reads what follows as body text (Chromium keeps
/// the text after `<div><frameset>` of DOMPurify's payload #88).
pub const DROPPED_WITH_CONTENT: &[&str] = &[
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "applet",
    "template",
    "svg",
    "math",
    "select",
    "textarea",
    "title",
    "xmp",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
    "audio",
    "video",
    "canvas",
    "map",
    "button",
    "datalist",
    "option",
];

/// Deeper nesting than this is flattened: no article needs it, and it would only cost layout.
const MAX_DEPTH: usize = 64;

/// Attributes where lazy-loading scripts in exported feeds keep the real picture.
const LAZY_SRC: &[&str] = &["data-src", "data-original", "data-lazy-src"];

pub fn sanitize(html: &str, origin: Origin<'_>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut open: Vec<&'static str> = Vec::new();
    let mut skipping: Option<(String, usize)> = None;
    for token in tokenize(html) {
        if let Some((skipped, depth)) = &mut skipping {
            match &token {
                Token::Start { name, .. } if name == skipped => *depth += 1,
                Token::End(name) if name == skipped => {
                    *depth -= 1;
                    if *depth == 0 {
                        skipping = None;
                    }
                }
                _ => {}
            }
            continue;
        }
        match token {
            Token::Text(text) => escape_text(&text, &mut out),
            Token::Start { name, attrs } => {
                if DROPPED_WITH_CONTENT.contains(&name.as_str()) {
                    if !VOID.contains(&name.as_str()) {
                        skipping = Some((name, 1));
                    }
                    continue;
                }
                let name = if name == "h1" { "h2".to_string() } else { name };
                let Some(tag) = ALLOWED.iter().copied().find(|t| *t == name) else {
                    continue;
                };
                if open.len() >= MAX_DEPTH {
                    continue;
                }
                if tag == "a" {
                    // Links do not nest: an open one ends where a new one starts.
                    if let Some(i) = open.iter().rposition(|t| *t == "a") {
                        close_from(&mut open, i, &mut out);
                    }
                }
                if write_start(tag, &attrs, origin, &mut out) && !VOID.contains(&tag) {
                    open.push(tag);
                }
            }
            Token::End(name) => {
                let name = if name == "h1" { "h2" } else { name.as_str() };
                if let Some(i) = open.iter().rposition(|t| *t == name) {
                    close_from(&mut open, i, &mut out);
                }
            }
        }
    }
    close_from(&mut open, 0, &mut out);
    out
}

fn close_from(open: &mut Vec<&'static str>, index: usize, out: &mut String) {
    for tag in open.drain(index..).rev() {
        out.push_str("</");
        out.push_str(tag);
        out.push('>');
    }
}

/// Writes the start tag with its allowed attributes; false when the element is dropped.
fn write_start(
    tag: &str,
    attrs: &[(String, String)],
    origin: Origin<'_>,
    out: &mut String,
) -> bool {
    let attr = |name: &str| {
        attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let mut kept: Vec<(&str, String)> = Vec::new();
    match tag {
        "img" => {
            let source = LAZY_SRC
                .iter()
                .find_map(|a| attr(a))
                .or_else(|| attr("src"));
            let Some(src) = source.and_then(|s| safe_url(s, origin.base, IMAGE_SCHEMES)) else {
                return false;
            };
            kept.push(("src", src));
            kept.push(("alt", attr("alt").unwrap_or("").to_string()));
            for dimension in ["width", "height"] {
                if let Some(v) = attr(dimension).filter(|v| is_small_number(v)) {
                    kept.push((dimension, v.to_string()));
                }
            }
            kept.push(("loading", "lazy".into()));
            kept.push(("decoding", "async".into()));
        }
        "a" => {
            if let Some(href) = attr("href").and_then(|h| safe_url(h, origin.base, LINK_SCHEMES)) {
                let leaves_site = !href.starts_with(origin.site);
                kept.push(("href", href));
                if leaves_site {
                    kept.push(("rel", "noopener noreferrer".into()));
                    kept.push(("target", "_blank".into()));
                }
            }
        }
        "td" | "th" => {
            for span in ["colspan", "rowspan"] {
                if let Some(v) = attr(span).filter(|v| is_small_number(v)) {
                    kept.push((span, v.to_string()));
                }
            }
        }
        "ol" => {
            if let Some(v) = attr("start").filter(|v| is_small_number(v)) {
                kept.push(("start", v.to_string()));
            }
        }
        "time" => {
            if let Some(v) = attr("datetime") {
                kept.push(("datetime", v.to_string()));
            }
        }
        _ => {}
    }
    if let Some(title) = attr("title") {
        kept.push(("title", title.to_string()));
    }
    out.push('<');
    out.push_str(tag);
    for (name, value) in kept {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        escape_attr(&value, out);
        out.push('"');
    }
    out.push('>');
    true
}

fn is_small_number(v: &str) -> bool {
    (1..=4).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: Origin<'static> = Origin {
        base: "https://blog.example/posts/a.html",
        site: "http://portal.test/",
    };

    fn clean(html: &str) -> String {
        sanitize(html, ORIGIN)
    }

    #[test]
    fn keeps_article_markup() {
        assert_eq!(
            clean("<h2>小标题</h2><p>正文<strong>加粗</strong><br>换行</p><ul><li>一</li></ul>"),
            "<h2>小标题</h2><p>正文<strong>加粗</strong><br>换行</p><ul><li>一</li></ul>"
        );
        assert_eq!(clean("<h1 id=x>大标题</h1>"), "<h2>大标题</h2>");
        assert_eq!(
            clean("<table><tr><td colspan=2 rowspan=x>a</td></tr></table>"),
            "<table><tr><td colspan=\"2\">a</td></tr></table>"
        );
    }

    #[test]
    fn drops_scripts_styles_and_handlers() {
        assert_eq!(clean("a<script>alert(1)</script>b"), "ab");
        assert_eq!(
            clean("<p onclick=\"alert(1)\" style=\"color:red\" class=c>x</p>"),
            "<p>x</p>"
        );
        assert_eq!(clean("<style>*{display:none}</style><p>x</p>"), "<p>x</p>");
        assert_eq!(
            clean("<svg><script>alert(1)</script><svg></svg></svg>ok"),
            "ok"
        );
        assert_eq!(
            clean("<iframe src=x></iframe><object data=x><p>in</p></object>ok"),
            "ok"
        );
        assert_eq!(
            clean("<base href=//evil.test><meta http-equiv=refresh content=0>ok"),
            "ok"
        );
        assert_eq!(clean("<form action=x><input name=a>text</form>"), "text");
        assert_eq!(
            clean("<math><mi xlink:href=javascript:alert(1)>x</mi></math>ok"),
            "ok"
        );
    }

    #[test]
    fn checks_urls() {
        assert_eq!(clean("<a href=\"javascript:alert(1)\">x</a>"), "<a>x</a>");
        assert_eq!(
            clean("<a href=\"jav&#x09;ascript:alert(1)\">x</a>"),
            "<a>x</a>"
        );
        assert_eq!(
            clean("<a href=\"&#106;avascript:alert(1)\">x</a>"),
            "<a>x</a>"
        );
        assert_eq!(clean("<img src=x onerror=alert(1)>"), "<img src=\"https://blog.example/posts/x\" alt=\"\" loading=\"lazy\" decoding=\"async\">");
        assert_eq!(
            clean("<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">"),
            ""
        );
        assert_eq!(
            clean("<a href=\"/about\">a</a>"),
            "<a href=\"https://blog.example/about\" rel=\"noopener noreferrer\" target=\"_blank\">a</a>"
        );
        assert_eq!(
            sanitize(
                "<a href=\"/article/x\">a</a>",
                Origin {
                    base: "http://portal.test/content/feed.json",
                    site: "http://portal.test/"
                }
            ),
            "<a href=\"http://portal.test/article/x\">a</a>"
        );
    }

    #[test]
    fn lazy_images_get_their_picture() {
        assert_eq!(
            clean("<img src=\"/img/loading.gif\" data-src=\"https://cdn.test/real.png\" alt=\"图\" width=\"640\">"),
            "<img src=\"https://cdn.test/real.png\" alt=\"图\" width=\"640\" loading=\"lazy\" decoding=\"async\">"
        );
    }

    #[test]
    fn output_is_balanced_and_escaped() {
        assert_eq!(clean("<p><b>unclosed"), "<p><b>unclosed</b></p>");
        assert_eq!(clean("</div></p>x"), "x");
        assert_eq!(clean("<a href=x>1<a href=y>2</a>"), "<a href=\"https://blog.example/posts/x\" rel=\"noopener noreferrer\" target=\"_blank\">1</a><a href=\"https://blog.example/posts/y\" rel=\"noopener noreferrer\" target=\"_blank\">2</a>");
        assert_eq!(
            clean("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            clean("<p title='\"><script>x</script>'>t</p>"),
            "<p title=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">t</p>"
        );
        assert_eq!(
            clean(&"<div>".repeat(200)).matches("<div>").count(),
            MAX_DEPTH
        );
    }

    #[test]
    fn text_after_svg_and_mathml_is_kept_where_the_browser_shows_it() {
        const IMG: &str = "<img src=\"https://blog.example/posts/x\" alt=\"\" loading=\"lazy\" decoding=\"async\">";
        // Issue 14's payload. Under the HTML `<table>`, `<mglyph>` is an HTML element and
        // `<style>` HTML raw text to the end: Chromium keeps `<img ...><p>正文结束</p>` as CSS
        // text nobody sees, and DOMPurify (its #207) drops it. Nothing is lost that a reader
        // would have seen, and nothing runs.
        assert_eq!(
            clean("<p>正文开始</p><math><mtext><table><mglyph><style><img src=x onerror=alert(1)><p>正文结束</p>"),
            "<p>正文开始</p>"
        );
        // In SVG, and in MathML outside a text integration point, `<style>` is no raw text:
        // `<img>` ends the SVG or MathML and 正文结束 is body text.
        for root in ["<svg>", "<math>", "<svg><g>"] {
            assert_eq!(
                clean(&format!(
                    "<p>正文开始</p>{root}<style><img src=x onerror=alert(1)><p>正文结束</p>"
                )),
                format!("<p>正文开始</p>{IMG}<p>正文结束</p>")
            );
        }
        // DOMPurify's #200: `<p>` ends the SVG; the `<style>` after it is HTML raw text.
        assert_eq!(
            clean("<svg><p><style><g title=\"</style><img src=x onerror=alert(1)>\">"),
            format!("<p>{IMG}\"&gt;</p>")
        );
        assert_eq!(clean("<div><svg><g></div>后文"), "<div></div>后文");
        assert_eq!(clean("<svg><desc><p>a<p>b</p></desc></svg>后文"), "后文");
        // Text inside MathML's text integration points is MathML's, dropped by design.
        assert_eq!(
            clean(
                "<math><mtext><mglyph><style><img src=x onerror=alert(1)><p>公式内</p></math>后文"
            ),
            "后文"
        );
    }

    #[test]
    fn tags_the_browser_ignores_in_a_fragment_keep_their_text() {
        // Chromium drops `<frameset>` and `<head>` inside a body and keeps what follows.
        assert_eq!(
            clean("<div><frameset onload=alert(1)>正文</div>"),
            "<div>正文</div>"
        );
        assert_eq!(
            clean("<head><title>t</title><style>p{}</style>正文"),
            "正文"
        );
    }

    #[test]
    fn mutation_xss_shapes_stay_inert() {
        // Each of these has fooled sanitisers whose output the browser re-parsed differently.
        for payload in [
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
            "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">",
            "<math><mtext><table><mglyph><style><!--</style><img title=\"--&gt;&lt;img src=1 onerror=alert(1)&gt;\">",
            "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
            "<!--><img src=x onerror=alert(1)>-->",
            "<textarea></textarea><img src=x onerror=alert(1)>",
            "<xmp></xmp><img src=x onerror=alert(1)>",
        ] {
            let out = clean(payload);
            assert!(!out.contains("onerror"), "{payload} -> {out}");
            assert!(!out.contains("<style") && !out.contains("<svg") && !out.contains("<script"), "{out}");
        }
    }
}
