//! Follow-ups: a service left *pendente* that the counter must not forget.
//!
//! Many services do not end at the counter: the Citizen Card is made in days, a certificate is posted,
//! Social Security answers by letter. The line ends *pendente* and, without a follow-up, it shows in
//! today's list and then nowhere: nobody reminds the mediator, nobody can close it when the result comes.
//! A [`FollowUp`] is the promise made to the citizen at that moment: *what* is awaited (the outcome's
//! text), *by when* (a due [`Day`], by default the catalogue's `result_days` for the service, or
//! [`DEFAULT_RESULT_DAYS`]), and *how the citizen wants to be told* ([`Notify`]). It stays open across
//! days until it is closed with the final outcome, either when the citizen comes back (the new
//! attendance links to it) or directly, when the answer came by other means.
//!
//! The rules (which day is due by default, which days are acceptable, when one is overdue, which
//! outcomes close one, in which order the list is shown) live here so the counter's list, its store and
//! the coordination's counts agree. Days are civil days on the spot's clock ([`crate::time::SpotZone`]):
//! a follow-up due "on the 14th" is overdue from the first minute of the 15th in the Azores as on the
//! mainland.

use crate::attendance::{Outcome, UtcMillis};
use crate::message::Localized;
use crate::time::SpotZone;

/// Days until the result when the catalogue says nothing for the service.
pub const DEFAULT_RESULT_DAYS: u32 = 10;

/// The latest due day a mediator may set, in days from today (a follow-up is a reminder, not a diary).
pub const MAX_DUE_DAYS: i32 = 366;

/// A civil day on the spot's calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(jiff::civil::Date);

impl Day {
    /// The day holding `at` on the spot's clock.
    pub fn at(zone: &SpotZone, at: UtcMillis) -> Day {
        let local = zone.local(at);
        Day(jiff::civil::Date::new(local.year, local.month, local.day).unwrap_or(jiff::civil::Date::ZERO))
    }

    /// Parses `yyyy-mm-dd` (as stored and sent) or `dd/mm/yyyy` (as a mediator types it).
    pub fn parse(text: &str) -> Option<Day> {
        let text = text.trim();
        let parts: Vec<&str> = if text.contains('/') {
            let mut p: Vec<&str> = text.split('/').collect();
            p.reverse();
            p
        } else {
            text.split('-').collect()
        };
        let [y, m, d] = parts.as_slice() else {
            return None;
        };
        if y.len() != 4 || m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
            return None;
        }
        let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        jiff::civil::Date::new(y, m, d).ok().map(Day)
    }

    /// `yyyy-mm-dd`: how a day is stored and sent.
    pub fn key(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.0.year(), self.0.month(), self.0.day())
    }

    /// `dd/mm/yyyy`: how a day is shown.
    pub fn text(&self) -> String {
        format!("{:02}/{:02}/{:04}", self.0.day(), self.0.month(), self.0.year())
    }

    /// The day `days` later (or earlier, when negative); saturates at the calendar's ends.
    pub fn plus_days(&self, days: i32) -> Day {
        self.0
            .checked_add(jiff::Span::new().days(days))
            .map(Day)
            .unwrap_or(*self)
    }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    pub fn days_until(&self, other: Day) -> i32 {
        self.0.until(other.0).map(|span| span.get_days()).unwrap_or(0)
    }
}

/// How the citizen wants to be told that the result arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Notify {
    /// A phone call.
    Phone,
    /// An e-mail.
    Email,
    /// Nobody calls: the citizen comes back to the counter.
    Return,
}

impl Notify {
    /// Every choice, in the order the form offers them.
    pub const ALL: [Notify; 3] = [Notify::Return, Notify::Phone, Notify::Email];

    /// The stable slug stored and sent.
    pub fn slug(self) -> &'static str {
        match self {
            Notify::Phone => "phone",
            Notify::Email => "email",
            Notify::Return => "return",
        }
    }

    /// The choice of a slug.
    pub fn from_slug(slug: &str) -> Option<Notify> {
        Notify::ALL.into_iter().find(|n| n.slug() == slug)
    }
}

/// One follow-up, as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    /// Its id (a UUIDv7).
    pub id: String,
    /// The attendance whose line ended *pendente*.
    pub attendance_id: String,
    /// That line's index.
    pub line: usize,
    /// The line's service.
    pub service_id: String,
    /// What is awaited (the outcome's text; stays on the counter).
    pub awaiting: String,
    /// When the result is expected.
    pub due_on: Day,
    /// How the citizen wants to be told.
    pub notify: Notify,
    /// When it was opened.
    pub opened_at: UtcMillis,
    /// When it was closed, if it was.
    pub closed_at: Option<UtcMillis>,
    /// The final outcome's slug, once closed.
    pub outcome: Option<String>,
    /// The attendance of the citizen's return, once they came back.
    pub linked_attendance_id: Option<String>,
}

impl FollowUp {
    /// Whether it is still awaited.
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }

    /// Where it stands on `today`.
    pub fn due(&self, today: Day) -> Due {
        due(self.due_on, today)
    }
}

/// Where a follow-up stands against today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Due in this many days (at least one).
    Later {
        /// Days left.
        days: i32,
    },
    /// Due today.
    Today,
    /// Past its due day by this many days (at least one).
    Overdue {
        /// Days late.
        days: i32,
    },
}

/// Where a follow-up due on `due_on` stands on `today`.
pub fn due(due_on: Day, today: Day) -> Due {
    match today.days_until(due_on) {
        0 => Due::Today,
        d if d > 0 => Due::Later { days: d },
        d => Due::Overdue { days: -d },
    }
}

/// The due day proposed for a service whose result takes `result_days` (the catalogue's, if any).
pub fn default_due(result_days: Option<u32>, today: Day) -> Day {
    let days = result_days.unwrap_or(DEFAULT_RESULT_DAYS);
    today.plus_days(i32::try_from(days).unwrap_or(MAX_DUE_DAYS).min(MAX_DUE_DAYS))
}

/// Checks a due day a mediator chose: not in the past, not more than [`MAX_DUE_DAYS`] ahead.
pub fn check_due(due_on: Day, today: Day) -> Result<(), FollowUpError> {
    let days = today.days_until(due_on);
    if days < 0 {
        Err(FollowUpError::DueInPast)
    } else if days > MAX_DUE_DAYS {
        Err(FollowUpError::DueTooFar { days: MAX_DUE_DAYS })
    } else {
        Ok(())
    }
}

/// The slug a follow-up is closed with for `outcome`, or `None` when the outcome is not final (still
/// *pendente*: the follow-up stays open).
pub fn closing_slug(outcome: &Outcome) -> Option<&'static str> {
    match outcome {
        Outcome::Pendente { .. } => None,
        other => Some(other.slug()),
    }
}

/// Sorts a list for the screen: the earliest due first (so the overdue come first), then the oldest.
pub fn sort_for_list(list: &mut [FollowUp]) {
    list.sort_by(|a, b| (a.due_on, a.opened_at, &a.id).cmp(&(b.due_on, b.opened_at, &b.id)));
}

/// A follow-up that cannot be opened or closed as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FollowUpError {
    /// The due day is before today.
    DueInPast,
    /// The due day is too far ahead.
    DueTooFar {
        /// The most days allowed.
        days: i32,
    },
    /// The due day is not a date.
    DueNotADate,
    /// The follow-up was already closed.
    AlreadyClosed,
    /// The line did not end *pendente*.
    NotPending,
    /// There is no such follow-up.
    NotFound,
}

impl std::fmt::Display for FollowUpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message_id())
    }
}

impl std::error::Error for FollowUpError {}

impl Localized for FollowUpError {
    fn message_id(&self) -> &'static str {
        match self {
            FollowUpError::DueInPast => "followup-due-in-past",
            FollowUpError::DueTooFar { .. } => "followup-due-too-far",
            FollowUpError::DueNotADate => "followup-due-not-a-date",
            FollowUpError::AlreadyClosed => "followup-already-closed",
            FollowUpError::NotPending => "followup-not-pending",
            FollowUpError::NotFound => "followup-not-found",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, String)> {
        match self {
            FollowUpError::DueTooFar { days } => vec![("days", days.to_string())],
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    #[test]
    fn days_parse_both_ways_and_refuse_nonsense() {
        assert_eq!(day("2026-12-14"), day("14/12/2026"));
        assert_eq!(day("2026-12-14").key(), "2026-12-14");
        assert_eq!(day("2026-12-04").text(), "04/12/2026");
        for bad in [
            "",
            "2026-13-01",
            "31/02/2026",
            "14-12-26",
            "2026/12",
            "abc",
            "2026-12-14-1",
        ] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_day_is_the_spot_s_day() {
        // 2026-12-07 00:30 in Lisbon (UTC+0 in winter) is 23:30 of the 6th in the Azores (UTC−1).
        let at = UtcMillis(1_796_603_400_000);
        assert_eq!(Day::at(&SpotZone::lisbon(), at).key(), "2026-12-07");
        let azores = SpotZone::named("Atlantic/Azores").unwrap();
        assert_eq!(Day::at(&azores, at).key(), "2026-12-06");
    }

    #[test]
    fn due_counts_whole_days_across_months() {
        let today = day("2026-12-30");
        assert_eq!(due(day("2027-01-02"), today), Due::Later { days: 3 });
        assert_eq!(due(today, today), Due::Today);
        assert_eq!(due(day("2026-12-01"), today), Due::Overdue { days: 29 });
    }

    #[test]
    fn the_default_due_day_comes_from_the_catalogue_or_ten_days() {
        let today = day("2026-12-07");
        assert_eq!(default_due(Some(3), today), day("2026-12-10"));
        assert_eq!(default_due(None, today), day("2026-12-17"));
        assert_eq!(default_due(Some(u32::MAX), today), today.plus_days(MAX_DUE_DAYS));
    }

    #[test]
    fn a_due_day_in_the_past_or_too_far_is_refused() {
        let today = day("2026-12-07");
        assert_eq!(check_due(day("2026-12-06"), today), Err(FollowUpError::DueInPast));
        assert_eq!(check_due(today, today), Ok(()));
        assert_eq!(check_due(today.plus_days(MAX_DUE_DAYS), today), Ok(()));
        assert!(matches!(
            check_due(today.plus_days(MAX_DUE_DAYS + 1), today),
            Err(FollowUpError::DueTooFar { .. })
        ));
    }

    #[test]
    fn only_a_final_outcome_closes_a_follow_up() {
        assert_eq!(closing_slug(&Outcome::Concluido), Some("concluido"));
        assert_eq!(
            closing_slug(&Outcome::NaoFoiPossivel { reason: "x".into() }),
            Some("nao-foi-possivel")
        );
        assert_eq!(closing_slug(&Outcome::Pendente { awaiting: "x".into() }), None);
    }

    #[test]
    fn the_list_puts_the_earliest_due_first() {
        let item = |id: &str, due: &str, opened: i64| FollowUp {
            id: id.into(),
            attendance_id: "a".into(),
            line: 0,
            service_id: "s".into(),
            awaiting: String::new(),
            due_on: day(due),
            notify: Notify::Return,
            opened_at: UtcMillis(opened),
            closed_at: None,
            outcome: None,
            linked_attendance_id: None,
        };
        let mut list = vec![
            item("c", "2026-12-20", 1),
            item("b", "2026-12-01", 5),
            item("a", "2026-12-01", 2),
        ];
        sort_for_list(&mut list);
        let ids: Vec<&str> = list.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
    }

    #[test]
    fn notify_slugs_round_trip() {
        for n in Notify::ALL {
            assert_eq!(Notify::from_slug(n.slug()), Some(n));
        }
        assert_eq!(Notify::from_slug("pigeon"), None);
    }
}
