//! [`Store`]: opening the counter's database file and every operation on attendances.
//!
//! Each mutating operation follows one pattern, so each is as safe as the others: take the write lock
//! (`BEGIN IMMEDIATE`), load the attendance, apply the change through the core's rules, write the
//! attendance back, append one outbox row, commit. Any error on the way drops the transaction, which
//! rolls back: a refused or failed action leaves no trace, not even an outbox row.
//!
//! The attendance is written back whole (its row, and its service lines replaced). An attendance has a
//! handful of lines, so this costs nothing measurable next to the `fsync` of the commit, and it means
//! there is exactly one way an attendance reaches the disk.

use crate::StoreError;
use crate::migrate::{self, SCHEMA_VERSION};
use crate::outbox::{OutboxEntry, Snapshot, kind};
pub(crate) use crate::rows::{read, write};
use balcao_core::attendance::{
    Attendance, AttendanceError, Citizen, MirrorUsage, Origin, Outcome, ServiceLine, UtcMillis,
};
use balcao_core::text::Lang;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use std::path::Path;
use std::time::Duration;
use uuid::{ContextV7, Timestamp, Uuid};

/// How long an operation waits for another connection's write lock before failing with
/// [`StoreError::Locked`].
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(2);

/// The counter's database: one SQLite file, one connection.
///
/// Not `Sync`: one thread owns it (the app's UI thread, or a worker it talks to).
#[derive(Debug)]
pub struct Store {
    pub(crate) conn: Connection,
    /// Keeps UUIDv7s made within the same millisecond in increasing order.
    pub(crate) uuids: ContextV7,
    /// Signs every audit entry ([`Store::set_audit_key`]); `None` until the app gives one.
    pub(crate) audit_key: Option<balcao_audit::DeviceKey>,
    /// The spot's clock ([`Store::set_time_zone`]): the year of a receipt number, and the times in
    /// messages, are read on it.
    pub(crate) zone: balcao_core::time::SpotZone,
    /// Seals the citizen's identification at rest ([`Store::set_vault`], `crate::seal`); `None`
    /// until the app gives the key.
    pub(crate) vault: Option<balcao_vault::Vault>,
}

impl Store {
    /// Sets the spot's time zone (from the configuration; `Europe/Lisbon` until then): receipt,
    /// cancellation and closing numbers take the year on this clock, so an Azorean receipt at 23:30
    /// on 31 December belongs to the year it says.
    pub fn set_time_zone(&mut self, zone: balcao_core::time::SpotZone) {
        self.zone = zone;
    }

    /// Opens (or creates) the database file at `path`: checks it (`PRAGMA quick_check`; a damaged or
    /// foreign file is [`StoreError::Corrupt`]), refuses one from a newer Balcão
    /// ([`StoreError::NewerSchema`]), sets WAL mode, `synchronous=FULL`, foreign keys and a busy
    /// timeout of [`DEFAULT_BUSY_TIMEOUT`], and applies pending migrations.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Self::setup(Connection::open(path)?)
    }

    /// A store in memory, for tests: the same schema and rules, no file.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(mut conn: Connection) -> Result<Store, StoreError> {
        conn.busy_timeout(DEFAULT_BUSY_TIMEOUT)?;
        // Check before writing anything (switching to WAL writes the header): a damaged file is
        // left exactly as found, for IT support to recover.
        quick_check(&conn)?;
        let found = migrate::schema_version(&conn)?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                found,
                known: SCHEMA_VERSION,
            });
        }
        // WAL: a commit is one append and one fsync, and readers never block the writer. FULL: the
        // WAL is synced on every commit, so a committed attendance survives a power cut.
        let _mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // What is deleted or overwritten (a citizen's identification, erased by `purge`) is zeroed in
        // the file, not left in a free page for anyone with a copy of it.
        conn.pragma_update(None, "secure_delete", "ON")?;
        migrate::migrate(&mut conn)?;
        Ok(Store {
            conn,
            uuids: ContextV7::new(),
            audit_key: None,
            zone: balcao_core::time::SpotZone::lisbon(),
            vault: None,
        })
    }

    /// Changes how long operations wait for another connection's lock (default
    /// [`DEFAULT_BUSY_TIMEOUT`]).
    pub fn set_busy_timeout(&self, timeout: Duration) -> Result<(), StoreError> {
        Ok(self.conn.busy_timeout(timeout)?)
    }

    /// Begins an attendance at `now`, with a new UUIDv7 id. Refused with [`StoreError::AlreadyOpen`]
    /// while another attendance is open (restore it with [`Store::open_attendance`] and end it).
    /// Outbox kind `attendance.started`.
    pub fn begin_attendance(&mut self, origin: Origin, now: UtcMillis) -> Result<Attendance, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let record = start_in(
            &tx,
            &self.uuids,
            self.audit_key.as_ref(),
            self.vault.as_ref(),
            origin,
            now,
        )?;
        tx.commit()?;
        Ok(record.attendance)
    }

    /// Records the citizen's identification and when they consented to give it (`None`: not asked,
    /// or declined). A citizen with every field empty is stored as no citizen. Outbox kind
    /// `attendance.citizen`.
    pub fn set_citizen(
        &mut self,
        id: &str,
        citizen: Citizen,
        consent_at: Option<UtcMillis>,
        now: UtcMillis,
    ) -> Result<Attendance, StoreError> {
        self.change(id, kind::ATTENDANCE_CITIZEN, now, |r| {
            ensure_open(&r.attendance)?;
            r.attendance.citizen = normalise(citizen);
            r.consent_at = consent_at;
            Ok(())
        })
        .map(|(_, a)| a)
    }

    /// Sets the language the attendance is held in. Outbox kind `attendance.lang`.
    pub fn set_lang(&mut self, id: &str, lang: Lang, now: UtcMillis) -> Result<Attendance, StoreError> {
        self.change(id, kind::ATTENDANCE_LANG, now, |r| {
            ensure_open(&r.attendance)?;
            r.lang = lang;
            Ok(())
        })
        .map(|(_, a)| a)
    }

    /// Adds a service line and returns its index. Outbox kind `line.added`.
    pub fn add_service(&mut self, id: &str, service_id: &str, now: UtcMillis) -> Result<usize, StoreError> {
        self.change(id, kind::LINE_ADDED, now, |r| {
            Ok(r.attendance.add_service(service_id, now)?)
        })
        .map(|(index, _)| index)
    }

    /// Records the step of the guião line `line` is on (0-based). Outbox kind `line.step`.
    pub fn set_step(
        &mut self,
        id: &str,
        line: usize,
        step: usize,
        now: UtcMillis,
    ) -> Result<Attendance, StoreError> {
        self.change(id, kind::LINE_STEP, now, |r| {
            line_mut(&mut r.attendance, line)?.current_step = step;
            Ok(())
        })
        .map(|(_, a)| a)
    }

    /// Records which required documents of line `line` were checked as present (indexes into the
    /// service's document list, kept in the order given). Outbox kind `line.documents`.
    pub fn set_documents(
        &mut self,
        id: &str,
        line: usize,
        documents: Vec<usize>,
        now: UtcMillis,
    ) -> Result<Attendance, StoreError> {
        self.change(id, kind::LINE_DOCUMENTS, now, |r| {
            line_mut(&mut r.attendance, line)?.documents_checked = documents;
            Ok(())
        })
        .map(|(_, a)| a)
    }

    /// Sets the outcome of line `line` (the core refuses an outcome without its detail). Outbox kind
    /// `line.outcome`; a final outcome also closes the follow-up the line answers (`followup.closed`).
    /// A *pendente* outcome with its follow-up is [`Store::set_pending`].
    pub fn set_outcome(
        &mut self,
        id: &str,
        line: usize,
        outcome: Outcome,
        now: UtcMillis,
    ) -> Result<Attendance, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut record = read(&tx, self.vault.as_ref(), id)?;
        let closing = balcao_core::followup::closing_slug(&outcome);
        record.attendance.set_outcome(line, outcome, now)?;
        write(&tx, self.vault.as_ref(), &record)?;
        push_outbox(
            &tx,
            &self.uuids,
            self.audit_key.as_ref(),
            kind::LINE_OUTCOME,
            &record,
            now,
        )?;
        // A final outcome closes the follow-up this line answers: its own (an outcome corrected before
        // the attendance ends) or the one the citizen came back for.
        if let Some(slug) = closing {
            let mediator = record.attendance.origin.mediator.clone();
            crate::followup::close_for_line(
                &tx,
                &self.uuids,
                self.audit_key.as_ref(),
                id,
                line,
                slug,
                &mediator,
                now,
            )?;
        }
        tx.commit()?;
        Ok(record.attendance)
    }

    /// Replaces the mediator's notes on line `line`. Outbox kind `line.notes`.
    pub fn set_line_notes(
        &mut self,
        id: &str,
        line: usize,
        notes: &str,
        now: UtcMillis,
    ) -> Result<Attendance, StoreError> {
        self.change(id, kind::LINE_NOTES, now, |r| {
            line_mut(&mut r.attendance, line)?.notes = notes.to_string();
            Ok(())
        })
        .map(|(_, a)| a)
    }

    /// Replaces the notes on the whole attendance. Outbox kind `attendance.notes`.
    pub fn set_notes(&mut self, id: &str, notes: &str, now: UtcMillis) -> Result<Attendance, StoreError> {
        self.change(id, kind::ATTENDANCE_NOTES, now, |r| {
            ensure_open(&r.attendance)?;
            r.attendance.notes = notes.to_string();
            Ok(())
        })
        .map(|(_, a)| a)
    }

    /// Ends the attendance (the core requires at least one line, every line with an outcome, and an
    /// end not before the start). Outbox kind `attendance.ended`.
    pub fn end_attendance(&mut self, id: &str, now: UtcMillis) -> Result<Attendance, StoreError> {
        self.change(id, kind::ATTENDANCE_ENDED, now, |r| Ok(r.attendance.end(now)?))
            .map(|(_, a)| a)
    }

    /// Ends the attendance `id` as [`Store::end_attendance`] does, recording in the same transaction
    /// (and in the `attendance.ended` record the central receives) how the citizen screen's live
    /// picture was used.
    pub fn end_attendance_with_mirror(
        &mut self,
        id: &str,
        now: UtcMillis,
        mirror: MirrorUsage,
    ) -> Result<Attendance, StoreError> {
        self.change(id, kind::ATTENDANCE_ENDED, now, |r| {
            r.attendance.end(now)?;
            r.mirror = mirror;
            Ok(())
        })
        .map(|(_, a)| a)
    }

    /// The attendance `id` as last written.
    pub fn load(&self, id: &str) -> Result<Attendance, StoreError> {
        self.load_snapshot(id).map(|s| s.attendance)
    }

    /// The attendance `id` with what the store keeps beside it (consent time, language): the same
    /// shape as an outbox payload.
    pub fn load_snapshot(&self, id: &str) -> Result<Snapshot, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        let record = read(&tx, self.vault.as_ref(), id)?;
        tx.finish()?;
        Ok(record)
    }

    /// The attendance not yet ended, if any: after a crash or a power cut, the app restores it.
    pub fn open_attendance(&self) -> Result<Option<Attendance>, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        let open = match open_id(&tx)? {
            Some(id) => Some(read(&tx, self.vault.as_ref(), &id)?.attendance),
            None => None,
        };
        tx.finish()?;
        Ok(open)
    }

    /// Attendances that started in `[from, to)`, oldest first (today's list: from midnight to the
    /// next midnight, in UTC milliseconds).
    pub fn attendances_between(&self, from: UtcMillis, to: UtcMillis) -> Result<Vec<Attendance>, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        let ids: Vec<String> = {
            let mut stmt = tx.prepare_cached(
                "SELECT id FROM attendances WHERE started_at >= ?1 AND started_at < ?2 \
                 ORDER BY started_at, id",
            )?;
            stmt.query_map(params![from.0, to.0], |row| row.get(0))?
                .collect::<Result<_, _>>()?
        };
        let list = ids
            .iter()
            .map(|id| read(&tx, self.vault.as_ref(), id).map(|s| s.attendance))
            .collect::<Result<_, _>>()?;
        tx.finish()?;
        Ok(list)
    }

    /// How many records wait in the outbox.
    pub fn outbox_len(&self) -> Result<u64, StoreError> {
        let count: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM outbox", [], |row| row.get(0))?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// The `n` oldest outbox records, in the order they were written (the sync worker's next batch:
    /// [`Store::outbox_batch`]).
    pub fn outbox_peek(&self, n: usize) -> Result<Vec<OutboxEntry>, StoreError> {
        self.outbox_batch(n)
    }

    /// The one pattern of every change: lock, load, apply `f` (which may refuse), write back, append
    /// one outbox row of `kind`, commit. Returns what `f` returned and the attendance after the change.
    fn change<T>(
        &mut self,
        id: &str,
        kind: &'static str,
        now: UtcMillis,
        f: impl FnOnce(&mut Snapshot) -> Result<T, StoreError>,
    ) -> Result<(T, Attendance), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut record = read(&tx, self.vault.as_ref(), id)?;
        let out = f(&mut record)?;
        write(&tx, self.vault.as_ref(), &record)?;
        push_outbox(&tx, &self.uuids, self.audit_key.as_ref(), kind, &record, now)?;
        tx.commit()?;
        Ok((out, record.attendance))
    }

    #[cfg(test)]
    pub(crate) fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// In `conn`'s transaction: refuses while an attendance is open, else inserts a new one by `origin`
/// at `now` with its `attendance.started` outbox row, and returns it (`begin_attendance`, and
/// `begin_return` which adds its line in the same transaction).
pub(crate) fn start_in(
    conn: &Connection,
    uuids: &ContextV7,
    key: Option<&balcao_audit::DeviceKey>,
    vault: Option<&balcao_vault::Vault>,
    origin: Origin,
    now: UtcMillis,
) -> Result<Snapshot, StoreError> {
    if let Some(id) = open_id(conn)? {
        return Err(StoreError::AlreadyOpen { id });
    }
    let record = Snapshot {
        attendance: Attendance::new(new_uuid(uuids, now), origin, now),
        consent_at: None,
        lang: Lang::Pt,
        mirror: MirrorUsage::default(),
    };
    let a = &record.attendance;
    conn.execute(
        "INSERT INTO attendances (id, spot, counter, mediator, started_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            a.id,
            a.origin.spot,
            a.origin.counter,
            a.origin.mediator,
            a.started_at.0
        ],
    )?;
    write(conn, vault, &record)?;
    push_outbox(conn, uuids, key, kind::ATTENDANCE_STARTED, &record, now)?;
    Ok(record)
}

fn quick_check(conn: &Connection) -> Result<(), StoreError> {
    let mut stmt = conn.prepare("PRAGMA quick_check")?;
    let report: Vec<String> = stmt.query_map([], |row| row.get(0))?.collect::<Result<_, _>>()?;
    if report.len() == 1 && report[0] == "ok" {
        Ok(())
    } else {
        Err(StoreError::Corrupt {
            detail: format!("quick_check: {}", report.join("; ")),
        })
    }
}

/// A UUIDv7 made from the given time (never the system clock). Times before 1970 count as 1970.
pub(crate) fn new_uuid(context: &ContextV7, now: UtcMillis) -> String {
    let millis = u64::try_from(now.0).unwrap_or(0);
    let nanos = u32::try_from((millis % 1000) * 1_000_000).unwrap_or(0);
    Uuid::new_v7(Timestamp::from_unix(context, millis / 1000, nanos)).to_string()
}

/// An index or count as an SQLite integer (every real one fits; a `usize` beyond `i64::MAX` is a bug).
pub(crate) fn int(value: usize, what: &str) -> Result<i64, StoreError> {
    i64::try_from(value).map_err(|_| StoreError::Io {
        detail: format!("{what} {value} is too large to store"),
    })
}

pub(crate) fn ensure_open(a: &Attendance) -> Result<(), AttendanceError> {
    if a.is_open() {
        Ok(())
    } else {
        Err(AttendanceError::AlreadyEnded)
    }
}

fn line_mut(a: &mut Attendance, index: usize) -> Result<&mut ServiceLine, AttendanceError> {
    ensure_open(a)?;
    a.lines
        .get_mut(index)
        .ok_or(AttendanceError::NoSuchLine { index })
}

/// An identification with nothing in it is no identification.
pub(crate) fn normalise(citizen: Citizen) -> Option<Citizen> {
    if citizen == Citizen::default() {
        None
    } else {
        Some(citizen)
    }
}

pub(crate) fn open_id(conn: &Connection) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT id FROM attendances WHERE ended_at IS NULL ORDER BY started_at LIMIT 1",
            [],
            |row| row.get(0),
        )
        .optional()?)
}

pub(crate) fn push_outbox(
    conn: &Connection,
    uuids: &ContextV7,
    key: Option<&balcao_audit::DeviceKey>,
    kind: &'static str,
    record: &Snapshot,
    now: UtcMillis,
) -> Result<(), StoreError> {
    let payload = serde_json::to_string(record).map_err(|e| StoreError::Io {
        detail: format!("cannot encode the outbox payload: {e}"),
    })?;
    let a = &record.attendance;
    crate::audit::push_record(conn, uuids, key, kind, &a.id, &payload, &a.origin.mediator, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin {
        Origin {
            spot: "EC-0001".into(),
            counter: "1".into(),
            mediator: "ana".into(),
        }
    }

    /// A folder unique to this test, removed when dropped (the workspace has no `tempfile`).
    struct TempDir(std::path::PathBuf);

    impl TempDir {
        fn new(test: &str) -> Self {
            let path = std::env::temp_dir().join(format!("balcao-store-unit-{test}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&path);
            std::fs::create_dir_all(&path).unwrap();
            Self(path)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn a_full_disk_is_reported_and_earlier_records_survive() {
        let dir = TempDir::new("disk-full");
        let path = dir.0.join("balcao.sqlite3");
        let mut store = Store::open(&path).unwrap();
        let a = store.begin_attendance(origin(), UtcMillis(0)).unwrap();
        store.add_service(&a.id, "s", UtcMillis(1)).unwrap();
        // Simulate a full disk: the file may grow by only a few pages.
        let pages: i64 = store
            .connection()
            .pragma_query_value(None, "page_count", |r| r.get(0))
            .unwrap();
        store
            .connection()
            .pragma_update(None, "max_page_count", pages + 4)
            .unwrap();

        let mut saved = 0;
        let mut last_saved = String::new();
        let err = loop {
            let notes = format!("{saved}: {}", "ª nota longa ".repeat(300));
            match store.set_notes(&a.id, &notes, UtcMillis(10 + saved)) {
                Ok(_) => {
                    saved += 1;
                    last_saved = notes;
                }
                Err(e) => break e,
            }
            assert!(saved < 1000, "the page limit never bit");
        };
        assert!(matches!(err, StoreError::DiskFull), "{err:?}");
        assert!(saved >= 1, "at least one change fitted before the limit");

        // Still readable, nothing half-written: the last change that succeeded is there, whole.
        let expected_outbox = 2 + u64::try_from(saved).unwrap();
        assert_eq!(store.outbox_len().unwrap(), expected_outbox);
        assert_eq!(store.load(&a.id).unwrap().notes, last_saved);
        // Other operations fail the same way rather than half-succeeding.
        assert!(matches!(
            store.set_notes(&a.id, &"x".repeat(50_000), UtcMillis(5000)),
            Err(StoreError::DiskFull)
        ));
        drop(store);

        // Space freed (a new connection has no page limit): everything is there and the file is sound.
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.outbox_len().unwrap(), expected_outbox);
        assert_eq!(store.open_attendance().unwrap().unwrap().notes, last_saved);
        store.set_step(&a.id, 0, 1, UtcMillis(6000)).unwrap();
    }

    #[test]
    fn uuids_come_from_the_time_given_and_stay_ordered_within_a_millisecond() {
        let ctx = ContextV7::new();
        let ids: Vec<String> = (0..50)
            .map(|_| new_uuid(&ctx, UtcMillis(1_700_000_000_123)))
            .collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, ids);
        let uuid = Uuid::parse_str(&ids[0]).unwrap();
        let (secs, nanos) = uuid.get_timestamp().unwrap().to_unix();
        assert_eq!((secs, nanos / 1_000_000), (1_700_000_000, 123));
        // A time before 1970 (a broken clock) still gives a valid, unique id.
        let early = new_uuid(&ctx, UtcMillis(-5));
        assert_eq!(Uuid::parse_str(&early).unwrap().get_version_num(), 7);
        assert!(!ids.contains(&early));
    }
}
