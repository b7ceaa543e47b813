//! The coordinators' dashboard's figures, in-process through `app()`: every page counts what the
//! counters sent, each CSV equals its table, every page passes the accessibility check, the rollups
//! equal the rows they summarise, two spots' syncs do not queue on the network's rollups, whose stripes
//! of past days fold into one row per key, and a schema 10 database upgrades with its attendances rolled
//! up.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::StatusCode;
use balcao_central::admin;
use balcao_central::api::now_ms;
use balcao_survey::Ticket;
use common::web::*;

#[tokio::test]
async fn the_overview_counts_what_the_counters_sent_and_each_csv_equals_its_table() {
    let server = common::start(start_options()).await;
    network(&server).await;
    let cookie = signed_in(&server, "Coordenação", "coord", None).await;
    let page = get(&server, &format!("/painel?{RANGE}"), Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Braga") && page.body.contains("Faro"));
    assert!(page.body.contains("<svg"), "charts are drawn on the server");

    let csv = |table: &'static str| {
        let path = format!("/painel?{RANGE}&csv={table}");
        let server = &server;
        let cookie = cookie.clone();
        async move {
            let reply = get(server, &path, Some(&cookie)).await;
            assert_eq!(reply.status, StatusCode::OK, "{table}: {}", reply.body);
            assert!(
                reply.headers["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("text/csv")
            );
            assert!(
                reply.headers["content-disposition"]
                    .to_str()
                    .unwrap()
                    .contains("attachment")
            );
            reply.body
        }
    };
    // Spots: attendances, average minutes, answers, satisfaction.
    let spots = csv_rows(&csv("spots").await);
    assert_eq!(
        spots,
        vec![
            vec![
                "Braga".to_owned(),
                "2".into(),
                "25.0".into(),
                "1".into(),
                "5.0".into()
            ],
            vec![
                "Faro".to_owned(),
                "1".into(),
                "10.0".into(),
                "1".into(),
                "2.0".into()
            ],
        ]
    );
    let outcomes = csv_rows(&csv("outcomes").await);
    let counts: Vec<&str> = outcomes.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(counts, ["2", "1", "0", "1", "0"], "{outcomes:?}");
    let hours = csv_rows(&csv("hours").await);
    assert_eq!(
        hours
            .iter()
            .map(|r| (r[0].as_str(), r[1].as_str()))
            .collect::<Vec<_>>(),
        [("10h", "1"), ("11h", "1"), ("15h", "1")]
    );
    let services = csv_rows(&csv("services").await);
    let imt = services.iter().find(|r| r[0].contains("carta")).unwrap();
    assert_eq!(
        &imt[1..6],
        ["2", "0.5000", "19.0", "20.0", "0.95"],
        "{services:?}"
    );
    let per_period = csv_rows(&csv("per-period").await);
    assert_eq!(per_period.len(), 7, "every day of the range, empty days as zeros");
    assert_eq!(per_period[1][1], "2");

    // Every row of every CSV appears on the page (the page formats numbers for people).
    let page_text = page.body.replace('\u{a0}', " ");
    for row in &spots {
        assert!(page_text.contains(&row[0]));
    }
    // The page's spots table has a header row and exactly the CSV's rows.
    let table = &page.body[page.body.find("id=\"spots\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    assert_eq!(table.matches("<tr").count(), spots.len() + 1, "{table}");

    let till = csv_rows(&csv("till").await);
    assert_eq!(
        till,
        vec![vec!["IRN".to_owned(), "1".into(), "5.00".into()]],
        "the cancelled payment is not counted"
    );
    // An entity filter counts that entity's lines.
    let imt_only = csv_rows(
        &get(
            &server,
            &format!("/painel?{RANGE}&entity=imt&csv=entities"),
            Some(&cookie),
        )
        .await
        .body,
    );
    assert_eq!(imt_only.len(), 1);
    assert_eq!(imt_only[0][1], "2");
}

#[tokio::test]
async fn spot_and_service_pages_show_their_own_figures() {
    let server = common::start(start_options()).await;
    network(&server).await;
    let cookie = signed_in(&server, "Coordenação", "coord", None).await;
    let spot = get(
        &server,
        &format!("/painel/espacos/EC-0200?{RANGE}"),
        Some(&cookie),
    )
    .await;
    assert_eq!(spot.status, StatusCode::OK, "{}", spot.body);
    assert!(spot.body.contains("Posto 1"), "its counters");
    let mediators = csv_rows(
        &get(
            &server,
            &format!("/painel/espacos/EC-0200?{RANGE}&csv=mediators"),
            Some(&cookie),
        )
        .await
        .body,
    );
    assert_eq!(
        mediators,
        vec![
            vec![
                "ana".to_owned(),
                "1".into(),
                "30.0".into(),
                "1".into(),
                "5.0".into()
            ],
            vec!["rui".to_owned(), "1".into(), "20.0".into(), "0".into(), "".into()],
        ]
    );
    let service = get(&server, &format!("/painel/servicos/{IRN}?{RANGE}"), Some(&cookie)).await;
    assert_eq!(service.status, StatusCode::OK);
    let by_spot = csv_rows(
        &get(
            &server,
            &format!("/painel/servicos/{IRN}?{RANGE}&csv=spots"),
            Some(&cookie),
        )
        .await
        .body,
    );
    assert_eq!(by_spot.len(), 2, "{by_spot:?}");
}

#[tokio::test]
async fn every_page_passes_the_accessibility_check_in_both_languages() {
    let server = common::start(start_options()).await;
    network(&server).await;
    let cookie = signed_in(&server, "Coordenação", "coord", None).await;
    let braga = enrolled(&server, "EC-0200", 3).await;
    let ticket = Ticket {
        device: braga.1,
        ended_at: now_ms(),
    }
    .issue(&braga.2);
    for lang in ["pt", "en"] {
        let pages = [
            get(&server, &format!("/painel/entrar?lang={lang}"), None).await,
            get(&server, &format!("/painel?{RANGE}&lang={lang}"), Some(&cookie)).await,
            get(
                &server,
                &format!("/painel/espacos/EC-0200?{RANGE}&lang={lang}"),
                Some(&cookie),
            )
            .await,
            get(
                &server,
                &format!("/painel/servicos/{IRN}?{RANGE}&lang={lang}"),
                Some(&cookie),
            )
            .await,
            get(&server, &format!("/painel?from=nada&lang={lang}"), Some(&cookie)).await,
            get(&server, &format!("/q/{ticket}?lang={lang}"), None).await,
            post(
                &server,
                &format!("/q/{ticket}?lang={lang}"),
                None,
                &[("comment", "912345678"), ("lang", lang)],
            )
            .await,
            get(&server, &format!("/q/nada?lang={lang}"), None).await,
        ];
        for page in pages {
            let problems = balcao_web::a11y::check(&page.body);
            assert!(problems.is_empty(), "{lang} {}: {problems:?}", page.status);
            assert_eq!(page.headers["content-security-policy"], balcao_central::web::CSP);
        }
    }
}

#[tokio::test]
async fn the_rollups_equal_the_statistics_rows_they_summarise() {
    let server = common::start(start_options()).await;
    network(&server).await;
    let client = server.pool.get().await.unwrap();
    let pairs = [
        (
            "SELECT count(*)::int8 FROM stat_attendances",
            "SELECT sum(attendances)::int8 FROM roll_day",
        ),
        (
            "SELECT count(*)::int8 FROM stat_lines",
            "SELECT sum(lines)::int8 FROM roll_day",
        ),
        (
            "SELECT count(*)::int8 FROM stat_lines",
            "SELECT sum(lines)::int8 FROM roll_service",
        ),
        (
            "SELECT count(*)::int8 FROM stat_lines",
            "SELECT sum(lines)::int8 FROM roll_net_service",
        ),
        (
            "SELECT count(*)::int8 FROM stat_lines WHERE outcome = 'concluido'",
            "SELECT sum(concluido)::int8 FROM roll_net_service",
        ),
        (
            "SELECT sum(duration_ms)::int8 FROM stat_lines",
            "SELECT sum(line_ms_sum)::int8 FROM roll_service",
        ),
        (
            "SELECT count(*)::int8 FROM stat_attendances",
            "SELECT sum(attendances)::int8 FROM roll_net_hour",
        ),
        (
            "SELECT count(*)::int8 FROM survey_answers",
            "SELECT sum(answers)::int8 FROM roll_survey",
        ),
        (
            "SELECT sum(satisfaction)::int8 FROM survey_answers",
            "SELECT sum(satisfaction)::int8 FROM roll_survey",
        ),
        (
            "SELECT count(*)::int8 FROM stat_attendances",
            "SELECT sum(attendances)::int8 FROM roll_month",
        ),
        (
            "SELECT count(*)::int8 FROM stat_attendances",
            "SELECT sum(attendances)::int8 FROM roll_net_day",
        ),
        (
            "SELECT count(*)::int8 FROM stat_lines",
            "SELECT sum(lines)::int8 FROM roll_month",
        ),
        (
            "SELECT count(*)::int8 FROM stat_lines",
            "SELECT sum(lines)::int8 FROM roll_net_day",
        ),
        (
            "SELECT count(*)::int8 FROM stat_lines",
            "SELECT sum(lines)::int8 FROM roll_entity_month",
        ),
        (
            "SELECT count(*)::int8 FROM survey_answers",
            "SELECT sum(answers)::int8 FROM roll_survey_month",
        ),
        (
            "SELECT count(DISTINCT (s.device_id, s.ended_at, l.entity_id))::int8 FROM survey_answers s \
             JOIN stat_attendances a USING (device_id, ended_at) JOIN stat_lines l USING (attendance_id)",
            "SELECT count(*)::int8 FROM survey_by_entity",
        ),
        (
            "SELECT count(DISTINCT (s.device_id, s.ended_at, l.service_id))::int8 FROM survey_answers s \
             JOIN stat_attendances a USING (device_id, ended_at) JOIN stat_lines l USING (attendance_id)",
            "SELECT count(*)::int8 FROM survey_by_service",
        ),
        (
            "SELECT sum(collected_cents)::int8 FROM stat_payments p \
             WHERE NOT EXISTS (SELECT 1 FROM stat_cancellations c WHERE c.payment_id = p.payment_id)",
            "SELECT sum(cents)::int8 FROM roll_net_till",
        ),
    ];
    for (raw, rolled) in pairs {
        let a: Option<i64> = client.query_one(raw, &[]).await.unwrap().get(0);
        let b: Option<i64> = client.query_one(rolled, &[]).await.unwrap().get(0);
        assert_eq!(a, b, "{raw} vs {rolled}");
        assert!(a.unwrap_or(0) > 0, "{raw} counts something");
    }
}

/// A precondition of the stripe tests: spots `a` and `b` add to different stripes of the network's rows.
async fn assert_other_stripes(client: &tokio_postgres::Client, a: &str, b: &str) {
    let stripes = client
        .query_one("SELECT balcao_stripe($1), balcao_stripe($2)", &[&a, &b])
        .await
        .unwrap();
    assert_ne!(
        stripes.get::<_, i16>(0),
        stripes.get::<_, i16>(1),
        "the test needs two spots of different stripes"
    );
}

/// Every counter adds to the network's rows of the day. Were there one such row, a transaction would
/// hold it from its upsert to its commit and 900 counters syncing at once would queue behind each
/// other (`scripts/bench-sync`, "compressed": p50 417 ms). Two spots of different stripes must not wait.
#[tokio::test]
async fn two_spots_adding_to_the_same_day_do_not_wait_for_each_other() {
    let server = common::start(start_options()).await;
    network(&server).await;
    let mut first = server.pool.get().await.unwrap();
    let mut second = server.pool.get().await.unwrap();
    assert_other_stripes(&first, "EC-0200", "EC-0201").await;
    // What ingest's statistics do for one ended attendance: the triggers upsert every rollup.
    let add = |attendance: &str, spot: &str| {
        format!(
            "INSERT INTO stat_attendances (attendance_id, record_id, spot_code, day, started_at, ended_at, hour) \
             SELECT '{attendance}', id, '{spot}', '2026-11-02', 0, 60000, 10 FROM records \
             WHERE spot_code = '{spot}' LIMIT 1"
        )
    };
    let one = first.transaction().await.unwrap();
    assert_eq!(one.execute(&add("held-a", "EC-0200"), &[]).await.unwrap(), 1);
    // The first transaction is still open, holding its rows; the second must not wait for them.
    let two = second.transaction().await.unwrap();
    two.batch_execute("SET LOCAL lock_timeout = '3s'").await.unwrap();
    let added = two.execute(&add("held-b", "EC-0201"), &[]).await;
    assert_eq!(
        added.map_err(|e| e.to_string()),
        Ok(1),
        "the second spot waited on the first"
    );
    two.commit().await.unwrap();
    one.commit().await.unwrap();
    let day: i64 = first
        .query_one(
            "SELECT sum(attendances)::int8 FROM roll_net_day WHERE day = '2026-11-02'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(
        day, 4,
        "network's day: two attendances of the fixture, two added here"
    );
}

/// The network's sums, and how many rows hold them, over its four rollups.
async fn network_sums(client: &tokio_postgres::Client) -> (Vec<i64>, i64) {
    let row = client
        .query_one(
            "SELECT (SELECT sum(attendances) FROM roll_net_day)::int8, (SELECT sum(lines) FROM roll_net_day)::int8, \
             (SELECT sum(attendances) FROM roll_net_hour)::int8, (SELECT sum(concluido) FROM roll_net_service)::int8, \
             (SELECT sum(line_ms_sum) FROM roll_net_service)::int8, (SELECT sum(cents) FROM roll_net_till)::int8, \
             (SELECT count(*) FROM roll_net_day) + (SELECT count(*) FROM roll_net_hour) \
             + (SELECT count(*) FROM roll_net_service) + (SELECT count(*) FROM roll_net_till)",
            &[],
        )
        .await
        .unwrap();
    ((0..6).map(|i| row.get::<_, i64>(i)).collect(), row.get(6))
}

#[tokio::test]
async fn folding_past_days_keeps_every_sum_in_one_row_per_key() {
    let server = common::start(start_options()).await;
    network(&server).await;
    // A third spot on the same day as Braga, of another stripe, so the day has two stripes to fold.
    admin::create_spot(&server.pool, "EC-0202", "Porto", now_ms())
        .await
        .unwrap();
    let porto = enrolled(&server, "EC-0202", 3).await;
    let d = attendance(
        "EC-0202",
        at("2026-11-02", 16, 0),
        at("2026-11-02", 16, 5),
        "rui",
        &[(IRN, "concluido", 5)],
    );
    assert_eq!(server.send(&porto.0, &[d]).await.0, 200);
    let client = server.pool.get().await.unwrap();
    assert_other_stripes(&client, "EC-0200", "EC-0202").await;
    let (sums, rows) = network_sums(&client).await;
    assert_eq!(sums[0], 4, "{sums:?}");

    // Only days before the given one fold: 2026-11-03 keeps its stripe.
    let folded = balcao_central::rollups::fold_stripes(&server.pool, Some("2026-11-03"))
        .await
        .unwrap();
    assert!(folded > 0);
    let (after, fewer) = network_sums(&client).await;
    assert_eq!(after, sums, "folding changes no sum");
    assert!(fewer < rows, "{fewer} rows after folding, {rows} before");
    let stripes: Vec<(String, i16)> = client
        .query("SELECT day::text, stripe FROM roll_net_day ORDER BY 1", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(stripes[0], ("2026-11-02".to_owned(), -1));
    assert_eq!(stripes.len(), 2, "{stripes:?}");
    assert!(stripes[1].1 >= 0, "{stripes:?}");

    // A late sync adds to a stripe of a folded day again; the next fold takes it in.
    let late = attendance(
        "EC-0202",
        at("2026-11-02", 17, 0),
        at("2026-11-02", 17, 5),
        "rui",
        &[(IMT, "pendente", 5)],
    );
    assert_eq!(server.send(&porto.0, &[late]).await.0, 200);
    assert_eq!(network_sums(&client).await.0[0], 5);
    balcao_central::rollups::fold_stripes(&server.pool, None)
        .await
        .unwrap();
    let (last, _) = network_sums(&client).await;
    assert_eq!(last[0], 5);
    let kept: i64 = client
        .query_one("SELECT count(*) FROM roll_net_day WHERE stripe >= 0", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(kept, 0, "every past day is folded");
}

#[tokio::test]
async fn a_schema_10_database_upgrades_with_its_attendances_rolled_up() {
    let url = balcao_testkit::PgCluster::shared().create_database();
    {
        let server = common::start_on(&url, &common::repo_catalogue(), start_options()).await;
        network(&server).await;
        let client = server.pool.get().await.unwrap();
        client.batch_execute(common::UNDO_SCHEMA_11).await.unwrap();
    }
    let pool = balcao_central::db::pool(&url, 2).unwrap();
    assert_eq!(balcao_central::db::migrate(&pool).await.unwrap(), vec![11]);
    let client = pool.get().await.unwrap();
    let row = client
        .query_one(
            "SELECT string_agg(mediator || ':' || hour || ':' || ((ended_at - started_at) / 60000), ',' ORDER BY mediator) \
             FROM stat_attendances",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "ana:10:30,eva:15:10,rui:11:20");
    let row = client
        .query_one(
            "SELECT string_agg(outcome || ':' || (duration_ms / 60000), ',' ORDER BY outcome, duration_ms) FROM stat_lines",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(
        row.get::<_, String>(0),
        "concluido:12,concluido:20,nao-foi-possivel:10,pendente:18"
    );
    let rolled: (i64, i64, i64) = {
        let r = client
            .query_one(
                "SELECT (SELECT sum(attendances) FROM roll_day)::int8, (SELECT sum(concluido) FROM roll_net_service)::int8, \
                 (SELECT sum(line_ms_sum) FROM roll_service)::int8 / 60000",
                &[],
            )
            .await
            .unwrap();
        (r.get(0), r.get(1), r.get(2))
    };
    assert_eq!(rolled, (3, 2, 60));
    // And the upgraded server keeps rolling up what arrives next.
    let server = common::start_on(&url, &common::repo_catalogue(), start_options()).await;
    let braga = enrolled(&server, "EC-0200", 4).await;
    let d = attendance(
        "EC-0200",
        at("2026-11-04", 9, 0),
        at("2026-11-04", 9, 5),
        "ana",
        &[(IRN, "concluido", 5)],
    );
    assert_eq!(server.send(&braga.0, &[d]).await.0, 200);
    let total: i64 = client
        .query_one("SELECT sum(attendances)::int8 FROM roll_day", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(total, 4);
}
