//! Balcão's fuzz targets, as plain functions: one per parser of outside input, each with the
//! invariants its input must keep beyond "it did not panic".
//!
//! # Why a library, and where the fuzzer is
//!
//! Everything a target does lives here, in an ordinary workspace crate with the workspace's lints, so
//! that the very same code runs in two ways:
//!
//! - **under a coverage-guided fuzzer**: `fuzz/` at the repository's root is a cargo-fuzz crate
//!   (libFuzzer) whose `fuzz_targets/<name>.rs` each call one function of [`TARGETS`];
//!   `scripts/fuzz` builds them on stable Rust and runs each for a given time (ten minutes by
//!   default), growing `fuzz/corpus/<name>/` and saving any crash under `fuzz/artifacts/<name>/`;
//! - **as a test**: `tests/replay.rs` runs every file of every corpus once through its function, in
//!   seconds, in `cargo test`. So CI replays every input the fuzzer ever kept, and a crash found once
//!   (its input added to the corpus, its fix made) stays fixed.
//!
//! A target **panics** when an invariant does not hold: that is what libFuzzer catches and saves. The
//! panics are the assertions of this crate's functions only; the code under test is called through its
//! public API and must never panic on any input (a kiosk must not crash, a server must not drop a
//! connection on a malformed body).
//!
//! # The targets and their invariants
//!
//! - [`catalogue_source`]: catalogue files (one or more layers, as a site folder lays itself over the
//!   shipped catalogue) through `balcao_catalogue::check_layers`. Every diagnostic points inside its
//!   file; and a catalogue that loads **passes its own check**: it satisfies, by an independent
//!   reading, every property ARCHITECTURE.md promises of a `Report` without errors (unique ids, known
//!   entities and categories, Portuguese text, https addresses, non-negative fees, three steps with
//!   citizen text, …), and written back as catalogue files it loads again, without an error, as the
//!   same catalogue. The first is what every consumer relies on without re-validating; the second
//!   shows the checker reads what an editor wrote and nothing else (no value it accepts is one it
//!   could not have read back).
//! - [`catalogue_bundle`]: the signed bundle a counter downloads, through
//!   `balcao_sync::catalogue::verify_bundle`. **A bundle that verifies was signed by the key**: bytes
//!   the fuzzer made up verify only if they carry the key's own signature, and a signed bundle with any
//!   byte of payload or signature changed, or checked with another key, is refused for its signature;
//!   an intact one that verifies says what its payload says, is not older than the bundle held, and
//!   carries a catalogue that passes its own check (as above).
//! - [`config_file`]: a configuration file through `balcao_config::parse`. Errors point inside the
//!   file; accepted settings assign cleanly (what `load` relies on), and the configuration they make,
//!   printed as `balcao config check` prints it, is a configuration file that reads back as the same
//!   configuration.
//! - [`central_records`], [`central_enroll`], [`central_accounts`], [`central_audit`]: the bodies of
//!   `POST /v1/records`, `POST /v1/enroll`, `POST /v1/accounts` and `POST /v1/audit`, through the
//!   steps the central server runs on them before it touches its database, and the counter's own types
//!   for the same JSON. **A body that is accepted round-trips**: serialised and decoded again it is the
//!   same value; an enrolment or an account, sent again as the server read it, is judged the same, in
//!   its canonical form (a code with nothing left to normalise, a trimmed name, a lower-case login). For records, the
//!   privacy rules of both ends agree (`balcao_privacy`: what `minimise` leaves, `identifier_in`
//!   accepts; `minimise` is idempotent and keeps the payload decodable as the counter's types), and a
//!   payload's audit hash is the same whether computed from its text or from its parsed value.
//! - [`central_signing_key`]: the central server's signing key file (`--signing-key`): a key that
//!   reads, written as `keygen` writes it, reads back as the same key.
//! - [`audit_chain`]: the audit-trail verifier (`balcao_audit`): a chain the fuzzer shapes, signed
//!   with a test key, **verifies**, and still verifies after a JSON round trip; any change to it (a
//!   byte of its JSON, an entry dropped, swapped, repeated or cut off, an older checkpoint) that
//!   decodes to different entries is **detected**, at exactly the first entry changed, or by the
//!   checkpoint when the chain was only cut short.
//! - [`survey_form`]: the citizen survey's ticket (the QR's address) and answer form. **A ticket
//!   verifies only if it is the very text the key issues** (no second spelling answers twice), and
//!   an accepted answer keeps the rules (1 to 5, a short comment with no personal data) and posts
//!   again as itself.
//! - [`counter_records_reply`]: the counter's reading of the server's answer to its records
//!   (`balcao_sync::client::records_reply`) and what the drain then does with its outbox. **No record
//!   is lost or taken out on a whim**: whatever the status and body, the drain stops by itself, each
//!   record is still in the outbox, acknowledged or quarantined, and it left the outbox only on what
//!   the answer said of it (or of the request it was alone in).
//!
//! # Adding a target
//!
//! Write `pub fn <name>(data: &[u8])` in a module here (the real logic, then the invariants as
//! assertions that name what broke), add it to [`TARGETS`], add `fuzz/fuzz_targets/<name>.rs` (a
//! one-line call, as its neighbours) and its `[[bin]]` in `fuzz/Cargo.toml`, and put a few small seed
//! inputs in `fuzz/corpus/<name>/`. `tests/replay.rs` fails until all four exist.

mod audit;
mod bundle;
mod catalogue;
mod central;
mod config;
mod input;
mod survey;
mod sync;

pub use audit::audit_chain;
pub use audit::test_device_key;
pub use bundle::catalogue_bundle;
pub use bundle::test_signing_key;
pub use catalogue::catalogue_source;
pub use central::{central_accounts, central_audit, central_enroll, central_records, central_signing_key};
pub use config::config_file;
pub use input::write_layers;
pub use survey::survey_form;
pub use sync::counter_records_reply;

/// One fuzz target: its name (of its corpus folder and of its cargo-fuzz binary) and its function.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// The name: `fuzz/corpus/<name>/`, `fuzz/fuzz_targets/<name>.rs`.
    pub name: &'static str,
    /// Runs one input; panics when an invariant does not hold.
    pub run: fn(&[u8]),
}

/// Every target, in the order `scripts/fuzz` runs them.
pub const TARGETS: &[Target] = &[
    Target {
        name: "catalogue_source",
        run: catalogue_source,
    },
    Target {
        name: "catalogue_bundle",
        run: catalogue_bundle,
    },
    Target {
        name: "config_file",
        run: config_file,
    },
    Target {
        name: "central_records",
        run: central_records,
    },
    Target {
        name: "central_enroll",
        run: central_enroll,
    },
    Target {
        name: "central_accounts",
        run: central_accounts,
    },
    Target {
        name: "central_audit",
        run: central_audit,
    },
    Target {
        name: "central_signing_key",
        run: central_signing_key,
    },
    Target {
        name: "audit_chain",
        run: audit_chain,
    },
    Target {
        name: "survey_form",
        run: survey_form,
    },
    Target {
        name: "counter_records_reply",
        run: counter_records_reply,
    },
];

/// The target with this name.
pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}
