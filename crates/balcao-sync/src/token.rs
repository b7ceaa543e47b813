//! The device token, kept in the operating system's keyring and nowhere else.
//!
//! The token is what lets a counter add records to the agency's statistics: whoever holds it can speak
//! for the spot. The counter's SQLite file is copied for support, backed up and sometimes mailed; the
//! configuration files are readable by every local user; logs travel even further. So the token lives
//! only in the OS keyring (Secret Service on Linux, Credential Manager on Windows), which encrypts it
//! and ties it to the user session, and every type here that holds it prints `Token(***)`.
//!
//! Entries go through `keyring_core`'s default store. The app calls [`use_platform_keyring`] once at
//! start, which installs the platform's store (the `keyring` crate's choice); tests install
//! `keyring_core::mock::Store` instead, before creating any entry. When no store can be reached (a
//! Linux session without a D-Bus session bus, a locked keyring) every operation fails with
//! [`SyncError::KeyringUnavailable`], which tells the technician what to fix; the records keep waiting
//! safely in the outbox meanwhile.

use crate::SyncError;
use std::fmt;

/// A device token. Its `Debug` never shows the value; read it with [`Token::expose`] only to put it in
/// an `Authorization` header.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps a token received from the server.
    pub fn new(value: String) -> Token {
        Token(value)
    }

    /// The secret value.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(***)")
    }
}

/// The keyring service name of Balcão's entries.
pub const KEYRING_SERVICE: &str = "balcao";
/// The keyring user name of the device token.
pub const KEYRING_USER: &str = "device-token";

/// Installs the operating system's keyring as the default store (once per process; later calls return
/// the first result). Returns [`SyncError::KeyringUnavailable`] when it cannot be reached.
pub fn use_platform_keyring() -> Result<(), SyncError> {
    keyring::Entry::store_status()
        .as_ref()
        .map(|_| ())
        .map_err(|e| SyncError::KeyringUnavailable {
            detail: e.to_string(),
        })
}

/// Where the device token is kept: one keyring entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenStore {
    service: String,
    user: String,
}

impl Default for TokenStore {
    /// Balcão's entry ([`KEYRING_SERVICE`], [`KEYRING_USER`]).
    fn default() -> Self {
        TokenStore::new(KEYRING_SERVICE, KEYRING_USER)
    }
}

impl TokenStore {
    /// The entry `service`/`user` (tests use their own, to run side by side).
    pub fn new(service: &str, user: &str) -> TokenStore {
        TokenStore {
            service: service.into(),
            user: user.into(),
        }
    }

    fn entry(&self) -> Result<keyring_core::Entry, SyncError> {
        keyring_core::Entry::new(&self.service, &self.user).map_err(unavailable)
    }

    /// The token, or `None` when the counter has not enrolled.
    pub fn get(&self) -> Result<Option<Token>, SyncError> {
        match self.entry()?.get_password() {
            Ok(value) => Ok(Some(Token(value))),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    /// Keeps `token`, replacing any earlier one.
    pub fn set(&self, token: &Token) -> Result<(), SyncError> {
        self.entry()?.set_password(token.expose()).map_err(unavailable)
    }

    /// Forgets the token (there was none: fine).
    pub fn delete(&self) -> Result<(), SyncError> {
        match self.entry()?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }
}

/// The keyring user name of the device's audit key (`balcao-audit`).
pub const AUDIT_KEY_USER: &str = "device-audit-key";

/// Where the device's audit signing key is kept: one keyring entry, like the token and for the same
/// reasons. Whoever holds it could re-sign a rewritten audit log, so it never touches the database
/// file, the configuration or the logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditKeyStore(TokenStore);

impl Default for AuditKeyStore {
    /// Balcão's entry ([`KEYRING_SERVICE`], [`AUDIT_KEY_USER`]).
    fn default() -> Self {
        AuditKeyStore(TokenStore::new(KEYRING_SERVICE, AUDIT_KEY_USER))
    }
}

impl AuditKeyStore {
    /// The entry `service`/`user` (tests use their own).
    pub fn new(service: &str, user: &str) -> AuditKeyStore {
        AuditKeyStore(TokenStore::new(service, user))
    }

    /// The device key, or `None` when none was made on this PC.
    pub fn get(&self) -> Result<Option<balcao_audit::DeviceKey>, SyncError> {
        self.0
            .get()?
            .map(|text| {
                balcao_audit::DeviceKey::from_secret_hex(text.expose()).map_err(|e| {
                    SyncError::KeyringUnavailable {
                        detail: format!("the audit key entry holds no key: {e}"),
                    }
                })
            })
            .transpose()
    }

    /// The device key, made and kept on first use. A value in the entry that is not a key is an
    /// error, never silently replaced (a new key would make the central flag every later entry).
    pub fn get_or_create(&self) -> Result<balcao_audit::DeviceKey, SyncError> {
        if let Some(key) = self.get()? {
            return Ok(key);
        }
        let key = balcao_audit::DeviceKey::generate().map_err(|e| SyncError::KeyringUnavailable {
            detail: e.to_string(),
        })?;
        self.0.set(&Token::new(key.to_secret_hex()))?;
        tracing::info!(public_key = %key.public().to_hex(), "made the device's audit key");
        Ok(key)
    }
}

/// The keyring user name of the counter's sealing key (`balcao-vault`).
pub const VAULT_KEY_USER: &str = "citizen-data-key";

/// Where the key that seals citizens' identification in the database (`balcao-vault`) is kept: one
/// keyring entry, so a copy of the database file alone reveals no NIF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultKeyStore(TokenStore);

impl Default for VaultKeyStore {
    /// Balcão's entry ([`KEYRING_SERVICE`], [`VAULT_KEY_USER`]).
    fn default() -> Self {
        VaultKeyStore(TokenStore::new(KEYRING_SERVICE, VAULT_KEY_USER))
    }
}

impl VaultKeyStore {
    /// The entry `service`/`user` (tests use their own).
    pub fn new(service: &str, user: &str) -> VaultKeyStore {
        VaultKeyStore(TokenStore::new(service, user))
    }

    /// The sealing key, or `None` when none was made on this PC.
    pub fn get(&self) -> Result<Option<balcao_vault::MasterKey>, SyncError> {
        self.0
            .get()?
            .map(|text| {
                balcao_vault::MasterKey::from_hex(text.expose()).map_err(|e| SyncError::KeyringUnavailable {
                    detail: format!("the sealing key entry holds no key: {e}"),
                })
            })
            .transpose()
    }

    /// The sealing key, made and kept on first use. A value in the entry that is not a key is an
    /// error, never silently replaced (a new key would leave every sealed value unreadable).
    pub fn get_or_create(&self) -> Result<balcao_vault::MasterKey, SyncError> {
        if let Some(key) = self.get()? {
            return Ok(key);
        }
        let key = balcao_vault::MasterKey::generate().map_err(|e| SyncError::KeyringUnavailable {
            detail: e.to_string(),
        })?;
        self.0.set(&Token::new(key.to_hex()))?;
        tracing::info!("made the counter's key for citizens' data");
        Ok(key)
    }
}

fn unavailable(e: keyring_core::Error) -> SyncError {
    SyncError::KeyringUnavailable {
        detail: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_never_prints_its_value() {
        let t = Token::new("s3cr3t-t0k3n".into());
        assert_eq!(format!("{t:?}"), "Token(***)");
        assert_eq!(format!("{:?}", Some(&t)), "Some(Token(***))");
        assert_eq!(t.expose(), "s3cr3t-t0k3n");
    }

    #[test]
    fn without_a_keyring_every_operation_says_so_clearly() {
        // No unit test installs a store, as on a Linux session without a D-Bus session bus.
        let store = TokenStore::new("balcao-unit-test", "no-store");
        for result in [
            store.get().map(|_| ()),
            store.set(&Token::new("x".into())),
            store.delete(),
        ] {
            match result {
                Err(SyncError::KeyringUnavailable { detail }) => assert!(!detail.is_empty()),
                other => panic!("{other:?}"),
            }
        }
    }
}
