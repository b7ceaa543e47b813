//! The minimisation rules against an attendance full of identity data, every field the central
//! server must name, and (by proptest) whatever a mediator might type.

use super::*;
use proptest::prelude::*;
use serde_json::json;

/// An attendance as the counter's store serialises it, full of identity data.
fn attendance(free: &str) -> Value {
    json!({
        "id": "a1",
        "origin": {"spot": "EC-1", "counter": "1", "mediator": "ana"},
        "started_at": 1, "ended_at": 9,
        "citizen": {"name": "Maria", "nif": "123456789", "cc_number": null, "phone": "912345678", "email": "m@x.pt"},
        "lines": [
            {"service_id": "s1", "started_at": 1, "ended_at": 2, "current_step": 0, "documents_checked": [],
             "outcome": {"kind": "pendente", "awaiting": free}, "notes": free},
            {"service_id": "s2", "started_at": 2, "ended_at": 3, "current_step": 1, "documents_checked": [0],
             "outcome": {"kind": "encaminhado", "to": "seg-social"}, "notes": ""},
            {"service_id": "s3", "started_at": 3, "ended_at": 4, "current_step": 0, "documents_checked": [],
             "outcome": {"kind": "encaminhado", "to": free}, "notes": ""},
            {"service_id": "s4", "started_at": 4, "ended_at": 5, "current_step": 0, "documents_checked": [],
             "outcome": {"kind": "nao-foi-possivel", "reason": free}, "notes": ""},
        ],
        "notes": free,
        "consent_at": 1, "lang": "pt-PT",
        "mirror": {"live_seconds": 3, "paused_seconds": 0, "pauses": 0}
    })
}

#[test]
fn an_attendance_leaves_without_identity_but_with_its_statistics() {
    let mut payload = attendance("ligar à Maria");
    assert!(minimise("attendance.ended", &mut payload));
    assert_eq!(payload["citizen"], Value::Null);
    assert_eq!(payload["notes"], "");
    assert_eq!(payload["lines"][0]["notes"], "");
    assert_eq!(
        payload["lines"][0]["outcome"],
        json!({"kind": "pendente", "awaiting": ""})
    );
    assert_eq!(
        payload["lines"][1]["outcome"]["to"], "seg-social",
        "a catalogue entity stays"
    );
    assert_eq!(
        payload["lines"][2]["outcome"]["to"], "",
        "a free description does not"
    );
    assert_eq!(payload["lines"][3]["outcome"]["reason"], "");
    // What the statistics and the audit need is untouched.
    for key in [
        "id",
        "origin",
        "started_at",
        "ended_at",
        "consent_at",
        "lang",
        "mirror",
    ] {
        assert_eq!(payload[key], attendance("")[key], "{key}");
    }
    assert_eq!(payload["lines"][1]["documents_checked"], json!([0]));
    assert_eq!(identifier_in("attendance.ended", &payload), None);
    assert!(
        !minimise("attendance.ended", &mut payload),
        "minimising twice changes nothing"
    );
}

#[test]
fn every_identifying_field_is_named() {
    type Step = fn(&mut Value);
    let cases: [(Step, &str); 7] = [
        (|_| {}, "payload.citizen.email"),
        (|p| p["citizen"] = Value::Null, "payload.notes"),
        (|p| p["notes"] = json!(""), "payload.lines[0].notes"),
        (
            |p| p["lines"][0]["notes"] = json!(""),
            "payload.lines[0].outcome.awaiting",
        ),
        (
            |p| p["lines"][0]["outcome"]["awaiting"] = json!(""),
            "payload.lines[2].outcome.to",
        ),
        (
            |p| p["lines"][2]["outcome"]["to"] = json!("ama"),
            "payload.lines[3].outcome.reason",
        ),
        (
            |p| p["lines"][3]["outcome"]["reason"] = json!(""),
            "payload.origin.mediator",
        ),
    ];
    let mut payload = attendance("Loja X");
    payload["origin"]["mediator"] = json!("ana@camara.pt");
    for (step, field) in cases {
        step(&mut payload);
        assert_eq!(
            identifier_in("line.notes", &payload).map(|f| f.field),
            Some(field.to_owned())
        );
    }
}

#[test]
fn a_cash_reason_keeps_its_words_unless_they_identify_someone() {
    let mut cancellation = json!({"id": "c1", "payment_id": "p1", "reason": "valor errado"});
    assert!(!minimise("cash.cancellation", &mut cancellation));
    assert_eq!(identifier_in("cash.cancellation", &cancellation), None);

    let mut payment = json!({"id": "p1", "method": {"kind": "exempt", "reason": "NIF 123 456 789"}});
    assert_eq!(
        identifier_in("cash.payment", &payment),
        Some(Found {
            field: "payload.method.reason".into(),
            what: "number"
        })
    );
    assert!(minimise("cash.payment", &mut payment));
    assert_eq!(payment["method"]["reason"], WITHHELD);
    assert_eq!(identifier_in("cash.payment", &payment), None);
    assert!(!minimise("cash.payment", &mut payment));
}

#[test]
fn catalogue_ids_are_slugs_with_a_letter() {
    assert!(is_catalogue_id("seg-social"));
    assert!(is_catalogue_id("irn"));
    for not in [
        "",
        "Loja do Cidadão",
        "123456789",
        "a123456789",
        "x_y",
        &"a".repeat(65),
    ] {
        assert!(!is_catalogue_id(not), "{not}");
    }
}

proptest! {
    /// Whatever a mediator typed, nothing identifying survives minimisation, and minimising is
    /// idempotent.
    #[test]
    fn nothing_typed_survives(free in "\\PC{0,40}", reason in "[a-z0-9@. +-]{0,30}") {
        for kind in ["attendance.started", "line.outcome"] {
            let mut payload = attendance(&free);
            minimise(kind, &mut payload);
            prop_assert_eq!(identifier_in(kind, &payload), None);
            let again = payload.clone();
            prop_assert!(!minimise(kind, &mut payload));
            prop_assert_eq!(payload, again);
        }
        let mut closing = json!({"session": {"id": "s"}, "reason": reason});
        minimise("cash.session-closed", &mut closing);
        prop_assert_eq!(identifier_in("cash.session-closed", &closing), None);
    }
}

/// Found by the `central_records` fuzz target: an attendance payload with a `reason` outside a line's
/// outcome kept an identifier through `minimise`, which `identifier_in` refused, so the server would
/// refuse a record the counter had minimised. Every `reason` is now withheld, whatever the kind.
#[test]
fn a_reason_anywhere_in_an_attendance_is_withheld_as_the_server_would_refuse_it() {
    let mut payload = serde_json::json!({
        "citizen": null,
        "notes": "",
        "lines": [{"notes": "", "outcome": {"kind": "concluido"}}],
        "reason": "NIF 123456789",
    });
    assert!(identifier_in("attendance.ended", &payload).is_some());
    assert!(minimise("attendance.ended", &mut payload));
    assert_eq!(payload["reason"], WITHHELD);
    assert_eq!(identifier_in("attendance.ended", &payload), None);
    assert!(!minimise("attendance.ended", &mut payload));
}
