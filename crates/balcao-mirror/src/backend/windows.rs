//! The Windows backend, not implemented yet. It exists so the app has one code path on every platform:
//! asking for a backend on Windows answers "unsupported" in words instead of failing to build. A real one
//! would use Windows.Graphics.Capture, which needs `unsafe` COM calls the workspace does not allow here.

use crate::error::MirrorError;
use crate::session::SessionKind;

/// Always [`MirrorError::Unsupported`] with [`SessionKind::Windows`].
pub fn connect() -> Result<std::convert::Infallible, MirrorError> {
    Err(MirrorError::Unsupported(SessionKind::Windows))
}
