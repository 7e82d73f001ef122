//! Why a content file could not be used, in words a reader or an editor can act on. Plain Rust:
//! the app's fetches and the publisher's file reads report through the same type and words.

use std::fmt;

use super::feed::FeedError;

/// A content file that could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// The file, as the page's base URL sees it (`content/feed.json`), or absolute when elsewhere.
    pub file: String,
    pub problem: LoadProblem,
}

/// What went wrong with a content file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadProblem {
    /// HTTP 404: the file is not on the server.
    NotFound,
    /// Any other HTTP error status, with the server's status text.
    Http { status: u16, status_text: String },
    /// No answer within this many seconds; the request was given up.
    Timeout { seconds: u32 },
    /// The request never got an answer: offline, blocked (CORS, CSP) or refused.
    Network,
    /// The answer could not be read (the connection broke while the body arrived, …).
    Unreadable(String),
    /// It arrived but is not a usable feed: not JSON, truncated, or not a JSON Feed.
    NotAFeed(FeedError),
    /// It arrived but is not a file of the search index it should be (docs/search-index.md).
    NotAnIndex(String),
}

impl LoadProblem {
    /// The problem for an HTTP status that is not a success.
    pub fn from_status(status: u16, status_text: &str) -> Self {
        match status {
            404 => LoadProblem::NotFound,
            _ => LoadProblem::Http {
                status,
                status_text: status_text.to_string(),
            },
        }
    }
}

impl fmt::Display for LoadProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadProblem::NotFound => f.write_str("HTTP 404: not found on the server"),
            LoadProblem::Http { status, .. } if (500..=599).contains(status) => {
                write!(f, "HTTP {status}: the server failed to send it")
            }
            LoadProblem::Http {
                status,
                status_text,
            } => write!(f, "HTTP {status}: {status_text}"),
            LoadProblem::Timeout { seconds } => {
                write!(f, "no answer within {seconds} seconds (timed out)")
            }
            LoadProblem::Network => f.write_str(
                "the network request failed (offline, blocked, or refused by the server)",
            ),
            LoadProblem::Unreadable(message) => f.write_str(message),
            LoadProblem::NotAFeed(error) => error.fmt(f),
            LoadProblem::NotAnIndex(message) => write!(f, "not a search index file: {message}"),
        }
    }
}

impl std::error::Error for LoadProblem {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LoadProblem::NotAFeed(error) => Some(error),
            _ => None,
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.problem)
    }
}

/// The core's error: a content file (a feed page, an article file, a search index file) that
/// could not be used, and why; a feed's own faults ([`FeedError`]) are its source.
impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.problem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_read_as_the_page_has_always_shown_them() {
        let cases = [
            (
                LoadProblem::from_status(404, "Not Found"),
                "HTTP 404: not found on the server",
            ),
            (
                LoadProblem::from_status(503, "Service Unavailable"),
                "HTTP 503: the server failed to send it",
            ),
            (
                LoadProblem::from_status(403, "Forbidden"),
                "HTTP 403: Forbidden",
            ),
            (
                LoadProblem::Timeout { seconds: 8 },
                "no answer within 8 seconds (timed out)",
            ),
            (
                LoadProblem::NotAFeed(FeedError {
                    place: "version".into(),
                    message: "missing: this is not a JSON Feed".into(),
                }),
                "version: missing: this is not a JSON Feed",
            ),
        ];
        for (problem, words) in cases {
            assert_eq!(problem.to_string(), words);
        }
        let error = LoadError {
            file: "content/feed.json".into(),
            problem: LoadProblem::Network,
        };
        assert_eq!(
            error.to_string(),
            "content/feed.json: the network request failed (offline, blocked, or refused by the server)"
        );
    }
}
