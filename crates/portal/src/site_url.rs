//! Where the portal is served (`--site-url`): the origin and base path every absolute URL the
//! publisher writes is made from, and the content folder's URL the app reads it at.

use portal_core::model::paths::Paths;

use crate::Error;

/// Where the portal is served: `https://example.com/` or, under a sub-path,
/// `https://example.com/portal/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteUrl {
    /// `https://example.com`, no trailing slash.
    origin: String,
    /// `""` at the root, `/portal` under a sub-path: the app's router base.
    base: String,
}

impl SiteUrl {
    pub fn parse(raw: &str) -> Result<Self, Error> {
        let bad = || {
            Error::Usage(format!(
                "--site-url “{raw}” is not an absolute http(s) URL (e.g. https://example.com/ or https://example.com/portal/)"
            ))
        };
        let trimmed = raw.trim();
        let rest = trimmed
            .strip_prefix("https://")
            .or_else(|| trimmed.strip_prefix("http://"))
            .ok_or_else(bad)?;
        let scheme = &trimmed[..trimmed.len() - rest.len()];
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if host.is_empty() || path.contains(['?', '#']) || host.contains(['@', ' ']) {
            return Err(bad());
        }
        Ok(SiteUrl {
            origin: format!("{scheme}{host}"),
            base: path.trim_end_matches('/').to_string(),
        })
    }

    /// Whether the site is served at the root of its host (not under a sub-path).
    pub fn at_root(&self) -> bool {
        self.base.is_empty()
    }

    /// The route paths of the app under this site's base path.
    pub fn paths(&self) -> Paths {
        Paths::new(self.base.clone())
    }

    /// The site's own URL, with its trailing slash.
    pub fn root(&self) -> String {
        format!("{}{}/", self.origin, self.base)
    }

    /// The absolute URL of a path the app links to (`/portal/tag/氢能`), with every byte that a
    /// URL may not carry as it is (non-ASCII, space) percent-encoded, as a browser sends it.
    pub fn absolute(&self, path: &str) -> String {
        let mut url = self.origin.clone();
        for byte in path.bytes() {
            if byte.is_ascii_graphic() && byte != b'%' {
                url.push(byte as char);
            } else {
                url.push_str(&format!("%{byte:02X}"));
            }
        }
        url
    }

    /// A URL into the site written from the site's root (`https://x.test/portal/a` →
    /// `/portal/a`); others as they are.
    pub fn site_relative(&self, url: &str) -> String {
        match url.strip_prefix(&self.origin) {
            Some(path) if path.starts_with(&format!("{}/", self.base)) => path.to_string(),
            _ => url.to_string(),
        }
    }

    /// [`SiteUrl::site_relative`] for every `href`/`src` value in sanitised HTML (whose
    /// attribute values are always double-quoted).
    pub fn site_relative_html(&self, html: &str) -> String {
        html.replace(
            &format!("=\"{}", self.root()),
            &format!("=\"{}/", self.base),
        )
    }

    /// `example.com`: the host (and port) alone.
    pub fn host(&self) -> &str {
        self.origin
            .split_once("://")
            .map_or(self.origin.as_str(), |(_, host)| host)
    }

    /// The URL a content file is served at: `content/<relative>` under the site.
    pub fn content_url(&self, relative: &str) -> String {
        format!("{}content/{relative}", self.root())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_urls_give_the_router_base_and_absolute_urls() {
        let root = SiteUrl::parse("https://news.example.com").expect("a site URL");
        assert_eq!(root.root(), "https://news.example.com/");
        assert_eq!(root.paths().home(), "/");
        let sub = SiteUrl::parse("https://example.com/portal/").expect("a site URL");
        assert_eq!(sub.root(), "https://example.com/portal/");
        assert_eq!(
            sub.absolute(&sub.paths().tag("氢能 科技")),
            "https://example.com/portal/tag/%E6%B0%A2%E8%83%BD~20%E7%A7%91%E6%8A%80"
        );
        for bad in [
            "example.com",
            "ftp://x.test/",
            "https://",
            "https://x.test/?a=1",
        ] {
            assert!(SiteUrl::parse(bad).is_err(), "{bad}");
        }
    }
}
