//! Who is at the counter: login, activation, lock and logout, and what the person's role allows.
//!
//! A counter that holds accounts (pulled from the central) opens on a login screen; one without any
//! (demo mode, or a counter not yet enrolled) keeps working as the configured mediator, as before, so
//! the demo still starts with one command. Once logged in, every record carries the account's id
//! (`AppState::origin`), and each command that needs a permission asks the role's table
//! (`balcao_accounts::Role::may`) before anything happens: the UI hides what the role may not do, and
//! this refuses it even if a button slipped through.
//!
//! **Lock.** After `lock_after_minutes` without input (configuration, default 5), or Ctrl+L, the session locks: the attendance stays
//! open, the citizen screen goes back to the welcome on that very frame (the view is a function of the
//! state), the mirror pauses, and only the same person (password or PIN) or a supervisor reopens it.
//! Switching mediator is a lock and a login.
//!
//! **Never on the UI thread.** An argon2id verification takes tens of milliseconds (BENCHMARKS.md), so
//! logins and activations hash on a short-lived thread and the result comes back through a channel
//! that `logic` polls ([`poll`]); the password leaves the state as soon as it is handed over. Passwords
//! are never logged, stored or shown; only their hashes reach the store.

use crate::env::Env;
pub use crate::session_state::{LoginField, LoginForm, Session, Verdict};
use crate::state::AppState;
use balcao_accounts::{Credentials, Refusal, Role};
use balcao_store::accounts::Activation;
use std::sync::mpsc;

/// Sets a field of the login form.
pub fn set_field(state: &mut AppState, field: LoginField, text: String) {
    let form = &mut state.login;
    match field {
        LoginField::Login => form.login = text,
        LoginField::Password => form.password = text,
        LoginField::Code => form.code = text,
        LoginField::NewPassword => form.new_password = text,
        LoginField::Repeat => form.repeat = text,
        LoginField::Pin => form.pin = text,
    }
}

/// Starts checking the login form: the account and its throttle here, the hash on a thread.
pub fn login(state: &mut AppState, env: &mut Env<'_>) -> Result<(), String> {
    let i18n = env.i18n;
    let login = state.login.login.trim().to_owned();
    let secret = std::mem::take(&mut state.login.password);
    let account = env.store.account(&login).map_err(|e| i18n.localize(&e))?;
    let Some(account) = account else {
        state.login.message = Some(i18n.tr("login-wrong"));
        return Ok(());
    };
    // A locked session reopens only for its owner or a supervisor.
    if let Session::Locked(owner) = &state.session
        && owner.id != account.id
        && account.role != Role::Supervisor
    {
        state.login.message = Some(i18n.tr_args("login-locked-by", &[("name", owner.name.clone())]));
        return Ok(());
    }
    // Reopening one's own locked session takes the PIN too, when there is one.
    let own_lock = matches!(&state.session, Session::Locked(owner) if owner.id == account.id);
    let use_pin = own_lock && account.pin_hash.is_some() && secret.chars().all(|c| c.is_ascii_digit());
    let now = env.now.0;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let check = |hash: Option<&str>| {
            balcao_accounts::check_login(
                Some(Credentials {
                    hash,
                    disabled: account.disabled,
                    throttle: account.throttle,
                }),
                &secret,
                now,
            )
        };
        // Digits reopening one's own session are tried as the PIN, then as the password (which may
        // be all digits too).
        let pin = use_pin.then(|| check(account.pin_hash.as_deref()));
        let verdict = match pin {
            Some(Ok(())) => Verdict::LoggedIn(account, true),
            Some(Err(Refusal::Wrong)) | None => match check(account.password_hash.as_deref()) {
                Ok(()) => Verdict::LoggedIn(account, false),
                Err(refusal) => Verdict::Refused(account, refusal),
            },
            Some(Err(refusal)) => Verdict::Refused(account, refusal),
        };
        let _ = tx.send(verdict);
    });
    state.login.pending = Some(rx);
    state.login.message = None;
    Ok(())
}

/// Starts an activation: the code and the password rules here, the hash on a thread.
pub fn activate(state: &mut AppState, env: &mut Env<'_>) -> Result<(), String> {
    let i18n = env.i18n;
    let form = &mut state.login;
    let new_password = std::mem::take(&mut form.new_password);
    let repeat = std::mem::take(&mut form.repeat);
    let code = std::mem::take(&mut form.code);
    let pin = Some(std::mem::take(&mut form.pin)).filter(|p| !p.trim().is_empty());
    let account = env
        .store
        .account(form.login.trim())
        .map_err(|e| i18n.localize(&e))?;
    let pending = account
        .as_ref()
        .and_then(|a| Some((a.activation_code_hash.as_deref()?, a.activation_expires_at?)));
    let (Some(account), Some((hash, expires))) = (account.clone(), pending) else {
        form.message = Some(i18n.tr("login-code-wrong"));
        return Ok(());
    };
    if balcao_accounts::code_hash(&code) != hash || expires <= env.now.0 {
        form.message = Some(i18n.tr("login-code-wrong"));
        return Ok(());
    }
    if new_password != repeat {
        form.message = Some(i18n.tr("login-repeat-differs"));
        return Ok(());
    }
    if let Some(problem) = balcao_accounts::password_problem(&new_password, &account.login, &account.name)
        .or_else(|| pin.as_deref().and_then(balcao_accounts::pin_problem))
    {
        form.message = Some(i18n.tr(problem_id(problem)));
        return Ok(());
    }
    let now = env.now.0;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let pin_hash = pin.as_deref().map(balcao_accounts::hash_secret).transpose();
        if let (Ok(password_hash), Ok(pin_hash)) = (balcao_accounts::hash_secret(&new_password), pin_hash) {
            let activation = Activation {
                account_id: account.id.clone(),
                code,
                password_hash,
                pin_hash,
                password_set_at: now,
            };
            let _ = tx.send(Verdict::Activated(account, activation));
        }
    });
    form.pending = Some(rx);
    form.message = None;
    Ok(())
}

fn problem_id(problem: balcao_accounts::SecretProblem) -> &'static str {
    use balcao_accounts::SecretProblem as P;
    match problem {
        P::TooShort => "login-password-short",
        P::TooLong => "login-password-long",
        P::Common => "login-password-common",
        P::Personal => "login-password-personal",
        P::BadPin => "login-pin-bad",
    }
}

/// Takes a finished verification's verdict, if one came back: the session, the store's throttle
/// and audit trail follow it. Returns whether anything changed.
pub fn poll(
    state: &mut AppState,
    store: &mut balcao_store::Store,
    i18n: &balcao_i18n::I18n,
    now: balcao_core::attendance::UtcMillis,
) -> bool {
    let Some(rx) = &state.login.pending else {
        return false;
    };
    let verdict = match rx.try_recv() {
        Ok(verdict) => verdict,
        Err(mpsc::TryRecvError::Empty) => return false,
        Err(mpsc::TryRecvError::Disconnected) => {
            state.login.pending = None;
            return true;
        }
    };
    state.login.pending = None;
    let store_failed = |e: balcao_store::StoreError| i18n.localize(&e);
    let outcome = match verdict {
        Verdict::LoggedIn(account, pin) => {
            let action = match (&state.session, pin) {
                (Session::Locked(_), true) => "session.unlock-pin",
                (Session::Locked(_), false) => "session.unlock",
                _ => "session.login",
            };
            store
                .login_succeeded(&account, action, now)
                .map_err(store_failed)
                .map(|()| {
                    tracing::info!(account = %account.id, action, "session opened");
                    state.login = LoginForm::default();
                    state.session = Session::Active(account);
                })
        }
        Verdict::Refused(account, refusal) => {
            let counted = matches!(refusal, Refusal::Wrong);
            let throttle = if counted {
                store.login_failed(&account, now).map_err(store_failed)
            } else {
                Ok(account.throttle)
            };
            throttle.map(|throttle| {
                state.login.message = Some(match refusal {
                    Refusal::Wrong if throttle.locked() => i18n.tr("login-locked-out"),
                    Refusal::Wrong | Refusal::Unknown => i18n.tr("login-wrong"),
                    Refusal::NotActivated => i18n.tr("login-not-activated"),
                    Refusal::Disabled => i18n.tr("login-disabled"),
                    Refusal::LockedOut => i18n.tr("login-locked-out"),
                    Refusal::Wait { until } => i18n.tr_args(
                        "login-wait",
                        &[("seconds", ((until - now.0).max(1000) / 1000).to_string())],
                    ),
                });
            })
        }
        Verdict::Activated(account, activation) => store
            .activate_account(&account, &activation, now)
            .map_err(store_failed)
            .map(|()| {
                tracing::info!(account = %account.id, "account activated");
                state.login = LoginForm {
                    login: account.login.clone(),
                    message: Some(i18n.tr("login-activated")),
                    ..LoginForm::default()
                };
            }),
    };
    if let Err(message) = outcome {
        state.login.message = Some(message);
    }
    refresh_locked_out(state, store);
    true
}

/// Reads again which accounts failed logins have locked out, for the supervisor's unlock list.
pub fn refresh_locked_out(state: &mut AppState, store: &balcao_store::Store) {
    match store.accounts() {
        Ok(accounts) => {
            state.locked_out = accounts
                .into_iter()
                .filter(|a| a.throttle.locked() && !a.disabled)
                .map(|a| (a.login, a.name))
                .collect();
        }
        // The list is a convenience; the unlock command reads the store itself.
        Err(e) => tracing::warn!(error = %e, "cannot list the locked-out accounts"),
    }
}

/// Locks the session (Ctrl+L, or idle): the attendance stays, the citizen screen shows the welcome.
pub fn lock(state: &mut AppState, env: &mut Env<'_>) -> Result<(), String> {
    if let Session::Active(account) = &state.session {
        let account = account.clone();
        env.store
            .session_event(&account.id, "session.lock", env.now)
            .map_err(|e| env.i18n.localize(&e))?;
        tracing::info!(account = %account.id, "session locked");
        state.confidential.clear();
        state.login = LoginForm {
            login: account.login.clone(),
            ..LoginForm::default()
        };
        state.session = Session::Locked(account);
    }
    Ok(())
}

/// Ends the session; refused while an attendance is open (lock instead).
pub fn logout(state: &mut AppState, env: &mut Env<'_>) -> Result<(), String> {
    if state.attendance.is_some() {
        return Err(env.i18n.tr("login-logout-open"));
    }
    if let Session::Active(account) = &state.session {
        env.store
            .session_event(&account.id, "session.logout", env.now)
            .map_err(|e| env.i18n.localize(&e))?;
        tracing::info!(account = %account.id, "session closed");
        state.session = Session::LoggedOut;
        state.login = LoginForm::default();
    }
    Ok(())
}

/// A supervisor unlocks another person's account locked out by failed logins.
pub fn unlock_account(state: &mut AppState, env: &mut Env<'_>, login: &str) -> Result<(), String> {
    let i18n = env.i18n;
    let Session::Active(supervisor) = &state.session else {
        return Err(i18n.tr("login-not-allowed"));
    };
    let account = env
        .store
        .account(login)
        .map_err(|e| i18n.localize(&e))?
        .ok_or_else(|| i18n.tr("login-wrong"))?;
    env.store
        .unlock_account(&account, supervisor, env.now)
        .map_err(|e| i18n.localize(&e))?;
    refresh_locked_out(state, env.store);
    Ok(())
}
