//! The start-of-day checklist on the home screen: one line per check, a plain action under each
//! failure or warning, and "Verificar equipamento" to run it again. It never blocks anything: the
//! mediator can fold it away and work.

use crate::command::Command;
use crate::state::AppState;
use crate::theme;
use balcao_daycheck::{Msg, Status};
use balcao_i18n::I18n;
use egui::{RichText, Ui};

fn say(i18n: &I18n, msg: &Msg) -> String {
    i18n.tr_args(&msg.id, &msg.fluent_args())
}

/// The checklist (folded when everything passed), or a line saying it is running.
pub fn checklist_ui(ui: &mut Ui, state: &AppState, i18n: &I18n, out: &mut Vec<Command>) {
    let check = &state.day_check;
    let Some(report) = &check.last else {
        if check.running || check.requested.is_some() {
            ui.label(RichText::new(i18n.tr("daycheck-running")).weak());
            ui.add_space(8.0);
        }
        return;
    };
    let worst = report.worst();
    let (summary, colour) = match worst {
        Status::Fail => ("daycheck-summary-fail", theme::ERROR),
        Status::Warn => ("daycheck-summary-warn", theme::WARN),
        Status::Ok | Status::Skipped => ("daycheck-summary-ok", theme::OK),
    };
    let when = state.config.time_zone.date_time_text(report.at);
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(i18n.tr_args(summary, &[("when", when)]))
                .size(theme::MEDIATOR_HEADING_SIZE)
                .color(colour),
        );
        let fold = if check.folded {
            "daycheck-show"
        } else {
            "daycheck-hide"
        };
        if ui.button(i18n.tr(fold)).clicked() {
            out.push(Command::ToggleDayCheck);
        }
        let run = ui.add_enabled(!check.running, egui::Button::new(i18n.tr("daycheck-run")));
        if run.clicked() {
            out.push(Command::RunDayCheck);
        }
        if check.running {
            ui.label(RichText::new(i18n.tr("daycheck-running")).weak());
        }
    });
    if !check.folded {
        for item in &report.items {
            // A coloured disc per line (the fonts have no tick mark), the status also in the words.
            let colour = match item.status {
                Status::Ok => theme::OK,
                Status::Warn => theme::WARN,
                Status::Fail => theme::ERROR,
                Status::Skipped => theme::MEDIATOR_MUTED,
            };
            ui.horizontal_wrapped(|ui| {
                let (rect, _) = ui.allocate_exact_size(egui::Vec2::splat(14.0), egui::Sense::hover());
                ui.painter().circle_filled(rect.center(), 6.0, colour);
                ui.label(RichText::new(i18n.tr(item.check.title_id())).strong());
                ui.label(say(i18n, &item.message));
            });
            if let Some(action) = &item.action {
                ui.label(RichText::new(format!("» {}", say(i18n, action))).color(colour));
            }
        }
    }
    ui.add_space(12.0);
}
