//! What the probes (and the app) saw: one type per check, plain data, serialisable so a test or a
//! support session can replay a counter's morning. `crate::report::build` turns it into the checklist.

use balcao_core::attendance::UtcMillis;
use serde::{Deserialize, Serialize};

/// What the app knows about its monitors (from the windowing system).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonitorObs {
    /// Monitors connected. `0` means the app could not tell (some Wayland sessions do not say): the
    /// check is then skipped rather than failed.
    pub count: usize,
    /// Whether the citizen window sits on a monitor of its own (not the mediator's).
    pub citizen_on_own_monitor: bool,
}

/// What the print spooler says about the counter's printer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PrinterObs {
    /// Ready, nothing queued.
    Idle {
        /// The spooler's name for the printer.
        name: String,
    },
    /// Printing or with jobs queued.
    Busy {
        /// The spooler's name for the printer.
        name: String,
        /// Jobs in the queue.
        jobs: u32,
    },
    /// Disabled, paused, out of paper, jammed or offline.
    Stopped {
        /// The spooler's name for the printer.
        name: String,
        /// The spooler's reason (technical, English: `media-empty-error`, `Paused`).
        reason: String,
    },
    /// The named printer is not known to the spooler, or (`None`) no printer is named and there is no
    /// default printer.
    Missing {
        /// The printer asked for, if one was named or is the default.
        name: Option<String>,
    },
    /// No print spooler to ask (not installed, or not running).
    NoSpooler {
        /// What went wrong, technical.
        detail: String,
    },
    /// Not checked on this system.
    #[default]
    NotChecked,
}

/// Whether a Citizen Card reader is connected. The card itself is never read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReaderObs {
    /// A smart-card reader is connected.
    Present {
        /// Its product name.
        name: String,
    },
    /// No smart-card reader is connected.
    Absent,
    /// The system could not be asked.
    Unknown {
        /// What went wrong, technical.
        detail: String,
    },
    /// Not checked on this system.
    #[default]
    NotChecked,
}

/// How one portal answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PortalOutcome {
    /// The server answered below 500 (a 401, 403 or 405 still means the server is up).
    Reachable {
        /// The HTTP status.
        status: u16,
        /// How long the answer took.
        millis: u64,
    },
    /// The server answered with an error of its own (5xx).
    HttpError {
        /// The HTTP status.
        status: u16,
    },
    /// No answer within the timeout.
    Timeout,
    /// No connection (name not resolved, refused, TLS failure).
    Unreachable {
        /// What went wrong, technical.
        detail: String,
    },
}

impl PortalOutcome {
    /// Whether the portal's server is up.
    pub fn is_up(&self) -> bool {
        matches!(self, PortalOutcome::Reachable { .. })
    }
}

/// One portal (one origin: scheme, host and port) and how it answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalObs {
    /// The first catalogue address of this origin that was tried.
    pub url: String,
    /// How it answered.
    pub outcome: PortalOutcome,
}

/// The central server and the sync state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CentralObs {
    /// Whether this counter is enrolled with a central server (otherwise: demo mode).
    pub enrolled: bool,
    /// Whether the central server answered; `None` when not asked.
    pub reachable: Option<bool>,
    /// The last successful sync, from the store.
    pub last_sync: Option<UtcMillis>,
    /// Records in the outbox waiting to be sent.
    pub unsynced: u64,
    /// The central server's clock minus the local clock, in ms; `None` when not measured.
    pub clock_offset_ms: Option<i64>,
}

/// Free space on the disk holding the store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiskObs {
    /// Bytes available to Balcão; `None` when not measured.
    pub free_bytes: Option<u64>,
    /// The disk's size; `None` when not measured.
    pub total_bytes: Option<u64>,
}

/// Everything the probes (and the app) saw.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Observations {
    /// The monitors (filled by the app).
    pub monitors: MonitorObs,
    /// The printer.
    pub printer: PrinterObs,
    /// The card reader.
    pub card_reader: ReaderObs,
    /// One entry per distinct portal origin; empty when none were checked.
    pub portals: Vec<PortalObs>,
    /// The central server and sync state.
    pub central: CentralObs,
    /// The disk.
    pub disk: DiskObs,
}
