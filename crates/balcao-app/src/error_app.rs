//! The window shown when the app cannot start: the configuration is wrong or the local record cannot
//! be opened.
//!
//! A counter's disk may be full, its database locked by a second copy of Balcão, or damaged. Starting
//! the workbench anyway would lose every attendance typed into it, so the app does not start; but a
//! mediator at a kiosk never sees a terminal, so the reason is shown in a window, in their language,
//! with the file concerned and what to do, until they close it.

use crate::theme;
use balcao_config::ConfigError;
use balcao_core::text::Lang;
use balcao_i18n::I18n;
use balcao_store::StoreError;
use egui::{CentralPanel, RichText};
use std::path::Path;

/// A window with one message and a close button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorApp {
    /// The heading ("O Balcão não pode começar").
    pub title: String,
    /// What happened and what to do.
    pub message: String,
    /// The file concerned.
    pub detail: String,
    /// The close button's text.
    pub close: String,
}

impl ErrorApp {
    /// The window for a local record that cannot be opened.
    pub fn store_unavailable(lang: Lang, path: &Path, error: &StoreError) -> ErrorApp {
        let i18n = I18n::new(lang);
        ErrorApp {
            title: i18n.tr("app-cannot-start"),
            message: i18n.localize(error),
            detail: path.display().to_string(),
            close: i18n.tr("app-close"),
        }
    }

    /// The window for a counter enrolled with a real central server while this build trusts the
    /// published demo catalogue key.
    pub fn demo_key(lang: Lang, central_url: &str) -> ErrorApp {
        let i18n = I18n::new(lang);
        ErrorApp {
            title: i18n.tr("app-cannot-start"),
            message: i18n.tr("app-demo-key-enrolled"),
            detail: central_url.to_owned(),
            close: i18n.tr("app-close"),
        }
    }

    /// The window for a configuration with problems: each one with its file, line and what is allowed.
    pub fn config_invalid(lang: Lang, errors: &[ConfigError]) -> ErrorApp {
        let i18n = I18n::new(lang);
        let detail: Vec<String> = errors
            .iter()
            .map(|e| format!("{}: {}", e.place(), i18n.localize(&e.problem)))
            .collect();
        ErrorApp {
            title: i18n.tr("app-cannot-start"),
            message: i18n.tr("app-config-invalid"),
            detail: detail.join("\n"),
            close: i18n.tr("app-close"),
        }
    }

    /// Draws the message; returns whether the close button was clicked.
    pub fn error_ui(&self, ui: &mut egui::Ui) -> bool {
        let mut close = false;
        CentralPanel::default().show(ui, |ui| {
            ui.add_space(24.0);
            ui.label(
                RichText::new(&self.title)
                    .size(theme::CITIZEN_BODY_SIZE)
                    .color(theme::ERROR)
                    .strong(),
            );
            ui.add_space(12.0);
            ui.label(RichText::new(&self.message).size(theme::MEDIATOR_HEADING_SIZE));
            ui.add_space(8.0);
            ui.label(RichText::new(&self.detail).monospace());
            ui.add_space(16.0);
            close = ui.button(&self.close).clicked();
        });
        close
    }
}

impl eframe::App for ErrorApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if self.error_ui(ui) {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_configuration_problem_is_shown_with_its_place_and_rule() {
        let errors = balcao_config::load(
            &balcao_config::Sources {
                system: std::path::PathBuf::from("/nonexistent/system.toml"),
                user: None,
            },
            &[(balcao_config::Key::CentralUrl, "http://central.example.pt".into())],
        )
        .unwrap_err();
        let app = ErrorApp::config_invalid(Lang::Pt, &errors);
        assert_eq!(app.title, "O Balcão não pode começar");
        assert!(app.message.contains("balcao config check"), "{}", app.message);
        assert!(
            app.detail.starts_with(
                "command line: «central_url»: o endereço do servidor central tem de começar por https://"
            ),
            "{}",
            app.detail
        );
    }
}
