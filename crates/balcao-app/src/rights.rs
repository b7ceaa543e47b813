//! A citizen's rights at the counter, as a supervisor exercises them for the citizen (RGPD art. 15.º
//! and 17.º): find what the counter holds about them by NIF or card number, print them a copy, and
//! erase it.
//!
//! The store does the finding, the erasing and the audit entries (`balcao_store::rgpd`); this module
//! turns the panel's commands into those calls and into the copy on paper (`balcao_pdf::access_pdf`).
//! The copy's file holds the citizen's data, so it is deleted as soon as the printer has taken it;
//! nothing about the citizen stays in the documents folder.

use crate::env::Env;
use crate::rights_state::CitizenKey;
use crate::state::{AppState, Banner};
use balcao_core::attendance::{Attendance, Outcome};
use balcao_pdf::{AccessDoc, AccessItem};

/// Reads the typed text as a NIF, else as a card number.
pub fn parse(text: &str) -> Option<CitizenKey> {
    if let Ok(nif) = balcao_core::validate::nif(text) {
        return Some(CitizenKey::Nif(nif));
    }
    balcao_core::validate::cc_number(text).ok().map(CitizenKey::Card)
}

/// Who acts: the supervisor logged in, or the configured mediator in demo mode.
fn actor(state: &AppState) -> String {
    state.origin().mediator
}

/// Searches what the counter holds about the citizen whose NIF or card number is typed.
pub fn find(state: &mut AppState, env: &mut Env<'_>) -> Result<(), String> {
    let i18n = env.i18n;
    let key = parse(&state.rights.query).ok_or_else(|| i18n.tr("rights-bad-query"))?;
    let (nif, cc) = match &key {
        CitizenKey::Nif(nif) => (Some(nif.as_str()), None),
        CitizenKey::Card(cc) => (None, Some(cc.as_str())),
    };
    let found = env
        .store
        .citizen_attendances(nif, cc)
        .map_err(|e| i18n.localize(&e))?;
    tracing::info!(found = found.len(), "citizen's data searched");
    state.rights.found = Some((key, found));
    state.rights.confirm_erase = false;
    Ok(())
}

fn outcome_text(i18n: &balcao_i18n::I18n, outcome: Option<&Outcome>) -> String {
    match outcome {
        None => i18n.tr("outcome-none"),
        Some(o) => {
            let label = i18n.tr(&format!("outcome-{}", o.slug()));
            let detail = match o {
                Outcome::Concluido => "",
                Outcome::Pendente { awaiting: d }
                | Outcome::Encaminhado { to: d }
                | Outcome::NaoFoiPossivel { reason: d } => d.as_str(),
            };
            if detail.is_empty() {
                label
            } else {
                format!("{label}: {detail}")
            }
        }
    }
}

fn item(state: &AppState, i18n: &balcao_i18n::I18n, a: &Attendance) -> AccessItem {
    let c = a.citizen.clone().unwrap_or_default();
    let identification = [
        ("pdf-access-name", c.name),
        ("pdf-access-nif", c.nif),
        ("pdf-access-cc", c.cc_number),
        ("pdf-access-phone", c.phone),
        ("pdf-access-email", c.email),
    ]
    .into_iter()
    .filter_map(|(label, value)| value.map(|v| (label, v)))
    .collect();
    let lang = state.lang;
    AccessItem {
        when: state.config.time_zone.date_time_text(a.started_at),
        mediator: a.origin.mediator.clone(),
        identification,
        services: a
            .lines
            .iter()
            .map(|l| {
                let name = state
                    .catalogue
                    .service(&l.service_id)
                    .map_or_else(|| l.service_id.clone(), |s| s.name.get(lang).to_string());
                (name, outcome_text(i18n, l.outcome.as_ref()))
            })
            .collect(),
        notes: std::iter::once(a.notes.clone())
            .chain(a.lines.iter().map(|l| l.notes.clone()))
            .collect(),
    }
}

/// Prints the citizen their copy and records who handed it over.
pub fn print_copy(state: &mut AppState, env: &mut Env<'_>) -> Result<(), String> {
    let i18n = env.i18n;
    let Some((key, found)) = &state.rights.found else {
        return Err(i18n.tr("rights-search-first"));
    };
    let doc = AccessDoc {
        header: crate::cash::header(state),
        issued: state.config.time_zone.date_time_text(env.now),
        query: key.shown(),
        items: found.iter().map(|a| item(state, i18n, a)).collect(),
        retention_days: state.config.retention_days,
        pending_days: state.config.retention_days_pending,
    };
    let bytes = balcao_pdf::access_pdf(&doc, i18n);
    let path = env.documents.join(format!("dados-pessoais-{}.pdf", env.now.0));
    std::fs::create_dir_all(env.documents)
        .and_then(|()| std::fs::write(&path, bytes))
        .map_err(|e| i18n.tr_args("rights-copy-failed", &[("detail", e.to_string())]))?;
    let printed = (env.print)(&path);
    // The printer has its own copy (or has none to take): the citizen's data does not stay here.
    let _ = std::fs::remove_file(&path);
    printed.map_err(|detail| i18n.tr_args("rights-copy-failed", &[("detail", detail)]))?;
    let ids: Vec<String> = found.iter().map(|a| a.id.clone()).collect();
    env.store
        .record_access(&ids, &actor(state), env.now)
        .map_err(|e| i18n.localize(&e))?;
    tracing::info!(attendances = ids.len(), "citizen's copy printed");
    state.banner = Some(Banner {
        error: false,
        text: i18n.tr_args("rights-copy-printed", &[("count", ids.len().to_string())]),
    });
    Ok(())
}

/// Erases what was found, after a second press that confirms it.
pub fn erase(state: &mut AppState, env: &mut Env<'_>) -> Result<(), String> {
    let i18n = env.i18n;
    let Some((_, found)) = &state.rights.found else {
        return Err(i18n.tr("rights-search-first"));
    };
    if !state.rights.confirm_erase {
        state.rights.confirm_erase = true;
        return Ok(());
    }
    let ids: Vec<String> = found.iter().map(|a| a.id.clone()).collect();
    let done = env
        .store
        .erase_citizen(&ids, &actor(state), env.now)
        .map_err(|e| i18n.localize(&e))?;
    tracing::info!(
        erased = done.erased,
        open = done.open,
        "citizen's data erased on request"
    );
    let mut text = i18n.tr_args("rights-erased", &[("count", done.erased.to_string())]);
    if done.open > 0 {
        text = format!(
            "{text} {}",
            i18n.tr_args("rights-erased-open", &[("count", done.open.to_string())])
        );
    }
    state.banner = Some(Banner { error: false, text });
    state.rights = Default::default();
    Ok(())
}
