//! The signed catalogue bundle that counters download (`GET /v1/catalogue`).
//!
//! Counters trust the catalogue because of a signature, not because of the connection: the bundle's
//! payload is signed with the agency's Ed25519 key and the app verifies it with the public key built
//! into it, so a proxy, a mirror or a compromised host cannot give a counter a catalogue the agency did
//! not sign. The payload is JSON with every `.toml` file of the catalogue folder (`files`, keyed by the
//! path relative to the folder, as `balcao_catalogue::Source::read_dir` finds them), the catalogue's
//! `version`, and a `sequence` the client uses to refuse rollbacks.
//!
//! - **Checked before signed.** The folder is checked with `balcao-catalogue` exactly as a counter
//!   would; a catalogue with any error is refused and the server does not start, so a signed bundle is
//!   always one a counter can load.
//! - **Sequence = a new signed content.** The content hash (SHA-256 of the version and files) and every
//!   bundle's exact payload bytes are kept in PostgreSQL. At start (and on SIGHUP) a changed folder gets
//!   `sequence` = previous maximum + 1. An unchanged folder keeps its bundle, byte for byte, so the ETag
//!   (`"<sequence>"`) keeps meaning the same bytes — unless that bundle has used more than half of its
//!   validity (`expires_at`), in which case the same files are reissued under the next sequence, so a
//!   long-running server never serves an expired bundle.
//! - **The key.** `--signing-key FILE` holds the 32-byte Ed25519 secret key, as 32 raw bytes, or as
//!   text: 64 hexadecimal digits, or base64 (standard or URL-safe, padded or not); surrounding
//!   whitespace is ignored. `balcao-central keygen` writes hex. `demo/signing-key.demo` is a **public**
//!   key pair for local demos only ([`crate::DEMO_PUBLIC_KEY`]); a real deployment makes its own.

use crate::error::CentralError;
use balcao_catalogue::{Severity, Source};
use balcao_core::time::DAY_MS;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use deadpool_postgres::Pool;
use ed25519_dalek::{Signer, SigningKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// An arbitrary constant naming the bundle lock among PostgreSQL advisory locks.
const BUNDLE_LOCK: i64 = 0x00ba_1ca0_b0d1;

/// The signed payload, exactly as counters parse it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundlePayload {
    /// Increases with every bundle the server signs.
    pub sequence: i64,
    /// The catalogue's `version` (from `catalogue.toml`).
    pub version: String,
    /// When this bundle was first signed (UTC ms).
    pub issued_at: i64,
    /// After this, counters warn that their catalogue is old (UTC ms).
    pub expires_at: i64,
    /// Every `.toml` file of the folder, by relative path (`entities/irn.toml`).
    pub files: BTreeMap<String, String>,
}

/// The response body of `GET /v1/catalogue`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignedBundle {
    /// Base64 (standard alphabet, padded) of the payload bytes.
    pub payload: String,
    /// Base64 (standard alphabet, padded) of the Ed25519 signature of the payload bytes.
    pub signature: String,
}

/// The bundle being served, with what the handlers need beside it.
#[derive(Debug, Clone)]
pub struct Bundle {
    /// The payload's sequence.
    pub sequence: i64,
    /// `"<sequence>"`, with the quotes, as sent in `ETag`.
    pub etag: String,
    /// The response body (a serialised [`SignedBundle`]).
    pub body: Vec<u8>,
    /// Which entity each catalogue service belongs to (for the statistics).
    pub service_entities: HashMap<String, String>,
}

/// Reads a signing key file (see the module documentation for the accepted forms).
pub fn read_signing_key(path: &Path) -> Result<SigningKey, CentralError> {
    let bytes = std::fs::read(path).map_err(|source| CentralError::Io {
        what: format!("cannot read the signing key {}", path.display()),
        source,
    })?;
    decode_signing_key(&bytes).map_err(|why| CentralError::SigningKey(format!("{}: {why}", path.display())))
}

/// Decodes a signing key from a file's bytes.
pub fn decode_signing_key(bytes: &[u8]) -> Result<SigningKey, String> {
    if let Ok(raw) = <[u8; 32]>::try_from(bytes) {
        // Exactly 32 bytes could also be 32 characters of text, but no hex or base64 form of a
        // 32-byte key is 32 characters long, so raw is the only reading.
        return Ok(SigningKey::from_bytes(&raw));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "not 32 raw bytes and not text (hex or base64)".to_owned())?
        .trim();
    let decoded = if text.len() == 64 && text.chars().all(|c| c.is_ascii_hexdigit()) {
        decode_hex(text)
    } else {
        [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD]
            .iter()
            .find_map(|engine| engine.decode(text).ok())
    };
    let decoded = decoded.ok_or_else(|| "neither 64 hexadecimal digits nor base64".to_owned())?;
    let raw = <[u8; 32]>::try_from(decoded.as_slice())
        .map_err(|_| format!("the key must be 32 bytes, this one is {}", decoded.len()))?;
    Ok(SigningKey::from_bytes(&raw))
}

/// The key file text `keygen` writes: 64 lowercase hex digits and a newline.
pub fn encode_signing_key(key: &SigningKey) -> String {
    let mut text: String = key.to_bytes().iter().map(|b| format!("{b:02x}")).collect();
    text.push('\n');
    text
}

/// The public key in standard base64, as `keygen` prints it.
pub fn public_key_base64(key: &SigningKey) -> String {
    STANDARD.encode(key.verifying_key().to_bytes())
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    (0..text.len())
        .step_by(2)
        .map(|i| {
            text.get(i..i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        })
        .collect()
}

/// A catalogue folder, read and checked.
#[derive(Debug, Clone)]
pub struct CheckedFolder {
    /// Every `.toml` file by relative path.
    pub files: BTreeMap<String, String>,
    /// The catalogue's `version`.
    pub version: String,
    /// Which entity each service belongs to.
    pub service_entities: HashMap<String, String>,
    /// The names the dashboard shows: entities and services, with each service's expected time.
    pub labels: Labels,
}

/// The catalogue's names in both languages, kept in `catalogue_entities` and `catalogue_services` so
/// the dashboard's pages and CSV files say "IRN" and "Cartão de Cidadão", not slugs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels {
    /// `(id, acronym, name in Portuguese, name in English)`.
    pub entities: Vec<(String, String, String, String)>,
    /// `(id, entity id, name in Portuguese, name in English, expected minutes at the counter)`.
    pub services: Vec<(String, String, String, String, i32)>,
}

impl Labels {
    fn of(catalogue: &balcao_core::catalogue::Catalogue) -> Labels {
        use balcao_core::text::Lang;
        Labels {
            entities: catalogue
                .entities
                .iter()
                .map(|e| {
                    let name = |lang| e.name.get(lang).to_owned();
                    (e.id.clone(), e.acronym.clone(), name(Lang::Pt), name(Lang::En))
                })
                .collect(),
            services: catalogue
                .services
                .iter()
                .map(|s| {
                    let name = |lang| s.name.get(lang).to_owned();
                    let minutes = i32::try_from(s.duration_minutes).unwrap_or(i32::MAX);
                    (
                        s.id.clone(),
                        s.entity.clone(),
                        name(Lang::Pt),
                        name(Lang::En),
                        minutes,
                    )
                })
                .collect(),
        }
    }

    /// Replaces the stored names with these, in `tx`.
    async fn store(&self, tx: &tokio_postgres::Transaction<'_>) -> Result<(), CentralError> {
        tx.execute("DELETE FROM catalogue_entities", &[]).await?;
        tx.execute("DELETE FROM catalogue_services", &[]).await?;
        for (id, acronym, pt, en) in &self.entities {
            tx.execute(
                "INSERT INTO catalogue_entities (id, acronym, name_pt, name_en) VALUES ($1, $2, $3, $4)",
                &[id, acronym, pt, en],
            )
            .await?;
        }
        for (id, entity, pt, en, minutes) in &self.services {
            tx.execute(
                "INSERT INTO catalogue_services (id, entity_id, name_pt, name_en, duration_minutes) \
                 VALUES ($1, $2, $3, $4, $5)",
                &[id, entity, pt, en, minutes],
            )
            .await?;
        }
        Ok(())
    }
}

/// Reads and checks the catalogue folder, or returns every error found.
pub fn read_catalogue(dir: &Path) -> Result<CheckedFolder, CentralError> {
    let source = Source::read_dir(dir);
    let report = balcao_catalogue::check(&source);
    let problems: Vec<String> = source
        .read_problems
        .iter()
        .chain(report.diagnostics.iter())
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}:{}:{}: {:?}", d.path, d.line, d.column, d.problem))
        .collect();
    if !problems.is_empty() {
        return Err(CentralError::Catalogue(problems));
    }
    let files = source
        .files
        .into_iter()
        .map(|file| (file.rel, file.text))
        .collect();
    let entities = report
        .catalogue
        .services
        .iter()
        .map(|service| (service.id.clone(), service.entity.clone()))
        .collect();
    Ok(CheckedFolder {
        files,
        labels: Labels::of(&report.catalogue),
        version: report.catalogue.meta.version,
        service_entities: entities,
    })
}

/// Reads the folder, finds or makes its bundle in the database, and signs it.
pub async fn prepare(
    pool: &Pool,
    dir: &Path,
    key: &SigningKey,
    bundle_days: u32,
    now: i64,
) -> Result<Bundle, CentralError> {
    let CheckedFolder {
        files,
        version,
        service_entities,
        labels,
    } = read_catalogue(dir)?;
    let content_hash = {
        let mut hasher = Sha256::new();
        hasher.update(version.as_bytes());
        for (path, text) in &files {
            // Lengths first, so no two different file sets hash the same bytes.
            hasher.update((path.len() as u64).to_be_bytes());
            hasher.update(path.as_bytes());
            hasher.update((text.len() as u64).to_be_bytes());
            hasher.update(text.as_bytes());
        }
        hasher.finalize().to_vec()
    };
    let validity = i64::from(bundle_days.max(1)) * DAY_MS;

    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&BUNDLE_LOCK])
        .await?;
    let latest = tx
        .query_opt(
            "SELECT sequence, content_hash, expires_at, payload FROM catalogue_bundles \
             ORDER BY sequence DESC LIMIT 1",
            &[],
        )
        .await?;
    let mut previous = 0;
    let mut reusable = None;
    if let Some(row) = &latest {
        previous = row.try_get::<_, i64>(0)?;
        let hash: Vec<u8> = row.try_get(1)?;
        let expires_at: i64 = row.try_get(2)?;
        if hash == content_hash && expires_at - now > validity / 2 {
            reusable = Some((previous, row.try_get::<_, Vec<u8>>(3)?));
        }
    }
    let (sequence, payload): (i64, Vec<u8>) = match reusable {
        Some(found) => found,
        None => {
            let sequence = previous + 1;
            let payload = BundlePayload {
                sequence,
                version: version.clone(),
                issued_at: now,
                expires_at: now + validity,
                files,
            };
            let bytes = serde_json::to_vec(&payload)
                .map_err(|e| CentralError::Invalid(format!("cannot encode the bundle: {e}")))?;
            tx.execute(
                "INSERT INTO catalogue_bundles (sequence, content_hash, version, issued_at, expires_at, payload) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[&sequence, &content_hash, &version, &payload.issued_at, &payload.expires_at, &bytes],
            )
            .await?;
            tracing::info!(sequence, %version, "signed a new catalogue bundle");
            (sequence, bytes)
        }
    };
    labels.store(&tx).await?;
    tx.commit().await?;

    let signature = key.sign(&payload);
    let body = serde_json::to_vec(&SignedBundle {
        payload: STANDARD.encode(&payload),
        signature: STANDARD.encode(signature.to_bytes()),
    })
    .map_err(|e| CentralError::Invalid(format!("cannot encode the bundle: {e}")))?;
    Ok(Bundle {
        sequence,
        etag: format!("\"{sequence}\""),
        body,
        service_entities,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_reads_the_same_in_every_accepted_form() {
        let raw = [7u8; 32];
        let expected = SigningKey::from_bytes(&raw).to_bytes();
        let hex = encode_signing_key(&SigningKey::from_bytes(&raw));
        for form in [
            raw.to_vec(),
            hex.clone().into_bytes(),
            hex.to_uppercase().into_bytes(),
            format!("  {}\n", STANDARD.encode(raw)).into_bytes(),
            URL_SAFE_NO_PAD.encode(raw).into_bytes(),
        ] {
            assert_eq!(decode_signing_key(&form).unwrap().to_bytes(), expected);
        }
        assert!(decode_signing_key(b"too short").is_err());
        assert!(decode_signing_key(STANDARD.encode([1u8; 31]).as_bytes()).is_err());
    }
}
