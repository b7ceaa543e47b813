//! Erasing the citizen's identification some days after the attendance: the counter keeps personal
//! data only as long as the service needs it (RGPD art. 5.º 1 e, limitação da conservação).
//!
//! What is erased, per attendance ended more than [`Retention::days`] ago (or
//! [`Retention::pending_days`], if longer, while one of its services is still *pendente*: the citizen
//! is expected back, or must be told of a result):
//!
//! - the citizen's name, NIF, card number, phone and e-mail;
//! - the attendance's and each line's notes, and what an outcome says in free text (what is awaited,
//!   why it could not be done, or a referral that is not a catalogue entity).
//!
//! What is kept: everything else (times, services, outcomes' kinds, the mediator, the mirror's use),
//! so today's list, the closing reports and the statistics are unchanged; the cash records, which hold
//! no citizen data; the outbox, which holds none either (`balcao_privacy`: a row written by an older
//! version is minimised when it is sent); and the audit trail, to which each batch adds one signed
//! entry (`privacy.purge`, naming the attendances) so that the erasure itself is provable.
//! Quarantined records (refused by the central server, kept forever) keep their id, kind and the
//! server's reason; their payload loses its personal values once ([`balcao_privacy::minimise`], or
//! the whole payload when it is not JSON).
//!
//! **Crash safety.** The work is done in batches of [`BATCH`] attendances, each one transaction with
//! its audit entry, and each erased attendance is marked `purged_at`. A kill at any point leaves
//! whole batches done and the rest untouched; the next run carries on. Running it again when nothing
//! is due changes nothing. The database runs with `secure_delete`, so erased values are overwritten
//! in the file, and the purge ends with a WAL checkpoint that truncates the log, where the old page
//! images would otherwise linger.

use crate::{Store, StoreError};
use balcao_audit::{Draft, GENESIS};
use balcao_core::attendance::UtcMillis;
use balcao_core::time::DAY_MS;
use rusqlite::{OptionalExtension, TransactionBehavior, params};

/// Attendances erased per transaction.
pub const BATCH: usize = 200;

/// The audit trail's `mediator` for what the counter does by itself.
pub const SYSTEM: &str = "balcao";

/// The audit action of an erasure batch.
pub const ACTION: &str = "privacy.purge";

/// How long the counter keeps a citizen's identification after the attendance ends (configuration
/// keys `retention_days` and `retention_days_pending`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Days after the attendance ends.
    pub days: u32,
    /// Days after the attendance ends while a service is still *pendente* (the larger of the two
    /// applies).
    pub pending_days: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            days: 30,
            pending_days: 180,
        }
    }
}

/// What one run erased.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PurgeReport {
    /// Attendances whose identification and free text were erased.
    pub attendances: u64,
    /// Quarantined records whose personal values were erased.
    pub quarantined: u64,
}

impl Store {
    /// Erases what [`Retention`] says is due at `now`; see the module's documentation. Idempotent and
    /// safe to kill at any point.
    pub fn purge(&mut self, now: UtcMillis, retention: Retention) -> Result<PurgeReport, StoreError> {
        let mut report = PurgeReport::default();
        loop {
            let done = self.purge_batch(now, retention)?;
            report.attendances += done;
            if done < BATCH as u64 {
                break;
            }
        }
        report.quarantined = self.purge_quarantine(now, retention)?;
        if report != PurgeReport::default() {
            // The erased values' old page images may still be in the WAL: fold it into the file
            // (where `secure_delete` zeroed them) and truncate it.
            self.truncate_wal()?;
        }
        Ok(report)
    }

    /// One transaction: up to [`BATCH`] attendances erased and their audit entry.
    fn purge_batch(&mut self, now: UtcMillis, retention: Retention) -> Result<u64, StoreError> {
        let cutoff = now.0 - i64::from(retention.days) * DAY_MS;
        let pending_cutoff = now.0 - i64::from(retention.days.max(retention.pending_days)) * DAY_MS;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let ids: Vec<String> = {
            let mut stmt = tx.prepare_cached(
                "SELECT id FROM attendances a WHERE purged_at IS NULL AND ended_at IS NOT NULL \
                 AND ended_at < ?1 AND (ended_at < ?2 OR NOT EXISTS (SELECT 1 FROM service_lines l \
                 WHERE l.attendance_id = a.id AND l.outcome_kind = 'pendente')) \
                 ORDER BY ended_at LIMIT ?3",
            )?;
            stmt.query_map(params![cutoff, pending_cutoff, BATCH as i64], |row| row.get(0))?
                .collect::<Result<_, _>>()?
        };
        if ids.is_empty() {
            return Ok(0);
        }
        for id in &ids {
            erase(&tx, self.vault.as_ref(), id, now)?;
        }
        let count = ids.len() as u64;
        crate::audit::append(
            &tx,
            self.audit_key.as_ref(),
            Draft {
                at: now.0,
                mediator: SYSTEM.to_owned(),
                action: ACTION.to_owned(),
                record_ids: ids,
                payload_hash: GENESIS,
            },
        )?;
        tx.commit()?;
        Ok(count)
    }

    /// Erases the personal values of the quarantined records older than the retention; returns how
    /// many changed.
    fn purge_quarantine(&mut self, now: UtcMillis, retention: Retention) -> Result<u64, StoreError> {
        let cutoff = now.0 - i64::from(retention.days) * DAY_MS;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let rows: Vec<(i64, String, String)> = {
            let mut stmt = tx.prepare_cached(
                "SELECT seq, kind, payload FROM quarantine WHERE purged_at IS NULL AND quarantined_at < ?1",
            )?;
            stmt.query_map([cutoff], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
                .collect::<Result<_, _>>()?
        };
        let count = rows.len() as u64;
        for (seq, kind, payload) in rows {
            // A payload that is not JSON cannot be told apart: none of it is kept.
            let erased = match serde_json::from_str::<serde_json::Value>(&payload) {
                Ok(mut value) => {
                    balcao_privacy::minimise(&kind, &mut value);
                    value.to_string()
                }
                Err(_) => String::new(),
            };
            tx.prepare_cached("UPDATE quarantine SET payload = ?2, purged_at = ?3 WHERE seq = ?1")?
                .execute(params![seq, erased, now.0])?;
        }
        tx.commit()?;
        Ok(count)
    }

    /// Folds the WAL into the file and empties it, so that the old page images of values just erased
    /// or sealed (which `secure_delete` zeroed in the file itself) do not linger in the log.
    pub(crate) fn truncate_wal(&self) -> Result<(), StoreError> {
        let _busy: i64 = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| row.get(0))?;
        Ok(())
    }

    /// When the attendance's identification was erased, if it was.
    pub fn purged_at(&self, id: &str) -> Result<Option<UtcMillis>, StoreError> {
        let at: Option<Option<i64>> = self
            .conn
            .query_row("SELECT purged_at FROM attendances WHERE id = ?1", [id], |row| {
                row.get(0)
            })
            .optional()?;
        match at {
            None => Err(StoreError::NotFound { id: id.to_owned() }),
            Some(at) => Ok(at.map(UtcMillis)),
        }
    }
}

/// Erases one attendance's identification and free text, in the caller's transaction.
pub(crate) fn erase(
    tx: &rusqlite::Transaction<'_>,
    vault: Option<&balcao_vault::Vault>,
    id: &str,
    now: UtcMillis,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "UPDATE attendances SET name = NULL, nif = NULL, cc_number = NULL, phone = NULL, \
         email = NULL, notes = '', nif_hash = NULL, cc_hash = NULL, purged_at = ?2 WHERE id = ?1",
    )?
    .execute(params![id, now.0])?;
    let details: Vec<(i64, String)> = {
        let mut stmt = tx.prepare_cached(
            "SELECT position, outcome_detail FROM service_lines \
             WHERE attendance_id = ?1 AND outcome_detail IS NOT NULL AND outcome_detail != ''",
        )?;
        stmt.query_map([id], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?
    };
    for (position, detail) in details {
        // A referral to a catalogue entity is not about the person: the counter's own history
        // keeps it, as the central server does. (A sealed detail is opened to tell; one that
        // does not open is erased.)
        let detail = crate::seal::Seal::line(vault, id, position).open("outcome_detail", detail);
        if !balcao_privacy::is_catalogue_id(&detail) {
            tx.prepare_cached(
                "UPDATE service_lines SET outcome_detail = '' WHERE attendance_id = ?1 AND position = ?2",
            )?
            .execute(params![id, position])?;
        }
    }
    tx.prepare_cached("UPDATE service_lines SET notes = '' WHERE attendance_id = ?1 AND notes != ''")?
        .execute([id])?;
    Ok(())
}
