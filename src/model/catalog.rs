//! All items read so far, across the pages of a feed, and the lists the portal shows from them:
//! latest, per channel, per tag, featured, with pictures, ranked by views, and search.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::feed::{FeedPage, Item, Problem, Site};
use super::url::{article_segment, ArticleKey};

/// Pages of older items a deep link may walk through before the portal gives up looking.
pub const MAX_PAGES_WALKED: usize = 50;

#[derive(Clone, Debug)]
pub struct Catalog {
    pub site: Arc<Site>,
    /// Every item read, from any file, newest first; items without a date after the dated ones,
    /// in the order they were read.
    items: Vec<Arc<Item>>,
    index: HashMap<String, usize>,
    /// The main feed's items, ordered like `items`: what the home page lists. Items read only
    /// from a channel's feed or an article's own file are left out, so it has no gaps.
    timeline: Vec<Arc<Item>>,
    in_timeline: HashSet<String>,
    /// Items whose channel was not named by the item but by the channel feed that listed it: a
    /// copy that names its channel replaces it.
    channel_from_feed: HashSet<String>,
    /// The main feed's next page to read, when there is one and it has not been read.
    pub next_url: Option<String>,
    pages_read: Vec<String>,
    /// Channels with their own feed that have been started, and how far.
    channel_walks: HashMap<String, Walk>,
    pub problems: Vec<Problem>,
}

/// How far a channel's own feed has been read.
#[derive(Clone, Debug, Default)]
struct Walk {
    /// `None` once it has no more pages.
    next: Option<String>,
    read: Vec<String>,
}

/// One page of a list.
#[derive(Clone, Debug, PartialEq)]
pub struct Paged {
    pub items: Vec<Arc<Item>>,
    /// 1-based.
    pub page: usize,
    pub total_pages: usize,
    pub total_items: usize,
}

impl Catalog {
    /// The catalog of a feed's first page, fetched from `url`.
    pub fn new(first: FeedPage, url: &str) -> Self {
        let mut catalog = Catalog {
            site: Arc::new(first.site.clone()),
            items: Vec::new(),
            index: HashMap::new(),
            timeline: Vec::new(),
            in_timeline: HashSet::new(),
            channel_from_feed: HashSet::new(),
            next_url: None,
            pages_read: Vec::new(),
            channel_walks: HashMap::new(),
            problems: Vec::new(),
        };
        catalog.add_page(first, url);
        catalog
    }

    /// Adds an older page of the main feed. Its own `_portal` settings are ignored: the first
    /// page's rule. An id seen before in the main feed keeps its first item; a `next_url` that
    /// leads back to a page already read ends the walk.
    pub fn add_page(&mut self, page: FeedPage, url: &str) {
        self.pages_read.push(url.to_string());
        self.next_url = follow(&self.pages_read, page.next_url, url, &mut self.problems);
        self.note_problems(page.problems, url);
        for item in page.items {
            if self.in_timeline.contains(&item.id) {
                self.problems.push(Problem {
                    place: file_name(url),
                    message: format!(
                        "id “{}” appears more than once; the first is shown",
                        item.id
                    ),
                });
                continue;
            }
            self.in_timeline.insert(item.id.clone());
            self.insert(item, false);
        }
        self.sort();
    }

    /// Adds a page of the feed of channel `slug` (`_portal.channels[].feed_url`). Its items
    /// that name no channel belong to `slug`; items already read are not repeated.
    pub fn add_channel_page(&mut self, slug: &str, page: FeedPage, url: &str) {
        let walk = self.channel_walks.entry(slug.to_string()).or_default();
        walk.read.push(url.to_string());
        walk.next = follow(&walk.read, page.next_url, url, &mut self.problems);
        self.note_problems(page.problems, url);
        for mut item in page.items {
            let unnamed = item.channel.is_none();
            if unnamed {
                item.channel = Some(slug.to_string());
            }
            self.insert(item, unnamed);
        }
        self.sort();
    }

    /// Adds items fetched on their own (an `article_url` file), outside every list's paging.
    pub fn add_items(&mut self, items: impl IntoIterator<Item = Item>) {
        for item in items {
            self.insert(item, false);
        }
        self.sort();
    }

    fn note_problems(&mut self, problems: Vec<Problem>, url: &str) {
        self.problems.extend(problems.into_iter().map(|p| Problem {
            place: format!("{} {}", file_name(url), p.place),
            message: p.message,
        }));
    }

    /// Keeps the item read first, except for its channel: one the item names replaces none, or
    /// one that only a channel feed gave it (`channel_from_feed`: the channel was not named by
    /// the item but by the feed that listed it).
    fn insert(&mut self, item: Item, channel_from_feed: bool) {
        let Some(&i) = self.index.get(&item.id) else {
            if channel_from_feed {
                self.channel_from_feed.insert(item.id.clone());
            }
            self.index.insert(item.id.clone(), self.items.len());
            self.items.push(Arc::new(item));
            return;
        };
        let known = &self.items[i];
        let known_weaker = known.channel.is_none()
            || (self.channel_from_feed.contains(&known.id) && !channel_from_feed);
        if item.channel.is_some() && item.channel != known.channel && known_weaker {
            if channel_from_feed {
                self.channel_from_feed.insert(item.id.clone());
            } else {
                self.channel_from_feed.remove(&item.id);
            }
            self.items[i] = Arc::new(Item {
                channel: item.channel,
                ..(**known).clone()
            });
        }
    }

    fn sort(&mut self) {
        // Stable, so undated items and equal dates keep the order they were read in.
        self.items.sort_by(|a, b| match (a.date, b.date) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        self.index = self
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| (item.id.clone(), i))
            .collect();
        self.timeline = self
            .items
            .iter()
            .filter(|item| self.in_timeline.contains(&item.id))
            .cloned()
            .collect();
    }

    pub fn pages_read(&self) -> usize {
        self.pages_read.len()
    }

    /// Whether more pages may be read: there is a next page and the walk is within bounds.
    pub fn can_load_more(&self) -> bool {
        self.next_url.is_some() && self.pages_read.len() < MAX_PAGES_WALKED
    }

    /// The next page to read for channel `slug`'s list: its own feed's when it has one,
    /// else the main feed's.
    pub fn next_url_for_channel(&self, slug: &str) -> Option<String> {
        match self.channel_feed(slug) {
            Some(first) => match self.channel_walks.get(slug) {
                None => Some(first.to_string()),
                Some(walk) if walk.read.len() < MAX_PAGES_WALKED => walk.next.clone(),
                Some(_) => None,
            },
            None => self.next_url.clone().filter(|_| self.can_load_more()),
        }
    }

    /// The first page of channel `slug`'s own feed, when it has one.
    pub fn channel_feed(&self, slug: &str) -> Option<&str> {
        self.site.channel(slug)?.feed_url.as_deref()
    }

    /// Whether channel `slug` may have items not read yet.
    pub fn can_load_more_in_channel(&self, slug: &str) -> bool {
        self.next_url_for_channel(slug).is_some()
    }

    /// Ends the walk through channel `slug`'s own feed (a page failed).
    pub fn stop_channel(&mut self, slug: &str) {
        self.channel_walks.entry(slug.to_string()).or_default().next = None;
    }

    /// Every item read, from any file.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The main feed's items, newest first.
    pub fn latest(&self) -> &[Arc<Item>] {
        &self.timeline
    }

    /// Every item read, from any file, newest first.
    pub fn all(&self) -> &[Arc<Item>] {
        &self.items
    }

    pub fn item(&self, id: &str) -> Option<&Arc<Item>> {
        self.index.get(id).map(|&i| &self.items[i])
    }

    /// The item an article route names: by id, or for a shortened segment, the item whose id
    /// shortens to it.
    pub fn article(&self, key: &ArticleKey) -> Option<&Arc<Item>> {
        match key {
            ArticleKey::Id(id) => self.item(id),
            ArticleKey::Shortened(segment) => self
                .items
                .iter()
                .find(|i| article_segment(&i.id) == *segment),
        }
    }

    pub fn in_channel(&self, slug: &str) -> Vec<Arc<Item>> {
        self.filtered(|i| i.channel.as_deref() == Some(slug))
    }

    pub fn with_tag(&self, tag: &str) -> Vec<Arc<Item>> {
        self.filtered(|i| i.tags.iter().any(|t| t == tag))
    }

    fn filtered(&self, keep: impl Fn(&Item) -> bool) -> Vec<Arc<Item>> {
        self.items.iter().filter(|i| keep(i)).cloned().collect()
    }

    /// 推荐资讯: featured items, newest first.
    pub fn featured(&self, limit: usize, except: Option<&str>) -> Vec<Arc<Item>> {
        self.top(limit, except, |i| i.featured)
    }

    /// 推荐图文: items with a picture, featured ones first, then newest.
    pub fn with_pictures(&self, limit: usize, except: Option<&str>) -> Vec<Arc<Item>> {
        let (mut list, rest): (Vec<_>, Vec<_>) = self
            .top(usize::MAX, except, |i| i.image.is_some())
            .into_iter()
            .partition(|i| i.featured);
        list.extend(rest);
        list.truncate(limit);
        list
    }

    /// 同类资讯: the item's channel, or items sharing a tag when the feed has no channels.
    pub fn related(&self, item: &Item, limit: usize) -> Vec<Arc<Item>> {
        match &item.channel {
            Some(channel) => self.top(limit, Some(&item.id), |i| {
                i.channel.as_ref() == Some(channel)
            }),
            None => self.top(limit, Some(&item.id), |i| {
                i.tags.iter().any(|t| item.tags.contains(t))
            }),
        }
    }

    /// 点击排行: the most viewed, ties broken by date (newest first).
    pub fn most_viewed(&self, limit: usize) -> Vec<Arc<Item>> {
        let mut list: Vec<Arc<Item>> = self
            .items
            .iter()
            .filter(|i| i.views.is_some())
            .cloned()
            .collect();
        list.sort_by_key(|item| std::cmp::Reverse(item.views));
        list.truncate(limit);
        list
    }

    fn top(
        &self,
        limit: usize,
        except: Option<&str>,
        keep: impl Fn(&Item) -> bool,
    ) -> Vec<Arc<Item>> {
        self.items
            .iter()
            .filter(|i| Some(i.id.as_str()) != except && keep(i))
            .take(limit)
            .cloned()
            .collect()
    }

    /// The previous (newer) and next (older) item in the item's channel, or in the whole feed when
    /// it has none.
    pub fn neighbours(&self, item: &Item) -> (Option<Arc<Item>>, Option<Arc<Item>>) {
        let same: Vec<&Arc<Item>> = self
            .items
            .iter()
            .filter(|i| i.channel == item.channel)
            .collect();
        let Some(pos) = same.iter().position(|i| i.id == item.id) else {
            return (None, None);
        };
        let newer = pos.checked_sub(1).map(|p| same[p].clone());
        (newer, same.get(pos + 1).map(|i| (*i).clone()))
    }

    /// Items whose title, summary, tags, source or channel contain every word of `query`
    /// (case-insensitive); title matches first, then newest.
    pub fn search(&self, query: &str) -> Vec<Arc<Item>> {
        let words: Vec<String> = query.split_whitespace().map(fold_case).collect();
        if words.is_empty() {
            return Vec::new();
        }
        let mut in_title = Vec::new();
        let mut elsewhere = Vec::new();
        for item in &self.items {
            let title = fold_case(&item.title);
            let mut rest = item.summary.clone().unwrap_or_default();
            for extra in item.tags.iter().chain(&item.source).chain(&item.channel) {
                rest.push(' ');
                rest.push_str(extra);
            }
            let rest = fold_case(&rest);
            if words.iter().all(|w| title.contains(w.as_str())) {
                in_title.push(item.clone());
            } else if words
                .iter()
                .all(|w| title.contains(w.as_str()) || rest.contains(w.as_str()))
            {
                elsewhere.push(item.clone());
            }
        }
        in_title.extend(elsewhere);
        in_title
    }
}

/// Text as search compares it: full-width Latin letters and digits (ＡＩ, ５Ｇ) as their ASCII
/// forms, and Latin letters lower-cased. Chinese has no case; `str::to_lowercase` would bring
/// Unicode's whole case table (about 15 KB) into the wasm for letters a Chinese portal's search
/// hardly meets.
pub fn fold_case(text: &str) -> String {
    text.chars()
        .map(|c| {
            let c = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                c => c,
            };
            c.to_ascii_lowercase()
        })
        .collect()
}

/// The `next_url` of a page read from `url` in a walk that has read `read`, unless it leads back
/// to one of those pages: then the walk ends, with a notice.
fn follow(
    read: &[String],
    next_url: Option<String>,
    url: &str,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    match next_url {
        Some(next) if read.contains(&next) => {
            problems.push(Problem {
                place: format!("{} next_url", file_name(url)),
                message: format!(
                    "leads back to {}, a page already read; no more pages are loaded",
                    file_name(&next)
                ),
            });
            None
        }
        other => other,
    }
}

/// Page `page` (1-based; out of range is clamped) of `items`, `size` a page.
pub fn paginate(items: &[Arc<Item>], page: usize, size: usize) -> Paged {
    let size = size.max(1);
    let total_pages = items.len().div_ceil(size).max(1);
    let page = page.clamp(1, total_pages);
    Paged {
        items: items
            .iter()
            .skip((page - 1) * size)
            .take(size)
            .cloned()
            .collect(),
        page,
        total_pages,
        total_items: items.len(),
    }
}

/// The last path segment of a URL, for messages an editor can match to a file.
pub fn file_name(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    match path.rsplit_once('/') {
        Some((_, name)) if !name.is_empty() => name.to_string(),
        _ => url.to_string(),
    }
}
