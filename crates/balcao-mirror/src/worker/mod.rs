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

//!
//! The module's files: this one is the app's side (the settings, the [`MirrorWorker`] handle, what it
//! hands over); `engine` is the thread's side (choosing, waiting, grabbing, scaling, publishing).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;

use crate::backend::Backend;
use crate::error::MirrorError;
use crate::rect::Rect;
use crate::session::SessionKind;

mod engine;
#[cfg(test)]
mod tests;

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
            .spawn(move || engine::run(backend_factory, settings, rx, thread_shared, on_frame))
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
