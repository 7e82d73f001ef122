//! Dates as feeds in the wild write them, read into the portal's [`Timestamp`]: RFC 3339, RFC
//! 822/2822 (`Thu, 02 Sep 2021 10:00:00 +0800`, `GMT`, seconds left out), and what Chinese CMSs
//! write: `2021-09-02 10:00`, `2021/9/2`, `2021年09月02日`, `2021年9月2日 10:00`.
//!
//! `CST` is China Standard Time (+08:00) here, not RFC 822's US Central (−06:00): a Chinese
//! newsroom's CMS means the former. A date without a zone is read in the site's time zone
//! (`timezone` in the site file, Asia/Shanghai by default).

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use portal_core::model::date::Timestamp;

/// The zone a date without one is read in: Beijing time unless the site file says otherwise.
pub const DEFAULT_TIME_ZONE: Tz = chrono_tz::Asia::Shanghai;

/// Reads `text` as a moment, or `None` when it is no date this reader knows.
pub fn read_date(text: &str, zone: Tz) -> Option<Timestamp> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(t) = Timestamp::parse_rfc3339(text) {
        return Some(t);
    }
    let china = replace_zone_word(text, "CST", "+0800");
    if let Ok(t) = DateTime::parse_from_rfc2822(&china) {
        return Some(Timestamp(t.timestamp()));
    }
    numeric(text, zone)
}

/// Whether `text`, a date [`read_date`] reads, names its zone or offset (`+08:00`, `Z`, `GMT`,
/// `CST`, …); one that does not is read in the site's time zone, which may not be the CMS's.
pub fn names_zone(text: &str) -> bool {
    let text = text.trim();
    if Timestamp::parse_rfc3339(text).is_ok() {
        return true;
    }
    if DateTime::parse_from_rfc2822(&replace_zone_word(text, "CST", "+0800")).is_ok() {
        return true;
    }
    let (numbers, rest) = leading_numbers(text);
    numbers.len() < 3 || !rest.trim().is_empty()
}

/// `text` with the zone abbreviation `word` (a whole word) written as `offset`.
fn replace_zone_word(text: &str, word: &str, offset: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(if part.eq_ignore_ascii_case(word) {
            offset
        } else {
            part
        });
    }
    out
}

/// Year, month, day, then optionally hour, minute, second and a zone, in any of the separators
/// Chinese CMSs use (`-`, `/`, `.`, 年月日, 时分秒, `T`).
fn numeric(text: &str, zone: Tz) -> Option<Timestamp> {
    let (numbers, rest) = leading_numbers(text);
    let [year, month, day, time @ ..] = numbers.as_slice() else {
        return None;
    };
    if *year < 1000 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(*year).ok()?, *month, *day)?;
    let (hour, minute, second) = match time {
        [] => (0, 0, 0),
        [h, m] => (*h, *m, 0),
        [h, m, s, ..] => (*h, *m, (*s).min(59)),
        [_] => return None,
    };
    let local = date.and_hms_opt(hour, minute, second)?;
    let offset = match rest.trim() {
        "" => return in_zone(local, zone),
        "Z" | "z" | "UTC" | "GMT" | "UT" => 0,
        "CST" | "cst" | "北京时间" => 8 * 3600,
        other => offset_seconds(other)?,
    };
    Some(Timestamp(local.and_utc().timestamp() - i64::from(offset)))
}

/// The calendar and clock numbers at the start of `text` and what follows them (a zone).
fn leading_numbers(text: &str) -> (Vec<u32>, &str) {
    let mut numbers = Vec::new();
    let mut current: Option<u32> = None;
    for (i, c) in text.char_indices() {
        if let Some(digit) = c.to_digit(10) {
            current = Some(
                current
                    .unwrap_or(0)
                    .saturating_mul(10)
                    .saturating_add(digit),
            );
            continue;
        }
        if let Some(n) = current.take() {
            numbers.push(n);
        }
        let separator = matches!(
            c,
            '-' | '/' | '.' | ':' | ' ' | 'T' | 't' | '年' | '月' | '日' | '时' | '分' | '秒'
        );
        // After the time (five numbers or six), a sign starts a zone and a dot a fraction of a
        // second, which is left out.
        let zone_starts = matches!(c, '+' | '-') && numbers.len() >= 5;
        if zone_starts || !separator || (c == '.' && numbers.len() >= 6) {
            let rest = if c == '.' {
                text[i..].trim_start_matches(|x: char| x == '.' || x.is_ascii_digit())
            } else {
                &text[i..]
            };
            return (numbers, rest);
        }
    }
    if let Some(n) = current {
        numbers.push(n);
    }
    (numbers, "")
}

/// `+0800`, `+08:00`, `-05`, as seconds east of UTC.
fn offset_seconds(text: &str) -> Option<i32> {
    let (sign, digits) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (hours, minutes) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0),
        4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
        _ => return None,
    };
    (hours <= 14 && minutes < 60).then_some(sign * (hours * 3600 + minutes * 60))
}

/// A wall-clock time in `zone`; in a gap of a clock change, the moment after it.
fn in_zone(local: NaiveDateTime, zone: Tz) -> Option<Timestamp> {
    let moment = zone.from_local_datetime(&local).earliest().or_else(|| {
        zone.from_local_datetime(&(local + chrono::Duration::hours(1)))
            .earliest()
    })?;
    Some(Timestamp(moment.timestamp()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The moment as RFC 3339 in Beijing time, as the portal writes it.
    fn read(text: &str) -> Option<String> {
        read_date(text, DEFAULT_TIME_ZONE).map(|t| t.rfc3339_shanghai())
    }

    #[test]
    fn dates_that_name_no_zone_are_told_apart() {
        for zoned in [
            "2021-09-02T10:00:00+08:00",
            "Thu, 02 Sep 2021 02:00:00 GMT",
            "Thu, 02 Sep 2021 10:00:00 CST",
            "2021-09-02 10:00:00 +0800",
            "2021-09-02 02:00:00 UTC",
            "2021-09-02 10:00 北京时间",
        ] {
            assert!(names_zone(zoned), "{zoned}");
        }
        for local in [
            "2021-09-02 10:00:00",
            "2021/9/2 10:00",
            "2021年9月2日 10:00",
            "2021-09-02T10:00:00.123",
        ] {
            assert!(!names_zone(local), "{local}");
        }
    }

    #[test]
    fn the_forms_seen_in_the_wild() {
        let ten = Some("2021-09-02T10:00:00+08:00".to_string());
        for text in [
            "2021-09-02T10:00:00+08:00",
            "2021-09-02T02:00:00Z",
            "Thu, 02 Sep 2021 10:00:00 +0800",
            "Thu, 02 Sep 2021 02:00:00 GMT",
            "Thu, 02 Sep 2021 10:00 +0800",
            "02 Sep 2021 10:00:00 +0800",
            "Thu, 02 Sep 2021 10:00:00 CST",
            "2021-09-02 10:00:00",
            "2021-09-02 10:00",
            "2021/9/2 10:00",
            "2021.09.02 10:00:00",
            "2021-09-02 10:00:00 +0800",
            "2021-09-02 02:00:00 UTC",
            "2021-09-02T10:00:00.123",
            "2021年9月2日 10:00",
            "2021年09月02日 10时00分",
        ] {
            assert_eq!(read(text), ten, "{text}");
        }
        assert_eq!(
            read("2021年09月02日"),
            Some("2021-09-02T00:00:00+08:00".to_string())
        );
        assert_eq!(
            read("2021-09-02"),
            Some("2021-09-02T00:00:00+08:00".to_string())
        );
    }

    #[test]
    fn a_date_without_a_zone_is_the_sites() {
        let paris: Tz = "Europe/Paris".parse().expect("a zone");
        let moment = read_date("2021-09-02 10:00", paris).expect("a date");
        assert_eq!(moment.rfc3339_shanghai(), "2021-09-02T16:00:00+08:00");
        // CST stays China's whatever the site's zone.
        let central = read_date("Thu, 02 Sep 2021 10:00:00 CST", paris).expect("a date");
        assert_eq!(central.rfc3339_shanghai(), "2021-09-02T10:00:00+08:00");
    }

    #[test]
    fn what_is_no_date_is_none() {
        for text in [
            "",
            "yesterday",
            "2021-13-02",
            "2021-02-30 10:00",
            "12:00",
            "99-09-02",
            "2021-09-02 25:00",
            "2021-09-02 10:00 +2500",
        ] {
            assert_eq!(read(text), None, "{text}");
        }
    }
}
