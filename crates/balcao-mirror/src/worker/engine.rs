//! The worker thread's side: the loop that chooses the window, waits for the server, grabs what
//! changed, scales it and publishes it; see the parent module for the rules it keeps.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

use super::{Control, FrameUpdate, MirrorSettings, MirrorStatus, Shared, Wake, lock};
use crate::backend::Backend;
use crate::choose::{Choice, ChooseInput, choose_window};
use crate::error::MirrorError;
use crate::rect::{Rect, add_damage};
use crate::scale::{Scaler, SourceFormat, blit, fit};
use crate::window::{WindowId, WindowInfo};

/// How often the window is chosen again even without window events.
const RECHOOSE_EVERY: Duration = Duration::from_millis(500);
/// The shortest time between two choices, so a window being dragged does not flood the server.
const RECHOOSE_MIN: Duration = Duration::from_millis(100);
/// The longest the worker waits before looking at its control channel again.
const CONTROL_LATENCY: Duration = Duration::from_millis(50);
/// How long damage may settle before it is grabbed. A program repaints in a burst of drawing requests
/// (a browser's frame, a test window's bands of rows) whose damage arrives over a few milliseconds;
/// grabbing at the first of it can split one repaint into two updates. The lag it adds is this long;
/// its saving was not measured on its own (BENCHMARKS.md, the live mirror).
const SETTLE: Duration = Duration::from_millis(8);
/// How many damage rectangles are kept apart before they collapse into their bounding box.
const MAX_RECTS: usize = 8;

pub(super) fn run(
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
