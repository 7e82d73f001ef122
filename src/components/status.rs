//! What a page shows while content is on its way, when it failed, and what the feed got wrong.

use leptos::prelude::*;

use crate::api::LoadError;
use crate::store::Store;

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
    let store = expect_context::<Store>();
    view! {
        <section class="load-error" role="alert">
            <h1>"内容暂时无法显示"</h1>
            <p>
                "无法读取内容文件 "
                <code class="error-file">{error.file.clone()}</code>
                "："
                <span class="error-problem">{error.problem.clone()}</span>
            </p>
            <p>"请稍后重试；如果问题一直存在，请联系网站编辑。"</p>
            <button type="button" class="retry" on:click=move |_| store.reload()>"重试"</button>
        </section>
    }
}

/// A notice under a list when an older page could not be loaded; the rest stays usable.
#[component]
pub fn MoreFailure() -> impl IntoView {
    let store = expect_context::<Store>();
    move || {
        store.more_error.get().map(|error| {
            view! {
                <p class="more-error" role="alert">
                    "更早的内容未能加载（"
                    <code>{error.file.clone()}</code>
                    "："
                    {error.problem.clone()}
                    "）。"
                </p>
            }
        })
    }
}

/// What the feed got wrong, for its editors: items left out, fields ignored.
#[component]
pub fn ContentNotices() -> impl IntoView {
    let store = expect_context::<Store>();
    move || {
        let problems = store.with(|c| c.problems.clone()).unwrap_or_default();
        (!problems.is_empty()).then(|| {
            let count = problems.len();
            view! {
                <details class="content-notices">
                    <summary>{format!("内容提示：{} 处内容有误，已跳过（{}）", count, Store::feed_name())}</summary>
                    <ul>
                        {problems.into_iter().take(100).map(|p| view! { <li>{p.to_string()}</li> }).collect_view()}
                    </ul>
                </details>
            }
        })
    }
}
