//! The documents the mediator downloads in the attendance's browser: listed on the workbench, printed
//! from there, and never deleted at the end without the mediator having been told once.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use balcao_app::app::{BalcaoApp, Effects};
use balcao_app::browser::{BrowserControl, OpenFailure, Placement};
use balcao_app::command::Command;
use balcao_app::config::Config;
use balcao_core::attendance::{Outcome, UtcMillis};
use balcao_store::Store;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

/// A browser whose downloads folder holds what the test puts in `files`.
struct DownloadingBrowser {
    files: Arc<Mutex<Vec<PathBuf>>>,
}

impl BrowserControl for DownloadingBrowser {
    fn open(&mut self, _: &str, _: &str, _: Option<Placement>) -> Result<Option<u32>, OpenFailure> {
        Ok(Some(4242))
    }

    fn close(&mut self, _: &str) -> bool {
        true
    }

    fn downloads(&mut self, _: &str) -> Vec<PathBuf> {
        self.files.lock().unwrap().clone()
    }
}

struct Rig {
    app: BalcaoApp,
    files: Arc<Mutex<Vec<PathBuf>>>,
    printed: Arc<Mutex<Vec<PathBuf>>>,
}

fn rig() -> Rig {
    let files = Arc::new(Mutex::new(Vec::new()));
    let printed = Arc::new(Mutex::new(Vec::new()));
    let clock = Arc::new(AtomicI64::new(common::T0));
    let p = Arc::clone(&printed);
    let effects = Effects {
        now: Box::new(move || UtcMillis(clock.fetch_add(1_000, Ordering::SeqCst))),
        browser: Box::new(DownloadingBrowser {
            files: Arc::clone(&files),
        }),
        print: Box::new(move |path| {
            p.lock().unwrap().push(path.to_path_buf());
            Ok(())
        }),
        documents: common::temp_dir("downloads-documents"),
        exports: common::temp_dir("downloads-exports"),
    };
    let app = common::app(Config::default(), Store::open_in_memory().unwrap(), effects);
    Rig { app, files, printed }
}

const FOLDER: &str = "/var/lib/balcao/navegador/a1/transferencias";

fn file(name: &str) -> PathBuf {
    PathBuf::from(FOLDER).join(name)
}

/// An attendance with one concluded service whose portal was opened in the attendance's browser,
/// which has downloaded `names` so far.
fn serving(names: &[&str]) -> Rig {
    let mut rig = rig();
    run(
        &mut rig.app,
        [
            Command::StartAttendance,
            Command::AddService("dgaj-pedir-certificado-registo-criminal".into()),
            Command::OpenService("https://example.gov.pt".into()),
            Command::SetOutcome(0, Outcome::Concluido),
        ],
    );
    *rig.files.lock().unwrap() = names.iter().map(|n| file(n)).collect();
    rig
}

fn run(app: &mut BalcaoApp, commands: impl IntoIterator<Item = Command>) {
    for c in commands {
        app.push(c);
    }
    app.apply_pending();
}

#[test]
fn downloads_are_listed_printed_and_not_lost_without_a_warning() {
    let Rig {
        mut app,
        files,
        printed,
    } = serving(&["certificado.pdf", "comprovativo.pdf"]);
    run(&mut app, [Command::RefreshDownloads]);
    let names: Vec<String> = app.state().downloads.iter().map(|d| d.name()).collect();
    assert_eq!(names, ["certificado.pdf", "comprovativo.pdf"]);

    run(&mut app, [Command::PrintDownload(0)]);
    assert_eq!(*printed.lock().unwrap(), [file("certificado.pdf")]);
    assert!(app.state().downloads[0].printed);
    assert!(!app.state().downloads[1].printed);

    // A new download appears; what was printed stays marked.
    files.lock().unwrap().push(file("recibo.pdf"));
    run(&mut app, [Command::RefreshDownloads]);
    assert_eq!(app.state().downloads.len(), 3);
    assert!(app.state().downloads[0].printed);

    // Ending with two never printed: refused once, with the count, and nothing ended.
    run(&mut app, [Command::EndAttendance]);
    assert!(app.state().attendance.is_some(), "ended without a warning");
    let banner = app.state().banner.clone().expect("a warning");
    assert!(banner.error);
    assert!(
        banner.text.contains("Há 2 documentos transferidos"),
        "{}",
        banner.text
    );
    // Pressed again: it ends, and the next attendance starts with an empty list.
    run(&mut app, [Command::EndAttendance]);
    assert!(app.state().attendance.is_none());
    assert!(app.state().finished.is_some());
    assert!(app.state().downloads.is_empty());
    assert!(!app.state().end_warned);
}

#[test]
fn ending_after_printing_everything_needs_no_confirmation() {
    let Rig { mut app, .. } = serving(&["certificado.pdf"]);
    run(
        &mut app,
        [
            Command::RefreshDownloads,
            Command::PrintDownload(0),
            Command::EndAttendance,
        ],
    );
    assert!(app.state().attendance.is_none(), "{:?}", app.state().banner);
}

#[test]
fn a_download_finished_just_before_ending_is_still_warned_about() {
    // Nothing was listed yet when the mediator presses «Terminar»: the end looks again itself.
    let Rig { mut app, .. } = serving(&["certificado.pdf"]);
    run(&mut app, [Command::EndAttendance]);
    assert!(app.state().attendance.is_some());
    assert!(
        app.state()
            .banner
            .as_ref()
            .is_some_and(|b| b.text.contains("Há um documento transferido")),
        "{:?}",
        app.state().banner
    );
}

#[test]
fn the_workbench_lists_the_downloads_and_prints_one_on_a_click() {
    let Rig { app, printed, .. } = serving(&["certificado.pdf"]);
    let mut h = Harness::builder()
        .with_size([1400.0, 1800.0])
        .build_eframe(move |_cc| app);
    // The app's own pass looks at the folder while the attendance's browser is open.
    h.run();
    h.get_by_label("certificado.pdf");
    h.get_by_label_contains(FOLDER);
    h.get_by_label("Imprimir").click_accesskit();
    h.run();
    assert_eq!(*printed.lock().unwrap(), [file("certificado.pdf")]);
    h.get_by_label_contains("impresso");
}

/// The list is on the docked workbench, beside the browser that downloaded the files, and portals
/// name their files at length: a name, and the "printed" mark after it, must not run past the edge.
#[test]
fn the_downloads_with_long_names_fit_the_docked_workbench() {
    let Rig { mut app, .. } = serving(&[
        "Certidao_Permanente_Registo_Criminal_DGAJ_pedido_2026-11-23_codigo_1234-5678-9012.pdf",
        "Comprovativo de pedido de certificado de registo criminal emitido em 23-11-2026.pdf",
    ]);
    run(&mut app, [Command::RefreshDownloads, Command::PrintDownload(1)]);
    let mut h = Harness::builder()
        .with_size([1280.0, 1080.0])
        .build_eframe(move |_cc| app);
    h.run();
    h.get_by_label_contains("impresso");
    common::assert_fits_the_dock_in_both_languages(&mut h, "the downloads");
}
