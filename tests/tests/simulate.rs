//! The simulation writes what it says: a month of a counter's days, every record with its outbox row.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_core::attendance::{Origin, UtcMillis};
use balcao_store::Store;
use balcao_tests::simulate::simulate_days;

#[test]
fn thirty_days_offline_make_thousands_of_records_each_in_the_outbox() {
    let report = balcao_catalogue::load(None);
    let mut store = Store::open_in_memory().unwrap();
    let origin = Origin {
        spot: "EC-0420".into(),
        counter: "1".into(),
        mediator: "ana".into(),
    };
    let w = simulate_days(
        &mut store,
        &report.catalogue,
        &origin,
        UtcMillis(1_795_428_000_000),
        30,
        12,
        7,
    )
    .unwrap();
    assert_eq!(w.attendances, 360);
    assert_eq!(w.closings, 30);
    assert!(w.payments > 100 && w.cancellations > 5, "{w:?}");
    // Every operation left exactly one outbox row; a month offline is thousands of records.
    let rows = store.outbox_len().unwrap();
    assert!(rows > 3_000, "{rows} outbox rows");
    // The same seed writes the same month.
    let mut again = Store::open_in_memory().unwrap();
    let w2 = simulate_days(
        &mut again,
        &report.catalogue,
        &origin,
        UtcMillis(1_795_428_000_000),
        30,
        12,
        7,
    )
    .unwrap();
    assert_eq!(w, w2);
    assert_eq!(again.outbox_len().unwrap(), rows);
}
