//! The statistics rows a request's newly stored records add, written in a few statements per request.
//!
//! `records::ingest` stores each record once; the rows it adds to `stat_attendances`, `stat_lines`,
//! `stat_payments` and `stat_cancellations` are gathered while the request's records are judged and
//! written here, one `UNNEST` statement per table, in the request's order, in the same transaction.
//! Row by row they cost a round trip each: about 0.5 s of the 1.2 s a 10 000-record sync took
//! (BENCHMARKS.md). The rules are unchanged: an attendance counts once (`ON CONFLICT (attendance_id)`)
//! and its lines only with the record that counted it; a payment or a cancellation counts once.

use crate::error::ApiError;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The entity recorded for a service the loaded catalogue does not know.
pub const UNKNOWN_ENTITY: &str = "unknown";

/// The date, on the clock of the spot `$1`, of a time in ms: statistics count the days a person at
/// that spot lived.
const SPOT_DAY: &str = "(to_timestamp(u.at / 1000.0) AT TIME ZONE \
     (SELECT time_zone FROM spots WHERE code = $1))::date";

/// The statistics rows of one request's newly stored records, in request order.
#[derive(Debug, Default)]
pub struct Batch {
    ended: Vec<Ended>,
    payments: Vec<Payment>,
    cancellations: Vec<(String, Uuid)>,
}

#[derive(Debug)]
struct Ended {
    at: i64,
    attendance_id: String,
    record_id: Uuid,
    facts: EndedFacts,
}

/// What the statistics keep of an ended attendance besides its day. Fields a record lacks (records of
/// older counters, hand-made test records) are `None` and simply not counted where they are needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndedFacts {
    /// When it started (UTC ms).
    pub started_at: Option<i64>,
    /// The mediator's login (`origin.mediator`).
    pub mediator: Option<String>,
    /// Its lines, in order.
    pub lines: Vec<LineFacts>,
}

/// One service line of an ended attendance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineFacts {
    /// The catalogue service.
    pub service: String,
    /// The outcome's kind (`concluido`, `pendente`, `encaminhado`, `nao-foi-possivel`), if set.
    pub outcome: Option<String>,
    /// How long the line took, when it has both times and they are in order.
    pub duration_ms: Option<i64>,
}

impl EndedFacts {
    /// Reads the facts of an `attendance.ended` payload whose `lines` and their `services` the judge
    /// has already checked.
    pub fn read(payload: &Value, lines: &[Value], services: Vec<String>) -> EndedFacts {
        let ms = |value: &Value, field: &str| value.get(field).and_then(Value::as_i64);
        EndedFacts {
            started_at: ms(payload, "started_at"),
            mediator: payload
                .get("origin")
                .and_then(|o| o.get("mediator"))
                .and_then(Value::as_str)
                .map(str::to_owned),
            lines: lines
                .iter()
                .zip(services)
                .map(|(line, service)| LineFacts {
                    service,
                    outcome: line
                        .get("outcome")
                        .and_then(|o| o.get("kind"))
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    duration_ms: ms(line, "ended_at")
                        .zip(ms(line, "started_at"))
                        .and_then(|(end, start)| end.checked_sub(start))
                        .filter(|d| *d >= 0),
                })
                .collect(),
        }
    }
}

#[derive(Debug)]
struct Payment {
    at: i64,
    payment_id: String,
    record_id: Uuid,
    service_id: String,
    entity_id: String,
    collected: i64,
}

impl Batch {
    /// An attendance ended at `at` (ms), by record `record_id`.
    pub fn ended(&mut self, at: i64, attendance_id: &str, record_id: Uuid, facts: &EndedFacts) {
        self.ended.push(Ended {
            at,
            attendance_id: attendance_id.to_owned(),
            record_id,
            facts: facts.clone(),
        });
    }

    /// A payment collected at `at` (ms).
    pub fn payment(
        &mut self,
        at: i64,
        payment_id: &str,
        record_id: Uuid,
        service_id: &str,
        entity_id: &str,
        collected: i64,
    ) {
        self.payments.push(Payment {
            at,
            payment_id: payment_id.to_owned(),
            record_id,
            service_id: service_id.to_owned(),
            entity_id: entity_id.to_owned(),
            collected,
        });
    }

    /// A cancellation of payment `payment_id`.
    pub fn cancellation(&mut self, payment_id: &str, record_id: Uuid) {
        self.cancellations.push((payment_id.to_owned(), record_id));
    }

    /// Writes the rows, in `tx`, for records of `spot` sent by `device`; `entities` maps services to
    /// their entity.
    pub async fn write(
        self,
        tx: &deadpool_postgres::Transaction<'_>,
        spot: &str,
        device: Uuid,
        entities: &HashMap<String, String>,
    ) -> Result<(), ApiError> {
        if !self.ended.is_empty() {
            let at: Vec<i64> = self.ended.iter().map(|e| e.at).collect();
            let ids: Vec<&str> = self.ended.iter().map(|e| e.attendance_id.as_str()).collect();
            let records: Vec<Uuid> = self.ended.iter().map(|e| e.record_id).collect();
            let started: Vec<Option<i64>> = self.ended.iter().map(|e| e.facts.started_at).collect();
            let mediators: Vec<Option<&str>> =
                self.ended.iter().map(|e| e.facts.mediator.as_deref()).collect();
            let counted: HashSet<Uuid> = tx
                .query(
                    &tx.prepare_cached(&format!(
                        "INSERT INTO stat_attendances (attendance_id, record_id, spot_code, day, device_id, \
                         started_at, ended_at, hour, mediator) \
                         SELECT u.attendance_id, u.record_id, $1, {SPOT_DAY}, $5, u.started, u.at, \
                         extract(hour FROM to_timestamp(COALESCE(u.started, u.at) / 1000.0) AT TIME ZONE \
                         (SELECT time_zone FROM spots WHERE code = $1)), u.mediator \
                         FROM UNNEST($2::int8[], $3::text[], $4::uuid[], $6::int8[], $7::text[]) \
                         WITH ORDINALITY AS u(at, attendance_id, record_id, started, mediator, n) \
                         ORDER BY u.n ON CONFLICT (attendance_id) DO NOTHING RETURNING record_id"
                    ))
                    .await?,
                    &[&spot, &at, &ids, &records, &device, &started, &mediators],
                )
                .await?
                .iter()
                .map(|row| row.try_get::<_, Uuid>(0))
                .collect::<Result<_, _>>()?;
            // The lines of each attendance this request counted, with its services' entities.
            let (mut attendance, mut line_no, mut service, mut entity) = (vec![], vec![], vec![], vec![]);
            let (mut outcome, mut duration) = (vec![], vec![]);
            for e in self.ended.iter().filter(|e| counted.contains(&e.record_id)) {
                for (n, line) in e.facts.lines.iter().enumerate() {
                    attendance.push(e.attendance_id.as_str());
                    line_no.push(i32::try_from(n).unwrap_or(i32::MAX));
                    service.push(line.service.as_str());
                    entity.push(entities.get(&line.service).map_or(UNKNOWN_ENTITY, String::as_str));
                    outcome.push(line.outcome.as_deref());
                    duration.push(line.duration_ms);
                }
            }
            if !attendance.is_empty() {
                tx.execute(
                    &tx.prepare_cached(
                        "INSERT INTO stat_lines (attendance_id, line_no, service_id, entity_id, outcome, \
                         duration_ms) \
                         SELECT * FROM UNNEST($1::text[], $2::int4[], $3::text[], $4::text[], $5::text[], \
                         $6::int8[])",
                    )
                    .await?,
                    &[&attendance, &line_no, &service, &entity, &outcome, &duration],
                )
                .await?;
            }
        }
        if !self.payments.is_empty() {
            let p = &self.payments;
            let at: Vec<i64> = p.iter().map(|x| x.at).collect();
            let ids: Vec<&str> = p.iter().map(|x| x.payment_id.as_str()).collect();
            let records: Vec<Uuid> = p.iter().map(|x| x.record_id).collect();
            let services: Vec<&str> = p.iter().map(|x| x.service_id.as_str()).collect();
            let entity_ids: Vec<&str> = p.iter().map(|x| x.entity_id.as_str()).collect();
            let collected: Vec<i64> = p.iter().map(|x| x.collected).collect();
            tx.execute(
                &tx.prepare_cached(&format!(
                    "INSERT INTO stat_payments (payment_id, record_id, spot_code, day, service_id, entity_id, \
                     collected_cents) \
                     SELECT u.payment_id, u.record_id, $1, {SPOT_DAY}, u.service_id, u.entity_id, u.collected \
                     FROM UNNEST($2::int8[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::int8[]) \
                     WITH ORDINALITY AS u(at, payment_id, record_id, service_id, entity_id, collected, n) \
                     ORDER BY u.n ON CONFLICT (payment_id) DO NOTHING"
                ))
                .await?,
                &[&spot, &at, &ids, &records, &services, &entity_ids, &collected],
            )
            .await?;
        }
        if !self.cancellations.is_empty() {
            let ids: Vec<&str> = self.cancellations.iter().map(|(p, _)| p.as_str()).collect();
            let records: Vec<Uuid> = self.cancellations.iter().map(|(_, r)| *r).collect();
            tx.execute(
                &tx.prepare_cached(
                    "INSERT INTO stat_cancellations (payment_id, record_id) \
                     SELECT u.payment_id, u.record_id FROM UNNEST($1::text[], $2::uuid[]) WITH ORDINALITY \
                     AS u(payment_id, record_id, n) ORDER BY u.n ON CONFLICT (payment_id) DO NOTHING",
                )
                .await?,
                &[&ids, &records],
            )
            .await?;
        }
        Ok(())
    }
}
