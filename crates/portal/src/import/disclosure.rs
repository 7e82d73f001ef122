//! 信息公开 fields from RSS and Atom (`[disclosure]` in the site file): feed-rs keeps only
//! `dc:date` and `dc:creator` of Dublin Core and no category's domain, so this is a pass of its
//! own over the feed's XML (roxmltree, which refuses DTDs). Each item's `dc:*` elements and its
//! categories with a `domain` (Atom: `scheme`) are collected by the item's key (its `guid`, Atom
//! `id`, else its `link`); the site file's mapping then fills the items' [`Disclosure`], and a
//! category that gave a field is no longer one of the item's tags.

use std::collections::HashMap;

use portal_core::model::feed::Disclosure;
use portal_core::model::Item;

use super::site::DisclosureSources;
use crate::Error;

const DUBLIN_CORE: &str = "http://purl.org/dc/elements/1.1/";

/// What a feed's items say that a [`DisclosureSources`] may name: by item key, each value with
/// its name (`dc:identifier`, `category:文号`), in document order.
pub type Tagged = HashMap<String, Vec<(String, String)>>;

/// Where one field comes from.
#[derive(Debug, PartialEq, Eq)]
enum Source {
    Dc(String),
    Category(String),
}

/// The `dc:*` elements and domain categories of every `item` / `entry` of `xml`; an error in
/// words an editor can act on when it is not XML roxmltree reads.
pub(crate) fn collect(xml: &str) -> Result<Tagged, String> {
    let doc = roxmltree::Document::parse(xml)
        .map_err(|e| format!("信息公开 fields not read: the XML did not parse ({e})"))?;
    let mut tagged = Tagged::new();
    for item in doc
        .descendants()
        .filter(|n| n.is_element() && matches!(n.tag_name().name(), "item" | "entry"))
    {
        let child_text = |name: &str| {
            item.children()
                .find(|c| {
                    c.is_element()
                        && c.tag_name().name() == name
                        && c.tag_name().namespace() != Some(DUBLIN_CORE)
                })
                .and_then(|c| c.text().or_else(|| c.attribute("href")))
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
        };
        let Some(key) = child_text("guid")
            .or_else(|| child_text("id"))
            .or_else(|| child_text("link"))
        else {
            continue;
        };
        let mut values = Vec::new();
        for child in item.children().filter(|c| c.is_element()) {
            let name = child.tag_name();
            let text = child.text().unwrap_or_default().trim();
            if name.namespace() == Some(DUBLIN_CORE) {
                values.push((format!("dc:{}", name.name()), text.to_string()));
            } else if name.name() == "category" {
                if let Some(domain) = child
                    .attribute("domain")
                    .or_else(|| child.attribute("scheme"))
                {
                    let value = child.attribute("term").unwrap_or(text).trim();
                    values.push((format!("category:{}", domain.trim()), value.to_string()));
                }
            }
        }
        values.retain(|(_, v)| !v.is_empty());
        if !values.is_empty() {
            tagged.entry(key).or_default().extend(values);
        }
    }
    Ok(tagged)
}

/// The site file's mapping, each field's source checked: `dc:NAME` or `category:DOMAIN`.
fn mapping(sources: &DisclosureSources) -> Result<Vec<(&'static str, Source)>, Error> {
    let fields = [
        ("index_number", &sources.index_number),
        ("issuer", &sources.issuer),
        ("written", &sources.written),
        ("document_number", &sources.document_number),
        ("subjects", &sources.subjects),
        ("validity", &sources.validity),
    ];
    let mut out = Vec::new();
    for (key, source) in fields {
        let Some(source) = source else { continue };
        let from = match source.split_once(':') {
            Some(("dc", name)) if !name.trim().is_empty() => Source::Dc(name.trim().to_string()),
            Some(("category", domain)) if !domain.trim().is_empty() => {
                Source::Category(domain.trim().to_string())
            }
            _ => {
                return Err(Error::Site(format!(
                    "disclosure.{key} = “{source}”: say dc:NAME (dc:identifier) or category:DOMAIN (category:文号)"
                )))
            }
        };
        out.push((key, from));
    }
    Ok(out)
}

/// Checks the site file's `[disclosure]` (before anything is fetched).
pub fn check(sources: &DisclosureSources) -> Result<(), Error> {
    mapping(sources).map(|_| ())
}

/// Fills the 信息公开 fields of `items` from what [`collect`] found, as `sources` maps them.
/// Returns how many items got any.
pub fn apply(
    items: &mut [Item],
    tagged: &Tagged,
    sources: &DisclosureSources,
) -> Result<usize, Error> {
    let mapping = mapping(sources)?;
    let mut filled = 0;
    for item in items.iter_mut() {
        let found = tagged
            .get(&item.id)
            .or_else(|| item.url.as_ref().and_then(|u| tagged.get(u)));
        let Some(found) = found else { continue };
        let mut disclosure = item.disclosure.as_deref().cloned().unwrap_or_default();
        let mut used_categories = Vec::new();
        for (key, from) in &mapping {
            let name = match from {
                Source::Dc(name) => format!("dc:{name}"),
                Source::Category(domain) => format!("category:{domain}"),
            };
            let values: Vec<String> = found
                .iter()
                .filter(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
                .collect();
            if values.is_empty() {
                continue;
            }
            if matches!(from, Source::Category(_)) {
                used_categories.extend(values.iter().cloned());
            }
            let first = values.first().cloned();
            match *key {
                "index_number" => disclosure.index_number = first,
                "issuer" => disclosure.issuer = first,
                "written" => disclosure.written = first,
                "document_number" => disclosure.document_number = first,
                "validity" => disclosure.validity = first,
                _ => disclosure.subjects = values,
            }
        }
        // feed-rs made every category a tag: one that is a 文号 or a 有效性 is not a topic.
        item.tags.retain(|t| !used_categories.contains(t));
        if disclosure != Disclosure::default() {
            item.disclosure = Some(Box::new(disclosure));
            filled += 1;
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_must_say_dc_or_category() {
        let ok = DisclosureSources {
            index_number: Some("dc:identifier".into()),
            document_number: Some("category:文号".into()),
            ..Default::default()
        };
        assert_eq!(
            mapping(&ok).expect("valid"),
            [
                ("index_number", Source::Dc("identifier".into())),
                ("document_number", Source::Category("文号".into()))
            ]
        );
        for bad in ["identifier", "dc:", "category: ", "rss:title"] {
            let sources = DisclosureSources {
                issuer: Some(bad.into()),
                ..Default::default()
            };
            let said = check(&sources).expect_err(bad).to_string();
            assert!(said.contains("disclosure.issuer"), "{said}");
        }
    }

    #[test]
    fn a_dtd_is_refused_not_expanded() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><item><guid>x</guid><title>&b;</title></item></channel></rss>"#;
        let said = collect(bomb).expect_err("a DTD");
        assert!(said.contains("信息公开"), "{said}");
    }
}
