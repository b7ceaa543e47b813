//! The X11 backend: x11rb's pure-Rust connection with Composite, Damage and XFixes, and no `unsafe`.
//!
//! Composite redirects the root's children (`RedirectSubwindows`, automatic), so every top-level window
//! renders into its own off-screen storage and keeps its contents when covered; core `GetImage` on the
//! client window then reads those contents, also for a client window inside a window manager's frame,
//! since the client shares its frame's storage. Damage watches only the chosen window at `NonEmpty`
//! level: the server sends one event when the damage region becomes non-empty, and the backend then
//! moves the region into an XFixes region (`DamageSubtract`) and fetches its rectangles, so a burst of
//! drawing costs one round trip, not one event per drawing call.
//!
//! `wait_changes` blocks in `poll(2)` on the connection's socket (through rustix's safe wrapper) after
//! draining x11rb's queue, so an idle mirror wakes up only when the server says something.
//!
//! Window titles are never requested. The facts read are `WM_CLASS`, `_NET_WM_PID`, `_NET_WM_STATE`,
//! `WM_STATE`, the map state and the geometry.

use std::time::{Duration, Instant};

use x11rb::connection::{Connection, RequestConnection};
use x11rb::errors::{ConnectionError, ReplyError, ReplyOrIdError};
use x11rb::protocol::Event;
use x11rb::protocol::composite::{self, ConnectionExt as _, Redirect};
use x11rb::protocol::damage::{self, ConnectionExt as _, ReportLevel};
use x11rb::protocol::xfixes::{self, ConnectionExt as _};
use x11rb::protocol::xproto::{
    Atom, AtomEnum, ChangeWindowAttributesAux, ConnectionExt as _, EventMask, ImageFormat, ImageOrder,
    MapState, Window,
};
use x11rb::rust_connection::RustConnection;

use super::{Backend, Changes, Image};
use crate::error::MirrorError;
use crate::rect::{Rect, add_damage};
use crate::window::{WindowId, WindowInfo};

/// `WM_STATE`'s value for a minimised (iconic) window.
const ICONIC_STATE: u32 = 3;

fn connection(e: ConnectionError) -> MirrorError {
    MirrorError::Connection(e.to_string())
}

/// A request error: a protocol error means the window is gone (or unreadable), anything else is the
/// connection failing.
fn reply(e: ReplyError) -> MirrorError {
    match e {
        ReplyError::ConnectionError(c) => connection(c),
        ReplyError::X11Error(_) => MirrorError::WindowGone,
    }
}

fn reply_or_id(e: ReplyOrIdError) -> MirrorError {
    match e {
        ReplyOrIdError::ConnectionError(c) => connection(c),
        ReplyOrIdError::X11Error(_) => MirrorError::WindowGone,
        ReplyOrIdError::IdsExhausted => MirrorError::Connection("X11 resource ids exhausted".to_owned()),
    }
}

/// The atoms the backend reads.
#[derive(Debug, Clone, Copy)]
struct Atoms {
    client_list_stacking: Atom,
    client_list: Atom,
    active_window: Atom,
    wm_pid: Atom,
    wm_state_net: Atom,
    wm_state_hidden: Atom,
    wm_state: Atom,
}

impl Atoms {
    fn intern(conn: &RustConnection) -> Result<Atoms, MirrorError> {
        let names = [
            "_NET_CLIENT_LIST_STACKING",
            "_NET_CLIENT_LIST",
            "_NET_ACTIVE_WINDOW",
            "_NET_WM_PID",
            "_NET_WM_STATE",
            "_NET_WM_STATE_HIDDEN",
            "WM_STATE",
        ];
        let cookies = names
            .iter()
            .map(|n| conn.intern_atom(false, n.as_bytes()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(connection)?;
        let mut atoms = Vec::with_capacity(names.len());
        for c in cookies {
            atoms.push(c.reply().map_err(reply)?.atom);
        }
        Ok(Atoms {
            client_list_stacking: atoms[0],
            client_list: atoms[1],
            active_window: atoms[2],
            wm_pid: atoms[3],
            wm_state_net: atoms[4],
            wm_state_hidden: atoms[5],
            wm_state: atoms[6],
        })
    }
}

/// The window being mirrored.
#[derive(Debug, Clone, Copy)]
struct Watched {
    window: Window,
    damage: damage::Damage,
}

/// The X11 backend; see the module documentation.
#[derive(Debug)]
pub struct X11Backend {
    conn: RustConnection,
    root: Window,
    atoms: Atoms,
    watched: Option<Watched>,
    /// The XFixes region that receives the watched window's damage.
    region: xfixes::Region,
    /// Whether the server sends pixels most significant byte first (then they are reordered to BGRX).
    msb_first: bool,
}

/// Checks that extension `name` is present at least at version `want`, after asking for `ask`.
fn check_version(
    name: &'static str,
    present: bool,
    got: Result<(u32, u32), MirrorError>,
    want: (u32, u32),
) -> Result<(), MirrorError> {
    if !present {
        return Err(MirrorError::MissingExtension(name));
    }
    if got? < want {
        return Err(MirrorError::MissingExtension(name));
    }
    Ok(())
}

impl X11Backend {
    /// Connects to the display in `DISPLAY`, checks Composite ≥ 0.2, Damage ≥ 1.1 and XFixes ≥ 2.0,
    /// redirects the top-level windows and starts listening for window changes.
    pub fn connect() -> Result<X11Backend, MirrorError> {
        let (conn, screen) = x11rb::connect(None).map_err(|e| MirrorError::Connect(e.to_string()))?;
        let root = conn
            .setup()
            .roots
            .get(screen)
            .map(|s| s.root)
            .ok_or_else(|| MirrorError::Connect("no such screen".to_owned()))?;
        let msb_first = conn.setup().image_byte_order == ImageOrder::MSB_FIRST;

        let has = |name| {
            conn.extension_information(name)
                .map(|i| i.is_some())
                .map_err(connection)
        };
        let present = has(xfixes::X11_EXTENSION_NAME)?;
        let got = if present {
            conn.xfixes_query_version(5, 0)
                .map_err(connection)?
                .reply()
                .map(|r| (r.major_version, r.minor_version))
                .map_err(reply)
        } else {
            Ok((0, 0))
        };
        check_version("XFIXES", present, got, (2, 0))?;
        let present = has(damage::X11_EXTENSION_NAME)?;
        let got = if present {
            conn.damage_query_version(1, 1)
                .map_err(connection)?
                .reply()
                .map(|r| (r.major_version, r.minor_version))
                .map_err(reply)
        } else {
            Ok((0, 0))
        };
        check_version("DAMAGE", present, got, (1, 1))?;
        let present = has(composite::X11_EXTENSION_NAME)?;
        let got = if present {
            conn.composite_query_version(0, 4)
                .map_err(connection)?
                .reply()
                .map(|r| (r.major_version, r.minor_version))
                .map_err(reply)
        } else {
            Ok((0, 0))
        };
        check_version("Composite", present, got, (0, 2))?;

        let atoms = Atoms::intern(&conn)?;
        // A compositing manager may already redirect manually; then the contents are kept anyway, so a
        // refusal here is not an error.
        if let Err(ReplyError::ConnectionError(e)) = conn
            .composite_redirect_subwindows(root, Redirect::AUTOMATIC)
            .map_err(ReplyError::from)
            .and_then(|c| c.check())
        {
            return Err(connection(e));
        }
        let mask = EventMask::PROPERTY_CHANGE | EventMask::SUBSTRUCTURE_NOTIFY;
        conn.change_window_attributes(root, &ChangeWindowAttributesAux::new().event_mask(mask))
            .map_err(connection)?
            .check()
            .map_err(reply)?;
        let region = conn.generate_id().map_err(reply_or_id)?;
        conn.xfixes_create_region(region, &[])
            .map_err(connection)?
            .check()
            .map_err(reply)?;
        Ok(X11Backend {
            conn,
            root,
            atoms,
            watched: None,
            region,
            msb_first,
        })
    }

    /// A window list property of the root (`_NET_CLIENT_LIST_STACKING`, `_NET_CLIENT_LIST`), if set.
    fn window_list(&self, atom: Atom) -> Result<Option<Vec<Window>>, MirrorError> {
        let r = self
            .conn
            .get_property(false, self.root, atom, AtomEnum::WINDOW, 0, 4096)
            .map_err(connection)?
            .reply()
            .map_err(reply)?;
        Ok(r.value32()
            .map(|v| v.collect())
            .filter(|v: &Vec<Window>| !v.is_empty()))
    }

    /// The top-level client windows, bottom to top: the window manager's list when there is one, else
    /// the root's children that carry a `WM_CLASS` (no window manager, as under a bare Xvfb).
    fn clients_bottom_to_top(&self) -> Result<Vec<Window>, MirrorError> {
        if let Some(v) = self.window_list(self.atoms.client_list_stacking)? {
            return Ok(v);
        }
        if let Some(v) = self.window_list(self.atoms.client_list)? {
            return Ok(v);
        }
        let tree = self
            .conn
            .query_tree(self.root)
            .map_err(connection)?
            .reply()
            .map_err(reply)?;
        Ok(tree.children)
    }

    /// The top-level ancestor (child of the root) of `w`, or `w` itself.
    fn top_level(&self, mut w: Window) -> Result<Window, MirrorError> {
        for _ in 0..16 {
            let Ok(tree) = self.conn.query_tree(w).map_err(connection)?.reply() else {
                return Ok(w);
            };
            if tree.parent == self.root || tree.parent == x11rb::NONE {
                return Ok(w);
            }
            w = tree.parent;
        }
        Ok(w)
    }

    fn window_id(id: WindowId) -> Result<Window, MirrorError> {
        Window::try_from(id.0).map_err(|_| MirrorError::WindowGone)
    }
}

/// A reply, `None` when the server answered with an error (the window was destroyed meanwhile).
fn ok<T>(r: Result<T, ReplyError>) -> Result<Option<T>, MirrorError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(ReplyError::X11Error(_)) => Ok(None),
        Err(ReplyError::ConnectionError(e)) => Err(connection(e)),
    }
}

/// Splits `WM_CLASS` ("instance\0class\0") into lowercase instance and class.
fn parse_wm_class(value: &[u8]) -> Option<(String, String)> {
    let mut parts = value.split(|b| *b == 0);
    let instance = String::from_utf8_lossy(parts.next()?).to_lowercase();
    let class = String::from_utf8_lossy(parts.next().unwrap_or_default()).to_lowercase();
    (!instance.is_empty() || !class.is_empty()).then_some((instance, class))
}

impl Backend for X11Backend {
    fn windows(&mut self) -> Result<Vec<WindowInfo>, MirrorError> {
        let ids = self.clients_bottom_to_top()?;
        let c = &self.conn;
        let a = self.atoms;
        // Every request for every window is sent first and the replies collected after: one round trip.
        let mut pending = Vec::with_capacity(ids.len());
        for &w in ids.iter().rev() {
            pending.push((
                w,
                c.get_property(false, w, AtomEnum::WM_CLASS, AtomEnum::STRING, 0, 256)
                    .map_err(connection)?,
                c.get_property(false, w, a.wm_pid, AtomEnum::CARDINAL, 0, 1)
                    .map_err(connection)?,
                c.get_property(false, w, a.wm_state_net, AtomEnum::ATOM, 0, 64)
                    .map_err(connection)?,
                c.get_property(false, w, a.wm_state, a.wm_state, 0, 2)
                    .map_err(connection)?,
                c.get_window_attributes(w).map_err(connection)?,
                c.get_geometry(w).map_err(connection)?,
                c.translate_coordinates(w, self.root, 0, 0).map_err(connection)?,
            ));
        }
        let mut out = Vec::with_capacity(pending.len());
        for (w, class, pid, net_state, wm_state, attrs, geom, pos) in pending {
            // A window destroyed meanwhile answers with errors: it is simply left out.
            let (Some(class), Some(pid), Some(net_state), Some(wm_state), Some(attrs), Some(geom), Some(pos)) = (
                ok(class.reply())?,
                ok(pid.reply())?,
                ok(net_state.reply())?,
                ok(wm_state.reply())?,
                ok(attrs.reply())?,
                ok(geom.reply())?,
                ok(pos.reply())?,
            ) else {
                continue;
            };
            let Some((instance, class)) = parse_wm_class(&class.value) else {
                continue;
            };
            let hidden = net_state
                .value32()
                .is_some_and(|mut v| v.any(|s| s == a.wm_state_hidden));
            let iconic = wm_state.value32().and_then(|mut v| v.next()) == Some(ICONIC_STATE);
            out.push(WindowInfo {
                id: WindowId(u64::from(w)),
                pid: pid.value32().and_then(|mut v| v.next()).filter(|p| *p != 0),
                class,
                instance,
                minimized: hidden || iconic,
                viewable: attrs.map_state == MapState::VIEWABLE,
                x: i32::from(pos.dst_x),
                y: i32::from(pos.dst_y),
                width: u32::from(geom.width),
                height: u32::from(geom.height),
            });
        }
        Ok(out)
    }

    fn focused(&mut self) -> Result<Option<WindowId>, MirrorError> {
        let r = self
            .conn
            .get_property(false, self.root, self.atoms.active_window, AtomEnum::WINDOW, 0, 1)
            .map_err(connection)?
            .reply()
            .map_err(reply)?;
        if r.type_ != x11rb::NONE {
            let w = r
                .value32()
                .and_then(|mut v| v.next())
                .filter(|w| *w != x11rb::NONE);
            return Ok(w.map(|w| WindowId(u64::from(w))));
        }
        // No EWMH window manager: the input focus, lifted to its top-level window.
        let focus = self
            .conn
            .get_input_focus()
            .map_err(connection)?
            .reply()
            .map_err(reply)?
            .focus;
        const POINTER_ROOT: Window = 1;
        if focus == x11rb::NONE || focus == POINTER_ROOT || focus == self.root {
            return Ok(None);
        }
        Ok(Some(WindowId(u64::from(self.top_level(focus)?))))
    }

    fn watch(&mut self, id: WindowId) -> Result<(), MirrorError> {
        self.unwatch()?;
        let window = Self::window_id(id)?;
        let mask = EventMask::STRUCTURE_NOTIFY | EventMask::PROPERTY_CHANGE;
        self.conn
            .change_window_attributes(window, &ChangeWindowAttributesAux::new().event_mask(mask))
            .map_err(connection)?
            .check()
            .map_err(reply)?;
        let damage = self.conn.generate_id().map_err(reply_or_id)?;
        self.conn
            .damage_create(damage, window, ReportLevel::NON_EMPTY)
            .map_err(connection)?
            .check()
            .map_err(reply)?;
        self.watched = Some(Watched { window, damage });
        Ok(())
    }

    fn unwatch(&mut self) -> Result<(), MirrorError> {
        if let Some(w) = self.watched.take() {
            // The window may be gone already, which destroyed the damage too: errors are expected here.
            self.conn
                .damage_destroy(w.damage)
                .map_err(connection)?
                .ignore_error();
            self.conn
                .change_window_attributes(
                    w.window,
                    &ChangeWindowAttributesAux::new().event_mask(EventMask::NO_EVENT),
                )
                .map_err(connection)?
                .ignore_error();
            self.conn.flush().map_err(connection)?;
        }
        Ok(())
    }

    fn wait_changes(&mut self, timeout: Duration) -> Result<Changes, MirrorError> {
        let deadline = Instant::now() + timeout;
        let mut changes = Changes::default();
        let mut damaged = false;
        loop {
            self.conn.flush().map_err(connection)?;
            while let Some(event) = self.conn.poll_for_event().map_err(connection)? {
                match event {
                    Event::DamageNotify(e) => {
                        damaged |= self.watched.is_some_and(|w| w.damage == e.damage);
                    }
                    Event::PropertyNotify(e) => {
                        let watched = self.watched.is_some_and(|w| w.window == e.window);
                        let state = e.atom == self.atoms.wm_state_net || e.atom == self.atoms.wm_state;
                        changes.windows_changed |= e.window == self.root || (watched && state);
                    }
                    Event::ConfigureNotify(_)
                    | Event::MapNotify(_)
                    | Event::UnmapNotify(_)
                    | Event::DestroyNotify(_)
                    | Event::ReparentNotify(_)
                    | Event::CirculateNotify(_) => changes.windows_changed = true,
                    _ => {}
                }
            }
            let now = Instant::now();
            if damaged || changes.windows_changed || now >= deadline {
                break;
            }
            let wait = rustix::event::Timespec::try_from(deadline - now)
                .map_err(|_| MirrorError::Connection("bad timeout".to_owned()))?;
            let mut fds = [rustix::event::PollFd::new(
                self.conn.stream(),
                rustix::event::PollFlags::IN,
            )];
            match rustix::event::poll(&mut fds, Some(&wait)) {
                Ok(_) | Err(rustix::io::Errno::INTR) => {}
                Err(e) => return Err(MirrorError::Connection(e.to_string())),
            }
        }
        if damaged && let Some(w) = self.watched {
            // Move the damage into our region (emptying the window's), then read its rectangles.
            self.conn
                .damage_subtract(w.damage, x11rb::NONE, self.region)
                .map_err(connection)?
                .ignore_error();
            match self
                .conn
                .xfixes_fetch_region(self.region)
                .map_err(connection)?
                .reply()
            {
                Ok(r) => {
                    for x in r.rectangles {
                        let (x0, y0) = (i32::from(x.x).max(0), i32::from(x.y).max(0));
                        let (x1, y1) = (
                            i32::from(x.x) + i32::from(x.width),
                            i32::from(x.y) + i32::from(x.height),
                        );
                        if x1 > x0 && y1 > y0 {
                            let r = Rect::new(x0 as u32, y0 as u32, (x1 - x0) as u32, (y1 - y0) as u32);
                            add_damage(&mut changes.damaged, r, 32);
                        }
                    }
                }
                Err(ReplyError::X11Error(_)) => changes.windows_changed = true,
                Err(ReplyError::ConnectionError(e)) => return Err(connection(e)),
            }
        }
        Ok(changes)
    }

    fn grab(&mut self, id: WindowId, rect: Rect) -> Result<Image, MirrorError> {
        let window = Self::window_id(id)?;
        let too_big = || MirrorError::PixelFormat("rectangle beyond X11's 16-bit coordinates".to_owned());
        let x = i16::try_from(rect.x).map_err(|_| too_big())?;
        let y = i16::try_from(rect.y).map_err(|_| too_big())?;
        let w = u16::try_from(rect.width).map_err(|_| too_big())?;
        let h = u16::try_from(rect.height).map_err(|_| too_big())?;
        let r = self
            .conn
            .get_image(ImageFormat::Z_PIXMAP, window, x, y, w, h, u32::MAX)
            .map_err(connection)?
            .reply()
            .map_err(reply)?;
        let bpp = self
            .conn
            .setup()
            .pixmap_formats
            .iter()
            .find(|f| f.depth == r.depth)
            .map(|f| f.bits_per_pixel);
        let expected = usize::from(w) * usize::from(h) * 4;
        if bpp != Some(32) || r.data.len() < expected {
            return Err(MirrorError::PixelFormat(format!(
                "depth {} with {:?} bits per pixel",
                r.depth, bpp
            )));
        }
        let mut data = r.data;
        data.truncate(expected);
        if self.msb_first {
            // XRGB in memory order: reverse each pixel to get BGRX.
            data.chunks_exact_mut(4).for_each(<[u8]>::reverse);
        }
        Ok(Image {
            width: u32::from(w),
            height: u32::from(h),
            data,
        })
    }
}

impl Drop for X11Backend {
    fn drop(&mut self) {
        // Best effort: the server frees everything of a closed connection anyway.
        let _ = self.unwatch();
        if let Ok(c) = self.conn.xfixes_destroy_region(self.region) {
            c.ignore_error();
        }
        let _ = self.conn.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wm_class_is_split_and_lowercased() {
        assert_eq!(
            parse_wm_class(b"Navigator\0Firefox-esr\0"),
            Some(("navigator".into(), "firefox-esr".into()))
        );
        assert_eq!(
            parse_wm_class(b"chromium\0"),
            Some(("chromium".into(), String::new()))
        );
        assert_eq!(parse_wm_class(b""), None);
    }
}
