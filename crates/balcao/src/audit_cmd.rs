//! `balcao audit verify`: checking this counter's audit trail where it lies, without the central.
//!
//! A supervisor or an inspector who suspects a counter runs it on the PC (or on a copy of its
//! database). It walks the whole chain, checks every signature with the device's public key, and
//! checks every record still waiting on the counter against the hash its entry recorded; it prints
//! the first broken entry as one line and exits 1, or the head and exits 0.
//!
//! Which public key: the one given with `--public-key` (the one the central registered: the only
//! independent choice), else the one of the key in this PC's keyring, else the one the file itself
//! records, which proves only that the chain is consistent (said in the output).

use anyhow::{Context, Result};
use balcao_audit::{Problem, PublicKey};
use balcao_core::text::Lang;
use balcao_i18n::I18n;
use balcao_store::Store;
use balcao_store::audit::LocalProblem;
use std::path::Path;
use std::process::ExitCode;

/// `balcao audit verify`.
pub fn verify(lang: Lang, db: &Path, public_key: Option<&str>) -> Result<ExitCode> {
    let i18n = I18n::new(lang);
    if !db.exists() {
        anyhow::bail!("{}: {}", db.display(), i18n.tr("cli-audit-no-database"));
    }
    let store = Store::open(db).with_context(|| format!("cannot open {}", db.display()))?;
    let (key, from) = match public_key {
        Some(text) => (Some(text.to_owned()), "cli-audit-key-given"),
        None => match keyring_key() {
            Some(key) => (Some(key), "cli-audit-key-keyring"),
            None => (store.audit_public_key()?, "cli-audit-key-file"),
        },
    };
    let Some(key) = key else {
        anyhow::bail!("{}", i18n.tr("cli-audit-no-key"));
    };
    let key = PublicKey::from_hex(&key).map_err(|_| anyhow::anyhow!("{}", i18n.tr("cli-audit-bad-key")))?;
    println!("{}", i18n.tr_args(from, &[("key", key.to_hex())]));
    match store.audit_verify(&key)? {
        Ok(head) => {
            let hash = balcao_audit::to_hex(&head.hash);
            println!(
                "{}",
                i18n.tr_args(
                    "cli-audit-ok",
                    &[("count", head.seq.to_string()), ("head", hash[..16].to_owned())]
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(problem) => {
            let severity = i18n.tr("cli-severity-error");
            eprintln!("{}: {severity}: {}", db.display(), describe(&i18n, &problem));
            Ok(ExitCode::FAILURE)
        }
    }
}

/// The public half of the audit key in this PC's keyring, when there is a keyring and a key.
fn keyring_key() -> Option<String> {
    balcao_sync::use_platform_keyring().ok()?;
    balcao_sync::AuditKeyStore::default()
        .get()
        .ok()
        .flatten()
        .map(|key| key.public().to_hex())
}

/// One line for a person, in their language.
fn describe(i18n: &I18n, problem: &LocalProblem) -> String {
    let n = |v: u64| v.to_string();
    match problem {
        LocalProblem::RecordChanged { seq, record_id } => i18n.tr_args(
            "cli-audit-record-changed",
            &[("seq", n(*seq)), ("record", record_id.clone())],
        ),
        LocalProblem::Chain(problem) => match *problem {
            Problem::Gap { expected, found } => {
                i18n.tr_args("cli-audit-gap", &[("seq", n(found)), ("expected", n(expected))])
            }
            Problem::Link { seq, prev } => {
                i18n.tr_args("cli-audit-link", &[("seq", n(seq)), ("prev", n(prev))])
            }
            Problem::Unsigned { seq } => i18n.tr_args("cli-audit-unsigned", &[("seq", n(seq))]),
            Problem::Signature { seq } => i18n.tr_args("cli-audit-signature", &[("seq", n(seq))]),
            // Only the central server sees checkpoints; a local chain cannot have these.
            ref other => other.to_string(),
        },
    }
}
