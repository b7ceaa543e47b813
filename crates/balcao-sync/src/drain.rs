//! Draining the outbox: what to do with each record once the server has answered, and what to do when
//! it has not.
//!
//! The rule behind every decision: **a record leaves the outbox only because the server answered for
//! it**. `stored` and `duplicate` delete it ([`Store::outbox_ack`]); `rejected`, or a refusal of that
//! record alone, moves it to the quarantine ([`Store::outbox_quarantine`]); anything else leaves it
//! where it is, to be sent again. A crash at any point therefore loses nothing: at worst a record the
//! server stored is sent again and answered `duplicate`.
//!
//! What the server may answer for a batch, and what the drain does:
//!
//! | answer | decision |
//! |---|---|
//! | `200`/`422` with results | per record: ack `stored`/`duplicate`, quarantine `rejected` with its reason |
//! | no answer, `5xx`, a timeout | count a failed try on the batch ([`Store::outbox_mark_failed`]); stop, back off with jitter |
//! | `429` | stop; wait what `Retry-After` says |
//! | `401` | stop: the counter is not (or no longer) enrolled; never retried by itself |
//! | `413` | halve the batch until it fits; a single record still too large is quarantined |
//! | `400`/`403` | send the batch's records one by one, to find the culprit; a record refused alone is quarantined |
//!
//! A 4xx is never retried as it is: the same request gets the same refusal forever, and the records
//! behind it would never leave. Splitting finds the record the server refuses and lets the rest through.
//! One exception protects against quarantining everything: a `403` for a single record whose spot *is*
//! the enrolled spot cannot be that record's fault (the token itself is refused), so the drain stops and
//! reports [`Stop::Forbidden`] instead.
//!
//! Requests are also kept under the server's 1 MiB body limit before sending ([`MAX_BODY_BYTES`]), so a
//! `413` is the exception, not the way batches are sized.
//!
//! One decision is taken without the server: an outbox row whose payload is not JSON (only a damaged or
//! hand-edited file has one) cannot even be put in a request; it is quarantined with the reason
//! [`UNREADABLE_PAYLOAD`] rather than blocking every record behind it.

use crate::SyncError;
use crate::client::{Record, RecordStatus, RecordsReply};
use balcao_core::attendance::UtcMillis;
use balcao_core::message::Localized;
use balcao_store::{OutboxEntry, Store};
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::time::Duration;

/// The most records in one request (the central API's limit).
pub const MAX_BATCH: usize = 500;

/// The most bytes of records in one request: the server refuses bodies over 1 MiB, and this leaves room
/// for the envelope and for JSON written more compactly on one side than the other.
pub const MAX_BODY_BYTES: usize = 768 * 1024;

/// The quarantine reason of an outbox row whose payload is not JSON.
pub const UNREADABLE_PAYLOAD: &str = "unreadable-payload";

/// The quarantine reason of a single record the server still finds too large.
pub const TOO_LARGE: &str = "payload-too-large";

/// Where records go: the central (through [`crate::client::Client`]) or, in tests, a script.
pub trait RecordSink {
    /// Sends one request's records.
    fn send(&self, records: &[Record]) -> impl Future<Output = Result<RecordsReply, SyncError>>;
}

/// Why a drain stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// The outbox is empty: every record was answered for.
    Drained,
    /// No answer, or a server failure: back off with jitter and try again.
    Failed(SyncError),
    /// `429`: wait this long before the next request.
    RetryAfter(Duration),
    /// `401`: the token is refused (with the coordination's reason when the device was revoked); do
    /// not retry until the counter enrolls again.
    Unauthorized(Option<String>),
    /// `403` not attributable to a record: do not retry by itself.
    Forbidden,
}

/// What a drain did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrainReport {
    /// Records the server acknowledged (`stored` or `duplicate`), now deleted from the outbox.
    pub acked: usize,
    /// Records moved to the quarantine.
    pub quarantined: usize,
    /// Requests sent.
    pub requests: usize,
    /// Why it stopped.
    pub stop: Stop,
}

/// Sends the outbox, oldest first, in batches of at most `batch_size` records (at most [`MAX_BATCH`]),
/// until it is empty or the server stops answering. Records without a spot of their own are sent
/// with `enrolled_spot`. Store failures are `Err` (nothing was lost: each step is one transaction).
pub async fn drain<S: RecordSink>(
    store: &mut Store,
    sink: &S,
    enrolled_spot: &str,
    clock: &dyn Fn() -> UtcMillis,
    batch_size: usize,
) -> Result<DrainReport, SyncError> {
    let batch_size = batch_size.clamp(1, MAX_BATCH);
    let mut report = DrainReport {
        acked: 0,
        quarantined: 0,
        requests: 0,
        stop: Stop::Drained,
    };
    loop {
        let batch = store.outbox_batch(batch_size)?;
        if batch.is_empty() {
            report.stop = Stop::Drained;
            return Ok(report);
        }
        let before = (report.acked, report.quarantined);
        if let Some(stop) = send_batch(store, sink, enrolled_spot, clock, batch, &mut report).await? {
            report.stop = stop;
            return Ok(report);
        }
        if (report.acked, report.quarantined) == before {
            // The server answered, but for none of the records sent: sending them again would loop.
            report.stop = Stop::Failed(SyncError::Protocol {
                detail: "the server's results name none of the records sent".into(),
            });
            return Ok(report);
        }
    }
}

/// One outbox batch: built into records, cut into requests, each request sent and its answer applied.
/// Returns `Some(stop)` when the drain must stop.
async fn send_batch<S: RecordSink>(
    store: &mut Store,
    sink: &S,
    enrolled_spot: &str,
    clock: &dyn Fn() -> UtcMillis,
    batch: Vec<OutboxEntry>,
    report: &mut DrainReport,
) -> Result<Option<Stop>, SyncError> {
    let mut records = Vec::with_capacity(batch.len());
    for entry in batch {
        match record(&entry, enrolled_spot) {
            Some(r) => records.push(r),
            None => {
                tracing::warn!(record = %entry.record_id, "outbox payload is not JSON; quarantined");
                if store.outbox_quarantine(&entry.record_id, UNREADABLE_PAYLOAD, clock())? {
                    report.quarantined += 1;
                }
            }
        }
    }
    let mut queue: VecDeque<Vec<Record>> = by_size(records).into();
    while let Some(chunk) = queue.pop_front() {
        report.requests += 1;
        let reply = match sink.send(&chunk).await {
            Ok(reply) => reply,
            Err(e) => return failed(store, &chunk, e).map(Some),
        };
        match reply {
            RecordsReply::Results(results) => apply(store, &chunk, &results, clock, report)?,
            RecordsReply::TooLarge if chunk.len() > 1 => {
                let mut first = chunk;
                let second = first.split_off(first.len() / 2);
                queue.push_front(second);
                queue.push_front(first);
            }
            RecordsReply::Refused { .. } if chunk.len() > 1 => {
                // Find the culprit: each record on its own, in order, before anything else.
                for r in chunk.into_iter().rev() {
                    queue.push_front(vec![r]);
                }
            }
            RecordsReply::TooLarge => quarantine(store, &chunk, TOO_LARGE, clock, report)?,
            RecordsReply::Refused { status, code } => {
                if status == 403 && chunk.iter().all(|r| r.spot == enrolled_spot) {
                    return Ok(Some(Stop::Forbidden));
                }
                let reason = code.unwrap_or_else(|| status.to_string());
                quarantine(store, &chunk, &reason, clock, report)?;
            }
            RecordsReply::Unauthorized(reason) => return Ok(Some(Stop::Unauthorized(reason))),
            RecordsReply::RateLimited(wait) => return Ok(Some(Stop::RetryAfter(wait))),
            RecordsReply::ServerError(status) => {
                return failed(store, &chunk, SyncError::ServerError { status }).map(Some);
            }
            RecordsReply::Unexpected(status) => {
                let e = SyncError::Protocol {
                    detail: format!("records answered {status}"),
                };
                return failed(store, &chunk, e).map(Some);
            }
        }
    }
    Ok(None)
}

/// The record of an outbox row, or `None` when its payload is not JSON.
fn record(entry: &OutboxEntry, enrolled_spot: &str) -> Option<Record> {
    let mut payload: serde_json::Value = serde_json::from_str(&entry.payload).ok()?;
    // Rows written by a version that kept the citizen's identity in the outbox are minimised here, as
    // the store now does when it writes (`balcao_privacy`). Their audit entry hashed the full payload,
    // so the record says which hash that was; this code computes it from the row as stored, so a row
    // edited in the database file still fails the central server's check.
    let original = balcao_audit::payload_hash_value(&payload);
    let minimised_from =
        balcao_privacy::minimise(&entry.kind, &mut payload).then(|| balcao_audit::to_hex(&original));
    // Attendances carry their origin; a cash session or closing carries it in the session. Payments and
    // cancellations do not: they belong to the counter's spot.
    let spot = [&payload["origin"]["spot"], &payload["session"]["origin"]["spot"]]
        .into_iter()
        .find_map(|v| v.as_str())
        .unwrap_or(enrolled_spot)
        .to_string();
    Some(Record {
        id: entry.record_id.clone(),
        kind: entry.kind.clone(),
        spot,
        group_id: entry.attendance_id.clone(),
        created_at: entry.created_at.0,
        payload,
        minimised_from,
    })
}

/// Cuts records into requests of at most [`MAX_BODY_BYTES`] (a record larger than that goes alone, and
/// the server's `413` decides).
fn by_size(records: Vec<Record>) -> Vec<Vec<Record>> {
    let mut chunks = Vec::new();
    let mut current = Vec::new();
    let mut bytes = 0;
    for r in records {
        let size = serde_json::to_vec(&r).map_or(0, |v| v.len()) + 1;
        if !current.is_empty() && bytes + size > MAX_BODY_BYTES {
            chunks.push(std::mem::take(&mut current));
            bytes = 0;
        }
        bytes += size;
        current.push(r);
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    chunks
}

/// Applies per-record results: acknowledgements in one transaction, each rejection moved alone.
fn apply(
    store: &mut Store,
    chunk: &[Record],
    results: &[crate::client::RecordResult],
    clock: &dyn Fn() -> UtcMillis,
    report: &mut DrainReport,
) -> Result<(), SyncError> {
    let sent: HashMap<&str, ()> = chunk.iter().map(|r| (r.id.as_str(), ())).collect();
    let mut acks = Vec::new();
    for result in results.iter().filter(|r| sent.contains_key(r.id.as_str())) {
        match result.status {
            RecordStatus::Stored | RecordStatus::Duplicate => acks.push(result.id.as_str()),
            RecordStatus::Rejected => {
                let reason = result.reason.as_deref().unwrap_or("rejected");
                tracing::warn!(record = %result.id, reason, "the central rejected a record; quarantined");
                if store.outbox_quarantine(&result.id, reason, clock())? {
                    report.quarantined += 1;
                }
            }
        }
    }
    report.acked += store.outbox_ack(&acks)?;
    Ok(())
}

fn quarantine(
    store: &mut Store,
    chunk: &[Record],
    reason: &str,
    clock: &dyn Fn() -> UtcMillis,
    report: &mut DrainReport,
) -> Result<(), SyncError> {
    for r in chunk {
        tracing::warn!(record = %r.id, reason, "the central refused a record on its own; quarantined");
        if store.outbox_quarantine(&r.id, reason, clock())? {
            report.quarantined += 1;
        }
    }
    Ok(())
}

/// Counts a failed try on the records of the request that got no answer, and stops.
fn failed(store: &mut Store, chunk: &[Record], e: SyncError) -> Result<Stop, SyncError> {
    let ids: Vec<&str> = chunk.iter().map(|r| r.id.as_str()).collect();
    store.outbox_mark_failed(&ids, e.message_id())?;
    Ok(Stop::Failed(e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::RecordResult;
    use balcao_core::attendance::{Origin, Outcome};
    use std::cell::RefCell;

    /// A server played from a script: each request gets the next answer the closure gives for it.
    struct Script<F: Fn(&[Record]) -> Result<RecordsReply, SyncError>> {
        answer: F,
        sent: RefCell<Vec<Vec<String>>>,
    }

    impl<F: Fn(&[Record]) -> Result<RecordsReply, SyncError>> Script<F> {
        fn new(answer: F) -> Self {
            Script {
                answer,
                sent: RefCell::new(Vec::new()),
            }
        }
        fn requests(&self) -> Vec<usize> {
            self.sent.borrow().iter().map(Vec::len).collect()
        }
    }

    impl<F: Fn(&[Record]) -> Result<RecordsReply, SyncError>> RecordSink for Script<F> {
        async fn send(&self, records: &[Record]) -> Result<RecordsReply, SyncError> {
            self.sent
                .borrow_mut()
                .push(records.iter().map(|r| r.id.clone()).collect());
            (self.answer)(records)
        }
    }

    fn all(records: &[Record], status: RecordStatus) -> RecordsReply {
        RecordsReply::Results(
            records
                .iter()
                .map(|r| RecordResult {
                    id: r.id.clone(),
                    status,
                    reason: None,
                })
                .collect(),
        )
    }

    const SPOT: &str = "EC-0427";

    fn now() -> UtcMillis {
        UtcMillis(1_772_442_000_000)
    }

    /// A store with `n` attendances, each of 4 outbox rows.
    fn store(n: usize) -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let origin = Origin {
            spot: SPOT.into(),
            counter: "1".into(),
            mediator: "ana".into(),
        };
        for i in 0..n {
            let t = |s: i64| UtcMillis(now().0 + (i as i64) * 10_000 + s * 1000);
            let a = store.begin_attendance(origin.clone(), t(0)).unwrap();
            store.add_service(&a.id, "irn-registo-criminal", t(1)).unwrap();
            store.set_outcome(&a.id, 0, Outcome::Concluido, t(2)).unwrap();
            store.end_attendance(&a.id, t(3)).unwrap();
        }
        store
    }

    fn run<S: RecordSink>(store: &mut Store, sink: &S, batch: usize) -> DrainReport {
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        rt.block_on(drain(store, sink, SPOT, &now, batch)).unwrap()
    }

    #[test]
    fn stored_and_duplicate_records_leave_the_outbox_in_batches() {
        let mut s = store(3);
        let script = Script::new(|records: &[Record]| {
            // The first request's records were stored before (a resend after a crash).
            let status = if records[0].kind == "attendance.started" && records.len() == 5 {
                RecordStatus::Duplicate
            } else {
                RecordStatus::Stored
            };
            Ok(all(records, status))
        });
        let report = run(&mut s, &script, 5);
        assert_eq!(report.stop, Stop::Drained);
        assert_eq!((report.acked, report.quarantined, report.requests), (12, 0, 3));
        assert_eq!(script.requests(), [5, 5, 2]);
        assert_eq!(s.outbox_len().unwrap(), 0);
        assert_eq!(s.quarantine_len().unwrap(), 0);
    }

    #[test]
    fn records_carry_their_own_spot_group_and_payload() {
        let mut s = store(1);
        let entries = s.outbox_batch(10).unwrap();
        let seen = RefCell::new(Vec::new());
        let script = Script::new(|records: &[Record]| {
            seen.borrow_mut().extend(records.iter().cloned());
            Ok(all(records, RecordStatus::Stored))
        });
        run(&mut s, &script, 500);
        let seen = seen.into_inner();
        assert_eq!(seen.len(), 4);
        for (r, e) in seen.iter().zip(&entries) {
            assert_eq!(
                (&r.id, &r.kind, &r.group_id),
                (&e.record_id, &e.kind, &e.attendance_id)
            );
            assert_eq!(r.created_at, e.created_at.0);
            assert_eq!(r.spot, SPOT);
            assert_eq!(
                r.payload,
                serde_json::from_str::<serde_json::Value>(&e.payload).unwrap()
            );
        }
    }

    #[test]
    fn a_rejected_record_is_quarantined_with_its_reason_and_the_rest_acknowledged() {
        let mut s = store(2);
        let victim = s.outbox_batch(10).unwrap()[2].record_id.clone();
        let v = victim.clone();
        let script = Script::new(move |records: &[Record]| {
            Ok(RecordsReply::Results(
                records
                    .iter()
                    .map(|r| RecordResult {
                        id: r.id.clone(),
                        status: if r.id == v {
                            RecordStatus::Rejected
                        } else {
                            RecordStatus::Stored
                        },
                        reason: (r.id == v).then(|| "conflict".to_string()),
                    })
                    .collect(),
            ))
        });
        let report = run(&mut s, &script, 500);
        assert_eq!(
            (report.acked, report.quarantined, report.stop),
            (7, 1, Stop::Drained)
        );
        let q = s.quarantine_list().unwrap();
        assert_eq!(
            (q[0].entry.record_id.as_str(), q[0].reason.as_str()),
            (victim.as_str(), "conflict")
        );
        assert_eq!(q[0].quarantined_at, now());
        assert_eq!(s.outbox_len().unwrap(), 0);
    }

    #[test]
    fn no_answer_keeps_every_record_counts_the_try_and_stops() {
        for (answer, expected) in [
            (
                Err(SyncError::Offline {
                    detail: "connection refused".into(),
                }),
                "sync-offline",
            ),
            (Ok(RecordsReply::ServerError(503)), "sync-server-error"),
            (Ok(RecordsReply::Unexpected(404)), "sync-protocol"),
        ] {
            let mut s = store(2);
            let script = Script::new(|_: &[Record]| answer.clone());
            let report = run(&mut s, &script, 5);
            assert!(matches!(report.stop, Stop::Failed(_)), "{report:?}");
            assert_eq!((report.acked, report.quarantined, report.requests), (0, 0, 1));
            let rows = s.outbox_batch(10).unwrap();
            assert_eq!(rows.len(), 8, "nothing leaves without an answer");
            // Only the request that went unanswered counts a try.
            assert!(
                rows[..5]
                    .iter()
                    .all(|r| r.attempts == 1 && r.last_error.as_deref() == Some(expected))
            );
            assert!(rows[5..].iter().all(|r| r.attempts == 0));
        }
    }

    #[test]
    fn rate_limits_and_revoked_tokens_stop_without_touching_the_records() {
        for (reply, stop) in [
            (
                RecordsReply::RateLimited(Duration::from_secs(7)),
                Stop::RetryAfter(Duration::from_secs(7)),
            ),
            (RecordsReply::Unauthorized(None), Stop::Unauthorized(None)),
        ] {
            let mut s = store(1);
            let script = Script::new(|_: &[Record]| Ok(reply.clone()));
            let report = run(&mut s, &script, 500);
            assert_eq!(report.stop, stop);
            assert_eq!(script.requests(), [4], "never retried in the same drain");
            assert!(s.outbox_batch(10).unwrap().iter().all(|r| r.attempts == 0));
            assert_eq!(s.quarantine_len().unwrap(), 0);
        }
    }

    #[test]
    fn a_too_large_batch_is_halved_until_it_fits_and_a_lone_giant_is_quarantined() {
        let mut s = store(2);
        let giant = s.outbox_batch(10).unwrap()[5].record_id.clone();
        let g = giant.clone();
        // The server takes at most 2 records per request, and never the giant.
        let script = Script::new(move |records: &[Record]| {
            if records.len() > 2 || records.iter().any(|r| r.id == g) {
                Ok(RecordsReply::TooLarge)
            } else {
                Ok(all(records, RecordStatus::Stored))
            }
        });
        let report = run(&mut s, &script, 500);
        assert_eq!(
            (report.acked, report.quarantined, report.stop.clone()),
            (7, 1, Stop::Drained)
        );
        // 8 → 4+4 → 2+2 | 2+2 where one 2 holds the giant → 1+1.
        assert_eq!(script.requests(), [8, 4, 2, 2, 4, 2, 1, 1, 2]);
        let q = s.quarantine_list().unwrap();
        assert_eq!(
            (q[0].entry.record_id.as_str(), q[0].reason.as_str()),
            (giant.as_str(), TOO_LARGE)
        );
    }

    #[test]
    fn a_refused_batch_is_sent_one_by_one_and_only_the_culprit_is_quarantined() {
        let mut s = store(1);
        let rows = s.outbox_batch(10).unwrap();
        let culprit = rows[1].record_id.clone();
        let c = culprit.clone();
        let script = Script::new(move |records: &[Record]| {
            if records.iter().any(|r| r.id == c) {
                Ok(RecordsReply::Refused {
                    status: 400,
                    code: Some("invalid".into()),
                })
            } else {
                Ok(all(records, RecordStatus::Stored))
            }
        });
        let report = run(&mut s, &script, 500);
        assert_eq!(
            (report.acked, report.quarantined, report.stop.clone()),
            (3, 1, Stop::Drained)
        );
        assert_eq!(script.requests(), [4, 1, 1, 1, 1]);
        // In order: the records behind the culprit were sent after it.
        let order: Vec<String> = script.sent.borrow()[1..].iter().map(|r| r[0].clone()).collect();
        assert_eq!(
            order,
            rows.iter().map(|r| r.record_id.clone()).collect::<Vec<_>>()
        );
        let q = s.quarantine_list().unwrap();
        assert_eq!(
            (q[0].entry.record_id.as_str(), q[0].reason.as_str()),
            (culprit.as_str(), "invalid")
        );
    }

    #[test]
    fn a_403_for_the_enrolled_spot_is_the_token_s_fault_not_the_records() {
        let mut s = store(1);
        let script = Script::new(|_: &[Record]| {
            Ok(RecordsReply::Refused {
                status: 403,
                code: Some("forbidden".into()),
            })
        });
        let report = run(&mut s, &script, 500);
        assert_eq!(report.stop, Stop::Forbidden);
        assert_eq!(script.requests(), [4, 1]);
        assert_eq!(s.quarantine_len().unwrap(), 0);
        assert_eq!(s.outbox_len().unwrap(), 4);
    }

    #[test]
    fn a_record_of_another_spot_refused_with_403_is_quarantined() {
        let mut s = store(1);
        // An attendance recorded while the counter was configured for another spot.
        let a = s
            .begin_attendance(
                Origin {
                    spot: "EC-9999".into(),
                    counter: "1".into(),
                    mediator: "ana".into(),
                },
                UtcMillis(now().0 + 100_000),
            )
            .unwrap();
        let script = Script::new(|records: &[Record]| {
            if records.iter().any(|r| r.spot != SPOT) {
                Ok(RecordsReply::Refused {
                    status: 403,
                    code: Some("forbidden".into()),
                })
            } else {
                Ok(all(records, RecordStatus::Stored))
            }
        });
        let report = run(&mut s, &script, 500);
        assert_eq!(
            (report.acked, report.quarantined, report.stop),
            (4, 1, Stop::Drained)
        );
        let q = s.quarantine_list().unwrap();
        assert_eq!(
            (q[0].entry.attendance_id.as_str(), q[0].reason.as_str()),
            (a.id.as_str(), "forbidden")
        );
    }

    #[test]
    fn results_that_name_no_record_sent_stop_the_drain_instead_of_looping() {
        let mut s = store(1);
        let script = Script::new(|_: &[Record]| {
            Ok(RecordsReply::Results(vec![RecordResult {
                id: "someone-else".into(),
                status: RecordStatus::Stored,
                reason: None,
            }]))
        });
        let report = run(&mut s, &script, 500);
        assert!(
            matches!(report.stop, Stop::Failed(SyncError::Protocol { .. })),
            "{report:?}"
        );
        assert_eq!(s.outbox_len().unwrap(), 4);
    }

    #[test]
    fn requests_stay_under_the_body_limit() {
        let big = "x".repeat(200 * 1024);
        let records: Vec<Record> = (0..10)
            .map(|i| Record {
                id: i.to_string(),
                kind: "line.notes".into(),
                spot: SPOT.into(),
                group_id: "g".into(),
                created_at: 0,
                payload: serde_json::json!({ "notes": big }),
                minimised_from: None,
            })
            .collect();
        let chunks = by_size(records);
        assert_eq!(chunks.iter().map(Vec::len).collect::<Vec<_>>(), [3, 3, 3, 1]);
        for c in &chunks {
            assert!(serde_json::to_vec(c).unwrap().len() <= MAX_BODY_BYTES);
        }
    }
}
