//! `portal-counter`: the visit counter service (see the library's docs and deploy/README.md).

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use clap::Parser;
use portal_counter::counter::{stop_writing, write_every_second, Counter, Settings};
use portal_counter::dedupe::Salter;
use portal_counter::published::Published;
use portal_counter::Error;

/// Counts readers' visits to the published articles and answers 浏览 and 点击排行.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// The published site: the folder holding `current` (portal build --out), or a built folder.
    #[arg(long)]
    site: PathBuf,
    /// A SQLite file (made when absent), or a postgres:// URL to share counts between machines.
    #[arg(long, default_value = "portal-counter.sqlite")]
    database: String,
    /// Where to listen: nginx proxies api/ here.
    #[arg(long, default_value = "127.0.0.1:8091")]
    listen: SocketAddr,
    /// A proxy whose forwarded address is believed (repeatable), e.g. 127.0.0.1 for nginx.
    #[arg(long = "trusted-proxy")]
    trusted_proxies: Vec<IpAddr>,
    /// The header a trusted proxy puts the reader's address in.
    #[arg(long, default_value = "X-Forwarded-For")]
    address_header: String,
    /// Requests a minute from one address before 429.
    #[arg(long, default_value_t = 120)]
    rate_limit: u32,
    /// Keep the salt's secret in this file (made when absent; copy it to every machine sharing
    /// a PostgreSQL database). Without it, each run has its own.
    #[arg(long)]
    salt_file: Option<PathBuf>,
}

#[tokio::main]
async fn main() {
    if let Err(message) = run(Args::parse()).await {
        eprintln!("portal-counter: {message}");
        std::process::exit(1);
    }
}

async fn run(args: Args) -> Result<(), Error> {
    let salter = match &args.salt_file {
        Some(path) => Salter::from_file(path)?,
        None => Salter::random()?,
    };
    let published = Published::read(&args.site)?;
    let store = portal_counter::store::open(&args.database).await?;
    let settings = Settings {
        site: Some(args.site.clone()),
        trusted_proxies: args
            .trusted_proxies
            .iter()
            .map(|a| a.to_canonical())
            .collect(),
        address_header: args.address_header.to_ascii_lowercase(),
        rate_limit: args.rate_limit,
        salter,
    };
    let articles = published.articles.len();
    let counter = Arc::new(Counter::new(
        settings,
        store,
        published,
        Box::new(portal_counter::day::unix_now),
    ));
    counter.refresh().await?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| Error::caused(format!("cannot listen on {}", args.listen), e))?;
    eprintln!(
        "portal-counter: {articles} published articles, listening on {}",
        args.listen
    );
    let writer = tokio::spawn(write_every_second(counter.clone()));
    let app = portal_counter::server::router(counter.clone())
        .into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(stopped())
        .await
        .map_err(|e| Error::caused("the server stopped", e))?;
    // What is queued is written before the service ends.
    stop_writing(&counter, writer).await?;
    Ok(())
}

/// SIGTERM (systemd's stop) or Ctrl-C.
async fn stopped() {
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term => {}
    }
}
