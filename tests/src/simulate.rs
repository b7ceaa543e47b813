//! Realistic counter days written into a real store, for the sync tests and benchmarks.
//!
//! A van that has been offline for a month comes back with thousands of records of every kind:
//! attendances with one to three services, steps, documents, outcomes, notes; a cash session a day with
//! payments in every method, the odd cancellation, and the closing. [`simulate_days`] writes exactly
//! that through the store's own API (so every record has its outbox row, as in real use), seeded so a
//! failing run can be replayed, and returns what it wrote so a test can compare it with the server.

use balcao_core::attendance::{Citizen, Origin, Outcome, UtcMillis};
use balcao_core::cash::{PaymentMethod, PerMethod};
use balcao_core::catalogue::Catalogue;
use balcao_core::money::Money;
use balcao_store::{NewPayment, Store, StoreError};

/// What a simulation wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Written {
    /// Attendances ended.
    pub attendances: usize,
    /// Service lines.
    pub services: usize,
    /// Payments recorded.
    pub payments: usize,
    /// Payments cancelled.
    pub cancellations: usize,
    /// Sessions closed.
    pub closings: usize,
}

/// The seeded generator the sync worker's backoff uses (SplitMix64), with a `usize` range for picking
/// from lists.
#[derive(Debug, Clone)]
pub struct Rng(balcao_sync::backoff::Rng);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(balcao_sync::backoff::Rng::new(seed))
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.0.below(u64::try_from(n).unwrap_or(u64::MAX))).unwrap_or(0)
    }
}

/// Writes `days` days of `per_day` attendances each at `origin`'s counter, starting at `start`
/// (09:00 UTC of that day is the first attendance), with a cash session a day.
pub fn simulate_days(
    store: &mut Store,
    catalogue: &Catalogue,
    origin: &Origin,
    start: UtcMillis,
    days: usize,
    per_day: usize,
    seed: u64,
) -> Result<Written, StoreError> {
    const DAY: i64 = 86_400_000;
    let mut rng = Rng::new(seed);
    let mut written = Written::default();
    let day0 = start.0 - start.0.rem_euclid(DAY);
    for day in 0..days {
        let mut t = day0 + i64::try_from(day).unwrap_or(0) * DAY + 9 * 3_600_000;
        let mut tick = || {
            t += 7_000;
            UtcMillis(t)
        };
        let session = store.begin_session(origin.clone(), Money::from_cents(5_000), tick())?;
        let mut paid = Vec::new();
        for _ in 0..per_day {
            let a = store.begin_attendance(origin.clone(), tick())?;
            if rng.below(2) == 0 {
                let citizen = Citizen {
                    name: Some(format!("Cidadão {}", rng.below(100_000))),
                    ..Citizen::default()
                };
                store.set_citizen(&a.id, citizen, Some(tick()), tick())?;
            }
            let lines = 1 + rng.below(3);
            for line in 0..lines {
                let service = &catalogue.services[rng.below(catalogue.services.len())];
                store.add_service(&a.id, &service.id, tick())?;
                store.set_step(&a.id, line, 1, tick())?;
                if let Some(fee) = service.fees.first().filter(|f| !f.amount.is_zero()) {
                    let method = match rng.below(4) {
                        0 => PaymentMethod::Cash {
                            tendered: Money::from_cents(fee.amount.cents() + 500),
                        },
                        1 => PaymentMethod::Card {
                            terminal_ref: format!("T{:06}", rng.below(1_000_000)),
                        },
                        2 => PaymentMethod::MbWay {
                            reference: format!("MBW{:06}", rng.below(1_000_000)),
                        },
                        _ => PaymentMethod::Exempt {
                            reason: "Isenção legal (simulação)".into(),
                        },
                    };
                    let p = store.record_payment(
                        &session.id,
                        NewPayment {
                            attendance_id: a.id.clone(),
                            line,
                            service_id: service.id.clone(),
                            entity_id: service.entity.clone(),
                            variant: fee.variant.clone(),
                            fee: fee.amount,
                            method,
                        },
                        tick(),
                    )?;
                    written.payments += 1;
                    paid.push(p.id);
                }
                store.set_outcome(&a.id, line, Outcome::Concluido, tick())?;
                written.services += 1;
            }
            store.end_attendance(&a.id, tick())?;
            written.attendances += 1;
            if rng.below(10) == 0
                && let Some(p) = paid.pop()
            {
                store.cancel_payment(&p, "Anulado na simulação", tick())?;
                written.cancellations += 1;
            }
        }
        // The drawer matches the records: the closing needs no reason.
        let counted: PerMethod = store.session_expected(&session.id)?;
        store.close_session(&session.id, counted, Money::ZERO, None, tick())?;
        written.closings += 1;
    }
    Ok(written)
}
