//! The store's audit trail: one signed entry per record, in the record's transaction, and a local
//! verifier that names the first entry someone changed by hand.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_audit::{DeviceKey, Problem};
use balcao_core::attendance::{AttendanceError, Outcome};
use balcao_store::audit::LocalProblem;
use balcao_store::{Store, StoreError};
use common::{TempDir, origin, t};
use rusqlite::Connection;

fn key() -> DeviceKey {
    DeviceKey::from_seed(&[3; 32])
}

/// A file with an attendance of three actions (three records, three entries), signed by [`key`].
fn three_records(dir: &TempDir) -> Store {
    let mut store = Store::open(&dir.db()).unwrap();
    store.set_audit_key(Some(key())).unwrap();
    let a = store.begin_attendance(origin(), t(0)).unwrap();
    store
        .add_service(&a.id, "imt-revalidar-carta-conducao", t(1))
        .unwrap();
    store.set_outcome(&a.id, 0, Outcome::Concluido, t(2)).unwrap();
    store
}

/// Runs `sql` on the file as someone with the file and `sqlite3` would: dropping the triggers first.
fn hand_edit(dir: &TempDir, sql: &str) {
    let conn = Connection::open(dir.db()).unwrap();
    conn.execute_batch(&format!(
        "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; {sql}"
    ))
    .unwrap();
}

fn verify(dir: &TempDir) -> Result<balcao_audit::Head, LocalProblem> {
    Store::open(&dir.db())
        .unwrap()
        .audit_verify(&key().public())
        .unwrap()
}

#[test]
fn every_record_gets_one_signed_chained_entry_naming_it() {
    let dir = TempDir::new("audit-honest");
    let store = three_records(&dir);
    let entries = store.audit_entries(0, 100).unwrap();
    let outbox = store.outbox_peek(100).unwrap();
    assert_eq!(entries.len(), 3);
    for (entry, row) in entries.iter().zip(&outbox) {
        assert_eq!(entry.action, row.kind);
        assert_eq!(
            entry.record_ids,
            [row.record_id.clone(), row.attendance_id.clone()]
        );
        assert_eq!(entry.mediator, origin().mediator);
        assert_eq!(entry.at, row.created_at.0);
        assert_eq!(
            entry.payload_hash,
            balcao_audit::payload_hash(&row.payload).unwrap()
        );
        assert!(entry.signature.is_some());
    }
    let head = verify(&dir).unwrap();
    assert_eq!((head.seq, head.hash), (3, entries[2].hash()));
    assert_eq!(store.audit_public_key().unwrap(), Some(key().public().to_hex()));
    // The checkpoint is of that head, and signed.
    let checkpoint = store.audit_checkpoint().unwrap().unwrap();
    assert_eq!(checkpoint.head, head);
    assert!(checkpoint.verify(&key().public()));
}

#[test]
fn a_refused_action_appends_no_entry() {
    let dir = TempDir::new("audit-refused");
    let mut store = three_records(&dir);
    let id = store.open_attendance().unwrap().unwrap().id;
    // An outcome on a line that does not exist is refused by the core: no record, no entry.
    let refused = store.set_outcome(&id, 7, Outcome::Concluido, t(3));
    assert!(
        matches!(refused, Err(StoreError::Rule(AttendanceError::NoSuchLine { .. }))),
        "{refused:?}"
    );
    assert_eq!(store.audit_head().unwrap().seq, 3);
}

#[test]
fn the_triggers_refuse_an_ordinary_edit_or_delete() {
    let dir = TempDir::new("audit-triggers");
    drop(three_records(&dir));
    let conn = Connection::open(dir.db()).unwrap();
    for sql in [
        "UPDATE audit_log SET mediator = 'x' WHERE seq = 1",
        "DELETE FROM audit_log WHERE seq = 3",
    ] {
        let err = conn.execute(sql, []).unwrap_err().to_string();
        assert!(err.contains("never"), "{sql}: {err}");
    }
}

#[test]
fn the_local_verifier_names_the_first_entry_changed_by_hand() {
    let cases: [(&str, &str, LocalProblem); 5] = [
        (
            "edit",
            "UPDATE audit_log SET mediator = 'outra.pessoa' WHERE seq = 2",
            LocalProblem::Chain(Problem::Signature { seq: 2 }),
        ),
        (
            "delete",
            "DELETE FROM audit_log WHERE seq = 2",
            LocalProblem::Chain(Problem::Gap {
                expected: 2,
                found: 3,
            }),
        ),
        (
            "reorder",
            "UPDATE audit_log SET seq = 100 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; \
             UPDATE audit_log SET seq = 3 WHERE seq = 100",
            LocalProblem::Chain(Problem::Link { seq: 2, prev: 1 }),
        ),
        (
            "unsigned",
            "UPDATE audit_log SET signature = NULL WHERE seq = 1",
            LocalProblem::Chain(Problem::Unsigned { seq: 1 }),
        ),
        (
            "record",
            "UPDATE outbox SET payload = replace(payload, 'concluido', 'nao-foi-possivel') WHERE seq = 3",
            LocalProblem::RecordChanged {
                seq: 3,
                record_id: String::new(),
            },
        ),
    ];
    for (name, sql, expected) in cases {
        let dir = TempDir::new(&format!("audit-tamper-{name}"));
        let record_id = three_records(&dir).outbox_peek(3).unwrap()[2].record_id.clone();
        hand_edit(&dir, sql);
        let expected = match expected {
            LocalProblem::RecordChanged { seq, .. } => LocalProblem::RecordChanged { seq, record_id },
            other => other,
        };
        assert_eq!(verify(&dir), Err(expected), "{name}");
    }
}

#[test]
fn without_a_key_entries_are_chained_but_unsigned_and_say_so() {
    let mut store = Store::open_in_memory().unwrap();
    store.begin_attendance(origin(), t(0)).unwrap();
    let entries = store.audit_entries(0, 10).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].signature, None);
    assert_eq!(store.audit_checkpoint().unwrap(), None);
    assert_eq!(
        store.audit_verify(&key().public()).unwrap(),
        Err(LocalProblem::Chain(Problem::Unsigned { seq: 1 }))
    );
}

#[test]
fn the_sent_mark_only_moves_forward() {
    let dir = TempDir::new("audit-sent");
    let mut store = three_records(&dir);
    assert_eq!(store.audit_unsent(10).unwrap().len(), 3);
    store.audit_mark_sent(2).unwrap();
    store.audit_mark_sent(1).unwrap();
    assert_eq!(store.audit_sent_seq().unwrap(), 2);
    let unsent = store.audit_unsent(10).unwrap();
    assert_eq!(unsent.iter().map(|e| e.seq).collect::<Vec<_>>(), [3]);
}

#[test]
fn entries_are_sendable_only_once_their_records_have_left_the_outbox() {
    let dir = TempDir::new("audit-sendable");
    let mut store = three_records(&dir);
    assert!(store.audit_sendable(10).unwrap().is_empty());
    let outbox = store.outbox_peek(3).unwrap();
    // The first and third records are acknowledged; the second still waits, so only entry 1 goes.
    store
        .outbox_ack(&[outbox[0].record_id.as_str(), outbox[2].record_id.as_str()])
        .unwrap();
    let sendable = store.audit_sendable(10).unwrap();
    assert_eq!(sendable.iter().map(|e| e.seq).collect::<Vec<_>>(), [1]);
    store.outbox_ack(&[outbox[1].record_id.as_str()]).unwrap();
    assert_eq!(store.audit_sendable(2).unwrap().len(), 2);
    assert_eq!(store.audit_sendable(10).unwrap().len(), 3);
}
