//! The sync worker: a background thread that sends the outbox, fetches the catalogue and enrolls the
//! counter, while the UI only ever reads a status snapshot.
//!
//! # Why a thread of its own
//!
//! The mediator must never wait on the network: a request to the central can take a minute to time out
//! on a rural link, and the citizen is right there. So the worker runs on its own thread, with a
//! single-threaded tokio runtime (one worker needs no more, and it keeps the future types simple), and
//! its **own connection** to the counter's SQLite file: WAL lets the app write attendances while the
//! worker reads and deletes outbox rows, and a busy timeout covers the rare moment both write.
//!
//! The UI talks to it through a channel ([`SyncWorker::sync_now`], [`SyncWorker::records_changed`],
//! [`SyncWorker::enroll`], [`SyncWorker::catalogue_in_use`]), never blocking, and reads
//! [`SyncWorker::status`], a snapshot behind a mutex that the worker replaces whole; each time it
//! changes the worker calls the repaint callback the app gave it (`egui::Context::request_repaint`), so
//! an idle app costs nothing.
//!
//! # A new catalogue
//!
//! A bundle the worker accepts is cached in the store, and its checked catalogue is also left for the
//! app in a slot ([`SyncWorker::take_accepted_catalogue`]); the status changes with it, so the app wakes
//! and takes it. The app decides when to start using it (never in the middle of an attendance) and then
//! says so ([`SyncWorker::catalogue_in_use`]): the requests to the central carry the sequence of the
//! catalogue the counter *runs* ([`CatalogueInUse`]), not merely the one it holds.
//!
//! # The loop
//!
//! Each cycle: check the enrollment (state in the store, token in the keyring, the configured spot
//! equal to the enrolled one), drain the outbox ([`crate::drain`]), fetch the catalogue when due
//! ([`crate::catalogue`]), publish the status, then wait:
//!
//! - after a full drain, [`WorkerConfig::poll_interval`] (or less, when the app says records changed);
//! - after a failure, a full-jitter backoff ([`crate::backoff`]) that grows with consecutive failures,
//!   which the app's "records changed" does **not** cut short (every counter hammering a server that is
//!   down is what the backoff is for), but "sync now" (a person pressing the button) does;
//! - after a `429`, exactly the server's `Retry-After`;
//! - after a `401`/`403`, until someone acts (enrolls again, or presses "sync now"): retrying a refused
//!   token changes nothing.
//!
//! Time, sleeping and randomness come from [`Timing`], so tests run the loop deterministically and fast.
//! Stopping ([`SyncWorker::stop`], or dropping the handle) cancels whatever the worker is doing at once;
//! that is safe because every store step is its own transaction and a record is deleted only after its
//! answer: an interrupted request is simply sent again later and answered `duplicate`.

use crate::backoff::{Backoff, Rng};
use crate::catalogue::{
    AcceptedCatalogue, BundleInfo, CatalogueInUse, cached_bundle, catalogue_public_key, verify_bundle,
};
use crate::client::{CatalogueReply, Client, Record, RecordsReply, Timeouts};
use crate::drain::{self, MAX_BATCH, RecordSink, Stop};
use crate::token::{Token, TokenStore};
use crate::{SyncError, enroll};
use balcao_core::attendance::UtcMillis;
use balcao_core::message::Localized;
use balcao_store::{CachedCatalogue, Store, SyncState};
use ed25519_dalek::VerifyingKey;
use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::sync::{mpsc, watch};

pub use crate::status::{CatalogueStatus, EnrollmentState, Link, STATUS_MESSAGE_IDS, SyncStatus};
pub use crate::timing::{ClockFn, SleepFn, Timing, system_now};

/// The repaint callback: called after each change of the status.
pub type OnChange = Box<dyn Fn() + Send + Sync>;

/// How the worker runs.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// The counter's SQLite file (the app's own; the worker opens a second connection).
    pub db_path: PathBuf,
    /// The configured `spot_code`: the worker syncs only when the enrollment is for this spot.
    pub spot_code: String,
    /// Where the device token is.
    pub tokens: TokenStore,
    /// The catalogue signing key.
    pub public_key: VerifyingKey,
    /// Time, sleep and randomness.
    pub timing: Timing,
    /// The backoff after failures.
    pub backoff: Backoff,
    /// The timeouts of each request.
    pub timeouts: Timeouts,
    /// Records per request (at most 500).
    pub batch_size: usize,
    /// How long to wait after a full drain before looking again.
    pub poll_interval: Duration,
    /// How often to ask for a new catalogue.
    pub catalogue_interval: Duration,
    /// How long the worker's store operations wait for the app's write lock.
    pub busy_timeout: Duration,
    /// The device's audit key (from [`crate::AuditKeyStore`]): signs the checkpoints, and its public
    /// half is registered at enrolment. `None` when the keyring could not give one.
    pub audit_key: Option<balcao_audit::DeviceKey>,
    /// The catalogue the app runs at start, reported to the central until the app says otherwise
    /// ([`SyncWorker::catalogue_in_use`]).
    pub catalogue_in_use: CatalogueInUse,
}

impl WorkerConfig {
    /// The defaults: the platform keyring entry, the built-in catalogue key, real time, 500 records per
    /// request, a look every 30 s, the catalogue every hour.
    pub fn new(db_path: PathBuf, spot_code: &str) -> Result<WorkerConfig, SyncError> {
        Ok(WorkerConfig {
            db_path,
            spot_code: spot_code.into(),
            tokens: TokenStore::default(),
            public_key: catalogue_public_key()?,
            timing: Timing::real(),
            backoff: Backoff::default(),
            timeouts: Timeouts::default(),
            batch_size: MAX_BATCH,
            poll_interval: Duration::from_secs(30),
            catalogue_interval: Duration::from_secs(3600),
            busy_timeout: Duration::from_secs(5),
            audit_key: None,
            catalogue_in_use: CatalogueInUse::Held,
        })
    }
}

/// What the UI asks of the worker.
#[derive(Debug)]
enum Command {
    /// A person asked: sync now, even during a backoff.
    SyncNow,
    /// The app wrote records: update the count, and send them unless backing off.
    RecordsChanged,
    /// Enroll with this server and code.
    Enroll {
        central_url: String,
        code: String,
        device_name: String,
    },
    /// The app now runs this catalogue: report it.
    CatalogueInUse(Option<i64>),
}

/// The handle the app keeps: commands in, status out. Dropping it stops the worker.
pub struct SyncWorker {
    commands: mpsc::UnboundedSender<Command>,
    status: Arc<Mutex<SyncStatus>>,
    accepted: Arc<Mutex<Option<AcceptedCatalogue>>>,
    shutdown: watch::Sender<bool>,
    thread: Option<JoinHandle<()>>,
}

impl fmt::Debug for SyncWorker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SyncWorker")
            .field("status", &self.status())
            .finish_non_exhaustive()
    }
}

impl SyncWorker {
    /// Starts the worker thread. `on_change` is called (from the worker thread) after each change of
    /// the status. Fails only when the thread cannot be started; a store or keyring problem shows in the
    /// status instead, so the app starts whatever happens.
    pub fn start(config: WorkerConfig, on_change: OnChange) -> Result<SyncWorker, SyncError> {
        let (commands, rx) = mpsc::unbounded_channel();
        let (shutdown, shutdown_rx) = watch::channel(false);
        let status = Arc::new(Mutex::new(SyncStatus::default()));
        let accepted = Arc::new(Mutex::new(None));
        let shared = Shared {
            status: Arc::clone(&status),
            accepted: Arc::clone(&accepted),
        };
        let thread = std::thread::Builder::new()
            .name("balcao-sync".into())
            .spawn(move || run_thread(config, rx, shutdown_rx, shared, on_change))
            .map_err(|e| SyncError::Protocol {
                detail: format!("cannot start the sync thread: {e}"),
            })?;
        Ok(SyncWorker {
            commands,
            status,
            accepted,
            shutdown,
            thread: Some(thread),
        })
    }

    /// The current status (a copy; never waits on the network).
    pub fn status(&self) -> SyncStatus {
        self.status.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Sync now, even during a backoff (a person pressed the button).
    pub fn sync_now(&self) {
        let _ = self.commands.send(Command::SyncNow);
    }

    /// The app wrote records: the worker updates its count and sends them, unless it is backing off.
    pub fn records_changed(&self) {
        let _ = self.commands.send(Command::RecordsChanged);
    }

    /// Enroll with `central_url` using a one-time `code`; follow it in [`SyncStatus::enrollment`].
    pub fn enroll(&self, central_url: &str, code: &str, device_name: &str) {
        let _ = self.commands.send(Command::Enroll {
            central_url: central_url.into(),
            code: code.into(),
            device_name: device_name.into(),
        });
    }

    /// The catalogue of the last bundle accepted since the previous call, if any (never waits on the
    /// network). A second bundle accepted before the app took the first replaces it.
    pub fn take_accepted_catalogue(&self) -> Option<AcceptedCatalogue> {
        self.accepted
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    /// The app now runs the catalogue of bundle `sequence` (`None`: the one built into the program):
    /// the next requests report it to the central, and one is made soon unless the worker is backing off.
    pub fn catalogue_in_use(&self, sequence: Option<i64>) {
        let _ = self.commands.send(Command::CatalogueInUse(sequence));
    }

    /// Stops the worker, interrupting any request (safe: see the module documentation), and waits for
    /// its thread to end.
    pub fn stop(mut self) {
        self.stop_inner();
    }

    fn stop_inner(&mut self) {
        let _ = self.shutdown.send(true);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for SyncWorker {
    fn drop(&mut self) {
        self.stop_inner();
    }
}

/// What the worker shares with its handle: the status snapshot, and the catalogue left for the app.
struct Shared {
    status: Arc<Mutex<SyncStatus>>,
    accepted: Arc<Mutex<Option<AcceptedCatalogue>>>,
}

fn run_thread(
    config: WorkerConfig,
    rx: mpsc::UnboundedReceiver<Command>,
    mut shutdown: watch::Receiver<bool>,
    status: Shared,
    on_change: OnChange,
) {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            tracing::error!(error = %e, "cannot start the sync runtime");
            return;
        }
    };
    runtime.block_on(async move {
        let mut worker = Worker::new(config, status, on_change);
        tokio::select! {
            () = worker.run(rx) => {}
            _ = shutdown.wait_for(|stop| *stop) => {}
        }
    });
}

/// What one cycle decided about waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wait {
    /// The normal pause; "records changed" ends it.
    Poll(Duration),
    /// A backoff or `Retry-After`; only "sync now" ends it early.
    Backoff(Duration),
    /// Until someone acts.
    Forever,
}

struct Worker {
    config: WorkerConfig,
    store: Option<Store>,
    status: SyncStatus,
    shared: Shared,
    on_change: OnChange,
    rng: Rng,
    failures: u32,
    next_catalogue_at: UtcMillis,
    catalogue_info: Option<BundleInfo>,
    /// The catalogue the app runs, as last told.
    in_use: CatalogueInUse,
    client: Option<Client>,
    /// The audit head last confirmed to the central with a checkpoint.
    checkpointed: Option<balcao_audit::Head>,
    /// The ETag of the accounts list held.
    accounts_etag: Option<String>,
}

impl Worker {
    fn new(config: WorkerConfig, shared: Shared, on_change: OnChange) -> Worker {
        let rng = Rng::new(config.timing.seed);
        let in_use = config.catalogue_in_use;
        Worker {
            config,
            store: None,
            status: SyncStatus::default(),
            shared,
            on_change,
            rng,
            failures: 0,
            next_catalogue_at: UtcMillis(i64::MIN),
            catalogue_info: None,
            in_use,
            client: None,
            checkpointed: None,
            accounts_etag: None,
        }
    }

    fn now(&self) -> UtcMillis {
        (self.config.timing.clock)()
    }

    async fn run(&mut self, mut rx: mpsc::UnboundedReceiver<Command>) {
        let mut run_cycle = true;
        let mut wait = Wait::Forever;
        loop {
            if run_cycle {
                wait = self.cycle().await;
            }
            self.publish();
            let (limit, cut_by_changes) = match wait {
                Wait::Poll(d) => (Some(d), true),
                Wait::Backoff(d) => (Some(d), false),
                Wait::Forever => (None, false),
            };
            let started = self.now();
            let sleep = async {
                match limit {
                    Some(d) => (self.config.timing.sleep)(d).await,
                    None => std::future::pending().await,
                }
            };
            let command = tokio::select! {
                () = sleep => None,
                command = rx.recv() => match command {
                    Some(c) => Some(c),
                    // The handle is gone: nobody will read the status any more.
                    None => return,
                },
            };
            run_cycle = match command {
                None => true,
                Some(Command::SyncNow) => {
                    self.failures = 0;
                    true
                }
                Some(Command::RecordsChanged) => {
                    if cut_by_changes {
                        true
                    } else {
                        // Keep waiting what was left of the backoff, with an up-to-date count.
                        self.refresh_counts();
                        wait = remaining(wait, started, self.now());
                        false
                    }
                }
                Some(Command::Enroll {
                    central_url,
                    code,
                    device_name,
                }) => {
                    self.enroll(&central_url, &code, &device_name).await;
                    true
                }
                Some(Command::CatalogueInUse(sequence)) => {
                    self.in_use = CatalogueInUse::Running(sequence);
                    tracing::info!(sequence, "the app runs a new catalogue");
                    // Tell the central soon, as "records changed" would; a backoff is kept.
                    if cut_by_changes {
                        true
                    } else {
                        wait = remaining(wait, started, self.now());
                        false
                    }
                }
            };
        }
    }

    /// Opens the worker's own connection (once it succeeds, it is kept).
    fn store(&mut self) -> Result<&mut Store, SyncError> {
        if self.store.is_none() {
            let mut store = Store::open(&self.config.db_path)?;
            store.set_busy_timeout(self.config.busy_timeout)?;
            store.set_audit_key(self.config.audit_key.clone())?;
            // The catalogue held, verified once per start.
            self.catalogue_info = cached_bundle(&store, &self.config.public_key)?.map(|b| b.info);
            self.store = Some(store);
        }
        self.store.as_mut().ok_or(SyncError::NotEnrolled)
    }

    async fn cycle(&mut self) -> Wait {
        let now = self.now();
        let (state, token) = match self.enrollment() {
            Ok(Some(found)) => found,
            Ok(None) => {
                self.status.link = Link::NotEnrolled;
                self.status.last_error = Some(SyncError::NotEnrolled);
                self.refresh_counts();
                return Wait::Forever;
            }
            Err(e) => return self.failure(e),
        };
        let (Some(url), Some(spot)) = (state.central_url.clone(), state.spot.clone()) else {
            return Wait::Forever;
        };
        if spot != self.config.spot_code {
            self.status.link = Link::NotEnrolled;
            self.status.last_error = Some(SyncError::SpotMismatch {
                code_spot: spot,
                configured: self.config.spot_code.clone(),
            });
            self.refresh_counts();
            return Wait::Forever;
        }
        let client = match self.client(&url) {
            Ok(c) => c,
            Err(e) => return self.failure(e),
        };
        let sink = Sink {
            client: &client,
            token: &token,
        };
        let clock = Arc::clone(&self.config.timing.clock);
        let batch = self.config.batch_size;
        let report = match self.store() {
            Ok(store) => drain::drain(store, &sink, &spot, &*clock, batch).await,
            Err(e) => Err(e),
        };
        let report = match report {
            Ok(r) => r,
            Err(e) => return self.failure(e),
        };
        if report.acked + report.quarantined > 0 {
            tracing::info!(
                acked = report.acked,
                quarantined = report.quarantined,
                requests = report.requests,
                "sync: records answered by the central"
            );
        }
        let wait = match report.stop {
            Stop::Drained => {
                self.failures = 0;
                // An empty outbox sends nothing: only an actual answer from the server is a sync.
                let mut answered = report.requests > 0;
                answered |= self.push_audit(&client, &token).await;
                answered |= self.pull_accounts(&client, &token).await;
                if now >= self.next_catalogue_at {
                    answered |= self.pull_catalogue(&client, &token, now).await;
                }
                if answered {
                    self.status.link = Link::Online;
                    self.status.last_error = None;
                    self.status.last_success_at = Some(now);
                }
                Wait::Poll(self.config.poll_interval)
            }
            Stop::RetryAfter(d) => {
                self.status.link = Link::Online;
                self.status.last_error = Some(SyncError::RateLimited { seconds: d.as_secs() });
                Wait::Backoff(d)
            }
            Stop::Unauthorized(None) => self.refused(SyncError::TokenRevoked),
            Stop::Unauthorized(Some(reason)) => self.refused(SyncError::DeviceRevoked { reason }),
            Stop::Forbidden => self.refused(SyncError::Forbidden),
            Stop::Failed(e) => return self.failure(e),
        };
        self.save_state();
        self.refresh_counts();
        wait
    }

    /// The enrollment and token, or `None` when the counter is not enrolled.
    fn enrollment(&mut self) -> Result<Option<(SyncState, Token)>, SyncError> {
        let state = self.store()?.sync_state()?;
        if !state.is_enrolled() {
            return Ok(None);
        }
        Ok(self.config.tokens.get()?.map(|t| (state, t)))
    }

    fn client(&mut self, url: &str) -> Result<Client, SyncError> {
        // The requests carry the catalogue the app runs, which may be older than the one held (an
        // attendance finishing on its catalogue) or newer than the one at start.
        let held = self.catalogue_info.as_ref().map(|info| info.sequence);
        let sequence = self.in_use.reported(held);
        if let Some(c) = &self.client
            && crate::client::check_url(url).is_ok_and(|u| &u == c.base())
        {
            return Ok(c.clone().with_catalogue(sequence));
        }
        let c = Client::with_timeouts(url, self.config.timeouts)?;
        self.client = Some(c.clone());
        Ok(c.with_catalogue(sequence))
    }

    /// A failure to sync: count it, note it, and back off with jitter.
    fn failure(&mut self, e: SyncError) -> Wait {
        tracing::warn!(error = %e, failures = self.failures + 1, "sync failed");
        self.status.link = match e {
            SyncError::Offline { .. } | SyncError::ServerError { .. } => Link::Offline,
            _ => self.status.link,
        };
        self.status.last_error = Some(e);
        let delay = self.config.backoff.delay(self.failures, &mut self.rng);
        self.failures = self.failures.saturating_add(1);
        self.save_state();
        self.refresh_counts();
        Wait::Backoff(delay)
    }

    fn refused(&mut self, e: SyncError) -> Wait {
        tracing::warn!(error = %e, "the central refuses this counter's token");
        self.status.link = Link::Refused;
        self.status.last_error = Some(e);
        Wait::Forever
    }

    /// Sends the audit entries and checkpoint the central does not hold yet; a failure is logged and
    /// retried next cycle (the records, already acknowledged, are not held back by it). Returns
    /// whether the server answered.
    async fn push_audit(&mut self, client: &Client, token: &Token) -> bool {
        let mut checkpointed = self.checkpointed;
        let result = match self.store() {
            Ok(store) => crate::audit::push(store, client, token, &mut checkpointed).await,
            Err(e) => Err(e),
        };
        self.checkpointed = checkpointed;
        result.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "sync: the audit trail was not sent");
            false
        })
    }

    /// Pulls the spot's accounts when they changed; a failure is logged and retried next cycle.
    async fn pull_accounts(&mut self, client: &Client, token: &Token) -> bool {
        let mut etag = self.accounts_etag.take();
        let result = match self.store() {
            Ok(store) => crate::accounts::pull(store, client, token, &mut etag).await,
            Err(e) => Err(e),
        };
        self.accounts_etag = etag;
        result.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "sync: the accounts were not pulled");
            false
        })
    }

    /// Asks for a newer catalogue and accepts it if it passes every check. Returns whether the server
    /// answered (even to send a bundle that was then refused).
    async fn pull_catalogue(&mut self, client: &Client, token: &Token, now: UtcMillis) -> bool {
        let held = match self.store() {
            Ok(store) => store.cached_catalogue(),
            Err(_) => return false,
        };
        let Ok(held) = held else { return false };
        let etag = held.as_ref().and_then(|c| c.etag.clone());
        let outcome = match client.catalogue(token, etag.as_deref()).await {
            Ok(CatalogueReply::NotModified) => Ok(()),
            Ok(CatalogueReply::Bundle {
                payload,
                signature,
                etag,
            }) => self.accept_bundle(payload, signature, etag, held.map(|c| c.sequence), now),
            Err(e) => Err(e),
        };
        match outcome {
            Ok(()) => {
                self.status.catalogue_error = None;
                let interval = i64::try_from(self.config.catalogue_interval.as_millis()).unwrap_or(i64::MAX);
                self.next_catalogue_at = UtcMillis(now.0.saturating_add(interval));
                true
            }
            Err(e) => {
                let answered = !matches!(e, SyncError::Offline { .. } | SyncError::ServerError { .. });
                tracing::warn!(error = %e, "catalogue update refused");
                self.status.catalogue_error = Some(e);
                // Try again at the next cycle that finds the server, but not more than every poll.
                let poll = i64::try_from(self.config.poll_interval.as_millis()).unwrap_or(i64::MAX);
                self.next_catalogue_at = UtcMillis(now.0.saturating_add(poll));
                answered
            }
        }
    }

    fn accept_bundle(
        &mut self,
        payload: Vec<u8>,
        signature: Vec<u8>,
        etag: Option<String>,
        held: Option<i64>,
        now: UtcMillis,
    ) -> Result<(), SyncError> {
        let bundle = verify_bundle(&payload, &signature, &self.config.public_key, held)?;
        let cached = CachedCatalogue {
            payload,
            signature,
            sequence: bundle.info.sequence,
            etag,
            fetched_at: now,
        };
        if !self.store()?.set_cached_catalogue(&cached)? {
            return Err(SyncError::CatalogueRollback {
                held: held.unwrap_or(i64::MAX),
                offered: bundle.info.sequence,
            });
        }
        if bundle.info.is_expired(now) {
            tracing::warn!(
                sequence = bundle.info.sequence,
                "the catalogue from the central has expired"
            );
        }
        tracing::info!(sequence = bundle.info.sequence, version = %bundle.info.version, "catalogue updated");
        self.catalogue_info = Some(bundle.info.clone());
        // The app takes it when it wakes (the status changes with it); it reports the catalogue it runs.
        *self
            .shared
            .accepted
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(AcceptedCatalogue {
            info: bundle.info,
            catalogue: Arc::new(bundle.catalogue),
        });
        Ok(())
    }

    async fn enroll(&mut self, central_url: &str, code: &str, device_name: &str) {
        self.status.enrollment = EnrollmentState::InProgress;
        self.publish();
        let configured_spot = self.config.spot_code.clone();
        let audit_public_key = self.config.audit_key.as_ref().map(|key| key.public().to_hex());
        let request = enroll::EnrollRequest {
            central_url,
            code,
            device_name,
            configured_spot: &configured_spot,
            audit_public_key: audit_public_key.as_deref(),
        };
        let tokens = self.config.tokens.clone();
        let timeouts = self.config.timeouts;
        let now = self.now();
        let result = match self.store() {
            Ok(store) => enroll::enroll(store, &tokens, &request, timeouts, now).await,
            Err(e) => Err(e),
        };
        self.status.enrollment = match result {
            Ok(state) => {
                self.failures = 0;
                self.status.link = Link::Unknown;
                self.status.last_error = None;
                self.client = None;
                EnrollmentState::Succeeded {
                    spot: state.spot.unwrap_or_default(),
                }
            }
            Err(e) => EnrollmentState::Failed(e),
        };
    }

    /// Writes the last success and error to the store, when they changed.
    fn save_state(&mut self) {
        let last_success_at = self.status.last_success_at;
        let last_error = self
            .status
            .last_error
            .as_ref()
            .map(|e| e.message_id().to_string());
        let Ok(store) = self.store() else { return };
        let Ok(mut state) = store.sync_state() else { return };
        if state.last_success_at == last_success_at.or(state.last_success_at)
            && state.last_error == last_error
        {
            return;
        }
        state.last_success_at = last_success_at.or(state.last_success_at);
        state.last_error = last_error;
        if let Err(e) = store.set_sync_state(&state) {
            tracing::warn!(error = %e, "cannot save the sync state");
        }
    }

    fn refresh_counts(&mut self) {
        let now = self.now();
        let counts = self.store().and_then(|s| {
            let waiting = s.outbox_len()?;
            let quarantined = s.quarantine_len()?;
            let last = s.sync_state()?.last_success_at;
            Ok((waiting, quarantined, last))
        });
        match counts {
            Ok((waiting, quarantined, last)) => {
                self.status.waiting = waiting;
                self.status.quarantined = quarantined;
                self.status.last_success_at = self.status.last_success_at.or(last);
            }
            Err(e) => self.status.last_error = Some(e),
        }
        self.status.catalogue = self.catalogue_info.as_ref().map(|info| CatalogueStatus {
            sequence: info.sequence,
            version: info.version.clone(),
            expires_at: info.expires_at,
            expired: info.is_expired(now),
        });
    }

    /// Replaces the shared snapshot and asks for a repaint, when something changed.
    fn publish(&mut self) {
        self.refresh_counts();
        let changed = {
            let mut shared = self.shared.status.lock().unwrap_or_else(PoisonError::into_inner);
            if *shared == self.status {
                false
            } else {
                *shared = self.status.clone();
                true
            }
        };
        if changed {
            (self.on_change)();
        }
    }
}

/// What is left of a wait that started at `started`.
fn remaining(wait: Wait, started: UtcMillis, now: UtcMillis) -> Wait {
    let elapsed = Duration::from_millis(u64::try_from(now.0.saturating_sub(started.0)).unwrap_or(0));
    match wait {
        Wait::Poll(d) => Wait::Poll(d.saturating_sub(elapsed)),
        Wait::Backoff(d) => Wait::Backoff(d.saturating_sub(elapsed)),
        Wait::Forever => Wait::Forever,
    }
}

/// The client and token, as the drain's record sink.
struct Sink<'a> {
    client: &'a Client,
    token: &'a Token,
}

impl RecordSink for Sink<'_> {
    async fn send(&self, records: &[Record]) -> Result<RecordsReply, SyncError> {
        self.client.post_records(self.token, records).await
    }
}
