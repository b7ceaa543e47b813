//! The login and lock screen, and the session's line in the status bar.
//!
//! One screen serves three moments: the day's first login, reopening a locked session (by its owner,
//! with the password or the PIN, or by a supervisor), and a first login with the activation code.
//! It reads the state and emits commands, like every other widget; the secrets it shows are masked
//! and leave the state as soon as they are handed to the check.

use crate::command::Command;
use crate::session::{LoginField, Session};
use crate::state::AppState;
use crate::theme;
use balcao_i18n::I18n;
use egui::{Key, KeyboardShortcut, Modifiers, RichText, Ui};

/// Lock the session.
pub const LOCK: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::L);

/// The login screen (or the locked session's).
pub fn login_ui(ui: &mut Ui, state: &AppState, i18n: &I18n, out: &mut Vec<Command>) {
    let form = &state.login;
    ui.vertical_centered(|ui| {
        ui.add_space(40.0);
        let title = match &state.session {
            Session::Locked(owner) => i18n.tr_args("login-locked-title", &[("name", owner.name.clone())]),
            _ => i18n.tr("login-title"),
        };
        ui.label(RichText::new(title).size(theme::MEDIATOR_HEADING_SIZE).strong());
        ui.add_space(12.0);
        let field = |ui: &mut Ui,
                     label: &str,
                     text: &str,
                     secret: bool,
                     which: LoginField,
                     out: &mut Vec<Command>| {
            let label = ui.label(label);
            let mut value = text.to_owned();
            let edit = egui::TextEdit::singleline(&mut value)
                .password(secret)
                .desired_width(theme::LOGIN_FIELD_WIDTH);
            let r = ui.add(edit).labelled_by(label.id);
            if r.changed() {
                out.push(Command::SetLoginField(which, value));
            }
            r
        };
        field(
            ui,
            &i18n.tr("login-login"),
            &form.login,
            false,
            LoginField::Login,
            out,
        );
        let password = field(
            ui,
            &i18n.tr("login-password"),
            &form.password,
            true,
            LoginField::Password,
            out,
        );
        let enter = password.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        ui.add_space(8.0);
        let busy = form.pending.is_some();
        if ui
            .add_enabled(
                !busy,
                egui::Button::new(RichText::new(i18n.tr("login-enter")).strong()),
            )
            .clicked()
            || (enter && !busy)
        {
            out.push(Command::Login);
        }
        if busy {
            ui.label(i18n.tr("login-checking"));
        }
        if let Some(message) = &form.message {
            ui.add_space(8.0);
            ui.colored_label(theme::ERROR, message);
        }
        if !matches!(state.session, Session::Locked(_)) {
            ui.add_space(24.0);
            ui.collapsing(i18n.tr("login-first-time"), |ui| {
                ui.label(i18n.tr("login-first-time-help"));
                field(
                    ui,
                    &i18n.tr("login-code"),
                    &form.code,
                    false,
                    LoginField::Code,
                    out,
                );
                field(
                    ui,
                    &i18n.tr("login-new-password"),
                    &form.new_password,
                    true,
                    LoginField::NewPassword,
                    out,
                );
                field(
                    ui,
                    &i18n.tr("login-repeat"),
                    &form.repeat,
                    true,
                    LoginField::Repeat,
                    out,
                );
                field(ui, &i18n.tr("login-pin"), &form.pin, true, LoginField::Pin, out);
                if ui
                    .add_enabled(!busy, egui::Button::new(i18n.tr("login-activate")))
                    .clicked()
                {
                    out.push(Command::Activate);
                }
            });
        }
    });
}

/// Who is working, and the lock and logout buttons, for the status bar.
pub fn session_ui(ui: &mut Ui, state: &AppState, i18n: &I18n, out: &mut Vec<Command>) {
    if ui.ctx().input_mut(|i| i.consume_shortcut(&LOCK)) {
        out.push(Command::Lock);
    }
    let Session::Active(account) = &state.session else {
        return;
    };
    // Wrapped: a full Portuguese name with its role and the lock button can be wider than the
    // workbench docked beside the browser, and would widen the whole status bar with it.
    ui.horizontal_wrapped(|ui| {
        ui.label(i18n.tr_args(
            "login-who",
            &[
                ("name", account.name.clone()),
                ("role", i18n.tr(&format!("role-{}", account.role.slug()))),
            ],
        ));
        let lock = i18n.tr_args("login-lock", &[("shortcut", ui.ctx().format_shortcut(&LOCK))]);
        if ui.button(lock).clicked() {
            out.push(Command::Lock);
        }
        if state.attendance.is_none() && ui.button(i18n.tr("login-logout")).clicked() {
            out.push(Command::Logout);
        }
    });
}
