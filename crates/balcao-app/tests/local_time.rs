//! Times a person reads are on the spot's clock: a mainland receipt in summer says 13:00 when it is
//! 12:00 UTC, and an Azorean counter working across midnight on New Year's Eve numbers, prints, lists
//! and closes its day on Azorean time (UTC−1), where a UTC day would put 23:30 on the next day and in
//! the next year's receipt series.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use balcao_app::app::BalcaoApp;
use balcao_app::command::Command;
use balcao_app::config::Config;
use balcao_core::time::SpotZone;
use balcao_store::Store;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// 2026-01-01T00:30:00Z: 23:30 on 31 December 2025 in the Azores.
const NEW_YEAR_0030_UTC: i64 = 1_767_227_400_000;
/// 2026-07-15T12:00:00Z: 13:00 in Lisbon (summer time).
const JULY_NOON_UTC: i64 = 1_784_116_800_000;

fn rig(zone: &str, at: i64) -> (Harness<'static, BalcaoApp>, Arc<AtomicI64>) {
    let config = Config {
        time_zone: SpotZone::named(zone).unwrap(),
        ..Config::default()
    };
    let (effects, clock) = common::held_clock_effects(at, &format!("local-time-{}", zone.replace('/', "-")));
    let app = common::app(config, Store::open_in_memory().unwrap(), effects);
    let mut h = Harness::builder()
        .with_size([1400.0, 1400.0])
        .build_eframe(move |_cc| app);
    h.run();
    (h, clock)
}

fn receipt_text(h: &Harness<'_, BalcaoApp>) -> String {
    let receipt = h
        .state()
        .state()
        .cash
        .printed
        .last()
        .cloned()
        .expect("a receipt was printed");
    common::pdf_text(&receipt)
}

#[test]
fn a_mainland_receipt_in_summer_reads_lisbon_time() {
    let (mut h, _clock) = rig("Europe/Lisbon", JULY_NOON_UTC);
    common::push(&mut h, Command::OpenCash("50,00".into()));
    assert!(
        h.get_all_by_label_contains("15/07/2026 13:00").count() >= 1,
        "the till says when it opened, on Lisbon's clock"
    );
    assert!(common::paid_attendance(&mut h), "{}", common::banner(&h));
    let text = receipt_text(&h);
    assert!(text.contains("15/07/2026 13:00"), "{text}");
    assert!(!text.contains("15/07/2026 12:00"), "{text}");
}

#[test]
fn an_azorean_counter_keeps_new_years_eve_on_azorean_time() {
    let (mut h, clock) = rig("Atlantic/Azores", NEW_YEAR_0030_UTC);
    assert!(
        h.get_all_by_label_contains("31/12/2025").count() >= 1,
        "the status bar's date is the Azores' (UTC already says 01/01/2026)"
    );
    common::push(&mut h, Command::OpenCash("50,00".into()));
    assert!(common::paid_attendance(&mut h), "{}", common::banner(&h));
    // The receipt belongs to 2025's series, and says 23:30 on the 31st.
    let number = h.state().state().cash.entries[0].payment.receipt_number.clone();
    assert!(number.contains("2025/"), "{number}");
    let text = receipt_text(&h);
    assert!(text.contains("31/12/2025 23:30"), "{text}");
    assert_eq!(h.state().state().today.len(), 1);

    // Two hours later it is 01:30 on 1 January in the Azores: a new day. The till opened yesterday
    // must be closed before new payments, and yesterday's attendance leaves today's list.
    clock.fetch_add(2 * 3_600_000, Ordering::SeqCst);
    // The app notices the turn of the day by itself, without any input.
    h.run();
    assert!(h.state().state().today.is_empty(), "yesterday's list was cleared");
    assert!(
        h.get_all_by_label_contains("A caixa ficou aberta desde 31/12/2025 23:30")
            .count()
            >= 1,
        "the till says it is yesterday's"
    );
    assert!(
        !common::paid_attendance(&mut h),
        "a payment into yesterday's till"
    );
    let refused = common::banner(&h);
    assert!(refused.contains("outro dia"), "{refused}");
    assert!(
        h.get_all_by_label_contains("desde 31/12/2025 23:30").count() >= 1,
        "the till says since when, on the Azores' clock"
    );
    assert!(h.get_all_by_label_contains("01/01/2026").count() >= 1);
    let today = &h.state().state().today;
    assert_eq!(today.len(), 1, "only the attendance of 1 January");
    assert!(today[0].started_at.0 > NEW_YEAR_0030_UTC + 3_600_000);
}
