//! The coordination's account endpoints: create an account, and disable, enable, unlock or reset one.
//!
//! The console (`balcao-central account …`) needs a shell on the server; these let the network
//! coordination and each host entity manage accounts from their own desk with their coordinator token,
//! within their [`crate::scope`]: a host entity names only the spots it hosts, and changes only the
//! accounts that work at none but those. A counter's token is refused (`403`): counters pull accounts,
//! they never make them. What each call changed is written to `account_events` with the token that made
//! it ([`crate::accounts`]). The activation code is in the answer to the call that made it, once; it is
//! stored only as a hash.

use crate::accounts::{self, Change};
use crate::api::{AppState, Caller, authenticate, body_bytes, decode, now_ms};
use crate::error::ApiError;
use crate::scope::Actor;
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};

/// How long an activation code is valid unless the request says otherwise.
const DEFAULT_VALID_DAYS: u32 = 14;

/// The longest an activation code may be valid.
pub const MAX_VALID_DAYS: u32 = 90;

/// `POST /v1/accounts`'s body. [`judge_create`] gives it back as the server uses it (login in lower
/// case, name trimmed, the code's validity in days filled in), and that, sent again, is judged the same.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CreateRequest {
    /// The login (letters, digits, dots, dashes, underscores).
    pub login: String,
    /// The person's full name.
    pub name: String,
    /// One of [`accounts::ROLES`].
    pub role: String,
    /// The spots the person works at.
    pub spots: Vec<String>,
    /// How many days the activation code stays valid (14 when not given, at most 90).
    #[serde(default)]
    pub valid_days: Option<u32>,
}

/// Decodes and checks a `POST /v1/accounts` body, without the database (for the handler and the
/// fuzzer, `balcao-fuzz` target `central_accounts`). Whether the caller may name those spots, and
/// whether they and the login are free, is for [`accounts::create_by`].
///
/// # Errors
/// `malformed-json` for a body that is not JSON, `invalid` (with what to change) for any other problem.
pub fn judge_create(body: &[u8]) -> Result<CreateRequest, ApiError> {
    let request: CreateRequest = decode(body)?;
    let valid_days = valid_days(request.valid_days)?;
    let login = accounts::NewAccount {
        login: &request.login,
        name: &request.name,
        role: &request.role,
        spots: &request.spots,
        valid_days,
    }
    .check()
    .map_err(ApiError::from_admin)?;
    Ok(CreateRequest {
        login,
        name: request.name.trim().to_owned(),
        valid_days: Some(valid_days),
        ..request
    })
}

/// What a call that makes an activation code answers.
#[derive(Serialize)]
pub(crate) struct Activation {
    /// The account's id (only at creation).
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    login: String,
    /// The one-time code the person types at their first login; shown here once.
    activation_code: String,
    /// When the code stops working (UTC ms).
    activation_expires_at: i64,
}

/// `POST /v1/accounts/{login}/{action}`'s answer when nothing new is to be shown.
#[derive(Serialize)]
pub(crate) struct Done {
    login: String,
    action: &'static str,
}

/// The caller as a coordinator, or `403` for a counter.
async fn coordinator(state: &AppState, headers: &HeaderMap) -> Result<Actor, ApiError> {
    match authenticate(state, headers).await? {
        Caller::Coordinator(actor) => Ok(actor),
        Caller::Device { .. } => Err(ApiError::Forbidden("a counter's token cannot manage accounts")),
    }
}

fn valid_days(days: Option<u32>) -> Result<u32, ApiError> {
    match days.unwrap_or(DEFAULT_VALID_DAYS) {
        days @ 1..=MAX_VALID_DAYS => Ok(days),
        _ => Err(ApiError::Invalid(format!(
            "`valid_days` must be 1 to {MAX_VALID_DAYS}"
        ))),
    }
}

/// `POST /v1/accounts`: creates an account; answers `201` with its one-time activation code.
pub(crate) async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Activation>), ApiError> {
    let actor = coordinator(&state, &headers).await?;
    let request = judge_create(&body_bytes(body)?)?;
    let days = request.valid_days.unwrap_or(DEFAULT_VALID_DAYS);
    let now = now_ms();
    let account = accounts::NewAccount {
        login: &request.login,
        name: &request.name,
        role: &request.role,
        spots: &request.spots,
        valid_days: days,
    };
    let (id, code) = accounts::create_by(state.pool(), &actor, &account, now)
        .await
        .map_err(ApiError::from_admin)?;
    tracing::info!(account = %id, coordinator = ?actor.coordinator, "account created");
    Ok((
        StatusCode::CREATED,
        Json(Activation {
            id: Some(id.to_string()),
            login: request.login,
            activation_code: code,
            activation_expires_at: now + i64::from(days) * balcao_core::time::DAY_MS,
        }),
    ))
}

/// `POST /v1/accounts/{login}/{action}` with `action` one of `disable`, `enable`, `unlock`, `reset`
/// (which answers the new activation code).
pub(crate) async fn act(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((login, action)): Path<(String, String)>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let actor = coordinator(&state, &headers).await?;
    let now = now_ms();
    let change = match action.as_str() {
        "disable" => Change::Disable,
        "enable" => Change::Enable,
        "unlock" => Change::Unlock,
        "reset" => {
            let code = accounts::reset_by(state.pool(), &actor, &login, now, DEFAULT_VALID_DAYS)
                .await
                .map_err(ApiError::from_admin)?;
            let answer = Activation {
                id: None,
                login: login.trim().to_lowercase(),
                activation_code: code,
                activation_expires_at: now + i64::from(DEFAULT_VALID_DAYS) * balcao_core::time::DAY_MS,
            };
            return to_json(&answer);
        }
        _ => return Err(ApiError::NotFound),
    };
    accounts::change_by(state.pool(), &actor, &login, change, now)
        .await
        .map_err(ApiError::from_admin)?;
    to_json(&Done {
        login: login.trim().to_lowercase(),
        action: change.name(),
    })
}

fn to_json<T: Serialize>(value: &T) -> Result<Json<serde_json::Value>, ApiError> {
    serde_json::to_value(value)
        .map(Json)
        .map_err(|err| ApiError::Internal(err.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_read_as_the_server_stores_it_and_reads_so_again() {
        let judged = judge_create(
            br#"{"login": " Ana.Silva ", "name": " Ana Silva ", "role": "mediador", "spots": ["EC-1"]}"#,
        )
        .unwrap();
        assert_eq!(
            judged,
            CreateRequest {
                login: "ana.silva".into(),
                name: "Ana Silva".into(),
                role: "mediador".into(),
                spots: vec!["EC-1".into()],
                valid_days: Some(DEFAULT_VALID_DAYS),
            }
        );
        let again = judge_create(&serde_json::to_vec(&judged).unwrap()).unwrap();
        assert_eq!(again, judged);
    }

    #[test]
    fn a_body_the_server_cannot_use_is_refused_with_the_reason() {
        for (body, says) in [
            (
                r#"{"login": "a!", "name": "A", "role": "mediador", "spots": ["EC-1"]}"#,
                "login",
            ),
            (
                r#"{"login": "ana", "name": " ", "role": "mediador", "spots": ["EC-1"]}"#,
                "name",
            ),
            (
                r#"{"login": "ana", "name": "A", "role": "chefe", "spots": ["EC-1"]}"#,
                "role",
            ),
            (
                r#"{"login": "ana", "name": "A", "role": "mediador", "spots": []}"#,
                "spot",
            ),
            (
                r#"{"login": "ana", "name": "A", "role": "mediador", "spots": ["EC-1"], "valid_days": 91}"#,
                "valid_days",
            ),
            (
                r#"{"login": "ana", "name": "A", "role": "mediador", "spots": ["EC-1"], "admin": true}"#,
                "admin",
            ),
        ] {
            match judge_create(body.as_bytes()) {
                Err(ApiError::Invalid(why)) => assert!(why.contains(says), "{body}: {why}"),
                other => panic!("{body}: {other:?}"),
            }
        }
    }
}
