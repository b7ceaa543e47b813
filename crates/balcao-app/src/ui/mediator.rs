//! The mediator's workbench: search, the attendance with its guide, and the status bar.
//!
//! It is keyboard-first, because the mediator's hands are on the keyboard while the citizen talks:
//! `Ctrl+N` starts an attendance, `Ctrl+F` jumps to the search, `Enter` adds the first result,
//! `PageDown`/`PageUp` walk the guide, `Ctrl+O` opens the online service, `Ctrl+E` ends the
//! attendance. Every shortcut is printed beside its button. Every input has an accessible label (the
//! tests drive the window by those labels, as a screen reader would).

use crate::command::Command;
use crate::state::{AppState, CitizenField};
use crate::theme;
use crate::view::fee_text;
use balcao_core::attendance::Outcome;
use balcao_core::text::Lang;
use balcao_i18n::I18n;
use egui::{Key, KeyboardShortcut, Modifiers, RichText, ScrollArea, Ui};

/// Shortcuts, each printed next to its button.
pub mod keys {
    use super::*;
    /// Start an attendance.
    pub const NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
    /// Focus the search box.
    pub const SEARCH: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
    /// Next step.
    pub const NEXT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::PageDown);
    /// Previous step.
    pub const PREV: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::PageUp);
    /// Open the online service.
    pub const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
    /// End the attendance.
    pub const END: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
    /// Pause (or resume) the live picture on the citizen screen: one key, so it is quick.
    pub const PAUSE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F9);
}

/// The outcome being composed for the selected line (view state, not app state).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutcomeDraft {
    /// 0 concluído, 1 pendente, 2 encaminhado, 3 não foi possível.
    pub kind: usize,
    /// What is awaited, to whom, or why.
    pub detail: String,
    /// For *pendente*: the follow-up's due day and contact.
    pub pending: crate::ui::followups::PendingDraft,
}

impl OutcomeDraft {
    fn outcome(&self) -> Outcome {
        let detail = self.detail.trim().to_string();
        match self.kind {
            1 => Outcome::Pendente { awaiting: detail },
            2 => Outcome::Encaminhado { to: detail },
            3 => Outcome::NaoFoiPossivel { reason: detail },
            _ => Outcome::Concluido,
        }
    }
}

/// The mediator window's own view state.
#[derive(Debug)]
pub struct MediatorUi {
    /// The outcome being composed.
    pub draft: OutcomeDraft,
    /// Set to focus the search box on the next frame (at start, so the mediator can type at once).
    pub focus_search: bool,
    /// The cash panels' drafts.
    pub cash: crate::ui::cash::CashUi,
    /// The enrollment form's drafts.
    pub sync: crate::ui::sync::SyncUi,
}

impl Default for MediatorUi {
    fn default() -> Self {
        MediatorUi {
            draft: OutcomeDraft::default(),
            focus_search: true,
            cash: crate::ui::cash::CashUi::default(),
            sync: crate::ui::sync::SyncUi::default(),
        }
    }
}

fn shortcut(ui: &Ui, s: &KeyboardShortcut) -> String {
    ui.ctx().format_shortcut(s)
}

/// Keyboard shortcuts of the whole window.
pub fn shortcuts(ui: &mut Ui, state: &AppState, view: &mut MediatorUi, out: &mut Vec<Command>) {
    let pressed = |s: &KeyboardShortcut| ui.ctx().input_mut(|i| i.consume_shortcut(s));
    if pressed(&keys::NEW) {
        out.push(Command::StartAttendance);
        view.focus_search = true;
    }
    if pressed(&keys::SEARCH) {
        view.focus_search = true;
    }
    if state.attendance.is_some() {
        if pressed(&keys::NEXT) {
            out.push(Command::NextStep);
        }
        if pressed(&keys::PREV) {
            out.push(Command::PrevStep);
        }
        if pressed(&keys::END) {
            out.push(Command::EndAttendance);
        }
        if pressed(&keys::PAUSE) {
            out.push(Command::ToggleMirrorPause);
        }
        if pressed(&keys::OPEN)
            && let Some(url) = selected_service(state).map(|s| s.url.clone())
        {
            out.push(Command::OpenService(url));
        }
    }
}

/// The name of a service in the state's language ("?" for an id the catalogue no longer has).
fn service_name<'a>(state: &'a AppState, id: &str) -> &'a str {
    state
        .catalogue
        .service(id)
        .map(|s| s.name.get(state.lang))
        .unwrap_or("?")
}

/// The outcome's name ("Concluído", "Pendente", …).
fn outcome_label(i18n: &I18n, outcome: &Outcome) -> String {
    i18n.tr(&format!("outcome-{}", outcome.slug()))
}

fn selected_service(state: &AppState) -> Option<&balcao_core::catalogue::Service> {
    let a = state.attendance.as_ref()?;
    let line = a.lines.get(state.selected_line)?;
    state.catalogue.service(&line.service_id)
}

/// The status bar: who and where, the date, the sync state slot, the language switch.
pub fn status_bar_ui(ui: &mut Ui, state: &AppState, i18n: &I18n, today: &str, out: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        ui.label(
            i18n.tr_args(
                "app-status-identity",
                &[
                    ("spot", state.config.spot_code.clone()),
                    ("counter", state.config.counter.clone()),
                    (
                        "mediator",
                        state
                            .session
                            .account()
                            .map_or_else(|| state.config.mediator.clone(), |a| a.login.clone()),
                    ),
                ],
            ),
        );
        ui.separator();
        ui.label(today);
        ui.separator();
        ui.label(match &state.cash.session {
            Some(s) => i18n.tr_args(
                "app-cash-status-open",
                &[
                    ("opened", state.config.time_zone.date_time_text(s.opened_at)),
                    ("count", state.cash.entries.len().to_string()),
                ],
            ),
            None => i18n.tr("app-cash-status-closed"),
        });
        ui.separator();
        match &state.sync {
            Some(status) => {
                let text = RichText::new(crate::ui::sync::status_text(
                    status,
                    &state.config.time_zone,
                    i18n,
                ));
                ui.label(match status.link {
                    balcao_sync::Link::Online => text.color(theme::OK),
                    balcao_sync::Link::Unknown => text,
                    _ => text.color(theme::WARN),
                });
            }
            None => {
                ui.label(i18n.tr("app-sync-not-configured"));
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let (label, other) = match state.lang {
                Lang::Pt => ("English", Lang::En),
                Lang::En => ("Português", Lang::Pt),
            };
            if ui
                .button(label)
                .on_hover_text(i18n.tr("app-switch-language"))
                .clicked()
            {
                out.push(Command::SetLang(other));
            }
        });
    });
}

/// The banner, if any.
pub fn banner_ui(ui: &mut Ui, state: &AppState, i18n: &I18n, out: &mut Vec<Command>) {
    if let Some(b) = &state.banner {
        // Wrapped: a long message would otherwise run past a docked workbench's edge and widen every
        // row below it with it.
        ui.horizontal_wrapped(|ui| {
            let colour = if b.error { theme::ERROR } else { theme::OK };
            ui.label(RichText::new(&b.text).color(colour).strong());
            if state.print_failed.is_some() {
                if ui.button(i18n.tr("app-print-again")).clicked() {
                    out.push(Command::PrintAgain);
                }
                if ui.button(i18n.tr("app-save-pdf")).clicked() {
                    out.push(Command::SavePdf);
                }
            }
            if ui.small_button(i18n.tr("app-dismiss")).clicked() {
                out.push(Command::DismissBanner);
            }
        });
        ui.separator();
    }
}

/// The search box and its results.
pub fn search_ui(ui: &mut Ui, state: &AppState, view: &mut MediatorUi, i18n: &I18n, out: &mut Vec<Command>) {
    let label = ui.label(RichText::new(i18n.tr("app-search-label")).size(theme::MEDIATOR_HEADING_SIZE));
    let mut query = state.query.clone();
    let response = ui.add(
        egui::TextEdit::singleline(&mut query)
            // One id on every screen: the home screen's and the attendance screen's search box are the
            // same widget, so a focus request made on one screen survives the switch to the other.
            .id(egui::Id::unique("balcao-search"))
            .hint_text(i18n.tr_args("app-search-hint", &[("shortcut", shortcut(ui, &keys::SEARCH))]))
            .desired_width(f32::INFINITY),
    );
    let response = response.labelled_by(label.id);
    if view.focus_search {
        response.request_focus();
        view.focus_search = false;
    }
    if response.changed() {
        out.push(Command::SetQuery(query));
    }
    let enter = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
    if enter
        && let Some(first) = state
            .results
            .first()
            .and_then(|i| state.catalogue.services.get(*i))
    {
        out.push(Command::AddService(first.id.clone()));
        view.draft = OutcomeDraft::default();
    }
    for (rank, i) in state.results.iter().enumerate() {
        let Some(s) = state.catalogue.services.get(*i) else {
            continue;
        };
        let acronym = state
            .catalogue
            .entity(&s.entity)
            .map(|e| e.acronym.as_str())
            .unwrap_or("");
        // Wrapped, the button's label too: a service's name and its fees can each be longer than the
        // docked workbench is wide, and the mediator reads them to choose.
        ui.horizontal_wrapped(|ui| {
            let add = if rank == 0 {
                i18n.tr_args("app-add-first", &[("name", s.name.get(state.lang).to_string())])
            } else {
                i18n.tr_args("app-add", &[("name", s.name.get(state.lang).to_string())])
            };
            if ui.add(egui::Button::new(add).wrap()).clicked() {
                out.push(Command::AddService(s.id.clone()));
                view.draft = OutcomeDraft::default();
                view.focus_search = true;
            }
            ui.label(RichText::new(format!("{acronym} · {}", fee_text(s, None, state.lang, i18n))).weak());
        });
    }
}

/// Home: start an attendance, search, the cash session, and today's attendances.
pub fn home_ui(ui: &mut Ui, state: &AppState, view: &mut MediatorUi, i18n: &I18n, out: &mut Vec<Command>) {
    ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| home_content_ui(ui, state, view, i18n, out));
}

fn home_content_ui(
    ui: &mut Ui,
    state: &AppState,
    view: &mut MediatorUi,
    i18n: &I18n,
    out: &mut Vec<Command>,
) {
    use balcao_accounts::Permission;
    // What the role may not do is not offered (the command layer refuses it anyway).
    let attends = state.session.may(Permission::Attend);
    if attends
        && ui
            .button(i18n.tr_args("app-new-attendance", &[("shortcut", shortcut(ui, &keys::NEW))]))
            .clicked()
    {
        out.push(Command::StartAttendance);
        view.focus_search = true;
    }
    if state.finished.is_some() && ui.button(i18n.tr("app-next-citizen")).clicked() {
        out.push(Command::NextCitizen);
    }
    ui.add_space(8.0);
    crate::ui::daycheck::checklist_ui(ui, state, i18n, out);
    if state.training && attends {
        crate::ui::training::exercises_ui(ui, state, i18n, out);
        ui.add_space(12.0);
    }
    search_ui(ui, state, view, i18n, out);
    ui.add_space(12.0);
    crate::ui::training::switch_ui(ui, state, i18n, out);
    if state.session.may(Permission::Till) {
        crate::ui::cash::session_ui(ui, state, &mut view.cash, i18n, out);
        ui.add_space(12.0);
    }
    if state.session.may(Permission::UnlockAccount) && !state.locked_out.is_empty() {
        locked_out_ui(ui, state, i18n, out);
        ui.add_space(12.0);
    }
    // A citizen's RGPD requests, for the role that may answer them (and in demo mode).
    if state.session.may(Permission::CitizenRights) {
        crate::ui::rights::rights_ui(ui, state, i18n, out);
        ui.add_space(12.0);
    }
    crate::ui::sync::sync_ui(ui, state, &mut view.sync, i18n, out);
    ui.add_space(12.0);
    if !attends {
        return;
    }
    crate::ui::followups::list_ui(ui, state, i18n, out);
    ui.add_space(12.0);
    ui.label(RichText::new(i18n.tr("app-today")).size(theme::MEDIATOR_HEADING_SIZE));
    if state.today.is_empty() {
        ui.label(i18n.tr("app-today-none"));
    }
    for a in &state.today {
        let services: Vec<String> = a
            .lines
            .iter()
            .map(|l| {
                let name = service_name(state, &l.service_id);
                let outcome = l
                    .outcome
                    .as_ref()
                    .map(|o| outcome_label(i18n, o))
                    .unwrap_or_default();
                format!("{name} ({outcome})")
            })
            .collect();
        ui.label(format!("• {}", services.join("; ")));
    }
}

/// The accounts failed logins locked out on this counter, each with its unlock button (supervisors).
fn locked_out_ui(ui: &mut Ui, state: &AppState, i18n: &I18n, out: &mut Vec<Command>) {
    ui.label(
        RichText::new(i18n.tr("login-locked-list"))
            .size(theme::MEDIATOR_HEADING_SIZE)
            .color(theme::WARN),
    );
    for (login, name) in &state.locked_out {
        ui.horizontal(|ui| {
            ui.label(format!("{name} ({login})"));
            if ui
                .button(i18n.tr_args("login-unlock", &[("name", name.clone())]))
                .clicked()
            {
                out.push(Command::UnlockAccount(login.clone()));
            }
        });
    }
}

/// The attendance: lines, identification, the selected line's guide, outcome, notes, end.
pub fn attendance_ui(
    ui: &mut Ui,
    state: &AppState,
    view: &mut MediatorUi,
    i18n: &I18n,
    out: &mut Vec<Command>,
) {
    let Some(a) = &state.attendance else { return };
    mirror_bar_ui(ui, state, i18n, out);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(i18n.tr("app-services")).strong());
        for (i, l) in a.lines.iter().enumerate() {
            let name = service_name(state, &l.service_id);
            let done = l
                .outcome
                .as_ref()
                .map(|o| format!(" · {}", outcome_label(i18n, o)))
                .unwrap_or_default();
            if ui
                .selectable_label(i == state.selected_line, format!("{}. {name}{done}", i + 1))
                .clicked()
            {
                out.push(Command::SelectLine(i));
                view.draft = OutcomeDraft::default();
            }
        }
    });
    ui.separator();
    ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        // Open or folded per attendance: the next citizen's starts as its own default says, not as the
        // mediator left the last one's.
        egui::CollapsingHeader::new(i18n.tr("app-identification"))
            .id_salt(("identification", &a.id))
            .default_open(a.lines.is_empty())
            .show(ui, |ui| {
                citizen_form_ui(ui, state, i18n, out);
            });
        ui.separator();
        search_ui(ui, state, view, i18n, out);
        ui.separator();
        if let (Some(line), Some(service)) = (a.lines.get(state.selected_line), selected_service(state)) {
            guide_ui(ui, state, service, line, i18n, out);
            ui.separator();
            if state.session.may(balcao_accounts::Permission::Till) {
                crate::ui::cash::payment_ui(ui, state, &mut view.cash, service, i18n, out);
                ui.separator();
            }
            outcome_ui(ui, state, view, i18n, out);
        }
        if !state.downloads.is_empty() {
            ui.separator();
            downloads_ui(ui, state, i18n, out);
        }
        ui.separator();
        let notes_label = ui.label(RichText::new(i18n.tr("app-notes")).strong());
        let mut notes = state.notes.clone();
        let r = ui.add(
            egui::TextEdit::multiline(&mut notes)
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        );
        let r = r.labelled_by(notes_label.id);
        if r.changed() {
            out.push(Command::SetNotes(notes));
        }
        if r.lost_focus() {
            out.push(Command::SaveNotes);
        }
        let conf_label = ui.label(RichText::new(i18n.tr("app-confidential")).strong());
        let mut confidential = state.confidential.clone();
        let r = ui
            .add(egui::TextEdit::singleline(&mut confidential).password(true))
            .labelled_by(conf_label.id);
        if r.changed() {
            out.push(Command::SetConfidential(confidential));
        }
        ui.add_space(12.0);
        let end = i18n.tr_args("app-end-attendance", &[("shortcut", shortcut(ui, &keys::END))]);
        if ui.button(RichText::new(end).strong()).clicked() {
            out.push(Command::EndAttendance);
        }
    });
}

/// What the citizen sees now, like a screen-sharing indicator, with the pause button beside it.
pub fn mirror_bar_ui(ui: &mut Ui, state: &AppState, i18n: &I18n, out: &mut Vec<Command>) {
    use crate::mirror::{MirrorPane, MirrorSource, mirror_pane};
    let pane = mirror_pane(state);
    let (id, colour) = match pane {
        MirrorPane::Live => ("app-mirror-sees-live", theme::LIVE),
        MirrorPane::Paused(_) => ("app-mirror-sees-paused", theme::WARN),
        MirrorPane::Waiting if state.mirror.source == MirrorSource::NotAllowedFocused => {
            ("app-mirror-sees-not-allowed", theme::WARN)
        }
        MirrorPane::Waiting => ("app-mirror-sees-waiting", theme::WARN),
        MirrorPane::Unsupported => ("app-mirror-sees-unsupported", theme::WARN),
        MirrorPane::Hidden if !state.config.mirror => ("app-mirror-sees-off", theme::MEDIATOR_MUTED),
        MirrorPane::Hidden => ("app-mirror-sees-guide", theme::MEDIATOR_MUTED),
    };
    ui.horizontal_wrapped(|ui| {
        // A filled disc like a recording light: red-ish when live, so it is never missed.
        let (rect, _) = ui.allocate_exact_size(egui::Vec2::splat(14.0), egui::Sense::hover());
        ui.painter().circle_filled(rect.center(), 6.0, colour);
        ui.label(RichText::new(i18n.tr(id)).strong().color(colour));
        if state.config.mirror {
            let key = shortcut(ui, &keys::PAUSE);
            let label = if state.mirror.paused_by_mediator {
                i18n.tr_args("app-mirror-resume", &[("shortcut", key)])
            } else {
                i18n.tr_args("app-mirror-pause", &[("shortcut", key)])
            };
            if ui.button(label).clicked() {
                out.push(Command::ToggleMirrorPause);
            }
        }
    });
    ui.separator();
}

fn citizen_form_ui(ui: &mut Ui, state: &AppState, i18n: &I18n, out: &mut Vec<Command>) {
    for field in CitizenField::ALL {
        ui.horizontal(|ui| {
            let label = ui.label(i18n.tr(field.label_id()));
            let mut value = state.form.value(field).to_string();
            let r = ui.text_edit_singleline(&mut value).labelled_by(label.id);
            if r.changed() {
                out.push(Command::SetField(field, value));
            }
        });
        if let Some(err) = state.form.error(field) {
            ui.label(RichText::new(err).color(theme::ERROR));
        }
    }
    let days = state.config.retention_days.to_string();
    ui.label(RichText::new(i18n.tr_args("app-consent-note", &[("days", days)])).italics());
    let mut consent = state.form.consent;
    if ui.checkbox(&mut consent, i18n.tr("app-consent")).changed() {
        out.push(Command::SetConsent(consent));
    }
    if ui.button(i18n.tr("app-save-citizen")).clicked() {
        out.push(Command::SaveCitizen);
    }
}

/// The files downloaded in the attendance's browser: each can be printed, and the folder is named so
/// the mediator can hand them over another way before they are deleted at the end.
fn downloads_ui(ui: &mut Ui, state: &AppState, i18n: &I18n, out: &mut Vec<Command>) {
    ui.label(RichText::new(i18n.tr("app-downloads")).strong());
    for (i, d) in state.downloads.iter().enumerate() {
        // Wrapped: portals give their files long names, longer than the docked workbench is wide.
        ui.horizontal_wrapped(|ui| {
            if ui.button(i18n.tr("app-downloads-print")).clicked() {
                out.push(Command::PrintDownload(i));
            }
            ui.label(d.name());
            if d.printed {
                ui.label(RichText::new(format!("· {}", i18n.tr("app-downloads-printed"))).weak());
            }
        });
    }
    if let Some(folder) = state.downloads.first().and_then(|d| d.path.parent()) {
        let where_ = i18n.tr_args("app-downloads-where", &[("path", folder.display().to_string())]);
        ui.label(RichText::new(where_).weak());
    }
}

fn guide_ui(
    ui: &mut Ui,
    state: &AppState,
    service: &balcao_core::catalogue::Service,
    line: &balcao_core::attendance::ServiceLine,
    i18n: &I18n,
    out: &mut Vec<Command>,
) {
    let lang = state.lang;
    let entity = state
        .catalogue
        .entity(&service.entity)
        .map(|e| e.name.get(lang))
        .unwrap_or("");
    ui.label(
        RichText::new(service.name.get(lang))
            .size(theme::MEDIATOR_HEADING_SIZE)
            .strong(),
    );
    ui.label(format!(
        "{entity} · {}",
        fee_text(service, None, state.lang, i18n)
    ));
    // Wrapped: a portal's address can be longer than the docked workbench is wide, and it is read out
    // to a citizen now and then, so it goes on to the next line rather than past the edge.
    ui.horizontal_wrapped(|ui| {
        let open = i18n.tr_args("app-open-service", &[("shortcut", shortcut(ui, &keys::OPEN))]);
        if ui.button(open).clicked() {
            out.push(Command::OpenService(service.url.clone()));
        }
        ui.label(RichText::new(&service.url).weak());
    });
    if !service.questions.is_empty() {
        // The questions are asked before starting; once the guide is under way they fold away.
        egui::CollapsingHeader::new(RichText::new(i18n.tr("app-questions")).strong())
            .id_salt(("questions", &service.id, line.current_step == 0))
            .default_open(line.current_step == 0)
            .show(ui, |ui| {
                for q in &service.questions {
                    ui.label(format!("• {}", q.question.get(lang)));
                    let when = if q.proceed_if {
                        i18n.tr("app-if-no")
                    } else {
                        i18n.tr("app-if-yes")
                    };
                    ui.label(RichText::new(format!("   {when} {}", q.otherwise.get(lang))).weak());
                }
            });
    }
    if !service.documents.is_empty() {
        ui.label(RichText::new(i18n.tr("app-documents")).strong());
        for (i, d) in service.documents.iter().enumerate() {
            let mut checked = line.documents_checked.contains(&i);
            let mut text = d.name.get(lang).to_string();
            if d.optional {
                text.push_str(&format!(" ({})", i18n.tr("app-optional")));
            }
            if ui.checkbox(&mut checked, text).changed() {
                out.push(Command::ToggleDocument(i));
            }
        }
    }
    let count = service.steps.len();
    let step = line.current_step.min(count.saturating_sub(1));
    if let Some(s) = service.steps.get(step) {
        ui.add_space(6.0);
        ui.label(
            RichText::new(i18n.tr_args(
                "app-step",
                &[("step", (step + 1).to_string()), ("count", count.to_string())],
            ))
            .size(theme::MEDIATOR_HEADING_SIZE)
            .color(theme::ACCENT),
        );
        ui.label(RichText::new(s.mediator.get(lang)).size(16.0));
        ui.label(
            RichText::new(i18n.tr_args("app-citizen-sees", &[("text", s.citizen.get(lang).to_string())]))
                .weak(),
        );
        if s.sensitive {
            ui.label(
                RichText::new(i18n.tr("app-sensitive-step"))
                    .color(theme::WARN)
                    .strong(),
            );
        }
        ui.horizontal(|ui| {
            let prev = i18n.tr_args("app-prev-step", &[("shortcut", shortcut(ui, &keys::PREV))]);
            if ui.add_enabled(step > 0, egui::Button::new(prev)).clicked() {
                out.push(Command::PrevStep);
            }
            let next = i18n.tr_args("app-next-step", &[("shortcut", shortcut(ui, &keys::NEXT))]);
            if ui
                .add_enabled(step + 1 < count, egui::Button::new(next))
                .clicked()
            {
                out.push(Command::NextStep);
            }
        });
    }
}

fn outcome_ui(ui: &mut Ui, state: &AppState, view: &mut MediatorUi, i18n: &I18n, out: &mut Vec<Command>) {
    ui.label(RichText::new(i18n.tr("app-outcome")).strong());
    if let Some(current) = state
        .attendance
        .as_ref()
        .and_then(|a| a.lines.get(state.selected_line))
        .and_then(|l| l.outcome.as_ref())
    {
        ui.label(i18n.tr_args(
            "app-outcome-current",
            &[("outcome", outcome_label(i18n, current))],
        ));
    }
    ui.horizontal(|ui| {
        for (k, id) in [
            "outcome-concluido",
            "outcome-pendente",
            "outcome-encaminhado",
            "outcome-nao-foi-possivel",
        ]
        .iter()
        .enumerate()
        {
            ui.radio_value(&mut view.draft.kind, k, i18n.tr(id));
        }
    });
    if view.draft.kind > 0 {
        let hint =
            ["", "app-outcome-awaiting", "app-outcome-to", "app-outcome-reason"][view.draft.kind.min(3)];
        if view.draft.kind == 2 {
            // Referred to an entity of the catalogue: the citizen screen then names it.
            let chosen = state
                .catalogue
                .entity(&view.draft.detail)
                .map(|e| e.name.get(state.lang).to_string())
                .unwrap_or_else(|| i18n.tr("app-outcome-entity-none"));
            egui::ComboBox::from_label(i18n.tr("app-outcome-entity"))
                .selected_text(chosen)
                .show_ui(ui, |ui| {
                    for e in &state.catalogue.entities {
                        ui.selectable_value(&mut view.draft.detail, e.id.clone(), e.name.get(state.lang));
                    }
                });
        }
        let label = ui.label(i18n.tr(hint));
        ui.text_edit_singleline(&mut view.draft.detail)
            .labelled_by(label.id);
        ui.label(RichText::new(i18n.tr("app-outcome-private")).weak());
        if view.draft.kind == 1
            && let Some(service) = selected_service(state)
        {
            crate::ui::followups::pending_form_ui(ui, state, i18n, &mut view.draft.pending, &service.id);
        }
    }
    if ui.button(i18n.tr("app-set-outcome")).clicked() {
        let d = &view.draft;
        out.push(if d.kind == 1 {
            Command::SetPending(
                state.selected_line,
                d.detail.trim().to_string(),
                d.pending.due.clone(),
                d.pending.notify.unwrap_or(balcao_core::followup::Notify::Return),
            )
        } else {
            Command::SetOutcome(state.selected_line, d.outcome())
        });
    }
}
