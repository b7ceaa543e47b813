//! The live picture's way from the capture worker to a texture on the citizen window.
//!
//! The worker (`balcao-mirror`, on its own thread) scales each frame once to the size of the
//! picture's place and hands over only what changed, as rectangles of opaque RGBA. The citizen
//! window's callback takes the newest update here and uploads it: the first, or a resize, as a new
//! texture, later ones with `TextureHandle::set_partial` per rectangle, without mipmaps. The mediator
//! window is never repainted for a frame: the worker asks for a repaint of the citizen viewport only.
//!
//! **Privacy:** when the pane is not live, the texture is dropped at once and pending updates are
//! discarded, so resuming never shows a frame from before the pause. Frames live only in memory.

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
    /// capture). A frame repaints only the citizen window.
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
            std::sync::Arc::new(move || ctx.request_repaint_of(crate::app::citizen_viewport())),
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

    /// The picture to draw now: the newest frame uploaded, when `live`; otherwise nothing, and
    /// nothing kept.
    pub fn picture(&self, ctx: &egui::Context, live: bool) -> Option<Picture> {
        let mut texture = self.texture.lock().unwrap_or_else(|p| p.into_inner());
        let update = self.worker.latest();
        if !live {
            *texture = None;
            return None;
        }
        if let Some(update) = update {
            apply(ctx, &mut texture, update);
        }
        texture.as_ref().map(|(t, size)| Picture {
            texture: t.id(),
            size: *size,
        })
    }
}

const OPTIONS: TextureOptions = TextureOptions::LINEAR;

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
