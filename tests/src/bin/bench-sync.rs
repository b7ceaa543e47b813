//! The sync benchmark (`scripts/bench-sync`): how fast a counter's backlog reaches the central, how the
//! server's ingest compares with PostgreSQL's own bulk load, and how the server answers the whole country
//! syncing at once.
//!
//! Everything is real and on this machine: PostgreSQL (the database `--database-url` names, which must be
//! empty; `scripts/bench-sync` makes one on a cluster with the default, durable settings, since the
//! throwaway test cluster used without the option runs with `fsync` off), the real `balcao-central`
//! router on 127.0.0.1, the real sync worker over a real SQLite store written by `simulate_days`.
//!
//! 1. **Drain**: a counter with at least `--records` records waiting (10 000 by default) starts its
//!    worker; the time until its outbox is empty gives records per second, end to end (read from SQLite,
//!    JSON, HTTP over loopback, the server's transaction, the deletion of the rows).
//! 2. **Ingest vs `COPY`**: the same number of records of another counter are posted straight to
//!    `POST /v1/records` in batches of 500, one request at a time (the server's ingest rate without a
//!    client-side store; the request bodies are written before the clock starts); then the rows the server stored are exported and loaded with a server-side
//!    `COPY` into a table made `LIKE records INCLUDING ALL`. The ratio says what the server's per-record
//!    judgement, deduplication and derived statistics cost over a raw bulk load. Three rounds, each with
//!    a spot of its own and a `COPY` of its own rows; the median ratio is the figure.
//! 3. **900 counters every 30 s**: 900 enrolled devices (one spot each) each post one small batch (an
//!    attendance with a payment, about ten records) per period, their posts spread evenly over the
//!    period, each on a fresh TCP connection as separate PCs would open. Two periods on the real 30-s
//!    schedule, then one period compressed tenfold (the same 900 posts in 3 s) as a stress figure.
//!    Latency is from sending the request to having read the whole answer; anything but a 200 with every
//!    record `stored` is an error.
//!
//! Options: `--database-url URL`, `--records N`, `--counters N`, `--period SECONDS`, `--periods N`.

// A benchmark run by hand: a broken setup should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_store::Store;
use balcao_sync::TokenStore;
use balcao_sync::client::Record;
use balcao_testkit::{PgCluster, TempDir};
use balcao_tests::harness::{
    Central, enroll, enrollment_code, fast_timing, fill_outbox, outbox_as_sent, start_worker, unlimited,
    wait_until, worker_config,
};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Args {
    database_url: Option<String>,
    records: u64,
    counters: u64,
    period: u64,
    periods: u64,
}

fn args() -> Args {
    let mut args = Args {
        database_url: None,
        records: 10_000,
        counters: 900,
        period: 30,
        periods: 2,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--database-url" {
            args.database_url = Some(it.next().expect("--database-url needs a URL"));
            continue;
        }
        let value: u64 = it
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{flag} needs a number"));
        match flag.as_str() {
            "--records" => args.records = value,
            "--counters" => args.counters = value,
            "--period" => args.period = value,
            "--periods" => args.periods = value,
            _ => panic!("unknown option {flag} (--database-url, --records, --counters, --period, --periods)"),
        }
    }
    args
}

/// A percentile of sorted durations, in milliseconds.
fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1].as_secs_f64() * 1000.0
}

/// How many paired rounds of ingest and `COPY` step 2 runs.
const INGEST_ROUNDS: usize = 3;

/// Posts `records` of `spot` (which this enrols) to the server in batches of 500, one request at a time,
/// then loads the rows it stored into a fresh table with a server-side `COPY`; returns both times and the
/// rows copied.
fn ingest_and_copy(
    central: &Central,
    spot: &str,
    records: &[Record],
    round: usize,
) -> (Duration, Duration, u64) {
    let token = {
        let tokens = TokenStore::new("balcao-bench", spot);
        let dir = TempDir::new("balcao-bench-ingest");
        let mut enrolled = Store::open(&dir.path().join("ingest.sqlite3")).unwrap();
        enroll(central, &mut enrolled, spot, &tokens, None)
    };
    // The bodies are made before the clock starts, as the file `COPY` reads is: what is timed is the
    // server's work and the exchange, not the benchmark's own JSON writing.
    let bodies: Vec<Vec<u8>> = records
        .chunks(500)
        .map(|chunk| serde_json::to_vec(&json!({ "records": chunk })).unwrap())
        .collect();
    central.block_on(async {
        let http = reqwest::Client::new();
        let started = Instant::now();
        for body in bodies {
            let response = http
                .post(format!("{}/v1/records", central.base))
                .bearer_auth(&token)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            let body: Value = response.json().await.unwrap();
            assert!(
                body["results"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|r| r["status"] == "stored")
            );
        }
        let ingest = started.elapsed();
        let client = central.pool().get().await.unwrap();
        let file = std::env::temp_dir().join(format!("balcao-bench-copy-{}.tsv", std::process::id()));
        let file = file.display().to_string();
        client
            .batch_execute(&format!(
                "CREATE TABLE records_copy_{round} (LIKE records INCLUDING ALL); \
                 COPY (SELECT * FROM records WHERE spot_code = '{spot}') TO '{file}';"
            ))
            .await
            .unwrap();
        let started = Instant::now();
        let rows = client
            .execute(&format!("COPY records_copy_{round} FROM '{file}'"), &[])
            .await
            .unwrap();
        let copy = started.elapsed();
        let _ = std::fs::remove_file(&file);
        (ingest, copy, rows)
    })
}

fn main() {
    let args = args();
    // The throwaway test cluster runs without fsync; `scripts/bench-sync` passes a durable one instead.
    let cluster = args.database_url.is_none().then(PgCluster::start);
    let db_url = match (&args.database_url, &cluster) {
        (Some(url), _) => url.clone(),
        (None, Some(cluster)) => cluster.create_database(),
        (None, None) => unreachable!("a cluster is started when no URL is given"),
    };
    let central = Central::start(&db_url, 0, unlimited());
    central.block_on(async {
        let client = central.pool().get().await.unwrap();
        let show = |name: &'static str| {
            let client = &client;
            async move { client.query_one(&format!("SHOW {name}"), &[]).await.unwrap().get::<_, String>(0) }
        };
        println!(
            "PostgreSQL: fsync = {}, synchronous_commit = {}; server rate limit lifted; everything on 127.0.0.1",
            show("fsync").await,
            show("synchronous_commit").await
        );
    });

    // 1. Drain a counter's backlog through the real worker.
    let dir = TempDir::new("balcao-bench-sync");
    let db = dir.path().join("balcao.sqlite3");
    let spot = "EC-BENCH";
    let mut store = Store::open(&db).unwrap();
    let writing = Instant::now();
    fill_outbox(&mut store, spot, args.records, 1);
    let waiting = store.outbox_len().unwrap();
    println!(
        "\n[1] drain: {waiting} records written by simulate_days in {:.1} s",
        writing.elapsed().as_secs_f64()
    );
    let tokens = TokenStore::new("balcao-bench", spot);
    enroll(&central, &mut store, spot, &tokens, None);
    let (timing, _) = fast_timing(1, Duration::from_millis(5));
    let started = Instant::now();
    let worker = start_worker(worker_config(
        &db,
        spot,
        &tokens,
        timing,
        balcao_sync::drain::MAX_BATCH,
    ));
    assert!(wait_until(Duration::from_secs(600), || store
        .outbox_len()
        .unwrap()
        == 0));
    let drain = started.elapsed();
    worker.stop();
    println!(
        "    drained {waiting} records in {:.2} s: {:.0} records/s (batches of {})",
        drain.as_secs_f64(),
        waiting as f64 / drain.as_secs_f64(),
        balcao_sync::drain::MAX_BATCH
    );

    // 2. The server's ingest rate, and a raw COPY of the same rows, in paired rounds: one COPY of 10 000
    // rows takes 0.1 to 0.2 s and its time alone varied by half from run to run, so each round pairs an
    // ingest with a COPY of the very rows it stored, and the median round is the figure.
    let mut rounds = Vec::with_capacity(INGEST_ROUNDS);
    let mut records = Vec::new();
    for round in 1..=INGEST_ROUNDS {
        let spot2 = format!("EC-INGEST-{round}");
        let mut memory = Store::open_in_memory().unwrap();
        fill_outbox(&mut memory, &spot2, args.records, 2);
        records = outbox_as_sent(&memory, &spot2);
        let (ingest, copy, rows) = ingest_and_copy(&central, &spot2, &records, round);
        println!(
            "{} ingest: {} records posted in batches of 500 in {:.2} s: {:.0} records/s; COPY of the same {rows} \
             rows into an identical table: {:.3} s: {:.0} rows/s; ingest at 1/{:.1} of COPY's rate",
            if round == 1 { "\n[2]" } else { "   " },
            records.len(),
            ingest.as_secs_f64(),
            records.len() as f64 / ingest.as_secs_f64(),
            copy.as_secs_f64(),
            rows as f64 / copy.as_secs_f64(),
            ingest.as_secs_f64() / copy.as_secs_f64()
        );
        rounds.push(ingest.as_secs_f64() / copy.as_secs_f64());
    }
    rounds.sort_by(f64::total_cmp);
    println!(
        "    median of {INGEST_ROUNDS} rounds: the server ingests at 1/{:.1} of COPY's rate",
        rounds[rounds.len() / 2]
    );

    // 3. 900 counters posting every 30 s.
    let template: Vec<Record> = {
        let first = records.iter().find(|r| r.kind == "cash.payment").unwrap();
        let attendance = first.group_id.clone();
        records
            .iter()
            .filter(|r| r.group_id == attendance || r.payload["attendance_id"] == json!(attendance))
            .cloned()
            .collect()
    };
    let template_text = serde_json::to_string(&template).unwrap();
    let mut old_ids: Vec<String> = template.iter().map(|r| r.id.clone()).collect();
    old_ids.push(template[0].group_id.clone());
    old_ids.extend(
        template
            .iter()
            .filter(|r| r.kind == "cash.payment")
            .map(|r| r.payload["id"].as_str().unwrap().to_owned()),
    );
    old_ids.sort();
    old_ids.dedup();
    println!(
        "\n[3] {} counters, each posting {} records every {} s",
        args.counters,
        template.len(),
        args.period
    );
    let enrolling = Instant::now();
    let tokens: Vec<(String, String)> = central.block_on(async {
        let http = reqwest::Client::new();
        let mut tokens = Vec::new();
        for i in 0..args.counters {
            let spot = format!("EC-C{i:04}");
            let code = enrollment_code(central.pool(), &spot).await;
            let response = http
                .post(format!("{}/v1/enroll", central.base))
                .json(&json!({"code": code, "device_name": format!("Balcão {spot}")}))
                .send()
                .await
                .unwrap();
            let body: Value = response.json().await.unwrap();
            tokens.push((spot, body["token"].as_str().unwrap().to_owned()));
        }
        tokens
    });
    println!(
        "    {} devices enrolled in {:.1} s",
        tokens.len(),
        enrolling.elapsed().as_secs_f64()
    );
    let tokens = Arc::new(tokens);
    let mut serial = 0u64;
    let mut schedule = |period: Duration| {
        let load = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let counters = tokens.len() as u32;
        let bodies: Vec<String> = tokens
            .iter()
            .map(|(spot, _)| {
                let mut text = template_text.replace(&template[0].spot, spot);
                for old in &old_ids {
                    serial += 1;
                    let new = format!(
                        "0190b7a0-{:04x}-7{:03x}-8{:03x}-{:012x}",
                        serial >> 24,
                        (serial >> 12) & 0xfff,
                        serial & 0xfff,
                        serial
                    );
                    text = text.replace(old.as_str(), &new);
                }
                format!("{{\"records\":{text}}}")
            })
            .collect();
        let tokens = Arc::clone(&tokens);
        let base = central.base.clone();
        load.block_on(async move {
            // A fresh connection for every post, as 900 separate PCs would open.
            let http = reqwest::Client::builder()
                .pool_max_idle_per_host(0)
                .build()
                .unwrap();
            let started = tokio::time::Instant::now();
            let mut tasks = Vec::new();
            for (i, body) in bodies.into_iter().enumerate() {
                let at = started + period.mul_f64(i as f64 / f64::from(counters));
                let http = http.clone();
                let token = tokens[i].1.clone();
                let url = format!("{base}/v1/records");
                tasks.push(tokio::spawn(async move {
                    tokio::time::sleep_until(at).await;
                    let sent = Instant::now();
                    let outcome = async {
                        let response = http
                            .post(url)
                            .bearer_auth(token)
                            .header("content-type", "application/json")
                            .body(body)
                            .send()
                            .await
                            .ok()?;
                        let status = response.status();
                        let body: Value = response.json().await.ok()?;
                        let all_stored = body["results"]
                            .as_array()?
                            .iter()
                            .all(|r| r["status"] == "stored");
                        (status == 200 && all_stored).then_some(())
                    }
                    .await;
                    (sent.elapsed(), outcome.is_some())
                }));
            }
            let mut latencies = Vec::new();
            let mut errors = 0;
            for task in tasks {
                let (latency, ok) = task.await.unwrap();
                latencies.push(latency);
                errors += usize::from(!ok);
            }
            latencies.sort();
            (latencies, errors, started.elapsed())
        })
    };
    let report = |label: &str, latencies: &[Duration], errors: usize, took: Duration| {
        println!(
            "    {label}: {} posts in {:.1} s ({:.0}/s): p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms; \
             {errors} errors",
            latencies.len(),
            took.as_secs_f64(),
            latencies.len() as f64 / took.as_secs_f64(),
            percentile(latencies, 50.0),
            percentile(latencies, 95.0),
            percentile(latencies, 99.0),
            percentile(latencies, 100.0),
        );
    };
    let mut all = Vec::new();
    let mut all_errors = 0;
    for period in 0..args.periods {
        let (latencies, errors, took) = schedule(Duration::from_secs(args.period));
        report(&format!("period {}", period + 1), &latencies, errors, took);
        all.extend(latencies);
        all_errors += errors;
    }
    all.sort();
    report(
        &format!("all {} periods", args.periods),
        &all,
        all_errors,
        Duration::from_secs(args.period * args.periods),
    );
    let (latencies, errors, took) = schedule(Duration::from_secs(args.period).div_f64(10.0));
    report("compressed 10x", &latencies, errors, took);
    drop(central);
    drop(cluster);
}
