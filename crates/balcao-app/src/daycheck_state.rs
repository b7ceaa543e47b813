//! What the app knows of the start-of-day check: the last report, and whether one is asked for or
//! running. Commands only ask ([`DayCheckState::requested`]); the app runs the probes off the UI
//! thread and records the report (`crate::daycheck`).

/// The start-of-day check's part of the state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DayCheckState {
    /// The last report on this counter (today's, or an older one until today's is done).
    pub last: Option<balcao_daycheck::Report>,
    /// A check the mediator (or the first login of the day) asked for, not yet started.
    pub requested: Option<balcao_store::daycheck::Trigger>,
    /// A check is running (its probes take a few seconds, on a thread of their own).
    pub running: bool,
    /// The mediator folded the checklist away.
    pub folded: bool,
}
