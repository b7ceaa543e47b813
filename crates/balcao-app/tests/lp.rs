//! The real printer path with a stand-in for CUPS's `lp`: the configured printer is asked for by name
//! (`-d`), and a refusal comes back with `lp`'s own words and wakes the window.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]
#![cfg(unix)]

mod common;

use balcao_app::app::system_printer;
use std::os::unix::fs::PermissionsExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// A stand-in `lp` that notes its arguments in `args` and answers as a printer out of paper when
/// `refuse`.
fn fake_lp(dir: &std::path::Path, refuse: bool) -> std::path::PathBuf {
    let script = dir.join(if refuse { "lp-refuses" } else { "lp-prints" });
    let body = if refuse {
        "echo 'lp: Error - printer Sala_2 is out of paper' >&2\nexit 1\n"
    } else {
        "exit 0\n"
    };
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"$@\" >> '{}'\n{body}",
            dir.join("args").display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

#[test]
fn the_named_printer_is_used_and_a_refusal_comes_back_with_lp_s_words() {
    let dir = common::temp_dir("fake-lp");
    let pdf = dir.join("EC-DEMO-1-2026-000001.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n").unwrap();
    let woken = Arc::new(AtomicUsize::new(0));
    let w = Arc::clone(&woken);
    let (failures, refused) = std::sync::mpsc::channel();

    let lp = fake_lp(&dir, false);
    let mut print = system_printer(
        &lp.display().to_string(),
        "Sala_2",
        failures.clone(),
        Arc::new(move || {
            w.fetch_add(1, Ordering::SeqCst);
        }),
    );
    print(&pdf).unwrap();
    assert!(
        refused.recv_timeout(Duration::from_secs(2)).is_err(),
        "a printed document is no failure"
    );

    let lp = fake_lp(&dir, true);
    let w = Arc::clone(&woken);
    let mut print = system_printer(
        &lp.display().to_string(),
        "Sala_2",
        failures,
        Arc::new(move || {
            w.fetch_add(1, Ordering::SeqCst);
        }),
    );
    print(&pdf).unwrap();
    let failure = refused.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(failure.path, pdf);
    assert!(failure.detail.contains("out of paper"), "{}", failure.detail);
    // The refusal is sent before the window is woken: wait for the wake, on a busy machine too.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while woken.load(Ordering::SeqCst) == 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(woken.load(Ordering::SeqCst), 1, "the window was woken once");
    let args = std::fs::read_to_string(dir.join("args")).unwrap();
    let expected = format!("-d Sala_2 {}", pdf.display());
    assert_eq!(
        args.lines().collect::<Vec<_>>(),
        [expected.as_str(), expected.as_str()]
    );
}
