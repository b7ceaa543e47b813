//! A test window for the mirror's smoke test and lag benchmark, drawn with plain X11 requests so no
//! toolkit stands between a repaint and the moment it is on the server.
//!
//! `pattern_window --class firefox --geometry 800x600+0+0` opens a window with that `WM_CLASS` (instance
//! and class) and its own `_NET_WM_PID`, and fills it with a high-contrast checkerboard whose colour is
//! chosen by a number. Each line `color N` on stdin repaints it with pattern N and, once the X
//! connection is flushed, prints `painted N <unix time in microseconds>`. `quit` (or end of input) closes it.
//!
//! Two more modes serve `scripts/bench-mirror`, each closing the window when done:
//!
//! - `--animate FPS --seconds S`: repaints with alternating colours FPS times a second for S seconds
//!   (a page that changes, for the CPU figure);
//! - `--lag N --watch TITLE`: measures the mirror's lag N times. The window whose `_NET_WM_NAME` is
//!   TITLE (the citizen window) is read back with `GetImage` (under Composite it keeps its own
//!   contents, so windows on top of it do not matter); after each repaint the time until a block in
//!   the middle of the mirrored picture shows the new colour is one sample. The samples are printed as
//!   `lag-ms p50 X p95 Y max Z n N timeouts T`, and each as `lag-sample MS` before that.
//!
//! `--focus` gives the window the input focus once it is mapped (on a server without a window manager
//! nothing else would, and the mirror shows the focused browser).

use std::io::{BufRead, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use x11rb::connection::{Connection, RequestConnection};
use x11rb::protocol::Event;
use x11rb::protocol::xproto::{ConnectionExt as _, EventMask, ImageFormat, InputFocus};
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

/// What the window does once it is open.
enum Mode {
    /// Repaint on `color N` lines from stdin.
    Stdin,
    /// Repaint with alternating colours `fps` times a second for `seconds`.
    Animate { fps: u32, seconds: u64 },
    /// Measure the mirror's lag `samples` times, reading back the window titled `watch`.
    Lag { samples: usize, watch: String },
}

type Res<T> = Result<T, Box<dyn std::error::Error>>;

#[path = "support/test_window.rs"]
mod test_window;

fn value<'a>(args: &'a [String], i: usize, what: &str) -> Res<&'a str> {
    args.get(i + 1)
        .map(String::as_str)
        .ok_or_else(|| format!("{} needs a value: {what}", args[i]).into())
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().collect();
    let mut class = "firefox".to_owned();
    let mut geometry = (800u16, 600u16, 0i16, 0i16);
    let mut focus = false;
    let (mut fps, mut seconds, mut lag, mut watch) = (None, 60u64, None, None);
    let mut i = 1;
    while i < args.len() {
        match args[i].as_str() {
            "--class" => class = value(&args, i, "a WM_CLASS name")?.to_owned(),
            "--geometry" => {
                geometry = parse_geometry(value(&args, i, "WxH+X+Y")?).ok_or("--geometry WxH+X+Y")?;
            }
            "--animate" => fps = Some(value(&args, i, "repaints per second")?.parse::<u32>()?.max(1)),
            "--seconds" => seconds = value(&args, i, "seconds")?.parse()?,
            "--lag" => lag = Some(value(&args, i, "how many samples")?.parse::<usize>()?.max(1)),
            "--watch" => watch = Some(value(&args, i, "the citizen window's title")?.to_owned()),
            "--focus" => {
                focus = true;
                i += 1;
                continue;
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
        i += 2;
    }
    let mode = match (fps, lag, watch) {
        (Some(fps), None, _) => Mode::Animate { fps, seconds },
        (None, Some(samples), Some(watch)) => Mode::Lag { samples, watch },
        (None, Some(_), None) => return Err("--lag needs --watch TITLE".into()),
        (None, None, _) => Mode::Stdin,
        (Some(_), Some(_), _) => return Err("--animate and --lag exclude each other".into()),
    };
    let win = Pattern::open(&class, geometry, focus)?;
    match mode {
        Mode::Stdin => win.stdin_loop(),
        Mode::Animate { fps, seconds } => win.animate(fps, Duration::from_secs(seconds)),
        Mode::Lag { samples, watch } => win.lag(samples, &watch),
    }
}

/// The open test window.
struct Pattern {
    conn: x11rb::rust_connection::RustConnection,
    root: u32,
    win: u32,
    gc: u32,
    depth: u8,
    width: u16,
    height: u16,
    band: u16,
}

impl Pattern {
    fn open(class: &str, geometry: test_window::Geometry, focus: bool) -> Res<Pattern> {
        let (width, height, _, _) = geometry;
        let test_window::Opened {
            conn,
            root,
            win,
            gc,
            depth,
        } = test_window::open(class, class, geometry, std::process::id(), EventMask::EXPOSURE)?;
        if focus {
            conn.set_input_focus(InputFocus::PARENT, win, x11rb::CURRENT_TIME)?;
            conn.sync()?;
        }
        // PutImage requests must stay under the server's request size: paint in bands of rows.
        let max_bytes = conn.maximum_request_bytes().saturating_sub(64).max(4096);
        let band =
            u16::try_from((max_bytes / (usize::from(width) * 4)).clamp(1, usize::from(height))).unwrap_or(1);
        Ok(Pattern {
            conn,
            root,
            win,
            gc,
            depth,
            width,
            height,
            band,
        })
    }

    /// Paints pattern `n` and waits until the server has processed it (one round trip).
    fn paint(&self, n: u32) -> Res<()> {
        let mut y0 = 0;
        while y0 < self.height {
            let y1 = y0.saturating_add(self.band).min(self.height);
            let data = pattern(n, self.width, y0..y1);
            self.conn.put_image(
                ImageFormat::Z_PIXMAP,
                self.win,
                self.gc,
                self.width,
                y1 - y0,
                0,
                y0 as i16,
                0,
                self.depth,
                &data,
            )?;
            y0 = y1;
        }
        self.conn.get_input_focus()?.reply()?;
        Ok(())
    }

    /// Answers the server's events (a repaint after an Expose).
    fn events(&self, current: u32) -> Res<()> {
        while let Some(event) = self.conn.poll_for_event()? {
            if let Event::Expose(e) = event
                && e.count == 0
            {
                self.paint(current)?;
            }
        }
        Ok(())
    }

    fn stdin_loop(&self) -> Res<()> {
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
        self.paint(current)?;
        loop {
            self.events(current)?;
            match rx.recv_timeout(Duration::from_millis(5)) {
                Ok(line) => {
                    let line = line.trim();
                    if line == "quit" {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("color ").and_then(|n| n.trim().parse().ok()) {
                        current = n;
                        self.paint(n)?;
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

    fn animate(&self, fps: u32, length: Duration) -> Res<()> {
        let start = Instant::now();
        let period = Duration::from_secs(1) / fps;
        let mut n = 0;
        while start.elapsed() < length {
            self.events(n)?;
            n += 1;
            self.paint(n % 2)?;
            let next = start + period * n;
            std::thread::sleep(next.saturating_duration_since(Instant::now()));
        }
        println!("animated {n} repaints in {:.1} s", start.elapsed().as_secs_f64());
        Ok(())
    }

    /// The window whose `_NET_WM_NAME` is `title`, among the root's children and their children (a
    /// window manager's frames hold the client windows).
    fn find_titled(&self, title: &str) -> Res<Option<u32>> {
        let name = self.conn.intern_atom(false, b"_NET_WM_NAME")?.reply()?.atom;
        let utf8 = self.conn.intern_atom(false, b"UTF8_STRING")?.reply()?.atom;
        let mut queue = self.conn.query_tree(self.root)?.reply()?.children;
        let mut depth = 0;
        while !queue.is_empty() && depth < 3 {
            let mut next = Vec::new();
            for w in queue {
                let Ok(p) = self.conn.get_property(false, w, name, utf8, 0, 256)?.reply() else {
                    continue;
                };
                if p.value == title.as_bytes() {
                    return Ok(Some(w));
                }
                if let Ok(t) = self.conn.query_tree(w)?.reply() {
                    next.extend(t.children);
                }
            }
            queue = next;
            depth += 1;
        }
        Ok(None)
    }

    /// The pixels (BGRX) of `rect` = (x, y, w, h) of window `w`.
    fn read(&self, w: u32, (x, y, width, height): (i16, i16, u16, u16)) -> Res<Vec<u8>> {
        Ok(self
            .conn
            .get_image(ImageFormat::Z_PIXMAP, w, x, y, width, height, u32::MAX)?
            .reply()?
            .data)
    }

    fn lag(&self, samples: usize, title: &str) -> Res<()> {
        let wait = |what: &str, limit: Duration, mut f: Box<dyn FnMut() -> Res<bool> + '_>| -> Res<()> {
            let end = Instant::now() + limit;
            while !f()? {
                if Instant::now() > end {
                    return Err(format!("timed out waiting for {what}").into());
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            Ok(())
        };
        self.paint(0)?;
        let mut target = None;
        wait(
            "the citizen window",
            Duration::from_secs(30),
            Box::new(|| {
                target = self.find_titled(title)?;
                Ok(target.is_some())
            }),
        )?;
        let target = target.ok_or("no citizen window")?;
        let geom = self.conn.get_geometry(target)?.reply()?;
        // Where the picture is: the bounding box of colour 0's pixels on the citizen window.
        let mut bbox = None;
        wait(
            "the picture on the citizen window",
            Duration::from_secs(30),
            Box::new(|| {
                self.events(0)?;
                let px = self.read(target, (0, 0, geom.width, geom.height))?;
                bbox = bounding_box(&px, geom.width, colour(0));
                Ok(bbox.is_some_and(|(_, _, w, h)| w > 64 && h > 64))
            }),
        )?;
        let (bx, by, bw, bh) = bbox.ok_or("no picture")?;
        let block = (
            i16::try_from(bx + bw / 2 - 32)?,
            i16::try_from(by + bh / 2 - 32)?,
            64u16,
            64u16,
        );
        let mut lags = Vec::with_capacity(samples);
        let mut timeouts = 0;
        // A fixed pseudo-random pause between changes, so the changes do not fall in step with the
        // mirror's frame cadence.
        let mut seed: u32 = 0x9e37_79b9;
        for k in 1..=samples {
            let n = (k % 2) as u32;
            self.events(n ^ 1)?;
            self.paint(n)?;
            let painted = Instant::now();
            let mut seen = false;
            while painted.elapsed() < Duration::from_secs(2) {
                let px = self.read(target, block)?;
                if share_of(&px, colour(n)) >= 0.1 {
                    seen = true;
                    break;
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            let ms = painted.elapsed().as_secs_f64() * 1000.0;
            if seen {
                println!("lag-sample {ms:.1}");
                lags.push(ms);
            } else {
                timeouts += 1;
            }
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            std::thread::sleep(Duration::from_millis(80 + u64::from(seed >> 26)));
        }
        lags.sort_by(f64::total_cmp);
        let at = |q: usize| {
            lags.get((lags.len() * q / 100).min(lags.len().saturating_sub(1)))
                .copied()
        };
        println!(
            "lag-ms p50 {:.1} p95 {:.1} max {:.1} n {} timeouts {timeouts}",
            at(50).unwrap_or(f64::NAN),
            at(95).unwrap_or(f64::NAN),
            lags.last().copied().unwrap_or(f64::NAN),
            lags.len()
        );
        Ok(())
    }
}

/// Whether a BGRX pixel is within 12 of `rgb` on every channel.
fn near(p: &[u8], [r, g, b]: [u8; 3]) -> bool {
    p[2].abs_diff(r) <= 12 && p[1].abs_diff(g) <= 12 && p[0].abs_diff(b) <= 12
}

/// The share of the BGRX pixels of `px` that are `rgb`.
fn share_of(px: &[u8], rgb: [u8; 3]) -> f64 {
    let n = px.len() / 4;
    let hits = px.chunks_exact(4).filter(|p| near(p, rgb)).count();
    if n == 0 { 0.0 } else { hits as f64 / n as f64 }
}

/// The bounding box (x, y, w, h) of the pixels of `rgb` in a BGRX image `width` pixels wide.
fn bounding_box(px: &[u8], width: u16, rgb: [u8; 3]) -> Option<(u16, u16, u16, u16)> {
    let w = usize::from(width);
    let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
    for (i, p) in px.chunks_exact(4).enumerate() {
        if near(p, rgb) {
            let (x, y) = (i % w, i / w);
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
    }
    (x0 != usize::MAX).then(|| {
        let c = |v: usize| u16::try_from(v).unwrap_or(u16::MAX);
        (c(x0), c(y0), c(x1 - x0 + 1), c(y1 - y0 + 1))
    })
}
