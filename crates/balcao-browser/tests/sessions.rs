//! Sessions against fake browsers: shell scripts that record their arguments, start a child of their
//! own (to prove the whole process group ends), download a file, and then wait, politely or
//! stubbornly. Real browsers are not needed to check what Balcão promises the citizen: that the
//! browser and everything it started are gone, and the profile and downloads deleted, after close,
//! after a drop, and after a crash once `sweep` has run.
#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_browser::{
    Browser, BrowserChoice, BrowserError, BrowserKind, CloseReport, Placement, Session, SweepReport, find,
    launch_args, reuse_args, sweep,
};
use std::ffi::OsString;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const URL: &str = "https://www.seg-social.pt/inicio?utilizador=123";

/// A temporary place with a fake browser, its recordings and the sessions' root.
struct Fixture {
    _tmp: tempfile::TempDir,
    state: PathBuf,
    root: PathBuf,
}

/// How the fake browser behaves.
#[derive(Clone, Copy)]
enum Fake {
    /// Ends on SIGTERM, like a browser.
    Polite,
    /// Ignores SIGTERM (and so does its child): only SIGKILL ends them.
    Stubborn,
    /// Records its arguments and exits at once.
    Quick,
}

impl Fixture {
    fn new() -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let state = tmp.path().join("state");
        std::fs::create_dir(&state).unwrap();
        let root = tmp.path().join("navegador");
        Fixture {
            _tmp: tmp,
            state,
            root,
        }
    }

    /// Writes the fake browser for `kind` and returns it. The profile directory is the argument after
    /// `-profile` (Firefox) or in `--user-data-dir=` (Chromium family); downloads go beside it.
    fn browser(&self, kind: BrowserKind, fake: Fake) -> Browser {
        let trap = match fake {
            Fake::Stubborn => "trap '' TERM\n",
            _ => "",
        };
        let body = match fake {
            Fake::Quick => "exit 0\n",
            _ => concat!(
                "sleep 600 &\n",
                "echo $! > \"$state/child.pid\"\n",
                "echo pdf > \"$(dirname \"$profile\")/transferencias/certidao.pdf\"\n",
                "touch \"$state/ready\"\n",
                "while :; do sleep 1; done\n",
            ),
        };
        let script = format!(
            concat!(
                "#!/bin/sh\n",
                "{trap}",
                "state='{state}'\n",
                "printf '%s\\n' \"$@\" > \"$state/args-$$\"\n",
                "profile=\n",
                "prev=\n",
                "for a in \"$@\"; do\n",
                "  case \"$a\" in --user-data-dir=*) profile=\"${{a#--user-data-dir=}}\";; esac\n",
                "  [ \"$prev\" = -profile ] && profile=\"$a\"\n",
                "  prev=\"$a\"\n",
                "done\n",
                // A second invocation (Chromium's hand-over of a URL) records and leaves.
                "case \"$*\" in *--new-window*|*-new-instance*) ;; *) exit 0;; esac\n",
                "{body}",
            ),
            trap = trap,
            state = self.state.display(),
            body = body,
        );
        let exe = self.state.join(format!("fake-{}", kind.as_str()));
        std::fs::write(&exe, script).unwrap();
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
        Browser { kind, exe }
    }

    /// Waits until the fake browser has started its child and downloaded its file.
    fn wait_ready(&self) {
        assert!(
            wait_for(Duration::from_secs(10), || self.state.join("ready").exists()),
            "the fake browser did not start"
        );
    }

    fn child_pid(&self) -> u32 {
        std::fs::read_to_string(self.state.join("child.pid"))
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    }

    /// Every argument list recorded, one per invocation, in no particular order.
    fn recorded(&self) -> Vec<Vec<String>> {
        std::fs::read_dir(&self.state)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with("args-"))
            .map(|e| {
                std::fs::read_to_string(e.path())
                    .unwrap()
                    .lines()
                    .map(str::to_string)
                    .collect()
            })
            .collect()
    }
}

fn wait_for(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + limit;
    while Instant::now() < end {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    done()
}

/// Whether a process exists and has not exited (a zombie waiting for its parent has exited).
fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => {
            let after = &stat[stat.rfind(')').unwrap() + 1..];
            !matches!(after.split_whitespace().next(), Some("Z" | "X"))
        }
        Err(_) => false,
    }
}

fn strings(args: Vec<OsString>) -> Vec<String> {
    args.into_iter().map(|a| a.into_string().unwrap()).collect()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn start_prepares_the_directory_and_close_ends_the_group_and_deletes_it() {
    let fx = Fixture::new();
    let browser = fx.browser(BrowserKind::Chromium, Fake::Polite);
    let place = Placement {
        x: 1920,
        y: 0,
        width: 1280,
        height: 1024,
    };
    let session = Session::start(&browser, &fx.root, "att-1", URL, Some(place)).unwrap();
    fx.wait_ready();

    let dir = fx.root.join("att-1");
    assert_eq!(session.profile_dir(), dir.join("perfil"));
    assert_eq!(session.downloads_dir(), dir.join("transferencias"));
    for d in [&fx.root, &dir, &dir.join("perfil"), &dir.join("transferencias")] {
        assert_eq!(mode(d), 0o700, "{}", d.display());
    }
    assert!(dir.join("perfil/Default/Preferences").is_file());
    let marker: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("balcao-session.json")).unwrap()).unwrap();
    assert_eq!(marker["pid"], session.pid());
    assert_eq!(marker["kind"], "chromium");
    assert_eq!(marker["exe"], browser.exe.to_str().unwrap());

    let expected = strings(launch_args(
        BrowserKind::Chromium,
        &dir.join("perfil"),
        URL,
        Some(place),
    ));
    assert_eq!(fx.recorded(), vec![expected]);
    assert_eq!(session.downloads(), vec![dir.join("transferencias/certidao.pdf")]);

    let pid = session.pid();
    let child = fx.child_pid();
    assert!(alive(pid) && alive(child));
    let report = session.close().unwrap();
    assert_eq!(
        report,
        CloseReport {
            killed: false,
            deleted: true
        }
    );
    assert!(
        !Path::new(&format!("/proc/{pid}")).exists(),
        "the browser was not reaped"
    );
    assert!(!alive(child), "the browser's child survived");
    assert!(
        !dir.exists(),
        "the attendance directory, with its download, is still there"
    );
    assert!(fx.root.exists(), "the root is kept for the next attendance");
}

#[test]
fn a_browser_that_ignores_sigterm_is_killed() {
    let fx = Fixture::new();
    let browser = fx.browser(BrowserKind::Firefox, Fake::Stubborn);
    let session = Session::start(&browser, &fx.root, "att-2", URL, None).unwrap();
    fx.wait_ready();
    let (pid, child) = (session.pid(), fx.child_pid());
    assert!(fx.root.join("att-2/perfil/user.js").is_file());

    let started = Instant::now();
    let report = session.close().unwrap();
    assert_eq!(
        report,
        CloseReport {
            killed: true,
            deleted: true
        }
    );
    assert!(
        started.elapsed() >= Duration::from_secs(3),
        "no grace period before SIGKILL"
    );
    assert!(!alive(pid) && !alive(child));
    assert!(!fx.root.join("att-2").exists());
}

#[test]
fn dropping_a_session_closes_it() {
    let fx = Fixture::new();
    let browser = fx.browser(BrowserKind::Firefox, Fake::Polite);
    let session = Session::start(&browser, &fx.root, "att-3", URL, None).unwrap();
    fx.wait_ready();
    let (pid, child) = (session.pid(), fx.child_pid());
    drop(session);
    assert!(!alive(pid) && !alive(child));
    assert!(!fx.root.join("att-3").exists());
}

#[test]
fn a_browser_that_exits_by_itself_is_not_running_and_still_cleaned_up() {
    let fx = Fixture::new();
    let browser = fx.browser(BrowserKind::Firefox, Fake::Quick);
    let mut session = Session::start(&browser, &fx.root, "att-4", URL, None).unwrap();
    assert!(wait_for(Duration::from_secs(10), || !session.is_running()));
    assert!(matches!(
        session.open("https://eportugal.gov.pt/"),
        Err(BrowserError::ReuseUnsupported {
            kind: BrowserKind::Firefox
        })
    ));
    let report = session.close().unwrap();
    assert_eq!(
        report,
        CloseReport {
            killed: false,
            deleted: true
        }
    );
    assert!(!fx.root.join("att-4").exists());
}

#[test]
fn open_hands_the_url_to_the_running_chromium() {
    let fx = Fixture::new();
    let browser = fx.browser(BrowserKind::Edge, Fake::Polite);
    let mut session = Session::start(&browser, &fx.root, "att-5", URL, None).unwrap();
    fx.wait_ready();
    assert!(session.is_running());
    let second = "https://www.portaldasfinancas.gov.pt/";
    session.open(second).unwrap();
    let reuse = strings(reuse_args(BrowserKind::Edge, session.profile_dir(), second).unwrap());
    assert!(
        wait_for(Duration::from_secs(10), || fx.recorded().contains(&reuse)),
        "the URL was not handed over: {:?}",
        fx.recorded()
    );
    assert!(matches!(session.open("-x"), Err(BrowserError::InvalidUrl)));
    session.close().unwrap();
    assert!(matches!(
        {
            let mut gone = Session::start(
                &fx.browser(BrowserKind::Edge, Fake::Quick),
                &fx.root,
                "att-5b",
                URL,
                None,
            )
            .unwrap();
            wait_for(Duration::from_secs(10), || !gone.is_running());
            gone.open(second)
        },
        Err(BrowserError::NotRunning)
    ));
    assert!(!fx.root.join("att-5b").exists(), "the drop did not clean up");
}

#[test]
fn refusals_leave_nothing_behind() {
    let fx = Fixture::new();
    let browser = fx.browser(BrowserKind::Firefox, Fake::Polite);
    for bad in ["", "..", "../escape", "a/b", ".x"] {
        assert!(matches!(
            Session::start(&browser, &fx.root, bad, URL, None),
            Err(BrowserError::InvalidAttendanceId)
        ));
    }
    assert!(matches!(
        Session::start(&browser, &fx.root, "att-6", "--remote-debugging-port=9", None),
        Err(BrowserError::InvalidUrl)
    ));
    let missing = Browser {
        kind: BrowserKind::Chromium,
        exe: fx.state.join("no-such-browser"),
    };
    assert!(matches!(
        Session::start(&missing, &fx.root, "att-6", URL, None),
        Err(BrowserError::Spawn {
            kind: BrowserKind::Chromium,
            ..
        })
    ));
    assert!(!fx.root.join("att-6").exists());
    assert!(fx.recorded().is_empty());
}

#[test]
fn a_leftover_directory_of_the_same_attendance_is_replaced() {
    let fx = Fixture::new();
    let old = fx.root.join("att-7/transferencias");
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join("do-cidadao-anterior.pdf"), b"x").unwrap();
    let browser = fx.browser(BrowserKind::Chrome, Fake::Polite);
    let session = Session::start(&browser, &fx.root, "att-7", URL, None).unwrap();
    fx.wait_ready();
    assert_eq!(session.downloads(), vec![old.join("certidao.pdf")]);
    session.close().unwrap();
}

#[test]
fn sweep_stops_a_crashed_session_and_spares_an_unrelated_process() {
    let fx = Fixture::new();

    // A session whose Balcão "crashed": never closed, never dropped.
    let browser = fx.browser(BrowserKind::Firefox, Fake::Polite);
    let crashed = Session::start(&browser, &fx.root, "crashed", URL, None).unwrap();
    fx.wait_ready();
    let (pid, child) = (crashed.pid(), fx.child_pid());
    std::mem::forget(crashed);

    // A marker whose pid now belongs to an unrelated program (its command line lacks the profile).
    let mut unrelated = Command::new("sleep").arg("600").process_group(0).spawn().unwrap();
    let reused = fx.root.join("reused");
    std::fs::create_dir_all(reused.join("perfil")).unwrap();
    let marker = serde_json::json!({
        "pid": unrelated.id(),
        "kind": "firefox",
        "exe": "/usr/bin/firefox-esr",
        "profile_dir": reused.join("perfil"),
    });
    std::fs::write(reused.join("balcao-session.json"), marker.to_string()).unwrap();

    // A directory without a marker (Balcão died between creating it and starting the browser).
    std::fs::create_dir_all(fx.root.join("unmarked/perfil")).unwrap();
    // A loose file in the root is not a session and is left alone.
    std::fs::write(fx.root.join("LEIA-ME"), b"x").unwrap();

    let report = sweep(&fx.root);
    assert_eq!(
        report,
        SweepReport {
            killed: 1,
            deleted: 3
        }
    );
    assert!(!alive(pid) && !alive(child), "the leftover browser survived");
    assert!(alive(unrelated.id()), "an unrelated process was killed");
    for d in ["crashed", "reused", "unmarked"] {
        assert!(!fx.root.join(d).exists(), "{d} is still there");
    }
    assert!(fx.root.join("LEIA-ME").exists());
    assert_eq!(sweep(&fx.root), SweepReport::default());

    unrelated.kill().unwrap();
    unrelated.wait().unwrap();
}

#[test]
fn find_and_start_through_a_fake_path() {
    let fx = Fixture::new();
    let fake = fx.browser(BrowserKind::Chromium, Fake::Polite);
    let bin = fx.state.join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(&fake.exe, bin.join("chromium")).unwrap();
    let found = find(&BrowserChoice::Auto, bin.as_os_str()).unwrap();
    assert_eq!(found.kind, BrowserKind::Chromium);
    let session = Session::start(&found, &fx.root, "att-8", URL, None).unwrap();
    fx.wait_ready();
    assert!(session.close().unwrap().deleted);
}

/// Starts whatever real browser `auto` finds, if any (none is installed on the build machines), and
/// needs a display. Run with `cargo test -p balcao-browser -- --ignored`.
#[test]
#[ignore = "needs a real browser and a display"]
fn a_real_browser_starts_and_is_closed() {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let Some(browser) = find(&BrowserChoice::Auto, &path) else {
        eprintln!("no browser installed; nothing to try");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let mut session = Session::start(&browser, tmp.path(), "real", "about:blank", None).unwrap();
    std::thread::sleep(Duration::from_secs(5));
    assert!(session.is_running());
    let report = session.close().unwrap();
    assert!(report.deleted);
    assert!(!tmp.path().join("real").exists());
}
