//! Helpers shared by the sync worker's integration tests: a throw-away folder, a counter's origin,
//! attendances written through the real store, a mock keyring, and timing that records every sleep.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use balcao_core::attendance::{Origin, Outcome, UtcMillis};
use balcao_store::Store;
use balcao_sync::worker::{SyncStatus, SyncWorker, Timing, system_now};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Once};
use std::time::{Duration, Instant};

/// A folder under the system's temp dir, unique to one test of one run, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(test: &str) -> Self {
        let path = std::env::temp_dir().join(format!("balcao-sync-test-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Self(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn db(&self) -> PathBuf {
        self.0.join("balcao.sqlite3")
    }

    /// Every byte of the database: the file and its write-ahead log.
    pub fn db_bytes(&self) -> Vec<u8> {
        let mut bytes = std::fs::read(self.db()).unwrap();
        if let Ok(wal) = std::fs::read(self.0.join("balcao.sqlite3-wal")) {
            bytes.extend(wal);
        }
        bytes
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub const SPOT: &str = "EC-0427";

pub fn origin(spot: &str) -> Origin {
    Origin {
        spot: spot.into(),
        counter: "2".into(),
        mediator: "ana.sousa".into(),
    }
}

/// 2026-03-02T09:00:00Z plus `seconds`.
pub fn t(seconds: i64) -> UtcMillis {
    UtcMillis(1_772_442_000_000 + seconds * 1000)
}

/// Records `n` finished attendances of one service each (4 outbox rows apiece), starting at `t(start)`;
/// returns their ids.
pub fn attendances(store: &mut Store, spot: &str, start: i64, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let s = start + 60 * i as i64;
            let a = store.begin_attendance(origin(spot), t(s)).unwrap();
            store
                .add_service(&a.id, "irn-registo-criminal", t(s + 1))
                .unwrap();
            store.set_outcome(&a.id, 0, Outcome::Concluido, t(s + 2)).unwrap();
            store.end_attendance(&a.id, t(s + 3)).unwrap();
            a.id
        })
        .collect()
}

/// Installs the in-memory mock keyring as the default store, once per test binary.
pub fn mock_keyring() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| keyring_core::set_default_store(keyring_core::mock::Store::new().unwrap()));
}

/// Timing for tests: the system clock, a fixed seed, and a sleep that records what it was asked and
/// waits at most `cap` for real.
pub fn timing(seed: u64, cap: Duration) -> (Timing, Arc<Mutex<Vec<Duration>>>) {
    let sleeps = Arc::new(Mutex::new(Vec::new()));
    let recorded = Arc::clone(&sleeps);
    let timing = Timing {
        clock: Arc::new(system_now),
        sleep: Arc::new(move |d| {
            recorded.lock().unwrap().push(d);
            Box::pin(tokio::time::sleep(d.min(cap)))
        }),
        seed,
    };
    (timing, sleeps)
}

/// Waits (up to `within`) until the worker's status satisfies `ok`; returns it, or panics with the last
/// status seen.
pub fn wait_for(worker: &SyncWorker, within: Duration, ok: impl Fn(&SyncStatus) -> bool) -> SyncStatus {
    let deadline = Instant::now() + within;
    loop {
        let status = worker.status();
        if ok(&status) {
            return status;
        }
        assert!(Instant::now() < deadline, "timed out; last status: {status:#?}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A callback that counts its calls.
pub fn counter() -> (Box<dyn Fn() + Send + Sync>, Arc<Mutex<usize>>) {
    let calls = Arc::new(Mutex::new(0));
    let c = Arc::clone(&calls);
    (Box::new(move || *c.lock().unwrap() += 1), calls)
}
