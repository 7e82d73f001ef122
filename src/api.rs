//! Fetching content files over the network. Every failure becomes a [`LoadError`] that names
//! the file and says what went wrong in words a reader or an editor can act on.

use gloo_net::http::Request;
use portal_core::model::feed::parse_feed;
use portal_core::model::url::resolve;
use portal_core::model::{FeedPage, LoadProblem};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use portal_core::model::paths::Paths;
use portal_core::model::url::url_path;
use portal_core::model::LoadError;

/// Where the content is when the page does not say otherwise.
const DEFAULT_FEED: &str = "content/feed.json";
/// A content file that has not arrived after this long is given up on, with a message.
pub const FETCH_TIMEOUT_MS: i32 = 8_000;

/// The page's base URL (`<base href>`, which a sub-path deploy sets), absolute.
pub fn base_url() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_else(|| "/".to_string())
}

/// The router's base: the directory of the base URL without its trailing slash (`""` for a
/// site at the root, `/portal` under a sub-path).
pub fn base_path() -> String {
    let base = base_url();
    let path = url_path(&base);
    path.rfind('/').map_or("", |i| &path[..i]).to_string()
}

/// The paths of the routes of the page this runs in, under its base path.
pub fn paths() -> Paths {
    Paths::new(base_path())
}

/// The absolute URL of the feed: `<meta name="portal-feed">` in index.html, set at deploy time,
/// or `content/feed.json` beside the page.
pub fn feed_url() -> String {
    let configured = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name=portal-feed]").ok().flatten())
        .and_then(|m| m.get_attribute("content"))
        .filter(|c| !c.trim().is_empty());
    resolve(&base_url(), configured.as_deref().unwrap_or(DEFAULT_FEED))
}

/// How a URL is shown in messages: relative to the page when it is beside it.
pub fn display_name(url: &str) -> String {
    let base = base_url();
    let dir = base.rfind('/').map_or(base.as_str(), |i| &base[..=i]);
    url.strip_prefix(dir).unwrap_or(url).to_string()
}

/// Fetches and parses one content file, the parse a task of its own after the read's.
pub async fn fetch_feed(url: &str) -> Result<FeedPage, LoadError> {
    let fail = |problem: LoadProblem| LoadError {
        file: display_name(url),
        problem,
    };
    let text = fetch_text(url).await.map_err(fail)?;
    yield_to_browser().await;
    parse_feed(&text, url).map_err(|e| fail(LoadProblem::NotAFeed(e)))
}

async fn fetch_text(url: &str) -> Result<String, LoadProblem> {
    let bytes = fetch_bytes(url).await?;
    // As `Response.text()` decodes: UTF-8, a byte-order mark dropped, bad bytes as U+FFFD.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

/// Fetches one file's bytes, with the content timeout.
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, LoadProblem> {
    fetch_within(url, FETCH_TIMEOUT_MS).await
}

/// Fetches `url`'s bytes, given up on after `timeout_ms`.
pub async fn fetch_within(url: &str, timeout_ms: i32) -> Result<Vec<u8>, LoadProblem> {
    let controller = web_sys::AbortController::new()
        .map_err(|_| LoadProblem::Unreadable("this browser cannot fetch content".into()))?;
    let timer = start_timeout(&controller, timeout_ms);
    let result = async {
        let response = Request::get(url)
            .abort_signal(Some(&controller.signal()))
            .send()
            .await?;
        if !response.ok() {
            return Ok(Err(LoadProblem::from_status(
                response.status(),
                &response.status_text(),
            )));
        }
        response.binary().await.map(Ok)
    }
    .await;
    if let (Some(window), Some(handle)) = (web_sys::window(), timer) {
        window.clear_timeout_with_handle(handle);
    }
    match result {
        Ok(answer) => answer,
        Err(_) if controller.signal().aborted() => Err(LoadProblem::Timeout {
            seconds: (timeout_ms / 1000).unsigned_abs(),
        }),
        // fetch() rejects with a TypeError when no answer came at all (offline, DNS, CORS, CSP).
        Err(gloo_net::Error::JsError(error)) if error.name == "TypeError" => {
            Err(LoadProblem::Network)
        }
        Err(other) => Err(LoadProblem::Unreadable(other.to_string())),
    }
}

fn start_timeout(controller: &web_sys::AbortController, timeout_ms: i32) -> Option<i32> {
    let controller = controller.clone();
    let abort = Closure::once_into_js(move || controller.abort());
    web_sys::window()?
        .set_timeout_with_callback_and_timeout_and_arguments_0(abort.unchecked_ref(), timeout_ms)
        .ok()
}

/// Ends the current task and goes on in a new one, so the browser can handle input and draw
/// a frame in between (what a long task would hold up). A message to a port of one's own is a
/// task of its own in every engine, without the clamp a nested `setTimeout` may get and
/// without `requestIdleCallback`, which WebKit lacks. Goes on at once where there is no
/// `MessageChannel`.
pub async fn yield_to_browser() {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        return;
    };
    let next_task = js_sys::Promise::new(&mut |resolve, _| {
        channel.port1().set_onmessage(Some(&resolve));
    });
    if channel
        .port2()
        .post_message(&wasm_bindgen::JsValue::UNDEFINED)
        .is_ok()
    {
        let _ = wasm_bindgen_futures::JsFuture::from(next_task).await;
    }
}
