//! The signed catalogue bundle: its signature verifies with the public key, its ETag saves a download,
//! its sequence grows when the catalogue folder changes across a restart (and only then), and a folder
//! with errors is never signed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_central::bundle::BundlePayload;
use balcao_central::{AppState, Options, db};
use balcao_testkit::{PgCluster, TempDir, copy_dir};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::{start_on, unlimited};
use ed25519_dalek::{Signature, VerifyingKey};
use serde_json::Value;

/// Fetches the bundle; verifies its signature with the demo public key before parsing the payload.
async fn fetch(server: &common::Server, token: &str) -> (String, BundlePayload) {
    let response = server
        .http
        .get(server.url("/v1/catalogue"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    let body: Value = response.json().await.unwrap();
    let payload = STANDARD.decode(body["payload"].as_str().unwrap()).unwrap();
    let signature = STANDARD.decode(body["signature"].as_str().unwrap()).unwrap();
    let key = VerifyingKey::from_bytes(&balcao_central::DEMO_PUBLIC_KEY).unwrap();
    let signature = Signature::from_bytes(&signature.try_into().unwrap());
    key.verify_strict(&payload, &signature).unwrap();
    // A changed byte does not verify.
    let mut tampered = payload.clone();
    tampered[10] ^= 1;
    assert!(key.verify_strict(&tampered, &signature).is_err());
    (etag, serde_json::from_slice(&payload).unwrap())
}

#[tokio::test]
async fn the_bundle_is_signed_carries_every_file_and_answers_304_to_its_etag() {
    let db_url = PgCluster::shared().create_database();
    let server = start_on(&db_url, &common::repo_catalogue(), unlimited()).await;
    let token = server.device("EC-0001").await;
    let (etag, payload) = fetch(&server, &token).await;
    assert_eq!(etag, format!("\"{}\"", payload.sequence));
    assert_eq!(payload.sequence, 1);
    assert_eq!(payload.expires_at - payload.issued_at, 30 * 86_400_000);
    let catalogue_toml = std::fs::read_to_string(common::repo_catalogue().join("catalogue.toml")).unwrap();
    assert_eq!(payload.files["catalogue.toml"], catalogue_toml);
    assert!(payload.files.contains_key("entities/irn.toml"));
    assert!(payload.files.contains_key("synonyms.toml"));
    assert!(!payload.files.keys().any(|k| k.ends_with(".md")));
    // The payload is a catalogue a counter can load.
    let source = balcao_catalogue::Source::from_files("bundle", payload.files.clone());
    assert!(balcao_catalogue::check(&source).is_ok());
    assert!(catalogue_toml.contains(&format!("version = \"{}\"", payload.version)));

    let response = server
        .http
        .get(server.url("/v1/catalogue"))
        .bearer_auth(&token)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 304);
    assert_eq!(response.headers()["etag"], etag.as_str());
    assert!(response.bytes().await.unwrap().is_empty());
    let response = server
        .http
        .get(server.url("/v1/catalogue"))
        .bearer_auth(&token)
        .header("if-none-match", "\"0\"")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn the_sequence_increases_when_the_folder_changes_and_the_server_restarts() {
    let db_url = PgCluster::shared().create_database();
    let dir = TempDir::new("balcao-catalogue");
    copy_dir(&common::repo_catalogue(), dir.path());

    let server = start_on(&db_url, dir.path(), unlimited()).await;
    let token = server.device("EC-0001").await;
    let (first_etag, first) = fetch(&server, &token).await;
    drop(server);

    // A restart over the same folder serves the same bundle, byte for byte.
    let server = start_on(&db_url, dir.path(), unlimited()).await;
    let (etag, same) = fetch(&server, &token).await;
    assert_eq!((etag, &same), (first_etag.clone(), &first));
    drop(server);

    // A changed folder is a new bundle with the next sequence; the old ETag no longer matches.
    let path = dir.path().join("catalogue.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\n# edited\n")).unwrap();
    let server = start_on(&db_url, dir.path(), unlimited()).await;
    let (etag, second) = fetch(&server, &token).await;
    assert_eq!(second.sequence, first.sequence + 1);
    assert_ne!(etag, first_etag);
    assert!(second.files["catalogue.toml"].ends_with("# edited\n"));
    let response = server
        .http
        .get(server.url("/v1/catalogue"))
        .bearer_auth(&token)
        .header("if-none-match", &first_etag)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    // A reload (what SIGHUP does) picks up the next change without a restart.
    std::fs::write(&path, format!("{text}\n# edited twice\n")).unwrap();
    assert_eq!(
        server.state.reload_catalogue().await.unwrap(),
        second.sequence + 1
    );
    let (_, third) = fetch(&server, &token).await;
    assert_eq!(third.sequence, second.sequence + 1);
}

#[tokio::test]
async fn a_catalogue_with_errors_is_refused_and_never_signed() {
    let db_url = PgCluster::shared().create_database();
    let dir = TempDir::new("balcao-catalogue");
    copy_dir(&common::repo_catalogue(), dir.path());
    let path = dir.path().join("entities/irn.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("https://", "http://", 1)).unwrap();

    let pool = db::pool(&db_url, 2).unwrap();
    let err = AppState::new(pool.clone(), dir.path(), common::demo_key(), Options::default())
        .await
        .err()
        .unwrap();
    let message = err.to_string();
    assert!(message.contains("entities/irn.toml:"), "{message}");
    let client = pool.get().await.unwrap();
    let signed: i64 = client
        .query_one("SELECT count(*) FROM catalogue_bundles", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(signed, 0);
}
