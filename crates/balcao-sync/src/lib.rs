//! The counter's sync worker: every record reaches the agency exactly once, and the counter never waits
//! for it.
//!
//! A counter records everything locally first (`balcao-store`: one SQLite transaction per change, with
//! an outbox row). This crate takes it from there, in the background:
//!
//! - [`worker`]: a thread of its own, with its own store connection, that drains the outbox to the
//!   central server, fetches the signed catalogue, and publishes a [`SyncStatus`] the UI reads without
//!   ever waiting on the network;
//! - [`drain`]: what to do with each record once the server answered (acknowledge, quarantine) and when
//!   it did not (count the try, back off), including finding the one record a server refuses in a batch;
//! - [`backoff`]: exponential backoff with full jitter, and `Retry-After`;
//! - [`timing`]: the worker's clock, sleep and jitter seed, which tests replace;
//! - [`client`]: the central API (`docs/central-api.md`), over reqwest with rustls and timeouts, to
//!   `https://` only (or to this very computer);
//! - [`catalogue`]: Ed25519 verification of catalogue bundles, rollback refusal, the cached catalogue;
//! - [`enroll`]: trading a one-time code for a device token bound to the configured spot;
//! - [`token`]: the device token, in the OS keyring and nowhere else (never SQLite, config or logs).
//!
//! **Exactly once.** A record is deleted from the outbox only after the server answered `stored` or
//! `duplicate` for its UUIDv7, and moved to the quarantine (never deleted) only after the server refused
//! it. Any crash in between resends it, and the server deduplicates.
//!
//! Errors are [`SyncError`]s, which implement `balcao_core::message::Localized`; `balcao-i18n` words
//! them (`locales/*/sync.ftl`).
//!
//! What the app calls:
//!
//! ```no_run
//! # fn main() -> Result<(), balcao_sync::SyncError> {
//! balcao_sync::use_platform_keyring()?; // once, at start (else the token store is unavailable)
//! let config = balcao_sync::WorkerConfig::new("/var/lib/balcao/balcao.sqlite3".into(), "EC-0420")?;
//! let worker = balcao_sync::SyncWorker::start(config, Box::new(|| { /* ctx.request_repaint() */ }))?;
//! worker.records_changed(); // after each write to the store
//! let status = worker.status(); // every frame: a copy, never waits
//! # let _ = status;
//! # Ok(())
//! # }
//! ```

pub mod accounts;
pub mod audit;
pub mod backoff;
pub mod catalogue;
pub mod client;
pub mod drain;
pub mod enroll;
pub mod error;
pub mod status;
pub mod timing;
pub mod token;
pub mod worker;

pub use catalogue::{AcceptedCatalogue, CatalogueInUse, PUBLIC_KEY, cached_accepted, cached_catalogue};
pub use client::Client;
pub use enroll::{EnrollRequest, enroll};
pub use error::SyncError;
pub use token::{AuditKeyStore, Token, TokenStore, VaultKeyStore, use_platform_keyring};
pub use worker::{CatalogueStatus, EnrollmentState, Link, SyncStatus, SyncWorker, Timing, WorkerConfig};
