//! The operator's actions: spots (and the entity hosting each), enrollment codes, mediators and
//! coordinator tokens (the network's, or a host entity's).
//!
//! These are library functions so that the `balcao-central` subcommands and the tests share them. Each
//! takes the time it acts at (UTC ms) instead of reading a clock, so a test can make a code that has
//! already expired. Secrets are returned once, to be printed, and stored only hashed ([`crate::secret`]).

use crate::error::CentralError;
use crate::secret;
use deadpool_postgres::Pool;
use tokio_postgres::error::SqlState;
use uuid::Uuid;

/// How long an enrollment code is valid unless told otherwise.
pub const DEFAULT_CODE_DAYS: u32 = 7;

/// Whether a spot code has the shape counters are configured with (`EC-0420`): 1 to 32 upper-case
/// letters, digits and dashes, not starting with a dash (the rule of `balcao-config`).
pub fn is_spot_code(code: &str) -> bool {
    let ok = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-';
    (1..=32).contains(&code.len()) && code.chars().all(ok) && !code.starts_with('-')
}

fn non_empty(what: &str, value: &str) -> Result<(), CentralError> {
    if value.trim().is_empty() {
        Err(CentralError::Invalid(format!("{what} must not be empty")))
    } else {
        Ok(())
    }
}

/// Creates a spot; creating one that exists with the same name is not an error (scripts may rerun).
pub async fn create_spot(pool: &Pool, code: &str, name: &str, now: i64) -> Result<(), CentralError> {
    create_hosted_spot(pool, code, name, None, now).await
}

/// Creates a spot hosted by `host_entity` (a municipality, a parish); given for an existing spot,
/// moves it to that entity (whose token then reaches it, [`crate::scope`]).
pub async fn create_hosted_spot(
    pool: &Pool,
    code: &str,
    name: &str,
    host_entity: Option<&str>,
    now: i64,
) -> Result<(), CentralError> {
    if let Some(entity) = host_entity {
        non_empty("the host entity", entity)?;
    }
    let host_entity = host_entity.map(str::trim);
    if !is_spot_code(code) {
        return Err(CentralError::Invalid(format!(
            "spot code {code:?} must be 1 to 32 upper-case letters, digits and dashes (like EC-0420)"
        )));
    }
    non_empty("the spot name", name)?;
    let client = pool.get().await?;
    let inserted = client
        .execute(
            "INSERT INTO spots (code, name, created_at, host_entity) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (code) DO NOTHING",
            &[&code, &name, &now, &host_entity],
        )
        .await?;
    if inserted == 0 {
        let existing: String = client
            .query_one("SELECT name FROM spots WHERE code = $1", &[&code])
            .await?
            .try_get(0)?;
        if existing != name {
            return Err(CentralError::Invalid(format!(
                "spot {code} already exists, named {existing:?}"
            )));
        }
        if host_entity.is_some() {
            client
                .execute(
                    "UPDATE spots SET host_entity = $2 WHERE code = $1",
                    &[&code, &host_entity],
                )
                .await?;
        }
    }
    Ok(())
}

/// Sets the time zone of `spot` (one of Portugal's three): the days of its statistics are counted on
/// its clock from the next record on.
pub async fn set_time_zone(pool: &Pool, spot: &str, zone: &str) -> Result<(), CentralError> {
    if !balcao_core::time::PORTUGAL_ZONES.contains(&zone) {
        return Err(CentralError::Invalid(format!(
            "time zone {zone:?} must be one of {}",
            balcao_core::time::PORTUGAL_ZONES.join(", ")
        )));
    }
    let client = pool.get().await?;
    let changed = client
        .execute("UPDATE spots SET time_zone = $2 WHERE code = $1", &[&spot, &zone])
        .await?;
    if changed == 0 {
        return Err(CentralError::NotFound(format!("spot {spot}")));
    }
    Ok(())
}

/// Makes a one-time enrollment code for `spot`, valid until `expires_at`; returns the code to print.
pub async fn create_enrollment_code(
    pool: &Pool,
    spot: &str,
    now: i64,
    expires_at: i64,
) -> Result<String, CentralError> {
    let code = secret::new_code()?;
    let hash = secret::hash(&secret::normalize_code(&code));
    let client = pool.get().await?;
    match client
        .execute(
            "INSERT INTO enrollment_codes (code_hash, spot_code, created_at, expires_at) VALUES ($1, $2, $3, $4)",
            &[&hash, &spot, &now, &expires_at],
        )
        .await
    {
        Ok(_) => Ok(code),
        Err(err) if err.code() == Some(&SqlState::FOREIGN_KEY_VIOLATION) => {
            Err(CentralError::NotFound(format!("spot {spot}")))
        }
        Err(err) => Err(err.into()),
    }
}

/// Adds a mediator to a spot.
pub async fn create_mediator(
    pool: &Pool,
    spot: &str,
    login: &str,
    name: &str,
    now: i64,
) -> Result<(), CentralError> {
    non_empty("the login", login)?;
    non_empty("the name", name)?;
    let client = pool.get().await?;
    match client
        .execute(
            "INSERT INTO mediators (spot_code, login, name, created_at) VALUES ($1, $2, $3, $4)",
            &[&spot, &login, &name, &now],
        )
        .await
    {
        Ok(_) => Ok(()),
        Err(err) if err.code() == Some(&SqlState::FOREIGN_KEY_VIOLATION) => {
            Err(CentralError::NotFound(format!("spot {spot}")))
        }
        Err(err) if err.code() == Some(&SqlState::UNIQUE_VIOLATION) => Err(CentralError::Invalid(format!(
            "spot {spot} already has a mediator with login {login:?}"
        ))),
        Err(err) => Err(err.into()),
    }
}

/// Makes a network coordination token (every spot); returns it to print (it cannot be shown again).
pub async fn create_coordinator_token(pool: &Pool, name: &str, now: i64) -> Result<String, CentralError> {
    create_entity_token(pool, name, None, now).await
}

/// Makes a coordinator token for `host_entity` (only the spots it hosts; `None` for every spot);
/// returns it to print (it cannot be shown again).
pub async fn create_entity_token(
    pool: &Pool,
    name: &str,
    host_entity: Option<&str>,
    now: i64,
) -> Result<String, CentralError> {
    non_empty("the holder's name", name)?;
    if let Some(entity) = host_entity {
        non_empty("the host entity", entity)?;
    }
    let token = secret::new_token()?;
    let client = pool.get().await?;
    client
        .execute(
            "INSERT INTO coordinators (id, name, token_hash, created_at, host_entity) VALUES ($1, $2, $3, $4, $5)",
            &[
                &Uuid::now_v7(),
                &name,
                &secret::hash(&token),
                &now,
                &host_entity.map(str::trim),
            ],
        )
        .await?;
    Ok(token)
}
