//! The few operating-system calls a session needs: start a browser in a group of its own, tell
//! whether that group still has live processes, signal the whole group, and recognise a leftover
//! browser after a crash.
//!
//! On Linux (the counters' system, where this is tested) a session's browser is the leader of a new
//! process group, so one signal reaches the browser and every helper it forked (Chromium's zygote and
//! renderers, a shell wrapper's children). Liveness is read from `/proc` without reaping: the session
//! keeps its leader unreaped (a zombie at worst) until it has finished signalling, so the group id
//! cannot be reused by an unrelated process in the meantime. A leftover from a crashed run is only
//! signalled when a live process of its group has the profile directory on its command line, so a
//! recycled pid never makes Balcão kill someone else's program.
//!
//! On Windows the module is deliberately thin, and cannot be compiled or tested on the Linux build
//! machines: the browser gets a new console process group, `taskkill /T` ends its process tree (first
//! politely, then with `/F`), and a leftover is recognised by its image name through `tasklist`.

use std::path::Path;
use std::process::Command;

/// How firmly to ask a process group to end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ask {
    /// `SIGTERM` (Windows: `taskkill /T`, which asks the windows to close).
    Politely,
    /// `SIGKILL` (Windows: `taskkill /T /F`).
    Firmly,
}

#[cfg(unix)]
pub(crate) use unix::*;
#[cfg(windows)]
pub(crate) use windows::*;

#[cfg(unix)]
mod unix {
    use super::*;
    use rustix::process::{Pid, Signal, kill_process_group};
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::process::CommandExt;

    /// Puts the command in a new process group (`group == None`), whose id will be its pid, or in
    /// the existing group `group` (a second process of the same session).
    pub(crate) fn set_group(cmd: &mut Command, group: Option<u32>) {
        let pgid = group.and_then(|g| i32::try_from(g).ok()).unwrap_or(0);
        cmd.process_group(pgid);
    }

    /// Sends the signal to every process of the group `pgid`. A group that no longer exists is not
    /// an error: it is what was wanted.
    pub(crate) fn signal_group(pgid: u32, ask: Ask) -> std::io::Result<()> {
        let Some(pid) = i32::try_from(pgid).ok().and_then(Pid::from_raw) else {
            return Err(std::io::Error::from(std::io::ErrorKind::InvalidInput));
        };
        // Never signal group 1 (init's) or a non-positive id, whatever a marker file says.
        if pid.as_raw_nonzero().get() <= 1 {
            return Err(std::io::Error::from(std::io::ErrorKind::InvalidInput));
        }
        let signal = match ask {
            Ask::Politely => Signal::TERM,
            Ask::Firmly => Signal::KILL,
        };
        match kill_process_group(pid, signal) {
            Ok(()) => Ok(()),
            Err(e) if e == rustix::io::Errno::SRCH => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// Whether `/proc` can be read here (Linux); without it liveness falls back to the leader.
    pub(crate) fn has_proc() -> bool {
        Path::new("/proc/self/stat").exists()
    }

    /// A process's state letter and process group, from `/proc/<pid>/stat`.
    fn stat(pid: u32) -> Option<(char, u32)> {
        let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // The command name is in parentheses and may itself hold spaces or parentheses.
        let after = &text[text.rfind(')')? + 1..];
        let mut fields = after.split_whitespace();
        let state = fields.next()?.chars().next()?;
        let _ppid = fields.next()?;
        let pgid = fields.next()?.parse().ok()?;
        Some((state, pgid))
    }

    /// The live (not zombie) processes of the group `pgid`.
    pub(crate) fn live_group_members(pgid: u32) -> Vec<u32> {
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        entries
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
            .filter(|&pid| matches!(stat(pid), Some((s, g)) if g == pgid && s != 'Z' && s != 'X'))
            .collect()
    }

    /// Whether the process's command line names `profile_dir`: one argument equal to it (Firefox's
    /// `-profile <dir>`) or ending in `=<dir>` (Chromium's `--user-data-dir=<dir>`).
    pub(crate) fn cmdline_names(pid: u32, profile_dir: &Path) -> bool {
        let Ok(cmdline) = std::fs::read(format!("/proc/{pid}/cmdline")) else {
            return false;
        };
        let want = profile_dir.as_os_str().as_bytes();
        cmdline.split(|&b| b == 0).any(|arg| {
            arg == want
                || (arg.len() > want.len() && arg.ends_with(want) && arg[arg.len() - want.len() - 1] == b'=')
        })
    }

    /// Whether the group `pgid` still runs a browser on `profile_dir`: the check that makes it safe
    /// to signal a group named only by a marker file from an earlier run.
    pub(crate) fn leftover_is_ours(pgid: u32, _exe: &Path, profile_dir: &Path) -> bool {
        live_group_members(pgid)
            .into_iter()
            .any(|pid| cmdline_names(pid, profile_dir))
    }
}

#[cfg(windows)]
mod windows {
    use super::*;
    use std::os::windows::process::CommandExt;
    use std::process::Stdio;

    /// `CREATE_NEW_PROCESS_GROUP`, so the browser is not in Balcão's console group.
    const CREATE_NEW_PROCESS_GROUP: u32 = 0x0000_0200;

    /// Starts the command in a new process group; a second process of a session (`group` given)
    /// simply joins nothing, since the browser's own broker takes its request and exits.
    pub(crate) fn set_group(cmd: &mut Command, group: Option<u32>) {
        if group.is_none() {
            cmd.creation_flags(CREATE_NEW_PROCESS_GROUP);
        }
    }

    /// Ends the process tree rooted at `pid` with `taskkill /T` (with `/F` when firm). Safe while
    /// the session holds the leader's handle: Windows does not reuse a pid with an open handle.
    pub(crate) fn signal_group(pid: u32, ask: Ask) -> std::io::Result<()> {
        let mut cmd = Command::new("taskkill");
        cmd.arg("/T");
        if ask == Ask::Firmly {
            cmd.arg("/F");
        }
        cmd.arg("/PID")
            .arg(pid.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map(|_| ())
    }

    /// Windows has no `/proc`: liveness falls back to the leader's handle.
    pub(crate) fn has_proc() -> bool {
        false
    }

    /// Never called without `/proc`.
    pub(crate) fn live_group_members(_pgid: u32) -> Vec<u32> {
        Vec::new()
    }

    /// Whether `pid` runs an image with the file name of `exe`, from `tasklist`'s CSV line.
    pub(crate) fn leftover_is_ours(pid: u32, exe: &Path, _profile_dir: &Path) -> bool {
        let Some(image) = exe.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()) else {
            return false;
        };
        let Ok(out) = Command::new("tasklist")
            .args(["/FI", format!("PID eq {pid}").as_str(), "/FO", "CSV", "/NH"])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
        else {
            return false;
        };
        let text = String::from_utf8_lossy(&out.stdout).to_ascii_lowercase();
        text.lines()
            .any(|l| l.starts_with(&format!("\"{image}\"")) && l.contains(&format!("\"{pid}\"")))
    }
}
