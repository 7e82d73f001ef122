//! `portal preview CONTENT`: the portal as readers will see it, on the editor's own machine,
//! before anything is published. It needs only this program and a built app (`dist/`).
//!
//! - It builds CONTENT into a temporary folder and serves it on 127.0.0.1 with the routing of
//!   deploy/nginx/portal.conf: a route's written page, else the app's shell (and the shell for
//!   any URL with a query); a missing file under `content/` or a hashed asset is a 404.
//! - Drafts and embargoed items are shown, their titles marked 【预览 · 未发布】
//!   ([`crate::content::PREVIEW_MARK`]).
//! - It watches CONTENT (every file's size and mtime, twice a second) and rebuilds on a change.
//!   Every HTML page it serves gets one external script, `/__preview/reload.js` (the page's
//!   Content-Security-Policy allows scripts from the page's own origin only, no inline one),
//!   which asks `/__preview/state` every second and reloads the page after a new build.
//! - A build that fails (a content file that is not JSON, an item with errors) leaves the last
//!   good build served, and the script shows the error, with its file and line, in a bar at the
//!   top of the page until the content is fixed.
//! - What `portal check` says of a good build that is not an error (a warning: a picture missing
//!   from the folder, a date a day ahead; a note: a draft, an embargo and when it ends) is the
//!   page's 内容提示 report, in a panel at the bottom of every page: an editor sees it where
//!   they look, not only in a terminal.
//! - The service worker is not served (`sw.js` is a 404): a worker would answer reloads from
//!   its cache.
//! - Ctrl-C (SIGINT) or SIGTERM removes the temporary folder before the program exits. A preview
//!   that could not (`kill -9`, a power cut) leaves its folder, named with its PID: the next
//!   preview removes every such folder whose process is gone.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use portal_core::model::paths::KEYED_ROUTES;
use serde_json::json;

use crate::build::{build, BuildOptions};
use crate::output::random_name;
use crate::site_url::SiteUrl;
use crate::Error;

/// What the server shows: the folder of the last good build, its number, what `portal check`
/// said of it besides errors (the 内容提示 report), and the last error.
#[derive(Debug, Default)]
struct Shown {
    dir: Option<PathBuf>,
    generation: u64,
    notices: Vec<String>,
    error: Option<String>,
}

/// The script every served page gets: reloads after a new build, shows a build's error and
/// the 内容提示 report. Text only (`textContent`): a finding quotes content.
const RELOAD_JS: &str = r#"// portal preview: reloads this page after a rebuild, shows a failed build's error and
// what portal check said of the build shown (内容提示).
(() => {
  let seen = null;
  const bar = document.createElement('div');
  bar.setAttribute('role', 'alert');
  Object.assign(bar.style, {
    position: 'fixed', top: '0', left: '0', right: '0', zIndex: '99999', padding: '8px 12px',
    background: '#b00020', color: '#fff', font: '14px/1.5 monospace', whiteSpace: 'pre-wrap',
  });
  const report = document.createElement('details');
  report.className = 'preview-notices';
  Object.assign(report.style, {
    position: 'fixed', bottom: '0', left: '0', right: '0', zIndex: '99998', maxHeight: '40vh',
    overflow: 'auto', padding: '6px 12px', background: '#fff8e1', color: '#3e2700',
    borderTop: '2px solid #8a5a00', font: '14px/1.5 monospace',
  });
  const summary = document.createElement('summary');
  const list = document.createElement('ul');
  report.append(summary, list);
  function showNotices(notices) {
    if (!notices.length) {
      report.remove();
      return;
    }
    summary.textContent = `预览 · 内容提示：${notices.length} 条（portal check 的警告与说明，不阻止发布）`;
    list.replaceChildren(...notices.map((text) => {
      const li = document.createElement('li');
      li.textContent = text;
      return li;
    }));
    if (!report.isConnected) document.body.append(report);
  }
  async function poll() {
    try {
      const state = await (await fetch('/__preview/state', { cache: 'no-store' })).json();
      if (seen !== null && state.generation !== seen) location.reload();
      seen = state.generation;
      showNotices(state.notices || []);
      if (state.error) {
        bar.textContent = `预览 · 内容有错误，仍显示上一次成功的版本：\n${state.error}`;
        if (!bar.isConnected) document.body.prepend(bar);
      } else if (bar.isConnected) {
        bar.remove();
      }
    } catch (e) {
      // The preview was stopped: try again.
    }
    setTimeout(poll, 1000);
  }
  poll();
})();
"#;

/// The tag put before `</body>` of every HTML page served.
const RELOAD_TAG: &str = "<script src=\"/__preview/reload.js\" defer></script>";

/// Builds `content` with the app of `dist` and serves it on 127.0.0.1:`port` until killed;
/// `ready` is told the address once it listens.
pub fn preview(content: &Path, dist: &Path, port: u16, ready: &dyn Fn(&str)) -> Result<(), Error> {
    if !dist.join("index.html").is_file() {
        return Err(Error::Usage(format!(
            "{}: not a built app (no index.html): give --dist, a trunk build --release output",
            dist.display()
        )));
    }
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| Error::Io {
        path: PathBuf::from(format!("127.0.0.1:{port}")),
        error: e,
    })?;
    let address = listener
        .local_addr()
        .map_err(Error::io(format!("127.0.0.1:{port}")))?;
    let root = format!("http://{address}/");
    let site = SiteUrl::parse(&root)?;
    let temp = std::env::temp_dir();
    remove_leftovers(&temp);
    // A name nobody can plant a folder or a symlink at beforehand, created here or not at all.
    let work = temp.join(format!(
        "{WORK_PREFIX}{}-{}",
        std::process::id(),
        random_name()
    ));
    std::fs::create_dir(&work).map_err(Error::io(&work))?;
    stop_on_signals();
    let shown: Arc<Mutex<Shown>> = Arc::default();
    rebuild(content, dist, &site, &work, &shown);
    {
        let shown = shown.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let shown = shown.clone();
                std::thread::spawn(move || serve(stream, &shown));
            }
        });
    }
    ready(&root);
    let mut last = snapshot(content);
    loop {
        std::thread::sleep(Duration::from_millis(500));
        if STOP.load(Ordering::SeqCst) {
            // The listener's threads may still be answering: they read from a build folder,
            // and a request whose files are gone gets a 404 in the last moment of the preview.
            let _ = std::fs::remove_dir_all(&work);
            return Ok(());
        }
        let now = snapshot(content);
        if now != last {
            last = now;
            rebuild(content, dist, &site, &work, &shown);
        }
    }
}

/// The temporary folders' names: this, the PID, a dash and a random name.
const WORK_PREFIX: &str = "portal-preview-";

/// Set by SIGINT or SIGTERM; the watching loop then removes the temporary folder and returns.
static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_stop(_signal: libc::c_int) {
    STOP.store(true, Ordering::SeqCst);
}

/// Ctrl-C and `kill` stop the preview through [`STOP`] instead of ending the process at once,
/// which left its folder (a build of the content: 2.6 MB for the sample, measured) in the temporary
/// folder for good.
fn stop_on_signals() {
    let handler = on_stop as extern "C" fn(libc::c_int);
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, handler as libc::sighandler_t);
        libc::signal(libc::SIGTERM, handler as libc::sighandler_t);
    }
}

/// Removes the folders of previews whose process is gone. A symlink is not followed, and a
/// folder of another user's running preview is left alone (its PID answers).
fn remove_leftovers(temp: &Path) {
    let Ok(entries) = std::fs::read_dir(temp) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(WORK_PREFIX)
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<libc::pid_t>().ok())
        else {
            continue;
        };
        if !entry.file_type().is_ok_and(|t| t.is_dir()) || process_alive(pid) {
            continue;
        }
        let _ = std::fs::remove_dir_all(entry.path());
    }
}

/// Whether a process `pid` exists (signal 0 checks without sending; EPERM: it exists, another
/// user's).
fn process_alive(pid: libc::pid_t) -> bool {
    // SAFETY: kill with signal 0 sends nothing; it only asks whether `pid` can be signalled.
    let answer = unsafe { libc::kill(pid, 0) };
    answer == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Every file under `dir` with its size and mtime: a change to any is a change to the content.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (u64, Option<SystemTime>)> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(here) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&here) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(meta) = entry.metadata() else {
                continue;
            };
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                files.insert(entry.path(), (meta.len(), meta.modified().ok()));
            }
        }
    }
    files
}

/// A new build into a folder of its own; served once it succeeded, the old one then removed.
fn rebuild(content: &Path, dist: &Path, site: &SiteUrl, work: &Path, shown: &Mutex<Shown>) {
    let generation = shown.lock().map_or(0, |s| s.generation) + 1;
    let dir = work.join(format!("build-{generation}"));
    let outcome = (|| {
        copy_dir(dist, &dir)?;
        build(
            content,
            &dir,
            site,
            &BuildOptions {
                preview: true,
                ..BuildOptions::default()
            },
        )
    })();
    let Ok(mut shown) = shown.lock() else {
        return;
    };
    match outcome {
        Ok(report) => {
            eprintln!(
                "portal preview: build {generation}: {} items, {} of them not published yet (marked)",
                report.items, report.held
            );
            let old = shown.dir.replace(dir);
            shown.generation = generation;
            shown.notices = report.findings.iter().map(ToString::to_string).collect();
            shown.error = None;
            if let Some(old) = old {
                let _ = std::fs::remove_dir_all(old);
            }
        }
        Err(error) => {
            eprintln!(
                "portal preview: build {generation} failed, the last good one stays: {error}"
            );
            let _ = std::fs::remove_dir_all(&dir);
            shown.error = Some(error.to_string());
        }
    }
}

/// Copies the app (all of `from` but `content/`) into `to`.
fn copy_dir(from: &Path, to: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(to).map_err(Error::io(to))?;
    for entry in std::fs::read_dir(from).map_err(Error::io(from))?.flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if entry.file_name() == "content" && from.join("index.html").is_file() {
            continue;
        }
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            std::fs::copy(&path, &target).map_err(Error::io(&path))?;
        }
    }
    Ok(())
}

/// Answers one request (GET and HEAD; one a connection).
fn serve(stream: TcpStream, shown: &Mutex<Shown>) {
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let mut parts = first.split_whitespace();
    let method = parts.next().unwrap_or_default();
    let target = parts.next().unwrap_or("/");
    let (status, kind, body) = if method != "GET" && method != "HEAD" {
        (405, "text/plain; charset=utf-8", b"GET only".to_vec())
    } else {
        answer(target, shown)
    };
    let mut stream = stream;
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        if status == 200 { "OK" } else { "Not OK" },
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = stream.write_all(&body);
    }
}

/// What `target` (a request's path and query) gets: nginx's rules over the last good build.
fn answer(target: &str, shown: &Mutex<Shown>) -> (u16, &'static str, Vec<u8>) {
    let not_found = (404, "text/plain; charset=utf-8", b"not found".to_vec());
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    match path {
        "/__preview/reload.js" => {
            return (
                200,
                "text/javascript; charset=utf-8",
                RELOAD_JS.as_bytes().to_vec(),
            )
        }
        "/__preview/state" => {
            let state = shown.lock().map_or_else(
                |_| json!({ "generation": 0, "notices": [], "error": "the preview's state is unreadable" }),
                |s| json!({ "generation": s.generation, "notices": s.notices, "error": s.error }),
            );
            return (200, "application/json", state.to_string().into_bytes());
        }
        // A worker would answer reloads from its cache.
        "/sw.js" => return not_found,
        _ => {}
    }
    let Some(dir) = shown.lock().ok().and_then(|s| s.dir.clone()) else {
        // No build has succeeded yet: the page is the error, and reloads once one does.
        let error = shown
            .lock()
            .ok()
            .and_then(|s| s.error.clone())
            .unwrap_or_default();
        let page = format!(
            "<!doctype html><meta charset=\"utf-8\"><title>预览</title><body><pre>{}</pre>{RELOAD_TAG}</body>",
            escape(&error)
        );
        return (200, "text/html; charset=utf-8", page.into_bytes());
    };
    let Some(relative) = plain_path(path) else {
        return not_found;
    };
    let file = dir.join(&relative);
    // A route's written page (src/prerender.rs, `page_file`): the route with `.html` added, the
    // home page `index.html`; a trailing slash names the same route.
    let page = if relative.as_os_str().is_empty() {
        dir.join("index.html")
    } else {
        let mut name = relative.components().collect::<PathBuf>().into_os_string();
        name.push(".html");
        dir.join(name)
    };
    // A keyed route (`/article/<segment>`) gets only its page: `/article/a.html` is the
    // article whose id is `a.html`, not article `a`'s page file, as deploy/nginx has it.
    let mut parts = relative.components();
    let keyed = parts
        .next()
        .and_then(|c| c.as_os_str().to_str())
        .is_some_and(|kind| KEYED_ROUTES.contains(&kind))
        && parts.next().is_some();
    let chosen = if query.is_empty() && page.is_file() {
        page
    } else if query.is_empty() && !keyed && file.is_file() {
        file
    } else if relative.starts_with("content") || looks_hashed(&relative) {
        // A missing content file or asset is a real 404, as nginx answers it.
        return not_found;
    } else if dir.join("shell.html").is_file() {
        dir.join("shell.html")
    } else {
        dir.join("index.html")
    };
    let Ok(mut bytes) = std::fs::read(&chosen) else {
        return not_found;
    };
    let kind = content_type(&chosen);
    if kind.starts_with("text/html") {
        let text = String::from_utf8_lossy(&bytes);
        let with = match text.rfind("</body>") {
            Some(at) => format!("{}{RELOAD_TAG}{}", &text[..at], &text[at..]),
            None => format!("{text}{RELOAD_TAG}"),
        };
        bytes = with.into_bytes();
    }
    (200, kind, bytes)
}

/// The request path as a relative path of plain segments (percent-decoded), or `None`.
fn plain_path(path: &str) -> Option<PathBuf> {
    let decoded = portal_core::model::url::percent_decode(path.trim_start_matches('/'))?;
    let relative = PathBuf::from(decoded);
    relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then_some(relative)
}

/// `name-<16 hex>.ext`: Trunk's hashed asset names.
fn looks_hashed(path: &Path) -> bool {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .and_then(|s| s.rsplit_once('-').map(|(_, h)| h.to_string()))
        .is_some_and(|h| h.len() == 16 && h.chars().all(|c| c.is_ascii_hexdigit()))
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "webmanifest" => "application/manifest+json",
        "bin" => "application/octet-stream",
        _ => "application/octet-stream",
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    portal_core::html::escape_text(text, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_are_served_and_hashed_assets_are_told() {
        assert_eq!(plain_path("/article/a/"), Some(PathBuf::from("article/a")));
        assert_eq!(plain_path("/../etc/passwd"), None);
        assert_eq!(plain_path("/a/%2e%2e/b"), None);
        assert!(looks_hashed(Path::new("main-0123456789abcdef.css")));
        assert!(!looks_hashed(Path::new("article/some-article")));
    }
}
