//! `POST /v1/records`: storing what counters send, exactly once, forever.
//!
//! A counter sends its outbox rows and deletes each only after the server acknowledged it, so any
//! record may arrive again: after a lost response, a crash between sending and deleting, or a resend
//! of a whole batch. The record's id (a UUIDv7 the counter made when it wrote the row) is the key:
//!
//! - the first time an id is seen, the record is inserted (`stored`) and the statistics it feeds are
//!   derived **in the same transaction**, so a record is counted if and only if it is stored;
//! - later, the same id with the same content (kind, spot, group, created_at, and the payload compared
//!   as JSON values by PostgreSQL's `jsonb` equality, so key order and spacing do not matter) is a
//!   `duplicate`: acknowledged, nothing changes, nothing is counted again;
//! - the same id with different content is `rejected` as a `conflict` and the stored record is never
//!   overwritten: something is wrong on that counter, and a person must look at it.
//!
//! `INSERT … ON CONFLICT (id) DO NOTHING` makes this safe under concurrency: of two requests racing with
//! one id, PostgreSQL lets exactly one insert it, and the other, after waiting for that transaction,
//! sees the stored row and compares. The derived statistics tables are keyed by the attendance id,
//! the payment id and the follow-up id, so even two *different* `attendance.ended` records of one
//! attendance count once; a counter's start-of-day check keeps only its latest ([`crate::equipment`]).
//!
//! Each record is judged on its own ([`judge`]): a record that does not decode (unknown kind, bad id, a
//! payload without the fields its kind must have) is `rejected` as `invalid` while the others of the
//! request are stored. The one exception is the spot: a device may only send records of its own spot,
//! and a request with any other spot is refused whole (403) before anything is written. Payloads are
//! decoded as `serde_json::Value`, looking only at the fields the server needs (the outbox's `Snapshot`
//! and the cash records of `balcao-store`), so the counter may add fields without breaking the server.

use crate::error::ApiError;
use deadpool_postgres::Pool;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use uuid::Uuid;

/// The outbox kinds a counter writes (`balcao_store::outbox::kind::ALL`; a test keeps them equal).
pub const KINDS: &[&str] = &[
    "attendance.started",
    "attendance.citizen",
    "attendance.lang",
    "attendance.notes",
    "attendance.ended",
    "line.added",
    "line.step",
    "line.documents",
    "line.outcome",
    "line.notes",
    "cash.session-opened",
    "cash.payment",
    "cash.cancellation",
    "cash.session-closed",
    "account.activated",
    "daycheck.ran",
    "followup.opened",
    "followup.closed",
];

/// At most this many records in one request.
pub const MAX_RECORDS: usize = 500;

/// The entity recorded for a service the loaded catalogue does not know.
pub const UNKNOWN_ENTITY: &str = crate::derive::UNKNOWN_ENTITY;

/// One record's result, in request order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordResult {
    /// The record's id as sent (empty when it was not a string).
    pub id: String,
    /// `stored`, `duplicate` or `rejected`.
    pub status: &'static str,
    /// For `rejected`: `conflict` or `invalid`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
}

/// What a stored record adds to the statistics.
#[derive(Debug, Clone, PartialEq)]
enum Derived {
    Nothing,
    /// An account activated on a counter: applied to the account if its code holds.
    Activation,
    /// An ended attendance: when it ended (UTC ms) and what the statistics keep of it.
    Ended {
        ended_at: i64,
        facts: crate::derive::EndedFacts,
    },
    /// A payment: its id, service, entity, amount collected and time.
    Payment {
        payment_id: String,
        service_id: String,
        entity_id: String,
        collected: i64,
        at: i64,
    },
    /// A cancellation of a payment.
    Cancellation {
        payment_id: String,
    },
    /// A follow-up opened or closed ([`crate::followups`]).
    Followup(crate::followups::Followup),
    /// A counter's start-of-day check ([`crate::equipment`]).
    DayCheck(crate::equipment::DayCheck),
}

/// A record that decoded.
#[derive(Debug, Clone, PartialEq)]
struct Record {
    id: Uuid,
    kind: String,
    spot: String,
    group_id: String,
    created_at: i64,
    payload: Value,
    /// `minimised_from`: the hash of the payload as the counter wrote it, before it was minimised.
    original_hash: Option<Vec<u8>>,
    derived: Derived,
}

/// The string `field` of `value`, or why it is not one.
pub(crate) fn text<'a>(value: &'a Value, field: &str) -> Result<&'a str, String> {
    value
        .get(field)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("`{field}` must be a string"))
}

/// The integer `field` of `value`, or why it is not one.
pub(crate) fn integer(value: &Value, field: &str) -> Result<i64, String> {
    value
        .get(field)
        .and_then(Value::as_i64)
        .ok_or_else(|| format!("`{field}` must be an integer"))
}

/// The string `field` of `value` that must be a UUID (`group_id`s and ids the counter made), as sent.
pub(crate) fn uuid_text<'a>(value: &'a Value, field: &str) -> Result<&'a str, String> {
    let found = text(value, field)?;
    Uuid::parse_str(found).map_err(|_| format!("`{field}` is not a UUID"))?;
    Ok(found)
}

/// The string `field` of `value` that must be one of `allowed`.
pub(crate) fn one_of<'a>(value: &'a Value, field: &str, allowed: &[&str]) -> Result<&'a str, String> {
    let found = text(value, field)?;
    if allowed.contains(&found) {
        Ok(found)
    } else {
        Err(format!(
            "`{field}` must be one of {}, not {found:?}",
            allowed.join(", ")
        ))
    }
}

/// Judges one record as the ingest does and, when it is accepted, encodes what was understood back as
/// the JSON a counter sends. For the fuzzer (`balcao-fuzz`, target `central_records`) and tests: an
/// accepted record, encoded again, must be judged the same, and judging never panics.
///
/// # Errors
/// Why the record is `invalid`, as the ingest would store in `rejections`.
pub fn judge_and_encode(value: &Value) -> Result<Value, String> {
    let record = judge(value)?;
    let mut encoded = serde_json::json!({
        "id": record.id.to_string(),
        "kind": record.kind,
        "spot": record.spot,
        "group_id": record.group_id,
        "created_at": record.created_at,
        "payload": record.payload,
    });
    if let Some(hash) = &record.original_hash {
        encoded["minimised_from"] = Value::String(balcao_audit::to_hex(hash));
    }
    Ok(encoded)
}

/// Decodes one record, or says why it is `invalid`.
fn judge(value: &Value) -> Result<Record, String> {
    let id = Uuid::parse_str(text(value, "id")?).map_err(|_| "`id` is not a UUID".to_owned())?;
    let kind = text(value, "kind")?;
    if !KINDS.contains(&kind) {
        return Err(format!("unknown kind {kind:?}"));
    }
    let spot = text(value, "spot")?;
    let group_id = text(value, "group_id")?;
    let created_at = integer(value, "created_at")?;
    let payload = value.get("payload").ok_or("`payload` is missing")?;
    let original_hash = match value.get("minimised_from") {
        None | Some(Value::Null) => None,
        Some(hash) => Some(
            hash.as_str()
                .and_then(balcao_audit::from_hex)
                .filter(|bytes| bytes.len() == 32)
                .ok_or("`minimised_from` must be 64 hexadecimal digits")?,
        ),
    };
    if !payload.is_object() {
        return Err("`payload` must be an object".to_owned());
    }
    // A payload that names its spot must name the record's: the spot check covers the content too.
    if let Some(origin) = payload.get("origin")
        && text(origin, "spot")? != spot
    {
        return Err("`payload.origin.spot` differs from the record's spot".to_owned());
    }
    let derived = if kind.starts_with("attendance.") || kind.starts_with("line.") {
        // Every attendance kind carries the whole attendance (the outbox's `Snapshot`).
        if text(payload, "id")? != group_id {
            return Err("an attendance record's `group_id` must be its payload's `id`".to_owned());
        }
        let lines = payload
            .get("lines")
            .and_then(Value::as_array)
            .ok_or("`payload.lines` must be an array")?;
        let services = lines
            .iter()
            .map(|line| text(line, "service_id").map(str::to_owned))
            .collect::<Result<Vec<_>, _>>()?;
        if kind == "attendance.ended" {
            let ended_at = integer(payload, "ended_at")?;
            Derived::Ended {
                ended_at,
                facts: crate::derive::EndedFacts::read(payload, lines, services),
            }
        } else {
            Derived::Nothing
        }
    } else if kind == "cash.payment" {
        Derived::Payment {
            payment_id: text(payload, "id")?.to_owned(),
            service_id: text(payload, "service_id")?.to_owned(),
            entity_id: text(payload, "entity_id")?.to_owned(),
            collected: integer(payload, "collected")?,
            at: integer(payload, "created_at")?,
        }
    } else if kind == "account.activated" {
        crate::accounts::decode_activation(payload)?;
        Derived::Activation
    } else if kind.starts_with("followup.") {
        Derived::Followup(crate::followups::decode(kind, payload, group_id)?)
    } else if kind == "daycheck.ran" {
        Derived::DayCheck(crate::equipment::decode(payload, group_id)?)
    } else if kind == "cash.cancellation" {
        text(payload, "id")?;
        Derived::Cancellation {
            payment_id: text(payload, "payment_id")?.to_owned(),
        }
    } else {
        Derived::Nothing
    };
    Ok(Record {
        id,
        kind: kind.to_owned(),
        spot: spot.to_owned(),
        group_id: group_id.to_owned(),
        created_at,
        payload: payload.clone(),
        original_hash,
        derived,
    })
}

/// Stores a request's records for a device of `spot`; returns the results in order.
///
/// `records` is the request's `records` array. `entities` maps catalogue services to their entity.
pub async fn ingest(
    pool: &Pool,
    device_id: Uuid,
    spot: &str,
    records: &[Value],
    entities: &HashMap<String, String>,
    now: i64,
) -> Result<Vec<RecordResult>, ApiError> {
    if records.len() > MAX_RECORDS {
        return Err(ApiError::Invalid(format!(
            "at most {MAX_RECORDS} records per request, this one has {}",
            records.len()
        )));
    }
    if records
        .iter()
        .any(|r| r.get("spot").and_then(Value::as_str).is_some_and(|s| s != spot))
    {
        return Err(ApiError::Forbidden("a record's spot is not this device's spot"));
    }
    let shown_id = |value: &Value| value.get("id").and_then(Value::as_str).unwrap_or("").to_owned();
    // A citizen's direct identifier is refused before anything is written, so that an old or tampered
    // counter cannot leave one here, not even in a rejection.
    for value in records {
        let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
        if let Some(payload) = value.get("payload")
            && let Some(found) = balcao_privacy::identifier_in(kind, payload)
        {
            // The id is echoed only when it is one: a tampered id field is not repeated or logged.
            let id = Uuid::parse_str(&shown_id(value)).map_or("(not a UUID)".to_owned(), |id| id.to_string());
            tracing::warn!(%id, field = %found.field, "record with personal data refused");
            return Err(ApiError::PersonalData {
                record: id,
                field: found.field,
                what: found.what,
            });
        }
    }

    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    // Judged first, then every valid record inserted by one statement: a round trip per request
    // rather than per record (the ingest rate was a sixth of a raw COPY, BENCHMARKS.md).
    let judged: Vec<Result<Record, String>> = records.iter().map(judge).collect();
    let valid: Vec<&Record> = judged.iter().filter_map(|r| r.as_ref().ok()).collect();
    let mut fresh = insert_all(&tx, &valid, now, device_id).await?;
    let mut same = same_as_stored(&tx, &valid, &fresh).await?;
    let mut batch = crate::derive::Batch::default();

    let rejection = tx
        .prepare_cached(
            "INSERT INTO rejections (record_id, kind, spot_code, device_id, reason, received_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .await?;
    let shown_kind = |value: &Value| value.get("kind").and_then(Value::as_str).unwrap_or("").to_owned();

    let mut results = Vec::with_capacity(records.len());
    let mut n_valid = 0usize;
    for (value, judged) in records.iter().zip(judged) {
        let record = match judged {
            Ok(record) => record,
            Err(why) => {
                tracing::info!(id = %shown_id(value), %why, "invalid record");
                tx.execute(
                    &rejection,
                    &[
                        &shown_id(value),
                        &shown_kind(value),
                        &spot,
                        &device_id,
                        &"invalid",
                        &now,
                    ],
                )
                .await?;
                results.push(RecordResult {
                    id: shown_id(value),
                    status: "rejected",
                    reason: Some("invalid"),
                });
                continue;
            }
        };
        let ordinal = n_valid;
        n_valid += 1;
        // The first occurrence of an id this request stored is the stored one; a repeat of it in the
        // same request, like a replay, is compared with what is stored.
        let inserted = fresh.remove(&record.id);
        let (status, reason) = if inserted {
            match &record.derived {
                Derived::Nothing => {}
                Derived::Ended { ended_at, facts } => {
                    batch.ended(*ended_at, &record.group_id, record.id, facts);
                }
                Derived::Payment {
                    payment_id,
                    service_id,
                    entity_id,
                    collected,
                    at,
                } => batch.payment(*at, payment_id, record.id, service_id, entity_id, *collected),
                Derived::Cancellation { payment_id } => batch.cancellation(payment_id, record.id),
                Derived::Followup(followup) => {
                    crate::followups::derive(&tx, &record.spot, record.id, followup).await?;
                }
                Derived::DayCheck(check) => {
                    crate::equipment::derive(&tx, &record.spot, record.id, check).await?;
                }
                Derived::Activation => {
                    if !crate::accounts::activate(&tx, spot, &record.payload, now).await? {
                        // Kept as sent, and shown to the coordination: a wrong or expired code, an
                        // account of another spot, or an older password than the one held.
                        tracing::warn!(id = %record.id, %spot, "activation not applied");
                        tx.execute(
                            "INSERT INTO audit_alerts (device_id, spot_code, kind, detail, created_at) \
                             VALUES ($1, $2, 'activation-refused', $3, $4)",
                            &[
                                &device_id,
                                &spot,
                                &format!("record {}: an account activation that was not applied", record.id),
                                &now,
                            ],
                        )
                        .await?;
                    }
                }
            }
            ("stored", None)
        } else {
            let is_same = match same.remove(&ordinal) {
                Some(is_same) => is_same,
                // A repeat within the request of a record stored by it: compared with that one.
                None => repeat_is_same(&tx, &record).await?,
            };
            if is_same {
                ("duplicate", None)
            } else {
                tracing::warn!(id = %record.id, spot = %record.spot, "record id reused with different content");
                tx.execute(
                    &rejection,
                    &[
                        &shown_id(value),
                        &record.kind,
                        &spot,
                        &device_id,
                        &"conflict",
                        &now,
                    ],
                )
                .await?;
                ("rejected", Some("conflict"))
            }
        };
        results.push(RecordResult {
            id: shown_id(value),
            status,
            reason,
        });
    }
    batch.write(&tx, spot, device_id, entities).await?;
    tx.commit().await?;
    Ok(results)
}

/// Inserts `records` whose ids are not stored yet, each id once (its first occurrence); returns the ids
/// this call stored.
///
/// The ids already stored are looked up first and only the others are inserted, by a plain `INSERT`:
/// `ON CONFLICT DO NOTHING` inserts speculatively, which cost about half of the statement
/// (BENCHMARKS.md, "Sync"). A concurrent request may store one of the same ids between the lookup and
/// the insert; the insert then fails with a unique violation, is rolled back to its savepoint, and the
/// speculative statement, which tolerates it, runs instead.
async fn insert_all(
    tx: &deadpool_postgres::Transaction<'_>,
    records: &[&Record],
    now: i64,
    device_id: Uuid,
) -> Result<std::collections::HashSet<Uuid>, ApiError> {
    use std::collections::HashSet;
    if records.is_empty() {
        return Ok(HashSet::new());
    }
    let ids: Vec<Uuid> = records.iter().map(|r| r.id).collect();
    let known = tx
        .query(
            &tx.prepare_cached("SELECT id FROM records WHERE id = ANY($1::uuid[])")
                .await?,
            &[&ids],
        )
        .await?
        .iter()
        .map(|row| row.try_get::<_, Uuid>(0))
        .collect::<Result<HashSet<Uuid>, _>>()?;
    let mut fresh_ids = HashSet::with_capacity(records.len());
    let fresh: Vec<&Record> = records
        .iter()
        .filter(|r| !known.contains(&r.id) && fresh_ids.insert(r.id))
        .copied()
        .collect();
    if fresh.is_empty() {
        return Ok(fresh_ids);
    }
    let c = Columns::of(&fresh);
    let params: [&(dyn tokio_postgres::types::ToSql + Sync); 9] = [
        &c.ids,
        &c.kinds,
        &c.spots,
        &c.groups,
        &c.created,
        &c.payloads,
        &c.hashes,
        &now,
        &device_id,
    ];
    const INSERT: &str = "INSERT INTO records (id, kind, spot_code, group_id, created_at, payload, received_at, \
         device_id, original_hash) \
         SELECT u.id, u.kind, u.spot, u.grp, u.created_at, u.payload, $8, $9, u.original_hash \
         FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::jsonb[], $7::bytea[]) \
         AS u(id, kind, spot, grp, created_at, payload, original_hash)";
    tx.batch_execute("SAVEPOINT fresh_records").await?;
    match tx.execute(&tx.prepare_cached(INSERT).await?, &params).await {
        Ok(_) => Ok(fresh_ids),
        Err(err) if err.code() == Some(&tokio_postgres::error::SqlState::UNIQUE_VIOLATION) => {
            tracing::debug!("a concurrent request stored one of these ids; inserting speculatively");
            tx.batch_execute("ROLLBACK TO SAVEPOINT fresh_records").await?;
            let rows = tx
                .query(
                    &format!("{INSERT} ON CONFLICT (id) DO NOTHING RETURNING id"),
                    &params,
                )
                .await?;
            rows.iter()
                .map(|row| row.try_get::<_, Uuid>(0).map_err(ApiError::from))
                .collect()
        }
        Err(err) => Err(err.into()),
    }
}

/// For each record of `records` (by its 0-based place) whose id this request did not store, whether
/// it is the very record stored under that id (a `duplicate`) or another (a `conflict`): one query.
async fn same_as_stored(
    tx: &deadpool_postgres::Transaction<'_>,
    records: &[&Record],
    fresh: &std::collections::HashSet<Uuid>,
) -> Result<HashMap<usize, bool>, ApiError> {
    let known: Vec<(usize, &Record)> = records
        .iter()
        .enumerate()
        .filter(|(_, r)| !fresh.contains(&r.id))
        .map(|(i, r)| (i, *r))
        .collect();
    if known.is_empty() {
        return Ok(HashMap::new());
    }
    let only: Vec<&Record> = known.iter().map(|(_, r)| *r).collect();
    let c = Columns::of(&only);
    let rows = tx
        .query(
            "SELECT u.n, r.kind = u.kind AND r.spot_code = u.spot AND r.group_id = u.grp \
             AND r.created_at = u.created_at AND r.payload = u.payload \
             AND r.original_hash IS NOT DISTINCT FROM u.original_hash \
             FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::jsonb[], $7::bytea[]) \
             WITH ORDINALITY AS u(id, kind, spot, grp, created_at, payload, original_hash, n) \
             JOIN records r ON r.id = u.id",
            &[&c.ids, &c.kinds, &c.spots, &c.groups, &c.created, &c.payloads, &c.hashes],
        )
        .await?;
    let mut same = HashMap::with_capacity(rows.len());
    for row in rows {
        let n: i64 = row.try_get(0)?;
        let is_same: bool = row.try_get(1)?;
        // `WITH ORDINALITY` counts from 1, over the known records only.
        if let Some((place, _)) = usize::try_from(n - 1).ok().and_then(|i| known.get(i)) {
            same.insert(*place, is_same);
        }
    }
    Ok(same)
}

/// Whether `record` is the record stored under its id (for a repeat, within one request, of a record
/// that request stored).
async fn repeat_is_same(tx: &deadpool_postgres::Transaction<'_>, record: &Record) -> Result<bool, ApiError> {
    let row = tx
        .query_one(
            "SELECT kind = $2 AND spot_code = $3 AND group_id = $4 AND created_at = $5 AND payload = $6 \
             AND original_hash IS NOT DISTINCT FROM $7 FROM records WHERE id = $1",
            &[
                &record.id,
                &record.kind,
                &record.spot,
                &record.group_id,
                &record.created_at,
                &record.payload,
                &record.original_hash,
            ],
        )
        .await?;
    Ok(row.try_get::<_, bool>(0)?)
}

/// Records as column arrays, for `UNNEST`.
struct Columns<'a> {
    ids: Vec<Uuid>,
    kinds: Vec<&'a str>,
    spots: Vec<&'a str>,
    groups: Vec<&'a str>,
    created: Vec<i64>,
    payloads: Vec<&'a Value>,
    hashes: Vec<Option<&'a [u8]>>,
}

impl<'a> Columns<'a> {
    fn of(records: &[&'a Record]) -> Columns<'a> {
        Columns {
            ids: records.iter().map(|r| r.id).collect(),
            kinds: records.iter().map(|r| r.kind.as_str()).collect(),
            spots: records.iter().map(|r| r.spot.as_str()).collect(),
            groups: records.iter().map(|r| r.group_id.as_str()).collect(),
            created: records.iter().map(|r| r.created_at).collect(),
            payloads: records.iter().map(|r| &r.payload).collect(),
            hashes: records.iter().map(|r| r.original_hash.as_deref()).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ended() -> Value {
        json!({"id": "0190b7a0-0000-7000-8000-000000000001", "kind": "attendance.ended", "spot": "EC-1",
               "group_id": "a1", "created_at": 5,
               "payload": {"id": "a1", "origin": {"spot": "EC-1", "counter": "1", "mediator": "m"},
                           "ended_at": 5, "lines": [{"service_id": "s1"}, {"service_id": "s2"}]}})
    }

    #[test]
    fn an_ended_attendance_derives_its_services() {
        let record = judge(&ended()).unwrap();
        assert_eq!(
            record.derived,
            Derived::Ended {
                ended_at: 5,
                facts: crate::derive::EndedFacts {
                    started_at: None,
                    mediator: Some("m".into()),
                    lines: vec![
                        crate::derive::LineFacts {
                            service: "s1".into(),
                            outcome: None,
                            duration_ms: None
                        },
                        crate::derive::LineFacts {
                            service: "s2".into(),
                            outcome: None,
                            duration_ms: None
                        },
                    ],
                }
            }
        );
    }

    #[test]
    fn records_that_do_not_decode_are_invalid() {
        let broken: [fn(&mut Value); 7] = [
            |r| r["id"] = json!("not-a-uuid"),
            |r| r["kind"] = json!("attendance.exploded"),
            |r| r["created_at"] = json!("yesterday"),
            |r| r["payload"] = json!([1, 2]),
            |r| r["payload"]["origin"]["spot"] = json!("EC-2"),
            |r| r["payload"]["lines"][0] = json!({"service": "s1"}),
            |r| r["payload"]["ended_at"] = Value::Null,
        ];
        for breaking in broken {
            let mut record = ended();
            breaking(&mut record);
            assert!(judge(&record).is_err(), "{record}");
        }
    }
}
