//! `portal`: the publisher, run natively at publish time (never part of the wasm build).
//!
//! ```sh
//! cargo run --release -p portal -- build --content public/content --dist dist --site-url https://example.com/
//! ```
//!
//! `build` exits 0 when built, 1 when the content cannot be read, is not a feed or has errors
//! (without `--force`), 2 on a usage error or when an output cannot be written. `check` exits
//! 0 when clean (warnings allowed), 1 on errors, 2 when the content cannot be read. `import`
//! exits 0 when imported, 1 when a source cannot be read or is not a feed (or what it gives has
//! errors), 2 on a usage error, a wrong site file or a folder that cannot be written. Every
//! command exits 75 (EX_TEMPFAIL) at once, saying so in one line, when another run holds the
//! lock of a folder it would write (src/lock.rs).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use portal::build::{build, BuildOptions};
use portal::check::{check_path, Severity};
use portal::import::net::Policy;
use portal::import::site::SiteFile;
use portal::import::{
    ImportReport, Options, SourceSpec, DEFAULT_MAX_ITEMS, DEFAULT_MAX_PICTURES,
    DEFAULT_MIRROR_DEADLINE_SECS, DEFAULT_TIMEOUT_SECS,
};
use portal::lock::{folder_lock, LOCKED_EXIT};
use portal::output::{Caps, Tally, DEFAULT_MAX_FILES, DEFAULT_MAX_MEGABYTES};
use portal::release::{publish_release, rollback};
use portal::site_url::SiteUrl;
use portal::status::{health, parse_age};
use portal::sync::{add_takedowns, exit_code, state_dir, Outcome, SyncOptions};
use portal::{unix_now, Error};

#[derive(Parser)]
#[command(name = "portal", about = "科创资讯门户's publisher")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Reads the content folder and writes into a release build's folder: a page for every
    /// route (the app's shell kept as shell.html), sitemap.xml, robots.txt, feed.xml and
    /// feed.json.
    Build {
        /// The authored content: a folder with feed.json (and its next_url pages, channel feeds).
        #[arg(long, default_value = "public/content")]
        content: PathBuf,
        /// A `trunk build --release` output.
        #[arg(long, default_value = "dist")]
        dist: PathBuf,
        /// Where the portal is served, e.g. https://example.com/ or https://example.com/portal/.
        #[arg(long)]
        site_url: String,
        /// Publishes even when `portal check` finds errors in the content (they are printed).
        #[arg(long)]
        force: bool,
        /// Publish as a release of this site folder instead of writing into --dist: build
        /// into SITE/releases/<time>/ (files unchanged since the last release hard-linked)
        /// and switch SITE/current to it in one step. Point nginx's root at SITE/current.
        /// When nothing it is made from changed since SITE/inputs.json was written, and no
        /// embargo ended, nothing is built; delete that file to build anyway.
        #[arg(long, value_name = "SITE")]
        out: Option<PathBuf>,
        /// The most files one build writes (unchanged and hard-linked ones counted): past it,
        /// the build stops with an error before the disk fills, and the served release stays.
        #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_FILES)]
        max_files: u64,
        /// The most megabytes (10^6 bytes) one build writes, counted the same way.
        #[arg(long, value_name = "MB", default_value_t = DEFAULT_MAX_MEGABYTES)]
        max_megabytes: u64,
    },
    /// Imports feeds (RSS 2.0, RSS 1.0, Atom 1.0, JSON Feed) into a content folder the
    /// portal reads, with the site file's settings; the folder is replaced only once the
    /// import has succeeded.
    ///
    /// The sources you name are fetched wherever they are. What they name is not trusted:
    /// pictures, a JSON Feed's next_url elsewhere and redirects elsewhere are fetched from
    /// public addresses only (never loopback, private, link-local, …); a local file is copied
    /// only from under the folder of the local feed or site file that names it, never a
    /// hidden one; a remote feed's _portal sets only site_name, slogans, channels and
    /// page_size, and the site's identity (备案, 网站标识码, 纠错, tiles, site mark) comes
    /// from the site file only. See docs/content-format.md.
    Import {
        /// Feeds: files or http(s) URLs; `SOURCE=slug` puts its items in channel `slug`.
        sources: Vec<String>,
        /// The content folder to write (created, or replaced when the import succeeds).
        #[arg(long)]
        out: PathBuf,
        /// The site file (site.toml): name, channels and their sources, footer pages, …
        #[arg(long)]
        site: Option<PathBuf>,
        /// Download pictures on other sites into the folder (images/mirrored/): from public
        /// addresses only, image/* answers of at most 5 MB.
        #[arg(long)]
        mirror_images: bool,
        /// Seconds to wait for one URL's answer, body included.
        #[arg(long, default_value_t = DEFAULT_TIMEOUT_SECS)]
        timeout: u64,
        /// Seconds the whole mirroring pass may take; pictures not fetched by then stay
        /// remote, and are counted.
        #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_MIRROR_DEADLINE_SECS)]
        mirror_deadline: u64,
        /// The most pictures one import fetches; the others stay remote, and are counted.
        #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_PICTURES)]
        max_pictures: usize,
        /// The most items one import keeps (the newest); the others are left out, and counted.
        #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_ITEMS)]
        max_items: usize,
        /// The most items kept of one source (its first); the others are left out, and said.
        #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_ITEMS)]
        max_items_per_source: usize,
        /// Lets pictures, next_url and redirects reach HOST even on a loopback, private or
        /// other non-public address (repeat for several hosts). RISK: whoever writes a feed
        /// you import can then make the publisher fetch any URL on HOST, and what it answers
        /// as a picture is published; name only a host that serves nothing private.
        #[arg(long, value_name = "HOST")]
        allow_host: Vec<String>,
    },
    /// Imports every source of the site file, checks, builds and switches SITE/current: one
    /// command for a systemd timer or cron. Sources are kept between runs beside the content
    /// folder (content.sync/): a window source's items accumulate, an archive source's are
    /// what it holds, a failing source keeps its last good items. Exit status 0 published,
    /// 1 failed (the site unchanged), 2 usage error, 3 published with some sources failing,
    /// 75 another run holds the lock.
    Sync {
        /// The site file: sources (each `mode = "window"` or `"archive"`), and `url`,
        /// `content`, `dist`, `takedown`, `drafts`, `draft_category`.
        #[arg(long)]
        site: PathBuf,
        /// The site folder: releases/ and current (nginx's root: SITE/current).
        #[arg(long, value_name = "SITE")]
        out: PathBuf,
        /// The content folder kept (default: the site file's `content`, else content/ beside it).
        #[arg(long)]
        content: Option<PathBuf>,
        /// The app's `trunk build --release` output (default: the site file's `dist`).
        #[arg(long)]
        dist: Option<PathBuf>,
        /// Where the portal is served (default: the site file's `url`).
        #[arg(long)]
        site_url: Option<String>,
        /// Seconds to wait for one URL's answer, body included.
        #[arg(long, default_value_t = DEFAULT_TIMEOUT_SECS)]
        timeout: u64,
        /// Download pictures on other sites into the content (as `portal import` does).
        #[arg(long)]
        mirror_images: bool,
        /// As `portal import --allow-host` (read its risk first).
        #[arg(long, value_name = "HOST")]
        allow_host: Vec<String>,
        /// The most items one run publishes (the newest); the others are left out, and said.
        #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_ITEMS)]
        max_items: usize,
    },
    /// Takes items down at the next `portal sync`, whatever their source says: they are left
    /// out of every output (page, article file, lists, search, sitemap, feeds).
    Takedown {
        /// The site file sync runs with.
        #[arg(long)]
        site: PathBuf,
        /// The content folder sync keeps, when not the site file's.
        #[arg(long)]
        content: Option<PathBuf>,
        /// Item ids.
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// How publishing into SITE is doing, as a monitoring check: exit 0 OK, 1 warning (a
    /// source failing), 2 critical (the last sync failed, or none published for --max-age),
    /// 3 unknown.
    Status {
        /// The site folder `portal sync --out` writes.
        site: PathBuf,
        /// One JSON object instead of lines.
        #[arg(long)]
        json: bool,
        /// Critical when no sync has published for this long: 90s, 30m, 2h, 1d.
        #[arg(long, default_value = "30m")]
        max_age: String,
    },
    /// Shows CONTENT as readers will see it, drafts and embargoed items included (marked
    /// 【预览 · 未发布】), on http://127.0.0.1:PORT/, rebuilt when a content file changes; a
    /// build that fails shows its error on the page and the last good one stays. Needs only
    /// this program and a built app (--dist).
    Preview {
        /// A content folder with feed.json.
        content: PathBuf,
        /// The app's `trunk build --release` output.
        #[arg(long, default_value = "dist")]
        dist: PathBuf,
        /// The port on 127.0.0.1 (0: any free one).
        #[arg(long, default_value_t = 8787)]
        port: u16,
    },
    /// Serves again the release served before the current one (SITE/current), by the site's
    /// history (SITE/history): a release rolled back is not served again unless named.
    Rollback {
        #[arg(long, value_name = "SITE")]
        out: PathBuf,
        /// Serves the release of this name (a folder under SITE/releases/) instead.
        #[arg(long, value_name = "NAME")]
        to: Option<String>,
    },
    /// Checks a content folder (or one feed file): the problems 内容提示 would list, in the
    /// same words, and what only a publisher can see. Exit status 0 when clean (warnings
    /// allowed), 1 on errors, 2 when it cannot be read.
    Check {
        /// A content folder with feed.json, or a feed file.
        path: PathBuf,
        /// `text`: one line a problem; `json`: one JSON object a line, for CI.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

/// mimalloc instead of glibc's malloc: in a profile of a 10k-item `portal build`, glibc's
/// malloc, free and their consolidation took a fifth of the samples (build.rs's pages are
/// many short-lived strings, made on two threads at once).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Rust ignores SIGPIPE, so `portal check … | head` made println! panic on the closed pipe;
    // with the default back, the process ends quietly there, as other command-line tools do.
    // SAFETY: setting a signal's disposition to the default, before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // No transparent huge pages for this process. mimalloc asks for them, and memory it gives
    // back and takes again is then zeroed 2 MB at a time: in a perf profile of a one-new-item
    // sync at 100,000 items, 18.6% of the samples were the kernel clearing huge pages. Without
    // them that sync's system time fell from 6.2–7.0 s to 4.5–4.7 s, and it was served 0.8–0.9 s
    // sooner (three alternated pairs, bench/README.md). mimalloc's own MIMALLOC_ALLOW_THP=0 makes
    // this same call; this one needs no environment. A kernel without the call ignores it.
    // SAFETY: prctl with integer arguments only, before any thread is started.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    match Cli::parse().command {
        Command::Build {
            content,
            dist,
            site_url,
            force,
            out,
            max_files,
            max_megabytes,
        } => {
            let options = BuildOptions {
                force,
                tally: Tally::new(Caps {
                    max_files,
                    max_bytes: max_megabytes.saturating_mul(1_000_000),
                }),
                ..BuildOptions::default()
            };
            publish(&content, &dist, &site_url, &options, out.as_deref())
        }
        Command::Check { path, format } => check(&path, format),
        Command::Import {
            sources,
            out,
            site,
            mirror_images,
            timeout,
            mirror_deadline,
            max_pictures,
            max_items,
            max_items_per_source,
            allow_host,
        } => {
            let seconds = |s: u64| std::time::Duration::from_secs(s.max(1));
            let options = Options {
                timeout: seconds(timeout),
                mirror_images,
                mirror_deadline: seconds(mirror_deadline),
                max_pictures,
                max_items,
                max_items_per_source,
                policy: Policy {
                    allow_hosts: allow_host,
                    ..Policy::default()
                },
            };
            import(&sources, &out, site.as_deref(), &options)
        }
        Command::Sync {
            site,
            out,
            content,
            dist,
            site_url,
            timeout,
            mirror_images,
            allow_host,
            max_items,
        } => {
            let options = SyncOptions {
                site_file: site,
                out,
                content,
                dist,
                site_url,
                import: Options {
                    timeout: std::time::Duration::from_secs(timeout.max(1)),
                    mirror_images,
                    max_items,
                    policy: Policy {
                        allow_hosts: allow_host,
                        ..Policy::default()
                    },
                    ..Options::default()
                },
                now: None,
            };
            sync(&options)
        }
        Command::Takedown { site, content, ids } => takedown(&site, content, &ids),
        Command::Preview {
            content,
            dist,
            port,
        } => {
            let ready = |root: &str| {
                println!(
                    "portal preview: {} at {root} (Ctrl-C to stop)",
                    content.display()
                );
            };
            match portal::preview::preview(&content, &dist, port, &ready) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("portal preview: {error}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Status {
            site,
            json,
            max_age,
        } => {
            let Some(max_age) = parse_age(&max_age) else {
                eprintln!("portal status: --max-age {max_age}: not a duration (90s, 30m, 2h, 1d)");
                return ExitCode::from(3);
            };
            let health = health(&site, unix_now(), max_age);
            if json {
                println!("{}", health.json);
            } else {
                println!("PORTAL {} - {}", health.verdict.word(), health.reason);
                for line in &health.details {
                    println!("{line}");
                }
            }
            ExitCode::from(health.verdict as u8)
        }
        Command::Rollback { out, to } => match rollback(&out, to.as_deref()) {
            Ok((from, to)) => {
                println!("serving {} (was {})", to.display(), from.display());
                ExitCode::SUCCESS
            }
            Err(error) => failed("rollback", &error, 2),
        },
    }
}

fn check(path: &Path, format: Format) -> ExitCode {
    let findings = match check_path(path, unix_now()) {
        Ok(findings) => findings,
        Err(error) => {
            eprintln!("portal check: {}: {error}", path.display());
            return ExitCode::from(2);
        }
    };
    let count = |severity| findings.iter().filter(|f| f.severity == severity).count();
    let errors = count(Severity::Error);
    for finding in &findings {
        match format {
            Format::Json => println!("{}", finding.to_json()),
            Format::Text => println!("{}: {finding}", label(finding.severity)),
        }
    }
    if format == Format::Text {
        eprintln!(
            "portal check: {}: {errors} errors, {} warnings, {} items held back (notes)",
            path.display(),
            count(Severity::Warning),
            count(Severity::Note)
        );
    }
    ExitCode::from(u8::from(errors > 0))
}

fn import(sources: &[String], out: &Path, site: Option<&Path>, options: &Options) -> ExitCode {
    let site = match site.map(SiteFile::read).transpose() {
        Ok(site) => site,
        Err(problem) => {
            eprintln!("portal import: {problem}");
            return ExitCode::from(2);
        }
    };
    let specs: Vec<SourceSpec> = sources.iter().map(|s| SourceSpec::parse(s)).collect();
    let report = match portal::import::import(&specs, site.as_ref(), out, options) {
        Ok(report) => report,
        Err(error) => {
            let status = match error {
                Error::Source { .. } | Error::Refused { .. } | Error::Content(_) => 1,
                _ => 2,
            };
            return failed("import", &error, status);
        }
    };
    for source in &report.sources {
        let mut line = format!(
            "{}: {}, {} items, {} kept",
            source.name, source.format, source.items, source.kept
        );
        if source.kept < source.items {
            line.push_str(&format!(
                " ({} repeating an item read before: same id or link)",
                source.items - source.kept
            ));
        }
        println!("{line}");
        if source.unreadable > 0 {
            println!(
                "  {} entries have no readable text: kept with their title and a link to the original",
                source.unreadable
            );
        }
        if source.empty > 0 {
            println!(
                "  {} entries have neither a title nor readable text: left out",
                source.empty
            );
        }
        if source.undated > 0 {
            println!(
                "  {} entries have no date this portal can read",
                source.undated
            );
        }
        for note in &source.notes {
            println!("  {note}");
        }
    }
    if report.pictures_mirrored > 0 || !report.mirror_failures.is_empty() {
        println!(
            "pictures mirrored: {}; not mirrored: {}",
            report.pictures_mirrored,
            report.mirror_failures.len()
        );
        for failure in &report.mirror_failures {
            println!("  {failure}");
        }
    }
    if report.pictures_over_cap > 0 {
        println!(
            "pictures left remote, past --max-pictures {}: {}",
            options.max_pictures, report.pictures_over_cap
        );
    }
    if report.pictures_after_deadline > 0 {
        println!(
            "pictures left remote, after the mirroring pass's deadline (--mirror-deadline {} s): {}",
            options.mirror_deadline.as_secs(),
            report.pictures_after_deadline
        );
    }
    if !report.not_copied.is_empty() {
        println!("local files not copied: {}", report.not_copied.len());
        for refused in &report.not_copied {
            println!("  {refused}");
        }
    }
    say_items_over_cap(options, &report);
    for warning in &report.warnings {
        println!("warning: {warning}");
    }
    let files = match report.files.as_slice() {
        [] => String::new(),
        [only] => only.display().to_string(),
        [first, .., last] => format!(
            "{} … {} ({} files)",
            first.display(),
            last.display(),
            report.files.len()
        ),
    };
    println!(
        "imported {} items ({} duplicates kept once) into {}: {files}",
        report.items,
        report.duplicates,
        out.display(),
    );
    ExitCode::SUCCESS
}

/// The line `import` and `sync` print when `--max-items` left items out. Said, or an archive
/// past the cap would lose its oldest items without a word: a 100,050-item sync published
/// 100,000 and printed only "100050 new".
fn say_items_over_cap(options: &Options, report: &ImportReport) {
    if report.items_over_cap > 0 {
        println!(
            "items left out, the oldest past --max-items {}: {}",
            options.max_items, report.items_over_cap
        );
    }
}

fn sync(options: &SyncOptions) -> ExitCode {
    let outcome = portal::sync::sync(options);
    let code = exit_code(&outcome);
    match &outcome {
        Ok(report) => {
            if let Some(holder) = &report.taken_over {
                println!(
                    "the run before ({holder}) died mid-way: its lock is free and taken over; a run killed before its switch leaves the release before it served"
                );
            }
            for source in &report.sources {
                let how = match &source.outcome {
                    Outcome::Read => "read".to_string(),
                    Outcome::NotModified => "not modified".to_string(),
                    Outcome::Failed(problem) => {
                        format!("FAILED ({problem}); its last good items kept")
                    }
                };
                println!(
                    "{} [{}]: {how}; {} items ({} new, {} updated, {} dropped)",
                    source.name,
                    source.mode.name(),
                    source.items,
                    source.new,
                    source.updated,
                    source.dropped
                );
                for note in &source.notes {
                    println!("  {note}");
                }
            }
            // The build's check is the import's in a sync (src/sync.rs): its warnings.
            let findings = report.release.iter().flat_map(|r| &r.report.findings);
            for warning in findings.filter(|f| f.severity == Severity::Warning) {
                println!("warning: {warning}");
            }
            say_items_over_cap(&options.import, &report.import);
            match &report.release {
                Some(release) => {
                    let build = &release.report;
                    for finding in build
                        .findings
                        .iter()
                        .filter(|f| f.severity == Severity::Note)
                    {
                        println!("note: {finding}");
                    }
                    println!(
                        "release {} now served; {} items published, {} held back",
                        release.path.display(),
                        build.items,
                        build.held
                    );
                }
                None => println!(
                    "nothing changed since the release served, and no embargo ended: not rebuilt"
                ),
            }
            println!("{}", report.summary());
        }
        Err(error) => {
            eprintln!("portal sync: {error}");
            if code == 1 {
                eprintln!("portal sync: nothing published; the site is unchanged");
            }
        }
    }
    ExitCode::from(code)
}

fn takedown(site: &Path, content: Option<PathBuf>, ids: &[String]) -> ExitCode {
    let site_file = match SiteFile::read(site) {
        Ok(site) => site,
        Err(error) => {
            eprintln!("portal takedown: {error}");
            return ExitCode::from(2);
        }
    };
    let content = content
        .unwrap_or_else(|| site_file.path(site_file.file.content.as_deref().unwrap_or("content")));
    match add_takedowns(&state_dir(&content), ids) {
        Ok(added) => {
            println!(
                "{} ids taken down at the next portal sync ({} listed already): {}",
                added.len(),
                ids.len() - added.len(),
                added.join(", ")
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("portal takedown: {error}");
            ExitCode::from(1)
        }
    }
}

fn label(severity: Severity) -> &'static str {
    severity.label()
}

fn publish(
    content: &Path,
    dist: &Path,
    site_url: &str,
    options: &BuildOptions,
    out: Option<&Path>,
) -> ExitCode {
    let outcome = SiteUrl::parse(site_url).and_then(|site| {
        if !dist.join("index.html").is_file() {
            return Err(Error::Io {
                path: dist.join("index.html"),
                error: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "not a release build: run trunk build --release first",
                ),
            });
        }
        match out {
            Some(site_dir) => publish_release(content, dist, site_dir, &site, options).map(
                |release| {
                    if release.unchanged {
                        println!(
                            "nothing changed since release {} was built (the content, the app, the site URL, this program), and no embargo ended: not rebuilt",
                            release.path.display()
                        );
                        return None;
                    }
                    println!(
                        "release {} now served (before: {}); {} files gone since; {} old releases deleted",
                        release.path.display(),
                        release
                            .previous
                            .as_ref()
                            .map_or("none".into(), |p| p.display().to_string()),
                        release.removed.len(),
                        release.pruned.len()
                    );
                    for path in &release.removed {
                        println!("  gone: {}", path.display());
                    }
                    Some(release.report)
                },
            ),
            None => {
                let _dist_lock = folder_lock(dist)?;
                let _content_lock = folder_lock(content)?;
                build(content, dist, &site, options).map(Some)
            }
        }
    });
    match outcome {
        Ok(None) => ExitCode::SUCCESS,
        Ok(Some(report)) => {
            println!(
                "read {} items from {} files in {}; {} held back (drafts, embargoed)",
                report.items + report.held,
                report.files_read,
                content.display(),
                report.held
            );
            for finding in &report.findings {
                println!("  {}: {finding}", label(finding.severity));
            }
            println!(
                "pages: {} written for routes ({} of them linked from the release before, what they are made from unchanged; {} removed, gone from the content; {} left to the app, their address too long for a file name)",
                report.pages, report.pages_reused, report.pages_removed, report.pages_skipped
            );
            println!(
                "sitemap: {} URLs; files: {} changed, {} unchanged",
                report.sitemap_urls,
                report.written.len(),
                report.unchanged
            );
            println!(
                "content: {} files packed ({} of them linked from the release before, what they are made from unchanged), {} removed (gone from the content)",
                report.content_files,
                report.packed_kept,
                report.content_removed.len()
            );
            // Index files are replaced whenever their terms change: counted, not listed.
            let (superseded, removed): (Vec<&PathBuf>, Vec<&PathBuf>) = report
                .content_removed
                .iter()
                .partition(|p| p.components().any(|c| c.as_os_str() == "search"));
            for path in removed {
                println!("  removed {}", path.display());
            }
            if !superseded.is_empty() {
                println!("  and {} search index files superseded", superseded.len());
            }
            let index = &report.search_index;
            let kept = index.base_kept.map_or_else(String::new, |documents| {
                format!(" (its base of {documents} items kept from the release before)")
            });
            println!(
                "search index: {} items, {} files, {:.1} MB, built in {:.1} s{kept}",
                index.documents,
                index.files,
                index.bytes as f64 / 1e6,
                index.seconds
            );
            const LISTED: usize = 20;
            for path in report.written.iter().take(LISTED) {
                println!("  {}", path.display());
            }
            if report.written.len() > LISTED {
                println!("  … and {} more", report.written.len() - LISTED);
            }
            ExitCode::SUCCESS
        }
        Err(error @ (Error::Content(_) | Error::Refused { .. })) => {
            eprintln!("portal build: {}: {error}", content.display());
            ExitCode::from(1)
        }
        Err(error) => failed("build", &error, 2),
    }
}

/// Says why `command` failed, on one line for a held lock, and gives its exit status:
/// [`LOCKED_EXIT`] when another run holds a lock this one needs, else `status`.
fn failed(command: &str, error: &Error, status: u8) -> ExitCode {
    eprintln!("portal {command}: {error}");
    match error {
        Error::Locked { .. } => ExitCode::from(LOCKED_EXIT),
        _ => ExitCode::from(status),
    }
}
