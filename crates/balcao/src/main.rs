//! `balcao`: the counter program of the Espaços do Cidadão.
//!
//! This binary is glue, in the ripgrep manner: argument parsing and printing here, everything that
//! decides anything in the libraries (`balcao-catalogue` checks, `balcao-search` ranks, `balcao-i18n`
//! words the output). Until the counter app lands, the binary offers the catalogue commands:
//!
//! - `balcao catalogue check [DIR] [--site DIR]`: validate a catalogue, print `path:line:col: …`;
//! - `balcao catalogue search QUERY… [--limit N] [--json]`: the same search the app's search box uses.
//!
//! Errors are reported once, here, with `anyhow` context; the process exits 1 on a failed check and 2
//! on bad usage (clap's convention).

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
    /// Language of messages: pt (European Portuguese, the default) or en. Also read from BALCAO_LANG.
    #[arg(long, global = true, env = "BALCAO_LANG", value_enum, default_value_t = LangArg::Pt)]
    lang: LangArg,

    #[command(subcommand)]
    command: Command,
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
    let lang = Lang::from(cli.lang);
    match run(cli.command, lang) {
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
