//! Log files: where they go, how they rotate, and what never goes in them.
//!
//! A counter has no terminal. When something goes wrong, the municipality's technician (or AMA's
//! support, on the phone) needs to know what the app did, days later, without asking the mediator to
//! remember. So the app writes one file a day under the platform's standard place for such state
//! (`~/.local/state/balcao/logs/balcao.YYYY-MM-DD.log` on Linux,
//! `%LOCALAPPDATA%\AMA\Balcao\data\logs` on Windows) and keeps the last [`KEEP_FILES`], so a full disk
//! can never come from the log.
//!
//! Writing goes through `tracing-appender`'s non-blocking writer: a frame never waits on the disk for
//! a log line. The returned guard flushes what is queued when the app ends. Its queue holds
//! [`QUEUED_LINES`] lines, not the crate's default of 128 000: that queue is allocated and written
//! whole at start, 4 MB of the app's memory for a log that writes a few lines a minute (issue 17,
//! found with heaptrack). When the disk is so slow that the queue fills, lines are dropped, never the
//! frame blocked.
//!
//! **No personal data.** Log lines carry record identifiers (attendance and service ids, outcome
//! kinds, message ids), never a citizen's name, NIF, card number, phone, e-mail or notes; the events
//! are written that way in `balcao-app`, `Citizen`'s `Debug` form hides its values, and a test drives
//! an attendance with a real citizen's identifiers and searches the log for them.

use anyhow::{Context, Result};
use balcao_config::LogLevel;
use std::path::Path;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::filter::LevelFilter;

/// How many daily files are kept.
pub const KEEP_FILES: usize = 14;

/// How many log lines may wait for the disk.
pub const QUEUED_LINES: usize = 4096;

fn filter(level: LogLevel) -> LevelFilter {
    match level {
        LogLevel::Error => LevelFilter::ERROR,
        LogLevel::Warn => LevelFilter::WARN,
        LogLevel::Info => LevelFilter::INFO,
        LogLevel::Debug => LevelFilter::DEBUG,
        LogLevel::Trace => LevelFilter::TRACE,
    }
}

/// Starts writing log files in `dir` at `level`. Keep the guard alive for as long as the app runs.
pub fn init(dir: &Path, level: LogLevel) -> Result<WorkerGuard> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the log directory {}", dir.display()))?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("balcao")
        .filename_suffix("log")
        .max_log_files(KEEP_FILES)
        .build(dir)
        .with_context(|| format!("cannot write log files in {}", dir.display()))?;
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(QUEUED_LINES)
        .lossy(true)
        .finish(appender);
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_max_level(filter(level))
        .try_init()
        .map_err(|e| anyhow::anyhow!("cannot start logging: {e}"))?;
    Ok(guard)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_at_and_above_the_level_reach_a_daily_file() {
        let dir = std::env::temp_dir().join(format!("balcao-logs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let guard = init(&dir, LogLevel::Info).unwrap();
        tracing::info!(attendance = "0192abcd", "attendance started");
        tracing::debug!("below the level");
        drop(guard);
        let files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with("balcao.") && name.ends_with(".log"), "{name}");
        let text = std::fs::read_to_string(&files[0]).unwrap();
        assert!(
            text.contains("attendance started") && text.contains("0192abcd"),
            "{text}"
        );
        assert!(!text.contains("below the level"), "{text}");
        assert!(!text.contains('\u{1b}'), "no colour codes in a file: {text:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
