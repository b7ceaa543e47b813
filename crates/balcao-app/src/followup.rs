//! Follow-ups at the counter: a line ending *pendente* records what is awaited, by when and how the
//! citizen wants to be told; the home screen lists what is still awaited across days; the citizen's
//! return opens a new attendance linked to it; a final outcome closes it.
//!
//! The rules are `balcao_core::followup`'s and the records `balcao_store::followup`'s; this module
//! turns the mediator's commands into those calls and keeps [`AppState::followups`] in step.

use crate::env::Env;
use crate::state::{AppState, Banner};
use balcao_core::attendance::Outcome;
use balcao_core::followup::{self, Day, FollowUpError, Notify};

/// The due day proposed for a line of `service_id` ending *pendente* on the state's day, as the form
/// shows it (`dd/mm/yyyy`): the catalogue's result time for the service, or the default.
pub fn proposed_due(state: &AppState, service_id: &str) -> String {
    let days = state.catalogue.service(service_id).and_then(|s| s.result_days);
    state
        .day
        .map(|today| followup::default_due(days, today).text())
        .unwrap_or_default()
}

/// Sets line `line` *pendente* with its follow-up: what is awaited, the due day as typed, and how
/// the citizen wants to be told.
pub fn set_pending(
    state: &mut AppState,
    env: &mut Env<'_>,
    line: usize,
    awaiting: &str,
    due: &str,
    notify: Notify,
) -> Result<(), String> {
    let Some(id) = state.attendance.as_ref().map(|a| a.id.clone()) else {
        return Ok(());
    };
    let i18n = env.i18n;
    Outcome::Pendente {
        awaiting: awaiting.trim().to_owned(),
    }
    .validate()
    .map_err(|e| i18n.localize(&e))?;
    let due = Day::parse(due).ok_or_else(|| i18n.localize(&FollowUpError::DueNotADate))?;
    let (attendance, f) = env
        .store
        .set_pending(&id, line, awaiting.trim(), due, notify, env.now)
        .map_err(|e| i18n.localize(&e))?;
    state.attendance = Some(attendance);
    tracing::info!(attendance = %id, line, outcome = "pendente", followup = %f.id, notify = notify.slug(), "outcome recorded");
    refresh(state, env);
    Ok(())
}

/// The citizen came back for follow-up `id`: a new attendance of the same service, linked to it.
pub fn begin_return(state: &mut AppState, env: &mut Env<'_>, id: &str) -> Result<(), String> {
    if let Some(open) = &state.attendance {
        return Err(env
            .i18n
            .localize(&balcao_store::StoreError::AlreadyOpen { id: open.id.clone() }));
    }
    // A catalogue that waited for the last citizen's attendance is used from this one.
    crate::catalogue_update::use_pending(state, env.i18n);
    let a = env
        .store
        .begin_return(id, state.origin(), env.now)
        .map_err(|e| env.i18n.localize(&e))?;
    tracing::info!(attendance = %a.id, followup = %id, "return visit started");
    state.clear_attendance();
    state.finished = None;
    state.selected_line = 0;
    state.attendance = Some(a);
    state.banner = Some(Banner {
        error: false,
        text: env.i18n.tr("followup-return-started"),
    });
    Ok(())
}

/// Closes follow-up `id` without a return visit: `concluded` (the result came and was handed over) or
/// not possible.
pub fn close(state: &mut AppState, env: &mut Env<'_>, id: &str, concluded: bool) -> Result<(), String> {
    let outcome = if concluded {
        Outcome::Concluido
    } else {
        Outcome::NaoFoiPossivel {
            reason: env.i18n.tr("followup-closed-without-visit"),
        }
    };
    let mediator = state.origin().mediator;
    let f = env
        .store
        .close_followup(id, &outcome, &mediator, env.now)
        .map_err(|e| env.i18n.localize(&e))?;
    tracing::info!(followup = %f.id, outcome = outcome.slug(), "follow-up closed");
    refresh(state, env);
    Ok(())
}

/// Reloads the open follow-ups for the home screen.
pub fn refresh(state: &mut AppState, env: &mut Env<'_>) {
    state.day = Some(Day::at(&state.config.time_zone, env.now));
    match env.store.open_followups() {
        Ok(list) => state.followups = list,
        Err(e) => {
            state.banner = Some(Banner {
                error: true,
                text: env.i18n.localize(&e),
            })
        }
    }
}
