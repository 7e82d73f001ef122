//! `portal status SITE`: how the site's publishing is doing, as a monitoring check (Nagios,
//! Icinga, Zabbix, a systemd `OnFailure=`) expects it: exit 0 OK, 1 WARNING, 2 CRITICAL,
//! 3 UNKNOWN, and a first line that says why.
//!
//! It reads what `portal sync` left in SITE: `current` (the release served) and `sync.json`
//! (how the last run went, per source).

use std::path::Path;

use serde_json::{json, Value};

use crate::release::current_release;
use crate::sync::{read_status, Status};
use portal_core::model::date::Timestamp;

/// A check's verdict, in the monitoring-plugin convention's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    Ok = 0,
    Warning = 1,
    Critical = 2,
    Unknown = 3,
}

impl Verdict {
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Ok => "OK",
            Verdict::Warning => "WARNING",
            Verdict::Critical => "CRITICAL",
            Verdict::Unknown => "UNKNOWN",
        }
    }
}

/// What `portal status` found.
#[derive(Debug)]
pub struct Health {
    pub verdict: Verdict,
    /// The first line: why.
    pub reason: String,
    /// The rest, one fact a line.
    pub details: Vec<String>,
    pub json: Value,
}

/// `30m`, `2h`, `90s`, `1d` or seconds, as seconds.
pub fn parse_age(text: &str) -> Option<i64> {
    let text = text.trim();
    let (number, unit) = match text.char_indices().last()? {
        (at, c) if c.is_ascii_alphabetic() => (&text[..at], c),
        _ => (text, 's'),
    };
    let number: i64 = number.trim().parse().ok().filter(|n| *n > 0)?;
    let unit = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86_400,
        _ => return None,
    };
    number.checked_mul(unit)
}

fn when(t: i64) -> String {
    Timestamp(t).rfc3339_shanghai()
}

/// How `site_dir` is doing at `now`: `max_age` seconds without a sync that published is
/// critical.
pub fn health(site_dir: &Path, now: i64, max_age: i64) -> Health {
    let release = current_release(site_dir);
    let status = read_status(site_dir);
    let release_name = release
        .as_ref()
        .and_then(|r| r.file_name())
        .map(|n| n.to_string_lossy().into_owned());
    let built = release
        .as_ref()
        .and_then(|r| std::fs::metadata(r).ok())
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs() as i64);
    let mut details = Vec::new();
    match (&release_name, built) {
        (Some(name), Some(built)) => details.push(format!("release {name}, built {}", when(built))),
        (Some(name), None) => details.push(format!("release {name}")),
        (None, _) => details.push("no release is served (SITE/current)".into()),
    }
    let Some(status) = status else {
        let reason = match release_name {
            Some(_) => "no sync has run here (no sync.json): nothing to judge",
            None => "neither a release nor a sync here: is this the site folder?",
        };
        return Health {
            verdict: Verdict::Unknown,
            reason: reason.into(),
            json: json!({ "status": "UNKNOWN", "reason": reason, "release": release_name }),
            details,
        };
    };
    let (verdict, reason) = judge(&status, now, max_age);
    details.push(format!(
        "last sync {} (exit {}): {}",
        when(status.finished),
        status.exit,
        status.summary
    ));
    details.push(match status.last_success {
        Some(t) => format!("last sync that published: {}", when(t)),
        None => "no sync has published yet".into(),
    });
    for source in &status.sources {
        let last = source.last_success.map_or("never".to_string(), when);
        let problem = source
            .problem
            .as_deref()
            .map_or(String::new(), |p| format!(": {p}"));
        details.push(format!(
            "source {} ({}): {}{problem}; {} items; last success {last}",
            source.name, source.mode, source.outcome, source.items
        ));
    }
    details.push(format!(
        "items: {} published, {} held back (drafts, embargoed)",
        status.items, status.held
    ));
    if let Some(next) = &status.next_embargo {
        let due = if next.at <= now {
            " (due: the next sync publishes it)"
        } else {
            ""
        };
        details.push(format!(
            "next embargoed item: “{}” ({}) at {}{due}",
            next.title,
            next.id,
            when(next.at)
        ));
    }
    for problem in &status.problems {
        details.push(format!("check: {problem}"));
    }
    let json = json!({
        "status": verdict.word(),
        "reason": reason,
        "release": release_name,
        "built": built,
        "sync": status,
    });
    Health {
        verdict,
        reason,
        details,
        json,
    }
}

fn judge(status: &Status, now: i64, max_age: i64) -> (Verdict, String) {
    if status.exit != 0 && status.exit != 3 {
        return (
            Verdict::Critical,
            format!(
                "the last sync failed at {} (exit {}): {}",
                when(status.finished),
                status.exit,
                status.error.as_deref().unwrap_or("no reason recorded")
            ),
        );
    }
    match status.last_success {
        None => return (Verdict::Critical, "no sync has published yet".into()),
        Some(t) if now - t > max_age => {
            return (
                Verdict::Critical,
                format!(
                    "no sync has published for {} min (since {}), more than --max-age {} min: is the timer running?",
                    (now - t) / 60,
                    when(t),
                    max_age / 60
                ),
            )
        }
        Some(_) => {}
    }
    let failing: Vec<String> = status
        .sources
        .iter()
        .filter(|s| s.outcome == "failed")
        .map(|s| format!("{} ({})", s.name, s.problem.as_deref().unwrap_or("failed")))
        .collect();
    if !failing.is_empty() {
        return (
            Verdict::Warning,
            format!(
                "{} of {} sources failing, their last good items kept: {}",
                failing.len(),
                status.sources.len(),
                failing.join("; ")
            ),
        );
    }
    (
        Verdict::Ok,
        format!(
            "{} sources ok, {} items published, last sync {}",
            status.sources.len(),
            status.items,
            when(status.finished)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_as_monitoring_configurations_write_them() {
        assert_eq!(parse_age("30m"), Some(1800));
        assert_eq!(parse_age("2h"), Some(7200));
        assert_eq!(parse_age("90"), Some(90));
        assert_eq!(parse_age("1d"), Some(86_400));
        assert_eq!(parse_age("0m"), None);
        assert_eq!(parse_age("5w"), None);
        assert_eq!(parse_age(""), None);
    }
}
