//! What the database itself guarantees about `records`, now that the guarantees are kept per statement
//! (schema 10): every record names a spot and a device that exist, neither can be removed while records
//! name it, and an id stored by a concurrent request between the ingest's lookup and its insert is
//! answered `duplicate`, not an error.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{record, start, unlimited};
use tokio_postgres::error::SqlState;
use uuid::Uuid;

const INSERT: &str = "INSERT INTO records (id, kind, spot_code, group_id, created_at, payload, received_at, \
     device_id) VALUES ($1, 'cash.session-opened', $2, 'g', 1, '{}', 1, $3)";

async fn device_of(server: &common::Server, spot: &str) -> Uuid {
    let client = server.pool.get().await.unwrap();
    client
        .query_one("SELECT id FROM devices WHERE spot_code = $1", &[&spot])
        .await
        .unwrap()
        .get(0)
}

fn is_foreign_key_violation(result: Result<u64, tokio_postgres::Error>) -> bool {
    result.is_err_and(|err| err.code() == Some(&SqlState::FOREIGN_KEY_VIOLATION))
}

#[tokio::test]
async fn records_must_name_an_existing_spot_and_device_which_then_cannot_be_removed() {
    let server = start(unlimited()).await;
    server.device("EC-0001").await;
    let device = device_of(&server, "EC-0001").await;
    let client = server.pool.get().await.unwrap();

    // A good row goes in; a row naming an unknown spot or device does not.
    client
        .execute(INSERT, &[&Uuid::now_v7(), &"EC-0001", &device])
        .await
        .unwrap();
    assert!(is_foreign_key_violation(
        client
            .execute(INSERT, &[&Uuid::now_v7(), &"EC-9999", &device])
            .await
    ));
    assert!(is_foreign_key_violation(
        client
            .execute(INSERT, &[&Uuid::now_v7(), &"EC-0001", &Uuid::now_v7()])
            .await
    ));
    // One bad row among many refuses the whole statement.
    let ids: Vec<Uuid> = (0..50).map(|_| Uuid::now_v7()).collect();
    let mut devices = vec![device; 50];
    devices[37] = Uuid::now_v7();
    assert!(is_foreign_key_violation(
        client
            .execute(
                "INSERT INTO records (id, kind, spot_code, group_id, created_at, payload, received_at, device_id) \
                 SELECT u.id, 'k', 'EC-0001', 'g', 1, '{}', 1, u.device FROM UNNEST($1::uuid[], $2::uuid[]) AS u(id, device)",
                &[&ids, &devices],
            )
            .await
    ));
    // An update may not point a record elsewhere.
    assert!(is_foreign_key_violation(
        client
            .execute("UPDATE records SET spot_code = 'EC-9999'", &[])
            .await
    ));
    assert_eq!(server.record_count().await, 1);

    // The spot and the device that records name stay.
    assert!(is_foreign_key_violation(
        client
            .execute("DELETE FROM devices WHERE id = $1", &[&device])
            .await
    ));
    assert!(is_foreign_key_violation(
        client
            .execute("UPDATE spots SET code = 'EC-0002' WHERE code = 'EC-0001'", &[])
            .await
    ));
    // A spot without records can still be renamed (what a foreign key would allow too).
    client
        .execute(
            "INSERT INTO spots (code, name, created_at) VALUES ('EC-0500', 'Sem registos', 1)",
            &[],
        )
        .await
        .unwrap();
    client
        .execute("UPDATE spots SET code = 'EC-0501' WHERE code = 'EC-0500'", &[])
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_id_stored_by_a_concurrent_request_mid_way_is_a_duplicate_not_an_error() {
    let server = start(unlimited()).await;
    let token = server.device("EC-0001").await;
    let device = device_of(&server, "EC-0001").await;
    let first = record("EC-0001");
    let other = record("EC-0001");

    // Another transaction inserts the same record and holds its commit: the request's lookup cannot
    // see it, and its insert waits on the unique index until that commit, then meets the id.
    let mut client = server.pool.get().await.unwrap();
    let tx = client.transaction().await.unwrap();
    let id = Uuid::parse_str(first["id"].as_str().unwrap()).unwrap();
    tx.execute(
        "INSERT INTO records (id, kind, spot_code, group_id, created_at, payload, received_at, device_id) \
         VALUES ($1, $2, 'EC-0001', $3, $4, $5, 1, $6)",
        &[
            &id,
            &first["kind"].as_str().unwrap(),
            &first["group_id"].as_str().unwrap(),
            &first["created_at"].as_i64().unwrap(),
            &first["payload"],
            &device,
        ],
    )
    .await
    .unwrap();
    let sent = {
        let (http, url, token) = (server.http.clone(), server.url("/v1/records"), token.clone());
        let body = serde_json::json!({ "records": [first.clone(), other.clone()] });
        tokio::spawn(async move {
            let response = http
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            (status, response.json::<serde_json::Value>().await.unwrap())
        })
    };
    // Long enough for the request to reach its insert and wait there.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(
        !sent.is_finished(),
        "the request did not wait for the other transaction"
    );
    tx.commit().await.unwrap();

    let (status, body) = sent.await.unwrap();
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["results"][0]["status"], "duplicate", "{body}");
    assert_eq!(body["results"][1]["status"], "stored", "{body}");
    assert_eq!(server.record_count().await, 2);
}
