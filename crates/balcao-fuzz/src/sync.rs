//! The counter's side of sync: what it makes of the server's answers to its records.

use balcao_core::attendance::{Origin, Outcome, UtcMillis};
use balcao_store::Store;
use balcao_sync::SyncError;
use balcao_sync::client::{Record, RecordStatus, RecordsReply, records_reply};
use balcao_sync::drain::{RecordSink, drain};
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

const SPOT: &str = "EC-0427";

fn now() -> UtcMillis {
    UtcMillis(1_772_442_000_000)
}

/// A server that gives every request the same answer, and counts the requests.
struct Answering {
    reply: Result<RecordsReply, SyncError>,
    requests: Cell<usize>,
    limit: usize,
}

impl RecordSink for Answering {
    async fn send(&self, _records: &[Record]) -> Result<RecordsReply, SyncError> {
        let n = self.requests.get() + 1;
        self.requests.set(n);
        assert!(
            n <= self.limit,
            "the drain sent {n} requests for its outbox and did not stop"
        );
        self.reply.clone()
    }
}

/// Runs a future that never waits (the drain over a sink that answers at once, on a SQLite store).
fn ready<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the drain waited on something other than its sink"),
    }
}

/// Fuzz target: `count status(2 bytes, little-endian) body`.
///
/// A counter with one or two ended attendances (`count % 2 + 1`), four or eight records in its outbox,
/// drains them to a server that answers
/// every request with this status (0 to 599) and body, read by the counter's own
/// `client::records_reply`. In the body, `#0` to `#7` stand for the ids of the outbox's records, so
/// the fuzzer can name them. **No record is lost or taken out on a whim**:
///
/// - the drain stops by itself, within a few requests per record;
/// - every record is still in the outbox, acknowledged, or quarantined, and counted once;
/// - a record leaves the outbox acknowledged only if the answer said `stored` or `duplicate` for it;
/// - a record goes to the quarantine only if the answer said `rejected` for it, or refused the request
///   it was alone in (`400`, `403`, `413`, `422` without results);
/// - an answer that is no verdict (`401`, `429`, a `5xx`, anything unexpected, an unreadable `200`)
///   takes nothing out of the outbox.
pub fn counter_records_reply(data: &[u8]) {
    let [count, low, high, body @ ..] = data else {
        return;
    };
    let attendances = i64::from(*count % 2) + 1;
    let status = u16::from_le_bytes([*low, *high]) % 600;

    let mut store = match Store::open_in_memory() {
        Ok(store) => store,
        Err(err) => panic!("an in-memory store opens: {err}"),
    };
    let origin = Origin {
        spot: SPOT.into(),
        counter: "1".into(),
        mediator: "ana".into(),
    };
    // Each attendance writes four outbox rows: begun, a service added, its outcome, ended.
    for i in 0..attendances {
        let t = |s: i64| UtcMillis(now().0 + i * 10_000 + s * 1000);
        let made = store.begin_attendance(origin.clone(), t(0)).and_then(|a| {
            store.add_service(&a.id, "irn-registo-criminal", t(1))?;
            store.set_outcome(&a.id, 0, Outcome::Concluido, t(2))?;
            store.end_attendance(&a.id, t(3))
        });
        if let Err(err) = made {
            panic!("an attendance is made: {err}");
        }
    }
    let ids: Vec<String> = match store.outbox_batch(100) {
        Ok(entries) => entries.into_iter().map(|e| e.record_id).collect(),
        Err(err) => panic!("the outbox reads: {err}"),
    };
    let n = ids.len();
    assert!(n <= 8, "{n} outbox rows: more than `#0` to `#7` can name");

    let mut text = String::from_utf8_lossy(body).into_owned();
    for (i, id) in ids.iter().enumerate() {
        text = text.replace(&format!("#{i}"), id);
    }
    let reply = records_reply(status, None, text.as_bytes());
    // What the answer said of each record, as the drain reads it (the first result for an id counts
    // for acknowledging; any `rejected` may quarantine).
    let mut said: HashMap<&str, Vec<RecordStatus>> = HashMap::new();
    if let Ok(RecordsReply::Results(results)) = &reply {
        for r in results {
            said.entry(r.id.as_str()).or_default().push(r.status);
        }
    }
    let refuses = matches!(&reply, Ok(RecordsReply::Refused { .. } | RecordsReply::TooLarge));
    let verdict = matches!(&reply, Ok(RecordsReply::Results(_))) || refuses;

    let sink = Answering {
        reply: reply.clone(),
        requests: Cell::new(0),
        limit: 4 * n + 4,
    };
    let report = match ready(drain(&mut store, &sink, SPOT, &now, 500)) {
        Ok(report) => report,
        Err(err) => panic!("the store failed during the drain: {err}"),
    };

    let left: HashSet<String> = match store.outbox_batch(n + 1) {
        Ok(entries) => entries.into_iter().map(|e| e.record_id).collect(),
        Err(err) => panic!("the outbox reads: {err}"),
    };
    let quarantined: HashSet<String> = match store.quarantine_list() {
        Ok(list) => list.into_iter().map(|q| q.entry.record_id).collect(),
        Err(err) => panic!("the quarantine reads: {err}"),
    };
    assert_eq!(
        left.len() + report.acked + report.quarantined,
        n,
        "records unaccounted for: {report:?}, answer {reply:?}"
    );
    assert_eq!(quarantined.len(), report.quarantined, "{report:?}");
    for id in &ids {
        let in_outbox = left.contains(id);
        let in_quarantine = quarantined.contains(id);
        assert!(
            !(in_outbox && in_quarantine),
            "{id} is in the outbox and the quarantine"
        );
        if !verdict {
            assert!(
                in_outbox,
                "{id} left the outbox on an answer that is no verdict: {reply:?}"
            );
        }
        let named = said.get(id.as_str());
        if !in_outbox && !in_quarantine {
            assert!(
                named.is_some_and(
                    |s| s.contains(&RecordStatus::Stored) || s.contains(&RecordStatus::Duplicate)
                ),
                "{id} was acknowledged without being said stored: {reply:?}"
            );
        }
        if in_quarantine {
            assert!(
                refuses || named.is_some_and(|s| s.contains(&RecordStatus::Rejected)),
                "{id} was quarantined without being rejected: {reply:?}"
            );
        }
    }
}
