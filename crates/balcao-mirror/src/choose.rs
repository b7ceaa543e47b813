//! Which window the citizen sees. This is the privacy decision of the mirror, so it is a pure function
//! over plain data, tested case by case, and the backends only gather the facts it needs.
//!
//! The rules, in order:
//!
//! 1. When the focused window is allowed (its `WM_CLASS` class or instance is on the allow-list and it is
//!    not one of Balcão's own windows), it is shown.
//! 2. When the focus is on a foreign program that is not allowed (mail, a file manager), nothing is
//!    shown ([`Choice::NotAllowedFocused`]): the citizen must not see the mediator's other work.
//! 3. When the focus is on Balcão itself, or on nothing known, the previous window stays if it still
//!    exists and is allowed: the mediator clicking in Balcão must not blank the citizen's picture.
//! 4. Otherwise the topmost allowed window of the browser Balcão started (`preferred_pids`) is shown, and
//!    failing that nothing ([`Choice::NoWindow`]). An allowed browser that nobody focused and Balcão did
//!    not start is not shown on its own.
//! 5. A chosen window that is minimised or not viewable gives [`Choice::Minimized`], since it has no
//!    picture to show.

use crate::window::{WindowId, WindowInfo};

/// The facts the choice is made from.
#[derive(Debug, Clone, Copy)]
pub struct ChooseInput<'a> {
    /// Every top-level window, topmost first.
    pub windows: &'a [WindowInfo],
    /// The window that has the keyboard focus, if any.
    pub focused: Option<WindowId>,
    /// Balcão's own process id: its windows are never chosen.
    pub own_pid: u32,
    /// Allowed programs: lowercase `WM_CLASS` class or instance names ("firefox", "chromium", …).
    pub allow_list: &'a [String],
    /// The processes of the browser Balcão started; their windows are preferred.
    pub preferred_pids: &'a [u32],
    /// The window chosen last time, if any.
    pub previous: Option<WindowId>,
}

/// The outcome of [`choose_window`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Show this window.
    Window(WindowId),
    /// This window would be shown, but it is minimised or not viewable.
    Minimized(WindowId),
    /// The mediator is working in a program that must not be shown.
    NotAllowedFocused,
    /// There is no window to show.
    NoWindow,
}

/// Whether a window belongs to Balcão itself.
fn is_own(w: &WindowInfo, own_pid: u32) -> bool {
    w.pid == Some(own_pid)
}

/// Whether a window's program is on the allow-list (case-insensitive, class or instance).
fn on_list(w: &WindowInfo, allow_list: &[String]) -> bool {
    allow_list
        .iter()
        .any(|a| a.eq_ignore_ascii_case(&w.class) || a.eq_ignore_ascii_case(&w.instance))
}

/// Whether a window may be shown at all.
fn allowed(w: &WindowInfo, input: &ChooseInput<'_>) -> bool {
    !is_own(w, input.own_pid) && on_list(w, input.allow_list)
}

/// Decides which window the citizen sees; see the module documentation for the rules.
pub fn choose_window(input: &ChooseInput<'_>) -> Choice {
    let find = |id: WindowId| input.windows.iter().find(|w| w.id == id);
    let focused = input.focused.and_then(find);

    let chosen = match focused {
        Some(f) if allowed(f, input) => Some(f),
        Some(f) if !is_own(f, input.own_pid) => return Choice::NotAllowedFocused,
        _ => {
            let previous = input.previous.and_then(find).filter(|w| allowed(w, input));
            previous.or_else(|| {
                input
                    .windows
                    .iter()
                    .find(|w| allowed(w, input) && w.pid.is_some_and(|p| input.preferred_pids.contains(&p)))
            })
        }
    };

    match chosen {
        None => Choice::NoWindow,
        Some(w) if w.minimized || !w.viewable => Choice::Minimized(w.id),
        Some(w) => Choice::Window(w.id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OWN: u32 = 100;
    const BROWSER: u32 = 200;

    fn win(id: u64, pid: Option<u32>, instance: &str, class: &str) -> WindowInfo {
        WindowInfo {
            id: WindowId(id),
            pid,
            class: class.to_owned(),
            instance: instance.to_owned(),
            minimized: false,
            viewable: true,
            x: 0,
            y: 0,
            width: 800,
            height: 600,
        }
    }

    fn list() -> Vec<String> {
        [
            "firefox",
            "firefox-esr",
            "chromium",
            "google-chrome",
            "microsoft-edge",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect()
    }

    /// Topmost first: Balcão's mediator window, mail, a browser started by Balcão, another browser.
    fn desktop() -> Vec<WindowInfo> {
        vec![
            win(1, Some(OWN), "balcao", "balcao"),
            win(2, Some(300), "thunderbird", "thunderbird"),
            win(3, Some(BROWSER), "navigator", "firefox-esr"),
            win(4, Some(400), "chromium", "chromium"),
        ]
    }

    fn choose(
        windows: &[WindowInfo],
        focused: Option<u64>,
        preferred: &[u32],
        previous: Option<u64>,
    ) -> Choice {
        let allow = list();
        choose_window(&ChooseInput {
            windows,
            focused: focused.map(WindowId),
            own_pid: OWN,
            allow_list: &allow,
            preferred_pids: preferred,
            previous: previous.map(WindowId),
        })
    }

    #[test]
    fn a_focused_allowed_window_is_shown() {
        let w = desktop();
        assert_eq!(choose(&w, Some(3), &[BROWSER], None), Choice::Window(WindowId(3)));
        // Focus wins over the previous window and over the preferred process.
        assert_eq!(
            choose(&w, Some(4), &[BROWSER], Some(3)),
            Choice::Window(WindowId(4))
        );
    }

    #[test]
    fn a_focused_browser_without_pid_is_accepted_by_class() {
        let mut w = desktop();
        w[2].pid = None;
        assert_eq!(choose(&w, Some(3), &[BROWSER], None), Choice::Window(WindowId(3)));
    }

    #[test]
    fn a_focused_foreign_program_shows_nothing() {
        let w = desktop();
        assert_eq!(
            choose(&w, Some(2), &[BROWSER], Some(3)),
            Choice::NotAllowedFocused
        );
        assert_eq!(choose(&w, Some(2), &[BROWSER], None), Choice::NotAllowedFocused);
    }

    #[test]
    fn focus_on_balcao_keeps_the_previous_window() {
        let w = desktop();
        // The previous window is not the preferred one and not the topmost: it is still kept.
        assert_eq!(
            choose(&w, Some(1), &[BROWSER], Some(4)),
            Choice::Window(WindowId(4))
        );
    }

    #[test]
    fn no_focus_keeps_the_previous_window() {
        let w = desktop();
        assert_eq!(choose(&w, None, &[], Some(4)), Choice::Window(WindowId(4)));
        // A focused id that is not a known top-level window counts as no focus.
        assert_eq!(choose(&w, Some(999), &[], Some(4)), Choice::Window(WindowId(4)));
    }

    #[test]
    fn a_closed_previous_window_falls_back_to_the_preferred_browser() {
        let w = desktop();
        assert_eq!(
            choose(&w, Some(1), &[BROWSER], Some(77)),
            Choice::Window(WindowId(3))
        );
        assert_eq!(choose(&w, Some(1), &[], Some(77)), Choice::NoWindow);
    }

    #[test]
    fn a_previous_window_that_is_no_longer_allowed_is_dropped() {
        let w = desktop();
        assert_eq!(choose(&w, Some(1), &[], Some(2)), Choice::NoWindow);
    }

    #[test]
    fn the_topmost_window_of_the_preferred_process_wins() {
        let mut w = desktop();
        w.insert(1, win(5, Some(BROWSER), "navigator", "firefox-esr"));
        assert_eq!(choose(&w, Some(1), &[BROWSER], None), Choice::Window(WindowId(5)));
        assert_eq!(choose(&w, None, &[400], None), Choice::Window(WindowId(4)));
    }

    #[test]
    fn nothing_to_show_without_focus_previous_or_preferred_process() {
        let w = desktop();
        assert_eq!(choose(&w, None, &[], None), Choice::NoWindow);
        assert_eq!(choose(&[], None, &[BROWSER], None), Choice::NoWindow);
    }

    #[test]
    fn own_windows_are_never_chosen_even_when_on_the_list() {
        let w = vec![win(1, Some(OWN), "firefox", "firefox")];
        assert_eq!(choose(&w, Some(1), &[OWN], None), Choice::NoWindow);
        assert_eq!(choose(&w, Some(1), &[OWN], Some(1)), Choice::NoWindow);
        assert_eq!(choose(&w, None, &[OWN], None), Choice::NoWindow);
    }

    #[test]
    fn the_list_matches_class_or_instance_ignoring_case() {
        let w = vec![
            win(1, Some(7), "Navigator", "Firefox"),
            win(2, Some(8), "google-chrome", "Google-chrome"),
            win(3, Some(9), "chromium-browser", "Chromium"),
        ];
        assert_eq!(choose(&w, Some(1), &[], None), Choice::Window(WindowId(1)));
        assert_eq!(choose(&w, Some(2), &[], None), Choice::Window(WindowId(2)));
        assert_eq!(choose(&w, Some(3), &[], None), Choice::Window(WindowId(3)));
        let upper = vec!["FIREFOX".to_owned()];
        let c = choose_window(&ChooseInput {
            windows: &w,
            focused: Some(WindowId(1)),
            own_pid: OWN,
            allow_list: &upper,
            preferred_pids: &[],
            previous: None,
        });
        assert_eq!(c, Choice::Window(WindowId(1)));
    }

    #[test]
    fn a_minimized_or_unmapped_choice_is_reported_as_minimized() {
        let mut w = desktop();
        w[2].minimized = true;
        assert_eq!(
            choose(&w, Some(3), &[BROWSER], None),
            Choice::Minimized(WindowId(3))
        );
        assert_eq!(
            choose(&w, Some(1), &[BROWSER], Some(3)),
            Choice::Minimized(WindowId(3))
        );
        w[2].minimized = false;
        w[2].viewable = false;
        assert_eq!(
            choose(&w, Some(1), &[BROWSER], None),
            Choice::Minimized(WindowId(3))
        );
    }
}
