//! The citizen screen never keeps one citizen's end screen for the next.
//!
//! Peers' customer displays famously keep showing the previous customer's order. Here the end screen
//! returns to the welcome by itself after `end_screen_seconds`, even if the mediator forgets to clear it.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_app::app::Effects;
use balcao_app::command::Command;
use balcao_app::config::Config;
use balcao_app::view::CitizenView;
use balcao_core::attendance::{Outcome, UtcMillis};
use balcao_store::Store;
use egui_kittest::Harness;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

#[test]
fn the_end_screen_clears_itself_after_the_configured_time() {
    let clock = Arc::new(AtomicI64::new(common::T0));
    let now = Arc::clone(&clock);
    let effects = Effects {
        now: Box::new(move || UtcMillis(now.load(Ordering::SeqCst))),
        browser: Box::new(balcao_app::browser::SystemBrowser(Box::new(|_| Ok(())))),
        print: Box::new(|_| Ok(())),
        documents: common::temp_dir("end-screen-documents"),
        exports: common::temp_dir("end-screen-exports"),
    };
    let config = Config {
        end_screen_seconds: 120,
        ..Config::default()
    };
    let store = Store::open_in_memory().unwrap();
    let mut app = common::app(config, store, effects);
    for c in [
        Command::StartAttendance,
        Command::AddService("dgaj-pedir-certificado-registo-criminal".into()),
        Command::SetOutcome(0, Outcome::Concluido),
        Command::EndAttendance,
    ] {
        app.push(c);
    }
    app.apply_pending();
    assert!(matches!(app.citizen_view(), CitizenView::Finished { .. }));

    let mut h = Harness::builder()
        .with_size([1400.0, 1800.0])
        .build_eframe(move |_cc| app);
    h.run();
    clock.fetch_add(119_000, Ordering::SeqCst);
    h.run();
    assert!(
        matches!(h.state().citizen_view(), CitizenView::Finished { .. }),
        "cleared too early"
    );
    clock.fetch_add(2_000, Ordering::SeqCst);
    h.run();
    assert!(
        matches!(h.state().citizen_view(), CitizenView::Welcome { .. }),
        "still showing the last citizen"
    );
}
