//! The citizen window: large type, high contrast, read-only, drawn from a [`CitizenView`] alone.
//!
//! It has no input widget and ignores every event: the citizen follows, the mediator acts. Sizes and
//! colours come from [`crate::theme`].
//!
//! While a service is handled the screen is built around the live picture of the browser: a header
//! with the spot, the service and "Passo 3 de 6", the picture as large as the monitor allows, and the
//! step in plain words as a caption under it, read from a metre away. On a wide monitor (1920×1080)
//! the documents and the fee stand in a column beside the picture; on a small one (1024×768) they
//! give way to the picture and the fee shares the caption. When the picture is paused its place holds
//! a calm pause card, never the last frame.

use crate::mirror::MirrorPane;
use crate::theme;
use crate::ui::qr::qr_ui;
use crate::view::CitizenView;
use egui::{Align, Frame, Layout, Margin, ProgressBar, RichText, Ui, Vec2};

/// The live picture to draw, uploaded to a texture by the caller.
#[derive(Debug, Clone, Copy)]
pub struct Picture {
    /// The texture holding the latest frame.
    pub texture: egui::TextureId,
    /// Its size, in pixels.
    pub size: [u32; 2],
}

/// Type sizes of the citizen screen, normal or large.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    heading: f32,
    step: f32,
    body: f32,
    caption: f32,
}

impl Sizes {
    fn new(large: bool, width: f32) -> Sizes {
        // A 1024-pixel monitor gets slightly smaller type than a 1920 one, so the picture keeps room.
        let base = if width < 1400.0 { 0.8 } else { 1.0 };
        let scale = base * if large { theme::CITIZEN_LARGE_SCALE } else { 1.0 };
        Sizes {
            heading: theme::CITIZEN_HEADING_SIZE * scale,
            step: theme::CITIZEN_STEP_SIZE * scale,
            body: theme::CITIZEN_BODY_SIZE * scale,
            caption: theme::CITIZEN_CAPTION_SIZE * scale,
        }
    }
}

fn text(s: &str, size: f32) -> RichText {
    RichText::new(s).size(size).color(theme::CITIZEN_TEXT)
}

/// A document's mark: a filled green disc when it was checked, an empty ring when not. Drawn as
/// shapes, not glyphs, so it never depends on what the font covers.
fn mark_ui(ui: &mut Ui, done: bool, side: f32) {
    let (rect, _) = ui.allocate_exact_size(Vec2::splat(side), egui::Sense::hover());
    let r = side * 0.35;
    if done {
        ui.painter().circle_filled(rect.center(), r, theme::OK);
    } else {
        ui.painter()
            .circle_stroke(rect.center(), r, egui::Stroke::new(3.0, theme::CITIZEN_TEXT));
    }
}

/// Draws the citizen screen. Returns the size in pixels of the picture's place when the view has
/// one (so the capture worker scales frames to it once), and `None` otherwise.
pub fn citizen_ui(
    ui: &mut Ui,
    view: &CitizenView,
    large: bool,
    picture: Option<&Picture>,
) -> Option<[u32; 2]> {
    // The citizen screen is light whatever the mediator's theme (the progress bar's track included).
    ui.style_mut().visuals = egui::Visuals::light();
    let sizes = Sizes::new(large, ui.available_width() * ui.pixels_per_point());
    let mut area = None;
    let margin = Margin::same(theme::CITIZEN_MARGIN as i8);
    Frame::new()
        .fill(theme::CITIZEN_BG)
        .inner_margin(margin)
        .show(ui, |ui| {
            ui.set_min_size(ui.available_size());
            match view {
                CitizenView::Welcome {
                    title,
                    host,
                    hours,
                    examples_label,
                    examples,
                    more,
                } => {
                    ui.label(text(title, sizes.heading).strong().color(theme::ACCENT));
                    ui.label(text(host, sizes.body));
                    ui.add_space(24.0);
                    ui.label(text(examples_label, sizes.body).strong());
                    for e in examples {
                        ui.horizontal(|ui| {
                            mark_ui(ui, true, sizes.body);
                            ui.add(egui::Label::new(text(e, sizes.body)).wrap());
                        });
                    }
                    ui.add_space(16.0);
                    ui.add(egui::Label::new(text(more, sizes.body)).wrap());
                    ui.add_space(24.0);
                    for h in hours {
                        ui.label(text(h, sizes.caption));
                    }
                }
                CitizenView::Started { title, body } => {
                    ui.label(text(title, sizes.heading).strong().color(theme::ACCENT));
                    ui.add(egui::Label::new(text(body, sizes.step)).wrap());
                }
                CitizenView::Step { .. } => area = step_ui(ui, view, sizes, picture),
                CitizenView::Finished {
                    title,
                    items,
                    alone_label,
                    survey_label,
                    survey_url,
                } => {
                    ui.label(text(title, sizes.heading).strong().color(theme::ACCENT));
                    ui.add_space(16.0);
                    ui.horizontal_wrapped(|ui| {
                        for item in items {
                            ui.vertical(|ui| {
                                ui.set_max_width(theme::QR_SIZE * 2.0);
                                ui.label(text(&item.service, sizes.body).strong());
                                let colour = if item.done { theme::OK } else { theme::WARN };
                                ui.label(text(&item.outcome, sizes.body).color(colour));
                                ui.label(text(alone_label, sizes.caption));
                                ui.label(text(&item.url, sizes.caption));
                                qr_ui(ui, &item.url, theme::QR_SIZE);
                            });
                        }
                        ui.vertical(|ui| {
                            ui.label(text(survey_label, sizes.body).strong());
                            qr_ui(ui, survey_url, theme::QR_SIZE);
                        });
                    });
                }
            }
        });
    area
}

/// The attendance screen: header, picture (or pause card), caption, and on a wide monitor a column
/// with the documents and the fee.
fn step_ui(ui: &mut Ui, view: &CitizenView, sizes: Sizes, picture: Option<&Picture>) -> Option<[u32; 2]> {
    let CitizenView::Step {
        service,
        entity,
        progress,
        step,
        text: step_text,
        private_notice,
        documents,
        fee,
        paid,
        others,
        spot,
        mirror,
        mirror_title,
        mirror_note,
    } = view
    else {
        return None;
    };
    // Header: the service and where we are in it.
    ui.horizontal(|ui| {
        ui.label(text(service, sizes.body * 1.1).strong().color(theme::ACCENT));
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            ui.label(text(progress, sizes.body).strong());
        });
    });
    ui.horizontal(|ui| {
        ui.label(text(&format!("{entity} · {spot}"), sizes.caption));
    });
    let fraction = if step.1 == 0 {
        0.0
    } else {
        (step.0 + 1) as f32 / step.1 as f32
    };
    ui.add(
        ProgressBar::new(fraction)
            .fill(theme::ACCENT)
            .desired_height(12.0),
    );
    ui.add_space(8.0);

    let has_pane = !matches!(mirror, MirrorPane::Hidden);
    if !has_pane {
        // No picture: the step card fills the screen, as before the mirror existed.
        ui.add(egui::Label::new(text(step_text, sizes.step)).wrap());
        if let Some(notice) = private_notice {
            privacy_notice_ui(ui, notice, sizes.body);
        }
        ui.add_space(16.0);
        details_ui(ui, documents, fee, paid, others, sizes);
        return None;
    }

    let wide = ui.available_width() * ui.pixels_per_point() >= 1400.0;
    // The caption under the picture: the step in plain words, at most three lines at this size.
    let caption_height = sizes.step * 3.4 + if wide { 0.0 } else { sizes.caption * 1.6 };
    let picture_height = (ui.available_height() - caption_height - 16.0).max(120.0);
    let mut area = None;
    ui.horizontal_top(|ui| {
        let side = if wide { theme::CITIZEN_SIDE_WIDTH } else { 0.0 };
        let picture_width = ui.available_width() - side;
        let size = Vec2::new(picture_width, picture_height);
        ui.allocate_ui_with_layout(size, Layout::top_down(Align::Center), |ui| {
            ui.set_min_size(size);
            let ppp = ui.pixels_per_point();
            area = Some([(size.x * ppp).round() as u32, (size.y * ppp).round() as u32]);
            match (mirror, picture) {
                (MirrorPane::Live, Some(p)) => {
                    // Drawn at its own pixel size: the worker scaled it to this place once.
                    let shown = Vec2::new(p.size[0] as f32, p.size[1] as f32) / ppp;
                    ui.add(egui::Image::new((p.texture, shown)));
                }
                _ => pause_card_ui(ui, *mirror, mirror_title, mirror_note.as_deref(), size, sizes),
            }
        });
        if wide {
            ui.vertical(|ui| {
                ui.set_max_width(side);
                details_ui(ui, documents, fee, paid, others, sizes);
            });
        }
    });
    ui.add_space(8.0);
    Frame::new()
        .fill(theme::CAPTION_BG)
        .inner_margin(Margin::same(12))
        .show(ui, |ui| {
            ui.set_min_width(ui.available_width());
            ui.add(egui::Label::new(text(step_text, sizes.step)).wrap());
            if !wide {
                ui.label(text(fee, sizes.caption).strong());
            }
        });
    area
}

/// The pause card (or the waiting card) in the picture's place.
fn pause_card_ui(ui: &mut Ui, pane: MirrorPane, title: &str, note: Option<&str>, size: Vec2, sizes: Sizes) {
    let paused = matches!(pane, MirrorPane::Paused(_));
    let fill = if paused {
        theme::PRIVACY_BG
    } else {
        theme::WAITING_BG
    };
    Frame::new()
        .fill(fill)
        .corner_radius(12.0)
        .inner_margin(Margin::same(32))
        .show(ui, |ui| {
            ui.set_min_size(size - Vec2::splat(64.0));
            ui.vertical_centered(|ui| {
                ui.add_space((size.y * 0.25 - sizes.heading).max(0.0));
                if paused {
                    ui.label(text(title, sizes.heading).strong());
                    ui.add_space(16.0);
                }
                if let Some(note) = note {
                    ui.add(egui::Label::new(text(note, sizes.body)).wrap());
                }
            });
        });
}

fn privacy_notice_ui(ui: &mut Ui, notice: &str, size: f32) {
    Frame::new()
        .fill(theme::PRIVACY_BG)
        .inner_margin(Margin::same(16))
        .show(ui, |ui| {
            ui.label(text(notice, size).strong());
        });
}

/// The documents checklist, the fee, what was paid and the other services of this attendance.
fn details_ui(
    ui: &mut Ui,
    documents: &[(String, bool)],
    fee: &str,
    paid: &[String],
    others: &[String],
    sizes: Sizes,
) {
    for (doc, done) in documents {
        ui.horizontal(|ui| {
            mark_ui(ui, *done, sizes.body);
            let colour = if *done { theme::OK } else { theme::CITIZEN_TEXT };
            ui.add(egui::Label::new(text(doc, sizes.body).color(colour)).wrap());
        });
    }
    ui.add_space(16.0);
    ui.label(text(fee, sizes.body).strong());
    for p in paid {
        ui.label(text(p, sizes.body).color(theme::OK));
    }
    for o in others {
        ui.label(text(o, sizes.caption).color(theme::CITIZEN_MUTED));
    }
}
