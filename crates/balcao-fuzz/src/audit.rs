//! The audit-trail verifier (`balcao_audit`): chains the fuzzer shapes, signed with a test device key,
//! then changed the ways a person with the counter's database file could change them.
//!
//! The input is read as a stream ([`crate::input::Bytes`]): the number of entries, then each entry's
//! flags (signed or not, how many record ids, a payload hash or none), time, mediator, action and
//! record ids; then one change: a byte of the upload's JSON flipped, an entry dropped, two swapped,
//! the chain cut short, an entry repeated, or the checkpoint replaced by one the device signed for an
//! older head.
//!
//! **Invariants.** The chain as made verifies up to its first unsigned entry, and its checkpoint
//! verifies with the device's key only; the upload decodes, as the server's request type, to the
//! same chain. A changed upload that decodes to different entries is **detected**: verification stops
//! at exactly the first entry that differs (or earlier, at an unsigned one), and when the chain was
//! only cut short (every entry left verifies) the signed checkpoint no longer matches its head. No
//! changed upload is accepted whole: verified to its end with a checkpoint of the device that names
//! its head. [`assert_verifier_consistent`] holds for any list of entries: each step's head is the
//! entry's own, a problem names the entry it stopped at, a verified entry still verifies after a JSON
//! round trip, and `verify_chain` agrees with the step-by-step verification.

use crate::input::Bytes;
use balcao_audit::{
    Checkpoint, DeviceKey, Draft, Entry, GENESIS, Head, Problem, PublicKey, verify_chain, verify_next,
};
use balcao_central::audit::AuditRequest;

/// The harness's device key (fixed: reproducible runs, and seeds signed in advance).
pub fn test_device_key() -> DeviceKey {
    DeviceKey::from_seed(&[0x3c; 32])
}

/// Fuzz target: a signed chain, changed once, through the verifier.
pub fn audit_chain(data: &[u8]) {
    let mut input = Bytes::new(data);
    let key = test_device_key();
    let public = key.public();
    let n = usize::from(input.byte() % 8) + 1;
    let mut head = Head::EMPTY;
    let mut entries = Vec::with_capacity(n);
    let mut heads = vec![head];
    for _ in 0..n {
        let flags = input.byte();
        let draft = Draft {
            at: i64::from_be_bytes(input.array::<8>()),
            mediator: input.string(24),
            action: input.string(24),
            record_ids: (0..flags % 3).map(|_| input.string(40)).collect(),
            payload_hash: if flags & 4 == 0 {
                GENESIS
            } else {
                input.array::<32>()
            },
        };
        // Bit 7: written while the counter had no key (its keyring was unavailable).
        let entry = head.append(draft, (flags & 0x80 == 0).then_some(&key));
        head = Head {
            seq: entry.seq,
            hash: entry.hash(),
        };
        heads.push(head);
        entries.push(entry);
    }
    let checkpoint = key.checkpoint(head);

    // The chain as made.
    let first_unsigned = entries.iter().position(|e| e.signature.is_none());
    match (verify_chain(Head::EMPTY, &entries, &public), first_unsigned) {
        (Ok(verified), None) => assert_eq!(verified, head, "a chain verified to another head"),
        (Err(Problem::Unsigned { seq }), Some(i)) => {
            assert_eq!(
                Some(seq),
                entries.get(i).map(|e| e.seq),
                "the unsigned entry named"
            );
        }
        (result, _) => panic!("a chain as made verified as {result:?} (first unsigned: {first_unsigned:?})"),
    }
    assert_verifier_consistent(Head::EMPTY, &entries, &public);
    assert!(
        checkpoint.verify(&public),
        "the device's checkpoint does not verify"
    );
    let stranger = DeviceKey::from_seed(&[0xc3; 32]).public();
    assert!(
        !checkpoint.verify(&stranger),
        "a checkpoint verifies with another key"
    );

    // The upload as the counter sends it, decoded as the server's request type.
    let upload = serde_json::json!({
        "public_key": public.to_hex(),
        "entries": entries,
        "checkpoint": checkpoint,
    });
    let body = serde_json::to_vec(&upload).unwrap_or_default();
    let request = match serde_json::from_slice::<AuditRequest>(&body) {
        Ok(request) => request,
        Err(e) => panic!("the counter's upload does not decode as the server's request: {e}"),
    };
    assert_eq!(
        request.entries, entries,
        "the upload's entries changed on the way"
    );
    assert_eq!(
        request.checkpoint,
        Some(checkpoint),
        "the upload's checkpoint changed on the way"
    );

    // One change.
    let mut signed = vec![checkpoint];
    let (changed, changed_checkpoint) = match input.byte() % 6 {
        0 => {
            let mut body = body;
            let at = usize::from(u16::from_be_bytes(input.array::<2>()));
            let i = at % body.len().max(1);
            if let Some(b) = body.get_mut(i) {
                *b ^= input.byte().max(1);
            }
            match serde_json::from_slice::<AuditRequest>(&body) {
                Ok(request) => (request.entries, request.checkpoint),
                // Refused whole as `invalid` by the server: nothing is verified or stored.
                Err(_) => return,
            }
        }
        1 => {
            let mut list = entries.clone();
            list.remove(usize::from(input.byte()) % n);
            (list, Some(checkpoint))
        }
        2 => {
            let mut list = entries.clone();
            let (i, j) = (usize::from(input.byte()) % n, usize::from(input.byte()) % n);
            list.swap(i, j);
            (list, Some(checkpoint))
        }
        3 => {
            let mut list = entries.clone();
            list.truncate(usize::from(input.byte()) % n);
            (list, Some(checkpoint))
        }
        4 => {
            let mut list = entries.clone();
            let i = usize::from(input.byte()) % n;
            list.insert(i, entries[i].clone());
            (list, Some(checkpoint))
        }
        _ => {
            let older = heads[usize::from(input.byte()) % n];
            let rolled_back = key.checkpoint(older);
            signed.push(rolled_back);
            (entries.clone(), Some(rolled_back))
        }
    };
    if changed == entries && changed_checkpoint == Some(checkpoint) {
        return;
    }
    assert_verifier_consistent(Head::EMPTY, &changed, &public);
    assert_detected(
        &entries,
        first_unsigned,
        &changed,
        changed_checkpoint,
        &signed,
        &public,
    );
}

/// A changed upload is caught where it was changed, and never accepted whole.
fn assert_detected(
    original: &[Entry],
    first_unsigned: Option<usize>,
    changed: &[Entry],
    checkpoint: Option<Checkpoint>,
    signed: &[Checkpoint],
    key: &PublicKey,
) {
    let (stop, head) = steps(Head::EMPTY, changed, key);
    let first_difference = original
        .iter()
        .zip(changed)
        .position(|(a, b)| a != b)
        .unwrap_or(original.len().min(changed.len()));
    let original_stop = first_unsigned.unwrap_or(original.len());
    assert_eq!(
        stop,
        first_difference.min(original_stop).min(changed.len()),
        "verification of a changed chain stopped at entry index {stop}, the first change is at \
         {first_difference}"
    );
    if let Some(c) = &checkpoint
        && c.verify(key)
    {
        assert!(
            signed.contains(c),
            "a checkpoint the device never signed verifies: {c:?}"
        );
    }
    let accepted = stop == changed.len() && checkpoint.is_some_and(|c| c.verify(key) && c.head == head);
    assert!(
        !accepted,
        "a changed upload was accepted whole: {} entries, head {head:?}",
        changed.len()
    );
}

/// Verifies `entries` one by one from `start`: the index of the first that fails (or the length) and
/// the head reached.
fn steps(start: Head, entries: &[Entry], key: &PublicKey) -> (usize, Head) {
    let mut head = start;
    for (i, entry) in entries.iter().enumerate() {
        match verify_next(&head, entry, key) {
            Ok(next) => head = next,
            Err(_) => return (i, head),
        }
    }
    (entries.len(), head)
}

/// What holds of the verifier for any entries from `start` (whose `seq` is below `u64::MAX`, as every
/// head a server holds is): see the module documentation.
pub(crate) fn assert_verifier_consistent(start: Head, entries: &[Entry], key: &PublicKey) {
    let mut head = start;
    let mut outcome = Ok(start);
    for entry in entries {
        match verify_next(&head, entry, key) {
            Ok(next) => {
                assert_eq!(next.seq, entry.seq, "a verified entry's head has another seq");
                assert_eq!(
                    next.hash,
                    entry.hash(),
                    "a verified entry's head has another hash"
                );
                let text = serde_json::to_string(entry).unwrap_or_default();
                match serde_json::from_str::<Entry>(&text) {
                    Ok(again) => {
                        assert_eq!(&again, entry, "an entry changed in a JSON round trip");
                        assert_eq!(
                            verify_next(&head, &again, key),
                            Ok(next),
                            "a verified entry no longer verifies after a JSON round trip"
                        );
                    }
                    Err(e) => panic!("a verified entry's JSON does not decode: {e}: {text}"),
                }
                head = next;
                outcome = Ok(next);
            }
            Err(problem) => {
                let named = match &problem {
                    Problem::Gap { expected, found } => {
                        assert_eq!(*expected, head.seq + 1, "the seq a gap expects");
                        *found
                    }
                    Problem::Link { seq, prev } => {
                        assert_eq!(*prev, head.seq, "the entry a broken link follows");
                        *seq
                    }
                    Problem::Unsigned { seq } | Problem::Signature { seq } => *seq,
                    other => panic!("an entry's verification gave a checkpoint's problem: {other:?}"),
                };
                assert_eq!(
                    named, entry.seq,
                    "a problem names another entry than the one it stopped at"
                );
                outcome = Err(problem);
                break;
            }
        }
    }
    assert_eq!(
        verify_chain(start, entries, key),
        outcome,
        "verify_chain disagrees with verifying entry by entry"
    );
}
