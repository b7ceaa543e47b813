//! EC-FI in the store: cash sessions, payments with gapless receipt numbers, cancellations, closings.
//!
//! # Gapless numbering, even across a crash
//!
//! A receipt number is never reused or skipped. The number is taken from `number_series` **in the same
//! transaction** that inserts the payment (or the cancellation, or the closing) and its outbox row. A
//! crash before the commit rolls all of it back, number included, so the next payment gets the same
//! number and nothing was issued with it; a crash after the commit keeps all of it (WAL with
//! `synchronous=FULL`). There is no moment at which a number exists without its document or a document
//! without its number. `tests/cash_crash.rs` kills a writing process at random points to check this.
//!
//! # Final records
//!
//! Payments and cancellations are only ever inserted; a closed session never changes. Migration 0003
//! enforces this with triggers, so the rule holds whatever program writes to the file; the triggers'
//! refusals arrive as [`StoreError::Immutable`] and [`StoreError::SessionClosed`].
//!
//! # The outbox
//!
//! Each operation writes one outbox row (kinds `cash.session-opened`, `cash.payment`,
//! `cash.cancellation`, `cash.session-closed`) carrying the whole record as JSON, so payments travel to
//! the central exactly like attendances do: once, by their UUIDv7. The row's `attendance_id` column
//! holds the attendance for payments and cancellations, and the session id for sessions and closings.

use crate::StoreError;
use crate::outbox::kind;
use crate::store::{Store, new_uuid};
use balcao_core::attendance::{Origin, UtcMillis};
use balcao_core::cash::{self, Closing, PaymentMethod, PerMethod, Takings};
use balcao_core::money::Money;
use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

/// A counter's cash session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashSession {
    /// UUIDv7.
    pub id: String,
    /// The spot, counter and mediator that opened it.
    pub origin: Origin,
    /// When it was opened.
    pub opened_at: UtcMillis,
    /// The cash in the drawer at opening.
    pub opening_float: Money,
    /// When it was closed.
    pub closed_at: Option<UtcMillis>,
    /// The closing report's number, once closed.
    pub closing_number: Option<String>,
}

/// A payment to record: which service line it settles, the fee, and how it was paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPayment {
    /// The attendance.
    pub attendance_id: String,
    /// The service line within it (0-based).
    pub line: usize,
    /// The catalogue service.
    pub service_id: String,
    /// The entity on whose behalf the fee is collected.
    pub entity_id: String,
    /// The fee variant (`normal`, `urgente`, …).
    pub variant: String,
    /// The fee, from the catalogue.
    pub fee: Money,
    /// How it was paid.
    pub method: PaymentMethod,
}

/// A recorded payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// UUIDv7.
    pub id: String,
    /// The cash session it belongs to.
    pub session_id: String,
    /// The attendance.
    pub attendance_id: String,
    /// The service line (0-based).
    pub line: usize,
    /// The catalogue service.
    pub service_id: String,
    /// The entity on whose behalf it was collected.
    pub entity_id: String,
    /// The fee variant.
    pub variant: String,
    /// The fee.
    pub fee: Money,
    /// What entered the accounts (zero for an exemption).
    pub collected: Money,
    /// The change handed back.
    pub change: Money,
    /// How it was paid.
    pub method: PaymentMethod,
    /// The receipt's number, e.g. `EC-0420-1-2026/000123`.
    pub receipt_number: String,
    /// When it was recorded.
    pub created_at: UtcMillis,
}

/// A cancelling record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cancellation {
    /// UUIDv7.
    pub id: String,
    /// The payment it cancels.
    pub payment_id: String,
    /// The session it was made in.
    pub session_id: String,
    /// Why.
    pub reason: String,
    /// Its own number, in the same series as receipts.
    pub receipt_number: String,
    /// When it was made.
    pub created_at: UtcMillis,
}

/// A payment and, if it was cancelled, its cancellation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentEntry {
    /// The payment.
    pub payment: Payment,
    /// Its cancellation, if any.
    pub cancellation: Option<Cancellation>,
}

/// A closed session's record, as stored and sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosingRecord {
    /// The session, closed.
    pub session: CashSession,
    /// The closing report's number.
    pub number: String,
    /// What each method should have held.
    pub expected: PerMethod,
    /// What was counted.
    pub counted: PerMethod,
    /// Counted minus expected.
    pub difference: PerMethod,
    /// The reason for a difference.
    pub reason: Option<String>,
}

const SELECT_SESSION: &str = "SELECT id, spot, counter, mediator, opened_at, opening_float, closed_at, closing_number FROM cash_sessions";
const SELECT_PAYMENT: &str = "SELECT id, session_id, attendance_id, line, service_id, entity_id, variant, fee, \
     collected, change_given, method_detail, receipt_number, created_at FROM payments";
const SELECT_CANCELLATION: &str =
    "SELECT id, payment_id, session_id, reason, receipt_number, created_at FROM cancellations";

fn session_row(row: &Row<'_>) -> rusqlite::Result<CashSession> {
    Ok(CashSession {
        id: row.get(0)?,
        origin: Origin {
            spot: row.get(1)?,
            counter: row.get(2)?,
            mediator: row.get(3)?,
        },
        opened_at: UtcMillis(row.get(4)?),
        opening_float: Money::from_cents(row.get(5)?),
        closed_at: row.get::<_, Option<i64>>(6)?.map(UtcMillis),
        closing_number: row.get(7)?,
    })
}

fn payment_row(row: &Row<'_>) -> rusqlite::Result<Payment> {
    let detail: String = row.get(10)?;
    let method = serde_json::from_str(&detail).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(10, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(Payment {
        id: row.get(0)?,
        session_id: row.get(1)?,
        attendance_id: row.get(2)?,
        line: usize::try_from(row.get::<_, i64>(3)?).unwrap_or(0),
        service_id: row.get(4)?,
        entity_id: row.get(5)?,
        variant: row.get(6)?,
        fee: Money::from_cents(row.get(7)?),
        collected: Money::from_cents(row.get(8)?),
        change: Money::from_cents(row.get(9)?),
        method,
        receipt_number: row.get(11)?,
        created_at: UtcMillis(row.get(12)?),
    })
}

fn cancellation_row(row: &Row<'_>) -> rusqlite::Result<Cancellation> {
    Ok(Cancellation {
        id: row.get(0)?,
        payment_id: row.get(1)?,
        session_id: row.get(2)?,
        reason: row.get(3)?,
        receipt_number: row.get(4)?,
        created_at: UtcMillis(row.get(5)?),
    })
}

fn encode<T: Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Io {
        detail: format!("cannot encode a record: {e}"),
    })
}

/// Takes the next number of a series, inside the caller's transaction.
fn next_number(conn: &Connection, origin: &Origin, year: i64, series: &str) -> Result<i64, StoreError> {
    let seq: i64 = conn
        .prepare_cached(
            "INSERT INTO number_series (spot, counter, year, series, last) VALUES (?1, ?2, ?3, ?4, 1) \
             ON CONFLICT (spot, counter, year, series) DO UPDATE SET last = last + 1 RETURNING last",
        )?
        .query_row(params![origin.spot, origin.counter, year, series], |r| r.get(0))?;
    Ok(seq)
}

/// The year on the spot's clock at `now`, which names the number series.
fn year_of(zone: &balcao_core::time::SpotZone, now: UtcMillis) -> i64 {
    i64::from(zone.local(now).year)
}

fn session_by_id(conn: &Connection, id: &str) -> Result<CashSession, StoreError> {
    conn.prepare_cached(&format!("{SELECT_SESSION} WHERE id = ?1"))?
        .query_row([id], session_row)
        .optional()?
        .ok_or_else(|| StoreError::NotFound { id: id.to_string() })
}

impl Store {
    /// The counter's open cash session, if any (possibly opened on an earlier day).
    pub fn open_session(&self, spot: &str, counter: &str) -> Result<Option<CashSession>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "{SELECT_SESSION} WHERE spot = ?1 AND counter = ?2 AND closed_at IS NULL"
            ))?
            .query_row([spot, counter], session_row)
            .optional()?)
    }

    /// A session by id.
    pub fn session(&self, id: &str) -> Result<CashSession, StoreError> {
        session_by_id(&self.conn, id)
    }

    /// Opens the counter's cash session with `opening_float` in the drawer. Refused with
    /// [`StoreError::SessionOpen`] while one is open. Outbox kind `cash.session-opened`.
    pub fn begin_session(
        &mut self,
        origin: Origin,
        opening_float: Money,
        now: UtcMillis,
    ) -> Result<CashSession, StoreError> {
        if opening_float.cents() < 0 {
            return Err(cash::CashError::FloatNegative.into());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(open) = tx
            .prepare_cached(&format!(
                "{SELECT_SESSION} WHERE spot = ?1 AND counter = ?2 AND closed_at IS NULL"
            ))?
            .query_row([&origin.spot, &origin.counter], session_row)
            .optional()?
        {
            return Err(StoreError::SessionOpen {
                id: open.id,
                opened: self.zone.date_time_text(open.opened_at),
            });
        }
        let session = CashSession {
            id: new_uuid(&self.uuids, now),
            origin,
            opened_at: now,
            opening_float,
            closed_at: None,
            closing_number: None,
        };
        tx.execute(
            "INSERT INTO cash_sessions (id, spot, counter, mediator, opened_at, opening_float) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                session.id,
                session.origin.spot,
                session.origin.counter,
                session.origin.mediator,
                now.0,
                opening_float.cents()
            ],
        )?;
        crate::audit::push_record(
            &tx,
            &self.uuids,
            self.audit_key.as_ref(),
            kind::CASH_SESSION_OPENED,
            &session.id,
            &encode(&session)?,
            &session.origin.mediator,
            now,
        )?;
        tx.commit()?;
        Ok(session)
    }

    /// Records a payment in the open session `session_id`, with the next receipt number of the counter's
    /// series for the year. The core checks the method against the fee (change, references, the
    /// exemption's reason). Outbox kind `cash.payment`.
    pub fn record_payment(
        &mut self,
        session_id: &str,
        new: NewPayment,
        now: UtcMillis,
    ) -> Result<Payment, StoreError> {
        let settled = new.method.settle(new.fee)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let session = session_by_id(&tx, session_id)?;
        if session.closed_at.is_some() {
            return Err(StoreError::SessionClosed);
        }
        let exists: Option<i64> = tx
            .prepare_cached("SELECT 1 FROM attendances WHERE id = ?1")?
            .query_row([&new.attendance_id], |r| r.get(0))
            .optional()?;
        if exists.is_none() {
            return Err(StoreError::NotFound {
                id: new.attendance_id,
            });
        }
        let year = year_of(&self.zone, now);
        let seq = next_number(&tx, &session.origin, year, "receipt")?;
        let year_i32 = i32::try_from(year).unwrap_or(i32::MAX);
        let payment = Payment {
            id: new_uuid(&self.uuids, now),
            session_id: session.id.clone(),
            attendance_id: new.attendance_id,
            line: new.line,
            service_id: new.service_id,
            entity_id: new.entity_id,
            variant: new.variant,
            fee: new.fee,
            collected: settled.collected,
            change: settled.change,
            method: new.method,
            receipt_number: cash::receipt_number(
                &session.origin.spot,
                &session.origin.counter,
                year_i32,
                seq,
            ),
            created_at: now,
        };
        tx.execute(
            "INSERT INTO payments (id, session_id, attendance_id, line, service_id, entity_id, variant, fee, \
             collected, change_given, method, method_detail, receipt_year, receipt_seq, receipt_number, \
             created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            params![
                payment.id,
                payment.session_id,
                payment.attendance_id,
                i64::try_from(payment.line).unwrap_or(i64::MAX),
                payment.service_id,
                payment.entity_id,
                payment.variant,
                payment.fee.cents(),
                payment.collected.cents(),
                payment.change.cents(),
                payment.method.kind().slug(),
                encode(&payment.method)?,
                year,
                seq,
                payment.receipt_number,
                now.0
            ],
        )?;
        crate::audit::push_record(
            &tx,
            &self.uuids,
            self.audit_key.as_ref(),
            kind::CASH_PAYMENT,
            &payment.attendance_id,
            &encode(&payment)?,
            &session.origin.mediator,
            now,
        )?;
        tx.commit()?;
        Ok(payment)
    }

    /// Cancels a payment of the open session with a reason, as a new numbered record; the payment
    /// itself stays as it was. Outbox kind `cash.cancellation`.
    pub fn cancel_payment(
        &mut self,
        payment_id: &str,
        reason: &str,
        now: UtcMillis,
    ) -> Result<Cancellation, StoreError> {
        let reason = cash::cancel_reason(reason)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let payment = tx
            .prepare_cached(&format!("{SELECT_PAYMENT} WHERE id = ?1"))?
            .query_row([payment_id], payment_row)
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                id: payment_id.to_string(),
            })?;
        if let Some(number) = tx
            .prepare_cached("SELECT receipt_number FROM cancellations WHERE payment_id = ?1")?
            .query_row([payment_id], |r| r.get::<_, String>(0))
            .optional()?
        {
            return Err(StoreError::AlreadyCancelled { number });
        }
        let session = session_by_id(&tx, &payment.session_id)?;
        if session.closed_at.is_some() {
            return Err(StoreError::SessionClosed);
        }
        let year = year_of(&self.zone, now);
        let seq = next_number(&tx, &session.origin, year, "receipt")?;
        let year_i32 = i32::try_from(year).unwrap_or(i32::MAX);
        let cancellation = Cancellation {
            id: new_uuid(&self.uuids, now),
            payment_id: payment.id.clone(),
            session_id: session.id.clone(),
            reason,
            receipt_number: cash::receipt_number(
                &session.origin.spot,
                &session.origin.counter,
                year_i32,
                seq,
            ),
            created_at: now,
        };
        tx.execute(
            "INSERT INTO cancellations (id, payment_id, session_id, reason, receipt_year, receipt_seq, \
             receipt_number, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                cancellation.id,
                cancellation.payment_id,
                cancellation.session_id,
                cancellation.reason,
                year,
                seq,
                cancellation.receipt_number,
                now.0
            ],
        )?;
        crate::audit::push_record(
            &tx,
            &self.uuids,
            self.audit_key.as_ref(),
            kind::CASH_CANCELLATION,
            &payment.attendance_id,
            &encode(&cancellation)?,
            &session.origin.mediator,
            now,
        )?;
        tx.commit()?;
        Ok(cancellation)
    }

    /// Every payment of a session, oldest first, with its cancellation if any.
    pub fn session_payments(&self, session_id: &str) -> Result<Vec<PaymentEntry>, StoreError> {
        let payments: Vec<Payment> = self
            .conn
            .prepare_cached(&format!(
                "{SELECT_PAYMENT} WHERE session_id = ?1 ORDER BY receipt_seq"
            ))?
            .query_map([session_id], payment_row)?
            .collect::<Result<_, _>>()?;
        let mut entries = Vec::with_capacity(payments.len());
        for payment in payments {
            let cancellation = self
                .conn
                .prepare_cached(&format!("{SELECT_CANCELLATION} WHERE payment_id = ?1"))?
                .query_row([&payment.id], cancellation_row)
                .optional()?;
            entries.push(PaymentEntry {
                payment,
                cancellation,
            });
        }
        Ok(entries)
    }

    /// The payments of one attendance (every session), oldest first, with their cancellations.
    pub fn attendance_payments(&self, attendance_id: &str) -> Result<Vec<PaymentEntry>, StoreError> {
        let sessions: Vec<String> = self
            .conn
            .prepare_cached("SELECT DISTINCT session_id FROM payments WHERE attendance_id = ?1")?
            .query_map([attendance_id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut all = Vec::new();
        for s in sessions {
            all.extend(
                self.session_payments(&s)?
                    .into_iter()
                    .filter(|e| e.payment.attendance_id == attendance_id),
            );
        }
        all.sort_by_key(|e| e.payment.created_at);
        Ok(all)
    }

    /// What each method of the session should hold now.
    pub fn session_expected(&self, session_id: &str) -> Result<PerMethod, StoreError> {
        let session = self.session(session_id)?;
        let takings: Vec<Takings> = self
            .session_payments(session_id)?
            .iter()
            .map(|e| Takings {
                method: e.payment.method.kind(),
                collected: e.payment.collected,
                cancelled: e.cancellation.is_some(),
            })
            .collect();
        Ok(cash::expected(session.opening_float, &takings)?)
    }

    /// Closes the session with the counted amounts: the core compares them with what is expected and
    /// requires a reason for a difference above `threshold`. The closing gets the next number of the
    /// counter's closing series. Outbox kind `cash.session-closed`.
    pub fn close_session(
        &mut self,
        session_id: &str,
        counted: PerMethod,
        threshold: Money,
        reason: Option<&str>,
        now: UtcMillis,
    ) -> Result<ClosingRecord, StoreError> {
        let expected = self.session_expected(session_id)?;
        let Closing {
            expected,
            counted,
            difference,
            reason,
            ..
        } = cash::closing(expected, counted, threshold, reason)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut session = session_by_id(&tx, session_id)?;
        if session.closed_at.is_some() {
            return Err(StoreError::SessionClosed);
        }
        let year = year_of(&self.zone, now);
        let seq = next_number(&tx, &session.origin, year, "closing")?;
        let number = cash::closing_number(
            &session.origin.spot,
            &session.origin.counter,
            i32::try_from(year).unwrap_or(i32::MAX),
            seq,
        );
        session.closed_at = Some(now);
        session.closing_number = Some(number.clone());
        let record = ClosingRecord {
            session,
            number,
            expected,
            counted,
            difference,
            reason,
        };
        let payload = encode(&record)?;
        tx.execute(
            "UPDATE cash_sessions SET closed_at = ?2, closing_number = ?3, closing = ?4 WHERE id = ?1",
            params![session_id, now.0, record.number, payload],
        )?;
        crate::audit::push_record(
            &tx,
            &self.uuids,
            self.audit_key.as_ref(),
            kind::CASH_SESSION_CLOSED,
            session_id,
            &payload,
            &record.session.origin.mediator,
            now,
        )?;
        tx.commit()?;
        Ok(record)
    }

    /// A closed session's record.
    pub fn closing(&self, session_id: &str) -> Result<Option<ClosingRecord>, StoreError> {
        let payload: Option<Option<String>> = self
            .conn
            .prepare_cached("SELECT closing FROM cash_sessions WHERE id = ?1")?
            .query_row([session_id], |r| r.get(0))
            .optional()?;
        match payload.flatten() {
            None => Ok(None),
            Some(json) => serde_json::from_str(&json)
                .map(Some)
                .map_err(|e| StoreError::Corrupt {
                    detail: format!("closing of {session_id}: {e}"),
                }),
        }
    }
}
