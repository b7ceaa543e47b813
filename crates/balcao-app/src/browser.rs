//! The browser an attendance is worked in: opened by Balcão, closed by Balcão.
//!
//! `Abrir serviço` (`Ctrl+O`) used to hand the address to the system browser, where the previous
//! citizen's portal session (a Chave Móvel Digital login, cookies, a half-filled form, a downloaded
//! certificate) was still open for the next one, and where Balcão could not tell which window to
//! mirror. Now the app asks a [`BrowserControl`] to open it *for this attendance*: the real one
//! ([`ThrowawayBrowser`]) starts the configured browser with a fresh profile (`balcao-browser`), places
//! it beside the docked mediator window, and closes it and deletes the profile and its downloads when
//! the attendance ends. Its process id tells the capture worker which windows are the ones to mirror.
//! When no browser can be found it falls back to the system browser (and the mirror falls back to the
//! allow-list). Tests inject a recording fake.

use std::path::PathBuf;

pub use balcao_browser::Placement;

/// Why the browser could not open an address.
#[derive(Debug)]
pub enum OpenFailure {
    /// The attendance's browser refused (translated through its message id).
    Browser(balcao_browser::BrowserError),
    /// The system browser refused (the platform's own words).
    System(String),
}

/// Opens and closes the browser of an attendance.
pub trait BrowserControl {
    /// Opens `url` for the attendance `attendance_id` (a second call for the same attendance opens it
    /// in the same browser). Returns the process id of a browser Balcão started, if it started one.
    fn open(
        &mut self,
        attendance_id: &str,
        url: &str,
        placement: Option<Placement>,
    ) -> Result<Option<u32>, OpenFailure>;
    /// Closes the attendance's browser and deletes everything of it (profile, downloads). Returns
    /// whether there was one to close.
    fn close(&mut self, attendance_id: &str) -> bool;
    /// The finished downloads of the attendance's browser (none when Balcão did not start one).
    fn downloads(&mut self, _attendance_id: &str) -> Vec<PathBuf> {
        Vec::new()
    }
}

/// Opens a URL in the system browser, or says why it could not.
pub type UrlOpener = Box<dyn FnMut(&str) -> Result<(), String>>;

/// The system browser: Balcão neither knows nor closes it (the fallback, and the tests' base).
pub struct SystemBrowser(pub UrlOpener);

impl BrowserControl for SystemBrowser {
    fn open(
        &mut self,
        _attendance_id: &str,
        url: &str,
        _placement: Option<Placement>,
    ) -> Result<Option<u32>, OpenFailure> {
        (self.0)(url).map(|()| None).map_err(OpenFailure::System)
    }

    fn close(&mut self, _attendance_id: &str) -> bool {
        false
    }
}

/// The configured browser with a throwaway profile per attendance, under `root`.
pub struct ThrowawayBrowser {
    browser: Option<balcao_browser::Browser>,
    root: PathBuf,
    session: Option<(String, balcao_browser::Session)>,
    fallback: SystemBrowser,
}

impl ThrowawayBrowser {
    /// Finds the browser `choice` names (`auto`, a kind or a path) on this machine and sweeps what a
    /// crash left under `root` (a browser still running with a previous citizen's session is closed,
    /// and its profile deleted), so no citizen's session survives a restart.
    pub fn new(choice: &str, root: PathBuf, fallback: UrlOpener) -> ThrowawayBrowser {
        let report = balcao_browser::sweep(&root);
        if report.killed + report.deleted > 0 {
            tracing::info!(
                killed = report.killed,
                deleted = report.deleted,
                "browser sessions left by an earlier run were closed and deleted"
            );
        }
        let browser = balcao_browser::BrowserChoice::parse(choice)
            .ok()
            .and_then(|c| balcao_browser::find(&c, &std::env::var_os("PATH").unwrap_or_default()));
        match &browser {
            Some(b) => tracing::info!(kind = b.kind.as_str(), "browser for attendances found"),
            None => tracing::warn!("no browser found for attendances; the system browser will be used"),
        }
        ThrowawayBrowser {
            browser,
            root,
            session: None,
            fallback: SystemBrowser(fallback),
        }
    }
}

impl BrowserControl for ThrowawayBrowser {
    fn open(
        &mut self,
        attendance_id: &str,
        url: &str,
        placement: Option<Placement>,
    ) -> Result<Option<u32>, OpenFailure> {
        // A session of another attendance (it should have been closed at its end) never serves this one.
        if self.session.as_ref().is_some_and(|(id, _)| id != attendance_id) {
            self.close_session();
        }
        if let Some((_, session)) = &mut self.session {
            if session.is_running() {
                return match session.open(url) {
                    Ok(()) => Ok(Some(session.pid())),
                    Err(e) => Err(OpenFailure::Browser(e)),
                };
            }
            self.close_session();
        }
        let Some(browser) = &self.browser else {
            return self.fallback.open(attendance_id, url, placement);
        };
        match balcao_browser::Session::start(browser, &self.root, attendance_id, url, placement) {
            Ok(session) => {
                let pid = session.pid();
                tracing::info!(
                    pid,
                    kind = browser.kind.as_str(),
                    "browser started for the attendance"
                );
                self.session = Some((attendance_id.to_string(), session));
                Ok(Some(pid))
            }
            Err(e) => Err(OpenFailure::Browser(e)),
        }
    }

    fn close(&mut self, attendance_id: &str) -> bool {
        if self.session.as_ref().is_some_and(|(id, _)| id == attendance_id) {
            self.close_session();
            true
        } else {
            false
        }
    }

    fn downloads(&mut self, attendance_id: &str) -> Vec<PathBuf> {
        match &self.session {
            Some((id, session)) if id == attendance_id => session.downloads(),
            _ => Vec::new(),
        }
    }
}

impl ThrowawayBrowser {
    fn close_session(&mut self) {
        if let Some((_, session)) = self.session.take() {
            match session.close() {
                Ok(report) => tracing::info!(
                    killed = report.killed,
                    deleted = report.deleted,
                    "the attendance's browser was closed"
                ),
                Err(e) => tracing::warn!(error = %e, "the attendance's browser could not be closed cleanly"),
            }
        }
    }
}

/// The mediator's monitor, in physical pixels, and its scale factor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Desk {
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
    /// Physical pixels per point.
    pub scale: f32,
}

impl Desk {
    /// Where the browser goes: the monitor less the docked workbench.
    pub fn browser_placement(&self, dock_width: u32) -> Placement {
        let dock = dock_width.min(self.width / 2);
        Placement {
            x: self.x + dock as i32,
            y: self.y,
            width: self.width - dock,
            height: self.height,
        }
    }
}
