//! The citizen survey's answers: which tickets may be answered, and keeping an answer once.
//!
//! A ticket (`balcao_survey::ticket`) names a counter and the millisecond an attendance ended, signed
//! with that counter's device key. [`ticket_state`] reads it, finds the device and its registered
//! public key, checks the signature, the age ([`Options::survey_days`]) and whether it was answered;
//! [`store`] keeps an answer with `INSERT … ON CONFLICT DO NOTHING` on the ticket's key, so two
//! submits racing each other store one answer and the other is told "already answered", never an
//! error.
//!
//! The answer does not wait for the attendance's record: it is stored under the ticket's key and the
//! spot the device belongs to, counted at once in `roll_survey` (by the attendance's day on the spot's
//! clock), and joined to the attendance (its services, its mediator) by `(device_id, ended_at)` when the
//! dashboard asks, whichever arrived first.
//!
//! A device that has no registered key (an old counter that never sent it) cannot have its tickets
//! verified, and a revoked device's tickets made after its revocation are refused: both read as
//! invalid, the same page as a mistyped address.
//!
//! [`Options::survey_days`]: crate::api::Options::survey_days

use crate::error::ApiError;
use balcao_core::time::DAY_MS;
use balcao_survey::{Answer, Ticket};
use deadpool_postgres::Pool;

/// What a ticket's text is worth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TicketState {
    /// A genuine ticket, not yet answered and not too old.
    Open {
        /// What it says.
        ticket: Ticket,
    },
    /// A genuine ticket that was answered.
    Answered,
    /// A genuine ticket older than the survey's days.
    Expired,
    /// Not a ticket, forged, of an unknown device or of one revoked before it was made.
    Invalid,
}

/// The state of the ticket `text` at `now`, for a survey open `days` days after the attendance.
pub async fn ticket_state(pool: &Pool, text: &str, now: i64, days: u32) -> Result<TicketState, ApiError> {
    let Ok(unverified) = balcao_survey::ticket::read(text) else {
        return Ok(TicketState::Invalid);
    };
    let ticket = unverified.ticket;
    let client = pool.get().await?;
    let row = client
        .query_opt(
            &client
                .prepare_cached(
                    "SELECT d.audit_public_key, d.revoked_at, \
                     EXISTS (SELECT 1 FROM survey_answers a WHERE a.device_id = d.id AND a.ended_at = $2) \
                     FROM devices d WHERE d.id = $1",
                )
                .await?,
            &[&ticket.device, &ticket.ended_at],
        )
        .await?;
    let Some(row) = row else {
        return Ok(TicketState::Invalid);
    };
    let key: Option<String> = row.try_get(0)?;
    let revoked_at: Option<i64> = row.try_get(1)?;
    let answered: bool = row.try_get(2)?;
    let Some(key) = key.and_then(|hex| balcao_audit::PublicKey::from_hex(&hex).ok()) else {
        return Ok(TicketState::Invalid);
    };
    if unverified.verify(&key).is_err() || revoked_at.is_some_and(|at| ticket.ended_at > at) {
        return Ok(TicketState::Invalid);
    }
    Ok(if answered {
        TicketState::Answered
    } else if now.saturating_sub(ticket.ended_at) > i64::from(days) * DAY_MS {
        TicketState::Expired
    } else {
        TicketState::Open { ticket }
    })
}

/// Keeps `answer` to `ticket` (already found [`TicketState::Open`]); `false` when the ticket was
/// answered in the meantime.
pub async fn store(pool: &Pool, ticket: &Ticket, answer: &Answer, now: i64) -> Result<bool, ApiError> {
    let client = pool.get().await?;
    let stored = client
        .execute(
            &client
                .prepare_cached(
                    "INSERT INTO survey_answers (device_id, ended_at, spot_code, day, answered_at, \
                     satisfaction, done, alone, comment) \
                     SELECT d.id, $2::int8, d.spot_code, \
                     (to_timestamp($2::int8 / 1000.0) AT TIME ZONE s.time_zone)::date, $3, $4, $5, $6, $7 \
                     FROM devices d JOIN spots s ON s.code = d.spot_code WHERE d.id = $1 \
                     ON CONFLICT (device_id, ended_at) DO NOTHING",
                )
                .await?,
            &[
                &ticket.device,
                &ticket.ended_at,
                &now,
                &i16::from(answer.satisfaction),
                &answer.done.as_str(),
                &answer.alone.as_str(),
                &answer.comment,
            ],
        )
        .await?;
    Ok(stored == 1)
}
