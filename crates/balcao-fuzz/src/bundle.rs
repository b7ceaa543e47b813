//! The signed catalogue bundle: `balcao_sync::catalogue::verify_bundle`, what a counter runs on every
//! bundle it downloads and on the cached one each time it starts.
//!
//! A fuzzer cannot forge an Ed25519 signature, so most of its inputs would stop at the signature and
//! the payload's parser would never be reached. The input therefore starts with an 8-byte header
//! that says how to use the rest:
//!
//! | byte | meaning |
//! | --- | --- |
//! | 0 | bit 0 clear: the rest is a payload that the harness signs with its test key; set: the rest is a 64-byte signature and then a payload, both as given |
//! | 1 | for a signed payload, what is changed after signing: 0 nothing, 1 a payload byte, 2 a signature byte, 3 the payload cut at the position, 4 a byte appended to the payload, 5 checked with another key |
//! | 2, 3 | the position of the change (big-endian, modulo the length) |
//! | 4 | the bits flipped (0 reads as 1, so a change always changes) |
//! | 5 | bit 0 set: the counter holds a bundle already, of sequence … |
//! | 6, 7 | … this (big-endian, signed) |
//!
//! **Invariant: a bundle that verifies was signed by the key.** Bytes made up by the fuzzer verify
//! only when their signature is the key's own signature of their payload; a signed bundle changed in
//! any byte, or checked with another key, is refused *for its signature* (before its payload is read).
//! An intact bundle that verifies says what its payload says, is not older than the one held, and
//! carries a catalogue that passes its own check ([`crate::catalogue`]).

use crate::catalogue::{assert_checked, assert_reloads};
use balcao_sync::SyncError;
use balcao_sync::catalogue::{VerifiedBundle, verify_bundle};
use ed25519_dalek::{Signer, SigningKey};
use serde_json::Value;

/// The harness's signing key (a fixed test key: reproducible runs, and seeds signed in advance).
pub fn test_signing_key() -> SigningKey {
    SigningKey::from_bytes(&[0x5e; 32])
}

/// Another key, whose verifying half must refuse everything the test key signed.
fn other_key() -> SigningKey {
    SigningKey::from_bytes(&[0xa7; 32])
}

/// Fuzz target: a catalogue bundle, signed by the harness or made up whole, through the counter's check.
pub fn catalogue_bundle(data: &[u8]) {
    let Some((header, rest)) = data.split_first_chunk::<8>() else {
        return;
    };
    let [mode, change, pos_hi, pos_lo, flip, held_flag, held_hi, held_lo] = *header;
    let held = (held_flag & 1 == 1).then(|| i64::from(i16::from_be_bytes([held_hi, held_lo])));
    let key = test_signing_key();
    let verifying = key.verifying_key();

    if mode & 1 == 1 {
        let (signature, payload) = rest.split_at(rest.len().min(64));
        if let Ok(bundle) = verify_bundle(payload, signature, &verifying, held) {
            assert_eq!(
                signature,
                key.sign(payload).to_bytes().as_slice(),
                "a bundle verified with a signature the key did not make"
            );
            assert_intact(payload, held, &bundle);
        }
        return;
    }

    let payload = rest.to_vec();
    let signature = key.sign(&payload).to_bytes().to_vec();
    let (mut p, mut s) = (payload.clone(), signature.clone());
    let at = usize::from(u16::from_be_bytes([pos_hi, pos_lo]));
    let flip = flip.max(1);
    let mut check_with = verifying;
    match change % 6 {
        1 if !p.is_empty() => {
            let i = at % p.len();
            p[i] ^= flip;
        }
        2 => {
            let i = at % s.len();
            s[i] ^= flip;
        }
        3 => p.truncate(at % (p.len() + 1)),
        4 => p.push(flip),
        5 => check_with = other_key().verifying_key(),
        _ => {}
    }
    let result = verify_bundle(&p, &s, &check_with, held);
    if p != payload || s != signature || check_with != verifying {
        assert!(
            matches!(result, Err(SyncError::CatalogueSignature)),
            "a bundle changed after signing (or checked with another key) was not refused for its \
             signature: {:?}",
            result.map(|b| b.info)
        );
        return;
    }
    if let Ok(bundle) = result {
        assert_intact(&payload, held, &bundle);
    }
}

/// What a verified bundle must be: what its payload says, not older than `held`, a sound catalogue.
fn assert_intact(payload: &[u8], held: Option<i64>, bundle: &VerifiedBundle) {
    let value: Value = match serde_json::from_slice(payload) {
        Ok(value) => value,
        Err(e) => panic!("a verified bundle's payload is not JSON: {e}"),
    };
    let info = &bundle.info;
    assert_eq!(Some(info.sequence), value["sequence"].as_i64(), "sequence");
    assert_eq!(Some(info.version.as_str()), value["version"].as_str(), "version");
    assert_eq!(Some(info.issued_at.0), value["issued_at"].as_i64(), "issued_at");
    assert_eq!(
        Some(info.expires_at.0),
        value["expires_at"].as_i64(),
        "expires_at"
    );
    if let Some(held) = held {
        assert!(
            info.sequence >= held,
            "bundle {} accepted over {held}",
            info.sequence
        );
    }
    let files = value["files"].as_object();
    assert_eq!(
        bundle.source.files.len(),
        files.map_or(0, |f| f.len()),
        "the bundle's files"
    );
    for file in &bundle.source.files {
        assert_eq!(
            files.and_then(|f| f.get(&file.rel)).and_then(Value::as_str),
            Some(file.text.as_str()),
            "file {}",
            file.rel
        );
    }
    assert_checked(&bundle.catalogue);
    assert_reloads(&bundle.catalogue);
}
