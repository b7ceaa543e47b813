//! The counter's configuration: who and where this counter is, and how its citizen screen behaves.
//!
//! Every record carries the spot, the counter and the mediator who made it, and the citizen screen greets
//! people with the spot's name, its host entity and opening hours, so these come from configuration.
//! With no configuration file at all the app starts in a usable **demo** state (a demonstration spot),
//! which is what a fresh machine and the README's run command get. The full layering of system file,
//! user file and flags belongs to the installers' issue; here one optional file, `config.toml` in the
//! data directory, is read, and a mistake in it is reported with its line and column.

use balcao_core::text::Lang;
use serde::Deserialize;
use std::path::Path;

/// The counter's configuration.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The Espaço do Cidadão's code, carried by every record.
    pub spot_code: String,
    /// Its name, shown on the citizen screen.
    pub spot_name: String,
    /// The host entity (municipality, parish, post office).
    pub host_entity: String,
    /// Opening hours, one line each.
    pub opening_hours: Vec<String>,
    /// This counter within the spot.
    pub counter: String,
    /// The mediator on duty (until mediator accounts exist).
    pub mediator: String,
    /// The satisfaction survey address; `{attendance}` is replaced by the attendance id (never personal
    /// data).
    pub survey_url_template: String,
    /// The monitor for the citizen window: an index (`1`) or a name (`HDMI-1`); none means the first
    /// monitor that is not the mediator's.
    pub citizen_monitor: Option<String>,
    /// The default language of the mediator window.
    pub lang: Lang,
    /// How long the citizen screen shows the end of an attendance before returning to the welcome by
    /// itself, so a mediator who forgets to clear it never shows one citizen's summary to the next.
    pub end_screen_seconds: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            spot_code: "EC-DEMO".into(),
            spot_name: "Espaço do Cidadão de Demonstração".into(),
            host_entity: "Junta de Freguesia de Demonstração".into(),
            opening_hours: vec!["Segunda a sexta: 9h00–12h30 e 14h00–17h30".into()],
            counter: "1".into(),
            mediator: "mediador-demo".into(),
            survey_url_template: "https://www.gov.pt/avaliar?atendimento={attendance}".into(),
            citizen_monitor: None,
            lang: Lang::Pt,
            end_screen_seconds: 120,
        }
    }
}

/// A configuration file that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file.
    pub path: String,
    /// 1-based line and column, when the problem has a place.
    pub line_col: Option<(usize, usize)>,
    /// What is wrong (the TOML library's text, in English; it names the key and what is allowed).
    pub detail: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line_col {
            Some((l, c)) => write!(f, "{}:{l}:{c}: {}", self.path, self.detail),
            None => write!(f, "{}: {}", self.path, self.detail),
        }
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Reads `path`, or returns the demo configuration when the file does not exist.
    pub fn load_or_default(path: &Path) -> Result<Config, ConfigError> {
        let shown = path.display().to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(ConfigError {
                    path: shown,
                    line_col: None,
                    detail: e.to_string(),
                });
            }
        };
        Config::parse(&shown, &text)
    }

    /// Parses a configuration text.
    pub fn parse(path: &str, text: &str) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| {
            let line_col = e.span().map(|s| {
                let before = text.get(..s.start).unwrap_or(text);
                let line = before.matches('\n').count() + 1;
                let col = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
                (line, col)
            });
            ConfigError {
                path: path.to_string(),
                line_col,
                detail: e.message().trim().replace('\n', " "),
            }
        })
    }

    /// The survey address for an attendance.
    pub fn survey_url(&self, attendance_id: &str) -> String {
        self.survey_url_template.replace("{attendance}", attendance_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_file_keeps_the_demo_defaults_for_the_rest() {
        let c = Config::parse("c.toml", "spot_code = \"EC-0420\"\nlang = \"en\"\n").unwrap();
        assert_eq!(c.spot_code, "EC-0420");
        assert_eq!(c.lang, Lang::En);
        assert_eq!(c.counter, Config::default().counter);
    }

    #[test]
    fn a_mistake_names_the_file_line_and_column() {
        let e = Config::parse(
            "/etc/balcao/config.toml",
            "spot_code = \"x\"\nspot_nome = \"y\"\n",
        )
        .unwrap_err();
        assert_eq!(e.line_col, Some((2, 1)));
        assert!(
            e.to_string()
                .starts_with("/etc/balcao/config.toml:2:1: unknown field `spot_nome`"),
            "{e}"
        );
    }

    #[test]
    fn the_survey_address_carries_only_the_attendance_id() {
        let c = Config::default();
        assert_eq!(
            c.survey_url("0192-abc"),
            "https://www.gov.pt/avaliar?atendimento=0192-abc"
        );
    }

    #[test]
    fn a_missing_file_means_demo_mode() {
        let c = Config::load_or_default(Path::new("/nonexistent/balcao/config.toml")).unwrap();
        assert_eq!(c, Config::default());
    }
}
