//! What a page shows while content is on its way, when it failed, and what the feed got wrong.

use crate::model::feed::Problem;
use crate::model::LoadError;
use crate::write::markup::Markup;

/// Problems listed at most; a feed with more is broken in a way the first hundred show.
const PROBLEMS_LISTED: usize = 100;

/// Where reading older pages stands, as a list shows it under its items.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListStatus {
    /// An older page or a single article is on its way.
    pub busy: bool,
    /// Why the last older page or single article could not be had.
    pub error: Option<LoadError>,
}

/// Under a list: 正在加载更多… while an older page loads, and what went wrong if it failed.
pub fn list_status(m: &mut Markup, status: &ListStatus) {
    if status.busy {
        m.element(
            "p",
            &[("class", "loading-more"), ("role", "status")],
            "正在加载更多…",
        );
    }
    more_failure(m, status.error.as_ref());
}

/// A notice when an older page could not be loaded; the rest stays usable.
pub fn more_failure(m: &mut Markup, error: Option<&LoadError>) {
    if let Some(error) = error {
        m.el("p", &[("class", "more-error"), ("role", "alert")], |m| {
            m.text("更早的内容未能加载（")
                .element("code", &[], &error.file)
                .text("：")
                .text(&error.problem.to_string())
                .text("）。");
        });
    }
}

/// `<details>` listing items left out and fields ignored; nothing when there are none.
pub fn content_notices(m: &mut Markup, problems: &[Problem], feed_name: &str) {
    if problems.is_empty() {
        return;
    }
    m.el("details", &[("class", "content-notices")], |m| {
        m.element(
            "summary",
            &[],
            &format!(
                "内容提示：{} 处内容有误，已跳过（{feed_name}）",
                problems.len()
            ),
        )
        .el("ul", &[], |m| {
            for problem in problems.iter().take(PROBLEMS_LISTED) {
                m.element("li", &[], &problem.to_string());
            }
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::well_formed;
    use crate::write::markup::render;

    #[test]
    fn notices_count_every_problem_and_list_the_first_hundred() {
        let problems: Vec<Problem> = (0..150)
            .map(|i| Problem {
                place: format!("items[{i}]"),
                message: "no id: <b>left out</b>".into(),
            })
            .collect();
        let html = render(|m| content_notices(m, &problems, "content/feed.json"));
        well_formed(&html);
        assert!(html.contains("内容提示：150 处内容有误，已跳过（content/feed.json）"));
        assert_eq!(html.matches("<li>").count(), 100);
        assert!(html.contains("&lt;b&gt;left out&lt;/b&gt;"));
    }

    #[test]
    fn the_list_status_says_what_is_loading_and_what_failed() {
        assert_eq!(render(|m| list_status(m, &ListStatus::default())), "");
        let status = ListStatus {
            busy: true,
            error: Some(LoadError {
                file: "content/feed-2.json".into(),
                problem: crate::model::LoadProblem::NotFound,
            }),
        };
        let html = render(|m| list_status(m, &status));
        well_formed(&html);
        assert_eq!(
            html,
            "<p class=\"loading-more\" role=\"status\">正在加载更多…</p><p class=\"more-error\" role=\"alert\">\
             更早的内容未能加载（<code>content/feed-2.json</code>：HTTP 404: not found on the server）。</p>"
        );
    }

    #[test]
    fn no_problems_no_notice() {
        assert_eq!(render(|m| content_notices(m, &[], "feed.json")), "");
    }
}
