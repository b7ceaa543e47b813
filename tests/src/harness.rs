//! What the sync tests and the sync benchmark share: the real central server over a throwaway
//! PostgreSQL, counters enrolled with it through the real enrollment, the real sync worker with fast
//! timing, and the comparison of what a counter wrote with what the server holds.
//!
//! Nothing here imitates the server. [`Central`] runs `balcao_central::app` over `AppState` on a real
//! TCP port of 127.0.0.1, on a runtime of its own, so stopping it (dropping the runtime) closes every
//! connection exactly as a server that went away would. The checks read the server's `records` and
//! statistics tables directly, because "the server holds each record once, with the payload the counter
//! wrote" is a statement about those tables, not about what an endpoint chooses to show.
//!
//! Helpers that fail panic with a message: this is test code, and a broken setup must stop the test
//! loudly.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::simulate::simulate_days;
use balcao_central::ratelimit::RateLimit;
use balcao_central::{AppState, Options, admin, api, bundle, db};
use balcao_core::attendance::{Origin, UtcMillis};
use balcao_core::catalogue::Catalogue;
use balcao_store::Store;
use balcao_sync::worker::{SyncWorker, Timing, WorkerConfig, system_now};
use balcao_sync::{EnrollRequest, TokenStore};
use deadpool_postgres::Pool;
use serde_json::Value;
use std::collections::BTreeMap;
use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Once, OnceLock};
use std::time::{Duration, Instant};

/// The repository's catalogue folder, which the server signs and serves.
pub fn repo_catalogue() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalogue")
}

/// The catalogue the counters use when they simulate their days (the embedded one), loaded once.
pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| balcao_catalogue::load(None).catalogue)
}

/// Server options whose rate limit never gets in a test's way.
pub fn unlimited() -> Options {
    Options {
        rate_limit: RateLimit {
            burst: 1_000_000,
            per_second: 1_000_000.0,
        },
        address_limit: balcao_central::ratelimit::RateLimit::UNLIMITED,
        ..Options::default()
    }
}

/// Runs a future to completion on a throwaway single-threaded runtime.
pub fn block_on<F: Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// The real central server on 127.0.0.1, on a runtime of its own.
pub struct Central {
    runtime: Option<tokio::runtime::Runtime>,
    state: AppState,
    /// Where it listens.
    pub addr: SocketAddr,
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// Its database.
    pub db_url: String,
}

impl Central {
    /// Starts a server over `db_url` (migrating it) with the repository's catalogue, on `port` (0: any
    /// free port).
    pub fn start(db_url: &str, port: u16, options: Options) -> Central {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let (state, listener) = runtime.block_on(async {
            let pool = db::pool(db_url, 8).unwrap();
            // The publicly known demo key, which the sync worker's built-in key verifies.
            let key = bundle::decode_signing_key(balcao_central::DEMO_SIGNING_KEY_FILE.as_bytes()).unwrap();
            let state = AppState::new(pool, &repo_catalogue(), key, options)
                .await
                .unwrap();
            let listener = bind(port).await;
            (state, listener)
        });
        let addr = listener.local_addr().unwrap();
        let app = balcao_central::app(state.clone());
        runtime.spawn(async move {
            let _ = balcao_central::serve(listener, app).await;
        });
        Central {
            runtime: Some(runtime),
            state,
            addr,
            base: format!("http://{addr}"),
            db_url: db_url.to_owned(),
        }
    }

    /// Runs `f` on the server's runtime (admin steps, checks, a fault proxy's task).
    pub fn block_on<F: Future>(&self, f: F) -> F::Output {
        self.runtime.as_ref().expect("the server is running").block_on(f)
    }

    /// The server's database pool.
    pub fn pool(&self) -> &Pool {
        self.state.pool()
    }

    /// The server's state (its current catalogue bundle, its pool).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Stops the server: every task and every connection.
    pub fn stop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_timeout(Duration::from_secs(2));
        }
    }
}

impl Drop for Central {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Binds 127.0.0.1:`port`, retrying for a few seconds while the port is still taken (a server that was
/// just killed, whose socket the kernel has not released yet).
pub async fn bind(port: u16) -> tokio::net::TcpListener {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
            Ok(listener) => return listener,
            Err(_) if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            Err(e) => panic!("cannot listen on 127.0.0.1:{port}: {e}"),
        }
    }
}

/// Installs the in-memory mock keyring as the default credential store, once per process.
pub fn mock_keyring() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| keyring_core::set_default_store(keyring_core::mock::Store::new().unwrap()));
}

/// A counter's origin at `spot`.
pub fn origin(spot: &str) -> Origin {
    Origin {
        spot: spot.into(),
        counter: "1".into(),
        mediator: "ana.sousa".into(),
    }
}

/// 2026-03-02T00:00:00Z: the first simulated day.
pub const DAY0: UtcMillis = UtcMillis(1_772_409_600_000);

/// One day in milliseconds.
pub const DAY_MS: i64 = 86_400_000;

/// Creates `spot` (if needed) and a one-time enrollment code for it, on the server's database.
pub async fn enrollment_code(pool: &Pool, spot: &str) -> String {
    let now = api::now_ms();
    admin::create_spot(pool, spot, &format!("Espaço do Cidadão {spot}"), now)
        .await
        .unwrap();
    admin::create_enrollment_code(pool, spot, now, now + DAY_MS)
        .await
        .unwrap()
}

/// A coordinator token (reads every spot's statistics).
pub async fn coordinator(pool: &Pool) -> String {
    admin::create_coordinator_token(pool, "Coordenação", api::now_ms())
        .await
        .unwrap()
}

/// Enrolls the counter whose store is `store` for `spot` through the real enrollment
/// (`balcao_sync::enroll` against the server at `base`, whose database is `pool`): the token goes to the
/// keyring entry `tokens` (the mock keyring), the enrollment to the store. Then, when `sync_url` is
/// given, points the enrollment at it (a fault proxy in front of the server). Returns the token.
pub async fn enroll_at(
    pool: &Pool,
    base: &str,
    store: &mut Store,
    spot: &str,
    tokens: &TokenStore,
    sync_url: Option<&str>,
) -> String {
    mock_keyring();
    let code = enrollment_code(pool, spot).await;
    // The store's audit key, when the test gave it one, is registered as a counter's would be.
    let audit_public_key = store.audit_public_key().unwrap();
    let request = EnrollRequest {
        central_url: base,
        code: &code,
        device_name: &format!("Balcão 1 — {spot}"),
        configured_spot: spot,
        audit_public_key: audit_public_key.as_deref(),
    };
    balcao_sync::enroll(store, tokens, &request, Default::default(), system_now())
        .await
        .unwrap();
    if let Some(url) = sync_url {
        let mut state = store.sync_state().unwrap();
        state.central_url = Some(url.to_owned());
        store.set_sync_state(&state).unwrap();
    }
    tokens
        .get()
        .unwrap()
        .expect("the token is in the keyring")
        .expose()
        .to_owned()
}

/// [`enroll_at`] the in-process `central`.
pub fn enroll(
    central: &Central,
    store: &mut Store,
    spot: &str,
    tokens: &TokenStore,
    sync_url: Option<&str>,
) -> String {
    central.block_on(enroll_at(
        central.pool(),
        &central.base,
        store,
        spot,
        tokens,
        sync_url,
    ))
}

/// What the worker asked to sleep, and how long it really slept.
#[derive(Debug, Default)]
pub struct Sleeps {
    /// Sleeps asked.
    pub count: AtomicU64,
    /// Their total, in milliseconds, as asked (the backoff's full-jitter delays, `Retry-After`, polls).
    pub asked_ms: AtomicU64,
}

/// Timing for tests: the system clock, a seed for the backoff's jitter, and a sleep that notes what it
/// was asked and waits at most `cap` for real. The delays are still computed by the real backoff
/// (full jitter over the real windows); only the waiting is cut short.
pub fn fast_timing(seed: u64, cap: Duration) -> (Timing, Arc<Sleeps>) {
    let sleeps = Arc::new(Sleeps::default());
    let noted = Arc::clone(&sleeps);
    let timing = Timing {
        clock: Arc::new(system_now),
        sleep: Arc::new(move |d| {
            noted.count.fetch_add(1, Ordering::Relaxed);
            noted.asked_ms.fetch_add(
                u64::try_from(d.as_millis()).unwrap_or(u64::MAX),
                Ordering::Relaxed,
            );
            Box::pin(tokio::time::sleep(d.min(cap)))
        }),
        seed,
    };
    (timing, sleeps)
}

/// A worker configuration for tests: the given store, spot, keyring entry, timing and batch size; short
/// request timeouts (everything is on loopback) and a short poll.
pub fn worker_config(
    db: &Path,
    spot: &str,
    tokens: &TokenStore,
    timing: Timing,
    batch: usize,
) -> WorkerConfig {
    let mut config = WorkerConfig::new(db.to_path_buf(), spot).unwrap();
    config.tokens = tokens.clone();
    config.timing = timing;
    config.batch_size = batch;
    config.poll_interval = Duration::from_millis(50);
    config.timeouts = balcao_sync::client::Timeouts {
        connect: Duration::from_secs(2),
        total: Duration::from_secs(10),
    };
    config
}

/// Starts a worker that does nothing on status changes.
pub fn start_worker(config: WorkerConfig) -> SyncWorker {
    SyncWorker::start(config, Box::new(|| {})).unwrap()
}

/// Polls `done` every few milliseconds until it holds or `within` passed; returns whether it held.
pub fn wait_until(within: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + within;
    loop {
        if done() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// One record as both sides keep it (the spot is the counter's, checked by the query).
#[derive(Debug, Clone, PartialEq)]
pub struct Held {
    /// The outbox kind.
    pub kind: String,
    /// The attendance or cash session.
    pub group_id: String,
    /// When it was made.
    pub created_at: i64,
    /// The payload, as a JSON value (so key order and spacing do not matter).
    pub payload: Value,
}

/// Every record in the counter's outbox, by id.
pub fn outbox_records(store: &Store) -> BTreeMap<String, Held> {
    store
        .outbox_batch(usize::MAX >> 1)
        .unwrap()
        .into_iter()
        .map(|e| {
            let payload = serde_json::from_str(&e.payload).unwrap();
            (
                e.record_id,
                Held {
                    kind: e.kind,
                    group_id: e.attendance_id,
                    created_at: e.created_at.0,
                    payload,
                },
            )
        })
        .collect()
}

/// What the server holds for a spot.
#[derive(Debug, Clone, Default)]
pub struct ServerSide {
    /// Its records, by id.
    pub records: BTreeMap<String, Held>,
    /// Rows of `records` for the spot (equal to `records.len()` unless an id is stored twice).
    pub rows: i64,
    /// Attendances counted (`stat_attendances`).
    pub attendances: i64,
    /// Service lines counted (`stat_lines`).
    pub services: i64,
    /// Payments counted (`stat_payments`), cancelled ones included.
    pub payments: i64,
    /// Cancellations (`stat_cancellations`) of this spot's payments.
    pub cancellations: i64,
}

/// Reads what the server holds for `spot`, straight from its tables.
pub async fn server_side(pool: &Pool, spot: &str) -> ServerSide {
    let client = pool.get().await.unwrap();
    let rows = client
        .query(
            "SELECT id::text, kind, group_id, created_at, payload::text FROM records WHERE spot_code = $1",
            &[&spot],
        )
        .await
        .unwrap();
    let records = rows
        .iter()
        .map(|row| {
            let payload: String = row.get(4);
            (
                row.get::<_, String>(0),
                Held {
                    kind: row.get(1),
                    group_id: row.get(2),
                    created_at: row.get(3),
                    payload: serde_json::from_str(&payload).unwrap(),
                },
            )
        })
        .collect();
    let count = |sql: &'static str| {
        let client = &client;
        async move { client.query_one(sql, &[&spot]).await.unwrap().get::<_, i64>(0) }
    };
    ServerSide {
        records,
        rows: count("SELECT count(*) FROM records WHERE spot_code = $1").await,
        attendances: count("SELECT count(*) FROM stat_attendances WHERE spot_code = $1").await,
        services: count(
            "SELECT count(*) FROM stat_lines l JOIN stat_attendances a USING (attendance_id) \
             WHERE a.spot_code = $1",
        )
        .await,
        payments: count("SELECT count(*) FROM stat_payments WHERE spot_code = $1").await,
        cancellations: count(
            "SELECT count(*) FROM stat_cancellations c JOIN stat_payments p USING (payment_id) \
             WHERE p.spot_code = $1",
        )
        .await,
    }
}

/// Compares what the counter made with what the server holds: the same ids, each once, each with the
/// same kind, group, time and payload. Returns a description of every difference.
pub fn compare(local: &BTreeMap<String, Held>, server: &ServerSide) -> Result<(), String> {
    let missing: Vec<&String> = local
        .keys()
        .filter(|id| !server.records.contains_key(*id))
        .collect();
    let extra: Vec<&String> = server
        .records
        .keys()
        .filter(|id| !local.contains_key(*id))
        .collect();
    let different: Vec<&String> = local
        .iter()
        .filter(|(id, held)| server.records.get(*id).is_some_and(|s| s != *held))
        .map(|(id, _)| id)
        .collect();
    let doubled = server.rows - i64::try_from(server.records.len()).unwrap_or(i64::MAX);
    if missing.is_empty() && extra.is_empty() && different.is_empty() && doubled == 0 {
        return Ok(());
    }
    let show = |ids: &[&String]| {
        ids.iter()
            .take(5)
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    Err(format!(
        "{} lost (e.g. {}), {} unknown to the counter (e.g. {}), {} with other content (e.g. {}), {} stored twice",
        missing.len(),
        show(&missing),
        extra.len(),
        show(&extra),
        different.len(),
        show(&different),
        doubled
    ))
}

/// What the counter's records say should be counted: (attendances, service lines, payments,
/// cancellations), from the `attendance.ended`, `cash.payment` and `cash.cancellation` records.
pub fn expected_counts(local: &BTreeMap<String, Held>) -> (i64, i64, i64, i64) {
    let mut counts = (0, 0, 0, 0);
    for held in local.values() {
        match held.kind.as_str() {
            "attendance.ended" => {
                counts.0 += 1;
                counts.1 += held.payload["lines"]
                    .as_array()
                    .map_or(0, |l| i64::try_from(l.len()).unwrap_or(0));
            }
            "cash.payment" => counts.2 += 1,
            "cash.cancellation" => counts.3 += 1,
            _ => {}
        }
    }
    counts
}

/// Checks the statistics the server derived against the counter's records: every attendance, line,
/// payment and cancellation counted exactly once.
pub fn compare_counts(local: &BTreeMap<String, Held>, server: &ServerSide) -> Result<(), String> {
    let expected = expected_counts(local);
    let found = (
        server.attendances,
        server.services,
        server.payments,
        server.cancellations,
    );
    if expected == found {
        Ok(())
    } else {
        Err(format!(
            "counted (attendances, lines, payments, cancellations) {found:?}, the counter made {expected:?}"
        ))
    }
}

/// A seed for run `n` of a series starting at `base` (splitmix64, so neighbouring runs differ in
/// every bit).
pub fn seed_of(base: u64, n: u64) -> u64 {
    let mut z = base.wrapping_add(n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A number from an environment variable, or `default` (a variable that is set but unreadable stops
/// the test rather than being silently ignored).
pub fn env_u64(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => {
            let v = v.trim();
            let parsed = v
                .strip_prefix("0x")
                .map_or_else(|| v.parse(), |hex| u64::from_str_radix(hex, 16));
            parsed.unwrap_or_else(|_| panic!("{name}={v:?} is not a number"))
        }
        Err(_) => default,
    }
}

/// The date (`YYYY-MM-DD`) on the mainland's clock of a time in milliseconds, as the server's
/// statistics key the days of a spot with the default time zone (the server computes it with
/// PostgreSQL's zone rules, this with jiff's: two independent readings of the same law).
pub fn lisbon_date(ms: i64) -> String {
    balcao_core::time::SpotZone::lisbon()
        .local(UtcMillis(ms))
        .day_key()
}

/// Per UTC day, what the counter's records say the server should count: (attendances, service lines)
/// by the day each attendance ended, and (payments, cents) of the payments not cancelled by the day each
/// was made; and the latter by entity too.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ExpectedStats {
    /// Day → (attendances, service lines).
    pub attendances_by_day: BTreeMap<String, (i64, i64)>,
    /// Day → (payments, cents collected).
    pub cash_by_day: BTreeMap<String, (i64, i64)>,
    /// Entity → (payments, cents collected).
    pub cash_by_entity: BTreeMap<String, (i64, i64)>,
}

/// Works out [`ExpectedStats`] from the counter's records alone.
pub fn expected_stats(local: &BTreeMap<String, Held>) -> ExpectedStats {
    let mut expected = ExpectedStats::default();
    let cancelled: std::collections::BTreeSet<&str> = local
        .values()
        .filter(|h| h.kind == "cash.cancellation")
        .filter_map(|h| h.payload["payment_id"].as_str())
        .collect();
    for held in local.values() {
        let p = &held.payload;
        match held.kind.as_str() {
            "attendance.ended" => {
                let entry = expected
                    .attendances_by_day
                    .entry(lisbon_date(p["ended_at"].as_i64().unwrap()))
                    .or_default();
                entry.0 += 1;
                entry.1 += i64::try_from(p["lines"].as_array().unwrap().len()).unwrap();
            }
            "cash.payment" if !cancelled.contains(p["id"].as_str().unwrap()) => {
                let cents = p["collected"].as_i64().unwrap();
                for (map, key) in [
                    (
                        &mut expected.cash_by_day,
                        lisbon_date(p["created_at"].as_i64().unwrap()),
                    ),
                    (
                        &mut expected.cash_by_entity,
                        p["entity_id"].as_str().unwrap().to_owned(),
                    ),
                ] {
                    let entry = map.entry(key).or_default();
                    entry.0 += 1;
                    entry.1 += cents;
                }
            }
            _ => {}
        }
    }
    expected
}

/// Asks the server's statistics endpoint `path` (`/v1/stats?…` or `/v1/stats/cash?…`) with `token`;
/// returns its rows as key → (the two counts, named `a` and `b` in the response).
pub async fn stats_rows(
    base: &str,
    token: &str,
    path: &str,
    a: &str,
    b: &str,
) -> BTreeMap<String, (i64, i64)> {
    let response = reqwest::Client::new()
        .get(format!("{base}{path}"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let body: Value = response.json().await.unwrap();
    body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["key"].as_str().unwrap().to_owned(),
                (row[a].as_i64().unwrap(), row[b].as_i64().unwrap()),
            )
        })
        .collect()
}

/// Sends records through a real client, as the worker's sink does.
pub struct ClientSink<'a> {
    /// The client.
    pub client: &'a balcao_sync::Client,
    /// The device token.
    pub token: &'a balcao_sync::Token,
}

impl balcao_sync::drain::RecordSink for ClientSink<'_> {
    async fn send(
        &self,
        records: &[balcao_sync::client::Record],
    ) -> Result<balcao_sync::client::RecordsReply, balcao_sync::SyncError> {
        self.client.post_records(self.token, records).await
    }
}

/// One sync cycle as the worker runs it, step by step and in the open: the outbox, the audit trail
/// and its checkpoint, then the spot's accounts (`accounts_etag` is the list held). Panics on any
/// failure, so a test sees exactly which step broke.
pub async fn sync_once(
    base: &str,
    store: &mut Store,
    token: &balcao_sync::Token,
    spot: &str,
    accounts_etag: &mut Option<String>,
) {
    let client = balcao_sync::Client::new(base).unwrap();
    let sink = ClientSink {
        client: &client,
        token,
    };
    let report = balcao_sync::drain::drain(store, &sink, spot, &system_now, 500)
        .await
        .unwrap();
    assert!(
        matches!(report.stop, balcao_sync::drain::Stop::Drained),
        "{:?}",
        report.stop
    );
    balcao_sync::audit::push(store, &client, token, &mut None)
        .await
        .unwrap();
    balcao_sync::accounts::pull(store, &client, token, accounts_etag)
        .await
        .unwrap();
}

/// Writes day `day` of the counter (a cash session and two or three attendances) and adds its records
/// to `made`.
pub fn write_day(store: &mut Store, spot: &str, day: u64, seed: u64, made: &mut BTreeMap<String, Held>) {
    let start = UtcMillis(DAY0.0 + i64::try_from(day).unwrap() * DAY_MS);
    let per_day = 2 + usize::try_from(seed % 2).unwrap();
    crate::simulate::simulate_days(store, catalogue(), &origin(spot), start, 1, per_day, seed).unwrap();
    made.extend(outbox_records(store));
}

/// The final check: nothing waiting, nothing quarantined, the server holding exactly what was made and
/// counting it once.
pub fn assert_exactly_once(server: &ServerSide, store: &Store, made: &BTreeMap<String, Held>) {
    assert_eq!(store.outbox_len().unwrap(), 0);
    assert_eq!(
        store.quarantine_len().unwrap(),
        0,
        "{:?}",
        store.quarantine_list().unwrap()
    );
    compare(made, server).unwrap();
    compare_counts(made, server).unwrap();
    println!(
        "  {} records made, {} on the server (each once); {} attendances, {} lines, {} payments, {} cancellations \
         counted once",
        made.len(),
        server.rows,
        server.attendances,
        server.services,
        server.payments,
        server.cancellations
    );
}

/// Writes simulated days into `store` until its outbox holds at least `records` rows.
pub fn fill_outbox(store: &mut Store, spot: &str, records: u64, seed: u64) {
    let mut day = 0i64;
    while store.outbox_len().unwrap() < records {
        let start = UtcMillis(DAY0.0 + day * DAY_MS);
        simulate_days(
            store,
            catalogue(),
            &origin(spot),
            start,
            1,
            12,
            seed + u64::try_from(day).unwrap(),
        )
        .unwrap();
        day += 1;
    }
}

/// The outbox rows of `store` as the records the worker would send.
pub fn outbox_as_sent(store: &Store, spot: &str) -> Vec<balcao_sync::client::Record> {
    store
        .outbox_batch(usize::MAX >> 1)
        .unwrap()
        .into_iter()
        .map(|e| balcao_sync::client::Record {
            id: e.record_id,
            kind: e.kind,
            spot: spot.to_owned(),
            group_id: e.attendance_id,
            created_at: e.created_at.0,
            payload: serde_json::from_str(&e.payload).unwrap(),
            minimised_from: None,
        })
        .collect()
}
