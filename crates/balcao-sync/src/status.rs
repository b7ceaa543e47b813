//! What the UI sees of the sync worker: the status snapshot the worker replaces whole, and the
//! message ids that word it. Plain data, kept apart from the worker's loop (`crate::worker`) so the
//! app and its tests read it without the machinery.

use crate::SyncError;
use balcao_core::attendance::UtcMillis;

/// Whether the central is reachable, as far as the worker knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Link {
    /// Not tried yet.
    #[default]
    Unknown,
    /// The server answered the last request.
    Online,
    /// The last request got no answer (or a server failure).
    Offline,
    /// The counter has not enrolled (or its token is missing, or its spot changed).
    NotEnrolled,
    /// The server refuses the token (`401`/`403`): the counter must enroll again.
    Refused,
}

impl Link {
    /// The message id that words it for the status line (`sync-status-online`, …).
    pub fn message_id(self) -> &'static str {
        match self {
            Link::Unknown => "sync-status-unknown",
            Link::Online => "sync-status-online",
            Link::Offline => "sync-status-offline",
            Link::NotEnrolled => "sync-status-not-enrolled",
            Link::Refused => "sync-status-refused",
        }
    }
}

/// The message ids the status line uses, besides [`crate::error::MESSAGE_IDS`]: each [`Link`]'s,
/// `sync-status-waiting` and `sync-status-quarantined` (`$count`), `sync-status-last-success` (`$time`),
/// `sync-status-never`, `sync-status-catalogue-expired` (`$version`, `$date`), and the enrollment's
/// `sync-enroll-in-progress` and `sync-enroll-succeeded` (`$spot`).
pub const STATUS_MESSAGE_IDS: &[&str] = &[
    "sync-status-unknown",
    "sync-status-online",
    "sync-status-offline",
    "sync-status-not-enrolled",
    "sync-status-refused",
    "sync-status-waiting",
    "sync-status-quarantined",
    "sync-status-last-success",
    "sync-status-never",
    "sync-status-catalogue-expired",
    "sync-enroll-in-progress",
    "sync-enroll-succeeded",
];

/// Where an enrollment asked through `SyncWorker::enroll` stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum EnrollmentState {
    /// None asked.
    #[default]
    Idle,
    /// Being done.
    InProgress,
    /// Done: the counter is enrolled for this spot.
    Succeeded {
        /// The spot.
        spot: String,
    },
    /// Refused or failed (nothing was kept).
    Failed(SyncError),
}

/// The catalogue the worker holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueStatus {
    /// The bundle's sequence.
    pub sequence: i64,
    /// Its version name.
    pub version: String,
    /// When it should have been replaced.
    pub expires_at: UtcMillis,
    /// Whether that is past: the app keeps using it, and warns.
    pub expired: bool,
}

/// What the UI shows about sync: a snapshot, replaced whole by the worker.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncStatus {
    /// Online, offline, not enrolled…
    pub link: Link,
    /// Records waiting in the outbox.
    pub waiting: u64,
    /// Records in the quarantine (refused by the central; IT support should look).
    pub quarantined: u64,
    /// The last time the server answered a sync.
    pub last_success_at: Option<UtcMillis>,
    /// The cached catalogue, if the worker holds one that verifies (else the app uses the embedded one).
    pub catalogue: Option<CatalogueStatus>,
    /// Why the last catalogue update was refused, if it was.
    pub catalogue_error: Option<SyncError>,
    /// Why the last sync failed (`None` after a success).
    pub last_error: Option<SyncError>,
    /// The last enrollment asked through the worker.
    pub enrollment: EnrollmentState,
}
