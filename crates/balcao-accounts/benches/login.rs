//! What a login costs: verifying a password against its argon2id hash (OWASP parameters), as the
//! counter does at each login and unlock. Prints p50/p95 in milliseconds.
//!
//! `cargo bench -p balcao-accounts --bench login [-- ITERATIONS]`

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

fn main() {
    let iterations: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100);
    let phc = balcao_accounts::hash_secret("montanha-azul-42").unwrap();
    let mut samples: Vec<Duration> = (0..iterations)
        .map(|i| {
            let started = Instant::now();
            // Alternate right and wrong passwords: both cost the same, by design.
            let ok =
                balcao_accounts::verify_secret(if i % 2 == 0 { "montanha-azul-42" } else { "errada" }, &phc);
            let elapsed = started.elapsed();
            assert_eq!(ok, i % 2 == 0);
            elapsed
        })
        .collect();
    samples.sort();
    let at = |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1e3;
    println!(
        "login (argon2id verify, m=19456 KiB, t=2, p=1): p50 {:.1} ms, p95 {:.1} ms, n = {iterations}",
        at(0.5),
        at(0.95)
    );
}
