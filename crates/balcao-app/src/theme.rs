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
pub const OK: Color32 = Color32::from_rgb(0x0A, 0x6B, 0x2E);
/// Something awaited or refused.
pub const WARN: Color32 = Color32::from_rgb(0x8A, 0x4B, 0x00);
/// Error text and banners.
pub const ERROR: Color32 = Color32::from_rgb(0xA3, 0x12, 0x12);
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
/// Side of a QR code on the citizen screen, in points.
pub const QR_SIZE: f32 = 220.0;
/// Outer margin of the citizen screen.
pub const CITIZEN_MARGIN: f32 = 48.0;
