//! The central server's request bodies (`POST /v1/records`, `/v1/enroll`, `/v1/audit`) and its
//! signing key file.
//!
//! A handler decodes its body, judges it, and only then opens a database transaction. The steps before
//! the database that `balcao-central` exposes are run here as the handler runs them: the JSON decode,
//! the `records` array, the privacy refusal (`balcao_privacy::identifier_in`) and an activation's
//! decode for records; the audit request's own type (`balcao_central::audit::AuditRequest`) and the
//! verifier for audit uploads; the records handler's own judgement of each record
//! (`records::judge_and_encode`); and the enrolment's and the account creation's own judgements
//! (`enrollment::judge`, `accounts_api::judge_create`), which return the request as the server uses it.
//!
//! **Invariant: a body that is accepted round-trips.** Every value decoded, serialised and decoded
//! again is the same value. Beyond that, for records: the two ends' privacy rules agree (a payload
//! `identifier_in` accepts is one `minimise` leaves alone; what `minimise` leaves, `identifier_in`
//! accepts, but for e-mail addresses outside the fields it empties, which the server refuses by
//! design; `minimise` is idempotent and keeps a payload that decodes as the counter's type decodable),
//! and a payload's audit hash is the same from its text (the counter's) and from its value (the
//! server's).

use crate::audit::assert_verifier_consistent;
use balcao_audit::{Checkpoint, Head, PublicKey};
use balcao_central::audit::AuditRequest;
use balcao_store::{Cancellation, CashSession, ClosingRecord, Payment, Snapshot};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::fmt::Debug;

/// Fuzz target: the body of `POST /v1/records`.
pub fn central_records(data: &[u8]) {
    let Ok(body) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    assert_round_trips(&body);
    let Some(records) = body.get("records").and_then(Value::as_array) else {
        return;
    };
    for record in records {
        let kind = record.get("kind").and_then(Value::as_str).unwrap_or("");
        if let Some(payload) = record.get("payload") {
            assert_privacy_rules_agree(kind, payload);
            assert_hash_of_text_and_value_agree(payload);
            if kind == "account.activated" {
                // What the server applies to an account: it decodes or it is refused, never a panic.
                let _ = balcao_central::accounts::decode_activation(payload);
            }
        }
        // The server's own judgement: never a panic, and an accepted record, encoded again, is
        // judged the same.
        if let Ok(encoded) = balcao_central::records::judge_and_encode(record) {
            let again = balcao_central::records::judge_and_encode(&encoded)
                .unwrap_or_else(|why| panic!("an accepted record is refused once encoded again: {why}"));
            assert_eq!(
                again, encoded,
                "an accepted record is judged differently once encoded again"
            );
        }
        // The counter's type for one record: what the sync worker sends.
        if let Some(sent) = decoded::<balcao_sync::client::Record>(record) {
            assert_round_trips(&sent);
        }
    }
}

/// Fuzz target: the body of `POST /v1/enroll`, judged by the server's own
/// [`balcao_central::enrollment::judge`] (everything it checks before the database).
pub fn central_enroll(data: &[u8]) {
    if let Ok(body) = serde_json::from_slice::<Value>(data) {
        assert_round_trips(&body);
    }
    let Ok(judged) = balcao_central::enrollment::judge(data) else {
        return;
    };
    assert_judged_again(
        "enrolment",
        &judged,
        &judged.to_body(),
        balcao_central::enrollment::judge,
    );
    // The code is in the form the counter and the admin command hash: nothing left to normalise.
    assert!(
        !judged.code.chars().any(|c| c.is_whitespace() || c == '-'),
        "a normalised code keeps a separator: {:?}",
        judged.code
    );
    assert_eq!(
        balcao_accounts::normalize_code(&judged.code),
        judged.code,
        "the counter would normalise the server's code again"
    );
    let name = judged.device_name.chars().count();
    assert!(
        (1..=balcao_central::enrollment::MAX_DEVICE_NAME).contains(&name),
        "a device name of {name} characters is accepted"
    );
    assert_eq!(
        judged.device_name.trim(),
        judged.device_name,
        "an untrimmed name is kept"
    );
    if let Some(hex) = &judged.audit_public_key {
        let key = PublicKey::from_hex(hex).unwrap_or_else(|_| panic!("a kept key does not read: {hex}"));
        assert_eq!(&key.to_hex(), hex, "a kept key is not in its canonical form");
    }
}

/// Fuzz target: the body of `POST /v1/accounts`, judged by the server's own
/// [`balcao_central::accounts_api::judge_create`] (everything it checks before the database).
pub fn central_accounts(data: &[u8]) {
    let Ok(judged) = balcao_central::accounts_api::judge_create(data) else {
        return;
    };
    assert_judged_again(
        "account",
        &judged,
        &judged,
        balcao_central::accounts_api::judge_create,
    );
    assert!(
        balcao_central::accounts::ROLES.contains(&judged.role.as_str()),
        "role {:?} accepted",
        judged.role
    );
    assert!(!judged.spots.is_empty(), "an account without a spot accepted");
    assert!(
        judged
            .login
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_')),
        "login {:?} accepted",
        judged.login
    );
    assert!(
        judged
            .valid_days
            .is_some_and(|days| (1..=balcao_central::accounts_api::MAX_VALID_DAYS).contains(&days)),
        "an activation valid for {:?} days accepted",
        judged.valid_days
    );
}

/// An accepted body round-trips: the request as the server will use it (`judged`), sent again as
/// `body`, is accepted and judged the same.
fn assert_judged_again<T, E>(what: &str, judged: &T, body: &impl Serialize, judge: fn(&[u8]) -> Result<T, E>)
where
    T: PartialEq + Debug,
    E: Debug,
{
    let bytes =
        serde_json::to_vec(body).unwrap_or_else(|err| panic!("an accepted {what} does not encode: {err}"));
    let again =
        judge(&bytes).unwrap_or_else(|why| panic!("an accepted {what} is refused once sent again: {why:?}"));
    assert_eq!(
        &again, judged,
        "an accepted {what} is judged differently once sent again"
    );
}

/// Fuzz target: the body of `POST /v1/audit`, decoded as the server's own request type.
pub fn central_audit(data: &[u8]) {
    let Ok(request) = serde_json::from_slice::<AuditRequest>(data) else {
        return;
    };
    assert_round_trips(&request.entries);
    if let Some(checkpoint) = &request.checkpoint {
        assert_round_trips(checkpoint);
    }
    let mut keys: Vec<PublicKey> = vec![crate::audit::test_device_key().public()];
    if let Some(key) = request
        .public_key
        .as_deref()
        .and_then(|k| PublicKey::from_hex(k).ok())
    {
        keys.push(key);
    }
    for key in &keys {
        assert_verifier_consistent(Head::EMPTY, &request.entries, key);
        if let Some(checkpoint) = &request.checkpoint {
            let verifies = checkpoint.verify(key);
            let again: Option<Checkpoint> = decoded(&serde_json::to_value(checkpoint).unwrap_or_default());
            assert_eq!(
                again.map(|c| c.verify(key)),
                Some(verifies),
                "a checkpoint's signature changed in a round trip"
            );
        }
    }
}

/// Fuzz target: the central server's `--signing-key` file.
pub fn central_signing_key(data: &[u8]) {
    let Ok(key) = balcao_central::bundle::decode_signing_key(data) else {
        return;
    };
    let written = balcao_central::bundle::encode_signing_key(&key);
    match balcao_central::bundle::decode_signing_key(written.as_bytes()) {
        Ok(again) => assert_eq!(
            again.to_bytes(),
            key.to_bytes(),
            "keygen's text reads as another key"
        ),
        Err(why) => panic!("keygen's text {written:?} does not read: {why}"),
    }
}

/// The value decoded from JSON as `T`, or `None`.
fn decoded<T: DeserializeOwned>(value: &Value) -> Option<T> {
    serde_json::from_value(value.clone()).ok()
}

/// Serialised and decoded again (from bytes, as on the wire), a value is the same value.
pub(crate) fn assert_round_trips<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T) {
    let bytes = match serde_json::to_vec(value) {
        Ok(bytes) => bytes,
        Err(e) => panic!("an accepted value does not serialise: {e}: {value:?}"),
    };
    match serde_json::from_slice::<T>(&bytes) {
        Ok(again) => assert_eq!(&again, value, "a value changed in a JSON round trip"),
        Err(e) => panic!(
            "an accepted value, serialised, does not decode: {e}: {}",
            String::from_utf8_lossy(&bytes)
        ),
    }
}

/// `minimise` and `identifier_in` tell the same story about a payload of `kind`.
fn assert_privacy_rules_agree(kind: &str, payload: &Value) {
    let found = balcao_privacy::identifier_in(kind, payload);
    let mut minimised = payload.clone();
    let changed = balcao_privacy::minimise(kind, &mut minimised);
    assert!(
        !changed || found.is_some(),
        "minimise changed a {kind} payload in which identifier_in finds nothing"
    );
    let mut twice = minimised.clone();
    assert!(
        !balcao_privacy::minimise(kind, &mut twice),
        "minimise is not idempotent for {kind}"
    );
    assert_eq!(twice, minimised, "minimise is not idempotent for {kind}");
    if let Some(left) = balcao_privacy::identifier_in(kind, &minimised) {
        assert_eq!(
            left.what, "e-mail",
            "after minimise, the server still refuses a {kind} record for {} at {}",
            left.what, left.field
        );
    }
    // The minimised form keeps the record's shape: the counter's own type still decodes it.
    match kind {
        k if k.starts_with("attendance.") || k.starts_with("line.") => {
            assert_shape_kept::<Snapshot>(kind, payload, &minimised);
        }
        "cash.session-opened" => assert_shape_kept::<CashSession>(kind, payload, &minimised),
        "cash.payment" => assert_shape_kept::<Payment>(kind, payload, &minimised),
        "cash.cancellation" => assert_shape_kept::<Cancellation>(kind, payload, &minimised),
        "cash.session-closed" => assert_shape_kept::<ClosingRecord>(kind, payload, &minimised),
        _ => {}
    }
}

/// A payload that decodes as `T` still does once minimised, and both round-trip.
fn assert_shape_kept<T: Serialize + DeserializeOwned + PartialEq + Debug>(
    kind: &str,
    payload: &Value,
    minimised: &Value,
) {
    let Some(typed) = decoded::<T>(payload) else {
        return;
    };
    assert_round_trips(&typed);
    match decoded::<T>(minimised) {
        Some(typed) => assert_round_trips(&typed),
        None => panic!("a {kind} payload no longer decodes as the counter's type once minimised"),
    }
}

/// The audit hash of a payload: the counter hashes the text it stored, the server the value it parsed.
fn assert_hash_of_text_and_value_agree(payload: &Value) {
    let from_value = balcao_audit::payload_hash_value(payload);
    let text = payload.to_string();
    match balcao_audit::payload_hash(&text) {
        Ok(from_text) => assert_eq!(
            from_text, from_value,
            "the payload's hash differs from its text's: {text}"
        ),
        Err(e) => panic!("a payload's canonical text does not parse: {e}: {text}"),
    }
}
