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
const MAX_VALID_DAYS: u32 = 90;

/// `POST /v1/accounts`'s body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CreateRequest {
    login: String,
    name: String,
    role: String,
    spots: Vec<String>,
    #[serde(default)]
    valid_days: Option<u32>,
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
    let request: CreateRequest = decode(&body_bytes(body)?)?;
    let days = valid_days(request.valid_days)?;
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
            login: request.login.trim().to_lowercase(),
            activation_code: code,
            activation_expires_at: now + i64::from(days) * 86_400_000,
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
                activation_expires_at: now + i64::from(DEFAULT_VALID_DAYS) * 86_400_000,
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
