//! The follow-ups on the mediator's screen: the *pendente* form's due day and contact, and the
//! "Pendentes" list across days on the home screen, earliest due first, the overdue in red.
//!
//! The list names the citizen and their phone or e-mail (when they asked to be told that way) because
//! the mediator has to call them; it is drawn on the mediator window only. The citizen window never
//! sees it: `crate::view::CitizenView` has no field for it.

use crate::command::Command;
use crate::state::AppState;
use crate::theme;
use balcao_core::followup::{Due, Notify};
use balcao_i18n::I18n;
use egui::{RichText, Ui};

/// The *pendente* part of the outcome form being composed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PendingDraft {
    /// The due day as typed (`dd/mm/yyyy`); empty until the form first shows, then the proposal.
    pub due: String,
    /// How the citizen wants to be told (`None`: they come back).
    pub notify: Option<Notify>,
}

/// The label of a contact choice.
fn notify_label(i18n: &I18n, notify: Notify) -> String {
    i18n.tr(&format!("followup-notify-{}", notify.slug()))
}

/// The due day (proposed from the catalogue's result time for the service) and the contact, under
/// the *pendente* outcome's "what is awaited" field.
pub fn pending_form_ui(
    ui: &mut Ui,
    state: &AppState,
    i18n: &I18n,
    draft: &mut PendingDraft,
    service_id: &str,
) {
    if draft.due.is_empty() {
        draft.due = crate::followup::proposed_due(state, service_id);
    }
    // Both rows wrap: beside the browser the workbench is narrower than the label, the field and the
    // hint together (or than the question and its three answers).
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(i18n.tr("followup-due"));
        ui.add(egui::TextEdit::singleline(&mut draft.due).desired_width(110.0))
            .labelled_by(label.id);
        ui.label(RichText::new(i18n.tr("followup-due-hint")).weak());
    });
    ui.horizontal_wrapped(|ui| {
        ui.label(i18n.tr("followup-notify"));
        let mut chosen = draft.notify.unwrap_or(Notify::Return);
        for n in Notify::ALL {
            ui.radio_value(&mut chosen, n, notify_label(i18n, n));
        }
        draft.notify = Some(chosen);
    });
}

/// The "Pendentes" list of the home screen.
pub fn list_ui(ui: &mut Ui, state: &AppState, i18n: &I18n, out: &mut Vec<Command>) {
    let overdue = state
        .followups
        .iter()
        .filter(|i| {
            state
                .day
                .is_some_and(|d| matches!(i.followup.due(d), Due::Overdue { .. }))
        })
        .count();
    let title = i18n.tr_args(
        "followup-list",
        &[
            ("count", state.followups.len().to_string()),
            ("overdue", overdue.to_string()),
        ],
    );
    ui.label(RichText::new(title).size(theme::MEDIATOR_HEADING_SIZE));
    if state.followups.is_empty() {
        ui.label(i18n.tr("followup-list-none"));
        return;
    }
    let may_attend = state.attendance.is_none();
    for item in &state.followups {
        let f = &item.followup;
        let service = state
            .catalogue
            .service(&f.service_id)
            .map(|s| s.name.get(state.lang).to_string())
            .unwrap_or_else(|| f.service_id.clone());
        let (when, colour) = match state.day.map(|d| f.due(d)) {
            Some(Due::Overdue { days }) => (
                i18n.tr_args(
                    "followup-overdue",
                    &[("date", f.due_on.text()), ("days", days.to_string())],
                ),
                theme::ERROR,
            ),
            Some(Due::Today) => (i18n.tr("followup-due-today"), theme::WARN),
            _ => (
                i18n.tr_args("followup-due-on", &[("date", f.due_on.text())]),
                theme::MEDIATOR_MUTED,
            ),
        };
        ui.group(|ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(&when).color(colour).strong());
                ui.label(RichText::new(&service).strong());
                if let Some(name) = &item.citizen_name {
                    ui.label(format!("· {name}"));
                }
            });
            if !f.awaiting.is_empty() {
                ui.label(i18n.tr_args("followup-awaiting", &[("what", f.awaiting.clone())]));
            }
            let contact = match (f.notify, &item.phone, &item.email) {
                (Notify::Phone, Some(phone), _) => format!("{} {phone}", notify_label(i18n, Notify::Phone)),
                (Notify::Email, _, Some(email)) => format!("{} {email}", notify_label(i18n, Notify::Email)),
                (n, _, _) => notify_label(i18n, n),
            };
            ui.label(RichText::new(i18n.tr_args("followup-contact", &[("how", contact)])).weak());
            ui.horizontal(|ui| {
                let back = ui.add_enabled(may_attend, egui::Button::new(i18n.tr("followup-return")));
                if back.clicked() {
                    out.push(Command::ReturnFor(f.id.clone()));
                }
                if ui.button(i18n.tr("followup-close-done")).clicked() {
                    out.push(Command::CloseFollowUp(f.id.clone(), true));
                }
                if ui.button(i18n.tr("followup-close-failed")).clicked() {
                    out.push(Command::CloseFollowUp(f.id.clone(), false));
                }
            });
        });
    }
}
