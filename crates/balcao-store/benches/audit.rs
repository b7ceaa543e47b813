//! What the audit trail costs a mediator: the latency of a real action (one record, its outbox row
//! and its signed audit entry, committed with `synchronous=FULL` on a file), and the signing and
//! verifying alone. Prints p50/p95 in microseconds; `scripts/bench-audit` also counts the fsyncs.
//!
//! `cargo bench -p balcao-store --bench audit [-- ITERATIONS]`

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use balcao_audit::{DeviceKey, Draft, Head};
use balcao_core::attendance::{Origin, UtcMillis};
use balcao_store::Store;
use std::time::{Duration, Instant};

fn percentiles(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let at = |p: f64| {
        let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
        samples[i].as_secs_f64() * 1e6
    };
    (at(0.50), at(0.95))
}

fn main() {
    let iterations: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(2000);
    let dir = std::env::temp_dir().join(format!("balcao-bench-audit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut store = Store::open(&dir.join("balcao.sqlite3")).unwrap();
    let key = DeviceKey::generate().unwrap();
    store.set_audit_key(Some(key.clone())).unwrap();
    let origin = Origin {
        spot: "EC-0420".into(),
        counter: "1".into(),
        mediator: "ana.sousa".into(),
    };
    let mut now = 1_767_225_600_000;
    let a = store.begin_attendance(origin, UtcMillis(now)).unwrap();
    store
        .add_service(&a.id, "imt-revalidar-carta-conducao", UtcMillis(now))
        .unwrap();

    // A mediator's action: moving the guide one step (one record, one entry, one commit).
    let mut action = Vec::with_capacity(iterations);
    for i in 0..iterations {
        now += 1_000;
        let started = Instant::now();
        store.set_step(&a.id, 0, i % 8, UtcMillis(now)).unwrap();
        action.push(started.elapsed());
    }
    let (p50, p95) = percentiles(action);
    println!(
        "action (record + outbox + signed audit entry, one commit, fsync): p50 {p50:.0} us, p95 {p95:.0} us, n = {iterations}"
    );

    // Signing alone: building and signing the next entry.
    let draft = Draft {
        at: now,
        mediator: "ana.sousa".into(),
        action: "line.step".into(),
        record_ids: vec!["0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b".into(), a.id.clone()],
        payload_hash: balcao_audit::payload_hash(r#"{"id":"x","lines":[]}"#).unwrap(),
    };
    let head = store.audit_head().unwrap();
    let mut sign = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let started = Instant::now();
        std::hint::black_box(head.append(draft.clone(), Some(&key)));
        sign.push(started.elapsed());
    }
    let (p50, p95) = percentiles(sign);
    println!("sign one entry: p50 {p50:.1} us, p95 {p95:.1} us");

    // Verifying the whole chain, per entry (what the central and `balcao audit verify` do).
    let entries = store.audit_entries(0, usize::MAX >> 1).unwrap();
    let started = Instant::now();
    let verified = balcao_audit::verify_chain(Head::EMPTY, &entries, &key.public()).unwrap();
    let per_entry = started.elapsed().as_secs_f64() * 1e6 / entries.len() as f64;
    println!("verify: {} entries, {per_entry:.1} us per entry", verified.seq);
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}
