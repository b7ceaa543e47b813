//! Fleet control: which counters exist, when each was last heard from and what it runs, and cutting
//! one off; coordinator tokens that can be revoked and rotated.
//!
//! A stolen counter PC, or one handed back by a parish, must stop speaking for its spot at once and
//! without SQL: `balcao-central device revoke ID --reason …` makes its next request a `401` with the
//! code `device-revoked` and the reason, which the counter shows to whoever is in front of it. What it
//! uploaded before stays: revocation is about the future, never a deletion. A leaked coordinator token
//! is revoked the same way, and `rotate` gives its holder a new one in the same step.
//!
//! Every authenticated device request notes the time and the `X-Balcao-Version` and
//! `X-Balcao-Catalogue` headers the counter sends, at most once a minute per device (a write per request
//! would cost the database more than the request), so `device list` shows the silent and the outdated.
//! [`Heartbeats`] remembers what this process last wrote, so the other requests of that minute do not
//! even reach the database.

use crate::error::CentralError;
use deadpool_postgres::Pool;
use uuid::Uuid;

/// The header a counter sends with its version.
pub const VERSION_HEADER: &str = "x-balcao-version";
/// The header a counter sends with the sequence of the catalogue it runs (the one its open attendance
/// uses may lag until that attendance ends).
pub const CATALOGUE_HEADER: &str = "x-balcao-catalogue";

/// Don't write a device's last contact more often than this (ms).
const HEARTBEAT_EVERY_MS: i64 = 60_000;

/// One device, as `device list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// Its id.
    pub id: Uuid,
    /// Its spot.
    pub spot: String,
    /// The name given at enrolment.
    pub name: String,
    /// When it enrolled (ms).
    pub enrolled_at: i64,
    /// When it was last heard from (ms).
    pub last_seen_at: Option<i64>,
    /// The Balcão version it last said it runs.
    pub app_version: Option<String>,
    /// The catalogue sequence it last said it runs.
    pub catalogue_sequence: Option<i64>,
    /// When it was revoked, and why.
    pub revoked: Option<(i64, String)>,
}

/// What each device last had written by this server process, so that most requests skip the
/// database: a counter syncing every few seconds would otherwise cost an `UPDATE` round trip (and a
/// row lock) on every request, only for the `WHERE` to find that nothing needs writing.
#[derive(Debug, Default)]
pub struct Heartbeats {
    noted: std::sync::Mutex<std::collections::HashMap<Uuid, Noted>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Noted {
    at: i64,
    version: Option<String>,
    catalogue: Option<i64>,
}

impl Heartbeats {
    /// Whether a contact at `now` with this version and catalogue needs writing: not if this process
    /// wrote the same within the minute. (Several server processes each write at most once a minute
    /// per device; the `UPDATE`'s own condition keeps the database right whatever a cache says.)
    pub fn due(&self, device: Uuid, version: Option<&str>, catalogue: Option<i64>, now: i64) -> bool {
        let noted = self.noted.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        !noted.get(&device).is_some_and(|n| {
            now - n.at < HEARTBEAT_EVERY_MS
                && version.is_none_or(|v| n.version.as_deref() == Some(v))
                && catalogue.is_none_or(|c| n.catalogue == Some(c))
        })
    }

    /// Notes that the contact was written.
    pub fn written(&self, device: Uuid, version: Option<&str>, catalogue: Option<i64>, now: i64) {
        let mut noted = self.noted.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let previous = noted.get(&device).cloned();
        noted.insert(
            device,
            Noted {
                at: now,
                version: version
                    .map(str::to_owned)
                    .or_else(|| previous.as_ref().and_then(|p| p.version.clone())),
                catalogue: catalogue.or_else(|| previous.and_then(|p| p.catalogue)),
            },
        );
    }
}

/// Notes a device's contact (at most once a minute, or when what it runs changed); returns whether
/// the database was reached (without a connection the contact is skipped, not the request).
pub async fn heartbeat(
    pool: &Pool,
    device: Uuid,
    version: Option<&str>,
    catalogue: Option<i64>,
    now: i64,
) -> Result<bool, tokio_postgres::Error> {
    let Ok(client) = pool.get().await else {
        return Ok(false);
    };
    client
        .execute(
            "UPDATE devices SET last_seen_at = $2::bigint, app_version = COALESCE($3::text, app_version), \
             catalogue_sequence = COALESCE($4::bigint, catalogue_sequence) \
             WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < $2::bigint - $5::bigint \
             OR app_version IS DISTINCT FROM COALESCE($3, app_version) \
             OR catalogue_sequence IS DISTINCT FROM COALESCE($4, catalogue_sequence))",
            &[&device, &now, &version, &catalogue, &HEARTBEAT_EVERY_MS],
        )
        .await?;
    Ok(true)
}

/// Every device, by spot then enrolment.
pub async fn list_devices(pool: &Pool) -> Result<Vec<Device>, CentralError> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT id, spot_code, name, enrolled_at, last_seen_at, app_version, catalogue_sequence, \
             revoked_at, revoked_reason FROM devices ORDER BY spot_code, enrolled_at",
            &[],
        )
        .await?;
    rows.iter()
        .map(|row| {
            let revoked_at: Option<i64> = row.try_get(7)?;
            let reason: Option<String> = row.try_get(8)?;
            Ok(Device {
                id: row.try_get(0)?,
                spot: row.try_get(1)?,
                name: row.try_get(2)?,
                enrolled_at: row.try_get(3)?,
                last_seen_at: row.try_get(4)?,
                app_version: row.try_get(5)?,
                catalogue_sequence: row.try_get(6)?,
                revoked: revoked_at.map(|at| (at, reason.unwrap_or_default())),
            })
        })
        .collect::<Result<_, tokio_postgres::Error>>()
        .map_err(CentralError::from)
}

/// Revokes a device: its token stops working at once, with `reason` given to it. Revoking twice keeps
/// the first time and reason.
pub async fn revoke_device(pool: &Pool, id: Uuid, reason: &str, now: i64) -> Result<(), CentralError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 300 {
        return Err(CentralError::Invalid(
            "the reason must have 1 to 300 characters; the counter shows it".into(),
        ));
    }
    let client = pool.get().await?;
    let found = client
        .execute(
            "UPDATE devices SET revoked_at = COALESCE(revoked_at, $2), \
             revoked_reason = COALESCE(revoked_reason, $3) WHERE id = $1",
            &[&id, &now, &reason],
        )
        .await?;
    if found == 0 {
        return Err(CentralError::NotFound(format!("no device {id}")));
    }
    Ok(())
}

/// One coordinator token's holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coordinator {
    /// The token's id (not the token).
    pub id: Uuid,
    /// Who holds it.
    pub name: String,
    /// When it was made (ms).
    pub created_at: i64,
    /// When it was revoked (ms).
    pub revoked_at: Option<i64>,
    /// The host entity it speaks for; `None` for the network coordination.
    pub host_entity: Option<String>,
}

/// Every coordinator token, oldest first.
pub async fn list_coordinators(pool: &Pool) -> Result<Vec<Coordinator>, CentralError> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT id, name, created_at, revoked_at, host_entity FROM coordinators ORDER BY created_at",
            &[],
        )
        .await?;
    rows.iter()
        .map(|row| {
            Ok(Coordinator {
                id: row.try_get(0)?,
                name: row.try_get(1)?,
                created_at: row.try_get(2)?,
                revoked_at: row.try_get(3)?,
                host_entity: row.try_get(4)?,
            })
        })
        .collect::<Result<_, tokio_postgres::Error>>()
        .map_err(CentralError::from)
}

/// Revokes a coordinator token; returns its holder's name.
pub async fn revoke_coordinator(pool: &Pool, id: Uuid, now: i64) -> Result<String, CentralError> {
    let client = pool.get().await?;
    let row = client
        .query_opt(
            "UPDATE coordinators SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING name",
            &[&id, &now],
        )
        .await?
        .ok_or_else(|| CentralError::NotFound(format!("no coordinator token {id}")))?;
    Ok(row.try_get(0)?)
}

/// Revokes a coordinator token and makes a new one for the same holder, in one transaction; returns
/// the new token (shown once).
pub async fn rotate_coordinator(pool: &Pool, id: Uuid, now: i64) -> Result<String, CentralError> {
    let token = crate::secret::new_token()?;
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    // The dashboard login moves to the new row (a login is unique), with its password and failures:
    // rotating the API token must not lock its holder out of the web pages.
    let row = tx
        .query_opt(
            "UPDATE coordinators c SET revoked_at = $2, login = NULL, password_hash = NULL \
             FROM (SELECT id, login, password_hash, failed_logins, last_failed_at FROM coordinators \
                   WHERE id = $1 FOR UPDATE) old \
             WHERE c.id = old.id AND c.revoked_at IS NULL \
             RETURNING c.name, c.host_entity, old.login, old.password_hash, old.failed_logins, old.last_failed_at",
            &[&id, &now],
        )
        .await?
        .ok_or_else(|| CentralError::NotFound(format!("no active coordinator token {id}")))?;
    let name: String = row.try_get(0)?;
    let host_entity: Option<String> = row.try_get(1)?;
    let login: Option<String> = row.try_get(2)?;
    let password_hash: Option<String> = row.try_get(3)?;
    let failed_logins: i32 = row.try_get(4)?;
    let last_failed_at: Option<i64> = row.try_get(5)?;
    let new_id = Uuid::now_v7();
    // The new token speaks for the same entity as the old one.
    tx.execute(
        "INSERT INTO coordinators (id, name, token_hash, created_at, host_entity, login, password_hash, \
         failed_logins, last_failed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &[
            &new_id,
            &name,
            &crate::secret::hash(&token),
            &now,
            &host_entity,
            &login,
            &password_hash,
            &failed_logins,
            &last_failed_at,
        ],
    )
    .await?;
    // Open dashboard sessions follow their holder to the new row.
    tx.execute(
        "UPDATE web_sessions SET coordinator_id = $2 WHERE coordinator_id = $1 AND ended_at IS NULL",
        &[&id, &new_id],
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_is_written_once_a_minute_or_when_what_the_device_runs_changes() {
        let beats = Heartbeats::default();
        let device = Uuid::now_v7();
        let other = Uuid::now_v7();
        assert!(beats.due(device, Some("0.1.0"), Some(7), 1_000));
        beats.written(device, Some("0.1.0"), Some(7), 1_000);
        assert!(!beats.due(device, Some("0.1.0"), Some(7), 30_000));
        // A request without the headers says nothing new.
        assert!(!beats.due(device, None, None, 30_000));
        assert!(beats.due(device, Some("0.2.0"), Some(7), 30_000));
        assert!(beats.due(device, Some("0.1.0"), Some(8), 30_000));
        assert!(beats.due(device, Some("0.1.0"), Some(7), 61_000));
        assert!(beats.due(other, Some("0.1.0"), Some(7), 30_000));
        // A write without headers keeps what was known.
        beats.written(device, None, None, 61_000);
        assert!(!beats.due(device, Some("0.1.0"), Some(7), 62_000));
    }
}
