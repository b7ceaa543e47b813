//! The API's gatekeeping against a real PostgreSQL: enrollment, tokens and their kinds, the spot rule,
//! the body and rate limits, and the contract's error bodies (never with internal detail, even when the
//! database is gone), plus the OpenAPI document and the demo key.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_central::{AppState, Options, admin, api, db};
use balcao_testkit::PgCluster;
use common::{assert_error_body, record, start, unlimited};
use serde_json::{Value, json};
use tower::ServiceExt;

#[tokio::test]
async fn an_enrollment_code_works_once_and_expired_or_unknown_codes_are_refused() {
    let server = start(unlimited()).await;
    let now = api::now_ms();
    admin::create_spot(&server.pool, "EC-0420", "Vinhais", now)
        .await
        .unwrap();
    let code = admin::create_enrollment_code(&server.pool, "EC-0420", now, now + 60_000)
        .await
        .unwrap();
    let expired = admin::create_enrollment_code(&server.pool, "EC-0420", now - 10, now - 1)
        .await
        .unwrap();
    let enroll = |code: String| {
        let server = &server;
        async move {
            let response = server
                .http
                .post(server.url("/v1/enroll"))
                .json(&json!({"code": code, "device_name": "Balcão 1 — Junta de Vinhais"}))
                .send()
                .await
                .unwrap();
            (
                response.status().as_u16(),
                response.json::<Value>().await.unwrap(),
            )
        }
    };

    // Typed loosely (lower case, spaces for dashes), the code still works, once.
    let (status, body) = enroll(code.to_lowercase().replace('-', " ")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["spot_code"], "EC-0420");
    assert!(body["token"].as_str().unwrap().len() >= 43);
    uuid::Uuid::parse_str(body["device_id"].as_str().unwrap()).unwrap();
    let (status, again) = enroll(code).await;
    assert_eq!(status, 401);
    assert_error_body(&again, "unauthorized");

    for refused in [expired, "AAAA-BBBB-CCCC".to_owned()] {
        let (status, body) = enroll(refused).await;
        assert_eq!(status, 401);
        assert_error_body(&body, "unauthorized");
    }

    // The token works, and only its hash is in the database.
    let token = body["token"].as_str().unwrap();
    let (status, _) = server
        .get(token, "/v1/stats?from=2026-01-01&to=2026-12-31&by=spot")
        .await;
    assert_eq!(status, 200);
    let client = server.pool.get().await.unwrap();
    let stored: Vec<u8> = client
        .query_one("SELECT token_hash FROM devices", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(stored.len(), 32);
    assert!(!String::from_utf8_lossy(&stored).contains(token));

    // A body without the device name is invalid, not a server error.
    let response = server
        .http
        .post(server.url("/v1/enroll"))
        .json(&json!({"code": "X"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_error_body(&response.json().await.unwrap(), "invalid");
}

#[tokio::test]
async fn tokens_are_required_and_a_coordinator_cannot_upload() {
    let server = start(unlimited()).await;
    let device = server.device("EC-0001").await;
    let coordinator = server.coordinator().await;

    for path in ["/v1/catalogue", "/v1/stats?from=2026-01-01&to=2026-01-02&by=spot"] {
        let response = server.http.get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 401, "{path} without a token");
        assert_error_body(&response.json().await.unwrap(), "unauthorized");
        let (status, body) = server
            .get("not-a-real-token-but-long-enough-0123456789ab", path)
            .await;
        assert_eq!(status, 401, "{path} with an unknown token");
        assert_error_body(&body, "unauthorized");
    }
    let response = server
        .http
        .post(server.url("/v1/records"))
        .header("authorization", "Basic dXNlcjpwYXNz")
        .json(&json!({"records": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);

    let (status, body) = server.send(&coordinator, &[record("EC-0001")]).await;
    assert_eq!(status, 403);
    assert_error_body(&body, "forbidden");
    assert_eq!(server.record_count().await, 0);

    let (status, body) = server.send(&device, &[record("EC-0001")]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["results"][0]["status"], "stored");
    // The coordinator reads statistics and the catalogue.
    let (status, _) = server
        .get(
            &coordinator,
            "/v1/stats/cash?from=2026-01-01&to=2026-01-02&by=entity",
        )
        .await;
    assert_eq!(status, 200);
    let response = server
        .http
        .get(server.url("/v1/catalogue"))
        .bearer_auth(&coordinator)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_device_writing_another_spots_record_is_forbidden_and_nothing_is_stored() {
    let server = start(unlimited()).await;
    let device = server.device("EC-0001").await;
    server.device("EC-0002").await;
    let (status, body) = server
        .send(
            &device,
            &[record("EC-0001"), record("EC-0002"), record("EC-0001")],
        )
        .await;
    assert_eq!(status, 403);
    assert_error_body(&body, "forbidden");
    assert_eq!(
        server.record_count().await,
        0,
        "nothing of a refused request is stored"
    );
}

#[tokio::test]
async fn an_oversize_body_gets_413_with_the_contract_body() {
    let server = start(unlimited()).await;
    let device = server.device("EC-0001").await;
    // Just under the limit is read (and is merely malformed); just over it is refused unread.
    for (size, status, code) in [
        (api::BODY_LIMIT, 400, "malformed-json"),
        (api::BODY_LIMIT + 1, 413, "payload-too-large"),
    ] {
        let request = axum::http::Request::post("/v1/records")
            .header("authorization", format!("Bearer {device}"))
            .header("content-type", "application/json")
            .body(axum::body::Body::from(vec![b'['; size]))
            .unwrap();
        let response = balcao_central::app(server.state.clone())
            .oneshot(request)
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), status);
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
        assert_error_body(&serde_json::from_slice(&bytes).unwrap(), code);
    }
    // Over real TCP, a body a little over the limit is refused the same way.
    let response = server
        .http
        .post(server.url("/v1/records"))
        .bearer_auth(&device)
        .body(vec![b' '; api::BODY_LIMIT + 100])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    assert_error_body(&response.json().await.unwrap(), "payload-too-large");
}

#[tokio::test]
async fn malformed_json_gets_400_with_its_line_and_column() {
    let server = start(unlimited()).await;
    let device = server.device("EC-0001").await;
    let response = server
        .http
        .post(server.url("/v1/records"))
        .bearer_auth(&device)
        .body("{\"records\": [\n  {\"id\": 1,}\n]}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_error_body(&body, "malformed-json");
    assert!(
        body["message"].as_str().unwrap().contains("line 2, column 12"),
        "{body}"
    );

    // Well-formed JSON of the wrong shape, or too many records, is `invalid`.
    for wrong in [
        json!({"record": []}),
        json!([1, 2]),
        json!({"records": vec![record("EC-0001"); 501]}),
    ] {
        let response = server
            .http
            .post(server.url("/v1/records"))
            .bearer_auth(&device)
            .json(&wrong)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400);
        assert_error_body(&response.json().await.unwrap(), "invalid");
    }
    // Five hundred is allowed.
    let many: Vec<Value> = (0..500).map(|_| record("EC-0001")).collect();
    let (status, body) = server.send(&device, &many).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(server.record_count().await, 500);
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after_per_token() {
    let server = start(Options::default()).await;
    let first = server.device("EC-0001").await;
    let second = server.device("EC-0002").await;
    let path = "/v1/stats?from=2026-01-01&to=2026-01-01&by=spot";
    let mut limited = None;
    // 20 at once, then 5 per second: 40 quick requests cannot all pass.
    for _ in 0..40 {
        let response = server
            .http
            .get(server.url(path))
            .bearer_auth(&first)
            .send()
            .await
            .unwrap();
        if response.status() == 429 {
            limited = Some(response);
            break;
        }
        assert_eq!(response.status(), 200);
    }
    let response = limited.expect("the 21st quick request is limited");
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after));
    assert_error_body(&response.json().await.unwrap(), "rate-limited");
    // Another token has its own bucket.
    let (status, _) = server.get(&second, path).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn unknown_routes_methods_and_queries_get_json_errors() {
    let server = start(unlimited()).await;
    let token = server.coordinator().await;
    let response = server.http.get(server.url("/v2/nothing")).send().await.unwrap();
    assert_eq!(response.status(), 404);
    assert_error_body(&response.json().await.unwrap(), "not-found");
    let response = server
        .http
        .delete(server.url("/v1/records"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    assert_error_body(&response.json().await.unwrap(), "method-not-allowed");
    for query in [
        "",
        "?from=2026-01-01&to=2026-01-31",
        "?from=2026-02-30&to=2026-03-01&by=day",
        "?from=2026-03-01&to=2026-02-01&by=day",
        "?from=2026-01-01&to=2026-01-31&by=mediator",
    ] {
        let (status, body) = server.get(&token, &format!("/v1/stats{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert_error_body(&body, "invalid");
    }
    let (status, body) = server
        .get(&token, "/v1/stats/cash?from=2026-01-01&to=2026-01-31&by=service")
        .await;
    assert_eq!(status, 400);
    assert_error_body(&body, "invalid");
}

#[tokio::test]
async fn openapi_json_parses_and_names_every_route_and_error_code() {
    let server = start(unlimited()).await;
    let response = server.http.get(server.url("/openapi.json")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let doc: Value = response.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = doc["paths"].as_object().unwrap();
    let routes = balcao_central::routes();
    for (method, path) in &routes {
        let operation =
            &paths.get(*path).unwrap_or_else(|| panic!("{path} missing"))[method.as_str().to_lowercase()];
        assert!(operation.is_object(), "{method} {path} missing");
        assert!(
            operation["responses"].is_object(),
            "{method} {path} has no responses"
        );
    }
    for path in paths.keys() {
        assert!(
            routes.iter().any(|(_, p)| p == path),
            "{path} is documented but not served"
        );
    }
    let text = doc.to_string();
    for code in [
        "unauthorized",
        "forbidden",
        "not-found",
        "method-not-allowed",
        "malformed-json",
        "invalid",
        "conflict",
        "payload-too-large",
        "rate-limited",
        "internal",
        "personal-data",
    ] {
        assert!(
            text.contains(&format!("\"{code}\"")),
            "error code {code} is not documented"
        );
    }
    // Every `$ref` points at a schema or response that exists.
    fn refs(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    out.push(r.clone());
                }
                map.values().for_each(|v| refs(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    refs(&doc, &mut found);
    assert!(!found.is_empty());
    for r in found {
        let pointer = r.strip_prefix('#').unwrap();
        assert!(doc.pointer(pointer).is_some(), "dangling $ref {r}");
    }
}

#[tokio::test]
async fn a_database_outage_is_a_503_with_retry_after_and_no_internals() {
    // This test stops its own cluster, so it does not use the shared one.
    let cluster = PgCluster::start();
    let server = common::start_on(cluster.url(), &common::repo_catalogue(), unlimited()).await;
    let token = server.device("EC-0001").await;
    drop(cluster);
    let (status, body) = server.send(&token, &[record("EC-0001")]).await;
    assert_eq!(status, 503);
    assert_error_body(&body, "unavailable");
    let response = server
        .http
        .get(server.url("/v1/catalogue"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    assert_eq!(
        response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("30")
    );
    let body: serde_json::Value = response.json().await.unwrap();
    assert_error_body(&body, "unavailable");
    let text = body.to_string().to_lowercase();
    assert!(!text.contains("postgres") && !text.contains("database"), "{text}");
}

#[tokio::test]
async fn migrations_are_idempotent_and_a_newer_schema_is_refused() {
    let url = PgCluster::shared().create_database();
    let pool = db::pool(&url, 2).unwrap();
    assert_eq!(
        db::migrate(&pool).await.unwrap(),
        vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    );
    assert!(db::migrate(&pool).await.unwrap().is_empty());
    let client = pool.get().await.unwrap();
    client
        .execute(
            "INSERT INTO schema_version (version, name) VALUES (99, 'future')",
            &[],
        )
        .await
        .unwrap();
    let err = AppState::new(
        pool.clone(),
        &common::repo_catalogue(),
        common::demo_key(),
        Options::default(),
    )
    .await
    .err()
    .unwrap();
    assert!(err.to_string().contains("newer"), "{err}");
}

#[test]
fn the_demo_key_file_matches_the_public_constant() {
    let key = common::demo_key();
    assert_eq!(key.verifying_key().to_bytes(), balcao_central::DEMO_PUBLIC_KEY);
}
