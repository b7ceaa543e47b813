//! `POST /v1/audit`: checking each counter's audit trail as it arrives, and flagging what does not hold.
//!
//! A counter sends the entries of its audit log (`balcao-audit`) after the records they describe, with a
//! signed checkpoint of its head. The server holds each device's verified chain and its head, and
//! checks every new entry against them:
//!
//! - an entry at or below the head must be the very entry already held (a resend after a lost answer
//!   is a `duplicate`; anything else means the log was rewritten: `fork`);
//! - a new entry must follow the head (`gap` if one is missing or they were reordered, `link` if its
//!   `prev_hash` is not the head's hash), carry a valid signature of the device's registered key
//!   (`unsigned`, `signature`), and describe records the server holds as they are held: the record
//!   named first must be stored with the same payload hash (`record-changed`) or have been refused
//!   (`record-missing` when it never arrived: it was deleted on the counter);
//! - the checkpoint must be signed by the device (`checkpoint-signature`) and not behind the head
//!   already held (`rollback`: the log was truncated or an old copy of the database restored), nor
//!   ahead of the entries received (`missing`);
//! - each receipt, cancellation and closing series of the spot must have no gap (`receipt-gap`).
//!
//! A finding never rejects the request and never drops anything: the entry is stored, whole, in
//! `audit_alerts` with one line saying what is wrong, and the chain stops at the last verified entry,
//! so every later entry of that device is flagged too until a person has looked. The counter gets an
//! ordinary answer (it cannot repair its own log, and a tampered counter must not learn what was seen).
//! Everything runs in one transaction that locks the device's head row, so two uploads from one
//! device cannot interleave.

use crate::error::ApiError;
use crate::scope::Scope;
use balcao_audit::{Checkpoint, Entry, Head, Problem, PublicKey};
use deadpool_postgres::Pool;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio_postgres::Transaction;
use uuid::Uuid;

/// At most this many entries in one request.
pub const MAX_ENTRIES: usize = 1000;

/// `POST /v1/audit`'s body.
#[derive(Debug, Deserialize)]
pub struct AuditRequest {
    /// The device's public key (64 hex digits), registered on first use when enrolment did not.
    pub public_key: Option<String>,
    /// Entries, in `seq` order.
    pub entries: Vec<Entry>,
    /// The device's signed head, sent with the last part of an upload.
    pub checkpoint: Option<Checkpoint>,
}

/// `POST /v1/audit`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditResponse {
    /// Entries stored: verified, flagged or already held.
    pub received: usize,
    /// The highest `seq` the server now holds for this device (verified or not).
    pub stored_seq: u64,
}

/// One finding, as listed for the coordination by `GET /v1/audit/alerts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alert {
    /// The spot of the device.
    pub spot: String,
    /// The device.
    pub device_id: String,
    /// `gap`, `link`, `signature`, `rollback`, `record-changed`, `receipt-gap`, …
    pub kind: String,
    /// The entry or checkpoint concerned.
    pub seq: Option<i64>,
    /// One line for a person.
    pub detail: String,
    /// When the server saw it (ms since the epoch).
    pub created_at: i64,
}

struct Finding {
    kind: &'static str,
    seq: Option<u64>,
    detail: String,
    entry: Option<Value>,
}

impl Finding {
    fn of(problem: &Problem, seq: Option<u64>, entry: Option<&Entry>) -> Finding {
        Finding {
            kind: problem.kind(),
            seq,
            detail: problem.to_string(),
            entry: entry.and_then(|e| serde_json::to_value(e).ok()),
        }
    }
}

/// Checks and stores one upload of `device_id` (of `spot`).
pub async fn ingest(
    pool: &Pool,
    device_id: Uuid,
    spot: &str,
    request: AuditRequest,
    now: i64,
) -> Result<AuditResponse, ApiError> {
    if request.entries.len() > MAX_ENTRIES {
        return Err(ApiError::Invalid(format!(
            "at most {MAX_ENTRIES} entries per request, this one has {}",
            request.entries.len()
        )));
    }
    let sent_key = request
        .public_key
        .as_deref()
        .map(PublicKey::from_hex)
        .transpose()
        .map_err(|_| ApiError::Invalid("`public_key` is not 64 hex digits of an Ed25519 key".into()))?;
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let mut findings = Vec::new();

    // The device's key: registered at enrolment, or on first use for a device enrolled before.
    let registered: Option<String> = tx
        .query_one(
            "SELECT audit_public_key FROM devices WHERE id = $1 FOR UPDATE",
            &[&device_id],
        )
        .await?
        .try_get(0)?;
    let key = match (
        registered.as_deref().map(PublicKey::from_hex).transpose(),
        sent_key,
    ) {
        (Ok(Some(key)), sent) => {
            if sent.is_some_and(|sent| sent != key) {
                findings.push(Finding {
                    kind: "key-changed",
                    seq: None,
                    detail: "the device signs with a key other than the one it registered".into(),
                    entry: None,
                });
            }
            Some(key)
        }
        (Ok(None), Some(sent)) => {
            tx.execute(
                "UPDATE devices SET audit_public_key = $2 WHERE id = $1",
                &[&device_id, &sent.to_hex()],
            )
            .await?;
            Some(sent)
        }
        (Ok(None), None) | (Err(_), _) => None,
    };

    let held = tx
        .query_opt(
            "SELECT seq, hash, checkpoint_seq FROM audit_heads WHERE device_id = $1 FOR UPDATE",
            &[&device_id],
        )
        .await?;
    let mut head = match &held {
        Some(row) => Head {
            seq: to_u64(row.try_get(0)?),
            hash: row
                .try_get::<_, Vec<u8>>(1)?
                .try_into()
                .map_err(|_| ApiError::Internal("a stored audit hash of the wrong size".into()))?,
        },
        None => Head::EMPTY,
    };
    let mut stored_seq = head.seq;
    for entry in &request.entries {
        stored_seq = stored_seq.max(entry.seq);
        if entry.seq <= head.seq {
            let same: Option<bool> = tx
                .query_opt(
                    "SELECT hash = $3 FROM audit_entries WHERE device_id = $1 AND seq = $2",
                    &[&device_id, &to_i64(entry.seq), &entry.hash().as_slice()],
                )
                .await?
                .map(|row| row.try_get(0))
                .transpose()?;
            if same != Some(true) {
                findings.push(Finding::of(
                    &Problem::Fork { seq: entry.seq },
                    Some(entry.seq),
                    Some(entry),
                ));
            }
            continue;
        }
        let verified = match &key {
            Some(key) => balcao_audit::verify_next(&head, entry, key),
            None => Err(Problem::Unsigned { seq: entry.seq }),
        };
        match verified {
            Ok(next) => {
                if let Some(finding) = record_check(&tx, entry).await? {
                    findings.push(finding);
                }
                tx.execute(
                    "INSERT INTO audit_entries (device_id, seq, hash, entry, received_at) VALUES ($1, $2, $3, $4, $5)",
                    &[
                        &device_id,
                        &to_i64(entry.seq),
                        &next.hash.as_slice(),
                        &serde_json::to_value(entry).map_err(|e| ApiError::Internal(e.to_string()))?,
                        &now,
                    ],
                )
                .await?;
                head = next;
            }
            Err(problem) => findings.push(Finding::of(&problem, Some(entry.seq), Some(entry))),
        }
    }

    let mut checkpoint_seq = held
        .as_ref()
        .map(|row| row.try_get::<_, i64>(2))
        .transpose()?
        .unwrap_or(0);
    if let Some(checkpoint) = request.checkpoint {
        let claimed = checkpoint.head.seq;
        let problem = if !key.is_some_and(|key| checkpoint.verify(&key)) {
            Some(Problem::CheckpointSignature { seq: claimed })
        } else if claimed < head.seq || to_i64(claimed) < checkpoint_seq {
            Some(Problem::Rollback {
                claimed,
                known: head.seq.max(to_u64(checkpoint_seq)),
            })
        } else if claimed == head.seq && checkpoint.head.hash != head.hash {
            Some(Problem::Fork { seq: claimed })
        } else if claimed > head.seq {
            Some(Problem::Missing {
                claimed,
                known: head.seq,
            })
        } else {
            checkpoint_seq = to_i64(claimed);
            None
        };
        if let Some(problem) = problem {
            findings.push(Finding::of(&problem, Some(claimed), None));
        }
    }
    // Gaps can open only when numbered records come in: an upload without any leaves the series as
    // they were checked last time, and skips the scan.
    if request
        .entries
        .iter()
        .any(|entry| NUMBERED_KINDS.contains(&entry.action.as_str()))
    {
        findings.extend(receipt_gaps(&tx, device_id, spot).await?);
    }

    tx.execute(
        "INSERT INTO audit_heads (device_id, seq, hash, checkpoint_seq, updated_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (device_id) DO UPDATE SET seq = $2, hash = $3, checkpoint_seq = $4, updated_at = $5",
        &[&device_id, &to_i64(head.seq), &head.hash.as_slice(), &checkpoint_seq, &now],
    )
    .await?;
    for finding in &findings {
        tracing::warn!(%device_id, %spot, kind = finding.kind, seq = ?finding.seq, "audit finding");
        tx.execute(
            "INSERT INTO audit_alerts (device_id, spot_code, kind, seq, detail, entry, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[
                &device_id,
                &spot,
                &finding.kind,
                &finding.seq.map(to_i64),
                &finding.detail,
                &finding.entry,
                &now,
            ],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(AuditResponse {
        received: request.entries.len(),
        stored_seq,
    })
}

/// Whether the record an entry names is held as the entry says.
async fn record_check(tx: &Transaction<'_>, entry: &Entry) -> Result<Option<Finding>, ApiError> {
    let Some(record_id) = entry.record_ids.first() else {
        return Ok(None);
    };
    // Entries of actions that wrote no record (a login) carry no record id.
    if entry.payload_hash == balcao_audit::GENESIS {
        return Ok(None);
    }
    let stored = match Uuid::parse_str(record_id) {
        Ok(id) => tx
            .query_opt("SELECT payload, original_hash FROM records WHERE id = $1", &[&id])
            .await?
            .map(|row| {
                Ok::<_, tokio_postgres::Error>((
                    row.try_get::<_, Value>(0)?,
                    row.try_get::<_, Option<Vec<u8>>>(1)?,
                ))
            })
            .transpose()?,
        Err(_) => None,
    };
    let finding = |kind: &'static str, detail: String| Finding {
        kind,
        seq: Some(entry.seq),
        detail,
        entry: serde_json::to_value(entry).ok(),
    };
    match stored {
        // A record minimised after it was written (by the server at schema 8, or by the counter for a
        // row written before it minimised) is held as written if the hash kept from before matches.
        Some((payload, original))
            if balcao_audit::payload_hash_value(&payload) == entry.payload_hash
                || original.as_deref() == Some(entry.payload_hash.as_slice()) =>
        {
            Ok(None)
        }
        Some(_) => Ok(Some(finding(
            "record-changed",
            format!(
                "entry {}: record {record_id} arrived changed from what the counter wrote",
                entry.seq
            ),
        ))),
        None => {
            let refused = tx
                .query_opt(
                    "SELECT 1 FROM rejections WHERE record_id = $1 LIMIT 1",
                    &[record_id],
                )
                .await?
                .is_some();
            Ok((!refused).then(|| {
                finding(
                    "record-missing",
                    format!(
                        "entry {}: record {record_id} was written but never arrived (deleted on the counter?)",
                        entry.seq
                    ),
                )
            }))
        }
    }
}

/// The kinds of record that carry a number of a series (`PREFIX/000123`), as their audit action.
const NUMBERED_KINDS: [&str; 3] = ["cash.payment", "cash.cancellation", "cash.session-closed"];

/// The numbers missing from the spot's receipt, cancellation and closing series, each reported once.
///
/// PostgreSQL finds the gaps itself (each number against the one before it in its series), so only
/// the gaps cross the wire, not every number the spot ever issued.
async fn receipt_gaps(tx: &Transaction<'_>, device_id: Uuid, spot: &str) -> Result<Vec<Finding>, ApiError> {
    let rows = tx
        .query(
            "WITH numbers AS ( \
                 SELECT DISTINCT substring(number from '^(.*)/[0-9]{1,18}$') AS prefix, \
                        substring(number from '/([0-9]{1,18})$')::bigint AS n \
                 FROM (SELECT COALESCE(payload->>'receipt_number', payload->>'number') AS number \
                       FROM records WHERE spot_code = $1 AND kind = ANY($2)) numbered \
                 WHERE number ~ '/[0-9]{1,18}$'), \
             steps AS ( \
                 SELECT prefix, n, lag(n, 1, 0::bigint) OVER (PARTITION BY prefix ORDER BY n) AS before \
                 FROM numbers) \
             SELECT prefix, before + 1, n - 1 FROM steps WHERE n > before + 1 ORDER BY prefix, n",
            &[&spot, &NUMBERED_KINDS.as_slice()],
        )
        .await?;
    let mut findings = Vec::new();
    for row in rows {
        let prefix: String = row.try_get(0)?;
        let (first, last): (i64, i64) = (row.try_get(1)?, row.try_get(2)?);
        let detail = if first == last {
            format!("{prefix}: number {first} is missing")
        } else {
            format!("{prefix}: numbers {first} to {last} are missing")
        };
        let known = tx
            .query_opt(
                "SELECT 1 FROM audit_alerts WHERE device_id = $1 AND kind = 'receipt-gap' AND detail = $2",
                &[&device_id, &detail],
            )
            .await?
            .is_some();
        if !known {
            findings.push(Finding {
                kind: "receipt-gap",
                seq: None,
                detail,
                entry: None,
            });
        }
    }
    Ok(findings)
}

/// The findings, newest first, of the spots in `spots`.
pub async fn alerts(pool: &Pool, spots: &Scope, limit: i64) -> Result<Vec<Alert>, ApiError> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT spot_code, device_id, kind, seq, detail, created_at FROM audit_alerts \
             WHERE $1::text[] IS NULL OR spot_code = ANY($1) ORDER BY id DESC LIMIT $2",
            &[&spots.filter(), &limit],
        )
        .await?;
    rows.iter()
        .map(|row| {
            Ok(Alert {
                spot: row.try_get(0)?,
                device_id: row.try_get::<_, Uuid>(1)?.to_string(),
                kind: row.try_get(2)?,
                seq: row.try_get(3)?,
                detail: row.try_get(4)?,
                created_at: row.try_get(5)?,
            })
        })
        .collect()
}

fn to_i64(seq: u64) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}

fn to_u64(seq: i64) -> u64 {
    u64::try_from(seq).unwrap_or(0)
}
