//! The sync worker through a network that breaks on purpose: every record reaches the agency exactly
//! once, whatever happens to the exchanges.
//!
//! A counter in a van loses its link in the middle of a request, a parish router drops a response the
//! server already committed, a load balancer answers 503 or 429. The worker's promise ("a record leaves
//! the outbox only because the server answered for it; the server stores each id once") must hold for
//! every sequence of such faults, not only for the few a hand-written test thinks of. So each run puts the
//! [`FaultProxy`] between the real worker and the real server (`balcao-central` over a throwaway
//! PostgreSQL), picks the faults from a seed, and at the end compares the server's `records` table with
//! what the counter wrote: the same ids, each once, each with the same content, every attendance and
//! payment counted once, and nothing quarantined (no fault may make a good record look refused).
//!
//! **200 seeded runs** by default, each a fresh counter (its own spot, store file and device token) with a
//! few dozen records of every kind (attendances and cash, from `simulate_days`), sent in small batches so
//! that each run makes several requests; half the requests get a fault. The worker's backoff computes
//! its real full-jitter delays, but the sleeps are cut to 2 ms. `BALCAO_SYNC_FAULT_RUNS` and
//! `BALCAO_SYNC_FAULT_SEED` (the base seed; run n's seed is derived from it and n, and printed) make a
//! longer soak or replay a failure: the failure message names the two values that run the failed run
//! again with the same sequence of faults.
//!
//! The comparison itself is tested: a worker that acknowledges its records without waiting for the
//! server's answer, sent through the same faults, must be caught losing records.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_core::attendance::UtcMillis;
use balcao_store::Store;
use balcao_sync::client::{Record, RecordResult, RecordStatus, RecordsReply};
use balcao_sync::drain::{self, RecordSink};
use balcao_sync::worker::system_now;
use balcao_sync::{Client, SyncError, Token, TokenStore};
use balcao_testkit::{PgCluster, TempDir};
use balcao_tests::fault_proxy::{FaultProxy, Plan};
use balcao_tests::harness::{
    Central, DAY_MS, DAY0, compare, compare_counts, enroll, env_u64, fast_timing, origin, outbox_records,
    seed_of, server_side, start_worker, unlimited, wait_until, worker_config,
};
use balcao_tests::simulate::simulate_days;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Runs by default: enough that every kind of fault hits every kind of request many times.
const DEFAULT_RUNS: u64 = 200;

/// The default base seed.
const DEFAULT_SEED: u64 = 0x00BA_1CA0_FA17;

/// Runs in flight at once: the worker, the proxy and the server mostly wait on each other, so a few runs
/// side by side use two cores better than one at a time.
const PARALLEL: u64 = 3;

/// How long one run may take before it counts as failed (it normally takes well under a second).
const RUN_LIMIT: Duration = Duration::from_secs(30);

/// What one run did.
struct Run {
    records: usize,
    requests: u64,
    faults: u64,
    backoff_asked_ms: u64,
}

/// One seeded run: a fresh counter, its records through the faulty proxy, and the comparison.
fn one_run(central: &Central, dir: &TempDir, n: u64, seed: u64) -> Result<Run, String> {
    let spot = format!("EC-F{n:05}");
    let db = dir.path().join(format!("{spot}.sqlite3"));
    let mut store = Store::open(&db).unwrap();
    // Two to four attendances of one to three services, their payments and the odd cancellation, and
    // the day's cash session opened and closed: a few dozen records of every kind.
    let per_day = 2 + usize::try_from(seed % 3).unwrap();
    let start = UtcMillis(DAY0.0 + i64::try_from(n % 365).unwrap() * DAY_MS);
    simulate_days(
        &mut store,
        balcao_tests::harness::catalogue(),
        &origin(&spot),
        start,
        1,
        per_day,
        seed,
    )
    .unwrap();
    let proxy = central
        .block_on(FaultProxy::start(
            central.addr,
            Plan {
                seed,
                pass_percent: 50,
            },
        ))
        .unwrap();
    let tokens = TokenStore::new("balcao-faults", &spot);
    enroll(
        central,
        &mut store,
        &spot,
        &tokens,
        Some(&format!("http://{}", proxy.addr())),
    );
    let local = outbox_records(&store);

    let (timing, sleeps) = fast_timing(seed, Duration::from_millis(2));
    // Three to seven records a request: several requests a run, each its own chance of a fault.
    let batch = 3 + usize::try_from(seed % 5).unwrap();
    let worker = start_worker(worker_config(&db, &spot, &tokens, timing, batch));
    let drained = wait_until(RUN_LIMIT, || store.outbox_len().unwrap() == 0);
    let status = worker.status();
    worker.stop();
    let (requests, faults) = proxy.counts();
    drop(proxy);
    if !drained {
        return Err(format!(
            "the outbox still holds {} of {} records after {RUN_LIMIT:?}; last status {status:?}",
            store.outbox_len().unwrap(),
            local.len()
        ));
    }
    let quarantined = store.quarantine_list().unwrap();
    if !quarantined.is_empty() {
        return Err(format!(
            "{} records quarantined: {quarantined:?}",
            quarantined.len()
        ));
    }
    let server = central.block_on(server_side(central.pool(), &spot));
    compare(&local, &server)?;
    compare_counts(&local, &server)?;
    Ok(Run {
        records: local.len(),
        requests,
        faults,
        backoff_asked_ms: sleeps.asked_ms.load(Ordering::Relaxed),
    })
}

#[test]
fn every_record_reaches_the_server_exactly_once_through_seeded_network_faults() {
    let runs = env_u64("BALCAO_SYNC_FAULT_RUNS", DEFAULT_RUNS);
    let base = env_u64("BALCAO_SYNC_FAULT_SEED", DEFAULT_SEED);
    println!(
        "sync faults: {runs} runs, base seed {base:#x} (BALCAO_SYNC_FAULT_RUNS, BALCAO_SYNC_FAULT_SEED)"
    );
    let central = Central::start(&PgCluster::shared().create_database(), 0, unlimited());
    let dir = TempDir::new("balcao-sync-faults");
    let started = Instant::now();
    let next = AtomicU64::new(0);
    let failures = Mutex::new(Vec::new());
    let totals = Mutex::new((0usize, 0u64, 0u64, 0u64));
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL.min(runs.max(1)) {
            scope.spawn(|| {
                loop {
                    let n = next.fetch_add(1, Ordering::SeqCst);
                    if n >= runs {
                        return;
                    }
                    let seed = seed_of(base, n);
                    let t = Instant::now();
                    match one_run(&central, &dir, n, seed) {
                        Ok(run) => {
                            println!(
                                "run {n:3} seed {seed:#018x}: {:2} records, {:2} requests, {:2} faults, \
                                 backoff asked {:6} ms, {:4} ms",
                                run.records,
                                run.requests,
                                run.faults,
                                run.backoff_asked_ms,
                                t.elapsed().as_millis()
                            );
                            let mut totals = totals.lock().unwrap();
                            totals.0 += run.records;
                            totals.1 += run.requests;
                            totals.2 += run.faults;
                            totals.3 += 1;
                        }
                        Err(why) => {
                            println!("run {n:3} seed {seed:#018x}: FAILED: {why}");
                            failures.lock().unwrap().push(format!(
                                "run {n}, seed {seed:#x} (replay: BALCAO_SYNC_FAULT_SEED={base:#x} \
                                 BALCAO_SYNC_FAULT_RUNS={}): {why}",
                                n + 1
                            ));
                        }
                    }
                }
            });
        }
    });
    let (records, requests, faults, passed) = *totals.lock().unwrap();
    println!(
        "sync faults: {passed} of {runs} runs exact; {records} records, {requests} requests, {faults} faults \
         injected, in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} runs failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(passed, runs);
    // The faults did happen: a run of passes only would prove nothing.
    assert!(faults * 4 > requests, "{faults} faults in {requests} requests");
}

/// A broken worker: it sends each request but acknowledges every record whatever the answer, as if it
/// deleted its outbox rows before the server replied.
struct AcksEarly {
    client: Client,
    token: Token,
}

impl RecordSink for AcksEarly {
    async fn send(&self, records: &[Record]) -> Result<RecordsReply, SyncError> {
        let _ignored = self.client.post_records(&self.token, records).await;
        Ok(RecordsReply::Results(
            records
                .iter()
                .map(|r| RecordResult {
                    id: r.id.clone(),
                    status: RecordStatus::Stored,
                    reason: None,
                })
                .collect(),
        ))
    }
}

#[test]
fn the_comparison_catches_a_worker_that_acknowledges_before_the_server_answers() {
    let central = Central::start(&PgCluster::shared().create_database(), 0, unlimited());
    let dir = TempDir::new("balcao-sync-faults-broken");
    let spot = "EC-BROKEN";
    let db = dir.path().join("broken.sqlite3");
    let mut store = Store::open(&db).unwrap();
    simulate_days(
        &mut store,
        balcao_tests::harness::catalogue(),
        &origin(spot),
        DAY0,
        2,
        3,
        11,
    )
    .unwrap();
    let seed = 0x0BAD;
    let proxy = central
        .block_on(FaultProxy::start(
            central.addr,
            Plan {
                seed,
                pass_percent: 30,
            },
        ))
        .unwrap();
    let url = format!("http://{}", proxy.addr());
    let tokens = TokenStore::new("balcao-faults", spot);
    let token = enroll(&central, &mut store, spot, &tokens, Some(&url));
    let local = outbox_records(&store);
    let sink = AcksEarly {
        client: Client::new(&url).unwrap(),
        token: Token::new(token),
    };
    let report = central
        .block_on(drain::drain(&mut store, &sink, spot, &system_now, 5))
        .unwrap();
    // The broken worker believes it is done.
    assert_eq!(store.outbox_len().unwrap(), 0, "{report:?}");
    let server = central.block_on(server_side(central.pool(), spot));
    let found = compare(&local, &server);
    println!(
        "acknowledging early through faults (seed {seed:#x}, {:?} requests/faults): {found:?}",
        proxy.counts()
    );
    let why = found.expect_err("records were lost, and the comparison must say so");
    assert!(!why.starts_with("0 lost"), "{why}");
}
