//! Which monitor the citizen window goes to.
//!
//! The counter PC has two monitors; the citizen's is named in the configuration or on the command line
//! (`--citizen-monitor 1` or `--citizen-monitor HDMI-1`), and otherwise is the first monitor that is not
//! the mediator's. With one monitor there is no citizen monitor: the citizen window opens as an ordinary
//! window. The choice is a pure function of the monitor list so it is tested without a display.

/// One monitor as the windowing system reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Monitor {
    /// Its name (`DUMMY1`, `HDMI-1`), if known.
    pub name: Option<String>,
    /// Top-left corner in desktop coordinates.
    pub position: (i32, i32),
}

/// The index of the monitor for the citizen window, or `None` for an ordinary window.
pub fn citizen_monitor(monitors: &[Monitor], mediator: Option<usize>, wanted: Option<&str>) -> Option<usize> {
    if let Some(w) = wanted.map(str::trim).filter(|w| !w.is_empty()) {
        if let Ok(i) = w.parse::<usize>() {
            return (i < monitors.len()).then_some(i);
        }
        return monitors.iter().position(|m| m.name.as_deref() == Some(w));
    }
    if monitors.len() < 2 {
        return None;
    }
    let mediator = mediator.unwrap_or(0);
    (0..monitors.len()).find(|&i| i != mediator)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two() -> Vec<Monitor> {
        vec![
            Monitor {
                name: Some("DUMMY0".into()),
                position: (0, 0),
            },
            Monitor {
                name: Some("DUMMY1".into()),
                position: (1280, 0),
            },
        ]
    }

    #[test]
    fn by_default_the_first_monitor_that_is_not_the_mediators() {
        assert_eq!(citizen_monitor(&two(), Some(0), None), Some(1));
        assert_eq!(citizen_monitor(&two(), Some(1), None), Some(0));
        assert_eq!(citizen_monitor(&two(), None, None), Some(1));
    }

    #[test]
    fn one_monitor_means_an_ordinary_window() {
        assert_eq!(citizen_monitor(&two()[..1], Some(0), None), None);
        assert_eq!(citizen_monitor(&[], None, None), None);
    }

    #[test]
    fn a_configured_index_or_name_wins_and_a_wrong_one_is_ignored() {
        assert_eq!(citizen_monitor(&two(), Some(1), Some("1")), Some(1));
        assert_eq!(citizen_monitor(&two(), Some(0), Some("DUMMY0")), Some(0));
        assert_eq!(citizen_monitor(&two(), Some(0), Some("7")), None);
        assert_eq!(citizen_monitor(&two(), Some(0), Some("HDMI-9")), None);
    }
}
