//! The eframe shell: applies commands in `logic`, draws in `ui`, and keeps the citizen window fed.
//!
//! The citizen window is a *deferred* viewport: it has its own frame loop, so it never waits for the
//! mediator window's vsync, and it repaints only when asked. After each batch of commands the app
//! derives the [`CitizenView`] again, and only if it differs from the one on screen does it store the
//! new one and call `request_repaint_of` for the citizen viewport. The shared slot is read-only for the
//! citizen window's callback, which has no way to send anything back.

use crate::command::{self, Command, Env};
use crate::probe::Probe;
use crate::session::Session;
use crate::state::AppState;
use crate::ui::{citizen::citizen_ui, mediator};
use crate::view::{CitizenView, citizen_view};
use balcao_core::attendance::UtcMillis;
use balcao_core::text::Lang;
use balcao_i18n::I18n;
use balcao_store::Store;
use egui::{CentralPanel, Panel, ViewportBuilder, ViewportId};
use std::sync::{Arc, RwLock};

/// The citizen window's viewport id.
pub fn citizen_viewport() -> ViewportId {
    ViewportId::from_hash_of("balcao-citizen")
}

/// The mediator window's title.
pub const MEDIATOR_TITLE: &str = "Balcão — Mediador";
/// The citizen window's title.
pub const CITIZEN_TITLE: &str = "Balcão — Cidadão";

/// Where the citizen window goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CitizenPlacement {
    /// An ordinary window (one monitor, or `--windowed`).
    #[default]
    Window,
    /// Borderless fullscreen on this monitor.
    Monitor(usize),
}

use crate::browser::BrowserControl;
pub use crate::browser::{Desk, UrlOpener};
use crate::mirror::{MirrorPane, MirrorSource, mirror_pane, wants_capture};
use crate::picture::MirrorFeed;

/// Sends a document (a PDF file) to the printer, or says why it could not.
pub type Printer = Box<dyn FnMut(&std::path::Path) -> Result<(), String>>;

/// The clock, the browser, the printer and the documents folder, injected so tests control them.
pub struct Effects {
    /// Now, in UTC.
    pub now: Box<dyn Fn() -> UtcMillis>,
    /// Opens and closes the attendance's browser.
    pub browser: Box<dyn BrowserControl>,
    /// Prints a PDF.
    pub print: Printer,
    /// Where receipts and closing reports are written.
    pub documents: std::path::PathBuf,
    /// Where "Guardar PDF" copies a document the printer did not take, for another printer or a USB
    /// stick (the user's documents folder).
    pub exports: std::path::PathBuf,
}

impl Effects {
    /// The real clock, the configured browser (with a throwaway profile per attendance under
    /// `browsers`, the system browser when none is found), the printer (`printer`, or the system's
    /// default when empty; its refusals arrive on `failures`), and `documents` for the PDFs.
    pub fn system(
        documents: std::path::PathBuf,
        exports: std::path::PathBuf,
        browser: &str,
        browsers: std::path::PathBuf,
        printer: &str,
        failures: std::sync::mpsc::Sender<PrintFailure>,
        wake: std::sync::Arc<dyn Fn() + Send + Sync>,
    ) -> Effects {
        Effects {
            now: Box::new(|| {
                let ms = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
                    .unwrap_or(0);
                UtcMillis(ms)
            }),
            browser: Box::new(crate::browser::ThrowawayBrowser::new(
                browser,
                browsers,
                Box::new(|url| webbrowser::open(url).map_err(|e| e.to_string())),
            )),
            print: system_printer("lp", printer, failures, wake),
            documents,
            exports,
        }
    }
}

/// A document the printer refused, and what it said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintFailure {
    /// The PDF, kept in the documents folder.
    pub path: std::path::PathBuf,
    /// The printing system's words (CUPS's `lp`), for the banner.
    pub detail: String,
}

/// The printer: each PDF goes to `lp` (the program `lp`, a test's stand-in otherwise) in the background
/// (see [`print_in_background`]), refusals to `failures`, after which `wake` is called.
pub fn system_printer(
    lp: &str,
    printer: &str,
    failures: std::sync::mpsc::Sender<PrintFailure>,
    wake: std::sync::Arc<dyn Fn() + Send + Sync>,
) -> Printer {
    let (lp, printer) = (lp.to_owned(), printer.to_owned());
    Box::new(move |path| {
        print_in_background(
            path,
            &lp,
            &printer,
            failures.clone(),
            std::sync::Arc::clone(&wake),
        )
    })
}

/// Sends a PDF to the printer without making the frame wait: CUPS's `lp` on Linux (`-d printer` when
/// one is configured, the default printer otherwise), or the system's PDF viewer where there is no
/// `lp` (and on Windows), from which the mediator prints. A refusal comes back on `failures`, so the
/// mediator sees it (with a button to send it again) instead of a citizen leaving without a receipt;
/// the file stays in the documents folder either way.
fn print_in_background(
    path: &std::path::Path,
    lp: &str,
    printer: &str,
    failures: std::sync::mpsc::Sender<PrintFailure>,
    wake: std::sync::Arc<dyn Fn() + Send + Sync>,
) -> Result<(), String> {
    let path = path.to_path_buf();
    let (lp, printer) = (lp.to_owned(), printer.to_owned());
    std::thread::Builder::new()
        .name("balcao-print".into())
        .spawn(move || {
            let lp = if cfg!(unix) {
                let mut command = std::process::Command::new(&lp);
                if !printer.is_empty() {
                    command.arg("-d").arg(&printer);
                }
                Some(command.arg(&path).output())
            } else {
                None
            };
            let refused = |detail: String| {
                tracing::warn!(%detail, "the printer refused a document");
                let _ = failures.send(PrintFailure {
                    path: path.clone(),
                    detail,
                });
                // The mediator's window may be idle: wake it to show the banner.
                wake();
            };
            match lp {
                Some(Ok(out)) if out.status.success() => tracing::info!("document sent to the printer"),
                Some(Ok(out)) => refused(
                    String::from_utf8_lossy(&out.stderr)
                        .trim()
                        .chars()
                        .take(200)
                        .collect(),
                ),
                // No `lp` at all: the viewer it is.
                Some(Err(_)) | None => {
                    if let Err(e) = webbrowser::open(&path.display().to_string()) {
                        refused(e.to_string());
                    }
                }
            }
        })
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// The app.
pub struct BalcaoApp {
    state: AppState,
    store: Store,
    pt: I18n,
    en: I18n,
    commands: Vec<Command>,
    mediator: mediator::MediatorUi,
    citizen: Arc<RwLock<CitizenView>>,
    placement: CitizenPlacement,
    effects: Effects,
    probe: Probe,
    /// Time spent in the last `logic` call, for the probe.
    logic_time: std::time::Duration,
    /// The glyph atlas's side, the same for both windows (`atlas`).
    atlas: crate::atlas::AtlasSide,
    /// The sync worker, when the app runs with one.
    sync: Option<balcao_sync::SyncWorker>,
    /// The live mirror of the browser, when the app runs with one.
    mirror: Option<Arc<MirrorFeed>>,
    /// The mediator's monitor (physical pixels), when known: the workbench docks at its left edge
    /// during an attendance and the browser takes the rest.
    desk: Option<Desk>,
    /// Whether the workbench is docked now.
    docked: bool,
    /// What the capture worker was last told: active, and the browser's pid.
    mirror_steer: Option<(bool, Option<u32>)>,
    /// The attendance the mirror worker's memory of a window belongs to.
    mirror_attendance: Option<String>,
    /// When the downloads folder was last looked at.
    downloads_looked: Option<std::time::Instant>,
    /// The last input in the mediator window (for the idle lock).
    last_input: UtcMillis,
    /// When the spot's current day ends (its next local midnight).
    day_ends: UtcMillis,
    /// The printer's refusals, when the app runs with a real printer.
    print_failures: Option<std::sync::mpsc::Receiver<PrintFailure>>,
    /// Restarts the program in training mode (`true`) or out of it; `None` where it cannot (tests).
    relaunch: Option<Box<dyn Fn(bool)>>,
    /// The sync whose success last made the app look for newly pulled accounts.
    accounts_checked: Option<UtcMillis>,
    /// Runs the start-of-day check (`crate::daycheck`), when the app runs with one.
    day_checker: Option<crate::daycheck::DayChecker>,
    /// Takes the catalogues the central publishes into use (`crate::catalogue_update`).
    catalogue: crate::catalogue_update::Follower,
}

/// The session at start: none needed without accounts (demo mode); an attendance restored after a
/// crash comes back locked for the person who was serving (or a supervisor); otherwise the login.
fn first_session(state: &AppState, store: &Store) -> Session {
    if !store.has_accounts().unwrap_or(false) {
        return Session::Open;
    }
    let owner = state.attendance.as_ref().and_then(|a| {
        store
            .accounts()
            .ok()?
            .into_iter()
            .find(|account| account.id == a.origin.mediator)
    });
    owner.map_or(Session::LoggedOut, Session::Locked)
}

impl BalcaoApp {
    /// Builds the app over a store, restoring an attendance left open by a crash.
    pub fn new(
        mut state: AppState,
        mut store: Store,
        placement: CitizenPlacement,
        mut effects: Effects,
    ) -> Self {
        let pt = I18n::new(Lang::Pt);
        let en = I18n::new(Lang::En);
        // Receipt numbers take their year on the spot's clock.
        store.set_time_zone(state.config.time_zone.clone());
        {
            let i18n = if state.lang == Lang::En { &en } else { &pt };
            let now = (effects.now)();
            let mut env = Env {
                store: &mut store,
                now,
                i18n,
                browser: &mut *effects.browser,
                browser_placement: None,
                print: &mut *effects.print,
                documents: &effects.documents,
                exports: &effects.exports,
                sync: None,
            };
            command::restore(&mut state, &mut env);
        }
        state.session = first_session(&state, &store);
        crate::session::refresh_locked_out(&mut state, &store);
        let view = citizen_view(&state, if state.lang == Lang::En { &en } else { &pt });
        let probe = Probe::from_env();
        let commands = probe.setup_commands();
        let catalogue = crate::catalogue_update::Follower::new(state.catalogues.running_sequence());
        BalcaoApp {
            state,
            store,
            pt,
            en,
            commands,
            mediator: mediator::MediatorUi::default(),
            citizen: Arc::new(RwLock::new(view)),
            placement,
            effects,
            probe,
            logic_time: std::time::Duration::ZERO,
            atlas: crate::atlas::AtlasSide::default(),
            sync: None,
            mirror: None,
            desk: None,
            docked: false,
            mirror_steer: None,
            mirror_attendance: None,
            downloads_looked: None,
            last_input: UtcMillis(0),
            day_ends: UtcMillis(i64::MAX),
            print_failures: None,
            relaunch: None,
            accounts_checked: None,
            day_checker: None,
            catalogue,
        }
    }

    /// Runs the app with the live mirror's capture worker.
    pub fn with_mirror(mut self, feed: Arc<MirrorFeed>) -> Self {
        self.mirror = Some(feed);
        self
    }

    /// Tells the app the mediator's monitor, so it docks the workbench beside the browser.
    pub fn with_desk(mut self, desk: Desk) -> Self {
        self.desk = Some(desk);
        self
    }

    /// Copies the capture worker's status into the state, steers the worker by the pause rules, and
    /// adds the time to the attendance's tally. Returns whether the citizen view may have changed.
    pub fn refresh_mirror(&mut self) -> bool {
        if let Some(feed) = &self.mirror {
            let worker = feed.worker();
            // The worker is told only what changed: this runs every frame.
            let attendance = self.state.attendance.as_ref().map(|a| a.id.as_str());
            if self.mirror_attendance.as_deref() != attendance {
                // A new attendance, or none: the browser window of the last one is not remembered.
                worker.forget();
                self.mirror_attendance = attendance.map(str::to_owned);
            }
            let steer = (wants_capture(&self.state), self.state.browser_pid);
            if self.mirror_steer != Some(steer) {
                worker.set_active(steer.0);
                worker.set_preferred_pids(steer.1.into_iter().collect());
                self.mirror_steer = Some(steer);
            }
            let source = MirrorSource::of(&worker.status());
            if source != self.state.mirror.source {
                tracing::debug!(source = ?source, "mirror source changed");
                self.state.mirror.source = source;
            }
        }
        if self.state.mirror.source == MirrorSource::Unsupported
            && !self.state.mirror.unsupported_told
            && self.state.config.mirror
        {
            self.state.mirror.unsupported_told = true;
            self.state.banner = Some(crate::state::Banner {
                error: true,
                text: self.i18n().tr("app-mirror-wayland"),
            });
        }
        let now = (self.effects.now)();
        let pane = mirror_pane(&self.state);
        self.state.mirror_tally.observe(pane, now);
        self.publish_view()
    }

    /// While the attendance's browser is open, looks at its downloads folder at most every 1.5 s, on
    /// passes that happen anyway (the mediator coming back to the workbench to print one wakes it):
    /// a `read_dir` of a small local folder, never a frame's worth of time.
    fn look_at_downloads(&mut self) {
        if self.state.attendance.is_none() || self.state.browser_pid.is_none() {
            return;
        }
        let due = self
            .downloads_looked
            .is_none_or(|t| t.elapsed() >= std::time::Duration::from_millis(1500));
        if due {
            self.downloads_looked = Some(std::time::Instant::now());
            self.commands.push(Command::RefreshDownloads);
        }
    }

    /// At the spot's midnight (23 or 25 hours after the last one when the clocks change), today's list
    /// and the till are read again: a counter left on overnight, or a van working late, starts the new
    /// day with an empty list and a till that must be closed. The app wakes itself for it.
    fn watch_day(&mut self, ctx: &egui::Context) {
        let now = (self.effects.now)();
        if self.day_ends == UtcMillis(i64::MAX) || now >= self.day_ends {
            if self.day_ends != UtcMillis(i64::MAX) {
                self.commands.push(Command::NewDay);
            }
            self.day_ends = self.state.config.time_zone.day_bounds(now).1;
        }
        let left = u64::try_from(self.day_ends.0.saturating_sub(now.0)).unwrap_or(0);
        ctx.request_repaint_after(std::time::Duration::from_millis(left));
    }

    /// Stores the citizen view derived from the state, if it changed. Returns whether it did.
    fn publish_view(&mut self) -> bool {
        let view = citizen_view(&self.state, self.i18n());
        let mut slot = match self.citizen.write() {
            Ok(slot) => slot,
            Err(poisoned) => poisoned.into_inner(),
        };
        if *slot != view {
            *slot = view;
            true
        } else {
            false
        }
    }

    /// Runs the app in training mode (`crate::training`): the bands, the exercises, the stamps. The
    /// caller gives it the training database and no sync worker.
    pub fn with_training(mut self) -> Self {
        self.state.training = true;
        self.publish_view();
        self
    }

    /// Lets a supervisor switch into or out of training mode: `relaunch(training)` starts the program
    /// again so, and this one closes.
    pub fn with_relaunch(mut self, relaunch: Box<dyn Fn(bool)>) -> Self {
        self.relaunch = Some(relaunch);
        self.state.can_switch_training = true;
        self
    }

    /// Runs the start-of-day check at the day's first login and on demand (`crate::daycheck`).
    pub fn with_day_check(mut self, checker: crate::daycheck::DayChecker) -> Self {
        self.day_checker = Some(checker);
        self
    }

    /// Runs the app with the receiving end of the printer's refusals ([`Effects::system`]).
    pub fn with_print_failures(mut self, failures: std::sync::mpsc::Receiver<PrintFailure>) -> Self {
        self.print_failures = Some(failures);
        self
    }

    /// Shows a document the printer refused: the banner says which file and why, with a button that
    /// sends it again.
    fn watch_printer(&mut self) {
        let Some(failures) = &self.print_failures else {
            return;
        };
        while let Ok(failure) = failures.try_recv() {
            let text = self.i18n().tr_args(
                "app-print-refused",
                &[
                    ("path", failure.path.display().to_string()),
                    ("detail", failure.detail.clone()),
                ],
            );
            self.state.banner = Some(crate::state::Banner { error: true, text });
            self.state.print_failed = Some(failure.path);
        }
    }

    /// Runs the app with a sync worker: its status is shown in the status bar, and it is told after
    /// every batch of commands that records may be waiting.
    pub fn with_sync(mut self, worker: balcao_sync::SyncWorker) -> Self {
        self.sync = Some(worker);
        self.refresh_sync();
        self
    }

    /// Copies the worker's status into the state (a snapshot under a mutex: never waits on the
    /// network), and reloads the quarantine list when its size changed.
    fn refresh_sync(&mut self) {
        let Some(worker) = &self.sync else { return };
        let status = worker.status();
        if status.quarantined != self.state.quarantine.len() as u64 {
            match self.store.quarantine_list() {
                Ok(list) => self.state.quarantine = list,
                Err(e) => tracing::warn!(error = %e, "cannot read the quarantine"),
            }
        }
        self.state.sync = Some(status);
    }

    /// The state (for tests and the status of the process).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The store (for tests).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// What takes new catalogues into use (tests hand it catalogues as the sync worker would).
    pub fn catalogue_follower(&mut self) -> &mut crate::catalogue_update::Follower {
        &mut self.catalogue
    }

    /// What the citizen window shows now.
    pub fn citizen_view(&self) -> CitizenView {
        self.citizen
            .read()
            .map(|v| v.clone())
            .unwrap_or_else(|p| p.into_inner().clone())
    }

    /// Queues a command, as a widget would.
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    fn i18n(&self) -> &I18n {
        if self.state.lang == Lang::En {
            &self.en
        } else {
            &self.pt
        }
    }

    /// Applies the queued commands and refreshes the citizen view. Returns whether the view changed.
    pub fn apply_pending(&mut self) -> bool {
        let commands = std::mem::take(&mut self.commands);
        // The view is a function of the state, and only commands change the state.
        if commands.is_empty() {
            return false;
        }
        let may_write = commands.iter().any(|c| !c.is_quiet());
        for c in commands {
            let i18n = if self.state.lang == Lang::En {
                &self.en
            } else {
                &self.pt
            };
            let now = (self.effects.now)();
            let mut env = Env {
                store: &mut self.store,
                now,
                i18n,
                browser: &mut *self.effects.browser,
                browser_placement: self
                    .desk
                    .map(|d| d.browser_placement(self.state.config.dock_width)),
                print: &mut *self.effects.print,
                documents: &self.effects.documents,
                exports: &self.effects.exports,
                sync: self.sync.as_ref(),
            };
            command::apply(&mut self.state, &mut env, c);
        }
        // Whatever the commands wrote is waiting in the outbox now; keystrokes wrote nothing.
        if let Some(worker) = self.sync.as_ref().filter(|_| may_write) {
            worker.records_changed();
        }
        self.publish_view()
    }

    /// Queues the return to the welcome screen once the end screen has been shown long enough; otherwise
    /// says how long to wait before looking again.
    pub fn expire_end_screen(&mut self) -> Option<std::time::Duration> {
        let ended = self.state.finished.as_ref()?.attendance.ended_at?;
        let shown_ms = (self.effects.now)().0.saturating_sub(ended.0);
        let limit_ms = i64::from(self.state.config.end_screen_seconds) * 1000;
        if shown_ms >= limit_ms {
            self.commands.push(Command::NextCitizen);
            None
        } else {
            Some(std::time::Duration::from_millis(
                u64::try_from(limit_ms - shown_ms).unwrap_or(0),
            ))
        }
    }

    fn citizen_builder(&self) -> ViewportBuilder {
        let builder = ViewportBuilder::default().with_title(CITIZEN_TITLE);
        match self.placement {
            CitizenPlacement::Monitor(i) => builder.with_monitor(i).with_decorations(false),
            CitizenPlacement::Window => builder.with_inner_size([1024.0, 768.0]),
        }
    }

    fn today_label(&self) -> String {
        self.state
            .config
            .time_zone
            .local((self.effects.now)())
            .date_text()
    }
}

impl eframe::App for BalcaoApp {
    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        crate::theme::clear_color(visuals)
    }

    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        self.atlas.apply(raw_input);
    }

    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        let started = std::time::Instant::now();
        self.refresh_sync();
        if let Some(wait) = self.expire_end_screen() {
            ctx.request_repaint_after(wait);
        }
        self.look_at_downloads();
        self.watch_day(ctx);
        self.watch_printer();
        self.watch_session(ctx);
        let applied = self.apply_pending();
        let i18n = if self.state.lang == Lang::En {
            &self.en
        } else {
            &self.pt
        };
        if let Some(checker) = self.day_checker.as_mut() {
            checker.poll(&mut self.state, &mut self.store, i18n, (self.effects.now)());
        }
        // A catalogue the central published is used without a restart, never during an attendance.
        self.catalogue
            .tick(&mut self.state, self.sync.as_ref(), i18n, ctx);
        if std::mem::take(&mut self.state.switch_training)
            && let Some(relaunch) = &self.relaunch
        {
            tracing::info!(
                training = !self.state.training,
                "restarting to switch training mode"
            );
            relaunch(!self.state.training);
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if self.refresh_mirror() || applied {
            ctx.request_repaint_of(citizen_viewport());
        }
        self.dock(ctx);
        // The worker's status (window found, minimised, focus on another program) changes without
        // input: the worker wakes this logic itself (`Wake::Status`), so nothing polls it. Polling
        // twice a second cost two mediator frames a second: with a still page, 2.6 % of a core against
        // 0.18 % now (scripts/bench-mirror).
        self.logic_time = started.elapsed();
    }

    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let started = std::time::Instant::now();
        self.draw(ui);
        if self.probe.active() {
            let app_ms = (self.logic_time + started.elapsed()).as_secs_f32() * 1000.0;
            let (again, close) = self.probe.mediator_frame(frame.info().cpu_usage, app_ms);
            if again {
                ui.ctx().request_repaint();
            }
            if close {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }
}

impl BalcaoApp {
    /// The session's clockwork, each frame: a login or activation checked off the UI thread comes
    /// back; an idle session locks; accounts pulled for the first time close the demo session.
    fn watch_session(&mut self, ctx: &egui::Context) {
        let now = (self.effects.now)();
        if ctx.input(|i| !i.events.is_empty()) || self.last_input.0 == 0 {
            self.last_input = now;
        }
        if self.state.login.pending.is_some() {
            let i18n = if self.state.lang == Lang::En {
                &self.en
            } else {
                &self.pt
            };
            if crate::session::poll(&mut self.state, &mut self.store, i18n, now) {
                self.publish_view();
                ctx.request_repaint_of(citizen_viewport());
            } else {
                ctx.request_repaint_after(std::time::Duration::from_millis(15));
            }
        }
        if let Session::Active(_) = self.state.session {
            let lock_after = i64::from(self.state.config.lock_after_minutes) * 60_000;
            let idle = now.0.saturating_sub(self.last_input.0);
            if idle >= lock_after {
                self.commands.push(Command::Lock);
            } else {
                ctx.request_repaint_after(std::time::Duration::from_millis(
                    u64::try_from(lock_after - idle).unwrap_or(0),
                ));
            }
        }
        // Accounts arrive with a sync: look once per successful sync, not every frame.
        let synced = self.state.sync.as_ref().and_then(|s| s.last_success_at);
        if self.state.session == Session::Open
            && self.state.attendance.is_none()
            && synced.is_some()
            && synced != self.accounts_checked
        {
            self.accounts_checked = synced;
            if self.store.has_accounts().unwrap_or(false) {
                self.state.session = Session::LoggedOut;
                self.publish_view();
            }
        }
    }

    /// During an attendance the workbench docks at the left edge of the mediator's monitor, beside
    /// the browser; otherwise it fills the monitor (home screen, till, search).
    fn dock(&mut self, ctx: &egui::Context) {
        let Some(desk) = self.desk else { return };
        let want = self.state.attendance.is_some();
        if want == self.docked {
            return;
        }
        self.docked = want;
        if want {
            let dock = self.state.config.dock_width.min(desk.width / 2) as f32 / desk.scale;
            ctx.send_viewport_cmd(egui::ViewportCommand::Maximized(false));
            ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(egui::pos2(
                desk.x as f32 / desk.scale,
                desk.y as f32 / desk.scale,
            )));
            ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(egui::vec2(
                dock,
                desk.height as f32 / desk.scale,
            )));
        } else {
            ctx.send_viewport_cmd(egui::ViewportCommand::Maximized(true));
        }
    }

    /// Draws the mediator window and keeps the citizen viewport alive.
    fn draw(&mut self, ui: &mut egui::Ui) {
        let mut out = Vec::new();
        let today = self.today_label();
        let i18n = if self.state.lang == Lang::En {
            &self.en
        } else {
            &self.pt
        };
        if !self.state.session.needs_login() {
            mediator::shortcuts(ui, &self.state, &mut self.mediator, &mut out);
        }
        if self.state.training {
            Panel::top("training").show(ui, |ui| {
                crate::ui::training::band_ui(ui, &i18n.tr("training-band"), crate::theme::TRAINING_BAND_SIZE);
            });
        }
        crate::theme::unfilled_panels_ui(ui);
        Panel::bottom("status").show(ui, |ui| {
            crate::ui::login::session_ui(ui, &self.state, i18n, &mut out);
            mediator::status_bar_ui(ui, &self.state, i18n, &today, &mut out);
        });
        CentralPanel::default().show(ui, |ui| {
            mediator::banner_ui(ui, &self.state, i18n, &mut out);
            if self.state.session.needs_login() {
                crate::ui::login::login_ui(ui, &self.state, i18n, &mut out);
            } else if self.state.attendance.is_some() {
                mediator::attendance_ui(ui, &self.state, &mut self.mediator, i18n, &mut out);
            } else {
                mediator::home_ui(ui, &self.state, &mut self.mediator, i18n, &mut out);
            }
        });
        if !out.is_empty() {
            self.commands.extend(out);
            ui.ctx().request_repaint();
        }
        let slot = Arc::clone(&self.citizen);
        let first_frame = self.probe.citizen_hook();
        let feed = self.mirror.clone();
        let large = self.state.config.citizen_large_text;
        // The citizen reads it too: what they watch is practice, not their own service.
        let band = self.state.training.then(|| i18n.tr("training-band-citizen"));
        ui.ctx()
            .show_viewport_deferred(citizen_viewport(), self.citizen_builder(), move |ui, _class| {
                first_frame();
                let view = match slot.read() {
                    Ok(v) => v.clone(),
                    Err(p) => p.into_inner().clone(),
                };
                let live = matches!(
                    view,
                    CitizenView::Step {
                        mirror: MirrorPane::Live,
                        ..
                    }
                );
                let picture = feed.as_ref().and_then(|f| f.picture(ui.ctx(), live));
                if let Some(band) = &band {
                    crate::ui::training::band_ui(ui, band, crate::theme::CITIZEN_CAPTION_SIZE);
                }
                let area = citizen_ui(ui, &view, large, picture.as_ref());
                if let (Some(feed), Some(area)) = (&feed, area) {
                    feed.set_area(area);
                }
            });
    }
}
