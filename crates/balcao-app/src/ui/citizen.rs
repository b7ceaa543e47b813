//! The citizen window: large type, high contrast, read-only, drawn from a [`CitizenView`] alone.
//!
//! It has no input widget and ignores every event: the citizen follows, the mediator acts. Sizes and
//! colours come from [`crate::theme`].

use crate::theme;
use crate::ui::qr::qr_ui;
use crate::view::CitizenView;
use egui::{Frame, Margin, ProgressBar, RichText, Ui};

fn text(s: &str, size: f32) -> RichText {
    RichText::new(s).size(size).color(theme::CITIZEN_TEXT)
}

/// A document's mark: a filled green disc when it was checked, an empty ring when not. Drawn as
/// shapes, not glyphs, so it never depends on what the font covers.
fn mark_ui(ui: &mut Ui, done: bool) {
    let side = theme::CITIZEN_BODY_SIZE;
    let (rect, _) = ui.allocate_exact_size(egui::Vec2::splat(side), egui::Sense::hover());
    let r = side * 0.35;
    if done {
        ui.painter().circle_filled(rect.center(), r, theme::OK);
    } else {
        ui.painter()
            .circle_stroke(rect.center(), r, egui::Stroke::new(3.0, theme::CITIZEN_TEXT));
    }
}

/// Draws the citizen screen.
pub fn citizen_ui(ui: &mut Ui, view: &CitizenView) {
    // The citizen screen is light whatever the mediator's theme (the progress bar's track included).
    ui.style_mut().visuals = egui::Visuals::light();
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
                    entities,
                } => {
                    ui.label(
                        text(title, theme::CITIZEN_HEADING_SIZE)
                            .strong()
                            .color(theme::ACCENT),
                    );
                    ui.label(text(host, theme::CITIZEN_BODY_SIZE));
                    ui.add_space(24.0);
                    for h in hours {
                        ui.label(text(h, theme::CITIZEN_BODY_SIZE));
                    }
                    ui.add_space(24.0);
                    ui.label(text(entities, theme::CITIZEN_BODY_SIZE));
                }
                CitizenView::Started { title, body } => {
                    ui.label(
                        text(title, theme::CITIZEN_HEADING_SIZE)
                            .strong()
                            .color(theme::ACCENT),
                    );
                    ui.label(text(body, theme::CITIZEN_STEP_SIZE));
                }
                CitizenView::Step {
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
                } => {
                    ui.label(
                        text(service, theme::CITIZEN_HEADING_SIZE)
                            .strong()
                            .color(theme::ACCENT),
                    );
                    ui.label(text(entity, theme::CITIZEN_BODY_SIZE));
                    ui.add_space(16.0);
                    ui.label(text(progress, theme::CITIZEN_BODY_SIZE));
                    let fraction = if step.1 == 0 {
                        0.0
                    } else {
                        (step.0 + 1) as f32 / step.1 as f32
                    };
                    ui.add(
                        ProgressBar::new(fraction)
                            .fill(theme::ACCENT)
                            .desired_height(16.0),
                    );
                    ui.add_space(16.0);
                    ui.label(text(step_text, theme::CITIZEN_STEP_SIZE));
                    if let Some(notice) = private_notice {
                        Frame::new()
                            .fill(theme::PRIVACY_BG)
                            .inner_margin(Margin::same(16))
                            .show(ui, |ui| {
                                ui.label(text(notice, theme::CITIZEN_BODY_SIZE).strong());
                            });
                    }
                    ui.add_space(16.0);
                    for (doc, done) in documents {
                        ui.horizontal(|ui| {
                            mark_ui(ui, *done);
                            let colour = if *done { theme::OK } else { theme::CITIZEN_TEXT };
                            ui.add(
                                egui::Label::new(text(doc, theme::CITIZEN_BODY_SIZE).color(colour)).wrap(),
                            );
                        });
                    }
                    ui.add_space(16.0);
                    ui.label(text(fee, theme::CITIZEN_BODY_SIZE).strong());
                    for p in paid {
                        ui.label(text(p, theme::CITIZEN_BODY_SIZE).color(theme::OK));
                    }
                    for o in others {
                        ui.label(text(o, theme::CITIZEN_BODY_SIZE).weak());
                    }
                }
                CitizenView::Finished {
                    title,
                    items,
                    alone_label,
                    survey_label,
                    survey_url,
                } => {
                    ui.label(
                        text(title, theme::CITIZEN_HEADING_SIZE)
                            .strong()
                            .color(theme::ACCENT),
                    );
                    ui.add_space(16.0);
                    ui.horizontal_wrapped(|ui| {
                        for item in items {
                            ui.vertical(|ui| {
                                ui.set_max_width(theme::QR_SIZE * 2.0);
                                ui.label(text(&item.service, theme::CITIZEN_BODY_SIZE).strong());
                                let colour = if item.done { theme::OK } else { theme::WARN };
                                ui.label(text(&item.outcome, theme::CITIZEN_BODY_SIZE).color(colour));
                                ui.label(text(alone_label, theme::CITIZEN_BODY_SIZE * 0.7));
                                ui.label(text(&item.url, theme::CITIZEN_BODY_SIZE * 0.7));
                                qr_ui(ui, &item.url, theme::QR_SIZE);
                            });
                        }
                        ui.vertical(|ui| {
                            ui.label(text(survey_label, theme::CITIZEN_BODY_SIZE).strong());
                            qr_ui(ui, survey_url, theme::QR_SIZE);
                        });
                    });
                }
            }
        });
}
