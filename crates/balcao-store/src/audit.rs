//! The store's side of the audit trail: every outbox row comes with its signed, chained audit entry.
//!
//! All record writes go through [`push_record`], which appends the outbox row *and* the audit entry
//! in the caller's transaction: the record, its outbox row and its audit entry commit together (one
//! fsync), so there is never a record without its entry or an entry without its record, even after a
//! power cut in the middle. The entry is signed with the device key the app gives the store
//! ([`Store::set_audit_key`]); without one (no keyring on this PC) entries are still chained but
//! unsigned, which the central server reports, so a counter never stops working for want of a key.
//!
//! The sync worker reads the entries after the last one it sent ([`Store::audit_unsent`]), sends them
//! with a signed [`Checkpoint`] of the head, and moves the mark on ([`Store::audit_mark_sent`]).

use crate::{Store, StoreError};
use balcao_audit::{Checkpoint, DeviceKey, Draft, Entry, Head, Problem, PublicKey};
use balcao_core::attendance::UtcMillis;
use rusqlite::{Connection, OptionalExtension, params};
use uuid::ContextV7;

/// What [`Store::audit_verify`] found wrong, besides the chain's own problems.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalProblem {
    /// The chain itself does not verify.
    Chain(Problem),
    /// A record still waiting on this counter differs from what its audit entry says was written.
    RecordChanged {
        /// The entry.
        seq: u64,
        /// The record.
        record_id: String,
    },
}

impl std::fmt::Display for LocalProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LocalProblem::Chain(problem) => problem.fmt(f),
            LocalProblem::RecordChanged { seq, record_id } => write!(
                f,
                "entry {seq}: record {record_id} was changed after it was written"
            ),
        }
    }
}

/// Appends one outbox row for a record and its audit entry, in the caller's transaction.
#[allow(clippy::too_many_arguments)]
pub(crate) fn push_record(
    conn: &Connection,
    uuids: &ContextV7,
    key: Option<&DeviceKey>,
    kind: &'static str,
    group: &str,
    payload: &str,
    mediator: &str,
    now: UtcMillis,
) -> Result<(), StoreError> {
    let record_id = crate::store::new_uuid(uuids, now);
    // What waits in the outbox is what will leave the counter: no direct identifier of the citizen
    // (`balcao_privacy`). The local tables keep the full record; the audit entry hashes this form,
    // which is the one the central server stores.
    let mut value: serde_json::Value = serde_json::from_str(payload).map_err(|e| StoreError::Io {
        detail: format!("the outbox payload is not JSON: {e}"),
    })?;
    balcao_privacy::minimise(kind, &mut value);
    let payload = &value.to_string();
    conn.prepare_cached(
        "INSERT INTO outbox (record_id, kind, attendance_id, payload, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![record_id, kind, group, payload, now.0])?;
    let payload_hash = balcao_audit::payload_hash(payload).map_err(|e| StoreError::Io {
        detail: e.to_string(),
    })?;
    append(
        conn,
        key,
        Draft {
            at: now.0,
            mediator: mediator.to_owned(),
            action: kind.to_owned(),
            record_ids: vec![record_id, group.to_owned()],
            payload_hash,
        },
    )?;
    Ok(())
}

/// Appends one entry after the current head, in the caller's transaction.
pub(crate) fn append(conn: &Connection, key: Option<&DeviceKey>, draft: Draft) -> Result<Entry, StoreError> {
    let head = head(conn)?;
    let entry = head.append(draft, key);
    let ids = serde_json::to_string(&entry.record_ids).map_err(|e| StoreError::Io {
        detail: format!("cannot encode record ids: {e}"),
    })?;
    conn.prepare_cached(
        "INSERT INTO audit_log (seq, prev_hash, at, mediator, action, record_ids, payload_hash, signature, hash) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        to_i64(entry.seq),
        entry.prev_hash.as_slice(),
        entry.at,
        entry.mediator,
        entry.action,
        ids,
        entry.payload_hash.as_slice(),
        entry.signature.as_ref().map(|s| s.as_slice()),
        entry.hash().as_slice(),
    ])?;
    Ok(entry)
}

fn to_i64(seq: u64) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}

fn head(conn: &Connection) -> Result<Head, StoreError> {
    let row: Option<(i64, Vec<u8>)> = conn
        .prepare_cached("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match row {
        None => Ok(Head::EMPTY),
        Some((seq, hash)) => Ok(Head {
            seq: u64::try_from(seq).map_err(|_| corrupt("a negative audit seq"))?,
            hash: hash
                .try_into()
                .map_err(|_| corrupt("an audit hash of the wrong size"))?,
        }),
    }
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt {
        detail: format!("audit log: {what}"),
    }
}

/// An `audit_log` row as read, before its sizes are checked.
type RawEntry = (
    i64,
    Vec<u8>,
    i64,
    String,
    String,
    String,
    Vec<u8>,
    Option<Vec<u8>>,
);

fn entry_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<RawEntry> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
        row.get(7)?,
    ))
}

fn decode(
    (seq, prev_hash, at, mediator, action, ids, payload_hash, signature): RawEntry,
) -> Result<Entry, StoreError> {
    Ok(Entry {
        seq: u64::try_from(seq).map_err(|_| corrupt("a negative audit seq"))?,
        prev_hash: prev_hash
            .try_into()
            .map_err(|_| corrupt("a prev_hash of the wrong size"))?,
        at,
        mediator,
        action,
        record_ids: serde_json::from_str(&ids).map_err(|_| corrupt("unreadable record ids"))?,
        payload_hash: payload_hash
            .try_into()
            .map_err(|_| corrupt("a payload hash of the wrong size"))?,
        signature: signature
            .map(|s| s.try_into().map_err(|_| corrupt("a signature of the wrong size")))
            .transpose()?,
    })
}

impl Store {
    /// Gives the store the device key that signs every later audit entry (`None`: entries are
    /// chained but unsigned). Remembers its public half in the file, so `balcao audit verify` can
    /// say which key it expects.
    pub fn set_audit_key(&mut self, key: Option<DeviceKey>) -> Result<(), StoreError> {
        if let Some(key) = &key {
            self.conn.execute(
                "UPDATE audit_state SET public_key = ?1 WHERE id = 1",
                [key.public().to_hex()],
            )?;
        }
        self.audit_key = key;
        Ok(())
    }

    /// The device key attached with [`Store::set_audit_key`], if any: it also signs the survey
    /// tickets of ended attendances (`balcao_survey::Ticket::issue`).
    pub fn audit_key(&self) -> Option<&DeviceKey> {
        self.audit_key.as_ref()
    }

    /// The public key the last attached device key had, as 64 hex digits.
    pub fn audit_public_key(&self) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT public_key FROM audit_state WHERE id = 1", [], |r| {
                r.get(0)
            })?)
    }

    /// Appends an entry for an action that wrote no record (a login, a lock), in its own
    /// transaction.
    pub fn audit_event(&mut self, draft: Draft) -> Result<Entry, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let entry = append(&tx, self.audit_key.as_ref(), draft)?;
        tx.commit()?;
        Ok(entry)
    }

    /// The log's head.
    pub fn audit_head(&self) -> Result<Head, StoreError> {
        head(&self.conn)
    }

    /// Up to `limit` entries after `seq`, in order.
    pub fn audit_entries(&self, after: u64, limit: usize) -> Result<Vec<Entry>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, prev_hash, at, mediator, action, record_ids, payload_hash, signature \
             FROM audit_log WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let rows = stmt
            .query_map(
                params![to_i64(after), i64::try_from(limit).unwrap_or(i64::MAX)],
                entry_row,
            )?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(decode).collect()
    }

    /// The last `seq` the sync worker sent.
    pub fn audit_sent_seq(&self) -> Result<u64, StoreError> {
        let seq: i64 = self
            .conn
            .query_row("SELECT sent_seq FROM audit_state WHERE id = 1", [], |r| r.get(0))?;
        u64::try_from(seq).map_err(|_| corrupt("a negative sent seq"))
    }

    /// Up to `limit` entries the sync worker has not sent yet.
    pub fn audit_unsent(&self, limit: usize) -> Result<Vec<Entry>, StoreError> {
        self.audit_entries(self.audit_sent_seq()?, limit)
    }

    /// Up to `limit` unsent entries, stopping before the first whose record is still in the outbox
    /// (the central server checks an entry against its record, so the record must go first).
    pub fn audit_sendable(&self, limit: usize) -> Result<Vec<Entry>, StoreError> {
        let mut entries = self.audit_unsent(limit)?;
        let mut waiting = self
            .conn
            .prepare_cached("SELECT 1 FROM outbox WHERE record_id = ?1")?;
        let mut keep = entries.len();
        for (i, entry) in entries.iter().enumerate() {
            if let Some(record_id) = entry.record_ids.first()
                && waiting.exists([record_id])?
            {
                keep = i;
                break;
            }
        }
        entries.truncate(keep);
        Ok(entries)
    }

    /// Records that the central server holds every entry up to `seq` (never moves back).
    pub fn audit_mark_sent(&mut self, seq: u64) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE audit_state SET sent_seq = max(sent_seq, ?1) WHERE id = 1",
            [to_i64(seq)],
        )?;
        Ok(())
    }

    /// A checkpoint of the head signed by the device key, or `None` without a key.
    pub fn audit_checkpoint(&self) -> Result<Option<Checkpoint>, StoreError> {
        let head = self.audit_head()?;
        Ok(self.audit_key.as_ref().map(|key| key.checkpoint(head)))
    }

    /// Verifies the whole local log against `key`, and every record still on this counter (outbox
    /// and quarantine) against the payload hash its entry recorded. Returns the head, or the first
    /// problem.
    pub fn audit_verify(&self, key: &PublicKey) -> Result<Result<Head, LocalProblem>, StoreError> {
        const PAGE: usize = 1000;
        let mut head = Head::EMPTY;
        loop {
            let page = self.audit_entries(head.seq, PAGE)?;
            for entry in &page {
                head = match balcao_audit::verify_next(&head, entry, key) {
                    Ok(next) => next,
                    Err(problem) => return Ok(Err(LocalProblem::Chain(problem))),
                };
                if let Some(problem) = self.record_check(entry)? {
                    return Ok(Err(problem));
                }
            }
            if page.len() < PAGE {
                return Ok(Ok(head));
            }
        }
    }

    fn record_check(&self, entry: &Entry) -> Result<Option<LocalProblem>, StoreError> {
        let Some(record_id) = entry.record_ids.first() else {
            return Ok(None);
        };
        let payload: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT payload FROM outbox WHERE record_id = ?1 \
                 UNION ALL SELECT payload FROM quarantine WHERE record_id = ?1",
            )?
            .query_row([record_id], |r| r.get(0))
            .optional()?;
        let changed = payload.is_some_and(|payload| {
            !balcao_audit::payload_hash(&payload).is_ok_and(|hash| hash == entry.payload_hash)
        });
        Ok(changed.then(|| LocalProblem::RecordChanged {
            seq: entry.seq,
            record_id: record_id.clone(),
        }))
    }
}
