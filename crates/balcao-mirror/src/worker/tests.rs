//! The worker against the fake backend: what reaches the app, when, and what never does.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::*;
use crate::backend::{FakeBackend, FakeHandle};
use crate::window::{WindowId, WindowInfo};

const OWN: u32 = 10;
const BROWSER: u32 = 20;
const RED: [u8; 3] = [220, 20, 20];
const BLUE: [u8; 3] = [20, 20, 220];
const GREEN: [u8; 3] = [20, 200, 20];

fn info(id: u64, pid: u32, class: &str, w: u32, h: u32) -> WindowInfo {
    WindowInfo {
        id: WindowId(id),
        pid: Some(pid),
        class: class.to_owned(),
        instance: class.to_owned(),
        minimized: false,
        viewable: true,
        x: 0,
        y: 0,
        width: w,
        height: h,
    }
}

fn start(fake: FakeBackend, max_fps: u32) -> (MirrorWorker, Arc<AtomicU64>) {
    let calls = Arc::new(AtomicU64::new(0));
    let c = calls.clone();
    let settings = MirrorSettings {
        allow_list: MirrorSettings::default_allow_list(),
        own_pid: OWN,
        max_fps,
        target: (400, 300),
    };
    let worker = MirrorWorker::start(
        move || Ok(Box::new(fake) as Box<dyn Backend>),
        settings,
        Arc::new(move |_| {
            c.fetch_add(1, Ordering::Relaxed);
        }),
    );
    (worker, calls)
}

fn wait_for<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let end = Instant::now() + Duration::from_secs(5);
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < end, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn all(px: &[u8], rgb: [u8; 3]) -> bool {
    px.chunks_exact(4).all(|p| p == [rgb[0], rgb[1], rgb[2], 255])
}

fn desk() -> (FakeBackend, FakeHandle) {
    let (fake, h) = FakeBackend::new();
    h.add_window(info(1, OWN, "balcao", 600, 400), [0, 0, 0]);
    h.add_window(info(2, BROWSER, "firefox", 800, 600), RED);
    (fake, h)
}

/// The desk with the browser focused, the worker active at `max_fps`, and its first (full) frame.
fn live(max_fps: u32) -> (MirrorWorker, FakeHandle, FrameUpdate) {
    let (fake, h) = desk();
    h.set_focus(Some(WindowId(2)));
    let (w, _) = start(fake, max_fps);
    w.set_active(true);
    let first = wait_for("a first frame", || w.latest());
    (w, h, first)
}

/// Waits until the worker says `status`.
fn wait_status(w: &MirrorWorker, status: MirrorStatus) {
    let what = format!("{status:?}");
    wait_for(&what, || (w.status() == status).then_some(()));
}

#[test]
fn a_full_frame_then_partial_updates_for_damage() {
    let (fake, h) = desk();
    h.set_focus(Some(WindowId(2)));
    let (w, calls) = start(fake, 100);
    w.set_active(true);
    let first = wait_for("a full frame", || w.latest());
    assert!(first.full);
    assert_eq!(first.size, (400, 300));
    assert_eq!(first.rects.len(), 1);
    assert_eq!(first.rects[0].0, Rect::of_size(400, 300));
    assert!(all(&first.rects[0].1, RED));
    assert_eq!(
        w.status(),
        MirrorStatus::Live {
            class: "firefox".into()
        }
    );
    assert!(calls.load(Ordering::Relaxed) >= 1);

    let before = h.grabbed_pixels();
    h.fill(WindowId(2), Rect::new(100, 100, 50, 50), BLUE);
    let part = wait_for("a partial update", || w.latest());
    assert!(!part.full);
    assert!(part.seq > first.seq);
    assert_eq!(part.rects.len(), 1);
    let (r, px) = &part.rects[0];
    assert_eq!(*r, Rect::new(50, 50, 25, 25));
    assert!(all(px, BLUE));
    // Only the damaged area (plus the filter's reach) was grabbed, not the window.
    assert!(
        h.grabbed_pixels() - before <= 52 * 52,
        "{}",
        h.grabbed_pixels() - before
    );
}

#[test]
fn inactive_means_no_grabs_and_no_frame() {
    let (fake, h) = desk();
    h.set_focus(Some(WindowId(2)));
    let (w, _) = start(fake, 100);
    std::thread::sleep(Duration::from_millis(200));
    h.fill(WindowId(2), Rect::new(0, 0, 10, 10), BLUE);
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(h.grabs(), 0);
    assert_eq!(w.latest(), None);
    assert_eq!(w.status(), MirrorStatus::Off);

    w.set_active(true);
    wait_for("a frame", || w.latest());
    h.fill(WindowId(2), Rect::new(0, 0, 10, 10), GREEN);
    w.set_active(false);
    wait_status(&w, MirrorStatus::Off);
    std::thread::sleep(Duration::from_millis(50));
    let grabs = h.grabs();
    h.fill(WindowId(2), Rect::new(0, 0, 100, 100), RED);
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(h.grabs(), grabs);
    assert_eq!(w.latest(), None);
    assert_eq!(h.watched(), None);
}

#[test]
fn a_pause_keeps_the_browser_and_forget_ends_it() {
    // A browser Balcão did not start, focused once, then the mediator goes back to Balcão.
    let (w, h, _) = live(100);
    h.set_focus(Some(WindowId(1)));
    std::thread::sleep(Duration::from_millis(200));

    // Paused (F9, a sensitive step) and resumed with the focus still on Balcão: the same browser,
    // grabbed whole again, since the kept frame was zeroed at the pause.
    w.set_active(false);
    wait_status(&w, MirrorStatus::Off);
    assert_eq!(h.watched(), None);
    w.set_active(true);
    let f = wait_for("red again after the pause", || w.latest());
    assert!(f.full && all(&f.rects[0].1, RED));
    assert_eq!(h.watched(), Some(WindowId(2)));

    // The attendance ends: the next one starts with no memory of that browser.
    w.set_active(false);
    w.forget();
    w.set_active(true);
    wait_status(&w, MirrorStatus::NoWindow);
    assert_eq!(w.latest(), None);
    assert_eq!(h.watched(), None);
}

#[test]
fn a_focused_program_that_is_not_allowed_shows_nothing() {
    let (fake, h) = desk();
    h.add_window(info(3, 30, "thunderbird", 800, 600), GREEN);
    h.set_focus(Some(WindowId(3)));
    let (w, _) = start(fake, 100);
    w.set_active(true);
    wait_status(&w, MirrorStatus::NotAllowedFocused);
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(w.latest(), None);
    assert_eq!(h.grabs(), 0);

    // Back to the browser, then to the mail program: the picture goes at once.
    h.set_focus(Some(WindowId(2)));
    wait_for("a frame", || w.latest());
    h.set_focus(Some(WindowId(3)));
    wait_status(&w, MirrorStatus::NotAllowedFocused);
    assert_eq!(w.latest(), None);
}

#[test]
fn focus_on_balcao_keeps_the_browser_and_a_window_change_is_followed() {
    let (fake, h) = desk();
    h.add_window(info(4, BROWSER, "firefox", 640, 480), GREEN);
    h.set_focus(Some(WindowId(2)));
    let (w, _) = start(fake, 100);
    w.set_preferred_pids(vec![BROWSER]);
    w.set_active(true);
    let f = wait_for("red frame", || w.latest());
    assert!(all(&f.rects[0].1, RED));

    h.set_focus(Some(WindowId(1)));
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        w.status(),
        MirrorStatus::Live {
            class: "firefox".into()
        }
    );
    assert_eq!(h.watched(), Some(WindowId(2)));

    h.set_focus(Some(WindowId(4)));
    let f = wait_for("green frame", || {
        w.latest().filter(|f| f.full && all(&f.rects[0].1, GREEN))
    });
    assert_eq!(f.size, (400, 300));
    assert_eq!(h.watched(), Some(WindowId(4)));

    // Closing it while Balcão has focus falls back to the other window of the browser Balcão started.
    h.set_focus(Some(WindowId(1)));
    h.remove_window(WindowId(4));
    wait_for("red again", || {
        w.latest().filter(|f| f.full && all(&f.rects[0].1, RED))
    });
    h.remove_window(WindowId(2));
    wait_status(&w, MirrorStatus::NoWindow);
    assert_eq!(w.latest(), None);
}

#[test]
fn minimised_windows_show_nothing_and_come_back_whole() {
    let (w, h, _) = live(100);
    let mut i = info(2, BROWSER, "firefox", 800, 600);
    i.minimized = true;
    h.update_window(i.clone());
    wait_status(&w, MirrorStatus::Minimized);
    assert_eq!(w.latest(), None);
    i.minimized = false;
    h.update_window(i);
    let f = wait_for("frame again", || w.latest());
    assert!(f.full);
}

#[test]
fn the_grab_rate_is_capped_and_damage_coalesced() {
    let (w, h, _) = live(10);
    let frames = w.frames();
    let start = Instant::now();
    let mut n = 0u32;
    while start.elapsed() < Duration::from_secs(1) {
        h.fill(
            WindowId(2),
            Rect::new(n % 700, 10, 20, 20),
            if n.is_multiple_of(2) { BLUE } else { GREEN },
        );
        n += 1;
        std::thread::sleep(Duration::from_millis(1));
    }
    std::thread::sleep(Duration::from_millis(150));
    let made = w.frames() - frames;
    assert!(n > 200);
    assert!(
        (5..=12).contains(&made),
        "{made} updates for {n} paints at 10 fps"
    );
}

#[test]
fn updates_not_taken_are_merged_and_a_new_target_gives_a_full_frame() {
    let (w, h, _) = live(100);
    let frames = w.frames();
    h.fill(WindowId(2), Rect::new(0, 0, 8, 8), BLUE);
    wait_for("one update", || (w.frames() > frames).then_some(()));
    h.fill(WindowId(2), Rect::new(400, 400, 8, 8), GREEN);
    wait_for("two updates", || (w.frames() > frames + 1).then_some(()));
    let u = w.latest().unwrap();
    assert!(!u.full);
    assert_eq!(u.rects.len(), 2);
    assert!(all(&u.rects[0].1, BLUE));
    assert!(all(&u.rects[1].1, GREEN));
    assert_eq!(w.latest(), None);

    w.set_target(200, 200);
    let f = wait_for("resized frame", || w.latest());
    assert!(f.full);
    assert_eq!(f.size, (200, 150));
    // The merged full frame holds the earlier changes too.
    let px = &f.rects[0].1;
    assert_eq!(&px[..4], &[BLUE[0], BLUE[1], BLUE[2], 255]);
}

#[test]
fn an_unsupported_session_is_reported() {
    let mut w = MirrorWorker::start(
        || Err(MirrorError::Unsupported(SessionKind::Wayland)),
        MirrorSettings::default(),
        Arc::new(|_| {}),
    );
    wait_status(&w, MirrorStatus::Unsupported(SessionKind::Wayland));
    w.set_active(true);
    assert_eq!(w.latest(), None);
    w.stop();
}
