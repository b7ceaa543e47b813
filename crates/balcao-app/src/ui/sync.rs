//! The mediator's view of sync: the status line (always visible), and on the home screen the
//! enrollment form, "sync now" and the quarantined records.
//!
//! Everything here reads `AppState::sync`, a snapshot the sync worker publishes; nothing waits on the
//! network. The citizen window never shows any of it.

use crate::command::Command;
use crate::state::AppState;
use crate::theme;
use balcao_core::time::SpotZone;
use balcao_i18n::I18n;
use balcao_sync::{EnrollmentState, Link, SyncStatus};
use egui::{RichText, Ui};

/// The enrollment form's drafts.
#[derive(Debug, Default)]
pub struct SyncUi {
    /// The central server's address, as typed (prefilled from the configuration).
    pub url: Option<String>,
    /// The one-time code.
    pub code: String,
}

/// The status line: link, records waiting, last sync, quarantined records.
pub fn status_text(status: &SyncStatus, zone: &SpotZone, i18n: &I18n) -> String {
    let mut parts = vec![
        i18n.tr(status.link.message_id()),
        i18n.tr_args("sync-status-waiting", &[("count", status.waiting.to_string())]),
        match status.last_success_at {
            Some(t) => i18n.tr_args("sync-status-last-success", &[("time", zone.date_time_text(t))]),
            None => i18n.tr("sync-status-never"),
        },
    ];
    if status.quarantined > 0 {
        parts.push(i18n.tr_args(
            "sync-status-quarantined",
            &[("count", status.quarantined.to_string())],
        ));
    }
    parts.join(" · ")
}

/// The home screen's sync section.
pub fn sync_ui(ui: &mut Ui, state: &AppState, view: &mut SyncUi, i18n: &I18n, out: &mut Vec<Command>) {
    let Some(status) = &state.sync else { return };
    ui.label(RichText::new(i18n.tr("app-sync")).size(theme::MEDIATOR_HEADING_SIZE));
    ui.label(status_text(status, &state.config.time_zone, i18n));
    if let Some(e) = &status.last_error {
        ui.label(RichText::new(i18n.localize(e)).color(theme::WARN));
    }
    if let Some(c) = status.catalogue.as_ref().filter(|c| c.expired) {
        ui.label(
            RichText::new(i18n.tr_args(
                "sync-status-catalogue-expired",
                &[
                    ("version", c.version.clone()),
                    ("date", state.config.time_zone.date_time_text(c.expires_at)),
                ],
            ))
            .color(theme::WARN),
        );
    }
    if let Some(running) = &state.catalogues.running {
        ui.label(i18n.tr_args("app-catalogue-in-use", &[("version", running.version.clone())]));
    }
    match &status.enrollment {
        EnrollmentState::InProgress => {
            ui.label(i18n.tr("sync-enroll-in-progress"));
        }
        EnrollmentState::Succeeded { spot } => {
            ui.label(
                RichText::new(i18n.tr_args("sync-enroll-succeeded", &[("spot", spot.clone())]))
                    .color(theme::OK),
            );
        }
        EnrollmentState::Failed(e) => {
            ui.label(RichText::new(i18n.localize(e)).color(theme::ERROR));
        }
        EnrollmentState::Idle => {}
    }
    if matches!(status.link, Link::NotEnrolled | Link::Refused)
        && !state.session.may(balcao_accounts::Permission::Enrol)
    {
        // Enrolling the counter is a technician's job; the others are told whom to call.
        ui.label(RichText::new(i18n.tr("app-sync-enroll-tecnico")).color(theme::WARN));
    } else if matches!(status.link, Link::NotEnrolled | Link::Refused) {
        let url = view
            .url
            .get_or_insert_with(|| state.config.central_url.clone().unwrap_or_default());
        ui.horizontal(|ui| {
            let l = ui.label(i18n.tr("app-sync-url"));
            ui.text_edit_singleline(url).labelled_by(l.id);
        });
        ui.horizontal(|ui| {
            let l = ui.label(i18n.tr("app-sync-code"));
            ui.text_edit_singleline(&mut view.code).labelled_by(l.id);
        });
        if ui.button(i18n.tr("app-sync-enroll")).clicked() {
            out.push(Command::Enroll(url.clone(), view.code.clone()));
        }
    } else if ui.button(i18n.tr("app-sync-now")).clicked() {
        out.push(Command::SyncNow);
    }
    if !state.quarantine.is_empty() {
        ui.label(
            RichText::new(i18n.tr("app-sync-quarantine"))
                .strong()
                .color(theme::WARN),
        );
        for q in &state.quarantine {
            // What identifies the record and why it was refused; never its payload (it may hold a NIF).
            ui.label(format!(
                "{} · {} · {} · {}",
                state.config.time_zone.date_time_text(q.quarantined_at),
                q.entry.kind,
                q.entry.record_id,
                q.reason
            ));
        }
    }
}
