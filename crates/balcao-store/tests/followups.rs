//! Follow-ups kept across days: opened with the *pendente* outcome, closed by the return visit's final
//! outcome or directly, each change with its outbox row and nothing personal in it; and the
//! start-of-day check's reports.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_core::attendance::{Citizen, Outcome};
use balcao_core::followup::{Day, FollowUpError, Notify};
use balcao_store::daycheck::Trigger;
use balcao_store::{Store, StoreError};
use common::{origin, t};
use serde_json::{Value, json};

const DAY: i64 = 86_400;

fn day(s: &str) -> Day {
    Day::parse(s).unwrap()
}

/// An attendance for the CC address change, identified, with the line left open; returns its id.
fn attendance(store: &mut Store, at: i64) -> String {
    let a = store.begin_attendance(origin(), t(at)).unwrap();
    let citizen = Citizen {
        name: Some("Maria Alves".into()),
        phone: Some("912345678".into()),
        ..Citizen::default()
    };
    store.set_citizen(&a.id, citizen, Some(t(at)), t(at)).unwrap();
    store
        .add_service(&a.id, "irn-alterar-morada-cartao-cidadao", t(at + 1))
        .unwrap();
    a.id
}

fn outbox(store: &Store) -> Vec<(String, Value)> {
    store
        .outbox_peek(1000)
        .unwrap()
        .into_iter()
        .map(|e| (e.kind, serde_json::from_str(&e.payload).unwrap()))
        .collect()
}

#[test]
fn a_pending_line_opens_a_follow_up_that_the_return_visit_closes() {
    let mut store = Store::open_in_memory().unwrap();
    // t(0) is 2026-03-02 09:00 in Lisbon.
    let first = attendance(&mut store, 0);
    let (_, f) = store
        .set_pending(
            &first,
            0,
            "Carta com o código de confirmação",
            day("2026-03-12"),
            Notify::Phone,
            t(60),
        )
        .unwrap();
    store.end_attendance(&first, t(120)).unwrap();

    let list = store.open_followups().unwrap();
    assert_eq!(list.len(), 1);
    let item = &list[0];
    assert_eq!(item.followup.id, f.id);
    assert_eq!(item.followup.awaiting, "Carta com o código de confirmação");
    assert_eq!(item.followup.due_on, day("2026-03-12"));
    assert_eq!(item.citizen_name.as_deref(), Some("Maria Alves"));
    assert_eq!(
        item.phone.as_deref(),
        Some("912345678"),
        "a phone contact shows the number"
    );
    assert_eq!(item.email, None);

    // Ten days later the citizen comes back; the return visit is linked and has the same service.
    let back = store.begin_return(&f.id, origin(), t(10 * DAY)).unwrap();
    assert_eq!(back.lines.len(), 1);
    assert_eq!(back.lines[0].service_id, "irn-alterar-morada-cartao-cidadao");
    assert_eq!(store.followup_of_line(&back.id, 0).unwrap().unwrap().id, f.id);
    assert_eq!(
        store.open_followups().unwrap().len(),
        1,
        "still open until the final outcome"
    );

    store
        .set_outcome(&back.id, 0, Outcome::Concluido, t(10 * DAY + 300))
        .unwrap();
    assert!(store.open_followups().unwrap().is_empty());
    let closed = store.followup(&f.id).unwrap().followup;
    assert_eq!(closed.outcome.as_deref(), Some("concluido"));
    assert_eq!(closed.closed_at, Some(t(10 * DAY + 300)));
    assert_eq!(closed.linked_attendance_id.as_deref(), Some(back.id.as_str()));

    let records = outbox(&store);
    let opened: Vec<&Value> = records
        .iter()
        .filter(|(k, _)| k == "followup.opened")
        .map(|(_, p)| p)
        .collect();
    let closed: Vec<&Value> = records
        .iter()
        .filter(|(k, _)| k == "followup.closed")
        .map(|(_, p)| p)
        .collect();
    assert_eq!(opened.len(), 1);
    assert_eq!(
        *opened[0],
        json!({"id": f.id, "attendance_id": first, "line": 0, "service_id": "irn-alterar-morada-cartao-cidadao",
               "due_on": "2026-03-12", "notify": "phone", "opened_at": t(60).0})
    );
    assert_eq!(
        *closed[0],
        json!({"id": f.id, "service_id": "irn-alterar-morada-cartao-cidadao", "due_on": "2026-03-12",
               "outcome": "concluido", "closed_at": t(10 * DAY + 300).0, "linked_attendance_id": back.id})
    );
    // Nothing awaited, no name, no phone leaves in these rows.
    for (kind, payload) in &records {
        if kind.starts_with("followup.") {
            let text = payload.to_string();
            for secret in ["Carta", "Maria", "912345678"] {
                assert!(!text.contains(secret), "{kind} carries {secret}: {text}");
            }
        }
    }
}

#[test]
fn still_pending_on_return_keeps_one_follow_up_with_the_new_day() {
    let mut store = Store::open_in_memory().unwrap();
    let first = attendance(&mut store, 0);
    let (_, f) = store
        .set_pending(&first, 0, "Cartão novo", day("2026-03-05"), Notify::Return, t(60))
        .unwrap();
    store.end_attendance(&first, t(120)).unwrap();
    let back = store.begin_return(&f.id, origin(), t(4 * DAY)).unwrap();
    store
        .set_pending(
            &back.id,
            0,
            "Cartão ainda não chegou",
            day("2026-03-16"),
            Notify::Phone,
            t(4 * DAY + 60),
        )
        .unwrap();
    let list = store.open_followups().unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0].followup.id, f.id);
    assert_eq!(list[0].followup.due_on, day("2026-03-16"));
    assert_eq!(list[0].followup.notify, Notify::Phone);
}

#[test]
fn a_follow_up_closes_directly_once_and_only_with_a_final_outcome() {
    let mut store = Store::open_in_memory().unwrap();
    let a = attendance(&mut store, 0);
    let (_, f) = store
        .set_pending(
            &a,
            0,
            "Resposta da Segurança Social",
            day("2026-03-20"),
            Notify::Email,
            t(60),
        )
        .unwrap();
    store.end_attendance(&a, t(120)).unwrap();
    let pending = Outcome::Pendente { awaiting: "x".into() };
    assert!(matches!(
        store.close_followup(&f.id, &pending, "rui.lopes", t(DAY)),
        Err(StoreError::FollowUp(FollowUpError::NotPending))
    ));
    let closed = store
        .close_followup(
            &f.id,
            &Outcome::NaoFoiPossivel {
                reason: "desistiu".into(),
            },
            "rui.lopes",
            t(DAY),
        )
        .unwrap();
    assert_eq!(closed.outcome.as_deref(), Some("nao-foi-possivel"));
    assert!(matches!(
        store.close_followup(&f.id, &Outcome::Concluido, "rui.lopes", t(DAY + 1)),
        Err(StoreError::FollowUp(FollowUpError::AlreadyClosed))
    ));
    assert!(matches!(
        store.begin_return(&f.id, origin(), t(2 * DAY)),
        Err(StoreError::FollowUp(FollowUpError::AlreadyClosed))
    ));
    assert!(store.begin_return("nope", origin(), t(2 * DAY)).is_err());
    let kinds: Vec<String> = outbox(&store).into_iter().map(|(k, _)| k).collect();
    assert_eq!(kinds.iter().filter(|k| *k == "followup.closed").count(), 1);
}

#[test]
fn a_due_day_in_the_past_writes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let a = attendance(&mut store, 0);
    let before = store.outbox_len().unwrap();
    let err = store
        .set_pending(&a, 0, "Cartão", day("2026-03-01"), Notify::Return, t(60))
        .unwrap_err();
    assert!(
        matches!(err, StoreError::FollowUp(FollowUpError::DueInPast)),
        "{err:?}"
    );
    assert_eq!(store.outbox_len().unwrap(), before);
    assert!(store.load(&a).unwrap().lines[0].outcome.is_none());
    assert!(store.open_followups().unwrap().is_empty());
}

#[test]
fn correcting_a_pending_outcome_before_the_end_closes_its_follow_up() {
    let mut store = Store::open_in_memory().unwrap();
    let a = attendance(&mut store, 0);
    let (_, f) = store
        .set_pending(&a, 0, "Cartão", day("2026-03-10"), Notify::Return, t(60))
        .unwrap();
    store.set_outcome(&a, 0, Outcome::Concluido, t(90)).unwrap();
    assert!(store.open_followups().unwrap().is_empty());
    assert_eq!(
        store.followup(&f.id).unwrap().followup.outcome.as_deref(),
        Some("concluido")
    );
    // Set pendente again: the same follow-up reopens, not a second one.
    store
        .set_pending(&a, 0, "Cartão", day("2026-03-11"), Notify::Return, t(100))
        .unwrap();
    let list = store.open_followups().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].followup.id, f.id);
}

#[test]
fn the_list_is_sorted_by_due_day_across_days() {
    let mut store = Store::open_in_memory().unwrap();
    let dues = ["2026-03-20", "2026-03-04", "2026-03-12"];
    for (i, due) in dues.iter().enumerate() {
        let at = i64::try_from(i).unwrap() * DAY;
        let a = attendance(&mut store, at);
        store
            .set_pending(&a, 0, "x", day(due), Notify::Return, t(at + 60))
            .unwrap();
        store.end_attendance(&a, t(at + 120)).unwrap();
    }
    let order: Vec<String> = store
        .open_followups()
        .unwrap()
        .into_iter()
        .map(|i| i.followup.due_on.key())
        .collect();
    assert_eq!(order, ["2026-03-04", "2026-03-12", "2026-03-20"]);
}

#[test]
fn a_day_check_is_kept_and_queued_and_today_s_is_known() {
    let mut store = Store::open_in_memory().unwrap();
    assert!(!store.day_checked("2", t(0)).unwrap());
    assert_eq!(store.last_day_check("2").unwrap(), None);
    let report =
        json!({"at": t(0).0, "items": [{"check": "printer", "status": "fail", "message": {"id": "x"}}]});
    let sent =
        json!({"at": t(0).0, "items": [{"check": "printer", "status": "fail", "detail": {"name": "HP"}}]});
    let id = store
        .record_day_check("2", "ana.sousa", Trigger::DayStart, &report, &sent, t(0))
        .unwrap();
    assert!(store.day_checked("2", t(3600)).unwrap());
    assert!(
        !store.day_checked("3", t(3600)).unwrap(),
        "another counter's check is not this one's"
    );
    assert!(
        !store.day_checked("2", t(DAY)).unwrap(),
        "a new day needs a new check"
    );
    let last = store.last_day_check("2").unwrap().unwrap();
    assert_eq!(
        (last.id.as_str(), last.at, &last.report),
        (id.as_str(), t(0), &report)
    );
    let (kind, payload) = outbox(&store).pop().unwrap();
    assert_eq!(kind, "daycheck.ran");
    assert_eq!(
        payload,
        json!({"id": id, "counter": "2", "at": t(0).0, "trigger": "day-start", "items": sent["items"]})
    );
}
