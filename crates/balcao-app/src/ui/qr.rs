//! QR codes drawn as egui shapes, so the citizen can take a service address or the survey home on
//! their phone without typing it. Drawing the modules ourselves avoids an image pipeline and keeps the
//! code crisp at any size.

use egui::{Color32, Rect, Sense, Ui, Vec2, pos2, vec2};
use qrcode::{Color, QrCode};

/// Draws `data` as a QR code of `side` points, with its quiet zone. Draws nothing if the data cannot
/// be encoded (it is then also shown as text by the caller).
pub fn qr_ui(ui: &mut Ui, data: &str, side: f32) {
    let Ok(code) = QrCode::new(data.as_bytes()) else {
        return;
    };
    let width = code.width();
    let quiet = 4usize;
    let cells = (width + 2 * quiet) as f32;
    let (rect, _) = ui.allocate_exact_size(Vec2::splat(side), Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, Color32::WHITE);
    let cell = side / cells;
    for (i, c) in code.to_colors().iter().enumerate() {
        if *c == Color::Dark {
            let (x, y) = ((i % width + quiet) as f32, (i / width + quiet) as f32);
            let min = pos2(rect.min.x + x * cell, rect.min.y + y * cell);
            painter.rect_filled(Rect::from_min_size(min, vec2(cell, cell)), 0.0, Color32::BLACK);
        }
    }
}
