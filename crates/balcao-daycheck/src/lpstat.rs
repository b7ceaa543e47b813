//! The printer through CUPS's `lpstat`, run with `LC_ALL=C` so its English output can be parsed (the
//! Portuguese translation words every line differently).
//!
//! The parsers are pure functions over the command's text; [`printer`] runs the commands with a
//! timeout and puts the answers together.

use crate::report::PrinterObs;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one `lpstat` may run before it is killed (a hung `cupsd` makes it wait forever).
pub const LPSTAT_TIMEOUT: Duration = Duration::from_secs(3);

/// The state line of `lpstat -l -p NAME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrinterState {
    /// `printer NAME is idle.  enabled since …`
    Idle,
    /// `printer NAME now printing NAME-42.  enabled since …`
    Printing,
    /// `printer NAME disabled since … -` followed by an indented reason line.
    Disabled {
        /// The reason line (`Paused`, `reason unknown`, or the administrator's text).
        reason: String,
    },
}

/// What `lpstat -l -p NAME` says about one printer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrinterStatus {
    /// Idle, printing or disabled.
    pub state: PrinterState,
    /// The `Alerts:` line's reasons (CUPS `printer-state-reasons`), without `none`.
    pub alerts: Vec<String>,
}

/// The default printer from `lpstat -d`: `system default destination: NAME`, or `None` for `no system
/// default destination`.
pub fn parse_default(out: &str) -> Option<String> {
    out.lines().find_map(|line| {
        line.trim()
            .strip_prefix("system default destination:")
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string)
    })
}

/// Keys of the indented lines of `lpstat -l -p`, so a disabled printer's reason line is told apart.
const LONG_KEYS: &[&str] = &[
    "Form mounted:",
    "Content types:",
    "Printer types:",
    "Description:",
    "Alerts:",
    "Location:",
    "Connection:",
    "Interface:",
    "On fault:",
    "After fault:",
    "Users allowed:",
    "Forms allowed:",
    "Banner required",
    "Charset sets:",
    "Default pitch:",
    "Default page size:",
    "Default port settings:",
];

/// The state of printer `name` from `lpstat -l -p NAME`; `None` when the output has no line for it.
pub fn parse_status(name: &str, out: &str) -> Option<PrinterStatus> {
    let head = format!("printer {name} ");
    let mut lines = out.lines();
    let rest = lines.find_map(|l| l.strip_prefix(&head))?;
    let indented: Vec<&str> = lines
        .take_while(|l| l.starts_with([' ', '\t']) || l.is_empty())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let alerts = indented
        .iter()
        .find_map(|l| l.strip_prefix("Alerts:"))
        .map(|a| {
            a.split_whitespace()
                .filter(|r| *r != "none")
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let state = if rest.starts_with("is idle") {
        PrinterState::Idle
    } else if rest.starts_with("now printing") {
        PrinterState::Printing
    } else if rest.starts_with("disabled") {
        let reason = indented
            .iter()
            .find(|l| !LONG_KEYS.iter().any(|k| l.starts_with(k)))
            .map_or_else(|| "disabled".to_string(), |l| (*l).to_string());
        PrinterState::Disabled { reason }
    } else {
        return None;
    };
    Some(PrinterStatus { state, alerts })
}

/// Jobs queued for `name` in `lpstat -o NAME`: lines `NAME-42  user  1024  date`.
pub fn parse_jobs(name: &str, out: &str) -> u32 {
    let prefix = format!("{name}-");
    let count = out
        .lines()
        .filter(|l| {
            l.strip_prefix(&prefix).is_some_and(|rest| {
                let id: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
                !id.is_empty() && id.chars().all(|c| c.is_ascii_digit())
            })
        })
        .count();
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// Whether a CUPS state reason stops printing: errors, `offline-report`, paper out or jammed, paused.
/// Warnings (`marker-supply-low-warning`) and reports do not.
pub fn alert_blocks(reason: &str) -> bool {
    reason.ends_with("-error")
        || reason == "offline-report"
        || reason == "paused"
        || reason.starts_with("media-empty")
        || reason.starts_with("media-jam")
        || reason.starts_with("door-open")
}

/// Whether `lpstat`'s complaint means the printer does not exist (rather than the spooler failing).
pub fn is_unknown_destination(stderr: &str) -> bool {
    let e = stderr.to_ascii_lowercase();
    e.contains("invalid destination") || e.contains("unknown destination") || e.contains("does not exist")
}

/// Puts the three answers together.
pub fn observe(name: &str, status: &PrinterStatus, jobs: u32) -> PrinterObs {
    let name = name.to_string();
    let blocking: Vec<&str> = status
        .alerts
        .iter()
        .map(String::as_str)
        .filter(|r| alert_blocks(r))
        .collect();
    match &status.state {
        PrinterState::Disabled { reason } => PrinterObs::Stopped {
            name,
            reason: reason.clone(),
        },
        _ if !blocking.is_empty() => PrinterObs::Stopped {
            name,
            reason: blocking.join(" "),
        },
        PrinterState::Printing => PrinterObs::Busy {
            name,
            jobs: jobs.max(1),
        },
        PrinterState::Idle if jobs > 0 => PrinterObs::Busy { name, jobs },
        PrinterState::Idle => PrinterObs::Idle { name },
    }
}

/// What running a command gave.
#[derive(Debug)]
pub(crate) enum Ran {
    /// It finished (successfully or not): stdout, stderr.
    Done(String, String),
    /// The program is not installed.
    NotFound,
    /// It could not be started or was killed after the timeout.
    Failed(String),
}

/// Runs `program args` with `LC_ALL=C`, killing it after `timeout`.
pub(crate) fn run_command(program: &str, args: &[&str], timeout: Duration) -> Ran {
    run_command_once(program, args, timeout, false)
}

fn run_command_once(program: &str, args: &[&str], timeout: Duration, retried: bool) -> Ran {
    let child = Command::new(program)
        .args(args)
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        // A program file still open for writing somewhere (a fresh install, or another thread's
        // fork) cannot be executed for a moment: try once more.
        Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy && !retried => {
            std::thread::sleep(Duration::from_millis(50));
            return run_command_once(program, args, timeout, true);
        }
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ran::NotFound,
        Err(e) => return Ran::Failed(format!("{program}: {e}")),
    };
    // Read both pipes on their own threads so a chatty child never blocks on a full pipe.
    let reader = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut buf);
            }
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let out = reader(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let err = reader(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) | Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    match status {
        Some(_) => Ran::Done(out.join().unwrap_or_default(), err.join().unwrap_or_default()),
        // Not joined: a grandchild may still hold the pipes; the readers end when it does.
        None => Ran::Failed(format!(
            "{program} did not answer within {} ms",
            timeout.as_millis()
        )),
    }
}

/// The first line of a complaint, for the record.
fn first_line(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("no output")
        .to_string()
}

/// Asks CUPS about printer `name` (or the default printer) with the program `lpstat` found at
/// `program` (normally just `"lpstat"`, found on `PATH`).
pub fn printer(program: &str, name: Option<&str>, timeout: Duration) -> PrinterObs {
    let no_spooler = |detail: String| PrinterObs::NoSpooler { detail };
    let name = match name {
        Some(n) => n.to_string(),
        None => match run_command(program, &["-d"], timeout) {
            Ran::NotFound => return no_spooler(format!("{program} not found")),
            Ran::Failed(e) => return no_spooler(e),
            Ran::Done(out, err) => match parse_default(&out) {
                Some(n) => n,
                None if out.contains("no system default destination") => {
                    return PrinterObs::Missing { name: None };
                }
                None => return no_spooler(first_line(&format!("{err}\n{out}"))),
            },
        },
    };
    let status = match run_command(program, &["-l", "-p", &name], timeout) {
        Ran::NotFound => return no_spooler(format!("{program} not found")),
        Ran::Failed(e) => return no_spooler(e),
        Ran::Done(out, err) => match parse_status(&name, &out) {
            Some(s) => s,
            None if is_unknown_destination(&err) || is_unknown_destination(&out) => {
                return PrinterObs::Missing { name: Some(name) };
            }
            None => return no_spooler(first_line(&format!("{err}\n{out}"))),
        },
    };
    let jobs = match run_command(program, &["-o", &name], timeout) {
        Ran::Done(out, _) => parse_jobs(&name, &out),
        Ran::NotFound | Ran::Failed(_) => 0,
    };
    observe(&name, &status, jobs)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    const IDLE_LONG: &str =
        "printer HP_LaserJet_M110w is idle.  enabled since Mon 06 Jan 2025 09:12:03 AM WET
\tForm mounted:
\tContent types: any
\tPrinter types: unknown
\tDescription: HP LaserJet M110w
\tAlerts: none
\tLocation: Balcão 1
\tConnection: direct
\tInterface: /etc/cups/ppd/HP_LaserJet_M110w.ppd
\tOn fault: no alert
\tAfter fault: continue
\tUsers allowed:
\t\t(all)
\tForms allowed:
\t\t(none)
\tBanner required
\tCharset sets:
\t\t(none)
\tDefault pitch:
\tDefault page size:
\tDefault port settings:
";

    const DISABLED: &str = "printer Brother_HL_L2350DW disabled since Tue 07 Jan 2025 08:01:44 AM WET -
\tPaused
\tForm mounted:
\tAlerts: paused
\tDescription: Brother HL-L2350DW
";

    const PRINTING: &str =
        "printer Balcao1 now printing Balcao1-118.  enabled since Tue 07 Jan 2025 10:00:00 AM WET
\tAlerts: none
";

    const OFFLINE: &str = "printer Balcao1 is idle.  enabled since Tue 07 Jan 2025 10:00:00 AM WET
\tDescription: Epson
\tAlerts: offline-report marker-supply-low-warning
";

    const JOBS: &str = "Balcao1-118             mediador1         34816   Tue 07 Jan 2025 10:00:01 AM WET
Balcao1-119             mediador1          2048   Tue 07 Jan 2025 10:02:13 AM WET
Balcao10-3              root               1024   Tue 07 Jan 2025 10:02:13 AM WET
";

    #[test]
    fn the_default_printer_or_none() {
        assert_eq!(
            parse_default("system default destination: HP_LaserJet_M110w\n").as_deref(),
            Some("HP_LaserJet_M110w")
        );
        assert_eq!(parse_default("no system default destination\n"), None);
        assert_eq!(parse_default(""), None);
    }

    #[test]
    fn idle_printing_disabled_and_alerts() {
        let idle = parse_status("HP_LaserJet_M110w", IDLE_LONG).unwrap();
        assert_eq!(idle.state, PrinterState::Idle);
        assert!(idle.alerts.is_empty());
        assert_eq!(
            observe("HP_LaserJet_M110w", &idle, 0),
            PrinterObs::Idle {
                name: "HP_LaserJet_M110w".into()
            }
        );

        let disabled = parse_status("Brother_HL_L2350DW", DISABLED).unwrap();
        assert_eq!(
            disabled.state,
            PrinterState::Disabled {
                reason: "Paused".into()
            }
        );
        assert_eq!(disabled.alerts, ["paused"]);
        assert_eq!(
            observe("Brother_HL_L2350DW", &disabled, 0),
            PrinterObs::Stopped {
                name: "Brother_HL_L2350DW".into(),
                reason: "Paused".into()
            }
        );

        let printing = parse_status("Balcao1", PRINTING).unwrap();
        assert_eq!(printing.state, PrinterState::Printing);
        assert_eq!(
            observe("Balcao1", &printing, parse_jobs("Balcao1", JOBS)),
            PrinterObs::Busy {
                name: "Balcao1".into(),
                jobs: 2
            }
        );

        let offline = parse_status("Balcao1", OFFLINE).unwrap();
        assert_eq!(offline.alerts, ["offline-report", "marker-supply-low-warning"]);
        assert_eq!(
            observe("Balcao1", &offline, 0),
            PrinterObs::Stopped {
                name: "Balcao1".into(),
                reason: "offline-report".into()
            }
        );
    }

    #[test]
    fn another_printers_line_or_garbage_is_not_a_status() {
        assert_eq!(parse_status("Balcao", PRINTING), None);
        assert_eq!(parse_status("Balcao1", "lpstat: No destinations added.\n"), None);
        // A Portuguese locale's output (what LC_ALL=C avoids) is not misread as a state.
        assert_eq!(
            parse_status(
                "Balcao1",
                "impressora Balcao1 está inactiva. activada desde ter 07 jan 2025\n"
            ),
            None
        );
    }

    #[test]
    fn jobs_count_only_this_printer() {
        assert_eq!(parse_jobs("Balcao1", JOBS), 2);
        assert_eq!(parse_jobs("Balcao10", JOBS), 1);
        assert_eq!(parse_jobs("Balcao1", ""), 0);
    }

    #[test]
    fn warnings_do_not_stop_the_printer() {
        assert!(alert_blocks("media-empty-error"));
        assert!(alert_blocks("media-jam-warning"));
        assert!(alert_blocks("offline-report"));
        assert!(!alert_blocks("marker-supply-low-warning"));
        assert!(!alert_blocks("cups-waiting-for-job-completed"));
    }

    #[test]
    fn unknown_destination_is_told_apart() {
        assert!(is_unknown_destination(
            "lpstat: Invalid destination name in list \"Nada\".\n"
        ));
        assert!(is_unknown_destination(
            "lpstat: The printer or class does not exist.\n"
        ));
        assert!(!is_unknown_destination("lpstat: Bad file descriptor\n"));
    }

    #[cfg(unix)]
    fn fake_lpstat(dir: &std::path::Path, script: &str) -> String {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.join("lpstat");
        std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path.display().to_string()
    }

    #[test]
    fn a_missing_lpstat_is_no_spooler() {
        let obs = printer("/nonexistent/lpstat", Some("X"), LPSTAT_TIMEOUT);
        assert!(matches!(obs, PrinterObs::NoSpooler { .. }), "{obs:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_fake_lpstat_is_run_with_the_c_locale() {
        let dir = tempfile::tempdir().unwrap();
        let script = r#"
[ "$LC_ALL" = C ] || { echo "impressora em português" ; exit 0; }
case "$1" in
  -d) echo "system default destination: Balcao1" ;;
  -l) echo "printer Balcao1 is idle.  enabled since Tue 07 Jan 2025"; printf '\tAlerts: none\n' ;;
  -o) echo "Balcao1-7   m   10   Tue 07 Jan 2025" ;;
esac"#;
        let program = fake_lpstat(dir.path(), script);
        assert_eq!(
            printer(&program, None, LPSTAT_TIMEOUT),
            PrinterObs::Busy {
                name: "Balcao1".into(),
                jobs: 1
            }
        );
    }

    #[cfg(unix)]
    #[test]
    fn unknown_printer_no_default_and_a_hung_lpstat() {
        let dir = tempfile::tempdir().unwrap();
        let program = fake_lpstat(
            dir.path(),
            r#"echo 'lpstat: Invalid destination name in list "Nada".' >&2; exit 1"#,
        );
        assert_eq!(
            printer(&program, Some("Nada"), LPSTAT_TIMEOUT),
            PrinterObs::Missing {
                name: Some("Nada".into())
            }
        );
        let dir2 = tempfile::tempdir().unwrap();
        let program = fake_lpstat(dir2.path(), "echo 'no system default destination'");
        assert_eq!(
            printer(&program, None, LPSTAT_TIMEOUT),
            PrinterObs::Missing { name: None }
        );
        let dir3 = tempfile::tempdir().unwrap();
        let program = fake_lpstat(dir3.path(), "exec sleep 30");
        let started = Instant::now();
        let obs = printer(&program, Some("X"), Duration::from_millis(300));
        assert!(matches!(obs, PrinterObs::NoSpooler { .. }), "{obs:?}");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
    }
}
