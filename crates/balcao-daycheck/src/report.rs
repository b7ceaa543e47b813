//! The pure half: the checklist ([`build`]) built from what the probes saw ([`Observations`],
//! `crate::observations`).
//!
//! No I/O and no clock here: the time is passed in, so every threshold is tested with fakes.

use balcao_core::attendance::UtcMillis;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

pub use crate::observations::{
    CentralObs, DiskObs, MonitorObs, Observations, PortalObs, PortalOutcome, PrinterObs, ReaderObs,
};

/// Free disk space below which the disk item warns: 2 GiB. The store, its backups and the PDF
/// documents of a day fit in far less, but a disk this full usually fills up within weeks.
pub const DISK_WARN_BELOW_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Free disk space below which the disk item fails: 500 MiB. SQLite needs room for its journal and the
/// nightly backup; below this, writing an attendance can start to fail.
pub const DISK_FAIL_BELOW_BYTES: u64 = 500 * 1024 * 1024;

/// Age of the last successful sync above which the central item warns: 24 hours (a counter that
/// worked yesterday and was online should have synced since).
pub const SYNC_WARN_AFTER_MS: i64 = 24 * 60 * 60 * 1000;

/// Age of the last successful sync above which the central item fails: 72 hours (a long weekend;
/// beyond that the coordination's figures for the spot are wrong and the records are at risk).
pub const SYNC_FAIL_AFTER_MS: i64 = 72 * 60 * 60 * 1000;

/// Records waiting to be sent above which the central item warns: 500 (about a week of a busy
/// counter; more means sending has been stuck for a while).
pub const UNSYNCED_WARN_ABOVE: u64 = 500;

/// Clock difference with the central server above which the clock item warns: 60 seconds (the times on
/// attendances and receipts start to look wrong to a person comparing them).
pub const CLOCK_WARN_ABOVE_MS: i64 = 60 * 1000;

/// Clock difference with the central server above which the clock item fails: 5 minutes (the day's
/// boundaries, the closing and the receipts' times become unreliable).
pub const CLOCK_FAIL_ABOVE_MS: i64 = 5 * 60 * 1000;

/// How many failing portal hosts the portals message names; the record names all of them.
pub const PORTAL_HOSTS_NAMED: usize = 3;

/// One line of the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckId {
    /// The second monitor and the citizen window on it.
    CitizenMonitor,
    /// The counter's printer (receipts, declarations).
    Printer,
    /// The Citizen Card reader.
    CardReader,
    /// The public portals the catalogue links to.
    Portals,
    /// The central server: reachable, last sync, records waiting.
    Central,
    /// Free disk space where the store lives.
    Disk,
    /// The local clock against the central server's.
    Clock,
}

impl CheckId {
    /// Every check, in the order the checklist shows them.
    pub const ALL: [CheckId; 7] = [
        CheckId::CitizenMonitor,
        CheckId::Printer,
        CheckId::CardReader,
        CheckId::Portals,
        CheckId::Central,
        CheckId::Disk,
        CheckId::Clock,
    ];

    /// The stable name used in the stored record (and by the central server).
    pub fn slug(self) -> &'static str {
        match self {
            CheckId::CitizenMonitor => "citizen-monitor",
            CheckId::Printer => "printer",
            CheckId::CardReader => "card-reader",
            CheckId::Portals => "portals",
            CheckId::Central => "central",
            CheckId::Disk => "disk",
            CheckId::Clock => "clock",
        }
    }

    /// The Fluent message id of the checklist line's title ("Segundo monitor", "Impressora", …).
    pub fn title_id(self) -> &'static str {
        match self {
            CheckId::CitizenMonitor => "daycheck-title-citizen-monitor",
            CheckId::Printer => "daycheck-title-printer",
            CheckId::CardReader => "daycheck-title-card-reader",
            CheckId::Portals => "daycheck-title-portals",
            CheckId::Central => "daycheck-title-central",
            CheckId::Disk => "daycheck-title-disk",
            CheckId::Clock => "daycheck-title-clock",
        }
    }
}

/// How a check went. A `Fail` is shown in red with its action; it never stops the mediator working.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Working.
    Ok,
    /// Working, but something needs attention soon.
    Warn,
    /// Not working: the action says what to do.
    Fail,
    /// Not checked (not applicable, not enrolled, not possible on this system).
    Skipped,
}

impl Status {
    /// The stable name used in the stored record.
    pub fn slug(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warn => "warn",
            Status::Fail => "fail",
            Status::Skipped => "skipped",
        }
    }

    /// Severity for [`Report::worst`]: skipped < ok < warn < fail.
    fn rank(self) -> u8 {
        match self {
            Status::Skipped => 0,
            Status::Ok => 1,
            Status::Warn => 2,
            Status::Fail => 3,
        }
    }

    /// The more severe of two statuses.
    fn max(self, other: Status) -> Status {
        if other.rank() > self.rank() { other } else { self }
    }
}

/// A sentence for the mediator, as a Fluent message id and named arguments (`balcao-i18n` words it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Msg {
    /// The Fluent message id, one of [`crate::MESSAGE_IDS`].
    pub id: String,
    /// Named arguments (`{ $name }`), numbers spelled as integers so plurals work.
    pub args: Vec<(String, String)>,
}

impl Msg {
    fn new(id: &'static str) -> Self {
        Msg {
            id: id.to_string(),
            args: Vec::new(),
        }
    }

    fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name.to_string(), value.to_string()));
        self
    }

    /// The arguments in the shape `balcao_i18n::I18n::tr_args` takes.
    pub fn fluent_args(&self) -> Vec<(&str, String)> {
        self.args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect()
    }
}

/// One line of the checklist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// Which check.
    pub check: CheckId,
    /// How it went.
    pub status: Status,
    /// What was found, for the mediator.
    pub message: Msg,
    /// What to do about it (failures and warnings only).
    pub action: Option<Msg>,
    /// Technical facts for the record that is synced (never anything about a person): printer name,
    /// job count, failing hosts, offsets, byte counts.
    pub detail: Map<String, Value>,
}

/// The result of a start-of-day check, stored by the app and synced to the coordination.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// When the check was built.
    pub at: UtcMillis,
    /// One item per [`CheckId`], in [`CheckId::ALL`] order.
    pub items: Vec<Item>,
}

impl Report {
    /// The most severe status (fail > warn > ok > skipped); `Skipped` for an empty report.
    pub fn worst(&self) -> Status {
        self.items
            .iter()
            .fold(Status::Skipped, |acc, i| acc.max(i.status))
    }

    /// The item of one check, if present.
    pub fn item(&self, check: CheckId) -> Option<&Item> {
        self.items.iter().find(|i| i.check == check)
    }

    /// The record that leaves the counter: `{"at": ms, "items": [{"check", "status", "detail"}]}`.
    /// Only slugs and technical facts; the mediator's sentences stay on the counter.
    pub fn to_record(&self) -> Value {
        let items: Vec<Value> = self
            .items
            .iter()
            .map(|i| {
                json!({
                    "check": i.check.slug(),
                    "status": i.status.slug(),
                    "detail": Value::Object(i.detail.clone()),
                })
            })
            .collect();
        json!({ "at": self.at.0, "items": items })
    }
}

/// Builds the checklist: one [`Item`] per [`CheckId`], in order.
pub fn build(obs: &Observations, now: UtcMillis) -> Report {
    let items = CheckId::ALL
        .iter()
        .map(|&check| match check {
            CheckId::CitizenMonitor => monitors(&obs.monitors),
            CheckId::Printer => printer(&obs.printer),
            CheckId::CardReader => card_reader(&obs.card_reader),
            CheckId::Portals => portals(&obs.portals),
            CheckId::Central => central(&obs.central, now),
            CheckId::Disk => disk(&obs.disk),
            CheckId::Clock => clock(&obs.central),
        })
        .collect();
    Report { at: now, items }
}

fn item(check: CheckId, status: Status, message: Msg, action: Option<Msg>, detail: Value) -> Item {
    let detail = match detail {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    Item {
        check,
        status,
        message,
        action,
        detail,
    }
}

fn monitors(m: &MonitorObs) -> Item {
    let detail = json!({ "monitors": m.count, "citizen_on_own_monitor": m.citizen_on_own_monitor });
    let (status, message, action) = if m.count == 0 {
        (Status::Skipped, Msg::new("daycheck-monitor-unknown"), None)
    } else if m.count < 2 {
        (
            Status::Fail,
            Msg::new("daycheck-monitor-missing"),
            Some(Msg::new("daycheck-monitor-missing-action")),
        )
    } else if !m.citizen_on_own_monitor {
        (
            Status::Warn,
            Msg::new("daycheck-monitor-misplaced"),
            Some(Msg::new("daycheck-monitor-misplaced-action")),
        )
    } else {
        (
            Status::Ok,
            Msg::new("daycheck-monitor-ok").arg("count", m.count),
            None,
        )
    };
    item(CheckId::CitizenMonitor, status, message, action, detail)
}

fn printer(p: &PrinterObs) -> Item {
    let check = CheckId::Printer;
    match p {
        PrinterObs::Idle { name } => item(
            check,
            Status::Ok,
            Msg::new("daycheck-printer-ok").arg("name", name),
            None,
            json!({ "state": "idle", "printer": name, "jobs": 0 }),
        ),
        PrinterObs::Busy { name, jobs } => item(
            check,
            Status::Warn,
            Msg::new("daycheck-printer-busy")
                .arg("name", name)
                .arg("jobs", jobs),
            Some(Msg::new("daycheck-printer-busy-action")),
            json!({ "state": "busy", "printer": name, "jobs": jobs }),
        ),
        PrinterObs::Stopped { name, reason } => item(
            check,
            Status::Fail,
            Msg::new("daycheck-printer-stopped").arg("name", name),
            Some(Msg::new("daycheck-printer-stopped-action")),
            json!({ "state": "stopped", "printer": name, "reason": technical_reason(reason) }),
        ),
        PrinterObs::Missing { name: Some(name) } => item(
            check,
            Status::Fail,
            Msg::new("daycheck-printer-missing").arg("name", name),
            Some(Msg::new("daycheck-printer-missing-action")),
            json!({ "state": "missing", "printer": name }),
        ),
        PrinterObs::Missing { name: None } => item(
            check,
            Status::Fail,
            Msg::new("daycheck-printer-no-default"),
            Some(Msg::new("daycheck-call-support-action")),
            json!({ "state": "no-default" }),
        ),
        PrinterObs::NoSpooler { detail } => item(
            check,
            Status::Fail,
            Msg::new("daycheck-printer-no-spooler"),
            Some(Msg::new("daycheck-call-support-action")),
            json!({ "state": "no-spooler", "error": detail }),
        ),
        PrinterObs::NotChecked => item(
            check,
            Status::Skipped,
            Msg::new("daycheck-printer-not-checked"),
            None,
            json!({ "state": "not-checked" }),
        ),
    }
}

/// A spooler's reason as it may leave the counter: CUPS keywords (`media-empty-error`, `Paused`)
/// pass; anything else (an administrator's free text, which could name a person or a phone number)
/// becomes `other`.
fn technical_reason(reason: &str) -> String {
    let keywords = reason
        .split_whitespace()
        .all(|w| w.chars().all(|c| c.is_ascii_alphabetic() || c == '-'));
    if keywords && !reason.trim().is_empty() && reason.len() <= 120 {
        reason.trim().to_string()
    } else {
        "other".to_string()
    }
}

fn card_reader(r: &ReaderObs) -> Item {
    let check = CheckId::CardReader;
    match r {
        ReaderObs::Present { name } => item(
            check,
            Status::Ok,
            Msg::new("daycheck-reader-ok").arg("name", name),
            None,
            json!({ "state": "present", "reader": name }),
        ),
        ReaderObs::Absent => item(
            check,
            Status::Fail,
            Msg::new("daycheck-reader-absent"),
            Some(Msg::new("daycheck-reader-absent-action")),
            json!({ "state": "absent" }),
        ),
        ReaderObs::Unknown { detail } => item(
            check,
            Status::Warn,
            Msg::new("daycheck-reader-unknown"),
            Some(Msg::new("daycheck-call-support-action")),
            json!({ "state": "unknown", "error": detail }),
        ),
        ReaderObs::NotChecked => item(
            check,
            Status::Skipped,
            Msg::new("daycheck-reader-not-checked"),
            None,
            json!({ "state": "not-checked" }),
        ),
    }
}

/// The host of a portal address, for people and the record (the address itself if it has none).
fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| url.to_string())
}

fn portals(p: &[PortalObs]) -> Item {
    let check = CheckId::Portals;
    if p.is_empty() {
        return item(
            check,
            Status::Skipped,
            Msg::new("daycheck-portals-none"),
            None,
            json!({ "checked": 0 }),
        );
    }
    let total = p.len();
    let failed: Vec<String> = p
        .iter()
        .filter(|o| !o.outcome.is_up())
        .map(|o| host_of(&o.url))
        .collect();
    let detail = json!({ "checked": total, "failed": failed.len(), "failed_hosts": failed });
    if failed.is_empty() {
        return item(
            check,
            Status::Ok,
            Msg::new("daycheck-portals-ok").arg("total", total),
            None,
            detail,
        );
    }
    let mut hosts = failed
        .iter()
        .take(PORTAL_HOSTS_NAMED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if failed.len() > PORTAL_HOSTS_NAMED {
        hosts.push_str(", …");
    }
    let (status, id, action) = if failed.len() * 2 > total {
        (
            Status::Fail,
            "daycheck-portals-most-down",
            "daycheck-portals-most-down-action",
        )
    } else {
        (
            Status::Warn,
            "daycheck-portals-some-down",
            "daycheck-portals-some-down-action",
        )
    };
    item(
        check,
        status,
        Msg::new(id)
            .arg("failed", failed.len())
            .arg("total", total)
            .arg("hosts", hosts),
        Some(Msg::new(action)),
        detail,
    )
}

fn central(c: &CentralObs, now: UtcMillis) -> Item {
    let check = CheckId::Central;
    let age_ms = c.last_sync.map(|t| now.0.saturating_sub(t.0).max(0));
    let detail = json!({
        "enrolled": c.enrolled,
        "reachable": c.reachable,
        "sync_age_ms": age_ms,
        "unsynced": c.unsynced,
    });
    if !c.enrolled {
        return item(
            check,
            Status::Skipped,
            Msg::new("daycheck-central-not-enrolled"),
            None,
            detail,
        );
    }
    // Every condition found, in the order that explains best: no connection explains an old sync and
    // a backlog. The item shows the most severe; on a tie, the first.
    let mut found: Vec<(Status, Msg, Msg)> = Vec::new();
    if c.reachable == Some(false) {
        found.push((
            Status::Warn,
            Msg::new("daycheck-central-unreachable"),
            Msg::new("daycheck-central-unreachable-action"),
        ));
    }
    match age_ms {
        Some(age) if age > SYNC_WARN_AFTER_MS => {
            let status = if age > SYNC_FAIL_AFTER_MS {
                Status::Fail
            } else {
                Status::Warn
            };
            let hours = age / (60 * 60 * 1000);
            found.push((
                status,
                Msg::new("daycheck-central-sync-old")
                    .arg("days", hours / 24)
                    .arg("hours", hours),
                Msg::new("daycheck-central-sync-old-action"),
            ));
        }
        Some(_) => {}
        None => found.push((
            Status::Warn,
            Msg::new("daycheck-central-never-synced"),
            Msg::new("daycheck-central-sync-old-action"),
        )),
    }
    if c.unsynced > UNSYNCED_WARN_ABOVE {
        found.push((
            Status::Warn,
            Msg::new("daycheck-central-backlog").arg("count", c.unsynced),
            Msg::new("daycheck-central-sync-old-action"),
        ));
    }
    let worst = found
        .iter()
        .fold(Status::Ok, |acc, (status, _, _)| acc.max(*status));
    match found.into_iter().find(|(status, _, _)| *status == worst) {
        Some((status, message, action)) => item(check, status, message, Some(action), detail),
        None => item(
            check,
            Status::Ok,
            Msg::new("daycheck-central-ok").arg("count", c.unsynced),
            None,
            detail,
        ),
    }
}

fn disk(d: &DiskObs) -> Item {
    let check = CheckId::Disk;
    let detail = json!({ "free_bytes": d.free_bytes, "total_bytes": d.total_bytes });
    let Some(free) = d.free_bytes else {
        return item(
            check,
            Status::Skipped,
            Msg::new("daycheck-disk-unknown"),
            None,
            detail,
        );
    };
    const MIB: u64 = 1024 * 1024;
    const GIB: u64 = 1024 * MIB;
    if free < DISK_WARN_BELOW_BYTES {
        let status = if free < DISK_FAIL_BELOW_BYTES {
            Status::Fail
        } else {
            Status::Warn
        };
        item(
            check,
            status,
            Msg::new("daycheck-disk-low").arg("free_mb", free / MIB),
            Some(Msg::new("daycheck-disk-low-action")),
            detail,
        )
    } else {
        item(
            check,
            Status::Ok,
            Msg::new("daycheck-disk-ok").arg("free_gb", free / GIB),
            None,
            detail,
        )
    }
}

fn clock(c: &CentralObs) -> Item {
    let check = CheckId::Clock;
    let detail = json!({ "offset_ms": c.clock_offset_ms });
    let Some(offset) = c.clock_offset_ms else {
        return item(
            check,
            Status::Skipped,
            Msg::new("daycheck-clock-not-checked"),
            None,
            detail,
        );
    };
    let off = offset.unsigned_abs();
    if off <= CLOCK_WARN_ABOVE_MS.unsigned_abs() {
        return item(check, Status::Ok, Msg::new("daycheck-clock-ok"), None, detail);
    }
    let status = if off > CLOCK_FAIL_ABOVE_MS.unsigned_abs() {
        Status::Fail
    } else {
        Status::Warn
    };
    // offset = central − local: positive means the local clock is behind.
    let id = if offset > 0 {
        "daycheck-clock-behind"
    } else {
        "daycheck-clock-ahead"
    };
    item(
        check,
        status,
        Msg::new(id)
            .arg("minutes", off / 60_000)
            .arg("seconds", off / 1000),
        Some(Msg::new("daycheck-clock-action")),
        detail,
    )
}

/// Every message id [`build`] and [`CheckId::title_id`] can produce; each exists in both languages.
pub const MESSAGE_IDS: &[&str] = &[
    "daycheck-title-citizen-monitor",
    "daycheck-title-printer",
    "daycheck-title-card-reader",
    "daycheck-title-portals",
    "daycheck-title-central",
    "daycheck-title-disk",
    "daycheck-title-clock",
    "daycheck-call-support-action",
    "daycheck-monitor-unknown",
    "daycheck-monitor-missing",
    "daycheck-monitor-missing-action",
    "daycheck-monitor-misplaced",
    "daycheck-monitor-misplaced-action",
    "daycheck-monitor-ok",
    "daycheck-printer-ok",
    "daycheck-printer-busy",
    "daycheck-printer-busy-action",
    "daycheck-printer-stopped",
    "daycheck-printer-stopped-action",
    "daycheck-printer-missing",
    "daycheck-printer-missing-action",
    "daycheck-printer-no-default",
    "daycheck-printer-no-spooler",
    "daycheck-printer-not-checked",
    "daycheck-reader-ok",
    "daycheck-reader-absent",
    "daycheck-reader-absent-action",
    "daycheck-reader-unknown",
    "daycheck-reader-not-checked",
    "daycheck-portals-none",
    "daycheck-portals-ok",
    "daycheck-portals-some-down",
    "daycheck-portals-some-down-action",
    "daycheck-portals-most-down",
    "daycheck-portals-most-down-action",
    "daycheck-central-not-enrolled",
    "daycheck-central-unreachable",
    "daycheck-central-unreachable-action",
    "daycheck-central-sync-old",
    "daycheck-central-sync-old-action",
    "daycheck-central-never-synced",
    "daycheck-central-backlog",
    "daycheck-central-ok",
    "daycheck-disk-unknown",
    "daycheck-disk-low",
    "daycheck-disk-low-action",
    "daycheck-disk-ok",
    "daycheck-clock-not-checked",
    "daycheck-clock-ok",
    "daycheck-clock-behind",
    "daycheck-clock-ahead",
    "daycheck-clock-action",
];
