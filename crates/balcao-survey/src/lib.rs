//! The citizen survey behind the QR: the ticket a counter puts into the QR at the end of an
//! attendance ([`ticket`]), and the rules an answer must pass before the central server keeps it
//! ([`answer`]).
//!
//! The seeds ask for an *avaliação automática* after each attendance. The citizen scans the QR on the
//! citizen screen with a phone and answers three questions on a page of the central server, without
//! an account, a cookie or JavaScript. Two things make that trustworthy:
//!
//! - **The ticket is signed by the counter.** It names the counter (its device id) and the millisecond
//!   the attendance ended, and carries an Ed25519 signature by the counter's device key, the one that
//!   signs its audit trail and that the central server registered at enrolment. So the server can
//!   tell a real ticket from a forged or mistyped one *before* the attendance's record has reached it
//!   (a van may sync days later), refuse a second answer to one ticket, and refuse an old one. The
//!   ticket holds no attendance id, no name, nothing the citizen typed.
//! - **The comment cannot carry personal data.** The survey is for counting, so a comment that looks
//!   like it holds an e-mail address, a phone number or a NIF is refused with a sentence that says
//!   which, and the citizen can take it out. The page also says so before they type.
//!
//! This crate is pure: no I/O, no clock, no database. The counter calls [`ticket::issue`]; the server
//! calls [`ticket::read`], checks the signature with the device's registered key
//! ([`ticket::Ticket::verify`]) and parses the form with [`answer::parse`].

pub mod answer;
pub mod ticket;

pub use answer::{Alone, Answer, Done, PersonalData, Problem};
pub use ticket::{Ticket, TicketError};
