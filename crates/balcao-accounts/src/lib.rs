//! Mediator accounts: who may do what at a counter, and how a person proves who they are, offline.
//!
//! The double screen exists so that nobody can abuse a citizen's trust; that needs to know which
//! person did each thing. So every person at a counter has an account, created centrally by the
//! coordination (or the host entity, for its own spots) with a **role**:
//!
//! - **mediador**: attendances and the till;
//! - **supervisor**: also cancels receipts, closes the till with a difference, unlocks a locked-out
//!   account and starts training mode;
//! - **técnico**: the configuration check, enrolment and self-check, and **no citizen data**.
//!
//! [`Role::may`] is the one table of what each role may do; the app hides what a role may not do and
//! its command layer refuses it, both asking this table.
//!
//! A counter works for days without the network, so the account's **argon2id** hashes (OWASP's
//! parameters: 19 456 KiB, 2 passes, 1 lane) travel to the counter with the sync, and logins are
//! checked there. A password is never stored, sent or logged: only [`hash_secret`]'s PHC string is.
//! A new password must pass [`password_problem`] (ASVS 5.0 §6.2: at least 8 characters, up to 128,
//! any characters, not one of the commonly used passwords shipped in `common-passwords.txt`, not the
//! login or the person's name). A short numeric PIN ([`pin_problem`]) may be added, valid only to
//! reopen one's own locked session.
//!
//! Failed logins are throttled per account ([`Throttle`]): from the third failure in a row each try
//! waits longer (2 s, 4 s, … up to a minute), and the tenth locks the account until a supervisor or the
//! central unlocks it. One person's typos never lock the counter for the others.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A person's role at a counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Attends citizens and keeps the till.
    Mediador,
    /// A mediator who may also cancel, close with a difference, unlock and train.
    Supervisor,
    /// IT support: configuration, enrolment, self-check; never citizen data.
    Tecnico,
}

/// Something a role may or may not do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Begin, work on and end attendances (and so see citizens' data).
    Attend,
    /// Open the till, take payments, reprint, close without a difference.
    Till,
    /// Cancel a receipt.
    CancelReceipt,
    /// Close the till with a difference between expected and counted.
    CloseWithDifference,
    /// Unlock another person's locked-out account.
    UnlockAccount,
    /// Start training mode.
    Training,
    /// Check the configuration.
    Configure,
    /// Enrol the counter with a central server.
    Enrol,
    /// Run the counter's self-check.
    SelfCheck,
    /// Answer a citizen's RGPD request: find, print and erase what the counter holds about them.
    CitizenRights,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 3] = [Role::Mediador, Role::Supervisor, Role::Tecnico];

    /// The role's name as stored and sent (`mediador`, `supervisor`, `tecnico`).
    pub fn slug(self) -> &'static str {
        match self {
            Role::Mediador => "mediador",
            Role::Supervisor => "supervisor",
            Role::Tecnico => "tecnico",
        }
    }

    /// The role named `slug` (accents and case as people type them are accepted).
    pub fn parse(slug: &str) -> Option<Role> {
        match slug.trim().to_lowercase().as_str() {
            "mediador" | "mediadora" => Some(Role::Mediador),
            "supervisor" | "supervisora" => Some(Role::Supervisor),
            "tecnico" | "técnico" | "tecnica" | "técnica" => Some(Role::Tecnico),
            _ => None,
        }
    }

    /// Whether this role may do `what`: the one table the app and its commands both ask.
    pub fn may(self, what: Permission) -> bool {
        use Permission::*;
        match self {
            Role::Mediador => matches!(what, Attend | Till),
            Role::Supervisor => matches!(
                what,
                Attend
                    | Till
                    | CancelReceipt
                    | CloseWithDifference
                    | UnlockAccount
                    | Training
                    | CitizenRights
            ),
            Role::Tecnico => matches!(what, Configure | Enrol | SelfCheck),
        }
    }
}

/// An account as the central sends it to the counters of its spots (`GET /v1/accounts`): hashes
/// only, never a password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PulledAccount {
    /// The central's id.
    pub id: String,
    /// The login.
    pub login: String,
    /// The full name.
    pub name: String,
    /// The role.
    pub role: Role,
    /// The password's argon2id PHC string, once activated.
    pub password_hash: Option<String>,
    /// The quick-unlock PIN's, if any.
    pub pin_hash: Option<String>,
    /// When the password was set (ms).
    pub password_set_at: Option<i64>,
    /// The SHA-256 (hex) of the pending activation code ([`code_hash`]).
    pub activation_code_hash: Option<String>,
    /// When the activation code expires (ms).
    pub activation_expires_at: Option<i64>,
    /// Disabled centrally: no login at all.
    pub disabled: bool,
    /// The central's last unlock (ms).
    pub unlocked_at: Option<i64>,
    /// The central's version of this row (its `updated_at`).
    pub version: i64,
}

/// Why a password (or PIN) cannot be used. Each names the rule, for the mediator's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SecretProblem {
    /// Fewer than [`MIN_PASSWORD_CHARS`] characters.
    #[error("the password has fewer than {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    /// More than [`MAX_PASSWORD_CHARS`] characters.
    #[error("the password has more than {MAX_PASSWORD_CHARS} characters")]
    TooLong,
    /// One of the commonly used passwords.
    #[error("the password is one of the most commonly used ones")]
    Common,
    /// The login or the person's name.
    #[error("the password is the login or the person's name")]
    Personal,
    /// A PIN that is not 4 to 8 digits, or all one digit, or a run (1234, 9876).
    #[error("the PIN must be 4 to 8 digits, not all the same and not a run")]
    BadPin,
}

/// The shortest password accepted (ASVS 5.0 §6.2.1).
pub const MIN_PASSWORD_CHARS: usize = 8;
/// The longest password accepted (at least 64 must be, ASVS 5.0 §6.2.9).
pub const MAX_PASSWORD_CHARS: usize = 128;

/// The commonly used passwords refused, one a line, lower case.
const COMMON: &str = include_str!("common-passwords.txt");

/// Why `password` cannot be used by `login` / `name`, or `None` when it can. No composition rules
/// (ASVS 5.0 §6.2.5): length and not-common are what make a password hard to guess.
pub fn password_problem(password: &str, login: &str, name: &str) -> Option<SecretProblem> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Some(SecretProblem::TooShort);
    }
    if chars > MAX_PASSWORD_CHARS {
        return Some(SecretProblem::TooLong);
    }
    let folded = password.trim().to_lowercase();
    if COMMON.lines().any(|common| common.trim() == folded) {
        return Some(SecretProblem::Common);
    }
    let personal = |s: &str| {
        let s = s.trim().to_lowercase();
        !s.is_empty() && (folded == s || folded == s.replace(' ', ""))
    };
    if personal(login) || personal(name) || name.split_whitespace().any(personal) {
        return Some(SecretProblem::Personal);
    }
    None
}

/// Why `pin` cannot be used, or `None`: 4 to 8 digits, not all one digit, not a run up or down.
pub fn pin_problem(pin: &str) -> Option<SecretProblem> {
    let digits: Vec<u8> = pin.bytes().collect();
    let ok = (4..=8).contains(&digits.len()) && digits.iter().all(u8::is_ascii_digit);
    let same = digits.windows(2).all(|w| w[0] == w[1]);
    let up = digits.windows(2).all(|w| w[1] == w[0].wrapping_add(1));
    let down = digits.windows(2).all(|w| w[0] == w[1].wrapping_add(1));
    (!ok || same || up || down).then_some(SecretProblem::BadPin)
}

/// Errors of hashing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountsError {
    /// The hasher failed (no random bytes for the salt, or bad parameters).
    #[error("cannot hash the secret: {0}")]
    Hash(String),
}

fn hasher() -> Result<Argon2<'static>, AccountsError> {
    // OWASP's password storage parameters for argon2id.
    let params = Params::new(19_456, 2, 1, None).map_err(|e| AccountsError::Hash(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// The argon2id PHC string of a password or PIN, with a fresh random salt.
pub fn hash_secret(secret: &str) -> Result<String, AccountsError> {
    let hash = hasher()?
        .hash_password(secret.as_bytes())
        .map_err(|e| AccountsError::Hash(e.to_string()))?;
    Ok(hash.to_string())
}

/// Whether `secret` matches the PHC string `phc` (a malformed string matches nothing).
pub fn verify_secret(secret: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    hasher().is_ok_and(|h| h.verify_password(secret.as_bytes(), &parsed).is_ok())
}

/// An activation code as people type it: upper case, without spaces or dashes, `O` read as `0` and
/// `I` or `L` as `1` (Crockford's base 32, which the central's codes are written in).
pub fn normalize_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

/// The SHA-256 (hex) of a normalised activation code: codes are long and random, so a fast hash is
/// enough, and it is what travels to the counters.
pub fn code_hash(code: &str) -> String {
    Sha256::digest(normalize_code(code).as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Failures in a row before the account locks.
pub const LOCK_AFTER: u32 = 10;

/// An account's failed logins in a row, and when the last was (ms since the epoch).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Throttle {
    /// Failures since the last success (or unlock).
    pub failures: u32,
    /// When the last failure was.
    pub last_failure_at: i64,
}

impl Throttle {
    /// How long the next try must wait after the last failure: nothing for the first two failures,
    /// then 2 s, 4 s, 8 s, … up to 60 s.
    pub fn delay_ms(&self) -> i64 {
        match self.failures {
            0..=2 => 0,
            n => (1_000i64 << (n - 2).min(6)).min(60_000),
        }
    }

    /// When the next try may be made.
    pub fn next_try_at(&self) -> i64 {
        self.last_failure_at + self.delay_ms()
    }

    /// Whether the account is locked out (until a supervisor or the central unlocks it).
    pub fn locked(&self) -> bool {
        self.failures >= LOCK_AFTER
    }

    /// After a failure at `now`.
    pub fn failed(self, now: i64) -> Throttle {
        Throttle {
            failures: self.failures.saturating_add(1),
            last_failure_at: now,
        }
    }
}

/// Why a login (or an unlock) is refused. The mediator is told the same for [`Refusal::Unknown`] and
/// [`Refusal::Wrong`], so a guesser cannot learn which logins exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No account has this login.
    Unknown,
    /// The account has no password yet: it must be activated with its code.
    NotActivated,
    /// The account was disabled centrally.
    Disabled,
    /// Too many failures in a row: a supervisor or the central must unlock it.
    LockedOut,
    /// Too soon after the last failure: try again at this time (ms).
    Wait {
        /// When the next try may be made.
        until: i64,
    },
    /// The password (or PIN) does not match.
    Wrong,
}

/// What a login is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Credentials<'a> {
    /// The secret's hash (the password's, or the PIN's for a quick unlock).
    pub hash: Option<&'a str>,
    /// Disabled centrally.
    pub disabled: bool,
    /// Failed logins in a row.
    pub throttle: Throttle,
}

/// Decides a login at `now`: the throttle and the account's state first (so a locked account costs
/// no hashing), then the argon2id verification, which takes tens of milliseconds: call it off the UI
/// thread.
pub fn check_login(account: Option<Credentials<'_>>, secret: &str, now: i64) -> Result<(), Refusal> {
    let account = account.ok_or(Refusal::Unknown)?;
    if account.disabled {
        return Err(Refusal::Disabled);
    }
    if account.throttle.locked() {
        return Err(Refusal::LockedOut);
    }
    if now < account.throttle.next_try_at() {
        return Err(Refusal::Wait {
            until: account.throttle.next_try_at(),
        });
    }
    let hash = account.hash.ok_or(Refusal::NotActivated)?;
    if verify_secret(secret, hash) {
        Ok(())
    } else {
        Err(Refusal::Wrong)
    }
}

#[cfg(test)]
mod tests;
