//! Real processes for the tests that kill or starve them: a child whose stdout lines arrive on a
//! channel ([`Proc`]), the real central server as such a child ([`central_process`]), and what the
//! kernel says of a process's memory ([`memory`]).
//!
//! The crash and sick-server tests need the server in a process of its own: SIGKILL must hit a whole
//! program, not a task, and ten thousand idle connections need their own table of file descriptors
//! and their own resident memory to measure.

// Test helpers: a broken setup should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// A child process whose stdout lines arrive on a channel.
pub struct Proc {
    /// The process.
    pub child: Child,
    /// Its stdout, line by line.
    pub lines: Receiver<String>,
}

impl Proc {
    /// Starts `command` with its stdout piped to [`Proc::lines`].
    pub fn spawn(mut command: Command) -> Proc {
        let mut child = command.stdout(Stdio::piped()).spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        Proc { child, lines }
    }

    /// Waits up to `within` for the line `expected`; returns whether it came.
    pub fn expect_line(&self, expected: &str, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line == expected => return true,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return false,
            }
        }
    }

    /// Waits up to `within` for the process to exit by itself; returns how long it ran if it did.
    pub fn exits_within(&mut self, within: Duration) -> Option<Duration> {
        let started = Instant::now();
        loop {
            if self.child.try_wait().unwrap().is_some() {
                return Some(started.elapsed());
            }
            let left = within.saturating_sub(started.elapsed());
            if left.is_zero() {
                return None;
            }
            std::thread::sleep(left.min(Duration::from_millis(1)));
        }
    }

    /// Whether the process is still running.
    pub fn running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// SIGKILLs the process (unless it has already exited); returns whether the kill landed on a running
    /// process.
    pub fn kill(mut self) -> bool {
        let running = self.child.try_wait().unwrap().is_none();
        // `Child::kill` is SIGKILL on Unix: no handler runs, nothing is flushed.
        let _ = self.child.kill();
        let status = self.child.wait().unwrap();
        running && status.signal() == Some(9)
    }
}

impl Drop for Proc {
    /// A test that fails half-way must not leave a server behind.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The `central-process` binary on `db_url` and 127.0.0.1:`port`, with `env` added, once it prints
/// `listening`.
pub fn central_process(binary: &str, db_url: &str, port: u16, env: &[(&str, String)]) -> Proc {
    let mut command = Command::new(binary);
    command
        .env("BALCAO_CENTRAL_DB_URL", db_url)
        .env("BALCAO_CENTRAL_PORT", port.to_string())
        .env("RUST_LOG", "off");
    for (name, value) in env {
        command.env(name, value);
    }
    let process = Proc::spawn(command);
    assert!(
        process.expect_line("listening", Duration::from_secs(60)),
        "the server did not start"
    );
    process
}

/// A process's memory as the kernel counts it, in KiB.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Memory {
    /// Resident set size (`VmRSS`): every page mapped and present, shared ones counted whole.
    pub rss_kib: u64,
    /// Proportional set size (`Pss` of `smaps_rollup`): shared pages divided among their sharers.
    pub pss_kib: u64,
}

/// Reads `/proc/<pid>/status` and `/proc/<pid>/smaps_rollup`.
pub fn memory(pid: u32) -> Memory {
    let field = |file: &str, name: &str| -> u64 {
        let text = std::fs::read_to_string(format!("/proc/{pid}/{file}")).unwrap_or_default();
        text.lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    Memory {
        rss_kib: field("status", "VmRSS:"),
        pss_kib: field("smaps_rollup", "Pss:"),
    }
}
