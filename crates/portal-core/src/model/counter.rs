//! The visit counter's answers (the `portal-counter` service, crates/portal-counter), written by
//! the service and read by the app, so both sides agree on one shape:
//!
//! - `GET api/views?ids=a,b` → `{"views":{"a":12,"b":3}}`: all-time counts, the feed's
//!   `_portal.views` included as the starting count;
//! - `GET api/top?window=day&channel=c&n=10` →
//!   `{"window":"day","items":[{"id":"a","title":"…","views":12}]}`: 点击排行, most read first.
//!
//! Ids in `ids` are each [`percent_encode_component`]ed and joined with `,`, so an id holding a
//! comma (ids are often URLs) stays one id.

use serde_json::{json, Value};

use crate::model::url::{percent_decode, percent_encode_component};

/// The most ids one `api/views` asks for, and the longest ranking `api/top` gives.
pub const MAX_IDS: usize = 50;
/// The longest ranking `api/top` answers.
pub const MAX_TOP: usize = 50;

/// The time a ranking covers. Days end at midnight in the site's `timezone`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Window {
    /// Since the start of the feed: the feed's `_portal.views` plus everything counted.
    #[default]
    All,
    /// Today.
    Day,
    /// Today and the six days before.
    Week,
    /// Today and the 29 days before.
    Month,
}

impl Window {
    /// Every window, in the order the sidebar's tabs show them.
    pub const EVERY: [Window; 4] = [Window::All, Window::Day, Window::Week, Window::Month];

    /// From the query's `window=` value.
    pub fn parse(name: &str) -> Option<Window> {
        Window::EVERY.into_iter().find(|w| w.name() == name)
    }

    /// The query's `window=` value.
    pub fn name(self) -> &'static str {
        match self {
            Window::All => "all",
            Window::Day => "day",
            Window::Week => "week",
            Window::Month => "month",
        }
    }

    /// The sidebar tab's label.
    pub fn label(self) -> &'static str {
        match self {
            Window::All => "总",
            Window::Day => "日",
            Window::Week => "周",
            Window::Month => "月",
        }
    }

    /// The days the window covers, today included; `None` for all time.
    pub fn days(self) -> Option<i64> {
        match self {
            Window::All => None,
            Window::Day => Some(1),
            Window::Week => Some(7),
            Window::Month => Some(30),
        }
    }

    /// The first day (a day number, see the service) the window covers when today is `today`.
    pub fn first_day(self, today: i64) -> i64 {
        self.days().map_or(i64::MIN, |days| today - (days - 1))
    }
}

/// One line of 点击排行.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ranked {
    pub id: String,
    pub title: String,
    pub views: u64,
}

/// The `ids=` value of `api/views` for `ids`.
pub fn ids_query<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    ids.into_iter()
        .map(percent_encode_component)
        .collect::<Vec<_>>()
        .join(",")
}

/// The ids of an `ids=` value (still percent-encoded, as it came in the query); `None` when one
/// is not UTF-8 or empty.
pub fn parse_ids_query(raw: &str) -> Option<Vec<String>> {
    raw.split(',')
        .map(|id| percent_decode(id).filter(|id| !id.is_empty()))
        .collect()
}

/// The answer of `api/views`.
pub fn views_json<'a>(counts: impl IntoIterator<Item = (&'a str, u64)>) -> String {
    let views: serde_json::Map<String, Value> = counts
        .into_iter()
        .map(|(id, n)| (id.to_string(), json!(n)))
        .collect();
    json!({ "views": views }).to_string()
}

/// The count of `id` in an answer of `api/views`; `None` when the answer has none, or is not
/// one (the counter answered garbage, or nginx's empty 204 while the counter is down).
pub fn views_of(text: &str, id: &str) -> Option<u64> {
    let value: Value = serde_json::from_str(text).ok()?;
    value.get("views")?.get(id)?.as_u64()
}

/// The answer of `api/top`.
pub fn top_json(window: Window, ranked: &[Ranked]) -> String {
    let items: Vec<Value> = ranked
        .iter()
        .map(|r| json!({ "id": r.id, "title": r.title, "views": r.views }))
        .collect();
    json!({ "window": window.name(), "items": items }).to_string()
}

/// Reads an answer of `api/top`; `None` when it is not one, or is for another window.
pub fn parse_top(text: &str, window: Window) -> Option<Vec<Ranked>> {
    let value: Value = serde_json::from_str(text).ok()?;
    if value.get("window")?.as_str()? != window.name() {
        return None;
    }
    value
        .get("items")?
        .as_array()?
        .iter()
        .take(MAX_TOP)
        .map(|entry| {
            Some(Ranked {
                id: entry.get("id")?.as_str()?.to_string(),
                title: entry.get("title")?.as_str()?.to_string(),
                views: entry.get("views")?.as_u64()?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_read_back_as_written() {
        let views = views_json([("a", 3), ("https://x.test/?p=1,2", 40)]);
        assert_eq!(views_of(&views, "https://x.test/?p=1,2"), Some(40));
        assert_eq!(views_of(&views, "b"), None);
        let ranked = vec![Ranked {
            id: "a".into(),
            title: "标题<b>".into(),
            views: 9,
        }];
        let top = top_json(Window::Week, &ranked);
        assert_eq!(parse_top(&top, Window::Week), Some(ranked));
        assert_eq!(
            parse_top(&top, Window::Day),
            None,
            "another window's answer"
        );
    }

    #[test]
    fn garbage_is_no_answer() {
        for text in [
            "",
            "{}",
            "null",
            "<html>",
            r#"{"views":{"a":-1}}"#,
            r#"{"views":[1]}"#,
        ] {
            assert_eq!(views_of(text, "a"), None, "{text}");
        }
        assert_eq!(
            parse_top(r#"{"window":"day","items":[{"id":1}]}"#, Window::Day),
            None
        );
    }

    #[test]
    fn ids_with_commas_stay_whole() {
        let query = ids_query(["a,b", "文章", "c"]);
        assert!(!query.contains("a,b"));
        assert_eq!(
            parse_ids_query(&query),
            Some(vec!["a,b".into(), "文章".into(), "c".into()])
        );
        assert_eq!(parse_ids_query("a,,b"), None);
        assert_eq!(parse_ids_query("%FF"), None);
    }

    #[test]
    fn windows_count_today_in() {
        assert_eq!(Window::Day.first_day(100), 100);
        assert_eq!(Window::Week.first_day(100), 94);
        assert_eq!(Window::Month.first_day(100), 71);
        assert_eq!(Window::All.first_day(100), i64::MIN);
        for w in Window::EVERY {
            assert_eq!(Window::parse(w.name()), Some(w));
        }
        assert_eq!(Window::parse("year"), None);
    }

    #[test]
    fn the_counter_is_a_path_under_the_site() {
        use crate::model::feed::counter_path;
        assert_eq!(counter_path("api/").as_deref(), Some("api/"));
        assert_eq!(counter_path("stats/api").as_deref(), Some("stats/api/"));
        for elsewhere in [
            "https://tracker.test/",
            "//tracker.test/",
            "/api/",
            "../api/",
            "api/../../x",
            "a b",
            "api?x",
            "",
        ] {
            assert_eq!(counter_path(elsewhere), None, "{elsewhere}");
        }
    }
}
