//! The citizens' data retention on the counter: the background purge the app runs, and
//! `balcao privacy purge`, which runs it now.
//!
//! The store does the erasing (`balcao_store::purge`: batches, one transaction each with its signed
//! audit entry, safe to kill). What is here is only when it runs: once shortly after the app starts
//! and then every few hours, on a thread of its own with its own connection to the database, so the
//! mediator's window never waits for it; or at once from the command line, where IT support (or a
//! supervisor answering the question "is it really erased?") sees what was done.

use anyhow::{Context, Result};
use balcao_core::attendance::UtcMillis;
use balcao_core::text::Lang;
use balcao_i18n::I18n;
use balcao_store::Store;
use balcao_store::purge::{PurgeReport, Retention};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// How often the app purges while it runs (a counter may stay on for days).
pub const EVERY: Duration = Duration::from_secs(6 * 3600);

/// How long after the start the first purge waits, so the app's start is not slowed.
pub const FIRST_AFTER: Duration = Duration::from_secs(60);

/// The retention the configuration asks for.
pub fn retention(config: &balcao_config::Config) -> Retention {
    Retention {
        days: config.retention_days,
        pending_days: config.retention_days_pending,
    }
}

/// The clock, as the store takes it.
fn now() -> UtcMillis {
    balcao_sync::worker::system_now()
}

/// The keys the purge's own connection needs: the audit key signs its entries, the sealing key opens
/// an outcome's detail to tell a catalogue entity (kept) from free text (erased).
#[derive(Clone, Default)]
pub struct Keys {
    /// The device's audit key.
    pub audit: Option<balcao_audit::DeviceKey>,
    /// The citizens' data key.
    pub vault: Option<balcao_vault::Vault>,
}

/// Starts the app's background purge of the database at `path`. A failure is logged and tried again
/// at the next round: the counter's work never depends on it.
pub fn spawn(path: PathBuf, keys: Keys, retention: Retention) {
    let started = std::thread::Builder::new()
        .name("balcao-purge".into())
        .spawn(move || {
            std::thread::sleep(FIRST_AFTER);
            loop {
                match run(&path, keys.clone(), retention) {
                    Ok(report) if report != PurgeReport::default() => tracing::info!(
                        attendances = report.attendances,
                        quarantined = report.quarantined,
                        "citizens' identification erased after the retention"
                    ),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "the retention purge failed; it runs again later"),
                }
                std::thread::sleep(EVERY);
            }
        });
    if let Err(e) = started {
        tracing::error!(error = %e, "the retention purge could not start");
    }
}

fn run(path: &Path, keys: Keys, retention: Retention) -> Result<PurgeReport> {
    let mut store = Store::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    store.set_audit_key(keys.audit)?;
    // The purge waits for the app's own writes rather than failing on them.
    store.set_busy_timeout(Duration::from_secs(30))?;
    store.set_vault(keys.vault)?;
    Ok(store.purge(now(), retention)?)
}

/// `balcao privacy purge`: erases now what the retention says is due, and says how much.
pub fn purge(lang: Lang, db: &Path, retention: Retention) -> Result<ExitCode> {
    let i18n = I18n::new(lang);
    if !db.exists() {
        anyhow::bail!("{}: {}", db.display(), i18n.tr("cli-audit-no-database"));
    }
    // Signed like every other entry when this PC's keyring holds the device key, and sealed values
    // opened with its sealing key; neither is ever created here.
    let keyring = balcao_sync::use_platform_keyring().is_ok();
    let keys = Keys {
        audit: keyring
            .then(|| balcao_sync::AuditKeyStore::default().get().ok().flatten())
            .flatten(),
        vault: keyring
            .then(|| balcao_sync::VaultKeyStore::default().get().ok().flatten())
            .flatten()
            .and_then(|key| balcao_vault::Vault::from_master(&key).ok()),
    };
    let report = run(db, keys, retention)?;
    println!(
        "{}",
        i18n.tr_args(
            "cli-privacy-purged",
            &[
                ("attendances", report.attendances.to_string()),
                ("quarantined", report.quarantined.to_string()),
                ("days", retention.days.to_string()),
                ("pending", retention.days.max(retention.pending_days).to_string()),
            ],
        )
    );
    Ok(ExitCode::SUCCESS)
}
