//! The dashboard benchmark (`scripts/bench-dashboard`): a year of one million attendances across 900
//! spots, then the time each dashboard page takes over HTTP, p50/p95/max.
//!
//! The year is written straight into the statistics tables by SQL (`records` rows with empty payloads,
//! `stat_attendances`, `stat_lines`, `survey_answers`, `stat_payments`), month by month, so loading it
//! takes a minute or two rather than the hour a million real syncs would. The rollup tables are kept by
//! the same statement triggers as at ingest, so the pages read exactly what they would after a real
//! year. The shape is plausible rather than uniform: offices open 9:00 to 17:00 on the spot's clock, one
//! line per attendance for 70 %, two for 25 %, three for 5 %, services drawn with a skew (a few are
//! most of the work, as at real counters), 70 % concluded, 15 % of citizens answer the survey, 30 % pay.
//!
//! Each page is asked `--runs` times (default 40) by a signed-in coordinator over a real TCP connection
//! to the real server; the figures are the server's answer times as the client sees them, HTML and
//! charts included.
//!
//! Then `--ingest` records (default 5 000) of one spot are posted in requests of 500 to the real
//! `POST /v1/records`: how fast the server stores a counter's sync once the tables and their rollups hold
//! a year, rather than the empty database of `scripts/bench-sync`.

// A benchmark, like the tests: a broken step should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_central::api::now_ms;
use balcao_central::{Options, admin, web};
use balcao_tests::harness::{Central, fill_outbox, outbox_as_sent, unlimited};
use std::time::{Duration, Instant};

struct Args {
    database_url: String,
    attendances: i64,
    spots: i64,
    runs: usize,
    ingest: u64,
}

fn args() -> Args {
    let mut args = Args {
        database_url: String::new(),
        attendances: 1_000_000,
        spots: 900,
        runs: 40,
        ingest: 5_000,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--database-url" => args.database_url = value,
            "--attendances" => args.attendances = value.parse().expect("--attendances N"),
            "--spots" => args.spots = value.parse().expect("--spots N"),
            "--runs" => args.runs = value.parse().expect("--runs N"),
            "--ingest" => args.ingest = value.parse().expect("--ingest N"),
            other => panic!("unknown argument {other}"),
        }
    }
    assert!(!args.database_url.is_empty(), "--database-url is required");
    args
}

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// The SQL that writes one month of attendances: `$1` the first day (days since 1970), `$2` the
/// number of days, `$3` how many attendances, `$4` how many spots.
const MONTH: &str = "
CREATE TEMP TABLE gen ON COMMIT DROP AS
SELECT gen_random_uuid() AS rid,
       1 + floor(random() * $4::int)::int AS spot_n,
       (($1::int8 + floor(random() * $2::int)::int8) * 86400000
         + 9 * 3600000 + floor(random() * 8 * 3600000)::int8) AS local_start,
       (5 + floor(random() * 35))::int8 * 60000 AS duration,
       CASE WHEN random() < 0.70 THEN 1 WHEN random() < 0.83 THEN 2 ELSE 3 END AS n_lines,
       'm' || floor(random() * 4)::int AS mediator
  FROM generate_series(1, $3::int);
CREATE TEMP TABLE gen2 ON COMMIT DROP AS
SELECT g.*, s.code, s.time_zone, d.id AS device,
       -- The start on the spot's clock, as UTC milliseconds.
       (extract(epoch FROM (to_timestamp(g.local_start / 1000.0) AT TIME ZONE 'UTC') AT TIME ZONE s.time_zone)
         * 1000)::int8 AS started
  FROM gen g JOIN bench_spots s ON s.n = g.spot_n JOIN devices d ON d.spot_code = s.code;
INSERT INTO records (id, kind, spot_code, group_id, created_at, payload, received_at, device_id)
SELECT rid, 'attendance.ended', code, rid::text, started + duration, '{}'::jsonb, started + duration, device
  FROM gen2;
INSERT INTO stat_attendances (attendance_id, record_id, spot_code, day, device_id, started_at, ended_at, hour, mediator)
SELECT rid::text, rid, code, (to_timestamp(local_start / 1000.0) AT TIME ZONE 'UTC')::date, device, started,
       started + duration, extract(hour FROM to_timestamp(local_start / 1000.0) AT TIME ZONE 'UTC'), mediator
  FROM gen2;
INSERT INTO stat_lines (attendance_id, line_no, service_id, entity_id, outcome, duration_ms)
SELECT g.rid::text, n, sv.id, sv.entity_id,
       CASE WHEN r < 0.70 THEN 'concluido' WHEN r < 0.85 THEN 'pendente' WHEN r < 0.93 THEN 'encaminhado'
            ELSE 'nao-foi-possivel' END,
       g.duration / g.n_lines
  FROM gen2 g CROSS JOIN LATERAL generate_series(0, g.n_lines - 1) n
  CROSS JOIN LATERAL (SELECT random() AS r, floor(power(random(), 2.5) * (SELECT count(*) FROM bench_services))::int AS k
                      WHERE n IS NOT NULL) x
  JOIN bench_services sv ON sv.k = x.k;
INSERT INTO survey_answers (device_id, ended_at, spot_code, day, answered_at, satisfaction, done, alone, comment)
SELECT device, started + duration, code, (to_timestamp(local_start / 1000.0) AT TIME ZONE 'UTC')::date,
       started + duration + 600000, 1 + floor(power(random(), 0.4) * 5)::int,
       (ARRAY['yes', 'yes', 'yes', 'partly', 'no'])[1 + floor(random() * 5)::int],
       (ARRAY['yes', 'yes', 'unsure', 'no'])[1 + floor(random() * 4)::int], NULL
  FROM gen2 WHERE random() < 0.15 ON CONFLICT DO NOTHING;
INSERT INTO records (id, kind, spot_code, group_id, created_at, payload, received_at, device_id)
SELECT p.pid, 'cash.payment', g.code, p.pid::text, g.started, '{}'::jsonb, g.started, g.device
  FROM gen2 g CROSS JOIN LATERAL (SELECT gen_random_uuid() AS pid WHERE g.rid IS NOT NULL) p WHERE g.n_lines > 1 OR random() < 0.2;
";

const PAYMENTS: &str = "
INSERT INTO stat_payments (payment_id, record_id, spot_code, day, service_id, entity_id, collected_cents)
SELECT r.id::text, r.id, r.spot_code, (to_timestamp(r.created_at / 1000.0) AT TIME ZONE 'UTC')::date,
       sv.id, sv.entity_id, 300 + floor(random() * 1200)::int8
  FROM records r CROSS JOIN LATERAL (SELECT floor(random() * (SELECT count(*) FROM bench_services))::int AS k WHERE r.id IS NOT NULL) x
  JOIN bench_services sv ON sv.k = x.k
 WHERE r.kind = 'cash.payment';
";

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let args = args();
    let options = Options {
        survey_days: 3650,
        ..unlimited()
    };
    let central = Central::start(&args.database_url, 0, options);
    let pool = central.pool().clone();
    let today = now_ms().div_euclid(DAY_MS);
    let first_day = today - 364;
    let start = Instant::now();
    central.block_on(async {
        let client = pool.get().await.unwrap();
        let existing: i64 = client.query_one("SELECT count(*) FROM stat_attendances", &[]).await.unwrap().get(0);
        if existing >= args.attendances / 12 * 12 {
            eprintln!("the database already holds {existing} attendances: measuring them");
            return;
        }
        client
            .batch_execute(&format!(
                "CREATE TABLE bench_spots AS SELECT n, 'EC-' || lpad(n::text, 4, '0') AS code, \
                 CASE WHEN n % 30 = 0 THEN 'Atlantic/Azores' WHEN n % 45 = 0 THEN 'Atlantic/Madeira' \
                 ELSE 'Europe/Lisbon' END AS time_zone FROM generate_series(1, {spots}) n; \
                 INSERT INTO spots (code, name, created_at, time_zone, host_entity) \
                 SELECT code, 'Espaço ' || n, 0, time_zone, 'cm-' || (n % 300) FROM bench_spots; \
                 INSERT INTO devices (id, spot_code, name, token_hash, enrolled_at, last_seen_at, app_version) \
                 SELECT gen_random_uuid(), code, 'Posto 1', sha256(code::bytea), 0, {now}, '0.1.0' FROM bench_spots; \
                 CREATE TABLE bench_services AS SELECT (row_number() OVER (ORDER BY id)) - 1 AS k, id, entity_id \
                 FROM catalogue_services;",
                spots = args.spots,
                now = now_ms(),
            ))
            .await
            .unwrap();
        let per_month = args.attendances / 12;
        for month in 0..12 {
            let month_start = Instant::now();
            let mut client = pool.get().await.unwrap();
            let tx = client.transaction().await.unwrap();
            let sql = MONTH
                .replace("$1::int8", &format!("{}::int8", first_day + month * 30))
                .replace("$2::int", &format!("{}::int", if month == 11 { 35 } else { 30 }))
                .replace("$3::int", &format!("{per_month}::int"))
                .replace("$4::int", &format!("{}::int", args.spots));
            tx.batch_execute(&sql).await.unwrap();
            tx.commit().await.unwrap();
            eprintln!(
                "month {:>2}/12 written: {per_month} attendances in {:.1} s",
                month + 1,
                month_start.elapsed().as_secs_f64()
            );
        }
        client.batch_execute(PAYMENTS).await.unwrap();
        // What the server does at its start and every quarter of an hour (`balcao_central::rollups`).
        let folding = Instant::now();
        let folded = balcao_central::rollups::fold_stripes(&pool, None).await.unwrap();
        eprintln!(
            "network rollups of past days folded: {folded} rows in {:.1} s",
            folding.elapsed().as_secs_f64()
        );
        // The fold leaves dead rows that autovacuum would clear before long; clear them now.
        client.batch_execute("VACUUM ANALYZE").await.unwrap();
    });
    let counts: Vec<i64> = central.block_on(async {
        let client = pool.get().await.unwrap();
        let mut out = Vec::new();
        for table in [
            "stat_attendances",
            "stat_lines",
            "survey_answers",
            "stat_payments",
            "roll_day",
            "roll_service",
            "roll_net_service",
        ] {
            out.push(
                client
                    .query_one(&format!("SELECT count(*) FROM {table}"), &[])
                    .await
                    .unwrap()
                    .get(0),
            );
        }
        out
    });
    println!(
        "data: {} attendances, {} lines, {} survey answers, {} payments over 365 days and {} spots \
         (rollup rows: roll_day {}, roll_service {}, roll_net_service {}); written in {:.0} s",
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        args.spots,
        counts[4],
        counts[5],
        counts[6],
        start.elapsed().as_secs_f64()
    );

    // A national coordinator, signed in through the login form's own code.
    let cookie = central.block_on(async {
        let name = format!("Bench {}", now_ms());
        admin::create_entity_token(&pool, &name, None, now_ms())
            .await
            .unwrap();
        web::session::set_password(
            &pool,
            &name,
            &name.replace(' ', "-"),
            "Correto-Cavalo-Bateria-9",
            now_ms(),
        )
        .await
        .unwrap();
        let token = web::session::login(
            &pool,
            &name.replace(' ', "-"),
            "Correto-Cavalo-Bateria-9",
            now_ms(),
        )
        .await
        .unwrap()
        .unwrap();
        format!("{}={token}", web::session::COOKIE)
    });
    let year_from = web::dashboard::civil_date(first_day);
    let to = web::dashboard::civil_date(today);
    let year = format!("from={year_from}&to={to}");
    let pages = [
        ("overview, last 30 days (the default)", "/painel".to_owned()),
        ("overview, 365 days", format!("/painel?{year}")),
        (
            "overview, 365 days, one entity",
            format!("/painel?{year}&entity=irn"),
        ),
        (
            "overview, 365 days, one service",
            format!("/painel?{year}&service=irn-alterar-morada-cartao-cidadao"),
        ),
        ("spot page, last 30 days", "/painel/espacos/EC-0042".to_owned()),
        ("spot page, 365 days", format!("/painel/espacos/EC-0042?{year}")),
        (
            "service page, 365 days",
            format!("/painel/servicos/irn-alterar-morada-cartao-cidadao?{year}"),
        ),
        (
            "CSV of the spots table, 365 days",
            format!("/painel?{year}&csv=spots"),
        ),
    ];
    let http = reqwest::Client::new();
    println!(
        "{:<44} {:>8} {:>8} {:>8} {:>9}",
        "page", "p50 ms", "p95 ms", "max ms", "bytes"
    );
    for (name, path) in pages {
        let url = format!("{}{path}", central.base);
        let mut times = Vec::with_capacity(args.runs);
        let mut bytes = 0;
        for run in 0..=args.runs {
            let begun = Instant::now();
            let body = central.block_on(async {
                let response = http.get(&url).header("cookie", &cookie).send().await.unwrap();
                assert_eq!(response.status(), 200, "{url}");
                response.bytes().await.unwrap()
            });
            // The first run warms the connection and PostgreSQL's caches; it is not counted.
            if run > 0 {
                times.push(begun.elapsed());
            }
            bytes = body.len();
        }
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{name:<44} {:>8.1} {:>8.1} {:>8.1} {bytes:>9}",
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.95)),
            ms(*times.last().unwrap())
        );
    }

    // A counter's sync into the year: the devices above were made with their spot's code as token.
    let spot = "EC-0042";
    let mut outbox = balcao_store::Store::open_in_memory().unwrap();
    fill_outbox(&mut outbox, spot, args.ingest, 7);
    let records = outbox_as_sent(&outbox, spot);
    let mut times = Vec::new();
    let started = Instant::now();
    for chunk in records.chunks(500) {
        let begun = Instant::now();
        central.block_on(async {
            let response = http
                .post(format!("{}/v1/records", central.base))
                .bearer_auth(spot)
                .json(&serde_json::json!({ "records": chunk }))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
        });
        times.push(begun.elapsed());
    }
    let total = started.elapsed();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "ingest into the year: {} records of {spot} in {} requests in {:.2} s: {:.0} records/s; a request p50 \
         {:.1} ms, max {:.1} ms",
        records.len(),
        times.len(),
        total.as_secs_f64(),
        records.len() as f64 / total.as_secs_f64(),
        ms(percentile(&times, 0.5)),
        ms(*times.last().unwrap())
    );
}
