//! Coordinators' browser sessions: login, the session cookie, CSRF tokens, logout and expiry.
//!
//! A coordinator account (the `coordinators` row that also holds the API token and the host entity
//! that limits its reach) gets a login and an argon2id password at the console
//! (`balcao-central coordinator-password`). A login that succeeds makes a session: 32 random bytes in
//! the cookie [`COOKIE`] (`__Host-` prefixed: `Secure`, `Path=/`, no `Domain`; `HttpOnly`,
//! `SameSite=Strict`), of which only the SHA-256 is stored, so a copy of the database opens no
//! session. Each session has its own CSRF token, which every form of its pages carries in a hidden
//! field and every `POST` must send back ([`Session::csrf_ok`], compared in constant time); `SameSite`
//! alone is not trusted, because older browsers ignore it.
//!
//! The login form has no session yet, so it is protected by a double-submit token: a random value in
//! the short-lived cookie [`LOGIN_COOKIE`] and the same in the form.
//!
//! A session ends at logout, after [`Options::web_idle`] without a request (default 30 minutes; the
//! dashboard is read on shared office PCs), or 12 hours after login, whichever comes first. Failed
//! logins slow down and lock the account exactly as the mediators' do (`balcao_accounts::Throttle`),
//! and take from the address's budget like any failed authentication.
//!
//! [`Options::web_idle`]: crate::api::Options::web_idle

use crate::error::ApiError;
use crate::scope::{Actor, Scope};
use crate::secret;
use balcao_accounts::{Credentials, Refusal, Throttle};
use deadpool_postgres::Pool;
use uuid::Uuid;

/// The session cookie's name.
pub const COOKIE: &str = "__Host-balcao-sessao";

/// The login form's double-submit cookie.
pub const LOGIN_COOKIE: &str = "__Host-balcao-entrada";

/// The longest a session lives, however active: 12 hours.
pub const MAX_AGE_MS: i64 = 12 * 60 * 60 * 1000;

/// A signed-in coordinator.
#[derive(Debug, Clone)]
pub struct Session {
    /// The coordinator's id.
    pub coordinator: Uuid,
    /// Their name, shown on every page.
    pub name: String,
    /// The host entity they act for, `None` for the national coordination.
    pub host_entity: Option<String>,
    /// What they may see.
    pub actor: Actor,
    /// The token every form of this session carries.
    pub csrf: String,
}

impl Session {
    /// Whether `sent` is this session's CSRF token.
    pub fn csrf_ok(&self, sent: &str) -> bool {
        constant_time_eq(self.csrf.as_bytes(), sent.as_bytes())
    }
}

/// Compares two byte strings in time that depends only on their lengths.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Why a login is refused, as the page says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginRefusal {
    /// The login or the password is wrong (never which).
    Wrong,
    /// Too soon after failed attempts: wait this many seconds.
    Wait(i64),
    /// Locked after too many failures: the console must set a new password.
    Locked,
}

/// Checks `login` and `password` at `now`; on success opens a session and returns the cookie value.
pub async fn login(
    pool: &Pool,
    login: &str,
    password: &str,
    now: i64,
) -> Result<Result<String, LoginRefusal>, ApiError> {
    let client = pool.get().await?;
    let row = client
        .query_opt(
            "SELECT id, password_hash, revoked_at IS NOT NULL, failed_logins, last_failed_at \
             FROM coordinators WHERE login = $1",
            &[&login],
        )
        .await?;
    let account = match &row {
        Some(row) => Some((
            row.try_get::<_, Uuid>(0)?,
            row.try_get::<_, Option<String>>(1)?,
            row.try_get::<_, bool>(2)?,
            Throttle {
                failures: u32::try_from(row.try_get::<_, i32>(3)?).unwrap_or(0),
                last_failure_at: row.try_get::<_, Option<i64>>(4)?.unwrap_or(0),
            },
        )),
        None => None,
    };
    let credentials = account
        .as_ref()
        .map(|(_, hash, revoked, throttle)| (hash.clone(), *revoked, *throttle));
    let secret = password.to_owned();
    // argon2id takes tens of milliseconds of CPU: off the async workers.
    let verdict = tokio::task::spawn_blocking(move || {
        let credentials = credentials
            .as_ref()
            .map(|(hash, disabled, throttle)| Credentials {
                hash: hash.as_deref(),
                disabled: *disabled,
                throttle: *throttle,
            });
        balcao_accounts::check_login(credentials, &secret, now)
    })
    .await
    .map_err(|e| ApiError::Internal(format!("the password check stopped: {e}")))?;
    let Some((id, _, _, throttle)) = account else {
        return Ok(Err(LoginRefusal::Wrong));
    };
    match verdict {
        Ok(()) => {
            client
                .execute(
                    "UPDATE coordinators SET failed_logins = 0, last_failed_at = NULL WHERE id = $1",
                    &[&id],
                )
                .await?;
            let token = secret::new_token()?;
            let csrf = secret::new_token()?;
            client
                .execute(
                    "INSERT INTO web_sessions (token_hash, coordinator_id, csrf, created_at, last_seen_at) \
                     VALUES ($1, $2, $3, $4, $4)",
                    &[&secret::hash(&token), &id, &csrf, &now],
                )
                .await?;
            tracing::info!(coordinator = %id, "coordinator signed in");
            Ok(Ok(token))
        }
        Err(Refusal::Wait { until }) => Ok(Err(LoginRefusal::Wait(((until - now) / 1000).max(1)))),
        Err(Refusal::LockedOut) => Ok(Err(LoginRefusal::Locked)),
        Err(Refusal::Wrong | Refusal::NotActivated | Refusal::Unknown | Refusal::Disabled) => {
            let failed = throttle.failed(now);
            client
                .execute(
                    "UPDATE coordinators SET failed_logins = $2, last_failed_at = $3 WHERE id = $1",
                    &[&id, &i32::try_from(failed.failures).unwrap_or(i32::MAX), &now],
                )
                .await?;
            tracing::info!(coordinator = %id, failures = failed.failures, "failed coordinator login");
            Ok(Err(if failed.locked() {
                LoginRefusal::Locked
            } else {
                LoginRefusal::Wrong
            }))
        }
    }
}

/// The live session of the cookie value `token` at `now`, which it keeps alive; `None` when there is
/// none (never was, logged out, idle longer than `idle_ms`, older than [`MAX_AGE_MS`], or its
/// coordinator was revoked).
pub async fn find(pool: &Pool, token: &str, now: i64, idle_ms: i64) -> Result<Option<Session>, ApiError> {
    let client = pool.get().await?;
    let row = client
        .query_opt(
            &client
                .prepare_cached(
                    "UPDATE web_sessions w SET last_seen_at = $2 FROM coordinators c \
                     WHERE w.token_hash = $1 AND c.id = w.coordinator_id AND w.ended_at IS NULL \
                     AND c.revoked_at IS NULL AND w.last_seen_at >= $2::int8 - $3::int8 \
                     AND w.created_at >= $2::int8 - $4::int8 \
                     RETURNING c.id, c.name, c.host_entity, w.csrf",
                )
                .await?,
            &[&secret::hash(token), &now, &idle_ms, &MAX_AGE_MS],
        )
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let host_entity: Option<String> = row.try_get(2)?;
    let scope = match &host_entity {
        None => Scope::Network,
        Some(entity) => Scope::Spots(
            client
                .query("SELECT code FROM spots WHERE host_entity = $1", &[entity])
                .await?
                .iter()
                .map(|r| r.try_get(0))
                .collect::<Result<_, _>>()?,
        ),
    };
    let coordinator: Uuid = row.try_get(0)?;
    Ok(Some(Session {
        coordinator,
        name: row.try_get(1)?,
        host_entity,
        actor: Actor {
            coordinator: Some(coordinator),
            scope,
        },
        csrf: row.try_get(3)?,
    }))
}

/// Ends the session of `token` (logout).
pub async fn end(pool: &Pool, token: &str, now: i64) -> Result<(), ApiError> {
    let client = pool.get().await?;
    client
        .execute(
            "UPDATE web_sessions SET ended_at = $2 WHERE token_hash = $1 AND ended_at IS NULL",
            &[&secret::hash(token), &now],
        )
        .await?;
    Ok(())
}

/// Sets the login and password of the coordinator named `name` (console only), clearing failures and
/// ending their open sessions.
pub async fn set_password(
    pool: &Pool,
    name: &str,
    login: &str,
    password: &str,
    now: i64,
) -> Result<(), crate::CentralError> {
    if let Some(problem) = balcao_accounts::password_problem(password, login, name) {
        return Err(crate::CentralError::Invalid(format!(
            "the password is refused: {problem:?}"
        )));
    }
    let secret = password.to_owned();
    let hash = tokio::task::spawn_blocking(move || balcao_accounts::hash_secret(&secret))
        .await
        .map_err(|e| crate::CentralError::Invalid(format!("the password hashing stopped: {e}")))?
        .map_err(|e| crate::CentralError::Invalid(e.to_string()))?;
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let ids = tx
        .query(
            "UPDATE coordinators SET login = $2, password_hash = $3, failed_logins = 0, last_failed_at = NULL \
             WHERE name = $1 AND revoked_at IS NULL RETURNING id",
            &[&name, &login, &hash],
        )
        .await?;
    match ids.len() {
        0 => {
            return Err(crate::CentralError::Invalid(format!(
                "no coordinator is named {name:?}"
            )));
        }
        1 => {}
        _ => {
            return Err(crate::CentralError::Invalid(format!(
                "several coordinators are named {name:?}"
            )));
        }
    }
    let id: Uuid = ids[0].try_get(0)?;
    tx.execute(
        "UPDATE web_sessions SET ended_at = $2 WHERE coordinator_id = $1 AND ended_at IS NULL",
        &[&id, &now],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
