//! What a page says about itself in the document's head: its title and description. Each page
//! works it out with a plain function of the catalog and sets it from an effect of its own
//! ([`use_page_meta`]), apart from the code that renders its body.

/// The head of one page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageMeta {
    /// The page's own title; empty for the home page, whose title is the site's name.
    pub title: String,
    pub description: String,
    /// Asks search engines not to index the page: a route or id the content does not have (it
    /// answers 200 with the app, since a new article must open before the next publish).
    pub noindex: bool,
}

impl PageMeta {
    pub fn new(title: impl Into<String>, description: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            description: description.into(),
            noindex: false,
        }
    }

    /// The head of a route or id the content does not have.
    pub fn not_found() -> Self {
        Self {
            noindex: true,
            ..Self::new("页面不存在", "您访问的页面不存在。")
        }
    }

    /// `<title>`: `page - site`, or the site's name alone for the home page.
    pub fn document_title(&self, site_name: &str) -> String {
        if self.title.is_empty() || self.title == site_name {
            site_name.to_string()
        } else {
            format!("{} - {site_name}", self.title)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_names_the_page_then_the_site() {
        let site = "科创资讯门户";
        assert_eq!(PageMeta::new("", "d").document_title(site), site);
        assert_eq!(PageMeta::new(site, "d").document_title(site), site);
        assert_eq!(
            PageMeta::not_found().document_title(site),
            "页面不存在 - 科创资讯门户"
        );
    }
}
