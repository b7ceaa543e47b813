//! The till as the mediator sees it: the open session, its payments, what the drawer should hold.
//!
//! Part of [`crate::state::AppState`]; the module that changes it ([`crate::cash`]) depends on this
//! one and on the state, never the other way round.

use balcao_core::attendance::UtcMillis;
use balcao_core::cash::PerMethod;
use balcao_store::{ClosingRecord, PaymentEntry};
use std::path::PathBuf;

/// The cash session as the mediator sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CashState {
    /// The counter's open session, if any (perhaps from an earlier day).
    pub session: Option<balcao_store::CashSession>,
    /// Its payments, with their cancellations.
    pub entries: Vec<PaymentEntry>,
    /// What each method should hold now.
    pub expected: PerMethod,
    /// The last closing of this run and its report's file.
    pub last_closing: Option<(ClosingRecord, PathBuf)>,
    /// The documents printed in this run (for the mediator's list and the tests).
    pub printed: Vec<PathBuf>,
    /// Whether the open session is from an earlier day (as of the last refresh): it must be closed.
    pub stale: bool,
}

impl CashState {
    /// Whether the open session was opened on an earlier day than `now`, on the spot's clock: it
    /// must be closed first.
    pub fn stale(&self, zone: &balcao_core::time::SpotZone, now: UtcMillis) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| s.opened_at < now && !zone.same_day(s.opened_at, now))
    }

    /// The payments of one attendance line.
    pub fn line_entries<'a>(
        &'a self,
        attendance: &'a str,
        line: usize,
    ) -> impl Iterator<Item = &'a PaymentEntry> {
        self.entries
            .iter()
            .filter(move |e| e.payment.attendance_id == attendance && e.payment.line == line)
    }
}
