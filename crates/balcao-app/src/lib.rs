//! The counter app of Balcão: the mediator's workbench and the citizen's screen, one process, two
//! windows.
//!
//! The shape follows egui/rerun: a thin app shell ([`app::BalcaoApp`]) over plain modules.
//! [`state::AppState`] is the single state; widgets read it and emit [`command::Command`]s;
//! [`command::apply`] is the one place that validates, saves to the local store and changes the state
//! (run in `App::logic`); drawing happens in `App::ui`. The citizen window is a deferred viewport that
//! draws a [`view::CitizenView`] — a value derived from the state by a pure function that has no access
//! to the identification form, the notes or the confidential field — and is repainted only when that
//! value changes, so it costs nothing while idle and never waits for the mediator window's frames.
//!
//! **Architecture invariant:** the citizen window cannot change the state and cannot show what is not in
//! [`view::CitizenView`]. **Architecture invariant:** every sentence comes from `balcao-i18n`.

pub mod app;
pub mod atlas;
pub mod browser;
pub mod cash;
pub mod cash_state;
pub mod catalogue_state;
pub mod catalogue_update;
pub mod command;
pub mod config;
pub mod daycheck;
pub mod daycheck_state;
pub mod env;
pub mod error_app;
pub mod followup;
pub mod mirror;
pub mod monitor;
pub mod picture;
pub mod probe;
pub mod rights;
pub mod rights_state;
pub mod session;
pub mod session_state;
pub mod state;
pub mod theme;
pub mod training;
pub mod ui;
pub mod view;
