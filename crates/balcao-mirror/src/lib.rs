//! The screen-capture engine of Balcão's live mirror: it shows the mediator's browser window, scaled, on
//! the citizen's monitor, so the citizen follows what is done for them without reading over a shoulder.
//!
//! # Design
//!
//! The mirror is **push-based**. On X11 the [`backend::x11`] backend redirects the top-level windows with
//! the Composite extension (so a covered browser window still has its contents), watches only the chosen
//! window with a Damage object and fetches only the damaged rectangles with core `GetImage`. An idle page
//! therefore costs nothing, and a blinking cursor costs a few hundred bytes per frame rather than a full
//! screenshot. The [`worker`] runs on its own thread, caps the grab rate (`max_fps`), coalesces damage
//! within a frame interval, scales the damaged rectangles into the citizen's frame ([`scale`]) and hands
//! the app plain opaque RGBA rectangles ([`worker::FrameUpdate`]) that it uploads with a partial texture
//! update. The crate depends on no UI toolkit.
//!
//! Why not a screenshot crate such as `xcap`: it opens a new X connection and does a full-window core
//! `GetImage` per shot, which at 15 frames per second moves about 120 MB/s for a 1920×1080 window whether
//! anything changed or not. Why not MIT-SHM (shared-memory images): it needs `shmat`/`mmap`, which means
//! `unsafe`, and the workspace forbids `unsafe` code.
//!
//! Which window is shown is a pure decision ([`choose::choose_window`]) over plain data: only windows of an
//! allow-list of browsers, never Balcão's own windows, and nothing at all when the mediator focuses another
//! program (mail, a file manager), since the citizen must not see what is not theirs.
//!
//! # Privacy
//!
//! Frames stay in memory: they are never written to disk, logged or sent over a network. Window titles are
//! never read (they may hold a citizen's name or number). When the mirror is switched off, or the chosen
//! window goes away, the worker empties its frame slot and its frame buffer, so no frozen picture remains.
//! Errors carry no personal data, only protocol facts.
//!
//! On Wayland a client cannot read another client's window, so the mirror reports
//! [`session::SessionKind::Wayland`] and the app says so; Windows is not implemented yet.

pub mod backend;
pub mod choose;
pub mod scale;
pub mod session;
pub mod window;
pub mod worker;

mod error;
mod rect;

pub use backend::{Backend, Changes, FakeBackend, FakeHandle, Image, default_backend};
pub use choose::{Choice, ChooseInput, choose_window};
pub use error::MirrorError;
pub use rect::Rect;
pub use session::SessionKind;
pub use window::{WindowId, WindowInfo};
pub use worker::{FrameUpdate, MirrorSettings, MirrorStatus, MirrorWorker, Wake};
