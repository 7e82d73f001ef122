//! Day numbers: the days since 1970-01-01 of the local date in the site's time zone, so a day
//! ends at midnight there (Asia/Shanghai by default), not at midnight UTC.

use chrono::{Datelike, TimeZone, Utc};
use chrono_tz::Tz;

use crate::Error;

/// The zone days are counted in when the site names none, as the publisher reads dates.
pub const DEFAULT_ZONE: Tz = chrono_tz::Asia::Shanghai;

/// `NaiveDate::num_days_from_ce` of 1970-01-01.
const EPOCH_FROM_CE: i64 = 719_163;

/// The day number of the Unix time `secs` in `zone`.
pub fn day_of(secs: i64, zone: Tz) -> i64 {
    match Utc.timestamp_opt(secs, 0).single() {
        Some(utc) => {
            i64::from(utc.with_timezone(&zone).date_naive().num_days_from_ce()) - EPOCH_FROM_CE
        }
        None => 0,
    }
}

/// The zone of an IANA name, or the default when it is not one.
pub fn zone_named(name: Option<&str>) -> Result<Tz, Error> {
    match name {
        None => Ok(DEFAULT_ZONE),
        Some(name) => name
            .parse()
            .map_err(|_| Error::new(format!("timezone “{name}” is not an IANA time zone"))),
    }
}

/// The current Unix time in seconds.
pub fn unix_now() -> i64 {
    Utc::now().timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_core::model::counter::Window;

    /// 2026-03-01 00:00 in Beijing is 2026-02-28 16:00 UTC.
    const BEIJING_MIDNIGHT: i64 = 1_772_294_400;

    #[test]
    fn a_day_ends_at_midnight_in_shanghai_not_utc() {
        let zone = DEFAULT_ZONE;
        let before = day_of(BEIJING_MIDNIGHT - 1, zone);
        let at = day_of(BEIJING_MIDNIGHT, zone);
        assert_eq!(at, before + 1, "23:59:59 and 00:00:00 are different days");
        // 2026-03-01 is day 20513 since 1970-01-01.
        assert_eq!(at, 20_513);
        // In UTC it is still 2026-02-28 then, and until 08:00 Beijing time.
        assert_eq!(day_of(BEIJING_MIDNIGHT, chrono_tz::UTC), 20_512);
        assert_eq!(day_of(BEIJING_MIDNIGHT + 8 * 3600 - 1, zone), at);
    }

    #[test]
    fn windows_at_midnight() {
        let zone = DEFAULT_ZONE;
        let today = day_of(BEIJING_MIDNIGHT, zone);
        let last_minute = day_of(BEIJING_MIDNIGHT - 60, zone);
        // A hit at 23:59 yesterday is in today's week and month, not in today.
        assert!(last_minute < Window::Day.first_day(today));
        assert!(last_minute >= Window::Week.first_day(today));
        // Seven days back at 00:00 is out of the week, six days back in it.
        let six_back = day_of(BEIJING_MIDNIGHT - 6 * 86_400, zone);
        let seven_back = day_of(BEIJING_MIDNIGHT - 7 * 86_400, zone);
        assert!(six_back >= Window::Week.first_day(today));
        assert!(seven_back < Window::Week.first_day(today));
        assert!(seven_back >= Window::Month.first_day(today));
    }

    #[test]
    fn zone_names_are_checked() {
        assert_eq!(zone_named(None).ok(), Some(DEFAULT_ZONE));
        assert_eq!(
            zone_named(Some("Europe/Berlin")).ok(),
            Some(chrono_tz::Europe::Berlin)
        );
        assert!(zone_named(Some("Mars/Olympus")).is_err());
    }
}
