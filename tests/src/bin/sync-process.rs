//! A counter's sync process, for `tests/tests/sync_crash.rs` to kill with SIGKILL at random moments.
//!
//! In the app the sync worker is a thread of the counter's process; if that process dies (a power cut,
//! the operating system killing it), the worker dies at whatever point it had reached: half-way through a
//! request, between the server's answer and the deletion of the outbox rows, inside a SQLite write.
//! Killing a thread alone cannot reproduce that, so this small program runs the real worker
//! (`balcao_sync::SyncWorker`) over the counter's SQLite file, and the test kills the whole process.
//!
//! It reads its settings from the environment: `BALCAO_SYNC_DB` (the store file, already enrolled),
//! `BALCAO_SYNC_SPOT`, `BALCAO_SYNC_TOKEN` (put in this process's mock keyring, as the real keyring would
//! hold it), `BALCAO_SYNC_SEED` (the backoff's jitter) and `BALCAO_SYNC_BATCH` (records per request).
//! It prints `drained` and exits 0 once the outbox is empty, and exits 2 if that takes over two minutes.

// A test helper: a broken setup should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_store::Store;
use balcao_sync::{Token, TokenStore};
use balcao_tests::harness::{env_u64, fast_timing, mock_keyring, start_worker, wait_until, worker_config};
use std::path::PathBuf;
use std::time::Duration;

fn main() {
    let db = PathBuf::from(std::env::var("BALCAO_SYNC_DB").expect("BALCAO_SYNC_DB"));
    let spot = std::env::var("BALCAO_SYNC_SPOT").expect("BALCAO_SYNC_SPOT");
    let token = std::env::var("BALCAO_SYNC_TOKEN").expect("BALCAO_SYNC_TOKEN");
    let seed = env_u64("BALCAO_SYNC_SEED", 1);
    let batch = usize::try_from(env_u64("BALCAO_SYNC_BATCH", 500)).unwrap();
    mock_keyring();
    let tokens = TokenStore::new("balcao-crash", &spot);
    tokens.set(&Token::new(token)).unwrap();
    let (timing, _) = fast_timing(seed, Duration::from_millis(5));
    let worker = start_worker(worker_config(&db, &spot, &tokens, timing, batch));
    // A connection of its own to watch the outbox, as the app's UI would.
    let store = Store::open(&db).unwrap();
    if wait_until(Duration::from_secs(120), || store.outbox_len().unwrap() == 0) {
        println!("drained");
        worker.stop();
        std::process::exit(0);
    }
    eprintln!("the outbox did not drain in two minutes: {:?}", worker.status());
    std::process::exit(2);
}
