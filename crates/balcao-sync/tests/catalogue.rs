//! Catalogue bundles: only the agency's signature over the exact bytes, never an older bundle, and
//! never a catalogue the checker refuses; an expired one is kept and flagged. The cached bundle is
//! verified again when read, so editing the database cannot inject a catalogue.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_core::attendance::UtcMillis;
use balcao_store::{CachedCatalogue, Store};
use balcao_sync::SyncError;
use balcao_sync::catalogue::{cached_bundle, verify_bundle};
use ed25519_dalek::{Signer, SigningKey};
use std::collections::BTreeMap;

const NOW: UtcMillis = UtcMillis(1_795_428_000_000);
const DAY: i64 = 86_400_000;

fn key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

/// The shipped catalogue's files, as the server puts them in a bundle.
fn files() -> BTreeMap<String, String> {
    balcao_catalogue::Source::embedded()
        .files
        .into_iter()
        .map(|f| (f.rel, f.text))
        .collect()
}

fn payload(sequence: i64, expires_at: i64, files: &BTreeMap<String, String>) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "sequence": sequence,
        "version": "2026.11.1",
        "issued_at": NOW.0 - DAY,
        "expires_at": expires_at,
        "files": files,
    }))
    .unwrap()
}

fn signed(sequence: i64, expires_at: i64, signer: &SigningKey) -> (Vec<u8>, Vec<u8>) {
    let p = payload(sequence, expires_at, &files());
    let s = signer.sign(&p).to_bytes().to_vec();
    (p, s)
}

#[test]
fn a_good_bundle_verifies_and_yields_the_checked_catalogue() {
    let k = key(1);
    let (p, s) = signed(12, NOW.0 + 30 * DAY, &k);
    let bundle = verify_bundle(&p, &s, &k.verifying_key(), None).unwrap();
    assert_eq!(bundle.info.sequence, 12);
    assert_eq!(bundle.info.version, "2026.11.1");
    assert!(!bundle.info.is_expired(NOW));
    let embedded = balcao_catalogue::load(None).catalogue;
    assert_eq!(bundle.catalogue.services.len(), embedded.services.len());
    assert!(!bundle.catalogue.services.is_empty());
    // The same sequence again (a server restarted with the same files) is fine.
    assert!(verify_bundle(&p, &s, &k.verifying_key(), Some(12)).is_ok());
}

#[test]
fn a_tampered_payload_is_refused_before_it_is_read() {
    let k = key(1);
    let (mut p, s) = signed(12, NOW.0 + 30 * DAY, &k);
    // A fee changed on the way: one byte of the payload.
    let at = p.len() / 2;
    p[at] ^= 0x01;
    assert_eq!(
        verify_bundle(&p, &s, &k.verifying_key(), None).unwrap_err(),
        SyncError::CatalogueSignature
    );
    // Bytes that are not even JSON are refused for their signature, not parsed.
    assert_eq!(
        verify_bundle(b"not json", &s, &k.verifying_key(), None).unwrap_err(),
        SyncError::CatalogueSignature
    );
}

#[test]
fn a_tampered_or_truncated_signature_is_refused() {
    let k = key(1);
    let (p, mut s) = signed(12, NOW.0 + 30 * DAY, &k);
    assert_eq!(
        verify_bundle(&p, &s[..63], &k.verifying_key(), None).unwrap_err(),
        SyncError::CatalogueSignature
    );
    s[10] ^= 0x80;
    assert_eq!(
        verify_bundle(&p, &s, &k.verifying_key(), None).unwrap_err(),
        SyncError::CatalogueSignature
    );
}

#[test]
fn a_bundle_signed_with_another_key_is_refused() {
    let (p, s) = signed(12, NOW.0 + 30 * DAY, &key(2));
    assert_eq!(
        verify_bundle(&p, &s, &key(1).verifying_key(), None).unwrap_err(),
        SyncError::CatalogueSignature
    );
}

#[test]
fn an_older_bundle_is_a_rollback_and_is_refused() {
    let k = key(1);
    let (p, s) = signed(11, NOW.0 + 30 * DAY, &k);
    assert_eq!(
        verify_bundle(&p, &s, &k.verifying_key(), Some(12)).unwrap_err(),
        SyncError::CatalogueRollback {
            held: 12,
            offered: 11
        }
    );
}

#[test]
fn an_expired_bundle_is_accepted_and_flagged() {
    let k = key(1);
    let (p, s) = signed(12, NOW.0 - DAY, &k);
    let bundle = verify_bundle(&p, &s, &k.verifying_key(), None).unwrap();
    assert!(bundle.info.is_expired(NOW));
    assert!(!bundle.info.is_expired(UtcMillis(NOW.0 - 2 * DAY)));
}

#[test]
fn a_signed_but_broken_catalogue_is_refused() {
    let k = key(1);
    let mut broken = files();
    broken.remove("categories.toml");
    let p = payload(13, NOW.0 + DAY, &broken);
    let s = k.sign(&p).to_bytes();
    assert!(matches!(
        verify_bundle(&p, &s, &k.verifying_key(), None).unwrap_err(),
        SyncError::CatalogueInvalid { errors } if errors > 0
    ));
    let p = br#"{"sequence": 13}"#;
    let s = k.sign(p).to_bytes();
    assert!(matches!(
        verify_bundle(p, &s, &k.verifying_key(), None).unwrap_err(),
        SyncError::CatalogueMalformed { .. }
    ));
}

#[test]
fn the_cached_bundle_is_verified_again_when_read() {
    let k = key(1);
    let mut store = Store::open_in_memory().unwrap();
    assert!(cached_bundle(&store, &k.verifying_key()).unwrap().is_none());
    let (p, s) = signed(12, NOW.0 + DAY, &k);
    let mut cached = CachedCatalogue {
        payload: p,
        signature: s,
        sequence: 12,
        etag: Some("\"12\"".into()),
        fetched_at: NOW,
    };
    store.set_cached_catalogue(&cached).unwrap();
    let bundle = cached_bundle(&store, &k.verifying_key()).unwrap().unwrap();
    assert_eq!(bundle.info.sequence, 12);
    // With another key (a build for another agency) it is not used.
    assert!(cached_bundle(&store, &key(3).verifying_key()).unwrap().is_none());
    // Edited in the database: not used either, and the app falls back to the embedded catalogue.
    let at = cached.payload.len() / 3;
    cached.payload[at] ^= 0x01;
    cached.sequence = 13;
    store.set_cached_catalogue(&cached).unwrap();
    assert!(cached_bundle(&store, &k.verifying_key()).unwrap().is_none());
    assert!(balcao_sync::cached_catalogue(&store).is_none());
}

#[test]
fn the_built_in_key_is_the_reference_server_s_demo_key() {
    assert_eq!(balcao_sync::PUBLIC_KEY, balcao_central::DEMO_PUBLIC_KEY);
    let demo =
        balcao_central::bundle::decode_signing_key(balcao_central::DEMO_SIGNING_KEY_FILE.as_bytes()).unwrap();
    assert_eq!(demo.verifying_key().to_bytes(), balcao_sync::PUBLIC_KEY);
    // So a bundle the demo server signs verifies with the key the app uses by default.
    let (p, s) = signed(1, NOW.0 + DAY, &demo);
    let key = balcao_sync::catalogue::catalogue_public_key().unwrap();
    assert!(verify_bundle(&p, &s, &key, None).is_ok());
}
