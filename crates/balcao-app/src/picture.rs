//! The live picture's way from the capture worker to a texture on the citizen window.
//!
//! The worker (`balcao-mirror`, on its own thread) scales each frame once to the size of the
//! picture's place and hands over only what changed, as rectangles of opaque RGBA. The citizen
//! window's callback takes the newest update here and uploads it: the first, or a resize, as a new
//! texture, later ones with `TextureHandle::set_partial` per rectangle, without mipmaps. The mediator
//! window is never repainted for a frame: the worker asks for a repaint of the citizen viewport only.
//!
//! **Privacy:** when the pane is not live, the texture is dropped at once; every pause deactivates the
//! worker, which empties its slot and grabs the window whole again on resuming, so resuming never shows
//! a frame from before the pause. Frames live only in memory.

use crate::ui::citizen::Picture;
use balcao_mirror::{FrameUpdate, MirrorWorker};
use egui::{ColorImage, TextureHandle, TextureOptions};
use std::sync::Mutex;

/// The worker, and the texture its frames are uploaded to.
pub struct MirrorFeed {
    worker: MirrorWorker,
    texture: Mutex<Option<(TextureHandle, [u32; 2])>>,
    area: Mutex<Option<[u32; 2]>>,
}

impl MirrorFeed {
    /// A feed over a running worker.
    pub fn new(worker: MirrorWorker) -> MirrorFeed {
        MirrorFeed {
            worker,
            texture: Mutex::new(None),
            area: Mutex::new(None),
        }
    }

    /// Starts the capture worker for this desktop session (X11; elsewhere it reports that it cannot
    /// capture). A frame repaints only the citizen window; a status change wakes the app's logic, so
    /// nothing polls the worker.
    pub fn start(ctx: &egui::Context, config: &crate::config::Config) -> MirrorFeed {
        let settings = balcao_mirror::MirrorSettings {
            allow_list: config.mirror_allow.clone(),
            own_pid: std::process::id(),
            max_fps: config.mirror_max_fps,
            target: (1024, 640),
        };
        let ctx = ctx.clone();
        let worker = MirrorWorker::start(
            balcao_mirror::default_backend,
            settings,
            std::sync::Arc::new(move |wake| match wake {
                // egui paints twice for every zero-delay request ("to give some things time to
                // settle") and once for a delayed one: a frame of the picture needs one pass, and at
                // 10 changes a second the second pass was half the citizen window's rendering cost.
                balcao_mirror::Wake::Frame => ctx.request_repaint_after_for(
                    std::time::Duration::from_millis(1),
                    crate::app::citizen_viewport(),
                ),
                // The app's logic runs with the mediator window's pass: it reads the new status,
                // applies the pause rules and says on both windows what the citizen sees.
                balcao_mirror::Wake::Status => ctx.request_repaint_of(egui::ViewportId::ROOT),
            }),
        );
        MirrorFeed::new(worker)
    }

    /// The worker, to steer it (active, preferred pids) and read its status.
    pub fn worker(&self) -> &MirrorWorker {
        &self.worker
    }

    /// The size of the picture's place changed: frames are scaled to it from now on.
    pub fn set_area(&self, area: [u32; 2]) {
        let mut current = self.area.lock().unwrap_or_else(|p| p.into_inner());
        if *current != Some(area) && area[0] > 0 && area[1] > 0 {
            *current = Some(area);
            self.worker.set_target(area[0], area[1]);
        }
    }

    /// The picture to draw now: the newest frame uploaded, when the citizen view is `live` and the
    /// worker still shows a window; otherwise nothing, and no texture kept.
    ///
    /// An update waiting while the view is not live yet stays in the worker's slot: the worker goes
    /// live (and publishes its one full frame of a still page) before the app's next logic pass turns
    /// the view live, and throwing that frame away left the citizen an empty frame until the page
    /// changed. Nothing private can wait there: every pause rule deactivates the worker, which empties
    /// the slot at once, and the worker empties it itself when the window goes.
    pub fn picture(&self, ctx: &egui::Context, live: bool) -> Option<Picture> {
        let mut texture = self.texture.lock().unwrap_or_else(|p| p.into_inner());
        // The worker's own word counts at once: when it drops the window (the mediator focused mail,
        // the browser closed) the picture goes in this frame, not at the app's next look.
        let showing = matches!(self.worker.status(), balcao_mirror::MirrorStatus::Live { .. });
        if !live || !showing {
            *texture = None;
            return None;
        }
        if let Some(update) = self.worker.latest() {
            apply(ctx, &mut texture, update);
        }
        texture.as_ref().map(|(t, size)| Picture {
            texture: t.id(),
            size: *size,
        })
    }
}

const OPTIONS: TextureOptions = TextureOptions::NEAREST;

/// Uploads one update: a full frame (or one of a new size) as a new texture, otherwise each changed
/// rectangle in place.
fn apply(ctx: &egui::Context, texture: &mut Option<(TextureHandle, [u32; 2])>, update: FrameUpdate) {
    let size = [update.size.0, update.size.1];
    let fits = matches!(texture, Some((_, s)) if *s == size);
    if update.full || !fits {
        // A partial update cannot start a texture: wait for the worker's next full frame.
        let Some((_, pixels)) = update
            .rects
            .into_iter()
            .find(|(r, _)| r.width == size[0] && r.height == size[1])
        else {
            *texture = None;
            return;
        };
        let image = ColorImage::from_rgba_premultiplied([size[0] as usize, size[1] as usize], &pixels);
        *texture = Some((ctx.load_texture("balcao-mirror", image, OPTIONS), size));
        return;
    }
    if let Some((handle, _)) = texture.as_mut() {
        for (rect, pixels) in update.rects {
            // The worker builds opaque pixels, so premultiplied and straight alpha are the same bytes.
            let image =
                ColorImage::from_rgba_premultiplied([rect.width as usize, rect.height as usize], &pixels);
            handle.set_partial([rect.x as usize, rect.y as usize], image, OPTIONS);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use balcao_mirror::{Backend, FakeBackend, MirrorSettings, MirrorStatus, WindowId, WindowInfo};
    use std::time::{Duration, Instant};

    fn browser(id: u64) -> WindowInfo {
        WindowInfo {
            id: WindowId(id),
            pid: Some(20),
            class: "firefox".into(),
            instance: "navigator".into(),
            minimized: false,
            viewable: true,
            x: 0,
            y: 0,
            width: 320,
            height: 200,
        }
    }

    fn feed_with_focused_browser() -> (MirrorFeed, balcao_mirror::FakeHandle) {
        let (fake, handle) = FakeBackend::new();
        handle.add_window(browser(7), [200, 10, 10]);
        handle.set_focus(Some(WindowId(7)));
        let settings = MirrorSettings {
            own_pid: 10,
            max_fps: 100,
            target: (160, 100),
            ..MirrorSettings::default()
        };
        let worker = MirrorWorker::start(
            move || Ok(Box::new(fake) as Box<dyn Backend>),
            settings,
            std::sync::Arc::new(|_| {}),
        );
        (MirrorFeed::new(worker), handle)
    }

    fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
        let end = Instant::now() + Duration::from_secs(5);
        while !f() {
            assert!(Instant::now() < end, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn a_frame_made_before_the_view_turns_live_is_shown_when_it_does() {
        let ctx = egui::Context::default();
        let (feed, _handle) = feed_with_focused_browser();
        feed.worker().set_active(true);
        wait_until("the worker to go live and grab", || {
            matches!(feed.worker().status(), MirrorStatus::Live { .. }) && feed.worker().frames() > 0
        });
        // The citizen window repaints while the app has not turned the view live yet: no picture,
        // and the waiting full frame is not thrown away (a still page sends no other).
        assert!(feed.picture(&ctx, false).is_none());
        let picture = feed.picture(&ctx, true).expect("the waiting frame is shown");
        assert_eq!(picture.size, [160, 100]);
        // Later repaints keep showing it.
        assert!(feed.picture(&ctx, true).is_some());
    }

    #[test]
    fn the_picture_goes_at_once_when_the_worker_drops_the_window() {
        let ctx = egui::Context::default();
        let (feed, handle) = feed_with_focused_browser();
        feed.worker().set_active(true);
        wait_until("a picture", || feed.picture(&ctx, true).is_some());
        handle.remove_window(WindowId(7));
        wait_until("the worker to lose the window", || {
            feed.worker().status() == MirrorStatus::NoWindow
        });
        // The view still says live (the app looks again only at its next logic pass): no picture.
        assert!(feed.picture(&ctx, true).is_none());
        // Paused by the app: nothing either, and nothing kept for later.
        feed.worker().set_active(false);
        assert!(feed.picture(&ctx, false).is_none());
        assert!(feed.texture.lock().unwrap().is_none());
    }
}
