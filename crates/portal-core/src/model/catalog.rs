//! All items read so far, across the pages of a feed, and the lists the portal shows from them:
//! latest, per channel, per tag, featured, with pictures, ranked by views, and search.
//!
//! A list is drawn from whatever has been read. A folder published by `portal build` makes
//! that enough: its first page carries, besides its own items, the items of the whole
//! archive's lists (`_portal.context`) and how long each list is (`_portal.total_items`), and
//! every list is filtered, ordered and cut the same way here whatever was read, so that a list
//! of what was read, holding the archive's first N, is the archive's first N.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::feed::{FeedPage, Item, Problem, Site};
use super::url::{article_file, article_segment, list_segment, resolve, safe_url, ArticleKey};

/// Pages of older items a deep link may walk through before the portal gives up looking.
pub const MAX_PAGES_WALKED: usize = 50;

#[derive(Clone, Debug)]
pub struct Catalog {
    pub site: Arc<Site>,
    /// The URL the feed's first page was read from: what the site's templates resolve against.
    feed_url: String,
    /// Every item read, from any file, newest first; items without a date after the dated ones,
    /// in the order they were read.
    items: Vec<Arc<Item>>,
    index: HashMap<String, usize>,
    /// The main feed's items, ordered like `items`: what the home page lists. Items read only
    /// from a list's own feed, an article's own file or a file's context are left out, so it
    /// has no gaps.
    timeline: Vec<Arc<Item>>,
    in_timeline: HashSet<String>,
    /// How many items the main feed has in all, when its first page says.
    timeline_total: Option<usize>,
    /// Items whose channel was not named by the item but by the channel feed that listed it: a
    /// copy that names its channel replaces it.
    channel_from_feed: HashSet<String>,
    /// The main feed's next page to read, when there is one and it has not been read.
    pub next_url: Option<String>,
    pages_read: Vec<String>,
    /// Lists with their own feed (a channel's, a tag's) that have been started, and how far.
    walks: HashMap<ListKey, Walk>,
    /// Items up to here are in order; those after were appended by the file being added.
    ordered: usize,
    /// The file being added replaced an item in place or put one read before in the
    /// timeline: the order, the index and the timeline are then rebuilt.
    replaced: bool,
    pub problems: Vec<Problem>,
}

/// A list with a key: a channel's (by slug) or a tag's.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ListKey {
    Channel(String),
    Tag(String),
}

/// How far a list's own feed has been read.
#[derive(Clone, Debug, Default)]
struct Walk {
    /// `None` once it has no more pages.
    next: Option<String>,
    read: Vec<String>,
    /// How many items the list has in all, when its first page says.
    total: Option<usize>,
}

/// Each channel's and tag's items by their place in the catalog (see [`Catalog::positions`]).
#[derive(Debug, Default)]
pub struct Positions {
    /// The items of each channel, and of none, in catalog order.
    channels: HashMap<Option<String>, Vec<usize>>,
    tags: HashMap<String, Vec<usize>>,
    /// Each item's tags by position, as numbers (one number a tag): 相关阅读 weighs up to 30
    /// items a tag against every article, and comparing their tags as strings was most of
    /// [`Catalog::reading_list_in`]'s time, itself 5.5% of a one-new-item sync's samples at
    /// 100,000 items.
    tag_numbers: Vec<Vec<usize>>,
}

/// Which items are like an item: of its channel, or sharing one of its tags.
#[derive(Clone, Copy)]
enum Alike {
    Channel,
    Tags,
}

/// What a page needs to have read before it shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Need {
    /// This many of the main feed's items (a page of the home page).
    Latest(usize),
    /// This many of a list's items, and its own first page when it has its own feed.
    List(ListKey, usize),
    /// An article, whole.
    Article(ArticleKey),
}

/// The next file to read for a [`Need`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Read {
    /// The main feed's next page.
    Main(String),
    /// The next page of a list's own feed.
    List(ListKey, String),
    /// An article's own file (`_portal.article_url`).
    ArticleFile(String),
}

/// What is known of a list beyond the items read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extent {
    /// The list has its own feed, whose first page has not been read: what was read of the
    /// list elsewhere is not shown, since that page may order and count it otherwise.
    Unread,
    /// Every item has been read.
    Complete,
    /// The list has this many items in all (its first page said so).
    Declared(usize),
    /// More may be read; how many is not known.
    More,
}

/// One page of a list.
#[derive(Clone, Debug, PartialEq)]
pub struct Paged {
    pub items: Vec<Arc<Item>>,
    /// 1-based.
    pub page: usize,
    pub total_pages: usize,
    pub total_items: usize,
    /// The page exists but its items have not all been read yet: it is shown once they have,
    /// never another page in its place.
    pub pending: bool,
    /// More pages may exist beyond `total_pages` (their number is not known).
    pub more: bool,
}

impl Catalog {
    /// The catalog of a feed's first page, fetched from `url`.
    pub fn new(first: FeedPage, url: &str) -> Self {
        let mut catalog = Catalog {
            site: Arc::new(first.site.clone()),
            feed_url: url.to_string(),
            items: Vec::new(),
            index: HashMap::new(),
            timeline: Vec::new(),
            in_timeline: HashSet::new(),
            timeline_total: first.total_items,
            channel_from_feed: HashSet::new(),
            next_url: None,
            pages_read: Vec::new(),
            walks: HashMap::new(),
            ordered: 0,
            replaced: false,
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
            // Read before from another file: it joins the timeline where it already stands.
            self.replaced |= self.index.contains_key(&item.id);
            self.insert(item, false);
        }
        self.add_context(page.context);
        self.sort();
    }

    /// Adds a page of the list `key`'s own feed (`_portal.channels[].feed_url`,
    /// `_portal.tag_feed_url`). A channel feed's items that name no channel belong to it; items
    /// already read are not repeated.
    pub fn add_list_page(&mut self, key: &ListKey, page: FeedPage, url: &str) {
        let walk = self.walks.entry(key.clone()).or_default();
        if walk.read.is_empty() {
            walk.total = page.total_items;
        }
        walk.read.push(url.to_string());
        walk.next = follow(&walk.read, page.next_url, url, &mut self.problems);
        self.note_problems(page.problems, url);
        for mut item in page.items {
            let named_by_feed = match key {
                ListKey::Channel(slug) if item.channel.is_none() => {
                    item.channel = Some(slug.clone());
                    true
                }
                _ => false,
            };
            self.insert(item, named_by_feed);
        }
        self.add_context(page.context);
        self.sort();
    }

    /// Adds a file read outside every list's paging (an `article_url` file): its items and
    /// their context.
    pub fn add_file(&mut self, page: FeedPage, url: &str) {
        self.note_problems(page.problems, url);
        for item in page.items {
            self.insert(item, false);
        }
        self.add_context(page.context);
        self.sort();
    }

    /// Items a file's pages show besides its own: known from now on, in no list of their own.
    fn add_context(&mut self, context: Vec<Item>) {
        for item in context {
            self.insert(item, false);
        }
    }

    fn note_problems(&mut self, problems: Vec<Problem>, url: &str) {
        self.problems.extend(problems.into_iter().map(|p| Problem {
            place: format!("{} {}", file_name(url), p.place),
            message: p.message,
        }));
    }

    /// Keeps the item read first, except where a later copy knows more: the whole item replaces
    /// an excerpt (a list's record of it), and a channel the item names replaces none, or one
    /// that only a channel feed gave it (`channel_from_feed`: the channel was not named by the
    /// item but by the feed that listed it).
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
        let channel = if item.channel.is_some() && item.channel != known.channel && known_weaker {
            if channel_from_feed {
                self.channel_from_feed.insert(item.id.clone());
            } else {
                self.channel_from_feed.remove(&item.id);
            }
            item.channel.clone()
        } else {
            known.channel.clone()
        };
        if known.excerpt && !item.excerpt {
            self.items[i] = Arc::new(Item { channel, ..item });
            self.replaced = true;
        } else if channel != known.channel {
            self.items[i] = Arc::new(Item {
                channel,
                ..(**known).clone()
            });
            self.replaced = true;
        }
    }

    /// Puts the items of the file just added in their place: newest first, undated last, equal
    /// dates in the order read (a stable sort). A file that only appends items in that order,
    /// as the pages of a chain do, costs only its own items: the publisher reads 1,000 files
    /// for 100,000 items, and rebuilding the whole index after each was the most of its time.
    fn sort(&mut self) {
        let newest_first = |a: &Item, b: &Item| match (a.date, b.date) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        let from = self.ordered.min(self.items.len());
        let appended_in_order = !self.replaced
            && self.items[from.saturating_sub(1)..]
                .windows(2)
                .all(|w| newest_first(&w[0], &w[1]) != Ordering::Greater);
        if appended_in_order {
            let in_timeline = &self.in_timeline;
            self.timeline.extend(
                self.items[from..]
                    .iter()
                    .filter(|item| in_timeline.contains(&item.id))
                    .cloned(),
            );
        } else {
            sort_items(&mut self.items, &newest_first);
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
        self.ordered = self.items.len();
        self.replaced = false;
    }

    pub fn pages_read(&self) -> usize {
        self.pages_read.len()
    }

    /// Whether more pages may be read: there is a next page and the walk is within bounds.
    pub fn can_load_more(&self) -> bool {
        self.next_url.is_some() && self.pages_read.len() < MAX_PAGES_WALKED
    }

    /// The next file to read for `need`, or `None` when the page has what it needs or nothing
    /// more can be read; `asked` are the article files already asked for. The app reads them
    /// one by one as a page asks (src/library.rs), and the publisher reads the same files
    /// before writing the page, so the two show the same.
    pub fn next_read(&self, need: &Need, asked: &[String]) -> Option<Read> {
        let main = || {
            self.next_url
                .clone()
                .filter(|_| self.can_load_more())
                .map(Read::Main)
        };
        match need {
            Need::Latest(wanted) => (self.timeline.len() < *wanted).then(main).flatten(),
            Need::List(key, wanted) => {
                if self.list_started(key) && self.list(key).len() >= *wanted {
                    return None;
                }
                match self.list_feed(key) {
                    Some(_) => self
                        .next_url_for(key)
                        .map(|url| Read::List(key.clone(), url)),
                    None => main(),
                }
            }
            Need::Article(key) => {
                let found = self.article(key);
                if found.is_some_and(|item| !item.excerpt) {
                    return None;
                }
                let file = self
                    .site
                    .article_url
                    .as_deref()
                    .and_then(|template| article_file(template, key))
                    .map(|file| resolve(&self.feed_url, &file))
                    .filter(|url| !asked.contains(url));
                match (file, found) {
                    (Some(url), _) => Some(Read::ArticleFile(url)),
                    // Only older pages can bring an item not read at all; an excerpt's file
                    // cannot be had, so the excerpt is what there is.
                    (None, None) => main(),
                    (None, Some(_)) => None,
                }
            }
        }
    }

    /// The first page of list `key`'s own feed, when it has one.
    pub fn list_feed(&self, key: &ListKey) -> Option<String> {
        match key {
            ListKey::Channel(slug) => self.site.channel(slug)?.feed_url.clone(),
            ListKey::Tag(tag) => {
                let template = self.site.tag_feed_url.as_deref()?;
                let file = template.replace("{segment}", &list_segment(tag));
                safe_url(
                    &resolve(&self.feed_url, &file),
                    &self.feed_url,
                    &["http", "https"],
                )
            }
        }
    }

    /// The next page to read for list `key`: its own feed's when it has one, else the main
    /// feed's.
    pub fn next_url_for(&self, key: &ListKey) -> Option<String> {
        match self.list_feed(key) {
            Some(first) => match self.walks.get(key) {
                None => Some(first),
                Some(walk) if walk.read.len() < MAX_PAGES_WALKED => walk.next.clone(),
                Some(_) => None,
            },
            None => self.next_url.clone().filter(|_| self.can_load_more()),
        }
    }

    /// Whether list `key` has been read from its own first page, or has none: what its page
    /// needs before it shows (the first page says how long the list is).
    pub fn list_started(&self, key: &ListKey) -> bool {
        self.walks.contains_key(key) || self.list_feed(key).is_none()
    }

    /// Whether list `key` may have items not read yet.
    pub fn can_load_more_in(&self, key: &ListKey) -> bool {
        self.next_url_for(key).is_some()
    }

    /// Ends the walk through list `key`'s own feed (a page failed).
    pub fn stop_list(&mut self, key: &ListKey) {
        self.walks.entry(key.clone()).or_default().next = None;
    }

    /// The items read of list `key`, newest first.
    pub fn list(&self, key: &ListKey) -> Vec<Arc<Item>> {
        match key {
            ListKey::Channel(slug) => self.in_channel(slug),
            ListKey::Tag(tag) => self.with_tag(tag),
        }
    }

    /// What is known of list `key` beyond what was read.
    pub fn extent_of(&self, key: &ListKey) -> Extent {
        if self.list_feed(key).is_some() {
            match self.walks.get(key) {
                None => return Extent::Unread,
                Some(Walk {
                    total: Some(total), ..
                }) => return Extent::Declared(*total),
                Some(_) => {}
            }
        }
        if self.can_load_more_in(key) {
            Extent::More
        } else {
            Extent::Complete
        }
    }

    /// What is known of the main feed beyond what was read.
    pub fn timeline_extent(&self) -> Extent {
        match self.timeline_total {
            Some(total) => Extent::Declared(total),
            None if self.can_load_more() => Extent::More,
            None => Extent::Complete,
        }
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

    /// The newest `limit` items read from any file: a published first page's context holds
    /// the archive's newest, so this is the archive's newest.
    pub fn newest(&self, limit: usize) -> Vec<Arc<Item>> {
        self.items.iter().take(limit).cloned().collect()
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

    /// 点击排行: the most viewed, ties broken by date (newest first).
    pub fn most_viewed(&self, limit: usize) -> Vec<Arc<Item>> {
        let mut list: Vec<Arc<Item>> = self
            .items
            .iter()
            .filter(|i| i.views.is_some())
            .cloned()
            .collect();
        sort_items(&mut list, &|a, b| b.views.cmp(&a.views));
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

    /// The previous (newer) and next (older) item in the item's channel, or among the items
    /// without one when it has none.
    pub fn neighbours(&self, item: &Item) -> (Option<Arc<Item>>, Option<Arc<Item>>) {
        self.neighbours_in(item, None)
    }

    /// [`Catalog::neighbours`], found through `positions` when given (see [`Positions`]).
    pub fn neighbours_in(
        &self,
        item: &Item,
        positions: Option<&Positions>,
    ) -> (Option<Arc<Item>>, Option<Arc<Item>>) {
        let Some((alike, at)) = self.alike(item, Alike::Channel, 1, positions) else {
            return (None, None);
        };
        let newer = at.checked_sub(1).map(|p| self.items[alike[p]].clone());
        let older = alike.get(at + 1).map(|&p| self.items[p].clone());
        (newer, older)
    }

    /// 同类资讯 of an article: the items of its channel (of its tags, when it has none) nearest
    /// to it in time, half of them newer and half older where there are enough, newest first.
    /// Not the channel's newest: those change with every item published, and so would every
    /// article page of the channel; these change only for the articles next to a new one.
    pub fn related(&self, item: &Item, limit: usize) -> Vec<Arc<Item>> {
        self.related_in(item, limit, None)
    }

    /// [`Catalog::related`], found through `positions` when given (see [`Positions`]).
    pub fn related_in(
        &self,
        item: &Item,
        limit: usize,
        positions: Option<&Positions>,
    ) -> Vec<Arc<Item>> {
        let kind = if item.channel.is_some() {
            Alike::Channel
        } else {
            Alike::Tags
        };
        let Some((alike, at)) = self.alike(item, kind, limit, positions) else {
            return Vec::new();
        };
        let (newer, older) = (at, alike.len() - at - 1);
        // Half older (the odd one too), more when there are too few newer ones; then newer.
        let older_taken = older.min((limit - limit / 2).max(limit.saturating_sub(newer)));
        let newer_taken = newer.min(limit - older_taken);
        alike[at - newer_taken..at]
            .iter()
            .chain(&alike[at + 1..at + 1 + older_taken])
            .map(|&p| self.items[p].clone())
            .collect()
    }

    /// 相关阅读 of an article: up to `limit` items published before it that share the most tags
    /// with it, then those of its channel, then the newest. Only older items, and among those
    /// only the [`READING_REACH`] nearest in time for each tag: a new item then changes no
    /// older article's list, and a list costs the same at 100,000 items as at 100.
    pub fn reading_list_in(
        &self,
        item: &Item,
        limit: usize,
        positions: Option<&Positions>,
    ) -> Vec<Arc<Item>> {
        let Some(&own) = self.index.get(&item.id) else {
            return Vec::new();
        };
        let mut candidates: Vec<usize> = Vec::new();
        for tag in &item.tags {
            let older: Vec<usize> = match positions.and_then(|p| p.tags.get(tag)) {
                Some(list) => {
                    let from = list.partition_point(|&p| p <= own);
                    list[from..].iter().take(READING_REACH).copied().collect()
                }
                None if positions.is_some() => Vec::new(),
                None => (own + 1..self.items.len())
                    .filter(|&p| self.items[p].tags.contains(tag))
                    .take(READING_REACH)
                    .collect(),
            };
            candidates.extend(older);
        }
        candidates.sort_unstable();
        candidates.dedup();
        // The tags as numbers when `positions` has them for this very item (one given that is
        // not the catalog's own may have other tags).
        let numbers = positions
            .filter(|_| {
                self.items
                    .get(own)
                    .is_some_and(|i| std::ptr::eq(&**i, item))
            })
            .and_then(|p| Some((p.tag_numbers.get(own)?, &p.tag_numbers)));
        // Most tags shared, then the same channel, then the newest (the lowest position), as
        // one number: the tags shared above the channel's bit above the position's complement.
        // Positions are distinct, so the order is total. The best `limit` are picked one by
        // one, not sorted: `limit` is a handful, and a sort of these was another ~1.7 KB
        // instantiation of std's sort in the wasm. As tuples, the picking was half of this
        // function's samples in a one-new-item sync at 100,000 items.
        let mut ranks: Vec<u128> = candidates
            .into_iter()
            .map(|p| {
                let other = &self.items[p];
                let shared = match numbers.and_then(|(mine, all)| Some((mine, all.get(p)?))) {
                    Some((mine, theirs)) => theirs.iter().filter(|n| mine.contains(n)).count(),
                    None => other.tags.iter().filter(|t| item.tags.contains(t)).count(),
                };
                let same = other.channel == item.channel && item.channel.is_some();
                ((shared as u128) << 65) | (u128::from(same) << 64) | u128::from(!(p as u64))
            })
            .collect();
        let mut chosen = Vec::new();
        while chosen.len() < limit {
            let Some((best, &rank)) = ranks.iter().enumerate().max_by_key(|(_, rank)| **rank)
            else {
                break;
            };
            ranks.swap_remove(best);
            chosen.push(self.items[!(rank as u64) as usize].clone());
        }
        chosen
    }

    /// The 相关阅读 an article shows: those the publisher chose (`_portal.related`) that are
    /// loaded, else [`Catalog::reading_list_in`] over the items loaded.
    pub fn reading_list(&self, item: &Item, limit: usize) -> Vec<Arc<Item>> {
        if !item.related.is_empty() {
            return item
                .related
                .iter()
                .filter_map(|id| self.item(id).cloned())
                .take(limit)
                .collect();
        }
        self.reading_list_in(item, limit, None)
    }

    /// Where each channel's and tag's items stand in the catalog: what finding many items'
    /// neighbours and related items at once needs. Scanning the catalog for each, as
    /// [`Catalog::related`] does, took the publisher past 7 minutes at 100,000 items.
    pub fn positions(&self) -> Positions {
        let mut positions = Positions::default();
        let mut numbers: HashMap<&str, usize> = HashMap::new();
        for (p, item) in self.items.iter().enumerate() {
            positions
                .channels
                .entry(item.channel.clone())
                .or_default()
                .push(p);
            let mut own = Vec::with_capacity(item.tags.len());
            for tag in &item.tags {
                let next = numbers.len();
                own.push(*numbers.entry(tag).or_insert(next));
                positions.tags.entry(tag.clone()).or_default().push(p);
            }
            positions.tag_numbers.push(own);
        }
        positions
    }

    /// The catalog positions (ascending: newest first) of the items like `item` around it, at
    /// least `reach` on either side where there are so many, and where `item` is among them.
    fn alike(
        &self,
        item: &Item,
        kind: Alike,
        reach: usize,
        positions: Option<&Positions>,
    ) -> Option<(Vec<usize>, usize)> {
        let own = *self.index.get(&item.id)?;
        let is_alike = |other: &Item| match kind {
            Alike::Channel => other.channel == item.channel,
            Alike::Tags => other.id == item.id || other.tags.iter().any(|t| item.tags.contains(t)),
        };
        let alike: Vec<usize> = match positions {
            None => (0..self.items.len())
                .filter(|&p| is_alike(&self.items[p]))
                .collect(),
            Some(positions) => {
                let lists: Vec<&Vec<usize>> = match kind {
                    Alike::Channel => positions.channels.get(&item.channel).into_iter().collect(),
                    Alike::Tags => item
                        .tags
                        .iter()
                        .filter_map(|t| positions.tags.get(t))
                        .collect(),
                };
                // Around `own` in each list; the nearest of their union are among these.
                let mut window = vec![own];
                for list in lists {
                    let at = list.partition_point(|&p| p < own);
                    let from = at.saturating_sub(reach);
                    let to = (at + reach + 1).min(list.len());
                    window.extend_from_slice(&list[from..to]);
                }
                window.sort_unstable();
                window.dedup();
                window
            }
        };
        let at = alike.iter().position(|&p| p == own)?;
        Some((alike, at))
    }
}

/// Items of a tag looked at on either side of an article for its 相关阅读.
pub const READING_REACH: usize = 30;

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

/// Page `page` (1-based; out of range is clamped) of `items`, `size` a page, all of the list.
pub fn paginate(items: &[Arc<Item>], page: usize, size: usize) -> Paged {
    paginate_list(items, page, size, Extent::Complete)
}

/// Page `page` (1-based) of a list of which `items` have been read, `size` a page. A page
/// past the list is clamped to its last page, once the list's length is known (`extent`); a
/// page known to exist, or that may, whose items are not read yet is `pending`.
pub fn paginate_list(items: &[Arc<Item>], page: usize, size: usize, extent: Extent) -> Paged {
    let size = size.max(1);
    let read = items.len();
    let total_items = match extent {
        Extent::Declared(total) => total.max(read),
        Extent::Unread | Extent::Complete | Extent::More => read,
    };
    let total_pages = total_items.div_ceil(size).max(1);
    let more = matches!(extent, Extent::More | Extent::Unread);
    let page = if more {
        page.max(1)
    } else {
        page.clamp(1, total_pages)
    };
    let start = (page - 1).saturating_mul(size);
    let expected = total_items.saturating_sub(start).min(size);
    let items: Vec<Arc<Item>> = items.iter().skip(start).take(size).cloned().collect();
    let pending = match extent {
        Extent::Unread => true,
        Extent::More => page > total_pages,
        Extent::Complete | Extent::Declared(_) => items.len() < expected,
    };
    Paged {
        total_pages: total_pages.max(if pending { page } else { 1 }),
        items: if pending { Vec::new() } else { items },
        page,
        total_items,
        pending,
        more,
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

/// Sorts items by `order`, stably (equal items keep their order). Every sort of items goes
/// through this one function with the order as a `dyn Fn`: each `sort_by` with its own closure
/// was its own copy of the standard library's stable sort in the wasm (bench/README.md, the
/// wasm's ledger).
pub fn sort_items(items: &mut [Arc<Item>], order: &dyn Fn(&Item, &Item) -> Ordering) {
    items.sort_by(|a, b| order(a, b));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::feed::parse_feed;

    /// A page of `ids` (`(id, day)`, day 0 for no date), with `context` ids, excerpts or not.
    fn page(items: &[(u32, u32)], context: &[(u32, u32)], excerpt: bool, next: bool) -> FeedPage {
        let item = |&(id, day): &(u32, u32)| {
            let date = if day == 0 {
                String::new()
            } else {
                format!(r#", "date_published": "2021-09-{day:02}T10:00:00+08:00""#)
            };
            format!(
                r#"{{"id": "i{id}", "content_text": "x"{date}, "_portal": {{"excerpt": {excerpt}, "channel": "c{}"}}}}"#,
                id % 3
            )
        };
        let list = |items: &[(u32, u32)]| items.iter().map(item).collect::<Vec<_>>().join(",");
        let next = if next {
            r#", "next_url": "more.json""#
        } else {
            ""
        };
        let text = format!(
            r#"{{"version": "https://jsonfeed.org/version/1.1", "items": [{}], "_portal": {{"context": [{}]}}{next}}}"#,
            list(items),
            list(context)
        );
        parse_feed(&text, "https://x.test/content/feed.json").expect("a test page")
    }

    /// Files added one by one give the order, index and timeline a whole rebuild gives,
    /// whether they append in order (the fast path) or not: 300 sequences of random files, half
    /// of them chains of ever older pages.
    #[test]
    fn adding_files_orders_as_a_whole_sort_does() {
        let mut seed: u64 = 20210902;
        let mut next = |n: u32| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % u64::from(n)) as u32
        };
        let feed = "https://x.test/content/feed.json";
        let mut appended_in_order = 0;
        for run in 0..300 {
            let chain = run % 2 == 0;
            let mut id = 0;
            let mut items = |n: u32, step: u32, next: &mut dyn FnMut(u32) -> u32| {
                let mut list: Vec<(u32, u32)> = (0..n)
                    .map(|_| {
                        id += 1;
                        let day = if chain {
                            28 - 4 * step - next(4)
                        } else {
                            next(29)
                        };
                        (if chain { id } else { next(40) }, day)
                    })
                    .collect();
                if chain {
                    list.sort_by_key(|item| std::cmp::Reverse(item.1));
                }
                list
            };
            let first = page(&items(4, 0, &mut next), &items(2, 0, &mut next), true, true);
            let mut catalog = Catalog::new(first, feed);
            for step in 1..6 {
                let list = items(5, step, &mut next);
                let context = if chain {
                    Vec::new()
                } else {
                    items(2, step, &mut next)
                };
                let before: Vec<Arc<Item>> = catalog.items.clone();
                let url = format!("https://x.test/content/p{step}.json");
                match (chain, step % 3) {
                    (true, _) | (false, 0) => {
                        catalog.add_page(page(&list, &context, true, true), &url)
                    }
                    (false, 1) => catalog.add_list_page(
                        &ListKey::Channel("c1".into()),
                        page(&list, &context, true, false),
                        &url,
                    ),
                    (false, _) => catalog.add_file(page(&list[..1], &context, false, false), &url),
                }
                if before
                    .iter()
                    .zip(&catalog.items)
                    .all(|(a, b)| Arc::ptr_eq(a, b))
                {
                    appended_in_order += 1;
                }
                let mut whole = catalog.clone();
                whole.replaced = true;
                whole.sort();
                let ids = |c: &Catalog| c.items.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
                assert_eq!(ids(&catalog), ids(&whole));
                let timeline = |c: &Catalog| {
                    c.timeline
                        .iter()
                        .map(|i| (i.id.clone(), i.excerpt))
                        .collect::<Vec<_>>()
                };
                assert_eq!(timeline(&catalog), timeline(&whole));
                assert_eq!(catalog.index, whole.index);
                for item in &catalog.items {
                    assert!(Arc::ptr_eq(item, &catalog.items[catalog.index[&item.id]]));
                }
            }
        }
        assert!(
            appended_in_order > 500,
            "{appended_in_order} files appended in order"
        );
    }
}
