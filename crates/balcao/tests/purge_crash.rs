//! `balcao privacy purge` killed with SIGKILL at seeded moments, then run again: the second run
//! finishes the job and nothing else is lost.
//!
//! Each round takes a fresh copy of a database holding thousands of ended attendances with their
//! citizens' identification (a few written through the store, with outbox rows and audit entries,
//! the rest inserted in bulk), starts the real binary on it, kills it after a delay drawn from the
//! length of an uninterrupted run, and runs it again to the end. Then: every attendance is erased
//! exactly once (each named by one `privacy.purge` audit entry), the audit chain still links, the
//! rows, the outbox and every kept field are as before, and no NIF is left in the file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_audit::DeviceKey;
use balcao_core::attendance::{Citizen, Origin, Outcome, UtcMillis};
use balcao_store::Store;
use balcao_store::purge::ACTION;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Attendances inserted in bulk.
const BULK: usize = 6_000;
/// Rounds of kill-then-finish.
const ROUNDS: u64 = 8;
/// 2025-01-01T00:00:00Z: long enough ago for any retention.
const LONG_AGO: i64 = 1_735_689_600_000;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("balcao-purge-crash-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn nif(i: usize) -> String {
    format!("{:09}", 500_000_000 + i)
}

/// The database every round starts from.
fn original(dir: &Path) -> PathBuf {
    let path = dir.join("original.sqlite3");
    let mut store = Store::open(&path).unwrap();
    store.set_audit_key(Some(DeviceKey::from_seed(&[9; 32]))).unwrap();
    let origin = Origin {
        spot: "EC-0427".into(),
        counter: "2".into(),
        mediator: "ana.sousa".into(),
    };
    for i in 0..5 {
        let t = |s: i64| UtcMillis(LONG_AGO + (i * 100 + s) * 1000);
        let a = store.begin_attendance(origin.clone(), t(0)).unwrap();
        let citizen = Citizen {
            name: Some(format!("Cidadão {i}")),
            nif: Some(nif(BULK + i as usize)),
            ..Citizen::default()
        };
        store.set_citizen(&a.id, citizen, Some(t(1)), t(1)).unwrap();
        store
            .add_service(&a.id, "imt-revalidar-carta-conducao", t(2))
            .unwrap();
        store.set_outcome(&a.id, 0, Outcome::Concluido, t(3)).unwrap();
        store.end_attendance(&a.id, t(4)).unwrap();
    }
    drop(store);
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    let tx = conn.transaction().unwrap();
    for i in 0..BULK {
        let at = LONG_AGO + 10_000_000 + i as i64 * 60_000;
        let id = format!("bulk-{i:05}");
        tx.execute(
            "INSERT INTO attendances (id, spot, counter, mediator, started_at, ended_at, name, nif, phone, \
             notes, lang, consent_at) VALUES (?1, 'EC-0427', '2', 'rui', ?2, ?3, ?4, ?5, '912000000', ?6, 'pt-PT', ?2)",
            rusqlite::params![id, at, at + 30_000, format!("Pessoa {i}"), nif(i), format!("nota {i}")],
        )
        .unwrap();
        tx.execute(
            "INSERT INTO service_lines (attendance_id, position, service_id, started_at, ended_at, current_step, \
             documents_checked, outcome_kind, outcome_detail, notes) \
             VALUES (?1, 0, 'irn-alterar-morada-cartao-cidadao', ?2, ?3, 1, '[0]', 'pendente', 'carta', 'linha')",
            rusqlite::params![id, at, at + 20_000],
        )
        .unwrap();
    }
    tx.commit().unwrap();
    path
}

/// What must survive the purge unchanged: each attendance's kept fields, and the row counts.
fn kept(path: &Path) -> (Vec<String>, i64) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT a.id || a.started_at || a.ended_at || a.mediator || a.consent_at || l.service_id \
             || l.outcome_kind || l.documents_checked FROM attendances a JOIN service_lines l \
             ON l.attendance_id = a.id ORDER BY a.id, l.position",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let outbox = conn
        .query_row("SELECT count(*) FROM outbox", [], |row| row.get(0))
        .unwrap();
    (rows, outbox)
}

fn purge(db: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_balcao"))
        .args(["--lang", "en", "privacy", "purge", "--db"])
        .arg(db)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the balcao binary runs")
}

fn purged_count(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT count(*) FROM attendances WHERE purged_at IS NOT NULL",
        [],
        |row| row.get(0),
    )
    .unwrap()
}

/// A small seeded generator (splitmix64), so a failing round can be replayed.
fn next(seed: &mut u64) -> u64 {
    *seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *seed;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[test]
fn a_killed_purge_is_finished_by_the_next_run_and_nothing_else_is_lost() {
    let dir = scratch("kill");
    let original = original(&dir);
    let before = kept(&original);
    let total = BULK as i64 + 5;

    // How long an uninterrupted run takes, on a copy.
    let timed = dir.join("timed.sqlite3");
    std::fs::copy(&original, &timed).unwrap();
    let start = Instant::now();
    let out = purge(&timed).wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let full = start.elapsed();
    assert_eq!(purged_count(&timed), total);

    let mut seed = std::env::var("BALCAO_PURGE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_261_207_u64);
    eprintln!("purge crash test: seed {seed}, an uninterrupted run takes {full:?}");
    let mut mid_run = 0;
    for round in 0..ROUNDS {
        let db = dir.join(format!("round-{round}.sqlite3"));
        std::fs::copy(&original, &db).unwrap();
        let delay = Duration::from_millis(next(&mut seed) % (full.as_millis() as u64).max(1));
        let mut child = purge(&db);
        std::thread::sleep(delay);
        let was_running = child.try_wait().unwrap().is_none();
        child.kill().unwrap();
        child.wait().unwrap();
        let done = purged_count(&db);
        if was_running && done > 0 && done < total {
            mid_run += 1;
        }

        let out = purge(&db).wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "round {round}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            purged_count(&db),
            total,
            "round {round}: the second run finished the job"
        );
        assert_eq!(kept(&db), before, "round {round}: nothing else changed");

        // Each attendance erased exactly once, in the audit trail, whose chain still links.
        let store = Store::open(&db).unwrap();
        let entries = store.audit_entries(0, 1_000_000).unwrap();
        for pair in entries.windows(2) {
            assert_eq!(pair[1].seq, pair[0].seq + 1, "round {round}");
            assert_eq!(pair[1].prev_hash, pair[0].hash(), "round {round}");
        }
        let mut named = BTreeSet::new();
        for entry in entries.iter().filter(|e| e.action == ACTION) {
            for id in &entry.record_ids {
                assert!(named.insert(id.clone()), "round {round}: {id} erased twice");
            }
        }
        assert_eq!(named.len() as i64, total, "round {round}");
        drop(store);
        let bytes = std::fs::read(&db).unwrap();
        for i in (0..BULK).step_by(500) {
            let value = nif(i);
            assert!(
                !bytes.windows(9).any(|w| w == value.as_bytes()),
                "round {round}: NIF {value} is still in the file"
            );
        }
        std::fs::remove_file(&db).unwrap();
    }
    eprintln!("purge crash test: {mid_run} of {ROUNDS} kills landed in the middle of a purge");
    assert!(
        mid_run >= 1,
        "no kill landed while the purge was working: the test proved nothing"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
