//! `portal build`: reads the authored content folder, checks it, packs it into `content/`,
//! and writes a page for every route with the core's writers, plus the sitemap, robots.txt and
//! the subscription feeds.
//!
//! Beside the release before, a page whose inputs are the same is linked from it instead of
//! rendered. Every page is made from the packed files it reads (src/content.rs, `Published`):
//! the first page of the main feed and, for an article, its own file. An article's page takes
//! from the first page only the site's settings and how many rows the sidebar's site-wide
//! boxes hold ([`frame_digest`]) unless its file holds an item of the first page
//! ([`Packed::dependent`]): such a page is rendered again when its file or that frame changed;
//! every other page, always. In a debug build
//! every page linked is rendered too and compared, so the tests check the rule on every build.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use portal_core::model::catalog::{ListKey, Need};
use portal_core::model::paths::KEYED_ROUTES;
use portal_core::model::url::{article_file, ArticleKey};
use portal_core::model::{Catalog, Item, LoadError, LoadProblem};
use portal_core::write::page::PageOf;
use portal_core::write::sidebar;

use crate::check::{check_content, Finding, Severity};
use crate::content::{read_content_held, Content, Hold, Published};
use crate::feeds_out::{
    json_feed, named_manifest, published_routes, robots_txt, rss, sitemaps, MANIFEST,
    SITEMAP_MAX_BYTES, SITEMAP_MAX_URLS,
};
use crate::hant::{Converter, HanCounts, TABLE_FILE};
use crate::inputs::Rendered;
use crate::output::{remove_unlisted, Disk, Output, PlainFolders, RealDisk, Tally};
use crate::pack::{pack, pack_search_index, IndexStats, KeptFiles, Packed, ARTICLE_URL};
use crate::prelink::Prelink;
use crate::prerender::{page_file, page_html, Shell, PRERENDERED_MARK, SHELL_FILE};
use crate::site_url::SiteUrl;
use crate::{unix_now, Error};

/// What one build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Items published.
    pub items: usize,
    /// Items held back: drafts, and items dated after the build's clock.
    pub held: usize,
    /// The first embargoed item to go out: its id, title and time (Unix seconds).
    pub next_embargo: Option<(String, String, i64)>,
    pub files_read: usize,
    pub sitemap_urls: usize,
    /// Files of the packed content folder, and those of an earlier build that are gone from it.
    pub content_files: usize,
    pub content_removed: Vec<PathBuf>,
    /// Pages written for routes (and `404.html`).
    pub pages: usize,
    /// Routes left to the app because a segment is too long for a file name.
    pub pages_skipped: usize,
    /// Pages of an earlier build whose route is gone, removed.
    pub pages_removed: usize,
    /// Output files whose bytes changed, and those left as they were.
    pub written: Vec<PathBuf>,
    pub unchanged: usize,
    /// What `portal check` finds in the content: the page's 内容提示 and the publisher's own.
    pub findings: Vec<Finding>,
    pub search_index: IndexStats,
    /// What the pages were rendered from, for the next build beside this one
    /// ([`crate::inputs::RENDERED_FILE`]).
    pub rendered: Rendered,
    /// Article pages linked from the release before instead of rendered.
    pub pages_reused: usize,
    /// Packed files (article files, the lists' older files) linked from the release before
    /// instead of made.
    pub packed_kept: usize,
}

impl BuildReport {
    fn record(&mut self, path: PathBuf, wrote: bool) {
        if wrote {
            self.written.push(path);
        } else {
            self.unchanged += 1;
        }
    }
}

/// How a build goes.
#[derive(Debug)]
pub struct BuildOptions<'a> {
    /// Publishes even when the content has errors.
    pub force: bool,
    /// The most files and bytes it writes, and what it has written.
    pub tally: Tally,
    /// Where the files go: the disk, or in a test a recording of what was asked of it.
    pub disk: &'a dyn Disk,
    /// The clock the embargo is judged by, in Unix seconds (`None`: the system's). Items dated
    /// after it, and drafts, are held back ([`Hold`]).
    pub now: Option<i64>,
    /// `portal preview`: drafts and embargoed items shown, marked, instead of held back.
    pub preview: bool,
}

impl Default for BuildOptions<'_> {
    fn default() -> Self {
        BuildOptions {
            force: false,
            tally: Tally::default(),
            disk: &RealDisk,
            now: None,
            preview: false,
        }
    }
}

/// Lists the pages one build wrote, one relative path a line, so that the next build removes
/// those whose route is gone (an article taken out of the feed).
const PAGE_LIST: &str = "portal-pages.txt";

/// Reads `content` and writes into `dist` (a `trunk build --release` output): one page per
/// route, `shell.html`, the sitemap, `robots.txt` and the subscription feeds. Content that
/// cannot be read writes nothing.
pub fn build(
    content: &Path,
    dist: &Path,
    site: &SiteUrl,
    options: &BuildOptions,
) -> Result<BuildReport, Error> {
    build_beside(content, dist, site, options, None)
}

/// A build into a new release's folder, beside the release served (src/release.rs).
pub(crate) struct InRelease<'a> {
    /// The release served, whose files with the same bytes are hard-linked instead of
    /// written, so they keep their inode, mtime and ETag.
    pub previous: Option<&'a Path>,
    /// What the previous release's pages were made from, so that those whose inputs are the
    /// same are linked, not rendered.
    pub rendered: Option<&'a Rendered>,
    /// The app's files (a `trunk build --release` output), copied in once the content is
    /// read and checked.
    pub app: &'a Path,
    /// The previous release's files, being linked in meanwhile (src/prelink.rs).
    pub prelink: Option<&'a Prelink>,
}

/// [`build`] into `dist`: the app's folder itself, or with `release` a new release's folder,
/// made or taken back for this build, holding only what `release.prelink` links there
/// ([`Output::fresh`]).
pub(crate) fn build_beside(
    content: &Path,
    dist: &Path,
    site: &SiteUrl,
    options: &BuildOptions,
    release: Option<InRelease<'_>>,
) -> Result<BuildReport, Error> {
    let previous = release.as_ref().and_then(|r| r.previous);
    let rendered = release.as_ref().and_then(|r| r.rendered);
    let fresh = release.is_some();
    let out = Output {
        root: dist,
        fresh,
        previous,
        prelink: release.as_ref().and_then(|r| r.prelink),
        disk: options.disk,
        tally: &options.tally,
        plain_folders: PlainFolders::default(),
    };
    let force = options.force;
    let authored = content;
    let now = options.now.unwrap_or_else(unix_now);
    let hold = Hold {
        now,
        preview: options.preview,
    };
    let content = read_content_held(authored, site, hold)?;
    let findings = check_content(authored, &content, site, now);
    let errors: Vec<Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .cloned()
        .collect();
    if !errors.is_empty() && !force {
        return Err(Error::Refused {
            errors,
            what: "nothing was published (--force publishes anyway)",
        });
    }
    // The first write: it waits for the served release's files being linked meanwhile.
    if let Some(release) = &release {
        crate::release::copy_app(release.app, Path::new(""), &out)?;
    }
    let shell = read_shell(&out)?;
    let Content {
        catalog,
        files,
        held,
    } = &content;
    let mut report = BuildReport {
        items: catalog.len(),
        held: held.len(),
        next_embargo: held.iter().filter(|item| !item.draft).find_map(|item| {
            item.date
                .map(|d| (item.id.clone(), item.title.clone(), d.0))
        }),
        files_read: files.len(),
        findings,
        ..BuildReport::default()
    };

    let packed_dir = dist.join("content");
    // Written from several threads (the lists, the article files, the search index): what
    // each write did is collected here, and put in order of path below.
    let packed: Mutex<Vec<(PathBuf, bool)>> = Mutex::new(Vec::new());
    let sink = |relative: &str, bytes: &[u8]| -> Result<(), Error> {
        let path = packed_dir.join(relative);
        let wrote = out.write(&path, bytes)?;
        packed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((path, wrote));
        Ok(())
    };
    // A packed file of the release before, linked in its place: its size once linked. What
    // pack keeps when a file's inputs are the same (`Packed::digests`, kept in pages.json), and
    // the search index's base.
    let link = |relative: &str| -> Result<Option<u64>, Error> {
        let path = packed_dir.join(relative);
        let Some(bytes) = out.link_previous(&path)? else {
            return Ok(None);
        };
        packed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((path, false));
        Ok(Some(bytes))
    };
    // The digests of the release before, and the salt they start from: kept from build to
    // build together, a new salt when there are none to keep.
    let recorded = rendered.filter(|r| previous.is_some() && !r.salt.is_empty());
    let salt = recorded.map_or_else(
        || {
            let random = crate::output::random_name;
            format!("{}{}", random(), random())
        },
        |r| r.salt.clone(),
    );
    let kept_files = recorded.map(|r| KeptFiles {
        digests: &r.packed,
        link: &link,
        packed_dir: &packed_dir,
    });
    let Packed {
        first_page_hash,
        dependent,
        digests,
        kept,
    } = pack(authored, &content, site, &sink, kept_files.as_ref(), &salt)?;
    // The packed files this build wrote the same as the release before's (linked to them).
    let unchanged: HashSet<PathBuf> = packed
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .filter(|(_, wrote)| !wrote)
        .map(|(path, _)| path.clone())
        .collect();
    let before = Before {
        rendered: rendered.filter(|_| previous.is_some()),
        unchanged: &unchanged,
        dependent: &dependent,
    };

    let kept_index = before.rendered.and_then(|r| r.search.as_ref());
    // The search index needs only the catalog and the first page's hash: it is made on a
    // thread of its own while the pages are written on the others. It is one sequential
    // pass (a term's postings in document order), and took 33–35 s of a 136–147 s build at
    // 100k (issue 25), all of it on the one core then used. Beside a release whose index's
    // base is made of this build's oldest documents, only the newer ones are read.
    let (index, pages) = std::thread::scope(|scope| {
        let index =
            scope.spawn(|| pack_search_index(catalog, &first_page_hash, kept_index, &link, &sink));
        let pages = write_pages(
            &out,
            &mut report,
            &shell,
            &content,
            site,
            &packed_dir,
            &before,
        );
        let index = index
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (index, pages)
    });
    pages?;
    let (index, search_base) = index?;
    report.search_index = index;
    report.rendered.search = Some(search_base);
    report.rendered.packed = digests;
    report.rendered.salt = salt;
    report.packed_kept = kept;
    let packed = packed.into_inner().unwrap_or_else(PoisonError::into_inner);
    report.content_files = packed.len();
    // Only those written, in order: sorting all 120,000 paths of a 100,000-item build took
    // most of 0.13 s of a one-new-item sync, for the 60 or so it wrote.
    let mut wrote: Vec<&PathBuf> = packed
        .iter()
        .filter(|(_, wrote)| *wrote)
        .map(|(path, _)| path)
        .collect();
    wrote.sort();
    report.unchanged += packed.len() - wrote.len();
    for path in wrote {
        report.record(path.clone(), true);
    }
    // A fresh folder holds only what this build put there, every path of it packed: the walk
    // would find nothing to remove, and at 100,000 items it took 0.28 s of a one-new-item sync
    // (120,000 paths looked up).
    if !fresh {
        let keep: HashSet<PathBuf> = packed.into_iter().map(|(path, _)| path).collect();
        report.content_removed = remove_unlisted(&packed_dir, &keep)?;
    }
    Ok(report)
}

/// What a build beside an earlier release knows of it.
struct Before<'a> {
    /// What its pages were made from, if it is known.
    rendered: Option<&'a Rendered>,
    /// The packed files written the same as in it.
    unchanged: &'a HashSet<PathBuf>,
    /// This build's articles whose page reads items of the first page ([`Packed::dependent`]).
    dependent: &'a HashSet<String>,
}

/// What every article page is made from besides its own file: this program, the site URL, the
/// shell, the site's settings, and how many items of the first page an article's sidebar
/// shows whatever the article: 推荐资讯, 推荐图文 and 点击排行 are left for the app to fill in
/// ([`sidebar::Volatile::Published`]), and a page holds one row for each, so only their number
/// shows. The picks are counted to one more than is shown, since the article itself is left out
/// of its own sidebar. The newest items are not in it: a new item changes them, and no page of
/// an older article shows them.
fn frame_digest(shell: &Shell, site: &SiteUrl, first: &Catalog) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    crate::inputs::program().hash(&mut h);
    site.root().hash(&mut h);
    shell.hash(&mut h);
    // Of the settings, the tags' counts change with every item and only the sitemap's page
    // (always rendered) shows them; the first page's hash is shown nowhere.
    let settings = portal_core::model::feed::Site {
        tag_counts: None,
        content_hash: String::new(),
        ..(*first.site).clone()
    };
    format!("{settings:?}").hash(&mut h);
    first
        .featured(sidebar::FEATURED + 1, None)
        .len()
        .hash(&mut h);
    first
        .with_pictures(sidebar::PICTURES + 1, None)
        .len()
        .hash(&mut h);
    // So view counts change no page: only how many items have one, to ten.
    first.most_viewed(sidebar::RANKED).len().hash(&mut h);
    format!("{:016x}", h.finish())
}

/// Writes what is made from the packed folder: the sitemap, robots.txt, the feeds out, the
/// manifest, and a page for every route (each read from the packed files as the app reads
/// them, or linked from the release `before` when what it reads is the same), then removes the
/// pages of routes that are gone.
fn write_pages(
    out: &Output<'_>,
    report: &mut BuildReport,
    shell: &Shell,
    content: &Content,
    site: &SiteUrl,
    packed_dir: &Path,
    before: &Before<'_>,
) -> Result<(), Error> {
    let dist = out.root;
    let catalog = &content.catalog;
    // Every item has its own article file in the packed folder, so every article opens by deep
    // link: all are in the sitemap and get a page.
    let listed: Vec<&Arc<Item>> = catalog.all().iter().collect();
    let routes = published_routes(catalog, &listed, &site.paths());
    let mut outputs = sitemaps(&routes, site, (SITEMAP_MAX_URLS, SITEMAP_MAX_BYTES));
    // Crawlers read /robots.txt only: under a sub-path it would be a file nobody asks for.
    if site.at_root() {
        outputs.push(("robots.txt".into(), robots_txt(site)));
    }
    outputs.push(("feed.xml".into(), rss(catalog, site)));
    outputs.push(("feed.json".into(), json_feed(catalog, site)));
    report.sitemap_urls = routes.len();
    for (name, text) in outputs {
        let path = dist.join(name);
        let wrote = out.write(&path, text.as_bytes())?;
        report.record(path, wrote);
    }
    if let Some(manifest) = named_manifest(dist, &catalog.site) {
        let path = dist.join(MANIFEST);
        let wrote = out.write(&path, manifest.as_bytes())?;
        report.record(path, wrote);
    }

    // Each page is what the app renders from the packed files, read as it reads them. Pages
    // are independent of each other: they are made and written in parallel, and collected in
    // route order, so the report and the page list are the same whatever the threads did.
    let published = Published::read(packed_dir, site)?;
    let frame = frame_digest(shell, site, published.first());
    let reused = before
        .rendered
        .filter(|r| r.frame == frame)
        .zip(out.previous);
    let dependent_before: HashSet<&str> = reused
        .iter()
        .flat_map(|(r, _)| r.dependent.iter().map(String::as_str))
        .collect();
    // An article's page is linked when neither build's page of it read the first page's
    // items and its file is the same: what it is made from is then the same.
    let reusable = |page: &PageOf<'_>| {
        let PageOf::Article(item) = page else {
            return false;
        };
        reused.is_some()
            && !before.dependent.contains(&item.id)
            && !dependent_before.contains(item.id.as_str())
            && article_file(ARTICLE_URL, &ArticleKey::Id(item.id.clone()))
                .is_some_and(|file| before.unchanged.contains(&packed_dir.join(file)))
    };
    let render = |page: &PageOf<'_>, file: &Path| -> Result<String, Error> {
        let seen = published.catalog_for(page_need(page, catalog.site.page_size).as_ref());
        let Some(shown) = page.in_catalog(&seen) else {
            return Err(Error::Content(LoadError {
                file: format!("content/{}", file.display()),
                problem: LoadProblem::Unreadable(
                    "the packed files do not hold what this page shows".into(),
                ),
            }));
        };
        Ok(page_html(shell, &seen, shown, site))
    };
    // The 简/繁 table counts the Han characters and phrases of every page: those of a page
    // linked are counted already, those of a page rendered again are taken out below.
    let converter = Converter::new()?;
    // Read from the release before, which this build did not write: checked (hant.rs).
    let counts: Mutex<HanCounts> = Mutex::new(reused.map_or_else(HanCounts::default, |(r, _)| {
        converter.verified(r.han.clone())
    }));
    let count = |html: &str| {
        let page = converter.page_of_html(html);
        counts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .add(&page);
    };
    // (file, whether it was written, whether it was linked unrendered)
    let pages: Vec<Option<(PathBuf, bool, bool)>> = published_pages(catalog, &listed)
        .par_iter()
        .map(|page| {
            let Some(file) = page_file(page) else {
                return Ok(None);
            };
            let path = dist.join(&file);
            if reusable(page) && out.link_previous(&path)?.is_some() {
                debug_assert!(
                    render(page, &file)
                        .is_ok_and(|html| std::fs::read(&path).is_ok_and(|b| b == html.as_bytes())),
                    "{} was linked from the release before, but renders otherwise",
                    file.display()
                );
                return Ok(Some((file, false, true)));
            }
            let html = render(page, &file)?;
            let wrote = out.write(&path, html.as_bytes())?;
            count(&html);
            Ok(Some((file, wrote, false)))
        })
        .collect::<Result<_, Error>>()?;
    let skipped = pages.iter().filter(|p| p.is_none()).count();
    let mut pages_written: Vec<PathBuf> = Vec::with_capacity(pages.len());
    let mut linked: HashSet<PathBuf> = HashSet::new();
    for (file, wrote, reused) in pages.into_iter().flatten() {
        report.record(dist.join(&file), wrote);
        if reused {
            linked.insert(file.clone());
        }
        pages_written.push(file);
    }
    report.pages_reused = linked.len();
    let first = published.catalog_for(None);
    let not_found = page_html(shell, &first, PageOf::NotFound, site);
    let path = dist.join("404.html");
    let wrote = out.write(&path, not_found.as_bytes())?;
    report.record(path, wrote);
    count(&not_found);
    if let Some((_, previous)) = reused {
        // The pages of the release before that were not linked (rendered again, or gone):
        // their text is taken out of the counts.
        let listed_before = std::fs::read_to_string(previous.join(PAGE_LIST)).unwrap_or_default();
        let mut gone: Vec<&str> = listed_before
            .lines()
            .filter(|line| !line.is_empty() && !linked.contains(Path::new(line)))
            .collect();
        gone.push("404.html");
        gone.par_iter().for_each(|line| {
            let file = Path::new(line);
            // Names only, through plain folders (a line of the list is read back from disk).
            if let Some(html) = out
                .plain_file_under(previous, file)
                .and_then(|_| std::fs::read_to_string(previous.join(file)).ok())
            {
                let page = converter.page_of_html(&html);
                counts
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .remove(&page);
            }
        });
    }
    // The 简/繁 table, from the text of the pages (the sitemap, feeds and robots.txt are said
    // nowhere in a page); beside them, not in content/, which holds feeds.
    let counts = counts.into_inner().unwrap_or_else(PoisonError::into_inner);
    let path = dist.join(TABLE_FILE);
    let wrote = out.write(&path, converter.table(&counts).as_bytes())?;
    report.record(path, wrote);
    let mut dependent: Vec<String> = before.dependent.iter().cloned().collect();
    dependent.sort();
    report.rendered = Rendered::new(frame, dependent, counts);
    let removed = remove_gone_pages(out, &pages_written)?;
    report.pages = pages_written.len() + 1;
    report.pages_skipped = skipped;
    report.pages_removed = removed;
    Ok(())
}

/// What the app's page for `page` reads before it shows (page 1 of a list).
fn page_need(page: &PageOf<'_>, page_size: usize) -> Option<Need> {
    match page {
        PageOf::Home => Some(Need::Latest(page_size)),
        PageOf::Channel(channel) => Some(Need::List(
            ListKey::Channel(channel.slug.clone()),
            page_size,
        )),
        PageOf::Tag(tag) => Some(Need::List(ListKey::Tag(tag.to_string()), page_size)),
        PageOf::Article(item) => Some(Need::Article(ArticleKey::Id(item.id.clone()))),
        PageOf::Info(_) | PageOf::Sitemap | PageOf::NotFound => None,
    }
}

/// Every route that gets a page: home, channels, footer pages, the sitemap page, and the tags
/// and articles of `items`, in the order of [`published_routes`].
fn published_pages<'a>(catalog: &'a Catalog, items: &[&'a Arc<Item>]) -> Vec<PageOf<'a>> {
    let site = &catalog.site;
    let mut pages = vec![PageOf::Home];
    pages.extend(site.channels.iter().map(PageOf::Channel));
    pages.extend(site.pages.iter().map(PageOf::Info));
    pages.push(PageOf::Sitemap);
    let tags: BTreeSet<&str> = items
        .iter()
        .flat_map(|i| i.tags.iter().map(String::as_str))
        .collect();
    pages.extend(tags.into_iter().map(PageOf::Tag));
    pages.extend(items.iter().map(|item| PageOf::Article(item)));
    pages
}

/// The app's shell: Trunk's `index.html`, saved as `shell.html` the first time; once
/// `index.html` is the published home page, `shell.html`.
fn read_shell(out: &Output<'_>) -> Result<Shell, Error> {
    let dist = out.root;
    let read = |name: &str| {
        std::fs::read_to_string(dist.join(name)).map_err(|e| Error::Shell {
            file: dist.join(name).display().to_string(),
            problem: format!("cannot be read ({e}): run trunk build --release first"),
        })
    };
    let index = read("index.html")?;
    let shell = if !index.contains(PRERENDERED_MARK) {
        let shell = Shell::parse(&index, "index.html")?;
        out.write(&dist.join(SHELL_FILE), index.as_bytes())?;
        shell
    } else {
        Shell::parse(&read(SHELL_FILE)?, SHELL_FILE)?
    };
    shell.with_critical_css(read)
}

/// Whether `file`, a line of the last build's page list, names a page this program writes
/// ([`page_file`]): `sitemap.html`, or `<kind>/<segment>.html` for a kind of [`KEYED_ROUTES`],
/// or either as a folder's `index.html` (the layout before 2026-12-07). Only those are removed:
/// a list planted or edited in the folder must not name the app's own files (`shell.html`,
/// `404.html`) or anyone else's (a site-verification page).
fn is_page_file(file: &Path) -> bool {
    let names: Option<Vec<&str>> = file
        .components()
        .map(|c| match c {
            std::path::Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect();
    match names.as_deref() {
        Some(["sitemap.html"] | ["sitemap", "index.html"]) => true,
        Some([kind, page]) => {
            KEYED_ROUTES.contains(kind) && page.len() > ".html".len() && page.ends_with(".html")
        }
        Some([kind, _, "index.html"]) => KEYED_ROUTES.contains(kind),
        _ => false,
    }
}

/// Removes the pages the last build listed that this one did not write, then lists this
/// build's pages; returns how many went.
fn remove_gone_pages(out: &Output<'_>, written: &[PathBuf]) -> Result<usize, Error> {
    let dist = out.root;
    let list = dist.join(PAGE_LIST);
    // A release being built lists nothing before: what it holds of the served release and
    // does not claim is swept (src/prelink.rs).
    let before = if out.fresh {
        String::new()
    } else {
        std::fs::read_to_string(&list).unwrap_or_default()
    };
    // None listed in a release being built: no set of this build's 100,000 pages to make.
    let now: HashSet<&Path> = if before.is_empty() {
        HashSet::new()
    } else {
        written.iter().map(PathBuf::as_path).collect()
    };
    let mut removed = 0;
    for line in before.lines().filter(|l| !l.is_empty()) {
        let file = Path::new(line);
        let ours = is_page_file(file);
        let path = dist.join(file);
        // Through a planted symlink, the file removed would be outside the folder.
        if !ours || now.contains(file) || out.has_symlink(&path) {
            continue;
        }
        if std::fs::remove_file(&path).is_ok() {
            removed += 1;
            if let Some(dir) = path.parent() {
                // Left if something else is in it.
                let _ = std::fs::remove_dir(dir);
            }
        }
    }
    let mut text = String::new();
    for file in written {
        text.push_str(&file.to_string_lossy());
        text.push('\n');
    }
    out.write(&list, text.as_bytes())?;
    Ok(removed)
}
