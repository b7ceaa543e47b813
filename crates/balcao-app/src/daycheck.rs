//! The start-of-day check at the counter: asked for at the first login of the spot's day (or the
//! first start, on a counter without accounts) and on demand, run off the UI thread, stored and synced.
//!
//! The probes (`balcao_daycheck::Probes`: the printer through CUPS, the card reader in sysfs, the
//! disk, each portal the catalogue links to, the central server's clock) take seconds, so they run on
//! a thread of their own and the report arrives through a channel that [`DayChecker::poll`] reads on
//! each pass of `App::logic`. Nothing waits for it and nothing is locked by it: a failed check shows
//! the checklist open with an action for each failure and a warning banner, and the mediator works on.
//! The report is kept in the store with a `daycheck.ran` outbox row, so the coordination sees which
//! counters work with broken equipment (`GET /v1/stats/equipment` on the central server).

use crate::state::{AppState, Banner};
use balcao_core::attendance::UtcMillis;
use balcao_daycheck::{Inputs, MonitorObs, Observations, Probes, Report, Status};
use balcao_i18n::I18n;
use balcao_store::Store;
use balcao_store::daycheck::Trigger;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

/// What the check needs that the app knows at start: the monitors, the printer, the data folder,
/// the central server.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Setup {
    /// The monitors at start, and where the citizen window went.
    pub monitors: MonitorObs,
    /// The configured printer (`None`: the system's default).
    pub printer: Option<String>,
    /// The data folder: its disk is measured.
    pub data_dir: std::path::PathBuf,
}

/// Runs checks on a thread and hands back their observations.
pub struct DayChecker {
    probes: Arc<dyn Probes>,
    setup: Setup,
    running: Option<(Trigger, Receiver<Observations>)>,
    wake: Arc<dyn Fn() + Send + Sync>,
    /// The start of the spot's day for which the day's first check was last considered.
    asked_on: Option<UtcMillis>,
}

impl std::fmt::Debug for DayChecker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DayChecker")
            .field("setup", &self.setup)
            .field("running", &self.running.as_ref().map(|(t, _)| *t))
            .finish_non_exhaustive()
    }
}

impl DayChecker {
    /// A checker over `probes` (`balcao_daycheck::SystemProbes` at a counter, fakes in tests);
    /// `wake` asks for a repaint when the report is ready.
    pub fn new(probes: Arc<dyn Probes>, setup: Setup, wake: Arc<dyn Fn() + Send + Sync>) -> Self {
        DayChecker {
            probes,
            setup,
            running: None,
            wake,
            asked_on: None,
        }
    }

    /// Asks for the day's first check once the counter is open for work on a new day; starts what the
    /// state asks for, if nothing is running; then takes a finished check's report into the state and
    /// the store. Called on each pass of `App::logic`: without news it reads no file.
    pub fn poll(&mut self, state: &mut AppState, store: &mut Store, i18n: &I18n, now: UtcMillis) {
        let day = state.config.time_zone.day_bounds(now).0;
        if !state.session.needs_login() && self.asked_on != Some(day) {
            self.asked_on = Some(day);
            at_login(state, store, now);
        }
        if self.running.is_none()
            && let Some(trigger) = state.day_check.requested.take()
        {
            self.start(trigger, state, store);
        }
        let Some((trigger, rx)) = &self.running else {
            return;
        };
        let trigger = *trigger;
        match rx.try_recv() {
            Ok(observations) => {
                self.running = None;
                state.day_check.running = false;
                let report = balcao_daycheck::build(&observations, now);
                record(state, store, i18n, now, trigger, report);
            }
            Err(TryRecvError::Empty) => {}
            Err(TryRecvError::Disconnected) => {
                // The thread died without a report (it does not panic; if it did, say nothing was checked).
                tracing::error!("the day check ended without a report");
                self.running = None;
                state.day_check.running = false;
            }
        }
    }

    fn start(&mut self, trigger: Trigger, state: &mut AppState, store: &Store) {
        let sync = store.sync_state().ok();
        let central_url = sync.as_ref().and_then(|s| s.central_url.clone());
        let inputs = Inputs {
            monitors: self.setup.monitors.clone(),
            printer: self.setup.printer.clone(),
            data_dir: self.setup.data_dir.clone(),
            portal_urls: state.catalogue.services.iter().map(|s| s.url.clone()).collect(),
            enrolled: central_url.is_some(),
            central_url,
            last_sync: sync.and_then(|s| s.last_success_at),
            unsynced: store.outbox_len().unwrap_or(0),
            ..Inputs::default()
        };
        let (tx, rx) = std::sync::mpsc::channel();
        let probes = Arc::clone(&self.probes);
        let wake = Arc::clone(&self.wake);
        let spawned = std::thread::Builder::new()
            .name("balcao-daycheck".into())
            .spawn(move || {
                let observations = balcao_daycheck::run(&*probes, &inputs);
                // The app may have closed meanwhile: nobody to tell.
                let _ = tx.send(observations);
                wake();
            });
        match spawned {
            Ok(_) => {
                tracing::info!(trigger = trigger.slug(), "day check started");
                self.running = Some((trigger, rx));
                state.day_check.running = true;
            }
            Err(e) => tracing::error!(error = %e, "the day check could not start a thread"),
        }
    }
}

/// Keeps a finished check: in the store with its outbox row, in the state, and in the banner when
/// something failed.
fn record(
    state: &mut AppState,
    store: &mut Store,
    i18n: &I18n,
    now: UtcMillis,
    trigger: Trigger,
    report: Report,
) {
    let origin = state.origin();
    let stored = serde_json::to_value(&report)
        .map_err(|e| e.to_string())
        .and_then(|whole| {
            store
                .record_day_check(
                    &origin.counter,
                    &origin.mediator,
                    trigger,
                    &whole,
                    &report.to_record(),
                    now,
                )
                .map_err(|e| i18n.localize(&e))
        });
    if let Err(text) = stored {
        tracing::error!("the day check's report could not be stored");
        state.banner = Some(Banner { error: true, text });
    }
    let worst = report.worst();
    // Check slugs only: what support needs to see which equipment failed, nothing about anyone.
    let failing: Vec<&str> = report
        .items
        .iter()
        .filter(|i| matches!(i.status, Status::Fail | Status::Warn))
        .map(|i| i.check.slug())
        .collect();
    tracing::info!(
        trigger = trigger.slug(),
        worst = worst.slug(),
        failing = failing.join(","),
        "day check done"
    );
    if matches!(worst, Status::Fail | Status::Warn) {
        let failing = report
            .items
            .iter()
            .filter(|i| matches!(i.status, Status::Fail | Status::Warn))
            .count();
        state.banner = Some(Banner {
            error: worst == Status::Fail,
            text: i18n.tr_args("daycheck-banner", &[("count", failing.to_string())]),
        });
    }
    // Folded when all is well: the list opens only for what needs the mediator.
    state.day_check.folded = !matches!(worst, Status::Fail | Status::Warn);
    state.day_check.last = Some(report);
}

/// At start, after a login and at midnight: asks for the day's first check when this counter has not
/// run one today, and loads the last report for the checklist.
fn at_login(state: &mut AppState, store: &Store, now: UtcMillis) {
    let counter = state.config.counter.clone();
    if state.day_check.last.is_none()
        && let Ok(Some(stored)) = store.last_day_check(&counter)
    {
        let last: Option<Report> = serde_json::from_value(stored.report).ok();
        state.day_check.folded = last
            .as_ref()
            .is_some_and(|r| !matches!(r.worst(), Status::Fail | Status::Warn));
        state.day_check.last = last;
    }
    let checked = store.day_checked(&counter, now).unwrap_or(true);
    if !checked && !state.day_check.running && state.day_check.requested.is_none() {
        state.day_check.requested = Some(Trigger::DayStart);
    }
}
