//! The mediators' accounts on the counter: what the central sent, and each account's failed logins.
//!
//! Accounts are created centrally and pulled by the sync worker ([`Store::replace_accounts`]), hashes
//! included, so a person logs in for days without the network. The counter adds two things of its
//! own: the **throttle** (failures in a row, kept across restarts, so switching the PC off does not
//! reset a guesser's count), and **activation**: a person's first login sets their password here
//! ([`Store::activate_account`]), which is recorded as an `account.activated` outbox record (the
//! code, to prove it, and the new hashes; never the password) and reaches the central, and from it the
//! other counters of the spot, at the next sync. A pull never undoes a newer local password.
//!
//! Logins, failures, unlocks and activations each append an audit entry (`balcao-audit`), so who was
//! at the counter, and who tried to be, is provable afterwards.

use crate::{Store, StoreError};
use balcao_accounts::{Role, Throttle};
use balcao_audit::Draft;
use balcao_core::attendance::UtcMillis;
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

/// The `kind` of the outbox record of an activation.
pub const ACCOUNT_ACTIVATED: &str = "account.activated";

pub use balcao_accounts::PulledAccount;

/// An account as the counter holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The central's id: what records carry as the mediator.
    pub id: String,
    /// The login.
    pub login: String,
    /// The full name.
    pub name: String,
    /// The role.
    pub role: Role,
    /// The password's hash, once activated.
    pub password_hash: Option<String>,
    /// The PIN's hash, if any.
    pub pin_hash: Option<String>,
    /// The pending activation code's hash.
    pub activation_code_hash: Option<String>,
    /// When it expires.
    pub activation_expires_at: Option<i64>,
    /// Disabled centrally.
    pub disabled: bool,
    /// Failed logins in a row.
    pub throttle: Throttle,
}

/// The `account.activated` record: proof of the code and the new hashes, never the password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activation {
    /// The account.
    pub account_id: String,
    /// The activation code as typed (one use; the central checks it against its hash).
    pub code: String,
    /// The new password's hash.
    pub password_hash: String,
    /// The new PIN's hash, if one was chosen.
    pub pin_hash: Option<String>,
    /// When (ms).
    pub password_set_at: i64,
}

const SELECT: &str = "SELECT id, login, name, role, password_hash, pin_hash, activation_code_hash, \
     activation_expires_at, disabled, failures, last_failure_at FROM accounts";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Account, String)> {
    let role: String = r.get(3)?;
    Ok((
        Account {
            id: r.get(0)?,
            login: r.get(1)?,
            name: r.get(2)?,
            role: Role::Mediador,
            password_hash: r.get(4)?,
            pin_hash: r.get(5)?,
            activation_code_hash: r.get(6)?,
            activation_expires_at: r.get(7)?,
            disabled: r.get::<_, i64>(8)? != 0,
            throttle: Throttle {
                failures: u32::try_from(r.get::<_, i64>(9)?).unwrap_or(u32::MAX),
                last_failure_at: r.get(10)?,
            },
        },
        role,
    ))
}

fn with_role((mut account, role): (Account, String)) -> Result<Account, StoreError> {
    account.role = Role::parse(&role).ok_or_else(|| StoreError::Corrupt {
        detail: format!("account {} has an unknown role", account.id),
    })?;
    Ok(account)
}

impl Store {
    /// Takes the spot's accounts as pulled from the central (the whole list), in one transaction:
    /// an account no longer listed is removed. A password set on this counter after the central's
    /// stays; a central unlock newer than the last failure clears the throttle.
    pub fn replace_accounts(&mut self, pulled: &[PulledAccount]) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let listed = serde_json::to_string(&pulled.iter().map(|a| a.id.as_str()).collect::<Vec<_>>())
            .map_err(|e| StoreError::Io {
                detail: e.to_string(),
            })?;
        tx.execute(
            "DELETE FROM accounts WHERE id NOT IN (SELECT value FROM json_each(?1))",
            [listed],
        )?;
        for a in pulled {
            tx.execute(
                "INSERT INTO accounts (id, login, name, role, password_hash, pin_hash, password_set_at, \
                 activation_code_hash, activation_expires_at, disabled, unlocked_at, central_version) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) \
                 ON CONFLICT (id) DO UPDATE SET login = ?2, name = ?3, role = ?4, disabled = ?10, \
                 unlocked_at = ?11, central_version = ?12, \
                 password_hash = CASE WHEN ?7 IS NOT NULL AND (password_set_at IS NULL OR ?7 >= password_set_at) \
                     THEN ?5 WHEN password_set_at IS NULL THEN ?5 ELSE password_hash END, \
                 pin_hash = CASE WHEN ?7 IS NOT NULL AND (password_set_at IS NULL OR ?7 >= password_set_at) \
                     THEN ?6 WHEN password_set_at IS NULL THEN ?6 ELSE pin_hash END, \
                 activation_code_hash = CASE WHEN password_set_at IS NOT NULL AND (?7 IS NULL OR ?7 < password_set_at) \
                     THEN NULL ELSE ?8 END, \
                 activation_expires_at = CASE WHEN password_set_at IS NOT NULL AND (?7 IS NULL OR ?7 < password_set_at) \
                     THEN NULL ELSE ?9 END, \
                 password_set_at = max(coalesce(password_set_at, 0), coalesce(?7, 0)), \
                 failures = CASE WHEN ?11 IS NOT NULL AND ?11 > last_failure_at THEN 0 ELSE failures END",
                params![
                    a.id,
                    a.login,
                    a.name,
                    a.role.slug(),
                    a.password_hash,
                    a.pin_hash,
                    a.password_set_at,
                    a.activation_code_hash,
                    a.activation_expires_at,
                    i64::from(a.disabled),
                    a.unlocked_at,
                    a.version
                ],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Whether any account is held (a counter without any runs in demo mode).
    pub fn has_accounts(&self) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM accounts)", [], |r| r.get(0))?)
    }

    /// The account with `login` (case as typed does not matter).
    pub fn account(&self, login: &str) -> Result<Option<Account>, StoreError> {
        self.conn
            .prepare_cached(&format!("{SELECT} WHERE lower(login) = lower(?1)"))?
            .query_row([login.trim()], row)
            .optional()?
            .map(with_role)
            .transpose()
    }

    /// Every account, by name.
    pub fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        let rows = self
            .conn
            .prepare_cached(&format!("{SELECT} ORDER BY name"))?
            .query_map([], row)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(with_role).collect()
    }

    /// Notes a failed login of `account` at `now` (with its audit entry); returns the new throttle.
    pub fn login_failed(&mut self, account: &Account, now: UtcMillis) -> Result<Throttle, StoreError> {
        let throttle = account.throttle.failed(now.0);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE accounts SET failures = ?2, last_failure_at = ?3 WHERE id = ?1",
            params![account.id, i64::from(throttle.failures), throttle.last_failure_at],
        )?;
        let action = if throttle.locked() {
            "session.locked-out"
        } else {
            "session.login-failed"
        };
        crate::audit::append(&tx, self.audit_key.as_ref(), event(&account.id, action, now))?;
        tx.commit()?;
        Ok(throttle)
    }

    /// Notes a login (or an unlock of one's own session) of `account`: the throttle is cleared.
    pub fn login_succeeded(
        &mut self,
        account: &Account,
        action: &str,
        now: UtcMillis,
    ) -> Result<(), StoreError> {
        self.clear_failures(&account.id, event(&account.id, action, now))
    }

    /// Clears `account_id`'s failed logins and appends `entry`, in one transaction.
    fn clear_failures(&mut self, account_id: &str, entry: Draft) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE accounts SET failures = 0 WHERE id = ?1",
            params![account_id],
        )?;
        crate::audit::append(&tx, self.audit_key.as_ref(), entry)?;
        tx.commit()?;
        Ok(())
    }

    /// Notes an action on the session that changes no account (a logout, a lock), in the audit trail.
    pub fn session_event(
        &mut self,
        account_id: &str,
        action: &str,
        now: UtcMillis,
    ) -> Result<(), StoreError> {
        self.audit_event(event(account_id, action, now))?;
        Ok(())
    }

    /// A supervisor (`by`) unlocks `account` on this counter.
    pub fn unlock_account(
        &mut self,
        account: &Account,
        by: &Account,
        now: UtcMillis,
    ) -> Result<(), StoreError> {
        let mut entry = event(&by.id, "account.unlocked", now);
        entry.record_ids = vec![account.id.clone()];
        self.clear_failures(&account.id, entry)
    }

    /// Activates `account` with the new hashes (the caller checked the code with
    /// [`balcao_accounts::code_hash`] and the password rules, and hashed it off the UI thread), and
    /// records the activation for the central, in one transaction.
    pub fn activate_account(
        &mut self,
        account: &Account,
        activation: &Activation,
        now: UtcMillis,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE accounts SET password_hash = ?2, pin_hash = ?3, password_set_at = ?4, \
             activation_code_hash = NULL, activation_expires_at = NULL, failures = 0 WHERE id = ?1",
            params![
                account.id,
                activation.password_hash,
                activation.pin_hash,
                activation.password_set_at
            ],
        )?;
        let payload = serde_json::to_string(activation).map_err(|e| StoreError::Io {
            detail: format!("cannot encode the activation: {e}"),
        })?;
        crate::audit::push_record(
            &tx,
            &self.uuids,
            self.audit_key.as_ref(),
            ACCOUNT_ACTIVATED,
            &account.id,
            &payload,
            &account.id,
            now,
        )?;
        tx.commit()?;
        Ok(())
    }
}

fn event(account_id: &str, action: &str, now: UtcMillis) -> Draft {
    Draft {
        at: now.0,
        mediator: account_id.to_owned(),
        action: action.to_owned(),
        record_ids: Vec::new(),
        payload_hash: balcao_audit::GENESIS,
    }
}
