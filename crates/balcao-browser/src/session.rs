//! One attendance's browser: its directory, its process group, and their end.
//!
//! A [`Session`] owns `root/<attendance_id>/`, which holds the browser profile (`perfil`), the
//! downloads (`transferencias`) and a marker file (`balcao-session.json`: pid, kind, executable and
//! profile path). The browser runs as the leader of its own process group. [`Session::close`] ends
//! the whole group (`SIGTERM`, a grace period, then `SIGKILL`) and deletes the directory, retrying
//! because a dying browser may still be writing; dropping a session does the same, so an early return
//! or a panic elsewhere in the app cannot leave a citizen's portal session open for the next one.
//!
//! If Balcão itself dies (power cut, crash, `SIGKILL`) nobody closes the session, so [`sweep`], run
//! at the next start before any session, reads each leftover marker, stops the browser it names when
//! that browser is verifiably still running on that profile, and deletes every leftover directory.

use crate::args::{Placement, launch_args, reuse_args};
use crate::error::BrowserError;
use crate::kind::{Browser, BrowserKind};
use crate::profile::prepare_profile;
use crate::sys::{self, Ask};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The profile directory's name inside an attendance's directory.
pub const PROFILE_DIR: &str = "perfil";
/// The downloads directory's name inside an attendance's directory.
pub const DOWNLOADS_DIR: &str = "transferencias";
/// The marker file's name inside an attendance's directory.
pub const MARKER_FILE: &str = "balcao-session.json";

/// How long a browser gets to leave after `SIGTERM` before its group is killed.
const TERM_GRACE: Duration = Duration::from_secs(3);
/// How long the kernel gets to remove the group after `SIGKILL`.
const KILL_GRACE: Duration = Duration::from_secs(2);
/// How often liveness is checked while waiting.
const POLL: Duration = Duration::from_millis(20);
/// How many times deleting the directory is tried, with a growing pause between tries.
const DELETE_TRIES: u32 = 6;

/// What the marker file records, for [`sweep`] after a crash.
#[derive(Debug, Serialize, Deserialize)]
struct Marker {
    /// The browser's pid, which is also its process group id.
    pid: u32,
    /// Its family.
    kind: BrowserKind,
    /// Its executable.
    exe: PathBuf,
    /// The profile directory on its command line (absolute).
    profile_dir: PathBuf,
}

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CloseReport {
    /// Whether something of the browser was still alive after `SIGTERM` and its grace period, so the
    /// group had to be killed with `SIGKILL`.
    pub killed: bool,
    /// Whether the attendance's directory is gone. When `false` it is logged, and the next
    /// [`sweep`] tries again.
    pub deleted: bool,
}

/// What [`sweep`] cleaned up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SweepReport {
    /// Leftover browsers that were still running on their profile and were stopped.
    pub killed: usize,
    /// Leftover attendance directories deleted.
    pub deleted: usize,
}

/// One attendance's browser, running on a throwaway profile. Close it with [`Session::close`];
/// dropping it closes it too.
#[derive(Debug)]
pub struct Session {
    kind: BrowserKind,
    exe: PathBuf,
    pid: u32,
    child: Child,
    /// Whether `child` has been reaped (only where `/proc` is missing, or after the session ended).
    reaped: bool,
    /// Processes started by [`Session::open`], reaped as they finish.
    helpers: Vec<Child>,
    dir: PathBuf,
    profile_dir: PathBuf,
    downloads_dir: PathBuf,
    closed: bool,
}

impl Session {
    /// Creates `root/<attendance_id>/{perfil,transferencias}` (mode 0700 on Unix), writes the
    /// profile's preferences, starts `browser` on `url` in a process group of its own (standard
    /// input and output to null), and writes the marker.
    ///
    /// A directory already there for this attendance (left by a crash) is swept first, browser
    /// included. `attendance_id` must be a plain file name (letters, digits, `-`, `_`, `.`, not
    /// starting with a dot), since its directory is deleted at the end.
    pub fn start(
        browser: &Browser,
        root: &Path,
        attendance_id: &str,
        url: &str,
        placement: Option<Placement>,
    ) -> Result<Session, BrowserError> {
        check_attendance_id(attendance_id)?;
        check_url(url)?;
        let root = std::path::absolute(root).map_err(|e| BrowserError::io("create-dir", &e))?;
        make_dir(&root, true)?;
        let dir = root.join(attendance_id);
        if dir.exists() {
            sweep_dir(&dir);
            if dir.exists() {
                return Err(BrowserError::Io {
                    step: "create-dir",
                    detail: "a leftover directory of this attendance could not be deleted".into(),
                });
            }
        }
        make_dir(&dir, false)?;
        let profile_dir = dir.join(PROFILE_DIR);
        let downloads_dir = dir.join(DOWNLOADS_DIR);
        let prepared = make_dir(&profile_dir, false)
            .and_then(|()| make_dir(&downloads_dir, false))
            .and_then(|()| prepare_profile(browser.kind, &profile_dir, &downloads_dir));
        if let Err(e) = prepared {
            delete_dir(&dir);
            return Err(e);
        }

        let mut cmd = Command::new(&browser.exe);
        cmd.args(launch_args(browser.kind, &profile_dir, url, placement))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        sys::set_group(&mut cmd, None);
        let child = match cmd.spawn() {
            Ok(child) => child,
            Err(e) => {
                delete_dir(&dir);
                return Err(BrowserError::Spawn {
                    kind: browser.kind,
                    detail: e.to_string(),
                });
            }
        };
        let mut session = Session {
            kind: browser.kind,
            exe: browser.exe.clone(),
            pid: child.id(),
            child,
            reaped: false,
            helpers: Vec::new(),
            dir,
            profile_dir,
            downloads_dir,
            closed: false,
        };
        if let Err(e) = session.write_marker() {
            // Without a marker a crash would leave this browser unrecoverable: do not run it.
            let _ = session.close_inner();
            return Err(e);
        }
        tracing::info!(kind = %session.kind, pid = session.pid, "browser session started");
        Ok(session)
    }

    /// The browser's pid, which is also its process group id on Unix.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// The browser's family.
    pub fn kind(&self) -> BrowserKind {
        self.kind
    }

    /// The profile directory (`root/<attendance_id>/perfil`).
    pub fn profile_dir(&self) -> &Path {
        &self.profile_dir
    }

    /// The downloads directory (`root/<attendance_id>/transferencias`).
    pub fn downloads_dir(&self) -> &Path {
        &self.downloads_dir
    }

    /// The finished downloads, sorted by path: regular files of the downloads directory, leaving out
    /// downloads in progress (`*.part` and Firefox's empty placeholder beside it, `*.crdownload`) and
    /// hidden temporaries (Chrome's `.com.google.Chrome.*`). Empty if the directory cannot be read.
    pub fn downloads(&self) -> Vec<PathBuf> {
        finished_downloads(&self.downloads_dir)
    }

    /// Opens `url` in the running browser (a new tab, for the Chromium family). Firefox cannot
    /// ([`BrowserError::ReuseUnsupported`]); leave the URL for the mediator then.
    pub fn open(&mut self, url: &str) -> Result<(), BrowserError> {
        check_url(url)?;
        let args = reuse_args(self.kind, &self.profile_dir, url)?;
        if !self.is_running() {
            return Err(BrowserError::NotRunning);
        }
        self.helpers.retain_mut(|h| !matches!(h.try_wait(), Ok(Some(_))));
        let mut cmd = Command::new(&self.exe);
        cmd.args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        sys::set_group(&mut cmd, Some(self.pid));
        let helper = cmd.spawn().map_err(|e| BrowserError::Spawn {
            kind: self.kind,
            detail: e.to_string(),
        })?;
        tracing::info!(kind = %self.kind, pid = self.pid, helper = helper.id(), "url handed to the running browser");
        self.helpers.push(helper);
        Ok(())
    }

    /// Whether anything of the browser still runs: on Linux, any live process of its group (a browser
    /// that re-executes itself under a new pid still counts); elsewhere, the process started.
    pub fn is_running(&mut self) -> bool {
        if self.reaped {
            return false;
        }
        if sys::has_proc() {
            // The leader is left unreaped on purpose, so its group id stays ours; see `sys`.
            !sys::live_group_members(self.pid).is_empty()
        } else {
            match self.child.try_wait() {
                Ok(None) => true,
                Ok(Some(_)) | Err(_) => {
                    self.reaped = true;
                    false
                }
            }
        }
    }

    /// Ends the browser and every process of its group (`SIGTERM`, up to 3 s, then `SIGKILL`),
    /// reaps it, and deletes `root/<attendance_id>` with the profile and downloads in it.
    ///
    /// Fails only with [`BrowserError::StillRunning`], when processes survive `SIGKILL` (the
    /// directory is then still deleted as far as possible).
    pub fn close(mut self) -> Result<CloseReport, BrowserError> {
        self.close_inner()
    }

    /// [`Session::close`] on a borrowed session, for `Drop`; marks it closed.
    fn close_inner(&mut self) -> Result<CloseReport, BrowserError> {
        self.closed = true;
        let mut killed = false;
        let mut alive = self.is_running();
        if alive {
            // The group id is safe to signal: the leader is ours and not yet reaped.
            if let Err(e) = sys::signal_group(self.pid, Ask::Politely) {
                tracing::warn!(pid = self.pid, error = %e, "could not signal the browser's group");
            }
            alive = !wait_until(TERM_GRACE, || !self.is_running());
            if alive {
                killed = true;
                if let Err(e) = sys::signal_group(self.pid, Ask::Firmly) {
                    tracing::warn!(pid = self.pid, error = %e, "could not kill the browser's group");
                }
                alive = !wait_until(KILL_GRACE, || !self.is_running());
            }
        }
        for helper in &mut self.helpers {
            let _ = helper.kill();
            let _ = helper.wait();
        }
        self.helpers.clear();
        if !self.reaped {
            // After the group is gone the leader is a zombie or exited: waiting does not block. If it
            // survived even SIGKILL, do not block the app on it.
            if !alive || matches!(self.child.try_wait(), Ok(Some(_))) {
                let _ = self.child.wait();
                self.reaped = true;
            }
        }
        let deleted = delete_dir(&self.dir);
        tracing::info!(kind = %self.kind, pid = self.pid, killed, deleted, "browser session closed");
        if alive {
            Err(BrowserError::StillRunning { pid: self.pid })
        } else {
            Ok(CloseReport { killed, deleted })
        }
    }

    /// Writes the marker atomically (a temporary file renamed into place), so [`sweep`] never reads
    /// half a marker.
    fn write_marker(&self) -> Result<(), BrowserError> {
        let marker = Marker {
            pid: self.pid,
            kind: self.kind,
            exe: self.exe.clone(),
            profile_dir: self.profile_dir.clone(),
        };
        let text = serde_json::to_string(&marker).map_err(|e| BrowserError::Io {
            step: "write-marker",
            detail: e.to_string(),
        })?;
        let tmp = self.dir.join(format!("{MARKER_FILE}.tmp"));
        std::fs::write(&tmp, text).map_err(|e| BrowserError::io("write-marker", &e))?;
        std::fs::rename(&tmp, self.dir.join(MARKER_FILE)).map_err(|e| BrowserError::io("write-marker", &e))
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if !self.closed {
            tracing::warn!(kind = %self.kind, pid = self.pid, "browser session dropped without close; closing it");
            if let Err(e) = self.close_inner() {
                tracing::warn!(pid = self.pid, error = %e, "browser session could not be closed on drop");
            }
        }
    }
}

/// Cleans up after a crash: for every directory under `root`, stops the browser its marker names if
/// a live process of that group still has the directory's profile on its command line (a pid reused
/// by an unrelated program is left alone), then deletes the directory. Directories without a
/// readable marker are deleted too. Call it at start, before any [`Session`]: it deletes every
/// session directory under `root`. A missing `root` is nothing to sweep.
pub fn sweep(root: &Path) -> SweepReport {
    let mut report = SweepReport::default();
    let Ok(entries) = std::fs::read_dir(root) else {
        return report;
    };
    for entry in entries.flatten() {
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let dir = std::path::absolute(entry.path()).unwrap_or_else(|_| entry.path());
        let (killed, deleted) = sweep_dir(&dir);
        report.killed += usize::from(killed);
        report.deleted += usize::from(deleted);
    }
    if report != SweepReport::default() {
        tracing::info!(
            killed = report.killed,
            deleted = report.deleted,
            "leftover browser sessions swept"
        );
    }
    report
}

/// Sweeps one leftover attendance directory: (whether a browser was stopped, whether it is deleted).
fn sweep_dir(dir: &Path) -> (bool, bool) {
    let marker: Option<Marker> = std::fs::read_to_string(dir.join(MARKER_FILE))
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok());
    let mut killed = false;
    if let Some(m) = marker {
        // The profile on the command line must be this directory's, as written now or as the
        // marker recorded it (the root may have been reached through another path then).
        let here = dir.join(PROFILE_DIR);
        let ours = [&here, &m.profile_dir]
            .iter()
            .any(|p| sys::leftover_is_ours(m.pid, &m.exe, p));
        if ours {
            killed = true;
            tracing::info!(kind = %m.kind, pid = m.pid, "stopping a leftover browser");
            stop_leftover(m.pid);
        }
    }
    (killed, delete_dir(dir))
}

/// Ends a verified leftover group that is not this process's child (so it cannot be reaped here):
/// `SIGTERM`, up to 3 s, then `SIGKILL`.
fn stop_leftover(pgid: u32) {
    if !sys::has_proc() {
        // Without `/proc` (Windows) there is no way to watch the group: end it at once.
        let _ = sys::signal_group(pgid, Ask::Firmly);
        return;
    }
    let gone = || sys::live_group_members(pgid).is_empty();
    let _ = sys::signal_group(pgid, Ask::Politely);
    if !wait_until(TERM_GRACE, gone) {
        let _ = sys::signal_group(pgid, Ask::Firmly);
        let _ = wait_until(KILL_GRACE, gone);
    }
}

/// Polls `done` until it holds or `limit` passes; whether it held.
fn wait_until(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + limit;
    loop {
        if done() {
            return true;
        }
        if Instant::now() >= end {
            return false;
        }
        std::thread::sleep(POLL);
    }
}

/// Deletes `dir` and everything in it, retrying with growing pauses (a dying browser may still
/// create files); whether it is gone.
fn delete_dir(dir: &Path) -> bool {
    for attempt in 0..DELETE_TRIES {
        match std::fs::remove_dir_all(dir) {
            Ok(()) => return true,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return true,
            Err(_) => std::thread::sleep(Duration::from_millis(50 << attempt)),
        }
    }
    let gone = !dir.exists();
    if !gone {
        tracing::warn!("a browser session directory could not be deleted; the next sweep retries");
    }
    gone
}

/// Creates a directory readable by this user only (Unix), optionally with its parents.
fn make_dir(path: &Path, recursive: bool) -> Result<(), BrowserError> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(recursive);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(path)
        .map_err(|e| BrowserError::io("create-dir", &e))
}

/// An attendance id names a directory that is deleted: it must be one plain path component.
fn check_attendance_id(id: &str) -> Result<(), BrowserError> {
    let plain = !id.is_empty()
        && id.len() <= 128
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if plain {
        Ok(())
    } else {
        Err(BrowserError::InvalidAttendanceId)
    }
}

/// A URL is the browser's last argument: it must not be read as an option.
fn check_url(url: &str) -> Result<(), BrowserError> {
    if url.trim().is_empty() || url.starts_with('-') {
        Err(BrowserError::InvalidUrl)
    } else {
        Ok(())
    }
}

/// See [`Session::downloads`].
fn finished_downloads(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .collect();
    let partial = |p: &Path| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        name.starts_with('.') || name.ends_with(".part") || name.ends_with(".crdownload")
    };
    let in_progress: Vec<PathBuf> = files.iter().filter(|p| partial(p)).cloned().collect();
    files.retain(|p| {
        let mut part = p.as_os_str().to_owned();
        part.push(".part");
        !partial(p) && !in_progress.iter().any(|q| q.as_os_str() == part)
    });
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn attendance_ids_must_be_plain_names() {
        for good in ["0196a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "a", "A_1.2"] {
            assert!(check_attendance_id(good).is_ok(), "{good}");
        }
        for bad in ["", ".", "..", ".hidden", "a/b", "../x", "/abs", "a b", "ç"] {
            assert!(check_attendance_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn urls_that_look_like_options_are_refused() {
        assert!(check_url("https://eportugal.gov.pt/").is_ok());
        for bad in ["", "  ", "--user-data-dir=/tmp", "-profile"] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn downloads_skip_partial_files() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path();
        for name in [
            "certidao.pdf",
            "recibo.pdf",
            "grande.zip",
            "grande.zip.part",
            "Unconfirmed 123.crdownload",
            "outro.pdf.crdownload",
            "x.PART",
            ".com.google.Chrome.abc123",
        ] {
            std::fs::write(p.join(name), b"x").unwrap();
        }
        std::fs::create_dir(p.join("pasta")).unwrap();
        assert_eq!(
            finished_downloads(p),
            vec![p.join("certidao.pdf"), p.join("recibo.pdf")]
        );
        assert!(finished_downloads(&p.join("missing")).is_empty());
    }

    #[test]
    fn sweeping_a_missing_root_does_nothing() {
        let d = tempfile::tempdir().unwrap();
        assert_eq!(sweep(&d.path().join("missing")), SweepReport::default());
    }
}
