//! The counter's state: the published articles, the counts in memory, the hits waiting for the
//! next batch, and the ranking cache.
//!
//! - A hit is checked and queued in memory ([`Counter::hit`]); once a second the queue is
//!   written in one transaction ([`Counter::flush`]), so a `kill -9` loses at most the last
//!   second. A batch that fails (the database is away) is queued again, up to
//!   [`MAX_PENDING`] hits.
//! - `api/views` answers from the counts in memory: read from the database every
//!   [`REFRESH_SECS`] (other front machines' hits included), plus what this one wrote since.
//! - `api/top` answers from the ranking made at that same refresh, so it is at most
//!   [`REFRESH_SECS`] old.

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use portal_core::model::counter::{Ranked, Window, MAX_TOP};

use crate::day::day_of;
use crate::dedupe::{Key, Salter, KEEP_SECS};
use crate::limit::Limiter;
use crate::published::{stamp, Published};
use crate::store::{Counted, Hit, Store};
use crate::Error;

/// How often the counts and the ranking are read again from the database, in seconds.
pub const REFRESH_SECS: i64 = 10;
/// Hits held in memory at most (waiting for the database); past it a hit is refused with 503.
pub const MAX_PENDING: usize = 200_000;

/// Where the counter's settings come from: the command line, or a test.
pub struct Settings {
    /// The published site (`SITE`, holding `current`), read again when it changes.
    pub site: Option<PathBuf>,
    pub trusted_proxies: Vec<IpAddr>,
    /// The header a trusted proxy puts the reader's address in.
    pub address_header: String,
    pub rate_limit: u32,
    pub salter: Salter,
}

/// Why a hit was not taken.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// Not a published article.
    Unknown,
    /// Too many hits wait for the database.
    Busy,
}

/// What is known of the counts: per published article (by its position), counted in each
/// window ([`Window::EVERY`]'s order), and the ranking per window and channel.
#[derive(Default)]
struct Known {
    counted: HashMap<String, [u64; 4]>,
    /// The day the windows of `counted` were cut at.
    today: i64,
    top: HashMap<(Window, Option<String>), Vec<Ranked>>,
}

/// The queue of hits for the next batch.
#[derive(Default)]
struct Pending {
    hits: Vec<Hit>,
    keys: HashSet<Key>,
}

/// The counter: shared by the HTTP answers and the writer.
pub struct Counter {
    pub settings: Settings,
    store: Box<dyn Store>,
    published: RwLock<Arc<Published>>,
    known: RwLock<Known>,
    pending: Mutex<Pending>,
    /// Held while a batch is written: the service's end waits for it rather than dropping a
    /// batch in the middle (PostgreSQL's would be rolled back and lost).
    writing: tokio::sync::Mutex<()>,
    pub limiter: Limiter,
    /// The clock (Unix seconds): the tests move it.
    clock: Box<dyn Fn() -> i64 + Send + Sync>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Counter {
    pub fn new(
        settings: Settings,
        store: Box<dyn Store>,
        published: Published,
        clock: Box<dyn Fn() -> i64 + Send + Sync>,
    ) -> Counter {
        let limiter = Limiter::new(settings.rate_limit);
        Counter {
            settings,
            store,
            published: RwLock::new(Arc::new(published)),
            known: RwLock::new(Known::default()),
            pending: Mutex::new(Pending::default()),
            writing: tokio::sync::Mutex::new(()),
            limiter,
            clock,
        }
    }

    pub fn now(&self) -> i64 {
        (self.clock)()
    }

    pub fn published(&self) -> Arc<Published> {
        self.published
            .read()
            .map(|p| p.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }

    /// Takes a hit on `article` by the reader at `addr` with `user_agent` (not a bot's: the
    /// caller checked). Counted at the next batch unless the reader was counted for it in the
    /// last 30 minutes.
    pub fn hit(&self, article: &str, addr: IpAddr, user_agent: &str) -> Result<(), Refused> {
        let published = self.published();
        if published.get(article).is_none() {
            return Err(Refused::Unknown);
        }
        let day = day_of(self.now(), published.zone);
        let key = self.settings.salter.key(day, addr, user_agent, article);
        let mut pending = lock(&self.pending);
        if pending.hits.len() >= MAX_PENDING {
            return Err(Refused::Busy);
        }
        if pending.keys.insert(key) {
            pending.hits.push(Hit {
                key,
                article: article.to_string(),
                day,
            });
        }
        Ok(())
    }

    /// Hits waiting for the next batch.
    pub fn pending(&self) -> usize {
        lock(&self.pending).hits.len()
    }

    /// Writes the waiting hits in one transaction and adds those counted to the counts in
    /// memory. On failure they wait for the next batch.
    pub async fn flush(&self) -> Result<usize, Error> {
        let _writing = self.writing.lock().await;
        let hits = std::mem::take(&mut *lock(&self.pending)).hits;
        if hits.is_empty() {
            return Ok(0);
        }
        let now = self.now();
        match self.store.flush(hits.clone(), now, now + KEEP_SECS).await {
            Ok(counted) => {
                let n = counted.values().sum::<u64>() as usize;
                self.add(&counted);
                Ok(n)
            }
            Err(e) => {
                let mut pending = lock(&self.pending);
                for hit in hits {
                    if pending.hits.len() < MAX_PENDING && pending.keys.insert(hit.key) {
                        pending.hits.push(hit);
                    }
                }
                Err(e)
            }
        }
    }

    fn add(&self, counted: &Counted) {
        let Ok(mut known) = self.known.write() else {
            return;
        };
        let today = known.today;
        for ((article, day), n) in counted {
            let counts = known.counted.entry(article.clone()).or_insert([0; 4]);
            for (i, window) in Window::EVERY.iter().enumerate() {
                if *day >= window.first_day(today) {
                    counts[i] += n;
                }
            }
        }
    }

    /// Reads the counts from the database again and makes the ranking anew.
    pub async fn refresh(&self) -> Result<(), Error> {
        let published = self.published();
        let today = day_of(self.now(), published.zone);
        let since = [
            Window::Day.first_day(today),
            Window::Week.first_day(today),
            Window::Month.first_day(today),
        ];
        let totals = self.store.totals(since).await?;
        let counted: HashMap<String, [u64; 4]> = totals.into_iter().collect();
        let top = rank(&published, &counted);
        if let Ok(mut known) = self.known.write() {
            *known = Known {
                counted,
                today,
                top,
            };
        }
        Ok(())
    }

    /// Reads the published site again when a release switched; whether it did.
    pub fn reread_if_switched(&self) -> Result<bool, Error> {
        let Some(site) = &self.settings.site else {
            return Ok(false);
        };
        if stamp(site) == self.published().stamp {
            return Ok(false);
        }
        let published = Published::read(site)?;
        if let Ok(mut current) = self.published.write() {
            *current = Arc::new(published);
        }
        Ok(true)
    }

    /// All-time views of each published id of `ids` (the feed's starting count and what was
    /// counted); ids not published are left out.
    pub fn views<'a>(&self, ids: &'a [String]) -> Vec<(&'a str, u64)> {
        let published = self.published();
        let Ok(known) = self.known.read() else {
            return Vec::new();
        };
        ids.iter()
            .filter_map(|id| {
                let article = published.get(id)?;
                let counted = known.counted.get(id).map_or(0, |c| c[0]);
                Some((id.as_str(), article.views + counted))
            })
            .collect()
    }

    /// The `n` most read of `window` (in `channel`), as of the last refresh.
    pub fn top(&self, window: Window, channel: Option<&str>, n: usize) -> Vec<Ranked> {
        let Ok(known) = self.known.read() else {
            return Vec::new();
        };
        known
            .top
            .get(&(window, channel.map(str::to_string)))
            .map(|list| list.iter().take(n).cloned().collect())
            .unwrap_or_default()
    }
}

/// The rankings of every window, for the whole site and each channel: the most read first,
/// ties by the feed's order (newest first); only articles read at least once in the window.
fn rank(
    published: &Published,
    counted: &HashMap<String, [u64; 4]>,
) -> HashMap<(Window, Option<String>), Vec<Ranked>> {
    let mut top = HashMap::new();
    for (i, window) in Window::EVERY.iter().enumerate() {
        let mut read: Vec<(u64, usize)> = published
            .articles
            .iter()
            .enumerate()
            .map(|(at, article)| {
                let start = if *window == Window::All {
                    article.views
                } else {
                    0
                };
                (start + counted.get(&article.id).map_or(0, |c| c[i]), at)
            })
            .filter(|(n, _)| *n > 0)
            .collect();
        read.sort_by_key(|(n, at)| (std::cmp::Reverse(*n), *at));
        let entry = |&(views, at): &(u64, usize)| {
            let article = &published.articles[at];
            Ranked {
                id: article.id.clone(),
                title: article.title.clone(),
                views,
            }
        };
        let mut channels: HashMap<&str, Vec<Ranked>> = HashMap::new();
        for line in &read {
            if let Some(channel) = &published.articles[line.1].channel {
                let list = channels.entry(channel).or_default();
                if list.len() < MAX_TOP {
                    list.push(entry(line));
                }
            }
        }
        for (channel, list) in channels {
            top.insert((*window, Some(channel.to_string())), list);
        }
        top.insert(
            (*window, None),
            read.iter().take(MAX_TOP).map(entry).collect(),
        );
    }
    top
}

/// Stops the writer `writer` (a task running [`write_every_second`]) once no batch is being
/// written, then writes what is queued.
pub async fn stop_writing(
    counter: &Counter,
    writer: tokio::task::JoinHandle<()>,
) -> Result<usize, Error> {
    {
        let _writing = counter.writing.lock().await;
        writer.abort();
    }
    let _ = writer.await;
    counter.flush().await
}

/// The writer: once a second the batch, every [`REFRESH_SECS`] (and when a release switched)
/// the counts and ranking read again; every two seconds a look at the published site.
pub async fn write_every_second(counter: Arc<Counter>) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_refresh = counter.now();
    let mut seconds: u64 = 0;
    loop {
        tick.tick().await;
        seconds += 1;
        if let Err(e) = counter.flush().await {
            eprintln!("portal-counter: the batch waits: {e}");
        }
        let mut switched = false;
        if seconds.is_multiple_of(2) {
            match counter.reread_if_switched() {
                Ok(s) => switched = s,
                Err(e) => eprintln!("portal-counter: the published site stays as it was: {e}"),
            }
        }
        if switched || counter.now() - last_refresh >= REFRESH_SECS {
            last_refresh = counter.now();
            if let Err(e) = counter.refresh().await {
                eprintln!("portal-counter: counts not read again: {e}");
            }
        }
    }
}
