//! The shared store: PostgreSQL, for a site with several front machines behind a load
//! balancer, which then count into one table and dedupe against one set of keys. A batch is two
//! statements over arrays (`unnest`), not one per hit. Rows are upserted in (article, day)
//! order, so two machines' batches never deadlock. A lost connection is made again at the next
//! batch; the batch that failed is tried again (see [`crate::counter`]).

use tokio::sync::Mutex;
use tokio_postgres::{Client, NoTls};

use super::{tally, BoxFuture, Counted, Hit, Store, Totals, SCHEMA_VERSION};
use crate::Error;

/// The PostgreSQL store.
pub struct Postgres {
    url: String,
    client: Mutex<Client>,
}

fn failed(what: &'static str) -> impl Fn(tokio_postgres::Error) -> Error {
    move |e| Error::caused(format!("PostgreSQL: {what}"), e)
}

async fn connect(url: &str) -> Result<Client, Error> {
    let (client, connection) = tokio_postgres::connect(url, NoTls)
        .await
        .map_err(failed("cannot connect"))?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            eprintln!("portal-counter: PostgreSQL connection ended: {e}");
        }
    });
    Ok(client)
}

impl Postgres {
    /// Connects and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<Postgres, Error> {
        let mut client = connect(url).await?;
        migrate(&mut client).await?;
        Ok(Postgres {
            url: url.to_string(),
            client: Mutex::new(client),
        })
    }

    /// The client, connected again when the connection was lost.
    async fn client(&self) -> Result<tokio::sync::MutexGuard<'_, Client>, Error> {
        let mut client = self.client.lock().await;
        if client.is_closed() {
            *client = connect(&self.url).await?;
        }
        Ok(client)
    }
}

/// Version 1: counts and seen; `portal_counter_schema` holds the version. Several machines
/// starting at once: the advisory lock lets one migrate while the others wait.
async fn migrate(client: &mut Client) -> Result<(), Error> {
    let tx = client.transaction().await.map_err(failed("begin"))?;
    tx.execute("SELECT pg_advisory_xact_lock(7262001)", &[])
        .await
        .map_err(failed("lock for the migration"))?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS portal_counter_schema (version BIGINT NOT NULL)")
        .await
        .map_err(failed("make the schema table"))?;
    let version: i64 = tx
        .query_opt("SELECT max(version) FROM portal_counter_schema", &[])
        .await
        .map_err(failed("read the schema version"))?
        .and_then(|row| row.get::<_, Option<i64>>(0))
        .unwrap_or(0);
    if version > SCHEMA_VERSION {
        return Err(Error::new(format!(
            "PostgreSQL: the schema is version {version}, newer than this portal-counter's \
             {SCHEMA_VERSION}: run the newer portal-counter"
        )));
    }
    if version < 1 {
        tx.batch_execute(
            "CREATE TABLE counts (
                 article TEXT NOT NULL,
                 day BIGINT NOT NULL,
                 count BIGINT NOT NULL,
                 PRIMARY KEY (article, day)
             );
             CREATE TABLE seen (key BYTEA PRIMARY KEY, expires BIGINT NOT NULL);
             CREATE INDEX seen_expires ON seen (expires);
             INSERT INTO portal_counter_schema (version) VALUES (1);",
        )
        .await
        .map_err(failed("make the schema"))?;
    }
    tx.commit().await.map_err(failed("commit the migration"))
}

impl Store for Postgres {
    fn flush(
        &self,
        hits: Vec<Hit>,
        now: i64,
        expires: i64,
    ) -> BoxFuture<'_, Result<Counted, Error>> {
        Box::pin(async move {
            let mut client = self.client().await?;
            let tx = client.transaction().await.map_err(failed("begin"))?;
            tx.execute("DELETE FROM seen WHERE expires <= $1", &[&now])
                .await
                .map_err(failed("delete expired keys"))?;
            let keys: Vec<&[u8]> = hits.iter().map(|h| &h.key[..]).collect();
            let kept = tx
                .query(
                    "INSERT INTO seen (key, expires) SELECT k, $2 FROM unnest($1::bytea[]) AS k
                     ON CONFLICT (key) DO NOTHING RETURNING key",
                    &[&keys, &expires],
                )
                .await
                .map_err(failed("keep the keys"))?;
            let new: std::collections::HashSet<Vec<u8>> =
                kept.iter().map(|row| row.get::<_, Vec<u8>>(0)).collect();
            let counted = tally(hits.iter().filter(|h| new.contains(&h.key[..])));
            let articles: Vec<&str> = counted.keys().map(|(a, _)| a.as_str()).collect();
            let days: Vec<i64> = counted.keys().map(|(_, d)| *d).collect();
            let counts: Vec<i64> = counted.values().map(|n| *n as i64).collect();
            tx.execute(
                "INSERT INTO counts (article, day, count)
                 SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[])
                 ON CONFLICT (article, day) DO UPDATE SET count = counts.count + EXCLUDED.count",
                &[&articles, &days, &counts],
            )
            .await
            .map_err(failed("add the counts"))?;
            tx.commit().await.map_err(failed("commit"))?;
            Ok(counted)
        })
    }

    fn totals(&self, since: [i64; 3]) -> BoxFuture<'_, Result<Totals, Error>> {
        Box::pin(async move {
            let client = self.client().await?;
            let rows = client
                .query(
                    "SELECT article, SUM(count)::bigint,
                            SUM(CASE WHEN day >= $1 THEN count ELSE 0 END)::bigint,
                            SUM(CASE WHEN day >= $2 THEN count ELSE 0 END)::bigint,
                            SUM(CASE WHEN day >= $3 THEN count ELSE 0 END)::bigint
                     FROM counts GROUP BY article",
                    &[&since[0], &since[1], &since[2]],
                )
                .await
                .map_err(failed("read counts"))?;
            Ok(rows
                .iter()
                .map(|row| {
                    let n = |i| row.get::<_, i64>(i).max(0) as u64;
                    (row.get::<_, String>(0), [n(1), n(2), n(3), n(4)])
                })
                .collect())
        })
    }
}
