//! Enrolling a counter: trading a one-time code for a device token bound to the counter's spot.
//!
//! A technician installing a counter gets a one-time code from the agency for that spot (`balcao-central
//! admin`), and the counter sends it once (`POST /v1/enroll`). The answer names the spot the code was
//! issued for; it must be the spot this counter is configured for (`spot_code`), or every record the
//! counter sends would be refused (or, worse, counted for the wrong Espaço do Cidadão). A mismatch is
//! refused with [`SyncError::SpotMismatch`] and nothing is kept: the technician fixes the configuration
//! or asks for the right code.
//!
//! On success the token goes to the OS keyring first, then the server, device id and spot to the store:
//! if the keyring fails, the store still says "not enrolled", which is true. The token never touches the
//! store.

use crate::SyncError;
use crate::client::{Client, Timeouts};
use crate::token::TokenStore;
use balcao_core::attendance::UtcMillis;
use balcao_store::{Store, SyncState};

/// What the technician typed.
#[derive(Debug, Clone, Copy)]
pub struct EnrollRequest<'a> {
    /// The central server's address (`https://…`).
    pub central_url: &'a str,
    /// The one-time enrollment code.
    pub code: &'a str,
    /// A name for this counter, shown to the agency (`Balcão 1 — Junta de Vinhais`).
    pub device_name: &'a str,
    /// The spot this counter is configured for (`spot_code`).
    pub configured_spot: &'a str,
    /// The public half of the device's audit key, registered with the central.
    pub audit_public_key: Option<&'a str>,
}

/// Enrolls the counter: sends the code, checks the spot, keeps the token in the keyring and the
/// enrollment in the store. Returns the new state. The counter's earlier enrollment, if any, is
/// replaced only on success.
pub async fn enroll(
    store: &mut Store,
    tokens: &TokenStore,
    request: &EnrollRequest<'_>,
    timeouts: Timeouts,
    now: UtcMillis,
) -> Result<SyncState, SyncError> {
    let client = Client::with_timeouts(request.central_url, timeouts)?;
    let enrollment = client
        .enroll(request.code.trim(), request.device_name, request.audit_public_key)
        .await?;
    if enrollment.spot_code != request.configured_spot {
        tracing::warn!(
            code_spot = %enrollment.spot_code,
            configured = %request.configured_spot,
            "enrollment refused: the code is for another spot"
        );
        return Err(SyncError::SpotMismatch {
            code_spot: enrollment.spot_code,
            configured: request.configured_spot.to_string(),
        });
    }
    tokens.set(&enrollment.token)?;
    let state = SyncState {
        central_url: Some(request.central_url.to_string()),
        device_id: Some(enrollment.device_id),
        spot: Some(enrollment.spot_code),
        enrolled_at: Some(now),
        last_success_at: None,
        last_error: None,
    };
    store.set_sync_state(&state)?;
    tracing::info!(
        spot = state.spot.as_deref().unwrap_or_default(),
        device = state.device_id.as_deref().unwrap_or_default(),
        "enrolled with the central"
    );
    Ok(state)
}
