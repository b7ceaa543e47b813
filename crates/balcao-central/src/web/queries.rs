//! What the dashboard's pages read, from the rollup tables (migration 11) wherever they can.
//!
//! The rollups are kept at ingest by statement triggers, so a page reads a few hundred or thousand
//! rows, not a year of attendances: per spot and day (`roll_day`), per spot, day and service
//! (`roll_service`), per day and service for the whole network (`roll_net_service`), per day and hour
//! for the network (`roll_net_hour`), and the survey per spot and day (`roll_survey`). Each query
//! picks the narrowest one that answers it:
//!
//! - a filter on an entity or a service counts service lines, from `roll_net_service` for the whole
//!   network and from `roll_service` when the spots are limited (a host entity, or one spot);
//! - without such a filter, attendances come from `roll_day`;
//! - what needs the attendance itself (hours of one spot, the mediators of a spot, satisfaction of one
//!   service) reads the statistics rows through their `(spot_code, day)` index, which for one spot is a
//!   year of a few thousand rows.
//!
//! Every function takes the same [`Filters`] and the spots the caller may see, already narrowed to the
//! filter's spot, as a SQL array (`None`: the whole network).

use crate::error::ApiError;
use deadpool_postgres::Client;

/// The filters every page accepts, already checked (dates are `yyyy-mm-dd`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filters {
    /// The first day, inclusive, on each spot's clock.
    pub from: String,
    /// The last day, inclusive.
    pub to: String,
    /// Only the lines of this entity's services.
    pub entity: Option<String>,
    /// Only this spot.
    pub spot: Option<String>,
    /// Only the lines of this service.
    pub service: Option<String>,
}

impl Filters {
    /// Whether the filters count lines (an entity or a service) rather than attendances.
    pub fn by_line(&self) -> bool {
        self.entity.is_some() || self.service.is_some()
    }

    /// The whole months inside the range, as `[first, end)` (first days of months); empty (both the
    /// same day) when there is none. A query reads those from a monthly rollup and the days before and
    /// after from the daily one.
    pub fn months(&self) -> (String, String) {
        use crate::web::dashboard::{civil_date, days_of};
        let (Some(from), Some(to)) = (days_of(&self.from), days_of(&self.to)) else {
            return (self.from.clone(), self.from.clone());
        };
        let first_of = |date: &str| format!("{}-01", &date[..7]);
        let start = civil_date(from);
        let first = if start.ends_with("-01") {
            start
        } else {
            // The first day of the next month: the 1st of the month 31 days after its own 1st.
            let this = days_of(&first_of(&start)).unwrap_or(from);
            first_of(&civil_date(this + 31))
        };
        let end = first_of(&civil_date(to + 1));
        if days_of(&end) <= days_of(&first) {
            (self.from.clone(), self.from.clone())
        } else {
            (first, end)
        }
    }
}

/// A source over the range of `$1`..`$2` (days) made of the whole months `$6`..`$7` of `monthly` and
/// the other days of `daily`, each giving `columns` (which must not name `day` or `month`), filtered
/// by `condition` (on the alias `r`).
fn ranged(daily: &str, monthly: &str, columns: &str, condition: &str) -> String {
    format!(
        "(SELECT {columns} FROM {monthly} r WHERE r.month >= $6::text::date AND r.month < $7::text::date \
         AND {condition} \
         UNION ALL SELECT {columns} FROM {daily} r WHERE r.day BETWEEN $1::text::date AND $2::text::date \
         AND NOT (r.day >= $6::text::date AND r.day < $7::text::date) AND {condition})"
    )
}

/// Totals per group (a day, an entity, a service, a spot) of service lines and their outcomes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineTotals {
    /// The group's key.
    pub key: String,
    /// Its label (a name from the catalogue or the spot's name), if known.
    pub label: Option<String>,
    /// Lines.
    pub lines: i64,
    /// Lines by outcome: concluído, pendente, encaminhado, não foi possível.
    pub outcomes: [i64; 4],
    /// Average minutes of the lines that have both times.
    pub minutes: Option<f64>,
    /// The catalogue's expected minutes (services only).
    pub expected: Option<f64>,
}

/// Attendances per group (a day, a spot).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AttendanceTotals {
    /// The group's key.
    pub key: String,
    /// Its label, if known.
    pub label: Option<String>,
    /// Attendances.
    pub attendances: i64,
    /// Average minutes from start to end.
    pub minutes: Option<f64>,
    /// Service lines.
    pub lines: i64,
}

/// The survey's answers over a group.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SurveyTotals {
    /// The group's key (empty for the whole selection).
    pub key: String,
    /// Its label, if known.
    pub label: Option<String>,
    /// Answers.
    pub answers: i64,
    /// Sum of the satisfaction values.
    pub satisfaction_sum: i64,
    /// Done: yes, partly, no.
    pub done: [i64; 3],
    /// Able to do it alone: yes, not sure, no.
    pub alone: [i64; 3],
}

impl SurveyTotals {
    /// The average satisfaction, 1 to 5.
    pub fn satisfaction(&self) -> Option<f64> {
        (self.answers > 0).then(|| self.satisfaction_sum as f64 / self.answers as f64)
    }
}

/// The language column of the catalogue's names.
fn name_column(lang: balcao_core::text::Lang) -> &'static str {
    match lang {
        balcao_core::text::Lang::Pt => "name_pt",
        balcao_core::text::Lang::En => "name_en",
    }
}

const LINE_SUMS: &str = "sum(r.lines)::int8, sum(r.concluido)::int8, sum(r.pendente)::int8, \
     sum(r.encaminhado)::int8, sum(r.nao_foi_possivel)::int8, \
     (sum(r.line_ms_sum)::float8 / NULLIF(sum(r.line_n), 0)::float8 / 60000.0)";

const LINE_FILTER: &str = "r.day BETWEEN $1::text::date AND $2::text::date \
     AND ($4::text IS NULL OR r.entity_id = $4) AND ($5::text IS NULL OR r.service_id = $5)";

fn line_rows(rows: &[tokio_postgres::Row], with_expected: bool) -> Result<Vec<LineTotals>, ApiError> {
    rows.iter()
        .map(|row| {
            Ok(LineTotals {
                key: row.try_get(0)?,
                label: row.try_get(1)?,
                lines: row.try_get(2)?,
                outcomes: [row.try_get(3)?, row.try_get(4)?, row.try_get(5)?, row.try_get(6)?],
                minutes: row.try_get(7)?,
                expected: if with_expected {
                    row.try_get::<_, Option<i32>>(8)?.map(f64::from)
                } else {
                    None
                },
            })
        })
        .collect()
}

/// Service lines grouped by `group` (`day`, `entity`, `service` or `spot`), largest first except days.
pub async fn lines_by(
    client: &Client,
    filters: &Filters,
    spots: &Option<Vec<String>>,
    group: &str,
    lang: balcao_core::text::Lang,
) -> Result<Vec<LineTotals>, ApiError> {
    let name = name_column(lang);
    let (key, label, join, order, extra) = match group {
        "day" => ("r.day::text", "NULL::text", String::new(), "1", "NULL::int4"),
        "entity" => (
            "r.entity_id",
            "min(e.acronym)",
            "LEFT JOIN catalogue_entities e ON e.id = r.entity_id".to_owned(),
            "3 DESC, 1",
            "NULL::int4",
        ),
        "service" => (
            "r.service_id",
            "min(s.NAME)",
            "LEFT JOIN catalogue_services s ON s.id = r.service_id".to_owned(),
            "3 DESC, 1",
            "min(s.duration_minutes)",
        ),
        _ => (
            "r.spot_code",
            "min(p.name)",
            "LEFT JOIN spots p ON p.code = r.spot_code".to_owned(),
            "3 DESC, 1",
            "NULL::int4",
        ),
    };
    if group == "spot" && filters.service.is_none() {
        // One entity's lines by spot over the range: whole months from `roll_entity_month`.
        let (first, end) = filters.months();
        let condition = "($3::text[] IS NULL OR r.spot_code = ANY($3::text[])) \
                         AND ($4::text IS NULL OR r.entity_id = $4)";
        let columns = "r.spot_code, r.lines, r.concluido, r.pendente, r.encaminhado, r.nao_foi_possivel, \
                       r.line_ms_sum, r.line_n";
        let source = ranged("roll_service", "roll_entity_month", columns, condition);
        let sql = format!(
            "SELECT {key}, {label}, {LINE_SUMS}, {extra} FROM {source} r {join} GROUP BY 1 ORDER BY {order}"
        );
        // `$5` (the service, none here) is not read: its type is declared so that the parameters keep
        // the numbers every other query of the page uses.
        use tokio_postgres::types::Type;
        let statement = client
            .prepare_typed(
                &sql,
                &[
                    Type::TEXT,
                    Type::TEXT,
                    Type::TEXT_ARRAY,
                    Type::TEXT,
                    Type::TEXT,
                    Type::TEXT,
                    Type::TEXT,
                ],
            )
            .await?;
        let rows = client
            .query(
                &statement,
                &[
                    &filters.from,
                    &filters.to,
                    spots,
                    &filters.entity,
                    &filters.service,
                    &first,
                    &end,
                ],
            )
            .await?;
        return line_rows(&rows, false);
    }
    // The network's rollup has no spots: grouping by spot, or limiting the spots, needs the other.
    let (table, spot_condition) = if group == "spot" || spots.is_some() {
        (
            "roll_service",
            "($3::text[] IS NULL OR r.spot_code = ANY($3::text[]))",
        )
    } else {
        ("roll_net_service", "$3::text[] IS NULL")
    };
    let sql = format!(
        "SELECT {key}, {label}, {LINE_SUMS}, {extra} FROM {table} r {join} WHERE {spot_condition} AND {LINE_FILTER} \
         GROUP BY 1 ORDER BY {order}"
    )
    .replace("NAME", name);
    let rows = client
        .query(
            &sql,
            &[
                &filters.from,
                &filters.to,
                spots,
                &filters.entity,
                &filters.service,
            ],
        )
        .await?;
    line_rows(&rows, group == "service")
}

/// Attendances grouped by `day` or `spot`, from `roll_day`.
pub async fn attendances_by(
    client: &Client,
    filters: &Filters,
    spots: &Option<Vec<String>>,
    group: &str,
) -> Result<Vec<AttendanceTotals>, ApiError> {
    let sums = "sum(r.attendances)::int8, \
         (sum(r.duration_ms_sum)::float8 / NULLIF(sum(r.duration_n), 0)::float8 / 60000.0), sum(r.lines)::int8";
    let rows = if group == "day" {
        // The network's days have their own rollup; a set of spots reads theirs.
        let source = if spots.is_none() {
            "roll_net_day r WHERE $3::text[] IS NULL AND"
        } else {
            "roll_day r WHERE r.spot_code = ANY($3::text[]) AND"
        };
        let sql = format!(
            "SELECT r.day::text, NULL::text, {sums} FROM {source} r.day BETWEEN $1::text::date AND $2::text::date \
             GROUP BY 1 ORDER BY 1"
        );
        client.query(&sql, &[&filters.from, &filters.to, spots]).await?
    } else {
        let (first, end) = filters.months();
        let columns = "r.spot_code, r.attendances, r.duration_ms_sum, r.duration_n, r.lines";
        let source = ranged(
            "roll_day",
            "roll_month",
            columns,
            "($3::text[] IS NULL OR r.spot_code = ANY($3::text[]))",
        );
        let sql = format!(
            "SELECT r.spot_code, min(p.name), {sums} FROM {source} r LEFT JOIN spots p ON p.code = r.spot_code \
             WHERE $4::text IS NULL AND $5::text IS NULL GROUP BY 1 ORDER BY 3 DESC, 1"
        );
        let none: Option<String> = None;
        client
            .query(
                &sql,
                &[&filters.from, &filters.to, spots, &none, &none, &first, &end],
            )
            .await?
    };
    rows.iter()
        .map(|row| {
            Ok(AttendanceTotals {
                key: row.try_get(0)?,
                label: row.try_get(1)?,
                attendances: row.try_get(2)?,
                minutes: row.try_get(3)?,
                lines: row.try_get(4)?,
            })
        })
        .collect()
}

/// Attendances per hour of the day (on each spot's clock), busiest first by hour order.
pub async fn hours(
    client: &Client,
    filters: &Filters,
    spots: &Option<Vec<String>>,
) -> Result<Vec<(i16, i64)>, ApiError> {
    let sql = if spots.is_none() {
        "SELECT hour, sum(attendances)::int8 FROM roll_net_hour \
         WHERE day BETWEEN $1::text::date AND $2::text::date AND $3::text[] IS NULL GROUP BY 1 ORDER BY 1"
    } else {
        "SELECT hour, count(*)::int8 FROM stat_attendances \
         WHERE spot_code = ANY($3::text[]) AND day BETWEEN $1::text::date AND $2::text::date \
         AND hour IS NOT NULL GROUP BY 1 ORDER BY 1"
    };
    let rows = client.query(sql, &[&filters.from, &filters.to, spots]).await?;
    rows.iter()
        .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
        .collect()
}

/// The survey's answers, grouped by `spot` or not at all (`""`). With an entity or service filter,
/// only answers joined to an attendance that had such a line count (the join of answers that arrived
/// before their attendance's record happens here, at reading).
pub async fn survey(
    client: &Client,
    filters: &Filters,
    spots: &Option<Vec<String>>,
    group: &str,
) -> Result<Vec<SurveyTotals>, ApiError> {
    let (key, label, join, group_by) = if group == "spot" {
        (
            "r.spot_code",
            "min(p.name)",
            "LEFT JOIN spots p ON p.code = r.spot_code",
            "GROUP BY 1 ORDER BY 3 DESC, 1",
        )
    } else {
        ("''::text", "NULL::text", "", "")
    };
    let counts = "count(*)::int8, COALESCE(sum(r.satisfaction), 0)::int8, \
         count(*) FILTER (WHERE r.done = 'yes'), count(*) FILTER (WHERE r.done = 'partly'), \
         count(*) FILTER (WHERE r.done = 'no'), count(*) FILTER (WHERE r.alone = 'yes'), \
         count(*) FILTER (WHERE r.alone = 'unsure'), count(*) FILTER (WHERE r.alone = 'no')";
    let (first, end) = filters.months();
    let rows = if filters.by_line() {
        // The answers joined to their attendance's services (or entities) as both arrived.
        let (table, condition) = match &filters.service {
            Some(_) => (
                "survey_by_service",
                "r.service_id = $5 AND ($4::text IS NULL OR $4::text IS NULL)",
            ),
            None => (
                "survey_by_entity",
                "r.entity_id = $4 AND ($5::text IS NULL OR $5::text IS NULL)",
            ),
        };
        let sql = format!(
            "SELECT {key}, {label}, {counts} FROM {table} r {join} WHERE r.day BETWEEN $1::text::date AND $2::text::date \
             AND ($3::text[] IS NULL OR r.spot_code = ANY($3::text[])) AND {condition} {group_by}"
        );
        client
            .query(
                &sql,
                &[
                    &filters.from,
                    &filters.to,
                    spots,
                    &filters.entity,
                    &filters.service,
                ],
            )
            .await?
    } else {
        let columns = "r.spot_code, r.answers, r.satisfaction, r.done_yes, r.done_partly, r.done_no, \
                       r.alone_yes, r.alone_unsure, r.alone_no";
        let source = ranged(
            "roll_survey",
            "roll_survey_month",
            columns,
            "($3::text[] IS NULL OR r.spot_code = ANY($3::text[])) AND ($4::text IS NULL OR $5::text IS NULL)",
        );
        let sql = format!(
            "SELECT {key}, {label}, COALESCE(sum(r.answers), 0)::int8, COALESCE(sum(r.satisfaction), 0)::int8, \
             COALESCE(sum(r.done_yes), 0)::int8, COALESCE(sum(r.done_partly), 0)::int8, \
             COALESCE(sum(r.done_no), 0)::int8, COALESCE(sum(r.alone_yes), 0)::int8, \
             COALESCE(sum(r.alone_unsure), 0)::int8, COALESCE(sum(r.alone_no), 0)::int8 \
             FROM {source} r {join} {group_by}"
        );
        client
            .query(
                &sql,
                &[
                    &filters.from,
                    &filters.to,
                    spots,
                    &filters.entity,
                    &filters.service,
                    &first,
                    &end,
                ],
            )
            .await?
    };
    rows.iter()
        .map(|row| {
            Ok(SurveyTotals {
                key: row.try_get(0)?,
                label: row.try_get(1)?,
                answers: row.try_get(2)?,
                satisfaction_sum: row.try_get(3)?,
                done: [row.try_get(4)?, row.try_get(5)?, row.try_get(6)?],
                alone: [row.try_get(7)?, row.try_get(8)?, row.try_get(9)?],
            })
        })
        .collect()
}

/// The till's totals per entity (payments not cancelled), in cents: `(entity, acronym, payments, cents)`.
pub async fn till(
    client: &Client,
    filters: &Filters,
    spots: &Option<Vec<String>>,
) -> Result<Vec<(String, Option<String>, i64, i64)>, ApiError> {
    if spots.is_none() && filters.service.is_none() {
        // The network's till has its own rollup (cancellations already taken back).
        let rows = client
            .query(
                "SELECT r.entity_id, min(e.acronym), sum(r.payments)::int8, sum(r.cents)::int8 \
                 FROM roll_net_till r LEFT JOIN catalogue_entities e ON e.id = r.entity_id \
                 WHERE r.day BETWEEN $1::text::date AND $2::text::date AND ($3::text IS NULL OR r.entity_id = $3) \
                 GROUP BY 1 HAVING sum(r.payments) > 0 ORDER BY 4 DESC, 1",
                &[&filters.from, &filters.to, &filters.entity],
            )
            .await?;
        return rows
            .iter()
            .map(|row| Ok((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?, row.try_get(3)?)))
            .collect();
    }
    let rows = client
        .query(
            "SELECT p.entity_id, min(e.acronym), count(*)::int8, sum(p.collected_cents)::int8 \
             FROM stat_payments p LEFT JOIN catalogue_entities e ON e.id = p.entity_id \
             WHERE p.day BETWEEN $1::text::date AND $2::text::date \
             AND ($3::text[] IS NULL OR p.spot_code = ANY($3::text[])) \
             AND ($4::text IS NULL OR p.entity_id = $4) AND ($5::text IS NULL OR p.service_id = $5) \
             AND NOT EXISTS (SELECT 1 FROM stat_cancellations c WHERE c.payment_id = p.payment_id) \
             GROUP BY 1 ORDER BY 4 DESC, 1",
            &[
                &filters.from,
                &filters.to,
                spots,
                &filters.entity,
                &filters.service,
            ],
        )
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?, row.try_get(3)?)))
        .collect()
}

/// One mediator's figures at a spot: `(login, attendances, average minutes, answers, average satisfaction)`.
pub type MediatorRow = (String, i64, Option<f64>, i64, Option<f64>);

/// The mediators of the spots (meant for one spot), from the statistics rows.
pub async fn mediators(
    client: &Client,
    filters: &Filters,
    spots: &Option<Vec<String>>,
) -> Result<Vec<MediatorRow>, ApiError> {
    let rows = client
        .query(
            "SELECT COALESCE(a.mediator, ''), count(*)::int8, \
             avg((a.ended_at - a.started_at)::float8 / 60000.0) FILTER (WHERE a.ended_at >= a.started_at), \
             count(s.satisfaction)::int8, avg(s.satisfaction::float8) \
             FROM stat_attendances a LEFT JOIN survey_answers s \
             ON s.device_id = a.device_id AND s.ended_at = a.ended_at \
             WHERE a.spot_code = ANY($3::text[]) AND a.day BETWEEN $1::text::date AND $2::text::date \
             GROUP BY 1 ORDER BY 2 DESC, 1",
            &[&filters.from, &filters.to, spots],
        )
        .await?;
    rows.iter()
        .map(|row| {
            Ok((
                row.try_get(0)?,
                row.try_get(1)?,
                row.try_get(2)?,
                row.try_get(3)?,
                row.try_get(4)?,
            ))
        })
        .collect()
}
