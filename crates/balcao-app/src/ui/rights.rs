//! The citizen's-rights panel on the home screen (supervisors): a NIF or card number, what the
//! counter holds about that citizen, and the two answers the RGPD gives them, a printed copy and the
//! erasure (which asks for a second press).

use crate::command::Command;
use crate::state::AppState;
use crate::theme;
use balcao_i18n::I18n;
use egui::{RichText, Ui};

/// Draws the panel.
pub fn rights_ui(ui: &mut Ui, state: &AppState, i18n: &I18n, out: &mut Vec<Command>) {
    ui.label(RichText::new(i18n.tr("rights-title")).size(theme::MEDIATOR_HEADING_SIZE));
    ui.label(RichText::new(i18n.tr("rights-help")).color(theme::MEDIATOR_MUTED));
    ui.horizontal(|ui| {
        let label = ui.label(i18n.tr("rights-query"));
        let mut query = state.rights.query.clone();
        let field = ui.text_edit_singleline(&mut query).labelled_by(label.id);
        if field.changed() {
            out.push(Command::SetRightsQuery(query));
        }
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.button(i18n.tr("rights-find")).clicked() || enter {
            out.push(Command::FindCitizen);
        }
    });
    let Some((key, found)) = &state.rights.found else {
        return;
    };
    if found.is_empty() {
        ui.label(i18n.tr_args("rights-none", &[("key", key.shown())]));
        return;
    }
    ui.label(i18n.tr_args(
        "rights-found",
        &[("key", key.shown()), ("count", found.len().to_string())],
    ));
    for a in found {
        let when = state.config.time_zone.date_time_text(a.started_at);
        let services: Vec<&str> = a
            .lines
            .iter()
            .map(|l| {
                state
                    .catalogue
                    .service(&l.service_id)
                    .map_or(l.service_id.as_str(), |s| s.name.get(state.lang))
            })
            .collect();
        ui.label(format!("• {when}: {}", services.join("; ")));
    }
    ui.horizontal(|ui| {
        if ui.button(i18n.tr("rights-print")).clicked() {
            out.push(Command::PrintCitizenCopy);
        }
        let erase = if state.rights.confirm_erase {
            RichText::new(i18n.tr_args("rights-erase-confirm", &[("count", found.len().to_string())]))
                .color(theme::WARN)
                .strong()
        } else {
            RichText::new(i18n.tr("rights-erase"))
        };
        if ui.button(erase).clicked() {
            out.push(Command::EraseCitizen);
        }
    });
}
