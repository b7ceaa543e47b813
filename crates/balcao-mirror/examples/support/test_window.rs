//! The test window shared by `pattern_window` (the browser of the smoke test and of
//! `scripts/bench-mirror`) and `tests/x11.rs`: a plain X11 window with a chosen `WM_CLASS` and
//! `_NET_WM_PID`, so the mirror's allow-list and own-process rules see it as they would see a browser.
//! It is included by path (`#[path]`) from both, since an example and an integration test cannot share
//! a module otherwise; each uses only part of it.

#![allow(dead_code)]

use std::time::{Duration, Instant};

use x11rb::connection::Connection;
use x11rb::protocol::xproto::{
    AtomEnum, ConnectionExt as _, CreateGCAux, CreateWindowAux, EventMask, Gcontext, MapState, PropMode,
    Window, WindowClass,
};
use x11rb::rust_connection::RustConnection;
use x11rb::wrapper::ConnectionExt as _;

/// An open, mapped test window and the connection that owns it.
pub struct Opened {
    pub conn: RustConnection,
    pub root: Window,
    pub win: Window,
    pub gc: Gcontext,
    pub depth: u8,
}

/// Where and how large: width, height, x, y.
pub type Geometry = (u16, u16, i16, i16);

/// Opens a window with `WM_CLASS` = `instance`, `class` and `_NET_WM_PID` = `pid` on the display in
/// `DISPLAY`, listening for `events`, and waits (at most 10 s) until it is viewable: a window manager
/// maps it itself, later, and drawing before that would be lost.
pub fn open(
    instance: &str,
    class: &str,
    (width, height, x, y): Geometry,
    pid: u32,
    events: EventMask,
) -> Result<Opened, Box<dyn std::error::Error>> {
    let (conn, screen_num) = x11rb::connect(None)?;
    let screen = conn.setup().roots.get(screen_num).ok_or("no screen")?.clone();
    if screen.root_depth != 24 && screen.root_depth != 32 {
        return Err("the test window needs a 24- or 32-bit screen".into());
    }
    let win = conn.generate_id()?;
    conn.create_window(
        screen.root_depth,
        win,
        screen.root,
        x,
        y,
        width,
        height,
        0,
        WindowClass::INPUT_OUTPUT,
        screen.root_visual,
        &CreateWindowAux::new()
            .background_pixel(screen.black_pixel)
            .event_mask(events),
    )?;
    let wm_class = format!("{instance}\0{class}\0");
    conn.change_property8(
        PropMode::REPLACE,
        win,
        AtomEnum::WM_CLASS,
        AtomEnum::STRING,
        wm_class.as_bytes(),
    )?;
    let pid_atom = conn.intern_atom(false, b"_NET_WM_PID")?.reply()?.atom;
    conn.change_property32(PropMode::REPLACE, win, pid_atom, AtomEnum::CARDINAL, &[pid])?;
    let gc = conn.generate_id()?;
    conn.create_gc(gc, win, &CreateGCAux::new())?;
    conn.map_window(win)?;
    conn.sync()?;
    let start = Instant::now();
    while conn.get_window_attributes(win)?.reply()?.map_state != MapState::VIEWABLE {
        if start.elapsed() > Duration::from_secs(10) {
            return Err("the test window was not mapped within 10 s".into());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    Ok(Opened {
        conn,
        root: screen.root,
        win,
        gc,
        depth: screen.root_depth,
    })
}
