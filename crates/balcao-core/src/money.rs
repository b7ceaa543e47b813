//! Money as integer cents of euro, and its Portuguese formatting.
//!
//! Floating point is never used for money: a fee is an exact number of cents, sums are exact, and the
//! cash closing of a day must reconcile to the cent. Display follows pt-PT conventions: a space (here a
//! no-break space, so a figure never wraps) between thousands, a comma before the cents, and the euro
//! sign after the amount: `1 234,50 €`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of euros, in cents. May be negative (a cancelling record), though fees never are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Money(i64);

/// The no-break space used between groups of thousands and before the euro sign.
const NBSP: char = '\u{a0}';

impl Money {
    /// Zero euros.
    pub const ZERO: Money = Money(0);

    /// An amount from a number of cents.
    pub const fn from_cents(cents: i64) -> Self {
        Money(cents)
    }

    /// The amount in cents.
    pub const fn cents(self) -> i64 {
        self.0
    }

    /// Whether the amount is zero (a free service).
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Adds two amounts, or `None` on overflow (which no real counter reaches, but a kiosk must not panic).
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// Reads an amount as a mediator types it: `12`, `12,5`, `12,50`, `1 234,50 €`, `12.50`. Spaces
    /// (also no-break ones) and a trailing `€` are ignored; at most two decimals; never negative.
    /// `None` when it is not an amount.
    pub fn parse(text: &str) -> Option<Money> {
        let cleaned: String = text
            .trim()
            .trim_end_matches('€')
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let (euros, cents) = match cleaned.split_once([',', '.']) {
            Some((e, c)) => (e, c),
            None => (cleaned.as_str(), ""),
        };
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        if !digits(euros) || (!cents.is_empty() && !digits(cents)) || cents.len() > 2 {
            return None;
        }
        let euros: i64 = euros.parse().ok()?;
        let cents: i64 = match cents.len() {
            0 => 0,
            1 => cents.parse::<i64>().ok()? * 10,
            _ => cents.parse().ok()?,
        };
        euros.checked_mul(100)?.checked_add(cents).map(Money)
    }

    /// The pt-PT rendering with ordinary spaces, for plain-text outputs such as a terminal.
    pub fn to_plain_string(self) -> String {
        self.to_string().replace(NBSP, " ")
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let euros = (abs / 100).to_string();
        let cents = abs % 100;
        let mut grouped = String::with_capacity(euros.len() + euros.len() / 3);
        for (i, ch) in euros.chars().enumerate() {
            if i > 0 && (euros.len() - i).is_multiple_of(3) {
                grouped.push(NBSP);
            }
            grouped.push(ch);
        }
        write!(f, "{sign}{grouped},{cents:02}{NBSP}€")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_amounts_as_typed() {
        for (text, cents) in [
            ("12", 1200),
            ("12,5", 1250),
            ("12,50", 1250),
            ("12.50", 1250),
            (" 1 234,50 € ", 123_450),
            ("1\u{a0}234,50\u{a0}€", 123_450),
            ("0,05", 5),
        ] {
            assert_eq!(Money::parse(text), Some(Money(cents)), "{text}");
        }
        for bad in ["", "€", "-5", "12,505", "doze", ",50", "1,2,3"] {
            assert_eq!(Money::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_the_portuguese_way() {
        let cases = [
            (0, "0,00 €"),
            (5, "0,05 €"),
            (1000, "10,00 €"),
            (123_450, "1 234,50 €"),
            (100_000_000, "1 000 000,00 €"),
            (-2550, "-25,50 €"),
        ];
        for (cents, want) in cases {
            assert_eq!(Money::from_cents(cents).to_plain_string(), want, "{cents} cents");
        }
        assert!(Money::from_cents(123_450).to_string().contains('\u{a0}'));
    }

    #[test]
    fn checked_add_reports_overflow() {
        assert_eq!(
            Money::from_cents(1).checked_add(Money::from_cents(2)),
            Some(Money::from_cents(3))
        );
        assert_eq!(
            Money::from_cents(i64::MAX).checked_add(Money::from_cents(1)),
            None
        );
    }
}
