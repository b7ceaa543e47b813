//! Training mode on screen: the band both windows carry, the guided exercises, and the supervisor's
//! switch into and out of training.

use crate::command::Command;
use crate::state::AppState;
use crate::theme;
use balcao_accounts::Permission;
use balcao_i18n::I18n;
use egui::{Frame, Margin, RichText, Ui};

/// The band across the top of a window in training mode: large, dark on amber, impossible to miss.
pub fn band_ui(ui: &mut Ui, text: &str, size: f32) {
    Frame::new()
        .fill(theme::TRAINING_BG)
        .inner_margin(Margin::symmetric(12, 8))
        .show(ui, |ui| {
            ui.set_min_width(ui.available_width());
            ui.vertical_centered(|ui| {
                ui.label(
                    RichText::new(text)
                        .size(size)
                        .strong()
                        .color(theme::TRAINING_TEXT),
                );
            });
        });
}

/// The guided exercises on the home screen in training mode.
pub fn exercises_ui(ui: &mut Ui, state: &AppState, i18n: &I18n, out: &mut Vec<Command>) {
    ui.label(RichText::new(i18n.tr("training-exercises")).size(theme::MEDIATOR_HEADING_SIZE));
    ui.label(RichText::new(i18n.tr("training-exercises-help")).color(theme::MEDIATOR_MUTED));
    for (n, id) in crate::training::EXERCISES.iter().enumerate() {
        let Some(service) = state.catalogue.service(id) else {
            continue;
        };
        let label = i18n.tr_args(
            "training-exercise",
            &[
                ("n", (n + 1).to_string()),
                ("service", service.name.get(state.lang).to_string()),
            ],
        );
        if ui.button(label).clicked() {
            out.push(Command::StartExercise((*id).to_owned()));
        }
    }
}

/// The supervisor's button that restarts the app into training mode, or back out of it.
pub fn switch_ui(ui: &mut Ui, state: &AppState, i18n: &I18n, out: &mut Vec<Command>) {
    if !state.can_switch_training || !state.session.may(Permission::Training) {
        return;
    }
    let label = if state.training {
        i18n.tr("training-stop")
    } else {
        i18n.tr("training-start")
    };
    if ui.button(label).clicked() {
        out.push(Command::SwitchTraining);
    }
}
