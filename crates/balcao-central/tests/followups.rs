//! Issue 16 on the central side: the counters' follow-ups of pending services and their start-of-day
//! equipment checks. The three new record kinds are stored exactly once and checked (a bad due day, an
//! unknown way to notify, an unknown status are `invalid`; an e-mail address is personal data);
//! `GET /v1/stats/followups` counts open, overdue (on the spot's clock at `at`) and closed follow-ups
//! across a simulated week whatever order the records arrive in; `GET /v1/stats/equipment` shows each
//! counter's latest check, worst first; and both are scoped like every statistic. Real PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_central::{admin, api, db};
use common::{Server, assert_error_body, start, unlimited};
use serde_json::{Value, json};

/// Monday 2026-12-07T10:00:00Z (10:00 in Lisbon, winter time).
const MONDAY: i64 = 1_796_637_600_000;
/// Wednesday 2026-12-09T12:00:00Z.
const WEDNESDAY: i64 = 1_796_817_600_000;
/// Thursday 2026-12-10T00:30:00Z: already Thursday in Lisbon, still Wednesday 23:30 in the Azores.
const THURSDAY_0030: i64 = 1_796_862_600_000;
/// Thursday 2026-12-10T09:00:00Z.
const THURSDAY: i64 = 1_796_893_200_000;
/// Tuesday 2026-12-15T09:00:00Z.
const NEXT_TUESDAY: i64 = 1_797_325_200_000;

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

fn envelope(kind: &str, spot: &str, group: &str, at: i64, payload: Value) -> Value {
    json!({"id": new_id(), "kind": kind, "spot": spot, "group_id": group, "created_at": at,
           "payload": payload})
}

/// A `followup.opened` record of a new follow-up of `spot` due on `due_on`; returns it and its id.
fn opened(spot: &str, due_on: &str) -> (Value, String) {
    let id = new_id();
    let payload = json!({"id": id, "attendance_id": new_id(), "line": 0,
                         "service_id": "imt-revalidar-carta", "due_on": due_on, "notify": "phone",
                         "opened_at": MONDAY});
    (envelope("followup.opened", spot, &id, MONDAY, payload), id)
}

/// The `followup.closed` record of follow-up `id` of `spot`.
fn closed(spot: &str, id: &str, due_on: &str) -> Value {
    let payload = json!({"id": id, "service_id": "imt-revalidar-carta", "due_on": due_on,
                         "outcome": "concluido", "closed_at": WEDNESDAY,
                         "linked_attendance_id": new_id()});
    envelope("followup.closed", spot, id, WEDNESDAY, payload)
}

/// A `daycheck.ran` record of `counter` at `spot`, at `at`, with `(check, status)` items.
fn daycheck(spot: &str, counter: &str, at: i64, items: &[(&str, &str)]) -> Value {
    let id = new_id();
    let items: Vec<Value> = items
        .iter()
        .map(|(check, status)| json!({"check": check, "status": status, "detail": {"ms": 12}}))
        .collect();
    let payload = json!({"id": id, "counter": counter, "at": at, "trigger": "day-start",
                         "items": items});
    envelope("daycheck.ran", spot, &id, at, payload)
}

/// `(spot, open, overdue, closed)` rows of `GET /v1/stats/followups` at `at`.
async fn followups(server: &Server, token: &str, at: i64) -> Vec<(String, i64, i64, i64)> {
    let (status, body) = server.get(token, &format!("/v1/stats/followups?at={at}")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["at"], at);
    rows(&body)
}

fn rows(body: &Value) -> Vec<(String, i64, i64, i64)> {
    body["spots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["spot"].as_str().unwrap().to_owned(),
                r["open"].as_i64().unwrap(),
                r["overdue"].as_i64().unwrap(),
                r["closed"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn row(spot: &str, open: i64, overdue: i64, closed: i64) -> (String, i64, i64, i64) {
    (spot.to_owned(), open, overdue, closed)
}

/// Sends and expects every record stored.
async fn stored(server: &Server, token: &str, records: &[Value]) {
    let (status, body) = server.send(token, records).await;
    assert_eq!(status, 200, "{body}");
    for result in body["results"].as_array().unwrap() {
        assert_eq!(result["status"], "stored", "{body}");
    }
}

#[tokio::test]
async fn the_three_kinds_are_stored_once_and_bad_payloads_are_refused_as_invalid() {
    let server = start(unlimited()).await;
    let device = server.device("EC-0001").await;
    let (open, id) = opened("EC-0001", "2026-12-14");
    let records = [
        daycheck(
            "EC-0001",
            "BALCAO-1",
            MONDAY,
            &[("printer", "ok"), ("clock", "warn")],
        ),
        open,
        closed("EC-0001", &id, "2026-12-14"),
    ];
    stored(&server, &device, &records).await;
    let (status, body) = server.send(&device, &records).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "duplicate"),
        "{body}"
    );
    assert_eq!(server.record_count().await, 3);

    // Each breaks one rule of its kind's payload.
    let (bad_due, _) = opened("EC-0001", "2026-02-30");
    let (mut bad_notify, _) = opened("EC-0001", "2026-12-14");
    bad_notify["payload"]["notify"] = json!("sms");
    let mut bad_outcome = closed("EC-0001", &new_id(), "2026-12-14");
    bad_outcome["group_id"] = bad_outcome["payload"]["id"].clone();
    bad_outcome["payload"]["outcome"] = json!("pendente");
    let (mut other_group, _) = opened("EC-0001", "2026-12-14");
    other_group["group_id"] = json!(new_id());
    let bad_status = daycheck("EC-0001", "BALCAO-1", MONDAY, &[("printer", "broken")]);
    let bad_check = daycheck("EC-0001", "BALCAO-1", MONDAY, &[("Torradeira avariada!", "ok")]);
    let mut no_items = daycheck("EC-0001", "BALCAO-1", MONDAY, &[]);
    no_items["payload"].as_object_mut().unwrap().remove("items");
    let (mut not_uuid, _) = opened("EC-0001", "2026-12-14");
    not_uuid["payload"]["id"] = json!("f-1");
    not_uuid["group_id"] = json!("f-1");
    let bad = [
        bad_due,
        bad_notify,
        bad_outcome,
        other_group,
        bad_status,
        bad_check,
        no_items,
        not_uuid,
    ];
    let mut batch = bad.to_vec();
    let (good, _) = opened("EC-0001", "2026-12-20");
    batch.push(good);
    let (status, body) = server.send(&device, &batch).await;
    assert_eq!(status, 422, "{body}");
    let results = body["results"].as_array().unwrap();
    for (result, sent) in results.iter().zip(&bad) {
        assert_eq!(result["status"], "rejected", "{sent}: {body}");
        assert_eq!(result["reason"], "invalid", "{sent}: {body}");
        assert_eq!(result["id"], sent["id"]);
    }
    assert_eq!(results[bad.len()]["status"], "stored", "{body}");
    assert_eq!(server.record_count().await, 4);
    let (_, refused) = server.get(&device, "/v1/rejections").await;
    assert_eq!(refused["rows"].as_array().unwrap().len(), bad.len());

    // A day check's free-form detail is scanned for personal data like every payload.
    let mut leaky = daycheck("EC-0001", "BALCAO-1", MONDAY, &[("printer", "fail")]);
    leaky["payload"]["items"][0]["detail"] = json!({"last_user": "maria@exemplo.pt"});
    let (status, body) = server.send(&device, &[leaky]).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"], "personal-data");
    assert_eq!(body["field"], "payload.items[0].detail.last_user");
    assert!(!body.to_string().contains("maria@"), "{body}");
    assert_eq!(server.record_count().await, 4);
}

#[tokio::test]
async fn follow_ups_are_counted_open_overdue_and_closed_across_a_week() {
    let server = start(unlimited()).await;
    let lisbon = server.device("EC-0100").await;
    let azores = server.device("EC-0900").await;
    admin::set_time_zone(&server.pool, "EC-0900", "Atlantic/Azores")
        .await
        .unwrap();
    let coordinator = server.coordinator().await;

    // Monday: three follow-ups at the mainland spot, due Tuesday, Wednesday and next Monday.
    let (tuesday, tuesday_id) = opened("EC-0100", "2026-12-08");
    let (wednesday, _) = opened("EC-0100", "2026-12-09");
    let (monday, _) = opened("EC-0100", "2026-12-14");
    stored(&server, &lisbon, &[tuesday.clone(), wednesday, monday]).await;
    assert_eq!(
        followups(&server, &coordinator, MONDAY).await,
        [row("EC-0100", 3, 0, 0)]
    );

    // Wednesday: the one due Tuesday is late, the one due today is not yet.
    assert_eq!(
        followups(&server, &coordinator, WEDNESDAY).await,
        [row("EC-0100", 3, 1, 0)]
    );
    // It is closed; the same opening sent again, and another opening record of it, change nothing.
    stored(&server, &lisbon, &[closed("EC-0100", &tuesday_id, "2026-12-08")]).await;
    let (status, body) = server.send(&lisbon, std::slice::from_ref(&tuesday)).await;
    assert_eq!(
        (status, &body["results"][0]["status"]),
        (200, &json!("duplicate"))
    );
    let mut again = tuesday.clone();
    again["id"] = json!(new_id());
    stored(&server, &lisbon, &[again]).await;
    assert_eq!(
        followups(&server, &coordinator, WEDNESDAY).await,
        [row("EC-0100", 2, 0, 1)]
    );

    // A closing that arrives before its opening counts as closed, and the late opening does not reopen it.
    let (early, early_id) = opened("EC-0100", "2026-12-01");
    stored(&server, &lisbon, &[closed("EC-0100", &early_id, "2026-12-01")]).await;
    assert_eq!(
        followups(&server, &coordinator, WEDNESDAY).await,
        [row("EC-0100", 2, 0, 2)]
    );
    stored(&server, &lisbon, &[early]).await;
    assert_eq!(
        followups(&server, &coordinator, WEDNESDAY).await,
        [row("EC-0100", 2, 0, 2)]
    );

    // Thursday and next Tuesday: what is still open falls due.
    assert_eq!(
        followups(&server, &coordinator, THURSDAY).await,
        [row("EC-0100", 2, 1, 2)]
    );
    assert_eq!(
        followups(&server, &coordinator, NEXT_TUESDAY).await,
        [row("EC-0100", 2, 2, 2)]
    );

    // The day is the spot's: at 00:30 UTC on Thursday a follow-up due Wednesday is late in Lisbon and
    // not yet in the Azores, where it is still Wednesday 23:30.
    let (island, _) = opened("EC-0900", "2026-12-09");
    stored(&server, &azores, &[island]).await;
    assert_eq!(
        followups(&server, &coordinator, THURSDAY_0030).await,
        [row("EC-0100", 2, 1, 2), row("EC-0900", 1, 0, 0)]
    );
    assert_eq!(
        followups(&server, &coordinator, THURSDAY).await,
        [row("EC-0100", 2, 1, 2), row("EC-0900", 1, 1, 0)]
    );

    // A device reads its own spot; `?spot=` narrows; `at` defaults to now, and must be a time.
    assert_eq!(
        followups(&server, &azores, THURSDAY).await,
        [row("EC-0900", 1, 1, 0)]
    );
    let (status, body) = server.get(&coordinator, "/v1/stats/followups?spot=EC-0100").await;
    assert_eq!(status, 200, "{body}");
    // (What is overdue now depends on the day the test runs.)
    let (spot, open, _, closed) = rows(&body).pop().unwrap();
    assert_eq!((spot.as_str(), open, closed), ("EC-0100", 2, 2), "{body}");
    assert_eq!(body["spots"].as_array().unwrap().len(), 1, "{body}");
    assert!(
        (body["at"].as_i64().unwrap() - api::now_ms()).abs() < 60_000,
        "{body}"
    );
    for query in ["at=yesterday", "at=-1", "at=1.5"] {
        let (status, body) = server
            .get(&coordinator, &format!("/v1/stats/followups?{query}"))
            .await;
        assert_eq!(status, 400, "{query}: {body}");
        assert_error_body(&body, "invalid");
    }
}

#[tokio::test]
async fn the_equipment_shows_each_counters_latest_check_worst_first() {
    let server = start(unlimited()).await;
    let one = server.device("EC-0001").await;
    let two = server.device("EC-0002").await;
    let coordinator = server.coordinator().await;

    // BALCAO-1 of EC-0001 failed Monday and was fine on Wednesday; Monday's record arriving again
    // late, and an even older check arriving last, do not bring the failure back.
    let failed = daycheck("EC-0001", "BALCAO-1", MONDAY, &[("printer", "fail")]);
    stored(&server, &one, std::slice::from_ref(&failed)).await;
    stored(
        &server,
        &one,
        &[
            daycheck(
                "EC-0001",
                "BALCAO-1",
                WEDNESDAY,
                &[("printer", "ok"), ("portals", "skipped")],
            ),
            daycheck(
                "EC-0001",
                "BALCAO-2",
                WEDNESDAY,
                &[("disk", "warn"), ("clock", "ok")],
            ),
            daycheck("EC-0001", "BALCAO-3", WEDNESDAY, &[("printer", "fail")]),
        ],
    )
    .await;
    let (status, _) = server.send(&one, &[failed]).await;
    assert_eq!(status, 200);
    stored(
        &server,
        &one,
        &[daycheck(
            "EC-0001",
            "BALCAO-1",
            MONDAY - 86_400_000,
            &[("card-reader", "fail")],
        )],
    )
    .await;
    stored(
        &server,
        &two,
        &[
            daycheck(
                "EC-0002",
                "BALCAO-1",
                THURSDAY,
                &[
                    ("citizen-monitor", "ok"),
                    ("card-reader", "fail"),
                    ("clock", "warn"),
                ],
            ),
            daycheck("EC-0002", "BALCAO-2", THURSDAY, &[("central", "skipped")]),
        ],
    )
    .await;

    let (status, body) = server.get(&coordinator, "/v1/stats/equipment").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({"counters": [
            {"spot": "EC-0001", "counter": "BALCAO-3", "at": WEDNESDAY, "worst": "fail",
             "failing": [{"check": "printer", "status": "fail"}]},
            {"spot": "EC-0002", "counter": "BALCAO-1", "at": THURSDAY, "worst": "fail",
             "failing": [{"check": "card-reader", "status": "fail"}, {"check": "clock", "status": "warn"}]},
            {"spot": "EC-0001", "counter": "BALCAO-2", "at": WEDNESDAY, "worst": "warn",
             "failing": [{"check": "disk", "status": "warn"}]},
            {"spot": "EC-0001", "counter": "BALCAO-1", "at": WEDNESDAY, "worst": "ok", "failing": []},
            {"spot": "EC-0002", "counter": "BALCAO-2", "at": THURSDAY, "worst": "skipped", "failing": []},
        ]})
    );

    // A device sees its own spot's counters; another spot is refused, naming it.
    let (status, body) = server.get(&two, "/v1/stats/equipment").await;
    assert_eq!(status, 200);
    let counters: Vec<&str> = body["counters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["counter"].as_str().unwrap())
        .collect();
    assert_eq!(counters, ["BALCAO-1", "BALCAO-2"]);
    assert!(body.to_string().contains("EC-0002") && !body.to_string().contains("EC-0001"));
    let (status, body) = server.get(&two, "/v1/stats/equipment?spot=EC-0001").await;
    assert_eq!(status, 403, "{body}");
    assert!(body["message"].as_str().unwrap().contains("EC-0001"), "{body}");
}

#[tokio::test]
async fn a_host_entity_reads_the_follow_ups_and_equipment_of_its_spots_only() {
    const PENELA: &str = "Câmara Municipal de Penela";
    const LOUSA: &str = "Câmara Municipal da Lousã";
    let server = start(unlimited()).await;
    let mut devices = Vec::new();
    for (spot, entity) in [("EC-0400", PENELA), ("EC-0500", LOUSA)] {
        let device = server.device(spot).await;
        admin::create_hosted_spot(
            &server.pool,
            spot,
            &format!("Espaço {spot}"),
            Some(entity),
            api::now_ms(),
        )
        .await
        .unwrap();
        let (open, _) = opened(spot, "2026-12-08");
        stored(
            &server,
            &device,
            &[open, daycheck(spot, "BALCAO-1", MONDAY, &[("printer", "fail")])],
        )
        .await;
        devices.push(device);
    }
    let entity =
        admin::create_entity_token(&server.pool, "Informática de Penela", Some(PENELA), api::now_ms())
            .await
            .unwrap();
    let network = server.coordinator().await;

    assert_eq!(
        followups(&server, &entity, WEDNESDAY).await,
        [row("EC-0400", 1, 1, 0)]
    );
    assert_eq!(
        followups(&server, &network, WEDNESDAY).await,
        [row("EC-0400", 1, 1, 0), row("EC-0500", 1, 1, 0)]
    );
    let (status, body) = server.get(&entity, "/v1/stats/equipment").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["counters"].as_array().unwrap().len(), 1);
    assert_eq!(body["counters"][0]["spot"], "EC-0400");

    // Its own spot by name is fine; the Lousã's is refused, naming it, on both endpoints.
    for path in ["/v1/stats/followups", "/v1/stats/equipment"] {
        let (status, body) = server.get(&entity, &format!("{path}?spot=EC-0400")).await;
        assert_eq!(status, 200, "{path}: {body}");
        let (status, body) = server.get(&entity, &format!("{path}?spot=EC-0500")).await;
        assert_eq!(status, 403, "{path}: {body}");
        assert_error_body(&body, "forbidden");
        assert!(body["message"].as_str().unwrap().contains("EC-0500"), "{body}");
        // The network coordination narrows to any spot.
        let (status, body) = server.get(&network, &format!("{path}?spot=EC-0500")).await;
        assert_eq!(status, 200, "{path}: {body}");
        assert!(!body.to_string().contains("EC-0400"), "{body}");
        assert!(body.to_string().contains("EC-0500"), "{body}");
        // Without a token: 401.
        let (status, _) = server.get("nope", path).await;
        assert_eq!(status, 401);
    }
    let (status, _) = server.get(&devices[0], "/v1/stats/followups?spot=EC-0500").await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_schema_8_database_upgrades_and_takes_the_new_kinds() {
    // A database as schema 8 left it (schema 10's statement checks undone too), with a record in it.
    let url = balcao_testkit::PgCluster::shared().create_database();
    {
        let server = common::start_on(&url, &common::repo_catalogue(), unlimited()).await;
        let device = server.device("EC-0001").await;
        stored(&server, &device, &[common::record("EC-0001")]).await;
        let client = server.pool.get().await.unwrap();
        client
            .batch_execute(
                "DROP TABLE stat_followups, stat_followup_closures, stat_equipment; \
                 DELETE FROM schema_version WHERE version >= 9;",
            )
            .await
            .unwrap();
        client.batch_execute(common::UNDO_SCHEMA_11).await.unwrap();
        client.batch_execute(common::UNDO_SCHEMA_10).await.unwrap();
    }
    let pool = db::pool(&url, 2).unwrap();
    assert_eq!(db::migrate(&pool).await.unwrap(), vec![9, 10, 11]);
    let server = common::start_on(&url, &common::repo_catalogue(), unlimited()).await;
    let device = server.device("EC-0002").await;
    let (open, id) = opened("EC-0002", "2026-12-08");
    stored(
        &server,
        &device,
        &[
            open,
            closed("EC-0002", &id, "2026-12-08"),
            daycheck("EC-0002", "BALCAO-1", MONDAY, &[]),
        ],
    )
    .await;
    assert_eq!(
        followups(&server, &device, WEDNESDAY).await,
        [row("EC-0002", 0, 0, 1)]
    );
    assert_eq!(server.record_count().await, 4);
}
