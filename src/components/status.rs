//! What a page shows while content is on its way, when it failed, and what the feed got wrong.

use leptos::prelude::*;
use portal_core::model::LoadError;
use portal_core::write::markup::render;
use portal_core::write::status::content_notices;

use crate::library::Library;
use crate::offline::{is_offline, CachedArticles};

/// Grey blocks the size of what is coming, so nothing jumps when it arrives.
#[component]
pub fn Skeleton(#[prop(default = 6)] lines: usize) -> impl IntoView {
    view! {
        <div class="skeleton" role="status" aria-live="polite">
            <span class="visually-hidden">"正在加载内容…"</span>
            <div class="skeleton-title" aria-hidden="true"></div>
            {(0..lines).map(|_| view! { <div class="skeleton-line" aria-hidden="true"></div> }).collect_view()}
        </div>
    }
}

/// A content file that could not be loaded: which file, what is wrong, and a retry.
#[component]
pub fn LoadFailure(error: LoadError) -> impl IntoView {
    let library = expect_context::<Library>();
    view! {
        <section class="load-error" role="alert">
            <h1>"内容暂时无法显示"</h1>
            <p>
                "无法读取内容文件 "
                <code class="error-file">{error.file.clone()}</code>
                "："
                <span class="error-problem">{error.problem.to_string()}</span>
            </p>
            <p>"请稍后重试；如果问题一直存在，请联系网站编辑。"</p>
            <button type="button" class="retry" on:click=move |_| library.reload()>"重试"</button>
            {is_offline(Some(&error)).then(|| view! { <CachedArticles /> })}
        </section>
    }
}

/// What the feed got wrong, for its editors, in a block of its own outside the page's rebuilt
/// markup: its HTML is a Memo, so an older page that brings no new problem leaves the
/// `<details>` as it is, open if the editor opened it. (A `view!` with reactive summary and
/// list instead cost 9.7 KB of wasm, measured.)
#[component]
pub fn ContentNotices() -> impl IntoView {
    let library = expect_context::<Library>();
    let feed_name = Library::feed_name();
    let html = Memo::new(move |_| {
        library
            .with(|c| render(|m| content_notices(m, &c.problems, &feed_name)))
            .unwrap_or_default()
    });
    view! { <div class="markup" inner_html=move || html.get()></div> }
}
