//! The `balcao config …` commands: printing over `balcao-config`.
//!
//! `check` is what a technician runs after editing a file or pushing a package: it reads every layer
//! exactly as the app would, prints each problem as `path:line:column: error: …` on standard error,
//! and otherwise prints the files consulted and the effective value of every key with where it came
//! from, so "why does this counter say the wrong spot name?" has a one-command answer. It never opens
//! a window, a database or a network connection.
//!
//! `set` is what the Windows installer runs to write its `msiexec` properties; a technician can use it
//! too. It changes only the keys given and keeps the file's comments.

use anyhow::{Context, Result};
use balcao_config::{ConfigError, Key, Origin, Sources};
use balcao_core::text::Lang;
use balcao_i18n::I18n;
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// Prints problems the way every `balcao` check does: `place: error: message`, one per line.
pub fn print_errors(i18n: &I18n, errors: &[ConfigError]) {
    let severity = i18n.tr("cli-severity-error");
    for e in errors {
        eprintln!("{}: {severity}: {}", e.place(), i18n.localize(&e.problem));
    }
}

fn write_out(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e).context("writing to standard output"),
        _ => Ok(()),
    }
}

/// `balcao config check`.
pub fn check(lang: Lang, sources: &Sources, flags: &[(Key, String)]) -> Result<ExitCode> {
    let i18n = I18n::new(lang);
    let loaded = match balcao_config::load(sources, flags) {
        Ok(loaded) => loaded,
        Err(errors) => {
            print_errors(&i18n, &errors);
            eprintln!(
                "{}",
                i18n.tr_args("cli-config-problems", &[("count", errors.len().to_string())])
            );
            return Ok(ExitCode::FAILURE);
        }
    };
    let mut text = String::new();
    let labels = [i18n.tr("cli-config-system-file"), i18n.tr("cli-config-user-file")];
    for ((path, found), label) in loaded.files.iter().zip(labels) {
        let state = if *found {
            i18n.tr("cli-config-file-read")
        } else {
            i18n.tr("cli-config-file-missing")
        };
        text.push_str(&format!("# {label}: {} — {state}\n", path.display()));
    }
    for key in Key::ALL {
        let origin = match loaded.origin(key) {
            Origin::Default => i18n.tr("cli-config-origin-default"),
            Origin::System(p) | Origin::User(p) => p.display().to_string(),
            Origin::CommandLine => i18n.tr("cli-config-origin-command-line"),
        };
        match loaded.config.show(key) {
            Some(value) => text.push_str(&format!("{} = {value}  # {origin}\n", key.name())),
            None => text.push_str(&format!("# {} (—)  # {origin}\n", key.name())),
        }
    }
    // The last line is stable and untranslated: scripts and installers' tests read it.
    let read = loaded.files.iter().filter(|(_, found)| *found).count();
    text.push_str(&format!("config ok: {read} file(s) read\n"));
    write_out(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// `balcao config set`.
pub fn set(lang: Lang, path: &Path, assignments: &[String], skip_empty: bool) -> Result<ExitCode> {
    let i18n = I18n::new(lang);
    match balcao_config::set_in_file(path, assignments, skip_empty) {
        Ok(keys) => {
            let names: Vec<&str> = keys.iter().map(|k| k.name()).collect();
            write_out(&format!(
                "{}\n",
                i18n.tr_args(
                    "cli-config-written",
                    &[
                        ("path", path.display().to_string()),
                        ("count", keys.len().to_string()),
                        ("keys", names.join(", ")),
                    ],
                )
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => {
            print_errors(&i18n, &errors);
            eprintln!("{}", i18n.tr("cli-config-nothing-written"));
            Ok(ExitCode::FAILURE)
        }
    }
}
