//! The part of the app's stylesheet a written page needs for its first paint, which the page
//! carries inline ([`crate::prerender::Shell`]) so that nothing but the HTML stands before it.
//!
//! The stylesheet (style/main.css, copied into the build by Trunk under a hashed name) says
//! which rules those are: each run of critical rules sits between a `/* critical */` and a
//! `/* /critical */` comment, in place. Marking in place, rather than moving the rules to a
//! section of their own or choosing them by the selectors the pages use, keeps the cascade: the
//! inline rules come in the stylesheet's order, and when the whole stylesheet arrives every
//! inline rule is still there, at the same rank, so no box a critical rule placed can move
//! (tests/e2e/published.test.mjs compares the first screen before and after it). Whoever adds a
//! rule sees at once whether it is inside a marked run; a rule left outside one only comes later.
//!
//! The selection is lightly minified (comments out, runs of white space made one) and hashed:
//! the page's own Content-Security-Policy names that hash in `style-src`, so only this block of
//! this release runs (docs/serving.md).

use crate::Error;

/// Opens a run of critical rules in the stylesheet.
pub const OPEN_MARK: &str = "/* critical */";
/// Closes a run of critical rules.
pub const CLOSE_MARK: &str = "/* /critical */";

/// The critical rules of `stylesheet` (named `file` in errors), minified, ready for a `<style>`.
pub fn select(stylesheet: &str, file: &str) -> Result<String, Error> {
    let problem = |problem: String| Error::Shell {
        file: file.to_string(),
        problem,
    };
    let mut selected = String::new();
    let mut rest = stylesheet;
    while let Some(open) = rest.find(OPEN_MARK) {
        let after_open = &rest[open + OPEN_MARK.len()..];
        let close = after_open.find(CLOSE_MARK).ok_or_else(|| {
            problem(format!(
                "has a {OPEN_MARK} with no {CLOSE_MARK} after it (style/main.css)"
            ))
        })?;
        let run = &after_open[..close];
        if run.contains(OPEN_MARK) {
            return Err(problem(format!(
                "has a {OPEN_MARK} inside a critical run: close each run with {CLOSE_MARK} (style/main.css)"
            )));
        }
        selected.push_str(run);
        selected.push('\n');
        rest = &after_open[close + CLOSE_MARK.len()..];
    }
    if rest.contains(CLOSE_MARK) {
        return Err(problem(format!(
            "has a {CLOSE_MARK} with no {OPEN_MARK} before it (style/main.css)"
        )));
    }
    if selected.is_empty() {
        return Err(problem(format!(
            "marks no critical rules ({OPEN_MARK} … {CLOSE_MARK}): a written page would paint unstyled \
             until the whole stylesheet came; is it the stylesheet of trunk build --release?"
        )));
    }
    let css = minified(&selected);
    // The block goes into HTML as raw text: this is the only sequence that could end it early.
    if css.to_ascii_lowercase().contains("</style") {
        return Err(problem(
            "has \"</style\" in its critical rules, which would end the page's <style> block"
                .into(),
        ));
    }
    Ok(css)
}

/// The `style-src` source that allows exactly `css` as the text of a `<style>` block.
pub fn hash_source(css: &str) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(css.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// `css` without comments, with each run of white space made one space and none beside the
/// punctuation that needs none, and no `;` before a `}`. Strings are kept as written. On the
/// critical runs of style/main.css (2026-12-06) it takes 9,758 bytes to 8,122, on every page.
fn minified(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for inside in chars.by_ref() {
                    if last == '*' && inside == '/' {
                        break;
                    }
                    last = inside;
                }
                pending_space = true;
            }
            c if c.is_whitespace() => pending_space = true,
            '"' | '\'' => {
                push_space(&mut out, pending_space, c);
                pending_space = false;
                out.push(c);
                let mut escaped = false;
                for inside in chars.by_ref() {
                    out.push(inside);
                    if escaped {
                        escaped = false;
                    } else if inside == '\\' {
                        escaped = true;
                    } else if inside == c {
                        break;
                    }
                }
            }
            c => {
                push_space(&mut out, pending_space, c);
                pending_space = false;
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
            }
        }
    }
    out
}

/// Writes the one space a run of white space or a comment stood for before `next`, unless
/// neither side needs it (`a{`, `;b`, `,c`, the start).
fn push_space(out: &mut String, pending: bool, next: char) {
    const NO_SPACE_AROUND: &[char] = &['{', '}', ';', ',', '>'];
    if pending
        && !out.is_empty()
        && !out.ends_with(NO_SPACE_AROUND)
        && !NO_SPACE_AROUND.contains(&next)
        // `a: b` → `a:b` only after a colon: before one it may be a selector's `a :hover`.
        && !out.ends_with(':')
    {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_marked_runs_are_kept_in_their_order_and_minified() {
        let sheet = "/* head */ body { margin: 0; }\n/* critical */\n.a ,\n .b > p {\n  color: red; /* why */\n}\n/* /critical */\n.late { color: blue; }\n\
                     /* critical */ .c :focus { font-family: \"A  B\", 'C;D'; } /* /critical */";
        let css = select(sheet, "main.css").unwrap();
        assert_eq!(
            css,
            ".a,.b>p{color:red}.c :focus{font-family:\"A  B\",'C;D'}"
        );
    }

    #[test]
    fn unbalanced_or_missing_marks_are_errors_naming_the_file() {
        for sheet in [
            "a{}",
            "/* critical */ a{}",
            "a{} /* /critical */",
            "/* critical */ a{} /* critical */ b{} /* /critical */",
            "/* critical */ a{content:\"</style>\"} /* /critical */",
        ] {
            let err = select(sheet, "main-1.css").unwrap_err().to_string();
            assert!(err.starts_with("main-1.css: "), "{sheet}: {err}");
        }
    }

    #[test]
    fn the_hash_is_the_csp_source_of_the_exact_text() {
        // echo -n 'a{}' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            hash_source("a{}"),
            "'sha256-X1RutGBrXCt9KkSaXMK7tHftWiRscFHOhxsS8tv8hBk='"
        );
    }
}
