//! Upgrades of a counter's database: from a real version-1 file, all together or not at all, and never
//! backwards.
//!
//! `fixtures/schema_v1.sql` is a frozen copy of the schema Balcão shipped as version 1; it must never
//! change, because counters in the field hold files made from it. The tests build such a file with
//! data, open it with today's store, and check that the data survived and the new columns work.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_core::attendance::{Attendance, Citizen, Outcome, ServiceLine, UtcMillis};
use balcao_store::migrate::{MIGRATIONS, SCHEMA_VERSION};
use balcao_store::outbox::kind;
use balcao_store::{Store, StoreError};
use common::{TempDir, columns, origin, t, tables, user_version};
use rusqlite::Connection;

const SCHEMA_V1: &str = include_str!("fixtures/schema_v1.sql");
const V1_ID: &str = "0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

#[test]
fn the_shipped_first_migration_is_frozen() {
    assert_eq!(
        MIGRATIONS[0].sql, SCHEMA_V1,
        "0001_init.sql has shipped: change the schema in a new migration, never in an old one"
    );
}

/// A version-1 file with one open attendance (two lines, one with an outcome) and its outbox row,
/// written with the SQL of version 1 only.
fn v1_file(dir: &TempDir) {
    let conn = Connection::open(dir.db()).unwrap();
    conn.execute_batch(SCHEMA_V1).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA user_version = 1;
         INSERT INTO attendances (id, spot, counter, mediator, started_at, ended_at, name, nif,
             cc_number, phone, email, notes, lang)
         VALUES ('{V1_ID}', 'EC-0427', '2', 'ana.sousa', {s}, NULL, 'Rui Conceição', '123456789',
             NULL, NULL, 'rui@exemplo.pt', 'Notas antigas', 'en');
         INSERT INTO service_lines (attendance_id, position, service_id, started_at, ended_at,
             current_step, documents_checked, outcome_kind, outcome_detail, notes)
         VALUES ('{V1_ID}', 0, 'imt-revalidar-carta-conducao', {s}, {e}, 5, '[1,3]', 'nao-foi-possivel',
                 'Sistema do IMT em baixo', ''),
                ('{V1_ID}', 1, 'irn-certidao-predial', {s}, NULL, 1, '[]', NULL, NULL, 'a meio');
         INSERT INTO outbox (record_id, kind, attendance_id, payload, created_at)
         VALUES ('0195a1b2-c3d4-7e5f-8a9b-000000000001', 'attendance.started', '{V1_ID}', '{{}}', {s});",
        s = t(0).0,
        e = t(30).0,
    ))
    .unwrap();
}

fn v1_attendance() -> Attendance {
    Attendance {
        id: V1_ID.into(),
        origin: origin(),
        started_at: t(0),
        ended_at: None,
        citizen: Some(Citizen {
            name: Some("Rui Conceição".into()),
            nif: Some("123456789".into()),
            cc_number: None,
            phone: None,
            email: Some("rui@exemplo.pt".into()),
        }),
        lines: vec![
            ServiceLine {
                service_id: "imt-revalidar-carta-conducao".into(),
                started_at: t(0),
                ended_at: Some(t(30)),
                current_step: 5,
                documents_checked: vec![1, 3],
                outcome: Some(Outcome::NaoFoiPossivel {
                    reason: "Sistema do IMT em baixo".into(),
                }),
                notes: String::new(),
            },
            ServiceLine {
                service_id: "irn-certidao-predial".into(),
                started_at: t(0),
                ended_at: None,
                current_step: 1,
                documents_checked: vec![],
                outcome: None,
                notes: "a meio".into(),
            },
        ],
        notes: "Notas antigas".into(),
    }
}

#[test]
fn a_version_1_file_is_upgraded_with_its_data_intact() {
    let dir = TempDir::new("upgrade");
    v1_file(&dir);

    let mut store = Store::open(&dir.db()).unwrap();
    {
        let conn = Connection::open(dir.db()).unwrap();
        assert_eq!(user_version(&conn), SCHEMA_VERSION);
        assert!(columns(&conn, "attendances").contains(&"consent_at".to_string()));
        assert!(columns(&conn, "payments").contains(&"receipt_number".to_string()));
        let outbox = columns(&conn, "outbox");
        assert!(outbox.contains(&"attempts".to_string()) && outbox.contains(&"last_error".to_string()));
        // Version 4: the sync worker's quarantine (empty) and its one state row (not enrolled yet).
        let all = tables(&conn);
        assert!(all.contains(&"quarantine".to_string()) && all.contains(&"sync_state".to_string()));
        assert!(columns(&conn, "quarantine").contains(&"reason".to_string()));
        // Version 5: the mirror's use per attendance, zero for the old attendance.
        let mirror: (i64, i64, i64) = conn
            .query_row(
                "SELECT mirror_live_seconds, mirror_paused_seconds, mirror_pauses FROM attendances",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(mirror, (0, 0, 0));
        let rows: (i64, Option<String>) = conn
            .query_row("SELECT COUNT(*), MAX(central_url) FROM sync_state", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(rows, (1, None));
        // Version 6: an empty audit log (the old records predate it) and its state row.
        let audit: (i64, i64) = conn
            .query_row(
                "SELECT (SELECT COUNT(*) FROM audit_log), (SELECT sent_seq FROM audit_state)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(audit, (0, 0));
    }

    // The data is intact, and the attendance is still the one to restore.
    assert_eq!(store.open_attendance().unwrap(), Some(v1_attendance()));
    let snapshot = store.load_snapshot(V1_ID).unwrap();
    assert_eq!(snapshot.consent_at, None);
    assert_eq!(snapshot.lang, balcao_core::text::Lang::En);
    let old = &store.outbox_peek(10).unwrap()[0];
    assert_eq!(
        (old.seq, old.kind.as_str(), old.payload.as_str()),
        (1, "attendance.started", "{}")
    );
    assert_eq!((old.attempts, old.last_error.as_deref()), (0, None));

    // The new columns work, and new records follow the old ones.
    let consent = UtcMillis(t(40).0);
    store
        .set_citizen(V1_ID, v1_attendance().citizen.unwrap(), Some(consent), t(41))
        .unwrap();
    assert_eq!(store.load_snapshot(V1_ID).unwrap().consent_at, Some(consent));
    store.set_outcome(V1_ID, 1, Outcome::Concluido, t(50)).unwrap();
    let usage = balcao_core::attendance::MirrorUsage {
        live_seconds: 95,
        paused_seconds: 12,
        pauses: 2,
    };
    store.end_attendance_with_mirror(V1_ID, t(60), usage).unwrap();
    assert_eq!(store.load_snapshot(V1_ID).unwrap().mirror, usage);
    let entries = store.outbox_peek(10).unwrap();
    assert_eq!(entries.len(), 4);
    assert_eq!(entries[3].kind, kind::ATTENDANCE_ENDED);
    assert_eq!(entries[3].snapshot().unwrap().mirror, usage);
    assert_eq!(entries[1].seq, 2);
    assert_eq!(entries[1].kind, kind::ATTENDANCE_CITIZEN);
    assert_eq!(entries[1].snapshot().unwrap().consent_at, Some(consent));
    // The audit chain starts with the first record written after the upgrade.
    let audit = store.audit_entries(0, 10).unwrap();
    assert_eq!(audit.len(), 3);
    assert_eq!((audit[0].seq, audit[0].prev_hash), (1, balcao_audit::GENESIS));
    assert_eq!(
        audit[0].record_ids,
        [entries[1].record_id.clone(), V1_ID.to_string()]
    );
    {
        // The sync worker's columns take values.
        let conn = Connection::open(dir.db()).unwrap();
        conn.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = 'timeout' WHERE seq = 1",
            [],
        )
        .unwrap();
    }
    let old = &store.outbox_peek(1).unwrap()[0];
    assert_eq!((old.attempts, old.last_error.as_deref()), (1, Some("timeout")));
}

#[test]
fn a_failing_first_migration_leaves_the_file_as_it_was() {
    let dir = TempDir::new("fail-v0");
    {
        // A stray table in the way of 0001's third CREATE TABLE: the first two would succeed.
        let conn = Connection::open(dir.db()).unwrap();
        conn.execute_batch("CREATE TABLE outbox (whatever TEXT); INSERT INTO outbox VALUES ('x');")
            .unwrap();
    }
    let err = Store::open(&dir.db()).unwrap_err();
    assert!(
        matches!(&err, StoreError::Io { detail } if detail.contains("0001_init.sql")),
        "{err:?}"
    );
    let conn = Connection::open(dir.db()).unwrap();
    assert_eq!(user_version(&conn), 0);
    assert_eq!(tables(&conn), ["outbox"], "no partial schema");
    assert_eq!(columns(&conn, "outbox"), ["whatever"]);
}

#[test]
fn a_failing_second_migration_leaves_a_version_1_file_at_version_1() {
    let dir = TempDir::new("fail-v1");
    v1_file(&dir);
    {
        // Someone added a column by hand that 0002 adds too: its first ALTER succeeds, its second fails.
        let conn = Connection::open(dir.db()).unwrap();
        conn.execute_batch("ALTER TABLE outbox ADD COLUMN attempts INTEGER")
            .unwrap();
    }
    let err = Store::open(&dir.db()).unwrap_err();
    assert!(
        matches!(&err, StoreError::Io { detail } if detail.contains("0002_consent_and_sync.sql")),
        "{err:?}"
    );
    let conn = Connection::open(dir.db()).unwrap();
    assert_eq!(user_version(&conn), 1);
    assert!(!columns(&conn, "attendances").contains(&"consent_at".to_string()));
    let notes: String = conn
        .query_row("SELECT notes FROM attendances WHERE id = ?1", [V1_ID], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(notes, "Notas antigas");
}

#[test]
fn a_file_from_a_newer_balcao_is_refused_not_downgraded() {
    let dir = TempDir::new("future");
    {
        let conn = Connection::open(dir.db()).unwrap();
        conn.execute_batch(SCHEMA_V1).unwrap();
        conn.execute_batch(&format!("PRAGMA user_version = {};", SCHEMA_VERSION + 1))
            .unwrap();
    }
    let before = std::fs::read(dir.db()).unwrap();
    let err = Store::open(&dir.db()).unwrap_err();
    match &err {
        StoreError::NewerSchema { found, known } => {
            assert_eq!((*found, *known), (SCHEMA_VERSION + 1, SCHEMA_VERSION));
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("newer"), "{err}");
    assert_eq!(std::fs::read(dir.db()).unwrap(), before, "the file is untouched");
    assert!(!dir.path().join("balcao.sqlite3-wal").exists());
}
