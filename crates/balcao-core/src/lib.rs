//! The domain core of Balcão: what the counter knows, independent of how it is shown, stored or sent.
//!
//! This crate holds the vocabulary every other crate speaks:
//!
//! - [`catalogue`]: the service catalogue of the Espaços do Cidadão (entities, services, the steps of
//!   the *guião de atendimento*, required documents, eligibility questions, fees, authentication);
//! - [`attendance`]: one attendance at the counter, its service lines and their outcomes, and the rules
//!   that decide when an attendance may end;
//! - [`cash`]: EC-FI, the fees collected at the counter: payment methods, change, cancellations and the
//!   arithmetic of the daily cash closing;
//! - [`money`]: integer-cent amounts in euros, formatted the Portuguese way (`1 234,50 €`);
//! - [`validate`]: validators for Portuguese identifiers (NIF, Cartão de Cidadão, postal code, phone,
//!   e-mail) whose errors a mediator understands;
//! - [`text`]: bilingual text (pt-PT first, English second) and the [`text::Lang`] switch;
//! - [`message`]: the [`message::Localized`] trait through which errors reach the translation layer.
//!
//! **Architecture invariant:** this crate depends on no UI, database, network, async or filesystem crate,
//! and performs no I/O. It is pure data and rules, so it can be tested exhaustively and reused by the
//! app, the central server and the catalogue tools alike. A test in `tests/` reads `cargo metadata` and
//! fails if a dependency sneaks in.
//!
//! **Architecture invariant:** no user-visible sentence is written here. Errors carry a message id and
//! arguments ([`message::Localized`]); `balcao-i18n` turns them into pt-PT or English.

pub mod attendance;
pub mod cash;
pub mod catalogue;
pub mod followup;
pub mod message;
pub mod money;
pub mod privacy;
pub mod text;
pub mod time;
pub mod validate;
