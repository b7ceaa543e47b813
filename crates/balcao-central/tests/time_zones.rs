//! Statistics count the day a person at the spot lived: an attendance ended at 00:30 UTC on New Year's
//! Day counts on 1 January at a mainland spot and on 31 December at an Azorean one (UTC−1), and a
//! summer evening at 23:30 UTC counts on the next day in Lisbon (UTC+1). Days stored before spots had
//! time zones are computed again by the migration. Real PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_central::{admin, db};
use common::{ended, paid, start, start_on, unlimited};

/// 2026-01-01T00:30:00Z.
const NEW_YEAR_0030_UTC: i64 = 1_767_227_400_000;
/// 2026-07-15T23:30:00Z: 00:30 on 16 July in Lisbon.
const JULY_2330_UTC: i64 = 1_784_158_200_000;

/// The days (`by=day`) and counts a spot's own device reads, of attendances or of payments.
async fn days(server: &common::Server, device: &str, path: &str) -> Vec<(String, i64)> {
    let (status, body) = server
        .get(device, &format!("{path}?from=2025-12-01&to=2026-12-31&by=day"))
        .await;
    assert_eq!(status, 200, "{body}");
    let count = if path.contains("cash") {
        "payments"
    } else {
        "attendances"
    };
    body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["key"].as_str().unwrap().to_owned(), r[count].as_i64().unwrap()))
        .collect()
}

#[tokio::test]
async fn each_spot_counts_its_own_days() {
    let server = start(unlimited()).await;
    let lisbon = server.device("EC-0100").await;
    let azores = server.device("EC-0900").await;
    admin::set_time_zone(&server.pool, "EC-0900", "Atlantic/Azores")
        .await
        .unwrap();
    let coordinator = server.coordinator().await;
    for (token, spot) in [(&lisbon, "EC-0100"), (&azores, "EC-0900")] {
        let (status, body) = server
            .send(
                token,
                &[
                    ended(spot, NEW_YEAR_0030_UTC),
                    paid(spot, NEW_YEAR_0030_UTC),
                    ended(spot, JULY_2330_UTC),
                ],
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let day = |d: &str, n: i64| (d.to_owned(), n);
    assert_eq!(
        days(&server, &lisbon, "/v1/stats").await,
        [day("2026-01-01", 1), day("2026-07-16", 1)]
    );
    assert_eq!(
        days(&server, &azores, "/v1/stats").await,
        [day("2025-12-31", 1), day("2026-07-15", 1)]
    );
    assert_eq!(
        days(&server, &azores, "/v1/stats/cash").await,
        [day("2025-12-31", 1)]
    );
    // The coordination's view of New Year's Eve holds only the Azorean attendance.
    let (_, body) = server
        .get(&coordinator, "/v1/stats?from=2025-12-31&to=2025-12-31&by=spot")
        .await;
    let rows = body["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{body}");
    assert_eq!(rows[0]["key"], "EC-0900");

    // Only Portugal's zones are taken.
    let err = admin::set_time_zone(&server.pool, "EC-0100", "Europe/Madrid")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("Europe/Madrid"), "{err}");
}

#[tokio::test]
async fn days_stored_in_utc_are_computed_again_on_the_mainlands_clock() {
    // A database at schema 6 with a summer evening's attendance counted on its UTC day.
    let url = balcao_testkit::PgCluster::shared().create_database();
    {
        let server = start_on(&url, &common::repo_catalogue(), unlimited()).await;
        let token = server.device("EC-0100").await;
        let (status, _) = server.send(&token, &[ended("EC-0100", JULY_2330_UTC)]).await;
        assert_eq!(status, 200);
        let client = server.pool.get().await.unwrap();
        // As schema 6 stored it: the UTC day, before the spot had a zone.
        client
            .batch_execute(
                "UPDATE stat_attendances SET day = '2026-07-15'; ALTER TABLE spots DROP COLUMN time_zone; \
                 ALTER TABLE records DROP COLUMN original_hash; \
                 DROP TABLE stat_followups, stat_followup_closures, stat_equipment; \
                 DELETE FROM schema_version WHERE version >= 7;",
            )
            .await
            .unwrap();
        client.batch_execute(common::UNDO_SCHEMA_11).await.unwrap();
        client.batch_execute(common::UNDO_SCHEMA_10).await.unwrap();
    }
    let pool = db::pool(&url, 2).unwrap();
    assert_eq!(db::migrate(&pool).await.unwrap(), vec![7, 8, 9, 10, 11]);
    let day: String = pool
        .get()
        .await
        .unwrap()
        .query_one("SELECT to_char(day, 'YYYY-MM-DD') FROM stat_attendances", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(day, "2026-07-16");
}
