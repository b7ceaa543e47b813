//! Property tests of the cash arithmetic: change, what the drawer should hold, and the closing.
//!
//! A host entity reconciles the closing report to the cent, so the arithmetic is checked over many
//! random days (proptest, with its failing cases shrunk and printed) against plain sums computed here
//! independently, rather than on a handful of examples.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_core::cash::{self, CashError, MethodKind, PaymentMethod, PerMethod, Takings};
use balcao_core::money::Money;
use proptest::prelude::*;

fn method() -> impl Strategy<Value = MethodKind> {
    prop_oneof![
        Just(MethodKind::Cash),
        Just(MethodKind::Card),
        Just(MethodKind::MbWay),
        Just(MethodKind::Exempt),
    ]
}

/// A day's payments: method, fee in cents (up to 500 €), and whether it was cancelled.
fn day() -> impl Strategy<Value = Vec<(MethodKind, i64, bool)>> {
    prop::collection::vec((method(), 0i64..50_000, prop::bool::weighted(0.1)), 0..200)
}

fn takings(day: &[(MethodKind, i64, bool)]) -> Vec<Takings> {
    day.iter()
        .map(|(m, cents, cancelled)| Takings {
            method: *m,
            // An exemption collects nothing, whatever the fee.
            collected: Money::from_cents(if *m == MethodKind::Exempt { 0 } else { *cents }),
            cancelled: *cancelled,
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn change_plus_fee_is_what_was_handed_over(due in 0i64..100_000, extra in 0i64..100_000) {
        let due = Money::from_cents(due);
        let tendered = Money::from_cents(due.cents() + extra);
        let change = cash::change(due, tendered).unwrap();
        prop_assert_eq!(change.cents() + due.cents(), tendered.cents());
        prop_assert!(change.cents() >= 0);
        let settled = PaymentMethod::Cash { tendered }.settle(due).unwrap();
        prop_assert_eq!(settled.collected, due);
        prop_assert_eq!(settled.change, change);
    }

    #[test]
    fn too_little_cash_is_always_refused(due in 1i64..100_000, short in 1i64..100_000) {
        let due = Money::from_cents(due);
        let tendered = Money::from_cents((due.cents() - short).max(0));
        prop_assert_eq!(
            cash::change(due, tendered),
            Err(CashError::TenderedTooLittle { due, tendered })
        );
    }

    #[test]
    fn the_drawer_holds_the_float_plus_every_payment_not_cancelled(float in 0i64..100_000, day in day()) {
        let e = cash::expected(Money::from_cents(float), &takings(&day)).unwrap();
        for m in MethodKind::ALL {
            let sum: i64 = day
                .iter()
                .filter(|(pm, _, cancelled)| *pm == m && !cancelled)
                .map(|(_, c, _)| if m == MethodKind::Exempt { 0 } else { *c })
                .sum();
            let want = if m == MethodKind::Cash { float + sum } else { sum };
            prop_assert_eq!(e.get(m).cents(), want, "{:?}", m);
        }
        // Cancelling a payment lowers its method's expectation by exactly what it collected.
        if let Some(i) = day.iter().position(|(_, _, c)| !c) {
            let mut later = day.clone();
            later[i].2 = true;
            let after = cash::expected(Money::from_cents(float), &takings(&later)).unwrap();
            let (m, cents, _) = day[i];
            let collected = if m == MethodKind::Exempt { 0 } else { cents };
            prop_assert_eq!(e.get(m).cents() - after.get(m).cents(), collected);
        }
    }

    #[test]
    fn the_closing_difference_is_counted_minus_expected_and_reasons_follow_the_threshold(
        float in 0i64..100_000,
        day in day(),
        deltas in prop::array::uniform4(-5_000i64..5_000),
        threshold in 0i64..2_000,
    ) {
        let expected = cash::expected(Money::from_cents(float), &takings(&day)).unwrap();
        let mut counted = PerMethod::default();
        for (m, d) in MethodKind::ALL.into_iter().zip(deltas) {
            counted.set(m, Money::from_cents((expected.get(m).cents() + d).max(0)));
        }
        let threshold = Money::from_cents(threshold);
        let needs_reason = {
            let diffs: Vec<i64> = MethodKind::ALL.iter().map(|m| counted.get(*m).cents() - expected.get(*m).cents()).collect();
            let total: i64 = diffs.iter().sum();
            diffs.iter().chain(std::iter::once(&total)).any(|d| d.abs() > threshold.cents())
        };
        match cash::closing(expected, counted, threshold, None) {
            Ok(c) => {
                prop_assert!(!needs_reason);
                let total: i64 = MethodKind::ALL.iter().map(|m| c.difference.get(*m).cents()).sum();
                prop_assert_eq!(c.total_difference.cents(), total);
            }
            Err(CashError::DifferenceNeedsReason { difference, .. }) => {
                prop_assert!(needs_reason);
                prop_assert_eq!(difference.cents(), counted.total().unwrap().cents() - expected.total().unwrap().cents());
            }
            Err(e) => prop_assert!(false, "unexpected {:?}", e),
        }
        // With a reason, every count is accepted, and per-method differences add up.
        let c = cash::closing(expected, counted, threshold, Some("Contado duas vezes")).unwrap();
        for m in MethodKind::ALL {
            prop_assert_eq!(c.difference.get(m).cents(), counted.get(m).cents() - expected.get(m).cents());
        }
    }
}
