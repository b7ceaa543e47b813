//! What the mirror knows about a window. It is deliberately small: enough to decide which window to show
//! (program, process, state) and where it is, and nothing more. In particular there is no title field:
//! a browser's title may hold a citizen's name or tax number, so it is never read, kept or logged.

/// A window's identity in the display server (an X11 window id on X11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WindowId(pub u64);

/// One top-level window, as a backend sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowInfo {
    /// Its identity.
    pub id: WindowId,
    /// The process that says it owns it (`_NET_WM_PID`), when it says so.
    pub pid: Option<u32>,
    /// The program's class (the second part of `WM_CLASS`), lowercased.
    pub class: String,
    /// The program's instance name (the first part of `WM_CLASS`), lowercased.
    pub instance: String,
    /// Whether it is minimised (iconic or hidden).
    pub minimized: bool,
    /// Whether it is mapped and all its ancestors are (so it has contents to read).
    pub viewable: bool,
    /// Left edge, in root (screen) coordinates.
    pub x: i32,
    /// Top edge, in root (screen) coordinates.
    pub y: i32,
    /// Width of its contents, in pixels.
    pub width: u32,
    /// Height of its contents, in pixels.
    pub height: u32,
}
