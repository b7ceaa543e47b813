//! The `balcao catalogue …` commands: printing over `balcao-catalogue` and `balcao-search`.
//!
//! `check` prints one line per problem in the `path:line:column: severity: message` form that editors
//! and CI logs link to, then a one-line summary. `search` prints ranked results, or JSON for scripts.

use anyhow::{Context, Result, bail};
use balcao_catalogue::{Report, Severity, Source};
use balcao_core::text::Lang;
use balcao_i18n::I18n;
use serde::Serialize;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// Writes to standard output. A closed pipe (`balcao catalogue search … | head`) is a normal end of
/// output, not an error, and must never become a panic as `println!` would make it.
fn emit(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e).context("writing to standard output"),
        _ => Ok(()),
    }
}

/// Loads the catalogue the user asked for: a complete folder, the built-in one with a site layer, or
/// the built-in one alone.
fn load(dir: Option<&Path>, site: Option<&Path>) -> Report {
    match (dir, site) {
        (Some(dir), _) => balcao_catalogue::check(&Source::read_dir(dir)),
        (None, site) => balcao_catalogue::load(site),
    }
}

/// `balcao catalogue check`.
pub fn check(lang: Lang, dir: Option<&Path>, site: Option<&Path>) -> Result<ExitCode> {
    let i18n = I18n::new(lang);
    let report = load(dir, site);
    for d in &report.diagnostics {
        let severity = match d.severity {
            Severity::Error => i18n.tr("cli-severity-error"),
            Severity::Warning => i18n.tr("cli-severity-warning"),
        };
        eprintln!(
            "{}:{}:{}: {severity}: {}",
            d.path,
            d.line,
            d.column,
            i18n.localize(&d.problem)
        );
    }
    if report.is_ok() {
        let c = &report.catalogue;
        // The summary is a stable, untranslated line: scripts and CI read it.
        emit(&format!(
            "catalogue ok: {} entities, {} services, version {} ({} unconfirmed facts)\n",
            c.entities.len(),
            c.services.len(),
            c.meta.version,
            c.unconfirmed_count()
        ))?;
        Ok(ExitCode::SUCCESS)
    } else {
        let args = [
            ("errors", report.error_count().to_string()),
            ("warnings", report.warning_count().to_string()),
        ];
        eprintln!("{}", i18n.tr_args("cli-check-failed", &args));
        Ok(ExitCode::FAILURE)
    }
}

/// One search result, as printed by `--json`.
#[derive(Debug, Serialize)]
struct JsonHit<'a> {
    id: &'a str,
    name: &'a str,
    entity: &'a str,
    entity_name: &'a str,
    url: &'a str,
    fee_cents: i64,
    score: f32,
}

/// `balcao catalogue search`.
pub fn search(
    lang: Lang,
    query: &str,
    limit: usize,
    json: bool,
    dir: Option<&Path>,
    site: Option<&Path>,
) -> Result<ExitCode> {
    let i18n = I18n::new(lang);
    let report = load(dir, site);
    if !report.is_ok() {
        bail!(
            "{} (balcao catalogue check{})",
            i18n.tr_args(
                "cli-check-failed",
                &[
                    ("errors", report.error_count().to_string()),
                    ("warnings", report.warning_count().to_string())
                ]
            ),
            dir.map(|d| format!(" {}", d.display())).unwrap_or_default()
        );
    }
    let catalogue = &report.catalogue;
    let index = balcao_search::Index::new(catalogue);
    let hits = index.search(query, limit);
    if json {
        let out: Vec<JsonHit<'_>> = hits
            .iter()
            .filter_map(|h| {
                let s = catalogue.services.get(h.service)?;
                let entity = catalogue.entity(&s.entity)?;
                Some(JsonHit {
                    id: &s.id,
                    name: s.name.get(lang),
                    entity: &entity.acronym,
                    entity_name: entity.name.get(lang),
                    url: &s.url,
                    fee_cents: s.base_fee().cents(),
                    score: h.score,
                })
            })
            .collect();
        emit(&(serde_json::to_string_pretty(&out).context("serialising the results")? + "\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    if hits.is_empty() {
        emit(&(i18n.tr_args("cli-search-none", &[("query", query.to_string())]) + "\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut text = String::new();
    for (rank, h) in hits.iter().enumerate() {
        let Some(s) = catalogue.services.get(h.service) else {
            continue;
        };
        let acronym = catalogue
            .entity(&s.entity)
            .map(|e| e.acronym.as_str())
            .unwrap_or("");
        let fee = if s.fees.is_empty() {
            i18n.tr("cli-search-free")
        } else {
            s.base_fee().to_plain_string()
        };
        let _ = writeln!(
            text,
            "{:>2}. {} — {} ({fee})  [{}]",
            rank + 1,
            s.name.get(lang),
            acronym,
            s.id
        );
    }
    emit(&text)?;
    Ok(ExitCode::SUCCESS)
}
