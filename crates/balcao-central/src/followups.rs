//! Follow-ups of pending services (`followup.opened`, `followup.closed`) and `GET /v1/stats/followups`:
//! how many results each spot is still waiting for, and how many of those are late.
//!
//! A service line that ends *pendente* waits days for a result (a driving licence revalidated, a
//! certificate issued); the mediator records a follow-up with the day it is due and how the citizen
//! will be told, and closes it with the final outcome. What is awaited, and who, stays on the counter:
//! these records carry ids, the service, the due day, the outcome and times, nothing personal
//! (`docs/privacy.md`). The coordination wants to see which spots are falling behind, so it counts
//! per spot the follow-ups open, the open ones overdue, and the closed ones.
//!
//! Counters send their outbox in order, but an opened record may still arrive after its closing one
//! (a resend, a quarantined batch sent by hand, two counters of the spot). So, like payments and their
//! cancellations ([`crate::stats`]), the two kinds fill two derived tables keyed by the spot and the
//! follow-up id, each written once when its record is first stored ([`crate::records`]): a follow-up
//! is **closed** when a closing row exists, whichever came first, and **open** when only its opening
//! row does. Keying by the spot as well as the id means a device cannot close another spot's
//! follow-up, and a record sent twice is counted once because it is derived only when first stored.
//!
//! **Overdue** is open with `due_on` before the day it is at the spot, on the spot's clock (its time
//! zone, schema 7), at the instant `at` the caller asks about (now by default): a follow-up due today
//! is not yet late. `at` moves only that cut; open and closed count every record received so far.

use crate::error::ApiError;
use crate::records::{integer, one_of, text, uuid_text};
use crate::scope::Scope;
use deadpool_postgres::Pool;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// How the citizen will be told of the result (`followup.opened`'s `notify`).
pub const NOTIFY: &[&str] = &["phone", "email", "return"];

/// How a follow-up ended (`followup.closed`'s `outcome`): the core's outcomes other than *pendente*.
pub const OUTCOMES: &[&str] = &["concluido", "encaminhado", "nao-foi-possivel"];

/// The latest instant `at` may name: the last millisecond of the year 9999.
const MAX_AT: i64 = 253_402_300_799_999;

/// What a follow-up record adds to the counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Followup {
    /// Opened.
    Opened {
        /// The follow-up's id (the record's `group_id`).
        id: String,
        /// The day the result is due, `YYYY-MM-DD`.
        due_on: String,
    },
    /// Closed.
    Closed {
        /// The follow-up's id (the record's `group_id`).
        id: String,
        /// The final outcome (one of [`OUTCOMES`]).
        outcome: String,
    },
}

/// The `due_on` of a payload, checked to be a real date `YYYY-MM-DD`.
fn due_on(payload: &Value) -> Result<&str, String> {
    let due = text(payload, "due_on")?;
    if crate::stats::is_date(due) {
        Ok(due)
    } else {
        Err(format!("`due_on` must be a date YYYY-MM-DD, not {due:?}"))
    }
}

/// Decodes the payload of a `followup.opened` or `followup.closed` record with `group_id`, or says why
/// it is `invalid`. Fields the server does not read are allowed, so the counter may add some.
pub(crate) fn decode(kind: &str, payload: &Value, group_id: &str) -> Result<Followup, String> {
    let id = uuid_text(payload, "id")?;
    if id != group_id {
        return Err("a follow-up record's `group_id` must be its payload's `id`".to_owned());
    }
    text(payload, "service_id")?;
    let due_on = due_on(payload)?;
    match kind {
        "followup.opened" => {
            uuid_text(payload, "attendance_id")?;
            if payload.get("line").and_then(Value::as_u64).is_none() {
                return Err("`line` must be a non-negative integer".to_owned());
            }
            one_of(payload, "notify", NOTIFY)?;
            integer(payload, "opened_at")?;
            Ok(Followup::Opened {
                id: id.to_owned(),
                due_on: due_on.to_owned(),
            })
        }
        "followup.closed" => {
            let outcome = one_of(payload, "outcome", OUTCOMES)?;
            integer(payload, "closed_at")?;
            match payload.get("linked_attendance_id") {
                None | Some(Value::Null) => {}
                Some(_) => {
                    uuid_text(payload, "linked_attendance_id")?;
                }
            }
            Ok(Followup::Closed {
                id: id.to_owned(),
                outcome: outcome.to_owned(),
            })
        }
        _ => Err(format!("unknown kind {kind:?}")),
    }
}

/// Writes what a follow-up record, stored just now as `record_id` by a device of `spot`, adds to the
/// counts, in the record's transaction. A second record for the same follow-up adds nothing.
pub(crate) async fn derive(
    tx: &tokio_postgres::Transaction<'_>,
    spot: &str,
    record_id: Uuid,
    followup: &Followup,
) -> Result<(), tokio_postgres::Error> {
    match followup {
        Followup::Opened { id, due_on } => {
            tx.execute(
                "INSERT INTO stat_followups (spot_code, followup_id, record_id, due_on) \
                 VALUES ($1, $2, $3, $4::text::date) ON CONFLICT (spot_code, followup_id) DO NOTHING",
                &[&spot, id, &record_id, due_on],
            )
            .await?;
        }
        Followup::Closed { id, outcome } => {
            tx.execute(
                "INSERT INTO stat_followup_closures (spot_code, followup_id, record_id, outcome) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (spot_code, followup_id) DO NOTHING",
                &[&spot, id, &record_id, outcome],
            )
            .await?;
        }
    }
    Ok(())
}

/// The query string of `GET /v1/stats/followups`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FollowupsQuery {
    /// Only this spot (it must be in the caller's scope).
    pub spot: Option<String>,
    /// The instant (UTC ms) whose local day decides what is overdue; now when absent.
    pub at: Option<i64>,
}

/// One spot's follow-ups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowupRow {
    /// The spot code.
    pub spot: String,
    /// Opened and not closed.
    pub open: i64,
    /// Of those, due before the spot's day at `at`.
    pub overdue: i64,
    /// Closed (whether or not their opening arrived).
    pub closed: i64,
}

/// `GET /v1/stats/followups`'s answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FollowupStats {
    /// One row per spot with at least one follow-up, ordered by spot.
    pub spots: Vec<FollowupRow>,
    /// The instant the overdue cut was made at (UTC ms).
    pub at: i64,
}

/// The follow-up counts of the spots in `spots`, with the overdue cut at `at` (UTC ms).
pub async fn counts(pool: &Pool, at: i64, spots: &Scope) -> Result<FollowupStats, ApiError> {
    if !(0..=MAX_AT).contains(&at) {
        return Err(ApiError::Invalid(
            "`at` must be a time in UTC milliseconds between 1970 and 9999".to_owned(),
        ));
    }
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT s.code, \
                    count(*) FILTER (WHERE c.followup_id IS NULL), \
                    count(*) FILTER (WHERE c.followup_id IS NULL AND o.due_on < \
                        (to_timestamp($1::bigint / 1000.0) AT TIME ZONE s.time_zone)::date), \
                    count(c.followup_id) \
             FROM stat_followups o \
             FULL JOIN stat_followup_closures c \
                    ON c.spot_code = o.spot_code AND c.followup_id = o.followup_id \
             JOIN spots s ON s.code = coalesce(o.spot_code, c.spot_code) \
             WHERE $2::text[] IS NULL OR s.code = ANY($2) \
             GROUP BY s.code ORDER BY s.code",
            &[&at, &spots.filter()],
        )
        .await?;
    Ok(FollowupStats {
        spots: rows
            .iter()
            .map(|row| {
                Ok(FollowupRow {
                    spot: row.try_get(0)?,
                    open: row.try_get(1)?,
                    overdue: row.try_get(2)?,
                    closed: row.try_get(3)?,
                })
            })
            .collect::<Result<_, tokio_postgres::Error>>()?,
        at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ID: &str = "0190b7a0-0000-7000-8000-0000000000f1";

    fn opened() -> Value {
        json!({"id": ID, "attendance_id": "0190b7a0-0000-7000-8000-0000000000a1", "line": 0,
               "service_id": "imt-revalidar-carta", "due_on": "2026-12-14", "notify": "phone",
               "opened_at": 5})
    }

    fn closed() -> Value {
        json!({"id": ID, "service_id": "imt-revalidar-carta", "due_on": "2026-12-14",
               "outcome": "concluido", "closed_at": 9, "linked_attendance_id": null})
    }

    #[test]
    fn good_follow_ups_decode() {
        assert_eq!(
            decode("followup.opened", &opened(), ID),
            Ok(Followup::Opened {
                id: ID.into(),
                due_on: "2026-12-14".into()
            })
        );
        assert_eq!(
            decode("followup.closed", &closed(), ID),
            Ok(Followup::Closed {
                id: ID.into(),
                outcome: "concluido".into()
            })
        );
        let mut linked = closed();
        linked["linked_attendance_id"] = json!("0190b7a0-0000-7000-8000-0000000000a2");
        assert!(decode("followup.closed", &linked, ID).is_ok());
        linked.as_object_mut().unwrap().remove("linked_attendance_id");
        assert!(decode("followup.closed", &linked, ID).is_ok());
    }

    #[test]
    fn bad_follow_ups_are_invalid() {
        let opened_broken: [fn(&mut Value); 10] = [
            |p| p["id"] = json!("f1"),
            |p| p["attendance_id"] = json!("a1"),
            |p| p["line"] = json!(-1),
            |p| p["line"] = json!("0"),
            |p| p["service_id"] = Value::Null,
            |p| p["due_on"] = json!("2026-02-30"),
            |p| p["due_on"] = json!("14/12/2026"),
            |p| p["notify"] = json!("sms"),
            |p| p["opened_at"] = json!("ontem"),
            |p| p["opened_at"] = Value::Null,
        ];
        for breaking in opened_broken {
            let mut payload = opened();
            breaking(&mut payload);
            assert!(decode("followup.opened", &payload, ID).is_err(), "{payload}");
        }
        let closed_broken: [fn(&mut Value); 5] = [
            |p| p["outcome"] = json!("pendente"),
            |p| p["closed_at"] = json!(1.5),
            |p| p["due_on"] = json!(20261214),
            |p| p["linked_attendance_id"] = json!("a1"),
            |p| p["service_id"] = json!(7),
        ];
        for breaking in closed_broken {
            let mut payload = closed();
            breaking(&mut payload);
            assert!(decode("followup.closed", &payload, ID).is_err(), "{payload}");
        }
        // The group is the follow-up.
        assert!(
            decode(
                "followup.opened",
                &opened(),
                "0190b7a0-0000-7000-8000-0000000000f2"
            )
            .is_err()
        );
    }
}
