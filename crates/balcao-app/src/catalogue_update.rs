//! A catalogue published by the central, used by a running counter without a restart.
//!
//! The sync worker verifies each new bundle (signature, sequence, checker) on its own thread and leaves
//! the checked catalogue for the app (`balcao_sync::SyncWorker::take_accepted_catalogue`). The app then
//! builds its search index on a thread of its own ([`Follower`]): reading and checking the shipped
//! catalogue's bundle takes about 13 ms and indexing it about 7 ms in a release build, more than a
//! frame, so neither happens on the UI thread. When the index is ready, [`offer`] uses the catalogue at
//! once if no attendance is open; otherwise it waits in [`crate::catalogue_state::CatalogueState::pending`] and an attendance
//! keeps the catalogue it began with until it ends and its end screen is gone ([`settle`]), or the next
//! one begins ([`use_pending`]). The mediator is told either way, and the worker is told which catalogue
//! the counter now runs, so the central's fleet list shows the catalogue in use, not the one held.

use crate::catalogue_state::{CatalogueVersion, ReadyCatalogue};
use crate::state::{AppState, Banner};
use balcao_i18n::I18n;
use balcao_search::Index;
use balcao_sync::AcceptedCatalogue;
use std::sync::{Arc, mpsc};

/// Whether the catalogue in use must stay: an attendance is open, or its end screen still shows it.
pub fn busy(state: &AppState) -> bool {
    state.attendance.is_some() || state.finished.is_some()
}

/// A newer catalogue is ready: used at once when nothing holds the current one, otherwise kept until
/// the attendance ends. One not newer than the catalogue in use (or already waiting) is ignored, and so
/// is every one when the counter runs a site folder's catalogue.
pub fn offer(state: &mut AppState, ready: ReadyCatalogue, i18n: &I18n) {
    let catalogues = &state.catalogues;
    let newest = catalogues
        .pending
        .as_ref()
        .map(|p| p.version.sequence)
        .max(catalogues.running_sequence());
    if !catalogues.follows_central || newest.is_some_and(|n| ready.version.sequence <= n) {
        return;
    }
    if busy(state) {
        tracing::info!(
            sequence = ready.version.sequence,
            "a new catalogue waits for the attendance to end"
        );
        notice(
            state,
            i18n.tr_args(
                "app-catalogue-pending",
                &[("version", ready.version.version.clone())],
            ),
        );
        state.catalogues.pending = Some(ready);
    } else {
        adopt(state, ready, i18n);
    }
}

/// Uses the waiting catalogue once nothing holds the current one (each pass of the app's logic).
/// Returns whether the catalogue changed.
pub fn settle(state: &mut AppState, i18n: &I18n) -> bool {
    !busy(state) && use_pending(state, i18n)
}

/// Uses the waiting catalogue unless an attendance is open: also as a new attendance begins from the
/// previous citizen's end screen. Returns whether the catalogue changed.
pub fn use_pending(state: &mut AppState, i18n: &I18n) -> bool {
    if state.attendance.is_some() {
        return false;
    }
    match state.catalogues.pending.take() {
        Some(ready) => {
            adopt(state, ready, i18n);
            true
        }
        None => false,
    }
}

/// Replaces the catalogue and its index, and the search results, which point into the catalogue.
fn adopt(state: &mut AppState, ready: ReadyCatalogue, i18n: &I18n) {
    tracing::info!(
        sequence = ready.version.sequence,
        version = %ready.version.version,
        services = ready.catalogue.services.len(),
        "the counter now uses a new catalogue"
    );
    state.catalogue = ready.catalogue;
    state.index = ready.index;
    state.results = if state.query.trim().is_empty() {
        Vec::new()
    } else {
        let hits = state.index.search(&state.query, 8);
        hits.into_iter().map(|h| h.service).collect()
    };
    notice(
        state,
        i18n.tr_args(
            "app-catalogue-updated",
            &[("version", ready.version.version.clone())],
        ),
    );
    state.catalogues.running = Some(ready.version);
}

/// Tells the mediator, without hiding a failure the banner shows.
fn notice(state: &mut AppState, text: String) {
    if state.banner.as_ref().is_some_and(|b| b.error) {
        return;
    }
    state.banner = Some(Banner { error: false, text });
}

/// Follows the catalogues the worker accepts: indexes each off the UI thread, offers it to the state
/// when ready, and tells the worker when the catalogue in use changed.
pub struct Follower {
    /// Accepted catalogues not yet being indexed.
    incoming: Vec<AcceptedCatalogue>,
    ready_tx: mpsc::Sender<ReadyCatalogue>,
    ready_rx: mpsc::Receiver<ReadyCatalogue>,
    /// The sequence the worker was last told (or was configured with).
    reported: Option<i64>,
}

impl Follower {
    /// A follower whose worker reports `reported` until told otherwise (what the app runs at start).
    pub fn new(reported: Option<i64>) -> Follower {
        let (ready_tx, ready_rx) = mpsc::channel();
        Follower {
            incoming: Vec::new(),
            ready_tx,
            ready_rx,
            reported,
        }
    }

    /// The sequence the worker reports to the central as the catalogue in use.
    pub fn reported(&self) -> Option<i64> {
        self.reported
    }

    /// A catalogue accepted by the worker (or given by a test), indexed at the next [`Follower::tick`].
    pub fn accept(&mut self, accepted: AcceptedCatalogue) {
        self.incoming.push(accepted);
    }

    /// One pass of the app's logic: takes what the worker accepted and starts indexing it (`ctx`
    /// repaints when an index is ready), offers what is ready, uses a waiting catalogue when nothing
    /// holds the current one, and tells the worker when the catalogue in use changed. Returns whether
    /// the catalogue changed.
    pub fn tick(
        &mut self,
        state: &mut AppState,
        worker: Option<&balcao_sync::SyncWorker>,
        i18n: &I18n,
        ctx: &egui::Context,
    ) -> bool {
        if let Some(accepted) = worker.and_then(balcao_sync::SyncWorker::take_accepted_catalogue) {
            self.incoming.push(accepted);
        }
        for accepted in std::mem::take(&mut self.incoming) {
            if state.catalogues.follows_central {
                self.index(accepted, ctx);
            }
        }
        let before = state.catalogues.running_sequence();
        while let Ok(ready) = self.ready_rx.try_recv() {
            offer(state, ready, i18n);
        }
        settle(state, i18n);
        let now = state.catalogues.running_sequence();
        if now != self.reported {
            self.reported = now;
            if let Some(worker) = worker {
                worker.catalogue_in_use(now);
            }
        }
        now != before
    }

    /// Builds the index on a thread of its own; should no thread start, the catalogue is tried again
    /// at the next pass.
    fn index(&mut self, accepted: AcceptedCatalogue, ctx: &egui::Context) {
        let tx = self.ready_tx.clone();
        let ctx = ctx.clone();
        let again = accepted.clone();
        let spawned = std::thread::Builder::new()
            .name("balcao-catalogue".into())
            .spawn(move || {
                let index = Arc::new(Index::new(&accepted.catalogue));
                let ready = ReadyCatalogue {
                    version: CatalogueVersion {
                        sequence: accepted.info.sequence,
                        version: accepted.info.version,
                    },
                    catalogue: accepted.catalogue,
                    index,
                };
                if tx.send(ready).is_ok() {
                    ctx.request_repaint();
                }
            });
        if let Err(e) = spawned {
            tracing::warn!(error = %e, "no thread to index the new catalogue; trying again later");
            self.incoming.push(again);
        }
    }
}
