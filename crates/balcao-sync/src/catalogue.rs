//! The signed service catalogue: verifying a bundle from the central, and the cached one for the app.
//!
//! The catalogue tells a mediator what to ask a citizen, which documents to check and what to charge.
//! A catalogue changed on the way (a compromised proxy, a rogue server, a hand-edited database file)
//! could make a counter charge the wrong fee or send citizens to a fake site. So a bundle is accepted
//! only when, in this order:
//!
//! 1. its **Ed25519 signature** over the payload bytes verifies with the public key built into this
//!    program ([`PUBLIC_KEY`]), checked *before* the payload is even parsed: unsigned bytes are never
//!    interpreted (`verify_strict`, which also refuses the malleable and small-order forms);
//! 2. its **sequence** is not lower than the one already held: an old, genuinely signed bundle replayed
//!    by an attacker (a *rollback* to a catalogue with an old fee) is refused;
//! 3. its files pass the **catalogue checker** (`balcao_catalogue::check`), the same rules the shipped
//!    catalogue passes: a signed but broken catalogue never replaces a working one.
//!
//! An **expired** bundle (`expires_at` past) is accepted, and flagged: a counter offline for a month
//! must keep working with the last catalogue it has, and the status line tells the mediator it may be
//! out of date.
//!
//! The accepted bundle is cached in the store as the signed bytes it arrived as, and verified again each
//! time it is read ([`cached_catalogue`]), so editing the database file cannot inject a catalogue either.
//! With no (valid) cached bundle the app uses the catalogue embedded in the binary.
//!
//! # The key
//!
//! [`PUBLIC_KEY`] is the agency's catalogue signing key. Until the agency's real key exists it is the
//! reference server's *demo* key (`crates/balcao-central/demo/`). A build for production sets
//! `BALCAO_CATALOGUE_PUBLIC_KEY` (the 32 key bytes in base64) at compile time, and
//! [`catalogue_public_key`] uses it instead; tests pass their own key to [`verify_bundle`].

use crate::SyncError;
use balcao_catalogue::Source;
use balcao_core::attendance::UtcMillis;
use balcao_core::catalogue::Catalogue;
use balcao_store::Store;
use ed25519_dalek::{Signature, VerifyingKey};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The catalogue signing key built into this program: the reference server's **demo** key
/// (`balcao_central::DEMO_PUBLIC_KEY`, base64 `TXOCb8Y6Nf/QikPuXkrlCnXgdPUXJzkDZsa3V5N6X0s=`), whose
/// secret half is published in `crates/balcao-central/demo/`. Anyone can sign with it: a real
/// deployment builds with `BALCAO_CATALOGUE_PUBLIC_KEY` set (see the module documentation).
pub const PUBLIC_KEY: [u8; 32] = [
    0x4d, 0x73, 0x82, 0x6f, 0xc6, 0x3a, 0x35, 0xff, 0xd0, 0x8a, 0x43, 0xee, 0x5e, 0x4a, 0xe5, 0x0a, 0x75,
    0xe0, 0x74, 0xf5, 0x17, 0x27, 0x39, 0x03, 0x66, 0xc6, 0xb7, 0x57, 0x93, 0x7a, 0x5f, 0x4b,
];

/// The key set at compile time in `BALCAO_CATALOGUE_PUBLIC_KEY`, if any (base64 of 32 bytes).
pub const PUBLIC_KEY_OVERRIDE: Option<&str> = option_env!("BALCAO_CATALOGUE_PUBLIC_KEY");

/// The key bundles are verified with: [`PUBLIC_KEY_OVERRIDE`] when set, else [`PUBLIC_KEY`].
/// [`SyncError::PublicKeyInvalid`] when the override (or the constant) is not a valid key.
pub fn catalogue_public_key() -> Result<VerifyingKey, SyncError> {
    match PUBLIC_KEY_OVERRIDE {
        Some(b64) => parse_public_key(b64),
        None => VerifyingKey::from_bytes(&PUBLIC_KEY).map_err(|_| SyncError::PublicKeyInvalid),
    }
}

/// Whether this build trusts the published demo key (it was built without `BALCAO_CATALOGUE_PUBLIC_KEY`).
pub fn trusts_demo_key() -> bool {
    catalogue_public_key().is_ok_and(|key| key.as_bytes() == &PUBLIC_KEY)
}

/// Why this counter must not start, if it must not: it is enrolled with a real central server (not
/// one on this machine, which is a demo) while trusting the demo key, whose secret half is public, so
/// anyone could sign it a catalogue. Returns the central's address.
pub fn demo_key_refusal(state: &balcao_store::SyncState, trusts_demo_key: bool) -> Option<String> {
    let url = state.central_url.as_deref()?;
    (trusts_demo_key && state.is_enrolled() && !balcao_config::keys::is_loopback_url(url))
        .then(|| url.to_owned())
}

/// A public key from the base64 of its 32 bytes.
pub fn parse_public_key(b64: &str) -> Result<VerifyingKey, SyncError> {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .map_err(|_| SyncError::PublicKeyInvalid)?;
    let bytes: [u8; 32] = bytes.try_into().map_err(|_| SyncError::PublicKeyInvalid)?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| SyncError::PublicKeyInvalid)
}

/// The signed payload (UTF-8 JSON).
#[derive(Debug, Deserialize)]
struct Payload {
    sequence: i64,
    version: String,
    issued_at: i64,
    expires_at: i64,
    files: BTreeMap<String, String>,
}

/// What a verified bundle says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleInfo {
    /// Increases with every bundle the server signs.
    pub sequence: i64,
    /// The catalogue's version name (`2026.11.1`).
    pub version: String,
    /// When it was signed.
    pub issued_at: UtcMillis,
    /// When it should be replaced by a newer one.
    pub expires_at: UtcMillis,
}

impl BundleInfo {
    /// Whether `expires_at` is past at `now`: still used, but flagged.
    pub fn is_expired(&self, now: UtcMillis) -> bool {
        now >= self.expires_at
    }
}

/// A bundle that passed every check.
#[derive(Debug, Clone)]
pub struct VerifiedBundle {
    /// Its sequence, version and dates.
    pub info: BundleInfo,
    /// Its files, as a catalogue source (to layer a site folder over it).
    pub source: Source,
    /// The checked catalogue.
    pub catalogue: Catalogue,
    /// How many warnings the checker found (errors refuse the bundle).
    pub warnings: usize,
}

/// A bundle the worker has just accepted, handed to the app so that a running counter uses it without
/// a restart: the catalogue was verified and checked on the worker's thread, so the app parses nothing.
#[derive(Debug, Clone)]
pub struct AcceptedCatalogue {
    /// Its sequence, version and dates.
    pub info: BundleInfo,
    /// The checked catalogue.
    pub catalogue: std::sync::Arc<Catalogue>,
}

/// Which catalogue the counter's app runs, as the worker reports it to the central
/// (`X-Balcao-Catalogue`), so that a coordinator sees what each counter *uses*, not what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CatalogueInUse {
    /// Nobody said (a worker without an app): the cached bundle's sequence is reported.
    #[default]
    Held,
    /// The app runs this bundle's sequence, or the catalogue built into the program (`None`: then
    /// no sequence is sent).
    Running(Option<i64>),
}

impl CatalogueInUse {
    /// The sequence to report, given the one held in the cache.
    pub fn reported(self, held: Option<i64>) -> Option<i64> {
        match self {
            CatalogueInUse::Held => held,
            CatalogueInUse::Running(sequence) => sequence,
        }
    }
}

/// The folder name the bundle's files are shown under in the checker's messages.
pub const BUNDLE_ROOT: &str = "central";

/// Verifies a bundle: the signature over `payload` with `key` first, then the payload's shape, then
/// that its sequence is not lower than `held_sequence` (the cached bundle's), then its files with the
/// catalogue checker. An expired bundle passes ([`BundleInfo::is_expired`] tells).
pub fn verify_bundle(
    payload: &[u8],
    signature: &[u8],
    key: &VerifyingKey,
    held_sequence: Option<i64>,
) -> Result<VerifiedBundle, SyncError> {
    let signature = Signature::from_slice(signature).map_err(|_| SyncError::CatalogueSignature)?;
    key.verify_strict(payload, &signature)
        .map_err(|_| SyncError::CatalogueSignature)?;
    // Only now, with the bytes known to be the agency's, are they parsed.
    let p: Payload = serde_json::from_slice(payload).map_err(|e| SyncError::CatalogueMalformed {
        detail: e.to_string(),
    })?;
    if let Some(held) = held_sequence
        && p.sequence < held
    {
        return Err(SyncError::CatalogueRollback {
            held,
            offered: p.sequence,
        });
    }
    let source = Source::from_files(BUNDLE_ROOT, p.files);
    let report = balcao_catalogue::check(&source);
    if !report.is_ok() {
        return Err(SyncError::CatalogueInvalid {
            errors: report.error_count(),
        });
    }
    Ok(VerifiedBundle {
        info: BundleInfo {
            sequence: p.sequence,
            version: p.version,
            issued_at: UtcMillis(p.issued_at),
            expires_at: UtcMillis(p.expires_at),
        },
        source,
        warnings: report.warning_count(),
        catalogue: report.catalogue,
    })
}

/// The cached bundle, verified again with `key`, or `None` when there is none or it no longer verifies
/// (then the app uses the embedded catalogue). A store failure is `Err`.
pub fn cached_bundle(store: &Store, key: &VerifyingKey) -> Result<Option<VerifiedBundle>, SyncError> {
    let Some(cached) = store.cached_catalogue()? else {
        return Ok(None);
    };
    match verify_bundle(&cached.payload, &cached.signature, key, None) {
        Ok(bundle) => Ok(Some(bundle)),
        Err(e) => {
            tracing::warn!(error = %e, sequence = cached.sequence, "the cached catalogue does not verify");
            Ok(None)
        }
    }
}

/// The catalogue the app should use, from the cached bundle (verified with the built-in key), or `None`
/// to use the embedded one: none cached, a cached one that no longer verifies, or a store failure (each
/// logged).
pub fn cached_catalogue(store: &Store) -> Option<Catalogue> {
    cached_accepted(store).map(|accepted| std::sync::Arc::unwrap_or_clone(accepted.catalogue))
}

/// [`cached_catalogue`] with what the bundle says about itself (its sequence and version), which the
/// app keeps to report the catalogue it runs.
pub fn cached_accepted(store: &Store) -> Option<AcceptedCatalogue> {
    let key = catalogue_public_key()
        .map_err(|e| tracing::error!(error = %e, "no catalogue public key"))
        .ok()?;
    match cached_bundle(store, &key) {
        Ok(bundle) => bundle.map(|b| AcceptedCatalogue {
            info: b.info,
            catalogue: std::sync::Arc::new(b.catalogue),
        }),
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the cached catalogue");
            None
        }
    }
}

#[cfg(test)]
mod demo_key_tests {
    use super::*;
    use balcao_store::SyncState;

    fn enrolled(url: &str) -> SyncState {
        SyncState {
            central_url: Some(url.into()),
            device_id: Some("d".into()),
            spot: Some("EC-0420".into()),
            ..SyncState::default()
        }
    }

    #[test]
    fn an_enrolled_counter_trusting_the_demo_key_refuses_a_real_central_only() {
        let real = enrolled("https://central.ama.gov.pt");
        assert_eq!(
            demo_key_refusal(&real, true).as_deref(),
            Some("https://central.ama.gov.pt")
        );
        // Built with the agency's key: fine.
        assert_eq!(demo_key_refusal(&real, false), None);
        // A demo central on this machine, or not enrolled at all (demo mode): fine.
        assert_eq!(demo_key_refusal(&enrolled("http://127.0.0.1:8080"), true), None);
        assert_eq!(demo_key_refusal(&enrolled("http://localhost:8080"), true), None);
        assert_eq!(demo_key_refusal(&SyncState::default(), true), None);
        assert_eq!(trusts_demo_key(), PUBLIC_KEY_OVERRIDE.is_none());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_key_is_a_valid_key() {
        assert!(VerifyingKey::from_bytes(&PUBLIC_KEY).is_ok());
        assert!(catalogue_public_key().is_ok());
    }

    #[test]
    fn a_key_override_must_be_32_bytes_of_base64() {
        use base64::Engine as _;
        let good = base64::engine::general_purpose::STANDARD.encode(PUBLIC_KEY);
        assert_eq!(parse_public_key(&good).unwrap().to_bytes(), PUBLIC_KEY);
        assert_eq!(parse_public_key("not base64!"), Err(SyncError::PublicKeyInvalid));
        assert_eq!(parse_public_key("AAAA"), Err(SyncError::PublicKeyInvalid));
    }
}
