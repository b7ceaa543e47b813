//! EC-FI at the counter: payment methods, change, and the arithmetic of the daily cash closing.
//!
//! # Why this lives in the core
//!
//! An Espaço do Cidadão collects fees (a certificate, a revalidation) on behalf of public entities, and
//! the host entity must account for every cent. The rules that decide whether a payment is acceptable,
//! how much change is due, what the drawer should hold at the end of the day and whether a difference
//! needs a reason are pure arithmetic over integer cents: they belong here, with no database or UI, so
//! they can be tested exhaustively (property tests in `tests/cash_properties.rs`) and reused by the store,
//! the app and the central server alike.
//!
//! # The model
//!
//! - A **payment** settles one service line's fee by one [`PaymentMethod`]. Cash records what the
//!   citizen handed over and the change given; a Multibanco card payment records the terminal's
//!   reference (never card data); MB WAY records its reference; an exemption collects nothing and must
//!   name its legal reason.
//! - A payment is never edited or deleted: a mistake is corrected by a **cancelling record** with a
//!   reason. A cancelled payment no longer counts towards what the drawer should hold (the money went
//!   back to the citizen), but both documents stay.
//! - At the **closing**, the mediator counts each method (the cash in the drawer, the card terminal's
//!   day total, the MB WAY total); [`closing`] compares it with [`expected`] and refuses a difference
//!   above the configured threshold without a reason.

use crate::message::Localized;
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// Every message id this module can produce (checked against the locale files by `balcao-i18n`).
pub const MESSAGE_IDS: &[&str] = &[
    "cash-amount-negative",
    "cash-tendered-too-little",
    "cash-terminal-ref",
    "cash-mbway-ref",
    "cash-exempt-reason",
    "cash-float-negative",
    "cash-count-negative",
    "cash-difference-needs-reason",
    "cash-cancel-reason",
    "cash-overflow",
    "cash-personal-data",
];

/// The ways a fee can be settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MethodKind {
    /// Notes and coins.
    Cash,
    /// The Multibanco card terminal.
    Card,
    /// MB WAY (phone payment).
    MbWay,
    /// Exempt by law: nothing collected.
    Exempt,
}

impl MethodKind {
    /// Every method, in the order they are shown and closed.
    pub const ALL: [MethodKind; 4] = [
        MethodKind::Cash,
        MethodKind::Card,
        MethodKind::MbWay,
        MethodKind::Exempt,
    ];

    /// The stable slug stored in records (`cash`, `card`, `mb-way`, `exempt`).
    pub fn slug(self) -> &'static str {
        match self {
            MethodKind::Cash => "cash",
            MethodKind::Card => "card",
            MethodKind::MbWay => "mb-way",
            MethodKind::Exempt => "exempt",
        }
    }

    /// The method with this slug.
    pub fn from_slug(slug: &str) -> Option<MethodKind> {
        MethodKind::ALL.into_iter().find(|m| m.slug() == slug)
    }

    fn index(self) -> usize {
        match self {
            MethodKind::Cash => 0,
            MethodKind::Card => 1,
            MethodKind::MbWay => 2,
            MethodKind::Exempt => 3,
        }
    }
}

/// How one payment was made, with what each method must record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "kebab-case")]
pub enum PaymentMethod {
    /// Cash: what the citizen handed over.
    Cash {
        /// The amount handed over (at least the fee).
        tendered: Money,
    },
    /// The Multibanco terminal: its transaction reference, never card data.
    Card {
        /// The reference printed on the terminal's slip (4 to 20 letters or digits).
        terminal_ref: String,
    },
    /// MB WAY: the operation's reference.
    MbWay {
        /// The reference shown on confirmation (4 to 30 letters or digits).
        reference: String,
    },
    /// Exempt: the legal reason (a decree, an article, a social tariff).
    Exempt {
        /// Why nothing is collected; required.
        reason: String,
    },
}

/// A payment whose method fits its fee: what is collected and the change given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settled {
    /// What enters the counter's accounts (zero for an exemption).
    pub collected: Money,
    /// The change handed back (cash only).
    pub change: Money,
}

/// Why a payment, a count or a closing is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CashError {
    /// A fee or an amount below zero.
    AmountNegative,
    /// Less cash handed over than the fee.
    TenderedTooLittle {
        /// The fee.
        due: Money,
        /// What was handed over.
        tendered: Money,
    },
    /// The card terminal's reference is missing or malformed.
    TerminalRef,
    /// The MB WAY reference is missing or malformed.
    MbWayRef,
    /// An exemption without its legal reason.
    ExemptReason,
    /// A negative opening float.
    FloatNegative,
    /// A negative count at closing.
    CountNegative,
    /// A difference above the threshold, without a reason.
    DifferenceNeedsReason {
        /// The total difference (counted minus expected).
        difference: Money,
        /// The threshold above which a reason is required.
        threshold: Money,
    },
    /// A cancellation without a reason.
    CancelReason,
    /// Sums beyond any real counter's (a kiosk must not panic on them).
    Overflow,
    /// A reason that holds a citizen's direct identifier (a NIF, a phone, an e-mail): reasons go to
    /// the central server, which must not receive one.
    PersonalData,
}

impl Localized for CashError {
    fn message_id(&self) -> &'static str {
        match self {
            CashError::AmountNegative => "cash-amount-negative",
            CashError::TenderedTooLittle { .. } => "cash-tendered-too-little",
            CashError::TerminalRef => "cash-terminal-ref",
            CashError::MbWayRef => "cash-mbway-ref",
            CashError::ExemptReason => "cash-exempt-reason",
            CashError::FloatNegative => "cash-float-negative",
            CashError::CountNegative => "cash-count-negative",
            CashError::DifferenceNeedsReason { .. } => "cash-difference-needs-reason",
            CashError::CancelReason => "cash-cancel-reason",
            CashError::Overflow => "cash-overflow",
            CashError::PersonalData => "cash-personal-data",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, String)> {
        match self {
            CashError::TenderedTooLittle { due, tendered } => {
                vec![("due", due.to_string()), ("tendered", tendered.to_string())]
            }
            CashError::DifferenceNeedsReason {
                difference,
                threshold,
            } => {
                vec![
                    ("difference", difference.to_string()),
                    ("threshold", threshold.to_string()),
                ]
            }
            _ => Vec::new(),
        }
    }
}

/// The change due when `tendered` is handed over for `due`.
pub fn change(due: Money, tendered: Money) -> Result<Money, CashError> {
    if due.cents() < 0 || tendered.cents() < 0 {
        return Err(CashError::AmountNegative);
    }
    if tendered < due {
        return Err(CashError::TenderedTooLittle { due, tendered });
    }
    Ok(Money::from_cents(tendered.cents() - due.cents()))
}

fn reference_ok(reference: &str, min: usize, max: usize) -> bool {
    let r = reference.trim();
    (min..=max).contains(&r.chars().count()) && r.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

impl PaymentMethod {
    /// The method's kind.
    pub fn kind(&self) -> MethodKind {
        match self {
            PaymentMethod::Cash { .. } => MethodKind::Cash,
            PaymentMethod::Card { .. } => MethodKind::Card,
            PaymentMethod::MbWay { .. } => MethodKind::MbWay,
            PaymentMethod::Exempt { .. } => MethodKind::Exempt,
        }
    }

    /// Checks that this method can settle `fee`, and says what is collected and the change.
    pub fn settle(&self, fee: Money) -> Result<Settled, CashError> {
        if fee.cents() < 0 {
            return Err(CashError::AmountNegative);
        }
        match self {
            PaymentMethod::Cash { tendered } => Ok(Settled {
                collected: fee,
                change: change(fee, *tendered)?,
            }),
            PaymentMethod::Card { terminal_ref } if reference_ok(terminal_ref, 4, 20) => Ok(Settled {
                collected: fee,
                change: Money::ZERO,
            }),
            PaymentMethod::Card { .. } => Err(CashError::TerminalRef),
            PaymentMethod::MbWay { reference } if reference_ok(reference, 4, 30) => Ok(Settled {
                collected: fee,
                change: Money::ZERO,
            }),
            PaymentMethod::MbWay { .. } => Err(CashError::MbWayRef),
            PaymentMethod::Exempt { reason } if crate::privacy::find_identifier(reason).is_some() => {
                Err(CashError::PersonalData)
            }
            PaymentMethod::Exempt { reason } if reason.trim().chars().count() >= 3 => Ok(Settled {
                collected: Money::ZERO,
                change: Money::ZERO,
            }),
            PaymentMethod::Exempt { .. } => Err(CashError::ExemptReason),
        }
    }
}

/// One amount per method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PerMethod {
    /// Cash.
    pub cash: Money,
    /// Multibanco card.
    pub card: Money,
    /// MB WAY.
    pub mb_way: Money,
    /// Exempt (always zero collected; kept so every method has a line).
    pub exempt: Money,
}

impl PerMethod {
    /// The amount for `method`.
    pub fn get(&self, method: MethodKind) -> Money {
        [self.cash, self.card, self.mb_way, self.exempt][method.index()]
    }

    fn slot(&mut self, method: MethodKind) -> &mut Money {
        match method {
            MethodKind::Cash => &mut self.cash,
            MethodKind::Card => &mut self.card,
            MethodKind::MbWay => &mut self.mb_way,
            MethodKind::Exempt => &mut self.exempt,
        }
    }

    /// Sets the amount for `method`.
    pub fn set(&mut self, method: MethodKind, amount: Money) {
        *self.slot(method) = amount;
    }

    /// The sum over every method.
    pub fn total(&self) -> Result<Money, CashError> {
        MethodKind::ALL
            .into_iter()
            .try_fold(Money::ZERO, |acc, m| acc.checked_add(self.get(m)))
            .ok_or(CashError::Overflow)
    }
}

/// A payment as the closing sees it: its method, what it collected, and whether it was cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Takings {
    /// How it was paid.
    pub method: MethodKind,
    /// What it collected.
    pub collected: Money,
    /// Whether a cancelling record exists for it.
    pub cancelled: bool,
}

/// What each method should hold at closing: the opening float in cash, plus every payment that was not
/// cancelled.
pub fn expected(opening_float: Money, payments: &[Takings]) -> Result<PerMethod, CashError> {
    if opening_float.cents() < 0 {
        return Err(CashError::FloatNegative);
    }
    let mut per = PerMethod {
        cash: opening_float,
        ..PerMethod::default()
    };
    for p in payments.iter().filter(|p| !p.cancelled) {
        if p.collected.cents() < 0 {
            return Err(CashError::AmountNegative);
        }
        let slot = per.slot(p.method);
        *slot = slot.checked_add(p.collected).ok_or(CashError::Overflow)?;
    }
    Ok(per)
}

/// The comparison of counted and expected amounts at closing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closing {
    /// What each method should hold.
    pub expected: PerMethod,
    /// What was counted.
    pub counted: PerMethod,
    /// Counted minus expected, per method.
    pub difference: PerMethod,
    /// The total difference.
    pub total_difference: Money,
    /// The reason given, trimmed; required when any method's difference exceeds the threshold.
    pub reason: Option<String>,
}

/// Compares what was counted with what was expected. A difference whose size, on any method or in total,
/// is above `threshold` needs a reason; no count may be negative.
pub fn closing(
    expected: PerMethod,
    counted: PerMethod,
    threshold: Money,
    reason: Option<&str>,
) -> Result<Closing, CashError> {
    let mut difference = PerMethod::default();
    for m in MethodKind::ALL {
        if counted.get(m).cents() < 0 {
            return Err(CashError::CountNegative);
        }
        let d = counted
            .get(m)
            .cents()
            .checked_sub(expected.get(m).cents())
            .ok_or(CashError::Overflow)?;
        difference.set(m, Money::from_cents(d));
    }
    let total_difference = difference.total()?;
    let reason = reason
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_string);
    if reason
        .as_deref()
        .is_some_and(|r| crate::privacy::find_identifier(r).is_some())
    {
        return Err(CashError::PersonalData);
    }
    let above = |m: Money| m.cents().unsigned_abs() > threshold.cents().unsigned_abs();
    let needs_reason =
        above(total_difference) || MethodKind::ALL.into_iter().any(|m| above(difference.get(m)));
    if needs_reason && reason.is_none() {
        return Err(CashError::DifferenceNeedsReason {
            difference: total_difference,
            threshold,
        });
    }
    Ok(Closing {
        expected,
        counted,
        difference,
        total_difference,
        reason,
    })
}

/// Checks a cancellation's reason and returns it trimmed.
pub fn cancel_reason(reason: &str) -> Result<String, CashError> {
    let r = reason.trim();
    if r.chars().count() < 3 {
        return Err(CashError::CancelReason);
    }
    if crate::privacy::find_identifier(r).is_some() {
        return Err(CashError::PersonalData);
    }
    Ok(r.to_string())
}

/// A receipt's number: the counter's series for the year, six digits, e.g. `EC-0420-1-2026/000123`.
pub fn receipt_number(spot: &str, counter: &str, year: i32, seq: i64) -> String {
    format!("{spot}-{counter}-{year}/{seq:06}")
}

/// A closing report's number, e.g. `FECHO-EC-0420-1-2026/0007`.
pub fn closing_number(spot: &str, counter: &str, year: i32, seq: i64) -> String {
    format!("FECHO-{spot}-{counter}-{year}/{seq:04}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(cents: i64) -> Money {
        Money::from_cents(cents)
    }

    #[test]
    fn reasons_that_go_to_the_agency_refuse_personal_data() {
        assert_eq!(
            cancel_reason("anulado a pedido do 912 345 678"),
            Err(CashError::PersonalData)
        );
        assert_eq!(cancel_reason("valor errado"), Ok("valor errado".to_string()));
        let exempt = |reason: &str| {
            PaymentMethod::Exempt {
                reason: reason.into(),
            }
            .settle(eur(700))
        };
        assert_eq!(exempt("isento, NIF 123456789"), Err(CashError::PersonalData));
        assert!(exempt("Tarifa social").is_ok());
        let counted = PerMethod::default();
        assert_eq!(
            closing(counted, counted, eur(0), Some("falou com ana@exemplo.pt")).map(|c| c.reason),
            Err(CashError::PersonalData)
        );
    }

    #[test]
    fn cash_gives_change_and_refuses_too_little() {
        let s = PaymentMethod::Cash { tendered: eur(2000) }
            .settle(eur(1150))
            .unwrap();
        assert_eq!((s.collected, s.change), (eur(1150), eur(850)));
        assert_eq!(
            PaymentMethod::Cash { tendered: eur(1000) }.settle(eur(1150)),
            Err(CashError::TenderedTooLittle {
                due: eur(1150),
                tendered: eur(1000)
            })
        );
    }

    #[test]
    fn each_method_records_what_it_must() {
        assert_eq!(
            PaymentMethod::Card {
                terminal_ref: " ".into()
            }
            .settle(eur(500)),
            Err(CashError::TerminalRef)
        );
        assert!(
            PaymentMethod::Card {
                terminal_ref: "A1B2C3".into()
            }
            .settle(eur(500))
            .is_ok()
        );
        assert_eq!(
            PaymentMethod::MbWay {
                reference: "x".into()
            }
            .settle(eur(500)),
            Err(CashError::MbWayRef)
        );
        assert_eq!(
            PaymentMethod::Exempt { reason: "".into() }.settle(eur(500)),
            Err(CashError::ExemptReason)
        );
        let s = PaymentMethod::Exempt {
            reason: "Isenção: insuficiência económica (art. 4.º)".into(),
        }
        .settle(eur(500))
        .unwrap();
        assert_eq!(s.collected, Money::ZERO);
    }

    #[test]
    fn cancelled_payments_leave_the_drawer_and_a_difference_needs_a_reason() {
        let payments = [
            Takings {
                method: MethodKind::Cash,
                collected: eur(1000),
                cancelled: false,
            },
            Takings {
                method: MethodKind::Cash,
                collected: eur(700),
                cancelled: true,
            },
            Takings {
                method: MethodKind::Card,
                collected: eur(3000),
                cancelled: false,
            },
        ];
        let e = expected(eur(5000), &payments).unwrap();
        assert_eq!((e.cash, e.card, e.mb_way), (eur(6000), eur(3000), Money::ZERO));
        let mut counted = e;
        counted.cash = eur(5950);
        assert_eq!(
            closing(e, counted, eur(0), None),
            Err(CashError::DifferenceNeedsReason {
                difference: eur(-50),
                threshold: eur(0)
            })
        );
        assert!(
            closing(e, counted, eur(100), None).is_ok(),
            "within the threshold"
        );
        let c = closing(e, counted, eur(0), Some("  Troco mal dado às 11h  ")).unwrap();
        assert_eq!(c.reason.as_deref(), Some("Troco mal dado às 11h"));
        assert_eq!(c.difference.cash, eur(-50));
    }

    #[test]
    fn numbers_have_fixed_width_series() {
        assert_eq!(receipt_number("EC-0420", "1", 2026, 123), "EC-0420-1-2026/000123");
        assert_eq!(
            closing_number("EC-0420", "2", 2026, 7),
            "FECHO-EC-0420-2-2026/0007"
        );
        assert_eq!(MethodKind::from_slug("mb-way"), Some(MethodKind::MbWay));
    }
}
