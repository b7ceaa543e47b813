//! The I/O half's seam: the [`Probes`] trait, what the app hands in ([`Inputs`]) and [`run`].

use crate::report::{
    CentralObs, DiskObs, MonitorObs, Observations, PortalObs, PrinterObs, ReaderObs, Report, build,
};
use balcao_core::attendance::UtcMillis;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Looks at the machine. [`crate::SystemProbes`] is the real one; tests and unsupported systems use
/// fakes. Every method answers within its timeout and never panics: a probe that cannot look says so
/// in its observation (`NotChecked`, `Unknown`, `None`).
pub trait Probes: Send + Sync {
    /// The printer `name`, or the system's default printer when `None`.
    fn printer(&self, name: Option<&str>) -> PrinterObs;
    /// Whether a smart-card reader is connected (never reads a card).
    fn card_reader(&self) -> ReaderObs;
    /// Free and total space of the disk holding `path`.
    fn disk(&self, path: &Path) -> DiskObs;
    /// Each distinct portal origin among `urls`, asked in parallel, each within `timeout`.
    fn portals(&self, urls: &[String], timeout: Duration) -> Vec<PortalObs>;
    /// GET `{central}/openapi.json` (unauthenticated on our central server) and compare its `Date`
    /// header with the local clock: (reachable, offset_ms).
    fn central(&self, base_url: &str, timeout: Duration) -> (bool, Option<i64>);
}

/// What the app knows and hands to [`run`].
#[derive(Debug, Clone, PartialEq)]
pub struct Inputs {
    /// The monitors, as the windowing system reports them.
    pub monitors: MonitorObs,
    /// The configured printer; `None` for the system's default.
    pub printer: Option<String>,
    /// The data folder (where the store lives): its disk is the one measured.
    pub data_dir: PathBuf,
    /// Every portal address the catalogue links to (duplicates and shared origins are fine).
    pub portal_urls: Vec<String>,
    /// The central server's base address, if configured.
    pub central_url: Option<String>,
    /// Whether the counter is enrolled (from the store).
    pub enrolled: bool,
    /// The last successful sync (from the store).
    pub last_sync: Option<UtcMillis>,
    /// Records waiting in the outbox (from the store).
    pub unsynced: u64,
    /// How long each portal may take to answer.
    pub portal_timeout: Duration,
    /// How long the central server may take to answer.
    pub central_timeout: Duration,
}

/// The default time a portal or the central server may take to answer: 5 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

impl Default for Inputs {
    fn default() -> Self {
        Inputs {
            monitors: MonitorObs::default(),
            printer: None,
            data_dir: PathBuf::from("."),
            portal_urls: Vec::new(),
            central_url: None,
            enrolled: false,
            last_sync: None,
            unsynced: 0,
            portal_timeout: DEFAULT_TIMEOUT,
            central_timeout: DEFAULT_TIMEOUT,
        }
    }
}

/// Runs every probe, each on its own thread so the slowest sets the pace (a few seconds at most), and
/// gathers the observations. Call it off the UI thread. A probe that panics is reported as not checked.
pub fn run(probes: &dyn Probes, inputs: &Inputs) -> Observations {
    std::thread::scope(|s| {
        let printer = s.spawn(|| probes.printer(inputs.printer.as_deref()));
        let reader = s.spawn(|| probes.card_reader());
        let disk = s.spawn(|| probes.disk(&inputs.data_dir));
        let portals = s.spawn(|| {
            if inputs.portal_urls.is_empty() {
                Vec::new()
            } else {
                probes.portals(&inputs.portal_urls, inputs.portal_timeout)
            }
        });
        let central = s.spawn(|| {
            inputs
                .central_url
                .as_deref()
                .map(|url| probes.central(url, inputs.central_timeout))
        });
        let (reachable, clock_offset_ms) = match central.join() {
            Ok(Some((reachable, offset))) => (Some(reachable), offset),
            Ok(None) | Err(_) => (None, None),
        };
        Observations {
            monitors: inputs.monitors.clone(),
            printer: printer.join().unwrap_or_default(),
            card_reader: reader.join().unwrap_or_default(),
            portals: portals.join().unwrap_or_default(),
            central: CentralObs {
                enrolled: inputs.enrolled,
                reachable,
                last_sync: inputs.last_sync,
                unsynced: inputs.unsynced,
                clock_offset_ms,
            },
            disk: disk.join().unwrap_or_default(),
        }
    })
}

/// [`run`] then [`build`]: the whole check, stamped `now`.
pub fn check(probes: &dyn Probes, inputs: &Inputs, now: UtcMillis) -> Report {
    build(&run(probes, inputs), now)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::report::{CheckId, PortalOutcome, Status};
    use std::sync::Mutex;

    /// A fake that records what it was asked and answers canned observations.
    #[derive(Default)]
    struct Fake {
        asked: Mutex<Vec<String>>,
        panic_printer: bool,
    }

    impl Probes for Fake {
        fn printer(&self, name: Option<&str>) -> PrinterObs {
            self.asked.lock().unwrap().push(format!("printer {name:?}"));
            assert!(!self.panic_printer, "the fake printer probe blew up");
            PrinterObs::Idle {
                name: name.unwrap_or("default").to_string(),
            }
        }
        fn card_reader(&self) -> ReaderObs {
            ReaderObs::Absent
        }
        fn disk(&self, path: &Path) -> DiskObs {
            self.asked
                .lock()
                .unwrap()
                .push(format!("disk {}", path.display()));
            DiskObs {
                free_bytes: Some(1),
                total_bytes: Some(2),
            }
        }
        fn portals(&self, urls: &[String], timeout: Duration) -> Vec<PortalObs> {
            self.asked
                .lock()
                .unwrap()
                .push(format!("portals {} {}", urls.len(), timeout.as_millis()));
            urls.iter()
                .map(|u| PortalObs {
                    url: u.clone(),
                    outcome: PortalOutcome::Timeout,
                })
                .collect()
        }
        fn central(&self, base_url: &str, _timeout: Duration) -> (bool, Option<i64>) {
            self.asked.lock().unwrap().push(format!("central {base_url}"));
            (true, Some(-42))
        }
    }

    #[test]
    fn run_passes_the_inputs_to_the_probes_and_the_store_facts_through() {
        let fake = Fake::default();
        let inputs = Inputs {
            monitors: MonitorObs {
                count: 2,
                citizen_on_own_monitor: true,
            },
            printer: Some("Balcao1".into()),
            data_dir: PathBuf::from("/var/lib/balcao"),
            portal_urls: vec!["https://a.gov.pt/x".into()],
            central_url: Some("https://central.example".into()),
            enrolled: true,
            last_sync: Some(UtcMillis(7)),
            unsynced: 3,
            portal_timeout: Duration::from_millis(1234),
            central_timeout: DEFAULT_TIMEOUT,
        };
        let obs = run(&fake, &inputs);
        let mut asked = fake.asked.lock().unwrap().clone();
        asked.sort();
        assert_eq!(
            asked,
            [
                "central https://central.example",
                "disk /var/lib/balcao",
                "portals 1 1234",
                "printer Some(\"Balcao1\")",
            ]
        );
        assert_eq!(obs.monitors, inputs.monitors);
        assert_eq!(
            obs.central,
            CentralObs {
                enrolled: true,
                reachable: Some(true),
                last_sync: Some(UtcMillis(7)),
                unsynced: 3,
                clock_offset_ms: Some(-42),
            }
        );
        assert_eq!(obs.card_reader, ReaderObs::Absent);
        assert_eq!(obs.portals.len(), 1);
    }

    #[test]
    fn nothing_configured_asks_no_network_and_a_panicking_probe_is_not_checked() {
        let fake = Fake {
            panic_printer: true,
            ..Fake::default()
        };
        let report = check(&fake, &Inputs::default(), UtcMillis(5));
        let asked = fake.asked.lock().unwrap().clone();
        assert!(
            asked
                .iter()
                .all(|a| !a.starts_with("portals") && !a.starts_with("central"))
        );
        assert_eq!(report.item(CheckId::Printer).unwrap().status, Status::Skipped);
        assert_eq!(report.item(CheckId::Central).unwrap().status, Status::Skipped);
        assert_eq!(report.item(CheckId::Clock).unwrap().status, Status::Skipped);
        assert_eq!(report.at, UtcMillis(5));
    }
}
