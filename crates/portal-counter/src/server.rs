//! The HTTP answers, all JSON; whatever is malformed gets a 4xx with a one-line reason and is
//! not stored:
//!
//! - `POST /api/hit`, body: one article id (what `navigator.sendBeacon` sends as text): 202;
//!   413 over [`MAX_BODY`] bytes, 404 for an id not published, 429 past the rate limit;
//! - `GET /api/views?ids=a,b` (at most [`MAX_IDS`]): all-time counts, `Cache-Control: no-store`;
//! - `GET /api/top?window=day|week|month|all&channel=slug&n=10` (n at most [`MAX_TOP`]):
//!   点击排行, `Cache-Control: max-age=10`, as old as the ranking is at most.
//!
//! The routes answer under any prefix (`/api/`, `/portal/api/`): nginx passes the path as the
//! reader asked for it.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::extract::{ConnectInfo, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use portal_core::model::counter::{
    parse_ids_query, top_json, views_json, Window, MAX_IDS, MAX_TOP,
};

use crate::client::{client_addr, is_bot};
use crate::counter::{Counter, Refused};

/// The largest body of a hit: an id is much shorter.
pub const MAX_BODY: usize = 1024;

/// The service's routes over `counter`.
pub fn router(counter: Arc<Counter>) -> Router {
    Router::new().fallback(answer).with_state(counter)
}

fn json(status: StatusCode, body: String, cache: &'static str) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// A 4xx (or 5xx) with its one-line reason.
fn refuse(status: StatusCode, reason: &str) -> Response {
    json(
        status,
        serde_json::json!({ "error": reason }).to_string(),
        "no-store",
    )
}

async fn answer(
    State(counter): State<Arc<Counter>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    method: Method,
    uri: Uri,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let settings = &counter.settings;
    let forwarded = headers
        .get(settings.address_header.as_str())
        .and_then(|v| v.to_str().ok());
    let addr = client_addr(peer.ip(), forwarded, &settings.trusted_proxies);
    if !counter.limiter.allow(addr, counter.now()) {
        return refuse(
            StatusCode::TOO_MANY_REQUESTS,
            "too many requests from this address; wait a minute",
        );
    }
    let query = query.unwrap_or_default();
    let endpoint = uri.path().rsplit('/').next().unwrap_or_default();
    match (&method, endpoint) {
        (&Method::POST, "hit") => hit(&counter, addr, &headers, body).await,
        (&Method::GET | &Method::HEAD, "views") => views(&counter, &query),
        (&Method::GET | &Method::HEAD, "top") => top(&counter, &query),
        (_, "hit" | "views" | "top") => {
            refuse(StatusCode::METHOD_NOT_ALLOWED, "method not allowed here")
        }
        _ => refuse(
            StatusCode::NOT_FOUND,
            "no such endpoint: the counter answers hit, views and top",
        ),
    }
}

async fn hit(counter: &Counter, addr: IpAddr, headers: &HeaderMap, body: Body) -> Response {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            "a hit's body is one article id, at most 1 KB",
        );
    }
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            "a hit's body is one article id, at most 1 KB",
        );
    };
    let Ok(id) = std::str::from_utf8(&bytes) else {
        return refuse(StatusCode::BAD_REQUEST, "the article id is not UTF-8");
    };
    let id = id.trim();
    if id.is_empty() {
        return refuse(StatusCode::BAD_REQUEST, "the body holds no article id");
    }
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if counter.published().get(id).is_none() {
        return refuse(StatusCode::NOT_FOUND, "no published article has this id");
    }
    // A bot is answered as a reader is, and not counted.
    if !is_bot(user_agent) {
        match counter.hit(id, addr, user_agent) {
            Ok(()) => {}
            Err(Refused::Unknown) => {
                return refuse(StatusCode::NOT_FOUND, "no published article has this id")
            }
            Err(Refused::Busy) => {
                return refuse(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the database is behind; try later",
                )
            }
        }
    }
    json(
        StatusCode::ACCEPTED,
        r#"{"ok":true}"#.to_string(),
        "no-store",
    )
}

/// The raw (still percent-encoded) value of `name` in a query string.
fn param<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

fn views(counter: &Counter, query: &str) -> Response {
    let Some(raw) = param(query, "ids") else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "ids= names the articles, comma-separated",
        );
    };
    if raw.split(',').count() > MAX_IDS {
        return refuse(StatusCode::BAD_REQUEST, "at most 50 ids at once");
    }
    let Some(ids) = parse_ids_query(raw) else {
        return refuse(StatusCode::BAD_REQUEST, "an id is empty or not UTF-8");
    };
    json(StatusCode::OK, views_json(counter.views(&ids)), "no-store")
}

fn top(counter: &Counter, query: &str) -> Response {
    let window = match param(query, "window") {
        None => Window::All,
        Some(name) => match Window::parse(name) {
            Some(window) => window,
            None => return refuse(StatusCode::BAD_REQUEST, "window is day, week, month or all"),
        },
    };
    let n = match param(query, "n").map(str::parse::<usize>) {
        None => 10,
        Some(Ok(n)) if (1..=MAX_TOP).contains(&n) => n,
        Some(_) => return refuse(StatusCode::BAD_REQUEST, "n is a number from 1 to 50"),
    };
    let channel = match param(query, "channel").map(portal_core::model::url::percent_decode) {
        None => None,
        Some(Some(slug)) => Some(slug),
        Some(None) => return refuse(StatusCode::BAD_REQUEST, "channel is not UTF-8"),
    };
    if let Some(slug) = &channel {
        let known = counter
            .published()
            .articles
            .iter()
            .any(|a| a.channel.as_deref() == Some(slug));
        if !known {
            return refuse(
                StatusCode::NOT_FOUND,
                "no published article is in this channel",
            );
        }
    }
    let ranked = counter.top(window, channel.as_deref(), n);
    json(
        StatusCode::OK,
        top_json(window, &ranked),
        "public, max-age=10",
    )
}
