//! The tamper-evident audit trail: who did what on a counter, in a form that proves it afterwards.
//!
//! The double screen exists so that a mediator cannot abuse the citizen's trust; the agency in turn
//! must be able to prove, later and to a third party, what each counter recorded. A plain table in
//! the counter's SQLite file proves nothing: anyone with the PC can open the file and edit, delete or
//! reorder rows before they are synced. So every action that changes a record is also appended to a
//! per-device log whose entries are
//!
//! - **chained**: each entry carries its sequence number `seq` (1, 2, 3, … with no gap) and the
//!   SHA-256 hash of the entry before it (`prev_hash`; 32 zero bytes for the first). Changing,
//!   removing or reordering any entry breaks every link after it;
//! - **signed**: each entry's canonical bytes are signed with the device's Ed25519 key, whose private
//!   half lives in the operating system's keyring (not in the database file) and whose public half
//!   the central server knows. Rewriting the whole chain from the broken point on needs that key;
//! - **tied to the records**: an entry names the record ids it wrote and the hash of the record's
//!   payload ([`payload_hash`], over a canonical JSON form, so the central server can recompute it
//!   from the record it stored), so editing a record before it is synced is seen too;
//! - **checkpointed**: on every sync the counter also sends a signed [`Checkpoint`] (its last `seq`
//!   and head hash). A log rolled back to an old copy, or truncated, shows at the next contact as a
//!   checkpoint behind what the central server already holds.
//!
//! This crate is pure: it builds, signs and verifies entries; the store appends them in the same
//! transaction as the record they describe (one fsync), and the central server checks them as they
//! arrive. The byte layout signed ([`Entry::signed_bytes`]) is length-prefixed and versioned, so no
//! two different entries can sign the same bytes.

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

mod hex;
pub use hex::{from_hex, to_hex};

/// A SHA-256 hash.
pub type Hash = [u8; 32];

/// The `prev_hash` of the first entry.
pub const GENESIS: Hash = [0; 32];

const ENTRY_TAG: &[u8] = b"balcao-audit-entry-v1\0";
const CHECKPOINT_TAG: &[u8] = b"balcao-audit-checkpoint-v1\0";

/// What an action contributes to its entry; the chain adds `seq`, `prev_hash` and the signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// When it happened (milliseconds since the Unix epoch, UTC).
    pub at: i64,
    /// Who did it: the mediator's login or account id.
    pub mediator: String,
    /// What was done (`attendance.started`, `cash.payment`, `session.login`, …).
    pub action: String,
    /// The records written (the outbox record id first, then the attendance or cash session).
    pub record_ids: Vec<String>,
    /// [`payload_hash`] of the record written, or [`GENESIS`] when none was.
    pub payload_hash: Hash,
}

/// One entry of a device's log, as stored on the counter and sent to the central server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The position in the chain, from 1.
    pub seq: u64,
    /// The [`Entry::hash`] of the entry before (or [`GENESIS`]).
    #[serde(with = "hex::bytes32")]
    pub prev_hash: Hash,
    /// When it happened (milliseconds since the Unix epoch, UTC).
    pub at: i64,
    /// Who did it.
    pub mediator: String,
    /// What was done.
    pub action: String,
    /// The records written.
    pub record_ids: Vec<String>,
    /// The hash of the record's canonical payload.
    #[serde(with = "hex::bytes32")]
    pub payload_hash: Hash,
    /// The device's Ed25519 signature of [`Entry::signed_bytes`]; `None` when the counter had no key
    /// (its keyring was unavailable), which no verifier accepts.
    #[serde(with = "hex::opt_bytes64")]
    pub signature: Option<[u8; 64]>,
}

impl Entry {
    /// The bytes that are hashed and signed: a version tag, then every field but the signature,
    /// numbers big-endian and strings length-prefixed.
    pub fn signed_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(160);
        out.extend_from_slice(ENTRY_TAG);
        out.extend_from_slice(&self.seq.to_be_bytes());
        out.extend_from_slice(&self.prev_hash);
        out.extend_from_slice(&self.at.to_be_bytes());
        put_str(&mut out, &self.mediator);
        put_str(&mut out, &self.action);
        out.extend_from_slice(&(self.record_ids.len() as u64).to_be_bytes());
        for id in &self.record_ids {
            put_str(&mut out, id);
        }
        out.extend_from_slice(&self.payload_hash);
        out
    }

    /// The entry's hash: SHA-256 of [`Entry::signed_bytes`]. The next entry's `prev_hash`.
    pub fn hash(&self) -> Hash {
        Sha256::digest(self.signed_bytes()).into()
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u64).to_be_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// The end of a chain: the last entry's `seq` and hash (`seq` 0 and [`GENESIS`] for an empty one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    /// The last entry's `seq`.
    pub seq: u64,
    /// The last entry's hash.
    #[serde(with = "hex::bytes32")]
    pub hash: Hash,
}

impl Head {
    /// The head of an empty chain.
    pub const EMPTY: Head = Head {
        seq: 0,
        hash: GENESIS,
    };

    /// Builds the next entry from `draft`, signed with `key` when there is one.
    pub fn append(&self, draft: Draft, key: Option<&DeviceKey>) -> Entry {
        let mut entry = Entry {
            seq: self.seq + 1,
            prev_hash: self.hash,
            at: draft.at,
            mediator: draft.mediator,
            action: draft.action,
            record_ids: draft.record_ids,
            payload_hash: draft.payload_hash,
            signature: None,
        };
        entry.signature = key.map(|key| key.0.sign(&entry.signed_bytes()).to_bytes());
        entry
    }
}

/// The device's signing key. Its `Debug` never shows the secret.
#[derive(Clone)]
pub struct DeviceKey(SigningKey);

impl fmt::Debug for DeviceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DeviceKey(public {})", self.public().to_hex())
    }
}

impl DeviceKey {
    /// A new random key from the operating system's generator.
    pub fn generate() -> Result<DeviceKey, AuditError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| AuditError::Random(e.to_string()))?;
        Ok(DeviceKey(SigningKey::from_bytes(&seed)))
    }

    /// The key from its 32-byte seed.
    pub fn from_seed(seed: &[u8; 32]) -> DeviceKey {
        DeviceKey(SigningKey::from_bytes(seed))
    }

    /// The key from the text [`DeviceKey::to_secret_hex`] wrote (as kept in the keyring).
    pub fn from_secret_hex(text: &str) -> Result<DeviceKey, AuditError> {
        let seed = hex::decode32(text.trim()).ok_or(AuditError::BadKey)?;
        Ok(DeviceKey::from_seed(&seed))
    }

    /// The secret seed as 64 hex digits, to keep in the keyring and nowhere else.
    pub fn to_secret_hex(&self) -> String {
        to_hex(&self.0.to_bytes())
    }

    /// The public half, which the central server registers.
    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// Signs a statement other than the audit trail's (a survey ticket, say): `domain` names what it
    /// is, and is signed with it after [`STATEMENT_TAG`], so a signature made for one purpose never
    /// verifies as an entry, a checkpoint or a statement of another domain.
    pub fn sign_statement(&self, domain: &str, message: &[u8]) -> [u8; 64] {
        self.0.sign(&statement_bytes(domain, message)).to_bytes()
    }

    /// Signs a checkpoint of `head`.
    pub fn checkpoint(&self, head: Head) -> Checkpoint {
        let signature = self.0.sign(&Checkpoint::signed_bytes(head)).to_bytes();
        Checkpoint { head, signature }
    }
}

/// A device's public key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// Reads 64 hex digits.
    pub fn from_hex(text: &str) -> Result<PublicKey, AuditError> {
        let bytes = hex::decode32(text.trim()).ok_or(AuditError::BadKey)?;
        VerifyingKey::from_bytes(&bytes)
            .map(PublicKey)
            .map_err(|_| AuditError::BadKey)
    }

    /// The key as 64 lowercase hex digits.
    pub fn to_hex(&self) -> String {
        to_hex(self.0.as_bytes())
    }

    /// Whether this key signed `message` as a statement of `domain` ([`DeviceKey::sign_statement`]).
    pub fn verifies_statement(&self, domain: &str, message: &[u8], signature: &[u8; 64]) -> bool {
        self.0
            .verify_strict(
                &statement_bytes(domain, message),
                &Signature::from_bytes(signature),
            )
            .is_ok()
    }

    fn verifies(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        self.0.verify(message, &Signature::from_bytes(signature)).is_ok()
    }
}

/// What a statement's signed bytes start with: no entry or checkpoint starts so.
pub const STATEMENT_TAG: &[u8] = b"balcao-statement-v1\0";

/// The bytes a statement's signature covers: the tag, the domain's length and bytes, the message.
fn statement_bytes(domain: &str, message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(STATEMENT_TAG.len() + 8 + domain.len() + message.len());
    out.extend_from_slice(STATEMENT_TAG);
    put_str(&mut out, domain);
    out.extend_from_slice(message);
    out
}

/// A signed statement of a device's head, sent with every sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The head the device claims.
    #[serde(flatten)]
    pub head: Head,
    /// The device's signature of it.
    #[serde(with = "hex::bytes64")]
    pub signature: [u8; 64],
}

impl Checkpoint {
    fn signed_bytes(head: Head) -> Vec<u8> {
        let mut out = Vec::with_capacity(80);
        out.extend_from_slice(CHECKPOINT_TAG);
        out.extend_from_slice(&head.seq.to_be_bytes());
        out.extend_from_slice(&head.hash);
        out
    }

    /// Whether `key` signed it.
    pub fn verify(&self, key: &PublicKey) -> bool {
        key.verifies(&Self::signed_bytes(self.head), &self.signature)
    }
}

/// Why an entry or a checkpoint does not verify. Each names the entry, for a clear report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// An entry is missing, or entries were reordered.
    #[error("entry {found}: expected entry {expected} here (an entry is missing or out of order)")]
    Gap {
        /// The `seq` that should come next.
        expected: u64,
        /// The `seq` found.
        found: u64,
    },
    /// The entry does not follow the one before (it, or the one before, was changed or replaced).
    #[error("entry {seq}: does not follow entry {prev} (one of them was changed, removed or replaced)")]
    Link {
        /// The entry.
        seq: u64,
        /// The entry before.
        prev: u64,
    },
    /// The entry has no signature.
    #[error("entry {seq}: not signed (the counter had no device key when it was written)")]
    Unsigned {
        /// The entry.
        seq: u64,
    },
    /// The signature is not the device's over this entry's contents.
    #[error("entry {seq}: the signature does not match its contents (the entry was changed or forged)")]
    Signature {
        /// The entry.
        seq: u64,
    },
    /// The checkpoint's signature is not the device's.
    #[error("checkpoint at entry {seq}: the signature is not the device's")]
    CheckpointSignature {
        /// The checkpoint's `seq`.
        seq: u64,
    },
    /// The device claims a head behind what was already received: its log was rolled back or
    /// truncated.
    #[error(
        "checkpoint at entry {claimed}: behind entry {known}, already received (the log was rolled back or truncated)"
    )]
    Rollback {
        /// The checkpoint's `seq`.
        claimed: u64,
        /// The `seq` already received.
        known: u64,
    },
    /// Two different entries (or heads) with one `seq`: the log was rewritten.
    #[error("entry {seq}: differs from the entry {seq} already received (the log was rewritten)")]
    Fork {
        /// The entry.
        seq: u64,
    },
    /// The device claims entries it has not sent.
    #[error("checkpoint at entry {claimed}: entries after {known} were never received")]
    Missing {
        /// The checkpoint's `seq`.
        claimed: u64,
        /// The last `seq` received.
        known: u64,
    },
}

impl Problem {
    /// A short stable name, for storage and for the coordination's list.
    pub fn kind(&self) -> &'static str {
        match self {
            Problem::Gap { .. } => "gap",
            Problem::Link { .. } => "link",
            Problem::Unsigned { .. } => "unsigned",
            Problem::Signature { .. } => "signature",
            Problem::CheckpointSignature { .. } => "checkpoint-signature",
            Problem::Rollback { .. } => "rollback",
            Problem::Fork { .. } => "fork",
            Problem::Missing { .. } => "missing",
        }
    }
}

/// Checks that `entry` follows `head` and was signed by `key`; returns the new head.
pub fn verify_next(head: &Head, entry: &Entry, key: &PublicKey) -> Result<Head, Problem> {
    if entry.seq != head.seq + 1 {
        return Err(Problem::Gap {
            expected: head.seq + 1,
            found: entry.seq,
        });
    }
    if entry.prev_hash != head.hash {
        return Err(Problem::Link {
            seq: entry.seq,
            prev: head.seq,
        });
    }
    let signature = entry.signature.ok_or(Problem::Unsigned { seq: entry.seq })?;
    if !key.verifies(&entry.signed_bytes(), &signature) {
        return Err(Problem::Signature { seq: entry.seq });
    }
    Ok(Head {
        seq: entry.seq,
        hash: entry.hash(),
    })
}

/// Verifies a whole chain from `start` and returns its head, or the first problem.
pub fn verify_chain<'a>(
    start: Head,
    entries: impl IntoIterator<Item = &'a Entry>,
    key: &PublicKey,
) -> Result<Head, Problem> {
    entries
        .into_iter()
        .try_fold(start, |head, entry| verify_next(&head, entry, key))
}

/// The hash of a record's JSON payload in canonical form (object keys sorted, no spaces), so that
/// the counter, which hashes the text it stores, and the central server, which hashes what it
/// parsed and stored, agree.
pub fn payload_hash(json: &str) -> Result<Hash, AuditError> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| AuditError::Payload(e.to_string()))?;
    Ok(payload_hash_value(&value))
}

/// [`payload_hash`] of an already parsed payload.
pub fn payload_hash_value(value: &serde_json::Value) -> Hash {
    // `serde_json::Value` keeps object keys sorted (the workspace does not enable
    // `preserve_order`), so its text is canonical.
    Sha256::digest(value.to_string().as_bytes()).into()
}

/// Errors of this crate's constructors.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuditError {
    /// The operating system gave no random bytes.
    #[error("no random bytes for a new device key: {0}")]
    Random(String),
    /// A key's text is not 64 hex digits of a valid key.
    #[error("the key is not 64 hexadecimal digits of an Ed25519 key")]
    BadKey,
    /// A payload is not JSON.
    #[error("the record payload is not JSON: {0}")]
    Payload(String),
}

#[cfg(test)]
mod tests;
