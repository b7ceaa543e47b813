//! End to end: the real sync worker against the real central server (`balcao-central` over a
//! throwaway PostgreSQL from `balcao-testkit`), with attendances written through the real store.
//!
//! What must hold, whatever the network does: a counter enrolls with a one-time code; its records reach
//! the agency and are counted exactly once, even when sent twice; a record the agency refuses is kept in
//! the quarantine forever; records written while the server is down wait and go when it comes back;
//! `429` is honoured; and the device token is in the keyring only, never in the SQLite file or the log.
//!
//! The server runs on its own multi-threaded runtime, so stopping it (dropping the runtime) closes every
//! connection, exactly like a server that went away. The worker's sleeps are recorded and cut to a few
//! milliseconds, so backoffs take no real time.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_central::{AppState, Options, admin, api, bundle, db, ratelimit::RateLimit};
use balcao_store::Store;
use balcao_sync::worker::{EnrollmentState, Link, SyncWorker, WorkerConfig};
use balcao_sync::{SyncError, TokenStore};
use balcao_testkit::PgCluster;
use common::{SPOT, TempDir, attendances, mock_keyring, timing, wait_for};
use rusqlite::Connection;
use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

const DAY: &str = "2026-03-02";
const WITHIN: Duration = Duration::from_secs(30);

/// Everything any code in this test binary logged, at every level.
fn captured_log() -> Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&log);
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || Writer(Arc::clone(&sink)))
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
        log
    })
    .clone()
}

struct Writer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Writer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs a future on a throwaway runtime (admin steps and checks, outside the worker and the server).
fn block_on<F: Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// A central server on `127.0.0.1:port` over the database `db_url`.
struct Central {
    runtime: Option<tokio::runtime::Runtime>,
    base: String,
}

impl Central {
    fn start(db_url: &str, port: u16, options: Options) -> Central {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let catalogue = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../catalogue");
        let key = bundle::decode_signing_key(balcao_central::DEMO_SIGNING_KEY_FILE.as_bytes()).unwrap();
        let db_url = db_url.to_owned();
        runtime.block_on(async move {
            let pool = db::pool(&db_url, 4).unwrap();
            let state = AppState::new(pool, &catalogue, key, options).await.unwrap();
            let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.unwrap();
            tokio::spawn(async move {
                let _ = balcao_central::serve(listener, balcao_central::app(state)).await;
            });
        });
        Central {
            runtime: Some(runtime),
            base: format!("http://127.0.0.1:{port}"),
        }
    }

    /// Stops the server: every task, every connection.
    fn stop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_timeout(Duration::from_secs(2));
        }
    }
}

impl Drop for Central {
    fn drop(&mut self) {
        self.stop();
    }
}

fn unlimited() -> Options {
    Options {
        rate_limit: RateLimit {
            burst: 100_000,
            per_second: 100_000.0,
        },
        address_limit: balcao_central::ratelimit::RateLimit::UNLIMITED,
        ..Options::default()
    }
}

/// Creates the spot (once per database) and a one-time enrollment code for it.
fn enrollment_code(db_url: &str, spot: &str) -> String {
    block_on(async {
        let pool = db::pool(db_url, 1).unwrap();
        let now = api::now_ms();
        let _ = admin::create_spot(&pool, spot, &format!("Espaço do Cidadão {spot}"), now).await;
        admin::create_enrollment_code(&pool, spot, now, now + 86_400_000)
            .await
            .unwrap()
    })
}

/// `GET /v1/stats?by=spot` for `DAY`, with the device token: (attendances, services) of the spot.
/// Retried while the server rate-limits the token.
fn stats(base: &str, token: &str) -> (i64, i64) {
    block_on(async {
        loop {
            let response = reqwest::Client::new()
                .get(format!("{base}/v1/stats?from={DAY}&to={DAY}&by=spot"))
                .bearer_auth(token)
                .send()
                .await
                .unwrap();
            if response.status() == 429 {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
            assert_eq!(response.status(), 200);
            let body: serde_json::Value = response.json().await.unwrap();
            let rows = body["rows"].as_array().unwrap();
            return rows.iter().find(|r| r["key"] == SPOT).map_or((0, 0), |r| {
                (
                    r["attendances"].as_i64().unwrap(),
                    r["services"].as_i64().unwrap(),
                )
            });
        }
    })
}

/// A worker for the counter whose database is `dir`, with its own keyring entry.
fn worker(dir: &TempDir, entry: &str) -> (SyncWorker, TokenStore, Arc<Mutex<Vec<Duration>>>) {
    worker_with_key(dir, entry, None)
}

/// [`worker`] with the device's audit key.
fn worker_with_key(
    dir: &TempDir,
    entry: &str,
    audit_key: Option<balcao_audit::DeviceKey>,
) -> (SyncWorker, TokenStore, Arc<Mutex<Vec<Duration>>>) {
    mock_keyring();
    captured_log();
    let tokens = TokenStore::new("balcao-e2e", entry);
    let (timing, sleeps) = timing(5, Duration::from_millis(20));
    let mut config = WorkerConfig::new(dir.db(), SPOT).unwrap();
    config.audit_key = audit_key;
    config.timing = timing;
    config.tokens = tokens.clone();
    (
        SyncWorker::start(config, Box::new(|| {})).unwrap(),
        tokens,
        sleeps,
    )
}

fn enroll(worker: &SyncWorker, base: &str, db_url: &str) {
    worker.enroll(
        base,
        &enrollment_code(db_url, SPOT),
        "Balcão 2 — Junta de Vinhais",
    );
    let status = wait_for(worker, WITHIN, |s| {
        !matches!(s.enrollment, EnrollmentState::Idle | EnrollmentState::InProgress)
    });
    assert_eq!(
        status.enrollment,
        EnrollmentState::Succeeded { spot: SPOT.into() }
    );
}

/// Waits until the outbox is empty (read from the file, not from a status that may predate the last
/// write) and the worker says so.
fn drained(worker: &SyncWorker, store: &Store) -> balcao_sync::SyncStatus {
    wait_for(worker, WITHIN, |s| {
        store.outbox_len().unwrap() == 0
            && s.link == Link::Online
            && s.waiting == 0
            && s.last_success_at.is_some()
    })
}

#[test]
fn records_are_counted_once_even_when_sent_twice_and_the_token_stays_in_the_keyring() {
    let db_url = PgCluster::shared().create_database();
    let central = Central::start(&db_url, balcao_testkit::free_port(), unlimited());
    let dir = TempDir::new("e2e-count");
    let mut store = Store::open(&dir.db()).unwrap();
    // Three attendances recorded before the counter was even enrolled.
    attendances(&mut store, SPOT, 0, 3);
    let first_send = store.outbox_batch(100).unwrap();
    assert_eq!(first_send.len(), 12);

    let (worker, tokens, _) = worker(&dir, "count");
    wait_for(&worker, WITHIN, |s| {
        s.link == Link::NotEnrolled && s.waiting == 12
    });
    enroll(&worker, &central.base, &db_url);
    worker.records_changed();
    let status = drained(&worker, &store);
    assert_eq!((status.quarantined, status.last_error.clone()), (0, None));
    let token = tokens.get().unwrap().expect("the token is in the keyring");
    assert_eq!(stats(&central.base, token.expose()), (3, 3));

    // The same records again (a crash between sending and deleting, a restored backup): acknowledged as
    // duplicates, deleted, and not counted again.
    {
        let conn = Connection::open(dir.db()).unwrap();
        for e in &first_send {
            conn.execute(
                "INSERT INTO outbox (record_id, kind, attendance_id, payload, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![e.record_id, e.kind, e.attendance_id, e.payload, e.created_at.0],
            )
            .unwrap();
        }
    }
    worker.records_changed();
    drained(&worker, &store);
    assert_eq!(stats(&central.base, token.expose()), (3, 3));

    // The signed catalogue arrived, verified with the key built in, and is what the app will load.
    let status = worker.status();
    let catalogue = status.catalogue.expect("a catalogue from the central");
    assert!(catalogue.sequence >= 1 && !catalogue.expired, "{catalogue:?}");
    assert_eq!(status.catalogue_error, None);
    let loaded = balcao_sync::cached_catalogue(&store).expect("the cached catalogue verifies");
    assert!(!loaded.services.is_empty());

    // The enrollment is in the store; the token is not, nor in anything logged.
    let state = store.sync_state().unwrap();
    assert_eq!(
        (state.central_url.as_deref(), state.spot.as_deref()),
        (Some(central.base.as_str()), Some(SPOT))
    );
    assert!(state.device_id.is_some());
    worker.stop();
    drop(store);
    let secret = token.expose().as_bytes();
    assert!(secret.len() >= 32);
    let db = dir.db_bytes();
    assert!(
        !db.windows(secret.len()).any(|w| w == secret),
        "the token is in the SQLite file"
    );
    let log = captured_log().lock().unwrap().clone();
    assert!(!log.is_empty(), "something was logged");
    assert!(
        !log.windows(secret.len()).any(|w| w == secret),
        "the token is in the log"
    );
}

#[test]
fn the_worker_sends_the_audit_trail_with_the_key_it_registered_and_stops_when_revoked() {
    let db_url = PgCluster::shared().create_database();
    let central = Central::start(&db_url, balcao_testkit::free_port(), unlimited());
    let dir = TempDir::new("e2e-audit");
    mock_keyring();
    let key = balcao_sync::AuditKeyStore::new("balcao-e2e", "audit-key")
        .get_or_create()
        .unwrap();
    // The same key comes back from the keyring: it is made once.
    let again = balcao_sync::AuditKeyStore::new("balcao-e2e", "audit-key")
        .get()
        .unwrap();
    assert_eq!(again.map(|k| k.public()), Some(key.public()));
    let mut store = Store::open(&dir.db()).unwrap();
    store.set_audit_key(Some(key.clone())).unwrap();
    attendances(&mut store, SPOT, 0, 2);
    let (worker, _, _) = worker_with_key(&dir, "audit", Some(key.clone()));
    enroll(&worker, &central.base, &db_url);
    worker.records_changed();
    drained(&worker, &store);
    let head = store.audit_head().unwrap();
    assert_eq!(head.seq, 8);
    wait_until_true(|| store.audit_sent_seq().unwrap() == head.seq);
    let (registered, verified, alerts, checkpoint) = block_on(async {
        let client = db::pool(&db_url, 1).unwrap().get().await.unwrap();
        let one = |sql: &'static str| {
            let client = &client;
            async move { client.query_one(sql, &[]).await.unwrap() }
        };
        (
            one("SELECT audit_public_key FROM devices")
                .await
                .get::<_, Option<String>>(0),
            one("SELECT count(*) FROM audit_entries").await.get::<_, i64>(0),
            one("SELECT count(*) FROM audit_alerts").await.get::<_, i64>(0),
            one("SELECT checkpoint_seq FROM audit_heads")
                .await
                .get::<_, i64>(0),
        )
    });
    assert_eq!(registered, Some(key.public().to_hex()));
    // The last entries and the checkpoint of the head travel in one request.
    assert_eq!((verified, alerts, checkpoint), (8, 0, 8));

    // The next sync tells the server which catalogue the counter now holds, and brings the spot's
    // accounts made meanwhile.
    block_on(async {
        let pool = db::pool(&db_url, 1).unwrap();
        balcao_central::accounts::create(
            &pool,
            "ana.sousa",
            "Ana Sousa",
            "mediador",
            &[SPOT.into()],
            api::now_ms(),
            14,
        )
        .await
        .unwrap();
    });
    attendances(&mut store, SPOT, 5, 1);
    worker.records_changed();
    drained(&worker, &store);
    wait_until_true(|| store.account("ana.sousa").unwrap().is_some());

    // The coordination revokes this PC: the worker stops, and says so with their reason.
    let reason = "PC substituído; contacte a coordenação";
    block_on(async {
        let pool = db::pool(&db_url, 1).unwrap();
        let devices = balcao_central::fleet::list_devices(&pool).await.unwrap();
        assert_eq!(
            Some(devices[0].id.to_string()),
            store.sync_state().unwrap().device_id
        );
        // It said what it runs.
        assert_eq!(devices[0].app_version.as_deref(), Some(env!("CARGO_PKG_VERSION")));
        assert!(devices[0].catalogue_sequence.is_some());
        balcao_central::fleet::revoke_device(&pool, devices[0].id, reason, api::now_ms())
            .await
            .unwrap();
    });
    attendances(&mut store, SPOT, 10, 1);
    worker.records_changed();
    let status = wait_for(&worker, WITHIN, |s| s.link == Link::Refused);
    assert_eq!(
        status.last_error,
        Some(SyncError::DeviceRevoked {
            reason: reason.into()
        })
    );
    assert_eq!(
        store.outbox_len().unwrap(),
        4,
        "the records wait, nothing is lost"
    );
    worker.stop();
}

/// Waits (up to [`WITHIN`]) until `done` holds.
fn wait_until_true(done: impl Fn() -> bool) {
    let start = std::time::Instant::now();
    while !done() {
        assert!(start.elapsed() < WITHIN, "timed out");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_refused_record_lands_in_the_quarantine_and_stays() {
    let db_url = PgCluster::shared().create_database();
    let central = Central::start(&db_url, balcao_testkit::free_port(), unlimited());
    let dir = TempDir::new("e2e-quarantine");
    let mut store = Store::open(&dir.db()).unwrap();
    let (worker, tokens, _) = worker(&dir, "quarantine");
    enroll(&worker, &central.base, &db_url);
    attendances(&mut store, SPOT, 0, 1);
    let sent = store.outbox_batch(1).unwrap().remove(0);
    worker.records_changed();
    drained(&worker, &store);

    // A record id the agency already holds, with other content (a conflict), and a record of a kind the
    // agency does not know (invalid), between two good attendances.
    attendances(&mut store, SPOT, 600, 1);
    {
        let conn = Connection::open(dir.db()).unwrap();
        conn.execute(
            "INSERT INTO outbox (record_id, kind, attendance_id, payload, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![sent.record_id, sent.kind, sent.attendance_id, sent.payload.replace("ana.sousa", "outra"), sent.created_at.0],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO outbox (record_id, kind, attendance_id, payload, created_at) \
             VALUES ('0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', 'attendance.teleported', 'x', '{}', 1)",
            [],
        )
        .unwrap();
    }
    attendances(&mut store, SPOT, 1200, 1);
    worker.records_changed();
    let status = wait_for(&worker, WITHIN, |s| {
        store.outbox_len().unwrap() == 0 && s.waiting == 0 && s.quarantined == 2
    });
    assert_eq!(status.link, Link::Online);

    let q = store.quarantine_list().unwrap();
    let reasons: Vec<(&str, &str)> = q
        .iter()
        .map(|r| (r.entry.record_id.as_str(), r.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            (sent.record_id.as_str(), "conflict"),
            ("0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "invalid")
        ]
    );
    let token = tokens.get().unwrap().unwrap();
    assert_eq!(
        stats(&central.base, token.expose()),
        (3, 3),
        "the good records around them went through"
    );

    // The worker goes on syncing, and the quarantine is never emptied, not even by hand.
    attendances(&mut store, SPOT, 1800, 1);
    worker.records_changed();
    drained(&worker, &store);
    worker.stop();
    assert_eq!(store.quarantine_len().unwrap(), 2);
    let conn = Connection::open(dir.db()).unwrap();
    assert!(conn.execute("DELETE FROM quarantine", []).is_err());
    assert_eq!(store.quarantine_len().unwrap(), 2);
}

#[test]
fn offline_records_wait_and_go_when_the_server_comes_back() {
    let db_url = PgCluster::shared().create_database();
    let port = balcao_testkit::free_port();
    let mut central = Central::start(&db_url, port, unlimited());
    let dir = TempDir::new("e2e-offline");
    let mut store = Store::open(&dir.db()).unwrap();
    let (worker, tokens, sleeps) = worker(&dir, "offline");
    enroll(&worker, &central.base, &db_url);
    worker.records_changed();
    drained(&worker, &store);

    // The server goes away; the mediator keeps working.
    central.stop();
    attendances(&mut store, SPOT, 0, 2);
    worker.records_changed();
    let status = wait_for(&worker, WITHIN, |s| s.link == Link::Offline);
    assert_eq!(status.waiting, 8);
    assert!(
        matches!(status.last_error, Some(SyncError::Offline { .. })),
        "{status:?}"
    );
    assert_eq!(store.outbox_len().unwrap(), 8);
    let failures_before = sleeps.lock().unwrap().len();

    // It comes back (same address, same database): the backoff finds it and everything goes.
    let central = Central::start(&db_url, port, unlimited());
    let status = drained(&worker, &store);
    assert_eq!((status.last_error, status.quarantined), (None, 0));
    assert!(
        sleeps.lock().unwrap().len() > failures_before,
        "it waited between tries"
    );
    let token = tokens.get().unwrap().unwrap();
    assert_eq!(stats(&central.base, token.expose()), (2, 2));
    worker.stop();
}

#[test]
fn a_rate_limited_counter_waits_what_the_server_says_and_gets_through() {
    let db_url = PgCluster::shared().create_database();
    let options = Options {
        rate_limit: RateLimit {
            burst: 2,
            per_second: 20.0,
        },
        ..Options::default()
    };
    let central = Central::start(&db_url, balcao_testkit::free_port(), options);
    let dir = TempDir::new("e2e-429");
    let mut store = Store::open(&dir.db()).unwrap();
    attendances(&mut store, SPOT, 0, 2);
    mock_keyring();
    let tokens = TokenStore::new("balcao-e2e", "rate-limited");
    let (timing, sleeps) = timing(5, Duration::from_millis(20));
    let mut config = WorkerConfig::new(dir.db(), SPOT).unwrap();
    config.timing = timing;
    config.tokens = tokens.clone();
    // One record per request: eight requests, far over a burst of two.
    config.batch_size = 1;
    let worker = SyncWorker::start(config, Box::new(|| {})).unwrap();
    enroll(&worker, &central.base, &db_url);
    worker.records_changed();
    drained(&worker, &store);
    worker.stop();
    // The waits include the server's Retry-After (whole seconds), not only the poll interval.
    let sleeps = sleeps.lock().unwrap().clone();
    assert!(sleeps.contains(&Duration::from_secs(1)), "{sleeps:?}");
    let token = tokens.get().unwrap().unwrap();
    assert_eq!(stats(&central.base, token.expose()), (2, 2));
    assert_eq!(store.quarantine_len().unwrap(), 0);
}

#[test]
fn an_enrollment_that_cannot_be_completed_keeps_nothing() {
    let db_url = PgCluster::shared().create_database();
    let central = Central::start(&db_url, balcao_testkit::free_port(), unlimited());
    let dir = TempDir::new("e2e-enroll");
    let store = Store::open(&dir.db()).unwrap();
    let (worker, tokens, _) = worker(&dir, "enroll");
    // Each try ends by enrolling with a refused address, a marker no real try produces, so waiting
    // for "failed, and not the marker" never reads the previous try's result.
    let marker = || SyncError::InsecureUrl {
        url: "http://marker.invalid".into(),
    };
    let failed = |code: &str| {
        worker.enroll(&central.base, code, "Balcão 2");
        let status = wait_for(
            &worker,
            WITHIN,
            |s| matches!(&s.enrollment, EnrollmentState::Failed(e) if *e != marker()),
        );
        worker.enroll("http://marker.invalid", "x", "x");
        wait_for(&worker, WITHIN, |s| {
            s.enrollment == EnrollmentState::Failed(marker())
        });
        status.enrollment
    };

    // A code for another spot: refused by the counter, before the token is kept anywhere.
    let other = enrollment_code(&db_url, "EC-0001");
    assert_eq!(
        failed(&other),
        EnrollmentState::Failed(SyncError::SpotMismatch {
            code_spot: "EC-0001".into(),
            configured: SPOT.into()
        })
    );
    // A code already used (the one just spent) or made up: refused by the server.
    assert_eq!(
        failed(&other),
        EnrollmentState::Failed(SyncError::EnrollCodeRefused)
    );
    assert_eq!(
        failed("AAAA-BBBB-CCCC"),
        EnrollmentState::Failed(SyncError::EnrollCodeRefused)
    );
    // The keyring failing: the server spent the code, but the counter keeps no half enrollment.
    let entry = keyring_core::Entry::new("balcao-e2e", "enroll").unwrap();
    let mock: &keyring_core::mock::Cred = entry.as_any().downcast_ref().unwrap();
    mock.set_error(keyring_core::Error::NoStorageAccess(Box::new(
        std::io::Error::other("locked"),
    )));
    let code = enrollment_code(&db_url, SPOT);
    assert!(matches!(
        failed(&code),
        EnrollmentState::Failed(SyncError::KeyringUnavailable { .. })
    ));

    assert_eq!(tokens.get().unwrap(), None);
    assert!(!store.sync_state().unwrap().is_enrolled());
    // An http address to another computer is refused before anything is sent.
    worker.enroll("http://central.example.pt", "AAAA-BBBB-CCCC", "x");
    wait_for(
        &worker,
        WITHIN,
        |s| matches!(&s.enrollment, EnrollmentState::Failed(SyncError::InsecureUrl { url }) if url == "http://central.example.pt"),
    );
    worker.stop();
}

#[test]
fn the_sealing_key_is_made_once_and_never_replaced_by_another() {
    mock_keyring();
    let store = balcao_sync::VaultKeyStore::new("balcao-e2e", "vault-key");
    assert_eq!(store.get().unwrap(), None);
    let key = store.get_or_create().unwrap();
    assert_eq!(store.get_or_create().unwrap(), key, "the same key comes back");
    // An entry that holds no key is an error, not a reason to make a new key (that would leave every
    // sealed value unreadable).
    balcao_sync::TokenStore::new("balcao-e2e", "vault-key-broken")
        .set(&balcao_sync::Token::new("not a key".into()))
        .unwrap();
    let broken = balcao_sync::VaultKeyStore::new("balcao-e2e", "vault-key-broken");
    assert!(broken.get_or_create().is_err());
}

/// The catalogue a device last reported, as the coordination's `device list` shows it.
fn reported_catalogue(db_url: &str) -> Option<i64> {
    block_on(async {
        let pool = db::pool(db_url, 1).unwrap();
        let devices = balcao_central::fleet::list_devices(&pool).await.unwrap();
        assert_eq!(devices.len(), 1);
        devices[0].catalogue_sequence
    })
}

#[test]
fn the_central_is_told_the_catalogue_the_app_runs_not_the_one_the_worker_holds() {
    let db_url = PgCluster::shared().create_database();
    let central = Central::start(&db_url, balcao_testkit::free_port(), unlimited());
    let dir = TempDir::new("e2e-catalogue-in-use");
    let mut store = Store::open(&dir.db()).unwrap();
    attendances(&mut store, SPOT, 0, 1);
    mock_keyring();
    captured_log();
    let (timing, _) = timing(7, Duration::from_millis(20));
    let mut config = WorkerConfig::new(dir.db(), SPOT).unwrap();
    config.timing = timing;
    config.tokens = TokenStore::new("balcao-e2e", "catalogue-in-use");
    // The app started on the catalogue built into the program.
    config.catalogue_in_use = balcao_sync::CatalogueInUse::Running(None);
    let worker = SyncWorker::start(config, Box::new(|| {})).unwrap();
    enroll(&worker, &central.base, &db_url);
    worker.records_changed();
    drained(&worker, &store);

    // The worker fetched, verified and cached the central's bundle, and leaves its catalogue for the
    // app, once.
    let held = wait_for(&worker, WITHIN, |s| s.catalogue.is_some())
        .catalogue
        .unwrap();
    let accepted = worker
        .take_accepted_catalogue()
        .expect("the catalogue left for the app");
    assert_eq!(accepted.info.sequence, held.sequence);
    assert_eq!(accepted.info.version, held.version);
    assert!(!accepted.catalogue.services.is_empty());
    assert!(worker.take_accepted_catalogue().is_none());

    // More requests go, but the app has not started using it: the central does not think it has.
    attendances(&mut store, SPOT, 5, 1);
    worker.records_changed();
    drained(&worker, &store);
    assert_eq!(reported_catalogue(&db_url), None);

    // The app uses it (its attendance ended): the central learns it at the next request.
    worker.catalogue_in_use(Some(accepted.info.sequence));
    let start = std::time::Instant::now();
    while reported_catalogue(&db_url) != Some(accepted.info.sequence) {
        assert!(
            start.elapsed() < WITHIN,
            "the central never learnt the catalogue in use"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    worker.stop();
}
