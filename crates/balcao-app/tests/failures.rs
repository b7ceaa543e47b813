//! When the local store refuses a write, the mediator is told why, in the window, and loses nothing.
//!
//! A counter's disk can be locked by another program, fill up, or fail. The promise of the messages
//! ("nada do que escreveu se perdeu") is tested here for real: the database file is locked by a second
//! connection while the mediator saves the identification; the window must show the store's message, keep
//! every typed value, and save them once the lock is gone.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_app::config::Config;
use balcao_app::error_app::ErrorApp;
use balcao_app::state::CitizenField;
use balcao_store::Store;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::time::Duration;

#[test]
fn a_locked_database_is_reported_and_nothing_typed_is_lost() {
    let dir = std::env::temp_dir().join(format!("balcao-locked-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("balcao.sqlite3");
    let store = Store::open(&db).unwrap();
    store.set_busy_timeout(Duration::from_millis(100)).unwrap();
    let app = common::app(
        Config::default(),
        store,
        common::ticking_effects(Default::default()),
    );
    let mut h = Harness::builder()
        .with_size([1500.0, 2600.0])
        .build_eframe(move |_cc| app);
    h.run();
    h.get_by_label_contains("Novo atendimento").click_accesskit();
    h.run();
    common::type_into(&mut h, "Nome", "Joaquim Antunes");
    common::type_into(&mut h, "NIF", "123456789");
    h.get_by_role_and_label(Role::CheckBox, "O cidadão aceitou dar estes dados")
        .click_accesskit();
    h.run();

    // Another program holds the database.
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    h.get_by_label_contains("Guardar identificação").click_accesskit();
    h.run();
    let banner = h
        .state()
        .state()
        .banner
        .clone()
        .expect("a message for the mediator");
    assert!(banner.error);
    assert!(
        banner.text.starts_with("Outro programa está a usar os registos"),
        "{}",
        banner.text
    );
    assert!(
        h.query_by_label(&banner.text).is_some(),
        "the message is on screen"
    );
    let form = &h.state().state().form;
    assert_eq!(form.value(CitizenField::Name), "Joaquim Antunes");
    assert_eq!(form.value(CitizenField::Nif), "123456789");
    assert!(h.state().state().attendance.as_ref().unwrap().citizen.is_none());

    // The lock goes away; the same click saves what was typed.
    other.execute_batch("ROLLBACK").unwrap();
    h.get_by_label_contains("Guardar identificação").click_accesskit();
    h.run();
    let citizen = h
        .state()
        .state()
        .attendance
        .as_ref()
        .unwrap()
        .citizen
        .clone()
        .expect("saved after the lock");
    assert_eq!(citizen.name.as_deref(), Some("Joaquim Antunes"));
    drop(h);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_record_that_cannot_be_opened_is_explained_in_a_window() {
    let dir = std::env::temp_dir().join(format!("balcao-corrupt-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("balcao.sqlite3");
    let damaged: &[u8] = b"this is not a database, it is a damaged file ................";
    std::fs::write(&db, damaged).unwrap();
    let error = Store::open(&db).expect_err("a damaged file is refused");
    let app = ErrorApp::store_unavailable(balcao_core::text::Lang::Pt, &db, &error);
    let mut closed = false;
    let mut h = Harness::new_ui(|ui| closed |= app.error_ui(ui));
    h.run();
    assert!(h.query_by_label("O Balcão não pode começar").is_some());
    assert!(
        h.query_by_label(&db.display().to_string()).is_some(),
        "the file is named"
    );
    assert!(
        h.query_by_label_contains("danificado").is_some(),
        "the reason is given: {}",
        app.message
    );
    h.get_by_label("Fechar").click();
    h.run();
    drop(h);
    assert!(closed, "the close button works");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        damaged,
        "the damaged file is left as it was"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
