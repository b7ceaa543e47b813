//! Fleet control against a real PostgreSQL and a real socket: a revoked counter is told why and keeps
//! what it uploaded, coordinator tokens are revoked and rotated, each device's last contact and
//! version are noted, a flood of wrong enrolment codes or tokens from one address is throttled, and a
//! request that outlives the deadline is answered 503.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_central::fleet;
use balcao_central::ratelimit::RateLimit;
use balcao_central::{Options, api};
use common::{assert_error_body, record, start, unlimited};
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn a_revoked_device_is_told_why_and_what_it_uploaded_stays() {
    let server = start(unlimited()).await;
    let token = server.device("EC-0100").await;
    let (status, _) = server.send(&token, &[record("EC-0100"), record("EC-0100")]).await;
    assert_eq!(status, 200);
    // It said what it runs.
    let response = server
        .http
        .get(server.url("/v1/catalogue"))
        .bearer_auth(&token)
        .header(fleet::VERSION_HEADER, "0.9.1")
        .header(fleet::CATALOGUE_HEADER, "7")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let devices = fleet::list_devices(&server.pool).await.unwrap();
    assert_eq!(devices.len(), 1);
    let device = &devices[0];
    assert_eq!(
        (device.app_version.as_deref(), device.catalogue_sequence),
        (Some("0.9.1"), Some(7))
    );
    assert!(device.last_seen_at.is_some_and(|at| at <= api::now_ms()));
    assert_eq!(device.revoked, None);

    let reason = "PC furtado; contacte a coordenação: 210 000 000";
    fleet::revoke_device(&server.pool, device.id, reason, api::now_ms())
        .await
        .unwrap();
    let (status, body) = server.send(&token, &[record("EC-0100")]).await;
    assert_eq!(status, 401);
    assert_error_body(&body, "device-revoked");
    assert_eq!(body["message"], reason);
    let (status, body) = server
        .get(&token, "/v1/stats?from=2026-01-01&to=2026-01-02&by=spot")
        .await;
    assert_eq!((status, body["error"].as_str()), (401, Some("device-revoked")));
    assert_eq!(server.record_count().await, 2, "what it uploaded stays");
    let listed = fleet::list_devices(&server.pool).await.unwrap();
    assert_eq!(
        listed[0].revoked.as_ref().map(|(_, why)| why.as_str()),
        Some(reason)
    );
    // An empty reason is refused (the counter shows it), an unknown device is said so.
    assert!(
        fleet::revoke_device(&server.pool, device.id, "  ", 0)
            .await
            .is_err()
    );
    assert!(
        fleet::revoke_device(&server.pool, uuid::Uuid::now_v7(), "x", 0)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn coordinator_tokens_are_revoked_and_rotated() {
    let server = start(unlimited()).await;
    let first = server.coordinator().await;
    let second = server.coordinator().await;
    let stats = "/v1/stats?from=2026-01-01&to=2026-01-02&by=spot";
    assert_eq!(server.get(&first, stats).await.0, 200);
    let ids: Vec<_> = fleet::list_coordinators(&server.pool)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids.len(), 2);

    fleet::revoke_coordinator(&server.pool, ids[0], api::now_ms())
        .await
        .unwrap();
    let (status, body) = server.get(&first, stats).await;
    assert_eq!(status, 401);
    assert_error_body(&body, "unauthorized");
    assert_eq!(server.get(&second, stats).await.0, 200);

    let rotated = fleet::rotate_coordinator(&server.pool, ids[1], api::now_ms())
        .await
        .unwrap();
    assert_eq!(server.get(&second, stats).await.0, 401);
    assert_eq!(server.get(&rotated, stats).await.0, 200);
    // A revoked token cannot be rotated back to life.
    assert!(
        fleet::rotate_coordinator(&server.pool, ids[0], api::now_ms())
            .await
            .is_err()
    );
    let listed = fleet::list_coordinators(&server.pool).await.unwrap();
    assert_eq!(listed.iter().filter(|c| c.revoked_at.is_none()).count(), 1);
}

#[tokio::test]
async fn a_flood_of_wrong_codes_or_tokens_from_one_address_is_throttled() {
    let server = start(Options {
        address_limit: RateLimit {
            burst: 5,
            per_second: 0.01,
        },
        ..unlimited()
    })
    .await;
    // A real enrolment counts too (each attempt takes one from the address's bucket of five).
    server.device("EC-0200").await;
    let enrol = |code: String| {
        let request = server
            .http
            .post(server.url("/v1/enroll"))
            .json(&json!({"code": code, "device_name": "x"}));
        async move { request.send().await.unwrap() }
    };
    let mut statuses = Vec::new();
    for n in 0..8 {
        statuses.push(enrol(format!("WRNG-CODE-{n:04}")).await.status().as_u16());
    }
    // One attempt was the real enrolment above; four more wrong ones empty the bucket.
    assert_eq!(statuses, [401, 401, 401, 401, 429, 429, 429, 429]);
    // Even a valid code is not tried while the address is throttled: guessing gains nothing.
    let now = api::now_ms();
    let valid = balcao_central::admin::create_enrollment_code(&server.pool, "EC-0200", now, now + 60_000)
        .await
        .unwrap();
    let response = enrol(valid).await;
    assert_eq!(response.status(), 429);
    let retry: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry >= 1, "{retry}");
    assert_error_body(&response.json().await.unwrap(), "rate-limited");
    // Unknown tokens from the same address are refused before reaching the database too.
    let (status, _) = server
        .get("not-a-token", "/v1/stats?from=2026-01-01&to=2026-01-02&by=spot")
        .await;
    assert_eq!(status, 429);
}

#[tokio::test]
async fn a_request_that_outlives_the_deadline_is_a_503_with_retry_after() {
    let server = start(Options {
        request_timeout: Duration::from_millis(300),
        ..unlimited()
    })
    .await;
    // The database is made to hang for this request (another transaction holds the devices table),
    // so the deadline, not the speed of the machine, decides.
    let mut holder = server.pool.get().await.unwrap();
    let lock = holder.transaction().await.unwrap();
    lock.execute("LOCK TABLE devices IN ACCESS EXCLUSIVE MODE", &[])
        .await
        .unwrap();
    let response = server
        .http
        .get(server.url("/v1/stats?from=2026-01-01&to=2026-01-02&by=spot"))
        .bearer_auth("any-token")
        .send()
        .await
        .unwrap();
    lock.rollback().await.unwrap();
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key("retry-after"));
    assert_error_body(&response.json().await.unwrap(), "unavailable");
}
