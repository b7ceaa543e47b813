//! Sealing a citizen's identification at rest, so that a copy of the counter's database file alone
//! reveals no name, NIF, card number, phone or e-mail.
//!
//! The counter keeps a citizen's identification for the days its retention allows
//! (`balcao_store::purge`), in a SQLite file that IT copies for backups and that leaves the building
//! with a stolen PC. The store therefore writes those values **sealed** with a key that lives in the
//! operating system's keyring (like the device's audit key), never in the file:
//!
//! - [`Vault::seal`] encrypts with XChaCha20-Poly1305 (RustCrypto's `chacha20poly1305`): a random
//!   24-byte nonce per value (random nonces are safe at this size), and the value's place (the
//!   attendance id and the column) as associated data, so a sealed value copied into another row or
//!   column does not open. The result is text, `sealed:v1:` and the base64 of nonce and ciphertext,
//!   because the store's tables are `STRICT` text columns;
//! - [`Vault::lookup`] is an HMAC-SHA256 of a normalised identifier under a second key, so the
//!   counter can still find "everything about NIF 123456789" (a supervisor answering a citizen's
//!   RGPD request) without the NIF being readable in the file; the hash is useless without the key.
//!
//! Both keys are derived from one 32-byte master key ([`Vault::from_master`]) with distinct labels,
//! so the keyring holds one secret. Losing the key loses the sealed values, which the retention would
//! erase anyway; the attendances, their statistics and the audit trail do not depend on it.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The start of every sealed value.
pub const PREFIX: &str = "sealed:v1:";

const NONCE_LEN: usize = 24;

/// The counter's sealing key (32 bytes), as kept in the keyring.
#[derive(Clone, PartialEq, Eq)]
pub struct MasterKey([u8; 32]);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(<secret>)")
    }
}

impl MasterKey {
    /// A new random key.
    pub fn generate() -> Result<MasterKey, VaultError> {
        let mut bytes = [0; 32];
        getrandom::fill(&mut bytes).map_err(|e| VaultError::Random(e.to_string()))?;
        Ok(MasterKey(bytes))
    }

    /// A key from its 32 bytes (tests, and the keyring's copy).
    pub fn from_bytes(bytes: [u8; 32]) -> MasterKey {
        MasterKey(bytes)
    }

    /// The key as 64 hexadecimal digits, the form the keyring keeps.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// A key from 64 hexadecimal digits.
    pub fn from_hex(text: &str) -> Result<MasterKey, VaultError> {
        let text = text.trim();
        if text.len() != 64 || !text.is_ascii() {
            return Err(VaultError::BadKey);
        }
        let mut bytes = [0; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).map_err(|_| VaultError::BadKey)?;
        }
        Ok(MasterKey(bytes))
    }
}

/// Seals and opens values, and hashes identifiers for lookups.
#[derive(Clone)]
pub struct Vault {
    cipher: XChaCha20Poly1305,
    mac_key: [u8; 32],
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault(<keys>)")
    }
}

type HmacSha256 = Hmac<Sha256>;

/// An HMAC-SHA256 of `parts` under `key`. HMAC takes a key of any length, so this cannot fail in
/// practice; the error is still handled, as everything is in a kiosk.
fn hmac(key: &[u8], parts: &[&[u8]]) -> Result<[u8; 32], VaultError> {
    let mut mac = <HmacSha256 as hmac::KeyInit>::new_from_slice(key).map_err(|_| VaultError::BadKey)?;
    for part in parts {
        mac.update(part);
    }
    Ok(mac.finalize().into_bytes().into())
}

impl Vault {
    /// The vault of a master key. Its two keys are HMACs of fixed labels under the master key (a
    /// PRF), so they are independent and neither reveals the master key.
    pub fn from_master(master: &MasterKey) -> Result<Vault, VaultError> {
        let key = hmac(&master.0, &[b"balcao-vault-seal-v1"])?;
        Ok(Vault {
            cipher: XChaCha20Poly1305::new(&key.into()),
            mac_key: hmac(&master.0, &[b"balcao-vault-lookup-v1"])?,
        })
    }

    /// Seals `plaintext` for the place `context` (e.g. `attendances/<id>/nif`).
    pub fn seal(&self, plaintext: &str, context: &str) -> Result<String, VaultError> {
        let mut nonce = [0; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|e| VaultError::Random(e.to_string()))?;
        let sealed = self
            .cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| VaultError::Seal)?;
        let mut bytes = nonce.to_vec();
        bytes.extend(sealed);
        Ok(format!("{PREFIX}{}", STANDARD_NO_PAD.encode(bytes)))
    }

    /// Opens a value sealed for `context`.
    pub fn open(&self, sealed: &str, context: &str) -> Result<String, VaultError> {
        let body = sealed.strip_prefix(PREFIX).ok_or(VaultError::NotSealed)?;
        let bytes = STANDARD_NO_PAD.decode(body).map_err(|_| VaultError::Open)?;
        if bytes.len() < NONCE_LEN {
            return Err(VaultError::Open);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| VaultError::Open)?;
        let plain = self
            .cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: ciphertext,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| VaultError::Open)?;
        String::from_utf8(plain).map_err(|_| VaultError::Open)
    }

    /// The lookup hash of an identifier of `kind` (`nif`, `cc`): 64 hex digits, the same for the
    /// same normalised value under the same key.
    pub fn lookup(&self, kind: &str, normalised: &str) -> Result<String, VaultError> {
        let hash = hmac(&self.mac_key, &[kind.as_bytes(), &[0], normalised.as_bytes()])?;
        Ok(hash.iter().map(|b| format!("{b:02x}")).collect())
    }
}

/// Whether a stored value is sealed.
pub fn is_sealed(text: &str) -> bool {
    text.starts_with(PREFIX)
}

/// What can go wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VaultError {
    /// The operating system gave no random bytes.
    #[error("no random bytes: {0}")]
    Random(String),
    /// The key's text is not 64 hexadecimal digits.
    #[error("the sealing key is not 64 hexadecimal digits")]
    BadKey,
    /// Encryption failed (it cannot for these sizes).
    #[error("a value could not be sealed")]
    Seal,
    /// A sealed value does not open with this key for this place (another key, another row, or
    /// damaged).
    #[error("a sealed value does not open with this counter's key")]
    Open,
    /// The value is not sealed.
    #[error("the value is not sealed")]
    NotSealed,
}

#[cfg(test)]
mod tests;
