//! Component tests in a real browser (`cargo test -p kechuang-portal --target wasm32-unknown-unknown`,
//! with CHROMEDRIVER, GECKODRIVER or SAFARIDRIVER set; scripts/test.sh runs each):
//! components are mounted on a fresh element and the DOM they render is checked.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use kechuang_portal::app::{App, Portal};
use kechuang_portal::components::status::LoadFailure;
use kechuang_portal::library::Library;
use leptos::prelude::*;
use portal_core::model::feed::parse_feed;
use portal_core::model::{paginate, Catalog};
use portal_core::model::{LoadError, LoadProblem};
use portal_core::write::lists::{article_list, pager};
use portal_core::write::markup::render;
use portal_core::write::sidebar::{sidebar, SidebarFor};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SAMPLE: &str = include_str!("../public/content/feed.json");
const FEED_URL: &str = "http://portal.test/content/feed.json";

fn sample() -> Catalog {
    let page = parse_feed(SAMPLE, FEED_URL).unwrap_or_else(|e| panic!("sample feed: {e}"));
    Catalog::new(page, FEED_URL)
}

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

/// A fresh element in the body to mount on. The page gets the `<base href="/">` that the built
/// index.html has, so route links are built as in production.
fn host() -> web_sys::HtmlElement {
    let head = document().head().expect("head");
    if head.query_selector("base").ok().flatten().is_none() {
        let base = document().create_element("base").expect("base");
        base.set_attribute("href", "/").expect("href");
        head.append_child(&base).expect("append base");
    }
    let element = document().create_element("div").expect("div");
    document()
        .body()
        .expect("body")
        .append_child(&element)
        .expect("append");
    element.unchecked_into()
}

fn texts(root: &web_sys::Element, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).expect("selector");
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .map(|n| n.text_content().unwrap_or_default().trim().to_string())
        .collect()
}

fn attr(root: &web_sys::Element, selector: &str, name: &str) -> Option<String> {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.get_attribute(name))
}

async fn settle() {
    for _ in 0..5 {
        leptos::task::tick().await;
    }
}

/// Waits for real time to pass (a fetch), then lets the reactive system settle.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let window = web_sys::window().expect("window");
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    settle().await;
}

fn set_url(path: &str) {
    let history = web_sys::window()
        .and_then(|w| w.history().ok())
        .expect("history");
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        .expect("replace_state");
}

/// Mounts markup the way the pages do and returns the host element: the browser's own parser
/// reads what `render` wrote.
async fn mount_markup(html: String) -> web_sys::HtmlElement {
    let root = host();
    leptos::mount::mount_to(
        root.clone(),
        move || view! { <div class="markup" inner_html=html></div> },
    )
    .forget();
    settle().await;
    root
}

/// Mounts the routed portal over `catalog` at `path` and returns the host element.
async fn portal_at(path: &str, catalog: Catalog) -> web_sys::HtmlElement {
    set_url(path);
    let root = host();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(Library::ready(catalog));
        view! { <Portal /> }
    });
    handle.forget();
    settle().await;
    root
}

/// The browser this suite runs in, as the test script asked for it (`PORTAL_TEST_BROWSER`,
/// `chrome`, `firefox` or `webkit`, read when the suite is compiled). wasm-bindgen's runner takes the first
/// WebDriver it finds in the environment, geckodriver first, so a run meant for Chromium once ran
/// in Firefox without anyone noticing; this test makes such a run fail.
#[wasm_bindgen_test]
fn runs_in_the_browser_the_script_named() {
    let navigator =
        js_sys::Reflect::get(&js_sys::global(), &"navigator".into()).expect("navigator");
    let agent = js_sys::Reflect::get(&navigator, &"userAgent".into())
        .ok()
        .and_then(|a| a.as_string())
        .unwrap_or_default();
    // WebKitGTK's MiniBrowser says `AppleWebKit/605.1.15 (KHTML, like Gecko) Version/… Safari/…`;
    // Chromium says AppleWebKit and Safari too, but with Chrome/.
    let running = if agent.contains("Firefox/") {
        "firefox"
    } else if agent.contains("Chrome/") {
        "chrome"
    } else if agent.contains("AppleWebKit/") {
        "webkit"
    } else {
        "other"
    };
    console_log!("component tests running in {running}: {agent}");
    if let Some(expected) = option_env!("PORTAL_TEST_BROWSER") {
        assert_eq!(
            running, expected,
            "the suite was asked to run in {expected}: {agent}"
        );
    }
}

#[wasm_bindgen_test]
async fn article_list_links_encoded_ids_and_marks_samples() {
    let catalog = sample();
    let items: Vec<Arc<_>> = catalog.latest().to_vec();
    let root = mount_markup(render(|m| {
        article_list(m, &items, "", &kechuang_portal::api::paths())
    }))
    .await;
    let titles = texts(&root, ".article-item h3 a");
    assert_eq!(titles.len(), catalog.len());
    let hrefs: Vec<String> = {
        let nodes = root
            .query_selector_all(".article-item h3 a")
            .expect("links");
        (0..nodes.length())
            .filter_map(|i| nodes.item(i))
            .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
            .filter_map(|e| e.get_attribute("href"))
            .collect()
    };
    assert!(
        hrefs.contains(&"/article/20210902-wenzhou-kechuang".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.iter().all(|h| !h[9..].contains(['/', '?', '#', '%'])),
        "{hrefs:?}"
    );
    assert_eq!(
        texts(&root, ".badge-sample").len(),
        catalog.len() - 1,
        "all but the seed article are samples"
    );
}

#[wasm_bindgen_test]
async fn pager_links_pages_and_marks_the_current_one() {
    let catalog = sample();
    let paged = paginate(catalog.latest(), 2, 3);
    let root = mount_markup(render(|m| {
        pager(m, &paged, "/channel/x", &kechuang_portal::api::paths())
    }))
    .await;
    assert_eq!(texts(&root, ".pager .current"), ["2"]);
    assert_eq!(
        attr(&root, "a[rel=prev]", "href").as_deref(),
        Some("/channel/x")
    );
    assert_eq!(
        attr(&root, "a[rel=next]", "href").as_deref(),
        Some("/channel/x?page=3")
    );
}

#[wasm_bindgen_test]
async fn sidebar_has_its_four_boxes_and_a_numbered_ranking() {
    let catalog = sample();
    let article = catalog.item("20210902-wenzhou-kechuang").cloned();
    let context = SidebarFor {
        article,
        ..SidebarFor::default()
    };
    let root = mount_markup(render(|m| {
        sidebar(m, &catalog, &context, &kechuang_portal::api::paths())
    }))
    .await;
    let headings = texts(&root, ".side-box h2");
    assert_eq!(headings.len(), 4, "{headings:?}");
    assert!(
        headings[0].starts_with("同类资讯 · 地方科创"),
        "{headings:?}"
    );
    assert_eq!(&headings[1..], ["推荐图文", "推荐资讯", "点击排行"]);
    assert_eq!(texts(&root, ".ranking ol.ranked li").len(), 10);
    assert!(
        root.query_selector_all(".pictures img")
            .expect("imgs")
            .length()
            >= 2
    );
    assert!(
        !texts(&root, ".related li a")
            .iter()
            .any(|t| t.contains("华山一条路")),
        "the article itself is not related to itself"
    );
}

#[wasm_bindgen_test]
async fn load_failure_names_the_file_and_offers_a_retry() {
    let root = host();
    leptos::mount::mount_to(root.clone(), || {
        provide_context(Library::ready(sample()));
        view! { <LoadFailure error=LoadError { file: "content/feed.json".into(), problem: LoadProblem::Http { status: 500, status_text: "Internal Server Error".into() } } /> }
    })
    .forget();
    settle().await;
    assert_eq!(texts(&root, ".error-file"), ["content/feed.json"]);
    assert_eq!(
        texts(&root, ".error-problem"),
        ["HTTP 500: the server failed to send it"]
    );
    assert_eq!(texts(&root, "button.retry"), ["重试"]);
    assert_eq!(attr(&root, ".load-error", "role").as_deref(), Some("alert"));
}

#[wasm_bindgen_test]
async fn article_route_renders_the_seed_article() {
    let root = portal_at("/article/20210902-wenzhou-kechuang", sample()).await;
    assert_eq!(
        texts(&root, "h1.article-title"),
        ["坚定走好科技创新“华山一条路” 浙江温州全面掀起科创高地建设热潮"]
    );
    let meta = texts(&root, ".article-meta").join(" ");
    assert!(
        meta.contains("2021-09-02") && meta.contains("浙江省科技厅") && meta.contains("37"),
        "{meta}"
    );
    assert!(texts(&root, ".summary")[0].starts_with("核心提示："));
    assert!(
        root.query_selector_all(".article-body p")
            .expect("p")
            .length()
            >= 15
    );
    assert!(texts(&root, ".disclaimer")[0].starts_with("免责声明"));
    assert_eq!(texts(&root, ".banner .slogan").len(), 2);
    assert!(texts(&root, ".site-footer .icp")
        .iter()
        .any(|t| t == "京ICP备00000000号-1（示例）"));
    assert_eq!(
        document().title(),
        "坚定走好科技创新“华山一条路” 浙江温州全面掀起科创高地建设热潮 - 科创资讯门户"
    );
}

#[wasm_bindgen_test]
async fn hostile_article_html_is_rendered_inert() {
    let feed = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [{
        "id": "x", "title": "<img src=x onerror=alert(1)>",
        "content_html": "<p>安全段落</p><script>window.__pwned = 1</script><img src=\"javascript:alert(1)\" onerror=\"window.__pwned=2\"><a href=\"javascript:alert(1)\" onclick=\"x()\">链接</a><iframe src=\"https://evil.test\"></iframe><svg onload=\"window.__pwned=3\"></svg><p style=\"position:fixed\">样式</p>"
    }]}"#;
    let catalog = Catalog::new(parse_feed(feed, FEED_URL).expect("parses"), FEED_URL);
    let root = portal_at("/article/x", catalog).await;
    sleep(50).await;
    let body = root
        .query_selector(".article-body")
        .ok()
        .flatten()
        .expect("body");
    assert_eq!(
        texts(&root, "h1.article-title"),
        ["<img src=x onerror=alert(1)>"],
        "a title is text"
    );
    assert!(body.inner_html().contains("安全段落"));
    for selector in [
        "script",
        "iframe",
        "svg",
        "[onerror]",
        "[onclick]",
        "[onload]",
        "[style]",
        "img",
    ] {
        assert!(
            body.query_selector(selector).ok().flatten().is_none(),
            "{selector} survived: {}",
            body.inner_html()
        );
    }
    assert!(body
        .query_selector("a")
        .ok()
        .flatten()
        .is_some_and(|a| !a.has_attribute("href")));
    let pwned =
        js_sys::Reflect::get(&web_sys::window().expect("window"), &"__pwned".into()).expect("get");
    assert!(pwned.is_undefined(), "a payload ran");
}

#[wasm_bindgen_test]
async fn unknown_article_shows_the_404_with_recent_links() {
    // The sample feed has an older page (at an address this test cannot reach): the portal
    // looks there first, shows a skeleton meanwhile, and says 404 once there is nowhere left.
    let root = portal_at("/article/no-such-id", sample()).await;
    assert!(root.query_selector(".skeleton").ok().flatten().is_some());
    for _ in 0..50 {
        if !texts(&root, ".not-found h1").is_empty() {
            break;
        }
        sleep(100).await;
    }
    assert_eq!(texts(&root, ".not-found h1"), ["页面不存在（404）"]);
    assert!(texts(&root, ".not-found .title-list li").len() >= 5);
}

#[wasm_bindgen_test]
async fn channel_route_lists_only_that_channel() {
    let root = portal_at("/channel/difang", sample()).await;
    assert_eq!(texts(&root, "h1.page-title"), ["地方科创"]);
    assert!(texts(&root, ".article-item h3 a")
        .iter()
        .any(|t| t.contains("华山一条路")));
    assert_eq!(
        attr(&root, ".channel-nav a[aria-current=page]", "href").as_deref(),
        Some("/channel/difang")
    );
}

#[wasm_bindgen_test]
async fn app_reports_a_missing_feed_by_name() {
    // The test server has no content/feed.json: the real fetch path must say so on the page.
    set_url("/");
    let root = host();
    leptos::mount::mount_to(root.clone(), App).forget();
    let mut file = Vec::new();
    for _ in 0..40 {
        sleep(100).await;
        file = texts(&root, ".error-file");
        if !file.is_empty() {
            break;
        }
    }
    assert_eq!(file, ["content/feed.json"]);
    assert!(
        texts(&root, ".error-problem")[0].starts_with("HTTP 404"),
        "{:?}",
        texts(&root, ".error-problem")
    );
    assert!(
        root.query_selector(".channel-nav a")
            .ok()
            .flatten()
            .is_some(),
        "navigation stays"
    );
}

/// The DOM below `root` as markup, without the comment nodes the framework may leave as
/// placeholders: what a reader's browser builds from it.
fn markup_of(root: &web_sys::Element) -> String {
    let html = root.inner_html();
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("-->")
            .map_or("", |end| &rest[start + end + 3..]);
    }
    out.push_str(rest);
    out
}

/// The page the publisher writes for each route is the DOM the app renders for it: the same
/// writers, the same frame, down to the boxes around markup. (The publisher leaves view counts
/// and the archive's picks to the app; with them written live, the two must be equal.)
#[wasm_bindgen_test]
async fn the_published_page_of_each_route_is_the_apps_dom() {
    use portal_core::write::page::{page_body, Frame, PageOf};
    use portal_core::write::sidebar::Volatile;

    // Both pages of the sample, as the publisher reads them: nothing is left for the app to
    // load, so it settles as the publisher writes.
    let whole = || {
        let mut catalog = sample();
        let url = "http://portal.test/content/feed-2.json";
        let older = include_str!("../public/content/feed-2.json");
        catalog.add_page(parse_feed(older, url).expect("feed-2.json"), url);
        assert!(!catalog.can_load_more());
        catalog
    };
    let catalog = whole();
    type PageIn = fn(&Catalog) -> PageOf<'_>;
    let routes: Vec<(&str, PageIn)> = vec![
        ("/", |_| PageOf::Home),
        ("/channel/difang", |c| {
            PageOf::Channel(c.site.channel("difang").expect("a channel"))
        }),
        ("/tag/温州", |_| PageOf::Tag("温州")),
        ("/article/20210902-wenzhou-kechuang", |c| {
            PageOf::Article(c.item("20210902-wenzhou-kechuang").expect("the seed"))
        }),
        ("/page/about", |c| {
            PageOf::Info(c.site.page("about").expect("a page"))
        }),
        ("/sitemap", |_| PageOf::Sitemap),
        ("/no/such/route", |_| PageOf::NotFound),
    ];
    for (path, page_of) in routes {
        let root = portal_at(path, whole()).await;
        let app = markup_of(&root);
        let paths = kechuang_portal::api::paths();
        let (site_url, feed_url) = (
            kechuang_portal::api::base_url(),
            kechuang_portal::api::feed_url(),
        );
        let frame = Frame {
            paths: &paths,
            site_url: &site_url,
            feed_url: &feed_url,
            feed_name: &Library::feed_name(),
            volatile: Volatile::Live,
        };
        let written = render(|m| page_body(m, &catalog, page_of(&catalog), &frame));
        // Read by the browser's parser, as a reader's browser reads the published file.
        let parsed = document().create_element("div").expect("div");
        parsed.set_inner_html(&written);
        let published = markup_of(&parsed);
        if app != published {
            let at = app
                .bytes()
                .zip(published.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(app.len().min(published.len()));
            let from = at.saturating_sub(200);
            panic!(
                "{path}: the app and the published page differ at byte {at}:\napp:       …{}…\npublished: …{}…",
                String::from_utf8_lossy(&app.as_bytes()[from..(at + 200).min(app.len())]),
                String::from_utf8_lossy(&published.as_bytes()[from..(at + 200).min(published.len())]),
            );
        }
        root.remove();
    }
}

/// Samples the page once a task (a message to a port of its own, the task source the library
/// yields through, so the samples fall between its tasks) until `done` says so or 10 s pass.
async fn sample_each_task<T>(mut sample: impl FnMut() -> T, done: impl Fn(&T) -> bool) -> Vec<T> {
    let mut samples = Vec::new();
    let start = js_sys::Date::now();
    while js_sys::Date::now() - start < 10_000.0 {
        let channel = web_sys::MessageChannel::new().expect("a channel");
        let next_task = js_sys::Promise::new(&mut |resolve, _| {
            channel.port1().set_onmessage(Some(&resolve));
        });
        channel
            .port2()
            .post_message(&wasm_bindgen::JsValue::UNDEFINED)
            .expect("post");
        let _ = wasm_bindgen_futures::JsFuture::from(next_task).await;
        let now = sample();
        let finished = done(&now);
        samples.push(now);
        if finished {
            break;
        }
    }
    samples
}

/// A written home page taken over by the app (src/takeover.rs), with the sample feed served as
/// a `data:` URL: the mount waits a task, the route is built a task after the mount, and the
/// header shows the site a task before the route's page is drawn (so that no one task does it
/// all); a reader's focus on a written link is on the app's copy of it after the swap.
#[wasm_bindgen_test]
async fn the_takeover_draws_in_tasks_and_keeps_the_focus() {
    use portal_core::write::page::{page_body, Frame, PageOf};
    use portal_core::write::sidebar::Volatile;

    set_url("/");
    let feed = format!(
        "data:application/json,{}",
        String::from(js_sys::encode_uri_component(SAMPLE))
    );
    let meta = document().create_element("meta").expect("meta");
    meta.set_attribute("name", "portal-feed").expect("name");
    meta.set_attribute("content", &feed).expect("content");
    document()
        .head()
        .expect("head")
        .append_child(&meta)
        .expect("append meta");

    let catalog = sample();
    let paths = kechuang_portal::api::paths();
    let site_url = kechuang_portal::api::base_url();
    let frame = Frame {
        paths: &paths,
        site_url: &site_url,
        feed_url: &feed,
        feed_name: &Library::feed_name(),
        volatile: Volatile::Live,
    };
    let written = host();
    written.set_id("prerendered");
    written.set_inner_html(&render(|m| page_body(m, &catalog, PageOf::Home, &frame)));
    let link = written
        .query_selector("section.latest .article-list li:nth-child(3) a")
        .ok()
        .flatten()
        .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok())
        .expect("a written link");
    let href = link.get_attribute("href");
    link.focus().expect("focus");

    kechuang_portal::takeover::take_over(written.clone().unchecked_into());
    // Once the microtasks queued by then have run: still in the task of the call.
    let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(
        &wasm_bindgen::JsValue::UNDEFINED,
    ))
    .await;
    let mounted_at_once = document()
        .get_element_by_id("app")
        .is_some_and(|app| app.child_element_count() > 0);
    // What the app's box holds at the end of each task that changed it (a MutationObserver's
    // callback runs once the task's microtasks are done): the header; a route; the header drawn
    // from the site, not its placeholders; the app's list. Sampled by a task of the test's own,
    // this missed tasks in WebKit, which runs the messages of two MessageChannels (the test's,
    // the app's yields) in no set order.
    type Built = (bool, bool, bool, bool);
    let built: std::rc::Rc<std::cell::RefCell<Vec<Built>>> = Default::default();
    let record = {
        let built = built.clone();
        wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            let app = document().get_element_by_id("app");
            let has = |selector: &str| {
                app.as_ref()
                    .and_then(|a| a.query_selector(selector).ok().flatten())
                    .is_some()
            };
            built.borrow_mut().push((
                has(".site-header"),
                has("main > *"),
                has(".site-header nav.tiles") && !has(".banner-placeholder"),
                has("section.latest"),
            ));
        })
    };
    let observer =
        web_sys::MutationObserver::new(record.as_ref().unchecked_ref()).expect("an observer");
    let watch = web_sys::MutationObserverInit::new();
    watch.set_child_list(true);
    watch.set_subtree(true);
    observer
        .observe_with_options(&document().get_element_by_id("app").expect("#app"), &watch)
        .expect("observe");
    // Until the written page is gone.
    let samples = sample_each_task(|| written.is_connected(), |&there| !there).await;
    meta.remove();
    observer.disconnect();
    drop(record);

    assert!(!mounted_at_once, "the mount waits for a task of its own");
    assert_eq!(samples.last(), Some(&false), "taken over: {samples:?}");
    let built = built.borrow();
    assert!(
        built.iter().any(|&(header, route, ..)| header && !route),
        "a task between the mount and the route's: {built:?}"
    );
    assert!(
        built.iter().any(|&(_, _, site, listed)| site && !listed),
        "a task between the header's site and the route's page: {built:?}"
    );
    let focused = document().active_element().expect("a focused element");
    let app = document().get_element_by_id("app").expect("#app");
    assert!(
        app.contains(Some(&focused)),
        "the focus is in the app's page"
    );
    assert_eq!(focused.get_attribute("href"), href);
}

/// A search shard from a hostile server declares u32::MAX postings for a term and holds none.
/// In the wasm, reserving room for them before reading one was a capacity overflow: a panic
/// that killed the page. Now it is a problem the search page can show.
#[wasm_bindgen_test]
fn a_shard_that_declares_more_postings_than_it_holds_is_a_problem_not_a_panic() {
    let lying = b"KCS1\x01\x01a\xff\xff\xff\xff\x0f\xff\xff\xff\xff\x0f";
    assert!(portal_core::search::read_shard(lying).is_err());
}
