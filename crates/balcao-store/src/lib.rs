//! The local store of a counter: every attendance is written to the counter's own disk first.
//!
//! An Espaço do Cidadão in a village may be offline for days, and a power cut may come at any moment,
//! yet the agency counts every attendance and no record may be lost or counted twice. So Balcão
//! records locally first, in one SQLite file per counter, and syncs later:
//!
//! - **Durable before acknowledged.** Each operation ([`Store::begin_attendance`],
//!   [`Store::set_outcome`], …) is one transaction in WAL mode with `synchronous=FULL`: when it returns
//!   `Ok`, the change survives a crash or a power cut. When it returns `Err`, nothing was written.
//! - **The core decides, the store remembers.** Before writing, the store loads the attendance and
//!   applies the change through the core model (`balcao_core::attendance::Attendance`), so a change
//!   the rules refuse (an outcome without its reason, ending with a line still open) writes nothing.
//! - **An outbox for exactly-once sync.** The same transaction appends one [`outbox`] row with a
//!   UUIDv7 `record_id` and a JSON snapshot of the attendance; the sync worker sends rows in order and
//!   the agency deduplicates on the id.
//! - **Restore after a crash.** At most one attendance is open at a time; [`Store::open_attendance`]
//!   returns it exactly as last written, so the mediator continues where the power cut stopped them.
//! - **No clock.** Like the core, the store reads no clock: every operation takes the time
//!   ([`balcao_core::attendance::UtcMillis`]), and the UUIDv7s are made from it.
//! - **A quarantine, never a deletion.** The sync worker deletes an outbox row only after the agency
//!   acknowledged it, and moves a record the agency refuses to the quarantine, where it stays ([`sync`]).
//! - **Upgrades in one step.** The schema is a list of embedded SQL migrations ([`migrate`]) applied
//!   all together or not at all; a file from a newer Balcão is refused, not downgraded.
//!
//! Errors are [`StoreError`]s, which implement `balcao_core::message::Localized`: `balcao-i18n` words
//! them for the mediator (`locales/*/store.ftl`).

pub mod accounts;
pub mod audit;
pub mod cash;
pub mod daycheck;
pub mod error;
pub mod followup;
pub mod migrate;
pub mod outbox;
pub mod purge;
pub mod rgpd;
mod rows;
mod seal;
mod store;
pub mod sync;

pub use cash::{Cancellation, CashSession, ClosingRecord, NewPayment, Payment, PaymentEntry};
pub use error::StoreError;
pub use outbox::{OutboxEntry, Snapshot};
pub use store::{DEFAULT_BUSY_TIMEOUT, Store};
pub use sync::{CachedCatalogue, QuarantinedRecord, SyncState};
