//! A counter offline for a month: it keeps working, its records wait, and when the central comes back
//! they all go, and the agency's statistics are exactly what the counter did.
//!
//! Espaços do Cidadão in mobile vans and remote parishes can go weeks without a link. The counter must
//! not care while it lasts (every attendance and payment is written locally, the sync worker says
//! "offline" and how many records wait), and the return must be uneventful: the outbox drains to zero,
//! nothing is quarantined, and the statistics the coordinators read (attendances and service lines per
//! day, fees collected per day and per entity) equal what the counter's own records say.
//!
//! The test writes 30 days of 12 attendances (with their cash sessions, payments and cancellations:
//! about four thousand records) through the real store with `simulate_days` while the real worker runs
//! against an address where nothing listens; then it starts the real server on that address and times
//! the drain. The worker's backoff delays are computed as usual but its sleeps are cut to 20 ms, so the
//! drain time measures sending, not waiting for a backoff to expire. `BALCAO_OFFLINE_DAYS`,
//! `BALCAO_OFFLINE_PER_DAY` and `BALCAO_OFFLINE_SEED` make a longer soak.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_core::attendance::UtcMillis;
use balcao_store::Store;
use balcao_sync::worker::Link;
use balcao_sync::{SyncError, TokenStore};
use balcao_testkit::{PgCluster, TempDir, free_port};
use balcao_tests::harness::{
    Central, DAY_MS, DAY0, compare, compare_counts, coordinator, enroll, env_u64, expected_stats,
    fast_timing, lisbon_date, origin, outbox_records, server_side, start_worker, stats_rows, unlimited,
    wait_until, worker_config,
};
use balcao_tests::simulate::simulate_days;
use std::time::{Duration, Instant};

#[test]
fn the_expected_days_are_lisbon_s() {
    assert_eq!(lisbon_date(DAY0.0), "2026-03-02");
    assert_eq!(lisbon_date(DAY0.0 - 1), "2026-03-01");
    // 23:30 UTC in July is 00:30 on the next day in Lisbon (summer time).
    assert_eq!(lisbon_date(1_784_158_200_000), "2026-07-16");
    assert_eq!(lisbon_date(951_782_400_000), "2000-02-29");
}

#[test]
fn a_month_offline_drains_when_the_server_returns_and_the_statistics_match() {
    let days = env_u64("BALCAO_OFFLINE_DAYS", 30);
    let per_day = usize::try_from(env_u64("BALCAO_OFFLINE_PER_DAY", 12)).unwrap();
    let seed = env_u64("BALCAO_OFFLINE_SEED", 30);
    println!(
        "offline month: {days} days of {per_day} attendances, seed {seed} (BALCAO_OFFLINE_DAYS, \
         BALCAO_OFFLINE_PER_DAY, BALCAO_OFFLINE_SEED)"
    );
    let db_url = PgCluster::shared().create_database();
    let port = free_port();
    let spot = "EC-0420";
    let dir = TempDir::new("balcao-offline-month");
    let db = dir.path().join("balcao.sqlite3");
    let mut store = Store::open(&db).unwrap();
    let tokens = TokenStore::new("balcao-offline", spot);

    // Enrolled while the central was reachable; then it goes away for a month.
    let mut central = Central::start(&db_url, port, unlimited());
    enroll(&central, &mut store, spot, &tokens, None);
    let coordinator = central.block_on(coordinator(central.pool()));
    central.stop();

    let (timing, sleeps) = fast_timing(seed, Duration::from_millis(20));
    let worker = start_worker(worker_config(
        &db,
        spot,
        &tokens,
        timing,
        balcao_sync::drain::MAX_BATCH,
    ));
    let writing = Instant::now();
    for day in 0..days {
        let start = UtcMillis(DAY0.0 + i64::try_from(day).unwrap() * DAY_MS);
        simulate_days(
            &mut store,
            balcao_tests::harness::catalogue(),
            &origin(spot),
            start,
            1,
            per_day,
            seed + day,
        )
        .unwrap();
        worker.records_changed();
    }
    let writing = writing.elapsed();
    let waiting = store.outbox_len().unwrap();
    let offline = wait_until(Duration::from_secs(30), || {
        let s = worker.status();
        s.link == Link::Offline
            && s.waiting == waiting
            && matches!(s.last_error, Some(SyncError::Offline { .. }))
    });
    let status = worker.status();
    assert!(
        offline,
        "the worker should say offline with {waiting} records waiting: {status:?}"
    );
    let failed_tries = sleeps.count.load(std::sync::atomic::Ordering::Relaxed);
    println!(
        "  {waiting} records written in {:.1} s while offline; the worker says {:?}, {} waiting, after {failed_tries} \
         tries",
        writing.as_secs_f64(),
        status.link,
        status.waiting
    );
    assert!(
        waiting > days * u64::try_from(per_day).unwrap() * 5,
        "{waiting} records"
    );
    let local = outbox_records(&store);
    let expected = expected_stats(&local);
    assert_eq!(expected.attendances_by_day.len(), usize::try_from(days).unwrap());

    // The central comes back at the same address.
    let back = Instant::now();
    let central = Central::start(&db_url, port, unlimited());
    let drained = wait_until(Duration::from_secs(300), || store.outbox_len().unwrap() == 0);
    let drain = back.elapsed();
    let status = worker.status();
    worker.stop();
    assert!(drained, "the outbox did not drain: {status:?}");
    println!(
        "  drained {waiting} records in {:.2} s: {:.0} records/s (debug build; batches of {})",
        drain.as_secs_f64(),
        waiting as f64 / drain.as_secs_f64(),
        balcao_sync::drain::MAX_BATCH
    );
    assert_eq!(store.quarantine_len().unwrap(), 0);
    let server = central.block_on(server_side(central.pool(), spot));
    compare(&local, &server).unwrap();
    compare_counts(&local, &server).unwrap();

    // What the coordinators read equals what the counter did, day by day and entity by entity.
    let from = lisbon_date(DAY0.0);
    let to = lisbon_date(DAY0.0 + i64::try_from(days).unwrap() * DAY_MS - 1);
    let range = format!("from={from}&to={to}");
    let (by_day, cash_by_day, cash_by_entity) = central.block_on(async {
        (
            stats_rows(
                &central.base,
                &coordinator,
                &format!("/v1/stats?{range}&by=day"),
                "attendances",
                "services",
            )
            .await,
            stats_rows(
                &central.base,
                &coordinator,
                &format!("/v1/stats/cash?{range}&by=day"),
                "payments",
                "collected_cents",
            )
            .await,
            stats_rows(
                &central.base,
                &coordinator,
                &format!("/v1/stats/cash?{range}&by=entity"),
                "payments",
                "collected_cents",
            )
            .await,
        )
    });
    assert_eq!(by_day, expected.attendances_by_day);
    assert!(
        by_day
            .values()
            .all(|(a, _)| *a == i64::try_from(per_day).unwrap())
    );
    assert_eq!(cash_by_day, expected.cash_by_day);
    assert_eq!(cash_by_entity, expected.cash_by_entity);
    let (attendances, lines) = by_day.values().fold((0, 0), |acc, v| (acc.0 + v.0, acc.1 + v.1));
    let (payments, cents) = cash_by_day
        .values()
        .fold((0, 0), |acc, v| (acc.0 + v.0, acc.1 + v.1));
    println!(
        "  the server counts {attendances} attendances, {lines} service lines, {payments} payments worth {}.{:02} € \
         over {} days and {} entities, as the counter recorded",
        cents / 100,
        cents % 100,
        by_day.len(),
        cash_by_entity.len()
    );
}
