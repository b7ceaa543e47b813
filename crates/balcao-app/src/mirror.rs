//! When the citizen sees the live picture of the browser, and when they see a pause card instead.
//!
//! The citizen window's heart is a live mirror of the browser in which the mediator works on the
//! State's portals, so the citizen can follow every step (transparency) and learn to do it alone
//! (digital literacy). The same picture could show a PIN being typed, or a page left open after the
//! citizen's turn, so *whether* it is shown is decided here, by one pure function of the app state,
//! [`mirror_pane`], and nowhere else. The capture worker is only allowed to grab pictures while that
//! function wants them ([`wants_capture`]); when it does not, the worker stops grabbing and drops what
//! it had, and the citizen window draws a calm "Ecrã em pausa" card, never a frozen last frame.
//!
//! The rules, in order:
//! - no picture when the mirror is off in the configuration, when no attendance is open (the welcome
//!   and the end screens), before a service is chosen, or while the session is locked or nobody is
//!   logged in (`crate::session`);
//! - a pause at every catalogue step marked `sensitive` (the citizen types a PIN or a code), resuming
//!   by itself when the mediator moves on;
//! - a pause while the mediator's pause key is on (`F9`, printed on the button);
//! - a pause while the mirrored browser window is minimised;
//! - otherwise the picture when the capture worker has an allowed window, or the step card with a
//!   line saying the picture waits for the browser.
//!
//! [`MirrorTally`] turns the pane's changes into the attendance's [`MirrorUsage`] (seconds live,
//! seconds paused, pauses): numbers only, recorded with the attendance so the coordination can see
//! that the double screen is really used.

use crate::state::AppState;
use balcao_core::attendance::{MirrorUsage, UtcMillis};

/// What the capture worker says about the window it mirrors, copied into the state every frame.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum MirrorSource {
    /// Not capturing (no worker, or it was told to stop).
    #[default]
    Off,
    /// Pictures of an allowed window are coming.
    Live,
    /// No allowed window was found.
    NoWindow,
    /// The focused window belongs to a program that is not on the allow-list.
    NotAllowedFocused,
    /// The mirrored window is minimised or hidden.
    Minimized,
    /// This desktop session cannot be captured (Wayland).
    Unsupported,
    /// Capture failed (the detail went to the log).
    Failed,
}

impl MirrorSource {
    /// The app's view of what the capture worker says.
    pub fn of(status: &balcao_mirror::MirrorStatus) -> MirrorSource {
        use balcao_mirror::MirrorStatus as S;
        match status {
            S::Off => MirrorSource::Off,
            S::Live { .. } => MirrorSource::Live,
            S::NoWindow => MirrorSource::NoWindow,
            S::NotAllowedFocused => MirrorSource::NotAllowedFocused,
            S::Minimized => MirrorSource::Minimized,
            S::Unsupported(_) => MirrorSource::Unsupported,
            S::Error(_) => MirrorSource::Failed,
        }
    }
}

/// Why the picture is paused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PauseReason {
    /// The current step is one where the citizen types a secret.
    Sensitive,
    /// The mediator pressed the pause key.
    Manual,
    /// The browser window is minimised.
    Minimized,
}

/// What stands in the picture's place on the citizen screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MirrorPane {
    /// No picture area at all (mirror off, no attendance, no service chosen).
    Hidden,
    /// The "Ecrã em pausa" card.
    Paused(PauseReason),
    /// The step card, with a line saying the picture waits for the browser.
    Waiting,
    /// The step card, with a line saying this desktop cannot show the picture.
    Unsupported,
    /// The live picture.
    Live,
}

/// The mirror's part of the app state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MirrorState {
    /// The mediator's pause key is on.
    pub paused_by_mediator: bool,
    /// What the capture worker reports.
    pub source: MirrorSource,
    /// The mirror needs X11 and this is a Wayland session: the mediator was told once.
    pub unsupported_told: bool,
}

/// Whether the pause rules allow a picture at all, before asking what the worker sees: the worker
/// grabs nothing when this is false.
pub fn wants_capture(state: &AppState) -> bool {
    pane_before_source(state).is_none()
}

/// The rules that do not depend on the worker: `Some(pane)` when they decide, `None` when a
/// picture is allowed.
fn pane_before_source(state: &AppState) -> Option<MirrorPane> {
    if !state.config.mirror || state.attendance.is_none() || state.session.needs_login() {
        return Some(MirrorPane::Hidden);
    }
    let Some(step) = state.current_step() else {
        return Some(MirrorPane::Hidden);
    };
    if step.sensitive {
        return Some(MirrorPane::Paused(PauseReason::Sensitive));
    }
    if state.mirror.paused_by_mediator {
        return Some(MirrorPane::Paused(PauseReason::Manual));
    }
    None
}

/// What the citizen screen shows in the picture's place, as a pure function of the state.
pub fn mirror_pane(state: &AppState) -> MirrorPane {
    if let Some(pane) = pane_before_source(state) {
        return pane;
    }
    match state.mirror.source {
        MirrorSource::Live => MirrorPane::Live,
        MirrorSource::Minimized => MirrorPane::Paused(PauseReason::Minimized),
        MirrorSource::Unsupported => MirrorPane::Unsupported,
        MirrorSource::Off
        | MirrorSource::NoWindow
        | MirrorSource::NotAllowedFocused
        | MirrorSource::Failed => MirrorPane::Waiting,
    }
}

/// Adds up, for the attendance in progress, how long the picture was live and paused.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MirrorTally {
    /// The pane shown since `since`.
    current: Option<(MirrorPane, UtcMillis)>,
    live_ms: i64,
    paused_ms: i64,
    pauses: u32,
}

impl MirrorTally {
    /// Notes the pane shown at `now`; the time since the last call goes to the previous pane.
    pub fn observe(&mut self, pane: MirrorPane, now: UtcMillis) {
        match self.current {
            Some((previous, _)) if previous == pane => {}
            Some((previous, since)) => {
                self.add(previous, now.0.saturating_sub(since.0));
                if matches!(pane, MirrorPane::Paused(_)) && !matches!(previous, MirrorPane::Paused(_)) {
                    self.pauses += 1;
                }
                self.current = Some((pane, now));
            }
            None => {
                if matches!(pane, MirrorPane::Paused(_)) {
                    self.pauses += 1;
                }
                self.current = Some((pane, now));
            }
        }
    }

    fn add(&mut self, pane: MirrorPane, ms: i64) {
        let ms = ms.max(0);
        match pane {
            MirrorPane::Live => self.live_ms += ms,
            MirrorPane::Paused(_) => self.paused_ms += ms,
            MirrorPane::Hidden | MirrorPane::Waiting | MirrorPane::Unsupported => {}
        }
    }

    /// The usage up to `now`, rounded to whole seconds.
    pub fn usage(&self, now: UtcMillis) -> MirrorUsage {
        let mut tally = self.clone();
        if let Some((pane, since)) = self.current {
            tally.add(pane, now.0.saturating_sub(since.0));
        }
        let seconds = |ms: i64| u32::try_from((ms + 500) / 1000).unwrap_or(u32::MAX);
        MirrorUsage {
            live_seconds: seconds(tally.live_ms),
            paused_seconds: seconds(tally.paused_ms),
            pauses: tally.pauses,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::config::Config;
    use balcao_core::attendance::{Attendance, Origin};
    use std::sync::Arc;

    fn state() -> AppState {
        let catalogue = balcao_catalogue::load(None).catalogue;
        AppState::new(Config::default(), Arc::new(catalogue))
    }

    /// A state serving the first service that has a sensitive step, at step `step`.
    fn serving(step: usize) -> (AppState, usize) {
        let mut s = state();
        let (service, sensitive) = s
            .catalogue
            .services
            .iter()
            .find_map(|svc| {
                svc.steps
                    .iter()
                    .position(|st| st.sensitive)
                    .map(|i| (svc.id.clone(), i))
            })
            .expect("the catalogue has a step where the citizen types a secret");
        let mut a = Attendance::new(
            "a-1",
            Origin {
                spot: "EC-DEMO".into(),
                counter: "1".into(),
                mediator: "m".into(),
            },
            UtcMillis(0),
        );
        a.add_service(service, UtcMillis(0)).unwrap();
        a.lines[0].current_step = step;
        s.attendance = Some(a);
        (s, sensitive)
    }

    fn not_sensitive(s: &AppState, sensitive: usize) -> usize {
        let steps = &s
            .catalogue
            .service(&s.attendance.as_ref().unwrap().lines[0].service_id)
            .unwrap()
            .steps;
        (0..steps.len())
            .find(|i| *i != sensitive && !steps[*i].sensitive)
            .unwrap()
    }

    #[test]
    fn no_picture_without_an_attendance_or_a_service() {
        let mut s = state();
        s.mirror.source = MirrorSource::Live;
        assert_eq!(mirror_pane(&s), MirrorPane::Hidden);
        assert!(!wants_capture(&s));
        let (mut s, _) = serving(0);
        s.attendance.as_mut().unwrap().lines.clear();
        s.mirror.source = MirrorSource::Live;
        assert_eq!(mirror_pane(&s), MirrorPane::Hidden);
        assert!(!wants_capture(&s));
    }

    #[test]
    fn the_picture_follows_the_worker_on_an_ordinary_step() {
        let (mut s, sensitive) = serving(0);
        let plain = not_sensitive(&s, sensitive);
        s.attendance.as_mut().unwrap().lines[0].current_step = plain;
        assert!(wants_capture(&s));
        for (source, pane) in [
            (MirrorSource::Live, MirrorPane::Live),
            (MirrorSource::Off, MirrorPane::Waiting),
            (MirrorSource::NoWindow, MirrorPane::Waiting),
            (MirrorSource::NotAllowedFocused, MirrorPane::Waiting),
            (MirrorSource::Failed, MirrorPane::Waiting),
            (
                MirrorSource::Minimized,
                MirrorPane::Paused(PauseReason::Minimized),
            ),
            (MirrorSource::Unsupported, MirrorPane::Unsupported),
        ] {
            s.mirror.source = source.clone();
            assert_eq!(mirror_pane(&s), pane, "{source:?}");
        }
    }

    #[test]
    fn a_sensitive_step_pauses_whatever_the_worker_sees_and_moving_on_resumes() {
        let (mut s, sensitive) = serving(0);
        s.mirror.source = MirrorSource::Live;
        s.attendance.as_mut().unwrap().lines[0].current_step = sensitive;
        assert_eq!(mirror_pane(&s), MirrorPane::Paused(PauseReason::Sensitive));
        assert!(
            !wants_capture(&s),
            "no picture is even taken while a secret is typed"
        );
        let plain = not_sensitive(&s, sensitive);
        s.attendance.as_mut().unwrap().lines[0].current_step = plain;
        assert_eq!(mirror_pane(&s), MirrorPane::Live);
    }

    #[test]
    fn a_locked_or_logged_out_session_shows_no_picture() {
        let (mut s, sensitive) = serving(0);
        let plain = not_sensitive(&s, sensitive);
        s.attendance.as_mut().unwrap().lines[0].current_step = plain;
        s.mirror.source = MirrorSource::Live;
        assert_eq!(mirror_pane(&s), MirrorPane::Live);
        s.session = crate::session::Session::LoggedOut;
        assert_eq!(mirror_pane(&s), MirrorPane::Hidden);
        assert!(!wants_capture(&s));
    }

    #[test]
    fn the_pause_key_pauses_until_pressed_again_and_the_config_can_turn_it_all_off() {
        let (mut s, sensitive) = serving(0);
        let plain = not_sensitive(&s, sensitive);
        s.attendance.as_mut().unwrap().lines[0].current_step = plain;
        s.mirror.source = MirrorSource::Live;
        s.mirror.paused_by_mediator = true;
        assert_eq!(mirror_pane(&s), MirrorPane::Paused(PauseReason::Manual));
        assert!(!wants_capture(&s));
        s.mirror.paused_by_mediator = false;
        assert_eq!(mirror_pane(&s), MirrorPane::Live);
        s.config.mirror = false;
        assert_eq!(mirror_pane(&s), MirrorPane::Hidden);
        assert!(!wants_capture(&s));
    }

    #[test]
    fn the_tally_adds_live_and_paused_time_and_counts_pauses() {
        let mut t = MirrorTally::default();
        t.observe(MirrorPane::Waiting, UtcMillis(0));
        t.observe(MirrorPane::Live, UtcMillis(2_000));
        t.observe(MirrorPane::Live, UtcMillis(5_000));
        t.observe(MirrorPane::Paused(PauseReason::Sensitive), UtcMillis(12_000));
        // A change of reason is the same pause.
        t.observe(MirrorPane::Paused(PauseReason::Manual), UtcMillis(15_000));
        t.observe(MirrorPane::Live, UtcMillis(20_000));
        t.observe(MirrorPane::Paused(PauseReason::Manual), UtcMillis(30_400));
        assert_eq!(
            t.usage(UtcMillis(31_000)),
            MirrorUsage {
                live_seconds: 20,  // 2→12 and 20→30.4
                paused_seconds: 9, // 12→20 and 30.4→31, rounded
                pauses: 2,
            }
        );
    }
}
