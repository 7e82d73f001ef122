//! The builder every writer writes with: HTML text, for the app's `inner_html` and the
//! publisher's files.
//!
//! Nothing a feed says can become markup: text and attribute values go through the escapers,
//! tag and attribute names are `'static` (written by us), and HTML from content only enters
//! through the allow-list sanitiser.

use crate::html::sanitize::{sanitize, Origin};
use crate::html::{escape_attr, escape_text, VOID};

/// HTML under construction. Elements are written whole: [`Markup::el`] writes the start tag,
/// lets a closure write the content and then writes the end tag, so an element cannot be left
/// open or closed twice, and [`Markup::void`] writes the elements that have no end tag.
#[derive(Default)]
pub struct Markup {
    html: String,
}

impl Markup {
    pub fn new() -> Self {
        Self::default()
    }

    /// `<tag name="value" …>` what `inside` writes `</tag>`, values escaped.
    ///
    /// Always inlined, so that each call compiles to what an open/close pair did: a generic
    /// method instantiated once per call site (80 here) would add code for each.
    #[inline(always)]
    pub fn el(
        &mut self,
        tag: &'static str,
        attributes: &[(&'static str, &str)],
        inside: impl FnOnce(&mut Self),
    ) -> &mut Self {
        debug_assert!(!VOID.contains(&tag), "<{tag}> has no content: use void()");
        self.start_tag(tag, attributes);
        inside(self);
        self.end_tag(tag);
        self
    }

    /// `<tag name="value" …>` for an element with no content and no end tag (`img`).
    pub fn void(&mut self, tag: &'static str, attributes: &[(&'static str, &str)]) -> &mut Self {
        debug_assert!(VOID.contains(&tag), "<{tag}> needs an end tag: use el()");
        self.start_tag(tag, attributes);
        self
    }

    fn start_tag(&mut self, tag: &'static str, attributes: &[(&'static str, &str)]) {
        self.html.push('<');
        self.html.push_str(tag);
        for (name, value) in attributes {
            self.html.push(' ');
            self.html.push_str(name);
            self.html.push_str("=\"");
            escape_attr(value, &mut self.html);
            self.html.push('"');
        }
        self.html.push('>');
    }

    fn end_tag(&mut self, tag: &'static str) {
        self.html.push_str("</");
        self.html.push_str(tag);
        self.html.push('>');
    }

    pub fn text(&mut self, text: &str) -> &mut Self {
        escape_text(text, &mut self.html);
        self
    }

    /// `<tag …>text</tag>`.
    pub fn element(
        &mut self,
        tag: &'static str,
        attributes: &[(&'static str, &str)],
        text: &str,
    ) -> &mut Self {
        self.el(tag, attributes, |m| {
            m.text(text);
        })
    }

    /// `<a href="…">text</a>`.
    pub fn link(&mut self, href: &str, text: &str) -> &mut Self {
        self.element("a", &[("href", href)], text)
    }

    /// HTML from content, through the sanitiser.
    pub fn sanitized(&mut self, html: &str, origin: Origin<'_>) -> &mut Self {
        self.html.push_str(&sanitize(html, origin));
        self
    }

    pub fn finish(self) -> String {
        self.html
    }
}

/// The markup `write` makes.
pub fn render(write: impl FnOnce(&mut Markup)) -> String {
    let mut m = Markup::new();
    write(&mut m);
    m.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let html = render(|m| {
            m.element(
                "p",
                &[("title", "\"><script>")],
                "<img src=x onerror=alert(1)> & more",
            );
        });
        assert_eq!(
            html,
            "<p title=\"&quot;&gt;&lt;script&gt;\">&lt;img src=x onerror=alert(1)&gt; &amp; more</p>"
        );
        crate::test_support::well_formed(&html);
    }

    #[test]
    fn elements_close_in_the_order_they_open() {
        let html = render(|m| {
            m.el("ul", &[("class", "x")], |m| {
                m.el("li", &[], |m| {
                    m.link("/a", "甲")
                        .void("img", &[("src", "p.png"), ("alt", "")]);
                });
            });
        });
        assert_eq!(
            html,
            "<ul class=\"x\"><li><a href=\"/a\">甲</a><img src=\"p.png\" alt=\"\"></li></ul>"
        );
    }

    #[test]
    fn content_html_goes_through_the_sanitiser() {
        let html = render(|m| {
            m.sanitized(
                "<p onclick=\"x()\">段落</p><script>alert(1)</script>",
                Origin {
                    base: "https://a.test/feed.json",
                    site: "https://a.test/",
                },
            );
        });
        assert_eq!(html, "<p>段落</p>");
    }
}
