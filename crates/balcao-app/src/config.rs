//! The counter's configuration, as the app sees it.
//!
//! The format, its three layers (system file, user file, flags) and every check live in
//! `balcao-config`; the app only reads the merged [`Config`], so it is re-exported here for the modules
//! and tests that build an app from one.

pub use balcao_config::{Config, LogLevel};
