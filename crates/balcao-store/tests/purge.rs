//! The counter erases a citizen's identification when the retention ends, and nothing else: over a
//! simulated half-year with the clock passed in, in the file's very bytes, in the quarantine, and on a
//! database made by schema 7 and upgraded.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_audit::DeviceKey;
use balcao_core::attendance::{Citizen, Outcome, UtcMillis};
use balcao_store::Store;
use balcao_store::migrate::MIGRATIONS;
use balcao_store::purge::{ACTION, PurgeReport, Retention};
use common::{TempDir, origin, t};

const DAY: i64 = 86_400;

fn citizen(nif: &str) -> Citizen {
    Citizen {
        name: Some(format!("Cidadã {nif}")),
        nif: Some(nif.into()),
        cc_number: None,
        phone: Some("912345678".into()),
        email: Some(format!("c{nif}@exemplo.pt")),
    }
}

/// An ended attendance with identification, notes and two services; `pending` leaves the second
/// one *pendente*. Ends at `at`.
fn attendance(store: &mut Store, nif: &str, pending: bool, at: UtcMillis) -> String {
    let s = |n: i64| UtcMillis(at.0 - 60_000 + n * 1000);
    let a = store.begin_attendance(origin(), s(0)).unwrap();
    store.set_citizen(&a.id, citizen(nif), Some(s(1)), s(1)).unwrap();
    store.set_notes(&a.id, &format!("nota de {nif}"), s(2)).unwrap();
    store
        .add_service(&a.id, "imt-revalidar-carta-conducao", s(3))
        .unwrap();
    store
        .add_service(&a.id, "irn-alterar-morada-cartao-cidadao", s(4))
        .unwrap();
    store
        .set_line_notes(&a.id, 0, &format!("linha de {nif}"), s(5))
        .unwrap();
    store
        .set_outcome(&a.id, 0, Outcome::Encaminhado { to: "imt".into() }, s(6))
        .unwrap();
    let second = if pending {
        Outcome::Pendente {
            awaiting: format!("carta para {nif}"),
        }
    } else {
        Outcome::NaoFoiPossivel {
            reason: format!("sem PIN, {nif}"),
        }
    };
    store.set_outcome(&a.id, 1, second, s(7)).unwrap();
    store.end_attendance(&a.id, at).unwrap();
    a.id
}

fn purge_entries(store: &Store) -> Vec<Vec<String>> {
    store
        .audit_entries(0, 100_000)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == ACTION)
        .map(|e| e.record_ids)
        .collect()
}

#[test]
fn identities_are_erased_when_the_retention_ends_and_nothing_else() {
    let dir = TempDir::new("purge-days");
    let mut store = Store::open(&dir.db()).unwrap();
    let key = DeviceKey::generate().unwrap();
    store.set_audit_key(Some(key.clone())).unwrap();
    let done = attendance(&mut store, "111111111", false, t(0));
    let pending = attendance(&mut store, "222222222", true, t(DAY));
    let later = attendance(&mut store, "333333333", false, t(25 * DAY));
    let before: Vec<_> = [&done, &pending, &later]
        .iter()
        .map(|id| store.load(id).unwrap())
        .collect();
    let outbox = store.outbox_len().unwrap();
    let retention = Retention::default();

    // Day 29: nothing is due.
    assert_eq!(
        store.purge(t(29 * DAY), retention).unwrap(),
        PurgeReport::default()
    );
    assert_eq!(store.load(&done).unwrap(), before[0]);

    // Day 31: the first attendance's identity and free text go; its shape stays.
    let report = store.purge(t(31 * DAY), retention).unwrap();
    assert_eq!(report.attendances, 1);
    let erased = store.load(&done).unwrap();
    assert_eq!(erased.citizen, None);
    assert_eq!(erased.notes, "");
    assert_eq!(erased.lines[0].notes, "");
    assert_eq!(
        erased.lines[0].outcome,
        Some(Outcome::Encaminhado { to: "imt".into() }),
        "a referral to a catalogue entity is not about the person"
    );
    assert_eq!(
        erased.lines[1].outcome,
        Some(Outcome::NaoFoiPossivel { reason: "".into() })
    );
    let mut expected = before[0].clone();
    expected.citizen = None;
    expected.notes.clear();
    expected.lines[0].notes.clear();
    expected.lines[1].outcome = erased.lines[1].outcome.clone();
    assert_eq!(erased, expected, "times, services and outcomes are kept");
    assert_eq!(store.purged_at(&done).unwrap(), Some(t(31 * DAY)));
    assert_eq!(
        store.load(&pending).unwrap(),
        before[1],
        "a pending service keeps it longer"
    );
    assert_eq!(store.load(&later).unwrap(), before[2]);

    // Again the same day: nothing changes, no new audit entry.
    assert_eq!(
        store.purge(t(31 * DAY), retention).unwrap(),
        PurgeReport::default()
    );
    assert_eq!(purge_entries(&store), vec![vec![done.clone()]]);

    // Day 56: the later one; day 182: the pending one, 180 days after it ended.
    assert_eq!(store.purge(t(56 * DAY), retention).unwrap().attendances, 1);
    assert_eq!(store.load(&later).unwrap().citizen, None);
    assert_eq!(store.purge(t(180 * DAY), retention).unwrap().attendances, 0);
    assert_eq!(store.purge(t(182 * DAY), retention).unwrap().attendances, 1);
    assert_eq!(store.load(&pending).unwrap().citizen, None);
    assert_eq!(
        store.load(&pending).unwrap().lines[1].outcome,
        Some(Outcome::Pendente { awaiting: "".into() })
    );

    // The records waiting to be sent, the statistics' rows and the audit trail are intact.
    assert_eq!(store.outbox_len().unwrap(), outbox);
    assert_eq!(store.attendances_between(t(-DAY), t(200 * DAY)).unwrap().len(), 3);
    assert_eq!(
        store.audit_verify(&key.public()).unwrap().map(|h| h.seq).ok(),
        Some(store.audit_head().unwrap().seq)
    );
    assert_eq!(purge_entries(&store).len(), 3);
    drop(store);

    // Not one of the values is left in the database file or its log.
    let mut bytes = std::fs::read(dir.db()).unwrap();
    bytes.extend(std::fs::read(dir.path().join("balcao.sqlite3-wal")).unwrap_or_default());
    for nif in ["111111111", "222222222", "333333333"] {
        for value in [
            nif.to_owned(),
            format!("Cidadã {nif}"),
            format!("nota de {nif}"),
            format!("linha de {nif}"),
        ] {
            let found = bytes.windows(value.len()).any(|w| w == value.as_bytes());
            assert!(!found, "{value:?} is still in the database file");
        }
    }
}

#[test]
fn retention_days_are_configurable_and_the_longer_applies_to_pending() {
    let mut store = Store::open_in_memory().unwrap();
    let pending = attendance(&mut store, "444444444", true, t(0));
    let short = Retention {
        days: 10,
        pending_days: 5,
    };
    // A pending attendance is never kept for less than the ordinary retention.
    assert_eq!(store.purge(t(9 * DAY), short).unwrap().attendances, 0);
    assert_eq!(store.purge(t(11 * DAY), short).unwrap().attendances, 1);
    assert_eq!(store.load(&pending).unwrap().citizen, None);
}

#[test]
fn an_open_attendance_is_never_erased() {
    let mut store = Store::open_in_memory().unwrap();
    let a = store.begin_attendance(origin(), t(0)).unwrap();
    store
        .set_citizen(&a.id, citizen("555555555"), Some(t(1)), t(1))
        .unwrap();
    assert_eq!(
        store
            .purge(t(400 * DAY), Retention::default())
            .unwrap()
            .attendances,
        0
    );
    assert!(store.load(&a.id).unwrap().citizen.is_some());
}

/// An outbox row as a version before minimisation wrote it, moved to the quarantine.
fn quarantine_full_row(dir: &TempDir, store: &mut Store, record_id: &str, at: UtcMillis) {
    let conn = rusqlite::Connection::open(dir.db()).unwrap();
    conn.execute(
        "INSERT INTO outbox (record_id, kind, attendance_id, payload, created_at) VALUES (?1, 'attendance.citizen', 'a1', ?2, ?3)",
        rusqlite::params![
            record_id,
            r#"{"id":"a1","origin":{"spot":"EC-0427","counter":"2","mediator":"m"},"citizen":{"nif":"666666666"},"notes":"nota 666666666","lines":[]}"#,
            at.0
        ],
    )
    .unwrap();
    drop(conn);
    assert!(store.outbox_quarantine(record_id, "personal-data", at).unwrap());
}

#[test]
fn a_quarantined_record_keeps_its_id_and_reason_and_loses_its_personal_values_once() {
    let dir = TempDir::new("purge-quarantine");
    let mut store = Store::open(&dir.db()).unwrap();
    quarantine_full_row(&dir, &mut store, "0190b7a0-0000-7000-8000-00000000000a", t(0));
    let report = store.purge(t(31 * DAY), Retention::default()).unwrap();
    assert_eq!(report.quarantined, 1);
    let kept = &store.quarantine_list().unwrap()[0];
    assert_eq!(kept.entry.record_id, "0190b7a0-0000-7000-8000-00000000000a");
    assert_eq!(kept.reason, "personal-data");
    assert!(
        !kept.entry.payload.contains("666666666"),
        "{}",
        kept.entry.payload
    );
    assert!(
        kept.entry.payload.contains("\"lines\""),
        "the shape stays: {}",
        kept.entry.payload
    );
    // The quarantine stays otherwise unchangeable, and a purged row cannot be changed again.
    let conn = rusqlite::Connection::open(dir.db()).unwrap();
    for sql in [
        "UPDATE quarantine SET reason = 'x'",
        "UPDATE quarantine SET payload = '{}'",
        "UPDATE quarantine SET payload = '{}', purged_at = 1",
        "DELETE FROM quarantine",
    ] {
        assert!(conn.execute(sql, []).is_err(), "{sql} was allowed");
    }
    assert_eq!(
        store.purge(t(62 * DAY), Retention::default()).unwrap(),
        PurgeReport::default()
    );
}

#[test]
fn a_database_from_schema_7_is_upgraded_and_purged() {
    let dir = TempDir::new("purge-v7");
    {
        // Schema 7 exactly as its frozen migration files make it, with an attendance as that version
        // stored it.
        let conn = rusqlite::Connection::open(dir.db()).unwrap();
        for m in &MIGRATIONS[..7] {
            conn.execute_batch(m.sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 7).unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO attendances (id, spot, counter, mediator, started_at, ended_at, name, nif, phone, notes, lang, consent_at) \
             VALUES ('old', 'EC-0427', '2', 'ana', {s}, {e}, 'Maria Antiga', '777777777', '917777777', 'nota antiga', 'pt-PT', {s}); \
             INSERT INTO service_lines (attendance_id, position, service_id, started_at, ended_at, current_step, documents_checked, outcome_kind, outcome_detail, notes) \
             VALUES ('old', 0, 'imt-revalidar-carta-conducao', {s}, {e}, 2, '[0]', 'nao-foi-possivel', 'sem PIN da Maria', 'nota da linha');",
            s = t(0).0,
            e = t(60).0
        ))
        .unwrap();
    }
    let mut store = Store::open(&dir.db()).unwrap();
    assert_eq!(store.purged_at("old").unwrap(), None);
    assert_eq!(
        store.load("old").unwrap().citizen.unwrap().nif.as_deref(),
        Some("777777777")
    );
    let report = store.purge(t(40 * DAY), Retention::default()).unwrap();
    assert_eq!(report.attendances, 1);
    let old = store.load("old").unwrap();
    assert_eq!(old.citizen, None);
    assert_eq!((old.notes.as_str(), old.lines[0].notes.as_str()), ("", ""));
    assert_eq!(
        old.lines[0].outcome,
        Some(Outcome::NaoFoiPossivel { reason: "".into() })
    );
    assert_eq!(old.lines[0].documents_checked, vec![0]);
    drop(store);
    let bytes = std::fs::read(dir.db()).unwrap();
    for value in ["777777777", "Maria Antiga", "nota antiga", "sem PIN da Maria"] {
        assert!(
            !bytes.windows(value.len()).any(|w| w == value.as_bytes()),
            "{value:?} left in the file"
        );
    }
}
