//! Why sync could not do something, in terms a mediator (or the technician they call) can act on.
//!
//! The sync worker runs in the background and the mediator keeps working whatever it says: a record
//! that could not be sent waits safely in the outbox. So these errors are not alarms but explanations
//! for the status line ("offline since 10:42", "this counter is not enrolled") and for the technician
//! enrolling a counter ("the enrollment code was refused"). Like every library of Balcão, this one writes
//! no sentence for people: [`SyncError`] implements [`Localized`], and `balcao-i18n` words it
//! (`locales/*/sync.ftl`). The [`std::fmt::Display`] text is for developers and logs, and never holds
//! the device token.

use balcao_core::message::Localized;
use balcao_store::StoreError;
use std::fmt;

/// Every message id a [`SyncError`] can produce itself (a [`SyncError::Store`] uses the store's ids).
pub const MESSAGE_IDS: &[&str] = &[
    "sync-insecure-url",
    "sync-keyring-unavailable",
    "sync-not-enrolled",
    "sync-token-revoked",
    "sync-device-revoked",
    "sync-enroll-code-refused",
    "sync-spot-mismatch",
    "sync-offline",
    "sync-server-error",
    "sync-rate-limited",
    "sync-forbidden",
    "sync-protocol",
    "sync-catalogue-signature",
    "sync-catalogue-rollback",
    "sync-catalogue-malformed",
    "sync-catalogue-invalid",
    "sync-public-key-invalid",
];

/// Why a sync operation failed. Whatever the variant, no record was lost: a record leaves the outbox
/// only after the server answered for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncError {
    /// The central address is not `https://` (plain `http://` is allowed only to this computer), or
    /// carries a user name or password.
    InsecureUrl {
        /// The address refused.
        url: String,
    },
    /// The operating system's keyring (Secret Service on Linux, Credential Manager on Windows) could not
    /// be reached, so the device token can be neither kept nor read.
    KeyringUnavailable {
        /// What the keyring said, for the logs.
        detail: String,
    },
    /// The counter has not enrolled with a central server (or its token is missing from the keyring).
    NotEnrolled,
    /// The server no longer accepts this counter's token (`401`): it was revoked, or the server's data
    /// was reset. The counter must enroll again.
    TokenRevoked,
    /// The coordination deactivated this counter (`401 device-revoked`), and said why.
    DeviceRevoked {
        /// The coordination's reason, as they wrote it.
        reason: String,
    },
    /// The server refused the enrollment code: unknown, expired or already used.
    EnrollCodeRefused,
    /// The enrollment code belongs to another spot than the one this counter is configured for.
    SpotMismatch {
        /// The spot the code is for.
        code_spot: String,
        /// The spot in this counter's configuration (`spot_code`).
        configured: String,
    },
    /// The server could not be reached (no network, DNS, TLS, timeout).
    Offline {
        /// What the connection said, for the logs.
        detail: String,
    },
    /// The server answered with an error of its own (5xx): it is retried later.
    ServerError {
        /// The HTTP status.
        status: u16,
    },
    /// The server asked the counter to slow down (`429`).
    RateLimited {
        /// How long it asked to wait, in whole seconds.
        seconds: u64,
    },
    /// The server refused this counter's requests as a whole (`403`): the token is not a device token,
    /// or not allowed to send these records.
    Forbidden,
    /// The server answered something this version does not understand (an unexpected status or body).
    Protocol {
        /// What was unexpected, for the logs.
        detail: String,
    },
    /// A catalogue bundle's signature does not verify with the key built into Balcão: it was changed on
    /// the way or not signed by the agency. It is refused.
    CatalogueSignature,
    /// A catalogue bundle is older than the one this counter already has (a rollback). It is refused.
    CatalogueRollback {
        /// The sequence this counter holds.
        held: i64,
        /// The sequence offered.
        offered: i64,
    },
    /// A correctly signed catalogue bundle could not be read (its payload is not the JSON expected).
    CatalogueMalformed {
        /// What was wrong, for the logs.
        detail: String,
    },
    /// A correctly signed catalogue bundle has errors by the catalogue checker's rules. It is refused.
    CatalogueInvalid {
        /// How many errors the checker found.
        errors: usize,
    },
    /// The catalogue public key this build was given (`BALCAO_CATALOGUE_PUBLIC_KEY`) is not a valid
    /// Ed25519 public key in base64.
    PublicKeyInvalid,
    /// The local store failed (see the wrapped store error's message).
    Store {
        /// The store error's message id.
        id: &'static str,
        /// Its arguments.
        args: Vec<(&'static str, String)>,
        /// Its developer text, for the logs.
        detail: String,
    },
}

impl From<StoreError> for SyncError {
    fn from(e: StoreError) -> Self {
        SyncError::Store {
            id: e.message_id(),
            args: e.message_args(),
            detail: e.to_string(),
        }
    }
}

impl fmt::Display for SyncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyncError::InsecureUrl { url } => write!(f, "refusing to send records to {url:?}: not https"),
            SyncError::KeyringUnavailable { detail } => write!(f, "the OS keyring is unavailable: {detail}"),
            SyncError::NotEnrolled => f.write_str("the counter is not enrolled"),
            SyncError::TokenRevoked => f.write_str("the server refused the device token (401)"),
            SyncError::DeviceRevoked { reason } => write!(f, "this counter was deactivated: {reason}"),
            SyncError::EnrollCodeRefused => f.write_str("the server refused the enrollment code"),
            SyncError::SpotMismatch {
                code_spot,
                configured,
            } => write!(
                f,
                "the enrollment code is for spot {code_spot}, this counter is {configured}"
            ),
            SyncError::Offline { detail } => write!(f, "the server is unreachable: {detail}"),
            SyncError::ServerError { status } => write!(f, "the server failed with status {status}"),
            SyncError::RateLimited { seconds } => write!(f, "rate limited for {seconds} s"),
            SyncError::Forbidden => f.write_str("the server refused the request (403)"),
            SyncError::Protocol { detail } => write!(f, "unexpected answer from the server: {detail}"),
            SyncError::CatalogueSignature => f.write_str("the catalogue bundle's signature does not verify"),
            SyncError::CatalogueRollback { held, offered } => {
                write!(f, "catalogue rollback refused: holding {held}, offered {offered}")
            }
            SyncError::CatalogueMalformed { detail } => write!(f, "malformed catalogue bundle: {detail}"),
            SyncError::CatalogueInvalid { errors } => write!(f, "the catalogue bundle has {errors} errors"),
            SyncError::PublicKeyInvalid => f.write_str("the catalogue public key is not valid"),
            SyncError::Store { detail, .. } => write!(f, "local store: {detail}"),
        }
    }
}

impl std::error::Error for SyncError {}

impl Localized for SyncError {
    fn message_id(&self) -> &'static str {
        match self {
            SyncError::InsecureUrl { .. } => "sync-insecure-url",
            SyncError::KeyringUnavailable { .. } => "sync-keyring-unavailable",
            SyncError::NotEnrolled => "sync-not-enrolled",
            SyncError::TokenRevoked => "sync-token-revoked",
            SyncError::DeviceRevoked { .. } => "sync-device-revoked",
            SyncError::EnrollCodeRefused => "sync-enroll-code-refused",
            SyncError::SpotMismatch { .. } => "sync-spot-mismatch",
            SyncError::Offline { .. } => "sync-offline",
            SyncError::ServerError { .. } => "sync-server-error",
            SyncError::RateLimited { .. } => "sync-rate-limited",
            SyncError::Forbidden => "sync-forbidden",
            SyncError::Protocol { .. } => "sync-protocol",
            SyncError::CatalogueSignature => "sync-catalogue-signature",
            SyncError::CatalogueRollback { .. } => "sync-catalogue-rollback",
            SyncError::CatalogueMalformed { .. } => "sync-catalogue-malformed",
            SyncError::CatalogueInvalid { .. } => "sync-catalogue-invalid",
            SyncError::PublicKeyInvalid => "sync-public-key-invalid",
            SyncError::Store { id, .. } => id,
        }
    }

    fn message_args(&self) -> Vec<(&'static str, String)> {
        match self {
            SyncError::InsecureUrl { url } => vec![("url", url.clone())],
            SyncError::DeviceRevoked { reason } => vec![("reason", reason.clone())],
            SyncError::SpotMismatch {
                code_spot,
                configured,
            } => vec![
                ("code_spot", code_spot.clone()),
                ("configured", configured.clone()),
            ],
            SyncError::ServerError { status } => vec![("status", status.to_string())],
            SyncError::RateLimited { seconds } => vec![("seconds", seconds.to_string())],
            SyncError::CatalogueRollback { held, offered } => {
                vec![("held", held.to_string()), ("offered", offered.to_string())]
            }
            SyncError::CatalogueInvalid { errors } => vec![("errors", errors.to_string())],
            SyncError::Store { args, .. } => args.clone(),
            _ => Vec::new(),
        }
    }
}
