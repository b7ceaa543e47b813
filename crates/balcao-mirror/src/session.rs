//! What kind of desktop session Balcão runs in. The mirror reads another program's window, which X11
//! allows and Wayland (by design) does not; XWayland's `DISPLAY` only reaches X11 clients, not a native
//! Wayland browser. So a Wayland session is reported as such and the app tells the mediator, instead of
//! showing a black picture.

/// The kind of session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SessionKind {
    /// An X11 session: the mirror works.
    X11,
    /// A Wayland session (even with XWayland): the mirror cannot work.
    Wayland,
    /// Microsoft Windows: not implemented yet.
    Windows,
    /// No display found.
    Unknown,
}

impl SessionKind {
    /// Whether the mirror can work in this session.
    pub const fn can_mirror(self) -> bool {
        matches!(self, SessionKind::X11)
    }
}

/// Classifies a Unix session from the values of `XDG_SESSION_TYPE`, `WAYLAND_DISPLAY` and `DISPLAY`
/// (pass `None` for an unset variable). A pure function, so every case is testable.
pub fn session_kind(
    xdg_session_type: Option<&str>,
    wayland_display: Option<&str>,
    display: Option<&str>,
) -> SessionKind {
    let set = |v: Option<&str>| v.is_some_and(|s| !s.trim().is_empty());
    let xdg = xdg_session_type.map(|s| s.trim().to_ascii_lowercase());
    if xdg.as_deref() == Some("wayland") || set(wayland_display) {
        SessionKind::Wayland
    } else if set(display) {
        SessionKind::X11
    } else {
        SessionKind::Unknown
    }
}

/// The current session, from the process environment.
pub fn current() -> SessionKind {
    if cfg!(windows) {
        return SessionKind::Windows;
    }
    let var = |k: &str| std::env::var(k).ok();
    session_kind(
        var("XDG_SESSION_TYPE").as_deref(),
        var("WAYLAND_DISPLAY").as_deref(),
        var("DISPLAY").as_deref(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x11_needs_a_display() {
        assert_eq!(session_kind(Some("x11"), None, Some(":0")), SessionKind::X11);
        assert_eq!(session_kind(None, None, Some(":99")), SessionKind::X11);
        assert_eq!(session_kind(Some("tty"), None, Some(":0")), SessionKind::X11);
        assert_eq!(session_kind(Some("x11"), None, None), SessionKind::Unknown);
        assert_eq!(
            session_kind(Some("x11"), Some(""), Some(" ")),
            SessionKind::Unknown
        );
    }

    #[test]
    fn wayland_wins_even_with_xwayland() {
        assert_eq!(
            session_kind(Some("wayland"), Some("wayland-0"), Some(":0")),
            SessionKind::Wayland
        );
        assert_eq!(
            session_kind(Some("Wayland"), None, Some(":0")),
            SessionKind::Wayland
        );
        assert_eq!(
            session_kind(None, Some("wayland-1"), Some(":1")),
            SessionKind::Wayland
        );
        assert_eq!(
            session_kind(Some("x11"), Some("wayland-0"), Some(":0")),
            SessionKind::Wayland
        );
    }

    #[test]
    fn nothing_set_is_unknown() {
        assert_eq!(session_kind(None, None, None), SessionKind::Unknown);
        assert!(!SessionKind::Unknown.can_mirror());
        assert!(SessionKind::X11.can_mirror());
        assert!(!SessionKind::Wayland.can_mirror());
    }
}
