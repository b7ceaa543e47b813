//! The browser in which the mediator works on the State's portals for a citizen, opened and closed
//! by Balcão, with a fresh throwaway profile for every attendance.
//!
//! # Why
//!
//! At an Espaço Cidadão counter the mediator logs into the State's portals (Finanças, Segurança
//! Social, ePortugal…) on the citizen's behalf, often with the citizen's own credentials or digital
//! key. Whatever the browser keeps of that work (session cookies, a remembered login, autofilled form
//! data, the downloaded certificate with the citizen's NIF in it) must not be there when the next
//! citizen sits down. Telling the mediator to log out and clear the history is not a safeguard; so
//! the browser is Balcão's to open and close: [`Session::start`] starts it on an empty profile made
//! for the attendance, and [`Session::close`] ends it and deletes that profile.
//!
//! # What is deleted, and when
//!
//! Each attendance gets `<root>/<attendance_id>/` (the app uses `<data-dir>/navegador`), readable only
//! by the counter's user, holding `perfil/` (the browser profile: cookies, cache, history, form data,
//! saved state), `transferencias/` (downloads go there without a prompt, [`profile`]; the app lists
//! them with [`Session::downloads`] to print or attach them) and the marker `balcao-session.json`.
//! The whole directory is deleted when the session is closed, which the app does when the attendance
//! ends; dropping a [`Session`] closes it too. Anything the mediator wants to keep from the downloads
//! must be copied out before closing.
//!
//! # Why a process group
//!
//! A browser is many processes (Chromium's zygote and renderers, Firefox's content processes, or a
//! wrapper script and what it starts). The browser is started as the leader of a new process group, so
//! one signal to the group reaches all of them: `SIGTERM` first, so it can exit cleanly, then after a
//! grace period `SIGKILL`. Only then is the profile deleted: a browser left running would keep the
//! citizen's session open in memory and could write the profile back.
//!
//! # Crash recovery
//!
//! If Balcão dies without closing (power cut, crash, `SIGKILL`), the browser may still be running
//! with the last citizen's session. [`sweep`], called when Balcão starts, reads each leftover marker
//! (pid and profile), stops that process group if a live process of it still has that profile on its
//! command line (so a pid reused by an unrelated program is never signalled), and deletes every
//! leftover directory.
//!
//! # Platforms
//!
//! Linux is the counters' system and is what the tests exercise, with fake browsers (shell scripts).
//! The Windows parts (`taskkill /T`, `tasklist`, the `Program Files` locations) are deliberately thin
//! and are not compiled or tested on the Linux build machines.
//!
//! # Logs
//!
//! Only browser kinds, pids and counts are logged: never a URL (portal URLs carry query strings with
//! personal data), a path or a downloaded file's name.

pub mod args;
pub mod error;
pub mod kind;
pub mod profile;
pub mod session;
mod sys;

pub use args::{Placement, launch_args, reuse_args};
pub use error::{BrowserError, ChoiceError};
pub use kind::{Browser, BrowserChoice, BrowserKind, find};
pub use profile::prepare_profile;
pub use session::{CloseReport, Session, SweepReport, sweep};
