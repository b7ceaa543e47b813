//! Local time at a spot: what a person reads (receipts, the closing report, the "today" list, the
//! till's day, the statistics' days) is in the spot's time zone; what is stored stays UTC.
//!
//! Portugal has three time zones: the mainland and Madeira (`Europe/Lisbon`, `Atlantic/Madeira`,
//! UTC+0, UTC+1 in summer) and the Azores (`Atlantic/Azores`, UTC−1, UTC+0 in summer). A receipt
//! printed in UTC is an hour off every summer on the mainland and all year in the Azores, and a "day"
//! cut at UTC midnight puts an Azorean attendance at 00:30 on the day before. So every reading of a
//! time goes through a [`SpotZone`], named by the spot's configuration (`time_zone`, default
//! `Europe/Lisbon`).
//!
//! The zone rules come from jiff's bundled copy of the IANA database (`tzdb-bundle-always`): the same
//! rules on a Debian counter and a Windows one, which has no `/usr/share/zoneinfo`, and nothing is read
//! from disk, so this stays a pure crate. A local day is not always 24 hours: the day summer time starts
//! has 23, the day it ends 25; [`SpotZone::day_bounds`] gives the real bounds.

use crate::attendance::UtcMillis;

/// A UTC day in milliseconds: for validity periods and ages ("valid for 14 days"), never for cutting
/// a local day, which [`SpotZone::day_bounds`] does.
pub const DAY_MS: i64 = 86_400_000;

/// The zone of the mainland, and the default.
pub const DEFAULT_ZONE: &str = "Europe/Lisbon";

/// Portugal's three zones, the only ones a spot may be configured with (the central server keeps
/// the same list, so a counter and the statistics never disagree on what a day is).
pub const PORTUGAL_ZONES: [&str; 3] = ["Europe/Lisbon", "Atlantic/Madeira", "Atlantic/Azores"];

/// A date and a time of day as read on the spot's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LocalDateTime {
    /// The year.
    pub year: i16,
    /// The month, 1 to 12.
    pub month: i8,
    /// The day of the month, 1 to 31.
    pub day: i8,
    /// The hour, 0 to 23.
    pub hour: i8,
    /// The minute, 0 to 59.
    pub minute: i8,
}

impl LocalDateTime {
    /// `dd/mm/yyyy`.
    pub fn date_text(&self) -> String {
        format!("{:02}/{:02}/{}", self.day, self.month, self.year)
    }

    /// `hh:mm`.
    pub fn time_text(&self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }

    /// `yyyy-mm-dd`, the day's key in statistics.
    pub fn day_key(&self) -> String {
        format!("{}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A name that is not a time zone of the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownZone(pub String);

impl std::fmt::Display for UnknownZone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown time zone {:?}", self.0)
    }
}

impl std::error::Error for UnknownZone {}

/// The time zone of a spot, by its IANA name.
#[derive(Debug, Clone, PartialEq)]
pub struct SpotZone {
    name: String,
    zone: jiff::tz::TimeZone,
}

impl Default for SpotZone {
    fn default() -> SpotZone {
        SpotZone::lisbon()
    }
}

impl SpotZone {
    /// The zone called `name` (`Europe/Lisbon`, `Atlantic/Madeira`, `Atlantic/Azores`, or any other IANA
    /// name), or why not.
    pub fn named(name: &str) -> Result<SpotZone, UnknownZone> {
        let zone = jiff::tz::TimeZone::get(name).map_err(|_| UnknownZone(name.to_owned()))?;
        Ok(SpotZone {
            name: zone.iana_name().unwrap_or(name).to_owned(),
            zone,
        })
    }

    /// The mainland's zone (`Europe/Lisbon`).
    pub fn lisbon() -> SpotZone {
        // The bundled database always holds it; UTC is only a fallback a test would catch.
        SpotZone::named(DEFAULT_ZONE).unwrap_or_else(|_| SpotZone {
            name: "UTC".to_owned(),
            zone: jiff::tz::TimeZone::UTC,
        })
    }

    /// The IANA name.
    pub fn name(&self) -> &str {
        &self.name
    }

    fn zoned(&self, at: UtcMillis) -> jiff::ZonedDateTime {
        let ts = jiff::Timestamp::from_millisecond(at.0).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        ts.to_zoned_datetime(self.zone.clone())
    }

    /// The date and time on the spot's clock at `at`.
    pub fn local(&self, at: UtcMillis) -> LocalDateTime {
        let z = self.zoned(at);
        LocalDateTime {
            year: z.year(),
            month: z.month(),
            day: z.day(),
            hour: z.hour(),
            minute: z.minute(),
        }
    }

    /// `dd/mm/yyyy hh:mm` on the spot's clock, as printed on receipts and shown on screen.
    pub fn date_time_text(&self, at: UtcMillis) -> String {
        let local = self.local(at);
        format!("{} {}", local.date_text(), local.time_text())
    }

    /// The start (inclusive) and end (exclusive) of the local day holding `at`: 24 hours, or 23 or 25
    /// on the days the clocks change.
    pub fn day_bounds(&self, at: UtcMillis) -> (UtcMillis, UtcMillis) {
        let z = self.zoned(at);
        let start = z.start_of_day().map(|s| s.timestamp().as_millisecond());
        let end = z
            .date()
            .tomorrow()
            .ok()
            .and_then(|d| d.to_zoned_datetime(self.zone.clone()).ok())
            .map(|e| e.timestamp().as_millisecond());
        match (start, end) {
            (Ok(start), Some(end)) => (UtcMillis(start), UtcMillis(end)),
            // Out of the calendar's range (year ±9999): a UTC day is the best that can be said.
            _ => {
                let start = at.0 - at.0.rem_euclid(86_400_000);
                (UtcMillis(start), UtcMillis(start + 86_400_000))
            }
        }
    }

    /// Whether `a` and `b` fall on the same local day.
    pub fn same_day(&self, a: UtcMillis, b: UtcMillis) -> bool {
        let (a, b) = (self.local(a), self.local(b));
        (a.year, a.month, a.day) == (b.year, b.month, b.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-03-29 (the last Sunday of March) at `h:m` UTC.
    fn march_29(h: i64, m: i64) -> UtcMillis {
        UtcMillis(1_774_742_400_000 + (h * 60 + m) * 60_000)
    }

    #[test]
    fn the_mainland_reads_winter_and_summer_time() {
        let lisbon = SpotZone::lisbon();
        // 12:00 UTC in January is 12:00 in Lisbon; in July, 13:00.
        assert_eq!(
            lisbon.date_time_text(UtcMillis(1_768_478_400_000)),
            "15/01/2026 12:00"
        );
        assert_eq!(
            lisbon.date_time_text(UtcMillis(1_784_116_800_000)),
            "15/07/2026 13:00"
        );
        assert_eq!(
            SpotZone::named("Atlantic/Madeira")
                .unwrap()
                .local(UtcMillis(1_784_116_800_000))
                .hour,
            13
        );
    }

    #[test]
    fn around_midnight_of_the_last_sunday_of_march_each_zone_reads_its_own_day() {
        let azores = SpotZone::named("Atlantic/Azores").unwrap();
        let lisbon = SpotZone::lisbon();
        // 00:30 UTC on 29 March: already the 29th in UTC and on the mainland, still 23:30 on the 28th
        // in the Azores (UTC−1 until 01:00 UTC).
        let at = march_29(0, 30);
        assert_eq!(lisbon.date_time_text(at), "29/03/2026 00:30");
        assert_eq!(azores.date_time_text(at), "28/03/2026 23:30");
        assert_eq!(azores.local(at).day_key(), "2026-03-28");
        // At 01:00 UTC the Azores jump from 00:00 to 01:00: 00:30 local does not exist that night, and
        // the 29th is a 23-hour day starting at 01:00 UTC.
        assert_eq!(azores.date_time_text(march_29(1, 30)), "29/03/2026 01:30");
        let (start, end) = azores.day_bounds(march_29(1, 30));
        assert_eq!(start, march_29(1, 0));
        assert_eq!(end.0 - start.0, 23 * 3_600_000);
        assert!(azores.same_day(march_29(1, 0), march_29(23, 59)));
        assert!(!azores.same_day(at, march_29(1, 0)));
        // The 28th, in the Azores, runs to 01:00 UTC on the 29th.
        let (_, end_28) = azores.day_bounds(at);
        assert_eq!(end_28, march_29(1, 0));
    }

    #[test]
    fn the_day_summer_time_ends_has_25_hours_in_lisbon() {
        let lisbon = SpotZone::lisbon();
        // 25 October 2026, the last Sunday of October, 12:00 UTC.
        let noon = UtcMillis(1_792_929_600_000);
        assert_eq!(lisbon.local(noon).day_key(), "2026-10-25");
        let (start, end) = lisbon.day_bounds(noon);
        assert_eq!(end.0 - start.0, 25 * 3_600_000);
        // Midnight local the day before the change is 23:00 UTC (summer time).
        assert_eq!(lisbon.date_time_text(start), "25/10/2026 00:00");
        assert_eq!(start.0, 1_792_886_400_000 - 3_600_000);
    }

    #[test]
    fn an_unknown_zone_is_named() {
        let err = SpotZone::named("Europe/Lisboa").unwrap_err();
        assert!(err.to_string().contains("Europe/Lisboa"));
        assert_eq!(SpotZone::default().name(), "Europe/Lisbon");
    }
}
