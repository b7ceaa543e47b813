//! Cross-crate end-to-end tests live in `tests/tests/*.rs`; this library holds what they share:
//! [`fault_proxy`], the TCP proxy that breaks HTTP exchanges on purpose between the sync worker and a
//! real central server; [`simulate`], which writes realistic counter days into a real store; and
//! [`harness`], the real central server over a throwaway PostgreSQL, enrolled counters, the sync worker
//! with fast timing, and the comparison of what a counter made with what the server holds; and
//! [`process`], real child processes (the server among them) to kill, starve and measure.

pub mod fault_proxy;
pub mod harness;
pub mod process;
pub mod simulate;
