//! The counting rules against a real PostgreSQL server: `PORTAL_TEST_POSTGRES` names it
//! (scripts/postgres.sh starts Debian's and sets it; scripts/test.sh runs it). Without it the
//! test says so and passes, unless `PORTAL_REQUIRE_FIXTURES=1`, as in CI, where that fails.

use crate::api::counting_rules;
use crate::support::{write_site, Served, TempDir, ITEMS};

#[test]
fn postgres_counts_by_the_rules() {
    let Ok(url) = std::env::var("PORTAL_TEST_POSTGRES") else {
        let required = std::env::var("PORTAL_REQUIRE_FIXTURES").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "PORTAL_TEST_POSTGRES is not set but PORTAL_REQUIRE_FIXTURES=1: start PostgreSQL with scripts/postgres.sh"
        );
        eprintln!("SKIPPED postgres_counts_by_the_rules: PORTAL_TEST_POSTGRES is not set (scripts/postgres.sh)");
        return;
    };
    // A fresh schema: drop what an earlier run left.
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
            .await
            .expect("PostgreSQL at PORTAL_TEST_POSTGRES");
        tokio::spawn(connection);
        client
            .batch_execute("DROP TABLE IF EXISTS counts, seen, portal_counter_schema")
            .await
            .expect("drop");
    });
    let dir = TempDir::new("postgres");
    write_site(&dir.0, ITEMS);
    let served = Served::start(&dir.0, &url, 1000);
    counting_rules(&served);
    // A second counter on the same database (another front machine) reads the same counts.
    drop(served);
    let again = Served::start(&dir.0, &url, 1000);
    assert_eq!(again.views("a"), Some(10));
}
