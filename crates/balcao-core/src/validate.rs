//! Validators for Portuguese identifiers (placeholder module, filled in by the validators work).
