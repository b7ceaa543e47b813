//! Schema migrations: how a counter's database follows the program across upgrades without losing a
//! record.
//!
//! A rural counter may skip several releases and then install the newest one; its file must be brought
//! up to date in one step, or not at all. So the schema is a numbered list of SQL files
//! (`migrations/0001_init.sql`, `0002_…`), embedded in the binary; the file's version lives in
//! `PRAGMA user_version`; and every pending migration, plus the new version number, is applied in ONE
//! transaction: a failure (a power cut, a full disk, a bug) leaves the file exactly at its old version,
//! which the next start retries. A file newer than this build (a counter that was downgraded) is
//! refused, never "migrated" backwards: an old program writing into a new schema could drop data it
//! does not know about.
//!
//! Shipped migration files are frozen: a change to the schema is a new file. A test compares
//! `0001_init.sql` with the frozen copy in `tests/fixtures/schema_v1.sql`.

use crate::StoreError;
use rusqlite::{Connection, TransactionBehavior};

/// One migration: the version it brings the file to, its file name, and its SQL.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// The `user_version` after this migration.
    pub version: i64,
    /// The file name under `migrations/`, for messages.
    pub name: &'static str,
    /// The SQL, run as one batch.
    pub sql: &'static str,
}

/// Every migration, in order; `MIGRATIONS[i].version == i + 1`.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_init.sql",
        sql: include_str!("../migrations/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "0002_consent_and_sync.sql",
        sql: include_str!("../migrations/0002_consent_and_sync.sql"),
    },
    Migration {
        version: 3,
        name: "0003_cash.sql",
        sql: include_str!("../migrations/0003_cash.sql"),
    },
    Migration {
        version: 4,
        name: "0004_sync.sql",
        sql: include_str!("../migrations/0004_sync.sql"),
    },
    Migration {
        version: 5,
        name: "0005_mirror.sql",
        sql: include_str!("../migrations/0005_mirror.sql"),
    },
    Migration {
        version: 6,
        name: "0006_audit.sql",
        sql: include_str!("../migrations/0006_audit.sql"),
    },
    Migration {
        version: 7,
        name: "0007_accounts.sql",
        sql: include_str!("../migrations/0007_accounts.sql"),
    },
    Migration {
        version: 8,
        name: "0008_citizen_data.sql",
        sql: include_str!("../migrations/0008_citizen_data.sql"),
    },
    Migration {
        version: 9,
        name: "0009_followups.sql",
        sql: include_str!("../migrations/0009_followups.sql"),
    },
];

/// The schema version this build writes: the last migration's.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The file's schema version (`PRAGMA user_version`).
pub fn schema_version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Brings the file to [`SCHEMA_VERSION`], applying every pending migration in one transaction, and
/// returns the version found before. Refuses a file newer than this build with
/// [`StoreError::NewerSchema`], leaving it untouched.
pub fn migrate(conn: &mut Connection) -> Result<i64, StoreError> {
    migrate_with(conn, MIGRATIONS)
}

/// [`migrate`] with an explicit list, so tests can exercise a failing migration.
pub(crate) fn migrate_with(conn: &mut Connection, migrations: &[Migration]) -> Result<i64, StoreError> {
    let known = migrations.last().map_or(0, |m| m.version);
    let before = check_version(schema_version(conn)?, known)?;
    if before == known {
        return Ok(before);
    }
    // IMMEDIATE: take the write lock first, then read the version again, so two programs starting
    // at once cannot both apply the same migration.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let before = check_version(schema_version(&tx)?, known)?;
    for m in migrations.iter().filter(|m| m.version > before) {
        tx.execute_batch(m.sql).map_err(|e| match StoreError::from(e) {
            StoreError::Io { detail } => StoreError::Io {
                detail: format!("migration {}: {detail}", m.name),
            },
            other => other,
        })?;
    }
    // `user_version` lives in the file header, which the transaction journals like any page: it
    // commits with the migrations or not at all.
    tx.pragma_update(None, "user_version", known)?;
    tx.commit()?;
    Ok(before)
}

fn check_version(found: i64, known: i64) -> Result<i64, StoreError> {
    if found > known {
        Err(StoreError::NewerSchema { found, known })
    } else if found < 0 {
        Err(StoreError::Corrupt {
            detail: format!("negative schema version {found}"),
        })
    } else {
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn versions_are_consecutive_from_one() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1, "{}", m.name);
            assert!(m.name.starts_with(&format!("{:04}_", m.version)), "{}", m.name);
        }
        assert_eq!(SCHEMA_VERSION, 9);
    }

    #[test]
    fn a_fresh_file_gets_every_table_and_the_latest_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(migrate(&mut conn).unwrap(), 0);
        assert_eq!(schema_version(&conn).unwrap(), SCHEMA_VERSION);
        assert_eq!(
            tables(&conn),
            [
                "accounts",
                "attendances",
                "audit_log",
                "audit_state",
                "cancellations",
                "cash_sessions",
                "day_checks",
                "followups",
                "number_series",
                "outbox",
                "payments",
                "quarantine",
                "service_lines",
                "sync_state"
            ]
        );
        // Running again is a no-op.
        assert_eq!(migrate(&mut conn).unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn a_failing_later_migration_rolls_back_the_earlier_ones_too() {
        let broken = [
            MIGRATIONS[0],
            MIGRATIONS[1],
            MIGRATIONS[2],
            MIGRATIONS[3],
            Migration {
                version: 5,
                name: "0005_broken.sql",
                sql: "CREATE TABLE added_by_three (x INTEGER); ALTER TABLE no_such_table ADD COLUMN y;",
            },
        ];
        let mut conn = Connection::open_in_memory().unwrap();
        let err = migrate_with(&mut conn, &broken).unwrap_err();
        assert!(err.to_string().contains("0005_broken.sql"), "{err}");
        assert_eq!(schema_version(&conn).unwrap(), 0);
        assert!(tables(&conn).is_empty(), "{:?}", tables(&conn));
        // The real list still applies afterwards.
        migrate(&mut conn).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn a_newer_file_is_refused_and_left_alone() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(
            matches!(err, StoreError::NewerSchema { found, known } if found == SCHEMA_VERSION + 1 && known == SCHEMA_VERSION),
            "{err}"
        );
        assert_eq!(schema_version(&conn).unwrap(), SCHEMA_VERSION + 1);
        assert!(tables(&conn).is_empty());
    }
}
