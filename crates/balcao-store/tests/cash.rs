//! The cash records in the store: sessions, payments, cancellations and closings, their gapless
//! numbers, their outbox rows, and the rule that none of them is ever edited or deleted.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_core::cash::{CashError, MethodKind, PaymentMethod};
use balcao_core::money::Money;
use balcao_store::outbox::kind;
use balcao_store::{NewPayment, Store, StoreError};
use common::{TempDir, origin, t};

fn eur(cents: i64) -> Money {
    Money::from_cents(cents)
}

fn payment(attendance: &str, fee: i64, method: PaymentMethod) -> NewPayment {
    NewPayment {
        attendance_id: attendance.into(),
        line: 0,
        service_id: "irn-registo-criminal".into(),
        entity_id: "irn".into(),
        variant: "normal".into(),
        fee: eur(fee),
        method,
    }
}

fn cash(tendered: i64) -> PaymentMethod {
    PaymentMethod::Cash {
        tendered: eur(tendered),
    }
}

/// A store with an attendance (one service) and an open session with a 50 € float.
fn setup(dir: &TempDir) -> (Store, String, String) {
    let mut store = Store::open(&dir.db()).unwrap();
    let a = store.begin_attendance(origin(), t(0)).unwrap();
    store.add_service(&a.id, "irn-registo-criminal", t(1)).unwrap();
    let s = store.begin_session(origin(), eur(5000), t(2)).unwrap();
    (store, a.id, s.id)
}

#[test]
fn a_day_of_payments_is_numbered_without_gaps_and_closed_with_its_reason() {
    let dir = TempDir::new("cash-day");
    let (mut store, a, s) = setup(&dir);
    let outbox_before = store.outbox_len().unwrap();

    let p1 = store
        .record_payment(&s, payment(&a, 500, cash(2000)), t(10))
        .unwrap();
    assert_eq!(p1.receipt_number, "EC-0427-2-2026/000001");
    assert_eq!((p1.collected, p1.change), (eur(500), eur(1500)));
    let p2 = store
        .record_payment(
            &s,
            payment(
                &a,
                2000,
                PaymentMethod::Card {
                    terminal_ref: "T0042".into(),
                },
            ),
            t(20),
        )
        .unwrap();
    let p3 = store
        .record_payment(
            &s,
            payment(
                &a,
                1000,
                PaymentMethod::MbWay {
                    reference: "MBW-998877".into(),
                },
            ),
            t(30),
        )
        .unwrap();
    let p4 = store
        .record_payment(
            &s,
            payment(
                &a,
                1500,
                PaymentMethod::Exempt {
                    reason: "Insuficiência económica comprovada".into(),
                },
            ),
            t(40),
        )
        .unwrap();
    assert_eq!(p4.collected, Money::ZERO);
    let c = store
        .cancel_payment(&p3.id, "MB WAY enviado para o número errado", t(50))
        .unwrap();
    assert_eq!(
        c.receipt_number, "EC-0427-2-2026/000005",
        "a cancellation takes the next number"
    );
    let numbers: Vec<String> = store
        .session_payments(&s)
        .unwrap()
        .iter()
        .map(|e| e.payment.receipt_number.clone())
        .collect();
    assert_eq!(
        numbers,
        [&p1, &p2, &p3, &p4].map(|p| p.receipt_number.clone()).to_vec(),
        "in order, 1 to 4"
    );
    assert_eq!(p2.receipt_number, "EC-0427-2-2026/000002");

    // Cancelling twice is refused and writes nothing.
    let before = store.outbox_len().unwrap();
    assert!(matches!(
        store.cancel_payment(&p3.id, "outra vez", t(51)),
        Err(StoreError::AlreadyCancelled { number }) if number == c.receipt_number
    ));
    assert!(matches!(
        store.cancel_payment(&p1.id, " ", t(51)),
        Err(StoreError::Cash(CashError::CancelReason))
    ));
    assert_eq!(store.outbox_len().unwrap(), before);

    // Expected: float + 5 € cash; 20 € card; MB WAY cancelled; exempt collects nothing.
    let expected = store.session_expected(&s).unwrap();
    assert_eq!(
        (expected.cash, expected.card, expected.mb_way),
        (eur(5500), eur(2000), eur(0))
    );
    let mut counted = expected;
    counted.cash = eur(5480);
    assert!(matches!(
        store.close_session(&s, counted, eur(0), None, t(60)),
        Err(StoreError::Cash(CashError::DifferenceNeedsReason { .. }))
    ));
    let closing = store
        .close_session(&s, counted, eur(0), Some("Faltam 20 cêntimos de troco"), t(60))
        .unwrap();
    assert_eq!(closing.number, "FECHO-EC-0427-2-2026/0001");
    assert_eq!(closing.difference.cash, eur(-20));
    assert_eq!(store.closing(&s).unwrap(), Some(closing.clone()));

    // One outbox row per cash record, of its kind.
    let entries = store.outbox_peek(100).unwrap();
    assert!(entries.len() as u64 > outbox_before);
    let cash_kinds: Vec<&str> = entries
        .iter()
        .map(|e| e.kind.as_str())
        .filter(|k| k.starts_with("cash."))
        .collect();
    assert_eq!(
        cash_kinds,
        [
            kind::CASH_SESSION_OPENED,
            kind::CASH_PAYMENT,
            kind::CASH_PAYMENT,
            kind::CASH_PAYMENT,
            kind::CASH_PAYMENT,
            kind::CASH_CANCELLATION,
            kind::CASH_SESSION_CLOSED,
        ]
    );

    // A closed session takes nothing more and cannot be closed again.
    assert!(matches!(
        store.record_payment(&s, payment(&a, 500, cash(500)), t(70)),
        Err(StoreError::SessionClosed)
    ));
    assert!(matches!(
        store.cancel_payment(&p1.id, "tarde demais", t(70)),
        Err(StoreError::SessionClosed)
    ));
    assert!(matches!(
        store.close_session(&s, counted, eur(0), Some("de novo"), t(70)),
        Err(StoreError::SessionClosed)
    ));

    // The next session continues the year's series; closings have their own.
    let s2 = store.begin_session(origin(), eur(5000), t(100)).unwrap();
    let p5 = store
        .record_payment(&s2.id, payment(&a, 500, cash(500)), t(110))
        .unwrap();
    assert_eq!(p5.receipt_number, "EC-0427-2-2026/000006");
    let c2 = store
        .close_session(
            &s2.id,
            store.session_expected(&s2.id).unwrap(),
            eur(0),
            None,
            t(120),
        )
        .unwrap();
    assert_eq!(c2.number, "FECHO-EC-0427-2-2026/0002");
}

#[test]
fn one_open_session_per_counter_even_across_days() {
    let dir = TempDir::new("cash-one-session");
    let (mut store, _a, s) = setup(&dir);
    // The next morning, the session left open is found and must be closed first.
    let tomorrow = t(86_400);
    let open = store.open_session("EC-0427", "2").unwrap().unwrap();
    assert_eq!(open.id, s);
    let before = store.outbox_len().unwrap();
    assert!(matches!(
        store.begin_session(origin(), eur(0), tomorrow),
        Err(StoreError::SessionOpen { id, .. }) if id == s
    ));
    assert_eq!(
        store.outbox_len().unwrap(),
        before,
        "a refused opening writes nothing"
    );
    assert!(matches!(
        store.begin_session(origin(), eur(-1), tomorrow),
        Err(StoreError::Cash(CashError::FloatNegative))
    ));
    // Another counter of the same spot has its own.
    let mut other = origin();
    other.counter = "3".into();
    assert!(store.begin_session(other, eur(0), tomorrow).is_ok());
}

#[test]
fn payments_cancellations_and_closed_sessions_cannot_be_altered_even_by_hand() {
    let dir = TempDir::new("cash-immutable");
    let (mut store, a, s) = setup(&dir);
    let p = store
        .record_payment(&s, payment(&a, 500, cash(1000)), t(10))
        .unwrap();
    let c = store.cancel_payment(&p.id, "Serviço errado", t(11)).unwrap();
    store
        .close_session(&s, store.session_expected(&s).unwrap(), eur(0), None, t(12))
        .unwrap();
    drop(store);

    // Someone opens the file with another program and tries to cook the books.
    let conn = rusqlite::Connection::open(dir.db()).unwrap();
    for sql in [
        format!("UPDATE payments SET collected = 0 WHERE id = '{}'", p.id),
        format!("DELETE FROM payments WHERE id = '{}'", p.id),
        format!("UPDATE cancellations SET reason = 'x' WHERE id = '{}'", c.id),
        format!("DELETE FROM cancellations WHERE id = '{}'", c.id),
        format!("UPDATE cash_sessions SET opening_float = 0 WHERE id = '{s}'"),
        format!(
            "UPDATE cash_sessions SET closed_at = NULL, closing_number = NULL, closing = NULL WHERE id = '{s}'"
        ),
        format!("DELETE FROM cash_sessions WHERE id = '{s}'"),
    ] {
        let err = conn.execute(&sql, []).unwrap_err();
        assert!(err.to_string().contains("balcao: "), "{sql}: {err}");
        let mapped = StoreError::from(err);
        assert!(
            matches!(mapped, StoreError::Immutable { .. }),
            "{sql}: {mapped:?}"
        );
    }
    let collected: i64 = conn
        .query_row("SELECT collected FROM payments WHERE id = ?1", [&p.id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(collected, 500);
}

#[test]
fn an_invalid_payment_takes_no_number() {
    let dir = TempDir::new("cash-invalid");
    let (mut store, a, s) = setup(&dir);
    let before = store.outbox_len().unwrap();
    assert!(matches!(
        store.record_payment(&s, payment(&a, 500, cash(200)), t(10)),
        Err(StoreError::Cash(CashError::TenderedTooLittle { .. }))
    ));
    assert!(matches!(
        store.record_payment(
            &s,
            payment(
                &a,
                500,
                PaymentMethod::Card {
                    terminal_ref: String::new()
                }
            ),
            t(10)
        ),
        Err(StoreError::Cash(CashError::TerminalRef))
    ));
    assert!(matches!(
        store.record_payment(&s, payment("no-such-attendance", 500, cash(500)), t(10)),
        Err(StoreError::NotFound { .. })
    ));
    assert_eq!(store.outbox_len().unwrap(), before);
    let p = store
        .record_payment(&s, payment(&a, 500, cash(500)), t(11))
        .unwrap();
    assert!(p.receipt_number.ends_with("/000001"), "{}", p.receipt_number);
    assert_eq!(p.method.kind(), MethodKind::Cash);
}
