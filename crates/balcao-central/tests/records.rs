//! Records exactly once: realistic outbox rows (built from the counter's own types) sent many times in
//! shuffled batches are stored and counted once; a reused id with different content is refused and
//! never overwrites; and the statistics match what was sent, by spot, entity, service and day.
//!
//! The shuffling is seeded (`BALCAO_SEED` overrides the seed; a failure prints it).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_core::attendance::{Attendance, Origin, Outcome, ServiceLine, UtcMillis};
use balcao_core::cash::PaymentMethod;
use balcao_core::money::Money;
use balcao_core::text::Lang;
use balcao_store::{Cancellation, CashSession, Payment, Snapshot};
use common::{assert_error_body, start, unlimited};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A small seeded generator (xorshift64*): enough to shuffle and pick, and reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// 2026-11-20T00:00:00Z in ms.
const DAY0: i64 = 1_795_132_800_000;
const DAY_MS: i64 = 86_400_000;

fn day_key(at: i64) -> String {
    let day = (at - DAY0) / DAY_MS;
    format!("2026-11-{}", 20 + day)
}

fn record(kind: &str, spot: &str, group: &str, at: i64, payload: Value) -> Value {
    json!({"id": uuid::Uuid::now_v7().to_string(), "kind": kind, "spot": spot, "group_id": group,
           "created_at": at, "payload": payload})
}

fn snapshot(attendance: &Attendance) -> Value {
    serde_json::to_value(Snapshot {
        attendance: attendance.clone(),
        consent_at: None,
        lang: Lang::Pt,
        mirror: Default::default(),
    })
    .unwrap()
}

/// What the statistics should say.
#[derive(Default)]
struct Expected {
    by_spot: BTreeMap<String, (i64, i64)>,
    by_day: BTreeMap<String, (i64, i64)>,
    by_entity: BTreeMap<String, (BTreeSet<String>, i64)>,
    by_service: BTreeMap<String, (BTreeSet<String>, i64)>,
    cash_by_entity: BTreeMap<String, (i64, i64)>,
    cash_by_spot: BTreeMap<String, (i64, i64)>,
    cash_by_day: BTreeMap<String, (i64, i64)>,
}

/// Builds a spot's records: attendances over four days, each with its started, line and ended rows,
/// and a cash session with payments for some lines, a few of them cancelled.
fn spot_records(
    spot: &str,
    services: &[(String, String)],
    rng: &mut Rng,
    expected: &mut Expected,
) -> Vec<Value> {
    let origin = Origin {
        spot: spot.to_owned(),
        counter: "1".to_owned(),
        mediator: "ana".to_owned(),
    };
    let mut out = Vec::new();
    let session = CashSession {
        id: uuid::Uuid::now_v7().to_string(),
        origin: origin.clone(),
        opened_at: UtcMillis(DAY0),
        opening_float: Money::from_cents(5000),
        closed_at: None,
        closing_number: None,
    };
    out.push(record(
        "cash.session-opened",
        spot,
        &session.id,
        DAY0,
        serde_json::to_value(&session).unwrap(),
    ));
    let mut receipt = 0;
    for n in 0..25 {
        let start = DAY0 + (n % 4) * DAY_MS + 9 * 3_600_000 + n * 60_000;
        let id = uuid::Uuid::now_v7().to_string();
        let mut attendance = Attendance::new(id.clone(), origin.clone(), UtcMillis(start));
        out.push(record(
            "attendance.started",
            spot,
            &id,
            start,
            snapshot(&attendance),
        ));
        let lines = 1 + rng.below(3);
        for l in 0..lines {
            let (service, _) = &services[rng.below(services.len())];
            attendance
                .lines
                .push(ServiceLine::new(service.clone(), UtcMillis(start + 1 + l as i64)));
            out.push(record(
                "line.added",
                spot,
                &id,
                start + 1 + l as i64,
                snapshot(&attendance),
            ));
        }
        let end = start + 600_000;
        for line in &mut attendance.lines {
            line.outcome = Some(Outcome::Concluido);
            line.ended_at = Some(UtcMillis(end));
        }
        attendance.ended_at = Some(UtcMillis(end));
        out.push(record("attendance.ended", spot, &id, end, snapshot(&attendance)));

        let spot_row = expected.by_spot.entry(spot.to_owned()).or_default();
        spot_row.0 += 1;
        spot_row.1 += lines as i64;
        let day_row = expected.by_day.entry(day_key(end)).or_default();
        day_row.0 += 1;
        day_row.1 += lines as i64;
        for line in &attendance.lines {
            let entity = services
                .iter()
                .find(|(s, _)| *s == line.service_id)
                .unwrap()
                .1
                .clone();
            let row = expected.by_entity.entry(entity.clone()).or_default();
            row.0.insert(id.clone());
            row.1 += 1;
            let row = expected.by_service.entry(line.service_id.clone()).or_default();
            row.0.insert(id.clone());
            row.1 += 1;

            // Every other line is paid; one payment in four is then cancelled.
            if rng.below(2) == 0 {
                receipt += 1;
                let fee = 500 + 100 * rng.below(20) as i64;
                let payment = Payment {
                    id: uuid::Uuid::now_v7().to_string(),
                    session_id: session.id.clone(),
                    attendance_id: id.clone(),
                    line: 0,
                    service_id: line.service_id.clone(),
                    entity_id: entity.clone(),
                    variant: "normal".to_owned(),
                    fee: Money::from_cents(fee),
                    collected: Money::from_cents(fee),
                    change: Money::from_cents(0),
                    method: PaymentMethod::Card {
                        terminal_ref: "ABC123".to_owned(),
                    },
                    receipt_number: format!("{spot}-1-2026/{receipt:06}"),
                    created_at: UtcMillis(end - 1000),
                };
                out.push(record(
                    "cash.payment",
                    spot,
                    &id,
                    end - 1000,
                    serde_json::to_value(&payment).unwrap(),
                ));
                if rng.below(4) == 0 {
                    receipt += 1;
                    let cancellation = Cancellation {
                        id: uuid::Uuid::now_v7().to_string(),
                        payment_id: payment.id.clone(),
                        session_id: session.id.clone(),
                        reason: "engano no serviço".to_owned(),
                        receipt_number: format!("{spot}-1-2026/{receipt:06}"),
                        created_at: UtcMillis(end - 500),
                    };
                    out.push(record(
                        "cash.cancellation",
                        spot,
                        &id,
                        end - 500,
                        serde_json::to_value(&cancellation).unwrap(),
                    ));
                } else {
                    for (map, key) in [
                        (&mut expected.cash_by_entity, entity.clone()),
                        (&mut expected.cash_by_spot, spot.to_owned()),
                        (&mut expected.cash_by_day, day_key(end)),
                    ] {
                        let row = map.entry(key).or_default();
                        row.0 += 1;
                        row.1 += fee;
                    }
                }
            }
        }
    }
    out
}

/// Real catalogue services with their entities, from several entities, plus one the catalogue lacks.
fn some_services() -> Vec<(String, String)> {
    let report = balcao_catalogue::check(&balcao_catalogue::Source::read_dir(&common::repo_catalogue()));
    assert!(report.is_ok());
    let mut seen = BTreeSet::new();
    let mut services: Vec<(String, String)> = Vec::new();
    for service in &report.catalogue.services {
        if seen.insert(service.entity.clone()) || services.len() < 8 {
            services.push((service.id.clone(), service.entity.clone()));
        }
        if services.len() == 10 {
            break;
        }
    }
    services.push(("servico-que-nao-existe".to_owned(), "unknown".to_owned()));
    services
}

fn rows(body: &Value) -> BTreeMap<String, (i64, i64)> {
    body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let (a, b) = if row.get("payments").is_some() {
                ("payments", "collected_cents")
            } else {
                ("attendances", "services")
            };
            let numbers = (row[a].as_i64().unwrap(), row[b].as_i64().unwrap());
            (row["key"].as_str().unwrap().to_owned(), numbers)
        })
        .collect()
}

fn counted(map: &BTreeMap<String, (BTreeSet<String>, i64)>) -> BTreeMap<String, (i64, i64)> {
    map.iter()
        .map(|(k, (set, lines))| (k.clone(), (set.len() as i64, *lines)))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replayed_records_are_stored_once_and_every_statistic_counts_them_once() {
    let seed: u64 = std::env::var("BALCAO_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261123);
    println!("seed {seed}");
    let mut rng = Rng(seed.max(1));
    let server = start(unlimited()).await;
    let services = some_services();
    let mut expected = Expected::default();
    let spots = ["EC-0001", "EC-0002"];
    let mut unique = 0;
    let mut plans = Vec::new();
    for spot in spots {
        let token = server.device(spot).await;
        let records = spot_records(spot, &services, &mut rng, &mut expected);
        unique += records.len();
        // Each record 1 to 5 times, shuffled, cut into batches of 1 to 60.
        let mut copies: Vec<Value> = records
            .iter()
            .flat_map(|r| std::iter::repeat_n(r.clone(), 1 + rng.below(5)))
            .collect();
        rng.shuffle(&mut copies);
        let mut batches = Vec::new();
        while !copies.is_empty() {
            let take = (1 + rng.below(60)).min(copies.len());
            batches.push(copies.drain(..take).collect::<Vec<_>>());
        }
        plans.push((token, batches));
    }

    // The two spots' devices send at the same time; each also sends one batch twice in a row.
    let mut stored_ids = HashMap::new();
    let results = futures_join(&server, &plans).await;
    for (id, status) in results {
        assert!(
            status == "stored" || status == "duplicate",
            "{id}: {status} (seed {seed})"
        );
        if status == "stored" {
            assert!(
                stored_ids.insert(id.clone(), ()).is_none(),
                "{id} stored twice (seed {seed})"
            );
        }
    }
    assert_eq!(
        stored_ids.len(),
        unique,
        "every record stored exactly once (seed {seed})"
    );
    assert_eq!(server.record_count().await as usize, unique);

    let coordinator = server.coordinator().await;
    let range = "from=2026-11-20&to=2026-11-23";
    let get = |by: &'static str, cash: bool| {
        let path = format!("/v1/stats{}?{range}&by={by}", if cash { "/cash" } else { "" });
        let server = &server;
        let token = coordinator.clone();
        async move {
            let (status, body) = server.get(&token, &path).await;
            assert_eq!(status, 200, "{path}: {body}");
            assert_eq!(body["by"], by);
            rows(&body)
        }
    };
    assert_eq!(
        get("spot", false).await,
        expected.by_spot,
        "by spot (seed {seed})"
    );
    assert_eq!(get("day", false).await, expected.by_day, "by day (seed {seed})");
    assert_eq!(
        get("entity", false).await,
        counted(&expected.by_entity),
        "by entity (seed {seed})"
    );
    assert_eq!(
        get("service", false).await,
        counted(&expected.by_service),
        "by service (seed {seed})"
    );
    assert_eq!(
        get("entity", true).await,
        expected.cash_by_entity,
        "cash by entity (seed {seed})"
    );
    assert_eq!(
        get("spot", true).await,
        expected.cash_by_spot,
        "cash by spot (seed {seed})"
    );
    assert_eq!(
        get("day", true).await,
        expected.cash_by_day,
        "cash by day (seed {seed})"
    );

    // A narrower range counts only its days; a device sees only its own spot.
    let (_, body) = server
        .get(&coordinator, "/v1/stats?from=2026-11-21&to=2026-11-21&by=day")
        .await;
    assert_eq!(rows(&body).keys().collect::<Vec<_>>(), vec!["2026-11-21"]);
    let (_, body) = server
        .get(&plans[0].0, &format!("/v1/stats?{range}&by=spot"))
        .await;
    assert_eq!(rows(&body).keys().collect::<Vec<_>>(), vec!["EC-0001"]);
}

/// Sends every plan's batches, the plans concurrently; returns every (id, status).
async fn futures_join(server: &common::Server, plans: &[(String, Vec<Vec<Value>>)]) -> Vec<(String, String)> {
    let send_all = |token: &str, batches: &[Vec<Value>]| {
        let token = token.to_owned();
        let batches = batches.to_vec();
        async move {
            let mut out = Vec::new();
            for (n, batch) in batches.iter().enumerate() {
                let times = if n == batches.len() / 2 { 2 } else { 1 };
                for _ in 0..times {
                    let (status, body) = server.send(&token, batch).await;
                    assert_eq!(status, 200, "{body}");
                    let results = body["results"].as_array().unwrap();
                    assert_eq!(results.len(), batch.len());
                    for (sent, result) in batch.iter().zip(results) {
                        assert_eq!(sent["id"], result["id"], "results are in request order");
                        assert!(result.get("reason").is_none());
                        out.push((
                            result["id"].as_str().unwrap().to_owned(),
                            result["status"].as_str().unwrap().to_owned(),
                        ));
                    }
                }
            }
            out
        }
    };
    let (a, b) = tokio::join!(
        send_all(&plans[0].0, &plans[0].1),
        send_all(&plans[1].0, &plans[1].1)
    );
    a.into_iter().chain(b).collect()
}

/// Each result's status and reason, in request order.
fn statuses(body: &Value) -> Vec<(&str, Option<&str>)> {
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["status"].as_str().unwrap(), r["reason"].as_str()))
        .collect()
}

/// A spot's records (EC-0001, from `seed`) and the first `attendance.ended` among them.
fn one_spot_s_records(seed: u64) -> (Vec<Value>, Value) {
    let mut expected = Expected::default();
    let records = spot_records("EC-0001", &some_services(), &mut Rng(seed), &mut expected);
    let ended = records
        .iter()
        .find(|r| r["kind"] == "attendance.ended")
        .unwrap()
        .clone();
    (records, ended)
}

#[tokio::test]
async fn the_same_id_with_different_content_is_a_conflict_and_never_overwrites() {
    let server = start(unlimited()).await;
    let token = server.device("EC-0001").await;
    let (records, ended) = one_spot_s_records(7);
    let (status, _) = server.send(&token, std::slice::from_ref(&ended)).await;
    assert_eq!(status, 200);

    // The same content with its keys in another order is the same record.
    let reordered: Value = {
        let mut object: Vec<(String, Value)> = ended.as_object().unwrap().clone().into_iter().collect();
        object.reverse();
        Value::Object(object.into_iter().collect())
    };
    let (status, body) = server.send(&token, &[reordered]).await;
    assert_eq!(status, 200);
    assert_eq!(body["results"][0]["status"], "duplicate");

    let mut changed_payload = ended.clone();
    changed_payload["payload"]["started_at"] = json!(1);
    let mut changed_kind = ended.clone();
    changed_kind["kind"] = json!("attendance.notes");
    let mut changed_time = ended.clone();
    changed_time["created_at"] = json!(ended["created_at"].as_i64().unwrap() + 1);
    let fresh = records[0].clone();
    let (status, body) = server
        .send(
            &token,
            &[changed_payload, fresh.clone(), changed_kind, changed_time],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let statuses = statuses(&body);
    assert_eq!(
        statuses,
        vec![
            ("rejected", Some("conflict")),
            ("stored", None),
            ("rejected", Some("conflict")),
            ("rejected", Some("conflict")),
        ]
    );

    // The stored record is the first one, unchanged, and it counted once.
    let client = server.pool.get().await.unwrap();
    let row = client
        .query_one(
            "SELECT kind, created_at, payload FROM records WHERE id = $1",
            &[&uuid::Uuid::parse_str(ended["id"].as_str().unwrap()).unwrap()],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "attendance.ended");
    assert_eq!(row.get::<_, i64>(1), ended["created_at"].as_i64().unwrap());
    assert_eq!(row.get::<_, Value>(2), ended["payload"]);
    let (_, stats) = server
        .get(&token, "/v1/stats?from=2026-11-20&to=2026-11-23&by=spot")
        .await;
    assert_eq!(stats["rows"][0]["attendances"], 1);
    assert_eq!(server.record_count().await, 2);

    // The coordination sees each refusal (the other side of the counter's quarantine); another spot's
    // device sees none of them; `since` pages.
    let (status, seen) = server.get(&server.coordinator().await, "/v1/rejections").await;
    assert_eq!(status, 200, "{seen}");
    let rows = seen["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3, "{seen}");
    for (row, kind) in rows
        .iter()
        .zip(["attendance.ended", "attendance.notes", "attendance.ended"])
    {
        assert_eq!(row["record_id"], ended["id"]);
        assert_eq!(row["kind"], kind);
        assert_eq!(row["spot"], "EC-0001");
        assert_eq!(row["reason"], "conflict");
    }
    let (_, own) = server.get(&token, "/v1/rejections").await;
    assert_eq!(own["rows"].as_array().unwrap().len(), 3);
    let other = server.device("EC-0002").await;
    let (_, none) = server.get(&other, "/v1/rejections").await;
    assert_eq!(
        none["rows"],
        json!([]),
        "a device sees only its own spot's refusals"
    );
    let last = rows[1]["seq"].as_i64().unwrap();
    let (_, newer) = server.get(&token, &format!("/v1/rejections?since={last}")).await;
    assert_eq!(newer["rows"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_id_repeated_within_one_request_is_stored_once_as_its_first_occurrence() {
    // The records of a request are inserted by one statement; a repeat of an id inside it must still be
    // answered as a later request's would be: the same content a duplicate, another a conflict.
    let server = start(unlimited()).await;
    let token = server.device("EC-0001").await;
    let (records, ended) = one_spot_s_records(11);
    let mut changed = ended.clone();
    changed["payload"]["started_at"] = json!(2);
    let other = records[0].clone();
    let (status, body) = server
        .send(
            &token,
            &[ended.clone(), ended.clone(), changed, other.clone(), other],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let statuses = statuses(&body);
    assert_eq!(
        statuses,
        vec![
            ("stored", None),
            ("duplicate", None),
            ("rejected", Some("conflict")),
            ("stored", None),
            ("duplicate", None),
        ]
    );
    assert_eq!(server.record_count().await, 2);
    let (_, stats) = server
        .get(&token, "/v1/stats?from=2026-11-20&to=2026-11-23&by=spot")
        .await;
    assert_eq!(stats["rows"][0]["attendances"], 1, "{stats}");
    // The whole request again: every record is now known, the same ones duplicates.
    let (_, body) = server.send(&token, &[ended.clone(), ended]).await;
    assert_eq!(body["results"][0]["status"], "duplicate");
    assert_eq!(body["results"][1]["status"], "duplicate");
    assert_eq!(server.record_count().await, 2);
}

#[tokio::test]
async fn undecodable_records_are_rejected_as_invalid_and_the_others_are_stored() {
    let server = start(unlimited()).await;
    let token = server.device("EC-0001").await;
    let mut expected = Expected::default();
    let records = spot_records("EC-0001", &some_services(), &mut Rng(3), &mut expected);
    let good = records[0].clone();
    let mut unknown_kind = records[1].clone();
    unknown_kind["kind"] = json!("attendance.exploded");
    let mut bad_id = records[2].clone();
    bad_id["id"] = json!("42");
    let mut no_payload = records[3].clone();
    no_payload.as_object_mut().unwrap().remove("payload");
    let mut no_lines = records
        .iter()
        .find(|r| r["kind"] == "attendance.ended")
        .unwrap()
        .clone();
    no_lines["payload"].as_object_mut().unwrap().remove("lines");
    let (status, body) = server
        .send(
            &token,
            &[unknown_kind, good, bad_id, no_payload, no_lines, json!(7)],
        )
        .await;
    assert_eq!(status, 422);
    let results = body["results"].as_array().unwrap();
    let statuses: Vec<&str> = results.iter().map(|r| r["status"].as_str().unwrap()).collect();
    assert_eq!(
        statuses,
        [
            "rejected", "stored", "rejected", "rejected", "rejected", "rejected"
        ]
    );
    assert!(
        results
            .iter()
            .filter(|r| r["status"] == "rejected")
            .all(|r| r["reason"] == "invalid")
    );
    assert_eq!(results[2]["id"], "42");
    assert_eq!(results[5]["id"], "");
    assert_eq!(server.record_count().await, 1);
    assert_error_body(&json!({"error": "invalid", "message": "x"}), "invalid");
}

#[test]
fn the_server_knows_exactly_the_kinds_the_store_writes() {
    assert_eq!(balcao_central::records::KINDS, balcao_store::outbox::kind::ALL);
}
