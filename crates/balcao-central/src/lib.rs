//! The reference central server of Balcão: where counters enroll, send their records, and fetch the
//! signed catalogue, and where coordinators read the statistics.
//!
//! Counters are offline for days and retry everything, so the server's first duty is to make a retry
//! harmless: a record is identified by the id the counter gave it, stored forever the first time and
//! acknowledged (but never counted again) every later time, and a different record under a known id is
//! refused rather than overwriting history ([`records`]). Its second duty is to be boring to operate:
//! one binary, PostgreSQL, migrations applied at start in one transaction ([`db`]), secrets stored only
//! as hashes ([`secret`]), a catalogue that is checked before it is signed and signed before it is
//! served ([`bundle`]), and errors that tell a client what to do without telling it how the server is
//! built ([`error`]).
//!
//! The wire contract is `docs/central-api.md` (the machine-readable form is `openapi.json`, served at
//! `GET /openapi.json`); the client that speaks it is `balcao-sync`. The HTTP layer is axum
//! ([`api::app`]), so tests run the real router in-process against a real, throwaway PostgreSQL
//! (`balcao-testkit`). Operators use the `balcao-central` binary: `serve`, and admin subcommands that
//! call [`admin`].

pub mod accounts;
pub mod accounts_api;
pub mod admin;
pub mod api;
pub mod audit;
pub mod bundle;
pub mod db;
mod derive;
pub mod enrollment;
pub mod equipment;
pub mod error;
pub mod fleet;
pub mod followups;
pub mod guard;
pub mod ratelimit;
pub mod records;
pub mod rollups;
pub mod scope;
pub mod secret;
pub mod stats;
pub mod survey;
pub mod web;

pub use api::{AppState, HEADER_TIMEOUT, Options, app, routes, serve, serve_with};
pub use error::{ApiError, CentralError};

/// The public half of `demo/signing-key.demo`, the **publicly known** key pair for local demos.
///
/// A counter built for a demo trusts bundles signed with it; anyone can sign with it, so nothing real
/// may ever trust it. `balcao-sync` builds the same constant in, and tests check that both match the
/// demo key file. In base64: `TXOCb8Y6Nf/QikPuXkrlCnXgdPUXJzkDZsa3V5N6X0s=`.
pub const DEMO_PUBLIC_KEY: [u8; 32] = [
    0x4d, 0x73, 0x82, 0x6f, 0xc6, 0x3a, 0x35, 0xff, 0xd0, 0x8a, 0x43, 0xee, 0x5e, 0x4a, 0xe5, 0x0a, 0x75,
    0xe0, 0x74, 0xf5, 0x17, 0x27, 0x39, 0x03, 0x66, 0xc6, 0xb7, 0x57, 0x93, 0x7a, 0x5f, 0x4b,
];

/// `demo/signing-key.demo`'s text (64 hex digits): the **public** demo secret key, for local demos and
/// tests only.
pub const DEMO_SIGNING_KEY_FILE: &str = include_str!("../demo/signing-key.demo");
