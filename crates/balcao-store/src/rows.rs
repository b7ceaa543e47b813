//! How an attendance is written to and read from its two tables (`attendances`, `service_lines`),
//! sealing and opening the citizen's identification and the free text on the way (`crate::seal`).
//!
//! There is exactly one way in and one way out: every change writes the attendance back whole
//! ([`write`]) and every reader loads it whole ([`read`]), so a row is never half of an attendance.

use crate::StoreError;
use crate::outbox::Snapshot;
use crate::seal::Seal;
use crate::store::{int, normalise};
use balcao_core::attendance::{Attendance, Citizen, MirrorUsage, Origin, Outcome, ServiceLine, UtcMillis};
use balcao_core::text::Lang;
use rusqlite::{Connection, OptionalExtension, Row, params};

const SELECT_ATTENDANCE: &str = "SELECT id, spot, counter, mediator, started_at, ended_at, name, \
     nif, cc_number, phone, email, notes, lang, consent_at, mirror_live_seconds, mirror_paused_seconds, \
     mirror_pauses FROM attendances WHERE id = ?1";

/// Writes an existing attendance back whole: its row, then its lines.
pub(crate) fn write(
    conn: &Connection,
    vault: Option<&balcao_vault::Vault>,
    record: &Snapshot,
) -> Result<(), StoreError> {
    let a = &record.attendance;
    let c = a.citizen.clone().unwrap_or_default();
    let seal = Seal::attendance(vault, &a.id);
    let updated = conn
        .prepare_cached(
            "UPDATE attendances SET spot = ?2, counter = ?3, mediator = ?4, started_at = ?5, \
             ended_at = ?6, name = ?7, nif = ?8, cc_number = ?9, phone = ?10, email = ?11, \
             notes = ?12, lang = ?13, consent_at = ?14, mirror_live_seconds = ?15, \
             mirror_paused_seconds = ?16, mirror_pauses = ?17, nif_hash = ?18, cc_hash = ?19 WHERE id = ?1",
        )?
        .execute(params![
            a.id,
            a.origin.spot,
            a.origin.counter,
            a.origin.mediator,
            a.started_at.0,
            a.ended_at.map(|t| t.0),
            seal.seal_opt("name", c.name.as_deref())?,
            seal.seal_opt("nif", c.nif.as_deref())?,
            seal.seal_opt("cc_number", c.cc_number.as_deref())?,
            seal.seal_opt("phone", c.phone.as_deref())?,
            seal.seal_opt("email", c.email.as_deref())?,
            seal.seal("notes", &a.notes)?,
            record.lang.tag(),
            record.consent_at.map(|t| t.0),
            record.mirror.live_seconds,
            record.mirror.paused_seconds,
            record.mirror.pauses,
            crate::seal::lookup(vault, "nif", c.nif.as_deref())?,
            crate::seal::lookup(vault, "cc", c.cc_number.as_deref())?,
        ])?;
    if updated != 1 {
        return Err(StoreError::NotFound { id: a.id.clone() });
    }
    conn.prepare_cached("DELETE FROM service_lines WHERE attendance_id = ?1")?
        .execute([&a.id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO service_lines (attendance_id, position, service_id, started_at, ended_at, \
         current_step, documents_checked, outcome_kind, outcome_detail, notes) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (position, line) in a.lines.iter().enumerate() {
        let documents = serde_json::to_string(&line.documents_checked).map_err(|e| StoreError::Io {
            detail: format!("cannot encode the documents checked: {e}"),
        })?;
        let (outcome_kind, outcome_detail) = match &line.outcome {
            None => (None, None),
            Some(o @ Outcome::Concluido) => (Some(o.slug()), None),
            Some(o @ Outcome::Pendente { awaiting: d })
            | Some(o @ Outcome::Encaminhado { to: d })
            | Some(o @ Outcome::NaoFoiPossivel { reason: d }) => (Some(o.slug()), Some(d.as_str())),
        };
        let position = int(position, "line position")?;
        let seal = Seal::line(vault, &a.id, position);
        insert.execute(params![
            a.id,
            position,
            line.service_id,
            line.started_at.0,
            line.ended_at.map(|t| t.0),
            int(line.current_step, "step")?,
            documents,
            outcome_kind,
            seal.seal_opt("outcome_detail", outcome_detail)?,
            seal.seal("notes", &line.notes)?,
        ])?;
    }
    Ok(())
}

/// Reads an attendance whole, or [`StoreError::NotFound`].
pub(crate) fn read(
    conn: &Connection,
    vault: Option<&balcao_vault::Vault>,
    id: &str,
) -> Result<Snapshot, StoreError> {
    let raw = conn
        .prepare_cached(SELECT_ATTENDANCE)?
        .query_row([id], raw_attendance)
        .optional()?
        .ok_or_else(|| StoreError::NotFound { id: id.to_string() })?;
    let lines = {
        let mut stmt = conn.prepare_cached(
            "SELECT position, service_id, started_at, ended_at, current_step, documents_checked, \
             outcome_kind, outcome_detail, notes FROM service_lines WHERE attendance_id = ?1 \
             ORDER BY position",
        )?;
        let raws: Vec<RawLine> = stmt.query_map([id], raw_line)?.collect::<Result<_, _>>()?;
        raws.into_iter()
            .enumerate()
            .map(|(i, raw)| raw.decode(vault, id, i))
            .collect::<Result<Vec<_>, _>>()?
    };
    raw.decode(vault, lines)
}

/// An attendance row as stored, before the checks that turn it into the core's types.
struct RawAttendance {
    id: String,
    origin: Origin,
    started_at: i64,
    ended_at: Option<i64>,
    citizen: Citizen,
    notes: String,
    lang: String,
    consent_at: Option<i64>,
    mirror: MirrorUsage,
}

fn raw_attendance(row: &Row<'_>) -> rusqlite::Result<RawAttendance> {
    Ok(RawAttendance {
        id: row.get(0)?,
        origin: Origin {
            spot: row.get(1)?,
            counter: row.get(2)?,
            mediator: row.get(3)?,
        },
        started_at: row.get(4)?,
        ended_at: row.get(5)?,
        citizen: Citizen {
            name: row.get(6)?,
            nif: row.get(7)?,
            cc_number: row.get(8)?,
            phone: row.get(9)?,
            email: row.get(10)?,
        },
        notes: row.get(11)?,
        lang: row.get(12)?,
        consent_at: row.get(13)?,
        mirror: MirrorUsage {
            live_seconds: row.get(14)?,
            paused_seconds: row.get(15)?,
            pauses: row.get(16)?,
        },
    })
}

impl RawAttendance {
    fn decode(
        self,
        vault: Option<&balcao_vault::Vault>,
        lines: Vec<ServiceLine>,
    ) -> Result<Snapshot, StoreError> {
        let seal = Seal::attendance(vault, &self.id);
        let citizen = Citizen {
            name: seal.open_opt("name", self.citizen.name),
            nif: seal.open_opt("nif", self.citizen.nif),
            cc_number: seal.open_opt("cc_number", self.citizen.cc_number),
            phone: seal.open_opt("phone", self.citizen.phone),
            email: seal.open_opt("email", self.citizen.email),
        };
        let notes = seal.open("notes", self.notes);
        let lang = match self.lang.as_str() {
            "pt-PT" => Lang::Pt,
            "en" => Lang::En,
            other => {
                return Err(StoreError::Corrupt {
                    detail: format!("attendance {}: unknown language {other:?}", self.id),
                });
            }
        };
        Ok(Snapshot {
            attendance: Attendance {
                id: self.id,
                origin: self.origin,
                started_at: UtcMillis(self.started_at),
                ended_at: self.ended_at.map(UtcMillis),
                citizen: normalise(citizen),
                lines,
                notes,
            },
            consent_at: self.consent_at.map(UtcMillis),
            lang,
            mirror: self.mirror,
        })
    }
}

/// A service line row as stored.
struct RawLine {
    position: i64,
    service_id: String,
    started_at: i64,
    ended_at: Option<i64>,
    current_step: i64,
    documents_checked: String,
    outcome_kind: Option<String>,
    outcome_detail: Option<String>,
    notes: String,
}

fn raw_line(row: &Row<'_>) -> rusqlite::Result<RawLine> {
    Ok(RawLine {
        position: row.get(0)?,
        service_id: row.get(1)?,
        started_at: row.get(2)?,
        ended_at: row.get(3)?,
        current_step: row.get(4)?,
        documents_checked: row.get(5)?,
        outcome_kind: row.get(6)?,
        outcome_detail: row.get(7)?,
        notes: row.get(8)?,
    })
}

impl RawLine {
    fn decode(
        self,
        vault: Option<&balcao_vault::Vault>,
        id: &str,
        expected_position: usize,
    ) -> Result<ServiceLine, StoreError> {
        let seal = Seal::line(vault, id, self.position);
        let corrupt = |what: String| StoreError::Corrupt {
            detail: format!("attendance {id}, line {}: {what}", self.position),
        };
        if usize::try_from(self.position).ok() != Some(expected_position) {
            return Err(corrupt(format!("expected position {expected_position}")));
        }
        let current_step =
            usize::try_from(self.current_step).map_err(|_| corrupt(format!("step {}", self.current_step)))?;
        let documents_checked: Vec<usize> = serde_json::from_str(&self.documents_checked)
            .map_err(|e| corrupt(format!("documents_checked: {e}")))?;
        let detail = seal.open("outcome_detail", self.outcome_detail.clone().unwrap_or_default());
        let outcome = match self.outcome_kind.as_deref() {
            None => None,
            Some("concluido") => Some(Outcome::Concluido),
            Some("pendente") => Some(Outcome::Pendente { awaiting: detail }),
            Some("encaminhado") => Some(Outcome::Encaminhado { to: detail }),
            Some("nao-foi-possivel") => Some(Outcome::NaoFoiPossivel { reason: detail }),
            Some(other) => return Err(corrupt(format!("unknown outcome {other:?}"))),
        };
        Ok(ServiceLine {
            service_id: self.service_id,
            started_at: UtcMillis(self.started_at),
            ended_at: self.ended_at.map(UtcMillis),
            current_step,
            documents_checked,
            outcome,
            notes: seal.open("notes", self.notes),
        })
    }
}
