//! Who is at the counter, and the login screen as typed: the parts of [`crate::state::AppState`] that
//! [`crate::session`] changes. Kept apart so that the state depends on these types and `session`
//! depends on the state, never both ways.

use balcao_accounts::{Permission, Refusal};
use balcao_store::accounts::{Account, Activation};
use std::sync::mpsc;

/// Who is working at the counter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Session {
    /// The counter holds no accounts (demo mode): the configured mediator works, as before accounts.
    #[default]
    Open,
    /// Nobody is logged in.
    LoggedOut,
    /// This account is working.
    Active(Account),
    /// This account's session is locked; its attendance waits.
    Locked(Account),
}

impl Session {
    /// Whether the person at the counter may do `what` now.
    pub fn may(&self, what: Permission) -> bool {
        match self {
            Session::Open => true,
            Session::Active(account) => account.role.may(what),
            Session::LoggedOut | Session::Locked(_) => false,
        }
    }

    /// Whether the workbench must show the login screen instead of the work.
    pub fn needs_login(&self) -> bool {
        matches!(self, Session::LoggedOut | Session::Locked(_))
    }

    /// The account working, if any.
    pub fn account(&self) -> Option<&Account> {
        match self {
            Session::Active(a) => Some(a),
            _ => None,
        }
    }
}

/// What the login screen holds as it is typed (never saved, never logged, cleared once used).
#[derive(Default)]
pub struct LoginForm {
    /// The login.
    pub login: String,
    /// The password (or PIN, to reopen one's own locked session).
    pub password: String,
    /// The activation code, at a first login.
    pub code: String,
    /// The new password, at a first login.
    pub new_password: String,
    /// The new password again.
    pub repeat: String,
    /// An optional quick-unlock PIN, chosen at activation.
    pub pin: String,
    /// Why the last try was refused, in the mediator's words.
    pub message: Option<String>,
    /// A verification running off the UI thread.
    pub pending: Option<mpsc::Receiver<Verdict>>,
}

impl std::fmt::Debug for LoginForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the secrets, not even their length.
        f.debug_struct("LoginForm")
            .field("login", &self.login)
            .field("message", &self.message)
            .field("pending", &self.pending.is_some())
            .finish_non_exhaustive()
    }
}

/// A field of the login screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginField {
    /// The login.
    Login,
    /// The password or PIN.
    Password,
    /// The activation code.
    Code,
    /// The new password.
    NewPassword,
    /// The new password again.
    Repeat,
    /// The optional PIN.
    Pin,
}

/// What the thread found.
#[derive(Debug)]
pub enum Verdict {
    /// The secret matched `account` (the PIN if `pin`).
    LoggedIn(Account, bool),
    /// Refused, and why.
    Refused(Account, Refusal),
    /// The activation's hashes are ready.
    Activated(Account, Activation),
}
