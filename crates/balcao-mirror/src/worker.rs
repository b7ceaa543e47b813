//! The mirror's thread. The UI must never wait for the display server, so everything that talks to it
//! (choosing the window, waiting for damage, grabbing, scaling) runs here, and the app only takes the
//! newest [`FrameUpdate`] from a slot when it paints and reads a [`MirrorStatus`] to say what the citizen
//! sees. Control goes the other way through a channel.
//!
//! The rules that matter:
//!
//! - **Privacy.** The worker starts inactive. While inactive it grabs nothing; when it becomes inactive,
//!   or the chosen window is minimised, closed or replaced by a focused program that is not allowed, the
//!   slot is emptied and the kept frame is zeroed, so no frozen picture survives.
//! - **Cost.** At most `max_fps` grabs per second; damage that arrives within one frame interval is
//!   coalesced into a few rectangles, and only those are grabbed and scaled. When most of the window
//!   changed, one full grab is cheaper than many rectangles and is done instead.
//! - **Bounded memory.** One full scaled frame is kept (to answer a new target size or to merge updates
//!   the app has not taken yet), the scaler's work buffer is reused, and updates that pile up are merged
//!   into one, so memory does not grow over a working day.
//! - **Following the mediator.** The window is chosen again whenever the backend reports window changes
//!   (at most every 100 ms) and every 500 ms in any case.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::backend::Backend;
use crate::choose::{Choice, ChooseInput, choose_window};
use crate::error::MirrorError;
use crate::rect::{Rect, add_damage};
use crate::scale::{Scaler, SourceFormat, blit, fit};
use crate::session::SessionKind;
use crate::window::{WindowId, WindowInfo};

/// How often the window is chosen again even without window events.
const RECHOOSE_EVERY: Duration = Duration::from_millis(500);
/// The shortest time between two choices, so a window being dragged does not flood the server.
const RECHOOSE_MIN: Duration = Duration::from_millis(100);
/// The longest the worker waits before looking at its control channel again.
const CONTROL_LATENCY: Duration = Duration::from_millis(50);
/// How long damage may settle before it is grabbed. A program repaints in a burst of drawing requests
/// (a browser's frame, a test window's bands of rows) whose damage arrives over a few milliseconds;
/// grabbing at the first of it split each repaint into two updates, and the citizen window drew twice
/// for one change (20 frames a second for a page changing 10 times). The lag it adds is this long.
const SETTLE: Duration = Duration::from_millis(8);
/// How many damage rectangles are kept apart before they collapse into their bounding box.
const MAX_RECTS: usize = 8;

/// How the mirror is set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MirrorSettings {
    /// Allowed programs: lowercase `WM_CLASS` class or instance names.
    pub allow_list: Vec<String>,
    /// Balcão's own process id (its windows are never mirrored).
    pub own_pid: u32,
    /// The most grabs per second.
    pub max_fps: u32,
    /// The box the frame must fit in (the citizen's picture area, in pixels).
    pub target: (u32, u32),
}

impl MirrorSettings {
    /// The browsers mirrored by default.
    pub fn default_allow_list() -> Vec<String> {
        [
            "firefox",
            "firefox-esr",
            "chromium",
            "chromium-browser",
            "google-chrome",
            "microsoft-edge",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect()
    }
}

impl Default for MirrorSettings {
    fn default() -> Self {
        MirrorSettings {
            allow_list: Self::default_allow_list(),
            own_pid: std::process::id(),
            max_fps: 15,
            target: (1024, 768),
        }
    }
}

/// New pixels for the citizen's frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameUpdate {
    /// The size of the whole scaled frame.
    pub size: (u32, u32),
    /// Whether this replaces the whole frame (then `rects` holds one rectangle covering it).
    pub full: bool,
    /// Frame rectangles and their pixels: tightly packed, opaque RGBA (alpha 255).
    pub rects: Vec<(Rect, Vec<u8>)>,
    /// Increases with every update the worker makes (merged updates carry the newest).
    pub seq: u64,
}

/// Why the worker calls its `on_frame` callback: the app repaints only what needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// A new update waits in the slot: the citizen window should draw it.
    Frame,
    /// [`MirrorWorker::status`] changed: the app should look at it (and say what the citizen sees).
    Status,
}

/// What the citizen sees, in terms the app words for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MirrorStatus {
    /// The mirror is switched off.
    Off,
    /// A window of this program (lowercase `WM_CLASS` class) is being mirrored.
    Live {
        /// The program's class, such as "firefox".
        class: String,
    },
    /// There is no browser window to show.
    NoWindow,
    /// The mediator works in a program that is not shown.
    NotAllowedFocused,
    /// The browser window is minimised.
    Minimized,
    /// This session cannot be mirrored.
    Unsupported(SessionKind),
    /// The mirror failed; the text names protocol facts only.
    Error(String),
}

enum Control {
    Active(bool),
    Forget,
    Target(u32, u32),
    PreferredPids(Vec<u32>),
    AllowList(Vec<String>),
    Stop,
}

#[derive(Debug)]
struct Shared {
    slot: Mutex<Option<FrameUpdate>>,
    status: Mutex<MirrorStatus>,
    frames: AtomicU64,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The running mirror; see the module documentation. Dropping it stops and joins the thread.
pub struct MirrorWorker {
    tx: Sender<Control>,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for MirrorWorker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MirrorWorker")
            .field("status", &self.status())
            .finish_non_exhaustive()
    }
}

impl MirrorWorker {
    /// Starts the thread. The backend is made on that thread by `backend_factory` (so connecting never
    /// blocks the caller); `on_frame` is called after every new update ([`Wake::Frame`]) and status
    /// change ([`Wake::Status`]), typically to ask the UI for a repaint, so the UI never has to poll. The worker starts **inactive**: call [`MirrorWorker::set_active`].
    pub fn start(
        backend_factory: impl FnOnce() -> Result<Box<dyn Backend>, MirrorError> + Send + 'static,
        settings: MirrorSettings,
        on_frame: Arc<dyn Fn(Wake) + Send + Sync>,
    ) -> MirrorWorker {
        let (tx, rx) = mpsc::channel();
        let shared = Arc::new(Shared {
            slot: Mutex::new(None),
            status: Mutex::new(MirrorStatus::Off),
            frames: AtomicU64::new(0),
        });
        let thread_shared = shared.clone();
        let thread = std::thread::Builder::new()
            .name("balcao-mirror".to_owned())
            .spawn(move || run(backend_factory, settings, rx, thread_shared, on_frame))
            .ok();
        if thread.is_none() {
            *lock(&shared.status) = MirrorStatus::Error("could not start the mirror thread".to_owned());
        }
        MirrorWorker { tx, shared, thread }
    }

    fn send(&self, c: Control) {
        // A stopped thread has nothing left to control.
        let _ = self.tx.send(c);
    }

    /// Switches grabbing on or off; off empties the frame slot at once. The window chosen last is
    /// remembered across a pause, so resuming while the mediator's focus is on Balcão shows the same
    /// browser again; [`MirrorWorker::forget`] clears that memory between attendances.
    pub fn set_active(&self, active: bool) {
        if !active {
            lock(&self.shared.slot).take();
        }
        self.send(Control::Active(active));
    }

    /// Forgets the window chosen last (the attendance it belonged to is over): until the mediator
    /// focuses a browser, or the browser Balcão starts opens a window, nothing is shown.
    pub fn forget(&self) {
        self.send(Control::Forget);
    }

    /// Sets the box the frame must fit in; the next update is a full frame of the new size.
    pub fn set_target(&self, width: u32, height: u32) {
        self.send(Control::Target(width, height));
    }

    /// Sets the processes of the browser Balcão started.
    pub fn set_preferred_pids(&self, pids: Vec<u32>) {
        self.send(Control::PreferredPids(pids));
    }

    /// Replaces the allow-list.
    pub fn set_allow_list(&self, allow_list: Vec<String>) {
        self.send(Control::AllowList(allow_list));
    }

    /// Takes the newest update, if there is one the app has not taken yet.
    pub fn latest(&self) -> Option<FrameUpdate> {
        lock(&self.shared.slot).take()
    }

    /// What the citizen sees now.
    pub fn status(&self) -> MirrorStatus {
        lock(&self.shared.status).clone()
    }

    /// How many updates the worker has made.
    pub fn frames(&self) -> u64 {
        self.shared.frames.load(Ordering::Relaxed)
    }

    /// Stops the thread and waits for it.
    pub fn stop(&mut self) {
        self.send(Control::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        lock(&self.shared.slot).take();
    }
}

impl Drop for MirrorWorker {
    fn drop(&mut self) {
        self.stop();
    }
}

fn run(
    factory: impl FnOnce() -> Result<Box<dyn Backend>, MirrorError>,
    settings: MirrorSettings,
    rx: Receiver<Control>,
    shared: Arc<Shared>,
    on_frame: Arc<dyn Fn(Wake) + Send + Sync>,
) {
    let failed = match factory() {
        Ok(backend) => {
            let mut engine = Engine::new(backend, settings, shared.clone(), on_frame.clone());
            match engine.run(&rx) {
                Ok(()) => return,
                Err(e) => e,
            }
        }
        Err(e) => e,
    };
    lock(&shared.slot).take();
    *lock(&shared.status) = match failed {
        MirrorError::Unsupported(kind) => MirrorStatus::Unsupported(kind),
        e => MirrorStatus::Error(e.to_string()),
    };
    on_frame(Wake::Status);
    // Nothing more can be done; wait to be stopped.
    while let Ok(c) = rx.recv() {
        if matches!(c, Control::Stop) {
            break;
        }
    }
}

struct Engine {
    backend: Box<dyn Backend>,
    settings: MirrorSettings,
    shared: Arc<Shared>,
    on_frame: Arc<dyn Fn(Wake) + Send + Sync>,
    preferred: Vec<u32>,
    active: bool,
    /// The window being mirrored (facts as of the last choice).
    current: Option<WindowInfo>,
    /// The last window chosen (also while minimised), for the choice's "keep the previous" rule.
    previous: Option<WindowId>,
    scaler: Option<Scaler>,
    /// The whole scaled frame (opaque RGBA), kept to merge updates and zeroed when the picture goes.
    frame: Vec<u8>,
    pending: Vec<Rect>,
    /// When the first of the pending damage arrived.
    pending_since: Option<Instant>,
    need_full: bool,
    windows_changed: bool,
    last_choose: Option<Instant>,
    last_grab: Option<Instant>,
    seq: u64,
}

impl Engine {
    fn new(
        backend: Box<dyn Backend>,
        settings: MirrorSettings,
        shared: Arc<Shared>,
        on_frame: Arc<dyn Fn(Wake) + Send + Sync>,
    ) -> Engine {
        Engine {
            backend,
            settings,
            shared,
            on_frame,
            preferred: Vec::new(),
            active: false,
            current: None,
            previous: None,
            scaler: None,
            frame: Vec::new(),
            pending: Vec::new(),
            pending_since: None,
            need_full: true,
            windows_changed: true,
            last_choose: None,
            last_grab: None,
            seq: 0,
        }
    }

    fn interval(&self) -> Duration {
        Duration::from_secs(1) / self.settings.max_fps.max(1)
    }

    /// Runs until stopped (`Ok`) or until the backend fails for good (`Err`).
    fn run(&mut self, rx: &Receiver<Control>) -> Result<(), MirrorError> {
        loop {
            loop {
                match rx.try_recv() {
                    Ok(c) => {
                        if !self.apply(c)? {
                            return Ok(());
                        }
                    }
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => return Ok(()),
                }
            }
            if !self.active {
                match rx.recv_timeout(Duration::from_millis(250)) {
                    Ok(c) => {
                        if !self.apply(c)? {
                            return Ok(());
                        }
                    }
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => return Ok(()),
                }
                // Drain the server's events so they do not pile up while nothing is mirrored.
                if !self.active {
                    self.backend.wait_changes(Duration::ZERO)?;
                }
                continue;
            }
            self.step()?;
        }
    }

    /// Applies one control message; `false` means stop.
    fn apply(&mut self, c: Control) -> Result<bool, MirrorError> {
        match c {
            Control::Stop => {
                self.drop_picture()?;
                return Ok(false);
            }
            Control::Active(true) => {
                if !self.active {
                    self.active = true;
                    self.last_choose = None;
                    self.need_full = true;
                }
            }
            Control::Active(false) => {
                // `previous` stays: a pause is not the end of the attendance (see `forget`).
                self.active = false;
                self.drop_picture()?;
                self.set_status(MirrorStatus::Off);
            }
            Control::Forget => {
                self.previous = None;
                self.last_choose = None;
            }
            Control::Target(w, h) => {
                if self.settings.target != (w, h) {
                    self.settings.target = (w, h);
                    self.need_full = true;
                }
            }
            Control::PreferredPids(p) => {
                self.preferred = p;
                self.last_choose = None;
            }
            Control::AllowList(a) => {
                self.settings.allow_list = a;
                self.last_choose = None;
            }
        }
        Ok(true)
    }

    /// One turn of the active loop: choose, grab when due, wait for changes.
    fn step(&mut self) -> Result<(), MirrorError> {
        let now = Instant::now();
        let since_choose = self.last_choose.map(|t| now - t);
        let choose_due = match since_choose {
            None => true,
            Some(d) => d >= RECHOOSE_EVERY || (self.windows_changed && d >= RECHOOSE_MIN),
        };
        if choose_due {
            self.choose()?;
        }

        let interval = self.interval();
        let work = self.current.is_some() && (self.need_full || !self.pending.is_empty());
        let grab_at = self.grab_at(now, interval);
        if work && now >= grab_at {
            self.pending_since = None;
            self.last_grab = Some(now);
            match self.grab_and_publish() {
                Ok(()) => {}
                // The window changed under us (closed, resized): choose again soon, then grab it whole.
                Err(MirrorError::WindowGone) => {
                    self.windows_changed = true;
                    self.need_full = true;
                    self.pending.clear();
                }
                Err(e) => return Err(e),
            }
        }

        let now = Instant::now();
        let next_choose = self.last_choose.map_or(now, |t| {
            t + if self.windows_changed {
                RECHOOSE_MIN
            } else {
                RECHOOSE_EVERY
            }
        });
        let mut wake = (now + CONTROL_LATENCY).min(next_choose);
        let work = self.current.is_some() && (self.need_full || !self.pending.is_empty());
        if work {
            wake = wake.min(self.grab_at(now, interval));
        }
        let changes = match self.backend.wait_changes(wake.saturating_duration_since(now)) {
            Ok(c) => c,
            Err(MirrorError::WindowGone) => {
                self.windows_changed = true;
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        self.windows_changed |= changes.windows_changed;
        if let Some(info) = &self.current {
            let bounds = Rect::of_size(info.width, info.height);
            for r in changes.damaged {
                if let Some(r) = r.intersect(&bounds) {
                    if self.pending.is_empty() {
                        self.pending_since = Some(Instant::now());
                    }
                    add_damage(&mut self.pending, r, MAX_RECTS);
                }
            }
        }
        Ok(())
    }

    /// When the next grab may happen: one frame interval after the last, and, for damage, once it
    /// has settled ([`SETTLE`]). A whole-window grab (a new window, a new size) does not wait.
    fn grab_at(&self, now: Instant, interval: Duration) -> Instant {
        let paced = self.last_grab.map_or(now, |t| t + interval);
        match self.pending_since {
            Some(since) if !self.need_full && !self.pending.is_empty() => paced.max(since + SETTLE),
            _ => paced,
        }
    }

    fn choose(&mut self) -> Result<(), MirrorError> {
        self.last_choose = Some(Instant::now());
        self.windows_changed = false;
        let windows = self.backend.windows()?;
        let focused = self.backend.focused()?;
        let choice = choose_window(&ChooseInput {
            windows: &windows,
            focused,
            own_pid: self.settings.own_pid,
            allow_list: &self.settings.allow_list,
            preferred_pids: &self.preferred,
            previous: self.previous,
        });
        match choice {
            Choice::Window(id) => {
                let Some(info) = windows.into_iter().find(|w| w.id == id) else {
                    return Ok(());
                };
                let same = self.current.as_ref().is_some_and(|c| c.id == id);
                if !same {
                    match self.backend.watch(id) {
                        Ok(()) => {}
                        Err(MirrorError::WindowGone) => {
                            self.windows_changed = true;
                            return Ok(());
                        }
                        Err(e) => return Err(e),
                    }
                    self.need_full = true;
                    self.pending.clear();
                } else if self
                    .current
                    .as_ref()
                    .is_some_and(|c| (c.width, c.height) != (info.width, info.height))
                {
                    self.need_full = true;
                    self.pending.clear();
                }
                self.previous = Some(id);
                self.set_status(MirrorStatus::Live {
                    class: info.class.clone(),
                });
                self.current = Some(info);
            }
            Choice::Minimized(id) => {
                self.previous = Some(id);
                self.drop_picture()?;
                self.set_status(MirrorStatus::Minimized);
            }
            Choice::NotAllowedFocused => {
                self.drop_picture()?;
                self.set_status(MirrorStatus::NotAllowedFocused);
            }
            Choice::NoWindow => {
                self.previous = None;
                self.drop_picture()?;
                self.set_status(MirrorStatus::NoWindow);
            }
        }
        Ok(())
    }

    /// Forgets the picture: stops watching, zeroes the kept frame and empties the slot.
    fn drop_picture(&mut self) -> Result<(), MirrorError> {
        if self.current.take().is_some() {
            self.backend.unwatch()?;
        }
        self.frame.fill(0);
        self.frame.clear();
        self.pending.clear();
        self.pending_since = None;
        self.need_full = true;
        lock(&self.shared.slot).take();
        Ok(())
    }

    fn set_status(&self, status: MirrorStatus) {
        let changed = {
            let mut s = lock(&self.shared.status);
            let changed = *s != status;
            *s = status;
            changed
        };
        if changed {
            (self.on_frame)(Wake::Status);
        }
    }

    fn grab_and_publish(&mut self) -> Result<(), MirrorError> {
        let Some(info) = self.current.clone() else {
            return Ok(());
        };
        let id = info.id;
        let window = Rect::of_size(info.width, info.height);
        let dirty: u64 = self.pending.iter().map(Rect::area).sum();
        if dirty * 2 > window.area() {
            self.need_full = true;
        }
        let update = if self.need_full {
            if window.is_empty() {
                return Ok(());
            }
            let image = self.backend.grab(id, window)?;
            let src = (image.width, image.height);
            let dst = fit(src, self.settings.target);
            if dst.0 == 0 || dst.1 == 0 {
                return Ok(());
            }
            let scaler = match self.scaler.take() {
                Some(s) if s.src_size() == src && s.dst_size() == dst => s,
                _ => Scaler::new(src, dst),
            };
            let scaler = self.scaler.insert(scaler);
            scaler
                .scale_full(&image.data, SourceFormat::Bgrx, &mut self.frame)
                .map_err(|e| MirrorError::PixelFormat(e.to_string()))?;
            self.need_full = false;
            self.pending.clear();
            FrameUpdate {
                size: dst,
                full: true,
                rects: vec![(Rect::of_size(dst.0, dst.1), self.frame.clone())],
                seq: 0,
            }
        } else {
            let Some(scaler) = self.scaler.as_mut() else {
                self.need_full = true;
                return Ok(());
            };
            let size = scaler.dst_size();
            let mut rects = Vec::with_capacity(self.pending.len());
            for dirty in std::mem::take(&mut self.pending) {
                let Some(plan) = scaler.plan(dirty) else {
                    continue;
                };
                let image = self.backend.grab(id, plan.src)?;
                let mut out = Vec::new();
                scaler
                    .scale_rect(&image.data, plan.src, SourceFormat::Bgrx, plan.dst, &mut out)
                    .map_err(|e| MirrorError::PixelFormat(e.to_string()))?;
                blit(&mut self.frame, size.0, plan.dst, &out);
                rects.push((plan.dst, out));
            }
            if rects.is_empty() {
                return Ok(());
            }
            FrameUpdate {
                size,
                full: false,
                rects,
                seq: 0,
            }
        };
        self.publish(update);
        Ok(())
    }

    /// Puts an update in the slot, merging it with one the app has not taken yet.
    fn publish(&mut self, mut update: FrameUpdate) {
        self.seq += 1;
        update.seq = self.seq;
        let frame_bytes = self.frame.len();
        let whole = |size: (u32, u32), frame: &[u8], seq| FrameUpdate {
            size,
            full: true,
            rects: vec![(Rect::of_size(size.0, size.1), frame.to_vec())],
            seq,
        };
        {
            let mut slot = lock(&self.shared.slot);
            let merged = match slot.take() {
                None => update,
                Some(_) if update.full => update,
                Some(old) if old.size != update.size => whole(update.size, &self.frame, update.seq),
                Some(mut old) if old.full => {
                    if let Some((_, buf)) = old.rects.first_mut() {
                        for (r, px) in &update.rects {
                            blit(buf, old.size.0, *r, px);
                        }
                    }
                    old.seq = update.seq;
                    old
                }
                Some(mut old) => {
                    let bytes: usize = old.rects.iter().chain(&update.rects).map(|(_, p)| p.len()).sum();
                    if bytes >= frame_bytes {
                        whole(update.size, &self.frame, update.seq)
                    } else {
                        old.rects.extend(update.rects);
                        old.seq = update.seq;
                        old
                    }
                }
            };
            *slot = Some(merged);
        }
        self.shared.frames.fetch_add(1, Ordering::Relaxed);
        (self.on_frame)(Wake::Frame);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::backend::{FakeBackend, FakeHandle};

    const OWN: u32 = 10;
    const BROWSER: u32 = 20;
    const RED: [u8; 3] = [220, 20, 20];
    const BLUE: [u8; 3] = [20, 20, 220];
    const GREEN: [u8; 3] = [20, 200, 20];

    fn info(id: u64, pid: u32, class: &str, w: u32, h: u32) -> WindowInfo {
        WindowInfo {
            id: WindowId(id),
            pid: Some(pid),
            class: class.to_owned(),
            instance: class.to_owned(),
            minimized: false,
            viewable: true,
            x: 0,
            y: 0,
            width: w,
            height: h,
        }
    }

    fn start(fake: FakeBackend, max_fps: u32) -> (MirrorWorker, Arc<AtomicU64>) {
        let calls = Arc::new(AtomicU64::new(0));
        let c = calls.clone();
        let settings = MirrorSettings {
            allow_list: MirrorSettings::default_allow_list(),
            own_pid: OWN,
            max_fps,
            target: (400, 300),
        };
        let worker = MirrorWorker::start(
            move || Ok(Box::new(fake) as Box<dyn Backend>),
            settings,
            Arc::new(move |_| {
                c.fetch_add(1, Ordering::Relaxed);
            }),
        );
        (worker, calls)
    }

    fn wait_for<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
        let end = Instant::now() + Duration::from_secs(5);
        loop {
            if let Some(v) = f() {
                return v;
            }
            assert!(Instant::now() < end, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn all(px: &[u8], rgb: [u8; 3]) -> bool {
        px.chunks_exact(4).all(|p| p == [rgb[0], rgb[1], rgb[2], 255])
    }

    fn desk() -> (FakeBackend, FakeHandle) {
        let (fake, h) = FakeBackend::new();
        h.add_window(info(1, OWN, "balcao", 600, 400), [0, 0, 0]);
        h.add_window(info(2, BROWSER, "firefox", 800, 600), RED);
        (fake, h)
    }

    #[test]
    fn a_full_frame_then_partial_updates_for_damage() {
        let (fake, h) = desk();
        h.set_focus(Some(WindowId(2)));
        let (w, calls) = start(fake, 100);
        w.set_active(true);
        let first = wait_for("a full frame", || w.latest());
        assert!(first.full);
        assert_eq!(first.size, (400, 300));
        assert_eq!(first.rects.len(), 1);
        assert_eq!(first.rects[0].0, Rect::of_size(400, 300));
        assert!(all(&first.rects[0].1, RED));
        assert_eq!(
            w.status(),
            MirrorStatus::Live {
                class: "firefox".into()
            }
        );
        assert!(calls.load(Ordering::Relaxed) >= 1);

        let before = h.grabbed_pixels();
        h.fill(WindowId(2), Rect::new(100, 100, 50, 50), BLUE);
        let part = wait_for("a partial update", || w.latest());
        assert!(!part.full);
        assert!(part.seq > first.seq);
        assert_eq!(part.rects.len(), 1);
        let (r, px) = &part.rects[0];
        assert_eq!(*r, Rect::new(50, 50, 25, 25));
        assert!(all(px, BLUE));
        // Only the damaged area (plus the filter's reach) was grabbed, not the window.
        assert!(
            h.grabbed_pixels() - before <= 52 * 52,
            "{}",
            h.grabbed_pixels() - before
        );
    }

    #[test]
    fn inactive_means_no_grabs_and_no_frame() {
        let (fake, h) = desk();
        h.set_focus(Some(WindowId(2)));
        let (w, _) = start(fake, 100);
        std::thread::sleep(Duration::from_millis(200));
        h.fill(WindowId(2), Rect::new(0, 0, 10, 10), BLUE);
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(h.grabs(), 0);
        assert_eq!(w.latest(), None);
        assert_eq!(w.status(), MirrorStatus::Off);

        w.set_active(true);
        wait_for("a frame", || w.latest());
        h.fill(WindowId(2), Rect::new(0, 0, 10, 10), GREEN);
        w.set_active(false);
        wait_for("off", || (w.status() == MirrorStatus::Off).then_some(()));
        std::thread::sleep(Duration::from_millis(50));
        let grabs = h.grabs();
        h.fill(WindowId(2), Rect::new(0, 0, 100, 100), RED);
        std::thread::sleep(Duration::from_millis(200));
        assert_eq!(h.grabs(), grabs);
        assert_eq!(w.latest(), None);
        assert_eq!(h.watched(), None);
    }

    #[test]
    fn a_pause_keeps_the_browser_and_forget_ends_it() {
        let (fake, h) = desk();
        // A browser Balcão did not start, focused once, then the mediator goes back to Balcão.
        h.set_focus(Some(WindowId(2)));
        let (w, _) = start(fake, 100);
        w.set_active(true);
        wait_for("red frame", || w.latest());
        h.set_focus(Some(WindowId(1)));
        std::thread::sleep(Duration::from_millis(200));

        // Paused (F9, a sensitive step) and resumed with the focus still on Balcão: the same browser,
        // grabbed whole again, since the kept frame was zeroed at the pause.
        w.set_active(false);
        wait_for("off", || (w.status() == MirrorStatus::Off).then_some(()));
        assert_eq!(h.watched(), None);
        w.set_active(true);
        let f = wait_for("red again after the pause", || w.latest());
        assert!(f.full && all(&f.rects[0].1, RED));
        assert_eq!(h.watched(), Some(WindowId(2)));

        // The attendance ends: the next one starts with no memory of that browser.
        w.set_active(false);
        w.forget();
        w.set_active(true);
        wait_for("no window", || {
            (w.status() == MirrorStatus::NoWindow).then_some(())
        });
        assert_eq!(w.latest(), None);
        assert_eq!(h.watched(), None);
    }

    #[test]
    fn a_focused_program_that_is_not_allowed_shows_nothing() {
        let (fake, h) = desk();
        h.add_window(info(3, 30, "thunderbird", 800, 600), GREEN);
        h.set_focus(Some(WindowId(3)));
        let (w, _) = start(fake, 100);
        w.set_active(true);
        wait_for("not allowed", || {
            (w.status() == MirrorStatus::NotAllowedFocused).then_some(())
        });
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(w.latest(), None);
        assert_eq!(h.grabs(), 0);

        // Back to the browser, then to the mail program: the picture goes at once.
        h.set_focus(Some(WindowId(2)));
        wait_for("a frame", || w.latest());
        h.set_focus(Some(WindowId(3)));
        wait_for("not allowed again", || {
            (w.status() == MirrorStatus::NotAllowedFocused).then_some(())
        });
        assert_eq!(w.latest(), None);
    }

    #[test]
    fn focus_on_balcao_keeps_the_browser_and_a_window_change_is_followed() {
        let (fake, h) = desk();
        h.add_window(info(4, BROWSER, "firefox", 640, 480), GREEN);
        h.set_focus(Some(WindowId(2)));
        let (w, _) = start(fake, 100);
        w.set_preferred_pids(vec![BROWSER]);
        w.set_active(true);
        let f = wait_for("red frame", || w.latest());
        assert!(all(&f.rects[0].1, RED));

        h.set_focus(Some(WindowId(1)));
        std::thread::sleep(Duration::from_millis(300));
        assert_eq!(
            w.status(),
            MirrorStatus::Live {
                class: "firefox".into()
            }
        );
        assert_eq!(h.watched(), Some(WindowId(2)));

        h.set_focus(Some(WindowId(4)));
        let f = wait_for("green frame", || {
            w.latest().filter(|f| f.full && all(&f.rects[0].1, GREEN))
        });
        assert_eq!(f.size, (400, 300));
        assert_eq!(h.watched(), Some(WindowId(4)));

        // Closing it while Balcão has focus falls back to the other window of the browser Balcão started.
        h.set_focus(Some(WindowId(1)));
        h.remove_window(WindowId(4));
        wait_for("red again", || {
            w.latest().filter(|f| f.full && all(&f.rects[0].1, RED))
        });
        h.remove_window(WindowId(2));
        wait_for("no window", || {
            (w.status() == MirrorStatus::NoWindow).then_some(())
        });
        assert_eq!(w.latest(), None);
    }

    #[test]
    fn minimised_windows_show_nothing_and_come_back_whole() {
        let (fake, h) = desk();
        h.set_focus(Some(WindowId(2)));
        let (w, _) = start(fake, 100);
        w.set_active(true);
        wait_for("frame", || w.latest());
        let mut i = info(2, BROWSER, "firefox", 800, 600);
        i.minimized = true;
        h.update_window(i.clone());
        wait_for("minimised", || {
            (w.status() == MirrorStatus::Minimized).then_some(())
        });
        assert_eq!(w.latest(), None);
        i.minimized = false;
        h.update_window(i);
        let f = wait_for("frame again", || w.latest());
        assert!(f.full);
    }

    #[test]
    fn the_grab_rate_is_capped_and_damage_coalesced() {
        let (fake, h) = desk();
        h.set_focus(Some(WindowId(2)));
        let (w, _) = start(fake, 10);
        w.set_active(true);
        wait_for("frame", || w.latest());
        let frames = w.frames();
        let start = Instant::now();
        let mut n = 0u32;
        while start.elapsed() < Duration::from_secs(1) {
            h.fill(
                WindowId(2),
                Rect::new(n % 700, 10, 20, 20),
                if n.is_multiple_of(2) { BLUE } else { GREEN },
            );
            n += 1;
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_millis(150));
        let made = w.frames() - frames;
        assert!(n > 200);
        assert!(
            (5..=12).contains(&made),
            "{made} updates for {n} paints at 10 fps"
        );
    }

    #[test]
    fn updates_not_taken_are_merged_and_a_new_target_gives_a_full_frame() {
        let (fake, h) = desk();
        h.set_focus(Some(WindowId(2)));
        let (w, _) = start(fake, 100);
        w.set_active(true);
        wait_for("frame", || w.latest());
        let frames = w.frames();
        h.fill(WindowId(2), Rect::new(0, 0, 8, 8), BLUE);
        wait_for("one update", || (w.frames() > frames).then_some(()));
        h.fill(WindowId(2), Rect::new(400, 400, 8, 8), GREEN);
        wait_for("two updates", || (w.frames() > frames + 1).then_some(()));
        let u = w.latest().unwrap();
        assert!(!u.full);
        assert_eq!(u.rects.len(), 2);
        assert!(all(&u.rects[0].1, BLUE));
        assert!(all(&u.rects[1].1, GREEN));
        assert_eq!(w.latest(), None);

        w.set_target(200, 200);
        let f = wait_for("resized frame", || w.latest());
        assert!(f.full);
        assert_eq!(f.size, (200, 150));
        // The merged full frame holds the earlier changes too.
        let px = &f.rects[0].1;
        assert_eq!(&px[..4], &[BLUE[0], BLUE[1], BLUE[2], 255]);
    }

    #[test]
    fn an_unsupported_session_is_reported() {
        let mut w = MirrorWorker::start(
            || Err(MirrorError::Unsupported(SessionKind::Wayland)),
            MirrorSettings::default(),
            Arc::new(|_| {}),
        );
        wait_for("unsupported", || {
            (w.status() == MirrorStatus::Unsupported(SessionKind::Wayland)).then_some(())
        });
        w.set_active(true);
        assert_eq!(w.latest(), None);
        w.stop();
    }
}
