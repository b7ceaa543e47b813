//! The real probes, [`SystemProbes`].

use crate::probes::Probes;
use crate::report::{DiskObs, PortalObs, PrinterObs, ReaderObs};
use std::path::Path;
use std::time::Duration;

/// The probes of the machine Balcão runs on.
///
/// On Linux (and other Unix systems): the printer through CUPS's `lpstat`, the card reader through
/// sysfs, the disk through `statvfs`. On Windows the printer and the card reader are reported as not
/// checked and the disk as not measured, because this crate has no Windows spooler, PC/SC or volume
/// code yet; the portals and the central server are asked the same way on every system.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemProbes;

impl Probes for SystemProbes {
    fn printer(&self, name: Option<&str>) -> PrinterObs {
        os::printer(name)
    }

    fn card_reader(&self) -> ReaderObs {
        os::card_reader()
    }

    fn disk(&self, path: &Path) -> DiskObs {
        os::disk(path)
    }

    fn portals(&self, urls: &[String], timeout: Duration) -> Vec<PortalObs> {
        crate::http::portals(urls, timeout)
    }

    fn central(&self, base_url: &str, timeout: Duration) -> (bool, Option<i64>) {
        crate::http::central(base_url, timeout)
    }
}

#[cfg(not(windows))]
mod os {
    use crate::report::{DiskObs, PrinterObs, ReaderObs};
    use std::path::Path;

    pub(super) fn printer(name: Option<&str>) -> PrinterObs {
        crate::lpstat::printer("lpstat", name, crate::lpstat::LPSTAT_TIMEOUT)
    }

    pub(super) fn card_reader() -> ReaderObs {
        crate::sysfs::card_reader(Path::new(crate::sysfs::USB_DEVICES))
    }

    /// The disk holding `path`, or its nearest existing ancestor (the data folder may not exist yet
    /// on a counter's first day).
    pub(super) fn disk(path: &Path) -> DiskObs {
        let Some(existing) = path.ancestors().find(|p| p.exists()) else {
            return DiskObs::default();
        };
        let existing = if existing.as_os_str().is_empty() {
            Path::new(".")
        } else {
            existing
        };
        match rustix::fs::statvfs(existing) {
            Ok(s) => DiskObs {
                free_bytes: Some(s.f_bavail.saturating_mul(s.f_frsize)),
                total_bytes: Some(s.f_blocks.saturating_mul(s.f_frsize)),
            },
            Err(_) => DiskObs::default(),
        }
    }
}

/// Windows: the printer and the card reader are not checked and the disk is not measured; each answer
/// says so, and the checklist shows those lines as skipped.
#[cfg(windows)]
mod os {
    use crate::report::{DiskObs, PrinterObs, ReaderObs};
    use std::path::Path;

    pub(super) fn printer(_name: Option<&str>) -> PrinterObs {
        PrinterObs::NotChecked
    }

    pub(super) fn card_reader() -> ReaderObs {
        ReaderObs::NotChecked
    }

    pub(super) fn disk(_path: &Path) -> DiskObs {
        DiskObs::default()
    }
}

#[cfg(all(test, not(windows)))]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn the_disk_of_a_temp_dir_and_of_a_folder_not_yet_made() {
        let dir = tempfile::tempdir().unwrap();
        let d = SystemProbes.disk(dir.path());
        let (free, total) = (d.free_bytes.unwrap(), d.total_bytes.unwrap());
        assert!(total > 0 && free <= total, "{free} of {total}");
        let later = SystemProbes.disk(&dir.path().join("balcao/data"));
        assert!(later.total_bytes == Some(total), "{later:?}");
    }

    #[test]
    fn the_real_probes_answer_without_panicking() {
        // Whatever this machine has: the answers only have to come back.
        let _ = SystemProbes.card_reader();
        // A printer that cannot exist is never found ready, with CUPS or without.
        let obs = SystemProbes.printer(Some("balcao-daycheck-no-such-printer"));
        assert!(
            matches!(obs, PrinterObs::Missing { .. } | PrinterObs::NoSpooler { .. }),
            "{obs:?}"
        );
    }
}
