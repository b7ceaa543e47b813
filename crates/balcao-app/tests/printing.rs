//! A printer that refuses a document after it was sent (out of paper, offline) is said on the
//! workbench, with the file's place and a button that sends it again; the refusal no longer ends in
//! the log only.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use balcao_app::app::{Effects, PrintFailure};
use balcao_app::command::Command;
use balcao_app::config::Config;
use balcao_store::Store;
use common::{banner, push};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

#[test]
fn a_refused_receipt_is_said_and_sent_again_from_the_banner() {
    let printed: Arc<Mutex<Vec<PathBuf>>> = Arc::new(Mutex::new(Vec::new()));
    let sent = Arc::clone(&printed);
    let effects = Effects {
        print: Box::new(move |path| {
            sent.lock().unwrap().push(path.to_path_buf());
            Ok(())
        }),
        ..common::ticking_effects(Arc::new(Mutex::new(Vec::new())))
    };
    let (refusals, refused) = std::sync::mpsc::channel();
    let app = common::app(Config::default(), Store::open_in_memory().unwrap(), effects)
        .with_print_failures(refused);
    let mut h = Harness::builder()
        .with_size([1400.0, 1400.0])
        .build_eframe(move |_cc| app);
    h.run();
    push(&mut h, Command::OpenCash("50,00".into()));
    assert!(common::paid_attendance(&mut h), "{}", banner(&h));
    let receipt = printed
        .lock()
        .unwrap()
        .last()
        .cloned()
        .expect("the receipt was sent");
    assert!(h.query_by_label("Reimprimir").is_none());

    // CUPS answers later: out of paper.
    refusals
        .send(PrintFailure {
            path: receipt.clone(),
            detail: "lp: printer out of paper".into(),
        })
        .unwrap();
    h.run();
    let said = banner(&h);
    assert!(said.contains("A impressora recusou"), "{said}");
    assert!(said.contains(&receipt.display().to_string()), "{said}");
    assert!(said.contains("out of paper"), "{said}");

    // The mediator puts paper in and presses the button: the same file goes again.
    let before = printed.lock().unwrap().len();
    h.get_by_label("Reimprimir").click_accesskit();
    h.run();
    let again = printed.lock().unwrap().clone();
    assert_eq!(again.len(), before + 1);
    assert_eq!(again.last(), Some(&receipt));
    assert!(banner(&h).is_empty(), "{}", banner(&h));
    assert!(h.query_by_label("Reimprimir").is_none());
}

#[test]
fn a_document_the_printer_will_not_take_can_be_saved_for_another_printer() {
    // No printer at all: every document fails at once.
    let exports = common::temp_dir("printing-exports");
    let effects = Effects {
        print: Box::new(|_| Err("lp: The printer or class does not exist.".into())),
        exports: exports.clone(),
        ..common::ticking_effects(Arc::new(Mutex::new(Vec::new())))
    };
    let app = common::app(Config::default(), Store::open_in_memory().unwrap(), effects);
    let mut h = Harness::builder()
        .with_size([1400.0, 1400.0])
        .build_eframe(move |_cc| app);
    h.run();
    push(&mut h, Command::OpenCash("50,00".into()));
    common::paid_attendance(&mut h);
    let said = banner(&h);
    assert!(said.contains("não foi enviado para a impressora"), "{said}");
    // Both ways out are offered; the mediator saves a copy.
    assert!(h.query_by_label("Reimprimir").is_some());
    h.get_by_label("Guardar PDF").click_accesskit();
    h.run();
    let saved: Vec<PathBuf> = std::fs::read_dir(&exports)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
    let receipt = h.state().state().print_failed.clone().expect("still not printed");
    assert_eq!(
        std::fs::read(&saved[0]).unwrap(),
        std::fs::read(&receipt).unwrap()
    );
    assert!(banner(&h).contains("Cópia guardada em"), "{}", banner(&h));
    assert!(
        banner(&h).contains(&saved[0].display().to_string()),
        "{}",
        banner(&h)
    );
    // Printing again still fails, and still offers both.
    h.get_by_label("Reimprimir").click_accesskit();
    h.run();
    assert!(banner(&h).contains("does not exist"), "{}", banner(&h));
    assert!(h.query_by_label("Guardar PDF").is_some());
}

#[test]
fn a_spot_with_a_roll_printer_gets_80_mm_receipts() {
    let printed: Arc<Mutex<Vec<PathBuf>>> = Arc::new(Mutex::new(Vec::new()));
    let sent = Arc::clone(&printed);
    let effects = Effects {
        print: Box::new(move |path| {
            sent.lock().unwrap().push(path.to_path_buf());
            Ok(())
        }),
        ..common::ticking_effects(Arc::new(Mutex::new(Vec::new())))
    };
    let config = Config {
        receipt_paper: balcao_config::ReceiptPaper::Roll80,
        ..Config::default()
    };
    let app = common::app(config, Store::open_in_memory().unwrap(), effects);
    let mut h = Harness::builder()
        .with_size([1400.0, 1400.0])
        .build_eframe(move |_cc| app);
    h.run();
    push(&mut h, Command::OpenCash("50,00".into()));
    assert!(common::paid_attendance(&mut h), "{}", banner(&h));
    let receipt = printed.lock().unwrap().last().cloned().expect("printed");
    let bytes = String::from_utf8_lossy(&std::fs::read(&receipt).unwrap()).into_owned();
    assert!(bytes.contains("/MediaBox [0 0 226.77"), "not an 80 mm roll");
    assert!(common::pdf_text(&receipt).contains("RECIBO"));
}
