//! Why a browser session could not do what it was asked, in terms the app can act on.
//!
//! Like every Balcão library, this crate writes no sentence for people: [`ChoiceError`] and
//! [`BrowserError`] implement [`Localized`] (a message id and named arguments) and `balcao-i18n`
//! words them. The [`std::fmt::Display`] text is for developers and logs, so it never holds a URL,
//! anything the mediator typed, or a citizen's file name: only kinds, pids, attendance ids (which
//! are not personal data) and what the operating system said.

use crate::kind::BrowserKind;
use balcao_core::message::Localized;
use std::fmt;

/// Every message id a [`ChoiceError`] or a [`BrowserError`] can produce, for the translation tests
/// of the crate that words them.
pub const MESSAGE_IDS: &[&str] = &[
    "browser-choice-unknown",
    "browser-attendance-id",
    "browser-url",
    "browser-io",
    "browser-spawn",
    "browser-reuse-unsupported",
    "browser-not-running",
    "browser-still-running",
];

/// The words a configuration may use for the browser, for [`ChoiceError`]'s message.
pub const ALLOWED_CHOICES: &str = "auto, firefox, chromium, chrome, edge, /absolute/path/to/browser";

/// The configuration named a browser this crate does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChoiceError {
    /// Neither one of [`ALLOWED_CHOICES`]' words nor an absolute path.
    Unknown {
        /// What the configuration said (a configuration value, not personal data).
        given: String,
    },
}

impl fmt::Display for ChoiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChoiceError::Unknown { given } => {
                write!(f, "unknown browser {given:?}; allowed: {ALLOWED_CHOICES}")
            }
        }
    }
}

impl std::error::Error for ChoiceError {}

impl Localized for ChoiceError {
    fn message_id(&self) -> &'static str {
        match self {
            ChoiceError::Unknown { .. } => "browser-choice-unknown",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, String)> {
        match self {
            ChoiceError::Unknown { given } => {
                vec![("given", given.clone()), ("allowed", ALLOWED_CHOICES.to_string())]
            }
        }
    }
}

/// Why a browser session could not be started, used or closed.
#[derive(Debug)]
pub enum BrowserError {
    /// The attendance id is not a plain file name (letters, digits, `-`, `_`, `.`, not starting with
    /// a dot). It names a directory this crate deletes, so it must never climb out of the root.
    InvalidAttendanceId,
    /// The URL is empty or starts with `-`, which a browser would read as an option.
    InvalidUrl,
    /// A file or directory of the session could not be created, written or read.
    Io {
        /// Which step failed (`create-dir`, `write-prefs`, `write-marker`, …), for the logs.
        step: &'static str,
        /// What the operating system said.
        detail: String,
    },
    /// The browser's executable could not be started.
    Spawn {
        /// The browser.
        kind: BrowserKind,
        /// What the operating system said.
        detail: String,
    },
    /// This browser cannot open a URL in its running window from outside (Firefox started with
    /// `-no-remote` accepts no remote commands); leave the URL for the mediator instead.
    ReuseUnsupported {
        /// The browser.
        kind: BrowserKind,
    },
    /// The session's browser is no longer running, so nothing can be opened in it.
    NotRunning,
    /// The browser's processes were still alive after `SIGTERM`, `SIGKILL` and the grace periods
    /// (a process stuck in the kernel, or one this user may not signal). Its directory was deleted
    /// as far as possible; the next [`crate::sweep`] tries again.
    StillRunning {
        /// The process (and process group) id.
        pid: u32,
    },
}

impl BrowserError {
    /// An [`BrowserError::Io`] for `step`, from the operating system's error.
    pub(crate) fn io(step: &'static str, err: &std::io::Error) -> Self {
        BrowserError::Io {
            step,
            detail: err.to_string(),
        }
    }
}

impl fmt::Display for BrowserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BrowserError::InvalidAttendanceId => f.write_str("the attendance id is not a plain file name"),
            BrowserError::InvalidUrl => f.write_str("the URL is empty or starts with '-'"),
            BrowserError::Io { step, detail } => write!(f, "browser session I/O ({step}): {detail}"),
            BrowserError::Spawn { kind, detail } => {
                write!(f, "could not start {}: {detail}", kind.as_str())
            }
            BrowserError::ReuseUnsupported { kind } => {
                write!(f, "{} cannot open a URL in its running window", kind.as_str())
            }
            BrowserError::NotRunning => f.write_str("the session's browser is not running"),
            BrowserError::StillRunning { pid } => {
                write!(f, "browser process group {pid} survived SIGKILL")
            }
        }
    }
}

impl std::error::Error for BrowserError {}

impl Localized for BrowserError {
    fn message_id(&self) -> &'static str {
        match self {
            BrowserError::InvalidAttendanceId => "browser-attendance-id",
            BrowserError::InvalidUrl => "browser-url",
            BrowserError::Io { .. } => "browser-io",
            BrowserError::Spawn { .. } => "browser-spawn",
            BrowserError::ReuseUnsupported { .. } => "browser-reuse-unsupported",
            BrowserError::NotRunning => "browser-not-running",
            BrowserError::StillRunning { .. } => "browser-still-running",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, String)> {
        match self {
            BrowserError::Spawn { kind, .. } | BrowserError::ReuseUnsupported { kind } => {
                vec![("browser", kind.as_str().to_string())]
            }
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_id_is_listed() {
        let errors = [
            BrowserError::InvalidAttendanceId,
            BrowserError::InvalidUrl,
            BrowserError::Io {
                step: "x",
                detail: String::new(),
            },
            BrowserError::Spawn {
                kind: BrowserKind::Firefox,
                detail: String::new(),
            },
            BrowserError::ReuseUnsupported {
                kind: BrowserKind::Firefox,
            },
            BrowserError::NotRunning,
            BrowserError::StillRunning { pid: 1 },
        ];
        let mut ids: Vec<&str> = errors.iter().map(|e| e.message_id()).collect();
        ids.push(ChoiceError::Unknown { given: String::new() }.message_id());
        ids.sort_unstable();
        let mut listed = MESSAGE_IDS.to_vec();
        listed.sort_unstable();
        assert_eq!(ids, listed);
    }
}
