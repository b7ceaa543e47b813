//! What can be wrong with a configuration, and where.
//!
//! A [`ConfigError`] always names its place: the file (or the command line), and for a file the line
//! and column, so `balcao config check` prints `/etc/balcao/config.toml:4:13: …` and an editor or a
//! technician goes straight there. The [`Problem`] says what is wrong and, through its [`Rule`], what
//! is allowed; the sentence itself is written in `balcao-i18n` (`config.ftl`), in pt-PT and English.

use crate::keys::{Key, Kind, Rule, ValueError};
use balcao_core::message::Localized;
use std::fmt;

/// Every message id this crate can produce (checked against the locale files by `balcao-i18n`'s tests).
pub const MESSAGE_IDS: &[&str] = &[
    "config-unreadable",
    "config-not-utf8",
    "config-syntax",
    "config-unknown-key",
    "config-unknown-key-suggest",
    "config-wrong-type",
    "config-invalid",
    "config-bad-assignment",
    "config-rule-spot-code",
    "config-rule-name",
    "config-rule-counter",
    "config-rule-opening-hours",
    "config-rule-central-url",
    "config-rule-citizen-monitor",
    "config-rule-lang",
    "config-rule-survey-url",
    "config-rule-absolute-path",
    "config-rule-end-screen-seconds",
    "config-rule-log-level",
    "config-rule-cash-limit",
];

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file exists but cannot be read (permissions, a directory in its place).
    Unreadable {
        /// The operating system's reason.
        detail: String,
    },
    /// The file is not UTF-8 (saved as ANSI/Latin-1 by an old editor, typically).
    NotUtf8,
    /// The file is not valid TOML.
    Syntax {
        /// The TOML parser's description (English).
        detail: String,
    },
    /// A key this version does not know.
    UnknownKey {
        /// The key as written.
        key: String,
        /// The known key it most resembles.
        suggestion: Option<Key>,
    },
    /// A known key with a value of the wrong kind.
    WrongType {
        /// The key.
        key: Key,
        /// The kind it takes.
        expected: Kind,
        /// The TOML type found.
        found: &'static str,
    },
    /// A known key with a value its rule does not allow.
    Invalid {
        /// The key.
        key: Key,
        /// The rule broken, which says what is allowed.
        rule: Rule,
    },
    /// `balcao config set` was given something other than `KEY=VALUE`.
    BadAssignment {
        /// The argument as given.
        argument: String,
    },
}

impl Problem {
    /// The problem for `key` given a value error.
    pub fn from_value(key: Key, error: ValueError) -> Problem {
        match error {
            ValueError::WrongType { expected, found } => Problem::WrongType { key, expected, found },
            ValueError::Invalid(rule) => Problem::Invalid { key, rule },
        }
    }

    /// The key concerned, if any.
    pub fn key(&self) -> Option<&str> {
        match self {
            Problem::UnknownKey { key, .. } => Some(key),
            Problem::WrongType { key, .. } | Problem::Invalid { key, .. } => Some(key.name()),
            _ => None,
        }
    }
}

impl Localized for Problem {
    fn message_id(&self) -> &'static str {
        match self {
            Problem::Unreadable { .. } => "config-unreadable",
            Problem::NotUtf8 => "config-not-utf8",
            Problem::Syntax { .. } => "config-syntax",
            Problem::UnknownKey { suggestion: None, .. } => "config-unknown-key",
            Problem::UnknownKey {
                suggestion: Some(_), ..
            } => "config-unknown-key-suggest",
            Problem::WrongType { .. } => "config-wrong-type",
            Problem::Invalid { rule, .. } => rule.message_id(),
            Problem::BadAssignment { .. } => "config-bad-assignment",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, String)> {
        let known = Key::ALL.iter().map(|k| k.name()).collect::<Vec<_>>().join(", ");
        match self {
            Problem::Unreadable { detail } | Problem::Syntax { detail } => vec![("detail", detail.clone())],
            Problem::NotUtf8 => Vec::new(),
            Problem::UnknownKey { key, suggestion } => {
                let mut args = vec![("key", key.clone()), ("known", known)];
                if let Some(s) = suggestion {
                    args.push(("suggestion", s.name().to_string()));
                }
                args
            }
            Problem::WrongType { key, expected, found } => vec![
                ("key", key.name().to_string()),
                ("expected", expected.name().to_string()),
                ("found", (*found).to_string()),
            ],
            Problem::Invalid { key, rule } => {
                let mut args = vec![("key", key.name().to_string())];
                if let Rule::Name { max } = rule {
                    args.push(("max", max.to_string()));
                }
                args
            }
            Problem::BadAssignment { argument } => vec![("argument", argument.clone()), ("known", known)],
        }
    }
}

/// A problem and its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file, or `command line` for a flag or an environment variable.
    pub path: String,
    /// 1-based line and column, when the problem has a place in a file.
    pub line_col: Option<(usize, usize)>,
    /// What is wrong.
    pub problem: Problem,
}

impl ConfigError {
    /// The place, as printed before the message: `path:line:col` or `path`.
    pub fn place(&self) -> String {
        match self.line_col {
            Some((line, col)) => format!("{}:{line}:{col}", self.path),
            None => self.path.clone(),
        }
    }
}

/// The untranslated form, for logs and `anyhow` chains; people see the translated one.
impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place(), self.problem.message_id())?;
        for (name, value) in self.problem.message_args() {
            if name != "known" {
                write!(f, " {name}={value}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

/// Converts a byte offset in `text` into a 1-based line and column (in characters).
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
    (line, col)
}
