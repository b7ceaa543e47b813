//! `GET /v1/accounts` and the account admin against a real PostgreSQL: a device sees its own spot's
//! accounts (hashes, never a password), an unchanged list costs a 304, coordinators read a list without
//! hashes, and bad input at creation is said plainly.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_central::accounts::{self, Change};
use balcao_central::api;
use common::{start, unlimited};

#[tokio::test]
async fn a_device_pulls_its_spots_accounts_with_an_etag() {
    let server = start(unlimited()).await;
    let token = server.device("EC-0300").await;
    server.device("EC-0301").await;
    let now = api::now_ms();
    let (ana, code) = accounts::create(
        &server.pool,
        "Ana.Sousa",
        "Ana Sousa",
        "mediador",
        &["EC-0300".into()],
        now,
        14,
    )
    .await
    .unwrap();
    accounts::create(
        &server.pool,
        "rui.lima",
        "Rui Lima",
        "supervisor",
        &["EC-0301".into()],
        now,
        14,
    )
    .await
    .unwrap();
    let response = server
        .http
        .get(server.url("/v1/accounts"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    let body: serde_json::Value = response.json().await.unwrap();
    let list = body["accounts"].as_array().unwrap();
    assert_eq!(list.len(), 1, "only the spot's accounts: {body}");
    assert_eq!(list[0]["id"], ana.to_string());
    assert_eq!(list[0]["login"], "ana.sousa");
    assert_eq!(list[0]["role"], "mediador");
    assert_eq!(list[0]["password_hash"], serde_json::Value::Null);
    assert_eq!(list[0]["activation_code_hash"], balcao_accounts::code_hash(&code));
    assert!(!body.to_string().contains(&code), "never the code itself");

    let again = |etag: String| {
        let request = server
            .http
            .get(server.url("/v1/accounts"))
            .bearer_auth(&token)
            .header("if-none-match", etag);
        async move { request.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(again(etag.clone()).await, 304);
    // Any change (a disable here) makes a new list.
    tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    accounts::change(&server.pool, "ana.sousa", Change::Disable, api::now_ms())
        .await
        .unwrap();
    assert_eq!(again(etag).await, 200);

    // A coordinator reads who works where, never a hash.
    let coordinator = server.coordinator().await;
    let (status, body) = server.get(&coordinator, "/v1/accounts").await;
    assert_eq!(status, 200);
    assert_eq!(body["accounts"].as_array().unwrap().len(), 2, "{body}");
    assert_eq!(body["accounts"][0]["state"], "disabled");
    assert!(!body.to_string().contains("hash"), "{body}");
}

#[tokio::test]
async fn bad_account_input_is_refused_plainly() {
    let server = start(unlimited()).await;
    server.device("EC-0400").await;
    let now = api::now_ms();
    let spot = ["EC-0400".to_string()];
    let err = |r: Result<_, balcao_central::CentralError>| r.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        err(accounts::create(&server.pool, "a b", "Ana", "mediador", &spot, now, 14).await).contains("login")
    );
    assert!(
        err(accounts::create(&server.pool, "ana", "Ana", "chefe", &spot, now, 14).await).contains("role")
    );
    assert!(
        err(accounts::create(&server.pool, "ana", "Ana", "mediador", &[], now, 14).await)
            .contains("at least one spot")
    );
    assert!(
        err(accounts::create(
            &server.pool,
            "ana",
            "Ana",
            "mediador",
            &["EC-9999".into()],
            now,
            14
        )
        .await)
        .contains("EC-9999")
    );
    accounts::create(&server.pool, "ana", "Ana", "mediador", &spot, now, 14)
        .await
        .unwrap();
    assert!(
        err(accounts::create(&server.pool, "ANA", "Ana", "mediador", &spot, now, 14).await)
            .contains("exists")
    );
    assert!(
        accounts::change(&server.pool, "nobody", Change::Unlock, now)
            .await
            .is_err()
    );
    let code = accounts::reset(&server.pool, "ana", now, 7).await.unwrap();
    assert_eq!(code.len(), 14);
}
