//! A citizen's rights at the counter (RGPD art. 15.º, access, and 17.º, erasure): what a supervisor
//! finds, hands over and erases, each act in the audit trail.
//!
//! A citizen asks the spot "what do you hold about me?" or "erase it". The counter is the only place
//! that holds their identification (the central server holds none: `balcao_privacy`), so the answer
//! is here: [`Store::citizen_attendances`] finds the attendances by NIF or card number (by keyed hash,
//! `crate::seal`), the app prints them for the citizen, and [`Store::record_access`] writes who gave
//! that copy and of what. [`Store::erase_citizen`] erases at once what the retention would erase
//! later (`crate::purge`), except in an attendance still open; no legal duty keeps the
//! identification on the counter (receipts hold none and are kept whole), so nothing else is refused.
//! Each act is one transaction with a signed audit entry naming the supervisor and the attendances,
//! never the NIF.

use crate::{Store, StoreError};
use balcao_audit::{Draft, GENESIS};
use balcao_core::attendance::{Attendance, UtcMillis};
use rusqlite::TransactionBehavior;

/// The audit action of a copy handed to the citizen.
pub const ACCESS: &str = "privacy.access";

/// The audit action of an erasure asked by the citizen.
pub const ERASURE: &str = "privacy.erasure";

/// What an erasure did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Erasure {
    /// Attendances whose identification was erased.
    pub erased: u64,
    /// Attendances left as they were because they are still open.
    pub open: u64,
}

impl Store {
    /// The attendances that identified the citizen by this NIF or card number, oldest first.
    pub fn citizen_attendances(
        &self,
        nif: Option<&str>,
        cc_number: Option<&str>,
    ) -> Result<Vec<Attendance>, StoreError> {
        self.find_citizen(nif, cc_number)?
            .iter()
            .map(|id| self.load(id))
            .collect()
    }

    /// Records that `by` handed the citizen a copy of what the counter holds in `ids`.
    pub fn record_access(&mut self, ids: &[String], by: &str, now: UtcMillis) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        crate::audit::append(&tx, self.audit_key.as_ref(), draft(ACCESS, ids, by, now))?;
        tx.commit()?;
        Ok(())
    }

    /// Erases now the identification and free text of the ended attendances among `ids`, as asked by
    /// the citizen through `by`.
    pub fn erase_citizen(&mut self, ids: &[String], by: &str, now: UtcMillis) -> Result<Erasure, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut erased = Vec::new();
        let mut open = 0;
        for id in ids {
            let ended: Option<i64> = tx
                .query_row("SELECT ended_at FROM attendances WHERE id = ?1", [id], |row| {
                    row.get(0)
                })
                .map_err(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound { id: id.clone() },
                    other => other.into(),
                })?;
            if ended.is_none() {
                open += 1;
                continue;
            }
            crate::purge::erase(&tx, self.vault.as_ref(), id, now)?;
            erased.push(id.clone());
        }
        if !erased.is_empty() {
            crate::audit::append(&tx, self.audit_key.as_ref(), draft(ERASURE, &erased, by, now))?;
        }
        tx.commit()?;
        if !erased.is_empty() {
            self.truncate_wal()?;
        }
        Ok(Erasure {
            erased: erased.len() as u64,
            open,
        })
    }
}

fn draft(action: &str, ids: &[String], by: &str, now: UtcMillis) -> Draft {
    Draft {
        at: now.0,
        mediator: by.to_owned(),
        action: action.to_owned(),
        record_ids: ids.to_vec(),
        payload_hash: GENESIS,
    }
}
