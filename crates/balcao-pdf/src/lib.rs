//! The receipt and the cash-closing report, as PDF.
//!
//! An Espaço Cidadão collects fees on behalf of public entities (the registry office, the tax
//! authority, social security…). Every payment gets a receipt from a gapless series per counter and
//! year (`EC-0420-1-2026/000123`); a mistaken payment is never edited but cancelled by a document of
//! its own that names the original and the reason; and at the end of the day the mediator closes the
//! till with a numbered report: expected against counted per payment method, the difference and its
//! reason, and the totals collected for each entity, the figure the host entity reconciles. This crate
//! turns those records into the PDFs that are printed and archived: [`receipt_pdf`] and
//! [`closing_pdf`].
//!
//! # Plain data in, bytes out
//!
//! The functions take plain structures ([`ReceiptDoc`], [`ClosingDoc`]) and return the bytes of the
//! file. Numbering, sums, dates and the names of entities and services are the caller's (the store
//! and the catalogue know them, already localised); this crate only lays them out and localises its
//! own labels through [`I18n`] (the `pdf-` messages). The one figure it computes is the difference
//! counted − expected of each method, for display. It has no UI, database, network or async
//! dependency, and cannot fail: every input renders to some PDF, and a kiosk must never panic
//! while printing.
//!
//! # Fonts and text
//!
//! The documents use the standard fonts Helvetica and Helvetica-Bold without embedding them, with
//! WinAnsiEncoding, which covers European Portuguese entirely, the euro sign and the no-break spaces
//! of pt-PT amounts (`1 234,50 €`). Files stay a few kilobytes, need no font on the kiosk, and their
//! text can be searched and extracted (the tests read it back). A character outside WinAnsi prints as
//! `?` (see the `winansi` module). Widths come from Adobe's metrics, so amounts align right and long
//! service names or reasons wrap within their column.
//!
//! # Page format: A4 for both
//!
//! The receipt is A4 portrait, like the report, not an 80 mm thermal strip. The counters already have
//! an office printer for forms and the citizen's documents; thermal paper fades within a few years,
//! while a receipt for a registry or tax fee is proof of payment the citizen may need to keep for
//! longer and file with the documents it paid for; and A4 leaves room to mark a reprint in large
//! letters. One page format also means one layout engine and one print path. The receipt takes the
//! top of the page, so it can be folded or cut if wanted.
//!
//! # Copies and cancellations
//!
//! A reprint (`copy`) carries "2.ª VIA — CÓPIA" on every page: a banner under the heading, a large
//! light diagonal mark across the page and the page footer, so a photocopy of a cut-off part still
//! shows it. A cancelling document has its own title and number, and names the receipt it cancels
//! and why. For a card payment the receipt shows the method and the terminal's reference only: the
//! citizen's card data never reaches Balcão.
//!
//! # Deterministic output
//!
//! The same document renders to the same bytes (no creation date or random id in the file), so an
//! immutable closing report can be stored with its hash and re-rendered to check it.

mod access;
mod closing;
mod layout;
mod metrics;
mod receipt;
mod roll;
mod winansi;

use balcao_core::money::Money;
use balcao_i18n::I18n;

pub use access::{AccessDoc, AccessItem, access_pdf};
pub use closing::closing_pdf;
pub use receipt::receipt_pdf;
pub use roll::{ROLL_WIDTH, receipt_roll_pdf};

/// Who issues a document: the spot, its host entity, the counter and the mediator.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// The spot's code, as in the receipt numbers (`0420`).
    pub spot_code: String,
    /// The spot's name (`Espaço Cidadão de Lisboa — Saldanha`).
    pub spot_name: String,
    /// The entity that hosts the spot (usually the municipality), which reconciles the day.
    pub host_entity: String,
    /// The counter (`1`).
    pub counter: String,
    /// The mediator who served, as they sign.
    pub mediator: String,
}

/// How a payment was made, with what the receipt shows of it.
#[derive(Debug, Clone, PartialEq)]
pub enum Method {
    /// Notes and coins: what the citizen handed over and the change given.
    Cash {
        /// The amount handed over.
        tendered: Money,
        /// The change given back.
        change: Money,
    },
    /// A card on the Multibanco terminal. Only the terminal's reference of the operation is kept:
    /// the card itself is never seen by Balcão.
    Card {
        /// The reference the terminal printed for the operation.
        terminal_ref: String,
    },
    /// MB WAY, with the reference of the operation.
    MbWay {
        /// The MB WAY operation reference.
        reference: String,
    },
    /// No payment due, on legal grounds (the amount is 0,00 €).
    Exempt {
        /// The legal grounds of the exemption.
        reason: String,
    },
}

impl Method {
    /// The kind of method, without its detail.
    pub fn kind(&self) -> MethodKind {
        match self {
            Method::Cash { .. } => MethodKind::Cash,
            Method::Card { .. } => MethodKind::Card,
            Method::MbWay { .. } => MethodKind::MbWay,
            Method::Exempt { .. } => MethodKind::Exempt,
        }
    }
}

/// A receipt, or the document that cancels one.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceiptDoc {
    /// Who issues it.
    pub header: Header,
    /// The document's own number (`EC-0420-1-2026/000123`).
    pub number: String,
    /// Whether this is a reprint, marked "2.ª via — cópia" on every page.
    pub copy: bool,
    /// When it was issued, as the caller formats it (`23/11/2026 14:05`).
    pub issued_at: String,
    /// The entity on whose behalf the fee was collected, localised.
    pub entity: String,
    /// The service paid for, localised.
    pub service: String,
    /// The variant of the service (urgent, by post…), if any.
    pub variant: Option<String>,
    /// The amount. Zero for an exemption.
    pub amount: Money,
    /// How it was paid.
    pub method: Method,
    /// The attendance the payment belongs to.
    pub attendance_id: String,
    /// Some for a cancelling document: the original receipt's number and the reason.
    pub cancels: Option<(String, String)>,
    /// Printed in training mode: stamped "SEM VALOR — FORMAÇÃO" on every page.
    pub training: bool,
}

/// A payment method, without detail: the rows of the closing report (the core's own type).
pub use balcao_core::cash::MethodKind;

/// Expected against counted for one method in the closing report.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodLine {
    /// The method.
    pub method: MethodKind,
    /// What the records say should be there.
    pub expected: Money,
    /// What the mediator counted (or the terminal's day total).
    pub counted: Money,
}

impl MethodLine {
    /// Counted − expected: positive when there is more than expected. `None` only on an overflow no
    /// real till reaches.
    pub fn difference(&self) -> Option<Money> {
        self.counted
            .cents()
            .checked_sub(self.expected.cents())
            .map(Money::from_cents)
    }
}

/// The total collected on behalf of one entity during the day.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityTotal {
    /// The entity, localised.
    pub entity: String,
    /// How many payments.
    pub payments: u32,
    /// Their total.
    pub total: Money,
}

/// One payment in the day's list.
#[derive(Debug, Clone, PartialEq)]
pub struct PaymentRow {
    /// The receipt number.
    pub number: String,
    /// The time of the payment (`14:05`).
    pub time: String,
    /// The entity, localised.
    pub entity: String,
    /// The service, localised.
    pub service: String,
    /// How it was paid.
    pub method: MethodKind,
    /// The amount.
    pub amount: Money,
    /// Whether a later document cancelled it.
    pub cancelled: bool,
}

/// One cancelling document in the day's list.
#[derive(Debug, Clone, PartialEq)]
pub struct CancellationRow {
    /// The cancelling document's number.
    pub number: String,
    /// The time it was issued.
    pub time: String,
    /// The number of the receipt it cancels.
    pub cancels: String,
    /// Why.
    pub reason: String,
    /// The amount cancelled.
    pub amount: Money,
}

/// The end-of-day closing report of one counter.
#[derive(Debug, Clone, PartialEq)]
pub struct ClosingDoc {
    /// Who closes.
    pub header: Header,
    /// The report's number.
    pub number: String,
    /// When the till was opened (`23/11/2026 09:00`).
    pub opened_at: String,
    /// When it was closed.
    pub closed_at: String,
    /// The cash in the till at opening.
    pub opening_float: Money,
    /// Expected against counted, per method.
    pub methods: Vec<MethodLine>,
    /// The mediator's explanation of a difference, if any.
    pub reason: Option<String>,
    /// The totals per entity, the figure the host entity reconciles.
    pub entities: Vec<EntityTotal>,
    /// Every payment of the day, cancelled ones included.
    pub payments: Vec<PaymentRow>,
    /// Every cancelling document of the day.
    pub cancellations: Vec<CancellationRow>,
}

/// Every message id this crate asks [`I18n`] for, so a test can check that both languages have them.
pub const MESSAGE_IDS: &[&str] = &[
    "pdf-training-mark",
    "pdf-access-title",
    "pdf-access-query",
    "pdf-access-by",
    "pdf-access-intro",
    "pdf-access-none",
    "pdf-access-attendance",
    "pdf-access-notes",
    "pdf-access-footer",
    "pdf-access-name",
    "pdf-access-nif",
    "pdf-access-cc",
    "pdf-access-phone",
    "pdf-access-email",
    "pdf-receipt-title",
    "pdf-cancellation-title",
    "pdf-number",
    "pdf-copy-mark",
    "pdf-receipt-footer",
    "pdf-cancellation-footer",
    "pdf-page",
    "pdf-label-spot",
    "pdf-label-host",
    "pdf-label-counter",
    "pdf-label-mediator",
    "pdf-label-issued",
    "pdf-label-attendance",
    "pdf-label-entity",
    "pdf-label-service",
    "pdf-label-variant",
    "pdf-label-amount",
    "pdf-label-amount-cancelled",
    "pdf-label-method",
    "pdf-label-tendered",
    "pdf-label-change",
    "pdf-label-terminal-ref",
    "pdf-label-mbway-ref",
    "pdf-label-exempt-reason",
    "pdf-label-cancels",
    "pdf-label-cancel-reason",
    "pdf-receipt-note",
    "pdf-cancellation-note",
    "pdf-method-cash",
    "pdf-method-card",
    "pdf-method-mbway",
    "pdf-method-exempt",
    "pdf-method-short-cash",
    "pdf-method-short-card",
    "pdf-method-short-mbway",
    "pdf-method-short-exempt",
    "pdf-closing-title",
    "pdf-closing-immutable",
    "pdf-closing-running",
    "pdf-closing-counter",
    "pdf-label-opened",
    "pdf-label-closed",
    "pdf-label-float",
    "pdf-continued",
    "pdf-section-methods",
    "pdf-col-method",
    "pdf-col-expected",
    "pdf-col-counted",
    "pdf-col-difference",
    "pdf-total",
    "pdf-label-difference-reason",
    "pdf-reason-missing",
    "pdf-no-difference",
    "pdf-section-entities",
    "pdf-entities-note",
    "pdf-col-entity",
    "pdf-col-payments",
    "pdf-col-total",
    "pdf-grand-total",
    "pdf-section-payments",
    "pdf-no-payments",
    "pdf-col-number",
    "pdf-col-time",
    "pdf-col-entity-service",
    "pdf-col-amount",
    "pdf-cancelled-mark",
    "pdf-section-cancellations",
    "pdf-no-cancellations",
    "pdf-col-cancels",
    "pdf-col-reason",
    "pdf-signature",
];

/// The full name of a method (the receipt and the report's method table).
fn method_name(i18n: &I18n, kind: MethodKind) -> String {
    i18n.tr(match kind {
        MethodKind::Cash => "pdf-method-cash",
        MethodKind::Card => "pdf-method-card",
        MethodKind::MbWay => "pdf-method-mbway",
        MethodKind::Exempt => "pdf-method-exempt",
    })
}

/// The short name of a method, for the narrow column of the payments list.
fn method_short_name(i18n: &I18n, kind: MethodKind) -> String {
    i18n.tr(match kind {
        MethodKind::Cash => "pdf-method-short-cash",
        MethodKind::Card => "pdf-method-short-card",
        MethodKind::MbWay => "pdf-method-short-mbway",
        MethodKind::Exempt => "pdf-method-short-exempt",
    })
}

/// An amount with its sign always shown (`+2,00 €`, `-1,50 €`, `0,00 €`), for differences.
fn signed(amount: Money) -> String {
    if amount.cents() > 0 {
        format!("+{amount}")
    } else {
        amount.to_string()
    }
}

/// The sum of amounts, or `None` on an overflow no real day reaches.
fn sum(amounts: impl IntoIterator<Item = Money>) -> Option<Money> {
    amounts
        .into_iter()
        .try_fold(Money::ZERO, |acc, m| acc.checked_add(m))
}

/// An amount that may not exist (an overflowing sum) as text.
fn amount_or_dash(amount: Option<Money>) -> String {
    amount.map_or_else(|| "—".to_string(), |m| m.to_string())
}

/// "Página 2 de 4" in the document's language.
fn page_label(i18n: &I18n, page: usize, pages: usize) -> String {
    i18n.tr_args(
        "pdf-page",
        &[("page", page.to_string()), ("pages", pages.to_string())],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_are_counted_minus_expected_with_a_sign() {
        let line = MethodLine {
            method: MethodKind::Cash,
            expected: Money::from_cents(10_000),
            counted: Money::from_cents(9_850),
        };
        assert_eq!(line.difference(), Some(Money::from_cents(-150)));
        assert_eq!(signed(Money::from_cents(-150)), "-1,50\u{a0}€");
        assert_eq!(signed(Money::from_cents(200)), "+2,00\u{a0}€");
        assert_eq!(signed(Money::ZERO), "0,00\u{a0}€");
        let overflow = MethodLine {
            method: MethodKind::Cash,
            expected: Money::from_cents(i64::MIN),
            counted: Money::from_cents(1),
        };
        assert_eq!(overflow.difference(), None);
        assert_eq!(sum([Money::from_cents(i64::MAX), Money::from_cents(1)]), None);
        assert_eq!(amount_or_dash(None), "—");
    }
}
