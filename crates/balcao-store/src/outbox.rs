//! The outbox: every change, as a record waiting to be sent to the agency exactly once.
//!
//! A counter may be offline for days. Each store operation therefore writes, in the same transaction
//! as the change itself, one outbox row: a kind (what happened), a snapshot of the whole attendance
//! after the change, and a `record_id` (a UUIDv7) that the agency deduplicates on. Because the change
//! and its record commit together, a record is never lost (no change without its record) and never
//! invented (no record without its change); because the id travels with the record, a retry after a
//! lost acknowledgement is counted once. The sync worker (a later issue) drains rows in `seq` order and
//! uses `attempts` / `last_error` (schema version 2) for its bookkeeping.

use balcao_core::attendance::{Attendance, UtcMillis};
use balcao_core::text::Lang;
use serde::{Deserialize, Serialize};

/// The `kind` of an outbox row: which operation produced it.
pub mod kind {
    /// `Store::begin_attendance`.
    pub const ATTENDANCE_STARTED: &str = "attendance.started";
    /// `Store::set_citizen` (identification and consent).
    pub const ATTENDANCE_CITIZEN: &str = "attendance.citizen";
    /// `Store::set_lang`.
    pub const ATTENDANCE_LANG: &str = "attendance.lang";
    /// `Store::set_notes`.
    pub const ATTENDANCE_NOTES: &str = "attendance.notes";
    /// `Store::end_attendance`.
    pub const ATTENDANCE_ENDED: &str = "attendance.ended";
    /// `Store::add_service`.
    pub const LINE_ADDED: &str = "line.added";
    /// `Store::set_step`.
    pub const LINE_STEP: &str = "line.step";
    /// `Store::set_documents`.
    pub const LINE_DOCUMENTS: &str = "line.documents";
    /// `Store::set_outcome`.
    pub const LINE_OUTCOME: &str = "line.outcome";
    /// `Store::set_line_notes`.
    pub const LINE_NOTES: &str = "line.notes";

    /// `Store::begin_session` (a cash session opened with its float).
    pub const CASH_SESSION_OPENED: &str = "cash.session-opened";
    /// `Store::record_payment`.
    pub const CASH_PAYMENT: &str = "cash.payment";
    /// `Store::cancel_payment`.
    pub const CASH_CANCELLATION: &str = "cash.cancellation";
    /// `Store::close_session`.
    pub const CASH_SESSION_CLOSED: &str = "cash.session-closed";

    /// `Store::activate_account` (the payload is `crate::accounts::Activation`).
    pub const ACCOUNT_ACTIVATED: &str = crate::accounts::ACCOUNT_ACTIVATED;

    /// `Store::record_day_check` (the start-of-day check's report; `crate::daycheck`).
    pub const DAYCHECK_RAN: &str = "daycheck.ran";
    /// `Store::set_pending` (a follow-up opened, or its due day or contact changed; `crate::followup`).
    pub const FOLLOWUP_OPENED: &str = "followup.opened";
    /// `Store::close_followup`, or a final outcome of the line it answers.
    pub const FOLLOWUP_CLOSED: &str = "followup.closed";

    /// Every kind the store writes.
    pub const ALL: &[&str] = &[
        ATTENDANCE_STARTED,
        ATTENDANCE_CITIZEN,
        ATTENDANCE_LANG,
        ATTENDANCE_NOTES,
        ATTENDANCE_ENDED,
        LINE_ADDED,
        LINE_STEP,
        LINE_DOCUMENTS,
        LINE_OUTCOME,
        LINE_NOTES,
        CASH_SESSION_OPENED,
        CASH_PAYMENT,
        CASH_CANCELLATION,
        CASH_SESSION_CLOSED,
        ACCOUNT_ACTIVATED,
        DAYCHECK_RAN,
        FOLLOWUP_OPENED,
        FOLLOWUP_CLOSED,
    ];
}

/// The JSON payload of an outbox row: the attendance after the change (its fields at the top level,
/// exactly as [`Attendance`] serialises), plus what the store keeps beside the core model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The attendance after the change.
    #[serde(flatten)]
    pub attendance: Attendance,
    /// When the citizen agreed to give identification data, if they did.
    pub consent_at: Option<UtcMillis>,
    /// The language the attendance is held in.
    pub lang: Lang,
    /// How the citizen screen's live picture was used (zero until the attendance ends; absent in
    /// records written before schema version 5).
    #[serde(default)]
    pub mirror: balcao_core::attendance::MirrorUsage,
}

/// One outbox row, oldest first. For attendance kinds the payload is a [`Snapshot`]; for `cash.*` kinds
/// it is the cash record itself (`crate::cash`), and `attendance_id` holds the attendance of a payment or
/// cancellation, or the session of a session record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    /// Order of writing (SQLite `AUTOINCREMENT`: never reused, even after rows are deleted).
    pub seq: i64,
    /// The record's UUIDv7, unique forever: the agency's deduplication key.
    pub record_id: String,
    /// What happened (one of [`kind::ALL`]).
    pub kind: String,
    /// The attendance the change belongs to.
    pub attendance_id: String,
    /// The [`Snapshot`] as JSON text, sent as is.
    pub payload: String,
    /// The time the operation was given.
    pub created_at: UtcMillis,
    /// How many times the sync worker tried to send it.
    pub attempts: i64,
    /// Why the last try failed.
    pub last_error: Option<String>,
}

impl OutboxEntry {
    /// Decodes the payload.
    pub fn snapshot(&self) -> Result<Snapshot, serde_json::Error> {
        serde_json::from_str(&self.payload)
    }
}
