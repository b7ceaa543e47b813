//! A whole attendance through the store, checked against the core model run by hand.
//!
//! The store must remember exactly what the core decided, refuse exactly what the core refuses
//! (writing nothing when it does), and leave one outbox record per accepted action, each with its own
//! UUIDv7, so the agency counts every change once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_core::attendance::{Attendance, AttendanceError, Citizen, Outcome, UtcMillis};
use balcao_core::text::Lang;
use balcao_store::outbox::kind;
use balcao_store::{Store, StoreError};
use common::{origin, t};
use std::collections::HashSet;

fn citizen() -> Citizen {
    Citizen {
        name: Some("Maria da Conceição Antunes".into()),
        nif: Some("123456789".into()),
        cc_number: None,
        phone: Some("+351912345678".into()),
        email: None,
    }
}

/// Runs a complete attendance through the store and, in parallel, through the core model.
fn full_flow(store: &mut Store) -> (Attendance, Attendance) {
    let a = store.begin_attendance(origin(), t(0)).unwrap();
    let mut expected = Attendance::new(a.id.clone(), origin(), t(0));
    assert_eq!(a, expected);

    store.set_citizen(&a.id, citizen(), Some(t(5)), t(6)).unwrap();
    expected.citizen = Some(citizen());

    assert_eq!(
        store
            .add_service(&a.id, "imt-revalidar-carta-conducao", t(10))
            .unwrap(),
        0
    );
    expected
        .add_service("imt-revalidar-carta-conducao", t(10))
        .unwrap();
    assert_eq!(
        store
            .add_service(&a.id, "irn-alterar-morada-cartao-cidadao", t(20))
            .unwrap(),
        1
    );
    expected
        .add_service("irn-alterar-morada-cartao-cidadao", t(20))
        .unwrap();

    store.set_step(&a.id, 0, 3, t(30)).unwrap();
    expected.lines[0].current_step = 3;
    store.set_documents(&a.id, 0, vec![2, 0], t(31)).unwrap();
    expected.lines[0].documents_checked = vec![2, 0];
    store
        .set_line_notes(&a.id, 0, "Atestado médico entregue em papel.", t(32))
        .unwrap();
    expected.lines[0].notes = "Atestado médico entregue em papel.".into();
    store.set_outcome(&a.id, 0, Outcome::Concluido, t(40)).unwrap();
    expected.set_outcome(0, Outcome::Concluido, t(40)).unwrap();
    let pending = Outcome::Pendente {
        awaiting: "Código de alteração de morada (carta)".into(),
    };
    store.set_outcome(&a.id, 1, pending.clone(), t(50)).unwrap();
    expected.set_outcome(1, pending, t(50)).unwrap();
    store
        .set_notes(&a.id, "Cidadã volta com o código.", t(55))
        .unwrap();
    expected.notes = "Cidadã volta com o código.".into();
    let ended = store.end_attendance(&a.id, t(60)).unwrap();
    expected.end(t(60)).unwrap();
    assert_eq!(ended, expected);
    (store.load(&a.id).unwrap(), expected)
}

#[test]
fn a_full_attendance_round_trips() {
    let mut store = Store::open_in_memory().unwrap();
    let (loaded, expected) = full_flow(&mut store);
    assert_eq!(loaded, expected);
    assert!(store.open_attendance().unwrap().is_none());
    let snapshot = store.load_snapshot(&loaded.id).unwrap();
    assert_eq!(snapshot.consent_at, Some(t(5)));
    assert_eq!(snapshot.lang, Lang::Pt);
    // The id is a UUIDv7 made from the time passed in, not from the clock.
    let id = uuid::Uuid::parse_str(&loaded.id).unwrap();
    assert_eq!(id.get_version_num(), 7);
    let (secs, nanos) = id.get_timestamp().unwrap().to_unix();
    assert_eq!(
        i64::try_from(secs).unwrap() * 1000 + i64::from(nanos / 1_000_000),
        t(0).0
    );
}

#[test]
fn every_action_adds_exactly_one_outbox_record_with_a_unique_uuidv7() {
    let mut store = Store::open_in_memory().unwrap();
    let (a, _) = full_flow(&mut store);
    let a_id = a.id;
    // And the two operations the flow does not use.
    let b = store.begin_attendance(origin(), t(100)).unwrap();
    store.set_lang(&b.id, Lang::En, t(101)).unwrap();

    let entries = store.outbox_peek(100).unwrap();
    let kinds: Vec<&str> = entries.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            kind::ATTENDANCE_STARTED,
            kind::ATTENDANCE_CITIZEN,
            kind::LINE_ADDED,
            kind::LINE_ADDED,
            kind::LINE_STEP,
            kind::LINE_DOCUMENTS,
            kind::LINE_NOTES,
            kind::LINE_OUTCOME,
            kind::LINE_OUTCOME,
            kind::ATTENDANCE_NOTES,
            kind::ATTENDANCE_ENDED,
            kind::ATTENDANCE_STARTED,
            kind::ATTENDANCE_LANG,
        ]
    );
    assert_eq!(store.outbox_len().unwrap(), 13);
    // Every attendance kind the store can write was written (the cash kinds: tests/cash.rs; the
    // account kind: tests/accounts.rs; the follow-up and day-check kinds: tests/followups.rs).
    let written: HashSet<&str> = kinds.iter().copied().collect();
    assert_eq!(
        written,
        kind::ALL
            .iter()
            .copied()
            .filter(|k| {
                !k.starts_with("cash.")
                    && !k.starts_with("account.")
                    && !k.starts_with("followup.")
                    && !k.starts_with("daycheck.")
            })
            .collect()
    );

    let mut ids = HashSet::new();
    for (i, e) in entries.iter().enumerate() {
        let uuid = uuid::Uuid::parse_str(&e.record_id).unwrap();
        assert_eq!(uuid.get_version_num(), 7, "{}", e.record_id);
        assert!(ids.insert(e.record_id.clone()), "duplicate {}", e.record_id);
        assert!(i == 0 || entries[i - 1].seq < e.seq);
        assert_eq!(e.attempts, 0);
        assert_eq!(e.last_error, None);
        // The payload is the attendance as it stood right after the change.
        let snapshot = e.snapshot().unwrap();
        assert_eq!(snapshot.attendance.id, e.attendance_id);
    }
    // UUIDv7s sort by time: the records' ids are in writing order.
    let mut sorted: Vec<&String> = entries.iter().map(|e| &e.record_id).collect();
    sorted.sort();
    assert_eq!(sorted, entries.iter().map(|e| &e.record_id).collect::<Vec<_>>());

    let last_of_a = entries.iter().rfind(|e| e.attendance_id == a_id).unwrap();
    assert_eq!(last_of_a.created_at, t(60));
    let snapshot = last_of_a.snapshot().unwrap();
    // The outbox holds what leaves the counter: the attendance without the citizen's identity, the
    // notes or what the mediator typed about an outcome; the local tables keep all of it.
    let mut local = store.load(&a_id).unwrap();
    assert_eq!(
        local.citizen.as_ref().and_then(|c| c.nif.as_deref()),
        Some("123456789")
    );
    local.citizen = None;
    local.notes.clear();
    for line in &mut local.lines {
        line.notes.clear();
        if let Some(Outcome::Pendente { awaiting }) = &mut line.outcome {
            awaiting.clear();
        }
    }
    assert_eq!(snapshot.attendance, local);
    assert_eq!(snapshot.consent_at, Some(t(5)));
    // The payload is the core's JSON with the store's two fields beside it.
    let json: serde_json::Value = serde_json::from_str(&last_of_a.payload).unwrap();
    assert_eq!(json["lines"][1]["outcome"]["kind"], "pendente");
    assert_eq!(json["lang"], "pt-PT");
    assert_eq!(json["citizen"], serde_json::Value::Null);
    for entry in &entries {
        for secret in [
            "123456789",
            "Atestado médico",
            "Código de alteração",
            "volta com o código",
        ] {
            assert!(!entry.payload.contains(secret), "{secret} in {}", entry.kind);
        }
    }

    assert_eq!(store.outbox_peek(2).unwrap(), entries[..2]);
}

#[test]
fn a_refused_action_writes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let a = store.begin_attendance(origin(), t(0)).unwrap();
    store.add_service(&a.id, "s", t(1)).unwrap();
    let before_outbox = store.outbox_peek(100).unwrap();
    let before = store.load_snapshot(&a.id).unwrap();

    let refusals: Vec<(StoreError, AttendanceError)> = vec![
        (
            store.end_attendance(&a.id, t(2)).unwrap_err(),
            AttendanceError::LineWithoutOutcome { index: 0 },
        ),
        (
            store
                .set_outcome(&a.id, 0, Outcome::NaoFoiPossivel { reason: " ".into() }, t(3))
                .unwrap_err(),
            AttendanceError::OutcomeNeedsDetail {
                outcome: "nao-foi-possivel",
            },
        ),
        (
            store.set_outcome(&a.id, 5, Outcome::Concluido, t(3)).unwrap_err(),
            AttendanceError::NoSuchLine { index: 5 },
        ),
        (
            store.set_step(&a.id, 1, 2, t(4)).unwrap_err(),
            AttendanceError::NoSuchLine { index: 1 },
        ),
        (
            store.set_documents(&a.id, 3, vec![0], t(4)).unwrap_err(),
            AttendanceError::NoSuchLine { index: 3 },
        ),
        (
            store.set_line_notes(&a.id, 9, "x", t(4)).unwrap_err(),
            AttendanceError::NoSuchLine { index: 9 },
        ),
    ];
    for (got, want) in refusals {
        match got {
            StoreError::Rule(e) => assert_eq!(e, want),
            other => panic!("expected {want:?}, got {other:?}"),
        }
    }
    assert_eq!(store.outbox_peek(100).unwrap(), before_outbox);
    assert_eq!(store.load_snapshot(&a.id).unwrap(), before);

    // An ended attendance refuses every change, including the store's own fields.
    store.set_outcome(&a.id, 0, Outcome::Concluido, t(5)).unwrap();
    store.end_attendance(&a.id, t(6)).unwrap();
    let outbox = store.outbox_len().unwrap();
    let ended = store.load_snapshot(&a.id).unwrap();
    let errors = [
        store.add_service(&a.id, "s", t(7)).map(|_| ()).unwrap_err(),
        store.set_step(&a.id, 0, 1, t(7)).map(|_| ()).unwrap_err(),
        store
            .set_documents(&a.id, 0, vec![1], t(7))
            .map(|_| ())
            .unwrap_err(),
        store.set_line_notes(&a.id, 0, "x", t(7)).map(|_| ()).unwrap_err(),
        store.set_notes(&a.id, "x", t(7)).map(|_| ()).unwrap_err(),
        store
            .set_citizen(&a.id, citizen(), Some(t(7)), t(7))
            .map(|_| ())
            .unwrap_err(),
        store.set_lang(&a.id, Lang::En, t(7)).map(|_| ()).unwrap_err(),
        store.end_attendance(&a.id, t(8)).map(|_| ()).unwrap_err(),
    ];
    for e in errors {
        assert!(
            matches!(e, StoreError::Rule(AttendanceError::AlreadyEnded)),
            "{e:?}"
        );
    }
    assert_eq!(store.outbox_len().unwrap(), outbox);
    assert_eq!(store.load_snapshot(&a.id).unwrap(), ended);
}

#[test]
fn a_clock_set_back_cannot_end_an_attendance_before_it_began() {
    let mut store = Store::open_in_memory().unwrap();
    let a = store.begin_attendance(origin(), t(100)).unwrap();
    store.add_service(&a.id, "s", t(101)).unwrap();
    store.set_outcome(&a.id, 0, Outcome::Concluido, t(102)).unwrap();
    let outbox = store.outbox_len().unwrap();
    assert!(matches!(
        store.end_attendance(&a.id, t(50)),
        Err(StoreError::Rule(AttendanceError::EndsBeforeStart))
    ));
    assert_eq!(store.outbox_len().unwrap(), outbox);
    assert!(store.load(&a.id).unwrap().is_open());
}

#[test]
fn only_one_attendance_is_open_at_a_time() {
    let mut store = Store::open_in_memory().unwrap();
    let a = store.begin_attendance(origin(), t(0)).unwrap();
    match store.begin_attendance(origin(), t(1)) {
        Err(StoreError::AlreadyOpen { id }) => assert_eq!(id, a.id),
        other => panic!("{other:?}"),
    }
    assert_eq!(store.outbox_len().unwrap(), 1);
    assert_eq!(store.open_attendance().unwrap(), Some(a.clone()));
    store.add_service(&a.id, "s", t(2)).unwrap();
    store.set_outcome(&a.id, 0, Outcome::Concluido, t(3)).unwrap();
    store.end_attendance(&a.id, t(4)).unwrap();
    let b = store.begin_attendance(origin(), t(5)).unwrap();
    assert_ne!(a.id, b.id);
    assert_eq!(store.open_attendance().unwrap(), Some(b));
}

#[test]
fn an_unknown_attendance_is_not_found_and_writes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let missing = "01900000-0000-7000-8000-000000000000";
    assert!(matches!(store.load(missing), Err(StoreError::NotFound { id }) if id == missing));
    assert!(matches!(
        store.add_service(missing, "s", t(0)),
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store.end_attendance(missing, t(0)),
        Err(StoreError::NotFound { .. })
    ));
    assert_eq!(store.outbox_len().unwrap(), 0);
}

#[test]
fn consent_and_citizen_can_be_given_changed_and_withdrawn() {
    let mut store = Store::open_in_memory().unwrap();
    let a = store.begin_attendance(origin(), t(0)).unwrap();
    let s = store.load_snapshot(&a.id).unwrap();
    assert_eq!(
        (s.attendance.citizen, s.consent_at, s.lang),
        (None, None, Lang::Pt)
    );

    let after = store.set_citizen(&a.id, citizen(), Some(t(1)), t(2)).unwrap();
    assert_eq!(after.citizen, Some(citizen()));
    assert_eq!(store.load_snapshot(&a.id).unwrap().consent_at, Some(t(1)));

    // An identification with every field empty is no identification; consent withdrawn with it.
    let after = store.set_citizen(&a.id, Citizen::default(), None, t(3)).unwrap();
    assert_eq!(after.citizen, None);
    let s = store.load_snapshot(&a.id).unwrap();
    assert_eq!((s.attendance.citizen, s.consent_at), (None, None));

    store.set_lang(&a.id, Lang::En, t(4)).unwrap();
    assert_eq!(store.load_snapshot(&a.id).unwrap().lang, Lang::En);
}

#[test]
fn today_s_list_is_the_half_open_interval_oldest_first() {
    let mut store = Store::open_in_memory().unwrap();
    let mut ids = Vec::new();
    for start in [0, 3600, 7200] {
        let a = store.begin_attendance(origin(), t(start)).unwrap();
        store.add_service(&a.id, "s", t(start + 1)).unwrap();
        store
            .set_outcome(&a.id, 0, Outcome::Concluido, t(start + 2))
            .unwrap();
        store.end_attendance(&a.id, t(start + 3)).unwrap();
        ids.push(a.id);
    }
    let list = |from, to| -> Vec<String> {
        store
            .attendances_between(from, to)
            .unwrap()
            .into_iter()
            .map(|a| a.id)
            .collect()
    };
    assert_eq!(list(t(0), t(86_400)), ids);
    assert_eq!(list(t(0), t(7200)), ids[..2]);
    assert_eq!(list(t(1), t(7201)), ids[1..]);
    assert!(list(UtcMillis(0), t(0)).is_empty());
    let full = store.attendances_between(t(0), t(1)).unwrap();
    assert_eq!(full[0].lines[0].outcome, Some(Outcome::Concluido));
    assert_eq!(full[0].ended_at, Some(t(3)));
}
