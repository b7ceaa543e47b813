//! Crashes on either side of a sync: nothing the counter recorded is lost, and nothing is counted twice.
//!
//! The worker's promise rests on two facts: an outbox row is deleted only after the server answered for
//! it, and the server stores a record id once and acknowledges every later copy as `duplicate`. Both
//! must survive a process dying at any instant, which only killing real processes can show:
//!
//! - **The counter's sync process killed** (`sync-process`, the real worker over the counter's SQLite
//!   file): before each round the "app" (this test) writes a day of attendances and cash through the
//!   store, then starts the sync process and SIGKILLs it after a seeded random delay: while it starts,
//!   while a request is in flight, between the server's answer and the deletion of the rows, inside a
//!   SQLite write. **100 kills** by default (`BALCAO_SYNC_CRASH_ROUNDS`).
//! - **The server killed** (`central-process`, the real `balcao-central` router and state as a process
//!   of its own, restarted each time on the same database and port) while the real worker, in this
//!   process, keeps uploading. Half the rounds kill it exactly **between its commit and its reply**: the
//!   server holds the reply of its n-th committed `POST /v1/records` and says so, and the test kills it
//!   then, so the counter never learns its records were stored. The other half kill it at a seeded random
//!   moment. **100 kills** by default (`BALCAO_SERVER_CRASH_ROUNDS`), so 200 kills in all.
//!
//! At the end the process (or the server) is left to finish, and the test checks: the outbox is empty
//! and nothing was quarantined; every record the counter made is on the server, once, with the same
//! content (0 lost, 0 duplicated: `records` holds each id once and no other); and the statistics count
//! each attendance, service line, payment and cancellation once. Each test prints its seed
//! (`BALCAO_SYNC_CRASH_SEED` replays the delays and the hold points) and how many kills landed where.
//!
//! "Committed but not acknowledged" is counted after every kill (records on the server that are still in
//! the counter's outbox): those are the records that will be sent again and must come back `duplicate`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_store::Store;
use balcao_sync::TokenStore;
use balcao_testkit::{PgCluster, TempDir, free_port};
use balcao_tests::harness::{
    Central, assert_exactly_once, enroll, enroll_at, env_u64, fast_timing, outbox_records, seed_of,
    server_side, start_worker, unlimited, wait_until, worker_config, write_day,
};
use balcao_tests::process::{Proc, central_process};
use balcao_tests::simulate::Rng;
use deadpool_postgres::Pool;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;
use std::time::{Duration, Instant};

/// Records of the counter that the server already holds: committed there, not yet acknowledged here.
async fn committed_not_acknowledged(pool: &Pool, store: &Store) -> BTreeSet<String> {
    let ids: Vec<String> = outbox_records(store).into_keys().collect();
    if ids.is_empty() {
        return BTreeSet::new();
    }
    let client = pool.get().await.unwrap();
    let rows = client
        .query("SELECT id::text FROM records WHERE id::text = ANY($1)", &[&ids])
        .await
        .unwrap();
    rows.iter().map(|row| row.get(0)).collect()
}

/// Counts the kills that left records committed on the server but not acknowledged by the counter:
/// `pending` is the set after this kill, `seen` every such record of earlier kills (a record left over by
/// one kill and still there after the next was not left by the next).
#[derive(Default)]
struct Windows {
    seen: BTreeSet<String>,
    kills: usize,
}

impl Windows {
    /// Notes the set after a kill; returns how many records this kill left.
    fn after_kill(&mut self, pending: BTreeSet<String>) -> usize {
        let new = pending.iter().filter(|id| !self.seen.contains(*id)).count();
        self.kills += usize::from(new > 0);
        self.seen.extend(pending);
        new
    }
}

/// How long a sync process runs when nobody kills it, learnt from the runs: the kill delay is drawn
/// below this, so most kills land while the process works and some after its last commit.
struct RunSpan {
    ms: u64,
}

impl Default for RunSpan {
    fn default() -> RunSpan {
        // The first guess: a debug build whose catalogue check is not optimised.
        RunSpan { ms: 450 }
    }
}

impl RunSpan {
    /// The upper bound of the next kill delay, in milliseconds.
    fn window_ms(&self) -> usize {
        usize::try_from(self.ms.max(10)).unwrap()
    }

    /// Notes a run still going at its kill: the window grows a tenth, so it follows runs that lengthen
    /// as the backlog grows and still reaches their ends.
    fn outlived(&mut self) {
        self.ms += self.ms / 10;
    }

    /// Notes a run that ended by itself after `ran`: the window moves halfway to it.
    fn ended_after(&mut self, ran: Duration) {
        let ran = u64::try_from(ran.as_millis()).unwrap();
        self.ms = self.ms.midpoint(ran);
    }
}

#[test]
fn killing_the_sync_process_at_random_moments_loses_nothing_and_doubles_nothing() {
    let rounds = env_u64("BALCAO_SYNC_CRASH_ROUNDS", 100);
    let seed = env_u64("BALCAO_SYNC_CRASH_SEED", 0x00C0_FFEE);
    println!(
        "sync process crashes: {rounds} rounds, seed {seed:#x} (BALCAO_SYNC_CRASH_ROUNDS, BALCAO_SYNC_CRASH_SEED)"
    );
    let central = Central::start(&PgCluster::shared().create_database(), 0, unlimited());
    let dir = TempDir::new("balcao-sync-crash");
    let db = dir.path().join("balcao.sqlite3");
    let spot = "EC-CRASH";
    let mut store = Store::open(&db).unwrap();
    let tokens = TokenStore::new("balcao-crash", spot);
    let token = enroll(&central, &mut store, spot, &tokens, None);
    let sync_process = |round: u64| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sync-process"));
        command
            .env("BALCAO_SYNC_DB", &db)
            .env("BALCAO_SYNC_SPOT", spot)
            .env("BALCAO_SYNC_TOKEN", &token)
            .env("BALCAO_SYNC_SEED", seed_of(seed, round).to_string())
            .env("BALCAO_SYNC_BATCH", "6");
        Proc::spawn(command)
    };

    let started = Instant::now();
    let mut rng = Rng::new(seed);
    let mut made = BTreeMap::new();
    let mut landed = 0;
    let mut windows = Windows::default();
    let mut span = RunSpan::default();
    for round in 0..rounds {
        write_day(&mut store, spot, round, seed_of(seed, round), &mut made);
        let before = store.outbox_len().unwrap();
        let mut process = sync_process(round);
        // Anywhere from before the worker has opened the store, through its start, to the end of its
        // requests. How long a run lasts depends on the build (the catalogue check and the signatures
        // are optimised even in debug builds) and on the machine, so the window follows the runs that
        // ended before their kill instead of being a fixed guess.
        let delay = Duration::from_millis(u64::try_from(rng.below(span.window_ms())).unwrap());
        match process.exits_within(delay) {
            Some(ran) => span.ended_after(ran),
            None => span.outlived(),
        }
        landed += usize::from(process.kill());
        let pending =
            windows.after_kill(central.block_on(committed_not_acknowledged(central.pool(), &store)));
        let after = store.outbox_len().unwrap();
        println!(
            "  round {round:3}: {before:3} waiting, {after:3} after the kill, {pending} newly committed and not acknowledged"
        );
    }
    println!(
        "  {landed} of {rounds} kills hit a running process; {} between a commit and its acknowledgement \
         ({} records to be sent again), in {:.1} s",
        windows.kills,
        windows.seen.len(),
        started.elapsed().as_secs_f64()
    );

    // Left alone, the last process drains everything.
    let mut last = sync_process(rounds);
    let finished = wait_until(Duration::from_secs(120), || {
        last.child.try_wait().unwrap().is_some()
    });
    assert!(finished, "the last sync process did not finish");
    assert!(last.child.wait().unwrap().success());
    assert!(last.expect_line("drained", Duration::from_secs(1)));
    let held = central.block_on(server_side(central.pool(), spot));
    assert_exactly_once(&held, &store, &made);
    // A process that finished before its kill proves nothing; most must not have (the window follows
    // the runs' length, so about half or more are hit; the first rounds, with little to send, finish
    // first).
    assert!(
        landed * 4 >= usize::try_from(rounds).unwrap(),
        "only {landed} of {rounds} kills hit a running process"
    );
}

#[test]
fn killing_the_server_between_its_commit_and_its_reply_loses_nothing_and_doubles_nothing() {
    let rounds = env_u64("BALCAO_SERVER_CRASH_ROUNDS", 100);
    let seed = env_u64("BALCAO_SYNC_CRASH_SEED", 0x00C0_FFEE);
    println!(
        "server crashes: {rounds} rounds, seed {seed:#x} (BALCAO_SERVER_CRASH_ROUNDS, BALCAO_SYNC_CRASH_SEED)"
    );
    let db_url = PgCluster::shared().create_database();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let server = |hold_after: u64| {
        central_process(
            env!("CARGO_BIN_EXE_central-process"),
            &db_url,
            port,
            &[("BALCAO_CENTRAL_HOLD_AFTER", hold_after.to_string())],
        )
    };
    // One runtime for this test's own database connections (a pooled connection lives on the runtime
    // that made it).
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let pool = balcao_central::db::pool(&db_url, 2).unwrap();
    let dir = TempDir::new("balcao-server-crash");
    let db = dir.path().join("balcao.sqlite3");
    let spot = "EC-DOWN";
    let mut store = Store::open(&db).unwrap();
    let tokens = TokenStore::new("balcao-server-crash", spot);
    let first = server(0);
    rt.block_on(enroll_at(&pool, &base, &mut store, spot, &tokens, None));
    first.kill();

    let (timing, _) = fast_timing(seed, Duration::from_millis(5));
    let worker = start_worker(worker_config(&db, spot, &tokens, timing, 6));
    let started = Instant::now();
    let mut rng = Rng::new(seed ^ 0x5E4E);
    let mut made = BTreeMap::new();
    let (mut held, mut landed) = (0, 0);
    let mut windows = Windows::default();
    for round in 0..rounds {
        write_day(&mut store, spot, round, seed_of(seed, round), &mut made);
        worker.records_changed();
        let before = store.outbox_len().unwrap();
        // Even rounds: hold the reply of the first, second or third committed request, and kill then.
        let hold_after = if round % 2 == 0 {
            1 + u64::try_from(rng.below(3)).unwrap()
        } else {
            0
        };
        let process = server(hold_after);
        if hold_after > 0 {
            let deadline = Instant::now() + Duration::from_secs(30);
            // The counter may run out of records before the n-th request: then the kill is a plain one.
            let hit = loop {
                match process.lines.recv_timeout(Duration::from_millis(5)) {
                    Ok(line) if line == "committed" => break true,
                    _ if store.outbox_len().unwrap() == 0 || Instant::now() > deadline => break false,
                    _ => {}
                }
            };
            held += usize::from(hit);
        } else {
            std::thread::sleep(Duration::from_millis(u64::try_from(rng.below(150)).unwrap()));
        }
        landed += usize::from(process.kill());
        let pending = windows.after_kill(rt.block_on(committed_not_acknowledged(&pool, &store)));
        let after = store.outbox_len().unwrap();
        println!(
            "  round {round:3} (hold after {hold_after}): {before:3} waiting, {after:3} after the kill, {pending} \
             newly committed and not acknowledged"
        );
    }
    println!(
        "  {landed} of {rounds} kills hit a running server, {held} of them holding a committed reply; {} left \
         records committed but not acknowledged ({} records to be sent again), in {:.1} s",
        windows.kills,
        windows.seen.len(),
        started.elapsed().as_secs_f64()
    );

    // The server comes back for good: everything drains.
    let last = server(0);
    let drained = wait_until(Duration::from_secs(60), || store.outbox_len().unwrap() == 0);
    let status = worker.status();
    worker.stop();
    last.kill();
    assert!(drained, "the outbox did not drain: {status:?}");
    assert_exactly_once(&rt.block_on(server_side(&pool, spot)), &store, &made);
    assert!(
        held * 4 >= usize::try_from(rounds).unwrap(),
        "the commit-to-reply window was hit only {held} times"
    );
    assert!(
        windows.kills > 0,
        "no kill left a record committed but not acknowledged"
    );
}
