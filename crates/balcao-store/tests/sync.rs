//! The store's side of sync: the outbox read in order, acknowledged rows deleted and only those, refused
//! rows moved whole to a quarantine that nothing can delete, and the worker's state kept without a token.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_core::attendance::Outcome;
use balcao_store::{CachedCatalogue, Store, StoreError, SyncState};
use common::{TempDir, origin, t};
use rusqlite::Connection;

/// A store with one finished attendance: four outbox rows (started, line added, outcome, ended).
fn store_with_records(dir: &TempDir) -> Store {
    let mut store = Store::open(&dir.db()).unwrap();
    let a = store.begin_attendance(origin(), t(0)).unwrap();
    store.add_service(&a.id, "irn-registo-criminal", t(1)).unwrap();
    store.set_outcome(&a.id, 0, Outcome::Concluido, t(2)).unwrap();
    store.end_attendance(&a.id, t(3)).unwrap();
    store
}

fn ids(store: &Store) -> Vec<String> {
    store
        .outbox_batch(100)
        .unwrap()
        .into_iter()
        .map(|e| e.record_id)
        .collect()
}

#[test]
fn a_batch_is_the_oldest_rows_in_order() {
    let dir = TempDir::new("sync-batch");
    let store = store_with_records(&dir);
    let batch = store.outbox_batch(3).unwrap();
    assert_eq!(batch.len(), 3);
    assert_eq!(
        batch.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(),
        ["attendance.started", "line.added", "line.outcome"]
    );
    assert!(batch.windows(2).all(|w| w[0].seq < w[1].seq));
    assert_eq!(store.outbox_batch(100).unwrap().len(), 4);
    assert_eq!(store.outbox_batch(0).unwrap().len(), 0);
}

#[test]
fn an_ack_deletes_exactly_the_acknowledged_rows() {
    let dir = TempDir::new("sync-ack");
    let mut store = store_with_records(&dir);
    let all = ids(&store);
    let acked = [all[0].clone(), all[2].clone(), "not-in-the-outbox".to_string()];
    assert_eq!(store.outbox_ack(&acked).unwrap(), 2);
    assert_eq!(ids(&store), [all[1].clone(), all[3].clone()]);
    // Acknowledging again (a resend after a crash) deletes nothing more.
    assert_eq!(store.outbox_ack(&acked).unwrap(), 0);
    assert_eq!(store.outbox_len().unwrap(), 2);
    assert_eq!(store.outbox_ack::<&str>(&[]).unwrap(), 0);
}

#[test]
fn a_failed_try_is_counted_and_the_row_stays() {
    let dir = TempDir::new("sync-failed");
    let mut store = store_with_records(&dir);
    let all = ids(&store);
    assert_eq!(store.outbox_mark_failed(&all[..2], "sync-offline").unwrap(), 2);
    assert_eq!(
        store.outbox_mark_failed(&all[..1], "sync-server-error").unwrap(),
        1
    );
    let batch = store.outbox_batch(100).unwrap();
    assert_eq!(batch.len(), 4);
    assert_eq!(
        (batch[0].attempts, batch[0].last_error.as_deref()),
        (2, Some("sync-server-error"))
    );
    assert_eq!(
        (batch[1].attempts, batch[1].last_error.as_deref()),
        (1, Some("sync-offline"))
    );
    assert_eq!((batch[2].attempts, batch[2].last_error.as_deref()), (0, None));
}

#[test]
fn a_refused_record_moves_whole_to_the_quarantine_and_stays_there() {
    let dir = TempDir::new("sync-quarantine");
    let mut store = store_with_records(&dir);
    let before = store.outbox_batch(100).unwrap();
    store
        .outbox_mark_failed(&[&before[1].record_id], "sync-offline")
        .unwrap();
    let moved = store.outbox_batch(100).unwrap()[1].clone();

    assert!(
        store
            .outbox_quarantine(&moved.record_id, "conflict", t(10))
            .unwrap()
    );
    // The second move finds nothing: the record is no longer in the outbox.
    assert!(
        !store
            .outbox_quarantine(&moved.record_id, "conflict", t(11))
            .unwrap()
    );
    assert!(
        !store
            .outbox_quarantine("no-such-record", "invalid", t(11))
            .unwrap()
    );

    assert_eq!(store.outbox_len().unwrap(), 3);
    assert!(!ids(&store).contains(&moved.record_id));
    assert_eq!(store.quarantine_len().unwrap(), 1);
    let q = store.quarantine_list().unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!(
        q[0].entry, moved,
        "the row is kept whole: seq, payload, attempts, last error"
    );
    assert_eq!((q[0].reason.as_str(), q[0].quarantined_at), ("conflict", t(10)));

    // Nothing deletes or edits it, whatever program opens the file; nor can its id come back.
    let conn = Connection::open(dir.db()).unwrap();
    for sql in ["DELETE FROM quarantine", "UPDATE quarantine SET reason = 'x'"] {
        assert!(conn.execute(sql, []).is_err(), "{sql}");
        let n: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM quarantine WHERE reason = 'conflict'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1, "{sql}");
    }
    let err = conn
        .execute(
            "INSERT INTO outbox (record_id, kind, attendance_id, payload, created_at) \
             VALUES (?1, 'line.added', 'a', '{}', 0)",
            [&moved.record_id],
        )
        .unwrap_err();
    assert!(err.to_string().contains("never both"), "{err}");
    let err = StoreError::from(conn.execute("DELETE FROM quarantine", []).unwrap_err());
    assert!(matches!(err, StoreError::Immutable { .. }), "{err:?}");
    drop(conn);

    // And it survives reopening the file.
    drop(store);
    let store = Store::open(&dir.db()).unwrap();
    assert_eq!(store.quarantine_list().unwrap()[0].entry, moved);
}

#[test]
fn every_record_is_in_exactly_one_place() {
    let dir = TempDir::new("sync-one-place");
    let mut store = store_with_records(&dir);
    let all = ids(&store);
    store.outbox_ack(&all[..1]).unwrap();
    store.outbox_quarantine(&all[1], "invalid", t(5)).unwrap();
    // Acknowledging a quarantined record does not touch the quarantine.
    assert_eq!(store.outbox_ack(&all[1..2]).unwrap(), 0);
    assert_eq!(store.outbox_mark_failed(&all[1..2], "x").unwrap(), 0);

    let outbox = ids(&store);
    let quarantine: Vec<String> = store
        .quarantine_list()
        .unwrap()
        .into_iter()
        .map(|q| q.entry.record_id)
        .collect();
    assert_eq!(outbox, all[2..].to_vec());
    assert_eq!(quarantine, all[1..2].to_vec());
}

#[test]
fn the_sync_state_round_trips_and_starts_empty() {
    let dir = TempDir::new("sync-state");
    let mut store = Store::open(&dir.db()).unwrap();
    assert_eq!(store.sync_state().unwrap(), SyncState::default());
    assert!(!store.sync_state().unwrap().is_enrolled());
    let state = SyncState {
        central_url: Some("https://central.ama.gov.pt".into()),
        device_id: Some("0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b".into()),
        spot: Some("EC-0427".into()),
        enrolled_at: Some(t(0)),
        last_success_at: Some(t(60)),
        last_error: Some("sync-offline".into()),
    };
    store.set_sync_state(&state).unwrap();
    drop(store);
    let store = Store::open(&dir.db()).unwrap();
    assert_eq!(store.sync_state().unwrap(), state);
    assert!(store.sync_state().unwrap().is_enrolled());
    // The row cannot be deleted, so the state never disappears.
    let conn = Connection::open(dir.db()).unwrap();
    assert!(conn.execute("DELETE FROM sync_state", []).is_err());
}

#[test]
fn the_cached_catalogue_never_goes_back_in_sequence() {
    let dir = TempDir::new("sync-catalogue");
    let mut store = Store::open(&dir.db()).unwrap();
    assert_eq!(store.cached_catalogue().unwrap(), None);
    let bundle = |sequence: i64, payload: &[u8]| CachedCatalogue {
        payload: payload.to_vec(),
        signature: vec![7; 64],
        sequence,
        etag: Some(format!("\"{sequence}\"")),
        fetched_at: t(sequence),
    };
    assert!(
        store
            .set_cached_catalogue(&bundle(12, b"{\"sequence\":12}"))
            .unwrap()
    );
    assert!(
        store
            .set_cached_catalogue(&bundle(13, b"{\"sequence\":13}"))
            .unwrap()
    );
    assert!(
        !store
            .set_cached_catalogue(&bundle(11, b"{\"sequence\":11}"))
            .unwrap()
    );
    assert_eq!(
        store.cached_catalogue().unwrap(),
        Some(bundle(13, b"{\"sequence\":13}"))
    );
    // The rest of the state is independent of the cache.
    let state = SyncState {
        spot: Some("EC-0427".into()),
        ..SyncState::default()
    };
    store.set_sync_state(&state).unwrap();
    assert_eq!(store.cached_catalogue().unwrap().unwrap().sequence, 13);
    assert_eq!(store.sync_state().unwrap(), state);
}
