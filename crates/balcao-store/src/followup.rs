//! Follow-ups: services left *pendente*, kept across days until their final outcome.
//!
//! The rules are the core's (`balcao_core::followup`); this module keeps them. Each change is one
//! transaction with its outbox row, like every other change:
//!
//! - [`Store::set_pending`] sets a line's outcome to *pendente* and opens (or, when the mediator
//!   corrects it, updates) the line's follow-up: `line.outcome` and `followup.opened`;
//! - [`Store::begin_return`] begins the attendance of the citizen's return visit with the same service
//!   and links it to the follow-up: `attendance.started`, `line.added`;
//! - a final outcome of that line (or of the original line, corrected before the attendance ends)
//!   closes the follow-up in `Store::set_outcome`'s transaction: `followup.closed`;
//! - [`Store::close_followup`] closes one directly, when the answer came by other means.
//!
//! The outbox rows carry what the coordination counts (the service, the due day, the contact's kind,
//! the outcome) and never what is awaited, which stays in the line's outcome on the counter.

use crate::StoreError;
use crate::outbox::kind;
use crate::store::{Store, new_uuid, push_outbox, read, start_in, write};
use balcao_core::attendance::{Attendance, Origin, Outcome, UtcMillis};
use balcao_core::followup::{self, Day, FollowUp, FollowUpError, Notify};
use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};
use serde_json::json;
use uuid::ContextV7;

const SELECT_FOLLOWUP: &str = "SELECT f.id, f.attendance_id, f.line, f.service_id, f.due_on, f.notify, \
     f.opened_at, f.closed_at, f.outcome, f.linked_attendance_id FROM followups f";

/// A follow-up with what the mediator's list shows beside it, read from its attendance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpItem {
    /// The follow-up (its `awaiting` read from the line's outcome).
    pub followup: FollowUp,
    /// The citizen's name, if they gave it (the list is on the mediator's screen only).
    pub citizen_name: Option<String>,
    /// The citizen's phone, if given and they want to be called.
    pub phone: Option<String>,
    /// The citizen's e-mail, if given and they want an e-mail.
    pub email: Option<String>,
}

impl Store {
    /// Sets line `line` of the open attendance `id` *pendente*, awaiting `awaiting`, and opens its
    /// follow-up due on `due_on` with the citizen told by `notify`. The due day is checked against
    /// the spot's today (not in the past, at most a year ahead). Setting it again updates the same
    /// follow-up. Outbox kinds `line.outcome` and `followup.opened`.
    pub fn set_pending(
        &mut self,
        id: &str,
        line: usize,
        awaiting: &str,
        due_on: Day,
        notify: Notify,
        now: UtcMillis,
    ) -> Result<(Attendance, FollowUp), StoreError> {
        followup::check_due(due_on, Day::at(&self.zone, now))?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut record = read(&tx, self.vault.as_ref(), id)?;
        let outcome = Outcome::Pendente {
            awaiting: awaiting.to_owned(),
        };
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
        let service_id = record
            .attendance
            .lines
            .get(line)
            .map(|l| l.service_id.clone())
            .unwrap_or_default();
        let line_i = i64::try_from(line).unwrap_or(i64::MAX);
        // The line's own follow-up (the outcome corrected), or the one this return visit answers
        // (still awaited: the same promise with a new day), is updated rather than doubled.
        let fid = match of_line(&tx, id, line)?.map(|f| f.id) {
            Some(fid) => {
                tx.execute(
                    "UPDATE followups SET due_on = ?2, notify = ?3, closed_at = NULL, outcome = NULL \
                     WHERE id = ?1",
                    params![fid, due_on.key(), notify.slug()],
                )?;
                fid
            }
            None => {
                let fid = new_uuid(&self.uuids, now);
                tx.execute(
                    "INSERT INTO followups (id, attendance_id, line, service_id, due_on, notify, opened_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![fid, id, line_i, service_id, due_on.key(), notify.slug(), now.0],
                )?;
                fid
            }
        };
        let f = by_id(&tx, &fid)?;
        let payload = json!({
            "id": f.id,
            "attendance_id": f.attendance_id,
            "line": f.line,
            "service_id": f.service_id,
            "due_on": f.due_on.key(),
            "notify": f.notify.slug(),
            "opened_at": f.opened_at.0,
        });
        let mediator = record.attendance.origin.mediator.clone();
        crate::audit::push_record(
            &tx,
            &self.uuids,
            self.audit_key.as_ref(),
            kind::FOLLOWUP_OPENED,
            &f.id,
            &payload.to_string(),
            &mediator,
            now,
        )?;
        tx.commit()?;
        let mut f = f;
        f.awaiting = awaiting.to_owned();
        Ok((record.attendance, f))
    }

    /// Begins the attendance of the citizen's return for follow-up `followup_id`: a new attendance by
    /// `origin` with one line of the same service, linked to the follow-up so that the line's final
    /// outcome closes it. Refused while another attendance is open, or when the follow-up is closed.
    /// Outbox kinds `attendance.started` and `line.added`, in one transaction.
    pub fn begin_return(
        &mut self,
        followup_id: &str,
        origin: Origin,
        now: UtcMillis,
    ) -> Result<Attendance, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let f = by_id(&tx, followup_id)?;
        if !f.is_open() {
            return Err(FollowUpError::AlreadyClosed.into());
        }
        let mut record = start_in(
            &tx,
            &self.uuids,
            self.audit_key.as_ref(),
            self.vault.as_ref(),
            origin,
            now,
        )?;
        let line = record.attendance.add_service(&f.service_id, now)?;
        write(&tx, self.vault.as_ref(), &record)?;
        push_outbox(
            &tx,
            &self.uuids,
            self.audit_key.as_ref(),
            kind::LINE_ADDED,
            &record,
            now,
        )?;
        tx.execute(
            "UPDATE followups SET linked_attendance_id = ?2, linked_line = ?3 WHERE id = ?1",
            params![
                f.id,
                record.attendance.id,
                i64::try_from(line).unwrap_or(i64::MAX)
            ],
        )?;
        tx.commit()?;
        Ok(record.attendance)
    }

    /// Closes follow-up `followup_id` directly with the final `outcome` (the answer came by phone, the
    /// citizen gave up): no return visit. Refused when already closed, or when `outcome` is not final.
    /// Outbox kind `followup.closed`.
    pub fn close_followup(
        &mut self,
        followup_id: &str,
        outcome: &Outcome,
        mediator: &str,
        now: UtcMillis,
    ) -> Result<FollowUp, StoreError> {
        let slug = followup::closing_slug(outcome).ok_or(FollowUpError::NotPending)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let f = by_id(&tx, followup_id)?;
        if !f.is_open() {
            return Err(FollowUpError::AlreadyClosed.into());
        }
        close(&tx, &self.uuids, self.audit_key.as_ref(), &f, slug, mediator, now)?;
        let closed = by_id(&tx, followup_id)?;
        tx.commit()?;
        Ok(closed)
    }

    /// The open follow-ups, earliest due first, with what the mediator's list shows.
    pub fn open_followups(&self) -> Result<Vec<FollowUpItem>, StoreError> {
        let mut list = {
            let mut stmt = self
                .conn
                .prepare_cached(&format!("{SELECT_FOLLOWUP} WHERE f.closed_at IS NULL"))?;
            stmt.query_map([], raw)?.collect::<Result<Vec<_>, _>>()?
        }
        .into_iter()
        .map(RawFollowUp::decode)
        .collect::<Result<Vec<_>, _>>()?;
        followup::sort_for_list(&mut list);
        list.into_iter().map(|f| self.item(f)).collect()
    }

    /// One follow-up, with what the list shows.
    pub fn followup(&self, id: &str) -> Result<FollowUpItem, StoreError> {
        let f = by_id(&self.conn, id)?;
        self.item(f)
    }

    /// The follow-up the line `line` of attendance `attendance_id` answers (its own, or the one it is
    /// the return visit for), if any.
    pub fn followup_of_line(&self, attendance_id: &str, line: usize) -> Result<Option<FollowUp>, StoreError> {
        of_line(&self.conn, attendance_id, line)
    }

    fn item(&self, mut f: FollowUp) -> Result<FollowUpItem, StoreError> {
        let snapshot = read(&self.conn, self.vault.as_ref(), &f.attendance_id)?;
        if let Some(Some(Outcome::Pendente { awaiting })) =
            snapshot.attendance.lines.get(f.line).map(|l| l.outcome.clone())
        {
            f.awaiting = awaiting;
        }
        let citizen = snapshot.attendance.citizen.unwrap_or_default();
        Ok(FollowUpItem {
            citizen_name: citizen.name,
            phone: citizen.phone.filter(|_| f.notify == Notify::Phone),
            email: citizen.email.filter(|_| f.notify == Notify::Email),
            followup: f,
        })
    }
}

/// Closes, in `conn`'s transaction, the open follow-up that line `line` of attendance `attendance_id`
/// answers, with `slug`; nothing when there is none.
#[allow(clippy::too_many_arguments)]
pub(crate) fn close_for_line(
    conn: &Connection,
    uuids: &ContextV7,
    key: Option<&balcao_audit::DeviceKey>,
    attendance_id: &str,
    line: usize,
    slug: &str,
    mediator: &str,
    now: UtcMillis,
) -> Result<(), StoreError> {
    match of_line(conn, attendance_id, line)? {
        Some(f) if f.is_open() => close(conn, uuids, key, &f, slug, mediator, now),
        _ => Ok(()),
    }
}

fn of_line(conn: &Connection, attendance_id: &str, line: usize) -> Result<Option<FollowUp>, StoreError> {
    let line = i64::try_from(line).unwrap_or(i64::MAX);
    let found = conn
        .prepare_cached(&format!(
            "{SELECT_FOLLOWUP} WHERE (f.attendance_id = ?1 AND f.line = ?2) \
             OR (f.linked_attendance_id = ?1 AND f.linked_line = ?2) ORDER BY f.closed_at IS NULL DESC LIMIT 1"
        ))?
        .query_row(params![attendance_id, line], raw)
        .optional()?;
    found.map(RawFollowUp::decode).transpose()
}

fn close(
    conn: &Connection,
    uuids: &ContextV7,
    key: Option<&balcao_audit::DeviceKey>,
    f: &FollowUp,
    slug: &str,
    mediator: &str,
    now: UtcMillis,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE followups SET closed_at = ?2, outcome = ?3 WHERE id = ?1",
        params![f.id, now.0, slug],
    )?;
    let payload = json!({
        "id": f.id,
        "service_id": f.service_id,
        "due_on": f.due_on.key(),
        "outcome": slug,
        "closed_at": now.0,
        "linked_attendance_id": f.linked_attendance_id,
    });
    crate::audit::push_record(
        conn,
        uuids,
        key,
        kind::FOLLOWUP_CLOSED,
        &f.id,
        &payload.to_string(),
        mediator,
        now,
    )
}

fn by_id(conn: &Connection, id: &str) -> Result<FollowUp, StoreError> {
    conn.prepare_cached(&format!("{SELECT_FOLLOWUP} WHERE f.id = ?1"))?
        .query_row([id], raw)
        .optional()?
        .ok_or(StoreError::FollowUp(FollowUpError::NotFound))?
        .decode()
}

/// A row as stored, before its day and contact are parsed.
struct RawFollowUp {
    id: String,
    attendance_id: String,
    line: i64,
    service_id: String,
    due_on: String,
    notify: String,
    opened_at: i64,
    closed_at: Option<i64>,
    outcome: Option<String>,
    linked_attendance_id: Option<String>,
}

fn raw(row: &Row<'_>) -> rusqlite::Result<RawFollowUp> {
    Ok(RawFollowUp {
        id: row.get(0)?,
        attendance_id: row.get(1)?,
        line: row.get(2)?,
        service_id: row.get(3)?,
        due_on: row.get(4)?,
        notify: row.get(5)?,
        opened_at: row.get(6)?,
        closed_at: row.get(7)?,
        outcome: row.get(8)?,
        linked_attendance_id: row.get(9)?,
    })
}

impl RawFollowUp {
    fn decode(self) -> Result<FollowUp, StoreError> {
        let corrupt = |what: &str| StoreError::Corrupt {
            detail: format!("follow-up {}: {what}", self.id),
        };
        Ok(FollowUp {
            due_on: Day::parse(&self.due_on).ok_or_else(|| corrupt("due_on is not a date"))?,
            notify: Notify::from_slug(&self.notify).ok_or_else(|| corrupt("unknown notify"))?,
            line: usize::try_from(self.line).map_err(|_| corrupt("negative line"))?,
            awaiting: String::new(),
            opened_at: UtcMillis(self.opened_at),
            closed_at: self.closed_at.map(UtcMillis),
            id: self.id,
            attendance_id: self.attendance_id,
            service_id: self.service_id,
            outcome: self.outcome,
            linked_attendance_id: self.linked_attendance_id,
        })
    }
}
