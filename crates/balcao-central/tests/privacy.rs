//! The central server keeps no citizen's direct identifier: it refuses a record that carries one
//! (422, naming the field, nothing stored), and the records stored before schema 8 are minimised by
//! the migration, keeping the hash their audit entries hold. Real PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_central::db;
use common::{start, start_on, unlimited};
use serde_json::{Value, json};

const SPOT: &str = "EC-0300";

/// An ended attendance as the counter sends it: minimised.
fn ended() -> Value {
    let id = uuid::Uuid::now_v7().to_string();
    json!({"id": id, "kind": "attendance.ended", "spot": SPOT, "group_id": id, "created_at": 5,
           "payload": {"id": id, "origin": {"spot": SPOT, "counter": "1", "mediator": "ana"},
                       "started_at": 1, "ended_at": 5, "citizen": null, "notes": "", "consent_at": 2,
                       "lines": [{"service_id": "s1", "notes": "",
                                  "outcome": {"kind": "encaminhado", "to": "seg-social"}}]}})
}

#[tokio::test]
async fn a_record_with_a_direct_identifier_is_refused_whole_naming_the_field() {
    let server = start(unlimited()).await;
    let device = server.device(SPOT).await;
    type Taint = fn(&mut Value);
    let cases: [(Taint, &str); 7] = [
        (
            |r| r["payload"]["citizen"] = json!({"nif": "123456789"}),
            "payload.citizen.nif",
        ),
        (
            |r| r["payload"]["citizen"] = json!({"name": "Maria"}),
            "payload.citizen.name",
        ),
        (|r| r["payload"]["notes"] = json!("volta amanhã"), "payload.notes"),
        (
            |r| r["payload"]["lines"][0]["notes"] = json!("x"),
            "payload.lines[0].notes",
        ),
        (
            |r| r["payload"]["lines"][0]["outcome"] = json!({"kind": "pendente", "awaiting": "carta"}),
            "payload.lines[0].outcome.awaiting",
        ),
        (
            |r| r["payload"]["lines"][0]["outcome"]["to"] = json!("Dona Rosa"),
            "payload.lines[0].outcome.to",
        ),
        (
            |r| {
                r["kind"] = json!("cash.cancellation");
                r["payload"] = json!({"id": "c", "payment_id": "p", "reason": "NIF 123456789"});
            },
            "payload.reason",
        ),
    ];
    for (taint, field) in cases {
        let mut tainted = ended();
        taint(&mut tainted);
        // A clean record beside it is not stored either: the request is refused whole.
        let (status, body) = server.send(&device, &[ended(), tainted.clone()]).await;
        assert_eq!(status, 422, "{field}: {body}");
        assert_eq!(body["error"], "personal-data");
        assert_eq!(body["field"], field);
        let message = body["message"].as_str().unwrap();
        assert!(message.contains(tainted["id"].as_str().unwrap()), "{message}");
        for value in ["123456789", "Maria", "volta", "carta", "Rosa"] {
            assert!(
                !message.contains(value),
                "the answer repeats {value:?}: {message}"
            );
        }
    }
    assert_eq!(server.record_count().await, 0);
    let client = server.pool.get().await.unwrap();
    let rejections: i64 = client
        .query_one("SELECT count(*) FROM rejections", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(rejections, 0, "not even a rejection is kept");

    // The same record, minimised, is stored; a catalogue entity referred to stays.
    let (status, body) = server.send(&device, &[ended()]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["results"][0]["status"], "stored");
}

#[tokio::test]
async fn minimised_from_must_be_a_hash_and_takes_part_in_deduplication() {
    let server = start(unlimited()).await;
    let device = server.device(SPOT).await;
    let mut record = ended();
    record["minimised_from"] = json!("not hex");
    let (_, body) = server.send(&device, &[record.clone()]).await;
    assert_eq!(body["results"][0]["reason"], "invalid", "{body}");

    let mut record = ended();
    record["minimised_from"] = json!("ab".repeat(32));
    let (_, body) = server.send(&device, &[record.clone()]).await;
    assert_eq!(body["results"][0]["status"], "stored", "{body}");
    let (_, body) = server.send(&device, &[record.clone()]).await;
    assert_eq!(body["results"][0]["status"], "duplicate", "{body}");
    record["minimised_from"] = json!("cd".repeat(32));
    let (_, body) = server.send(&device, &[record]).await;
    assert_eq!(body["results"][0]["reason"], "conflict", "{body}");
}

#[tokio::test]
async fn the_upgrade_minimises_what_was_stored_and_keeps_its_audit_hash() {
    // A database at schema 7 holding an attendance as counters used to send it.
    let url = balcao_testkit::PgCluster::shared().create_database();
    let mut full = ended();
    full["payload"]["citizen"] = json!({"name": "Maria Conceição", "nif": "123456789", "cc_number": null,
                                        "phone": "912345678", "email": "m@exemplo.pt"});
    full["payload"]["notes"] = json!("Mora na Rua das Flores");
    full["payload"]["lines"][0]["notes"] = json!("filho Joaquim");
    full["payload"]["lines"][0]["outcome"] = json!({"kind": "nao-foi-possivel", "reason": "sem o PIN"});
    let payment = json!({"id": uuid::Uuid::now_v7().to_string(), "kind": "cash.cancellation", "spot": SPOT,
                         "group_id": "s", "created_at": 6,
                         "payload": {"id": "c1", "payment_id": "p1", "reason": "a pedido de 912 345 678"}});
    let full_hash = balcao_audit::payload_hash_value(&full["payload"]);
    {
        let server = start_on(&url, &common::repo_catalogue(), unlimited()).await;
        let device = server.device(SPOT).await;
        let (status, _) = server.send(&device, &[ended()]).await;
        assert_eq!(status, 200);
        let client = server.pool.get().await.unwrap();
        client
            .batch_execute(
                "DROP TABLE stat_followups, stat_followup_closures, stat_equipment; \
                 ALTER TABLE records DROP COLUMN original_hash; DELETE FROM schema_version WHERE version >= 8;",
            )
            .await
            .unwrap();
        client.batch_execute(common::UNDO_SCHEMA_11).await.unwrap();
        client.batch_execute(common::UNDO_SCHEMA_10).await.unwrap();
        // As schema 7 stored them, straight from the request.
        for record in [&full, &payment] {
            client
                .execute(
                    "INSERT INTO records (id, kind, spot_code, group_id, created_at, payload, received_at, device_id) \
                     SELECT $1, $2, $3, $4, $5, $6, 0, id FROM devices LIMIT 1",
                    &[
                        &uuid::Uuid::parse_str(record["id"].as_str().unwrap()).unwrap(),
                        &record["kind"].as_str().unwrap(),
                        &SPOT,
                        &record["group_id"].as_str().unwrap(),
                        &record["created_at"].as_i64().unwrap(),
                        &record["payload"],
                    ],
                )
                .await
                .unwrap();
        }
    }
    let pool = db::pool(&url, 2).unwrap();
    assert_eq!(db::migrate(&pool).await.unwrap(), vec![8, 9, 10, 11]);
    let client = pool.get().await.unwrap();
    let rows = client
        .query(
            "SELECT id::text, payload, original_hash FROM records ORDER BY id",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 3);
    for row in &rows {
        let (id, payload, original): (String, Value, Option<Vec<u8>>) = (row.get(0), row.get(1), row.get(2));
        let text = payload.to_string();
        for secret in ["Maria", "123456789", "912", "exemplo", "Flores", "Joaquim", "PIN"] {
            assert!(!text.contains(secret), "{secret} still in {text}");
        }
        if id == full["id"] {
            assert_eq!(
                original.as_deref(),
                Some(full_hash.as_slice()),
                "the audit entry's hash is kept"
            );
            assert_eq!(
                payload["lines"][0]["outcome"],
                json!({"kind": "nao-foi-possivel", "reason": ""})
            );
            assert_eq!(payload["consent_at"], 2, "what the statistics need stays");
        } else if id == payment["id"] {
            assert_eq!(payload["reason"], balcao_privacy::WITHHELD);
            assert!(original.is_some());
        } else {
            assert_eq!(original, None, "a record that was already minimal is untouched");
        }
    }
    assert_eq!(db::migrate(&pool).await.unwrap(), Vec::<i32>::new());
}
