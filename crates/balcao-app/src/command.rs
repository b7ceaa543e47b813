//! Commands: the only way anything changes.
//!
//! Widgets never mutate the state; they push a [`Command`] (rerun's `CommandSender` pattern), and
//! [`apply`] runs them in `App::logic`, one place that validates, persists to the local store and
//! updates the state. A command whose save fails changes nothing in the state either, and says why in
//! the banner: what the mediator typed stays in the form, ready to be saved again.
//!
//! Text fields are edited in the state as the mediator types and written to the store when the field
//! loses focus or before any other command, so a record has one outbox entry per meaningful change, not
//! one per keystroke.
//!
//! This is also the one place that logs what the mediator does, and it logs only what identifies
//! *records* (attendance ids, service ids, outcome kinds, message ids of refusals), never what
//! identifies *people*: no command payload that a person typed (names, NIF, card numbers, notes) and
//! no translated message (which may quote what was typed) reaches a log line. [`Command::kind`] is the
//! payload-free name used for that.

use crate::cash::{self, ClosingDraft, PaymentDraft};
pub use crate::env::Env;
use crate::state::{AppState, Banner, CitizenField, Finished};
use balcao_core::attendance::{Attendance, Citizen, Outcome};
use balcao_core::message::Localized;
use balcao_core::text::Lang;
use balcao_core::validate;

mod meta;

/// Something the mediator asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Start serving a citizen.
    StartAttendance,
    /// The search box changed.
    SetQuery(String),
    /// Add a service (by id) to the attendance, starting one if needed.
    AddService(String),
    /// Work on another service line.
    SelectLine(usize),
    /// An identification field changed (not yet saved).
    SetField(CitizenField, String),
    /// The citizen agreed (or not) to give identification data.
    SetConsent(bool),
    /// Validate and save the identification form.
    SaveCitizen,
    /// Go to the next step of the selected line's guide.
    NextStep,
    /// Go back one step.
    PrevStep,
    /// Check or uncheck a required document of the selected line.
    ToggleDocument(usize),
    /// Set the outcome of a line.
    SetOutcome(usize, Outcome),
    /// Set a line *pendente* with its follow-up: what is awaited, the due day as typed
    /// (`dd/mm/yyyy`), how the citizen wants to be told.
    SetPending(usize, String, String, balcao_core::followup::Notify),
    /// The citizen came back for this follow-up (by id): a linked attendance of the same service.
    ReturnFor(String),
    /// Close a follow-up (by id) without a return visit: concluded (`true`) or not possible.
    CloseFollowUp(String, bool),
    /// Run the start-of-day check now.
    RunDayCheck,
    /// Fold the start-of-day checklist away, or show it again.
    ToggleDayCheck,
    /// The notes changed (not yet saved).
    SetNotes(String),
    /// Save the notes.
    SaveNotes,
    /// The confidential field changed (never saved, never mirrored).
    SetConfidential(String),
    /// End the attendance.
    EndAttendance,
    /// Clear the end screen: the citizen screen returns to the welcome.
    NextCitizen,
    /// Switch the language of both windows.
    SetLang(Lang),
    /// Open the selected service's online address in the system browser.
    OpenService(String),
    /// Hide the banner.
    DismissBanner,
    /// Open the counter's cash session with this float (as typed).
    OpenCash(String),
    /// Record the payment of a line's fee.
    RecordPayment(usize, PaymentDraft),
    /// Cancel a payment (by id) with a reason.
    CancelPayment(String, String),
    /// Print a payment's receipt again, marked as a copy.
    ReprintReceipt(String),
    /// Close the cash session with what was counted.
    CloseCash(ClosingDraft),
    /// Enroll this counter with the central server (its address and a one-time code).
    Enroll(String, String),
    /// Sync now, without waiting for the backoff.
    SyncNow,
    /// Pause the live picture on the citizen screen, or resume it.
    ToggleMirrorPause,
    /// Look again at the downloads of the attendance's browser.
    RefreshDownloads,
    /// Send the document the printer refused to the printer again.
    PrintAgain,
    /// The spot's clock passed midnight: today's list starts again, and a till still open is
    /// yesterday's.
    NewDay,
    /// Send a download (by its index in the list) to the printer.
    PrintDownload(usize),
    /// A field of the login screen changed (never saved, never logged).
    SetLoginField(crate::session::LoginField, String),
    /// Check the login screen's login and password (or PIN, to reopen one's own locked session).
    Login,
    /// Activate the account with its one-time code and a new password.
    Activate,
    /// Lock the session (Ctrl+L): the attendance waits, the citizen screen shows the welcome.
    Lock,
    /// End the session (only with no attendance open).
    Logout,
    /// A supervisor unlocks an account (by login) locked out by failed logins.
    UnlockAccount(String),
    /// The citizen's-rights panel's search field changed (a NIF or card number; never logged).
    SetRightsQuery(String),
    /// Find what the counter holds about the citizen whose number is typed.
    FindCitizen,
    /// Print the citizen their copy of it (RGPD, access).
    PrintCitizenCopy,
    /// Erase it (RGPD, erasure): the first press asks for confirmation, the second erases.
    EraseCitizen,
    /// Copy the document the printer did not take to the user's documents folder.
    SavePdf,
    /// Training: start a guided exercise of this service, with the fictitious citizen.
    StartExercise(String),
    /// Restart the app in training mode, or back out of it.
    SwitchTraining,
}

/// Applies one command. Failures end up in the banner; this never panics.
pub fn apply(state: &mut AppState, env: &mut Env<'_>, command: Command) {
    // Typed text is saved before anything else happens, so moving on never loses it.
    let saves_first = !(command.is_quiet() || matches!(command, Command::SaveNotes | Command::DismissBanner));
    if saves_first {
        save_notes(state, env);
    }
    let kind = command.kind();
    // Keystrokes and searches are too frequent (and too close to what people type) to be worth a line.
    if !command.is_quiet() {
        tracing::debug!(command = kind, "command");
    }
    let result = run(state, env, command);
    if let Err(message) = result {
        tracing::warn!(command = kind, "command refused; the banner says why");
        state.banner = Some(Banner {
            error: true,
            text: message,
        });
    }
}

type Applied = Result<(), String>;

fn run(state: &mut AppState, env: &mut Env<'_>, command: Command) -> Applied {
    let i18n = env.i18n;
    // The role's table decides before anything happens, whatever the UI showed.
    if let Some(permission) = command.permission()
        && !state.session.may(permission)
    {
        tracing::info!(command = command.kind(), "refused: not allowed for this session");
        return Err(i18n.tr(if state.session.needs_login() {
            "login-needed"
        } else {
            "login-not-allowed"
        }));
    }
    let fail = |e: &dyn Localized| {
        tracing::warn!(error = e.message_id(), "action failed");
        i18n.localize(e)
    };
    match command {
        Command::StartAttendance => start(state, env).map(|_| ()),
        Command::SetQuery(q) => {
            state.results = state.index.search(&q, 8).into_iter().map(|h| h.service).collect();
            state.query = q;
            Ok(())
        }
        Command::AddService(service_id) => {
            // A catalogue that waited for the last citizen is used from this one: the service chosen
            // in the old one's results may be gone from it.
            if crate::catalogue_update::use_pending(state, i18n)
                && state.catalogue.service(&service_id).is_none()
            {
                return Err(i18n.tr("app-catalogue-service-gone"));
            }
            let id = match &state.attendance {
                Some(a) => a.id.clone(),
                None => start(state, env)?,
            };
            let index = env
                .store
                .add_service(&id, &service_id, env.now)
                .map_err(|e| fail(&e))?;
            reload(state, env, &id)?;
            tracing::info!(attendance = %id, service = %service_id, line = index, "service added");
            state.selected_line = index;
            state.query.clear();
            state.results.clear();
            Ok(())
        }
        Command::SelectLine(i) => {
            if state.attendance.as_ref().is_some_and(|a| i < a.lines.len()) {
                state.selected_line = i;
            }
            Ok(())
        }
        Command::SetField(field, value) => {
            if let Some(slot) = state.form.values.get_mut(field as usize) {
                *slot = value;
            }
            if let Some(err) = state.form.errors.get_mut(field as usize) {
                *err = None;
            }
            Ok(())
        }
        Command::SetConsent(c) => {
            state.form.consent = c;
            Ok(())
        }
        Command::SaveCitizen => save_citizen(state, env),
        Command::NextStep | Command::PrevStep => {
            let Some((id, line, step, count)) = selected(state) else {
                return Ok(());
            };
            let target = if command == Command::NextStep {
                (step + 1).min(count.saturating_sub(1))
            } else {
                step.saturating_sub(1)
            };
            if target != step {
                state.attendance = Some(
                    env.store
                        .set_step(&id, line, target, env.now)
                        .map_err(|e| fail(&e))?,
                );
            }
            Ok(())
        }
        Command::ToggleDocument(doc) => {
            let Some(a) = &state.attendance else { return Ok(()) };
            let Some(line) = a.lines.get(state.selected_line) else {
                return Ok(());
            };
            let mut checked = line.documents_checked.clone();
            match checked.iter().position(|d| *d == doc) {
                Some(p) => {
                    checked.remove(p);
                }
                None => checked.push(doc),
            }
            checked.sort_unstable();
            let id = a.id.clone();
            state.attendance = Some(
                env.store
                    .set_documents(&id, state.selected_line, checked, env.now)
                    .map_err(|e| fail(&e))?,
            );
            Ok(())
        }
        Command::SetOutcome(line, outcome) => {
            let Some(id) = state.attendance.as_ref().map(|a| a.id.clone()) else {
                return Ok(());
            };
            outcome.validate().map_err(|e| fail(&e))?;
            let slug = outcome.slug();
            state.attendance = Some(
                env.store
                    .set_outcome(&id, line, outcome, env.now)
                    .map_err(|e| fail(&e))?,
            );
            tracing::info!(attendance = %id, line, outcome = slug, "outcome recorded");
            Ok(())
        }
        Command::SetPending(line, awaiting, due, notify) => {
            crate::followup::set_pending(state, env, line, &awaiting, &due, notify)
        }
        Command::ReturnFor(id) => crate::followup::begin_return(state, env, &id),
        Command::CloseFollowUp(id, concluded) => crate::followup::close(state, env, &id, concluded),
        Command::RunDayCheck => {
            if !state.day_check.running {
                state.day_check.requested = Some(balcao_store::daycheck::Trigger::OnDemand);
            }
            state.day_check.folded = false;
            Ok(())
        }
        Command::ToggleDayCheck => {
            state.day_check.folded = !state.day_check.folded;
            Ok(())
        }
        Command::SetNotes(text) => {
            state.notes = text;
            Ok(())
        }
        Command::SaveNotes => {
            save_notes(state, env);
            Ok(())
        }
        Command::SetConfidential(text) => {
            state.confidential = text;
            Ok(())
        }
        Command::EndAttendance => {
            let Some(a) = state.attendance.clone() else {
                return Ok(());
            };
            // The downloads are deleted with the browser's profile: say so once, before it happens.
            refresh_downloads(state, env);
            let unprinted = state.downloads.iter().filter(|d| !d.printed).count();
            if unprinted > 0 && !state.end_warned {
                state.end_warned = true;
                return Err(i18n.tr_args("app-downloads-end-warning", &[("count", unprinted.to_string())]));
            }
            // Check the rules first so the mediator learns what is missing before anything is written.
            let mut check = a.clone();
            check.end(env.now).map_err(|e| fail(&e))?;
            let usage = state.mirror_tally.usage(env.now);
            let ended = env
                .store
                .end_attendance_with_mirror(&a.id, env.now, usage)
                .map_err(|e| fail(&e))?;
            tracing::info!(
                attendance = %ended.id,
                services = ended.lines.len(),
                mirror_live_seconds = usage.live_seconds,
                mirror_paused_seconds = usage.paused_seconds,
                mirror_pauses = usage.pauses,
                "attendance ended"
            );
            // Nothing of this citizen's portal session may reach the next citizen.
            env.browser.close(&ended.id);
            state.finished = Some(Finished {
                survey_token: survey_token(env, ended.ended_at.unwrap_or(env.now)),
                attendance_id: ended.id.clone(),
                attendance: ended,
            });
            clear_attendance(state);
            refresh_today(state, env);
            Ok(())
        }
        Command::NextCitizen => {
            state.finished = None;
            Ok(())
        }
        Command::SetLang(lang) => {
            state.lang = lang;
            // The attendance records the language it is held in (the last one chosen during it),
            // when the person at the counter may work on it (a locked session's toggle only changes
            // the screens).
            let open = state.attendance.as_ref().map(|a| a.id.clone());
            if let Some(id) = open.filter(|_| state.session.may(balcao_accounts::Permission::Attend)) {
                let a = env
                    .store
                    .set_lang(&id, lang, env.now)
                    .map_err(|e| env.i18n.localize(&e))?;
                state.attendance = Some(a);
            }
            Ok(())
        }
        Command::OpenService(url) => {
            let id = state
                .attendance
                .as_ref()
                .map(|a| a.id.clone())
                .unwrap_or_default();
            match env.browser.open(&id, &url, env.browser_placement) {
                Ok(pid) => {
                    if pid.is_some() {
                        state.browser_pid = pid;
                    }
                    Ok(())
                }
                Err(failure) => {
                    let detail = match failure {
                        crate::browser::OpenFailure::Browser(e) => i18n.localize(&e),
                        crate::browser::OpenFailure::System(detail) => detail,
                    };
                    Err(i18n.tr_args("app-open-url-failed", &[("url", url.clone()), ("detail", detail)]))
                }
            }
        }
        Command::RefreshDownloads => {
            refresh_downloads(state, env);
            Ok(())
        }
        Command::PrintAgain => {
            let Some(path) = state.print_failed.take() else {
                return Ok(());
            };
            state.banner = None;
            (env.print)(&path).map_err(|detail| {
                // Still not printed: both ways out stay on offer.
                state.print_failed = Some(path.clone());
                env.i18n.tr_args("app-print-failed", &[("detail", detail)])
            })
        }
        Command::SavePdf => cash::save_pdf(state, env),
        Command::StartExercise(service) => {
            run(state, env, Command::AddService(service))?;
            // The trainee types nothing up front: the fictitious citizen is in the form, to check
            // against the (equally fictitious) card and save with the citizen's consent.
            let c = crate::training::fictitious_citizen();
            state.form.values = [c.name, c.nif, c.cc_number, c.phone, c.email].map(Option::unwrap_or_default);
            Ok(())
        }
        Command::SwitchTraining => {
            state.switch_training = true;
            Ok(())
        }
        Command::NewDay => {
            refresh_today(state, env);
            cash::refresh(state, env);
            Ok(())
        }
        Command::PrintDownload(i) => {
            let Some(d) = state.downloads.get_mut(i) else {
                return Ok(());
            };
            (env.print)(&d.path).map_err(|detail| i18n.tr_args("app-print-failed", &[("detail", detail)]))?;
            d.printed = true;
            tracing::info!("a download was sent to the printer");
            Ok(())
        }
        Command::ToggleMirrorPause => {
            state.mirror.paused_by_mediator = !state.mirror.paused_by_mediator;
            tracing::info!(
                paused = state.mirror.paused_by_mediator,
                "the mediator toggled the mirror's pause"
            );
            Ok(())
        }
        Command::DismissBanner => {
            state.banner = None;
            Ok(())
        }
        Command::OpenCash(float) => cash::open(state, env, &float),
        Command::RecordPayment(line, draft) => cash::pay(state, env, line, &draft),
        Command::CancelPayment(id, reason) => cash::cancel(state, env, &id, &reason),
        Command::ReprintReceipt(id) => cash::reprint(state, env, &id),
        Command::CloseCash(draft) => cash::close(state, env, &draft),
        Command::SetLoginField(field, text) => {
            crate::session::set_field(state, field, text);
            Ok(())
        }
        Command::Login => crate::session::login(state, env),
        Command::Activate => crate::session::activate(state, env),
        Command::Lock => crate::session::lock(state, env),
        Command::Logout => crate::session::logout(state, env),
        Command::UnlockAccount(login) => crate::session::unlock_account(state, env, &login),
        Command::SetRightsQuery(text) => {
            state.rights.query = text;
            state.rights.confirm_erase = false;
            Ok(())
        }
        Command::FindCitizen => crate::rights::find(state, env),
        Command::PrintCitizenCopy => crate::rights::print_copy(state, env),
        Command::EraseCitizen => {
            crate::rights::erase(state, env)?;
            // Today's list holds attendances as loaded: reload those that were erased.
            refresh_today(state, env);
            Ok(())
        }
        Command::Enroll(url, code) => match env.sync {
            // The worker enrolls in the background; its status says how it went.
            Some(worker) => {
                let name = format!("{} — {}", state.config.spot_name, state.config.counter);
                worker.enroll(url.trim(), code.trim(), &name);
                Ok(())
            }
            None => Err(i18n.tr("app-sync-not-configured")),
        },
        Command::SyncNow => {
            if let Some(worker) = env.sync {
                worker.sync_now();
            }
            Ok(())
        }
    }
}

/// Starts an attendance and returns its id. The previous citizen's end screen goes away at once.
fn start(state: &mut AppState, env: &mut Env<'_>) -> Result<String, String> {
    if let Some(a) = &state.attendance {
        return Ok(a.id.clone());
    }
    // A catalogue that waited for the last citizen's attendance is used from this one.
    crate::catalogue_update::use_pending(state, env.i18n);
    let origin = state.origin();
    let mut a = env
        .store
        .begin_attendance(origin, env.now)
        .map_err(|e| env.i18n.localize(&e))?;
    // An attendance begins in Portuguese; one begun with the screens in English says so.
    if state.lang != Lang::Pt {
        a = env
            .store
            .set_lang(&a.id, state.lang, env.now)
            .map_err(|e| env.i18n.localize(&e))?;
    }
    let id = a.id.clone();
    tracing::info!(attendance = %id, spot = %state.config.spot_code, counter = %state.config.counter, "attendance started");
    clear_attendance(state);
    state.finished = None;
    state.attendance = Some(a);
    Ok(id)
}

/// The selected line: attendance id, line index, current step and step count.
fn selected(state: &AppState) -> Option<(String, usize, usize, usize)> {
    let a = state.attendance.as_ref()?;
    let line = a.lines.get(state.selected_line)?;
    let count = state
        .catalogue
        .service(&line.service_id)
        .map(|s| s.steps.len())
        .unwrap_or(0);
    Some((a.id.clone(), state.selected_line, line.current_step, count))
}

fn reload(state: &mut AppState, env: &mut Env<'_>, id: &str) -> Result<(), String> {
    let a = env.store.load(id).map_err(|e| env.i18n.localize(&e))?;
    state.attendance = Some(a);
    Ok(())
}

fn save_citizen(state: &mut AppState, env: &mut Env<'_>) -> Result<(), String> {
    let i18n = env.i18n;
    let mut citizen = Citizen::default();
    let mut any_error = false;
    for field in CitizenField::ALL {
        let raw = state.form.value(field).trim().to_string();
        if raw.is_empty() {
            continue;
        }
        let checked: Result<String, String> = match field {
            CitizenField::Name => Ok(raw.clone()),
            CitizenField::Nif => validate::nif(&raw).map_err(|e| i18n.localize(&e)),
            CitizenField::CcNumber => validate::cc_number(&raw).map_err(|e| i18n.localize(&e)),
            CitizenField::Phone => validate::phone(&raw).map_err(|e| i18n.localize(&e)),
            CitizenField::Email => validate::email(&raw).map_err(|e| i18n.localize(&e)),
        };
        match checked {
            Ok(value) => {
                let slot = match field {
                    CitizenField::Name => &mut citizen.name,
                    CitizenField::Nif => &mut citizen.nif,
                    CitizenField::CcNumber => &mut citizen.cc_number,
                    CitizenField::Phone => &mut citizen.phone,
                    CitizenField::Email => &mut citizen.email,
                };
                *slot = Some(value.clone());
                if let Some(v) = state.form.values.get_mut(field as usize) {
                    *v = value;
                }
            }
            Err(message) => {
                any_error = true;
                if let Some(e) = state.form.errors.get_mut(field as usize) {
                    *e = Some(message);
                }
            }
        }
    }
    if any_error {
        return Err(i18n.tr("app-fix-fields"));
    }
    if citizen != Citizen::default() && !state.form.consent {
        return Err(i18n.tr("app-consent-needed"));
    }
    let id = match &state.attendance {
        Some(a) => a.id.clone(),
        None => start(state, env)?,
    };
    let consent_at = state.form.consent.then_some(env.now);
    let given = [
        &citizen.name,
        &citizen.nif,
        &citizen.cc_number,
        &citizen.phone,
        &citizen.email,
    ]
    .iter()
    .filter(|v| v.is_some())
    .count();
    state.attendance = Some(
        env.store
            .set_citizen(&id, citizen, consent_at, env.now)
            .map_err(|e| i18n.localize(&e))?,
    );
    tracing::info!(attendance = %id, fields = given, consent = consent_at.is_some(), "identification saved");
    state.banner = Some(Banner {
        error: false,
        text: i18n.tr("app-citizen-saved"),
    });
    Ok(())
}

/// Saves the notes if they differ from what is stored. A failure goes to the banner; the text stays.
fn save_notes(state: &mut AppState, env: &mut Env<'_>) {
    let Some(a) = &state.attendance else { return };
    if a.notes == state.notes {
        return;
    }
    let id = a.id.clone();
    match env.store.set_notes(&id, &state.notes, env.now) {
        Ok(a) => state.attendance = Some(a),
        Err(e) => {
            state.banner = Some(Banner {
                error: true,
                text: env.i18n.localize(&e),
            })
        }
    }
}

/// Reads the attendance browser's finished downloads again, keeping what was printed.
fn refresh_downloads(state: &mut AppState, env: &mut Env<'_>) {
    let Some(a) = &state.attendance else { return };
    let paths = env.browser.downloads(&a.id);
    let old = std::mem::take(&mut state.downloads);
    state.downloads = paths
        .into_iter()
        .map(|path| {
            let printed = old.iter().any(|d| d.path == path && d.printed);
            crate::state::Download { path, printed }
        })
        .collect();
    if state.downloads.iter().all(|d| d.printed) {
        state.end_warned = false;
    }
}

fn clear_attendance(state: &mut AppState) {
    state.clear_attendance();
}

/// Reloads today's attendances for the home screen (the spot's local day of `now`, which has 23 or
/// 25 hours when the clocks change).
pub fn refresh_today(state: &mut AppState, env: &mut Env<'_>) {
    let (start, end) = state.config.time_zone.day_bounds(env.now);
    match env.store.attendances_between(start, end) {
        Ok(mut list) => {
            list.sort_by_key(|a: &Attendance| std::cmp::Reverse(a.started_at));
            state.today = list;
            crate::followup::refresh(state, env);
        }
        Err(e) => {
            state.banner = Some(Banner {
                error: true,
                text: env.i18n.localize(&e),
            })
        }
    }
}

/// Restores an attendance left open by a crash or power cut, exactly where it was.
pub fn restore(state: &mut AppState, env: &mut Env<'_>) {
    match env.store.open_attendance() {
        Ok(Some(a)) => {
            state.form = Default::default();
            if let Some(c) = &a.citizen {
                for (field, value) in [
                    (CitizenField::Name, &c.name),
                    (CitizenField::Nif, &c.nif),
                    (CitizenField::CcNumber, &c.cc_number),
                    (CitizenField::Phone, &c.phone),
                    (CitizenField::Email, &c.email),
                ] {
                    if let (Some(v), Some(slot)) = (value, state.form.values.get_mut(field as usize)) {
                        slot.clone_from(v);
                    }
                }
                state.form.consent = env
                    .store
                    .load_snapshot(&a.id)
                    .ok()
                    .and_then(|s| s.consent_at)
                    .is_some();
            }
            state.notes.clone_from(&a.notes);
            state.selected_line = a.lines.len().saturating_sub(1);
            state.attendance = Some(a);
            state.banner = Some(Banner {
                error: false,
                text: env.i18n.tr("app-restored"),
            });
        }
        Ok(None) => {}
        Err(e) => {
            state.banner = Some(Banner {
                error: true,
                text: env.i18n.localize(&e),
            })
        }
    }
    refresh_today(state, env);
    cash::refresh(state, env);
}

/// The survey ticket of an attendance that ended at `ended_at`: this counter's device id and that
/// millisecond, signed with the device key (`balcao_survey::Ticket`), so the central server can tell
/// a real answer from a forged one before the attendance's record reaches it, and count it once. It
/// holds no attendance id and nothing about the citizen.
///
/// A counter without a device key (no keyring) or not enrolled cannot make a ticket the server will
/// take; it shows a random token instead (128 bits from the operating system), which the survey page
/// refuses as unknown rather than linking to anything.
fn survey_token(env: &Env<'_>, ended_at: balcao_core::attendance::UtcMillis) -> String {
    let device = env
        .store
        .sync_state()
        .ok()
        .and_then(|state| state.device_id)
        .and_then(|id| uuid::Uuid::parse_str(&id).ok());
    if let (Some(key), Some(device)) = (env.store.audit_key(), device) {
        return balcao_survey::Ticket {
            device,
            ended_at: ended_at.0,
        }
        .issue(key);
    }
    let mut bytes = [0u8; 16];
    match getrandom::fill(&mut bytes) {
        Ok(()) => bytes.iter().map(|b| format!("{b:02x}")).collect(),
        Err(e) => {
            tracing::error!(error = %e, "no random source for the survey token");
            String::new()
        }
    }
}
