//! Paths of the portal's routes, prefixed with the deploy's base path (a sub-path deploy serves
//! the portal under `/portal/`; the router strips the prefix, links must carry it).

use crate::model::url::{article_segment, encode_segment, Link};

/// The first segment of each kind of route with a key of its own (`/article/<segment>`,
/// `/channel/<slug>`, `/tag/<tag>`, `/page/<slug>`). The publisher writes their pages as
/// `<kind>/<segment>.html`, and deploy/nginx serves such a route only its page or the shell:
/// `/article/a.html` is the article whose id is `a.html`, never article `a`'s page file.
pub const KEYED_ROUTES: [&str; 4] = ["article", "channel", "tag", "page"];

/// Builds the `href` of every route under one base path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Paths {
    /// `""` for a site at the root, `/portal` under a sub-path.
    base: String,
}

impl Paths {
    pub fn new(base: impl Into<String>) -> Self {
        Self { base: base.into() }
    }

    /// `route` (`/sitemap`, `/search?q=x`) under the base path.
    pub fn route(&self, route: &str) -> String {
        format!("{}{route}", self.base)
    }

    pub fn home(&self) -> String {
        self.route("/")
    }

    /// An article's path: its id as [`article_segment`] writes it (shortened when very long).
    pub fn article(&self, id: &str) -> String {
        format!("{}/article/{}", self.base, article_segment(id))
    }

    pub fn channel(&self, slug: &str) -> String {
        self.under("/channel/", slug)
    }

    pub fn tag(&self, tag: &str) -> String {
        self.under("/tag/", tag)
    }

    pub fn info_page(&self, slug: &str) -> String {
        self.under("/page/", slug)
    }

    fn under(&self, prefix: &str, key: &str) -> String {
        format!("{}{prefix}{}", self.base, encode_segment(key))
    }

    /// `href` of a link from the `_portal` extension, and whether it leaves the site.
    pub fn link(&self, link: &Link) -> (String, bool) {
        match link {
            Link::Internal(path) => (self.route(path), false),
            Link::External(url) => (url.clone(), true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_carry_the_base_path_and_encoded_keys() {
        let paths = Paths::new("/portal");
        assert_eq!(paths.home(), "/portal/");
        assert_eq!(paths.article("a/b?c"), "/portal/article/a~2Fb~3Fc");
        assert_eq!(paths.tag("人工智能"), "/portal/tag/人工智能");
        assert_eq!(
            paths.link(&Link::Internal("/page/about".into())),
            ("/portal/page/about".to_string(), false)
        );
        assert_eq!(
            paths.link(&Link::External("https://x.test/".into())),
            ("https://x.test/".to_string(), true)
        );
    }
}
