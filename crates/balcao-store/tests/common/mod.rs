//! Helpers shared by the store's integration tests: a throw-away folder per test (the workspace has no
//! `tempfile`), the counter's origin, and the times tests pass in (the store reads no clock).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use balcao_core::attendance::{Origin, UtcMillis};
use std::path::{Path, PathBuf};

/// A folder under the system's temp dir, unique to one test of one run, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(test: &str) -> Self {
        let path = std::env::temp_dir().join(format!("balcao-store-test-{test}-{}", std::process::id()));
        // A leftover from an earlier run that reused this process id.
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Self(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// The database file the test uses.
    pub fn db(&self) -> PathBuf {
        self.0.join("balcao.sqlite3")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn origin() -> Origin {
    Origin {
        spot: "EC-0427".into(),
        counter: "2".into(),
        mediator: "ana.sousa".into(),
    }
}

/// 2026-03-02T09:00:00Z plus `seconds`.
pub fn t(seconds: i64) -> UtcMillis {
    UtcMillis(1_772_442_000_000 + seconds * 1000)
}

/// The names of the user tables in a database.
pub fn tables(conn: &rusqlite::Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             ORDER BY name",
        )
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The column names of a table.
pub fn columns(conn: &rusqlite::Connection, table: &str) -> Vec<String> {
    let mut stmt = conn
        .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

pub fn user_version(conn: &rusqlite::Connection) -> i64 {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}
