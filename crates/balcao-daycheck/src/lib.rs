//! The counter's start-of-day check: is the equipment the mediator needs today working?
//!
//! When the mediator opens the day (and whenever they ask), Balcão looks at the second monitor, the
//! printer, the Citizen Card reader, the public portals the catalogue links to, the central server,
//! the free disk space and the clock, and shows a checklist with a plain action for each failure
//! ("Ligue o segundo monitor e reinicie o Balcão."). The result is stored and synced so the
//! coordination sees which spots run with broken equipment.
//!
//! # Nothing here locks
//!
//! A failed check warns; it never stops the mediator working. A counter with a broken printer can
//! still attend citizens (the receipt is reprinted later), and a counter offline can still record
//! attendances (the outbox waits). So this crate has no error type that reaches the app: every probe
//! answers with an observation, including "could not look" (`NotChecked`, `Unknown`, `None`), and the
//! builder turns each into an [`Item`] with a [`Status`]. No probe reads anything about a citizen.
//!
//! # Two layers
//!
//! - [`build`] is pure: it takes [`Observations`] and the time, applies the thresholds (the `pub
//!   const`s in [`report`], each with its reason) and returns a [`Report`]. The app fills
//!   [`MonitorObs`] from the windowing system and the enrolment, last sync and outbox count from its
//!   store; tests feed fakes for every failure.
//! - [`Probes`] is the I/O: [`SystemProbes`] on the real machine, any fake in tests. [`run`] calls
//!   every probe on its own thread (the slowest sets the pace: a few seconds) and must be called off the
//!   UI thread; [`check`] is `run` then `build`.
//!
//! # What each probe looks at, and why that way
//!
//! - **Printer**: CUPS's `lpstat` (`-d` for the default printer, `-l -p NAME` for its state and
//!   alerts, `-o NAME` for queued jobs), run with `LC_ALL=C` because the Portuguese output words every
//!   line differently, and killed after [`lpstat::LPSTAT_TIMEOUT`] because a hung `cupsd` makes it wait
//!   forever. No `lpstat` means no spooler. CUPS keeps an unplugged USB printer "idle" until a job
//!   fails, so a printer switched off may pass until the first print; "offline", "paper out", "jammed"
//!   and "paused" alerts are caught.
//! - **Card reader**: sysfs, not PC/SC: a USB interface of class `0x0B` (CCID smart card) under
//!   `/sys/bus/usb/devices`, named by its device's `product` file ([`sysfs`]). This needs no library,
//!   no permission and no running `pcscd`, and it cannot touch a card, let alone read one.
//! - **Portals**: each distinct origin (scheme, host, port) among the catalogue's addresses, asked with
//!   HEAD (GET if HEAD is refused) in parallel, at most [`http::MAX_CONCURRENT`] at a time, each within
//!   a short timeout ([`http`]). Any answer below 500 means the server is up (a login page's 401 or
//!   403 included); redirects are not followed.
//! - **Central server**: GET `{central}/openapi.json`, which needs no authentication, so the check
//!   works even when the counter's key is refused; its `Date` header gives the clock offset (to the
//!   second). The age of the last sync and the outbox count come from the store.
//! - **Disk**: `statvfs` of the data folder (or its nearest existing parent): the space available to
//!   Balcão, not to root.
//! - **Monitors**: the app's own windowing system knows; it fills [`MonitorObs`].
//!
//! On Windows the printer and card reader are reported as not checked and the disk as not measured
//! (see [`SystemProbes`]); the checklist shows them as skipped, never as failed.
//!
//! # What leaves the counter
//!
//! [`Report::to_record`]: the time, and for each check its slug, its status and technical facts
//! (printer name and queue length, counts and failing portal hosts, sync age and outbox count, clock
//! offset, byte counts). The mediator's sentences and any person's data stay on the counter.
//!
//! # Messages
//!
//! Items carry Fluent message ids ([`Msg`]), worded in `balcao-i18n/locales/*/daycheck.ftl`;
//! [`MESSAGE_IDS`] lists every id this crate can produce and a test checks both languages have them.

pub mod http;
pub mod lpstat;
mod observations;
mod probes;
pub mod report;
pub mod sysfs;
mod system;

pub use probes::{DEFAULT_TIMEOUT, Inputs, Probes, check, run};
pub use report::{
    CentralObs, CheckId, DiskObs, Item, MESSAGE_IDS, MonitorObs, Msg, Observations, PortalObs, PortalOutcome,
    PrinterObs, ReaderObs, Report, Status, build,
};
pub use system::SystemProbes;

#[cfg(test)]
mod tests;
