//! A test window for the mirror's smoke test and lag benchmark, drawn with plain X11 requests so no
//! toolkit stands between a repaint and the moment it is on the server.
//!
//! `pattern_window --class firefox --geometry 800x600+0+0` opens a window with that `WM_CLASS` (instance
//! and class) and its own `_NET_WM_PID`, and fills it with a high-contrast checkerboard whose colour is
//! chosen by a number. Each line `color N` on stdin repaints it with pattern N and, once the X
//! connection is flushed, prints `painted N <unix time in microseconds>`. `quit` (or end of input) closes it.

use std::io::{BufRead, Write};
use std::sync::mpsc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use x11rb::connection::{Connection, RequestConnection};
use x11rb::protocol::Event;
use x11rb::protocol::xproto::{
    AtomEnum, ConnectionExt as _, CreateGCAux, CreateWindowAux, EventMask, ImageFormat, PropMode, WindowClass,
};
use x11rb::wrapper::ConnectionExt as _;

/// The colour of pattern `n`'s light squares (the dark ones are black).
fn colour(n: u32) -> [u8; 3] {
    const COLOURS: [[u8; 3]; 6] = [
        [255, 0, 0],
        [0, 255, 0],
        [0, 0, 255],
        [255, 255, 0],
        [0, 255, 255],
        [255, 0, 255],
    ];
    COLOURS[n as usize % COLOURS.len()]
}

/// One BGRX row band of pattern `n`: 32-pixel squares.
fn pattern(n: u32, width: u16, rows: std::ops::Range<u16>) -> Vec<u8> {
    let [r, g, b] = colour(n);
    let mut data = Vec::with_capacity(usize::from(width) * rows.len() * 4);
    for y in rows {
        for x in 0..width {
            let light = ((x / 32) + (y / 32)).is_multiple_of(2);
            data.extend_from_slice(&if light { [b, g, r, 0] } else { [0, 0, 0, 0] });
        }
    }
    data
}

fn parse_geometry(s: &str) -> Option<(u16, u16, i16, i16)> {
    let (size, pos) = s.split_once('+').map_or((s, "0+0"), |(a, b)| (a, b));
    let (w, h) = size.split_once('x')?;
    let (x, y) = pos.split_once('+').unwrap_or((pos, "0"));
    Some((w.parse().ok()?, h.parse().ok()?, x.parse().ok()?, y.parse().ok()?))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let mut class = "firefox".to_owned();
    let mut geometry = (800u16, 600u16, 0i16, 0i16);
    let mut i = 1;
    while i < args.len() {
        match args[i].as_str() {
            "--class" => class = args.get(i + 1).cloned().ok_or("--class needs a value")?,
            "--geometry" => {
                geometry = args
                    .get(i + 1)
                    .and_then(|g| parse_geometry(g))
                    .ok_or("--geometry WxH+X+Y")?;
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
        i += 2;
    }
    let (width, height, x, y) = geometry;

    let (conn, screen_num) = x11rb::connect(None)?;
    let screen = conn.setup().roots.get(screen_num).ok_or("no screen")?.clone();
    if screen.root_depth != 24 && screen.root_depth != 32 {
        return Err("the pattern window needs a 24- or 32-bit screen".into());
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
            .event_mask(EventMask::EXPOSURE),
    )?;
    let wm_class = format!("{class}\0{class}\0");
    conn.change_property8(
        PropMode::REPLACE,
        win,
        AtomEnum::WM_CLASS,
        AtomEnum::STRING,
        wm_class.as_bytes(),
    )?;
    let pid_atom = conn.intern_atom(false, b"_NET_WM_PID")?.reply()?.atom;
    conn.change_property32(
        PropMode::REPLACE,
        win,
        pid_atom,
        AtomEnum::CARDINAL,
        &[std::process::id()],
    )?;
    let gc = conn.generate_id()?;
    conn.create_gc(gc, win, &CreateGCAux::new())?;
    conn.map_window(win)?;
    conn.flush()?;

    // PutImage requests must stay under the server's request size: paint in bands of rows.
    let max_bytes = conn.maximum_request_bytes().saturating_sub(64).max(4096);
    let band =
        u16::try_from((max_bytes / (usize::from(width) * 4)).clamp(1, usize::from(height))).unwrap_or(1);
    let paint = |n: u32| -> Result<(), Box<dyn std::error::Error>> {
        let mut y0 = 0;
        while y0 < height {
            let y1 = y0.saturating_add(band).min(height);
            let data = pattern(n, width, y0..y1);
            conn.put_image(
                ImageFormat::Z_PIXMAP,
                win,
                gc,
                width,
                y1 - y0,
                0,
                y0 as i16,
                0,
                screen.root_depth,
                &data,
            )?;
            y0 = y1;
        }
        conn.flush()?;
        Ok(())
    };

    // Stdin is read on its own thread so the X events (Expose) are answered while waiting for a line.
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut current = 0;
    paint(current)?;
    loop {
        while let Some(event) = conn.poll_for_event()? {
            if let Event::Expose(e) = event
                && e.count == 0
            {
                paint(current)?;
            }
        }
        match rx.recv_timeout(Duration::from_millis(5)) {
            Ok(line) => {
                let line = line.trim();
                if line == "quit" {
                    break;
                }
                if let Some(n) = line.strip_prefix("color ").and_then(|n| n.trim().parse().ok()) {
                    current = n;
                    paint(n)?;
                    // A round trip makes sure the server has processed the drawing.
                    conn.get_input_focus()?.reply()?;
                    let micros = SystemTime::now().duration_since(UNIX_EPOCH)?.as_micros();
                    let mut out = std::io::stdout().lock();
                    writeln!(out, "painted {n} {micros}")?;
                    out.flush()?;
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    Ok(())
}
