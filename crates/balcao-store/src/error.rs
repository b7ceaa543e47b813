//! Why the store could not do what it was asked, in terms a mediator can act on.
//!
//! SQLite reports dozens of result codes; a mediator needs to know only a handful of situations, each
//! with its own remedy: another program holds the file (wait and retry), the disk is full (call IT
//! support), the file is damaged (do not touch it), the disk failed, the attendance does not exist,
//! the file was written by a newer Balcão, or the action breaks an attendance rule. [`StoreError`]
//! names those situations; `balcao-i18n` words them (`locales/*/store.ftl`), because the store, like
//! the core, writes no sentence for people. The [`std::fmt::Display`] text is for developers and logs.

use balcao_core::attendance::AttendanceError;
use balcao_core::cash::CashError;
use balcao_core::followup::FollowUpError;
use balcao_core::message::Localized;
use rusqlite::ErrorCode;
use std::fmt;

/// Every message id a [`StoreError`] can produce itself (a [`StoreError::Rule`] uses the wrapped
/// [`AttendanceError`]'s ids instead; `store-rule` is the generic wording of such a refusal).
pub const MESSAGE_IDS: &[&str] = &[
    "store-locked",
    "store-disk-full",
    "store-corrupt",
    "store-io",
    "store-not-found",
    "store-newer-schema",
    "store-already-open",
    "store-rule",
    "store-session-open",
    "store-no-session",
    "store-session-closed",
    "store-already-cancelled",
    "store-immutable",
];

/// Why a store operation failed. Whatever the variant, the operation wrote nothing: every operation is
/// one transaction, rolled back on any error.
#[derive(Debug)]
pub enum StoreError {
    /// Another connection holds the write lock and did not release it within the busy timeout.
    Locked,
    /// The disk (or the database's size limit) is full.
    DiskFull,
    /// The file is not a Balcão database, or is damaged (failed `quick_check`, undecodable rows).
    Corrupt {
        /// What was found, for the logs.
        detail: String,
    },
    /// The file could not be opened, read or written, or SQLite failed in another unexpected way.
    Io {
        /// What SQLite or the OS said, for the logs.
        detail: String,
    },
    /// No attendance has this id.
    NotFound {
        /// The id asked for.
        id: String,
    },
    /// The file was written by a newer Balcão (its schema version is higher than this build knows);
    /// it is left untouched rather than downgraded.
    NewerSchema {
        /// The file's `user_version`.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
    /// An attendance is already open; finish it (or restore it with `Store::open_attendance`) before
    /// beginning another.
    AlreadyOpen {
        /// The open attendance.
        id: String,
    },
    /// The attendance rules refused the action (see [`AttendanceError`]).
    Rule(AttendanceError),
    /// The cash rules refused the action (see [`CashError`]).
    Cash(CashError),
    /// The follow-up rules refused the action (see [`FollowUpError`]).
    FollowUp(FollowUpError),
    /// The counter already has an open cash session (perhaps left open on an earlier day): close it
    /// first.
    SessionOpen {
        /// The open session.
        id: String,
        /// When it was opened, on the spot's clock (`dd/mm/yyyy hh:mm`).
        opened: String,
    },
    /// A payment needs an open cash session, and there is none.
    NoSession,
    /// The cash session is closed: nothing may be added to it or changed in it.
    SessionClosed,
    /// The payment was already cancelled.
    AlreadyCancelled {
        /// The cancelling document's number.
        number: String,
    },
    /// The database refused to change or delete an accounting record (payments, cancellations and
    /// closed sessions are final).
    Immutable {
        /// The refusal, for the logs.
        detail: String,
    },
}

impl From<CashError> for StoreError {
    fn from(e: CashError) -> Self {
        StoreError::Cash(e)
    }
}

impl From<FollowUpError> for StoreError {
    fn from(e: FollowUpError) -> Self {
        StoreError::FollowUp(e)
    }
}

impl From<AttendanceError> for StoreError {
    fn from(e: AttendanceError) -> Self {
        StoreError::Rule(e)
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        let detail = e.to_string();
        // The accounting triggers of migration 0003 abort with a message starting with `balcao:`.
        if detail.contains("balcao: the cash session is closed") {
            return StoreError::SessionClosed;
        }
        if detail.contains("balcao: ") {
            return StoreError::Immutable { detail };
        }
        match e {
            rusqlite::Error::SqliteFailure(err, _) => match err.code {
                ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => StoreError::Locked,
                ErrorCode::DiskFull => StoreError::DiskFull,
                ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt => StoreError::Corrupt { detail },
                _ => StoreError::Io { detail },
            },
            // A row that does not decode into what this build wrote: the data is not what we stored.
            rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::IntegralValueOutOfRange(..)
            | rusqlite::Error::InvalidColumnType(..)
            | rusqlite::Error::Utf8Error(..) => StoreError::Corrupt { detail },
            _ => StoreError::Io { detail },
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Locked => f.write_str("the database is locked by another connection"),
            StoreError::DiskFull => f.write_str("the disk or the database size limit is full"),
            StoreError::Corrupt { detail } => write!(f, "the database is corrupt: {detail}"),
            StoreError::Io { detail } => write!(f, "database I/O error: {detail}"),
            StoreError::NotFound { id } => write!(f, "no attendance with id {id}"),
            StoreError::NewerSchema { found, known } => write!(
                f,
                "the database has schema version {found}, newer than the {known} this build knows"
            ),
            StoreError::AlreadyOpen { id } => write!(f, "attendance {id} is still open"),
            StoreError::Rule(e) => write!(f, "refused by the attendance rules: {}", e.message_id()),
            StoreError::Cash(e) => write!(f, "refused by the cash rules: {}", e.message_id()),
            StoreError::FollowUp(e) => write!(f, "refused by the follow-up rules: {}", e.message_id()),
            StoreError::SessionOpen { id, .. } => write!(f, "cash session {id} is still open"),
            StoreError::NoSession => f.write_str("no cash session is open"),
            StoreError::SessionClosed => f.write_str("the cash session is closed"),
            StoreError::AlreadyCancelled { number } => write!(f, "already cancelled by {number}"),
            StoreError::Immutable { detail } => write!(f, "an accounting record is final: {detail}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl Localized for StoreError {
    fn message_id(&self) -> &'static str {
        match self {
            StoreError::Locked => "store-locked",
            StoreError::DiskFull => "store-disk-full",
            StoreError::Corrupt { .. } => "store-corrupt",
            StoreError::Io { .. } => "store-io",
            StoreError::NotFound { .. } => "store-not-found",
            StoreError::NewerSchema { .. } => "store-newer-schema",
            StoreError::AlreadyOpen { .. } => "store-already-open",
            StoreError::Rule(e) => e.message_id(),
            StoreError::Cash(e) => e.message_id(),
            StoreError::FollowUp(e) => e.message_id(),
            StoreError::SessionOpen { .. } => "store-session-open",
            StoreError::NoSession => "store-no-session",
            StoreError::SessionClosed => "store-session-closed",
            StoreError::AlreadyCancelled { .. } => "store-already-cancelled",
            StoreError::Immutable { .. } => "store-immutable",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, String)> {
        match self {
            StoreError::NewerSchema { found, known } => {
                vec![("found", found.to_string()), ("known", known.to_string())]
            }
            StoreError::Rule(e) => e.message_args(),
            StoreError::Cash(e) => e.message_args(),
            StoreError::FollowUp(e) => e.message_args(),
            StoreError::SessionOpen { opened, .. } => vec![("opened", opened.clone())],
            StoreError::AlreadyCancelled { number } => vec![("number", number.clone())],
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::ffi;

    fn sqlite(code: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(ffi::Error::new(code), None)
    }

    #[test]
    fn sqlite_codes_map_to_what_a_mediator_can_act_on() {
        assert!(matches!(
            StoreError::from(sqlite(ffi::SQLITE_BUSY)),
            StoreError::Locked
        ));
        assert!(matches!(
            StoreError::from(sqlite(ffi::SQLITE_LOCKED)),
            StoreError::Locked
        ));
        assert!(matches!(
            StoreError::from(sqlite(ffi::SQLITE_FULL)),
            StoreError::DiskFull
        ));
        assert!(matches!(
            StoreError::from(sqlite(ffi::SQLITE_NOTADB)),
            StoreError::Corrupt { .. }
        ));
        assert!(matches!(
            StoreError::from(sqlite(ffi::SQLITE_CORRUPT)),
            StoreError::Corrupt { .. }
        ));
        assert!(matches!(
            StoreError::from(sqlite(ffi::SQLITE_CANTOPEN)),
            StoreError::Io { .. }
        ));
        assert!(matches!(
            StoreError::from(sqlite(ffi::SQLITE_IOERR)),
            StoreError::Io { .. }
        ));
        // Extended codes keep their primary meaning.
        assert!(matches!(
            StoreError::from(sqlite(ffi::SQLITE_BUSY_SNAPSHOT)),
            StoreError::Locked
        ));
        assert!(matches!(
            StoreError::from(sqlite(ffi::SQLITE_IOERR_FSYNC)),
            StoreError::Io { .. }
        ));
    }

    #[test]
    fn a_rule_error_speaks_with_the_rule_s_own_message() {
        let e = StoreError::from(AttendanceError::LineWithoutOutcome { index: 2 });
        assert_eq!(e.message_id(), "attendance-line-without-outcome");
        assert_eq!(e.message_args(), vec![("line", "3".to_string())]);
    }

    #[test]
    fn every_variant_s_id_is_listed() {
        let errors = [
            StoreError::Locked,
            StoreError::DiskFull,
            StoreError::Corrupt {
                detail: String::new(),
            },
            StoreError::Io {
                detail: String::new(),
            },
            StoreError::NotFound { id: String::new() },
            StoreError::NewerSchema { found: 3, known: 2 },
            StoreError::AlreadyOpen { id: String::new() },
            StoreError::SessionOpen {
                id: String::new(),
                opened: String::new(),
            },
            StoreError::NoSession,
            StoreError::SessionClosed,
            StoreError::AlreadyCancelled {
                number: String::new(),
            },
            StoreError::Immutable {
                detail: String::new(),
            },
        ];
        for e in &errors {
            assert!(MESSAGE_IDS.contains(&e.message_id()), "{}", e.message_id());
            assert!(!e.to_string().is_empty());
        }
    }
}
