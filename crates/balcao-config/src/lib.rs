//! Balcão's configuration: one TOML format, read from three layers.
//!
//! # Who writes the configuration, and why three layers
//!
//! A counter PC is set up by the host entity's IT, usually pushed to many PCs at once: a `.deb` or an
//! `.msi` lays down a **system file** (`/etc/balcao/config.toml`, `%ProgramData%\Balcao\config.toml`)
//! that says which Espaço do Cidadão this is, its host entity, opening hours and the central's address.
//! On a shared PC one login may need something different (another monitor for the citizen screen, a
//! mediator who prefers English), so a **user file** (`~/.config/balcao/config.toml`,
//! `%APPDATA%\AMA\Balcao\config\config.toml`) overrides it key by key. Last come **command-line flags**
//! (`--citizen-monitor`, `--lang`, `--data-dir`, …) for a one-off start. Later layers win, key by key;
//! a key no layer sets keeps its default, and with no file at all the defaults are a usable demo spot,
//! which is what the README's run command gets on a fresh machine.
//!
//! # Why it is strict
//!
//! Every key is checked ([`keys`]), unknown keys are refused with the nearest known one suggested, and
//! every problem in every layer is reported at once with its file, line and column and what is
//! allowed ([`error`]). An app that started with half its configuration ignored would, on the counter,
//! show the wrong spot to citizens or send records nowhere; `balcao config check` lets IT find out
//! before a citizen does.
//!
//! # Writing
//!
//! [`set_in_file`] changes keys in a file while keeping its comments and layout (`toml_edit`), and
//! replaces the file atomically. The Windows installer uses it (`balcao config set --system …`) to
//! write the `msiexec` properties in UTF-8, which the MSI `IniFile` table could not.
//!
//! This crate knows nothing of the UI, the store or the network; the device token never lives here
//! (it belongs in the OS keyring), and [`keys`] refuses a central address that carries a password.

pub mod error;
pub mod keys;

pub use error::{ConfigError, MESSAGE_IDS, Problem};
pub use keys::{Key, Kind, Rule};

use balcao_core::text::Lang;
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// How much the app writes to its log files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum LogLevel {
    /// Only errors.
    Error,
    /// Errors and warnings.
    Warn,
    /// The default: start-up, attendances opened and closed (by id), errors.
    #[default]
    Info,
    /// Each action the mediator takes (by id).
    Debug,
    /// Everything the libraries say.
    Trace,
}

impl LogLevel {
    /// The level with this name (`error`, `warn`, `info`, `debug`, `trace`).
    pub fn from_name(name: &str) -> Option<LogLevel> {
        Some(match name.to_ascii_lowercase().as_str() {
            "error" => LogLevel::Error,
            "warn" | "warning" => LogLevel::Warn,
            "info" => LogLevel::Info,
            "debug" => LogLevel::Debug,
            "trace" => LogLevel::Trace,
            _ => return None,
        })
    }

    /// The level's name.
    pub fn name(self) -> &'static str {
        match self {
            LogLevel::Error => "error",
            LogLevel::Warn => "warn",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
            LogLevel::Trace => "trace",
        }
    }
}

/// The paper receipts are printed on (`receipt_paper`).
///
/// `"a4"` prints receipts and cancellations on A4 sheets (an office printer); `"80mm"` lays them out
/// for an 80 mm thermal roll printer (one piece as long as the receipt, 72 mm of print width). Closing
/// reports and other documents stay A4 either way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ReceiptPaper {
    /// A4 sheets (`"a4"`), the default.
    #[default]
    A4,
    /// An 80 mm thermal roll (`"80mm"`).
    Roll80,
}

impl ReceiptPaper {
    /// The paper with this name (`a4`, `80mm`).
    pub fn from_name(name: &str) -> Option<ReceiptPaper> {
        Some(match name.to_ascii_lowercase().as_str() {
            "a4" => ReceiptPaper::A4,
            "80mm" => ReceiptPaper::Roll80,
            _ => return None,
        })
    }

    /// The paper's name.
    pub fn name(self) -> &'static str {
        match self {
            ReceiptPaper::A4 => "a4",
            ReceiptPaper::Roll80 => "80mm",
        }
    }
}

/// The counter's configuration, after every layer has been applied.
#[derive(Debug, Clone, PartialEq)]
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
    /// The central server's address; none means the counter works alone (demo, or not yet enrolled).
    pub central_url: Option<String>,
    /// The monitor for the citizen window: an index (`1`) or a name (`HDMI-1`); none means the first
    /// monitor that is not the mediator's.
    pub citizen_monitor: Option<String>,
    /// The default language of both windows.
    pub lang: Lang,
    /// The satisfaction survey address; `{token}` (or its old name `{attendance}`) is replaced by the
    /// attendance's survey ticket (the counter's device id and the end time, signed by the device key),
    /// never its id and never personal data. The central server answers it at `/q/{token}`.
    pub survey_url_template: String,
    /// Where the local database lives; none means the platform's data directory.
    pub data_dir: Option<PathBuf>,
    /// How long the citizen screen shows the end of an attendance before returning to the welcome by
    /// itself, so a mediator who forgets to clear it never shows one citizen's summary to the next.
    pub end_screen_seconds: u32,
    /// Minutes without input before the session locks (`lock_after_minutes`, 1 to 60, default 5).
    pub lock_after_minutes: u32,
    /// The spot's time zone (`time_zone`, default `Europe/Lisbon`): every time a person reads, and
    /// every "day" (today's list, the till's day, the receipt year), is on this clock.
    pub time_zone: balcao_core::time::SpotZone,
    /// Days after an attendance ends after which the counter erases the citizen's identification (name,
    /// NIF, card number, phone, e-mail) and the free text typed about them (notes, what is awaited, why
    /// it could not be done) from its database; statistics, receipts and the audit trail are kept
    /// (`retention_days`, 1 to 3650, default 30). See `docs/privacy.md`.
    pub retention_days: u32,
    /// The same as [`Config::retention_days`], for an attendance with a service still "pendente" (the
    /// citizen is expected back or must be told of a result); the counter uses the larger of the two
    /// for such attendances (`retention_days_pending`, 1 to 3650, default 180).
    pub retention_days_pending: u32,
    /// The printer for receipts and closing reports (`printer`, a CUPS queue name); empty for the
    /// system's default printer.
    pub printer: String,
    /// The paper of the spot's receipt printer (`receipt_paper`, `"a4"` or `"80mm"`, default `"a4"`):
    /// A4 sheets on an office printer, or an 80 mm thermal roll (one piece as long as the receipt, 72 mm
    /// of print width). It applies to receipts and cancellations; closing reports and other documents
    /// stay A4.
    pub receipt_paper: ReceiptPaper,
    /// How much goes to the log files.
    pub log_level: LogLevel,
    /// At closing, a difference between counted and expected above this many cents (on any method or
    /// in total) needs a reason; 0 means every difference does.
    pub cash_difference_limit_cents: u32,
    /// Whether the citizen window shows a live picture of the browser the mediator works in.
    pub mirror: bool,
    /// The programs whose windows may be mirrored (X11 WM_CLASS names, Windows image names).
    pub mirror_allow: Vec<String>,
    /// At most this many pictures a second are taken of the browser.
    pub mirror_max_fps: u32,
    /// The browser Balcão starts for an attendance: `auto`, a kind, or an absolute path.
    pub browser: String,
    /// The width, in pixels, of the mediator window docked at the left edge beside the browser.
    pub dock_width: u32,
    /// Larger type on the citizen screen, for citizens with low vision.
    pub citizen_large_text: bool,
}

/// The programs whose windows are mirrored when `mirror_allow` is not set: the usual browsers, by
/// their X11 WM_CLASS names and their Windows image names.
pub const DEFAULT_MIRROR_ALLOW: [&str; 11] = [
    "firefox",
    "firefox-esr",
    "navigator",
    "chromium",
    "chromium-browser",
    "google-chrome",
    "microsoft-edge",
    "firefox.exe",
    "chrome.exe",
    "msedge.exe",
    "chromium.exe",
];

impl Default for Config {
    fn default() -> Self {
        Config {
            spot_code: "EC-DEMO".into(),
            spot_name: "Espaço do Cidadão de Demonstração".into(),
            host_entity: "Junta de Freguesia de Demonstração".into(),
            opening_hours: vec!["Segunda a sexta: 9h00–12h30 e 14h00–17h30".into()],
            counter: "1".into(),
            mediator: "mediador-demo".into(),
            central_url: None,
            survey_url_template: "https://www.gov.pt/avaliar?t={token}".into(),
            citizen_monitor: None,
            lang: Lang::Pt,
            data_dir: None,
            end_screen_seconds: 120,
            lock_after_minutes: 5,
            time_zone: balcao_core::time::SpotZone::lisbon(),
            retention_days: 30,
            retention_days_pending: 180,
            printer: String::new(),
            receipt_paper: ReceiptPaper::A4,
            log_level: LogLevel::Info,
            cash_difference_limit_cents: 0,
            mirror: true,
            mirror_allow: DEFAULT_MIRROR_ALLOW.iter().map(|s| (*s).to_string()).collect(),
            mirror_max_fps: 15,
            browser: "auto".into(),
            dock_width: 420,
            citizen_large_text: false,
        }
    }
}

impl Config {
    /// The survey address for the survey token `token`. A template written before tokens existed
    /// names the place `{attendance}`: it gets the token too, never the attendance's id, which the
    /// central server holds with the attendance's record and would link the answer to it.
    pub fn survey_url(&self, token: &str) -> String {
        self.survey_url_template
            .replace("{token}", token)
            .replace("{attendance}", token)
    }

    /// The value of `key`, as `config check` prints it (TOML syntax), or `None` when unset.
    pub fn show(&self, key: Key) -> Option<String> {
        let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
        Some(match key {
            Key::SpotCode => quote(&self.spot_code),
            Key::SpotName => quote(&self.spot_name),
            Key::HostEntity => quote(&self.host_entity),
            Key::OpeningHours => {
                let lines: Vec<String> = self.opening_hours.iter().map(|l| quote(l)).collect();
                format!("[{}]", lines.join(", "))
            }
            Key::Counter => quote(&self.counter),
            Key::Mediator => quote(&self.mediator),
            Key::CentralUrl => quote(self.central_url.as_deref()?),
            Key::CitizenMonitor => quote(self.citizen_monitor.as_deref()?),
            Key::Lang => quote(self.lang.tag()),
            Key::SurveyUrlTemplate => quote(&self.survey_url_template),
            Key::DataDir => quote(&self.data_dir.as_deref()?.display().to_string()),
            Key::EndScreenSeconds => self.end_screen_seconds.to_string(),
            Key::LockAfterMinutes => self.lock_after_minutes.to_string(),
            Key::TimeZone => quote(self.time_zone.name()),
            Key::RetentionDays => self.retention_days.to_string(),
            Key::RetentionDaysPending => self.retention_days_pending.to_string(),
            Key::Printer => quote(&self.printer),
            Key::ReceiptPaper => quote(self.receipt_paper.name()),
            Key::LogLevel => quote(self.log_level.name()),
            Key::CashDifferenceLimitCents => self.cash_difference_limit_cents.to_string(),
            Key::Mirror => self.mirror.to_string(),
            Key::MirrorAllow => {
                let names: Vec<String> = self.mirror_allow.iter().map(|l| quote(l)).collect();
                format!("[{}]", names.join(", "))
            }
            Key::MirrorMaxFps => self.mirror_max_fps.to_string(),
            Key::Browser => quote(&self.browser),
            Key::DockWidth => self.dock_width.to_string(),
            Key::CitizenLargeText => self.citizen_large_text.to_string(),
        })
    }
}

/// The path shown for problems that come from flags or environment variables.
pub const COMMAND_LINE: &str = "command line";

/// Where a key's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// No layer set it.
    Default,
    /// The system file.
    System(PathBuf),
    /// The user file.
    User(PathBuf),
    /// A command-line flag (or its environment variable).
    CommandLine,
}

/// The files to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sources {
    /// The system file (it need not exist).
    pub system: PathBuf,
    /// The user file (it need not exist); none when the platform has no home directory.
    pub user: Option<PathBuf>,
}

impl Sources {
    /// The platform's standard places.
    pub fn platform() -> Sources {
        Sources {
            system: system_path(),
            user: user_path(),
        }
    }
}

/// The configuration and what it was made from.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// The merged configuration.
    pub config: Config,
    /// Where each key that is not a default came from.
    pub origins: BTreeMap<Key, Origin>,
    /// Each file consulted and whether it existed.
    pub files: Vec<(PathBuf, bool)>,
}

impl Loaded {
    /// Where `key` came from.
    pub fn origin(&self, key: Key) -> &Origin {
        self.origins.get(&key).unwrap_or(&Origin::Default)
    }
}

/// Reads the system file, then the user file, then applies `flags`, later layers winning key by key.
/// Every problem in every layer is returned, not just the first.
pub fn load(sources: &Sources, flags: &[(Key, String)]) -> Result<Loaded, Vec<ConfigError>> {
    let mut loaded = Loaded {
        config: Config::default(),
        origins: BTreeMap::new(),
        files: Vec::new(),
    };
    let mut errors = Vec::new();
    let mut layers: Vec<(PathBuf, Origin)> =
        vec![(sources.system.clone(), Origin::System(sources.system.clone()))];
    if let Some(user) = &sources.user {
        layers.push((user.clone(), Origin::User(user.clone())));
    }
    for (path, origin) in layers {
        match read_file(&path) {
            Ok(None) => loaded.files.push((path, false)),
            Ok(Some(settings)) => {
                loaded.files.push((path, true));
                for (key, value, _) in settings {
                    // Values were checked while reading; assigning again cannot fail.
                    if key.assign(&mut loaded.config, &value).is_ok() {
                        loaded.origins.insert(key, origin.clone());
                    }
                }
            }
            Err(mut e) => {
                loaded.files.push((path, true));
                errors.append(&mut e);
            }
        }
    }
    for (key, text) in flags {
        let result = key
            .value_from_text(text)
            .and_then(|v| key.assign(&mut loaded.config, &v));
        match result {
            Ok(()) => {
                loaded.origins.insert(*key, Origin::CommandLine);
            }
            Err(e) => errors.push(ConfigError {
                path: COMMAND_LINE.into(),
                line_col: None,
                problem: Problem::from_value(*key, e),
            }),
        }
    }
    if errors.is_empty() {
        Ok(loaded)
    } else {
        Err(errors)
    }
}

/// One checked setting from a file: the key, its value and its 1-based line and column.
pub type Setting = (Key, toml::Value, (usize, usize));

/// Reads one configuration file: `Ok(None)` when it does not exist, its checked settings otherwise.
pub fn read_file(path: &Path) -> Result<Option<Vec<Setting>>, Vec<ConfigError>> {
    let shown = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(vec![ConfigError {
                path: shown,
                line_col: None,
                problem: Problem::Unreadable {
                    detail: e.to_string(),
                },
            }]);
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return Err(vec![ConfigError {
            path: shown,
            line_col: None,
            problem: Problem::NotUtf8,
        }]);
    };
    parse(&shown, &text).map(Some)
}

/// Parses and checks a configuration text; `path` is only used in the errors.
pub fn parse(path: &str, text: &str) -> Result<Vec<Setting>, Vec<ConfigError>> {
    // A byte-order mark, as Windows Notepad may write, is not a TOML error worth refusing a file for.
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let offset = text.len() - body.len();
    type Spanned<T> = toml::Spanned<T>;
    let table: BTreeMap<Spanned<String>, Spanned<toml::Value>> = toml::from_str(body).map_err(|e| {
        vec![ConfigError {
            path: path.to_string(),
            line_col: e.span().map(|s| error::line_col(text, s.start + offset)),
            problem: Problem::Syntax {
                detail: e.message().trim().replace('\n', " "),
            },
        }]
    })?;
    let mut settings = Vec::new();
    let mut errors = Vec::new();
    for (name, value) in table {
        let at = |span: std::ops::Range<usize>| Some(error::line_col(text, span.start + offset));
        let Some(key) = Key::from_name(name.get_ref()) else {
            errors.push(ConfigError {
                path: path.to_string(),
                line_col: at(name.span()),
                problem: Problem::UnknownKey {
                    key: name.get_ref().clone(),
                    suggestion: Key::suggest(name.get_ref()),
                },
            });
            continue;
        };
        let mut scratch = Config::default();
        match key.assign(&mut scratch, value.get_ref()) {
            Ok(()) => settings.push((key, value.get_ref().clone(), at(value.span()).unwrap_or((1, 1)))),
            Err(e) => errors.push(ConfigError {
                path: path.to_string(),
                line_col: at(value.span()),
                problem: Problem::from_value(key, e),
            }),
        }
    }
    if errors.is_empty() {
        settings.sort_by_key(|s| s.2);
        Ok(settings)
    } else {
        errors.sort_by_key(|e| e.line_col);
        Err(errors)
    }
}

/// Sets `KEY=VALUE` assignments in the file at `path`, keeping its comments and layout, creating it
/// (and its folder) when missing, and replacing it atomically. With `skip_empty`, assignments with an
/// empty value are ignored (an installer passes every property, set or not). Nothing is written when
/// any assignment, or the file as it stands, has a problem. Returns the keys written.
pub fn set_in_file(
    path: &Path,
    assignments: &[String],
    skip_empty: bool,
) -> Result<Vec<Key>, Vec<ConfigError>> {
    let shown = path.display().to_string();
    let command_line = |problem| ConfigError {
        path: COMMAND_LINE.into(),
        line_col: None,
        problem,
    };
    let mut changes = Vec::new();
    let mut errors = Vec::new();
    for argument in assignments {
        let Some((name, text)) = argument.split_once('=') else {
            errors.push(command_line(Problem::BadAssignment {
                argument: argument.clone(),
            }));
            continue;
        };
        let name = name.trim();
        let Some(key) = Key::from_name(name) else {
            errors.push(command_line(Problem::UnknownKey {
                key: name.to_string(),
                suggestion: Key::suggest(name),
            }));
            continue;
        };
        if skip_empty && text.trim().is_empty() {
            continue;
        }
        let checked = key
            .value_from_text(text)
            .and_then(|v| key.assign(&mut Config::default(), &v).map(|()| v));
        match checked {
            Ok(value) => changes.push((key, value)),
            Err(e) => errors.push(command_line(Problem::from_value(key, e))),
        }
    }
    let existing = match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => {
                errors.push(ConfigError {
                    path: shown,
                    line_col: None,
                    problem: Problem::NotUtf8,
                });
                return Err(errors);
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            errors.push(ConfigError {
                path: shown,
                line_col: None,
                problem: Problem::Unreadable {
                    detail: e.to_string(),
                },
            });
            return Err(errors);
        }
    };
    if let Err(mut e) = parse(&shown, &existing) {
        errors.append(&mut e);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if changes.is_empty() {
        // An upgrade that passes no property leaves the file exactly as it is (or absent).
        return Ok(Vec::new());
    }
    let body = existing.strip_prefix('\u{feff}').unwrap_or(&existing);
    let mut doc: toml_edit::DocumentMut = body.parse().map_err(|_| {
        vec![ConfigError {
            path: shown.clone(),
            line_col: None,
            problem: Problem::Syntax {
                detail: "unreadable by the editor".into(),
            },
        }]
    })?;
    for (key, value) in &changes {
        doc[key.name()] = toml_edit::Item::Value(edit_value(value));
    }
    let text = doc.to_string();
    // The result is checked again before it replaces anything.
    parse(&shown, &text)?;
    write_atomically(path, &text).map_err(|e| {
        vec![ConfigError {
            path: shown,
            line_col: None,
            problem: Problem::Unreadable {
                detail: e.to_string(),
            },
        }]
    })?;
    Ok(changes.into_iter().map(|(k, _)| k).collect())
}

fn edit_value(value: &toml::Value) -> toml_edit::Value {
    match value {
        toml::Value::Integer(i) => toml_edit::Value::from(*i),
        toml::Value::Array(items) => {
            let mut array = toml_edit::Array::new();
            for item in items {
                array.push(edit_value(item));
            }
            toml_edit::Value::Array(array)
        }
        toml::Value::String(s) => toml_edit::Value::from(s.as_str()),
        // Keys take only strings, integers and arrays of strings (see `keys`).
        other => toml_edit::Value::from(other.to_string()),
    }
}

/// Writes `text` to a temporary file beside `path`, flushes it to disk and renames it over `path`, so
/// a crash or a power cut leaves either the old file or the new one, never half of one.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The system file: `/etc/balcao/config.toml`, or `%ProgramData%\Balcao\config.toml` on Windows.
pub fn system_path() -> PathBuf {
    if cfg!(windows) {
        let base =
            std::env::var_os("ProgramData").map_or_else(|| PathBuf::from(r"C:\ProgramData"), PathBuf::from);
        base.join("Balcao").join("config.toml")
    } else {
        PathBuf::from("/etc/balcao/config.toml")
    }
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("pt", "AMA", "Balcao")
}

/// The user file: `~/.config/balcao/config.toml`, or `%APPDATA%\AMA\Balcao\config\config.toml`.
pub fn user_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

/// The default data directory: `~/.local/share/balcao`, or `%APPDATA%\AMA\Balcao\data`.
pub fn default_data_dir() -> Option<PathBuf> {
    project_dirs().map(|d| d.data_dir().to_path_buf())
}

/// The default log directory: `~/.local/state/balcao/logs` on Linux, the local data directory's
/// `logs` elsewhere (`%LOCALAPPDATA%\AMA\Balcao\data\logs`).
pub fn default_log_dir() -> Option<PathBuf> {
    project_dirs().map(|d| d.state_dir().unwrap_or_else(|| d.data_local_dir()).join("logs"))
}

#[cfg(test)]
mod tests;
