//! The worker without a server: a counter that never enrolled, one whose server is unreachable, one
//! whose enrollment is for another spot. In each, records wait safely, the status says why, the UI is
//! told when it changes, and stopping is immediate.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_store::{Store, SyncState};
use balcao_sync::backoff::{Backoff, Rng};
use balcao_sync::worker::{Link, SyncWorker, WorkerConfig};
use balcao_sync::{SyncError, Token, TokenStore};
use common::{SPOT, TempDir, attendances, counter, mock_keyring, t, timing, wait_for};
use std::time::{Duration, Instant};

/// An address on this computer where nothing listens: every request is refused at once.
fn dead_address() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

fn enrolled(store: &mut Store, url: &str, spot: &str, tokens: &TokenStore) {
    store
        .set_sync_state(&SyncState {
            central_url: Some(url.into()),
            device_id: Some("device-1".into()),
            spot: Some(spot.into()),
            enrolled_at: Some(t(0)),
            ..SyncState::default()
        })
        .unwrap();
    tokens.set(&Token::new("test-token-worker".into())).unwrap();
}

#[test]
fn a_counter_that_never_enrolled_waits_quietly_and_counts_its_records() {
    mock_keyring();
    let dir = TempDir::new("worker-not-enrolled");
    let mut store = Store::open(&dir.db()).unwrap();
    attendances(&mut store, SPOT, 0, 1);
    let (timing, sleeps) = timing(1, Duration::from_millis(20));
    let mut config = WorkerConfig::new(dir.db(), SPOT).unwrap();
    config.timing = timing;
    config.tokens = TokenStore::new("balcao-test", "never-enrolled");
    let (repaint, repaints) = counter();
    let worker = SyncWorker::start(config, repaint).unwrap();

    let status = wait_for(&worker, Duration::from_secs(10), |s| s.link == Link::NotEnrolled);
    assert_eq!(status.waiting, 4);
    assert_eq!(status.last_error, Some(SyncError::NotEnrolled));
    assert!(*repaints.lock().unwrap() >= 1, "the UI was told");

    // The app writes more; the count follows, and nothing is sent anywhere.
    attendances(&mut store, SPOT, 600, 1);
    worker.records_changed();
    wait_for(&worker, Duration::from_secs(10), |s| s.waiting == 8);
    assert!(
        sleeps.lock().unwrap().is_empty(),
        "it waits for someone to act, not on a timer"
    );
    assert_eq!(
        store
            .outbox_batch(10)
            .unwrap()
            .iter()
            .map(|e| e.attempts)
            .sum::<i64>(),
        0
    );
}

#[test]
fn offline_records_wait_and_retries_back_off_with_full_jitter() {
    mock_keyring();
    let dir = TempDir::new("worker-offline");
    let mut store = Store::open(&dir.db()).unwrap();
    let tokens = TokenStore::new("balcao-test", "offline");
    enrolled(&mut store, &dead_address(), SPOT, &tokens);
    attendances(&mut store, SPOT, 0, 2);
    let seed = 99;
    let (timing, sleeps) = timing(seed, Duration::from_millis(5));
    let mut config = WorkerConfig::new(dir.db(), SPOT).unwrap();
    config.timing = timing;
    config.tokens = tokens;
    let (repaint, repaints) = counter();
    let worker = SyncWorker::start(config, repaint).unwrap();

    let status = wait_for(&worker, Duration::from_secs(20), |s| {
        s.link == Link::Offline && s.waiting == 8
    });
    assert_eq!(status.waiting, 8, "every record still waits");
    assert!(
        matches!(status.last_error, Some(SyncError::Offline { .. })),
        "{status:?}"
    );
    assert_eq!(status.last_success_at, None);
    // Let it fail a few more times, then stop it and look.
    let deadline = Instant::now() + Duration::from_secs(20);
    while sleeps.lock().unwrap().len() < 8 {
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(10));
    }
    worker.stop();
    assert!(*repaints.lock().unwrap() >= 1);

    // The waits are exactly the full-jitter delays of consecutive failures, from the seed.
    let sleeps = sleeps.lock().unwrap().clone();
    let backoff = Backoff::default();
    let mut rng = Rng::new(seed);
    let expected: Vec<Duration> = (0..sleeps.len() as u32)
        .map(|a| backoff.delay(a, &mut rng))
        .collect();
    assert_eq!(sleeps, expected);
    for (attempt, d) in sleeps.iter().enumerate() {
        assert!(*d <= backoff.ceiling(attempt as u32), "attempt {attempt}: {d:?}");
    }

    // Nothing left the outbox; the tries are counted on the records of the unanswered request.
    let rows = store.outbox_batch(100).unwrap();
    assert_eq!(rows.len(), 8);
    assert!(
        rows.iter()
            .all(|r| r.attempts >= 8 && r.last_error.as_deref() == Some("sync-offline"))
    );
    assert_eq!(store.quarantine_len().unwrap(), 0);
    assert_eq!(
        store.sync_state().unwrap().last_error.as_deref(),
        Some("sync-offline")
    );
}

#[test]
fn an_enrollment_for_another_spot_does_not_sync() {
    mock_keyring();
    let dir = TempDir::new("worker-other-spot");
    let mut store = Store::open(&dir.db()).unwrap();
    let tokens = TokenStore::new("balcao-test", "other-spot");
    enrolled(&mut store, &dead_address(), "EC-9999", &tokens);
    attendances(&mut store, SPOT, 0, 1);
    let (timing, sleeps) = timing(1, Duration::from_millis(5));
    let mut config = WorkerConfig::new(dir.db(), SPOT).unwrap();
    config.timing = timing;
    config.tokens = tokens;
    let worker = SyncWorker::start(config, Box::new(|| {})).unwrap();
    let status = wait_for(&worker, Duration::from_secs(10), |s| s.last_error.is_some());
    assert_eq!(status.link, Link::NotEnrolled);
    assert_eq!(
        status.last_error,
        Some(SyncError::SpotMismatch {
            code_spot: "EC-9999".into(),
            configured: SPOT.into()
        })
    );
    assert!(sleeps.lock().unwrap().is_empty());
    assert_eq!(
        store
            .outbox_batch(10)
            .unwrap()
            .iter()
            .map(|e| e.attempts)
            .sum::<i64>(),
        0
    );
}

#[test]
fn stopping_is_immediate_even_in_the_middle_of_a_long_backoff() {
    mock_keyring();
    let dir = TempDir::new("worker-stop");
    let mut store = Store::open(&dir.db()).unwrap();
    let tokens = TokenStore::new("balcao-test", "stop");
    enrolled(&mut store, &dead_address(), SPOT, &tokens);
    attendances(&mut store, SPOT, 0, 1);
    // Real sleeps, and a backoff whose first wait is at least an hour.
    let (timing, _) = timing(3, Duration::from_secs(24 * 3600));
    let mut config = WorkerConfig::new(dir.db(), SPOT).unwrap();
    config.timing = timing;
    config.tokens = tokens;
    config.backoff = Backoff {
        base: Duration::from_secs(3600),
        cap: Duration::from_secs(7200),
    };
    let worker = SyncWorker::start(config, Box::new(|| {})).unwrap();
    wait_for(&worker, Duration::from_secs(10), |s| s.link == Link::Offline);
    let started = Instant::now();
    drop(worker);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}
