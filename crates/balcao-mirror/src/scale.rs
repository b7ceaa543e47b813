//! Fitting the mirrored window into the citizen's frame. The browser window is usually larger than the
//! frame (1920×1080 into 1024×768), so downscaling must keep small text readable: an area (box) filter
//! averages exactly the source pixels each frame pixel covers, which is sharp and alias-free at ratios
//! below 2; upscaling uses a bilinear filter. The filter is separable, with the per-column and per-row
//! source taps and fixed-point weights computed once per size pair ([`Scaler::new`]), so a frame is only
//! integer multiply-adds.
//!
//! A small change must cost little, so a [`Scaler`] scales a dirty *rectangle*: [`Scaler::plan`] says
//! which frame rectangle a changed source rectangle affects and which (slightly larger) source rectangle is
//! needed to compute it, and [`Scaler::scale_rect`] computes exactly that frame rectangle, giving the same
//! pixels a full rescale would.
//!
//! The output is always opaque RGBA (alpha 255): the source alpha of an X11 window is meaningless for a
//! picture on another monitor.

use crate::rect::Rect;

/// The byte order of the source pixels (4 bytes each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    /// Blue, green, red, ignored: X11's 24/32-bit little-endian ZPixmap.
    Bgrx,
    /// Red, green, blue, ignored alpha.
    Rgba,
}

/// Why a rectangle could not be scaled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScaleError {
    /// The destination rectangle is empty or outside the frame.
    #[error("the destination rectangle is empty or outside the frame")]
    BadDestination,
    /// The given source pixels do not cover what the destination rectangle needs.
    #[error("the source pixels do not cover the rectangle to scale")]
    SourceTooSmall,
}

/// The size of `src` scaled to fit inside `target`, keeping its aspect ratio (at least 1×1 when both are
/// non-empty; `(0, 0)` when either is empty).
pub fn fit(src: (u32, u32), target: (u32, u32)) -> (u32, u32) {
    let (sw, sh) = (u64::from(src.0), u64::from(src.1));
    let (tw, th) = (u64::from(target.0), u64::from(target.1));
    if sw == 0 || sh == 0 || tw == 0 || th == 0 {
        return (0, 0);
    }
    let (w, h) = if sw * th <= tw * sh {
        // Height-limited: the full target height, the width in proportion (rounded).
        ((sw * th + sh / 2) / sh, th)
    } else {
        (tw, (sh * tw + sw / 2) / sw)
    };
    let w = w.clamp(1, tw);
    let h = h.clamp(1, th);
    // Both are bounded by the target, which came from u32 values.
    (
        u32::try_from(w).unwrap_or(target.0),
        u32::try_from(h).unwrap_or(target.1),
    )
}

/// Fixed-point one for the horizontal filter weights (12 bits: sums of 255 × 4096 × taps fit easily
/// in u32).
const SHIFT: u32 = 12;
const ONE: u32 = 1 << SHIFT;
/// Fixed-point one for the vertical weights: 7 bits, so that 255 × 128 and the rounding half fit in a
/// u16 and the vertical pass multiplies eight 16-bit lanes at once (plain SSE2) instead of emulating
/// 32-bit products. A weight off by 1/256 at most is invisible on a mirrored page.
const VSHIFT: u32 = 7;
const VONE: u32 = 1 << VSHIFT;

/// The filter taps of one axis: for each destination index, a run of source indices and their weights.
#[derive(Debug, Clone)]
struct Axis {
    /// The first source index of each destination index.
    first: Vec<u32>,
    /// How many consecutive source indices each destination index reads.
    count: Vec<u32>,
    /// The weights, `stride` per destination index, summing to `ONE`.
    weights: Vec<u32>,
    /// The room per destination index in `weights`.
    stride: usize,
}

impl Axis {
    /// The taps scaling `n` source pixels to `m`, with weights summing to `one`.
    fn new(n: u32, m: u32, one: u32) -> Axis {
        let mut taps: Vec<Vec<(u32, f64)>> = Vec::with_capacity(m as usize);
        let (nf, mf) = (f64::from(n), f64::from(m));
        for i in 0..m {
            let fi = f64::from(i);
            let mut t = Vec::new();
            if n >= m {
                // Area: the destination pixel covers [a, b) in source coordinates.
                let scale = nf / mf;
                let (a, b) = (fi * scale, (fi + 1.0) * scale);
                let mut j = a.floor();
                while j < b && j < nf {
                    let w = (b.min(j + 1.0) - a.max(j)) / scale;
                    if w > 1e-9 {
                        t.push((j as u32, w));
                    }
                    j += 1.0;
                }
            } else {
                // Bilinear: sample at the destination pixel's centre.
                let c = ((fi + 0.5) * nf / mf - 0.5).clamp(0.0, nf - 1.0);
                let j0 = c.floor();
                let f = c - j0;
                t.push((j0 as u32, 1.0 - f));
                if f > 1e-9 && (j0 as u32) + 1 < n {
                    t.push((j0 as u32 + 1, f));
                }
            }
            if t.is_empty() {
                t.push((i.min(n.saturating_sub(1)), 1.0));
            }
            taps.push(t);
        }
        let stride = taps.iter().map(Vec::len).max().unwrap_or(1);
        let mut axis = Axis {
            first: Vec::with_capacity(m as usize),
            count: Vec::with_capacity(m as usize),
            weights: vec![0; stride * m as usize],
            stride,
        };
        for (i, t) in taps.iter().enumerate() {
            axis.first.push(t.first().map_or(0, |p| p.0));
            axis.count.push(t.len() as u32);
            let ws = &mut axis.weights[i * stride..i * stride + t.len()];
            let total: f64 = t.iter().map(|p| p.1).sum();
            for (w, p) in ws.iter_mut().zip(t) {
                *w = (p.1 / total * f64::from(one)).round() as u32;
            }
            // Make the weights sum to exactly `one`, so a solid colour stays exactly that colour.
            let sum: u32 = ws.iter().sum();
            if let Some(big) = ws.iter_mut().max() {
                *big = (*big + one).saturating_sub(sum);
            }
        }
        axis
    }

    /// The source index one past the last read by destination index `i`.
    fn end(&self, i: usize) -> u32 {
        self.first[i] + self.count[i]
    }

    /// The destination range affected by the source range `[s0, s1)`.
    fn affected(&self, s0: u32, s1: u32) -> (u32, u32) {
        let start = partition(self.first.len(), |i| self.end(i) <= s0);
        let stop = partition(self.first.len(), |i| self.first[i] < s1);
        (start as u32, stop.max(start) as u32)
    }

    /// The source range read by the destination range `[d0, d1)` (non-empty).
    fn source(&self, d0: u32, d1: u32) -> (u32, u32) {
        (self.first[d0 as usize], self.end(d1 as usize - 1))
    }
}

/// The first index in `0..len` for which `pred` is false (`pred` must be true then false).
fn partition(len: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// What one dirty source rectangle means for the frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// The frame rectangle to recompute.
    pub dst: Rect,
    /// The source rectangle needed to recompute it (the dirty one plus the filter's reach).
    pub src: Rect,
}

/// A scaler from one source size to one frame size, with its filter tables and a reused work buffer.
#[derive(Debug, Clone)]
pub struct Scaler {
    src: (u32, u32),
    dst: (u32, u32),
    cols: Axis,
    rows: Axis,
    /// Vertically filtered rows (source byte order), reused between calls so a frame allocates
    /// nothing here.
    vbuf: Vec<u8>,
    /// One row's accumulators for the vertical pass, reused likewise.
    acc: Vec<u16>,
}

impl Scaler {
    /// A scaler from a `src` image to a `dst` frame (both non-empty, else every call fails cleanly).
    pub fn new(src: (u32, u32), dst: (u32, u32)) -> Scaler {
        Scaler {
            src,
            dst,
            cols: Axis::new(src.0.max(1), dst.0, ONE),
            rows: Axis::new(src.1.max(1), dst.1, VONE),
            vbuf: Vec::new(),
            acc: Vec::new(),
        }
    }

    /// A scaler from `src` to the size that fits it inside `target`.
    pub fn fitting(src: (u32, u32), target: (u32, u32)) -> Scaler {
        Scaler::new(src, fit(src, target))
    }

    /// The source size.
    pub fn src_size(&self) -> (u32, u32) {
        self.src
    }

    /// The frame size.
    pub fn dst_size(&self) -> (u32, u32) {
        self.dst
    }

    /// Which frame rectangle a change of `dirty` (source coordinates, clipped to the source) affects, and
    /// which source rectangle is needed to recompute it; `None` when it affects nothing.
    pub fn plan(&self, dirty: Rect) -> Option<Plan> {
        let dirty = dirty.intersect(&Rect::of_size(self.src.0, self.src.1))?;
        if self.dst.0 == 0 || self.dst.1 == 0 {
            return None;
        }
        let (dx0, dx1) = self.cols.affected(dirty.x, dirty.right());
        let (dy0, dy1) = self.rows.affected(dirty.y, dirty.bottom());
        if dx1 <= dx0 || dy1 <= dy0 {
            return None;
        }
        let dst = Rect::new(dx0, dy0, dx1 - dx0, dy1 - dy0);
        Some(Plan {
            dst,
            src: self.source_for(dst),
        })
    }

    /// The source rectangle that frame rectangle `dst` (non-empty, inside the frame) reads.
    fn source_for(&self, dst: Rect) -> Rect {
        let (sx0, sx1) = self.cols.source(dst.x, dst.right());
        let (sy0, sy1) = self.rows.source(dst.y, dst.bottom());
        Rect::new(sx0, sy0, sx1 - sx0, sy1 - sy0)
    }

    /// Scales the whole source (`src`, tightly packed rows) into `out` (resized to the frame).
    pub fn scale_full(
        &mut self,
        src: &[u8],
        format: SourceFormat,
        out: &mut Vec<u8>,
    ) -> Result<(), ScaleError> {
        let all_src = Rect::of_size(self.src.0, self.src.1);
        let all_dst = Rect::of_size(self.dst.0, self.dst.1);
        self.scale_rect(src, all_src, format, all_dst, out)
    }

    /// Computes frame rectangle `dst` into `out` (resized to `dst`'s size, tightly packed opaque RGBA).
    /// `src` holds the pixels of source rectangle `src_rect` (tightly packed rows), which must contain what
    /// `dst` reads (see [`Scaler::plan`]).
    pub fn scale_rect(
        &mut self,
        src: &[u8],
        src_rect: Rect,
        format: SourceFormat,
        dst: Rect,
        out: &mut Vec<u8>,
    ) -> Result<(), ScaleError> {
        if dst.is_empty() || !Rect::of_size(self.dst.0, self.dst.1).contains(&dst) {
            return Err(ScaleError::BadDestination);
        }
        let need = self.source_for(dst);
        let src_stride = src_rect.width as usize * 4;
        if !src_rect.contains(&need) || src.len() < src_stride * src_rect.height as usize {
            return Err(ScaleError::SourceTooSmall);
        }
        let (ri, gi, bi) = match format {
            SourceFormat::Bgrx => (2, 1, 0),
            SourceFormat::Rgba => (0, 1, 2),
        };
        let dw = dst.width as usize;
        let hrow = dw * 4;

        // Pass 1: filter vertically, every needed source column at once, into `vbuf` (one row per
        // frame row, still in the source's byte order). Rows are contiguous, so this heavier pass (it
        // runs over the source's full width) is a plain multiply-add over bytes that the compiler
        // vectorises; filtering horizontally first gathered taps pixel by pixel over every source row
        // and took three times as long.
        let vrow = need.width as usize * 4;
        let x_off = (need.x - src_rect.x) as usize * 4;
        self.vbuf.resize(dst.height as usize * vrow, 0);
        self.acc.resize(vrow, 0);
        let rows = &self.rows;
        for (dy, vb) in (dst.y..dst.bottom()).zip(self.vbuf.chunks_exact_mut(vrow)) {
            let d = dy as usize;
            let first = (rows.first[d] - src_rect.y) as usize;
            let n = rows.count[d] as usize;
            let ws = &rows.weights[d * rows.stride..d * rows.stride + n];
            self.acc.fill(VONE as u16 / 2);
            for (k, &w) in ws.iter().enumerate() {
                let off = (first + k) * src_stride + x_off;
                let row = &src[off..off + vrow];
                // The weights sum to VONE, so the sum stays within 255 × 128 + 64.
                let w = w as u16;
                for (a, &p) in self.acc.iter_mut().zip(row) {
                    *a += w * u16::from(p);
                }
            }
            for (v, &a) in vb.iter_mut().zip(self.acc.iter()) {
                *v = (a >> VSHIFT) as u8;
            }
        }

        // Pass 2: filter those rows horizontally into the output, reordering to opaque RGBA.
        out.resize(hrow * dst.height as usize, 0);
        let cols = &self.cols;
        for (vb, orow) in self.vbuf.chunks_exact(vrow).zip(out.chunks_exact_mut(hrow)) {
            for (dx, px) in (dst.x..dst.right()).zip(orow.chunks_exact_mut(4)) {
                let d = dx as usize;
                let first = (cols.first[d] - need.x) as usize;
                let n = cols.count[d] as usize;
                let ws = &cols.weights[d * cols.stride..d * cols.stride + n];
                // All four bytes alike (one vector operation per tap), reordered when stored.
                let mut a = [ONE / 2; 4];
                for (&w, p) in ws.iter().zip(vb[first * 4..(first + n) * 4].chunks_exact(4)) {
                    for (a, &p) in a.iter_mut().zip(p) {
                        *a += w * u32::from(p);
                    }
                }
                px[0] = (a[ri] >> SHIFT).min(255) as u8;
                px[1] = (a[gi] >> SHIFT).min(255) as u8;
                px[2] = (a[bi] >> SHIFT).min(255) as u8;
                px[3] = 255;
            }
        }
        Ok(())
    }
}

/// Copies the tightly packed 4-byte pixels of `rect` into the frame `frame` of width `frame_width`
/// (rows outside the frame are skipped, so a stale rectangle never panics).
pub fn blit(frame: &mut [u8], frame_width: u32, rect: Rect, pixels: &[u8]) {
    let fstride = frame_width as usize * 4;
    let rstride = rect.width as usize * 4;
    if rect.right() > frame_width || rstride == 0 {
        return;
    }
    for (i, src_row) in pixels
        .chunks_exact(rstride)
        .take(rect.height as usize)
        .enumerate()
    {
        let off = (rect.y as usize + i) * fstride + rect.x as usize * 4;
        if let Some(dst) = frame.get_mut(off..off + rstride) {
            dst.copy_from_slice(src_row);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    /// A BGRX image filled by `f(x, y) -> (r, g, b)`.
    fn image(w: u32, h: u32, f: impl Fn(u32, u32) -> (u8, u8, u8)) -> Vec<u8> {
        let mut v = Vec::with_capacity((w * h * 4) as usize);
        for y in 0..h {
            for x in 0..w {
                let (r, g, b) = f(x, y);
                v.extend_from_slice(&[b, g, r, 0]);
            }
        }
        v
    }

    fn crop(src: &[u8], w: u32, r: Rect) -> Vec<u8> {
        let mut v = Vec::new();
        for y in r.y..r.bottom() {
            let off = ((y * w + r.x) * 4) as usize;
            v.extend_from_slice(&src[off..off + (r.width * 4) as usize]);
        }
        v
    }

    #[test]
    fn fit_keeps_the_aspect_ratio() {
        assert_eq!(fit((1920, 1080), (1024, 768)), (1024, 576));
        assert_eq!(fit((800, 600), (1024, 768)), (1024, 768));
        assert_eq!(fit((600, 800), (1024, 768)), (576, 768));
        assert_eq!(fit((1000, 1), (10, 10)), (10, 1));
        assert_eq!(fit((0, 10), (10, 10)), (0, 0));
        assert_eq!(fit((10, 10), (0, 10)), (0, 0));
    }

    #[test]
    fn a_solid_colour_stays_the_same_colour() {
        for (src, dst) in [
            ((1920, 1080), (1024, 576)),
            ((300, 200), (1024, 683)),
            ((7, 5), (3, 2)),
        ] {
            let img = image(src.0, src.1, |_, _| (200, 30, 77));
            let mut s = Scaler::new(src, dst);
            let mut out = Vec::new();
            s.scale_full(&img, SourceFormat::Bgrx, &mut out).unwrap();
            assert_eq!(out.len(), (dst.0 * dst.1 * 4) as usize);
            assert!(
                out.chunks_exact(4).all(|p| p == [200, 30, 77, 255]),
                "{src:?} -> {dst:?}"
            );
        }
    }

    #[test]
    fn rgba_sources_keep_their_channels() {
        let img: Vec<u8> = (0..16).flat_map(|_| [10u8, 20, 30, 0]).collect();
        let mut s = Scaler::new((4, 4), (2, 2));
        let mut out = Vec::new();
        s.scale_full(&img, SourceFormat::Rgba, &mut out).unwrap();
        assert!(out.chunks_exact(4).all(|p| p == [10, 20, 30, 255]));
    }

    #[test]
    fn a_half_black_half_white_image_stays_split_at_the_middle() {
        // 1920 wide, black left half: in 1024 columns, 0..512 black, 512..1024 white.
        let img = image(
            1920,
            1080,
            |x, _| if x < 960 { (0, 0, 0) } else { (255, 255, 255) },
        );
        let mut s = Scaler::fitting((1920, 1080), (1024, 768));
        assert_eq!(s.dst_size(), (1024, 576));
        let mut out = Vec::new();
        s.scale_full(&img, SourceFormat::Bgrx, &mut out).unwrap();
        for y in [0usize, 288, 575] {
            for x in 0..1024usize {
                let p = &out[(y * 1024 + x) * 4..][..4];
                let want = if x < 512 { 0 } else { 255 };
                assert_eq!(p, [want, want, want, 255], "pixel {x},{y}");
            }
        }
        // Upscaling keeps the split at the middle too (with one blended column each side at most).
        let small = image(100, 50, |x, _| if x < 50 { (0, 0, 0) } else { (255, 255, 255) });
        let mut s = Scaler::new((100, 50), (300, 150));
        s.scale_full(&small, SourceFormat::Bgrx, &mut out).unwrap();
        assert_eq!(out[148 * 4], 0);
        assert_eq!(out[151 * 4], 255);
    }

    #[test]
    fn a_partial_update_equals_the_full_update_in_its_region() {
        let (sw, sh) = (1920, 1080);
        let img = image(sw, sh, |x, y| {
            ((x * 7 % 251) as u8, (y * 13 % 253) as u8, ((x ^ y) % 256) as u8)
        });
        for target in [(1024, 768), (2500, 2000), (333, 111)] {
            let mut s = Scaler::fitting((sw, sh), target);
            let (dw, _) = s.dst_size();
            let mut full = Vec::new();
            s.scale_full(&img, SourceFormat::Bgrx, &mut full).unwrap();
            for dirty in [
                Rect::new(901, 433, 200, 50),
                Rect::new(0, 0, 1, 1),
                Rect::new(1900, 1070, 500, 500),
            ] {
                let plan = s.plan(dirty).unwrap();
                assert!(
                    plan.src
                        .contains(&dirty.intersect(&Rect::of_size(sw, sh)).unwrap())
                );
                let pixels = crop(&img, sw, plan.src);
                let mut part = Vec::new();
                s.scale_rect(&pixels, plan.src, SourceFormat::Bgrx, plan.dst, &mut part)
                    .unwrap();
                assert_eq!(part, crop_rgba(&full, dw, plan.dst), "{target:?} {dirty:?}");
            }
        }
    }

    fn crop_rgba(src: &[u8], w: u32, r: Rect) -> Vec<u8> {
        crop(src, w, r)
    }

    #[test]
    fn a_small_dirty_rect_maps_to_a_small_frame_rect() {
        let s = Scaler::fitting((1920, 1080), (1024, 768));
        let plan = s.plan(Rect::new(960, 540, 200, 50)).unwrap();
        assert!(plan.dst.width <= 108 && plan.dst.height <= 28, "{plan:?}");
        assert!(plan.src.width <= 204 && plan.src.height <= 54, "{plan:?}");
        assert_eq!(s.plan(Rect::new(5000, 0, 10, 10)), None);
    }

    #[test]
    fn too_small_sources_are_refused_not_panicked_on() {
        let mut s = Scaler::new((100, 100), (50, 50));
        let mut out = Vec::new();
        let img = image(10, 10, |_, _| (1, 2, 3));
        assert_eq!(
            s.scale_rect(
                &img,
                Rect::of_size(10, 10),
                SourceFormat::Bgrx,
                Rect::of_size(50, 50),
                &mut out
            ),
            Err(ScaleError::SourceTooSmall)
        );
        assert_eq!(
            s.scale_rect(
                &img,
                Rect::of_size(10, 10),
                SourceFormat::Bgrx,
                Rect::new(40, 40, 20, 20),
                &mut out
            ),
            Err(ScaleError::BadDestination)
        );
        let mut empty = Scaler::new((100, 100), (0, 0));
        assert_eq!(empty.plan(Rect::of_size(10, 10)), None);
        assert!(empty.scale_full(&img, SourceFormat::Bgrx, &mut out).is_err());
    }

    #[test]
    fn blit_copies_into_place_and_ignores_overflow() {
        let mut frame = vec![0u8; 4 * 4 * 4];
        blit(&mut frame, 4, Rect::new(1, 1, 2, 2), &[9u8; 16]);
        assert_eq!(frame[(4 + 1) * 4], 9);
        assert_eq!(frame[0], 0);
        blit(&mut frame, 4, Rect::new(3, 3, 2, 2), &[9u8; 16]);
        blit(&mut frame, 4, Rect::new(0, 3, 2, 2), &[7u8; 16]);
        assert_eq!(frame[3 * 16], 7);
    }
}
