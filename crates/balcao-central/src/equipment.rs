//! The counters' start-of-day checks (`daycheck.ran`) and `GET /v1/stats/equipment`: which counters
//! start the day with a printer, card reader, citizen monitor or link to the portals that does not work.
//!
//! Each counter checks its equipment when the day starts (and when a mediator asks) and sends the
//! result: one item per check with `ok`, `warn`, `fail` or `skipped` and a free-form object of
//! technical facts (never personal data: the server still scans it, like every payload, for e-mail
//! addresses, [`crate::records`]). The coordination wants to know where to send a technician, which is
//! the *latest* check of each counter, not the history: so the derived table keeps one row per
//! (spot, counter), replaced only by a later check (by the check's own `at`, then by record id, so the
//! order in which records arrive does not matter and a replayed record changes nothing). Every record
//! stays in `records`, whole, as every record does.
//!
//! The answer puts the worst counters first (`fail` > `warn` > `ok` > `skipped`; a check with no items
//! is `skipped`: nothing was looked at), then orders by spot and counter, and lists for each the items
//! that warned or failed.

use crate::error::ApiError;
use crate::records::{integer, one_of, text, uuid_text};
use crate::scope::Scope;
use deadpool_postgres::Pool;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// The checks today's counters run (`items[].check`). A newer counter may run a check this server does
/// not know yet: its name is accepted if it has the same form ([`check_name`]), so a counter updated
/// before the server still reports its equipment instead of having every check refused.
pub const CHECKS: &[&str] = &[
    "citizen-monitor",
    "printer",
    "card-reader",
    "portals",
    "central",
    "disk",
    "clock",
];

/// A check's statuses, worst first.
pub const STATUSES: &[&str] = &["fail", "warn", "ok", "skipped"];

/// What started a check (`trigger`).
pub const TRIGGERS: &[&str] = &["day-start", "on-demand"];

/// The longest counter name taken.
const MAX_COUNTER: usize = 100;

/// The longest check name taken.
const MAX_CHECK: usize = 40;

/// An item's `check`: one of [`CHECKS`], or a name of the same form (a lowercase ASCII letter, then up
/// to 39 lowercase letters, digits or hyphens), which a newer counter's check has. Anything else, free
/// text in particular, is refused.
fn check_name(item: &Value) -> Result<&str, String> {
    let name = text(item, "check")?;
    let mut chars = name.chars();
    let formed = chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && name.len() <= MAX_CHECK;
    if CHECKS.contains(&name) || formed {
        Ok(name)
    } else {
        Err(format!(
            "`check` must be one of {} or a name of lowercase letters, digits and hyphens of at most \
             {MAX_CHECK} characters",
            CHECKS.join(", ")
        ))
    }
}

/// An item that warned or failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failing {
    /// Which check (one of [`CHECKS`]).
    pub check: String,
    /// `warn` or `fail`.
    pub status: String,
}

/// What a `daycheck.ran` record adds: the counter's latest state, if it is the latest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayCheck {
    /// The counter's name within its spot (`BALCAO-1`).
    pub counter: String,
    /// When it ran (UTC ms).
    pub at: i64,
    /// The worst status of its items.
    pub worst: &'static str,
    /// Its items that warned or failed, in order.
    pub failing: Vec<Failing>,
}

/// Decodes a `daycheck.ran` payload with `group_id`, or says why it is `invalid`. Fields the server does
/// not read are allowed, so the counter may add some.
pub(crate) fn decode(payload: &Value, group_id: &str) -> Result<DayCheck, String> {
    if uuid_text(payload, "id")? != group_id {
        return Err("a day check's `group_id` must be its payload's `id`".to_owned());
    }
    let counter = text(payload, "counter")?;
    if counter.trim().is_empty() || counter.chars().count() > MAX_COUNTER {
        return Err(format!("`counter` must have 1 to {MAX_COUNTER} characters"));
    }
    let at = integer(payload, "at")?;
    one_of(payload, "trigger", TRIGGERS)?;
    let items = payload
        .get("items")
        .and_then(Value::as_array)
        .ok_or("`items` must be an array")?;
    // The rank of the worst status seen; an empty list is `skipped`.
    let mut worst = STATUSES.len() - 1;
    let mut failing = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at_item = |why: String| format!("`items[{i}]`: {why}");
        let check = check_name(item).map_err(at_item)?;
        let status = one_of(item, "status", STATUSES).map_err(at_item)?;
        if !item.get("detail").is_some_and(Value::is_object) {
            return Err(at_item("`detail` must be an object".to_owned()));
        }
        let rank = STATUSES.iter().position(|s| *s == status).unwrap_or(worst);
        worst = worst.min(rank);
        if status == "fail" || status == "warn" {
            failing.push(Failing {
                check: check.to_owned(),
                status: status.to_owned(),
            });
        }
    }
    Ok(DayCheck {
        counter: counter.to_owned(),
        at,
        worst: STATUSES.get(worst).copied().unwrap_or("skipped"),
        failing,
    })
}

/// Keeps the check stored just now as `record_id` by a device of `spot` as its counter's latest, unless
/// a later one is held; in the record's transaction.
pub(crate) async fn derive(
    tx: &tokio_postgres::Transaction<'_>,
    spot: &str,
    record_id: Uuid,
    check: &DayCheck,
) -> Result<(), tokio_postgres::Error> {
    let failing: Value = check
        .failing
        .iter()
        .map(|f| serde_json::json!({"check": f.check, "status": f.status}))
        .collect();
    tx.execute(
        "INSERT INTO stat_equipment (spot_code, counter, record_id, at, worst, failing) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (spot_code, counter) DO UPDATE SET record_id = excluded.record_id, at = excluded.at, \
             worst = excluded.worst, failing = excluded.failing \
         WHERE (excluded.at, excluded.record_id) > (stat_equipment.at, stat_equipment.record_id)",
        &[
            &spot,
            &check.counter,
            &record_id,
            &check.at,
            &check.worst,
            &failing,
        ],
    )
    .await?;
    Ok(())
}

/// The query string of `GET /v1/stats/equipment`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct EquipmentQuery {
    /// Only this spot (it must be in the caller's scope).
    pub spot: Option<String>,
}

/// One counter's latest check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterRow {
    /// The spot code.
    pub spot: String,
    /// The counter's name.
    pub counter: String,
    /// When its latest check ran (UTC ms).
    pub at: i64,
    /// The worst status in it.
    pub worst: String,
    /// Its items that warned or failed.
    pub failing: Vec<Failing>,
}

/// `GET /v1/stats/equipment`'s answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Equipment {
    /// Worst first, then by spot and counter.
    pub counters: Vec<CounterRow>,
}

/// The latest check of every counter of the spots in `spots`.
pub async fn latest(pool: &Pool, spots: &Scope) -> Result<Equipment, ApiError> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT spot_code, counter, at, worst, failing FROM stat_equipment \
             WHERE $1::text[] IS NULL OR spot_code = ANY($1) \
             ORDER BY array_position(ARRAY['fail', 'warn', 'ok', 'skipped'], worst), spot_code, counter",
            &[&spots.filter()],
        )
        .await?;
    let mut counters = Vec::with_capacity(rows.len());
    for row in &rows {
        let failing: Value = row.try_get(4)?;
        counters.push(CounterRow {
            spot: row.try_get(0)?,
            counter: row.try_get(1)?,
            at: row.try_get(2)?,
            worst: row.try_get(3)?,
            failing: serde_json::from_value(failing)
                .map_err(|e| ApiError::Internal(format!("stat_equipment.failing: {e}")))?,
        });
    }
    Ok(Equipment { counters })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ID: &str = "0190b7a0-0000-7000-8000-0000000000c1";

    fn check(items: Value) -> Value {
        json!({"id": ID, "counter": "BALCAO-1", "at": 7, "trigger": "day-start", "items": items})
    }

    fn item(check: &str, status: &str) -> Value {
        json!({"check": check, "status": status, "detail": {}})
    }

    #[test]
    fn the_worst_status_and_the_failing_items_are_derived() {
        let decoded = decode(
            &check(json!([
                item("clock", "ok"),
                item("printer", "fail"),
                item("disk", "warn"),
                item("portals", "skipped")
            ])),
            ID,
        )
        .unwrap();
        assert_eq!(decoded.worst, "fail");
        assert_eq!(
            decoded.failing,
            [
                Failing {
                    check: "printer".into(),
                    status: "fail".into()
                },
                Failing {
                    check: "disk".into(),
                    status: "warn".into()
                },
            ]
        );
        let warned = decode(&check(json!([item("clock", "ok"), item("disk", "warn")])), ID).unwrap();
        assert_eq!(warned.worst, "warn");
        let fine = decode(
            &check(json!([item("portals", "skipped"), item("clock", "ok")])),
            ID,
        )
        .unwrap();
        assert_eq!((fine.worst, fine.failing.len()), ("ok", 0));
        assert_eq!(decode(&check(json!([])), ID).unwrap().worst, "skipped");
    }

    #[test]
    fn a_newer_counter_s_check_is_kept_under_its_own_name() {
        let decoded = decode(
            &check(json!([item("printer", "ok"), item("scanner-2", "fail")])),
            ID,
        )
        .unwrap();
        assert_eq!(decoded.worst, "fail");
        assert_eq!(
            decoded.failing,
            [Failing {
                check: "scanner-2".into(),
                status: "fail".into()
            }]
        );
        let longest = "s".repeat(MAX_CHECK);
        assert!(decode(&check(json!([item(&longest, "ok")])), ID).is_ok());
    }

    #[test]
    fn bad_checks_are_invalid() {
        let broken: [fn(&mut Value); 15] = [
            |p| p["id"] = json!("c1"),
            |p| p["counter"] = json!(""),
            |p| p["counter"] = json!(1),
            |p| p["at"] = json!("hoje"),
            |p| p["trigger"] = json!("boot"),
            |p| p["items"] = json!({}),
            |p| p["items"][0]["check"] = json!("Papel encravado na impressora"),
            |p| p["items"][0]["check"] = json!("scanner!"),
            |p| p["items"][0]["check"] = json!("1printer"),
            |p| p["items"][0]["check"] = json!(""),
            |p| p["items"][0]["check"] = json!("a".repeat(41)),
            |p| p["items"][0]["check"] = json!(7),
            |p| p["items"][0]["status"] = json!("broken"),
            |p| p["items"][0]["detail"] = json!("papel encravado"),
            |p| {
                p["items"][0].as_object_mut().unwrap().remove("detail");
            },
        ];
        for breaking in broken {
            let mut payload = check(json!([item("printer", "ok")]));
            breaking(&mut payload);
            assert!(decode(&payload, ID).is_err(), "{payload}");
        }
        assert!(decode(&check(json!([])), "0190b7a0-0000-7000-8000-0000000000c2").is_err());
    }
}
