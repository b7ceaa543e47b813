//! What the sync worker needs from the store: the outbox drained in order, a quarantine for records the
//! agency refuses, and the worker's own state (enrollment, last sync, cached catalogue).
//!
//! # Exactly once, and never lost
//!
//! The worker (crate `balcao-sync`) reads a batch of the oldest outbox rows ([`Store::outbox_batch`]),
//! sends it to the central server, and only when the server has answered for a record does it act on
//! that record:
//!
//! - `stored` or `duplicate`: the agency has it, so the row is deleted ([`Store::outbox_ack`]). Deleting
//!   only after the answer means a crash between sending and deleting resends the record, which the
//!   server recognises by its UUIDv7 and answers `duplicate`: sent at least once, counted exactly once.
//! - `rejected` (or refused on its own with a 4xx): the row is **moved whole** to the quarantine
//!   ([`Store::outbox_quarantine`]), in one transaction, with the server's reason. It is never retried
//!   (resending a refused record refuses it again, forever, and holds up the records behind it) and never
//!   deleted: it is part of what the counter recorded, and IT support must be able to see it and why it
//!   was refused. Migration `0004_sync.sql` enforces both rules with triggers, whatever program opens the
//!   file, and refuses a record id in both tables at once.
//! - No answer (network down, timeout, a 5xx): the row stays, with its attempts counted and the last
//!   error noted ([`Store::outbox_mark_failed`]), and is sent again later.
//!
//! Each of these operations is one `BEGIN IMMEDIATE` transaction, so at every instant each record is in
//! exactly one of: the outbox, the quarantine, the agency (after an acknowledgement).
//!
//! # The worker's state
//!
//! One row ([`SyncState`]): where the counter enrolled, its device id and spot, when the last sync
//! succeeded and the last error; and the last catalogue bundle the worker accepted ([`CachedCatalogue`]),
//! kept as the signed bytes it arrived as, so it can be verified again at every start. The **device
//! token is never here**: a database file is copied for support and backed up, so the token lives in the
//! operating system's keyring only.
//!
//! The worker owns its own connection to the same file (WAL lets the app's connection keep writing while
//! it reads); every operation here is short, so the busy timeout covers the rare overlap of two writers.

use crate::StoreError;
use crate::outbox::OutboxEntry;
use crate::store::Store;
use balcao_core::attendance::UtcMillis;
use rusqlite::{OptionalExtension, Row, TransactionBehavior, params};

/// A record the central server refused, kept forever with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuarantinedRecord {
    /// The outbox row as it was (its `seq`, id, kind, group, payload, time, attempts and last error).
    pub entry: OutboxEntry,
    /// Why the server refused it: its `reason` (`conflict`, `invalid`) or error code (`forbidden`, …).
    pub reason: String,
    /// When the worker moved it here.
    pub quarantined_at: UtcMillis,
}

/// The sync worker's bookkeeping (one row). Never holds the device token.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncState {
    /// The central server the counter enrolled with.
    pub central_url: Option<String>,
    /// The device id the server gave at enrollment.
    pub device_id: Option<String>,
    /// The spot the enrollment is bound to.
    pub spot: Option<String>,
    /// When the counter enrolled.
    pub enrolled_at: Option<UtcMillis>,
    /// The last time the server answered a sync.
    pub last_success_at: Option<UtcMillis>,
    /// The message id of the last failure (`None` after a success).
    pub last_error: Option<String>,
}

impl SyncState {
    /// Whether the counter has enrolled (it has a server, a device id and a spot).
    pub fn is_enrolled(&self) -> bool {
        self.central_url.is_some() && self.device_id.is_some() && self.spot.is_some()
    }
}

/// The last catalogue bundle the worker accepted, as it arrived: the signed payload bytes and their
/// signature, so it can be verified again before every use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedCatalogue {
    /// The payload bytes (UTF-8 JSON), exactly as signed.
    pub payload: Vec<u8>,
    /// The Ed25519 signature of `payload`.
    pub signature: Vec<u8>,
    /// The bundle's sequence number: a later bundle may never have a lower one.
    pub sequence: i64,
    /// The server's `ETag` for it, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// When the worker accepted it.
    pub fetched_at: UtcMillis,
}

const OUTBOX_COLUMNS: &str = "seq, record_id, kind, attendance_id, payload, created_at, attempts, last_error";

fn outbox_entry(row: &Row<'_>) -> rusqlite::Result<OutboxEntry> {
    Ok(OutboxEntry {
        seq: row.get(0)?,
        record_id: row.get(1)?,
        kind: row.get(2)?,
        attendance_id: row.get(3)?,
        payload: row.get(4)?,
        created_at: UtcMillis(row.get(5)?),
        attempts: row.get(6)?,
        last_error: row.get(7)?,
    })
}

fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

impl Store {
    /// The `limit` oldest outbox rows, oldest first: the next batch to send.
    pub fn outbox_batch(&self, limit: usize) -> Result<Vec<OutboxEntry>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox ORDER BY seq LIMIT ?1"
        ))?;
        let rows = stmt.query_map([limit], outbox_entry)?.collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Deletes the outbox rows of `record_ids` (and only those) after the server answered `stored` or
    /// `duplicate` for them, in one transaction. Returns how many rows were deleted: an id no longer in
    /// the outbox (acknowledged before a crash, then resent) is skipped.
    pub fn outbox_ack<S: AsRef<str>>(&mut self, record_ids: &[S]) -> Result<usize, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut deleted = 0;
        {
            let mut stmt = tx.prepare_cached("DELETE FROM outbox WHERE record_id = ?1")?;
            for id in record_ids {
                deleted += stmt.execute([id.as_ref()])?;
            }
        }
        tx.commit()?;
        Ok(deleted)
    }

    /// Moves the outbox row of `record_id` whole to the quarantine, with the server's `reason`, in one
    /// transaction. Returns `false` (and changes nothing) when the record is not in the outbox.
    pub fn outbox_quarantine(
        &mut self,
        record_id: &str,
        reason: &str,
        now: UtcMillis,
    ) -> Result<bool, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Delete first, then insert: the quarantine's trigger refuses a record still in the outbox.
        let entry = tx
            .query_row(
                &format!("DELETE FROM outbox WHERE record_id = ?1 RETURNING {OUTBOX_COLUMNS}"),
                [record_id],
                outbox_entry,
            )
            .optional()?;
        let Some(e) = entry else {
            return Ok(false);
        };
        tx.execute(
            "INSERT INTO quarantine (seq, record_id, kind, attendance_id, payload, created_at, attempts, \
             last_error, reason, quarantined_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                e.seq,
                e.record_id,
                e.kind,
                e.attendance_id,
                e.payload,
                e.created_at.0,
                e.attempts,
                e.last_error,
                reason,
                now.0
            ],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Notes a failed try on the outbox rows of `record_ids` (attempts + 1, `last_error`), in one
    /// transaction. The rows stay to be sent again. Returns how many rows were updated.
    pub fn outbox_mark_failed<S: AsRef<str>>(
        &mut self,
        record_ids: &[S],
        error: &str,
    ) -> Result<usize, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut updated = 0;
        {
            let mut stmt = tx.prepare_cached(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE record_id = ?1",
            )?;
            for id in record_ids {
                updated += stmt.execute(params![id.as_ref(), error])?;
            }
        }
        tx.commit()?;
        Ok(updated)
    }

    /// Every quarantined record, in the order they were first written.
    pub fn quarantine_list(&self) -> Result<Vec<QuarantinedRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {OUTBOX_COLUMNS}, reason, quarantined_at FROM quarantine ORDER BY seq"
        ))?;
        let rows = stmt
            .query_map([], |row| {
                Ok(QuarantinedRecord {
                    entry: outbox_entry(row)?,
                    reason: row.get(8)?,
                    quarantined_at: UtcMillis(row.get(9)?),
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// How many records are in the quarantine.
    pub fn quarantine_len(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM quarantine", [], |row| row.get(0))?;
        Ok(count(n))
    }

    /// The sync worker's state.
    pub fn sync_state(&self) -> Result<SyncState, StoreError> {
        Ok(self.conn.query_row(
            "SELECT central_url, device_id, spot, enrolled_at, last_success_at, last_error \
             FROM sync_state WHERE id = 1",
            [],
            |row| {
                Ok(SyncState {
                    central_url: row.get(0)?,
                    device_id: row.get(1)?,
                    spot: row.get(2)?,
                    enrolled_at: row.get::<_, Option<i64>>(3)?.map(UtcMillis),
                    last_success_at: row.get::<_, Option<i64>>(4)?.map(UtcMillis),
                    last_error: row.get(5)?,
                })
            },
        )?)
    }

    /// Replaces the sync worker's state (the cached catalogue is left as it is).
    pub fn set_sync_state(&mut self, state: &SyncState) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE sync_state SET central_url = ?1, device_id = ?2, spot = ?3, enrolled_at = ?4, \
             last_success_at = ?5, last_error = ?6 WHERE id = 1",
            params![
                state.central_url,
                state.device_id,
                state.spot,
                state.enrolled_at.map(|t| t.0),
                state.last_success_at.map(|t| t.0),
                state.last_error
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The last catalogue bundle the worker accepted, if any.
    pub fn cached_catalogue(&self) -> Result<Option<CachedCatalogue>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT catalogue_payload, catalogue_signature, catalogue_sequence, catalogue_etag, \
                 catalogue_fetched_at FROM sync_state WHERE id = 1 AND catalogue_payload IS NOT NULL",
                [],
                |row| {
                    Ok(CachedCatalogue {
                        payload: row.get(0)?,
                        signature: row.get(1)?,
                        sequence: row.get(2)?,
                        etag: row.get(3)?,
                        fetched_at: UtcMillis(row.get(4)?),
                    })
                },
            )
            .optional()?)
    }

    /// Caches a catalogue bundle the worker verified. A bundle with a lower sequence than the cached
    /// one is a rollback: it is not stored, and `false` is returned.
    pub fn set_cached_catalogue(&mut self, bundle: &CachedCatalogue) -> Result<bool, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let changed = tx.execute(
            "UPDATE sync_state SET catalogue_payload = ?1, catalogue_signature = ?2, \
             catalogue_sequence = ?3, catalogue_etag = ?4, catalogue_fetched_at = ?5 \
             WHERE id = 1 AND (catalogue_sequence IS NULL OR catalogue_sequence <= ?3)",
            params![
                bundle.payload,
                bundle.signature,
                bundle.sequence,
                bundle.etag,
                bundle.fetched_at.0
            ],
        )?;
        tx.commit()?;
        Ok(changed == 1)
    }
}
