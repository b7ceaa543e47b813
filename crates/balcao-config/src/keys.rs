//! The configuration keys, what each one accepts, and how a value is checked and stored.
//!
//! Every key is listed once, in [`Key::ALL`], with its TOML name and the [`Kind`] of value it takes.
//! The checks are deliberately strict and specific: a counter's configuration is written by a town
//! hall's technician, often once and for dozens of PCs, and a mistake found at the counter on Monday
//! morning (a citizen screen on the wrong monitor, records that never reach the central) costs far more
//! than a refusal now. Each refusal says what is allowed, through a [`Rule`] that the translation layer
//! words.

use crate::{Config, LogLevel, ReceiptPaper};
use balcao_core::text::Lang;
use std::path::PathBuf;

/// One configuration key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    /// `spot_code`.
    SpotCode,
    /// `spot_name`.
    SpotName,
    /// `host_entity`.
    HostEntity,
    /// `opening_hours`.
    OpeningHours,
    /// `counter`.
    Counter,
    /// `mediator`.
    Mediator,
    /// `central_url`.
    CentralUrl,
    /// `citizen_monitor`.
    CitizenMonitor,
    /// `lang`.
    Lang,
    /// `survey_url_template`.
    SurveyUrlTemplate,
    /// `data_dir`.
    DataDir,
    /// `end_screen_seconds`.
    EndScreenSeconds,
    /// `lock_after_minutes`.
    LockAfterMinutes,
    /// `time_zone`.
    TimeZone,
    /// `retention_days`.
    RetentionDays,
    /// `retention_days_pending`.
    RetentionDaysPending,
    /// `printer`.
    Printer,
    /// `receipt_paper`.
    ReceiptPaper,
    /// `log_level`.
    LogLevel,
    /// `cash_difference_limit_cents`.
    CashDifferenceLimitCents,
    /// `mirror`.
    Mirror,
    /// `mirror_allow`.
    MirrorAllow,
    /// `mirror_max_fps`.
    MirrorMaxFps,
    /// `browser`.
    Browser,
    /// `dock_width`.
    DockWidth,
    /// `citizen_large_text`.
    CitizenLargeText,
}

/// The kind of TOML value a key takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A quoted string.
    Text,
    /// An integer.
    Integer,
    /// An array of strings.
    TextList,
    /// An integer (a monitor index) or a quoted string (a monitor name).
    TextOrInteger,
    /// `true` or `false`.
    Boolean,
}

impl Kind {
    /// The name the translation layer selects on (`text`, `integer`, `list`, `text-or-integer`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Integer => "integer",
            Kind::TextList => "list",
            Kind::TextOrInteger => "text-or-integer",
            Kind::Boolean => "boolean",
        }
    }
}

/// What a key allows, named when a value breaks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// 1 to 32 capital letters, digits and hyphens, starting with a letter or digit.
    SpotCode,
    /// Non-empty text of at most this many characters, with no control characters.
    Name {
        /// The longest allowed.
        max: usize,
    },
    /// 1 to 16 letters, digits and hyphens.
    Counter,
    /// At most 7 lines of at most 120 characters.
    OpeningHours,
    /// An `https://` address, or `http://` to this computer only, with no user name or password.
    CentralUrl,
    /// An index from 0 to 15, or a monitor name of at most 64 characters.
    CitizenMonitor,
    /// `pt`, `pt-PT` or `en`.
    Lang,
    /// An `https://` address containing `{token}` (or its old name `{attendance}`).
    SurveyUrl,
    /// An absolute path.
    AbsolutePath,
    /// An integer from 10 to 3600.
    EndScreenSeconds,
    /// An integer from 1 to 60.
    LockAfterMinutes,
    /// An IANA time zone name: `Europe/Lisbon`, `Atlantic/Madeira` or `Atlantic/Azores`.
    TimeZone,
    /// An integer from 1 to 3650 (days).
    RetentionDays,
    /// An integer from 1 to 3650 (days).
    RetentionDaysPending,
    /// A printer (CUPS queue) name: 1 to 127 letters, digits, `-`, `_` or `.`; empty for the default.
    Printer,
    /// `a4` or `80mm`.
    ReceiptPaper,
    /// `error`, `warn`, `info`, `debug` or `trace`.
    LogLevel,
    /// An integer from 0 to 100000 (cents).
    CashLimit,
    /// 1 to 20 program names of 1 to 64 lowercase letters, digits, `.`, `-` and `_`.
    MirrorAllow,
    /// An integer from 1 to 30.
    MirrorMaxFps,
    /// `auto`, `firefox`, `chromium`, `chrome`, `edge`, or an absolute path to a browser.
    Browser,
    /// An integer from 280 to 1200 (pixels).
    DockWidth,
}

impl Rule {
    /// The message id that states the rule.
    pub fn message_id(self) -> &'static str {
        match self {
            Rule::SpotCode => "config-rule-spot-code",
            Rule::Name { .. } => "config-rule-name",
            Rule::Counter => "config-rule-counter",
            Rule::OpeningHours => "config-rule-opening-hours",
            Rule::CentralUrl => "config-rule-central-url",
            Rule::CitizenMonitor => "config-rule-citizen-monitor",
            Rule::Lang => "config-rule-lang",
            Rule::SurveyUrl => "config-rule-survey-url",
            Rule::AbsolutePath => "config-rule-absolute-path",
            Rule::EndScreenSeconds => "config-rule-end-screen-seconds",
            Rule::LockAfterMinutes => "config-rule-lock-after-minutes",
            Rule::TimeZone => "config-rule-time-zone",
            Rule::RetentionDays => "config-rule-retention-days",
            Rule::RetentionDaysPending => "config-rule-retention-days-pending",
            Rule::Printer => "config-rule-printer",
            Rule::ReceiptPaper => "config-rule-receipt-paper",
            Rule::LogLevel => "config-rule-log-level",
            Rule::CashLimit => "config-rule-cash-limit",
            Rule::MirrorAllow => "config-rule-mirror-allow",
            Rule::MirrorMaxFps => "config-rule-mirror-max-fps",
            Rule::Browser => "config-rule-browser",
            Rule::DockWidth => "config-rule-dock-width",
        }
    }
}

/// A value that does not fit its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueError {
    /// The value is of the wrong kind (`42` where text is expected).
    WrongType {
        /// The kind the key takes.
        expected: Kind,
        /// The TOML type found (`integer`, `table`, …).
        found: &'static str,
    },
    /// The value is of the right kind but breaks the key's rule.
    Invalid(Rule),
}

impl Key {
    /// Every key, in the order the configuration reference documents them.
    pub const ALL: [Key; 26] = [
        Key::SpotCode,
        Key::SpotName,
        Key::HostEntity,
        Key::OpeningHours,
        Key::Counter,
        Key::Mediator,
        Key::CentralUrl,
        Key::CitizenMonitor,
        Key::Lang,
        Key::SurveyUrlTemplate,
        Key::DataDir,
        Key::EndScreenSeconds,
        Key::LockAfterMinutes,
        Key::TimeZone,
        Key::RetentionDays,
        Key::RetentionDaysPending,
        Key::Printer,
        Key::ReceiptPaper,
        Key::LogLevel,
        Key::CashDifferenceLimitCents,
        Key::Mirror,
        Key::MirrorAllow,
        Key::MirrorMaxFps,
        Key::Browser,
        Key::DockWidth,
        Key::CitizenLargeText,
    ];

    /// The key's name in a TOML file.
    pub fn name(self) -> &'static str {
        match self {
            Key::SpotCode => "spot_code",
            Key::SpotName => "spot_name",
            Key::HostEntity => "host_entity",
            Key::OpeningHours => "opening_hours",
            Key::Counter => "counter",
            Key::Mediator => "mediator",
            Key::CentralUrl => "central_url",
            Key::CitizenMonitor => "citizen_monitor",
            Key::Lang => "lang",
            Key::SurveyUrlTemplate => "survey_url_template",
            Key::DataDir => "data_dir",
            Key::EndScreenSeconds => "end_screen_seconds",
            Key::LockAfterMinutes => "lock_after_minutes",
            Key::TimeZone => "time_zone",
            Key::RetentionDays => "retention_days",
            Key::RetentionDaysPending => "retention_days_pending",
            Key::Printer => "printer",
            Key::ReceiptPaper => "receipt_paper",
            Key::LogLevel => "log_level",
            Key::CashDifferenceLimitCents => "cash_difference_limit_cents",
            Key::Mirror => "mirror",
            Key::MirrorAllow => "mirror_allow",
            Key::MirrorMaxFps => "mirror_max_fps",
            Key::Browser => "browser",
            Key::DockWidth => "dock_width",
            Key::CitizenLargeText => "citizen_large_text",
        }
    }

    /// The key with this TOML name.
    pub fn from_name(name: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The kind of value the key takes.
    pub fn kind(self) -> Kind {
        match self {
            Key::OpeningHours | Key::MirrorAllow => Kind::TextList,
            Key::EndScreenSeconds
            | Key::LockAfterMinutes
            | Key::RetentionDays
            | Key::RetentionDaysPending
            | Key::CashDifferenceLimitCents
            | Key::MirrorMaxFps
            | Key::DockWidth => Kind::Integer,
            Key::Mirror | Key::CitizenLargeText => Kind::Boolean,
            Key::CitizenMonitor => Kind::TextOrInteger,
            _ => Kind::Text,
        }
    }

    /// The known key closest to a misspelt one, if one is close enough to be what was meant.
    pub fn suggest(name: &str) -> Option<Key> {
        let lower = name.to_lowercase().replace('-', "_");
        Key::ALL
            .into_iter()
            .map(|k| (distance(&lower, k.name()), k))
            .filter(|(d, _)| *d <= 3)
            .min_by_key(|(d, _)| *d)
            .map(|(_, k)| k)
    }

    /// Converts a value typed on a command line (`KEY=VALUE`) into the TOML value it stands for:
    /// integers for integer keys, `;`-separated lines for lists, text otherwise.
    pub fn value_from_text(self, text: &str) -> Result<toml::Value, ValueError> {
        match self.kind() {
            Kind::Text => Ok(toml::Value::String(text.to_string())),
            Kind::Integer => {
                text.trim()
                    .parse::<i64>()
                    .map(toml::Value::Integer)
                    .map_err(|_| ValueError::WrongType {
                        expected: Kind::Integer,
                        found: "string",
                    })
            }
            Kind::Boolean => match text.trim() {
                "true" | "yes" | "on" | "1" => Ok(toml::Value::Boolean(true)),
                "false" | "no" | "off" | "0" => Ok(toml::Value::Boolean(false)),
                _ => Err(ValueError::WrongType {
                    expected: Kind::Boolean,
                    found: "string",
                }),
            },
            Kind::TextOrInteger => Ok(match text.trim().parse::<i64>() {
                Ok(i) => toml::Value::Integer(i),
                Err(_) => toml::Value::String(text.to_string()),
            }),
            Kind::TextList => Ok(toml::Value::Array(
                text.split(';')
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(|l| toml::Value::String(l.to_string()))
                    .collect(),
            )),
        }
    }

    /// Checks `value` and, when it is allowed, stores it in `config`.
    pub fn assign(self, config: &mut Config, value: &toml::Value) -> Result<(), ValueError> {
        match self {
            Key::SpotCode => config.spot_code = checked(text(self, value)?, spot_code, Rule::SpotCode)?,
            Key::SpotName => config.spot_name = name(text(self, value)?, 120)?,
            Key::HostEntity => config.host_entity = name(text(self, value)?, 120)?,
            Key::Mediator => config.mediator = name(text(self, value)?, 60)?,
            Key::Counter => config.counter = checked(text(self, value)?, counter, Rule::Counter)?,
            Key::OpeningHours => config.opening_hours = opening_hours(value)?,
            Key::CentralUrl => {
                config.central_url = Some(checked(text(self, value)?, central_url, Rule::CentralUrl)?);
            }
            Key::CitizenMonitor => config.citizen_monitor = Some(citizen_monitor(value)?),
            Key::Lang => {
                config.lang = match text(self, value)?.as_str() {
                    "pt" | "pt-PT" | "pt_PT" => Lang::Pt,
                    "en" => Lang::En,
                    _ => return Err(ValueError::Invalid(Rule::Lang)),
                };
            }
            Key::SurveyUrlTemplate => {
                config.survey_url_template = checked(text(self, value)?, survey_url, Rule::SurveyUrl)?;
            }
            Key::DataDir => {
                let path = PathBuf::from(text(self, value)?);
                if !path.is_absolute() {
                    return Err(ValueError::Invalid(Rule::AbsolutePath));
                }
                config.data_dir = Some(path);
            }
            Key::EndScreenSeconds => {
                let n = integer(self, value)?;
                config.end_screen_seconds = u32::try_from(n)
                    .ok()
                    .filter(|n| (10..=3600).contains(n))
                    .ok_or(ValueError::Invalid(Rule::EndScreenSeconds))?;
            }
            Key::LockAfterMinutes => {
                let n = integer(self, value)?;
                config.lock_after_minutes = u32::try_from(n)
                    .ok()
                    .filter(|n| (1..=60).contains(n))
                    .ok_or(ValueError::Invalid(Rule::LockAfterMinutes))?;
            }
            Key::RetentionDays => {
                let n = integer(self, value)?;
                config.retention_days = u32::try_from(n)
                    .ok()
                    .filter(|n| (1..=3650).contains(n))
                    .ok_or(ValueError::Invalid(Rule::RetentionDays))?;
            }
            Key::RetentionDaysPending => {
                let n = integer(self, value)?;
                config.retention_days_pending = u32::try_from(n)
                    .ok()
                    .filter(|n| (1..=3650).contains(n))
                    .ok_or(ValueError::Invalid(Rule::RetentionDaysPending))?;
            }
            Key::Printer => {
                let name = text(self, value)?.trim().to_owned();
                let ok = name.chars().count() <= 127
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
                if !ok {
                    return Err(ValueError::Invalid(Rule::Printer));
                }
                config.printer = name;
            }
            Key::ReceiptPaper => {
                config.receipt_paper = ReceiptPaper::from_name(&text(self, value)?)
                    .ok_or(ValueError::Invalid(Rule::ReceiptPaper))?;
            }
            Key::TimeZone => {
                let name = text(self, value)?;
                config.time_zone = Some(name.trim())
                    .filter(|n| balcao_core::time::PORTUGAL_ZONES.contains(n))
                    .and_then(|n| balcao_core::time::SpotZone::named(n).ok())
                    .ok_or(ValueError::Invalid(Rule::TimeZone))?;
            }
            Key::CashDifferenceLimitCents => {
                let n = integer(self, value)?;
                config.cash_difference_limit_cents = u32::try_from(n)
                    .ok()
                    .filter(|n| *n <= 100_000)
                    .ok_or(ValueError::Invalid(Rule::CashLimit))?;
            }
            Key::Mirror => config.mirror = boolean(self, value)?,
            Key::CitizenLargeText => config.citizen_large_text = boolean(self, value)?,
            Key::MirrorAllow => config.mirror_allow = mirror_allow(value)?,
            Key::MirrorMaxFps => {
                config.mirror_max_fps = u32::try_from(integer(self, value)?)
                    .ok()
                    .filter(|n| (1..=30).contains(n))
                    .ok_or(ValueError::Invalid(Rule::MirrorMaxFps))?;
            }
            Key::DockWidth => {
                config.dock_width = u32::try_from(integer(self, value)?)
                    .ok()
                    .filter(|n| (280..=1200).contains(n))
                    .ok_or(ValueError::Invalid(Rule::DockWidth))?;
            }
            Key::Browser => config.browser = checked(text(self, value)?, browser, Rule::Browser)?,
            Key::LogLevel => {
                config.log_level =
                    LogLevel::from_name(&text(self, value)?).ok_or(ValueError::Invalid(Rule::LogLevel))?;
            }
        }
        Ok(())
    }
}

/// The TOML type of a value, as the error message names it.
pub(crate) fn type_name(value: &toml::Value) -> &'static str {
    match value {
        toml::Value::String(_) => "string",
        toml::Value::Integer(_) => "integer",
        toml::Value::Float(_) => "float",
        toml::Value::Boolean(_) => "boolean",
        toml::Value::Datetime(_) => "datetime",
        toml::Value::Array(_) => "array",
        toml::Value::Table(_) => "table",
    }
}

fn text(key: Key, value: &toml::Value) -> Result<String, ValueError> {
    match value {
        toml::Value::String(s) => Ok(s.trim().to_string()),
        other => Err(ValueError::WrongType {
            expected: key.kind(),
            found: type_name(other),
        }),
    }
}

fn integer(key: Key, value: &toml::Value) -> Result<i64, ValueError> {
    match value {
        toml::Value::Integer(i) => Ok(*i),
        other => Err(ValueError::WrongType {
            expected: key.kind(),
            found: type_name(other),
        }),
    }
}

fn boolean(key: Key, value: &toml::Value) -> Result<bool, ValueError> {
    match value {
        toml::Value::Boolean(b) => Ok(*b),
        other => Err(ValueError::WrongType {
            expected: key.kind(),
            found: type_name(other),
        }),
    }
}

/// The programs whose windows the citizen may see: WM_CLASS names on X11 (`firefox`, `chromium`),
/// image names on Windows (`msedge.exe`). Lowercase, so a match never depends on how a technician
/// capitalised it, and short, plain names, so a typo is refused rather than silently matching nothing.
fn mirror_allow(value: &toml::Value) -> Result<Vec<String>, ValueError> {
    let toml::Value::Array(items) = value else {
        return Err(ValueError::WrongType {
            expected: Kind::TextList,
            found: type_name(value),
        });
    };
    let ok_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_');
    let mut names = Vec::with_capacity(items.len());
    for item in items {
        let toml::Value::String(name) = item else {
            return Err(ValueError::WrongType {
                expected: Kind::TextList,
                found: type_name(item),
            });
        };
        let name = name.trim();
        if name.is_empty() || name.len() > 64 || !name.chars().all(ok_char) {
            return Err(ValueError::Invalid(Rule::MirrorAllow));
        }
        names.push(name.to_string());
    }
    if names.is_empty() || names.len() > 20 {
        return Err(ValueError::Invalid(Rule::MirrorAllow));
    }
    Ok(names)
}

/// The browser Balcão starts for an attendance: a known kind, or the absolute path of one.
fn browser(s: &str) -> bool {
    matches!(s, "auto" | "firefox" | "chromium" | "chrome" | "edge")
        || (std::path::Path::new(s).is_absolute() && !s.chars().any(char::is_control))
}

fn checked(value: String, ok: fn(&str) -> bool, rule: Rule) -> Result<String, ValueError> {
    if ok(&value) {
        Ok(value)
    } else {
        Err(ValueError::Invalid(rule))
    }
}

fn name(value: String, max: usize) -> Result<String, ValueError> {
    let n = value.chars().count();
    if n == 0 || n > max || value.chars().any(char::is_control) {
        return Err(ValueError::Invalid(Rule::Name { max }));
    }
    Ok(value)
}

fn spot_code(s: &str) -> bool {
    let ok_char = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-';
    (1..=32).contains(&s.len()) && s.chars().all(ok_char) && !s.starts_with('-')
}

fn counter(s: &str) -> bool {
    (1..=16).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn opening_hours(value: &toml::Value) -> Result<Vec<String>, ValueError> {
    let wrong = |found| ValueError::WrongType {
        expected: Kind::TextList,
        found,
    };
    let toml::Value::Array(items) = value else {
        return Err(wrong(type_name(value)));
    };
    let mut lines = Vec::with_capacity(items.len());
    for item in items {
        let toml::Value::String(line) = item else {
            return Err(wrong(type_name(item)));
        };
        let line = line.trim();
        if line.is_empty() || line.chars().count() > 120 || line.chars().any(char::is_control) {
            return Err(ValueError::Invalid(Rule::OpeningHours));
        }
        lines.push(line.to_string());
    }
    if lines.len() > 7 {
        return Err(ValueError::Invalid(Rule::OpeningHours));
    }
    Ok(lines)
}

fn central_url(s: &str) -> bool {
    is_allowed_central_url(s)
}

/// Whether `s` is an address the counter may send its records and device token to (the rule of the
/// `central_url` key, [`Rule::CentralUrl`]), so the sync worker applies the very same rule.
///
/// `https://` anywhere, `http://` only to this computer (`localhost`, `127.0.0.0/8`, `::1`): the device
/// token travels in every request, and plain http would hand it to anyone on the parish's network. No
/// user name or password in the address either: they would end up in logs.
pub fn is_allowed_central_url(s: &str) -> bool {
    let Ok(url) = url::Url::parse(s) else {
        return false;
    };
    if !url.username().is_empty() || url.password().is_some() || url.host().is_none() {
        return false;
    }
    match url.scheme() {
        "https" => true,
        "http" => is_loopback_host(&url),
        _ => false,
    }
}

/// Whether `s` is an address on this machine (`localhost`, `127.0.0.0/8`, `::1`).
pub fn is_loopback_url(s: &str) -> bool {
    url::Url::parse(s).is_ok_and(|url| is_loopback_host(&url))
}

fn is_loopback_host(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

fn survey_url(s: &str) -> bool {
    (s.contains("{token}") || s.contains("{attendance}"))
        && url::Url::parse(&s.replace("{token}", "x").replace("{attendance}", "x"))
            .is_ok_and(|u| u.scheme() == "https" && u.host().is_some())
}

fn citizen_monitor(value: &toml::Value) -> Result<String, ValueError> {
    match value {
        toml::Value::Integer(i) if (0..=15).contains(i) => Ok(i.to_string()),
        toml::Value::String(s) => {
            let s = s.trim();
            if s.is_empty() || s.chars().count() > 64 || s.chars().any(char::is_control) {
                Err(ValueError::Invalid(Rule::CitizenMonitor))
            } else {
                Ok(s.to_string())
            }
        }
        toml::Value::Integer(_) => Err(ValueError::Invalid(Rule::CitizenMonitor)),
        other => Err(ValueError::WrongType {
            expected: Kind::TextOrInteger,
            found: type_name(other),
        }),
    }
}

/// The edit distance between two short key names (insertions, deletions, substitutions).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests;
