//! The one error type of the mirror. It exists so the app can tell "this session cannot mirror" (say so
//! once, in words) from "the display server went away" (show an error state). Messages name protocol
//! facts only, never a window title or any other personal data, so they are safe to log.

use crate::session::SessionKind;

/// Why the mirror cannot do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MirrorError {
    /// The session cannot be mirrored (Wayland, Windows for now, no display).
    #[error("screen mirroring is not supported in this session ({0:?})")]
    Unsupported(SessionKind),
    /// The display server could not be reached.
    #[error("cannot connect to the display server: {0}")]
    Connect(String),
    /// The display server lacks an extension the mirror needs.
    #[error("the display server lacks the {0} extension (or a recent enough version of it)")]
    MissingExtension(&'static str),
    /// The connection to the display server failed after it was made.
    #[error("the connection to the display server failed: {0}")]
    Connection(String),
    /// The window no longer exists (or is not in a state that can be read, such as unmapped).
    #[error("the window is gone")]
    WindowGone,
    /// The display server sent pixels in a layout the mirror does not read.
    #[error("unsupported pixel format: {0}")]
    PixelFormat(String),
}
