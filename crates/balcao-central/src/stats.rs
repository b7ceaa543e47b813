//! `GET /v1/stats` and `GET /v1/stats/cash`: what the agency counts.
//!
//! The counts come from the derived tables `records` fills when a record is first stored
//! ([`crate::records`]), never from scanning payloads: a derived row exists once per attendance or
//! payment whatever was replayed, so a query cannot count twice, and it stays cheap as records pile up
//! for years.
//!
//! - Attendances: one per `attendance.ended` attendance, dated by its `ended_at` (UTC). By `entity` and
//!   `service`, `attendances` counts the attendances that included one and `services` the lines.
//! - Cash: every `cash.payment` for which no `cash.cancellation` arrived, dated by the payment's
//!   `created_at` (UTC), summing what was collected (cents).
//!
//! Date ranges are inclusive UTC dates (`YYYY-MM-DD`), checked here so that a bad one is a 400, not a
//! database error. A device token sees only its own spot's rows, a host entity's token only its spots'.

use crate::error::ApiError;
use crate::scope::Scope;
use deadpool_postgres::Pool;
use serde::{Deserialize, Serialize};

/// The query string of both endpoints. An unknown parameter is refused (`400`): a misspelt filter must
/// not silently widen the answer to every spot.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatsQuery {
    /// First day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last day (inclusive), `YYYY-MM-DD`.
    pub to: Option<String>,
    /// The grouping.
    pub by: Option<String>,
    /// Only this spot (which must be one of the caller's).
    pub spot: Option<String>,
}

/// A row of `GET /v1/stats`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceRow {
    /// The spot code, entity id, service id or day.
    pub key: String,
    /// Attendances counted.
    pub attendances: i64,
    /// Service lines in them.
    pub services: i64,
}

/// A row of `GET /v1/stats/cash`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashRow {
    /// The entity id, spot code or day.
    pub key: String,
    /// Payments not cancelled.
    pub payments: i64,
    /// What they collected, in cents.
    pub collected_cents: i64,
}

/// A response of either endpoint.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stats<R> {
    /// The grouping asked for.
    pub by: String,
    /// One row per key, ordered by key.
    pub rows: Vec<R>,
}

/// Whether `s` is a real date written `YYYY-MM-DD`.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(range)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    year >= 1970 && (1..=days).contains(&day)
}

/// Checks `from`, `to` and `by` (one of `allowed`); returns them.
fn checked<'a>(query: &'a StatsQuery, allowed: &[&str]) -> Result<(&'a str, &'a str, &'a str), ApiError> {
    let date = |name: &str, value: &'a Option<String>| -> Result<&'a str, ApiError> {
        match value.as_deref() {
            Some(v) if is_date(v) => Ok(v),
            Some(v) => Err(ApiError::Invalid(format!(
                "`{name}` must be a date YYYY-MM-DD, not {v:?}"
            ))),
            None => Err(ApiError::Invalid(format!(
                "`{name}` (a date YYYY-MM-DD) is required"
            ))),
        }
    };
    let from = date("from", &query.from)?;
    let to = date("to", &query.to)?;
    if from > to {
        return Err(ApiError::Invalid("`from` is after `to`".to_owned()));
    }
    match query.by.as_deref() {
        Some(by) if allowed.contains(&by) => Ok((from, to, by)),
        _ => Err(ApiError::Invalid(format!(
            "`by` must be one of {}",
            allowed.join(", ")
        ))),
    }
}

/// Attendances in `[from, to]`, grouped; only those of the spots in `spots`.
pub async fn attendances(
    pool: &Pool,
    query: &StatsQuery,
    spots: &Scope,
) -> Result<Stats<AttendanceRow>, ApiError> {
    let (from, to, by) = checked(query, &["spot", "entity", "service", "day"])?;
    let key = match by {
        "spot" => "a.spot_code",
        "day" => "to_char(a.day, 'YYYY-MM-DD')",
        "entity" => "l.entity_id",
        _ => "l.service_id",
    };
    // By spot and day an attendance without lines still counts; by entity and service it has no key.
    let join = if by == "spot" || by == "day" {
        "LEFT JOIN"
    } else {
        "JOIN"
    };
    let sql = format!(
        "SELECT {key} AS key, count(DISTINCT a.attendance_id), count(l.attendance_id) \
         FROM stat_attendances a {join} stat_lines l ON l.attendance_id = a.attendance_id \
         WHERE a.day BETWEEN $1::text::date AND $2::text::date AND ($3::text[] IS NULL OR a.spot_code = ANY($3)) \
         GROUP BY 1 ORDER BY 1"
    );
    let client = pool.get().await?;
    let rows = client.query(&sql, &[&from, &to, &spots.filter()]).await?;
    Ok(Stats {
        by: by.to_owned(),
        rows: rows
            .iter()
            .map(|row| {
                Ok(AttendanceRow {
                    key: row.try_get(0)?,
                    attendances: row.try_get(1)?,
                    services: row.try_get(2)?,
                })
            })
            .collect::<Result<_, tokio_postgres::Error>>()?,
    })
}

/// Payments not cancelled in `[from, to]`, grouped; only those of the spots in `spots`.
pub async fn cash(pool: &Pool, query: &StatsQuery, spots: &Scope) -> Result<Stats<CashRow>, ApiError> {
    let (from, to, by) = checked(query, &["entity", "spot", "day"])?;
    let key = match by {
        "spot" => "p.spot_code",
        "day" => "to_char(p.day, 'YYYY-MM-DD')",
        _ => "p.entity_id",
    };
    let sql = format!(
        "SELECT {key} AS key, count(*), coalesce(sum(p.collected_cents), 0)::bigint \
         FROM stat_payments p \
         WHERE p.day BETWEEN $1::text::date AND $2::text::date AND ($3::text[] IS NULL OR p.spot_code = ANY($3)) \
           AND NOT EXISTS (SELECT 1 FROM stat_cancellations c WHERE c.payment_id = p.payment_id) \
         GROUP BY 1 ORDER BY 1"
    );
    let client = pool.get().await?;
    let rows = client.query(&sql, &[&from, &to, &spots.filter()]).await?;
    Ok(Stats {
        by: by.to_owned(),
        rows: rows
            .iter()
            .map(|row| {
                Ok(CashRow {
                    key: row.try_get(0)?,
                    payments: row.try_get(1)?,
                    collected_cents: row.try_get(2)?,
                })
            })
            .collect::<Result<_, tokio_postgres::Error>>()?,
    })
}

/// The query string of `GET /v1/rejections`: refusals after `since` (a `seq` already seen; 0 for all).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RejectionsQuery {
    /// Only refusals with a larger sequence number.
    #[serde(default)]
    pub since: i64,
}

/// One record the server refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RejectionRow {
    /// The refusal's sequence number (pass it as `since` to get only newer ones).
    pub seq: i64,
    /// The record's id, as the counter sent it.
    pub record_id: String,
    /// Its kind, as sent.
    pub kind: String,
    /// The spot of the device that sent it.
    pub spot: String,
    /// `conflict` or `invalid`.
    pub reason: String,
    /// When the server refused it (UTC milliseconds).
    pub received_at: i64,
}

/// The refusals the caller may see, oldest first, at most 1 000 a page.
pub async fn rejections(
    pool: &Pool,
    query: &RejectionsQuery,
    spots: &Scope,
) -> Result<Vec<RejectionRow>, ApiError> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT seq, record_id, kind, spot_code, reason, received_at FROM rejections \
             WHERE seq > $1 AND ($2::text[] IS NULL OR spot_code = ANY($2)) ORDER BY seq LIMIT 1000",
            &[&query.since, &spots.filter()],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|row| {
            Ok(RejectionRow {
                seq: row.try_get(0)?,
                record_id: row.try_get(1)?,
                kind: row.try_get(2)?,
                spot: row.try_get(3)?,
                reason: row.try_get(4)?,
                received_at: row.try_get(5)?,
            })
        })
        .collect::<Result<_, tokio_postgres::Error>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_strictly() {
        for good in ["2026-11-23", "2024-02-29", "2000-02-29", "1970-01-01"] {
            assert!(is_date(good), "{good}");
        }
        for bad in [
            "2026-11-31",
            "2025-02-29",
            "1900-02-29",
            "2026-1-05",
            "2026/11/23",
            "20261123",
            "+026-11-23",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }
}
