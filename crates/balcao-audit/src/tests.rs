//! The audit trail's unit tests: an honest chain, each kind of tampering, the signed bytes, JSON, keys.

use super::*;

fn key() -> DeviceKey {
    DeviceKey::from_seed(&[7; 32])
}

fn draft(i: i64) -> Draft {
    Draft {
        at: 1_750_000_000_000 + i,
        mediator: "ana".into(),
        action: "cash.payment".into(),
        record_ids: vec![format!("rec-{i}"), "att-1".into()],
        payload_hash: payload_hash(&format!("{{\"n\":{i}}}")).unwrap(),
    }
}

fn chain(n: i64) -> Vec<Entry> {
    let key = key();
    let mut head = Head::EMPTY;
    (0..n)
        .map(|i| {
            let entry = head.append(draft(i), Some(&key));
            head = Head {
                seq: entry.seq,
                hash: entry.hash(),
            };
            entry
        })
        .collect()
}

#[test]
fn an_honest_chain_verifies_to_its_head() {
    let entries = chain(5);
    let head = verify_chain(Head::EMPTY, &entries, &key().public()).unwrap();
    assert_eq!(head.seq, 5);
    assert_eq!(head.hash, entries[4].hash());
    assert_eq!(entries[0].prev_hash, GENESIS);
    assert_eq!(entries[1].prev_hash, entries[0].hash());
}

#[test]
fn each_kind_of_tampering_is_named_at_the_first_broken_entry() {
    let public = key().public();
    // An edited field: the signature no longer matches.
    let mut edited = chain(4);
    edited[2].mediator = "outro".into();
    assert_eq!(
        verify_chain(Head::EMPTY, &edited, &public),
        Err(Problem::Signature { seq: 3 })
    );
    // A deleted entry: a gap.
    let mut deleted = chain(4);
    deleted.remove(1);
    assert_eq!(
        verify_chain(Head::EMPTY, &deleted, &public),
        Err(Problem::Gap {
            expected: 2,
            found: 3
        })
    );
    // Two entries swapped, renumbered so the seqs still run: the links break.
    let mut swapped = chain(4);
    swapped.swap(1, 2);
    swapped[1].seq = 2;
    swapped[2].seq = 3;
    assert_eq!(
        verify_chain(Head::EMPTY, &swapped, &public),
        Err(Problem::Link { seq: 2, prev: 1 })
    );
    // An entry re-signed by another key.
    let mut forged = chain(3);
    let other = DeviceKey::from_seed(&[9; 32]);
    let head = Head {
        seq: 1,
        hash: forged[0].hash(),
    };
    forged[1] = head.append(draft(99), Some(&other));
    assert_eq!(
        verify_chain(Head::EMPTY, &forged, &public),
        Err(Problem::Signature { seq: 2 })
    );
    // An unsigned entry.
    let unsigned = vec![Head::EMPTY.append(draft(0), None)];
    assert_eq!(
        verify_chain(Head::EMPTY, &unsigned, &public),
        Err(Problem::Unsigned { seq: 1 })
    );
}

#[test]
fn a_record_id_moved_between_fields_changes_the_signed_bytes() {
    // Length prefixes: ("ab", "c") and ("a", "bc") must not sign the same bytes.
    let mut a = chain(1).remove(0);
    let mut b = a.clone();
    a.mediator = "ab".into();
    a.action = "c".into();
    b.mediator = "a".into();
    b.action = "bc".into();
    assert_ne!(a.signed_bytes(), b.signed_bytes());
}

#[test]
fn entries_and_checkpoints_round_trip_through_json() {
    let entries = chain(2);
    let text = serde_json::to_string(&entries).unwrap();
    let back: Vec<Entry> = serde_json::from_str(&text).unwrap();
    assert_eq!(back, entries);
    let checkpoint = key().checkpoint(Head {
        seq: 2,
        hash: entries[1].hash(),
    });
    let text = serde_json::to_string(&checkpoint).unwrap();
    assert!(text.contains("\"seq\":2"), "{text}");
    let back: Checkpoint = serde_json::from_str(&text).unwrap();
    assert!(back.verify(&key().public()));
    let mut replayed = back;
    replayed.head.seq = 3;
    assert!(!replayed.verify(&key().public()));
    assert!(serde_json::from_str::<Entry>(&text.replace("\"seq\":2", "\"seq\":-1")).is_err());
}

#[test]
fn the_payload_hash_ignores_key_order_and_spacing_but_not_values() {
    let a = payload_hash(r#"{"b": 1, "a": {"y": "x", "x": [1, 2]}}"#).unwrap();
    let b = payload_hash(r#"{"a":{"x":[1,2],"y":"x"},"b":1}"#).unwrap();
    let c = payload_hash(r#"{"a":{"x":[1,2],"y":"x"},"b":2}"#).unwrap();
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert!(matches!(payload_hash("{"), Err(AuditError::Payload(_))));
}

#[test]
fn keys_travel_as_hex_and_never_print_their_secret() {
    let key = DeviceKey::generate().unwrap();
    let again = DeviceKey::from_secret_hex(&key.to_secret_hex()).unwrap();
    assert_eq!(again.public(), key.public());
    assert_eq!(PublicKey::from_hex(&key.public().to_hex()).unwrap(), key.public());
    assert!(!format!("{key:?}").contains(&key.to_secret_hex()));
    assert_eq!(DeviceKey::from_secret_hex("12").err(), Some(AuditError::BadKey));
    assert_eq!(PublicKey::from_hex("zz").err(), Some(AuditError::BadKey));
    assert_eq!(from_hex("0aFf"), Some(vec![10, 255]));
    assert_eq!(from_hex("0g"), None);
}

/// Found by the `central_records` fuzz target: serde_json parsed some numbers to a float one unit off
/// (without its `float_roundtrip` feature), so a payload's canonical text, parsed again, was another
/// value: the counter hashes the text it stored, the central server the value it received, and the two
/// hashes differed (a false `record-changed` alert). The workspace now enables exact parsing.
#[test]
fn a_payload_hashes_the_same_from_its_text_and_from_its_canonical_text() {
    for text in [
        r#"{"consent_at":17724420011772442000000}"#,
        r#"{"a":0.1,"b":1e-7,"c":2.5e300,"d":-0.0,"e":123456789.12345679}"#,
        r#"{"x":[5e-324,1.7976931348623157e308,9007199254740993]}"#,
    ] {
        let canonical = serde_json::from_str::<serde_json::Value>(text)
            .unwrap()
            .to_string();
        assert_eq!(
            payload_hash(text).unwrap(),
            payload_hash(&canonical).unwrap(),
            "{text} -> {canonical}"
        );
    }
}
