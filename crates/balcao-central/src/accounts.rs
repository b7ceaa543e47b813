//! Mediator accounts, provisioned here and used offline at the counters.
//!
//! The coordination creates an account (`balcao-central account create`, or `POST /v1/accounts` with
//! a coordinator token; a host entity's token only for the spots it hosts, [`crate::scope`]): login,
//! name, role, the spots the person works at, and a one-time **activation code** (kept as its SHA-256
//! only, valid for some days), which the person types at their first login on any counter of those
//! spots to choose a password. Each counter pulls its spot's accounts (`GET /v1/accounts`, the whole
//! list, small, with an ETag so an unchanged list costs a `304`), hashes included, so logins work for
//! days offline; a disabled account, an unlock or a new password here reaches every counter at its
//! next pull. Every create, disable, enable, unlock and reset is written to `account_events` with the
//! coordinator token that did it (none for the console), in the change's own transaction.
//!
//! The counter sends the activation back as an `account.activated` record ([`activate`], called by
//! [`crate::records`] in the record's own transaction): the code, to prove it was known, and the new
//! argon2id hashes; never a password. The server takes it only if the code matches the pending one
//! and has not expired, and only if it is newer than the password held.

use crate::error::{ApiError, CentralError};
use crate::scope::{Actor, Scope};
use crate::secret;
use deadpool_postgres::Pool;
use serde_json::Value;
use tokio_postgres::Transaction;
use uuid::Uuid;

/// The roles, as stored.
pub const ROLES: &[&str] = &["mediador", "supervisor", "tecnico"];

pub use balcao_accounts::PulledAccount;

/// Creates an account for `spots` with `role`, as the operator at the console; returns its id and the
/// activation code (shown once).
pub async fn create(
    pool: &Pool,
    login: &str,
    name: &str,
    role: &str,
    spots: &[String],
    now: i64,
    valid_days: u32,
) -> Result<(Uuid, String), CentralError> {
    let account = NewAccount {
        login,
        name,
        role,
        spots,
        valid_days,
    };
    create_by(pool, &Actor::operator(), &account, now).await
}

/// An account to create.
#[derive(Debug, Clone, Copy)]
pub struct NewAccount<'a> {
    /// The login (letters, digits, dots, dashes, underscores; stored in lower case).
    pub login: &'a str,
    /// The full name.
    pub name: &'a str,
    /// `mediador`, `supervisor` or `tecnico`.
    pub role: &'a str,
    /// The spots the person works at.
    pub spots: &'a [String],
    /// Days the activation code stays valid.
    pub valid_days: u32,
}

impl NewAccount<'_> {
    /// Checks what can be checked without the database: the login's form, a name, a known role, at
    /// least one spot. Returns the login as stored (trimmed, in lower case).
    ///
    /// # Errors
    /// [`CentralError::Invalid`] saying what to change.
    pub fn check(&self) -> Result<String, CentralError> {
        let login = self.login.trim().to_lowercase();
        let valid_login = (3..=64).contains(&login.chars().count())
            && login
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
        if !valid_login {
            return Err(CentralError::Invalid(format!(
                "login {login:?} must be 3 to 64 letters, digits, dots, dashes or underscores"
            )));
        }
        if self.name.trim().is_empty() {
            return Err(CentralError::Invalid("the name must not be empty".into()));
        }
        if !ROLES.contains(&self.role) {
            return Err(CentralError::Invalid(format!(
                "role {:?} must be one of {}",
                self.role,
                ROLES.join(", ")
            )));
        }
        if self.spots.is_empty() {
            return Err(CentralError::Invalid("give at least one spot".into()));
        }
        Ok(login)
    }
}

/// Creates `account` as `actor`, who must cover every one of its spots; returns its id and the
/// activation code (shown once).
pub async fn create_by(
    pool: &Pool,
    actor: &Actor,
    account: &NewAccount<'_>,
    now: i64,
) -> Result<(Uuid, String), CentralError> {
    let login = account.check()?;
    let NewAccount {
        name,
        role,
        spots,
        valid_days,
        ..
    } = *account;
    if let Some(spot) = spots.iter().find(|spot| !actor.scope.covers(spot)) {
        return Err(CentralError::OutOfScope(format!(
            "spot {spot} is not hosted by this token's entity"
        )));
    }
    let code = secret::new_code()?;
    let id = Uuid::now_v7();
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    tx.execute(
        "INSERT INTO accounts (id, login, name, role, activation_code_hash, activation_expires_at, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
        &[
            &id,
            &login,
            &name.trim(),
            &role,
            &code_hash(&code),
            &(now + i64::from(valid_days) * balcao_core::time::DAY_MS),
            &now,
        ],
    )
    .await
    .map_err(|e| match e.code() {
        Some(&tokio_postgres::error::SqlState::UNIQUE_VIOLATION) => {
            CentralError::Invalid(format!("an account with login {login:?} exists"))
        }
        _ => e.into(),
    })?;
    for spot in spots {
        // The scope was checked against the spots' hosts as read at authentication; a spot that
        // does not exist at all is said plainly to the network coordination (whose scope covers
        // any code), and is out of any host entity's scope anyway.
        tx.execute(
            "INSERT INTO account_spots (account_id, spot_code) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&id, spot],
        )
        .await
        .map_err(|e| match e.code() {
            Some(&tokio_postgres::error::SqlState::FOREIGN_KEY_VIOLATION) => {
                CentralError::NotFound(format!("spot {spot}"))
            }
            _ => e.into(),
        })?;
    }
    note(&tx, id, "create", actor, now).await?;
    tx.commit().await?;
    Ok((id, code))
}

/// Appends to `account_events` who did `action` to the account `id`, in the change's transaction.
async fn note(
    tx: &Transaction<'_>,
    id: Uuid,
    action: &str,
    actor: &Actor,
    now: i64,
) -> Result<(), CentralError> {
    tx.execute(
        "INSERT INTO account_events (account_id, action, coordinator_id, at) VALUES ($1, $2, $3, $4)",
        &[&id, &action, &actor.coordinator, &now],
    )
    .await?;
    Ok(())
}

/// Finds the account `login` within `actor`'s reach and locks its row for the change: an account with
/// none of its spots in the scope does not exist for the actor (a host entity learns nothing about
/// another's people); one shared with a spot outside it is refused, because disabling it would cut
/// off another entity's counter too.
async fn reachable(tx: &Transaction<'_>, actor: &Actor, login: &str) -> Result<Uuid, CentralError> {
    let login = login.trim().to_lowercase();
    let missing = || CentralError::NotFound(format!("account {login}"));
    let row = tx
        .query_opt("SELECT id FROM accounts WHERE login = $1 FOR UPDATE", &[&login])
        .await?
        .ok_or_else(missing)?;
    let id: Uuid = row.try_get(0)?;
    let spots: Vec<String> = tx
        .query(
            "SELECT spot_code FROM account_spots WHERE account_id = $1",
            &[&id],
        )
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?;
    let covered = spots.iter().filter(|spot| actor.scope.covers(spot)).count();
    if covered == 0 && !spots.is_empty() {
        return Err(missing());
    }
    if covered < spots.len() {
        return Err(CentralError::OutOfScope(format!(
            "account {login} also works at spots this token's entity does not host"
        )));
    }
    Ok(id)
}

/// The SHA-256 (hex) of a normalised activation code, as counters compute it to check a code offline.
pub fn code_hash(code: &str) -> String {
    balcao_accounts::code_hash(code)
}

/// What an account change does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// No login at all, on every counter, from its next pull.
    Disable,
    /// Logins again.
    Enable,
    /// Clears every counter's failed-login lockout.
    Unlock,
}

impl Change {
    /// Its name in `account_events` and in the HTTP path.
    pub fn name(self) -> &'static str {
        match self {
            Change::Disable => "disable",
            Change::Enable => "enable",
            Change::Unlock => "unlock",
        }
    }
}

/// Applies `change` to the account `login`, as the operator at the console.
pub async fn change(pool: &Pool, login: &str, change: Change, now: i64) -> Result<(), CentralError> {
    change_by(pool, &Actor::operator(), login, change, now).await
}

/// Applies `change` to the account `login`, as `actor`, who must cover all of its spots.
pub async fn change_by(
    pool: &Pool,
    actor: &Actor,
    login: &str,
    change: Change,
    now: i64,
) -> Result<(), CentralError> {
    let sql = match change {
        Change::Disable => {
            "UPDATE accounts SET disabled_at = coalesce(disabled_at, $2), updated_at = $2 WHERE id = $1"
        }
        Change::Enable => "UPDATE accounts SET disabled_at = NULL, updated_at = $2 WHERE id = $1",
        Change::Unlock => "UPDATE accounts SET unlocked_at = $2, updated_at = $2 WHERE id = $1",
    };
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let id = reachable(&tx, actor, login).await?;
    tx.execute(sql, &[&id, &now]).await?;
    note(&tx, id, change.name(), actor, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Gives the account `login` a new activation code (a forgotten password), as the operator at the
/// console: its password stops working at every counter's next pull. Returns the code.
pub async fn reset(pool: &Pool, login: &str, now: i64, valid_days: u32) -> Result<String, CentralError> {
    reset_by(pool, &Actor::operator(), login, now, valid_days).await
}

/// [`reset`], as `actor`, who must cover all of the account's spots.
pub async fn reset_by(
    pool: &Pool,
    actor: &Actor,
    login: &str,
    now: i64,
    valid_days: u32,
) -> Result<String, CentralError> {
    let code = secret::new_code()?;
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let id = reachable(&tx, actor, login).await?;
    tx.execute(
        "UPDATE accounts SET password_hash = NULL, pin_hash = NULL, password_set_at = $2, \
         activation_code_hash = $3, activation_expires_at = $4, updated_at = $2 WHERE id = $1",
        &[
            &id,
            &now,
            &code_hash(&code),
            &(now + i64::from(valid_days) * balcao_core::time::DAY_MS),
        ],
    )
    .await?;
    note(&tx, id, "reset", actor, now).await?;
    tx.commit().await?;
    Ok(code)
}

/// An account as a coordinator sees it: who, where, in what state; never a hash.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Its id.
    pub id: String,
    /// The login.
    pub login: String,
    /// The full name.
    pub name: String,
    /// `mediador`, `supervisor` or `tecnico`.
    pub role: String,
    /// The spots the person works at (those in the caller's scope).
    pub spots: Vec<String>,
    /// `awaiting-activation`, `active` or `disabled`.
    pub state: &'static str,
    /// When it was created (ms).
    pub created_at: i64,
}

/// The accounts with a spot in `scope`, by login.
pub async fn list(pool: &Pool, scope: &Scope) -> Result<Vec<Summary>, CentralError> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT a.id, a.login, a.name, a.role, array_agg(s.spot_code ORDER BY s.spot_code), \
             a.disabled_at IS NOT NULL, a.password_hash IS NOT NULL, a.created_at \
             FROM accounts a JOIN account_spots s ON s.account_id = a.id \
             WHERE $1::text[] IS NULL OR s.spot_code = ANY($1) \
             GROUP BY a.id ORDER BY a.login",
            &[&scope.filter()],
        )
        .await?;
    rows.iter()
        .map(|r| {
            let state = match (r.try_get::<_, bool>(5)?, r.try_get::<_, bool>(6)?) {
                (true, _) => "disabled",
                (false, true) => "active",
                (false, false) => "awaiting-activation",
            };
            Ok(Summary {
                id: r.try_get::<_, Uuid>(0)?.to_string(),
                login: r.try_get(1)?,
                name: r.try_get(2)?,
                role: r.try_get(3)?,
                spots: r.try_get(4)?,
                state,
                created_at: r.try_get(7)?,
            })
        })
        .collect()
}

/// The accounts of `spot`, and the ETag of that list.
pub async fn for_spot(pool: &Pool, spot: &str) -> Result<(Vec<PulledAccount>, String), ApiError> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT a.id, a.login, a.name, a.role, a.password_hash, a.pin_hash, a.password_set_at, \
             a.activation_code_hash, a.activation_expires_at, a.disabled_at IS NOT NULL, a.unlocked_at, \
             a.updated_at FROM accounts a JOIN account_spots s ON s.account_id = a.id \
             WHERE s.spot_code = $1 ORDER BY a.login",
            &[&spot],
        )
        .await?;
    let accounts = rows
        .iter()
        .map(|r| {
            Ok(PulledAccount {
                id: r.try_get::<_, Uuid>(0)?.to_string(),
                login: r.try_get(1)?,
                name: r.try_get(2)?,
                role: balcao_accounts::Role::parse(&r.try_get::<_, String>(3)?)
                    .ok_or_else(|| ApiError::Internal("an account with an unknown role".into()))?,
                password_hash: r.try_get(4)?,
                pin_hash: r.try_get(5)?,
                password_set_at: r.try_get(6)?,
                activation_code_hash: r.try_get(7)?,
                activation_expires_at: r.try_get(8)?,
                disabled: r.try_get(9)?,
                unlocked_at: r.try_get(10)?,
                version: r.try_get(11)?,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    // Any change moves an `updated_at` to a later time: the count, the latest and the sum say whether
    // the list changed.
    let latest = accounts.iter().map(|a| a.version).max().unwrap_or(0);
    let sum = accounts.iter().fold(0i64, |sum, a| sum.wrapping_add(a.version));
    let etag = format!("\"{}-{latest}-{sum}\"", accounts.len());
    Ok((accounts, etag))
}

/// Why an `account.activated` record is refused (its `invalid` reason, for the log).
pub fn decode_activation(payload: &Value) -> Result<(Uuid, String, String, Option<String>, i64), String> {
    let text = |field: &str| payload.get(field).and_then(Value::as_str).map(str::to_owned);
    let id = text("account_id")
        .and_then(|id| Uuid::parse_str(&id).ok())
        .ok_or("no account_id")?;
    let code = text("code").ok_or("no code")?;
    let password_hash = text("password_hash")
        .filter(|h| h.starts_with("$argon2id$"))
        .ok_or("no argon2id password_hash")?;
    let pin_hash = text("pin_hash");
    if pin_hash.as_deref().is_some_and(|h| !h.starts_with("$argon2id$")) {
        return Err("pin_hash is not argon2id".into());
    }
    let set_at = payload
        .get("password_set_at")
        .and_then(Value::as_i64)
        .ok_or("no password_set_at")?;
    Ok((id, code, password_hash, pin_hash, set_at))
}

/// Applies an activation, in the record's transaction, if the code is the pending one, unexpired,
/// and the account belongs to `spot`; otherwise overrules the counter's password. Returns whether it
/// was applied.
pub async fn activate(tx: &Transaction<'_>, spot: &str, payload: &Value, now: i64) -> Result<bool, ApiError> {
    let Ok((id, code, password_hash, pin_hash, set_at)) = decode_activation(payload) else {
        return Ok(false);
    };
    let applied = tx
        .execute(
            "UPDATE accounts SET password_hash = $3, pin_hash = $4, password_set_at = $5, \
             activation_code_hash = NULL, activation_expires_at = NULL, updated_at = $6 \
             WHERE id = $1 AND activation_code_hash = $2 AND activation_expires_at > $5 \
             AND (password_set_at IS NULL OR password_set_at < $5) \
             AND EXISTS (SELECT 1 FROM account_spots WHERE account_id = $1 AND spot_code = $7)",
            &[
                &id,
                &code_hash(&code),
                &password_hash,
                &pin_hash,
                &set_at,
                &now,
                &spot,
            ],
        )
        .await?;
    if applied == 0 {
        // Not taken: the counter that sent it still holds that password, and keeps it against older
        // news. Moving the account's `password_set_at` past it makes every counter of the spot take
        // the central's password back (or none) at its next pull.
        tx.execute(
            "UPDATE accounts SET password_set_at = greatest(coalesce(password_set_at, 0), $2), updated_at = $3 \
             WHERE id = $1 AND EXISTS (SELECT 1 FROM account_spots WHERE account_id = $1 AND spot_code = $4)",
            &[&id, &set_at, &now, &spot],
        )
        .await?;
    }
    Ok(applied == 1)
}
