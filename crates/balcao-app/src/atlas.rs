//! The size of egui's glyph atlas: at most 2048 pixels a side, whatever the renderer allows.
//!
//! egui rasterises every glyph it draws into one texture atlas, kept twice: as an RGBA image in the
//! app's memory, and as a texture in the renderer's. The atlas is as *wide* as the renderer's largest
//! texture, and grows in height as glyphs are added. On a counter PC without a GPU the renderer is
//! Mesa's llvmpipe, whose textures may be 16 384 pixels wide, so each row of glyphs cost 16 384 × 4
//! bytes per pixel of its height, twice, however few glyphs it held; with the citizen window's large
//! type the two copies of the atlas were the largest part of the app's heap (issue 17, BENCHMARKS.md).
//! 2048 pixels a side holds every glyph both windows draw, in both languages, many times over.
//!
//! The side must be the same for every viewport: egui keeps one atlas for both windows and rebuilds
//! it whenever the side it is given changes. eframe calls the app's `raw_input_hook` for each
//! viewport's frame, so [`AtlasSide::apply`] gives each the same value: the renderer's own limit when it
//! is smaller, remembered from the first frame that reported it.

/// The largest side of the glyph atlas.
pub const ATLAS_SIDE: usize = 2048;

/// The atlas side every viewport is given.
#[derive(Debug, Default, Clone, Copy)]
pub struct AtlasSide {
    /// The renderer's limit, clamped to [`ATLAS_SIDE`], once a frame has reported it.
    side: Option<usize>,
}

impl AtlasSide {
    /// Sets the frame's `max_texture_side` to the atlas side.
    pub fn apply(&mut self, raw_input: &mut egui::RawInput) {
        if let Some(renderer) = raw_input.max_texture_side {
            let side = renderer.min(ATLAS_SIDE);
            self.side = Some(self.side.map_or(side, |known| known.min(side)));
        }
        raw_input.max_texture_side = Some(self.side.unwrap_or(ATLAS_SIDE));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(side: Option<usize>) -> egui::RawInput {
        egui::RawInput {
            max_texture_side: side,
            ..Default::default()
        }
    }

    #[test]
    fn a_large_renderer_limit_is_clamped_and_every_later_frame_gets_the_same_side() {
        let mut atlas = AtlasSide::default();
        let mut first = frame(Some(16_384));
        atlas.apply(&mut first);
        assert_eq!(first.max_texture_side, Some(ATLAS_SIDE));
        // egui-winit reports the limit on a viewport's first frame only.
        let mut later = frame(None);
        atlas.apply(&mut later);
        assert_eq!(later.max_texture_side, Some(ATLAS_SIDE));
    }

    #[test]
    fn a_smaller_renderer_limit_wins_for_every_viewport() {
        let mut atlas = AtlasSide::default();
        let mut root = frame(Some(1024));
        atlas.apply(&mut root);
        assert_eq!(root.max_texture_side, Some(1024));
        // A second window's first frame, reporting a larger limit, and the frames after it.
        for side in [Some(8192), None] {
            let mut other = frame(side);
            atlas.apply(&mut other);
            assert_eq!(other.max_texture_side, Some(1024));
        }
    }
}
