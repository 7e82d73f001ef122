//! The default store: SQLite in one file, in WAL mode, so `/api` readers never wait for the
//! writer and a copy can be taken while it runs (`sqlite3 FILE ".backup COPY"`).
//!
//! `synchronous = NORMAL`: a commit is in the WAL when it returns, so a `kill -9` loses nothing
//! committed (the operating system has it); a power cut may lose the last commits, at most the
//! last seconds of counts, never the file.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{params, Connection, OptionalExtension};

use super::{tally, BoxFuture, Counted, Hit, Store, Totals, SCHEMA_VERSION};
use crate::Error;

/// The SQLite store.
pub struct Sqlite {
    connection: Arc<Mutex<Connection>>,
}

fn failed(what: &str) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| Error::caused(format!("SQLite: {what}"), e)
}

impl Sqlite {
    /// Opens (or makes) the file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Sqlite, Error> {
        let name = path.display().to_string();
        let connection = Connection::open(path)
            .map_err(|e| Error::caused(format!("{name}: cannot be opened as SQLite"), e))?;
        connection
            .pragma_update(None, "journal_mode", "WAL")
            .and_then(|()| connection.pragma_update(None, "synchronous", "NORMAL"))
            .and_then(|()| connection.busy_timeout(std::time::Duration::from_secs(5)))
            .map_err(|e| Error::caused(name.to_string(), e))?;
        migrate(&connection).map_err(|e| e.at(&name))?;
        Ok(Sqlite {
            connection: Arc::new(Mutex::new(connection)),
        })
    }

    /// Runs `work` on the connection in tokio's blocking pool.
    fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, Error> + Send + 'static,
    ) -> BoxFuture<'_, Result<T, Error>> {
        let connection = self.connection.clone();
        Box::pin(async move {
            tokio::task::spawn_blocking(move || {
                let mut connection = match connection.lock() {
                    Ok(c) => c,
                    Err(poisoned) => poisoned.into_inner(),
                };
                work(&mut connection)
            })
            .await
            .map_err(|e| Error::caused("SQLite: the writer stopped", e))?
        })
    }
}

/// Version 1: counts and seen. `user_version` holds the version.
fn migrate(connection: &Connection) -> Result<(), Error> {
    let version: i64 = connection
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|e| Error::caused("the schema version cannot be read", e))?;
    if version > SCHEMA_VERSION {
        return Err(Error::new(format!(
            "its schema is version {version}, newer than this portal-counter's {SCHEMA_VERSION}: \
             run the newer portal-counter"
        )));
    }
    if version < 1 {
        connection
            .execute_batch(
                "BEGIN;
                 CREATE TABLE IF NOT EXISTS counts (
                     article TEXT NOT NULL,
                     day INTEGER NOT NULL,
                     count INTEGER NOT NULL,
                     PRIMARY KEY (article, day)
                 ) WITHOUT ROWID;
                 CREATE TABLE IF NOT EXISTS seen (
                     key BLOB PRIMARY KEY,
                     expires INTEGER NOT NULL
                 ) WITHOUT ROWID;
                 CREATE INDEX IF NOT EXISTS seen_expires ON seen (expires);
                 PRAGMA user_version = 1;
                 COMMIT;",
            )
            .map_err(|e| Error::caused("the schema cannot be made", e))?;
    }
    Ok(())
}

impl Store for Sqlite {
    fn flush(
        &self,
        hits: Vec<Hit>,
        now: i64,
        expires: i64,
    ) -> BoxFuture<'_, Result<Counted, Error>> {
        self.run(move |connection| {
            let tx = connection.transaction().map_err(failed("begin"))?;
            tx.execute("DELETE FROM seen WHERE expires <= ?1", params![now])
                .map_err(failed("delete expired keys"))?;
            let mut new = Vec::with_capacity(hits.len());
            {
                let mut keep = tx
                    .prepare_cached(
                        "INSERT INTO seen (key, expires) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
                    )
                    .map_err(failed("prepare"))?;
                for hit in &hits {
                    if keep
                        .execute(params![&hit.key[..], expires])
                        .map_err(failed("keep a key"))?
                        == 1
                    {
                        new.push(hit);
                    }
                }
            }
            let counted = tally(new);
            {
                let mut add = tx
                    .prepare_cached(
                        "INSERT INTO counts (article, day, count) VALUES (?1, ?2, ?3)
                         ON CONFLICT (article, day) DO UPDATE SET count = count + excluded.count",
                    )
                    .map_err(failed("prepare"))?;
                for ((article, day), n) in &counted {
                    add.execute(params![article, day, *n as i64])
                        .map_err(failed("add a count"))?;
                }
            }
            tx.commit().map_err(failed("commit"))?;
            Ok(counted)
        })
    }

    fn totals(&self, since: [i64; 3]) -> BoxFuture<'_, Result<Totals, Error>> {
        self.run(move |connection| {
            let mut query = connection
                .prepare_cached(
                    "SELECT article, SUM(count),
                            SUM(CASE WHEN day >= ?1 THEN count ELSE 0 END),
                            SUM(CASE WHEN day >= ?2 THEN count ELSE 0 END),
                            SUM(CASE WHEN day >= ?3 THEN count ELSE 0 END)
                     FROM counts GROUP BY article",
                )
                .map_err(failed("prepare"))?;
            let rows = query
                .query_map(params![since[0], since[1], since[2]], |row| {
                    let n = |i| row.get::<_, i64>(i).map(|n| n.max(0) as u64);
                    Ok((row.get::<_, String>(0)?, [n(1)?, n(2)?, n(3)?, n(4)?]))
                })
                .map_err(failed("read counts"))?;
            rows.collect::<Result<Totals, _>>()
                .map_err(failed("read counts"))
        })
    }
}

impl Sqlite {
    /// `PRAGMA integrity_check`'s answer: `ok` for a sound file.
    pub fn integrity(&self) -> Result<String, Error> {
        let connection = match self.connection.lock() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        };
        connection
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .optional()
            .map(Option::unwrap_or_default)
            .map_err(failed("integrity check"))
    }
}
