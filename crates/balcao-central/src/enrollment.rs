//! `POST /v1/enroll`: a counter PC trades a one-time enrolment code for its device token.
//!
//! The handler does two things, kept apart so that the first can be fuzzed without a database
//! (`balcao-fuzz`, target `central_enroll`):
//!
//! 1. [`judge`] decodes the body and checks everything that needs no database: the device's name (1 to
//!    200 characters once trimmed), the audit key when one is sent (64 hex digits of an Ed25519 key,
//!    kept in lower case), and the code, normalised as the counter and the admin command normalise it.
//!    What it returns is the request as the server will use it, and judging that again, encoded as a
//!    body, gives the same: **an accepted body round-trips**.
//! 2. [`enroll`] spends the code and creates the device in one transaction, so a code is spent only by
//!    a device that exists and two enrolments racing with one code cannot both win.
//!
//! A flood of wrong codes is throttled per source address ([`crate::guard::address_budget`]), and a
//! code is 60 bits of randomness ([`secret::new_code`]) stored only as its SHA-256.

use crate::api::{AppState, body_bytes, decode, now_ms};
use crate::error::ApiError;
use crate::secret;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

/// The longest device name, in characters.
pub const MAX_DEVICE_NAME: usize = 200;

/// `POST /v1/enroll`'s body, as sent.
#[derive(Deserialize)]
struct EnrollRequest {
    code: String,
    device_name: String,
    /// The public half of the device's audit key (64 hex digits); optional for older counters,
    /// which register it with their first `POST /v1/audit`.
    #[serde(default)]
    audit_public_key: Option<String>,
}

/// An enrolment request that passed every check made before the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrollment {
    /// The code, normalised (no spaces or dashes, upper case): what is hashed and looked up.
    pub code: String,
    /// The device's name, trimmed.
    pub device_name: String,
    /// The device's audit key as 64 lower-case hex digits, when sent.
    pub audit_public_key: Option<String>,
}

impl Enrollment {
    /// The body a counter would send for this request; [`judge`] reads it back as the same value.
    pub fn to_body(&self) -> Value {
        json!({
            "code": self.code,
            "device_name": self.device_name,
            "audit_public_key": self.audit_public_key,
        })
    }
}

/// Decodes and checks an enrolment body, without the database.
///
/// # Errors
/// `malformed-json` for a body that is not JSON, `invalid` (with what to change) for any other problem.
pub fn judge(body: &[u8]) -> Result<Enrollment, ApiError> {
    let request: EnrollRequest = decode(body)?;
    let device_name = request.device_name.trim();
    if device_name.is_empty() || device_name.chars().count() > MAX_DEVICE_NAME {
        return Err(ApiError::Invalid(format!(
            "`device_name` must have 1 to {MAX_DEVICE_NAME} characters"
        )));
    }
    let audit_public_key = request
        .audit_public_key
        .as_deref()
        .map(balcao_audit::PublicKey::from_hex)
        .transpose()
        .map_err(|_| {
            ApiError::Invalid("`audit_public_key` is not 64 hex digits of an Ed25519 key".to_owned())
        })?
        .map(|key| key.to_hex());
    Ok(Enrollment {
        code: secret::normalize_code(&request.code),
        device_name: device_name.to_owned(),
        audit_public_key,
    })
}

/// `POST /v1/enroll`'s answer.
#[derive(Serialize)]
pub(crate) struct EnrollResponse {
    device_id: String,
    token: String,
    spot_code: String,
}

/// `POST /v1/enroll`.
pub(crate) async fn enroll(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<axum::Json<EnrollResponse>, ApiError> {
    let request = judge(&body_bytes(body)?)?;
    let now = now_ms();
    let code_hash = secret::hash(&request.code);
    let mut client = state.pool().get().await?;
    let tx = client.transaction().await?;
    // Taking the code and creating the device commit together: a code is spent only by a device
    // that exists, and two enrollments racing with one code cannot both win the UPDATE.
    let spot: String = tx
        .query_opt(
            "UPDATE enrollment_codes SET used_at = $2 \
             WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING spot_code",
            &[&code_hash, &now],
        )
        .await?
        .ok_or(ApiError::Unauthorized)?
        .try_get(0)?;
    let device_id = Uuid::now_v7();
    let token = secret::new_token()?;
    tx.execute(
        "INSERT INTO devices (id, spot_code, name, token_hash, enrolled_at, audit_public_key) \
         VALUES ($1, $2, $3, $4, $5, $6)",
        &[
            &device_id,
            &spot,
            &request.device_name,
            &secret::hash(&token),
            &now,
            &request.audit_public_key,
        ],
    )
    .await?;
    tx.execute(
        "UPDATE enrollment_codes SET device_id = $2 WHERE code_hash = $1",
        &[&code_hash, &device_id],
    )
    .await?;
    tx.commit().await?;
    tracing::info!(%device_id, %spot, "device enrolled");
    Ok(axum::Json(EnrollResponse {
        device_id: device_id.to_string(),
        token,
        spot_code: spot,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    #[test]
    fn a_body_is_read_as_the_server_uses_it() {
        let body = format!(
            r#"{{"code": " abcd-efgh ", "device_name": "  Balcão 1 ", "audit_public_key": "{}"}}"#,
            KEY.to_ascii_uppercase()
        );
        let judged = judge(body.as_bytes()).unwrap();
        assert_eq!(judged.code, secret::normalize_code("ABCDEFGH"));
        assert_eq!(judged.device_name, "Balcão 1");
        assert_eq!(judged.audit_public_key.as_deref(), Some(KEY));
        let again = judge(&serde_json::to_vec(&judged.to_body()).unwrap()).unwrap();
        assert_eq!(again, judged);
    }

    #[test]
    fn a_body_the_server_cannot_use_is_refused_with_the_reason() {
        let long = "x".repeat(MAX_DEVICE_NAME + 1);
        for (body, says) in [
            (r#"{"code": "A", "device_name": "   "}"#.to_owned(), "device_name"),
            (
                format!(r#"{{"code": "A", "device_name": "{long}"}}"#),
                "device_name",
            ),
            (
                r#"{"code": "A", "device_name": "b", "audit_public_key": "00"}"#.to_owned(),
                "audit_public_key",
            ),
            (r#"{"device_name": "b"}"#.to_owned(), "code"),
        ] {
            match judge(body.as_bytes()) {
                Err(ApiError::Invalid(why)) => assert!(why.contains(says), "{body}: {why}"),
                other => panic!("{body}: {other:?}"),
            }
        }
        assert!(matches!(
            judge(b"{\"code\":"),
            Err(ApiError::MalformedJson { .. })
        ));
    }
}
