//! Where counts are kept, behind one small trait: [`sqlite::Sqlite`] (the default, one file)
//! and [`postgres::Postgres`] (for several front machines sharing one count). Both hold:
//!
//! - `counts(article, day, count)`: how many readers read the article on that day (a day
//!   number, see [`crate::day`]);
//! - `seen(key, expires)`: the dedupe keys of the last 30 minutes ([`crate::dedupe`]);
//! - the schema's version ([`SCHEMA_VERSION`]), migrated on start.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

use crate::dedupe::Key;
use crate::Error;

pub mod postgres;
pub mod sqlite;

/// The schema this build writes. A database of a newer one is refused, not written.
pub const SCHEMA_VERSION: i64 = 1;

/// One hit waiting to be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub key: Key,
    pub article: String,
    pub day: i64,
}

/// Hits counted by one batch: (article, day) → how many.
pub type Counted = BTreeMap<(String, i64), u64>;

/// Per article: counted all time, and since each of the three first days asked for.
pub type Totals = Vec<(String, [u64; 4])>;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What the counter asks of a database.
pub trait Store: Send + Sync {
    /// Writes one batch in one transaction: deletes the keys expired at `now`, keeps each hit's
    /// key until `expires`, and counts the hits whose key was not already kept. Returns those.
    fn flush(
        &self,
        hits: Vec<Hit>,
        now: i64,
        expires: i64,
    ) -> BoxFuture<'_, Result<Counted, Error>>;

    /// Every article's count: all time, and since each of `since` (day numbers).
    fn totals(&self, since: [i64; 3]) -> BoxFuture<'_, Result<Totals, Error>>;
}

/// The hits of a batch counted per (article, day), the batch's own repeats already gone.
pub(crate) fn tally<'a>(hits: impl IntoIterator<Item = &'a Hit>) -> Counted {
    let mut counted = Counted::new();
    for hit in hits {
        *counted.entry((hit.article.clone(), hit.day)).or_insert(0) += 1;
    }
    counted
}

/// Opens the database `spec` names: a `postgres://` or `postgresql://` URL, or a file path.
pub async fn open(spec: &str) -> Result<Box<dyn Store>, Error> {
    if spec.starts_with("postgres://") || spec.starts_with("postgresql://") {
        Ok(Box::new(postgres::Postgres::connect(spec).await?))
    } else {
        Ok(Box::new(sqlite::Sqlite::open(std::path::Path::new(spec))?))
    }
}
