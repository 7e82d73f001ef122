//! URLs from content: resolving relative ones, telling safe links from dangerous ones, and
//! turning arbitrary ids into route segments that survive the router and the address bar.

use crate::text::fnv1a;

/// Where a link from content leads, once it has been checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Link {
    /// A path inside the portal (`/channel/x`), to be prefixed by the deploy's base path.
    Internal(String),
    /// An absolute `http`, `https` or `mailto` URL of another site.
    External(String),
}

/// Reads a link from the `_portal` extension (tiles, footer links): a portal path starting with a
/// single `/`, or an absolute `http:`/`https:`/`mailto:` URL. Anything else, `javascript:` and
/// `data:` included, is refused.
pub fn portal_link(raw: &str) -> Option<Link> {
    let cleaned = strip_url_noise(raw);
    if cleaned.starts_with('/') && !cleaned.starts_with("//") && !cleaned.starts_with("/\\") {
        return Some(Link::Internal(cleaned));
    }
    match scheme_of(&cleaned) {
        Some(scheme) if matches!(scheme.as_str(), "http" | "https" | "mailto") => {
            Some(Link::External(cleaned))
        }
        _ => None,
    }
}

/// Schemes an `<a href>` from content may use.
pub const LINK_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];
/// Schemes an `<img src>` from content may use.
pub const IMAGE_SCHEMES: &[&str] = &["http", "https"];

/// Resolves `raw` against the absolute `base` and returns it if its scheme is one of `allowed`.
/// Browsers ignore tabs and newlines inside URLs and spaces around them, so `java\tscript:` is
/// `javascript:`: the check is made on the URL as the browser will read it.
pub fn safe_url(raw: &str, base: &str, allowed: &[&str]) -> Option<String> {
    let cleaned = strip_url_noise(raw);
    if cleaned.is_empty() {
        return None;
    }
    let absolute = match scheme_of(&cleaned) {
        Some(_) => cleaned,
        None => resolve(base, &cleaned),
    };
    match scheme_of(&absolute) {
        Some(scheme) if allowed.contains(&scheme.as_str()) => Some(absolute),
        _ => None,
    }
}

/// Removes what the URL parser ignores: leading and trailing C0 controls and spaces, and every
/// tab and newline.
fn strip_url_noise(raw: &str) -> String {
    raw.trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// The lower-cased scheme of an absolute URL, or `None` for a relative reference.
pub fn scheme_of(url: &str) -> Option<String> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
        .then(|| scheme.to_ascii_lowercase())
}

/// RFC 3986 reference resolution for the cases feeds contain: absolute, network-path (`//h/p`),
/// absolute-path (`/p`), query or fragment only, and relative paths with dot segments.
pub fn resolve(base: &str, reference: &str) -> String {
    if scheme_of(reference).is_some() {
        return reference.to_string();
    }
    let Some(scheme) = scheme_of(base) else {
        return reference.to_string();
    };
    if let Some(rest) = reference.strip_prefix("//") {
        return format!("{scheme}://{rest}");
    }
    let after_scheme = &base[scheme.len() + 1..];
    let (authority, base_path) = match after_scheme.strip_prefix("//") {
        Some(rest) => {
            let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            (
                format!("{}://{}", &base[..scheme.len()], &rest[..end]),
                &rest[end..],
            )
        }
        None => (base[..=scheme.len()].to_string(), after_scheme),
    };
    let base_no_fragment = base_path.split('#').next().unwrap_or("");
    let base_path_only = base_no_fragment.split('?').next().unwrap_or("");
    if reference.starts_with('#') {
        return format!("{authority}{base_no_fragment}{reference}");
    }
    if reference.starts_with('?') {
        return format!("{authority}{base_path_only}{reference}");
    }
    let (ref_path, ref_tail) = match reference.find(['?', '#']) {
        Some(i) => reference.split_at(i),
        None => (reference, ""),
    };
    let merged = if ref_path.starts_with('/') {
        ref_path.to_string()
    } else {
        let dir = base_path_only
            .rfind('/')
            .map_or("/", |i| &base_path_only[..=i]);
        format!("{dir}{ref_path}")
    };
    format!("{authority}{}{ref_tail}", remove_dot_segments(&merged))
}

fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    let joined = out.join("/");
    if joined.starts_with('/') {
        joined
    } else {
        format!("/{joined}")
    }
}

/// Encodes an id, tag or slug as one path segment. Letters, digits, `-`, `_`, non-ASCII
/// characters and inner dots stay readable; every other ASCII byte becomes `~XX`. No `%` is
/// produced on purpose: the router decodes a clicked link's path once before routing and once
/// more when reading a parameter, so a `%25` would turn into a different id than the one written.
pub fn encode_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for (i, c) in value.char_indices() {
        let plain = c.is_ascii_alphanumeric() || c == '-' || c == '_' || (c == '.' && i > 0);
        if plain || (!c.is_ascii() && !c.is_control() && !c.is_whitespace()) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("~{byte:02X}"));
            }
        }
    }
    out
}

/// The inverse of [`encode_segment`]; a `~` not followed by two hex digits stays as it is.
pub fn decode_segment(segment: &str) -> String {
    String::from_utf8_lossy(&unescape(segment, b'~')).into_owned()
}

/// A URL path with its `%XX` escapes decoded, as a web server maps it to a file; `None` when
/// the bytes are not UTF-8.
pub fn percent_decode(path: &str) -> Option<String> {
    String::from_utf8(unescape(path, b'%')).ok()
}

/// The bytes of `text` with every `marker` and two hex digits replaced by that byte.
fn unescape(text: &str, marker: u8) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b, Some(byte)) if b == marker => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// The longest article route segment written out whole. The publisher stores an article under
/// its segment (`article/<segment>.html`, `articles/<segment>.json`), and 255 bytes is the
/// file-name limit of ext4, XFS, btrfs and APFS; 200 leaves room for the suffix. Ids are encoded
/// byte by byte, and a Chinese character stays three bytes, so 67 of them already pass it.
pub const MAX_SEGMENT_BYTES: usize = 200;

/// Marks a shortened segment. [`encode_segment`] writes `~` as `~7E`, so it never writes `~~`.
const SHORTENED_MARK: &str = "~~";

/// The route segment of an article: [`encode_segment`] of its id, or, when that is longer than
/// [`MAX_SEGMENT_BYTES`], its first bytes (cut between characters, never inside a `~XX`), `~~`
/// and the 64-bit FNV-1a hash of the id in hex, which tells the article apart. The app's links
/// and the publisher's files both take it from here.
pub fn article_segment(id: &str) -> String {
    let full = encode_segment(id);
    if full.len() <= MAX_SEGMENT_BYTES {
        return full;
    }
    let keep = MAX_SEGMENT_BYTES - SHORTENED_MARK.len() - 16;
    let mut cut = 0;
    let mut chars = full.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        // An escape is one unit of three characters: `~` and two hex digits.
        let end = if c == '~' { i + 3 } else { i + c.len_utf8() };
        if end > keep {
            break;
        }
        cut = end;
        if c == '~' {
            chars.next();
            chars.next();
        }
    }
    format!(
        "{}{SHORTENED_MARK}{:016x}",
        &full[..cut],
        fnv1a(id.as_bytes())
    )
}

/// The file name (without extension) of a list's own feed, a channel's or a tag's, in a
/// published folder: the key as [`article_segment`] writes an id, so that a long tag still
/// fits a file name. The app and the publisher both take it from here.
pub fn list_segment(key: &str) -> String {
    article_segment(key)
}

/// The mark between a list's file name and the number of one of its older files.
/// [`encode_segment`] writes `@` as `~40`, and [`list_segment`] writes nothing else, so an older
/// file's name is never another list's first file: with `-`, page 1 of tag `T` was the file of
/// tag `T-1`, which overwrote it.
pub const OLDER_FILE_MARK: char = '@';

/// The `k`-th older file of the list whose first file is `<chain>.json`, counted from the
/// oldest: `tags/T@1.json`.
pub fn older_list_file(chain: &str, k: usize) -> String {
    format!("{chain}{OLDER_FILE_MARK}{k}.json")
}

/// What an article's route segment names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArticleKey {
    /// The id, decoded from a segment written out whole.
    Id(String),
    /// A shortened segment (see [`article_segment`]), matched against the ids at hand.
    Shortened(String),
}

/// Reads an article's route segment.
pub fn article_key(segment: &str) -> ArticleKey {
    let shortened = segment
        .rsplit_once(SHORTENED_MARK)
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()));
    if shortened {
        ArticleKey::Shortened(segment.to_string())
    } else {
        ArticleKey::Id(decode_segment(segment))
    }
}

/// The file of an article under `_portal.article_url`: `{segment}` is the article's route
/// segment ([`article_segment`]: `~XX` escapes, no `%`, shortened when long), the form
/// `portal build` names article files in, which a shortened route can fill in too; `{id}`, the
/// older form, is the percent-encoded id, which a shortened route cannot. `None` when the
/// template cannot name this article.
pub fn article_file(template: &str, key: &ArticleKey) -> Option<String> {
    if template.contains("{segment}") {
        let segment = match key {
            ArticleKey::Id(id) => article_segment(id),
            ArticleKey::Shortened(segment) => segment.clone(),
        };
        return Some(template.replace("{segment}", &segment));
    }
    match key {
        ArticleKey::Id(id) if template.contains("{id}") => {
            Some(template.replace("{id}", &percent_encode_component(id)))
        }
        _ => None,
    }
}

/// Percent-encodes a value for a URL template such as `_portal.article_url`'s `{id}`.
pub fn percent_encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The path of an absolute URL (`https://x.test/a/b?c` → `/a/b`), as `location.pathname`
/// says it: empty when the URL has none.
pub fn url_path(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    path.split(['?', '#']).next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_canonical_urls_path_is_what_location_pathname_says() {
        assert_eq!(
            url_path("https://x.test/portal/article/%E6%B0%A2?x#y"),
            "/portal/article/%E6%B0%A2"
        );
        assert_eq!(url_path("https://x.test"), "");
        assert_eq!(url_path(""), "");
    }

    const BASE: &str = "https://example.com/content/feed.json?x=1#f";

    #[test]
    fn article_files_are_named_by_route_segment_or_percent_encoded_id() {
        let id = ArticleKey::Id("https://x/?p=123".into());
        assert_eq!(
            article_file("articles/{segment}.json", &id).as_deref(),
            Some("articles/https~3A~2F~2Fx~2F~3Fp~3D123.json")
        );
        assert_eq!(
            article_file("articles/{id}.json", &id).as_deref(),
            Some("articles/https%3A%2F%2Fx%2F%3Fp%3D123.json")
        );
        let long: String = "科技创新".chars().cycle().take(100).collect();
        let segment = article_segment(&long);
        let shortened = article_key(&segment);
        assert!(matches!(shortened, ArticleKey::Shortened(_)));
        assert_eq!(
            article_file("a/{segment}.json", &shortened),
            Some(format!("a/{segment}.json"))
        );
        assert_eq!(
            article_file("a/{segment}.json", &ArticleKey::Id(long)),
            Some(format!("a/{segment}.json"))
        );
        assert_eq!(article_file("a/{id}.json", &shortened), None);
        assert_eq!(article_file("a/x.json", &id), None);
    }

    #[test]
    fn resolves_references_like_a_browser() {
        assert_eq!(
            resolve(BASE, "images/a.svg"),
            "https://example.com/content/images/a.svg"
        );
        assert_eq!(resolve(BASE, "../a.png"), "https://example.com/a.png");
        assert_eq!(
            resolve(BASE, "./x/../b.png"),
            "https://example.com/content/b.png"
        );
        assert_eq!(
            resolve(BASE, "/why/cover.jpg"),
            "https://example.com/why/cover.jpg"
        );
        assert_eq!(resolve(BASE, "//cdn.test/p.png"), "https://cdn.test/p.png");
        assert_eq!(
            resolve(BASE, "#top"),
            "https://example.com/content/feed.json?x=1#top"
        );
        assert_eq!(
            resolve(BASE, "?page=2"),
            "https://example.com/content/feed.json?page=2"
        );
        assert_eq!(resolve(BASE, "http://other.test/a"), "http://other.test/a");
        assert_eq!(resolve("https://h.test", "a.json"), "https://h.test/a.json");
        assert_eq!(resolve(BASE, "../../../../a"), "https://example.com/a");
        assert_eq!(resolve(BASE, "x/.."), "https://example.com/content/");
    }

    #[test]
    fn refuses_script_and_data_urls_however_written() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "",
        ] {
            assert_eq!(safe_url(bad, BASE, LINK_SCHEMES), None, "{bad:?}");
            assert_eq!(portal_link(bad), None, "{bad:?}");
        }
        assert_eq!(
            safe_url("data:image/png;base64,AAAA", BASE, IMAGE_SCHEMES),
            None
        );
    }

    #[test]
    fn keeps_safe_links() {
        assert_eq!(
            safe_url("mailto:a@example.com", BASE, LINK_SCHEMES).as_deref(),
            Some("mailto:a@example.com")
        );
        assert_eq!(
            safe_url("pic.png", BASE, IMAGE_SCHEMES).as_deref(),
            Some("https://example.com/content/pic.png")
        );
        assert_eq!(
            portal_link("/tag/氢能"),
            Some(Link::Internal("/tag/氢能".into()))
        );
        assert_eq!(
            portal_link("https://beian.miit.gov.cn/"),
            Some(Link::External("https://beian.miit.gov.cn/".into()))
        );
        assert_eq!(portal_link("//evil.test/x"), None);
        assert_eq!(portal_link("relative/path"), None);
    }

    #[test]
    fn segments_round_trip_any_id() {
        for id in [
            "plain-id_1",
            "https://example.com/news/2021/08/园区?id=7#top",
            "50%-增长 / 测试",
            "%25%2F~7E",
            ".",
            "..",
            "a.b",
            "tab\there",
            "emoji 🚀",
            "T@1",
        ] {
            let seg = encode_segment(id);
            assert!(
                !seg.contains(['%', '/', '?', '#', ' ', OLDER_FILE_MARK]),
                "{seg}"
            );
            assert!(seg != "." && seg != "..");
            assert_eq!(decode_segment(&seg), id);
        }
        assert_eq!(encode_segment("a/b"), "a~2Fb");
        assert_eq!(
            list_segment(&"@".repeat(100))
                .matches(OLDER_FILE_MARK)
                .count(),
            0
        );
        assert_eq!(encode_segment("科创"), "科创");
        assert_eq!(decode_segment("~zz~4"), "~zz~4");
    }

    #[test]
    fn a_long_id_gets_a_short_segment_that_finds_it_again() {
        let chinese: String = "科技创新是引领发展的第一动力"
            .chars()
            .cycle()
            .take(100)
            .collect();
        assert_eq!(chinese.chars().count(), 100);
        let segment = article_segment(&chinese);
        assert!(
            segment.len() <= MAX_SEGMENT_BYTES,
            "{} bytes",
            segment.len()
        );
        assert!(segment.starts_with("科技创新"), "{segment}");
        assert_eq!(
            article_key(&segment),
            ArticleKey::Shortened(segment.clone())
        );
        let other: String = chinese.chars().take(99).chain(['!']).collect();
        assert_ne!(
            article_segment(&other),
            segment,
            "ids sharing a prefix differ"
        );

        // An id of escapes is never cut inside one.
        let slashes = "/".repeat(120);
        let short = article_segment(&slashes);
        let prefix = short.split(SHORTENED_MARK).next().unwrap_or_default();
        assert!(
            !prefix.is_empty() && prefix.len().is_multiple_of(3),
            "{short}"
        );
        assert_eq!(decode_segment(prefix), "/".repeat(prefix.len() / 3));

        // Short ids, and ids with a literal "~~", are written out whole and read back.
        for id in ["plain", "a~~0123456789abcdef", &"长".repeat(66)] {
            let segment = article_segment(id);
            assert_eq!(segment, encode_segment(id));
            assert_eq!(article_key(&segment), ArticleKey::Id(id.to_string()));
        }
    }

    #[test]
    fn percent_encodes_template_values() {
        assert_eq!(percent_encode_component("a b/园"), "a%20b%2F%E5%9B%AD");
    }
}
