//! Drawing: the mediator window (with its cash panels), the citizen window, and the QR codes they show.
//!
//! Functions that take `&mut egui::Ui` are called `*_ui`. Mediator widgets read the state and push
//! [`crate::command::Command`]s; they never change the state. The citizen window draws only a
//! [`crate::view::CitizenView`].

pub mod cash;
pub mod citizen;
pub mod daycheck;
pub mod followups;
pub mod login;
pub mod mediator;
pub mod qr;
pub mod rights;
pub mod sync;
pub mod training;
