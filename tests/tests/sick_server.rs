//! A sick central server, end to end with real processes: the counter's real sync worker, the real
//! server as a process of its own (`central-process`), and a real PostgreSQL that goes away, fills its
//! disk, or sees ten thousand connections that say nothing.
//!
//! What 900 counters need from the server on a bad day is simple to state and easy to get wrong:
//!
//! - **It answers, quickly and honestly.** While its database is stopped or out of disk, every request
//!   that needs the database is answered `503` with `Retry-After`, within seconds: never a hang (the
//!   counters' requests would pile up), never a `500` (which says "the server is broken", and whose body
//!   might leak SQL or paths). The body is the contract's `unavailable`, with nothing of PostgreSQL in it.
//! - **The counters lose nothing and count nothing twice.** Their records stay in the outbox while the
//!   server refuses them (nothing acknowledged, nothing quarantined: a sick server must not make a good
//!   record look bad), and once the database is back they drain, each record stored once and counted
//!   once in the statistics.
//! - **Idle connections cost little and do not last.** Ten thousand clients that connect and send
//!   nothing are disconnected after the header timeout, the server keeps answering real requests in the
//!   meantime, and its memory is bounded: each test prints the figures, and a second wave of the same
//!   size must not cost more than the first (nothing kept per connection after it ends).
//!
//! The killed-server and slow-client cases are elsewhere: `sync_crash.rs` SIGKILLs the server 100 times
//! under load, and `balcao-central`'s `slow_clients.rs` trickles headers and oversize ones.
//!
//! CI runs short versions; `scripts/soak-sick-server` runs long ones (`BALCAO_DB_DOWN_SECS=300`, more
//! connections) and prints the figures kept in BENCHMARKS.md. The out-of-disk test mounts a small tmpfs
//! for a PostgreSQL tablespace, which needs root (CI runs as root); where mounting is not allowed,
//! `BALCAO_SKIP_DISK_FULL=1` skips it, saying so.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_central::db;
use balcao_store::Store;
use balcao_sync::{SyncWorker, TokenStore};
use balcao_testkit::{PgCluster, TempDir, free_port};
use balcao_tests::harness::{
    assert_exactly_once, enroll_at, env_u64, fast_timing, seed_of, server_side, start_worker, wait_until,
    worker_config, write_day,
};
use balcao_tests::process::{Memory, Proc, central_process, memory};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const CENTRAL: &str = env!("CARGO_BIN_EXE_central-process");

/// A 503 must come at once, not after the request deadline (30 s): the pool gives up connecting in 5 s
/// at most, and a refused connection fails at once.
const PROMPT: Duration = Duration::from_secs(8);

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// What the server answered a direct `POST /v1/records`.
#[derive(Debug)]
struct Answer {
    status: u16,
    retry_after: Option<String>,
    body: String,
    took: Duration,
}

/// Sends up to five of the counter's waiting records straight to the server, as the worker would.
fn probe(rt: &tokio::runtime::Runtime, base: &str, token: &str, store: &Store, spot: &str) -> Answer {
    let records: Vec<serde_json::Value> = store
        .outbox_batch(5)
        .unwrap()
        .into_iter()
        .map(|e| {
            serde_json::json!({
                "id": e.record_id,
                "kind": e.kind,
                "spot": spot,
                "group_id": e.attendance_id,
                "created_at": e.created_at.0,
                "payload": serde_json::from_str::<serde_json::Value>(&e.payload).unwrap(),
            })
        })
        .collect();
    assert!(!records.is_empty(), "the probe needs records waiting");
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let started = Instant::now();
    rt.block_on(async {
        let response = client
            .post(format!("{base}/v1/records"))
            .bearer_auth(token)
            .json(&serde_json::json!({ "records": records }))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response.text().await.unwrap();
        Answer {
            status,
            retry_after,
            body,
            took: started.elapsed(),
        }
    })
}

/// The answer is the contract's `503 unavailable`, promptly, with `Retry-After` and nothing internal.
fn assert_unavailable(answer: &Answer) {
    assert_eq!(answer.status, 503, "{answer:?}");
    let retry: u64 = answer
        .retry_after
        .as_deref()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no Retry-After in seconds: {answer:?}"));
    assert!((1..=300).contains(&retry), "{answer:?}");
    let body: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(body["error"], "unavailable", "{answer:?}");
    let lower = answer.body.to_lowercase();
    for leak in [
        "postgres",
        "sql",
        "database",
        "tablespace",
        "no space",
        "refused",
        "53100",
        "/tmp",
    ] {
        assert!(!lower.contains(leak), "the body tells {leak:?}: {}", answer.body);
    }
    assert!(answer.took < PROMPT, "the 503 took {:?}", answer.took);
}

/// A counter enrolled with the server at `base`, whose database is `db_url`.
struct Counter {
    _dir: TempDir,
    db: PathBuf,
    store: Store,
    tokens: TokenStore,
    token: String,
    spot: &'static str,
}

fn enrol(rt: &tokio::runtime::Runtime, db_url: &str, base: &str, spot: &'static str) -> Counter {
    let dir = TempDir::new("balcao-sick");
    let db = dir.path().join("balcao.sqlite3");
    let mut store = Store::open(&db).unwrap();
    let tokens = TokenStore::new("balcao-sick", spot);
    let pool = db::pool(db_url, 1).unwrap();
    let token = rt.block_on(enroll_at(&pool, base, &mut store, spot, &tokens, None));
    Counter {
        _dir: dir,
        db,
        store,
        tokens,
        token,
        spot,
    }
}

/// The figures of a run of 503s.
#[derive(Default)]
struct Refusals {
    count: usize,
    slowest: Duration,
}

impl Refusals {
    fn note(&mut self, answer: &Answer) {
        assert_unavailable(answer);
        self.count += 1;
        self.slowest = self.slowest.max(answer.took);
    }
}

/// Checks that the server, back on its feet, holds each record once: a fresh pool, since the old
/// connections died with the database.
fn assert_server_holds_each_once(
    rt: &tokio::runtime::Runtime,
    db_url: &str,
    counter: &Counter,
    made: &BTreeMap<String, balcao_tests::harness::Held>,
) {
    let pool = db::pool(db_url, 1).unwrap();
    let held = rt.block_on(server_side(&pool, counter.spot));
    assert_exactly_once(&held, &counter.store, made);
}

/// Waits up to two minutes for the counter's outbox to empty, then stops its sync worker; fails with
/// the worker's last status if the outbox did not drain.
fn drain_and_stop(counter: &Counter, worker: SyncWorker) {
    let drained = wait_until(Duration::from_secs(120), || {
        counter.store.outbox_len().unwrap() == 0
    });
    let status = worker.status();
    worker.stop();
    assert!(drained, "the outbox did not drain: {status:?}");
}

#[test]
fn the_database_stopped_for_a_while_then_started_loses_nothing_and_doubles_nothing() {
    let down = Duration::from_secs(env_u64("BALCAO_DB_DOWN_SECS", 6));
    let seed = env_u64("BALCAO_SICK_SEED", 0x5E1C);
    println!("database stopped for {down:?} (BALCAO_DB_DOWN_SECS), seed {seed:#x}");
    let cluster = PgCluster::start();
    let db_url = cluster.url().to_owned();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = central_process(CENTRAL, &db_url, port, &[]);
    let rt = runtime();
    let mut counter = enrol(&rt, &db_url, &base, "EC-PGDOWN");

    // A first day goes through while all is well.
    let mut made = BTreeMap::new();
    write_day(&mut counter.store, counter.spot, 0, seed, &mut made);
    let (timing, sleeps) = fast_timing(seed, Duration::from_millis(50));
    let worker = start_worker(worker_config(
        &counter.db,
        counter.spot,
        &counter.tokens,
        timing,
        6,
    ));
    assert!(wait_until(Duration::from_secs(60), || counter
        .store
        .outbox_len()
        .unwrap()
        == 0));
    let acknowledged = made.len();

    // The database goes away; the counter goes on working and its worker goes on trying.
    cluster.stop().unwrap();
    let stopped = Instant::now();
    let mut refusals = Refusals::default();
    let mut day = 1;
    while stopped.elapsed() < down {
        write_day(
            &mut counter.store,
            counter.spot,
            day,
            seed_of(seed, day),
            &mut made,
        );
        worker.records_changed();
        day += 1;
        refusals.note(&probe(&rt, &base, &counter.token, &counter.store, counter.spot));
        std::thread::sleep(Duration::from_millis(300));
    }
    let waiting = counter.store.outbox_len().unwrap();
    assert_eq!(
        usize::try_from(waiting).unwrap(),
        made.len() - acknowledged,
        "a record left the outbox while the database was away"
    );
    assert_eq!(counter.store.quarantine_len().unwrap(), 0);
    assert!(server.running(), "the server died with its database");
    let tries = sleeps.count.load(std::sync::atomic::Ordering::Relaxed);
    let during: Memory = memory(server.child.id());

    // The database comes back: everything drains, once.
    cluster.start_again().unwrap();
    let back = Instant::now();
    drain_and_stop(&counter, worker);
    println!(
        "  down {:.1} s: {} direct requests all 503 with Retry-After (slowest {} ms); the worker backed \
         off {tries} times; {waiting} records waited and drained {:.1} s after the database came back; \
         server RSS {} KiB, PSS {} KiB while the database was away",
        stopped.elapsed().as_secs_f64() - back.elapsed().as_secs_f64(),
        refusals.count,
        refusals.slowest.as_millis(),
        back.elapsed().as_secs_f64(),
        during.rss_kib,
        during.pss_kib,
    );
    assert_server_holds_each_once(&rt, &db_url, &counter, &made);
    assert!(refusals.count >= 3, "only {} probes while down", refusals.count);
    assert!(server.kill());
}

/// A small tmpfs, mounted for a PostgreSQL tablespace and lazily unmounted when dropped.
struct TinyDisk {
    /// Removed (after the unmount) when dropped.
    _dir: TempDir,
    mounted: PathBuf,
}

impl TinyDisk {
    /// Mounts `mib` MiB of tmpfs, owned by the user the server runs as.
    fn mount(mib: u64, for_postgres: bool) -> TinyDisk {
        let dir = TempDir::new("balcao-tiny-disk");
        let mounted = dir.path().join("space");
        std::fs::create_dir(&mounted).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={mib}m,mode=0700"), "tmpfs"])
            .arg(&mounted)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "cannot mount a tmpfs for the out-of-disk test (it needs root, as CI runs; \
             BALCAO_SKIP_DISK_FULL=1 skips it where mounting is not allowed): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if for_postgres {
            let chown = Command::new("chown")
                .args(["postgres:postgres"])
                .arg(&mounted)
                .status()
                .unwrap();
            assert!(chown.success());
            // The server must reach the mount point through the temporary directory.
            let chmod = Command::new("chmod")
                .arg("0755")
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(chmod.success());
        }
        TinyDisk { _dir: dir, mounted }
    }

    fn path(&self) -> &Path {
        &self.mounted
    }

    fn filler(&self) -> PathBuf {
        self.mounted.join("filler")
    }

    /// Fills what is left of the disk with a file; returns its size in bytes.
    fn fill(&self) -> u64 {
        use std::io::Write;
        let mut file = std::fs::File::create(self.filler()).unwrap();
        let mut written = 0;
        for chunk in [1 << 16, 4096, 512, 1] {
            let zeros = vec![0_u8; chunk];
            while file.write_all(&zeros).is_ok() {
                written += chunk as u64;
            }
        }
        written
    }

    /// Removes the filler.
    fn free(&self) {
        std::fs::remove_file(self.filler()).unwrap();
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        // Lazy: the server may still hold files there while the cluster is being dropped.
        let _ = Command::new("umount").arg("-l").arg(&self.mounted).status();
    }
}

#[test]
fn the_database_out_of_disk_answers_503_and_the_counter_drains_once_there_is_room() {
    if std::env::var_os("BALCAO_SKIP_DISK_FULL").is_some_and(|v| v == "1") {
        println!("SKIPPED: BALCAO_SKIP_DISK_FULL=1 (no tmpfs can be mounted here)");
        return;
    }
    let seed = env_u64("BALCAO_SICK_SEED", 0x5E1C);
    let cluster = PgCluster::start();
    let disk = TinyDisk::mount(48, cluster.runs_as_postgres());
    cluster
        .psql(
            "balcao",
            &format!("CREATE TABLESPACE tiny LOCATION '{}'", disk.path().display()),
        )
        .unwrap();
    cluster
        .psql("balcao", "CREATE DATABASE full_disk TABLESPACE tiny")
        .unwrap();
    let db_url = cluster.url_for("full_disk");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    // The server migrates the new database, and the counter enrols, while there is room.
    let mut server = central_process(CENTRAL, &db_url, port, &[]);
    let rt = runtime();
    let mut counter = enrol(&rt, &db_url, &base, "EC-DISKFULL");

    let filled = disk.fill();
    let mut made = BTreeMap::new();
    for day in 0..3 {
        write_day(
            &mut counter.store,
            counter.spot,
            day,
            seed_of(seed, day),
            &mut made,
        );
    }
    let (timing, sleeps) = fast_timing(seed, Duration::from_millis(50));
    let worker = start_worker(worker_config(
        &counter.db,
        counter.spot,
        &counter.tokens,
        timing,
        6,
    ));
    let mut refusals = Refusals::default();
    let full = Instant::now();
    while full.elapsed() < Duration::from_secs(3) {
        refusals.note(&probe(&rt, &base, &counter.token, &counter.store, counter.spot));
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(
        usize::try_from(counter.store.outbox_len().unwrap()).unwrap(),
        made.len(),
        "a record left the outbox while the disk was full"
    );
    assert_eq!(counter.store.quarantine_len().unwrap(), 0);
    assert!(server.running(), "the server died with its disk");
    let tries = sleeps.count.load(std::sync::atomic::Ordering::Relaxed);
    assert!(tries > 0, "the worker never met the full disk");

    // Room again: everything drains, once.
    disk.free();
    let freed = Instant::now();
    drain_and_stop(&counter, worker);
    println!(
        "  disk full ({} KiB of filler): {} direct requests all 503 with Retry-After (slowest {} ms); the \
         worker backed off {tries} times; {} records drained {:.1} s after room was made",
        filled / 1024,
        refusals.count,
        refusals.slowest.as_millis(),
        made.len(),
        freed.elapsed().as_secs_f64()
    );
    assert_server_holds_each_once(&rt, &db_url, &counter, &made);
    assert!(server.kill());
    drop(cluster);
    drop(disk);
}

/// Raises this process's limit of open files to its hard limit (children inherit it); returns it.
fn raise_open_files() -> u64 {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    let hard = limit.maximum;
    let raised = rustix::process::Rlimit {
        current: hard,
        maximum: hard,
    };
    setrlimit(Resource::Nofile, raised).unwrap();
    hard.unwrap_or(u64::MAX)
}

/// Opens `n` connections that send nothing, then waits until the server has closed every one; returns
/// the server's memory at its peak while they were held (sampled every 50 ms, so a busy machine that
/// accepts them slowly is not caught half-way), how long a real request took meanwhile, and how long the
/// server took to close them all once the last was open.
fn idle_wave(server: &Proc, addr: &str, n: usize) -> (Memory, Duration, Duration) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::AsyncReadExt;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let pid = server.child.id();
    rt.block_on(async {
        let mut streams = Vec::with_capacity(n);
        for _ in 0..n {
            streams.push(tokio::net::TcpStream::connect(addr).await.unwrap());
        }
        let opened = Instant::now();
        // Every idle connection waits for the server to close it.
        let open = Arc::new(AtomicUsize::new(n));
        let closers: Vec<_> = streams
            .into_iter()
            .map(|mut stream| {
                let open = Arc::clone(&open);
                tokio::spawn(async move {
                    let mut byte = [0_u8; 1];
                    let _ = tokio::time::timeout(Duration::from_secs(60), stream.read(&mut byte)).await;
                    open.fetch_sub(1, Ordering::SeqCst);
                    Instant::now()
                })
            })
            .collect();
        let sampler = {
            let open = Arc::clone(&open);
            tokio::spawn(async move {
                let mut peak = Memory::default();
                while open.load(Ordering::SeqCst) > 0 {
                    let now = memory(pid);
                    if now.rss_kib > peak.rss_kib {
                        peak = now;
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                peak
            })
        };
        tokio::time::sleep(Duration::from_millis(300)).await;
        let asked = Instant::now();
        let answer = reqwest::Client::new()
            .get(format!("http://{addr}/openapi.json"))
            .timeout(Duration::from_secs(10))
            .send()
            .await
            .unwrap();
        let answered = asked.elapsed();
        assert_eq!(answer.status(), 200);
        let mut last = opened;
        for closer in closers {
            last = last.max(closer.await.unwrap());
        }
        (sampler.await.unwrap(), answered, last - opened)
    })
}

#[test]
fn ten_thousand_idle_connections_are_shed_and_the_server_keeps_answering() {
    let n = usize::try_from(env_u64("BALCAO_IDLE_CONNECTIONS", 10_000)).unwrap();
    let header_timeout = Duration::from_secs(3);
    let limit = raise_open_files();
    assert!(
        limit > u64::try_from(n).unwrap() + 256,
        "this machine allows {limit} open files per process; {n} idle connections need more \
         (raise the hard limit, or set BALCAO_IDLE_CONNECTIONS lower)"
    );
    let db_url = PgCluster::shared().create_database();
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let server = central_process(
        CENTRAL,
        &db_url,
        port,
        &[(
            "BALCAO_CENTRAL_HEADER_TIMEOUT_MS",
            header_timeout.as_millis().to_string(),
        )],
    );
    let warm = runtime().block_on(async {
        reqwest::get(format!("http://{addr}/openapi.json"))
            .await
            .unwrap()
            .status()
    });
    assert_eq!(warm, 200);
    let before = memory(server.child.id());

    let (first, first_answer, first_shed) = idle_wave(&server, &addr, n);
    let between = memory(server.child.id());
    let (second, second_answer, second_shed) = idle_wave(&server, &addr, n);
    // A third wave: the allocator keeps what the largest wave so far needed (glibc's arenas are not
    // returned, and which threads serve a wave varies), so a leak shows as a wave costing more than the
    // high-water mark of the waves before it, not as the second costing more than the first (whose
    // sampled peak varies with how the connections were spread over threads).
    let (third, third_answer, third_shed) = idle_wave(&server, &addr, n);
    let after = memory(server.child.id());
    let per_connection = |peak: Memory| (peak.rss_kib.saturating_sub(before.rss_kib) * 1024) / n as u64;
    println!(
        "  {n} idle connections, header timeout {header_timeout:?}: server RSS {} KiB before, {} KiB with the \
         first wave ({} B per connection), {} KiB after it, {} KiB with the second, {} KiB with the third, \
         {} KiB at the end; PSS {} / {} / {} / {} KiB; a real request answered in {} ms, {} ms and {} ms \
         meanwhile; every connection closed {:.1} s, {:.1} s and {:.1} s after the last was open",
        before.rss_kib,
        first.rss_kib,
        per_connection(first),
        between.rss_kib,
        second.rss_kib,
        third.rss_kib,
        after.rss_kib,
        before.pss_kib,
        first.pss_kib,
        second.pss_kib,
        third.pss_kib,
        first_answer.as_millis(),
        second_answer.as_millis(),
        third_answer.as_millis(),
        first_shed.as_secs_f64(),
        second_shed.as_secs_f64(),
        third_shed.as_secs_f64(),
    );
    for shed in [first_shed, second_shed, third_shed] {
        assert!(
            shed < header_timeout * 4,
            "idle connections outlived the timeout: {shed:?}"
        );
    }
    for answered in [first_answer, second_answer, third_answer] {
        assert!(
            answered < Duration::from_secs(2),
            "a real request waited {answered:?}"
        );
    }
    // Bounded: a few KiB per idle connection, and a third wave costs no more than the largest before it
    // (nothing is kept once a connection ends: a leak of the ~2 KB a connection costs would add ~20 MB
    // a wave).
    for wave in [first, second, third] {
        assert!(
            wave.rss_kib < before.rss_kib + 200 * 1024,
            "{} KiB with {n} idle connections, from {} KiB",
            wave.rss_kib,
            before.rss_kib
        );
    }
    let high_water = first.rss_kib.max(second.rss_kib);
    assert!(
        third.rss_kib <= high_water + high_water / 5,
        "the third wave cost more: {} KiB against the earlier waves' {} KiB",
        third.rss_kib,
        high_water
    );
    assert!(server.kill());
}
