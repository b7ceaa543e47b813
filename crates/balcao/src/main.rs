//! `balcao`: the counter program of the Espaços do Cidadão.
//!
//! This binary is glue, in the ripgrep manner: argument parsing and printing here, everything that
//! decides anything in the libraries (`balcao-app` runs the windows, `balcao-catalogue` checks,
//! `balcao-search` ranks, `balcao-i18n` words the output):
//!
//! - `balcao [--data-dir DIR] [--windowed] [--citizen-monitor N|NAME]`: the counter app, two windows;
//! - `balcao catalogue check [DIR] [--site DIR]`: validate a catalogue, print `path:line:col: …`;
//! - `balcao catalogue search QUERY… [--limit N] [--json]`: the same search the app's search box uses.
//!
//! Errors are reported once, here, with `anyhow` context; the process exits 1 on a failed check and 2
//! on bad usage (clap's convention).

mod app_cmd;
mod catalogue_cmd;

use anyhow::Result;
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

    /// Keep all local state (database, configuration) in DIR.
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,

    /// Keep both windows as ordinary windows (development, demos).
    #[arg(long)]
    windowed: bool,

    /// The citizen window's monitor: an index (0, 1, …) or a name (HDMI-1).
    #[arg(long, value_name = "N|NAME")]
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
    let Some(command) = cli.command else {
        let options = app_cmd::AppOptions {
            data_dir: cli.data_dir,
            windowed: cli.windowed,
            citizen_monitor: cli.citizen_monitor,
            renderer: cli.renderer,
            lang: cli.lang.map(Lang::from),
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
    let lang = cli.lang.map(Lang::from).unwrap_or_default();
    match run(command, lang) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("balcao: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command, lang: Lang) -> Result<ExitCode> {
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
    }
}
