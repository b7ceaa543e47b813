//! The boundary between the mirror's logic and a display server. The worker only needs a handful of
//! facts and pixels (which windows exist, which has focus, what changed, the pixels of a rectangle), so
//! that is the whole [`Backend`] trait; the X11 details stay in [`x11`], and [`FakeBackend`] lets the
//! worker and the app be tested without any display.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::error::MirrorError;
use crate::rect::{Rect, add_damage};
use crate::session::{self, SessionKind};
use crate::window::{WindowId, WindowInfo};

#[cfg(all(unix, feature = "x11"))]
pub mod x11;

#[cfg(windows)]
pub mod windows;

/// What happened since the last [`Backend::wait_changes`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Damaged rectangles of the watched window, in window coordinates.
    pub damaged: Vec<Rect>,
    /// Whether focus, stacking, mapping or geometry changed (so the window should be chosen again).
    pub windows_changed: bool,
}

/// Pixels grabbed from a window: `width` × `height`, tightly packed, 4 bytes per pixel in
/// **BGRX** order (blue, green, red, ignored), which is X11's native order; see
/// [`crate::scale::SourceFormat::Bgrx`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Image {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// BGRX bytes, `width * height * 4` of them.
    pub data: Vec<u8>,
}

/// A display server, as the mirror worker sees it.
pub trait Backend: Send {
    /// Every top-level window, topmost first.
    fn windows(&mut self) -> Result<Vec<WindowInfo>, MirrorError>;
    /// The window with the keyboard focus, if any.
    fn focused(&mut self) -> Result<Option<WindowId>, MirrorError>;
    /// Starts tracking the damage of `id`, and stops tracking the previous window.
    fn watch(&mut self, id: WindowId) -> Result<(), MirrorError>;
    /// Stops tracking any window.
    fn unwatch(&mut self) -> Result<(), MirrorError> {
        Ok(())
    }
    /// Waits at most `timeout` for something to happen and says what did (possibly nothing).
    fn wait_changes(&mut self, timeout: Duration) -> Result<Changes, MirrorError>;
    /// The pixels of `rect` (window coordinates) of window `id`.
    fn grab(&mut self, id: WindowId, rect: Rect) -> Result<Image, MirrorError>;
}

/// The backend for the current session: X11 when the session is X11, otherwise
/// [`MirrorError::Unsupported`] with the session's kind (Wayland, Windows, no display).
pub fn default_backend() -> Result<Box<dyn Backend>, MirrorError> {
    let kind = session::current();
    #[cfg(all(unix, feature = "x11"))]
    if kind == SessionKind::X11 {
        return Ok(Box::new(x11::X11Backend::connect()?));
    }
    Err(MirrorError::Unsupported(kind))
}

/// One scripted window of the fake.
#[derive(Debug, Clone)]
struct FakeWindow {
    info: WindowInfo,
    image: Image,
}

/// The fake's scripted world.
#[derive(Debug, Default)]
struct FakeState {
    /// Topmost first.
    windows: Vec<FakeWindow>,
    focused: Option<WindowId>,
    watched: Option<WindowId>,
    damage: Vec<Rect>,
    windows_changed: bool,
    grabs: u64,
    grabbed_pixels: u64,
}

type Shared = Arc<(Mutex<FakeState>, Condvar)>;

fn lock(shared: &Shared) -> MutexGuard<'_, FakeState> {
    shared.0.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A scripted backend for tests of the worker and the app: windows, focus and per-window images that a
/// [`FakeHandle`] changes from the test, producing damage and window changes like a real server.
#[derive(Debug)]
pub struct FakeBackend {
    shared: Shared,
}

/// The test's side of a [`FakeBackend`]; cloneable, usable from any thread.
#[derive(Debug, Clone)]
pub struct FakeHandle {
    shared: Shared,
}

impl FakeBackend {
    /// An empty fake world and the handle that scripts it.
    pub fn new() -> (FakeBackend, FakeHandle) {
        let shared: Shared = Arc::default();
        (
            FakeBackend {
                shared: shared.clone(),
            },
            FakeHandle { shared },
        )
    }
}

/// A BGRX image of one colour.
fn solid(width: u32, height: u32, rgb: [u8; 3]) -> Image {
    let px = [rgb[2], rgb[1], rgb[0], 0];
    Image {
        width,
        height,
        data: px.repeat(width as usize * height as usize),
    }
}

impl FakeHandle {
    fn change(&self, f: impl FnOnce(&mut FakeState)) {
        let mut s = lock(&self.shared);
        f(&mut s);
        self.shared.1.notify_all();
    }

    /// Adds a window on top of the others, filled with one colour.
    pub fn add_window(&self, info: WindowInfo, rgb: [u8; 3]) {
        self.change(|s| {
            let image = solid(info.width, info.height, rgb);
            s.windows.insert(0, FakeWindow { info, image });
            s.windows_changed = true;
        });
    }

    /// Replaces a window's facts (state, size; a new size refills it with black).
    pub fn update_window(&self, info: WindowInfo) {
        self.change(|s| {
            if let Some(w) = s.windows.iter_mut().find(|w| w.info.id == info.id) {
                if (w.image.width, w.image.height) != (info.width, info.height) {
                    w.image = solid(info.width, info.height, [0, 0, 0]);
                }
                w.info = info;
            }
            s.windows_changed = true;
        });
    }

    /// Closes a window.
    pub fn remove_window(&self, id: WindowId) {
        self.change(|s| {
            s.windows.retain(|w| w.info.id != id);
            s.windows_changed = true;
        });
    }

    /// Moves the keyboard focus (and raises the window, as window managers do).
    pub fn set_focus(&self, id: Option<WindowId>) {
        self.change(|s| {
            s.focused = id;
            if let Some(i) = id.and_then(|id| s.windows.iter().position(|w| w.info.id == id)) {
                let w = s.windows.remove(i);
                s.windows.insert(0, w);
            }
            s.windows_changed = true;
        });
    }

    /// Paints `rect` of window `id` with one colour; damage is reported when that window is watched.
    pub fn fill(&self, id: WindowId, rect: Rect, rgb: [u8; 3]) {
        self.change(|s| {
            let watched = s.watched == Some(id);
            let Some(w) = s.windows.iter_mut().find(|w| w.info.id == id) else {
                return;
            };
            let Some(r) = rect.intersect(&Rect::of_size(w.image.width, w.image.height)) else {
                return;
            };
            let px = [rgb[2], rgb[1], rgb[0], 0];
            let stride = w.image.width as usize * 4;
            for y in r.y..r.bottom() {
                let off = y as usize * stride + r.x as usize * 4;
                for p in w.image.data[off..off + r.width as usize * 4].chunks_exact_mut(4) {
                    p.copy_from_slice(&px);
                }
            }
            if watched {
                add_damage(&mut s.damage, r, 64);
            }
        });
    }

    /// How many grabs the backend has served.
    pub fn grabs(&self) -> u64 {
        lock(&self.shared).grabs
    }

    /// How many pixels the backend has grabbed in all.
    pub fn grabbed_pixels(&self) -> u64 {
        lock(&self.shared).grabbed_pixels
    }

    /// The window being watched, if any.
    pub fn watched(&self) -> Option<WindowId> {
        lock(&self.shared).watched
    }
}

impl Backend for FakeBackend {
    fn windows(&mut self) -> Result<Vec<WindowInfo>, MirrorError> {
        Ok(lock(&self.shared)
            .windows
            .iter()
            .map(|w| w.info.clone())
            .collect())
    }

    fn focused(&mut self) -> Result<Option<WindowId>, MirrorError> {
        Ok(lock(&self.shared).focused)
    }

    fn watch(&mut self, id: WindowId) -> Result<(), MirrorError> {
        let mut s = lock(&self.shared);
        if !s.windows.iter().any(|w| w.info.id == id) {
            return Err(MirrorError::WindowGone);
        }
        s.watched = Some(id);
        s.damage.clear();
        Ok(())
    }

    fn unwatch(&mut self) -> Result<(), MirrorError> {
        let mut s = lock(&self.shared);
        s.watched = None;
        s.damage.clear();
        Ok(())
    }

    fn wait_changes(&mut self, timeout: Duration) -> Result<Changes, MirrorError> {
        let deadline = Instant::now() + timeout;
        let mut s = lock(&self.shared);
        while s.damage.is_empty() && !s.windows_changed {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            s = self
                .shared
                .1
                .wait_timeout(s, deadline - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        let changes = Changes {
            damaged: std::mem::take(&mut s.damage),
            windows_changed: s.windows_changed,
        };
        s.windows_changed = false;
        Ok(changes)
    }

    fn grab(&mut self, id: WindowId, rect: Rect) -> Result<Image, MirrorError> {
        let mut s = lock(&self.shared);
        s.grabs += 1;
        s.grabbed_pixels += rect.area();
        let w = s
            .windows
            .iter()
            .find(|w| w.info.id == id)
            .ok_or(MirrorError::WindowGone)?;
        if !Rect::of_size(w.image.width, w.image.height).contains(&rect) || rect.is_empty() {
            return Err(MirrorError::WindowGone);
        }
        let stride = w.image.width as usize * 4;
        let mut data = Vec::with_capacity(rect.area() as usize * 4);
        for y in rect.y..rect.bottom() {
            let off = y as usize * stride + rect.x as usize * 4;
            data.extend_from_slice(&w.image.data[off..off + rect.width as usize * 4]);
        }
        Ok(Image {
            width: rect.width,
            height: rect.height,
            data,
        })
    }
}
