//! `balcao`: the counter program of the Espaços do Cidadão.
//!
//! This binary is glue, in the ripgrep manner: argument parsing and printing here, everything that
//! decides anything in the libraries (`balcao-app` runs the windows, `balcao-catalogue` checks,
//! `balcao-search` ranks, `balcao-i18n` words the output):
//!
//! - `balcao [--data-dir DIR] [--windowed] [--citizen-monitor N|NAME]`: the counter app, two windows;
//! - `balcao catalogue check [DIR] [--site DIR]`: validate a catalogue, print `path:line:col: …`;
//! - `balcao catalogue search QUERY… [--limit N] [--json]`: the same search the app's search box uses;
//! - `balcao config check`: read the system file, the user file and the flags as the app would, and
//!   print every problem with its file and line, or the effective configuration;
//! - `balcao config set (--system|--user|--file F) KEY=VALUE…`: change keys in a file (the Windows
//!   installer writes its properties this way).
//!
//! Errors are reported once, here, with `anyhow` context; the process exits 1 on a failed check and 2
//! on bad usage (clap's convention).

// A release build on Windows is a GUI program: no console window opens behind the counter's windows.
// Command-line output still reaches a file or a pipe it is redirected to (installer/windows/README.md).
#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

mod app_cmd;
mod audit_cmd;
mod catalogue_cmd;
mod config_cmd;
mod logging;
mod privacy_cmd;

use anyhow::{Context, Result};
use balcao_config::{Key, Sources};
use balcao_core::text::Lang;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Balcão — the counter software of Portugal's Espaços do Cidadão.
#[derive(Debug, Parser)]
#[command(name = "balcao", version, about)]
struct Cli {
    /// Language: pt (European Portuguese, the default) or en. Also read from BALCAO_LANG.
    #[arg(long, global = true, env = "BALCAO_LANG", value_enum)]
    lang: Option<LangArg>,

    /// Keep the local database in DIR (the `data_dir` key).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,

    /// The system configuration file [default: /etc/balcao/config.toml, %ProgramData%\Balcao\config.toml].
    #[arg(long, global = true, env = "BALCAO_SYSTEM_CONFIG", value_name = "FILE")]
    system_config: Option<PathBuf>,

    /// The user configuration file [default: ~/.config/balcao/config.toml].
    #[arg(long, global = true, env = "BALCAO_USER_CONFIG", value_name = "FILE")]
    user_config: Option<PathBuf>,

    /// The central server's address (the `central_url` key).
    #[arg(long, global = true, value_name = "URL")]
    central_url: Option<String>,

    /// How much to log: error, warn, info, debug or trace (the `log_level` key).
    #[arg(long, global = true, value_name = "LEVEL")]
    log_level: Option<String>,

    /// Keep both windows as ordinary windows (development, demos).
    #[arg(long)]
    windowed: bool,

    /// Training mode: a database of its own, nothing sent, receipts stamped "SEM VALOR — FORMAÇÃO".
    #[arg(long)]
    training: bool,

    /// The citizen window's monitor: an index (0, 1, …) or a name (HDMI-1).
    #[arg(long, global = true, value_name = "N|NAME")]
    citizen_monitor: Option<String>,

    /// The renderer.
    #[arg(long, value_enum, default_value_t = app_cmd::Renderer::Glow)]
    renderer: app_cmd::Renderer,

    /// A site catalogue folder layered over the built-in catalogue.
    #[arg(long, value_name = "DIR")]
    site: Option<PathBuf>,

    /// With no command, the counter app starts.
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    /// European Portuguese.
    #[value(alias = "pt-PT", alias = "pt_PT")]
    Pt,
    /// English.
    En,
}

impl LangArg {
    fn key_value(self) -> &'static str {
        match self {
            LangArg::Pt => "pt",
            LangArg::En => "en",
        }
    }
}

impl Cli {
    /// The configuration files: the platform's, unless a flag or environment variable names others.
    fn sources(&self) -> Sources {
        let platform = Sources::platform();
        Sources {
            system: self.system_config.clone().unwrap_or(platform.system),
            user: self.user_config.clone().or(platform.user),
        }
    }

    /// The flags that override configuration keys, as `KEY=VALUE` texts checked like a file's values.
    fn config_flags(&self) -> Vec<(Key, String)> {
        let mut flags = Vec::new();
        if let Some(lang) = self.lang {
            flags.push((Key::Lang, lang.key_value().to_string()));
        }
        if let Some(dir) = &self.data_dir {
            // A relative --data-dir is taken from the current directory, as any command-line path is.
            let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.clone());
            flags.push((Key::DataDir, dir.display().to_string()));
        }
        if let Some(m) = &self.citizen_monitor {
            flags.push((Key::CitizenMonitor, m.clone()));
        }
        if let Some(url) = &self.central_url {
            flags.push((Key::CentralUrl, url.clone()));
        }
        if let Some(level) = &self.log_level {
            flags.push((Key::LogLevel, level.clone()));
        }
        flags
    }
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Pt => Lang::Pt,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Work with the service catalogue.
    #[command(subcommand)]
    Catalogue(CatalogueCommand),
    /// Check or change the configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Check this counter's audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Citizens' data kept on this counter.
    #[command(subcommand)]
    Privacy(PrivacyCommand),
}

#[derive(Debug, Subcommand)]
enum PrivacyCommand {
    /// Erase now the identification of the citizens whose attendances ended longer ago than the retention (`retention_days`).
    Purge {
        /// The database file [default: balcao.sqlite3 in the configured data directory].
        #[arg(long, value_name = "FILE")]
        db: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Verify the chain and signatures of the audit trail, and the records still waiting; print the first broken entry.
    Verify {
        /// The database file [default: balcao.sqlite3 in the configured data directory].
        #[arg(long, value_name = "FILE")]
        db: Option<PathBuf>,
        /// The device's public key as the central registered it (64 hex digits) [default: this PC's keyring's].
        #[arg(long, value_name = "HEX")]
        public_key: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum ConfigCommand {
    /// Check the system file, the user file and the flags as the app would read them, and show the result.
    Check,
    /// Set keys in a configuration file, keeping its comments (KEY=VALUE; lists take `;` between lines).
    Set {
        /// Write the system file (what the installers do; needs administrator rights).
        #[arg(long, group = "target")]
        system: bool,
        /// Write this user's file.
        #[arg(long, group = "target")]
        user: bool,
        /// Write this file.
        #[arg(long, group = "target", value_name = "FILE")]
        file: Option<PathBuf>,
        /// Ignore assignments with an empty value (an installer passes every property, set or not).
        #[arg(long)]
        skip_empty: bool,
        /// The keys to set: spot_code=EC-0420 "spot_name=Espaço do Cidadão de Vinhais" …
        #[arg(required = true, num_args = 1.., value_name = "KEY=VALUE")]
        assignments: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
enum CatalogueCommand {
    /// Check a catalogue folder (by default the catalogue built into this program).
    Check {
        /// A complete catalogue folder (with catalogue.toml, categories.toml and entities/).
        dir: Option<PathBuf>,
        /// A site folder to check layered over the built-in catalogue (it may add or replace services).
        #[arg(long, conflicts_with = "dir")]
        site: Option<PathBuf>,
    },
    /// Search the catalogue as the counter's search box does.
    Search {
        /// The words to search for ("mudar morada cartao").
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// How many results to show.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print a JSON array (id, name, entity, score, …) instead of text.
        #[arg(long)]
        json: bool,
        /// Search a complete catalogue folder instead of the built-in one.
        #[arg(long)]
        dir: Option<PathBuf>,
        /// A site folder layered over the built-in catalogue.
        #[arg(long, conflicts_with = "dir")]
        site: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let sources = cli.sources();
    let flags = cli.config_flags();
    let lang = cli.lang.map(Lang::from).unwrap_or_default();
    let Some(command) = cli.command else {
        let options = app_cmd::AppOptions {
            sources,
            flags,
            windowed: cli.windowed,
            training: cli.training,
            renderer: cli.renderer,
            lang,
            site: cli.site,
        };
        return match app_cmd::run(options) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("balcao: {e:#}");
                ExitCode::FAILURE
            }
        };
    };
    match run(command, lang, &sources, &flags) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("balcao: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command, lang: Lang, sources: &Sources, flags: &[(Key, String)]) -> Result<ExitCode> {
    match command {
        Command::Catalogue(CatalogueCommand::Check { dir, site }) => {
            catalogue_cmd::check(lang, dir.as_deref(), site.as_deref())
        }
        Command::Catalogue(CatalogueCommand::Search {
            query,
            limit,
            json,
            dir,
            site,
        }) => catalogue_cmd::search(
            lang,
            &query.join(" "),
            limit,
            json,
            dir.as_deref(),
            site.as_deref(),
        ),
        Command::Config(ConfigCommand::Check) => config_cmd::check(lang, sources, flags),
        Command::Audit(AuditCommand::Verify { db, public_key }) => {
            let db = match db {
                Some(db) => db,
                None => app_cmd::database_path(sources, flags)?,
            };
            audit_cmd::verify(lang, &db, public_key.as_deref())
        }
        Command::Privacy(PrivacyCommand::Purge { db }) => {
            let config = app_cmd::load_config(sources, flags)?;
            let db = match db {
                Some(db) => db,
                None => app_cmd::config_database_path(&config)?,
            };
            privacy_cmd::purge(lang, &db, privacy_cmd::retention(&config))
        }
        Command::Config(ConfigCommand::Set {
            system,
            user,
            file,
            skip_empty,
            assignments,
        }) => {
            let path = match (system, user, file) {
                (_, _, Some(file)) => file,
                (_, true, None) => sources
                    .user
                    .clone()
                    .context("this user has no home directory; use --file FILE")?,
                (true, _, None) => sources.system.clone(),
                (false, false, None) => {
                    anyhow::bail!("say which file to write: --system, --user or --file FILE")
                }
            };
            config_cmd::set(lang, &path, &assignments, skip_empty)
        }
    }
}
