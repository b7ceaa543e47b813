//! The connection pool and the schema migrations.
//!
//! The schema is a list of `.sql` files under `migrations/`, embedded in the binary, numbered from 1.
//! [`migrate`] applies the missing ones **in one transaction** and records each in `schema_version`, so
//! a server that dies half-way leaves the database exactly as it was, and the next start tries again. A
//! transaction-scoped advisory lock makes two servers starting at once take turns instead of racing to
//! create the same tables. A database migrated by a newer server is refused rather than used: this
//! server would not know what the newer columns mean.
//!
//! Connections are plain TCP (`NoTls`): the reference deployment runs PostgreSQL on the same host or a
//! private network; a TLS connector can be added here without touching the rest.

use crate::error::CentralError;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use std::str::FromStr;
use std::time::Duration;
use tokio_postgres::NoTls;

/// The migrations, in order: (version, name, SQL).
const MIGRATIONS: &[(i32, &str, &str)] = &[
    (1, "0001_init", include_str!("../migrations/0001_init.sql")),
    (
        2,
        "0002_rejections",
        include_str!("../migrations/0002_rejections.sql"),
    ),
    (3, "0003_audit", include_str!("../migrations/0003_audit.sql")),
    (4, "0004_fleet", include_str!("../migrations/0004_fleet.sql")),
    (
        5,
        "0005_accounts",
        include_str!("../migrations/0005_accounts.sql"),
    ),
    (
        6,
        "0006_host_entities",
        include_str!("../migrations/0006_host_entities.sql"),
    ),
    (
        7,
        "0007_time_zones",
        include_str!("../migrations/0007_time_zones.sql"),
    ),
    (
        8,
        "0008_minimised",
        include_str!("../migrations/0008_minimised.sql"),
    ),
    (
        9,
        "0009_followups_equipment",
        include_str!("../migrations/0009_followups_equipment.sql"),
    ),
    (
        10,
        "0010_statement_checks",
        include_str!("../migrations/0010_statement_checks.sql"),
    ),
    (
        11,
        "0011_coordination_web",
        include_str!("../migrations/0011_coordination_web.sql"),
    ),
];

/// The schema version after whose SQL [`minimise_stored`] runs.
const MINIMISED: i32 = 8;

/// An arbitrary constant naming the migration lock among PostgreSQL advisory locks.
const MIGRATION_LOCK: i64 = 0x00ba_1ca0_c3e7;

/// The newest schema version this server knows.
pub fn latest_version() -> i32 {
    MIGRATIONS.last().map(|(version, _, _)| *version).unwrap_or(0)
}

/// A pool of up to `max_size` connections to `url` (`postgres://user@host:port/db`).
///
/// No connection is made here; the first query connects. Waiting for a connection and creating one are
/// bounded (10 s and 5 s), so a database that goes away makes requests fail at once with a `503` and
/// `Retry-After` (`error::transient`) instead of hanging.
pub fn pool(url: &str, max_size: usize) -> Result<Pool, CentralError> {
    let config =
        tokio_postgres::Config::from_str(url).map_err(|e| CentralError::DatabaseUrl(e.to_string()))?;
    let manager = Manager::from_config(
        config,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(manager)
        .max_size(max_size)
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(Duration::from_secs(10)))
        .create_timeout(Some(Duration::from_secs(5)))
        .recycle_timeout(Some(Duration::from_secs(5)))
        .build()
        .map_err(|e| CentralError::Pool(e.to_string()))
}

/// Strips the citizens' direct identifiers from the records stored before schema 8, keeping each
/// changed record's original payload hash for the audit check; returns how many changed. Reads in
/// pages of 1 000 by id, so a large table is not held in memory at once.
async fn minimise_stored(tx: &tokio_postgres::Transaction<'_>) -> Result<u64, CentralError> {
    let page = tx
        .prepare("SELECT id, kind, payload FROM records WHERE id > $1 ORDER BY id LIMIT 1000")
        .await?;
    let update = tx
        .prepare("UPDATE records SET payload = $2, original_hash = $3 WHERE id = $1")
        .await?;
    let (mut after, mut changed) = (uuid::Uuid::nil(), 0);
    loop {
        let rows = tx.query(&page, &[&after]).await?;
        let Some(last) = rows.last() else {
            break;
        };
        after = last.try_get(0)?;
        for row in &rows {
            let kind: String = row.try_get(1)?;
            let mut payload: serde_json::Value = row.try_get(2)?;
            let original = balcao_audit::payload_hash_value(&payload);
            if balcao_privacy::minimise(&kind, &mut payload) {
                let id: uuid::Uuid = row.try_get(0)?;
                tx.execute(&update, &[&id, &payload, &original.as_slice()])
                    .await?;
                changed += 1;
            }
        }
    }
    if changed > 0 {
        tracing::info!(changed, "records minimised: citizens' identifiers removed");
    }
    Ok(changed)
}

/// Brings the schema to [`latest_version`]; returns the versions applied (empty when up to date).
pub async fn migrate(pool: &Pool) -> Result<Vec<i32>, CentralError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_version (
             version    INTEGER PRIMARY KEY,
             name       TEXT NOT NULL,
             applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
         )",
    )
    .await?;
    let current: i32 = tx
        .query_one("SELECT coalesce(max(version), 0) FROM schema_version", &[])
        .await?
        .try_get(0)?;
    let known = latest_version();
    if current > known {
        return Err(CentralError::SchemaTooNew {
            found: current,
            known,
        });
    }
    let mut applied = Vec::new();
    for (version, name, sql) in MIGRATIONS.iter().filter(|(version, _, _)| *version > current) {
        tx.batch_execute(sql).await?;
        if *version == MINIMISED {
            minimise_stored(&tx).await?;
        }
        tx.execute(
            "INSERT INTO schema_version (version, name) VALUES ($1, $2)",
            &[version, name],
        )
        .await?;
        applied.push(*version);
    }
    tx.commit().await?;
    Ok(applied)
}
