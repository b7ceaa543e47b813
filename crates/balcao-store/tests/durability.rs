//! What happens to the counter's records when things go wrong: the program closes or is killed
//! mid-attendance, another program holds the file, or the file is not (or no longer) a database.
//!
//! A mediator must find the open attendance exactly as they left it after a crash or a power cut, and
//! the store must report a locked or damaged file as an error a person can act on, never a panic, and
//! never by "repairing" the file into something that loses records.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_core::attendance::{Attendance, Citizen, Outcome};
use balcao_store::{Store, StoreError};
use common::{TempDir, origin, t};
use std::time::Duration;

/// Leaves an attendance half done: two lines, steps, documents, one outcome, notes.
fn half_done(store: &mut Store) -> Attendance {
    let a = store.begin_attendance(origin(), t(0)).unwrap();
    store
        .set_citizen(
            &a.id,
            Citizen {
                name: Some("João Gonçalves".into()),
                ..Citizen::default()
            },
            Some(t(1)),
            t(1),
        )
        .unwrap();
    store.add_service(&a.id, "at-pedir-senha", t(2)).unwrap();
    store.add_service(&a.id, "ss-pedir-nis", t(3)).unwrap();
    store.set_step(&a.id, 0, 4, t(4)).unwrap();
    store.set_documents(&a.id, 0, vec![0, 1], t(5)).unwrap();
    store
        .set_outcome(
            &a.id,
            0,
            Outcome::Encaminhado {
                to: "Serviço de Finanças de Mértola".into(),
            },
            t(6),
        )
        .unwrap();
    store.set_step(&a.id, 1, 2, t(7)).unwrap();
    store
        .set_line_notes(&a.id, 1, "Falta o comprovativo de morada.", t(8))
        .unwrap();
    store.set_notes(&a.id, "Cidadão com pressa.", t(9)).unwrap()
}

#[test]
fn an_attendance_left_open_is_restored_exactly_after_reopening() {
    let dir = TempDir::new("reopen");
    let (written, outbox) = {
        let mut store = Store::open(&dir.db()).unwrap();
        let a = half_done(&mut store);
        (a, store.outbox_peek(100).unwrap())
    }; // The store is dropped here, mid-attendance.
    let mut store = Store::open(&dir.db()).unwrap();
    let restored = store.open_attendance().unwrap().expect("the open attendance");
    assert_eq!(restored, written);
    assert_eq!(restored.lines[0].current_step, 4);
    assert_eq!(restored.lines[0].documents_checked, [0, 1]);
    assert_eq!(restored.lines[1].notes, "Falta o comprovativo de morada.");
    assert_eq!(store.outbox_peek(100).unwrap(), outbox);
    assert_eq!(store.load_snapshot(&written.id).unwrap().consent_at, Some(t(1)));
    // And the mediator carries on.
    store
        .set_outcome(&written.id, 1, Outcome::Concluido, t(20))
        .unwrap();
    store.end_attendance(&written.id, t(21)).unwrap();
    assert_eq!(store.open_attendance().unwrap(), None);
}

const CRASH_DB: &str = "BALCAO_STORE_TEST_CRASH_DB";
const CRASH_EXIT: i32 = 86;

/// Runs only as the child of `a_killed_process_loses_no_committed_change`: writes a half-done
/// attendance, prints its id, and exits on the spot: no destructor runs, so the database is never
/// closed and its WAL never checkpointed, as in a crash. (`exit` rather than `abort`, so that no core
/// file is left behind.)
#[test]
fn crash_child() {
    let Some(path) = std::env::var_os(CRASH_DB) else {
        return;
    };
    let mut store = Store::open(std::path::Path::new(&path)).unwrap();
    let a = half_done(&mut store);
    println!("CRASH-CHILD-ID {}", a.id);
    std::process::exit(CRASH_EXIT);
}

#[test]
fn a_killed_process_loses_no_committed_change() {
    let dir = TempDir::new("crash");
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "crash_child", "--nocapture", "--test-threads=1"])
        .env(CRASH_DB, dir.db())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(CRASH_EXIT),
        "the child was meant to stop mid-test"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let id = stdout
        .split_once("CRASH-CHILD-ID ")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("the child did not run: {stdout}"))
        .to_string();
    // The crash left the write-ahead log behind; opening replays it.
    assert!(dir.path().join("balcao.sqlite3-wal").exists());

    let store = Store::open(&dir.db()).unwrap();
    let restored = store.open_attendance().unwrap().expect("restored");
    assert_eq!(restored.id, id);
    // The same operations on a fresh in-memory store give the expected attendance.
    let mut reference = Store::open_in_memory().unwrap();
    let mut expected = half_done(&mut reference);
    expected.id = id;
    assert_eq!(restored, expected);
    assert_eq!(store.outbox_len().unwrap(), 10);
}

#[test]
fn another_connection_holding_the_write_lock_gives_locked() {
    let dir = TempDir::new("locked");
    let mut store = Store::open(&dir.db()).unwrap();
    store.set_busy_timeout(Duration::from_millis(50)).unwrap();
    let a = store.begin_attendance(origin(), t(0)).unwrap();

    let other = rusqlite::Connection::open(dir.db()).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let err = store.add_service(&a.id, "s", t(1)).unwrap_err();
    assert!(matches!(err, StoreError::Locked), "{err:?}");
    assert!(matches!(
        store.set_notes(&a.id, "x", t(1)),
        Err(StoreError::Locked)
    ));
    // Reading still works in WAL mode while another connection writes.
    assert_eq!(store.load(&a.id).unwrap(), a);
    other.execute_batch("ROLLBACK").unwrap();

    // Once the lock is gone, the same action goes through; the failed ones left nothing.
    assert_eq!(store.add_service(&a.id, "s", t(2)).unwrap(), 0);
    assert_eq!(store.outbox_len().unwrap(), 2);
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
    let dir = TempDir::new("garbage");
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 7 + 13) as u8).collect();
    std::fs::write(dir.db(), &garbage).unwrap();
    let err = Store::open(&dir.db()).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert_eq!(std::fs::read(dir.db()).unwrap(), garbage);
}

#[test]
fn a_damaged_database_is_refused_and_left_untouched() {
    let dir = TempDir::new("damaged");
    {
        let mut store = Store::open(&dir.db()).unwrap();
        for i in 0..40 {
            let a = store.begin_attendance(origin(), t(i * 100)).unwrap();
            store
                .set_notes(&a.id, &"nota ".repeat(200), t(i * 100 + 1))
                .unwrap();
            store.add_service(&a.id, "s", t(i * 100 + 2)).unwrap();
            store
                .set_outcome(&a.id, 0, Outcome::Concluido, t(i * 100 + 3))
                .unwrap();
            store.end_attendance(&a.id, t(i * 100 + 4)).unwrap();
        }
    } // Closing the last connection checkpoints the WAL into the main file.
    let mut bytes = std::fs::read(dir.db()).unwrap();
    let page = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    assert!(bytes.len() > 8 * page, "{} bytes", bytes.len());
    // Overwrite pages 3 to 6 (b-tree pages of the tables) with noise, keeping the header sane.
    for (i, b) in bytes[2 * page..6 * page].iter_mut().enumerate() {
        *b = (i * 31 + 7) as u8;
    }
    std::fs::write(dir.db(), &bytes).unwrap();

    let err = Store::open(&dir.db()).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert_eq!(std::fs::read(dir.db()).unwrap(), bytes);
}

#[test]
fn a_missing_folder_is_an_io_error() {
    let dir = TempDir::new("missing");
    let err = Store::open(&dir.path().join("no/such/folder/balcao.sqlite3")).unwrap_err();
    assert!(matches!(err, StoreError::Io { .. }), "{err:?}");
}
