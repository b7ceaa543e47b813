//! Cross-crate end-to-end tests live in `tests/tests/*.rs`; this library holds what they share:
//! [`fault_proxy`], the TCP proxy that breaks HTTP exchanges on purpose between the sync worker and a
//! real central server, and [`simulate`], which writes realistic counter days into a real store.

pub mod fault_proxy;
pub mod simulate;
