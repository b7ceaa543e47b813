//! Design tokens: every colour and size the two windows use, in one place.
//!
//! The citizen screen is read from a chair a metre away by people who may be elderly or have low vision,
//! so its type is large and its contrast high (dark blue on white passes WCAG AAA, 12:1). The mediator
//! window is a dense workbench with normal sizes. Widgets never pick a colour or size themselves.

use egui::Color32;

/// Text and background of the citizen screen.
pub const CITIZEN_BG: Color32 = Color32::from_rgb(0xFF, 0xFF, 0xFF);
/// Main text colour of the citizen screen.
pub const CITIZEN_TEXT: Color32 = Color32::from_rgb(0x0B, 0x1F, 0x3A);
/// Accent for headings and progress.
pub const ACCENT: Color32 = Color32::from_rgb(0x00, 0x4C, 0x97);
/// A done item (documents checked, service concluded).
pub const OK: Color32 = Color32::from_rgb(0x06, 0x55, 0x24);
/// Something awaited or refused.
pub const WARN: Color32 = Color32::from_rgb(0x6E, 0x3C, 0x00);
/// Secondary text on the citizen screen (other services of the attendance).
pub const CITIZEN_MUTED: Color32 = Color32::from_rgb(0x33, 0x41, 0x55);
/// Background of the caption under the live picture.
pub const CAPTION_BG: Color32 = Color32::from_rgb(0xEE, 0xF3, 0xFA);
/// Background of the card that waits for the browser.
pub const WAITING_BG: Color32 = Color32::from_rgb(0xF2, 0xF4, 0xF7);
/// The mediator's "the citizen sees the browser live" light.
pub const LIVE: Color32 = Color32::from_rgb(0xC0, 0x1B, 0x1B);
/// Secondary text on the mediator window.
pub const MEDIATOR_MUTED: Color32 = Color32::from_rgb(0x70, 0x78, 0x84);
/// Error text and banners.
pub const ERROR: Color32 = Color32::from_rgb(0xA3, 0x12, 0x12);
/// Background of the training band on both windows (training mode: nothing counts).
pub const TRAINING_BG: Color32 = Color32::from_rgb(0xFF, 0xC1, 0x07);
/// The training band's text: near-black on amber (contrast above 10:1).
pub const TRAINING_TEXT: Color32 = Color32::from_rgb(0x1A, 0x12, 0x00);
/// The training band's text size in the mediator's window.
pub const TRAINING_BAND_SIZE: f32 = 22.0;
/// Background of the "nobody is looking" notice on a sensitive step.
pub const PRIVACY_BG: Color32 = Color32::from_rgb(0xFF, 0xF4, 0xC2);

/// Citizen screen: the step text.
pub const CITIZEN_STEP_SIZE: f32 = 40.0;
/// Citizen screen: headings.
pub const CITIZEN_HEADING_SIZE: f32 = 48.0;
/// Citizen screen: ordinary lines (documents, fee, progress).
pub const CITIZEN_BODY_SIZE: f32 = 30.0;
/// Mediator window: section headings.
pub const MEDIATOR_HEADING_SIZE: f32 = 20.0;
/// The width of the login screen's fields.
pub const LOGIN_FIELD_WIDTH: f32 = 320.0;
/// Side of a QR code on the citizen screen, in points.
pub const QR_SIZE: f32 = 220.0;
/// Outer margin of the citizen screen.
pub const CITIZEN_MARGIN: f32 = 24.0;
/// Citizen screen: the caption's smaller lines (fee beside the picture, opening hours).
pub const CITIZEN_CAPTION_SIZE: f32 = 24.0;
/// How much larger every type size is with `citizen_large_text`.
pub const CITIZEN_LARGE_SCALE: f32 = 1.3;
/// The column beside the live picture on a wide citizen monitor, in points.
pub const CITIZEN_SIDE_WIDTH: f32 = 440.0;

/// The contrast ratio of two colours (WCAG 2.x relative luminance), for the tests that keep every text
/// of the citizen screen at or above AAA's 7:1.
pub fn contrast(a: Color32, b: Color32) -> f32 {
    fn channel(c: u8) -> f32 {
        let c = f32::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }
    let luminance = |c: Color32| 0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b());
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Leaves the panels of the mediator window unfilled: [`clear_color`] paints their colour instead.
///
/// On a counter PC without a GPU every pixel a mesh covers is shaded on the CPU, by Mesa's llvmpipe.
/// The panels' fills cover the whole window on every frame, on top of a clear that has already
/// covered it: a clear is a fill of memory, a panel's fill is a blended, textured triangle pair, shaded
/// pixel by pixel. Leaving them out drew the same pixels for about a third less of the process's CPU per
/// frame (BENCHMARKS.md, "The counter app"). Windows, menus and text fields keep their own fills.
pub fn unfilled_panels_ui(ui: &mut egui::Ui) {
    ui.style_mut().visuals.panel_fill = Color32::TRANSPARENT;
}

/// The colour each frame starts from: the panels' own (see [`unfilled_panels_ui`]). The citizen
/// window paints its own background over it.
pub fn clear_color(visuals: &egui::Visuals) -> [f32; 4] {
    visuals.panel_fill.to_normalized_gamma_f32()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_citizen_text_colour_passes_wcag_aaa_on_every_citizen_background() {
        let texts = [
            ("CITIZEN_TEXT", CITIZEN_TEXT),
            ("ACCENT", ACCENT),
            ("OK", OK),
            ("WARN", WARN),
            ("CITIZEN_MUTED", CITIZEN_MUTED),
        ];
        let backgrounds = [
            ("CITIZEN_BG", CITIZEN_BG),
            ("CAPTION_BG", CAPTION_BG),
            ("PRIVACY_BG", PRIVACY_BG),
            ("WAITING_BG", WAITING_BG),
        ];
        for (tn, t) in texts {
            for (bn, b) in backgrounds {
                let ratio = contrast(t, b);
                assert!(ratio >= 7.0, "{tn} on {bn}: {ratio:.2}:1 is below 7:1");
            }
        }
    }

    #[test]
    fn the_contrast_formula_matches_known_values() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 0.001);
        // #767676 on white is the classic 4.54:1 (the lightest grey that passes AA).
        assert!((contrast(Color32::from_gray(0x76), Color32::WHITE) - 4.54).abs() < 0.02);
    }
}
