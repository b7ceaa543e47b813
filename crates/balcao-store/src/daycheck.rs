//! The start-of-day check's reports: kept so the app knows whether today's check ran, and sent so the
//! coordination sees which spots work with broken equipment.
//!
//! A report is technical facts only (`balcao-daycheck` builds it: which checks passed, a printer's
//! name, how much disk is free), stored as the JSON it came as, with one `daycheck.ran` outbox row in
//! the same transaction.

use crate::StoreError;
use crate::outbox::kind;
use crate::store::{Store, new_uuid};
use balcao_core::attendance::UtcMillis;
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde_json::{Value, json};

/// Why a check ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// The first login of the day on this counter.
    DayStart,
    /// The mediator asked for it.
    OnDemand,
}

impl Trigger {
    /// The slug stored and sent.
    pub fn slug(self) -> &'static str {
        match self {
            Trigger::DayStart => "day-start",
            Trigger::OnDemand => "on-demand",
        }
    }
}

/// A stored check.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCheck {
    /// Its id.
    pub id: String,
    /// When it ran.
    pub at: UtcMillis,
    /// The report, as given to [`Store::record_day_check`].
    pub report: Value,
}

impl Store {
    /// Keeps the `report` of a check run on `counter` at `now` by `mediator` (whole, as the app shows
    /// it), and queues `sent` for the coordination (outbox kind `daycheck.ran`, its payload `sent`'s
    /// `items` with the id, the counter, the time and the trigger). Returns the check's id.
    pub fn record_day_check(
        &mut self,
        counter: &str,
        mediator: &str,
        trigger: Trigger,
        report: &Value,
        sent: &Value,
        now: UtcMillis,
    ) -> Result<String, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = new_uuid(&self.uuids, now);
        let text = report.to_string();
        tx.execute(
            "INSERT INTO day_checks (id, counter, at, trigger, report) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, counter, now.0, trigger.slug(), text],
        )?;
        let payload = json!({
            "id": id,
            "counter": counter,
            "at": now.0,
            "trigger": trigger.slug(),
            "items": sent.get("items").cloned().unwrap_or_else(|| json!([])),
        });
        crate::audit::push_record(
            &tx,
            &self.uuids,
            self.audit_key.as_ref(),
            kind::DAYCHECK_RAN,
            &id,
            &payload.to_string(),
            mediator,
            now,
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// The latest check of `counter`, if one ever ran.
    pub fn last_day_check(&self, counter: &str) -> Result<Option<StoredCheck>, StoreError> {
        let row: Option<(String, i64, String)> = self
            .conn
            .prepare_cached(
                "SELECT id, at, report FROM day_checks WHERE counter = ?1 ORDER BY at DESC LIMIT 1",
            )?
            .query_row([counter], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .optional()?;
        row.map(|(id, at, text)| {
            let report = serde_json::from_str(&text).map_err(|e| StoreError::Corrupt {
                detail: format!("day check {id}: {e}"),
            })?;
            Ok(StoredCheck {
                id,
                at: UtcMillis(at),
                report,
            })
        })
        .transpose()
    }

    /// Whether `counter` has run a check on the spot's day holding `now`.
    pub fn day_checked(&self, counter: &str, now: UtcMillis) -> Result<bool, StoreError> {
        let (start, end) = self.zone.day_bounds(now);
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM day_checks WHERE counter = ?1 AND at >= ?2 AND at < ?3",
            params![counter, start.0, end.0],
            |row| row.get(0),
        )?;
        Ok(n > 0)
    }
}
