//! RFC 3339 timestamps, read as JSON Feed writes them, and shown as a Chinese portal shows them:
//! zero-padded, in Beijing time (Asia/Shanghai has been UTC+8 all year since 1991, so a fixed
//! offset is exact for any date a feed can carry and saves shipping a time-zone database).

use std::fmt;

/// Seconds east of UTC of Asia/Shanghai.
const SHANGHAI_OFFSET_SECS: i64 = 8 * 3600;

/// A moment in time, as seconds since the Unix epoch (UTC). Ordering is chronological.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

/// A calendar date and wall-clock time in Asia/Shanghai.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalDateTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
}

/// Why a date string is not RFC 3339.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError(pub &'static str);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for DateError {}

impl Timestamp {
    /// Parses RFC 3339 (`2021-09-02T10:00:00+08:00`), accepting what the RFC allows and feeds
    /// use: `t`/`z` in lower case, a space instead of `T` (RFC 3339 §5.6 note), any number of
    /// fractional digits, offsets `-00:00`, and the leap second `:60` (counted as `:59`).
    pub fn parse_rfc3339(text: &str) -> Result<Self, DateError> {
        let s = text.trim().as_bytes();
        if s.len() < 20 {
            return Err(DateError("too short for an RFC 3339 date-time"));
        }
        for (at, separator) in [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')] {
            expect(s, at, separator)?;
        }
        if !matches!(s[10], b'T' | b't' | b' ') {
            return Err(DateError("expected 'T' between date and time"));
        }
        let [year, month, day, hour, minute, second] =
            [(0, 4), (5, 2), (8, 2), (11, 2), (14, 2), (17, 2)].map(|(at, len)| digits(s, at, len));
        let (year, month, day) = (year?, month?, day?);
        let (hour, minute, second) = (hour?, minute?, second?);
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month as u32) as i64 {
            return Err(DateError("no such calendar date"));
        }
        if hour > 23 || minute > 59 || second > 60 {
            return Err(DateError("no such time of day"));
        }
        let mut rest = &s[19..];
        if let Some((b'.', fraction)) = rest.split_first() {
            let count = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
            if count == 0 {
                return Err(DateError("a '.' must be followed by digits"));
            }
            rest = &fraction[count..];
        }
        let offset_secs = match rest {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
                let hours = digits(rest, 1, 2)?;
                let minutes = digits(rest, 4, 2)?;
                if hours > 23 || minutes > 59 {
                    return Err(DateError("offset out of range"));
                }
                let secs = hours * 3600 + minutes * 60;
                if *sign == b'-' {
                    -secs
                } else {
                    secs
                }
            }
            _ => return Err(DateError("expected 'Z' or an offset like +08:00")),
        };
        let days = days_from_civil(year, month as u32, day as u32);
        let secs = days * 86_400 + hour * 3600 + minute * 60 + second.min(59) - offset_secs;
        Ok(Timestamp(secs))
    }

    /// The wall-clock date and time in Asia/Shanghai.
    pub fn in_shanghai(self) -> LocalDateTime {
        let local = self.0 + SHANGHAI_OFFSET_SECS;
        let days = local.div_euclid(86_400);
        let secs = local.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        LocalDateTime {
            year,
            month,
            day,
            hour: (secs / 3600) as u32,
            minute: (secs % 3600 / 60) as u32,
        }
    }

    /// `2021-09-02`, the date as the portal's lists show it.
    pub fn date_string(self) -> String {
        let t = self.in_shanghai();
        format!("{:04}-{:02}-{:02}", t.year, t.month, t.day)
    }

    /// `2021-09-02 10:00`, the date and time as the article header shows it.
    pub fn date_time_string(self) -> String {
        let t = self.in_shanghai();
        format!("{} {:02}:{:02}", self.date_string(), t.hour, t.minute)
    }

    /// RFC 822 as RSS 2.0's `pubDate` wants it, in Beijing time: `Thu, 02 Sep 2021 10:00:00 +0800`.
    pub fn rfc822_shanghai(self) -> String {
        const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let local = self.0 + SHANGHAI_OFFSET_SECS;
        // 1970-01-01, day 0, was a Thursday.
        let weekday = DAYS[local.div_euclid(86_400).rem_euclid(7) as usize];
        let t = self.in_shanghai();
        let month = MONTHS[(t.month as usize).clamp(1, 12) - 1];
        let second = local.rem_euclid(60);
        format!(
            "{weekday}, {:02} {month} {:04} {:02}:{:02}:{second:02} +0800",
            t.day, t.year, t.hour, t.minute
        )
    }

    /// RFC 3339 with seconds, in Beijing time: `2021-09-02T10:00:00+08:00`, as feeds carry it.
    pub fn rfc3339_shanghai(self) -> String {
        let t = self.in_shanghai();
        let second = (self.0 + SHANGHAI_OFFSET_SECS).rem_euclid(60);
        format!(
            "{}T{:02}:{:02}:{second:02}+08:00",
            self.date_string(),
            t.hour,
            t.minute
        )
    }

    /// Machine-readable form for `<time datetime>`: ISO 8601 with the +08:00 offset.
    pub fn iso_shanghai(self) -> String {
        let t = self.in_shanghai();
        format!("{}T{:02}:{:02}+08:00", self.date_string(), t.hour, t.minute)
    }
}

fn digits(s: &[u8], start: usize, len: usize) -> Result<i64, DateError> {
    let field = s
        .get(start..start + len)
        .ok_or(DateError("date-time cut short"))?;
    field.iter().try_fold(0i64, |acc, b| {
        if b.is_ascii_digit() {
            Ok(acc * 10 + i64::from(b - b'0'))
        } else {
            Err(DateError("expected a digit"))
        }
    })
}

fn expect(s: &[u8], at: usize, want: u8) -> Result<(), DateError> {
    match s.get(at) {
        Some(b) if *b == want => Ok(()),
        _ => Err(DateError("malformed date-time separator")),
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shanghai(s: &str) -> String {
        Timestamp::parse_rfc3339(s)
            .map(|t| t.date_time_string())
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn converts_offsets_to_beijing_time() {
        for (input, beijing) in [
            ("2021-09-02T10:00:00+08:00", "2021-09-02 10:00"),
            ("2022-04-10T17:19:45.000Z", "2022-04-11 01:19"),
            ("2024-12-05T17:59:38.000+01:00", "2024-12-06 00:59"),
            ("2018-07-31T14:53:52-02:30", "2018-08-01 01:23"),
        ] {
            assert_eq!(shanghai(input), beijing);
        }
    }

    #[test]
    fn pads_single_digit_fields() {
        let t = Timestamp::parse_rfc3339("2021-01-05T00:03:00+08:00").map(Timestamp::date_string);
        assert_eq!(t.as_deref(), Ok("2021-01-05"));
    }

    #[test]
    fn accepts_the_odd_but_valid_forms() {
        for s in [
            "2021-09-02t02:00:00z",
            "2021-09-02 02:00:00Z",
            "2021-09-02T02:00:00.123456789Z",
            "2021-09-02T02:00:00-00:00",
            "2021-09-02T10:00:00.5+08:00",
        ] {
            assert_eq!(shanghai(s), "2021-09-02 10:00", "{s}");
        }
        assert_eq!(shanghai("2016-12-31T23:59:60Z"), "2017-01-01 07:59");
    }

    #[test]
    fn rejects_what_is_not_rfc3339() {
        for s in [
            "",
            "2021-09-02",
            "2021-13-02T10:00:00Z",
            "2021-02-29T10:00:00Z",
            "2021-09-02T24:00:00Z",
            "2021-09-02T10:00:00",
            "2021-09-02T10:00:00+0800",
            "2021-09-02T10:00:00.Z",
            "Thu, 02 Sep 2021 10:00:00 GMT",
            "２０２１-09-02T10:00:00Z",
        ] {
            assert!(Timestamp::parse_rfc3339(s).is_err(), "{s}");
        }
    }

    #[test]
    fn leap_years_and_epoch_edges() {
        assert_eq!(shanghai("2020-02-29T12:00:00Z"), "2020-02-29 20:00");
        assert_eq!(shanghai("1969-12-31T20:00:00Z"), "1970-01-01 04:00");
        assert_eq!(shanghai("2000-02-29T00:00:00+08:00"), "2000-02-29 00:00");
    }

    #[test]
    fn civil_round_trip() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn rss_dates_name_the_weekday_in_beijing_time() {
        /// One of the ways a timestamp is written out.
        type Writer = fn(Timestamp) -> String;
        let cases: [(&str, Writer, &str); 4] = [
            (
                "2021-09-02T10:00:00+08:00",
                Timestamp::rfc822_shanghai,
                "Thu, 02 Sep 2021 10:00:00 +0800",
            ),
            (
                "2021-09-01T18:30:05Z",
                Timestamp::rfc822_shanghai,
                "Thu, 02 Sep 2021 02:30:05 +0800",
            ),
            (
                "1969-12-31T15:59:59Z",
                Timestamp::rfc822_shanghai,
                "Wed, 31 Dec 1969 23:59:59 +0800",
            ),
            (
                "2021-09-01T18:30:05Z",
                Timestamp::rfc3339_shanghai,
                "2021-09-02T02:30:05+08:00",
            ),
        ];
        for (input, write, expected) in cases {
            let date = Timestamp::parse_rfc3339(input).map(write);
            assert_eq!(date.as_deref(), Ok(expected), "{input}");
        }
    }
}
